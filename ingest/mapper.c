/*
 * mapper.c — which field is which: options first, then the harness, then
 * the spellings every file is searched for.
 */
#include "mapper.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "names.h"

/* A role the harness names: NULL asks for the generic search, "" for none. */
static const char *
harness_role(const struct mapper *m, size_t offset)
{
	if (m->roles == NULL)
		return NULL;
	return *(const char *const *)((const char *)m->roles + offset);
}

#define HROLE(m, field) harness_role((m), offsetof(struct harness_roles, field))

static void
assign(struct mapper *m, uint64_t *role_of_col, int col, enum role r,
       const char *const *names)
{
	m->has[r] = true;
	m->role_col[r] = names[col];
	if ((size_t)r + 1 > m->nroles)
		m->nroles = (size_t)r + 1;
	role_of_col[col] |= (uint64_t)1 << r;
}

/* A field an option names: ERR_DATA when the input has none. */
static int
need_column(struct mapper *m, uint64_t *role_of_col, const char *const *names,
            const size_t *lens, size_t n, const char *want, const char *what,
            enum role r, struct err *e)
{
	int col = names_find_exact(names, lens, n, want, strlen(want));
	char seen[400];

	if (col < 0) {
		names_list(seen, sizeof seen, names, lens, n);
		return err_set(e, ERR_DATA, "%s: no column '%s' (%s); columns: %s",
		               trace_source_name(m->t, m->src), want, what, seen);
	}
	assign(m, role_of_col, col, r, names);
	return 0;
}

/* The option's field, else the harness's (when the input has it), else
 * the first known spelling: the column index, or -1 for none. */
static int
pick(const struct mapper *m, const char *option, const char *harness,
     const char *const *known, const char *const *names, const size_t *lens,
     size_t n)
{
	int col;

	(void)m;
	if (option != NULL)
		return names_find_exact(names, lens, n, option, strlen(option));
	if (harness != NULL && harness[0] != '\0' &&
	    (col = names_find_exact(names, lens, n, harness,
	                            strlen(harness))) >= 0)
		return col;
	if (harness != NULL && harness[0] == '\0')
		return -1;
	return names_find_known(names, lens, n, known);
}

static int
map_status_columns(struct mapper *m, uint64_t *role_of_col,
                   const char *const *names, const size_t *lens, size_t n,
                   struct err *e)
{
	const struct ingest_opts *o = m->o;
	static const struct {
		enum role r;
		size_t off;
		const char *const *known;
	} flags[] = {
		{ROLE_OK, offsetof(struct harness_roles, ok), names_ok},
		{ROLE_ERROR, offsetof(struct harness_roles, error), names_error},
		{ROLE_FAILED, offsetof(struct harness_roles, failed), names_failed},
	};
	int col;

	if (o->status_col != NULL) {
		if (need_column(m, role_of_col, names, lens, n, o->status_col,
		                "--status", ROLE_STATUS, e) != 0)
			return e->code;
	} else if ((col = pick(m, NULL, HROLE(m, status), names_status, names,
	                       lens, n)) >= 0) {
		assign(m, role_of_col, col, ROLE_STATUS, names);
	}
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		if ((col = pick(m, NULL, harness_role(m, flags[i].off),
		                flags[i].known, names, lens, n)) >= 0)
			assign(m, role_of_col, col, flags[i].r, names);
	/* what the capture audit reads beside the TTFT, when present */
	if ((col = pick(m, NULL, HROLE(m, e2e), names_e2e, names, lens, n)) >= 0) {
		char nm[NAMES_MAX_CHARS];
		size_t l = lens[col] < sizeof nm ? lens[col] : sizeof nm - 1;
		assign(m, role_of_col, col, ROLE_E2E, names);
		memcpy(nm, names[col], l);
		nm[l] = '\0';
		/* the harness's unit for its own field, else the name's, else
		 * the TTFT's (record.c, once that is known) */
		m->e2e_div = m->roles != NULL && m->roles->e2e != NULL &&
		             m->roles->e2e_div > 0 && strcmp(names[col],
		                                             m->roles->e2e) == 0
		             ? m->roles->e2e_div : field_unit_from_name(nm);
	}
	if ((col = pick(m, NULL, HROLE(m, in_tokens), names_in_tokens, names,
	                lens, n)) >= 0)
		assign(m, role_of_col, col, ROLE_INTOK, names);
	return 0;
}

