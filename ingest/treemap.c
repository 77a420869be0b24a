/*
 * treemap.c — tree records through the harness's derive() to the mapper.
 */
#include "treemap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "utf8.h"
#include "json.h"
#include "names.h"
#include "yaml.h"

#define MAX_FIELDS (TREE_MAX_LEAVES + 32)
#define MAX_DERIVED 32
/* Names are capped, so a file of ever-new keys cannot make learning
 * quadratic. */
#define MAX_NAMES 256

struct field {
	const char *name;
	const char *val;                /* NULL: absent or null */
	size_t len;
	bool too_long;
};

/* A field derive() added: offsets into the scratch arena. */
struct derived {
	size_t name, val, len;
	bool null;
};

struct hrec {
	struct treemap *tm;
	const struct tree_record *r;
	char reason[240];
};

struct treemap {
	struct trace *t;
	uint16_t src;
	struct ingest_opts o;
	struct mapper_spec spec;
	struct err *e;
	const struct tree *tree;

	bool mapped;
	char **names;
	size_t *name_lens, nnames;
	uint64_t *role_of_col;
	struct mapper map;

	struct field fields[MAX_FIELDS];
	/* derive()'s fields: names and values copied into scratch */
	struct derived derived[MAX_DERIVED];
	size_t nderived;
	char *scratch;
	size_t sused, scap;
	bool late_any;                  /* finish() gave a key */
	/* names already found not to matter: records repeat their leaves,
	 * and asking the mapper again for each is most of the cost */
	uint64_t *idle;
	size_t idle_slots, nidle;
};

int
treemap_new(struct treemap **tmp, struct trace *t, uint16_t src,
            const struct ingest_opts *o, const struct mapper_spec *spec,
            struct err *e)
{
	struct treemap *tm = calloc(1, sizeof *tm);

	*tmp = tm;
	if (tm == NULL)
		return err_nomem(e);
	tm->t = t;
	tm->src = src;
	tm->o = *o;
	tm->e = e;
	if (spec != NULL)
		tm->spec = *spec;
	return 0;
}

void
treemap_free(struct treemap *tm)
{
	if (tm == NULL)
		return;
	for (size_t i = 0; i < tm->nnames; i++)
		free(tm->names[i]);
	free(tm->names);
	free(tm->name_lens);
	free(tm->role_of_col);
	free(tm->scratch);
	free(tm->idle);
	mapper_release(&tm->map);
	free(tm);
}

void
treemap_set_tree(struct treemap *tm, const struct tree *tree)
{
	tm->tree = tree;
}

/* ==== names and the mapping ==== */

/* Add name to the mapping's names unless it is there. */
static int
add_name(struct treemap *tm, const char *name, size_t len)
{
	char **nn;
	size_t *nl;

	if (name == NULL || name[0] == '\0')
		return 0;
	for (size_t i = 0; i < tm->nnames; i++)
		if (tm->name_lens[i] == len && memcmp(tm->names[i], name, len) == 0)
			return 0;
	if (tm->nnames >= MAX_NAMES)
		return 0;
	nn = realloc(tm->names, (tm->nnames + 1) * sizeof *nn);
	if (nn == NULL)
		return err_nomem(tm->e);
	tm->names = nn;
	nl = realloc(tm->name_lens, (tm->nnames + 1) * sizeof *nl);
	if (nl == NULL)
		return err_nomem(tm->e);
	tm->name_lens = nl;
	if ((tm->names[tm->nnames] = malloc(len + 1)) == NULL)
		return err_nomem(tm->e);
	memcpy(tm->names[tm->nnames], name, len);
	tm->names[tm->nnames][len] = '\0';
	tm->name_lens[tm->nnames++] = len;
	return 0;
}

static const struct harness_roles *
roles_of(const struct treemap *tm)
{
	const struct harness *h = tm->spec.h;

	return h && tm->spec.layout >= 0 && (size_t)tm->spec.layout < h->nlayouts
	       ? &h->layouts[tm->spec.layout].roles : NULL;
}

