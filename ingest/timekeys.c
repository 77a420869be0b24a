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

void
timekeys_zone_init(struct timekeys_zone *z, const char *tz)
{
	bool nz;
	double t0;
	char iso[48];

	z->offset = 0;
	z->local = false;
	if (tz == NULL || strcmp(tz, "UTC") == 0 || strcmp(tz, "Z") == 0)
		return;
	snprintf(iso, sizeof iso, "1970-01-01T00:00:00%s", tz);
	if (time_parse(iso, strlen(iso), TIME_AUTO, &t0, &nz) == 0 && !nz)
		z->offset = (long)-t0;
	else
		z->local = true;        /* TZ was set from --tz */
}

bool
timekeys_compute(const struct timekeys_zone *z, double t, char text[4][16])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu",
	                                   "Fri", "Sat"};
	time_t secs;
	struct tm tm;

	if (!isfinite(t) || fabs(t) > 1e13)
		return false;
	secs = (time_t)floor(t);
	if (z->local ? localtime_r(&secs, &tm) == NULL
	             : (secs += z->offset, gmtime_r(&secs, &tm) == NULL))
		return false;
	snprintf(text[TIMEKEY_HOUR], 16, "%02d", tm.tm_hour);
	snprintf(text[TIMEKEY_WEEKDAY], 16, "%s", days[tm.tm_wday % 7]);
	snprintf(text[TIMEKEY_DATE], 16, "%04d-%02d-%02d",
	         (tm.tm_year + 1900) % 10000, (tm.tm_mon + 1) % 100,
	         tm.tm_mday % 100);
	return true;
}
