/*
 * cmd_compare.c — `ttftstat compare BASE NEW`: two capture runs, cell by
 * cell, statistically (analyze/compare.c), with CI gates.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/compare.h"
#include "../analyze/gates.h"
#include "commands.h"
#include "emit.h"
#include "msg.h"
#include "opts.h"
#include "res.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat compare [OPTIONS] BASE NEW\n"
	      "       ttftstat compare --split COL=A,B [OPTIONS] FILE...\n\n"
	      "Per cell: median, p95, CV and cold share of BASE and NEW, their\n"
	      "changes with bootstrap intervals, and tests: Mann-Whitney U\n"
	      "(Holm-adjusted across cells), Fisher's exact test on the cold\n"
	      "share, Brown-Forsythe on the spread of ln TTFT.  BASE and NEW\n"
	      "may each be a comma-separated list of files.\n\noptions:\n", fp);
	opts_help(fp, CMD_COMPARE);
}

/* One side: its files (a comma list), or the split's value. */
static int
side(struct opts *o, char *list, const struct ingest_where *split,
     const char **by, size_t nby, struct trace **t, struct cells **cs,
     struct err *e)
{
	char *files[256], *save = NULL;
	char **paths = o->paths;
	size_t npaths = o->npaths, n = 0, nwhere = o->in.nwhere, nbyo = o->in.nby;
	const char *byo[TRACE_MAX_KEYS];
	int rc;

	memcpy(byo, o->in.by, sizeof byo);
	if (list != NULL) {
		for (char *p = strtok_r(list, ",", &save); p && n < 256;
		     p = strtok_r(NULL, ",", &save))
			files[n++] = p;
		o->paths = files;
		o->npaths = n;
	}
	if (split != NULL) {
		if (o->in.nwhere == INGEST_MAX_WHERE)
			return err_set(e, ERR_USAGE, "too many --where filters");
		o->in.where[o->in.nwhere++] = *split;
		memcpy(o->in.by, by, nby * sizeof *by);
		o->in.nby = nby;
	}
	/* the mixture for cold shares; the intervals are the deltas' */
	rc = pipeline_analyse(o, false, t, cs, e);
	o->paths = paths;
	o->npaths = npaths;
	o->in.nwhere = nwhere;
	memcpy(o->in.by, byo, sizeof byo);
	o->in.nby = nbyo;
	return rc;
}

/* --split COL=A,B: the two filters, and the grouping without COL. */
static int
parse_split(struct opts *o, char *copy, struct ingest_where w[2],
            const char **by, size_t *nby, struct err *e)
{
	char *eq = strchr(copy, '='), *comma;

	if (eq == NULL || eq == copy || (comma = strchr(eq + 1, ',')) == NULL ||
	    comma == eq + 1 || comma[1] == '\0')
		return err_set(e, ERR_USAGE, "--split '%s' is not COL=A,B",
		               o->split);
	if (strchr(comma + 1, ',') != NULL)
		return err_set(e, ERR_USAGE, "--split '%s': compare takes two "
		               "values, BASE and NEW (COL=A,B); rank compares more",
		               o->split);
	*eq = '\0';
	*comma = '\0';
	for (int i = 0; i < 2; i++) {
		const char *v = i ? comma + 1 : eq + 1;
		unsigned lo, hi;
		int used = 0;
		w[i].col = copy;
		w[i].col_len = strlen(copy);
		w[i].op = WHERE_EQ;
		w[i].value = v;
		/* "9-17": an inclusive range of a numeric key such as hour */
		if (sscanf(v, "%u-%u%n", &lo, &hi, &used) == 2 &&
		    (size_t)used == strlen(v) && lo <= hi) {
			w[i].op = WHERE_RANGE;
			w[i].lo = lo;
			w[i].hi = hi;
		}
	}
	*nby = 0;
	if (o->in.nby > 0) {
		for (size_t i = 0; i < o->in.nby; i++)
			if (strcmp(o->in.by[i], copy) != 0)
				by[(*nby)++] = o->in.by[i];
	} else {
		if (strcmp(copy, "model") != 0)
			by[(*nby)++] = "model";
		if (strcmp(copy, "provider") != 0)
			by[(*nby)++] = "provider";
	}
	return 0;
}

int
cmd_compare(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *tb = NULL, *tn = NULL;
	struct cells *cb = NULL, *cn = NULL;
	struct comparison *cmp = NULL;
	struct gate gates[OPTS_MAX_GATES];
	struct cmp_labels r;
	struct rdoc *doc = NULL;
	char *split_copy = NULL;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_COMPARE, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	for (size_t i = 0; i < o.ngates; i++)
		if ((rc = gate_parse(o.gates[i], true, &gates[i], &e)) != 0)
			goto fail;
	if (o.split != NULL) {
		struct ingest_where w[2];
		const char *by[TRACE_MAX_KEYS];
		size_t nby = 0;
		if (o.npaths == 0) {
			rc = err_set(&e, ERR_USAGE, "compare --split needs FILE...");
			goto fail;
		}
		split_copy = strdup(o.split);
		if (split_copy == NULL) {
			rc = err_nomem(&e);
			goto fail;
		}
		if ((rc = parse_split(&o, split_copy, w, by, &nby, &e)) != 0 ||
		    (rc = side(&o, NULL, &w[0], by, nby, &tb, &cb, &e)) != 0 ||
		    (rc = side(&o, NULL, &w[1], by, nby, &tn, &cn, &e)) != 0)
			goto fail;
		r.base = o.label_base ? o.label_base : w[0].value;
		r.new_ = o.label_new ? o.label_new : w[1].value;
	} else {
		if (o.npaths != 2) {
			rc = err_set(&e, ERR_USAGE, "compare needs BASE and NEW (each a "
			             "file or a comma-separated list), or --split");
			goto fail;
		}
		r.base = o.label_base ? o.label_base : o.paths[0];
		r.new_ = o.label_new ? o.label_new : o.paths[1];
		if ((rc = side(&o, o.paths[0], NULL, NULL, 0, &tb, &cb, &e)) != 0 ||
		    (rc = side(&o, o.paths[1], NULL, NULL, 0, &tn, &cn, &e)) != 0)
			goto fail;
	}
	{
		struct analyze_opts ao;
		analyze_options(&o, true, &ao);
		if ((rc = compare_cells(tb, cb, tn, cn, &ao, o.alpha, &cmp, &e)) != 0)
			goto fail;
	}
	for (size_t i = 0; i < cmp->n; i++)
		for (size_t g = 0; g < o.ngates; g++)
			if (gate_trips_cmp(&gates[g], &cmp->c[i]))
				cmp->c[i].gates |= 1u << g;
	if ((doc = res_compare(&o, tb, tn, cmp, &r, gates, o.ngates)) == NULL) {
		rc = err_nomem(&e);
		goto fail;
	}
	if ((rc = emit(doc, &o, &e)) != 0)
		goto fail;
	if (doc->tripped)
		rc = ERR_GATE;
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(tb);
		if (s != 0)
			rc = s;
	}
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(tn);
		if (s != 0)
			rc = s;
	}
fail:
	if (rc != 0 && rc != ERR_GATE && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	free(split_copy);
	rdoc_free(doc);
	comparison_free(cmp);
	cells_free(cb);
	cells_free(cn);
	trace_free(tb);
	trace_free(tn);
	opts_free(&o);
	return rc;
}
