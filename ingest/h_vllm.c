/*
 * h_vllm.c — vLLM's serving benchmark: `vllm bench serve --save-result
 * --save-detailed` (vllm/benchmarks/serve.py) and the older
 * benchmarks/benchmark_serving.py.
 *
 * One JSON object per run: the run's settings and aggregates (model_id,
 * backend, label, mean_ttft_ms, ...) and, with --save-detailed, the
 * requests as parallel arrays — ttfts (seconds), errors ("" on success;
 * a failed request has ttft 0), input_lens, output_lens and, in newer
 * versions, start_times (time.perf_counter() values: no time of day).
 * The arrays are zipped into one record per request.  Without
 * --save-detailed the file holds aggregates only (h_aggregate.c).
 */
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	if (!sniff_has(s, "ttfts"))
		return -1;
	if (!sniff_has(s, "model_id") && !sniff_has(s, "tokenizer_id") &&
	    !sniff_has(s, "backend"))
		return -1;
	return s->values > 1 ? -1 : sniff_has(s, "start_times") ? 1 : 0;
}

static int
derive(struct hrec *h)
{
	size_t n;
	const char *v;
	int rc = 0;

	if ((v = hrec_context(h, "model_id", &n)) != NULL ||
	    (v = hrec_context(h, "model", &n)) != NULL)
		rc = hrec_put(h, "=model", v, n);
	if (rc == 0 && (v = hrec_context(h, "label", &n)) != NULL && n > 0)
		rc = hrec_put(h, "=provider", v, n);
	return rc;
}

static const char *const columns[] = {"ttfts", "start_times", "errors",
                                      "input_lens", "output_lens", NULL};

static const struct harness_layout layouts[] = {
	{"benchmark_serving.py (no start times)",
	 {.ttft = "ttfts", .ttft_div = 1.0, .start = "", .start_unit = TIME_S,
	   .status = "", .ok = "", .error = "errors", .failed = ""}},
	{"vllm bench serve",
	 {.ttft = "ttfts", .ttft_div = 1.0, .start = "start_times",
	   .start_unit = TIME_S, .status = "", .ok = "", .error = "errors",
	   .failed = ""}},
};

const struct harness harness_vllm = {
	.name = "vllm",
	.summary = "vllm bench serve --save-detailed (and benchmark_serving.py): "
	           "ttfts, errors, start_times; model_id; provider from --label",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 2,
	.columns = columns,
	.derive = derive,
};
