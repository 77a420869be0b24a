/*
 * xml.c — XML inputs (JMeter's JTL XML) through libxml2's streaming
 * reader: memory holds one element, whatever the file's size.
 *
 * The root element decides the harness (h_jmeter.c); each element below
 * it whose name ends in "ample" (httpSample, sample) is a record whose
 * attributes are its fields; what a sample contains (responseData,
 * assertionResult, sub-samples) is skipped.  Positions are line numbers.
 * No DTD is loaded and no entity is substituted, and the network is
 * never used (XML_PARSE_NONET).
 */
#include <errno.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

#include "format_readers.h"
#include "harness.h"
#include "sniff.h"
#include "treemap.h"

#define XML_MAX_ATTRS 64

struct xsrc {
	FILE *fp;
	const char *head;
	size_t head_len, from;
	const char *name;
	const struct ingest_opts *o;
	uint64_t total;
	int rerr;
	char problem[200];
	int problem_line;
};

static int
xml_read_cb(void *ctx, char *buf, int len)
{
	struct xsrc *x = ctx;
	size_t chunk = x->o->chunk ? x->o->chunk : INGEST_CHUNK, n;

	if (len <= 0)
		return 0;
	if (x->from < x->head_len) {
		n = x->head_len - x->from < (size_t)len ? x->head_len - x->from
		                                        : (size_t)len;
		memcpy(buf, x->head + x->from, n);
		x->from += n;
		if (n == (size_t)len || x->from < x->head_len)
			return (int)n;
		buf += n;
		len -= (int)n;
		/* the rest of this request from the file, as below */
		size_t m = 0;
		while (m < (size_t)len) {
			size_t want = (size_t)len - m < chunk ? (size_t)len - m : chunk;
			size_t got = fread(buf + m, 1, want, x->fp);
			m += got;
			x->total += got;
			if (got < want)
				break;
		}
		if (m == 0 && ferror(x->fp)) {
			x->rerr = errno;
			return -1;
		}
		return (int)(n + m);
	}
	/* libxml2 gets all it asks for (in read-size pieces): where it
	 * finds an error must not depend on the read size */
	for (n = 0; n < (size_t)len;) {
		size_t want = (size_t)len - n < chunk ? (size_t)len - n : chunk;
		size_t got = fread(buf + n, 1, want, x->fp);
		n += got;
		x->total += got;
		if (got < want)
			break;
	}
	if (x->o->progress)
		x->o->progress(x->o->progress_ctx, x->name, x->total, 0);
	if (n == 0 && ferror(x->fp)) {
		x->rerr = errno;
		return -1;
	}
	return (int)n;
}

/* libxml2 writes some errors (an input encoding it cannot convert) to
 * stderr through its generic handler, past the reader's own: library
 * layers print nothing, so those go here, and the reader's structured
 * handler has the words. */
static void
quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
on_error(void *ctx, xmlErrorPtr err)
{
	struct xsrc *x = ctx;

	if (x->problem[0] || err == NULL)
		return;
	snprintf(x->problem, sizeof x->problem, "%s",
	         err->message ? err->message : "not well-formed");
	for (char *p = x->problem; *p; p++)
		if (*p == '\n')
			*p = ' ';
	while (x->problem[0] && x->problem[strlen(x->problem) - 1] == ' ')
		x->problem[strlen(x->problem) - 1] = '\0';
	x->problem_line = err->line;
}

/* One sample's attributes as a record. */
static int
sample(xmlTextReaderPtr r, struct treemap *tm, uint64_t entry)
{
	struct tree_leaf leaves[XML_MAX_ATTRS];
	struct tree_record rec;
	size_t n = 0;

	while (n < XML_MAX_ATTRS && xmlTextReaderMoveToNextAttribute(r) == 1) {
		const char *k = (const char *)xmlTextReaderConstName(r);
		const char *v = (const char *)xmlTextReaderConstValue(r);
		if (k == NULL || v == NULL)
			continue;
		leaves[n].path = k;
		leaves[n].path_len = strlen(k);
		leaves[n].val = v;
		leaves[n].len = strlen(v);
		leaves[n].kind = LEAF_STR;
		leaves[n++].too_long = false;
	}
	xmlTextReaderMoveToElement(r);
	rec.leaves = leaves;
	rec.n = n;
	rec.entry = entry;
	rec.bucket = "";
	rec.problem = NULL;
	return treemap_record(tm, &rec);
}

