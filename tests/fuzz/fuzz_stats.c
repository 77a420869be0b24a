/*
 * fuzz_stats.c — structure-aware: the input is read as a sample of
 * doubles (8 bytes each, made positive and finite: ±0 becomes the
 * smallest positive, denormals and 1e300 stay), heavy ties included, n
 * from 0 up; every analysis runs on it and its invariants are asserted:
 * min <= median <= p95 <= p99 <= max, interval lo <= hi, 0 <= cold share
 * <= 1, no NaN where a number is promised, p-values in [0, 1].  The
 * mean/CV intervals run twice: resampled in full and split (bootstrap.h).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../analyze/bootstrap.h"
#include "../../analyze/mixture.h"
#include "../../analyze/ranktest.h"
#include "../../analyze/stats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size / 8, half;
	double *x, *y;
	struct describe d;
	struct ci_result ci;
	struct mix_result m;
	struct rng r;

	if (n > 4096)
		n = 4096;
	x = malloc((n ? n : 1) * sizeof *x);
	y = malloc((n ? MIX_WORK(n) : 1) * sizeof *y);
	if (x == NULL || y == NULL) {
		free(x);
		free(y);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		double v;
		memcpy(&v, data + 8 * i, 8);
		v = fabs(v);
		if (!isfinite(v) || v > 1e300)
			v = 1e300;
		if (v == 0)
			v = 4.9e-324;   /* TTFTs are positive */
		x[i] = v;
	}
	qsort(x, n, sizeof *x, cmp);
	stats_describe(x, n, &d);
	if (n > 0) {
		CHECK(d.min <= d.median && d.median <= d.p95 && d.p95 <= d.p99 &&
		      d.p99 <= d.max);
		CHECK(!isnan(d.mean) || n == 0);
	}
	if (n >= 2)
		CHECK(!isnan(d.sd) && d.sd >= 0);
	rng_seed(&r, 1, "fuzz", 4);
	if (boot_cell(x, n, 64, 0.9, CI_BCA, &r, &ci) == 0 && ci.have)
		for (int s = 0; s < CI_NSTATS; s++)
			CHECK(!(ci.lo[s] > ci.hi[s]));
	/* the split resampling of large cells, at every n here (the inputs
	 * are far below BOOT_EXACT_MAX_N) */
	if (boot_cell_limit(x, n, 64, 0.9, CI_BCA, 0, &r, &ci) == 0 && ci.have)
		for (int s = 0; s < CI_NSTATS; s++)
			CHECK(!(ci.lo[s] > ci.hi[s]));
	mix_fit(x, n, y, &m);
	CHECK(m.cold_share >= 0 && m.cold_share <= 1);
	if (m.bimodal)
		CHECK(m.warm_median_s <= m.cold_median_s);
	half = n / 2;
	if (half >= 1 && n - half >= 1) {
		struct mwu w;
		double f, *work = malloc(n * sizeof *work);
		if (mwu_test(x, half, x + half, n - half, &w) == 0)
			CHECK(w.p >= 0 && w.p <= 1);
		if (work != NULL) {
			double p = brown_forsythe(x, half, x + half, n - half, work, &f);
			CHECK(isnan(p) || (p >= 0 && p <= 1));
			free(work);
		}
	}
	free(x);
	free(y);
	return 0;
}
