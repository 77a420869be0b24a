/*
 * figures.c — what each figure shows, written as gnuplot script + data.
 *
 * Every label from the input goes through gp_quote(); every data file
 * holds numbers only; every file is created new in the output folder
 * under a name from names.c and renamed into place (outdir.c).  Figures use the Okabe-Ito palette
 * (gp.c), units on every axis and titles that say what is shown.
 */
#include "plots.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analyze/stats.h"
#include "names.h"
#include "outdir.h"

#define LN10 2.302585092994046

struct out {
	struct outdir dir;
	struct outfile gp, dat;         /* the figure being written */
	const struct plot_opts *o;
	struct names nm;
	struct figures *fl;
	struct err *e;
};

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

/* ==== files ==== */

/* One figure's script and data, created new and renamed into place
 * together by close_pair() (outdir.c). */
static int
open_pair(struct out *w, const char *name, FILE **gp, FILE **dat)
{
	char file[128];

	snprintf(file, sizeof file, "%s.gp", name);
	if (outfile_create(&w->dir, file, &w->gp, w->e) != 0)
		return w->e->code;
	snprintf(file, sizeof file, "%s.dat", name);
	if (outfile_create(&w->dir, file, &w->dat, w->e) != 0) {
		outfile_abort(&w->gp);
		return w->e->code;
	}
	*gp = w->gp.fp;
	*dat = w->dat.fp;
	return 0;
}

static int
close_pair(struct out *w, const char *name, FILE *gp, FILE *dat)
{
	int a, b;

	(void)name;
	(void)gp;
	(void)dat;
	a = outfile_commit(&w->gp, w->e);
	if (a != 0) {
		outfile_abort(&w->dat);
		return a;
	}
	b = outfile_commit(&w->dat, w->e);
	return b;
}

static int
add_figure(struct out *w, const char *name, const char *title)
{
	struct figures *fl = w->fl;

	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 16;
		struct figure *nf = realloc(fl->f, cap * sizeof *nf);
		if (nf == NULL)
			return err_nomem(w->e);
		fl->f = nf;
		fl->cap = cap;
	}
	snprintf(fl->f[fl->n].name, sizeof fl->f[fl->n].name, "%s", name);
	snprintf(fl->f[fl->n].title, sizeof fl->f[fl->n].title, "%s", title);
	fl->n++;
	return 0;
}

/* "set title '...'" from untrusted text */
static void
title(FILE *gp, const char *text)
{
	fputs("set title ", gp);
	gp_quote_max(gp, text, GP_TITLE_MAX);
	fputs(" font ',13'\n", gp);
}

/* ==== cv-bars ==== */

/* Distinct values of key k among cells, in cell order. */
static size_t
distinct(const struct trace *t, const struct cells *cs, size_t k,
         uint32_t *ids)
{
	size_t n = 0;

	for (size_t i = 0; i < cs->n; i++) {
		uint32_t v = k < t->nkeys ? t->cells[cs->c[i].id].key[k] : TRACE_NONE;
		bool seen = false;
		for (size_t j = 0; j < n && !seen; j++)
			seen = ids[j] == v;
		if (!seen)
			ids[n++] = v;
	}
	return n;
}

static size_t
index_of(const uint32_t *ids, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == v)
			return i;
	return 0;
}

static const char *
key_name(const struct trace *t, uint32_t id)
{
	const char *s = trace_str(t, id);

	return s ? s : "(none)";
}

