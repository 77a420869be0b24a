/*
 * columns.c — which field is which, and what a record means.
 *
 * The rules, in the order mapper_emit() applies them:
 *   1. --where filters: a record that does not match is counted as filtered.
 *   2. Failure wins: status 0 or >= 400, a non-numeric status, ok=false,
 *      a non-empty error field or failed=true make the record a failed
 *      request, whatever TTFT it carries (SPEC.md "Failed requests").
 *   3. Group keys: present, valid UTF-8, no NUL; an empty value means the
 *      record lacks that key and the key is omitted from its group.
 *   4. A success needs a finite TTFT > 0 (zero cannot be a time to first
 *      token and would break the log-scale analyses), and a start time
 *      that parses when one is given.
 */
#include "columns.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "field.h"

#define NAME_MAX_CHARS 128

/* Known spellings, compared after normalise(): lower case, unit suffix
 * and punctuation removed.  Earlier entries win. */
static const char *const ttft_names[] = {
	"ttft", "timetofirsttoken", "firsttokenlatency", "latencytofirsttoken",
	"ttfb", "timetofirstbyte", NULL};
static const char *const start_names[] = {
	"start", "starttime", "startedat", "startts", "starttimestamp",
	"requeststart", "requeststarttime", "timestamp", "ts", "time",
	"datetime", NULL};
static const char *const status_names[] = {
	"status", "statuscode", "httpstatus", "httpcode", "responsecode", NULL};
static const char *const ok_names[] = {
	"ok", "success", "succeeded", "successful", "issuccess", NULL};
static const char *const error_names[] = {
	"error", "errors", "err", "errorcode", "errormsg", "errormessage",
	"errortype", NULL};
static const char *const failed_names[] = {
	"failed", "failure", "iserror", "haserror", NULL};

/*
 * The presets: each only a bundle of mapping rules (SPEC.md).  Fields, in
 * order: name, summary, kind, JSON record path, group-key prefix, TTFT
 * field, its unit (divisor), start field, its unit, group keys, a filter,
 * ok field, status field, error field.
 */
const struct preset ingest_presets[] = {
	{"jmeter", "JMeter JTL as CSV: Latency (ms, time to first byte), "
	           "timeStamp, label, success, responseCode",
	 PRESET_PLAIN, NULL, NULL,
	 "Latency", 1e3, "timeStamp", TIME_MS, "label", {NULL}, "success",
	 "responseCode", NULL},
	{"k6", "k6 --out csv: http_req_waiting rows (ms, time to first byte), "
	       "grouped by name",
	 PRESET_PLAIN, NULL, NULL,
	 "metric_value", 1e3, "timestamp", TIME_S, "name",
	 {"metric_name=http_req_waiting"}, NULL, "status", "error"},
	{"k6-json", "k6 --out json: http_req_waiting points (ms), keys from "
	            "data.tags (model, provider, or --by name, url, ...)",
	 PRESET_PLAIN, "", "data.tags.",
	 "data.value", 1e3, "data.time", TIME_AUTO, NULL,
	 {"type=Point", "metric=http_req_waiting"}, NULL, "data.tags.status",
	 "data.tags.error"},
	{"llmperf", "LLMPerf *_individual_responses.json: ttft_s, error_code; "
	            "model from the file name",
	 PRESET_LLMPERF, "*", NULL,
	 "ttft_s", 1.0, NULL, TIME_AUTO, NULL, {NULL}, NULL, NULL, "error_code"},
	{"vllm", "vllm bench serve --save-detailed: ttfts, start_times, "
	         "errors; model_id; provider from label or backend",
	 PRESET_VLLM, NULL, NULL,
	 "ttft_s", 1.0, "start", TIME_S, NULL, {NULL}, NULL, NULL, "error"},
	{"genai-perf", "GenAI-Perf profile_export.json: response_timestamps[0] "
	               "- timestamp (ns); model from the request payload",
	 PRESET_GENAI, "experiments.*.requests.*", NULL,
	 "ttft_ns", 1e9, "start_ns", TIME_NS, NULL, {NULL}, NULL, NULL, "error"},
	{"aiperf", "AIPerf profile_export.jsonl: metrics.time_to_first_token "
	           "with its unit; metadata.request_start_ns; error",
	 PRESET_AIPERF, "", NULL,
	 "ttft_s", 1.0, "start_ns", TIME_NS, NULL, {NULL}, NULL, NULL, "error"},
	{"guidellm", "GuideLLM report: benchmarks[].requests.{successful,"
	             "errored,incomplete}[]: time_to_first_token_ms",
	 PRESET_GUIDELLM, "benchmarks.*.requests.*.*", "request_args.",
	 "time_to_first_token_ms", 1e3, "info.timings.request_start", TIME_S,
	 NULL, {NULL}, NULL, NULL, "error"},
	{"har", "HAR 1.2 (browser, proxy): time to first byte = blocked + dns "
	        "+ connect + send + wait; model from the request body",
	 PRESET_HAR, "log.entries.*", NULL,
	 "ttft_ms", 1e3, "start", TIME_AUTO, NULL, {NULL}, NULL, "status",
	 "error"},
	{NULL, NULL, PRESET_PLAIN, NULL, NULL, NULL, 0, NULL, TIME_AUTO, NULL,
	 {NULL}, NULL, NULL, NULL},
};

