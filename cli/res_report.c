/*
 * res_report.c — `report`'s document: what a team decides from.
 *
 * In this order: the findings (per model, the provider(s) to use with
 * their ties, the ones to avoid for latency-sensitive work, the
 * unreliable ones — all from rank.c's ranking and the published tiers),
 * the summary table, the CV chart, the cold starts and what to do about
 * them, the distributions and each cell's figures, the changes (with
 * --compare), how the capture was made and what it can show, the
 * warnings, and how to reproduce the report.  Rendered as HTML
 * (w_html.c) and as Markdown (w_md.c) by the one output layer.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analyze/rank.h"
#include "res_report.h"

static const char *
fmt_time(char *buf, size_t size, double t)
{
	time_t s = (time_t)floor(t);
	struct tm tm;

	if (!isfinite(t) || gmtime_r(&s, &tm) == NULL)
		snprintf(buf, size, "?");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M UTC", &tm);
	return buf;
}

static const char *
provider(const struct trace *t, const struct cell *c)
{
	const char *p = t->nkeys > 1 ? trace_str(t, t->cells[c->id].key[1]) : NULL;

	return p ? p : "all";
}

static const char *
model(const struct trace *t, const struct cell *c)
{
	const char *m = trace_str(t, t->cells[c->id].key[0]);

	return m ? m : "(no model)";
}

/* "0.585 s [0.548, 1.488]" of the ranking's metric. */
static const char *
value_text(struct rdoc *d, const struct rank_entry *e, enum rank_metric m)
{
	bool ci = isfinite(e->lo) && isfinite(e->hi);

	if (m == RANK_COLD || m == RANK_ERRORS)
		return rdoc_strf(d, "%.1f %%", 100.0 * e->value);
	if (m == RANK_CV)
		return ci ? rdoc_strf(d, "%.0f %% [%.0f, %.0f]", e->value, e->lo, e->hi)
		          : rdoc_strf(d, "%.0f %%", e->value);
	return ci ? rdoc_strf(d, "%.3g s [%.3g, %.3g]", e->value, e->lo, e->hi)
	          : rdoc_strf(d, "%.3g s", e->value);
}

static void
findings(struct rdoc *d, const struct report_in *in)
{
	const struct rank_result *r = in->rank;
	const struct trace *t = in->t;
	const char *metric = rank_metric_name(r->metric);

	rdoc_heading(d, 2, "Findings", RF_HUMAN);
	{
		struct rpart *p = rdoc_lines(d, NULL, RF_HUMAN);
		rpart_line(d, p, "Per model, the provider to use is the one with the "
		           "lowest %s that is reliable (at most 5 %% of its requests "
		           "failed); providers the tests cannot tell apart are named "
		           "together (Holm-adjusted p >= %g), leaving out those whose "
		           "CV puts them in the cold-starts tier or above when a "
		           "steadier one is among them. Tiers are the published "
		           "ones: CV below 40 %% well-supported, 40-100 %% variable, "
		           "100-300 %% cold-starts, 300 %% and above not "
		           "production-ready.", metric, in->o->alpha);
	}
	for (size_t g = 0; g < r->ngroups; g++) {
		const struct rank_entry *e = &r->e[r->start[g]];
		size_t end = r->start[g + 1], k;
		struct rpart *p = rdoc_lines(d, model(t, e->c), RF_HUMAN);
		char names[1024] = "";
		size_t o = 0, nbest = 0;

		if (e->c->unreliable) {
			rpart_line(d, p, "No reliable provider: every one failed more "
			           "than 5 %% of its requests; fix the failures before "
			           "choosing on latency.");
		} else {
			const struct rank_entry *use[64];
			size_t ntied = 0, steady = 0;
			/* the best and its ties; of those, the steady ones (tier
			 * below cold-starts) when there are any */
			for (k = r->start[g]; k < end && ntied < 64 && (k == r->start[g] ||
			     (r->e[k].tied && !r->e[k].c->unreliable)); k++)
				ntied++;
			for (k = 0; k < ntied; k++)
				steady += r->e[r->start[g] + k].c->d.tier < TIER_COLD_STARTS;
			for (k = 0; k < ntied; k++) {
				const struct rank_entry *b = &r->e[r->start[g] + k];
				if (steady == 0 || b->c->d.tier < TIER_COLD_STARTS)
					use[nbest++] = b;
			}
			for (k = 0; k < nbest && o < sizeof names; k++)
				o += (size_t)snprintf(names + o, sizeof names - o, "%s%s (%s)",
				                      k == 0 ? "" : k + 1 == nbest ? " or "
				                      : ", ", provider(t, use[k]->c),
				                      value_text(d, use[k], r->metric));
			if (nbest == 1)
				rpart_line(d, p, "Use %s: the lowest %s%s.", names, metric,
				           ntied > nbest ? " among the steady ones" : "");
			else
				rpart_line(d, p, "Use %s: the lowest %s%s; the data cannot "
				           "tell them apart.", names, metric, ntied > nbest
				           ? " among the steady ones" : "");
			for (k = 0; k < nbest; k++) {
				const struct cell *c = use[k]->c;
				if (c->d.tier >= TIER_COLD_STARTS)
					rpart_line(d, p, "Beware: %s's CV is %.0f %% (tier %s): "
					           "expect slow outliers even so.", provider(t, c),
					           c->d.cv_pct, stats_tier_name(c->d.tier));
			}
		}
		for (k = r->start[g]; k < end; k++) {
			const struct cell *c = r->e[k].c;
			if (c->unreliable || c->d.tier < TIER_COLD_STARTS)
				continue;
			if (c->mix.bimodal)
				rpart_line(d, p, "Avoid %s for latency-sensitive work: CV "
				           "%.0f %% (%s); %.0f %% of its requests are cold "
				           "starts of about %.3g s.", provider(t, c),
				           c->d.cv_pct, stats_tier_name(c->d.tier),
				           100.0 * c->mix.cold_share, c->mix.cold_median_s);
			else
				rpart_line(d, p, "Avoid %s for latency-sensitive work: CV "
				           "%.0f %% (%s).", provider(t, c), c->d.cv_pct,
				           stats_tier_name(c->d.tier));
		}
		for (k = r->start[g]; k < end; k++) {
			const struct cell *c = r->e[k].c;
			if (c->unreliable)
				rpart_line(d, p, "Unreliable: %s, %.1f %% of its %zu requests "
				           "failed%s; its latency describes only the rest.",
				           provider(t, c), 100.0 * c->error_rate, c->requests,
				           c->nstatus && c->status[0].status
				           ? rdoc_strf(d, " (most: HTTP %u)", c->status[0].status)
				           : "");
		}
	}
}

