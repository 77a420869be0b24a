#include "analyze.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"

size_t
analyze_cell_label(const struct trace *t, const struct cell *c, char *buf,
                   size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < t->nkeys && o < size; k++) {
		const char *v = trace_str(t, t->cells[c->id].key[k]);
		if (v == NULL)
			continue;
		o += (size_t)snprintf(buf + o, size - o, "%s=%s\x1f", t->keyname[k],
		                      v);
	}
	return o < size ? o : size - 1;
}

static void
stream(const struct trace *t, const struct cell *c, uint64_t seed,
       const char *purpose, struct rng *r)
{
	char label[1024];
	size_t n = analyze_cell_label(t, c, label, sizeof label - 16);

	n += (size_t)snprintf(label + n, sizeof label - n, "%s", purpose);
	rng_seed(r, seed, label, n);
}

/* Idle gaps of the cell's latency samples, in time order. */
static void
idle_gaps(const struct cell *c, const struct cell_series *s, double *gap,
          bool *cold, size_t *ng)
{
	size_t n = 0;

	for (size_t i = 1; i < c->requests; i++) {
		double g = s->start[i] - s->start[i - 1];
		if (s->ttft[i] != s->ttft[i] || cell_series_warmup(c, s, i))
			continue;
		/* concurrent requests have no idle gap to speak of */
		if (!(g > 0))
			continue;
		gap[n] = g;
		cold[n] = mix_is_cold(&c->mix, s->ttft[i]);
		n++;
	}
	*ng = n;
}

/* The cell's TTFTs in time order (the rows past the warm-up that
 * succeeded); returns how many. */
static size_t
time_series(const struct cell *c, const struct cell_series *s, double *x)
{
	size_t n = 0;

	for (size_t i = c->first_sample; i < c->requests; i++)
		if (s->ttft[i] == s->ttft[i])
			x[n++] = s->ttft[i];
	return n;
}

/* The series of the cell: buf holds 2 requests doubles. */
static void
gather(const struct trace *t, const struct cell *c, double *buf,
       struct cell_series *s)
{
	double *st = buf, *tt = buf + c->requests;

	for (size_t i = 0; i < c->requests; i++)
		tt[i] = t->ttft[c->rows[i]];
	for (size_t i = 0; c->timed && i < c->requests; i++)
		st[i] = t->start[c->rows[i]];
	s->start = c->timed ? st : NULL;
	s->ttft = tt;
}

/* One cell, its series s at hand; mem, the series' storage, is freed
 * here as soon as it is no longer needed (before the idle-gap analysis,
 * the largest workspace: a large cell's peak is not both). */
static int
analyze_series(const struct trace *t, struct cell *c,
               const struct cell_series *sp, double *mem,
               const struct analyze_opts *o)
{
	struct rng r;
	struct cell_series s = *sp;
	size_t n = c->d.n, ng = 0, m = c->requests;
	size_t nwork = n ? MIX_WORK(n) : 1;
	/* one workspace for the time series, the fit, the gaps and the
	 * audit in turn */
	double *work = malloc((nwork > m ? nwork : m + 1) * sizeof *work);
	bool *cold = NULL;
	int rc = ERR_NOMEM;

	if (work == NULL)
		goto out;
	if (c->timed && time_series(c, &s, work) == n)
		ac_measure(work, n, &c->ac);
	if (o->bootstrap > 0) {
		stream(t, c, o->seed, "bootstrap", &r);
		if (boot_cell(c->x, n, o->bootstrap, o->confidence, o->method, &r,
		              &c->ci) != 0)
			goto out;
		if (c->ci.have && c->ac.have) {
			/* serial dependence widens every interval (serial.h) */
			if (ac_widen(work, c->x, n, &c->ac, &c->ci) != 0)
				goto out;
			for (int k = 0; k < CI_NSTATS; k++)
				if (c->ci.omitted[k])
					c->ci.lo[k] = c->ci.hi[k] = NAN;
		}
		if (c->ci.have && stats_heavy_tail(&c->d)) {
			/* a handful of requests carry the mean and CV: their
			 * intervals would not hold their level (make validate) */
			c->ci.heavy_tail = true;
			for (int k = CI_MEAN; k <= CI_CV; k++) {
				c->ci.omitted[k] = true;
				c->ci.lo[k] = c->ci.hi[k] = NAN;
				c->ci.fell_back[k] = false;
			}
		}
		if (c->ci.have && n < BOOT_P99_MIN_N) {
			c->ci.omitted[CI_P99] = true;
			c->ci.lo[CI_P99] = c->ci.hi[CI_P99] = NAN;
			c->ci.fell_back[CI_P99] = false;
		}
	}
	mix_fit(c->x, n, work, &c->mix);
	c->needed_n = mix_needed_n(c->mix.cold_share);
	if (capture_audit_cell(t, c, &s, work, &o->capture) != 0)
		goto out;
	if (c->timed && n > 1) {
		if ((cold = malloc(m * sizeof *cold)) == NULL)
			goto out;
		idle_gaps(c, &s, work, cold, &ng);
		free(mem);
		mem = NULL;
		stream(t, c, o->seed, "idle", &r);
		if (idle_analyze(work, cold, ng, c->mix.bimodal, o->confidence, &r,
		                 &c->idle) != 0)
			goto out;
	}
	rc = 0;
out:
	free(mem);
	free(cold);
	free(work);
	return rc;
}

