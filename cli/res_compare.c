/*
 * res_compare.c — `compare`'s document, in the spirit of benchstat: per
 * cell the base and new values, each change, "~" where it is not
 * significant, and the tests named once below.
 *
 * Text: the changes (fitting 100 columns), then their bootstrap
 * intervals; --wide adds the CV, n and error rates of both sides.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "res.h"

static const char tests_note[] =
	"the verdict has four tests: location (\xce\x94 median): Mann-Whitney U, "
	"two-sided (exact null distribution below 50 per side without ties; "
	"otherwise normal with tie and continuity corrections); tail "
	"(\xce\x94 p95): the bootstrap test of the two p95s, from the resamples "
	"of the interval; cold share: Fisher's exact test on cold/warm counts; "
	"consistency (spread): Brown-Forsythe on ln TTFT.  Their p-values are "
	"Holm-adjusted together across all four tests of all matched cells: a "
	"cell is changed when any rejects at alpha, and a regression when a "
	"rejecting test says worse (slower, a longer tail, more cold starts, a "
	"wider spread): \"worse !\".  \xce\x94 CV (points) is marked where its interval excludes 0 (no "
	"test: the CV is no verdict).  Intervals: percentile bootstrap of the "
	"difference, each side resampled independently.";

enum col {
	C_PRESENT, C_BASE, C_NEW, C_N, C_ERRORS, C_ERR_RATE, C_MEDIAN,
	C_D_MEDIAN_TEXT, C_P95, C_D_P95_TEXT, C_CV, C_D_CV_TEXT, C_SPREAD_TEXT,
	C_COLD, C_VERDICT_TEXT, C_N_TEXT,
	C_DELTA_MEDIAN, C_DELTA_P95, C_DELTA_CV, C_CI_MEDIAN, C_CI_P95, C_CI_CV,
	C_TEST, C_CONT, C_U, C_P, C_P_ADJ, C_SIGNIFICANT, C_COLD_P, C_COLD_PADJ,
	C_BASE_COLD, C_NEW_COLD, C_F, C_SPREAD_P, C_SPREAD_PADJ, C_SPREAD_UP,
	C_TAIL_P, C_TAIL_PADJ, C_CHANGED, C_CHANGED_BY, C_V_LOC, C_V_TAIL,
	C_V_COLD, C_V_SPREAD, C_REGRESSION, C_COMPARABLE, C_GATES, NCOLS
};

static const struct rcol columns[NCOLS] = {
	[C_PRESENT] = {.json = "present", .csv = "present",
	               .show = RS_JSON | RS_CSV},
	[C_BASE] = {.json = "base", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_NEW] = {.json = "new", .show = RS_JSON, .fmt = RC_OBJECT},
	[C_N] = {.json = "base.n", .json2 = "new.n", .csv = "base_n",
	         .csv2 = "new_n", .show = RS_JSON | RS_CSV, .fmt = RC_INT,
	         .pair = RP_ARROW},
	[C_ERRORS] = {.json = "base.errors", .json2 = "new.errors",
	              .csv = "base_errors", .csv2 = "new_errors",
	              .show = RS_JSON | RS_CSV, .fmt = RC_INT, .pair = RP_ARROW},
	[C_ERR_RATE] = {.head = "err%", .json = "base.error_rate",
	                .json2 = "new.error_rate", .csv = "base_error_rate",
	                .csv2 = "new_error_rate", .show = RS_ALL | RS_WIDE,
	                .fmt = RC_PERCENT, .prec = 1, .pair = RP_ARROW},
	[C_MEDIAN] = {.head = "median (s)", .json = "base.median",
	              .json2 = "new.median", .csv = "base_median_s",
	              .csv2 = "new_median_s", .show = RS_ALL, .fmt = RC_SECONDS,
	              .pair = RP_ARROW},
	[C_D_MEDIAN_TEXT] = {.head = "\xce\x94 median", .show = RS_TEXT},
	[C_P95] = {.head = "p95 (s)", .json = "base.p95", .json2 = "new.p95",
	           .csv = "base_p95_s", .csv2 = "new_p95_s", .show = RS_ALL,
	           .fmt = RC_SECONDS, .pair = RP_ARROW},
	[C_D_P95_TEXT] = {.head = "\xce\x94 p95", .show = RS_TEXT},
	[C_CV] = {.head = "CV%", .json = "base.cv_pct", .json2 = "new.cv_pct",
	          .csv = "base_cv_pct", .csv2 = "new_cv_pct",
	          .show = RS_ALL | RS_WIDE, .fmt = RC_FIXED, .prec = 1,
	          .pair = RP_ARROW},
	[C_D_CV_TEXT] = {.head = "\xce\x94 CV", .show = RS_TEXT},
	[C_SPREAD_TEXT] = {.head = "spread", .show = RS_TEXT},
	[C_COLD] = {.json = "base.cold_share", .json2 = "new.cold_share",
	            .csv = "base_cold_share", .csv2 = "new_cold_share",
	            .show = RS_JSON | RS_CSV, .pair = RP_ARROW},
	[C_VERDICT_TEXT] = {.head = "verdict", .show = RS_TEXT, .left = true},
	[C_N_TEXT] = {.head = "n", .show = RS_TEXT | RS_WIDE},
	[C_DELTA_MEDIAN] = {.json = "delta.median_pct", .csv = "median_pct",
	                    .show = RS_JSON},
	[C_DELTA_P95] = {.json = "delta.p95_pct", .show = RS_JSON},
	[C_DELTA_CV] = {.json = "delta.cv_pct_points", .show = RS_JSON},
	[C_CI_MEDIAN] = {.head = "\xce\x94 median (%)", .json = "delta.ci.median_pct",
	                 .show = RS_TEXT | RS_JSON, .fmt = RC_SIGNED, .prec = 1,
	                 .section = 1},
	[C_CI_P95] = {.head = "\xce\x94 p95 (%)", .json = "delta.ci.p95_pct",
	              .show = RS_TEXT | RS_JSON, .fmt = RC_SIGNED, .prec = 1,
	              .section = 1},
	[C_CI_CV] = {.head = "\xce\x94 CV (pts)", .json = "delta.ci.cv_pct_points",
	             .show = RS_TEXT | RS_JSON, .fmt = RC_SIGNED, .prec = 1,
	             .section = 1},
	[C_TEST] = {.json = "test", .csv = "test", .show = RS_JSON | RS_CSV},
	[C_CONT] = {.json = "continuity_correction", .show = RS_JSON},
	[C_U] = {.json = "u", .csv = "u", .show = RS_JSON | RS_CSV},
	[C_P] = {.json = "p_value", .csv = "p_value", .show = RS_JSON | RS_CSV},
	[C_P_ADJ] = {.json = "p_adjusted", .csv = "p_adjusted",
	             .show = RS_JSON | RS_CSV},
	[C_SIGNIFICANT] = {.json = "significant", .csv = "significant",
	                   .show = RS_JSON | RS_CSV},
	[C_COLD_P] = {.json = "cold_share_test.p_value", .show = RS_JSON},
	[C_COLD_PADJ] = {.json = "cold_share_test.p_adjusted",
	                 .csv = "cold_p_adjusted", .show = RS_JSON | RS_CSV},
	[C_BASE_COLD] = {.json = "cold_share_test.base_cold", .show = RS_JSON},
	[C_NEW_COLD] = {.json = "cold_share_test.new_cold", .show = RS_JSON},
	[C_F] = {.json = "consistency_test.f", .show = RS_JSON},
	[C_SPREAD_P] = {.json = "consistency_test.p_value", .show = RS_JSON},
	[C_SPREAD_PADJ] = {.json = "consistency_test.p_adjusted",
	                   .csv = "consistency_p_adjusted",
	                   .show = RS_JSON | RS_CSV},
	[C_SPREAD_UP] = {.json = "consistency_test.wider", .show = RS_JSON},
	[C_TAIL_P] = {.json = "tail_test.p_value", .show = RS_JSON},
	[C_TAIL_PADJ] = {.json = "tail_test.p_adjusted", .csv = "tail_p_adjusted",
	                 .show = RS_JSON | RS_CSV},
	[C_CHANGED] = {.json = "changed", .csv = "changed",
	               .show = RS_JSON | RS_CSV},
	[C_CHANGED_BY] = {.json = "changed_by", .csv = "changed_by",
	                  .show = RS_JSON | RS_CSV},
	[C_V_LOC] = {.json = "verdict_p.location", .show = RS_JSON},
	[C_V_TAIL] = {.json = "verdict_p.tail", .show = RS_JSON},
	[C_V_COLD] = {.json = "verdict_p.cold_share", .show = RS_JSON},
	[C_V_SPREAD] = {.json = "verdict_p.consistency", .show = RS_JSON},
	[C_REGRESSION] = {.json = "regression", .csv = "regression",
	                  .show = RS_JSON | RS_CSV},
	[C_COMPARABLE] = {.json = "captured_differently", .show = RS_JSON},
	[C_GATES] = {.json = "gates", .show = RS_JSON},
};

/* The CSV's change columns: the value and its interval, as before. */
static const struct rcol csv_changes[] = {
	{.csv = "median_pct", .show = RS_CSV},
	{.csv = "median_pct_lo", .csv2 = "median_pct_hi", .show = RS_CSV},
	{.csv = "p95_pct", .show = RS_CSV},
	{.csv = "p95_pct_lo", .csv2 = "p95_pct_hi", .show = RS_CSV},
	{.csv = "cv_pct_points", .show = RS_CSV},
	{.csv = "cv_pct_points_lo", .csv2 = "cv_pct_points_hi", .show = RS_CSV},
};

