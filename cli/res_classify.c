/*
 * res_classify.c — `classify`'s document: every request with its cell,
 * TTFT and the posterior probability that it was a cold start, in cell
 * order and time order within a cell, so that the verdicts join back to
 * the user's own logs by source and line.
 *
 * A capture has millions of requests and the trace already holds them:
 * the table is generated row by row as a writer asks, never stored.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/utf8.h"

#include "res.h"

struct gen {
	struct rdoc *d;
	const struct trace *t;
	const struct cells *cs;
	size_t *first;                  /* cell k's first row: first[k] */
	size_t nkeys;
	/* the strings of the row being written, made well-formed UTF-8 (the
	 * trace keeps names as they came, from files and the command line) */
	char *scratch;
	size_t slot;                    /* bytes per string */
};

static const char *
clean(struct gen *g, size_t k, const char *s)
{
	char *out = g->scratch + k * g->slot;

	if (s == NULL)
		return NULL;
	if (utf8_valid(s, strlen(s)))
		return s;
	utf8_clean(out, g->slot, s, strlen(s), SIZE_MAX, 0, UTF8_KEEP_CTRL);
	return out;
}

enum col { C_SOURCE, C_LINE, C_KEYS };
/* after the keys */
enum { K_START, K_STATUS, K_OK, K_WARMUP, K_TTFT, K_P_COLD, K_COLD, NTAIL };

static void
generate(void *ctx, size_t i, struct rval *v)
{
	struct gen *g = ctx;
	size_t lo = 0, hi = g->cs->n, k, j;
	const struct cell *c;
	uint32_t row;
	bool ok, warm;
	double p;

	while (hi - lo > 1) {           /* the cell whose rows hold i */
		size_t m = lo + (hi - lo) / 2;
		if (g->first[m] <= i)
			lo = m;
		else
			hi = m;
	}
	k = lo;
	c = &g->cs->c[k];
	j = i - g->first[k];
	row = c->rows[j];
	ok = trace_ok(g->t, row);
	warm = cell_is_warmup(g->t, c, j);
	p = ok && !warm ? mix_p_cold(&c->mix, g->t->ttft[row]) : NAN;
	/* strings of the trace live as long as the document is written */
	v[C_SOURCE].kind = RV_STR;
	v[C_SOURCE].u.s = clean(g, 0, trace_source_name(g->t,
	                                                trace_row_source(g->t, row)));
	v[C_LINE] = rv_int((long long)g->t->line[row]);
	for (size_t q = 0; q < g->nkeys; q++) {
		const char *s = clean(g, 1 + q, trace_str(g->t,
		                                          g->t->cells[c->id].key[q]));
		v[C_KEYS + q].kind = s ? RV_STR : RV_NULL;
		v[C_KEYS + q].u.s = s;
	}
	v += C_KEYS + g->nkeys;
	v[K_START] = rv_num(g->t->start[row]);
	v[K_STATUS] = g->t->status[row] ? rv_int(g->t->status[row]) : rv_null();
	v[K_OK] = rv_bool(ok);
	v[K_WARMUP] = rv_bool(warm);
	v[K_TTFT] = rv_num(g->t->ttft[row]);
	v[K_P_COLD] = rv_num(p);
	v[K_COLD] = isnan(p) ? rv_null() : rv_bool(mix_is_cold(&c->mix,
	                                                       g->t->ttft[row]));
}

static void
gen_free(void *ctx)
{
	struct gen *g = ctx;

	free(g->first);
	free(g->scratch);
	free(g);
}

struct rdoc *
res_classify(const struct opts *o, const struct trace *t,
             const struct cells *cs)
{
	static const struct rcol head[] = {
		{.head = "source", .json = "source", .csv = "source", .show = RS_ALL,
		 .key = true},
		{.head = "line", .json = "line", .csv = "line", .show = RS_ALL,
		 .fmt = RC_INT},
	};
	static const struct rcol tail[NTAIL] = {
		[K_START] = {.head = "start", .json = "start", .csv = "start",
		             .show = RS_ALL | RS_WIDE, .fmt = RC_FIXED, .prec = 3},
		[K_STATUS] = {.head = "status", .json = "status", .csv = "status",
		              .show = RS_ALL, .fmt = RC_INT},
		[K_OK] = {.head = "ok", .json = "ok", .csv = "ok", .show = RS_ALL},
		[K_WARMUP] = {.head = "warm-up", .json = "warmup", .csv = "warmup",
		              .show = RS_ALL},
		[K_TTFT] = {.head = "ttft_s", .json = "ttft_s", .csv = "ttft_s",
		            .show = RS_ALL, .fmt = RC_SECONDS},
		[K_P_COLD] = {.head = "p_cold", .json = "p_cold", .csv = "p_cold",
		              .show = RS_ALL, .fmt = RC_FIXED, .prec = 3},
		[K_COLD] = {.head = "cold", .json = "cold", .csv = "cold",
		            .show = RS_ALL},
	};
	struct rdoc *d = rdoc_new();
	struct rtable *tab, *inputs = NULL;
	struct gen *g;
	const struct trace *ts[1] = {t};
	size_t total = 0;

	if (d == NULL)
		return NULL;
	res_header(d, o, NULL);
	res_inputs(d, t, NULL, NULL, &inputs);
	tab = rdoc_table(d, "requests", NULL, RF_EVERY);
	tab->primary = true;
	for (size_t i = 0; i < 2; i++)
		rtable_col(tab, &head[i]);
	res_group_cols(tab, t, cs, RS_ALL, false);
	for (size_t i = 0; i < NTAIL; i++)
		rtable_col(tab, &tail[i]);
	g = calloc(1, sizeof *g);
	if (g == NULL || (g->first = calloc(cs->n + 1, sizeof *g->first)) == NULL) {
		free(g);
		rdoc_free(d);
		return NULL;
	}
	/* room for the longest name, each byte of it broken (3 bytes of
	 * U+FFFD) */
	for (size_t i = 0; i < t->nsources; i++) {
		size_t n = strlen(trace_source_name(t, (uint16_t)i));
		g->slot = n > g->slot ? n : g->slot;
	}
	for (size_t k = 0; k < cs->n; k++)
		for (size_t q = 0; q < t->nkeys; q++) {
			const char *s = trace_str(t, t->cells[cs->c[k].id].key[q]);
			size_t n = s ? strlen(s) : 0;
			g->slot = n > g->slot ? n : g->slot;
		}
	g->slot = 3 * g->slot + 1;
	if ((g->scratch = malloc((1 + t->nkeys) * g->slot)) == NULL) {
		gen_free(g);
		rdoc_free(d);
		return NULL;
	}
	for (size_t k = 0; k < cs->n; k++) {
		g->first[k] = total;
		total += cs->c[k].requests;
	}
	g->first[cs->n] = total;
	d->on_free = gen_free;
	d->on_free_ctx = g;
	g->d = d;
	g->t = t;
	g->cs = cs;
	g->nkeys = t->nkeys;
	tab->gen = generate;
	tab->gen_ctx = g;
	tab->ngen = total;
	for (size_t k = 0; k < cs->n; k++)
		res_cell_warnings(d, res_cell_label(d, t, &cs->c[k]), &cs->c[k]);
	res_inputs_text(d, inputs, ts, 1);
	return d;
}
