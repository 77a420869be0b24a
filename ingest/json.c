/*
 * json.c — JSON input, streamed through yajl: JSON Lines, one array of
 * objects, HAR 1.2 and the JSON outputs of LLM benchmark harnesses.
 *
 * yajl reports tokens as the bytes arrive; this file keeps the current
 * path (keys and array indexes) and collects, for each *record* — an
 * object at the record path of the format, e.g. "log.entries.*" for HAR —
 * its scalar leaves under dotted relative paths ("timings.wait",
 * "response_timestamps.0").  A finished record becomes a struct record
 * through the same column mapping as CSV (columns.c), with the leaf paths
 * as field names.  Formats whose records need arithmetic first (HAR's
 * timing sum, genai-perf's nanosecond difference, aiperf's unit) rewrite
 * the leaves into plain named fields before the mapping.
 *
 * Memory is bounded by one record: leaves beyond JSON_MAX_LEAVES, values
 * beyond JSON_MAX_VALUE bytes and nesting beyond JSON_MAX_DEPTH are not
 * kept (the last two end the file with a message).  yajl itself holds one
 * token at a time, so a single huge string costs its own size once.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "columns.h"
#include "field.h"
#include "format_readers.h"

#define JSON_MAX_DEPTH 64
#define JSON_MAX_LEAVES 1024
#define JSON_MAX_PATH 512
#define JSON_MAX_VALUE (1024u * 1024u)
#define JSON_MAX_SEGS 8
#define JSON_BLOCK (64u * 1024u)     /* what yajl is given at a time */

enum leaf_kind { LEAF_STR, LEAF_NUM, LEAF_TRUE, LEAF_FALSE, LEAF_NULL,
                 LEAF_TOO_LONG };

struct leaf {
	size_t path, path_len;          /* offsets into the record arena */
	size_t val, val_len;
	enum leaf_kind kind;
};

struct frame {
	bool array;
	size_t index;                   /* next element's index */
	size_t path_len;                /* path length at this frame's start */
	bool on_record_path;            /* every segment so far matched */
};

struct json_state {
	struct trace *t;
	uint16_t src;
	struct ingest_opts o;           /* a copy: presets may add --set keys */
	struct err *e;
	int fail;
	const struct preset *p;
	enum preset_kind kind;

	/* the record path, split */
	char *segs[JSON_MAX_SEGS];
	size_t nsegs;
	bool top_level_records;         /* JSON Lines or a stream of objects */

	/* where we are */
	struct frame stack[JSON_MAX_DEPTH];
	int depth;                      /* -1: outside any value */
	char path[JSON_MAX_PATH + 1];
	size_t path_len;
	char key[JSON_MAX_PATH + 1];    /* the pending map key */
	size_t key_len;

	/* the record being collected */
	int rec_depth;                  /* its frame, or -1 */
	size_t rec_base;                /* path length of its root */
	char *arena;
	size_t used, cap;
	struct leaf leaves[JSON_MAX_LEAVES];
	size_t nleaves;
	char rec_seg[64];               /* guidellm: the bucket key */

	/* context outside records (HAR's creator, vLLM's arrays) */
	bool mitmproxy;
	char ctx_model[256], ctx_label[256], ctx_backend[256];
	double *v_ttft, *v_start;
	char **v_err;
	size_t nv_ttft, nv_start, nv_err, vcap[3];

	/* the mapping, made from the first record */
	bool mapped;
	char **names;
	size_t *name_lens, nnames;
	uint64_t *role_of_col;
	struct mapper map;
	uint64_t entry;
};

/* ==== yajl's memory ==== */

/*
 * yajl does not check its allocations (a NULL from malloc is written
 * through), so it gets an allocator that never returns NULL: out of
 * memory inside yajl ends the program here, with the message and exit
 * status (71) every other out-of-memory path has.  The one exception to
 * "library layers return errors", forced by the library.
 */
static void
yajl_oom(void)
{
	static const char msg[] = "ttftstat: out of memory\n";

	fflush(stdout);
	if (write(2, msg, sizeof msg - 1) < 0)
		_exit(ERR_NOMEM);
	_exit(ERR_NOMEM);
}

static void *
ymalloc(void *ctx, size_t n)
{
	void *p = malloc(n);

	(void)ctx;
	if (p == NULL)
		yajl_oom();
	return p;
}

static void *
yrealloc(void *ctx, void *old, size_t n)
{
	void *p = realloc(old, n);

	(void)ctx;
	if (p == NULL)
		yajl_oom();
	return p;
}

static void
yfree(void *ctx, void *p)
{
	(void)ctx;
	free(p);
}

static yajl_alloc_funcs yajl_memory = {ymalloc, yrealloc, yfree, NULL};

/* ==== small helpers ==== */

static int
arena_put(struct json_state *st, const char *s, size_t n, size_t *off)
{
	if (st->used + n + 1 > st->cap) {
		size_t cap = st->cap ? st->cap : 4096;
		while (cap < st->used + n + 1)
			cap *= 2;
		char *na = realloc(st->arena, cap);
		if (na == NULL)
			return err_nomem(st->e);
		st->arena = na;
		st->cap = cap;
	}
	memcpy(st->arena + st->used, s, n);
	st->arena[st->used + n] = '\0';
	*off = st->used;
	st->used += n + 1;
	return 0;
}

static const struct leaf *
leaf_get(const struct json_state *st, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < st->nleaves; i++)
		if (st->leaves[i].path_len == n &&
		    memcmp(st->arena + st->leaves[i].path, path, n) == 0)
			return &st->leaves[i];
	return NULL;
}

static const char *
leaf_text(const struct json_state *st, const struct leaf *l)
{
	return st->arena + l->val;
}

