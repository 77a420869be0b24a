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
 * A large regular file is read in parts on two threads (see struct split).
 *
 * libcsv grows its field buffer without limit; a realloc hook refuses to
 * grow past INGEST_FIELD_MAX, which turns a giant field into one rejected
 * record (then the reader skips to the next line and starts afresh) instead
 * of unbounded memory.
 */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "choose.h"
#include "mapper.h"
#include "format_readers.h"
#include "queue.h"

#define HEAD_MAX (64u * 1024u)  /* bytes looked at to sniff the delimiter */
/* A regular file this large is read in parts at once (below, one reader
 * and its mapper are done soon enough); ingest_opts.split_min sets
 * another size. */
#define SPLIT_MIN (64u * 1024u * 1024u)
#define SPLIT_SCAN (1024u * 1024u)      /* looked through for a newline */

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
	/* mapped as each record ends, not through the queue (a reader with
	 * a second one beside it: no mapper thread to hand records to) */
	bool direct;
	bool direct_next;               /* from the next record on */
	char *rbuf;                     /* the record's fields with a role */
	size_t rlen, rcap;
	uint64_t rset;                  /* the roles they play */
	uint32_t roff[ROLE_COUNT], rl[ROLE_COUNT];
	uint64_t nrecords;

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

/* ==== records: through the queue, or mapped as each one ends ==== */

static int
rec_text(struct csv_state *st, uint64_t roles, const char *s, size_t n)
{
	if (!st->direct)
		return queue_text(st->q, roles, s, n);
	if (st->rcap - st->rlen < n + 1) {
		size_t cap = st->rcap ? st->rcap : 256;
		char *nb;
		while (cap - st->rlen < n + 1)
			cap *= 2;
		if ((nb = realloc(st->rbuf, cap)) == NULL)
			return err_nomem(st->e);
		st->rbuf = nb;
		st->rcap = cap;
	}
	queue_copy_small(st->rbuf + st->rlen, s, n);
	st->rset |= roles;
	while (roles != 0) {
		int k = role_take(&roles);
		st->roff[k] = (uint32_t)st->rlen;
		st->rl[k] = (uint32_t)n;
	}
	st->rlen += n;
	return 0;
}

static void
rec_drop(struct csv_state *st)
{
	if (!st->direct) {
		queue_drop(st->q);
		return;
	}
	st->rlen = 0;
	st->rset = 0;
}

/* After a record ended in the queue: the switch to mapping directly,
 * when asked for, now that no record is half in the queue. */
static int
rec_switch(struct csv_state *st, int rc)
{
	if (rc == 0 && st->direct_next) {
		st->direct_next = false;
		st->direct = true;
		rc = queue_finish(st->q, st->e);
	}
	return rc;
}

static int
rec_end(struct csv_state *st, uint64_t line)
{
	struct record r;
	uint64_t set = st->rset;

	if (!st->direct)
		return rec_switch(st, queue_record(st->q, line));
	record_clear(&r, &st->map);
	while (set != 0) {
		int k = role_take(&set);
		r.val[k] = st->rbuf + st->roff[k];
		r.len[k] = st->rl[k];
	}
	st->nrecords++;
	rec_drop(st);
	return mapper_emit(&st->map, &r, line, st->e);
}

static int
rec_reject(struct csv_state *st, uint64_t line, const char *reason)
{
	if (!st->direct)
		return rec_switch(st, queue_reject(st->q, line, reason));
	rec_drop(st);
	st->nrecords++;
	return mapper_reject(&st->map, line, reason, st->e);
}

/* records so far: through the queue, then mapped directly */
static uint64_t
rec_count(const struct csv_state *st)
{
	return (st->q ? queue_records(st->q) : 0) + st->nrecords;
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
		st->fail = rec_text(st, st->role_of_col[i], data ? data : "",
		                    data ? n : 0);
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
		return rec_reject(st, st->row_line, reason);
	}
	return rec_end(st, st->row_line);
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
	rec_drop(st);
	st->row_open = false;
	st->skip_to_eol = true;
	return rec_reject(st, st->row_line, reason);
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
		if ((st->fail = rec_reject(st, st->row_line, reason)) != 0)
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
	free(st->rbuf);
	mapper_release(&st->map);
}

/* ==== a large file in parts ==== */

