/*
 * test_bootstrap.c — confidence intervals against scipy.stats.bootstrap,
 * and the exact quantile distribution against brute-force resampling.
 *
 * Expected intervals: tests/oracle/bootstrap_oracle.py (scipy 1.10.1,
 * n_resamples = 200000), on the samples it wrote to tests/data/.  Each
 * tolerance is derived from Monte-Carlo error, not picked: sd10k is the
 * standard deviation of scipy's endpoint over 20 runs at B = 10000.
 *   - quantiles (exact here): scipy's own error at B = 200000 is
 *     sd10k / sqrt(20); allow 4 of those;
 *   - mean and CV (resampled here too, B = 10000): the difference of two
 *     independent estimates has sd sqrt(sd10k^2 + sd10k^2 / 20); allow 4.
 */
#include "helpers.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/serial.h"
#include "../analyze/bootstrap.h"
#include "../analyze/qboot.h"
#include "../analyze/stats.h"

static double *
load(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "r");
	double *x = malloc(1000 * sizeof *x);
	size_t k = 0;

	assert_non_null(fp);
	while (k < 1000 && fscanf(fp, "%lf", &x[k]) == 1)
		k++;
	fclose(fp);
	*n = k;
	return x;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

struct expect {
	enum ci_stat stat;
	enum ci_method method;
	double lo, hi, sd_lo, sd_hi;    /* scipy at B = 2e5; sd at B = 1e4 */
};

static void
check(const char *sample, const struct expect *ex, size_t nex)
{
	size_t n;
	double *x = load(sample, &n);
	struct ci_result res[2];
	struct rng r;

	qsort(x, n, sizeof *x, cmp);
	for (int m = 0; m < 2; m++) {
		rng_seed(&r, 1, "test", 4);
		assert_int_equal(boot_cell(x, n, 10000, 0.95, (enum ci_method)m, &r,
		                           &res[m]), 0);
		assert_true(res[m].have);
	}
	for (size_t i = 0; i < nex; i++) {
		const struct expect *e = &ex[i];
		const struct ci_result *c = &res[e->method];
		bool exact = e->stat <= CI_P99;
		double k = exact ? 4.0 / sqrt(20.0) : 4.0 * sqrt(1.0 + 1.0 / 20.0);
		char what[128];

		snprintf(what, sizeof what, "%s %s %s lo", sample,
		         ci_stat_name(e->stat), e->method == CI_BCA ? "BCa" : "pct");
		if (fabs(c->lo[e->stat] - e->lo) > k * e->sd_lo + 1e-12 * fabs(e->lo))
			fail_msg("%s: got %.10g, scipy %.10g, tolerance %.3g", what,
			         c->lo[e->stat], e->lo, k * e->sd_lo);
		what[strlen(what) - 2] = 'h';
		what[strlen(what) - 1] = 'i';
		if (fabs(c->hi[e->stat] - e->hi) > k * e->sd_hi + 1e-12 * fabs(e->hi))
			fail_msg("%s: got %.10g, scipy %.10g, tolerance %.3g", what,
			         c->hi[e->stat], e->hi, k * e->sd_hi);
		assert_false(c->fell_back[e->stat]);
	}
	free(x);
}

/* bootstrap_oracle.py output, boot-bimodal (n = 90, 8 % cold starts) */
static const struct expect bimodal[] = {
	{CI_MEDIAN, CI_PERCENTILE, 0.31725000000000003, 0.351, 0.00068, 2.75e-05},
	{CI_MEDIAN, CI_BCA, 0.31684999999999997, 0.351, 0.000977, 2.55e-05},
	{CI_P95, CI_PERCENTILE, 0.457, 19.390514999999986, 0.000651, 0},
	{CI_P95, CI_BCA, 0.46392999999999995, 21.75, 0.000455, 0},
	{CI_P99, CI_PERCENTILE, 2.871408999999988, 64.5276, 0.253, 2.92e-14},
	{CI_P99, CI_BCA, 15.501665999999997, 64.5276, 0, 2.92e-14},
	{CI_MEAN, CI_PERCENTILE, 0.5106304722222222, 3.4907709722222218, 0.00596, 0.034},
	{CI_MEAN, CI_BCA, 0.736174732705148, 4.682003394946759, 0.0052, 0.0644},
	{CI_CV, CI_PERCENTILE, 264.8225006785343, 567.7828741498822, 1.81, 1.29},
	{CI_CV, CI_BCA, 331.75927626865047, 660.7576221675251, 1.29, 2.04},
};

