/*
 * tree.c — the record collector behind every tree-shaped input.
 *
 * The path is one growing string of dot-separated segments, each frame
 * remembering where its own segment began, so closing a frame is a
 * truncation.  Context scalars form a stack too: a scalar belongs to the
 * innermost open frame on the record path, and when that frame closes
 * everything pushed since it opened is dropped — the run's metadata stays
 * available for its records, and a JSON Lines file forgets each line's.
 */
#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CTX_MAX 1024            /* context scalars kept at once */
#define CTX_MAX_VALUE 4096      /* longer context values are not kept */
#define CTX_MAX_DEPTH 10
#define MAX_SEGS 16
#define MAX_COLUMNS 16

struct frame {
	bool array;
	size_t index;                   /* next element's index */
	size_t path_len;                /* path length before this frame */
	size_t seg;                     /* where its own segment begins */
	bool on_record_path;
	int column;                     /* a zipped column array: its index */
	bool column_owner;              /* a map holding column arrays */
	size_t ctx_mark;                /* context entries when it opened */
};

struct ctx_leaf {
	size_t path, path_len, val, len;     /* offsets into ctx_arena */
	enum leaf_kind kind;
};

struct column {
	size_t *off, *len;
	enum leaf_kind *kind;
	size_t n, cap;
};

struct tree {
	struct tree_sink sink;
	struct err *e;
	char *segs[MAX_SEGS];
	size_t nsegs;
	const char *const *keep;
	const char *const *colnames;
	size_t ncols;

	struct frame stack[TREE_MAX_DEPTH];
	int depth;                      /* -1: between top-level values */
	char *path;
	size_t path_len, path_cap;
	bool path_over;                 /* a segment did not fit */
	char *key;
	size_t key_len, key_cap;
	bool key_over;

	/* the record being collected */
	int rec_depth;
	size_t rec_base;
	char bucket[128];
	const char *problem;
	struct tree_leaf leaves[TREE_MAX_LEAVES];
	size_t nleaves;
	char *arena;
	size_t used, cap;
	uint64_t entries;

	/* context */
	struct ctx_leaf ctx[CTX_MAX];
	size_t nctx;
	char *ctx_arena;
	size_t ctx_used, ctx_cap;

	/* zipped columns */
	struct column cols[MAX_COLUMNS];
	char *col_arena;
	size_t col_used, col_cap;
	int owner_depth;                /* the map holding them, or -1 */
};

/* ==== memory ==== */

static int
grow(char **buf, size_t *cap, size_t need, struct err *e)
{
	size_t c = *cap ? *cap : 1024;
	char *nb;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	if ((nb = realloc(*buf, c)) == NULL)
		return err_nomem(e);
	*buf = nb;
	*cap = c;
	return 0;
}

/* Copy n bytes and a NUL into an arena; *off gets their place. */
static int
put(char **arena, size_t *used, size_t *cap, const char *s, size_t n,
    size_t *off, struct err *e)
{
	if (grow(arena, cap, *used + n + 1, e) != 0)
		return e->code;
	if (n > 0)
		memcpy(*arena + *used, s, n);
	(*arena)[*used + n] = '\0';
	*off = *used;
	*used += n + 1;
	return 0;
}

int
tree_new(struct tree **tp, const struct tree_config *c,
         const struct tree_sink *sink, struct err *e)
{
	struct tree *t = calloc(1, sizeof *t);
	const char *rp = c->records ? c->records : "";

	*tp = t;
	if (t == NULL)
		return err_nomem(e);
	t->sink = *sink;
	t->e = e;
	t->depth = -1;
	t->rec_depth = -1;
	t->owner_depth = -1;
	t->keep = c->keep;
	t->colnames = c->columns;
	while (t->colnames && t->colnames[t->ncols] && t->ncols < MAX_COLUMNS)
		t->ncols++;
	while (*rp && t->nsegs < MAX_SEGS) {
		size_t l = strcspn(rp, ".");
		if ((t->segs[t->nsegs] = malloc(l + 1)) == NULL)
			return err_nomem(e);
		memcpy(t->segs[t->nsegs], rp, l);
		t->segs[t->nsegs++][l] = '\0';
		rp += l + (rp[l] == '.');
	}
	if (grow(&t->path, &t->path_cap, 256, e) != 0 ||
	    grow(&t->key, &t->key_cap, 256, e) != 0)
		return e->code;
	t->path[0] = '\0';
	return 0;
}