/*
 * The field names come from the first record, plus every field an option
 * or the harness names: a record omits what it does not have (k6 adds an
 * error tag only to failures), and a later record's field can only be
 * read if the mapping knows its name.
 */
static int
map_fields(struct treemap *tm, const struct field *f, size_t n)
{
	const struct ingest_opts *o = &tm->o;
	const struct harness_roles *r = roles_of(tm);
	const char *named[] = {o->ttft_col, o->start_col, o->first_token_col,
	                       o->status_col,
	                       r ? r->ttft : NULL, r ? r->start : NULL,
	                       r ? r->ok : NULL, r ? r->status : NULL,
	                       r ? r->error : NULL, r ? r->failed : NULL,
	                       r ? r->first : NULL, r ? r->end : NULL,
	                       r ? r->e2e : NULL, r ? r->in_tokens : NULL};
	int rc = 0;

	for (size_t i = 0; i < n && rc == 0; i++)
		if (f[i].val != NULL || f[i].name[0] == '=')
			rc = add_name(tm, f[i].name, strlen(f[i].name));
	for (size_t i = 0; i < sizeof named / sizeof named[0] && rc == 0; i++)
		if (named[i] != NULL && named[i][0] != '\0')
			rc = add_name(tm, named[i], strlen(named[i]));
	/* the fields a harness takes its keys from ("provider=
	 * custom_llm_provider"), present or not in the first record */
	for (size_t k = 0; r != NULL && k < 4 && r->keys[k] && rc == 0; k++) {
		const char *f0 = strchr(r->keys[k], '=');
		while (f0 != NULL && *++f0 && rc == 0) {
			const char *comma = strchr(f0, ',');
			size_t fl = comma ? (size_t)(comma - f0) : strlen(f0);
			rc = add_name(tm, f0, fl);
			f0 = comma;
		}
	}
	for (size_t i = 0; i < o->nwhere && rc == 0; i++)
		rc = add_name(tm, o->where[i].col, o->where[i].col_len);
	if (rc != 0)
		return rc;
	free(tm->role_of_col);
	tm->role_of_col = calloc(tm->nnames ? tm->nnames : 1,
	                         sizeof *tm->role_of_col);
	if (tm->role_of_col == NULL)
		return err_nomem(tm->e);
	tm->mapped = true;
	return mapper_init(&tm->map, tm->t, tm->src, &tm->o, &tm->spec,
	                   (const char *const *)tm->names, tm->name_lens,
	                   tm->nnames, tm->role_of_col, tm->e);
}

static int
column_of(const struct treemap *tm, size_t i, const char *name)
{
	return columns_find(tm->names, tm->name_lens, tm->nnames, i, name,
	                    strlen(name));
}

/* A record the filters would drop must not decide the field names: JSON
 * Lines mix record shapes (k6 writes metric definitions among its
 * points). */
static bool
filtered_before_mapping(struct treemap *tm, const struct field *f, size_t n)
{
	const struct harness_roles *r = roles_of(tm);
	struct ingest_where w[INGEST_MAX_WHERE];
	size_t nw = 0;
	struct err ignore;

	if (tm->o.nwhere > 0) {
		memcpy(w, tm->o.where, tm->o.nwhere * sizeof w[0]);
		nw = tm->o.nwhere;
	} else if (r != NULL) {
		for (size_t i = 0; i < 3 && r->where[i] != NULL; i++)
			if (ingest_where_parse(r->where[i], &w[nw], &ignore) == 0)
				nw++;
	}
	for (size_t i = 0; i < nw; i++) {
		const char *v = NULL;
		size_t len = 0;
		bool seen = false;
		for (size_t k = 0; k < n; k++)
			if (strlen(f[k].name) == w[i].col_len &&
			    strncmp(f[k].name, w[i].col, w[i].col_len) == 0) {
				v = f[k].val;
				len = f[k].len;
				seen = true;
			}
		/* a filter on a field that no record has yet (hour) is the
		 * mapper's to decide */
		if (seen && !where_match(&w[i], v, len)) {
			tm->t->sources[tm->src].rows++;
			tm->t->sources[tm->src].filtered++;
			return true;
		}
	}
	return false;
}

