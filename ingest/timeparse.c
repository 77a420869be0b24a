#include "timeparse.h"

#include <math.h>

#include "field.h"

/*
 * Days since 1970-01-01 of a proleptic Gregorian date.  The year is shifted
 * to start in March so the leap day is the last day of the shifted year; a
 * 400-year era has exactly 146097 days.
 */
long long
time_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;                                /* [0, 399] */
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;        /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

static bool
leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in_month(long long y, unsigned m)
{
	static const unsigned dim[12] = {31, 28, 31, 30, 31, 30,
	                                 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

/* Read exactly n digits at s[*i]; -1 if they are not all digits. */
static long
digits(const char *s, size_t len, size_t *i, size_t n)
{
	long v = 0;

	if (len - *i < n)
		return -1;
	for (size_t k = 0; k < n; k++) {
		char c = s[*i + k];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*i += n;
	return v;
}

double
time_epoch_seconds(double v, enum time_unit unit)
{
	double a = fabs(v);

	switch (unit) {
	case TIME_S: return v;
	case TIME_MS: return v / 1e3;
	case TIME_US: return v / 1e6;
	case TIME_NS: return v / 1e9;
	case TIME_AUTO: break;
	}
	if (a < 1e11)
		return v;
	if (a < 1e14)
		return v / 1e3;
	if (a < 1e17)
		return v / 1e6;
	return v / 1e9;
}

static int
parse_iso(const char *s, size_t len, double *out, bool *no_zone)
{
	size_t i = 0;
	long y, mo, d, h, mi, sec = 0;
	double frac = 0.0;
	long off = 0;

	y = digits(s, len, &i, 4);
	if (y < 0 || i >= len || s[i++] != '-')
		return -1;
	mo = digits(s, len, &i, 2);
	if (mo < 1 || mo > 12 || i >= len || s[i++] != '-')
		return -1;
	d = digits(s, len, &i, 2);
	if (d < 1 || (unsigned)d > days_in_month(y, (unsigned)mo))
		return -1;
	if (i >= len || (s[i] != 'T' && s[i] != 't' && s[i] != ' '))
		return -1;
	i++;
	h = digits(s, len, &i, 2);
	if (h < 0 || h > 23 || i >= len || s[i++] != ':')
		return -1;
	mi = digits(s, len, &i, 2);
	if (mi < 0 || mi > 59)
		return -1;
	if (i < len && s[i] == ':') {
		i++;
		sec = digits(s, len, &i, 2);
		/* 60 is a leap second; it is read as the next second. */
		if (sec < 0 || sec > 60)
			return -1;
		if (i < len && (s[i] == '.' || s[i] == ',')) {
			double scale = 0.1;
			size_t start = ++i;
			while (i < len && s[i] >= '0' && s[i] <= '9') {
				frac += (s[i] - '0') * scale;
				scale *= 0.1;
				i++;
			}
			if (i == start)
				return -1;
		}
	}
	*no_zone = false;
	if (i == len) {
		*no_zone = true;
	} else if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int sign = s[i++] == '-' ? -1 : 1;
		long oh = digits(s, len, &i, 2), om = 0;
		if (oh < 0 || oh > 23)
			return -1;
		if (i < len && s[i] == ':')
			i++;
		if (i < len) {
			om = digits(s, len, &i, 2);
			if (om < 0 || om > 59)
				return -1;
		}
		off = sign * (oh * 3600 + om * 60);
	} else {
		return -1;
	}
	if (i != len)
		return -1;
	*out = (double)(time_days_from_civil(y, (unsigned)mo, (unsigned)d) *
	                    86400LL +
	                h * 3600LL + mi * 60LL + sec - off) +
	       frac;
	return 0;
}

int
time_parse(const char *s, size_t len, enum time_unit unit, double *out,
           bool *no_zone)
{
	double v;

	field_trim(&s, &len);
	*no_zone = false;
	if (len >= 10 && s[4] == '-')
		return parse_iso(s, len, out, no_zone);
	if (field_number(s, len, &v) != FIELD_NUM_OK)
		return -1;
	*out = time_epoch_seconds(v, unit);
	return 0;
}
