/*
 * rowkey.c — a direct-mapped cache from raw key bytes to cells.
 */
#include "rowkey.h"

#include <stdlib.h>
#include <string.h>

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * UINT64_C(0x9e3779b97f4a7c15);
	return h ^ (h >> 31);
}

/* Eight bytes at a time: keys are short, and this runs for every record. */
static uint64_t
hash_bytes(uint64_t h, const char *s, size_t len)
{
	uint64_t w = 0;

	h = mix(h, len);
	for (; len >= 8; s += 8, len -= 8) {
		memcpy(&w, s, 8);
		h = mix(h, w);
	}
	w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	return mix(h, w);
}

uint64_t
rowkey_hash(const char *const *v, const size_t *len, size_t nkeys)
{
	uint64_t h = 0;

	for (size_t k = 0; k < nkeys; k++)
		h = v[k] ? hash_bytes(h, v[k], len[k]) : mix(h, UINT64_MAX);
	return h;
}

static bool
equal(const struct rowkey *k, size_t nkeys, const char *const *v,
      const size_t *len)
{
	const char *b = k->bytes;

	for (size_t i = 0; i < nkeys; i++) {
		if (v[i] == NULL) {
			if (k->len[i] != UINT32_MAX)
				return false;
			continue;
		}
		if (k->len[i] != len[i] || memcmp(b, v[i], len[i]) != 0)
			return false;
		b += len[i];
	}
	return true;
}

bool
rowkey_lookup(struct rowkey_cache *c, uint64_t h, const char *const *v,
              const size_t *len, size_t nkeys, uint32_t *cell, struct err *e)
{
	struct rowkey *slot;

	if (c->slots == NULL &&
	    (c->slots = calloc(ROWKEY_SLOTS, sizeof *c->slots)) == NULL) {
		err_nomem(e);
		return false;
	}
	slot = &c->slots[h & (ROWKEY_SLOTS - 1)];
	if (slot->used && slot->hash == h && equal(slot, nkeys, v, len)) {
		*cell = slot->cell;
		return true;
	}
	return false;
}

int
rowkey_store(struct rowkey_cache *c, uint64_t h, const char *const *v,
             const size_t *len, size_t nkeys, uint32_t cell, struct err *e)
{
	struct rowkey *k;
	size_t total = 0;

	if (c->slots == NULL)
		return 0;
	k = &c->slots[h & (ROWKEY_SLOTS - 1)];
	for (size_t i = 0; i < nkeys; i++)
		total += v[i] ? len[i] : 0;
	if (total > k->cap) {
		char *nb = realloc(k->bytes, total);
		if (nb == NULL)
			return err_nomem(e);
		k->bytes = nb;
		k->cap = total;
	}
	total = 0;
	for (size_t i = 0; i < nkeys; i++) {
		k->len[i] = v[i] ? (uint32_t)len[i] : UINT32_MAX;
		if (v[i] != NULL && len[i] > 0) {
			memcpy(k->bytes + total, v[i], len[i]);
			total += len[i];
		}
	}
	k->hash = h;
	k->cell = cell;
	k->used = true;
	return 0;
}

void
rowkey_cache_free(struct rowkey_cache *c)
{
	if (c->slots != NULL)
		for (size_t i = 0; i < ROWKEY_SLOTS; i++)
			free(c->slots[i].bytes);
	free(c->slots);
	c->slots = NULL;
}
