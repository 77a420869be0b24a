/*
 * choose.h — which harness an input is: the one --preset forces, else the
 * one its head shows (harness_detect), recorded in the input's entry of
 * the trace (inputs[].preset); an aggregate-only output is refused here,
 * with the harness's advice.
 */
#ifndef TTFT_CHOOSE_H
#define TTFT_CHOOSE_H

#include "mapper.h"
#include "sniff.h"

/* spec->h NULL: a plain file. */
int choose_harness(struct trace *t, uint16_t src, const struct ingest_opts *o,
                   const struct sniff *s, struct mapper_spec *spec,
                   struct err *e);

/* For a CSV header or the keys of a msgpack map. */
int choose_for_columns(struct trace *t, uint16_t src,
                       const struct ingest_opts *o, const char *const *names,
                       const size_t *lens, size_t n, struct mapper_spec *spec,
                       struct err *e);

#endif