void
tree_free(struct tree *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->nsegs; i++)
		free(t->segs[i]);
	for (size_t i = 0; i < MAX_COLUMNS; i++) {
		free(t->cols[i].off);
		free(t->cols[i].len);
		free(t->cols[i].kind);
	}
	free(t->path);
	free(t->key);
	free(t->arena);
	free(t->ctx_arena);
	free(t->col_arena);
	free(t);
}

uint64_t
tree_entries(const struct tree *t)
{
	return t->entries;
}

/* ==== the path ==== */

/* The segment a new value gets from its parent (the pending key or the
 * array index) is appended to the path; false when the path would pass
 * TREE_MAX_PATH (nothing is appended then). */
static bool
push_segment(struct tree *t, size_t *seg_start)
{
	char num[24];
	const char *s = num;
	size_t n;
	struct frame *parent = t->depth >= 0 ? &t->stack[t->depth] : NULL;

	*seg_start = t->path_len;
	if (parent == NULL)
		return true;            /* the top-level value has no segment */
	if (parent->array) {
		n = (size_t)snprintf(num, sizeof num, "%zu", parent->index);
	} else {
		if (t->key_over)
			return false;
		s = t->key;
		n = t->key_len;
	}
	if (t->path_len + 1 + n > TREE_MAX_PATH)
		return false;
	if (grow(&t->path, &t->path_cap, t->path_len + n + 2, t->e) != 0)
		return false;
	if (t->path_len > 0)
		t->path[t->path_len++] = '.';
	*seg_start = t->path_len;
	memcpy(t->path + t->path_len, s, n);
	t->path_len += n;
	t->path[t->path_len] = '\0';
	return true;
}

/* Is the value about to be pushed (at depth + 1) on the record path? */
static bool
on_record_path(const struct tree *t, size_t seg_start)
{
	const struct frame *parent;
	size_t d = (size_t)(t->depth + 1);

	if (t->depth < 0)
		return true;
	parent = &t->stack[t->depth];
	if (!parent->on_record_path || d > t->nsegs || d == 0)
		return false;
	return strcmp(t->segs[d - 1], "*") == 0 ||
	       strcmp(t->segs[d - 1], t->path + seg_start) == 0;
}

static void
pop_path(struct tree *t, size_t len)
{
	t->path_len = len;
	t->path[len] = '\0';
}

/* ==== records ==== */

static bool
kept(const struct tree *t, const char *rel)
{
	if (t->keep == NULL)
		return true;
	for (size_t i = 0; t->keep[i] != NULL; i++) {
		size_t n = strlen(t->keep[i]);
		if (strncmp(rel, t->keep[i], n) == 0 &&
		    (t->keep[i][n - 1] == '.' || rel[n] == '\0'))
			return true;
	}
	return false;
}

static int
record_leaf(struct tree *t, enum leaf_kind k, const char *v, size_t n,
            bool path_ok)
{
	size_t rel = t->rec_base + (t->rec_base > 0 ? 1 : 0);
	struct tree_leaf *l;
	size_t poff, voff;
	bool too_long = n > TREE_MAX_VALUE;

	if (!path_ok) {
		t->problem = "a key path is longer than 65536 bytes";
		return 0;
	}
	if (t->nleaves == TREE_MAX_LEAVES || !kept(t, t->path + rel))
		return 0;
	if (put(&t->arena, &t->used, &t->cap, t->path + rel, t->path_len - rel,
	        &poff, t->e) != 0 ||
	    put(&t->arena, &t->used, &t->cap, too_long ? "" : v,
	        too_long ? 0 : n, &voff, t->e) != 0)
		return t->e->code;
	l = &t->leaves[t->nleaves++];
	/* offsets for now: the arena may still move */
	l->path = (const char *)(uintptr_t)poff;
	l->path_len = t->path_len - rel;
	l->val = (const char *)(uintptr_t)voff;
	l->len = too_long ? 0 : n;
	l->kind = k;
	l->too_long = too_long;
	return 0;
}

