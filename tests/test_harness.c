/*
 * test_harness.c — the outputs of real harnesses, read with no flags.
 *
 * Every file under fixtures/harness/ follows the structure of a real
 * file or of the harness code that writes it (fixtures/README.md); the
 * expected n, errors, median, p95 and CV come from
 * tests/oracle/harness_oracle.py, which reads each file with a parser of
 * its own and computes with numpy, into tests/expected/harnesses.json.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include "../ingest/ingest.h"

#define REL 1e-9

static yajl_val
cells_of(yajl_val doc)
{
	const char *path[] = {"cells", NULL};

	return jget(doc, path, yajl_t_array);
}

static yajl_val
input_of(yajl_val doc, size_t i)
{
	const char *path[] = {"inputs", NULL};

	return YAJL_GET_ARRAY(jget(doc, path, yajl_t_array))->values[i];
}

static const char *
jstr(yajl_val v, const char *key)
{
	const char *path[] = {key, NULL};
	yajl_val s = yajl_tree_get(v, path, yajl_t_string);

	return s ? YAJL_GET_STRING(s) : NULL;
}

/* The cell's group values joined by "/", in the JSON's order: the
 * oracle's keys. */
static void
cell_key(yajl_val cell, char *buf, size_t size)
{
	const char *path[] = {"group", NULL};
	yajl_val g = yajl_tree_get(cell, path, yajl_t_object);
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; g && i < YAJL_GET_OBJECT(g)->len; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? "/" : "",
		                      YAJL_GET_STRING(YAJL_GET_OBJECT(g)->values[i]));
}

static double
stat_of(yajl_val cell, const char *key)
{
	const char *ts[] = {"ttft_s", key, NULL}, *top[] = {key, NULL};
	yajl_val v = yajl_tree_get(cell, ts, yajl_t_number);

	if (v == NULL)
		v = yajl_tree_get(cell, top, yajl_t_number);
	return v ? YAJL_GET_DOUBLE(v) : NAN;
}

/* ==== the oracle ==== */

static void
every_harness_file_reads_as_the_oracle_says(void **state)
{
	char *text = slurp("tests/expected/harnesses.json", NULL);
	yajl_val want = jparse(text);
	size_t files = 0;

	(void)state;
	for (size_t f = 0; f < YAJL_GET_OBJECT(want)->len; f++) {
		const char *path = YAJL_GET_OBJECT(want)->keys[f];
		yajl_val w = YAJL_GET_OBJECT(want)->values[f];
		const char *cp[] = {"cells", NULL}, *ep[] = {"error", NULL};
		yajl_val wcells = yajl_tree_get(w, cp, yajl_t_object);
		yajl_val werr = yajl_tree_get(w, ep, yajl_t_number);
		struct run r;

		run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out",
		         "json", path, NULL);
		files++;
		if (werr != NULL) {
			/* aggregate-only outputs and unusable ones: 65, and why */
			if (r.status != 65 || !contains(r.err, jstr(w, "says")))
				fail_msg("%s: exit %d, stderr %s", path, r.status, r.err);
			run_free(&r);
			continue;
		}
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", path, r.status, r.err);
		yajl_val got = jparse(r.out), gc = cells_of(got);
		/* production traces: the records that are no TTFT sample
		 * (non-streaming calls, LiteLLM's first-token fallback) are
		 * rejected and counted, the ones that are no model call
		 * (framework wrappers, other spans and observations) filtered */
		{
			const char *rp[] = {"rejected", NULL}, *fp[] = {"filtered", NULL};
			const char *ip[] = {"inputs", NULL};
			yajl_val wr = yajl_tree_get(w, rp, yajl_t_number);
			if (wr != NULL) {
				yajl_val in = YAJL_GET_ARRAY(yajl_tree_get(got, ip,
				                             yajl_t_array))->values[0];
				yajl_val wf = yajl_tree_get(w, fp, yajl_t_number);
				if (jget_num(in, "rejected") != YAJL_GET_DOUBLE(wr) ||
				    jget_num(in, "filtered") != YAJL_GET_DOUBLE(wf))
					fail_msg("%s: rejected %g filtered %g, the oracle %g %g",
					         path, jget_num(in, "rejected"),
					         jget_num(in, "filtered"), YAJL_GET_DOUBLE(wr),
					         YAJL_GET_DOUBLE(wf));
			}
		}
		if (YAJL_GET_ARRAY(gc)->len != YAJL_GET_OBJECT(wcells)->len)
			fail_msg("%s: %zu cells, the oracle has %zu", path,
			         YAJL_GET_ARRAY(gc)->len, YAJL_GET_OBJECT(wcells)->len);
		for (size_t i = 0; i < YAJL_GET_ARRAY(gc)->len; i++) {
			yajl_val c = YAJL_GET_ARRAY(gc)->values[i], wc = NULL;
			char key[512], what[700];
			cell_key(c, key, sizeof key);
			for (size_t k = 0; k < YAJL_GET_OBJECT(wcells)->len; k++)
				if (strcmp(YAJL_GET_OBJECT(wcells)->keys[k], key) == 0)
					wc = YAJL_GET_OBJECT(wcells)->values[k];
			if (wc == NULL)
				fail_msg("%s: cell '%s' is not the oracle's", path, key);
			snprintf(what, sizeof what, "%s %s", path, key);
			assert_int_equal(jget_num(c, "n"), jget_num(wc, "n"));
			assert_int_equal(jget_num(c, "errors"), jget_num(wc, "errors"));
			if (jget_num(wc, "n") >= 1) {
				assert_close(stat_of(c, "median"), jget_num(wc, "median"),
				             REL, what);
				assert_close(stat_of(c, "p95"), jget_num(wc, "p95"), REL,
				             what);
			}
			if (jget_num(wc, "n") >= 2)
				assert_close(stat_of(c, "cv_pct"), jget_num(wc, "cv_pct"),
				             REL, what);
		}
		yajl_tree_free(got);
		run_free(&r);
	}
	assert_true(files >= 40);
	yajl_tree_free(want);
	free(text);
}

