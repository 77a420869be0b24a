/*
 * test_capture.c — the capture audit on generated traces whose answer is
 * known: sequential and concurrent, spaced and back-to-back, peak-only
 * and all-day, overlapping and disjoint provider windows, with and
 * without a warm-up transient and a drift, a sentinel, a monotonic clock,
 * no start times.
 */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../analyze/capture.h"
#include "../analyze/rng.h"
#include "../analyze/stats.h"

/* 2026-03-02 (a Monday) 00:00 UTC */
#define MONDAY 1772409600.0

struct spec {
	const char *provider;
	size_t n;
	double first, gap;              /* first start, spacing (s); NAN: untimed */
	double ttft;                    /* median TTFT (s) */
	double slow_first;              /* the first 10 this many times slower */
	double drift;                   /* the last half this many times slower */
	bool constant;                  /* every TTFT the same */
	double e2e;                     /* every response this long (s); 0: none */
};

static void
build(struct trace **t, struct cells **cs, const struct spec *sp, size_t k)
{
	struct err e;
	uint16_t src;
	uint32_t key[TRACE_MAX_KEYS], cell;
	size_t km, kp;
	struct rng r;
	struct analyze_opts ao;

	memset(&ao, 0, sizeof ao);
	ao.confidence = 0.95;
	ao.threads = 1;
	rng_seed(&r, 5, "cap", 3);
	*t = trace_new();
	assert_int_equal(trace_source_add(*t, "gen", &src, &e), 0);
	assert_int_equal(trace_key_find_or_add(*t, "model", &km, &e), 0);
	assert_int_equal(trace_key_find_or_add(*t, "provider", &kp, &e), 0);
	for (size_t c = 0; c < k; c++) {
		for (size_t i = 0; i < TRACE_MAX_KEYS; i++)
			key[i] = TRACE_NONE;
		assert_int_equal(trace_str_intern(*t, "m", 1, &key[km], &e), 0);
		assert_int_equal(trace_str_intern(*t, sp[c].provider,
		                                  strlen(sp[c].provider), &key[kp],
		                                  &e), 0);
		assert_int_equal(trace_cell_intern(*t, key, &cell, &e), 0);
		for (size_t i = 0; i < sp[c].n; i++) {
			double x = sp[c].constant ? sp[c].ttft
			           : sp[c].ttft * exp(0.2 * rng_normal(&r));
			if (i < 10)
				x *= sp[c].slow_first;
			if (i >= sp[c].n / 2)
				x *= sp[c].drift;
			struct trace_row row = {x, sp[c].first + sp[c].gap * (double)i,
			                        cell, c * 1000 + i + 2, 200, true,
			                        sp[c].e2e > 0 ? sp[c].e2e : NAN, NAN};
			assert_int_equal(trace_append(*t, &row, &e), 0);
		}
	}
	assert_int_equal(cells_build(*t, 0, cs, &e), 0);
	assert_int_equal(analyze_cells(*t, *cs, &ao, &e), 0);
}

static const struct capture *
audit(const struct spec *sp, size_t k, size_t which, struct capture *keep)
{
	struct trace *t;
	struct cells *cs;

	build(&t, &cs, sp, k);
	*keep = cs->c[which].capture;
	cells_free(cs);
	trace_free(t);
	return keep;
}

/* 100 requests 5 minutes apart from Monday 06:00: 8.25 h, peak and off
 * peak, one at a time: every check passes. */
static void
a_well_made_capture_passes_every_check(void **state)
{
	struct spec sp[2] = {
		{"a", 100, MONDAY + 6 * 3600, 300, 0.4, 1, 1, false, 0},
		{"b", 100, MONDAY + 6 * 3600 + 150, 300, 0.5, 1, 1, false, 0}};
	struct capture a;

	(void)state;
	audit(sp, 2, 0, &a);
	/* no end-to-end latencies or token counts: those two are said not
	 * checked */
	assert_int_equal(a.state[CAP_STREAMING], CAP_UNKNOWN);
	assert_int_equal(a.state[CAP_PROMPT], CAP_UNKNOWN);
	for (int k = 0; k < CAP_STREAMING; k++)
		if (a.state[k] != CAP_PASS)
			fail_msg("%s: state %d", capture_check_name((enum cap_check)k),
			         a.state[k]);
	assert_close(a.conc_max, 1, 0, "one at a time");
	assert_close(a.gap_median_s, 300, 1e-9, "gap");
	assert_close(a.span_h, 99 * 300 / 3600.0, 1e-9, "span");
	assert_true(a.offpeak && a.wallclock);
	assert_true(a.overlap > 0.9);
}

