/*
 * test_ranktest.c — the tests of `compare`, against R 4.2 (wilcox.test,
 * fisher.test, p.adjust) and scipy 1.10.1 (levene with center='median');
 * the calls are quoted next to each value.
 */
#include "helpers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/ranktest.h"

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double X[] = {0.412, 0.398, 0.456, 0.501, 0.388, 0.43, 0.471, 0.399,
                     0.521, 0.444};
static double Y[] = {0.482, 0.455, 0.512, 0.534, 0.47, 0.49, 0.611, 0.505,
                     0.499, 0.528, 0.557, 0.5};

static void
mann_whitney_exact_without_ties(void **state)
{
	struct mwu r;

	(void)state;
	qsort(X, 10, sizeof X[0], cmp);
	qsort(Y, 12, sizeof Y[0], cmp);
	/* R: wilcox.test(x, y, exact=TRUE): W = 17, p = 0.0034361922906814548 */
	assert_int_equal(mwu_test(X, 10, Y, 12, &r), 0);
	assert_true(r.exact);
	assert_close(r.u, 17, 0, "W");
	assert_close(r.p, 0.0034361922906814548, 1e-12, "exact p");
	/* R: wilcox.test(y, x): W = 103, the same p */
	assert_int_equal(mwu_test(Y, 12, X, 10, &r), 0);
	assert_close(r.u, 103, 0, "W reversed");
	assert_close(r.p, 0.0034361922906814548, 1e-12, "exact p reversed");
	{
		/* R: wilcox.test(c(1,2,3), c(4,5,6,7)): W = 0, p = 2/35 */
		const double a[] = {1, 2, 3}, b[] = {4, 5, 6, 7};
		assert_int_equal(mwu_test(a, 3, b, 4, &r), 0);
		assert_close(r.p, 0.057142857142857141, 1e-12, "tiny");
	}
}

static void
mann_whitney_normal_with_ties(void **state)
{
	double x2[12];
	struct mwu r;

	(void)state;
	/* R: wilcox.test(c(x, 0.455, 0.47), y, correct=TRUE) with the first
	 * x as 0.412, 0.398, 0.455, 0.501, 0.388, 0.43, 0.47, ... (ties with
	 * y): W = 18, p = 0.0019733784371354186; scipy mannwhitneyu
	 * (use_continuity=True, method='asymptotic') agrees */
	const double x[] = {0.412, 0.398, 0.455, 0.501, 0.388, 0.43, 0.47, 0.399,
	                    0.521, 0.444, 0.455, 0.47};
	memcpy(x2, x, sizeof x);
	qsort(x2, 12, sizeof x2[0], cmp);
	assert_int_equal(mwu_test(x2, 12, Y, 12, &r), 0);
	assert_false(r.exact);
	assert_true(r.continuity);
	assert_close(r.u, 18, 0, "W");
	assert_close(r.p, 0.0019733784371354186, 1e-9, "normal p");
}

