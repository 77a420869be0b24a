/*
 * trace.c — the columnar trace table, its string pool and its cell index.
 *
 * Strings live in an arena of large blocks (no per-string malloc) and are
 * found again through an open-addressing hash of their ids; cells (tuples of
 * string ids) are indexed the same way.  Both tables stay at most half full.
 */
#include "trace.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK (64u * 1024u)
#define HASH_EMPTY UINT32_MAX

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	char data[];
};

struct trace_private {
	struct arena_block *arena;
	/* strings */
	char **str;
	uint32_t *len;
	size_t nstr, strcap;
	uint32_t *strhash;      /* slots hold string ids */
	size_t strslots;
	/* cells */
	uint32_t *cellhash;     /* slots hold cell ids */
	size_t cellslots;
	size_t cellcap;
};

/* FNV-1a: simple, and good enough for a few thousand short keys. */
static uint64_t
hash_bytes(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define HASH_SEED 14695981039346656037ULL

struct trace *
trace_new(void)
{
	struct trace *t = calloc(1, sizeof *t);

	if (t == NULL)
		return NULL;
	t->priv = calloc(1, sizeof *t->priv);
	if (t->priv == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

static void
source_free(struct trace_source *s)
{
	free(s->path);
	for (size_t i = 0; i < s->nkept; i++)
		free(s->kept[i].reason);
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->error);
}

void
trace_free(struct trace *t)
{
	if (t == NULL)
		return;
	free(t->ttft);
	free(t->start);
	free(t->cell);
	free(t->line);
	free(t->status);
	free(t->e2e);
	free(t->in_tokens);
	for (size_t i = 0; i < t->nkeys; i++)
		free(t->keyname[i]);
	free(t->cells);
	free(t->cell_rejected);
	for (size_t i = 0; i < t->nsources; i++)
		source_free(&t->sources[i]);
	free(t->sources);
	if (t->priv != NULL) {
		struct arena_block *b = t->priv->arena;
		while (b != NULL) {
			struct arena_block *next = b->next;
			free(b);
			b = next;
		}
		free(t->priv->str);
		free(t->priv->len);
		free(t->priv->strhash);
		free(t->priv->cellhash);
		free(t->priv);
	}
	free(t);
}

/* ==== sources and keys ==== */

int
trace_source_add(struct trace *t, const char *path, uint16_t *src,
                 struct err *e)
{
	struct trace_source *grown;
	char *copy;

	if (t->nsources >= TRACE_MAX_SOURCES)
		return err_set(e, ERR_USAGE, "too many input files (at most %d)",
		               TRACE_MAX_SOURCES);
	grown = realloc(t->sources, (t->nsources + 1) * sizeof *grown);
	if (grown == NULL)
		return err_nomem(e);
	t->sources = grown;
	copy = strdup(path);
	if (copy == NULL)
		return err_nomem(e);
	memset(&t->sources[t->nsources], 0, sizeof *grown);
	t->sources[t->nsources].path = copy;
	t->sources[t->nsources].format = "csv";
	t->sources[t->nsources].first_row = t->n;
	*src = (uint16_t)t->nsources++;
	return 0;
}

int
trace_key_find(const struct trace *t, const char *name)
{
	for (size_t i = 0; i < t->nkeys; i++)
		if (strcmp(t->keyname[i], name) == 0)
			return (int)i;
	return -1;
}

int
trace_key_find_or_add(struct trace *t, const char *name, size_t *idx,
                      struct err *e)
{
	int found = trace_key_find(t, name);

	if (found >= 0) {
		*idx = (size_t)found;
		return 0;
	}
	if (t->nkeys >= TRACE_MAX_KEYS)
		return err_set(e, ERR_USAGE, "too many group keys (at most %d)",
		               TRACE_MAX_KEYS);
	t->keyname[t->nkeys] = strdup(name);
	if (t->keyname[t->nkeys] == NULL)
		return err_nomem(e);
	*idx = t->nkeys++;
	return 0;
}

/* ==== string pool ==== */

static char *
arena_alloc(struct trace_private *p, size_t n)
{
	struct arena_block *b = p->arena;

	if (b == NULL || b->size - b->used < n) {
		size_t size = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof *b + size);
		if (b == NULL)
			return NULL;
		b->size = size;
		b->used = 0;
		/* A large one-off string goes behind the current block so the
		 * current block keeps serving small strings. */
		if (n > ARENA_BLOCK && p->arena != NULL) {
			b->next = p->arena->next;
			p->arena->next = b;
		} else {
			b->next = p->arena;
			p->arena = b;
		}
	}
	b->used += n;
	return b->data + b->used - n;
}

static int
strhash_grow(struct trace_private *p)
{
	size_t slots = p->strslots ? p->strslots * 2 : 64;
	uint32_t *h = malloc(slots * sizeof *h);

	if (h == NULL)
		return -1;
	memset(h, 0xff, slots * sizeof *h);
	for (size_t id = 0; id < p->nstr; id++) {
		size_t i = hash_bytes(p->str[id], p->len[id], HASH_SEED) & (slots - 1);
		while (h[i] != HASH_EMPTY)
			i = (i + 1) & (slots - 1);
		h[i] = (uint32_t)id;
	}
	free(p->strhash);
	p->strhash = h;
	p->strslots = slots;
	return 0;
}

int
trace_str_intern(struct trace *t, const char *s, size_t len, uint32_t *id,
                 struct err *e)
{
	struct trace_private *p = t->priv;
	size_t i;
	char *copy;

	if (len >= UINT32_MAX)
		return err_set(e, ERR_DATA, "key value too long");
	if (2 * (p->nstr + 1) > p->strslots && strhash_grow(p) != 0)
		return err_nomem(e);
	i = hash_bytes(s, len, HASH_SEED) & (p->strslots - 1);
	while (p->strhash[i] != HASH_EMPTY) {
		uint32_t cand = p->strhash[i];
		if (p->len[cand] == len && memcmp(p->str[cand], s, len) == 0) {
			*id = cand;
			return 0;
		}
		i = (i + 1) & (p->strslots - 1);
	}
	if (p->nstr >= TRACE_NONE - 1)
		return err_set(e, ERR_DATA, "too many distinct key values");
	if (p->nstr == p->strcap) {
		size_t cap = p->strcap ? p->strcap * 2 : 64;
		char **ns = realloc(p->str, cap * sizeof *ns);
		if (ns == NULL)
			return err_nomem(e);
		p->str = ns;
		uint32_t *nl = realloc(p->len, cap * sizeof *nl);
		if (nl == NULL)
			return err_nomem(e);
		p->len = nl;
		p->strcap = cap;
	}
	copy = arena_alloc(p, len + 1);
	if (copy == NULL)
		return err_nomem(e);
	memcpy(copy, s, len);
	copy[len] = '\0';
	p->str[p->nstr] = copy;
	p->len[p->nstr] = (uint32_t)len;
	p->strhash[i] = (uint32_t)p->nstr;
	*id = (uint32_t)p->nstr++;
	return 0;
}

const char *
trace_str(const struct trace *t, uint32_t id)
{
	if (id == TRACE_NONE || id >= t->priv->nstr)
		return NULL;
	return t->priv->str[id];
}

/* ==== cells ==== */

/* A tuple hash a word at a time (multiply-xorshift), not byte by byte:
 * every row looks its cell up. */
static size_t
cell_slot(const uint32_t key[TRACE_MAX_KEYS], size_t slots)
{
	uint64_t h = HASH_SEED;

	for (size_t k = 0; k < TRACE_MAX_KEYS; k++) {
		h = (h ^ key[k]) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return (size_t)h & (slots - 1);
}

static int
cellhash_grow(struct trace *t)
{
	struct trace_private *p = t->priv;
	size_t slots = p->cellslots ? p->cellslots * 2 : 32;
	uint32_t *h = malloc(slots * sizeof *h);

	if (h == NULL)
		return -1;
	memset(h, 0xff, slots * sizeof *h);
	for (size_t c = 0; c < t->ncells; c++) {
		size_t i = cell_slot(t->cells[c].key, slots);
		while (h[i] != HASH_EMPTY)
			i = (i + 1) & (slots - 1);
		h[i] = (uint32_t)c;
	}
	free(p->cellhash);
	p->cellhash = h;
	p->cellslots = slots;
	return 0;
}

int
trace_cell_intern(struct trace *t, const uint32_t key[TRACE_MAX_KEYS],
                  uint32_t *cell, struct err *e)
{
	struct trace_private *p = t->priv;
	size_t i;

	if (2 * (t->ncells + 1) > p->cellslots && cellhash_grow(t) != 0)
		return err_nomem(e);
	i = cell_slot(key, p->cellslots);
	while (p->cellhash[i] != HASH_EMPTY) {
		uint32_t c = p->cellhash[i];
		if (memcmp(t->cells[c].key, key,
		           TRACE_MAX_KEYS * sizeof key[0]) == 0) {
			*cell = c;
			return 0;
		}
		i = (i + 1) & (p->cellslots - 1);
	}
	if (t->ncells == p->cellcap) {
		size_t cap = p->cellcap ? p->cellcap * 2 : 16;
		struct trace_cell *nc = realloc(t->cells, cap * sizeof *nc);
		uint64_t *nr;
		if (nc == NULL)
			return err_nomem(e);
		t->cells = nc;
		nr = realloc(t->cell_rejected, cap * sizeof *nr);
		if (nr == NULL)
			return err_nomem(e);
		t->cell_rejected = nr;
		p->cellcap = cap;
	}
	t->cell_rejected[t->ncells] = 0;
	memcpy(t->cells[t->ncells].key, key, TRACE_MAX_KEYS * sizeof key[0]);
	p->cellhash[i] = (uint32_t)t->ncells;
	*cell = (uint32_t)t->ncells++;
	return 0;
}

/* ==== rows ==== */

#define GROW_COLUMN(col, cap)                                              \
	do {                                                               \
		void *np_ = realloc(t->col, (cap) * sizeof *t->col);       \
		if (np_ == NULL)                                           \
			return err_nomem(e);                               \
		t->col = np_;                                              \
	} while (0)

static int
rows_grow(struct trace *t, struct err *e)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;

	/* Each column is grown before cap changes, so a failure part-way
	 * leaves some columns larger than needed but never smaller. */
	GROW_COLUMN(ttft, cap);
	GROW_COLUMN(start, cap);
	GROW_COLUMN(cell, cap);
	if (!t->no_lines)
		GROW_COLUMN(line, cap);
	GROW_COLUMN(status, cap);
	if (t->e2e != NULL)
		GROW_COLUMN(e2e, cap);
	if (t->in_tokens != NULL)
		GROW_COLUMN(in_tokens, cap);
	t->cap = cap;
	return 0;
}

/* An audit column, made when its first value comes (NaN before). */
static int
audit_column(struct trace *t, float **col, struct err *e)
{
	if (*col != NULL)
		return 0;
	if ((*col = malloc((t->cap ? t->cap : 1) * sizeof **col)) == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < t->cap; i++)
		(*col)[i] = NAN;
	return 0;
}

void
trace_drop_lines(struct trace *t)
{
	free(t->line);
	t->line = NULL;
	t->no_lines = true;
}

int
trace_append(struct trace *t, const struct trace_row *r, struct err *e)
{
	size_t i;

	if (t->n == t->cap && rows_grow(t, e) != 0)
		return e->code;
	i = t->n++;
	t->ttft[i] = r->ok ? r->ttft : NAN;
	t->start[i] = r->start;
	t->cell[i] = r->cell;
	if (t->line != NULL)
		t->line[i] = r->line > UINT32_MAX ? UINT32_MAX : (uint32_t)r->line;
	t->status[i] = r->status;
	if ((isfinite(r->e2e) && audit_column(t, &t->e2e, e) != 0) ||
	    (isfinite(r->in_tokens) && audit_column(t, &t->in_tokens, e) != 0)) {
		t->n--;
		return e->code;
	}
	if (t->e2e != NULL)
		t->e2e[i] = isfinite(r->e2e) ? (float)r->e2e : NAN;
	if (t->in_tokens != NULL)
		t->in_tokens[i] = isfinite(r->in_tokens) ? (float)r->in_tokens : NAN;
	return 0;
}

uint16_t
trace_row_source(const struct trace *t, size_t row)
{
	size_t lo = 0, hi = t->nsources;

	/* the last source whose first row is at or before row */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->sources[mid].first_row <= row)
			lo = mid;
		else
			hi = mid;
	}
	return (uint16_t)lo;
}

