/*
 * test_cli.c — ttftstat as a user runs it: fixtures in, exit code, stdout
 * and stderr out.
 *
 * The statistics are checked against tests/expected/capture-warmup*.json,
 * written by tests/oracle/summary_oracle.py with numpy (an implementation
 * that shares nothing with ttftstat), to 1e-9 relative.
 */
#include "helpers.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define REL 1e-9

static const char *const stat_keys[] = {"min", "median", "p90", "p95", "p99",
                                        "max", "mean", "sd"};

static yajl_val
cells_of(yajl_val doc)
{
	const char *path[] = {"cells", NULL};

	return jget(doc, path, yajl_t_array);
}

static const char *
group_value(yajl_val cell, const char *key)
{
	const char *path[] = {"group", key, NULL};
	yajl_val v = yajl_tree_get(cell, path, yajl_t_string);

	return v ? YAJL_GET_STRING(v) : NULL;
}

/* Compare ttftstat's JSON cells with the oracle's, cell by cell; the
 * provider, when provider_host is set, as the host a HAR names it by
 * ("api.<provider>.example", fixtures/generate.py). */
static void
check_against_oracle_as(const char *json, const char *expected_path,
                        bool provider_host)
{
	char *exp_text = slurp(expected_path, NULL);
	yajl_val got = jparse(json), want = jparse(exp_text);
	yajl_val gc = cells_of(got), wc = cells_of(want);

	assert_int_equal(YAJL_GET_ARRAY(gc)->len, YAJL_GET_ARRAY(wc)->len);
	for (size_t i = 0; i < YAJL_GET_ARRAY(wc)->len; i++) {
		yajl_val g = YAJL_GET_ARRAY(gc)->values[i];
		yajl_val w = YAJL_GET_ARRAY(wc)->values[i];
		const char *ts[] = {"ttft_s", NULL}, *tier[] = {"tier", NULL};
		yajl_val gt = jget(g, ts, yajl_t_object);
		yajl_val wt = jget(w, ts, yajl_t_object);
		char what[200];

		assert_string_equal(group_value(g, "model"), group_value(w, "model"));
		if (provider_host) {
			char want_provider[128];
			snprintf(want_provider, sizeof want_provider, "api.%s.example",
			         group_value(w, "provider"));
			assert_string_equal(group_value(g, "provider"), want_provider);
		} else {
			assert_string_equal(group_value(g, "provider"),
			                    group_value(w, "provider"));
		}
		assert_int_equal(jget_num(g, "n"), jget_num(w, "n"));
		assert_int_equal(jget_num(g, "errors"), jget_num(w, "errors"));
		assert_int_equal(jget_num(g, "warmup_discarded"),
		                 jget_num(w, "warmup_discarded"));
		for (size_t k = 0; k < sizeof stat_keys / sizeof stat_keys[0]; k++) {
			snprintf(what, sizeof what, "cell %zu %s", i, stat_keys[k]);
			assert_close(jget_num(gt, stat_keys[k]),
			             jget_num(wt, stat_keys[k]), REL, what);
		}
		snprintf(what, sizeof what, "cell %zu cv_pct", i);
		assert_close(jget_num(g, "cv_pct"), jget_num(w, "cv_pct"), REL, what);
		assert_string_equal(YAJL_GET_STRING(jget(g, tier, yajl_t_string)),
		                    YAJL_GET_STRING(jget(w, tier, yajl_t_string)));
	}
	yajl_tree_free(got);
	yajl_tree_free(want);
	free(exp_text);
}

static void
check_against_oracle(const char *json, const char *expected_path)
{
	check_against_oracle_as(json, expected_path, false);
}

static void
summary_json_matches_numpy_with_warmup_2(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	check_against_oracle(r.out, "tests/expected/capture-warmup2.json");
	run_free(&r);
}

static void
summary_json_matches_numpy_without_warmup(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	check_against_oracle(r.out, "tests/expected/capture-warmup0.json");
	run_free(&r);
}

/* The same capture saved by a spreadsheet (semicolons, CRLF, BOM, quotes,
 * "TTFT (ms)", space-separated timestamps), as TSV (seconds, epoch-ms
 * starts, an ok column), as msgpack (a stream of maps with timestamp
 * extensions; one array of maps with float epochs), as JSON Lines with a
 * nested TTFT, and as HAR exports of a browser (local time with offset)
 * and of mitmproxy (ssl outside connect, nulls, microseconds) gives the
 * same numbers. */
static void
every_format_gives_the_same_numbers(void **state)
{
	static const struct {
		const char *file, *opt, *val;
		bool provider_host;
	} files[] = {
		{"fixtures/capture-excel.csv", NULL, NULL, false},
		{"fixtures/capture.tsv", NULL, NULL, false},
		{"fixtures/capture.msgpack", NULL, NULL, false},
		{"fixtures/capture-array.msgpack", NULL, NULL, false},
		{"fixtures/capture.jsonl", "--ttft", "metrics.ttft_ms", false},
		{"fixtures/capture.har", NULL, NULL, true},
		{"fixtures/capture-mitmproxy.har", NULL, NULL, true},
	};
	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct run r;
		if (files[i].opt)
			run_tool(&r, NULL, "summary", "--warmup", "2", "--format-out",
			         "json", files[i].opt, files[i].val, files[i].file,
			         NULL);
		else
			run_tool(&r, NULL, "summary", "--warmup", "2", "--format-out",
			         "json", files[i].file, NULL);
		if (r.status != 0)
			fail_msg("%s: exit %d: %s", files[i].file, r.status, r.err);
		check_against_oracle_as(r.out, "tests/expected/capture-warmup2.json",
		                        files[i].provider_host);
		run_free(&r);
	}
}