static uint64_t
name_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;                   /* 0 marks an empty slot */
}

/* Is this name known not to matter?  Names are told apart by a 64-bit
 * hash alone: a collision is as likely as a cosmic ray. */
static bool
idle_has(const struct treemap *tm, uint64_t h)
{
	if (tm->idle_slots == 0)
		return false;
	for (size_t i = h & (tm->idle_slots - 1); tm->idle[i] != 0;
	     i = (i + 1) & (tm->idle_slots - 1))
		if (tm->idle[i] == h)
			return true;
	return false;
}

static void
idle_add(struct treemap *tm, uint64_t h)
{
	size_t i;

	if (tm->idle_slots == 0) {
		if ((tm->idle = calloc(8192, sizeof *tm->idle)) == NULL)
			return;         /* only a cache */
		tm->idle_slots = 8192;
	}
	if (2 * (tm->nidle + 1) > tm->idle_slots)
		return;
	for (i = h & (tm->idle_slots - 1); tm->idle[i] != 0;
	     i = (i + 1) & (tm->idle_slots - 1))
		if (tm->idle[i] == h)
			return;
	tm->idle[i] = h;
	tm->nidle++;
}

/* A field the mapping has not seen that could play a role. */
static bool
new_name(struct treemap *tm, const struct field *f, size_t i)
{
	uint64_t h;

	if (f[i].val == NULL || column_of(tm, i, f[i].name) >= 0)
		return false;
	h = name_hash(f[i].name);
	if (idle_has(tm, h))
		return false;
	if (mapper_name_matters(&tm->map, f[i].name, strlen(f[i].name)))
		return true;
	idle_add(tm, h);
	return false;
}

static int
learn_names(struct treemap *tm, const struct field *f, size_t n)
{
	bool news = false;

	for (size_t i = 0; i < n && !news; i++)
		news = new_name(tm, f, i);
	if (!news || tm->nnames >= MAX_NAMES)
		return 0;
	for (size_t i = 0; i < n && tm->nnames < MAX_NAMES; i++)
		if (f[i].val != NULL && column_of(tm, i, f[i].name) < 0 &&
		    mapper_name_matters(&tm->map, f[i].name, strlen(f[i].name)) &&
		    add_name(tm, f[i].name, strlen(f[i].name)) != 0)
			return tm->e->code;
	free(tm->role_of_col);
	tm->role_of_col = calloc(tm->nnames, sizeof *tm->role_of_col);
	if (tm->role_of_col == NULL)
		return err_nomem(tm->e);
	return mapper_remap(&tm->map, (const char *const *)tm->names,
	                    tm->name_lens, tm->nnames, tm->role_of_col, tm->e);
}

static int
reject_entry(struct treemap *tm, uint64_t entry, const char *reason)
{
	if (!tm->mapped) {
		/* the mapping needs a record; a made-up one counts this */
		struct field none = {"=", NULL, 0, false};
		struct err ignore = {0, ""};
		if (map_fields(tm, &none, 1) != 0) {
			/* no TTFT field at all yet: count it plainly */
			if (tm->e->code == ERR_NOMEM)
				return tm->e->code;
			*tm->e = ignore;
			tm->mapped = false;
			tm->t->sources[tm->src].rows++;
			return trace_reject(tm->t, tm->src, entry, reason, tm->e);
		}
	}
	return mapper_reject(&tm->map, entry, reason, tm->e);
}