/*
 * A large regular file is read by two threads at once.  The first reader
 * (this thread's csv_state, through fp) starts at the top; a second part
 * starts at the first newline past the middle, on a thread of its own
 * (pread, so the first reader's stream is left alone), into a trace of
 * its own, with line numbers counted from the part's start.  Neither
 * runs ahead of the other for long: a thread that has finished its part
 * takes the back half of what is left of the other's (from the first
 * newline past its middle), as a new part it reads itself, and again
 * while what is left is worth it — so the two finish together whatever
 * the machine does to either (one of two CPUs idle for a fifth of the
 * reading, before).  Each reader stops at its limit, which only the
 * split moves, under the lock, and only past what the reader has read.
 * Then the parts are merged in file order (trace_source_merge) where each
 * one ended at the end of a record; where one ended inside a quoted
 * field, it reads on to the end of the input alone and the parts after
 * it are thrown away.
 */
#define PARTS_MAX 64
/* the last part's limit: it reads to the end (the largest off_t) */
#define NO_LIMIT ((off_t)(((uintmax_t)1 << (sizeof(off_t) * CHAR_BIT - 1)) - 1))

/* Where a reader is, under the split's lock: it stops at limit, has
 * claimed its reads up to claimed, and is running while a thread reads
 * it. */
struct reader {
	off_t limit, claimed;
	bool running;
};

struct part {
	struct csv_state st;            /* first: its alignment */
	struct trace *t;
	off_t from;
	struct reader rd;
	bool parser_on;
	bool eof;                       /* it read to the end of the input */
	int rc;
	struct err e;
};

struct split {
	pthread_mutex_t mu;
	struct part *part[PARTS_MAX];   /* part[0] is NULL: the first reader */
	size_t nparts;
	struct reader first;            /* the first reader's */
	off_t size;                     /* at the start: for the halves */
	off_t least;                    /* what is worth a new part */
	int fd;
	size_t chunk;
	unsigned char delim;
	const struct csv_state *a;      /* the first reader: header, mapping */
	_Atomic uint64_t bytes;         /* read by the parts, for progress */
	atomic_bool stop;               /* thrown away: stop soon */
	pthread_t th;
	bool th_on;
};

static void
part_free(struct part *p)
{
	if (p == NULL)
		return;
	if (p->parser_on)
		csv_free(&p->st.p);
	free(p->st.role_of_col);
	free(p->st.rbuf);
	queue_free(p->st.q);
	mapper_release(&p->st.map);
	trace_free(p->t);
	free(p);
}

/* A part from byte from to limit, with the first reader's header and
 * mapping; NULL when it cannot be. */
static struct part *
part_new(const struct split *sp, off_t from, off_t limit)
{
	const struct csv_state *a = sp->a;
	size_t size = (sizeof(struct part) + 63) / 64 * 64;
	struct part *p = aligned_alloc(64, size);
	struct csv_state *st;
	uint16_t src;

	if (p == NULL)
		return NULL;
	memset(p, 0, size);
	st = &p->st;
	p->from = p->rd.claimed = from;
	p->rd.limit = limit;
	if ((p->t = trace_new()) == NULL ||
	    trace_source_add(p->t, a->t->sources[a->src].path, &src, &p->e) != 0)
		goto fail;
	if (a->t->no_lines)
		trace_drop_lines(p->t);
	st->t = p->t;
	st->src = src;
	st->o = a->o;
	st->e = &p->e;
	st->line = st->start_line = 1;
	st->have_header = true;
	st->direct = true;
	/* the header's names are a's (it outlives the part) */
	st->names = a->names;
	st->name_lens = a->name_lens;
	st->ncols = a->ncols;
	if ((st->role_of_col = calloc(a->ncols, sizeof *st->role_of_col)) == NULL ||
	    parser_start(st, sp->delim) != 0)
		goto fail;
	p->parser_on = true;
	if (mapper_init(&st->map, p->t, src, a->o, &a->map.spec,
	                (const char *const *)a->names, a->name_lens, a->ncols,
	                st->role_of_col, &p->e) != 0 ||
	    queue_new(&st->q, &st->map, 1, &p->e) != 0)
		goto fail;
	return p;
fail:
	part_free(p);
	return NULL;
}

/* How much reader r reads next from off, at most up to its limit;
 * claimed then, under the lock, so that no split falls inside it. */
