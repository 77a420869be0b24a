#include "err.h"

#include <stdarg.h>
#include <stdio.h>

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (e == NULL)
		return code;
	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	va_end(ap);
	return code;
}

int
err_nomem(struct err *e)
{
	return err_set(e, ERR_NOMEM, "out of memory");
}
