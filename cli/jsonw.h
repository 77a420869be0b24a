/*
 * jsonw.h — writing JSON values (see jsonw.c for the escaping rules).
 */
#ifndef TTFT_JSONW_H
#define TTFT_JSONW_H

#include <stdio.h>

void json_str(FILE *fp, const char *s);
void json_num(FILE *fp, double x);

#endif
