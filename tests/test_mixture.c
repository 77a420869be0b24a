/*
 * test_mixture.c — the warm/cold mixture and the idle-gap analysis.
 *
 * Samples: tests/data/mix-*.txt, written by tests/oracle/mixture_oracle.py
 * (numpy 1.24.2), which also fitted them with scikit-learn 1.2.1's
 * GaussianMixture on ln(TTFT); its numbers are quoted next to each check.
 * Both implementations maximise the same likelihood, so where the maximum
 * is well defined (the bimodal samples) the parameters must agree to the
 * convergence tolerance: 1e-6 relative.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "../analyze/idle.h"
#include "../analyze/mixture.h"
#include "../analyze/unimodal.h"
#include "../analyze/vmath.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
fit_file(const char *path, struct mix_result *m)
{
	static double x[1000], y[1000];
	size_t n = 0;
	FILE *fp = fopen(path, "r");

	assert_non_null(fp);
	while (n < 1000 && fscanf(fp, "%lf", &x[n]) == 1)
		n++;
	fclose(fp);
	assert_int_equal(n, 500);
	qsort(x, n, sizeof *x, cmp);
	mix_fit(x, n, y, m);
	assert_true(m->fitted);
}

struct sk {
	const char *file;
	int true_cold;                  /* of 500, as generated */
	double w[2], mu[2], sd[2], ll2, ll1, delta_bic;
};

/* mixture_oracle.py: sklearn w, mu, sd (warm first), ll2, ll1, delta_bic */
static const struct sk bimodal[] = {
	{"tests/data/mix-cold05.txt", 29,
	 {0.9419999999999066, 0.058000000000093505},
	 {-1.046891843642497, 2.45613069695598},
	 {0.2603990943476185, 0.37997795088189684},
	 -158.3726872148772, -635.1023329927854, 934.8154672605498},
	{"tests/data/mix-cold20.txt", 93,
	 {0.8139999999981379, 0.18600000000186212},
	 {-1.0767206478662545, 2.494270090479384},
	 {0.2537012641505599, 0.42580959184372663},
	 -312.0143208232264, -884.8493900428191, 1127.0263141439189},
	{"tests/data/mix-cold40.txt", 211,
	 {0.577999999990989, 0.4220000000090109},
	 {-1.0469927094225364, 2.476768822022637},
	 {0.26069393922829937, 0.4073253691699574},
	 -471.89179625362567, -995.3638302488904, 1028.300243695263},
};

static void
clean_bimodal_samples_agree_with_sklearn(void **state)
{
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		const struct sk *s = &bimodal[i];
		struct mix_result m;
		fit_file(s->file, &m);
		assert_true(m.bimodal);
		assert_true(m.converged);
		assert_close(m.warm.w, s->w[0], 1e-6, "warm weight");
		assert_close(m.cold.w, s->w[1], 1e-6, "cold weight");
		assert_close(m.warm.mu, s->mu[0], 1e-6, "warm mu");
		assert_close(m.cold.mu, s->mu[1], 1e-6, "cold mu");
		assert_close(m.warm.sigma, s->sd[0], 1e-6, "warm sd");
		assert_close(m.cold.sigma, s->sd[1], 1e-6, "cold sd");
		assert_close(m.loglik2, s->ll2, 1e-9, "loglik 2");
		assert_close(m.loglik1, s->ll1, 1e-9, "loglik 1");
		assert_close(m.delta_bic, s->delta_bic, 1e-9, "delta BIC");
		/* the clusters are far apart, so the estimated share is the
		 * share in the sample to within one request in 500 */
		assert_close(m.cold_share, s->true_cold / 500.0, 0.002 / (s->true_cold / 500.0),
		             "cold share vs the sample's");
		assert_close(m.cold_median_s, exp(s->mu[1]), 1e-6, "cold median");
		assert_close(m.cold_penalty_s, exp(s->mu[1]) - exp(s->mu[0]), 1e-6,
		             "penalty");
		/* equal posteriors at the threshold */
		assert_close(mix_p_cold(&m, m.threshold_s), 0.5, 1e-9, "threshold");
		assert_true(m.threshold_s > m.warm_median_s &&
		            m.threshold_s < m.cold_median_s);
		/* the one rule: cold exactly where p_cold exceeds 1/2 (decided
		 * without the probability), on a grid from 1 ms to 1000 s
		 * that skips the crossing itself */
		for (double x = 1e-3; x < 1e3; x *= 1.01) {
			double p = mix_p_cold(&m, x);
			if (fabs(p - 0.5) > 1e-12)
				assert_int_equal(mix_is_cold(&m, x), p > 0.5);
		}
		assert_false(mix_is_cold(&m, m.warm_median_s));
		assert_true(mix_is_cold(&m, m.cold_median_s));
	}
}

