#include "qboot.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"

/* Step limit for the truncated sums: far beyond what QBOOT_TAIL needs
 * (about 40 values each side), it only bounds the work on odd input. */
#define QBOOT_MAX_STEPS 100000

void
qboot_init(struct qboot *q, const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p, j = floor(h);

	q->x = sorted;
	q->n = n;
	q->p = p;
	q->k = (size_t)j + 1;
	q->g = h - j;
	if (q->k >= n) {                /* p = 1: the maximum */
		q->k = n;
		q->g = 0.0;
	}
}

/* #{x_i <= t} */
static size_t
count_le(const double *x, size_t n, double t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x[mid] <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* #{x_i < t} */
static size_t
count_lt(const double *x, size_t n, double t)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (x[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* P(N >= k) for N ~ Binomial(n, m/n). */
static double
binom_ge(size_t k, size_t m, size_t n)
{
	if (k == 0 || m == n)
		return 1.0;
	if (m == 0)
		return 0.0;
	return gsl_cdf_binomial_Q((unsigned)(k - 1), (double)m / (double)n,
	                          (unsigned)n);
}

static double
binom_eq(size_t k, size_t m, size_t n)
{
	if (m == 0)
		return k == 0 ? 1.0 : 0.0;
	if (m == n)
		return k == n ? 1.0 : 0.0;
	return gsl_ran_binomial_pdf((unsigned)k, (double)m / (double)n,
	                            (unsigned)n);
}

/* The value a resample's quantile takes for X*(k) = u, X*(k+1) = w:
 * the same expression, to the last bit, as stats_quantile(), so an
 * attainable value compares equal to the estimate it reproduces. */
static double
interpolate(const struct qboot *q, double u, double w)
{
	return stats_lerp(u, w, q->g);
}

/* P(interpolate(u, W) <= t): W the smallest of n-k draws from x[m..n-1]. */
static double
min_within(const struct qboot *q, size_t m, double u, double t)
{
	size_t lo = m, hi = q->n, c;

	/* #{x_j, j >= m : interpolate(u, x_j) <= t}, by bisection (the
	 * predicate is monotone in x_j); dividing by g instead would lose
	 * the atom at t itself to rounding */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (interpolate(q, u, q->x[mid]) <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	c = lo;
	if (c <= m)
		return 0.0;
	return 1.0 - pow((double)(q->n - c) / (double)(q->n - m),
	                 (double)(q->n - q->k));
}

/* P((1-g) M + g W <= t | N(t) = k), m = m(t). */
static double
inner(const struct qboot *q, size_t m, double t)
{
	double sum = 0.0, below;
	size_t top = m, steps = 0;

	/* u runs over the distinct values <= t, from the top down */
	while (top > 0 && steps++ < QBOOT_MAX_STEPS) {
		double u = q->x[top - 1];
		size_t lt = count_lt(q->x, q->n, u);
		double p_u = pow((double)top / (double)m, (double)q->k);
		below = pow((double)lt / (double)m, (double)q->k);
		sum += (p_u - below) * min_within(q, m, u, t);
		if (below < QBOOT_TAIL)
			break;
		top = lt;
	}
	return sum;
}

double
qboot_cdf(const struct qboot *q, double t)
{
	size_t m = count_le(q->x, q->n, t);
	double f, pk;

	if (q->g == 0.0)
		return binom_ge(q->k, m, q->n);
	f = binom_ge(q->k + 1, m, q->n);
	pk = binom_eq(q->k, m, q->n);
	if (pk > QBOOT_TAIL)
		f += pk * inner(q, m, t);
	return f > 1.0 ? 1.0 : f;
}

struct atom {
	double v, p;
};

static int
cmp_atom(const void *a, const void *b)
{
	double x = ((const struct atom *)a)->v, y = ((const struct atom *)b)->v;

	return (x > y) - (x < y);
}

/* Collect the distinct values and masses of M (downwards from x[m-1]) or
 * of W (upwards from x[m]) until the remaining mass is negligible. */
static size_t
atoms_max(const struct qboot *q, size_t m, struct atom *a, size_t cap)
{
	size_t top = m, na = 0;

	while (top > 0 && na < cap) {
		double u = q->x[top - 1];
		size_t lt = count_lt(q->x, q->n, u);
		double hi = pow((double)top / (double)m, (double)q->k);
		double lo = pow((double)lt / (double)m, (double)q->k);
		a[na].v = u;
		a[na++].p = hi - lo;
		if (lo < QBOOT_TAIL)
			break;
		top = lt;
	}
	return na;
}

static size_t
atoms_min(const struct qboot *q, size_t m, struct atom *a, size_t cap)
{
	size_t bottom = m, na = 0;
	double e = (double)(q->n - q->k), rest = (double)(q->n - m);

	while (bottom < q->n && na < cap) {
		double v = q->x[bottom];
		size_t le = count_le(q->x, q->n, v);
		double gt_before = pow((double)(q->n - bottom) / rest, e);
		double gt_after = pow((double)(q->n - le) / rest, e);
		a[na].v = v;
		a[na++].p = gt_before - gt_after;
		if (gt_after < QBOOT_TAIL)
			break;
		bottom = le;
	}
	return na;
}

#define ATOMS_CAP 256

double
qboot_quantile(const struct qboot *q, double beta)
{
	size_t lo = 0, hi = q->n - 1, m, nm, nw, np = 0;
	struct atom am[ATOMS_CAP], aw[ATOMS_CAP], *pairs;
	double base, pk, cum = 0.0, result;

	/* smallest index whose value has F >= beta */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (qboot_cdf(q, q->x[mid]) >= beta)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo == 0 || q->g == 0.0)
		return q->x[lo];
	/* Inside (x[lo-1], x[lo]) only interpolated values (1-g)M + gW with
	 * M <= x[lo-1] < x[lo] <= W are attainable; find the first of them
	 * where F reaches beta. */
	m = count_le(q->x, q->n, q->x[lo - 1]);
	base = qboot_cdf(q, q->x[lo - 1]);
	pk = binom_eq(q->k, m, q->n);
	nm = atoms_max(q, m, am, ATOMS_CAP);
	nw = atoms_min(q, m, aw, ATOMS_CAP);
	pairs = malloc(nm * nw * sizeof *pairs);
	if (pairs == NULL)
		return NAN;
	for (size_t i = 0; i < nm; i++)
		for (size_t j = 0; j < nw; j++) {
			double v = interpolate(q, am[i].v, aw[j].v);
			if (v > q->x[lo - 1] && v < q->x[lo]) {
				pairs[np].v = v;
				pairs[np++].p = am[i].p * aw[j].p;
			}
		}
	qsort(pairs, np, sizeof *pairs, cmp_atom);
	result = q->x[lo];
	for (size_t i = 0; i < np; i++) {
		cum += pairs[i].p;
		if (base + pk * cum >= beta) {
			result = pairs[i].v;
			break;
		}
	}
	free(pairs);
	return result;
}

/* The type-7 quantile of x without the value of 1-based rank i. */
static double
loo_quantile(const double *x, size_t n, double p, size_t i)
{
	double h = (double)(n - 2) * p, j = floor(h), g = h - j;
	size_t r = (size_t)j + 1;   /* 1-based rank in the shorter sample */
	double lo = x[(r < i ? r : r + 1) - 1], hi;

	if (g == 0.0 || r + 1 > n - 1)
		return lo;
	hi = x[(r + 1 < i ? r + 1 : r + 2) - 1];
	return stats_lerp(lo, hi, g);
}

double
qboot_acceleration(const double *x, size_t n, double p)
{
	double h = (double)(n - 2) * p;
	size_t r = (size_t)floor(h) + 1;
	/* ranks i <= r, i == r + 1 and i > r + 1 give the three values */
	size_t cnt[3], rep[3];
	double th[3], mean = 0.0, s2 = 0.0, s3 = 0.0;

	/* undefined (scipy.stats.bootstrap: NaN and a warning) when every
	 * jackknife value is the same: heavily tied data */
	if (n < 3)
		return NAN;
	cnt[0] = r < n ? r : n;
	cnt[1] = r + 1 <= n ? 1 : 0;
	cnt[2] = n - cnt[0] - cnt[1];
	rep[0] = 1;
	rep[1] = r + 1;
	rep[2] = n;
	for (int c = 0; c < 3; c++) {
		th[c] = cnt[c] ? loo_quantile(x, n, p, rep[c]) : 0.0;
		mean += (double)cnt[c] * th[c];
	}
	mean /= (double)n;
	for (int c = 0; c < 3; c++) {
		double d = mean - th[c];
		s2 += (double)cnt[c] * d * d;
		s3 += (double)cnt[c] * d * d * d;
	}
	if (s2 <= 0.0)
		return NAN;
	return s3 / (6.0 * pow(s2, 1.5));
}
