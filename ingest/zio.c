/*
 * zio.c — zlib and libzstd behind a FILE.
 */
#define _GNU_SOURCE
#include "zio.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <zlib.h>
#include <zstd.h>

#define ZIO_IN (64u * 1024u)

struct zio {
	enum zio_kind kind;
	FILE *raw;
	const char *head;
	size_t head_len, from;
	unsigned char *in;
	size_t in_len, in_pos;
	unsigned long long consumed;    /* compressed bytes fed before in */
	bool raw_eof;
	bool ended;                     /* the last member/frame was complete */
	z_stream zs;
	ZSTD_DStream *ds;
	char problem[160];              /* non-empty: corrupt */
	unsigned long long problem_at, problem_end;
	int raw_errno;
};

enum zio_kind
zio_detect(const unsigned char *h, size_t n)
{
	if (n >= 2 && h[0] == 0x1f && h[1] == 0x8b)
		return ZIO_GZIP;
	if (n >= 4 && h[0] == 0x28 && h[1] == 0xb5 && h[2] == 0x2f && h[3] == 0xfd)
		return ZIO_ZSTD;
	/* zlib: CMF 0x78 and a header checksum divisible by 31 */
	if (n >= 2 && h[0] == 0x78 && ((h[0] << 8) | h[1]) % 31 == 0 &&
	    (h[1] & 0x20) == 0)
		return ZIO_ZLIB;
	return ZIO_NONE;
}

const char *
zio_name(enum zio_kind k)
{
	return k == ZIO_GZIP ? "gzip" : k == ZIO_ZLIB ? "zlib"
	       : k == ZIO_ZSTD ? "zstd" : "none";
}

/* More compressed input: false at its end (or on a read error). */
static bool
refill(struct zio *z)
{
	size_t n;

	z->consumed += z->in_pos;
	z->in_pos = z->in_len = 0;
	if (z->from < z->head_len) {
		n = z->head_len - z->from < ZIO_IN ? z->head_len - z->from : ZIO_IN;
		memcpy(z->in, z->head + z->from, n);
		z->from += n;
		z->in_len = n;
		return true;
	}
	if (z->raw_eof)
		return false;
	/* reads end on multiples of ZIO_IN, whatever the head's length, so
	 * the window a corruption is found in is the same on every path */
	{
		unsigned long long at = z->consumed;
		size_t want = ZIO_IN - (size_t)(at % ZIO_IN);
		n = fread(z->in, 1, want, z->raw);
		if (n < want) {
			z->raw_eof = true;
			if (ferror(z->raw))
				z->raw_errno = errno ? errno : EIO;
		}
	}
	z->in_len = n;
	return n > 0;
}

static void
corrupt(struct zio *z, const char *what)
{
	unsigned long long end = z->consumed + z->in_len;

	snprintf(z->problem, sizeof z->problem, "%s", what);
	/* the ZIO_IN-aligned stretch that holds the input decoded last */
	z->problem_at = end ? (end - 1) / ZIO_IN * ZIO_IN : 0;
	z->problem_end = z->problem_at + ZIO_IN;
}

static ssize_t
gz_read(struct zio *z, char *buf, size_t size)
{
	size_t out = 0;

	while (out < size) {
		int rc;
		if (z->in_pos == z->in_len && !refill(z))
			break;
		z->zs.next_in = z->in + z->in_pos;
		z->zs.avail_in = (uInt)(z->in_len - z->in_pos);
		z->zs.next_out = (Bytef *)buf + out;
		z->zs.avail_out = (uInt)(size - out);
		rc = inflate(&z->zs, Z_NO_FLUSH);
		out = size - z->zs.avail_out;
		z->in_pos = z->in_len - z->zs.avail_in;
		z->ended = rc == Z_STREAM_END;
		if (rc == Z_STREAM_END) {
			/* another member may follow */
			if (inflateReset(&z->zs) != Z_OK) {
				corrupt(z, "the gzip stream cannot go on");
				return -1;
			}
			continue;
		}
		if (rc == Z_BUF_ERROR && z->zs.avail_out > 0)
			continue;       /* wants more input */
		if (rc != Z_OK) {
			corrupt(z, z->zs.msg ? z->zs.msg : "invalid gzip data");
			return -1;
		}
	}
	return (ssize_t)out;
}

