#include "detect.h"

enum detected
detect_format(const unsigned char *h, size_t n)
{
	size_t i = 0;

	/* fixmap, fixarray, array16/32, map16/32: none is printable ASCII,
	 * so a CSV header can never start with one. */
	if (n >= 1 && ((h[0] >= 0x80 && h[0] <= 0x9f) || h[0] == 0xdc ||
	               h[0] == 0xdd || h[0] == 0xde || h[0] == 0xdf))
		return DETECT_MSGPACK;
	while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' ||
	                 h[i] == '\n'))
		i++;
	if (i < n && (h[i] == '{' || h[i] == '['))
		return DETECT_JSON;
	if (i < n && h[i] == '<')
		return DETECT_XML;
	return DETECT_CSV;
}

const char *
detect_name(enum detected d)
{
	switch (d) {
	case DETECT_CSV: return "csv";
	case DETECT_JSON: return "json";
	case DETECT_MSGPACK: return "msgpack";
	case DETECT_XML: return "xml";
	}
	return "unknown";
}
