#include "capture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ingest/err.h"
#include "../ingest/tz.h"
#include "cells.h"
#include "ranktest.h"
#include "stats.h"

const char *
capture_check_name(enum cap_check k)
{
	static const char *const names[CAP_NCHECKS] = {
		"sample_size", "concurrency", "spacing", "time_coverage",
		"provider_overlap", "warmup", "drift", "sentinel",
		"timer_resolution", "wall_clock", "streaming", "fixed_prompt"};
	return k < CAP_NCHECKS ? names[k] : NULL;
}

/* ==== concurrency: a sweep over start times with the ends in flight ==== */

/*
 * The ends of the requests in flight.  A few (up to WIN_HEAP): in no
 * order in w[0..n); each start keeps the ends after it, by one pass that
 * copies every end down and steps past the ones it keeps (no branch on
 * the values: a sorted run's searches and shifts mispredicted, and its
 * moves stalled the loads of the next step), and adds its own at the end.
 * A sequential capture has a request or two in flight, a whole input's
 * sweep dozens.  Many (a load test, a burst at one instant): a binary
 * min-heap in w[0..n), so that a step costs log n, not a pass over the n
 * ends; a heap is an unordered window already, and one back down to
 * WIN_BACK ends is used as one.
 */
#define WIN_HEAP 64
#define WIN_BACK 32

struct window {
	double *w;
	size_t n, cap;
	bool heap;                      /* w[0..n) a heap */
};

/* Room for one more end. */
static bool
window_room(struct window *f)
{
	size_t nc;
	double *nw;

	if (f->n < f->cap)
		return true;
	nc = f->cap ? 2 * f->cap : 64;
	if ((nw = realloc(f->w, nc * sizeof *nw)) == NULL)
		return false;
	f->w = nw;
	f->cap = nc;
	return true;
}

/* Empty again. */
static void
window_reset(struct window *f)
{
	f->n = 0;
	f->heap = false;
}

/* ==== the heap, for many ends ==== */

static void
heap_sift_down(double *h, size_t n, size_t i, double v)
{
	for (;;) {
		size_t l = 2 * i + 1, m = l;
		if (l >= n)
			break;
		if (l + 1 < n && h[l + 1] < h[l])
			m = l + 1;
		if (!(h[m] < v))
			break;
		h[i] = h[m];
		i = m;
	}
	h[i] = v;
}

static size_t
heap_step(struct window *f, double st, double en)
{
	size_t i;

	while (f->n > 0 && f->w[0] <= st) {
		f->n--;
		heap_sift_down(f->w, f->n, 0, f->w[f->n]);
	}
	if (!window_room(f))
		return 0;
	for (i = f->n++; i > 0 && f->w[(i - 1) / 2] > en; i = (i - 1) / 2)
		f->w[i] = f->w[(i - 1) / 2];
	f->w[i] = en;
	f->heap = f->n > WIN_BACK;
	return f->n;
}

/* The requests in flight at start st, itself included, en the end of the
 * one starting there (starts come in ascending order); 0: no memory.
 * Inline: a sweep keeps the window's count and pointer in registers. */
static inline size_t
window_step(struct window *f, double st, double en)
{
	double *w = f->w;
	size_t k = 0;

	if (f->heap)
		return heap_step(f, st, en);
	for (size_t j = 0; j < f->n; j++) {
		double v = w[j];
		w[k] = v;
		k += v > st;
	}
	f->n = k;
	if (!window_room(f))
		return 0;
	f->w[f->n++] = en;
	if (f->n > WIN_HEAP) {
		/* many: heapify, from the last parent up */
		for (size_t i = f->n / 2; i-- > 0;)
			heap_sift_down(f->w, f->n, i, f->w[i]);
		f->heap = true;
	}
	return f->n;
}

/* The counts of in-flight requests, as a histogram: hist[k] requests saw
 * k in flight (themselves included). */
struct flight {
	size_t *hist, nhist;
	struct window win;
};

static bool
flight_room(struct flight *f, size_t k)
{
	if (k >= f->nhist) {
		size_t nn = 2 * k + 8;
		size_t *h = realloc(f->hist, nn * sizeof *h);
		if (h == NULL)
			return false;
		memset(h + f->nhist, 0, (nn - f->nhist) * sizeof *h);
		f->hist = h;
		f->nhist = nn;
	}
	return true;
}

