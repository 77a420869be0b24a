#include "msg.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../ingest/utf8.h"

static bool quiet;

void
msg_set_quiet(bool q)
{
	quiet = q;
}

/* Messages carry file names and values from the input: whatever they
 * hold, no control or bidi character reaches the terminal (as '?'), and
 * broken UTF-8 is U+FFFD. */
static void
vmsg(const char *fmt, va_list ap)
{
	char raw[4096], clean[4096 * 3];

	vsnprintf(raw, sizeof raw, fmt, ap);
	utf8_clean(clean, sizeof clean, raw, strlen(raw), SIZE_MAX, 0,
	           UTF8_BIDI);
	fprintf(stderr, "ttftstat: %s\n", clean);
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
