/*
 * columns.h — from named fields to trace rows, the same for every format.
 *
 * A format reader finds the field names (a CSV header, msgpack/JSON keys),
 * asks mapper_init() which names play which role, and then for every record
 * fills a struct record with the bytes of each role and calls mapper_emit().
 * All the rules of SPEC.md about a record live here, once: which fields say
 * the request failed, how a TTFT is validated and scaled, how group keys are
 * formed, what is rejected and with which words.
 */
#ifndef TTFT_COLUMNS_H
#define TTFT_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ingest.h"

enum role {
	ROLE_TTFT,
	ROLE_START,
	ROLE_FIRST,     /* first-token time, with --first-token */
	ROLE_STATUS,
	ROLE_OK,        /* true = success */
	ROLE_ERROR,     /* non-empty = failure */
	ROLE_FAILED,    /* true = failure */
	ROLE_KEY0,
	ROLE_WHERE0 = ROLE_KEY0 + TRACE_MAX_KEYS,
	ROLE_COUNT = ROLE_WHERE0 + INGEST_MAX_WHERE
};

/*
 * One record, per role: text (val, len), or a number a binary format
 * already decoded (is_num, num; val NULL) — so msgpack values need no
 * round trip through text.  val == NULL and !is_num: no such field, or
 * null.  record_clear() before filling.
 */
struct record {
	const char *val[ROLE_COUNT];
	size_t len[ROLE_COUNT];
	double num[ROLE_COUNT];
	bool is_num[ROLE_COUNT];
};

void record_clear(struct record *r);

struct mapper {
	struct trace *t;
	uint16_t src;
	const struct ingest_opts *o;
	const char *role_col[ROLE_COUNT];       /* column name, for messages */
	bool has[ROLE_COUNT];                   /* role found in this input */
	double ttft_div;
	bool unit_assumed;                      /* no suffix, no --unit */
	uint64_t n_over_minute;                 /* samples > 60 s, for a hint */
	uint64_t n_samples;
	bool derived;                           /* ttft = first - start */
	size_t nkeys;                           /* key roles in use */
	size_t key_index[TRACE_MAX_KEYS];       /* key role -> trace key */
	uint32_t key_const[TRACE_MAX_KEYS];     /* per trace key: --set or file */
	bool warned_zone;
	/* the filters in force: --where, else the preset's */
	struct ingest_where where[INGEST_MAX_WHERE];
	size_t nwhere;
	char numtext[ROLE_COUNT][32];           /* numbers shown as text */
	/* keys and filters computed from the start time (hour, weekday,
	 * date) when no column has their name: DERIVED_* per trace key and
	 * per filter */
	unsigned char derived_key[TRACE_MAX_KEYS];
	unsigned char derived_where[INGEST_MAX_WHERE];
	bool any_derived;
	bool have_derived;                      /* this record's are set */
	long tz_offset;                         /* seconds east of UTC */
	bool tz_local;                          /* --tz names a zone: TZ */
	char derived_text[4][16];
	/* recently interned values per key role: a capture has few distinct
	 * models and providers, so most rows find theirs here without
	 * hashing or UTF-8 validation */
#define KEY_CACHE 16
	uint32_t last_id[TRACE_MAX_KEYS][KEY_CACHE];
	char *last_val[TRACE_MAX_KEYS][KEY_CACHE];
	size_t last_len[TRACE_MAX_KEYS][KEY_CACHE];
	size_t last_cap[TRACE_MAX_KEYS][KEY_CACHE];
	unsigned last_used[TRACE_MAX_KEYS];     /* entries filled */
	unsigned last_next[TRACE_MAX_KEYS];     /* the next one to replace */
};

/*
 * Decide roles from field names.  role_of_col (n entries) receives, per
 * field, a bit mask of the roles it plays (bit r = role r).  Fails with
 * ERR_DATA when no TTFT can be found, naming the fields it saw.
 */
int mapper_init(struct mapper *m, struct trace *t, uint16_t src,
                const struct ingest_opts *o, const char *const *names,
                const size_t *lens, size_t n, uint64_t *role_of_col,
                struct err *e);

/* Could a field of this name play a role (a known spelling, or one an
 * option or the preset names)?  Unknown names need no new mapping. */
bool mapper_name_matters(const struct mapper *m, const char *name,
                         size_t len);

/* Map again with more names (a JSON field that first appears late);
 * keeps the counts mapper_finish() reports from. */
int mapper_remap(struct mapper *m, const char *const *names,
                 const size_t *lens, size_t n, uint64_t *role_of_col,
                 struct err *e);

/* Validate one record and append it (or count it as rejected/filtered). */
int mapper_emit(struct mapper *m, const struct record *r, uint64_t line,
                struct err *e);

/* Count a record that broke before it could be mapped (ragged, too long). */
int mapper_reject(struct mapper *m, uint64_t line, const char *reason,
                  struct err *e);

/* End of input: notes that need the whole file.  Releases the cache. */
int mapper_finish(struct mapper *m, struct err *e);
void mapper_release(struct mapper *m);

/* Does a value (NULL: absent) pass a --where filter? */
bool where_match(const struct ingest_where *w, const char *v, size_t len);

/* Quote untrusted bytes for a message: at most 40 characters, control
 * bytes shown as '?', in single quotes. */
void quote_for_message(char *buf, size_t size, const char *s, size_t len);

/* The index of the column named s (len bytes) among names[0..n), trying
 * `hint` first (records usually repeat the first one's key order); -1 when
 * there is none.  For the readers of map-shaped records (JSON, msgpack). */
int columns_find(char *const *names, const size_t *lens, size_t n,
                 size_t hint, const char *s, size_t len);

#endif