static void
json_has_the_spec_keys(void **state)
{
	static const char *const settings[] = {"warmup", "bootstrap",
	                                       "confidence", "seed"};
	static const char *const input_keys[] = {"rows", "accepted", "rejected"};
	struct run r;
	yajl_val doc, v;
	const char *tool[] = {"tool", NULL}, *ver[] = {"version", NULL};
	const char *set[] = {"settings", NULL}, *inputs[] = {"inputs", NULL};

	(void)state;
	run_tool(&r, NULL, "summary", "--format-out", "json", "--seed", "7",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_string_equal(YAJL_GET_STRING(jget(doc, tool, yajl_t_string)),
	                    "ttftstat");
	jget(doc, ver, yajl_t_string);
	v = jget(doc, set, yajl_t_object);
	for (size_t i = 0; i < 4; i++)
		assert_false(isnan(jget_num(v, settings[i])));
	assert_int_equal(jget_num(v, "seed"), 7);
	assert_int_equal(jget_num(v, "bootstrap"), 10000);
	assert_close(jget_num(v, "confidence"), 0.95, 0, "confidence");
	v = YAJL_GET_ARRAY(jget(doc, inputs, yajl_t_array))->values[0];
	for (size_t i = 0; i < 3; i++)
		assert_false(isnan(jget_num(v, input_keys[i])));
	assert_int_equal(jget_num(v, "rows"), 540);
	assert_int_equal(jget_num(v, "accepted"), 540);
	assert_int_equal(jget_num(v, "rejected"), 0);
	yajl_tree_free(doc);
	run_free(&r);
}

/* The table in the README is this output; a change to it is deliberate. */
static void
text_output_is_the_documented_table(void **state)
{
	struct run r;
	char *want = slurp("tests/expected/capture-warmup2.txt", NULL);

	(void)state;
	run_tool(&r, NULL, "summary", "--warmup", "2", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, want);
	/* and the README shows it as it is */
	{
		char *readme = slurp("README.md", NULL);
		assert_true(contains(readme, want));
		free(readme);
	}
	free(want);
	run_free(&r);
}

static void
csv_and_markdown_have_one_row_per_cell(void **state)
{
	struct run r;
	size_t lines = 0;

	(void)state;
	run_tool(&r, NULL, "summary", "--format-out", "csv",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	for (char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1 + 6);
	assert_true(contains(r.out, "model,provider,n,warmup_discarded,"
	                            "errors,error_rate,reliable,min_s,median_s"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--format-out", "markdown",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	/* the first table: a header, its alignment row, a row per cell */
	lines = 0;
	for (char *p = strstr(r.out, "\n|") + 1; *p == '|'; p = strchr(p, '\n') + 1)
		lines++;
	assert_int_equal(lines, 2 + 6);
	assert_true(contains(r.out, "| --- | --- | ---: |"));
	run_free(&r);
}

static void
output_is_byte_for_byte_reproducible(void **state)
{
	struct run a, b;

	(void)state;
	run_tool(&a, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", "fixtures/capture.tsv", NULL);
	run_tool(&b, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", "fixtures/capture.tsv", NULL);
	assert_int_equal(a.status, 0);
	assert_string_equal(a.out, b.out);
	run_free(&a);
	run_free(&b);
}

/* Two files of the same cells merge: every n doubles. */
static void
many_files_merge_cells_by_key(void **state)
{
	struct run one, two;
	yajl_val d1, d2;

	(void)state;
	run_tool(&one, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	run_tool(&two, NULL, "summary", "--format-out", "json",
	         "fixtures/capture.csv", "fixtures/capture-excel.csv", NULL);
	assert_int_equal(two.status, 0);
	d1 = jparse(one.out);
	d2 = jparse(two.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(d2))->len, 6);
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(
		    jget_num(YAJL_GET_ARRAY(cells_of(d2))->values[i], "n"),
		    2 * jget_num(YAJL_GET_ARRAY(cells_of(d1))->values[i], "n"));
	yajl_tree_free(d1);
	yajl_tree_free(d2);
	run_free(&one);
	run_free(&two);
}

/* "-" reads standard input, in every format. */
static void
dash_reads_standard_input(void **state)
{
	static const char *const files[] = {
		"fixtures/capture.csv", "fixtures/capture.msgpack",
		"fixtures/capture-array.msgpack", "fixtures/capture.har",
		"fixtures/k6.csv"};
	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct run a, b;
		const char *preset = i == 4 ? "k6" : NULL;
		if (preset) {
			run_tool(&a, files[i], "summary", "--preset", preset,
			         "--format-out", "csv", "-", NULL);
			run_tool(&b, NULL, "summary", "--preset", preset,
			         "--format-out", "csv", files[i], NULL);
		} else {
			run_tool(&a, files[i], "summary", "--format-out", "csv", "-",
			         NULL);
			run_tool(&b, NULL, "summary", "--format-out", "csv", files[i],
			         NULL);
		}
		assert_int_equal(a.status, 0);
		assert_string_equal(a.out, b.out);
		run_free(&a);
		run_free(&b);
	}
}

static void
jmeter_and_k6_presets_read_real_logs(void **state)
{
	struct run r;
	yajl_val doc, c;
	const char *in[] = {"inputs", NULL};

	(void)state;
	run_tool(&r, NULL, "summary", "--preset", "jmeter", "--format-out",
	         "json", "fixtures/jmeter.jtl.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 3);
	c = YAJL_GET_ARRAY(cells_of(doc))->values[0];
	assert_string_equal(group_value(c, "label"), "alpha chat");
	/* fixtures/jmeter.jtl.csv: 90 alpha requests, 2 of them failed
	 * (success=false, Latency 0, non-numeric responseCode) */
	assert_int_equal(jget_num(c, "n") + jget_num(c, "errors"), 90);
	assert_int_equal(jget_num(c, "errors"), 2);
	yajl_tree_free(doc);
	run_free(&r);

	run_tool(&r, NULL, "summary", "--preset", "k6", "--format-out", "json",
	         "fixtures/k6.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 3);
	c = YAJL_GET_ARRAY(jget(doc, in, yajl_t_array))->values[0];
	/* 264 requests x 8 metric rows; only http_req_waiting is kept */
	assert_int_equal(jget_num(c, "rows"), 264 * 8);
	assert_int_equal(jget_num(c, "filtered"), 264 * 7);
	assert_int_equal(jget_num(c, "rejected"), 0);
	yajl_tree_free(doc);
	run_free(&r);
}

/* ==== bad input ==== */

struct bad_case {
	const char *file;
	const char *message;    /* the whole first stderr line */
	int rejected;
};

static const struct bad_case bad_cases[] = {
	{"non-numeric-ttft.csv",
	 "ttftstat: fixtures/bad/non-numeric-ttft.csv:4: ttft_ms 'abc' is not a number\n", 1},
	{"nan-ttft.csv",
	 "ttftstat: fixtures/bad/nan-ttft.csv:4: ttft_ms 'NaN' is not a finite number\n", 1},
	{"inf-ttft.csv",
	 "ttftstat: fixtures/bad/inf-ttft.csv:4: ttft_ms 'inf' is not a finite number\n", 1},
	{"negative-ttft.csv",
	 "ttftstat: fixtures/bad/negative-ttft.csv:4: ttft_ms '-12.5' is negative\n", 1},
	{"ragged-row.csv",
	 "ttftstat: fixtures/bad/ragged-row.csv:4: record has 4 fields, the header has 5\n", 1},
	{"bad-timestamp.csv",
	 "ttftstat: fixtures/bad/bad-timestamp.csv:4: start_time '2026-02-30T08:02:00Z' is not a timestamp\n", 1},
	{"invalid-utf8-key.csv",
	 "ttftstat: fixtures/bad/invalid-utf8-key.csv:4: model 'm\xef\xbf\xbd' is not valid UTF-8\n", 1},
	{"unterminated-quote.csv",
	 "ttftstat: fixtures/bad/unterminated-quote.csv:5: unterminated quoted field (runs to the end of the input)\n", 1},
};

static void
each_bad_row_is_skipped_counted_and_explained(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *b = &bad_cases[i];
		char path[256];
		struct run r;
		yajl_val doc, in;
		const char *inputs[] = {"inputs", NULL};

		snprintf(path, sizeof path, "fixtures/bad/%s", b->file);
		run_tool(&r, NULL, "summary", "--format-out", "json", path, NULL);
		assert_int_equal(r.status, 0);
		assert_string_equal(r.err, b->message);
		doc = jparse(r.out);
		in = YAJL_GET_ARRAY(jget(doc, inputs, yajl_t_array))->values[0];
		assert_int_equal(jget_num(in, "rejected"), b->rejected);
		/* nothing dropped silently: rows = accepted + rejected */
		assert_int_equal(jget_num(in, "rows"),
		                 jget_num(in, "accepted") + jget_num(in, "rejected"));
		yajl_tree_free(doc);
		run_free(&r);

		/* --strict: the same line is the error, exit 65, no output */
		run_tool(&r, NULL, "summary", "--strict", path, NULL);
		assert_int_equal(r.status, 65);
		assert_string_equal(r.out, "");
		assert_true(contains(r.err, "(--strict)"));
		assert_true(contains(r.err, path));
		run_free(&r);
	}
}

struct fatal_case {
	const char *file;
	int status;
	const char *message;
};

static const struct fatal_case fatal_cases[] = {
	{"fixtures/bad/no-ttft-column.csv", 65,
	 "ttftstat: fixtures/bad/no-ttft-column.csv: no TTFT column found; "
	 "columns: 'model', 'provider', 'latency'; name one with --ttft COL "
	 "(and --unit), or use --start and --first-token\n"},
	{"fixtures/bad/empty.csv", 65,
	 "ttftstat: fixtures/bad/empty.csv: empty input\n"},
	{"fixtures/bad/header-only.csv", 65,
	 "ttftstat: no latency sample to analyse: fixtures/bad/header-only.csv: "
	 "no records\n"},
	{"fixtures/no-such-file.csv", 66,
	 "ttftstat: cannot open 'fixtures/no-such-file.csv': No such file or "
	 "directory\n"},
	{"fixtures", 66,
	 "ttftstat: cannot read 'fixtures': it is a directory\n"},
};

static void
unusable_inputs_exit_with_sysexits_codes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof fatal_cases / sizeof fatal_cases[0]; i++) {
		struct run r;
		run_tool(&r, NULL, "summary", fatal_cases[i].file, NULL);
		assert_int_equal(r.status, fatal_cases[i].status);
		assert_string_equal(r.out, "");
		assert_string_equal(r.err, fatal_cases[i].message);
		run_free(&r);
	}
}

static void
all_rows_rejected_is_a_data_error(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "fixtures/bad/all-rejected.csv", NULL);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err,
	    "ttftstat: fixtures/bad/all-rejected.csv:2: ttft_ms 'x' is not a number\n"
	    "ttftstat: fixtures/bad/all-rejected.csv:3: ttft_ms '-1' is negative\n"
	    "ttftstat: no latency sample to analyse: fixtures/bad/all-rejected.csv: "
	    "all 2 of its 2 records with a TTFT were rejected, the first: ttft_ms "
	    "'x' is not a number\n");
	run_free(&r);
}

/* A 2 MiB field is one rejected record, not 2 MiB of memory per field;
 * the reader resumes on the next line. */
static void
a_giant_field_is_rejected_and_reading_goes_on(void **state)
{
	size_t big = 2u * 1024u * 1024u, n = 0;
	char *buf = malloc(big + 512);
	const char *path;
	struct run r;
	yajl_val doc, in;
	const char *inputs[] = {"inputs", NULL};

	(void)state;
	n += (size_t)sprintf(buf + n, "model,ttft_ms\nm,100\nm,");
	memset(buf + n, '7', big);
	n += big;
	n += (size_t)sprintf(buf + n, "\nm,120\nm,130\n");
	path = write_temp("giant.csv", buf, n);
	run_tool(&r, NULL, "summary", "--format-out", "json", path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.err, ":3: a field is longer than 1048576 bytes"));
	doc = jparse(r.out);
	in = YAJL_GET_ARRAY(jget(doc, inputs, yajl_t_array))->values[0];
	assert_int_equal(jget_num(in, "rejected"), 1);
	assert_int_equal(jget_num(in, "accepted"), 3);
	assert_int_equal(jget_num(YAJL_GET_ARRAY(cells_of(doc))->values[0], "n"),
	                 3);
	yajl_tree_free(doc);
	run_free(&r);
	unlink(path);
	free(buf);
}

static void
more_than_ten_bad_rows_show_ten_and_count_all(void **state)
{
	char buf[4096];
	size_t n = (size_t)sprintf(buf, "model,ttft_s\n");
	const char *path;
	struct run r;
	size_t lines = 0;

	(void)state;
	for (int i = 0; i < 25; i++)
		n += (size_t)sprintf(buf + n, "m,%s\n", i % 2 ? "0.5" : "bad");
	path = write_temp("many-bad.csv", buf, n);
	run_tool(&r, NULL, "summary", path, NULL);
	assert_int_equal(r.status, 0);
	for (char *p = r.err; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 11);
	assert_true(contains(r.err, ": 13 records rejected in all (the first 10 "
	                            "are shown)\n"));
	/* the inputs table: 25 rows, 12 accepted, 13 rejected */
	assert_true(contains(r.out, "  25        12        13  "));
	run_free(&r);
	unlink(path);
}

static void
quiet_silences_warnings_but_not_errors(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "-q", "fixtures/bad/nan-ttft.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	run_free(&r);
	run_tool(&r, NULL, "summary", "-q", "fixtures/bad/empty.csv", NULL);
	assert_int_equal(r.status, 65);
	assert_true(contains(r.err, "empty input"));
	run_free(&r);
}

/* ==== the command line ==== */

static void
usage_errors_exit_2_and_name_the_option(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--wramup", "2", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "ttftstat: unknown option '--wramup'; did you "
	                           "mean '--warmup'?\n");
	run_free(&r);
	run_tool(&r, NULL, "summary", "--warmup", "-1", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "--warmup '-1' is not a whole number"));
	run_free(&r);
	run_tool(&r, NULL, "summary", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "summary needs at least one FILE"));
	run_free(&r);
	run_tool(&r, NULL, "sumary", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "'sumary' is not a command"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--format-out", "yaml", "x", NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
	run_tool(&r, NULL, "summary", "--ttft", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "'--ttft' needs a value"));
	run_free(&r);
}

