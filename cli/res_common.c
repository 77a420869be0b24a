/*
 * res_common.c — the parts of a result document every command has.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "res.h"

void
res_header(struct rdoc *d, const struct opts *o, const char *metric)
{
	static const char *const keys[] = {"warmup", "bootstrap", "confidence",
	                                   "seed", "ci_method", "alpha", "metric"};
	struct rtable *s;
	struct rval *row;

	rdoc_value(d, "tool", rv_str(d, "ttftstat"), RF_JSON);
	rdoc_value(d, "version", rv_str(d, TTFTSTAT_VERSION), RF_JSON);
	s = rtable_json(d, "settings", keys, metric != NULL ? 7 : 6);
	s->object = true;
	rdoc_part_table(d, "settings", NULL, RF_JSON, s);
	row = rtable_row(s);
	row[0] = rv_int((long long)o->s.warmup);
	row[1] = rv_int((long long)o->s.bootstrap);
	row[2] = rv_num(o->s.confidence);
	row[3] = rv_uint(o->s.seed);    /* 64 bits, never rounded */
	row[4] = rv_str(d, o->s.ci == CI_BCA ? "bca" : "percentile");
	row[5] = rv_num(o->alpha);
	if (metric != NULL)
		row[6] = rv_str(d, metric);
}

static const char *
read_as(struct rdoc *d, const struct trace_source *s)
{
	if (s->error != NULL)
		return rdoc_str(d, "not read");
	return rdoc_strf(d, "%s%s%s%s%s%s%s", s->format ? s->format : "?",
	                 s->preset ? ", " : "", s->preset ? s->preset : "",
	                 s->layout ? " " : "", s->layout ? s->layout : "",
	                 s->compression ? ", " : "",
	                 s->compression ? s->compression : "");
}

void
res_inputs(struct rdoc *d, const struct trace *t, const struct cells *cs,
           const char *side, struct rtable **tab)
{
	struct rtable *in = *tab;

	if (in == NULL) {
		const struct rcol cols[] = {
			{.head = "input", .json = "path", .show = RS_ALL, .key = true},
			{.json = "side", .show = side ? RS_JSON : 0},
			{.head = "side", .show = side ? RS_TEXT : 0, .left = true},
			{.json = "format", .show = RS_JSON},
			{.json = "preset", .show = RS_JSON},
			{.json = "layout", .show = RS_JSON},
			{.json = "compression", .show = RS_JSON},
			{.head = "read as", .show = RS_TEXT, .left = true},
			{.json = "error", .show = RS_JSON},
			{.head = "rows", .json = "rows", .show = RS_ALL, .fmt = RC_INT},
			{.head = "accepted", .json = "accepted", .show = RS_ALL,
			 .fmt = RC_INT},
			{.head = "rejected", .json = "rejected", .show = RS_ALL,
			 .fmt = RC_INT},
			{.head = "filtered", .json = "filtered", .show = RS_ALL,
			 .fmt = RC_INT},
			{.json = "rejections", .show = RS_JSON},
			{.json = "notes", .show = RS_JSON},
			{.json = "capture", .show = RS_JSON, .fmt = RC_OBJECT},
			{.json = "capture.ttft_is", .show = RS_JSON},
			{.json = "capture.clock", .show = RS_JSON},
			{.json = "capture.span_h", .show = RS_JSON},
			{.json = "capture.concurrency_max", .show = RS_JSON},
			{.json = "capture.production", .show = RS_JSON},
		};
		in = *tab = rtable_new(d, "inputs");
		for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
			rtable_col(in, &cols[i]);
		/* JSON keeps them where SPEC puts them: before the cells */
		rdoc_part_table(d, "inputs", NULL, RF_JSON, in);
	}
	for (size_t i = 0; i < t->nsources; i++) {
		const struct trace_source *s = &t->sources[i];
		static const char *const keys[] = {"where", "reason"};
		struct rval *row = rtable_row(in);
		struct rtable *rej = rtable_json(d, NULL, keys, 2);
		const char *notes[TRACE_NOTES_KEPT];

		for (size_t k = 0; k < s->nkept; k++) {
			char where[400];
			struct rval *r = rtable_row(rej);
			trace_where(t, (uint16_t)i, s->kept[k].line, where, sizeof where);
			r[0] = rv_str(d, where);
			r[1] = rv_str(d, s->kept[k].reason);
		}
		for (size_t k = 0; k < s->nnotes; k++)
			notes[k] = s->notes[k];
		row[0] = rv_str(d, s->path);
		row[1] = rv_str(d, side);
		row[2] = rv_str(d, side);
		row[3] = rv_str(d, s->format);
		row[4] = rv_str(d, s->preset);
		row[5] = rv_str(d, s->layout);
		row[6] = rv_str(d, s->compression);
		row[7] = rv_str(d, read_as(d, s));
		row[8] = rv_str(d, s->error);
		row[9] = rv_int((long long)s->rows);
		row[10] = rv_int((long long)s->accepted);
		row[11] = rv_int((long long)s->rejected);
		row[12] = rv_int((long long)s->filtered);
		row[13] = rv_table(rej);
		row[14] = rv_list(d, notes, s->nnotes);
		if (s->error == NULL) {
			/* computed with the cells when there are any */
			struct capture_input ci;
			bool have = true;
			if (cs != NULL && cs->inputs != NULL && i < cs->ninputs)
				ci = cs->inputs[i];
			else if (capture_input(t, (uint16_t)i, &ci) != 0) {
				d->failed = true;       /* reported once, by the caller */
				have = false;
			}
			if (have) {
				row[15] = rv_bool(true);
				row[16] = rv_str(d, ci.ttft_is);
				row[17] = rv_str(d, ci.clock);
				row[18] = rv_num(ci.span_h);
				row[19] = rv_num(ci.conc_max);
				row[20] = rv_bool(s->production);
			}
		}
	}
}

