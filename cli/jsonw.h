/*
 * jsonw.h — the one JSON writer: a stream of values with the nesting
 * checked and the layout decided per container (one member a line, or
 * all on one line).
 *
 * Strings: '"', '\' and every byte below 0x20 escaped (short forms where
 * JSON has them), a broken UTF-8 sequence written as U+FFFD (JSON text
 * is UTF-8); numbers in the shortest form that reads back exactly; a
 * non-finite number is null.
 */
#ifndef TTFT_JSONW_H
#define TTFT_JSONW_H

#include <stdbool.h>
#include <stdio.h>

#define JW_MAX_DEPTH 32

struct jw {
	FILE *fp;
	int depth;
	bool first[JW_MAX_DEPTH];       /* nothing written yet at this depth */
	bool inline_[JW_MAX_DEPTH];     /* this container is on one line */
	char stack[JW_MAX_DEPTH];       /* '{' or '[' */
	bool after_key;
};

void jw_init(struct jw *w, FILE *fp);
/* Open an object or an array; lines: one member per line (inside a
 * one-line container everything stays on that line). */
void jw_object(struct jw *w, bool lines);
void jw_array(struct jw *w, bool lines);
void jw_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);
void jw_num(struct jw *w, double x);
void jw_int(struct jw *w, long long i);
void jw_uint(struct jw *w, unsigned long long i);
void jw_bool(struct jw *w, bool b);
void jw_null(struct jw *w);
/* After the top-level value: the final newline. */
void jw_finish(struct jw *w);

#endif
