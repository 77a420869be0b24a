/*
 * h_litellm.c — the LiteLLM proxy's spend logs: the LiteLLM_SpendLogs
 * table (BerriAI/litellm schema.prisma), one row per request, as the
 * proxy's /spend/logs API returns it (a JSON array, or {"data": [...]}
 * from /spend/logs/v2) or as a CSV export of the table.
 *
 * Columns used: startTime, completionStartTime and endTime (timestamps;
 * TTFT = completionStartTime - startTime), model_group (the public model
 * name the caller asked for; else model), custom_llm_provider (else the
 * host of api_base), status ("success" / "failure"), prompt_tokens.
 * When LiteLLM did not see the first chunk it writes completionStartTime
 * = endTime (a fallback that has shipped as a bug twice): such a row is
 * not a TTFT sample, it is rejected with that reason and counted.  A
 * null completionStartTime (not streamed) likewise.
 */
#include <stdio.h>

#include "harness.h"
#include "sniff.h"

/* A spend-log row: its start time with the proxy's own columns (the
 * completion start may be null in every row of the head: calls that did
 * not stream, failures). */
static bool
spend_log(const struct sniff *s, const char *prefix)
{
	static const char *const own[] = {"custom_llm_provider", "model_group",
	                                  "completionStartTime", "api_base",
	                                  NULL};
	char path[64];
	int have = 0;

	snprintf(path, sizeof path, "%sstartTime", prefix);
	if (!sniff_has(s, path))
		return false;
	snprintf(path, sizeof path, "%srequest_id", prefix);
	if (!sniff_has(s, path))
		return false;
	for (size_t i = 0; own[i]; i++) {
		snprintf(path, sizeof path, "%s%s", prefix, own[i]);
		have += sniff_has(s, path);
	}
	return have >= 2;
}

/* /spend/logs: a JSON array of rows (or JSON Lines of them) */
static int
detect_json(const struct sniff *s)
{
	return spend_log(s, "[].") || (!s->root_array && spend_log(s, ""))
	       ? 0 : -1;
}

/* /spend/logs/v2: {"data": [rows], "total": ..., "page": ...} */
static int
detect_v2(const struct sniff *s)
{
	return !s->root_array && spend_log(s, "data[].") ? 0 : -1;
}

static int
detect_csv(const struct sniff *s)
{
	return spend_log(s, "") ? 0 : -1;
}

#define SPEND_ROLES                                                      \
	.ttft = "", .start = "startTime", .first = "completionStartTime",  \
	.end = "endTime", .status = "", .ok = "status", .error = "",         \
	.failed = "", .e2e = "", .in_tokens = "prompt_tokens",               \
	.url = "api_base", .by = "model,provider",                           \
	.keys = {"model=model_group,model", "provider=custom_llm_provider",  \
	         NULL}

static const struct harness_layout json_layouts[] = {
	{"/spend/logs", {SPEND_ROLES}},
};

const struct harness harness_litellm = {
	.name = "litellm",
	.summary = "LiteLLM proxy spend logs (/spend/logs JSON): TTFT = "
	           "completionStartTime - startTime; completionStartTime = "
	           "endTime is no first token, counted apart",
	.input = HARNESS_TREE,
	.detect = detect_json,
	.layouts = json_layouts,
	.nlayouts = 1,
	.records = "*",
	.production = true,
};

static const struct harness_layout v2_layouts[] = {
	{"/spend/logs/v2", {SPEND_ROLES}},
};

const struct harness harness_litellm_v2 = {
	.name = "litellm-v2",
	.summary = "LiteLLM /spend/logs/v2 JSON ({\"data\": [...]}): as litellm",
	.input = HARNESS_TREE,
	.detect = detect_v2,
	.layouts = v2_layouts,
	.nlayouts = 1,
	.records = "data.*",
	.production = true,
};

static const struct harness_layout csv_layouts[] = {
	{"LiteLLM_SpendLogs table", {SPEND_ROLES}},
};

const struct harness harness_litellm_csv = {
	.name = "litellm-csv",
	.summary = "LiteLLM_SpendLogs as CSV (a table export): as litellm",
	.input = HARNESS_CSV,
	.detect = detect_csv,
	.layouts = csv_layouts,
	.nlayouts = 1,
	.production = true,
};
