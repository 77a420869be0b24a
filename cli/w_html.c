/*
 * w_html.c — the document as one self-contained HTML page (the report):
 * headings, tables, prose, figures inlined as SVG images, warnings.
 *
 * Nothing in it can run or fetch: no script is ever written, a Content
 * Security Policy (default-src 'none'; images from data: only; inline
 * styles) makes the browser refuse anything else, and each figure is an
 * <img> of a data: URI, where an SVG can neither script nor load.
 * Untrusted text is escaped (& < > " ') with control and bidi characters
 * as spaces; broken UTF-8 was made U+FFFD when the document took it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/utf8.h"
#include "writers.h"

#define CELL_MAX 2048

static void
text(FILE *fp, const char *s)
{
	char clean[CELL_MAX * 3];

	utf8_clean(clean, sizeof clean, s, strlen(s), SIZE_MAX, 0,
	           UTF8_CTRL_SPACE | UTF8_BIDI);
	for (const char *p = clean; *p; p++)
		switch (*p) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*p, fp);
		}
}

static void
base64(FILE *fp, const unsigned char *p, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	                          "qrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		fputc(abc[v >> 18 & 63], fp);
		fputc(abc[v >> 12 & 63], fp);
		fputc(i + 1 < n ? abc[v >> 6 & 63] : '=', fp);
		fputc(i + 2 < n ? abc[v & 63] : '=', fp);
	}
}

static void
section(FILE *fp, const struct rtable *t, size_t s, const struct wopts *o,
        int secdec)
{
	size_t cols[512], nc = 0, n = rtable_nrows(t);
	bool any_value = false;
	struct rval buf[512];
	char cell[CELL_MAX];

	for (size_t c = 0; c < t->ncols && nc < 512; c++)
		if (wfmt_shown(t, c, s, o->wide)) {
			cols[nc++] = c;
			any_value |= !t->col[c].key;
		}
	if (!any_value)
		return;
	fputs("<table>", fp);
	if (s < t->nsections && t->section[s][0] != '\0') {
		fputs("<caption>", fp);
		text(fp, t->section[s]);
		fputs("</caption>", fp);
	}
	fputs("\n<thead><tr>", fp);
	for (size_t k = 0; k < nc; k++) {
		const struct rcol *c = &t->col[cols[k]];
		fputs(c->key ? "<th class=\"k\">" : c->left ? "<th>"
		      : "<th class=\"n\">", fp);
		text(fp, c->head);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (size_t i = 0; i < n; i++) {
		const struct rval *row = rtable_get(t, i, buf);
		fputs("<tr>", fp);
		for (size_t k = 0; k < nc; k++) {
			const struct rcol *c = &t->col[cols[k]];
			wfmt_value(cell, sizeof cell, &row[cols[k]], c, secdec);
			fputs(c->key ? "<td class=\"k\">" : c->left ? "<td>"
			      : "<td class=\"n\">", fp);
			text(fp, cell);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table>\n", fp);
}

static void
figure(FILE *fp, const struct rfig *f)
{
	fputs("<figure>", fp);
	if (f->data != NULL) {
		fputs("<img src=\"data:image/svg+xml;base64,", fp);
		base64(fp, f->data, f->len);
		fputs("\" alt=\"", fp);
		text(fp, f->alt);
		fputs("\">", fp);
	} else {
		fputs("<p class=\"missing\">Not drawn (gnuplot is not installed): ",
		      fp);
		text(fp, f->alt);
		fputs("</p>", fp);
	}
	fputs("<figcaption>", fp);
	text(fp, f->caption);
	fputs("</figcaption></figure>\n", fp);
}

static const char style[] =
	"body{font:15px/1.45 system-ui,sans-serif;color:#111;margin:0}"
	"main{max-width:900px;margin:auto;padding:1em 1.5em}"
	"h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;"
	"margin-top:2em}"
	"table{border-collapse:collapse;margin:1em 0;font-size:13px}"
	"caption{text-align:left;font-weight:600;padding:.3em 0}"
	"th,td{border-bottom:1px solid #ddd;padding:.2em .6em;text-align:left;"
	"vertical-align:top}.n{text-align:right;font-variant-numeric:tabular-nums}"
	/* a name of any length wraps inside its column */
	".k{max-width:16em;overflow-wrap:anywhere}"
	"p,li,figcaption,h1,h2{overflow-wrap:anywhere}"
	"figure{margin:1.5em 0}figure img{max-width:100%;height:auto}"
	"figcaption{font-size:13px;color:#444}.missing{color:#b00000}"
	"li{margin:.2em 0}"
	"@media print{main{max-width:none}figure,table{break-inside:avoid}"
	"h2{break-after:avoid}}";

int
write_html(FILE *fp, const struct rdoc *d, const struct wopts *o)
{
	const char *title = "ttftstat report";
	char cells[1024];

	for (size_t i = 0; i < d->nparts; i++)
		if (d->part[i].kind == RP_HEADING && d->part[i].level <= 1) {
			title = d->part[i].title;
			break;
		}
	fputs("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
	      "\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
	      "'none'; img-src data:; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>", fp);
	text(fp, title);
	fprintf(fp, "</title>\n<style>%s</style>\n</head>\n<body><main>\n", style);
	for (size_t i = 0; i < d->nparts; i++) {
		const struct rpart *p = &d->part[i];
		if (!(p->formats & RF_HTML) || p->kind == RP_VALUE)
			continue;
		switch (p->kind) {
		case RP_HEADING:
			fputs(p->level <= 1 ? "<h1>" : "<h2>", fp);
			text(fp, p->title);
			fputs(p->level <= 1 ? "</h1>\n" : "</h2>\n", fp);
			break;
		case RP_FIGURE:
			figure(fp, &p->fig);
			break;
		case RP_TABLE: {
			size_t ns = p->t->nsections ? p->t->nsections : 1;
			int secdec = wfmt_seconds_decimals(p->t);
			if (rtable_nrows(p->t) == 0 && p->t != d->gates)
				break;
			if (p->title != NULL) {
				fputs("<p><strong>", fp);
				text(fp, p->title);
				fputs("</strong></p>\n", fp);
			}
			for (size_t s = 0; s < ns; s++)
				section(fp, p->t, s, o, secdec);
			break;
		}
		case RP_LINES:
			if (p->title != NULL) {
				fputs("<p><strong>", fp);
				text(fp, p->title);
				fputs("</strong></p>\n<ul>\n", fp);
				for (size_t k = 0; k < p->nlines; k++) {
					fputs("<li>", fp);
					if (p->items) {
						text(fp, p->labels[k]);
						fputs(": ", fp);
					}
					text(fp, p->lines[k]);
					fputs("</li>\n", fp);
				}
				fputs("</ul>\n", fp);
			} else {
				for (size_t k = 0; k < p->nlines; k++) {
					fputs("<p>", fp);
					text(fp, p->lines[k]);
					fputs("</p>\n", fp);
				}
			}
			break;
		case RP_VALUE:
			break;
		}
	}
	if (!o->quiet && d->nwarn > 0) {
		fputs("<h2>Warnings</h2>\n<ul>\n", fp);
		for (size_t i = 0; i < d->nwarn; i++) {
			wfmt_cells(cells, sizeof cells, &d->warn[i], 0);
			fputs("<li>", fp);
			if (cells[0] != '\0') {
				text(fp, cells);
				fputs(": ", fp);
			}
			text(fp, d->warn[i].msg);
			fputs("</li>\n", fp);
		}
		fputs("</ul>\n", fp);
	}
	fputs("</main></body>\n</html>\n", fp);
	return 0;
}
