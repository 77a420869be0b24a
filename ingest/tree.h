/*
 * tree.h — records out of a stream of tree events (JSON, JSON Lines, YAML).
 *
 * A front-end (json.c with yajl, yaml.c with libyaml) turns bytes into
 * events: maps, keys, arrays, scalars.  The collector here keeps the
 * current path and gathers, for each *record* — a map at the record path,
 * e.g. "log.entries.*" for HAR — its scalar leaves under dotted relative
 * paths ("timings.wait", "response_timestamps.0"), and hands the record
 * to its sink.  Scalars outside records are kept as context (a run's
 * model, HAR's creator) while the map that holds them is open.  Parallel
 * arrays (vLLM's ttfts[], errors[]) can be zipped into records instead.
 *
 * Memory is bounded by one record (plus, for zipped arrays, one value per
 * request): leaves beyond TREE_MAX_LEAVES, values beyond TREE_MAX_VALUE
 * bytes and key paths beyond TREE_MAX_PATH bytes are not kept — a record
 * that needed them is rejected with the reason — and nesting beyond
 * TREE_MAX_DEPTH ends the file with a message.
 */
#ifndef TTFT_TREE_H
#define TTFT_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define TREE_MAX_DEPTH 64
#define TREE_MAX_LEAVES 1024
#define TREE_MAX_PATH (64u * 1024u)
#define TREE_MAX_VALUE (1024u * 1024u)

enum leaf_kind { LEAF_STR, LEAF_NUM, LEAF_TRUE, LEAF_FALSE, LEAF_NULL };

/* What a front-end reports; each returns 0 to go on, an error code to
 * stop (the handler has filled the struct err it was given). */
struct tree_events {
	int (*map_start)(void *ctx);
	int (*map_key)(void *ctx, const char *k, size_t n);
	int (*map_end)(void *ctx);
	int (*array_start)(void *ctx);
	int (*array_end)(void *ctx);
	int (*scalar)(void *ctx, enum leaf_kind k, const char *v, size_t n);
	void *ctx;
};

/* Where a front-end's input stopped being well-formed, when it did. */
struct tree_broken {
	bool broken;
	uint64_t offset;                /* byte offset in the input */
	char why[200];                  /* the parser's words, on one line */
};

struct tree_leaf {
	const char *path;               /* relative to the record, NUL-ended */
	size_t path_len;
	const char *val;                /* NUL-ended; "" for null */
	size_t len;
	enum leaf_kind kind;
	bool too_long;                  /* the value was over TREE_MAX_VALUE */
};

struct tree_record {
	const struct tree_leaf *leaves;
	size_t n;
	uint64_t entry;                 /* 1-based, in input order */
	const char *bucket;             /* key above the record's array, or "" */
	const char *problem;            /* non-NULL: the record is broken
	                                   (a key path too long, ...) */
};

struct tree;

struct tree_sink {
	/* a finished record */
	int (*record)(void *ctx, const struct tree_record *r);
	/* a value where a record belongs ("a string", "an array") */
	int (*not_record)(void *ctx, uint64_t entry, const char *what);
	/* a top-level map or array ends (each line of JSON Lines); its
	 * context goes right after; NULL: nobody asks */
	int (*value_end)(void *ctx);
	void *ctx;
};

struct tree_config {
	const char *records;            /* dotted path, '*' any key or index;
	                                   "" or NULL: the top-level values */
	const char *const *columns;     /* zip these arrays of one map into
	                                   records; NULL: none */
	const char *const *keep;        /* keep only leaves under these
	                                   prefixes; NULL: all */
};

int tree_new(struct tree **tp, const struct tree_config *c,
             const struct tree_sink *sink, struct err *e);
void tree_free(struct tree *t);

/* The collector's handlers, for a front-end. */
struct tree_events tree_events_of(struct tree *t);

/* Records seen so far (the next one's entry is this + 1). */
uint64_t tree_entries(const struct tree *t);

/* The most recently seen context scalar whose full path matches pattern
 * ('*' matches one segment), in *out (valid until the next event); false
 * when there is none. */
bool tree_context(const struct tree *t, const char *pattern,
                  struct tree_leaf *out);

/* A leaf of a record by its relative path, or NULL. */
const struct tree_leaf *tree_leaf_get(const struct tree_record *r,
                                      const char *path);

#endif
