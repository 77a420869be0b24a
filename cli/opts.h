/*
 * opts.h — the command line shared by the commands.
 */
#ifndef TTFT_OPTS_H
#define TTFT_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../ingest/ingest.h"
#include "report.h"

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_MD };

struct opts {
	struct ingest_opts in;
	struct report_settings s;
	enum out_format out;
	bool quiet;
	bool help;
	bool preset_help;               /* --preset help */
	bool version;
	char **paths;                   /* the operands, borrowed from argv */
	size_t npaths;
	char *by_copy;                  /* --by, split in place; owned */
};

/*
 * Parse argv[first..argc-1] (the command's own arguments).  Returns 0, or
 * ERR_USAGE with a message naming the option (and the nearest valid one
 * when it looks like a typo).  opts_free() releases what it allocated.
 */
int opts_parse(struct opts *o, int argc, char **argv, int first,
               struct err *e);
void opts_free(struct opts *o);

/* Read every input of o into a new table (*t, also on failure: the
 * caller frees it), report the rejections, fail when nothing is usable. */
int pipeline_read(const struct opts *o, struct trace **t, struct err *e);

/* The option lines of --help, shared by the commands. */
void opts_help(FILE *fp);

#endif
