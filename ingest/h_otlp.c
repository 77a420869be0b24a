/*
 * h_otlp.c — OpenTelemetry traces as OTLP/JSON: the collector's file
 * exporter and the SDKs' file exporters write one ExportTraceServiceRequest
 * per line ({"resourceSpans": [{"resource", "scopeSpans": [{"scope",
 * "spans": [...]}]}]}), a single such object is read the same way.
 *
 * A span is a model call when it carries the GenAI semantic conventions
 * (gen_ai.operation.name chat / text_completion / generate_content, or a
 * gen_ai.request.model) and is not the wrapper a framework puts around the
 * provider's own span (gen_ai.system langchain and the like: the same call
 * twice).  Other spans are filtered out and counted.  Its fields:
 *   - TTFT: gen_ai.response.time_to_first_chunk (seconds, the semantic
 *     conventions' attribute), or gen_ai.server.time_to_first_token
 *     (OpenLIT writes it on spans); names ending _ms/_us/_ns are in those
 *     units, and an integer in a seconds attribute is read as nanoseconds
 *     (OTel's integer durations), said once.  A span with
 *     gen_ai.request.is_stream false, or with no TTFT attribute, did not
 *     stream: no TTFT sample, rejected with that reason and counted
 *     (OpenLIT writes the whole duration as the "time to first token" of
 *     a non-streaming call).
 *   - start: startTimeUnixNano; end - start is the end-to-end latency;
 *   - model: gen_ai.request.model, else gen_ai.response.model;
 *   - provider: gen_ai.provider.name, else gen_ai.system, else the host
 *     in server.address;
 *   - failure: an error.type attribute, or status.code ERROR (2);
 *   - input tokens: gen_ai.usage.input_tokens (or prompt_tokens).
 * Attribute values are OTLP AnyValues: {"stringValue"}, {"intValue"} (a
 * string or a number), {"doubleValue"}, {"boolValue"}.
 */
#include <stdio.h>
#include <string.h>

#include "field.h"
#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	return sniff_has_prefix(s, "resourceSpans[].scopeSpans[].spans[].") &&
	       (sniff_has(s, "resourceSpans[].scopeSpans[].spans[]."
	                     "startTimeUnixNano") ||
	        sniff_has(s, "resourceSpans[].scopeSpans[].spans[].name"))
	       ? 0 : -1;
}

/* The attributes the reader needs, by name. */
enum attr {
	A_OP, A_REQ_MODEL, A_RESP_MODEL, A_PROVIDER, A_SYSTEM, A_SERVER,
	A_ERROR, A_STREAM, A_IN_TOKENS, A_PROMPT_TOKENS, A_NATTR
};

static const char *const attr_names[A_NATTR] = {
	"gen_ai.operation.name", "gen_ai.request.model", "gen_ai.response.model",
	"gen_ai.provider.name", "gen_ai.system", "server.address", "error.type",
	"gen_ai.request.is_stream", "gen_ai.usage.input_tokens",
	"gen_ai.usage.prompt_tokens"};

/* TTFT attributes, the first present wins; div: units per second, 0: an
 * integer is nanoseconds and a double seconds */
static const struct {
	const char *name;
	double div;
} ttft_attrs[] = {
	{"gen_ai.response.time_to_first_chunk", 0},
	{"gen_ai.server.time_to_first_token", 0},
	{"gen_ai.response.time_to_first_chunk_ms", 1e3},
	{"gen_ai.response.ttft_ms", 1e3},
	{"gen_ai.ttft_ms", 1e3},
	{"llm.ttft_ms", 1e3},
	{"gen_ai.response.time_to_first_chunk_ns", 1e9},
};

#define NTTFT (sizeof ttft_attrs / sizeof ttft_attrs[0])

struct value {
	const char *text;               /* NULL: absent */
	size_t len;
	bool integer;                   /* an intValue */
};

