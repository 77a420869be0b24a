/*
 * msgpack.c — msgpack input: a stream of maps, or one array of maps.
 *
 * Bytes are read in chunks into a window; mpwalk measures the next object
 * (refusing hostile sizes before anything is allocated for them), and each
 * complete object is fed to msgpack-c's streaming unpacker.  A top-level
 * array's header is consumed here and its elements read as a stream, so a
 * file of ten million entries never sits in memory.  Keys are field names
 * and go through the same column mapping as CSV headers (columns.c); the
 * first map's keys decide the roles.  Positions are entry numbers.
 */
#include <msgpack.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "format_readers.h"
#include "mpwalk.h"

struct mp_state {
	struct trace *t;
	uint16_t src;
	const struct ingest_opts *o;
	struct err *e;
	msgpack_unpacker u;
	msgpack_unpacked res;
	bool mapped;
	char **names;
	size_t *name_lens, nnames;
	uint64_t *role_of_col;
	struct mapper map;
	uint64_t entry;
};

static const char *
type_name(msgpack_object_type t)
{
	switch (t) {
	case MSGPACK_OBJECT_NIL: return "nil";
	case MSGPACK_OBJECT_BOOLEAN: return "a boolean";
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
	case MSGPACK_OBJECT_NEGATIVE_INTEGER: return "an integer";
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64: return "a float";
	case MSGPACK_OBJECT_STR: return "a string";
	case MSGPACK_OBJECT_BIN: return "binary";
	case MSGPACK_OBJECT_ARRAY: return "an array";
	case MSGPACK_OBJECT_MAP: return "a map";
	case MSGPACK_OBJECT_EXT: return "an extension";
	}
	return "unknown";
}

static bool
key_text(const msgpack_object *k, const char **s, size_t *n)
{
	if (k->type == MSGPACK_OBJECT_STR) {
		*s = k->via.str.ptr;
		*n = k->via.str.size;
	} else if (k->type == MSGPACK_OBJECT_BIN) {
		*s = k->via.bin.ptr;
		*n = k->via.bin.size;
	} else {
		return false;
	}
	/* msgpack-c gives an empty string a NULL pointer: memcpy and memcmp
	 * must not see it (UBSan found this in the fuzz corpus) */
	if (*s == NULL) {
		*s = "";
		*n = 0;
	}
	return true;
}

/* The first map decides which key plays which role. */
static int
map_keys(struct mp_state *st, const msgpack_object_map *m)
{
	st->names = calloc(m->size ? m->size : 1, sizeof *st->names);
	st->name_lens = calloc(m->size ? m->size : 1, sizeof *st->name_lens);
	st->role_of_col = calloc(m->size ? m->size : 1, sizeof *st->role_of_col);
	if (!st->names || !st->name_lens || !st->role_of_col)
		return err_nomem(st->e);
	for (uint32_t i = 0; i < m->size; i++) {
		const char *s;
		size_t n;
		if (!key_text(&m->ptr[i].key, &s, &n))
			s = "", n = 0;
		st->names[i] = malloc(n + 1);
		if (st->names[i] == NULL)
			return err_nomem(st->e);
		memcpy(st->names[i], s, n);
		st->names[i][n] = '\0';
		st->name_lens[i] = n;
		st->nnames++;
	}
	st->mapped = true;
	return mapper_init(&st->map, st->t, st->src, st->o,
	                   (const char *const *)st->names, st->name_lens,
	                   st->nnames, st->role_of_col, st->e);
}

/* Put one value into the record for every role its key plays; a value
 * no role can hold is a reason to reject the entry (*why). */