static int
map_time_columns(struct mapper *m, uint64_t *role_of_col,
                 const char *const *names, const size_t *lens, size_t n,
                 struct err *e)
{
	const struct ingest_opts *o = m->o;
	char seen[400];
	int col;

	if (o->first_token_col != NULL) {
		if (o->start_col == NULL)
			return err_set(e, ERR_USAGE,
			               "--first-token needs --start");
		m->derived = true;
		if (need_column(m, role_of_col, names, lens, n,
		                o->first_token_col, "--first-token",
		                ROLE_FIRST, e) != 0 ||
		    need_column(m, role_of_col, names, lens, n, o->start_col,
		                "--start", ROLE_START, e) != 0)
			return e->code;
		return 0;
	}
	/* a harness that records a first-token time: TTFT = first - start,
	 * when this input has both (and no --ttft says otherwise) */
	if (o->ttft_col == NULL && m->roles != NULL && m->roles->first != NULL &&
	    m->roles->start != NULL &&
	    (col = names_find_exact(names, lens, n, m->roles->first,
	                            strlen(m->roles->first))) >= 0) {
		int sc = names_find_exact(names, lens, n, m->roles->start,
		                          strlen(m->roles->start));
		if (sc >= 0) {
			m->derived = true;
			assign(m, role_of_col, col, ROLE_FIRST, names);
			assign(m, role_of_col, sc, ROLE_START, names);
			if (m->roles->end != NULL &&
			    (col = names_find_exact(names, lens, n, m->roles->end,
			                            strlen(m->roles->end))) >= 0)
				assign(m, role_of_col, col, ROLE_END, names);
			return 0;
		}
	}
	if (o->ttft_col != NULL) {
		if (need_column(m, role_of_col, names, lens, n, o->ttft_col,
		                "--ttft", ROLE_TTFT, e) != 0)
			return e->code;
	} else if ((col = pick(m, NULL, HROLE(m, ttft), names_ttft, names, lens,
	                       n)) >= 0) {
		assign(m, role_of_col, col, ROLE_TTFT, names);
	} else {
		names_list(seen, sizeof seen, names, lens, n);
		return err_set(e, ERR_DATA,
		               "%s: no TTFT column found; columns: %s; name one "
		               "with --ttft COL (and --unit), or use --start and "
		               "--first-token", trace_source_name(m->t, m->src),
		               seen);
	}
	/* unit: --unit, else the harness's for its own field, else the
	 * name's suffix, else seconds (and mapper_finish() checks that) */
	if (o->unit_div > 0)
		m->ttft_div = o->unit_div;
	else if (m->roles != NULL && o->ttft_col == NULL &&
	         m->roles->ttft_div > 0 && m->roles->ttft != NULL &&
	         strcmp(m->role_col[ROLE_TTFT], m->roles->ttft) == 0)
		m->ttft_div = m->roles->ttft_div;
	else {
		char nm[NAMES_MAX_CHARS];
		size_t l = strlen(m->role_col[ROLE_TTFT]);
		if (l >= sizeof nm)
			l = sizeof nm - 1;
		memcpy(nm, m->role_col[ROLE_TTFT], l);
		nm[l] = '\0';
		m->ttft_div = field_unit_from_name(nm);
		if (m->ttft_div == 0) {
			m->ttft_div = 1.0;
			m->unit_assumed = true;
		}
	}
	if (o->start_col != NULL) {
		if (need_column(m, role_of_col, names, lens, n, o->start_col,
		                "--start", ROLE_START, e) != 0)
			return e->code;
	} else if ((col = pick(m, NULL, HROLE(m, start), names_start, names,
	                       lens, n)) >= 0) {
		assign(m, role_of_col, col, ROLE_START, names);
	}
	return 0;
}

/* A group key's field: its name, under one of the harness's key prefixes,
 * as a field the harness computed ("=model"), or the one leaf whose last
 * segment is the name ("data.tags.name" for name). */