static size_t
part_claim(struct split *sp, struct reader *r, off_t off)
{
	size_t want = sp->chunk;

	pthread_mutex_lock(&sp->mu);
	if (r->limit - off < (off_t)want)
		want = r->limit > off ? (size_t)(r->limit - off) : 0;
	r->claimed = off + (off_t)want;
	pthread_mutex_unlock(&sp->mu);
	return want;
}

/* Reader r's fields, under the lock. */
static void
reader_set(struct split *sp, struct reader *r, off_t claimed, bool running)
{
	pthread_mutex_lock(&sp->mu);
	r->claimed = claimed;
	r->running = running;
	pthread_mutex_unlock(&sp->mu);
}

/* Read part p from where it is to its limit (or the input's end). */
static void
part_read(struct split *sp, struct part *p, char *buf)
{
	struct csv_state *st = &p->st;
	off_t off = p->rd.claimed;
	int rc = p->rc, qrc;

	while (rc == 0 && !atomic_load(&sp->stop)) {
		size_t want = part_claim(sp, &p->rd, off);
		ssize_t n;
		if (want == 0)
			break;
		n = pread(sp->fd, buf, want, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(&p->e, ERR_IO, "%s: read error: %s",
			             trace_source_name(p->t, st->src), strerror(errno));
			break;
		}
		if (n == 0) {
			p->eof = true;
			break;
		}
		off += n;
		atomic_fetch_add(&sp->bytes, (uint64_t)n);
		rc = feed(st, buf, (size_t)n);
		if ((size_t)n < want) {
			/* the file is shorter than it was: its end is here */
			p->eof = true;
			break;
		}
	}
	reader_set(sp, &p->rd, off, false);
	if (rc == 0 && p->eof && !atomic_load(&sp->stop))
		rc = finish(st);
	/* as queue_close(): a mapper failure came first */
	if ((qrc = queue_finish(st->q, &p->e)) != 0)
		rc = qrc;
	p->rc = rc;
}

/* The first newline at or past mid, before end: where a part may begin
 * (the byte after it); -1 when there is none. */
static off_t
newline_after(int fd, off_t mid, off_t end)
{
	char *win = malloc(SPLIT_SCAN);
	off_t at = -1;

	while (win != NULL && mid < end) {
		ssize_t n = pread(fd, win, SPLIT_SCAN, mid);
		const char *nl;
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if ((nl = memchr(win, '\n', (size_t)n)) != NULL &&
		    mid + (nl - win) + 1 < end)
			at = mid + (nl - win) + 1;
		break;
	}
	free(win);
	return at;
}

/* Take the back half of what is left of the reader with most left, as a
 * new part; NULL when none has enough left (or no memory).  Reader 0 is
 * the first, through fp; i > 0 is part[i]. */
static struct part *
steal(struct split *sp)
{
	for (int tries = 0; tries < 4; tries++) {
		off_t best = 0, end = 0, mid = 0, from;
		struct reader *v = NULL;
		struct part *p;
		size_t nparts;
		bool still;

		pthread_mutex_lock(&sp->mu);
		nparts = sp->nparts;
		for (size_t i = 0; i < sp->nparts; i++) {
			struct reader *r = i ? &sp->part[i]->rd : &sp->first;
			off_t lim = r->limit < sp->size ? r->limit : sp->size;
			if (r->running && lim - r->claimed > best) {
				best = lim - r->claimed;
				v = r;
			}
		}
		if (v != NULL) {
			end = v->limit;
			mid = v->claimed + best / 2;
		}
		pthread_mutex_unlock(&sp->mu);
		if (v == NULL || best < sp->least || nparts == PARTS_MAX ||
		    (from = newline_after(sp->fd, mid, end < sp->size ? end
		                                                      : sp->size)) < 0 ||
		    (p = part_new(sp, from, end)) == NULL)
			return NULL;
		pthread_mutex_lock(&sp->mu);
		/* still reading, the same limit, and not yet past the split */
		still = v->running && v->limit == end && v->claimed <= from &&
		        sp->nparts < PARTS_MAX;
		if (still) {
			v->limit = from;
			p->rd.running = true;
			sp->part[sp->nparts++] = p;
		}
		pthread_mutex_unlock(&sp->mu);
		if (still)
			return p;
		part_free(p);
	}
	return NULL;
}

