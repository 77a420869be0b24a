/*
 * out_json.c — SPEC.md's `summary --format-out json`, keys exactly as
 * specified, with more keys beside them (SPEC allows additions; none is
 * renamed).  Undefined numbers are null, never faked; strings go through
 * jsonw.c's escaper.
 */
#include <math.h>
#include <string.h>

#include "jsonw.h"
#include "numfmt.h"
#include "report.h"

static void
json_key(FILE *fp, const char *indent, const char *key)
{
	fputs(indent, fp);
	json_str(fp, key);
	fputs(": ", fp);
}

static void
write_inputs(FILE *fp, const struct report *r)
{
	const struct trace *t = r->t;
	char where[400];

	fputs("  \"inputs\": [", fp);
	for (size_t i = 0; i < t->nsources; i++) {
		const struct trace_source *s = &t->sources[i];
		fputs(i ? ",\n    {\n" : "\n    {\n", fp);
		json_key(fp, "      ", "path");
		json_str(fp, s->path);
		fputs(",\n", fp);
		json_key(fp, "      ", "format");
		json_str(fp, s->format);
		fputs(",\n      \"preset\": ", fp);
		if (s->preset)
			json_str(fp, s->preset);
		else
			fputs("null", fp);
		fputs(", \"layout\": ", fp);
		if (s->layout)
			json_str(fp, s->layout);
		else
			fputs("null", fp);
		fputs(", \"compression\": ", fp);
		if (s->compression)
			json_str(fp, s->compression);
		else
			fputs("null", fp);
		fputs(",\n      \"error\": ", fp);
		if (s->error)
			json_str(fp, s->error);
		else
			fputs("null", fp);
		fprintf(fp, ",\n      \"rows\": %llu,\n      \"accepted\": %llu,\n"
		        "      \"rejected\": %llu,\n      \"filtered\": %llu,\n"
		        "      \"rejections\": [",
		        (unsigned long long)s->rows, (unsigned long long)s->accepted,
		        (unsigned long long)s->rejected,
		        (unsigned long long)s->filtered);
		for (size_t k = 0; k < s->nkept; k++) {
			trace_where(t, (uint16_t)i, s->kept[k].line, where, sizeof where);
			fputs(k ? ", { \"where\": " : " { \"where\": ", fp);
			json_str(fp, where);
			fputs(", \"reason\": ", fp);
			json_str(fp, s->kept[k].reason);
			fputs(" }", fp);
		}
		fputs(s->nkept ? " ],\n      \"notes\": [" : "],\n      \"notes\": [",
		      fp);
		for (size_t k = 0; k < s->nnotes; k++) {
			fputs(k ? ", " : " ", fp);
			json_str(fp, s->notes[k]);
		}
		fputs(s->nnotes ? " ]\n    }" : "]\n    }", fp);
	}
	fputs(t->nsources ? "\n  ],\n" : "],\n", fp);
}

static void
json_pair(FILE *fp, double lo, double hi)
{
	if (!isfinite(lo) || !isfinite(hi)) {
		fputs("null", fp);
		return;
	}
	fputc('[', fp);
	json_num(fp, lo);
	fputs(", ", fp);
	json_num(fp, hi);
	fputc(']', fp);
}

static void
write_ci(FILE *fp, const struct cell *c)
{
	fputs(",\n      \"ci\": {", fp);
	for (int s = 0; s < CI_NSTATS; s++) {
		fprintf(fp, "%s\"%s\": ", s ? ", " : " ", ci_stat_name((enum ci_stat)s));
		if (c->ci.have)
			json_pair(fp, c->ci.lo[s], c->ci.hi[s]);
		else
			fputs("null", fp);
	}
	fputs(" }", fp);
}

static void
write_mixture(FILE *fp, const struct cell *c)
{
	const struct mix_result *m = &c->mix;

	fputs(",\n      \"mixture\": ", fp);
	if (!m->fitted) {
		fputs("null", fp);
		return;
	}
	fprintf(fp, "{ \"bimodal\": %s, \"delta_bic\": ",
	        m->bimodal ? "true" : "false");
	json_num(fp, m->delta_bic);
	fputs(", \"ashman_d\": ", fp);
	json_num(fp, m->ashman_d);
	fputs(", \"cold_share\": ", fp);
	json_num(fp, m->cold_share);
	fputs(",\n                   \"warm_median_s\": ", fp);
	json_num(fp, m->warm_median_s);
	fputs(", \"cold_median_s\": ", fp);
	json_num(fp, m->cold_median_s);
	fputs(", \"cold_penalty_s\": ", fp);
	json_num(fp, m->cold_penalty_s);
	fputs(", \"threshold_s\": ", fp);
	json_num(fp, m->threshold_s);
	fprintf(fp, ",\n                   \"converged\": %s, \"iterations\": %zu, "
	        "\"needed_n\": ", m->converged ? "true" : "false", m->iterations);
	json_num(fp, m->bimodal ? c->needed_n : NAN);
	fputs(" }", fp);
}