static int
find_key(const struct mapper *m, const char *const *names, const size_t *lens,
         size_t n, const char *key)
{
	size_t kl = strlen(key);
	char full[NAMES_MAX_CHARS * 2];
	int col, found = -1;

	/* the harness's own field for the key, when the input has one */
	for (size_t k = 0; m->roles != NULL && k < 4 && m->roles->keys[k]; k++) {
		const char *spec = m->roles->keys[k], *eq = strchr(spec, '=');
		if (eq == NULL || (size_t)(eq - spec) != kl ||
		    strncmp(spec, key, kl) != 0)
			continue;
		for (const char *f = eq + 1; *f;) {
			const char *comma = strchr(f, ',');
			size_t fl = comma ? (size_t)(comma - f) : strlen(f);
			if ((col = names_find_exact(names, lens, n, f, fl)) >= 0)
				return col;
			f += fl + (comma != NULL);
		}
	}
	if ((col = names_find_exact(names, lens, n, key, kl)) >= 0)
		return col;
	for (size_t p = 0; m->spec.h && p < 3 && m->spec.h->key_prefix[p]; p++) {
		snprintf(full, sizeof full, "%s%s", m->spec.h->key_prefix[p], key);
		if ((col = names_find_exact(names, lens, n, full,
		                            strlen(full))) >= 0)
			return col;
	}
	snprintf(full, sizeof full, "=%s", key);
	if ((col = names_find_exact(names, lens, n, full, strlen(full))) >= 0)
		return col;
	for (size_t i = 0; i < n; i++) {
		const char *dot = memchr(names[i], '.', lens[i]), *last = NULL;
		for (const char *p = dot; p != NULL;
		     p = memchr(p + 1, '.', lens[i] - (size_t)(p + 1 - names[i])))
			last = p;
		if (last != NULL && names_is(last + 1,
		                             lens[i] - (size_t)(last + 1 - names[i]),
		                             key)) {
			if (found >= 0)
				return -1;      /* ambiguous: name it in full */
			found = (int)i;
		}
	}
	return found;
}

static bool
key_is_set(const struct ingest_opts *o, const char *key)
{
	for (size_t s = 0; s < o->nset; s++)
		if (strlen(key) == o->set[s].key_len &&
		    strncmp(key, o->set[s].key, o->set[s].key_len) == 0)
			return true;
	return false;
}

/* Group keys: --by (or the harness's, or model,provider), then --set. */
static int
map_key_columns(struct mapper *m, uint64_t *role_of_col,
                const char *const *names, const size_t *lens, size_t n,
                struct err *e)
{
	const struct ingest_opts *o = m->o;
	const char *by[TRACE_MAX_KEYS];
	size_t nby = 0, idx;
	char listed[256];
	bool defaults = false, any = false;

