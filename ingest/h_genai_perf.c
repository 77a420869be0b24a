/*
 * h_genai_perf.c — NVIDIA GenAI-Perf's profile_export.json (perf_analyzer's
 * raw export, genai-perf/genai_perf/profile_data_parser/).
 *
 * {service_kind, endpoint, experiments: [{experiment: {mode, value},
 * requests: [{timestamp, request_inputs: {payload}, response_timestamps:
 * [...], response_outputs: [{response: "data: {...}"}]}]}]}; times are
 * epoch nanoseconds as integers (a double cannot hold 19 digits, so they
 * are subtracted exactly, with overflow checks).  TTFT is GenAI-Perf's
 * own: from the request to the first response that carries text — the
 * first SSE chunk often carries only the role, and [DONE] none (what
 * llm_profile_data_parser.py removes before it measures).  A request
 * without any such response is a failure.  The model is the request
 * payload's "model"; each experiment (a concurrency level) is a cell of
 * its own through the key "concurrency".
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "json.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	return sniff_has(s, "experiments[].requests[].timestamp") ||
	       sniff_has(s, "experiments[].requests[].response_timestamps")
	       ? 0 : -1;
}

/* Does response i carry text?  OpenAI SSE chunks and whole responses,
 * Triton's text_output. */
static bool
has_text(struct hrec *h, size_t i)
{
	static const char *const paths[] = {
		"choices[].delta.content", "choices[].delta.reasoning_content",
		"choices[].text", "choices[].message.content", "text_output",
		"[].generated_text", "generated_text", NULL};
	char path[64];
	const char *v;
	size_t n;

	snprintf(path, sizeof path, "response_outputs.%zu.text_output", i);
	if ((v = hrec_str(h, path, &n)) != NULL)
		return n > 0;
	snprintf(path, sizeof path, "response_outputs.%zu.response", i);
	if ((v = hrec_str(h, path, &n)) == NULL)
		return true;            /* nothing to judge by: a response */
	while (n > 0 && (*v == ' ' || *v == '\n' || *v == '\r')) {
		v++;
		n--;
	}
	if (n >= 5 && memcmp(v, "data:", 5) == 0) {
		v += 5;
		n -= 5;
	}
	while (n > 0 && *v == ' ') {
		v++;
		n--;
	}
	if (n >= 6 && memcmp(v, "[DONE]", 6) == 0)
		return false;
	return json_has_text(v, n, paths);
}

static int
derive(struct hrec *h)
{
	int64_t t0, t1 = 0;
	size_t i, n;
	char num[32], model[256];
	const char *pl, *mode;
	bool any = false;
	int rc;

	if (!hrec_int(h, "timestamp", &t0) || t0 < 0)
		return hrec_reject(h, "timestamp is not a whole number of "
		                   "nanoseconds from 0 to 2^63");
	for (i = 0;; i++) {
		char path[48];
		snprintf(path, sizeof path, "response_timestamps.%zu", i);
		if (hrec_str(h, path, NULL) == NULL)
			break;
		if (!hrec_int(h, path, &t1))
			return hrec_reject(h, "%s is not a whole number of "
			                   "nanoseconds from -2^63 to 2^63", path);
		if (has_text(h, i)) {
			any = true;
			break;
		}
	}
	if (any) {
		int64_t tl = t1, tj;
		if (t1 < t0)
			return hrec_reject(h, "the first response is before the "
			                   "request");
		snprintf(num, sizeof num, "%lld", (long long)(t1 - t0));
		rc = hrec_put(h, "=ttft_ns", num, strlen(num));
		if (rc == 0)
			rc = hrec_put(h, "=error", NULL, 0);
		/* the last response: the end-to-end latency, for the capture
		 * audit (a non-streaming run has one response, so TTFT = it) */
		for (size_t j = i + 1;; j++) {
			char path[48];
			snprintf(path, sizeof path, "response_timestamps.%zu", j);
			if (hrec_str(h, path, NULL) == NULL || !hrec_int(h, path, &tj))
				break;
			if (tj > tl)
				tl = tj;
		}
		snprintf(num, sizeof num, "%lld", (long long)(tl - t0));
		if (rc == 0)
			rc = hrec_put(h, "=e2e_ns", num, strlen(num));
	} else {
		rc = hrec_put(h, "=ttft_ns", NULL, 0);
		if (rc == 0)
			rc = i == 0 ? hrec_put(h, "=error", "no response", 11)
			            : hrec_put(h, "=error", "no token in the response",
			                       24);
	}
	snprintf(num, sizeof num, "%lld", (long long)t0);
	if (rc == 0)
		rc = hrec_put(h, "=start_ns", num, strlen(num));
	pl = hrec_str(h, "request_inputs.payload", &n);
	if (rc == 0 && pl != NULL &&
	    harness_body_model(pl, n, NULL, model, sizeof model))
		rc = hrec_put(h, "=model", model, strlen(model));
	mode = hrec_context(h, "experiments.*.experiment.mode", NULL);
	if (rc == 0 && mode != NULL && strcmp(mode, "concurrency") == 0 &&
	    (pl = hrec_context(h, "experiments.*.experiment.value", &n)) != NULL)
		rc = hrec_put(h, "=concurrency", pl, n);
	return rc;
}

static const struct harness_layout layouts[] = {
	{"profile_export.json",
	 {.ttft = "=ttft_ns", .ttft_div = 1e9, .start = "=start_ns",
	   .start_unit = TIME_NS, .status = "", .ok = "", .error = "=error",
	   .failed = "", .e2e = "=e2e_ns", .e2e_div = 1e9,
	   .by = "model,provider,concurrency"}},
};

const struct harness harness_genai_perf = {
	.name = "genai-perf",
	.summary = "GenAI-Perf profile_export.json: the first response with text "
	           "- timestamp (ns); model from the request payload",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 1,
	.records = "experiments.*.requests.*",
	.derive = derive,
};