/* A numeric leaf (or a string holding a number) as a double. */
static bool
leaf_number(const struct json_state *st, const char *path, double *x)
{
	const struct leaf *l = leaf_get(st, path);

	if (l == NULL || (l->kind != LEAF_NUM && l->kind != LEAF_STR))
		return false;
	return field_number(leaf_text(st, l), l->val_len, x) == FIELD_NUM_OK;
}

/* ==== the path ==== */

static void
path_push(struct json_state *st, const char *seg, size_t n)
{
	if (st->path_len + 1 + n > JSON_MAX_PATH)
		n = 0;                  /* too deep a path: an empty segment */
	if (st->path_len > 0)
		st->path[st->path_len++] = '.';
	memcpy(st->path + st->path_len, seg, n);
	st->path_len += n;
	st->path[st->path_len] = '\0';
}

/* The segment a new value gets from its parent: the pending key, or the
 * array index.  Returns whether the value lies on the record path. */
static bool
enter_value(struct json_state *st, char *seg, size_t *seglen)
{
	struct frame *parent;
	bool on;

	if (st->depth < 0) {
		*seglen = 0;
		return true;
	}
	parent = &st->stack[st->depth];
	if (parent->array)
		*seglen = (size_t)snprintf(seg, 24, "%zu", parent->index++);
	else {
		*seglen = st->key_len < 64 ? st->key_len : 64;
		memcpy(seg, st->key, *seglen);
	}
	seg[*seglen] = '\0';
	on = parent->on_record_path && (size_t)st->depth < st->nsegs &&
	     (strcmp(st->segs[st->depth], "*") == 0 ||
	      strcmp(st->segs[st->depth], seg) == 0);
	return on;
}

/* ==== records ==== */

static int process_record(struct json_state *st);

/* HAR entries carry whole response bodies; keep only what is used. */
static bool
har_wants(const char *rel)
{
	static const char *const want[] = {
		"startedDateTime", "request.method", "request.url",
		"request.postData.text", "request.postData.encoding",
		"response.status", "response._error", "_error", NULL};

	if (strncmp(rel, "timings.", 8) == 0)
		return true;
	for (size_t i = 0; want[i] != NULL; i++)
		if (strcmp(rel, want[i]) == 0)
			return true;
	return false;
}

static int
add_leaf(struct json_state *st, const char *val, size_t n, enum leaf_kind k)
{
	char seg[80];
	size_t seglen, saved = st->path_len, rel;
	struct leaf *l;

	enter_value(st, seg, &seglen);
	path_push(st, seg, seglen);
	rel = st->rec_base + (st->rec_base > 0 ? 1 : 0);
	/* an oversized value is not kept: the record is rejected only if a
	 * role needs it */
	if (n > JSON_MAX_VALUE) {
		n = 0;
		k = LEAF_TOO_LONG;
	}
	if (st->nleaves < JSON_MAX_LEAVES &&
	    (st->kind != PRESET_HAR || har_wants(st->path + rel))) {
		l = &st->leaves[st->nleaves];
		if (arena_put(st, st->path + rel, st->path_len - rel, &l->path) != 0 ||
		    arena_put(st, val, n, &l->val) != 0)
			return st->e->code;
		l->path_len = st->path_len - rel;
		l->val_len = n;
		l->kind = k;
		st->nleaves++;
	}
	st->path_len = saved;
	st->path[saved] = '\0';
	return 0;
}

/* Context leaves outside records: HAR's creator; vLLM's arrays. */
static int
context_leaf(struct json_state *st, const char *val, size_t n,
             enum leaf_kind k)
{
	char seg[80];
	size_t seglen;
	double x;

	enter_value(st, seg, &seglen);
	if (st->kind == PRESET_HAR) {
		if (st->depth == 2 && strcmp(st->path, "log.creator") == 0 &&
		    st->key_len == 4 && memcmp(st->key, "name", 4) == 0 &&
		    n >= 9 && strncmp(val, "mitmproxy", 9) == 0)
			st->mitmproxy = true;
		return 0;
	}
	if (st->kind != PRESET_VLLM)
		return 0;
	if (st->depth == 0 && !st->stack[0].array) {
		char *dst = NULL;
		if (st->key_len == 8 && memcmp(st->key, "model_id", 8) == 0)
			dst = st->ctx_model;
		else if (st->key_len == 5 && memcmp(st->key, "label", 5) == 0)
			dst = st->ctx_label;
		else if (st->key_len == 7 && memcmp(st->key, "backend", 7) == 0)
			dst = st->ctx_backend;
		if (dst != NULL && k == LEAF_STR)
			snprintf(dst, 256, "%.*s", (int)(n < 255 ? n : 255), val);
		return 0;
	}
	if (st->depth == 1 && st->stack[1].array) {
		const char *arr = st->path;      /* "ttfts", "start_times", ... */
		int which = strcmp(arr, "ttfts") == 0 ? 0
		            : strcmp(arr, "start_times") == 0 ? 1
		            : strcmp(arr, "errors") == 0 ? 2 : -1;
		size_t *cnt = which == 0 ? &st->nv_ttft : which == 1 ? &st->nv_start
		              : &st->nv_err;
		if (which < 0)
			return 0;
		if (*cnt == st->vcap[which]) {
			size_t cap = st->vcap[which] ? st->vcap[which] * 2 : 256;
			void *np = which == 2
			           ? realloc(st->v_err, cap * sizeof *st->v_err)
			           : realloc(which ? st->v_start : st->v_ttft,
			                     cap * sizeof(double));
			if (np == NULL)
				return err_nomem(st->e);
			if (which == 0) st->v_ttft = np;
			else if (which == 1) st->v_start = np;
			else st->v_err = np;
			st->vcap[which] = cap;
		}
		if (which == 2) {
			char *c = NULL;
			if (k == LEAF_STR) {
				c = malloc(n + 1);
				if (c == NULL)
					return err_nomem(st->e);
				memcpy(c, val, n);
				c[n] = '\0';
			}
			st->v_err[(*cnt)++] = c;
		} else {
			if (k != LEAF_NUM || field_number(val, n, &x) != FIELD_NUM_OK)
				x = NAN;
			(which ? st->v_start : st->v_ttft)[(*cnt)++] = x;
		}
	}
	return 0;
}