/* A log-normal is one component: BIC says so (sklearn: delta_bic
 * -17.45437592133203, ll2 -329.7407731131251). */
static void
a_lognormal_is_not_bimodal(void **state)
{
	struct mix_result m;

	(void)state;
	fit_file("tests/data/mix-lognormal.txt", &m);
	assert_false(m.bimodal);
	assert_true(m.delta_bic < 0);
	/* EM finds at least sklearn's best local maximum */
	assert_true(m.loglik2 >= -329.7407731131251 - 1e-6);
	assert_close(m.loglik1, -330.33549730009236, 1e-9, "loglik 1");
	assert_close(m.cold_share, 0.0, 0, "no cold share");
	assert_true(isnan(m.cold_median_s) && isnan(m.threshold_s));
	assert_close(mix_p_cold(&m, 5.0), 0.0, 0, "p_cold");
}

/* Heavy tails on the log scale (Student t, 3 df): two components fit better
 * (sklearn delta_bic 145.7370640050142) but their means nearly coincide —
 * a scale mixture, not warm versus cold.  Ashman's D rejects it. */
static void
heavy_tails_are_not_cold_starts(void **state)
{
	struct mix_result m;

	(void)state;
	fit_file("tests/data/mix-heavy.txt", &m);
	assert_true(m.delta_bic > 100);
	assert_true(m.ashman_d < MIX_ASHMAN_D_MIN);
	assert_false(m.bimodal);
}

/* The gamma and Weibull maximum-likelihood fits the mixture must beat.
 * Expected: scipy 1.10.1, brentq (xtol 1e-15) on the score equations
 * ln k - digamma(k) = ln mean x - mean ln x and
 * sum x^k ln x / sum x^k - 1/k = mean ln x; log-likelihoods of ln x are
 * stats.gamma/weibull_min.logpdf(x).sum() + sum(ln x). */
static void
skewed_fits_are_the_maximum_likelihood(void **state)
{
	static const double x[12] = {0.31, 0.45, 0.52, 0.38, 1.9, 0.61, 0.27,
	                             0.44, 0.8, 0.35, 0.5, 2.7};
	double y[12];
	struct uni_fit g, w;

	(void)state;
	for (int i = 0; i < 12; i++)
		y[i] = log(x[i]);
	uni_gamma(y, NULL, 12, &g);
	uni_weibull(y, NULL, 12, &w);
	assert_true(g.ok && w.ok);
	assert_close(g.shape, 1.9159094136453425, 1e-10, "gamma k");
	assert_close(g.scale, 0.4014629612384422, 1e-10, "gamma theta");
	assert_close(g.loglik, -14.152827434971723, 1e-10, "gamma loglik");
	assert_close(w.shape, 1.272025777460023, 1e-10, "Weibull k");
	assert_close(w.scale, 0.8404221032880108, 1e-10, "Weibull lambda");
	assert_close(w.loglik, -14.78667762625916, 1e-10, "Weibull loglik");
	assert_close(uni_loglik(&g, y, 12), g.loglik, 1e-12, "gamma at raw");
	assert_close(uni_loglik(&w, y, 12), w.loglik, 1e-12, "Weibull at raw");
	/* both families are closed under scaling: microseconds or hours, the
	 * log-likelihood of ln x is the same (no overflow either) */
	for (int i = 0; i < 12; i++)
		y[i] = log(x[i]) + log(1e-9);
	uni_gamma(y, NULL, 12, &g);
	uni_weibull(y, NULL, 12, &w);
	assert_close(g.loglik, -14.152827434971723, 1e-9, "gamma, ns");
	assert_close(w.loglik, -14.78667762625916, 1e-9, "Weibull, ns");
	for (int i = 0; i < 12; i++)
		y[i] = 0.5;
	uni_gamma(y, NULL, 12, &g);
	uni_weibull(y, NULL, 12, &w);
	assert_false(g.ok || w.ok);         /* all equal: no MLE */
}