static int
finish_record(struct tree *t)
{
	struct tree_record r;

	for (size_t i = 0; i < t->nleaves; i++) {
		t->leaves[i].path = t->arena + (uintptr_t)t->leaves[i].path;
		t->leaves[i].val = t->arena + (uintptr_t)t->leaves[i].val;
	}
	r.leaves = t->leaves;
	r.n = t->nleaves;
	r.entry = ++t->entries;
	r.bucket = t->bucket;
	r.problem = t->problem;
	t->rec_depth = -1;
	return t->sink.record(t->sink.ctx, &r);
}

static void
record_open(struct tree *t)
{
	struct frame *f = &t->stack[t->depth];

	t->rec_depth = t->depth;
	t->rec_base = t->path_len;
	t->nleaves = 0;
	t->used = 0;
	t->problem = NULL;
	t->bucket[0] = '\0';
	/* the key above the record's array: GuideLLM files its requests
	 * under successful/errored/incomplete */
	if (t->depth >= 2) {
		const struct frame *arr = &t->stack[t->depth - 1];
		size_t l = f->path_len - arr->seg;
		if (arr->array && f->path_len >= arr->seg)
			snprintf(t->bucket, sizeof t->bucket, "%.*s",
			         (int)(l < sizeof t->bucket - 1 ? l
			               : sizeof t->bucket - 1), t->path + arr->seg);
	}
}

/* A value at the place of a record that is not a map. */
static bool
where_records_are(const struct tree *t, bool on)
{
	return on && t->rec_depth < 0 && (size_t)(t->depth + 1) == t->nsegs &&
	       t->owner_depth < 0 && t->ncols == 0;
}

static int
not_a_record(struct tree *t, const char *what)
{
	t->entries++;
	return t->sink.not_record(t->sink.ctx, t->entries, what);
}

/* ==== context ==== */

static int
context_leaf(struct tree *t, enum leaf_kind k, const char *v, size_t n)
{
	struct ctx_leaf *c;

	if (t->nctx == CTX_MAX || n > CTX_MAX_VALUE || t->depth >= CTX_MAX_DEPTH)
		return 0;
	c = &t->ctx[t->nctx];
	if (put(&t->ctx_arena, &t->ctx_used, &t->ctx_cap, t->path, t->path_len,
	        &c->path, t->e) != 0 ||
	    put(&t->ctx_arena, &t->ctx_used, &t->ctx_cap, v, n, &c->val,
	        t->e) != 0)
		return t->e->code;
	c->path_len = t->path_len;
	c->len = n;
	c->kind = k;
	t->nctx++;
	return 0;
}

static void
context_drop(struct tree *t, size_t mark)
{
	if (mark < t->nctx) {
		t->nctx = mark;
		t->ctx_used = mark ? t->ctx[mark - 1].val + t->ctx[mark - 1].len + 1
		                   : 0;
	}
}

/* Does path match pattern, segment by segment, '*' matching one? */
static bool
path_matches(const char *path, const char *pat)
{
	while (*pat && *path) {
		size_t pl = strcspn(pat, "."), sl = strcspn(path, ".");
		if (!(pl == 1 && pat[0] == '*') &&
		    (pl != sl || memcmp(pat, path, pl) != 0))
			return false;
		pat += pl;
		path += sl;
		if (*pat != *path)
			return false;
		if (*pat == '.') {
			pat++;
			path++;
		}
	}
	return *pat == '\0' && *path == '\0';
}

