#include "cells.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "natcmp.h"
#include "pool.h"

void
cell_warn(struct cell *c, const char *fmt, ...)
{
	va_list ap;
	char buf[CELL_WARNING_LEN];
	size_t n;

	if (c->nwarn == CELL_WARNINGS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	n = strlen(buf);
	if ((c->warn[c->nwarn] = malloc(n + 1)) == NULL)
		return;
	memcpy(c->warn[c->nwarn++], buf, n + 1);
}

void
cells_free(struct cells *cs)
{
	if (cs == NULL)
		return;
	for (size_t i = 0; cs->c != NULL && i < cs->n; i++) {
		free(cs->c[i].x);
		free(cs->c[i].rows);
		for (size_t w = 0; w < cs->c[i].nwarn; w++)
			free(cs->c[i].warn[w]);
	}
	free(cs->c);
	free(cs->inputs);
	free(cs);
}

/* Rows sorted by start time; the row index breaks ties so that equal
 * start times keep file order (qsort is not stable).  Each element
 * carries its key, so the comparison needs no state of its own. */
struct by_start {
	double start;
	uint32_t row;
};

static int
cmp_by_start(const void *a, const void *b)
{
	const struct by_start *x = a, *y = b;

	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->row > y->row) - (x->row < y->row);
}

/* Sort the rows of a cell that are not in time order (its first pass
 * found them so). */
static int
sort_by_start(const struct trace *t, uint32_t *idx, size_t m, struct err *e)
{
	struct by_start *tmp;

	if ((tmp = malloc(m * sizeof *tmp)) == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < m; i++) {
		tmp[i].start = t->start[idx[i]];
		tmp[i].row = idx[i];
	}
	qsort(tmp, m, sizeof *tmp, cmp_by_start);
	for (size_t i = 0; i < m; i++)
		idx[i] = tmp[i].row;
	free(tmp);
	return 0;
}

/* A cell's key strings and where the cell is, for sorting the cells. */
struct by_keys {
	const char *key[TRACE_MAX_KEYS];
	size_t nkeys, at;
};

static int
cmp_by_keys(const void *a, const void *b)
{
	const struct by_keys *x = a, *y = b;

	for (size_t k = 0; k < x->nkeys; k++) {
		const char *s = x->key[k], *u = y->key[k];
		int c;
		if (s == NULL || u == NULL) {
			if (s != u)
				return s == NULL ? -1 : 1;
			continue;
		}
		if ((c = nat_compare(s, u)) != 0)
			return c;
	}
	return 0;
}

static int
sort_cells(const struct trace *t, struct cells *cs, struct err *e)
{
	struct by_keys *order = malloc((cs->n ? cs->n : 1) * sizeof *order);

	if (order == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < cs->n; i++) {
		order[i].nkeys = t->nkeys;
		order[i].at = i;
		for (size_t k = 0; k < t->nkeys; k++)
			order[i].key[k] = trace_str(t, t->cells[cs->c[i].id].key[k]);
	}
	qsort(order, cs->n, sizeof *order, cmp_by_keys);
	/* into place by following each cycle of the permutation: no second
	 * array of cells (3 KB each) at the peak */
	for (size_t i = 0; i < cs->n; i++) {
		size_t j = i;
		struct cell keep;
		if (order[i].at == SIZE_MAX)
			continue;
		keep = cs->c[i];
		while (order[j].at != i) {
			size_t from = order[j].at;
			cs->c[j] = cs->c[from];
			order[j].at = SIZE_MAX;
			j = from;
		}
		cs->c[j] = keep;
		order[j].at = SIZE_MAX;
	}
	free(order);
	return 0;
}

/* Failures by status, the most frequent first, ties by status. */
static int
cmp_status(const void *a, const void *b)
{
	const struct cell_status *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->status > y->status) - (x->status < y->status);
}

/* The failures of each status, kept to a table of 64 (more: "other"). */
struct status_count {
	struct cell_status all[64];
	size_t nall, other;
};

static void
status_add(struct status_count *sc, uint16_t status)
{
	size_t k = 0;

	while (k < sc->nall && sc->all[k].status != status)
		k++;
	if (k == sc->nall) {
		if (sc->nall == sizeof sc->all / sizeof sc->all[0]) {
			sc->other++;
			return;
		}
		sc->all[sc->nall].status = status;
		sc->all[sc->nall++].n = 0;
	}
	sc->all[k].n++;
}

static void
status_keep(struct status_count *sc, struct cell *c)
{
	size_t other = sc->other;

	qsort(sc->all, sc->nall, sizeof *sc->all, cmp_status);
	c->nstatus = sc->nall < CELL_STATUS_KEPT ? sc->nall : CELL_STATUS_KEPT;
	memcpy(c->status, sc->all, c->nstatus * sizeof *sc->all);
	for (size_t k = c->nstatus; k < sc->nall; k++)
		other += sc->all[k].n;
	c->status_other = other;
}

