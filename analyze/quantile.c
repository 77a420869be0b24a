/*
 * quantile.c — [Q] of stats.h: Hyndman & Fan (1996) type 7.
 *
 * GSL's gsl_stats_quantile_from_sorted_data implements exactly type 7
 * (delta = (n-1)p, linear interpolation between neighbours).  It returns
 * 0.0 for n == 0, which would be a lie here, so that case is guarded.
 */
#include <gsl/gsl_statistics_double.h>
#include <math.h>

#include "stats.h"

double
stats_quantile(const double *sorted, size_t n, double p)
{
	if (n == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);  /* [Q] */
}