const struct preset *
ingest_preset_find(const char *name)
{
	for (const struct preset *p = ingest_presets; p->name != NULL; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

int
ingest_where_parse(const char *text, struct ingest_where *w, struct err *e)
{
	const char *op = strpbrk(text, "=~");

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

void
quote_for_message(char *buf, size_t size, const char *s, size_t len)
{
	size_t o = 0, shown = 0, i = 0;

	if (size < 8)
		return;
	buf[o++] = '\'';
	while (i < len && o + 8 < size) {
		unsigned char c = (unsigned char)s[i];
		size_t seq = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2
		             : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		if (shown++ == 40) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		/* Messages end up in terminals and in JSON: control bytes and
		 * broken UTF-8 are shown as '?', never passed through. */
		if (seq == 1 && c >= 0x20 && c != 0x7f) {
			buf[o++] = (char)c;
		} else if (seq > 1 && seq <= len - i &&
		           field_utf8_valid(s + i, seq)) {
			memcpy(buf + o, s + i, seq);
			o += seq;
			i += seq;
			continue;
		} else {
			buf[o++] = '?';
		}
		i++;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

/* Lower case, a trailing unit suffix dropped, only letters and digits. */
static void
normalise(const char *name, size_t len, char *out)
{
	char low[NAME_MAX_CHARS];
	size_t n = len < sizeof low - 1 ? len : sizeof low - 1, o = 0;

	memcpy(low, name, n);
	low[n] = '\0';
	if (field_unit_from_name(low) != 0.0) {
		/* cut at the separator before the unit */
		while (n > 0 && (isalpha((unsigned char)low[n - 1]) ||
		                 low[n - 1] == ')' || low[n - 1] == ']' ||
		                 low[n - 1] == ' '))
			n--;
	}
	for (size_t i = 0; i < n; i++)
		if (isalnum((unsigned char)low[i]))
			out[o++] = (char)tolower((unsigned char)low[i]);
	out[o] = '\0';
}

static bool
name_is(const char *name, size_t len, const char *want)
{
	size_t wl = strlen(want);
	const char *s = name;
	size_t n = len;

	field_trim(&s, &n);
	if (n != wl)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)want[i]))
			return false;
	return true;
}

static int
find_exact(const char *const *names, const size_t *lens, size_t n,
           const char *want, size_t want_len)
{
	char buf[NAME_MAX_CHARS];

	if (want_len >= sizeof buf)
		return -1;
	memcpy(buf, want, want_len);
	buf[want_len] = '\0';
	for (size_t i = 0; i < n; i++)
		if (name_is(names[i], lens[i], buf))
			return (int)i;
	return -1;
}

static int
find_known(const char *const *names, const size_t *lens, size_t n,
           const char *const *known)
{
	char base[NAME_MAX_CHARS];

	for (size_t k = 0; known[k] != NULL; k++)
		for (size_t i = 0; i < n; i++) {
			normalise(names[i], lens[i], base);
			if (strcmp(base, known[k]) == 0)
				return (int)i;
		}
	return -1;
}

/* "a, b, c" of the field names, for the message that no TTFT was found. */
static void
list_names(char *buf, size_t size, const char *const *names,
           const size_t *lens, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && o + 60 < size; i++) {
		char q[64];
		quote_for_message(q, sizeof q, names[i], lens[i]);
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", q);
	}
	if (n == 0)
		snprintf(buf, size, "none");
}

enum { DERIVED_NONE, DERIVED_HOUR, DERIVED_WEEKDAY, DERIVED_DATE };

/* hour, weekday and date can be computed from a start time */
static int
derived_kind(const char *name, size_t len)
{
	if (name_is(name, len, "hour"))
		return DERIVED_HOUR;
	if (name_is(name, len, "weekday"))
		return DERIVED_WEEKDAY;
	if (name_is(name, len, "date"))
		return DERIVED_DATE;
	return DERIVED_NONE;
}

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

/* Find an explicitly named column (option or preset); ERR_DATA if absent. */
static int
need_column(struct mapper *m, uint64_t *role_of_col, const char *const *names,
            const size_t *lens, size_t n, const char *want, const char *what,
            enum role r, struct err *e)
{
	int col = find_exact(names, lens, n, want, strlen(want));
	char seen[400];

	if (col < 0) {
		list_names(seen, sizeof seen, names, lens, n);
		return err_set(e, ERR_DATA, "%s: no column '%s' (%s); columns: %s",
		               trace_source_name(m->t, m->src), want, what, seen);
	}
	assign(m, role_of_col, col, r, names);
	return 0;
}

static int
map_status_columns(struct mapper *m, uint64_t *role_of_col,
                   const char *const *names, const size_t *lens, size_t n,
                   struct err *e)
{
	const struct ingest_opts *o = m->o;
	const struct preset *p = o->preset;
	const char *status = o->status_col ? o->status_col
	                     : p ? p->status_col : NULL;
	int col;

	if (status != NULL) {
		if (need_column(m, role_of_col, names, lens, n, status,
		                "--status", ROLE_STATUS, e) != 0)
			return e->code;
	} else if ((col = find_known(names, lens, n, status_names)) >= 0) {
		assign(m, role_of_col, col, ROLE_STATUS, names);
	}
	if (p != NULL && p->ok_col != NULL) {
		if (need_column(m, role_of_col, names, lens, n, p->ok_col,
		                "preset", ROLE_OK, e) != 0)
			return e->code;
	} else if ((col = find_known(names, lens, n, ok_names)) >= 0) {
		assign(m, role_of_col, col, ROLE_OK, names);
	}
	if (p != NULL && p->error_col != NULL) {
		if (need_column(m, role_of_col, names, lens, n, p->error_col,
		                "preset", ROLE_ERROR, e) != 0)
			return e->code;
	} else if ((col = find_known(names, lens, n, error_names)) >= 0) {
		assign(m, role_of_col, col, ROLE_ERROR, names);
	}
	if ((col = find_known(names, lens, n, failed_names)) >= 0)
		assign(m, role_of_col, col, ROLE_FAILED, names);
	return 0;
}

static int
map_time_columns(struct mapper *m, uint64_t *role_of_col,
                 const char *const *names, const size_t *lens, size_t n,
                 struct err *e)
{
	const struct ingest_opts *o = m->o;
	const struct preset *p = o->preset;
	const char *ttft = o->ttft_col;
	const char *start = o->start_col;
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
	if (ttft == NULL && p != NULL)
		ttft = p->ttft_col;
	if (ttft != NULL) {
		if (need_column(m, role_of_col, names, lens, n, ttft, "--ttft",
		                ROLE_TTFT, e) != 0)
			return e->code;
	} else if ((col = find_known(names, lens, n, ttft_names)) >= 0) {
		assign(m, role_of_col, col, ROLE_TTFT, names);
	} else {
		list_names(seen, sizeof seen, names, lens, n);
		return err_set(e, ERR_DATA,
		               "%s: no TTFT column found; columns: %s; name one "
		               "with --ttft COL (and --unit), or use --start and "
		               "--first-token", trace_source_name(m->t, m->src),
		               seen);
	}
	/* unit: --unit, else the preset's, else the name's suffix */
	if (o->unit_div > 0)
		m->ttft_div = o->unit_div;
	else if (p != NULL && o->ttft_col == NULL && p->unit_div > 0)
		m->ttft_div = p->unit_div;
	else {
		char nm[NAME_MAX_CHARS];
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
	if (start == NULL && p != NULL)
		start = p->start_col;
	if (start != NULL) {
		if (need_column(m, role_of_col, names, lens, n, start,
		                "--start", ROLE_START, e) != 0)
			return e->code;
	} else if ((col = find_known(names, lens, n, start_names)) >= 0) {
		assign(m, role_of_col, col, ROLE_START, names);
	}
	return 0;
}

/* Group keys: --by (or the preset's, or model,provider), then --set. */
static int
map_key_columns(struct mapper *m, uint64_t *role_of_col,
                const char *const *names, const size_t *lens, size_t n,
                struct err *e)
{
	const struct ingest_opts *o = m->o;
	const char *by[TRACE_MAX_KEYS];
	size_t nby = 0, idx;
	char presetby[256];
	bool defaults = false, any = false;

	if (o->nby > 0) {
		for (size_t i = 0; i < o->nby; i++)
			by[nby++] = o->by[i];
	} else if (o->preset != NULL && o->preset->by != NULL) {
		snprintf(presetby, sizeof presetby, "%s", o->preset->by);
		char *save = NULL;
		for (char *tok = strtok_r(presetby, ",", &save);
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
		int col = find_exact(names, lens, n, by[i], strlen(by[i]));
		bool set = false;
		if (col < 0 && o->preset != NULL && o->preset->key_prefix != NULL) {
			char full[NAME_MAX_CHARS];
			snprintf(full, sizeof full, "%s%s", o->preset->key_prefix, by[i]);
			col = find_exact(names, lens, n, full, strlen(full));
		}
		for (size_t s = 0; s < o->nset; s++)
			if (strlen(by[i]) == o->set[s].key_len &&
			    strncmp(by[i], o->set[s].key, o->set[s].key_len) == 0)
				set = true;
		if (col < 0 && !set && m->has[ROLE_START] &&
		    derived_kind(by[i], strlen(by[i])) != DERIVED_NONE) {
			if (trace_key_find_or_add(m->t, by[i], &idx, e) != 0)
				return e->code;
			m->derived_key[idx] = (unsigned char)derived_kind(by[i],
			                                                   strlen(by[i]));
			m->any_derived = true;
			any = true;
			continue;
		}
		if (col < 0 && !set) {
			if (!defaults) {
				char note[200];
				snprintf(note, sizeof note,
				         "no column '%s': that group key is omitted",
				         by[i]);
				if (trace_note(m->t, m->src, note, e) != 0)
					return e->code;
			}
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
		char key[NAME_MAX_CHARS];
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
	if (!any && defaults) {
		/* Neither model nor provider: the whole file is one cell. */
		const char *name = trace_source_name(m->t, m->src);
		if (trace_key_find_or_add(m->t, "file", &idx, e) != 0 ||
		    trace_str_intern(m->t, name, strlen(name), &m->key_const[idx],
		                     e) != 0)
			return e->code;
	}
	return 0;
}

int
mapper_init(struct mapper *m, struct trace *t, uint16_t src,
            const struct ingest_opts *o, const char *const *names,
            const size_t *lens, size_t n, uint64_t *role_of_col, struct err *e)
{
	char seen[400];

	memset(m, 0, sizeof *m);
	m->t = t;
	m->src = src;
	m->o = o;
	/* the status and failure roles are read whether mapped or not */
	m->nroles = ROLE_KEY0;
	for (size_t i = 0; i < n; i++)
		role_of_col[i] = 0;
	if (map_time_columns(m, role_of_col, names, lens, n, e) != 0 ||
	    map_status_columns(m, role_of_col, names, lens, n, e) != 0 ||
	    map_key_columns(m, role_of_col, names, lens, n, e) != 0)
		return e->code;
	if (o->nwhere > 0) {
		memcpy(m->where, o->where, o->nwhere * sizeof o->where[0]);
		m->nwhere = o->nwhere;
	} else if (o->preset != NULL) {
		for (size_t w = 0; w < 3 && o->preset->where[w] != NULL; w++)
			if (ingest_where_parse(o->preset->where[w],
			                       &m->where[m->nwhere++], e) != 0)
				return e->code;
	}
	for (size_t w = 0; w < m->nwhere; w++) {
		int col = find_exact(names, lens, n, m->where[w].col,
		                     m->where[w].col_len);
		int kind = derived_kind(m->where[w].col, m->where[w].col_len);
		if (col < 0 && kind != DERIVED_NONE && m->has[ROLE_START]) {
			m->derived_where[w] = (unsigned char)kind;
			m->any_derived = true;
			continue;
		}
		if (col < 0) {
			list_names(seen, sizeof seen, names, lens, n);
			return err_set(e, ERR_DATA,
			               "%s: no column '%.*s' for --where; "
			               "columns: %s", trace_source_name(t, src),
			               (int)m->where[w].col_len, m->where[w].col,
			               seen);
		}
		assign(m, role_of_col, col, (enum role)(ROLE_WHERE0 + w), names);
	}
	if (o->tz != NULL && m->any_derived) {
		/* "+02:00", "-0530", "UTC", or a zone name for localtime_r */
		bool nz;
		double t0;
		char iso[48];
		snprintf(iso, sizeof iso, "1970-01-01T00:00:00%s", o->tz);
		if (strcmp(o->tz, "UTC") == 0 || strcmp(o->tz, "Z") == 0)
			m->tz_offset = 0;
		else if (time_parse(iso, strlen(iso), TIME_AUTO, &t0, &nz) == 0 && !nz)
			m->tz_offset = (long)-t0;
		else
			m->tz_local = true;     /* TZ was set from --tz */
	}
	return 0;
}

bool
mapper_name_matters(const struct mapper *m, const char *name, size_t len)
{
	static const char *const *const lists[] = {
		ttft_names, start_names, status_names, ok_names, error_names,
		failed_names};
	const struct ingest_opts *o = m->o;
	const struct preset *p = o->preset;
	const char *named[] = {o->ttft_col, o->start_col, o->first_token_col,
	                       o->status_col, p ? p->ttft_col : NULL,
	                       p ? p->start_col : NULL, p ? p->ok_col : NULL,
	                       p ? p->status_col : NULL, p ? p->error_col : NULL,
	                       "model", "provider"};
	char base[NAME_MAX_CHARS];

	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i] != NULL && name_is(name, len, named[i]))
			return true;
	for (size_t i = 0; i < o->nby; i++)
		if (name_is(name, len, o->by[i]))
			return true;
	for (size_t i = 0; i < m->nwhere; i++)
		if (len == m->where[i].col_len &&
		    strncmp(name, m->where[i].col, len) == 0)
			return true;
	normalise(name, len, base);
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t k = 0; lists[l][k] != NULL; k++)
			if (strcmp(base, lists[l][k]) == 0)
				return true;
	return false;
}

int
mapper_remap(struct mapper *m, const char *const *names, const size_t *lens,
             size_t n, uint64_t *role_of_col, struct err *e)
{
	struct mapper old = *m;
	int rc = mapper_init(m, old.t, old.src, old.o, names, lens, n,
	                     role_of_col, e);

	/* what mapper_finish needs from the records seen so far */
	m->n_samples = old.n_samples;
	m->n_over_minute = old.n_over_minute;
	m->warned_zone = old.warned_zone;
	/* the key columns may have moved: remembered cells no longer hold */
	mapper_release(&old);
	return rc;
}

/* ==== one record ==== */

/* A record was rejected and counted; go on with the next one. */
#define REJECTED (-1)

/* Count a rejection: 0 when lenient, ERR_DATA with --strict. */
static int
reject(struct mapper *m, uint64_t line, const char *reason, struct err *e)
{
	char where[300];

	if (m->o->strict) {
		trace_where(m->t, m->src, line, where, sizeof where);
		return err_set(e, ERR_DATA, "%s: %s (--strict)", where, reason);
	}
	return trace_reject(m->t, m->src, line, reason, e);
}

int
mapper_reject(struct mapper *m, uint64_t line, const char *reason,
              struct err *e)
{
	m->t->sources[m->src].rows++;
	return reject(m, line, reason, e);
}

/* What a step returns after rejecting: the error, or REJECTED. */
static int
rejected(int rc)
{
	return rc != 0 ? rc : REJECTED;
}

/* Reject with "<column> '<value>' <problem>". */
static int
reject_value(struct mapper *m, uint64_t line, enum role r, const char *val,
             size_t len, const char *problem, struct err *e)
{
	char q[200], reason[400];

	quote_for_message(q, sizeof q, val, len);
	snprintf(reason, sizeof reason, "%s %s %s", m->role_col[r], q, problem);
	return rejected(reject(m, line, reason, e));
}

/* Reject with "<column> <number> <problem>". */
static int
reject_num(struct mapper *m, uint64_t line, enum role r, double x,
           const char *problem, struct err *e)
{
	char text[40];

	snprintf(text, sizeof text, "%.17g", x);
	return reject_value(m, line, r, text, strlen(text), problem, e);
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

/* Does the record say the request failed?  *status gets the HTTP status. */
static int
record_failed(struct mapper *m, const struct record *r, uint64_t line,
              bool *failed, uint16_t *status, struct err *e)
{
	const char *v;
	double num;
	int b;

	*failed = false;
	*status = 0;
	if (record_is_num(r, ROLE_STATUS) ||
	    ((v = r->val[ROLE_STATUS]) != NULL &&
	     !field_is_null(v, r->len[ROLE_STATUS]))) {
		bool ok_num = record_is_num(r, ROLE_STATUS);
		if (ok_num)
			num = r->num[ROLE_STATUS];
		else
			ok_num = field_number(v, r->len[ROLE_STATUS], &num) ==
			         FIELD_NUM_OK;
		if (ok_num && num >= 0 && num <= 65535 && num == floor(num)) {
			*status = (uint16_t)num;
			*failed = *status == 0 || *status >= 400;
		} else {
			/* JMeter writes "Non HTTP response code: ..." for a
			 * request that never got an HTTP answer. */
			*failed = true;
		}
	}
	if ((v = r->val[ROLE_OK]) != NULL && !field_is_null(v, r->len[ROLE_OK])) {
		b = field_bool(v, r->len[ROLE_OK]);
		if (b < 0)
			return reject_value(m, line, ROLE_OK, v, r->len[ROLE_OK],
			                    "is neither true nor false", e);
		if (b == 0)
			*failed = true;
	}
	if ((v = r->val[ROLE_ERROR]) != NULL &&
	    !field_is_null(v, r->len[ROLE_ERROR]) &&
	    field_bool(v, r->len[ROLE_ERROR]) != 0)
		*failed = true;
	if ((v = r->val[ROLE_FAILED]) != NULL &&
	    field_bool(v, r->len[ROLE_FAILED]) == 1)
		*failed = true;
	return 0;
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 31);
}

static uint64_t
hash_bytes(uint64_t h, const char *s, size_t len)
{
	uint64_t w = 0;

	h = mix(h, len);
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = mix(h, w);
	}
	w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return mix(h, w);
}

static bool
rowkey_equal(const struct rowkey *k, size_t nkeys, const char *const *v,
             const size_t *len)
{
	const char *b = k->bytes;

	for (size_t i = 0; i < nkeys; i++) {
		if (v[i] == NULL) {
			if (k->len[i] != UINT32_MAX)
				return false;
			continue;
		}
		if (k->len[i] != len[i] || memcmp(b, v[i], len[i]) != 0)
			return false;
		b += len[i];
	}
	return true;
}

static int
rowkey_store(struct rowkey *k, size_t nkeys, const char *const *v,
             const size_t *len, uint64_t h, uint32_t cell, struct err *e)
{
	size_t total = 0;

	for (size_t i = 0; i < nkeys; i++)
		total += v[i] ? len[i] : 0;
	if (total > k->cap) {
		char *nb = realloc(k->bytes, total);
		if (nb == NULL)
			return err_nomem(e);
		k->bytes = nb;
		k->cap = total;
	}
	total = 0;
	for (size_t i = 0; i < nkeys; i++) {
		k->len[i] = v[i] ? (uint32_t)len[i] : UINT32_MAX;
		if (v[i] != NULL && len[i] > 0) {
			memcpy(k->bytes + total, v[i], len[i]);
			total += len[i];
		}
	}
	k->hash = h;
	k->cell = cell;
	k->used = true;
	return 0;
}

/* The cell of a record: from the remembered raw keys when they were seen
 * before, else by checking and interning each key. */
static int
record_cell(struct mapper *m, const struct record *r, uint64_t line,
            uint32_t *cell, struct err *e)
{
	uint32_t key[TRACE_MAX_KEYS];
	const char *v[TRACE_MAX_KEYS];
	size_t len[TRACE_MAX_KEYS];
	uint64_t h = 0;
	struct rowkey *slot = NULL;

	for (size_t k = 0; k < m->nkeys; k++) {
		v[k] = r->val[ROLE_KEY0 + k];
		len[k] = v[k] ? r->len[ROLE_KEY0 + k] : 0;
		if (v[k] != NULL)
			field_trim(&v[k], &len[k]);
		/* an empty value means the record lacks the key */
		if (len[k] == 0 || len[k] >= UINT32_MAX)
			v[k] = NULL;
		h = v[k] ? hash_bytes(h, v[k], len[k]) : mix(h, UINT64_MAX);
	}
	/* keys derived from the start time differ from row to row */
	if (!m->any_derived) {
		if (m->rowkeys == NULL &&
		    (m->rowkeys = calloc(ROWKEY_SLOTS, sizeof *m->rowkeys)) == NULL)
			return err_nomem(e);
		slot = &m->rowkeys[h & (ROWKEY_SLOTS - 1)];
		if (slot->used && slot->hash == h &&
		    rowkey_equal(slot, m->nkeys, v, len)) {
			*cell = slot->cell;
			return 0;
		}
	}
	memcpy(key, m->key_const, sizeof key);
	for (size_t k = 0; k < TRACE_MAX_KEYS && m->any_derived; k++)
		if (m->derived_key[k] && m->have_derived) {
			const char *d = m->derived_text[m->derived_key[k]];
			if (trace_str_intern(m->t, d, strlen(d), &key[k], e) != 0)
				return e->code;
		}
	for (size_t k = 0; k < m->nkeys; k++) {
		if (v[k] == NULL)
			continue;
		if (!field_utf8_valid(v[k], len[k]) ||
		    memchr(v[k], '\0', len[k]) != NULL)
			return reject_value(m, line, (enum role)(ROLE_KEY0 + k), v[k],
			                    len[k], memchr(v[k], '\0', len[k])
			                    ? "contains a NUL byte"
			                    : "is not valid UTF-8", e);
		if (trace_str_intern(m->t, v[k], len[k], &key[m->key_index[k]],
		                     e) != 0)
			return e->code;
	}
	if (trace_cell_intern(m->t, key, cell, e) != 0)
		return e->code;
	return slot ? rowkey_store(slot, m->nkeys, v, len, h, *cell, e) : 0;
}

/* --epoch-unit, else the preset's unit when its start column is used. */
static enum time_unit
time_unit_of(const struct mapper *m)
{
	if (m->o->time_unit == TIME_AUTO && m->o->preset != NULL &&
	    m->o->start_col == NULL)
		return m->o->preset->time_unit;
	return m->o->time_unit;
}

/* Parse a time field: 0 = parsed, BLANK, REJECTED or an error code. */
#define BLANK (-2)
static int
record_time(struct mapper *m, const struct record *r, enum role role,
            uint64_t line, double *out, struct err *e)
{
	const char *v = r->val[role];
	size_t len = r->len[role];
	bool no_zone;
	enum time_unit unit = time_unit_of(m);

	if (record_is_num(r, role)) {
		if (!isfinite(r->num[role]))
			return reject_num(m, line, role, r->num[role],
			                  "is not a timestamp", e);
		*out = time_epoch_seconds(r->num[role], unit);
		return 0;
	}
	if (v == NULL || field_is_null(v, len))
		return BLANK;
	if (time_parse(v, len, unit, out, &no_zone) != 0)
		return reject_value(m, line, role, v, len, "is not a timestamp", e);
	if (no_zone && !m->warned_zone) {
		m->warned_zone = true;
		if (trace_note(m->t, m->src, "timestamps without a time zone "
		               "were read as UTC", e) != 0)
			return e->code;
	}
	return 0;
}

static int
record_ttft(struct mapper *m, const struct record *r, uint64_t line,
            double *ttft, double *start, struct err *e)
{
	const char *v = r->val[ROLE_TTFT];
	size_t len = r->len[ROLE_TTFT];
	double x, first;
	int rc;

	*start = NAN;
	if (m->derived) {
		if ((rc = record_time(m, r, ROLE_START, line, start, e)) == 0)
			rc = record_time(m, r, ROLE_FIRST, line, &first, e);
		if (rc == BLANK)
			return reject_value(m, line, ROLE_FIRST, "", 0,
			                    "or the start time is empty", e);
		if (rc != 0)
			return rc;
		x = first - *start;
		if (!(x > 0))
			return reject_value(m, line, ROLE_FIRST, r->val[ROLE_FIRST],
			                    r->len[ROLE_FIRST],
			                    "is not after the start time", e);
		*ttft = x;
		return 0;
	}
	if (record_is_num(r, ROLE_TTFT)) {
		x = r->num[ROLE_TTFT];
		if (!isfinite(x))
			return reject_num(m, line, ROLE_TTFT, x,
			                  "is not a finite number", e);
		if (x <= 0)
			return reject_num(m, line, ROLE_TTFT, x, x < 0 ? "is negative"
			                  : "is zero on a successful request", e);
		*ttft = x / m->ttft_div;
		goto start_time;
	}
	switch (v == NULL ? FIELD_NUM_EMPTY : field_number(v, len, &x)) {
	case FIELD_NUM_OK:
		break;
	case FIELD_NUM_EMPTY:
		return reject_value(m, line, ROLE_TTFT, "", 0,
		                    "is empty on a successful request", e);
	case FIELD_NUM_BAD:
		return reject_value(m, line, ROLE_TTFT, v, len, "is not a number",
		                    e);
	case FIELD_NUM_NONFINITE:
		return reject_value(m, line, ROLE_TTFT, v, len,
		                    "is not a finite number", e);
	}
	if (x < 0)
		return reject_value(m, line, ROLE_TTFT, v, len, "is negative", e);
	if (x == 0)
		return reject_value(m, line, ROLE_TTFT, v, len,
		                    "is zero on a successful request", e);
	*ttft = x / m->ttft_div;
start_time:
	if (m->has[ROLE_START]) {
		rc = record_time(m, r, ROLE_START, line, start, e);
		if (rc == BLANK)
			*start = NAN;
		else if (rc != 0)
			return rc;
	}
	return 0;
}

void
record_clear(struct record *r, const struct mapper *m)
{
	memset(r->val, 0, m->nroles * sizeof r->val[0]);
	r->nums = 0;
}

/* Give every decoded number text too, except on the hot roles that read
 * numbers directly (TTFT, times, status): keys, filters and flags need
 * text, and they are rarely numeric. */
static const struct record *
with_text(struct mapper *m, const struct record *r, struct record *copy)
{
	uint32_t textual = r->nums & ~(((uint32_t)1 << ROLE_OK) - 1);

	if (textual == 0)
		return r;
	*copy = *r;
	for (int k = ROLE_OK; k < ROLE_COUNT; k++) {
		if (!record_is_num(r, k))
			continue;
		if (r->num[k] == floor(r->num[k]) && fabs(r->num[k]) < 1e15)
			snprintf(m->numtext[k], sizeof m->numtext[k], "%.0f", r->num[k]);
		else
			snprintf(m->numtext[k], sizeof m->numtext[k], "%.17g",
			         r->num[k]);
		copy->val[k] = m->numtext[k];
		copy->len[k] = strlen(m->numtext[k]);
	}
	copy->nums &= ~textual;
	return copy;
}

/* hour ("07"), weekday ("Mon") and date ("2026-03-02") of the record's
 * start time, in --tz; false when it has none that parses. */
static bool
derive(struct mapper *m, const struct record *r)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	                                   "Fri", "Sat"};
	double t;
	time_t secs;
	struct tm tm;
	bool nz;

	if (record_is_num(r, ROLE_START))
		t = time_epoch_seconds(r->num[ROLE_START], time_unit_of(m));
	else if (r->val[ROLE_START] == NULL ||
	         time_parse(r->val[ROLE_START], r->len[ROLE_START],
	                    time_unit_of(m), &t, &nz) != 0)
		return false;
	if (!isfinite(t) || fabs(t) > 1e13)
		return false;
	secs = (time_t)floor(t);
	if (m->tz_local ? localtime_r(&secs, &tm) == NULL
	                : (secs += m->tz_offset, gmtime_r(&secs, &tm) == NULL))
		return false;
	snprintf(m->derived_text[DERIVED_HOUR], 16, "%02d", tm.tm_hour);
	snprintf(m->derived_text[DERIVED_WEEKDAY], 16, "%s", days[tm.tm_wday % 7]);
	snprintf(m->derived_text[DERIVED_DATE], 16, "%04d-%02d-%02d",
	         (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
	         tm.tm_mday % 100);
	return true;
}

