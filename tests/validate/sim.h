/*
 * sim.h — what the simulation study (`make validate`) draws from: named
 * populations with known truth, and the replicate loop on threads.
 *
 * Every replicate has its own random stream, keyed by the study, the
 * population, n and the replicate's number, so a table is the same on
 * any number of threads and any machine.
 */
#ifndef TTFT_SIM_H
#define TTFT_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../../analyze/rng.h"

/* A TTFT population: a mixture of up to four log-normals, or a gamma or
 * Weibull (unimodal, skewed on the log scale). */
enum pop_kind { POP_LOGNORMALS, POP_GAMMA, POP_WEIBULL };

struct pop {
	const char *name;
	enum pop_kind kind;
	size_t k;                       /* components */
	double w[4], med[4], sig[4];    /* weight, median (s), sd of ln */
	double shape, scale;            /* gamma, Weibull */
};

double pop_draw(const struct pop *p, struct rng *r);
double pop_cdf(const struct pop *p, double x);
double pop_quantile(const struct pop *p, double q);
double pop_mean(const struct pop *p);
double pop_cv_pct(const struct pop *p);

/* qsort's comparison of doubles, ascending */
int sim_cmp_double(const void *a, const void *b);

/* n draws, sorted ascending. */
void pop_sample(const struct pop *p, size_t n, struct rng *r, double *x);

/* The replicate loop: fn(ctx, rep, rng) for rep = 0 .. reps-1, on the
 * study's threads; each gets the stream (label, rep). */
void sim_run(size_t reps, const char *label, void (*fn)(void *ctx, size_t rep,
             struct rng *r), void *ctx);
unsigned sim_threads(void);
void sim_set_threads(unsigned n);

struct trace;
struct cells;
/* A trace of one model and k providers prov[i] with n TTFTs xs[i] each
 * (time order) started at starts[i] (NULL: no start times), its cells
 * built and analysed (no bootstrap) with seed. */
int sim_trace(const char *model, const char *const *prov,
              const double *const *xs, const double *const *starts, size_t k,
              size_t n, uint64_t seed, struct trace **t, struct cells **cs);

/* A rate k of n as "93.5 % ± 0.8" (its binomial Monte Carlo standard
 * error). */
void sim_rate(char *buf, size_t size, size_t k, size_t n);

#endif
