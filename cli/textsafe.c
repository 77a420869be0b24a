/*
 * textsafe.c — untrusted text made fit for a terminal.
 */
#include "textsafe.h"

#include <string.h>

#include "../ingest/utf8.h"

void
text_safe(char *out, size_t size, const char *s)
{
	text_safe_cut(out, size, s, 60);
}

void
text_safe_cut(char *out, size_t size, const char *s, size_t max_chars)
{
	utf8_clean(out, size, s, strlen(s), max_chars, 0,
	           UTF8_BIDI | UTF8_ELLIPSIS);
}

void
text_gates(FILE *fp, const char *label, unsigned mask,
           const char *const *texts, size_t n, bool *any)
{
	if (mask == 0)
		return;
	if (!*any)
		fputs("\ngates tripped (exit status 1):\n", fp);
	*any = true;
	for (size_t g = 0; g < n; g++)
		if (mask & (1u << g)) {
			char text[96];
			text_safe(text, sizeof text, texts[g]);
			fprintf(fp, "  %s: %s\n", label, text);
		}
}
