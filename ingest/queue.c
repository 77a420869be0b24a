#include "queue.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A batch is handed over at this many records or bytes: large enough that
 * the handover costs nothing, small enough to stay in the cache. */
#define BATCH_RECORDS 4096
#define BATCH_BYTES (256u * 1024u)
/* Batches in the ring: the reader fills one while the worker maps the
 * others, so a slow stretch on either side (page faults growing the
 * table, a read) does not stall the other at once. */
#define NBATCH 4

#define NUMBER_LEN UINT32_MAX   /* a field that holds a double */

struct field {
	uint64_t roles;         /* all ROLE_COUNT of them: the last --where
	                         * filters' bits are above 32 */
	uint32_t len;
	uint32_t at;            /* offset in bytes (of the double, for one) */
};

struct entry {
	uint64_t line;
	size_t first, count;    /* fields */
	bool reject;            /* count == 1: the reason */
};

struct batch {
	struct entry *ent;
	size_t nent, capent;
	struct field *fld;
	size_t nfld, capfld;
	char *bytes;
	size_t nbytes, capbytes;
};

/* The reader's and the worker's parts on separate cache lines: writes to
 * one must not slow the other down (false sharing). */
struct queue {
	struct mapper *m;
	struct batch b[NBATCH];
	int fill;               /* the batch the reader fills */
	size_t open;            /* first field of the record being built */
	uint64_t records;
	int rrc;                /* the reader's own failure (out of memory) */

	_Alignas(64) bool threaded;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int take;               /* the next batch the worker maps */
	int ready;              /* handed over and not yet mapped */
	bool done;              /* no more batches will come */
	int wrc;                /* the mapper's first failure */
	struct err we;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *np;

	while (c < need)
		c *= 2;
	if ((np = realloc(p, c * size)) != NULL)
		*cap = c;
	return np;
}

/* ==== mapping a batch ==== */

static int
map_batch(struct mapper *m, const struct batch *b, struct err *e)
{
	struct record r;

	for (size_t i = 0; i < b->nent; i++) {
		const struct entry *en = &b->ent[i];
		int rc;

		if (en->reject) {
			rc = mapper_reject(m, en->line,
			                   b->bytes + b->fld[en->first].at, e);
		} else {
			record_clear(&r, m);
			for (size_t f = en->first; f < en->first + en->count; f++) {
				const struct field *fl = &b->fld[f];
				uint64_t roles = fl->roles;
				double x;
				if (fl->len == NUMBER_LEN)
					memcpy(&x, b->bytes + fl->at, sizeof x);
				while (roles != 0) {
					int k = role_take(&roles);
					if (fl->len == NUMBER_LEN) {
						record_set_num(&r, k, x);
					} else {
						r.val[k] = b->bytes + fl->at;
						r.len[k] = fl->len;
					}
				}
			}
			rc = mapper_emit(m, &r, en->line, e);
		}
		if (rc != 0)
			return rc;
	}
	return 0;
}

