/*
 * test_json.c — JSON, JSON Lines, HAR and the harness presets: their
 * semantics, every chunk size, and broken input ending in a clean verdict.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/ingest.h"

static struct trace *
read_text(const char *text, size_t len, struct ingest_opts *o, int *rc,
          struct err *e)
{
	struct trace *t = trace_new();
	uint16_t src;
	FILE *fp = fmemopen((void *)text, len, "rb");

	assert_non_null(fp);
	assert_int_equal(trace_source_add(t, "mem.json", &src, e), 0);
	*rc = ingest_stream(t, src, fp, o, e);
	fclose(fp);
	return t;
}

static struct trace *
read_ok(const char *text, struct ingest_opts *o)
{
	struct err e = {0, ""};
	int rc;
	struct trace *t = read_text(text, strlen(text), o, &rc, &e);

	if (rc != 0)
		fail_msg("ingest failed: %s", e.msg);
	return t;
}

static const char *
key_of(const struct trace *t, size_t row, const char *key)
{
	int k = trace_key_find(t, key);

	return k < 0 ? NULL : trace_str(t, t->cells[t->cell[row]].key[k]);
}

static const char jsonl[] =
	"{\"model\":\"m\",\"provider\":\"p\",\"t\":{\"first_ms\":120.5},\"ok\":true}\n"
	"{\"model\":\"m\",\"provider\":\"p\",\"t\":{\"first_ms\":\"98\"},\"ok\":true}\n"
	"\n"
	"{\"provider\":\"p\",\"model\":\"m\",\"t\":{\"first_ms\":null},\"ok\":false}\n"
	"[1,2]\n"
	"{\"model\":\"q\",\"t\":{\"first_ms\":-4},\"ok\":true}\n";

static void
json_lines_with_dotted_paths(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	o.ttft_col = "t.first_ms";      /* the unit from the last component */
	t = read_ok(jsonl, &o);
	assert_string_equal(t->sources[0].format, "jsonl");
	assert_int_equal(t->n, 3);
	assert_close(t->ttft[0], 0.1205, 0, "number");
	assert_close(t->ttft[1], 0.098, 0, "number in a string");
	assert_false(trace_ok(t, 2));                  /* keys in another order */
	assert_string_equal(key_of(t, 2, "provider"), "p");
	assert_int_equal(t->sources[0].rejected, 2);
	assert_int_equal(t->sources[0].kept[0].line, 4);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "the entry is an array, not an object");
	assert_int_equal(t->sources[0].kept[1].line, 5);
	assert_string_equal(t->sources[0].kept[1].reason,
	                    "t.first_ms '-4' is negative");
	/* every chunk size: the same rows and positions */
	for (size_t chunk = 1; chunk < sizeof jsonl; chunk++) {
		struct trace *c;
		o.chunk = chunk;
		c = read_ok(jsonl, &o);
		assert_int_equal(c->n, 3);
		assert_memory_equal(c->ttft, t->ttft, 3 * sizeof(double));
		assert_int_equal(c->sources[0].kept[1].line, 5);
		trace_free(c);
	}
	trace_free(t);
}

static void
a_json_array_of_objects(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	t = read_ok("  [ {\"model\": \"m\", \"ttft_s\": 0.5},\n"
	            "    {\"model\": \"m\", \"ttft_s\": 0.25, \"error\": \"boom\"},\n"
	            "    \"oops\" ]", &o);
	assert_string_equal(t->sources[0].format, "json");
	assert_int_equal(t->n, 2);
	assert_false(trace_ok(t, 1));
	assert_int_equal(t->sources[0].rejected, 1);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "the entry is a string, not an object");
	trace_free(t);
}

/* HAR timings: TTFB = blocked + dns + connect + send + wait, -1 and null
 * count 0, ssl inside connect (or added for mitmproxy / ssl > connect). */
static const char *
har_with(const char *creator, const char *timings, const char *extra)
{
	static char buf[2048];

	snprintf(buf, sizeof buf,
	         "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"%s\"},"
	         " \"entries\": [ {\"startedDateTime\": "
	         "\"2026-03-02T09:00:00.250+01:00\", \"request\": {\"method\": "
	         "\"POST\", \"url\": \"https://api.x.example:443/v1/chat/"
	         "completions\", \"postData\": {\"mimeType\": \"application/json\","
	         " \"text\": \"{\\\"model\\\": \\\"llama\\\"}\"}}, \"response\": "
	         "{\"status\": 200, \"content\": {\"text\": \"data: x\"}}, "
	         "\"timings\": {%s}%s} ]}}", creator, timings, extra);
	return buf;
}

