#include "idle.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "ranktest.h"
#include "stats.h"

/* Bin edges in seconds: the scales at which providers scale to zero. */
static const double edges[IDLE_NBINS + 1] = {
	0, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, INFINITY};

struct pair {
	double gap;
	bool cold;
};

/*
 * Pool adjacent violators over groups of equal gaps (weights nall, cold
 * counts ncold; groups with no weight are skipped), then the crossing of
 * one half.  The fitted value of a pooled block is its cold share.
 */
static bool
idle_crossing(const double *gap, const double *ncold, const double *nall,
              size_t ng, double *est, double *lo, double *hi)
{
	/* blocks on a stack: first group, weight, cold */
	size_t *first = malloc((ng + 1) * sizeof *first), nb = 0;
	double *w = malloc((ng + 1) * sizeof *w), *c = malloc((ng + 1) * sizeof *c);
	double below = NAN, above = NAN;
	bool ok = false;

	if (first == NULL || w == NULL || c == NULL)
		goto out;
	for (size_t i = 0; i < ng; i++) {
		if (!(nall[i] > 0))
			continue;
		first[nb] = i;
		w[nb] = nall[i];
		c[nb] = ncold[i];
		nb++;
		/* merge while the previous block's share exceeds this one's */
		while (nb > 1 && c[nb - 2] * w[nb - 1] > c[nb - 1] * w[nb - 2]) {
			w[nb - 2] += w[nb - 1];
			c[nb - 2] += c[nb - 1];
			nb--;
		}
	}
	first[nb] = ng;
	/* the largest gap fitted below 1/2 and the smallest fitted above */
	for (size_t b = 0; b < nb; b++) {
		double share = c[b] / w[b];
		if (share < 0.5) {
			for (size_t i = first[b + 1]; i-- > first[b];)
				if (nall[i] > 0) {
					below = gap[i];
					break;
				}
		} else if (share > 0.5 && isnan(above)) {
			for (size_t i = first[b]; i < first[b + 1]; i++)
				if (nall[i] > 0) {
					above = gap[i];
					break;
				}
		}
	}
	if (!isnan(below) && !isnan(above) && above > below) {
		*lo = below;
		*hi = above;
		*est = sqrt(below * above);
		ok = true;
	}
out:
	free(first);
	free(w);
	free(c);
	return ok;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* one-sided Mann-Whitney: do cold requests follow longer gaps? */
static int
association(const double *cg, size_t a, const double *wg, size_t b,
            double *pv)
{
	struct mwu t;

	if (mwu_test(cg, a, wg, b, &t) != 0)
		return ERR_NOMEM;
	/* the null distribution of U is symmetric: the one-sided p is half
	 * the two-sided one in the tested direction */
	*pv = t.u > 0.5 * (double)a * (double)b ? t.p / 2 : 1 - t.p / 2;
	return 0;
}

/* ==== the logistic model of cold on x = ln gap ==== */

/* log-likelihood of P(cold) = 1 / (1 + e^{-b (x - mu)}) */
static double
lr_loglik(const double *x, const bool *c, size_t n, double mu, double b)
{
	double ll = 0;

	for (size_t i = 0; i < n; i++) {
		double eta = b * (x[i] - mu);
		/* log sigmoid(+-eta) without overflow */
		double s = c[i] ? eta : -eta;
		ll += s > 0 ? -log1p(exp(-s)) : s - log1p(exp(s));
	}
	return ll;
}

/* The MLE (b0, b1) of logit P(cold) = b0 + b1 x by Newton-Raphson; false
 * when it does not converge (separation: no MLE). */
static bool
lr_fit(const double *x, const bool *c, size_t n, double beta[2])
{
	beta[0] = beta[1] = 0.0;
	for (int it = 0; it < 100; it++) {
		double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0, det, d0, d1;
		for (size_t i = 0; i < n; i++) {
			double eta = beta[0] + beta[1] * x[i];
			double p = 1.0 / (1.0 + exp(-eta)), w = p * (1.0 - p);
			double res = (c[i] ? 1.0 : 0.0) - p;
			g0 += res;
			g1 += res * x[i];
			h00 += w;
			h01 += w * x[i];
			h11 += w * x[i] * x[i];
		}
		det = h00 * h11 - h01 * h01;
		if (!(det > 0))
			return false;
		d0 = (h11 * g0 - h01 * g1) / det;
		d1 = (h00 * g1 - h01 * g0) / det;
		beta[0] += d0;
		beta[1] += d1;
		if (fabs(d0) + fabs(d1) < 1e-10)
			return fabs(beta[1]) < 1e3;
	}
	return false;
}

/* The profile log-likelihood of the crossing mu: the best slope b >= 0
 * for that mu (the log-likelihood is concave in b: Newton, halving). */
static double
lr_profile(const double *x, const bool *c, size_t n, double mu, double b)
{
	double ll = lr_loglik(x, c, n, mu, b);

	for (int it = 0; it < 100; it++) {
		double g = 0, h = 0, nb, nll;
		for (size_t i = 0; i < n; i++) {
			double d = x[i] - mu, p = 1.0 / (1.0 + exp(-b * d));
			g += ((c[i] ? 1.0 : 0.0) - p) * d;
			h += p * (1 - p) * d * d;
		}
		if (!(h > 0))
			break;
		nb = b + g / h;
		if (nb < 0)
			nb = 0;
		nll = lr_loglik(x, c, n, mu, nb);
		while (nll < ll && fabs(nb - b) > 1e-12) {
			nb = 0.5 * (nb + b);
			nll = lr_loglik(x, c, n, mu, nb);
		}
		if (fabs(nb - b) <= 1e-10 * (1 + b)) {
			ll = nll > ll ? nll : ll;
			break;
		}
		b = nb;
		ll = nll;
	}
	return ll;
}

/* The end of the profile-likelihood interval on one side of mu0 (dir =
 * -1 or +1): where 2 (llmax - profile) reaches crit, by bisection; NaN
 * when it is not reached within a factor 10 of the observed gaps. */
static double
lr_bound(const double *x, const bool *c, size_t n, double mu0, double b0,
         double llmax, double crit, double limit, int dir)
{
	double in = mu0, out = mu0 + dir * 0.05;

	while (2 * (llmax - lr_profile(x, c, n, out, b0)) < crit) {
		if ((dir < 0 && out < limit) || (dir > 0 && out > limit))
			return NAN;
		in = out;
		out = mu0 + 2 * (out - mu0);
	}
	for (int it = 0; it < 60; it++) {
		double mid = 0.5 * (in + out);
		if (2 * (llmax - lr_profile(x, c, n, mid, b0)) < crit)
			in = mid;
		else
			out = mid;
	}
	return 0.5 * (in + out);
}

/* Where the gap does not separate cold from warm: the crossing of the
 * logistic fit of cold on ln gap (the ED50 of a dose-response fit) with
 * its profile-likelihood interval (chi-square, 1 df; Venzon & Moolgavkar
 * 1988).  method stays "isotonic" when the fit does not exist. */
static int
logistic_window(const struct pair *p, size_t n, bool step, double confidence,
                struct idle_result *out)
{
	double *x = malloc(n * sizeof *x), beta[2], mu = NAN, llmax = 0, crit;
	double span;
	bool *c = malloc(n * sizeof *c);

	out->method = NULL;
	if (x == NULL || c == NULL) {
		free(x);
		free(c);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		x[i] = log(p[i].gap);
		c[i] = p[i].cold;
	}
	if (step) {
		/* the likelihood's supremum is 1 (log 0), approached as the
		 * slope grows with the crossing anywhere in the bracket */
		mu = log(out->keep_warm_s);
		beta[1] = 10.0 / (x[n - 1] - x[0]);
		out->method = "step";
	} else if (lr_fit(x, c, n, beta) && beta[1] > 0 &&
	           -beta[0] / beta[1] >= x[0] && -beta[0] / beta[1] <= x[n - 1]) {
		mu = -beta[0] / beta[1];
		llmax = lr_loglik(x, c, n, mu, beta[1]);
		out->method = "logistic";
		out->keep_warm_s = exp(mu);
	}
	if (out->method != NULL) {
		crit = gsl_cdf_chisq_Pinv(confidence, 1.0);
		span = x[n - 1] - x[0] + log(10.0);
		out->keep_warm_lo_s = exp(lr_bound(x, c, n, mu, beta[1], llmax,
		                                   crit, x[0] - span, -1));
		out->keep_warm_hi_s = exp(lr_bound(x, c, n, mu, beta[1], llmax,
		                                   crit, x[n - 1] + span, 1));
		if (isnan(out->keep_warm_lo_s) || isnan(out->keep_warm_hi_s))
			out->keep_warm_lo_s = out->keep_warm_hi_s = NAN;
	}
	free(x);
	free(c);
	return 0;
}

int
idle_analyze(double *gap, bool *cold, size_t n, bool bimodal,
             double confidence, struct rng *r, struct idle_result *out)
{
	struct pair *p = NULL;
	double *g = NULL, *gc = NULL, *ga = NULL, *bc = NULL, *ba = NULL;
	double *est = NULL, lo, hi, e0, plo = NAN, phi = NAN;
	size_t *grp = NULL, ng = 0, B, nd = 0;
	bool step = true;
	int rc = ERR_NOMEM;

	memset(out, 0, sizeof *out);
	out->keep_warm_s = out->keep_warm_lo_s = out->keep_warm_hi_s = NAN;
	out->bracket_lo_s = out->bracket_hi_s = out->p_value = NAN;
	if (n == 0)
		return 0;
	out->have = true;
	out->n = n;
	for (size_t b = 0; b < IDLE_NBINS; b++) {
		out->bin[b].lo_s = edges[b];
		out->bin[b].hi_s = edges[b + 1];
	}
	out->nbins = IDLE_NBINS;
	for (size_t i = 0; i < n; i++) {
		size_t b = 0;
		while (b + 1 < IDLE_NBINS && gap[i] >= edges[b + 1])
			b++;
		out->bin[b].n++;
		out->bin[b].cold += cold[i];
		out->ncold += cold[i];
	}
	if (!bimodal) {
		snprintf(out->why, sizeof out->why, "no cold starts identified");
		return 0;
	}
	if (out->ncold == 0 || out->ncold == n) {
		snprintf(out->why, sizeof out->why, "every request with an idle gap "
		         "is %s", out->ncold ? "cold" : "warm");
		return 0;
	}
	/* the cold gaps to the front of gap[], the warm ones after them
	 * (in place: no copy of a large cell's gaps at the peak), each part
	 * sorted (linear: a radix sort) */
	{
		size_t front = 0, back = n;
		while (front < back) {
			if (cold[front]) {
				front++;
				continue;
			}
			back--;
			double tg = gap[front];
			bool tc = cold[front];
			gap[front] = gap[back];
			cold[front] = cold[back];
			gap[back] = tg;
			cold[back] = tc;
		}
	}
	stats_sort(gap, out->ncold);
	stats_sort(gap + out->ncold, n - out->ncold);
	if (association(gap, out->ncold, gap + out->ncold, n - out->ncold,
	                &out->p_value) != 0)
		goto out;
	/* merged: the pairs in gap order, ties warm first */
	if ((p = malloc(n * sizeof *p)) == NULL)
		goto out;
	for (size_t k = 0, i = 0, j = out->ncold; k < n; k++) {
		bool take_cold = j == n || (i < out->ncold && gap[i] < gap[j]);
		p[k].gap = take_cold ? gap[i++] : gap[j++];
		p[k].cold = take_cold;
	}
	if (!(out->p_value < IDLE_ALPHA)) {
		snprintf(out->why, sizeof out->why, "cold starts do not follow "
		         "longer idle gaps (one-sided Mann-Whitney p = %.2g)",
		         out->p_value);
		rc = 0;
		goto out;
	}
	/* groups of equal gaps */
	g = malloc(n * sizeof *g);
	gc = malloc(n * sizeof *gc);
	ga = malloc(n * sizeof *ga);
	grp = malloc(n * sizeof *grp);
	if (g == NULL || gc == NULL || ga == NULL || grp == NULL)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (ng == 0 || p[i].gap != g[ng - 1]) {
			g[ng] = p[i].gap;
			gc[ng] = ga[ng] = 0;
			ng++;
		}
		grp[i] = ng - 1;
		gc[ng - 1] += p[i].cold;
		ga[ng - 1] += 1;
	}
	for (size_t i = 1; i < n; i++)
		if (p[i - 1].cold && !p[i].cold)
			step = false;               /* a warm request after a cold gap */
	for (size_t k = 0; k < ng; k++)
		if (gc[k] > 0 && gc[k] < ga[k])
			step = false;               /* cold and warm at one gap */
	if (!idle_crossing(g, gc, ga, ng, &e0, &lo, &hi)) {
		snprintf(out->why, sizeof out->why, "the cold share never crosses "
		         "one half inside the observed gaps");
		rc = 0;
		goto out;
	}
	out->identified = true;
	out->keep_warm_s = e0;
	out->bracket_lo_s = lo;
	out->bracket_hi_s = hi;
	rc = logistic_window(p, n, step, confidence, out);
	if (rc != 0 || (out->method != NULL && !step))
		goto out;
	rc = ERR_NOMEM;
	plo = out->keep_warm_lo_s;
	phi = out->keep_warm_hi_s;
	B = IDLE_RESAMPLES;
	if ((double)n * (double)B > IDLE_WORK) {
		B = (size_t)(IDLE_WORK / (double)n);
		if (B < IDLE_MIN_RESAMPLES)
			B = IDLE_MIN_RESAMPLES;
	}
	bc = malloc(ng * sizeof *bc);
	ba = malloc(ng * sizeof *ba);
	est = malloc(B * sizeof *est);
	if (bc == NULL || ba == NULL || est == NULL)
		goto out;
	for (size_t b = 0; b < B; b++) {
		double e, l, h;
		memset(bc, 0, ng * sizeof *bc);
		memset(ba, 0, ng * sizeof *ba);
		for (size_t i = 0; i < n; i++) {
			size_t j = (size_t)rng_below(r, n);
			bc[grp[j]] += p[j].cold;
			ba[grp[j]] += 1;
		}
		if (idle_crossing(g, bc, ba, ng, &e, &l, &h))
			est[nd++] = e;
	}
	out->method = step ? "step" : "isotonic";
	out->resamples = B;
	out->keep_warm_lo_s = out->keep_warm_hi_s = NAN;
	out->resamples_undefined = B - nd;
	if (2 * nd > B) {
		double a = (1 - confidence) / 2;
		qsort(est, nd, sizeof *est, cmp_double);
		out->keep_warm_lo_s = stats_quantile(est, nd, a);
		out->keep_warm_hi_s = stats_quantile(est, nd, 1 - a);
		/* the data cannot place the crossing inside the bracket (in the
		 * step case the window lies anywhere in it): never claim less.
		 * The percentile interval of an isotonic crossing is a little
		 * short of its level on its own (cube-root asymptotics; measured
		 * by make validate) */
		if (lo < out->keep_warm_lo_s)
			out->keep_warm_lo_s = lo;
		if (hi > out->keep_warm_hi_s)
			out->keep_warm_hi_s = hi;
		/* in the step case also the profile-likelihood interval and the
		 * brackets of the leave-one-out samples (the bootstrap of a
		 * separated sample rarely moves the bracket; a window that
		 * varies between idle periods does) */
		if (plo < out->keep_warm_lo_s)
			out->keep_warm_lo_s = plo;
		if (phi > out->keep_warm_hi_s)
			out->keep_warm_hi_s = phi;
		if (step) {
			size_t k = 0;
			while (k < ng && gc[k] == 0)
				k++;                    /* k: the first cold group */
			if (k >= 2 && g[k - 2] < out->keep_warm_lo_s)
				out->keep_warm_lo_s = g[k - 2];
			if (k + 1 < ng && g[k + 1] > out->keep_warm_hi_s)
				out->keep_warm_hi_s = g[k + 1];
		}
	}
	rc = 0;
out:
	free(p);
	free(g);
	free(gc);
	free(ga);
	free(grp);
	free(bc);
	free(ba);
	free(est);
	return rc;
}
