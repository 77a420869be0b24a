/*
 * out_text.c — the tables a person reads: latency per cell, then the
 * intervals, then the warm/cold-start picture, then what happened to the
 * inputs and what to be careful about.  Times are in seconds with the same
 * decimals in every row; undefined values are "–".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"
#include "report.h"
#include "textsafe.h"

#define COLS_MAX (TRACE_MAX_KEYS + 16)
#define CELL_TEXT 96
#define DASH "\xe2\x80\x93"

/* Display width of UTF-8 text: one column per code point. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* ==== a table of text cells ==== */

struct table {
	size_t ncols, nrows;
	const char *head[COLS_MAX];
	bool left[COLS_MAX];
	size_t w[COLS_MAX];
	char (*cell)[COLS_MAX][CELL_TEXT];      /* nrows rows */
};

static void
table_col(struct table *tb, const char *head, bool left)
{
	tb->head[tb->ncols] = head;
	tb->left[tb->ncols++] = left;
}

static void
table_print(FILE *fp, struct table *tb)
{
	for (size_t c = 0; c < tb->ncols; c++) {
		tb->w[c] = width(tb->head[c]);
		for (size_t r = 0; r < tb->nrows; r++)
			if (width(tb->cell[r][c]) > tb->w[c])
				tb->w[c] = width(tb->cell[r][c]);
	}
	for (size_t r = 0; r <= tb->nrows; r++) {
		for (size_t c = 0; c < tb->ncols; c++) {
			const char *s = r == 0 ? tb->head[c] : tb->cell[r - 1][c];
			size_t pad = tb->w[c] - width(s);
			if (c > 0)
				fputs("  ", fp);
			if (!tb->left[c])
				for (size_t i = 0; i < pad; i++)
					fputc(' ', fp);
			fputs(s, fp);
			if (tb->left[c] && c + 1 < tb->ncols)
				for (size_t i = 0; i < pad; i++)
					fputc(' ', fp);
		}
		fputc('\n', fp);
	}
}

/* ==== the report ==== */

/* The same decimals in every row, enough that the smallest TTFT keeps
 * two significant digits (3 decimals down to 10 ms; 1 ns, the smallest
 * accepted, needs 10). */
static int
decimals_for(const struct report *r)
{
	double smallest = INFINITY;
	int dec;

	for (size_t i = 0; i < r->cells->n; i++)
		if (r->cells->c[i].d.n > 0 && r->cells->c[i].d.min < smallest)
			smallest = r->cells->c[i].d.min;
	if (!(smallest < 0.01) || !(smallest > 0.0))
		return 3;
	dec = 1 - (int)floor(log10(smallest));
	return dec > 12 ? 12 : dec;
}

/* Key columns first, in every table. */
static size_t
key_cols(const struct report *r, struct table *tb)
{
	for (size_t k = 0; k < r->t->nkeys; k++)
		if (!report_key_unused(r, k))
			table_col(tb, r->t->keyname[k], true);
	return tb->ncols;
}

static size_t
key_text(const struct report *r, const struct cell *c,
         char row[COLS_MAX][CELL_TEXT])
{
	size_t col = 0;

	for (size_t k = 0; k < r->t->nkeys; k++) {
		const char *v;
		if (report_key_unused(r, k))
			continue;
		v = report_key(r, c, k);
		text_safe(row[col++], CELL_TEXT, v ? v : DASH);
	}
	return col;
}

static void
interval(char *buf, size_t size, bool have, double lo, double hi, int dec)
{
	if (!have || !isfinite(lo) || !isfinite(hi))
		snprintf(buf, size, DASH);
	else
		snprintf(buf, size, "[%.*f, %.*f]", dec, lo, dec, hi);
}

