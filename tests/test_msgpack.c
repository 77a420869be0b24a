/*
 * test_msgpack.c — msgpack input: both layouts, every value type, every
 * chunk size, and hostile bytes that must end in a clean verdict.
 */
#include "helpers.h"

#include <math.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/ingest.h"

static struct trace *
read_mem(const void *data, size_t len, struct ingest_opts *o, int *rc,
         struct err *e)
{
	struct trace *t = trace_new();
	uint16_t src;
	FILE *fp = fmemopen((void *)data, len, "rb");

	assert_non_null(fp);
	assert_int_equal(trace_source_add(t, "mem.mp", &src, e), 0);
	*rc = ingest_stream(t, src, fp, o, e);
	fclose(fp);
	return t;
}

static void
pack_str(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str(pk, strlen(s));
	msgpack_pack_str_body(pk, s, strlen(s));
}

/* One map per request, every value type a harness might write. */
static void
pack_request(msgpack_packer *pk, int i)
{
	msgpack_pack_map(pk, 4);
	pack_str(pk, "model");
	pack_str(pk, i % 2 ? "m-odd" : "m-even");
	pack_str(pk, "ttft_ms");
	switch (i % 4) {
	case 0: msgpack_pack_uint8(pk, (uint8_t)(100 + i)); break;
	case 1: msgpack_pack_float(pk, 150.5f); break;
	case 2: msgpack_pack_double(pk, 200.25); break;
	default: msgpack_pack_int64(pk, 250); break;
	}
	pack_str(pk, "start");
	if (i % 3 == 0) {
		msgpack_timestamp ts = {1772438400 + i, 500000000u};
		msgpack_pack_timestamp(pk, &ts);
	} else if (i % 3 == 1) {
		msgpack_pack_double(pk, 1772438400.5 + i);
	} else {
		char iso[40];
		snprintf(iso, sizeof iso, "2026-03-02T08:00:%02d.5Z", i);
		pack_str(pk, iso);
	}
	pack_str(pk, "status");
	msgpack_pack_uint16(pk, i == 5 ? 503 : 200);
}

static void
both_layouts_and_every_value_type(void **state)
{
	msgpack_sbuffer stream, array;
	msgpack_packer ps, pa;
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	int rc;

	(void)state;
	msgpack_sbuffer_init(&stream);
	msgpack_sbuffer_init(&array);
	msgpack_packer_init(&ps, &stream, msgpack_sbuffer_write);
	msgpack_packer_init(&pa, &array, msgpack_sbuffer_write);
	msgpack_pack_array(&pa, 12);
	for (int i = 0; i < 12; i++) {
		pack_request(&ps, i);
		pack_request(&pa, i);
	}
	for (int layout = 0; layout < 2; layout++) {
		msgpack_sbuffer *b = layout ? &array : &stream;
		struct trace *whole = read_mem(b->data, b->size, &o, &rc, &e);
		assert_int_equal(rc, 0);
		assert_int_equal(whole->n, 12);
		assert_string_equal(whole->sources[0].format, "msgpack");
		assert_close(whole->ttft[0], 0.1, 0, "uint8 ms");
		assert_close(whole->ttft[1], 0.1505, 1e-15, "float32 ms");
		assert_close(whole->ttft[2], 0.20025, 0, "float64 ms");
		assert_close(whole->ttft[3], 0.25, 0, "int64 ms");
		assert_close(whole->start[0], 1772438400.5, 0, "timestamp ext");
		assert_close(whole->start[1], 1772438401.5, 0, "float epoch");
		assert_close(whole->start[2], 1772438402.5, 0, "ISO string");
		assert_false(trace_ok(whole, 5));                     /* HTTP 503 */
		assert_int_equal(whole->line[11], 12);          /* entry numbers */
		/* every chunk size gives the same table */
		for (size_t chunk = 1; chunk <= b->size; chunk += chunk < 64 ? 1 : 97) {
			struct trace *t;
			o.chunk = chunk;
			t = read_mem(b->data, b->size, &o, &rc, &e);
			assert_int_equal(rc, 0);
			assert_int_equal(t->n, 12);
			assert_memory_equal(t->ttft, whole->ttft, 12 * sizeof(double));
			assert_memory_equal(t->line, whole->line, 12 * sizeof(uint32_t));
			trace_free(t);
		}
		o.chunk = 0;
		trace_free(whole);
	}
	msgpack_sbuffer_destroy(&stream);
	msgpack_sbuffer_destroy(&array);
}

