/*
 * analyze.h — everything beyond the descriptive statistics, per cell:
 * bootstrap intervals, the warm/cold mixture, the idle-gap analysis.
 *
 * Cells are independent, so they are spread over threads; each cell draws
 * from its own random streams, seeded from --seed and the cell's key
 * strings, so the output does not depend on the thread count or on the
 * order of cells or input files.
 */
#ifndef TTFT_ANALYZE_H
#define TTFT_ANALYZE_H

#include <stdint.h>

#include "cells.h"

struct analyze_opts {
	size_t bootstrap;               /* B; 0 = no intervals */
	double confidence;
	enum ci_method method;
	uint64_t seed;
	unsigned threads;               /* 0 = one per online CPU */
	struct capture_opts capture;    /* the capture audit's zone and peak */
};

/* Analyse the cells cells_build() made. */
int analyze_cells(const struct trace *t, struct cells *cs,
                  const struct analyze_opts *o, struct err *e);

/* cells_build() and analyze_cells() in one: each cell analysed as soon
 * as it is built, on the same thread, from the series its build gathered
 * (the same results; the rows are walked once). */
int analyze_build(const struct trace *t, size_t warmup,
                  const struct analyze_opts *o, struct cells **out,
                  struct err *e);

/* The label a cell's random streams are keyed by ("model=a\x1fprovider=b"). */
size_t analyze_cell_label(const struct trace *t, const struct cell *c,
                          char *buf, size_t size);

#endif