static void *
worker(void *arg)
{
	struct queue *q = arg;

	pthread_mutex_lock(&q->mu);
	for (;;) {
		int rc = 0;
		struct batch b;
		while (q->ready == 0 && !q->done)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->ready == 0)
			break;
		b = q->b[q->take];      /* a copy: the reader writes near it */
		pthread_mutex_unlock(&q->mu);
		/* after a failure, later batches are only drained */
		if (q->wrc == 0)
			rc = map_batch(q->m, &b, &q->we);
		pthread_mutex_lock(&q->mu);
		if (rc != 0)
			q->wrc = rc;
		q->take = (q->take + 1) % NBATCH;
		q->ready--;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

/* ==== the reader's side ==== */

static void
batch_reset(struct batch *b)
{
	b->nent = b->nfld = b->nbytes = 0;
}

/* Hand the full batch over (or map it here) and start an empty one. */
static int
flush(struct queue *q)
{
	int next, rc;

	if (!q->threaded) {
		if (q->wrc == 0)
			q->wrc = map_batch(q->m, &q->b[q->fill], &q->we);
		batch_reset(&q->b[q->fill]);
		return q->wrc;
	}
	next = (q->fill + 1) % NBATCH;
	pthread_mutex_lock(&q->mu);
	q->ready++;
	pthread_cond_broadcast(&q->cv);
	/* the next batch is free once fewer than all are handed over */
	while (q->ready == NBATCH)
		pthread_cond_wait(&q->cv, &q->mu);
	rc = q->wrc;
	pthread_mutex_unlock(&q->mu);
	q->fill = next;
	batch_reset(&q->b[next]);
	return rc;
}

static int
nomem(struct queue *q)
{
	q->rrc = ERR_NOMEM;
	return ERR_NOMEM;
}

/* Room for one more field of n bytes in the batch being filled. */
static int
reserve(struct queue *q, size_t n)
{
	struct batch *b = &q->b[q->fill];

	if (q->rrc != 0)
		return q->rrc;
	/* an empty field too points into the bytes: it is there, unlike
	 * an absent one */
	if (b->bytes == NULL || b->nbytes + n > b->capbytes) {
		char *nb = grow(b->bytes, &b->capbytes, b->nbytes + n, 1);
		if (nb == NULL)
			return nomem(q);
		b->bytes = nb;
	}
	if (b->nfld == b->capfld) {
		struct field *nf = grow(b->fld, &b->capfld, b->nfld + 1,
		                        sizeof *nf);
		if (nf == NULL)
			return nomem(q);
		b->fld = nf;
	}
	return 0;
}

int
queue_text(struct queue *q, uint64_t roles, const char *s, size_t n)
{
	struct batch *b = &q->b[q->fill];
	struct field *f;
	char *d;

	if ((b->bytes == NULL || b->nfld == b->capfld ||
	     b->capbytes - b->nbytes < n) && reserve(q, n) != 0)
		return q->rrc;
	f = &b->fld[b->nfld++];
	f->roles = roles;
	f->len = (uint32_t)n;
	f->at = (uint32_t)b->nbytes;
	d = b->bytes + b->nbytes;
	queue_copy_small(d, s, n);
	b->nbytes += n;
	return 0;
}

int
queue_num(struct queue *q, uint64_t roles, double x)
{
	struct batch *b = &q->b[q->fill];
	struct field *f;

	if ((b->bytes == NULL || b->nfld == b->capfld ||
	     b->capbytes - b->nbytes < sizeof x) && reserve(q, sizeof x) != 0)
		return q->rrc;
	f = &b->fld[b->nfld++];
	f->roles = roles;
	f->len = NUMBER_LEN;
	f->at = (uint32_t)b->nbytes;
	memcpy(b->bytes + b->nbytes, &x, sizeof x);
	b->nbytes += sizeof x;
	return 0;
}

static int
close_entry(struct queue *q, uint64_t line, bool reject)
{
	struct batch *b = &q->b[q->fill];

	if (b->nent == b->capent) {
		struct entry *ne = grow(b->ent, &b->capent, b->nent + 1, sizeof *ne);
		if (ne == NULL)
			return nomem(q);
		b->ent = ne;
	}
	b->ent[b->nent].line = line;
	b->ent[b->nent].first = q->open;
	b->ent[b->nent].count = b->nfld - q->open;
	b->ent[b->nent].reject = reject;
	b->nent++;
	q->records++;
	if (b->nent >= BATCH_RECORDS || b->nbytes >= BATCH_BYTES) {
		int rc = flush(q);
		q->open = 0;
		return rc;
	}
	q->open = b->nfld;
	return 0;
}

int
queue_record(struct queue *q, uint64_t line)
{
	if (q->rrc != 0)
		return q->rrc;
	return close_entry(q, line, false);
}

void
queue_drop(struct queue *q)
{
	struct batch *b = &q->b[q->fill];

	/* the dropped fields' bytes stay until the batch is reset */
	b->nfld = q->open;
}

int
queue_reject(struct queue *q, uint64_t line, const char *reason)
{
	int rc;

	queue_drop(q);
	/* with its NUL: mapper_reject() takes a string */
	if ((rc = queue_text(q, 0, reason, strlen(reason) + 1)) != 0)
		return rc;
	return close_entry(q, line, true);
}

uint64_t
queue_records(const struct queue *q)
{
	return q->records;
}

int
queue_new(struct queue **qp, struct mapper *m, unsigned threads,
          struct err *e)
{
	/* aligned as its cache-line member asks (calloc promises less) */
	size_t size = (sizeof(struct queue) + 63) / 64 * 64;
	struct queue *q = aligned_alloc(64, size);

	*qp = q;
	if (q == NULL)
		return err_nomem(e);
	memset(q, 0, size);
	q->m = m;
	q->take = q->ready = 0;
	if (threads == 0) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		threads = cpus > 1 ? 2 : 1;
	}
	if (threads > 1 && pthread_mutex_init(&q->mu, NULL) == 0) {
		if (pthread_cond_init(&q->cv, NULL) != 0) {
			pthread_mutex_destroy(&q->mu);
		} else if (pthread_create(&q->th, NULL, worker, q) != 0) {
			/* no thread: map inline, only slower */
			pthread_cond_destroy(&q->cv);
			pthread_mutex_destroy(&q->mu);
		} else {
			q->threaded = true;
		}
	}
	return 0;
}

/* Stop the worker after what was handed over. */
static void
stop(struct queue *q)
{
	if (!q->threaded)
		return;
	pthread_mutex_lock(&q->mu);
	q->done = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	q->threaded = false;
}

int
queue_finish(struct queue *q, struct err *e)
{
	/* what was closed is mapped even after the reader ran out of
	 * memory: a mapper failure among it came first */
	if (q->b[q->fill].nent > 0)
		flush(q);
	stop(q);
	/* the mapper's failure came from an earlier record than anything
	 * the reader met after handing that record over */
	if (q->wrc != 0) {
		*e = q->we;
		return q->wrc;
	}
	if (q->rrc != 0)
		return err_nomem(e);
	return 0;
}

int
queue_close(struct queue *q, struct mapper *m, int rc, struct err *e)
{
	if (q != NULL) {
		int qrc = queue_finish(q, e);
		if (qrc != 0)
			rc = qrc;
	}
	return rc == 0 ? mapper_finish(m, e) : rc;
}

void
queue_free(struct queue *q)
{
	if (q == NULL)
		return;
	stop(q);
	for (int i = 0; i < NBATCH; i++) {
		free(q->b[i].ent);
		free(q->b[i].fld);
		free(q->b[i].bytes);
	}
	free(q);
}
