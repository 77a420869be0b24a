/*
 * csv.c — CSV/TSV input through libcsv, streaming, with exact line numbers.
 *
 * libcsv does not count lines, and quoted fields may hold newlines, so the
 * reader feeds libcsv one physical line at a time (split with memchr): the
 * line being fed is always known, and a record's position is the line on
 * which it began.  CSV_REPALL_NL makes libcsv report blank lines too, so
 * "end of record" is seen for every line that ends one.
 *
 * libcsv grows its field buffer without limit; a realloc hook refuses to
 * grow past INGEST_FIELD_MAX, which turns a giant field into one rejected
 * record (then the reader skips to the next line and starts afresh) instead
 * of unbounded memory.
 */
#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "format_readers.h"
#include "field.h"

#define HEAD_MAX (64u * 1024u)  /* bytes looked at to sniff the delimiter */

struct csv_state {
	struct trace *t;
	uint16_t src;
	const struct ingest_opts *o;
	struct err *e;
	int fail;                       /* error code raised in a callback */

	struct csv_parser p;
	uint64_t line;                  /* physical line being fed, 1-based */
	uint64_t row_line;              /* line on which the record began */
	bool row_open;
	bool skip_to_eol;               /* resynchronising after an error */

	/* header */
	bool have_header;
	char **names;
	size_t *name_lens;
	size_t ncols, namecap;
	uint64_t *role_of_col;
	struct mapper map;

	/* the current record: only fields with a role are copied */
	size_t nf;
	char *buf;
	size_t used, cap;
	size_t *off, *len;
	bool row_bad;
	char bad_reason[96];
};

/* libcsv has no user pointer for its allocator; the cap is a constant, so
 * a plain function will do. */
static bool field_too_long;

static void *
capped_realloc(void *p, size_t n)
{
	if (n > INGEST_FIELD_MAX + 1) {
		field_too_long = true;
		return NULL;
	}
	return realloc(p, n);
}

static int
keep_name(struct csv_state *st, const char *s, size_t n)
{
	if (st->ncols == st->namecap) {
		size_t cap = st->namecap ? st->namecap * 2 : 16;
		char **nn = realloc(st->names, cap * sizeof *nn);
		if (nn == NULL)
			return err_nomem(st->e);
		st->names = nn;
		size_t *nl = realloc(st->name_lens, cap * sizeof *nl);
		if (nl == NULL)
			return err_nomem(st->e);
		st->name_lens = nl;
		st->namecap = cap;
	}
	st->names[st->ncols] = malloc(n + 1);
	if (st->names[st->ncols] == NULL)
		return err_nomem(st->e);
	memcpy(st->names[st->ncols], s, n);
	st->names[st->ncols][n] = '\0';
	st->name_lens[st->ncols] = n;
	st->ncols++;
	return 0;
}

static void
on_field(void *data, size_t n, void *user)
{
	struct csv_state *st = user;
	size_t i = st->nf++;

	if (st->fail)
		return;
	if (!st->have_header) {
		st->fail = keep_name(st, data ? data : "", data ? n : 0);
		return;
	}
	if (i >= st->ncols || st->role_of_col[i] == 0)
		return;
	if (st->used + n > st->cap) {
		size_t cap = st->cap ? st->cap : 4096;
		while (cap < st->used + n)
			cap *= 2;
		char *nb = realloc(st->buf, cap);
		if (nb == NULL) {
			st->fail = err_nomem(st->e);
			return;
		}
		st->buf = nb;
		st->cap = cap;
	}
	if (n > 0)
		memcpy(st->buf + st->used, data, n);
	st->off[i] = st->used;
	st->len[i] = n;
	st->used += n;
}

static int
start_data(struct csv_state *st)
{
	struct err *e = st->e;

	st->role_of_col = calloc(st->ncols, sizeof *st->role_of_col);
	st->off = calloc(st->ncols, sizeof *st->off);
	st->len = calloc(st->ncols, sizeof *st->len);
	if (st->role_of_col == NULL || st->off == NULL || st->len == NULL)
		return err_nomem(e);
	return mapper_init(&st->map, st->t, st->src, st->o,
	                   (const char *const *)st->names, st->name_lens,
	                   st->ncols, st->role_of_col, e);
}

static int
emit_row(struct csv_state *st)
{
	struct record r;
	char reason[128];

	if (st->nf != st->ncols) {
		snprintf(reason, sizeof reason, "record has %zu fields, the header "
		         "has %zu", st->nf, st->ncols);
		return mapper_reject(&st->map, st->row_line, reason, st->e);
	}
	record_clear(&r);
	for (size_t c = 0; c < st->ncols; c++) {
		uint64_t roles = st->role_of_col[c];
		for (int b = 0; roles != 0; b++, roles >>= 1) {
			if (roles & 1) {
				/* before any field was copied there is no buffer:
				 * every mapped field is empty then */
				r.val[b] = st->buf ? st->buf + st->off[c] : "";
				r.len[b] = st->len[c];
			}
		}
	}
	return mapper_emit(&st->map, &r, st->row_line, st->e);
}

static void
on_record(int c, void *user)
{
	struct csv_state *st = user;

	(void)c;
	st->row_open = false;
	if (st->fail == 0 && st->nf > 0) {      /* nf == 0: a blank line */
		if (!st->have_header) {
			st->have_header = true;
			st->fail = start_data(st);
		} else {
			st->fail = emit_row(st);
		}
	}
	st->nf = 0;
	st->used = 0;
}

/* ==== the delimiter ==== */

