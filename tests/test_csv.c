/*
 * test_csv.c — the CSV reader, fed from memory at every chunk size (libcsv's
 * own test habit): the rows, their positions and the rejections must not
 * depend on where the reads happen to split the input.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../ingest/ingest.h"

static struct trace *
read_mem(const char *text, size_t len, struct ingest_opts *o, int *rc,
         struct err *e)
{
	struct trace *t = trace_new();
	uint16_t src;
	FILE *fp = fmemopen((void *)text, len, "rb");

	assert_non_null(t);
	assert_non_null(fp);
	assert_int_equal(trace_source_add(t, "mem.csv", &src, e), 0);
	*rc = ingest_stream(t, src, fp, o, e);
	fclose(fp);
	return t;
}

static struct trace *
read_ok(const char *text, struct ingest_opts *o)
{
	struct err e = {0, ""};
	int rc;
	struct trace *t = read_mem(text, strlen(text), o, &rc, &e);

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

/* Equal tables: same rows, keys, positions, counts and reasons. */
static void
assert_same_trace(const struct trace *a, const struct trace *b, size_t chunk)
{
	const struct trace_source *sa = &a->sources[0], *sb = &b->sources[0];

	if (a->n != b->n)
		fail_msg("chunk %zu: %zu rows, want %zu", chunk, b->n, a->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_true(trace_ok(a, i) == trace_ok(b, i));
		assert_int_equal(a->line[i], b->line[i]);
		assert_true(a->ttft[i] == b->ttft[i] ||
		            (isnan(a->ttft[i]) && isnan(b->ttft[i])));
		for (size_t k = 0; k < a->nkeys; k++) {
			const char *x = key_of(a, i, a->keyname[k]);
			const char *y = key_of(b, i, a->keyname[k]);
			assert_true((x == NULL && y == NULL) ||
			            (x && y && strcmp(x, y) == 0));
		}
	}
	assert_int_equal(sa->rows, sb->rows);
	assert_int_equal(sa->rejected, sb->rejected);
	assert_int_equal(sa->nkept, sb->nkept);
	for (size_t k = 0; k < sa->nkept; k++) {
		assert_int_equal(sa->kept[k].line, sb->kept[k].line);
		assert_string_equal(sa->kept[k].reason, sb->kept[k].reason);
	}
}

/* BOM, CRLF, a blank line, a quoted field holding CRLF and a comma,
 * doubled quotes, a bad row, no newline at the end. */
static const char tricky[] =
	"\xef\xbb\xbfmodel,provider,ttft_ms,note\r\n"
	"m1,p1,100,plain\r\n"
	"\r\n"
	"\"m1\",\"p1\",\"200\",\"multi\r\nline, with comma\"\r\n"
	"m1,p2,abc,x\r\n"
	"m1,\"p\"\"2\",300,\"say \"\"hi\"\"\"\r\n"
	"m1,p1,400,last-no-newline";

static void
quoting_crlf_bom_and_blank_lines(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	t = read_ok(tricky, &o);
	assert_int_equal(t->n, 4);
	/* physical lines: header 1, blank 3, the quoted record spans 4-5 */
	assert_int_equal(t->line[0], 2);
	assert_int_equal(t->line[1], 4);
	assert_int_equal(t->line[2], 7);
	assert_int_equal(t->line[3], 8);
	assert_close(t->ttft[0], 0.1, 0, "100 ms");
	assert_close(t->ttft[1], 0.2, 0, "quoted 200 ms");
	assert_string_equal(key_of(t, 2, "provider"), "p\"2");
	assert_int_equal(t->sources[0].rows, 5);
	assert_int_equal(t->sources[0].rejected, 1);
	assert_int_equal(t->sources[0].kept[0].line, 6);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "ttft_ms 'abc' is not a number");
	trace_free(t);
}

/* A record's line is the one its first byte is on: after a lone carriage
 * return, the same line. */
static void
a_record_after_a_lone_cr_is_on_the_same_line(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	t = read_ok("model,ttft_ms\nm,1\r\"m\",2\r\"m\r\n\",3\nm,4\n", &o);
	assert_int_equal(t->n, 4);
	assert_int_equal(t->line[0], 2);
	assert_int_equal(t->line[1], 2);
	assert_int_equal(t->line[2], 2);        /* its quoted key ends on 3 */
	assert_int_equal(t->line[3], 4);
	trace_free(t);
}

