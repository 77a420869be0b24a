/*
 * out_compare.c — `compare` output, in the spirit of benchstat: one row
 * per cell, base and new, the change with its interval, "~" when the
 * change is not significant, and a footer naming the tests.
 */
#include "out_compare.h"

#include <csv.h>
#include <math.h>
#include <string.h>

#include "jsonw.h"
#include "numfmt.h"
#include "textsafe.h"

#define DASH "\xe2\x80\x93"

static const char *const tests_note =
	"location: Mann-Whitney U, two-sided (exact null distribution below "
	"50 per side without ties; otherwise normal with tie and continuity "
	"corrections); p Holm-adjusted across the matched cells; cold share: "
	"Fisher's exact test on cold/warm counts; consistency: Brown-Forsythe "
	"on ln TTFT; each family Holm-adjusted; intervals: percentile bootstrap "
	"of the difference, each side resampled independently";

/* The side a cell's keys are read from. */
static void
cell_keys(const struct cmp_report *r, const struct cmp_cell *c,
          const struct trace **t, const struct cell **cell)
{
	*t = c->base ? r->tb : r->tn;
	*cell = c->base ? c->base : c->nw;
}

/* Value of key `name` for the cell, or NULL. */
static const char *
key_value(const struct cmp_report *r, const struct cmp_cell *c,
          const char *name)
{
	const struct trace *t;
	const struct cell *cell;
	int k;

	cell_keys(r, c, &t, &cell);
	k = trace_key_find(t, name);
	return k < 0 ? NULL : trace_str(t, t->cells[cell->id].key[k]);
}

static void
label(const struct cmp_report *r, const struct cmp_cell *c, char *buf,
      size_t size)
{
	const struct trace *t;
	const struct cell *cell;
	size_t o = 0;

	cell_keys(r, c, &t, &cell);
	buf[0] = '\0';
	for (size_t k = 0; k < t->nkeys && o + 4 < size; k++) {
		const char *v = trace_str(t, t->cells[cell->id].key[k]);
		if (v == NULL)
			continue;
		char safe[96];
		text_safe(safe, sizeof safe, v);
		for (const char *p = o ? " / " : ""; *p && o + 1 < size; p++)
			buf[o++] = *p;
		for (v = safe; *v && o + 1 < size; v++)
			buf[o++] = *v;
	}
	buf[o] = '\0';
}

static const char *
present(const struct cmp_cell *c)
{
	return c->base && c->nw ? "both" : c->base ? "base only" : "new only";
}

/* ==== text ==== */

static size_t
width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

#define NCOL 9

static void
row_text(const struct cmp_report *r, const struct cmp_cell *c,
         char col[NCOL][128])
{
	const struct describe *a = c->base ? &c->base->d : NULL;
	const struct describe *b = c->nw ? &c->nw->d : NULL;
	char x[40], y[40];

	label(r, c, col[0], 128);
	for (int i = 1; i < NCOL; i++)
		snprintf(col[i], 128, DASH);
	fmt_fixed(x, sizeof x, a ? a->median : NAN, 3);
	fmt_fixed(y, sizeof y, b ? b->median : NAN, 3);
	snprintf(col[1], 128, "%s \xe2\x86\x92 %s", x, y);
	fmt_fixed(x, sizeof x, a ? a->p95 : NAN, 3);
	fmt_fixed(y, sizeof y, b ? b->p95 : NAN, 3);
	snprintf(col[3], 128, "%s \xe2\x86\x92 %s", x, y);
	fmt_fixed(x, sizeof x, a ? a->cv_pct : NAN, 1);
	fmt_fixed(y, sizeof y, b ? b->cv_pct : NAN, 1);
	snprintf(col[5], 128, "%s \xe2\x86\x92 %s", x, y);
	if (!(c->base && c->nw)) {
		snprintf(col[2], 128, "(%s)", present(c));
		snprintf(col[8], 128, "%zu+%zu", a ? a->n : 0, b ? b->n : 0);
		return;
	}
	if (!isnan(c->d_median_pct)) {
		if (c->significant)
			snprintf(col[2], 128, "%+.1f%% [%+.1f, %+.1f]", c->d_median_pct,
			         c->ci_median[0], c->ci_median[1]);
		else
			snprintf(col[2], 128, "~");
	}
	if (!isnan(c->d_p95_pct)) {
		bool zero_in = !(c->ci_p95[0] > 0 || c->ci_p95[1] < 0);
		if (zero_in)
			snprintf(col[4], 128, "~");
		else
			snprintf(col[4], 128, "%+.1f%% [%+.1f, %+.1f]", c->d_p95_pct,
			         c->ci_p95[0], c->ci_p95[1]);
	}
	if (!isnan(c->d_cv_pts)) {
		if (c->p_spread_adj < r->alpha)
			snprintf(col[6], 128, "%+.1f [%+.1f, %+.1f]", c->d_cv_pts,
			         c->ci_cv[0], c->ci_cv[1]);
		else
			snprintf(col[6], 128, "~");
	}
	if (!isnan(c->p_adj))
		snprintf(col[7], 128, "%.3g%s", c->p_adj, c->regression ? " !" : "");
	snprintf(col[8], 128, "%zu+%zu", a->n, b->n);
}

