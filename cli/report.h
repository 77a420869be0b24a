/*
 * report.h — what a command hands to an output writer.
 *
 * Writers only format: every number is computed before they run, so the
 * four formats cannot disagree.  They write to fp and leave error
 * detection to the caller (ferror on the stream before exit).
 */
#ifndef TTFT_REPORT_H
#define TTFT_REPORT_H

#include <stdio.h>

#include "../analyze/cells.h"
#include "../ingest/trace.h"

#define TTFTSTAT_VERSION "0.1.0"

struct report_settings {
	size_t warmup;
	unsigned long bootstrap;
	double confidence;
	unsigned long long seed;
	enum ci_method ci;
	unsigned threads;               /* 0 = one per CPU; never in output */
	bool wide;                      /* text: every statistic */
};

struct report {
	const struct trace *t;
	const struct cells *cells;
	struct report_settings s;
	const char *const *gates;       /* --fail-if texts, by bit */
	size_t ngates;
};

/* The value of group key k for cell c, or NULL when the cell lacks it. */
const char *report_key(const struct report *r, const struct cell *c, size_t k);

/* Is key k absent from every cell?  (Such a key gets no column.) */
int report_key_unused(const struct report *r, size_t k);

/* 0, or ERR_NOMEM before anything is written. */
int out_text(FILE *fp, const struct report *r);
void out_json(FILE *fp, const struct report *r);
void out_csv(FILE *fp, const struct report *r);
void out_md(FILE *fp, const struct report *r);

#endif
