/*
 * out_compare.h — the four output formats of `compare`.
 */
#ifndef TTFT_OUT_COMPARE_H
#define TTFT_OUT_COMPARE_H

#include <stdio.h>

#include "../analyze/compare.h"
#include "report.h"

struct cmp_report {
	const struct comparison *cmp;
	const struct trace *tb, *tn;
	struct report_settings s;
	double alpha;
	const char *label_base, *label_new;
	const char *const *gates;
	size_t ngates;
};

void out_compare_text(FILE *fp, const struct cmp_report *r);
void out_compare_json(FILE *fp, const struct cmp_report *r);
void out_compare_csv(FILE *fp, const struct cmp_report *r);
void out_compare_md(FILE *fp, const struct cmp_report *r);

#endif