/* Read stolen parts while there are any worth it. */
static void
steal_on(struct split *sp, char *buf)
{
	struct part *p;

	while (!atomic_load(&sp->stop) && (p = steal(sp)) != NULL)
		part_read(sp, p, buf);
}

/* The second thread: the part from the middle, then whatever it takes. */
static void *
split_run(void *arg)
{
	struct split *sp = arg;
	char *buf = malloc(sp->chunk);
	struct part *p = sp->part[1];

	if (buf == NULL) {
		p->rc = err_nomem(&p->e);
		reader_set(sp, &p->rd, p->rd.claimed, false);
	} else {
		part_read(sp, p, buf);
		steal_on(sp, buf);
	}
	free(buf);
	return NULL;
}

static void
split_free(struct split *sp)
{
	if (sp == NULL)
		return;
	for (size_t i = 1; i < sp->nparts; i++)
		part_free(sp->part[i]);
	pthread_mutex_destroy(&sp->mu);
	free(sp);
}

/* Stop (when thrown away) and wait for the second thread. */
static void
split_join(struct split *sp, bool discard)
{
	if (discard)
		atomic_store(&sp->stop, true);
	if (sp->th_on)
		pthread_join(sp->th, NULL);
	sp->th_on = false;
}

/* The parts of fp (read up to *pos), the second begun; NULL: the file is
 * read in one part. */
static struct split *
split_start(const struct csv_state *st, FILE *fp, size_t chunk,
            unsigned char delim, off_t *pos)
{
	const struct ingest_opts *o = st->o;
	size_t least = o->split_min ? o->split_min : SPLIT_MIN;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int fd = fileno(fp);
	struct stat sb;
	struct split *sp;
	off_t from;

	/* --strict stops at the first bad record: one reader finds it */
	if (st->q == NULL || o->strict || o->threads == 1 ||
	    (o->threads == 0 && cpus < 2) || st->map.file_pending || fd < 0 ||
	    fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    (*pos = ftello(fp)) < 0 || sb.st_size - *pos < (off_t)least ||
	    (sp = calloc(1, sizeof *sp)) == NULL)
		return NULL;
	if (pthread_mutex_init(&sp->mu, NULL) != 0) {
		free(sp);
		return NULL;
	}
	sp->fd = fd;
	sp->chunk = chunk;
	sp->delim = delim;
	sp->a = st;
	sp->size = sb.st_size;
	/* an eighth of the least file split: a few MiB, but in the tests'
	 * small files a few lines */
	sp->least = (off_t)(least / 8 > 64 ? least / 8 : 64);
	sp->nparts = 1;
	sp->first.running = true;
	sp->first.claimed = *pos;
	atomic_init(&sp->bytes, 0);
	atomic_init(&sp->stop, false);
	from = newline_after(fd, *pos + (sb.st_size - *pos) / 2, sb.st_size);
	if (from < 0 ||
	    (sp->part[1] = part_new(sp, from, NO_LIMIT)) == NULL) {
		split_free(sp);
		return NULL;
	}
	sp->nparts = 2;
	sp->first.limit = from;
	sp->part[1]->rd.running = true;
	if (pthread_create(&sp->th, NULL, split_run, sp) != 0) {
		split_free(sp);
		return NULL;
	}
	sp->th_on = true;
	return sp;
}

/* ==== reading ==== */

/* Feed fp's bytes up to the first reader's limit (none without a split);
 * *eof: it ended there or failed. */
static int
read_on(struct csv_state *st, FILE *fp, char *buf, size_t chunk,
        struct split *sp, off_t *pos, bool *eof)
{
	const struct ingest_opts *o = st->o;
	int rc = 0;

	while (rc == 0) {
		size_t want = chunk, n;
		int rerr;
		if (sp != NULL && (want = part_claim(sp, &sp->first, *pos)) == 0)
			break;
		n = fread(buf, 1, want, fp);
		rerr = errno;   /* before feeding can change it */
		*pos += (off_t)n;
		if (n > 0)
			rc = feed(st, buf, n);
		if (o->progress != NULL)
			o->progress(o->progress_ctx, trace_source_name(st->t, st->src),
			            (uint64_t)*pos + (sp ? atomic_load(&sp->bytes) : 0),
			            rec_count(st));
		if (n < want) {
			int r = reader_short_read(fp, rerr,
			                          trace_source_name(st->t, st->src),
			                          "line", st->line, st->e);
			*eof = true;
			return r ? r : rc;
		}
	}
	return rc;
}

