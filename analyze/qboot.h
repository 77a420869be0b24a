/*
 * qboot.h — the exact bootstrap distribution of a type-7 sample quantile.
 *
 * A bootstrap resample draws n values with replacement from the sorted
 * sample x[0..n-1].  Its type-7 p-quantile is Q* = (1-g) X*(k) + g X*(k+1)
 * with h = (n-1)p, k = floor(h) + 1 (1-based order statistics), g = h + 1 - k.
 * The distribution of Q* is known exactly, so quantile intervals need no
 * resampling (and no Monte-Carlo error):
 *
 *   N(t) = #{draws <= t} ~ Binomial(n, m(t)/n),  m(t) = #{x_i <= t};
 *   P(Q* <= t) = P(N(t) >= k+1) + P(N(t) = k) P((1-g) M + g W <= t),
 *
 * where, given N(t) = k, M is the largest of k draws from the m(t) values
 * <= t and W the smallest of n-k draws from the values > t — independent,
 * with P(M <= v) = (m(v)/m(t))^k and P(W > w) = ((n - m(w))/(n - m(t)))^(n-k).
 * Both concentrate on a few values next to t, so the sums are truncated
 * where the remaining mass is below QBOOT_TAIL (1e-17, far below double
 * resolution of a probability near 0.5).
 */
#ifndef TTFT_QBOOT_H
#define TTFT_QBOOT_H

#include <stddef.h>

#define QBOOT_TAIL 1e-17

struct qboot {
	const double *x;        /* sorted ascending, borrowed */
	size_t n;
	double p;
	size_t k;               /* lower order statistic, 1-based */
	double g;               /* interpolation weight of X*(k+1) */
};

void qboot_init(struct qboot *q, const double *sorted, size_t n, double p);

/* P(Q* <= t). */
double qboot_cdf(const struct qboot *q, double t);

/* inf { t : P(Q* <= t) >= beta }, an attainable value of Q*; 0 < beta < 1. */
double qboot_quantile(const struct qboot *q, double beta);

/* BCa acceleration from the jackknife, in O(1): leaving out one value of a
 * sorted sample gives one of three quantiles, by the value's rank.  NaN
 * (BCa undefined) when all three are equal or n < 3. */
double qboot_acceleration(const double *sorted, size_t n, double p);

#endif
