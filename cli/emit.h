/*
 * emit.h — a command's document to its destinations: standard output in
 * --format-out, each --export-FMT FILE beside it, and, when standard
 * output carries CSV or Markdown, the gates and warnings on standard error.
 */
#ifndef TTFT_EMIT_H
#define TTFT_EMIT_H

#include "opts.h"
#include "result.h"

/* 0, ERR_NOMEM (before anything is written), or an export's
 * ERR_CANTCREAT / ERR_IO (its message in e; stdout is written first). */
int emit(const struct rdoc *d, const struct opts *o, struct err *e);

#endif