/* The quantiles of a gamma (k = 0.7) and a Weibull (k = 0.6) at n = 150:
 * skewed, unimodal, no noise.  One log-normal fits them badly, a mixture
 * with a "cold" component ten times slower well (delta_bic > 0, median
 * ratio > 2), but the gamma or Weibull fits them better still. */
static void
skewed_unimodal_cells_are_not_bimodal(void **state)
{
	enum { N = 150 };
	double x[N], y[N];
	struct mix_result m;

	(void)state;
	for (int f = 0; f < 2; f++) {
		for (int i = 0; i < N; i++) {
			double p = (i + 0.5) / N;
			x[i] = f == 0 ? gsl_cdf_gamma_Pinv(p, 0.7, 0.2)
			              : 0.5 * pow(-log1p(-p), 1 / 0.6);
		}
		mix_fit(x, N, y, &m);
		assert_true(m.fitted);
		assert_true(m.delta_bic > 0);
		assert_true(m.ratio > MIX_MAJORITY_RATIO);
		assert_true(m.skewed_delta_bic < 0);
		assert_false(m.bimodal);
		assert_close(m.cold_share, 0.0, 0, "no cold share");
	}
}

/* Two tight clusters, 30 % at 0.37 s and 70 % at 0.55 s: two components
 * by any measure (D >> 2), but "70 % cold starts" at a 1.5x penalty is a
 * shoulder, not a cold start; at 3x it is. */
static void
a_slow_majority_needs_a_cold_start_penalty(void **state)
{
	enum { N = 200 };
	double x[N], y[N];
	struct mix_result m;

	(void)state;
	for (int f = 0; f < 2; f++) {
		double slow = f == 0 ? 0.55 : 1.11;
		for (int i = 0; i < N; i++) {
			bool fast = i < 60;
			double p = ((fast ? i : i - 60) + 0.5) / (fast ? 60 : 140);
			x[i] = (fast ? 0.37 : slow) *
			       exp(0.05 * gsl_cdf_ugaussian_Pinv(p));
		}
		qsort(x, N, sizeof *x, cmp);
		mix_fit(x, N, y, &m);
		assert_true(m.delta_bic > 0 && m.skewed_delta_bic > 0);
		assert_true(m.ashman_d > MIX_ASHMAN_D_MIN);
		assert_close(m.cold.w, 0.7, 1e-3, "slow weight");
		if (f == 0) {
			assert_false(m.bimodal);
		} else {
			assert_true(m.bimodal);
			assert_close(m.cold_share, 0.7, 1e-3, "cold share");
		}
	}
}

/* A broad cold cluster overlaps the warm one (D < 2) but is three times
 * slower: cold starts (the replicate 70b shape: p99 64 s). */
static void
a_broad_slow_cluster_is_cold(void **state)
{
	enum { N = 300 };
	double x[N], y[N];
	struct mix_result m;

	(void)state;
	for (int i = 0; i < N; i++) {
		bool warm = i < 200;
		double p = ((warm ? i : i - 200) + 0.5) / (warm ? 200 : 100);
		x[i] = warm ? 1.0 * exp(0.15 * gsl_cdf_ugaussian_Pinv(p))
		            : 4.0 * exp(1.4 * gsl_cdf_ugaussian_Pinv(p));
	}
	qsort(x, N, sizeof *x, cmp);
	mix_fit(x, N, y, &m);
	assert_true(m.ashman_d < MIX_ASHMAN_D_MIN);
	assert_true(m.ratio >= MIX_MAJORITY_RATIO);
	assert_true(m.bimodal);
	assert_close(m.cold_share, 1.0 / 3, 0.05, "cold share");
}

