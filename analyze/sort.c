/*
 * sort.c — [S] of stats.h: doubles in ascending order by a radix sort.
 *
 * A cell of a large capture holds millions of TTFTs, and sorting them
 * with qsort (a comparison through a function pointer each time) was the
 * largest cost left after reading.  An LSD radix sort on the values' bit
 * patterns is linear: the IEEE 754 pattern of a double, with the sign bit
 * flipped for positives and every bit flipped for negatives, orders as an
 * unsigned integer exactly as the values do (-0 just below +0, which
 * compare equal anyway).  Eleven-bit digits take six passes over 64 bits;
 * a pass whose digit is the same for every value (the sign and the
 * exponent's top bits of a TTFT sample) is skipped.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define DIGIT 11
#define RADIX (1u << DIGIT)
#define PASSES 6                /* ceil(64 / 11) */
#define SMALL 256               /* below: qsort is as fast */

static uint64_t
to_key(double x)
{
	uint64_t k;

	memcpy(&k, &x, sizeof k);
	return k >> 63 ? ~k : k | 0x8000000000000000ULL;
}

static double
from_key(uint64_t k)
{
	double x;

	k = k >> 63 ? k & 0x7fffffffffffffffULL : ~k;
	memcpy(&x, &k, sizeof x);
	return x;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* One pass's digit counts into the offsets where each digit's keys go;
 * false when every key has the digit of `first` (the pass would move
 * nothing: the sign and top exponent bits of a TTFT sample). */
static bool
offsets(size_t *count, uint64_t first, size_t n)
{
	size_t sum = 0;

	if (count[first & (RADIX - 1)] == n)
		return false;
	for (size_t d = 0; d < RADIX; d++) {
		size_t c = count[d];
		count[d] = sum;
		sum += c;
	}
	return true;
}

/* The radix passes of stats_sort, in x's own storage and one buffer of
 * n keys: the keys live where the doubles were (written and read through
 * memcpy, which the compiler turns into plain moves), so a sort costs 8
 * bytes a value at the peak, not 16 (the cells of a large capture are
 * sorted two at a time). */
static void
radix_in_place(double *x, size_t n, uint64_t *tmp, size_t (*count)[RADIX])
{
	unsigned char *a = (unsigned char *)x, *b = (unsigned char *)tmp, *t;
	uint64_t k;

	for (size_t i = 0; i < n; i++) {
		k = to_key(x[i]);
		memcpy(a + 8 * i, &k, 8);
		for (int p = 0; p < PASSES; p++)
			count[p][(k >> (p * DIGIT)) & (RADIX - 1)]++;
	}
	for (int p = 0; p < PASSES; p++) {
		unsigned shift = (unsigned)(p * DIGIT);
		memcpy(&k, a, 8);
		if (!offsets(count[p], k >> shift, n))
			continue;
		for (size_t i = 0; i < n; i++) {
			memcpy(&k, a + 8 * i, 8);
			memcpy(b + 8 * count[p][(k >> shift) & (RADIX - 1)]++, &k, 8);
		}
		t = a;
		a = b;
		b = t;
	}
	/* back to doubles, into x */
	for (size_t i = 0; i < n; i++) {
		memcpy(&k, a + 8 * i, 8);
		x[i] = from_key(k);
	}
}

void
stats_sort(double *x, size_t n)
{
	uint64_t *tmp;
	size_t (*count)[RADIX];

	if (n < SMALL || (tmp = malloc(n * sizeof *tmp)) == NULL) {
		qsort(x, n, sizeof *x, cmp_double);
		return;
	}
	if ((count = calloc(PASSES, sizeof *count)) == NULL) {
		free(tmp);
		qsort(x, n, sizeof *x, cmp_double);
		return;
	}
	radix_in_place(x, n, tmp, count);
	free(tmp);
	free(count);
}
