/*
 * csv_ingest.h — the CSV/TSV reader (ingest/csv.c).
 */
#ifndef TTFT_CSV_INGEST_H
#define TTFT_CSV_INGEST_H

#include <stdio.h>

#include "ingest.h"

/*
 * Read CSV or TSV into t as source src.  head (head_len bytes) is what the
 * caller already read from fp to detect the format (the BOM removed); the
 * reader parses it first, then the rest of fp.  The delimiter is sniffed
 * from head's first line unless o->format is INGEST_TSV.
 */
int csv_ingest_read(struct trace *t, uint16_t src, FILE *fp,
                    const char *head, size_t head_len,
                    const struct ingest_opts *o, struct err *e);

/* How much head the sniffer wants: up to the first newline or this. */
size_t csv_head_max(void);

#endif
