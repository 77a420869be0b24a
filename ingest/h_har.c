/*
 * h_har.c — HAR 1.2, from browsers (Chrome, Firefox) and proxies
 * (mitmproxy, Charles, Fiddler).
 *
 * Time to first byte = blocked + dns + connect + send + wait, in ms; -1,
 * null and absent mean "not applicable" (0) for all but wait, which the
 * HAR 1.2 specification requires: an entry without it has no time to
 * first byte and is rejected.  ssl is inside connect, except in
 * mitmproxy's exports (log.creator.name), where it is added.  The model
 * is the request body's "model", the provider the URL's host.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "sniff.h"

static int
detect(const struct sniff *s)
{
	if (!sniff_has(s, "log.entries"))
		return -1;
	return sniff_has(s, "log.version") || sniff_has(s, "log.creator.name") ||
	       sniff_has(s, "log.entries[].timings.wait") ||
	       sniff_has(s, "log.entries[].startedDateTime") ? 0 : -1;
}

/* The model from the request body, the provider from the URL. */
static int
keys(struct hrec *h)
{
	const char *url, *body, *host = NULL;
	size_t ul = 0, bl = 0, hl;
	char model[256];
	int rc = 0;

	url = hrec_str(h, "request.url", &ul);
	body = hrec_str(h, "request.postData.text", &bl);
	hl = url ? harness_url_host(url, ul, &host) : 0;
	/* a base64 body is not read: the cell is then just the host */
	if (body != NULL && hrec_str(h, "request.postData.encoding", NULL) == NULL &&
	    harness_body_model(body, bl, NULL, model, sizeof model))
		rc = hrec_put(h, "=model", model, strlen(model));
	if (rc == 0 && hl > 0)
		rc = hrec_put(h, "=provider", host, hl);
	if (rc == 0 && url != NULL)
		rc = hrec_put(h, "=url", url, ul);
	return rc;
}

static int
derive(struct hrec *h)
{
	static const char *const parts[] = {"timings.blocked", "timings.dns",
	                                    "timings.connect", "timings.send",
	                                    "timings.wait"};
	const char *err, *creator;
	size_t el = 0;
	double sum = 0, t, ssl = 0, connect = 0;
	int rc;

	err = hrec_str(h, "_error", &el);
	if (err == NULL || el == 0)
		err = hrec_str(h, "response._error", &el);
	if (err != NULL && el == 0)
		err = NULL;
	/* a request that got no response (Chrome's status 0, an _error)
	 * is a failure, whatever its timings say */
	if (err != NULL || (hrec_num(h, "response.status", &t) && t == 0)) {
		rc = hrec_put(h, "=ttft_ms", NULL, 0);
		if (rc == 0)
			rc = hrec_put(h, "=error", err ? err : "no response",
			              err ? el : 11);
		return rc == 0 ? keys(h) : rc;
	}
	for (size_t i = 0; i < 5; i++) {
		const char *v = hrec_str(h, parts[i], NULL);
		if (v == NULL) {
			if (i == 4)
				return hrec_reject(h, "timings.wait is missing: the "
				                   "entry has no time to first byte");
			continue;
		}
		if (!hrec_num(h, parts[i], &t))
			return hrec_reject(h, "%s is not a number", parts[i]);
		if (t == -1) {
			if (i == 4)
				return hrec_reject(h, "timings.wait is -1: the entry "
				                   "has no time to first byte");
			continue;
		}
		if (t < 0)
			return hrec_reject(h, "%s is negative", parts[i]);
		sum += t;
		if (i == 2)
			connect = t;
	}
	creator = hrec_context(h, "log.creator.name", NULL);
	if (hrec_num(h, "timings.ssl", &ssl) && ssl > 0 &&
	    ((creator && strncmp(creator, "mitmproxy", 9) == 0) || ssl > connect))
		sum += ssl;
	if ((rc = hrec_put_num(h, "=ttft_ms", sum)) != 0 ||
	    (rc = hrec_put(h, "=error", NULL, 0)) != 0)
		return rc;
	return keys(h);
}

static const char *const keep[] = {
	"startedDateTime", "time", "request.method", "request.url",
	"request.postData.text", "request.postData.encoding", "response.status",
	"response._error", "_error", "timings.", "serverIPAddress", NULL};

static const struct harness_layout layouts[] = {
	{"1.2", {.ttft = "=ttft_ms", .ttft_div = 1e3,
	  .start = "startedDateTime", .status = "response.status", .ok = "",
	  .error = "=error", .failed = ""}},
};

const struct harness harness_har = {
	.name = "har",
	.summary = "HAR 1.2 (browser, proxy): time to first byte = blocked + dns "
	           "+ connect + send + wait; model from the request body, "
	           "provider = host",
	.input = HARNESS_TREE,
	.detect = detect,
	.layouts = layouts,
	.nlayouts = 1,
	.records = "log.entries.*",
	.keep = keep,
	.derive = derive,
	.ttfb = true,
};
