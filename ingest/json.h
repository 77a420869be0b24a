/*
 * json.h — JSON bytes to tree events, through yajl's streaming parser.
 *
 * Python's json module writes NaN, Infinity and -Infinity for floats that
 * JSON cannot hold (SGLang and vLLM results do); yajl refuses them, so a
 * filter in front of it turns each such token, outside strings, into the
 * string "NaN", "Infinity" or "-Infinity": as a TTFT it is then a value
 * that is not a finite number (rejected and counted), anywhere else it
 * is ignored like any other string.  Byte offsets in messages are those
 * of the original input.  Everything else about strict JSON stays.
 */
#ifndef TTFT_JSON_H
#define TTFT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ingest.h"
#include "tree.h"

/*
 * Parse head (head_len bytes already read) and the rest of fp, several
 * top-level values allowed (JSON Lines), calling ev.  Returns 0 — with
 * b->broken when the input is not JSON from some byte on (the events up
 * to there were delivered) — or the error a handler or the read raised.
 * name and o (read size, progress) are for I/O messages.
 */
int json_read(FILE *fp, const char *head, size_t head_len, const char *name,
              const struct ingest_opts *o, const struct tree_events *ev,
              struct tree_broken *b, struct err *e);

/* Parse as much of buf as is JSON (a head cut anywhere), calling ev;
 * stops quietly at the first error. */
void json_scan(const char *buf, size_t n, const struct tree_events *ev,
               struct err *e);

/* The top-level string value of key in a JSON object held in a string
 * (a request body), looked up inside the object at `outer` when outer is
 * non-NULL ("body" for {"body": {"model": ...}}).  Copies at most size-1
 * bytes; false when there is none. */
bool json_string_member(const char *text, size_t len, const char *outer,
                        const char *key, char *out, size_t size);

/* Does the JSON in text hold a non-empty string at one of these
 * collapsed paths ("choices[].delta.content")?  For GenAI-Perf's
 * responses, whose first chunks may carry no token yet. */
bool json_has_text(const char *text, size_t len, const char *const *paths);

#endif
