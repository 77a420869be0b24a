/*
 * natcmp.h — the order in which names are listed.
 *
 * People read "llama-7b, llama-13b, llama-70b" and "deepseek, Qwen", not
 * the byte order "13b, 70b, 7b" and "Qwen, deepseek": runs of digits
 * compare as numbers, letters without regard to ASCII case.  Names equal
 * that way (leading zeros, case) are then ordered by their bytes, so the
 * order is total and the same on every machine, whatever the locale.
 */
#ifndef TTFT_NATCMP_H
#define TTFT_NATCMP_H

/* < 0, 0 or > 0 as a sorts before, with or after b. */
int nat_compare(const char *a, const char *b);

#endif
