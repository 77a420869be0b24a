/*
 * timekeys.h — the group keys and filters computed from a start time:
 * hour ("07"), weekday ("Mon") and date ("2026-03-02"), in --tz.
 *
 * They stand in for a column of that name when the input has none, so
 * `--by model,hour` and `--split hour=9-17,0-8` work on any capture with
 * timestamps.
 */
#ifndef TTFT_TIMEKEYS_H
#define TTFT_TIMEKEYS_H

#include <stdbool.h>
#include <stddef.h>

enum timekey { TIMEKEY_NONE, TIMEKEY_HOUR, TIMEKEY_WEEKDAY, TIMEKEY_DATE };

/* Which derived key a name is (case-insensitive), or TIMEKEY_NONE. */
enum timekey timekey_of(const char *name, size_t len);

/* How --tz is applied: an offset in seconds east of UTC, or a zone name
 * through the C library. */
struct timekeys_zone {
	long offset;
	bool local;
};

/* "+02:00", "-0530", "UTC", "Z", or a zone name. */
void timekeys_zone_init(struct timekeys_zone *z, const char *tz);

/* The three texts of epoch time t; false when t has none (out of range).
 * text[k] (k a timekey) receives at most 16 bytes. */
bool timekeys_compute(const struct timekeys_zone *z, double t,
                      char text[4][16]);

#endif
