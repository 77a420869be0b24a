/*
 * cmd_plot.c — `ttftstat plot -o DIR`: report figures as gnuplot scripts
 * and data files (plots/), optionally rendered.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../plots/plots.h"
#include "commands.h"
#include "msg.h"
#include "opts.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat plot -o DIR [OPTIONS] FILE...\n"
	      "       ttftstat plot -o DIR --compare [OPTIONS] BASE NEW\n\n"
	      "Writes gnuplot scripts (NAME.gp) and their data (NAME.dat) for the\n"
	      "report figures into DIR, with index.html; --render runs gnuplot.\n"
	      "BASE and NEW may each be a comma-separated list of files.\n\n"
	      "options:\n", fp);
	opts_help(fp, CMD_PLOT);
}

int
cmd_plot(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL, *t2 = NULL;
	struct cells *cs = NULL, *cs2 = NULL;
	struct comparison *cmp = NULL;
	struct figures fl = {NULL, 0, 0, 0, 0};
	struct plot_opts po;
	char ci_label[64];
	char *warnings = NULL;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_PLOT, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	if (o.output == NULL) {
		rc = err_set(&e, ERR_USAGE, "plot needs -o DIR, the folder for the "
		             "figures");
		goto fail;
	}
	if (o.npaths == 0 || (o.compare && o.npaths != 2)) {
		rc = err_set(&e, ERR_USAGE, o.compare
		             ? "plot --compare needs BASE and NEW"
		             : "plot needs at least one FILE (- reads standard input)");
		goto fail;
	}
	memset(&po, 0, sizeof po);
	po.dir = o.output;
	po.term = (enum gp_terminal)o.terminal;
	po.max_cells = o.max_figures;
	snprintf(ci_label, sizeof ci_label, "%g %% %s bootstrap interval",
	         100.0 * o.s.confidence, o.s.ci == CI_BCA ? "BCa" : "percentile");
	po.ci_label = ci_label;
	if (o.compare) {
		struct analyze_opts ao;
		analyze_options(&o, true, &ao);
		if ((rc = pipeline_analyse_list(&o, o.paths[0], &t, &cs, &e)) != 0 ||
		    (rc = pipeline_analyse_list(&o, o.paths[1], &t2, &cs2, &e)) != 0 ||
		    (rc = compare_cells(t, cs, t2, cs2, &ao, o.alpha, &cmp, &e)) != 0 ||
		    (rc = plots_compare(cmp, &po, &fl, &e)) != 0)
			goto fail;
	} else {
		if ((rc = pipeline_analyse(&o, true, &t, &cs, &e)) != 0 ||
		    (rc = plots_write(t, cs, &po, &fl, &e)) != 0)
			goto fail;
	}
	if ((rc = plots_index(&po, &fl, &e)) != 0)
		goto fail;
	if (o.render) {
		rc = plots_render(&po, &fl, &warnings, &e);
		/* gnuplot's own words, once, on stderr */
		if (warnings != NULL && *warnings != '\0')
			for (char *line = strtok(warnings, "\n"); line;
			     line = strtok(NULL, "\n"))
				msg_warn("gnuplot: %s", line);
		if (rc != 0)
			goto fail;
	}
	if (!o.quiet)
		msg_warn("%zu figures in %s/ (index.html lists them)%s", fl.n,
		         o.output, o.render ? "" : "; --render draws them");
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(t);
		if (s != 0)
			rc = s;
	}
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(t2);
		if (s != 0)
			rc = s;
	}
fail:
	if (rc != 0 && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	free(warnings);
	figures_free(&fl);
	comparison_free(cmp);
	cells_free(cs);
	cells_free(cs2);
	trace_free(t);
	trace_free(t2);
	opts_free(&o);
	return rc;
}
