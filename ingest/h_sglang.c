/*
 * h_sglang.c — SGLang's `python -m sglang.bench_serving --output-file F
 * --output-details` (python/sglang/bench_serving.py).
 *
 * Each run appends one JSON line: its settings and aggregates (backend,
 * dataset_name, request_rate, max_concurrency, mean_ttft_ms, ...) and,
 * with --output-details, the requests as parallel arrays — ttfts
 * (seconds; 0 for a failed request), errors ("" on success),
 * input_lens, output_lens, itls, generated_texts — at the top level, or
 * under "details" in later versions.  Several runs in one file (one per
 * request rate) are kept apart: request_rate is a group key by default;
 * max_concurrency and tag can be added with --by.
 */
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	if (sniff_has(s, "details.ttfts"))
		return 1;
	if (!sniff_has(s, "ttfts"))
		return -1;
	/* vLLM writes one object per file, SGLang appends lines */
	return s->values > 1 || sniff_has(s, "dataset_name") ||
	       sniff_has(s, "random_input_len") ? 0 : -1;
}

static int
derive(struct hrec *h)
{
	static const char *const ctx[][2] = {
		{"request_rate", "=request_rate"},
		{"max_concurrency", "=max_concurrency"},
		{"tag", "=tag"}, {"dataset_name", "=dataset"}};
	size_t n;
	const char *v;
	int rc = 0;

	if ((v = hrec_context(h, "model_id", &n)) != NULL ||
	    (v = hrec_context(h, "model", &n)) != NULL ||
	    (v = hrec_context(h, "served_model_name", &n)) != NULL)
		rc = hrec_put(h, "=model", v, n);
	if (rc == 0 && (((v = hrec_context(h, "label", &n)) != NULL && n > 0) ||
	                (v = hrec_context(h, "backend", &n)) != NULL))
		rc = hrec_put(h, "=provider", v, n);
	for (size_t i = 0; rc == 0 && i < sizeof ctx / sizeof ctx[0]; i++)
		if ((v = hrec_context(h, ctx[i][0], &n)) != NULL)
			rc = hrec_put(h, ctx[i][1], v, n);
	return rc;
}

static const char *const columns[] = {"ttfts", "errors", "input_lens",
                                      "output_lens", NULL};

static const struct harness_layout layouts[] = {
	{"--output-details, arrays at the top level",
	 {.ttft = "ttfts", .ttft_div = 1.0, .start = "", .start_unit = TIME_S,
	   .status = "", .ok = "", .error = "errors", .failed = "",
	  .by = "model,provider,request_rate"}},
	{"--output-details, arrays under details",
	 {.ttft = "ttfts", .ttft_div = 1.0, .start = "", .start_unit = TIME_S,
	   .status = "", .ok = "", .error = "errors", .failed = "",
	  .by = "model,provider,request_rate"}},
};

const struct harness harness_sglang = {
	.name = "sglang",
	.summary = "SGLang bench_serving --output-details (JSON Lines, one run a "
	           "line): ttfts, errors; provider = backend or label",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 2,
	.columns = columns,
	.derive = derive,
};
