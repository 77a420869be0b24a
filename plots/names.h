/*
 * names.h — file names for figures, made from untrusted labels.
 *
 * Only [A-Za-z0-9._-] survives, never a leading dot or dash, at most
 * NAME_MAX_LEN characters; a name already given gets -2, -3, ... so two
 * labels that sanitise alike never overwrite each other (looked up in a
 * hash set: a run with many cells stays linear).  Names carry no
 * '/', so with openat() on the output folder nothing can land outside it.
 */
#ifndef TTFT_NAMES_H
#define TTFT_NAMES_H

#include <stddef.h>

#define NAME_MAX_LEN 64

struct names {
	char (*used)[NAME_MAX_LEN + 8]; /* a hash set: open addressing */
	size_t n, cap;                  /* cap: a power of two, or 0 */
};

/* A fresh name "prefix-label" (label sanitised); into out (NAME_MAX_LEN +
 * 8 bytes).  Returns 0, or -1 when out of memory. */
int names_make(struct names *nm, const char *prefix, const char *label,
               char *out);
void names_free(struct names *nm);

#endif