/* Back to back, a request every 0.1 s with TTFTs of 0.8 s: 8 in flight
 * (by hand: requests i-7 .. i have not reached their first token). */
static void
a_load_test_fails_concurrency_and_spacing(void **state)
{
	struct spec sp[1] = {{"a", 200, MONDAY + 6 * 3600, 0.1, 0.8, 1, 1, true, 0}};
	struct capture a;

	(void)state;
	audit(sp, 1, 0, &a);
	assert_int_equal(a.state[CAP_CONCURRENCY], CAP_FAIL);
	assert_close(a.conc_max, 8, 0, "in flight");
	assert_int_equal(a.state[CAP_SPACING], CAP_FAIL);
	assert_close(a.within_1s, 1, 0, "all within a second");
	assert_int_equal(a.state[CAP_COVERAGE], CAP_FAIL);   /* 20 s */
	assert_int_equal(a.state[CAP_SENTINEL], CAP_FAIL);   /* constant */
}

/* Requests 2 s apart whose first token comes after 0.3 s but whose
 * responses last 5 s: counted to the first token they look sequential
 * (the lower bound: 1), counted to the end of the response three are in
 * flight (by hand: the ones started 4 s and 2 s before end 1 s and 3 s
 * after), and the count says it is exact. */
static void
end_to_end_latencies_make_the_concurrency_exact(void **state)
{
	struct spec bound[1] = {{"a", 100, MONDAY + 6 * 3600, 2, 0.3, 1, 1, true, 0}};
	struct spec whole[1] = {{"a", 100, MONDAY + 6 * 3600, 2, 0.3, 1, 1, true, 5}};
	struct capture a;

	(void)state;
	audit(bound, 1, 0, &a);
	assert_close(a.conc_max, 1, 0, "to the first token");
	assert_false(a.conc_exact);
	audit(whole, 1, 0, &a);
	assert_close(a.conc_max, 3, 0, "to the end of the response");
	assert_close(a.conc_median, 3, 0, "from the third request on");
	assert_true(a.conc_exact);
	assert_int_equal(a.state[CAP_CONCURRENCY], CAP_FAIL);
}

/* Weekday 10:00 to 15:00 only: no off-peak request. */
static void
peak_only_fails_time_coverage(void **state)
{
	struct spec sp[1] = {{"a", 100, MONDAY + 10 * 3600, 180, 0.4, 1, 1, false, 0}};
	struct capture a;

	(void)state;
	audit(sp, 1, 0, &a);
	assert_false(a.offpeak);
	assert_int_equal(a.state[CAP_COVERAGE], CAP_FAIL);
	assert_int_equal(a.hours, 0x1fu << 10);            /* 10 .. 14 */
	assert_int_equal(a.days, 1u << 1);                 /* Monday */
}

/* Provider a 06:00-08:00, b 14:00-16:00: disjoint, confounded. */
static void
disjoint_windows_are_confounded(void **state)
{
	struct spec sp[2] = {
		{"a", 100, MONDAY + 6 * 3600, 72, 0.4, 1, 1, false, 0},
		{"b", 100, MONDAY + 14 * 3600, 72, 0.4, 1, 1, false, 0}};
	struct capture a;

	(void)state;
	audit(sp, 2, 1, &a);
	assert_int_equal(a.state[CAP_OVERLAP], CAP_FAIL);
	assert_close(a.overlap, 0, 0, "no overlap");
}

static void
a_warm_up_transient_and_a_drift_are_found(void **state)
{
	struct spec warm[1] = {{"a", 100, MONDAY + 6 * 3600, 300, 0.4, 3, 1, false, 0}};
	struct spec drift[1] = {{"a", 100, MONDAY + 6 * 3600, 300, 0.4, 1, 1.5,
	                         false, 0}};
	struct capture a;

	(void)state;
	audit(warm, 1, 0, &a);
	assert_int_equal(a.state[CAP_WARMUP], CAP_FAIL);
	assert_true(a.warmup_suggested >= 8 && a.warmup_suggested <= 10);
	audit(drift, 1, 0, &a);
	assert_int_equal(a.state[CAP_DRIFT], CAP_FAIL);
	assert_true(a.drift_ratio > 1.3 && a.drift_ratio < 1.7);
	assert_int_equal(a.state[CAP_WARMUP], CAP_PASS);
}