/* A value where a record belongs: reject it (or, first thing in the file,
 * refuse the file). */
static int
not_a_record(struct json_state *st, const char *what)
{
	char reason[96];

	st->entry++;
	if (!st->mapped)
		return err_set(st->e, ERR_DATA, "%s: entry 1 is %s, not an object",
		               trace_source_name(st->t, st->src), what);
	snprintf(reason, sizeof reason, "the entry is %s, not an object", what);
	return mapper_reject(&st->map, st->entry, reason, st->e);
}

static bool
where_records_are(const struct json_state *st)
{
	/* a value at the depth and path where records stand */
	if (st->depth < 0)
		return st->top_level_records;
	return st->stack[st->depth].on_record_path &&
	       (size_t)st->depth + 1 == st->nsegs && st->rec_depth < 0 &&
	       st->stack[st->depth].array;
}

static int
scalar(struct json_state *st, const char *val, size_t n, enum leaf_kind k)
{
	static const char *const kinds[] = {"a string", "a number", "true",
	                                    "false", "null"};
	if (st->fail)
		return 0;
	if (st->rec_depth >= 0)
		st->fail = add_leaf(st, val, n, k);
	else if (where_records_are(st)) {
		char seg[80];
		size_t seglen;
		enter_value(st, seg, &seglen);
		st->fail = not_a_record(st, kinds[k]);
	} else
		st->fail = context_leaf(st, val, n, k);
	return st->fail == 0;
}

static int cb_null(void *ctx) { return scalar(ctx, "", 0, LEAF_NULL); }

static int
cb_bool(void *ctx, int b)
{
	return scalar(ctx, b ? "true" : "false", b ? 4 : 5,
	              b ? LEAF_TRUE : LEAF_FALSE);
}

static int
cb_number(void *ctx, const char *s, size_t n)
{
	return scalar(ctx, s, n, LEAF_NUM);
}

static int
cb_string(void *ctx, const unsigned char *s, size_t n)
{
	return scalar(ctx, (const char *)s, n, LEAF_STR);
}

static int
open_container(struct json_state *st, bool array)
{
	char seg[80];
	size_t seglen;
	bool on;
	struct frame *f;

	if (st->fail)
		return 0;
	if (st->depth + 1 >= JSON_MAX_DEPTH) {
		st->fail = err_set(st->e, ERR_DATA, "nesting deeper than %d levels",
		                   JSON_MAX_DEPTH);
		return 0;
	}
	on = enter_value(st, seg, &seglen);
	f = &st->stack[++st->depth];
	f->array = array;
	f->index = 0;
	f->path_len = st->path_len;
	if (st->depth > 0)
		path_push(st, seg, seglen);
	f->on_record_path = on;
	if (!array && st->rec_depth < 0 && on && st->kind != PRESET_VLLM &&
	    (size_t)st->depth == st->nsegs) {
		st->rec_depth = st->depth;
		st->rec_base = st->path_len;
		st->nleaves = 0;
		st->used = 0;
		/* guidellm's bucket: the segment before the index */
		st->rec_seg[0] = '\0';
		if (st->depth >= 2) {
			const char *p = st->path + st->stack[st->depth - 1].path_len;
			size_t l = st->stack[st->depth].path_len -
			           st->stack[st->depth - 1].path_len;
			if (*p == '.') {
				p++;
				l--;
			}
			snprintf(st->rec_seg, sizeof st->rec_seg, "%.*s",
			         (int)(l < 63 ? l : 63), p);
		}
	} else if (array && st->rec_depth < 0 && on && st->kind != PRESET_VLLM &&
	           (size_t)st->depth == st->nsegs) {
		/* an array where a record belongs */
		st->fail = not_a_record(st, "an array");
	}
	return st->fail == 0;
}

static int
close_container(struct json_state *st)
{
	struct frame *f;

	if (st->fail)
		return 0;
	f = &st->stack[st->depth];
	if (st->rec_depth == st->depth) {
		st->rec_depth = -1;
		st->entry++;
		st->fail = process_record(st);
	}
	st->path_len = f->path_len;
	st->path[st->path_len] = '\0';
	st->depth--;
	return st->fail == 0;
}

static int cb_start_map(void *ctx) { return open_container(ctx, false); }
static int cb_end_map(void *ctx) { return close_container(ctx); }
static int cb_start_array(void *ctx) { return open_container(ctx, true); }
static int cb_end_array(void *ctx) { return close_container(ctx); }

static int
cb_map_key(void *ctx, const unsigned char *k, size_t n)
{
	struct json_state *st = ctx;

	st->key_len = n < JSON_MAX_PATH ? n : JSON_MAX_PATH;
	memcpy(st->key, k, st->key_len);
	st->key[st->key_len] = '\0';
	return 1;
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_map_key, cb_end_map, cb_start_array, cb_end_array};

/* ==== from records to rows ==== */

