#include "mpwalk.h"

#include <stdint.h>

static uint64_t
be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/*
 * One header at p: its own length *hlen, the payload bytes that follow it
 * *payload, and the number of child objects *items.  0 if incomplete,
 * -1 if the byte is not msgpack (0xc1).
 */
static int
header(const unsigned char *p, size_t len, size_t *hlen, uint64_t *payload,
       uint64_t *items)
{
	unsigned char c;
	size_t n;

	if (len == 0)
		return 0;
	c = p[0];
	*payload = 0;
	*items = 0;
	*hlen = 1;
	if (c <= 0x7f || c >= 0xe0 || c == 0xc0 || c == 0xc2 || c == 0xc3)
		return 1;                               /* fixint, nil, bool */
	if (c >= 0x80 && c <= 0x8f) { *items = 2u * (c & 0x0f); return 1; }
	if (c >= 0x90 && c <= 0x9f) { *items = c & 0x0f; return 1; }
	if (c >= 0xa0 && c <= 0xbf) { *payload = c & 0x1f; return 1; }
	switch (c) {
	case 0xc1: return -1;                           /* never used */
	case 0xcc: case 0xd0: *payload = 1; return 1;
	case 0xcd: case 0xd1: *payload = 2; return 1;
	case 0xca: case 0xce: case 0xd2: *payload = 4; return 1;
	case 0xcb: case 0xcf: case 0xd3: *payload = 8; return 1;
	case 0xd4: *payload = 2; return 1;              /* fixext 1: type + 1 */
	case 0xd5: *payload = 3; return 1;
	case 0xd6: *payload = 5; return 1;
	case 0xd7: *payload = 9; return 1;
	case 0xd8: *payload = 17; return 1;
	}
	/* sized forms: n length bytes follow */
	n = (c == 0xc4 || c == 0xc7 || c == 0xd9) ? 1
	    : (c == 0xc5 || c == 0xc8 || c == 0xda || c == 0xdc || c == 0xde) ? 2
	    : 4;
	if (len < 1 + n)
		return 0;
	*hlen = 1 + n;
	switch (c) {
	case 0xc4: case 0xc5: case 0xc6:                /* bin */
	case 0xd9: case 0xda: case 0xdb:                /* str */
		*payload = be(p + 1, n);
		return 1;
	case 0xc7: case 0xc8: case 0xc9:                /* ext: + type byte */
		*payload = be(p + 1, n) + 1;
		return 1;
	case 0xdc: case 0xdd:
		*items = be(p + 1, n);
		return 1;
	case 0xde: case 0xdf:
		*items = 2 * be(p + 1, n);
		return 1;
	}
	return -1;
}

enum mpw
mpw_scan(const unsigned char *p, size_t len, size_t *size, const char **why)
{
	uint64_t pending[MPW_MAX_DEPTH + 1], payload = 0, items;
	int top = 0;
	size_t pos = 0, hlen;

	pending[0] = 1;
	while (top >= 0) {
		unsigned char c;
		int h;

		if (pos >= len)
			goto more;
		/* the forms a record is made of, decided from the first byte
		 * alone; header() reads the rest */
		c = p[pos];
		if (c <= 0x7f || c >= 0xe0) {                   /* fixint */
			hlen = 1, payload = 0, items = 0;
		} else if (c <= 0x8f) {                         /* fixmap */
			hlen = 1, payload = 0, items = 2u * (c & 0x0f);
		} else if (c >= 0xa0 && c <= 0xbf) {            /* fixstr */
			hlen = 1, payload = c & 0x1f, items = 0;
		} else if (c == 0xcb || c == 0xcf || c == 0xd3) {
			hlen = 1, payload = 8, items = 0;       /* 64-bit numbers */
		} else if ((h = header(p + pos, len - pos, &hlen, &payload,
		                       &items)) < 0) {
			*why = "byte 0xc1 is not msgpack";
			return MPW_BAD;
		} else if (h == 0) {
			goto more;
		}
		if (len - pos - hlen < payload) {
			pos += hlen;
			goto more_payload;
		}
		pos += hlen + (size_t)payload;
		pending[top]--;
		if (items > 0) {
			if (items > 2u * MPW_MAX_ITEMS) {
				*why = "an array or map of more than 65536 elements";
				return MPW_BAD;
			}
			if (top == MPW_MAX_DEPTH) {
				*why = "nesting deeper than 32 levels";
				return MPW_BAD;
			}
			pending[++top] = items;
		}
		while (top >= 0 && pending[top] == 0)
			top--;
		if (pos > MPW_MAX_BYTES) {
			*why = "a record longer than 16 MiB";
			return MPW_BAD;
		}
	}
	*size = pos;
	return MPW_DONE;
more_payload:
	/* the header is whole but not its payload */
	if (pos + payload > MPW_MAX_BYTES || len > MPW_MAX_BYTES) {
		*why = "a record longer than 16 MiB";
		return MPW_BAD;
	}
	return MPW_MORE;
more:
	if (len > MPW_MAX_BYTES) {
		*why = "a record longer than 16 MiB";
		return MPW_BAD;
	}
	return MPW_MORE;
}

size_t
mpw_array_header(const unsigned char *p, size_t len, size_t *count)
{
	size_t hlen;
	uint64_t payload, items;

	if (len == 0 || !((p[0] >= 0x90 && p[0] <= 0x9f) || p[0] == 0xdc ||
	                  p[0] == 0xdd))
		return 0;
	if (header(p, len, &hlen, &payload, &items) != 1)
		return 0;
	*count = (size_t)items;
	return hlen;
}