void
trace_cell_reject(struct trace *t, uint32_t cell)
{
	if (cell < t->ncells)
		t->cell_rejected[cell]++;
}

void
trace_source_rollback(struct trace *t, uint16_t src)
{
	struct trace_source *s = &t->sources[src];

	if (s->first_row < t->n)
		t->n = s->first_row;
	s->accepted = 0;
}

int
trace_source_fail(struct trace *t, uint16_t src, int code, const char *msg,
                  struct err *e)
{
	struct trace_source *s = &t->sources[src];

	trace_source_rollback(t, src);
	free(s->error);
	if ((s->error = strdup(msg)) == NULL)
		return err_nomem(e);
	s->error_code = code;
	return 0;
}

int
trace_source_late_key(struct trace *t, uint16_t src, size_t key,
                      const char *val, size_t len, struct err *e)
{
	size_t from = t->sources[src].first_row, ncells = t->ncells;
	uint32_t id, *map;

	if (key >= TRACE_MAX_KEYS)
		return 0;
	if (trace_str_intern(t, val, len, &id, e) != 0)
		return e->code;
	/* each old cell maps to its new one, computed once */
	if ((map = malloc((ncells ? ncells : 1) * sizeof *map)) == NULL)
		return err_nomem(e);
	for (size_t c = 0; c < ncells; c++)
		map[c] = UINT32_MAX;
	for (size_t r = from; r < t->n; r++) {
		uint32_t c = t->cell[r];
		if (t->cells[c].key[key] != TRACE_NONE)
			continue;
		if (c < ncells && map[c] == UINT32_MAX) {
			uint32_t k[TRACE_MAX_KEYS];
			memcpy(k, t->cells[c].key, sizeof k);
			k[key] = id;
			if (trace_cell_intern(t, k, &map[c], e) != 0) {
				free(map);
				return e->code;
			}
		}
		if (c < ncells)
			t->cell[r] = map[c];
	}
	free(map);
	return 0;
}

