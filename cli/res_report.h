/*
 * res_report.h — what `report` hands to its document builder.
 */
#ifndef TTFT_RES_REPORT_H
#define TTFT_RES_REPORT_H

#include "../analyze/rank.h"
#include "../plots/plots.h"
#include "res.h"

struct report_in {
	const struct opts *o;
	int argc;
	char **argv;
	long long date;                 /* Unix time it is made at */
	bool date_fixed;                /* from SOURCE_DATE_EPOCH */
	const struct trace *t;          /* the capture (NEW with --compare) */
	const struct cells *cs;
	const struct rank_result *rank;
	const struct figures *fl;       /* its figures, and their SVG bytes */
	unsigned char **svg;            /* (NULL: not drawn) */
	size_t *svg_len;
	/* --compare BASE NEW */
	const struct trace *tb;
	const struct comparison *cmp;
	const struct cmp_labels *labels;
	const struct figures *cfl;
	unsigned char **csvg;
	size_t *csvg_len;
};

struct rdoc *res_report(const struct report_in *in);

#endif
