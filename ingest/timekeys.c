/*
 * timekeys.c — hour, weekday and date of a start time.
 */
#include "timekeys.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "names.h"
#include "timeparse.h"
#include "tz.h"

enum timekey
timekey_of(const char *name, size_t len)
{
	if (names_is(name, len, "hour"))
		return TIMEKEY_HOUR;
	if (names_is(name, len, "weekday"))
		return TIMEKEY_WEEKDAY;
	if (names_is(name, len, "date"))
		return TIMEKEY_DATE;
	return TIMEKEY_NONE;
}

bool
timekeys_compute(const struct tz *z, double t, char text[4][16])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	                                   "Fri", "Sat"};
	time_t secs;
	struct tm tm;

	if (!isfinite(t) || fabs(t) > 1e13)
		return false;
	secs = (time_t)floor(t);
	if (z != NULL)
		secs += tz_offset(z, (int64_t)secs);
	if (gmtime_r(&secs, &tm) == NULL)
		return false;
	snprintf(text[TIMEKEY_HOUR], 16, "%02d", tm.tm_hour);
	snprintf(text[TIMEKEY_WEEKDAY], 16, "%s", days[tm.tm_wday % 7]);
	snprintf(text[TIMEKEY_DATE], 16, "%04d-%02d-%02d",
	         (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
	         tm.tm_mday % 100);
	return true;
}