static ssize_t
zs_read(struct zio *z, char *buf, size_t size)
{
	ZSTD_outBuffer ob = {buf, size, 0};

	while (ob.pos < ob.size) {
		ZSTD_inBuffer ib;
		size_t rc;
		if (z->in_pos == z->in_len && !refill(z))
			break;
		ib.src = z->in;
		ib.size = z->in_len;
		ib.pos = z->in_pos;
		rc = ZSTD_decompressStream(z->ds, &ob, &ib);
		z->in_pos = ib.pos;
		if (ZSTD_isError(rc)) {
			corrupt(z, ZSTD_getErrorName(rc));
			return -1;
		}
		z->ended = rc == 0;
	}
	return (ssize_t)ob.pos;
}

static ssize_t
cookie_read(void *cookie, char *buf, size_t size)
{
	struct zio *z = cookie;
	ssize_t n;

	if (z->problem[0]) {
		errno = EBADMSG;
		return -1;
	}
	n = z->kind == ZIO_ZSTD ? zs_read(z, buf, size) : gz_read(z, buf, size);
	if (n < 0) {
		errno = EBADMSG;
		return -1;
	}
	if (n == 0 && z->raw_errno) {
		errno = z->raw_errno;
		return -1;
	}
	if (n == 0 && !z->ended && !z->problem[0]) {
		/* the input ended inside a member or frame */
		corrupt(z, z->kind == ZIO_ZSTD ? "the zstd stream ends early "
		        "(truncated)" : "the stream ends early (truncated)");
		errno = EBADMSG;
		return -1;
	}
	return n;
}

static int
cookie_close(void *cookie)
{
	struct zio *z = cookie;

	if (z->kind != ZIO_ZSTD)
		inflateEnd(&z->zs);
	else
		ZSTD_freeDStream(z->ds);
	free(z->in);
	free(z);
	return 0;
}

int
zio_open(enum zio_kind k, FILE *raw, const char *head, size_t head_len,
         FILE **out, struct zio **zp, struct err *e)
{
	static const cookie_io_functions_t io = {cookie_read, NULL, NULL,
	                                         cookie_close};
	struct zio *z = calloc(1, sizeof *z);

	*out = NULL;
	*zp = z;
	if (z == NULL || (z->in = malloc(ZIO_IN)) == NULL)
		goto nomem;
	z->kind = k;
	z->raw = raw;
	z->head = head;
	z->head_len = head_len;
	if (k != ZIO_ZSTD) {
		/* 15 + 32: a gzip or zlib header, detected */
		if (inflateInit2(&z->zs, 15 + 32) != Z_OK)
			goto nomem;
	} else if ((z->ds = ZSTD_createDStream()) == NULL ||
	           ZSTD_isError(ZSTD_initDStream(z->ds))) {
		ZSTD_freeDStream(z->ds);
		goto nomem;
	}
	if ((*out = fopencookie(z, "r", io)) == NULL) {
		cookie_close(z);
		*zp = NULL;
		return err_nomem(e);
	}
	return 0;
nomem:
	if (z != NULL)
		free(z->in);
	free(z);
	*zp = NULL;
	return err_nomem(e);
}

int
zio_error(const struct zio *z, const char *name, struct err *e)
{
	if (z == NULL || z->problem[0] == '\0')
		return 0;
	return err_set(e, ERR_DATA, "%s: corrupt %s data in compressed bytes "
	               "%llu to %llu: %s", name, zio_name(z->kind), z->problem_at,
	               z->problem_end, z->problem);
}

void
zio_close(FILE *out)
{
	if (out != NULL)
		fclose(out);
}
