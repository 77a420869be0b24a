/*
 * gp.h — writing gnuplot scripts that untrusted text cannot take over.
 *
 * Model and provider names come from files other people wrote.  In
 * gnuplot 5.4 a backquote inside a double-quoted string runs a shell
 * command, an undoubled ' or a newline inside a single-quoted string ends
 * the string and the rest runs as code, '' is read as a quote only after
 * another character (so runs of quotes break single-quoted strings), @
 * expands macros, and enhanced text reinterprets _ ^ { } @.  So every
 * string that comes from input is written by gp_quote(), as octal escapes
 * inside double quotes — the script's text then holds no character that
 * could act — and every script turns enhanced text off; data files hold
 * numbers only.  (../shared/STYLE.md, "gnuplot: untrusted labels".)
 */
#ifndef TTFT_GP_H
#define TTFT_GP_H

#include <stddef.h>
#include <stdio.h>

#define GP_LABEL_MAX 60         /* characters of a label kept */
#define GP_TITLE_MAX 160        /* of a title that embeds labels */

/*
 * Write s as a gnuplot string literal that reads back as exactly the
 * sanitised text (gp_sanitise), whatever bytes s holds: double-quoted,
 * every byte but a letter, a digit or a space as an octal escape, cut at
 * GP_LABEL_MAX characters.  The result is always one literal.
 */
void gp_quote(FILE *fp, const char *s);

/* The same with another cap (GP_TITLE_MAX at most, for titles). */
void gp_quote_max(FILE *fp, const char *s, size_t max_chars);

/* The same with flags: GPQ_TIC (a tic label, below), GPQ_RASTER (for
 * png and pdf: from U+2E80 on, characters the installed fonts lack,
 * U+FFFD; see gp.c). */
enum { GPQ_TIC = 1, GPQ_RASTER = 2 };
void gp_quote_opt(FILE *fp, const char *s, size_t max_chars, unsigned flags);

/* A tic label (set xtics ("label" pos)): gnuplot takes it as a format
 * for the position, so a % is written as %%; it reads back as the
 * sanitised text. */
void gp_quote_tic(FILE *fp, const char *s);

/* Room for a quoted text of max_chars characters: up to four bytes a
 * character, each "\0ooo" (a % twice in a tic label), quotes and a NUL. */
#define GP_QUOTED_MAX(max_chars) (20 * (max_chars) + 3)

/* The same into a buffer of at least GP_QUOTED_MAX(max_chars) bytes. */
void gp_quote_buf(char *out, size_t size, const char *s, size_t max_chars);

/* What a label becomes on the figure: control characters (C0, DEL, C1)
 * and U+2028/U+2029 as spaces, broken UTF-8 as U+FFFD (one for each
 * maximal subpart, as Python's decode(errors='replace')), at most
 * max_chars characters, cut on a character boundary.  Returns its
 * length; out needs 4 * max_chars + 1 bytes. */
size_t gp_sanitise(char *out, size_t size, const char *s, size_t max_chars);

enum gp_terminal { GP_PNG, GP_SVG, GP_PDF };

/* Terminal, size, font size (0: the default, 11), output file (NAME +
 * extension), no enhanced text, and the colour-blind-safe Okabe-Ito
 * palette as line types 1-8. */
void gp_preamble(FILE *fp, enum gp_terminal term, int width, int height,
                 int font, const char *name);

/* The palette, line type i + 1 = gp_palette[i]. */
extern const char *const gp_palette[8];

const char *gp_extension(enum gp_terminal term);

#endif
