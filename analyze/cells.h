/*
 * cells.h — from trace rows to per-cell samples.
 *
 * A cell is one distinct group-key tuple of the trace table.  For each cell
 * cells_build() orders the requests in time (file order when any request of
 * the cell lacks a start time), drops the first `warmup` successful ones,
 * counts failures, and keeps the remaining TTFTs sorted ascending for the
 * statistics.  Cells come out sorted by their key values, key by key, a
 * missing value first.
 */
#ifndef TTFT_CELLS_H
#define TTFT_CELLS_H

#include <stddef.h>

#include "../ingest/err.h"
#include "../ingest/trace.h"
#include "bootstrap.h"
#include "idle.h"
#include "mixture.h"
#include "stats.h"

#define CELL_WARNINGS_MAX 6
#define CELL_WARNING_LEN 200

/* Below this many samples the tail quantiles are not trustworthy
 * (the published methodology: >= 75 requests per cell). */
#define CELL_MIN_TRUSTED_N 75

struct cell {
	uint32_t id;                    /* index into trace->cells */
	size_t requests;                /* successes + failures */
	size_t warmup_discarded;
	uint64_t rejected;              /* records of the cell rejected */
	size_t errors;
	double *x;                      /* n TTFTs (s), ascending; owned */
	uint32_t *rows;                 /* every request, time order; owned */
	bool timed;                     /* every request has a start time */
	struct describe d;
	/* filled by analyze_cells() */
	struct ci_result ci;
	struct mix_result mix;
	struct idle_result idle;
	double needed_n;                /* for one cold start at 95 %; 0: n/a */
	unsigned gates;                 /* bit i: --fail-if gate i tripped */
	size_t nwarn;
	char warn[CELL_WARNINGS_MAX][CELL_WARNING_LEN];
};

struct cells {
	size_t n;
	struct cell *c;
};

/* Build the cells of t.  *out is owned by the caller: cells_free(). */
int cells_build(const struct trace *t, size_t warmup, struct cells **out,
                struct err *e);
void cells_free(struct cells *cs);

/* Append a warning to a cell (dropped beyond CELL_WARNINGS_MAX). */
void cell_warn(struct cell *c, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#endif
