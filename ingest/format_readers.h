/*
 * format_readers.h — the readers behind ingest_stream(), one per format.
 *
 * Each reads t's source src from fp, after head (head_len bytes the caller
 * already read to detect the format), and appends through columns.c.
 */
#ifndef TTFT_FORMAT_READERS_H
#define TTFT_FORMAT_READERS_H

#include <stdio.h>

#include "ingest.h"

int csv_ingest_read(struct trace *t, uint16_t src, FILE *fp,
                    const char *head, size_t head_len,
                    const struct ingest_opts *o, struct err *e);

int msgpack_ingest_read(struct trace *t, uint16_t src, FILE *fp,
                        const char *head, size_t head_len,
                        const struct ingest_opts *o, struct err *e);

/* JMeter's JTL XML (xml.c); the JSON-shaped formats are in treemap.h. */
int xml_ingest_read(struct trace *t, uint16_t src, FILE *fp,
                    const char *head, size_t head_len,
                    const struct ingest_opts *o, struct err *e);

/*
 * After a read came back short: ERR_IO naming the input and where reading
 * stopped ("after line 12", "after entry 4") when the stream failed (errnum:
 * errno as the read left it), 0 at a plain end of input.
 */
int reader_short_read(FILE *fp, int errnum, const char *name,
                      const char *unit, uint64_t pos, struct err *e);

/* How much head the CSV sniffer wants: up to the first newline or this. */
size_t csv_head_max(void);

#endif
