/*
 * detect.h — which format a file is, from its first bytes.
 */
#ifndef TTFT_DETECT_H
#define TTFT_DETECT_H

#include <stddef.h>

enum detected {
	DETECT_CSV,             /* anything that is not one of the below */
	DETECT_JSON,            /* first non-blank byte '{' or '[' */
	DETECT_MSGPACK,         /* a map or array marker that is not text */
	DETECT_XML              /* first non-blank byte '<' */
};

enum detected detect_format(const unsigned char *head, size_t n);
const char *detect_name(enum detected d);

#endif
