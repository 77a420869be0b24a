/*
 * cellfig.h — the figures of one cell: its TTFT histogram with the
 * fitted warm and cold components, its timeline, and its cold share
 * against idle time.  i is the cell's index (the figure's number is
 * i + 1, so a cell's figures share it).
 */
#ifndef TTFT_CELLFIG_H
#define TTFT_CELLFIG_H

#include "fig.h"

int cellfig_hist(struct out *w, const struct trace *t, const struct cell *c,
                 size_t i);
int cellfig_timeline(struct out *w, const struct trace *t,
                     const struct cell *c, size_t i);
int cellfig_idle(struct out *w, const struct trace *t, const struct cell *c,
                 size_t i);

#endif