/* boot-lognormal (n = 40) */
static const struct expect lognormal[] = {
	{CI_MEDIAN, CI_PERCENTILE, 0.41885, 0.5286500000000001, 5.7e-17, 1.14e-16},
	{CI_MEDIAN, CI_BCA, 0.41885, 0.5286500000000001, 0.000513, 0.00126},
	{CI_P95, CI_PERCENTILE, 0.8125199999999999, 1.32, 0.000254, 0},
	{CI_P95, CI_BCA, 0.8279549999999998, 1.32, 0.0034, 0},
	{CI_P99, CI_PERCENTILE, 0.878914, 1.32, 0, 0},
	{CI_P99, CI_BCA, 1.1270649999999998, 1.32, 0.00353, 0},
	{CI_MEAN, CI_PERCENTILE, 0.46911500000000006, 0.630405, 0.000742, 0.00137},
	{CI_MEAN, CI_BCA, 0.4764840878603563, 0.6420150084660057, 0.00119, 0.00209},
	{CI_CV, CI_PERCENTILE, 34.53422501963169, 56.82835501676122, 0.201, 0.0943},
	{CI_CV, CI_BCA, 38.6882453925441, 59.608431748999216, 0.13, 0.287},
};

static void
intervals_match_scipy_on_a_cold_start_sample(void **state)
{
	(void)state;
	check("tests/data/boot-bimodal.txt", bimodal,
	      sizeof bimodal / sizeof bimodal[0]);
}

static void
intervals_match_scipy_on_a_lognormal_sample(void **state)
{
	(void)state;
	check("tests/data/boot-lognormal.txt", lognormal,
	      sizeof lognormal / sizeof lognormal[0]);
}

/* The exact distribution of a resampled quantile against 200000 brute-force
 * resamples: each CDF value must lie within 4.5 binomial standard errors,
 * sqrt(F (1 - F) / B) <= 0.0011, with F floored at 1/B so that a tail
 * probability of 1e-7 may show up once in the resamples. */
static void
exact_quantile_distribution_matches_resampling(void **state)
{
	static const double ps[] = {0.5, 0.95, 0.99};
	const size_t B = 200000;
	size_t n;
	double *x = load("tests/data/boot-bimodal.txt", &n), *y, *rep;
	struct rng r;

	(void)state;
	qsort(x, n, sizeof *x, cmp);
	y = malloc(n * sizeof *y);
	rep = malloc(B * sizeof *rep);
	rng_seed(&r, 42, "mc", 2);
	for (size_t pi = 0; pi < 3; pi++) {
		struct qboot q;
		qboot_init(&q, x, n, ps[pi]);
		for (size_t b = 0; b < B; b++) {
			for (size_t i = 0; i < n; i++)
				y[i] = x[rng_below(&r, n)];
			qsort(y, n, sizeof *y, cmp);
			rep[b] = stats_quantile(y, n, ps[pi]);
		}
		qsort(rep, B, sizeof *rep, cmp);
		/* at every 5th percentile of the resampled values, and at each
		 * sample value */
		for (size_t k = 0; k < 20 + n; k++) {
			double t = k < 20 ? rep[(size_t)((double)k / 20.0 * (B - 1))]
			                  : x[k - 20];
			size_t le = 0;
			while (le < B && rep[le] <= t)
				le++;
			double f = qboot_cdf(&q, t), mc = (double)le / (double)B;
			double fl = f > 1.0 / (double)B ? f : 1.0 / (double)B;
			double se = sqrt(fl * (1 - f) / (double)B);
			if (fabs(f - mc) > 4.5 * se + 1e-12)
				fail_msg("p = %g, t = %g: exact %.6f, resampled %.6f",
				         ps[pi], t, f, mc);
		}
	}
	free(rep);
	free(y);
	free(x);
}