static void
latency_table(FILE *fp, const struct report *r, struct table *tb, int dec)
{
	bool wide = r->s.wide;

	tb->ncols = 0;
	key_cols(r, tb);
	table_col(tb, "n", false);
	table_col(tb, "err", false);
	if (wide)
		table_col(tb, "min", false);
	table_col(tb, "median", false);
	if (wide)
		table_col(tb, "p90", false);
	table_col(tb, "p95", false);
	table_col(tb, "p99", false);
	table_col(tb, "max", false);
	if (wide)
		table_col(tb, "mean", false);
	table_col(tb, "sd", false);
	table_col(tb, "CV%", false);
	table_col(tb, "tier", true);
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		const struct describe *d = &c->d;
		char (*row)[CELL_TEXT] = tb->cell[i];
		size_t col = key_text(r, c, row);
		const char *tier = stats_tier_name(d->tier);

		snprintf(row[col++], CELL_TEXT, "%zu", d->n);
		snprintf(row[col++], CELL_TEXT, "%zu", c->errors);
		if (wide)
			fmt_fixed(row[col++], CELL_TEXT, d->min, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->median, dec);
		if (wide)
			fmt_fixed(row[col++], CELL_TEXT, d->p90, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->p95, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->p99, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->max, dec);
		if (wide)
			fmt_fixed(row[col++], CELL_TEXT, d->mean, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->sd, dec);
		fmt_fixed(row[col++], CELL_TEXT, d->cv_pct, 1);
		snprintf(row[col++], CELL_TEXT, "%s", tier ? tier : DASH);
	}
	tb->nrows = r->cells->n;
	table_print(fp, tb);
}

static void
interval_table(FILE *fp, const struct report *r, struct table *tb, int dec)
{
	static const char *const head[CI_NSTATS] = {
		"median", "p95", "p99", "mean", "CV%"};
	bool show[CI_NSTATS] = {true, true, r->s.wide, r->s.wide, true};

	tb->ncols = 0;
	key_cols(r, tb);
	for (int s = 0; s < CI_NSTATS; s++)
		if (show[s])
			table_col(tb, head[s], false);
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		char (*row)[CELL_TEXT] = tb->cell[i];
		size_t col = key_text(r, c, row);
		for (int s = 0; s < CI_NSTATS; s++)
			if (show[s])
				interval(row[col++], CELL_TEXT, c->ci.have, c->ci.lo[s],
				         c->ci.hi[s], s == CI_CV ? 1 : dec);
	}
	tb->nrows = r->cells->n;
	fprintf(fp, "\n%g %% confidence intervals (%s bootstrap, B = %lu, "
	        "seed %llu)\n\n", 100.0 * r->s.confidence,
	        r->s.ci == CI_BCA ? "BCa" : "percentile", r->s.bootstrap,
	        r->s.seed);
	table_print(fp, tb);
}

static void
mixture_table(FILE *fp, const struct report *r, struct table *tb, int dec)
{
	tb->ncols = 0;
	key_cols(r, tb);
	table_col(tb, "cold", false);
	table_col(tb, "warm med", false);
	table_col(tb, "cold med", false);
	table_col(tb, "threshold", false);
	table_col(tb, "\xce\x94" "BIC", false);
	table_col(tb, "D", false);
	table_col(tb, "keep-warm", true);
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		const struct mix_result *m = &c->mix;
		char (*row)[CELL_TEXT] = tb->cell[i];
		size_t col = key_text(r, c, row);

		if (!m->fitted) {
			for (int k = 0; k < 7; k++)
				snprintf(row[col++], CELL_TEXT, DASH);
			continue;
		}
		if (m->bimodal)
			snprintf(row[col++], CELL_TEXT, "%.1f%%", 100.0 * m->cold_share);
		else
			snprintf(row[col++], CELL_TEXT, "none");
		fmt_fixed(row[col++], CELL_TEXT, m->warm_median_s, dec);
		fmt_fixed(row[col++], CELL_TEXT, m->cold_median_s, dec);
		fmt_fixed(row[col++], CELL_TEXT, m->threshold_s, dec);
		fmt_fixed(row[col++], CELL_TEXT, m->delta_bic, 1);
		fmt_fixed(row[col++], CELL_TEXT, m->ashman_d, 1);
		if (c->idle.identified)
			snprintf(row[col++], CELL_TEXT, "%.0f s [%.0f, %.0f]",
			         c->idle.keep_warm_s, c->idle.keep_warm_lo_s,
			         c->idle.keep_warm_hi_s);
		else
			snprintf(row[col++], CELL_TEXT, DASH);
	}
	tb->nrows = r->cells->n;
	fputs("\ncold starts (two-component log-normal mixture; D = Ashman's "
	      "separation)\n\n", fp);
	table_print(fp, tb);
}

