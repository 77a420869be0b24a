/*
 * test_stats.c — SPEC.md's definitions, checked against numbers computed
 * elsewhere: numpy 1.24.2 (np.quantile's default "linear" method is
 * Hyndman-Fan type 7; np.std(ddof=1)) and NIST StRD's certified values.
 */
#include "helpers.h"

#include <math.h>

#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>

#include "../analyze/rng.h"
#include "../analyze/stats.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
quantiles_are_type_7(void **state)
{
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	/* numpy: np.quantile(np.arange(1, 11), [0, .5, .9, .95, .99, 1])
	 *      = [1.0, 5.5, 9.1, 9.549999999999999, 9.91, 10.0] */
	(void)state;
	assert_close(stats_quantile(x, 10, 0.0), 1.0, 1e-15, "p0");
	assert_close(stats_quantile(x, 10, 0.5), 5.5, 1e-15, "p50");
	assert_close(stats_quantile(x, 10, 0.9), 9.1, 1e-15, "p90");
	assert_close(stats_quantile(x, 10, 0.95), 9.549999999999999, 1e-15, "p95");
	assert_close(stats_quantile(x, 10, 0.99), 9.91, 1e-15, "p99");
	assert_close(stats_quantile(x, 10, 1.0), 10.0, 1e-15, "p100");
}

static void
quantiles_interpolate_between_neighbours(void **state)
{
	const double y[] = {0.1, 0.2, 0.3, 0.7};
	/* numpy: np.quantile([0.3, 0.1, 0.7, 0.2], [.5, .9, .95, .99])
	 *      = [0.25, 0.5800000000000001, 0.6399999999999998,
	 *         0.6879999999999998]
	 * by hand, p95: h = 3 * 0.95 = 2.85 -> 0.3 + 0.85 * (0.7 - 0.3) = 0.64 */
	(void)state;
	assert_close(stats_quantile(y, 4, 0.5), 0.25, 1e-15, "p50");
	assert_close(stats_quantile(y, 4, 0.9), 0.5800000000000001, 1e-15, "p90");
	assert_close(stats_quantile(y, 4, 0.95), 0.64, 1e-15, "p95");
	assert_close(stats_quantile(y, 4, 0.99), 0.6879999999999998, 1e-15, "p99");
}

/* The same definition as GSL's type-7 quantile, to rounding: 10000 random
 * samples and quantiles, within 4 ulps.  Where two neighbours are equal,
 * ours returns exactly that value (GSL's (1-g)a + g b may not). */
static void
quantiles_agree_with_gsl(void **state)
{
	double x[50];
	struct rng r;

	(void)state;
	rng_seed(&r, 3, "gsl", 3);
	for (int rep = 0; rep < 10000; rep++) {
		size_t n = 1 + rng_below(&r, 50);
		double p = rng_uniform(&r);
		for (size_t i = 0; i < n; i++)
			x[i] = (double)rng_below(&r, 20) * 0.1 + rng_uniform(&r) * 0.01;
		qsort(x, n, sizeof *x, cmp);
		assert_close(stats_quantile(x, n, p),
		             gsl_stats_quantile_from_sorted_data(x, 1, n, p), 1e-15,
		             "type 7");
	}
	x[0] = 0.463;
	x[1] = 0.463;
	assert_true(stats_quantile(x, 2, 0.55) == 0.463);
}

static void
quantile_of_nothing_is_undefined_not_zero(void **state)
{
	const double one[] = {0.42};

	(void)state;
	assert_true(isnan(stats_quantile(NULL, 0, 0.5)));
	assert_true(isnan(stats_quantile(one, 1, 1.5)));
	assert_close(stats_quantile(one, 1, 0.99), 0.42, 0, "n = 1");
}

static void
sd_uses_n_minus_1(void **state)
{
	const double y[] = {0.3, 0.1, 0.7, 0.2};
	double mean, sd;

	(void)state;
	stats_mean_sd(y, 4, &mean, &sd);
	/* numpy: np.mean = 0.325, np.std(ddof=1) = 0.26299556396765833 */
	assert_close(mean, 0.325, 1e-15, "mean");
	assert_close(sd, 0.26299556396765833, 1e-14, "sd");
}

/* NIST StRD univariate summary statistics, NumAcc1-4: certified mean and
 * sd.  NumAcc3/4 defeat the one-pass formula (ministat gets 0.107 / NaN). */
static void
numacc(double base, double *x)
{
	x[0] = base + 0.2;
	for (int i = 1; i < 1001; i += 2) {
		x[i] = base + 0.1;
		x[i + 1] = base + 0.3;
	}
}