/* inputs[] says which harness and layout were recognised. */
static void
each_input_names_its_harness_and_layout(void **state)
{
	static const struct {
		const char *file, *preset, *layout;
	} cases[] = {
		{"aiperf/0.1/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
		 "profile_export.jsonl", "aiperf",
		 "0.1.x: metrics.ttft, metadata.timestamp_ns"},
		{"aiperf/0.2/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
		 "profile_export.jsonl", "aiperf",
		 "metrics.time_to_first_token, metadata.request_start_ns"},
		{"guidellm/0.3/benchmarks.json", "guidellm", "0.2-0.3"},
		{"guidellm/0.5/benchmarks.json", "guidellm", "0.4-0.6"},
		{"guidellm/0.7/benchmarks.yaml", "guidellm",
		 "0.7+ (metadata.version 2)"},
		{"llm-load-test/v2/output.json", "llm-load-test",
		 "v2 (2024-01): TTFT, TT_ack, TPOT"},
		{"vllm/vllm-infqps-Llama-3.1-8B-Instruct-20250112-093000.json",
		 "vllm", "benchmark_serving.py (no start times)"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char path[300];
		struct run r;
		snprintf(path, sizeof path, "fixtures/harness/%s", cases[i].file);
		run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out",
		         "json", path, NULL);
		assert_int_equal(r.status, 0);
		yajl_val doc = jparse(r.out), in = input_of(doc, 0);
		assert_string_equal(jstr(in, "preset"), cases[i].preset);
		assert_string_equal(jstr(in, "layout"), cases[i].layout);
		yajl_tree_free(doc);
		run_free(&r);
		/* and text says it once, beside the input's counts */
		run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
		assert_true(contains(r.out, cases[i].preset));
		run_free(&r);
	}
}

