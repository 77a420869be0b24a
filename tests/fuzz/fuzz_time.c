/* fuzz_time.c — timestamps and numbers: parse, and check what parsed.
 * A number field_number() accepts must be the very double strtod reads
 * from the same (trimmed) text, all of it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../ingest/field.h"
#include "../../ingest/utf8.h"
#include "../../ingest/timeparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	double v;
	bool nz;

	if (time_parse(s, size, TIME_AUTO, &v, &nz) == 0 && !isfinite(v))
		abort();                /* a parsed time is always finite */
	if (field_number(s, size, &v) == FIELD_NUM_OK) {
		char buf[400];
		const char *t = s;
		size_t n = size;
		char *end;
		double w;
		if (!isfinite(v))
			abort();
		field_trim(&t, &n);
		if (n < sizeof buf) {
			memcpy(buf, t, n);
			buf[n] = '\0';
			w = strtod(buf, &end);
			if (end != buf + n || memcmp(&v, &w, sizeof v) != 0)
				abort();
		}
	}
	(void)utf8_valid(s, size);
	(void)field_bool(s, size);
	return 0;
}