/* The cell's requests in flight when each (in start order, st[i] its
 * start) started, into f->hist.  A request is in flight until the end of
 * its response where the input has it, else until its first token (a
 * failure without one: an instant).  *exact: every successful request had
 * its end (the count is then exact, not a lower bound).  false: no
 * memory. */
static bool
in_flight(const struct trace *t, const struct cell *c,
          const struct cell_series *s, struct flight *f, bool *exact)
{
	*exact = t->e2e != NULL;
	for (size_t i = 0; i < c->requests; i++) {
		bool ok = s->ttft[i] == s->ttft[i];
		double held = ok ? s->ttft[i] : 0, st = s->start[i];
		if (t->e2e != NULL) {
			float e = t->e2e[c->rows[i]];
			if (isfinite(e) && e > held)
				held = e;
			else if (ok && !isfinite(e))
				*exact = false;
		}
		size_t k = window_step(&f->win, st, st + held);
		if (k == 0 || !flight_room(f, k))
			return false;
		f->hist[k]++;
	}
	return true;
}

/* The type-7 quantile p of the n values a histogram holds (hist[k]
 * values equal to k). */
static double
hist_quantile(const size_t *hist, size_t nhist, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t j = (size_t)floor(h), seen = 0, k = 0;
	double lo;

	while (k < nhist && seen + hist[k] <= j)
		seen += hist[k++];
	lo = (double)k;
	if (j + 1 >= n || seen + hist[k] > j + 1)
		return lo;                      /* the next one is the same */
	for (k++; k < nhist && hist[k] == 0; k++)
		;
	return stats_lerp(lo, (double)k, h - (double)j);
}

/* ==== one cell ==== */

/* Mann-Whitney of two runs of a time series (mwu_test merges sorted
 * samples: sorted copies); *two: the two-sided p; returns the one-sided p
 * that a is larger.  med[2]: the two medians. */
static double
mw_runs(const double *a, size_t na, const double *b, size_t nb, double *w,
        double *two, double med[2])
{
	struct mwu m;

	memcpy(w, a, na * sizeof *w);
	memcpy(w + na, b, nb * sizeof *w);
	stats_sort(w, na);
	stats_sort(w + na, nb);
	med[0] = stats_quantile(w, na, 0.5);
	med[1] = stats_quantile(w + na, nb, 0.5);
	if (mwu_test(w, na, w + na, nb, &m) != 0) {
		*two = NAN;
		return NAN;
	}
	*two = m.p;
	/* U of a above its mean: a tends larger */
	return m.u > 0.5 * (double)na * (double)nb ? m.p / 2 : 1 - m.p / 2;
}

static void
local_time(const struct capture_opts *o, double t, int *hour, int *wday)
{
	double local = t + (o->tz ? (double)tz_offset(o->tz, (int64_t)floor(t))
	                          : 0.0);
	double day = floor(local / 86400.0);

	*hour = (int)floor((local - day * 86400.0) / 3600.0);
	*wday = (int)fmod(fmod(day + 4, 7) + 7, 7);     /* 1970-01-01: Thursday */
}

/* streaming and fixed prompt, from the audit columns (g: workspace of
 * 2 requests doubles) */
