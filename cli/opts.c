/*
 * opts.c — option parsing by table, so --help, the parser and the "did you
 * mean" suggestion all read the same list.  Both "--name value" and
 * "--name=value" work; "--" ends the options.
 */
#include "opts.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../ingest/field.h"
#include "../ingest/tz.h"
#include "../plots/plots.h"
#include "msg.h"

enum opt_id {
	O_BY, O_WARMUP, O_BOOTSTRAP, O_CONFIDENCE, O_SEED, O_FORMAT_OUT,
	O_STRICT, O_QUIET, O_HELP, O_VERSION, O_FORMAT, O_TTFT, O_UNIT,
	O_START, O_FIRST_TOKEN, O_STATUS, O_EPOCH_UNIT, O_PRESET, O_WHERE,
	O_SET, O_CI, O_THREADS, O_WIDE, O_OUTPUT, O_RENDER, O_TERMINAL,
	O_COMPARE, O_FAIL_IF, O_ALPHA, O_LABEL_BASE, O_LABEL_NEW, O_SPLIT, O_TZ, O_BY_METRIC,
	O_NAME_FROM, O_EXPORT_JSON, O_EXPORT_CSV, O_EXPORT_MD, O_MAX_FIGURES,
	O_PEAK_HOURS
};

struct optdef {
	const char *name;
	char short_name;
	const char *arg;                /* NULL: takes no argument */
	enum opt_id id;
	const char *help;
	unsigned cmds;                  /* CMD_* bits: which commands take it */
};

#define ALL (CMD_SUMMARY | CMD_CLASSIFY | CMD_PLOT | CMD_COMPARE | CMD_RANK | \
             CMD_REPORT)
#define STATS (CMD_SUMMARY | CMD_PLOT | CMD_COMPARE | CMD_RANK | CMD_REPORT)

