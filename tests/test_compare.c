/*
 * test_compare.c — `compare` on synthetic pairs whose truth is known, and
 * the --fail-if grammar.
 *
 * Each pair is drawn from log-normal populations with a fixed seed; the
 * rates below come from many seeds, with bounds from the binomial
 * distribution (stated next to each).
 */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/compare.h"
#include "../analyze/gates.h"
#include "../analyze/rng.h"

/* A one-cell trace of n TTFTs: warm log-normal (median m, sigma s) with a
 * share `cold` of cold starts at 10 s. */
static void
build(struct trace **t, struct cells **cs, struct rng *r, size_t n, double m,
      double s, double cold)
{
	struct err e;
	uint16_t src;
	uint32_t key[TRACE_MAX_KEYS], cell;
	size_t k;
	struct analyze_opts ao = {0, 0.95, CI_BCA, 1, 1, {NULL, 0, 0}};

	*t = trace_new();
	assert_int_equal(trace_source_add(*t, "synthetic", &src, &e), 0);
	for (size_t i = 0; i < TRACE_MAX_KEYS; i++)
		key[i] = TRACE_NONE;
	assert_int_equal(trace_key_find_or_add(*t, "model", &k, &e), 0);
	assert_int_equal(trace_str_intern(*t, "m", 1, &key[k], &e), 0);
	assert_int_equal(trace_cell_intern(*t, key, &cell, &e), 0);
	for (size_t i = 0; i < n; i++) {
		bool c = rng_uniform(r) < cold;
		struct trace_row row = {
			c ? 10.0 * exp(0.3 * rng_normal(r)) : m * exp(s * rng_normal(r)),
			NAN, cell, i + 2, 200, true, NAN, NAN};
		assert_int_equal(trace_append(*t, &row, &e), 0);
	}
	assert_int_equal(cells_build(*t, 0, cs, &e), 0);
	assert_int_equal(analyze_cells(*t, *cs, &ao, &e), 0);
}

struct rates {
	double location, cold, spread, changed, regression;
};

/* The share of seeds in which each test (Holm is moot with one cell)
 * rejects at 0.05. */
static struct rates
rejection_rates(int seeds, size_t n, double m2, double s2, double cold2)
{
	struct rates r = {0, 0, 0, 0, 0};
	struct analyze_opts ao = {200, 0.95, CI_BCA, 1, 1, {NULL, 0, 0}};

	for (int k = 0; k < seeds; k++) {
		struct trace *ta, *tb;
		struct cells *ca, *cb;
		struct comparison *cmp;
		struct err e;
		struct rng g;
		rng_seed(&g, (uint64_t)k, "pair", 4);
		build(&ta, &ca, &g, n, 0.4, 0.25, 0.0);
		build(&tb, &cb, &g, n, m2, s2, cold2);
		assert_int_equal(compare_cells(ta, ca, tb, cb, &ao, 0.05, &cmp, &e),
		                 0);
		assert_int_equal(cmp->n, 1);
		r.location += cmp->c[0].p_adj < 0.05;
		r.cold += cmp->c[0].p_cold_adj < 0.05;
		r.spread += cmp->c[0].p_spread_adj < 0.05;
		r.changed += cmp->c[0].changed;
		r.regression += cmp->c[0].regression;
		/* the verdict is its tests' */
		assert_true(cmp->c[0].changed == (cmp->c[0].changed_by != 0));
		assert_true(!cmp->c[0].regression || cmp->c[0].changed);
		comparison_free(cmp);
		cells_free(ca);
		cells_free(cb);
		trace_free(ta);
		trace_free(tb);
	}
	r.location /= seeds;
	r.cold /= seeds;
	r.spread /= seeds;
	r.changed /= seeds;
	r.regression /= seeds;
	return r;
}

/* Identical populations: each test rejects about 5 % of the time.  Over
 * 200 seeds a true 5 % rate exceeds 0.05 + 3 sqrt(0.05 x 0.95 / 200) =
 * 0.096 with probability < 0.2 %. */
static void
identical_captures_are_rarely_called_different(void **state)
{
	struct rates r = rejection_rates(200, 80, 0.4, 0.25, 0.0);

	(void)state;
	if (r.location > 0.096 || r.spread > 0.096 || r.cold > 0.096)
		fail_msg("false positives: location %.3f, spread %.3f, cold %.3f",
		         r.location, r.spread, r.cold);
	/* and the one verdict over all four tests is controlled as one (its
	 * rate at most 5 %: the same bound) */
	if (r.changed > 0.096)
		fail_msg("identical cells called changed in %.3f", r.changed);
}

/* A pure 30 % median shift: Mann-Whitney's power at n = 80, sigma 0.25
 * is above 0.99; require 90 % of 50 seeds. */
