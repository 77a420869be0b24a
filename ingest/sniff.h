/*
 * sniff.h — what the head of an input shows, for harness_detect().
 *
 * For a CSV, the header's names.  For JSON, JSON Lines and YAML, every key
 * path seen in the head with array elements collapsed ("log.entries[].
 * timings.wait", "[].ttft_s" for a top-level array, "metrics.ttft.value"
 * for each line of JSON Lines), each with the first scalar seen there.
 * For XML, the root element.  A head may be cut anywhere: what it shows
 * is what the detectors get.
 */
#ifndef TTFT_SNIFF_H
#define TTFT_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

enum sniff_kind { SNIFF_CSV, SNIFF_TREE, SNIFF_XML };

struct sniff_entry;

struct sniff {
	enum sniff_kind kind;
	const char *name;               /* the input's name, for file rules */
	/* CSV: the header, borrowed */
	const char *const *cols;
	const size_t *col_lens;
	size_t ncols;
	/* tree */
	struct sniff_entry *set;
	size_t slots, used;
	size_t values;                  /* top-level values begun */
	bool root_array;                /* the first is an array */
	/* XML */
	char root[64];
};

/* A CSV header (borrowed for as long as the sniff is used). */
void sniff_csv(struct sniff *s, const char *name, const char *const *cols,
               const size_t *lens, size_t n);
/* The key paths of a JSON (or JSON Lines) or YAML head. */
int sniff_json(struct sniff *s, const char *name, const char *head, size_t n,
               struct err *e);
int sniff_yaml(struct sniff *s, const char *name, const char *head, size_t n,
               struct err *e);
void sniff_xml(struct sniff *s, const char *name, const char *root);
void sniff_free(struct sniff *s);

/* A CSV column (any case) or a collapsed key path. */
bool sniff_has(const struct sniff *s, const char *path);
/* The first scalar at a collapsed key path (NUL-ended), or NULL. */
const char *sniff_value(const struct sniff *s, const char *path);
/* Does any key path begin with prefix? */
bool sniff_has_prefix(const struct sniff *s, const char *prefix);

#endif
