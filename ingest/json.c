/*
 * json.c — JSON to tree events: yajl, behind a filter for Python's NaN.
 *
 * yajl is given whole JSON_BLOCK blocks of the input at fixed offsets,
 * however the input is read: where it reports an error (it can differ
 * when a token is cut between two calls) must not depend on the read
 * size.  The filter holds back a token cut at a block's end, so it sees
 * every token whole.
 */
#include "json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_parse.h>

#include "format_readers.h"

#define JSON_BLOCK (64u * 1024u)

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

/* ==== Python's NaN, Infinity, -Infinity ==== */

enum { PY_OUT, PY_STR, PY_ESC };

struct pyfilter {
	int state;
	char hold[10];                  /* a literal's start, cut at a block end */
	size_t nhold;
	size_t *ins;                    /* output offsets after each expansion */
	size_t nins, cap;
};

static const char *const py_literals[] = {"NaN", "Infinity", "-Infinity"};

/* 2: hold is a whole literal, 1: the start of one, 0: neither. */
static int
py_match(const char *hold, size_t n)
{
	int best = 0;

	for (size_t i = 0; i < 3; i++) {
		size_t l = strlen(py_literals[i]);
		if (n <= l && memcmp(hold, py_literals[i], n) == 0)
			best = n == l ? 2 : best > 1 ? best : 1;
	}
	return best;
}

static int
py_expansion(struct pyfilter *f, size_t at, struct err *e)
{
	if (f->nins == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		size_t *n = realloc(f->ins, cap * sizeof *n);
		if (n == NULL)
			return err_nomem(e);
		f->ins = n;
		f->cap = cap;
	}
	f->ins[f->nins++] = at;
	return 0;
}

/* Filter in[0..n) into out (2n + 16 bytes at least); at the end of the
 * input a held start is let through as it was. */
static int
py_filter(struct pyfilter *f, const char *in, size_t n, bool last, char *out,
          size_t *outn, struct err *e)
{
	size_t o = 0;

	f->nins = 0;
	for (size_t i = 0; i < n; i++) {
		char c = in[i];
		if (f->state == PY_STR) {
			out[o++] = c;
			f->state = c == '\\' ? PY_ESC : c == '"' ? PY_OUT : PY_STR;
			continue;
		}
		if (f->state == PY_ESC) {
			out[o++] = c;
			f->state = PY_STR;
			continue;
		}
		if (f->nhold == 0 && c != 'N' && c != 'I' && c != '-') {
			out[o++] = c;
			if (c == '"')
				f->state = PY_STR;
			continue;
		}
		f->hold[f->nhold++] = c;
		switch (py_match(f->hold, f->nhold)) {
		case 2:
			out[o++] = '"';
			memcpy(out + o, f->hold, f->nhold);
			o += f->nhold;
			out[o++] = '"';
			f->nhold = 0;
			if (py_expansion(f, o, e) != 0)
				return e->code;
			break;
		case 1:
			break;
		default:
			/* not a literal: its first byte goes out as it was, and
			 * the rest is looked at again */
			out[o++] = f->hold[0];
			{
				char rest[10];
				size_t nr = f->nhold - 1;
				memcpy(rest, f->hold + 1, nr);
				f->nhold = 0;
				for (size_t k = 0; k < nr; k++) {
					if (f->nhold == 0 && rest[k] != 'N' &&
					    rest[k] != 'I' && rest[k] != '-') {
						out[o++] = rest[k];
						if (rest[k] == '"')
							f->state = PY_STR;
						continue;
					}
					f->hold[f->nhold++] = rest[k];
					if (py_match(f->hold, f->nhold) == 0) {
						memcpy(out + o, f->hold, f->nhold);
						o += f->nhold;
						f->nhold = 0;
					}
				}
			}
		}
	}
	if (last && f->nhold > 0) {
		memcpy(out + o, f->hold, f->nhold);
		o += f->nhold;
		f->nhold = 0;
	}
	*outn = o;
	return 0;
}

/* The input offset of output offset `at` of a block whose first output
 * byte was input byte `base`. */
static uint64_t
py_original(const struct pyfilter *f, uint64_t base, size_t at)
{
	size_t before = 0;

	for (size_t i = 0; i < f->nins; i++)
		if (f->ins[i] <= at)
			before++;
	return base + at - 2 * before;
}

