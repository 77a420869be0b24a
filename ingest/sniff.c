/*
 * sniff.c — the key paths of a head, in a small open-addressing set.
 */
#include "sniff.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "names.h"
#include "tree.h"
#include "yaml.h"

#define SNIFF_MAX_PATHS 4096
#define SNIFF_MAX_PATH 400
#define SNIFF_MAX_VALUE 96
#define SNIFF_MAX_DEPTH 32

struct sniff_entry {
	char *path;
	char value[SNIFF_MAX_VALUE];
	bool has_value;
};

struct scan {
	struct sniff *s;
	struct err *e;
	char path[SNIFF_MAX_PATH + 1];
	size_t len;
	size_t seg[SNIFF_MAX_DEPTH];    /* path length before each frame */
	bool array[SNIFF_MAX_DEPTH];
	int depth;
	char key[128];
	size_t key_len;
	bool full;
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct sniff_entry *
slot(const struct sniff *s, const char *path)
{
	size_t i;

	if (s->slots == 0)
		return NULL;
	i = hash(path) & (s->slots - 1);
	while (s->set[i].path != NULL && strcmp(s->set[i].path, path) != 0)
		i = (i + 1) & (s->slots - 1);
	return &s->set[i];
}

/* Add the current path (with a first value when v is non-NULL). */
static int
add(struct scan *sc, const char *v, size_t n)
{
	struct sniff *s = sc->s;
	struct sniff_entry *en;

	if (sc->full)
		return 0;
	if (s->slots == 0) {
		if ((s->set = calloc(2 * SNIFF_MAX_PATHS, sizeof *s->set)) == NULL)
			return err_nomem(sc->e);
		s->slots = 2 * SNIFF_MAX_PATHS;
	}
	en = slot(s, sc->path);
	if (en->path == NULL) {
		if (s->used == SNIFF_MAX_PATHS)
			return 0;
		if ((en->path = strdup(sc->path)) == NULL)
			return err_nomem(sc->e);
		s->used++;
	}
	if (v != NULL && !en->has_value) {
		size_t k = n < SNIFF_MAX_VALUE - 1 ? n : SNIFF_MAX_VALUE - 1;
		memcpy(en->value, v, k);
		en->value[k] = '\0';
		en->has_value = true;
	}
	return 0;
}

/* The segment of a new value: its key, or "[]" after its array. */
static bool
push(struct scan *sc)
{
	const char *seg = "";
	size_t n = 0;
	bool dot = false;

	if (sc->depth >= 0 && sc->array[sc->depth]) {
		seg = "[]";
		n = 2;
	} else if (sc->depth >= 0) {
		seg = sc->key;
		n = sc->key_len;
		dot = sc->len > 0;
	}
	if (sc->len + n + 1 > SNIFF_MAX_PATH)
		return false;
	if (dot)
		sc->path[sc->len++] = '.';
	memcpy(sc->path + sc->len, seg, n);
	sc->len += n;
	sc->path[sc->len] = '\0';
	return true;
}

static int
sc_scalar(void *ctx, enum leaf_kind k, const char *v, size_t n)
{
	struct scan *sc = ctx;
	size_t saved = sc->len;
	int rc = 0;

	(void)k;
	if (sc->depth < 0)
		sc->s->values++;
	if (push(sc))
		rc = add(sc, v, n);
	sc->len = saved;
	sc->path[saved] = '\0';
	return rc;
}

static int
sc_open(struct scan *sc, bool array)
{
	size_t saved = sc->len;

	if (sc->depth < 0) {
		if (sc->s->values++ == 0)
			sc->s->root_array = array;
	}
	if (sc->depth + 1 >= SNIFF_MAX_DEPTH || !push(sc)) {
		sc->full = true;        /* deeper than detection needs */
		return ERR_DATA;
	}
	sc->depth++;
	sc->seg[sc->depth] = saved;
	sc->array[sc->depth] = array;
	return sc->len > 0 ? add(sc, NULL, 0) : 0;
}

static int sc_map(void *ctx) { return sc_open(ctx, false); }
static int sc_array(void *ctx) { return sc_open(ctx, true); }

static int
sc_close(void *ctx)
{
	struct scan *sc = ctx;

	if (sc->depth < 0)
		return 0;
	sc->len = sc->seg[sc->depth--];
	sc->path[sc->len] = '\0';
	return 0;
}

static int
sc_key(void *ctx, const char *k, size_t n)
{
	struct scan *sc = ctx;

	sc->key_len = n < sizeof sc->key - 1 ? n : sizeof sc->key - 1;
	memcpy(sc->key, k, sc->key_len);
	sc->key[sc->key_len] = '\0';
	return 0;
}

static void
start(struct sniff *s, struct scan *sc, const char *name, struct err *e,
      struct tree_events *ev)
{
	memset(s, 0, sizeof *s);
	s->kind = SNIFF_TREE;
	s->name = name;
	memset(sc, 0, sizeof *sc);
	sc->s = s;
	sc->e = e;
	sc->depth = -1;
	ev->map_start = sc_map;
	ev->map_key = sc_key;
	ev->map_end = sc_close;
	ev->array_start = sc_array;
	ev->array_end = sc_close;
	ev->scalar = sc_scalar;
	ev->ctx = sc;
}

int
sniff_json(struct sniff *s, const char *name, const char *head, size_t n,
           struct err *e)
{
	struct scan sc;
	struct tree_events ev;
	struct err ignore = {0, ""};

