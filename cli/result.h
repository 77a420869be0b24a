/*
 * result.h — what a command says, before it is written in any format.
 *
 * A command's analysis is turned into one document: named parts, each a
 * value, a table or lines of prose, plus the document's warnings (merged:
 * one line for every cell that has the same one) and its gates.  A table
 * has typed columns — a header for people, a JSON path and a CSV name for
 * programs, a format and precision, where it shows — and rows of typed
 * values.  Every decision (tier, cold, significant, rank, tied, gate
 * outcome) is made before the document is built; the writers (text, JSON,
 * CSV, Markdown; writers.h) only render it, each with its own escaping,
 * so the formats cannot disagree.
 *
 * Memory: everything a document holds lives in its arena and goes with
 * rdoc_free().  Strings handed in are copied.
 */
#ifndef TTFT_RESULT_H
#define TTFT_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "../ingest/err.h"

enum rv_kind {
	RV_NULL,                        /* no value: "–", null, empty field */
	RV_BOOL,
	RV_INT,
	RV_UINT,                        /* a 64-bit seed */
	RV_NUM,                         /* NaN and infinities are written as null */
	RV_STR,
	RV_PAIR,                        /* an interval, or base and new */
	RV_LIST,                        /* strings */
	RV_TABLE,                       /* rows nested in a row (JSON only) */
};

struct rtable;

struct rval {
	enum rv_kind kind;
	union {
		bool b;
		long long i;
		unsigned long long ui;
		double x;
		const char *s;
		double pair[2];
		struct {
			const char **items;
			size_t n;
			const char *joined;     /* the items joined by "; " */
		} list;
		struct rtable *table;
	} u;
};

/* How a number reads in text and Markdown (machine formats always carry
 * full precision). */
enum rc_fmt {
	RC_TEXT,                        /* strings as they are */
	RC_INT,
	RC_FIXED,                       /* prec decimals */
	RC_SIG,                         /* prec significant digits (p-values) */
	RC_SECONDS,                     /* a TTFT: decimals shared by the table's
	                                   seconds columns, enough for the
	                                   smallest value (two digits of 1 ns) */
	RC_PERCENT,                     /* a fraction, as a percentage */
	RC_SIGNED,                      /* prec decimals with a sign */
	RC_BOOL,                        /* yes / no */
	RC_OBJECT,                      /* no column: RV_NULL makes the JSON
	                                   object at its path null */
};

enum rc_pair {
	RP_INTERVAL,                    /* [lo, hi] */
	RP_ARROW,                       /* base → new */
};

/* Where a column shows. */
enum {
	RS_TEXT = 1,                    /* the text tables and Markdown */
	RS_WIDE = 2,                    /* with RS_TEXT: only under --wide */
	RS_JSON = 4,
	RS_CSV = 8,
	RS_ALL = RS_TEXT | RS_JSON | RS_CSV,
};

struct rcol {
	const char *head;               /* text and Markdown header */
	const char *json;               /* dotted path of its JSON member */
	const char *json_key;           /* a last key taken literally (a group
	                                   key's name may hold dots) */
	const char *json2;              /* a pair's second member (else one
	                                   array at json) */
	const char *csv, *csv2;         /* CSV header(s); a pair needs both */
	enum rc_fmt fmt;
	int prec;
	enum rc_pair pair;
	unsigned show;                  /* RS_* */
	unsigned section;               /* which text section it is in */
	bool key;                       /* a group key: in every section, left,
	                                   cut to fit the terminal */
	bool left;                      /* left-aligned */
	bool blank_repeats;             /* text: blank when the row above has
	                                   the same value */
};

struct rtable {
	const char *name;               /* its JSON member */
	struct rcol *col;
	size_t ncols, capcols;
	struct rval *v;                 /* stored rows, row-major */
	size_t nrows, caprows;
	/* rows made on demand instead (classify: one per request); gen
	 * fills ncols values of row i */
	void (*gen)(void *ctx, size_t i, struct rval *out);
	void *gen_ctx;
	size_t ngen;
	const char **section;           /* text: the heading of each section */
	size_t nsections;
	bool object;                    /* JSON: its one row as an object */
	bool primary;                   /* the table CSV writes */
	struct rdoc *doc;
};

enum rpart_kind { RP_VALUE, RP_TABLE, RP_LINES, RP_HEADING, RP_FIGURE };

/* A figure of the report: its file beside the document, what it shows,
 * its caption, and its bytes (SVG) for a writer that inlines it. */
