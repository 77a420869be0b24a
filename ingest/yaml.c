/*
 * yaml.c — libyaml's event parser, read from a head and then a stream.
 */
#include "yaml.h"

#include <errno.h>
#include <string.h>
#include <yaml.h>

#include "field.h"
#include "format_readers.h"

#define YAML_MAX_DEPTH 128

struct ysrc {
	FILE *fp;                       /* NULL: the head is all */
	const char *head;
	size_t head_len, from;
	const char *name;
	const struct ingest_opts *o;
	uint64_t total;
	int rerr;
	bool failed;                    /* fread failed */
};

static int
read_handler(void *data, unsigned char *buf, size_t size, size_t *got)
{
	struct ysrc *y = data;
	size_t chunk = y->o && y->o->chunk ? y->o->chunk : INGEST_CHUNK;

	if (y->from < y->head_len) {
		size_t n = y->head_len - y->from < size ? y->head_len - y->from
		                                        : size;
		memcpy(buf, y->head + y->from, n);
		y->from += n;
		*got = n;
		return 1;
	}
	if (y->fp == NULL) {
		*got = 0;
		return 1;
	}
	*got = fread(buf, 1, size < chunk ? size : chunk, y->fp);
	y->total += *got;
	if (y->o && y->o->progress)
		y->o->progress(y->o->progress_ctx, y->name, y->total, 0);
	if (*got == 0 && ferror(y->fp)) {
		y->rerr = errno;
		y->failed = true;
		return 0;
	}
	return 1;
}

/* A plain scalar's type, as a YAML 1.1 reader resolves it. */
static enum leaf_kind
plain_kind(const char *v, size_t n, const char **text, size_t *len)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
	static const char *const trues[] = {"true", "True", "TRUE"};
	static const char *const falses[] = {"false", "False", "FALSE"};
	double x;

	*text = v;
	*len = n;
	for (size_t i = 0; i < 5; i++)
		if (n == strlen(nulls[i]) && memcmp(v, nulls[i], n) == 0)
			return LEAF_NULL;
	for (size_t i = 0; i < 3; i++) {
		if (n == strlen(trues[i]) && memcmp(v, trues[i], n) == 0)
			return LEAF_TRUE;
		if (n == strlen(falses[i]) && memcmp(v, falses[i], n) == 0)
			return LEAF_FALSE;
	}
	if ((n == 4 && (memcmp(v, ".nan", 4) == 0 || memcmp(v, ".NaN", 4) == 0 ||
	                memcmp(v, ".NAN", 4) == 0))) {
		*text = "NaN";
		*len = 3;
		return LEAF_STR;
	}
	if ((n == 4 && (memcmp(v, ".inf", 4) == 0 || memcmp(v, ".Inf", 4) == 0)) ||
	    (n == 5 && (memcmp(v, "+.inf", 5) == 0))) {
		*text = "Infinity";
		*len = 8;
		return LEAF_STR;
	}
	if (n == 5 && (memcmp(v, "-.inf", 5) == 0 || memcmp(v, "-.Inf", 5) == 0)) {
		*text = "-Infinity";
		*len = 9;
		return LEAF_STR;
	}
	if (field_number(v, n, &x) == FIELD_NUM_OK)
		return LEAF_NUM;
	return LEAF_STR;
}

/* Run the parser over y, calling ev; 0, a handler's error, or -1 with *b
 * when the YAML broke. */
static int
parse(struct ysrc *y, const struct tree_events *ev, struct tree_broken *b,
      struct err *e)
{
	yaml_parser_t p;
	yaml_event_t event;
	bool expect_key[YAML_MAX_DEPTH];
	bool is_map[YAML_MAX_DEPTH];
	int depth = -1, rc = 0;
	bool done = false;

	if (!yaml_parser_initialize(&p))
		return err_nomem(e);
	yaml_parser_set_input(&p, read_handler, y);
	while (!done && rc == 0) {
		if (!yaml_parser_parse(&p, &event)) {
			if (p.error == YAML_MEMORY_ERROR) {
				rc = err_nomem(e);
				break;
			}
			if (y->failed) {
				rc = err_set(e, ERR_IO, "%s: read error: %s", y->name,
				             strerror(y->rerr));
				break;
			}
			b->broken = true;
			b->offset = p.problem_mark.index;
			snprintf(b->why, sizeof b->why, "%s (line %zu)",
			         p.problem ? p.problem : "parse error",
			         p.problem_mark.line + 1);
			rc = -1;
			break;
		}
		bool value_in_map = depth >= 0 && is_map[depth] &&
		                    !expect_key[depth];
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth >= 0 && is_map[depth] && expect_key[depth]) {
				b->broken = true;
				b->offset = event.start_mark.index;
				snprintf(b->why, sizeof b->why, "a complex key (line %zu)",
				         event.start_mark.line + 1);
				rc = -1;
				break;
			}
			if (depth + 1 >= YAML_MAX_DEPTH) {
				rc = err_set(e, ERR_DATA, "nesting deeper than %d levels",
				             YAML_MAX_DEPTH);
				break;
			}
			if (value_in_map)
				expect_key[depth] = true;
			depth++;
			is_map[depth] = event.type == YAML_MAPPING_START_EVENT;
			expect_key[depth] = true;
			rc = is_map[depth] ? ev->map_start(ev->ctx)
			                   : ev->array_start(ev->ctx);
			break;
		case YAML_MAPPING_END_EVENT:
		case YAML_SEQUENCE_END_EVENT:
			if (depth >= 0) {
				rc = is_map[depth] ? ev->map_end(ev->ctx)
				                   : ev->array_end(ev->ctx);
				depth--;
			}
			break;
		case YAML_SCALAR_EVENT:
		case YAML_ALIAS_EVENT: {
			const char *v = "", *text;
			size_t n = 0, len;
			enum leaf_kind k = LEAF_NULL;
			if (event.type == YAML_SCALAR_EVENT) {
				v = (const char *)event.data.scalar.value;
				n = event.data.scalar.length;
				k = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
				    ? plain_kind(v, n, &text, &len) : LEAF_STR;
				if (event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
					v = text;
					n = len;
				}
			}
			if (depth >= 0 && is_map[depth] && expect_key[depth]) {
				expect_key[depth] = false;
				rc = ev->map_key(ev->ctx, v, n);
			} else {
				if (value_in_map)
					expect_key[depth] = true;
				rc = ev->scalar(ev->ctx, k, k == LEAF_NULL ? "" : v,
				                k == LEAF_NULL ? 0 : n);
			}
			break;
		}
		default:
			break;
		}
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&p);
	return rc;
}

int
yaml_read(FILE *fp, const char *head, size_t head_len, const char *name,
          const struct ingest_opts *o, const struct tree_events *ev,
          struct tree_broken *b, struct err *e)
{
	struct ysrc y = {fp, head, head_len, 0, name, o, head_len, 0, false};
	int rc;

	memset(b, 0, sizeof *b);
	rc = parse(&y, ev, b, e);
	return rc < 0 ? 0 : rc;
}

void
yaml_scan(const char *buf, size_t n, const struct tree_events *ev,
          struct err *e)
{
	struct ysrc y = {NULL, buf, n, 0, "", NULL, n, 0, false};
	struct tree_broken b;

	memset(&b, 0, sizeof b);
	parse(&y, ev, &b, e);
}
