/*
 * rng.h — the one random number generator: xoshiro256** (Blackman &
 * Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS 2021),
 * seeded through splitmix64.
 *
 * Reproducibility is a feature: the same --seed gives the same output on
 * any machine, whatever the thread count or input order, because each cell
 * gets its own stream derived from the seed and the cell's key strings, not
 * from its position.  No rand(), no time-based seeds.
 */
#ifndef TTFT_RNG_H
#define TTFT_RNG_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* A stream from a seed and a label (e.g. the cell's key, "model\x1fp"). */
void rng_seed(struct rng *r, uint64_t seed, const void *label, size_t len);

uint64_t rng_next(struct rng *r);

/* Uniform integer in [0, n), without modulo bias (Lemire 2019). */
uint64_t rng_below(struct rng *r, uint64_t n);

/* RNG_LANES independent xoshiro256** streams stepped together, for the
 * bootstrap's billions of indices: the lanes' state updates are the same
 * operations on adjacent words, which the compiler turns into vector
 * instructions.  Integer arithmetic only, so every instruction set gives
 * the same numbers. */
#define RNG_LANES 8

struct rng_wide {
	uint64_t s[4][RNG_LANES];
};

/* The lanes' streams, seeded from r (which advances). */
void rng_wide_seed(struct rng_wide *w, struct rng *r);

/* count uniform integers in [0, n), 0 < n < 2^32, into out: in each
 * block of 2 * RNG_LANES, lane l gives out[l] (the low half of its output)
 * and out[RNG_LANES + l] (the high half), each by multiply-shift; a value
 * in the short first interval is rejected and replaced from the lane's
 * next output, so each is exactly uniform. */
void rng_wide_indices(struct rng_wide *w, uint32_t n, uint32_t *out,
                      size_t count);

/* Uniform double in [0, 1) with 53 random bits. */
double rng_uniform(struct rng *r);

/* Standard normal deviate (Marsaglia polar method, no cached pair, so a
 * stream's values depend only on how many were drawn). */
double rng_normal(struct rng *r);

#endif
