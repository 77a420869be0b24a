#include "rng.h"

#include <math.h>
#include <string.h>

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
rng_seed(struct rng *r, uint64_t seed, const void *label, size_t len)
{
	const unsigned char *p = label;
	uint64_t h = 14695981039346656037ULL, x;

	/* FNV-1a of the label, mixed with the seed: distinct cells get
	 * unrelated streams, and the same cell the same stream. */
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	x = seed ^ h;
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* The 128-bit product a * b as (hi, lo): the compiler's 128-bit type
 * where there is one (one instruction), portable C11 elsewhere. */
#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 u128;

static void
mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	u128 p = (u128)a * b;

	*lo = (uint64_t)p;
	*hi = (uint64_t)(p >> 64);
}
#else
static void
mul64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
	uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;

	*lo = (mid << 32) | (uint32_t)p00;
	*hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}
#endif

uint64_t
rng_below(struct rng *r, uint64_t n)
{
	/* Multiply-shift with rejection of the short first interval:
	 * exactly uniform, and almost never divides. */
	uint64_t hi, lo;

	mul64(rng_next(r), n, &hi, &lo);
	if (lo < n) {
		uint64_t thresh = -n % n;
		while (lo < thresh)
			mul64(rng_next(r), n, &hi, &lo);
	}
	return hi;
}

/* ==== the wide generator ==== */

void
rng_wide_seed(struct rng_wide *w, struct rng *r)
{
	for (int l = 0; l < RNG_LANES; l++) {
		uint64_t x = rng_next(r);
		for (int k = 0; k < 4; k++)
			w->s[k][l] = splitmix64(&x);
	}
}

/* Lane l's next output, alone: the fix-up after a rejection. */
static uint64_t
lane_next(uint64_t s[4][RNG_LANES], int l)
{
	struct rng one = {{s[0][l], s[1][l], s[2][l], s[3][l]}};
	uint64_t v = rng_next(&one);

	for (int k = 0; k < 4; k++)
		s[k][l] = one.s[k];
	return v;
}

/* The lanes step in the loops over l; x86-64 builds get an AVX2 and an
 * AVX-512 version beside the baseline one, chosen when the program starts
 * (the same integers from each).  A chunk is drawn first, every value with
 * the low half of its product (frac); the rare values to reject (frac
 * below 2^32 mod n) are then replaced in order, each from its lane's next
 * output, so the vector loops have no branch. */
#define CHUNK (16 * RNG_LANES)

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
static uint32_t
chunk(struct rng_wide *restrict w, uint32_t n, uint32_t *restrict out,
      uint32_t *restrict frac)
{
	uint64_t s0[RNG_LANES], s1[RNG_LANES], s2[RNG_LANES], s3[RNG_LANES];
	uint32_t bits[CHUNK], low = 0;

	memcpy(s0, w->s[0], sizeof s0);
	memcpy(s1, w->s[1], sizeof s1);
	memcpy(s2, w->s[2], sizeof s2);
	memcpy(s3, w->s[3], sizeof s3);
	for (int b = 0; b < CHUNK; b += 2 * RNG_LANES)
		for (int l = 0; l < RNG_LANES; l++) {
			uint64_t x = s1[l] * 5, t = s1[l] << 17;
			uint64_t v = ((x << 7) | (x >> 57)) * 9;
			s2[l] ^= s0[l];
			s3[l] ^= s1[l];
			s1[l] ^= s2[l];
			s0[l] ^= s3[l];
			s2[l] ^= t;
			s3[l] = (s3[l] << 45) | (s3[l] >> 19);
			bits[b + l] = (uint32_t)v;
			bits[b + RNG_LANES + l] = (uint32_t)(v >> 32);
		}
	/* a pass of its own: the multiply-shift of whole rows vectorises */
	for (int k = 0; k < CHUNK; k++) {
		uint64_t m = (uint64_t)bits[k] * n;
		out[k] = (uint32_t)(m >> 32);
		frac[k] = (uint32_t)m;
		low |= frac[k] < n;
	}
	memcpy(w->s[0], s0, sizeof s0);
	memcpy(w->s[1], s1, sizeof s1);
	memcpy(w->s[2], s2, sizeof s2);
	memcpy(w->s[3], s3, sizeof s3);
	return low;
}

void
rng_wide_indices(struct rng_wide *w, uint32_t n, uint32_t *out, size_t count)
{
	uint32_t idx[CHUNK], frac[CHUNK];

	for (size_t i = 0; i < count; i += CHUNK) {
		size_t m = count - i < CHUNK ? count - i : CHUNK;
		uint32_t *o = m == CHUNK ? out + i : idx;
		if (chunk(w, n, o, frac)) {
			uint32_t thresh = (uint32_t)-n % n;
			for (size_t k = 0; k < CHUNK; k++) {
				uint64_t p = frac[k];
				int l = (int)(k % RNG_LANES);
				while ((uint32_t)p < thresh) {
					p = (uint64_t)(uint32_t)lane_next(w->s, l) * n;
					o[k] = (uint32_t)(p >> 32);
				}
			}
		}
		if (o == idx)
			memcpy(out + i, idx, m * sizeof *out);
	}
}

double
rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

double
rng_normal(struct rng *r)
{
	double u, v, s;

	do {
		u = 2.0 * rng_uniform(r) - 1.0;
		v = 2.0 * rng_uniform(r) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}
