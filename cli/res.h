/*
 * res.h — building each command's result document (result.h) from its
 * analysis: what the commands share (the header, the inputs, the group
 * columns, the warnings, the gates) and one builder per command.
 */
#ifndef TTFT_RES_H
#define TTFT_RES_H

#include "../analyze/compare.h"
#include "../analyze/gates.h"
#include "opts.h"
#include "result.h"

/* tool, version and settings — one schema for every command: warmup,
 * bootstrap, confidence, seed, ci_method, alpha, and metric (rank). */
void res_header(struct rdoc *d, const struct opts *o, const char *metric);

/* The inputs table: once for JSON (where it is placed) and, with
 * res_inputs_text, once for people (after the results).  side: "base" or
 * "new" for compare, else NULL.  Append both traces' to one table by
 * calling it twice with the same *tab (NULL the first time). */
void res_inputs(struct rdoc *d, const struct trace *t, const struct cells *cs,
                const char *side, struct rtable **tab);
void res_inputs_text(struct rdoc *d, struct rtable *tab,
                     const struct trace *const *t, size_t nt);

/* Group-key columns of t (keys no cell has get none); returns how many. */
size_t res_group_cols(struct rtable *tab, const struct trace *t,
                      const struct cells *cs, unsigned show, bool blank);
/* Their values for cell c, from column first on; returns the next
 * column. */
size_t res_group_vals(struct rdoc *d, struct rval *row, size_t first,
                      const struct rtable *tab, const struct trace *t,
                      const struct cell *c);
/* "model/provider": the cell's key values joined by '/'. */
const char *res_cell_label(struct rdoc *d, const struct trace *t,
                           const struct cell *c);

/* The cell's warnings into the document's merged list. */
void res_cell_warnings(struct rdoc *d, const char *label,
                       const struct cell *c);

/* The capture audit's failed checks, one item each (res_capture.c). */
void res_capture_lines(struct rdoc *d, const struct trace *t,
                       const struct cells *cs);

/* The gates table (a part of its own, for people and JSON): one row per
 * gate and cell held against it. */
struct rtable *res_gates_table(struct rdoc *d, const struct trace *t,
                               const struct cells *cs);
void res_gate_row(struct rdoc *d, const struct gate *g, const char *label,
                  const struct gate_check *c, const char *note);

/* summary's table of cells, one row per cell (and the cells' warnings),
 * as a part shown in formats (RF_*). */
struct rtable *res_cells_table(struct rdoc *d, const struct opts *o,
                               const struct trace *t, const struct cells *cs,
                               size_t ngates, unsigned formats);

/* compare's table of cells and the tests' notes; returns the cells
 * matched on both sides. */
size_t res_compare_cells(struct rdoc *d, const struct opts *o,
                         const struct trace *tb, const struct comparison *cmp,
                         unsigned formats);

/* The commands' documents. */
struct rdoc *res_summary(const struct opts *o, const struct trace *t,
                         const struct cells *cs, const struct gate *g,
                         size_t ngates);
struct cmp_labels {
	const char *base, *new_;
};
struct rdoc *res_compare(const struct opts *o, const struct trace *tb,
                         const struct trace *tn, const struct comparison *cmp,
                         const struct cmp_labels *l, const struct gate *g,
                         size_t ngates);
struct rdoc *res_classify(const struct opts *o, const struct trace *t,
                          const struct cells *cs);
struct rank_result;
struct rdoc *res_rank(const struct opts *o, const struct trace *t,
                      const struct rank_result *r);

#endif
