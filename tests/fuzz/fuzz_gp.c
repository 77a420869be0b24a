/* fuzz_gp.c — the gnuplot writer: any bytes as a name.
 *
 * What the quoted literal holds must be inert (only letters, digits,
 * spaces, backslashes and its two quotes), it must decode — the way
 * gnuplot 5.4 reads "\0ooo" escapes — to exactly gp_sanitise's text, and
 * that text must be what a figure may show: valid UTF-8, no control
 * character, no line or paragraph separator, at most the cap.  The tic
 * variant must decode to the same text once its %% are read as %.
 * tests/test_labels.c checks the decoding against gnuplot itself. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../ingest/field.h"
#include "../../ingest/utf8.h"
#include "../../plots/gp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* gnuplot's reading of a double-quoted literal: \0 and up to three octal
 * digits more is one byte; ttftstat writes no other escape. */
static size_t
decode(const char *q, char *out)
{
	size_t n = strlen(q), o = 0;

	if (n < 2 || q[0] != '"' || q[n - 1] != '"')
		abort();
	for (size_t i = 1; i + 1 < n; i++) {
		if (q[i] == '"')
			abort();                /* the literal would end here */
		if (q[i] != '\\') {
			out[o++] = q[i];
			continue;
		}
		if (q[i + 1] != '0')
			abort();
		unsigned v = 0;
		size_t k = i + 2;
		for (; k < i + 5 && q[k] >= '0' && q[k] <= '7'; k++)
			v = v * 8 + (unsigned)(q[k] - '0');
		if (k != i + 5 || v == 0 || v > 255)
			abort();                /* always three digits, never NUL */
		out[o++] = (char)v;
		i = k - 1;
	}
	out[o] = '\0';
	return o;
}

static void
check_clean(const char *s, size_t n)
{
	size_t chars = 0;

	if (!utf8_valid(s, n))
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			abort();
		if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9f)
			abort();                /* C1 */
		if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9))
			abort();                /* U+2028, U+2029 */
		if ((c & 0xc0) != 0x80)
			chars++;
	}
	if (chars > GP_LABEL_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char name[4096], q[GP_QUOTED_MAX(GP_LABEL_MAX)];
	static char clean[4 * GP_LABEL_MAX + 8], got[4 * GP_LABEL_MAX + 8];
	char *tic = NULL;
	size_t ticlen = 0, n, g;
	FILE *mem;

	if (size >= sizeof name)
		size = sizeof name - 1;
	memcpy(name, data, size);
	name[size] = '\0';              /* a C string ends at its first NUL */
	n = gp_sanitise(clean, sizeof clean, name, GP_LABEL_MAX);
	check_clean(clean, n);
	gp_quote_buf(q, sizeof q, name, GP_LABEL_MAX);
	if (strspn(q, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	           "0123456789 \\\"") != strlen(q))
		abort();
	g = decode(q, got);
	if (g != n || memcmp(got, clean, n) != 0)
		abort();
	if ((mem = open_memstream(&tic, &ticlen)) == NULL)
		return 0;
	gp_quote_tic(mem, name);
	fclose(mem);
	if (tic == NULL)
		return 0;
	{
		static char fmt[8 * GP_LABEL_MAX + 8];
		size_t o = 0, t = decode(tic, fmt);
		/* a format: every % must be doubled, %% reads as % */
		for (size_t i = 0; i < t; i++) {
			if (fmt[i] == '%' && (i + 1 >= t || fmt[++i] != '%'))
				abort();
			got[o++] = fmt[i];
		}
		if (o != n || memcmp(got, clean, n) != 0)
			abort();
	}
	free(tic);
	return 0;
}