	if (o->nby > 0) {
		for (size_t i = 0; i < o->nby; i++)
			by[nby++] = o->by[i];
	} else if (m->roles != NULL && m->roles->by != NULL) {
		snprintf(listed, sizeof listed, "%s", m->roles->by);
		char *save = NULL;
		for (char *tok = strtok_r(listed, ",", &save);
		     tok && nby < TRACE_MAX_KEYS;
		     tok = strtok_r(NULL, ",", &save))
			by[nby++] = tok;
	} else {
		by[nby++] = "model";
		by[nby++] = "provider";
		defaults = true;
	}
	for (size_t k = 0; k < TRACE_MAX_KEYS; k++)
		m->key_const[k] = TRACE_NONE;
	for (size_t i = 0; i < nby; i++) {
		int col = find_key(m, names, lens, n, by[i]);
		bool set = key_is_set(o, by[i]);
		enum timekey tk = timekey_of(by[i], strlen(by[i]));
		if (col < 0 && !set && m->has[ROLE_START] && tk != TIMEKEY_NONE) {
			if (trace_key_find_or_add(m->t, by[i], &idx, e) != 0)
				return e->code;
			m->derived_key[idx] = (unsigned char)tk;
			m->any_derived = true;
			any = true;
			continue;
		}
		const char *from = NULL;
		if (col < 0 && !set && m->roles != NULL && m->roles->url != NULL &&
		    strcmp(by[i], "provider") == 0 &&
		    (col = names_find_exact(names, lens, n, m->roles->url,
		                            strlen(m->roles->url))) >= 0)
			from = KEY_FROM_HOST;   /* the URL's host */
		else if (col < 0 && !set && m->roles != NULL &&
		         m->roles->tags != NULL &&
		         (col = names_find_exact(names, lens, n, m->roles->tags,
		                                 strlen(m->roles->tags))) >= 0)
			from = by[i];           /* k6's extra_tags: "model=x&..." */
		if (from != NULL) {
			if (trace_key_find_or_add(m->t, by[i], &idx, e) != 0)
				return e->code;
			any = true;
			snprintf(m->key_tag[m->nkeys], sizeof m->key_tag[0], "%s",
			         from);
			m->key_index[m->nkeys] = idx;
			assign(m, role_of_col, col,
			       (enum role)(ROLE_KEY0 + m->nkeys), names);
			m->nkeys++;
			continue;
		}
		if (col < 0 && !set) {
			/* no record has it (said at the end), or the harness
			 * learns it at the end */
			snprintf(m->missing[m->nmissing++], sizeof m->missing[0],
			         "%s", by[i]);
			continue;
		}
		if (trace_key_find_or_add(m->t, by[i], &idx, e) != 0)
			return e->code;
		any = true;
		if (set)
			continue;       /* --set overrides the column */
		m->key_index[m->nkeys] = idx;
		assign(m, role_of_col, col, (enum role)(ROLE_KEY0 + m->nkeys), names);
		m->nkeys++;
	}
	for (size_t s = 0; s < o->nset; s++) {
		char key[NAMES_MAX_CHARS];
		size_t kl = o->set[s].key_len < sizeof key - 1 ? o->set[s].key_len
		                                                : sizeof key - 1;
		memcpy(key, o->set[s].key, kl);
		key[kl] = '\0';
		if (trace_key_find_or_add(m->t, key, &idx, e) != 0 ||
		    trace_str_intern(m->t, o->set[s].value, strlen(o->set[s].value),
		                     &m->key_const[idx], e) != 0)
			return e->code;
		any = true;
	}
	if (!any && defaults && m->spec.h != NULL && m->spec.h->finish != NULL) {
		m->file_pending = true;         /* unless finish() finds them */
	} else if (!any && defaults) {
		/* Neither model nor provider: the whole file is one cell. */
		const char *name = trace_source_name(m->t, m->src);
		if (trace_key_find_or_add(m->t, "file", &idx, e) != 0 ||
		    trace_str_intern(m->t, name, strlen(name), &m->key_const[idx],
		                     e) != 0)
			return e->code;
	}
	return 0;
}

static int
map_filters(struct mapper *m, uint64_t *role_of_col, const char *const *names,
            const size_t *lens, size_t n, struct err *e)
{
	const struct ingest_opts *o = m->o;
	char seen[400];

	if (o->nwhere > 0) {
		memcpy(m->where, o->where, o->nwhere * sizeof o->where[0]);
		m->nwhere = o->nwhere;
	} else if (m->roles != NULL) {
		for (size_t w = 0; w < 3 && m->roles->where[w] != NULL; w++)
			if (ingest_where_parse(m->roles->where[w],
			                       &m->where[m->nwhere++], e) != 0)
				return e->code;
		m->where_is_harness = m->nwhere > 0;
	}
	for (size_t w = 0; w < m->nwhere; w++) {
		char col_name[NAMES_MAX_CHARS];
		size_t cl = m->where[w].col_len < sizeof col_name - 1
		            ? m->where[w].col_len : sizeof col_name - 1;
		int col;
		enum timekey tk = timekey_of(m->where[w].col, m->where[w].col_len);

		memcpy(col_name, m->where[w].col, cl);
		col_name[cl] = '\0';
		col = find_key(m, names, lens, n, col_name);
		if (col < 0 && tk != TIMEKEY_NONE && m->has[ROLE_START]) {
			m->derived_where[w] = (unsigned char)tk;
			m->any_derived = true;
			continue;
		}
		if (col < 0 && m->where_is_harness) {
			/* a harness's filter on a field this layout lacks */
			memmove(&m->where[w], &m->where[w + 1],
			        (m->nwhere - w - 1) * sizeof m->where[0]);
			m->nwhere--;
			w--;
			continue;
		}
		if (col < 0) {
			names_list(seen, sizeof seen, names, lens, n);
			return err_set(e, ERR_DATA,
			               "%s: no column '%s' for --where; columns: %s",
			               trace_source_name(m->t, m->src), col_name, seen);
		}
		assign(m, role_of_col, col, (enum role)(ROLE_WHERE0 + w), names);
	}
	return 0;
}

