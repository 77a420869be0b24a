/* fuzz_json.c — JSON, JSON Lines, HAR and every JSON preset: the first
 * byte picks which, the rest is the file. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const presets[] = {"har", "llmperf", "vllm",
	                                      "genai-perf", "aiperf", "guidellm",
	                                      "k6-json"};
	struct ingest_opts o;
	unsigned pick;

	if (size == 0)
		return 0;
	memset(&o, 0, sizeof o);
	pick = data[0] % 10;
	if (pick < 7)
		o.preset = ingest_preset_find(presets[pick]);
	else
		o.format = pick == 7 ? INGEST_JSON : pick == 8 ? INGEST_JSONL
		                                               : INGEST_HAR;
	o.chunk = 1 + data[0] / 10 % 32;
	fuzz_ingest(data + 1, size - 1, &o);
	return 0;
}