/* ==== yajl's callbacks ==== */

struct jctx {
	const struct tree_events *ev;
	int rc;                         /* a handler's error */
};

static int
pass(struct jctx *j, int rc)
{
	if (rc != 0)
		j->rc = rc;
	return rc == 0;
}

static int
cb_null(void *c)
{
	struct jctx *j = c;
	return pass(j, j->ev->scalar(j->ev->ctx, LEAF_NULL, "", 0));
}

static int
cb_bool(void *c, int b)
{
	struct jctx *j = c;
	return pass(j, j->ev->scalar(j->ev->ctx, b ? LEAF_TRUE : LEAF_FALSE,
	                             b ? "true" : "false", b ? 4 : 5));
}

static int
cb_number(void *c, const char *s, size_t n)
{
	struct jctx *j = c;
	return pass(j, j->ev->scalar(j->ev->ctx, LEAF_NUM, s, n));
}

static int
cb_string(void *c, const unsigned char *s, size_t n)
{
	struct jctx *j = c;
	return pass(j, j->ev->scalar(j->ev->ctx, LEAF_STR, (const char *)s, n));
}

static int
cb_start_map(void *c)
{
	struct jctx *j = c;
	return pass(j, j->ev->map_start(j->ev->ctx));
}

static int
cb_key(void *c, const unsigned char *k, size_t n)
{
	struct jctx *j = c;
	return pass(j, j->ev->map_key(j->ev->ctx, (const char *)k, n));
}

static int
cb_end_map(void *c)
{
	struct jctx *j = c;
	return pass(j, j->ev->map_end(j->ev->ctx));
}

static int
cb_start_array(void *c)
{
	struct jctx *j = c;
	return pass(j, j->ev->array_start(j->ev->ctx));
}

static int
cb_end_array(void *c)
{
	struct jctx *j = c;
	return pass(j, j->ev->array_end(j->ev->ctx));
}

static const yajl_callbacks callbacks = {
	cb_null, cb_bool, NULL, NULL, cb_number, cb_string,
	cb_start_map, cb_key, cb_end_map, cb_start_array, cb_end_array};

/* ==== reading ==== */

/* Feed one filtered block (n 0: the end); 0, a handler's error, or -1
 * with *b filled when the JSON broke. */
static int
feed(yajl_handle h, struct jctx *j, const struct pyfilter *f, const char *buf,
     size_t n, uint64_t base, struct tree_broken *b)
{
	yajl_status s = n ? yajl_parse(h, (const unsigned char *)buf, n)
	                  : yajl_complete_parse(h);
	unsigned char *msg;
	size_t at;

	if (s == yajl_status_ok)
		return 0;
	if (j->rc != 0)
		return j->rc;
	at = n ? yajl_get_bytes_consumed(h) : 0;
	msg = yajl_get_error(h, 0, (const unsigned char *)buf, n);
	snprintf(b->why, sizeof b->why, "%s", msg ? (const char *)msg
	                                          : "parse error");
	yajl_free_error(h, msg);
	for (char *p = b->why; *p; p++)
		if (*p == '\n')
			*p = ' ';
	while (b->why[0] && b->why[strlen(b->why) - 1] == ' ')
		b->why[strlen(b->why) - 1] = '\0';
	b->broken = true;
	b->offset = n ? py_original(f, base, at) : base;
	return -1;
}

int
json_read(FILE *fp, const char *head, size_t head_len, const char *name,
          const struct ingest_opts *o, const struct tree_events *ev,
          struct tree_broken *b, struct err *e)
{
	struct jctx j = {ev, 0};
	struct pyfilter f;
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	char *buf = malloc(JSON_BLOCK), *out = malloc(2 * JSON_BLOCK + 32);
	yajl_handle h = NULL;
	uint64_t consumed = 0;          /* input bytes before buf */
	uint64_t out_base = 0;          /* input offset of out's first byte */
	size_t used = 0, from = 0, total = head_len;
	bool eof = false;
	int rc = 0;