/* --ttft, --unit, --status and --set win over what each harness says. */
static void
explicit_options_win_over_every_preset(void **state)
{
	static const struct {
		const char *file, *field;
		double value;           /* every record's value of field */
	} ttft[] = {
		{"llmperf/meta-llama-Llama-2-7b-chat-hf_550_150_individual_"
		 "responses.json", "number_input_tokens", 550},
		{"vllm/openai-chat-infqps-concurrency1-Llama-3.1-8B-Instruct-"
		 "20260309-140000.json", "input_lens", 550},
		{"sglang/sglang_0309_30_random.jsonl", "input_lens", 550},
		{"aiperf/0.2/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
		 "profile_export.jsonl", "metrics.input_sequence_length.value", 550},
		{"guidellm/0.5/benchmarks.json", "prompt_tokens", 550},
		{"llm-load-test/output.json", "input_tokens", 550},
		{"jmeter/results.jtl", "bytes", 2048},
		{"jmeter/results-xml.jtl", "by", 2048},
		{"genai-perf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-chat-"
		 "concurrency1/profile_export.json", "response_timestamps.0", NAN},
	};

	(void)state;
	for (size_t i = 0; i < sizeof ttft / sizeof ttft[0]; i++) {
		char path[300];
		struct run r;
		snprintf(path, sizeof path, "fixtures/harness/%s", ttft[i].file);
		run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out",
		         "json", "--ttft", ttft[i].field, "--unit", "ms",
		         "--set", "provider=forced", path, NULL);
		if (isnan(ttft[i].value)) {
			/* an epoch in ns read as ms: far beyond 1e6 s, refused */
			assert_int_equal(r.status, 65);
			assert_true(contains(r.err, "above 1e6 s"));
			run_free(&r);
			continue;
		}
		if (r.status != 0)
			fail_msg("%s: %s", path, r.err);
		yajl_val doc = jparse(r.out), cs = cells_of(doc);
		for (size_t c = 0; c < YAJL_GET_ARRAY(cs)->len; c++) {
			yajl_val cell = YAJL_GET_ARRAY(cs)->values[c];
			const char *gp[] = {"group", "provider", NULL};
			yajl_val p = yajl_tree_get(cell, gp, yajl_t_string);
			assert_non_null(p);
			assert_string_equal(YAJL_GET_STRING(p), "forced");
			if (jget_num(cell, "n") > 0)
				assert_close(stat_of(cell, "median"), ttft[i].value / 1e3,
				             REL, path);
		}
		yajl_tree_free(doc);
		run_free(&r);
	}
	/* --status over llm-load-test's error_code: 550 fails everything */
	struct run r;
	run_tool(&r, NULL, "summary", "--status", "input_tokens",
	         "fixtures/harness/llm-load-test/output.json", NULL);
	assert_int_equal(r.status, 65);
	assert_true(contains(r.err, "all 30 requests failed"));
	run_free(&r);
}

/* Every k6 tag is a key by its plain name. */
static void
k6_tags_are_keys_by_name(void **state)
{
	const char *files[] = {"fixtures/harness/k6/results.json",
	                       "fixtures/harness/k6/results.csv"};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct run r;
		run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out",
		         "json", "--by", "name,scenario", files[i], NULL);
		assert_int_equal(r.status, 0);
		yajl_val doc = jparse(r.out), cs = cells_of(doc);
		assert_int_equal(YAJL_GET_ARRAY(cs)->len, 2);
		yajl_val c = YAJL_GET_ARRAY(cs)->values[0];
		const char *gp[] = {"group", "name", NULL}, *sp[] = {"group",
		                    "scenario", NULL};
		assert_string_equal(YAJL_GET_STRING(yajl_tree_get(c, gp,
		                    yajl_t_string)),
		                    "https://api.alpha.example/v1/chat/completions");
		assert_string_equal(YAJL_GET_STRING(yajl_tree_get(c, sp,
		                    yajl_t_string)), "default");
		yajl_tree_free(doc);
		run_free(&r);
	}
}

/* ==== nothing usable, and unreadable inputs ==== */

static void
nothing_usable_is_a_data_error_that_says_why(void **state)
{
	struct run r;
	const char *aiperf = "fixtures/harness/aiperf/0.2/artifacts/"
	                     "Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
	                     "profile_export.jsonl";

	(void)state;
	run_tool(&r, NULL, "summary", "fixtures/harness/jmeter/java-sampler.jtl",
	         NULL);
	assert_int_equal(r.status, 65);
	assert_true(contains(r.err, "java-sampler.jtl: the TTFT is 0 on all 50 "
	                     "successful requests (JMeter's Java"));
	assert_string_equal(r.out, "");
	run_free(&r);
	/* a --where that keeps nothing is blamed only when given */
	run_tool(&r, NULL, "summary", "--where", "metadata.worker_id=nobody",
	         aiperf, NULL);
	assert_int_equal(r.status, 65);
	assert_true(contains(r.err, "--where filtered out all 40 records"));
	run_free(&r);
	/* nothing names an internal placeholder */
	run_tool(&r, NULL, "summary", "fixtures/bad/all-rejected.csv", NULL);
	assert_int_equal(r.status, 65);
	assert_false(contains(r.err, "*"));
	assert_false(contains(r.err, "--where"));
	assert_true(contains(r.err, "fixtures/bad/all-rejected.csv"));
	run_free(&r);
}

