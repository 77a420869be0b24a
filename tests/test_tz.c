/*
 * test_tz.c — --tz read from the tz database without the C library's
 * process-wide TZ: every offset agrees with glibc's localtime_r (the
 * oracle; this test may set TZ in its own process), before, between and
 * after the zones' transitions — past 2037 the files' POSIX footer rule
 * decides — and bad zones are usage errors.
 */
#define _DEFAULT_SOURCE                 /* tm_gmtoff */
#include "helpers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../ingest/tz.h"

static long
glibc_offset(const char *tzenv, int64_t t)
{
	time_t s = (time_t)t;
	struct tm tm;

	setenv("TZ", tzenv, 1);
	tzset();
	assert_non_null(localtime_r(&s, &tm));
	return tm.tm_gmtoff;
}

/* Instants from 1901 to 2099 in steps of a little under six days (every
 * weekday and hour of the day gets hit), plus each side of every hour
 * boundary in the changeover months. */
static void
agree_from(const struct tz *z, const char *tzenv, const char *what,
           int64_t from)
{
	int64_t to = 4102444800LL;                             /* 2100 */
	size_t checked = 0;

	for (int64_t t = from; t < to; t += 499999) {
		long a = tz_offset(z, t), b = glibc_offset(tzenv, t);
		if (a != b)
			fail_msg("%s at %lld: %ld, glibc %ld", what, (long long)t, a, b);
		checked++;
	}
	/* the hours around the changes of 2026 and 2060 (footer rule) */
	for (int64_t base = 1767225600LL; base < 3000000000LL;
	     base += 1072915200LL)
		for (int64_t t = base; t < base + 366 * 86400LL; t += 1800) {
			long a = tz_offset(z, t), b = glibc_offset(tzenv, t);
			if (a != b)
				fail_msg("%s at %lld: %ld, glibc %ld", what, (long long)t,
				         a, b);
			checked++;
		}
	assert_true(checked > 30000);
}

static void
agree(const struct tz *z, const char *tzenv, const char *what)
{
	agree_from(z, tzenv, what, -2145916800LL);            /* 1902 */
}

static void
zone_files_agree_with_glibc(void **state)
{
	static const char *const zones[] = {
		"Europe/Paris", "America/New_York", "Australia/Sydney",
		"Asia/Kolkata", "America/Sao_Paulo", "Pacific/Chatham",
		"Africa/Casablanca", "America/St_Johns", "Asia/Tokyo", "UTC",
		"Antarctica/Troll", "Europe/Dublin",
	};
	int tested = 0;

	(void)state;
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		struct tz *z;
		struct err e = {0, ""};
		char path[256];
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zones[i]);
		if (access(path, R_OK) != 0)
			continue;               /* tzdata without that zone */
		assert_int_equal(tz_load(zones[i], &z, &e), 0);
		agree(z, zones[i], zones[i]);
		tz_free(z);
		tested++;
	}
	if (tested == 0)
		skip();                     /* no tz database on this machine */
}

static void
posix_rules_agree_with_glibc(void **state)
{
	static const char *const rules[] = {
		"CET-1CEST,M3.5.0,M10.5.0/3",
		"EST5EDT,M3.2.0,M11.1.0",
		"AEST-10AEDT,M10.1.0,M4.1.0/3",         /* southern */
		"<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
		"IST-1GMT0,M10.5.0,M3.5.0/1",           /* negative DST */
		"<-03>3<-02>,M3.5.0/-2,M10.5.0/-1",     /* negative times */
		"XXX3YYY,J60/2,J300/2",                 /* Julian, no Feb 29 */
		"XXX-3YYY,59/2,299/2",                  /* zero-based days */
		"ABC-5:30",
		"<+14>-14",
	};

	(void)state;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		struct tz *z;
		struct err e = {0, ""};
		assert_int_equal(tz_from_rule(rules[i], &z, &e), 0);
		/* from 1970: glibc computes every earlier year's changes as
		 * 1970's (tzset.c, compute_change), POSIX does not */
		agree_from(z, rules[i], rules[i], 0);
		tz_free(z);
	}
}

static void
offsets_and_bad_zones(void **state)
{
	static const struct {
		const char *spec;
		long offset;
	} ok[] = {
		{"UTC", 0}, {"Z", 0}, {"+02:00", 7200}, {"-0530", -19800},
		{"+14", 50400}, {"-12:00", -43200}, {"+00:00", 0},
	};
	static const char *const bad[] = {
		"+99:00", "+15:00", "-13", "+2", "+02:60", "", "Mars/Olympus",
		"../../etc/passwd", "/etc/localtime", "Europe/", "Europe//Paris",
		"Europe/Paris;rm", "+02:00x",
	};

	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		struct tz *z;
		struct err e = {0, ""};
		assert_int_equal(tz_load(ok[i].spec, &z, &e), 0);
		assert_int_equal(tz_offset(z, 1772438715), ok[i].offset);
		tz_free(z);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct tz *z = (struct tz *)1;
		struct err e = {0, ""};
		if (tz_load(bad[i], &z, &e) != ERR_USAGE)
			fail_msg("'%s' was taken for a zone", bad[i]);
		assert_null(z);
		assert_true(strstr(e.msg, "--tz") != NULL);
	}
}

/* The program never sets TZ: --tz is the zone of the hour key alone,
 * and a bad one is exit 2 before anything is read. */
static void
the_cli_uses_it_without_the_environment(void **state)
{
	struct run r;

	(void)state;
	run_tool(&r, NULL, "summary", "--tz", "Mars/Olympus", "--by", "hour",
	         "fixtures/capture.csv", NULL);
	assert_int_equal(r.status, 2);
	assert_true(contains(r.err, "'Mars/Olympus' is not a time zone"));
	run_free(&r);
	run_tool(&r, NULL, "summary", "--tz", "+99:00", "fixtures/capture.csv",
	         NULL);
	assert_int_equal(r.status, 2);
	run_free(&r);
	if (access("/usr/share/zoneinfo/Asia/Tokyo", R_OK) != 0)
		return;
	/* Tokyo is +09:00 all year: the same hours as the offset */
	{
		struct run a, b;
		run_tool(&a, NULL, "summary", "--bootstrap", "0", "--tz",
		         "Asia/Tokyo", "--by", "hour", "--format-out", "csv",
		         "fixtures/capture.csv", NULL);
		run_tool(&b, NULL, "summary", "--bootstrap", "0", "--tz", "+09:00",
		         "--by", "hour", "--format-out", "csv",
		         "fixtures/capture.csv", NULL);
		assert_int_equal(a.status, 0);
		assert_string_equal(a.out, b.out);
		run_free(&a);
		run_free(&b);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_files_agree_with_glibc),
		cmocka_unit_test(posix_rules_agree_with_glibc),
		cmocka_unit_test(offsets_and_bad_zones),
		cmocka_unit_test(the_cli_uses_it_without_the_environment),
	};

	return cmocka_run_group_tests_name("tz", tests, NULL, NULL);
}
