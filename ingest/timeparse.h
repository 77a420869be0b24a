/*
 * timeparse.h — timestamps to seconds since the Unix epoch.
 *
 * Two spellings are accepted:
 *   - a number: epoch seconds, milliseconds, microseconds or nanoseconds,
 *     told apart by magnitude unless the caller fixes the unit
 *     (|x| < 1e11 s, < 1e14 ms, < 1e17 us, else ns: 1e11 s is the year
 *     5138, 1e11 ms is 1973, so real captures are never ambiguous);
 *   - ISO 8601 / RFC 3339: YYYY-MM-DD, then 'T', 't' or a space,
 *     hh:mm[:ss[.fraction]], then 'Z', +hh:mm, +hhmm, +hh or nothing.
 * A timestamp without a zone is read as UTC and reported through *no_zone
 * so the caller can warn once.
 */
#ifndef TTFT_TIMEPARSE_H
#define TTFT_TIMEPARSE_H

#include <stdbool.h>
#include <stddef.h>

enum time_unit { TIME_AUTO = 0, TIME_S, TIME_MS, TIME_US, TIME_NS };

/* 0 on success; -1 if (s, len) is not a timestamp. */
int time_parse(const char *s, size_t len, enum time_unit unit, double *out,
               bool *no_zone);

/* Seconds from the epoch to 00:00 UTC of the given proleptic Gregorian
 * date (month 1-12).  Exposed for tests. */
long long time_days_from_civil(long long y, unsigned m, unsigned d);

/* Scale an epoch number by unit (TIME_AUTO decides from magnitude). */
double time_epoch_seconds(double v, enum time_unit unit);

#endif