static double
side_value(const struct cell *c, int what)
{
	if (c == NULL)
		return NAN;
	switch (what) {
	case 0: return (double)c->d.n;
	case 1: return (double)c->errors;
	case 2: return c->error_rate;
	case 3: return c->d.median;
	case 4: return c->d.p95;
	case 5: return c->d.cv_pct;
	default: return c->mix.fitted ? c->mix.cold_share : NAN;
	}
}

static struct rval
sides(const struct cmp_cell *c, int what)
{
	return rv_pair(side_value(c->base, what), side_value(c->nw, what));
}

/* "+12.3%" when significant, "~" when not, "–" untested. */
static struct rval
change(struct rdoc *d, double v, bool significant, const char *unit)
{
	if (isnan(v))
		return rv_null();
	if (!significant)
		return rv_str(d, "~");
	return rv_str(d, rdoc_strf(d, "%+.1f%s", v, unit));
}

/* The group values of a cell from whichever side has it, by key name. */
static void
group_vals(struct rdoc *d, struct rval *row, const struct trace *tb,
           const struct cmp_cell *c)
{
	const struct trace *t = c->base ? c->tb : c->tn;
	const struct cell *cell = c->base ? c->base : c->nw;

	for (size_t k = 0; k < tb->nkeys; k++) {
		int j = trace_key_find(t, tb->keyname[k]);
		row[k] = j < 0 ? rv_null()
		               : rv_str(d, trace_str(t, t->cells[cell->id].key[j]));
	}
}

