/*
 * plots.h — report figures as gnuplot scripts plus data files.
 *
 * Each figure is NAME.gp (a self-contained script a user can edit and
 * rerun) and NAME.dat (whitespace-separated numbers with a commented
 * header; never a label).  Figures, for a trace's analysed cells:
 *   cv-bars          CV% per cell, clustered by model, a colour per
 *                    provider, log y, tier lines, CI error bars, values;
 *   ttft-NNN-CELL    histogram of TTFT (log bins) with the fitted warm and
 *                    cold components, their sum, threshold, median, p95;
 *   ecdf-NNN-MODEL   the empirical CDF of every provider of one model;
 *   timeline-NNN-CELL  TTFT over time, cold requests in another colour;
 *   idle-NNN-CELL    cold share against the idle gap;
 *   compare-NNN-CELL two captures' ECDFs with the median/p95 change.
 * index.html lists them.  Files are created only inside the output folder.
 */
#ifndef TTFT_PLOTS_H
#define TTFT_PLOTS_H

#include <stdbool.h>

#include <stddef.h>

#include "../analyze/cells.h"
#include "../analyze/compare.h"
#include "../ingest/err.h"
#include "../ingest/trace.h"
#include "gp.h"

/* Above this many cells, the per-cell figures (histogram, timeline,
 * idle curve) and the CV chart's rows go to the worst cells only; the
 * rest are listed (--max-figures raises it, 0: every cell). */
#define PLOTS_MAX_CELLS 50

struct plot_opts {
	const char *dir;
	enum gp_terminal term;
	size_t max_cells;               /* PLOTS_MAX_CELLS; 0: every cell */
	const char *ci_label;           /* "95 % BCa interval" */
	int font;                       /* 0: the terminal's default */
	int width;                      /* pixels; 0: 900 */
};

struct figure {
	char name[80];                  /* file stem, [A-Za-z0-9._-] */
	char kind[16];                  /* cv, ttft, ecdf, timeline, idle, compare */
	char title[240];                /* its caption; untrusted text */
	char alt[640];                  /* what it shows, for alt text */
	size_t cell;                    /* the cell's index, or SIZE_MAX */
};

struct figures {
	struct figure *f;
	size_t n, cap;
	size_t cells, cells_drawn;      /* cells, and those with figures */
};

/* Write every figure of the analysed cells into o->dir (created when
 * missing).  fl receives the list; release it with figures_free(). */
int plots_write(const struct trace *t, const struct cells *cs,
                const struct plot_opts *o, struct figures *fl,
                struct err *e);

/* compare-* figures: the pairs of cells compare_cells() matched.
 * ERR_DATA when none was matched. */
int plots_compare(const struct comparison *cmp, const struct plot_opts *o,
                  struct figures *fl, struct err *e);

/* index.html listing the figures. */
int plots_index(const struct plot_opts *o, const struct figures *fl,
                struct err *e);

/* Run gnuplot on every script, in o->dir, without a shell: ERR_UNAVAILABLE
 * when gnuplot is not installed; gnuplot's own messages are returned in
 * warnings (NUL-separated lines, caller frees) — an empty string is a
 * clean render. */
int plots_render(const struct plot_opts *o, const struct figures *fl,
                 char **warnings, struct err *e);

void figures_free(struct figures *fl);

/* "model / provider" of a cell: the values of its keys, joined. */
void plots_cell_label(const struct trace *t, const struct cell *c,
                      char *buf, size_t size);

#endif
