/*
 * gp.h — writing gnuplot scripts that untrusted text cannot take over.
 *
 * Model and provider names come from files other people wrote.  In
 * gnuplot 5.4 a backquote inside a double-quoted string runs a shell
 * command, an undoubled ' or a newline inside a single-quoted string ends
 * the string and the rest runs as code, and enhanced text reinterprets
 * _ ^ { } @.  So every string that comes from input is written by
 * gp_quote(), and every script turns enhanced text off; data files hold
 * numbers only.  (../shared/STYLE.md, "gnuplot: untrusted labels".)
 */
#ifndef TTFT_GP_H
#define TTFT_GP_H

#include <stddef.h>
#include <stdio.h>

#define GP_LABEL_MAX 60         /* characters of a label kept */
#define GP_TITLE_MAX 160        /* of a title that embeds labels */

/*
 * Write s as a gnuplot single-quoted string literal: ' doubled, every byte
 * below 0x20 and 0x7F replaced by a space, broken UTF-8 replaced by '?',
 * cut at GP_LABEL_MAX characters.  The result is always one literal.
 */
void gp_quote(FILE *fp, const char *s);

/* The same with another cap (GP_TITLE_MAX for titles). */
void gp_quote_max(FILE *fp, const char *s, size_t max_chars);

/* The same into a buffer of at least 4 * max_chars + 3 bytes. */
void gp_quote_buf(char *out, size_t size, const char *s, size_t max_chars);

enum gp_terminal { GP_PNG, GP_SVG, GP_PDF };

/* Terminal, size, font, output file (NAME + extension), no enhanced
 * text, and the colour-blind-safe Okabe-Ito palette as line types 1-8. */
void gp_preamble(FILE *fp, enum gp_terminal term, int width, int height,
                 const char *name);

const char *gp_extension(enum gp_terminal term);

#endif
