/*
 * cmd_rank.c — `ttftstat rank`: which provider for which model.
 *
 * Per model (the first group key), the providers (the second) ordered by a
 * criterion — p95 (default), median, cv or cold_share, lower is better —
 * with their intervals, and a test between each pair of neighbours: Mann-
 * Whitney U for median and p95, Brown-Forsythe on ln TTFT for cv, Fisher's
 * exact test for cold_share; Holm-adjusted across all neighbour pairs.
 * Neighbours the test cannot tell apart share a rank: no false ordering.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../analyze/compare.h"
#include "commands.h"
#include "jsonw.h"
#include "msg.h"
#include "numfmt.h"
#include "opts.h"
#include "report.h"

enum crit { CR_P95, CR_MEDIAN, CR_CV, CR_COLD };

struct entry {
	const struct cell *c;
	double value, lo, hi;
	double p, p_adj;                /* against the next better entry */
	unsigned rank;
};

static void
help(FILE *fp)
{
	fputs("usage: ttftstat rank [OPTIONS] FILE...\n\n"
	      "Per model, providers from best to worst by --by-metric (p95,\n"
	      "median, cv or cold_share; lower is better) with intervals; "
	      "neighbours\nthat a test cannot tell apart share a rank.\n\n"
	      "options:\n", fp);
	opts_help(fp, CMD_RANK);
}

static double
value_of(const struct cell *c, enum crit k, double *lo, double *hi)
{
	int s = k == CR_P95 ? CI_P95 : k == CR_MEDIAN ? CI_MEDIAN : CI_CV;

	*lo = *hi = NAN;
	if (k == CR_COLD)
		return c->mix.fitted ? c->mix.cold_share : NAN;
	if (c->ci.have) {
		*lo = c->ci.lo[s];
		*hi = c->ci.hi[s];
	}
	return k == CR_P95 ? c->d.p95 : k == CR_MEDIAN ? c->d.median
	                                                : c->d.cv_pct;
}

/* The test between two cells for the criterion. */
static double
neighbour_p(const struct cell *a, const struct cell *b, enum crit k)
{
	if (a->d.n < 2 || b->d.n < 2)
		return NAN;
	if (k == CR_COLD) {
		unsigned ca = compare_cold_count(a), cb = compare_cold_count(b);
		return fisher_exact(ca, (unsigned)a->d.n - ca, cb,
		                    (unsigned)b->d.n - cb);
	}
	if (k == CR_CV) {
		double f;
		return compare_spread_test(a, b, &f);
	}
	{
		struct mwu m;
		return mwu_test(a->x, a->d.n, b->x, b->d.n, &m) == 0 ? m.p : NAN;
	}
}

static int
cmp_entry(const void *x, const void *y)
{
	double a = ((const struct entry *)x)->value;
	double b = ((const struct entry *)y)->value;

	if (isnan(a) || isnan(b))
		return isnan(a) - isnan(b);
	return (a > b) - (a < b);
}

static const char *
key(const struct trace *t, const struct cell *c, size_t k)
{
	const char *v = k < t->nkeys ? trace_str(t, t->cells[c->id].key[k]) : NULL;

	return v ? v : "\xe2\x80\x93";
}

