/*
 * result.c — the document and its arena.
 *
 * Building never fails half-way for the caller: an allocation that fails
 * marks the document (d->failed) and building goes on against a static
 * sink, so builders need not check every call; the command checks
 * d->failed once and reports ERR_NOMEM before anything is written.
 * Arrays that grow are copied within the arena (at most twice the room
 * they need); the documents are small beside the trace they describe,
 * and the one large table (classify's requests) is generated, not stored.
 */
#include "result.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "../ingest/utf8.h"

#define SINK_VALUES 512

struct block {
	struct block *next;
	size_t used, size;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct block *head;
};

static void *
arena_alloc(struct rdoc *d, size_t n)
{
	struct block *b = d->a->head;

	n = (n + 15) & ~(size_t)15;
	if (b == NULL || b->size - b->used < n) {
		size_t size = n > 65536 ? n : 65536;
		b = malloc(sizeof *b + size);
		if (b == NULL) {
			d->failed = true;
			return NULL;
		}
		b->size = size;
		b->used = 0;
		b->next = d->a->head;
		d->a->head = b;
	}
	b->used += n;
	memset(b->data + b->used - n, 0, n);
	return b->data + b->used - n;
}

/* Room for need elements in *p (capacity *cap), copying on growth. */
static bool
grow(struct rdoc *d, void **p, size_t *cap, size_t need, size_t elem)
{
	size_t cap2;
	void *np;

	if (need <= *cap)
		return true;
	cap2 = *cap ? *cap * 2 : 8;
	while (cap2 < need)
		cap2 *= 2;
	if ((np = arena_alloc(d, cap2 * elem)) == NULL)
		return false;
	if (*cap)
		memcpy(np, *p, *cap * elem);
	*p = np;
	*cap = cap2;
	return true;
}

struct rdoc *
rdoc_new(void)
{
	struct rdoc *d = calloc(1, sizeof *d);

	if (d == NULL)
		return NULL;
	if ((d->a = calloc(1, sizeof *d->a)) == NULL) {
		free(d);
		return NULL;
	}
	return d;
}

void
rdoc_free(struct rdoc *d)
{
	if (d == NULL)
		return;
	if (d->on_free != NULL)
		d->on_free(d->on_free_ctx);
	for (struct block *b = d->a->head, *next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(d->a);
	free(d);
}

const char *
rdoc_str(struct rdoc *d, const char *s)
{
	size_t n = strlen(s);
	char *p;

	/* well-formed UTF-8 from here on (a broken sequence as U+FFFD, each
	 * broken byte at most 3 bytes), so no writer needs a copy */
	if (utf8_valid(s, n)) {
		if ((p = arena_alloc(d, n + 1)) == NULL)
			return "";
		memcpy(p, s, n + 1);
		return p;
	}
	if ((p = arena_alloc(d, 3 * n + 1)) == NULL)
		return "";
	utf8_clean(p, 3 * n + 1, s, n, SIZE_MAX, 0, UTF8_KEEP_CTRL);
	return p;
}

const char *
rdoc_strf(struct rdoc *d, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(d, (size_t)n + 1)) == NULL)
		return "";
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static struct rpart *
new_part(struct rdoc *d, enum rpart_kind kind, const char *name,
         const char *title, unsigned formats)
{
	static struct rpart sink;
	struct rpart *p;

	if (!grow(d, (void **)&d->part, &d->capparts, d->nparts + 1,
	          sizeof *d->part)) {
		memset(&sink, 0, sizeof sink);
		return &sink;
	}
	p = &d->part[d->nparts++];
	p->kind = kind;
	p->name = name ? rdoc_str(d, name) : NULL;
	p->title = title ? rdoc_str(d, title) : NULL;
	p->formats = formats;
	return p;
}

void
rdoc_value(struct rdoc *d, const char *name, struct rval v, unsigned formats)
{
	new_part(d, RP_VALUE, name, NULL, formats)->v = v;
}

struct rtable *
rtable_new(struct rdoc *d, const char *name)
{
	static struct rtable sink;
	struct rtable *t = arena_alloc(d, sizeof *t);

	if (t == NULL) {
		memset(&sink, 0, sizeof sink);
		sink.doc = d;
		return &sink;
	}
	t->name = name ? rdoc_str(d, name) : NULL;
	t->doc = d;
	return t;
}