struct rfig {
	const char *file;
	const char *alt;
	const char *caption;
	const unsigned char *data;      /* NULL: not drawn */
	size_t len;
};

/* Formats a part shows in. */
enum { RF_TEXT = 1, RF_JSON = 2, RF_CSV = 4, RF_MD = 8, RF_HTML = 16,
       RF_HUMAN = RF_TEXT | RF_MD | RF_HTML, RF_EVERY = 31 };

struct rpart {
	enum rpart_kind kind;
	const char *name;               /* JSON member; text: not shown */
	const char *title;              /* text and Markdown: a heading */
	unsigned formats;               /* RF_* */
	struct rval v;
	struct rtable *t;
	const char **lines;
	size_t nlines, caplines;
	bool items;                     /* RP_LINES: a list under its title */
	const char **labels;            /* items: each one's cell label */
	size_t caplabels;
	int level;                      /* RP_HEADING: 1 or 2 */
	struct rfig fig;                /* RP_FIGURE */
};

struct rwarn {
	const char *msg;
	const char **cells;             /* the cells it concerns ("" none) */
	size_t ncells, cap;
};

struct rdoc {
	struct arena *a;
	struct rpart *part;
	size_t nparts, capparts;
	struct rwarn *warn;
	size_t nwarn, capwarn;
	struct rtable *gates;           /* NULL: no gate was given */
	bool tripped;                   /* a gate failed: exit status 1 */
	bool failed;                    /* ran out of memory while building */
	void (*on_free)(void *);        /* a generator's state, freed last */
	void *on_free_ctx;
};

struct rdoc *rdoc_new(void);
void rdoc_free(struct rdoc *d);

/* A copy of s (or of n bytes at s) in the document's arena. */
const char *rdoc_str(struct rdoc *d, const char *s);
const char *rdoc_strf(struct rdoc *d, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Parts, in the order they are written. */
void rdoc_value(struct rdoc *d, const char *name, struct rval v,
                unsigned formats);
struct rtable *rdoc_table(struct rdoc *d, const char *name,
                          const char *title, unsigned formats);
struct rpart *rdoc_lines(struct rdoc *d, const char *title,
                         unsigned formats);
/* A heading (level 1 or 2) for the formats people read. */
void rdoc_heading(struct rdoc *d, int level, const char *text,
                  unsigned formats);
/* A figure: data (len bytes) is copied; NULL when it was not drawn. */
void rdoc_figure(struct rdoc *d, const char *file, const char *alt,
                 const char *caption, const void *data, size_t len);
/* A table already built, as a part (again: one table may be shown in
 * two places, JSON's and the people's). */
void rdoc_part_table(struct rdoc *d, const char *name, const char *title,
                     unsigned formats, struct rtable *t);
void rpart_line(struct rdoc *d, struct rpart *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* An item of a list about cells: "label: text" (the text writer cuts a
 * long label as it does in tables). */
void rpart_item(struct rdoc *d, struct rpart *p, const char *label,
                const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 4, 5)))
#endif
	;

/* A warning about a cell (label "" for the run): merged with the same
 * message said about other cells. */
void rdoc_warn(struct rdoc *d, const char *cell, const char *msg);

/* A table of its own, not a part (a row's nested rows). */
struct rtable *rtable_new(struct rdoc *d, const char *name);
/* A table for JSON alone whose columns are the members keys[0..n-1]. */
struct rtable *rtable_json(struct rdoc *d, const char *name,
                           const char *const *keys, size_t n);
/* Add a column (copied); returns its index. */
size_t rtable_col(struct rtable *t, const struct rcol *c);
void rtable_sections(struct rtable *t, const char *const *titles, size_t n);
/* A new row of RV_NULL values; returns its values, ncols of them. */
struct rval *rtable_row(struct rtable *t);
/* Row i's values into out (stored or generated); returns out or the
 * stored row. */
const struct rval *rtable_get(const struct rtable *t, size_t i,
                              struct rval *out);
size_t rtable_nrows(const struct rtable *t);

/* Values. */
struct rval rv_null(void);
struct rval rv_bool(bool b);
struct rval rv_int(long long i);
struct rval rv_uint(unsigned long long i);
struct rval rv_num(double x);           /* NaN: null */
struct rval rv_str(struct rdoc *d, const char *s);      /* NULL: null */
struct rval rv_pair(double a, double b);
struct rval rv_table(struct rtable *t);
struct rval rv_list(struct rdoc *d, const char *const *items, size_t n);

/* Is the value a number that can be written (finite)? */
bool rv_is_number(const struct rval *v);

#endif