static void
tiny_and_constant_samples_are_not_fitted(void **state)
{
	double x[10] = {0.3, 0.31, 0.32, 0.3, 0.35, 0.4, 0.33, 0.3, 9.0, 8.0};
	double y[10], same[12];
	struct mix_result m;
	struct rng r;

	(void)state;
	rng_seed(&r, 1, "t", 1);
	qsort(x, 10, sizeof *x, cmp);
	mix_fit(x, 9, y, &m);               /* n < 10 */
	assert_false(m.fitted);
	for (int i = 0; i < 12; i++)
		same[i] = 0.42;
	mix_fit(same, 12, y, &m);
	assert_false(m.fitted);
	/* n = 10 with two cold starts: fitted, and two requests are enough
	 * for a component */
	mix_fit(x, 10, y, &m);
	assert_true(m.fitted);
	assert_false(m.collapsed);
}

static void
one_outlier_is_not_a_cluster(void **state)
{
	double x[40], y[40];
	struct mix_result m;
	struct rng r;

	(void)state;
	rng_seed(&r, 5, "o", 1);
	for (int i = 0; i < 39; i++)
		x[i] = 0.4 * exp(0.2 * rng_normal(&r));
	x[39] = 30.0;
	qsort(x, 40, sizeof *x, cmp);
	mix_fit(x, 40, y, &m);
	assert_true(m.fitted);
	assert_true(m.collapsed);
	assert_false(m.bimodal);
}

/* Above MIX_BIN_N requests EM runs on a histogram.  Its answer must be the
 * raw-data maximum to within the grouping error: EM on the raw values,
 * started from the binned fit, barely moves (1e-3). */
static void
large_samples_fit_on_a_histogram_without_losing_accuracy(void **state)
{
	size_t n = 60000;
	double *x = malloc(n * sizeof *x), *y = malloc(MIX_WORK(n) * sizeof *y);
	struct mix_result m;
	struct mix_state s;
	struct mix_comp start[2];
	struct rng r;
	size_t ncold = 0;

	(void)state;
	rng_seed(&r, 21, "big", 3);
	for (size_t i = 0; i < n; i++) {
		bool cold = rng_uniform(&r) < 0.07;
		ncold += cold;
		x[i] = cold ? 9.0 * exp(0.5 * rng_normal(&r))
		            : 0.3 * exp(0.3 * rng_normal(&r));
	}
	qsort(x, n, sizeof *x, cmp);
	mix_fit(x, n, y, &m);
	assert_true(m.binned);
	assert_true(m.bimodal);
	/* the sample's own share, to 4 binomial standard errors of the
	 * classification: sqrt(0.07 * 0.93 / 60000) = 0.001 */
	assert_close(m.cold_share, (double)ncold / (double)n, 0.004 / 0.07,
	             "cold share");
	start[0] = m.warm;
	start[1] = m.cold;
	mix_init(&s, y, NULL, n, start);
	while (s.iter < MIX_MAX_ITER && mix_iterate(&s) &&
	       !mix_converged(&s, MIX_REL_TOL))
		;
	assert_close(s.c[1].w, m.cold.w, 1e-3, "cold weight, raw EM");
	assert_close(s.c[0].mu, m.warm.mu, 1e-3, "warm mu, raw EM");
	assert_close(s.c[1].mu, m.cold.mu, 1e-3, "cold mu, raw EM");
	assert_close(s.c[0].sigma, m.warm.sigma, 1e-3, "warm sd, raw EM");
	assert_close(s.c[1].sigma, m.cold.sigma, 1e-3, "cold sd, raw EM");
	free(x);
	free(y);
}

/* The E-step's log-likelihood, over more values than one log of a
 * product may take: with two equal components every term is
 * log(2 * 0.5 phi(y)) = log phi(y), and each factor of the product of
 * 1 + e^-|a-b| is 2, the most it can be, so 4096 values (1024 a lane)
 * would reach 2^1024 = inf without the logs a LOG_BLOCK at a time.
 * Expected: the definition, term by term in long double with libm. */
