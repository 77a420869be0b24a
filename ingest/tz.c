/*
 * tz.c — TZif files (RFC 8536, version 2 and later: the 64-bit data) and
 * POSIX TZ rules (POSIX.1-2017, section 8.3, with RFC 8536's extension of
 * rule times to -167..167 hours).
 */
#include "tz.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One end of daylight time: a date form and a local time of day. */
struct rule_date {
	char kind;                      /* 'J' (1..365, no Feb 29), 'D'
	                                   (0..365), 'M' (month.week.day) */
	int day, week, month;
	long secs;                      /* local time of the change */
};

struct rule {
	bool have, dst;
	long std_off, dst_off;          /* seconds east of UTC */
	struct rule_date start, end;
};

struct tz {
	size_t n;                       /* transitions */
	int64_t *at;                    /* their instants, ascending */
	long *off;                      /* the offset from each on */
	long before;                    /* the offset before the first */
	struct rule footer;             /* after the last (or always, n == 0) */
};

void
tz_free(struct tz *z)
{
	if (z == NULL)
		return;
	free(z->at);
	free(z->off);
	free(z);
}

/* ==== POSIX TZ rules ==== */

/* [+-]hh[:mm[:ss]], hours up to max; returns the characters used, 0 if
 * none. */
static size_t
parse_hms(const char *s, int max_hours, long *out)
{
	size_t i = 0;
	int sign = 1;
	long h = 0, m = 0, sec = 0;

	if (s[i] == '+' || s[i] == '-')
		sign = s[i++] == '-' ? -1 : 1;
	if (!isdigit((unsigned char)s[i]))
		return 0;
	while (isdigit((unsigned char)s[i]) && h <= max_hours)
		h = h * 10 + (s[i++] - '0');
	if (h > max_hours)
		return 0;
	if (s[i] == ':') {
		if (!isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]))
			return 0;
		m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
		i += 3;
		if (s[i] == ':') {
			if (!isdigit((unsigned char)s[i + 1]) ||
			    !isdigit((unsigned char)s[i + 2]))
				return 0;
			sec = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
			i += 3;
		}
	}
	if (m > 59 || sec > 59)
		return 0;
	*out = sign * (h * 3600 + m * 60 + sec);
	return i;
}

/* A zone abbreviation: 3 or more letters, or <...> of letters, digits,
 * + and -. */
static size_t
parse_name(const char *s)
{
	size_t i = 0;

	if (s[0] == '<') {
		for (i = 1; s[i] && s[i] != '>'; i++)
			if (!isalnum((unsigned char)s[i]) && s[i] != '+' && s[i] != '-')
				return 0;
		return s[i] == '>' && i >= 4 ? i + 1 : 0;
	}
	while (isalpha((unsigned char)s[i]))
		i++;
	return i >= 3 ? i : 0;
}

