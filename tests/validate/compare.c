/*
 * compare.c (study) — how often does compare call an unchanged cell
 * changed, and does it find a +25 % median shift?
 *
 * One matched cell per comparison, each side n requests drawn from its
 * population (TTFTs rounded to a 10 ms timer where said); the program's
 * tests and verdict (compare_pair, compare_verdicts) with B = CMP_B.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/compare.h"
#include "../../analyze/mixture.h"
#include "sim.h"
#include "studies.h"

#define CMP_B 2000

struct res {
	bool changed, regression, test[CMP_TESTS];
};

struct job {
	const struct pop *base, *nw;
	size_t n;
	double shift;                   /* new = shift x draw */
	double tick;                    /* timer resolution; 0: none */
	struct res *r;
};

static void
make_cell(struct cell *c, double *x, size_t n, double *work)
{
	memset(c, 0, sizeof *c);
	c->x = x;
	c->requests = n;
	stats_describe(x, n, &c->d);
	mix_fit(x, n, work, &c->mix);
}

static void
draw(const struct pop *p, size_t n, double shift, double tick, struct rng *r,
     double *x)
{
	for (size_t i = 0; i < n; i++) {
		x[i] = shift * pop_draw(p, r);
		if (tick > 0)
			x[i] = fmax(tick, tick * round(x[i] / tick));
	}
	qsort(x, n, sizeof *x, sim_cmp_double);
}

static void
one(void *ctx, size_t rep, struct rng *r)
{
	struct job *j = ctx;
	double *xa = malloc(j->n * sizeof *xa), *xb = malloc(j->n * sizeof *xb);
	double *w = malloc(MIX_WORK(j->n) * sizeof *w);
	struct cell a, b;
	struct cmp_cell cc;
	struct analyze_opts o = {CMP_B, 0.95, CI_BCA, 1 + rep, 1, {NULL, 0, 0}};
	struct res *out = &j->r[rep];

	draw(j->base, j->n, 1.0, j->tick, r, xa);
	draw(j->nw, j->n, j->shift, j->tick, r, xb);
	make_cell(&a, xa, j->n, w);
	make_cell(&b, xb, j->n, w);
	compare_unset(&cc);
	cc.base = &a;
	cc.nw = &b;
	if (compare_pair(&cc, "model=m\x1f", &o) != 0 ||
	    compare_verdicts(&cc, 1, 0.05) != 0)
		abort();
	out->changed = cc.changed;
	out->regression = cc.regression;
	for (int t = 0; t < CMP_TESTS; t++)
		out->test[t] = cc.changed_by & (1u << t);
	free(xa);
	free(xb);
	free(w);
}

int
study_compare(FILE *fp, size_t reps)
{
	static const struct pop warm = {"warm log-normal", POP_LOGNORMALS, 1,
	                                {1}, {0.4}, {0.3}, 0, 0};
	static const struct pop cold = {"warm + 5 % cold (15 s)", POP_LOGNORMALS,
	                                2, {0.95, 0.05}, {0.4, 15}, {0.3, 0.5},
	                                0, 0};
	static const struct pop wide = {"log-normal sigma = 0.6", POP_LOGNORMALS,
	                                1, {1}, {0.4}, {0.6}, 0, 0};
	struct {
		const char *what;
		const struct pop *base, *nw;
		size_t n;
		double shift, tick;
		bool null;                      /* identical: target <= 5 % */
	} rows[] = {
		{"identical", &warm, &warm, 100, 1, 0, true},
		{"identical, 10 ms timer", &warm, &warm, 100, 1, 0.01, true},
		{"identical", &cold, &cold, 100, 1, 0, true},
		{"identical, 10 ms timer", &cold, &cold, 100, 1, 0.01, true},
		{"identical", &wide, &wide, 300, 1, 0.01, true},
		{"median +25 %", &warm, &warm, 100, 1.25, 0, false},
		{"median +25 %, 10 ms timer", &warm, &warm, 100, 1.25, 0.01, false},
		{"median +25 %", &cold, &cold, 100, 1.25, 0, false},
	};
	int missed = 0;
	char label[160], ch[64], rg[64], t[CMP_TESTS][64];

	fprintf(fp, "### compare: one verdict per cell (alpha 0.05, B = %d; "
	        "targets: identical cells changed in at most 5 %%, a +25 %% "
	        "median on the warm log-normal at n = 100 found in 95 %% or "
	        "more)\n\n| population | n | change | changed | regression | "
	        "location | tail | cold share | spread |\n"
	        "|---|---:|---|---:|---:|---:|---:|---:|---:|\n", CMP_B);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct job j = {rows[i].base, rows[i].nw, rows[i].n, rows[i].shift,
		                rows[i].tick, calloc(reps, sizeof *j.r)};
		size_t nc = 0, nr = 0, nt[CMP_TESTS] = {0};
		snprintf(label, sizeof label, "compare\x1f%zu", i);
		sim_run(reps, label, one, &j);
		for (size_t r = 0; r < reps; r++) {
			nc += j.r[r].changed;
			nr += j.r[r].regression;
			for (int k = 0; k < CMP_TESTS; k++)
				nt[k] += j.r[r].test[k];
		}
		sim_rate(ch, sizeof ch, nc, reps);
		sim_rate(rg, sizeof rg, nr, reps);
		for (int k = 0; k < CMP_TESTS; k++)
			sim_rate(t[k], sizeof t[k], nt[k], reps);
		fprintf(fp, "| %s | %zu | %s | %s | %s | %s | %s | %s | %s |\n",
		        rows[i].base->name, rows[i].n, rows[i].what, ch, rg, t[0],
		        t[1], t[2], t[3]);
		if (rows[i].null)
			missed += (double)nc / (double)reps > 0.05;
		else if (rows[i].base == &warm)
			missed += (double)nc / (double)reps < 0.95;
		free(j.r);
	}
	fputc('\n', fp);
	return missed;
}
