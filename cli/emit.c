/*
 * emit.c — see emit.h.  An export is written like every other file the
 * program makes: a new temporary file in the folder, renamed over the
 * name (plots/outdir.h), so a link or FIFO already there is replaced.
 */
#include "emit.h"

#include <stdlib.h>
#include <string.h>

#include "../plots/outdir.h"
#include "writers.h"

static int
write_format(FILE *fp, const struct rdoc *d, enum out_format f,
             const struct wopts *w)
{
	switch (f) {
	case OUT_TEXT: return write_text(fp, d, w);
	case OUT_JSON: write_json(fp, d); return 0;
	case OUT_CSV: write_csv(fp, d); return 0;
	case OUT_MD: return write_md(fp, d, w);
	}
	return 0;
}

static int
export(const struct rdoc *d, const struct opts_export *x,
       const struct wopts *w, struct err *e)
{
	char *dir = strdup(x->path);
	const char *slash = dir ? strrchr(dir, '/') : NULL;
	const char *name;
	struct outdir od;
	struct outfile f;
	int rc;

	if (dir == NULL)
		return err_nomem(e);
	if (slash == NULL) {
		name = x->path;
		strcpy(dir, ".");
	} else {
		name = x->path + (slash - dir) + 1;
		dir[slash - dir + (slash == dir)] = '\0';       /* "/x": "/" */
	}
	if (*name == '\0') {
		free(dir);
		return err_set(e, ERR_CANTCREAT, "cannot create '%s': it names a "
		               "folder, not a file", x->path);
	}
	if ((rc = outdir_open(&od, dir, e)) != 0) {
		free(dir);
		return rc;
	}
	if ((rc = outfile_create(&od, name, &f, e)) == 0) {
		if ((rc = write_format(f.fp, d, x->format, w)) != 0) {
			outfile_abort(&f);
			err_nomem(e);
		} else {
			rc = outfile_commit(&f, e);
		}
	}
	outdir_close(&od);
	free(dir);
	return rc;
}

int
emit(const struct rdoc *d, const struct opts *o, struct err *e)
{
	struct wopts w = {o->s.wide, o->quiet, WRITERS_WIDTH};
	int rc;

	if (d->failed)
		return err_nomem(e);
	if ((rc = write_format(stdout, d, o->out, &w)) != 0)
		return err_nomem(e);
	/* a Markdown report holds its warnings; CSV has no room for either */
	if (o->out == OUT_CSV || o->out == OUT_MD)
		write_notices(stderr, d, &w, o->out == OUT_CSV);
	for (size_t i = 0; i < o->nexports; i++)
		if ((rc = export(d, &o->exports[i], &w, e)) != 0)
			return rc;
	return 0;
}
