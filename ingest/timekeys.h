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

struct tz;

/* The three texts of epoch time t in zone z (NULL: UTC; tz.h); false
 * when t has none (out of range).  text[k] (k a timekey) receives at
 * most 16 bytes. */
bool timekeys_compute(const struct tz *z, double t, char text[4][16]);

#endif