static size_t
parse_int(const char *s, int lo, int hi, int *out)
{
	size_t i = 0;
	long v = 0;

	while (isdigit((unsigned char)s[i]) && v <= hi)
		v = v * 10 + (s[i++] - '0');
	if (i == 0 || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return i;
}

static size_t
parse_date(const char *s, struct rule_date *d)
{
	size_t i = 0, k;

	memset(d, 0, sizeof *d);
	d->secs = 7200;                 /* 02:00 unless said */
	if (s[0] == 'J') {
		d->kind = 'J';
		if ((k = parse_int(s + 1, 1, 365, &d->day)) == 0)
			return 0;
		i = 1 + k;
	} else if (s[0] == 'M') {
		d->kind = 'M';
		i = 1;
		if ((k = parse_int(s + i, 1, 12, &d->month)) == 0 || s[i + k] != '.')
			return 0;
		i += k + 1;
		if ((k = parse_int(s + i, 1, 5, &d->week)) == 0 || s[i + k] != '.')
			return 0;
		i += k + 1;
		if ((k = parse_int(s + i, 0, 6, &d->day)) == 0)
			return 0;
		i += k;
	} else {
		d->kind = 'D';
		if ((k = parse_int(s, 0, 365, &d->day)) == 0)
			return 0;
		i = k;
	}
	if (s[i] == '/') {
		if ((k = parse_hms(s + i + 1, 167, &d->secs)) == 0)
			return 0;
		i += 1 + k;
	}
	return i;
}

static bool
parse_rule(const char *s, struct rule *r)
{
	size_t i, k;
	long off;

	memset(r, 0, sizeof *r);
	if ((i = parse_name(s)) == 0 || (k = parse_hms(s + i, 24, &off)) == 0)
		return false;
	i += k;
	r->std_off = -off;              /* POSIX counts west of Greenwich */
	r->have = true;
	if (s[i] == '\0')
		return true;
	if ((k = parse_name(s + i)) == 0)
		return false;
	i += k;
	r->dst = true;
	r->dst_off = r->std_off + 3600;
	if (s[i] != ',' && s[i] != '\0') {
		if ((k = parse_hms(s + i, 24, &off)) == 0)
			return false;
		r->dst_off = -off;
		i += k;
	}
	if (s[i] == '\0') {
		/* no rule: POSIX leaves it to the implementation; the US rule
		 * since 2007 is what glibc assumes */
		parse_date("M3.2.0", &r->start);
		parse_date("M11.1.0", &r->end);
		return true;
	}
	if (s[i] != ',' || (k = parse_date(s + i + 1, &r->start)) == 0)
		return false;
	i += 1 + k;
	if (s[i] != ',' || (k = parse_date(s + i + 1, &r->end)) == 0)
		return false;
	i += 1 + k;
	return s[i] == '\0';
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's
 * days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool
leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : len[m - 1];
}

/* The local midnight of the rule date in year y, as days since epoch. */
static int64_t
rule_day(const struct rule_date *d, int64_t y)
{
	int64_t jan1 = days_from_civil(y, 1, 1);

	if (d->kind == 'J')             /* Feb 29 is never counted */
		return jan1 + d->day - 1 + (leap(y) && d->day >= 60);
	if (d->kind == 'D')
		return jan1 + d->day;
	{
		int64_t first = days_from_civil(y, d->month, 1);
		/* weekday of the 1st: 1970-01-01 was a Thursday (4) */
		int wd = (int)(((first % 7) + 7 + 4) % 7);
		int64_t day = first + (d->day - wd + 7) % 7 + 7 * (d->week - 1);
		while (day >= first + month_days(y, d->month))
			day -= 7;               /* week 5: the last one */
		return day;
	}
}

/* The year of a Unix instant (UTC). */
static int64_t
year_of(int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t y = 1970 + days / 366;

	while (days_from_civil(y + 1, 1, 1) <= days)
		y++;
	while (days_from_civil(y, 1, 1) > days)
		y--;
	return y;
}

static long
rule_offset(const struct rule *r, int64_t t)
{
	int64_t y;

	if (!r->dst)
		return r->std_off;
	y = year_of(t + r->std_off);
	/* the change into DST is at local standard time, out of it at local
	 * daylight time */
	for (int64_t yy = y - 1; yy <= y + 1; yy++) {
		int64_t start = rule_day(&r->start, yy) * 86400 + r->start.secs -
		                r->std_off;
		int64_t end = rule_day(&r->end, yy) * 86400 + r->end.secs -
		              r->dst_off;
		if (start < end) {      /* northern: DST inside the year */
			if (t >= start && t < end)
				return r->dst_off;
		} else if (yy == y) {   /* southern: DST across the new year */
			if (t >= start || t < end)
				return r->dst_off;
		}
	}
	return r->std_off;
}

int
tz_from_rule(const char *rule, struct tz **out, struct err *e)
{
	struct tz *z = calloc(1, sizeof *z);

	*out = NULL;
	if (z == NULL)
		return err_nomem(e);
	if (!parse_rule(rule, &z->footer)) {
		free(z);
		return err_set(e, ERR_USAGE, "'%s' is not a POSIX TZ rule", rule);
	}
	*out = z;
	return 0;
}

/* ==== TZif ==== */

static int64_t
be(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

struct header {
	uint32_t isut, isstd, leap, time, type, chars;
};

static bool
read_header(const unsigned char *p, size_t n, struct header *h)
{
	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return false;
	h->isut = (uint32_t)be(p + 20, 4);
	h->isstd = (uint32_t)be(p + 24, 4);
	h->leap = (uint32_t)be(p + 28, 4);
	h->time = (uint32_t)be(p + 32, 4);
	h->type = (uint32_t)be(p + 36, 4);
	h->chars = (uint32_t)be(p + 40, 4);
	return h->type > 0 && h->type < 256 && h->time < 100000 &&
	       h->leap < 100000 && h->chars < 100000 && h->isut < 256 &&
	       h->isstd < 256;
}

static size_t
data_size(const struct header *h, size_t tsize)
{
	return (size_t)h->time * (tsize + 1) + (size_t)h->type * 6 + h->chars +
	       (size_t)h->leap * (tsize + 4) + h->isstd + h->isut;
}

static int
parse_tzif(const unsigned char *p, size_t n, struct tz *z)
{
	struct header h;
	size_t off, tsize = 8;
	const unsigned char *times, *idx, *types;

	if (!read_header(p, n, &h))
		return -1;
	off = 44;
	if (p[4] >= '2') {
		/* skip the version 1 data: the 64-bit block follows */
		off += data_size(&h, 4);
		if (off > n || !read_header(p + off, n - off, &h))
			return -1;
		off += 44;
	} else {
		tsize = 4;
	}
	if (off + data_size(&h, tsize) > n)
		return -1;
	times = p + off;
	idx = times + (size_t)h.time * tsize;
	types = idx + h.time;
	z->n = h.time;
	z->at = malloc((z->n ? z->n : 1) * sizeof *z->at);
	z->off = malloc((z->n ? z->n : 1) * sizeof *z->off);
	if (z->at == NULL || z->off == NULL)
		return -2;
	for (size_t i = 0; i < z->n; i++) {
		unsigned k = idx[i];
		if (k >= h.type)
			return -1;
		z->at[i] = be(times + i * tsize, tsize);
		z->off[i] = (long)be(types + k * 6, 4);
		if (i > 0 && z->at[i] <= z->at[i - 1])
			return -1;
	}
	/* RFC 8536 3.2: before the first transition, time type 0 */
	z->before = (long)be(types, 4);
	off += data_size(&h, tsize);
	if (tsize == 8 && off < n && p[off] == '\n') {
		const unsigned char *end = memchr(p + off + 1, '\n', n - off - 1);
		char rule[256];
		size_t len = end ? (size_t)(end - (p + off + 1)) : 0;
		if (end != NULL && len > 0 && len < sizeof rule) {
			memcpy(rule, p + off + 1, len);
			rule[len] = '\0';
			if (!parse_rule(rule, &z->footer))
				return -1;
		}
	}
	return 0;
}

/* A zone name: letters, digits, '_', '-', '+', '/' in parts that are not
 * "." or "..", and no leading '/': it stays inside the tz database. */
static bool
zone_name_ok(const char *s)
{
	if (s[0] == '\0' || s[0] == '/' || strlen(s) > 200)
		return false;
	for (const char *p = s; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("_-+/", *p))
			return false;
	return strstr(s, "//") == NULL && s[strlen(s) - 1] != '/';
}

static int
load_file(const char *name, struct tz *z, struct err *e)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	unsigned char *buf;
	size_t n = 0, cap = 1 << 16;
	FILE *fp;
	int rc;

	if (dir == NULL || dir[0] == '\0')
		dir = "/usr/share/zoneinfo";
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if ((fp = fopen(path, "rb")) == NULL) {
		int saved = errno;
		struct stat sb;
		if (saved == ENOENT && stat(dir, &sb) != 0)
			return err_set(e, ERR_USAGE, "--tz '%s': there is no tz database "
			               "at %s (Debian: apt-get install tzdata; or set "
			               "TZDIR)", name, dir);
		return err_set(e, ERR_USAGE, "--tz '%s' is not a time zone: %s",
		               name, saved == ENOENT ? "the tz database has no such "
		               "zone (UTC, an offset such as +02:00, or a name such as "
		               "Europe/Paris)" : strerror(saved));
	}
	if ((buf = malloc(cap)) == NULL) {
		fclose(fp);
		return err_nomem(e);
	}
	/* zone files are a few kilobytes; more is not one */
	n = fread(buf, 1, cap, fp);
	fclose(fp);
	rc = n < cap ? parse_tzif(buf, n, z) : -1;
	free(buf);
	if (rc == -2)
		return err_nomem(e);
	if (rc != 0)
		return err_set(e, ERR_USAGE, "--tz '%s': %s is not a TZif zone file",
		               name, path);
	return 0;
}

int
tz_load(const char *spec, struct tz **out, struct err *e)
{
	struct tz *z;
	int rc;

	*out = NULL;
	if ((z = calloc(1, sizeof *z)) == NULL)
		return err_nomem(e);
	z->footer.have = true;
	if (spec == NULL || strcmp(spec, "UTC") == 0 || strcmp(spec, "Z") == 0) {
		*out = z;
		return 0;
	}
	if (spec[0] == '+' || spec[0] == '-') {
		/* +hh, +hhmm, +hh:mm, within UTC-12 .. UTC+14 */
		const char *s = spec + 1;
		size_t len = strlen(s);
		int h, m = 0;
		bool ok = false;
		if (len == 2 && isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]))
			ok = sscanf(s, "%2d", &h) == 1;
		else if (len == 4 && strspn(s, "0123456789") == 4)
			ok = sscanf(s, "%2d%2d", &h, &m) == 2;
		else if (len == 5 && s[2] == ':' && strspn(s, "0123456789:") == 5)
			ok = sscanf(s, "%2d:%2d", &h, &m) == 2;
		if (!ok || m > 59 || h * 60 + m > (spec[0] == '+' ? 14 * 60 : 12 * 60)) {
			free(z);
			return err_set(e, ERR_USAGE, "--tz '%s' is not an offset from "
			               "-12:00 to +14:00 (as +02:00, +0530 or -05)", spec);
		}
		z->footer.std_off = (spec[0] == '-' ? -1 : 1) * (h * 3600L + m * 60L);
		*out = z;
		return 0;
	}
	if (!zone_name_ok(spec)) {
		free(z);
		return err_set(e, ERR_USAGE, "--tz '%s' is not a time zone (UTC, an "
		               "offset such as +02:00, or a name such as "
		               "Europe/Paris)", spec);
	}
	z->footer.have = false;
	if ((rc = load_file(spec, z, e)) != 0) {
		tz_free(z);
		return rc;
	}
	*out = z;
	return 0;
}

long
tz_offset(const struct tz *z, int64_t t)
{
	size_t lo = 0, hi;

	if (z->n == 0 || t >= z->at[z->n - 1]) {
		if (z->footer.have)
			return rule_offset(&z->footer, t);
		return z->n ? z->off[z->n - 1] : z->before;
	}
	if (t < z->at[0])
		return z->before;
	hi = z->n - 1;                  /* at[lo] <= t < at[hi] */
	while (hi - lo > 1) {
		size_t m = lo + (hi - lo) / 2;
		if (z->at[m] <= t)
			lo = m;
		else
			hi = m;
	}
	return z->off[lo];
}
