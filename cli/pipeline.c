/*
 * pipeline.c — what every command does first: read all inputs into one
 * trace table, tell the user once what was skipped, refuse a table with
 * no latency sample.
 *
 * Like grep with a missing file, an input that cannot be read does not
 * hide the others: it is reported (stderr, and inputs[] in JSON) with its
 * rows taken back out, the rest is analysed, and pipeline_status() makes
 * the exit status say so.  --strict stops at the first problem instead.
 *
 * Each input gets its own group keys: the --set options before it (and
 * those after the last file), then what --name-from reads in its name,
 * then a FILE@key=value suffix, the later winning.
 */
#include "opts.h"

#include "../analyze/analyze.h"
#include "../analyze/rank.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../ingest/utf8.h"
#include "msg.h"

#define KEYTEXT 2048                    /* per input: --name-from values */

/* ==== the keys of one input ==== */

struct input_keys {
	struct ingest_set set[TRACE_MAX_KEYS];
	size_t nset;
	char text[KEYTEXT];                 /* values read from the name */
	size_t used;
	char path[4096];                    /* the file, without @key=value */
};

/* Put key=value (copied when copy) in k, the later winning; a key given
 * twice by the user is warned about. */
static int
put_key(struct input_keys *k, const char *key, size_t key_len,
        const char *value, size_t value_len, bool copy, const char *what,
        struct err *e)
{
	const char *v = value;
	size_t i;

	if (copy) {
		if (k->used + value_len + key_len + 2 > sizeof k->text)
			return err_set(e, ERR_USAGE, "%s: the keys are too long",
			               k->path);
		memcpy(k->text + k->used, key, key_len);
		k->text[k->used + key_len] = '\0';
		key = k->text + k->used;
		k->used += key_len + 1;
		memcpy(k->text + k->used, value, value_len);
		k->text[k->used + value_len] = '\0';
		v = k->text + k->used;
		k->used += value_len + 1;
	}
	for (i = 0; i < k->nset; i++)
		if (k->set[i].key_len == key_len &&
		    memcmp(k->set[i].key, key, key_len) == 0)
			break;
	if (i < k->nset && what != NULL)
		msg_warn("%s: %s %.*s=%s replaces %.*s=%s given before it", k->path,
		         what, (int)key_len, key, v, (int)key_len, key,
		         k->set[i].value);
	if (i == k->nset) {
		if (k->nset == TRACE_MAX_KEYS)
			return err_set(e, ERR_USAGE, "%s: more than %d group keys",
			               k->path, TRACE_MAX_KEYS);
		k->nset++;
	}
	k->set[i].key = key;
	k->set[i].key_len = key_len;
	k->set[i].value = v;
	return 0;
}

/*
 * Match a file's path against --name-from's pattern: literal text must be
 * there, each {key} takes the shortest run of characters (no '/') that
 * lets the rest match.  The pattern is matched against as many trailing
 * path segments as it has.  Returns whether it matched; *nkeys keys in
 * keys[]/vals[] point into path.
 */
static bool
match_name(const char *pat, const char *s, const char **keys, size_t *klen,
           const char **vals, size_t *vlen, size_t *nkeys)
{
	if (*pat == '\0')
		return *s == '\0';
	if (*pat == '{') {
		const char *close = strchr(pat, '}');
		size_t k = *nkeys;
		if (close == NULL || k == TRACE_MAX_KEYS)
			return false;
		keys[k] = pat + 1;
		klen[k] = (size_t)(close - pat - 1);
		for (size_t n = 1; s[n - 1] != '\0' && s[n - 1] != '/'; n++) {
			vals[k] = s;
			vlen[k] = n;
			*nkeys = k + 1;
			if (match_name(close + 1, s + n, keys, klen, vals, vlen, nkeys))
				return true;
			*nkeys = k;
		}
		return false;
	}
	return *pat == *s && match_name(pat + 1, s + 1, keys, klen, vals, vlen,
	                                nkeys);
}

