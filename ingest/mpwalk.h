/*
 * mpwalk.h — measure one msgpack object before msgpack-c builds it.
 *
 * msgpack-c allocates a container's element array as soon as it reads the
 * header, so four hostile bytes (an array32 claiming 4 billion elements)
 * ask for 100 GB.  The walker reads only headers, with fixed limits, and
 * tells whether the next object is complete, incomplete, or unacceptable;
 * only complete, acceptable objects are handed to the unpacker.
 */
#ifndef TTFT_MPWALK_H
#define TTFT_MPWALK_H

#include <stddef.h>

#define MPW_MAX_DEPTH 32                /* as msgpack-c's own stack */
#define MPW_MAX_ITEMS 65536             /* per array or map */
#define MPW_MAX_BYTES (16u * 1024u * 1024u)  /* one record */

enum mpw { MPW_DONE, MPW_MORE, MPW_BAD };

/*
 * Scan the object at p[0..len).  DONE: *size is its length.  MORE: it
 * continues past len (and fits the limits so far).  BAD: *why says which
 * limit or byte is wrong.
 */
enum mpw mpw_scan(const unsigned char *p, size_t len, size_t *size,
                  const char **why);

/* If p starts with an array header, its element count and header length;
 * 0 when it is not an array or the header is incomplete. */
size_t mpw_array_header(const unsigned char *p, size_t len, size_t *count);

#endif
