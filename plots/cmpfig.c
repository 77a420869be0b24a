/*
 * cmpfig.c — compare-CELL: two captures' ECDFs of one cell, titled with
 * what the tests said (the change, its interval, significant or not).
 */
#include "fig.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "gp.h"

/* "+4.3 % [-2.1, +9.8]" */
static void
change(char *buf, size_t size, double v, const double ci[2])
{
	if (isnan(v))
		snprintf(buf, size, "n/a");
	else if (isfinite(ci[0]) && isfinite(ci[1]))
		snprintf(buf, size, "%+.1f %% [%+.1f, %+.1f]", v, ci[0], ci[1]);
	else
		snprintf(buf, size, "%+.1f %%", v);
}

static int
one(struct out *w, const struct cmp_cell *cc, size_t ordinal)
{
	const struct cell *a = cc->base, *b = cc->nw;
	char la[256], name[80], prefix[32], text[1024], alt[1280], dm[80], dp[80];
	double lo = fmin(a->x[0], b->x[0]);
	double hi = fmax(a->x[a->d.n - 1], b->x[b->d.n - 1]);
	FILE *gp, *dat;
	int rc, lt, dt;

	plots_cell_label(cc->tb, a, la, sizeof la);
	snprintf(prefix, sizeof prefix, "compare-%03zu", ordinal);
	if (names_make(&w->nm, prefix, la, name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# ttft_s  fraction_at_or_below   (block 0 base, block 1 new)\n",
	      dat);
	for (int s = 0; s < 2; s++) {
		const struct cell *c = s ? b : a;
		for (size_t k = 0; k < c->d.n; k++)
			fprintf(dat, "%.9g %.6g\n", c->x[k],
			        (double)(k + 1) / (double)c->d.n);
		fputs("\n\n", dat);
	}
	gp_preamble(gp, w->o->term, fig_width(w, 900), 520, w->o->font, name);
	change(dm, sizeof dm, cc->d_median_pct, cc->ci_median);
	change(dp, sizeof dp, cc->d_p95_pct, cc->ci_p95);
	snprintf(text, sizeof text, "%s, new vs base: median %s, %s "
	         "(Mann-Whitney, Holm p = %.2g); p95 %s", la, dm,
	         cc->significant ? "significant" : "not significant", cc->p_adj,
	         dp);
	fig_title(w, gp, text);
	fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
	      "set ylabel 'share of requests at or below'\nset yrange [0:1]\n"
	      "set key bottom right\n", gp);
	fig_log_tics(gp, 'x', lo, hi, true);
	palette_style(&w->pal, provider_of(cc->tn, b), &lt, &dt);
	fprintf(gp, "plot datadir.'%s.dat' index 0 using 1:2 with steps "
	        "lc rgb '#555555' dt 2 lw 2 title 'base', \\\n  '' index 1 using "
	        "1:2 with steps lt %d lw 2 title 'new'\n", name, lt);
	if ((rc = close_pair(w)) != 0)
		return rc;
	snprintf(alt, sizeof alt, "Empirical cumulative distributions of TTFT "
	         "of %s in the base (%zu requests) and new (%zu) captures, log "
	         "scale: the median changed by %s (%s), the p95 by %s.", la,
	         a->d.n, b->d.n, dm, cc->significant ? "significant"
	         : "not significant", dp);
	return add_figure(w, name, "compare", text, alt, SIZE_MAX);
}

int
plots_compare(const struct comparison *cmp, const struct plot_opts *o,
              struct figures *fl, struct err *e)
{
	struct out w;
	size_t ordinal = 0, k = 0;
	int rc;

	if ((rc = out_open(&w, o, fl, e)) != 0)
		return rc;
	/* the colours: the matched cells' providers, by name */
	w.pal.names = malloc((cmp->n ? cmp->n : 1) * sizeof *w.pal.names);
	if (w.pal.names == NULL) {
		out_close(&w);
		return err_nomem(e);
	}
	for (size_t i = 0; i < cmp->n; i++)
		if (cmp->c[i].base && cmp->c[i].nw)
			w.pal.names[k++] = provider_of(cmp->c[i].tn, cmp->c[i].nw);
	palette_sort(&w.pal, k);
	for (size_t i = 0; i < cmp->n && rc == 0; i++) {
		const struct cmp_cell *cc = &cmp->c[i];
		if (cc->base == NULL || cc->nw == NULL || cc->base->d.n == 0 ||
		    cc->nw->d.n == 0)
			continue;
		if (o->max_cells > 0 && ordinal >= o->max_cells)
			break;
		rc = one(&w, cc, ++ordinal);
	}
	out_close(&w);
	if (rc == 0 && ordinal == 0)
		rc = err_set(e, ERR_DATA, "no cell of BASE matches a cell of NEW "
		             "(by their group keys): nothing to compare");
	return rc;
}
