/*
 * main.c — ttftstat's entry point: find the command, run it, make sure
 * everything it printed reached its destination, exit with its code.
 */
#include <errno.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/err.h"
#include "commands.h"
#include "msg.h"
#include "opts.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{"summary", cmd_summary,
	 "per model x provider cell: median, p95, p99, CV%, tier, intervals, "
	 "cold starts"},
	{"classify", cmd_classify,
	 "every request with its cell, TTFT and probability of a cold start"},
	{"compare", cmd_compare,
	 "BASE against NEW per cell: deltas with intervals, tests, CI gates"},
	{"rank", cmd_rank,
	 "per model, providers best first, ties where tests cannot tell"},
	{"plot", cmd_plot,
	 "report figures as gnuplot scripts: CV bars, histograms, ECDFs, ..."},
	{"report", cmd_report,
	 "one HTML page (and its Markdown twin) to decide from"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void
usage(FILE *fp)
{
	fputs("usage: ttftstat COMMAND [OPTIONS] FILE...\n\n"
	      "Time-to-first-token statistics for LLM inference traces.\n\n"
	      "commands:\n", fp);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'ttftstat COMMAND --help' shows a command's options; "
	      "man ttftstat has the rest.\n", fp);
}

/* jq's rule: output that did not reach its destination is a failure. */
static int
close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		msg_error("cannot write the output: %s", strerror(errno));
		return ERR_IO;
	}
	return rc;
}

int
main(int argc, char **argv)
{
	/* GSL's default handler aborts the process; every GSL status is
	 * checked where it is returned instead. */
	gsl_set_error_handler_off();

	if (argc < 2) {
		usage(stderr);
		return ERR_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return close_stdout(0);
	}
	if (strcmp(argv[1], "--version") == 0) {
		puts("ttftstat " TTFTSTAT_VERSION);
		return close_stdout(0);
	}
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return close_stdout(commands[i].run(argc, argv));
	{
		/* a typo of a command: the nearest by edit distance */
		const char *near = NULL;
		size_t best = 3;
		for (size_t i = 0; i < NCOMMANDS; i++) {
			size_t d = edit_distance(argv[1], commands[i].name);
			if (d < best) {
				best = d;
				near = commands[i].name;
			}
		}
		if (near != NULL)
			msg_error("'%s' is not a command; did you mean '%s'?", argv[1],
			          near);
		else
			msg_error("'%s' is not a command; 'ttftstat --help' lists them",
			          argv[1]);
	}
	return ERR_USAGE;
}