static void
help_and_version_go_to_stdout(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "--version", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "ttftstat 0."));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "--warmup N"));
	assert_string_equal(r.err, "");
	run_free(&r);
	run_tool(&r, NULL, "summary", "--preset", "help", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "jmeter"));
	assert_true(contains(r.out, "k6"));
	run_free(&r);
}

/* Every option a command's --help lists is documented in its man page
 * (curl's rule). */
static void
help_options_are_in_the_man_page(const char *cmd, const char *page,
                                 size_t at_least)
{
	struct run r;
	char *man = slurp(page, NULL);
	size_t checked = 0;

	run_tool(&r, NULL, cmd, "--help", NULL);
	for (char *p = strstr(r.out, "--"); p != NULL; p = strstr(p + 2, "--")) {
		char name[64], roff[80];
		size_t n = 0;
		p += 2;
		while (n < sizeof name - 1 && (p[n] == '-' || (p[n] >= 'a' && p[n] <= 'z')))
			n++;
		memcpy(name, p, n);
		name[n] = '\0';
		if (n == 0)
			continue;
		snprintf(roff, sizeof roff, "\\-\\-");
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(roff);
			if (name[i] == '-')
				snprintf(roff + l, sizeof roff - l, "\\-");
			else
				snprintf(roff + l, sizeof roff - l, "%c", name[i]);
		}
		if (!contains(man, roff))
			fail_msg("--%s is in %s --help but not in %s", name, cmd, page);
		checked++;
	}
	assert_true(checked >= at_least);
	free(man);
	run_free(&r);
}

static void
every_help_option_is_in_the_man_page(void **state)
{
	(void)state;
	help_options_are_in_the_man_page("summary", "man/ttftstat-summary.1", 24);
	help_options_are_in_the_man_page("plot", "man/ttftstat-plot.1", 24);
	help_options_are_in_the_man_page("compare", "man/ttftstat-compare.1", 24);
	help_options_are_in_the_man_page("rank", "man/ttftstat-rank.1", 24);
	help_options_are_in_the_man_page("classify", "man/ttftstat-classify.1", 20);
	help_options_are_in_the_man_page("report", "man/ttftstat-report.1", 20);
}

static void
a_failed_write_exits_74(void **state)
{
	const char *tool = getenv("TTFTSTAT") ? getenv("TTFTSTAT") : "./ttftstat";
	char cmd[512], *err;
	int st;

	(void)state;
	if (access("/dev/full", W_OK) != 0)
		skip();
	/* stdout must be the full device itself, so this one goes through
	 * the shell rather than run_tool()'s capture file */
	snprintf(cmd, sizeof cmd, "%s summary fixtures/capture.csv >/dev/full "
	         "2>/tmp/ttftstat-full.err", tool);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 74);
	err = slurp("/tmp/ttftstat-full.err", NULL);
	assert_true(contains(err, "ttftstat: cannot write the output: No space "
	                          "left on device"));
	free(err);
	unlink("/tmp/ttftstat-full.err");
}

/* --by picks the cell; --where keeps records; --set stamps a key. */
static void
by_where_and_set_shape_the_cells(void **state)
{
	struct run r;
	yajl_val doc, c;

	(void)state;
	run_tool(&r, NULL, "summary", "--by", "provider", "--where",
	         "model=qwen-2.5-72b", "--set", "run=A", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 3);
	c = YAJL_GET_ARRAY(cells_of(doc))->values[1];
	assert_string_equal(group_value(c, "provider"), "bravo");
	assert_string_equal(group_value(c, "run"), "A");
	assert_null(group_value(c, "model"));
	/* oracle, warm-up 0, qwen-2.5-72b/bravo: n 81, 3 errors */
	assert_int_equal(jget_num(c, "n"), 81);
	assert_int_equal(jget_num(c, "errors"), 3);
	yajl_tree_free(doc);
	run_free(&r);
}

/* Every one of the 16 --where filters applies, the last ones too (their
 * roles' bits are above 32: the record queue once kept 32 and lost them,
 * so a record failed the 15th and 16th filters whatever its fields). */
static void
all_sixteen_where_filters_apply(void **state)
{
	char text[4096], args[16][16];
	const char *argv[40];
	size_t o = 0, a = 0;
	const char *path;
	struct run r;
	yajl_val doc;

	(void)state;
	o += (size_t)snprintf(text + o, sizeof text - o, "model,ttft");
	for (int k = 1; k <= 16; k++)
		o += (size_t)snprintf(text + o, sizeof text - o, ",f%d", k);
	/* 30 rows: every fifth has f16 = n, every seventh f15 = n */
	for (int i = 0; i < 30; i++) {
		o += (size_t)snprintf(text + o, sizeof text - o, "\nm,0.%d", 10 + i);
		for (int k = 1; k <= 16; k++)
			o += (size_t)snprintf(text + o, sizeof text - o, ",%s",
			                      (k == 16 && i % 5 == 0) ||
			                      (k == 15 && i % 7 == 0) ? "n" : "y");
	}
	path = write_temp("where16.csv", text, o);
	argv[a++] = "summary";
	for (int k = 1; k <= 16; k++) {
		snprintf(args[k - 1], sizeof args[k - 1], "f%d=y", k);
		argv[a++] = "--where";
		argv[a++] = args[k - 1];
	}
	argv[a++] = "--format-out";
	argv[a++] = "json";
	argv[a++] = path;
	argv[a] = NULL;
	run_toolv(&r, NULL, argv);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	/* by hand: of i = 0..29, 6 are multiples of 5 and 5 of 7, and 0
	 * is both: 30 - 6 - 5 + 1 = 20 kept */
	assert_int_equal(jget_num(YAJL_GET_ARRAY(cells_of(doc))->values[0], "n"),
	                 20);
	yajl_tree_free(doc);
	run_free(&r);
	unlink(path);
}