static void
cold_starts(struct rdoc *d, const struct report_in *in)
{
	struct rpart *p;
	size_t any = 0;

	rdoc_heading(d, 2, "Cold starts, and what to do about them", RF_HUMAN);
	p = rdoc_lines(d, NULL, RF_HUMAN);
	for (size_t i = 0; i < in->cs->n; i++) {
		const struct cell *c = &in->cs->c[i];
		const struct mix_result *m = &c->mix;
		const char *label = res_cell_label(d, in->t, c);
		if (!m->bimodal)
			continue;
		any++;
		if (c->idle.identified)
			rpart_line(d, p, "%s: %.0f %% of requests are cold starts at a "
			           "median of %.3g s against %.3g s warm. After about "
			           "%.0f s idle (95 %% interval %.0f to %.0f s) the next "
			           "request is likely cold: a keep-warm request more often "
			           "than every %.0f s (the interval's lower end), or a "
			           "dedicated endpoint, avoids them.", label,
			           100.0 * m->cold_share, m->cold_median_s,
			           m->warm_median_s, c->idle.keep_warm_s,
			           c->idle.keep_warm_lo_s, c->idle.keep_warm_hi_s,
			           c->idle.keep_warm_lo_s);
		else
			rpart_line(d, p, "%s: %.0f %% of requests are cold starts at a "
			           "median of %.3g s against %.3g s warm, and they do not "
			           "follow idle time (%s): keep-warm requests will not "
			           "remove them; a dedicated or provisioned endpoint "
			           "would.", label, 100.0 * m->cold_share,
			           m->cold_median_s, m->warm_median_s,
			           c->idle.have ? c->idle.why : "no start times to tell");
	}
	if (any == 0)
		rpart_line(d, p, "No cell shows a cold-start cluster (a "
		           "two-component log-normal mixture does not beat one "
		           "log-normal by BIC, or its components overlap).");
}

