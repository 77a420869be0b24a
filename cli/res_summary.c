/*
 * res_summary.c — `summary`'s document: one row per cell.
 *
 * JSON is SPEC.md's summary object (keys as specified, more beside them);
 * CSV one row per cell with every number; text three sections (latency,
 * intervals, cold starts), the inputs, the gates, the warnings.  The
 * default text fits 100 columns; --wide adds min, p90, max, mean, the
 * error count and the p99 and mean intervals.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "res.h"

enum col {
	C_N, C_WARMUP, C_ERRORS, C_ERR_RATE, C_RELIABLE, C_BY_STATUS,
	C_MIN, C_MEDIAN, C_P90, C_P95, C_P99, C_MAX, C_MEAN, C_SD, C_CV, C_TAIL,
	C_TOP_SHARE,
	C_TIER, C_TIER_TEXT,
	C_CI_MEDIAN, C_CI_P95, C_CI_P99, C_CI_MEAN, C_CI_CV, C_CI_TAIL,
	C_MIX, C_BIMODAL, C_DBIC, C_DBIC_SKEWED, C_ASHMAN, C_COLD, C_COLD_TEXT, C_WARM_MED,
	C_COLD_MED, C_PENALTY, C_THRESHOLD, C_DBIC_TEXT, C_ASHMAN_TEXT,
	C_CONVERGED, C_ITER, C_NEEDED,
	C_IDLE, C_BINS, C_KEEP, C_KEEP_CI, C_KEEP_TEXT, C_IDLE_METHOD,
	C_IDLE_BRACKET, C_IDLE_P, C_IDLE_RESAMPLES, C_IDLE_NOTE,
	C_AC, C_AC_LAG1, C_AC_NEFF, C_AC_SIG, C_AC_TAU_MED, C_AC_TAU_P95,
	C_AC_TAU_MEAN, C_CAP, C_CAP_CHECK,
	C_CAP_LAST_CHECK = C_CAP_CHECK + CAP_NCHECKS - 1, C_CAP_CONC_MED,
	C_CAP_CONC_MAX, C_CAP_CONC_BOUND, C_CAP_GAP_MED, C_CAP_WITHIN1,
	C_CAP_SPAN, C_CAP_HOURS, C_CAP_DAYS, C_CAP_OFFPEAK, C_CAP_OVERLAP,
	C_CAP_WARM_P, C_CAP_WARM_SUG, C_CAP_DRIFT_P, C_CAP_DRIFT_RATIO,
	C_CAP_TOP, C_CAP_TIES, C_CAP_RES, C_CAP_WALL, C_CAP_UNKNOWN,
	C_CAP_E2E, C_CAP_TOK_MIN, C_CAP_TOK_MAX, C_CAP_TOK_CV, C_CAP_TOK_RATIO,
	C_GATES, C_WARNINGS, NCOLS
};

static const struct rcol columns[NCOLS] = {
	[C_N] = {.head = "n", .json = "n", .csv = "n", .show = RS_ALL,
	         .fmt = RC_INT},
	[C_WARMUP] = {.json = "warmup_discarded", .csv = "warmup_discarded",
	              .show = RS_JSON | RS_CSV},
	[C_ERRORS] = {.head = "err", .json = "errors", .csv = "errors",
	              .show = RS_ALL | RS_WIDE, .fmt = RC_INT},
	[C_ERR_RATE] = {.head = "err%", .json = "error_rate", .csv = "error_rate",
	                .show = RS_ALL, .fmt = RC_PERCENT, .prec = 1},
	[C_RELIABLE] = {.json = "reliable", .csv = "reliable",
	                .show = RS_JSON | RS_CSV},
	[C_BY_STATUS] = {.json = "errors_by_status", .show = RS_JSON},
	[C_MIN] = {.head = "min", .json = "ttft_s.min", .csv = "min_s",
	           .show = RS_ALL | RS_WIDE, .fmt = RC_SECONDS},
	[C_MEDIAN] = {.head = "median", .json = "ttft_s.median",
	              .csv = "median_s", .show = RS_ALL, .fmt = RC_SECONDS},
	[C_P90] = {.head = "p90", .json = "ttft_s.p90", .csv = "p90_s",
	           .show = RS_ALL | RS_WIDE, .fmt = RC_SECONDS},
	[C_P95] = {.head = "p95", .json = "ttft_s.p95", .csv = "p95_s",
	           .show = RS_ALL, .fmt = RC_SECONDS},
	[C_P99] = {.head = "p99", .json = "ttft_s.p99", .csv = "p99_s",
	           .show = RS_ALL, .fmt = RC_SECONDS},
	[C_MAX] = {.head = "max", .json = "ttft_s.max", .csv = "max_s",
	           .show = RS_ALL | RS_WIDE, .fmt = RC_SECONDS},
	[C_MEAN] = {.head = "mean", .json = "ttft_s.mean", .csv = "mean_s",
	            .show = RS_ALL | RS_WIDE, .fmt = RC_SECONDS},
	[C_SD] = {.head = "sd", .json = "ttft_s.sd", .csv = "sd_s",
	          .show = RS_ALL, .fmt = RC_SECONDS},
	[C_CV] = {.head = "CV%", .json = "cv_pct", .csv = "cv_pct",
	          .show = RS_ALL, .fmt = RC_FIXED, .prec = 1},
	[C_TAIL] = {.head = "p95/med", .json = "tail_ratio", .csv = "tail_ratio",
	            .show = RS_ALL, .fmt = RC_FIXED, .prec = 1},
	[C_TOP_SHARE] = {.json = "top_share", .csv = "top_share",
	                 .show = RS_JSON | RS_CSV},
	[C_TIER] = {.json = "tier", .csv = "tier", .show = RS_JSON | RS_CSV},
	[C_TIER_TEXT] = {.head = "tier", .show = RS_TEXT, .left = true},
	[C_CI_MEDIAN] = {.head = "median", .json = "ci.median",
	                 .csv = "ci_median_lo", .csv2 = "ci_median_hi",
	                 .show = RS_ALL, .fmt = RC_SECONDS, .section = 1},
	[C_CI_P95] = {.head = "p95", .json = "ci.p95", .csv = "ci_p95_lo",
	              .csv2 = "ci_p95_hi", .show = RS_ALL, .fmt = RC_SECONDS,
	              .section = 1},
	[C_CI_P99] = {.head = "p99", .json = "ci.p99", .csv = "ci_p99_lo",
	              .csv2 = "ci_p99_hi", .show = RS_ALL | RS_WIDE,
	              .fmt = RC_SECONDS, .section = 1},
	[C_CI_MEAN] = {.head = "mean", .json = "ci.mean", .csv = "ci_mean_lo",
	               .csv2 = "ci_mean_hi", .show = RS_ALL | RS_WIDE,
	               .fmt = RC_SECONDS, .section = 1},
	[C_CI_CV] = {.head = "CV%", .json = "ci.cv_pct", .csv = "ci_cv_pct_lo",
	             .csv2 = "ci_cv_pct_hi", .show = RS_ALL, .fmt = RC_FIXED,
	             .prec = 1, .section = 1},
	[C_CI_TAIL] = {.head = "p95/med", .json = "ci.tail_ratio",
	               .csv = "ci_tail_ratio_lo", .csv2 = "ci_tail_ratio_hi",
	               .show = RS_ALL, .fmt = RC_FIXED, .prec = 1, .section = 1},
	[C_MIX] = {.json = "mixture", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_BIMODAL] = {.json = "mixture.bimodal", .csv = "bimodal",
	               .show = RS_JSON | RS_CSV},
	[C_DBIC] = {.json = "mixture.delta_bic", .csv = "delta_bic",
	            .show = RS_JSON | RS_CSV},
	[C_DBIC_SKEWED] = {.json = "mixture.delta_bic_skewed",
	                   .csv = "delta_bic_skewed", .show = RS_JSON | RS_CSV},
	[C_ASHMAN] = {.json = "mixture.ashman_d", .csv = "ashman_d",
	              .show = RS_JSON | RS_CSV},
	[C_COLD] = {.json = "mixture.cold_share", .csv = "cold_share",
	            .show = RS_JSON | RS_CSV},
	[C_COLD_TEXT] = {.head = "cold", .show = RS_TEXT, .section = 2},
	[C_WARM_MED] = {.head = "warm med", .json = "mixture.warm_median_s",
	                .csv = "warm_median_s", .show = RS_ALL,
	                .fmt = RC_SECONDS, .section = 2},
	[C_COLD_MED] = {.head = "cold med", .json = "mixture.cold_median_s",
	                .csv = "cold_median_s", .show = RS_ALL,
	                .fmt = RC_SECONDS, .section = 2},
	[C_PENALTY] = {.json = "mixture.cold_penalty_s", .csv = "cold_penalty_s",
	               .show = RS_JSON | RS_CSV},
	[C_THRESHOLD] = {.head = "threshold", .json = "mixture.threshold_s",
	                 .csv = "threshold_s", .show = RS_ALL,
	                 .fmt = RC_SECONDS, .section = 2},
	[C_DBIC_TEXT] = {.head = "\xce\x94" "BIC", .show = RS_TEXT,
	                 .fmt = RC_FIXED, .prec = 1, .section = 2},
	[C_ASHMAN_TEXT] = {.head = "D", .show = RS_TEXT, .fmt = RC_FIXED,
	                   .prec = 1, .section = 2},
	[C_CONVERGED] = {.json = "mixture.converged", .show = RS_JSON},
	[C_ITER] = {.json = "mixture.iterations", .show = RS_JSON},
	[C_NEEDED] = {.json = "mixture.needed_n", .csv = "needed_n",
	              .show = RS_JSON | RS_CSV},
	[C_IDLE] = {.json = "idle", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_BINS] = {.json = "idle.bins", .show = RS_JSON},
	[C_KEEP] = {.json = "idle.keep_warm_s", .csv = "keep_warm_s",
	            .show = RS_JSON | RS_CSV},
	[C_KEEP_CI] = {.json = "idle.keep_warm_ci", .csv = "keep_warm_lo_s",
	               .csv2 = "keep_warm_hi_s", .show = RS_JSON | RS_CSV},
	[C_KEEP_TEXT] = {.head = "keep-warm", .show = RS_TEXT, .left = true,
	                 .section = 2},
	[C_IDLE_METHOD] = {.json = "idle.method", .csv = "keep_warm_method",
	                   .show = RS_JSON | RS_CSV},
	[C_IDLE_BRACKET] = {.json = "idle.bracket_s", .csv = "keep_warm_bracket_lo_s",
	                    .csv2 = "keep_warm_bracket_hi_s",
	                    .show = RS_JSON | RS_CSV},
	[C_IDLE_P] = {.json = "idle.p_value", .show = RS_JSON},
	[C_IDLE_RESAMPLES] = {.json = "idle.resamples", .show = RS_JSON},
	[C_IDLE_NOTE] = {.json = "idle.note", .show = RS_JSON},
	[C_AC] = {.json = "autocorrelation", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_AC_LAG1] = {.json = "autocorrelation.lag1", .csv = "lag1",
	               .show = RS_JSON | RS_CSV},
	[C_AC_NEFF] = {.json = "autocorrelation.n_eff", .csv = "n_eff",
	               .show = RS_JSON | RS_CSV},
	[C_AC_SIG] = {.json = "autocorrelation.significant",
	              .show = RS_JSON},
	[C_AC_TAU_MED] = {.json = "autocorrelation.inflation.median",
	                  .show = RS_JSON},
	[C_AC_TAU_P95] = {.json = "autocorrelation.inflation.p95",
	                  .show = RS_JSON},
	[C_AC_TAU_MEAN] = {.json = "autocorrelation.inflation.mean",
	                   .show = RS_JSON},
	[C_CAP] = {.json = "capture", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_CAP_CHECK + CAP_SAMPLE] = {.json = "capture.checks.sample_size",
	                              .show = RS_JSON},
	[C_CAP_CHECK + CAP_CONCURRENCY] = {.json = "capture.checks.concurrency",
	                                   .csv = "capture_concurrency",
	                                   .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_SPACING] = {.json = "capture.checks.spacing",
	                               .csv = "capture_spacing",
	                               .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_COVERAGE] = {.json = "capture.checks.time_coverage",
	                                .csv = "capture_time_coverage",
	                                .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_OVERLAP] = {.json = "capture.checks.provider_overlap",
	                               .csv = "capture_provider_overlap",
	                               .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_WARMUP] = {.json = "capture.checks.warmup",
	                              .csv = "capture_warmup",
	                              .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_DRIFT] = {.json = "capture.checks.drift",
	                             .csv = "capture_drift",
	                             .show = RS_JSON | RS_CSV},
	[C_CAP_CHECK + CAP_SENTINEL] = {.json = "capture.checks.sentinel",
	                                .show = RS_JSON},
	[C_CAP_CHECK + CAP_RESOLUTION] = {.json = "capture.checks.timer_resolution",
	                                  .show = RS_JSON},
	[C_CAP_CHECK + CAP_CLOCK] = {.json = "capture.checks.wall_clock",
	                             .show = RS_JSON},
	[C_CAP_CHECK + CAP_STREAMING] = {.json = "capture.checks.streaming",
	                                 .show = RS_JSON},
	[C_CAP_CHECK + CAP_PROMPT] = {.json = "capture.checks.fixed_prompt",
	                              .show = RS_JSON},
	[C_CAP_E2E] = {.json = "capture.quality.ttft_is_e2e", .show = RS_JSON},
	[C_CAP_TOK_MIN] = {.json = "capture.prompt.tokens_min", .show = RS_JSON},
	[C_CAP_TOK_MAX] = {.json = "capture.prompt.tokens_max", .show = RS_JSON},
	[C_CAP_TOK_CV] = {.json = "capture.prompt.tokens_cv", .show = RS_JSON},
	[C_CAP_TOK_RATIO] = {.json = "capture.prompt.ttft_long_over_short",
	                     .show = RS_JSON},
	[C_CAP_CONC_MED] = {.json = "capture.concurrency.median",
	                    .csv = "concurrency_median", .show = RS_JSON | RS_CSV},
	[C_CAP_CONC_MAX] = {.json = "capture.concurrency.max",
	                    .csv = "concurrency_max", .show = RS_JSON | RS_CSV},
	[C_CAP_CONC_BOUND] = {.json = "capture.concurrency.counted",
	                      .show = RS_JSON},
	[C_CAP_GAP_MED] = {.json = "capture.spacing.median_gap_s",
	                   .csv = "median_gap_s", .show = RS_JSON | RS_CSV},
	[C_CAP_WITHIN1] = {.json = "capture.spacing.within_1s",
	                   .show = RS_JSON},
	[C_CAP_SPAN] = {.json = "capture.time_coverage.span_h", .csv = "span_h",
	                .show = RS_JSON | RS_CSV},
	[C_CAP_HOURS] = {.json = "capture.time_coverage.hours", .show = RS_JSON},
	[C_CAP_DAYS] = {.json = "capture.time_coverage.weekdays", .show = RS_JSON},
	[C_CAP_OFFPEAK] = {.json = "capture.time_coverage.off_peak",
	                   .show = RS_JSON},
	[C_CAP_OVERLAP] = {.json = "capture.provider_overlap", .show = RS_JSON},
	[C_CAP_WARM_P] = {.json = "capture.warmup.p_value", .show = RS_JSON},
	[C_CAP_WARM_SUG] = {.json = "capture.warmup.suggested", .show = RS_JSON},
	[C_CAP_DRIFT_P] = {.json = "capture.drift.p_value", .show = RS_JSON},
	[C_CAP_DRIFT_RATIO] = {.json = "capture.drift.median_ratio",
	                       .show = RS_JSON},
	[C_CAP_TOP] = {.json = "capture.quality.top_value_share", .show = RS_JSON},
	[C_CAP_TIES] = {.json = "capture.quality.tie_share", .show = RS_JSON},
	[C_CAP_RES] = {.json = "capture.quality.resolution_s", .show = RS_JSON},
	[C_CAP_WALL] = {.json = "capture.wall_clock", .show = RS_JSON},
	[C_CAP_UNKNOWN] = {.json = "capture.not_checked", .show = RS_JSON},
	[C_GATES] = {.json = "gates", .show = RS_JSON},
	[C_WARNINGS] = {.json = "warnings", .csv = "warnings",
	                .show = RS_JSON | RS_CSV},
};

static struct rtable *
status_table(struct rdoc *d, const struct cell *c)
{
	static const char *const keys[] = {"status", "n"};
	struct rtable *t = rtable_json(d, NULL, keys, 2);

	for (size_t k = 0; k < c->nstatus; k++) {
		struct rval *r = rtable_row(t);
		r[0] = c->status[k].status ? rv_int(c->status[k].status) : rv_null();
		r[1] = rv_int((long long)c->status[k].n);
	}
	if (c->status_other > 0) {
		struct rval *r = rtable_row(t);
		r[0] = rv_str(d, "other");
		r[1] = rv_int((long long)c->status_other);
	}
	return t;
}

static struct rtable *
bins_table(struct rdoc *d, const struct idle_result *id)
{
	static const char *const keys[] = {"gap_lo_s", "gap_hi_s", "n", "cold"};
	struct rtable *t = rtable_json(d, NULL, keys, 4);

	for (size_t b = 0; b < id->nbins; b++) {
		struct rval *r;
		if (id->bin[b].n == 0)
			continue;
		r = rtable_row(t);
		r[0] = rv_num(id->bin[b].lo_s);
		r[1] = rv_num(id->bin[b].hi_s);
		r[2] = rv_int((long long)id->bin[b].n);
		r[3] = rv_int((long long)id->bin[b].cold);
	}
	return t;
}

static struct rval
interval(const struct cell *c, enum ci_stat s)
{
	if (!c->ci.have)
		return rv_null();
	return rv_pair(c->ci.lo[s], c->ci.hi[s]);
}

static void
capture_vals(struct rdoc *d, const struct cell *c, struct rval *v)
{
	static const char *const state[] = {"pass", "fail", "not checked"};
	static const char *const wd[7] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	                                  "Fri", "Sat"};
	const struct capture *a = &c->capture;
	const char *hours[24], *days[7], *unk[CAP_NCHECKS];
	size_t nh = 0, nd = 0, nu = 0;

	v[C_CAP] = rv_bool(true);
	for (int k = 0; k < CAP_NCHECKS; k++) {
		v[C_CAP_CHECK + k] = rv_str(d, state[a->state[k]]);
		if (a->state[k] == CAP_UNKNOWN)
			unk[nu++] = rdoc_strf(d, "%s: %s",
			                      capture_check_name((enum cap_check)k),
			                      a->why[k] ? a->why[k] : "not checked");
	}
	v[C_CAP_UNKNOWN] = rv_list(d, unk, nu);
	v[C_CAP_WALL] = a->timed ? rv_bool(a->wallclock) : rv_null();
	if (a->timed) {
		v[C_CAP_CONC_MED] = rv_num(a->conc_median);
		v[C_CAP_CONC_MAX] = rv_num(a->conc_max);
		v[C_CAP_CONC_BOUND] = rv_str(d, a->conc_exact
		                             ? "exact: in flight from start to the "
		                               "end of the response"
		                             : "lower bound: in flight from start "
		                               "to first token");
		v[C_CAP_GAP_MED] = rv_num(a->gap_median_s);
		v[C_CAP_WITHIN1] = rv_num(a->within_1s);
		v[C_CAP_SPAN] = rv_num(a->span_h);
		v[C_CAP_OVERLAP] = rv_num(a->overlap);
	}
	if (a->timed && a->wallclock) {
		for (int h = 0; h < 24; h++)
			if (a->hours & (1u << h))
				hours[nh++] = rdoc_strf(d, "%02d", h);
		for (int k = 0; k < 7; k++)
			if (a->days & (1u << k))
				days[nd++] = wd[k];
		v[C_CAP_HOURS] = rv_list(d, hours, nh);
		v[C_CAP_DAYS] = rv_list(d, days, nd);
		v[C_CAP_OFFPEAK] = rv_bool(a->offpeak);
	}
	v[C_CAP_WARM_P] = rv_num(a->warm_p);
	if (!isnan(a->warm_p))
		v[C_CAP_WARM_SUG] = rv_int((long long)a->warmup_suggested);
	v[C_CAP_DRIFT_P] = rv_num(a->drift_p);
	v[C_CAP_DRIFT_RATIO] = rv_num(a->drift_ratio);
	v[C_CAP_TOP] = rv_num(a->top_value_share);
	v[C_CAP_TIES] = rv_num(a->tie_share);
	v[C_CAP_RES] = rv_num(a->resolution_s);
	v[C_CAP_E2E] = rv_num(a->ttft_is_e2e);
	v[C_CAP_TOK_MIN] = rv_num(a->tokens_min);
	v[C_CAP_TOK_MAX] = rv_num(a->tokens_max);
	v[C_CAP_TOK_CV] = rv_num(a->tokens_cv);
	v[C_CAP_TOK_RATIO] = rv_num(a->ttft_long_short);
}

static void
cell_row(struct rdoc *d, struct rtable *tab, size_t nkeys,
         const struct trace *t, const struct cell *c, const struct opts *o)
{
	struct rval *row = rtable_row(tab), *v;
	const struct describe *ds = &c->d;
	const struct mix_result *m = &c->mix;
	const char *tier = stats_tier_name(ds->tier);
	const char *gates[OPTS_MAX_GATES], *warn[CELL_WARNINGS_MAX];
	size_t ng = 0;

	res_group_vals(d, row, 0, tab, t, c);
	v = row + nkeys;
	v[C_N] = rv_int((long long)ds->n);
	v[C_WARMUP] = rv_int((long long)c->warmup_discarded);
	v[C_ERRORS] = rv_int((long long)c->errors);
	v[C_ERR_RATE] = rv_num(c->error_rate);
	v[C_RELIABLE] = c->requests ? rv_bool(!c->unreliable) : rv_null();
	v[C_BY_STATUS] = rv_table(status_table(d, c));
	v[C_MIN] = rv_num(ds->min);
	v[C_MEDIAN] = rv_num(ds->median);
	v[C_P90] = rv_num(ds->p90);
	v[C_P95] = rv_num(ds->p95);
	v[C_P99] = rv_num(ds->p99);
	v[C_MAX] = rv_num(ds->max);
	v[C_MEAN] = rv_num(ds->mean);
	v[C_SD] = rv_num(ds->sd);
	v[C_CV] = rv_num(ds->cv_pct);
	v[C_TAIL] = rv_num(ds->tail_ratio);
	v[C_TOP_SHARE] = rv_num(ds->top_share);
	v[C_TIER] = rv_str(d, tier);
	/* the tier of a cell most of whose requests failed says nothing */
	v[C_TIER_TEXT] = rv_str(d, c->unreliable ? "unreliable" : tier);
	v[C_CI_MEDIAN] = interval(c, CI_MEDIAN);
	v[C_CI_P95] = interval(c, CI_P95);
	v[C_CI_P99] = interval(c, CI_P99);
	v[C_CI_MEAN] = interval(c, CI_MEAN);
	v[C_CI_CV] = interval(c, CI_CV);
	v[C_CI_TAIL] = interval(c, CI_TAIL);
	if (m->fitted) {
		v[C_MIX] = rv_bool(true);
		v[C_BIMODAL] = rv_bool(m->bimodal);
		v[C_DBIC] = v[C_DBIC_TEXT] = rv_num(m->delta_bic);
		v[C_DBIC_SKEWED] = rv_num(m->skewed_delta_bic);
		v[C_ASHMAN] = v[C_ASHMAN_TEXT] = rv_num(m->ashman_d);
		v[C_COLD] = rv_num(m->cold_share);
		v[C_COLD_TEXT] = m->bimodal
		                 ? rv_str(d, rdoc_strf(d, "%.1f%%", 100.0 * m->cold_share))
		                 : rv_str(d, "none");
		v[C_WARM_MED] = rv_num(m->warm_median_s);
		v[C_COLD_MED] = rv_num(m->cold_median_s);
		v[C_PENALTY] = rv_num(m->cold_penalty_s);
		v[C_THRESHOLD] = rv_num(m->threshold_s);
		v[C_CONVERGED] = rv_bool(m->converged);
		v[C_ITER] = rv_int((long long)m->iterations);
		v[C_NEEDED] = m->bimodal ? rv_num(c->needed_n) : rv_null();
	}
	if (c->idle.have) {
		v[C_IDLE] = rv_bool(true);
		v[C_BINS] = rv_table(bins_table(d, &c->idle));
		v[C_KEEP] = rv_num(c->idle.keep_warm_s);
		v[C_KEEP_CI] = rv_pair(c->idle.keep_warm_lo_s, c->idle.keep_warm_hi_s);
		v[C_IDLE_NOTE] = c->idle.identified ? rv_null()
		                                     : rv_str(d, c->idle.why);
		v[C_IDLE_P] = rv_num(c->idle.p_value);
		if (c->idle.identified) {
			v[C_IDLE_METHOD] = rv_str(d, c->idle.method);
			v[C_IDLE_BRACKET] = rv_pair(c->idle.bracket_lo_s,
			                            c->idle.bracket_hi_s);
			if (c->idle.resamples > 0)
				v[C_IDLE_RESAMPLES] = rv_int((long long)c->idle.resamples);
			v[C_KEEP_TEXT] = isnan(c->idle.keep_warm_lo_s)
			    ? rv_str(d, rdoc_strf(d, "%.0f s", c->idle.keep_warm_s))
			    : rv_str(d, rdoc_strf(d, "%.0f s [%.0f, %.0f]",
			                          c->idle.keep_warm_s,
			                          c->idle.keep_warm_lo_s,
			                          c->idle.keep_warm_hi_s));
		}
	}
	if (c->ac.have) {
		v[C_AC] = rv_bool(true);
		v[C_AC_LAG1] = rv_num(c->ac.lag1);
		v[C_AC_NEFF] = rv_num(c->ac.n_eff);
		v[C_AC_SIG] = rv_bool(c->ac.significant);
		if (c->ac.widened) {
			v[C_AC_TAU_MED] = rv_num(c->ac.tau[CI_MEDIAN]);
			v[C_AC_TAU_P95] = rv_num(c->ac.tau[CI_P95]);
			v[C_AC_TAU_MEAN] = rv_num(c->ac.tau[CI_MEAN]);
		}
	}
	capture_vals(d, c, v);
	for (size_t g = 0; g < o->ngates; g++)
		if (c->gates & (1u << g))
			gates[ng++] = o->gates[g];
	v[C_GATES] = rv_list(d, gates, ng);
	for (size_t w = 0; w < c->nwarn; w++)
		warn[w] = c->warn[w];
	v[C_WARNINGS] = rv_list(d, warn, c->nwarn);
}

