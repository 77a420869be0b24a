/*
 * test_field.c — one field of text to a typed value, and timestamps.
 * Expected epochs were computed with Python's datetime:
 *   datetime.fromisoformat(S).timestamp()
 */
#include "helpers.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/field.h"
#include "../ingest/utf8.h"
#include "../ingest/timeparse.h"

static enum field_num
num(const char *s, double *v)
{
	return field_number(s, strlen(s), v);
}

static void
numbers_are_plain_decimals(void **state)
{
	double v = 0;

	(void)state;
	assert_int_equal(num("1.5", &v), FIELD_NUM_OK);
	assert_close(v, 1.5, 0, "1.5");
	assert_int_equal(num("  2 ", &v), FIELD_NUM_OK);
	assert_close(v, 2, 0, "2");
	assert_int_equal(num("1e3", &v), FIELD_NUM_OK);
	assert_close(v, 1000, 0, "1e3");
	assert_int_equal(num("+.5", &v), FIELD_NUM_OK);
	assert_int_equal(num("-7.25E-2", &v), FIELD_NUM_OK);
	assert_close(v, -0.0725, 0, "-7.25E-2");
	assert_int_equal(num("", &v), FIELD_NUM_EMPTY);
	assert_int_equal(num("   ", &v), FIELD_NUM_EMPTY);
	assert_int_equal(num(".", &v), FIELD_NUM_BAD);
	assert_int_equal(num("1e", &v), FIELD_NUM_BAD);
	assert_int_equal(num("0x10", &v), FIELD_NUM_BAD);
	assert_int_equal(num("1,5", &v), FIELD_NUM_BAD);
	assert_int_equal(num("12abc", &v), FIELD_NUM_BAD);
	assert_int_equal(num("1 2", &v), FIELD_NUM_BAD);
	assert_int_equal(num("nan", &v), FIELD_NUM_NONFINITE);
	assert_int_equal(num("-Inf", &v), FIELD_NUM_NONFINITE);
	assert_int_equal(num("Infinity", &v), FIELD_NUM_NONFINITE);
	assert_int_equal(num("1e400", &v), FIELD_NUM_NONFINITE);
	/* not NUL-terminated: only len bytes count */
	assert_int_equal(field_number("12345", 2, &v), FIELD_NUM_OK);
	assert_close(v, 12, 0, "prefix");
}

/* The fast path (mantissa < 2^53, an exact power of ten) must give the
 * very double strtod gives, for every spelling a log may use. */
static void
numbers_are_read_exactly_as_strtod_reads_them(void **state)
{
	char buf[64];
	uint64_t x = 88172645463325252ULL;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		double want, got;
		int digits, frac;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		digits = 1 + (int)(x % 19);
		frac = (int)((x >> 8) % (digits + 1));
		snprintf(buf, sizeof buf, "%s%.*llu", (x >> 20) & 1 ? "-" : "",
		         digits, (unsigned long long)(x >> 24) % 10000000000000000000ULL);
		if (frac > 0 && frac < (int)strlen(buf)) {
			/* put a decimal point frac digits from the end */
			size_t n = strlen(buf);
			memmove(buf + n - frac + 1, buf + n - frac, (size_t)frac + 1);
			buf[n - frac] = '.';
		}
		want = strtod(buf, NULL);
		if (field_number(buf, strlen(buf), &got) != FIELD_NUM_OK ||
		    memcmp(&got, &want, sizeof got) != 0)
			fail_msg("'%s': %.17g, strtod %.17g", buf, got, want);
	}
	/* Digit strings of any length up to 40 (eight-at-a-time runs, more
	 * digits than fit 64 bits, leading zeros), a point anywhere, an
	 * exponent now and then: still strtod's double. */
	for (int i = 0; i < 200000; i++) {
		double want, got;
		size_t n = 0, digits;
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		digits = 1 + (size_t)(x % 40);
		if ((x >> 6) & 1)
			buf[n++] = '-';
		for (size_t d = 0; d < digits; d++) {
			uint64_t y = x * (d + 1) * 0x9e3779b97f4a7c15ULL;
			/* one string in four starts with zeros */
			buf[n++] = (char)('0' + ((x >> 9) % 4 == 0 && d < 5 ? 0
			                         : (y >> 59) % 10));
		}
		if ((x >> 12) % 3 != 0) {
			size_t at = (size_t)((x >> 16) % (digits + 1)) +
			            (buf[0] == '-');
			memmove(buf + at + 1, buf + at, n - at);
			buf[at] = '.';
			n++;
		}
		if ((x >> 24) % 8 == 0)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "e%d",
			                      (int)((x >> 32) % 40) - 20);
		buf[n] = '\0';
		want = strtod(buf, NULL);
		if (field_number(buf, n, &got) != FIELD_NUM_OK ||
		    memcmp(&got, &want, sizeof got) != 0)
			fail_msg("'%s': %.17g, strtod %.17g", buf, got, want);
	}
}

static void
booleans_in_the_spellings_harnesses_use(void **state)
{
	(void)state;
	assert_int_equal(field_bool("true", 4), 1);
	assert_int_equal(field_bool("TRUE", 4), 1);
	assert_int_equal(field_bool("1", 1), 1);
	assert_int_equal(field_bool("false", 5), 0);
	assert_int_equal(field_bool("0", 1), 0);
	assert_int_equal(field_bool("No", 2), 0);
	assert_int_equal(field_bool("maybe", 5), -1);
	assert_true(field_is_null("", 0));
	assert_true(field_is_null(" null ", 6));
	assert_true(field_is_null("None", 4));
	assert_false(field_is_null("timeout", 7));
}