static const char *
label_of(struct rdoc *d, const struct cmp_cell *c)
{
	return res_cell_label(d, c->base ? c->tb : c->tn,
	                      c->base ? c->base : c->nw);
}

/* How BASE and NEW were captured differently (a difference of method is
 * not one of provider): concurrency, spacing, off-peak coverage, hours of
 * day, the harness.  Returns the number of differences in out[]. */
static size_t
differences(struct rdoc *d, const struct cmp_cell *c, const char **out)
{
	const struct capture *a = &c->base->capture, *b = &c->nw->capture;
	const struct trace_source *sa, *sb;
	size_t n = 0;

	if (a->timed && b->timed) {
		if ((a->conc_max > 1) != (b->conc_max > 1))
			out[n++] = rdoc_strf(d, "concurrency: base up to %.0f in flight, "
			                     "new up to %.0f", a->conc_max, b->conc_max);
		if (a->gap_median_s > 10 * b->gap_median_s ||
		    b->gap_median_s > 10 * a->gap_median_s)
			out[n++] = rdoc_strf(d, "spacing: median gap %.3g s in base, "
			                     "%.3g s in new", a->gap_median_s,
			                     b->gap_median_s);
		if (a->wallclock && b->wallclock) {
			if (a->offpeak != b->offpeak)
				out[n++] = rdoc_strf(d, "time of day: %s covers off-peak "
				                     "hours, %s does not",
				                     a->offpeak ? "base" : "new",
				                     a->offpeak ? "new" : "base");
			else if ((a->hours & b->hours) == 0)
				out[n++] = rdoc_strf(d, "time of day: base and new were "
				                     "measured at different hours");
		}
	} else if (a->timed != b->timed) {
		out[n++] = rdoc_strf(d, "only %s has start times: the capture "
		                     "methods cannot be compared",
		                     a->timed ? "base" : "new");
	}
	sa = &c->tb->sources[trace_row_source(c->tb, c->base->rows[0])];
	sb = &c->tn->sources[trace_row_source(c->tn, c->nw->rows[0])];
	if (a->production != b->production)
		out[n++] = rdoc_strf(d, "traffic: %s is a capture, %s production "
		                     "traffic (users' requests, overlapping, at any "
		                     "hour): the sandbox against production",
		                     a->production ? "new" : "base",
		                     a->production ? "base" : "new");
	if ((sa->preset == NULL) != (sb->preset == NULL) ||
	    (sa->preset && sb->preset && strcmp(sa->preset, sb->preset) != 0))
		out[n++] = rdoc_strf(d, "harness: base from %s, new from %s",
		                     sa->preset ? sa->preset : "a generic file",
		                     sb->preset ? sb->preset : "a generic file");
	return n;
}