struct rtable *
res_cells_table(struct rdoc *d, const struct opts *o, const struct trace *t,
                const struct cells *cs, size_t ngates, unsigned formats)
{
	struct rtable *tab;
	size_t nkeys;
	char cititle[160];
	const char *sections[3];

	tab = rdoc_table(d, "cells", NULL, formats);
	tab->primary = true;
	nkeys = res_group_cols(tab, t, cs, RS_ALL, false);
	for (size_t i = 0; i < NCOLS; i++) {
		struct rcol c = columns[i];
		/* no interval without resamples, no gates without --fail-if */
		if (c.section == 1 && o->s.bootstrap == 0)
			c.show &= ~(unsigned)RS_TEXT;
		if (i == C_GATES && ngates == 0)
			c.show = 0;
		rtable_col(tab, &c);
	}
	snprintf(cititle, sizeof cititle, "%g %% confidence intervals (%s "
	         "bootstrap, B = %lu, seed %llu)", 100.0 * o->s.confidence,
	         o->s.ci == CI_BCA ? "BCa" : "percentile", o->s.bootstrap,
	         o->s.seed);
	sections[0] = "";
	sections[1] = cititle;
	sections[2] = "cold starts (two-component log-normal mixture; D = "
	              "Ashman's separation)";
	rtable_sections(tab, sections, 3);
	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		cell_row(d, tab, nkeys, t, c, o);
		res_cell_warnings(d, res_cell_label(d, t, c), c);
	}
	return tab;
}

