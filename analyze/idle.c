#include "idle.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "stats.h"

/* Bin edges in seconds: the scales at which providers scale to zero. */
static const double edges[IDLE_NBINS + 1] = {
	0, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, INFINITY};

/* Logistic regression of cold on ln(gap) by Newton-Raphson (IRLS);
 * returns false when it does not converge (separation). */
static bool
logistic(const double *gap, const bool *cold, size_t n, double beta[2],
         double cov[3])
{
	beta[0] = beta[1] = 0.0;
	for (int it = 0; it < 100; it++) {
		double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0, det, d0, d1;
		for (size_t i = 0; i < n; i++) {
			double xv = log(gap[i]), eta = beta[0] + beta[1] * xv;
			double p = 1.0 / (1.0 + exp(-eta)), w = p * (1.0 - p);
			double res = (cold[i] ? 1.0 : 0.0) - p;
			g0 += res;
			g1 += res * xv;
			h00 += w;
			h01 += w * xv;
			h11 += w * xv * xv;
		}
		det = h00 * h11 - h01 * h01;
		if (!(det > 0))
			return false;
		d0 = (h11 * g0 - h01 * g1) / det;
		d1 = (h00 * g1 - h01 * g0) / det;
		beta[0] += d0;
		beta[1] += d1;
		/* inverse Fisher information: the estimates' covariance */
		cov[0] = h11 / det;
		cov[1] = -h01 / det;
		cov[2] = h00 / det;
		if (fabs(d0) + fabs(d1) < 1e-10)
			return fabs(beta[1]) < 1e3;
	}
	return false;
}

void
idle_analyze(const double *gap, const bool *cold, size_t n, bool bimodal,
             struct idle_result *out)
{
	size_t ncold = 0;
	double gmin = INFINITY, gmax = 0, beta[2], cov[3], se, z, lg, vlg;

	memset(out, 0, sizeof *out);
	out->keep_warm_s = out->keep_warm_lo_s = out->keep_warm_hi_s = NAN;
	if (n == 0)
		return;
	out->have = true;
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
		ncold += cold[i];
		if (gap[i] < gmin)
			gmin = gap[i];
		if (gap[i] > gmax)
			gmax = gap[i];
	}
	if (!bimodal) {
		snprintf(out->why, sizeof out->why, "no cold starts identified");
		return;
	}
	if (ncold < IDLE_MIN_EACH || n - ncold < IDLE_MIN_EACH) {
		snprintf(out->why, sizeof out->why,
		         "too few cold (%zu) or warm (%zu) requests", ncold,
		         n - ncold);
		return;
	}
	if (!logistic(gap, cold, n, beta, cov)) {
		snprintf(out->why, sizeof out->why,
		         "the idle gap separates cold and warm perfectly or not "
		         "at all: the fit does not converge");
		return;
	}
	se = sqrt(cov[2]);
	z = beta[1] / se;
	if (!(z > IDLE_MIN_Z)) {
		snprintf(out->why, sizeof out->why,
		         "cold starts do not grow with idle time (slope z = %.2f)",
		         z);
		return;
	}
	lg = -beta[0] / beta[1];                 /* ln gap at p = 1/2 */
	if (!(exp(lg) >= gmin && exp(lg) <= gmax)) {
		snprintf(out->why, sizeof out->why,
		         "the 50 %% crossing lies outside the observed gaps");
		return;
	}
	/* delta method: d lg / d b0 = -1/b1, d lg / d b1 = b0 / b1^2 */
	{
		double d0 = -1.0 / beta[1], d1 = beta[0] / (beta[1] * beta[1]);
		vlg = d0 * d0 * cov[0] + 2 * d0 * d1 * cov[1] + d1 * d1 * cov[2];
	}
	out->identified = true;
	out->keep_warm_s = exp(lg);
	out->keep_warm_lo_s = exp(lg - 1.959963984540054 * sqrt(vlg));
	out->keep_warm_hi_s = exp(lg + 1.959963984540054 * sqrt(vlg));
}