/* The samples, errors, warm-up and statuses of the cell's requests in
 * rows[] order, one request at a time (tt: request i's TTFT). */
static inline void
fill_one(const struct trace *t, struct cell *c, size_t i, double tt,
         size_t warmup, size_t *successes, size_t *n,
         struct status_count *sc)
{
	if (tt != tt) {                 /* a failure: trace_ok() */
		c->errors++;
		status_add(sc, t->status[c->rows[i]]);
		return;
	}
	if ((*successes)++ < warmup) {
		c->warmup_discarded++;
		return;
	}
	if (*n == 0)
		c->first_sample = i;
	c->x[(*n)++] = tt;
}

#define FILL_AHEAD 32           /* rows */
#if defined(__GNUC__)
#define FILL_PREFETCH(p) __builtin_prefetch(p)
#else
#define FILL_PREFETCH(p) ((void)(p))
#endif

/* Fill one cell from its rows (c->rows, m of them, in table order);
 * series (NULL, or 2 m doubles): the cell's starts, then its TTFTs, in
 * time order, gathered on the way (struct cell_series). */
static int
fill_cell(const struct trace *t, struct cell *c, size_t m, size_t warmup,
          double *series, struct err *e)
{
	uint32_t *idx = c->rows;
	bool timed = true, sorted = true;
	size_t successes = 0, n = 0;
	struct status_count sc;
	double prev = -INFINITY;

	sc.nall = sc.other = 0;
	c->requests = m;
	c->first_sample = m;
	/* room for every request, given back below: failures cost no room
	 * at the peak beyond this one cell's fill */
	if ((c->x = malloc((m ? m : 1) * sizeof *c->x)) == NULL)
		return err_nomem(e);
	/* One walk over the rows, scattered through the table, does it all
	 * where they are in time order: the usual case.  The rows ahead are
	 * fetched while these are used: a large cell's next row is in another
	 * cache line, and waiting for each was most of the walk's time (1e7
	 * rows in 20 cells: 0.36-0.40 s of CPU without, 0.23-0.30 with). */
	for (size_t i = 0; i < m; i++) {
		double st = t->start[idx[i]], tt = t->ttft[idx[i]];
		if (i + FILL_AHEAD < m) {
			FILL_PREFETCH(&t->start[idx[i + FILL_AHEAD]]);
			FILL_PREFETCH(&t->ttft[idx[i + FILL_AHEAD]]);
		}
		if (isnan(st))
			timed = false;
		else if (st < prev)
			sorted = false;
		else
			prev = st;
		if (series != NULL) {
			series[i] = st;
			series[m + i] = tt;
		}
		fill_one(t, c, i, tt, warmup, &successes, &n, &sc);
	}
	if (timed && !sorted) {
		if (sort_by_start(t, idx, m, e) != 0)
			return e->code;
		c->errors = c->warmup_discarded = 0;
		c->first_sample = m;
		successes = n = 0;
		sc.nall = sc.other = 0;
		for (size_t i = 0; i < m; i++) {
			double tt = t->ttft[idx[i]];
			if (series != NULL) {
				series[i] = t->start[idx[i]];
				series[m + i] = tt;
			}
			fill_one(t, c, i, tt, warmup, &successes, &n, &sc);
		}
	}
	c->timed = timed;
	if (n < m) {
		double *small = realloc(c->x, (n ? n : 1) * sizeof *c->x);
		if (small != NULL)
			c->x = small;
	}
	c->error_rate = m > 0 ? (double)c->errors / (double)m : NAN;
	c->unreliable = m > 0 && c->error_rate > CELL_MAX_ERROR_RATE;
	status_keep(&sc, c);
	stats_sort(c->x, n);
	stats_describe(c->x, n, &c->d);
	if (n == 0 && c->rejected > 0)
		cell_warn(c, "no latency sample: %llu successful request%s %s "
		          "rejected (see the input's rejections)",
		          (unsigned long long)c->rejected, c->rejected == 1 ? "" : "s",
		          c->rejected == 1 ? "was" : "were");
	else if (n == 0)
		cell_warn(c, "no successful requests%s",
		          c->warmup_discarded ? " after warm-up" : "");
	else if (n < 2)
		cell_warn(c, "n = 1: sd and CV need at least 2 requests");
	if (n > 0 && n < CELL_MIN_TRUSTED_N)
		cell_warn(c, "fewer than %d requests: p95 and p99 rest on few "
		          "requests and are not trustworthy (capture %d or more per "
		          "cell, as the published method does)", CELL_MIN_TRUSTED_N,
		          CELL_MIN_TRUSTED_N);
	if (c->unreliable) {
		char top[48] = "";
		if (c->nstatus > 0 && c->status[0].status != 0)
			snprintf(top, sizeof top, ", %zu of them HTTP %u",
			         c->status[0].n, c->status[0].status);
		cell_warn(c, "unreliable: %.1f %% of requests failed (%zu of %zu%s), "
		          "above %.0f %%; its latency describes only the requests "
		          "that succeeded: find why the others failed before "
		          "relying on it", 100.0 * c->error_rate, c->errors, m, top,
		          100.0 * CELL_MAX_ERROR_RATE);
	}
	if (!timed && m > 0 && warmup > 0)
		cell_warn(c, "some requests have no start time: warm-up taken "
		          "in file order");
	return 0;
}

