/*
 * queue.h — records on their way from a format reader to the mapper.
 *
 * Reading (I/O and the format's own parser) and mapping (numbers, keys,
 * the trace table) each take about half the time of a big CSV or msgpack
 * input.  A queue lets them overlap on two cores: the reader hands each
 * record's fields to queue_text()/queue_num() and closes it with
 * queue_record(); a worker thread runs mapper_emit() on whole batches, in
 * order, so the table, the counts and the first rejections come out
 * exactly as if one thread did both.  With one thread (or when no thread
 * can be started) the same batches are mapped inline.
 *
 * The reader must not touch the trace or the mapper between queue_new()
 * and queue_finish(): the worker owns them.
 */
#ifndef TTFT_QUEUE_H
#define TTFT_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mapper.h"

struct queue;

/* threads: 1 maps inline, 0 uses a worker when there are two CPUs. */
int queue_new(struct queue **q, struct mapper *m, unsigned threads,
              struct err *e);

/*
 * Add a field to the record being built, for the roles in the mask.  The
 * bytes are copied.  These and queue_record()/queue_reject() return 0, or
 * an error code when the reader should stop (out of memory, or the mapper
 * already failed); queue_finish() then says which.
 */
int queue_text(struct queue *q, uint64_t roles, const char *s, size_t n);
int queue_num(struct queue *q, uint64_t roles, double x);

/* Close the record: its fields go to mapper_emit() with this line. */
int queue_record(struct queue *q, uint64_t line);
/* Forget the fields added since the last record. */
void queue_drop(struct queue *q);
/* A record that broke before mapping: mapper_reject() with the reason. */
int queue_reject(struct queue *q, uint64_t line, const char *reason);

/* Records closed so far (for progress: the trace is the worker's). */
uint64_t queue_records(const struct queue *q);

/* Map everything queued and stop the worker.  The first error in input
 * order wins: the mapper's, else the reader's out-of-memory. */
int queue_finish(struct queue *q, struct err *e);
/*
 * The end of an input: queue_finish(), then, when all went well,
 * mapper_finish().  rc is the reader's own verdict; the mapper's failure
 * replaces it (it came from an earlier record).  q NULL: the input never
 * got as far as records, and rc says why.
 */
int queue_close(struct queue *q, struct mapper *m, int rc, struct err *e);

/* Stops the worker if still running; NULL is fine. */
void queue_free(struct queue *q);

/* Most fields are a few bytes: two overlapping word moves beat a call to
 * memcpy, and read nothing outside s[0..n). */
static inline void
queue_copy_small(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t c, e;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&c, s, 4);
		memcpy(&e, s + n - 4, 4);
		memcpy(d, &c, 4);
		memcpy(d + n - 4, &e, 4);
	} else if (n < 4) {
		for (size_t i = 0; i < n; i++)
			d[i] = s[i];
	} else {
		memcpy(d, s, n);
	}
}

#endif
