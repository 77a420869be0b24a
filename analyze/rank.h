/*
 * rank.h — which provider for which model.
 *
 * Per model (the first group key), the providers (the other keys) ordered
 * by a metric — p95 (default), p99, median, cv, cold_share or errors, lower
 * is better — with their intervals, and a test between each pair of
 * neighbours of the metric itself: the percentile-bootstrap test of the
 * two Harrell-Davis p95s (p99s) (compare_hd_test; with the type-7 ones
 * it found the order of p95s 0.66, 0.84, 9.5 s at n = 300 in 62 % of
 * replicates, with these in 96 %), Mann-Whitney U for the median, the
 * bootstrap test of the CV difference for cv (compare_cv_test), Fisher's
 * exact test on cold/warm counts for cold_share and on failed/succeeded
 * requests for errors; Holm-adjusted across all neighbour pairs.  A tie
 * means "this metric cannot tell them apart".  An unreliable cell (more
 * than CELL_MAX_ERROR_RATE of its requests failed) is never ranked on its
 * latency alone: it comes after every reliable provider of its model,
 * whatever its value; and when the first of a model fails significantly
 * more often than another of its providers (Fisher, alpha), the group says
 * so (rank_result.fails_more).
 */
#ifndef TTFT_RANK_H
#define TTFT_RANK_H

#include "cells.h"

enum rank_metric { RANK_P95, RANK_MEDIAN, RANK_CV, RANK_COLD, RANK_P99,
                   RANK_ERRORS };

struct rank_entry {
	const struct cell *c;
	double value, lo, hi;           /* the metric and its interval */
	double p, p_adj;                /* against the entry above; NaN first */
	unsigned rank;                  /* 1 = best; equal ranks are ties */
	bool tied;                      /* with the entry above */
};

struct rank_result {
	enum rank_metric metric;
	size_t n;
	struct rank_entry *e;           /* grouped by model, best first */
	size_t ngroups;
	size_t *start;                  /* group g: e[start[g] .. start[g+1]) */
	/* group g: the entry index of a provider that fails significantly
	 * less often than the first (SIZE_MAX: none), and that test's p */
	size_t *fails_more;
	double *fails_more_p;
};

/* Parse "p95", "p99", "median", "cv", "cold_share" or "errors"; -1 when
 * it is none. */
int rank_metric_parse(const char *s);
const char *rank_metric_name(enum rank_metric m);

#define RANK_P95_RESAMPLES 2000

struct rank_opts {
	double alpha;                   /* neighbours differ below it */
	size_t bootstrap;               /* resamples of the p95 test */
	uint64_t seed;
	unsigned threads;               /* 0: one per CPU */
};

/* Rank the (analysed) cells; *out owned by the caller: rank_free(). */
int rank_cells(const struct trace *t, const struct cells *cs,
               enum rank_metric m, const struct rank_opts *o,
               struct rank_result **out, struct err *e);
void rank_free(struct rank_result *r);

#endif