static void
an_unreadable_input_does_not_hide_the_others(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "fixtures/capture.csv", "no-such-file.csv",
	         "fixtures/harness/vllm/summary-only.json", NULL);
	assert_int_equal(r.status, 66);
	assert_true(contains(r.err, "cannot open 'no-such-file.csv'"));
	assert_true(contains(r.err, "holds aggregates only"));
	yajl_val doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 6);
	assert_null(jstr(input_of(doc, 0), "error"));
	assert_true(contains(jstr(input_of(doc, 1), "error"), "cannot open"));
	assert_true(contains(jstr(input_of(doc, 2), "error"), "--save-detailed"));
	assert_int_equal(jget_num(input_of(doc, 2), "accepted"), 0);
	yajl_tree_free(doc);
	run_free(&r);
	/* only data errors: 65 */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "fixtures/capture.csv",
	         "fixtures/bad/no-ttft-column.csv", NULL);
	assert_int_equal(r.status, 65);
	assert_true(contains(r.out, "no-ttft-column.csv: not read"));
	run_free(&r);
	/* --strict stops at the first */
	run_tool(&r, NULL, "summary", "--strict", "no-such-file.csv",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 66);
	assert_string_equal(r.out, "");
	run_free(&r);
}

/* ==== keys per file ==== */

static void
the_leaderboard_gives_one_cell_per_provider_and_model(void **state)
{
	char cmd[256];
	struct run r;
	const char *argv[32];
	size_t n = 0;
	static const char *const names[] = {
		"anyscale_13b", "anyscale_70b", "anyscale_7b", "bedrock_13b",
		"bedrock_70b", "fireworks_13b", "fireworks_70b", "fireworks_7b",
		"groq_70b", "lepton_13b", "lepton_70b", "lepton_7b",
		"perplexity_70b", "replicate_13b", "replicate_70b", "replicate_7b",
		"together_13b", "together_70b", "together_7b"};
	static char paths[19][96];

	(void)state;
	(void)cmd;
	argv[n++] = "summary";
	argv[n++] = "--bootstrap";
	argv[n++] = "0";
	argv[n++] = "--format-out";
	argv[n++] = "json";
	argv[n++] = "--name-from";
	argv[n++] = "{provider}_{model}.json";
	for (size_t i = 0; i < 19; i++) {
		snprintf(paths[i], sizeof paths[i],
		         "fixtures/harness/llmperf-leaderboard/%s.json", names[i]);
		argv[n++] = paths[i];
	}
	argv[n] = NULL;
	run_toolv(&r, NULL, argv);
	assert_int_equal(r.status, 0);
	yajl_val doc = jparse(r.out), cs = cells_of(doc);
	assert_int_equal(YAJL_GET_ARRAY(cs)->len, 19);
	for (size_t i = 0; i < 19; i++) {
		yajl_val c = YAJL_GET_ARRAY(cs)->values[i];
		const char *mp[] = {"group", "model", NULL}, *pp[] = {"group",
		                    "provider", NULL};
		assert_non_null(yajl_tree_get(c, mp, yajl_t_string));
		assert_non_null(yajl_tree_get(c, pp, yajl_t_string));
	}
	yajl_tree_free(doc);
	run_free(&r);
	/* without the pattern the model falls back to the file name, and
	 * the note says so */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--wide",
	         "fixtures/harness/llmperf-leaderboard/groq_70b.json", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "the model is the file's name, 'groq_70b'"));
	run_free(&r);
	/* with it, nothing was guessed and nothing is said */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--wide", "--name-from",
	         "{provider}_{model}.json",
	         "fixtures/harness/llmperf-leaderboard/groq_70b.json", NULL);
	assert_int_equal(r.status, 0);
	assert_false(contains(r.out, "the model is the file's name"));
	run_free(&r);
}

static void
set_applies_to_the_files_after_it(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "--by", "provider",
	         "--set", "provider=one", "fixtures/harness/llmperf-leaderboard/"
	         "groq_70b.json", "--set", "provider=two",
	         "fixtures/harness/llmperf-leaderboard/together_70b.json@"
	         "provider=three", "fixtures/harness/llmperf-leaderboard/"
	         "together_7b.json", NULL);
	assert_int_equal(r.status, 0);
	/* @ wins over --set, which is said */
	assert_true(contains(r.err, "@ provider=three replaces provider=two"));
	yajl_val doc = jparse(r.out), cs = cells_of(doc);
	assert_int_equal(YAJL_GET_ARRAY(cs)->len, 3);
	const char *pp[] = {"group", "provider", NULL};
	assert_string_equal(YAJL_GET_STRING(yajl_tree_get(
	    YAJL_GET_ARRAY(cs)->values[0], pp, yajl_t_string)), "one");
	assert_string_equal(YAJL_GET_STRING(yajl_tree_get(
	    YAJL_GET_ARRAY(cs)->values[1], pp, yajl_t_string)), "three");
	assert_string_equal(YAJL_GET_STRING(yajl_tree_get(
	    YAJL_GET_ARRAY(cs)->values[2], pp, yajl_t_string)), "two");
	yajl_tree_free(doc);
	run_free(&r);
	/* --by a key no record has is said */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--by", "region",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.err, "no input has a field 'region' for --by"));
	run_free(&r);
}