static int
by_from(const void *a, const void *b)
{
	const struct part *x = *(struct part *const *)a;
	const struct part *y = *(struct part *const *)b;

	return (x->from > y->from) - (x->from < y->from);
}

/* Did part p (not the last) stop at the end of a record, at its limit? */
static bool
part_clean(const struct part *p)
{
	return p->rc == 0 && !p->eof && p->rd.claimed == p->rd.limit &&
	       p->st.clean && !p->st.skip_to_eol;
}

/* Merge part p after the rows so far; *line: the input's line where p
 * begins (then where the next one does). */
static int
merge_part(struct csv_state *st, struct part *p, uint64_t *line,
           struct err *e)
{
	int rc = p->rc;

	if (rc != 0)
		*e = p->e;
	/* the part counted its lines from 1: its line 1 is this one */
	if (rc == 0)
		rc = trace_source_merge(st->t, st->src, p->t, *line - 1, e);
	if (rc == 0) {
		struct trace_source *s = &st->t->sources[st->src];
		mapper_absorb(&st->map, &p->st.map);
		s->parts = (s->parts ? s->parts : 1) + 1;   /* the first reader's too */
		*line += p->st.line - 1;
	}
	return rc;
}

/* The first reader ended at its limit: the parts in order, merged while
 * each began where the one before ended; where one did not, it reads on
 * alone and the rest are thrown away. */
static int
join_parts(struct csv_state *st, FILE *fp, char *buf, size_t chunk,
           struct split *sp, off_t *pos, bool *eof, bool *joined,
           struct err *e)
{
	uint64_t line;
	int rc;

	split_join(sp, false);
	qsort(sp->part + 1, sp->nparts - 1, sizeof sp->part[0], by_from);
	*joined = st->clean && !st->skip_to_eol;
	if (!*joined)
		/* inside a quoted field: the first reader reads on alone */
		return read_on(st, fp, buf, chunk, NULL, pos, eof);
	if ((rc = queue_finish(st->q, e)) != 0)
		return rc;
	line = st->line;
	for (size_t i = 1; i < sp->nparts; i++) {
		struct part *p = sp->part[i];
		if (i + 1 < sp->nparts && !part_clean(p) && p->rc == 0) {
			/* ended inside a quoted field: it reads on alone, to the
			 * end, and the rest are thrown away */
			p->rd.limit = NO_LIMIT;         /* the threads are done */
			part_read(sp, p, buf);
			rc = merge_part(st, p, &line, e);
			break;
		}
		if ((rc = merge_part(st, p, &line, e)) != 0 || i + 1 == sp->nparts)
			break;
	}
	*eof = true;
	return rc == 0 ? mapper_finish(&st->map, e) : rc;
}

int
csv_ingest_read(struct trace *t, uint16_t src, FILE *fp, const char *head,
                size_t head_len, const struct ingest_opts *o, struct err *e)
{
	struct csv_state st;
	size_t chunk = o->chunk ? o->chunk : INGEST_CHUNK;
	unsigned char delim;
	char *buf = NULL;
	struct split *sp = NULL;
	off_t pos = (off_t)head_len;
	bool eof = false, joined = false;
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
	/* two readers, each mapping its own part, on two CPUs: a mapper
	 * thread beside them would only wait, and handing records over
	 * costs more than mapping them as they end (from the end of the
	 * record the head may have left open) */
	if (rc == 0 && (sp = split_start(&st, fp, chunk, delim, &pos)) != NULL)
		st.direct_next = true;
	if (rc == 0)
		rc = read_on(&st, fp, buf, chunk, sp, &pos, &eof);
	if (sp != NULL) {
		reader_set(sp, &sp->first, pos, false);
		if (rc == 0 && !eof) {
			steal_on(sp, buf);
			rc = join_parts(&st, fp, buf, chunk, sp, &pos, &eof, &joined, e);
			if (joined) {
				split_free(sp);
				free(buf);
				state_free(&st);
				return rc;
			}
		}
		split_join(sp, true);
		split_free(sp);
		sp = NULL;
		if (rc == 0 && !eof)
			rc = read_on(&st, fp, buf, chunk, NULL, &pos, &eof);
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