static const struct optdef optdefs[] = {
	{"by", 0, "KEYS", O_BY, "group by these fields (default model,provider)", ALL},
	{"warmup", 0, "N", O_WARMUP, "drop the first N successful requests of each cell", ALL},
	{"bootstrap", 0, "B", O_BOOTSTRAP, "bootstrap resamples (default 10000)", STATS},
	{"confidence", 0, "C", O_CONFIDENCE, "confidence level (default 0.95)", STATS},
	{"seed", 0, "S", O_SEED, "random seed (default 1)", ALL},
	{"ci", 0, "METHOD", O_CI, "interval method: bca (default) or percentile", STATS},
	{"threads", 0, "N", O_THREADS, "worker threads (default: one per CPU)", ALL},
	{"format-out", 0, "FMT", O_FORMAT_OUT, "text (default), json, csv or markdown", CMD_SUMMARY | CMD_CLASSIFY | CMD_COMPARE | CMD_RANK},
	{"export-json", 0, "FILE", O_EXPORT_JSON, "also write the JSON to FILE (repeatable)", CMD_SUMMARY | CMD_CLASSIFY | CMD_COMPARE | CMD_RANK},
	{"export-csv", 0, "FILE", O_EXPORT_CSV, "also write the CSV to FILE (repeatable)", CMD_SUMMARY | CMD_CLASSIFY | CMD_COMPARE | CMD_RANK},
	{"export-markdown", 0, "FILE", O_EXPORT_MD, "also write the Markdown to FILE (repeatable)", CMD_SUMMARY | CMD_CLASSIFY | CMD_COMPARE | CMD_RANK},
	{"fail-if", 0, "EXPR", O_FAIL_IF, "exit 1 when a cell meets EXPR, e.g. p95>1.5s, cv>100, errors>5%", CMD_SUMMARY},
	{"fail-if", 0, "EXPR", O_FAIL_IF, "exit 1 when a change meets EXPR, e.g. regression, p95_pct>10", CMD_COMPARE},
	{"alpha", 0, "A", O_ALPHA, "significance level after Holm's correction (default 0.05)", CMD_COMPARE | CMD_RANK | CMD_REPORT},
	{"by-metric", 0, "M", O_BY_METRIC, "rank by p95 (default), median, cv or cold_share", CMD_RANK | CMD_REPORT},
	{"label-base", 0, "NAME", O_LABEL_BASE, "the base column's title (default: its file names)", CMD_COMPARE | CMD_REPORT},
	{"label-new", 0, "NAME", O_LABEL_NEW, "the new column's title (default: its file names)", CMD_COMPARE | CMD_REPORT},
	{"split", 0, "COL=A,B", O_SPLIT, "compare records with COL=A (base) to COL=B (new) in FILE...", CMD_COMPARE},
	{"output", 'o', "DIR", O_OUTPUT, "the folder for the figures (created if missing)", CMD_PLOT},
	{"output", 'o', "DIR", O_OUTPUT, "the folder for the report and its figures (created if missing)", CMD_REPORT},
	{"render", 0, NULL, O_RENDER, "also run gnuplot on every script", CMD_PLOT},
	{"terminal", 0, "T", O_TERMINAL, "png (default), svg or pdf", CMD_PLOT},
	{"compare", 0, NULL, O_COMPARE, "FILE... are BASE NEW: compare-* figures", CMD_PLOT},
	{"compare", 0, NULL, O_COMPARE, "FILE... are BASE NEW: add the changes and verdicts", CMD_REPORT},
	{"max-figures", 0, "N", O_MAX_FIGURES, "per-cell figures for the N worst cells at most (default 50; 0: all)", CMD_PLOT | CMD_REPORT},
	{"wide", 0, NULL, O_WIDE, "text output: every column, names uncut", CMD_SUMMARY | CMD_CLASSIFY | CMD_COMPARE | CMD_RANK},
	{"strict", 0, NULL, O_STRICT, "the first bad record is an error (exit 65)", ALL},
	{"quiet", 'q', NULL, O_QUIET, "no warnings, on stderr or in the output", ALL},
	{"help", 'h', NULL, O_HELP, "show this help", ALL},
	{"version", 0, NULL, O_VERSION, "show the version", ALL},
	{"format", 0, "FMT", O_FORMAT, "csv, tsv, msgpack, har, json, jsonl (default: detect)", ALL},
	{"ttft", 0, "COL", O_TTFT, "the TTFT column", ALL},
	{"unit", 0, "U", O_UNIT, "unit of the TTFT column: s, ms, us or ns", ALL},
	{"start", 0, "COL", O_START, "the request start-time column", ALL},
	{"first-token", 0, "COL", O_FIRST_TOKEN, "first-token time column: TTFT = it - start", ALL},
	{"status", 0, "COL", O_STATUS, "the HTTP status column", ALL},
	{"epoch-unit", 0, "U", O_EPOCH_UNIT, "unit of numeric timestamps (default: by magnitude)", ALL},
	{"preset", 0, "NAME", O_PRESET, "mapping of a harness's output ('--preset help' lists them)", ALL},
	{"where", 0, "EXPR", O_WHERE, "keep records with COL=V, COL!=V or COL~SUBSTRING", ALL},
	{"set", 0, "KEY=VALUE", O_SET, "stamp a group key on the files after it (after the last: on all)", ALL},
	{"name-from", 0, "PATTERN", O_NAME_FROM, "group keys from file names, e.g. '{provider}_{model}.json'", ALL},
	{"tz", 0, "ZONE", O_TZ, "time zone of the hour, weekday and date keys: UTC, +02:00, Europe/Paris", ALL},
	{"peak-hours", 0, "H-H", O_PEAK_HOURS, "the capture audit's peak hours on weekdays, local (default 9-17)", CMD_SUMMARY | CMD_COMPARE | CMD_REPORT},
};

#define NOPTS (sizeof optdefs / sizeof optdefs[0])

void
opts_help(FILE *fp, unsigned cmd)
{
	for (size_t i = 0; i < NOPTS; i++) {
		char left[64];
		const struct optdef *d = &optdefs[i];
		if (!(d->cmds & cmd))
			continue;
		if (d->short_name)
			snprintf(left, sizeof left, "-%c, --%s%s%s", d->short_name,
			         d->name, d->arg ? " " : "", d->arg ? d->arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", d->name,
			         d->arg ? " " : "", d->arg ? d->arg : "");
		fprintf(fp, "  %-26s %s\n", left, d->help);
	}
}

static const char *const command_names[] = {
	"summary", "classify", "plot", "compare", "rank", "report"}; /* by CMD_ bit */
#define NCOMMAND_NAMES 6

