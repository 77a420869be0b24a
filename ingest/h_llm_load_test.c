/*
 * h_llm_load_test.c — openshift-psap/llm-load-test's output JSON:
 * {"results": [...], "config": {...}, "summary": {...}}, results first.
 * Layouts, from its history:
 *   0 (v2, January 2024, plugins/plugin.py): start, end (epoch s), TT_ack,
 *     TTFT and TPOT in milliseconds, response_time in seconds;
 *   1 (February 2024 on, result.py): start_time, ack_time,
 *     first_token_time, end_time (epoch s); tt_ack, ttft, itl, tpot and
 *     response_time in milliseconds; error_code and error_text (null on
 *     success).
 * Both TTFTs are milliseconds although the names carry no unit.  The
 * model (config.plugin_options.model_name) and the host
 * (config.plugin_options.host) come after the results, so they are
 * applied at the end.
 */
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	if (sniff_has(s, "results[].TTFT"))
		return 0;
	if (sniff_has(s, "results[].ttft") ||
	    (sniff_has(s, "results[].first_token_time") &&
	     sniff_has(s, "results[].start_time")))
		return 1;
	return -1;
}

static int
finish(struct hrec *h)
{
	static const char *const models[] = {"config.plugin_options.model_name",
	                                     "config.plugin_options.model",
	                                     "config.model", NULL};
	static const char *const hosts[] = {"config.plugin_options.host",
	                                    "config.plugin_options.url", NULL};
	const char *v, *host;
	size_t n, hl;
	int rc = 0;

	for (size_t i = 0; models[i]; i++)
		if ((v = hrec_context(h, models[i], &n)) != NULL && n > 0) {
			rc = hrec_late_key(h, "model", v, n);
			break;
		}
	for (size_t i = 0; rc == 0 && hosts[i]; i++)
		if ((v = hrec_context(h, hosts[i], &n)) != NULL) {
			hl = harness_url_host(v, n, &host);
			rc = hl ? hrec_late_key(h, "provider", host, hl)
			        : hrec_late_key(h, "provider", v, n);
			break;
		}
	return rc;
}

static const struct harness_layout layouts[] = {
	{"v2 (2024-01): TTFT, TT_ack, TPOT",
	 {.ttft = "TTFT", .ttft_div = 1e3, .start = "start",
	   .start_unit = TIME_S, .status = "", .ok = "", .error = "",
	   .failed = ""}},
	{"2024-02+: ttft, start_time, first_token_time, error_text",
	 {.ttft = "ttft", .ttft_div = 1e3, .start = "start_time",
	   .start_unit = TIME_S, .status = "error_code", .ok = "",
	   .error = "error_text", .failed = ""}},
};

const struct harness harness_llm_load_test = {
	.name = "llm-load-test",
	.summary = "llm-load-test output JSON: results[] with ttft or TTFT (ms); "
	           "model and host from its config",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 2,
	.records = "results.*",
	.finish = finish,
};
