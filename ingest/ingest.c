/*
 * ingest.c — open an input, detect its format, hand it to its reader.
 */
#include "ingest.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "format_readers.h"
#include "detect.h"

/* Does h[0..n) end a line that is not blank (the first such line is what
 * detection and the CSV sniffer look at)? */
static bool
has_full_line(const char *h, size_t n)
{
	bool ink = false;
	size_t i = 0;

	if (n >= 3 && memcmp(h, "\xef\xbb\xbf", 3) == 0)
		i = 3;                  /* a BOM is not a line's content */
	for (; i < n; i++) {
		if (h[i] == '\n' && ink)
			return true;
		if (!isspace((unsigned char)h[i]))
			ink = true;
	}
	return false;
}

/* Read up to the end of the first non-blank line (or the sniffer's limit)
 * in chunk-sized reads: whatever the read size, the head holds at least
 * that line, so detection and sniffing see the same bytes. */
static int
read_head(FILE *fp, const char *name, size_t chunk, char *head,
          size_t max, size_t *n, struct err *e)
{
	*n = 0;
	while (*n < max) {
		size_t want = max - *n < chunk ? max - *n : chunk;
		size_t got = fread(head + *n, 1, want, fp);
		*n += got;
		if (got < want) {
			if (ferror(fp))
				return err_set(e, ERR_IO, "%s: read error: %s", name,
				               strerror(errno));
			break;
		}
		if (has_full_line(head, *n))
			break;
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

/* The first occurrence of word in h[0..n), which is not NUL-terminated. */
static const char *
find(const char *h, size_t n, const char *word)
{
	size_t w = strlen(word);

	for (size_t i = 0; i + w <= n; i++)
		if (h[i] == word[0] && memcmp(h + i, word, w) == 0)
			return h + i;
	return NULL;
}

/* Which JSON layout: a preset's, HAR (an object with log.entries, told
 * from the first bytes), one array of objects, or objects one after
 * another (JSON Lines). */
static int
read_json(struct trace *t, uint16_t src, FILE *fp, const char *h, size_t n,
          const struct ingest_opts *o, struct err *e)
{
	const struct preset *p = o->preset;
	const struct preset *har = ingest_preset_find("har");
	size_t i = 0;
	bool looks_har = false;

	if (p != NULL && (p->records != NULL || p->kind == PRESET_VLLM))
		return json_ingest_read(t, src, fp, h, n, o, p,
		                        p->kind == PRESET_HAR ? "har" : "json", e);
	while (i < n && isspace((unsigned char)h[i]))
		i++;
	if (i < n && h[i] == '{') {
		/* "log" as the first key and "entries" soon after */
		const char *lg = find(h + i, n - i, "\"log\"");
		looks_har = lg != NULL && lg - (h + i) < 16 &&
		            find(lg, n - (size_t)(lg - h), "\"entries\"") != NULL;
	}
	if (o->format == INGEST_HAR || (o->format == INGEST_AUTO && looks_har))
		return json_ingest_read(t, src, fp, h, n, o, har, "har", e);
	if (o->format == INGEST_JSONL ||
	    (o->format != INGEST_JSON && i < n && h[i] == '{'))
		return json_ingest_read(t, src, fp, h, n, o, NULL, "jsonl", e);
	return json_ingest_read(t, src, fp, h, n, o, NULL, "json", e);
}

int
ingest_stream(struct trace *t, uint16_t src, FILE *fp,
              const struct ingest_opts *o, struct err *e)
{
	const char *name = trace_source_name(t, src);
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	size_t max = csv_head_max(), n;
	char *head = malloc(max);
	const char *h;
	enum detected d;
	int rc;

	if (head == NULL)
		return err_nomem(e);
	if ((rc = read_head(fp, name, chunk, head, max, &n, e)) != 0) {
		free(head);
		return rc;
	}
	if (n == 0) {
		free(head);
		return err_set(e, ERR_DATA, "%s: empty input", name);
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
		rc = read_json(t, src, fp, h, n, o, e);
	} else if (o->format == INGEST_MSGPACK ||
	    (o->format == INGEST_AUTO && d == DETECT_MSGPACK)) {
		rc = msgpack_ingest_read(t, src, fp, h, n, o, e);
	} else if (o->format == INGEST_CSV || o->format == INGEST_TSV ||
	           d == DETECT_CSV) {
		rc = csv_ingest_read(t, src, fp, h, n, o, e);
	} else {
		t->sources[src].format = detect_name(d);
		rc = err_set(e, ERR_DATA, "%s: looks like %s, which this version "
		             "cannot read yet; if it is CSV, say --format csv",
		             name, detect_name(d));
	}
	free(head);
	return rc;
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
