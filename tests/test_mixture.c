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

#include "../analyze/idle.h"
#include "../analyze/mixture.h"

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
	struct rng r;

	assert_non_null(fp);
	while (n < 1000 && fscanf(fp, "%lf", &x[n]) == 1)
		n++;
	fclose(fp);
	assert_int_equal(n, 500);
	qsort(x, n, sizeof *x, cmp);
	rng_seed(&r, 1, "mix", 3);
	mix_fit(x, n, y, &r, m);
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
	mix_fit(x, 9, y, &r, &m);               /* n < 10 */
	assert_false(m.fitted);
	for (int i = 0; i < 12; i++)
		same[i] = 0.42;
	mix_fit(same, 12, y, &r, &m);
	assert_false(m.fitted);
	/* n = 10 with two cold starts: fitted, and two requests are enough
	 * for a component */
	mix_fit(x, 10, y, &r, &m);
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
	mix_fit(x, 40, y, &r, &m);
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
	mix_fit(x, n, y, &r, &m);
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
	struct rng r;

	(void)state;
	rng_seed(&r, 11, "idle", 4);
	/* a provider scaling to zero after 300 s: past it 90 % cold, before
	 * it 2 %; the logistic 50 % crossing must land near 300 s */
	for (int i = 0; i < 600; i++) {
		gap[i] = 30.0 * exp(rng_uniform(&r) * log(40.0));   /* 30-1200 s */
		cold[i] = rng_uniform(&r) < (gap[i] > 300 ? 0.9 : 0.02);
	}
	idle_analyze(gap, cold, 600, true, &res);
	assert_true(res.identified);
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

static void
random_cold_starts_give_no_window(void **state)
{
	double gap[600];
	bool cold[600];
	struct idle_result res;
	struct rng r;

	(void)state;
	rng_seed(&r, 12, "idle", 4);
	for (int i = 0; i < 600; i++) {
		gap[i] = 30.0 + 870.0 * rng_uniform(&r);
		cold[i] = rng_uniform(&r) < 0.1;
	}
	idle_analyze(gap, cold, 600, true, &res);
	assert_false(res.identified);
	assert_true(isnan(res.keep_warm_s));
	assert_true(contains(res.why, "do not grow with idle time"));
	idle_analyze(gap, cold, 600, false, &res);
	assert_false(res.identified);
	assert_string_equal(res.why, "no cold starts identified");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_bimodal_samples_agree_with_sklearn),
		cmocka_unit_test(a_lognormal_is_not_bimodal),
		cmocka_unit_test(heavy_tails_are_not_cold_starts),
		cmocka_unit_test(tiny_and_constant_samples_are_not_fitted),
		cmocka_unit_test(one_outlier_is_not_a_cluster),
		cmocka_unit_test(large_samples_fit_on_a_histogram_without_losing_accuracy),
		cmocka_unit_test(needed_requests_to_see_a_cold_start),
		cmocka_unit_test(a_keep_warm_window_is_found_where_it_exists),
		cmocka_unit_test(random_cold_starts_give_no_window),
	};

	return cmocka_run_group_tests_name("mixture", tests, NULL, NULL);
}