struct rtable *
rdoc_table(struct rdoc *d, const char *name, const char *title,
           unsigned formats)
{
	struct rpart *p = new_part(d, RP_TABLE, name, title, formats);

	p->t = rtable_new(d, name);
	return p->t;
}

struct rpart *
rdoc_lines(struct rdoc *d, const char *title, unsigned formats)
{
	return new_part(d, RP_LINES, NULL, title, formats);
}

void
rdoc_heading(struct rdoc *d, int level, const char *text, unsigned formats)
{
	struct rpart *p = new_part(d, RP_HEADING, NULL, text, formats);

	p->level = level;
}

void
rdoc_figure(struct rdoc *d, const char *file, const char *alt,
            const char *caption, const void *data, size_t len)
{
	struct rpart *p = new_part(d, RP_FIGURE, NULL, caption,
	                           RF_HUMAN | RF_HTML);
	unsigned char *copy = data ? arena_alloc(d, len + 1) : NULL;

	p->fig.file = rdoc_str(d, file);
	p->fig.alt = rdoc_str(d, alt);
	p->fig.caption = rdoc_str(d, caption);
	if (copy != NULL) {
		memcpy(copy, data, len);
		p->fig.data = copy;
		p->fig.len = len;
	}
}

void
rdoc_part_table(struct rdoc *d, const char *name, const char *title,
                unsigned formats, struct rtable *t)
{
	new_part(d, RP_TABLE, name, title, formats)->t = t;
}

void
rpart_line(struct rdoc *d, struct rpart *p, const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!grow(d, (void **)&p->lines, &p->caplines, p->nlines + 1,
	          sizeof *p->lines))
		return;
	p->lines[p->nlines++] = rdoc_str(d, buf);
}

void
rpart_item(struct rdoc *d, struct rpart *p, const char *label,
           const char *fmt, ...)
{
	va_list ap;
	char buf[2048];
	size_t k = p->nlines;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!grow(d, (void **)&p->labels, &p->caplabels, k + 1, sizeof *p->labels))
		return;
	rpart_line(d, p, "%s", buf);
	if (p->nlines == k + 1) {
		p->items = true;
		p->labels[k] = rdoc_str(d, label);
	}
}

void
rdoc_warn(struct rdoc *d, const char *cell, const char *msg)
{
	struct rwarn *w = NULL;

	for (size_t i = 0; i < d->nwarn && w == NULL; i++)
		if (strcmp(d->warn[i].msg, msg) == 0)
			w = &d->warn[i];
	if (w == NULL) {
		if (!grow(d, (void **)&d->warn, &d->capwarn, d->nwarn + 1,
		          sizeof *d->warn))
			return;
		w = &d->warn[d->nwarn++];
		w->msg = rdoc_str(d, msg);
	}
	if (!grow(d, (void **)&w->cells, &w->cap, w->ncells + 1,
	          sizeof *w->cells))
		return;
	w->cells[w->ncells++] = rdoc_str(d, cell);
}

struct rtable *
rtable_json(struct rdoc *d, const char *name, const char *const *keys,
            size_t n)
{
	struct rtable *t = rtable_new(d, name);

	for (size_t i = 0; i < n; i++) {
		const struct rcol c = {.json = keys[i], .show = RS_JSON};
		rtable_col(t, &c);
	}
	return t;
}

size_t
rtable_col(struct rtable *t, const struct rcol *c)
{
	struct rdoc *d = t->doc;
	struct rcol *n;

	if (t->nrows > 0 || t->ncols >= SINK_VALUES ||
	    !grow(d, (void **)&t->col, &t->capcols, t->ncols + 1, sizeof *t->col))
		return t->ncols;        /* columns come before rows */
	n = &t->col[t->ncols];
	*n = *c;
	n->head = c->head ? rdoc_str(d, c->head) : NULL;
	n->json = c->json ? rdoc_str(d, c->json) : NULL;
	n->json_key = c->json_key ? rdoc_str(d, c->json_key) : NULL;
	n->json2 = c->json2 ? rdoc_str(d, c->json2) : NULL;
	n->csv = c->csv ? rdoc_str(d, c->csv) : NULL;
	n->csv2 = c->csv2 ? rdoc_str(d, c->csv2) : NULL;
	return t->ncols++;
}

