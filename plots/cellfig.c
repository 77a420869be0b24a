/*
 * cellfig.c — see cellfig.h.
 */
#include "cellfig.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gp.h"

#define LN10 2.302585092994046

static double
npdf(double y, double mu, double sigma)
{
	double z = (y - mu) / sigma;

	return exp(-0.5 * z * z) / (sigma * 2.5066282746310002);   /* sqrt(2 pi) */
}

/* "n = 90, 4.2 % failed" and, for an unreliable cell, why to beware. */
static void
counts(char *buf, size_t size, const struct cell *c)
{
	snprintf(buf, size, "n = %zu, %.1f %% failed%s", c->d.n,
	         100.0 * c->error_rate, c->unreliable ? " (unreliable: the "
	         "latency is the survivors')" : "");
}

int
cellfig_hist(struct out *w, const struct trace *t, const struct cell *c,
             size_t i)
{
	const struct mix_result *m = &c->mix;
	size_t n = c->d.n, nb = (size_t)ceil(2.0 * sqrt((double)n));
	double l0, l1, width, dln, ymax = 0;
	size_t *count;
	char label[256], name[80], prefix[32], caption[1024], alt[1280], cnt[120];
	FILE *gp, *dat;
	int rc, lt, dt;

	if (n < 2 || c->x[0] == c->x[n - 1])
		return 0;
	nb = nb < 8 ? 8 : nb > 60 ? 60 : nb;
	count = calloc(nb, sizeof *count);
	if (count == NULL)
		return err_nomem(w->e);
	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "ttft-%03zu", i + 1);
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
	for (size_t k = 0; k < n; k++) {
		size_t b = (size_t)((log10(c->x[k]) - l0) / width);
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
	for (int k = 0; k <= 200 && m->fitted; k++) {
		double x = pow(10, l0 - 0.3 + (l1 - l0 + 0.6) * k / 200.0), y = log(x);
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
	gp_preamble(gp, w->o->term, fig_width(w, 900), 560, w->o->font, name);
	counts(cnt, sizeof cnt, c);
	if (m->bimodal)
		snprintf(caption, sizeof caption, "TTFT of %s: %s, CV %.0f %%, cold "
		         "starts %.1f %%", label, cnt, c->d.cv_pct, 100 * m->cold_share);
	else
		snprintf(caption, sizeof caption, "TTFT of %s: %s, CV %.0f %%, no "
		         "cold-start cluster", label, cnt, c->d.cv_pct);
	fig_title(w, gp, caption);
	if (c->unreliable)
		fprintf(gp, "set label 10 'unreliable: %.0f %% of its requests "
		        "failed' at graph 0.5, graph 0.5 center tc rgb '#B00000'\n",
		        100.0 * c->error_rate);
	fputs("set logscale x\nset xlabel 'TTFT (s, log scale)'\n"
	      "set ylabel 'share of requests per bin'\nset style fill solid 0.35 "
	      "border\nset key below\n", gp);
	fig_log_tics(gp, 'x', pow(10, l0 - 0.3), pow(10, l1 + 0.3), true);
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
	/* the bars in the provider's colour; the components in fixed ones */
	palette_style(&w->pal, provider_of(t, c), &lt, &dt);
	fprintf(gp, "plot datadir.'%s.dat' index 0 using (sqrt($1*$2)):3:1:2:(0):3 "
	        "with boxxyerror lt %d title 'requests'", name, lt);
	if (m->fitted && m->bimodal)
		fprintf(gp, ", \\\n  '' index 1 using 1:2 with lines lc rgb '#000000' "
		        "title 'warm component', \\\n  '' index 1 using 1:3 with "
		        "lines lc rgb '#D55E00' title 'cold component', \\\n  '' index 1 "
		        "using 1:4 with lines lc rgb '#555555' dt 2 title 'mixture'\n");
	else if (m->fitted)
		fputs(", \\\n  '' index 1 using 1:2 with lines lc rgb '#000000' "
		      "title 'log-normal fit'\n", gp);
	else
		fputc('\n', gp);
	free(count);
	if ((rc = close_pair(w)) != 0)
		return rc;
	if (m->bimodal)
		snprintf(alt, sizeof alt, "Histogram of the %zu TTFTs of %s on a log "
		         "scale (%.1f %% of its requests failed), with the fitted warm "
		         "component (median %.3g s) and cold component (median %.3g s, "
		         "%.0f %% of requests); median %.3g s, p95 %.3g s; a request "
		         "above %.3g s is more likely cold.", n, label,
		         100.0 * c->error_rate, m->warm_median_s, m->cold_median_s,
		         100.0 * m->cold_share, c->d.median, c->d.p95, m->threshold_s);
	else
		snprintf(alt, sizeof alt, "Histogram of the %zu TTFTs of %s on a log "
		         "scale (%.1f %% of its requests failed), one cluster: median "
		         "%.3g s, p95 %.3g s, CV %.0f %%.", n, label,
		         100.0 * c->error_rate, c->d.median, c->d.p95, c->d.cv_pct);
	return add_figure(w, name, "ttft", caption, alt, i);
}

int
cellfig_timeline(struct out *w, const struct trace *t, const struct cell *c,
                 size_t i)
{
	char name[80], prefix[32], label[256], text[1024], alt[1280];
	FILE *gp, *dat;
	double t0 = NAN, t1 = NAN;
	size_t npts[2] = {0, 0};
	int rc, lt, dt;

	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "timeline-%03zu", i + 1);
	if (names_make(&w->nm, prefix, label, name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# hours_since_first_request  ttft_s   (block 0 warm, block 1 "
	      "cold)\n", dat);
	for (int cold = 0; cold < 2; cold++) {
		for (size_t k = 0; k < c->requests; k++) {
			uint32_t r = c->rows[k];
			if (isnan(t0))
				t0 = t->start[r];
			t1 = t->start[r];
			if (!trace_ok(t, r) || cell_is_warmup(t, c, k))
				continue;
			if (mix_is_cold(&c->mix, t->ttft[r]) != (cold == 1))
				continue;
			fprintf(dat, "%.6f %.9g\n", (t->start[r] - t0) / 3600.0,
			        t->ttft[r]);
			npts[cold]++;
		}
		fputs("\n\n", dat);
	}
	gp_preamble(gp, w->o->term, fig_width(w, 900), 480, w->o->font, name);
	snprintf(text, sizeof text, "TTFT over time: %s (%.1f %% of requests "
	         "failed)", label, 100.0 * c->error_rate);
	fig_title(w, gp, text);
	fputs("set logscale y\nset xlabel 'time since the first request (h)'\n"
	      "set ylabel 'TTFT (s, log scale)'\nset key top right\n", gp);
	if (c->d.n > 0)
		fig_log_tics(gp, 'y', c->x[0], c->x[c->d.n - 1], true);
	palette_style(&w->pal, provider_of(t, c), &lt, &dt);
	/* a block with no points would make gnuplot warn */
	fputs("plot ", gp);
	if (npts[0] > 0)
		fprintf(gp, "datadir.'%s.dat' index 0 using 1:2 with points lt %d pt 7 "
		        "ps 0.6 title 'warm'%s", name, lt, npts[1] ? ", \\\n  " : "\n");
	if (npts[1] > 0)
		fprintf(gp, "datadir.'%s.dat' index 1 using 1:2 with points "
		        "lc rgb '#D55E00' pt 9 ps 0.9 title 'cold (mixture)'\n", name);
	if ((rc = close_pair(w)) != 0)
		return rc;
	snprintf(alt, sizeof alt, "Scatter plot of the TTFT of each request of "
	         "%s against the time since the first request (%.1f hours in "
	         "all), log scale: %zu warm and %zu cold requests as the mixture "
	         "classifies them.", label, (t1 - t0) / 3600.0, npts[0], npts[1]);
	return add_figure(w, name, "timeline", text, alt, i);
}

/* Wilson's score interval for k of n at z = 1.96 (95 %), in percent. */
static void
wilson(size_t k, size_t n, double *lo, double *hi)
{
	double z = 1.959963984540054, p = (double)k / (double)n, dn = (double)n;
	double centre = (p + z * z / (2 * dn)) / (1 + z * z / dn);
	double half = z / (1 + z * z / dn) *
	              sqrt(p * (1 - p) / dn + z * z / (4 * dn * dn));

	*lo = 100.0 * fmax(0.0, centre - half);
	*hi = 100.0 * fmin(1.0, centre + half);
}

int
cellfig_idle(struct out *w, const struct trace *t, const struct cell *c,
             size_t i)
{
	const struct idle_result *d = &c->idle;
	char name[80], prefix[32], label[256], text[1024], alt[1280];
	double glo = INFINITY, ghi = 0;
	FILE *gp, *dat;
	int rc;

	plots_cell_label(t, c, label, sizeof label);
	snprintf(prefix, sizeof prefix, "idle-%03zu", i + 1);
	if (names_make(&w->nm, prefix, label, name) != 0)
		return err_nomem(w->e);
	if ((rc = open_pair(w, name, &gp, &dat)) != 0)
		return rc;
	fputs("# gap_mid_s  cold_pct  requests  gap_lo_s  gap_hi_s  "
	      "wilson95_lo_pct  wilson95_hi_pct\n", dat);
	for (size_t b = 0; b < d->nbins; b++) {
		const struct idle_bin *bin = &d->bin[b];
		double hi = isinf(bin->hi_s) ? bin->lo_s * 2 : bin->hi_s;
		double mid = bin->lo_s > 0 ? sqrt(bin->lo_s * hi) : hi / 2, wl, wh;
		if (bin->n == 0)
			continue;
		wilson(bin->cold, bin->n, &wl, &wh);
		fprintf(dat, "%.6g %.6g %zu %.6g %.6g %.6g %.6g\n", mid,
		        100.0 * (double)bin->cold / (double)bin->n, bin->n,
		        bin->lo_s > 0 ? bin->lo_s : hi / 4, hi, wl, wh);
		glo = fmin(glo, bin->lo_s > 0 ? bin->lo_s : hi / 4);
		ghi = fmax(ghi, hi);
	}
	gp_preamble(gp, w->o->term, fig_width(w, 900), 480, w->o->font, name);
	snprintf(text, sizeof text, "Cold starts against idle time: %s", label);
	fig_title(w, gp, text);
	fputs("set logscale x\nset xlabel 'idle gap before the request (s, log "
	      "scale)'\nset ylabel 'cold requests (%), bars: 95 % Wilson "
	      "interval'\nset yrange [0:105]\nset key top left\n", gp);
	fig_log_tics(gp, 'x', glo, ghi, true);
	if (d->identified) {
		fprintf(gp, "set object 1 rect from first %.6g, graph 0 to first %.6g, "
		        "graph 1 fc rgb '#CC79A7' fs transparent solid 0.18 noborder "
		        "behind\n", d->keep_warm_lo_s, d->keep_warm_hi_s);
		fprintf(gp, "set arrow 1 from first %.6g, graph 0 to first %.6g, "
		        "graph 1 nohead lt 4 dt 2\nset label 1 'keep-warm window "
		        "%.0f s (95 %% bootstrap interval %.0f to %.0f s)' at first "
		        "%.6g, graph 0.80 right offset -0.5,0 tc lt 4\n",
		        d->keep_warm_s, d->keep_warm_s, d->keep_warm_s,
		        d->keep_warm_lo_s, d->keep_warm_hi_s, d->keep_warm_s);
	}
	fprintf(gp, "plot datadir.'%s.dat' using 1:2 with linespoints lt 1 title "
	        "'cold share per gap bin', \\\n  '' using 1:2:6:7 with yerrorbars "
	        "lt 1 pt 0 notitle, \\\n  '' using 1:2:(sprintf('n=%%d', $3)) with "
	        "labels offset 0,1 font ',8' notitle\n", name);
	if ((rc = close_pair(w)) != 0)
		return rc;
	if (d->identified)
		snprintf(alt, sizeof alt, "Share of cold requests of %s per bin of "
		         "the idle gap before them, log scale, with 95 %% Wilson "
		         "intervals per bin: requests after more than about %.0f s "
		         "idle (95 %% interval %.0f to %.0f s) start cold.", label,
		         d->keep_warm_s, d->keep_warm_lo_s, d->keep_warm_hi_s);
	else
		snprintf(alt, sizeof alt, "Share of cold requests of %s per bin of "
		         "the idle gap before them, log scale, with 95 %% Wilson "
		         "intervals per bin; no idle time after which requests start "
		         "cold could be identified.", label);
	return add_figure(w, name, "idle", text, alt, i);
}
