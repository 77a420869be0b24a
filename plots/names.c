#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
taken(const struct names *nm, const char *s)
{
	for (size_t i = 0; i < nm->n; i++)
		if (strcmp(nm->used[i], s) == 0)
			return 1;
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
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 32;
		void *nu = realloc(nm->used, cap * sizeof *nm->used);
		if (nu == NULL)
			return -1;
		nm->used = nu;
		nm->cap = cap;
	}
	strcpy(nm->used[nm->n++], out);
	return 0;
}

void
names_free(struct names *nm)
{
	free(nm->used);
	nm->used = NULL;
	nm->n = nm->cap = 0;
}
