/*
 * bench_analyze.c — what the statistics cost per cell, by sample size.
 *
 * `make bench` runs it: for n = 1e3, 1e5 and 1e6 warm/cold log-normal
 * TTFTs it times, on one thread, the exact quantile intervals, the B =
 * 10000 resampled mean/CV intervals and the mixture fit.  Above
 * BOOT_EXACT_MAX_N a resample draws only its tail and takes the bulk's sums
 * from their normal limit; past the switch the benchmark also prints both
 * methods' intervals of one sample side by side, with their times.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../analyze/bootstrap.h"
#include "../analyze/mixture.h"
#include "../analyze/rng.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double *
sample(size_t n, struct rng *r)
{
	double *x = malloc(n * sizeof *x);

	for (size_t i = 0; i < n; i++)
		x[i] = rng_uniform(r) < 0.08 ? 12.0 * exp(0.4 * rng_normal(r))
		                             : 0.35 * exp(0.25 * rng_normal(r));
	qsort(x, n, sizeof *x, cmp);
	return x;
}

int
main(void)
{
	static const size_t ns[] = {1000, 100000, 1000000};
	struct rng r;

	printf("%10s %12s %12s %12s\n", "n", "intervals_s", "mixture_s",
	       "total_s");
	for (size_t i = 0; i < 3; i++) {
		size_t n = ns[i];
		double *x, *y, t0, t1, t2;
		struct ci_result ci;
		struct mix_result m;

		rng_seed(&r, 1, "bench", 5);
		x = sample(n, &r);
		y = malloc(MIX_WORK(n) * sizeof *y);
		t0 = now();
		boot_cell(x, n, 10000, 0.95, CI_BCA, &r, &ci);
		t1 = now();
		mix_fit(x, n, y, &m);
		t2 = now();
		printf("%10zu %12.3f %12.3f %12.3f%s\n", n, t1 - t0, t2 - t1, t2 - t0,
		       ci.approximated ? "  (CV/mean: the tail resampled, the bulk's "
		       "sums from their normal limit)" : "");
		free(x);
		free(y);
	}
	{
		/* past the switch: full resampling against the split, on one
		 * sample */
		size_t n = 4 * BOOT_EXACT_MAX_N;
		double *x, t0, t1, t2;
		struct ci_result a, b;
		rng_seed(&r, 2, "switch", 6);
		x = sample(n, &r);
		t0 = now();
		boot_cell_limit(x, n, 10000, 0.95, CI_BCA, SIZE_MAX, &r, &a);
		t1 = now();
		boot_cell_limit(x, n, 10000, 0.95, CI_BCA, BOOT_EXACT_MAX_N, &r, &b);
		t2 = now();
		printf("\nn = %zu: CV%% interval resampled in full [%.2f, %.2f] "
		       "(%.3f s), split [%.2f, %.2f] (%.3f s)\n", n, a.lo[CI_CV],
		       a.hi[CI_CV], t1 - t0, b.lo[CI_CV], b.hi[CI_CV], t2 - t1);
		printf("         mean interval    resampled in full [%.4f, %.4f], "
		       "split [%.4f, %.4f]\n", a.lo[CI_MEAN], a.hi[CI_MEAN],
		       b.lo[CI_MEAN], b.hi[CI_MEAN]);
		free(x);
	}
	return 0;
}
