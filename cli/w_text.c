/*
 * w_text.c — the document as a person reads it in a terminal: aligned
 * tables (names left, numbers right), prose, the gates, then the
 * warnings, merged.  Untrusted text is shown with control and bidi
 * characters as '?'; when a table is wider than the terminal (100
 * columns) the name columns are cut with "…" until it fits, or down to
 * 12 columns each (--wide: nothing is cut).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "../ingest/utf8.h"
#include "writers.h"

#define CELL_MAX 512
#define KEY_MIN_COLS 12
#define BLANK_COLS 4                    /* columns that blank repeats */

static void
clean(char *out, size_t size, const char *s, size_t max_cols)
{
	utf8_clean(out, size, s, strlen(s), SIZE_MAX, max_cols,
	           UTF8_BIDI | UTF8_ELLIPSIS);
}

static void
pad(FILE *fp, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fputc(' ', fp);
}

/* Column k of nc, width w: two spaces before all but the first, numbers
 * right-aligned, names left-aligned (no trailing spaces on the last). */
static void
put_cell(FILE *fp, const char *text, size_t w, bool left, size_t k,
         size_t nc)
{
	size_t tw = utf8_width(text), fill = w > tw ? w - tw : 0;

	if (k)
		fputs("  ", fp);
	if (!left)
		pad(fp, fill);
	fputs(text, fp);
	if (left && k + 1 < nc)
		pad(fp, fill);
}

/* The text of row r, column c, cleaned and cut to max_cols (0: uncut). */
static void
cell_text(char *out, size_t size, const struct rval *v, const struct rcol *c,
          int secdec, size_t max_cols)
{
	char raw[CELL_MAX * 2];

	wfmt_value(raw, sizeof raw, v, c, secdec);
	clean(out, size, raw, max_cols);
}

static int
section(FILE *fp, const struct rtable *t, size_t s, const struct wopts *o,
        int secdec)
{
	/* everything on the stack: a writer that runs out of memory half
	 * way would leave half a report */
	size_t cols[512], w[512], nc = 0, n = rtable_nrows(t), total = 0;
	bool any_value = false;
	struct rval buf[512];
	char text[CELL_MAX], prev[BLANK_COLS][CELL_MAX];
	size_t slot[512], nslots = 0;

	for (size_t c = 0; c < t->ncols && nc < 512; c++)
		if (wfmt_shown(t, c, s, o->wide)) {
			cols[nc++] = c;
			any_value |= !t->col[c].key;
		}
	if (!any_value)
		return 0;
	for (size_t k = 0; k < nc; k++) {
		w[k] = utf8_width(t->col[cols[k]].head);
		slot[k] = t->col[cols[k]].blank_repeats && nslots < BLANK_COLS
		          ? nslots++ : SIZE_MAX;
	}
	for (size_t i = 0; i < n; i++) {
		const struct rval *row = rtable_get(t, i, buf);
		for (size_t k = 0; k < nc; k++) {
			size_t cw;
			cell_text(text, sizeof text, &row[cols[k]], &t->col[cols[k]],
			          secdec, 0);
			cw = utf8_width(text);
			if (cw > w[k])
				w[k] = cw;
		}
	}
	for (size_t k = 0; k < nc; k++)
		total += w[k] + (k ? 2 : 0);
	/* too wide: cut the widest name column by one, again and again */
	while (!o->wide && total > o->width) {
		size_t widest = SIZE_MAX;
		for (size_t k = 0; k < nc; k++)
			if (t->col[cols[k]].key && w[k] > KEY_MIN_COLS &&
			    (widest == SIZE_MAX || w[k] > w[widest]))
				widest = k;
		if (widest == SIZE_MAX)
			break;
		w[widest]--;
		total--;
	}
	if (s < t->nsections && t->section[s][0] != '\0')
		fprintf(fp, "%s%s\n\n", s > 0 ? "\n" : "", t->section[s]);
	for (size_t k = 0; k < nc; k++) {
		const struct rcol *c = &t->col[cols[k]];
		bool left = c->key || c->left;
		char head[CELL_MAX];
		clean(head, sizeof head, c->head, w[k]);
		put_cell(fp, head, w[k], left, k, nc);
	}
	fputc('\n', fp);
	for (size_t i = 0; i < n; i++) {
		const struct rval *row = rtable_get(t, i, buf);
		for (size_t k = 0; k < nc; k++) {
			const struct rcol *c = &t->col[cols[k]];
			bool left = c->key || c->left;
			cell_text(text, sizeof text, &row[cols[k]], c, secdec,
			          c->key ? w[k] : 0);
			if (slot[k] != SIZE_MAX) {
				bool same = i > 0 && strcmp(prev[slot[k]], text) == 0;
				snprintf(prev[slot[k]], CELL_MAX, "%s", text);
				if (same)
					text[0] = '\0';
			}
			put_cell(fp, text, w[k], left, k, nc);
		}
		fputc('\n', fp);
	}
	return 0;
}

