/*
 * rank.h — which provider for which model.
 *
 * Per model (the first group key), the providers (the other keys) ordered
 * by a metric — p95 (default), median, cv or cold_share, lower is better
 * — with their intervals, and a test between each pair of neighbours:
 * the bootstrap test of the two p95s (compare_quantile_test), Mann-Whitney
 * U for the median, Brown-Forsythe on ln TTFT for cv, Fisher's exact test
 * for cold_share; Holm-adjusted across all neighbour pairs.  Neighbours the test cannot tell apart share a rank: no false
 * ordering.  An unreliable cell (more than CELL_MAX_ERROR_RATE of its
 * requests failed) is never ranked on its latency alone: it comes after
 * every reliable provider of its model, whatever its value.
 */
#ifndef TTFT_RANK_H
#define TTFT_RANK_H

#include "cells.h"

enum rank_metric { RANK_P95, RANK_MEDIAN, RANK_CV, RANK_COLD };

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
};

/* Parse "p95", "median", "cv" or "cold_share"; -1 when it is none. */
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
