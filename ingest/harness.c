/*
 * harness.c — the table of harnesses, detection, and what several
 * harnesses share (a model in a request body, a URL's host, a file stem).
 *
 * To add a harness: write h_NAME.c with its struct harness (see harness.h
 * for every field), declare it below and put it in the table, per-request
 * layouts before aggregate ones.
 */
#include "harness.h"

#include <stdio.h>
#include <string.h>

#include "ingest.h"
#include "json.h"
#include "sniff.h"

extern const struct harness harness_har, harness_llmperf, harness_vllm,
	harness_sglang, harness_genai_perf, harness_aiperf, harness_guidellm,
	harness_k6_json, harness_k6_csv, harness_jmeter, harness_jmeter_xml,
	harness_llm_load_test, harness_llmperf_summary, harness_vllm_summary,
	harness_sglang_summary, harness_genai_perf_summary,
	harness_aiperf_summary, harness_k6_summary, harness_locust_stats,
	harness_jmeter_aggregate, harness_genai_perf_summary_csv,
	harness_otlp, harness_litellm, harness_litellm_v2, harness_litellm_csv,
	harness_langfuse, harness_langfuse_api, harness_langfuse_csv;

const struct harness *const harness_table[] = {
	&harness_har, &harness_llmperf, &harness_vllm, &harness_sglang,
	&harness_genai_perf, &harness_aiperf, &harness_guidellm,
	&harness_k6_json, &harness_k6_csv, &harness_jmeter, &harness_jmeter_xml,
	&harness_llm_load_test,
	/* production traffic, recorded by observability tools */
	&harness_otlp, &harness_litellm, &harness_litellm_v2,
	&harness_litellm_csv, &harness_langfuse, &harness_langfuse_api,
	&harness_langfuse_csv,
	/* aggregate-only outputs, refused with advice */
	&harness_llmperf_summary, &harness_vllm_summary,
	&harness_sglang_summary, &harness_aiperf_summary,
	&harness_genai_perf_summary, &harness_genai_perf_summary_csv,
	&harness_k6_summary, &harness_locust_stats, &harness_jmeter_aggregate,
	NULL};

const struct harness *
harness_find(const char *name)
{
	for (size_t i = 0; harness_table[i] != NULL; i++)
		if (strcmp(harness_table[i]->name, name) == 0)
			return harness_table[i];
	return NULL;
}

const struct harness *
ingest_preset_find(const char *name)
{
	const struct harness *h = harness_find(name);

	return h != NULL && h->aggregate == NULL ? h : NULL;
}

bool
ingest_preset_at(size_t i, const char **name, const char **summary)
{
	for (size_t k = 0; harness_table[k] != NULL; k++) {
		if (harness_table[k]->aggregate != NULL)
			continue;
		if (i-- == 0) {
			*name = harness_table[k]->name;
			*summary = harness_table[k]->summary;
			return true;
		}
	}
	return false;
}

static bool
input_fits(const struct harness *h, const struct sniff *s)
{
	switch (h->input) {
	case HARNESS_CSV: return s->kind == SNIFF_CSV;
	case HARNESS_TREE: return s->kind == SNIFF_TREE;
	case HARNESS_XML: return s->kind == SNIFF_XML;
	}
	return false;
}

const struct harness *
harness_detect(const struct sniff *s, int *layout)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; harness_table[i] != NULL; i++) {
			const struct harness *h = harness_table[i];
			int l;
			if ((h->aggregate != NULL) != (pass == 1) || !input_fits(h, s))
				continue;
			if ((l = h->detect(s)) >= 0) {
				*layout = l;
				return h;
			}
		}
	*layout = -1;
	return NULL;
}

bool
harness_body_model(const char *text, size_t len, const char *outer,
                   char *out, size_t size)
{
	return json_string_member(text, len, outer, "model", out, size);
}

size_t
harness_url_host(const char *url, size_t len, const char **host)
{
	const char *p = memchr(url, ':', len), *end = url + len;
	size_t n = 0;

	if (p == NULL || end - p < 3 || p[1] != '/' || p[2] != '/')
		return 0;
	p += 3;
	/* user:password@ before the host */
	for (const char *q = p; q < end && *q != '/' && *q != '?' && *q != '#';
	     q++)
		if (*q == '@')
			p = q + 1;
	*host = p;
	if (p < end && *p == '[') {         /* [::1]:8000 */
		while (p + n < end && p[n] != ']')
			n++;
		return p + n < end ? n + 1 : 0;
	}
	while (p + n < end && p[n] != '/' && p[n] != ':' && p[n] != '?' &&
	       p[n] != '#')
		n++;
	return n;
}

void
harness_stem(const char *path, const char *const *suffixes, char *buf,
             size_t size)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	for (size_t i = 0; suffixes && suffixes[i]; i++) {
		size_t l = strlen(suffixes[i]);
		if (n > l && strcmp(base + n - l, suffixes[i]) == 0) {
			n -= l;
			break;
		}
	}
	snprintf(buf, size, "%.*s", (int)n, base);
}
