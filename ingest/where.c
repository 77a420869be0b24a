/*
 * where.c — the --where filters: COL=VALUE, COL!=VALUE, COL~SUBSTRING, and
 * the ranges (hour=9-17) that --split builds.
 */
#include <string.h>

#include "field.h"
#include "ingest.h"

int
ingest_where_parse(const char *text, struct ingest_where *w, struct err *e)
{
	/* a field a harness computed begins with '=' ("=span=call") */
	const char *op = strpbrk(text + (text[0] == '='), "=~");

	if (op == NULL || op == text)
		return err_set(e, ERR_USAGE,
		               "--where '%s' is not COL=VALUE, COL!=VALUE or "
		               "COL~SUBSTRING", text);
	w->col = text;
	if (*op == '~') {
		w->op = WHERE_HAS;
		w->col_len = (size_t)(op - text);
	} else if (op > text + 1 && op[-1] == '!') {
		w->op = WHERE_NE;
		w->col_len = (size_t)(op - text - 1);
	} else {
		w->op = WHERE_EQ;
		w->col_len = (size_t)(op - text);
	}
	w->value = op + 1;
	return 0;
}

bool
where_match(const struct ingest_where *w, const char *v, size_t len)
{
	size_t wl = strlen(w->value);
	bool eq;

	if (v == NULL) {
		v = "";
		len = 0;
	}
	field_trim(&v, &len);
	switch (w->op) {
	case WHERE_RANGE: {
		double x;
		return field_number(v, len, &x) == FIELD_NUM_OK && x >= w->lo &&
		       x <= w->hi;
	}
	case WHERE_HAS:
		if (wl == 0)
			return true;
		for (size_t i = 0; i + wl <= len; i++)
			if (memcmp(v + i, w->value, wl) == 0)
				return true;
		return false;
	case WHERE_NE:
	case WHERE_EQ:
		eq = len == wl && memcmp(v, w->value, wl) == 0;
		return w->op == WHERE_EQ ? eq : !eq;
	}
	return false;
}
