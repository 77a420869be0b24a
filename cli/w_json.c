/*
 * w_json.c — the document as one JSON object: each part a member, each
 * table an array of row objects whose nesting follows the columns' dotted
 * paths ("ttft_s.median" is member median of member ttft_s), an
 * RC_OBJECT column's null making its whole object null; then the merged
 * warnings.  Keys are SPEC.md's; none is renamed, more may be added.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "writers.h"

enum ntype { N_OBJ, N_NULLOBJ, N_LEAF };

struct node {
	const char *key;
	size_t klen;
	enum ntype type;
	const struct rval *v;
	int half;                       /* a pair's half, or -1: all of it */
	struct node *child, *last, *next;
};

struct pool {
	struct node *n;
	size_t used, cap;
};

static struct node *
node(struct pool *p, struct node *parent, const char *key, size_t klen,
     enum ntype type)
{
	struct node *n;

	for (n = parent->child; n != NULL; n = n->next)
		if (n->klen == klen && memcmp(n->key, key, klen) == 0)
			return n;
	if (p->used == p->cap)
		return NULL;
	n = &p->n[p->used++];
	memset(n, 0, sizeof *n);
	n->key = key;
	n->klen = klen;
	n->type = type;
	n->half = -1;
	if (parent->last)
		parent->last->next = n;
	else
		parent->child = n;
	parent->last = n;
	return n;
}

/* Put a value at path (dotted) + key (literal, may be NULL). */
static void
insert(struct pool *p, struct node *root, const char *path, const char *key,
       const struct rval *v, int half, bool object_marker)
{
	struct node *at = root;
	const char *s = path;

	for (;;) {
		const char *dot = strchr(s, '.');
		size_t len = dot ? (size_t)(dot - s) : strlen(s);
		bool last = dot == NULL && key == NULL;
		struct node *n;

		if (last) {
			if (object_marker) {
				n = node(p, at, s, len, N_OBJ);
				if (n != NULL && v->kind == RV_NULL)
					n->type = N_NULLOBJ;
				return;
			}
			if ((n = node(p, at, s, len, N_LEAF)) != NULL) {
				n->v = v;
				n->half = half;
			}
			return;
		}
		if ((n = node(p, at, s, len, N_OBJ)) == NULL || n->type != N_OBJ)
			return;         /* under a null object: not written */
		at = n;
		if (dot == NULL) {
			if ((n = node(p, at, key, strlen(key), N_LEAF)) != NULL) {
				n->v = v;
				n->half = half;
			}
			return;
		}
		s = dot + 1;
	}
}

static void write_rows(struct jw *w, const struct rtable *t, bool lines,
                       bool row_lines);

static void
leaf(struct jw *w, const struct rval *v, int half)
{
	switch (v->kind) {
	case RV_NULL: jw_null(w); break;
	case RV_BOOL: jw_bool(w, v->u.b); break;
	case RV_INT: jw_int(w, v->u.i); break;
	case RV_UINT: jw_uint(w, v->u.ui); break;
	case RV_NUM: jw_num(w, v->u.x); break;
	case RV_STR: jw_str(w, v->u.s); break;
	case RV_PAIR:
		if (half >= 0) {
			jw_num(w, v->u.pair[half]);
		} else if (rv_is_number(&(struct rval){.kind = RV_NUM,
		                                        .u.x = v->u.pair[0]}) &&
		           rv_is_number(&(struct rval){.kind = RV_NUM,
		                                        .u.x = v->u.pair[1]})) {
			jw_array(w, false);
			jw_num(w, v->u.pair[0]);
			jw_num(w, v->u.pair[1]);
			jw_end(w);
		} else {
			jw_null(w);
		}
		break;
	case RV_LIST:
		jw_array(w, false);
		for (size_t i = 0; i < v->u.list.n; i++)
			jw_str(w, v->u.list.items[i]);
		jw_end(w);
		break;
	case RV_TABLE:
		write_rows(w, v->u.table, true, false);
		break;
	}
}

static void
emit(struct jw *w, const struct node *n)
{
	char key[1024];

	for (const struct node *c = n->child; c != NULL; c = c->next) {
		size_t len = c->klen < sizeof key - 1 ? c->klen : sizeof key - 1;
		memcpy(key, c->key, len);
		key[len] = '\0';
		jw_key(w, key);
		if (c->type == N_NULLOBJ)
			jw_null(w);
		else if (c->type == N_LEAF)
			leaf(w, c->v, c->half);
		else {
			jw_object(w, false);
			emit(w, c);
			jw_end(w);
		}
	}
}

static void
row_object(struct jw *w, const struct rtable *t, const struct rval *row,
           bool lines)
{
	struct node nodes[1024], root;
	struct pool p = {nodes, 0, sizeof nodes / sizeof nodes[0]};

	memset(&root, 0, sizeof root);
	for (size_t c = 0; c < t->ncols; c++) {
		const struct rcol *col = &t->col[c];
		if (!(col->show & RS_JSON) || col->json == NULL)
			continue;
		if (col->json2 != NULL) {
			insert(&p, &root, col->json, col->json_key, &row[c], 0, false);
			insert(&p, &root, col->json2, NULL, &row[c], 1, false);
		} else {
			insert(&p, &root, col->json, col->json_key, &row[c], -1,
			       col->fmt == RC_OBJECT);
		}
	}
	jw_object(w, lines);
	emit(w, &root);
	jw_end(w);
}

static void
write_rows(struct jw *w, const struct rtable *t, bool lines, bool row_lines)
{
	struct rval buf[512];

	if (t->object) {
		if (rtable_nrows(t) > 0)
			row_object(w, t, rtable_get(t, 0, buf), row_lines);
		else
			jw_null(w);
		return;
	}
	jw_array(w, lines);
	for (size_t i = 0, n = rtable_nrows(t); i < n; i++)
		row_object(w, t, rtable_get(t, i, buf), row_lines);
	jw_end(w);
}

void
write_json(FILE *fp, const struct rdoc *d)
{
	struct jw w;

	jw_init(&w, fp);
	jw_object(&w, true);
	for (size_t i = 0; i < d->nparts; i++) {
		const struct rpart *p = &d->part[i];
		if (!(p->formats & RF_JSON) || p->name == NULL)
			continue;
		jw_key(&w, p->name);
		if (p->kind == RP_VALUE)
			leaf(&w, &p->v, -1);
		else if (p->kind == RP_TABLE)
			write_rows(&w, p->t, true, !p->t->object);
		else {
			jw_array(&w, true);
			for (size_t k = 0; k < p->nlines; k++)
				jw_str(&w, p->lines[k]);
			jw_end(&w);
		}
	}
	jw_key(&w, "warnings");
	jw_array(&w, true);
	for (size_t i = 0; i < d->nwarn; i++) {
		jw_object(&w, false);
		jw_key(&w, "message");
		jw_str(&w, d->warn[i].msg);
		jw_key(&w, "cells");
		jw_array(&w, false);
		for (size_t k = 0; k < d->warn[i].ncells; k++)
			if (d->warn[i].cells[k][0] != '\0')
				jw_str(&w, d->warn[i].cells[k]);
		jw_end(&w);
		jw_end(&w);
	}
	jw_end(&w);
	jw_end(&w);
	jw_finish(&w);
}