static void
cell_row(struct rdoc *d, struct rtable *tab, const struct trace *tb,
         const struct cmp_cell *c, const struct opts *o)
{
	struct rval *row = rtable_row(tab), *v;
	bool both = c->base && c->nw;
	const char *gates[OPTS_MAX_GATES];
	size_t ng = 0;

	group_vals(d, row, tb, c);
	v = row + tb->nkeys;
	v[C_PRESENT] = rv_str(d, both ? "both" : c->base ? "base" : "new");
	v[C_BASE] = c->base ? rv_bool(true) : rv_null();
	v[C_NEW] = c->nw ? rv_bool(true) : rv_null();
	v[C_N] = sides(c, 0);
	v[C_ERRORS] = sides(c, 1);
	v[C_ERR_RATE] = sides(c, 2);
	v[C_MEDIAN] = sides(c, 3);
	v[C_P95] = sides(c, 4);
	v[C_CV] = sides(c, 5);
	v[C_COLD] = sides(c, 6);
	v[C_N_TEXT] = rv_str(d, rdoc_strf(d, "%zu+%zu", c->base ? c->base->d.n : 0,
	                                  c->nw ? c->nw->d.n : 0));
	v[C_DELTA_MEDIAN] = rv_num(c->d_median_pct);
	v[C_DELTA_P95] = rv_num(c->d_p95_pct);
	v[C_DELTA_CV] = rv_num(c->d_cv_pts);
	v[C_CI_MEDIAN] = rv_pair(c->ci_median[0], c->ci_median[1]);
	v[C_CI_P95] = rv_pair(c->ci_p95[0], c->ci_p95[1]);
	v[C_CI_CV] = rv_pair(c->ci_cv[0], c->ci_cv[1]);
	if (!both) {
		v[C_D_MEDIAN_TEXT] = rv_str(d, c->base ? "(base only)" : "(new only)");
	} else {
		/* each mark is what its column names: the verdict's test, or
		 * for the CV its interval */
		v[C_D_MEDIAN_TEXT] = change(d, c->d_median_pct,
		                            c->changed_by & (1u << CMP_LOCATION), "%");
		v[C_D_P95_TEXT] = change(d, c->d_p95_pct,
		                         c->changed_by & (1u << CMP_TAIL), "%");
		v[C_D_CV_TEXT] = change(d, c->d_cv_pts,
		                        c->ci_cv[0] > 0 || c->ci_cv[1] < 0, "");
		if (!isnan(c->p_spread))
			v[C_SPREAD_TEXT] = rv_str(d, !(c->changed_by & (1u << CMP_SPREAD))
			                             ? "~" : c->spread_up ? "wider"
			                                                  : "tighter");
		v[C_VERDICT_TEXT] = rv_str(d, c->regression ? "worse !"
		                              : c->changed ? "changed" : "~");
	}
	v[C_TEST] = both ? rv_str(d, c->mw.exact ? "exact" : "normal") : rv_null();
	v[C_CONT] = both ? rv_bool(c->mw.continuity) : rv_null();
	v[C_U] = rv_num(c->mw.u);
	v[C_P] = rv_num(c->p);
	v[C_P_ADJ] = rv_num(c->p_adj);
	v[C_SIGNIFICANT] = rv_bool(c->significant);
	v[C_COLD_P] = rv_num(c->p_cold);
	v[C_COLD_PADJ] = rv_num(c->p_cold_adj);
	if (both) {
		v[C_BASE_COLD] = rv_int(c->cold[0]);
		v[C_NEW_COLD] = rv_int(c->cold[1]);
	}
	v[C_F] = rv_num(c->f_spread);
	v[C_SPREAD_P] = rv_num(c->p_spread);
	v[C_SPREAD_PADJ] = rv_num(c->p_spread_adj);
	if (both) {
		const char *by[CMP_TESTS];
		size_t nb = 0;
		for (int t = 0; t < CMP_TESTS; t++)
			if (c->changed_by & (1u << t))
				by[nb++] = compare_test_name(t);
		v[C_SPREAD_UP] = rv_bool(c->spread_up);
		v[C_CHANGED] = rv_bool(c->changed);
		v[C_CHANGED_BY] = rv_list(d, by, nb);
	}
	v[C_TAIL_P] = rv_num(c->p_tail);
	v[C_TAIL_PADJ] = rv_num(c->p_tail_adj);
	v[C_V_LOC] = rv_num(c->p_verdict[CMP_LOCATION]);
	v[C_V_TAIL] = rv_num(c->p_verdict[CMP_TAIL]);
	v[C_V_COLD] = rv_num(c->p_verdict[CMP_COLD]);
	v[C_V_SPREAD] = rv_num(c->p_verdict[CMP_SPREAD]);
	v[C_REGRESSION] = rv_bool(c->regression);
	if (both && c->base->requests > 0 && c->nw->requests > 0) {
		const char *diff[8];
		size_t nd = differences(d, c, diff);
		v[C_COMPARABLE] = rv_list(d, diff, nd);
		for (size_t k = 0; k < nd; k++)
			rdoc_warn(d, label_of(d, c), rdoc_strf(d, "captured differently "
			          "(%s): a difference of method is not one of provider",
			          diff[k]));
	}
	for (size_t g = 0; g < o->ngates; g++)
		if (c->gates & (1u << g))
			gates[ng++] = o->gates[g];
	v[C_GATES] = rv_list(d, gates, ng);
	v[NCOLS] = rv_num(c->d_median_pct);
	v[NCOLS + 1] = rv_pair(c->ci_median[0], c->ci_median[1]);
	v[NCOLS + 2] = rv_num(c->d_p95_pct);
	v[NCOLS + 3] = rv_pair(c->ci_p95[0], c->ci_p95[1]);
	v[NCOLS + 4] = rv_num(c->d_cv_pts);
	v[NCOLS + 5] = rv_pair(c->ci_cv[0], c->ci_cv[1]);
}

