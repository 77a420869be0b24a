/*
 * harness.h — what ttftstat knows about the outputs of load-test harnesses.
 *
 * Each harness is described once, in a file of its own (h_NAME.c), by a
 * struct harness: how to recognise its output from content, where its
 * records are, which field plays which role and in which unit, what marks
 * a failure, and where the model and provider come from.  The readers
 * know nothing about harnesses: they report what they see (a CSV header,
 * the key paths of a JSON head) to harness_detect(), and hand the records
 * they find to treemap.c, which asks the description what each field
 * means.  Adding a harness is one file and one line in harness.c's table.
 *
 * Field names are column names (CSV, XML attributes) or dotted paths in a
 * JSON/YAML record ("metrics.time_to_first_token.value", "timings.wait",
 * "response_timestamps.0").  A harness whose TTFT needs arithmetic has a
 * derive() function that adds computed fields to each record; their names
 * begin with '=' ("=ttft"), which no harness uses for a field of its own.
 */
#ifndef TTFT_HARNESS_H
#define TTFT_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "timeparse.h"

struct sniff;
struct hrec;
struct tree;

/* The roles of a layout's fields; NULL: the harness has no such field
 * (the generic spellings of names.c are then tried, as for any file). */
struct harness_roles {
	const char *ttft;
	double ttft_div;                /* units per second; 0: from the name */
	const char *start;
	enum time_unit start_unit;
	const char *status;             /* HTTP status */
	const char *ok;                 /* true = success */
	const char *error;              /* non-empty = failure */
	const char *failed;             /* true = failure */
	const char *failed_value;       /* then: failure when .failed equals
	                                   this instead (Langfuse's level
	                                   "ERROR"); NULL: a boolean */
	const char *first;              /* first-token time: TTFT = first -
	                                   start (LiteLLM, Langfuse) */
	const char *end;                /* end time: first = end is no first
	                                   token seen; end - start the e2e */
	const char *e2e;                /* end-to-end latency (audit only) */
	double e2e_div;                 /* its units per second; 0: from name */
	const char *in_tokens;          /* input tokens (audit only) */
	const char *tags;               /* a "k=v&k=v" field whose keys --by
	                                   reaches by name (k6's extra_tags) */
	const char *url;                /* a URL whose host is the provider
	                                   when no field names one */
	const char *by;                 /* default group keys; NULL: model,provider */
	const char *keys[4];            /* "key=field,field": a key's field, the
	                                   first the input has (LiteLLM's
	                                   provider=custom_llm_provider);
	                                   NULL-ended */
	const char *where[3];           /* only matching records count, NULL-ended */
};

/* One released layout of a harness's output. */
struct harness_layout {
	const char *version;            /* "0.2+", "v2 (2024-01)", ... */
	struct harness_roles roles;
};

enum harness_input {
	HARNESS_CSV,                    /* a header row: columns by name */
	HARNESS_TREE,                   /* JSON, JSON Lines or YAML records */
	HARNESS_XML                     /* XML elements, attributes as fields */
};

struct harness {
	const char *name;               /* for --preset and inputs[].preset */
	const char *summary;            /* one line for --preset help */
	enum harness_input input;
	/* Which layout a head is, or -1 when it is not this harness's. */
	int (*detect)(const struct sniff *s);
	const struct harness_layout *layouts;
	size_t nlayouts;

	/* tree inputs */
	const char *records;            /* record path, '*' any key or index;
	                                   NULL: the top-level values */
	const char *const *columns;     /* parallel arrays zipped into records
	                                   (vLLM), NULL-ended; NULL: none */
	const char *const *keep;        /* only leaves under these prefixes are
	                                   kept (HAR bodies are large); NULL: all */
	const char *key_prefix[3];      /* where a plain --by KEY is also looked
	                                   for ("data.tags."), NULL-ended */
	/* Computes fields of one record (HARNESS_REJECT with a reason to
	 * reject it, an error code, or 0); NULL: none. */
	int (*derive)(struct hrec *h);
	/* Group keys known only at the end (llm-load-test writes its config
	 * after the results): called at the end of each top-level value,
	 * while its context is still there; set them with hrec_late_key(). */
	int (*finish)(struct hrec *h);