/* ==== units, compression, Python's JSON ==== */

static void
a_unit_is_never_guessed_silently(void **state)
{
	/* openshift-psap llm-load-test's shape without the harness's own
	 * layout: a bare TTFT in milliseconds */
	const char text[] =
		"{\"results\": [{\"TTFT\": 277.7}, {\"TTFT\": 301.2}, "
		"{\"TTFT\": 254.9}, {\"TTFT\": 290.0}]}\n";
	const char *path = write_temp("bare.json", text, sizeof text - 1);
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--ttft",
	         "TTFT", "--format", "json", path, NULL);
	/* llm-load-test's layout knows the unit; a forced --ttft with no
	 * --unit does not: seconds, and a note with the fix */
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "has no unit and was read as seconds"));
	/* numpy: median([277.7, 301.2, 254.9, 290.0]) = 283.85 */
	assert_true(contains(r.out, "median 283.85 s): if it is in ms, use "
	                     "--unit ms (median 0.28385 s)"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "0.284"));          /* as milliseconds */
	assert_false(contains(r.out, "read as seconds"));
	run_free(&r);
}

static void
compressed_inputs_read_as_their_content(void **state)
{
	size_t len, zl;
	char *csv = slurp("fixtures/capture.csv", &len);
	unsigned char *gz = malloc(len + 1024), *zs;
	z_stream s;
	struct run a, b;
	const char *gzp, *zsp, *bad;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, 15 + 16, 8,
	                              Z_DEFAULT_STRATEGY), Z_OK);
	s.next_in = (unsigned char *)csv;
	s.avail_in = (uInt)len;
	s.next_out = gz;
	s.avail_out = (uInt)(len + 1024);
	assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
	zl = s.total_out;
	deflateEnd(&s);
	gzp = strdup(write_temp("capture.csv.gz", gz, zl));
	zs = malloc(ZSTD_compressBound(len));
	size_t zsl = ZSTD_compress(zs, ZSTD_compressBound(len), csv, len, 3);
	assert_false(ZSTD_isError(zsl));
	zsp = strdup(write_temp("capture.csv.zst", zs, zsl));

	run_tool(&a, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	yajl_val da = jparse(a.out);
	const char *files[] = {gzp, zsp};
	for (size_t i = 0; i < 2; i++) {
		run_tool(&b, i ? files[i] : NULL, "summary", "--format-out", "json",
		         i ? "-" : files[i], NULL);
		assert_int_equal(b.status, 0);
		yajl_val db = jparse(b.out);
		assert_string_equal(jstr(input_of(db, 0), "compression"),
		                    i ? "zstd" : "gzip");
		/* the same cells, to the last digit */
		assert_int_equal(YAJL_GET_ARRAY(cells_of(db))->len,
		                 YAJL_GET_ARRAY(cells_of(da))->len);
		for (size_t c = 0; c < YAJL_GET_ARRAY(cells_of(da))->len; c++)
			assert_true(stat_of(YAJL_GET_ARRAY(cells_of(da))->values[c],
			                    "p95") ==
			            stat_of(YAJL_GET_ARRAY(cells_of(db))->values[c],
			                    "p95"));
		yajl_tree_free(db);
		run_free(&b);
	}
	yajl_tree_free(da);
	run_free(&a);
	/* corrupt in the middle: a data error that says where */
	gz[zl / 2] ^= 0x55;
	gz[zl / 2 + 1] ^= 0xaa;
	bad = write_temp("corrupt.csv.gz", gz, zl);
	run_tool(&b, NULL, "summary", bad, NULL);
	assert_int_equal(b.status, 65);
	assert_true(contains(b.err, "corrupt gzip data in compressed bytes"));
	run_free(&b);
	/* cut short */
	bad = write_temp("short.csv.zst", zs, zsl / 2);
	run_tool(&b, NULL, "summary", bad, NULL);
	assert_int_equal(b.status, 65);
	assert_true(contains(b.err, "truncated"));
	run_free(&b);
	free((char *)gzp);
	free((char *)zsp);
	free(zs);
	free(gz);
	free(csv);
}