size_t
res_compare_cells(struct rdoc *d, const struct opts *o,
                  const struct trace *tb, const struct comparison *cmp,
                  unsigned formats)
{
	struct rtable *tab;
	struct rpart *foot;
	const char *sections[2];
	char cititle[160];
	size_t matched = 0;

	tab = rdoc_table(d, "cells", NULL, formats);
	tab->primary = true;
	res_group_cols(tab, tb, NULL, RS_ALL, false);
	for (size_t i = 0; i < NCOLS; i++)
		rtable_col(tab, &columns[i]);
	for (size_t i = 0; i < sizeof csv_changes / sizeof csv_changes[0]; i++)
		rtable_col(tab, &csv_changes[i]);
	snprintf(cititle, sizeof cititle, "%g %% bootstrap intervals of the "
	         "changes", 100.0 * o->s.confidence);
	sections[0] = "";
	sections[1] = cititle;
	rtable_sections(tab, sections, 2);
	for (size_t i = 0; i < cmp->n; i++) {
		const struct cmp_cell *c = &cmp->c[i];
		cell_row(d, tab, tb, c, o);
		matched += c->base && c->nw;
		if (c->base)
			res_cell_warnings(d, rdoc_strf(d, "base %s", label_of(d, c)),
			                  c->base);
		if (c->nw)
			res_cell_warnings(d, rdoc_strf(d, "new %s", label_of(d, c)),
			                  c->nw);
	}
	foot = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, foot, "tests: %s", tests_note);
	for (size_t i = 0; i < cmp->n; i++) {
		const struct cmp_cell *c = &cmp->c[i];
		if (c->base && c->nw && (c->changed_by & (1u << CMP_COLD)))
			rpart_line(d, foot, "cold share changed: %s: %u/%u \xe2\x86\x92 "
			           "%u/%u cold (Fisher p = %.3g, Holm across all tests)",
			           label_of(d, c), c->cold[0], c->cold[0] + c->warm[0],
			           c->cold[1], c->cold[1] + c->warm[1],
			           c->p_verdict[CMP_COLD]);
	}
	return matched;
}