static void
set_value(struct record *r, uint64_t roles, const msgpack_object *v,
          const char **why)
{
	for (int b = 0; roles != 0; b++, roles >>= 1) {
		msgpack_timestamp ts;
		if (!(roles & 1))
			continue;
		switch (v->type) {
		case MSGPACK_OBJECT_NIL:
			break;
		case MSGPACK_OBJECT_BOOLEAN:
			r->val[b] = v->via.boolean ? "true" : "false";
			r->len[b] = v->via.boolean ? 4 : 5;
			break;
		case MSGPACK_OBJECT_POSITIVE_INTEGER:
			record_set_num(r, b, (double)v->via.u64);
			break;
		case MSGPACK_OBJECT_NEGATIVE_INTEGER:
			record_set_num(r, b, (double)v->via.i64);
			break;
		case MSGPACK_OBJECT_FLOAT32:
		case MSGPACK_OBJECT_FLOAT64:
			record_set_num(r, b, v->via.f64);
			break;
		case MSGPACK_OBJECT_STR:
			r->val[b] = v->via.str.ptr ? v->via.str.ptr : "";
			r->len[b] = v->via.str.size;
			break;
		case MSGPACK_OBJECT_BIN:
			r->val[b] = v->via.bin.ptr ? v->via.bin.ptr : "";
			r->len[b] = v->via.bin.size;
			break;
		case MSGPACK_OBJECT_EXT:
			if (msgpack_object_to_timestamp(v, &ts)) {
				record_set_num(r, b, (double)ts.tv_sec +
				               ts.tv_nsec * 1e-9);
				break;
			}
			*why = "an extension type that is not a timestamp";
			break;
		case MSGPACK_OBJECT_ARRAY:
		case MSGPACK_OBJECT_MAP:
			*why = v->type == MSGPACK_OBJECT_MAP ? "a map" : "an array";
			break;
		}
	}
}

static int
entry(struct mp_state *st, const msgpack_object *obj)
{
	const msgpack_object_map *m;
	struct record r;
	const char *why = NULL;
	char reason[160];

	st->entry++;
	if (obj->type != MSGPACK_OBJECT_MAP) {
		if (!st->mapped) {
			return err_set(st->e, ERR_DATA, "%s: entry 1 is %s, not a map "
			               "of fields", trace_source_name(st->t, st->src),
			               type_name(obj->type));
		}
		snprintf(reason, sizeof reason, "the entry is %s, not a map",
		         type_name(obj->type));
		return mapper_reject(&st->map, st->entry, reason, st->e);
	}
	m = &obj->via.map;
	if (!st->mapped && map_keys(st, m) != 0)
		return st->e->code;
	record_clear(&r, &st->map);
	for (uint32_t i = 0; i < m->size; i++) {
		const char *s;
		size_t n;
		int col;
		if (!key_text(&m->ptr[i].key, &s, &n))
			continue;
		col = columns_find(st->names, st->name_lens, st->nnames, i, s, n);
		if (col < 0 || st->role_of_col[col] == 0)
			continue;
		set_value(&r, st->role_of_col[col], &m->ptr[i].val, &why);
		if (why != NULL) {
			snprintf(reason, sizeof reason, "field '%.*s' is %s, not a value",
			         (int)(n < 60 ? n : 60), s, why);
			return mapper_reject(&st->map, st->entry, reason, st->e);
		}
	}
	return mapper_emit(&st->map, &r, st->entry, st->e);
}

/* The structure is broken at byte off: one rejection, and the rest of the
 * file is not read (there is no way to find the next entry). */
static int
broken(struct mp_state *st, uint64_t off, const char *why)
{
	char reason[200];

	if (!st->mapped)
		return err_set(st->e, ERR_DATA, "%s: not msgpack at byte %llu: %s",
		               trace_source_name(st->t, st->src),
		               (unsigned long long)off, why);
	snprintf(reason, sizeof reason, "byte %llu: %s; the rest of the file "
	         "cannot be read", (unsigned long long)off, why);
	return mapper_reject(&st->map, st->entry + 1, reason, st->e);
}