int
cmd_rank(int argc, char **argv)
{
	static const char *const crit_names[] = {"p95", "median", "cv",
	                                         "cold_share"};
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct entry *en = NULL;
	size_t *start = NULL, ngroups = 0;
	enum crit k = CR_P95;
	double *p = NULL, *adj = NULL;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_RANK, help, &e)) != 0)
		goto fail;
	if (o.help || o.version) {
		opts_free(&o);
		return 0;
	}
	if (o.metric != NULL) {
		size_t i = 0;
		while (i < 4 && strcmp(o.metric, crit_names[i]) != 0)
			i++;
		if (i == 4) {
			rc = err_set(&e, ERR_USAGE, "--by-metric '%s' is not p95, "
			             "median, cv or cold_share", o.metric);
			goto fail;
		}
		k = (enum crit)i;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "rank needs at least one FILE");
		goto fail;
	}
	if ((rc = pipeline_analyse(&o, true, &t, &cs, &e)) != 0)
		goto fail;
	en = calloc(cs->n + 1, sizeof *en);
	start = calloc(cs->n + 2, sizeof *start);
	p = calloc(cs->n + 1, sizeof *p);
	adj = calloc(cs->n + 1, sizeof *adj);
	if (en == NULL || start == NULL || p == NULL || adj == NULL) {
		rc = err_nomem(&e);
		goto fail;
	}
	/* cells are sorted by model: each run of one model is a group */
	for (size_t i = 0; i < cs->n; i++) {
		en[i].c = &cs->c[i];
		en[i].value = value_of(&cs->c[i], k, &en[i].lo, &en[i].hi);
		if (i == 0 || strcmp(key(t, &cs->c[i], 0), key(t, &cs->c[i - 1], 0)))
			start[ngroups++] = i;
	}
	start[ngroups] = cs->n;
	for (size_t g = 0; g < ngroups; g++)
		qsort(en + start[g], start[g + 1] - start[g], sizeof *en, cmp_entry);
	for (size_t i = 0; i < cs->n; i++) {
		bool first = false;
		for (size_t g = 0; g < ngroups; g++)
			first |= start[g] == i;
		p[i] = first ? NAN : neighbour_p(en[i - 1].c, en[i].c, k);
	}
	if (holm_adjust(p, adj, cs->n) != 0) {
		rc = err_nomem(&e);
		goto fail;
	}
	for (size_t g = 0; g < ngroups; g++)
		for (size_t i = start[g]; i < start[g + 1]; i++) {
			en[i].p = p[i];
			en[i].p_adj = adj[i];
			/* a rank moves on only past a significant difference */
			en[i].rank = i == start[g] ? 1
			             : adj[i] < o.alpha ? (unsigned)(i - start[g] + 1)
			             : en[i - 1].rank;
		}
	if (o.out == OUT_JSON) {
		fputs("{\n  \"tool\": \"ttftstat\",\n  \"version\": \""
		      TTFTSTAT_VERSION "\",\n", stdout);
		printf("  \"settings\": { \"warmup\": %zu, \"bootstrap\": %lu, "
		       "\"confidence\": %g, \"seed\": %llu, \"alpha\": %g, "
		       "\"metric\": \"%s\" },\n  \"models\": [", o.s.warmup,
		       o.s.bootstrap, o.s.confidence, o.s.seed, o.alpha,
		       crit_names[k]);
		for (size_t g = 0; g < ngroups; g++) {
			printf("%s\n    { \"model\": ", g ? "," : "");
			json_str(stdout, key(t, en[start[g]].c, 0));
			fputs(", \"ranking\": [", stdout);
			for (size_t i = start[g]; i < start[g + 1]; i++) {
				double ci[2] = {en[i].lo, en[i].hi};
				printf("%s\n        { \"rank\": %u, \"provider\": ",
				       i > start[g] ? "," : "", en[i].rank);
				json_str(stdout, key(t, en[i].c, 1));
				printf(", \"n\": %zu, \"value\": ", en[i].c->d.n);
				json_num(stdout, en[i].value);
				fputs(", \"ci\": ", stdout);
				if (isfinite(ci[0]) && isfinite(ci[1])) {
					fputc('[', stdout);
					json_num(stdout, ci[0]);
					fputs(", ", stdout);
					json_num(stdout, ci[1]);
					fputc(']', stdout);
				} else {
					fputs("null", stdout);
				}
				fputs(", \"p_vs_previous\": ", stdout);
				json_num(stdout, en[i].p);
				fputs(", \"p_adjusted\": ", stdout);
				json_num(stdout, en[i].p_adj);
				printf(", \"tied_with_previous\": %s }",
				       i > start[g] && en[i].rank == en[i - 1].rank
				       ? "true" : "false");
			}
			fputs("\n      ] }", stdout);
		}
		fputs("\n  ]\n}\n", stdout);
	} else {
		bool md = o.out == OUT_MD, csv = o.out == OUT_CSV;
		if (csv)
			puts("model,rank,provider,n,value,lo,hi,p_vs_previous,"
			     "p_adjusted");
		else if (md)
			printf("| model | rank | provider | %s | %g %% interval | p vs "
			       "previous (Holm) |\n| --- | ---: | --- | ---: | --- | "
			       "---: |\n", crit_names[k], 100 * o.s.confidence);
		else
			printf("providers by %s, best first; = ties with the one above "
			       "(Holm-adjusted p >= %g)\n\n", crit_names[k], o.alpha);
		for (size_t g = 0; g < ngroups; g++) {
			if (!md && !csv)
				printf("%s\n", key(t, en[start[g]].c, 0));
			for (size_t i = start[g]; i < start[g + 1]; i++) {
				char v[40], lo[40], hi[40], pa[40];
				int dec = k == CR_CV ? 1 : 3;
				fmt_fixed(v, sizeof v, en[i].value, dec);
				fmt_fixed(lo, sizeof lo, en[i].lo, dec);
				fmt_fixed(hi, sizeof hi, en[i].hi, dec);
				if (isnan(en[i].p_adj))
					snprintf(pa, sizeof pa, "\xe2\x80\x93");
				else
					snprintf(pa, sizeof pa, "%.3g", en[i].p_adj);
				if (csv)
					printf("\"%s\",%u,\"%s\",%zu,%s,%s,%s,%s,%s\n",
					       key(t, en[i].c, 0), en[i].rank, key(t, en[i].c, 1),
					       en[i].c->d.n, v, lo, hi,
					       isnan(en[i].p) ? "" : pa, isnan(en[i].p_adj) ? "" : pa);
				else if (md)
					printf("| %s | %u | %s | %s | %s \xe2\x80\x93 %s | %s |\n",
					       key(t, en[i].c, 0), en[i].rank, key(t, en[i].c, 1),
					       v, lo, hi, pa);
				else
					printf("  %s%u  %-20s %10s  [%s, %s]  p = %s\n",
					       i > start[g] && en[i].rank == en[i - 1].rank
					       ? "=" : " ", en[i].rank, key(t, en[i].c, 1), v,
					       lo, hi, pa);
			}
		}
	}
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(t);
		if (s != 0)
			rc = s;
	}
fail:
	if (rc != 0 && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	free(en);
	free(start);
	free(p);
	free(adj);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
