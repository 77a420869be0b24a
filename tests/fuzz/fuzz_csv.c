/* fuzz_csv.c — the CSV/TSV reader, at a chunk size the input chooses. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o;

	memset(&o, 0, sizeof o);
	o.format = INGEST_CSV;
	/* the first byte picks the read size: chunk boundaries everywhere */
	o.chunk = size > 0 ? 1 + data[0] % 64 : 0;
	fuzz_ingest(data, size, &o);
	return 0;
}
