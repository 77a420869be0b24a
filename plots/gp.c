#include "gp.h"

#include <stdio.h>
#include <string.h>

#include "../ingest/field.h"

void
gp_quote_buf(char *out, size_t size, const char *s, size_t max_chars)
{
	size_t o = 0, chars = 0, i = 0, n = strlen(s);

	if (size < 4 * max_chars + 3) {
		snprintf(out, size, "''");
		return;
	}
	out[o++] = '\'';
	while (i < n && chars < max_chars) {
		unsigned char c = (unsigned char)s[i];
		size_t seq = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2
		             : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		chars++;
		if (seq == 1) {
			if (c == '\'') {
				out[o++] = '\'';        /* '' is a literal quote */
				out[o++] = '\'';
			} else {
				out[o++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
			}
			i++;
		} else if (seq > 1 && seq <= n - i && field_utf8_valid(s + i, seq)) {
			memcpy(out + o, s + i, seq);
			o += seq;
			i += seq;
		} else {
			out[o++] = '?';
			i++;
		}
	}
	out[o++] = '\'';
	out[o] = '\0';
}

void
gp_quote_max(FILE *fp, const char *s, size_t max_chars)
{
	char buf[4 * GP_TITLE_MAX + 8];

	if (max_chars > GP_TITLE_MAX)
		max_chars = GP_TITLE_MAX;
	gp_quote_buf(buf, sizeof buf, s, max_chars);
	fputs(buf, fp);
}

void
gp_quote(FILE *fp, const char *s)
{
	gp_quote_max(fp, s, GP_LABEL_MAX);
}

const char *
gp_extension(enum gp_terminal term)
{
	switch (term) {
	case GP_PNG: return "png";
	case GP_SVG: return "svg";
	case GP_PDF: return "pdf";
	}
	return "png";
}

void
gp_preamble(FILE *fp, enum gp_terminal term, int width, int height,
            const char *name)
{
	/* Okabe & Ito (2008): distinguishable with every common form of
	 * colour blindness */
	static const char *const palette[] = {
		"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
		"#F0E442", "#000000"};

	fputs("# written by ttftstat; edit freely and rerun: gnuplot THIS.gp\n",
	      fp);
	fputs("set encoding utf8\n", fp);
	switch (term) {
	case GP_PNG:
		fprintf(fp, "set terminal pngcairo noenhanced size %d,%d "
		        "font 'Sans,11'\n", width, height);
		break;
	case GP_SVG:
		fprintf(fp, "set terminal svg noenhanced size %d,%d "
		        "font 'Sans,11' background '#ffffff'\n", width, height);
		break;
	case GP_PDF:
		fprintf(fp, "set terminal pdfcairo noenhanced size %.2fin,%.2fin "
		        "font 'Sans,9'\n", width / 100.0, height / 100.0);
		break;
	}
	/* name is ours: [A-Za-z0-9._-] only (plots/names.c) */
	fprintf(fp, "set output '%s.%s'\n", name, gp_extension(term));
	for (int i = 0; i < 8; i++)
		fprintf(fp, "set linetype %d lc rgb '%s' lw 2 pt 7 ps 0.7\n", i + 1,
		        palette[i]);
	fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\n"
	      "set key noenhanced\n", fp);
}
