/*
 * fuzz_common.h — feed one fuzz input through a reader, then through the
 * cells, as `summary` would (without the bootstrap, to keep runs fast).
 * Any outcome is fine except a crash, a sanitizer report or a hang.
 */
#ifndef TTFT_FUZZ_COMMON_H
#define TTFT_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../analyze/cells.h"
#include "../../ingest/ingest.h"

static inline void
fuzz_ingest(const uint8_t *data, size_t size, struct ingest_opts *o)
{
	struct trace *t = trace_new();
	struct cells *cs = NULL;
	struct err e = {0, ""};
	uint16_t src;
	FILE *fp;

	if (t == NULL)
		return;
	if (trace_source_add(t, "fuzz", &src, &e) != 0) {
		trace_free(t);
		return;
	}
	/* fmemopen refuses a zero-length buffer; an empty file is "" */
	fp = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "rb");
	if (fp != NULL) {
		if (size == 0)
			fgetc(fp);
		if (ingest_stream(t, src, fp, o, &e) == 0 &&
		    cells_build(t, 1, &cs, &e) == 0)
			cells_free(cs);
		fclose(fp);
	}
	trace_free(t);
}

#endif
