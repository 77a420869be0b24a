#include "mixture.h"

#include <math.h>
#include <string.h>

#include "unimodal.h"
#include "vmath.h"

#define LOG_SQRT_2PI 0.91893853320467274178

static double
log_phi(double y, const struct mix_comp *c)
{
	double z = (y - c->mu) / c->sigma;

	return -0.5 * z * z - log(c->sigma) - LOG_SQRT_2PI;
}

/* log(exp(a) + exp(b)) without overflow */
static double
log_add(double a, double b)
{
	return a > b ? a + log1p(exp(b - a)) : b + log1p(exp(a - b));
}

/* ==== one EM run ==== */

void
mix_init(struct mix_state *s, const double *y, const double *wt, size_t n,
         const struct mix_comp start[2])
{
	s->y = y;
	s->wt = wt;
	s->n = n;
	s->total = 0.0;
	for (size_t i = 0; i < n; i++)
		s->total += wt ? wt[i] : 1.0;
	memcpy(s->c, start, sizeof s->c);
	s->loglik = -INFINITY;
	s->prev = -INFINITY;
	s->iter = 0;
}

/* Where the exact log-likelihood (loglik2_raw) stops to take the log of
 * its product of 1 + e terms: each is in (1, 2], so 512 of them stay
 * below 2^512, far from overflow. */
#define LOG_BLOCK 512

/* Values (a histogram's bins, or one a request) whose E-step terms are
 * computed together as vector code, then summed into lanes. */
#define EBLOCK VM_BLOCK

/* The E-step's sums, E_LANES partial sums each (value i of a block into
 * lane i mod E_LANES: vector code, the lanes the vector's): w the
 * responsibilities times the weights, t their products with d_k = y -
 * mu_k, u with d_k^2, l the log-likelihood; g, for one value a request,
 * the product of 1 + e^-|a-b| whose log is taken a LOG_BLOCK at a time. */
#define E_LANES 4

struct e_sums {
	double l[E_LANES], g[E_LANES], w[2][E_LANES], t[2][E_LANES],
	       u[2][E_LANES];
};

/* One block of values into the sums; wt the weights, 0 in the last
 * block's pad; unit: one value a request (weights 1 or 0), whose
 * log-likelihood adds the logs of 1 + e by their products.  Always
 * inline: each of the two callers below is its own vector code, with unit
 * a constant. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void
e_block(const double *restrict y, const double *restrict wt,
        const double kc[2], const double hc[2], const double mc[2],
        bool unit, struct e_sums *restrict a)
{
	double ab[2][EBLOCK], e[EBLOCK];

	/* whole blocks always (vm_block pads the last): loops of fixed
	 * length are what the compiler makes vector code of */
	for (size_t i = 0; i < EBLOCK; i++) {
		double d0 = y[i] - mc[0], d1 = y[i] - mc[1];
		ab[0][i] = kc[0] - hc[0] * d0 * d0;
		ab[1][i] = kc[1] - hc[1] * d1 * d1;
		e[i] = -fabs(ab[0][i] - ab[1][i]);
	}
	/* below e^-708 nothing adds to a sum of ones (vm_exp's range) */
	for (size_t i = 0; i < EBLOCK; i++)
		e[i] = e[i] > -708.0 ? e[i] : -708.0;
	for (size_t i = 0; i < EBLOCK; i++)
		e[i] = vm_exp(e[i]);
	for (size_t j = 0; j < EBLOCK; j += E_LANES)
		for (size_t k = 0; k < E_LANES; k++) {
			size_t i = j + k;
			double x = e[i], w = wt[i], q = 1.0 / (1.0 + x);
			double d0 = y[i] - mc[0], d1 = y[i] - mc[1];
			double av = ab[0][i], bv = ab[1][i];
			/* r1 = 1 / (1 + e^{a-b}) */
			double r1 = w * vm_pick(bv > av, q, x * q), r0 = w - r1;
			double top = av > bv ? av : bv;
			if (unit) {
				a->l[k] += w * top;
				a->g[k] *= 1.0 + w * x;
			} else {
				a->l[k] += w * (top + vm_log1p_unit(x));
			}
			a->w[0][k] += r0;
			a->w[1][k] += r1;
			a->t[0][k] += r0 * d0;
			a->t[1][k] += r1 * d1;
			a->u[0][k] += r0 * d0 * d0;
			a->u[1][k] += r1 * d1 * d1;
		}
}

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static void
e_block_unit(const double *restrict y, const double *restrict wt,
             const double kc[2], const double hc[2], const double mc[2],
             struct e_sums *restrict a)
{
	e_block(y, wt, kc, hc, mc, true, a);
}

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static void
e_block_binned(const double *restrict y, const double *restrict wt,
               const double kc[2], const double hc[2], const double mc[2],
               struct e_sums *restrict a)
{
	e_block(y, wt, kc, hc, mc, false, a);
}

