/*
 * h_aiperf.c — NVIDIA AIPerf's profile_export.jsonl (aiperf/post_processors/
 * record_export_results_processor.py), one request a line.
 *
 * Layouts, as released:
 *   0 (October 2025, "per-record metrics export"): metadata.timestamp_ns,
 *     metrics.ttft {value, unit};
 *   1 (later): metadata.request_start_ns, request_end_ns, was_cancelled,
 *     benchmark_phase, metrics.time_to_first_token {value, unit}.
 * Each metric carries its own unit ("ms", "ns", ...); request_latency (the
 * end-to-end latency) and input_sequence_length feed the capture audit's
 * streaming and fixed-prompt checks.  A failed request
 * has an error object {code, type, message} (a cancelled one too) and
 * metrics without a TTFT.  The records name no model: it is taken from the
 * artifact folder (<model>-<endpoint>-concurrency<N>/, as AIPerf and
 * GenAI-Perf name them), with a note; --set or --name-from replace it.
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	bool meta = sniff_has(s, "metadata.worker_id") ||
	            sniff_has(s, "metadata.x_request_id") ||
	            sniff_has(s, "metadata.record_processor_id");

	if (!meta || s->root_array)
		return -1;
	if (sniff_has(s, "metadata.request_start_ns"))
		return 1;
	if (sniff_has(s, "metadata.timestamp_ns"))
		return 0;
	return -1;
}

/* The folder an artifact lies in, as the model: "<model>-openai-chat-
 * concurrency1" gives "<model>" and, through *conc, "1". */
static bool
folder_model(const char *path, char *buf, size_t size, char *conc,
             size_t csize)
{
	static const char *const kinds[] = {"-openai-", "-triton-", "-nim-",
	                                    "-dynamic_grpc-", NULL};
	const char *end = strrchr(path, '/'), *start, *c;
	size_t n;

	conc[0] = '\0';
	if (end == NULL)
		return false;
	for (start = end; start > path && start[-1] != '/'; start--)
		;
	n = (size_t)(end - start);
	if (n == 0 || strncmp(start, ".", n) == 0)
		return false;
	snprintf(buf, size, "%.*s", (int)n, start);
	for (size_t k = 0; kinds[k]; k++)
		if ((c = strstr(buf, kinds[k])) != NULL && c > buf) {
			const char *cc = strstr(c, "-concurrency");
			if (cc != NULL)
				snprintf(conc, csize, "%s", cc + 12);
			buf[c - buf] = '\0';
			break;
		}
	return true;
}

static int
derive(struct hrec *h)
{
	static const char *const ttft[][2] = {
		{"metrics.time_to_first_token.value",
		 "metrics.time_to_first_token.unit"},
		{"metrics.ttft.value", "metrics.ttft.unit"}};
	const char *u, *v;
	size_t n;
	double x, div = 1e3;
	char model[256], conc[32], note[400];
	int rc = 0;
	bool have = false;

	for (size_t i = 0; i < 2 && !have; i++) {
		if (hrec_str(h, ttft[i][0], NULL) == NULL)
			continue;
		have = true;
		if (!hrec_num(h, ttft[i][0], &x))
			return hrec_reject(h, "%s is not a number", ttft[i][0]);
		if ((u = hrec_str(h, ttft[i][1], NULL)) != NULL &&
		    (div = field_unit_divisor(u)) == 0)
			return hrec_reject(h, "unit '%.20s' is not s, ms, us or ns",
			                   u);
		rc = hrec_put_num(h, "=ttft_s", x / div);
	}
	if (rc == 0 && !have)
		rc = hrec_put(h, "=ttft_s", NULL, 0);
	/* the whole request, for the capture audit's streaming check; a
	 * latency in a unit we do not know is left out, not guessed */
	if (rc == 0 && hrec_num(h, "metrics.request_latency.value", &x) &&
	    ((u = hrec_str(h, "metrics.request_latency.unit", NULL)) == NULL ||
	     (div = field_unit_divisor(u)) != 0))
		rc = hrec_put_num(h, "=e2e_s", x / (u == NULL ? 1e3 : div));
	if (rc == 0 && ((v = hrec_str(h, "metadata.request_start_ns", &n)) ||
	                (v = hrec_str(h, "metadata.timestamp_ns", &n))))
		rc = hrec_put(h, "=start_ns", v, n);
	/* an error object, a string, or a cancelled request */
	if (rc == 0) {
		if ((v = hrec_str(h, "error", &n)) != NULL)
			rc = hrec_put(h, "=error", v, n);
		else if ((v = hrec_str(h, "error.type", &n)) != NULL ||
		         (v = hrec_str(h, "error.message", &n)) != NULL ||
		         (v = hrec_str(h, "error.code", &n)) != NULL)
			rc = hrec_put(h, "=error", v, n);
		else if (hrec_has_prefix(h, "error."))
			/* not the word "error": a false boolean to the mapper */
			rc = hrec_put(h, "=error", "error object", 12);
		else if ((v = hrec_str(h, "metadata.was_cancelled", &n)) != NULL &&
		         field_bool(v, n) == 1)
			rc = hrec_put(h, "=error", "cancelled", 9);
		else
			rc = hrec_put(h, "=error", NULL, 0);
	}
	if (rc != 0)
		return rc;
	if ((v = hrec_str(h, "metadata.model_name", &n)) != NULL ||
	    (v = hrec_str(h, "model", &n)) != NULL)
		return hrec_put(h, "=model", v, n);
	if (folder_model(hrec_source(h), model, sizeof model, conc, sizeof conc)) {
		snprintf(note, sizeof note, "the records name no model, so the "
		         "model is the artifact folder's name, '%.80s'; --set "
		         "model=NAME replaces it", model);
		if (!hrec_key_given(h, "model"))
			rc = hrec_note(h, note);
		if (rc == 0)
			rc = hrec_put(h, "=model", model, strlen(model));
		if (rc == 0 && conc[0])
			rc = hrec_put(h, "=concurrency", conc, strlen(conc));
	}
	return rc;
}

static const struct harness_layout layouts[] = {
	{"0.1.x: metrics.ttft, metadata.timestamp_ns",
	 {.ttft = "=ttft_s", .ttft_div = 1.0, .start = "=start_ns",
	   .start_unit = TIME_NS, .status = "", .ok = "", .error = "=error",
	   .failed = "", .e2e = "=e2e_s", .e2e_div = 1.0,
	   .in_tokens = "metrics.input_sequence_length.value",
	  .by = "model,provider,concurrency"}},
	{"metrics.time_to_first_token, metadata.request_start_ns",
	 {.ttft = "=ttft_s", .ttft_div = 1.0, .start = "=start_ns",
	   .start_unit = TIME_NS, .status = "", .ok = "", .error = "=error",
	   .failed = "", .e2e = "=e2e_s", .e2e_div = 1.0,
	   .in_tokens = "metrics.input_sequence_length.value",
	   .by = "model,provider,concurrency",
	  .where = {"metadata.benchmark_phase!=warmup", NULL}}},
};

const struct harness harness_aiperf = {
	.name = "aiperf",
	.summary = "AIPerf profile_export.jsonl (every layout): "
	           "metrics.time_to_first_token or metrics.ttft with its unit; "
	           "metadata.request_start_ns or timestamp_ns; error",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 2,
	.records = "*",
	.derive = derive,
};
