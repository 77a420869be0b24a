/*
 * idle.h — cold starts versus idle time.
 *
 * A provider that scales a model to zero after T idle seconds cold-starts
 * the next request.  For a cell with start times, each request (after the
 * first) has an idle gap: the time since the previous request of the same
 * cell; it is cold when the mixture's posterior is above one half.  The
 * cold share is reported per gap bin, and the keep-warm window T where
 * the data identify it:
 *
 *  - association: cold requests follow longer gaps than warm ones (one-
 *    sided Mann-Whitney, p < IDLE_ALPHA); one cold request is enough when
 *    its gap is the longest of enough requests;
 *  - estimate, where the gap separates cold from warm perfectly (the
 *    step: cold exactly when the gap exceeds T): T lies in the bracket
 *    [largest warm gap, smallest cold gap]; the estimate is its geometric
 *    midpoint, method "step".  Otherwise the gap at which a logistic fit
 *    of cold on ln gap crosses one half (the ED50 of a dose-response fit),
 *    method "logistic"; where that fit does not exist (cold and warm at one
 *    tied gap), the crossing of one half by the isotonic (non-decreasing)
 *    regression of cold on gap (pool adjacent violators), "isotonic".
 *    bracket_s is always the isotonic one: the largest gap fitted below
 *    one half and the smallest above;
 *  - interval: "logistic": the profile-likelihood interval of the
 *    crossing (chi-square, 1 df; Venzon & Moolgavkar 1988).  "step": the
 *    union of the bracket, the profile-likelihood interval (against the
 *    likelihood's supremum), the brackets of the leave-one-out samples and
 *    the bootstrap percentile interval (resamples of the (gap, cold)
 *    pairs) — a window that varies between idle periods can separate a
 *    sample by chance, and then the bracket alone is too short (coverage
 *    measured by `make validate`).  "isotonic": the bootstrap percentile
 *    interval widened to hold the bracket.  No interval when the profile
 *    does not reach its critical value within the observed gaps (times
 *    10), or when more than half the resamples have no crossing.
 *
 * A logistic fit alone does not exist in the step case: its slope runs to
 * infinity (what the analysis said before, for every textbook cell).
 */
#ifndef TTFT_IDLE_H
#define TTFT_IDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "rng.h"

#define IDLE_NBINS 10
#define IDLE_ALPHA 0.05
#define IDLE_RESAMPLES 2000
/* resamples cost O(requests) each: above IDLE_WORK / IDLE_RESAMPLES
 * requests fewer are drawn (never fewer than IDLE_MIN_RESAMPLES) */
#define IDLE_WORK 40000000.0
#define IDLE_MIN_RESAMPLES 100

struct idle_bin {
	double lo_s, hi_s;              /* gap range [lo, hi) */
	size_t n, cold;
};

struct idle_result {
	bool have;                      /* the cell had start times */
	size_t nbins;
	struct idle_bin bin[IDLE_NBINS];
	size_t n, ncold;                /* requests with a gap; of them cold */
	double p_value;                 /* association, one-sided; NaN if untested */
	bool identified;
	const char *method;             /* "step", "logistic" or "isotonic" */
	double keep_warm_s, keep_warm_lo_s, keep_warm_hi_s;
	double bracket_lo_s, bracket_hi_s;  /* the gaps either side of 1/2 */
	size_t resamples, resamples_undefined;
	char why[160];                  /* when not identified */
};

/*
 * gap[i] (s, > 0) and cold[i] for n requests, reordered (the caller's
 * scratch: a large cell's gaps are not copied).  bimodal: whether the
 * cell's mixture found cold starts at all.  confidence: the interval's
 * level; r: the cell's "idle" stream.  Returns 0 or ERR_NOMEM.
 */
int idle_analyze(double *gap, bool *cold, size_t n, bool bimodal,
                 double confidence, struct rng *r, struct idle_result *out);

#endif