static const char *
command_name(unsigned cmd)
{
	for (unsigned b = 0; b < NCOMMAND_NAMES; b++)
		if (cmd == 1u << b)
			return command_names[b];
	return "summary";
}

/* "rank", "summary and compare", "summary, compare and rank" */
static void
command_list(char *buf, size_t size, unsigned cmds)
{
	size_t o = 0, n = 0, total = 0;

	for (unsigned b = 0; b < NCOMMAND_NAMES; b++)
		total += (cmds >> b) & 1u;
	buf[0] = '\0';
	for (unsigned b = 0; b < NCOMMAND_NAMES && o < size; b++)
		if (cmds & (1u << b)) {
			n++;
			o += (size_t)snprintf(buf + o, size - o, "%s%s",
			                      n == 1 ? "" : n == total ? " and " : ", ",
			                      command_names[b]);
		}
}

/* Levenshtein distance, capped: enough to suggest a name. */
size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return SIZE_MAX;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, (lb + 1) * sizeof cur[0]);
	}
	return prev[lb];
}

static int
unknown_option(const char *arg, unsigned cmd, struct err *e)
{
	const char *name = arg + strspn(arg, "-");
	size_t best = SIZE_MAX, bi = 0, len = strcspn(name, "=");
	char bare[64];

	snprintf(bare, sizeof bare, "%.*s", (int)(len < 63 ? len : 63), name);
	for (size_t i = 0; i < NOPTS; i++) {
		size_t d = edit_distance(bare, optdefs[i].name);
		if (d < best) {
			best = d;
			bi = i;
		}
	}
	if (best <= 2)
		return err_set(e, ERR_USAGE, "unknown option '%s'; did you mean "
		               "'--%s'?", arg, optdefs[bi].name);
	return err_set(e, ERR_USAGE, "unknown option '%s'; see 'ttftstat "
	               "%s --help'", arg, command_name(cmd));
}

static int
parse_count(const char *opt, const char *v, unsigned long long max,
            unsigned long long *out, struct err *e)
{
	char *end;

	errno = 0;
	if (*v == '\0' || *v == '-' || *v == '+')
		goto bad;
	*out = strtoull(v, &end, 10);
	if (errno != 0 || *end != '\0' || *out > max)
		goto bad;
	return 0;
bad:
	return err_set(e, ERR_USAGE, "--%s '%s' is not a whole number from 0 "
	               "to %llu", opt, v, max);
}

static int
parse_time_unit(const char *v, enum time_unit *u, struct err *e)
{
	static const struct {
		const char *name;
		enum time_unit u;
	} units[] = {{"s", TIME_S}, {"ms", TIME_MS}, {"us", TIME_US},
	             {"ns", TIME_NS}, {"auto", TIME_AUTO}};

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(v, units[i].name) == 0) {
			*u = units[i].u;
			return 0;
		}
	return err_set(e, ERR_USAGE, "--epoch-unit '%s' is not s, ms, us, ns "
	               "or auto", v);
}

static int
set_by(struct opts *o, const char *v, struct err *e)
{
	char *tok, *save = NULL;

	free(o->by_copy);
	o->by_copy = strdup(v);
	if (o->by_copy == NULL)
		return err_nomem(e);
	o->in.nby = 0;
	for (tok = strtok_r(o->by_copy, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->in.nby == TRACE_MAX_KEYS)
			return err_set(e, ERR_USAGE, "--by names more than %d keys",
			               TRACE_MAX_KEYS);
		o->in.by[o->in.nby++] = tok;
	}
	if (o->in.nby == 0)
		return err_set(e, ERR_USAGE, "--by needs at least one field name");
	return 0;
}

