#include "vmath.h"

#include <math.h>

#if defined(__GNUC__) && defined(__x86_64__) && defined(__ELF__) && \
    !defined(__SANITIZE_ADDRESS__) && !defined(TTFT_NO_CLONES)
#define VM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VM_CLONES
#endif

/* The clones are static (clang makes no plain symbol for an exported
 * function with clones); the exported names call them. */
VM_CLONES static void
exp_block(double *restrict z)
{
	double in[VM_BLOCK];

	/* each select in a loop of its own (see vm_exp) */
	for (size_t i = 0; i < VM_BLOCK; i++)
		in[i] = z[i];
	for (size_t i = 0; i < VM_BLOCK; i++)
		z[i] = z[i] > -708.0 ? z[i] : -708.0;
	for (size_t i = 0; i < VM_BLOCK; i++)
		z[i] = z[i] < 709.0 ? z[i] : 709.0;
	for (size_t i = 0; i < VM_BLOCK; i++)
		z[i] = vm_exp(z[i]);
	for (size_t i = 0; i < VM_BLOCK; i++)
		z[i] = in[i] > 709.0 ? INFINITY : z[i];
}

VM_CLONES static void
log_block(const double *restrict x, double *restrict y)
{
	for (size_t i = 0; i < VM_BLOCK; i++)
		y[i] = vm_log(x[i]);
}

void
vm_exp_block(double *restrict z)
{
	exp_block(z);
}

void
vm_log_block(const double *restrict x, double *restrict y)
{
	log_block(x, y);
}
