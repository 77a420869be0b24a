#include "compare.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ==== matching ==== */

static char *
label_of(const struct trace *t, const struct cell *c)
{
	char buf[1024];
	size_t n = analyze_cell_label(t, c, buf, sizeof buf);
	char *s = malloc(n + 1);

	if (s != NULL) {
		memcpy(s, buf, n);
		s[n] = '\0';
	}
	return s;
}

/* ==== the bootstrap of a difference ==== */

/*
 * One bootstrap replicate of the type-7 p-quantile of x, drawn exactly:
 * the k-th order statistic of n uniforms is Beta(k, n - k + 1), and the
 * (k+1)-th lies a Beta(1, n - k) fraction of the rest above it; each maps
 * to the sample through its quantile function x[ceil(nU) - 1].
 */
static double
resampled_quantile(const double *x, size_t n, double p, gsl_rng *g)
{
	double h = (double)(n - 1) * p, j = floor(h), frac = h - j;
	size_t k = (size_t)j + 1, i;
	double u = gsl_ran_beta(g, (double)k, (double)(n - k + 1)), v, lo;

	i = (size_t)ceil((double)n * u);
	lo = x[(i == 0 ? 1 : i > n ? n : i) - 1];
	if (frac == 0.0 || k >= n)
		return lo;
	v = u + (1.0 - u) * (1.0 - pow(gsl_rng_uniform_pos(g),
	                                1.0 / (double)(n - k)));
	i = (size_t)ceil((double)n * v);
	return stats_lerp(lo, x[(i == 0 ? 1 : i > n ? n : i) - 1], frac);
}

static int
delta_intervals(struct cmp_cell *cc, const char *label,
                const struct analyze_opts *o)
{
	const struct cell *a = cc->base, *b = cc->nw;
	size_t B = o->bootstrap;
	double *rep = malloc(3 * B * sizeof *rep), *cva, *cvb;
	double lo = (1.0 - o->confidence) / 2.0, hi = (1.0 + o->confidence) / 2.0;
	gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
	struct rng r;
	int rc = 0;

	if (rep == NULL || g == NULL) {
		free(rep);
		if (g != NULL)
			gsl_rng_free(g);
		return ERR_NOMEM;
	}
	cva = rep + B;
	cvb = rep + 2 * B;
	/* one stream per cell, keyed by its label, not its position */
	rng_seed(&r, o->seed, label, strlen(label));
	gsl_rng_set(g, (unsigned long)rng_next(&r));
	for (int s = 0; s < 2; s++) {
		double pq = s ? 0.95 : 0.50;
		size_t m = 0;
		for (size_t i = 0; i < B; i++) {
			double qa = resampled_quantile(a->x, a->d.n, pq, g);
			double qb = resampled_quantile(b->x, b->d.n, pq, g);
			double d = 100.0 * (qb - qa) / qa;
			if (isfinite(d))
				rep[m++] = d;
		}
		if (m >= 2) {
			(s ? cc->ci_p95 : cc->ci_median)[0] = boot_percentile(rep, m, lo);
			(s ? cc->ci_p95 : cc->ci_median)[1] = stats_quantile(rep, m, hi);
		}
	}
	if (boot_cv_replicates(a->x, a->d.n, B, &r, cva) != 0 ||
	    boot_cv_replicates(b->x, b->d.n, B, &r, cvb) != 0) {
		rc = ERR_NOMEM;
	} else {
		size_t m = 0;
		for (size_t i = 0; i < B; i++)
			if (isfinite(cvb[i] - cva[i]))
				rep[m++] = cvb[i] - cva[i];
		if (m >= 2 && (double)(B - m) <= 0.01 * (double)B) {
			cc->ci_cv[0] = boot_percentile(rep, m, lo);
			cc->ci_cv[1] = stats_quantile(rep, m, hi);
		}
	}
	gsl_rng_free(g);
	free(rep);
	return rc;
}

double
compare_quantile_test(const struct cell *a, const struct cell *b, double p,
                      size_t B, uint64_t seed, const char *label)
{
	gsl_rng *g;
	struct rng r;
	size_t below = 0, above = 0;

	if (a->d.n < 2 || b->d.n < 2 || B < 2)
		return NAN;
	if ((g = gsl_rng_alloc(gsl_rng_mt19937)) == NULL)
		return NAN;
	rng_seed(&r, seed, label, strlen(label));
	gsl_rng_set(g, (unsigned long)rng_next(&r));
	for (size_t i = 0; i < B; i++) {
		double d = resampled_quantile(b->x, b->d.n, p, g) -
		           resampled_quantile(a->x, a->d.n, p, g);
		/* a difference of exactly 0 counts against both sides */
		below += d <= 0;
		above += d >= 0;
	}
	gsl_rng_free(g);
	/* two-sided: twice the smaller tail, counted as Davison & Hinkley
	 * (1997, eq. 4.11) do so that it is never 0: (k + 1) / (B + 1) */
	return fmin(1.0, (2.0 * (double)(below < above ? below : above) + 1.0) /
	                 ((double)B + 1.0));
}

