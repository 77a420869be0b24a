/*
 * h_langfuse.c — Langfuse observation exports.
 *
 * Two spellings of one record (langfuse/langfuse at 6275144):
 *   - camelCase, as the public API (/api/public/observations: {"data":
 *     [...], "meta": {...}}) and the UI's export write it: startTime,
 *     endTime, completionStartTime, model, level, statusMessage, type,
 *     latency and timeToFirstToken in seconds;
 *   - snake_case, as the blob-storage export writes it (packages/shared/
 *     src/domain/observation-field-groups.ts, LEGACY_OBSERVATION_EXPORT_
 *     FIELDS; CSV, JSON or JSON Lines): start_time, end_time,
 *     completion_start_time, provided_model_name, level, status_message,
 *     type, latency and time_to_first_token.
 * Only GENERATION observations are model calls; the others (spans,
 * events, tools) are filtered out and counted.  TTFT is completion start
 * - start, from the timestamps: Langfuse's own time_to_first_token is in
 * seconds in one export and in milliseconds in another (the events
 * export's SQL), the timestamps are not.  A null completion start (the
 * response did not stream) is no TTFT sample: rejected, with that reason,
 * and counted.  level ERROR is a failure.  Observations name no provider
 * of their own; the camelCase ones carry it where the Vercel AI SDK puts
 * it (modelParameters.system), the blob export's model_parameters is a
 * JSON string: give the provider per input (FILE@provider=NAME) there.
 */
#include <stdio.h>

#include "harness.h"
#include "sniff.h"

/* An observation: its start time, trace, type and level (the completion
 * start is null in every SPAN and every call that did not stream, so the
 * head may not show it). */
static bool
shape(const struct sniff *s, const char *p, const char *start,
      const char *trace)
{
	static const char *const common[] = {"type", "level", NULL};
	char path[64];

	snprintf(path, sizeof path, "%s%s", p, start);
	if (!sniff_has(s, path))
		return false;
	snprintf(path, sizeof path, "%s%s", p, trace);
	if (!sniff_has(s, path))
		return false;
	for (size_t i = 0; common[i]; i++) {
		snprintf(path, sizeof path, "%s%s", p, common[i]);
		if (!sniff_has(s, path))
			return false;
	}
	return true;
}

static bool
camel(const struct sniff *s, const char *p)
{
	return shape(s, p, "startTime", "traceId");
}

static bool
snake(const struct sniff *s, const char *p)
{
	return shape(s, p, "start_time", "trace_id");
}

#define CAMEL_ROLES                                                       \
	.ttft = "", .start = "startTime", .first = "completionStartTime",   \
	.end = "endTime", .status = "", .ok = "", .error = "",                \
	.failed = "level", .failed_value = "ERROR", .e2e = "",                \
	.in_tokens = "usageDetails.input", .by = "model,provider",            \
	.keys = {"provider=modelParameters.system", NULL},                    \
	.where = {"type=GENERATION", NULL}
#define SNAKE_ROLES                                                       \
	.ttft = "", .start = "start_time", .first = "completion_start_time", \
	.end = "end_time", .status = "", .ok = "", .error = "",               \
	.failed = "level", .failed_value = "ERROR", .e2e = "",                \
	.in_tokens = "usage_details.input", .by = "model,provider",           \
	.keys = {"model=provided_model_name,model", NULL},                    \
	.where = {"type=GENERATION", NULL}

/* a JSON array or JSON Lines of observations, either spelling */
static int
detect_json(const struct sniff *s)
{
	if (camel(s, "[].") || (!s->root_array && camel(s, "")))
		return 0;
	if (snake(s, "[].") || (!s->root_array && snake(s, "")))
		return 1;
	return -1;
}

static const struct harness_layout json_layouts[] = {
	{"observations, camelCase (API, UI export)", {CAMEL_ROLES}},
	{"observations, snake_case (blob-storage export)", {SNAKE_ROLES}},
};

const struct harness harness_langfuse = {
	.name = "langfuse",
	.summary = "Langfuse observation exports (JSON, JSON Lines): TTFT = "
	           "completion start - start of GENERATION observations",
	.input = HARNESS_TREE,
	.detect = detect_json,
	.layouts = json_layouts,
	.nlayouts = 2,
	.records = "*",
	.production = true,
};

/* /api/public/observations: {"data": [...], "meta": {...}} */
static int
detect_api(const struct sniff *s)
{
	return !s->root_array && camel(s, "data[].") ? 0 : -1;
}

static const struct harness_layout api_layouts[] = {
	{"/api/public/observations", {CAMEL_ROLES}},
};

const struct harness harness_langfuse_api = {
	.name = "langfuse-api",
	.summary = "Langfuse /api/public/observations ({\"data\": [...]}): as "
	           "langfuse",
	.input = HARNESS_TREE,
	.detect = detect_api,
	.layouts = api_layouts,
	.nlayouts = 1,
	.records = "data.*",
	.production = true,
};

static int
detect_csv(const struct sniff *s)
{
	return camel(s, "") ? 0 : snake(s, "") ? 1 : -1;
}

const struct harness harness_langfuse_csv = {
	.name = "langfuse-csv",
	.summary = "Langfuse observation exports as CSV: as langfuse",
	.input = HARNESS_CSV,
	.detect = detect_csv,
	.layouts = json_layouts,
	.nlayouts = 2,
	.production = true,
};