static int
cv_bars(struct out *w, const struct trace *t, const struct cells *cs)
{
	uint32_t *models = malloc((cs->n + 1) * sizeof *models);
	uint32_t *provs = malloc((cs->n + 1) * sizeof *provs);
	size_t nm, np, shown = 0;
	double lo = INFINITY, hi = 0, bw;
	FILE *gp, *dat;
	int rc;
	const char *name = "cv-bars";

	if (models == NULL || provs == NULL) {
		free(models);
		free(provs);
		return err_nomem(w->e);
	}
	nm = distinct(t, cs, 0, models);
	np = t->nkeys > 1 ? distinct(t, cs, 1, provs) : 1;
	if (t->nkeys <= 1)
		provs[0] = TRACE_NONE;
	if ((rc = open_pair(w, name, &gp, &dat)) != 0) {
		free(models);
		free(provs);
		return rc;
	}
	bw = 0.8 / (double)np;
	fputs("# x  cv_pct  ci_lo  ci_hi  error_pct  unreliable   (one block per "
	      "provider)\n", dat);
	for (size_t p = 0; p < np; p++) {
		fprintf(dat, "# block %zu\n", p);
		for (size_t i = 0; i < cs->n; i++) {
			const struct cell *c = &cs->c[i];
			uint32_t mv = t->cells[c->id].key[0];
			uint32_t pv = t->nkeys > 1 ? t->cells[c->id].key[1] : TRACE_NONE;
			double cv = c->d.cv_pct, l, h, x;
			if (pv != provs[p] || isnan(cv) || cv <= 0)
				continue;
			l = c->ci.have ? c->ci.lo[CI_CV] : cv;
			h = c->ci.have ? c->ci.hi[CI_CV] : cv;
			if (!(l > 0))
				l = cv;
			x = (double)index_of(models, nm, mv) - 0.4 + bw * ((double)p + 0.5);
			fprintf(dat, "%.6f %.6g %.6g %.6g %.6g %d\n", x, cv, l, h,
			        100.0 * c->error_rate, c->unreliable ? 1 : 0);
			lo = fmin(lo, l);
			hi = fmax(hi, h);
			shown++;
		}
		fputs("\n\n", dat);
	}
	gp_preamble(gp, w->o->term, (int)fmin(2000, fmax(900, 110.0 * (double)cs->n + 300)),
	            560, name);
	title(gp, "TTFT consistency: coefficient of variation per model and "
	      "provider");
	fputs("set ylabel 'CV of TTFT (%, log scale)'\nset logscale y\n", gp);
	fprintf(gp, "set yrange [%.6g:%.6g]\n", fmin(lo / 1.6, 25.0),
	        fmax(hi * 2.0, 450.0));
	fprintf(gp, "set xrange [-0.6:%.1f]\n", (double)nm - 0.4);
	fputs("set xtics scale 0 (", gp);
	for (size_t m = 0; m < nm; m++) {
		fputs(m ? ", " : "", gp);
		gp_quote_tic(gp, key_name(t, models[m]));
		fprintf(gp, " %zu", m);
	}
	fputs(")\nset grid noxtics\n", gp);
	fprintf(gp, "set boxwidth %.6f absolute\nset style fill solid 0.85 "
	        "border -1\nset key outside right top title '%s'\n", bw * 0.92,
	        t->nkeys > 1 ? "provider" : "");
	/* the tier boundaries, labelled with the tier above them */
	for (int tr = TIER_VARIABLE; tr <= TIER_NOT_PRODUCTION_READY; tr++) {
		double f = stats_tier_floor((enum tier)tr);
		fprintf(gp, "set arrow %d from graph 0, first %g to graph 1, first %g "
		        "nohead dt 2 lc rgb '#555555'\n", tr, f, f);
		fprintf(gp, "set label %d '%s (%g %%)' at graph 0.005, first %g "
		        "offset 0,0.6 tc rgb '#555555' font ',9'\n", tr,
		        stats_tier_name((enum tier)tr), f, f);
	}
	fputs("plot \\\n", gp);
	for (size_t p = 0; p < np; p++) {
		fprintf(gp, "  datadir.'%s.dat' index %zu using 1:2 with boxes lt %zu title ",
		        name, p, p % 8 + 1);
		gp_quote(gp, t->nkeys > 1 ? key_name(t, provs[p]) : "all");
		fprintf(gp, ", \\\n  datadir.'%s.dat' index %zu using 1:2:3:4 with "
		        "yerrorbars lt 8 lw 1 pt 0 notitle, \\\n"
		        "  datadir.'%s.dat' index %zu using 1:($4*1.18):(sprintf('%%.0f', $2)) "
		        "with labels font ',9' notitle, \\\n"
		        /* an unreliable cell: hatched, with its failure share */
		        "  datadir.'%s.dat' index %zu using 1:($6 > 0 ? $2 : 1/0) with "
		        "boxes fs transparent pattern 4 lc rgb '#B00000' notitle, \\\n"
		        "  datadir.'%s.dat' index %zu using 1:($6 > 0 ? $4*1.5 : 1/0):"
		        "(sprintf('unreliable: %%.0f%%%% failed', $5)) with labels font ',8' "
		        "tc rgb '#B00000' notitle%s\n", name, p, name, p, name, p,
		        name, p, p + 1 < np ? ", \\" : "");
	}
	if (shown == 0)
		fputs("# no cell has a CV (each needs at least 2 requests)\n", gp);
	free(models);
	free(provs);
	if ((rc = close_pair(w, name, gp, dat)) != 0)
		return rc;
	return add_figure(w, name, "CV% per model and provider");
}