void
rtable_sections(struct rtable *t, const char *const *titles, size_t n)
{
	struct rdoc *d = t->doc;
	const char **s = arena_alloc(d, (n ? n : 1) * sizeof *s);

	if (s == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		s[i] = rdoc_str(d, titles[i] ? titles[i] : "");
	t->section = s;
	t->nsections = n;
}

struct rval *
rtable_row(struct rtable *t)
{
	static struct rval sink[SINK_VALUES];
	struct rdoc *d = t->doc;
	size_t cap = t->caprows * (t->ncols ? t->ncols : 1);

	/* after a failure a table may lack columns its builder will fill:
	 * from then on every row is the sink */
	if (d->failed || !grow(d, (void **)&t->v, &cap, (t->nrows + 1) * t->ncols,
	                       sizeof *t->v)) {
		memset(sink, 0, sizeof sink);
		return sink;
	}
	t->caprows = cap / (t->ncols ? t->ncols : 1);
	return &t->v[t->nrows++ * t->ncols];
}

const struct rval *
rtable_get(const struct rtable *t, size_t i, struct rval *out)
{
	if (t->gen != NULL) {
		for (size_t c = 0; c < t->ncols; c++)
			out[c].kind = RV_NULL;
		t->gen(t->gen_ctx, i, out);
		return out;
	}
	return &t->v[i * t->ncols];
}

size_t
rtable_nrows(const struct rtable *t)
{
	return t->gen != NULL ? t->ngen : t->nrows;
}

struct rval
rv_null(void)
{
	struct rval v;

	memset(&v, 0, sizeof v);
	v.kind = RV_NULL;
	return v;
}

struct rval
rv_bool(bool b)
{
	struct rval v = rv_null();

	v.kind = RV_BOOL;
	v.u.b = b;
	return v;
}

struct rval
rv_int(long long i)
{
	struct rval v = rv_null();

	v.kind = RV_INT;
	v.u.i = i;
	return v;
}

struct rval
rv_uint(unsigned long long i)
{
	struct rval v = rv_null();

	v.kind = RV_UINT;
	v.u.ui = i;
	return v;
}

struct rval
rv_num(double x)
{
	struct rval v = rv_null();

	if (isnan(x))
		return v;
	v.kind = RV_NUM;
	v.u.x = x;
	return v;
}

struct rval
rv_str(struct rdoc *d, const char *s)
{
	struct rval v = rv_null();

	if (s == NULL)
		return v;
	v.kind = RV_STR;
	v.u.s = rdoc_str(d, s);
	return v;
}

struct rval
rv_pair(double a, double b)
{
	struct rval v = rv_null();

	v.kind = RV_PAIR;
	v.u.pair[0] = a;
	v.u.pair[1] = b;
	return v;
}

struct rval
rv_table(struct rtable *t)
{
	struct rval v = rv_null();

	v.kind = RV_TABLE;
	v.u.table = t;
	return v;
}

struct rval
rv_list(struct rdoc *d, const char *const *items, size_t n)
{
	struct rval v = rv_null();
	const char **copy = arena_alloc(d, (n ? n : 1) * sizeof *copy);

	size_t len = 0, o = 0;
	char *joined;

	v.kind = RV_LIST;
	if (copy == NULL)
		return v;
	for (size_t i = 0; i < n; i++) {
		copy[i] = rdoc_str(d, items[i]);
		len += strlen(copy[i]) + 2;
	}
	/* the one-field form (CSV), made now: writers allocate nothing */
	if ((joined = arena_alloc(d, len + 1)) == NULL)
		return v;
	joined[0] = '\0';
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(joined + o, len + 1 - o, "%s%s", i ? "; " : "",
		                      copy[i]);
	v.u.list.items = copy;
	v.u.list.n = n;
	v.u.list.joined = joined;
	return v;
}

bool
rv_is_number(const struct rval *v)
{
	return (v->kind == RV_NUM && isfinite(v->u.x)) || v->kind == RV_INT ||
	       v->kind == RV_UINT;
}
