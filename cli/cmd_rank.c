/*
 * cmd_rank.c — `ttftstat rank`: which provider for which model
 * (analyze/rank.h decides; res_rank.c says it).
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../analyze/rank.h"
#include "commands.h"
#include "emit.h"
#include "msg.h"
#include "opts.h"
#include "res.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat rank [OPTIONS] FILE...\n\n"
	      "Per model, providers from best to worst by --by-metric (p95,\n"
	      "median, cv or cold_share; lower is better) with intervals; "
	      "neighbours\nthat a test cannot tell apart share a rank.\n\n"
	      "options:\n", fp);
	opts_help(fp, CMD_RANK);
}

int
cmd_rank(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct rank_result *rr = NULL;
	struct rdoc *doc = NULL;
	int metric = RANK_P95;
	struct rank_opts ro;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_RANK, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	if (o.metric != NULL && (metric = rank_metric_parse(o.metric)) < 0) {
		rc = err_set(&e, ERR_USAGE, "--by-metric '%s' is not p95, median, "
		             "cv or cold_share", o.metric);
		goto fail;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "rank needs at least one FILE "
		             "(- reads standard input)");
		goto fail;
	}
	rank_options(&o, &ro);
	if ((rc = pipeline_analyse(&o, true, &t, &cs, &e)) != 0 ||
	    (rc = rank_cells(t, cs, (enum rank_metric)metric, &ro, &rr,
	                     &e)) != 0)
		goto fail;
	if ((doc = res_rank(&o, t, rr)) == NULL) {
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
	rank_free(rr);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
