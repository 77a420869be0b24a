/*
 * record.c — what a record means: the rules of SPEC.md, once for every
 * format.  In the order mapper_emit() applies them:
 *   1. Filters (--where, or the harness's own, e.g. k6's metric name): a
 *      record that does not match is counted as filtered.
 *   2. Failure wins: status 0 or >= 400, a non-numeric status, ok=false,
 *      a non-empty error field or failed=true make the record a failed
 *      request, whatever TTFT it carries (SPEC.md "Failed requests").
 *   3. Group keys: present, valid UTF-8, no NUL; an empty value means the
 *      record lacks that key and the key is omitted from its group.
 *   4. A success needs a TTFT in the accepted range, 1 ns to 1e6 s (zero
 *      cannot be a time to first token, and the log-scale analyses need a
 *      positive one; a million seconds is eleven days), and a start time
 *      that parses when one is given.
 */
#include "mapper.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field.h"
#include "utf8.h"
#include "names.h"

#define TTFT_MIN_S 1e-9
#define TTFT_MAX_S 1e6

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

/* Does the record say the request failed?  *status gets the HTTP status. */
static int
record_failed(struct mapper *m, const struct record *r, uint64_t line,
              bool *failed, uint16_t *status, struct err *e)
{
	const char *v = NULL;
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
	    field_bool(v, r->len[ROLE_ERROR]) != 0) {
		*failed = true;
		/* an error code that is an HTTP status (LLMPerf's error_code
		 * is the response's status) says why, where no status did */
		if (*status == 0 &&
		    field_number(v, r->len[ROLE_ERROR], &num) == FIELD_NUM_OK &&
		    num >= 100 && num <= 599 && num == floor(num))
			*status = (uint16_t)num;
	}
	if ((v = r->val[ROLE_FAILED]) != NULL) {
		const char *want = m->roles != NULL ? m->roles->failed_value : NULL;
		if (want != NULL ? field_equals_nocase(v, r->len[ROLE_FAILED], want)
		                 : field_bool(v, r->len[ROLE_FAILED]) == 1)
			*failed = true;
	}
	return 0;
}

/* The value of tag `name` in "k=v&k2=v2" (k6's extra_tags), in place;
 * (NULL, 0) when it is not there. */