	memset(&f, 0, sizeof f);
	memset(b, 0, sizeof *b);
	if (buf == NULL || out == NULL) {
		rc = err_nomem(e);
		goto done;
	}
	h = yajl_alloc(&callbacks, &yajl_memory, &j);
	yajl_config(h, yajl_allow_multiple_values, 1);
	while (rc == 0 && (!eof || used > 0)) {
		size_t want = JSON_BLOCK - used, n, outn;
		int rerr;
		if (from < head_len) {          /* the head first */
			n = head_len - from < want ? head_len - from : want;
			memcpy(buf + used, head + from, n);
			from += n;
			used += n;
		} else if (!eof) {
			size_t ask = want < chunk ? want : chunk;
			n = fread(buf + used, 1, ask, fp);
			rerr = errno;   /* before anything can change it */
			used += n;
			total += n;
			if (o->progress != NULL)
				o->progress(o->progress_ctx, name, (uint64_t)total, 0);
			if (n < ask) {
				rc = reader_short_read(fp, rerr, name, "byte",
				                       consumed + used, e);
				eof = true;
			}
		}
		if (rc != 0 || used == 0 || (used < JSON_BLOCK && !eof))
			continue;
		out_base = consumed - f.nhold;
		if ((rc = py_filter(&f, buf, used, eof, out, &outn, e)) != 0)
			break;
		consumed += used;
		used = 0;
		if (outn > 0)
			rc = feed(h, &j, &f, out, outn, out_base, b);
	}
	if (rc == 0 && f.nhold > 0) {           /* a start held at the end */
		size_t outn;
		out_base = consumed - f.nhold;
		if ((rc = py_filter(&f, "", 0, true, out, &outn, e)) == 0)
			rc = feed(h, &j, &f, out, outn, out_base, b);
	}
	if (rc == 0)
		rc = feed(h, &j, &f, NULL, 0, consumed, b);
	if (rc < 0)
		rc = 0;                 /* broken JSON: *b says where */
done:
	if (h != NULL)
		yajl_free(h);
	free(buf);
	free(out);
	free(f.ins);
	return rc;
}

void
json_scan(const char *buf, size_t n, const struct tree_events *ev,
          struct err *e)
{
	struct jctx j = {ev, 0};
	struct pyfilter f;
	char *out = malloc(2 * n + 32);
	size_t outn;
	yajl_handle h;

	memset(&f, 0, sizeof f);
	if (out == NULL)
		return;
	if (py_filter(&f, buf, n, true, out, &outn, e) == 0) {
		h = yajl_alloc(&callbacks, &yajl_memory, &j);
		yajl_config(h, yajl_allow_multiple_values, 1);
		if (yajl_parse(h, (const unsigned char *)out, outn) ==
		    yajl_status_ok)
			yajl_complete_parse(h);
		yajl_free(h);
	}
	free(out);
	free(f.ins);
}

/* ==== a member of a JSON object held in a string ==== */

struct member {
	int depth;
	int outer_depth;                /* depth of the outer object, or 0 */
	const char *outer, *key;
	bool at_outer, at_key, found;
	char *out;
	size_t size;
};

static int
m_open(void *ctx)
{
	struct member *m = ctx;

	m->depth++;
	if (m->at_outer && m->outer_depth == 0)
		m->outer_depth = m->depth;
	m->at_outer = m->at_key = false;
	return 1;
}

static int
m_close(void *ctx)
{
	struct member *m = ctx;

	if (m->depth == m->outer_depth)
		m->outer_depth = -1;    /* left it: nothing more to find */
	m->depth--;
	m->at_outer = m->at_key = false;
	return 1;
}

static int
m_key(void *ctx, const unsigned char *k, size_t n)
{
	struct member *m = ctx;
	int want = m->outer ? m->outer_depth : 1;

	m->at_outer = m->outer && m->depth == 1 && m->outer_depth == 0 &&
	              n == strlen(m->outer) && memcmp(k, m->outer, n) == 0;
	m->at_key = m->depth == want && want > 0 && n == strlen(m->key) &&
	            memcmp(k, m->key, n) == 0;
	return 1;
}

static int
m_string(void *ctx, const unsigned char *v, size_t n)
{
	struct member *m = ctx;

	if (m->at_key && !m->found && n > 0) {
		snprintf(m->out, m->size, "%.*s", (int)n, (const char *)v);
		m->found = true;
	}
	m->at_outer = m->at_key = false;
	return 1;
}

