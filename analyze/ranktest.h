/*
 * ranktest.h — the tests `compare` reports, each checked against R and
 * scipy (tests/test_ranktest.c):
 *
 *   Mann–Whitney U (Wilcoxon rank-sum), two-sided, as R's wilcox.test:
 *     exact null distribution when both samples have fewer than
 *     MWU_EXACT_MAX values and there are no ties; otherwise the normal
 *     approximation with the tie correction of the variance and a
 *     continuity correction of 0.5.
 *   Holm (1979) step-down adjustment of a family of p-values.
 *   Fisher's exact test on a 2 x 2 table, two-sided: the sum of the
 *     probabilities of all tables no more likely than the observed one
 *     (R's fisher.test, with its relative tolerance 1e-7).
 *   Brown–Forsythe (1974): Levene's test with deviations from the group
 *     medians — here on ln TTFT — an F test with 1 and N - 2 degrees of
 *     freedom (scipy.stats.levene, center='median').
 */
#ifndef TTFT_RANKTEST_H
#define TTFT_RANKTEST_H

#include <stdbool.h>
#include <stddef.h>

#define MWU_EXACT_MAX 50

struct mwu {
	double u;               /* U of the first sample (R's W) */
	double p;               /* two-sided */
	bool exact;
	bool continuity;        /* the normal approximation's 0.5 correction */
	double z;               /* the normal approximation's z; NaN if exact */
};

/* x (n1) and y (n2) ascending; both n >= 1.  Returns 0, or -1 when out of
 * memory (the exact distribution's table). */
int mwu_test(const double *x, size_t n1, const double *y, size_t n2,
             struct mwu *out);

/* Holm-adjust p[0..n-1] into adj (may be the same array); NaN entries are
 * skipped and stay NaN.  0, or -1 when out of memory (adj untouched). */
int holm_adjust(const double *p, double *adj, size_t n);

/* Two-sided Fisher exact test of [[a, b], [c, d]]. */
double fisher_exact(unsigned a, unsigned b, unsigned c, unsigned d);

/* Brown–Forsythe test of equal spread of x and y (already transformed,
 * e.g. ln TTFT; any order).  work: n1 + n2 doubles.  *f gets F. */
double brown_forsythe(const double *x, size_t n1, const double *y, size_t n2,
                      double *work, double *f);

#endif