static void
mann_whitney_large_samples(void **state)
{
	/* R: set.seed(1); a <- round(rlnorm(60, log(0.4), 0.3), 3);
	 *    b <- round(rlnorm(70, log(0.45), 0.3), 3); wilcox.test(a, b):
	 *    W = 1684, p = 0.052321438277635426 */
	static double a[] = {0.331,0.423,0.311,0.646,0.442,0.313,0.463,0.499,0.475,0.365,0.630,0.450,0.332,0.206,0.561,0.395,0.398,0.531,0.512,0.478,0.527,0.506,0.409,0.220,0.482,0.393,0.382,0.257,0.347,0.453,0.601,0.388,0.449,0.394,0.265,0.353,0.355,0.393,0.556,0.503,0.381,0.371,0.493,0.473,0.325,0.324,0.446,0.504,0.387,0.521,0.451,0.333,0.443,0.285,0.615,0.725,0.358,0.292,0.475,0.384};
	static double b[] = {0.925,0.445,0.553,0.454,0.360,0.476,0.262,0.698,0.471,0.864,0.519,0.364,0.540,0.340,0.309,0.491,0.394,0.450,0.460,0.377,0.379,0.432,0.641,0.285,0.538,0.497,0.619,0.411,0.503,0.488,0.382,0.647,0.637,0.555,0.724,0.532,0.307,0.379,0.312,0.390,0.374,0.456,0.342,0.472,0.370,0.765,0.558,0.591,0.505,0.745,0.372,0.392,0.692,0.370,0.423,0.400,0.409,0.414,0.522,0.427,0.387,0.673,0.422,0.426,0.437,0.557,0.440,0.445,0.367,0.408};
	double work[130], f;
	struct mwu r;

	(void)state;
	qsort(a, 60, sizeof a[0], cmp);
	qsort(b, 70, sizeof b[0], cmp);
	assert_int_equal(mwu_test(a, 60, b, 70, &r), 0);
	assert_false(r.exact);
	assert_close(r.u, 1684, 0, "W");
	assert_close(r.p, 0.052321438277635426, 1e-9, "p");
	/* scipy: levene(log(a), log(b), center='median').pvalue
	 *      = 0.993494185555862 */
	{
		double la[60], lb[70];
		for (int i = 0; i < 60; i++)
			la[i] = log(a[i]);
		for (int i = 0; i < 70; i++)
			lb[i] = log(b[i]);
		assert_close(brown_forsythe(la, 60, lb, 70, work, &f),
		             0.993494185555862, 1e-9, "Brown-Forsythe");
	}
}

static void
brown_forsythe_matches_scipy(void **state)
{
	double lx[10], ly[12], work[22], f;

	(void)state;
	for (int i = 0; i < 10; i++)
		lx[i] = log(X[i]);
	for (int i = 0; i < 12; i++)
		ly[i] = log(Y[i]);
	/* scipy: levene(log(x), log(y), center='median'):
	 * statistic 1.2668415474047223, pvalue 0.27368600674383675 */
	assert_close(brown_forsythe(lx, 10, ly, 12, work, &f),
	             0.27368600674383675, 1e-9, "p");
	assert_close(f, 1.2668415474047223, 1e-9, "F");
}

static void
fisher_matches_r(void **state)
{
	(void)state;
	/* R: fisher.test(matrix(c(3, 80, 12, 70), 2))$p.value */
	assert_close(fisher_exact(3, 12, 80, 70), 0.01557700766980705, 1e-9,
	             "fisher 1");
	/* R: fisher.test(matrix(c(0, 10, 5, 5), 2))$p.value */
	assert_close(fisher_exact(0, 5, 10, 5), 0.032507739938080517, 1e-9,
	             "fisher 2");
	assert_close(fisher_exact(5, 5, 5, 5), 1.0, 1e-12, "equal");
}

static void
holm_matches_r(void **state)
{
	/* R: p.adjust(c(0.01, 0.04, 0.03, 0.2, NA), "holm")
	 *  = 0.04 0.09 0.09 0.20 NA; by hand: 4 x 0.01, max(3 x 0.03, .04),
	 *  max(2 x 0.04, .09), max(1 x 0.2, .09) */
	const double p[] = {0.01, 0.04, 0.03, 0.2, NAN};
	double adj[5];

	(void)state;
	holm_adjust(p, adj, 5);
	assert_close(adj[0], 0.04, 1e-15, "1");
	assert_close(adj[1], 0.09, 1e-15, "2");
	assert_close(adj[2], 0.09, 1e-15, "3");
	assert_close(adj[3], 0.20, 1e-15, "4");
	assert_true(isnan(adj[4]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mann_whitney_exact_without_ties),
		cmocka_unit_test(mann_whitney_normal_with_ties),
		cmocka_unit_test(mann_whitney_large_samples),
		cmocka_unit_test(brown_forsythe_matches_scipy),
		cmocka_unit_test(fisher_matches_r),
		cmocka_unit_test(holm_matches_r),
	};

	return cmocka_run_group_tests_name("ranktest", tests, NULL, NULL);
}
