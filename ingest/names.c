/*
 * names.c — the spellings of each role, and finding fields by name.
 */
#include "names.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "utf8.h"

/* Compared after names_normalise(); earlier entries win. */
const char *const names_ttft[] = {
	"ttft", "timetofirsttoken", "firsttokenlatency", "latencytofirsttoken",
	"ttfb", "timetofirstbyte", NULL};
const char *const names_start[] = {
	"start", "starttime", "startedat", "startts", "starttimestamp",
	"requeststart", "requeststarttime", "timestamp", "ts", "time",
	"datetime", NULL};
const char *const names_status[] = {
	"status", "statuscode", "httpstatus", "httpcode", "responsecode", NULL};
const char *const names_ok[] = {
	"ok", "success", "succeeded", "successful", "issuccess", NULL};
const char *const names_error[] = {
	"error", "errors", "err", "errorcode", "errormsg", "errormessage",
	"errortype", NULL};
const char *const names_e2e[] = {
	"e2elatency", "endtoendlatency", "requestlatency", "totallatency",
	"e2e", NULL};
const char *const names_in_tokens[] = {
	"inputtokens", "numberinputtokens", "numinputtokens", "prompttokens",
	"inputlens",
	"inputlen", "inputlength", "inputsequencelength", "prompttokencount",
	NULL};
const char *const names_failed[] = {
	"failed", "failure", "iserror", "haserror", NULL};

void
quote_for_message(char *buf, size_t size, const char *s, size_t len)
{
	size_t o;

	if (size < 8)
		return;
	/* Messages end up in terminals and in JSON: control bytes and
	 * broken UTF-8 are never passed through. */
	buf[0] = '\'';
	o = 1 + utf8_clean(buf + 1, size - 2, s, len, 40, 0,
	                   UTF8_BIDI | UTF8_ELLIPSIS);
	buf[o++] = '\'';
	buf[o] = '\0';
}

void
names_normalise(const char *name, size_t len, char *out)
{
	char low[NAMES_MAX_CHARS];
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

bool
names_is(const char *name, size_t len, const char *want)
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

int
names_find_exact(const char *const *names, const size_t *lens, size_t n,
                 const char *want, size_t want_len)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = names[i];
		size_t l = lens[i], k;
		field_trim(&s, &l);
		if (l != want_len)
			continue;
		for (k = 0; k < l; k++)
			if (tolower((unsigned char)s[k]) !=
			    tolower((unsigned char)want[k]))
				break;
		if (k == l)
			return (int)i;
	}
	return -1;
}

/* Where the last segment of a dotted path begins (0: no dot). */
static size_t
last_segment(const char *name, size_t len)
{
	for (size_t i = len; i > 0; i--)
		if (name[i - 1] == '.')
			return i;
	return 0;
}

int
names_find_known(const char *const *names, const size_t *lens, size_t n,
                 const char *const *known)
{
	char base[NAMES_MAX_CHARS];

	for (size_t k = 0; known[k] != NULL; k++)
		for (size_t i = 0; i < n; i++) {
			names_normalise(names[i], lens[i], base);
			if (strcmp(base, known[k]) == 0)
				return (int)i;
		}
	/* then the last segment of a JSON path: metrics.ttft_ms is a TTFT */
	for (size_t k = 0; known[k] != NULL; k++)
		for (size_t i = 0; i < n; i++) {
			size_t at = last_segment(names[i], lens[i]);
			if (at == 0)
				continue;
			names_normalise(names[i] + at, lens[i] - at, base);
			if (strcmp(base, known[k]) == 0)
				return (int)i;
		}
	return -1;
}

bool
names_known(const char *name, size_t len)
{
	static const char *const *const lists[] = {
		names_ttft, names_start, names_status, names_ok, names_error,
		names_failed};
	char base[NAMES_MAX_CHARS], last[NAMES_MAX_CHARS];
	size_t at = last_segment(name, len);

	names_normalise(name, len, base);
	names_normalise(name + at, len - at, last);
	for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++)
		for (size_t k = 0; lists[l][k] != NULL; k++)
			if (strcmp(base, lists[l][k]) == 0 ||
			    (at > 0 && strcmp(last, lists[l][k]) == 0))
				return true;
	return false;
}

void
names_list(char *buf, size_t size, const char *const *names,
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