struct rdoc *
res_compare(const struct opts *o, const struct trace *tb,
            const struct trace *tn, const struct comparison *cmp,
            const struct cmp_labels *l, const struct gate *g, size_t ngates)
{
	struct rdoc *d = rdoc_new();
	struct rtable *inputs = NULL, *label;
	struct rpart *head;
	const struct trace *ts[2] = {tb, tn};
	size_t matched;

	if (d == NULL)
		return NULL;
	head = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, head, "base: %s", l->base);
	rpart_line(d, head, "new:  %s", l->new_);
	rpart_line(d, head, "values base \xe2\x86\x92 new; marked where the verdict's "
	           "test rejects (Holm across all tests and cells, alpha %g): "
	           "\xce\x94 median by Mann-Whitney, \xce\x94 p95 by the bootstrap "
	           "test of the p95s, spread by Brown-Forsythe; \xce\x94 CV where "
	           "its interval excludes 0; ~ = no change", o->alpha);
	res_header(d, o, NULL);
	for (int side = 0; side < 2; side++) {
		static const char *const key[] = {"label"};
		label = rtable_json(d, side ? "new" : "base", key, 1);
		label->object = true;
		rdoc_part_table(d, label->name, NULL, RF_JSON, label);
		rtable_row(label)[0] = rv_str(d, side ? l->new_ : l->base);
	}
	{
		static const char *const keys[] = {
			"location", "exact_below", "continuity_correction",
			"adjustment", "cold_share", "consistency", "intervals", "tail",
			"verdict"};
		struct rtable *tt = rtable_json(d, "tests", keys, 9);
		struct rval *r;
		tt->object = true;
		rdoc_part_table(d, "tests", NULL, RF_JSON, tt);
		r = rtable_row(tt);
		r[0] = rv_str(d, "mann-whitney-u, two-sided");
		r[1] = rv_int(50);
		r[2] = rv_bool(true);
		r[3] = rv_str(d, "holm");
		r[4] = rv_str(d, "fisher-exact");
		r[5] = rv_str(d, "brown-forsythe on ln ttft");
		r[6] = rv_str(d, "percentile bootstrap of the difference");
		r[7] = rv_str(d, "bootstrap test of the p95s");
		r[8] = rv_str(d, "changed: any of location, tail, cold_share, "
		              "consistency rejects after holm across all tests of all "
		              "matched cells");
	}
	res_inputs(d, tb, NULL, "base", &inputs);
	res_inputs(d, tn, NULL, "new", &inputs);
	matched = res_compare_cells(d, o, tb, cmp, RF_EVERY);
	res_inputs_text(d, inputs, ts, 2);
	if (ngates > 0) {
		res_gates_table(d, tb, NULL);
		for (size_t k = 0; k < ngates; k++) {
			if (matched == 0) {
				/* nothing compared is not a pass */
				struct gate_check gc = {true, NAN, NAN};
				res_gate_row(d, &g[k], "", &gc, "no cell of BASE matches a "
				             "cell of NEW: nothing was compared");
				continue;
			}
			for (size_t i = 0; i < cmp->n; i++) {
				const struct cmp_cell *c = &cmp->c[i];
				struct gate_check gc;
				if (!(c->base && c->nw))
					continue;
				gc = gate_check_cmp(&g[k], c);
				res_gate_row(d, &g[k], label_of(d, c), &gc, NULL);
			}
		}
	}
	return d;
}
