/*
 * rowkey.h — the cells of recent records, found by their raw key bytes.
 *
 * A capture has few cells, so most records find theirs here with one hash
 * and one comparison, without UTF-8 checks or interning each key.  The
 * cache owns copies of the keys it remembers; rowkey_cache_free() releases
 * them.
 */
#ifndef TTFT_ROWKEY_H
#define TTFT_ROWKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "trace.h"

#define ROWKEY_SLOTS 256

struct rowkey {
	uint64_t hash;
	uint32_t cell;
	bool used;
	uint32_t len[TRACE_MAX_KEYS];   /* UINT32_MAX: key absent */
	char *bytes;                    /* the keys' bytes, one after another */
	size_t cap;
};

struct rowkey_cache {
	struct rowkey *slots;           /* ROWKEY_SLOTS, on first use */
};

/* The hash of a key tuple; v[k] NULL means the key is absent. */
uint64_t rowkey_hash(const char *const *v, const size_t *len, size_t nkeys);

/* The remembered cell of this tuple, or false.  May allocate the slots
 * (then false with *e set: out of memory). */
bool rowkey_lookup(struct rowkey_cache *c, uint64_t h, const char *const *v,
                   const size_t *len, size_t nkeys, uint32_t *cell,
                   struct err *e);

/* Remember the tuple's cell (in the slot its hash picks). */
int rowkey_store(struct rowkey_cache *c, uint64_t h, const char *const *v,
                 const size_t *len, size_t nkeys, uint32_t cell,
                 struct err *e);

void rowkey_cache_free(struct rowkey_cache *c);

#endif
