/*
 * stats.h — the descriptive statistics SPEC.md defines, exactly.
 *
 * Definitions (SPEC.md, "Definitions (must hold exactly)"):
 *   [Q] quantiles are Hyndman & Fan type 7: for sorted x[0..n-1] and p in
 *       [0,1], h = (n-1)p, result x[floor h] + (h - floor h)(x[floor h + 1]
 *       - x[floor h]) — numpy's and R's default.
 *   [S] sd is the sample standard deviation, divisor n - 1.
 *   [C] cv_pct = 100 sd / mean.
 *   [T] tiers from CV%: < 40 well-supported, [40, 100) variable,
 *       [100, 300) cold-starts, >= 300 not-production-ready; a boundary
 *       belongs to the higher tier.
 * Undefined results are NaN here and null / "–" in the outputs.
 */
#ifndef TTFT_STATS_H
#define TTFT_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* [Q] on ascending data; NaN when n == 0 or p is outside [0, 1]. */
double stats_quantile(const double *sorted, size_t n, double p);
/* The same quantile of unsorted a, by selection in O(n) (a is
 * reordered): for the bootstrap's replicates and the audit's medians,
 * where a sort would be the largest cost. */
double stats_quantile_select(double *a, size_t n, double p);
/* Sort x ascending (sort.c: a radix sort, linear in n; qsort for small n
 * or when memory for the radix sort's buffer is short). */
void stats_sort(double *x, size_t n);
/* Two of them, p1 <= p2, the second selected above the first. */
void stats_quantiles_select(double *a, size_t n, double p1, double p2,
                            double *q1, double *q2);

/* a + g (b - a), exactly a when a == b and within [a, b] (quantile.c). */
double stats_lerp(double a, double b, double g);

/* [S] mean and sd by two passes in long double; sd is NaN when n < 2,
 * both are NaN when n == 0. */
void stats_mean_sd(const double *x, size_t n, double *mean, double *sd);

/* [C]; NaN when sd is NaN or mean is not positive. */
double stats_cv_pct(double mean, double sd);

enum tier {
	TIER_NONE = -1,
	TIER_WELL_SUPPORTED,
	TIER_VARIABLE,
	TIER_COLD_STARTS,
	TIER_NOT_PRODUCTION_READY
};

/* [T]; TIER_NONE for a NaN CV. */
enum tier stats_tier(double cv_pct);
/* The lowest CV% of tier t (TIER_VARIABLE and above): 40, 100, 300. */
double stats_tier_floor(enum tier t);
const char *stats_tier_name(enum tier t);

/* Everything `summary` prints about one sample. */
struct describe {
	size_t n;
	double min, median, p90, p95, p99, max, mean, sd, cv_pct;
	double tail_ratio;              /* p95 / median; NaN for a zero median */
	double top_share;               /* stats_top_share(STATS_TOP_K(n)) */
	enum tier tier;
};

/*
 * The share of the sum of squared deviations from the mean held by the k
 * largest values of an ascending sample: near k / n for a light tail,
 * near 1 when a few requests carry the sd (and so the CV and the mean's
 * uncertainty).  NaN when n < 2 or all values are equal.
 */
double stats_top_share(const double *sorted, size_t n, double mean, size_t k);
/* "A handful": 1 % of the requests, at least 3 */
#define STATS_TOP_K(n) ((n) / 100 > 3 ? (n) / 100 : (size_t)3)
#define STATS_TOP_SHARE_MAX 0.5
/* below, three values hold half the squares of any sample */
#define STATS_TOP_MIN_N 30

/* The mean and CV are carried by a handful of requests: their top share
 * is above STATS_TOP_SHARE_MAX (their intervals are then not confidence
 * intervals: `make validate` measures how far off they are). */
bool stats_heavy_tail(const struct describe *d);

/* Describe an ascending sample of n values. */
void stats_describe(const double *sorted, size_t n, struct describe *d);

#endif
