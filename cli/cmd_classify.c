/*
 * cmd_classify.c — `ttftstat classify`: every request of the inputs with
 * its cell, TTFT and the posterior probability that it was a cold start,
 * so users can join the verdicts back to their own logs (by source and
 * line).  Cells in summary order, requests in time order within a cell.
 */
#include <csv.h>
#include <math.h>
#include <string.h>

#include "../analyze/analyze.h"
#include "../ingest/ingest.h"
#include "commands.h"
#include "jsonw.h"
#include "msg.h"
#include "numfmt.h"
#include "opts.h"
#include "report.h"

static void
help(FILE *fp)
{
	fputs("usage: ttftstat classify [OPTIONS] FILE...\n\n"
	      "Every request with its cell, TTFT and p_cold, the probability\n"
	      "under the cell's two-component mixture that it was a cold\n"
	      "start (0 when the cell shows no cold starts).  Output: csv\n"
	      "(default) or json.\n\noptions:\n", fp);
	opts_help(fp, CMD_CLASSIFY);
}

struct request {
	const char *source;
	uint64_t line;
	double start, ttft, p_cold;
	unsigned status;
	bool ok, warmup;
};

/* Walk a cell's requests in time order, marking warm-up and p_cold. */
static void
each_request(const struct trace *t, const struct cell *c,
             void (*fn)(const struct report *, const struct cell *,
                        const struct request *, FILE *, bool *),
             const struct report *r, FILE *fp, bool *first)
{
	size_t successes = 0;

	for (size_t i = 0; i < c->requests; i++) {
		uint32_t row = c->rows[i];
		struct request q;
		q.source = trace_source_name(t, trace_row_source(t, row));
		q.line = t->line[row];
		q.start = t->start[row];
		q.ttft = t->ttft[row];
		q.status = t->status[row];
		q.ok = trace_ok(t, row);
		q.warmup = q.ok && successes++ < c->warmup_discarded;
		q.p_cold = q.ok && !q.warmup ? mix_p_cold(&c->mix, q.ttft) : NAN;
		fn(r, c, &q, fp, first);
	}
}

static void
csv_row(const struct report *r, const struct cell *c, const struct request *q,
        FILE *fp, bool *first)
{
	(void)first;
	csv_fwrite(fp, q->source, strlen(q->source));
	fprintf(fp, ",%llu", (unsigned long long)q->line);
	for (size_t k = 0; k < r->t->nkeys; k++) {
		const char *v = report_key(r, c, k);
		fputc(',', fp);
		if (v != NULL)
			csv_fwrite(fp, v, strlen(v));
	}
	fputc(',', fp);
	fmt_csv_number(fp, q->start);
	fputc(',', fp);
	if (q->status)
		fprintf(fp, "%u", q->status);
	fprintf(fp, ",%s,%s,", q->ok ? "true" : "false",
	        q->warmup ? "true" : "false");
	fmt_csv_number(fp, q->ttft);
	fputc(',', fp);
	fmt_csv_number(fp, q->p_cold);
	fputc(',', fp);
	if (isfinite(q->p_cold))
		fputs(q->p_cold > 0.5 ? "true" : "false", fp);
	fputc('\n', fp);
}

static void
json_row(const struct report *r, const struct cell *c, const struct request *q,
         FILE *fp, bool *first)
{
	bool firstkey = true;

	fputs(*first ? "\n  { \"source\": " : ",\n  { \"source\": ", fp);
	*first = false;
	json_str(fp, q->source);
	fprintf(fp, ", \"line\": %llu, \"group\": {", (unsigned long long)q->line);
	for (size_t k = 0; k < r->t->nkeys; k++) {
		const char *v = report_key(r, c, k);
		if (v == NULL)
			continue;
		fputs(firstkey ? " " : ", ", fp);
		firstkey = false;
		json_str(fp, r->t->keyname[k]);
		fputs(": ", fp);
		json_str(fp, v);
	}
	fputs(firstkey ? "}, \"start\": " : " }, \"start\": ", fp);
	json_num(fp, q->start);
	fputs(", \"status\": ", fp);
	if (q->status)
		fprintf(fp, "%u", q->status);
	else
		fputs("null", fp);
	fprintf(fp, ", \"ok\": %s, \"warmup\": %s, \"ttft_s\": ",
	        q->ok ? "true" : "false", q->warmup ? "true" : "false");
	json_num(fp, q->ttft);
	fputs(", \"p_cold\": ", fp);
	json_num(fp, q->p_cold);
	fputs(", \"cold\": ", fp);
	fputs(!isfinite(q->p_cold) ? "null" : q->p_cold > 0.5 ? "true" : "false",
	      fp);
	fputs(" }", fp);
}

static void
write_classified(FILE *fp, const struct report *r, bool json)
{
	bool first = true;

	if (json) {
		fputc('[', fp);
	} else {
		fputs("source,line", fp);
		for (size_t k = 0; k < r->t->nkeys; k++) {
			fputc(',', fp);
			csv_fwrite(fp, r->t->keyname[k], strlen(r->t->keyname[k]));
		}
		fputs(",start,status,ok,warmup,ttft_s,p_cold,cold\n", fp);
	}
	for (size_t i = 0; i < r->cells->n; i++)
		each_request(r->t, &r->cells->c[i], json ? json_row : csv_row, r,
		             fp, &first);
	if (json)
		fputs(first ? "]\n" : "\n]\n", fp);
}

int
cmd_classify(int argc, char **argv)
{
	struct opts o;
	struct err e = {0, ""};
	struct trace *t = NULL;
	struct cells *cs = NULL;
	struct report r;
	int rc;

	if ((rc = opts_begin(&o, argc, argv, CMD_CLASSIFY, help, &e)) != 0)
		goto fail;
	if (o.help || o.version) {
		opts_free(&o);
		return 0;
	}
	if (o.npaths == 0) {
		rc = err_set(&e, ERR_USAGE, "classify needs at least one FILE "
		             "(- reads standard input)");
		goto fail;
	}
	if (o.out != OUT_CSV && o.out != OUT_JSON && o.out != OUT_TEXT) {
		rc = err_set(&e, ERR_USAGE, "classify writes csv or json");
		goto fail;
	}
	/* p_cold needs the mixture only: no intervals */
	if ((rc = pipeline_analyse(&o, false, &t, &cs, &e)) != 0)
		goto fail;
	r.t = t;
	r.cells = cs;
	r.s = o.s;
	write_classified(stdout, &r, o.out == OUT_JSON);
	/* inputs that could not be read were said as they came: the exit
	 * status says it again, after the output */
	if (rc == 0 || rc == ERR_GATE) {
		int s = pipeline_status(t);
		if (s != 0)
			rc = s;
	}
fail:
	if (rc != 0 && e.msg[0] != '\0')
		msg_error("%s", e.msg);
	cells_free(cs);
	trace_free(t);
	opts_free(&o);
	return rc;
}