static void
sd_passes_nist_numacc(void **state)
{
	static double x[1001];
	const double a1[] = {10000001, 10000003, 10000002};
	double mean, sd;

	(void)state;
	stats_mean_sd(a1, 3, &mean, &sd);
	assert_close(mean, 10000002.0, 1e-15, "NumAcc1 mean");
	assert_close(sd, 1.0, 1e-15, "NumAcc1 sd");
	numacc(1.0, x);
	stats_mean_sd(x, 1001, &mean, &sd);
	assert_close(mean, 1.2, 1e-14, "NumAcc2 mean");
	assert_close(sd, 0.1, 1e-13, "NumAcc2 sd");
	/* The data are not exactly representable: 1000000.1 carries an
	 * error up to ulp/2 = 5.8e-11, so the sd of the stored numbers can
	 * differ from the certified 0.1 by about 6e-10 relative; 1e-8 is the
	 * bound GSL's test_nist uses for NumAcc3. */
	numacc(1000000.0, x);
	stats_mean_sd(x, 1001, &mean, &sd);
	assert_close(mean, 1000000.2, 1e-15, "NumAcc3 mean");
	assert_close(sd, 0.1, 1e-8, "NumAcc3 sd");
	/* ulp/2 at 1e7 is 9.3e-10: up to ~1e-8 relative on the sd */
	numacc(10000000.0, x);
	stats_mean_sd(x, 1001, &mean, &sd);
	assert_close(mean, 10000000.2, 1e-15, "NumAcc4 mean");
	assert_close(sd, 0.1, 1e-7, "NumAcc4 sd");
}

static void
sd_and_cv_are_undefined_below_two_samples(void **state)
{
	const double one[] = {0.5};
	double mean, sd;

	(void)state;
	stats_mean_sd(one, 1, &mean, &sd);
	assert_close(mean, 0.5, 0, "mean of one");
	assert_true(isnan(sd));
	assert_true(isnan(stats_cv_pct(mean, sd)));
	stats_mean_sd(NULL, 0, &mean, &sd);
	assert_true(isnan(mean) && isnan(sd));
}

static void
cv_is_100_sd_over_mean(void **state)
{
	(void)state;
	assert_close(stats_cv_pct(0.5, 0.1), 20.0, 1e-15, "cv");
	assert_true(isnan(stats_cv_pct(0.0, 0.1)));
}

static void
tier_boundaries_belong_to_the_higher_tier(void **state)
{
	(void)state;
	assert_int_equal(stats_tier(21.0), TIER_WELL_SUPPORTED);
	assert_int_equal(stats_tier(39.999999), TIER_WELL_SUPPORTED);
	assert_int_equal(stats_tier(40.0), TIER_VARIABLE);
	assert_int_equal(stats_tier(99.999999), TIER_VARIABLE);
	assert_int_equal(stats_tier(100.0), TIER_COLD_STARTS);
	assert_int_equal(stats_tier(299.999999), TIER_COLD_STARTS);
	assert_int_equal(stats_tier(300.0), TIER_NOT_PRODUCTION_READY);
	assert_int_equal(stats_tier(710.0), TIER_NOT_PRODUCTION_READY);
	assert_int_equal(stats_tier(NAN), TIER_NONE);
	assert_string_equal(stats_tier_name(TIER_VARIABLE), "variable");
	assert_string_equal(stats_tier_name(TIER_COLD_STARTS), "cold-starts");
	assert_string_equal(stats_tier_name(TIER_NOT_PRODUCTION_READY),
	                    "not-production-ready");
	assert_string_equal(stats_tier_name(TIER_WELL_SUPPORTED), "well-supported");
	assert_null(stats_tier_name(TIER_NONE));
}

static void
describe_fills_every_statistic(void **state)
{
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	struct describe d;

	(void)state;
	stats_describe(x, 10, &d);
	/* numpy: mean 5.5, std(ddof=1) 3.0276503540974917 */
	assert_int_equal(d.n, 10);
	assert_close(d.min, 1, 0, "min");
	assert_close(d.max, 10, 0, "max");
	assert_close(d.median, 5.5, 0, "median");
	assert_close(d.p90, 9.1, 1e-15, "p90");
	assert_close(d.sd, 3.0276503540974917, 1e-15, "sd");
	assert_close(d.cv_pct, 100 * 3.0276503540974917 / 5.5, 1e-15, "cv");
	assert_int_equal(d.tier, TIER_VARIABLE);
	stats_describe(NULL, 0, &d);
	assert_true(isnan(d.min) && isnan(d.median) && isnan(d.cv_pct));
	assert_int_equal(d.tier, TIER_NONE);
}

/* By hand: {1, 2, 3, 4, 10}, mean 4, squared deviations 9, 4, 1, 0, 36
 * (sum 50); the largest value holds 36/50 = 0.72, the largest two 0.72.
 * Tail ratio p95/median: p95 = 4 + 0.8 * 6 = 8.8, median 3: 2.9333. */