/* ==== one input read in parts ==== */

/* from's string id as one of t's */
static int
str_into(struct trace *t, const struct trace *from, uint32_t id, uint32_t *out,
         struct err *e)
{
	if (id == TRACE_NONE) {
		*out = TRACE_NONE;
		return 0;
	}
	return trace_str_intern(t, from->priv->str[id], from->priv->len[id], out,
	                        e);
}

/* from's audit column (NULL: none) after t's rows: made in t when from
 * has one, NaN where from has none */
static int
audit_into(struct trace *t, float **col, const float *part, size_t n,
           struct err *e)
{
	if (part != NULL && audit_column(t, col, e) != 0)
		return e->code;
	for (size_t i = 0; *col != NULL && i < n; i++)
		(*col)[t->n + i] = part ? part[i] : NAN;
	return 0;
}

/* rows worth a second thread (a thread costs tens of microseconds; the
 * tests' parts of a few hundred rows take this way too) */
#define MERGE_THREADED_N 64

/* Rows lo..hi of from, after t's (t->n not yet moved). */
struct merge_rows {
	struct trace *t;
	const struct trace *from;
	const uint32_t *cellmap;
	uint64_t line_offset;
	size_t lo, hi;
};

static void *
merge_run(void *arg)
{
	const struct merge_rows *m = arg;
	struct trace *t = m->t;
	const struct trace *from = m->from;
	size_t lo = m->lo, k = m->hi - m->lo, at = t->n + lo;

	memcpy(t->ttft + at, from->ttft + lo, k * sizeof *t->ttft);
	memcpy(t->start + at, from->start + lo, k * sizeof *t->start);
	memcpy(t->status + at, from->status + lo, k * sizeof *t->status);
	for (size_t i = lo; i < m->hi; i++)
		t->cell[t->n + i] = m->cellmap[from->cell[i]];
	for (size_t i = lo; t->line != NULL && i < m->hi; i++) {
		uint64_t l = from->line ? from->line[i] + m->line_offset
		                        : UINT32_MAX;
		t->line[t->n + i] = l > UINT32_MAX ? UINT32_MAX : (uint32_t)l;
	}
	return NULL;
}