/* A file with neither model nor provider is one cell named after it. */
static void
a_file_without_keys_is_one_cell_named_after_it(void **state)
{
	static const char text[] = "ttft\n0.5\n0.7\n0.6\n";
	const char *path = write_temp("nokeys.csv", text, sizeof text - 1);
	struct run r;
	yajl_val doc, c;

	(void)state;
	run_tool(&r, NULL, "summary", "--format-out", "json", path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	c = YAJL_GET_ARRAY(cells_of(doc))->values[0];
	assert_string_equal(group_value(c, "file"), path);
	/* by hand: median of {0.5, 0.6, 0.7} */
	assert_close(jget_num(jget(c, (const char *[]){"ttft_s", NULL},
	                               yajl_t_object), "median"), 0.6, 1e-15,
	             "median");
	yajl_tree_free(doc);
	run_free(&r);
	unlink(path);
}

/* ==== intervals and the mixture, end to end ==== */

static yajl_val
cell_named(yajl_val doc, const char *model, const char *provider)
{
	yajl_val cells = cells_of(doc);

	for (size_t i = 0; i < YAJL_GET_ARRAY(cells)->len; i++) {
		yajl_val c = YAJL_GET_ARRAY(cells)->values[i];
		if (strcmp(group_value(c, "model"), model) == 0 &&
		    strcmp(group_value(c, "provider"), provider) == 0)
			return c;
	}
	fail_msg("no cell %s/%s", model, provider);
	return NULL;
}

static void
json_carries_intervals_and_the_mixture(void **state)
{
	static const char *const ci_keys[] = {"median", "p95", "p99", "mean",
	                                      "cv_pct", "tail_ratio"};
	static const char *const mix_keys[] = {"delta_bic", "cold_share",
	                                       "warm_median_s", "cold_median_s",
	                                       "threshold_s"};
	struct run r;
	yajl_val doc, cells;

	(void)state;
	run_tool(&r, NULL, "summary", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	cells = cells_of(doc);
	for (size_t i = 0; i < YAJL_GET_ARRAY(cells)->len; i++) {
		yajl_val c = YAJL_GET_ARRAY(cells)->values[i];
		for (size_t k = 0; k < 6; k++) {
			const char *path[] = {"ci", ci_keys[k], NULL};
			yajl_val a;
			/* every fixture cell has n < 300: p99's is withheld */
			if (strcmp(ci_keys[k], "p99") == 0) {
				assert_true(YAJL_IS_NULL(jget(c, path, yajl_t_any)));
				continue;
			}
			/* and mean's and CV's when a handful of requests carry them */
			if ((k == 3 || k == 4) && jget_num(c, "top_share") > 0.5) {
				assert_true(YAJL_IS_NULL(jget(c, path, yajl_t_any)));
				continue;
			}
			a = jget(c, path, yajl_t_array);
			assert_int_equal(YAJL_GET_ARRAY(a)->len, 2);
			assert_true(YAJL_GET_DOUBLE(YAJL_GET_ARRAY(a)->values[0]) <=
			            YAJL_GET_DOUBLE(YAJL_GET_ARRAY(a)->values[1]));
		}
		for (size_t k = 0; k < 5; k++) {
			const char *path[] = {"mixture", mix_keys[k], NULL};
			assert_non_null(yajl_tree_get(c, path, yajl_t_any));
		}
	}
	{
		/* fixtures/generate.py: llama/bravo scales to zero after 600 s
		 * idle (then 80 % cold); qwen/alpha cold-starts at random */
		yajl_val b = cell_named(doc, "llama-3.1-70b", "bravo");
		const char *bim[] = {"mixture", "bimodal", NULL};
		const char *share[] = {"mixture", "cold_share", NULL};
		const char *keep[] = {"idle", "keep_warm_s", NULL};
		const char *note[] = {"idle", "note", NULL};
		double cs, kw;
		assert_true(YAJL_IS_TRUE(jget(b, bim, yajl_t_any)));
		cs = YAJL_GET_DOUBLE(jget(b, share, yajl_t_number));
		assert_true(cs > 0.2 && cs < 0.45);
		kw = YAJL_GET_DOUBLE(jget(b, keep, yajl_t_number));
		assert_true(kw > 500 && kw < 800);
		b = cell_named(doc, "qwen-2.5-72b", "alpha");
		assert_true(YAJL_IS_TRUE(jget(b, bim, yajl_t_any)));
		assert_true(contains(YAJL_GET_STRING(jget(b, note, yajl_t_string)),
		                     "do not follow longer idle gaps"));
		b = cell_named(doc, "qwen-2.5-72b", "bravo");
		assert_true(YAJL_IS_FALSE(jget(b, bim, yajl_t_any)));
		assert_close(YAJL_GET_DOUBLE(jget(b, share, yajl_t_number)), 0, 0,
		             "cold share of a unimodal cell");
	}
	yajl_tree_free(doc);
	run_free(&r);
}

static void
output_is_the_same_on_one_thread_or_two(void **state)
{
	struct run a, b;

	(void)state;
	run_tool(&a, NULL, "summary", "--threads", "1", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	run_tool(&b, NULL, "summary", "--threads", "2", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(a.status, 0);
	assert_string_equal(a.out, b.out);
	run_free(&a);
	run_free(&b);
}

/* Each cell's random streams are keyed by its key, not its position:
 * the cells of two files come out the same in either order. */
static void
output_does_not_depend_on_input_order(void **state)
{
	char *text = slurp("fixtures/capture.csv", NULL), *line, *save = NULL;
	char *a = calloc(1, strlen(text) + 1), *b = calloc(1, strlen(text) + 1);
	char pa[256], pb[256];
	struct run x, y;
	bool header = true;

	(void)state;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (header || strncmp(line, "llama", 5) == 0)
			strcat(strcat(a, line), "\n");
		if (header || strncmp(line, "qwen", 4) == 0)
			strcat(strcat(b, line), "\n");
		header = false;
	}
	snprintf(pa, sizeof pa, "%s", write_temp("llama.csv", a, strlen(a)));
	snprintf(pb, sizeof pb, "%s", write_temp("qwen.csv", b, strlen(b)));
	run_tool(&x, NULL, "summary", "--format-out", "json", pa, pb, NULL);
	run_tool(&y, NULL, "summary", "--format-out", "json", pb, pa, NULL);
	assert_int_equal(x.status, 0);
	assert_string_equal(strstr(x.out, "\"cells\""), strstr(y.out, "\"cells\""));
	run_free(&x);
	run_free(&y);
	unlink(pa);
	unlink(pb);
	free(a);
	free(b);
	free(text);
}

static void
small_cells_get_no_interval_and_say_why(void **state)
{
	static const char text[] = "model,ttft_s\nm,0.5\nm,0.6\nm,0.7\nm,0.4\n";
	const char *path = write_temp("small.csv", text, sizeof text - 1);
	struct run r;
	yajl_val doc, c;
	const char *ci[] = {"ci", "median", NULL};
	const char *mix[] = {"mixture", NULL};

	(void)state;
	run_tool(&r, NULL, "summary", "--format-out", "json", path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	c = YAJL_GET_ARRAY(cells_of(doc))->values[0];
	assert_true(YAJL_IS_NULL(jget(c, ci, yajl_t_any)));
	assert_true(YAJL_IS_NULL(jget(c, mix, yajl_t_any)));
	assert_true(contains(r.out, "fewer than 10 requests: no confidence intervals"));
	yajl_tree_free(doc);
	run_free(&r);
	unlink(path);
}

static void
percentile_intervals_on_request(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--ci", "percentile", "--format-out",
	         "json", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"ci_method\": \"percentile\""));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--ci", "studentized", "x", NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
}

static void
classify_lists_every_request_with_p_cold(void **state)
{
	struct run r;
	yajl_val doc;
	size_t lines = 0, cold = 0;

	(void)state;
	run_tool(&r, NULL, "classify", "--warmup", "2", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 0);
	for (char *p = r.out; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 1 + 540);
	assert_true(contains(r.out, "source,line,model,provider,start,"
	                            "status,ok,warmup,ttft_s,p_cold,cold\n"));
	run_free(&r);
	run_tool(&r, NULL, "classify", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	{
		const char *rq[] = {"requests", NULL};
		yajl_val reqs = jget(doc, rq, yajl_t_array);
		assert_int_equal(YAJL_GET_ARRAY(reqs)->len, 540);
	}
	for (size_t i = 0; i < 540; i++) {
		const char *rq[] = {"requests", NULL};
		yajl_val q = YAJL_GET_ARRAY(jget(doc, rq, yajl_t_array))->values[i];
		const char *pc[] = {"p_cold", NULL}, *ok[] = {"ok", NULL};
		const char *wu[] = {"warmup", NULL};
		yajl_val p = jget(q, pc, yajl_t_any);
		if (YAJL_IS_TRUE(jget(q, ok, yajl_t_any)) &&
		    YAJL_IS_FALSE(jget(q, wu, yajl_t_any))) {
			double v = YAJL_GET_DOUBLE(p);
			assert_true(v >= 0.0 && v <= 1.0);
			cold += v > 0.5;
		} else {
			assert_true(YAJL_IS_NULL(p));
		}
	}
	/* the summary's cold shares: llama/bravo 32.2 % of 90, qwen/alpha
	 * 9.5 % of 84; classification by p_cold > 1/2 is close to that */
	assert_true(cold >= 30 && cold <= 40);
	yajl_tree_free(doc);
	run_free(&r);
}

/* ==== compare ==== */

static yajl_val
cmp_cell(yajl_val doc, const char *model, const char *provider)
{
	yajl_val cells = cells_of(doc);

	for (size_t i = 0; i < YAJL_GET_ARRAY(cells)->len; i++) {
		yajl_val c = YAJL_GET_ARRAY(cells)->values[i];
		const char *m = group_value(c, "model"), *p = group_value(c, "provider");
		if (m && p && strcmp(m, model) == 0 && strcmp(p, provider) == 0)
			return c;
	}
	fail_msg("no cell %s/%s", model, provider);
	return NULL;
}

static bool
jtrue(yajl_val v, const char *a, const char *b)
{
	const char *path[] = {a, b, NULL};

	return YAJL_IS_TRUE(yajl_tree_get(v, path, yajl_t_any));
}

static double
jnum2(yajl_val v, const char *a, const char *b)
{
	const char *path[] = {a, b, NULL};
	yajl_val n = yajl_tree_get(v, path, yajl_t_any);

	if (n == NULL)
		fail_msg("no %s%s%s", a, b ? "." : "", b ? b : "");
	return YAJL_IS_NUMBER(n) ? YAJL_GET_DOUBLE(n) : NAN;
}

/* fixtures/generate.py's second day (CELLS_NEW): bravo stopped scaling
 * llama to zero, qwen on alpha got 30 % slower, qwen on charlie kept its
 * median and lost its consistency, the rest is unchanged. */
static void
compare_finds_the_changes_that_were_made(void **state)
{
	static const char *const side_keys[] = {"n", "median", "p95", "cv_pct",
	                                         "cold_share"};
	struct run r;
	yajl_val doc, c;

	(void)state;
	run_tool(&r, NULL, "compare", "--warmup", "2", "--format-out", "json",
	         "fixtures/capture.csv", "fixtures/capture-new.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 6);
	c = cmp_cell(doc, "llama-3.1-70b", "alpha");
	for (size_t k = 0; k < 5; k++) {
		assert_false(isnan(jnum2(c, "base", side_keys[k])));
		assert_false(isnan(jnum2(c, "new", side_keys[k])));
	}
	assert_false(isnan(jnum2(c, "delta", "median_pct")));
	assert_false(isnan(jnum2(c, "delta", "p95_pct")));
	assert_false(isnan(jnum2(c, "delta", "cv_pct_points")));
	assert_non_null(jget(c, (const char *[]){"delta", "ci", "median_pct", NULL},
	                     yajl_t_array));
	assert_true(contains(r.out, "\"continuity_correction\": true"));
	assert_false(jtrue(c, "significant", NULL));     /* unchanged */
	assert_false(jtrue(c, "regression", NULL));
	c = cmp_cell(doc, "llama-3.1-70b", "bravo");     /* cold starts gone */
	assert_true(jnum2(c, "cold_share_test", "p_adjusted") < 0.05);
	assert_true(jnum2(c, "delta", "p95_pct") < -90);
	assert_false(jtrue(c, "regression", NULL));
	c = cmp_cell(doc, "qwen-2.5-72b", "alpha");      /* 30 % slower */
	assert_true(jtrue(c, "significant", NULL));
	assert_true(jnum2(c, "delta", "median_pct") > 0);
	assert_true(jtrue(c, "regression", NULL));
	c = cmp_cell(doc, "qwen-2.5-72b", "charlie");    /* less consistent */
	assert_true(jnum2(c, "consistency_test", "p_adjusted") < 0.05);
	assert_true(jnum2(c, "delta", "cv_pct_points") > 0);
	assert_true(jtrue(c, "regression", NULL));
	yajl_tree_free(doc);
	run_free(&r);
}

/* The line of the text gates table for gate g and cell c, or NULL. */
static const char *
gate_line(const char *out, const char *mark, const char *g, const char *c)
{
	static char line[512];

	for (const char *p = out; *p != '\0'; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != '\0')) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		if (strncmp(line, mark, strlen(mark)) == 0 && strstr(line, g) &&
		    strstr(line, c))
			return line;
	}
	return NULL;
}

static yajl_val
gate_entry(yajl_val doc, const char *gate, const char *cell)
{
	const char *gp[] = {"gates", NULL}, *gk[] = {"gate", NULL},
	           *ck[] = {"cell", NULL};
	yajl_val arr = jget(doc, gp, yajl_t_array);

	for (size_t i = 0; i < YAJL_GET_ARRAY(arr)->len; i++) {
		yajl_val e = YAJL_GET_ARRAY(arr)->values[i];
		const char *g = YAJL_GET_STRING(jget(e, gk, yajl_t_string));
		const char *c = YAJL_GET_STRING(jget(e, ck, yajl_t_string));
		if (g != NULL && c != NULL && strcmp(g, gate) == 0 &&
		    strcmp(c, cell) == 0)
			return e;
	}
	fail_msg("no gate %s for %s", gate, cell);
	return NULL;
}

/* Every gate is said with its verdict (✓ or ✗), the cell, the value seen
 * and the limit, in every format: text in the report, JSON in "gates",
 * CSV and Markdown on standard error.  Expected values: the p95 of
 * llama-3.1-70b/bravo is 43.22 s (tests/expected/capture-warmup0.json,
 * numpy), its error rate 4/96 = 4.2 %. */
static void
gates_say_cell_value_and_verdict_in_every_format(void **state)
{
	static const char *const gp95[] = {"observed", NULL};
	static const char *const glim[] = {"limit", NULL};
	static const char *const gpass[] = {"passed", NULL};
	struct run r;
	yajl_val doc, e;
	const char *l;

	(void)state;
	run_tool(&r, NULL, "compare", "--fail-if", "regression",
	         "fixtures/capture.csv", "fixtures/capture-new.csv", NULL);
	assert_int_equal(r.status, 1);
	assert_non_null(gate_line(r.out, "\xe2\x9c\x97", "regression",
	                          "qwen-2.5-72b/alpha"));
	assert_non_null(gate_line(r.out, "\xe2\x9c\x93", "regression",
	                          "llama-3.1-70b/alpha"));
	assert_string_equal(r.err, "");
	run_free(&r);
	run_tool(&r, NULL, "compare", "--fail-if", "regression",
	         "fixtures/capture.csv", "fixtures/capture.tsv", NULL);
	assert_int_equal(r.status, 0);                  /* the same capture */
	run_free(&r);
	run_tool(&r, NULL, "compare", "--fail-if", "p95_pct>>10",
	         "fixtures/capture.csv", "fixtures/capture.tsv", NULL);
	assert_int_equal(r.status, 2);
	assert_string_equal(r.err, "ttftstat: --fail-if 'p95_pct>>10': at "
	                           "character 9: expected a number\n");
	run_free(&r);

	run_tool(&r, NULL, "summary", "--fail-if", "p95>1.5s", "--fail-if",
	         "errors>10%", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 1);
	l = gate_line(r.out, "\xe2\x9c\x97", "p95>1.5s", "llama-3.1-70b/bravo");
	assert_non_null(l);
	assert_true(contains(l, "43.22"));
	assert_non_null(gate_line(r.out, "\xe2\x9c\x93", "errors>10%",
	                          "llama-3.1-70b/bravo"));
	assert_non_null(gate_line(r.out, "\xe2\x9c\x93", "p95>1.5s",
	                          "llama-3.1-70b/alpha"));
	run_free(&r);

	run_tool(&r, NULL, "summary", "--fail-if", "p95>1500ms", "--format-out",
	         "json", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 1);
	doc = jparse(r.out);
	e = gate_entry(doc, "p95>1500ms", "llama-3.1-70b/bravo");
	/* in the gate's own unit, as it was written */
	assert_close(YAJL_GET_DOUBLE(jget(e, gp95, yajl_t_number)), 43220.0,
	             1e-3, "observed p95 in ms");
	assert_close(YAJL_GET_DOUBLE(jget(e, glim, yajl_t_number)), 1500.0,
	             1e-12, "limit");
	assert_true(YAJL_IS_FALSE(jget(e, gpass, yajl_t_any)));
	e = gate_entry(doc, "p95>1500ms", "llama-3.1-70b/alpha");
	assert_true(YAJL_IS_TRUE(jget(e, gpass, yajl_t_any)));
	yajl_tree_free(doc);
	run_free(&r);

	for (int md = 0; md < 2; md++) {
		run_tool(&r, NULL, "summary", "--fail-if", "p95>1.5s",
		         "--format-out", md ? "markdown" : "csv",
		         "fixtures/capture.csv", NULL);
		assert_int_equal(r.status, 1);
		assert_non_null(gate_line(r.err, "\xe2\x9c\x97", "p95>1.5s",
		                          "llama-3.1-70b/bravo"));
		assert_false(contains(r.out, "\xe2\x9c\x97"));
		run_free(&r);
	}
}

/* Nothing matched is no pass: a compare gate fails when no cell of BASE
 * is also in NEW, and says why. */
static void
a_compare_gate_fails_when_no_cell_matched(void **state)
{
	static const char other[] = "model,provider,ttft_s\n"
	                            "other,x,0.5\nother,x,0.6\nother,x,0.7\n";
	const char *path = write_temp("other.csv", other, sizeof other - 1);
	struct run r;

	(void)state;
	run_tool(&r, NULL, "compare", "--bootstrap", "0", "--fail-if",
	         "regression", "fixtures/capture.csv", path, NULL);
	assert_int_equal(r.status, 1);
	assert_true(contains(r.out, "no cell of BASE matches a cell of NEW"));
	run_free(&r);
	run_tool(&r, NULL, "compare", "--bootstrap", "0", "fixtures/capture.csv",
	         path, NULL);
	assert_int_equal(r.status, 0);          /* without a gate: a report */
	run_free(&r);
	unlink(path);
}

/* A cell on one side only is listed, not dropped. */
static void
compare_lists_cells_of_one_side(void **state)
{
	char *text = slurp("fixtures/capture-new.csv", NULL), *line, *save = NULL;
	char *llama = calloc(1, strlen(text) + 1), path[256];
	struct run r;
	yajl_val doc;
	size_t base_only = 0, both = 0;
	bool header = true;

	(void)state;
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (header || strncmp(line, "llama", 5) == 0)
			strcat(strcat(llama, line), "\n");
		header = false;
	}
	snprintf(path, sizeof path, "%s", write_temp("llama-new.csv", llama,
	                                             strlen(llama)));
	run_tool(&r, NULL, "compare", "--format-out", "json",
	         "fixtures/capture.csv", path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	assert_int_equal(YAJL_GET_ARRAY(cells_of(doc))->len, 6);
	for (size_t i = 0; i < 6; i++) {
		yajl_val c = YAJL_GET_ARRAY(cells_of(doc))->values[i];
		const char *pp[] = {"present", NULL};
		const char *v = YAJL_GET_STRING(jget(c, pp, yajl_t_string));
		base_only += strcmp(v, "base") == 0;
		both += strcmp(v, "both") == 0;
	}
	assert_int_equal(base_only, 3);                 /* the qwen cells */
	assert_int_equal(both, 3);
	yajl_tree_free(doc);
	run_free(&r);
	unlink(path);
	free(llama);
	free(text);
}

/* No universal best provider (fixtures/generate.py): on p95, alpha is
 * best for llama and bravo for qwen; on the median alpha and bravo cannot
 * be told apart for llama, so they share rank 1. */
static void
rank_orders_providers_and_ties_the_indistinguishable(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "rank", "--warmup", "2", "--format-out", "csv",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"llama-3.1-70b\",1,\"alpha\""));
	assert_true(contains(r.out, "\"qwen-2.5-72b\",1,\"bravo\""));
	run_free(&r);
	run_tool(&r, NULL, "rank", "--by-metric", "median", "--warmup", "2",
	         "--format-out", "json", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"rank\": 1, \"provider\": \"bravo\""));
	assert_true(contains(r.out, "\"rank\": 1, \"provider\": \"alpha\""));
	assert_true(contains(r.out, "\"tied_with_previous\": true"));
	run_free(&r);
	run_tool(&r, NULL, "rank", "--by-metric", "p50", "x", NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
}

