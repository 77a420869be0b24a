/*
 * cells.h — from trace rows to per-cell samples.
 *
 * A cell is one distinct group-key tuple of the trace table.  For each cell
 * cells_build() orders the requests in time (file order when any request of
 * the cell lacks a start time), drops the first `warmup` successful ones,
 * counts failures (by status, and their share: unreliable above
 * CELL_MAX_ERROR_RATE), and keeps the remaining TTFTs sorted ascending for
 * the statistics.
 */
#ifndef TTFT_CELLS_H
#define TTFT_CELLS_H

#include <stddef.h>

#include "../ingest/err.h"
#include "../ingest/trace.h"
#include "serial.h"
#include "capture.h"
#include "bootstrap.h"
#include "idle.h"
#include "mixture.h"
#include "stats.h"

#define CELL_WARNINGS_MAX 6
#define CELL_WARNING_LEN 320

/* Below this many samples the tail quantiles are not trustworthy
 * (the published methodology: >= 75 requests per cell). */
#define CELL_MIN_TRUSTED_N 75

/* Above this share of failed requests a cell is unreliable: its latency
 * describes the requests that survived, and 5 % is where the SRE
 * practice of error budgets already counts a service as failing its
 * objective (a 95 % success objective is the loosest in common use). */
#define CELL_MAX_ERROR_RATE 0.05

/* Failures by HTTP status, the most frequent first (status 0: the input
 * gave none); those beyond the kept ones are summed. */
#define CELL_STATUS_KEPT 8
struct cell_status {
	unsigned status;
	size_t n;
};

struct cell {
	uint32_t id;                    /* index into trace->cells */
	size_t requests;                /* successes + failures */
	size_t warmup_discarded;
	uint64_t rejected;              /* records of the cell rejected */
	size_t errors;
	double *x;                      /* n TTFTs (s), ascending; owned */
	uint32_t *rows;                 /* every request, time order; owned */
	bool timed;                     /* every request has a start time */
	size_t first_sample;            /* rows[] index past the warm-up */
	double error_rate;              /* errors / requests; NaN: none */
	bool unreliable;                /* error_rate > CELL_MAX_ERROR_RATE */
	size_t nstatus;
	struct cell_status status[CELL_STATUS_KEPT];
	size_t status_other;            /* failures of other statuses */
	struct describe d;
	/* filled by analyze_cells() */
	struct ci_result ci;
	struct mix_result mix;
	struct idle_result idle;
	struct autocorr ac;
	struct capture capture;
	double needed_n;                /* for one cold start at 95 %; 0: n/a */
	unsigned gates;                 /* bit i: --fail-if gate i tripped */
	size_t nwarn;
	char *warn[CELL_WARNINGS_MAX];  /* owned; a cell is kept small, since
	                                   a run may have 1e5 of them */
};

struct cells {
	size_t n;
	struct cell *c;
	/* per input (trace source), filled by analyze_cells(): its capture
	 * across cells; NULL before */
	struct capture_input *inputs;
	size_t ninputs;
};

/* The warm-up rule, once: request i of the cell (rows[] order) is a
 * warm-up request when it succeeded before the first kept sample. */
static inline bool
cell_is_warmup(const struct trace *t, const struct cell *c, size_t i)
{
	return i < c->first_sample && trace_ok(t, c->rows[i]);
}

/* A cell's requests in time order (rows[] order), gathered once by the
 * analysis for the walks over them: a cell's rows lie scattered through
 * the table, so each walk through rows[] would miss the cache on almost
 * every request. */
struct cell_series {
	const double *start;            /* NULL when the cell is not timed */
	const double *ttft;             /* NaN: a failed request */
};

/* cell_is_warmup() on the series */
static inline bool
cell_series_warmup(const struct cell *c, const struct cell_series *s,
                   size_t i)
{
	return i < c->first_sample && s->ttft[i] == s->ttft[i];
}

/* Build the cells of t, in the natural order of their key values
 * (natcmp.h), key by key, a missing value first.  *out is owned by the
 * caller: cells_free(). */
int cells_build(const struct trace *t, size_t warmup, struct cells **out,
                struct err *e);

/*
 * cells_build() with more work in the same pool of threads: each cell,
 * as soon as it is filled, goes to cell() on the thread that filled it,
 * with its series gathered on the way (the analysis: the cell's rows are
 * walked once, not twice); job(ctx, k) for k < njobs runs beside them
 * (sizes job_size[k] for the order).  A nonzero return fails the build
 * as out of memory.
 */
struct cells_hook {
	/* mem: the series' storage, the hook's to free (as soon as it can:
	 * 16 bytes a request of the cell) */
	int (*cell)(void *ctx, struct cell *c, const struct cell_series *s,
	            double *mem);
	int (*job)(void *ctx, size_t k);
	size_t njobs;
	const size_t *job_size;
	unsigned threads;               /* 0: one per CPU */
	void *ctx;
};
int cells_build_with(const struct trace *t, size_t warmup,
                     const struct cells_hook *h, struct cells **out,
                     struct err *e);
void cells_free(struct cells *cs);

/* Append a warning to a cell (dropped beyond CELL_WARNINGS_MAX, or when
 * there is no memory for it: a warning is never worth a failed run). */
void cell_warn(struct cell *c, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

#endif
