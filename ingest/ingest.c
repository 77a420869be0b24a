/*
 * ingest.c — open an input, undo its compression, detect its format and
 * the harness that wrote it, hand it to its reader.
 *
 * Detection reads a head: at least the first non-blank line (the CSV
 * sniffer's), and for JSON and YAML up to TREE_HEAD bytes, enough for the
 * key paths of the first records.  The head is read in read-size pieces
 * until it is complete, so detection never depends on the read size.
 */
#include "ingest.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "choose.h"
#include "detect.h"
#include "format_readers.h"
#include "treemap.h"
#include "zio.h"

#define TREE_HEAD (1024u * 1024u)

/* Does h[from..n) end a line that is not blank (the first such line is
 * what detection and the CSV sniffer look at)?  *ink carries whether the
 * line so far has content, so each byte is looked at once however small
 * the reads. */
static bool
has_full_line(const char *h, size_t from, size_t n, bool *ink)
{
	size_t i = from;

	if (from == 0 && n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
		i = 3;                  /* a BOM is not a line's content */
	for (; i < n; i++) {
		if (h[i] == '\n' && *ink)
			return true;
		if (!isspace((unsigned char)h[i]))
			*ink = true;
	}
	return false;
}

/* Read on into head until it holds max bytes (or, with line, the first
 * non-blank line), in chunk-sized reads. */
static int
read_head(FILE *fp, const char *name, size_t chunk, char *head, size_t max,
          bool line, size_t *n, struct err *e)
{
	bool ink = false;
	size_t scanned = *n;

	/* a BOM split across the first reads is looked at whole */
	if (line && scanned > 0 && scanned < 3)
		scanned = 0;
	while (*n < max) {
		size_t want = max - *n < chunk ? max - *n : chunk;
		size_t got = fread(head + *n, 1, want, fp);
		*n += got;
		if (got < want) {
			if (ferror(fp))
				return err_set(e, errno == EBADMSG ? ERR_DATA : ERR_IO,
				               "%s: read error: %s", name,
				               strerror(errno));
			break;
		}
		if (line) {
			if (scanned < 3 && *n < 3)
				continue;
			if (has_full_line(head, scanned, *n, &ink))
				break;
			scanned = *n;
		}
	}
	return 0;
}

int
reader_short_read(FILE *fp, int errnum, const char *name, const char *unit,
                  uint64_t pos, struct err *e)
{
	if (!ferror(fp))
		return 0;
	return err_set(e, ERR_IO, "%s: read error after %s %llu: %s", name, unit,
	               (unsigned long long)pos, strerror(errnum));
}

/* Is the first line YAML ("---", "%YAML", or "key:" with no CSV
 * delimiter)?  GuideLLM's .yaml reports begin "benchmarks:" or
 * "metadata:". */
static bool
looks_yaml(const char *h, size_t n)
{
	size_t i = 0, k;

	while (i < n && isspace((unsigned char)h[i]))
		i++;
	if (n - i >= 3 && (memcmp(h + i, "---", 3) == 0 ||
	                   (n - i >= 5 && memcmp(h + i, "%YAML", 5) == 0)))
		return true;
	if (i == n || !(isalpha((unsigned char)h[i]) || h[i] == '_'))
		return false;
	for (k = i; k < n && (isalnum((unsigned char)h[k]) || h[k] == '_' ||
	                      h[k] == '-' || h[k] == '.'); k++)
		;
	if (k == n || h[k] != ':' || (k + 1 < n && h[k + 1] != ' ' &&
	                              h[k + 1] != '\n' && h[k + 1] != '\r'))
		return false;
	for (; k < n && h[k] != '\n'; k++)
		if (h[k] == ',' || h[k] == ';' || h[k] == '\t' || h[k] == '|')
			return false;
	return true;
}

static int
read_tree(struct trace *t, uint16_t src, FILE *fp, char **headp, size_t *n,
          size_t max, const struct ingest_opts *o, bool yaml, struct err *e)
{
	const char *name = trace_source_name(t, src);
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	char *head = realloc(*headp, TREE_HEAD);
	struct mapper_spec spec;
	struct sniff s;
	const char *h;
	size_t off = 0;
	int rc;

	(void)max;
	if (head == NULL)
		return err_nomem(e);
	*headp = head;
	if ((rc = read_head(fp, name, chunk, head, TREE_HEAD, false, n, e)) != 0)
		return rc;
	h = head;
	if (*n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)     /* UTF-8 BOM */
		off = 3;
	rc = yaml ? sniff_yaml(&s, name, h + off, *n - off, e)
	          : sniff_json(&s, name, h + off, *n - off, e);
	if (rc == 0)
		rc = choose_harness(t, src, o, &s, &spec, e);
	if (rc == 0) {
		const char *format = yaml ? "yaml"
		                     : spec.h && strcmp(spec.h->name, "har") == 0
		                     ? "har" : s.values > 1 ? "jsonl" : "json";
		if (o->format == INGEST_HAR && spec.h == NULL) {
			spec.h = harness_find("har");
			spec.layout = 0;
		}
		rc = tree_ingest_read(t, src, fp, h + off, *n - off, o, &spec,
		                      format, yaml, s.root_array &&
		                      o->format != INGEST_JSONL, e);
	}
	sniff_free(&s);
	return rc;
}

static int ingest_stream_at(struct trace *t, uint16_t src, FILE *fp,
                            const struct ingest_opts *o, int depth,
                            struct err *e);

static int
read_compressed(struct trace *t, uint16_t src, FILE *fp, const char *head,
                size_t n, enum zio_kind k, const struct ingest_opts *o,
                int depth, struct err *e)
{
	FILE *in;
	struct zio *z;
	int rc;

	if (depth > 0)
		return err_set(e, ERR_DATA, "%s: %s data inside compressed data "
		               "is not read", trace_source_name(t, src),
		               zio_name(k));
	if ((rc = zio_open(k, fp, head, n, &in, &z, e)) != 0)
		return rc;
	t->sources[src].compression = zio_name(k);
	rc = ingest_stream_at(t, src, in, o, depth + 1, e);
	/* a corrupt stream shows as a read error: say what it was */
	if (zio_error(z, trace_source_name(t, src), e) != 0)
		rc = ERR_DATA;
	zio_close(in);
	return rc;
}

static int
ingest_stream_at(struct trace *t, uint16_t src, FILE *fp,
                 const struct ingest_opts *o, int depth, struct err *e)
{
	const char *name = trace_source_name(t, src);
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	size_t max = csv_head_max(), n = 0;
	char *head = malloc(max);
	const char *h;
	enum detected d;
	enum zio_kind z;
	int rc;

	if (head == NULL)
		return err_nomem(e);
	if ((rc = read_head(fp, name, chunk, head, max, true, &n, e)) != 0)
		goto out;
	if (n == 0) {
		rc = err_set(e, ERR_DATA, "%s: empty input", name);
		goto out;
	}
	if ((z = zio_detect((const unsigned char *)head, n)) != ZIO_NONE) {
		rc = read_compressed(t, src, fp, head, n, z, o, depth, e);
		goto out;
	}
	h = head;
	if (n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0) {    /* UTF-8 BOM */
		h += 3;
		n -= 3;
	}
	d = detect_format((const unsigned char *)h, n);
	if (o->format == INGEST_JSON || o->format == INGEST_JSONL ||
	    o->format == INGEST_HAR ||
	    (o->format == INGEST_AUTO && d == DETECT_JSON)) {
		/* the head is read again from its start, BOM and all */
		n += (size_t)(h - head);
		rc = read_tree(t, src, fp, &head, &n, max, o, false, e);
	} else if (o->format == INGEST_YAML ||
	           (o->format == INGEST_AUTO && d == DETECT_CSV &&
	            looks_yaml(h, n))) {
		n += (size_t)(h - head);
		rc = read_tree(t, src, fp, &head, &n, max, o, true, e);
	} else if (o->format == INGEST_XML ||
	           (o->format == INGEST_AUTO && d == DETECT_XML)) {
		rc = xml_ingest_read(t, src, fp, h, n, o, e);
	} else if (o->format == INGEST_MSGPACK ||
	           (o->format == INGEST_AUTO && d == DETECT_MSGPACK)) {
		rc = msgpack_ingest_read(t, src, fp, h, n, o, e);
	} else if (o->format == INGEST_CSV || o->format == INGEST_TSV ||
	           d == DETECT_CSV) {
		rc = csv_ingest_read(t, src, fp, h, n, o, e);
	} else {
		t->sources[src].format = detect_name(d);
		rc = err_set(e, ERR_DATA, "%s: looks like %s, which this version "
		             "cannot read; if it is CSV, say --format csv",
		             name, detect_name(d));
	}
out:
	free(head);
	return rc;
}

int
ingest_stream(struct trace *t, uint16_t src, FILE *fp,
              const struct ingest_opts *o, struct err *e)
{
	return ingest_stream_at(t, src, fp, o, 0, e);
}

int
ingest_file(struct trace *t, const char *path, const struct ingest_opts *o,
            struct err *e)
{
	uint16_t src;
	FILE *fp;
	struct stat sb;
	int rc;

	if ((rc = trace_source_add(t, path, &src, e)) != 0)
		return rc;
	if (strcmp(path, "-") == 0) {
		fp = stdin;
	} else {
		fp = fopen(path, "rb");
		if (fp == NULL && errno == ENOMEM)
			return err_nomem(e);    /* the file is fine; memory is not */
		if (fp == NULL)
			return err_set(e, ERR_NOINPUT, "cannot open '%s': %s", path,
			               strerror(errno));
	}
	if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (fp != stdin)
			fclose(fp);
		return err_set(e, ERR_NOINPUT, "cannot read '%s': it is a directory",
		               path);
	}
	rc = ingest_stream(t, src, fp, o, e);
	if (fp != stdin && fclose(fp) != 0 && rc == 0)
		rc = err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	return rc;
}
