/*
 * bootstrap.h — confidence intervals for one cell's sample.
 *
 * Methods (documented in ttftstat-summary(1), with references):
 *   - percentile: the (1-C)/2 and (1+C)/2 quantiles of the bootstrap
 *     distribution of the statistic;
 *   - BCa (Efron 1987; Efron & Tibshirani 1993, ch. 14), the default:
 *     z0 = Phi^-1(P*(theta* < theta_hat) + P*(theta* = theta_hat)/2) —
 *     ties count half, as in scipy.stats.bootstrap, because a quantile's
 *     bootstrap distribution has a large atom at the estimate itself —
 *     acceleration a from the jackknife, levels
 *     Phi(z0 + (z0 + z)/(1 - a (z0 + z))).
 * Quantiles (median, p95, p99) use the exact bootstrap distribution of
 * qboot.h: no resampling, no Monte-Carlo error.  The mean and the CV are
 * resampled B times; each replicate accumulates the sums of the centred
 * values and of their squares over n drawn indices, without copying data.
 * Above BOOT_EXACT_MAX_N values a replicate resamples exactly only the
 * BOOT_TAIL_K(n) values farthest from the mean, as many times as a
 * Binomial(n, k/n) draw says, and takes the sums of the other draws from
 * their normal limit (central limit theorem on the bulk, which has no
 * extremes); `make validate` compares it with full resampling on the same
 * samples.
 */
#ifndef TTFT_BOOTSTRAP_H
#define TTFT_BOOTSTRAP_H

#include <stdbool.h>
#include <stddef.h>

#include "rng.h"

#define BOOT_MIN_N 10                   /* fewer values: no interval */
/* Fewer values: no p99 interval in the reports (boot_cell computes it;
 * analyze.c withholds it).  The bootstrap cannot reach beyond the sample's
 * largest values; a coverage simulation measured 50 % coverage of the nominal
 * 95 % at n = 75, 85 % at n = 200, 93-95 % at n = 300. */
#define BOOT_P99_MIN_N 300
#define BOOT_EXACT_MAX_N 1000           /* above: the tail exact, the bulk's
                                         * sums from their normal limit */
#define BOOT_TAIL_MAX 512
#define BOOT_TAIL_K(n) ((n) / 8 < 1 ? (size_t)1 : \
                        (n) / 8 > BOOT_TAIL_MAX ? (size_t)BOOT_TAIL_MAX : (n) / 8)

enum ci_method { CI_BCA, CI_PERCENTILE };

/* CI_TAIL: the tail ratio p95 / median, [p95 lo / median hi, p95 hi /
 * median lo] from the two exact intervals: it holds the ratio whenever
 * both hold their quantiles, so its level is at least 1 - 2 (1 - C)
 * (Bonferroni) and in practice that of the p95's, conservative where the
 * median's interval is as wide as the p95's (light tails; `make validate`
 * measures it).  A ratio of jointly resampled quantiles fell to 89-92 %
 * on cold-start cells at n = 75. */
enum ci_stat { CI_MEDIAN, CI_P95, CI_P99, CI_MEAN, CI_CV, CI_TAIL, CI_NSTATS };

struct ci_result {
	bool have;                      /* false: n < BOOT_MIN_N */
	double lo[CI_NSTATS], hi[CI_NSTATS];
	bool fell_back[CI_NSTATS];      /* BCa undefined: percentile used */
	bool omitted[CI_NSTATS];        /* withheld as untrustworthy */
	bool approximated;              /* mean/CV: split (n > the switch) */
	bool heavy_tail;                /* mean/CV withheld: stats_heavy_tail */
};

/*
 * Intervals for every statistic of an ascending sample x[0..n-1].  The
 * workspace of B doubles x 2 is allocated inside; returns 0 or ERR_NOMEM.
 */
int boot_cell(const double *x, size_t n, size_t B, double confidence,
              enum ci_method method, struct rng *r, struct ci_result *out);
/* boot_cell with another switch from full resampling to the split (above
 * exact_max_n values; SIZE_MAX: always in full, 0: always split), for the
 * study that compares the two on the same samples. */
int boot_cell_limit(const double *x, size_t n, size_t B, double confidence,
                    enum ci_method method, size_t exact_max_n, struct rng *r,
                    struct ci_result *out);

/* B bootstrap replicates of the CV% of an ascending x (n >= 2), as
 * boot_cell draws them (compare uses them for the CV difference). */
int boot_cv_replicates(const double *x, size_t n, size_t B, struct rng *r,
                       double *cv_rep);
/* The same with the mean's replicates too (mean_rep may be NULL) and the
 * split above exact_max_n values, as boot_cell_limit. */
int boot_replicates(const double *x, size_t n, size_t B, size_t exact_max_n,
                    struct rng *r, double *mean_rep, double *cv_rep);

/* Type-7 quantile of an unsorted replicate array (sorts it in place). */
double boot_percentile(double *rep, size_t B, double level);

const char *ci_stat_name(enum ci_stat s);

#endif
