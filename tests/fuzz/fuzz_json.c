/* fuzz_json.c — the tree-shaped inputs: JSON, JSON Lines, YAML, XML and
 * HAR, forced to each harness or left to detection.  The first byte picks
 * (and the read size); the rest is the file. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const presets[] = {"har", "llmperf", "vllm",
	                                      "sglang", "genai-perf", "aiperf",
	                                      "guidellm", "k6-json",
	                                      "llm-load-test", "jmeter-xml"};
	struct ingest_opts o;
	unsigned pick;

	if (size == 0)
		return 0;
	memset(&o, 0, sizeof o);
	pick = data[0] % 16;
	if (pick < 10) {
		o.preset = ingest_preset_find(presets[pick]);
		if (pick == 9)
			o.format = INGEST_XML;
	} else {
		/* 10, 11: whatever detection says */
		o.format = pick == 12 ? INGEST_JSON : pick == 13 ? INGEST_JSONL
		           : pick == 14 ? INGEST_YAML : pick == 15 ? INGEST_XML
		           : INGEST_AUTO;
	}
	o.chunk = 1 + data[0] / 16 % 16;
	fuzz_ingest(data + 1, size - 1, &o);
	return 0;
}