_Static_assert(E_LANES == 4, "lanes() adds four");

static double
lanes(const double *v)
{
	return (v[0] + v[1]) + (v[2] + v[3]);
}

/* Each factor of g is in (1, 2]: a lane's product of LOG_BLOCK of them
 * stays below 2^512; its log goes into the lane's sum. */
static void
e_logs(struct e_sums *a)
{
	for (size_t k = 0; k < E_LANES; k++) {
		a->l[k] += log(a->g[k]);
		a->g[k] = 1.0;
	}
}

/* The E-step's sums over the values (a histogram's bins, weighted by
 * their counts, or one value a request), a block at a time. */
static double
e_step(const struct mix_state *s, const double kc[2], const double hc[2],
       const double mc[2], double sw[2], double sy[2], double syy[2])
{
	struct e_sums a;
	double yb[EBLOCK], wb[EBLOCK], ones[EBLOCK];
	size_t per_log = LOG_BLOCK / (EBLOCK / E_LANES);

	memset(&a, 0, sizeof a);
	for (size_t k = 0; k < E_LANES; k++)
		a.g[k] = 1.0;
	for (size_t j = 0; j < EBLOCK; j++)
		ones[j] = 1.0;
	for (size_t i = 0, blk = 0; i < s->n; i += EBLOCK, blk++) {
		size_t m = s->n - i < EBLOCK ? s->n - i : EBLOCK;
		const double *y = vm_block(s->y, s->n, i, yb), *w = ones;
		if (s->wt != NULL || m < EBLOCK) {
			/* the weights, and none in the pad */
			for (size_t j = 0; j < EBLOCK; j++)
				wb[j] = j >= m ? 0.0 : s->wt ? s->wt[i + j] : 1.0;
			w = wb;
		}
		if (s->wt != NULL) {
			e_block_binned(y, w, kc, hc, mc, &a);
			continue;
		}
		if (blk > 0 && blk % per_log == 0)
			e_logs(&a);
		e_block_unit(y, w, kc, hc, mc, &a);
	}
	e_logs(&a);
	for (int c = 0; c < 2; c++) {
		sw[c] = lanes(a.w[c]);
		sy[c] = lanes(a.t[c]);
		syy[c] = lanes(a.u[c]);
	}
	return lanes(a.l);
}

bool
mix_iterate(struct mix_state *s)
{
	double sw[2], sy[2], syy[2], ll, kc[2], hc[2], mc[2];

	/* log(w phi(y)) = k - h (y - mu)^2, constants hoisted out of the loop */
	for (int c = 0; c < 2; c++) {
		kc[c] = log(s->c[c].w) - log(s->c[c].sigma) - LOG_SQRT_2PI;
		hc[c] = 0.5 / (s->c[c].sigma * s->c[c].sigma);
		mc[c] = s->c[c].mu;
	}

	/* E-step, with the M-step's sums gathered in the same pass.  Each
	 * component's sums are of y - mu_c (its current mean): small numbers
	 * whose variance sum r d^2 - (sum r d)^2 / sum r does not cancel.  The
	 * log-likelihood adds max(a, b) + log(1 + e^-|a-b|) per value. */
	ll = e_step(s, kc, hc, mc, sw, sy, syy);
	s->prev = s->loglik;
	s->loglik = ll;
	s->iter++;
	for (int k = 0; k < 2; k++) {
		double dm, var;
		if (sw[k] < MIX_MIN_COMPONENT_N)
			return false;           /* collapsed: this start failed */
		dm = sy[k] / sw[k];
		var = syy[k] / sw[k] - dm * dm;
		s->c[k].w = sw[k] / s->total;
		s->c[k].mu = mc[k] + dm;
		s->c[k].sigma = var > 0 ? sqrt(var) : 0.0;
		if (s->c[k].sigma < MIX_SD_FLOOR)
			s->c[k].sigma = MIX_SD_FLOOR;
	}
	return true;
}

