/*
 * out_json.c — SPEC.md's `summary --format-out json`, keys exactly as
 * specified.  Keys whose values this version does not compute (ci,
 * mixture) are absent, never faked.  Strings are escaped here and nowhere
 * else: '"', '\' and every byte below 0x20 (as \u00XX when it has no
 * short form), 0x7F too; valid UTF-8 passes through.
 */
#include <math.h>
#include <string.h>

#include "../ingest/field.h"
#include "numfmt.h"
#include "report.h"

static void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			/* JSON text must be UTF-8: a broken sequence (a file
			 * name from argv, say) becomes U+FFFD. */
			size_t seq = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
			             : (c & 0xf8) == 0xf0 ? 4 : 0;
			if (seq > 0 && strnlen(s, seq) == seq &&
			    field_utf8_valid(s, seq)) {
				fwrite(s, 1, seq, fp);
				s += seq - 1;
			} else {
				fputs("\\ufffd", fp);
			}
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\u%04x", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

static void
json_num(FILE *fp, double x)
{
	char buf[40];

	if (!isfinite(x)) {
		fputs("null", fp);
		return;
	}
	fmt_shortest(buf, sizeof buf, x);
	fputs(buf, fp);
}

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
	fprintf(fp, ", \"seed\": %llu },\n", r->s.seed);
	write_inputs(fp, r);
	fputs("  \"cells\": [", fp);
	for (size_t i = 0; i < r->cells->n; i++) {
		fputs(i ? ",\n" : "\n", fp);
		write_cell(fp, r, &r->cells->c[i]);
	}
	fputs(r->cells->n ? "\n  ]\n}\n" : "]\n}\n", fp);
}