/* The value of attribute i: one of the AnyValue kinds. */
static struct value
value_of(const struct hrec *h, size_t i)
{
	static const char *const kinds[] = {"stringValue", "intValue",
	                                    "doubleValue", "boolValue"};
	struct value v = {NULL, 0, false};
	char path[64];

	for (size_t k = 0; k < 4 && v.text == NULL; k++) {
		snprintf(path, sizeof path, "attributes.%zu.value.%s", i, kinds[k]);
		v.text = hrec_str(h, path, &v.len);
		v.integer = k == 1;
	}
	return v;
}

/* Frameworks whose spans wrap a provider's span of the same call. */
static bool
framework(const struct value *v)
{
	static const char *const names[] = {"langchain", "llama_index",
	                                    "llamaindex", "langgraph", "crewai",
	                                    "haystack", "autogen", "dspy", NULL};

	for (size_t i = 0; v->text != NULL && names[i]; i++)
		if (field_equals_nocase(v->text, v->len, names[i]))
			return true;
	return false;
}

static int
put_value(struct hrec *h, const char *name, const struct value *v)
{
	return hrec_put(h, name, v->text, v->len);
}

/* "=ttft_s" from the TTFT attribute, or a rejection. */
static int
put_ttft(struct hrec *h, const struct value *tv, double div, const char *name)
{
	double x;
	int rc;

	if (field_number(tv->text, tv->len, &x) != FIELD_NUM_OK)
		return hrec_reject(h, "%s is not a number", name);
	if (div == 0 && tv->integer) {
		div = 1e9;
		if ((rc = hrec_note(h, "integer time-to-first-chunk attributes "
		                    "were read as nanoseconds (OTel's integer "
		                    "durations)")) != 0)
			return rc;
	}
	return hrec_put_num(h, "=ttft_s", x / (div > 0 ? div : 1.0));
}

