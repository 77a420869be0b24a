#include "gates.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum gate_metric m;
	bool compare;                   /* a compare metric */
	bool time;                      /* takes a time unit */
} metrics[] = {
	{"min", G_MIN, false, true}, {"median", G_MEDIAN, false, true},
	{"p50", G_MEDIAN, false, true}, {"p90", G_P90, false, true},
	{"p95", G_P95, false, true}, {"p99", G_P99, false, true},
	{"max", G_MAX, false, true}, {"mean", G_MEAN, false, true},
	{"sd", G_SD, false, true}, {"cv", G_CV, false, false},
	{"cold_share", G_COLD_SHARE, false, false},
	{"errors", G_ERRORS, false, false}, {"n", G_N, false, false},
	{"tier", G_TIER, false, false},
	{"warm_median", G_WARM_MEDIAN, false, true},
	{"warm_p90", G_WARM_P90, false, true},
	{"warm_p95", G_WARM_P95, false, true},
	{"cold_median", G_COLD_MEDIAN, false, true},
	{"cold_p95", G_COLD_P95, false, true},
	{"concurrency", G_CONCURRENCY, false, false},
	{"span", G_SPAN, false, true},
	{"median_gap", G_MEDIAN_GAP, false, true},
	{"overlap", G_OVERLAP, false, false},
	{"median_pct", G_MEDIAN_PCT, true, false},
	{"p95_pct", G_P95_PCT, true, false},
	{"cv_pct_points", G_CV_PTS, true, false},
	{"cv_pts", G_CV_PTS, true, false},
	{"p_value", G_P_VALUE, true, false},
	{"p_adjusted", G_P_ADJ, true, false},
};

static int
bad(struct err *e, const char *text, size_t at, const char *what)
{
	return err_set(e, ERR_USAGE, "--fail-if '%s': at character %zu: %s",
	               text, at + 1, what);
}

int
gate_parse(const char *text, bool compare_metrics, struct gate *g,
           struct err *e)
{
	const char *s = text;
	size_t i = 0, len;
	int found = -1;
	char *end;

	memset(g, 0, sizeof *g);
	g->text = text;
	g->scale = 1.0;
	g->unit = "";
	while (isspace((unsigned char)s[i]))
		i++;
	if (compare_metrics && strcmp(s + i, "regression") == 0) {
		g->metric = G_REGRESSION;
		return 0;
	}
	len = strspn(s + i, "abcdefghijklmnopqrstuvwxyz_0123456789");
	for (size_t k = 0; k < sizeof metrics / sizeof metrics[0]; k++)
		if (strlen(metrics[k].name) == len &&
		    strncmp(metrics[k].name, s + i, len) == 0)
			found = (int)k;
	if (found < 0 || metrics[found].compare != compare_metrics)
		return bad(e, text, i, compare_metrics
		           ? "expected median_pct, p95_pct, cv_pct_points, p_value, "
		             "p_adjusted or regression"
		           : "expected a metric: median, p90, p95, p99, min, max, "
		             "mean, sd, cv, cold_share, errors, n, tier, warm_median, "
		             "warm_p90, warm_p95, cold_median, cold_p95, concurrency, "
		             "span, median_gap or overlap");
	g->metric = metrics[found].m;
	i += len;
	while (isspace((unsigned char)s[i]))
		i++;
	if (s[i] == '>' || s[i] == '<') {
		bool eq = s[i + 1] == '=';
		g->op = s[i] == '>' ? (eq ? GO_GE : GO_GT) : (eq ? GO_LE : GO_LT);
		i += eq ? 2 : 1;
	} else if (s[i] == '=') {
		g->op = GO_EQ;
		i += s[i + 1] == '=' ? 2 : 1;
	} else if (s[i] == '!' && s[i + 1] == '=') {
		g->op = GO_NE;
		i += 2;
	} else {
		return bad(e, text, i, "expected >, >=, <, <=, = or !=");
	}
	while (isspace((unsigned char)s[i]))
		i++;
	if (g->metric == G_TIER) {
		for (int t = TIER_WELL_SUPPORTED; t <= TIER_NOT_PRODUCTION_READY; t++)
			if (strcmp(s + i, stats_tier_name((enum tier)t)) == 0) {
				g->value = t;
				return 0;
			}
		return bad(e, text, i, "expected well-supported, variable, "
		           "cold-starts or not-production-ready");
	}
	if (!(isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == '-' ||
	      s[i] == '+'))
		return bad(e, text, i, "expected a number");
	g->value = strtod(s + i, &end);
	if (end == s + i || !isfinite(g->value))
		return bad(e, text, i, "expected a number");
	i = (size_t)(end - s);
	while (isspace((unsigned char)s[i]))
		i++;
	if (metrics[found].time) {
		static const struct {
			const char *u;
			double div;
		} units[] = {{"ms", 1e3}, {"us", 1e6}, {"ns", 1e9}, {"min", 1 / 60.0},
		             {"h", 1 / 3600.0}, {"s", 1}};
		bool unit = false;
		g->unit = "s";
		for (size_t k = 0; k < 6 && !unit; k++)
			if (strncmp(s + i, units[k].u, strlen(units[k].u)) == 0) {
				g->value /= units[k].div;
				g->scale = units[k].div;
				g->unit = units[k].u;
				i += strlen(units[k].u);
				unit = true;
			}
	} else if (s[i] == '%') {
		g->unit = "%";
		if (g->metric == G_COLD_SHARE) {
			g->value /= 100.0;
			g->scale = 100.0;
		} else if (g->metric == G_ERRORS)
			g->percent = true;
		else if (g->metric != G_CV && g->metric != G_MEDIAN_PCT &&
		         g->metric != G_P95_PCT && g->metric != G_CV_PTS)
			return bad(e, text, i, "this metric takes no %");
		i++;
	}
	while (isspace((unsigned char)s[i]))
		i++;
	if (s[i] != '\0')
		return bad(e, text, i, metrics[found].time
		           ? "expected the end, or a unit s, ms, us, ns, min or h"
		           : "expected the end");
	return 0;
}

