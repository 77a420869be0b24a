#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void
fmt_shortest(char *buf, size_t size, double x)
{
	for (int prec = 15; prec <= 17; prec++) {
		snprintf(buf, size, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

void
fmt_fixed(char *buf, size_t size, double x, int decimals)
{
	if (isnan(x))
		snprintf(buf, size, "\xe2\x80\x93");
	else
		snprintf(buf, size, "%.*f", decimals, x);
}

void
fmt_csv_number(FILE *fp, double x)
{
	char buf[40];

	if (isfinite(x)) {
		fmt_shortest(buf, sizeof buf, x);
		fputs(buf, fp);
	}
}
