/*
 * jsonw.c — the JSON escaper and number writer, shared by every command's
 * JSON output: '"', '\' and every byte below 0x20 (as \u00XX when it
 * has no short form), 0x7F too; invalid UTF-8 becomes U+FFFD; numbers are
 * the shortest round-trip form, non-finite ones null.
 */
#include "jsonw.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "../ingest/utf8.h"
#include "numfmt.h"

void
json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x80) {
			/* JSON text must be UTF-8: a broken sequence (a file
			 * name from argv, say) becomes U+FFFD. */
			uint32_t cp;
			size_t bad, k = utf8_char(s, strlen(s), &cp, &bad);
			if (k > 0) {
				fwrite(s, 1, k, fp);
				s += k - 1;
			} else {
				fputs("\\ufffd", fp);
				s += bad - 1;
			}
			continue;
		}
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (c < 0x20 || c == 0x7f)
				fprintf(fp, "\\u%04x", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

void
json_num(FILE *fp, double x)
{
	char buf[40];

	if (!isfinite(x)) {
		fputs("null", fp);
		return;
	}
	fmt_shortest(buf, sizeof buf, x);
	fputs(buf, fp);
}


void
json_gates(FILE *fp, const char *const *gates, size_t ngates, unsigned mask)
{
	bool any = false;

	fputc('[', fp);
	for (size_t g = 0; g < ngates; g++)
		if (mask & (1u << g)) {
			fputs(any ? ", " : " ", fp);
			json_str(fp, gates[g]);
			any = true;
		}
	fputs(any ? " ]" : "]", fp);
}
