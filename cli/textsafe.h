/*
 * textsafe.h — untrusted text (model names, file names, --fail-if texts)
 * made fit for a terminal.
 */
#ifndef TTFT_TEXTSAFE_H
#define TTFT_TEXTSAFE_H

#include <stddef.h>

/* Copy s into out (size bytes, at least 8): control bytes become '?', and
 * text longer than 60 characters is cut on a character boundary and ends
 * in "…", so one name cannot wreck a table or a terminal. */
void text_safe(char *out, size_t size, const char *s);

#endif