static void
write_idle(FILE *fp, const struct cell *c)
{
	const struct idle_result *d = &c->idle;
	bool first = true;

	fputs(",\n      \"idle\": ", fp);
	if (!d->have) {
		fputs("null", fp);
		return;
	}
	fputs("{ \"bins\": [", fp);
	for (size_t b = 0; b < d->nbins; b++) {
		if (d->bin[b].n == 0)
			continue;
		fputs(first ? " " : ", ", fp);
		first = false;
		fputs("{ \"gap_lo_s\": ", fp);
		json_num(fp, d->bin[b].lo_s);
		fputs(", \"gap_hi_s\": ", fp);
		json_num(fp, d->bin[b].hi_s);
		fprintf(fp, ", \"n\": %zu, \"cold\": %zu }", d->bin[b].n,
		        d->bin[b].cold);
	}
	fputs(first ? "],\n                \"keep_warm_s\": "
	            : " ],\n                \"keep_warm_s\": ", fp);
	json_num(fp, d->keep_warm_s);
	fputs(", \"keep_warm_ci\": ", fp);
	json_pair(fp, d->keep_warm_lo_s, d->keep_warm_hi_s);
	fputs(", \"note\": ", fp);
	if (d->identified)
		fputs("null", fp);
	else
		json_str(fp, d->why);
	fputs(" }", fp);
}

static void
write_cell(FILE *fp, const struct report *r, const struct cell *c)
{
	const struct describe *d = &c->d;
	bool first = true;
	const char *tier = stats_tier_name(d->tier);
	static const struct {
		const char *name;
		size_t off;
	} stat[] = {
		{"min", offsetof(struct describe, min)},
		{"median", offsetof(struct describe, median)},
		{"p90", offsetof(struct describe, p90)},
		{"p95", offsetof(struct describe, p95)},
		{"p99", offsetof(struct describe, p99)},
		{"max", offsetof(struct describe, max)},
		{"mean", offsetof(struct describe, mean)},
		{"sd", offsetof(struct describe, sd)},
	};

	fputs("    {\n      \"group\": {", fp);
	for (size_t k = 0; k < r->t->nkeys; k++) {
		const char *v = report_key(r, c, k);
		if (v == NULL)
			continue;
		fputs(first ? " " : ", ", fp);
		first = false;
		json_str(fp, r->t->keyname[k]);
		fputs(": ", fp);
		json_str(fp, v);
	}
	fprintf(fp, "%s},\n      \"n\": %zu,\n      \"warmup_discarded\": %zu,\n"
	        "      \"errors\": %zu,\n      \"ttft_s\": {",
	        first ? "" : " ", d->n, c->warmup_discarded, c->errors);
	for (size_t i = 0; i < sizeof stat / sizeof stat[0]; i++) {
		fprintf(fp, "%s\"%s\": ", i ? ", " : " ", stat[i].name);
		json_num(fp, *(const double *)((const char *)d + stat[i].off));
	}
	fputs(" },\n      \"cv_pct\": ", fp);
	json_num(fp, d->cv_pct);
	fputs(",\n      \"tier\": ", fp);
	if (tier != NULL)
		json_str(fp, tier);
	else
		fputs("null", fp);
	write_ci(fp, c);
	write_mixture(fp, c);
	write_idle(fp, c);
	if (r->ngates > 0) {
		fputs(",\n      \"gates\": ", fp);
		json_gates(fp, r->gates, r->ngates, c->gates);
	}
	fputs(",\n      \"warnings\": [", fp);
	for (size_t w = 0; w < c->nwarn; w++) {
		fputs(w ? ", " : " ", fp);
		json_str(fp, c->warn[w]);
	}
	fputs(c->nwarn ? " ]\n    }" : "]\n    }", fp);
}

void
out_json(FILE *fp, const struct report *r)
{
	fputs("{\n  \"tool\": \"ttftstat\",\n  \"version\": \"" TTFTSTAT_VERSION
	      "\",\n", fp);
	fprintf(fp, "  \"settings\": { \"warmup\": %zu, \"bootstrap\": %lu, "
	        "\"confidence\": ", r->s.warmup, r->s.bootstrap);
	json_num(fp, r->s.confidence);
	fprintf(fp, ", \"seed\": %llu, \"ci_method\": \"%s\" },\n", r->s.seed,
	        r->s.ci == CI_BCA ? "bca" : "percentile");
	write_inputs(fp, r);
	fputs("  \"cells\": [", fp);
	for (size_t i = 0; i < r->cells->n; i++) {
		fputs(i ? ",\n" : "\n", fp);
		write_cell(fp, r, &r->cells->c[i]);
	}
	fputs(r->cells->n ? "\n  ]\n}\n" : "]\n}\n", fp);
}
