#include "field.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX_CHARS 320    /* longer "numbers" are refused, not parsed */

void
field_trim(const char **s, size_t *len)
{
	const char *p = *s;
	size_t n = *len;

	while (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	*s = p;
	*len = n;
}

static bool
eq_nocase(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);

	if (len != wl)
		return false;
	for (size_t i = 0; i < len; i++)
		if (tolower((unsigned char)s[i]) != word[i])
			return false;
	return true;
}

/* Exact powers of ten: every one up to 1e22 is a double without rounding. */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

enum field_num
field_number(const char *s, size_t len, double *out)
{
	char buf[NUMBER_MAX_CHARS + 1];
	size_t i = 0;
	bool digits = false, neg = false;
	uint64_t mant = 0;
	int ndig = 0, exp10 = 0;
	bool exact = true;
	char *end;
	double v;

	field_trim(&s, &len);
	if (len == 0)
		return FIELD_NUM_EMPTY;
	if (!isdigit((unsigned char)s[0]) && s[0] != '.') {
		const char *w = s;
		size_t wl = len;
		if (w[0] == '+' || w[0] == '-') {
			w++;
			wl--;
		}
		if (eq_nocase(w, wl, "nan") || eq_nocase(w, wl, "inf") ||
		    eq_nocase(w, wl, "infinity"))
			return FIELD_NUM_NONFINITE;
	}
	if (len > NUMBER_MAX_CHARS)
		return FIELD_NUM_BAD;
	/* Validate the grammar ourselves (strtod alone would take hex,
	 * "infinity" and more), gathering the digits as we go. */
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	while (i < len && isdigit((unsigned char)s[i])) {
		if (ndig < 19) {
			mant = mant * 10 + (uint64_t)(s[i] - '0');
			if (mant)
				ndig++;
		} else {
			exact = false;
		}
		i++;
		digits = true;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && isdigit((unsigned char)s[i])) {
			if (ndig < 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				if (mant)
					ndig++;
				exp10--;
			} else {
				exact = false;
			}
			i++;
			digits = true;
		}
	}
	if (!digits)
		return FIELD_NUM_BAD;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		bool exp_digits = false;
		exact = false;                  /* rare: leave it to strtod */
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && isdigit((unsigned char)s[i])) {
			i++;
			exp_digits = true;
		}
		if (!exp_digits)
			return FIELD_NUM_BAD;
	}
	if (i != len)
		return FIELD_NUM_BAD;
	/* Clinger's fast path: a mantissa below 2^53 times or divided by an
	 * exact power of ten is one correctly rounded operation — the same
	 * double strtod gives. */
	if (exact && mant < (UINT64_C(1) << 53) && exp10 >= -22) {
		v = exp10 < 0 ? (double)mant / pow10_exact[-exp10] : (double)mant;
		*out = neg ? -v : v;
		return FIELD_NUM_OK;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	/* The program never calls setlocale(), so strtod reads '.' as the
	 * decimal point whatever the user's locale. */
	v = strtod(buf, &end);
	if (!isfinite(v))
		return FIELD_NUM_NONFINITE;
	*out = v;
	return FIELD_NUM_OK;
}

int
field_bool(const char *s, size_t len)
{
	static const char *const yes[] = {"true", "t", "yes", "y", "1", "ok",
	                                  "success", "succeeded", "pass", NULL};
	static const char *const no[] = {"false", "f", "no", "n", "0", "fail",
	                                 "failed", "failure", "error", NULL};

	field_trim(&s, &len);
	for (size_t i = 0; yes[i] != NULL; i++)
		if (eq_nocase(s, len, yes[i]))
			return 1;
	for (size_t i = 0; no[i] != NULL; i++)
		if (eq_nocase(s, len, no[i]))
			return 0;
	return -1;
}

bool
field_is_null(const char *s, size_t len)
{
	field_trim(&s, &len);
	if (len == 0)
		return true;
	if (s[0] != 'n' && s[0] != 'N')
		return false;                   /* the common case, at once */
	return eq_nocase(s, len, "null") || eq_nocase(s, len, "none") ||
	       eq_nocase(s, len, "nil");
}

bool
field_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t need;
		unsigned long cp, min;

		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			need = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			need = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			need = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= need)
			return false;
		for (size_t k = 1; k <= need; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* Overlong forms, surrogates and values past U+10FFFF are
		 * invalid UTF-8 (RFC 3629 section 3). */
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += need + 1;
	}
	return true;
}

double
field_unit_divisor(const char *unit)
{
	if (strcmp(unit, "s") == 0 || strcmp(unit, "sec") == 0)
		return 1.0;
	if (strcmp(unit, "ms") == 0)
		return 1e3;
	if (strcmp(unit, "us") == 0 || strcmp(unit, "\xc2\xb5s") == 0)
		return 1e6;
	if (strcmp(unit, "ns") == 0)
		return 1e9;
	return 0.0;
}

double
field_unit_from_name(const char *name)
{
	/* Longest suffixes first so "_ms" is not read as "_s". */
	static const struct {
		const char *suffix;
		double divisor;
	} units[] = {
		{"seconds", 1.0}, {"millis", 1e3}, {"micros", 1e6},
		{"nanos", 1e9}, {"sec", 1.0}, {"ms", 1e3}, {"us", 1e6},
		{"ns", 1e9}, {"s", 1.0},
	};
	char low[128];
	size_t n = strlen(name), k;

	if (n >= sizeof low)
		return 0.0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	/* "TTFT (ms)" and "ttft[ms]" */
	while (n > 0 && (low[n - 1] == ')' || low[n - 1] == ']' ||
	                 low[n - 1] == ' '))
		low[--n] = '\0';
	for (k = 0; k < sizeof units / sizeof units[0]; k++) {
		size_t sl = strlen(units[k].suffix);
		if (n > sl && strcmp(low + n - sl, units[k].suffix) == 0) {
			char sep = low[n - sl - 1];
			if (sep == '_' || sep == '-' || sep == ' ' || sep == '(' ||
			    sep == '[' || sep == '.')
				return units[k].divisor;
		}
	}
	return 0.0;
}