	start(s, &sc, name, &ignore, &ev);
	json_scan(head, n, &ev, &ignore);
	return ignore.code == ERR_NOMEM ? err_nomem(e) : 0;
}

int
sniff_yaml(struct sniff *s, const char *name, const char *head, size_t n,
           struct err *e)
{
	struct scan sc;
	struct tree_events ev;
	struct err ignore = {0, ""};

	start(s, &sc, name, &ignore, &ev);
	yaml_scan(head, n, &ev, &ignore);
	return ignore.code == ERR_NOMEM ? err_nomem(e) : 0;
}

void
sniff_csv(struct sniff *s, const char *name, const char *const *cols,
          const size_t *lens, size_t n)
{
	memset(s, 0, sizeof *s);
	s->kind = SNIFF_CSV;
	s->name = name;
	s->cols = cols;
	s->col_lens = lens;
	s->ncols = n;
}

void
sniff_xml(struct sniff *s, const char *name, const char *root)
{
	memset(s, 0, sizeof *s);
	s->kind = SNIFF_XML;
	s->name = name;
	snprintf(s->root, sizeof s->root, "%s", root);
}

void
sniff_free(struct sniff *s)
{
	for (size_t i = 0; i < s->slots; i++)
		free(s->set[i].path);
	free(s->set);
	s->set = NULL;
	s->slots = s->used = 0;
}

bool
sniff_has(const struct sniff *s, const char *path)
{
	const struct sniff_entry *en;

	if (s->kind == SNIFF_CSV)
		return names_find_exact(s->cols, s->col_lens, s->ncols, path,
		                        strlen(path)) >= 0;
	en = slot(s, path);
	return en != NULL && en->path != NULL;
}

const char *
sniff_value(const struct sniff *s, const char *path)
{
	const struct sniff_entry *en = slot(s, path);

	return en != NULL && en->path != NULL && en->has_value ? en->value
	                                                        : NULL;
}

bool
sniff_has_prefix(const struct sniff *s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (s->kind == SNIFF_CSV) {
		for (size_t i = 0; i < s->ncols; i++)
			if (s->col_lens[i] >= n &&
			    strncmp(s->cols[i], prefix, n) == 0)
				return true;
		return false;
	}
	for (size_t i = 0; i < s->slots; i++)
		if (s->set[i].path && strncmp(s->set[i].path, prefix, n) == 0)
			return true;
	return false;
}