static int
emit_fields(struct treemap *tm, const struct field *f, size_t n,
            uint64_t entry)
{
	struct record r;

	if (!tm->mapped) {
		if (filtered_before_mapping(tm, f, n))
			return 0;
		if (map_fields(tm, f, n) != 0)
			return tm->e->code;
	} else if (learn_names(tm, f, n) != 0) {
		return tm->e->code;
	}
	record_clear(&r, &tm->map);
	for (size_t i = 0; i < n; i++) {
		int col = column_of(tm, i, f[i].name);
		uint64_t roles;
		if (col >= 0 && f[i].too_long && tm->role_of_col[col] != 0) {
			char reason[120];
			snprintf(reason, sizeof reason,
			         "field '%.60s' is longer than 1 MiB", f[i].name);
			return mapper_reject(&tm->map, entry, reason, tm->e);
		}
		if (col < 0 || f[i].val == NULL)
			continue;
		roles = tm->role_of_col[col];
		while (roles != 0) {
			int b = role_take(&roles);
			r.val[b] = f[i].val;
			r.len[b] = f[i].len;
		}
	}
	return mapper_emit(&tm->map, &r, entry, tm->e);
}

/* ==== the records ==== */

int
treemap_record(struct treemap *tm, const struct tree_record *r)
{
	struct hrec h = {tm, r, ""};
	size_t n = 0;
	int rc;

	if (r->problem != NULL)
		return reject_entry(tm, r->entry, r->problem);
	tm->nderived = 0;
	tm->sused = 0;
	if (tm->spec.h != NULL && tm->spec.h->derive != NULL) {
		rc = tm->spec.h->derive(&h);
		if (rc == HARNESS_SKIP)
			return 0;
		if (rc == HARNESS_REJECT)
			return reject_entry(tm, r->entry, h.reason);
		if (rc != 0)
			return rc;
	}
	/* computed fields first: they are found before any leaf */
	for (size_t i = 0; i < tm->nderived; i++) {
		const struct derived *d = &tm->derived[i];
		tm->fields[n].name = tm->scratch + d->name;
		tm->fields[n].val = d->null ? NULL : tm->scratch + d->val;
		tm->fields[n].len = d->len;
		tm->fields[n++].too_long = false;
	}
	for (size_t i = 0; i < r->n && n < MAX_FIELDS; i++) {
		const struct tree_leaf *l = &r->leaves[i];
		tm->fields[n].name = l->path;
		tm->fields[n].val = l->kind == LEAF_NULL || l->too_long ? NULL
		                                                       : l->val;
		tm->fields[n].len = l->len;
		tm->fields[n++].too_long = l->too_long;
	}
	return emit_fields(tm, tm->fields, n, r->entry);
}

int
treemap_not_record(struct treemap *tm, uint64_t entry, const char *what)
{
	char reason[96];

	if (!tm->mapped && entry == 1)
		return err_set(tm->e, ERR_DATA, "%s: entry 1 is %s, not an object",
		               trace_source_name(tm->t, tm->src), what);
	snprintf(reason, sizeof reason, "the entry is %s, not an object", what);
	return reject_entry(tm, entry, reason);
}

int
treemap_broken(struct treemap *tm, const char *format,
               const struct tree_broken *b)
{
	char reason[300];
	uint64_t entries = tm->tree ? tree_entries(tm->tree) : 0;

	if (!tm->mapped && entries == 0)
		return err_set(tm->e, ERR_DATA, "%s: invalid %s at byte %llu: %s",
		               trace_source_name(tm->t, tm->src), format,
		               (unsigned long long)b->offset, b->why);
	snprintf(reason, sizeof reason, "byte %llu: invalid %s (%s); the rest "
	         "of the file cannot be read", (unsigned long long)b->offset,
	         format, b->why);
	return reject_entry(tm, entries + 1, reason);
}

int
treemap_value_end(struct treemap *tm)
{
	struct hrec h = {tm, NULL, ""};

	if (!tm->mapped || tm->spec.h == NULL || tm->spec.h->finish == NULL)
		return 0;
	return tm->spec.h->finish(&h);
}

int
treemap_finish(struct treemap *tm, const char *expected)
{
	if (tm->t->sources[tm->src].rows == 0 && !tm->mapped)
		return err_set(tm->e, ERR_DATA, "%s: no records found (%s)",
		               trace_source_name(tm->t, tm->src), expected);
	if (!tm->mapped)
		return 0;
	if (tm->map.file_pending && !tm->late_any) {
		/* neither model nor provider, even at the end */
		const char *name = trace_source_name(tm->t, tm->src);
		size_t idx;
		if (trace_key_find_or_add(tm->t, "file", &idx, tm->e) != 0 ||
		    trace_source_late_key(tm->t, tm->src, idx, name, strlen(name),
		                          tm->e) != 0)
			return tm->e->code;
	}
	return mapper_finish(&tm->map, tm->e);
}