bool
tree_context(const struct tree *t, const char *pattern, struct tree_leaf *out)
{
	for (size_t i = t->nctx; i-- > 0;) {
		const struct ctx_leaf *c = &t->ctx[i];
		if (path_matches(t->ctx_arena + c->path, pattern)) {
			out->path = t->ctx_arena + c->path;
			out->path_len = c->path_len;
			out->val = t->ctx_arena + c->val;
			out->len = c->len;
			out->kind = c->kind;
			out->too_long = false;
			return true;
		}
	}
	return false;
}

/* ==== zipped columns ==== */

static int
column_of(const struct tree *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->colnames[i], name) == 0)
			return (int)i;
	return -1;
}

static int
column_add(struct tree *t, int c, enum leaf_kind k, const char *v, size_t n)
{
	struct column *col = &t->cols[c];
	size_t off;

	if (col->n == col->cap) {
		size_t cap = col->cap ? col->cap * 2 : 256;
		size_t *no = realloc(col->off, cap * sizeof *no);
		if (no == NULL)
			return err_nomem(t->e);
		col->off = no;
		size_t *nl = realloc(col->len, cap * sizeof *nl);
		if (nl == NULL)
			return err_nomem(t->e);
		col->len = nl;
		enum leaf_kind *nk = realloc(col->kind, cap * sizeof *nk);
		if (nk == NULL)
			return err_nomem(t->e);
		col->kind = nk;
		col->cap = cap;
	}
	if (n > TREE_MAX_VALUE)
		n = 0;                  /* kept as "", and only texts can be long */
	if (put(&t->col_arena, &t->col_used, &t->col_cap, v, n, &off, t->e) != 0)
		return t->e->code;
	col->off[col->n] = off;
	col->len[col->n] = n;
	col->kind[col->n++] = k;
	return 0;
}

/* The map holding the columns closed: one record per index. */
static int
columns_zip(struct tree *t)
{
	size_t n = 0, longest = 0;
	int rc = 0;

	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].n > n) {
			n = t->cols[c].n;
			longest = c;
		}
	for (size_t c = 0; c < t->ncols; c++)
		if (t->cols[c].n != 0 && t->cols[c].n != n)
			return err_set(t->e, ERR_DATA, "%s has %zu values but %s has "
			               "%zu: they cannot be paired",
			               t->colnames[longest], n, t->colnames[c],
			               t->cols[c].n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct tree_record r;
		size_t k = 0;
		for (size_t c = 0; c < t->ncols; c++) {
			struct tree_leaf *l = &t->leaves[k];
			if (t->cols[c].n == 0)
				continue;
			l->path = t->colnames[c];
			l->path_len = strlen(t->colnames[c]);
			l->val = t->col_arena + t->cols[c].off[i];
			l->len = t->cols[c].len[i];
			l->kind = t->cols[c].kind[i];
			l->too_long = false;
			k++;
		}
		r.leaves = t->leaves;
		r.n = k;
		r.entry = ++t->entries;
		r.bucket = "";
		r.problem = NULL;
		rc = t->sink.record(t->sink.ctx, &r);
	}
	for (size_t c = 0; c < t->ncols; c++)
		t->cols[c].n = 0;
	t->col_used = 0;
	return rc;
}

/* ==== events ==== */

static int
ev_scalar(void *ctx, enum leaf_kind k, const char *v, size_t n)
{
	struct tree *t = ctx;
	size_t saved = t->path_len, seg;
	bool ok = push_segment(t, &seg), on = ok && on_record_path(t, seg);
	int rc = 0;

	if (t->depth >= 0 && t->stack[t->depth].array)
		t->stack[t->depth].index++;
	if (t->rec_depth >= 0)
		rc = record_leaf(t, k, v, n, ok);
	else if (t->depth >= 0 && t->stack[t->depth].column >= 0)
		rc = column_add(t, t->stack[t->depth].column, k, v, n);
	else if (where_records_are(t, on)) {
		static const char *const kinds[] = {"a string", "a number", "true",
		                                    "false", "null"};
		rc = not_a_record(t, kinds[k]);
	} else if (ok)
		rc = context_leaf(t, k, v, n);
	pop_path(t, saved);
	if (rc == 0 && t->depth < 0 && t->sink.value_end)
		rc = t->sink.value_end(t->sink.ctx);
	return rc;
}

