/*
 * w_csv.c — the document's main table as CSV (RFC 4180): one header row,
 * one row per table row, full precision, an empty field for no value.
 * Text goes through libcsv's csv_fwrite (always quoted, quotes doubled;
 * line breaks stay inside the quotes; broken UTF-8 was made U+FFFD when
 * the document took the string); a list is one field, its items joined
 * by "; ".
 */
#include <csv.h>
#include <string.h>

#include "numfmt.h"
#include "writers.h"

/* Strings of a document are well-formed UTF-8 already (rdoc_str). */
static void
text(FILE *fp, const char *s)
{
	csv_fwrite(fp, s, strlen(s));
}

/* A header: a plain name as it is, anything else (a group key's name
 * comes from the input) quoted. */
static void
header(FILE *fp, const char *s)
{
	if (s[0] != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") == strlen(s))
		fputs(s, fp);
	else
		text(fp, s);
}

static void
value(FILE *fp, const struct rval *v, int half)
{
	switch (v->kind) {
	case RV_BOOL:
		fputs(v->u.b ? "true" : "false", fp);
		break;
	case RV_INT:
		fprintf(fp, "%lld", v->u.i);
		break;
	case RV_UINT:
		fprintf(fp, "%llu", v->u.ui);
		break;
	case RV_NUM:
		fmt_csv_number(fp, v->u.x);
		break;
	case RV_PAIR:
		fmt_csv_number(fp, v->u.pair[half]);
		break;
	case RV_STR:
		text(fp, v->u.s);
		break;
	case RV_LIST:
		text(fp, v->u.list.joined ? v->u.list.joined : "");
		break;
	default:
		break;
	}
}

/* One CSV line: the headers (row NULL) or row's values, in the columns'
 * order, a pair in two fields. */
static void
line(FILE *fp, const struct rtable *t, const struct rval *row)
{
	bool first = true;

	for (size_t c = 0; c < t->ncols; c++) {
		const struct rcol *col = &t->col[c];
		if (!(col->show & RS_CSV) || col->csv == NULL)
			continue;
		fputs(first ? "" : ",", fp);
		first = false;
		if (row == NULL)
			header(fp, col->csv);
		else
			value(fp, &row[c], 0);
		if (col->csv2 != NULL) {
			fputc(',', fp);
			if (row == NULL)
				header(fp, col->csv2);
			else
				value(fp, &row[c], 1);
		}
	}
	fputc('\n', fp);
}

void
write_csv(FILE *fp, const struct rdoc *d)
{
	const struct rtable *t = NULL;
	struct rval buf[512];

	for (size_t i = 0; i < d->nparts && t == NULL; i++)
		if (d->part[i].kind == RP_TABLE && d->part[i].t->primary)
			t = d->part[i].t;
	if (t == NULL)
		return;
	line(fp, t, NULL);
	for (size_t i = 0, n = rtable_nrows(t); i < n; i++)
		line(fp, t, rtable_get(t, i, buf));
}