static void
every_chunk_size_reads_the_same(void **state)
{
	static const char *const inputs[] = {
		tricky,
		"model;provider;ttft_s\n\"a;b\";p;0.5\nm;p;x\n\nm;p;0.25\n",
		"model\tttft_ms\tstatus\nm\t1\t200\nm\t\t500\nm\t2\t200\n",
		/* a lone CR ends a record mid-line; then a quote follows it */
		"model,ttft_ms\nm,1\r\"m\",2\r\"m\r\n\",3\nm,4\n",
		/* blank lines before a header of semicolons, or of tabs after
		 * a BOM */
		"\n\r\n\nmodel;ttft_ms\nm;1\n",
		"\xef\xbb\xbf\n\nmodel\tttft_ms\nm\t1\n",
		/* an open quote in the header runs past its first line */
		"\"model;x\",ttft_ms\n\"a\";b,1\n",
	};
	(void)state;
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		struct ingest_opts o = {0};
		struct trace *whole = read_ok(inputs[i], &o);
		for (size_t chunk = 1; chunk <= strlen(inputs[i]) + 1; chunk++) {
			o.chunk = chunk;
			struct trace *t = read_ok(inputs[i], &o);
			assert_same_trace(whole, t, chunk);
			trace_free(t);
		}
		trace_free(whole);
	}
}

static void
the_delimiter_is_sniffed_from_the_header(void **state)
{
	static const struct {
		const char *text;
		const char *format;
	} cases[] = {
		{"model,ttft_s\nm,0.5\n", "csv"},
		{"model;ttft_s\nm;0.5\n", "csv"},
		{"model\tttft_s\nm\t0.5\n", "tsv"},
		{"model|ttft_s\nm|0.5\n", "csv"},
		/* a quoted comma in the header does not count */
		{"\"a,b\";ttft_s;model\n1;0.5;m\n", "csv"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ingest_opts o = {0};
		struct trace *t = read_ok(cases[i].text, &o);
		assert_int_equal(t->n, 1);
		assert_close(t->ttft[0], 0.5, 0, cases[i].text);
		assert_string_equal(key_of(t, 0, "model"), "m");
		assert_string_equal(t->sources[0].format, cases[i].format);
		trace_free(t);
	}
}

/* SPEC.md: a record whose status, ok or error field says it failed is a
 * failure whatever TTFT it carries; an empty TTFT on it is normal. */
static void
failure_wins_over_any_ttft(void **state)
{
	static const char text[] =
		"model,ttft_ms,status,success,error\n"
		"m,100,200,true,\n"          /* 2: success */
		"m,100,500,true,\n"          /* 3: HTTP 500 */
		"m,,0,,\n"                   /* 4: status 0, no TTFT */
		"m,0,Non HTTP response code: java.net.SocketTimeoutException,false,\n"
		"m,100,200,false,\n"         /* 6: success=false */
		"m,100,200,,timeout\n"       /* 7: an error message */
		"m,100,200,,0\n"             /* 8: error 0 = none */
		"m,100,,,\n"                 /* 9: nothing says it failed */
		"m,100,429,,\n";             /* 10: rate limited */
	static const bool ok[] = {1, 0, 0, 0, 0, 0, 1, 1, 0};
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	t = read_ok(text, &o);
	assert_int_equal(t->n, 9);
	assert_int_equal(t->sources[0].rejected, 0);
	for (size_t i = 0; i < 9; i++) {
		if (trace_ok(t, i) != ok[i])
			fail_msg("line %u: ok = %d, want %d", t->line[i], trace_ok(t, i),
			         ok[i]);
		if (!ok[i])
			assert_true(isnan(t->ttft[i]));
	}
	assert_int_equal(t->status[1], 500);
	assert_int_equal(t->status[8], 429);
	trace_free(t);
}

static void
ttft_from_first_token_minus_start(void **state)
{
	static const char text[] =
		"model,sent,first\n"
		"m,2026-03-02T08:00:00.000Z,2026-03-02T08:00:00.250Z\n"
		"m,1772438400.5,1772438401.0\n"
		"m,2026-03-02T08:00:01Z,2026-03-02T08:00:00Z\n";
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	o.start_col = "sent";
	o.first_token_col = "first";
	t = read_ok(text, &o);
	assert_int_equal(t->n, 2);
	assert_close(t->ttft[0], 0.25, 1e-6, "ISO difference");
	assert_close(t->ttft[1], 0.5, 0, "epoch difference");
	assert_close(t->start[0], 1772438400.0, 0, "start kept");
	assert_int_equal(t->sources[0].rejected, 1);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "first '2026-03-02T08:00:00Z' is not after the start "
	                    "time");
	trace_free(t);
}

