/*
 * res_rank.c — `rank`'s document: per model the providers best first,
 * ties marked, the unreliable last.
 *
 * JSON nests them as models[].ranking[] (the shape rank has always had);
 * text, CSV and Markdown show one flat table, the model named once.
 */
#include <math.h>
#include <stdio.h>

#include "../analyze/rank.h"
#include "res.h"

enum col {
	C_MODEL, C_RANK_TEXT, C_RANK, C_PROVIDER, C_N, C_ERRORS, C_ERR_RATE,
	C_RELIABLE, C_VALUE, C_CI, C_P, C_P_ADJ, C_P_TEXT, C_TIED, NCOLS
};

static void
columns(struct rtable *t, enum rank_metric m, double confidence, bool flat)
{
	enum rc_fmt f = m == RANK_CV ? RC_FIXED
	              : m == RANK_COLD || m == RANK_ERRORS ? RC_PERCENT : RC_SECONDS;
	char ci[64];
	unsigned flat_show = flat ? RS_TEXT | RS_CSV : RS_JSON;
	struct rcol c[NCOLS] = {
		[C_MODEL] = {.head = "model", .csv = "model", .show = flat ? flat_show : 0,
		             .key = true, .blank_repeats = true},
		[C_RANK_TEXT] = {.head = "rank", .show = flat ? RS_TEXT : 0},
		[C_RANK] = {.json = "rank", .csv = "rank",
		            .show = flat ? RS_CSV : RS_JSON},
		[C_PROVIDER] = {.head = "provider", .json = "provider",
		                .csv = "provider", .show = flat ? flat_show : RS_JSON,
		                .key = true},
		[C_N] = {.head = "n", .json = "n", .csv = "n",
		         .show = flat ? flat_show : RS_JSON, .fmt = RC_INT},
		[C_ERRORS] = {.json = "errors", .csv = "errors",
		              .show = flat ? RS_CSV : RS_JSON},
		[C_ERR_RATE] = {.head = "err%", .json = "error_rate",
		                .csv = "error_rate", .show = flat ? flat_show : RS_JSON,
		                .fmt = RC_PERCENT, .prec = 1},
		[C_RELIABLE] = {.json = "reliable", .csv = "reliable",
		                .show = flat ? RS_CSV : RS_JSON},
		[C_VALUE] = {.head = rank_metric_name(m), .json = "value",
		             .csv = "value", .show = flat ? flat_show : RS_JSON,
		             .fmt = f, .prec = 1},
		[C_CI] = {.head = ci, .json = "ci", .csv = "lo", .csv2 = "hi",
		          .show = flat ? flat_show : RS_JSON, .fmt = f, .prec = 1},
		[C_P] = {.json = "p_vs_previous", .csv = "p_vs_previous",
		         .show = flat ? RS_CSV : RS_JSON},
		[C_P_ADJ] = {.json = "p_adjusted", .csv = "p_adjusted",
		             .show = flat ? RS_CSV : RS_JSON},
		[C_P_TEXT] = {.head = "p vs above (Holm)", .show = flat ? RS_TEXT : 0,
		              .fmt = RC_SIG, .prec = 3},
		[C_TIED] = {.json = "tied_with_previous", .csv = "tied_with_previous",
		            .show = flat ? RS_CSV : RS_JSON},
	};

	snprintf(ci, sizeof ci, "%g %% interval", 100.0 * confidence);
	for (size_t i = 0; i < NCOLS; i++)
		rtable_col(t, &c[i]);
}

static void
entry_row(struct rdoc *d, struct rtable *t, const struct trace *tr,
          const struct rank_entry *e)
{
	struct rval *v = rtable_row(t);
	const struct cell *c = e->c;

	v[C_MODEL] = rv_str(d, trace_str(tr, tr->cells[c->id].key[0]));
	v[C_RANK_TEXT] = rv_str(d, rdoc_strf(d, "%s%u%s", e->tied ? "=" : "",
	                                     e->rank, c->unreliable ? " !" : ""));
	v[C_RANK] = rv_int(e->rank);
	v[C_PROVIDER] = rv_str(d, tr->nkeys > 1 ? trace_str(tr,
	                       tr->cells[c->id].key[1]) : NULL);
	v[C_N] = rv_int((long long)c->d.n);
	v[C_ERRORS] = rv_int((long long)c->errors);
	v[C_ERR_RATE] = rv_num(c->error_rate);
	v[C_RELIABLE] = c->requests ? rv_bool(!c->unreliable) : rv_null();
	v[C_VALUE] = rv_num(e->value);
	v[C_CI] = rv_pair(e->lo, e->hi);
	v[C_P] = rv_num(e->p);
	v[C_P_ADJ] = rv_num(e->p_adj);
	v[C_P_TEXT] = rv_num(e->p_adj);
	v[C_TIED] = rv_bool(e->tied);
}

struct rdoc *
res_rank(const struct opts *o, const struct trace *t,
         const struct rank_result *r)
{
	struct rdoc *d = rdoc_new();
	struct rtable *models, *flat, *inputs = NULL;
	struct rpart *head;
	const struct trace *ts[1] = {t};
	bool any_unreliable = false;

	if (d == NULL)
		return NULL;
	head = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, head, "providers by %s, best first, per model; =N ties "
	           "with the one above (Holm-adjusted p >= %g); ! unreliable "
	           "(more than 5 %% of requests failed): ranked last",
	           rank_metric_name(r->metric), o->alpha);
	res_header(d, o, rank_metric_name(r->metric));
	res_inputs(d, t, NULL, NULL, &inputs);
	{
		static const char *const keys[] = {"model", "ranking"};
		models = rtable_json(d, "models", keys, 2);
		rdoc_part_table(d, "models", NULL, RF_JSON, models);
	}
	flat = rdoc_table(d, "ranking", NULL, RF_TEXT | RF_CSV | RF_MD);
	flat->primary = true;
	columns(flat, r->metric, o->s.confidence, true);
	for (size_t g = 0; g < r->ngroups; g++) {
		struct rtable *sub = rtable_new(d, NULL);
		struct rval *mv = rtable_row(models);
		const struct cell *first = r->e[r->start[g]].c;
		columns(sub, r->metric, o->s.confidence, false);
		for (size_t i = r->start[g]; i < r->start[g + 1]; i++) {
			entry_row(d, sub, t, &r->e[i]);
			entry_row(d, flat, t, &r->e[i]);
			res_cell_warnings(d, res_cell_label(d, t, r->e[i].c), r->e[i].c);
			any_unreliable |= r->e[i].c->unreliable;
		}
		mv[0] = rv_str(d, trace_str(t, t->cells[first->id].key[0]));
		mv[1] = rv_table(sub);
		if (r->fails_more[g] != SIZE_MAX) {
			const struct cell *o2 = r->e[r->fails_more[g]].c;
			char msg[512];
			snprintf(msg, sizeof msg, "ranked first by %s but fails more "
			         "often than %s (%.1f %% against %.1f %% of requests, "
			         "Fisher p = %.2g): rank by errors too (--by-metric "
			         "errors)", rank_metric_name(r->metric),
			         res_cell_label(d, t, o2), 100.0 * first->error_rate,
			         100.0 * o2->error_rate, r->fails_more_p[g]);
			rdoc_warn(d, res_cell_label(d, t, first), msg);
		}
	}
	(void)any_unreliable;
	res_inputs_text(d, inputs, ts, 1);
	return d;
}