void
out_compare_text(FILE *fp, const struct cmp_report *r)
{
	static const char *const head[NCOL] = {
		"cell", "median (s)", "\xce\x94 median", "p95 (s)", "\xce\x94 p95",
		"CV%", "\xce\x94 CV (pts)", "p (Holm)", "n"};
	size_t w[NCOL];
	char col[NCOL][128];
	bool any = false;

	fputs("base: ", fp);
	fputs(r->label_base, fp);
	fputs("\nnew:  ", fp);
	fputs(r->label_new, fp);
	fprintf(fp, "\nvalues base \xe2\x86\x92 new; changes with %g %% "
	        "bootstrap intervals; ~ = not significant at alpha %g\n\n",
	        100 * r->s.confidence, r->alpha);
	for (int i = 0; i < NCOL; i++)
		w[i] = width(head[i]);
	for (size_t i = 0; i < r->cmp->n; i++) {
		row_text(r, &r->cmp->c[i], col);
		for (int k = 0; k < NCOL; k++)
			if (width(col[k]) > w[k])
				w[k] = width(col[k]);
	}
	for (size_t i = 0; i <= r->cmp->n; i++) {
		if (i > 0)
			row_text(r, &r->cmp->c[i - 1], col);
		for (int k = 0; k < NCOL; k++) {
			const char *s = i ? col[k] : head[k];
			size_t pad = w[k] - width(s);
			if (k)
				fputs("  ", fp);
			if (k > 0)
				for (size_t p = 0; p < pad; p++)
					fputc(' ', fp);
			fputs(s, fp);
			if (k == 0)
				for (size_t p = 0; p < pad; p++)
					fputc(' ', fp);
		}
		fputc('\n', fp);
	}
	fprintf(fp, "\ntests: %s.  ! marks a regression.\n", tests_note);
	for (size_t i = 0; i < r->cmp->n; i++) {
		const struct cmp_cell *c = &r->cmp->c[i];
		char l[300];
		if (c->base && c->nw && c->p_cold_adj < r->alpha) {
			label(r, c, l, sizeof l);
			fprintf(fp, "cold share changed: %s: %u/%u \xe2\x86\x92 %u/%u cold "
			        "(Fisher p = %.3g, Holm)\n", l, c->cold[0],
			        c->cold[0] + c->warm[0], c->cold[1],
			        c->cold[1] + c->warm[1], c->p_cold_adj);
		}
	}
	for (size_t i = 0; i < r->cmp->n; i++) {
		const struct cmp_cell *c = &r->cmp->c[i];
		char l[300];
		if (c->gates == 0)
			continue;
		label(r, c, l, sizeof l);
		text_gates(fp, l, c->gates, r->gates, r->ngates, &any);
	}
}

/* ==== JSON ==== */

static void
pair(FILE *fp, const double v[2])
{
	if (!isfinite(v[0]) || !isfinite(v[1])) {
		fputs("null", fp);
		return;
	}
	fputc('[', fp);
	json_num(fp, v[0]);
	fputs(", ", fp);
	json_num(fp, v[1]);
	fputc(']', fp);
}

static void
side_json(FILE *fp, const struct cell *c)
{
	if (c == NULL) {
		fputs("null", fp);
		return;
	}
	fprintf(fp, "{ \"n\": %zu, \"errors\": %zu, \"median\": ", c->d.n,
	        c->errors);
	json_num(fp, c->d.median);
	fputs(", \"p95\": ", fp);
	json_num(fp, c->d.p95);
	fputs(", \"cv_pct\": ", fp);
	json_num(fp, c->d.cv_pct);
	fputs(", \"cold_share\": ", fp);
	json_num(fp, c->mix.fitted ? c->mix.cold_share : NAN);
	fputs(" }", fp);
}

