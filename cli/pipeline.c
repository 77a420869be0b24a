/*
 * pipeline.c — what every command does first: read all inputs into one
 * trace table, tell the user once what was skipped, refuse an empty table.
 */
#include "opts.h"

#include "../analyze/analyze.h"

#include <time.h>
#include <unistd.h>

#include "msg.h"

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
		if (s->accepted == 0 && t->nsources > 1)
			msg_warn("%s: no usable records", trace_source_name(t, (uint16_t)i));
	}
}

static int
no_usable_records(const struct trace *t, struct err *e)
{
	unsigned long long rows = 0, filtered = 0;

	for (size_t i = 0; i < t->nsources; i++) {
		rows += t->sources[i].rows;
		filtered += t->sources[i].filtered;
	}
	if (rows == 0)
		return err_set(e, ERR_DATA, "no usable records: the input%s "
		               "%s a header but no records",
		               t->nsources > 1 ? "s" : "",
		               t->nsources > 1 ? "have" : "has");
	if (filtered == rows)
		return err_set(e, ERR_DATA, "no usable records: --where "
		               "filtered out all %llu", rows);
	return err_set(e, ERR_DATA, "no usable records: all %llu were "
	               "rejected or filtered out", rows);
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

	if (secs < 1.0 || t - p->last < 0.2)
		return;
	p->last = t;
	p->shown = true;
	fprintf(stderr, "\rttftstat: reading %.40s: %.1fM records, %.0f MB/s\033[K",
	        name, (double)records / 1e6, (double)bytes / 1e6 / secs);
	fflush(stderr);
}

int
pipeline_read(const struct opts *o, struct trace **out, struct err *e)
{
	struct trace *t = trace_new();
	struct progress pg = {now(), 0, false};
	struct ingest_opts in = o->in;
	int rc = 0;

	*out = t;
	if (t == NULL)
		return err_nomem(e);
	in.threads = o->s.threads;      /* --threads 1: read and map in one */
	if (!o->quiet && isatty(STDERR_FILENO)) {
		in.progress = progress_show;
		in.progress_ctx = &pg;
	}
	for (size_t i = 0; i < o->npaths && rc == 0; i++)
		rc = ingest_file(t, o->paths[i], &in, e);
	if (pg.shown)
		fputs("\r\033[K", stderr);            /* the line goes away */
	if (rc != 0)
		return rc;
	report_rejections(t);
	if (t->n == 0)
		return no_usable_records(t, e);
	return 0;
}

int
pipeline_analyse(const struct opts *o, bool intervals, struct trace **t,
                 struct cells **cs, struct err *e)
{
	struct analyze_opts ao = {intervals ? o->s.bootstrap : 0,
	                          o->s.confidence, o->s.ci, o->s.seed,
	                          o->s.threads};
	int rc;

	*cs = NULL;
	if ((rc = pipeline_read(o, t, e)) != 0 ||
	    (rc = cells_build(*t, o->s.warmup, cs, e)) != 0)
		return rc;
	return analyze_cells(*t, *cs, &ao, e);
}