static void
python_nan_and_infinity_are_read(void **state)
{
	const char text[] =
		"{\"model\": \"m\", \"ttft_s\": 0.5, \"x\": NaN}\n"
		"{\"model\": \"m\", \"ttft_s\": NaN}\n"
		"{\"model\": \"m\", \"ttft_s\": Infinity, \"s\": \"NaN in a string\"}\n"
		"{\"model\": \"m\", \"ttft_s\": -Infinity}\n"
		"{\"model\": \"m\", \"ttft_s\": 0.25}\n";
	const char *path = write_temp("nan.jsonl", text, sizeof text - 1);
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	assert_int_equal(r.status, 0);
	yajl_val doc = jparse(r.out), in = input_of(doc, 0);
	assert_int_equal(jget_num(in, "accepted"), 2);
	assert_int_equal(jget_num(in, "rejected"), 3);
	assert_true(contains(r.err, "ttft_s 'NaN' is not a finite number"));
	assert_true(contains(r.err, "ttft_s '-Infinity' is not a finite number"));
	yajl_tree_free(doc);
	run_free(&r);
	/* the harnesses that write them: SGLang's aggregates */
	run_tool(&r, NULL, "summary", "--bootstrap", "0",
	         "fixtures/harness/sglang/sglang_0309_30_random.jsonl", NULL);
	assert_int_equal(r.status, 0);
	run_free(&r);
}

/* ==== memory safety, found by UBSan and by hand ==== */

static void
key_paths_have_no_fixed_limit(void **state)
{
	/* a key path past 512 bytes overflowed a fixed buffer once */
	char *text = malloc(200000), key[700], ttft[1500];
	size_t o;
	struct run r;
	const char *path;
	yajl_val doc;

	(void)state;
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	o = (size_t)sprintf(text, "{\"model\": \"m\", \"%s\": {\"%s\": "
	                    "{\"ttft_s\": 0.4}}}\n", key, key);
	path = write_temp("deep.jsonl", text, o);
	snprintf(ttft, sizeof ttft, "%s.%s.ttft_s", key, key);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "--ttft", ttft, path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_close(stat_of(YAJL_GET_ARRAY(cells_of(doc))->values[0], "median"),
	             0.4, REL, "deep");
	yajl_tree_free(doc);
	run_free(&r);
	/* one past 64 KiB: that record is rejected, with its reason */
	o = (size_t)sprintf(text, "{\"model\": \"m\", \"ttft_s\": 0.3, \"");
	memset(text + o, 'x', 70000);
	o += 70000;
	o += (size_t)sprintf(text + o, "\": {\"y\": 1}}\n");
	o += (size_t)sprintf(text + o, "{\"model\": \"m\", \"ttft_s\": 0.2}\n");
	path = write_temp("deep.jsonl", text, o);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(jget_num(input_of(doc, 0), "rejected"), 1);
	assert_int_equal(jget_num(input_of(doc, 0), "accepted"), 1);
	assert_true(contains(r.err, "entry 1: a key path is longer than 65536 "
	                     "bytes"));
	yajl_tree_free(doc);
	run_free(&r);
	free(text);
}

static void
timestamps_beyond_int64_are_refused_not_wrapped(void **state)
{
	/* GenAI-Perf: strtoll clamped these, and the difference gave 7.4e9 s */
	const char text[] =
		"{\"experiments\": [{\"experiment\": {\"mode\": \"concurrency\", "
		"\"value\": 1}, \"requests\": ["
		"{\"timestamp\": 1773064800000000000, \"request_inputs\": "
		"{\"payload\": \"{\\\"model\\\": \\\"m\\\"}\"}, "
		"\"response_timestamps\": [1773064800250000000], "
		"\"response_outputs\": [{\"response\": \"data: {\\\"choices\\\": "
		"[{\\\"delta\\\": {\\\"content\\\": \\\"a\\\"}}]}\"}]},"
		"{\"timestamp\": 99999999999999999999, \"request_inputs\": "
		"{\"payload\": \"{\\\"model\\\": \\\"m\\\"}\"}, "
		"\"response_timestamps\": [1773064800250000000], "
		"\"response_outputs\": [{\"response\": \"data: {\\\"choices\\\": "
		"[{\\\"delta\\\": {\\\"content\\\": \\\"a\\\"}}]}\"}]},"
		"{\"timestamp\": 1773064800000000000, \"request_inputs\": "
		"{\"payload\": \"{\\\"model\\\": \\\"m\\\"}\"}, "
		"\"response_timestamps\": [-9223372036854775808], "
		"\"response_outputs\": [{\"response\": \"data: {\\\"choices\\\": "
		"[{\\\"delta\\\": {\\\"content\\\": \\\"a\\\"}}]}\"}]}]}]}\n";
	const char *path = write_temp("genai.json", text, sizeof text - 1);
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	assert_int_equal(r.status, 0);
	yajl_val doc = jparse(r.out), c = YAJL_GET_ARRAY(cells_of(doc))->values[0];
	assert_int_equal(jget_num(c, "n"), 1);
	assert_close(stat_of(c, "max"), 0.25, REL, "max");
	assert_true(contains(r.err, "timestamp is not a whole number of "
	                     "nanoseconds"));
	assert_true(contains(r.err, "the first response is before the request"));
	yajl_tree_free(doc);
	run_free(&r);
}

