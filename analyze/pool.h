/*
 * pool.h — run one job per cell on a few threads.
 *
 * The jobs are independent (each cell has its own random stream and its
 * own results), so the order they run in changes only the balance: the
 * largest go first, so that no large cell is left for last while the
 * other threads wait.
 */
#ifndef TTFT_POOL_H
#define TTFT_POOL_H

#include <stddef.h>

/* Run job(ctx, i) for i in [0, n) on `threads` threads (0: one per CPU;
 * the caller's thread is one of them), the largest size[i] first (size
 * NULL: in index order).  Returns 0, or the last nonzero a job returned
 * (every job still runs). */
int pool_run(size_t n, unsigned threads, const size_t *size,
             int (*job)(void *ctx, size_t i), void *ctx);

#endif
