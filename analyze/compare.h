/*
 * compare.h — is NEW different from BASE, cell by cell?
 *
 * Cells of two analysed captures are matched by their group keys (name and
 * value).  For each matched cell:
 *   - the change of the median and p95 (percent of BASE) and of the CV
 *     (percentage points), each with a percentile bootstrap interval from
 *     resampling each side independently: quantiles of a resample are
 *     drawn exactly (the k-th order statistic of n uniforms is
 *     Beta(k, n-k+1), mapped through the sample's quantile function; the
 *     next is one Beta(1, n-k) spacing above), the CV from resampled sums;
 *   - Mann–Whitney U (location), Holm-adjusted across matched cells:
 *     significant = p_adjusted < alpha;
 *   - Fisher's exact test on cold/warm counts (each side classified by its
 *     own mixture), Holm-adjusted within its family;
 *   - Brown–Forsythe on ln TTFT (spread: "same median, far less
 *     consistent"), Holm-adjusted within its family;
 *   - the bootstrap test of the two p95s (compare_quantile_test: the
 *     same exact resamples as the p95 interval), Holm-adjusted within its
 *     family.
 * The verdict: a cell is `changed` when any of its four tests rejects
 * after Holm's adjustment across all four tests of all matched cells (one
 * family: the probability that any identical cell is called changed is
 * at most alpha); `regression` when a test that rejected says worse:
 * slower (median up), a longer tail (p95 up), more cold starts, or a
 * wider spread of ln TTFT.
 * Cells present on one side only are kept, flagged.
 */
#ifndef TTFT_COMPARE_H
#define TTFT_COMPARE_H

#include <stdbool.h>

#include "analyze.h"
#include "ranktest.h"

/* the verdict's tests, in the order their p-values are kept */
enum { CMP_LOCATION, CMP_TAIL, CMP_COLD, CMP_SPREAD, CMP_TESTS };
const char *compare_test_name(int test);

struct cmp_cell {
	const struct cell *base, *nw;   /* NULL: absent on that side */
	const struct trace *tb, *tn;
	double d_median_pct, d_p95_pct, d_cv_pts;
	double ci_median[2], ci_p95[2], ci_cv[2];   /* NaN: no interval */
	struct mwu mw;
	double p, p_adj;                /* Mann–Whitney; NaN if not tested */
	bool significant;
	unsigned cold[2], warm[2];      /* base, new: classified requests */
	double p_cold, p_cold_adj;
	double f_spread, p_spread, p_spread_adj;
	bool spread_up;                 /* new's ln TTFT spreads wider */
	double p_tail, p_tail_adj;      /* the p95 test */
	double p_verdict[CMP_TESTS];    /* Holm across all tests and cells */
	unsigned changed_by;            /* bit CMP_*: the tests that rejected */
	bool changed;
	bool regression;                /* changed, and a rejecting test worse */
	unsigned gates;                 /* bit i: --fail-if gate i tripped */
};

struct comparison {
	size_t n;
	struct cmp_cell *c;
	double alpha;
};

/* Match and test.  o gives B, confidence and the seed. */
int compare_cells(const struct trace *tb, const struct cells *base,
                  const struct trace *tn, const struct cells *nw,
                  const struct analyze_opts *o, double alpha,
                  struct comparison **out, struct err *e);
void comparison_free(struct comparison *cmp);

/* The tests of one matched pair (cc->base, cc->nw set; label keys the
 * streams), then the adjustments and verdicts over n cells: the two
 * steps of compare_cells, for the simulation study. */
int compare_pair(struct cmp_cell *cc, const char *label,
                 const struct analyze_opts *o);
int compare_verdicts(struct cmp_cell *c, size_t n, double alpha);
void compare_unset(struct cmp_cell *cc);

/* Requests of the cell its own mixture calls cold (p_cold > 1/2). */
unsigned compare_cold_count(const struct cell *c);

/* The bootstrap test that the p-quantiles of two cells are equal: B
 * exact resamples of each (as the intervals draw them), p = (2k + 1) /
 * (B + 1) with k the differences on the smaller side of 0.  The stream is keyed
 * by seed and label.  NaN with fewer than 2 values a side. */
double compare_quantile_test(const struct cell *a, const struct cell *b,
                             double p, size_t B, uint64_t seed,
                             const char *label);

/* The same test of the Harrell-Davis estimates of the p-quantiles
 * (Wilcox's qcomhd): a weighted mean of all order statistics, steadier
 * in the tail than one or two of them, so more power at the same level;
 * O(n) a resample. */
double compare_hd_test(const struct cell *a, const struct cell *b, double p,
                       size_t B, uint64_t seed, const char *label);

/* The bootstrap test that the CVs of two cells are equal: B resampled
 * CVs of each (as their intervals draw them), p as for quantiles. */
double compare_cv_test(const struct cell *a, const struct cell *b, size_t B,
                       uint64_t seed, const char *label);

/* Brown–Forsythe p-value for the spread of ln TTFT of two cells; *f gets
 * F.  NaN when either has fewer than 2 values (or memory runs out). */
double compare_spread_test(const struct cell *a, const struct cell *b,
                           double *f);

#endif