static void
the_e_step_likelihood_holds_over_many_equal_terms(void **state)
{
	enum { N = 4096 };
	static double y[N];
	const struct mix_comp same[2] = {{0.5, 0.1, 0.7}, {0.5, 0.1, 0.7}};
	struct mix_state s;
	long double want = 0;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		double z;
		y[i] = -1.0 + 2.5 * (double)i / (N - 1);
		z = (y[i] - 0.1) / 0.7;
		want += -0.5L * z * z - logl(0.7L) -
		        0.91893853320467274178032973640562L;   /* ln sqrt(2 pi) */
	}
	mix_init(&s, y, NULL, N, same);
	assert_true(mix_iterate(&s));
	assert_true(isfinite(s.loglik));
	assert_close(s.loglik, (double)want, 1e-12, "log-likelihood");
}

static void
needed_requests_to_see_a_cold_start(void **state)
{
	(void)state;
	/* by hand: ln 0.05 / ln 0.99 = 298.07 -> 299; ln 0.05 / ln 0.9 =
	 * 28.43 -> 29 */
	assert_close(mix_needed_n(0.01), 299, 0, "1 %");
	assert_close(mix_needed_n(0.10), 29, 0, "10 %");
	assert_close(mix_needed_n(0.0), 0, 0, "none");
}

/* ==== idle gaps ==== */

static void
a_keep_warm_window_is_found_where_it_exists(void **state)
{
	double gap[600];
	bool cold[600];
	struct idle_result res;
	struct rng r, ri;

	(void)state;
	rng_seed(&r, 11, "idle", 4);
	rng_seed(&ri, 1, "i", 1);
	/* a provider scaling to zero after 300 s: past it 90 % cold, before
	 * it 2 %; the 50 % crossing must land near 300 s */
	for (int i = 0; i < 600; i++) {
		gap[i] = 30.0 * exp(rng_uniform(&r) * log(40.0));   /* 30-1200 s */
		cold[i] = rng_uniform(&r) < (gap[i] > 300 ? 0.9 : 0.02);
	}
	assert_int_equal(idle_analyze(gap, cold, 600, true, 0.95, &ri, &res), 0);
	assert_true(res.identified);
	assert_string_equal(res.method, "logistic");
	assert_true(res.keep_warm_s > 200 && res.keep_warm_s < 400);
	assert_true(res.keep_warm_lo_s < res.keep_warm_s &&
	            res.keep_warm_s < res.keep_warm_hi_s);
	/* bins count every gap */
	{
		size_t total = 0;
		for (size_t b = 0; b < res.nbins; b++)
			total += res.bin[b].n;
		assert_int_equal(total, 600);
	}
}

/* 60 gaps from 30 s to 1200 s (30 * 40^(i/59)), cold from i = 30 on
 * except three requests on the wrong side (27 cold; 33, 36 warm).
 * Expected: scipy 1.10.1 — BFGS (gtol 1e-12) on the logistic negative
 * log-likelihood of cold on ln gap, crossing exp(-b0/b1); the profile
 * interval by minimize_scalar over the slope at each crossing and brentq
 * on 2 (llmax - profile) = chi2.ppf(0.95, 1). */
static void
overlapping_gaps_give_the_logistic_crossing(void **state)
{
	double gap[60];
	bool cold[60];
	struct idle_result res;
	struct rng ri;

	(void)state;
	rng_seed(&ri, 1, "i", 1);
	for (int i = 0; i < 60; i++) {
		gap[59 - i] = 30.0 * pow(40.0, i / 59.0);     /* any order */
		cold[59 - i] = (i >= 30) != (i == 27 || i == 33 || i == 36);
	}
	assert_int_equal(idle_analyze(gap, cold, 60, true, 0.95, &ri, &res), 0);
	assert_true(res.identified);
	assert_string_equal(res.method, "logistic");
	assert_close(res.keep_warm_s, 201.97872483667766, 1e-6, "crossing");
	assert_close(res.keep_warm_lo_s, 163.41265668224912, 1e-6, "lower");
	assert_close(res.keep_warm_hi_s, 249.65368498709353, 1e-6, "upper");
	assert_true(res.p_value < IDLE_ALPHA);
}