static int reject_entry(struct json_state *st, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

struct field {
	const char *name;
	const char *val;                /* NULL: absent or null */
	size_t len;
	bool too_long;                  /* a value over JSON_MAX_VALUE */
};

#define MAX_FIELDS (JSON_MAX_LEAVES + 8)

/* Add name to the mapping's names unless it is there. */
static int
add_name(struct json_state *st, const char *name, size_t len)
{
	char **nn;
	size_t *nl;

	if (name == NULL)
		return 0;
	for (size_t i = 0; i < st->nnames; i++)
		if (st->name_lens[i] == len && memcmp(st->names[i], name, len) == 0)
			return 0;
	nn = realloc(st->names, (st->nnames + 1) * sizeof *nn);
	if (nn == NULL)
		return err_nomem(st->e);
	st->names = nn;
	nl = realloc(st->name_lens, (st->nnames + 1) * sizeof *nl);
	if (nl == NULL)
		return err_nomem(st->e);
	st->name_lens = nl;
	st->names[st->nnames] = strndup(name, len);
	if (st->names[st->nnames] == NULL)
		return err_nomem(st->e);
	st->name_lens[st->nnames++] = len;
	return 0;
}

/*
 * The field names come from the first record, plus every field an option
 * or the preset names: a JSON record omits what it does not have (k6 adds
 * an error tag only to failures), and a later record's field can only be
 * read if the mapping knows its name.
 */
static int
map_fields(struct json_state *st, const struct field *f, size_t n)
{
	const struct ingest_opts *o = &st->o;
	const struct preset *p = st->p;
	const char *named[] = {o->ttft_col, o->start_col, o->first_token_col,
	                       o->status_col,
	                       p ? p->ttft_col : NULL, p ? p->start_col : NULL,
	                       p ? p->ok_col : NULL, p ? p->status_col : NULL,
	                       p ? p->error_col : NULL};
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		rc = add_name(st, f[i].name, strlen(f[i].name));
	for (size_t i = 0; i < sizeof named / sizeof named[0] && rc == 0; i++)
		if (named[i] != NULL)
			rc = add_name(st, named[i], strlen(named[i]));
	for (size_t i = 0; i < o->nwhere && rc == 0; i++)
		rc = add_name(st, o->where[i].col, o->where[i].col_len);
	for (size_t i = 0; i < o->nby && rc == 0; i++) {
		char full[256];
		rc = add_name(st, o->by[i], strlen(o->by[i]));
		if (rc == 0 && p != NULL && p->key_prefix != NULL) {
			snprintf(full, sizeof full, "%s%s", p->key_prefix, o->by[i]);
			rc = add_name(st, full, strlen(full));
		}
	}
	if (rc == 0 && p != NULL && p->key_prefix != NULL && o->nby == 0) {
		char full[256];
		snprintf(full, sizeof full, "%smodel", p->key_prefix);
		rc = add_name(st, full, strlen(full));
		snprintf(full, sizeof full, "%sprovider", p->key_prefix);
		if (rc == 0)
			rc = add_name(st, full, strlen(full));
	}
	if (rc != 0)
		return rc;
	st->role_of_col = calloc(st->nnames ? st->nnames : 1,
	                         sizeof *st->role_of_col);
	if (st->role_of_col == NULL)
		return err_nomem(st->e);
	st->mapped = true;
	return mapper_init(&st->map, st->t, st->src, &st->o,
	                   (const char *const *)st->names, st->name_lens,
	                   st->nnames, st->role_of_col, st->e);
}

static int
column_of(const struct json_state *st, size_t i, const char *name)
{
	return columns_find(st->names, st->name_lens, st->nnames, i, name,
	                    strlen(name));
}

/* Before the mapping exists, a record that a --where (or the preset's
 * filter) would drop must not decide the field names: JSON Lines mix
 * record shapes (k6 writes metric definitions among its points). */
static bool
filtered_before_mapping(struct json_state *st, const struct field *f,
                        size_t n)
{
	const struct preset *p = st->p;
	struct ingest_where w[INGEST_MAX_WHERE];
	size_t nw = 0;
	struct err ignore;

	if (st->o.nwhere > 0) {
		memcpy(w, st->o.where, st->o.nwhere * sizeof w[0]);
		nw = st->o.nwhere;
	} else if (p != NULL) {
		for (size_t i = 0; i < 3 && p->where[i] != NULL; i++)
			if (ingest_where_parse(p->where[i], &w[nw], &ignore) == 0)
				nw++;
	}
	for (size_t i = 0; i < nw; i++) {
		const char *v = NULL;
		size_t len = 0;
		for (size_t k = 0; k < n; k++)
			if (strlen(f[k].name) == w[i].col_len &&
			    strncmp(f[k].name, w[i].col, w[i].col_len) == 0) {
				v = f[k].val;
				len = f[k].len;
			}
		if (!where_match(&w[i], v, len)) {
			st->t->sources[st->src].rows++;
			st->t->sources[st->src].filtered++;
			return true;
		}
	}
	return false;
}

/* A record with fields the mapping has not seen (JSON omits null fields,
 * so an "error" may first appear on the tenth record): learn the names and
 * map again.  Names are capped, so a file of ever-new keys cannot make
 * this quadratic. */
#define JSON_MAX_NAMES 256

static int
learn_names(struct json_state *st, const struct field *f, size_t n)
{
	bool news = false;

	for (size_t i = 0; i < n && !news; i++)
		news = f[i].val != NULL && column_of(st, i, f[i].name) < 0 &&
		       mapper_name_matters(&st->map, f[i].name, strlen(f[i].name));
	if (!news || st->nnames >= JSON_MAX_NAMES)
		return 0;
	for (size_t i = 0; i < n && st->nnames < JSON_MAX_NAMES; i++)
		if (f[i].val != NULL && column_of(st, i, f[i].name) < 0 &&
		    mapper_name_matters(&st->map, f[i].name, strlen(f[i].name)) &&
		    add_name(st, f[i].name, strlen(f[i].name)) != 0)
			return st->e->code;
	free(st->role_of_col);
	st->role_of_col = calloc(st->nnames, sizeof *st->role_of_col);
	if (st->role_of_col == NULL)
		return err_nomem(st->e);
	mapper_release(&st->map);
	return mapper_remap(&st->map, (const char *const *)st->names,
	                    st->name_lens, st->nnames, st->role_of_col, st->e);
}

static int
emit_fields(struct json_state *st, const struct field *f, size_t n)
{
	struct record r;

	if (!st->mapped) {
		if (filtered_before_mapping(st, f, n))
			return 0;
		if (map_fields(st, f, n) != 0)
			return st->e->code;
	} else if (st->kind == PRESET_PLAIN || st->kind == PRESET_LLMPERF ||
	           st->kind == PRESET_GUIDELLM) {
		if (learn_names(st, f, n) != 0)
			return st->e->code;
	}
	record_clear(&r, &st->map);
	for (size_t i = 0; i < n; i++) {
		int col = column_of(st, i, f[i].name);
		uint64_t roles;
		if (col >= 0 && f[i].too_long && st->role_of_col[col] != 0)
			return reject_entry(st, "field '%.60s' is longer than 1 MiB",
			                    f[i].name);
		if (col < 0 || f[i].val == NULL)
			continue;
		roles = st->role_of_col[col];
		for (int b = 0; roles != 0; b++, roles >>= 1)
			if (roles & 1) {
				r.val[b] = f[i].val;
				r.len[b] = f[i].len;
			}
	}
	return mapper_emit(&st->map, &r, st->entry, st->e);
}

static size_t
leaves_as_fields(const struct json_state *st, struct field *f)
{
	for (size_t i = 0; i < st->nleaves; i++) {
		const struct leaf *l = &st->leaves[i];
		f[i].name = st->arena + l->path;
		f[i].val = l->kind == LEAF_NULL || l->kind == LEAF_TOO_LONG
		           ? NULL : st->arena + l->val;
		f[i].len = l->val_len;
		f[i].too_long = l->kind == LEAF_TOO_LONG;
	}
	return st->nleaves;
}

static void
put(struct field *f, size_t *n, const char *name, const char *val,
    size_t len)
{
	f[*n].name = name;
	f[*n].val = val;
	f[*n].len = len;
	f[*n].too_long = false;
	(*n)++;
}

static void
put_leaf(const struct json_state *st, struct field *f, size_t *n,
         const char *name, const char *path)
{
	const struct leaf *l = leaf_get(st, path);

	if (l != NULL && l->kind != LEAF_NULL)
		put(f, n, name, leaf_text(st, l), l->val_len);
	else
		put(f, n, name, NULL, 0);
}

/* "model" of a JSON request body held in a string: the top-level key's
 * string value, read with yajl's stream parser (and its safe allocator). */
struct body {
	int depth;
	bool at_model, found;
	char *out;
	size_t size;
};

static int
body_open(void *ctx)
{
	((struct body *)ctx)->depth++;
	return 1;
}

static int
body_close(void *ctx)
{
	((struct body *)ctx)->depth--;
	return 1;
}

static int
body_key(void *ctx, const unsigned char *k, size_t n)
{
	struct body *b = ctx;

	b->at_model = b->depth == 1 && n == 5 && memcmp(k, "model", 5) == 0;
	return 1;
}

static int
body_string(void *ctx, const unsigned char *v, size_t n)
{
	struct body *b = ctx;

	if (b->at_model && b->depth == 1 && !b->found && n > 0) {
		snprintf(b->out, b->size, "%.*s", (int)n, (const char *)v);
		b->found = true;
	}
	b->at_model = false;
	return 1;
}

static int
body_other(void *ctx)
{
	((struct body *)ctx)->at_model = false;
	return 1;
}

static int
body_bool(void *ctx, int v)
{
	(void)v;
	return body_other(ctx);
}

static int
body_number(void *ctx, const char *s, size_t n)
{
	(void)s;
	(void)n;
	return body_other(ctx);
}

static bool
body_model(const char *text, size_t len, char *out, size_t size)
{
	static const yajl_callbacks cb = {
		body_other, body_bool, NULL, NULL, body_number, body_string,
		body_open, body_key, body_close, body_open, body_close};
	struct body b = {0, false, false, out, size};
	yajl_handle h = yajl_alloc(&cb, &yajl_memory, &b);
	bool ok;

	ok = yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok &&
	     yajl_complete_parse(h) == yajl_status_ok && b.found;
	yajl_free(h);
	return ok;
}

/* HAR: the provider is the URL's host. */
static size_t
url_host(const char *url, size_t len, const char **host)
{
	const char *p = memchr(url, ':', len), *end = url + len;
	size_t n = 0;

	if (p == NULL || end - p < 3 || p[1] != '/' || p[2] != '/')
		return 0;
	p += 3;
	*host = p;
	while (p + n < end && p[n] != '/' && p[n] != ':' && p[n] != '?' &&
	       p[n] != '#')
		n++;
	return n;
}

static int
reject_entry(struct json_state *st, const char *fmt, ...)
{
	char reason[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	return mapper_reject(&st->map, st->entry, reason, st->e);
}

/* ==== HAR ==== */

static const char *const har_names[] = {
	"ttft_ms", "start", "status", "url", "method", "error", "provider",
	"model"};

static int
har_entry(struct json_state *st)
{
	static const char *const parts[] = {"timings.blocked", "timings.dns",
	                                    "timings.connect", "timings.send",
	                                    "timings.wait"};
	struct field f[8];
	size_t n = 0, hl;
	char total[40], model[256];
	double sum = 0, t, ssl = 0, connect = 0;
	bool any = false;
	const struct leaf *url = leaf_get(st, "request.url");
	const struct leaf *body = leaf_get(st, "request.postData.text");
	const struct leaf *err = leaf_get(st, "_error");
	const char *host = NULL;

	/* TTFB = blocked + dns + connect + send + wait; -1, null and absent
	 * all mean "not applicable", i.e. 0 */
	for (size_t i = 0; i < 5; i++) {
		const struct leaf *l = leaf_get(st, parts[i]);
		if (l == NULL || l->kind == LEAF_NULL)
			continue;
		if (!leaf_number(st, parts[i], &t))
			return reject_entry(st, "%s is not a number", parts[i]);
		any = true;
		if (t == -1)
			continue;
		if (t < 0)
			return reject_entry(st, "%s is negative", parts[i]);
		sum += t;
		if (i == 2)
			connect = t;
	}
	if (!any)
		return reject_entry(st, "%s", "the entry has no timings");
	/* ssl lies inside connect, except in mitmproxy's exports */
	if (leaf_number(st, "timings.ssl", &ssl) && ssl > 0 &&
	    (st->mitmproxy || ssl > connect))
		sum += ssl;
	snprintf(total, sizeof total, "%.17g", sum);
	put(f, &n, "ttft_ms", total, strlen(total));
	put_leaf(st, f, &n, "start", "startedDateTime");
	put_leaf(st, f, &n, "status", "response.status");
	put_leaf(st, f, &n, "url", "request.url");
	put_leaf(st, f, &n, "method", "request.method");
	if (err == NULL || err->kind == LEAF_NULL || err->val_len == 0)
		err = leaf_get(st, "response._error");
	if (err != NULL && err->kind == LEAF_STR && err->val_len > 0)
		put(f, &n, "error", leaf_text(st, err), err->val_len);
	else
		put(f, &n, "error", NULL, 0);
	hl = url ? url_host(leaf_text(st, url), url->val_len, &host) : 0;
	put(f, &n, "provider", hl ? host : NULL, hl);
	/* a base64 body is not read: the cell is then just the host */
	if (body != NULL && leaf_get(st, "request.postData.encoding") == NULL &&
	    body_model(leaf_text(st, body), body->val_len, model, sizeof model))
		put(f, &n, "model", model, strlen(model));
	else
		put(f, &n, "model", NULL, 0);
	return emit_fields(st, f, n);
}

/* ==== harness presets ==== */

static const char *const genai_names[] = {"ttft_ns", "start_ns", "error",
                                          "model"};

/* GenAI-Perf: TTFT = response_timestamps[0] - timestamp, epoch ns,
 * subtracted as integers (a double cannot hold 19 digits). */
static int
genai_request(struct json_state *st)
{
	struct field f[4];
	size_t n = 0;
	const struct leaf *t0 = leaf_get(st, "timestamp");
	const struct leaf *t1 = leaf_get(st, "response_timestamps.0");
	const struct leaf *pl = leaf_get(st, "request_inputs.payload");
	char ttft[32], model[256];
	long long a, b;
	char *end;

	if (t0 == NULL || t0->kind != LEAF_NUM)
		return reject_entry(st, "%s", "no integer timestamp");
	a = strtoll(leaf_text(st, t0), &end, 10);
	if (*end != '\0')
		return reject_entry(st, "%s", "timestamp is not an integer");
	if (t1 != NULL && t1->kind == LEAF_NUM) {
		b = strtoll(leaf_text(st, t1), &end, 10);
		if (*end != '\0')
			return reject_entry(st, "%s", "response_timestamps[0] is not "
			                    "an integer");
		snprintf(ttft, sizeof ttft, "%lld", b - a);
		put(f, &n, "ttft_ns", ttft, strlen(ttft));
		put(f, &n, "error", NULL, 0);
	} else {
		/* no response at all: a failed request */
		put(f, &n, "ttft_ns", NULL, 0);
		put(f, &n, "error", "no response", 11);
	}
	put(f, &n, "start_ns", leaf_text(st, t0), t0->val_len);
	if (pl != NULL && pl->kind == LEAF_STR &&
	    body_model(leaf_text(st, pl), pl->val_len, model, sizeof model))
		put(f, &n, "model", model, strlen(model));
	else
		put(f, &n, "model", NULL, 0);
	return emit_fields(st, f, n);
}

static bool
has_prefix(const struct json_state *st, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < st->nleaves; i++)
		if (st->leaves[i].path_len > n &&
		    memcmp(st->arena + st->leaves[i].path, prefix, n) == 0 &&
		    st->leaves[i].kind != LEAF_NULL)
			return true;
	return false;
}

static const char *const aiperf_names[] = {"ttft_s", "start_ns", "error",
                                           "model"};

/* AIPerf: the TTFT carries its own unit in each record. */
static int
aiperf_record(struct json_state *st)
{
	struct field f[4];
	size_t n = 0;
	const struct leaf *u = leaf_get(st, "metrics.time_to_first_token.unit");
	const struct leaf *err = leaf_get(st, "error");
	double v, div = 1.0;
	char ttft[40];

	if (leaf_number(st, "metrics.time_to_first_token.value", &v)) {
		if (u != NULL && u->kind == LEAF_STR) {
			div = field_unit_divisor(leaf_text(st, u));
			if (div == 0)
				return reject_entry(st, "unit '%s' is not s, ms, us or ns",
				                    leaf_text(st, u));
		}
		snprintf(ttft, sizeof ttft, "%.17g", v / div);
		put(f, &n, "ttft_s", ttft, strlen(ttft));
	} else {
		put(f, &n, "ttft_s", NULL, 0);
	}
	put_leaf(st, f, &n, "start_ns", "metadata.request_start_ns");
	/* the error is null, a string, or an object (error.code, ...) */
	if (err != NULL && err->kind == LEAF_STR)
		put(f, &n, "error", leaf_text(st, err), err->val_len);
	else if ((err != NULL && err->kind != LEAF_NULL) || has_prefix(st, "error."))
		put(f, &n, "error", "error object", 12);
	else
		put(f, &n, "error", NULL, 0);
	if (leaf_get(st, "metadata.model_name"))
		put_leaf(st, f, &n, "model", "metadata.model_name");
	else
		put_leaf(st, f, &n, "model", "model");
	return emit_fields(st, f, n);
}

/* GuideLLM: errored and incomplete requests are failures; the bucket is
 * the path segment above the request. */
static int
guidellm_request(struct json_state *st)
{
	static struct field f[MAX_FIELDS];
	size_t n = leaves_as_fields(st, f);

	if (strcmp(st->rec_seg, "successful") != 0)
		put(f, &n, "error", st->rec_seg, strlen(st->rec_seg));
	else
		put(f, &n, "error", NULL, 0);
	return emit_fields(st, f, n);
}

static const char *const vllm_names[] = {"ttft_s", "start", "error", "model",
                                         "provider"};

/* vLLM keeps requests as parallel arrays; they are zipped at the end. */
static int
vllm_requests(struct json_state *st)
{
	size_t n = st->nv_ttft;
	const char *prov = st->ctx_label[0] ? st->ctx_label : st->ctx_backend;

	if (st->nv_start != n && st->nv_start != 0)
		return err_set(st->e, ERR_DATA, "%s: %zu ttfts but %zu start_times",
		               trace_source_name(st->t, st->src), n, st->nv_start);
	if (st->nv_err != n && st->nv_err != 0)
		return err_set(st->e, ERR_DATA, "%s: %zu ttfts but %zu errors",
		               trace_source_name(st->t, st->src), n, st->nv_err);
	for (size_t i = 0; i < n; i++) {
		struct field f[5];
		size_t k = 0;
		char ttft[40], start[40];
		const char *err = st->nv_err ? st->v_err[i] : NULL;
		int rc;

		st->entry = i + 1;
		if (isnan(st->v_ttft[i]))
			put(f, &k, "ttft_s", "null", 4);
		else {
			snprintf(ttft, sizeof ttft, "%.17g", st->v_ttft[i]);
			put(f, &k, "ttft_s", ttft, strlen(ttft));
		}
		if (st->nv_start && !isnan(st->v_start[i])) {
			snprintf(start, sizeof start, "%.17g", st->v_start[i]);
			put(f, &k, "start", start, strlen(start));
		} else {
			put(f, &k, "start", NULL, 0);
		}
		/* "" is success; anything else a failure, whatever ttfts says */
		put(f, &k, "error", err && *err ? err : NULL, err ? strlen(err) : 0);
		put(f, &k, "model", st->ctx_model[0] ? st->ctx_model : NULL,
		    strlen(st->ctx_model));
		put(f, &k, "provider", prov[0] ? prov : NULL, strlen(prov));
		if ((rc = emit_fields(st, f, k)) != 0)
			return rc;
	}
	return 0;
}

static int
process_record(struct json_state *st)
{
	static struct field f[MAX_FIELDS];

	switch (st->kind) {
	case PRESET_HAR: return har_entry(st);
	case PRESET_GENAI: return genai_request(st);
	case PRESET_AIPERF: return aiperf_record(st);
	case PRESET_GUIDELLM: return guidellm_request(st);
	case PRESET_VLLM: return 0;
	case PRESET_PLAIN:
	case PRESET_LLMPERF: break;
	}
	return emit_fields(st, f, leaves_as_fields(st, f));
}

/* ==== reading ==== */

/* Map the fixed field names of a synthesizing preset before any record,
 * so even the first entry can be rejected and counted. */
static int
map_fixed(struct json_state *st, const char *const *names, size_t n)
{
	struct field f[8];

	for (size_t i = 0; i < n; i++) {
		f[i].name = names[i];
		f[i].val = NULL;
		f[i].len = 0;
		f[i].too_long = false;
	}
	return map_fields(st, f, n);
}

/* LLMPerf names files <model>_<in>_<out>_individual_responses.json. */
static void
llmperf_model(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;
	int unders = 0;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 26 && strcmp(base + n - 26, "_individual_responses.json") == 0)
		n -= 26;
	/* strip _<in>_<out> */
	for (size_t i = n; i > 0 && unders < 2; i--)
		if (base[i - 1] == '_') {
			bool digits = i < n;
			for (size_t k = i; k < n && digits; k++)
				digits = isdigit((unsigned char)base[k]);
			if (!digits)
				break;
			n = i - 1;
			unders++;
		}
	snprintf(out, size, "%.*s", (int)n, base);
}

