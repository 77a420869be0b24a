#include "field.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NUMBER_MAX_CHARS 320    /* longer "numbers" are refused, not parsed */

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

/* isdigit() without the locale table lookup: this runs for every number */
static inline bool
is_digit(char c)
{
	return (unsigned)(c - '0') < 10u;
}

/* Exact powers of ten: every one up to 1e22 is a double without rounding. */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
	1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* Eight ASCII bytes, first in the lowest byte: are they all digits? */
static inline bool
eight_digits(uint64_t v)
{
	/* '0'..'9' are 0x30..0x39: the high nibble is 3, and adding 6
	 * keeps it 3 only for a low nibble up to 9 */
	return ((v & UINT64_C(0xf0f0f0f0f0f0f0f0)) |
	        (((v + UINT64_C(0x0606060606060606)) &
	          UINT64_C(0xf0f0f0f0f0f0f0f0)) >> 4)) ==
	       UINT64_C(0x3333333333333333);
}

/* Their value, by pairing neighbours three times (no step can carry
 * into the next lane: 99, 9999 and 99999999 fit theirs). */
static inline uint64_t
eight_value(uint64_t v)
{
	v -= UINT64_C(0x3030303030303030);
	v = (v * 10 + (v >> 8)) & UINT64_C(0x00ff00ff00ff00ff);
	v = (v * 100 + (v >> 16)) & UINT64_C(0x0000ffff0000ffff);
	return (v & 0xffffffffu) * 10000 + (v >> 32);
}
#define HAVE_EIGHT_DIGITS 1
#endif

/* The digits from s[*i] on, into *mant (mod 2^64: the caller checks the
 * count); returns how many there were. */
static inline size_t
gather_digits(const char *s, size_t len, size_t *i, uint64_t *mant)
{
	size_t k = *i;
	uint64_t m = *mant;

#ifdef HAVE_EIGHT_DIGITS
	/* epoch times have ten or more digits: eight at a time */
	while (len - k >= 8) {
		uint64_t v;
		memcpy(&v, s + k, 8);
		if (!eight_digits(v))
			break;
		m = m * 100000000u + eight_value(v);
		k += 8;
	}
#endif
	while (k < len && is_digit(s[k])) {
		m = m * 10 + (uint64_t)(s[k] - '0');
		k++;
	}
	*mant = m;
	k -= *i;
	*i += k;
	return k;
}

/* The slow and rare way: strtod, after our own grammar check.  The
 * program never calls setlocale(), so strtod reads '.' as the decimal
 * point whatever the user's locale. */
static enum field_num
number_by_strtod(const char *s, size_t len, double *out)
{
	char buf[NUMBER_MAX_CHARS + 1];
	double v;

	memcpy(buf, s, len);
	buf[len] = '\0';
	v = strtod(buf, NULL);
	if (!isfinite(v))
		return FIELD_NUM_NONFINITE;
	*out = v;
	return FIELD_NUM_OK;
}

enum field_num
field_number(const char *s, size_t len, double *out)
{
	size_t i = 0, nint, nfrac = 0;
	bool neg = false, exact = true;
	uint64_t mant = 0;
	double v;

	field_trim(&s, &len);
	if (len == 0)
		return FIELD_NUM_EMPTY;
	if (!is_digit(s[0]) && s[0] != '.') {
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
	nint = gather_digits(s, len, &i, &mant);
	if (i < len && s[i] == '.') {
		i++;
		nfrac = gather_digits(s, len, &i, &mant);
	}
	if (nint + nfrac == 0)
		return FIELD_NUM_BAD;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		bool exp_digits = false;
		exact = false;                  /* rare: leave it to strtod */
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && is_digit(s[i])) {
			i++;
			exp_digits = true;
		}
		if (!exp_digits)
			return FIELD_NUM_BAD;
	}
	if (i != len)
		return FIELD_NUM_BAD;
	/* Clinger's fast path: a mantissa below 2^53 (19 digits cannot
	 * wrap) times or divided by an exact power of ten is one correctly
	 * rounded operation — the same double strtod gives. */
	if (exact && nint + nfrac <= 19 && mant < (UINT64_C(1) << 53) &&
	    nfrac <= 22) {
		v = nfrac > 0 ? (double)mant / pow10_exact[nfrac] : (double)mant;
		*out = neg ? -v : v;
		return FIELD_NUM_OK;
	}
	return number_by_strtod(s, len, out);
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
field_equals_nocase(const char *s, size_t len, const char *word)
{
	size_t wl = strlen(word);

	field_trim(&s, &len);
	if (len != wl)
		return false;
	for (size_t i = 0; i < len; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)word[i]))
			return false;
	return true;
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