static void
a_median_shift_is_found_by_the_location_test(void **state)
{
	struct rates r = rejection_rates(50, 80, 0.52, 0.25, 0.0);

	(void)state;
	assert_true(r.location >= 0.9);
	assert_true(r.regression >= 0.9);   /* slower: worse */
}

/* 15 % cold starts added, the warm part unchanged: Fisher's test on the
 * cold counts finds it (expected 12 of 80 cold against 0). */
static void
added_cold_starts_are_found_by_the_cold_share_test(void **state)
{
	struct rates r = rejection_rates(50, 80, 0.4, 0.25, 0.15);

	(void)state;
	assert_true(r.cold >= 0.9);
}

/* The same median, three times the spread: Brown-Forsythe finds it. */
static void
a_spread_change_is_found_by_the_consistency_test(void **state)
{
	struct rates r = rejection_rates(50, 80, 0.4, 0.75, 0.0);

	(void)state;
	assert_true(r.spread >= 0.9);
	assert_true(r.location <= 0.3);         /* the median did not move */
}

/* ==== gates ==== */

static void
gate_grammar(void **state)
{
	static const struct {
		const char *text;
		bool compare;
		enum gate_metric m;
		enum gate_op op;
		double value;
	} good[] = {
		{"p95>1.5s", false, G_P95, GO_GT, 1.5},
		{"span<2h", false, G_SPAN, GO_LT, 7200},
		{"median_gap < 1.5min", false, G_MEDIAN_GAP, GO_LT, 90},
		{"warm_p90>800ms", false, G_WARM_P90, GO_GT, 0.8},
		{"cold_median>20s", false, G_COLD_MEDIAN, GO_GT, 20},
		{"concurrency>1", false, G_CONCURRENCY, GO_GT, 1},
		{"overlap<0.5", false, G_OVERLAP, GO_LT, 0.5},
		{"median > 400ms", false, G_MEDIAN, GO_GT, 0.4},
		{"p99>=250000us", false, G_P99, GO_GE, 0.25},
		{"max<2e9ns", false, G_MAX, GO_LT, 2.0},
		{"cv>100", false, G_CV, GO_GT, 100},
		{"cv>100%", false, G_CV, GO_GT, 100},
		{"cold_share>0.05", false, G_COLD_SHARE, GO_GT, 0.05},
		{"cold_share>5%", false, G_COLD_SHARE, GO_GT, 0.05},
		{"errors>1%", false, G_ERRORS, GO_GT, 1},
		{"errors!=0", false, G_ERRORS, GO_NE, 0},
		{"n<75", false, G_N, GO_LT, 75},
		{"tier>=cold-starts", false, G_TIER, GO_GE, TIER_COLD_STARTS},
		{"tier=well-supported", false, G_TIER, GO_EQ, TIER_WELL_SUPPORTED},
		{"p95_pct>10", true, G_P95_PCT, GO_GT, 10},
		{"median_pct<=-5", true, G_MEDIAN_PCT, GO_LE, -5},
		{"regression", true, G_REGRESSION, GO_GT, 0},
	};
	static const struct {
		const char *text;
		bool compare;
		const char *msg;
	} bad[] = {
		{"p95>>1s", false, "at character 5: expected a number"},
		{"p96>1", false, "at character 1: expected a metric"},
		{"p95 1s", false, "at character 5: expected >"},
		{"p95>1parsec", false, "at character 6: expected the end, or a unit"},
		{"tier>=warm", false, "at character 7: expected well-supported"},
		{"n>3%", false, "at character 4: this metric takes no %"},
		{"regression", false, "at character 1: expected a metric"},
		{"p95>1s", true, "at character 1: expected median_pct"},
	};
	struct gate g;
	struct err e;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (gate_parse(good[i].text, good[i].compare, &g, &e) != 0)
			fail_msg("%s: %s", good[i].text, e.msg);
		assert_int_equal(g.metric, good[i].m);
		if (g.metric != G_REGRESSION) {
			assert_int_equal(g.op, good[i].op);
			assert_close(g.value, good[i].value, 1e-12, good[i].text);
		}
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(gate_parse(bad[i].text, bad[i].compare, &g, &e),
		                 ERR_USAGE);
		if (!contains(e.msg, bad[i].msg))
			fail_msg("%s: %s", bad[i].text, e.msg);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(identical_captures_are_rarely_called_different),
		cmocka_unit_test(a_median_shift_is_found_by_the_location_test),
		cmocka_unit_test(added_cold_starts_are_found_by_the_cold_share_test),
		cmocka_unit_test(a_spread_change_is_found_by_the_consistency_test),
		cmocka_unit_test(gate_grammar),
	};

	return cmocka_run_group_tests_name("compare", tests, NULL, NULL);
}
