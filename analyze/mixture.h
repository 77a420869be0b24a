/*
 * mixture.h — warm versus cold starts: a two-component log-normal mixture.
 *
 * The model is a Gaussian mixture on y = ln TTFT, fitted by EM
 * (Dempster, Laird & Rubin 1977; McLachlan & Peel 2000):
 *   one component: the closed-form MLE;
 *   two components: EM from several starts — the exact 2-means split of the
 *   sorted y, splits at fixed ranks, pairs of means at fixed quantiles —
 *   all deterministic, so the same sample gives the same fit whatever the
 *   seed and the cell's name; the best likelihood is kept.
 * A variance floor keeps a component from collapsing onto one point (the
 * likelihood is unbounded there); iterations stop when the log-likelihood
 * changes by less than MIX_REL_TOL relative, or after MIX_MAX_ITER.
 *
 * Bimodal means three things (each measured by `make validate`):
 *  1. BIC prefers two components to one log-normal: delta_bic = BIC(1) -
 *     BIC(2) > 0 (Schwarz 1978);
 *  2. and to the better of the maximum-likelihood gamma and Weibull fits
 *     (skewed_delta_bic > 0, see unimodal.h): ln TTFT of a skewed unimodal
 *     cell is skewed, and a mixture fits skew as a small fast component
 *     plus a large slow one;
 *  3. the slower component is a real penalty: separated from the faster,
 *     Ashman's D = sqrt(2) |mu1 - mu2| / sqrt(s1^2 + s2^2) >
 *     MIX_ASHMAN_D_MIN (Ashman, Bird & Zepf 1994), or at least
 *     MIX_MAJORITY_RATIO times slower at the median (a broad cold cluster
 *     overlaps the warm one but is still cold); and when it holds most
 *     requests, it must be MIX_MAJORITY_RATIO times slower whatever D says
 *     — "most requests are cold starts" needs a cold start's penalty, not
 *     the 1.5x of a skewed shoulder.
  */
#ifndef TTFT_MIXTURE_H
#define TTFT_MIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "rng.h"

#define MIX_MIN_N 10
#define MIX_MAX_ITER 1000
#define MIX_REL_TOL 1e-10
#define MIX_ASHMAN_D_MIN 2.0
/* a slower component that holds most requests is "cold" only when it is
 * at least this many times slower than the faster one */
#define MIX_MAJORITY_RATIO 2.0
/* a component's sd on the log scale is at least this: 0.1 % of TTFT,
 * finer than any harness's clock */
#define MIX_SD_FLOOR 1e-3
/* a component must hold this many requests' weight: one outlier is not a
 * cold-start cluster, and on one point the likelihood has no maximum */
#define MIX_MIN_COMPONENT_N 2.0
/* Above MIX_BIN_N requests EM runs on a histogram of ln TTFT with
 * MIX_BINS equal bins (weights = counts): each iteration then costs
 * MIX_BINS, not n.  A bin is at most 1/1024 of the log-range wide (0.007
 * for TTFTs from 0.1 s to 100 s), so the grouping error (Sheppard: +w^2/12
 * on a variance, 4e-6) is far below any component's spread.  The likelihoods
 * behind BIC are evaluated on the raw values. */
#define MIX_BIN_N 4096
#define MIX_BINS 1024
/* Every start runs MIX_SHORT_ITER iterations; only the best continues to
 * convergence (the usual short-runs strategy: starts that lead nowhere
 * stop early, the winner is polished). */
#define MIX_SHORT_ITER 60

struct mix_comp {
	double w, mu, sigma;            /* weight, mean and sd of ln TTFT */
};

/* One EM run; mix_init / mix_iterate / mix_converged, after GSL's
 * iterative solvers. */
struct mix_state {
	const double *y;                /* ln TTFT, borrowed */
	const double *wt;               /* weights (bin counts); NULL = 1 each */
	size_t n;
	double total;                   /* sum of the weights */
	struct mix_comp c[2];
	double loglik, prev;
	size_t iter;
};

void mix_init(struct mix_state *s, const double *y, const double *wt,
              size_t n, const struct mix_comp start[2]);
/* One E and M step; returns false when the fit degenerated (a component
 * lost all weight). */
bool mix_iterate(struct mix_state *s);
bool mix_converged(const struct mix_state *s, double rel_tol);

struct mix_result {
	bool fitted;                    /* n >= MIX_MIN_N and not all equal */
	bool collapsed;                 /* every two-component start collapsed */
	bool converged;
	bool binned;                    /* EM on the MIX_BINS histogram */
	size_t iterations;
	struct mix_comp one;            /* the single log-normal */
	struct mix_comp warm, cold;     /* the two components, warm faster */
	double loglik1, loglik2, delta_bic, ashman_d;
	double loglik_skewed;           /* the better of gamma and Weibull */
	double skewed_delta_bic;        /* its BIC - BIC(2) */
	double ratio;                   /* cold median / warm median */
	bool bimodal;
	double cold_share;              /* 0 unless bimodal */
	double warm_median_s, cold_median_s, cold_penalty_s, threshold_s;
	/* mix_is_cold()'s region, set by mix_fit() when bimodal: cold
	 * inside (cold_lo, cold_hi), or outside [cold_lo, cold_hi] */
	bool cold_rule, cold_inside;
	double cold_lo, cold_hi;
};

/*
 * Fit both models to the ascending sample x[0..n-1] (seconds, > 0).
 * y is a workspace of MIX_WORK(n) doubles (the caller's: the fit keeps
 * no state of its own).  Undefined outputs are NaN.
 */
#define MIX_WORK(n) ((n) > MIX_BIN_N ? (n) + 2 * (size_t)MIX_BINS : (n))
void mix_fit(const double *x, size_t n, double *y, struct mix_result *m);

/* Posterior probability that a request of TTFT x (s) is cold; 0 when the
 * cell is not bimodal. */
double mix_p_cold(const struct mix_result *m, double x);

/* The one rule of the program for "this request was a cold start": its
 * posterior probability is above one half, decided as the cold
 * component's weighted log density exceeding the warm one's (the same
 * thing, without the probability's exp and log1p) — a quadratic in ln x,
 * so x inside or outside the two TTFTs mix_fit() solved it for. */
bool mix_is_cold(const struct mix_result *m, double x);

/* Requests needed for a 95 % chance to see one cold start at share p:
 * ln 0.05 / ln(1 - p), rounded up; 0 when p is 0. */
double mix_needed_n(double p);

#endif