/* The step: warm after gaps of 10, 20, ..., 290 s, cold after 310, 320,
 * ..., 600 s.  By hand: the window lies in [290, 310]; the estimate is
 * sqrt(290 * 310) = 299.833; the interval holds the leave-one-out
 * brackets [280, 320]. */
static void
a_step_gives_the_bracket_and_its_midpoint(void **state)
{
	double gap[59];
	bool cold[59];
	struct idle_result res;
	struct rng ri;
	size_t n = 0;

	(void)state;
	rng_seed(&ri, 1, "i", 1);
	for (int s = 10; s <= 600; s += 10) {
		if (s == 300)
			continue;
		gap[n] = s;
		cold[n++] = s > 300;
	}
	assert_int_equal(idle_analyze(gap, cold, n, true, 0.95, &ri, &res), 0);
	assert_true(res.identified);
	assert_string_equal(res.method, "step");
	assert_close(res.bracket_lo_s, 290, 0, "largest warm gap");
	assert_close(res.bracket_hi_s, 310, 0, "smallest cold gap");
	assert_close(res.keep_warm_s, sqrt(290.0 * 310.0), 1e-12, "midpoint");
	assert_true(res.keep_warm_lo_s <= 280 && res.keep_warm_hi_s >= 320);
	/* and the text's reason when there is nothing to estimate */
	for (size_t i = 0; i < n; i++)
		cold[i] = false;
	assert_int_equal(idle_analyze(gap, cold, n, true, 0.95, &ri, &res), 0);
	assert_false(res.identified);
	assert_true(contains(res.why, "is warm"));
}

/* One cold start, after the longest of 40 gaps: exact one-sided
 * Mann-Whitney p = 1/40 (by hand: its rank is the largest of 40), enough
 * to place the window between the two longest gaps. */
static void
one_cold_start_after_the_longest_gap_is_enough(void **state)
{
	double gap[40];
	bool cold[40];
	struct idle_result res;
	struct rng ri;

	(void)state;
	rng_seed(&ri, 1, "i", 1);
	for (int i = 0; i < 40; i++) {
		gap[i] = 60.0 + 20.0 * i;
		cold[i] = i == 39;
	}
	assert_int_equal(idle_analyze(gap, cold, 40, true, 0.95, &ri, &res), 0);
	assert_close(res.p_value, 1.0 / 40, 1e-9, "p");
	assert_true(res.identified);
	assert_string_equal(res.method, "step");
	assert_close(res.bracket_lo_s, 820, 0, "largest warm");
	assert_close(res.bracket_hi_s, 840, 0, "the cold one");
}

static void
random_cold_starts_give_no_window(void **state)
{
	double gap[600];
	bool cold[600];
	struct idle_result res;
	struct rng r, ri;

	(void)state;
	rng_seed(&r, 12, "idle", 4);
	rng_seed(&ri, 1, "i", 1);
	for (int i = 0; i < 600; i++) {
		gap[i] = 30.0 + 870.0 * rng_uniform(&r);
		cold[i] = rng_uniform(&r) < 0.1;
	}
	assert_int_equal(idle_analyze(gap, cold, 600, true, 0.95, &ri, &res), 0);
	assert_false(res.identified);
	assert_true(isnan(res.keep_warm_s));
	assert_true(contains(res.why, "do not follow longer idle gaps"));
	idle_analyze(gap, cold, 600, false, 0.95, &ri, &res);
	assert_false(res.identified);
	assert_string_equal(res.why, "no cold starts identified");
}


/* The large cells' own e^x, ln x and ln(1 + x) (vmath.h), against libm's
 * (glibc's, under 1 ulp) on a fine grid of their ranges, and at the
 * ends: within 4 units in the last place (relative 4 * 2^-52). */
