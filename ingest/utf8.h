/*
 * utf8.h — the program's one UTF-8 decoder, and what is built on it.
 *
 * Text from input files reaches terminals, JSON, CSV, Markdown, gnuplot
 * scripts and file names.  Each of those has its own escaping, but they
 * agree on what a character is: a well-formed UTF-8 sequence (no
 * overlong form, no surrogate, nothing above U+10FFFF).  A broken
 * sequence is replaced by one U+FFFD per "maximal subpart" (Unicode 15,
 * section 3.9, the practice of Python's and browsers' decoders), so every
 * writer shows the same text for the same bytes.
 */
#ifndef TTFT_UTF8_H
#define TTFT_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT "\xef\xbf\xbd"         /* U+FFFD */

/* The character at s (n > 0 bytes left): its length, with *cp its code
 * point; or 0 when it is broken, with *bad the bytes one U+FFFD
 * replaces (at least 1). */
size_t utf8_char(const char *s, size_t n, uint32_t *cp, size_t *bad);

/* Is all of s well-formed UTF-8? */
bool utf8_valid(const char *s, size_t n);

/* A control character: C0, DEL, C1, or U+2028/U+2029 (line and
 * paragraph separators end lines in some readers). */
bool utf8_is_control(uint32_t cp);

/* A bidirectional embedding, override or isolate (U+202A..U+202E,
 * U+2066..U+2069), which reorders what a terminal shows around it. */
bool utf8_is_bidi(uint32_t cp);

/* Columns a character takes in a terminal: 0 for combining marks and
 * zero-width characters, 2 for East Asian wide and full-width ones and
 * emoji, else 1 — from a fixed table, so the output does not depend on
 * the locale. */
int utf8_cp_width(uint32_t cp);

/* Columns of the (clean) text s. */
size_t utf8_width(const char *s);

enum utf8_clean_flags {
	UTF8_CTRL_SPACE = 1,            /* controls become ' ' (else '?') */
	UTF8_BIDI = 2,                  /* bidi controls count as controls */
	UTF8_ELLIPSIS = 4,              /* a cut text ends in U+2026 */
	UTF8_KEEP_CTRL = 8,             /* controls kept as they are (the
	                                   format escapes them itself) */
};

/*
 * Clean text for a reader: broken sequences become U+FFFD, controls a
 * space or '?', and after max_chars characters (max_cols columns when
 * max_cols > 0) the text is cut on a character boundary (with "…" under
 * UTF8_ELLIPSIS, which counts towards the cap).  out gets at most size - 1
 * bytes and a NUL; returns the bytes written.
 */
size_t utf8_clean(char *out, size_t size, const char *s, size_t n,
                  size_t max_chars, size_t max_cols, unsigned flags);

#endif