static void
degenerate_samples_are_handled_not_faked(void **state)
{
	double x[20];
	struct ci_result c;
	struct rng r;

	(void)state;
	rng_seed(&r, 1, "d", 1);
	for (int i = 0; i < 20; i++)
		x[i] = 0.5;
	/* fewer than 10 values: no interval at all */
	assert_int_equal(boot_cell(x, 9, 1000, 0.95, CI_BCA, &r, &c), 0);
	assert_false(c.have);
	/* all equal: every resample is too, a zero-width interval */
	assert_int_equal(boot_cell(x, 20, 1000, 0.95, CI_BCA, &r, &c), 0);
	assert_true(c.have);
	for (int s = 0; s < CI_NSTATS; s++) {
		assert_true(c.lo[s] == c.hi[s]);
		assert_false(c.fell_back[s]);
	}
	assert_true(c.lo[CI_MEDIAN] == 0.5 && c.lo[CI_CV] == 0.0);
}

/* A 10 ms timer: 60 medians of 0.30 s among 80 values.  Every jackknife
 * median is 0.30, so the acceleration is 0/0 and BCa undefined (scipy
 * 1.10.1's bootstrap returns NaN there with a DegenerateDataWarning):
 * the percentile interval is returned and said to be. */
static void
bca_undefined_on_ties_falls_back_and_says_so(void **state)
{
	double x[80];
	struct ci_result c;
	struct rng r;

	(void)state;
	rng_seed(&r, 1, "t", 1);
	for (int i = 0; i < 80; i++)
		x[i] = i < 10 ? 0.29 : i < 70 ? 0.30 : 0.31 + 0.01 * (i - 70);
	assert_true(isnan(qboot_acceleration(x, 80, 0.5)));
	assert_int_equal(boot_cell(x, 80, 1000, 0.95, CI_BCA, &r, &c), 0);
	assert_true(c.fell_back[CI_MEDIAN]);
	assert_true(c.lo[CI_MEDIAN] <= 0.30 && c.hi[CI_MEDIAN] >= 0.30);
	/* the tail ratio's interval is the quotient of the two exact ones */
	assert_close(c.lo[CI_TAIL], c.lo[CI_P95] / c.hi[CI_MEDIAN], 1e-15, "lo");
	assert_close(c.hi[CI_TAIL], c.hi[CI_P95] / c.lo[CI_MEDIAN], 1e-15, "hi");
}

/* Lag-1 autocorrelation by hand: ln x = +1 ten times, -1 ten times, ...
 * (n = 100): 90 neighbour products of +1 and 9 of -1 over a sum of
 * squares of 100: r1 = 0.81, n_eff = 100 (1 - 0.81) / 1.81 = 10.497;
 * alternating +1, -1: r1 = -99/100, n_eff capped at n. */
static void
autocorrelation_by_hand_and_wider_intervals(void **state)
{
	double x[100], s[100];
	struct autocorr a;
	struct ci_result c, w;
	struct rng r;

	(void)state;
	for (int i = 0; i < 100; i++)
		x[i] = exp((i / 10) % 2 ? -1.0 : 1.0);
	ac_measure(x, 100, &a);
	assert_true(a.have && a.significant);
	assert_close(a.lag1, 0.81, 1e-12, "r1");
	assert_close(a.n_eff, 100 * 0.19 / 1.81, 1e-9, "n_eff");
	for (int i = 0; i < 100; i++)
		x[i] = exp(i % 2 ? -1.0 : 1.0);
	ac_measure(x, 100, &a);
	assert_close(a.lag1, -0.99, 1e-12, "r1 alternating");
	assert_close(a.n_eff, 100, 0, "capped");
	assert_false(a.significant);
	/* runs of 10 requests, slow and fast: every interval gets wider */
	rng_seed(&r, 3, "ac", 2);
	for (int i = 0; i < 100; i++)
		x[i] = ((i / 10) % 2 ? 0.4 : 2.0) * exp(0.2 * rng_normal(&r));
	memcpy(s, x, sizeof s);
	qsort(s, 100, sizeof *s, cmp);
	assert_int_equal(boot_cell(s, 100, 2000, 0.95, CI_BCA, &r, &c), 0);
	ac_measure(x, 100, &a);
	w = c;
	assert_int_equal(ac_widen(x, s, 100, &a, &w), 0);
	assert_true(a.tau[CI_MEDIAN] > 1 && a.tau[CI_MEAN] > 1);
	assert_true(w.lo[CI_MEDIAN] < c.lo[CI_MEDIAN] &&
	            w.hi[CI_MEDIAN] > c.hi[CI_MEDIAN]);
	assert_true(w.hi[CI_MEAN] - w.lo[CI_MEAN] > c.hi[CI_MEAN] - c.lo[CI_MEAN]);
}