/* ==== the hrec interface for derive() and finish() ==== */

const char *
hrec_str(const struct hrec *h, const char *path, size_t *len)
{
	const struct tree_leaf *l = h->r ? tree_leaf_get(h->r, path) : NULL;

	if (l == NULL || l->kind == LEAF_NULL || l->too_long)
		return NULL;
	if (len != NULL)
		*len = l->len;
	return l->val;
}

bool
hrec_num(const struct hrec *h, const char *path, double *x)
{
	size_t n;
	const char *s = hrec_str(h, path, &n);

	return s != NULL && field_number(s, n, x) == FIELD_NUM_OK;
}

bool
hrec_int(const struct hrec *h, const char *path, int64_t *x)
{
	size_t n, i = 0;
	const char *s = hrec_str(h, path, &n);
	uint64_t v = 0, limit;
	bool neg;

	if (s == NULL || n == 0)
		return false;
	neg = s[0] == '-';
	i = neg;
	if (i == n)
		return false;
	/* overflow-checked: int64_t's range, exactly */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < n; i++) {
		unsigned d = (unsigned)(s[i] - '0');
		if (d > 9 || v > (limit - d) / 10)
			return false;
		v = v * 10 + d;
	}
	*x = neg ? (v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v)
	         : (int64_t)v;
	return true;
}

bool
hrec_has_prefix(const struct hrec *h, const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; h->r && i < h->r->n; i++)
		if (h->r->leaves[i].path_len > n &&
		    memcmp(h->r->leaves[i].path, prefix, n) == 0 &&
		    h->r->leaves[i].kind != LEAF_NULL)
			return true;
	return false;
}

const char *
hrec_bucket(const struct hrec *h)
{
	return h->r ? h->r->bucket : "";
}

const char *
hrec_context(const struct hrec *h, const char *pattern, size_t *len)
{
	struct tree_leaf l;

	if (h->tm->tree == NULL || !tree_context(h->tm->tree, pattern, &l) ||
	    l.kind == LEAF_NULL)
		return NULL;
	if (len != NULL)
		*len = l.len;
	return l.val;
}

int
hrec_layout(const struct hrec *h)
{
	return h->tm->spec.layout;
}

bool
hrec_key_given(const struct hrec *h, const char *key)
{
	const struct ingest_opts *o = &h->tm->o;
	size_t n = strlen(key);

	for (size_t s = 0; s < o->nset; s++)
		if (o->set[s].key_len == n && memcmp(o->set[s].key, key, n) == 0)
			return true;
	return false;
}

const char *
hrec_source(const struct hrec *h)
{
	return trace_source_name(h->tm->t, h->tm->src);
}

static int
scratch_put(struct treemap *tm, const char *s, size_t n, size_t *off)
{
	if (tm->sused + n + 1 > tm->scap) {
		size_t cap = tm->scap ? tm->scap : 1024;
		char *ns;
		while (cap < tm->sused + n + 1)
			cap *= 2;
		if ((ns = realloc(tm->scratch, cap)) == NULL)
			return err_nomem(tm->e);
		tm->scratch = ns;
		tm->scap = cap;
	}
	if (n > 0)
		memcpy(tm->scratch + tm->sused, s, n);
	tm->scratch[tm->sused + n] = '\0';
	*off = tm->sused;
	tm->sused += n + 1;
	return 0;
}

int
hrec_put(struct hrec *h, const char *name, const char *val, size_t len)
{
	struct treemap *tm = h->tm;
	struct derived *d;

	if (tm->nderived == MAX_DERIVED)
		return 0;
	d = &tm->derived[tm->nderived];
	d->null = val == NULL;
	d->len = val ? len : 0;
	if (scratch_put(tm, name, strlen(name), &d->name) != 0 ||
	    scratch_put(tm, val ? val : "", d->len, &d->val) != 0)
		return tm->e->code;
	tm->nderived++;
	return 0;
}