static void
group_json(FILE *fp, const struct cmp_report *r, const struct cmp_cell *c)
{
	const struct trace *t;
	const struct cell *cell;
	bool first = true;

	cell_keys(r, c, &t, &cell);
	fputc('{', fp);
	for (size_t k = 0; k < t->nkeys; k++) {
		const char *v = trace_str(t, t->cells[cell->id].key[k]);
		if (v == NULL)
			continue;
		fputs(first ? " " : ", ", fp);
		first = false;
		json_str(fp, t->keyname[k]);
		fputs(": ", fp);
		json_str(fp, v);
	}
	fputs(first ? "}" : " }", fp);
}

static void
p_json(FILE *fp, const char *key, double v)
{
	fprintf(fp, "\"%s\": ", key);
	json_num(fp, v);
}

void
out_compare_json(FILE *fp, const struct cmp_report *r)
{
	fputs("{\n  \"tool\": \"ttftstat\",\n  \"version\": \"" TTFTSTAT_VERSION
	      "\",\n", fp);
	fprintf(fp, "  \"settings\": { \"warmup\": %zu, \"bootstrap\": %lu, "
	        "\"confidence\": ", r->s.warmup, r->s.bootstrap);
	json_num(fp, r->s.confidence);
	fprintf(fp, ", \"seed\": %llu, \"alpha\": ", r->s.seed);
	json_num(fp, r->alpha);
	fputs(" },\n  \"base\": { \"label\": ", fp);
	json_str(fp, r->label_base);
	fputs(" },\n  \"new\": { \"label\": ", fp);
	json_str(fp, r->label_new);
	fputs(" },\n  \"tests\": { \"location\": \"mann-whitney-u, two-sided\", "
	      "\"exact_below\": 50, \"continuity_correction\": true, "
	      "\"adjustment\": \"holm\", \"cold_share\": \"fisher-exact\", "
	      "\"consistency\": \"brown-forsythe on ln ttft\", \"intervals\": "
	      "\"percentile bootstrap of the difference\" },\n  \"cells\": [", fp);
	for (size_t i = 0; i < r->cmp->n; i++) {
		const struct cmp_cell *c = &r->cmp->c[i];
		bool both = c->base && c->nw;
		fputs(i ? ",\n    { \"group\": " : "\n    { \"group\": ", fp);
		group_json(fp, r, c);
		fprintf(fp, ", \"present\": \"%s\",\n      \"base\": ",
		        c->base && c->nw ? "both" : c->base ? "base" : "new");
		side_json(fp, c->base);
		fputs(",\n      \"new\": ", fp);
		side_json(fp, c->nw);
		fputs(",\n      \"delta\": { ", fp);
		p_json(fp, "median_pct", c->d_median_pct);
		fputs(", ", fp);
		p_json(fp, "p95_pct", c->d_p95_pct);
		fputs(", ", fp);
		p_json(fp, "cv_pct_points", c->d_cv_pts);
		fputs(", \"ci\": { \"median_pct\": ", fp);
		pair(fp, c->ci_median);
		fputs(", \"p95_pct\": ", fp);
		pair(fp, c->ci_p95);
		fputs(", \"cv_pct_points\": ", fp);
		pair(fp, c->ci_cv);
		fputs(" } },\n      ", fp);
		if (both)
			fprintf(fp, "\"test\": \"%s\", \"continuity_correction\": %s, ",
			        c->mw.exact ? "exact" : "normal",
			        c->mw.continuity ? "true" : "false");
		else
			fputs("\"test\": null, \"continuity_correction\": null, ", fp);
		p_json(fp, "u", c->mw.u);
		fputs(", ", fp);
		p_json(fp, "p_value", c->p);
		fputs(", ", fp);
		p_json(fp, "p_adjusted", c->p_adj);
		fprintf(fp, ", \"significant\": %s,\n      \"cold_share_test\": { ",
		        c->significant ? "true" : "false");
		p_json(fp, "p_value", c->p_cold);
		fputs(", ", fp);
		p_json(fp, "p_adjusted", c->p_cold_adj);
		if (both)
			fprintf(fp, ", \"base_cold\": %u, \"new_cold\": %u", c->cold[0],
			        c->cold[1]);
		fputs(" },\n      \"consistency_test\": { ", fp);
		p_json(fp, "f", c->f_spread);
		fputs(", ", fp);
		p_json(fp, "p_value", c->p_spread);
		fputs(", ", fp);
		p_json(fp, "p_adjusted", c->p_spread_adj);
		fprintf(fp, " },\n      \"regression\": %s",
		        c->regression ? "true" : "false");
		if (r->ngates > 0) {
			fputs(", \"gates\": ", fp);
			json_gates(fp, r->gates, r->ngates, c->gates);
		}
		fputs(" }", fp);
	}
	fputs(r->cmp->n ? "\n  ]\n}\n" : "]\n}\n", fp);
}