static void
state_free(struct json_state *st)
{
	for (size_t i = 0; i < st->nsegs; i++)
		free(st->segs[i]);
	for (size_t i = 0; i < st->nnames; i++)
		free(st->names[i]);
	free(st->names);
	free(st->name_lens);
	free(st->role_of_col);
	free(st->arena);
	free(st->v_ttft);
	free(st->v_start);
	for (size_t i = 0; i < st->nv_err; i++)
		free(st->v_err[i]);
	free(st->v_err);
	mapper_release(&st->map);
}

/* JSON that stops parsing at byte off: one rejection, the rest unread. */
static int
broken(struct json_state *st, uint64_t off, const char *why)
{
	char reason[300];

	if (!st->mapped)
		return err_set(st->e, ERR_DATA, "%s: invalid JSON at byte %llu: %s",
		               trace_source_name(st->t, st->src),
		               (unsigned long long)off, why);
	snprintf(reason, sizeof reason, "byte %llu: invalid JSON (%s); the rest "
	         "of the file cannot be read", (unsigned long long)off, why);
	return mapper_reject(&st->map, st->entry + 1, reason, st->e);
}

static int
feed(struct json_state *st, yajl_handle h, const char *buf, size_t n,
     uint64_t base)
{
	yajl_status s = n ? yajl_parse(h, (const unsigned char *)buf, n)
	                  : yajl_complete_parse(h);
	unsigned char *msg;
	char why[200];
	size_t at;

	if (s == yajl_status_ok)
		return 0;
	if (st->fail)
		return st->fail;
	if (st->e->code != 0 && s == yajl_status_client_canceled)
		return st->e->code;
	at = n ? yajl_get_bytes_consumed(h) : 0;
	msg = yajl_get_error(h, 0, (const unsigned char *)buf, n);
	snprintf(why, sizeof why, "%s", msg ? (const char *)msg : "parse error");
	yajl_free_error(h, msg);
	for (char *p = why; *p; p++)
		if (*p == '\n')
			*p = ' ';
	while (why[0] && why[strlen(why) - 1] == ' ')
		why[strlen(why) - 1] = '\0';
	return broken(st, base + at, why) != 0 ? st->e->code : -1;
}