int
hrec_put_num(struct hrec *h, const char *name, double x)
{
	char text[40];

	snprintf(text, sizeof text, "%.17g", x);
	return hrec_put(h, name, text, strlen(text));
}

int
hrec_reject(struct hrec *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->reason, sizeof h->reason, fmt, ap);
	va_end(ap);
	return HARNESS_REJECT;
}

int
hrec_note(struct hrec *h, const char *note)
{
	return trace_note(h->tm->t, h->tm->src, note, h->tm->e);
}

int
hrec_late_key(struct hrec *h, const char *name, const char *val, size_t len)
{
	struct treemap *tm = h->tm;
	struct mapper *m = &tm->map;
	size_t idx;

	for (size_t i = 0; i < m->nmissing; i++) {
		if (strcmp(m->missing[i], name) != 0)
			continue;
		if (!utf8_valid(val, len) || memchr(val, '\0', len) != NULL)
			return 0;
		if (trace_key_find_or_add(tm->t, name, &idx, tm->e) != 0 ||
		    trace_source_late_key(tm->t, tm->src, idx, val, len,
		                          tm->e) != 0)
			return tm->e->code;
		tm->late_any = true;
	}
	return 0;
}

/* ==== the reader ==== */

static int
sink_record(void *ctx, const struct tree_record *r)
{
	return treemap_record(ctx, r);
}

static int
sink_not_record(void *ctx, uint64_t entry, const char *what)
{
	return treemap_not_record(ctx, entry, what);
}

static int
sink_value_end(void *ctx)
{
	return treemap_value_end(ctx);
}

int
tree_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                 size_t head_len, const struct ingest_opts *o,
                 const struct mapper_spec *spec, const char *format,
                 bool yaml, bool array, struct err *e)
{
	const struct harness *h = spec ? spec->h : NULL;
	struct treemap *tm = NULL;
	struct tree *tree = NULL;
	struct tree_config c = {NULL, NULL, NULL};
	struct tree_sink sink;
	struct tree_events ev;
	struct tree_broken b;
	char expected[200];
	int rc;

	t->sources[src].format = format;
	t->sources[src].by_entry = true;
	if (h != NULL) {
		/* "*": the elements of one top-level array, or each object of
		 * JSON Lines */
		c.records = h->records && strcmp(h->records, "*") == 0 && !array
		            ? "" : h->records;
		c.columns = h->columns;
		c.keep = h->keep;
	} else if (array) {
		c.records = "*";        /* one array of objects */
	}
	if ((rc = treemap_new(&tm, t, src, o, spec, e)) != 0)
		goto out;
	sink.record = sink_record;
	sink.not_record = sink_not_record;
	sink.value_end = sink_value_end;
	sink.ctx = tm;
	if ((rc = tree_new(&tree, &c, &sink, e)) != 0)
		goto out;
	treemap_set_tree(tm, tree);
	ev = tree_events_of(tree);
	rc = yaml
	     ? yaml_read(fp, head, head_len, trace_source_name(t, src), o, &ev,
	                 &b, e)
	     : json_read(fp, head, head_len, trace_source_name(t, src), o, &ev,
	                 &b, e);
	if (rc == 0 && b.broken)
		rc = treemap_broken(tm, yaml ? "YAML" : "JSON", &b);
	if (rc == 0) {
		if (h != NULL && h->columns != NULL)
			snprintf(expected, sizeof expected, "%s keeps its requests "
			         "as arrays named %s, ...", h->name, h->columns[0]);
		else if (h != NULL)
			snprintf(expected, sizeof expected, "%s keeps its requests "
			         "at %s", h->name, h->records ? h->records
			                                      : "the top level");
		else
			snprintf(expected, sizeof expected, "expected %s",
			         array ? "an array of objects"
			               : "objects, one per line");
		rc = treemap_finish(tm, expected);
	}
out:
	tree_free(tree);
	treemap_free(tm);
	return rc;
}
