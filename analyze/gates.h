/*
 * gates.h — `--fail-if EXPR`: conditions that fail a CI pipeline.
 *
 * Grammar (spaces allowed around the parts):
 *   EXPR   := METRIC OP VALUE | "regression"
 *   OP     := ">" | ">=" | "<" | "<=" | "=" | "!="
 *   VALUE  := NUMBER [UNIT] | TIER
 *   UNIT   := "s" | "ms" | "us" | "ns" | "min" | "h"  (time metrics; s)
 *           | "%"                           (cold_share, errors)
 * Metrics of summary: min median p50 p90 p95 p99 max mean sd (times),
 * cv (percent), cold_share (fraction, or percent with %), errors (count,
 * or percent of requests with %), n, tier (compared by rank:
 * well-supported < variable < cold-starts < not-production-ready);
 * the warm part alone and the cold part alone (requests the mixture
 * calls warm or cold): warm_median warm_p90 warm_p95 cold_median
 * cold_p95 (times; undefined, never tripping, without cold starts for
 * the cold ones); and the capture audit: concurrency (the most requests
 * in flight), span (a time: span<2h), median_gap (a time), overlap (the
 * least provider-window overlap, a fraction).
 * Metrics of compare: median_pct p95_pct cv_pct_points (the changes),
 * p_value p_adjusted, and the word "regression": a significant worsening
 * of median, p95 or consistency.
 */
#ifndef TTFT_GATES_H
#define TTFT_GATES_H

#include <stdbool.h>

#include "cells.h"
#include "compare.h"

enum gate_metric {
	G_MIN, G_MEDIAN, G_P90, G_P95, G_P99, G_MAX, G_MEAN, G_SD, G_CV,
	G_COLD_SHARE, G_ERRORS, G_N, G_TIER,
	G_WARM_MEDIAN, G_WARM_P90, G_WARM_P95, G_COLD_MEDIAN, G_COLD_P95,
	G_CONCURRENCY, G_SPAN, G_MEDIAN_GAP, G_OVERLAP,
	G_MEDIAN_PCT, G_P95_PCT, G_CV_PTS, G_P_VALUE, G_P_ADJ, G_REGRESSION
};

enum gate_op { GO_GT, GO_GE, GO_LT, GO_LE, GO_EQ, GO_NE };

struct gate {
	const char *text;               /* as given, borrowed */
	enum gate_metric metric;
	enum gate_op op;
	double value;                   /* in the metric's own terms: seconds,
	                                   a fraction (cold_share), a percent */
	bool percent;                   /* errors with %: a share */
	double scale;                   /* value * scale: the number written */
	const char *unit;               /* as written: "s", "ms", "%", "" */
};

/* A gate held against one cell: whether it tripped, and the metric's
 * value and the limit in the units the gate was written in (NaN: the
 * metric is undefined for the cell, which never trips). */
struct gate_check {
	bool tripped;
	double observed, limit;
};

/* Parse text; compare_metrics: the compare command's metrics allowed
 * (else summary's).  ERR_USAGE names the character where it goes wrong. */
int gate_parse(const char *text, bool compare_metrics, struct gate *g,
               struct err *e);

/* Does the cell trip the gate?  Undefined metrics never trip. */
struct gate_check gate_check_cell(const struct gate *g, const struct cell *c);
struct gate_check gate_check_cmp(const struct gate *g,
                                 const struct cmp_cell *c);
bool gate_trips_cell(const struct gate *g, const struct cell *c);
bool gate_trips_cmp(const struct gate *g, const struct cmp_cell *c);

/* ">", ">=", ... */
const char *gate_op_text(enum gate_op op);

#endif
