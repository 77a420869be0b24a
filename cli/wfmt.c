/*
 * wfmt.c — values as people read them, for the text and Markdown writers.
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "../ingest/utf8.h"

#include "numfmt.h"
#include "writers.h"

#define DASH "\xe2\x80\x93"

static void
consider(double x, double *smallest)
{
	if (x > 0 && x < *smallest)
		*smallest = x;
}

int
wfmt_seconds_decimals(const struct rtable *t)
{
	double smallest = INFINITY;
	struct rval buf[512];
	size_t n = rtable_nrows(t);
	int dec;

	for (size_t i = 0; i < n; i++) {
		const struct rval *row = rtable_get(t, i, buf);
		for (size_t c = 0; c < t->ncols; c++) {
			if (t->col[c].fmt != RC_SECONDS)
				continue;
			if (row[c].kind == RV_NUM)
				consider(row[c].u.x, &smallest);
			else if (row[c].kind == RV_PAIR) {
				consider(row[c].u.pair[0], &smallest);
				consider(row[c].u.pair[1], &smallest);
			}
		}
	}
	if (!(smallest < 0.01))
		return 3;
	dec = 1 - (int)floor(log10(smallest));
	return dec > 12 ? 12 : dec;
}

static void
number(char *buf, size_t size, double x, const struct rcol *c, int secdec)
{
	if (!isfinite(x)) {
		snprintf(buf, size, DASH);
		return;
	}
	switch (c->fmt) {
	case RC_SECONDS:
		snprintf(buf, size, "%.*f", secdec, x);
		break;
	case RC_SIG:
		snprintf(buf, size, "%.*g", c->prec > 0 ? c->prec : 3, x);
		break;
	case RC_PERCENT:
		snprintf(buf, size, "%.*f%%", c->prec, 100.0 * x);
		break;
	case RC_SIGNED:
		snprintf(buf, size, "%+.*f", c->prec, x);
		break;
	case RC_INT:
		snprintf(buf, size, "%.0f", x);
		break;
	default:
		snprintf(buf, size, "%.*f", c->prec, x);
	}
}

void
wfmt_value(char *buf, size_t size, const struct rval *v, const struct rcol *c,
           int secdec)
{
	char a[64], b[64];

	switch (v->kind) {
	case RV_NULL:
		snprintf(buf, size, DASH);
		return;
	case RV_BOOL:
		snprintf(buf, size, "%s", v->u.b ? "yes" : "no");
		return;
	case RV_INT:
		snprintf(buf, size, "%lld", v->u.i);
		return;
	case RV_UINT:
		snprintf(buf, size, "%llu", v->u.ui);
		return;
	case RV_NUM:
		number(buf, size, v->u.x, c, secdec);
		return;
	case RV_STR:
		snprintf(buf, size, "%s", v->u.s);
		return;
	case RV_PAIR:
		if (c->pair == RP_INTERVAL &&
		    !(isfinite(v->u.pair[0]) && isfinite(v->u.pair[1]))) {
			snprintf(buf, size, DASH);
			return;
		}
		number(a, sizeof a, v->u.pair[0], c, secdec);
		number(b, sizeof b, v->u.pair[1], c, secdec);
		if (c->pair == RP_INTERVAL)
			snprintf(buf, size, "[%s, %s]", a, b);
		else
			snprintf(buf, size, "%s \xe2\x86\x92 %s", a, b);
		return;
	case RV_LIST: {
		size_t o = 0;
		buf[0] = '\0';
		for (size_t i = 0; i < v->u.list.n && o + 1 < size; i++)
			o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? "; " : "",
			                      v->u.list.items[i]);
		return;
	}
	case RV_TABLE:
		snprintf(buf, size, DASH);
		return;
	}
}

bool
wfmt_shown(const struct rtable *t, size_t c, size_t s, bool wide)
{
	const struct rcol *col = &t->col[c];

	if (!(col->show & RS_TEXT) || col->head == NULL || col->fmt == RC_OBJECT)
		return false;
	if ((col->show & RS_WIDE) && !wide)
		return false;
	return col->key || col->section == s;
}

void
wfmt_cells(char *buf, size_t size, const struct rwarn *w, size_t max_cols)
{
	size_t o = 0, shown = w->ncells > 4 ? 3 : w->ncells;

	buf[0] = '\0';
	if (w->ncells > 4)
		o += (size_t)snprintf(buf, size, "%zu cells (", w->ncells);
	for (size_t i = 0; i < shown && o + 1 < size; i++) {
		char label[1024];
		utf8_clean(label, sizeof label, w->cells[i], strlen(w->cells[i]),
		           SIZE_MAX, max_cols, UTF8_KEEP_CTRL | UTF8_ELLIPSIS);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "",
		                      label);
	}
	if (w->ncells > 4 && o + 1 < size)
		snprintf(buf + o, size - o, " and %zu more)", w->ncells - shown);
}
