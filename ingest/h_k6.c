/*
 * h_k6.c — k6's per-request outputs: `k6 run --out json=F` (JSON Lines of
 * Metric definitions and Points) and `--out csv=F`.
 *
 * The TTFT is http_req_waiting, in ms: the time to the first byte of the
 * response, k6 has no notion of a token.  A request k6 counted as failed
 * (expected_response false, or an error tag) is a failure.  Every tag —
 * name, url, method, status, group, scenario, and custom tags — is a key
 * by its plain name (--by name): in JSON under data.tags, in CSV as a
 * column or inside extra_tags ("k=v&k2=v2").  Without model or provider
 * tags the file is one cell named after it.
 */
#include "harness.h"
#include "sniff.h"

static int
detect_json(const struct sniff *s)
{
	if (!sniff_has(s, "type") || !sniff_has(s, "metric") || s->root_array)
		return -1;
	return sniff_has(s, "data.time") || sniff_has(s, "data.name") ? 0 : -1;
}

static int
detect_csv(const struct sniff *s)
{
	return sniff_has(s, "metric_name") && sniff_has(s, "timestamp") &&
	       sniff_has(s, "metric_value") ? 0 : -1;
}

static const struct harness_layout json_layouts[] = {
	{"--out json", {.ttft = "data.value", .ttft_div = 1e3,
	  .start = "data.time", .status = "data.tags.status",
	  .ok = "data.tags.expected_response", .error = "data.tags.error",
	  .failed = "", .url = "data.tags.url",
	  .where = {"type=Point", "metric=http_req_waiting", NULL}}},
};

const struct harness harness_k6_json = {
	.name = "k6-json",
	.summary = "k6 --out json: http_req_waiting points (ms, time to first "
	           "byte); every tag a key by name (--by name, url, ...)",
	.input = HARNESS_TREE,
	.detect = detect_json,
	.layouts = json_layouts,
	.nlayouts = 1,
	.records = "*",
	.key_prefix = {"data.tags.", NULL},
	.ttfb = true,
};

static const struct harness_layout csv_layouts[] = {
	{"--out csv", {.ttft = "metric_value", .ttft_div = 1e3,
	  .start = "timestamp", .status = "status",
	  .ok = "expected_response", .error = "error", .failed = "",
	  .tags = "extra_tags", .url = "url",
	  .where = {"metric_name=http_req_waiting", NULL}}},
};

const struct harness harness_k6_csv = {
	.name = "k6",
	.summary = "k6 --out csv: http_req_waiting rows (ms, time to first byte); "
	           "tags and extra_tags as keys",
	.input = HARNESS_CSV,
	.detect = detect_csv,
	.layouts = csv_layouts,
	.nlayouts = 1,
	.ttfb = true,
};