static int
derive(struct hrec *h)
{
	struct value a[A_NATTR], tv = {NULL, 0, false};
	double tdiv = 0;
	const char *ttft_name = NULL, *v, *host;
	size_t n, tbest = NTTFT;
	int64_t t0, t1;
	char num[32];
	int rc;

	memset(a, 0, sizeof a);
	for (size_t i = 0;; i++) {
		char path[48];
		const char *key;
		size_t kl;
		snprintf(path, sizeof path, "attributes.%zu.key", i);
		if ((key = hrec_str(h, path, &kl)) == NULL)
			break;
		for (size_t k = 0; k < A_NATTR; k++)
			if (a[k].text == NULL && strlen(attr_names[k]) == kl &&
			    memcmp(attr_names[k], key, kl) == 0)
				a[k] = value_of(h, i);
		for (size_t k = 0; k < tbest; k++)
			if (strlen(ttft_attrs[k].name) == kl &&
			    memcmp(ttft_attrs[k].name, key, kl) == 0) {
				tv = value_of(h, i);
				tbest = k;
			}
	}
	if (tbest < NTTFT) {
		ttft_name = ttft_attrs[tbest].name;
		tdiv = ttft_attrs[tbest].div;
	}
	/* a model call, not a framework's wrapper of one */
	{
		bool op = a[A_OP].text != NULL &&
		          (field_equals_nocase(a[A_OP].text, a[A_OP].len, "chat") ||
		           field_equals_nocase(a[A_OP].text, a[A_OP].len,
		                               "text_completion") ||
		           field_equals_nocase(a[A_OP].text, a[A_OP].len,
		                               "generate_content"));
		bool call = (op || (a[A_OP].text == NULL && a[A_REQ_MODEL].text)) &&
		            !framework(&a[A_SYSTEM]) && !framework(&a[A_PROVIDER]);
		if ((rc = hrec_put(h, "=span", call ? "call" : "other",
		                   call ? 4 : 5)) != 0 || !call)
			return rc;
	}
	if (!hrec_int(h, "startTimeUnixNano", &t0))
		return hrec_reject(h, "startTimeUnixNano is not a whole number of "
		                   "nanoseconds");
	snprintf(num, sizeof num, "%lld", (long long)t0);
	if ((rc = hrec_put(h, "=start_ns", num, strlen(num))) != 0)
		return rc;
	if (hrec_int(h, "endTimeUnixNano", &t1) && t1 >= t0) {
		snprintf(num, sizeof num, "%lld", (long long)(t1 - t0));
		if ((rc = hrec_put(h, "=e2e_ns", num, strlen(num))) != 0)
			return rc;
	}
	/* the keys */
	if (a[A_REQ_MODEL].text != NULL)
		rc = put_value(h, "=model", &a[A_REQ_MODEL]);
	else if (a[A_RESP_MODEL].text != NULL)
		rc = put_value(h, "=model", &a[A_RESP_MODEL]);
	if (rc == 0 && a[A_PROVIDER].text != NULL)
		rc = put_value(h, "=provider", &a[A_PROVIDER]);
	else if (rc == 0 && a[A_SYSTEM].text != NULL)
		rc = put_value(h, "=provider", &a[A_SYSTEM]);
	else if (rc == 0 && a[A_SERVER].text != NULL &&
	         !field_equals_nocase(a[A_SERVER].text, a[A_SERVER].len,
	                              "NOT_FOUND")) {
		size_t hl = harness_url_host(a[A_SERVER].text, a[A_SERVER].len,
		                             &host);
		rc = hl ? hrec_put(h, "=provider", host, hl)
		        : put_value(h, "=provider", &a[A_SERVER]);
	}
	if (rc == 0 && a[A_IN_TOKENS].text != NULL)
		rc = put_value(h, "=in_tokens", &a[A_IN_TOKENS]);
	else if (rc == 0 && a[A_PROMPT_TOKENS].text != NULL)
		rc = put_value(h, "=in_tokens", &a[A_PROMPT_TOKENS]);
	if (rc != 0)
		return rc;
	/* a failure: error.type, or an ERROR status */
	if (a[A_ERROR].text != NULL && a[A_ERROR].len > 0)
		return hrec_put(h, "=error", a[A_ERROR].text, a[A_ERROR].len);
	if ((v = hrec_str(h, "status.code", &n)) != NULL &&
	    (field_equals_nocase(v, n, "STATUS_CODE_ERROR") ||
	     field_equals_nocase(v, n, "2"))) {
		const char *msg = hrec_str(h, "status.message", &n);
		/* (not the word "error": a false boolean to the mapper) */
		return msg != NULL && n > 0 ? hrec_put(h, "=error", msg, n)
		                            : hrec_put(h, "=error", "status ERROR",
		                                       12);
	}
	if ((rc = hrec_put(h, "=error", NULL, 0)) != 0)
		return rc;
	/* a success: streamed, with a first-chunk time */
	if (a[A_STREAM].text != NULL &&
	    field_bool(a[A_STREAM].text, a[A_STREAM].len) == 0)
		return hrec_reject(h, "gen_ai.request.is_stream is false: a "
		                   "non-streaming call, whose time to first token "
		                   "is the whole response, is not a TTFT sample");
	if (ttft_name == NULL)
		return hrec_reject(h, "no time-to-first-chunk attribute "
		                   "(gen_ai.response.time_to_first_chunk): a "
		                   "non-streaming call is not a TTFT sample");
	return put_ttft(h, &tv, tdiv, ttft_name);
}

static const struct harness_layout layouts[] = {
	{"OTLP/JSON (ExportTraceServiceRequest per line)",
	 {.ttft = "=ttft_s", .ttft_div = 1.0, .start = "=start_ns",
	  .start_unit = TIME_NS, .status = "", .ok = "", .error = "=error",
	  .failed = "", .e2e = "=e2e_ns", .e2e_div = 1e9,
	  .in_tokens = "=in_tokens", .by = "model,provider",
	  .where = {"=span=call", NULL}}},
};

const struct harness harness_otlp = {
	.name = "otlp",
	.summary = "OpenTelemetry OTLP/JSON traces: GenAI client spans, "
	           "gen_ai.response.time_to_first_chunk; non-streaming spans "
	           "counted apart",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 1,
	.records = "resourceSpans.*.scopeSpans.*.spans.*",
	.derive = derive,
	.production = true,
	.unit_by_convention = true,
};
