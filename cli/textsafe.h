/*
 * textsafe.h — untrusted text (model names, file names, --fail-if texts)
 * made fit for a terminal.
 */
#ifndef TTFT_TEXTSAFE_H
#define TTFT_TEXTSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Copy s into out (size bytes, at least 8): control bytes become '?', and
 * text longer than 60 characters is cut on a character boundary and ends
 * in "…", so one name cannot wreck a table or a terminal. */
void text_safe(char *out, size_t size, const char *s);
/* The same with another length cap (a message, not a name). */
void text_safe_cut(char *out, size_t size, const char *s, size_t max_chars);

/* The text report's lines for one cell's tripped --fail-if gates (bit i of
 * mask: texts[i]), under one heading printed before the first (*any). */
void text_gates(FILE *fp, const char *label, unsigned mask,
                const char *const *texts, size_t n, bool *any);

#endif
