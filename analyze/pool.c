#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#define POOL_MAX_THREADS 64

struct pool {
	size_t n;
	const size_t *order;            /* NULL: as is */
	int (*job)(void *ctx, size_t i);
	void *ctx;
	atomic_size_t next;
	atomic_int rc;
};

static void *
worker(void *arg)
{
	struct pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		int rc = p->job(p->ctx, p->order ? p->order[i] : i);
		if (rc != 0)
			atomic_store(&p->rc, rc);
	}
	return NULL;
}

struct by_size {
	size_t size, index;
};

/* largest first, ties by position */
static int
by_size_desc(const void *a, const void *b)
{
	const struct by_size *x = a, *y = b;

	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return (x->index > y->index) - (x->index < y->index);
}

int
pool_run(size_t n, unsigned threads, const size_t *size,
         int (*job)(void *ctx, size_t i), void *ctx)
{
	struct pool p = {n, NULL, job, ctx, 0, 0};
	pthread_t th[POOL_MAX_THREADS];
	unsigned started = 0;
	struct by_size *bs = NULL;
	size_t *order = NULL;

	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 0 ? (unsigned)cpus : 1;
	}
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	if (threads > n)
		threads = n ? (unsigned)n : 1;
	atomic_init(&p.next, 0);
	atomic_init(&p.rc, 0);
	/* without memory for the order the jobs go as they are */
	if (threads > 1 && size != NULL &&
	    (bs = malloc(n * sizeof *bs)) != NULL &&
	    (order = malloc(n * sizeof *order)) != NULL) {
		for (size_t i = 0; i < n; i++)
			bs[i] = (struct by_size){size[i], i};
		qsort(bs, n, sizeof *bs, by_size_desc);
		for (size_t i = 0; i < n; i++)
			order[i] = bs[i].index;
		p.order = order;
	}
	free(bs);
	/* the calling thread works too; failing to start more only slows */
	for (unsigned i = 1; i < threads; i++)
		if (pthread_create(&th[started], NULL, worker, &p) == 0)
			started++;
	worker(&p);
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(order);
	return atomic_load(&p.rc);
}
