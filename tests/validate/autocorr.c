/*
 * autocorr.c — do the intervals hold when cold starts come in runs?
 *
 * A sequential capture through peak and off-peak hours: the idle gap
 * before each request is exponential with mean 60 s (peak) or 900 s (off
 * peak), the period switching after each request with probability s
 * (0.5: independent requests; 0.2: periods of 5 requests on average,
 * 0.05: of 20);
 * a request after more than 600 s idle is cold (log-normal, median 8 s,
 * sd 0.5 of ln), else warm (median 0.4 s, sd 0.3).  Cold starts then
 * cluster in the off-peak runs.  The marginal TTFT distribution is the
 * two log-normals with the stationary cold share
 * 0.5 exp(-600/900) + 0.5 exp(-600/60); its median and p95 are the truth.
 * Intervals as the program makes them (analyze.c: iid BCa widened by
 * ac_widen) against iid ones.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/serial.h"
#include "../../analyze/bootstrap.h"
#include "sim.h"
#include "studies.h"

#define AC_B 2000

struct res {
	bool sig, iid[2], prog[2];
};

struct job {
	double sw;                      /* P(period switches) a request */
	size_t n;
	double truth[2];
	struct res *r;
};

static void
one(void *ctx, size_t rep, struct rng *r)
{
	struct job *j = ctx;
	size_t n = j->n;
	double *x = malloc(n * sizeof *x), *s = malloc(n * sizeof *s);
	bool peak = rng_uniform(r) < 0.5;
	struct ci_result iid, prog;
	struct autocorr a;
	struct res *o = &j->r[rep];

	for (size_t i = 0; i < n; i++) {
		double gap;
		if (rng_uniform(r) < j->sw)
			peak = !peak;
		gap = -(peak ? 60.0 : 900.0) * log(1 - rng_uniform(r));
		x[i] = gap > 600 ? 8.0 * exp(0.5 * rng_normal(r))
		                 : 0.4 * exp(0.3 * rng_normal(r));
	}
	memcpy(s, x, n * sizeof *s);
	qsort(s, n, sizeof *s, sim_cmp_double);
	if (boot_cell(s, n, AC_B, 0.95, CI_BCA, r, &iid) != 0)
		abort();
	prog = iid;
	ac_measure(x, n, &a);
	if (a.have && ac_widen(x, s, n, &a, &prog) != 0)
		abort();
	o->sig = a.significant;
	for (int k = 0; k < 2; k++) {
		enum ci_stat st = k ? CI_P95 : CI_MEDIAN;
		o->iid[k] = iid.lo[st] <= j->truth[k] && j->truth[k] <= iid.hi[st];
		o->prog[k] = prog.lo[st] <= j->truth[k] && j->truth[k] <= prog.hi[st];
	}
	free(x);
	free(s);
}

int
study_autocorr(FILE *fp, size_t reps)
{
	static const size_t ns[] = {150, 300};
	double pc = 0.5 * exp(-600.0 / 900) + 0.5 * exp(-10.0);
	struct pop marg = {"marginal", POP_LOGNORMALS, 2, {1 - pc, pc},
	                   {0.4, 8}, {0.3, 0.5}, 0, 0};
	int missed = 0;
	char label[64], sig[64], c[4][64];

	fprintf(fp, "### Autocorrelated captures (cold starts in off-peak runs; "
	        "target: the program's 95 %% intervals of the median and p95 "
	        "cover within 3 points of 95 %% where periods last 1 or 5 "
	        "requests)\n\n| periods of | n | r1 significant | median, iid "
	        "bootstrap | median, as the program does | p95, iid | p95, as the "
	        "program does |\n|---:|---:|---:|---:|---:|---:|---:|\n");
	for (size_t q = 0; q < 3; q++)
		for (size_t k = 0; k < 2; k++) {
			static const double sw[3] = {0.5, 0.2, 0.05};
			struct job j = {sw[q], ns[k], {pop_quantile(&marg, 0.5),
			                               pop_quantile(&marg, 0.95)},
			                calloc(reps, sizeof *j.r)};
			size_t ns_ = 0, h[4] = {0};
			snprintf(label, sizeof label, "autocorr\x1f%g\x1f%zu", sw[q],
			         ns[k]);
			sim_run(reps, label, one, &j);
			for (size_t r = 0; r < reps; r++) {
				ns_ += j.r[r].sig;
				h[0] += j.r[r].iid[0];
				h[1] += j.r[r].prog[0];
				h[2] += j.r[r].iid[1];
				h[3] += j.r[r].prog[1];
			}
			sim_rate(sig, sizeof sig, ns_, reps);
			for (int m = 0; m < 4; m++)
				sim_rate(c[m], sizeof c[m], h[m], reps);
			fprintf(fp, "| %.0f | %zu | %s | %s | %s | %s | %s |\n",
			        1 / sw[q], ns[k], sig, c[0], c[1], c[2], c[3]);
			if (q < 2) {
				missed += fabs((double)h[1] / (double)reps - 0.95) > 0.03;
				missed += fabs((double)h[3] / (double)reps - 0.95) > 0.03;
			}
			free(j.r);
		}
	fputc('\n', fp);
	return missed;
}