static int
name_keys(const char *pattern, struct input_keys *k, struct err *e)
{
	const char *keys[TRACE_MAX_KEYS], *vals[TRACE_MAX_KEYS];
	size_t klen[TRACE_MAX_KEYS], vlen[TRACE_MAX_KEYS], n = 0, slashes = 0;
	const char *tail = k->path + strlen(k->path);

	for (const char *p = pattern; *p; p++)
		slashes += *p == '/';
	/* as many trailing segments as the pattern has */
	while (tail > k->path) {
		if (tail[-1] == '/' && slashes-- == 0)
			break;
		tail--;
	}
	if (!match_name(pattern, tail, keys, klen, vals, vlen, &n)) {
		msg_warn("%s: the name does not match --name-from '%s': no keys "
		         "taken from it", k->path, pattern);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (put_key(k, keys[i], klen[i], vals[i], vlen[i], true, NULL, e) != 0)
			return e->code;
	return 0;
}

/* FILE@key=value[,key=value]: only when FILE itself does not exist. */
static int
suffix_keys(struct input_keys *k, struct err *e)
{
	struct stat sb;
	char *at = strrchr(k->path, '@'), *p;

	if (at == NULL || strcmp(k->path, "-") == 0 || stat(k->path, &sb) == 0 ||
	    strchr(at, '=') == NULL || strchr(at, '/') != NULL)
		return 0;
	*at = '\0';
	for (p = at + 1; *p;) {
		char *comma = strchr(p, ','), *eq = strchr(p, '=');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (eq == NULL || eq == p || eq >= p + len)
			return err_set(e, ERR_USAGE, "'%s@%s': after @, KEY=VALUE "
			               "pairs separated by commas", k->path, at + 1);
		if (put_key(k, p, (size_t)(eq - p), eq + 1, len - (size_t)(eq - p) - 1,
		            true, "@", e) != 0)
			return e->code;
		p += len + (comma != NULL);
	}
	return 0;
}

/* The --set options that apply to this path (the operand it is, or lies
 * in, for compare's and plot's comma lists). */
static int
input_keys_of(const struct opts *o, const char *path, struct input_keys *k,
              struct err *e)
{
	size_t upto = o->nsets, last = o->noperands ? o->operand_sets[o->noperands - 1]
	                                           : 0;
	uintptr_t p = (uintptr_t)path;

	memset(k, 0, sizeof *k);
	if (strlen(path) >= sizeof k->path)
		return err_set(e, ERR_USAGE, "a file name longer than %zu bytes",
		               sizeof k->path - 1);
	strcpy(k->path, path);
	for (size_t i = 0; i < o->noperands; i++) {
		uintptr_t a = (uintptr_t)o->operands[i];
		if (p >= a && p <= a + o->operand_len[i]) {
			upto = o->operand_sets[i];
			break;
		}
	}
	if (o->name_from != NULL && name_keys(o->name_from, k, e) != 0)
		return e->code;
	for (size_t s = 0; s < o->nsets; s++)
		if ((s < upto || s >= last) &&
		    put_key(k, o->sets[s].key, o->sets[s].key_len, o->sets[s].value,
		            strlen(o->sets[s].value), false, "--set", e) != 0)
			return e->code;
	return suffix_keys(k, e);
}

/* ==== what was skipped, and why nothing is usable ==== */

/* Tell the user what was skipped, once, on stderr. */
static void
report_rejections(const struct trace *t)
{
	char where[400];

	for (size_t i = 0; i < t->nsources; i++) {
		const struct trace_source *s = &t->sources[i];
		for (size_t k = 0; k < s->nkept; k++) {
			trace_where(t, (uint16_t)i, s->kept[k].line, where,
			            sizeof where);
			msg_warn("%s: %s", where, s->kept[k].reason);
		}
		if (s->rejected > s->nkept)
			msg_warn("%s: %llu records rejected in all (the first %zu "
			         "are shown)", trace_source_name(t, (uint16_t)i),
			         (unsigned long long)s->rejected, s->nkept);
	}
}

/* Why an input gave no latency sample, in words. */
static void
why_nothing(const struct trace *t, uint16_t i, bool user_where, char *buf,
            size_t size)
{
	const struct trace_source *s = &t->sources[i];
	unsigned long long rows = s->rows, ok_rows = rows - s->failures;

	if (s->error != NULL)
		snprintf(buf, size, "%s", s->error);
	else if (rows == 0)
		snprintf(buf, size, "%s: no records", trace_source_name(t, i));
	else if (s->filtered == rows)
		snprintf(buf, size, "%s: %s all %llu records",
		         trace_source_name(t, i), user_where ? "--where filtered out"
		         : "the harness's own filter (e.g. k6's metric name) kept "
		           "none of its", rows);
	else if (s->accepted > 0 && s->failures == s->accepted && s->rejected == 0)
		snprintf(buf, size, "%s: all %llu requests failed",
		         trace_source_name(t, i), (unsigned long long)s->failures);
	else if (s->zero_ttft > 0 && s->zero_ttft == s->rejected)
		snprintf(buf, size, "%s: the TTFT is 0 on all %llu successful "
		         "requests%s", trace_source_name(t, i),
		         (unsigned long long)s->zero_ttft,
		         s->preset && strncmp(s->preset, "jmeter", 6) == 0
		         ? " (JMeter's Java and JSR223 samplers leave Latency at "
		           "0: only HTTP samplers measure it)" : "");
	else if (s->empty_ttft > 0 && s->empty_ttft == s->rejected)
		snprintf(buf, size, "%s: the TTFT field is empty on all %llu "
		         "successful requests", trace_source_name(t, i),
		         (unsigned long long)s->empty_ttft);
	else
		snprintf(buf, size, "%s: all %llu of its %llu records with a TTFT "
		         "were rejected%s%s", trace_source_name(t, i),
		         (unsigned long long)s->rejected, ok_rows,
		         s->nkept ? ", the first: " : "",
		         s->nkept ? s->kept[0].reason : "");
}

static int
no_usable_sample(const struct trace *t, bool user_where, struct err *e)
{
	char msg[ERR_MSG_MAX], one[400];
	size_t o;

	o = (size_t)snprintf(msg, sizeof msg, "no latency sample to analyse: ");
	for (size_t i = 0; i < t->nsources && o + 8 < sizeof msg; i++) {
		why_nothing(t, (uint16_t)i, user_where, one, sizeof one);
		o += (size_t)snprintf(msg + o, sizeof msg - o, "%s%s", i ? "; " : "",
		                      one);
	}
	return err_set(e, ERR_DATA, "%s", msg);
}

static bool
any_sample(const struct trace *t)
{
	for (size_t r = 0; r < t->n; r++)
		if (trace_ok(t, r))
			return true;
	return false;
}

/* ==== progress ==== */

/* One updating line on a terminal, for reading that takes more than a
 * second; nothing when stderr is not a terminal or with -q. */
struct progress {
	double t0, last;
	bool shown;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void
progress_show(void *ctx, const char *name, uint64_t bytes, uint64_t records)
{
	struct progress *p = ctx;
	double t = now(), secs = t - p->t0;
	char safe[256];

	if (secs < 1.0 || t - p->last < 0.2)
		return;
	p->last = t;
	p->shown = true;
	/* the name as text, never as terminal codes */
	utf8_clean(safe, sizeof safe, name, strlen(name), 40, 0,
	           UTF8_BIDI | UTF8_ELLIPSIS);
	if (records > 0)
		fprintf(stderr, "\rttftstat: reading %s: %.1fM records, "
		        "%.0f MB/s\033[K", safe, (double)records / 1e6,
		        (double)bytes / 1e6 / secs);
	else
		fprintf(stderr, "\rttftstat: reading %s: %.0f MB, %.0f MB/s\033[K",
		        safe, (double)bytes / 1e6, (double)bytes / 1e6 / secs);
	fflush(stderr);
}

/* ==== reading ==== */

/* A problem with one input that need not stop the others. */
static bool
skippable(int rc)
{
	return rc == ERR_DATA || rc == ERR_NOINPUT || rc == ERR_IO;
}

static int
check_operands(const struct opts *o, struct err *e)
{
	size_t stdins = 0;

	for (size_t i = 0; i < o->npaths; i++) {
		stdins += strcmp(o->paths[i], "-") == 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(o->paths[i], o->paths[j]) == 0 &&
			    strcmp(o->paths[i], "-") != 0)
				return err_set(e, ERR_USAGE, "'%s' is named twice: each "
				               "input is read once", o->paths[i]);
	}
	if (stdins > 1)
		return err_set(e, ERR_USAGE, "'-' (standard input) is named %zu "
		               "times: it can be read once", stdins);
	return 0;
}

int
pipeline_read(const struct opts *o, struct trace **out, struct err *e)
{
	struct trace *t = trace_new();
	struct progress pg = {now(), 0, false};
	struct input_keys *keys = malloc(sizeof *keys);
	int rc = 0;

	*out = t;
	if (t == NULL || keys == NULL) {
		free(keys);
		return err_nomem(e);
	}
	if (!o->keep_lines)
		trace_drop_lines(t);
	if ((rc = check_operands(o, e)) != 0) {
		free(keys);
		return rc;
	}
	for (size_t i = 0; i < o->npaths && rc == 0; i++) {
		struct ingest_opts in = o->in;
		size_t before = t->nsources;

		in.threads = o->s.threads;  /* --threads 1: read and map in one */
		if (!o->quiet && isatty(STDERR_FILENO)) {
			in.progress = progress_show;
			in.progress_ctx = &pg;
		}
		if ((rc = input_keys_of(o, o->paths[i], keys, e)) != 0)
			break;
		memcpy(in.set, keys->set, sizeof in.set);
		in.nset = keys->nset;
		rc = ingest_file(t, keys->path, &in, e);
		if (pg.shown) {
			fputs("\r\033[K", stderr);            /* the line goes away */
			pg.shown = false;
		}
		if (rc != 0 && skippable(rc) && !o->in.strict &&
		    t->nsources > before) {
			/* reported, kept in inputs[], and the others go on */
			msg_error("%s", e->msg);
			if (trace_source_fail(t, (uint16_t)(t->nsources - 1), rc,
			                      e->msg, e) != 0)
				rc = e->code;
			else
				rc = 0;
			e->code = 0;
			e->msg[0] = '\0';
		}
	}
	free(keys);
	if (rc != 0)
		return rc;
	report_rejections(t);
	for (size_t i = 0; i < o->in.nby; i++)
		if (trace_key_find(t, o->in.by[i]) < 0)
			msg_warn("no input has a field '%s' for --by: the cells are "
			         "formed without it", o->in.by[i]);
	if (!any_sample(t)) {
		bool all_failed = true;
		for (size_t i = 0; i < t->nsources; i++)
			all_failed &= t->sources[i].error != NULL;
		/* each was said as it failed: its code is the verdict */
		if (all_failed && t->nsources > 0)
			return pipeline_status(t);
		return no_usable_sample(t, o->in.nwhere > 0, e);
	}
	return 0;
}

int
pipeline_status(const struct trace *t)
{
	static const int order[] = {ERR_NOINPUT, ERR_IO, ERR_DATA};

	/* a missing file says most about the command line */
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; t != NULL && i < t->nsources; i++)
			if (t->sources[i].error_code == order[k])
				return order[k];
	return 0;
}

