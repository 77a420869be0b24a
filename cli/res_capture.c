/*
 * res_capture.c — the capture audit for people: one line per check that
 * failed, and what could not be checked (analyze/capture.h).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "res.h"

static const char *
sentence(struct rdoc *d, const struct capture *a, enum cap_check k,
         const struct cell *c)
{
	switch (k) {
	case CAP_SAMPLE:
		return rdoc_strf(d, "%zu requests, fewer than the method's %d",
		                 c->d.n, CAP_MIN_N);
	case CAP_CONCURRENCY:
		return rdoc_strf(d, "up to %.0f of the capture's own requests in "
		                 "flight (median %.0f): TTFT includes queueing behind "
		                 "them; the method is sequential, at concurrency 1",
		                 a->conc_max, a->conc_median);
	case CAP_SPACING:
		return rdoc_strf(d, "%.0f %% of requests followed the previous "
		                 "within %.0f s (median gap %.3g s): back-to-back "
		                 "requests keep replicas warm and flatter the result",
		                 100 * a->within_1s, CAP_MIN_GAP_S, a->gap_median_s);
	case CAP_COVERAGE:
		if (!a->offpeak)
			return rdoc_strf(d, "measured only at peak hours (span %.1f h): "
			                 "cold starts are worst off-peak", a->span_h);
		return rdoc_strf(d, "the capture spans %.2f h, under an hour: "
		                 "spread it over hours, peak and off-peak", a->span_h);
	case CAP_OVERLAP:
		return rdoc_strf(d, "measured in a time window that overlaps another "
		                 "provider's of the model by %.0f %%: provider and time "
		                 "of day are confounded", 100 * a->overlap);
	case CAP_WARMUP:
		return rdoc_strf(d, "the first %d requests are slower than the rest "
		                 "(one-sided Mann-Whitney p = %.2g): a warm-up "
		                 "transient; --warmup %zu would drop it", CAP_WARM_K,
		                 a->warm_p, a->warmup_suggested);
	case CAP_DRIFT:
		return rdoc_strf(d, "TTFT drifts over the capture: the last third's "
		                 "median is %.2gx the first's (Mann-Whitney p = %.2g)",
		                 a->drift_ratio, a->drift_p);
	case CAP_SENTINEL:
		return rdoc_strf(d, "%.0f %% of the TTFTs are one value: a sentinel "
		                 "or a constant, not a measurement",
		                 100 * a->top_value_share);
	case CAP_RESOLUTION:
		return rdoc_strf(d, "%.0f %% of the TTFTs tie (steps of %.3g s): the "
		                 "timer is coarse", 100 * a->tie_share, a->resolution_s);
	case CAP_CLOCK:
		return rdoc_strf(d, "start times are not wall-clock time (a monotonic "
		                 "clock): no time of day, so peak and off-peak are not "
		                 "checked");
	case CAP_STREAMING:
		return rdoc_strf(d, "on %.0f %% of requests the TTFT is the whole "
		                 "end-to-end latency: a non-streaming run, where "
		                 "\"TTFT\" is the complete response",
		                 100 * a->ttft_is_e2e);
	case CAP_PROMPT:
		return rdoc_strf(d, "input tokens vary (%.0f to %.0f, CV %.0f %%); "
		                 "the method asks for a fixed prompt: the longer half "
		                 "has %.2gx the median TTFT of the shorter",
		                 a->tokens_min, a->tokens_max, 100 * a->tokens_cv,
		                 a->ttft_long_short);
	case CAP_NCHECKS:
		break;
	}
	return "";
}

void
res_capture_lines(struct rdoc *d, const struct trace *t,
                  const struct cells *cs)
{
	struct rpart *p = NULL;

	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		const struct capture *a = &c->capture;
		const char *label = res_cell_label(d, t, c);
		for (int k = 0; k < CAP_NCHECKS; k++) {
			if (a->state[k] != CAP_FAIL)
				continue;
			/* the sample size has its own warning already */
			if (k == CAP_SAMPLE)
				continue;
			if (p == NULL)
				p = rdoc_lines(d, "capture method (the checks that fail; "
				               "JSON capture has them all):", RF_HUMAN);
			rpart_item(d, p, label, "%s: %s",
			           capture_check_name((enum cap_check)k),
			           sentence(d, a, (enum cap_check)k, c));
		}
		if (!a->timed) {
			if (p == NULL)
				p = rdoc_lines(d, "capture method (the checks that fail; "
				               "JSON capture has them all):", RF_HUMAN);
			rpart_item(d, p, label, "no start times: concurrency, spacing, "
			           "time coverage and provider overlap not checked");
		}
	}
}