/* The mixture of a real cell (LLMPerf's Llama-2-7b responses, and the
 * leaderboard's replicate 7b) does not depend on the seed or the cell's
 * name: the fit has no random start (mixture.h). */
static void
the_mixture_does_not_depend_on_seed_or_name(void **state)
{
	static const char *const files[] = {
		"fixtures/harness/llmperf/meta-llama-Llama-2-7b-chat-hf_550_150_"
		"individual_responses.json",
		"fixtures/harness/llmperf-leaderboard/replicate_7b.json"};

	(void)state;
	for (size_t f = 0; f < 2; f++) {
		char *first = NULL;
		for (int k = 1; k <= 22; k++) {
			struct run r;
			char seed[16], name[32];
			const char *mix;
			size_t len;
			snprintf(seed, sizeof seed, "%d", k <= 20 ? k : 1);
			/* 21, 22: renamed */
			snprintf(name, sizeof name, "model=%s", k == 21 ? "d" : "a");
			run_tool(&r, NULL, "summary", "--bootstrap", "0", "--seed", seed,
			         "--set", name, "--format-out", "json", files[f], NULL);
			assert_int_equal(r.status, 0);
			mix = strstr(r.out, "\"mixture\"");
			assert_non_null(mix);
			len = strcspn(mix, "}");
			if (first == NULL) {
				first = strndup(mix, len);
			} else if (strncmp(first, mix, len) != 0) {
				fail_msg("%s: seed %s, %s: %.*s against %s", files[f], seed,
				         name, (int)len, mix, first);
			}
			run_free(&r);
		}
		free(first);
	}
}

/* The capture audit: the bundled capture (sequential, spaced, 12 h) passes
 * every check once its warm-up is dropped; the load test at concurrency
 * 8 (fixtures/generate.py's loadtest) fails concurrency and spacing, in
 * JSON and in the text's capture section. */