int
mapper_init(struct mapper *m, struct trace *t, uint16_t src,
            const struct ingest_opts *o, const struct mapper_spec *spec,
            const char *const *names, const size_t *lens, size_t n,
            uint64_t *role_of_col, struct err *e)
{
	memset(m, 0, sizeof *m);
	m->t = t;
	m->src = src;
	m->o = o;
	if (spec != NULL)
		m->spec = *spec;
	if (m->spec.h != NULL && m->spec.layout >= 0 &&
	    (size_t)m->spec.layout < m->spec.h->nlayouts)
		m->roles = &m->spec.h->layouts[m->spec.layout].roles;
	m->all_whole_over_100 = true;
	/* the status and failure roles are read whether mapped or not */
	m->nroles = ROLE_KEY0;
	for (size_t i = 0; i < n; i++)
		role_of_col[i] = 0;
	if (map_time_columns(m, role_of_col, names, lens, n, e) != 0 ||
	    map_status_columns(m, role_of_col, names, lens, n, e) != 0 ||
	    map_key_columns(m, role_of_col, names, lens, n, e) != 0 ||
	    map_filters(m, role_of_col, names, lens, n, e) != 0)
		return e->code;
	m->zone = o->tz;
	return 0;
}

bool
mapper_name_matters(const struct mapper *m, const char *name, size_t len)
{
	const struct ingest_opts *o = m->o;
	const struct harness_roles *r = m->roles;
	const char *named[] = {o->ttft_col, o->start_col, o->first_token_col,
	                       o->status_col, r ? r->ttft : NULL,
	                       r ? r->start : NULL, r ? r->ok : NULL,
	                       r ? r->status : NULL, r ? r->error : NULL,
	                       r ? r->failed : NULL, "model", "provider"};

	if (len > 0 && name[0] == '=')
		return true;            /* a field the harness computed */
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i] != NULL && named[i][0] != '\0' &&
		    names_is(name, len, named[i]))
			return true;
	const char *last = name;
	size_t lastlen = len;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '.') {
			last = name + i + 1;
			lastlen = len - i - 1;
		}
	/* a group key may sit anywhere: data.tags.name for --by name */
	for (size_t i = 0; i < o->nby; i++)
		if (names_is(name, len, o->by[i]) ||
		    names_is(last, lastlen, o->by[i]))
			return true;
	if (names_is(last, lastlen, "model") ||
	    names_is(last, lastlen, "provider"))
		return true;
	for (size_t i = 0; i < m->nwhere; i++)
		if (len == m->where[i].col_len &&
		    strncmp(name, m->where[i].col, len) == 0)
			return true;
	return names_known(name, len);
}

int
mapper_remap(struct mapper *m, const char *const *names, const size_t *lens,
             size_t n, uint64_t *role_of_col, struct err *e)
{
	struct mapper old = *m;
	int rc = mapper_init(m, old.t, old.src, old.o, &old.spec, names, lens, n,
	                     role_of_col, e);

	/* what mapper_finish needs from the records seen so far */
	m->n_samples = old.n_samples;
	m->n_over_minute = old.n_over_minute;
	m->all_whole_over_100 = old.all_whole_over_100;
	m->warned_zone = old.warned_zone;
	/* the key columns may have moved: remembered cells no longer hold */
	rowkey_cache_free(&old.cache);
	return rc;
}

void
mapper_absorb(struct mapper *m, const struct mapper *part)
{
	m->n_samples += part->n_samples;
	m->n_over_minute += part->n_over_minute;
	m->all_whole_over_100 = m->all_whole_over_100 && part->all_whole_over_100;
	m->warned_zone = m->warned_zone || part->warned_zone;
}

void
mapper_release(struct mapper *m)
{
	rowkey_cache_free(&m->cache);
}