void
res_inputs_text(struct rdoc *d, struct rtable *tab,
                const struct trace *const *t, size_t nt)
{
	struct rpart *p;

	if (tab == NULL)
		return;
	/* the same table, for people, after the results */
	rdoc_part_table(d, "inputs", NULL, RF_HUMAN, tab);
	p = rdoc_lines(d, NULL, RF_HUMAN);
	for (size_t k = 0; k < nt; k++)
		for (size_t i = 0; i < t[k]->nsources; i++) {
			const struct trace_source *s = &t[k]->sources[i];
			const char *name = trace_source_name(t[k], (uint16_t)i);
			if (s->error != NULL)
				rpart_line(d, p, "%s: not read: %.400s", name, s->error);
			for (size_t n = 0; n < s->nnotes; n++)
				rpart_line(d, p, "%s: note: %.400s", name, s->notes[n]);

		}
}

/* Is key k absent from every cell? (Such a key gets no column.) */
static bool
key_unused(const struct trace *t, const struct cells *cs, size_t k)
{
	for (size_t i = 0; i < cs->n; i++)
		if (t->cells[cs->c[i].id].key[k] != TRACE_NONE)
			return false;
	return true;
}

size_t
res_group_cols(struct rtable *tab, const struct trace *t,
               const struct cells *cs, unsigned show, bool blank)
{
	size_t n = 0;

	for (size_t k = 0; k < t->nkeys; k++) {
		struct rcol c = {.head = t->keyname[k], .json = "group",
		                 .json_key = t->keyname[k], .csv = t->keyname[k],
		                 .show = show, .key = true,
		                 .blank_repeats = blank && k == 0};
		if (cs != NULL && key_unused(t, cs, k))
			c.show = show & RS_JSON ? RS_JSON : 0;
		rtable_col(tab, &c);
		n++;
	}
	return n;
}

size_t
res_group_vals(struct rdoc *d, struct rval *row, size_t first,
               const struct rtable *tab, const struct trace *t,
               const struct cell *c)
{
	(void)tab;
	for (size_t k = 0; k < t->nkeys; k++)
		row[first + k] = rv_str(d, trace_str(t, t->cells[c->id].key[k]));
	return first + t->nkeys;
}

const char *
res_cell_label(struct rdoc *d, const struct trace *t, const struct cell *c)
{
	char buf[1024];
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < t->nkeys && o + 1 < sizeof buf; k++) {
		const char *v = trace_str(t, t->cells[c->id].key[k]);
		if (v != NULL)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
			                      o ? "/" : "", v);
	}
	if (o >= sizeof buf)
		o = sizeof buf - 1;
	return rdoc_str(d, buf);
}

void
res_cell_warnings(struct rdoc *d, const char *label, const struct cell *c)
{
	for (size_t w = 0; w < c->nwarn; w++)
		rdoc_warn(d, label, c->warn[w]);
}

struct rtable *
res_gates_table(struct rdoc *d, const struct trace *t, const struct cells *cs)
{
	struct rtable *g = rdoc_table(d, "gates", "gates (--fail-if; \xe2\x9c\x97 "
	                              "fails the run, exit status 1)", RF_TEXT |
	                              RF_JSON);
	const struct rcol cols[] = {
		{.head = "", .show = RS_TEXT, .left = true},
		{.head = "gate", .json = "gate", .show = RS_TEXT | RS_JSON,
		 .left = true},
		{.head = "cell", .json = "cell", .show = RS_TEXT | RS_JSON,
		 .key = true},
		{.head = "observed", .json = "observed", .show = RS_TEXT | RS_JSON,
		 .fmt = RC_SIG, .prec = 4},
		{.head = "limit", .json = "limit", .show = RS_JSON},
		{.json = "unit", .show = RS_JSON},
		{.json = "passed", .show = RS_JSON},
		{.head = "note", .json = "note", .show = RS_TEXT | RS_JSON,
		 .left = true},
	};

	(void)t;
	(void)cs;
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		rtable_col(g, &cols[i]);
	d->gates = g;
	return g;
}

void
res_gate_row(struct rdoc *d, const struct gate *g, const char *label,
             const struct gate_check *c, const char *note)
{
	struct rval *row = rtable_row(d->gates);
	bool passed = !c->tripped;

	row[0] = rv_str(d, passed ? "\xe2\x9c\x93" : "\xe2\x9c\x97");
	row[1] = rv_str(d, g->text);
	row[2] = rv_str(d, label);
	row[3] = rv_num(c->observed);
	row[4] = rv_num(c->limit);
	row[5] = rv_str(d, g->unit);
	row[6] = rv_bool(passed);
	row[7] = rv_str(d, note != NULL ? note : isnan(c->observed)
	                ? "undefined for this cell: not held against it" : NULL);
	if (!passed)
		d->tripped = true;
}