static void
the_capture_audit_passes_the_capture_and_fails_the_load_test(void **state)
{
	struct run r;
	yajl_val doc, cells;

	(void)state;
	run_tool(&r, NULL, "summary", "--warmup", "2", "--bootstrap", "0",
	         "--format-out", "json", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	cells = cells_of(doc);
	for (size_t i = 0; i < YAJL_GET_ARRAY(cells)->len; i++) {
		yajl_val checks = jget(YAJL_GET_ARRAY(cells)->values[i],
		                       (const char *[]){"capture", "checks", NULL},
		                       yajl_t_object);
		for (size_t k = 0; k < YAJL_GET_OBJECT(checks)->len; k++) {
			const char *v = YAJL_GET_STRING(YAJL_GET_OBJECT(checks)->values[k]);
			const char *key = YAJL_GET_OBJECT(checks)->keys[k];
			/* the CSV has no end-to-end latencies or token counts:
			 * those two are said not checked, the rest pass */
			if (v != NULL && strcmp(v, "not checked") == 0 &&
			    (strcmp(key, "streaming") == 0 ||
			     strcmp(key, "fixed_prompt") == 0))
				continue;
			if (v == NULL || strcmp(v, "pass") != 0)
				fail_msg("cell %zu: %s is %s", i,
				         YAJL_GET_OBJECT(checks)->keys[k], v ? v : "?");
		}
	}
	yajl_tree_free(doc);
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "fixtures/loadtest-c8.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"concurrency\": \"fail\""));
	assert_true(contains(r.out, "\"spacing\": \"fail\""));
	assert_true(contains(r.out, "\"max\": 8"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0",
	         "fixtures/loadtest-c8.csv", NULL);
	assert_true(contains(r.out, "capture method"));
	assert_true(contains(r.out, "concurrency: up to 8 of"));
	run_free(&r);
}

/* A non-streaming run (TTFT = end-to-end latency, as GenAI-Perf exports
 * such runs) and prompts of 100 to 2000 tokens: the streaming and fixed
 * prompt checks fail; a streaming run with a fixed prompt passes both. */
static void
the_audit_sees_non_streaming_runs_and_varying_prompts(void **state)
{
	static char text[32768];
	size_t n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_ms,"
	                            "e2e_latency_ms,input_tokens\n");
	const char *path;
	struct run r;

	(void)state;
	for (int i = 0; i < 100; i++) {
		int tok = 100 + 19 * i;
		double t = 300 + tok * 0.5 + i % 7;
		n += (size_t)snprintf(text + n, sizeof text - n, "m,a,%.1f,%.1f,%d\n",
		                      t, t, tok);
		n += (size_t)snprintf(text + n, sizeof text - n, "m,b,%.1f,%.1f,550\n",
		                      400.0 + i % 13, 2400.0 + i % 13);
	}
	path = write_temp("nonstream.csv", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	assert_int_equal(r.status, 0);
	{
		yajl_val doc = jparse(r.out), cells = cells_of(doc);
		const char *st[] = {"capture", "checks", "streaming", NULL};
		const char *fp[] = {"capture", "checks", "fixed_prompt", NULL};
		yajl_val a = cell_named(doc, "m", "a"), b = cell_named(doc, "m", "b");
		(void)cells;
		assert_string_equal(YAJL_GET_STRING(jget(a, st, yajl_t_string)), "fail");
		assert_string_equal(YAJL_GET_STRING(jget(a, fp, yajl_t_string)), "fail");
		assert_string_equal(YAJL_GET_STRING(jget(b, st, yajl_t_string)), "pass");
		assert_string_equal(YAJL_GET_STRING(jget(b, fp, yajl_t_string)), "pass");
		yajl_tree_free(doc);
	}
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_true(contains(r.out, "non-streaming"));
	assert_true(contains(r.out, "input tokens vary (100 to 1981"));
	run_free(&r);
	/* GenAI-Perf's own export of a run without streaming (one response a
	 * request, fixtures/harnesses.py) against the streaming one */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "fixtures/harness/genai-perf/artifacts/meta-llama_Llama-3.1-8B-"
	         "Instruct-openai-chat-concurrency1-nonstreaming/profile_export.json",
	         NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"streaming\": \"fail\""));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "fixtures/harness/genai-perf/artifacts/meta-llama_Llama-3.1-8B-"
	         "Instruct-openai-chat-concurrency1/profile_export.json", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"streaming\": \"pass\""));
	run_free(&r);
	/* AIPerf's records carry request_latency and input_sequence_length:
	 * its streaming run with a fixed 550-token prompt passes both, and the
	 * concurrency is counted to the end of each response */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         "fixtures/harness/aiperf/0.2/artifacts/Qwen_Qwen3-0.6B-openai-"
	         "chat-concurrency1/profile_export.jsonl", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"streaming\": \"pass\""));
	assert_true(contains(r.out, "\"fixed_prompt\": \"pass\""));
	assert_true(contains(r.out, "\"tokens_min\": 550, \"tokens_max\": 550"));
	assert_true(contains(r.out, "\"counted\": \"exact: in flight from "
	                     "start to the end of the response\""));
	run_free(&r);
}

/* Provider a is faster but 10 of its 200 requests failed (5 %: still
 * reliable), b failed none: ranked first by p95, a is said to fail more
 * (Fisher's exact p for 10/190 against 0/200 is 0.0017, scipy 1.10.1
 * stats.fisher_exact), and by errors b comes first. */
static void
rank_says_when_the_first_fails_more(void **state)
{
	static char text[32768];
	size_t n = (size_t)snprintf(text, sizeof text,
	                            "model,provider,ttft_ms,status\n");
	const char *path;
	struct run r;

	(void)state;
	for (int i = 0; i < 200; i++) {
		n += (size_t)snprintf(text + n, sizeof text - n, "m,a,%d,%d\n",
		                      300 + i % 17, i % 20 == 0 ? 503 : 200);
		n += (size_t)snprintf(text + n, sizeof text - n, "m,b,%d,200\n",
		                      500 + i % 23);
	}
	path = write_temp("fails.csv", text, n);
	run_tool(&r, NULL, "rank", path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "ranked first by p95 but fails more often "
	                            "than m/b (5.0 % against 0.0 %"));
	run_free(&r);
	run_tool(&r, NULL, "rank", "--by-metric", "errors", "--format-out", "csv",
	         path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"m\",1,\"b\""));
	run_free(&r);
	run_tool(&r, NULL, "rank", "--by-metric", "p99", "--format-out", "csv",
	         path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"m\",1,\"a\""));
	run_free(&r);
}

/* hour, weekday and date come from the start times: the fixture runs on
 * Monday 2026-03-02 from 08:00 UTC. */
static void
derived_time_keys(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--by", "weekday,date",
	         "--format-out", "csv", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"Mon\",\"2026-03-02\",520,0,20,"));
	run_free(&r);
	/* in Tokyo (UTC+9) the same requests fall on Monday evening and
	 * Tuesday */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--by", "date",
	         "--tz", "+09:00", "--format-out", "csv", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"2026-03-02\","));
	assert_true(contains(r.out, "\"2026-03-03\","));
	run_free(&r);
	run_tool(&r, NULL, "compare", "--split", "hour=9-17,0-8",
	         "--format-out", "json", "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"label\": \"9-17\""));
	run_free(&r);
}

/* Piped into head, the tool ends quietly when the reader goes away: the
 * default SIGPIPE, no error message. */
static void
a_closed_pipe_ends_it_quietly(void **state)
{
	const char *tool = getenv("TTFTSTAT") ? getenv("TTFTSTAT") : "./ttftstat";
	char cmd[512], *err;
	int st;

	(void)state;
	snprintf(cmd, sizeof cmd, "%s classify fixtures/capture.csv "
	         "fixtures/capture.tsv fixtures/capture-excel.csv "
	         "2>/tmp/ttftstat-pipe.err | head -c 10 >/dev/null", tool);
	st = system(cmd);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	err = slurp("/tmp/ttftstat-pipe.err", NULL);
	assert_string_equal(err, "");
	free(err);
	unlink("/tmp/ttftstat-pipe.err");
}

/* The bash completion offers the commands, a command's options (read
 * from its --help) and the presets. */
static void
bash_completion_completes(void **state)
{
	const char *tool = getenv("TTFTSTAT") ? getenv("TTFTSTAT") : "./ttftstat";
	char cmd[1024], *out;
	int st;

	(void)state;
	if (system("command -v bash >/dev/null 2>&1") != 0)
		skip();
	snprintf(cmd, sizeof cmd, "bash -c '. cli/ttftstat.bash-completion; "
	         "t=%s; COMP_WORDS=($t com); COMP_CWORD=1; _ttftstat; "
	         "echo \"${COMPREPLY[*]}\"; COMP_WORDS=($t compare --fail); "
	         "COMP_CWORD=2; _ttftstat; echo \"${COMPREPLY[*]}\"; "
	         "COMP_WORDS=($t summary --preset gen); COMP_CWORD=3; _ttftstat; "
	         "echo \"${COMPREPLY[*]}\"' >/tmp/ttftstat-compl.out", tool);
	st = system(cmd);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	out = slurp("/tmp/ttftstat-compl.out", NULL);
	assert_string_equal(out, "compare\n--fail-if\ngenai-perf\n");
	free(out);
	unlink("/tmp/ttftstat-compl.out");
}

/* Untrusted names (a model read from a HAR, a CSV field) reach a terminal
 * only with their control bytes shown as '?': an escape sequence in a
 * model name must not recolour or rewrite the user's screen. */
