/*
 * field.h — turning one field of text into a typed value.
 *
 * Every parser (CSV now, msgpack/JSON later) hands field bytes here, so a
 * number, a boolean or a unit means the same whatever the format.  Inputs
 * are (pointer, length) and need not be NUL-terminated.
 */
#ifndef TTFT_FIELD_H
#define TTFT_FIELD_H

#include <stdbool.h>
#include <stddef.h>

enum field_num {
	FIELD_NUM_OK,
	FIELD_NUM_EMPTY,        /* nothing but spaces */
	FIELD_NUM_BAD,          /* not a decimal number */
	FIELD_NUM_NONFINITE     /* nan, inf, or overflows a double */
};

/*
 * Parse a plain decimal number: optional sign, digits with an optional
 * fraction, optional exponent, surrounding spaces allowed.  Hex floats and
 * C's "infinity" spellings are refused on purpose: a TTFT column holding
 * them is a broken column, not data.  "nan"/"inf" (any case) are reported
 * as FIELD_NUM_NONFINITE so the message can say so.
 */
enum field_num field_number(const char *s, size_t len, double *out);

/* 1 for true/yes/y/t/1/ok/success, 0 for false/no/n/f/0/fail, -1 otherwise. */
int field_bool(const char *s, size_t len);

/* True for a blank field or one spelled null, none or nil (any case). */
bool field_is_null(const char *s, size_t len);
/* Is the field (trimmed) this word, ignoring case? */
bool field_equals_nocase(const char *s, size_t len, const char *word);

/*
 * Units are carried as divisors, units per second (s 1, ms 1e3, us 1e6,
 * ns 1e9): every divisor is an exact double, so x / divisor is the
 * correctly rounded number of seconds, as numpy's x / 1000 is.
 */

/* Divisor of a unit name: s, ms, us (or µs), ns.  0 if unknown. */
double field_unit_divisor(const char *unit);

/*
 * Divisor implied by a column name's suffix ("ttft_ms" -> 1e3, "TTFT (s)"
 * -> 1, "latency_us" -> 1e6); 0 when the name carries no unit.
 */
double field_unit_from_name(const char *name);

/* Trim spaces and tabs from both ends of (s, len), in place.  Inline:
 * it runs several times for every record. */
static inline void
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

#endif