/* Count candidate delimiters outside quotes on the first line of head. */
static unsigned char
sniff_delimiter(const char *head, size_t n)
{
	static const unsigned char cand[] = {',', '\t', ';', '|'};
	size_t count[4] = {0, 0, 0, 0};
	bool quoted = false;
	unsigned char best = ',';
	size_t best_n = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = head[i];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || ch == '\r'))
			break;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if ((unsigned char)ch == cand[k])
					count[k]++;
	}
	for (int k = 0; k < 4; k++)
		if (count[k] > best_n) {
			best = cand[k];
			best_n = count[k];
		}
	return best;
}

/* ==== feeding ==== */

static int
parser_start(struct csv_state *st, unsigned char delim)
{
	if (csv_init(&st->p, CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return err_nomem(st->e);
	csv_set_delim(&st->p, delim);
	csv_set_realloc_func(&st->p, capped_realloc);
	csv_set_blk_size(&st->p, 4096);
	return 0;
}

/* libcsv stopped early: a field over the cap, or really out of memory. */
static int
parse_failed(struct csv_state *st)
{
	char reason[96];
	unsigned char delim = csv_get_delim(&st->p);

	if (!field_too_long)
		return err_nomem(st->e);
	field_too_long = false;
	snprintf(reason, sizeof reason, "a field is longer than %u bytes",
	         INGEST_FIELD_MAX);
	if (!st->have_header)
		return err_set(st->e, ERR_DATA, "%s:%llu: the header: %s",
		               trace_source_name(st->t, st->src),
		               (unsigned long long)st->row_line, reason);
	/* Start afresh at the next line: what the field swallowed is lost,
	 * and the one rejection says where. */
	csv_free(&st->p);
	if (parser_start(st, delim) != 0)
		return st->e->code;
	st->nf = 0;
	st->used = 0;
	st->row_open = false;
	st->skip_to_eol = true;
	return mapper_reject(&st->map, st->row_line, reason, st->e);
}

static int
feed(struct csv_state *st, const char *buf, size_t n)
{
	size_t pos = 0;

	while (pos < n) {
		const char *nl = memchr(buf + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - buf) + 1 : n;

		if (st->skip_to_eol) {
			if (nl != NULL) {
				st->skip_to_eol = false;
				st->line++;
			}
			pos = end;
			continue;
		}
		if (!st->row_open) {
			st->row_open = true;
			st->row_line = st->line;
		}
		if (csv_parse(&st->p, buf + pos, end - pos, on_field, on_record,
		              st) != end - pos) {
			if (parse_failed(st) != 0)
				return st->e->code;
		}
		if (st->fail)
			return st->fail;
		if (nl != NULL)
			st->line++;
		pos = end;
	}
	return 0;
}

static int
finish(struct csv_state *st)
{
	/* Only at the end can an open quote be told from a long field:
	 * ask libcsv's strict end-of-input check for that one thing. */
	csv_set_opts(&st->p, CSV_REPALL_NL | CSV_APPEND_NULL | CSV_STRICT |
	                         CSV_STRICT_FINI);
	if (csv_fini(&st->p, on_field, on_record, st) != 0) {
		char reason[96];
		if (!st->have_header)
			return err_set(st->e, ERR_DATA,
			               "%s:%llu: the header has an unterminated "
			               "quoted field",
			               trace_source_name(st->t, st->src),
			               (unsigned long long)st->row_line);
		snprintf(reason, sizeof reason,
		         "unterminated quoted field (runs to the end of the "
		         "input)");
		if (mapper_reject(&st->map, st->row_line, reason, st->e) != 0)
			return st->e->code;
	}
	if (st->fail)
		return st->fail;
	if (!st->have_header)
		return err_set(st->e, ERR_DATA, "%s: empty input: no header row",
		               trace_source_name(st->t, st->src));
	return mapper_finish(&st->map, st->e);
}

static void
state_free(struct csv_state *st)
{
	csv_free(&st->p);
	for (size_t i = 0; i < st->ncols; i++)
		free(st->names[i]);
	free(st->names);
	free(st->name_lens);
	free(st->role_of_col);
	free(st->off);
	free(st->len);
	free(st->buf);
	mapper_release(&st->map);
}

int
csv_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                size_t head_len, const struct ingest_opts *o, struct err *e)
{
	struct csv_state st;
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	unsigned char delim;
	char *buf = NULL;
	size_t total = head_len;
	int rc;

	memset(&st, 0, sizeof st);
	st.t = t;
	st.src = src;
	st.o = o;
	st.e = e;
	st.line = 1;
	field_too_long = false;
	if (o->format == INGEST_TSV)
		delim = '\t';
	else
		delim = sniff_delimiter(head, head_len);
	t->sources[src].format = delim == '\t' ? "tsv" : "csv";
	if ((rc = parser_start(&st, delim)) != 0)
		return rc;
	rc = feed(&st, head, head_len);
	if (rc == 0 && (buf = malloc(chunk)) == NULL)
		rc = err_nomem(e);
	while (rc == 0) {
		size_t n = fread(buf, 1, chunk, fp);
		int rerr = errno;   /* before feeding can change it */
		if (n > 0)
			rc = feed(&st, buf, n);
		if (o->progress != NULL)
			o->progress(o->progress_ctx, trace_source_name(t, src),
			            (uint64_t)(total += n), t->sources[src].rows);
		if (n < chunk) {
			if (ferror(fp))
				rc = err_set(e, ERR_IO, "%s: read error after line %llu: %s",
				             trace_source_name(t, src),
				             (unsigned long long)st.line,
				             strerror(rerr));
			break;
		}
	}
	if (rc == 0)
		rc = finish(&st);
	free(buf);
	state_free(&st);
	return rc;
}

size_t
csv_head_max(void)
{
	return HEAD_MAX;
}