static void
control_bytes_in_names_never_reach_the_terminal(void **state)
{
	char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_ms\n");
	const char *path;
	struct run r;

	(void)state;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "\"evil\x1b[31m\rmodel\",p,%d\n", 300 + i);
	path = write_temp("escape.csv", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_int_equal(r.status, 0);
	assert_null(memchr(r.out, 0x1b, r.out_len));
	assert_null(memchr(r.out, '\r', r.out_len));
	assert_true(contains(r.out, "evil?[31m?model"));
	run_free(&r);
	run_tool(&r, NULL, "compare", "--bootstrap", "0", "--fail-if",
	         "median_pct > -1000", path, path, NULL);
	assert_int_equal(r.status, 1);          /* the gate trips: see it printed */
	assert_null(memchr(r.out, 0x1b, r.out_len));
	assert_null(memchr(r.out, '\r', r.out_len));
	assert_non_null(gate_line(r.out, "\xe2\x9c\x97", "median_pct > -1000",
	                          "evil?[31m?model/p"));
	run_free(&r);
}

/* The accepted range is 1 ns to 1e6 s: outside it a value is a bad value,
 * counted with its reason; inside it, at both ends, the moments neither
 * overflow nor underflow and no output holds inf or nan.  Expected CVs
 * from numpy (100 * x.std(ddof=1) / x.mean()):
 *   20 x 1e-9 and 20 x 1.5e-9            20.254787341673328
 *   20 x 1e6 and 20 x 9e5                 5.330207195177193
 *   20 x 1e-9 and 2 x 1e6               323.66943748507134 */
static void
ttfts_at_the_edges_of_the_range_stay_finite(void **state)
{
	static char text[8192];
	static const char *const bad[] = {"1e300", "4.9e-324", "1.7e308",
	                                  "9e-10", "1.0000001e6", "1e-300"};
	static const char *const formats[] = {"text", "csv", "markdown", "json"};
	const char *path, *cv[] = {"cv_pct", NULL}, *ci[] = {"ci", "cv_pct", NULL};
	const char *rej[] = {"rejected", NULL};
	static const struct { const char *model; double cv; } want[] = {
		{"huge", 5.330207195177193}, {"mixed", 323.66943748507134},
		{"tiny", 20.254787341673328}};
	char dir[] = "/tmp/ttftstat-edges-XXXXXX", cmd[200];
	size_t n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_s\n");
	struct run r;
	yajl_val doc, cells;

	(void)state;
	for (int i = 0; i < 20; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "tiny,p,1e-9\ntiny,p,1.5e-9\nhuge,p,1e6\n"
		                      "huge,p,9e5\nmixed,p,1e-9\n");
	n += (size_t)snprintf(text + n, sizeof text - n,
	                      "mixed,p,1e6\nmixed,p,1e6\n");
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "tiny,p,%s\n",
		                      bad[i]);
	path = write_temp("edges.csv", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "1000", "--format-out",
	         "json", path, NULL);
	assert_int_equal(r.status, 0);
	doc = jparse(r.out);
	cells = cells_of(doc);
	assert_int_equal(YAJL_GET_ARRAY(cells)->len, 3);
	for (size_t i = 0; i < 3; i++) {
		yajl_val c = YAJL_GET_ARRAY(cells)->values[i];
		yajl_val lim = jget(c, ci, yajl_t_array);
		double lo = YAJL_GET_DOUBLE(YAJL_GET_ARRAY(lim)->values[0]);
		double hi = YAJL_GET_DOUBLE(YAJL_GET_ARRAY(lim)->values[1]);
		double got = YAJL_GET_DOUBLE(jget(c, cv, yajl_t_number));
		/* the corrected two-pass moments agree with numpy to rounding */
		assert_close(got, want[i].cv, 1e-12, want[i].model);
		/* mixed: (20/22)^22 = 12.2 % of resamples hold no 1e6 value
		 * (CV 0), and the BCa lower level lands on either side of that
		 * atom with the stream (numpy, five seeds of B = 1000: 0.105 to
		 * 0.143), so its lower end may be 0; never negative or lost */
		assert_true(i == 1 ? lo >= 0 : lo > 0);
		assert_true(lo <= got && got <= hi && isfinite(hi));
	}
	{
		yajl_val in = YAJL_GET_ARRAY(jget(doc, (const char *[]){"inputs", NULL},
		                                  yajl_t_array))->values[0];
		assert_int_equal(YAJL_GET_INTEGER(jget(in, rej, yajl_t_number)), 6);
	}
	assert_true(contains(r.err, "'4.9e-324' is below 1 ns, the smallest TTFT "
	                     "accepted"));
	assert_true(contains(r.err, "'1.7e308' is above 1e6 s, the largest TTFT "
	                     "accepted"));
	yajl_tree_free(doc);
	run_free(&r);
	for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
		run_tool(&r, NULL, "summary", "--bootstrap", "1000", "--format-out",
		         formats[f], path, NULL);
		assert_int_equal(r.status, 0);
		assert_false(contains(r.out, "inf") || contains(r.out, "nan") ||
		             contains(r.out, "Inf") || contains(r.out, "NaN"));
		run_free(&r);
	}
	/* the text table keeps two significant digits of its smallest
	 * time, here the sd of 2.5e-10 s */
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_true(contains(r.out, " 0.00000000100 "));
	assert_true(contains(r.out, " 0.00000000025 "));
	run_free(&r);
	assert_non_null(mkdtemp(dir));
	run_tool(&r, NULL, "plot", "--bootstrap", "1000", "-o", dir, path, NULL);
	assert_int_equal(r.status, 0);
	run_free(&r);
	snprintf(cmd, sizeof cmd, "! grep -il 'inf\\|nan' %s/*.dat && "
	         "ls %s/*.dat >/dev/null", dir, dir);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	unlink(path);
}

/* 0 turns intervals off; 1 cannot make one; below 1000 they are rough. */
static void
bootstrap_sizes_are_checked(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "1", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "--bootstrap 1: an interval needs at least "
	                     "2 resamples"));
	assert_int_equal(r.out_len, 0);
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "2", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.err, "--bootstrap 2: below 1000 resamples the "
	                     "intervals are rough"));
	assert_true(contains(r.out, "B = 2,"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "999", "-q",
	         "fixtures/capture.csv", NULL);
	assert_false(contains(r.err, "rough"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "1000",
	         "fixtures/capture.csv", NULL);
	assert_false(contains(r.err, "rough"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 0);
	assert_false(contains(r.err, "rough"));
	assert_false(contains(r.out, "confidence intervals"));
	run_free(&r);
}

/* ==== the output layer: bugs a review reproduced, and what replaced them ==== */

/* Columns of UTF-8 text (one a code point: the test names are narrow). */
static size_t
utf8_columns(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* rank wrote names raw into CSV and escape sequences to the terminal,
 * its CSV p_vs_previous repeated the adjusted p and rounded to 3 digits */
static void
rank_escapes_and_keeps_full_precision(void **state)
{
	static char text[8192];
	size_t n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_s\n");
	const char *path;
	struct run r, j;

	(void)state;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "m,\"q\"\"x\",%.4f\nm,\"e\x1b[2Jv\",%.4f\n",
		                      0.3 + 0.001 * i, 0.35 + 0.0013 * i);
	path = write_temp("rank.csv", text, n);
	run_tool(&r, NULL, "rank", "--bootstrap", "0", "--format-out", "csv",
	         path, NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "\"q\"\"x\""));            /* quoted, doubled */
	run_tool(&j, NULL, "rank", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	{
		/* the second entry's raw p and its adjusted p, in both formats:
		 * with one pair the adjustment is the identity, so compare the
		 * CSV's raw field with the JSON's raw one, at full precision */
		yajl_val doc = jparse(j.out);
		const char *mp[] = {"models", NULL}, *rp[] = {"ranking", NULL};
		yajl_val m = YAJL_GET_ARRAY(jget(doc, mp, yajl_t_array))->values[0];
		yajl_val e = YAJL_GET_ARRAY(jget(m, rp, yajl_t_array))->values[1];
		double p = jget_num(e, "p_vs_previous");
		char want[64];
		snprintf(want, sizeof want, ",%.17g", p);
		/* the shortest form that reads back: at least not 3 digits */
		assert_true(p > 0 && p < 1);
		assert_false(contains(r.out, ",0.000,") || contains(r.out, ",0.00,"));
		{
			char *line = strstr(r.out, "\"e");
			double got;
			char *f = line;
			assert_non_null(line);
			/* value,lo,hi,p_vs_previous: the 8th and 10th fields */
			for (int k = 0; k < 9 && f; k++)
				f = strchr(f + 1, ',');
			assert_non_null(f);
			got = strtod(f + 1, NULL);
			assert_close(got, p, 1e-15, "p_vs_previous in CSV");
		}
		yajl_tree_free(doc);
	}
	run_free(&r);
	run_free(&j);
	for (int md = 0; md < 2; md++) {
		run_tool(&r, NULL, "rank", "--bootstrap", "0", "--format-out",
		         md ? "markdown" : "text", path, NULL);
		assert_int_equal(r.status, 0);
		assert_null(memchr(r.out, 0x1b, r.out_len));
		run_free(&r);
	}
	unlink(path);
}

/* without start times the keep-warm window is undefined: JSON null,
 * CSV empty fields (it was 0,0,0) */
static void
csv_leaves_undefined_values_empty(void **state)
{
	static const char text[] = "model,ttft_s\nm,0.5\nm,0.6\nm,0.7\nm,0.4\n"
	                           "m,0.5\nm,0.6\nm,0.7\nm,0.4\nm,0.5\nm,9.0\n"
	                           "m,0.5\nm,0.6\n";
	const char *path = write_temp("nostart.csv", text, sizeof text - 1);
	struct run r;
	const char *keep;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "csv",
	         path, NULL);
	assert_int_equal(r.status, 0);
	keep = strstr(r.out, "keep_warm_s,keep_warm_lo_s,keep_warm_hi_s");
	assert_non_null(keep);
	/* they come last before the warnings: three empty fields */
	assert_true(contains(r.out, ",,,\"fewer than 75"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "json",
	         path, NULL);
	assert_true(contains(r.out, "\"idle\": null"));
	run_free(&r);
	unlink(path);
}

/* classify --format-out text wrote CSV */
static void
classify_writes_every_format(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "classify", "--format-out", "text",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "source  ", 8) == 0 ||
	            strncmp(r.out, "source ", 7) == 0);
	assert_false(contains(r.out, "source,line"));
	run_free(&r);
	run_tool(&r, NULL, "classify", "--format-out", "markdown",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "| source | line |"));
	run_free(&r);
}

