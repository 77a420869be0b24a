/*
 * pipeline.c — what every command does first: read all inputs into one
 * trace table, tell the user once what was skipped, refuse an empty table.
 */
#include "opts.h"

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

int
pipeline_read(const struct opts *o, struct trace **out, struct err *e)
{
	struct trace *t = trace_new();
	int rc = 0;

	*out = t;
	if (t == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < o->npaths && rc == 0; i++)
		rc = ingest_file(t, o->paths[i], &o->in, e);
	if (rc != 0)
		return rc;
	report_rejections(t);
	if (t->n == 0)
		return no_usable_records(t, e);
	return 0;
}
