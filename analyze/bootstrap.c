#include "bootstrap.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "qboot.h"
#include "stats.h"
#include "vmath.h"

const char *
ci_stat_name(enum ci_stat s)
{
	static const char *const names[] = {"median", "p95", "p99", "mean",
	                                    "cv_pct", "tail_ratio"};
	return s < CI_NSTATS ? names[s] : NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double
boot_percentile(double *rep, size_t B, double level)
{
	qsort(rep, B, sizeof *rep, cmp_double);
	return stats_quantile(rep, B, level);
}

/* The BCa levels for the two ends, or false when BCa is undefined. */
static bool
bca_levels(double below, double a, double confidence, double *l1, double *l2)
{
	double z0, zl, zh;

	if (!(below > 0.0 && below < 1.0) || !isfinite(a))
		return false;
	z0 = gsl_cdf_ugaussian_Pinv(below);
	zl = gsl_cdf_ugaussian_Pinv((1.0 - confidence) / 2.0);
	zh = gsl_cdf_ugaussian_Pinv((1.0 + confidence) / 2.0);
	if (1.0 - a * (z0 + zl) <= 0.0 || 1.0 - a * (z0 + zh) <= 0.0)
		return false;
	*l1 = gsl_cdf_ugaussian_P(z0 + (z0 + zl) / (1.0 - a * (z0 + zl)));
	*l2 = gsl_cdf_ugaussian_P(z0 + (z0 + zh) / (1.0 - a * (z0 + zh)));
	return *l1 > 0.0 && *l2 < 1.0 && *l1 < *l2;
}

/* ==== quantiles: exact ==== */

static void
quantile_ci(const double *x, size_t n, double p, double confidence,
            enum ci_method method, double *lo, double *hi, bool *fell_back)
{
	struct qboot q;
	double theta = stats_quantile(x, n, p), l1, l2;

	qboot_init(&q, x, n, p);
	*fell_back = false;
	if (method == CI_BCA) {
		/* P*(theta* < theta_hat) with ties counted half */
		double below = 0.5 * (qboot_cdf(&q, nextafter(theta, -INFINITY)) +
		                      qboot_cdf(&q, theta));
		double a = qboot_acceleration(x, n, p);
		if (bca_levels(below, a, confidence, &l1, &l2)) {
			*lo = qboot_quantile(&q, l1);
			*hi = qboot_quantile(&q, l2);
			return;
		}
		*fell_back = true;
	}
	*lo = qboot_quantile(&q, (1.0 - confidence) / 2.0);
	*hi = qboot_quantile(&q, (1.0 + confidence) / 2.0);
}

/* ==== mean and CV: resampled sums ==== */

struct moments {
	double mean;            /* of x */
	double m2;              /* central second moment, divisor n */
};

/* Mean and central second moment (divisor n) of x, and its sample sd. */
static void
moments_of(const double *x, size_t n, struct moments *mo, double *sd)
{
	*mo = (struct moments){0, 0};
	stats_mean_sd(x, n, &mo->mean, sd);
	for (size_t i = 0; i < n; i++) {
		double d = x[i] - mo->mean;
		mo->m2 += d * d;
	}
	mo->m2 /= (double)n;
}

static double
cv_of(double mean, double n, double s1, double s2)
{
	/* s1, s2: sums of the centred values and their squares */
	double m = mean + s1 / n;
	double var = (s2 - s1 * s1 / n) / (n - 1.0);

	if (var < 0.0)
		var = 0.0;
	/* a cancelled mean: no CV (replicate_ci sets it aside) */
	return m > 0.0 ? 100.0 * sqrt(var) / m : NAN;
}

#define IDX_BATCH 512
#define LANES 8

/* Add x[idx[j]] - mean and its square over j < m into the lanes p, q
 * (lane j % LANES): the lanes are independent sums, so the compiler may
 * run them as vector lanes (with gathers) and every instruction set adds
 * the same numbers in the same order. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static void
sum_block(const double *restrict x, const uint32_t *restrict idx, size_t m,
          double mean, double *restrict p, double *restrict q)
{
	size_t j = 0;

	for (; j + LANES <= m; j += LANES)
		for (int l = 0; l < LANES; l++) {
			double d = x[idx[j + l]] - mean;
			p[l] += d;
			q[l] += d * d;
		}
	for (int l = 0; j < m; j++, l++) {
		double d = x[idx[j]] - mean;
		p[l] += d;
		q[l] += d * d;
	}
}

/* The sums of m resampled values (m indices below n, drawn in batches)
 * into *s1, *s2. */
static void
draw_sums(const double *x, uint32_t n, size_t m, double mean,
          struct rng_wide *w, double *s1, double *s2)
{
	uint32_t idx[IDX_BATCH];
	double p[LANES] = {0}, q[LANES] = {0};

	for (size_t i = 0; i < m; i += IDX_BATCH) {
		size_t c = m - i < IDX_BATCH ? m - i : IDX_BATCH;
		rng_wide_indices(w, n, idx, c);
		sum_block(x, idx, c, mean, p, q);
	}
	*s1 = ((p[0] + p[1]) + (p[2] + p[3])) + ((p[4] + p[5]) + (p[6] + p[7]));
	*s2 = ((q[0] + q[1]) + (q[2] + q[3])) + ((q[4] + q[5]) + (q[6] + q[7]));
}

/*
 * Above the full resampling's limit a resample of n values is drawn in two
 * parts.  The k values farthest from the mean (the tail) are the ones whose
 * counts make the resampled sums skewed: how many of the n draws land among
 * them is Binomial(n, k/n), drawn exactly by its CDF, and which ones by
 * resampling the tail.  The other draws' sums of d and d^2, n - K iid
 * values of the bulk, come from their normal limit (the bulk has no
 * extremes, so its limit is close).  Costs O(k) a replicate, not O(n).
 */
struct split {
	double tail[BOOT_TAIL_MAX];
	size_t k;
	double mu1, mu2;                /* the bulk's means of d and d^2 */
	double l11, l21, l22;           /* Cholesky factor of their covariance */
	double *cdf;                    /* P(K <= j), j = 0 .. ncdf - 1 */
	size_t ncdf;
};

static int
split_init(struct split *sp, const double *x, size_t n, double mean)
{
	size_t lo = 0, hi = n, k = BOOT_TAIL_K(n), m = n - k;
	double s11 = 0, s12 = 0, s22 = 0, dn = (double)n, p, tot;

	/* the k largest |x - mean| of the sorted sample: from either end */
	sp->k = k;
	for (size_t j = 0; j < k; j++)
		sp->tail[j] = fabs(x[hi - 1] - mean) >= fabs(x[lo] - mean)
		              ? x[--hi] : x[lo++];
	sp->mu1 = sp->mu2 = 0.0;
	for (size_t i = lo; i < hi; i++) {
		double d = x[i] - mean;
		sp->mu1 += d;
		sp->mu2 += d * d;
	}
	sp->mu1 /= (double)m;
	sp->mu2 /= (double)m;
	for (size_t i = lo; i < hi; i++) {
		double d = x[i] - mean, e1 = d - sp->mu1, e2 = d * d - sp->mu2;
		s11 += e1 * e1;
		s12 += e1 * e2;
		s22 += e2 * e2;
	}
	s11 /= (double)m;
	s12 /= (double)m;
	s22 /= (double)m;
	sp->l11 = sqrt(s11);
	sp->l21 = s11 > 0 ? s12 / sp->l11 : 0.0;
	sp->l22 = s22 - sp->l21 * sp->l21 > 0 ? sqrt(s22 - sp->l21 * sp->l21)
	                                      : 0.0;
	/* K ~ Binomial(n, k/n), to 12 sd past its mean (what lies beyond,
	 * under 1e-20, is folded in by the normalisation) */
	sp->ncdf = k + (size_t)(12.0 * sqrt((double)k)) + 32;
	if (sp->ncdf > n + 1)
		sp->ncdf = n + 1;
	sp->cdf = malloc(sp->ncdf * sizeof *sp->cdf);
	if (sp->cdf == NULL)
		return ERR_NOMEM;
	/* GSL's pmf, as qboot.c's: lgamma() is not thread-safe (signgam),
	 * and cells are analysed on several threads */
	p = (double)k / dn;
	tot = 0.0;
	for (size_t j = 0; j < sp->ncdf; j++) {
		tot += gsl_ran_binomial_pdf((unsigned)j, p, (unsigned)n);
		sp->cdf[j] = tot;
	}
	for (size_t j = 0; j < sp->ncdf; j++)
		sp->cdf[j] /= tot;
	return 0;
}

/* The number of draws that land in the tail: the first j with u < P(K <= j). */
static size_t
split_count(const struct split *sp, struct rng *r)
{
	double u = rng_uniform(r);
	size_t lo = 0, hi = sp->ncdf - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (u < sp->cdf[mid])
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int
resample(const double *x, size_t n, size_t B, size_t exact_max_n,
         const struct moments *mo, struct rng *r, double *mean_rep,
         double *cv_rep, bool *approx)
{
	double dn = (double)n;
	struct rng_wide w;
	struct split sp;

	*approx = n > exact_max_n;
	rng_wide_seed(&w, r);
	if (!*approx) {
		/* double sums of centred values: n terms of moderate size lose
		 * about n * 1e-16, far below the Monte-Carlo error */
		for (size_t b = 0; b < B; b++) {
			double s1, s2;
			draw_sums(x, (uint32_t)n, n, mo->mean, &w, &s1, &s2);
			mean_rep[b] = mo->mean + s1 / dn;
			cv_rep[b] = cv_of(mo->mean, dn, s1, s2);
		}
		return 0;
	}
	if (split_init(&sp, x, n, mo->mean) != 0)
		return ERR_NOMEM;
	for (size_t b = 0; b < B; b++) {
		size_t K = split_count(&sp, r);
		double t1, t2, s1, s2, dm = (double)(n - K), sm = sqrt(dm);
		double z1 = rng_normal(r), z2 = rng_normal(r);
		draw_sums(sp.tail, (uint32_t)sp.k, K, mo->mean, &w, &t1, &t2);
		s1 = t1 + dm * sp.mu1 + sm * sp.l11 * z1;
		s2 = t2 + dm * sp.mu2 + sm * (sp.l21 * z1 + sp.l22 * z2);
		mean_rep[b] = mo->mean + s1 / dn;
		cv_rep[b] = cv_of(mo->mean, dn, s1, s2);
	}
	free(sp.cdf);
	return 0;
}

/* Jackknife accelerations of the mean and the CV, in O(n). */
/* Leave-one-out CVs a block at a time, as vector code: cv_of()'s
 * arithmetic, step for step, for x[0..JK_BLOCK) (vm_block pads). */
#define JK_BLOCK VM_BLOCK

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx2", "default")))
#endif
static void
jk_cvs(const double *restrict x, double mean, double n1, double s2,
       double *restrict cv)
{
	/* each select on a constant in a loop of its own: inside a longer
	 * loop the compiler splits it into branches, which are no vector
	 * code */
	for (size_t j = 0; j < JK_BLOCK; j++) {
		double d = x[j] - mean, s1 = -d;
		cv[j] = ((s2 - d * d) - s1 * s1 / n1) / (n1 - 1.0);
	}
	for (size_t j = 0; j < JK_BLOCK; j++)
		cv[j] = cv[j] < 0.0 ? 0.0 : cv[j];
	for (size_t j = 0; j < JK_BLOCK; j++)
		cv[j] = 100.0 * sqrt(cv[j]) / (mean + (mean - x[j]) / n1);
	/* a cancelled mean: no CV */
	for (size_t j = 0; j < JK_BLOCK; j++)
		cv[j] = mean + (mean - x[j]) / n1 > 0.0 ? cv[j] : NAN;
}

static void
jackknife(const double *x, size_t n, const struct moments *mo, double *a_mean,
          double *a_cv)
{
	double dn = (double)n, s2 = mo->m2 * dn;
	double cv_bar = 0.0, num_m = 0.0, den_m = 0.0, num_c = 0.0, den_c = 0.0;
	double pad[JK_BLOCK], cv[JK_BLOCK];

	/* leave-one-out means are mean - d_i / (n - 1): their deviations
	 * from their average are proportional to d_i */
	for (size_t i = 0; i < n; i++) {
		double d = x[i] - mo->mean;
		num_m += d * d * d;
		den_m += d * d;
	}
	*a_mean = den_m > 0.0 ? num_m / (6.0 * pow(den_m, 1.5)) : 0.0;
	/* the leave-one-out CVs, cv_of(mean, n - 1, -d, s2 - d^2), summed
	 * in order */
	for (size_t i = 0; i < n; i += JK_BLOCK) {
		jk_cvs(vm_block(x, n, i, pad), mo->mean, dn - 1.0, s2, cv);
		for (size_t j = 0; j < JK_BLOCK && i + j < n; j++)
			cv_bar += cv[j];
	}
	cv_bar /= dn;
	for (size_t i = 0; i < n; i += JK_BLOCK) {
		jk_cvs(vm_block(x, n, i, pad), mo->mean, dn - 1.0, s2, cv);
		for (size_t j = 0; j < JK_BLOCK && i + j < n; j++) {
			double e = cv_bar - cv[j];
			num_c += e * e * e;
			den_c += e * e;
		}
	}
	*a_cv = den_c > 0.0 ? num_c / (6.0 * pow(den_c, 1.5)) : 0.0;
}

/*
 * Replicates that are not finite numbers (a resample of values spanning
 * hundreds of orders of magnitude can cancel to a zero or negative mean)
 * are set aside; if more than MAX_LOST of them are, the interval is
 * withheld rather than computed from what is left.
 */
#define MAX_LOST 0.01

static void
replicate_ci(double *rep, size_t B, double theta, double a, double confidence,
             enum ci_method method, double *lo, double *hi, bool *fell_back,
             bool *omitted)
{
	size_t below = 0, m = 0;        /* below counts twice: <, <= */
	double l1, l2;

	for (size_t b = 0; b < B; b++)
		if (isfinite(rep[b]) && rep[b] >= 0)
			rep[m++] = rep[b];
	*fell_back = false;
	if ((double)(B - m) > MAX_LOST * (double)B || m < 2 || !isfinite(theta)) {
		*lo = *hi = NAN;
		*omitted = true;
		return;
	}
	B = m;
	for (size_t b = 0; b < B; b++)
		below += (rep[b] < theta) + (rep[b] <= theta);
	l1 = (1.0 - confidence) / 2.0;
	l2 = (1.0 + confidence) / 2.0;
	if (method == CI_BCA &&
	    !bca_levels((double)below / (2.0 * (double)B), a, confidence, &l1,
	                &l2)) {
		*fell_back = true;
		l1 = (1.0 - confidence) / 2.0;
		l2 = (1.0 + confidence) / 2.0;
	}
	/* by selection, not a sort of all B */
	stats_quantiles_select(rep, B, l1, l2, lo, hi);
}

int
boot_replicates(const double *x, size_t n, size_t B, size_t exact_max_n,
                struct rng *r, double *mean_rep, double *cv_rep)
{
	struct moments mo;
	double sd, *own = mean_rep ? NULL : malloc(B * sizeof *own);
	bool approx;
	int rc;

	if (mean_rep == NULL && own == NULL)
		return ERR_NOMEM;
	moments_of(x, n, &mo, &sd);
	rc = resample(x, n, B, exact_max_n, &mo, r, mean_rep ? mean_rep : own,
	              cv_rep, &approx);
	free(own);
	return rc;
}

int
boot_cv_replicates(const double *x, size_t n, size_t B, struct rng *r,
                   double *cv_rep)
{
	return boot_replicates(x, n, B, BOOT_EXACT_MAX_N, r, NULL, cv_rep);
}

int
boot_cell(const double *x, size_t n, size_t B, double confidence,
          enum ci_method method, struct rng *r, struct ci_result *out)
{
	return boot_cell_limit(x, n, B, confidence, method, BOOT_EXACT_MAX_N, r,
	                       out);
}

int
boot_cell_limit(const double *x, size_t n, size_t B, double confidence,
                enum ci_method method, size_t exact_max_n, struct rng *r,
                struct ci_result *out)
{
	static const double qp[3] = {0.50, 0.95, 0.99};
	struct moments mo;
	double *mean_rep, *cv_rep, mean, sd, a_mean, a_cv;

	memset(out, 0, sizeof *out);
	if (n < BOOT_MIN_N || B < 2)
		return 0;
	out->have = true;
	if (x[0] == x[n - 1]) {         /* all equal: every replicate is too */
		for (int s = 0; s < CI_NSTATS; s++)
			out->lo[s] = out->hi[s] = s == CI_CV ? 0.0 : x[0];
		out->lo[CI_TAIL] = out->hi[CI_TAIL] = 1.0;
		return 0;
	}
	for (int s = 0; s < 3; s++)
		quantile_ci(x, n, qp[s], confidence, method, &out->lo[s],
		            &out->hi[s], &out->fell_back[s]);
	/* the tail ratio lies in [p95 lo / median hi, p95 hi / median lo]
	 * whenever both quantiles lie in theirs */
	out->lo[CI_TAIL] = out->lo[CI_P95] / out->hi[CI_MEDIAN];
	out->hi[CI_TAIL] = out->lo[CI_MEDIAN] > 0
	                   ? out->hi[CI_P95] / out->lo[CI_MEDIAN] : NAN;
	if (!(out->hi[CI_MEDIAN] > 0))
		out->lo[CI_TAIL] = out->hi[CI_TAIL] = NAN;

	moments_of(x, n, &mo, &sd);
	mean = mo.mean;
	mean_rep = malloc(2 * B * sizeof *mean_rep);
	if (mean_rep == NULL)
		return ERR_NOMEM;
	cv_rep = mean_rep + B;
	if (resample(x, n, B, exact_max_n, &mo, r, mean_rep, cv_rep,
	             &out->approximated) != 0) {
		free(mean_rep);
		return ERR_NOMEM;
	}
	jackknife(x, n, &mo, &a_mean, &a_cv);
	replicate_ci(mean_rep, B, mean, a_mean, confidence, method,
	             &out->lo[CI_MEAN], &out->hi[CI_MEAN],
	             &out->fell_back[CI_MEAN], &out->omitted[CI_MEAN]);
	replicate_ci(cv_rep, B, stats_cv_pct(mean, sd), a_cv, confidence, method,
	             &out->lo[CI_CV], &out->hi[CI_CV], &out->fell_back[CI_CV],
	             &out->omitted[CI_CV]);
	free(mean_rep);
	return 0;
}