/* Production traces: a record that is no TTFT sample is rejected with its
 * reason (LiteLLM's completionStartTime = endTime, a null one, a
 * non-streaming span), the input is marked production and said so once,
 * and the capture-only checks are not checked, with that reason; time
 * coverage still is. */
static void
production_traces_count_what_is_no_ttft_sample(void **state)
{
	static const struct {
		const char *file, *preset, *reason;
	} cases[] = {
		{"fixtures/harness/litellm/spend-logs.json", "litellm",
		 "equals the end time: the first token was not seen"},
		{"fixtures/harness/litellm/LiteLLM_SpendLogs.csv", "litellm-csv",
		 "completionStartTime '' is empty: no first token was recorded"},
		{"fixtures/harness/litellm/spend-logs-v2.json", "litellm-v2",
		 "equals the end time"},
		{"fixtures/harness/otlp/otelcol-file-exporter.jsonl", "otlp",
		 "gen_ai.request.is_stream is false: a non-streaming call"},
		{"fixtures/harness/langfuse/blob-export-observations.jsonl",
		 "langfuse", "completion_start_time '' is empty"},
		{"fixtures/harness/langfuse/api-observations.json", "langfuse-api",
		 "completionStartTime '' is empty"},
		{"fixtures/harness/langfuse/blob-export-observations.csv",
		 "langfuse-csv", "completion_start_time '' is empty"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct run r;
		run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out",
		         "json", cases[i].file, NULL);
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", cases[i].file, r.status, r.err);
		assert_true(contains(r.out, cases[i].reason));
		{
			char want[64];
			snprintf(want, sizeof want, "\"preset\": \"%s\"",
			         cases[i].preset);
			if (!contains(r.out, want))
				fail_msg("%s: not read as %s", cases[i].file,
				         cases[i].preset);
		}
		assert_true(contains(r.out, "\"production\": true"));
		assert_true(contains(r.out, "production traffic, not a capture: "
		                     "requests overlap"));
		assert_true(contains(r.out, "\"concurrency\": \"not checked\""));
		assert_true(contains(r.out, "concurrency: production traffic, not "
		                     "a capture"));
		assert_true(contains(r.out, "\"time_coverage\": \"pass\""));
		run_free(&r);
	}
}

/* OTel's TTFT attribute is seconds by convention, and some emitters write
 * milliseconds in it: a median over a minute is said, with the --unit
 * that reads it right, which then does. */
static void
an_otlp_ttft_in_milliseconds_is_not_read_silently(void **state)
{
	static char text[65536];
	size_t n = (size_t)snprintf(text, sizeof text,
	                            "{\"resourceSpans\":[{\"scopeSpans\":[{"
	                            "\"spans\":[");
	const char *path;
	struct run r;

	(void)state;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "%s{\"name\":\"chat m\",\"kind\":3,"
		                      "\"startTimeUnixNano\":\"17724384%02d000000000\","
		                      "\"endTimeUnixNano\":\"17724384%02d500000000\","
		                      "\"attributes\":[{\"key\":\"gen_ai.operation.name\","
		                      "\"value\":{\"stringValue\":\"chat\"}},{\"key\":"
		                      "\"gen_ai.request.model\",\"value\":{\"stringValue\":"
		                      "\"m\"}},{\"key\":\"gen_ai.response.time_to_first_chunk\","
		                      "\"value\":{\"doubleValue\":%d.5}}]}",
		                      i ? "," : "", i, i + 1, 400 + i);
	n += (size_t)snprintf(text + n, sizeof text - n, "]}]}]}\n");
	path = write_temp("ms.jsonl", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "if the emitter wrote ms, use --unit ms"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "--unit", "ms", path, NULL);
	assert_int_equal(r.status, 0);
	/* numpy: the median of 400.5 .. 439.5 ms is 0.42 s */
	assert_true(contains(r.out, "\"median\": 0.42"));
	assert_false(contains(r.out, "use --unit ms"));
	run_free(&r);
}

