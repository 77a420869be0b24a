/*
 * fig.c — see fig.h.
 */
#include "fig.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../analyze/natcmp.h"
#include "../ingest/utf8.h"
#include "gp.h"

int
out_open(struct out *w, const struct plot_opts *o, struct figures *fl,
         struct err *e)
{
	memset(w, 0, sizeof *w);
	w->o = o;
	w->fl = fl;
	w->e = e;
	return outdir_open(&w->dir, o->dir, e);
}

void
out_close(struct out *w)
{
	outdir_close(&w->dir);
	names_free(&w->nm);
	palette_free(&w->pal);
}

int
open_pair(struct out *w, const char *name, FILE **gp, FILE **dat)
{
	char file[128];

	snprintf(file, sizeof file, "%s.gp", name);
	if (outfile_create(&w->dir, file, &w->gp, w->e) != 0)
		return w->e->code;
	snprintf(file, sizeof file, "%s.dat", name);
	if (outfile_create(&w->dir, file, &w->dat, w->e) != 0) {
		outfile_abort(&w->gp);
		return w->e->code;
	}
	*gp = w->gp.fp;
	*dat = w->dat.fp;
	return 0;
}

int
close_pair(struct out *w)
{
	int rc = outfile_commit(&w->gp, w->e);

	if (rc != 0) {
		outfile_abort(&w->dat);
		return rc;
	}
	return outfile_commit(&w->dat, w->e);
}

int
add_figure(struct out *w, const char *name, const char *kind,
           const char *caption, const char *alt, size_t cell)
{
	struct figures *fl = w->fl;
	struct figure *f;

	if (fl->n == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 16;
		struct figure *nf = realloc(fl->f, cap * sizeof *nf);
		if (nf == NULL)
			return err_nomem(w->e);
		fl->f = nf;
		fl->cap = cap;
	}
	f = &fl->f[fl->n++];
	snprintf(f->name, sizeof f->name, "%s", name);
	snprintf(f->kind, sizeof f->kind, "%s", kind);
	/* untrusted text, cut on a character, never inside one */
	utf8_clean(f->title, sizeof f->title, caption, strlen(caption), SIZE_MAX,
	           0, UTF8_CTRL_SPACE | UTF8_ELLIPSIS);
	utf8_clean(f->alt, sizeof f->alt, alt, strlen(alt), SIZE_MAX, 0,
	           UTF8_CTRL_SPACE | UTF8_ELLIPSIS);
	f->cell = cell;
	return 0;
}

/* ==== the run's provider colours ==== */

const char *
key_name(const struct trace *t, uint32_t id)
{
	const char *s = trace_str(t, id);

	return s ? s : "(none)";
}

const char *
provider_of(const struct trace *t, const struct cell *c)
{
	return t->nkeys > 1 ? key_name(t, t->cells[c->id].key[1]) : "all";
}

static int
cmp_name(const void *a, const void *b)
{
	return nat_compare(*(const char *const *)a, *(const char *const *)b);
}

int
palette_build(struct palette *p, const struct trace *const *t,
              const struct cells *const *cs, size_t n)
{
	size_t total = 0, k = 0;

	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < n; i++)
		total += cs[i]->n;
	if ((p->names = malloc((total ? total : 1) * sizeof *p->names)) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < cs[i]->n; c++)
			p->names[k++] = provider_of(t[i], &cs[i]->c[c]);
	palette_sort(p, k);
	return 0;
}

void
palette_sort(struct palette *p, size_t k)
{
	qsort(p->names, k, sizeof *p->names, cmp_name);
	p->n = 0;
	for (size_t i = 0; i < k; i++)           /* distinct names */
		if (p->n == 0 || strcmp(p->names[p->n - 1], p->names[i]) != 0)
			p->names[p->n++] = p->names[i];
}

void
palette_free(struct palette *p)
{
	free(p->names);
	p->names = NULL;
	p->n = 0;
}