static int
table(FILE *fp, const struct rpart *p, const struct wopts *o)
{
	const struct rtable *t = p->t;
	size_t ns = t->nsections ? t->nsections : 1;
	int secdec = wfmt_seconds_decimals(t), rc;

	if (p->title != NULL) {
		char title[CELL_MAX];
		clean(title, sizeof title, p->title, 0);
		fprintf(fp, "%s\n\n", title);
	}
	for (size_t s = 0; s < ns; s++)
		if ((rc = section(fp, t, s, o, secdec)) != 0)
			return rc;
	return 0;
}

static void wrapped(FILE *fp, const char *text, size_t width,
                    const char *first, const char *rest);

static void
lines(FILE *fp, const struct rpart *p, const struct wopts *o)
{
	char text[4096];

	if (p->title != NULL) {
		clean(text, sizeof text, p->title, 0);
		fprintf(fp, "%s\n", text);
	}
	for (size_t i = 0; i < p->nlines; i++) {
		if (p->items) {
			char label[1024], line[4096];
			utf8_clean(label, sizeof label, p->labels[i],
			           strlen(p->labels[i]), SIZE_MAX, o->wide ? 0 : 40,
			           UTF8_KEEP_CTRL | UTF8_ELLIPSIS);
			snprintf(line, sizeof line, "%s: %s", label, p->lines[i]);
			clean(text, sizeof text, line, 0);
		} else {
			clean(text, sizeof text, p->lines[i], 0);
		}
		wrapped(fp, text, o->wide ? SIZE_MAX : o->width,
		        p->items ? "  " : "", p->items ? "    " : "  ");
	}
}

/* Text wrapped at width columns on spaces, its first line after first,
 * the rest after rest. */
static void
wrapped(FILE *fp, const char *text, size_t width, const char *first,
        const char *rest)
{
	const char *p = text;
	size_t col = strlen(first), indent = strlen(rest);

	fputs(first, fp);
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);
		char word[4096];
		size_t w;
		snprintf(word, sizeof word, "%.*s", (int)len, p);
		w = utf8_width(word);
		if (col > indent && col + 1 + w > width) {
			fputc('\n', fp);
			fputs(rest, fp);
			col = indent;
		} else if (p != text) {
			fputc(' ', fp);
			col++;
		}
		fputs(word, fp);
		col += w;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

static void
warnings(FILE *fp, const struct rdoc *d, size_t width, bool wide)
{
	char cells[1024], line[4096];

	fputs("warnings:\n", fp);
	for (size_t i = 0; i < d->nwarn; i++) {
		const struct rwarn *w = &d->warn[i];
		wfmt_cells(cells, sizeof cells, w, wide ? 0 : 40);
		if (cells[0] != '\0')
			snprintf(line, sizeof line, "%s: %s", cells, w->msg);
		else
			snprintf(line, sizeof line, "%s", w->msg);
		clean(cells, sizeof cells, line, 0);
		wrapped(fp, cells, width, "  ", "    ");
	}
}

int
write_text(FILE *fp, const struct rdoc *d, const struct wopts *o)
{
	bool first = true;
	int rc;

	for (size_t i = 0; i < d->nparts; i++) {
		const struct rpart *p = &d->part[i];
		if (!(p->formats & RF_TEXT) || p->kind == RP_VALUE)
			continue;
		if (p->kind == RP_LINES && p->nlines == 0 && p->title == NULL)
			continue;
		if (p->kind == RP_TABLE && rtable_nrows(p->t) == 0 &&
		    p->t != d->gates)
			continue;
		if (!first)
			fputc('\n', fp);
		first = false;
		if (p->kind == RP_LINES)
			lines(fp, p, o);
		else if (p->kind == RP_HEADING) {
			char text[1024];
			clean(text, sizeof text, p->title, 0);
			fprintf(fp, "%s\n", text);
		} else if (p->kind == RP_FIGURE) {
			char text[1024];
			clean(text, sizeof text, p->fig.caption, 0);
			fprintf(fp, "[figure %s: %s]\n", p->fig.file, text);
		} else if ((rc = table(fp, p, o)) != 0)
			return rc;
	}
	if (!o->quiet && d->nwarn > 0) {
		if (!first)
			fputc('\n', fp);
		warnings(fp, d, o->wide ? SIZE_MAX : o->width, o->wide);
	}
	return 0;
}

void
write_notices(FILE *fp, const struct rdoc *d, const struct wopts *o,
              bool with_warnings)
{
	for (size_t i = 0; i < d->nparts; i++) {
		const struct rpart *p = &d->part[i];
		if (p->kind == RP_TABLE && p->t == d->gates && d->gates != NULL)
			(void)table(fp, p, o);
	}
	if (with_warnings && !o->quiet && d->nwarn > 0)
		warnings(fp, d, o->wide ? SIZE_MAX : o->width, o->wide);
}