int
json_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                 size_t head_len, const struct ingest_opts *o,
                 const struct preset *p, const char *format, struct err *e)
{
	struct json_state st;
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	char *buf = malloc(JSON_BLOCK), model[256];
	yajl_handle h = NULL;
	uint64_t base = 0;
	size_t total = head_len;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.t = t;
	st.src = src;
	st.o = *o;
	st.o.preset = p;
	st.e = e;
	st.p = p;
	st.kind = p ? p->kind : PRESET_PLAIN;
	st.depth = -1;
	st.rec_depth = -1;
	t->sources[src].format = format;
	t->sources[src].by_entry = true;
	if (buf == NULL)
		return err_nomem(e);
	/* the record path */
	{
		const char *rp = p && p->records ? p->records
		                 : strcmp(format, "json") == 0 ? "*" : "";
		while (*rp && st.nsegs < JSON_MAX_SEGS) {
			size_t l = strcspn(rp, ".");
			st.segs[st.nsegs] = strndup(rp, l);
			if (st.segs[st.nsegs++] == NULL) {
				rc = err_nomem(e);
				goto out;
			}
			rp += l + (rp[l] == '.');
		}
		st.top_level_records = st.nsegs == 0 && st.kind != PRESET_VLLM;
	}
	if (st.kind == PRESET_LLMPERF) {
		bool given = false;
		for (size_t i = 0; i < st.o.nset; i++)
			given |= st.o.set[i].key_len == 5 &&
			         strncmp(st.o.set[i].key, "model", 5) == 0;
		if (!given && st.o.nset < TRACE_MAX_KEYS) {
			llmperf_model(trace_source_name(t, src), model, sizeof model);
			st.o.set[st.o.nset].key = "model";
			st.o.set[st.o.nset].key_len = 5;
			st.o.set[st.o.nset++].value = model;
		}
	}
	switch (st.kind) {
	case PRESET_HAR: rc = map_fixed(&st, har_names, 8); break;
	case PRESET_GENAI: rc = map_fixed(&st, genai_names, 4); break;
	case PRESET_AIPERF: rc = map_fixed(&st, aiperf_names, 4); break;
	case PRESET_VLLM: rc = map_fixed(&st, vllm_names, 5); break;
	default: break;
	}
	if (rc != 0)
		goto out;
	h = yajl_alloc(&callbacks, &yajl_memory, &st);
	if (h == NULL) {
		rc = err_nomem(e);
		goto out;
	}
	yajl_config(h, yajl_allow_multiple_values, 1);
	/* yajl sees whole JSON_BLOCKs at fixed offsets, however the input is
	 * read: where it reports an error (it can differ when a token is cut
	 * between two calls) must not depend on the read size */
	{
		size_t used = 0, from = 0;
		bool eof = false;
		while (rc == 0 && (!eof || used > 0)) {
			size_t want = JSON_BLOCK - used, n;
			int rerr;
			if (from < head_len) {          /* the head first */
				n = head_len - from < want ? head_len - from : want;
				memcpy(buf + used, head + from, n);
				from += n;
				used += n;
			} else if (!eof) {
				n = fread(buf + used, 1, want < chunk ? want : chunk, fp);
				rerr = errno;   /* before anything can change it */
				used += n;
				if (o->progress != NULL)
					o->progress(o->progress_ctx,
					            trace_source_name(t, src),
					            (uint64_t)(total += n),
					            t->sources[src].rows);
				if (n < (want < chunk ? want : chunk)) {
					rc = reader_short_read(fp, rerr,
					                       trace_source_name(t, src),
					                       "entry", st.entry, e);
					eof = true;
				}
			}
			if (rc == 0 && used > 0 && (used == JSON_BLOCK || eof)) {
				rc = feed(&st, h, buf, used, base);
				base += used;
				used = 0;
			}
		}
	}
	if (rc == 0)
		rc = feed(&st, h, NULL, 0, base);
	if (rc < 0)
		rc = 0;                 /* broken JSON, counted; keep what came */
	if (rc == 0 && st.kind == PRESET_VLLM)
		rc = vllm_requests(&st);
	if (rc == 0 && st.entry == 0 && st.nv_ttft == 0)
		rc = err_set(e, ERR_DATA, "%s: no %s found", trace_source_name(t, src),
		             st.kind == PRESET_HAR ? "log.entries"
		             : p && p->records && *p->records ? p->records
		             : "records");
	if (rc == 0)
		rc = mapper_finish(&st.map, e);
out:
	if (h != NULL)
		yajl_free(h);
	free(buf);
	state_free(&st);
	return rc;
}