/* Wrong types are rejected entries with their number; the file goes on. */
static void
wrong_types_reject_the_entry(void **state)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	struct trace *t;
	int rc;

	(void)state;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	pack_request(&pk, 0);
	msgpack_pack_map(&pk, 2);                       /* a map as TTFT */
	pack_str(&pk, "model");
	pack_str(&pk, "m");
	pack_str(&pk, "ttft_ms");
	msgpack_pack_map(&pk, 0);
	msgpack_pack_map(&pk, 2);                       /* a string TTFT */
	pack_str(&pk, "model");
	pack_str(&pk, "m");
	pack_str(&pk, "ttft_ms");
	pack_str(&pk, "fast");
	msgpack_pack_int(&pk, 42);                      /* not a map */
	pack_request(&pk, 4);
	t = read_mem(sb.data, sb.size, &o, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->sources[0].rejected, 3);
	assert_int_equal(t->sources[0].kept[0].line, 2);
	assert_string_equal(t->sources[0].kept[0].reason,
	                    "field 'ttft_ms' is a map, not a value");
	assert_string_equal(t->sources[0].kept[1].reason,
	                    "ttft_ms 'fast' is not a number");
	assert_string_equal(t->sources[0].kept[2].reason,
	                    "the entry is an integer, not a map");
	trace_free(t);
	msgpack_sbuffer_destroy(&sb);
}

struct hostile {
	const char *name;
	const unsigned char *bytes;
	size_t len;
	const char *reason;             /* in the last rejection */
};

static void
hostile_bytes_end_in_a_clean_verdict(void **state)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	unsigned char *buf;
	static const unsigned char huge_array[] = {0x81, 0xa4, 't', 't', 'f', 't',
	                                           0xdd, 0xff, 0xff, 0xff, 0xff};
	static const unsigned char huge_str[] = {0x81, 0xa4, 't', 't', 'f', 't',
	                                         0xdb, 0x7f, 0xff, 0xff, 0xff};
	static const unsigned char bad_byte[] = {0x81, 0xa4, 't', 't', 'f', 't',
	                                         0xc1};
	unsigned char deep[64];
	const struct hostile cases[] = {
		{"array32 claiming 4G entries", huge_array, sizeof huge_array,
		 "more than 65536 elements"},
		{"str32 claiming 2 GiB", huge_str, sizeof huge_str,
		 "longer than 16 MiB"},
		{"reserved byte 0xc1", bad_byte, sizeof bad_byte, "0xc1"},
		{"nesting bomb", deep, sizeof deep, "deeper than 32"},
	};
	(void)state;
	memset(deep, 0x91, sizeof deep);        /* [[[[...]]]] */
	deep[0] = 0x81;
	deep[1] = 0xa1;
	deep[2] = 'x';
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	pack_request(&pk, 0);
	pack_request(&pk, 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ingest_opts o = {0};
		struct err e = {0, ""};
		struct trace *t;
		int rc;
		size_t n = sb.size + cases[i].len;
		const struct trace_source *s;

		buf = malloc(n);
		memcpy(buf, sb.data, sb.size);
		memcpy(buf + sb.size, cases[i].bytes, cases[i].len);
		t = read_mem(buf, n, &o, &rc, &e);
		assert_int_equal(rc, 0);
		assert_int_equal(t->n, 2);
		s = &t->sources[0];
		assert_int_equal(s->rejected, 1);
		if (!contains(s->kept[0].reason, cases[i].reason) ||
		    !contains(s->kept[0].reason, "the rest of the file cannot be read"))
			fail_msg("%s: %s", cases[i].name, s->kept[0].reason);
		assert_int_equal(s->kept[0].line, 3);   /* entry 3 */
		trace_free(t);
		/* truncated in the middle of the good entries */
		t = read_mem(buf, sb.size - 3, &o, &rc, &e);
		assert_int_equal(rc, 0);
		assert_int_equal(t->n, 1);
		assert_true(contains(t->sources[0].kept[0].reason,
		                     "the file ends inside an entry"));
		trace_free(t);
		/* --strict: an error */
		o.strict = true;
		t = read_mem(buf, n, &o, &rc, &e);
		assert_int_equal(rc, ERR_DATA);
		trace_free(t);
		free(buf);
	}
	msgpack_sbuffer_destroy(&sb);
}

