/*
 * choose.c — --preset, or detection from the head.
 */
#include "choose.h"

#include <string.h>

int
choose_harness(struct trace *t, uint16_t src, const struct ingest_opts *o,
               const struct sniff *s, struct mapper_spec *spec, struct err *e)
{
	struct trace_source *ts = &t->sources[src];

	spec->h = NULL;
	spec->layout = -1;
	if (o->preset != NULL) {
		/* forced; the layout still from content, else the latest */
		spec->h = o->preset;
		spec->layout = spec->h->detect(s);
		if (spec->layout < 0)
			spec->layout = (int)spec->h->nlayouts - 1;
	} else {
		spec->h = harness_detect(s, &spec->layout);
	}
	if (spec->h == NULL)
		return 0;
	ts->preset = spec->h->name;
	if (spec->h->aggregate != NULL)
		return err_set(e, ERR_DATA, "%s: this is %s, which holds aggregates "
		               "only, no request to analyse: %s",
		               trace_source_name(t, src), spec->h->summary,
		               spec->h->aggregate);
	if (spec->layout >= 0 && (size_t)spec->layout < spec->h->nlayouts)
		ts->layout = spec->h->layouts[spec->layout].version;
	return 0;
}

int
choose_for_columns(struct trace *t, uint16_t src, const struct ingest_opts *o,
                   const char *const *names, const size_t *lens, size_t n,
                   struct mapper_spec *spec, struct err *e)
{
	struct sniff s;

	sniff_csv(&s, trace_source_name(t, src), names, lens, n);
	if (o->preset != NULL && o->preset->input == HARNESS_TREE) {
		/* a JSON harness forced on columns: its roles by name */
		spec->h = o->preset;
		spec->layout = (int)o->preset->nlayouts - 1;
		t->sources[src].preset = spec->h->name;
		return 0;
	}
	return choose_harness(t, src, o, &s, spec, e);
}
