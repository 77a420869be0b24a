/*
 * figures.c — the run's figures: the CV chart, one ECDF per model, and
 * the per-cell figures of cellfig.c, for the cells select_cells() keeps.
 *
 * Every label from the input goes through gp_quote(); every data file
 * holds numbers only; every file is created new in the output folder
 * under a name from names.c and renamed into place (outdir.c).  A
 * provider has one colour in every figure of a run (fig.c's palette);
 * every interval says its method and level; axes carry units.  The
 * work is linear in the number of cells: a few sorts, no scan of all
 * cells per cell, and a bounded number of figures.
 */
#include "fig.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/stats.h"
#include "cellfig.h"
#include "gp.h"

void
figures_free(struct figures *fl)
{
	free(fl->f);
	fl->f = NULL;
	fl->n = fl->cap = 0;
}

void
plots_cell_label(const struct trace *t, const struct cell *c, char *buf,
                 size_t size)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < t->nkeys && o + 4 < size; k++) {
		const char *v = trace_str(t, t->cells[c->id].key[k]);
		if (v != NULL)
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
			                      o ? " / " : "", v);
	}
	if (o == 0)
		snprintf(buf, size, "all requests");
}

/* ==== the CV chart: one row per cell, grouped by model ==== */

#define ROW_PX 26

