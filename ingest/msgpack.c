/*
 * msgpack.c — msgpack input: a stream of maps, or one array of maps.
 *
 * Bytes are read in chunks straight into msgpack-c's streaming unpacker;
 * mpwalk measures the next object where it lies (refusing hostile sizes
 * before anything is allocated for them), and only a complete object is
 * unpacked.  The unpacker's zone is cleared after each entry instead of
 * replaced, so an entry costs no allocation.  A top-level array's header
 * is skipped here and its elements read as a stream, so a file of ten
 * million entries never sits in memory.  Keys are field names and go
 * through the same column mapping as CSV headers (columns.c); the first
 * map's keys decide the roles.  The values go through a record queue
 * (queue.c) to the mapper, on a second thread when there is one.
 * Positions are entry numbers.
 */
#include <msgpack.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "choose.h"
#include "mapper.h"
#include "names.h"
#include "format_readers.h"
#include "mpwalk.h"
#include "queue.h"

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
#define MP_TS_MIN (-62135596800LL)
#define MP_TS_MAX 253402300799LL

struct mp_state {
	struct trace *t;
	uint16_t src;
	const struct ingest_opts *o;
	struct err *e;
	msgpack_unpacker u;
	bool mapped;
	char **names;
	size_t *name_lens, nnames;
	uint64_t *role_of_col;
	struct queue *q;                /* once mapped */
	uint64_t entry;
	bool cut;                       /* broken(): the rest is unread */
	/* the worker thread's, on cache lines of its own */
	_Alignas(64) struct mapper map;
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
	struct mapper_spec spec;

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
	if (choose_for_columns(st->t, st->src, st->o,
	                       (const char *const *)st->names, st->name_lens,
	                       st->nnames, &spec, st->e) != 0 ||
	    mapper_init(&st->map, st->t, st->src, st->o, &spec,
	                (const char *const *)st->names, st->name_lens,
	                st->nnames, st->role_of_col, st->e) != 0)
		return st->e->code;
	return queue_new(&st->q, &st->map, st->o->threads, st->e);
}

/* Queue one value for the roles its key plays; a value no role can hold
 * is a reason to reject the entry (*why). */
static int
queue_value(struct queue *q, uint64_t roles, const msgpack_object *v,
            const char **why)
{
	msgpack_timestamp ts;

	switch (v->type) {
	case MSGPACK_OBJECT_NIL:
		return 0;
	case MSGPACK_OBJECT_BOOLEAN:
		return v->via.boolean ? queue_text(q, roles, "true", 4)
		                      : queue_text(q, roles, "false", 5);
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		return queue_num(q, roles, (double)v->via.u64);
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		return queue_num(q, roles, (double)v->via.i64);
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		return queue_num(q, roles, v->via.f64);
	case MSGPACK_OBJECT_STR:
		return queue_text(q, roles, v->via.str.ptr ? v->via.str.ptr : "",
		                  v->via.str.size);
	case MSGPACK_OBJECT_BIN:
		return queue_text(q, roles, v->via.bin.ptr ? v->via.bin.ptr : "",
		                  v->via.bin.size);
	case MSGPACK_OBJECT_EXT:
		if (!msgpack_object_to_timestamp(v, &ts)) {
			*why = "an extension type that is not a timestamp, not a value";
			return 0;
		}
		/* the spec's nanoseconds are below 1e9; seconds within years
		 * 1 to 9999, which a double holds to the microsecond */
		if (ts.tv_nsec >= 1000000000L || ts.tv_sec < MP_TS_MIN ||
		    ts.tv_sec > MP_TS_MAX) {
			*why = "a timestamp out of range (nanoseconds 1e9 or more, "
			       "or outside the years 1 to 9999)";
			return 0;
		}
		return queue_num(q, roles, (double)ts.tv_sec + ts.tv_nsec * 1e-9);
	case MSGPACK_OBJECT_ARRAY:
	case MSGPACK_OBJECT_MAP:
		*why = v->type == MSGPACK_OBJECT_MAP ? "a map, not a value"
		                                     : "an array, not a value";
		return 0;
	}
	return 0;
}

static int
entry(struct mp_state *st, const msgpack_object *obj)
{
	const msgpack_object_map *m;
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
		return queue_reject(st->q, st->entry, reason);
	}
	m = &obj->via.map;
	if (!st->mapped && map_keys(st, m) != 0)
		return st->e->code;
	for (uint32_t i = 0; i < m->size; i++) {
		const char *s;
		size_t n;
		int col, rc;
		if (!key_text(&m->ptr[i].key, &s, &n))
			continue;
		col = columns_find(st->names, st->name_lens, st->nnames, i, s, n);
		if (col < 0 || st->role_of_col[col] == 0)
			continue;
		rc = queue_value(st->q, st->role_of_col[col],
		                 &m->ptr[i].val, &why);
		if (rc != 0)
			return rc;
		if (why != NULL) {
			snprintf(reason, sizeof reason, "field '%.*s' is %s",
			         (int)(n < 60 ? n : 60), s, why);
			return queue_reject(st->q, st->entry, reason);
		}
	}
	return queue_record(st->q, st->entry);
}

/* The structure is broken at byte off: one rejection, and the rest of the
 * file is not read (there is no way to find the next entry). */
