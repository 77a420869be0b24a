/*
 * out_csv.c — one header row, one row per cell, full precision.  Text
 * fields go through libcsv's csv_fwrite (always quoted, quotes doubled);
 * undefined numbers are empty fields.
 */
#include <csv.h>
#include <math.h>
#include <string.h>

#include "numfmt.h"
#include "report.h"

static void
csv_text(FILE *fp, const char *s)
{
	csv_fwrite(fp, s, strlen(s));
}

static void
csv_num(FILE *fp, double x)
{
	char buf[40];

	if (isfinite(x)) {
		fmt_shortest(buf, sizeof buf, x);
		fputs(buf, fp);
	}
}

void
out_csv(FILE *fp, const struct report *r)
{
	static const char *const head[] = {
		"n", "warmup_discarded", "errors", "min_s", "median_s", "p90_s",
		"p95_s", "p99_s", "max_s", "mean_s", "sd_s", "cv_pct", "tier",
		"warnings"};

	for (size_t k = 0; k < r->t->nkeys; k++) {
		csv_text(fp, r->t->keyname[k]);
		fputc(',', fp);
	}
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		fprintf(fp, "%s%s", head[i], i + 1 < sizeof head / sizeof head[0]
		                             ? "," : "\n");
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		const struct describe *d = &c->d;
		const double v[] = {d->min, d->median, d->p90, d->p95, d->p99,
		                    d->max, d->mean, d->sd, d->cv_pct};
		const char *tier = stats_tier_name(d->tier);
		char warnings[CELL_WARNINGS_MAX * CELL_WARNING_LEN + 16] = "";
		size_t o = 0;

		for (size_t k = 0; k < r->t->nkeys; k++) {
			const char *key = report_key(r, c, k);
			if (key != NULL)
				csv_text(fp, key);
			fputc(',', fp);
		}
		fprintf(fp, "%zu,%zu,%zu", d->n, c->warmup_discarded, c->errors);
		for (size_t j = 0; j < sizeof v / sizeof v[0]; j++) {
			fputc(',', fp);
			csv_num(fp, v[j]);
		}
		fputc(',', fp);
		if (tier != NULL)
			fputs(tier, fp);
		fputc(',', fp);
		for (size_t w = 0; w < c->nwarn; w++)
			o += (size_t)snprintf(warnings + o, sizeof warnings - o, "%s%s",
			                      w ? "; " : "", c->warn[w]);
		csv_text(fp, warnings);
		fputc('\n', fp);
	}
}