static int
analyze_one(const struct trace *t, struct cell *c, const struct analyze_opts *o)
{
	struct cell_series s;
	double *series = malloc((2 * c->requests + 1) * sizeof *series);

	if (series == NULL)
		return ERR_NOMEM;
	gather(t, c, series, &s);
	return analyze_series(t, c, &s, series, o);
}

static void
warn_cell(struct cell *c, const struct analyze_opts *o)
{
	static const char *const stat[CI_NSTATS] = {"median", "p95", "p99",
	                                            "mean", "CV", "tail ratio"};
	char list[64] = "";

	if (o->bootstrap > 0 && !c->ci.have && c->d.n > 0)
		cell_warn(c, "fewer than %d requests: no confidence intervals "
		          "(capture at least %d)", BOOT_MIN_N, BOOT_MIN_N);
	for (int s = 0; s < CI_NSTATS; s++)
		if (c->ci.fell_back[s]) {
			size_t l = strlen(list);
			snprintf(list + l, sizeof list - l, "%s%s", l ? ", " : "",
			         stat[s]);
		}
	if (list[0])
		cell_warn(c, "BCa undefined for %s: percentile interval instead "
		          "(nothing to do: it is the usual interval there)", list);
	if (c->ci.have && c->ci.omitted[CI_P99])
		cell_warn(c, "no p99 interval below n = %d: the bootstrap cannot "
		          "reach that far into the tail (capture %d or more requests "
		          "per cell for one)", BOOT_P99_MIN_N, BOOT_P99_MIN_N);
	if (stats_heavy_tail(&c->d))
		cell_warn(c, "the mean and CV are carried by a handful of requests "
		          "(the largest 1 %%, at least 3, hold over half the squared "
		          "deviations; JSON top_share)%s; compare consistency by the "
		          "tail ratio p95/median", c->ci.heavy_tail
		          ? ": their intervals are not shown, they would not be "
		            "confidence intervals" : "");
	if (c->ci.have && !c->ci.heavy_tail &&
	    (c->ci.omitted[CI_CV] || c->ci.omitted[CI_MEAN]))
		cell_warn(c, "no mean/CV interval: the values span so many orders "
		          "of magnitude that resampled means cancel (check the TTFT "
		          "unit, --unit, and the largest values)");
	if (c->ac.significant)
		cell_warn(c, "requests are autocorrelated in time (lag-1 r = %.2f "
		          "of ln TTFT; effective n about %.0f of %zu)%s", c->ac.lag1,
		          c->ac.n_eff, c->d.n, c->ac.widened
		          ? ": its intervals are widened for it" : "");
	if (c->mix.collapsed)
		cell_warn(c, "no two-component fit: from every start one component "
		          "shrank to fewer than %.0f requests (lone outliers are not "
		          "a cold-start cluster)", MIX_MIN_COMPONENT_N);
	else if (c->mix.fitted && !c->mix.converged)
		cell_warn(c, "the mixture fit did not converge in %d iterations: "
		          "its cold-start figures are approximate (more requests "
		          "help)", MIX_MAX_ITER);
	if (c->needed_n > (double)c->d.n)
		cell_warn(c, "with %.1f %% cold starts, %.0f requests give a 95 %% "
		          "chance to see one; this cell has %zu (capture at least "
		          "%.0f)", 100.0 * c->mix.cold_share, c->needed_n, c->d.n,
		          c->needed_n);
}