static bool
holds(enum gate_op op, double a, double b)
{
	if (isnan(a))
		return false;
	switch (op) {
	case GO_GT: return a > b;
	case GO_GE: return a >= b;
	case GO_LT: return a < b;
	case GO_LE: return a <= b;
	case GO_EQ: return a == b;
	case GO_NE: return a != b;
	}
	return false;
}

static struct gate_check
check(const struct gate *g, double v)
{
	struct gate_check c;

	c.tripped = holds(g->op, v, g->value);
	c.observed = v * g->scale;
	c.limit = g->value * g->scale;
	return c;
}

/* The p-quantile of the requests the mixture calls cold (or warm). */
static double
part_quantile(const struct cell *c, bool cold, double p)
{
	double *y;
	size_t m = 0;
	double q;

	if (!c->mix.fitted || (cold && !c->mix.bimodal) || c->d.n == 0)
		return NAN;
	if ((y = malloc(c->d.n * sizeof *y)) == NULL)
		return NAN;
	for (size_t i = 0; i < c->d.n; i++)      /* ascending stays ascending */
		if (mix_is_cold(&c->mix, c->x[i]) == cold)
			y[m++] = c->x[i];
	q = m ? stats_quantile(y, m, p) : NAN;
	free(y);
	return q;
}

struct gate_check
gate_check_cell(const struct gate *g, const struct cell *c)
{
	const struct describe *d = &c->d;
	double v = NAN;

	switch (g->metric) {
	case G_MIN: v = d->min; break;
	case G_MEDIAN: v = d->median; break;
	case G_P90: v = d->p90; break;
	case G_P95: v = d->p95; break;
	case G_P99: v = d->p99; break;
	case G_MAX: v = d->max; break;
	case G_MEAN: v = d->mean; break;
	case G_SD: v = d->sd; break;
	case G_CV: v = d->cv_pct; break;
	case G_COLD_SHARE: v = c->mix.fitted ? c->mix.cold_share : NAN; break;
	case G_ERRORS:
		v = g->percent ? (c->requests ? 100.0 * c->error_rate : NAN)
		               : (double)c->errors;
		break;
	case G_N: v = (double)d->n; break;
	case G_TIER: v = d->tier == TIER_NONE ? NAN : (double)d->tier; break;
	case G_WARM_MEDIAN: v = part_quantile(c, false, 0.5); break;
	case G_WARM_P90: v = part_quantile(c, false, 0.9); break;
	case G_WARM_P95: v = part_quantile(c, false, 0.95); break;
	case G_COLD_MEDIAN: v = part_quantile(c, true, 0.5); break;
	case G_COLD_P95: v = part_quantile(c, true, 0.95); break;
	case G_CONCURRENCY: v = c->capture.conc_max; break;
	case G_SPAN: v = 3600.0 * c->capture.span_h; break;
	case G_MEDIAN_GAP: v = c->capture.gap_median_s; break;
	case G_OVERLAP: v = c->capture.overlap; break;
	default: break;
	}
	return check(g, v);
}

struct gate_check
gate_check_cmp(const struct gate *g, const struct cmp_cell *c)
{
	struct gate_check r;

	switch (g->metric) {
	case G_REGRESSION:
		r.tripped = c->regression;
		r.observed = c->base && c->nw ? (c->regression ? 1 : 0) : NAN;
		r.limit = NAN;
		return r;
	case G_MEDIAN_PCT: return check(g, c->d_median_pct);
	case G_P95_PCT: return check(g, c->d_p95_pct);
	case G_CV_PTS: return check(g, c->d_cv_pts);
	case G_P_VALUE: return check(g, c->p);
	case G_P_ADJ: return check(g, c->p_adj);
	default: return check(g, NAN);
	}
}

bool
gate_trips_cell(const struct gate *g, const struct cell *c)
{
	return gate_check_cell(g, c).tripped;
}

bool
gate_trips_cmp(const struct gate *g, const struct cmp_cell *c)
{
	return gate_check_cmp(g, c).tripped;
}

const char *
gate_op_text(enum gate_op op)
{
	static const char *const text[] = {">", ">=", "<", "<=", "=", "!="};

	return text[op];
}