/* Harrell-Davis weights of the p-quantile for n values: w[i] = I(i/n) -
 * I((i-1)/n), I the regularized incomplete beta with a = p (n + 1),
 * b = (1 - p)(n + 1) (Harrell & Davis 1982). */
static void
hd_weights(size_t n, double p, double *w)
{
	double a = p * ((double)n + 1), b = (1 - p) * ((double)n + 1), prev = 0;

	for (size_t i = 1; i <= n; i++) {
		double cur = i == n ? 1.0 : gsl_cdf_beta_P((double)i / (double)n, a, b);
		w[i - 1] = cur - prev;
		prev = cur;
	}
}

/* The Harrell-Davis quantile of one resample of sorted x: n indices drawn
 * into counts, then the weights walked along x with its multiplicities
 * (the resample's order statistics) — O(n), no sort. */
static double
hd_resample(const double *x, size_t n, const double *w, unsigned *cnt,
            struct rng *r)
{
	double q = 0;
	size_t k = 0;

	memset(cnt, 0, n * sizeof *cnt);
	for (size_t i = 0; i < n; i++)
		cnt[rng_below(r, n)]++;
	for (size_t i = 0; i < n; i++)
		for (unsigned c = 0; c < cnt[i]; c++)
			q += w[k++] * x[i];
	return q;
}

double
compare_hd_test(const struct cell *a, const struct cell *b, double p,
                size_t B, uint64_t seed, const char *label)
{
	size_t na = a->d.n, nb = b->d.n, below = 0, above = 0;
	double *wa, *wb;
	unsigned *cnt;
	struct rng r;

	if (na < 2 || nb < 2 || B < 2)
		return NAN;
	wa = malloc((na + nb) * sizeof *wa);
	cnt = malloc((na > nb ? na : nb) * sizeof *cnt);
	if (wa == NULL || cnt == NULL) {
		free(wa);
		free(cnt);
		return NAN;
	}
	wb = wa + na;
	hd_weights(na, p, wa);
	hd_weights(nb, p, wb);
	rng_seed(&r, seed, label, strlen(label));
	for (size_t i = 0; i < B; i++) {
		double d = hd_resample(b->x, nb, wb, cnt, &r) -
		           hd_resample(a->x, na, wa, cnt, &r);
		below += d <= 0;
		above += d >= 0;
	}
	free(wa);
	free(cnt);
	return fmin(1.0, (2.0 * (double)(below < above ? below : above) + 1.0) /
	                 ((double)B + 1.0));
}

double
compare_cv_test(const struct cell *a, const struct cell *b, size_t B,
                uint64_t seed, const char *label)
{
	double *ra, *rb;
	struct rng r;
	size_t below = 0, above = 0, m = 0;

	if (a->d.n < 2 || b->d.n < 2 || B < 2)
		return NAN;
	ra = malloc(2 * B * sizeof *ra);
	if (ra == NULL)
		return NAN;
	rb = ra + B;
	rng_seed(&r, seed, label, strlen(label));
	if (boot_cv_replicates(a->x, a->d.n, B, &r, ra) != 0 ||
	    boot_cv_replicates(b->x, b->d.n, B, &r, rb) != 0) {
		free(ra);
		return NAN;
	}
	for (size_t i = 0; i < B; i++) {
		double d = rb[i] - ra[i];
		if (isnan(d))
			continue;
		below += d <= 0;
		above += d >= 0;
		m++;
	}
	free(ra);
	if (m < 2)
		return NAN;
	return fmin(1.0, (2.0 * (double)(below < above ? below : above) + 1.0) /
	                 ((double)m + 1.0));
}

/* ==== per cell ==== */

unsigned
compare_cold_count(const struct cell *c)
{
	unsigned k = 0;

	for (size_t i = 0; i < c->d.n; i++)
		k += mix_is_cold(&c->mix, c->x[i]);
	return k;
}

