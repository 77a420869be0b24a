#include "serial.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "stats.h"
#include "vmath.h"

/* Above this many requests the logs are taken by vector code (vmath.h),
 * as the mixture fit of a large cell takes them. */
#define AC_VECTOR_N 4096

/* ln x[i..i+VM_BLOCK) into lg (by vector code above AC_VECTOR_N) */
static void
logs_at(const double *x, size_t n, size_t i, double *lg)
{
	double pad[VM_BLOCK];

	if (n <= AC_VECTOR_N) {
		for (size_t j = 0; j < VM_BLOCK && i + j < n; j++)
			lg[j] = log(x[i + j]);
		return;
	}
	vm_log_block(vm_block(x, n, i, pad), lg);
}

void
ac_measure(const double *x, size_t n, struct autocorr *a)
{
	double mean = 0, num = 0, den = 0, prev = 0, lg[VM_BLOCK];

	memset(a, 0, sizeof *a);
	a->lag1 = a->n_eff = NAN;
	if (n < AC_MIN_N)
		return;
	for (size_t i = 0; i < n; i += VM_BLOCK) {
		logs_at(x, n, i, lg);
		for (size_t j = 0; j < VM_BLOCK && i + j < n; j++)
			mean += lg[j];
	}
	mean /= (double)n;
	/* one log a value a pass; the deviations are logs of ratios (small),
	 * so double sums lose nothing that matters next to 1 / sqrt(n) */
	for (size_t i = 0; i < n; i += VM_BLOCK) {
		logs_at(x, n, i, lg);
		for (size_t j = 0; j < VM_BLOCK && i + j < n; j++) {
			double d = lg[j] - mean;
			if (i + j == 0) {
				den = d * d;
			} else {
				den += d * d;
				num += prev * d;
			}
			prev = d;
		}
	}
	if (!(den > 0))
		return;
	a->have = true;
	a->lag1 = num / den;
	a->n_eff = (double)n * (1 - a->lag1) / (1 + a->lag1);
	if (a->n_eff > (double)n)
		a->n_eff = (double)n;
	a->significant = a->lag1 > 1.959963984540054 / sqrt((double)n);
}

/* The variance inflation of a mean of the series v: tau = 1 + 2 sum_k
 * (1 - k / (M + 1)) r_k over lags k = 1..M, the Bartlett-window (Newey &
 * West 1987) long-run variance over the variance, with Newey and West's
 * (1994) lag M = floor(4 (n / 100)^(2/9)); at least 1. */
/* Lags past this many are summed one lag at a time (M reaches 195 only
 * at 4e9 requests). */