/* The figures of kind (and of cell, when cell != SIZE_MAX). */
static void
figures_of(struct rdoc *d, const struct figures *fl,
           unsigned char *const *svg, const size_t *len,
           const char *kind, size_t cell)
{
	for (size_t i = 0; i < fl->n; i++) {
		const struct figure *f = &fl->f[i];
		char file[96];
		if (strcmp(f->kind, kind) != 0 || (cell != SIZE_MAX && f->cell != cell))
			continue;
		snprintf(file, sizeof file, "%s.svg", f->name);
		rdoc_figure(d, file, f->alt, f->title, svg ? svg[i] : NULL,
		            len ? len[i] : 0);
	}
}

static void
capture(struct rdoc *d, const struct report_in *in, struct rtable *inputs,
        const struct trace *const *ts, size_t nts)
{
	const struct trace *t = in->t;
	double lo = INFINITY, hi = -INFINITY;
	char a[64], b[64];
	struct rpart *p;
	size_t rejected = 0, n = 0, small = 0;

	rdoc_heading(d, 2, "How the capture was made, and what it can show",
	             RF_HUMAN);
	for (size_t r = 0; r < t->n; r++)
		if (isfinite(t->start[r])) {
			lo = fmin(lo, t->start[r]);
			hi = fmax(hi, t->start[r]);
		}
	for (size_t i = 0; i < in->cs->n; i++) {
		n += in->cs->c[i].d.n;
		small += in->cs->c[i].d.n < CELL_MIN_TRUSTED_N;
	}
	p = rdoc_lines(d, NULL, RF_HUMAN);
	if (isfinite(lo))
		rpart_line(d, p, "Requests from %s to %s (%.1f hours); %zu latency "
		           "samples in %zu cells.", fmt_time(a, sizeof a, lo),
		           fmt_time(b, sizeof b, hi), (hi - lo) / 3600.0, n,
		           in->cs->n);
	else
		rpart_line(d, p, "%zu latency samples in %zu cells; the inputs give "
		           "no start times, so neither the time span nor the idle "
		           "gaps can be shown.", n, in->cs->n);
	rpart_line(d, p, "Warm-up: the first %zu successful requests of each cell "
	           "were left out (--warmup).", in->o->s.warmup);
	if (small > 0)
		rpart_line(d, p, "%zu of %zu cells have fewer than %d requests: "
		           "their p95 and p99 are not trustworthy (the published "
		           "method captures 75 or more per cell).", small, in->cs->n,
		           CELL_MIN_TRUSTED_N);
	for (size_t i = 0; i < in->cs->n; i++) {
		const struct cell *c = &in->cs->c[i];
		if (c->mix.bimodal && c->needed_n > (double)c->d.n)
			rpart_line(d, p, "%s: with %.1f %% cold starts, %.0f requests "
			           "give a 95 %% chance to see one; it has %zu.",
			           res_cell_label(d, t, c), 100.0 * c->mix.cold_share,
			           c->needed_n, c->d.n);
	}
	{
		size_t bad = 0;
		for (size_t i = 0; i < in->cs->n; i++)
			for (int k = CAP_CONCURRENCY; k < CAP_NCHECKS; k++)
				bad += in->cs->c[i].capture.state[k] == CAP_FAIL;
		rpart_line(d, p, bad ? "The capture against the published method "
		           "(one request at a time, spaced, peak and off-peak, the "
		           "providers of a model in the same hours, no warm-up "
		           "transient or drift): the checks that fail follow."
		           : "The capture against the published method (one request "
		           "at a time, spaced, peak and off-peak, the providers of a "
		           "model in the same hours, no warm-up transient or drift): "
		           "every check that the data allow passes.");
	}
	res_capture_lines(d, t, in->cs);
	res_inputs_text(d, inputs, ts, nts);
	p = rdoc_lines(d, "The first rejected records", RF_HUMAN);
	for (size_t k = 0; k < nts; k++)
		for (size_t i = 0; i < ts[k]->nsources; i++) {
			const struct trace_source *s = &ts[k]->sources[i];
			for (size_t j = 0; j < s->nkept && rejected < 20; j++, rejected++) {
				char where[400];
				trace_where(ts[k], (uint16_t)i, s->kept[j].line, where,
				            sizeof where);
				rpart_line(d, p, "%s: %s", where, s->kept[j].reason);
			}
		}
	if (rejected == 0)
		rpart_line(d, p, "none");
}