static void
the_vector_exp_log_and_log1p_agree_with_libm(void **state)
{
	const double tol = 4 * 0x1p-52;

	(void)state;
	for (int i = 0; i <= 708000; i++) {
		double x = -i / 1000.0 - (i % 7) * 1e-7, want = exp(x);
		if (!(fabs(vm_exp(x) - want) <= tol * want))
			fail_msg("vm_exp(%.17g) = %.17g, libm %.17g", x,
			         vm_exp(x), want);
	}
	assert_true(vm_exp(0.0) == 1.0);
	assert_true(vm_exp(-0.0) == 1.0);
	for (int i = 0; i <= 1000000; i++) {
		double x = i / 1e6, want = log1p(x);
		if (!(fabs(vm_log1p_unit(x) - want) <= tol * want))
			fail_msg("vm_log1p_unit(%.17g) = %.17g, libm %.17g", x,
			         vm_log1p_unit(x), want);
	}
	assert_true(vm_log1p_unit(0.0) == 0.0);
	/* ln x over the whole normal range, and near 1 where ln x -> 0 */
	for (int i = 0; i <= 1400000; i++) {
		double x = exp(-700 + i / 1000.0) * (1 + 1e-9 * (i % 13));
		double want = log(x);
		if (!(fabs(vm_log(x) - want) <= tol * fabs(want)))
			fail_msg("vm_log(%.17g) = %.17g, libm %.17g", x, vm_log(x),
			         want);
	}
	for (int i = 1; i <= 1000000; i++) {
		double x = 0.5 + 1.5 * i / 1e6, want = log(x);
		if (!(fabs(vm_log(x) - want) <= tol * fabs(want)))
			fail_msg("vm_log(%.17g) = %.17g, libm %.17g", x, vm_log(x),
			         want);
	}
	assert_true(vm_log(1.0) == 0.0);
	assert_true(vm_log(0x1p-1022) == log(0x1p-1022));
	/* the blocks: e^x saturates past the range, as libm's does */
	{
		double z[VM_BLOCK];
		for (int i = 0; i < VM_BLOCK; i++)
			z[i] = i == 0 ? 710.0 : i == 1 ? -800.0 : -i / 10.0;
		vm_exp_block(z);
		assert_true(isinf(z[0]) && z[0] > 0);
		assert_true(z[1] > 0 && z[1] < 1e-307);
		for (int i = 2; i < VM_BLOCK; i++)
			assert_close(z[i], exp(-i / 10.0), 4 * 0x1p-52, "block exp");
	}
	/* tiny e: ln(1 + e) = e to the last bit */
	assert_true(vm_log1p_unit(1e-300) == 1e-300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_bimodal_samples_agree_with_sklearn),
		cmocka_unit_test(a_lognormal_is_not_bimodal),
		cmocka_unit_test(heavy_tails_are_not_cold_starts),
		cmocka_unit_test(skewed_fits_are_the_maximum_likelihood),
		cmocka_unit_test(skewed_unimodal_cells_are_not_bimodal),
		cmocka_unit_test(a_slow_majority_needs_a_cold_start_penalty),
		cmocka_unit_test(a_broad_slow_cluster_is_cold),
		cmocka_unit_test(tiny_and_constant_samples_are_not_fitted),
		cmocka_unit_test(one_outlier_is_not_a_cluster),
		cmocka_unit_test(large_samples_fit_on_a_histogram_without_losing_accuracy),
		cmocka_unit_test(the_e_step_likelihood_holds_over_many_equal_terms),
		cmocka_unit_test(the_vector_exp_log_and_log1p_agree_with_libm),
		cmocka_unit_test(needed_requests_to_see_a_cold_start),
		cmocka_unit_test(a_keep_warm_window_is_found_where_it_exists),
		cmocka_unit_test(overlapping_gaps_give_the_logistic_crossing),
		cmocka_unit_test(a_step_gives_the_bracket_and_its_midpoint),
		cmocka_unit_test(one_cold_start_after_the_longest_gap_is_enough),
		cmocka_unit_test(random_cold_starts_give_no_window),
	};

	return cmocka_run_group_tests_name("mixture", tests, NULL, NULL);
}
