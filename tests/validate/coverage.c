/*
 * coverage.c — do the 95 % intervals hold their level, per statistic and
 * population, and does the heavy-tail warning fire where the mean's and
 * CV's do not?
 *
 * Intervals are boot_cell's (BCa, the default) with B = COV_B resamples
 * (the program's default is 10000; B changes an interval's Monte Carlo
 * wobble, not its coverage).  Truth: population quantiles by bisection on
 * the exact CDF, mean and CV from the exact moments.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/bootstrap.h"
#include "../../analyze/stats.h"
#include "sim.h"
#include "studies.h"

#define COV_B 2000
#define COV_STATS 5

static const enum ci_stat shown[COV_STATS] = {CI_MEDIAN, CI_P95, CI_MEAN,
                                             CI_CV, CI_TAIL};

struct res {
	bool have, heavy, hit[COV_STATS];
};

struct job {
	const struct pop *p;
	size_t n;
	double truth[COV_STATS];
	struct res *r;
};

static void
one(void *ctx, size_t rep, struct rng *r)
{
	struct job *j = ctx;
	double *x = malloc(j->n * sizeof *x);
	struct ci_result ci;
	struct describe d;
	struct res *o = &j->r[rep];

	pop_sample(j->p, j->n, r, x);
	stats_describe(x, j->n, &d);
	if (boot_cell(x, j->n, COV_B, 0.95, CI_BCA, r, &ci) != 0)
		abort();
	o->have = ci.have;
	o->heavy = stats_heavy_tail(&d);
	for (int s = 0; s < COV_STATS; s++)
		o->hit[s] = ci.lo[shown[s]] <= j->truth[s] &&
		            j->truth[s] <= ci.hi[shown[s]];
	free(x);
}

/*
 * Above BOOT_EXACT_MAX_N the mean's and CV's replicates resample only the
 * values farthest from the mean and take the rest's sums from their normal
 * limit (bootstrap.h).  The study draws each sample once and computes both
 * intervals from it, in full and split, so the two coverages differ only by
 * the method (paired: their difference is known far better than either).
 * Counted where no heavy-tail warning withholds the intervals.
 */
struct pair {
	bool heavy, hit[2][2];          /* [full, split][mean, CV] */
};

struct pair_job {
	const struct pop *p;
	size_t n;
	double truth[2];
	struct pair *r;
};

static void
pair_one(void *ctx, size_t rep, struct rng *r)
{
	static const enum ci_stat st[2] = {CI_MEAN, CI_CV};
	static const size_t limit[2] = {SIZE_MAX, 0};
	struct pair_job *j = ctx;
	double *x = malloc(j->n * sizeof *x);
	struct pair *o = &j->r[rep];
	struct describe d;

	if (x == NULL)
		abort();
	pop_sample(j->p, j->n, r, x);
	stats_describe(x, j->n, &d);
	o->heavy = stats_heavy_tail(&d);
	for (int m = 0; m < 2; m++) {
		struct ci_result ci;
		if (boot_cell_limit(x, j->n, COV_B, 0.95, CI_BCA, limit[m], r,
		                    &ci) != 0)
			abort();
		for (int s = 0; s < 2; s++)
			o->hit[m][s] = ci.lo[st[s]] <= j->truth[s] &&
			               j->truth[s] <= ci.hi[st[s]];
	}
	free(x);
}

/* One row of the table; returns how many of the mean and the CV have
 * the split's coverage more than 2 points below the full resampling's
 * beyond twice the paired Monte-Carlo error (sqrt(discordant) / count,
 * McNemar's). */
static int
pair_row(FILE *fp, const struct pop *p, size_t n, size_t reps)
{
	struct pair_job j = {p, n, {pop_mean(p), pop_cv_pct(p)},
	                     calloc(reps, sizeof *j.r)};
	size_t un = 0, hit[2][2] = {{0, 0}, {0, 0}}, disc[2] = {0, 0};
	int missed = 0;
	char label[128], cell[2][2][64], warned[64], gap[2][64];

	if (j.r == NULL)
		abort();
	snprintf(label, sizeof label, "coverage-limit\x1f%s\x1f%zu", p->name, n);
	sim_run(reps, label, pair_one, &j);
	for (size_t r = 0; r < reps; r++)
		if (!j.r[r].heavy) {
			un++;
			for (int s = 0; s < 2; s++) {
				hit[0][s] += j.r[r].hit[0][s];
				hit[1][s] += j.r[r].hit[1][s];
				disc[s] += j.r[r].hit[0][s] != j.r[r].hit[1][s];
			}
		}
	sim_rate(warned, sizeof warned, reps - un, reps);
	for (int s = 0; s < 2; s++) {
		double d = 100.0 * ((double)hit[1][s] - (double)hit[0][s]) /
		           (double)(un ? un : 1);
		double se = 100.0 * sqrt((double)disc[s]) / (double)(un ? un : 1);
		for (int m = 0; m < 2; m++)
			if (un >= 20)
				sim_rate(cell[m][s], sizeof cell[m][s], hit[m][s], un);
			else
				snprintf(cell[m][s], sizeof cell[m][s], "–");
		if (un >= 20)
			snprintf(gap[s], sizeof gap[s], "%+.1f ± %.1f", d, se);
		else
			snprintf(gap[s], sizeof gap[s], "–");
		missed += un >= 20 && d < -2.0 - 2.0 * se;
	}
	fprintf(fp, "| %s | %zu | %s | %s | %s | %s | %s | %s | %s |\n", p->name, n,
	        warned, cell[0][0], cell[1][0], gap[0], cell[0][1], cell[1][1],
	        gap[1]);
	free(j.r);
	return missed;
}