static void
audit_aux(const struct trace *t, const struct cell *c,
          const struct cell_series *s, struct capture *a, double *g)
{
	size_t m = 0, same = 0;

	for (size_t i = 0; t->e2e != NULL && i < c->requests; i++) {
		float e = t->e2e[c->rows[i]];
		if (s->ttft[i] == s->ttft[i] && isfinite(e)) {
			m++;
			same += s->ttft[i] >= 0.98 * (double)e;
		}
	}
	if (m >= 10) {
		a->ttft_is_e2e = (double)same / (double)m;
		a->state[CAP_STREAMING] = 2 * same > m ? CAP_FAIL : CAP_PASS;
	} else {
		a->state[CAP_STREAMING] = CAP_UNKNOWN;
		a->why[CAP_STREAMING] = "no end-to-end latencies in the input";
	}
	m = 0;
	for (size_t i = 0; t->in_tokens != NULL && i < c->requests; i++) {
		float k = t->in_tokens[c->rows[i]];
		if (s->ttft[i] == s->ttft[i] && isfinite(k))
			g[m++] = k;
	}
	if (m >= 10) {
		double mean, sd, med, lo, hi;
		size_t nl = 0, nh = 0;
		stats_mean_sd(g, m, &mean, &sd);
		a->tokens_cv = sd / mean;
		a->tokens_min = INFINITY;
		a->tokens_max = 0;
		for (size_t i = 0; i < m; i++) {
			a->tokens_min = fmin(a->tokens_min, g[i]);
			a->tokens_max = fmax(a->tokens_max, g[i]);
		}
		med = stats_quantile_select(g, m, 0.5);
		/* TTFTs of the shorter prompts from the front of g, of the
		 * longer from its back: nl + nh <= m <= c->requests */
		for (size_t i = 0; i < c->requests; i++) {
			float k = t->in_tokens[c->rows[i]];
			if (s->ttft[i] != s->ttft[i] || !isfinite(k) || k == med)
				continue;
			if (k > med)
				g[c->requests - 1 - nh++] = s->ttft[i];
			else
				g[nl++] = s->ttft[i];
		}
		if (nl > 0 && nh > 0) {
			lo = stats_quantile_select(g, nl, 0.5);
			hi = stats_quantile_select(g + c->requests - nh, nh, 0.5);
			a->ttft_long_short = hi / lo;
		}
		a->state[CAP_PROMPT] = a->tokens_cv > 0.10 ? CAP_FAIL : CAP_PASS;
	} else {
		a->state[CAP_PROMPT] = CAP_UNKNOWN;
		a->why[CAP_PROMPT] = "no input token counts in the input";
	}
}

/* Do the cell's requests come from production traces (an observability
 * tool's records), not a capture?  Its first and last rows' inputs say. */
static bool
from_production(const struct trace *t, const struct cell *c)
{
	if (c->requests == 0)
		return false;
	return t->sources[trace_row_source(t, c->rows[0])].production &&
	       t->sources[trace_row_source(t, c->rows[c->requests - 1])].production;
}

