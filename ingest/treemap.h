/*
 * treemap.h — records of tree-shaped inputs (JSON, YAML, XML) to trace rows.
 *
 * A record's leaves become fields named by their paths; the harness's
 * derive() adds computed ones; the first record's field names (plus every
 * field an option or the harness names) decide the roles through the
 * mapper, and a later record with a new field that matters maps again
 * (JSON omits null fields, so an "error" may first appear on the tenth
 * record).
 */
#ifndef TTFT_TREEMAP_H
#define TTFT_TREEMAP_H

#include <stdio.h>

#include "mapper.h"
#include "tree.h"

struct treemap;

int treemap_new(struct treemap **tm, struct trace *t, uint16_t src,
                const struct ingest_opts *o, const struct mapper_spec *spec,
                struct err *e);
void treemap_free(struct treemap *tm);

/* The tree whose context derive() may read (NULL: none). */
void treemap_set_tree(struct treemap *tm, const struct tree *tree);

int treemap_record(struct treemap *tm, const struct tree_record *r);
int treemap_not_record(struct treemap *tm, uint64_t entry, const char *what);
/* The input stopped being well-formed: before any record that is the
 * file's error; after, one rejection says so and the rest is unread. */
int treemap_broken(struct treemap *tm, const char *format,
                   const struct tree_broken *b);
/* A top-level value ended: the harness's finish() sees its context. */
int treemap_value_end(struct treemap *tm);
/* The end of the input: an input without a single record is an error
 * that names where they were expected; then the harness's late keys and
 * the mapper's notes. */
int treemap_finish(struct treemap *tm, const char *expected);

/* The records of a JSON, JSON Lines or YAML input, after the head
 * already read.  format is what inputs[] reports ("json", "jsonl",
 * "yaml", "har"); yaml picks the YAML parser; array: the input is one
 * top-level array (of records, when no harness says otherwise). */
int tree_ingest_read(struct trace *t, uint16_t src, FILE *fp,
                     const char *head, size_t head_len,
                     const struct ingest_opts *o,
                     const struct mapper_spec *spec, const char *format,
                     bool yaml, bool array, struct err *e);

#endif
