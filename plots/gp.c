#include "gp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/utf8.h"


/*
 * A label as gnuplot 5.4 reads it back exactly: a double-quoted string in
 * which every byte but a letter, a digit or a space is an octal escape
 * (\0ooo).  No quote, backquote, backslash, @ or newline is ever in the
 * script's text, so nothing can end the string, substitute a command or
 * a macro; gnuplot turns the escapes back into the bytes.  Before that
 * the text is sanitised: control characters (C0, DEL, C1) and the line
 * and paragraph separators U+2028/U+2029 become spaces, broken UTF-8
 * becomes U+FFFD, and it is cut at max_chars characters, on a character
 * boundary.
 */
size_t
gp_sanitise(char *out, size_t size, const char *s, size_t max_chars)
{
	return utf8_clean(out, size, s, strlen(s), max_chars, 0, UTF8_CTRL_SPACE);
}

/* Cairo (png, pdf) draws a character none of the installed fonts has as
 * a blot over the whole figure; the fonts a Debian machine has (DejaVu)
 * end before the CJK and emoji blocks, so from U+2E80 on a raster
 * figure shows U+FFFD (which they have).  SVG leaves it to the viewer's
 * fonts, and is exact. */
static size_t
raster_safe(char *text, size_t n)
{
	char out[4 * GP_TITLE_MAX + 8];
	size_t i = 0, o = 0, bad;
	uint32_t cp;

	while (i < n && o + 4 < sizeof out) {
		size_t k = utf8_char(text + i, n - i, &cp, &bad);
		if (k == 0) {
			i += bad;
			continue;
		}
		if (cp >= 0x2e80) {
			memcpy(out + o, UTF8_REPLACEMENT, 3);
			o += 3;
		} else {
			memcpy(out + o, text + i, k);
			o += k;
		}
		i += k;
	}
	memcpy(text, out, o);
	text[o] = '\0';
	return o;
}

/* percent: a tic label is a format for its position, where %% is % */
static void
quote(char *out, size_t size, const char *s, size_t max_chars, bool percent,
      bool raster)
{
	char clean[4 * GP_TITLE_MAX + 8];
	size_t o = 0, n;

	if (max_chars > GP_TITLE_MAX)
		max_chars = GP_TITLE_MAX;
	if (size < GP_QUOTED_MAX(max_chars)) {
		snprintf(out, size, "\"\"");
		return;
	}
	n = gp_sanitise(clean, sizeof clean, s, max_chars);
	if (raster)
		n = raster_safe(clean, n);
	out[o++] = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)clean[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ')
			out[o++] = (char)c;
		else
			/* \0ooo: gnuplot reads a leading 0 and up to three
			 * digits more, so a digit after the escape stays a digit */
			o += (size_t)snprintf(out + o, size - o, "\\0%03o", c);
		if (c == '%' && percent)
			o += (size_t)snprintf(out + o, size - o, "\\0%03o", c);
	}
	out[o++] = '"';
	out[o] = '\0';
}

void
gp_quote_buf(char *out, size_t size, const char *s, size_t max_chars)
{
	quote(out, size, s, max_chars, false, false);
}

void
gp_quote_opt(FILE *fp, const char *s, size_t max_chars, unsigned flags)
{
	char buf[GP_QUOTED_MAX(GP_TITLE_MAX)];

	quote(buf, sizeof buf, s, max_chars, flags & GPQ_TIC, flags & GPQ_RASTER);
	fputs(buf, fp);
}

void
gp_quote_tic(FILE *fp, const char *s)
{
	gp_quote_opt(fp, s, GP_LABEL_MAX, GPQ_TIC);
}

void
gp_quote_max(FILE *fp, const char *s, size_t max_chars)
{
	char buf[GP_QUOTED_MAX(GP_TITLE_MAX)];

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

/* Okabe & Ito (2008): distinguishable with every common form of colour
 * blindness */
const char *const gp_palette[8] = {
	"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
	"#F0E442", "#000000"};

void
gp_preamble(FILE *fp, enum gp_terminal term, int width, int height,
            int font, const char *name)
{
	fputs("# written by ttftstat; edit freely and rerun: gnuplot THIS.gp\n",
	      fp);
	fputs("set encoding utf8\n", fp);
	switch (term) {
	case GP_PNG:
		fprintf(fp, "set terminal pngcairo noenhanced size %d,%d "
		        "font 'Sans,%d'\n", width, height, font > 0 ? font : 11);
		break;
	case GP_SVG:
		fprintf(fp, "set terminal svg noenhanced size %d,%d "
		        "font 'Sans,%d' background '#ffffff'\n", width, height,
		        font > 0 ? font : 11);
		break;
	case GP_PDF:
		fprintf(fp, "set terminal pdfcairo noenhanced size %.2fin,%.2fin "
		        "font 'Sans,%d'\n", width / 100.0, height / 100.0,
		        font > 0 ? font * 9 / 11 : 9);
		break;
	}
	/* name is ours: [A-Za-z0-9._-] only (plots/names.c).  Run as
	 * `gnuplot NAME.gp` in its folder, the figure is written beside it;
	 * --render says where (a private folder) and where the data are. */
	fputs("if (!exists(\"outdir\")) outdir = ''\n"
	      "if (!exists(\"datadir\")) datadir = ''\n", fp);
	fprintf(fp, "set output outdir.'%s.%s'\n", name, gp_extension(term));
	for (int i = 0; i < 8; i++)
		fprintf(fp, "set linetype %d lc rgb '%s' lw 2 pt 7 ps 0.7\n", i + 1,
		        gp_palette[i]);
	fputs("set border 3\nset tics nomirror\nset grid ytics lc rgb '#dddddd'\n"
	      "set key noenhanced\n", fp);
}
