/*
 * names.h — field names: the spellings ttftstat knows, and finding a name
 * among a record's fields.
 *
 * A name is compared after normalisation (names_normalise): lower case,
 * a trailing unit suffix dropped, only letters and digits kept, so
 * "TTFT (ms)", "ttft_ms" and "Ttft" are all "ttft".
 */
#ifndef TTFT_NAMES_H
#define TTFT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#define NAMES_MAX_CHARS 128

/* The known spellings of each role, normalised; NULL-ended. */
extern const char *const names_ttft[];
extern const char *const names_start[];
extern const char *const names_status[];
extern const char *const names_ok[];
extern const char *const names_error[];
extern const char *const names_failed[];
/* the capture audit's fields: never "latency" alone (JMeter's Latency is
 * the time to first byte) nor "elapsed" */
extern const char *const names_e2e[];
extern const char *const names_in_tokens[];

/* out must hold NAMES_MAX_CHARS bytes. */
void names_normalise(const char *name, size_t len, char *out);

/* Is (name, len) want, ignoring case and surrounding spaces? */
bool names_is(const char *name, size_t len, const char *want);

/* Index of the field named want (names_is), or -1. */
int names_find_exact(const char *const *names, const size_t *lens, size_t n,
                     const char *want, size_t want_len);

/* Index of the first field whose normalised name is in known (earlier
 * entries of known win), or -1. */
int names_find_known(const char *const *names, const size_t *lens, size_t n,
                     const char *const *known);

/* Does the normalised name appear in any of the known lists? */
bool names_known(const char *name, size_t len);

/* "'a', 'b', 'c'" of the names, quoted for a message, within size. */
void names_list(char *buf, size_t size, const char *const *names,
                const size_t *lens, size_t n);

/* Quote untrusted bytes for a message: at most 40 characters, control
 * bytes and broken UTF-8 shown as '?', in single quotes. */
void quote_for_message(char *buf, size_t size, const char *s, size_t len);

/* The index of the column named s (len bytes, compared exactly) among
 * names[0..n), trying `hint` first (records usually repeat the first
 * one's key order); -1 when there is none. */
int columns_find(char *const *names, const size_t *lens, size_t n,
                 size_t hint, const char *s, size_t len);

#endif
