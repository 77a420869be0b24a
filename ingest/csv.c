/*
 * csv.c — CSV/TSV input through libcsv, streaming, with exact line numbers.
 *
 * libcsv does not count lines, and quoted fields may hold newlines.  Where
 * no quoted field can be open and no quote character follows, every
 * newline ends a record, so libcsv takes the rest of the buffer at once
 * and the end-of-record callback counts lines; anywhere else the reader
 * feeds one physical line at a time (split with memchr), so the line is
 * known even inside a multi-line field.  A record's position is the line
 * on which it began.  CSV_REPALL_NL makes libcsv report blank lines too,
 * so "end of record" is seen for every line that ends one.
 *
 * Fields with a role go through a record queue (queue.c) to the mapper,
 * which runs on a second thread when there is one: parsing and mapping
 * overlap, in order.
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

#include "choose.h"
#include "mapper.h"
#include "format_readers.h"
#include "queue.h"

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
	uint64_t start_line;            /* line on which the next one begins */
	bool row_open;                  /* a field of it was seen */
	bool skip_to_eol;               /* resynchronising after an error */
	unsigned char quote;
	bool clean;                     /* no quoted field can be open */
	bool whole;                     /* fed many lines at once */

	/* header */
	bool have_header;
	char **names;
	size_t *name_lens;
	size_t ncols, namecap;
	uint64_t *role_of_col;
	struct queue *q;                /* from the header on */
	size_t nf;                      /* fields of the current record */

	/* the worker thread's, on cache lines of its own */
	_Alignas(64) struct mapper map;
};

/* libcsv has no user pointer for its allocator, and needs none: the cap
 * is a constant, and which failure it was is read back from the parser
 * (parse_failed). */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > INGEST_FIELD_MAX + 1)
		return NULL;
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
	if (!st->row_open) {            /* the record's first field */
		st->row_open = true;
		st->row_line = st->start_line;
	}
	if (!st->have_header) {
		st->fail = keep_name(st, data ? data : "", data ? n : 0);
		return;
	}
	/* only fields with a role are kept */
	if (i < st->ncols && st->role_of_col[i] != 0)
		st->fail = queue_text(st->q, (uint32_t)st->role_of_col[i],
		                      data ? data : "", data ? n : 0);
}

static int
start_data(struct csv_state *st)
{
	struct err *e = st->e;

	struct mapper_spec spec;

	st->role_of_col = calloc(st->ncols, sizeof *st->role_of_col);
	if (st->role_of_col == NULL)
		return err_nomem(e);
	if (choose_for_columns(st->t, st->src, st->o,
	                       (const char *const *)st->names, st->name_lens,
	                       st->ncols, &spec, e) != 0 ||
	    mapper_init(&st->map, st->t, st->src, st->o, &spec,
	                (const char *const *)st->names, st->name_lens,
	                st->ncols, st->role_of_col, e) != 0)
		return e->code;
	return queue_new(&st->q, &st->map, st->o->threads, e);
}

static int
emit_row(struct csv_state *st)
{
	char reason[128];

	if (st->nf != st->ncols) {
		snprintf(reason, sizeof reason, "record has %zu fields, the header "
		         "has %zu", st->nf, st->ncols);
		return queue_reject(st->q, st->row_line, reason);
	}
	return queue_record(st->q, st->row_line);
}

