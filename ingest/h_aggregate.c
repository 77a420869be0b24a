/*
 * h_aggregate.c — harness outputs that hold aggregates only.
 *
 * They look like traces (a TTFT mean, percentiles), so a user hands them
 * in; each is refused as a data error that names the harness and says
 * how to get the per-request output the same harness can write.
 */
#include <stddef.h>

#include "harness.h"
#include "sniff.h"

/* LLMPerf's <model>_<in>_<out>_summary.json */
static int
llmperf(const struct sniff *s)
{
	return sniff_has(s, "results_ttft_s_mean") ||
	       sniff_has(s, "results_ttft_s_quantiles_p50") ? 0 : -1;
}

/* vllm bench serve --save-result without --save-detailed */
static int
vllm(const struct sniff *s)
{
	return sniff_has(s, "mean_ttft_ms") && !sniff_has(s, "ttfts") &&
	       (sniff_has(s, "model_id") || sniff_has(s, "tokenizer_id")) ? 0 : -1;
}

/* sglang.bench_serving --output-file without --output-details */
static int
sglang(const struct sniff *s)
{
	return sniff_has(s, "mean_ttft_ms") && !sniff_has(s, "ttfts") &&
	       !sniff_has(s, "details.ttfts") ? 0 : -1;
}

/* GenAI-Perf's profile_export_genai_perf.json and .csv */
static int
genai_perf(const struct sniff *s)
{
	if (s->kind == SNIFF_CSV)
		return sniff_has(s, "Metric") && sniff_has(s, "avg") &&
		       sniff_has(s, "p99") ? 0 : -1;
	return sniff_has(s, "time_to_first_token.avg") ? 0 : -1;
}

/* AIPerf's profile_export_aiperf.json: GenAI-Perf's form, and AIPerf's
 * own configuration (endpoint.model_names) */
static int
aiperf(const struct sniff *s)
{
	return (sniff_has(s, "time_to_first_token.avg") ||
	        sniff_has(s, "records.time_to_first_token.avg")) &&
	       sniff_has_prefix(s, "input_config.endpoint.") ? 0 : -1;
}

/* k6 --summary-export, or a handleSummary() JSON */
static int
k6(const struct sniff *s)
{
	return sniff_has(s, "metrics.http_req_waiting.avg") ||
	       sniff_has(s, "metrics.http_req_duration.avg") ||
	       sniff_has(s, "metrics.http_req_waiting.values.avg") ||
	       sniff_has(s, "metrics.http_req_duration.values.avg") ? 0 : -1;
}

/* Locust --csv: _stats.csv and _stats_history.csv */
static int
locust(const struct sniff *s)
{
	return sniff_has(s, "Request Count") && sniff_has(s, "Failure Count") &&
	       sniff_has(s, "Name") ? 0 : -1;
}

/* JMeter's Aggregate / Summary Report listeners saved as CSV */
static int
jmeter(const struct sniff *s)
{
	return sniff_has(s, "# Samples") && sniff_has(s, "Label") ? 0 : -1;
}

const struct harness harness_llmperf_summary = {
	.name = "llmperf-summary", .summary = "LLMPerf's _summary.json",
	.input = HARNESS_TREE, .detect = llmperf,
	.aggregate = "LLMPerf writes the requests to "
	             "<model>_<in>_<out>_individual_responses.json beside "
	             "this _summary.json: give that file"};

const struct harness harness_vllm_summary = {
	.name = "vllm-summary", .summary = "vLLM's benchmark result without --save-detailed",
	.input = HARNESS_TREE, .detect = vllm,
	.aggregate = "run vllm bench serve (or benchmark_serving.py) with "
	             "--save-result --save-detailed to keep every request"};

const struct harness harness_sglang_summary = {
	.name = "sglang-summary", .summary = "SGLang's bench_serving result without --output-details",
	.input = HARNESS_TREE, .detect = sglang,
	.aggregate = "run python -m sglang.bench_serving with --output-file and "
	             "--output-details to keep every request"};

const struct harness harness_genai_perf_summary = {
	.name = "genai-perf-summary",
	.summary = "GenAI-Perf's profile_export_genai_perf.json",
	.input = HARNESS_TREE, .detect = genai_perf,
	.aggregate = "GenAI-Perf writes the requests to profile_export.json in "
	             "the same artifacts folder: give that file"};

const struct harness harness_genai_perf_summary_csv = {
	.name = "genai-perf-summary",
	.summary = "GenAI-Perf's profile_export_genai_perf.csv",
	.input = HARNESS_CSV, .detect = genai_perf,
	.aggregate = "GenAI-Perf writes the requests to profile_export.json in "
	             "the same artifacts folder: give that file"};

const struct harness harness_aiperf_summary = {
	.name = "aiperf-summary", .summary = "AIPerf's profile_export_aiperf.json",
	.input = HARNESS_TREE, .detect = aiperf,
	.aggregate = "AIPerf writes the requests to profile_export.jsonl in the "
	             "same artifacts folder: give that file"};

const struct harness harness_k6_summary = {
	.name = "k6-summary", .summary = "k6's --summary-export (or handleSummary) JSON",
	.input = HARNESS_TREE, .detect = k6,
	.aggregate = "run k6 with --out json=results.json (or --out "
	             "csv=results.csv) to keep every request"};

const struct harness harness_locust_stats = {
	.name = "locust", .summary = "Locust's --csv statistics",
	.input = HARNESS_CSV, .detect = locust,
	.aggregate = "Locust's CSV files hold statistics, not requests; log each "
	             "request from an events.request listener (with its "
	             "response time and start time) and give that log"};

const struct harness harness_jmeter_aggregate = {
	.name = "jmeter-aggregate", .summary = "JMeter's aggregate report",
	.input = HARNESS_CSV, .detect = jmeter,
	.aggregate = "save the JTL results file (Simple Data Writer or -l "
	             "results.jtl) instead of an aggregate report"};
