/*
 * trace.h — the trace table, the one data structure every layer shares.
 *
 * ingest/ appends rows; analyze/ reads them; nothing in analyze/ needs to
 * know which file or format a row came from.  The table is columnar so a row
 * costs 22 bytes whatever the width of the input line (26 with the line
 * numbers, which only classify keeps; 4 more a row for each audit column,
 * e2e and in_tokens, an input that has them makes):
 *
 *     ttft    double   seconds; NaN for a failed request (trace_ok())
 *     start   double   epoch seconds (or the capture's own clock); NaN unknown
 *     cell    uint32   index into cells[], the interned group-key tuple
 *     line    uint32   physical line (CSV) or entry index (other formats);
 *                      NULL after trace_drop_lines()
 *     status  uint16   HTTP status, 0 when the input has none
 *
 * Inputs are read one after another, so each source's rows are one run of
 * the table from its first_row on (trace_row_source()).
 *
 * Group-key values are interned: a million rows of ten cells hold ten
 * strings.  The table owns every string; callers borrow until trace_free().
 */
#ifndef TTFT_TRACE_H
#define TTFT_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define TRACE_MAX_KEYS 8
#define TRACE_NONE UINT32_MAX   /* "this row has no value for the key" */
#define TRACE_MAX_SOURCES 65535
#define TRACE_REJECTIONS_KEPT 10
#define TRACE_NOTES_KEPT 8

struct trace_rejection {
	uint64_t line;
	char *reason;
};

/* What happened to one input: the counts SPEC.md's "inputs" reports. */
struct trace_source {
	char *path;             /* as named on the command line; "-" = stdin */
	const char *format;     /* "csv", "tsv", ...; static storage */
	const char *compression;        /* "gzip", "zstd" or NULL */
	bool by_entry;          /* positions are entry indexes, not lines */
	unsigned parts;         /* read in this many parts at once (csv.c);
	                         * 0: in one */
	size_t first_row;       /* its rows: first_row up to the next source's */
	uint64_t rows;          /* data records seen (header and blank lines excluded) */
	uint64_t accepted;      /* records in the table: samples and failures */
	uint64_t rejected;      /* bad records, skipped */
	uint64_t filtered;      /* records excluded by --where */
	size_t nkept;
	struct trace_rejection kept[TRACE_REJECTIONS_KEPT];
	size_t nnotes;
	char *notes[TRACE_NOTES_KEPT];
	/* what the rows were, to say why an input gave nothing usable */
	uint64_t failures;      /* failed requests among accepted */
	uint64_t zero_ttft;     /* successes rejected for a TTFT of 0 */
	uint64_t empty_ttft;    /* successes rejected for an empty TTFT */
	/* the harness recognised (static storage), or NULL */
	const char *preset;
	const char *layout;
	bool production;        /* an observability tool's record of production
	                           traffic (harness.h), not a capture */
	/* an input that could not be read: why, and the exit code it gave;
	 * its rows were taken back out of the table */
	char *error;
	int error_code;
};

struct trace_cell {
	uint32_t key[TRACE_MAX_KEYS];   /* string ids, TRACE_NONE if absent */
};

/* A row to append; it belongs to the source added last. */
struct trace_row {
	double ttft;
	double start;
	uint32_t cell;
	uint64_t line;
	uint16_t status;
	bool ok;
	double e2e;             /* end-to-end latency (s); NaN: none */
	double in_tokens;       /* input tokens; NaN: none */
};

struct trace {
	size_t n, cap;
	double *ttft;
	double *start;
	uint32_t *cell;
	uint32_t *line;                 /* NULL after trace_drop_lines() */
	uint16_t *status;
	/* the capture audit's columns, NULL until a row has a value (floats:
	 * an audit needs no more) */
	float *e2e;
	float *in_tokens;

	size_t nkeys;
	char *keyname[TRACE_MAX_KEYS];

	size_t ncells;
	struct trace_cell *cells;
	uint64_t *cell_rejected;        /* per cell: records rejected in it */

	size_t nsources;
	struct trace_source *sources;

	bool no_lines;                  /* trace_drop_lines() */
	struct trace_private *priv;   /* string pool and hash indexes */
};

struct trace *trace_new(void);
void trace_free(struct trace *t);
/* Keep no line numbers (before the first row): only classify prints them,
 * and a large capture saves 4 bytes a row. */
void trace_drop_lines(struct trace *t);

/* Register an input; *src receives its index. */
int trace_source_add(struct trace *t, const char *path, uint16_t *src,
                     struct err *e);

/* Index of the group key called name, adding it when new. */
int trace_key_find_or_add(struct trace *t, const char *name, size_t *idx,
                          struct err *e);
/* Index of the group key called name, or -1. */
int trace_key_find(const struct trace *t, const char *name);

/* Intern len bytes at s (need not be NUL-terminated); *id gets its id. */
int trace_str_intern(struct trace *t, const char *s, size_t len,
                     uint32_t *id, struct err *e);
const char *trace_str(const struct trace *t, uint32_t id);

/* Intern a key tuple (TRACE_MAX_KEYS ids); *cell gets the cell index. */
int trace_cell_intern(struct trace *t, const uint32_t key[TRACE_MAX_KEYS],
                      uint32_t *cell, struct err *e);

int trace_append(struct trace *t, const struct trace_row *r, struct err *e);

/*
 * The rows of from (a trace of one source: the rest of src's input, read
 * by a second reader) after src's, which must be t's last source: keys
 * and cells by their strings, counts, the first rejections and notes;
 * from's line numbers, counted from its part's start, move down by
 * line_offset.  from keeps its rows; its rejection reasons move to t.
 */
int trace_source_merge(struct trace *t, uint16_t src, struct trace *from,
                       uint64_t line_offset, struct err *e);

/* Is the row a latency sample (not a failed request)? */
static inline bool
trace_ok(const struct trace *t, size_t row)
{
	return t->ttft[row] == t->ttft[row];    /* not NaN */
}

/* The input a row came from. */
uint16_t trace_row_source(const struct trace *t, size_t row);

/* Count a record rejected after its cell was known. */
void trace_cell_reject(struct trace *t, uint32_t cell);

/* Take the rows of source src (the last one added) back out, keeping
 * its counts: an input that failed contributes nothing. */
void trace_source_rollback(struct trace *t, uint16_t src);

/* Mark source src as unreadable with this message and exit code. */
int trace_source_fail(struct trace *t, uint16_t src, int code,
                      const char *msg, struct err *e);

/* Give every row of source src whose cell lacks key `key` the value
 * (len bytes): keys learned only at the end of an input. */
int trace_source_late_key(struct trace *t, uint16_t src, size_t key,
                          const char *val, size_t len, struct err *e);

/* Count a rejected record and keep the first few reasons (copied). */
int trace_reject(struct trace *t, uint16_t src, uint64_t line,
                 const char *reason, struct err *e);
/* Attach a note about an input (e.g. an assumed unit); kept once. */
int trace_note(struct trace *t, uint16_t src, const char *note,
               struct err *e);

/* "file:line" (or "file:entry N") for messages; writes at most size bytes. */
void trace_where(const struct trace *t, uint16_t src, uint64_t line,
                 char *buf, size_t size);
/* The name to show for an input: "stdin" for "-". */
const char *trace_source_name(const struct trace *t, uint16_t src);

#endif