int
capture_audit_cell(const struct trace *t, struct cell *c,
                   const struct cell_series *s, double *g,
                   const struct capture_opts *o)
{
	struct capture *a = &c->capture;
	struct flight f = {NULL, 0, {NULL, 0, 0, false}};
	size_t n = 0, ng = 0, k, keep, step = 1;
	/* g (the caller's): the cell's gaps, and the workspace of the tests;
	 * x: the samples the tests run on */
	double *x;
	double first = INFINITY, last = -INFINITY;
	int from = o->peak_to > o->peak_from ? o->peak_from : 9;
	int to = o->peak_to > o->peak_from ? o->peak_to : 17;

	/* beyond CAP_TEST_N requests the warm-up and drift tests run on every
	 * k-th (after the first CAP_WARM_K, kept whole): the same question in
	 * time order, with power to spare, at a bounded sort */
	keep = c->d.n;
	if (keep > CAP_TEST_N) {
		step = (keep - CAP_WARM_K + CAP_TEST_N - 1) / CAP_TEST_N;
		keep = CAP_WARM_K + (keep - CAP_WARM_K + step - 1) / step;
	}
	if ((x = malloc((keep + 1) * sizeof *x)) == NULL)
		return ERR_NOMEM;
	memset(a, 0, sizeof *a);
	a->conc_median = a->conc_max = a->gap_median_s = a->within_1s = NAN;
	a->span_h = a->overlap = a->warm_p = a->drift_p = a->drift_ratio = NAN;
	a->top_value_share = a->tie_share = a->resolution_s = NAN;
	a->ttft_is_e2e = a->tokens_min = a->tokens_max = a->tokens_cv = NAN;
	a->ttft_long_short = NAN;
	audit_aux(t, c, s, a, g);
	a->timed = c->timed && c->requests > 0;
	a->state[CAP_SAMPLE] = c->d.n >= CAP_MIN_N ? CAP_PASS : CAP_FAIL;
	/* the time-ordered samples past the warm-up (every step-th past the
	 * first CAP_WARM_K) */
	for (size_t i = c->first_sample, seen = 0; i < c->requests && n < keep;
	     i++) {
		if (s->ttft[i] != s->ttft[i])
			continue;
		if (seen < CAP_WARM_K || (seen - CAP_WARM_K) % step == 0)
			x[n++] = s->ttft[i];
		seen++;
	}
	if (!a->timed) {
		for (int k2 = CAP_CONCURRENCY; k2 <= CAP_OVERLAP; k2++) {
			a->state[k2] = CAP_UNKNOWN;
			a->why[k2] = "no start times";
		}
		a->state[CAP_CLOCK] = CAP_UNKNOWN;
		a->why[CAP_CLOCK] = "no start times";
	} else {
		const double *st = s->start;
		/* in time order: the series is sorted */
		if (c->requests > 0) {
			first = st[0];
			last = st[c->requests - 1];
		}
		if (!in_flight(t, c, s, &f, &a->conc_exact)) {
			free(f.hist);
			free(f.win.w);
			free(x);
			return ERR_NOMEM;
		}
		for (k = f.nhist; k > 0 && f.hist[k - 1] == 0; k--)
			;
		a->conc_max = (double)(k ? k - 1 : 0);
		a->conc_median = hist_quantile(f.hist, f.nhist, c->requests, 0.5);
		free(f.hist);
		free(f.win.w);
		a->state[CAP_CONCURRENCY] = a->conc_max > 1 ? CAP_FAIL : CAP_PASS;
		a->span_h = (last - first) / 3600.0;
		a->wallclock = first >= CAP_EPOCH_MIN;
		a->state[CAP_CLOCK] = a->wallclock ? CAP_PASS : CAP_FAIL;
		if (!a->wallclock) {
			a->state[CAP_COVERAGE] = CAP_UNKNOWN;
			a->why[CAP_COVERAGE] = "start times are not wall-clock time (a "
			                       "monotonic clock): no time of day";
		} else {
			double slot_end = -INFINITY;
			int h = 0, d = 0;
			for (size_t i = 0; i < c->requests; i++) {
				/* every zone's offset is a multiple of 15 minutes, so
				 * the local hour holds within a 15-minute UTC slot
				 * (the starts ascend: a slot ends once) */
				if (st[i] >= slot_end) {
					local_time(o, st[i], &h, &d);
					/* the next multiple of 900 above st[i],
					 * whatever st[i] / 900 rounded to */
					slot_end = (floor(st[i] / 900.0) + 1) * 900.0;
					if (slot_end <= st[i])
						slot_end += 900.0;
					else if (slot_end - 900.0 > st[i])
						slot_end -= 900.0;
					a->hours |= 1u << h;
					a->days |= 1u << d;
					if (d == 0 || d == 6 || h < from || h >= to)
						a->offpeak = true;
				}
			}
			a->state[CAP_COVERAGE] = a->offpeak &&
			    last - first >= CAP_MIN_SPAN_S ? CAP_PASS : CAP_FAIL;
		}
		for (size_t i = 1; i < c->requests; i++)
			g[ng++] = st[i] - st[i - 1];
		if (ng > 0) {
			size_t close = 0;
			for (size_t i = 0; i < ng; i++)
				close += g[i] < CAP_MIN_GAP_S;
			a->gap_median_s = stats_quantile_select(g, ng, 0.5);
			a->within_1s = (double)close / (double)ng;
			a->state[CAP_SPACING] = 2 * close > ng ? CAP_FAIL : CAP_PASS;
		} else {
			a->state[CAP_SPACING] = CAP_UNKNOWN;
			a->why[CAP_SPACING] = "one request";
		}
	}
	/* warm-up: the first K against the rest */
	if (c->warmup_discarded > 0) {
		a->state[CAP_WARMUP] = CAP_PASS;
	} else if (n >= 3 * CAP_WARM_K) {
		double two, med[2];
		a->warm_p = mw_runs(x, CAP_WARM_K, x + CAP_WARM_K, n - CAP_WARM_K, g,
		                    &two, med);
		for (k = 0; k < CAP_WARM_K && x[k] > med[1]; k++)
			;
		a->warmup_suggested = k;
		a->state[CAP_WARMUP] = a->warm_p < CAP_ALPHA ? CAP_FAIL : CAP_PASS;
	} else {
		a->state[CAP_WARMUP] = CAP_UNKNOWN;
		a->why[CAP_WARMUP] = "fewer than 30 requests";
	}
	/* drift: first third against last third */
	if (n >= 30) {
		size_t th = n / 3;
		double med[2];
		mw_runs(x, th, x + n - th, th, g, &a->drift_p, med);
		a->drift_ratio = med[1] / med[0];
		a->state[CAP_DRIFT] = a->drift_p < CAP_ALPHA ? CAP_FAIL : CAP_PASS;
	} else {
		a->state[CAP_DRIFT] = CAP_UNKNOWN;
		a->why[CAP_DRIFT] = "fewer than 30 requests";
	}
	/* data quality, on the sorted sample */
	if (c->d.n >= 10) {
		size_t run = 1, best = 1, tied = 0;
		double res = INFINITY;
		for (size_t i = 1; i <= c->d.n; i++) {
			if (i < c->d.n && c->x[i] == c->x[i - 1]) {
				run++;
				continue;
			}
			if (run > best)
				best = run;
			if (run > 1)
				tied += run;
			if (i < c->d.n && c->x[i] - c->x[i - 1] < res)
				res = c->x[i] - c->x[i - 1];
			run = 1;
		}
		a->top_value_share = (double)best / (double)c->d.n;
		a->tie_share = (double)tied / (double)c->d.n;
		a->resolution_s = isfinite(res) ? res : NAN;
		a->state[CAP_SENTINEL] = 2 * best > c->d.n ? CAP_FAIL : CAP_PASS;
		a->state[CAP_RESOLUTION] = 2 * tied > c->d.n ? CAP_FAIL : CAP_PASS;
	} else {
		a->state[CAP_SENTINEL] = a->state[CAP_RESOLUTION] = CAP_UNKNOWN;
		a->why[CAP_SENTINEL] = a->why[CAP_RESOLUTION] = "fewer than 10 values";
	}
	a->production = from_production(t, c);
	if (a->production) {
		/* users' traffic overlaps and is not spaced by design, has no
		 * warm-up phase and no fixed prompt: those rules are about a
		 * capture.  Its time of day, drift, streaming and data quality
		 * are what it is good for, and are kept. */
		static const enum cap_check capture_only[] = {
			CAP_CONCURRENCY, CAP_SPACING, CAP_WARMUP, CAP_PROMPT};
		for (size_t j = 0; j < sizeof capture_only / sizeof capture_only[0];
		     j++) {
			a->state[capture_only[j]] = CAP_UNKNOWN;
			a->why[capture_only[j]] = "production traffic, not a capture";
		}
	}
	free(x);
	return 0;
}

