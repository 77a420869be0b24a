/*
 * mapper.h — from named fields to trace rows, the same for every format.
 *
 * A format reader finds the field names (a CSV header, msgpack keys, the
 * leaf paths of a JSON record), asks mapper_init() which names play which
 * role, and then for every record fills a struct record with the bytes of
 * each role and calls mapper_emit().  Roles come, in this order, from the
 * options (--ttft, --start, --status, ...: explicit options always win),
 * from the harness the input was recognised as (harness.h), and from the
 * spellings every file is searched for (names.c).  All the rules of
 * SPEC.md about a record live in record.c, once: which fields say the
 * request failed, how a TTFT is validated and scaled, how group keys are
 * formed, what is rejected and with which words.
 */
#ifndef TTFT_MAPPER_H
#define TTFT_MAPPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "harness.h"
#include "ingest.h"
#include "rowkey.h"
#include "timekeys.h"

enum role {
	ROLE_TTFT,
	ROLE_START,
	ROLE_FIRST,     /* first-token time, with --first-token */
	ROLE_END,       /* end time (a harness's, with a first-token time) */
	ROLE_STATUS,
	ROLE_OK,        /* true = success */
	ROLE_ERROR,     /* non-empty = failure */
	ROLE_FAILED,    /* true = failure */
	ROLE_E2E,       /* end-to-end latency, for the capture audit */
	ROLE_INTOK,     /* input tokens, for the capture audit */
	ROLE_KEY0,
	ROLE_WHERE0 = ROLE_KEY0 + TRACE_MAX_KEYS,
	ROLE_COUNT = ROLE_WHERE0 + INGEST_MAX_WHERE
};
_Static_assert(ROLE_COUNT <= 64, "a record's number bits fit 64 bits");

/*
 * One record, per role: text (val, len), or a number a binary format
 * already decoded (bit r of nums set, num[r]; val NULL) — so msgpack
 * values need no round trip through text.  val NULL and the bit clear: no
 * such field, or null.  record_clear() before filling; only the roles the
 * mapper reads are cleared, so a record costs nothing for roles unused.
 */
struct record {
	const char *val[ROLE_COUNT];
	size_t len[ROLE_COUNT];
	double num[ROLE_COUNT];
	uint64_t nums;
};

static inline void
record_set_num(struct record *r, int role, double x)
{
	r->num[role] = x;
	r->nums |= (uint64_t)1 << role;
}

static inline bool
record_is_num(const struct record *r, int role)
{
	return (r->nums >> role) & 1u;
}

/* The lowest role of a non-empty set of role bits, taken out of it: a
 * field's roles are few and high (the keys come after ten others), so
 * the loops over them go from one set bit to the next. */
static inline int
role_take(uint64_t *set)
{
	int k = __builtin_ctzll(*set);

	*set &= *set - 1;
	return k;
}

/* The harness an input was recognised as (or forced to), and its layout;
 * h NULL: a plain file. */
struct mapper_spec {
	const struct harness *h;
	int layout;
};

/* A key that is the host of the URL in its field (harness_roles.url). */
#define KEY_FROM_HOST "\001host"

struct mapper {
	struct trace *t;
	uint16_t src;
	const struct ingest_opts *o;
	struct mapper_spec spec;
	const struct harness_roles *roles;      /* spec's layout, or NULL */
	const char *role_col[ROLE_COUNT];       /* column name, for messages */
	bool has[ROLE_COUNT];                   /* role found in this input */
	double ttft_div;
	double e2e_div;                         /* units per second of ROLE_E2E */
	bool unit_assumed;                      /* no suffix, no --unit */
	uint64_t n_over_minute;                 /* samples > 60 s, for a hint */
	uint64_t n_samples;
	bool all_whole_over_100;                /* every sample so far */
	bool derived;                           /* ttft = first - start */
	size_t nkeys;                           /* key roles in use */
	size_t key_index[TRACE_MAX_KEYS];       /* key role -> trace key */
	char key_tag[TRACE_MAX_KEYS][64];       /* key role read from inside
	                                           a field: a tag's name, or
	                                           KEY_FROM_HOST */
	uint32_t key_const[TRACE_MAX_KEYS];     /* per trace key: --set or file */
	bool warned_zone;
	/* the filters in force: --where, else the harness's */
	struct ingest_where where[INGEST_MAX_WHERE];
	size_t nwhere;
	bool where_is_harness;                  /* they are the harness's */
	char numtext[ROLE_COUNT][32];           /* numbers shown as text */
	/* keys and filters computed from the start time (hour, weekday,
	 * date) when no column has their name: a timekey per trace key and
	 * per filter */
	unsigned char derived_key[TRACE_MAX_KEYS];
	unsigned char derived_where[INGEST_MAX_WHERE];
	bool any_derived;
	bool have_derived;                      /* this record's are set */
	const struct tz *zone;          /* --tz; NULL UTC */
	char derived_text[4][16];
	size_t nroles;                          /* roles a record_clear clears */
	struct rowkey_cache cache;
	/* group keys no field gave: the harness may still learn them at the
	 * end (hrec_late_key), and with none at all the cell is the file */
	char missing[TRACE_MAX_KEYS][64];
	size_t nmissing;
	bool file_pending;                      /* the file fallback waits */
};

void record_clear(struct record *r, const struct mapper *m);

/*
 * Decide roles from field names.  role_of_col (n entries) receives, per
 * field, a bit mask of the roles it plays (bit r = role r).  Fails with
 * ERR_DATA when no TTFT can be found, naming the fields it saw, or when
 * an option names a field the input does not have.
 */
int mapper_init(struct mapper *m, struct trace *t, uint16_t src,
                const struct ingest_opts *o, const struct mapper_spec *spec,
                const char *const *names, const size_t *lens, size_t n,
                uint64_t *role_of_col, struct err *e);

/* Could a field of this name play a role (a known spelling, or one an
 * option or the harness names)?  Unknown names need no new mapping. */
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

/* What mapper_finish() needs from the records part (a second mapper of
 * the same input, on the same fields) mapped. */
void mapper_absorb(struct mapper *m, const struct mapper *part);

/* End of input: notes that need the whole file.  Releases the cache. */
int mapper_finish(struct mapper *m, struct err *e);
void mapper_release(struct mapper *m);

#endif