static void
units_from_name_or_option(void **state)
{
	struct ingest_opts o = {0};
	struct trace *t;

	(void)state;
	t = read_ok("model,ttft\nm,1.5\n", &o);
	assert_close(t->ttft[0], 1.5, 0, "no suffix: seconds");
	trace_free(t);
	o.unit_div = 1e3;
	t = read_ok("model,ttft\nm,1.5\n", &o);
	assert_close(t->ttft[0], 0.0015, 0, "--unit ms");
	trace_free(t);
	o.unit_div = 0;
	t = read_ok("model,TTFT (us)\nm,1500\n", &o);
	assert_close(t->ttft[0], 0.0015, 0, "(us) suffix");
	trace_free(t);
	/* most values over a minute with no unit: a note suggests ms */
	t = read_ok("model,ttft\nm,350\nm,420\n", &o);
	assert_int_equal(t->sources[0].nnotes, 1);
	assert_true(contains(t->sources[0].notes[0], "--unit ms"));
	trace_free(t);
}

static void
strict_mode_stops_at_the_first_bad_record(void **state)
{
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	int rc;
	const char text[] = "model,ttft_s\nm,0.5\nm,-1\nm,x\n";
	struct trace *t;

	(void)state;
	o.strict = true;
	t = read_mem(text, sizeof text - 1, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	assert_string_equal(e.msg, "mem.csv:3: ttft_s '-1' is negative (--strict)");
	trace_free(t);
}

static void
no_ttft_column_names_the_columns_seen(void **state)
{
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	int rc;
	const char text[] = "model,latency\nm,0.5\n";
	struct trace *t;

	(void)state;
	t = read_mem(text, sizeof text - 1, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	assert_true(contains(e.msg, "columns: 'model', 'latency'"));
	assert_true(contains(e.msg, "--ttft COL"));
	trace_free(t);
	o.ttft_col = "latncy";
	t = read_mem(text, sizeof text - 1, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	assert_string_equal(e.msg, "mem.csv: no column 'latncy' (--ttft); "
	                           "columns: 'model', 'latency'");
	trace_free(t);
}

/* Bytes that are no CSV at all still end in a clean verdict. */
static void
binary_noise_is_a_clean_error(void **state)
{
	unsigned char noise[4096];
	uint32_t x = 2463534242u;
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	int rc;
	struct trace *t;

	(void)state;
	for (size_t i = 0; i < sizeof noise; i++) {
		x ^= x << 13;   /* xorshift32: any fixed noise will do */
		x ^= x >> 17;
		x ^= x << 5;
		noise[i] = (unsigned char)(x & 0x7f) | 0x20;
	}
	o.format = INGEST_CSV;
	t = read_mem((const char *)noise, sizeof noise, &o, &rc, &e);
	assert_int_equal(rc, ERR_DATA);
	trace_free(t);
}

/*
 * A long input (several of the reader's batches) that mixes what makes a
 * line number hard: quoted fields spanning lines, blank lines, CRLF, bad
 * rows and a field over the size cap, with quote-free stretches between
 * (read many lines per libcsv call).  Each record's TTFT (ms) is the line
 * it starts on, so every row's position can be checked; and whether the
 * mapping runs on its own thread or not, and wherever the reads split the
 * input, the table is the same.
 */
static char *
mixed_input(size_t *len, uint64_t *nbad, uint64_t *nrec)
{
	size_t cap = 4u << 20, n = 0;
	char *buf = malloc(cap);
	uint64_t line = 1;

	assert_non_null(buf);
	*nbad = *nrec = 0;
	n += (size_t)sprintf(buf + n, "model,provider,ttft_ms,note\n");
	for (line = 2; line < 14000; line++) {
		if (line % 50 == 0) {           /* two lines, one record */
			n += (size_t)sprintf(buf + n, "m,p,%llu,\"a\nb\"\n",
			                     (unsigned long long)line);
			line++;
		} else if (line % 70 == 0) {
			n += (size_t)sprintf(buf + n, "\n");
			--*nrec;
		} else if (line % 90 == 0) {
			n += (size_t)sprintf(buf + n, "m%llu,p,%llu,x\r\n",
			                     (unsigned long long)(line % 3),
			                     (unsigned long long)line);
		} else if (line % 110 == 0) {
			n += (size_t)sprintf(buf + n, "m,p,bad,x\n");
			++*nbad;
		} else if (line == 7001) {      /* over the 1 MiB cap */
			n += (size_t)sprintf(buf + n, "m,p,%llu,",
			                     (unsigned long long)line);
			memset(buf + n, 'z', INGEST_FIELD_MAX + 10);
			n += INGEST_FIELD_MAX + 10;
			buf[n++] = '\n';
			++*nbad;
		} else if (line % 130 == 0) {
			n += (size_t)sprintf(buf + n, "\"m\"\"q\",p,%llu,\"a,b\"\n",
			                     (unsigned long long)line);
		} else {
			n += (size_t)sprintf(buf + n, "m%llu,p%llu,%llu,x\n",
			                     (unsigned long long)(line % 3),
			                     (unsigned long long)(line % 2),
			                     (unsigned long long)line);
		}
		assert_true(n + 64 < cap);
		++*nrec;
	}
	*len = n;
	return buf;
}

static void
lines_are_right_in_long_mixed_inputs_on_one_thread_or_two(void **state)
{
	static const size_t chunks[] = {3, 61, 4093, 65536, 0};
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	size_t len;
	uint64_t nbad, nrec;
	char *text = mixed_input(&len, &nbad, &nrec);
	struct trace *ref;
	int rc;

	(void)state;
	o.threads = 1;
	ref = read_mem(text, len, &o, &rc, &e);
	assert_int_equal(rc, 0);
	/* nothing lost: every record is in the table or rejected */
	assert_int_equal(ref->sources[0].rows, nrec);
	assert_int_equal(ref->sources[0].rejected, nbad);
	assert_int_equal(ref->n, nrec - nbad);
	assert_string_equal(ref->sources[0].kept[0].reason,
	                    "ttft_ms 'bad' is not a number");
	for (size_t i = 0; i < ref->n; i++)
		if (ref->line[i] != (uint32_t)llround(ref->ttft[i] * 1000))
			fail_msg("row %zu: line %u, but it starts on line %.0f", i,
			         ref->line[i], ref->ttft[i] * 1000);
	for (size_t i = 0; i < ref->sources[0].nkept; i++)
		assert_int_equal(ref->sources[0].kept[i].line % 110, 0);
	for (unsigned th = 1; th <= 2; th++)
		for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
			struct trace *t;
			o.threads = th;
			o.chunk = chunks[c];
			t = read_mem(text, len, &o, &rc, &e);
			assert_int_equal(rc, 0);
			assert_same_trace(ref, t, chunks[c]);
			trace_free(t);
		}
	trace_free(ref);
	free(text);
}


/* ==== a large file, read in two parts at once ==== */

/*
 * Inputs for the two-part reader: kind 0 has a bit of everything (quoted
 * fields with commas, doubled quotes and newlines, CRLF, blank lines,
 * failures, rejections) with start times that lose their time zone in
 * the second half (the note must come from the second part); kind 1 has
 * no unit on its TTFT, over a minute in the first 45 % of the records
 * (the first part alone would hint at milliseconds, the whole does not,
 * its median being 0.5 s); kind 2
 * is mostly quoted fields spanning lines, so that the second part is
 * likely to begin inside one.  lines varies where the middle falls.
 */
static char *
split_input(int kind, unsigned lines, size_t *len)
{
	size_t cap = 64u * lines + 256, n = 0;
	char *buf = malloc(cap);

	assert_non_null(buf);
	if (kind == 0)
		n += (size_t)sprintf(buf, "model,provider,start,ttft_ms,status,note\n");
	else if (kind == 1)
		n += (size_t)sprintf(buf, "model,ttft\n");
	else
		n += (size_t)sprintf(buf, "model,note,ttft_s\n");
	for (unsigned i = 1; i <= lines; i++) {
		const char *zone = i > lines / 2 ? "" : "Z";
		if (kind == 1)
			n += (size_t)sprintf(buf + n, "m%u,%s\n", i % 3,
			                     20 * i < 9 * lines ? "100" : "0.5");
		else if (kind == 2)
			n += (size_t)sprintf(buf + n, "m%u,\"a\nb\nc,d\",0.%03u\n", i % 4,
			                     1 + i % 998);
		else if (i % 41 == 0)
			n += (size_t)sprintf(buf + n, "\n");
		else if (i % 37 == 0)
			n += (size_t)sprintf(buf + n, "m1,p,2024-06-01T10:%02u:00%s,bad,"
			                     "200,x\n", i % 60, zone);
		else if (i % 31 == 0)
			n += (size_t)sprintf(buf + n, "m2,\"p,q\",2024-06-01T11:%02u:00%s,,"
			                     "503,\"say \"\"no\"\"\nsecond line\"\r\n",
			                     i % 60, zone);
		else
			n += (size_t)sprintf(buf + n, "m%u,p%u,2024-06-01T%02u:%02u:%02u%s,"
			                     "%u.%u,200,ok\n", i % 5, i % 2, i % 24,
			                     i % 60, i % 59, zone, 50 + i % 1000, i % 10);
		assert_true(n + 128 < cap);
	}
	*len = n;
	return buf;
}

static struct trace *
read_path(const char *path, struct ingest_opts *o)
{
	struct trace *t = trace_new();
	struct err e = {0, ""};

	assert_non_null(t);
	if (ingest_file(t, path, o, &e) != 0)
		fail_msg("ingest failed: %s", e.msg);
	return t;
}

static void
assert_same_reading(const struct trace *a, const struct trace *b, size_t chunk)
{
	const struct trace_source *sa = &a->sources[0], *sb = &b->sources[0];

	assert_same_trace(a, b, chunk);
	for (size_t i = 0; i < a->n; i++) {
		assert_true(a->start[i] == b->start[i] ||
		            (isnan(a->start[i]) && isnan(b->start[i])));
		assert_int_equal(a->status[i], b->status[i]);
	}
	assert_int_equal(sa->accepted, sb->accepted);
	assert_int_equal(sa->failures, sb->failures);
	assert_int_equal(sa->filtered, sb->filtered);
	assert_int_equal(sa->empty_ttft, sb->empty_ttft);
	assert_int_equal(a->ncells, b->ncells);
	assert_int_equal(sa->nnotes, sb->nnotes);
	for (size_t k = 0; k < sa->nnotes; k++)
		assert_string_equal(sa->notes[k], sb->notes[k]);
}

static void
a_large_file_read_in_parts_is_the_file_read_in_one(void **state)
{
	static const size_t chunks[] = {61, 4093, 0};
	static const unsigned lines[] = {2000, 2001, 2003, 2010, 3333};
	char path[] = "/tmp/ttftstat-test-split-XXXXXX";
	int fd = mkstemp(path);
	unsigned inside = 0, split = 0, stolen = 0;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (int kind = 0; kind < 3; kind++)
		for (size_t l = 0; l < sizeof lines / sizeof lines[0]; l++) {
			struct ingest_opts o = {0};
			struct trace *ref;
			size_t len;
			char *text = split_input(kind, lines[l], &len);
			FILE *fp = fopen(path, "wb");
			assert_non_null(fp);
			assert_int_equal(fwrite(text, 1, len, fp), len);
			fclose(fp);
			o.threads = 1;
			ref = read_path(path, &o);
			assert_int_equal(ref->sources[0].parts, 0);
			for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
				struct trace *t;
				o.threads = 2;
				o.split_min = 1;
				o.chunk = chunks[c];
				t = read_path(path, &o);
				assert_same_reading(ref, t, chunks[c]);
				split += t->sources[0].parts > 0;
				stolen += t->sources[0].parts > 2;
				inside += kind == 2 && t->sources[0].parts == 0;
				trace_free(t);
			}
			if (kind == 0)          /* the second part's note */
				assert_string_equal(ref->sources[0].notes[0],
				                    "timestamps without a time zone were "
				                    "read as UTC");
			if (kind == 1)          /* the whole input's median */
				assert_int_equal(ref->sources[0].nnotes, 0);
			trace_free(ref);
			free(text);
		}
	unlink(path);
	/* the parts were used (always in kind 1, which has no quotes, and
	 * nearly always in kind 0, where one line in 31 is inside one; where
	 * the first part ends depends on the threads' timing), a thread done
	 * first took the back of the other's (more than two parts), and some
	 * began inside a quoted field */
	assert_true(split >= 25);
	assert_true(stolen > 0);
	assert_true(inside > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quoting_crlf_bom_and_blank_lines),
		cmocka_unit_test(every_chunk_size_reads_the_same),
		cmocka_unit_test(a_record_after_a_lone_cr_is_on_the_same_line),
		cmocka_unit_test(lines_are_right_in_long_mixed_inputs_on_one_thread_or_two),
		cmocka_unit_test(a_large_file_read_in_parts_is_the_file_read_in_one),
		cmocka_unit_test(the_delimiter_is_sniffed_from_the_header),
		cmocka_unit_test(failure_wins_over_any_ttft),
		cmocka_unit_test(ttft_from_first_token_minus_start),
		cmocka_unit_test(units_from_name_or_option),
		cmocka_unit_test(strict_mode_stops_at_the_first_bad_record),
		cmocka_unit_test(no_ttft_column_names_the_columns_seen),
		cmocka_unit_test(binary_noise_is_a_clean_error),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
