/*
 * cmd_classify.c — `ttftstat classify`: every request of the inputs with
 * its cell, TTFT and the posterior probability that it was a cold start,
 * so users can join the verdicts back to their own logs (by source and
 * line).  Cells in summary order, requests in time order within a cell.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "commands.h"
#include "emit.h"
#include "msg.h"
#include "opts.h"
#include "res.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat classify [OPTIONS] FILE...\n\n"
	      "Every request with its cell, TTFT and p_cold, the probability\n"
	      "under the cell's two-component mixture that it was a cold\n"
	      "start (0 when the cell shows no cold starts).  Output: CSV\n"
	      "unless --format-out says otherwise.\n\noptions:\n", fp);
	opts_help(fp, CMD_CLASSIFY);
}

int
cmd_classify(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct rdoc *doc = NULL;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_CLASSIFY, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "classify needs at least one FILE "
		             "(- reads standard input)");
		goto fail;
	}
	/* one line per request, to join back to the user's logs: CSV
	 * unless another format is asked for */
	if (!o.out_given)
		o.out = OUT_CSV;
	/* p_cold needs the mixture only: no intervals; its rows say their
	 * line */
	o.keep_lines = true;
	if ((rc = pipeline_analyse(&o, false, &t, &cs, &e)) != 0)
		goto fail;
	if ((doc = res_classify(&o, t, cs)) == NULL) {
		rc = err_nomem(&e);
		goto fail;
	}
	if ((rc = emit(doc, &o, &e)) != 0)
		goto fail;
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	rc = pipeline_status(t);
fail:
	if (rc != 0 && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	rdoc_free(doc);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