static int
broken(struct mp_state *st, uint64_t off, const char *why)
{
	char reason[200];

	st->cut = true;
	if (!st->mapped)
		return err_set(st->e, ERR_DATA, "%s: not msgpack at byte %llu: %s",
		               trace_source_name(st->t, st->src),
		               (unsigned long long)off, why);
	snprintf(reason, sizeof reason, "byte %llu: %s; the rest of the file "
	         "cannot be read", (unsigned long long)off, why);
	return queue_reject(st->q, st->entry + 1, reason);
}

/* Unpack the complete object of `size` bytes at the unpacker's read
 * position and hand it over; its zone is cleared for the next one. */
static int
unpack_one(struct mp_state *st, uint64_t at)
{
	int ur = msgpack_unpacker_execute(&st->u), rc;
	msgpack_object obj;

	if (ur == MSGPACK_UNPACK_NOMEM_ERROR)
		return err_nomem(st->e);
	if (ur <= 0)                    /* mpwalk said it is whole */
		return broken(st, at, "msgpack-c cannot unpack it");
	obj = msgpack_unpacker_data(&st->u);
	rc = entry(st, &obj);
	/* msgpack-c 4 makes the zone only when an object needs one, and
	 * its reset does not check for none */
	if (st->u.z != NULL)
		msgpack_unpacker_reset_zone(&st->u);
	msgpack_unpacker_reset(&st->u);
	return rc;
}

int
msgpack_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                    size_t head_len, const struct ingest_opts *o,
                    struct err *e)
{
	struct mp_state st;
	char first[5];                  /* the longest array header */
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK, declared = 0, h;
	uint64_t at;                    /* file offset of the next object */
	bool eof = false, array = false;
	int rc = 0;

	memset(&st, 0, sizeof st);
	st.t = t;
	st.src = src;
	st.o = o;
	st.e = e;
	t->sources[src].format = "msgpack";
	t->sources[src].by_entry = true;
	if (!msgpack_unpacker_init(&st.u, chunk + head_len))
		return err_nomem(e);
	/* A top-level array: its elements are the entries.  Its header is
	 * up to 5 bytes; a head cut shorter (small reads) is completed first,
	 * or the verdict would depend on the read size (the fuzzer found
	 * that). */
	if (head_len < sizeof first) {
		size_t more = sizeof first - head_len, got;
		memcpy(first, head, head_len);
		got = fread(first + head_len, 1, more, fp);
		if (got < more && ferror(fp)) {
			msgpack_unpacker_destroy(&st.u);
			return err_set(e, ERR_IO, "%s: read error: %s",
			               trace_source_name(t, src), strerror(errno));
		}
		head = first;
		head_len += got;
	}
	h = mpw_array_header((const unsigned char *)head, head_len, &declared);
	array = h > 0;
	at = h;
	if (!msgpack_unpacker_reserve_buffer(&st.u, head_len - h)) {
		msgpack_unpacker_destroy(&st.u);
		return err_nomem(e);
	}
	memcpy(msgpack_unpacker_buffer(&st.u), head + h, head_len - h);
	msgpack_unpacker_buffer_consumed(&st.u, head_len - h);
	while (rc == 0) {
		/* the bytes not yet unpacked, read where they lie (msgpack-c
		 * keeps them between off and used) */
		const unsigned char *p = (const unsigned char *)st.u.buffer +
		                         st.u.off;
		size_t avail = st.u.used - st.u.off, size, n;
		const char *why;
		enum mpw w = avail > 0 ? mpw_scan(p, avail, &size, &why) : MPW_MORE;
		int rerr;

		if (w == MPW_DONE) {
			rc = unpack_one(&st, at);
			at += size;
			continue;
		}
		if (w == MPW_BAD) {
			rc = broken(&st, at, why);
			break;
		}
		if (eof) {
			if (avail > 0)
				rc = broken(&st, at, "the file ends inside an entry");
			break;
		}
		if (!msgpack_unpacker_reserve_buffer(&st.u, chunk)) {
			rc = err_nomem(e);
			break;
		}
		n = fread(msgpack_unpacker_buffer(&st.u), 1, chunk, fp);
		rerr = errno;           /* before anything can change it */
		msgpack_unpacker_buffer_consumed(&st.u, n);
		if (o->progress != NULL)
			o->progress(o->progress_ctx, trace_source_name(t, src),
			            at + (st.u.used - st.u.off),
			            st.q ? queue_records(st.q) : 0);
		if (n < chunk) {
			rc = reader_short_read(fp, rerr, trace_source_name(t, src),
			                       "entry", st.entry, e);
			eof = true;
		}
	}
	/* an array cut short inside an entry was said once already */
	if (rc == 0 && array && st.entry < declared && st.mapped && !st.cut)
		rc = queue_reject(st.q, st.entry + 1, "the file ends before the "
		                  "entries its top-level array declares");
	if (rc == 0 && !st.mapped)
		rc = err_set(e, ERR_DATA, "%s: no entries", trace_source_name(t, src));
	rc = queue_close(st.q, &st.map, rc, e);
	msgpack_unpacker_destroy(&st.u);
	queue_free(st.q);
	mapper_release(&st.map);
	for (size_t i = 0; i < st.nnames; i++)
		free(st.names[i]);
	free(st.names);
	free(st.name_lens);
	free(st.role_of_col);
	return rc;
}
