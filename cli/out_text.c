/*
 * out_text.c — the table a person reads: one row per cell, aligned, then
 * what happened to the inputs and what to be careful about.  Times are in
 * seconds with the same decimals in every row; undefined values are "–".
 */
#include <math.h>
#include <string.h>

#include "numfmt.h"
#include "report.h"

#define COLS_MAX (TRACE_MAX_KEYS + 12)
#define CELL_TEXT 96

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

/* Copy untrusted text for a terminal: control bytes become '?', and the
 * text is cut (on a character boundary) so one name cannot wreck the
 * table. */
static void
sanitize(char *out, size_t size, const char *s)
{
	size_t o = 0, chars = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80 && ++chars > 60) {
			memcpy(out + o, "\xe2\x80\xa6", 3);     /* "…" */
			o += 3;
			break;
		}
		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[o] = '\0';
}

static int
decimals_for(const struct report *r)
{
	double smallest = INFINITY;

	for (size_t i = 0; i < r->cells->n; i++)
		if (r->cells->c[i].d.n > 0 && r->cells->c[i].d.min < smallest)
			smallest = r->cells->c[i].d.min;
	if (smallest < 0.001)
		return 5;
	if (smallest < 0.01)
		return 4;
	return 3;
}

struct table {
	size_t ncols;
	const char *head[COLS_MAX];
	bool left[COLS_MAX];
	size_t w[COLS_MAX];
};

static void
put_cell(FILE *fp, const struct table *tb, size_t col, const char *s)
{
	size_t pad = tb->w[col] - width(s);

	if (col > 0)
		fputs("  ", fp);
	if (!tb->left[col])
		for (size_t i = 0; i < pad; i++)
			fputc(' ', fp);
	fputs(s, fp);
	if (tb->left[col] && col + 1 < tb->ncols)
		for (size_t i = 0; i < pad; i++)
			fputc(' ', fp);
}

/* The text of every column of one cell's row. */
static size_t
row_text(const struct report *r, const struct cell *c, int dec,
         char txt[COLS_MAX][CELL_TEXT])
{
	const struct describe *d = &c->d;
	const double times[] = {d->min, d->median, d->p95, d->p99, d->max,
	                        d->mean, d->sd};
	const char *tier = stats_tier_name(d->tier);
	size_t col = 0;

	for (size_t k = 0; k < r->t->nkeys; k++) {
		const char *v;
		if (report_key_unused(r, k))
			continue;
		v = report_key(r, c, k);
		sanitize(txt[col++], CELL_TEXT, v ? v : "\xe2\x80\x93");
	}
	snprintf(txt[col++], CELL_TEXT, "%zu", d->n);
	snprintf(txt[col++], CELL_TEXT, "%zu", c->errors);
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
		fmt_fixed(txt[col++], CELL_TEXT, times[i], dec);
	fmt_fixed(txt[col++], CELL_TEXT, d->cv_pct, 1);
	snprintf(txt[col++], CELL_TEXT, "%s", tier ? tier : "\xe2\x80\x93");
	return col;
}

static void
write_table(FILE *fp, const struct report *r)
{
	static const char *const stat_head[] = {
		"n", "err", "min", "median", "p95", "p99", "max", "mean", "sd",
		"CV%", "tier"};
	struct table tb;
	char txt[COLS_MAX][CELL_TEXT];
	int dec = decimals_for(r);

	memset(&tb, 0, sizeof tb);
	for (size_t k = 0; k < r->t->nkeys; k++)
		if (!report_key_unused(r, k)) {
			tb.left[tb.ncols] = true;
			tb.head[tb.ncols++] = r->t->keyname[k];
		}
	for (size_t i = 0; i < sizeof stat_head / sizeof stat_head[0]; i++)
		tb.head[tb.ncols++] = stat_head[i];
	tb.left[tb.ncols - 1] = true;           /* tier */
	for (size_t col = 0; col < tb.ncols; col++)
		tb.w[col] = width(tb.head[col]);
	for (size_t i = 0; i < r->cells->n; i++) {
		row_text(r, &r->cells->c[i], dec, txt);
		for (size_t col = 0; col < tb.ncols; col++)
			if (width(txt[col]) > tb.w[col])
				tb.w[col] = width(txt[col]);
	}
	for (size_t col = 0; col < tb.ncols; col++) {
		char h[CELL_TEXT];
		sanitize(h, sizeof h, tb.head[col]);
		put_cell(fp, &tb, col, h);
	}
	fputc('\n', fp);
	for (size_t i = 0; i < r->cells->n; i++) {
		row_text(r, &r->cells->c[i], dec, txt);
		for (size_t col = 0; col < tb.ncols; col++)
			put_cell(fp, &tb, col, txt[col]);
		fputc('\n', fp);
	}
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
		sanitize(s, sizeof s, v);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", o ? "/" : "", s);
	}
}

void
out_text(FILE *fp, const struct report *r)
{
	const struct trace *t = r->t;
	bool any = false;

	fprintf(fp, "TTFT in seconds; %zu cell%s; warm-up %zu per cell\n\n",
	        r->cells->n, r->cells->n == 1 ? "" : "s", r->s.warmup);
	write_table(fp, r);
	fputc('\n', fp);
	for (size_t i = 0; i < t->nsources; i++) {
		const struct trace_source *s = &t->sources[i];
		char name[CELL_TEXT];
		sanitize(name, sizeof name, trace_source_name(t, (uint16_t)i));
		fprintf(fp, "%s: %llu rows, %llu accepted, %llu rejected", name,
		        (unsigned long long)s->rows, (unsigned long long)s->accepted,
		        (unsigned long long)s->rejected);
		if (s->filtered)
			fprintf(fp, ", %llu filtered out",
			        (unsigned long long)s->filtered);
		fputc('\n', fp);
		for (size_t k = 0; k < s->nnotes; k++)
			fprintf(fp, "  note: %s\n", s->notes[k]);
	}
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
