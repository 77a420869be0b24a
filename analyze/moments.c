/*
 * moments.c — [S], [C] and [T] of stats.h.
 *
 * The mean and the sum of squared deviations are taken in two passes in
 * long double, with the second pass's residual sum as a correction
 * (Chan, Golub & LeVeque 1983, "corrected two-pass"): the one-pass
 * sum/sum-of-squares formula loses every digit on data with a large mean
 * and small spread (NIST StRD NumAcc4), which timestamps-as-latency
 * captures do produce.
 */
#include <math.h>

#include "stats.h"

void
stats_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	long double sum = 0.0L, m, ss = 0.0L, resid = 0.0L;

	if (n == 0) {
		*mean = NAN;
		*sd = NAN;
		return;
	}
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	m = sum / (long double)n;
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)x[i] - m;
		ss += d * d;
		resid += d;
	}
	*mean = (double)(m + resid / (long double)n);
	if (n < 2) {
		*sd = NAN;
		return;
	}
	ss -= resid * resid / (long double)n;
	*sd = (double)sqrtl(ss / (long double)(n - 1));       /* [S] n - 1 */
}

double
stats_cv_pct(double mean, double sd)
{
	if (isnan(sd) || !(mean > 0.0))
		return NAN;
	return 100.0 * sd / mean;                                 /* [C] */
}

/* [T]: the floors of the tiers above well-supported */
static const double tier_floor[] = {0.0, 40.0, 100.0, 300.0};

double
stats_tier_floor(enum tier t)
{
	return t >= TIER_WELL_SUPPORTED && t <= TIER_NOT_PRODUCTION_READY
	       ? tier_floor[t] : NAN;
}

enum tier
stats_tier(double cv_pct)
{
	/* [T]: each boundary belongs to the higher tier, hence '<'. */
	if (isnan(cv_pct))
		return TIER_NONE;
	for (int t = TIER_WELL_SUPPORTED; t < TIER_NOT_PRODUCTION_READY; t++)
		if (cv_pct < tier_floor[t + 1])
			return (enum tier)t;
	return TIER_NOT_PRODUCTION_READY;
}

const char *
stats_tier_name(enum tier t)
{
	switch (t) {
	case TIER_WELL_SUPPORTED: return "well-supported";
	case TIER_VARIABLE: return "variable";
	case TIER_COLD_STARTS: return "cold-starts";
	case TIER_NOT_PRODUCTION_READY: return "not-production-ready";
	case TIER_NONE: break;
	}
	return NULL;
}

void
stats_describe(const double *sorted, size_t n, struct describe *d)
{
	d->n = n;
	d->min = n ? sorted[0] : NAN;
	d->max = n ? sorted[n - 1] : NAN;
	d->median = stats_quantile(sorted, n, 0.50);
	d->p90 = stats_quantile(sorted, n, 0.90);
	d->p95 = stats_quantile(sorted, n, 0.95);
	d->p99 = stats_quantile(sorted, n, 0.99);
	stats_mean_sd(sorted, n, &d->mean, &d->sd);
	d->cv_pct = stats_cv_pct(d->mean, d->sd);
	d->tier = stats_tier(d->cv_pct);
	d->tail_ratio = d->median > 0 ? d->p95 / d->median : NAN;
	d->top_share = stats_top_share(sorted, n, d->mean, STATS_TOP_K(n));
}

double
stats_top_share(const double *sorted, size_t n, double mean, size_t k)
{
	long double all = 0, top = 0;

	if (n < 2)
		return NAN;
	if (k > n)
		k = n;
	for (size_t i = 0; i < n; i++) {
		long double d = (long double)sorted[i] - mean;
		all += d * d;
		if (i >= n - k)
			top += d * d;
	}
	return all > 0 ? (double)(top / all) : NAN;
}

bool
stats_heavy_tail(const struct describe *d)
{
	return d->n >= STATS_TOP_MIN_N && d->top_share > STATS_TOP_SHARE_MAX;
}
