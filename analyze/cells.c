#include "cells.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
cell_warn(struct cell *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nwarn == CELL_WARNINGS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(c->warn[c->nwarn++], CELL_WARNING_LEN, fmt, ap);
	va_end(ap);
}

void
cells_free(struct cells *cs)
{
	if (cs == NULL)
		return;
	for (size_t i = 0; cs->c != NULL && i < cs->n; i++) {
		free(cs->c[i].x);
		free(cs->c[i].rows);
	}
	free(cs->c);
	free(cs);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* qsort is not stable; the row index breaks ties so equal start times
 * keep file order. */
static const double *sort_start;

static int
cmp_by_start(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	double x = sort_start[i], y = sort_start[j];

	if (x != y)
		return (x > y) - (x < y);
	return (i > j) - (i < j);
}

static const struct trace *sort_trace;

static int
cmp_cells(const void *a, const void *b)
{
	const struct trace_cell *x = &sort_trace->cells[((const struct cell *)a)->id];
	const struct trace_cell *y = &sort_trace->cells[((const struct cell *)b)->id];

	for (size_t k = 0; k < sort_trace->nkeys; k++) {
		const char *s = trace_str(sort_trace, x->key[k]);
		const char *u = trace_str(sort_trace, y->key[k]);
		int c;
		if (s == NULL || u == NULL) {
			if (s != u)
				return s == NULL ? -1 : 1;
			continue;
		}
		if ((c = strcmp(s, u)) != 0)
			return c;
	}
	return 0;
}

/* Fill one cell from its rows (c->rows, m of them, in table order). */
static int
fill_cell(const struct trace *t, struct cell *c, size_t m, size_t warmup,
          struct err *e)
{
	uint32_t *idx = c->rows;
	bool timed = true;
	size_t successes = 0, n = 0, ok = 0;

	for (size_t i = 0; i < m; i++) {
		if (isnan(t->start[idx[i]]))
			timed = false;
		ok += trace_ok(t, idx[i]);
	}
	if (timed) {
		sort_start = t->start;
		qsort(idx, m, sizeof *idx, cmp_by_start);
	}
	c->requests = m;
	c->timed = timed;
	/* the samples only: failures cost no room at the peak */
	c->x = malloc((ok ? ok : 1) * sizeof *c->x);
	if (c->x == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < m; i++) {
		uint32_t r = idx[i];
		if (!trace_ok(t, r)) {
			c->errors++;
			continue;
		}
		if (successes++ < warmup) {
			c->warmup_discarded++;
			continue;
		}
		c->x[n++] = t->ttft[r];
	}
	qsort(c->x, n, sizeof *c->x, cmp_double);
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
		cell_warn(c, "n = %zu < %d: p95 and p99 rest on few requests and "
		          "are not trustworthy", n, CELL_MIN_TRUSTED_N);
	if (!timed && m > 0 && warmup > 0)
		cell_warn(c, "some requests have no start time: warm-up taken "
		          "in file order");
	return 0;
}

int
cells_build(const struct trace *t, size_t warmup, struct cells **out,
            struct err *e)
{
	struct cells *cs = calloc(1, sizeof *cs);
	size_t *count = NULL, *fill = NULL;
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
	count = calloc(t->ncells ? t->ncells : 1, sizeof *count);
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
	for (size_t k = 0; k < cs->n && rc == 0; k++)
		rc = fill_cell(t, &cs->c[k], count[k], warmup, e);
	if (rc == 0) {
		sort_trace = t;
		qsort(cs->c, cs->n, sizeof *cs->c, cmp_cells);
	}
out:
	free(count);
	free(fill);
	if (rc != 0)
		cells_free(cs);
	else
		*out = cs;
	return rc;
}
