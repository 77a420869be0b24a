/*
 * quantile.c — [Q] of stats.h: Hyndman & Fan (1996) type 7.
 *
 * h = (n-1)p, j = floor(h), g = h - j; the quantile is x[j] interpolated
 * toward x[j+1] by g — the definition numpy, R and GSL's
 * gsl_stats_quantile_from_sorted_data share.  The interpolation is written
 * as numpy writes it (a + (b-a)g below g = 1/2, b - (b-a)(1-g) above),
 * not as GSL's (1-g)a + gb: both are type 7, but only the former returns a
 * exactly when a == b and never leaves [a, b] through rounding.  That
 * matters: the exact bootstrap (qboot.c) counts atoms at sample values,
 * and a resampled quantile of two equal order statistics must be that
 * value, not its neighbour one ulp up.  tests/test_stats.c checks the
 * agreement with GSL to the last few ulps.
 */
#include <math.h>

#include "stats.h"

double
stats_lerp(double a, double b, double g)
{
	double d = b - a;

	return g < 0.5 ? a + d * g : b - d * (1.0 - g);
}

double
stats_quantile(const double *sorted, size_t n, double p)
{
	double h, j;
	size_t i;

	if (n == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	h = (double)(n - 1) * p;                                    /* [Q] */
	j = floor(h);
	i = (size_t)j;
	if (i + 1 >= n)
		return sorted[n - 1];
	return stats_lerp(sorted[i], sorted[i + 1], h - j);
}
