/*
 * w_md.c — the document as GitHub-flavoured Markdown, to paste into a
 * report: each text section a table, prose as a list, the warnings last.
 *
 * Untrusted text cannot break a table or turn into markup: line breaks,
 * control and bidi characters become spaces, broken UTF-8 U+FFFD, and
 * the punctuation GFM acts on (\ ` * _ [ ] < > | & ~) is
 * backslash-escaped, which GFM reads back as the character itself.
 * Names are never cut here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "../ingest/utf8.h"
#include "writers.h"

#define CELL_MAX 1024

static void
md_text(FILE *fp, const char *s)
{
	char clean[CELL_MAX * 2];

	utf8_clean(clean, sizeof clean, s, strlen(s), SIZE_MAX, 0,
	           UTF8_CTRL_SPACE | UTF8_BIDI);
	for (const char *p = clean; *p; p++) {
		if (strchr("\\`*_[]<>|&~", *p) != NULL)
			fputc('\\', fp);
		fputc(*p, fp);
	}
}

static void
section(FILE *fp, const struct rtable *t, size_t s, const struct wopts *o,
        int secdec)
{
	size_t cols[512], nc = 0, n = rtable_nrows(t);
	bool any_value = false;
	struct rval buf[512];
	char text[CELL_MAX];

	for (size_t c = 0; c < t->ncols && nc < 512; c++)
		if (wfmt_shown(t, c, s, o->wide)) {
			cols[nc++] = c;
			any_value |= !t->col[c].key;
		}
	if (!any_value)
		return;
	if (s < t->nsections && t->section[s][0] != '\0') {
		fputs("**", fp);
		md_text(fp, t->section[s]);
		fputs("**\n\n", fp);
	}
	fputc('|', fp);
	for (size_t k = 0; k < nc; k++) {
		fputc(' ', fp);
		md_text(fp, t->col[cols[k]].head);
		fputs(" |", fp);
	}
	fputs("\n|", fp);
	for (size_t k = 0; k < nc; k++) {
		const struct rcol *c = &t->col[cols[k]];
		fputs(c->key || c->left ? " --- |" : " ---: |", fp);
	}
	fputc('\n', fp);
	for (size_t i = 0; i < n; i++) {
		const struct rval *row = rtable_get(t, i, buf);
		fputc('|', fp);
		for (size_t k = 0; k < nc; k++) {
			wfmt_value(text, sizeof text, &row[cols[k]], &t->col[cols[k]],
			           secdec);
			fputc(' ', fp);
			md_text(fp, text);
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
	fputc('\n', fp);
}

int
write_md(FILE *fp, const struct rdoc *d, const struct wopts *o)
{
	char cells[1024];

	for (size_t i = 0; i < d->nparts; i++) {
		const struct rpart *p = &d->part[i];
		if (!(p->formats & RF_MD) || p->kind == RP_VALUE)
			continue;
		if (p->kind == RP_TABLE) {
			size_t ns = p->t->nsections ? p->t->nsections : 1;
			int secdec = wfmt_seconds_decimals(p->t);
			if (rtable_nrows(p->t) == 0 && p->t != d->gates)
				continue;
			if (p->title != NULL) {
				md_text(fp, p->title);
				fputs("\n\n", fp);
			}
			for (size_t s = 0; s < ns; s++)
				section(fp, p->t, s, o, secdec);
			continue;
		}
		if (p->kind == RP_HEADING) {
			fputs(p->level <= 1 ? "# " : "## ", fp);
			md_text(fp, p->title);
			fputs("\n\n", fp);
			continue;
		}
		if (p->kind == RP_FIGURE) {
			/* the file name is ours: [A-Za-z0-9._-] (plots/names.c) */
			fputs("![", fp);
			md_text(fp, p->fig.alt);
			fprintf(fp, "](%s)\n\n*", p->fig.file);
			md_text(fp, p->fig.caption);
			fputs("*\n\n", fp);
			continue;
		}
		if (p->nlines == 0 && p->title == NULL)
			continue;
		/* a titled part is a list under its title; an untitled one
		 * plain paragraphs */
		if (p->title != NULL) {
			md_text(fp, p->title);
			fputs("\n\n", fp);
		}
		for (size_t k = 0; k < p->nlines; k++) {
			fputs(p->title != NULL ? "- " : "", fp);
			if (p->items) {
				md_text(fp, p->labels[k]);
				fputs(": ", fp);
			}
			md_text(fp, p->lines[k]);
			fputs(p->title != NULL ? "\n" : "\n\n", fp);
		}
		if (p->nlines && p->title != NULL)
			fputc('\n', fp);
	}
	if (!o->quiet && d->nwarn > 0) {
		fputs("**warnings**\n\n", fp);
		for (size_t i = 0; i < d->nwarn; i++) {
			wfmt_cells(cells, sizeof cells, &d->warn[i], 0);
			fputs("- ", fp);
			if (cells[0] != '\0') {
				md_text(fp, cells);
				fputs(": ", fp);
			}
			md_text(fp, d->warn[i].msg);
			fputc('\n', fp);
		}
	}
	return 0;
}
