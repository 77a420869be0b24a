#include "names.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a */
static size_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The slot of s: where it is, or the empty one where it would go. */
static size_t
slot(const struct names *nm, const char *s)
{
	size_t i = hash(s) & (nm->cap - 1);

	while (nm->used[i][0] != '\0' && strcmp(nm->used[i], s) != 0)
		i = (i + 1) & (nm->cap - 1);
	return i;
}

static int
taken(const struct names *nm, const char *s)
{
	return nm->cap > 0 && nm->used[slot(nm, s)][0] != '\0';
}

/* Keep the table at most half full. */
static int
grow(struct names *nm)
{
	struct names bigger;

	if (2 * (nm->n + 1) <= nm->cap)
		return 0;
	bigger.cap = nm->cap ? nm->cap * 2 : 64;
	bigger.n = nm->n;
	if ((bigger.used = calloc(bigger.cap, sizeof *bigger.used)) == NULL)
		return -1;
	for (size_t i = 0; i < nm->cap; i++)
		if (nm->used[i][0] != '\0')
			strcpy(bigger.used[slot(&bigger, nm->used[i])], nm->used[i]);
	free(nm->used);
	*nm = bigger;
	return 0;
}

int
names_make(struct names *nm, const char *prefix, const char *label,
           char *out)
{
	char base[NAME_MAX_LEN + 1];
	size_t o = 0;

	o = (size_t)snprintf(base, sizeof base, "%s-", prefix);
	for (const unsigned char *p = (const unsigned char *)label;
	     *p && o < NAME_MAX_LEN; p++) {
		int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		         (*p >= '0' && *p <= '9') || *p == '.' || *p == '_';
		char c = ok ? (char)*p : '-';
		if (c == '-' && base[o - 1] == '-')
			continue;               /* one dash for a run of others */
		if (c == '.' && base[o - 1] == '.')
			continue;               /* never ".." */
		base[o++] = c;
	}
	while (o > 0 && (base[o - 1] == '-' || base[o - 1] == '.'))
		o--;
	base[o] = '\0';
	if (o <= strlen(prefix))
		snprintf(base + strlen(prefix), sizeof base - strlen(prefix), "-x");
	strcpy(out, base);
	for (int k = 2; taken(nm, out); k++)
		snprintf(out, NAME_MAX_LEN + 8, "%.56s-%d", base, k);
	if (grow(nm) != 0)
		return -1;
	strcpy(nm->used[slot(nm, out)], out);
	nm->n++;
	return 0;
}

void
names_free(struct names *nm)
{
	free(nm->used);
	nm->used = NULL;
	nm->n = nm->cap = 0;
}
