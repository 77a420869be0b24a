/*
 * vmath.h — e^x and ln(1 + x) on the ranges the mixture fit needs, in
 * plain arithmetic with no branch, so that a loop over many values runs
 * as vector code.
 *
 * libm's exp and log1p are calls the compiler cannot put in a vector
 * loop, and the fit takes one of each per histogram bin per EM
 * iteration.  These give the same value on every machine and every
 * vector width (the build does not contract a * b + c into one rounding),
 * within a few units in the last place of the exact value, as the tests
 * check against libm.
 */
#ifndef TTFT_VMATH_H
#define TTFT_VMATH_H

#include <stdint.h>
#include <string.h>

/* e^x for x in [-708, 0] (e^x stays a normal number): the caller clamps,
 * in a loop of its own — a clamp inside lets the compiler split the loop
 * into branches, which are no vector code.  Cody and Waite's reduction
 * x = k ln 2 + r, |r| <= ln 2 / 2, then e^r by its Taylor series to r^13
 * (the rest is below 5e-18 of it) times 2^k. */
static inline double
vm_exp_neg(double x)
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
	/* 2^k: k + 1023 in the exponent field (k in [-1021, 0]) */
	bits = (bits - shift_bits + 1023u) << 52;
	memcpy(&scale, &bits, sizeof scale);
	return p * scale;
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

#endif