/* The definition, term by term in long double: tau = 1 + 2 sum_k
 * (1 - k / (M + 1)) r_k, r_k the lag-k sum of products of deviations
 * over the sum of squares, M = floor(4 (n / 100)^(2/9)) (Newey & West
 * 1994). */
static double
tau_by_definition(const double *v, size_t n)
{
	size_t M = (size_t)floor(4 * pow((double)n / 100, 2.0 / 9));
	long double mean = 0, den = 0, tau = 1;

	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= n;
	for (size_t i = 0; i < n; i++)
		den += (v[i] - mean) * (v[i] - mean);
	for (size_t k = 1; k <= M && k < n; k++) {
		long double num = 0;
		for (size_t i = 0; i + k < n; i++)
			num += (v[i] - mean) * (v[i + k] - mean);
		tau += 2 * (1 - (long double)k / (M + 1)) * num / den;
	}
	return tau > 1 ? (double)tau : 1;
}

/* ac_widen's inflations — the quantiles' from counts of the indicator
 * 1{x <= q}, the mean's from all lags at once — and ac_measure's lag 1
 * (by vector logs above 4096 requests) against the definitions, on
 * serially dependent series (runs of slow and fast requests) of several
 * sizes: to 1e-12, the rounding of sums of up to 2e5 terms. */
static void
inflations_and_lag1_match_their_definitions(void **state)
{
	static const size_t sizes[] = {20, 37, 100, 4097, 20011, 200000};
	static const double qp[3] = {0.5, 0.95, 0.99};

	(void)state;
	for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
		size_t n = sizes[z];
		double *x = malloc(n * sizeof *x), *s = malloc(n * sizeof *s);
		double *v = malloc(n * sizeof *v);
		long double mean = 0, num = 0, den = 0;
		struct autocorr a;
		struct ci_result c;
		struct rng r;

		assert_non_null(x);
		assert_non_null(s);
		assert_non_null(v);
		rng_seed(&r, 11, "inflation", 9);
		for (size_t i = 0; i < n; i++)
			x[i] = ((i / 17) % 3 ? 0.5 : 2.5) * exp(0.3 * rng_normal(&r));
		memcpy(s, x, n * sizeof *x);
		qsort(s, n, sizeof *s, cmp);
		ac_measure(x, n, &a);
		for (size_t i = 0; i < n; i++)
			mean += logl(x[i]);
		mean /= n;
		for (size_t i = 0; i < n; i++) {
			den += (logl(x[i]) - mean) * (logl(x[i]) - mean);
			if (i > 0)
				num += (logl(x[i - 1]) - mean) * (logl(x[i]) - mean);
		}
		assert_close(a.lag1, (double)(num / den), 1e-12, "lag 1");
		memset(&c, 0, sizeof c);
		for (int k = 0; k < CI_NSTATS; k++)
			c.lo[k] = c.hi[k] = 1.0;
		assert_int_equal(ac_widen(x, s, n, &a, &c), 0);
		for (int q = 0; q < 3; q++) {
			double at = stats_quantile(s, n, qp[q]);
			for (size_t i = 0; i < n; i++)
				v[i] = x[i] <= at;
			assert_close(a.tau[q], tau_by_definition(v, n), 1e-12,
			             "quantile's inflation");
		}
		assert_close(a.tau[CI_MEAN], tau_by_definition(x, n), 1e-12,
		             "mean's inflation");
		free(x);
		free(s);
		free(v);
	}
}