bool
mix_converged(const struct mix_state *s, double rel_tol)
{
	return isfinite(s->prev) &&
	       fabs(s->loglik - s->prev) <= rel_tol * fabs(s->loglik);
}

/* ==== starts ==== */

/* Weighted moments of y[lo..hi); total = the weight of all of y. */
static void
moments(const double *y, const double *wt, size_t lo, size_t hi,
        double total, struct mix_comp *c)
{
	long double s = 0, ss = 0, k = 0, m;

	for (size_t i = lo; i < hi; i++) {
		double w = wt ? wt[i] : 1.0;
		s += w * y[i];
		k += w;
	}
	m = s / k;
	for (size_t i = lo; i < hi; i++)
		ss += (wt ? wt[i] : 1.0) * (y[i] - m) * (y[i] - m);
	c->w = (double)(k / total);
	c->mu = (double)m;
	c->sigma = sqrt((double)(ss / k));
	if (c->sigma < MIX_SD_FLOOR)
		c->sigma = MIX_SD_FLOOR;
}

/* The split of sorted y into two runs with the least within-run sum of
 * squares: the exact 1-D 2-means, in O(n) with prefix sums. */
static size_t
best_split(const double *y, const double *wt, size_t n)
{
	long double tot = 0, tot2 = 0, totw = 0, s = 0, s2 = 0, sw = 0;
	long double best = INFINITY;
	size_t at = n / 2;

	for (size_t i = 0; i < n; i++) {
		double w = wt ? wt[i] : 1.0;
		tot += w * y[i];
		tot2 += (long double)w * y[i] * y[i];
		totw += w;
	}
	for (size_t k = 1; k < n; k++) {
		long double ssl, ssr, w = wt ? wt[k - 1] : 1.0;
		s += w * y[k - 1];
		s2 += w * (long double)y[k - 1] * y[k - 1];
		sw += w;
		ssl = s2 - s * s / sw;
		ssr = (tot2 - s2) - (tot - s) * (tot - s) / (totw - sw);
		if (ssl + ssr < best) {
			best = ssl + ssr;
			at = k;
		}
	}
	return at;
}

/* Iterate s until it converges or has done max iterations in all;
 * false when it collapsed. */
static bool
advance(struct mix_state *s, size_t max)
{
	while (s->iter < max) {
		if (!mix_iterate(s))
			return false;
		if (mix_converged(s, MIX_REL_TOL))
			break;
	}
	return true;
}

/* A short run of EM from start; kept in *best when its likelihood is the
 * highest so far. */
static void
run(const double *y, const double *wt, size_t n,
    const struct mix_comp start[2], struct mix_state *best, bool *have)
{
	struct mix_state s;

	mix_init(&s, y, wt, n, start);
	if (!advance(&s, MIX_SHORT_ITER))
		return;
	if (!*have || s.loglik > best->loglik) {
		*best = s;
		*have = true;
	}
}

/* ==== the fit ==== */

/* Where the posteriors are equal, between the two means: bisection on
 * the log-ratio of the weighted densities. */
static double
threshold(const struct mix_comp *w, const struct mix_comp *c)
{
	double lo = w->mu, hi = c->mu;
	double flo = log(c->w) + log_phi(lo, c) - log(w->w) - log_phi(lo, w);
	double fhi = log(c->w) + log_phi(hi, c) - log(w->w) - log_phi(hi, w);

	if (!(flo < 0 && fhi > 0))
		return NAN;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * fabs(hi); i++) {
		double mid = 0.5 * (lo + hi);
		double f = log(c->w) + log_phi(mid, c) - log(w->w) - log_phi(mid, w);
		if (f < 0)
			lo = mid;
		else
			hi = mid;
	}
	return exp(0.5 * (lo + hi));
}