/* command start-up: the same on every command */
static void
every_command_starts_up_alike(void **state)
{
	static const char *const cmds[] = {"summary", "classify", "compare",
	                                   "rank", "plot"};
	struct run r;

	(void)state;
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		run_tool(&r, NULL, cmds[i], "--preset", "help", NULL);
		if (r.status != 0 || !contains(r.out, "llmperf"))
			fail_msg("%s --preset help: exit %d", cmds[i], r.status);
		run_free(&r);
		run_tool(&r, NULL, cmds[i], "--help", NULL);
		assert_int_equal(r.status, 0);
		run_free(&r);
	}
	run_tool(&r, NULL, "summary", "--by-metric", "p95", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "'--by-metric' is not for summary (it is for "
	                     "rank and report)"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--label-base", "b", "x", NULL);
	assert_true(contains(r.err, "(it is for compare and report)"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--output", "d", "x", NULL);
	assert_true(contains(r.err, "(it is for plot and report)"));
	run_free(&r);
	run_tool(&r, NULL, "compare", "--split", "provider=alpha,bravo,charlie",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "compare takes two values"));
	run_free(&r);
	run_tool(&r, NULL, "summry", "x", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "did you mean 'summary'?"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--help", NULL);
	assert_false(contains(r.out, "regression"));
	run_free(&r);
	run_tool(&r, NULL, "compare", "--help", NULL);
	assert_true(contains(r.out, "regression"));
	run_free(&r);
	run_tool(&r, "fixtures/capture.csv", "summary", "-", "-", NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
	run_tool(&r, NULL, "summary", "fixtures/capture.csv",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "named twice"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--export-json", "-", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
}

/* 7b before 13b, deepseek before Qwen: names in the order people read */
static void
cells_sort_naturally(void **state)
{
	static const char text[] = "model,ttft_s\nllama-70b,0.5\nllama-13b,0.5\n"
	                           "Qwen,0.5\nllama-7b,0.5\ndeepseek,0.5\n";
	const char *path = write_temp("natural.csv", text, sizeof text - 1);
	struct run r;
	const char *a, *b, *c, *d, *e;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "csv",
	         path, NULL);
	assert_int_equal(r.status, 0);
	a = strstr(r.out, "deepseek");
	b = strstr(r.out, "llama-7b");
	c = strstr(r.out, "llama-13b");
	d = strstr(r.out, "llama-70b");
	e = strstr(r.out, "Qwen");
	assert_true(a && b && c && d && e);
	assert_true(a < b && b < c && c < d && d < e);
	run_free(&r);
	unlink(path);
}

/* one warning for many cells is one line; -q takes the warnings out of
 * the report too */
static void
warnings_merge_and_quiet_silences_them(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--bootstrap", "1000",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "  6 cells (llama-3.1-70b/alpha, "
	                     "llama-3.1-70b/bravo, llama-3.1-70b/charlie and 3 "
	                     "more): no p99\n"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "-q", "--bootstrap", "50",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_false(contains(r.out, "warnings:"));
	assert_string_equal(r.err, "");
	run_free(&r);
}

/* the default text fits 100 columns, names cut with an ellipsis; --wide
 * cuts nothing; the machine formats never cut */
static void
text_fits_a_terminal(void **state)
{
	static char text[4096];
	size_t n = (size_t)snprintf(text, sizeof text, "model,provider,ttft_s\n");
	const char *path;
	struct run r;
	char longname[201];

	(void)state;
	memset(longname, 'n', 200);
	longname[200] = '\0';
	for (int i = 0; i < 12; i++)
		n += (size_t)snprintf(text + n, sizeof text - n, "%s,%s,0.%d\n",
		                      longname, "prov-with-a-long-name-too", i + 1);
	path = write_temp("long.csv", text, n);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", path, NULL);
	assert_int_equal(r.status, 0);
	for (char *p = r.out; *p; ) {
		size_t len = strcspn(p, "\n");
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)len, p);
		/* a table line (not an indented warning) fits */
		if (line[0] != ' ' && line[0] != '\0')
			assert_true(utf8_columns(line) <= 100);
		p += len + (p[len] != '\0');
	}
	assert_true(contains(r.out, "\xe2\x80\xa6"));
	assert_false(contains(r.out, longname));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--wide", path, NULL);
	assert_true(contains(r.out, longname));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--bootstrap", "0", "--format-out", "csv",
	         path, NULL);
	assert_true(contains(r.out, longname));
	run_free(&r);
	unlink(path);
}

/* --export-json beside the table, in one run; a symlink at its name is
 * replaced, not followed */
static void
export_writes_beside_the_table(void **state)
{
	char dir[] = "/tmp/ttftstat-export-XXXXXX", out[300], victim[300];
	char cmd[1400];
	struct run r, j;
	char *got;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(out, sizeof out, "%s/sub/result.json", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	snprintf(cmd, sizeof cmd, "echo keep > %s && mkdir %s/sub && ln -s %s "
	         "%s", victim, dir, victim, out);
	assert_int_equal(system(cmd), 0);
	run_tool(&r, NULL, "summary", "--bootstrap", "50", "-q", "--export-json",
	         out, "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 0);
	assert_true(contains(r.out, "TTFT in seconds"));
	run_tool(&j, NULL, "summary", "--bootstrap", "50", "-q", "--format-out",
	         "json", "fixtures/capture.csv", NULL);
	got = slurp(out, NULL);
	assert_string_equal(got, j.out);
	free(got);
	got = slurp(victim, NULL);
	assert_string_equal(got, "keep\n");
	free(got);
	run_free(&r);
	run_free(&j);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summary_json_matches_numpy_with_warmup_2),
		cmocka_unit_test(summary_json_matches_numpy_without_warmup),
		cmocka_unit_test(every_format_gives_the_same_numbers),
		cmocka_unit_test(json_has_the_spec_keys),
		cmocka_unit_test(text_output_is_the_documented_table),
		cmocka_unit_test(csv_and_markdown_have_one_row_per_cell),
		cmocka_unit_test(output_is_byte_for_byte_reproducible),
		cmocka_unit_test(many_files_merge_cells_by_key),
		cmocka_unit_test(dash_reads_standard_input),
		cmocka_unit_test(jmeter_and_k6_presets_read_real_logs),
		cmocka_unit_test(each_bad_row_is_skipped_counted_and_explained),
		cmocka_unit_test(unusable_inputs_exit_with_sysexits_codes),
		cmocka_unit_test(all_rows_rejected_is_a_data_error),
		cmocka_unit_test(a_giant_field_is_rejected_and_reading_goes_on),
		cmocka_unit_test(more_than_ten_bad_rows_show_ten_and_count_all),
		cmocka_unit_test(quiet_silences_warnings_but_not_errors),
		cmocka_unit_test(usage_errors_exit_2_and_name_the_option),
		cmocka_unit_test(help_and_version_go_to_stdout),
		cmocka_unit_test(every_help_option_is_in_the_man_page),
		cmocka_unit_test(a_failed_write_exits_74),
		cmocka_unit_test(by_where_and_set_shape_the_cells),
		cmocka_unit_test(all_sixteen_where_filters_apply),
		cmocka_unit_test(a_file_without_keys_is_one_cell_named_after_it),
		cmocka_unit_test(json_carries_intervals_and_the_mixture),
		cmocka_unit_test(output_is_the_same_on_one_thread_or_two),
		cmocka_unit_test(output_does_not_depend_on_input_order),
		cmocka_unit_test(small_cells_get_no_interval_and_say_why),
		cmocka_unit_test(percentile_intervals_on_request),
		cmocka_unit_test(classify_lists_every_request_with_p_cold),
		cmocka_unit_test(compare_finds_the_changes_that_were_made),
		cmocka_unit_test(gates_say_cell_value_and_verdict_in_every_format),
		cmocka_unit_test(a_compare_gate_fails_when_no_cell_matched),
		cmocka_unit_test(compare_lists_cells_of_one_side),
		cmocka_unit_test(rank_orders_providers_and_ties_the_indistinguishable),
		cmocka_unit_test(rank_says_when_the_first_fails_more),
		cmocka_unit_test(the_mixture_does_not_depend_on_seed_or_name),
		cmocka_unit_test(the_capture_audit_passes_the_capture_and_fails_the_load_test),
		cmocka_unit_test(the_audit_sees_non_streaming_runs_and_varying_prompts),
		cmocka_unit_test(derived_time_keys),
		cmocka_unit_test(a_closed_pipe_ends_it_quietly),
		cmocka_unit_test(bash_completion_completes),
		cmocka_unit_test(control_bytes_in_names_never_reach_the_terminal),
		cmocka_unit_test(ttfts_at_the_edges_of_the_range_stay_finite),
		cmocka_unit_test(bootstrap_sizes_are_checked),
		cmocka_unit_test(rank_escapes_and_keeps_full_precision),
		cmocka_unit_test(csv_leaves_undefined_values_empty),
		cmocka_unit_test(classify_writes_every_format),
		cmocka_unit_test(every_command_starts_up_alike),
		cmocka_unit_test(cells_sort_naturally),
		cmocka_unit_test(warnings_merge_and_quiet_silences_them),
		cmocka_unit_test(text_fits_a_terminal),
		cmocka_unit_test(export_writes_beside_the_table),
	};

	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