static void
on_record(int c, void *user)
{
	struct csv_state *st = user;

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
	/* Fed many lines at once, every newline ends a record (or is a
	 * blank line): this is where they are counted.  Fed one line, the
	 * caller counts it after the call.  The next record begins after
	 * the terminator: on the next line after a newline, on this one
	 * after a lone carriage return. */
	if (st->whole && c == '\n')
		st->line++;
	st->start_line = st->line + (!st->whole && c == '\n');
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

	size_t i = 0;

	/* blank lines before the header are skipped, as libcsv skips them */
	while (i < n && (head[i] == '\n' || head[i] == '\r'))
		i++;
	for (; i < n; i++) {
		char ch = head[i];
		/* the first physical line only, even inside quotes: the head
		 * is sure to hold that much whatever the read size (the fuzzer
		 * found a header whose open quote ran on into what a larger
		 * read had fetched) */
		if (ch == '\n' || (!quoted && ch == '\r'))
			break;
		if (ch == '"')
			quoted = !quoted;
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
	st->quote = csv_get_quote(&st->p);
	st->clean = true;
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

	/* libcsv halves its request after a failure until it fits, so a
	 * field over the cap stops with the buffer grown to the cap itself;
	 * a real shortage stops it anywhere below */
	if (st->p.entry_size < INGEST_FIELD_MAX)
		return err_nomem(st->e);
	if (!st->row_open)              /* the broken field was its first */
		st->row_line = st->start_line;
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
	queue_drop(st->q);
	st->row_open = false;
	st->skip_to_eol = true;
	return queue_reject(st->q, st->row_line, reason);
}

/* Skip the rest of a line that broke; false when the line goes on past
 * buf (the next buffer starts still skipping). */
static bool
skip_line(struct csv_state *st, const char *buf, size_t n, size_t *pos)
{
	const char *nl = memchr(buf + *pos, '\n', n - *pos);

	if (nl == NULL) {
		st->skip_to_eol = true;
		*pos = n;
		return false;
	}
	st->skip_to_eol = false;
	st->start_line = ++st->line;
	*pos = (size_t)(nl - buf) + 1;
	return true;
}

/*
 * Where no quoted field is open and no quote character follows, a newline
 * always ends a record, so libcsv can take the rest of buf in one call and
 * on_record() counts the lines: that is most files, most of the time.
 * Anywhere else the reader feeds one line at a time, so that it knows the
 * line even inside multi-line quoted fields, and learns at each line end
 * whether a quoted field is still open.
 */
static int
feed(struct csv_state *st, const char *buf, size_t n)
{
	size_t pos = 0;

	while (pos < n) {
		const char *nl;
		size_t end, done;

		if (st->skip_to_eol && !skip_line(st, buf, n, &pos))
			break;
		if (pos == n)
			break;
		if (st->clean && memchr(buf + pos, st->quote, n - pos) == NULL) {
			st->whole = true;
			done = csv_parse(&st->p, buf + pos, n - pos, on_field,
			                 on_record, st);
			st->whole = false;
			if (st->fail)
				return st->fail;
			if (done == n - pos)
				break;
			if (parse_failed(st) != 0)
				return st->e->code;
			pos += done;
			if (!skip_line(st, buf, n, &pos))
				break;
			continue;
		}
		nl = memchr(buf + pos, '\n', n - pos);
		end = nl ? (size_t)(nl - buf) + 1 : n;
		st->clean = false;
		if (csv_parse(&st->p, buf + pos, end - pos, on_field, on_record,
		              st) != end - pos) {
			if (parse_failed(st) != 0)
				return st->e->code;
			/* the rest of this line is lost with the field */
			if (nl != NULL) {
				st->skip_to_eol = false;
				st->start_line = st->line + 1;
			}
		}
		if (st->fail)
			return st->fail;
		if (nl != NULL) {
			st->line++;
			/* the next record begins on the new line only when
			 * this line's newline ended one (it is the line's last
			 * byte, so no quote can be open after it) or a broken
			 * field reset the parser */
			st->clean = st->start_line == st->line;
		}
		pos = end;
	}
	return 0;
}

static int
finish(struct csv_state *st)
{
	/* Only at the end can an open quote be told from a long field:
	 * ask libcsv's strict end-of-input check for that one thing. */
	csv_set_opts(&st->p, CSV_REPALL_NL | CSV_STRICT |
	                         CSV_STRICT_FINI);
	if (csv_fini(&st->p, on_field, on_record, st) != 0) {
		char reason[96];
		if (!st->row_open)
			st->row_line = st->start_line;
		if (!st->have_header)
			return err_set(st->e, ERR_DATA,
			               "%s:%llu: the header has an unterminated "
			               "quoted field",
			               trace_source_name(st->t, st->src),
			               (unsigned long long)st->row_line);
		snprintf(reason, sizeof reason,
		         "unterminated quoted field (runs to the end of the "
		         "input)");
		if ((st->fail = queue_reject(st->q, st->row_line, reason)) != 0)
			return st->fail;
	}
	if (st->fail)
		return st->fail;
	if (!st->have_header)
		return err_set(st->e, ERR_DATA, "%s: empty input: no header row",
		               trace_source_name(st->t, st->src));
	return 0;
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
	queue_free(st->q);
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
	st.line = st.start_line = 1;
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
			            (uint64_t)(total += n),
			            st.q ? queue_records(st.q) : 0);
		if (n < chunk) {
			int r = reader_short_read(fp, rerr, trace_source_name(t, src),
			                          "line", st.line, e);
			rc = r ? r : rc;
			break;
		}
	}
	if (rc == 0)
		rc = finish(&st);
	rc = queue_close(st.q, &st.map, rc, e);
	free(buf);
	state_free(&st);
	return rc;
}

size_t
csv_head_max(void)
{
	return HEAD_MAX;
}
