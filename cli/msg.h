/*
 * msg.h — the one place ttftstat talks to the user on stderr.
 *
 * Every line starts with "ttftstat: " and ends with a newline added here;
 * callers pass the problem first, lower case, no full stop (git's
 * CodingGuidelines).  msg_warn() is silenced by -q; msg_error() never is.
 */
#ifndef TTFT_MSG_H
#define TTFT_MSG_H

#include <stdbool.h>

void msg_set_quiet(bool quiet);

void msg_error(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

void msg_warn(const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 1, 2)))
#endif
	;

#endif
