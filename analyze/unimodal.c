#include "unimodal.h"

#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <math.h>
#include <stdbool.h>

#include "vmath.h"

/*
 * Both families are closed under scaling x, so their maximum likelihood
 * on the y scale does not change when y is shifted: the fits work on
 * u = y - mean(y), where exp(u) neither overflows nor underflows for any
 * TTFT a clock can give, and scale is restored at the end.
 */

static double
wmean_y(const double *y, const double *wt, size_t n, double *total)
{
	long double s = 0, k = 0;

	for (size_t i = 0; i < n; i++) {
		double w = wt ? wt[i] : 1.0;
		s += w * y[i];
		k += w;
	}
	*total = (double)k;
	return (double)(s / k);
}

void
uni_gamma(const double *y, const double *wt, size_t n, struct uni_fit *f)
{
	double total, ybar = wmean_y(y, wt, n, &total), m = 0, s, k;

	f->family = UNI_GAMMA;
	f->ok = false;
	f->loglik = -INFINITY;
	f->shape = f->scale = NAN;
	for (size_t i = 0; i < n; i++)
		m += (wt ? wt[i] : 1.0) * exp(y[i] - ybar);
	m /= total;
	/* s = ln(mean x) - mean(ln x) > 0 by Jensen; the MLE of k solves
	 * ln k - psi(k) = s (Minka 2002: start, then Newton) */
	s = log(m);
	if (!(s > 1e-12) || !isfinite(s))
		return;
	k = (3.0 - s + sqrt((s - 3.0) * (s - 3.0) + 24.0 * s)) / (12.0 * s);
	for (int it = 0; it < 50; it++) {
		double g = log(k) - gsl_sf_psi(k) - s;
		double dg = 1.0 / k - gsl_sf_psi_1(k);
		double nk = k - g / dg;
		if (!(nk > 0))
			nk = k / 2;
		if (fabs(nk - k) <= 1e-12 * k) {
			k = nk;
			break;
		}
		k = nk;
	}
	if (!isfinite(k) || !(k > 0))
		return;
	/* with theta = m / k: sum ln f(x) + sum ln x = N (k ln(k/m) - k - lnG(k))
	 * on u, whose mean is 0 */
	f->ok = true;
	f->shape = k;
	f->scale = m / k * exp(ybar);
	f->loglik = total * (k * log(k / m) - k - gsl_sf_lngamma(k));
}

/* mean of exp(k u) and of u exp(k u), both scaled by exp(-k max u) */
static void
wsums(const double *y, const double *wt, size_t n, double ybar, double umax,
      double k, double *s0, double *s1)
{
	long double a = 0, b = 0;

	for (size_t i = 0; i < n; i++) {
		double w = wt ? wt[i] : 1.0, u = y[i] - ybar;
		double e = exp(k * (u - umax));
		a += w * e;
		b += w * e * u;
	}
	*s0 = (double)a;
	*s1 = (double)b;
}

void
uni_weibull(const double *y, const double *wt, size_t n, struct uni_fit *f)
{
	double total, ybar = wmean_y(y, wt, n, &total), umax = -INFINITY;
	double lo = 1e-3, hi = 1e3, k = 1.0, s0, s1, lm;

	f->family = UNI_WEIBULL;
	f->ok = false;
	f->loglik = -INFINITY;
	f->shape = f->scale = NAN;
	for (size_t i = 0; i < n; i++)
		if (y[i] - ybar > umax)
			umax = y[i] - ybar;
	if (!(umax > 0))
		return;                         /* all equal */
	/* the MLE of k is the root of g(k) = sum u e^{ku} / sum e^{ku} - 1/k
	 * (mean u = 0), increasing in k: Newton kept inside a bracket */
	for (int it = 0; it < 200; it++) {
		double g, dg, s2 = 0, nk;
		long double acc = 0;
		wsums(y, wt, n, ybar, umax, k, &s0, &s1);
		for (size_t i = 0; i < n; i++) {
			double u = y[i] - ybar;
			acc += (wt ? wt[i] : 1.0) * exp(k * (u - umax)) * u * u;
		}
		s2 = (double)acc;
		g = s1 / s0 - 1.0 / k;
		if (g > 0)
			hi = k;
		else
			lo = k;
		dg = s2 / s0 - (s1 / s0) * (s1 / s0) + 1.0 / (k * k);
		nk = k - g / dg;
		if (!(nk > lo && nk < hi))
			nk = 0.5 * (lo + hi);
		if (fabs(nk - k) <= 1e-12 * k || hi - lo <= 1e-12 * k) {
			k = nk;
			break;
		}
		k = nk;
	}
	wsums(y, wt, n, ybar, umax, k, &s0, &s1);
	/* ln mean e^{ku} = ln s0 + k umax - ln N; the y-scale log-likelihood is
	 * N (ln k - ln mean e^{ku} - 1) */
	lm = log(s0 / total) + k * umax;
	if (!isfinite(lm) || !(k > 1e-3 && k < 1e3))
		return;
	f->ok = true;
	f->shape = k;
	f->scale = exp(ybar + lm / k);
	f->loglik = total * (log(k) - lm - 1.0);
}

double
uni_loglik(const struct uni_fit *f, const double *y, size_t n)
{
	double k = f->shape, ls = log(f->scale), c;
	double lin[VM_BLOCK], z[VM_BLOCK];
	long double ll = 0;
	bool gamma = f->family == UNI_GAMMA;

	if (!f->ok)
		return -INFINITY;
	/* gamma: ln f(y) = k (y - ln theta) - e^{y - ln theta} - lnG(k);
	 * Weibull: ln f(y) = ln k + k (y - ln lambda) - e^{k (y - ln lambda)};
	 * the exponentials a block at a time, as vector code */
	c = gamma ? -gsl_sf_lngamma(k) : log(k);
	for (size_t i = 0; i < n; i += VM_BLOCK) {
		size_t m = n - i < VM_BLOCK ? n - i : VM_BLOCK;
		for (size_t j = 0; j < VM_BLOCK; j++) {
			double d = y[i + (j < m ? j : 0)] - ls;
			lin[j] = k * d;
			z[j] = gamma ? d : k * d;
		}
		vm_exp_block(z);
		for (size_t j = 0; j < m; j++)
			ll += gamma ? lin[j] - z[j] + c : c + lin[j] - z[j];
	}
	return (double)ll;
}