	/* Aggregate-only outputs: non-NULL makes the file a data error with
	 * this advice (how to get per-request output from the harness). */
	const char *aggregate;
	/* Its "TTFT" is the time to the first byte of the HTTP response, not
	 * to the first token: said once per input. */
	bool ttfb;
	/* Production traffic recorded by an observability tool (OTLP spans,
	 * LiteLLM, Langfuse), not a capture: the audit's checks of a
	 * sequential capture do not apply, said once per input. */
	bool production;
	/* Its TTFT's unit is a convention emitters may not keep (OTel's
	 * seconds): checked for plausibility as an assumed unit is. */
	bool unit_by_convention;
};

#define HARNESS_REJECT (-3)     /* derive(): reject, with hrec_reject() */
#define HARNESS_SKIP (-4)       /* derive(): not a request at all */

/* The table, NULL-ended. */
extern const struct harness *const harness_table[];

const struct harness *harness_find(const char *name);

/* The best match for a head (per-request layouts win over aggregate
 * ones), or NULL; *layout receives its layout index. */
const struct harness *harness_detect(const struct sniff *s, int *layout);

/* ==== for derive() and finish(): one record, and what to add ==== */

/* A leaf's text (NUL-terminated) and length, or NULL when the record has
 * no such field or it is null. */
const char *hrec_str(const struct hrec *h, const char *path, size_t *len);
/* A numeric (or numeric-string) leaf as a double. */
bool hrec_num(const struct hrec *h, const char *path, double *x);
/* An integer leaf exactly, refusing what does not fit int64_t. */
bool hrec_int(const struct hrec *h, const char *path, int64_t *x);
/* Does any non-null leaf start with prefix? */
bool hrec_has_prefix(const struct hrec *h, const char *prefix);
/* The path segment above the record's array ("successful" for GuideLLM's
 * benchmarks.0.requests.successful.3), or "". */
const char *hrec_bucket(const struct hrec *h);
/* A scalar outside the records (a run's metadata), most recent first;
 * '*' in pattern matches any one segment.  NULL when none. */
const char *hrec_context(const struct hrec *h, const char *pattern,
                         size_t *len);
/* The layout harness_detect() chose. */
int hrec_layout(const struct hrec *h);
/* The input's name, for messages. */
const char *hrec_source(const struct hrec *h);
/* Does the user give this input the key (--set, --name-from, FILE@k=v)?
 * Then a harness need not guess it, nor say that it guessed. */
bool hrec_key_given(const struct hrec *h, const char *key);

/* Add a field (copied) or a number; names begin with '='. */
int hrec_put(struct hrec *h, const char *name, const char *val, size_t len);
int hrec_put_num(struct hrec *h, const char *name, double x);
/* Reject the record with a reason: returns HARNESS_REJECT. */
int hrec_reject(struct hrec *h, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* A note about the input, shown once (the model taken from a file name). */
int hrec_note(struct hrec *h, const char *note);
/* In finish(): give every row of the input that lacks key `name` this
 * value (copied). */
int hrec_late_key(struct hrec *h, const char *name, const char *val,
                  size_t len);

/* ==== shared by several harnesses ==== */

/* The top-level "model" string of a JSON request body held in a string
 * (HAR's postData, GenAI-Perf's payload, GuideLLM's request_args.body);
 * depth 2 finds body.model in {"body": {"model": ...}}. */
bool harness_body_model(const char *text, size_t len, const char *outer,
                        char *out, size_t size);

/* The host of a URL ("https://api.x.com:443/v1" -> "api.x.com"), or 0. */
size_t harness_url_host(const char *url, size_t len, const char **host);

/* The file's base name without the directory and these suffixes. */
void harness_stem(const char *path, const char *const *suffixes, char *buf,
                  size_t size);

#endif
