/*
 * idle.h — cold starts versus idle time.
 *
 * A provider that scales a model to zero after some idle time cold-starts
 * the next request.  For a cell with start times, each request (after the
 * first) has an idle gap: the time since the previous request of the same
 * cell.  Requests are classified cold when the mixture's posterior is above
 * one half; the cold share is then reported per gap bin, and the keep-warm
 * window is estimated as the gap at which a logistic regression of cold on
 * ln(gap) crosses one half, with a 95 % delta-method interval.  It is
 * reported only when it is identifiable: a bimodal cell, at least
 * IDLE_MIN_EACH cold and warm requests, a slope significantly above zero
 * (Wald z > IDLE_MIN_Z) and a crossing inside the observed gaps; otherwise
 * the reason is given instead.
 */
#ifndef TTFT_IDLE_H
#define TTFT_IDLE_H

#include <stdbool.h>
#include <stddef.h>

#define IDLE_NBINS 10
#define IDLE_MIN_EACH 5
#define IDLE_MIN_Z 2.0

struct idle_bin {
	double lo_s, hi_s;              /* gap range [lo, hi) */
	size_t n, cold;
};

struct idle_result {
	bool have;                      /* the cell had start times */
	size_t nbins;
	struct idle_bin bin[IDLE_NBINS];
	bool identified;
	double keep_warm_s, keep_warm_lo_s, keep_warm_hi_s;
	char why[120];                  /* when not identified */
};

/*
 * gap[i] (s, > 0) and cold[i] for n requests.  bimodal: whether the
 * cell's mixture found cold starts at all.
 */
void idle_analyze(const double *gap, const bool *cold, size_t n,
                  bool bimodal, struct idle_result *out);

#endif