static void
har_time_to_first_byte(void **state)
{
	static const struct {
		const char *creator, *timings;
		double ms;
	} cases[] = {
		/* by hand: 1 + 2 + 3 + 4 + 100 */
		{"WebInspector", "\"blocked\": 1, \"dns\": 2, \"connect\": 3, "
		 "\"ssl\": 2, \"send\": 4, \"wait\": 100, \"receive\": 50", 110},
		/* -1 is "not applicable" */
		{"Firefox", "\"blocked\": -1, \"dns\": -1, \"connect\": -1, "
		 "\"ssl\": -1, \"send\": 0.5, \"wait\": 99.5", 100},
		/* mitmproxy: ssl outside connect, null for absent */
		{"mitmproxy", "\"blocked\": null, \"dns\": null, \"connect\": 10, "
		 "\"ssl\": 20, \"send\": 1, \"wait\": 69", 100},
		/* ssl > connect: it cannot be inside, add it */
		{"Charles", "\"connect\": 5, \"ssl\": 15, \"send\": 1, \"wait\": 79",
		 100},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ingest_opts o = {0};
		struct trace *t = read_ok(har_with(cases[i].creator, cases[i].timings,
		                                   ""), &o);
		assert_string_equal(t->sources[0].format, "har");
		assert_int_equal(t->n, 1);
		assert_close(t->ttft[0], cases[i].ms / 1000, 1e-15, cases[i].creator);
		assert_string_equal(key_of(t, 0, "model"), "llama");
		assert_string_equal(key_of(t, 0, "provider"), "api.x.example");
		/* 09:00:00.250+01:00 = 08:00:00.250Z */
		assert_close(t->start[0], 1772438400.25, 0, "start");
		trace_free(t);
	}
}

static void
har_failures_and_broken_entries(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	/* an aborted request: status 0 and _error, a failure, not a reject */
	t = read_ok(har_with("x", "\"wait\": -1", ", \"_error\": "
	                     "\"net::ERR_ABORTED\""), &o);
	assert_int_equal(t->n, 1);
	assert_false(trace_ok(t, 0));
	trace_free(t);
	t = read_ok(har_with("x", "", ""), &o);
	assert_int_equal(t->n, 0);
	/* HAR 1.2 requires timings.wait: without it there is no time to
	 * first byte, and blocked + send alone would pass for one */
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "timings.wait is missing: the entry has no time to "
	                    "first byte");
	trace_free(t);
	t = read_ok(har_with("x", "\"send\": -5, \"wait\": 10", ""), &o);
	assert_int_equal(t->n, 0);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "timings.send is negative");
	trace_free(t);
	/* --where on the derived url field */
	o.where[0].col = "url";
	o.where[0].col_len = 3;
	o.where[0].op = WHERE_HAS;
	o.where[0].value = "/embeddings";
	o.nwhere = 1;
	t = read_ok(har_with("x", "\"wait\": 10", ""), &o);
	assert_int_equal(t->n, 0);
	assert_int_equal(t->sources[0].filtered, 1);
	trace_free(t);
}

static void
broken_json_ends_the_file_with_a_position(void **state)
{
	static const char *const bad[] = {
		"{\"model\":\"m\",\"ttft_s\":0.5}\n{\"model\":\"m\",\"ttft_s\":0.6\n",
		"{\"model\":\"m\",\"ttft_s\":0.5}\n{\"model\":\"m\",\"ttft_s\":0.6,}\n",
		"{\"model\":\"m\",\"ttft_s\":0.5}\n{\"model\":\"m\xff\",\"ttft_s\":1}\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ingest_opts o = {0};
		struct err e = {0, ""};
		int rc;
		struct trace *t = read_text(bad[i], strlen(bad[i]), &o, &rc, &e);
		assert_int_equal(rc, 0);
		assert_int_equal(t->n, 1);
		assert_int_equal(t->sources[0].rejected, 1);
		assert_true(contains(t->sources[0].kept[0].reason, "invalid JSON"));
		assert_true(contains(t->sources[0].kept[0].reason,
		                     "the rest of the file cannot be read"));
		trace_free(t);
		o.strict = true;
		t = read_text(bad[i], strlen(bad[i]), &o, &rc, &e);
		assert_int_equal(rc, ERR_DATA);
		trace_free(t);
	}
}

/* A 3 MiB string: not kept; its record is rejected only when the string
 * plays a role (here the model key), the file goes on. */
static void
a_huge_string_is_not_kept(void **state)
{
	size_t big = 3u << 20, n = 0;
	char *text = malloc(2 * big + 256);
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	n += (size_t)sprintf(text, "{\"model\":\"m\",\"ttft_s\":0.5,\"note\":\"");
	memset(text + n, 'x', big);
	n += big;
	n += (size_t)sprintf(text + n, "\"}\n{\"model\":\"");
	memset(text + n, 'y', big);
	n += big;
	n += (size_t)sprintf(text + n, "\",\"ttft_s\":0.6}\n"
	                     "{\"model\":\"m\",\"ttft_s\":0.7}\n");
	{
		struct err e = {0, ""};
		int rc;
		t = read_text(text, n, &o, &rc, &e);
		assert_int_equal(rc, 0);
	}
	assert_int_equal(t->n, 2);
	assert_int_equal(t->sources[0].rejected, 1);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "field 'model' is longer than 1 MiB");
	trace_free(t);
	free(text);
}

