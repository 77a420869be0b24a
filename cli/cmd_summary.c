/*
 * cmd_summary.c — `ttftstat summary`: read every input into one trace
 * table, build the cells, print one row per cell.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/cells.h"
#include "../ingest/ingest.h"
#include "commands.h"
#include "msg.h"
#include "opts.h"
#include "report.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat summary [OPTIONS] FILE...\n\n"
	      "One row per cell (default cell: model x provider): n, errors,\n"
	      "min, median, p95, p99, max, mean, sd, CV% and its tier.\n"
	      "FILE may be - for standard input.\n\noptions:\n", fp);
	opts_help(fp);
}

static void
preset_help(FILE *fp)
{
	fputs("presets (--preset NAME):\n", fp);
	for (const struct preset *p = ingest_presets; p->name != NULL; p++)
		fprintf(fp, "  %-8s %s\n", p->name, p->summary);
}

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

int
cmd_summary(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct report r;
	int rc;

	if ((rc = opts_parse(&o, argc, argv, 2, &e)) != 0)
		goto fail;
	msg_set_quiet(o.quiet);
	if (o.help || o.preset_help) {
		if (o.preset_help)
			preset_help(stdout);
		else
			help(stdout);
		opts_free(&o);
		return 0;
	}
	if (o.version) {
		puts("ttftstat " TTFTSTAT_VERSION);
		opts_free(&o);
		return 0;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "summary needs at least one FILE "
		             "(- reads standard input)");
		goto fail;
	}
	if ((t = trace_new()) == NULL) {
		rc = err_nomem(&e);
		goto fail;
	}
	for (size_t i = 0; i < o.npaths; i++)
		if ((rc = ingest_file(t, o.paths[i], &o.in, &e)) != 0)
			goto fail;
	report_rejections(t);
	if (t->n == 0) {
		rc = no_usable_records(t, &e);
		goto fail;
	}
	if ((rc = cells_build(t, o.s.warmup, &cs, &e)) != 0)
		goto fail;
	r.t = t;
	r.cells = cs;
	r.s = o.s;
	switch (o.out) {
	case OUT_TEXT: out_text(stdout, &r); break;
	case OUT_JSON: out_json(stdout, &r); break;
	case OUT_CSV: out_csv(stdout, &r); break;
	case OUT_MD: out_md(stdout, &r); break;
	}
fail:
	if (rc != 0)
		msg_error("%s", e.msg);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