/* For every cell with cold starts: its keep-warm window and how it was
 * found, or why there is none (the table's column only shows a dash). */
static void
keep_warm_lines(struct rdoc *d, const struct opts *o, const struct trace *t,
                const struct cells *cs)
{
	struct rpart *p = NULL;

	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		const struct idle_result *w = &c->idle;
		const char *label = res_cell_label(d, t, c);
		if (!c->mix.bimodal)
			continue;
		if (p == NULL)
			p = rdoc_lines(d, "keep-warm window (the idle gap after which "
			               "the next request starts cold):", RF_HUMAN);
		if (!w->have)
			rpart_item(d, p, label, "none: the input has no start times, "
			           "so no idle gaps");
		else if (!w->identified)
			rpart_item(d, p, label, "none: %s", w->why);
		else if (isnan(w->keep_warm_lo_s))
			rpart_item(d, p, label, "%.0f s (%s: between gaps of %.0f s and "
			           "%.0f s); no interval: %zu of %zu resamples have no "
			           "crossing", w->keep_warm_s, w->method,
			           w->bracket_lo_s, w->bracket_hi_s,
			           w->resamples_undefined, w->resamples);
		else
			rpart_item(d, p, label, "%.0f s, %g %% interval [%.0f, %.0f] (%s; "
			           "cold share crosses 1/2 between gaps of %.0f s and "
			           "%.0f s)", w->keep_warm_s,
			           100.0 * o->s.confidence, w->keep_warm_lo_s,
			           w->keep_warm_hi_s, w->method, w->bracket_lo_s,
			           w->bracket_hi_s);
	}
}

struct rdoc *
res_summary(const struct opts *o, const struct trace *t,
            const struct cells *cs, const struct gate *g, size_t ngates)
{
	struct rdoc *d = rdoc_new();
	struct rtable *inputs = NULL;
	struct rpart *head;
	const struct trace *ts[1] = {t};

	if (d == NULL)
		return NULL;
	head = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, head, "TTFT in seconds; %zu cell%s; warm-up %zu per cell",
	           cs->n, cs->n == 1 ? "" : "s", o->s.warmup);
	res_header(d, o, NULL);
	res_inputs(d, t, cs, NULL, &inputs);
	res_cells_table(d, o, t, cs, ngates, RF_EVERY);
	keep_warm_lines(d, o, t, cs);
	res_capture_lines(d, t, cs);
	res_inputs_text(d, inputs, ts, 1);
	if (ngates > 0) {
		res_gates_table(d, t, cs);
		for (size_t k = 0; k < ngates; k++)
			for (size_t i = 0; i < cs->n; i++) {
				struct gate_check gc = gate_check_cell(&g[k], &cs->c[i]);
				res_gate_row(d, &g[k], res_cell_label(d, t, &cs->c[i]), &gc,
				             NULL);
			}
	}
	return d;
}