/* argv as a shell would read it back: '...' around anything unusual. */
static const char *
command_line(struct rdoc *d, int argc, char **argv)
{
	size_t len = 1;
	char *out, *o;

	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) * 4 + 3;
	if ((out = malloc(len)) == NULL)
		return "";
	o = out;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool plain = *a && strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
		                          "KLMNOPQRSTUVWXYZ0123456789_-./=:,@+%") ==
		             strlen(a);
		if (i)
			*o++ = ' ';
		if (plain) {
			o += sprintf(o, "%s", a);
			continue;
		}
		*o++ = '\'';
		for (; *a; a++) {
			if (*a == '\'')
				o += sprintf(o, "'\\''");
			else
				*o++ = *a;
		}
		*o++ = '\'';
	}
	*o = '\0';
	{
		const char *kept = rdoc_str(d, out);
		free(out);
		return kept;
	}
}

struct rdoc *
res_report(const struct report_in *in)
{
	struct rdoc *d = rdoc_new();
	struct rtable *inputs = NULL;
	const struct trace *ts[2];
	size_t nts = 0;
	struct rpart *p;
	char when[64];
	time_t now = (time_t)in->date;
	struct tm tm;

	if (d == NULL)
		return NULL;
	if (in->tb != NULL)
		ts[nts++] = in->tb;
	ts[nts++] = in->t;
	rdoc_heading(d, 1, in->tb ? "TTFT report: changes and verdicts"
	                          : "TTFT report", RF_HUMAN);
	if (gmtime_r(&now, &tm) != NULL)
		strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	else
		snprintf(when, sizeof when, "?");
	p = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, p, "Time to first token of %zu cells, made by ttftstat %s "
	           "on %s.", in->cs->n, TTFTSTAT_VERSION, when);
	res_header(d, in->o, rank_metric_name(in->rank->metric));
	if (in->tb != NULL)
		res_inputs(d, in->tb, NULL, "base", &inputs);
	res_inputs(d, in->t, in->cs, in->tb ? "new" : NULL, &inputs);
	findings(d, in);
	if (in->cmp != NULL) {
		rdoc_heading(d, 2, "Changes from the base capture", RF_HUMAN);
		p = rdoc_lines(d, NULL, RF_HUMAN);
		rpart_line(d, p, "base: %s; new: %s.", in->labels->base,
		           in->labels->new_);
		res_compare_cells(d, in->o, in->tb, in->cmp, RF_HUMAN);
		figures_of(d, in->cfl, in->csvg, in->csvg_len, "compare", SIZE_MAX);
	}
	rdoc_heading(d, 2, in->tb ? "Summary of the new capture" : "Summary",
	             RF_HUMAN);
	res_cells_table(d, in->o, in->t, in->cs, 0, RF_HUMAN);
	figures_of(d, in->fl, in->svg, in->svg_len, "cv", SIZE_MAX);
	cold_starts(d, in);
	rdoc_heading(d, 2, "Distributions", RF_HUMAN);
	if (in->fl->cells_drawn < in->fl->cells) {
		p = rdoc_lines(d, NULL, RF_HUMAN);
		rpart_line(d, p, "Figures of the %zu worst of %zu cells (unreliable "
		           "first, then the highest CV; --max-figures draws more); "
		           "every cell is in the summary table.", in->fl->cells_drawn,
		           in->fl->cells);
	}
	figures_of(d, in->fl, in->svg, in->svg_len, "ecdf", SIZE_MAX);
	for (size_t i = 0; i < in->cs->n; i++) {
		figures_of(d, in->fl, in->svg, in->svg_len, "ttft", i);
		figures_of(d, in->fl, in->svg, in->svg_len, "timeline", i);
		figures_of(d, in->fl, in->svg, in->svg_len, "idle", i);
	}
	capture(d, in, inputs, ts, nts);
	rdoc_heading(d, 2, "Reproduce this report", RF_HUMAN);
	p = rdoc_lines(d, NULL, RF_HUMAN);
	rpart_line(d, p, "Command: %s", command_line(d, in->argc, in->argv));
	rpart_line(d, p, "ttftstat %s; warm-up %zu, bootstrap %lu resamples, "
	           "confidence %g, %s intervals, seed %llu, alpha %g; ranked by %s.",
	           TTFTSTAT_VERSION, in->o->s.warmup, in->o->s.bootstrap,
	           in->o->s.confidence, in->o->s.ci == CI_BCA ? "BCa" : "percentile",
	           in->o->s.seed, in->o->alpha, rank_metric_name(in->rank->metric));
	rpart_line(d, p, "Made on %s%s. The same inputs and command give the same "
	           "numbers, byte for byte.", when, in->date_fixed
	           ? " (SOURCE_DATE_EPOCH)" : "");
	return d;
}