static void
cell_label(const struct report *r, const struct cell *c, char *buf,
           size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < r->t->nkeys && o + 1 < size; k++) {
		const char *v = report_key(r, c, k);
		char s[CELL_TEXT];
		if (v == NULL)
			continue;
		text_safe(s, sizeof s, v);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "/" : "", s);
	}
}

static void
footer(FILE *fp, const struct report *r)
{
	const struct trace *t = r->t;
	bool any = false;

	fputc('\n', fp);
	for (size_t i = 0; i < t->nsources; i++) {
		const struct trace_source *s = &t->sources[i];
		char name[CELL_TEXT];
		char note[700];
		text_safe(name, sizeof name, trace_source_name(t, (uint16_t)i));
		if (s->error != NULL) {
			text_safe_cut(note, sizeof note, s->error, 400);
			fprintf(fp, "%s: not read: %s\n", name, note);
			continue;
		}
		fprintf(fp, "%s", name);
		if (s->preset || s->compression) {
			fprintf(fp, " (%s%s%s%s%s)", s->preset ? s->preset : "",
			        s->layout ? " " : "", s->layout ? s->layout : "",
			        s->compression && s->preset ? ", " : "",
			        s->compression ? s->compression : "");
		}
		fprintf(fp, ": %llu rows, %llu accepted, %llu rejected",
		        (unsigned long long)s->rows, (unsigned long long)s->accepted,
		        (unsigned long long)s->rejected);
		if (s->filtered)
			fprintf(fp, ", %llu filtered out",
			        (unsigned long long)s->filtered);
		fputc('\n', fp);
		for (size_t k = 0; k < s->nnotes; k++) {
			text_safe_cut(note, sizeof note, s->notes[k], 400);
			fprintf(fp, "  note: %s\n", note);
		}
	}
	any = false;
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		char label[512];
		if (c->gates == 0)
			continue;
		cell_label(r, c, label, sizeof label);
		text_gates(fp, label, c->gates, r->gates, r->ngates, &any);
	}
	any = false;
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		char label[512];
		if (c->nwarn == 0)
			continue;
		if (!any)
			fputs("\nwarnings:\n", fp);
		any = true;
		cell_label(r, c, label, sizeof label);
		for (size_t w = 0; w < c->nwarn; w++)
			fprintf(fp, "  %s: %s\n", label, c->warn[w]);
	}
}

int
out_text(FILE *fp, const struct report *r)
{
	struct table tb;
	int dec = decimals_for(r);

	memset(&tb, 0, sizeof tb);
	tb.cell = calloc(r->cells->n ? r->cells->n : 1, sizeof *tb.cell);
	if (tb.cell == NULL)
		return ERR_NOMEM;               /* before a line is written */
	fprintf(fp, "TTFT in seconds; %zu cell%s; warm-up %zu per cell\n\n",
	        r->cells->n, r->cells->n == 1 ? "" : "s", r->s.warmup);
	latency_table(fp, r, &tb, dec);
	if (r->s.bootstrap > 0)
		interval_table(fp, r, &tb, dec);
	mixture_table(fp, r, &tb, dec);
	footer(fp, r);
	free(tb.cell);
	return 0;
}