struct analyze_job {
	const struct trace *t;
	struct cells *cs;
	const struct analyze_opts *o;
	struct capture_input *inputs;
};

/* input i's capture across its cells (the hook's job i) */
static int
input_job(void *ctx, size_t i)
{
	struct analyze_job *j = ctx;

	return capture_input(j->t, (uint16_t)i, &j->inputs[i]);
}

/* jobs 0..n-1: the cells; then one per input */
static int
analyze_job(void *ctx, size_t i)
{
	struct analyze_job *j = ctx;

	if (i < j->cs->n)
		return analyze_one(j->t, &j->cs->c[i], j->o);
	return input_job(ctx, i - j->cs->n);
}

/* the hook's: a cell as it is built */
static int
hook_cell(void *ctx, struct cell *c, const struct cell_series *s, double *mem)
{
	struct analyze_job *j = ctx;

	return analyze_series(j->t, c, s, mem, j->o);
}

/* The inputs' capture results, and their sizes (rows) for the pool. */
static int
inputs_new(const struct trace *t, struct capture_input **in, size_t **size)
{
	*in = calloc(t->nsources ? t->nsources : 1, sizeof **in);
	*size = malloc((t->nsources ? t->nsources : 1) * sizeof **size);
	if (*in == NULL || *size == NULL) {
		free(*in);
		free(*size);
		return ERR_NOMEM;
	}
	for (size_t i = 0; i < t->nsources; i++) {
		size_t hi = i + 1 < t->nsources ? t->sources[i + 1].first_row : t->n;
		(*size)[i] = hi - t->sources[i].first_row;
	}
	return 0;
}

/* What needs every cell analysed: the provider windows, the warnings. */
static int
finish(const struct trace *t, struct cells *cs, const struct analyze_opts *o,
       struct err *e)
{
	if (capture_audit_overlaps(t, cs) != 0)
		return err_nomem(e);
	for (size_t i = 0; i < cs->n; i++)
		warn_cell(&cs->c[i], o);
	return 0;
}

int
analyze_cells(const struct trace *t, struct cells *cs,
              const struct analyze_opts *o, struct err *e)
{
	struct analyze_job job = {t, cs, o, NULL};
	size_t nj = cs->n + t->nsources, *isize;
	size_t *size = malloc((nj ? nj : 1) * sizeof *size);
	int rc;

	if (size == NULL || inputs_new(t, &job.inputs, &isize) != 0) {
		free(size);
		return err_nomem(e);
	}
	free(cs->inputs);
	cs->inputs = job.inputs;
	cs->ninputs = t->nsources;
	for (size_t i = 0; i < cs->n; i++)
		size[i] = cs->c[i].requests;
	memcpy(size + cs->n, isize, t->nsources * sizeof *size);
	free(isize);
	rc = pool_run(nj, o->threads, size, analyze_job, &job);
	free(size);
	if (rc != 0)
		return err_nomem(e);
	return finish(t, cs, o, e);
}

int
analyze_build(const struct trace *t, size_t warmup,
              const struct analyze_opts *o, struct cells **out, struct err *e)
{
	struct analyze_job job = {t, NULL, o, NULL};
	struct cells_hook h;
	size_t *isize;
	int rc;

	*out = NULL;
	if (inputs_new(t, &job.inputs, &isize) != 0)
		return err_nomem(e);
	h.cell = hook_cell;
	h.job = input_job;
	h.njobs = t->nsources;
	h.job_size = isize;
	h.threads = o->threads;
	h.ctx = &job;
	rc = cells_build_with(t, warmup, &h, out, e);
	free(isize);
	if (rc != 0) {
		free(job.inputs);
		return rc;
	}
	(*out)->inputs = job.inputs;
	(*out)->ninputs = t->nsources;
	return finish(t, *out, o, e);
}