/* Histogram of sorted y into at most MIX_BINS equal bins; empty bins
 * are dropped.  Returns the number of bins used. */
static size_t
bin(const double *y, size_t n, double *by, double *bw)
{
	double lo = y[0], width = (y[n - 1] - y[0]) / MIX_BINS;
	size_t nb = 0, i = 0;

	for (size_t b = 0; b < MIX_BINS && i < n; b++) {
		double top = b + 1 == MIX_BINS ? INFINITY : lo + width * (double)(b + 1);
		size_t start = i;
		while (i < n && y[i] < top)
			i++;
		if (i > start) {
			by[nb] = lo + width * ((double)b + 0.5);
			bw[nb++] = (double)(i - start);
		}
	}
	return nb;
}

/* The exact log-likelihood of the two components over every y (the
 * binned fit's is of its histogram): the E-step's sum, one exp a value
 * and one log per LOG_BLOCK. */
static double
loglik2_raw(const double *y, size_t n, const struct mix_comp c[2])
{
	double kc[2], hc[2], ll = 0.0, prod = 1.0;
	double z[VM_BLOCK], mx[VM_BLOCK];

	for (int k = 0; k < 2; k++) {
		kc[k] = log(c[k].w) - log(c[k].sigma) - LOG_SQRT_2PI;
		hc[k] = 0.5 / (c[k].sigma * c[k].sigma);
	}
	for (size_t i = 0; i < n; i += VM_BLOCK) {
		size_t m = n - i < VM_BLOCK ? n - i : VM_BLOCK;
		for (size_t j = 0; j < VM_BLOCK; j++) {
			double d0 = y[i + (j < m ? j : 0)] - c[0].mu;
			double d1 = y[i + (j < m ? j : 0)] - c[1].mu;
			double a = kc[0] - hc[0] * d0 * d0, b = kc[1] - hc[1] * d1 * d1;
			mx[j] = a > b ? a : b;
			z[j] = -fabs(a - b);
		}
		vm_exp_block(z);
		for (size_t j = 0; j < m; j++) {
			ll += mx[j];
			prod *= 1.0 + z[j];
			if ((i + j + 1) % LOG_BLOCK == 0) {
				ll += log(prod);
				prod = 1.0;
			}
		}
	}
	return ll + log(prod);
}

/*
 * Where the cold component's weighted log density exceeds the warm one's,
 * in TTFT: D(y) = A y^2 + B y + C > 0 with y = ln x, a quadratic, so the
 * cold requests are those inside or outside two roots, and mix_is_cold()
 * compares x with their exponentials (no log per request).
 */
static void
cold_rule(struct mix_result *m)
{
	const struct mix_comp *w = &m->warm, *c = &m->cold;
	double hw = 0.5 / (w->sigma * w->sigma), hc = 0.5 / (c->sigma * c->sigma);
	double A = hw - hc, B = 2.0 * (hc * c->mu - hw * w->mu);
	double C = (log(c->w) - log(c->sigma)) - (log(w->w) - log(w->sigma)) -
	           hc * c->mu * c->mu + hw * w->mu * w->mu;
	double disc = B * B - 4.0 * A * C;

	m->cold_rule = true;
	m->cold_inside = true;
	m->cold_lo = m->cold_hi = 0.0;          /* nowhere */
	if (A == 0.0) {
		if (B > 0) {                    /* above one point */
			m->cold_inside = false;
			m->cold_hi = exp(-C / B);
		} else if (B < 0) {             /* below it */
			m->cold_hi = exp(-C / B);
		} else if (C > 0) {
			m->cold_hi = INFINITY;  /* everywhere */
		}
	} else if (!(disc > 0)) {
		if (A > 0)
			m->cold_hi = INFINITY;
	} else {
		/* the root formula that does not cancel */
		double q = -0.5 * (B + copysign(sqrt(disc), B));
		double r1 = q / A, r2 = q != 0.0 ? C / q : -r1;
		if (r1 > r2) {
			double s = r1;
			r1 = r2;
			r2 = s;
		}
		m->cold_lo = exp(r1);
		m->cold_hi = exp(r2);
		m->cold_inside = A < 0;
	}
}

