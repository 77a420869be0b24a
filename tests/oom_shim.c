/*
 * oom_shim.c — LD_PRELOAD library that makes memory run out on purpose.
 *
 * With TTFTSTAT_FAIL_AT=N in the environment, the N-th call of malloc,
 * calloc, realloc or aligned_alloc in the process (counted across threads), and every call after it, returns NULL
 * with errno ENOMEM (memory that has run out stays out).  tests/oom.sh
 * runs ttftstat with N = 1, 2, 3, ... until a run completes, and checks
 * that every failing run exits 71 with one "ttftstat: out of memory" line
 * and no crash.  (After SQLite's and curl's allocation-failure loops.)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static long fail_at = -1;
static _Atomic long calls;      /* the reader and the mapper thread both count */
static int ready;

/* dlsym itself may call calloc before the real one is known */
static char boot[4096];
static size_t boot_used;

static void
init(void)
{
	const char *v;

	if (ready)
		return;
	ready = -1;
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	real_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT,
	                                                     "aligned_alloc");
	v = getenv("TTFTSTAT_FAIL_AT");
	fail_at = v ? atol(v) : -1;
	ready = 1;
}

static int
fail_now(void)
{
	if (ready != 1)
		return 0;
	if (fail_at > 0 && ++calls >= fail_at) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

static int
from_boot(const void *p)
{
	return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

void *
malloc(size_t n)
{
	init();
	if (ready != 1) {
		void *p = boot + boot_used;
		boot_used += (n + 15) & ~(size_t)15;
		return boot_used <= sizeof boot ? p : NULL;
	}
	return fail_now() ? NULL : real_malloc(n);
}

void *
calloc(size_t k, size_t n)
{
	init();
	if (ready != 1) {
		void *p = malloc(k * n);
		if (p)
			memset(p, 0, k * n);
		return p;
	}
	return fail_now() ? NULL : real_calloc(k, n);
}

void *
realloc(void *p, size_t n)
{
	init();
	if (from_boot(p)) {
		void *q = malloc(n);
		if (q)
			memcpy(q, p, n);        /* boot blocks are small */
		return q;
	}
	return fail_now() ? NULL : real_realloc(p, n);
}

void *
aligned_alloc(size_t align, size_t n)
{
	init();
	if (ready != 1)
		return NULL;
	return fail_now() ? NULL : real_aligned_alloc(align, n);
}

void
free(void *p)
{
	static void (*real_free)(void *);

	if (p == NULL || from_boot(p))
		return;
	if (real_free == NULL)
		real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	real_free(p);
}