static void
same_seed_same_interval(void **state)
{
	size_t n;
	double *x = load("tests/data/boot-lognormal.txt", &n);
	struct ci_result a, b;
	struct rng r;

	(void)state;
	qsort(x, n, sizeof *x, cmp);
	rng_seed(&r, 7, "cell", 4);
	boot_cell(x, n, 2000, 0.9, CI_BCA, &r, &a);
	rng_seed(&r, 7, "cell", 4);
	boot_cell(x, n, 2000, 0.9, CI_BCA, &r, &b);
	assert_memory_equal(&a, &b, sizeof a);
	rng_seed(&r, 8, "cell", 4);
	boot_cell(x, n, 2000, 0.9, CI_BCA, &r, &b);
	assert_true(a.lo[CI_CV] != b.lo[CI_CV]);  /* the seed matters */
	free(x);
}

/* An ascending log-normal sample (sigma = 1): heavy enough that the sums
 * of a resample are skewed, so that their normal limit alone misplaces the
 * CV's interval (make validate's "large cells" study). */
static double *
skewed_sample(size_t n, uint64_t seed)
{
	double *x = malloc(n * sizeof *x);
	struct rng r;

	assert_non_null(x);
	rng_seed(&r, seed, "split", 5);
	for (size_t i = 0; i < n; i++)
		x[i] = 0.4 * exp(rng_normal(&r));
	qsort(x, n, sizeof *x, cmp);
	return x;
}

static double
avg(const double *v, size_t n)
{
	long double s = 0;

	for (size_t i = 0; i < n; i++)
		s += v[i];
	return (double)(s / n);
}

static double
var_about(const double *v, size_t n, double c)
{
	long double s = 0;

	for (size_t i = 0; i < n; i++)
		s += (v[i] - c) * (v[i] - c);
	return (double)(s / (n - 1));
}

/* Above BOOT_EXACT_MAX_N a replicate draws how many of its n values come
 * from the tail (Binomial(n, k/n)), then the bulk's sums from a normal with
 * their exact conditional mean and covariance: so the resampled mean keeps
 * full resampling's mean and variance exactly (the sample's mean, m2 / n)
 * and so does the resampled variance's mean (m2) — the law of total
 * variance.  A count fixed at k loses the variance between the parts.
 * Tolerances: 4 standard errors of B = 200000 replicates, each from the
 * replicates' own spread (the variance's: its sd times sqrt(2 / B), the
 * mean's replicates being all but normal at n = 5000). */
static void
the_split_keeps_the_resampled_moments(void **state)
{
	const size_t n = 5000, B = 200000;
	double *x = skewed_sample(n, 3), *mr = malloc(B * sizeof *mr);
	double *cr = malloc(B * sizeof *cr), *vr = malloc(B * sizeof *vr);
	double mean = avg(x, n), m2, mm, vm, vv;
	struct rng r;

	(void)state;
	assert_true(n > BOOT_EXACT_MAX_N);
	assert_non_null(mr);
	assert_non_null(cr);
	assert_non_null(vr);
	m2 = var_about(x, n, mean) * (double)(n - 1) / (double)n;
	rng_seed(&r, 5, "moments", 7);
	assert_int_equal(boot_replicates(x, n, B, BOOT_EXACT_MAX_N, &r, mr, cr), 0);
	for (size_t b = 0; b < B; b++)
		vr[b] = (cr[b] * mr[b] / 100.0) * (cr[b] * mr[b] / 100.0);
	mm = avg(mr, B);
	vm = var_about(mr, B, mm);
	vv = avg(vr, B);
	assert_close(mm, mean, 4.0 * sqrt(m2 / (double)n / (double)B) / mean,
	             "mean of the resampled means");
	assert_close(vm, m2 / (double)n, 4.0 * sqrt(2.0 / (double)B),
	             "variance of the resampled means");
	assert_close(vv, m2, 4.0 * sqrt(var_about(vr, B, vv) / (double)B) / m2,
	             "mean of the resampled variances");
	free(x);
	free(mr);
	free(cr);
	free(vr);
}

/* The split's CV replicates against full resampling of the same sample:
 * the 2.5, 50 and 97.5 % points agree within 4 standard errors of the
 * difference of two independent quantile estimates, sqrt(2 p (1 - p) / B)
 * / f with f the replicates' density there (from the full resampling's
 * replicates, over +-1 point).  A tail of one value, all but the plain
 * normal limit the split replaced, fails it (at the 2.5 % point: 114.90
 * against 115.37, tolerance 0.23): the resampled variance is skewed. */
