/*
 * h_llmperf.c — LLMPerf (ray-project/llmperf) per-request output.
 *
 * token_benchmark_ray.py writes <model>_<in>_<out>_individual_responses.json:
 * one array of objects with ttft_s, end_to_end_latency_s,
 * inter_token_latency_s, number_input_tokens, ..., error_code (null on
 * success; 429, -1, ... on failure, with ttft_s 0) and error_msg.  The
 * model is in the file name only (non-word characters turned into '-');
 * the LLMPerf leaderboard's raw_data/individual/ names its files
 * <provider>_<size>.json instead, so the model then falls back to the
 * whole stem, with a note that --name-from gives both keys.  Forks write
 * the same records as JSON Lines (*_individual_responses.jsonl.zst).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	const char *p = s->root_array ? "[]." : "";
	char a[64], b[64], c[64];

	snprintf(a, sizeof a, "%sttft_s", p);
	snprintf(b, sizeof b, "%serror_code", p);
	snprintf(c, sizeof c, "%send_to_end_latency_s", p);
	return sniff_has(s, a) && (sniff_has(s, b) || sniff_has(s, c)) ? 0 : -1;
}

/* "<model>_<in>_<out>_individual_responses.json": the model, and whether
 * the name had that form. */
static bool
model_of(const char *path, char *buf, size_t size)
{
	static const char *const sfx[] = {"_individual_responses.json",
	                                  "_individual_responses.jsonl",
	                                  "_individual_responses.json.gz",
	                                  "_individual_responses.jsonl.zst",
	                                  "_individual_responses.jsonl.gz",
	                                  ".json", ".jsonl", ".json.gz",
	                                  ".jsonl.zst", ".jsonl.gz", NULL};
	size_t n;
	int unders = 0;

	harness_stem(path, sfx, buf, size);
	n = strlen(buf);
	if (strstr(path, "_individual_responses") == NULL)
		return false;
	/* strip _<in>_<out> */
	for (size_t i = n; i > 0 && unders < 2; i--)
		if (buf[i - 1] == '_') {
			bool digits = i < n;
			for (size_t k = i; k < n && digits; k++)
				digits = isdigit((unsigned char)buf[k]);
			if (!digits)
				break;
			n = i - 1;
			unders++;
		}
	buf[n] = '\0';
	return true;
}

static int
derive(struct hrec *h)
{
	char model[256], note[400];

	if (!model_of(hrec_source(h), model, sizeof model) &&
	    !hrec_key_given(h, "model")) {
		snprintf(note, sizeof note, "the records name no model, so the "
		         "model is the file's name, '%.80s'; --set model=NAME or "
		         "--name-from '{provider}_{model}.json' sets keys from "
		         "file names", model);
		if (hrec_note(h, note) != 0)
			return ERR_NOMEM;
	}
	return hrec_put(h, "=model", model, strlen(model));
}

static const struct harness_layout layouts[] = {
	{"2023-08-31", {.ttft = "ttft_s", .ttft_div = 1.0, .start = "",
	  .status = "", .ok = "", .error = "error_code", .failed = ""}},
};

const struct harness harness_llmperf = {
	.name = "llmperf",
	.summary = "LLMPerf *_individual_responses.json: ttft_s, error_code; "
	           "model from the file name",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 1,
	.records = "*",
	.derive = derive,
};
