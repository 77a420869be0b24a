#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

static bool quiet;

void
msg_set_quiet(bool q)
{
	quiet = q;
}

static void
vmsg(const char *fmt, va_list ap)
{
	fputs("ttftstat: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void
msg_warn(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}