double
compare_spread_test(const struct cell *a, const struct cell *b, double *f)
{
	size_t n1 = a->d.n, n2 = b->d.n;
	double *la = malloc((2 * (n1 + n2) + 1) * sizeof *la), p;

	*f = NAN;
	if (la == NULL)
		return NAN;
	for (size_t i = 0; i < n1; i++)
		la[i] = log(a->x[i]);
	for (size_t i = 0; i < n2; i++)
		la[n1 + i] = log(b->x[i]);
	p = brown_forsythe(la, n1, la + n1, n2, la + n1 + n2, f);
	free(la);
	return p;
}

const char *
compare_test_name(int test)
{
	static const char *const names[CMP_TESTS] = {"location", "tail",
	                                            "cold_share", "consistency"};
	return test >= 0 && test < CMP_TESTS ? names[test] : NULL;
}

/* mean absolute deviation of ln x from its median: the spread that
 * Brown-Forsythe compares */
static double
log_spread(const struct cell *c)
{
	double med = log(c->d.median), s = 0;

	for (size_t i = 0; i < c->d.n; i++)
		s += fabs(log(c->x[i]) - med);
	return s / (double)c->d.n;
}

int
compare_pair(struct cmp_cell *cc, const char *label,
             const struct analyze_opts *o)
{
	const struct cell *a = cc->base, *b = cc->nw;
	size_t n1 = a->d.n, n2 = b->d.n;

	cc->d_median_pct = 100.0 * (b->d.median - a->d.median) / a->d.median;
	cc->d_p95_pct = 100.0 * (b->d.p95 - a->d.p95) / a->d.p95;
	cc->d_cv_pts = b->d.cv_pct - a->d.cv_pct;
	if (mwu_test(a->x, n1, b->x, n2, &cc->mw) != 0)
		return ERR_NOMEM;
	cc->p = cc->mw.p;
	cc->cold[0] = compare_cold_count(a);
	cc->cold[1] = compare_cold_count(b);
	cc->warm[0] = (unsigned)n1 - cc->cold[0];
	cc->warm[1] = (unsigned)n2 - cc->cold[1];
	cc->p_cold = fisher_exact(cc->cold[0], cc->warm[0], cc->cold[1],
	                          cc->warm[1]);
	cc->p_spread = compare_spread_test(a, b, &cc->f_spread);
	cc->spread_up = log_spread(b) > log_spread(a);
	if (o->bootstrap >= 2 && n1 >= BOOT_MIN_N && n2 >= BOOT_MIN_N) {
		char key[1100];
		/* its own stream: the intervals stay those of the same seed */
		snprintf(key, sizeof key, "%s\x1ftail", label);
		cc->p_tail = compare_quantile_test(a, b, 0.95, o->bootstrap, o->seed,
		                                   key);
		return delta_intervals(cc, label, o);
	}
	return 0;
}

/* Holm within one family: p[i] = get(c[i]) -> set */
static int
holm_family(struct cmp_cell *c, size_t n, int which, double *p, double *adj)
{
	for (size_t i = 0; i < n; i++)
		p[i] = which == 0 ? c[i].p : which == 1 ? c[i].p_cold
		     : which == 2 ? c[i].p_spread : c[i].p_tail;
	if (holm_adjust(p, adj, n) != 0)
		return ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		if (which == 0)
			c[i].p_adj = adj[i];
		else if (which == 1)
			c[i].p_cold_adj = adj[i];
		else if (which == 2)
			c[i].p_spread_adj = adj[i];
		else
			c[i].p_tail_adj = adj[i];
	}
	return 0;
}