#define LAGS_BLOCKED 256

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static double
inflation(const double *v, size_t n)
{
	double mean = 0, den = 0, tau = 1;
	size_t M = (size_t)floor(4 * pow((double)n / 100, 2.0 / 9));
	size_t kmax = M < n ? M : n - 1, lags = kmax < LAGS_BLOCKED ? kmax : 0;
	/* p[k][j]: lag k's sum over the values i = j (mod 4) of its whole
	 * blocks of four, then the rest of the lag in p[k][0] */
	double p[LAGS_BLOCKED + 1][4];

	for (size_t i = 0; i < n; i++)
		mean += v[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		den += (v[i] - mean) * (v[i] - mean);
	if (!(den > 0))
		return 1;
	/* Double sums in four parts: n terms of size at most the variance
	 * lose about sqrt(n) ulps, against a Monte-Carlo error of 1/sqrt(n).
	 * All lags advance together, four values at a time (a lag's parts
	 * are one vector): the values are read once, not once a lag, and the
	 * sums are the same, term for term and in the same order, as lag by
	 * lag. */
	memset(p, 0, (lags + 1) * sizeof p[0]);
	for (size_t i = 0; lags > 0 && i + 5 <= n; i += 4) {
		size_t K = n - i - 4 < lags ? n - i - 4 : lags;
		double c[4];
		for (int j = 0; j < 4; j++)
			c[j] = v[i + j] - mean;
		for (size_t k = 1; k <= K; k++)
			for (int j = 0; j < 4; j++)
				p[k][j] += c[j] * (v[i + j + k] - mean);
	}
	for (size_t k = 1; k <= kmax; k++) {
		double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
		size_t m = n - k, i = 0;
		if (k <= lags) {
			p0 = p[k][0];
			p1 = p[k][1];
			p2 = p[k][2];
			p3 = p[k][3];
			i = m / 4 * 4;
		}
		for (; k > lags && i + 4 <= m; i += 4) {
			p0 += (v[i] - mean) * (v[i + k] - mean);
			p1 += (v[i + 1] - mean) * (v[i + 1 + k] - mean);
			p2 += (v[i + 2] - mean) * (v[i + 2 + k] - mean);
			p3 += (v[i + 3] - mean) * (v[i + 3 + k] - mean);
		}
		for (; i < m; i++)
			p0 += (v[i] - mean) * (v[i + k] - mean);
		tau += 2 * (1 - (double)k / (double)(M + 1)) *
		       (((p0 + p1) + (p2 + p3)) / den);
	}
	return tau > 1 ? tau : 1;
}

/* Ones among w's bits [i, i + 64 * nw) shifted to bit 0 (k = i / 64
 * words in, s = i % 64 bits): word j of the shifted sequence. */
static inline uint64_t
shifted(const uint64_t *w, size_t words, size_t k, unsigned s, size_t j)
{
	uint64_t lo = w[k + j] >> s;

	if (s != 0 && k + j + 1 < words)
		lo |= w[k + j + 1] << (64 - s);
	return lo;
}

/*
 * inflation() of the indicator series v_i = 1{x_i <= q}, from counts:
 * with K ones and m = K / n, a lag's sum of (v_i - m)(v_{i+k} - m) over
 * i < n - k is C_k - m (A_k + B_k) + (n - k) m^2, where C_k counts the
 * pairs of ones k apart (a popcount of the bits ANDed with themselves
 * shifted) and A_k, B_k the ones in v_0..v_{n-k-1} and v_k..v_{n-1}.
 * Exact counts, so no rounding grows with n; n / 64 words a lag instead
 * of n products.
 */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
/* the popcounts as one instruction where the CPU has it (x86-64's
 * baseline has none: a call to libgcc's for every word) */
__attribute__((target_clones("popcnt", "default")))
#endif
static double
indicator_inflation(const double *x, size_t n, double q, uint64_t *w)
{
	size_t words = (n + 63) / 64, K = 0, first = 0, last = 0;
	size_t M = (size_t)floor(4 * pow((double)n / 100, 2.0 / 9));
	double m, den, tau = 1;

	memset(w, 0, words * sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i / 64] |= (uint64_t)(x[i] <= q) << (i % 64);
	for (size_t j = 0; j < words; j++)
		K += (size_t)__builtin_popcountll(w[j]);
	m = (double)K / (double)n;
	den = (double)K * (1 - m) * (1 - m) + (double)(n - K) * m * m;
	if (!(den > 0))
		return 1;
	for (size_t k = 1; k <= M && k < n; k++) {
		size_t len = n - k, full = len / 64, C = 0;
		unsigned rest = (unsigned)(len % 64);
		double S;
		first += x[k - 1] <= q;         /* ones in v_0..v_{k-1} */
		last += x[n - k] <= q;          /* ones in v_{n-k}..v_{n-1} */
		for (size_t j = 0; j < full; j++)
			C += (size_t)__builtin_popcountll(
			    w[j] & shifted(w, words, k / 64, (unsigned)(k % 64), j));
		if (rest > 0)
			C += (size_t)__builtin_popcountll(
			    w[full] & shifted(w, words, k / 64, (unsigned)(k % 64), full) &
			    ((UINT64_C(1) << rest) - 1));
		S = (double)C - m * (double)((K - last) + (K - first)) +
		    (double)len * m * m;
		tau += 2 * (1 - (double)k / (double)(M + 1)) * (S / den);
	}
	return tau > 1 ? tau : 1;
}

int
ac_widen(const double *x, const double *sorted, size_t n, struct autocorr *a,
         struct ci_result *ci)
{
	static const double qp[3] = {0.5, 0.95, 0.99};
	uint64_t *v = malloc(((n + 63) / 64 + 1) * sizeof *v);
	double tau;

	if (v == NULL)
		return ERR_NOMEM;
	a->widened = true;
	/* a quantile's variance is that of the mean of the indicator
	 * 1{x <= q}: its inflation widens the iid interval's two arms */
	for (int s = 0; s < 3; s++) {
		double q = stats_quantile(sorted, n, qp[s]);
		tau = indicator_inflation(x, n, q, v);
		a->tau[s] = tau;
		ci->lo[s] = q - (q - ci->lo[s]) * sqrt(tau);
		ci->hi[s] = q + (ci->hi[s] - q) * sqrt(tau);
	}
	tau = inflation(x, n);
	a->tau[CI_MEAN] = a->tau[CI_CV] = tau;
	{
		double mean, sd, cv;
		stats_mean_sd(sorted, n, &mean, &sd);
		cv = stats_cv_pct(mean, sd);
		ci->lo[CI_MEAN] = mean - (mean - ci->lo[CI_MEAN]) * sqrt(tau);
		ci->hi[CI_MEAN] = mean + (ci->hi[CI_MEAN] - mean) * sqrt(tau);
		ci->lo[CI_CV] = cv - (cv - ci->lo[CI_CV]) * sqrt(tau);
		ci->hi[CI_CV] = cv + (ci->hi[CI_CV] - cv) * sqrt(tau);
	}
	ci->lo[CI_TAIL] = ci->lo[CI_P95] / ci->hi[CI_MEDIAN];
	ci->hi[CI_TAIL] = ci->lo[CI_MEDIAN] > 0 ? ci->hi[CI_P95] / ci->lo[CI_MEDIAN]
	                                        : NAN;
	free(v);
	return 0;
}
