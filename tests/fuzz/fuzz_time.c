/* fuzz_time.c — timestamps and numbers: parse, and check what parsed. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../ingest/field.h"
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
	if (field_number(s, size, &v) == FIELD_NUM_OK && !isfinite(v))
		abort();
	(void)field_utf8_valid(s, size);
	(void)field_bool(s, size);
	return 0;
}