static int
cv_chart(struct out *w, const struct trace *t, const struct cells *cs,
         const bool *keep, size_t nkeep)
{
	const char *name = "cv-bars";
	double lo = INFINITY, hi = 0, y = 0, xmin, xmax;
	size_t shown = 0, rows = 0;
	const struct cell *worst = NULL, *best = NULL;
	FILE *gp, *dat;
	char caption[240], alt[1280], label[256];
	int rc, font = w->o->font > 0 ? w->o->font : 11;
	uint32_t prev_model = TRACE_NONE;

	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# row  cv_pct  ci_lo  ci_hi  error_pct  unreliable  linetype\n",
	      dat);
	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		double cv = c->d.cv_pct, l, h;
		int lt, dt;
		if (!keep[i])
			continue;
		/* a gap between models */
		if (rows > 0 && t->cells[c->id].key[0] != prev_model)
			y += 0.6;
		prev_model = t->cells[c->id].key[0];
		rows++;
		y += 1;
		if (isnan(cv) || cv <= 0)
			continue;
		l = c->ci.have && c->ci.lo[CI_CV] > 0 ? c->ci.lo[CI_CV] : cv;
		h = c->ci.have && isfinite(c->ci.hi[CI_CV]) ? c->ci.hi[CI_CV] : cv;
		palette_style(&w->pal, provider_of(t, c), &lt, &dt);
		fprintf(dat, "%.2f %.6g %.6g %.6g %.6g %d %d\n", y, cv, l, h,
		        100.0 * c->error_rate, c->unreliable ? 1 : 0, lt);
		lo = fmin(lo, l);
		hi = fmax(hi, h);
		if (worst == NULL || cv > worst->d.cv_pct)
			worst = c;
		if (best == NULL || cv < best->d.cv_pct)
			best = c;
		shown++;
	}
	xmin = fmin(isfinite(lo) ? lo / 1.6 : 10.0, 20.0);
	xmax = fmax(hi * 4.0, 1500.0);      /* room for the tier names */
	gp_preamble(gp, w->o->term, fig_width(w, 900),
	            (int)(150 + ROW_PX * (double)rows + 22 * (y - (double)rows)),
	            font, name);
	if (nkeep < cs->n)
		snprintf(caption, sizeof caption, "TTFT consistency: CV per cell "
		         "(the %zu worst of %zu cells; all are in the table)", nkeep,
		         cs->n);
	else
		snprintf(caption, sizeof caption, "TTFT consistency: CV per model "
		         "and provider");
	fig_title(w, gp, caption);
	fprintf(gp, "set xlabel 'CV of TTFT (%%, log scale); lines: %s'\n",
	        w->o->ci_label ? w->o->ci_label : "interval");
	fprintf(gp, "set logscale x\nset xrange [%.6g:%.6g]\n", xmin, xmax);
	fig_log_tics(gp, 'x', xmin, xmax, false);
	fprintf(gp, "set yrange [%.2f:0.4] \nset grid noytics xtics\n"
	        "set border 1\nset ytics scale 0 (", y + 0.6);
	/* the row labels: model and provider of each kept cell */
	y = 0;
	rows = 0;
	prev_model = TRACE_NONE;
	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		if (!keep[i])
			continue;
		if (rows > 0 && t->cells[c->id].key[0] != prev_model)
			y += 0.6;
		prev_model = t->cells[c->id].key[0];
		y += 1;
		plots_cell_label(t, c, label, sizeof label);
		fputs(rows++ ? ", " : "", gp);
		gp_quote_opt(gp, label, GP_LABEL_MAX, GPQ_TIC | fig_quote_flags(w));
		fprintf(gp, " %.2f", y);
	}
	fputs(")\n", gp);
	/* the tier boundaries, each labelled with the tier from there on */
	for (int tr = TIER_VARIABLE; tr <= TIER_NOT_PRODUCTION_READY; tr++) {
		double f = stats_tier_floor((enum tier)tr);
		fprintf(gp, "set arrow %d from first %g, graph 0 to first %g, graph 1 "
		        "nohead dt 2 lc rgb '#555555' back\n", tr, f, f);
		fprintf(gp, "set label %d '%s' at first %g, graph 1 offset 0.3,0.6 "
		        "tc rgb '#555555' font ',%d'\n", tr,
		        stats_tier_name((enum tier)tr), f, font - 2);
	}
	/* no legend: each row names its provider, in the provider's colour
	 * of every figure of the run */
	fputs("unset key\nset tmargin 4\n"
	      "set style fill solid 0.85 border lc rgb '#333333'\n", gp);
	if (shown == 0) {
		fputs("# no cell has a CV (each needs at least 2 requests)\n"
		      "set label 9 'no cell has a CV (each needs 2 requests or more)' "
		      "at graph 0.5, graph 0.5 center\nplot 1/0 notitle\n", gp);
	} else {
		fprintf(gp, "plot datadir.'%s.dat' using (%.6g):1:(%.6g):2:($1-0.38):"
		        "($1+0.38):7 with boxxyerror lc variable notitle, \\\n"
		        /* an unreliable cell: hatched over, its failures said */
		        "  '' using (%.6g):($6 > 0 ? $1 : 1/0):(%.6g):2:($1-0.38):"
		        "($1+0.38) with boxxyerror fs transparent pattern 4 "
		        "lc rgb '#B00000' notitle, \\\n"
		        "  '' using 2:1:3:4 with xerrorbars lc rgb '#000000' lw 1.5 "
		        "pt 0 notitle, \\\n"
		        "  '' using ($4*1.15):($6 > 0 ? 1/0 : $1):(sprintf('%%.0f %%%%', $2)) "
		        "with labels left font ',%d' notitle, \\\n"
		        "  '' using ($4*1.15):($6 > 0 ? $1 : 1/0):"
		        "(sprintf('%%.0f %%%%, unreliable: %%.0f %%%% failed', $2, $5)) "
		        "with labels left font ',%d' tc rgb '#B00000' notitle",
		        name, xmin, xmin, xmin, xmin, font - 1, font - 1);
		fputc('\n', gp);
	}
	if ((rc = close_pair(w)) != 0)
		return rc;
	if (worst != NULL) {
		char a[256], b[256];
		plots_cell_label(t, worst, a, sizeof a);
		plots_cell_label(t, best, b, sizeof b);
		snprintf(alt, sizeof alt, "Horizontal bar chart of the coefficient "
		         "of variation of TTFT for %zu cells on a log scale, with %s "
		         "and the tier boundaries at 40, 100 and 300 %%. Highest: %s "
		         "at %.0f %%; lowest: %s at %.0f %%.", shown,
		         w->o->ci_label ? w->o->ci_label : "intervals", a,
		         worst->d.cv_pct, b, best->d.cv_pct);
	} else {
		snprintf(alt, sizeof alt, "Empty chart: no cell has a CV.");
	}
	return add_figure(w, name, "cv", caption, alt, SIZE_MAX);
}

/* ==== ecdf-MODEL: the model's providers, one line each ==== */