int
msgpack_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                    size_t head_len, const struct ingest_opts *o,
                    struct err *e)
{
	struct mp_state st;
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	size_t cap = chunk * 2 + head_len, lo = 0, hi = 0, declared = 0;
	unsigned char *buf = malloc(cap);
	uint64_t base = 0;                      /* file offset of buf[0] */
	bool eof = false, array = false;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.t = t;
	st.src = src;
	st.o = o;
	st.e = e;
	t->sources[src].format = "msgpack";
	t->sources[src].by_entry = true;
	if (buf == NULL || !msgpack_unpacker_init(&st.u, 4096)) {
		free(buf);
		return err_nomem(e);
	}
	msgpack_unpacked_init(&st.res);
	memcpy(buf, head, head_len);
	hi = head_len;
	{
		size_t h = mpw_array_header(buf, hi, &declared);
		if (h > 0) {
			array = true;
			lo = h;
		}
	}
	while (rc == 0) {
		size_t size;
		const char *why;
		enum mpw w = lo < hi ? mpw_scan(buf + lo, hi - lo, &size, &why)
		                     : MPW_MORE;

		if (w == MPW_DONE) {
			char *dst;
			if (!msgpack_unpacker_reserve_buffer(&st.u, size)) {
				rc = err_nomem(e);
				break;
			}
			dst = msgpack_unpacker_buffer(&st.u);
			memcpy(dst, buf + lo, size);
			msgpack_unpacker_buffer_consumed(&st.u, size);
			{
				msgpack_unpack_return ur = msgpack_unpacker_next(&st.u,
				                                                 &st.res);
				if (ur == MSGPACK_UNPACK_NOMEM_ERROR) {
					rc = err_nomem(e);
					break;
				}
				if (ur != MSGPACK_UNPACK_SUCCESS) {
					rc = broken(&st, base + lo,
					            "msgpack-c cannot unpack it");
					break;
				}
			}
			lo += size;
			rc = entry(&st, &st.res.data);
			continue;
		}
		if (w == MPW_BAD) {
			rc = broken(&st, base + lo, why);
			break;
		}
		if (eof) {
			if (lo < hi)
				rc = broken(&st, base + lo, "the file ends inside an entry");
			break;
		}
		/* need more bytes: slide the window and read */
		if (lo > 0) {
			memmove(buf, buf + lo, hi - lo);
			base += lo;
			hi -= lo;
			lo = 0;
		}
		if (cap - hi < chunk) {
			unsigned char *nb = realloc(buf, cap * 2);
			if (nb == NULL) {
				rc = err_nomem(e);
				break;
			}
			buf = nb;
			cap *= 2;
		}
		{
			size_t n = fread(buf + hi, 1, chunk, fp);
			int rerr = errno;   /* before feeding can change it */
			hi += n;
			if (o->progress != NULL)
				o->progress(o->progress_ctx, trace_source_name(t, src),
				            base + hi, t->sources[src].rows);
			if (n < chunk) {
				if (ferror(fp))
					rc = err_set(e, ERR_IO, "%s: read error after entry %llu: %s",
					             trace_source_name(t, src),
					             (unsigned long long)st.entry,
					             strerror(rerr));
				eof = true;
			}
		}
	}
	if (rc == 0 && array && st.entry < declared && st.mapped)
		rc = mapper_reject(&st.map, st.entry + 1, "the file ends before the "
		                   "entries its top-level array declares", e);
	if (rc == 0 && !st.mapped)
		rc = err_set(e, ERR_DATA, "%s: no entries", trace_source_name(t, src));
	if (rc == 0)
		rc = mapper_finish(&st.map, e);
	msgpack_unpacked_destroy(&st.res);
	msgpack_unpacker_destroy(&st.u);
	mapper_release(&st.map);
	for (size_t i = 0; i < st.nnames; i++)
		free(st.names[i]);
	free(st.names);
	free(st.name_lens);
	free(st.role_of_col);
	free(buf);
	return rc;
}