/* cells by their first key (the model), ties by position */
struct by_model {
	uint32_t model;
	size_t at;
};

static int
cmp_by_model(const void *a, const void *b)
{
	const struct by_model *x = a, *y = b;

	if (x->model != y->model)
		return x->model < y->model ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

/* Cell a's least Jaccard overlap with the other cells of g[0..ng) (its
 * model's); +inf when there is none to compare with. */
static double
least_overlap(const struct trace *t, const struct cells *cs, size_t a,
              const struct by_model *g, size_t ng)
{
	const struct cell *ca = &cs->c[a];
	double a0 = t->start[ca->rows[0]], a1 = t->start[ca->rows[ca->requests - 1]];
	double least = INFINITY;

	for (size_t k = 0; k < ng; k++) {
		const struct cell *b = &cs->c[g[k].at];
		double b0, b1, inter, uni;
		if (g[k].at == a || !b->capture.timed)
			continue;
		b0 = t->start[b->rows[0]];
		b1 = t->start[b->rows[b->requests - 1]];
		inter = fmin(a1, b1) - fmax(a0, b0);
		uni = fmax(a1, b1) - fmin(a0, b0);
		least = fmin(least, uni > 0 ? fmax(inter, 0) / uni
		                            : (inter >= 0 ? 1 : 0));
	}
	return least;
}

/* the least Jaccard overlap of each cell's window with another cell's of
 * the same model (first key): the cells grouped by model first, so the
 * pairs compared are a model's providers, not all cells (a capture of
 * 1e5 cells has 1e10 pairs) */
static int
overlaps(const struct trace *t, struct cells *cs)
{
	struct by_model *g = malloc((cs->n ? cs->n : 1) * sizeof *g);

	if (g == NULL)
		return ERR_NOMEM;
	for (size_t i = 0; i < cs->n; i++)
		g[i] = (struct by_model){t->cells[cs->c[i].id].key[0], i};
	qsort(g, cs->n, sizeof *g, cmp_by_model);
	for (size_t lo = 0, hi; lo < cs->n; lo = hi) {
		for (hi = lo + 1; hi < cs->n && g[hi].model == g[lo].model; hi++)
			;
		for (size_t k = lo; k < hi; k++) {
			struct cell *a = &cs->c[g[k].at];
			double least;
			if (!a->capture.timed)
				continue;
			least = least_overlap(t, cs, g[k].at, g + lo, hi - lo);
			if (isfinite(least)) {
				a->capture.overlap = least;
				a->capture.state[CAP_OVERLAP] = least < 0.5 ? CAP_FAIL
				                                            : CAP_PASS;
			} else {
				a->capture.state[CAP_OVERLAP] = CAP_UNKNOWN;
				a->capture.why[CAP_OVERLAP] = "no other provider of the "
				                              "model";
			}
		}
	}
	free(g);
	return 0;
}

int
capture_audit_overlaps(const struct trace *t, struct cells *cs)
{
	return overlaps(t, cs);
}

struct ev {
	double start, end;
};

static int
by_start(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

int
capture_input(const struct trace *t, uint16_t src, struct capture_input *out)
{
	const struct trace_source *s = &t->sources[src];
	size_t lo = s->first_row;
	size_t hi = src + 1u < t->nsources ? t->sources[src + 1].first_row : t->n;
	size_t m = 0, nh;
	struct ev *ev = NULL;
	struct window win = {NULL, 0, 0, false};
	double first = INFINITY, last = -INFINITY, most = 0;
	double prev = -INFINITY;
	bool sorted = true;
	bool http = strcmp(s->format, "har") == 0 ||
	            (s->preset != NULL && (strncmp(s->preset, "k6", 2) == 0 ||
	                                   strncmp(s->preset, "jmeter", 6) == 0 ||
	                                   strcmp(s->preset, "locust") == 0));

	out->ttft_is = http ? "time to first byte (HTTP): a bound on the first "
	                      "token, not the first token" : "first token";
	/* Logs are mostly in start order: the rows are swept as they are,
	 * in one walk, and only a start out of order makes a sorted copy of
	 * (start, end) and sweeps that instead. */
	for (size_t r = lo; r < hi; r++) {
		double st = t->start[r], en;
		if (!isfinite(st))
			continue;
		if (st < prev) {
			sorted = false;
			break;
		}
		prev = st;
		if (st < first)
			first = st;
		last = st;
		m++;
		en = st + (trace_ok(t, r) ? t->ttft[r] : 0.0);
		if ((nh = window_step(&win, st, en)) == 0) {
			free(win.w);
			return ERR_NOMEM;
		}
		if ((double)nh > most)
			most = (double)nh;
	}
	if (!sorted) {
		size_t k = 0;
		m = 0;
		for (size_t r = lo; r < hi; r++)
			m += isfinite(t->start[r]) != 0;
		if ((ev = malloc((m + 1) * sizeof *ev)) == NULL) {
			free(win.w);
			return ERR_NOMEM;
		}
		for (size_t r = lo; r < hi; r++)
			if (isfinite(t->start[r])) {
				ev[k].start = t->start[r];
				ev[k].end = t->start[r] + (trace_ok(t, r) ? t->ttft[r] : 0.0);
				k++;
			}
		qsort(ev, m, sizeof *ev, by_start);
		window_reset(&win);
		most = 0;
		first = m ? ev[0].start : INFINITY;
		last = m ? ev[m - 1].start : -INFINITY;
		for (k = 0; k < m; k++) {
			if ((nh = window_step(&win, ev[k].start, ev[k].end)) == 0) {
				free(ev);
				free(win.w);
				return ERR_NOMEM;
			}
			if ((double)nh > most)
				most = (double)nh;
		}
	}
	out->clock = m == 0 ? "none" : first >= CAP_EPOCH_MIN ? "wall clock"
	                                                       : "monotonic";
	out->span_h = m ? (last - first) / 3600.0 : NAN;
	out->conc_max = m ? most : NAN;
	free(ev);
	free(win.w);
	return 0;
}
