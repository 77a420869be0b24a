/*
 * jsonw.h — writing JSON values (see jsonw.c for the escaping rules).
 */
#ifndef TTFT_JSONW_H
#define TTFT_JSONW_H

#include <stddef.h>
#include <stdio.h>

void json_str(FILE *fp, const char *s);
void json_num(FILE *fp, double x);

/* The --fail-if texts whose bit is set in mask, as a JSON array. */
void json_gates(FILE *fp, const char *const *gates, size_t ngates,
                unsigned mask);

#endif
