/*
 * capture.h — was the capture made the way the published method says?
 *
 * The method: at least 75 sequential requests per cell at concurrency 1,
 * spaced a few seconds apart, the warm-up discarded, spread over hours
 * both peak and off-peak.  A capture that breaks these rules gives numbers
 * that look just as precise, so each rule is checked from the data alone
 * (start times and TTFTs), per cell:
 *
 *  - concurrency: how many of the cell's own requests (the same model at
 *    the same provider: the ones a request can queue behind) were in flight
 *    when each started, counting a request in flight from its start to the
 *    end of its response where the input has end-to-end latencies, else to
 *    its first token (start + TTFT): then a lower bound, since the response
 *    goes on after it.  Fails above 1.
 *  - spacing: the gaps between consecutive requests of the cell; fails when
 *    more than half follow the previous one within CAP_MIN_GAP_S.
 *  - time coverage: the span, the hours of day and days of week covered in
 *    --tz; off-peak is outside the peak hours [peak_from, peak_to) on
 *    weekdays, and weekends; fails when no request is off-peak, or the
 *    span is under an hour.
 *  - confounding: the cells of one model measured in windows (first to last
 *    start) that do not overlap: provider and time of day confounded.
 *  - warm-up: the first CAP_WARM_K requests slower than the rest (one-sided
 *    Mann-Whitney, p < CAP_ALPHA) while --warmup was not given; the
 *    suggested --warmup is the run of leading requests above the median
 *    of the rest.
 *  - drift: the first and last thirds of the cell differ (two-sided
 *    Mann-Whitney, p < CAP_ALPHA).
 *  - streaming: where the input has end-to-end latencies, a TTFT of 98 %
 *    or more of it on most requests is the whole response: a non-
 *    streaming run (GenAI-Perf exports of such runs look exactly so);
 *  - fixed prompt: where it has input token counts, a CV above 10 %
 *    (the method asks for a fixed prompt), with how much TTFT differs
 *    between the longer and the shorter half;
 *  - data quality: a constant TTFT on many successful requests (a
 *    sentinel), a timer so coarse that most values tie, start times that
 *    are not wall-clock time (a monotonic clock: no time of day, so peak
 *    and off-peak cannot be checked).
 *
 * A check that cannot be made says so (state CAP_UNKNOWN with a reason)
 * instead of passing.  A cell of production traffic (an observability
 * tool's record, harness.h) is no capture: its concurrency, spacing,
 * warm-up and fixed-prompt checks are not checked, for that reason.
 */
#ifndef TTFT_CAPTURE_H
#define TTFT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct trace;
struct cells;
struct cell;
struct cell_series;
struct tz;

#define CAP_MIN_N 75
#define CAP_MIN_GAP_S 1.0
#define CAP_ALPHA 0.01
#define CAP_WARM_K 10
#define CAP_MIN_SPAN_S 3600.0
#define CAP_TEST_N 20000
/* start times before 2000-01-01 are not wall-clock (perf_counter, uptime) */
#define CAP_EPOCH_MIN 946684800.0

enum cap_state { CAP_PASS, CAP_FAIL, CAP_UNKNOWN };

enum cap_check {
	CAP_SAMPLE, CAP_CONCURRENCY, CAP_SPACING, CAP_COVERAGE, CAP_OVERLAP,
	CAP_WARMUP, CAP_DRIFT, CAP_SENTINEL, CAP_RESOLUTION, CAP_CLOCK,
	CAP_STREAMING, CAP_PROMPT, CAP_NCHECKS
};

struct capture_opts {
	const struct tz *tz;            /* NULL: UTC */
	int peak_from, peak_to;         /* local hours; 0, 0: 9 to 17 */
};

struct capture {
	enum cap_state state[CAP_NCHECKS];
	const char *why[CAP_NCHECKS];   /* a check that could not be made */
	bool timed, wallclock;
	bool conc_exact;                /* counted to each response's end */
	bool production;                /* production traffic (harness.h): the
	                                   capture-only checks not checked */
	double conc_median, conc_max;   /* in flight at start, itself included */
	double gap_median_s, within_1s; /* share of gaps under CAP_MIN_GAP_S */
	double span_h;
	unsigned hours;                 /* bit h: some request at local hour h */
	unsigned days;                  /* bit d: weekday d (0 = Sunday) */
	bool offpeak;                   /* some request off-peak */
	double overlap;                 /* least overlap with another provider's
	                                   window of the same model, 0..1; NaN */
	double warm_p;                  /* the warm-up test's p */
	size_t warmup_suggested;
	double drift_p, drift_ratio;    /* last third's median / first's */
	double top_value_share;         /* the most frequent TTFT's share */
	double tie_share;               /* values equal to another */
	double resolution_s;            /* the smallest step between values */
	double ttft_is_e2e;             /* share with TTFT >= 98 % of e2e */
	double tokens_min, tokens_max, tokens_cv;
	double ttft_long_short;         /* median TTFT, longer prompts over
	                                   shorter (split at the median) */
};

/* One input's capture, across all its cells: what its TTFT measures, its
 * clock, its span, and the most of its requests in flight at once (any
 * cell: a load test shows here even when each cell looks sequential). */
struct capture_input {
	const char *ttft_is;            /* "first token" or "time to first
	                                   byte (HTTP)": a bound, said once */
	const char *clock;              /* "wall clock", "monotonic", "none" */
	double span_h;                  /* NaN without start times */
	double conc_max;                /* NaN without start times */
};

int capture_input(const struct trace *t, uint16_t src,
                  struct capture_input *out);

const char *capture_check_name(enum cap_check k);

/* Audit one analysed cell into c->capture (the checks of the cell alone;
 * on any thread): s its series, g a workspace of requests + 1 doubles.
 * 0 or ERR_NOMEM. */
int capture_audit_cell(const struct trace *t, struct cell *c,
                       const struct cell_series *s, double *g,
                       const struct capture_opts *o);
/* Then, once every cell is audited: the provider windows of each model.
 * 0 or ERR_NOMEM. */
int capture_audit_overlaps(const struct trace *t, struct cells *cs);

#endif
