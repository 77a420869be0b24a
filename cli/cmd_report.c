/*
 * cmd_report.c — `ttftstat report -o DIR FILE...`: the document a team
 * decides from.  DIR/index.html (self-contained: figures inlined, no
 * script, nothing fetched) and DIR/report.md beside the figures
 * (NAME.svg, with the NAME.gp and NAME.dat that drew them).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analyze/analyze.h"
#include "../analyze/rank.h"
#include "../plots/outdir.h"
#include "../plots/plots.h"
#include "commands.h"
#include "msg.h"
#include "opts.h"
#include "res_report.h"
#include "writers.h"

#define SVG_MAX (64u << 20)             /* a figure is a few hundred KB */

static void
help(FILE *fp)
{
	fputs("usage: ttftstat report -o DIR [OPTIONS] FILE...\n"
	      "       ttftstat report -o DIR --compare [OPTIONS] BASE NEW\n\n"
	      "Writes DIR/index.html, one self-contained page to decide from\n"
	      "(findings per model, the summary with intervals and error\n"
	      "rates, cold starts and keep-warm windows, the figures, how the\n"
	      "capture was made, how to reproduce it), and DIR/report.md, its\n"
	      "Markdown twin, beside the figures.  Needs gnuplot for the\n"
	      "figures (exit 69 without it, the rest written all the same).\n\n"
	      "options:\n", fp);
	opts_help(fp, CMD_REPORT);
}

/* The SVG of each figure, read back from DIR (NULL where none was). */
static int
load(struct outdir *d, const struct figures *fl, bool drawn,
     unsigned char ***svg, size_t **len, struct err *e)
{
	*svg = calloc(fl->n + 1, sizeof **svg);
	*len = calloc(fl->n + 1, sizeof **len);
	if (*svg == NULL || *len == NULL)
		return err_nomem(e);
	for (size_t i = 0; i < fl->n && drawn; i++) {
		char file[96];
		int rc;
		snprintf(file, sizeof file, "%s.svg", fl->f[i].name);
		if ((rc = outdir_read(d, file, SVG_MAX, &(*svg)[i], &(*len)[i], e)) != 0)
			return rc;
	}
	return 0;
}

static void
unload(unsigned char **svg, size_t *len, size_t n)
{
	for (size_t i = 0; svg != NULL && i < n; i++)
		free(svg[i]);
	free(svg);
	free(len);
}

static int
write_file(struct outdir *d, const char *name, const struct rdoc *doc,
           bool html, const struct opts *o, struct err *e)
{
	struct wopts w = {false, o->quiet, WRITERS_WIDTH};
	struct outfile f;
	int rc;

	if ((rc = outfile_create(d, name, &f, e)) != 0)
		return rc;
	if (html)
		write_html(f.fp, doc, &w);
	else
		write_md(f.fp, doc, &w);
	return outfile_commit(&f, e);
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org) fixes the date the report
 * says it was made on; otherwise it is now. */
static long long
report_date(bool *fixed)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	*fixed = false;
	if (s != NULL && *s != '\0') {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 0) {
			*fixed = true;
			return v;
		}
	}
	return (long long)time(NULL);
}

static int
render(const struct plot_opts *po, const struct figures *fl, bool *drawn,
       struct err *e)
{
	char *warnings = NULL;
	int rc = plots_render(po, fl, &warnings, e);

	if (warnings != NULL && *warnings != '\0')
		for (char *line = strtok(warnings, "\n"); line;
		     line = strtok(NULL, "\n"))
			msg_warn("gnuplot: %s", line);
	free(warnings);
	if (rc == ERR_UNAVAILABLE) {
		*drawn = false;
		return 0;
	}
	return rc;
}