static int
ecdf_model(struct out *w, const struct trace *t, const struct cells *cs,
           size_t first, size_t end, size_t ordinal)
{
	uint32_t model = t->cells[cs->c[first].id].key[0];
	char name[80], prefix[32], text[300], alt[1280];
	double lo = INFINITY, hi = 0;
	FILE *gp, *dat;
	size_t block = 0;
	int rc;

	snprintf(prefix, sizeof prefix, "ecdf-%03zu", ordinal);
	if (names_make(&w->nm, prefix, key_name(t, model), name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# ttft_s  fraction_at_or_below   (one block per provider)\n", dat);
	for (size_t i = first; i < end; i++)
		if (cs->c[i].d.n > 0) {
			lo = fmin(lo, cs->c[i].x[0]);
			hi = fmax(hi, cs->c[i].x[cs->c[i].d.n - 1]);
		}
	gp_preamble(gp, w->o->term, fig_width(w, 900), 520, w->o->font, name);
	snprintf(text, sizeof text, "TTFT distribution of %s, per provider",
	         key_name(t, model));
	fig_title(w, gp, text);
	fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
	      "set ylabel 'share of requests at or below'\nset yrange [0:1]\n"
	      "set key bottom right title 'provider (failed requests)'\n", gp);
	fig_log_tics(gp, 'x', lo, hi, true);
	fputs("plot ", gp);
	for (size_t i = first; i < end; i++) {
		const struct cell *c = &cs->c[i];
		char key[200];
		int lt, dt;
		if (c->d.n == 0)
			continue;
		fprintf(dat, "# block %zu\n", block);
		for (size_t k = 0; k < c->d.n; k++)
			fprintf(dat, "%.9g %.6g\n", c->x[k],
			        (double)(k + 1) / (double)c->d.n);
		fputs("\n\n", dat);
		palette_style(&w->pal, provider_of(t, c), &lt, &dt);
		fprintf(gp, "%sdatadir.'%s.dat' index %zu using 1:2 with steps lt %d "
		        "dt %d lw 2 title ", block ? ", \\\n  " : "", name, block, lt,
		        dt);
		snprintf(key, sizeof key, "%s (%.1f %%%s)", provider_of(t, c),
		         100.0 * c->error_rate, c->unreliable ? ", unreliable" : "");
		gp_quote_opt(gp, key, GP_LABEL_MAX, fig_quote_flags(w));
		block++;
	}
	fputc('\n', gp);
	if ((rc = close_pair(w)) != 0)
		return rc;
	snprintf(alt, sizeof alt, "Empirical cumulative distribution of TTFT "
	         "on a log scale for %zu providers of %s: the share of requests "
	         "at or below each time; a line further left is faster, a "
	         "long flat tail is slow requests.", block, key_name(t, model));
	return add_figure(w, name, "ecdf", text, alt, SIZE_MAX);
}

/* ==== the set ==== */

int
plots_write(const struct trace *t, const struct cells *cs,
            const struct plot_opts *o, struct figures *fl, struct err *e)
{
	struct out w;
	bool *keep = NULL;
	size_t nkeep, models = 0;
	int rc;

	if ((rc = out_open(&w, o, fl, e)) != 0)
		return rc;
	keep = malloc((cs->n ? cs->n : 1) * sizeof *keep);
	if (keep == NULL || palette_build(&w.pal, &t, &cs, 1) != 0) {
		free(keep);
		out_close(&w);
		return err_nomem(e);
	}
	nkeep = select_cells(cs, o->max_cells, keep);
	fl->cells = cs->n;
	fl->cells_drawn = nkeep;
	rc = cv_chart(&w, t, cs, keep, nkeep);
	/* cells are sorted by model: each model is one run of cells; it gets
	 * an ECDF when it has a kept cell with samples */
	for (size_t i = 0; i < cs->n && rc == 0;) {
		size_t end = i;
		bool any = false;
		while (end < cs->n && t->cells[cs->c[end].id].key[0] ==
		                      t->cells[cs->c[i].id].key[0]) {
			any |= keep[end] && cs->c[end].d.n > 0;
			end++;
		}
		if (any)
			rc = ecdf_model(&w, t, cs, i, end, ++models);
		i = end;
	}
	for (size_t i = 0; i < cs->n && rc == 0; i++) {
		const struct cell *c = &cs->c[i];
		if (!keep[i])
			continue;
		rc = cellfig_hist(&w, t, c, i);
		if (rc == 0 && c->timed && c->d.n > 1)
			rc = cellfig_timeline(&w, t, c, i);
		if (rc == 0 && c->idle.have && c->mix.bimodal)
			rc = cellfig_idle(&w, t, c, i);
	}
	free(keep);
	out_close(&w);
	return rc;
}