#define FILL_THREADED_N 131072

struct fill_job {
	const struct trace *t;
	struct cells *cs;
	const size_t *count;
	size_t warmup;
	const struct cells_hook *h;
};

/* jobs 0..cs->n-1: the cells (each then given to the hook); then the
 * hook's own */
static int
fill_job(void *ctx, size_t k)
{
	struct fill_job *j = ctx;
	struct cell *c;
	struct cell_series s;
	double *series;
	struct err e;
	size_t m;
	int rc;

	if (k >= j->cs->n)
		return j->h->job(j->h->ctx, k - j->cs->n);
	c = &j->cs->c[k];
	m = j->count[k];
	if (j->h == NULL)
		return fill_cell(j->t, c, m, j->warmup, NULL, &e);
	if ((series = malloc((2 * m + 1) * sizeof *series)) == NULL)
		return ERR_NOMEM;
	rc = fill_cell(j->t, c, m, j->warmup, series, &e);
	s.start = c->timed ? series : NULL;
	s.ttft = series + m;
	if (rc != 0) {
		free(series);
		return rc;
	}
	return j->h->cell(j->h->ctx, c, &s, series);
}

int
cells_build(const struct trace *t, size_t warmup, struct cells **out,
            struct err *e)
{
	return cells_build_with(t, warmup, NULL, out, e);
}

int
cells_build_with(const struct trace *t, size_t warmup,
                 const struct cells_hook *h, struct cells **out,
                 struct err *e)
{
	struct cells *cs = calloc(1, sizeof *cs);
	size_t *count = NULL, *fill = NULL, njobs = h ? h->njobs : 0;
	int rc = 0;

	*out = NULL;
	if (cs == NULL)
		return err_nomem(e);
	if (t->n > UINT32_MAX) {
		free(cs);
		return err_set(e, ERR_DATA, "more than %u requests", UINT32_MAX);
	}
	cs->n = t->ncells;
	cs->c = calloc(t->ncells ? t->ncells : 1, sizeof *cs->c);
	/* the cells' sizes, then the hook's jobs' (the pool's order) */
	count = calloc(t->ncells + njobs + 1, sizeof *count);
	fill = calloc(t->ncells ? t->ncells : 1, sizeof *fill);
	if (cs->c == NULL || count == NULL || fill == NULL) {
		rc = err_nomem(e);
		goto out;
	}
	/* Counting sort of row indexes by cell, keeping table order, straight
	 * into each cell's own array: a table-wide index array would cost four
	 * more bytes per row at the peak. */
	for (size_t r = 0; r < t->n; r++)
		count[t->cell[r]]++;
	/* a cell with neither rows nor rejections is a leftover of keys
	 * learned late (trace_source_late_key): not a cell of the capture */
	cs->n = 0;
	for (size_t k = 0; k < t->ncells; k++) {
		if (count[k] == 0 && t->cell_rejected[k] == 0) {
			fill[k] = SIZE_MAX;
			continue;
		}
		fill[k] = cs->n;        /* for now: where the cell went */
		cs->c[cs->n].id = (uint32_t)k;
		cs->c[cs->n].rejected = t->cell_rejected[k];
		cs->c[cs->n].rows = malloc((count[k] ? count[k] : 1) *
		                           sizeof *cs->c[cs->n].rows);
		if (cs->c[cs->n++].rows == NULL) {
			rc = err_nomem(e);
			goto out;
		}
	}
	for (size_t k = 0; k < t->ncells; k++)
		if (fill[k] != SIZE_MAX)
			count[fill[k]] = 0;
	for (size_t r = 0; r < t->n; r++) {
		struct cell *c = &cs->c[fill[t->cell[r]]];
		c->rows[count[fill[t->cell[r]]]++] = (uint32_t)r;
	}
	{
		/* the cells fill on every CPU in a large table (each alone: the
		 * result does not depend on it), on this thread in a small one;
		 * with a hook, on its threads */
		struct fill_job job = {t, cs, count, warmup, h};
		for (size_t k = 0; k < njobs; k++)
			count[cs->n + k] = h->job_size[k];
		if (pool_run(cs->n + njobs, h ? h->threads
		                                : t->n >= FILL_THREADED_N ? 0 : 1,
		             count, fill_job, &job) != 0)
			rc = err_nomem(e);
	}
	if (rc == 0)
		rc = sort_cells(t, cs, e);
out:
	free(count);
	free(fill);
	if (rc != 0)
		cells_free(cs);
	else
		*out = cs;
	return rc;
}