static void
top_share_and_tail_ratio_by_hand(void **state)
{
	static const double x[5] = {1, 2, 3, 4, 10};
	double y[40];
	struct describe d;

	(void)state;
	assert_close(stats_top_share(x, 5, 4.0, 1), 0.72, 1e-15, "top 1");
	assert_close(stats_top_share(x, 5, 4.0, 2), 0.72, 1e-15, "top 2");
	assert_close(stats_top_share(x, 5, 4.0, 5), 1.0, 1e-15, "all");
	stats_describe(x, 5, &d);
	assert_close(d.tail_ratio, 8.8 / 3.0, 1e-15, "tail ratio");
	assert_false(stats_heavy_tail(&d));     /* n < STATS_TOP_MIN_N */
	/* 37 values of 1 and three of 100: mean 8.425, the three hold
	 * 3 * 91.575^2 / (3 * 91.575^2 + 37 * 7.425^2) = 0.92500 */
	for (int i = 0; i < 40; i++)
		y[i] = i < 37 ? 1.0 : 100.0;
	stats_describe(y, 40, &d);
	assert_close(d.top_share, 3 * 91.575 * 91.575 /
	             (3 * 91.575 * 91.575 + 37 * 7.425 * 7.425), 1e-12, "3 of 40");
	assert_true(stats_heavy_tail(&d));
	for (int i = 0; i < 40; i++)
		y[i] = 1.0 + 0.01 * i;               /* uniform: 3 of 40 hold ~22 % */
	stats_describe(y, 40, &d);
	assert_true(d.top_share < 0.3);
	assert_false(stats_heavy_tail(&d));
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The radix sort orders doubles as qsort with a comparison does: every
 * sign and magnitude (denormals, 1e300, -0 and +0, ties), on both sides of
 * the size where it takes over from qsort. */
static void
radix_sort_orders_as_a_comparison_sort(void **state)
{
	static const size_t ns[] = {0, 1, 2, 255, 256, 257, 1000, 5003};
	static const double special[] = {0.0, -0.0, 5e-324, -5e-324, 1e300,
	                                 -1e300, 1.0, 1.0, 0.4, 0.4};
	struct rng r;

	(void)state;
	rng_seed(&r, 9, "sort", 4);
	for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
		size_t n = ns[k];
		double *x = malloc((n + 1) * sizeof *x), *y = malloc((n + 1) * sizeof *y);
		for (size_t i = 0; i < n; i++) {
			double u = rng_uniform(&r);
			x[i] = i < 10 ? special[i]
			       : u < 0.3 ? exp(40 * rng_normal(&r))
			       : u < 0.5 ? -exp(10 * rng_normal(&r))
			       : u < 0.7 ? (double)(rng_below(&r, 7))      /* ties */
			                 : rng_normal(&r);
			y[i] = x[i];
		}
		stats_sort(x, n);
		qsort(y, n, sizeof *y, cmp_dbl);
		for (size_t i = 0; i < n; i++)
			assert_true(x[i] == y[i]);      /* -0 == +0 compare equal */
		for (size_t i = 1; i < n; i++)
			assert_true(x[i - 1] <= x[i]);
		free(x);
		free(y);
	}
}

/* Selection gives the sort's type-7 quantiles. */
static void
selected_quantiles_equal_sorted_ones(void **state)
{
	static const double ps[] = {0, 0.025, 0.5, 0.95, 0.975, 1};
	struct rng r;
	double x[1001], y[1001], q1, q2;

	(void)state;
	rng_seed(&r, 3, "sel", 3);
	for (size_t n = 1; n <= 1001; n += 250) {
		for (size_t i = 0; i < n; i++)
			y[i] = (double)rng_below(&r, 50) / 7;   /* many ties */
		qsort(y, n, sizeof *y, cmp_dbl);
		for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
			for (size_t i = 0; i < n; i++)
				x[i] = y[n - 1 - i];
			assert_true(stats_quantile_select(x, n, ps[k]) ==
			            stats_quantile(y, n, ps[k]));
		}
		for (size_t i = 0; i < n; i++)
			x[i] = y[(i * 7919) % n];
		stats_quantiles_select(x, n, 0.025, 0.975, &q1, &q2);
		assert_true(q1 == stats_quantile(y, n, 0.025));
		assert_true(q2 == stats_quantile(y, n, 0.975));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quantiles_are_type_7),
		cmocka_unit_test(quantiles_interpolate_between_neighbours),
		cmocka_unit_test(quantiles_agree_with_gsl),
		cmocka_unit_test(quantile_of_nothing_is_undefined_not_zero),
		cmocka_unit_test(sd_uses_n_minus_1),
		cmocka_unit_test(sd_passes_nist_numacc),
		cmocka_unit_test(sd_and_cv_are_undefined_below_two_samples),
		cmocka_unit_test(cv_is_100_sd_over_mean),
		cmocka_unit_test(tier_boundaries_belong_to_the_higher_tier),
		cmocka_unit_test(describe_fills_every_statistic),
		cmocka_unit_test(top_share_and_tail_ratio_by_hand),
		cmocka_unit_test(radix_sort_orders_as_a_comparison_sort),
		cmocka_unit_test(selected_quantiles_equal_sorted_ones),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
