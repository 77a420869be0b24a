#include "serial.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "stats.h"

void
ac_measure(const double *x, size_t n, struct autocorr *a)
{
	double mean = 0, num = 0, den = 0, prev;

	memset(a, 0, sizeof *a);
	a->lag1 = a->n_eff = NAN;
	if (n < AC_MIN_N)
		return;
	for (size_t i = 0; i < n; i++)
		mean += log(x[i]);
	mean /= (double)n;
	/* one log a value; the deviations are logs of ratios (small), so
	 * double sums lose nothing that matters next to 1 / sqrt(n) */
	prev = log(x[0]) - mean;
	den = prev * prev;
	for (size_t i = 1; i < n; i++) {
		double d = log(x[i]) - mean;
		den += d * d;
		num += prev * d;
		prev = d;
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

int
ac_widen(const double *x, const double *sorted, size_t n, struct autocorr *a,
         struct ci_result *ci)
{
	static const double qp[3] = {0.5, 0.95, 0.99};
	double *v = malloc(n * sizeof *v), tau;

	if (v == NULL)
		return ERR_NOMEM;
	a->widened = true;
	/* a quantile's variance is that of the mean of the indicator
	 * 1{x <= q}: its inflation widens the iid interval's two arms */
	for (int s = 0; s < 3; s++) {
		double q = stats_quantile(sorted, n, qp[s]);
		for (size_t i = 0; i < n; i++)
			v[i] = x[i] <= q;
		tau = inflation(v, n);
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