/* perf_counter-like start times (seconds since boot): no time of day. */
static void
a_monotonic_clock_is_said_and_not_checked(void **state)
{
	struct spec sp[1] = {{"a", 100, 5000, 300, 0.4, 1, 1, false, 0}};
	struct capture a;

	(void)state;
	audit(sp, 1, 0, &a);
	assert_false(a.wallclock);
	assert_int_equal(a.state[CAP_CLOCK], CAP_FAIL);
	assert_int_equal(a.state[CAP_COVERAGE], CAP_UNKNOWN);
	assert_non_null(a.why[CAP_COVERAGE]);
	assert_int_equal(a.state[CAP_CONCURRENCY], CAP_PASS);
}

static void
without_start_times_nothing_is_passed(void **state)
{
	struct spec sp[1] = {{"a", 100, NAN, 0, 0.4, 1, 1, false, 0}};
	struct capture a;

	(void)state;
	audit(sp, 1, 0, &a);
	for (int k = CAP_CONCURRENCY; k <= CAP_OVERLAP; k++)
		assert_int_equal(a.state[k], CAP_UNKNOWN);
	assert_int_equal(a.state[CAP_CLOCK], CAP_UNKNOWN);
	assert_int_equal(a.state[CAP_SAMPLE], CAP_PASS);
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Irregular gaps (even and odd counts, ties): the audit's median gap and
 * median in-flight count are type-7 medians, as stats_quantile of the
 * sorted values gives them. */
static void
medians_are_type_7(void **state)
{
	for (size_t n = 40; n <= 41; n++) {
		struct err e;
		uint16_t src;
		uint32_t key[TRACE_MAX_KEYS], cell;
		size_t km;
		struct trace *t = trace_new();
		struct cells *cs;
		struct analyze_opts ao;
		double st = MONDAY, gaps[64], want;

		(void)state;
		memset(&ao, 0, sizeof ao);
		ao.confidence = 0.95;
		ao.threads = 1;
		assert_int_equal(trace_source_add(t, "gen", &src, &e), 0);
		assert_int_equal(trace_key_find_or_add(t, "model", &km, &e), 0);
		for (size_t i = 0; i < TRACE_MAX_KEYS; i++)
			key[i] = TRACE_NONE;
		assert_int_equal(trace_str_intern(t, "m", 1, &key[km], &e), 0);
		assert_int_equal(trace_cell_intern(t, key, &cell, &e), 0);
		for (size_t i = 0; i < n; i++) {
			struct trace_row row = {0.5 + 0.01 * (double)(i % 7), st, cell,
			                        i + 2, 200, true, NAN, NAN};
			assert_int_equal(trace_append(t, &row, &e), 0);
			if (i + 1 < n) {
				gaps[i] = (double)((i * 37) % 11) * 0.3 + (i % 3 == 0 ? 0 : 0.2);
				st += gaps[i];
			}
		}
		assert_int_equal(cells_build(t, 0, &cs, &e), 0);
		assert_int_equal(analyze_cells(t, cs, &ao, &e), 0);
		qsort(gaps, n - 1, sizeof *gaps, cmpd);
		want = stats_quantile(gaps, n - 1, 0.5);
		/* start times near 1.8e9 s carry 2e-7 s of rounding: gaps differ
		 * from the exact ones by that much */
		assert_close(cs->c[0].capture.gap_median_s, want, 1e-6, "median gap");
		cells_free(cs);
		trace_free(t);
	}
}


/* Requests in flight, counted by brute force over every pair: in table
 * order k, a request counts those that started before it (at the same
 * instant: earlier in the table) and end after its start. */
static void
brute_flight(const double *st, const double *en, const int *cellof, int cell,
             size_t n, double *max, double *median)
{
	double *cnt = malloc(n * sizeof *cnt);
	size_t m = 0;

	assert_non_null(cnt);
	for (size_t i = 0; i < n; i++) {
		size_t c = 1;
		if (cell >= 0 && cellof[i] != cell)
			continue;
		for (size_t j = 0; j < n; j++)
			if ((cell < 0 || cellof[j] == cell) && j != i &&
			    (st[j] < st[i] || (st[j] == st[i] && j < i)) &&
			    en[j] > st[i])
				c++;
		cnt[m++] = (double)c;
	}
	qsort(cnt, m, sizeof *cnt, cmpd);
	*max = cnt[m - 1];
	*median = m % 2 ? cnt[m / 2] : 0.5 * (cnt[m / 2 - 1] + cnt[m / 2]);
	free(cnt);
}

/* Many requests in flight at once — a few, then dozens, then hundreds
 * sent at one instant — in start order or not: the sweeps (a window of
 * ends counted without branches up to 16, by halving beyond, a heap past
 * 64 and back) count what every pair says. */
static void
concurrency_counts_match_brute_force(void **state)
{
	enum { N = 900 };
	static double st[N], en[N], ds[N], de[N];
	static int cellof[N], dc[N];
	size_t order[N];

	(void)state;
	/* in start order; out of order early (two neighbours swapped: the
	 * sweep starts over, sorted); backwards; a burst at one instant */
	for (int variant = 0; variant < 4; variant++) {
		struct trace *t = trace_new();
		struct cells *cs;
		struct err e;
		struct rng r;
		uint16_t src;
		uint32_t key[TRACE_MAX_KEYS], cell[2];
		size_t km;
		struct analyze_opts ao;
		double want_max, want_med;

		memset(&ao, 0, sizeof ao);
		ao.confidence = 0.95;
		ao.threads = 1;
		rng_seed(&r, 9, "flight", 6);
		assert_int_equal(trace_source_add(t, "gen", &src, &e), 0);
		assert_int_equal(trace_key_find_or_add(t, "provider", &km, &e), 0);
		for (int c = 0; c < 2; c++) {
			for (size_t i = 0; i < TRACE_MAX_KEYS; i++)
				key[i] = TRACE_NONE;
			assert_int_equal(trace_str_intern(t, c ? "b" : "a", 1, &key[km],
			                                  &e), 0);
			assert_int_equal(trace_cell_intern(t, key, &cell[c], &e), 0);
		}
		/* a quiet hour, then a burst: up to dozens at once; or 300 at
		 * one instant between two quiet hours */
		for (size_t i = 0; i < N; i++) {
			double u = rng_uniform(&r);
			if (variant == 3)
				ds[i] = i < 300 ? 3600.0 * u : i < 600 ? 3600.0
				        : 3601.0 + 3600.0 * u;
			else
				ds[i] = i < N / 2 ? 3600.0 * u : 3600.0 + 200.0 * u;
			de[i] = ds[i] + 0.1 + 30.0 * rng_uniform(&r) * rng_uniform(&r);
			dc[i] = i % 3 == 0;
			order[i] = i;
		}
		for (size_t i = 1; i < N; i++)         /* by start, stably */
			for (size_t j = i; j > 0 && ds[order[j - 1]] > ds[order[j]];
			     j--) {
				size_t tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
		if (variant == 1) {
			size_t tmp = order[5];
			order[5] = order[6];
			order[6] = tmp;
		}
		/* the table, in its order */
		for (size_t k = 0; k < N; k++) {
			size_t i = order[variant == 2 ? N - 1 - k : k];
			st[k] = ds[i];
			en[k] = de[i];
			cellof[k] = dc[i];
		}
		for (size_t k = 0; k < N; k++) {
			struct trace_row row = {en[k] - st[k], st[k], cell[cellof[k]],
			                        k + 2, 200, true, NAN, NAN};
			assert_int_equal(trace_append(t, &row, &e), 0);
		}
		assert_int_equal(analyze_build(t, 0, &ao, &cs, &e), 0);
		brute_flight(st, en, cellof, -1, N, &want_max, &want_med);
		/* past the branch-free window; past the heap's threshold */
		assert_true(want_max > (variant == 3 ? 300 : 16));
		assert_close(cs->inputs[0].conc_max, want_max, 0, "input's most");
		for (size_t c = 0; c < cs->n; c++) {
			int which = strcmp(trace_str(t, t->cells[cs->c[c].id].key[km]),
			                   "b") == 0;
			brute_flight(st, en, cellof, which, N, &want_max, &want_med);
			assert_close(cs->c[c].capture.conc_max, want_max, 0, "cell's most");
			assert_close(cs->c[c].capture.conc_median, want_med, 0,
			             "cell's median");
		}
		cells_free(cs);
		trace_free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_well_made_capture_passes_every_check),
		cmocka_unit_test(a_load_test_fails_concurrency_and_spacing),
		cmocka_unit_test(end_to_end_latencies_make_the_concurrency_exact),
		cmocka_unit_test(peak_only_fails_time_coverage),
		cmocka_unit_test(disjoint_windows_are_confounded),
		cmocka_unit_test(a_warm_up_transient_and_a_drift_are_found),
		cmocka_unit_test(a_monotonic_clock_is_said_and_not_checked),
		cmocka_unit_test(without_start_times_nothing_is_passed),
		cmocka_unit_test(medians_are_type_7),
		cmocka_unit_test(concurrency_counts_match_brute_force),
	};

	return cmocka_run_group_tests_name("capture", tests, NULL, NULL);
}
