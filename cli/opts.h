/*
 * opts.h — the command line shared by the commands.
 */
#ifndef TTFT_OPTS_H
#define TTFT_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "../analyze/cells.h"
#include "../ingest/ingest.h"

#define TTFTSTAT_VERSION "0.1.0"

/* What the analysis ran with (the JSON's "settings"). */
struct report_settings {
	size_t warmup;
	unsigned long bootstrap;
	double confidence;
	unsigned long long seed;
	enum ci_method ci;
	unsigned threads;               /* 0 = one per CPU; never in output */
	bool wide;                      /* text: every column, names uncut */
};

enum out_format { OUT_TEXT, OUT_JSON, OUT_CSV, OUT_MD };

/* Which commands an option is for. */
enum { CMD_SUMMARY = 1, CMD_CLASSIFY = 2, CMD_PLOT = 4, CMD_COMPARE = 8,
       CMD_RANK = 16, CMD_REPORT = 32 };

#define OPTS_MAX_GATES 32
#define OPTS_MAX_SETS 32
/* --bootstrap below this warns that the intervals are rough */
#define BOOTSTRAP_ROUGH 1000

#define OPTS_MAX_EXPORTS 8

struct opts_export {
	enum out_format format;
	const char *path;
};

struct opts {
	struct ingest_opts in;
	struct report_settings s;
	enum out_format out;
	bool out_given;                 /* --format-out was given */
	bool quiet;
	bool help;
	bool preset_help;               /* --preset help */
	bool version;
	char **paths;                   /* the operands, borrowed from argv */
	size_t npaths;
	/* --set in command-line order; operand i is preceded by
	 * operand_sets[i] of them (each --set applies to the files after it,
	 * one after the last file to all of them) */
	struct ingest_set sets[OPTS_MAX_SETS];
	size_t nsets;
	char **operands;                /* paths as parsed (paths may be
	                                   swapped by compare and plot) */
	size_t *operand_len, *operand_sets, noperands;
	const char *name_from;          /* --name-from PATTERN */
	char *by_copy;                  /* --by, split in place; owned */
	const char *output;             /* plot: -o DIR */
	bool render;                    /* plot: run gnuplot */
	bool compare;                   /* plot: BASE NEW */
	int terminal;                   /* plot: 0 png, 1 svg, 2 pdf */
	const char *gates[OPTS_MAX_GATES];  /* --fail-if, as given */
	size_t ngates;
	double alpha;                   /* compare: --alpha */
	const char *label_base, *label_new;
	const char *split;              /* compare: --split COL=A,B */
	const char *metric;             /* rank: --by-metric */
	struct opts_export exports[OPTS_MAX_EXPORTS];   /* --export-FMT FILE */
	struct tz *tz;                  /* --tz, loaded; owned */
	int peak_from, peak_to;         /* --peak-hours; 0, 0: 9-17 */
	size_t max_figures;             /* plot, report: --max-figures */
	bool keep_lines;                /* classify: rows keep their lines */
	size_t nexports;
};

/*
 * Parse argv[first..argc-1] (the command's own arguments).  Returns 0, or
 * ERR_USAGE with a message naming the option (and the nearest valid one
 * when it looks like a typo).  opts_free() releases what it allocated.
 */
int opts_parse(struct opts *o, int argc, char **argv, int first,
               unsigned cmd, struct err *e);
void opts_free(struct opts *o);

/* What every command does first: parse its options (argv[2..]), set -q,
 * and answer --help, --preset help and --version on stdout (the caller
 * then returns 0 when o->help, o->preset_help or o->version is set). */
int opts_begin(struct opts *o, int argc, char **argv, unsigned cmd,
               void (*help)(FILE *), struct err *e);

/* Read every input of o into a new table (*t, also on failure: the
 * caller frees it), report the rejections, fail when nothing is usable. */
int pipeline_read(const struct opts *o, struct trace **t, struct err *e);

/* After the output: the exit status inputs that could not be read call
 * for (66, 74 or 65), or 0. */
int pipeline_status(const struct trace *t);

/* pipeline_read, then the cells and their analysis (intervals only when
 * asked: classify and compare need the mixture alone). */
int pipeline_analyse(const struct opts *o, bool intervals, struct trace **t,
                     struct cells **cs, struct err *e);

/* Levenshtein distance of two short names (SIZE_MAX past 62 bytes): for
 * "did you mean". */
size_t edit_distance(const char *a, const char *b);

/* pipeline_analyse of one operand that names a file or a comma-separated
 * list of them (compare's and plot's BASE and NEW); list is split in
 * place. */
int pipeline_analyse_list(struct opts *o, char *list, struct trace **t,
                          struct cells **cs, struct err *e);

/* The ranking's settings from the options (rank, report). */
struct rank_opts;
struct analyze_opts;
void rank_options(const struct opts *o, struct rank_opts *ro);
/* The analysis options of the command line (B = 0 unless intervals). */
void analyze_options(const struct opts *o, bool intervals,
                     struct analyze_opts *ao);

/* The option lines of --help for one command (a CMD_* bit). */
void opts_help(FILE *fp, unsigned cmd);

#endif