/* ==== ttft-CELL: histogram and mixture ==== */

static double
npdf(double y, double mu, double sigma)
{
	double z = (y - mu) / sigma;

	return exp(-0.5 * z * z) / (sigma * 2.5066282746310002);   /* sqrt(2 pi) */
}

static int
ttft_hist(struct out *w, const struct trace *t, const struct cell *c,
          size_t ordinal)
{
	const struct mix_result *m = &c->mix;
	size_t n = c->d.n, nb = (size_t)ceil(2.0 * sqrt((double)n));
	double l0, l1, width, dln, ymax = 0;
	size_t *count;
	char label[256], name[80], prefix[32], caption[400];
	FILE *gp, *dat;
	int rc;

	if (n < 2 || c->x[0] == c->x[n - 1])
		return 0;
	nb = nb < 8 ? 8 : nb > 60 ? 60 : nb;
	count = calloc(nb, sizeof *count);
	if (count == NULL)
		return err_nomem(w->e);
	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "ttft-%03zu", ordinal);
	if (names_make(&w->nm, prefix, label, name) != 0) {
		free(count);
		return err_nomem(w->e);
	}
	if ((rc = open_pair(w, name, &gp, &dat)) != 0) {
		free(count);
		return rc;
	}
	l0 = log10(c->x[0]);
	l1 = log10(c->x[n - 1]);
	width = (l1 - l0) / (double)nb;
	dln = width * LN10;
	for (size_t i = 0; i < n; i++) {
		size_t b = (size_t)((log10(c->x[i]) - l0) / width);
		count[b < nb ? b : nb - 1]++;
	}
	fputs("# block 0: bin_lo_s bin_hi_s share   (histogram, log bins)\n", dat);
	for (size_t b = 0; b < nb; b++) {
		double share = (double)count[b] / (double)n;
		fprintf(dat, "%.9g %.9g %.6g\n", pow(10, l0 + width * (double)b),
		        pow(10, l0 + width * (double)(b + 1)), share);
		ymax = fmax(ymax, share);
	}
	fputs("\n\n# block 1: ttft_s warm cold sum   (fitted, share per bin)\n",
	      dat);
	for (int i = 0; i <= 200 && m->fitted; i++) {
		double x = pow(10, l0 - 0.3 + (l1 - l0 + 0.6) * i / 200.0), y = log(x);
		double wv, cv = 0;
		if (m->bimodal) {
			wv = m->warm.w * npdf(y, m->warm.mu, m->warm.sigma) * dln;
			cv = m->cold.w * npdf(y, m->cold.mu, m->cold.sigma) * dln;
		} else {
			wv = npdf(y, m->one.mu, m->one.sigma) * dln;
		}
		fprintf(dat, "%.9g %.6g %.6g %.6g\n", x, wv, cv, wv + cv);
		ymax = fmax(ymax, fmax(wv + cv, fmax(wv, cv)));
	}
	fputs("\n\n", dat);
	gp_preamble(gp, w->o->term, 900, 560, name);
	snprintf(caption, sizeof caption, "TTFT of %s: n = %zu, CV %.0f %%, %s",
	         label, n, c->d.cv_pct, "");
	if (m->bimodal)
		snprintf(caption + strlen(caption), sizeof caption - strlen(caption),
		         "cold starts %.1f %%", 100 * m->cold_share);
	else
		snprintf(caption + strlen(caption), sizeof caption - strlen(caption),
		         "no cold-start cluster");
	title(gp, caption);
	fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
	      "set ylabel 'share of requests per bin'\nset style fill solid 0.35 "
	      "border lt 1\nset key below\n", gp);
	fprintf(gp, "set yrange [0:%.6g]\n", ymax * 1.25 + 1e-9);
	fprintf(gp, "set arrow 1 from first %.9g, graph 0 to first %.9g, graph 1 "
	        "nohead lt 8 dt 1\nset label 1 'median %.3g s' at first %.9g, "
	        "graph 0.97 offset 0.5,0 font ',9'\n", c->d.median, c->d.median,
	        c->d.median, c->d.median);
	fprintf(gp, "set arrow 2 from first %.9g, graph 0 to first %.9g, graph 1 "
	        "nohead lt 8 dt 3\nset label 2 'p95 %.3g s' at first %.9g, "
	        "graph 0.90 offset 0.5,0 font ',9'\n", c->d.p95, c->d.p95,
	        c->d.p95, c->d.p95);
	if (m->bimodal && isfinite(m->threshold_s))
		fprintf(gp, "set arrow 3 from first %.9g, graph 0 to first %.9g, "
		        "graph 1 nohead lt 6 dt 2\nset label 3 'cold above %.3g s' "
		        "at first %.9g, graph 0.83 offset 0.5,0 font ',9' tc lt 6\n",
		        m->threshold_s, m->threshold_s, m->threshold_s,
		        m->threshold_s);
	fprintf(gp, "plot datadir.'%s.dat' index 0 using (sqrt($1*$2)):3:1:2:(0):3 "
	        "with boxxyerror lt 1 title 'requests'", name);
	if (m->fitted && m->bimodal)
		fprintf(gp, ", \\\n  datadir.'%s.dat' index 1 using 1:2 with lines lt 3 "
		        "title 'warm component', \\\n  datadir.'%s.dat' index 1 using 1:3 with "
		        "lines lt 6 title 'cold component', \\\n  datadir.'%s.dat' index 1 "
		        "using 1:4 with lines lt 8 dt 2 title 'mixture'\n", name, name,
		        name);
	else if (m->fitted)
		fprintf(gp, ", \\\n  datadir.'%s.dat' index 1 using 1:2 with lines lt 3 "
		        "title 'log-normal fit'\n", name);
	else
		fputc('\n', gp);
	free(count);
	if ((rc = close_pair(w, name, gp, dat)) != 0)
		return rc;
	return add_figure(w, name, caption);
}

