/*
 * jsonw.c — see jsonw.h.
 */
#include "jsonw.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "../ingest/utf8.h"
#include "numfmt.h"

void
jw_init(struct jw *w, FILE *fp)
{
	memset(w, 0, sizeof *w);
	w->fp = fp;
	w->first[0] = true;
}

static void
indent(struct jw *w, int depth)
{
	fputc('\n', w->fp);
	for (int i = 0; i < depth; i++)
		fputs("  ", w->fp);
}

/* What comes before a value: a comma, then a new line or a space. */
static void
before_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->first[w->depth])
		fputc(',', w->fp);
	if (w->inline_[w->depth])
		fputc(' ', w->fp);
	else
		indent(w, w->depth);
	w->first[w->depth] = false;
}

static void
open_container(struct jw *w, char c, bool lines)
{
	before_value(w);
	fputc(c, w->fp);
	if (w->depth + 1 >= JW_MAX_DEPTH)
		return;
	w->depth++;
	w->first[w->depth] = true;
	w->inline_[w->depth] = !lines || (w->depth > 1 && w->inline_[w->depth - 1]);
	w->stack[w->depth] = c;
}

void
jw_object(struct jw *w, bool lines)
{
	open_container(w, '{', lines);
}

void
jw_array(struct jw *w, bool lines)
{
	open_container(w, '[', lines);
}

void
jw_end(struct jw *w)
{
	char close = w->stack[w->depth] == '{' ? '}' : ']';
	bool empty = w->first[w->depth];

	if (w->depth == 0)
		return;
	if (!empty) {
		if (w->inline_[w->depth])
			fputc(' ', w->fp);
		else
			indent(w, w->depth - 1);
	}
	fputc(close, w->fp);
	w->depth--;
}

void
jw_key(struct jw *w, const char *key)
{
	jw_str(w, key);
	fputs(": ", w->fp);
	w->after_key = true;
}

void
jw_str(struct jw *w, const char *s)
{
	size_t n = strlen(s), i = 0;

	before_value(w);
	fputc('"', w->fp);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			uint32_t cp;
			size_t bad, k = utf8_char(s + i, n - i, &cp, &bad);
			if (k > 0) {
				fwrite(s + i, 1, k, w->fp);
				i += k;
			} else {
				fputs("\\ufffd", w->fp);
				i += bad;
			}
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", w->fp); break;
		case '\\': fputs("\\\\", w->fp); break;
		case '\n': fputs("\\n", w->fp); break;
		case '\r': fputs("\\r", w->fp); break;
		case '\t': fputs("\\t", w->fp); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(w->fp, "\\u%04x", c);
			else
				fputc(c, w->fp);
		}
		i++;
	}
	fputc('"', w->fp);
}

void
jw_num(struct jw *w, double x)
{
	char buf[40];

	before_value(w);
	if (!isfinite(x)) {
		fputs("null", w->fp);
		return;
	}
	fmt_shortest(buf, sizeof buf, x);
	fputs(buf, w->fp);
}

void
jw_int(struct jw *w, long long i)
{
	before_value(w);
	fprintf(w->fp, "%lld", i);
}

void
jw_uint(struct jw *w, unsigned long long i)
{
	before_value(w);
	fprintf(w->fp, "%llu", i);
}

void
jw_bool(struct jw *w, bool b)
{
	before_value(w);
	fputs(b ? "true" : "false", w->fp);
}

void
jw_null(struct jw *w)
{
	before_value(w);
	fputs("null", w->fp);
}

void
jw_finish(struct jw *w)
{
	fputc('\n', w->fp);
}
