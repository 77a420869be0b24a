/*
 * rank.c (study) — does rank order providers that differ only in the tail,
 * and tie those that do not differ?
 *
 * One model, three providers of n requests each, ranked by p95 (and by
 * median) with the program's own rank_cells on a trace built in memory.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/analyze.h"
#include "../../analyze/rank.h"
#include "sim.h"
#include "studies.h"

struct res {
	bool ordered, all_tied;
};

struct job {
	const struct pop *p[3];
	size_t n;
	enum rank_metric metric;
	struct res *r;
};

static int
build(struct trace **t, struct cells **cs, const struct job *j,
      struct rng *r)
{
	static const char *const prov[3] = {"a", "b", "c"};
	double *x = malloc(3 * j->n * sizeof *x);
	const double *xs[3] = {x, x + j->n, x + 2 * j->n};
	int rc;

	if (x == NULL)
		return -1;
	for (int k = 0; k < 3; k++)
		for (size_t i = 0; i < j->n; i++)
			x[(size_t)k * j->n + i] = pop_draw(j->p[k], r);
	rc = sim_trace("m", prov, xs, NULL, 3, j->n, 1, t, cs);
	free(x);
	return rc;
}

static void
one(void *ctx, size_t rep, struct rng *r)
{
	struct job *j = ctx;
	struct trace *t;
	struct cells *cs;
	struct rank_result *rr;
	struct rank_opts ro = {0.05, RANK_P95_RESAMPLES, 1 + rep, 1};
	struct err e;
	struct res *o = &j->r[rep];

	if (build(&t, &cs, j, r) != 0 ||
	    rank_cells(t, cs, j->metric, &ro, &rr, &e) != 0)
		abort();
	/* right: a, b, c at ranks 1, 2, 3 */
	o->ordered = true;
	o->all_tied = true;
	for (size_t i = 0; i < 3; i++) {
		const char *p = trace_str(t, t->cells[rr->e[i].c->id].key[1]);
		o->ordered = o->ordered && rr->e[i].rank == i + 1 &&
		             p[0] == "abc"[i];
		o->all_tied = o->all_tied && rr->e[i].rank == 1;
	}
	rank_free(rr);
	cells_free(cs);
	trace_free(t);
}

int
study_rank(FILE *fp, size_t reps)
{
	/* equal medians (0.40 s; 0.41 s with the cold starts), p95s 0.66 s,
	 * 0.84 s and about 9.5 s */
	static const struct pop a = {"p95 0.66 s", POP_LOGNORMALS, 1, {1}, {0.4},
	                             {0.304}, 0, 0};
	static const struct pop b = {"p95 0.84 s", POP_LOGNORMALS, 1, {1}, {0.4},
	                             {0.451}, 0, 0};
	static const struct pop c = {"p95 9.5 s", POP_LOGNORMALS, 2, {0.92, 0.08},
	                             {0.4, 12}, {0.3, 0.5}, 0, 0};
	struct {
		const char *what;
		const struct pop *p[3];
		enum rank_metric m;
		bool tie;                       /* the target: all tied */
	} rows[] = {
		{"tails differ (p95 0.66, 0.84, 9.5 s; same median)", {&a, &b, &c},
		 RANK_P95, false},
		{"three identical providers", {&a, &a, &a}, RANK_P95, true},
		{"three identical providers", {&b, &b, &b}, RANK_MEDIAN, true},
	};
	int missed = 0;
	char label[96], ord[64], tie[64];

	fprintf(fp, "### rank (n = 300 a provider, alpha 0.05; targets: the "
	        "full order right in 80 %% or more where only the tails differ, "
	        "identical providers all tied in 90 %% or more)\n\n"
	        "| providers | metric | order right | all tied |\n"
	        "|---|---|---:|---:|\n");
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct job j = {{rows[i].p[0], rows[i].p[1], rows[i].p[2]}, 300,
		                rows[i].m, calloc(reps, sizeof *j.r)};
		size_t no = 0, nt = 0;
		snprintf(label, sizeof label, "rank\x1f%zu", i);
		sim_run(reps, label, one, &j);
		for (size_t r = 0; r < reps; r++) {
			no += j.r[r].ordered;
			nt += j.r[r].all_tied;
		}
		sim_rate(ord, sizeof ord, no, reps);
		sim_rate(tie, sizeof tie, nt, reps);
		fprintf(fp, "| %s | %s | %s | %s |\n", rows[i].what,
		        rank_metric_name(rows[i].m), rows[i].tie ? "–" : ord, tie);
		missed += rows[i].tie ? (double)nt / (double)reps < 0.90
		                      : (double)no / (double)reps < 0.80;
		free(j.r);
	}
	fputc('\n', fp);
	return missed;
}
