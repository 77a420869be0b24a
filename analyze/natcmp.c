#include "natcmp.h"

#include <string.h>

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int
nat_compare(const char *a, const char *b)
{
	const char *p = a, *q = b;

	while (*p && *q) {
		if (is_digit(*p) && is_digit(*q)) {
			size_t lp, lq;
			while (*p == '0' && is_digit(p[1]))
				p++;
			while (*q == '0' && is_digit(q[1]))
				q++;
			for (lp = 0; is_digit(p[lp]); lp++)
				;
			for (lq = 0; is_digit(q[lq]); lq++)
				;
			if (lp != lq)
				return lp < lq ? -1 : 1;
			for (size_t i = 0; i < lp; i++)
				if (p[i] != q[i])
					return p[i] < q[i] ? -1 : 1;
			p += lp;
			q += lq;
			continue;
		}
		if (fold((unsigned char)*p) != fold((unsigned char)*q))
			return fold((unsigned char)*p) < fold((unsigned char)*q) ? -1 : 1;
		p++;
		q++;
	}
	if (*p || *q)
		return *p ? 1 : -1;
	return strcmp(a, b);
}