static void
a_short_top_level_array_is_reported(void **state)
{
	msgpack_sbuffer sb;
	msgpack_packer pk;
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	struct trace *t;
	int rc;

	(void)state;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	msgpack_pack_array(&pk, 5);
	pack_request(&pk, 0);
	pack_request(&pk, 1);
	t = read_mem(sb.data, sb.size, &o, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(t->n, 2);
	assert_int_equal(t->sources[0].rejected, 1);
	assert_true(contains(t->sources[0].kept[0].reason, "declares"));
	trace_free(t);
	msgpack_sbuffer_destroy(&sb);
}

/*
 * Many batches of entries (the mapper runs on its own thread when there
 * are two CPUs), with rejected ones among them: one thread or two, any
 * read size, the same table, counts and first rejections.  Each entry's
 * TTFT (ms) is its own number, so every position is checked too.
 */
static void
long_inputs_read_the_same_on_one_thread_or_two(void **state)
{
	static const size_t chunks[] = {5, 333, 65536, 0};
	msgpack_sbuffer sb;
	msgpack_packer pk;
	struct ingest_opts o = {0};
	struct err e = {0, ""};
	struct trace *ref;
	uint64_t nbad = 0;
	int rc;

	(void)state;
	msgpack_sbuffer_init(&sb);
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	for (int i = 1; i <= 20000; i++) {
		if (i % 997 == 0) {             /* not a map */
			msgpack_pack_int(&pk, i);
			nbad++;
			continue;
		}
		msgpack_pack_map(&pk, 3);
		pack_str(&pk, "model");
		pack_str(&pk, i % 3 ? "m-a" : "m-b");
		pack_str(&pk, "provider");
		if (i % 1009 == 0) {            /* a value no role can hold */
			msgpack_pack_array(&pk, 0);
			nbad++;
		} else {
			pack_str(&pk, i % 2 ? "p-x" : "p-y");
		}
		pack_str(&pk, "ttft_ms");
		msgpack_pack_double(&pk, i);
	}
	o.threads = 1;
	ref = read_mem(sb.data, sb.size, &o, &rc, &e);
	assert_int_equal(rc, 0);
	assert_int_equal(ref->sources[0].rows, 20000);
	assert_int_equal(ref->sources[0].rejected, nbad);
	assert_int_equal(ref->n, 20000 - nbad);
	assert_int_equal(ref->sources[0].kept[0].line, 997);
	for (size_t i = 0; i < ref->n; i++)
		assert_int_equal(ref->line[i], (uint32_t)llround(ref->ttft[i] * 1e3));
	for (unsigned th = 1; th <= 2; th++)
		for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
			struct trace *t;
			o.threads = th;
			o.chunk = chunks[c];
			t = read_mem(sb.data, sb.size, &o, &rc, &e);
			assert_int_equal(rc, 0);
			assert_int_equal(t->n, ref->n);
			assert_memory_equal(t->ttft, ref->ttft, ref->n * sizeof(double));
			assert_memory_equal(t->line, ref->line, ref->n * sizeof(uint32_t));
			assert_memory_equal(t->cell, ref->cell, ref->n * sizeof(uint32_t));
			assert_int_equal(t->sources[0].rejected, nbad);
			for (size_t k = 0; k < ref->sources[0].nkept; k++) {
				assert_int_equal(t->sources[0].kept[k].line,
				                 ref->sources[0].kept[k].line);
				assert_string_equal(t->sources[0].kept[k].reason,
				                    ref->sources[0].kept[k].reason);
			}
			trace_free(t);
		}
	trace_free(ref);
	msgpack_sbuffer_destroy(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(both_layouts_and_every_value_type),
		cmocka_unit_test(wrong_types_reject_the_entry),
		cmocka_unit_test(hostile_bytes_end_in_a_clean_verdict),
		cmocka_unit_test(a_short_top_level_array_is_reported),
		cmocka_unit_test(long_inputs_read_the_same_on_one_thread_or_two),
	};

	return cmocka_run_group_tests_name("msgpack", tests, NULL, NULL);
}
