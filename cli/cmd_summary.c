/*
 * cmd_summary.c — `ttftstat summary`: read every input into one trace
 * table, build the cells, print one row per cell.
 */
#include <stdlib.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../analyze/gates.h"
#include "../ingest/ingest.h"
#include "commands.h"
#include "emit.h"
#include "msg.h"
#include "opts.h"
#include "res.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat summary [OPTIONS] FILE...\n\n"
	      "One row per cell (default cell: model x provider): n, errors,\n"
	      "median, p95, p99, sd, CV% and its tier; bootstrap intervals;\n"
	      "the warm/cold-start mixture fit and the idle-gap analysis.\n"
	      "FILE may be - for standard input.\n\noptions:\n", fp);
	opts_help(fp, CMD_SUMMARY);
}

int
cmd_summary(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct rdoc *doc = NULL;
	struct gate gates[OPTS_MAX_GATES];
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_SUMMARY, help, &e)) != 0)
		goto fail;
	if (o.help || o.version || o.preset_help) {
		opts_free(&o);
		return 0;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "summary needs at least one FILE "
		             "(- reads standard input)");
		goto fail;
	}
	/* a malformed gate is a usage error before any input is read */
	for (size_t i = 0; i < o.ngates; i++)
		if ((rc = gate_parse(o.gates[i], false, &gates[i], &e)) != 0)
			goto fail;
	if ((rc = pipeline_analyse(&o, true, &t, &cs, &e)) != 0)
		goto fail;
	for (size_t i = 0; i < cs->n; i++)
		for (size_t g = 0; g < o.ngates; g++)
			if (gate_trips_cell(&gates[g], &cs->c[i]))
				cs->c[i].gates |= 1u << g;
	if ((doc = res_summary(&o, t, cs, gates, o.ngates)) == NULL) {
		rc = err_nomem(&e);
		goto fail;
	}
	if ((rc = emit(doc, &o, &e)) != 0)
		goto fail;
	/* the gates decide the exit status only once the report is out */
	if (doc->tripped)
		rc = ERR_GATE;
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(t);
		if (s != 0)
			rc = s;
	}
fail:
	if (rc != 0 && rc != ERR_GATE && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	rdoc_free(doc);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