int
trace_source_merge(struct trace *t, uint16_t src, struct trace *from,
                   uint64_t line_offset, struct err *e)
{
	struct trace_source *s = &t->sources[src], *f = &from->sources[0];
	size_t keyat[TRACE_MAX_KEYS];
	uint32_t *cellmap = malloc((from->ncells ? from->ncells : 1) *
	                           sizeof *cellmap);
	int rc = 0;

	if (cellmap == NULL)
		return err_nomem(e);
	for (size_t k = 0; k < from->nkeys; k++)
		if ((rc = trace_key_find_or_add(t, from->keyname[k], &keyat[k],
		                                e)) != 0)
			goto out;
	/* cells in from's order, which is the order in which they first
	 * came: what one reader would have interned after src's first part */
	for (size_t c = 0; c < from->ncells; c++) {
		uint32_t key[TRACE_MAX_KEYS];
		for (size_t k = 0; k < TRACE_MAX_KEYS; k++)
			key[k] = TRACE_NONE;
		for (size_t k = 0; k < from->nkeys; k++)
			if ((rc = str_into(t, from, from->cells[c].key[k],
			                   &key[keyat[k]], e)) != 0)
				goto out;
		if ((rc = trace_cell_intern(t, key, &cellmap[c], e)) != 0)
			goto out;
		t->cell_rejected[cellmap[c]] += from->cell_rejected[c];
	}
	while (t->cap < t->n + from->n)
		if ((rc = rows_grow(t, e)) != 0)
			goto out;
	if ((rc = audit_into(t, &t->e2e, from->e2e, from->n, e)) != 0 ||
	    (rc = audit_into(t, &t->in_tokens, from->in_tokens, from->n, e)) != 0)
		goto out;
	{
		/* a large part's rows are copied on two threads: the copy (and
		 * the faults of the pages it fills) is the one step of the
		 * reading that is not done in parts */
		struct merge_rows half[2] = {
			{t, from, cellmap, line_offset, 0, from->n / 2},
			{t, from, cellmap, line_offset, from->n / 2, from->n}};
		pthread_t th;
		bool two = from->n >= MERGE_THREADED_N &&
		           pthread_create(&th, NULL, merge_run, &half[1]) == 0;
		if (!two)
			half[0].hi = from->n;
		merge_run(&half[0]);
		if (two)
			pthread_join(th, NULL);
	}
	t->n += from->n;
	s->rows += f->rows;
	s->accepted += f->accepted;
	s->rejected += f->rejected;
	s->filtered += f->filtered;
	s->failures += f->failures;
	s->zero_ttft += f->zero_ttft;
	s->empty_ttft += f->empty_ttft;
	/* the first rejections of the whole input: src's, then from's */
	for (size_t i = 0; i < f->nkept && s->nkept < TRACE_REJECTIONS_KEPT;
	     i++) {
		s->kept[s->nkept].line = f->kept[i].line + line_offset;
		s->kept[s->nkept++].reason = f->kept[i].reason;
		f->kept[i].reason = NULL;
	}
	for (size_t i = 0; i < f->nnotes && rc == 0; i++)
		rc = trace_note(t, src, f->notes[i], e);
out:
	free(cellmap);
	return rc;
}

