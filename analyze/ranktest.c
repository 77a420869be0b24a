#include "ranktest.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

/* ==== Mann–Whitney ==== */

/*
 * Null distribution of U for sizes m, n without ties: the number of
 * arrangements with U = u is the coefficient of q^u in the Gaussian
 * binomial [m+n choose m]_q = prod_{k=1..m} (1 - q^(n+k)) / (1 - q^k),
 * computed by multiplying and dividing polynomials in place.  Returns
 * P(U <= u).
 */
static int
mwu_cdf_exact(size_t m, size_t n, double u, double *p)
{
	size_t top = m * n, ui = (size_t)floor(u);
	long double *c = calloc(top + 1, sizeof *c), total = 0, below = 0;

	if (c == NULL)
		return -1;
	c[0] = 1;
	for (size_t k = 1; k <= m; k++) {
		/* multiply by (1 - q^(n+k)) */
		for (size_t i = top; i >= n + k; i--)
			c[i] -= c[i - n - k];
		/* divide by (1 - q^k): running sums with stride k */
		for (size_t i = k; i <= top; i++)
			c[i] += c[i - k];
	}
	for (size_t i = 0; i <= top; i++) {
		total += c[i];
		if (i <= ui)
			below += c[i];
	}
	*p = (double)(below / total);
	free(c);
	return 0;
}

int
mwu_test(const double *x, size_t n1, const double *y, size_t n2,
         struct mwu *out)
{
	size_t i = 0, j = 0, N = n1 + n2, rank = 0;
	long double r1 = 0, ties = 0;
	bool tied = false;
	double mu, sigma, z, corr;

	/* midranks by merging the two sorted samples */
	while (i < n1 || j < n2) {
		double v = i < n1 && (j >= n2 || x[i] <= y[j]) ? x[i] : y[j];
		size_t cx = 0, cy = 0, t;
		while (i < n1 && x[i] == v) {
			i++;
			cx++;
		}
		while (j < n2 && y[j] == v) {
			j++;
			cy++;
		}
		t = cx + cy;
		r1 += (long double)cx * ((long double)rank + (t + 1) / 2.0L);
		if (t > 1) {
			tied = true;
			ties += (long double)t * t * t - t;
		}
		rank += t;
	}
	out->u = (double)(r1 - (long double)n1 * (n1 + 1) / 2.0L);
	mu = (double)n1 * (double)n2 / 2.0;
	if (!tied && n1 < MWU_EXACT_MAX && n2 < MWU_EXACT_MAX) {
		double p;
		/* R: P(U <= u) below the middle, P(U >= u) above, doubled */
		if (out->u > mu) {
			if (mwu_cdf_exact(n1, n2, out->u - 1, &p) != 0)
				return -1;
			p = 1 - p;
		} else if (mwu_cdf_exact(n1, n2, out->u, &p) != 0) {
			return -1;
		}
		out->p = fmin(1.0, 2 * p);
		out->exact = true;
		out->continuity = false;
		out->z = NAN;
		return 0;
	}
	sigma = sqrt((double)n1 * (double)n2 / 12.0 *
	             ((double)(N + 1) - (double)(ties / ((long double)N * (N - 1)))));
	z = out->u - mu;
	corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0.0;
	out->exact = false;
	out->continuity = true;
	if (sigma > 0) {
		out->z = (z - corr) / sigma;
		out->p = fmin(1.0, 2 * fmin(gsl_cdf_ugaussian_P(out->z),
		                            gsl_cdf_ugaussian_Q(out->z)));
	} else {
		out->z = NAN;           /* every value equal: nothing to test */
		out->p = 1.0;
	}
	return 0;
}

/* ==== Holm ==== */

/* (p, index) pairs sorted by p, then index: no shared state, so tests
 * may run on many threads */
struct holm_item {
	double p;
	size_t i;
};

static int
cmp_item(const void *a, const void *b)
{
	const struct holm_item *x = a, *y = b;

	if (x->p != y->p)
		return (x->p > y->p) - (x->p < y->p);
	return (x->i > y->i) - (x->i < y->i);
}

int
holm_adjust(const double *p, double *adj, size_t n)
{
	struct holm_item *it = malloc((n ? n : 1) * sizeof *it);
	size_t m = 0;
	double run = 0.0;

	if (it == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!isnan(p[i]))
			it[m++] = (struct holm_item){p[i], i};
		adj[i] = NAN;
	}
	qsort(it, m, sizeof *it, cmp_item);
	for (size_t k = 0; k < m; k++) {
		double a = fmin(1.0, (double)(m - k) * it[k].p);
		run = fmax(run, a);     /* adjusted p-values never decrease */
		adj[it[k].i] = run;
	}
	free(it);
	return 0;
}

/* ==== Fisher ==== */

/* log P(top-left = a) of the hypergeometric with the table's margins */
static double
log_hyper(unsigned a, unsigned r1, unsigned r2, unsigned c1)
{
	return gsl_sf_lnchoose(r1, a) + gsl_sf_lnchoose(r2, c1 - a) -
	       gsl_sf_lnchoose(r1 + r2, c1);
}

double
fisher_exact(unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned r1 = a + b, r2 = c + d, c1 = a + c;
	unsigned lo = c1 > r2 ? c1 - r2 : 0, hi = c1 < r1 ? c1 : r1;
	double obs = log_hyper(a, r1, r2, c1), p = 0;

	/* tables no more likely than the observed, with R's tolerance */
	for (unsigned k = lo; k <= hi; k++) {
		double lp = log_hyper(k, r1, r2, c1);
		if (lp <= obs + log1p(1e-7))
			p += exp(lp);
	}
	return fmin(1.0, p);
}

/* ==== Brown–Forsythe ==== */

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
brown_forsythe(const double *x, size_t n1, const double *y, size_t n2,
               double *work, double *f)
{
	double med[2], zbar[2] = {0, 0}, grand = 0, between = 0, within = 0;
	size_t n[2] = {n1, n2}, N = n1 + n2;
	const double *v[2] = {x, y};

	*f = NAN;
	if (n1 < 2 || n2 < 2)
		return NAN;
	for (int g = 0; g < 2; g++) {
		memcpy(work, v[g], n[g] * sizeof *work);
		qsort(work, n[g], sizeof *work, cmp_double);
		med[g] = stats_quantile(work, n[g], 0.5);
	}
	for (int g = 0; g < 2; g++) {
		for (size_t i = 0; i < n[g]; i++)
			zbar[g] += fabs(v[g][i] - med[g]);
		grand += zbar[g];
		zbar[g] /= (double)n[g];
	}
	grand /= (double)N;
	for (int g = 0; g < 2; g++) {
		between += (double)n[g] * (zbar[g] - grand) * (zbar[g] - grand);
		for (size_t i = 0; i < n[g]; i++) {
			double d = fabs(v[g][i] - med[g]) - zbar[g];
			within += d * d;
		}
	}
	if (!(within > 0))
		return between > 0 ? 0.0 : 1.0;
	*f = (double)(N - 2) * between / within;
	return gsl_cdf_fdist_Q(*f, 1.0, (double)(N - 2));
}
