/*
 * zio.h — gzip and zstd inputs, read as if they were not compressed.
 *
 * zio_open() wraps a stream whose first bytes (the head, already read)
 * carry gzip's or zstd's magic in a FILE that yields the decompressed
 * bytes (glibc's fopencookie), so every reader streams them unchanged:
 * memory stays one buffer, whatever the size of the file.  Concatenated
 * gzip members and zstd frames are read one after another (what `cat
 * a.gz b.gz` makes and gzip -d reads).  A corrupt or truncated stream
 * makes the FILE fail with EBADMSG; zio_error() then has the words and
 * the compressed byte where it happened.
 */
#ifndef TTFT_ZIO_H
#define TTFT_ZIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

enum zio_kind { ZIO_NONE, ZIO_GZIP, ZIO_ZLIB, ZIO_ZSTD };

/* Which compression the first bytes announce. */
enum zio_kind zio_detect(const unsigned char *head, size_t n);
const char *zio_name(enum zio_kind k);

struct zio;

/* The decompressed stream of raw (head first).  raw stays the caller's. */
int zio_open(enum zio_kind k, FILE *raw, const char *head, size_t head_len,
             FILE **out, struct zio **z, struct err *e);

/* After reading: a corrupt stream as ERR_DATA naming where (0 if fine). */
int zio_error(const struct zio *z, const char *name, struct err *e);

/* Closes out (which frees z). */
void zio_close(FILE *out);

#endif
