/*
 * serial.h — serial dependence: measured, and respected by the
 * intervals.
 *
 * Cold starts come in runs (after idle periods, at off-peak hours), so
 * sequential TTFTs are autocorrelated and iid intervals are too narrow.
 * For a cell with start times, the lag-1 autocorrelation of ln TTFT in
 * time order r1 is reported with the effective sample size
 * n_eff = n (1 - r1) / (1 + r1) (the AR(1) variance inflation of a mean,
 * capped at n); r1 is significant above 1.96 / sqrt(n) (its null
 * distribution is N(-1/n, 1/n), Bartlett 1946), and a warning then says
 * so.  Every interval of a timed cell is then widened by the variance
 * inflation of its statistic: a quantile's variance is that of the mean
 * of the indicator 1{x <= q}, the mean's that of x, so each arm of the
 * iid interval is stretched by sqrt(tau), tau = 1 + 2 sum_k (1 - k/(M+1))
 * r_k of that series (Bartlett window, Newey & West 1987, 1994:
 * M = floor(4 (n/100)^(2/9))), at least 1 — the quantile-ESS correction
 * of MCMC output analysis.  A circular block bootstrap was measured
 * first and covered less (make validate).
 */
#ifndef TTFT_SERIAL_H
#define TTFT_SERIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "bootstrap.h"

#define AC_MIN_N 20
struct autocorr {
	bool have;                      /* start times and n >= AC_MIN_N */
	double lag1, n_eff;
	bool significant;
	bool widened;                   /* ac_widen ran on the intervals */
	double tau[CI_NSTATS];          /* its variance inflations */
};

/* r1 and n_eff of the series y (TTFT s, time order) of n values. */
void ac_measure(const double *x, size_t n, struct autocorr *a);

/* Widen the iid intervals in ci of the sorted sample (x: the same values
 * in time order) by the variance inflation of each statistic under the
 * series' autocorrelation; a->tau gets the factors.  0 or ERR_NOMEM. */
int ac_widen(const double *x, const double *sorted, size_t n,
             struct autocorr *a, struct ci_result *ci);

#endif
