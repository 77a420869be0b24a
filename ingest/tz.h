/*
 * tz.h — the time zone of --tz, read without touching the environment.
 *
 * The C library can only apply a named zone through the process-wide TZ
 * variable (setenv + tzset), which every thread then sees and which a
 * bad name silently turns into UTC.  Instead a zone is read here from its
 * TZif file (RFC 8536) in the system's tz database — $TZDIR, else
 * /usr/share/zoneinfo — with the POSIX TZ rule of its footer for the
 * years past its last transition.  A fixed offset ("+02:00", "-0530"),
 * "UTC" and "Z" need no file.
 */
#ifndef TTFT_TZ_H
#define TTFT_TZ_H

#include <stdint.h>

#include "err.h"

struct tz;

/* The zone spec names: 0, or ERR_USAGE saying why it names none (an
 * offset out of range, a name with no zone file, a file that is not
 * TZif), or ERR_NOMEM.  NULL spec: UTC. */
int tz_load(const char *spec, struct tz **out, struct err *e);
void tz_free(struct tz *z);

/* Seconds east of UTC in the zone at the instant t (Unix seconds). */
long tz_offset(const struct tz *z, int64_t t);

/* A POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") as a zone, for tests:
 * the same ERR_USAGE when it is not one. */
int tz_from_rule(const char *rule, struct tz **out, struct err *e);

#endif