void
palette_style(const struct palette *p, const char *provider, int *lt, int *dt)
{
	size_t lo = 0, hi = p->n;

	while (lo < hi) {
		size_t m = lo + (hi - lo) / 2;
		int c = nat_compare(p->names[m], provider);
		if (c == 0) {
			lo = m;
			break;
		}
		if (c < 0)
			lo = m + 1;
		else
			hi = m;
	}
	*lt = (int)(lo % 8) + 1;
	*dt = (int)(lo / 8) % 5 + 1;
}

/* ==== which cells get figures ==== */

struct rankable {
	size_t at;
	bool unreliable;
	double cv;
	size_t n;
};

static int
cmp_worst(const void *a, const void *b)
{
	const struct rankable *x = a, *y = b;

	if (x->unreliable != y->unreliable)
		return x->unreliable ? -1 : 1;
	if (isnan(x->cv) != isnan(y->cv))
		return isnan(x->cv) ? 1 : -1;
	if (!isnan(x->cv) && x->cv != y->cv)
		return x->cv > y->cv ? -1 : 1;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

size_t
select_cells(const struct cells *cs, size_t max, bool *keep)
{
	struct rankable *r;
	size_t n = 0;

	if (max == 0 || cs->n <= max) {
		for (size_t i = 0; i < cs->n; i++)
			keep[i] = true;
		return cs->n;
	}
	for (size_t i = 0; i < cs->n; i++)
		keep[i] = false;
	if ((r = malloc(cs->n * sizeof *r)) == NULL) {
		/* no room to rank: the first ones, in order */
		for (size_t i = 0; i < max; i++)
			keep[i] = true;
		return max;
	}
	for (size_t i = 0; i < cs->n; i++) {
		r[i].at = i;
		r[i].unreliable = cs->c[i].unreliable;
		r[i].cv = cs->c[i].d.cv_pct;
		r[i].n = cs->c[i].d.n;
	}
	qsort(r, cs->n, sizeof *r, cmp_worst);
	for (size_t i = 0; i < max; i++, n++)
		keep[r[i].at] = true;
	free(r);
	return n;
}

/* ==== gnuplot pieces ==== */

unsigned
fig_quote_flags(const struct out *w)
{
	return w->o->term == GP_SVG ? 0 : GPQ_RASTER;
}

void
fig_title(const struct out *w, FILE *gp, const char *text)
{
	fputs("set title ", gp);
	gp_quote_opt(gp, text, GP_TITLE_MAX, fig_quote_flags(w));
	fputs("\n", gp);
}

void
fig_log_tics(FILE *gp, char axis, double lo, double hi, bool set_range)
{
	static const double steps[] = {1, 2, 5};
	double v[64], from = lo, to = hi;
	size_t n = 0;

	if (!(lo > 0 && hi > lo)) {
		fprintf(gp, "set m%ctics 10\n", axis);
		return;
	}
	if (set_range) {
		/* the decades around the values, as autoscale would take them:
		 * a tick outside the axis makes gnuplot warn */
		from = pow(10, floor(log10(lo)));
		to = pow(10, ceil(log10(hi)));
		if (to <= from)
			to = from * 10;
		fprintf(gp, "set %crange [%.9g:%.9g]\n", axis, from, to);
	}
	/* fewer than three decades of values: 1-2-5 in each, to read by */
	if (hi / lo < 1000.0)
		for (double dec = pow(10, floor(log10(from))); dec <= to * 1.001 &&
		     n < 60; dec *= 10)
			for (int s = 0; s < 3 && n < 60; s++) {
				double x = dec * steps[s];
				if (x >= from * 0.999 && x <= to * 1.001)
					v[n++] = x;
			}
	if (n < 2) {                    /* decades are enough to read by */
		fprintf(gp, "set m%ctics 10\n", axis);
		return;
	}
	fprintf(gp, "set %ctics (", axis);
	for (size_t i = 0; i < n; i++)
		fprintf(gp, "%s'%g' %.9g", i ? ", " : "", v[i], v[i]);
	fputs(")\n", gp);
}

int
fig_width(const struct out *w, int deflt)
{
	return w->o->width > 0 ? w->o->width : deflt;
}