/* A head of rows without a first-token time (failures, calls that did not
 * stream) still reads as LiteLLM's spend log, and the later rows' times
 * are found: the harness's fields are known whether or not the first
 * record has them. */
static void
a_spend_log_whose_first_rows_have_no_first_token_reads(void **state)
{
	static char text[32768];
	size_t n = (size_t)snprintf(text, sizeof text, "[");
	const char *path;
	struct run r;

	(void)state;
	for (int i = 0; i < 23; i++) {
		char first[64];
		/* the first token 0.25 s or 0.5 s after the start */
		snprintf(first, sizeof first, "\"2026-03-03T10:%02d:00.%s+00:00\"",
		         i, i % 2 ? "250000" : "500000");
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "%s{\"request_id\": \"r%d\", \"startTime\": "
		                      "\"2026-03-03T10:%02d:00.000000+00:00\", "
		                      "\"endTime\": \"2026-03-03T10:%02d:03.000000+00:00\", "
		                      "\"completionStartTime\": %s, \"model\": "
		                      "\"alpha/m\", \"model_group\": \"m\", "
		                      "\"custom_llm_provider\": \"alpha\", "
		                      "\"api_base\": \"https://api.alpha.example.com\", "
		                      "\"status\": \"%s\"}",
		                      i ? ", " : "", i, i, i,
		                      i < 3 ? "null" : first,
		                      i == 1 ? "failure" : "success");
	}
	n += (size_t)snprintf(text + n, sizeof text - n, "]\n");
	path = write_temp("spend.json", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	assert_true(contains(r.out, "\"preset\": \"litellm\""));
	/* rows 0 and 2 have no completion start: rejected; row 1 failed */
	assert_true(contains(r.out, "\"rejected\": 2"));
	assert_true(contains(r.out, "\"n\": 20"));
	assert_true(contains(r.out, "\"errors\": 1"));
	run_free(&r);
}

/* The sandbox against production: the load test's cells matched with the
 * OTLP trace's (same model and provider keys), a verdict each, and the
 * difference of method said beside it. */
static void
a_load_test_compares_with_production(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "compare", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv",
	         "fixtures/harness/otlp/otelcol-file-exporter.jsonl", NULL);
	if (r.status != 0)
		fail_msg("exit %d: %s", r.status, r.err);
	{
		yajl_val doc = jparse(r.out);
		const char *cp[] = {"cells", NULL};
		yajl_val cells = yajl_tree_get(doc, cp, yajl_t_array);
		size_t both = 0;
		assert_non_null(cells);
		for (size_t k = 0; k < YAJL_GET_ARRAY(cells)->len; k++) {
			yajl_val c = YAJL_GET_ARRAY(cells)->values[k];
			const char *pp[] = {"present", NULL};
			yajl_val v = yajl_tree_get(c, pp, yajl_t_string);
			const char *present = v != NULL ? YAJL_GET_STRING(v) : NULL;
			both += present != NULL && strcmp(present, "both") == 0;
		}
		/* llama-3.1-70b on alpha and bravo, qwen-2.5-72b on alpha */
		assert_int_equal(both, 3);
		yajl_tree_free(doc);
	}
	assert_true(contains(r.out, "captured differently"));
	run_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_harness_file_reads_as_the_oracle_says),
		cmocka_unit_test(each_input_names_its_harness_and_layout),
		cmocka_unit_test(explicit_options_win_over_every_preset),
		cmocka_unit_test(k6_tags_are_keys_by_name),
		cmocka_unit_test(nothing_usable_is_a_data_error_that_says_why),
		cmocka_unit_test(an_unreadable_input_does_not_hide_the_others),
		cmocka_unit_test(the_leaderboard_gives_one_cell_per_provider_and_model),
		cmocka_unit_test(set_applies_to_the_files_after_it),
		cmocka_unit_test(a_unit_is_never_guessed_silently),
		cmocka_unit_test(compressed_inputs_read_as_their_content),
		cmocka_unit_test(python_nan_and_infinity_are_read),
		cmocka_unit_test(key_paths_have_no_fixed_limit),
		cmocka_unit_test(timestamps_beyond_int64_are_refused_not_wrapped),
		cmocka_unit_test(production_traces_count_what_is_no_ttft_sample),
		cmocka_unit_test(a_load_test_compares_with_production),
		cmocka_unit_test(an_otlp_ttft_in_milliseconds_is_not_read_silently),
		cmocka_unit_test(a_spend_log_whose_first_rows_have_no_first_token_reads),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
