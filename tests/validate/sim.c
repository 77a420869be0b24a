/*
 * sim.c — see sim.h.
 */
#include "sim.h"

#include "../../analyze/analyze.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static unsigned threads = 2;

unsigned
sim_threads(void)
{
	return threads;
}

void
sim_set_threads(unsigned n)
{
	threads = n ? n : 1;
}

/* A gamma deviate, Marsaglia & Tsang (2000), from our own stream. */
static double
gamma_draw(double k, struct rng *r)
{
	double d, c;

	if (k < 1)
		return gamma_draw(k + 1, r) * pow(rng_uniform(r) + 1e-300, 1 / k);
	d = k - 1.0 / 3;
	c = 1 / sqrt(9 * d);
	for (;;) {
		double z = rng_normal(r), v = 1 + c * z, u;
		if (v <= 0)
			continue;
		v = v * v * v;
		u = rng_uniform(r);
		if (log(u + 1e-300) < 0.5 * z * z + d - d * v + d * log(v))
			return d * v;
	}
}

double
pop_draw(const struct pop *p, struct rng *r)
{
	switch (p->kind) {
	case POP_GAMMA:
		return p->scale * gamma_draw(p->shape, r);
	case POP_WEIBULL:
		return p->scale * pow(-log(1 - rng_uniform(r)), 1 / p->shape);
	case POP_LOGNORMALS: {
		double u = rng_uniform(r), acc = 0;
		size_t c = 0;
		for (; c + 1 < p->k; c++) {
			acc += p->w[c];
			if (u < acc)
				break;
		}
		return p->med[c] * exp(p->sig[c] * rng_normal(r));
	}
	}
	return NAN;
}

double
pop_cdf(const struct pop *p, double x)
{
	double f = 0;

	if (x <= 0)
		return 0;
	switch (p->kind) {
	case POP_GAMMA:
		return gsl_cdf_gamma_P(x, p->shape, p->scale);
	case POP_WEIBULL:
		return 1 - exp(-pow(x / p->scale, p->shape));
	case POP_LOGNORMALS:
		for (size_t c = 0; c < p->k; c++)
			f += p->w[c] * 0.5 * erfc(-(log(x) - log(p->med[c])) /
			                          (p->sig[c] * sqrt(2.0)));
	}
	return f;
}

double
pop_quantile(const struct pop *p, double q)
{
	double lo = 1e-9, hi = 1e7;

	for (int i = 0; i < 300; i++) {
		double mid = sqrt(lo * hi);
		if (pop_cdf(p, mid) < q)
			lo = mid;
		else
			hi = mid;
	}
	return sqrt(lo * hi);
}

static void
moments(const struct pop *p, double *m1, double *m2)
{
	*m1 = *m2 = 0;
	switch (p->kind) {
	case POP_GAMMA:
		*m1 = p->shape * p->scale;
		*m2 = p->shape * (p->shape + 1) * p->scale * p->scale;
		return;
	case POP_WEIBULL:
		*m1 = p->scale * tgamma(1 + 1 / p->shape);
		*m2 = p->scale * p->scale * tgamma(1 + 2 / p->shape);
		return;
	case POP_LOGNORMALS:
		for (size_t c = 0; c < p->k; c++) {
			*m1 += p->w[c] * p->med[c] * exp(p->sig[c] * p->sig[c] / 2);
			*m2 += p->w[c] * p->med[c] * p->med[c] *
			       exp(2 * p->sig[c] * p->sig[c]);
		}
	}
}

double
pop_mean(const struct pop *p)
{
	double m1, m2;

	moments(p, &m1, &m2);
	return m1;
}

double
pop_cv_pct(const struct pop *p)
{
	double m1, m2;

	moments(p, &m1, &m2);
	return 100 * sqrt(m2 - m1 * m1) / m1;
}

int
sim_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void
pop_sample(const struct pop *p, size_t n, struct rng *r, double *x)
{
	for (size_t i = 0; i < n; i++)
		x[i] = pop_draw(p, r);
	qsort(x, n, sizeof *x, sim_cmp_double);
}

struct loop {
	size_t reps;
	const char *label;
	void (*fn)(void *, size_t, struct rng *);
	void *ctx;
	atomic_size_t next;
};

static void *
worker(void *arg)
{
	struct loop *l = arg;
	size_t i;

	while ((i = atomic_fetch_add(&l->next, 1)) < l->reps) {
		char key[256];
		struct rng r;
		int n = snprintf(key, sizeof key, "%s\x1f%zu", l->label, i);
		rng_seed(&r, 20261201, key, (size_t)n);
		l->fn(l->ctx, i, &r);
	}
	return NULL;
}

void
sim_run(size_t reps, const char *label, void (*fn)(void *, size_t,
        struct rng *), void *ctx)
{
	struct loop l = {reps, label, fn, ctx, 0};
	pthread_t th[64];
	unsigned started = 0;

	atomic_init(&l.next, 0);
	for (unsigned k = 1; k < threads && k < 64; k++)
		if (pthread_create(&th[started], NULL, worker, &l) == 0)
			started++;
	worker(&l);
	for (unsigned k = 0; k < started; k++)
		pthread_join(th[k], NULL);
}

void
sim_rate(char *buf, size_t size, size_t k, size_t n)
{
	double p = n ? (double)k / (double)n : NAN;

	snprintf(buf, size, "%.1f %% ± %.1f", 100 * p,
	         100 * sqrt(p * (1 - p) / (double)(n ? n : 1)));
}

int
sim_trace(const char *model, const char *const *prov, const double *const *xs,
          const double *const *starts, size_t k, size_t n, uint64_t seed,
          struct trace **t, struct cells **cs)
{
	struct err e;
	uint16_t src;
	uint32_t key[TRACE_MAX_KEYS], cell;
	size_t km, kp;
	struct analyze_opts ao = {0, 0.95, CI_BCA, seed, 1, {NULL, 0, 0}};

	*t = trace_new();
	*cs = NULL;
	if (*t == NULL || trace_source_add(*t, "sim", &src, &e) != 0 ||
	    trace_key_find_or_add(*t, "model", &km, &e) != 0 ||
	    trace_key_find_or_add(*t, "provider", &kp, &e) != 0)
		return -1;
	for (size_t c = 0; c < k; c++) {
		for (size_t i = 0; i < TRACE_MAX_KEYS; i++)
			key[i] = TRACE_NONE;
		if (trace_str_intern(*t, model, strlen(model), &key[km], &e) != 0 ||
		    trace_str_intern(*t, prov[c], strlen(prov[c]), &key[kp], &e) != 0 ||
		    trace_cell_intern(*t, key, &cell, &e) != 0)
			return -1;
		for (size_t i = 0; i < n; i++) {
			struct trace_row row = {xs[c][i], starts ? starts[c][i] : NAN, cell,
			                        (uint64_t)(c * n + i + 2), 200, true, NAN, NAN};
			if (trace_append(*t, &row, &e) != 0)
				return -1;
		}
	}
	if (cells_build(*t, 0, cs, &e) != 0 || analyze_cells(*t, *cs, &ao, &e))
		return -1;
	return 0;
}