int
cmd_report(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL, *tb = NULL;
	struct cells *cs = NULL, *cb = NULL;
	struct comparison *cmp = NULL;
	struct rank_result *rr = NULL;
	struct figures fl = {NULL, 0, 0, 0, 0}, cfl = {NULL, 0, 0, 0, 0};
	unsigned char **svg = NULL, **csvg = NULL;
	size_t *svg_len = NULL, *csvg_len = NULL;
	struct plot_opts po;
	struct report_in in;
	struct cmp_labels labels;
	struct rdoc *doc = NULL;
	struct outdir dir = {-1, NULL};
	char ci_label[64];
	bool drawn = true;
	int metric = RANK_P95, rc;
	struct rank_opts ro;

	if ((rc = opts_begin(&o, argc, argv, CMD_REPORT, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	if (o.output == NULL) {
		rc = err_set(&e, ERR_USAGE, "report needs -o DIR, the folder for the "
		             "report");
		goto fail;
	}
	if (o.npaths == 0 || (o.compare && o.npaths != 2)) {
		rc = err_set(&e, ERR_USAGE, o.compare
		             ? "report --compare needs BASE and NEW"
		             : "report needs at least one FILE (- reads standard input)");
		goto fail;
	}
	if (o.metric != NULL && (metric = rank_metric_parse(o.metric)) < 0) {
		rc = err_set(&e, ERR_USAGE, "--by-metric '%s' is not p95, median, "
		             "cv or cold_share", o.metric);
		goto fail;
	}
	memset(&po, 0, sizeof po);
	po.dir = o.output;
	po.term = GP_SVG;
	po.max_cells = o.max_figures;
	/* drawn for a page 900 px wide, read at 9 pt or more in print */
	po.width = 860;
	po.font = 13;
	snprintf(ci_label, sizeof ci_label, "%g %% %s bootstrap interval",
	         100.0 * o.s.confidence, o.s.ci == CI_BCA ? "BCa" : "percentile");
	po.ci_label = ci_label;
	if (o.compare) {
		struct analyze_opts ao;
		analyze_options(&o, true, &ao);
		labels.base = o.label_base ? o.label_base : o.paths[0];
		labels.new_ = o.label_new ? o.label_new : o.paths[1];
		if ((rc = pipeline_analyse_list(&o, o.paths[0], &tb, &cb, &e)) != 0 ||
		    (rc = pipeline_analyse_list(&o, o.paths[1], &t, &cs, &e)) != 0 ||
		    (rc = compare_cells(tb, cb, t, cs, &ao, o.alpha, &cmp, &e)) != 0)
			goto fail;
	} else if ((rc = pipeline_analyse(&o, true, &t, &cs, &e)) != 0) {
		goto fail;
	}
	rank_options(&o, &ro);
	if ((rc = rank_cells(t, cs, (enum rank_metric)metric, &ro, &rr,
	                     &e)) != 0 ||
	    (rc = plots_write(t, cs, &po, &fl, &e)) != 0 ||
	    (cmp != NULL && (rc = plots_compare(cmp, &po, &cfl, &e)) != 0 &&
	     rc != ERR_DATA))
		goto fail;
	rc = 0;
	if ((rc = render(&po, &fl, &drawn, &e)) != 0 ||
	    (drawn && (rc = render(&po, &cfl, &drawn, &e)) != 0) ||
	    (rc = outdir_open(&dir, o.output, &e)) != 0 ||
	    (rc = load(&dir, &fl, drawn, &svg, &svg_len, &e)) != 0 ||
	    (rc = load(&dir, &cfl, drawn, &csvg, &csvg_len, &e)) != 0)
		goto fail;
	memset(&in, 0, sizeof in);
	in.o = &o;
	in.argc = argc;
	in.argv = argv;
	in.date = report_date(&in.date_fixed);
	in.t = t;
	in.cs = cs;
	in.rank = rr;
	in.fl = &fl;
	in.svg = svg;
	in.svg_len = svg_len;
	in.tb = tb;
	in.cmp = cmp;
	in.labels = &labels;
	in.cfl = &cfl;
	in.csvg = csvg;
	in.csvg_len = csvg_len;
	if ((doc = res_report(&in)) == NULL || doc->failed) {
		rc = err_nomem(&e);
		goto fail;
	}
	if ((rc = write_file(&dir, "index.html", doc, true, &o, &e)) != 0 ||
	    (rc = write_file(&dir, "report.md", doc, false, &o, &e)) != 0)
		goto fail;
	if (!o.quiet)
		msg_warn("report in %s/index.html (and report.md beside its %zu "
		         "figures)", o.output, fl.n + cfl.n);
	if (!drawn) {
		rc = err_set(&e, ERR_UNAVAILABLE, "the figures need gnuplot, which is "
		             "not installed (Debian: apt-get install gnuplot-nox); "
		             "the report was written without them");
		goto fail;
	}
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if ((rc = pipeline_status(t)) == 0 && tb != NULL)
		rc = pipeline_status(tb);
fail:
	if (rc != 0 && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	outdir_close(&dir);
	rdoc_free(doc);
	unload(svg, svg_len, fl.n);
	unload(csvg, csvg_len, cfl.n);
	figures_free(&fl);
	figures_free(&cfl);
	rank_free(rr);
	comparison_free(cmp);
	cells_free(cs);
	cells_free(cb);
	trace_free(t);
	trace_free(tb);
	opts_free(&o);
	return rc;
}