void
mix_fit(const double *x, size_t n, double *y, struct mix_result *m)
{
	/* splits at these ranks: the cold cluster may be any share, and a
	 * fit must not hinge on luck (no random start: the same sample gives
	 * the same fit, whatever the seed or the cell's name) */
	static const double splits[] = {0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9,
	                                0.95, 0.97, 0.4, 0.3, 0.2, 0.1};
	static const double pairs[][3] = {     /* lower q, upper q, weight */
		{0.25, 0.75, 0.5}, {0.5, 0.95, 0.1}, {0.5, 0.99, 0.03},
		{0.05, 0.5, 0.8}, {0.1, 0.9, 0.3}};
	struct mix_state best;
	struct mix_comp start[2];
	bool have = false;
	double dn = (double)n, bic1, bic2;
	const double *ey = y, *ew = NULL;     /* what EM runs on */
	size_t en = n;

	memset(m, 0, sizeof *m);
	m->warm_median_s = m->cold_median_s = m->cold_penalty_s = NAN;
	m->threshold_s = m->delta_bic = m->ashman_d = NAN;
	m->loglik1 = m->loglik2 = m->loglik_skewed = NAN;
	m->skewed_delta_bic = m->ratio = NAN;
	if (n < MIX_MIN_N || x[0] == x[n - 1])
		return;
	m->fitted = true;
	/* ascending, as x; a large cell's by vector code */
	for (size_t i = 0; n > MIX_BIN_N && i < n; i += VM_BLOCK) {
		double pad[VM_BLOCK], out[VM_BLOCK];
		vm_log_block(vm_block(x, n, i, pad), out);
		memcpy(y + i, out, (n - i < VM_BLOCK ? n - i : VM_BLOCK) * sizeof *y);
	}
	for (size_t i = 0; n <= MIX_BIN_N && i < n; i++)
		y[i] = log(x[i]);
	moments(y, NULL, 0, n, dn, &m->one);
	m->loglik1 = 0.0;
	for (size_t i = 0; i < n; i++)
		m->loglik1 += log_phi(y[i], &m->one);
	if (n > MIX_BIN_N) {
		double *by = y + n, *bw = y + n + MIX_BINS;
		en = bin(y, n, by, bw);
		ey = by;
		ew = bw;
		m->binned = true;
	}

	{
		size_t k = best_split(ey, ew, en);
		moments(ey, ew, 0, k, dn, &start[0]);
		moments(ey, ew, k, en, dn, &start[1]);
		run(ey, ew, en, start, &best, &have);
	}
	for (size_t s = 0; s < sizeof splits / sizeof splits[0]; s++) {
		/* the split at the request of rank splits[s] * n */
		size_t k = 0;
		double need = splits[s] * dn, acc = 0;
		while (k < en) {
			double w = ew ? ew[k] : 1.0;
			if (acc + w > need)
				break;
			acc += w;
			k++;
		}
		if (acc < 2 || dn - acc < 2 || k == 0 || k >= en)
			continue;
		moments(ey, ew, 0, k, dn, &start[0]);
		moments(ey, ew, k, en, dn, &start[1]);
		run(ey, ew, en, start, &best, &have);
	}
	/* and starts that do not split the sample at all: two means at pairs
	 * of sample quantiles, each with the whole sample's spread */
	for (size_t s = 0; s < sizeof pairs / sizeof pairs[0]; s++) {
		start[0].w = 1.0 - pairs[s][2];
		start[1].w = pairs[s][2];
		start[0].mu = y[(size_t)(pairs[s][0] * (dn - 1))];
		start[1].mu = y[(size_t)(pairs[s][1] * (dn - 1))];
		start[0].sigma = start[1].sigma = m->one.sigma / 2;
		if (start[1].mu > start[0].mu)
			run(ey, ew, en, start, &best, &have);
	}
	m->warm_median_s = exp(m->one.mu);
	/* polish the best start to convergence */
	if (have && !mix_converged(&best, MIX_REL_TOL) && !advance(&best,
	                                                          MIX_MAX_ITER))
		have = false;
	if (!have) {
		m->collapsed = true;            /* every start collapsed */
		return;
	}
	m->converged = mix_converged(&best, MIX_REL_TOL) || best.iter < MIX_MAX_ITER;
	m->iterations = best.iter;
	m->loglik2 = m->binned ? loglik2_raw(y, n, best.c) : best.loglik;
	{
		int cold = best.c[1].mu > best.c[0].mu;
		m->warm = best.c[!cold];
		m->cold = best.c[cold];
	}
	/* parameters: one component mu, sigma; two: w, mu1, s1, mu2, s2 */
	bic1 = -2.0 * m->loglik1 + 2.0 * log(dn);
	bic2 = -2.0 * m->loglik2 + 5.0 * log(dn);
	m->delta_bic = bic1 - bic2;
	m->ashman_d = sqrt(2.0) * fabs(m->cold.mu - m->warm.mu) /
	              sqrt(m->warm.sigma * m->warm.sigma +
	                   m->cold.sigma * m->cold.sigma);
	{
		/* the skewed alternatives, on what EM ran on (the histogram
		 * above MIX_BIN_N: the grouping moves a log-likelihood by far
		 * less than the BIC penalty) */
		struct uni_fit g, w;
		uni_gamma(ey, ew, en, &g);
		uni_weibull(ey, ew, en, &w);
		if (m->binned) {
			g.loglik = uni_loglik(&g, y, n);
			w.loglik = uni_loglik(&w, y, n);
		}
		m->loglik_skewed = g.loglik > w.loglik ? g.loglik : w.loglik;
		m->skewed_delta_bic = -2.0 * m->loglik_skewed + 2.0 * log(dn) - bic2;
	}
	m->ratio = exp(m->cold.mu - m->warm.mu);
	m->bimodal = m->delta_bic > 0 && m->skewed_delta_bic > 0 &&
	             (m->ashman_d > MIX_ASHMAN_D_MIN ||
	              m->ratio >= MIX_MAJORITY_RATIO) &&
	             (m->cold.w <= 0.5 || m->ratio >= MIX_MAJORITY_RATIO);
	if (!m->bimodal)
		return;
	m->cold_share = m->cold.w;
	m->warm_median_s = exp(m->warm.mu);
	m->cold_median_s = exp(m->cold.mu);
	m->cold_penalty_s = m->cold_median_s - m->warm_median_s;
	m->threshold_s = threshold(&m->warm, &m->cold);
	cold_rule(m);
}

bool
mix_is_cold(const struct mix_result *m, double x)
{
	double y;

	/* p_cold > 1/2 exactly when the cold component's weighted log density
	 * is the larger: no exp or log1p per request (idle gaps run this on
	 * every request of a cell), and with the fit's region not even a log;
	 * a result not made by mix_fit() has no region */
	if (!m->bimodal || !(x > 0))
		return false;
	if (m->cold_rule)
		return m->cold_inside ? m->cold_lo < x && x < m->cold_hi
		                      : x < m->cold_lo || x > m->cold_hi;
	y = log(x);
	return log(m->cold.w) + log_phi(y, &m->cold) >
	       log(m->warm.w) + log_phi(y, &m->warm);
}

double
mix_p_cold(const struct mix_result *m, double x)
{
	double y, a, b;

	if (!m->bimodal || !(x > 0))
		return 0.0;
	y = log(x);
	a = log(m->warm.w) + log_phi(y, &m->warm);
	b = log(m->cold.w) + log_phi(y, &m->cold);
	return exp(b - log_add(a, b));
}

double
mix_needed_n(double p)
{
	if (!(p > 0.0))
		return 0.0;
	if (p >= 1.0)
		return 1.0;
	return ceil(log(0.05) / log1p(-p));
}
