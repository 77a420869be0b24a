#include "report.h"

const char *
report_key(const struct report *r, const struct cell *c, size_t k)
{
	return trace_str(r->t, r->t->cells[c->id].key[k]);
}

int
report_key_unused(const struct report *r, size_t k)
{
	for (size_t i = 0; i < r->cells->n; i++)
		if (report_key(r, &r->cells->c[i], k) != NULL)
			return 0;
	return 1;
}
