/*
 * textsafe.c — untrusted text made fit for a terminal.
 */
#include "textsafe.h"

#include <string.h>

void
text_safe(char *out, size_t size, const char *s)
{
	text_safe_cut(out, size, s, 60);
}

void
text_safe_cut(char *out, size_t size, const char *s, size_t max_chars)
{
	size_t o = 0, chars = 0;

	for (; *s && o + 4 < size; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c & 0xc0) != 0x80 && ++chars > max_chars) {
			memcpy(out + o, "\xe2\x80\xa6", 3);     /* "…" */
			o += 3;
			break;
		}
		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[o] = '\0';
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