/* ==== CSV and Markdown ==== */

static void
num(FILE *fp, double x)
{
	fputc(',', fp);
	fmt_csv_number(fp, x);
}

void
out_compare_csv(FILE *fp, const struct cmp_report *r)
{
	const struct trace *t = r->tb;

	for (size_t k = 0; k < t->nkeys; k++) {
		csv_fwrite(fp, t->keyname[k], strlen(t->keyname[k]));
		fputc(',', fp);
	}
	fputs("present,base_n,new_n,base_median_s,new_median_s,base_p95_s,"
	      "new_p95_s,base_cv_pct,new_cv_pct,base_cold_share,new_cold_share,"
	      "median_pct,median_pct_lo,median_pct_hi,p95_pct,p95_pct_lo,"
	      "p95_pct_hi,cv_pct_points,cv_pct_points_lo,cv_pct_points_hi,test,"
	      "u,p_value,p_adjusted,significant,cold_p_adjusted,"
	      "consistency_p_adjusted,regression\n", fp);
	for (size_t i = 0; i < r->cmp->n; i++) {
		const struct cmp_cell *c = &r->cmp->c[i];
		const struct cell *a = c->base, *b = c->nw;
		for (size_t k = 0; k < t->nkeys; k++) {
			const char *v = key_value(r, c, t->keyname[k]);
			if (v != NULL)
				csv_fwrite(fp, v, strlen(v));
			fputc(',', fp);
		}
		fputs(a && b ? "both" : a ? "base" : "new", fp);
		num(fp, a ? (double)a->d.n : NAN);
		num(fp, b ? (double)b->d.n : NAN);
		num(fp, a ? a->d.median : NAN);
		num(fp, b ? b->d.median : NAN);
		num(fp, a ? a->d.p95 : NAN);
		num(fp, b ? b->d.p95 : NAN);
		num(fp, a ? a->d.cv_pct : NAN);
		num(fp, b ? b->d.cv_pct : NAN);
		num(fp, a && a->mix.fitted ? a->mix.cold_share : NAN);
		num(fp, b && b->mix.fitted ? b->mix.cold_share : NAN);
		num(fp, c->d_median_pct);
		num(fp, c->ci_median[0]);
		num(fp, c->ci_median[1]);
		num(fp, c->d_p95_pct);
		num(fp, c->ci_p95[0]);
		num(fp, c->ci_p95[1]);
		num(fp, c->d_cv_pts);
		num(fp, c->ci_cv[0]);
		num(fp, c->ci_cv[1]);
		fprintf(fp, ",%s", a && b ? (c->mw.exact ? "exact" : "normal") : "");
		num(fp, c->mw.u);
		num(fp, c->p);
		num(fp, c->p_adj);
		fprintf(fp, ",%s", c->significant ? "true" : "false");
		num(fp, c->p_cold_adj);
		num(fp, c->p_spread_adj);
		fprintf(fp, ",%s\n", c->regression ? "true" : "false");
	}
}

static void
md_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '|' || ch == '\\' || ch == '`' || ch == '*' || ch == '_' ||
		    ch == '<' || ch == '[' || ch == ']')
			fputc('\\', fp);
		fputc(ch < 0x20 || ch == 0x7f ? ' ' : (char)ch, fp);
	}
}

void
out_compare_md(FILE *fp, const struct cmp_report *r)
{
	char col[NCOL][128];

	fputs("| cell | median (s) | \xce\x94 median | p95 (s) | \xce\x94 p95 | CV % "
	      "| \xce\x94 CV (pts) | p (Holm) | n |\n| --- | ---: | ---: | ---: | "
	      "---: | ---: | ---: | ---: | ---: |\n", fp);
	for (size_t i = 0; i < r->cmp->n; i++) {
		row_text(r, &r->cmp->c[i], col);
		fputc('|', fp);
		for (int k = 0; k < NCOL; k++) {
			fputc(' ', fp);
			md_text(fp, col[k]);
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
	fputs("\n", fp);
	md_text(fp, tests_note);
	fputs(". ~ = not significant; ! = regression.\n", fp);
}
