/*
 * numfmt.h — numbers as text, the same on every machine.
 */
#ifndef TTFT_NUMFMT_H
#define TTFT_NUMFMT_H

#include <stddef.h>
#include <stdio.h>

/* The shortest "%.Ng" (N = 15, 16 or 17) that reads back as exactly x:
 * full precision without 0.10000000000000001 noise.  x must be finite. */
void fmt_shortest(char *buf, size_t size, double x);

/* A number as a CSV field: fmt_shortest, or nothing when x is not finite
 * (an empty field is how CSV readers spell "no value"). */
void fmt_csv_number(FILE *fp, double x);

/* Fixed decimals, or "–" (U+2013) when x is NaN. */
void fmt_fixed(char *buf, size_t size, double x, int decimals);

#endif