int
mapper_emit(struct mapper *m, const struct record *in, uint64_t line,
            struct err *e)
{
	struct trace_source *s = &m->t->sources[m->src];
	struct trace_row row;
	struct record copy;
	const struct record *r = with_text(m, in, &copy);
	bool failed;
	int rc;

	s->rows++;
	m->have_derived = m->any_derived && derive(m, r);
	for (size_t w = 0; w < m->nwhere; w++) {
		const char *v = r->val[ROLE_WHERE0 + w];
		size_t len = r->len[ROLE_WHERE0 + w];
		if (m->derived_where[w]) {
			v = m->have_derived ? m->derived_text[m->derived_where[w]] : NULL;
			len = v ? strlen(v) : 0;
		}
		if (!where_match(&m->where[w], v, len)) {
			s->filtered++;
			return 0;
		}
	}
	row.line = line;
	row.start = NAN;
	row.ttft = NAN;
	if ((rc = record_failed(m, r, line, &failed, &row.status, e)) != 0 ||
	    (rc = record_cell(m, r, line, &row.cell, e)) != 0)
		return rc == REJECTED ? 0 : rc;
	row.ok = !failed;
	if (failed) {
		/* A failed request keeps its start time when it has a good one,
		 * for the time-order of warm-up; a bad one is no reason to
		 * reject an error record. */
		if (m->has[ROLE_START] && !m->derived) {
			const char *v = r->val[ROLE_START];
			bool nz;
			if (record_is_num(r, ROLE_START))
				row.start = time_epoch_seconds(r->num[ROLE_START],
				                               time_unit_of(m));
			else if (v == NULL || time_parse(v, r->len[ROLE_START],
			                                 time_unit_of(m), &row.start,
			                                 &nz) != 0)
				row.start = NAN;
		}
	} else if ((rc = record_ttft(m, r, line, &row.ttft, &row.start, e)) != 0) {
		return rc == REJECTED ? 0 : rc;
	}
	if (trace_append(m->t, &row, e) != 0)
		return e->code;
	s->accepted++;
	if (row.ok) {
		m->n_samples++;
		if (row.ttft > 60.0)
			m->n_over_minute++;
	}
	return 0;
}

int
mapper_finish(struct mapper *m, struct err *e)
{
	int rc = 0;

	if (m->unit_assumed && m->n_samples > 0 &&
	    2 * m->n_over_minute > m->n_samples) {
		char note[300];
		snprintf(note, sizeof note,
		         "column '%s' has no unit suffix and was read as seconds, "
		         "but most values are over a minute: milliseconds? "
		         "(use --unit ms)", m->role_col[ROLE_TTFT]);
		rc = trace_note(m->t, m->src, note, e);
	}
	mapper_release(m);
	return rc;
}

void
mapper_release(struct mapper *m)
{
	if (m->rowkeys != NULL)
		for (size_t i = 0; i < ROWKEY_SLOTS; i++)
			free(m->rowkeys[i].bytes);
	free(m->rowkeys);
	m->rowkeys = NULL;
}

int
columns_find(char *const *names, const size_t *lens, size_t n, size_t hint,
             const char *s, size_t len)
{
	if (hint < n && lens[hint] == len && memcmp(names[hint], s, len) == 0)
		return (int)hint;
	for (size_t c = 0; c < n; c++)
		if (lens[c] == len && memcmp(names[c], s, len) == 0)
			return (int)c;
	return -1;
}