static int
apply(struct opts *o, const struct optdef *d, const char *v, struct err *e)
{
	unsigned long long n;
	char *end;

	switch (d->id) {
	case O_BY:
		return set_by(o, v, e);
	case O_WARMUP:
		if (parse_count(d->name, v, UINT32_MAX, &n, e) != 0)
			return e->code;
		o->s.warmup = (size_t)n;
		return 0;
	case O_BOOTSTRAP:
		if (parse_count(d->name, v, 100000000ULL, &n, e) != 0)
			return e->code;
		if (n == 1)
			return err_set(e, ERR_USAGE, "--bootstrap 1: an interval needs "
			               "at least 2 resamples (0 turns intervals off)");
		o->s.bootstrap = (unsigned long)n;
		return 0;
	case O_SEED:
		if (parse_count(d->name, v, ULLONG_MAX, &n, e) != 0)
			return e->code;
		o->s.seed = n;
		return 0;
	case O_CONFIDENCE:
		errno = 0;
		o->s.confidence = strtod(v, &end);
		if (errno || *end || !(o->s.confidence > 0 && o->s.confidence < 1))
			return err_set(e, ERR_USAGE, "--confidence '%s' is not a "
			               "number between 0 and 1 (e.g. 0.95)", v);
		return 0;
	case O_FORMAT_OUT:
		o->out_given = true;
		if (strcmp(v, "text") == 0) o->out = OUT_TEXT;
		else if (strcmp(v, "json") == 0) o->out = OUT_JSON;
		else if (strcmp(v, "csv") == 0) o->out = OUT_CSV;
		else if (strcmp(v, "markdown") == 0 || strcmp(v, "md") == 0)
			o->out = OUT_MD;
		else
			return err_set(e, ERR_USAGE, "--format-out '%s' is not text, "
			               "json, csv or markdown", v);
		return 0;
	case O_FORMAT:
		if (strcmp(v, "csv") == 0) o->in.format = INGEST_CSV;
		else if (strcmp(v, "tsv") == 0) o->in.format = INGEST_TSV;
		else if (strcmp(v, "msgpack") == 0) o->in.format = INGEST_MSGPACK;
		else if (strcmp(v, "json") == 0) o->in.format = INGEST_JSON;
		else if (strcmp(v, "jsonl") == 0) o->in.format = INGEST_JSONL;
		else if (strcmp(v, "har") == 0) o->in.format = INGEST_HAR;
		else
			return err_set(e, ERR_USAGE, "--format '%s' is not csv, tsv, "
			               "msgpack, har, json or jsonl", v);
		return 0;
	case O_TTFT: o->in.ttft_col = v; return 0;
	case O_START: o->in.start_col = v; return 0;
	case O_FIRST_TOKEN: o->in.first_token_col = v; return 0;
	case O_STATUS: o->in.status_col = v; return 0;
	case O_UNIT:
		o->in.unit_div = field_unit_divisor(v);
		if (o->in.unit_div == 0)
			return err_set(e, ERR_USAGE, "--unit '%s' is not s, ms, us "
			               "or ns", v);
		return 0;
	case O_EPOCH_UNIT:
		return parse_time_unit(v, &o->in.time_unit, e);
	case O_PRESET:
		o->in.preset = ingest_preset_find(v);
		if (o->in.preset == NULL && strcmp(v, "help") != 0)
			return err_set(e, ERR_USAGE, "--preset '%s' is unknown; "
			               "'--preset help' lists them", v);
		o->preset_help = o->in.preset == NULL;
		return 0;
	case O_WHERE:
		if (o->in.nwhere == INGEST_MAX_WHERE)
			return err_set(e, ERR_USAGE, "at most %d --where filters",
			               INGEST_MAX_WHERE);
		return ingest_where_parse(v, &o->in.where[o->in.nwhere++], e);
	case O_SET: {
		const char *eq = strchr(v, '=');
		if (eq == NULL || eq == v)
			return err_set(e, ERR_USAGE, "--set '%s' is not KEY=VALUE", v);
		if (o->nsets == OPTS_MAX_SETS)
			return err_set(e, ERR_USAGE, "at most %d --set options",
			               OPTS_MAX_SETS);
		o->sets[o->nsets].key = v;
		o->sets[o->nsets].key_len = (size_t)(eq - v);
		o->sets[o->nsets++].value = eq + 1;
		return 0;
	}
	case O_NAME_FROM:
		if (strchr(v, '{') == NULL)
			return err_set(e, ERR_USAGE, "--name-from '%s' names no key: "
			               "write them as {key}, e.g. "
			               "'{provider}_{model}.json'", v);
		o->name_from = v;
		return 0;
	case O_CI:
		if (strcmp(v, "bca") == 0) o->s.ci = CI_BCA;
		else if (strcmp(v, "percentile") == 0) o->s.ci = CI_PERCENTILE;
		else
			return err_set(e, ERR_USAGE, "--ci '%s' is not bca or "
			               "percentile", v);
		return 0;
	case O_THREADS:
		if (parse_count(d->name, v, 64, &n, e) != 0)
			return e->code;
		o->s.threads = (unsigned)n;
		return 0;
	case O_WIDE: o->s.wide = true; return 0;
	case O_MAX_FIGURES:
		if (parse_count(d->name, v, 1000000, &n, e) != 0)
			return e->code;
		o->max_figures = (size_t)n;
		return 0;
	case O_EXPORT_JSON:
	case O_EXPORT_CSV:
	case O_EXPORT_MD:
		if (o->nexports == OPTS_MAX_EXPORTS)
			return err_set(e, ERR_USAGE, "at most %d --export options",
			               OPTS_MAX_EXPORTS);
		if (strcmp(v, "-") == 0 || v[0] == '\0')
			return err_set(e, ERR_USAGE, "--%s needs a file name (standard "
			               "output is --format-out's)", d->name);
		o->exports[o->nexports].format = d->id == O_EXPORT_JSON ? OUT_JSON
		                                 : d->id == O_EXPORT_CSV ? OUT_CSV
		                                 : OUT_MD;
		o->exports[o->nexports++].path = v;
		return 0;
	case O_OUTPUT: o->output = v; return 0;
	case O_FAIL_IF:
		if (o->ngates == OPTS_MAX_GATES)
			return err_set(e, ERR_USAGE, "at most %d --fail-if gates",
			               OPTS_MAX_GATES);
		o->gates[o->ngates++] = v;
		return 0;
	case O_ALPHA:
		errno = 0;
		o->alpha = strtod(v, &end);
		if (errno || *end || !(o->alpha > 0 && o->alpha < 1))
			return err_set(e, ERR_USAGE, "--alpha '%s' is not a number "
			               "between 0 and 1 (e.g. 0.05)", v);
		return 0;
	case O_LABEL_BASE: o->label_base = v; return 0;
	case O_LABEL_NEW: o->label_new = v; return 0;
	case O_SPLIT: o->split = v; return 0;
	case O_BY_METRIC: o->metric = v; return 0;
	case O_TZ:
		/* read here, once: a bad zone is a usage error before any
		 * input is read, and the environment is left alone */
		tz_free(o->tz);
		o->tz = NULL;
		if (tz_load(v, &o->tz, e) != 0)
			return e->code;
		o->in.tz = o->tz;
		return 0;
	case O_PEAK_HOURS: {
		int a, b, used = 0;
		if (sscanf(v, "%d-%d%n", &a, &b, &used) != 2 || v[used] != '\0' ||
		    a < 0 || b > 24 || a >= b)
			return err_set(e, ERR_USAGE, "--peak-hours '%s': expected "
			               "FROM-TO in whole hours, 0 <= FROM < TO <= 24 "
			               "(e.g. 9-17)", v);
		o->peak_from = a;
		o->peak_to = b;
		return 0;
	}
	case O_RENDER: o->render = true; return 0;
	case O_COMPARE: o->compare = true; return 0;
	case O_TERMINAL:
		if (strcmp(v, "png") == 0) o->terminal = 0;
		else if (strcmp(v, "svg") == 0) o->terminal = 1;
		else if (strcmp(v, "pdf") == 0) o->terminal = 2;
		else
			return err_set(e, ERR_USAGE, "--terminal '%s' is not png, svg "
			               "or pdf", v);
		return 0;
	case O_STRICT: o->in.strict = true; return 0;
	case O_QUIET: o->quiet = true; return 0;
	case O_HELP: o->help = true; return 0;
	case O_VERSION: o->version = true; return 0;
	}
	return 0;
}

