/*
 * fuzz_common.h — feed one fuzz input through a reader, then through the
 * cells, as `summary` would (without the bootstrap, to keep runs fast).
 *
 * Besides crashes, sanitizer reports and hangs, the input is read twice
 * and the two must agree: once on one thread at the read size the target
 * chose, once with the mapping on a second thread and the default read
 * size.  Same verdict, same message, same table, same counts and reasons —
 * or abort(), which the fuzzer reports like a crash.
 */
#ifndef TTFT_FUZZ_COMMON_H
#define TTFT_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/cells.h"
#include "../../ingest/ingest.h"

static inline struct trace *
fuzz_read(const uint8_t *data, size_t size, const struct ingest_opts *o,
          int *rc, struct err *e)
{
	struct trace *t = trace_new();
	uint16_t src;
	FILE *fp;

	*rc = -1;
	if (t == NULL)
		return NULL;
	if (trace_source_add(t, "fuzz", &src, e) != 0) {
		trace_free(t);
		return NULL;
	}
	/* fmemopen refuses a zero-length buffer; an empty file is "" */
	fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "rb");
	if (fp == NULL) {
		trace_free(t);
		return NULL;
	}
	if (size == 0)
		fgetc(fp);
	*rc = ingest_stream(t, src, fp, o, e);
	fclose(fp);
	return t;
}

static inline void
fuzz_differ(const char *what)
{
	fprintf(stderr, "one thread and two disagree: %s\n", what);
	abort();
}

static inline void
fuzz_same(const struct trace *a, int ra, const struct err *ea,
          const struct trace *b, int rb, const struct err *eb)
{
	const struct trace_source *sa = &a->sources[0], *sb = &b->sources[0];

	if (ra != rb)
		fuzz_differ("exit status");
	if (ra != 0 && strcmp(ea->msg, eb->msg) != 0)
		fuzz_differ("message");
	if (ra != 0)
		return;
	if (a->n != b->n || a->ncells != b->ncells || a->nkeys != b->nkeys)
		fuzz_differ("table size");
	/* NaN is the same NAN both times: bytes compare (an empty table
	 * may have no columns at all) */
	if (a->n > 0 && (memcmp(a->ttft, b->ttft, a->n * sizeof *a->ttft) != 0 ||
	    memcmp(a->start, b->start, a->n * sizeof *a->start) != 0 ||
	    memcmp(a->cell, b->cell, a->n * sizeof *a->cell) != 0 ||
	    memcmp(a->line, b->line, a->n * sizeof *a->line) != 0 ||
	    memcmp(a->status, b->status, a->n * sizeof *a->status) != 0))
		fuzz_differ("rows");
	for (size_t c = 0; c < a->ncells; c++)
		for (size_t k = 0; k < a->nkeys; k++) {
			const char *x = trace_str(a, a->cells[c].key[k]);
			const char *y = trace_str(b, b->cells[c].key[k]);
			if ((x == NULL) != (y == NULL) || (x && strcmp(x, y) != 0))
				fuzz_differ("group keys");
		}
	if (sa->rows != sb->rows || sa->accepted != sb->accepted ||
	    sa->rejected != sb->rejected || sa->filtered != sb->filtered ||
	    sa->nkept != sb->nkept)
		fuzz_differ("counts");
	for (size_t k = 0; k < sa->nkept; k++)
		if (sa->kept[k].line != sb->kept[k].line ||
		    strcmp(sa->kept[k].reason, sb->kept[k].reason) != 0)
			fuzz_differ("rejections");
}

static inline void
fuzz_ingest(const uint8_t *data, size_t size, struct ingest_opts *o)
{
	struct ingest_opts two = *o;
	struct trace *a, *b;
	struct cells *cs = NULL;
	struct err ea = {0, ""}, eb = {0, ""};
	int ra, rb;

	o->threads = 1;
	two.threads = 2;
	two.chunk = 0;
	a = fuzz_read(data, size, o, &ra, &ea);
	b = fuzz_read(data, size, &two, &rb, &eb);
	/* out of memory in one run only is no disagreement */
	if (a != NULL && b != NULL && ra != ERR_NOMEM && rb != ERR_NOMEM)
		fuzz_same(a, ra, &ea, b, rb, &eb);
	if (a != NULL && ra == 0 && cells_build(a, 1, &cs, &ea) == 0)
		cells_free(cs);
	trace_free(a);
	trace_free(b);
}

#endif
