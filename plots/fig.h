/*
 * fig.h — what the figure writers share (inside plots/ only): the output
 * folder and its files, the run's provider colours, which cells get
 * figures of their own, and the small pieces of gnuplot every figure
 * uses.
 */
#ifndef TTFT_FIG_H
#define TTFT_FIG_H

#include <stdio.h>

#include "names.h"
#include "outdir.h"
#include "plots.h"

/* Provider colours, assigned once per run: the providers' names in their
 * natural order (natcmp.h) take the Okabe-Ito colours in gp.c's order;
 * past the eighth the colours repeat with another dash pattern. */
struct palette {
	const char **names;             /* sorted, borrowed from the traces */
	size_t n;
};

struct out {
	struct outdir dir;
	struct outfile gp, dat;         /* the figure being written */
	const struct plot_opts *o;
	struct names nm;
	struct figures *fl;
	struct palette pal;
	struct err *e;
};

int out_open(struct out *w, const struct plot_opts *o, struct figures *fl,
             struct err *e);
void out_close(struct out *w);

/* A figure's script and data, created new and renamed into place
 * together (outdir.c). */
int open_pair(struct out *w, const char *name, FILE **gp, FILE **dat);
int close_pair(struct out *w);
/* Add it to the list: caption and alt text are untrusted (cut on a
 * character boundary); cell is the cell's index or SIZE_MAX. */
int add_figure(struct out *w, const char *name, const char *kind,
               const char *caption, const char *alt, size_t cell);

/* The providers of the traces' cells (key 1; "all" without one). */
int palette_build(struct palette *p, const struct trace *const *t,
                  const struct cells *const *cs, size_t n);
void palette_free(struct palette *p);
/* Sort the k names in p->names and keep each once. */
void palette_sort(struct palette *p, size_t k);
/* A provider's colour: line type 1..8 and dash type 1.. (solid first). */
void palette_style(const struct palette *p, const char *provider,
                   int *lt, int *dt);
/* Its name: "all" for a cell without a second key. */
const char *provider_of(const struct trace *t, const struct cell *c);
const char *key_name(const struct trace *t, uint32_t id);

/* The cells that get figures of their own: all, or the o->max_cells
 * worst (unreliable first, then the highest CV, then the most requests),
 * marked in keep[] (cs->n flags); returns how many. */
size_t select_cells(const struct cells *cs, size_t max, bool *keep);

/* "set title ..." from untrusted text. */
void fig_title(const struct out *w, FILE *gp, const char *text);
/* gp_quote_opt's flags for the figure's terminal. */
unsigned fig_quote_flags(const struct out *w);
/* Tick marks of a log axis ('x' or 'y') for values from lo to hi: 1-2-5
 * in every decade when they span fewer than three, so values can be
 * read.  set_range: the axis is set to the decades around them (else it
 * is the caller's, lo to hi). */
void fig_log_tics(FILE *gp, char axis, double lo, double hi, bool set_range);
/* The figure's font size and width from the options. */
int fig_width(const struct out *w, int deflt);

#endif
