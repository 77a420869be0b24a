/*
 * rank.c — see rank.h.
 */
#include "rank.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "compare.h"
#include "ranktest.h"
#include <gsl/gsl_cdf.h>
#include <stdint.h>

static const char *const names[] = {"p95", "median", "cv", "cold_share",
                                    "p99", "errors"};

int
rank_metric_parse(const char *s)
{
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *
rank_metric_name(enum rank_metric m)
{
	return names[m];
}

/* Wilson score interval of k successes in n (Wilson 1927) */
static void
wilson(double k, double n, double conf, double *lo, double *hi)
{
	double z = gsl_cdf_ugaussian_Pinv(0.5 + conf / 2), p = k / n;
	double c = p + z * z / (2 * n), h = z * sqrt(p * (1 - p) / n +
	                                             z * z / (4 * n * n));

	*lo = (c - h) / (1 + z * z / n);
	*hi = (c + h) / (1 + z * z / n);
}

static double
value_of(const struct cell *c, enum rank_metric k, double *lo, double *hi)
{
	int s = k == RANK_P95 ? CI_P95 : k == RANK_P99 ? CI_P99
	      : k == RANK_MEDIAN ? CI_MEDIAN : CI_CV;

	*lo = *hi = NAN;
	if (k == RANK_COLD)
		return c->mix.fitted ? c->mix.cold_share : NAN;
	if (k == RANK_ERRORS) {
		if (c->requests == 0)
			return NAN;
		wilson((double)c->errors, (double)c->requests, 0.95, lo, hi);
		return c->error_rate;
	}
	if (c->ci.have) {
		*lo = c->ci.lo[s];
		*hi = c->ci.hi[s];
	}
	return k == RANK_P95 ? c->d.p95 : k == RANK_P99 ? c->d.p99
	     : k == RANK_MEDIAN ? c->d.median : c->d.cv_pct;
}

static double
fisher_errors(const struct cell *a, const struct cell *b)
{
	return fisher_exact((unsigned)a->errors,
	                    (unsigned)(a->requests - a->errors),
	                    (unsigned)b->errors,
	                    (unsigned)(b->requests - b->errors));
}

/* The test between two cells of the metric itself: a location test for
 * the median (Mann-Whitney), but a p95 or p99 is a tail, which a location
 * test does not see (two providers with the same median and p95s of 0.3 s
 * and 11 s are "the same" to it): the bootstrap test of the two
 * quantiles; and the CV a difference of CVs, which a spread test of
 * ln TTFT answers only in part. */
static double
neighbour_p(const struct trace *t, const struct cell *a, const struct cell *b,
            enum rank_metric k, const struct rank_opts *o)
{
	char la[512], lb[512], label[1100];

	if (k == RANK_ERRORS)
		return a->requests && b->requests ? fisher_errors(a, b) : NAN;
	if (a->d.n < 2 || b->d.n < 2)
		return NAN;
	analyze_cell_label(t, a, la, sizeof la);
	analyze_cell_label(t, b, lb, sizeof lb);
	snprintf(label, sizeof label, "rank-%s\x1f%s\x1f%s", names[k], la, lb);
	if (k == RANK_P95 || k == RANK_P99)
		return compare_hd_test(a, b, k == RANK_P95 ? 0.95 : 0.99,
		                       o->bootstrap, o->seed, label);
	if (k == RANK_COLD) {
		unsigned ca = compare_cold_count(a), cb = compare_cold_count(b);
		return fisher_exact(ca, (unsigned)a->d.n - ca, cb,
		                    (unsigned)b->d.n - cb);
	}
	if (k == RANK_CV)
		return compare_cv_test(a, b, o->bootstrap, o->seed, label);
	{
		struct mwu m;
		return mwu_test(a->x, a->d.n, b->x, b->d.n, &m) == 0 ? m.p : NAN;
	}
}

/* Reliable before unreliable, then by value (undefined last), then in
 * the cells' own (natural) order, which the index keeps. */
struct sortable {
	struct rank_entry e;
	size_t order;
};

static int
cmp_entry(const void *x, const void *y)
{
	const struct sortable *a = x, *b = y;
	double va = a->e.value, vb = b->e.value;

	if (a->e.c->unreliable != b->e.c->unreliable)
		return a->e.c->unreliable ? 1 : -1;
	if (isnan(va) != isnan(vb))
		return isnan(va) ? 1 : -1;
	if (!isnan(va) && va != vb)
		return va < vb ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* The tests of every neighbour pair, on threads (each pair draws from its
 * own stream, keyed by the pair's labels: the same p-values on one thread
 * or many). */
struct pool {
	const struct trace *t;
	const struct rank_result *r;
	enum rank_metric m;
	const struct rank_opts *o;
	double *p;
	bool *first;
	atomic_size_t next;
};

static void *
worker(void *arg)
{
	struct pool *pl = arg;
	size_t i;

	while ((i = atomic_fetch_add(&pl->next, 1)) < pl->r->n)
		pl->p[i] = pl->first[i] ? NAN
		           : neighbour_p(pl->t, pl->r->e[i - 1].c, pl->r->e[i].c,
		                         pl->m, pl->o);
	return NULL;
}

static int
neighbour_tests(const struct trace *t, const struct rank_result *r,
                enum rank_metric m, const struct rank_opts *o, double *p)
{
	struct pool pl = {t, r, m, o, p, NULL, 0};
	pthread_t th[64];
	unsigned nth = o->threads, started = 0;

	if ((pl.first = calloc(r->n + 1, sizeof *pl.first)) == NULL)
		return ERR_NOMEM;
	for (size_t g = 0; g < r->ngroups; g++)
		pl.first[r->start[g]] = true;
	if (nth == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		nth = cpus > 0 ? (unsigned)cpus : 1;
	}
	nth = nth > 64 ? 64 : nth;
	atomic_init(&pl.next, 0);
	for (unsigned k = 1; k < nth && r->n > 64; k++)
		if (pthread_create(&th[started], NULL, worker, &pl) == 0)
			started++;
	worker(&pl);
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	free(pl.first);
	return 0;
}

void
rank_free(struct rank_result *r)
{
	if (r == NULL)
		return;
	free(r->e);
	free(r->start);
	free(r->fails_more);
	free(r->fails_more_p);
	free(r);
}

int
rank_cells(const struct trace *t, const struct cells *cs, enum rank_metric m,
           const struct rank_opts *o, struct rank_result **out,
           struct err *e)
{
	double alpha = o->alpha;
	struct rank_result *r = calloc(1, sizeof *r);
	struct sortable *s = calloc(cs->n + 1, sizeof *s);
	double *p = calloc(cs->n + 1, sizeof *p), *adj = calloc(cs->n + 1,
	                                                         sizeof *adj);
	int rc = 0;

	*out = NULL;
	if (r == NULL || s == NULL || p == NULL || adj == NULL ||
	    (r->e = calloc(cs->n + 1, sizeof *r->e)) == NULL ||
	    (r->start = calloc(cs->n + 2, sizeof *r->start)) == NULL ||
	    (r->fails_more = calloc(cs->n + 2, sizeof *r->fails_more)) == NULL ||
	    (r->fails_more_p = calloc(cs->n + 2,
	                              sizeof *r->fails_more_p)) == NULL) {
		rc = err_nomem(e);
		goto out;
	}
	r->metric = m;
	r->n = cs->n;
	/* cells are sorted by model first: each run of one model a group */
	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		s[i].e.c = c;
		s[i].e.value = value_of(c, m, &s[i].e.lo, &s[i].e.hi);
		s[i].order = i;
		if (i == 0 || t->cells[c->id].key[0] !=
		              t->cells[cs->c[i - 1].id].key[0])
			r->start[r->ngroups++] = i;
	}
	r->start[r->ngroups] = cs->n;
	for (size_t g = 0; g < r->ngroups; g++)
		qsort(s + r->start[g], r->start[g + 1] - r->start[g], sizeof *s,
		      cmp_entry);
	for (size_t i = 0; i < cs->n; i++)
		r->e[i] = s[i].e;
	if ((rc = neighbour_tests(t, r, m, o, p)) != 0) {
		err_nomem(e);
		goto out;
	}
	if (holm_adjust(p, adj, cs->n) != 0) {
		rc = err_nomem(e);
		goto out;
	}
	for (size_t g = 0; g < r->ngroups; g++)
		for (size_t i = r->start[g]; i < r->start[g + 1]; i++) {
			struct rank_entry *en = &r->e[i];
			bool first = i == r->start[g];
			/* a rank moves on only past a significant difference, and
			 * always past the line between reliable and unreliable */
			bool moves = first || adj[i] < alpha ||
			             en->c->unreliable != r->e[i - 1].c->unreliable;
			en->p = p[i];
			en->p_adj = adj[i];
			en->rank = first ? 1 : moves ? (unsigned)(i - r->start[g] + 1)
			                             : r->e[i - 1].rank;
			en->tied = !first && !moves;
		}
	/* the first of each model against every other for failures: a
	 * provider ranked first on latency that fails far more often is said */
	for (size_t g = 0; g < r->ngroups; g++) {
		const struct cell *top = r->e[r->start[g]].c;
		r->fails_more[g] = SIZE_MAX;
		r->fails_more_p[g] = NAN;
		if (m == RANK_ERRORS || top->errors == 0)
			continue;
		for (size_t i = r->start[g] + 1; i < r->start[g + 1]; i++) {
			const struct cell *c = r->e[i].c;
			double pe;
			if (c->requests == 0 || !(top->error_rate > c->error_rate))
				continue;
			pe = fisher_errors(top, c);
			if (pe < alpha && !(pe >= r->fails_more_p[g])) {
				r->fails_more[g] = i;
				r->fails_more_p[g] = pe;
			}
		}
	}
	*out = r;
	r = NULL;
out:
	rank_free(r);
	free(s);
	free(p);
	free(adj);
	return rc;
}
