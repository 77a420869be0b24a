/*
 * yaml.h — YAML to tree events, through libyaml (GuideLLM writes its
 * reports as YAML too).
 *
 * Plain scalars are typed as YAML 1.1 core schema readers type them:
 * null, ~ and the empty scalar are null; true/false are booleans; a
 * decimal number is a number; .nan and .inf are the strings NaN and
 * Infinity (so a TTFT holding them is not a finite number).  Quoted
 * scalars are strings.  Aliases read as null; complex keys are refused.
 */
#ifndef TTFT_YAML_H
#define TTFT_YAML_H

#include <stdio.h>

#include "ingest.h"
#include "tree.h"

int yaml_read(FILE *fp, const char *head, size_t head_len, const char *name,
              const struct ingest_opts *o, const struct tree_events *ev,
              struct tree_broken *b, struct err *e);

/* As much of buf as parses; quietly stops at the first error. */
void yaml_scan(const char *buf, size_t n, const struct tree_events *ev,
               struct err *e);

#endif
