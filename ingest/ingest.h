/*
 * ingest.h — files in, trace-table rows out.
 *
 * ingest_file() opens one input (a path or "-" for stdin), detects its
 * format from content, maps its columns to roles (ttft, start, status, group
 * keys) and appends every record to the trace table: successes as samples,
 * failures as errors, bad records counted and explained in the table's
 * source entry.  Reading streams in fixed-size chunks: memory grows with the
 * rows kept, not with the size of the file or of a single record.
 */
#ifndef TTFT_INGEST_H
#define TTFT_INGEST_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "timeparse.h"
#include "trace.h"

#define INGEST_MAX_WHERE 16
#define INGEST_FIELD_MAX (1024u * 1024u)   /* longest field we keep */
#define INGEST_CHUNK (256u * 1024u)

enum ingest_format {
	INGEST_AUTO = 0, INGEST_CSV, INGEST_TSV, INGEST_MSGPACK, INGEST_JSON,
	INGEST_JSONL, INGEST_HAR, INGEST_YAML, INGEST_XML
};

enum where_op { WHERE_EQ, WHERE_NE, WHERE_HAS, WHERE_RANGE };

struct ingest_where {
	const char *col;        /* borrowed from the caller */
	size_t col_len;
	enum where_op op;
	const char *value;
	double lo, hi;          /* WHERE_RANGE: a number in [lo, hi] */
};

struct ingest_set {
	const char *key;
	size_t key_len;
	const char *value;
};

/* How to read inputs.  All strings are borrowed: the caller keeps them
 * alive for as long as ingest functions run. */
struct ingest_opts {
	enum ingest_format format;
	const char *ttft_col;           /* --ttft */
	const char *start_col;          /* --start */
	const char *first_token_col;    /* --first-token */
	const char *status_col;         /* --status */
	double unit_div;                /* --unit, units per second; 0 = from the name */
	enum time_unit time_unit;       /* --epoch-unit */
	const char *by[TRACE_MAX_KEYS]; /* --by; nby == 0: model,provider */
	size_t nby;
	struct ingest_where where[INGEST_MAX_WHERE];
	size_t nwhere;
	struct ingest_set set[TRACE_MAX_KEYS];
	size_t nset;
	const struct harness *preset;   /* --preset, or NULL: detect */
	bool strict;                    /* first bad record is an error */
	const struct tz *tz;            /* --tz for hour/weekday/date (tz.h);
	                                   NULL UTC */
	/* called after every chunk read, with the input's bytes read and
	 * records seen so far; NULL: nobody is watching */
	void (*progress)(void *ctx, const char *name, uint64_t bytes,
	                 uint64_t records);
	void *progress_ctx;
	size_t chunk;                   /* read size; 0 = INGEST_CHUNK */
	/* 1: read and map in one thread; 0: map on a second thread when
	 * there are two CPUs (CSV and msgpack) */
	unsigned threads;
	/* a regular CSV file this large is read in parts at once, with
	 * threads 0 and two CPUs, and a part taken from a reader with an
	 * eighth of it left; 0 = 64 MiB (tests make it small) */
	size_t split_min;
};

struct harness;

/* The harnesses --preset names (harness.h), NULL when there is none. */
const struct harness *ingest_preset_find(const char *name);
/* Each harness's name and one-line summary, i = 0, 1, ... until false. */
bool ingest_preset_at(size_t i, const char **name, const char **summary);

/* Parse "COL=VALUE", "COL!=VALUE" or "COL~VALUE"; borrows from text. */
int ingest_where_parse(const char *text, struct ingest_where *w,
                       struct err *e);

/* Does a value (NULL: absent) pass a filter? */
bool where_match(const struct ingest_where *w, const char *v, size_t len);

/* Read one input into t.  "-" reads stdin. */
int ingest_file(struct trace *t, const char *path,
                const struct ingest_opts *o, struct err *e);

/* Read an open stream that t's source src names (used by ingest_file and
 * by the tests, which feed memory streams at every chunk size). */
int ingest_stream(struct trace *t, uint16_t src, FILE *fp,
                  const struct ingest_opts *o, struct err *e);

#endif