static void
the_split_cv_replicates_follow_full_resampling(void **state)
{
	static const double ps[] = {0.025, 0.5, 0.975};
	const size_t n = 2000, B = 100000;
	double *x = skewed_sample(n, 4), *full = malloc(B * sizeof *full);
	double *split = malloc(B * sizeof *split);
	struct rng r;

	(void)state;
	assert_true(n > BOOT_EXACT_MAX_N);
	assert_non_null(full);
	assert_non_null(split);
	rng_seed(&r, 6, "full", 4);
	assert_int_equal(boot_replicates(x, n, B, SIZE_MAX, &r, NULL, full), 0);
	rng_seed(&r, 6, "split", 5);
	assert_int_equal(boot_replicates(x, n, B, BOOT_EXACT_MAX_N, &r, NULL,
	                                 split), 0);
	qsort(full, B, sizeof *full, cmp);
	qsort(split, B, sizeof *split, cmp);
	for (size_t i = 0; i < 3; i++) {
		double p = ps[i], h = 0.01;
		double f = 2.0 * h / (stats_quantile(full, B, p + h) -
		                      stats_quantile(full, B, p - h));
		double se = sqrt(2.0 * p * (1.0 - p) / (double)B) / f;
		double a = stats_quantile(full, B, p), b = stats_quantile(split, B, p);
		if (fabs(a - b) > 4.0 * se)
			fail_msg("CV replicates' %g point: full %.6g, split %.6g, "
			         "tolerance %.3g", p, a, b, 4.0 * se);
	}
	free(x);
	free(full);
	free(split);
}

/* Jackknife acceleration of a quantile, closed form against the O(n^2)
 * definition (Efron & Tibshirani 1993, eq. 14.15). */
static void
quantile_acceleration_matches_the_jackknife(void **state)
{
	static const double ps[] = {0.5, 0.9, 0.95, 0.99, 0.25};
	size_t n;
	double *x = load("tests/data/boot-bimodal.txt", &n), *y;

	(void)state;
	qsort(x, n, sizeof *x, cmp);
	y = malloc(n * sizeof *y);
	for (size_t pi = 0; pi < 5; pi++) {
		double th[200], mean = 0, s2 = 0, s3 = 0;
		for (size_t i = 0; i < n; i++) {
			size_t k = 0;
			for (size_t j = 0; j < n; j++)
				if (j != i)
					y[k++] = x[j];
			th[i] = stats_quantile(y, n - 1, ps[pi]);
			mean += th[i];
		}
		mean /= (double)n;
		for (size_t i = 0; i < n; i++) {
			s2 += (mean - th[i]) * (mean - th[i]);
			s3 += (mean - th[i]) * (mean - th[i]) * (mean - th[i]);
		}
		/* absolute: the brute force's rounding makes 0 into 1e-15 */
		if (s2 <= 1e-24 ? !isnan(qboot_acceleration(x, n, ps[pi]))
		                : fabs(qboot_acceleration(x, n, ps[pi]) -
		                       s3 / (6 * pow(s2, 1.5))) > 1e-9)
			fail_msg("p = %g: acceleration %.17g, jackknife %.17g", ps[pi],
			         qboot_acceleration(x, n, ps[pi]),
			         s3 / (6 * pow(s2, 1.5)));
	}
	free(y);
	free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(intervals_match_scipy_on_a_cold_start_sample),
		cmocka_unit_test(intervals_match_scipy_on_a_lognormal_sample),
		cmocka_unit_test(exact_quantile_distribution_matches_resampling),
		cmocka_unit_test(degenerate_samples_are_handled_not_faked),
		cmocka_unit_test(bca_undefined_on_ties_falls_back_and_says_so),
		cmocka_unit_test(autocorrelation_by_hand_and_wider_intervals),
		cmocka_unit_test(inflations_and_lag1_match_their_definitions),
		cmocka_unit_test(same_seed_same_interval),
		cmocka_unit_test(the_split_keeps_the_resampled_moments),
		cmocka_unit_test(the_split_cv_replicates_follow_full_resampling),
		cmocka_unit_test(quantile_acceleration_matches_the_jackknife),
	};

	return cmocka_run_group_tests_name("bootstrap", tests, NULL, NULL);
}