int
compare_verdicts(struct cmp_cell *c, size_t n, double alpha)
{
	double *p = malloc((CMP_TESTS * n + 1) * sizeof *p);
	double *adj = malloc((CMP_TESTS * n + 1) * sizeof *adj);
	int rc = ERR_NOMEM;

	if (p == NULL || adj == NULL)
		goto out;
	for (int f = 0; f < 4; f++)
		if (holm_family(c, n, f, p, adj) != 0)
			goto out;
	for (size_t i = 0; i < n; i++) {
		c[i].significant = c[i].p_adj < alpha;
		p[CMP_TESTS * i + CMP_LOCATION] = c[i].p;
		p[CMP_TESTS * i + CMP_TAIL] = c[i].p_tail;
		p[CMP_TESTS * i + CMP_COLD] = c[i].p_cold;
		p[CMP_TESTS * i + CMP_SPREAD] = c[i].p_spread;
	}
	/* one family for the verdict: every test of every cell (NaN p-values,
	 * untested, are left out by holm_adjust) */
	if (holm_adjust(p, adj, CMP_TESTS * n) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct cmp_cell *cc = &c[i];
		bool worse[CMP_TESTS];
		worse[CMP_LOCATION] = cc->d_median_pct > 0;
		worse[CMP_TAIL] = cc->d_p95_pct > 0;
		worse[CMP_COLD] = cc->base && cc->nw &&
		    (double)cc->cold[1] * (cc->cold[0] + cc->warm[0]) >
		    (double)cc->cold[0] * (cc->cold[1] + cc->warm[1]);
		worse[CMP_SPREAD] = cc->spread_up;
		cc->changed_by = 0;
		cc->regression = false;
		for (int t = 0; t < CMP_TESTS; t++) {
			cc->p_verdict[t] = adj[CMP_TESTS * i + (size_t)t];
			if (cc->p_verdict[t] < alpha) {
				cc->changed_by |= 1u << t;
				cc->regression = cc->regression || worse[t];
			}
		}
		cc->changed = cc->changed_by != 0;
	}
	rc = 0;
out:
	free(p);
	free(adj);
	return rc;
}

void
comparison_free(struct comparison *cmp)
{
	if (cmp == NULL)
		return;
	free(cmp->c);
	free(cmp);
}

void
compare_unset(struct cmp_cell *cc)
{
	cc->d_median_pct = cc->d_p95_pct = cc->d_cv_pts = NAN;
	cc->ci_median[0] = cc->ci_median[1] = NAN;
	cc->ci_p95[0] = cc->ci_p95[1] = NAN;
	cc->ci_cv[0] = cc->ci_cv[1] = NAN;
	cc->p = cc->p_adj = cc->p_cold = cc->p_cold_adj = NAN;
	cc->p_spread = cc->p_spread_adj = cc->f_spread = NAN;
	cc->mw.p = cc->mw.u = cc->mw.z = NAN;
	cc->p_tail = cc->p_tail_adj = NAN;
	for (int t = 0; t < CMP_TESTS; t++)
		cc->p_verdict[t] = NAN;
}

int
compare_cells(const struct trace *tb, const struct cells *base,
              const struct trace *tn, const struct cells *nw,
              const struct analyze_opts *o, double alpha,
              struct comparison **out, struct err *e)
{
	struct comparison *cmp = calloc(1, sizeof *cmp);
	char **ln = calloc(nw->n + 1, sizeof *ln);
	bool *used = calloc(nw->n + 1, sizeof *used);
	int rc = 0;

	*out = NULL;
	if (cmp == NULL || ln == NULL || used == NULL ||
	    (cmp->c = calloc(base->n + nw->n + 1, sizeof *cmp->c)) == NULL) {
		rc = err_nomem(e);
		goto done;
	}
	cmp->alpha = alpha;
	for (size_t j = 0; j < nw->n; j++)
		if ((ln[j] = label_of(tn, &nw->c[j])) == NULL) {
			rc = err_nomem(e);
			goto done;
		}
	for (size_t i = 0; i < base->n && rc == 0; i++) {
		struct cmp_cell *cc = &cmp->c[cmp->n++];
		char *lb = label_of(tb, &base->c[i]);
		if (lb == NULL) {
			rc = err_nomem(e);
			break;
		}
		compare_unset(cc);
		cc->base = &base->c[i];
		cc->tb = tb;
		cc->tn = tn;
		for (size_t j = 0; j < nw->n; j++)
			if (!used[j] && strcmp(lb, ln[j]) == 0) {
				used[j] = true;
				cc->nw = &nw->c[j];
			}
		if (cc->nw != NULL && cc->base->d.n >= 2 && cc->nw->d.n >= 2 &&
		    compare_pair(cc, lb, o) != 0)
			rc = err_nomem(e);
		free(lb);
	}
	for (size_t j = 0; j < nw->n && rc == 0; j++)
		if (!used[j]) {
			struct cmp_cell *cc = &cmp->c[cmp->n++];
			compare_unset(cc);
			cc->nw = &nw->c[j];
			cc->tb = tb;
			cc->tn = tn;
		}
	if (rc == 0 && compare_verdicts(cmp->c, cmp->n, alpha) != 0)
		rc = err_nomem(e);
done:
	if (ln != NULL)
		for (size_t j = 0; j < nw->n; j++)
			free(ln[j]);
	free(ln);
	free(used);
	if (rc != 0)
		comparison_free(cmp);
	else
		*out = cmp;
	return rc;
}
