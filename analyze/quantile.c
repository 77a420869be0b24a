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

/* Hoare partitioning of a[lo..hi] around the element at its middle until
 * position k holds the k-th smallest, everything before it no larger and
 * everything after it no smaller. */
static void
select_kth(double *a, size_t lo, size_t hi, size_t k)
{
	while (lo < hi) {
		double pivot = a[lo + (hi - lo) / 2];
		size_t i = lo, j = hi;
		while (i <= j) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j) {
				double tmp = a[i];
				a[i] = a[j];
				a[j] = tmp;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;
	}
}

/* The type-7 quantile at position h = (n-1)p of a[0..n-1], selecting
 * only within a[from..n-1] (the caller knows everything before is no
 * larger). */
static double
select_at(double *a, size_t from, size_t n, double h)
{
	size_t k = (size_t)floor(h);
	double next = INFINITY;

	select_kth(a, from, n - 1, k);
	if (k + 1 >= n)
		return a[k];
	/* all >= a[k] now; a compare, not fmin's call (no NaN here) */
	for (size_t i = k + 1; i < n; i++)
		next = a[i] < next ? a[i] : next;
	return stats_lerp(a[k], next, h - (double)k);
}

double
stats_quantile_select(double *a, size_t n, double p)
{
	if (n == 0 || !(p >= 0.0 && p <= 1.0))
		return NAN;
	return select_at(a, 0, n, (double)(n - 1) * p);             /* [Q] */
}

void
stats_quantiles_select(double *a, size_t n, double p1, double p2,
                       double *q1, double *q2)
{
	double h1 = (double)(n - 1) * p1, h2 = (double)(n - 1) * p2;

	if (n == 0 || !(p1 >= 0.0 && p1 <= p2 && p2 <= 1.0)) {
		*q1 = *q2 = NAN;
		return;
	}
	*q1 = select_at(a, 0, n, h1);
	/* a[0..floor(h1)] are now the smallest: the second is above them */
	*q2 = select_at(a, (size_t)floor(h1), n, h2);
}
