#include "rng.h"

#include <math.h>

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