static void
nesting_bombs_and_wrong_shapes_are_refused(void **state)
{
	char bomb[400];
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	int rc;
	struct trace *t;

	(void)state;
	memset(bomb, '[', sizeof bomb);
	bomb[0] = '{';
	memcpy(bomb + 1, "\"a\":", 4);
	t = read_text(bomb, sizeof bomb, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	assert_true(contains(e.msg, "nesting deeper than 64"));
	trace_free(t);
	/* a HAR whose log.entries is not an array */
	o.format = INGEST_HAR;
	t = read_text("{\"log\": {\"entries\": {\"a\": 1}}}", 29, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	assert_true(contains(e.msg, "entry 1 is a number, not an object"));
	trace_free(t);
}

/* Every harness is recognised from content, and forcing its preset reads
 * the same rows: each fixture under fixtures/harness/ follows a real
 * file of that harness (fixtures/README.md). */
static void
every_harness_is_detected_and_its_preset_agrees(void **state)
{
	static const struct {
		const char *file, *preset;
	} cases[] = {
		{"llmperf/meta-llama-Llama-2-7b-chat-hf_550_150_individual_"
		 "responses.json", "llmperf"},
		{"llmperf-leaderboard/lepton_13b.json", "llmperf"},
		{"vllm/openai-chat-infqps-concurrency1-Llama-3.1-8B-Instruct-"
		 "20260309-140000.json", "vllm"},
		{"vllm/vllm-infqps-Llama-3.1-8B-Instruct-20250112-093000.json",
		 "vllm"},
		{"sglang/sglang_0309_30_random.jsonl", "sglang"},
		{"sglang/details-nested.jsonl", "sglang"},
		{"genai-perf/artifacts/meta-llama_Llama-3.1-8B-Instruct-openai-"
		 "chat-concurrency1/profile_export.json", "genai-perf"},
		{"aiperf/0.1/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
		 "profile_export.jsonl", "aiperf"},
		{"aiperf/0.2/artifacts/Qwen_Qwen3-0.6B-openai-chat-concurrency1/"
		 "profile_export.jsonl", "aiperf"},
		{"guidellm/0.3/benchmarks.json", "guidellm"},
		{"guidellm/0.5/benchmarks.json", "guidellm"},
		{"guidellm/0.7/benchmarks.json", "guidellm"},
		{"guidellm/0.7/benchmarks.yaml", "guidellm"},
		{"k6/results.json", "k6-json"},
		{"k6/results.csv", "k6"},
		{"jmeter/results.jtl", "jmeter"},
		{"jmeter/results-xml.jtl", "jmeter-xml"},
		{"llm-load-test/v2/output.json", "llm-load-test"},
		{"llm-load-test/output.json", "llm-load-test"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ingest_opts o = {0};
		struct err e = {0, ""};
		struct trace *a = trace_new(), *b = trace_new();
		char path[300];

		snprintf(path, sizeof path, "fixtures/harness/%s", cases[i].file);
		if (ingest_file(a, path, &o, &e) != 0)
			fail_msg("%s: %s", path, e.msg);
		assert_non_null(a->sources[0].preset);
		assert_string_equal(a->sources[0].preset, cases[i].preset);
		assert_non_null(a->sources[0].layout);
		o.preset = ingest_preset_find(cases[i].preset);
		assert_non_null(o.preset);
		if (ingest_file(b, path, &o, &e) != 0)
			fail_msg("%s with --preset: %s", path, e.msg);
		assert_true(a->n > 0);
		assert_int_equal(a->n, b->n);
		assert_int_equal(a->sources[0].rejected, b->sources[0].rejected);
		for (size_t r = 0; r < a->n; r++) {
			assert_int_equal(trace_ok(a, r), trace_ok(b, r));
			if (trace_ok(a, r))
				assert_true(a->ttft[r] == b->ttft[r]);
		}
		trace_free(a);
		trace_free(b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_lines_with_dotted_paths),
		cmocka_unit_test(a_json_array_of_objects),
		cmocka_unit_test(har_time_to_first_byte),
		cmocka_unit_test(har_failures_and_broken_entries),
		cmocka_unit_test(broken_json_ends_the_file_with_a_position),
		cmocka_unit_test(a_huge_string_is_not_kept),
		cmocka_unit_test(nesting_bombs_and_wrong_shapes_are_refused),
		cmocka_unit_test(every_harness_is_detected_and_its_preset_agrees),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
