/*
 * out_md.c — a GitHub-flavoured Markdown table to paste into a report.
 * Cell text escapes '|' and '\', and turns newlines and other control
 * bytes into spaces, so a hostile name cannot break the table.
 */
#include <string.h>

#include "numfmt.h"
#include "report.h"

static void
md_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '|' || c == '\\' || c == '`' || c == '*' || c == '_' ||
		    c == '<' || c == '[' || c == ']')
			fputc('\\', fp);
		fputc(c < 0x20 || c == 0x7f ? ' ' : (char)c, fp);
	}
}

void
out_md(FILE *fp, const struct report *r)
{
	static const char *const head[] = {
		"n", "errors", "median (s)", "p95 (s)", "p99 (s)", "sd (s)",
		"CV %", "CV % 95 % CI", "tier", "cold starts"};
	const size_t nh = sizeof head / sizeof head[0];
	char buf[64];

	fputs("|", fp);
	for (size_t k = 0; k < r->t->nkeys; k++)
		if (!report_key_unused(r, k)) {
			fputc(' ', fp);
			md_text(fp, r->t->keyname[k]);
			fputs(" |", fp);
		}
	for (size_t i = 0; i < nh; i++)
		fprintf(fp, " %s |", head[i]);
	fputs("\n|", fp);
	for (size_t k = 0; k < r->t->nkeys; k++)
		if (!report_key_unused(r, k))
			fputs(" --- |", fp);
	for (size_t i = 0; i < nh; i++)
		fputs(i + 2 < nh ? " ---: |" : " --- |", fp);  /* text last */
	fputc('\n', fp);
	for (size_t i = 0; i < r->cells->n; i++) {
		const struct cell *c = &r->cells->c[i];
		const struct describe *d = &c->d;
		const double t[] = {d->median, d->p95, d->p99, d->sd};
		const char *tier = stats_tier_name(d->tier);

		fputs("|", fp);
		for (size_t k = 0; k < r->t->nkeys; k++) {
			const char *v;
			if (report_key_unused(r, k))
				continue;
			v = report_key(r, c, k);
			fputc(' ', fp);
			md_text(fp, v ? v : "\xe2\x80\x93");
			fputs(" |", fp);
		}
		fprintf(fp, " %zu | %zu |", d->n, c->errors);
		for (size_t j = 0; j < sizeof t / sizeof t[0]; j++) {
			fmt_fixed(buf, sizeof buf, t[j], 3);
			fprintf(fp, " %s |", buf);
		}
		fmt_fixed(buf, sizeof buf, d->cv_pct, 1);
		fprintf(fp, " %s |", buf);
		if (c->ci.have)
			fprintf(fp, " %.1f – %.1f |", c->ci.lo[CI_CV], c->ci.hi[CI_CV]);
		else
			fputs(" – |", fp);
		fprintf(fp, " %s |", tier ? tier : "\xe2\x80\x93");
		if (c->mix.bimodal)
			fprintf(fp, " %.1f %% (%.2f s vs %.2f s) |\n",
			        100.0 * c->mix.cold_share, c->mix.cold_median_s,
			        c->mix.warm_median_s);
		else
			fputs(c->mix.fitted ? " none |\n" : " – |\n", fp);
	}
}