/* From just above the switch to 20000 values, and 50000 on two
 * populations (full resampling there costs 10^8 draws a sample); the 5 %
 * cold starts only where some samples escape the heavy-tail warning, the
 * seed-like tail not at all (it is warned at every n here). */
static int
large_cells(FILE *fp, size_t reps, const struct pop *pops)
{
	static const struct {
		int pop;
		size_t n;
	} rows[] = {
		{0, BOOT_EXACT_MAX_N + 1}, {0, 2000}, {0, 5000}, {0, 20000}, {0, 50000},
		{1, BOOT_EXACT_MAX_N + 1}, {1, 2000}, {1, 5000}, {1, 20000}, {1, 50000},
		{2, BOOT_EXACT_MAX_N + 1}, {2, 2000},
		{3, BOOT_EXACT_MAX_N + 1}, {3, 2000}, {3, 5000}, {3, 20000},
	};
	int missed = 0;

	fprintf(fp, "### Mean and CV intervals of large cells (BCa, B = %d; "
	        "each sample resampled in full and split as above n = %d: the "
	        "values farthest from the mean resampled, the rest's sums from "
	        "their normal limit; counted where no heavy-tail warning "
	        "withholds the intervals; split − full is paired, ± its "
	        "Monte-Carlo error; target: not more than 2 points below, beyond "
	        "twice that error)\n\n"
	        "| population | n | heavy-tail warning | mean, in full | "
	        "mean, split | split − full | CV, in full | CV, split | "
	        "split − full |\n"
	        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", COV_B,
	        BOOT_EXACT_MAX_N);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
		missed += pair_row(fp, &pops[rows[i].pop], rows[i].n, reps);
	fputc('\n', fp);
	return missed;
}

int
study_coverage(FILE *fp, size_t reps)
{
	static const size_t ns[] = {75, 150, 300, 1000};
	static const struct pop pops[] = {
		{"log-normal sigma = 0.3", POP_LOGNORMALS, 1, {1}, {0.4}, {0.3}, 0, 0},
		{"log-normal sigma = 1", POP_LOGNORMALS, 1, {1}, {0.4}, {1.0}, 0, 0},
		{"warm + 5 % cold (15 s)", POP_LOGNORMALS, 2, {0.95, 0.05},
		 {0.4, 15}, {0.3, 0.5}, 0, 0},
		{"warm + 20 % cold (15 s)", POP_LOGNORMALS, 2, {0.80, 0.20},
		 {0.4, 15}, {0.3, 0.5}, 0, 0},
		{"seed-like heavy tail", POP_LOGNORMALS, 3, {0.947, 0.05, 0.003},
		 {0.35, 15, 600}, {0.35, 0.8, 0.3}, 0, 0},
	};
	int missed = 0;
	char cell[COV_STATS][64], warned[64], label[128];

	fprintf(fp, "### Coverage of 95 %% intervals (BCa, B = %d; targets: median "
	        "and p95 91.5 %% or more everywhere, the tail ratio 93 %% or more "
	        "at n = 75 on the seed-like population; mean and CV reported, with "
	        "their coverage where no heavy-tail warning withholds them)\n\n"
	        "| population | n | median | p95 | mean | CV | tail ratio | "
	        "heavy-tail warning | mean, unwarned | CV, unwarned |\n"
	        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", COV_B);
	for (size_t i = 0; i < sizeof pops / sizeof pops[0]; i++)
		for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
			struct job j = {&pops[i], ns[k], {0}, calloc(reps, sizeof *j.r)};
			size_t hit[COV_STATS] = {0}, nh = 0, un = 0, uh[2] = {0, 0};
			char um[64], uc[64];
			j.truth[0] = pop_quantile(&pops[i], 0.5);
			j.truth[1] = pop_quantile(&pops[i], 0.95);
			j.truth[2] = pop_mean(&pops[i]);
			j.truth[3] = pop_cv_pct(&pops[i]);
			j.truth[4] = j.truth[1] / j.truth[0];
			snprintf(label, sizeof label, "coverage\x1f%s\x1f%zu", pops[i].name,
			         ns[k]);
			sim_run(reps, label, one, &j);
			for (size_t r = 0; r < reps; r++) {
				for (int s = 0; s < COV_STATS; s++)
					hit[s] += j.r[r].hit[s];
				nh += j.r[r].heavy;
				if (!j.r[r].heavy) {
					un++;
					uh[0] += j.r[r].hit[2];
					uh[1] += j.r[r].hit[3];
				}
			}
			for (int s = 0; s < COV_STATS; s++)
				sim_rate(cell[s], sizeof cell[s], hit[s], reps);
			sim_rate(warned, sizeof warned, nh, reps);
			if (un >= 20) {
				sim_rate(um, sizeof um, uh[0], un);
				sim_rate(uc, sizeof uc, uh[1], un);
			} else {
				snprintf(um, sizeof um, "–");
				snprintf(uc, sizeof uc, "–");
			}
			fprintf(fp, "| %s | %zu | %s | %s | %s | %s | %s | %s | %s | %s |\n",
			        pops[i].name, ns[k], cell[0], cell[1], cell[2], cell[3],
			        cell[4], warned, um, uc);
			if (i == 4 && ns[k] == 75)
				missed += (double)hit[4] / (double)reps < 0.93;
			/* the median and p95 intervals hold everywhere (within 3.5
			 * points); the mean's and CV's are reported, not promised */
			missed += (double)hit[0] / (double)reps < 0.915;
			missed += (double)hit[1] / (double)reps < 0.915;
			free(j.r);
		}
	fputc('\n', fp);
	missed += large_cells(fp, reps, pops);
	return missed;
}