/* ==== ecdf-MODEL ==== */

static int
ecdf_model(struct out *w, const struct trace *t, const struct cells *cs,
           uint32_t model, size_t ordinal)
{
	char name[80], prefix[32], text[300];
	FILE *gp, *dat;
	size_t block = 0;
	int rc;

	snprintf(prefix, sizeof prefix, "ecdf-%03zu", ordinal);
	if (names_make(&w->nm, prefix, key_name(t, model), name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# ttft_s  fraction_at_or_below   (one block per provider)\n", dat);
	gp_preamble(gp, w->o->term, 900, 520, name);
	snprintf(text, sizeof text, "TTFT distribution of %s, per provider",
	         key_name(t, model));
	title(gp, text);
	fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
	      "set ylabel 'share of requests at or below'\nset yrange [0:1]\n"
	      "set key bottom right title 'provider'\nplot ", gp);
	for (size_t i = 0; i < cs->n; i++) {
		const struct cell *c = &cs->c[i];
		uint32_t pv = t->nkeys > 1 ? t->cells[c->id].key[1] : TRACE_NONE;
		if (t->cells[c->id].key[0] != model || c->d.n == 0)
			continue;
		fprintf(dat, "# block %zu\n", block);
		for (size_t k = 0; k < c->d.n; k++)
			fprintf(dat, "%.9g %.6g\n", c->x[k],
			        (double)(k + 1) / (double)c->d.n);
		fputs("\n\n", dat);
		fprintf(gp, "%sdatadir.'%s.dat' index %zu using 1:2 with steps lt %zu lw 2 "
		        "title ", block ? ", \\\n  " : "", name, block, block % 8 + 1);
		gp_quote(gp, key_name(t, pv));
		block++;
	}
	fputc('\n', gp);
	if ((rc = close_pair(w, name, gp, dat)) != 0)
		return rc;
	return add_figure(w, name, text);
}

/* ==== timeline-CELL and idle-CELL ==== */

static int
timeline(struct out *w, const struct trace *t, const struct cell *c,
         size_t ordinal)
{
	char name[80], prefix[32], label[256], text[400];
	FILE *gp, *dat;
	double t0 = NAN;
	size_t npts[2] = {0, 0};
	int rc;

	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "timeline-%03zu", ordinal);
	if (names_make(&w->nm, prefix, label, name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# hours_since_first_request  ttft_s   (block 0 warm, block 1 "
	      "cold)\n", dat);
	for (int cold = 0; cold < 2; cold++) {
		for (size_t i = 0; i < c->requests; i++) {
			uint32_t r = c->rows[i];
			if (isnan(t0))
				t0 = t->start[r];
			if (!trace_ok(t, r) || cell_is_warmup(t, c, i))
				continue;
			if (mix_is_cold(&c->mix, t->ttft[r]) != (cold == 1))
				continue;
			fprintf(dat, "%.6f %.9g\n", (t->start[r] - t0) / 3600.0,
			        t->ttft[r]);
			npts[cold]++;
		}
		fputs("\n\n", dat);
	}
	gp_preamble(gp, w->o->term, 900, 480, name);
	snprintf(text, sizeof text, "TTFT over time: %s", label);
	title(gp, text);
	fputs("set logscale y\nset xlabel 'time since the first request (h)'\n"
	      "set ylabel 'TTFT (s, log scale)'\nset key top right\n", gp);
	/* a block with no points would make gnuplot warn */
	fputs("plot ", gp);
	if (npts[0] > 0)
		fprintf(gp, "datadir.'%s.dat' index 0 using 1:2 with points lt 1 pt 7 "
		        "ps 0.6 title 'warm'%s", name, npts[1] ? ", \\\n  " : "\n");
	if (npts[1] > 0)
		fprintf(gp, "datadir.'%s.dat' index 1 using 1:2 with points lt 6 pt 9 "
		        "ps 0.9 title 'cold (mixture)'\n", name);
	if ((rc = close_pair(w, name, gp, dat)) != 0)
		return rc;
	return add_figure(w, name, text);
}

static int
idle_curve(struct out *w, const struct trace *t, const struct cell *c,
           size_t ordinal)
{
	const struct idle_result *d = &c->idle;
	char name[80], prefix[32], label[256], text[400];
	FILE *gp, *dat;
	int rc;

	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "idle-%03zu", ordinal);
	if (names_make(&w->nm, prefix, label, name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# gap_mid_s  cold_pct  requests  gap_lo_s  gap_hi_s\n", dat);
	for (size_t b = 0; b < d->nbins; b++) {
		const struct idle_bin *bin = &d->bin[b];
		double hi = isinf(bin->hi_s) ? bin->lo_s * 2 : bin->hi_s;
		double mid = bin->lo_s > 0 ? sqrt(bin->lo_s * hi) : hi / 2;
		if (bin->n == 0)
			continue;
		fprintf(dat, "%.6g %.6g %zu %.6g %.6g\n", mid,
		        100.0 * (double)bin->cold / (double)bin->n, bin->n,
		        bin->lo_s, hi);
	}
	gp_preamble(gp, w->o->term, 900, 480, name);
	snprintf(text, sizeof text, "Cold starts against idle time: %s", label);
	title(gp, text);
	fputs("set logscale x\nset xlabel 'idle gap before the request (s, log "
	      "scale)'\nset ylabel 'cold requests (%)'\nset yrange [0:105]\n"
	      "set key top left\n", gp);
	if (d->identified)
		fprintf(gp, "set arrow 1 from first %.6g, graph 0 to first %.6g, "
		        "graph 1 nohead lt 6 dt 2\nset label 1 'keep-warm window "
		        "%.0f s' at first %.6g, graph 0.95 right offset -0.5,0 "
		        "tc lt 6\n",
		        d->keep_warm_s, d->keep_warm_s, d->keep_warm_s,
		        d->keep_warm_s);
	fprintf(gp, "plot datadir.'%s.dat' using 1:2 with linespoints lt 1 title "
	        "'cold share per gap bin', \\\n  datadir.'%s.dat' using 1:2:(sprintf('n=%%d', "
	        "$3)) with labels offset 0,1 font ',8' notitle\n", name, name);
	if ((rc = close_pair(w, name, gp, dat)) != 0)
		return rc;
	return add_figure(w, name, text);
}

/* ==== the set ==== */

static int
out_open(struct out *w, const struct plot_opts *o, struct figures *fl,
         struct err *e)
{
	memset(w, 0, sizeof *w);
	w->o = o;
	w->fl = fl;
	w->e = e;
	return outdir_open(&w->dir, o->dir, e);
}

static void
out_close(struct out *w)
{
	outdir_close(&w->dir);
	names_free(&w->nm);
}

/* A model whose every request was rejected has no distribution to draw
 * (and an empty plot command is a gnuplot error). */
static bool
model_has_sample(const struct trace *t, const struct cells *cs,
                 uint32_t model)
{
	for (size_t i = 0; i < cs->n; i++)
		if (t->cells[cs->c[i].id].key[0] == model && cs->c[i].d.n > 0)
			return true;
	return false;
}

int
plots_write(const struct trace *t, const struct cells *cs,
            const struct plot_opts *o, struct figures *fl, struct err *e)
{
	struct out w;
	uint32_t *models;
	size_t nm;
	int rc;

	if ((rc = out_open(&w, o, fl, e)) != 0)
		return rc;
	models = malloc((cs->n + 1) * sizeof *models);
	if (models == NULL) {
		out_close(&w);
		return err_nomem(e);
	}
	rc = cv_bars(&w, t, cs);
	nm = distinct(t, cs, 0, models);
	for (size_t m = 0; m < nm && rc == 0; m++)
		if (model_has_sample(t, cs, models[m]))
			rc = ecdf_model(&w, t, cs, models[m], m + 1);
	for (size_t i = 0; i < cs->n && rc == 0; i++) {
		const struct cell *c = &cs->c[i];
		rc = ttft_hist(&w, t, c, i + 1);
		if (rc == 0 && c->timed && c->d.n > 1)
			rc = timeline(&w, t, c, i + 1);
		if (rc == 0 && c->idle.have && c->mix.bimodal)
			rc = idle_curve(&w, t, c, i + 1);
	}
	free(models);
	out_close(&w);
	return rc;
}

/* ==== compare ==== */

int
plots_compare(const struct comparison *cmp, const struct plot_opts *o,
              struct figures *fl, struct err *e)
{
	struct out w;
	int rc;
	size_t ordinal = 0;

	if ((rc = out_open(&w, o, fl, e)) != 0)
		return rc;
	/* the pairs compare.c matched: one rule for which cells are the same */
	for (size_t i = 0; i < cmp->n && rc == 0; i++) {
		const struct cmp_cell *cc = &cmp->c[i];
		const struct cell *a = cc->base, *b = cc->nw;
		char la[256], name[80], prefix[32], text[400];
		FILE *gp, *dat;

		if (a == NULL || b == NULL || a->d.n == 0 || b->d.n == 0)
			continue;
		plots_cell_label(cc->tb, a, la, sizeof la);
		snprintf(prefix, sizeof prefix, "compare-%03zu", ++ordinal);
		if (names_make(&w.nm, prefix, la, name) != 0) {
			rc = err_nomem(e);
			break;
		}
		if ((rc = open_pair(&w, name, &gp, &dat)) != 0)
			break;
		fputs("# ttft_s  fraction_at_or_below   (block 0 base, block 1 new)\n",
		      dat);
		for (int s = 0; s < 2; s++) {
			const struct cell *c = s ? b : a;
			for (size_t k = 0; k < c->d.n; k++)
				fprintf(dat, "%.9g %.6g\n", c->x[k],
				        (double)(k + 1) / (double)c->d.n);
			fputs("\n\n", dat);
		}
		gp_preamble(gp, o->term, 900, 520, name);
		snprintf(text, sizeof text, "%s: median %+.1f %%%s, p95 %+.1f %% "
		         "(new vs base)", la, cc->d_median_pct,
		         cc->significant ? "" : " (not significant)", cc->d_p95_pct);
		title(gp, text);
		fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
		      "set ylabel 'share of requests at or below'\nset yrange [0:1]\n"
		      "set key bottom right\n", gp);
		fprintf(gp, "plot datadir.'%s.dat' index 0 using 1:2 with steps lt 1 title "
		        "'base', \\\n  datadir.'%s.dat' index 1 using 1:2 with steps lt 2 "
		        "title 'new'\n", name, name);
		if ((rc = close_pair(&w, name, gp, dat)) == 0)
			rc = add_figure(&w, name, text);
	}
	out_close(&w);
	if (rc == 0 && ordinal == 0)
		rc = err_set(e, ERR_DATA, "no cell of BASE matches a cell of NEW "
		             "(by their group keys): nothing to compare");
	return rc;
}