static int
open_frame(struct tree *t, bool array)
{
	size_t saved = t->path_len, seg;
	bool ok, on;
	struct frame *f;
	int column = -1;

	if (t->depth + 1 >= TREE_MAX_DEPTH)
		return err_set(t->e, ERR_DATA, "nesting deeper than %d levels",
		               TREE_MAX_DEPTH);
	ok = push_segment(t, &seg);
	on = ok && on_record_path(t, seg);
	if (t->depth >= 0 && t->stack[t->depth].array)
		t->stack[t->depth].index++;
	/* a column array: directly in a map near the top */
	if (array && ok && t->ncols > 0 && t->rec_depth < 0 && t->depth >= 0 &&
	    t->depth <= 1 && !t->stack[t->depth].array &&
	    (column = column_of(t, t->path + seg)) >= 0) {
		if (t->owner_depth >= 0 && t->owner_depth != t->depth)
			column = -1;    /* columns of two maps at once: ignore */
		else {
			t->owner_depth = t->depth;
			t->stack[t->depth].column_owner = true;
		}
	}
	f = &t->stack[++t->depth];
	f->array = array;
	f->index = 0;
	f->path_len = saved;
	f->seg = seg;
	f->on_record_path = on;
	f->column = column;
	f->column_owner = false;
	f->ctx_mark = t->nctx;
	if (!ok) {
		t->path_over = true;
		if (t->rec_depth >= 0)
			t->problem = "a key path is longer than 65536 bytes";
	}
	if (!array && t->rec_depth < 0 && on && ok && t->ncols == 0 &&
	    (size_t)t->depth == t->nsegs)
		record_open(t);
	else if (array && t->rec_depth < 0 && on && ok && t->ncols == 0 &&
	         (size_t)t->depth == t->nsegs)
		return not_a_record(t, "an array");
	return 0;
}

static int
close_frame(struct tree *t)
{
	struct frame *f = &t->stack[t->depth];
	int rc = 0;

	if (t->rec_depth == t->depth)
		rc = finish_record(t);
	if (rc == 0 && f->column_owner && t->owner_depth == t->depth) {
		rc = columns_zip(t);
		t->owner_depth = -1;
	}
	/* the end of a top-level value is told while its context is there */
	if (rc == 0 && t->depth == 0 && t->sink.value_end)
		rc = t->sink.value_end(t->sink.ctx);
	if (f->on_record_path || t->depth == 0)
		context_drop(t, f->ctx_mark);
	pop_path(t, f->path_len);
	t->depth--;
	return rc;
}

static int ev_map_start(void *ctx) { return open_frame(ctx, false); }
static int ev_array_start(void *ctx) { return open_frame(ctx, true); }
static int ev_end(void *ctx) { return close_frame(ctx); }

static int
ev_map_key(void *ctx, const char *k, size_t n)
{
	struct tree *t = ctx;

	t->key_over = n > TREE_MAX_PATH;
	if (t->key_over)
		return 0;
	if (grow(&t->key, &t->key_cap, n + 1, t->e) != 0)
		return t->e->code;
	memcpy(t->key, k, n);
	t->key[n] = '\0';
	t->key_len = n;
	return 0;
}

struct tree_events
tree_events_of(struct tree *t)
{
	struct tree_events ev = {ev_map_start, ev_map_key, ev_end,
	                         ev_array_start, ev_end, ev_scalar, t};
	return ev;
}

const struct tree_leaf *
tree_leaf_get(const struct tree_record *r, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < r->n; i++)
		if (r->leaves[i].path_len == n &&
		    memcmp(r->leaves[i].path, path, n) == 0)
			return &r->leaves[i];
	return NULL;
}