static int
m_other(void *ctx)
{
	struct member *m = ctx;

	m->at_outer = m->at_key = false;
	return 1;
}

static int
m_bool(void *ctx, int v)
{
	(void)v;
	return m_other(ctx);
}

static int
m_number(void *ctx, const char *s, size_t n)
{
	(void)s;
	(void)n;
	return m_other(ctx);
}

bool
json_string_member(const char *text, size_t len, const char *outer,
                   const char *key, char *out, size_t size)
{
	static const yajl_callbacks cb = {
		m_other, m_bool, NULL, NULL, m_number, m_string,
		m_open, m_key, m_close, m_open, m_close};
	struct member m = {0, 0, outer, key, false, false, false, out, size};
	yajl_handle h = yajl_alloc(&cb, &yajl_memory, &m);

	/* the member can be found before the end of a body cut short */
	if (yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok)
		yajl_complete_parse(h);
	yajl_free(h);
	return m.found;
}

/* ==== a non-empty string somewhere in a JSON text ==== */

#define TEXT_MAX_PATH 200
#define TEXT_MAX_DEPTH 16

struct texts {
	const char *const *paths;
	char path[TEXT_MAX_PATH + 1];
	size_t len;
	size_t seg[TEXT_MAX_DEPTH];
	bool array[TEXT_MAX_DEPTH];
	int depth;
	char key[64];
	size_t key_len;
	bool found;
};

/* The path of a value about to begin; false when too deep to matter. */
static bool
t_push(struct texts *x)
{
	const char *seg = x->depth >= 0 && x->array[x->depth] ? "[]" : x->key;
	size_t n = x->depth < 0 ? 0 : x->depth >= 0 && x->array[x->depth]
	           ? 2 : x->key_len;
	bool dot = x->depth >= 0 && !x->array[x->depth] && x->len > 0;

	if (x->len + n + 1 > TEXT_MAX_PATH)
		return false;
	if (dot)
		x->path[x->len++] = '.';
	memcpy(x->path + x->len, seg, n);
	x->len += n;
	x->path[x->len] = '\0';
	return true;
}

static int
t_open(struct texts *x, bool array)
{
	size_t saved = x->len;

	if (x->depth + 1 >= TEXT_MAX_DEPTH || !t_push(x))
		return 0;
	x->depth++;
	x->seg[x->depth] = saved;
	x->array[x->depth] = array;
	return 1;
}

static int t_map(void *c) { return t_open(c, false); }
static int t_arr(void *c) { return t_open(c, true); }

static int
t_close(void *c)
{
	struct texts *x = c;

	x->len = x->seg[x->depth--];
	x->path[x->len] = '\0';
	return 1;
}

static int
t_key(void *c, const unsigned char *k, size_t n)
{
	struct texts *x = c;

	x->key_len = n < sizeof x->key - 1 ? n : sizeof x->key - 1;
	memcpy(x->key, k, x->key_len);
	return 1;
}

static int
t_string(void *c, const unsigned char *v, size_t n)
{
	struct texts *x = c;
	size_t saved = x->len;

	(void)v;
	if (n > 0 && t_push(x))
		for (size_t i = 0; x->paths[i] != NULL; i++)
			if (strcmp(x->path, x->paths[i]) == 0)
				x->found = true;
	x->len = saved;
	x->path[saved] = '\0';
	return !x->found;               /* found: stop reading */
}

static int t_null(void *c) { (void)c; return 1; }
static int t_bool(void *c, int b) { (void)c; (void)b; return 1; }
static int t_num(void *c, const char *s, size_t n) { (void)c; (void)s; (void)n; return 1; }

bool
json_has_text(const char *text, size_t len, const char *const *paths)
{
	static const yajl_callbacks cb = {t_null, t_bool, NULL, NULL, t_num,
	                                  t_string, t_map, t_key, t_close,
	                                  t_arr, t_close};
	struct texts x;
	yajl_handle h;

	memset(&x, 0, sizeof x);
	x.paths = paths;
	x.depth = -1;
	h = yajl_alloc(&cb, &yajl_memory, &x);
	if (yajl_parse(h, (const unsigned char *)text, len) == yajl_status_ok)
		yajl_complete_parse(h);
	yajl_free(h);
	return x.found;
}