/* The option called name: the command's own entry when the option means
 * something else elsewhere (--fail-if), else any, to say whose it is. */
static const struct optdef *
find_long(const char *name, size_t len, unsigned cmd)
{
	const struct optdef *any = NULL;

	for (size_t i = 0; i < NOPTS; i++)
		if (strlen(optdefs[i].name) == len &&
		    strncmp(optdefs[i].name, name, len) == 0) {
			if (optdefs[i].cmds & cmd)
				return &optdefs[i];
			any = any ? any : &optdefs[i];
		}
	return any;
}

/* Every command that takes the option called like d. */
static unsigned
commands_of(const struct optdef *d)
{
	unsigned cmds = 0;

	for (size_t i = 0; i < NOPTS; i++)
		if (strcmp(optdefs[i].name, d->name) == 0)
			cmds |= optdefs[i].cmds;
	return cmds;
}

int
opts_parse(struct opts *o, int argc, char **argv, int first, unsigned cmd,
           struct err *e)
{
	bool options_done = false;

	memset(o, 0, sizeof *o);
	o->s.bootstrap = 10000;
	o->s.confidence = 0.95;
	o->s.seed = 1;
	o->alpha = 0.05;
	o->max_figures = PLOTS_MAX_CELLS;
	o->paths = calloc((size_t)argc + 1, sizeof *o->paths);
	o->operand_len = calloc((size_t)argc + 1, sizeof *o->operand_len);
	o->operand_sets = calloc((size_t)argc + 1, sizeof *o->operand_sets);
	if (o->paths == NULL || o->operand_len == NULL || o->operand_sets == NULL)
		return err_nomem(e);
	o->operands = o->paths;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const struct optdef *d = NULL;
		const char *val = NULL;

