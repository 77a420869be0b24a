/* fuzz_msgpack.c — the msgpack reader and its header walker. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o;

	memset(&o, 0, sizeof o);
	o.format = INGEST_MSGPACK;
	o.chunk = 7;                    /* small reads: the window slides */
	fuzz_ingest(data, size, &o);
	return 0;
}