static void
utf8_is_validated_strictly(void **state)
{
	(void)state;
	assert_true(utf8_valid("caf\xc3\xa9", 5));
	assert_true(utf8_valid("\xf0\x9f\x9a\x80", 4));   /* U+1F680 */
	assert_false(utf8_valid("m\xff", 2));
	assert_false(utf8_valid("\xc0\xaf", 2));          /* overlong '/' */
	assert_false(utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xe2\x82", 2));          /* truncated */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));  /* > U+10FFFF */
}

static void
units_come_from_the_column_name(void **state)
{
	(void)state;
	assert_close(field_unit_from_name("ttft_ms"), 1e3, 0, "ttft_ms");
	assert_close(field_unit_from_name("TTFT (ms)"), 1e3, 0, "TTFT (ms)");
	assert_close(field_unit_from_name("ttft[us]"), 1e6, 0, "ttft[us]");
	assert_close(field_unit_from_name("ttft_s"), 1, 0, "ttft_s");
	assert_close(field_unit_from_name("first-token-ns"), 1e9, 0, "ns");
	assert_close(field_unit_from_name("latency_seconds"), 1, 0, "seconds");
	assert_close(field_unit_from_name("ttft"), 0, 0, "ttft");
	assert_close(field_unit_from_name("ttfts"), 0, 0, "ttfts");
	assert_close(field_unit_divisor("ms"), 1e3, 0, "ms");
	assert_close(field_unit_divisor("minutes"), 0, 0, "minutes");
}

/* ==== timestamps ==== */

static double
ts(const char *s, bool *no_zone)
{
	double v = NAN;
	bool nz;

	assert_int_equal(time_parse(s, strlen(s), TIME_AUTO, &v, &nz), 0);
	if (no_zone)
		*no_zone = nz;
	return v;
}

static void
iso_8601_and_rfc_3339_with_fractions_and_offsets(void **state)
{
	bool nz;

	(void)state;
	assert_close(ts("2026-03-02T08:05:15.348Z", &nz), 1772438715.348, 1e-15,
	             "ms fraction");
	assert_false(nz);
	assert_close(ts("2024-02-29T23:59:59+01:00", NULL), 1709247599.0, 0,
	             "leap day, +01:00");
	assert_close(ts("2000-03-01T00:00:00-05:30", NULL), 951888600.0, 0,
	             "-05:30");
	assert_close(ts("2000-03-01T00:00:00-0530", NULL), 951888600.0, 0,
	             "-0530");
	assert_close(ts("2026-03-02 08:05:15", &nz), 1772438715.0, 0, "no zone");
	assert_true(nz);
	assert_close(ts("1970-01-01T00:00:00Z", NULL), 0, 0, "epoch");
	assert_close(ts("1969-12-31T23:59:59.5Z", NULL), -0.5, 0, "before 1970");
	assert_close(ts("2026-03-02T08:05:15.348123+00:00", NULL),
	             1772438715.348123, 1e-15, "microseconds (mitmproxy)");
}

static void
epoch_numbers_by_magnitude(void **state)
{
	(void)state;
	assert_close(ts("1772438715", NULL), 1772438715.0, 0, "s");
	assert_close(ts("1772438715349", NULL), 1772438715.349, 1e-15, "ms");
	assert_close(ts("1772438715349000", NULL), 1772438715.349, 1e-15, "us");
	assert_close(ts("1772438715349000000", NULL), 1772438715.349, 1e-15,
	             "ns");
	assert_close(time_epoch_seconds(1500, TIME_MS), 1.5, 0, "forced ms");
}

static void
impossible_timestamps_are_refused(void **state)
{
	static const char *const bad[] = {
		"2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
		"2026-03-02T24:00:00Z", "2026-03-02T08:60:00Z",
		"2026-03-02T08:05:15.Z", "2026-03-02T08:05:15Zjunk",
		"2026-03-02T08:05:15+25:00", "2026-03-02", "abc", "",
		"2026-03-02X08:05:15Z"};
	double v;
	bool nz;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (time_parse(bad[i], strlen(bad[i]), TIME_AUTO, &v, &nz) == 0)
			fail_msg("accepted '%s'", bad[i]);
}

static void
days_from_civil_matches_the_calendar(void **state)
{
	(void)state;
	/* Python: (date(Y, M, D) - date(1970, 1, 1)).days */
	assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(time_days_from_civil(1600, 1, 1), -135140);
	assert_int_equal(time_days_from_civil(2400, 12, 31), 157419);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_are_plain_decimals),
		cmocka_unit_test(numbers_are_read_exactly_as_strtod_reads_them),
		cmocka_unit_test(booleans_in_the_spellings_harnesses_use),
		cmocka_unit_test(utf8_is_validated_strictly),
		cmocka_unit_test(units_come_from_the_column_name),
		cmocka_unit_test(iso_8601_and_rfc_3339_with_fractions_and_offsets),
		cmocka_unit_test(epoch_numbers_by_magnitude),
		cmocka_unit_test(impossible_timestamps_are_refused),
		cmocka_unit_test(days_from_civil_matches_the_calendar),
	};

	return cmocka_run_group_tests_name("field", tests, NULL, NULL);
}