static bool
is_sample(const char *name)
{
	size_t n = strlen(name);

	return n >= 5 && strcmp(name + n - 5, "ample") == 0;
}

int
xml_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                size_t head_len, const struct ingest_opts *o, struct err *e)
{
	struct xsrc x = {fp, head, head_len, 0, trace_source_name(t, src), o,
	                 head_len, 0, "", 0};
	xmlTextReaderPtr r;
	struct treemap *tm = NULL;
	struct mapper_spec spec = {o->preset, 0};
	struct sniff s;
	int rc = 0, ret;
	bool root = false;

	t->sources[src].format = "xml";
	/* per thread in libxml2; put back below */
	xmlGenericErrorFunc saved = xmlGenericError;
	void *saved_ctx = xmlGenericErrorContext;
	xmlSetGenericErrorFunc(NULL, quiet);
	r = xmlReaderForIO(xml_read_cb, NULL, &x, NULL, NULL,
	                   XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
	                   XML_PARSE_NOWARNING);
	if (r == NULL) {
		xmlSetGenericErrorFunc(saved_ctx, saved);
		return err_nomem(e);
	}
	xmlTextReaderSetStructuredErrorHandler(r, on_error, &x);
	ret = xmlTextReaderRead(r);
	while (rc == 0 && ret == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *name = (const char *)xmlTextReaderConstName(r);
		if (type != XML_READER_TYPE_ELEMENT || name == NULL) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (!root) {
			root = true;
			if (spec.h == NULL) {
				sniff_xml(&s, x.name, name);
				spec.h = harness_detect(&s, &spec.layout);
			}
			if (spec.h == NULL || spec.h->input != HARNESS_XML) {
				rc = err_set(e, ERR_DATA, "%s: XML whose root element is "
				             "<%.40s>: the XML ttftstat reads is JMeter's "
				             "JTL (<testResults>)", x.name, name);
				break;
			}
			t->sources[src].preset = spec.h->name;
			t->sources[src].layout = spec.h->layouts[spec.layout].version;
			rc = treemap_new(&tm, t, src, o, &spec, e);
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (xmlTextReaderDepth(r) != 1) {
			ret = xmlTextReaderRead(r);
			continue;
		}
		if (is_sample(name)) {
			/* the line the element began on, which the parser noted
			 * as it made the node; its current line depends on how
			 * far ahead it has read */
			xmlNodePtr node = xmlTextReaderCurrentNode(r);
			long line = node ? xmlGetLineNo(node) : -1;
			rc = sample(r, tm, line > 0 ? (uint64_t)line : 0);
		}
		/* the next sibling: what the sample holds is skipped */
		ret = xmlTextReaderNext(r);
	}
	if (rc == 0 && x.rerr != 0)
		rc = err_set(e, ERR_IO, "%s: read error: %s", x.name,
		             strerror(x.rerr));
	if (rc == 0 && (x.problem[0] || ret < 0)) {
		struct tree_broken b = {true, (uint64_t)xmlTextReaderByteConsumed(r),
		                        ""};
		/* the parser's words cut to leave room for the line */
		snprintf(b.why, sizeof b.why, "%.170s (line %d)",
		         x.problem[0] ? x.problem : "not well-formed",
		         x.problem_line);
		if (tm == NULL)
			rc = err_set(e, ERR_DATA, "%s: invalid XML: %s", x.name, b.why);
		else
			rc = treemap_broken(tm, "XML", &b);
	}
	if (rc == 0 && tm == NULL)
		rc = err_set(e, ERR_DATA, "%s: an XML document with no element",
		             x.name);
	if (rc == 0)
		rc = treemap_finish(tm, "JMeter writes <httpSample> or <sample> "
		                    "elements under <testResults>");
	treemap_free(tm);
	xmlFreeTextReader(r);
	xmlSetGenericErrorFunc(saved_ctx, saved);
	return rc;
}
