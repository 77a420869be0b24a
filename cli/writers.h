/*
 * writers.h — a result document (result.h) in each output format.
 *
 * Writers render and decide nothing: which rows, values and verdicts a
 * document holds was settled when it was built.  Each writer has its own
 * escaping — the terminal's (control and bidi characters as '?', long
 * names cut with an ellipsis), JSON's (jsonw.h), CSV's (libcsv's
 * csv_fwrite: always quoted, quotes doubled), Markdown's (table
 * punctuation escaped, line breaks as spaces) — and all of them read
 * text through the one UTF-8 decoder (ingest/utf8.h).  They write to fp
 * and leave error detection to the caller (ferror before exit).
 */
#ifndef TTFT_WRITERS_H
#define TTFT_WRITERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "result.h"

struct wopts {
	bool wide;                      /* text: every column, names uncut */
	bool quiet;                     /* no warnings anywhere */
	size_t width;                   /* text: the terminal's columns */
};

#define WRITERS_WIDTH 100

/* 0, or ERR_NOMEM before a line is written. */
int write_text(FILE *fp, const struct rdoc *d, const struct wopts *o);
void write_json(FILE *fp, const struct rdoc *d);
void write_csv(FILE *fp, const struct rdoc *d);
int write_md(FILE *fp, const struct rdoc *d, const struct wopts *o);
/* One self-contained page: figures inlined, no script, nothing fetched. */
int write_html(FILE *fp, const struct rdoc *d, const struct wopts *o);
/* The gates (and the warnings, with warnings), as text (for standard
 * error when standard output carries CSV or Markdown). */
void write_notices(FILE *fp, const struct rdoc *d, const struct wopts *o,
                   bool warnings);

/* ==== shared by the text and Markdown writers ==== */

/* The decimals of a table's seconds columns: enough that its smallest
 * positive value keeps two significant digits, at least 3. */
int wfmt_seconds_decimals(const struct rtable *t);
/* A value as text (not yet escaped); "–" for none. */
void wfmt_value(char *buf, size_t size, const struct rval *v,
                const struct rcol *c, int seconds_decimals);
/* Is column c shown in text section s (wide: --wide)? */
bool wfmt_shown(const struct rtable *t, size_t c, size_t s, bool wide);
/* The label list of a merged warning: "a/b", "a/b, c/d" or
 * "19 cells (a/b, c/d, e/f and 16 more)", each label cut to max_cols
 * columns (0: uncut). */
void wfmt_cells(char *buf, size_t size, const struct rwarn *w,
                size_t max_cols);

#endif