/* ==== diagnostics attached to sources ==== */

int
trace_reject(struct trace *t, uint16_t src, uint64_t line, const char *reason,
             struct err *e)
{
	struct trace_source *s = &t->sources[src];

	s->rejected++;
	if (s->nkept < TRACE_REJECTIONS_KEPT) {
		char *copy = strdup(reason);
		if (copy == NULL)
			return err_nomem(e);
		s->kept[s->nkept].line = line;
		s->kept[s->nkept].reason = copy;
		s->nkept++;
	}
	return 0;
}

int
trace_note(struct trace *t, uint16_t src, const char *note, struct err *e)
{
	struct trace_source *s = &t->sources[src];
	char *copy;

	for (size_t i = 0; i < s->nnotes; i++)
		if (strcmp(s->notes[i], note) == 0)
			return 0;
	if (s->nnotes == TRACE_NOTES_KEPT)
		return 0;
	copy = strdup(note);
	if (copy == NULL)
		return err_nomem(e);
	s->notes[s->nnotes++] = copy;
	return 0;
}

const char *
trace_source_name(const struct trace *t, uint16_t src)
{
	const char *p = t->sources[src].path;

	return strcmp(p, "-") == 0 ? "stdin" : p;
}

void
trace_where(const struct trace *t, uint16_t src, uint64_t line, char *buf,
            size_t size)
{
	if (t->sources[src].by_entry)
		snprintf(buf, size, "%s:entry %llu", trace_source_name(t, src),
		         (unsigned long long)line);
	else
		snprintf(buf, size, "%s:%llu", trace_source_name(t, src),
		         (unsigned long long)line);
}
