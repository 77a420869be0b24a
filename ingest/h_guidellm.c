/*
 * h_guidellm.c — GuideLLM's benchmark reports (benchmarks.json, and the
 * same as YAML), every released layout:
 *   0: 0.2-0.3 (guidellm/benchmark/benchmark.py): requests.successful[]
 *      with start_time, first_token_time and time_to_first_token_ms; the
 *      model in worker.backend_model;
 *   1: 0.4-0.6 (guidellm/schemas/request_stats.py): info.timings.*
 *      (Unix seconds) and time_to_first_token_ms; request_args a JSON
 *      *string* whose body holds the model;
 *   2: 0.7+ : metadata.version 2, otherwise as 1.
 * Requests are filed under successful, errored and incomplete: the last
 * two are failures.  A sweep holds several benchmarks (strategies); the
 * key "strategy" tells them apart.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	const char *v = sniff_value(s, "metadata.version");

	if (!sniff_has(s, "benchmarks[].requests.successful") &&
	    !sniff_has(s, "benchmarks[].requests.errored") &&
	    !sniff_has(s, "benchmarks[].requests.incomplete"))
		return -1;
	if (v != NULL && strcmp(v, "2") == 0)
		return 2;
	if (sniff_has_prefix(s, "benchmarks[].requests.successful[].info.") ||
	    sniff_has_prefix(s, "benchmarks[].requests.errored[].info.") ||
	    v != NULL)
		return 1;
	return 0;
}

/* The model from request_args: a JSON string with body.model (0.4+), or
 * an object with model or body.model. */
static bool
args_model(struct hrec *h, char *buf, size_t size)
{
	const char *v;
	size_t n;

	if ((v = hrec_str(h, "request_args", &n)) != NULL)
		return harness_body_model(v, n, "body", buf, size) ||
		       harness_body_model(v, n, NULL, buf, size);
	if ((v = hrec_str(h, "request_args.model", &n)) != NULL ||
	    (v = hrec_str(h, "request_args.body.model", &n)) != NULL) {
		snprintf(buf, size, "%.*s", (int)n, v);
		return true;
	}
	return false;
}

/* "synchronous", "throughput", or the type with its rate or streams
 * ("constant@4", "concurrent@8"): the benchmarks of a sweep apart. */
static int
strategy(struct hrec *h, const char *type_path, const char *type, size_t n)
{
	static const char *const params[] = {"rate", "streams", NULL};
	char path[96], text[96];
	size_t base = strlen(type_path) - strlen("type_"), pl;
	const char *v;

	for (size_t i = 0; params[i]; i++) {
		snprintf(path, sizeof path, "%.*s%s", (int)base, type_path, params[i]);
		if ((v = hrec_context(h, path, &pl)) != NULL) {
			snprintf(text, sizeof text, "%.*s@%.*s", (int)(n < 40 ? n : 40),
			         type, (int)(pl < 40 ? pl : 40), v);
			return hrec_put(h, "=strategy", text, strlen(text));
		}
	}
	return hrec_put(h, "=strategy", type, n);
}

static int
derive(struct hrec *h)
{
	static const char *const models[] = {
		"benchmarks.*.config.backend.model", "benchmarks.*.worker.backend_model",
		"config.model", "benchmarks.*.config.requests.model", NULL};
	static const char *const targets[] = {
		"benchmarks.*.config.backend.target",
		"benchmarks.*.worker.backend_target", "config.target", NULL};
	static const char *const strategies[] = {
		"benchmarks.*.config.strategy.type_", "benchmarks.*.args.strategy.type_",
		NULL};
	const char *bucket = hrec_bucket(h), *v, *host;
	double ms, a, b;
	char model[256];
	size_t n;
	int rc = 0;

	if (strcmp(bucket, "successful") != 0 && strcmp(bucket, "errored") != 0 &&
	    strcmp(bucket, "incomplete") != 0)
		return HARNESS_SKIP;    /* "total" is null; nothing else is a request */
	if (hrec_num(h, "time_to_first_token_ms", &ms))
		rc = hrec_put_num(h, "=ttft_ms", ms);
	else if ((hrec_num(h, "first_token_time", &b) &&
	          hrec_num(h, "start_time", &a)) ||
	         (hrec_num(h, "info.timings.first_token_iteration", &b) &&
	          hrec_num(h, "info.timings.request_start", &a)))
		rc = hrec_put_num(h, "=ttft_ms", 1e3 * (b - a));
	else
		rc = hrec_put(h, "=ttft_ms", NULL, 0);
	if (rc == 0 && ((v = hrec_str(h, "info.timings.request_start", &n)) ||
	                (v = hrec_str(h, "start_time", &n)) ||
	                (v = hrec_str(h, "info.timings.resolve_start", &n))))
		rc = hrec_put(h, "=start", v, n);
	if (rc == 0)
		rc = strcmp(bucket, "successful") == 0
		     ? hrec_put(h, "=error", NULL, 0)
		     : hrec_put(h, "=error", bucket, strlen(bucket));
	/* the model from the request, else from the run */
	if (rc == 0 && args_model(h, model, sizeof model))
		rc = hrec_put(h, "=model", model, strlen(model));
	else
		for (size_t i = 0; rc == 0 && models[i]; i++)
			if ((v = hrec_context(h, models[i], &n)) != NULL) {
				rc = hrec_put(h, "=model", v, n);
				break;
			}
	for (size_t i = 0; rc == 0 && targets[i]; i++)
		if ((v = hrec_context(h, targets[i], &n)) != NULL) {
			size_t hl = harness_url_host(v, n, &host);
			if (hl > 0)
				rc = hrec_put(h, "=provider", host, hl);
			break;
		}
	for (size_t i = 0; rc == 0 && strategies[i]; i++)
		if ((v = hrec_context(h, strategies[i], &n)) != NULL) {
			rc = strategy(h, strategies[i], v, n);
			break;
		}
	return rc;
}

#define ROLES {.ttft = "=ttft_ms", .ttft_div = 1e3, .start = "=start", \
               .start_unit = TIME_S, .status = "", .ok = "", .error = "=error", \
               .failed = "", \
               .by = "model,provider,strategy"}

static const struct harness_layout layouts[] = {
	{"0.2-0.3", ROLES},
	{"0.4-0.6", ROLES},
	{"0.7+ (metadata.version 2)", ROLES},
};

const struct harness harness_guidellm = {
	.name = "guidellm",
	.summary = "GuideLLM report (JSON or YAML, 0.2-0.7+): benchmarks[]."
	           "requests.{successful,errored,incomplete}[]: "
	           "time_to_first_token_ms",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 3,
	.records = "benchmarks.*.requests.*.*",
	.derive = derive,
};
