/*
 * unimodal.h — the skewed unimodal shapes a cold-start mixture must beat.
 *
 * ln TTFT of a gamma or Weibull cell is skewed to the left; a Gaussian
 * mixture fits that skew with a small fast component and a large slow
 * one, and BIC against a single log-normal then calls the cell bimodal
 * (10-28 % of gamma and Weibull cells of n = 75-150, measured by `make
 * validate`).  So the mixture is also compared with the maximum-likelihood
 * gamma and Weibull fits, both two-parameter families as the log-normal.
 *
 * Log-likelihoods are of y = ln x (the scale the mixture is fitted on:
 * the density of x times x), so the three fits and the mixture compare
 * directly.  y may be a histogram (weights wt; NULL = 1 each).
 */
#ifndef TTFT_UNIMODAL_H
#define TTFT_UNIMODAL_H

#include <stdbool.h>
#include <stddef.h>

enum uni_family { UNI_GAMMA, UNI_WEIBULL };

struct uni_fit {
	enum uni_family family;
	bool ok;                        /* the MLE was found */
	double shape, scale;            /* x scale: gamma k, theta; Weibull k, lambda */
	double loglik;                  /* of y = ln x; -inf when !ok */
};

void uni_gamma(const double *y, const double *wt, size_t n, struct uni_fit *f);
void uni_weibull(const double *y, const double *wt, size_t n,
                 struct uni_fit *f);

/* The log-likelihood of the fitted f at the raw values y[0..n-1] (after
 * fitting to a histogram). */
double uni_loglik(const struct uni_fit *f, const double *y, size_t n);

#endif