static void
tag_value(const char *name, const char **v, size_t *len)
{
	size_t nl = strlen(name);
	const char *p = *v, *end = *v + *len;

	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		if ((size_t)(stop - p) > nl && memcmp(p, name, nl) == 0 &&
		    p[nl] == '=') {
			*v = p + nl + 1;
			*len = (size_t)(stop - *v);
			return;
		}
		p = stop + 1;
	}
	*v = NULL;
	*len = 0;
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
	uint64_t h;
	bool cached = !m->any_derived;

	for (size_t k = 0; k < m->nkeys; k++) {
		v[k] = r->val[ROLE_KEY0 + k];
		len[k] = v[k] ? r->len[ROLE_KEY0 + k] : 0;
		if (v[k] != NULL && m->key_tag[k][0] == KEY_FROM_HOST[0]) {
			const char *host;
			len[k] = harness_url_host(v[k], len[k], &host);
			v[k] = len[k] ? host : NULL;
		} else if (v[k] != NULL && m->key_tag[k][0]) {
			tag_value(m->key_tag[k], &v[k], &len[k]);
		}
		if (v[k] != NULL)
			field_trim(&v[k], &len[k]);
		/* an empty value means the record lacks the key */
		if (len[k] == 0 || len[k] >= UINT32_MAX)
			v[k] = NULL;
	}
	h = rowkey_hash(v, len, m->nkeys);
	/* keys derived from the start time differ from row to row */
	if (cached) {
		if (rowkey_lookup(&m->cache, h, v, len, m->nkeys, cell, e))
			return 0;
		if (e->code != 0)
			return e->code;
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
		if (!utf8_valid(v[k], len[k]) ||
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
	return cached ? rowkey_store(&m->cache, h, v, len, m->nkeys, *cell, e)
	              : 0;
}

/* --epoch-unit, else the harness's unit when its start field is used. */
static enum time_unit
time_unit_of(const struct mapper *m)
{
	if (m->o->time_unit == TIME_AUTO && m->roles != NULL &&
	    m->o->start_col == NULL && m->roles->start != NULL)
		return m->roles->start_unit;
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

/* The accepted range, after scaling to seconds; the value as it was
 * given (text, or NULL: x) for the message. */
static int
check_range(struct mapper *m, uint64_t line, const char *text, size_t len,
            double x, double secs, struct err *e)
{
	char num[40];

	if (secs >= TTFT_MIN_S && secs <= TTFT_MAX_S)
		return 0;
	if (text == NULL) {
		snprintf(num, sizeof num, "%.17g", x);
		text = num;
		len = strlen(num);
	}
	return reject_value(m, line, ROLE_TTFT, text, len, secs < TTFT_MIN_S
	                    ? "is below 1 ns, the smallest TTFT accepted"
	                    : "is above 1e6 s, the largest TTFT accepted", e);
}

static int
record_ttft(struct mapper *m, const struct record *r, uint64_t line,
            double *ttft, double *start, double *e2e, struct err *e)
{
	const char *v = r->val[ROLE_TTFT];
	size_t len = r->len[ROLE_TTFT];
	struct trace_source *s = &m->t->sources[m->src];
	double x, first, end;
	int rc;

	*start = NAN;
	if (m->derived) {
		if ((rc = record_time(m, r, ROLE_START, line, start, e)) == BLANK)
			return reject_value(m, line, ROLE_START, "", 0, "is empty", e);
		if (rc == 0 &&
		    (rc = record_time(m, r, ROLE_FIRST, line, &first, e)) == BLANK)
			/* observability tools leave it empty when the response
			 * did not stream: such a request has no TTFT at all */
			return reject_value(m, line, ROLE_FIRST, "", 0, "is empty: no "
			                    "first token was recorded (a non-streaming "
			                    "response?), so it is not a TTFT sample", e);
		if (rc != 0)
			return rc;
		if (m->has[ROLE_END] &&
		    (rc = record_time(m, r, ROLE_END, line, &end, e)) != BLANK) {
			if (rc != 0)
				return rc;
			/* LiteLLM writes completionStartTime = endTime when it did
			 * not see the first chunk (a fallback fixed twice): that is
			 * the whole response, not its first token */
			if (first >= end)
				return reject_value(m, line, ROLE_FIRST, r->val[ROLE_FIRST],
				                    r->len[ROLE_FIRST], first == end
				                    ? "equals the end time: the first token "
				                      "was not seen (the whole response), so "
				                      "it is not a TTFT sample"
				                    : "is after the end time", e);
			*e2e = end - *start;
		}
		x = first - *start;
		if (!(x > 0))
			return reject_value(m, line, ROLE_FIRST, r->val[ROLE_FIRST],
			                    r->len[ROLE_FIRST],
			                    "is not after the start time", e);
		if ((rc = check_range(m, line, NULL, 0, x, x, e)) != 0)
			return rc;
		*ttft = x;
		return 0;
	}
	if (record_is_num(r, ROLE_TTFT)) {
		x = r->num[ROLE_TTFT];
		if (!isfinite(x))
			return reject_num(m, line, ROLE_TTFT, x,
			                  "is not a finite number", e);
		if (x <= 0) {
			s->zero_ttft += x == 0;
			return reject_num(m, line, ROLE_TTFT, x, x < 0 ? "is negative"
			                  : "is zero on a successful request", e);
		}
		v = NULL;
		len = 0;
	} else {
		switch (v == NULL ? FIELD_NUM_EMPTY : field_number(v, len, &x)) {
		case FIELD_NUM_OK:
			break;
		case FIELD_NUM_EMPTY:
			s->empty_ttft++;
			return reject_value(m, line, ROLE_TTFT, "", 0,
			                    "is empty on a successful request", e);
		case FIELD_NUM_BAD:
			return reject_value(m, line, ROLE_TTFT, v, len,
			                    "is not a number", e);
		case FIELD_NUM_NONFINITE:
			return reject_value(m, line, ROLE_TTFT, v, len,
			                    "is not a finite number", e);
		}
		if (x < 0)
			return reject_value(m, line, ROLE_TTFT, v, len, "is negative",
			                    e);
		if (x == 0) {
			s->zero_ttft++;
			return reject_value(m, line, ROLE_TTFT, v, len,
			                    "is zero on a successful request", e);
		}
	}
	if ((rc = check_range(m, line, v, len, x, x / m->ttft_div, e)) != 0)
		return rc;
	if (m->unit_assumed && m->all_whole_over_100 &&
	    !(x > 100 && x == floor(x)))
		m->all_whole_over_100 = false;
	*ttft = x / m->ttft_div;
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

/* hour, weekday and date of the record's start time. */
static bool
derive(struct mapper *m, const struct record *r)
{
	double t;
	bool nz;

	if (record_is_num(r, ROLE_START))
		t = time_epoch_seconds(r->num[ROLE_START], time_unit_of(m));
	else if (r->val[ROLE_START] == NULL ||
	         time_parse(r->val[ROLE_START], r->len[ROLE_START],
	                    time_unit_of(m), &t, &nz) != 0)
		return false;
	return timekeys_compute(m->zone, t, m->derived_text);
}

/* A number the capture audit reads beside the TTFT; NaN when absent or
 * not a finite positive number (it never rejects the request: the
 * audit says how many it had). */
static double
aux_number(const struct mapper *m, const struct record *r, int role)
{
	double x;

	if (!m->has[role])
		return NAN;
	if (record_is_num(r, role))
		x = r->num[role];
	else if (r->val[role] == NULL ||
	         field_number(r->val[role], r->len[role], &x) != FIELD_NUM_OK)
		return NAN;
	return isfinite(x) && x > 0 ? x : NAN;
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
	row.e2e = row.in_tokens = NAN;
	if ((rc = record_failed(m, r, line, &failed, &row.status, e)) != 0 ||
	    (rc = record_cell(m, r, line, &row.cell, e)) != 0)
		return rc == REJECTED ? 0 : rc;
	row.ok = !failed;
	if (failed) {
		/* A failed request keeps its start time when it has a good one,
		 * for the time-order of warm-up; a bad one is no reason to
		 * reject an error record. */
		if (m->has[ROLE_START]) {
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
		s->failures++;
	} else if ((rc = record_ttft(m, r, line, &row.ttft, &row.start, &row.e2e,
	                             e)) != 0) {
		if (rc == REJECTED)
			trace_cell_reject(m->t, row.cell);
		return rc == REJECTED ? 0 : rc;
	}
	if (row.ok && !isfinite(row.e2e)) {
		double div = m->e2e_div > 0 ? m->e2e_div : m->ttft_div;
		row.e2e = aux_number(m, r, ROLE_E2E) / (div > 0 ? div : 1.0);
	}
	if (row.ok) {
		row.in_tokens = aux_number(m, r, ROLE_INTOK);
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

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of the input's samples (its rows are the table's last); it
 * runs once, and only to word a hint. */
static double
source_median(const struct trace *t, uint16_t src, struct err *e)
{
	size_t from = t->sources[src].first_row, n = 0;
	double *x = malloc((t->n - from + 1) * sizeof *x), med;

	if (x == NULL) {
		err_nomem(e);
		return NAN;
	}
	for (size_t r = from; r < t->n; r++)
		if (trace_ok(t, r))
			x[n++] = t->ttft[r];
	qsort(x, n, sizeof *x, cmp_double);
	med = n == 0 ? NAN : n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
	free(x);
	return med;
}

/*
 * Units are never guessed silently: a TTFT with no unit from a suffix,
 * the harness or --unit is read as seconds, and when more than half the
 * values are over a minute, or every value is a whole number above 100
 * (what milliseconds look like), the input gets a note naming the unit
 * that would make the median plausible and the median it would give.
 */
static int
unit_hint(struct mapper *m, struct err *e)
{
	static const struct {
		const char *name;
		double div;
	} units[] = {{"ms", 1e3}, {"us", 1e6}, {"ns", 1e9}};
	double med;
	char note[400];
	const char *why;

	/* a unit the emitter may have got wrong (OTel's seconds, written in
	 * milliseconds by some) is checked as an assumed one is */
	bool suspect = m->spec.h != NULL && m->spec.h->unit_by_convention &&
	               m->o->unit_div == 0;

	if ((!m->unit_assumed && !suspect) || m->n_samples == 0)
		return 0;
	if (2 * m->n_over_minute > m->n_samples)
		why = "its median is over a minute";
	else if (m->all_whole_over_100 && !suspect)     /* tracked if assumed */
		why = "every value is a whole number above 100";
	else
		return 0;
	med = source_median(m->t, m->src, e);
	if (e->code != 0)
		return e->code;
	for (size_t u = 0; u < 3; u++)
		if (med / units[u].div <= 60 || u == 2) {
			if (suspect)
				snprintf(note, sizeof note,
				         "the TTFT was read in seconds, the unit its "
				         "convention gives, but %s (median %.6g s): if the "
				         "emitter wrote %s, use --unit %s (median %.6g s)",
				         why, med, units[u].name, units[u].name,
				         med / units[u].div);
			else
				snprintf(note, sizeof note,
				         "'%.60s' has no unit and was read as seconds, but "
				         "%s (median %.6g s): if it is in %s, use --unit %s "
				         "(median %.6g s)", m->role_col[ROLE_TTFT], why, med,
				         units[u].name, units[u].name, med / units[u].div);
			break;
		}
	return trace_note(m->t, m->src, note, e);
}

int
mapper_finish(struct mapper *m, struct err *e)
{
	int rc = 0;

	if (m->spec.h != NULL && m->spec.h->production) {
		m->t->sources[m->src].production = true;
		rc = trace_note(m->t, m->src, "production traffic, not a capture: "
		                "requests overlap and are not spaced, so the capture "
		                "audit's concurrency, spacing, warm-up and fixed-prompt "
		                "checks do not apply to it", e);
		if (rc != 0)
			return rc;
	}

	if (m->spec.h != NULL && m->spec.h->ttfb && m->o->ttft_col == NULL)
		rc = trace_note(m->t, m->src, "this harness measures the time to "
		                "the first byte of the HTTP response, not to the "
		                "first token: a lower bound on TTFT when the "
		                "response starts before the first token", e);
	if (rc == 0)
		rc = unit_hint(m, e);
	mapper_release(m);
	return rc;
}
