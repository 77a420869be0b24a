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

void
out_csv(FILE *fp, const struct report *r)
{
	static const char *const head[] = {
		"n", "warmup_discarded", "errors", "min_s", "median_s", "p90_s",
		"p95_s", "p99_s", "max_s", "mean_s", "sd_s", "cv_pct", "tier",
		"ci_median_lo", "ci_median_hi", "ci_p95_lo", "ci_p95_hi",
		"ci_p99_lo", "ci_p99_hi", "ci_mean_lo", "ci_mean_hi",
		"ci_cv_pct_lo", "ci_cv_pct_hi", "bimodal", "delta_bic", "ashman_d",
		"cold_share", "warm_median_s", "cold_median_s", "cold_penalty_s",
		"threshold_s", "needed_n", "keep_warm_s", "keep_warm_lo_s",
		"keep_warm_hi_s", "warnings"};

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
			fmt_csv_number(fp, v[j]);
		}
		fputc(',', fp);
		if (tier != NULL)
			fputs(tier, fp);
		for (int st = 0; st < CI_NSTATS; st++) {
			fputc(',', fp);
			if (c->ci.have)
				fmt_csv_number(fp, c->ci.lo[st]);
			fputc(',', fp);
			if (c->ci.have)
				fmt_csv_number(fp, c->ci.hi[st]);
		}
		fputc(',', fp);
		if (c->mix.fitted)
			fputs(c->mix.bimodal ? "true" : "false", fp);
		{
			const struct mix_result *m = &c->mix;
			const double mv[] = {m->delta_bic, m->ashman_d,
			                     m->fitted ? m->cold_share : NAN,
			                     m->warm_median_s, m->cold_median_s,
			                     m->cold_penalty_s, m->threshold_s,
			                     m->bimodal ? c->needed_n : NAN,
			                     c->idle.keep_warm_s, c->idle.keep_warm_lo_s,
			                     c->idle.keep_warm_hi_s};
			for (size_t j = 0; j < sizeof mv / sizeof mv[0]; j++) {
				fputc(',', fp);
				fmt_csv_number(fp, mv[j]);
			}
		}
		fputc(',', fp);
		for (size_t w = 0; w < c->nwarn; w++)
			o += (size_t)snprintf(warnings + o, sizeof warnings - o, "%s%s",
			                      w ? "; " : "", c->warn[w]);
		csv_text(fp, warnings);
		fputc('\n', fp);
	}
}