int
pipeline_analyse(const struct opts *o, bool intervals, struct trace **t,
                 struct cells **cs, struct err *e)
{
	struct analyze_opts ao;
	int rc;

	analyze_options(o, intervals, &ao);
	*cs = NULL;
	if ((rc = pipeline_read(o, t, e)) != 0)
		return rc;
	return analyze_build(*t, o->s.warmup, &ao, cs, e);
}

int
pipeline_analyse_list(struct opts *o, char *list, struct trace **t,
                      struct cells **cs, struct err *e)
{
	char *save = NULL, *files[256];
	size_t n = 0;
	char **paths = o->paths;
	size_t npaths = o->npaths;
	int rc;

	for (char *p = strtok_r(list, ",", &save); p && n < 256;
	     p = strtok_r(NULL, ",", &save))
		files[n++] = p;
	o->paths = files;
	o->npaths = n;
	rc = pipeline_analyse(o, true, t, cs, e);
	o->paths = paths;
	o->npaths = npaths;
	return rc;
}

void
analyze_options(const struct opts *o, bool intervals, struct analyze_opts *ao)
{
	memset(ao, 0, sizeof *ao);
	ao->bootstrap = intervals ? o->s.bootstrap : 0;
	ao->confidence = o->s.confidence;
	ao->method = o->s.ci;
	ao->seed = o->s.seed;
	ao->threads = o->s.threads;
	ao->capture.tz = o->tz;
	ao->capture.peak_from = o->peak_from;
	ao->capture.peak_to = o->peak_to;
}

void
rank_options(const struct opts *o, struct rank_opts *ro)
{
	ro->alpha = o->alpha;
	/* the p95 test's resamples, whatever --bootstrap says (0 turns the
	 * intervals off, not the test): 2000, where the Monte Carlo error of
	 * a p-value near 0.05 is 0.007 (2 sqrt(0.025 * 0.975 / 2000)) */
	ro->bootstrap = RANK_P95_RESAMPLES;
	ro->seed = o->s.seed;
	ro->threads = o->s.threads;
}
