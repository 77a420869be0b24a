/*
 * h_jmeter.c — Apache JMeter's results (JTL), as CSV and as XML.
 *
 * Latency ("lt" in XML) is JMeter's time to first byte, in ms, measured
 * by HTTP samplers; Java and JSR223 samplers leave it 0, which leaves
 * nothing to analyse (said as such).  timeStamp ("ts") is epoch ms,
 * success ("s") the verdict, responseCode ("rc") the status — "Non HTTP
 * response code: ..." when there was no HTTP answer.  The cell is the
 * sampler's label.
 */
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect_csv(const struct sniff *s)
{
	return sniff_has(s, "timeStamp") && sniff_has(s, "elapsed") &&
	       sniff_has(s, "label") ? 0 : -1;
}

static int
detect_xml(const struct sniff *s)
{
	return strcmp(s->root, "testResults") == 0 ? 0 : -1;
}

static const struct harness_layout csv_layouts[] = {
	{"JTL CSV", {.ttft = "Latency", .ttft_div = 1e3, .start = "timeStamp",
	  .status = "responseCode", .ok = "success",
	  .error = "", .failed = "", .url = "URL", .by = "label"}},
};

const struct harness harness_jmeter = {
	.name = "jmeter",
	.summary = "JMeter JTL as CSV: Latency (ms, time to first byte), "
	           "timeStamp, label, success, responseCode",
	.input = HARNESS_CSV,
	.detect = detect_csv,
	.layouts = csv_layouts,
	.nlayouts = 1,
	.ttfb = true,
};

static const struct harness_layout xml_layouts[] = {
	{"JTL XML 1.2", {.ttft = "lt", .ttft_div = 1e3, .start = "ts",
	  .start_unit = TIME_MS, .status = "rc", .ok = "s", .error = "",
	  .failed = "", .by = "lb"}},
};

const struct harness harness_jmeter_xml = {
	.name = "jmeter-xml",
	.summary = "JMeter JTL as XML: <httpSample lt= ts= s= lb= rc=/>",
	.input = HARNESS_XML,
	.detect = detect_xml,
	.layouts = xml_layouts,
	.nlayouts = 1,
	.ttfb = true,
};