		if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			o->operand_len[o->npaths] = strlen(argv[i]);
			o->operand_sets[o->npaths] = o->nsets;
			o->paths[o->npaths++] = argv[i];
			o->noperands = o->npaths;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		if (a[1] == '-') {
			size_t len = strcspn(a + 2, "=");
			d = find_long(a + 2, len, cmd);
			if (d != NULL && a[2 + len] == '=')
				val = a + 3 + len;
		} else if (a[2] == '\0') {
			for (size_t k = 0; k < NOPTS; k++)
				if (optdefs[k].short_name == a[1] &&
				    (d == NULL || (optdefs[k].cmds & cmd)))
					d = &optdefs[k];
		}
		if (d == NULL)
			return unknown_option(a, cmd, e);
		if (!(d->cmds & cmd)) {
			char list[96];
			command_list(list, sizeof list, commands_of(d));
			return err_set(e, ERR_USAGE, "option '--%s' is not for %s "
			               "(it is for %s)", d->name, command_name(cmd),
			               list);
		}
		if (d->arg != NULL && val == NULL) {
			if (i + 1 >= argc)
				return err_set(e, ERR_USAGE, "option '--%s' needs a "
				               "value (%s)", d->name, d->arg);
			val = argv[++i];
		} else if (d->arg == NULL && val != NULL) {
			return err_set(e, ERR_USAGE, "option '--%s' takes no value",
			               d->name);
		}
		if (apply(o, d, val, e) != 0)
			return e->code;
	}
	return 0;
}

static void
preset_help(FILE *fp)
{
	const char *name, *summary;

	fputs("presets (--preset NAME; without it the harness is recognised "
	      "from content):\n", fp);
	for (size_t i = 0; ingest_preset_at(i, &name, &summary); i++)
		fprintf(fp, "  %-13s %s\n", name, summary);
}

int
opts_begin(struct opts *o, int argc, char **argv, unsigned cmd,
           void (*help)(FILE *), struct err *e)
{
	int rc = opts_parse(o, argc, argv, 2, cmd, e);

	if (rc != 0)
		return rc;
	msg_set_quiet(o->quiet);
	/* Efron & Tibshirani (1993, section 19.3): a percentile or BCa
	 * interval wants B of 1000 or more; below that its ends are mostly
	 * the resampling's own noise */
	if (o->s.bootstrap >= 2 && o->s.bootstrap < BOOTSTRAP_ROUGH &&
	    !o->help && !o->version && !o->preset_help)
		msg_warn("--bootstrap %lu: below %d resamples the intervals are "
		         "rough (their ends change from seed to seed)",
		         o->s.bootstrap, BOOTSTRAP_ROUGH);
	if (o->preset_help)
		preset_help(stdout);
	else if (o->help)
		help(stdout);
	else if (o->version)
		puts("ttftstat " TTFTSTAT_VERSION);
	return 0;
}

void
opts_free(struct opts *o)
{
	free(o->operand_len);
	free(o->operand_sets);
	o->operand_len = o->operand_sets = NULL;
	free(o->paths);
	free(o->by_copy);
	o->paths = NULL;
	o->by_copy = NULL;
	tz_free(o->tz);
	o->tz = NULL;
}
