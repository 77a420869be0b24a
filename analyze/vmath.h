/*
 * vmath.h — e^x, ln x and ln(1 + x) on the ranges the mixture fit
 * needs, in plain arithmetic with no branch, so that a loop over many
 * values runs as vector code.
 *
 * libm's exp, log and log1p are calls the compiler cannot put in a
 * vector loop, and the fit of a large cell takes them per histogram bin
 * per EM iteration and per request in its likelihoods.  These give the
 * same value on every machine and every vector width (the build does not contract a * b + c into one rounding),
 * within a few units in the last place of the exact value, as the tests
 * check against libm.
 */
#ifndef TTFT_VMATH_H
#define TTFT_VMATH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Values a loop of vector code takes at once (its length fixed: the
 * compiler vectorises a loop whose length it knows). */
#define VM_BLOCK 256

/* x[i..i+VM_BLOCK) of x[0..n) as a whole block: x + i itself, or the
 * last, short one copied into pad with its last value repeated (the
 * caller uses the first n - i results). */
static inline const double *
vm_block(const double *x, size_t n, size_t i, double *pad)
{
	if (n - i >= VM_BLOCK)
		return x + i;
	for (size_t j = 0; j < VM_BLOCK; j++)
		pad[j] = x[i + j < n ? i + j : n - 1];
	return pad;
}

/* c ? t : f by the bits: the compiler turns a plain choice whose one
 * side is a product by 1 (or a value it already has) back into a branch,
 * and a branch is no vector code. */
static inline double
vm_pick(int c, double t, double f)
{
	uint64_t m = -(uint64_t)(c != 0), tb, fb;
	double r;

	memcpy(&tb, &t, sizeof tb);
	memcpy(&fb, &f, sizeof fb);
	tb = (tb & m) | (fb & ~m);
	memcpy(&r, &tb, sizeof r);
	return r;
}

/* e^x for x in [-708, 709] (e^x a normal number): the caller clamps,
 * in a loop of its own — a clamp inside lets the compiler split the loop
 * into branches, which are no vector code.  Cody and Waite's reduction
 * x = k ln 2 + r, |r| <= ln 2 / 2, then e^r by its Taylor series to r^13
 * (the rest is below 5e-18 of it) times 2^k. */
static inline double
vm_exp(double x)
{
	const double shift = 6755399441055744.0;        /* 1.5 * 2^52 */
	const uint64_t shift_bits = 0x4338000000000000u;
	const double ln2_hi = 6.93147180369123816490e-01;   /* 32 bits */
	const double ln2_lo = 1.90821492927058770002e-10;
	double kd, r, p, scale;
	uint64_t bits;

	/* the nearest integer to x / ln 2 lands in kd's low bits */
	kd = x * 1.44269504088896340736 + shift;
	memcpy(&bits, &kd, sizeof bits);
	kd -= shift;
	r = (x - kd * ln2_hi) - kd * ln2_lo;
	p = 1.0 / 6227020800.0;                         /* 1 / 13! */
	p = p * r + 1.0 / 479001600.0;
	p = p * r + 1.0 / 39916800.0;
	p = p * r + 1.0 / 3628800.0;
	p = p * r + 1.0 / 362880.0;
	p = p * r + 1.0 / 40320.0;
	p = p * r + 1.0 / 5040.0;
	p = p * r + 1.0 / 720.0;
	p = p * r + 1.0 / 120.0;
	p = p * r + 1.0 / 24.0;
	p = p * r + 1.0 / 6.0;
	p = p * r + 0.5;
	p = p * r + 1.0;
	p = p * r + 1.0;
	/* 2^k: k + 1023 in the exponent field (k in [-1021, 1023]) */
	bits = (bits - shift_bits + 1023u) << 52;
	memcpy(&scale, &bits, sizeof scale);
	return p * scale;
}

/* ln x for x a positive normal number: x = m 2^e with m in [sqrt(1/2),
 * sqrt(2)), ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, by
 * its series to s^23 (the rest is below 1e-18 of it); integer steps
 * only where vector units have them (no 64-bit arithmetic shift, no
 * conversion of a 64-bit integer to double). */
static inline double
vm_log(double x)
{
	const uint64_t sqrt_half = 0x3fe6a09e667f3bcdu;
	const double ln2_hi = 6.93147180369123816490e-01;
	const double ln2_lo = 1.90821492927058770002e-10;
	uint64_t b, t, e, mb, eb;
	double m, s, s2, p, ed;

	memcpy(&b, &x, sizeof b);
	t = b - sqrt_half;
	e = ((t >> 52) ^ 0x800u) - 0x800u;      /* the 12-bit field, signed */
	mb = b - (e << 52);
	memcpy(&m, &mb, sizeof m);
	/* e as a double: 2^52 + 1024 + e, less 2^52 + 1024 */
	eb = (e + 1024u) | 0x4330000000000000u;
	memcpy(&ed, &eb, sizeof ed);
	ed -= 4503599627371520.0;
	s = (m - 1.0) / (m + 1.0);
	s2 = s * s;
	p = 1.0 / 23;
	p = p * s2 + 1.0 / 21;
	p = p * s2 + 1.0 / 19;
	p = p * s2 + 1.0 / 17;
	p = p * s2 + 1.0 / 15;
	p = p * s2 + 1.0 / 13;
	p = p * s2 + 1.0 / 11;
	p = p * s2 + 1.0 / 9;
	p = p * s2 + 1.0 / 7;
	p = p * s2 + 1.0 / 5;
	p = p * s2 + 1.0 / 3;
	p = p * s2 + 1.0;
	return ed * ln2_hi + (ed * ln2_lo + 2.0 * s * p);
}

/* ln(1 + x) for x in [0, 1]: 2 atanh(s) with s = x / (2 + x) <= 1/3, by
 * its series to s^35 (the rest is below 1e-18 of it). */
static inline double
vm_log1p_unit(double x)
{
	double s = x / (2.0 + x), s2 = s * s, p = 1.0 / 35;

	p = p * s2 + 1.0 / 33;
	p = p * s2 + 1.0 / 31;
	p = p * s2 + 1.0 / 29;
	p = p * s2 + 1.0 / 27;
	p = p * s2 + 1.0 / 25;
	p = p * s2 + 1.0 / 23;
	p = p * s2 + 1.0 / 21;
	p = p * s2 + 1.0 / 19;
	p = p * s2 + 1.0 / 17;
	p = p * s2 + 1.0 / 15;
	p = p * s2 + 1.0 / 13;
	p = p * s2 + 1.0 / 11;
	p = p * s2 + 1.0 / 9;
	p = p * s2 + 1.0 / 7;
	p = p * s2 + 1.0 / 5;
	p = p * s2 + 1.0 / 3;
	p = p * s2 + 1.0;
	return 2.0 * s * p;
}

/* The functions above over a block of VM_BLOCK values (a loop of fixed
 * length is what the compiler makes vector code of; vm_block pads the
 * last block), built for AVX2 beside the baseline.  vm_exp_block: z[i]
 * becomes e^z[i], e^-708 below -708 and +inf above 709. */
void vm_exp_block(double *restrict z);
void vm_log_block(const double *restrict x, double *restrict y);

#endif
