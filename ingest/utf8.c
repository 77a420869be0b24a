/*
 * utf8.c — decoding by Unicode's table 3-7 of well-formed sequences.
 */
#include "utf8.h"

#include <stdint.h>
#include <string.h>

size_t
utf8_char(const char *str, size_t n, uint32_t *cp, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need, i;
	uint32_t v;

	*bad = 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1;
		v = c & 0x1fu;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		v = c & 0x0fu;
		lo = c == 0xe0 ? 0xa0 : 0x80;       /* no overlong form */
		hi = c == 0xed ? 0x9f : 0xbf;       /* no surrogate */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		v = c & 0x07u;
		lo = c == 0xf0 ? 0x90 : 0x80;
		hi = c == 0xf4 ? 0x8f : 0xbf;       /* nothing past U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	for (i = 1; i <= need && i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			break;
		v = v << 6 | (s[i] & 0x3fu);
		lo = 0x80;
		hi = 0xbf;
	}
	if (i == need + 1) {
		*cp = v;
		return i;
	}
	*bad = i;
	return 0;
}

bool
utf8_valid(const char *s, size_t n)
{
	size_t i = 0, bad;
	uint32_t cp;

	while (i < n) {
		size_t k = utf8_char(s + i, n - i, &cp, &bad);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

bool
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029;
}

bool
utf8_is_bidi(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

struct range {
	uint32_t lo, hi;
};

static bool
in(const struct range *r, size_t n, uint32_t cp)
{
	size_t a = 0, b = n;

	while (a < b) {
		size_t m = a + (b - a) / 2;
		if (cp < r[m].lo)
			b = m;
		else if (cp > r[m].hi)
			a = m + 1;
		else
			return true;
	}
	return false;
}

int
utf8_cp_width(uint32_t cp)
{
	/* combining marks, zero-width spaces and joiners, variation
	 * selectors (Unicode 15, general categories Mn, Me, Cf) */
	static const struct range zero[] = {
		{0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd},
		{0x05bf, 0x05bf}, {0x05c1, 0x05c2}, {0x05c4, 0x05c5},
		{0x05c7, 0x05c7}, {0x0610, 0x061a}, {0x064b, 0x065f},
		{0x0670, 0x0670}, {0x06d6, 0x06dc}, {0x06df, 0x06e4},
		{0x06e7, 0x06e8}, {0x06ea, 0x06ed}, {0x0900, 0x0902},
		{0x093a, 0x093a}, {0x093c, 0x093c}, {0x0941, 0x0948},
		{0x094d, 0x094d}, {0x0951, 0x0957}, {0x0e31, 0x0e31},
		{0x0e34, 0x0e3a}, {0x0e47, 0x0e4e}, {0x1ab0, 0x1aff},
		{0x1dc0, 0x1dff}, {0x200b, 0x200f}, {0x2060, 0x2064},
		{0x20d0, 0x20ff}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f},
		{0xfeff, 0xfeff}, {0x1f3fb, 0x1f3ff}, {0xe0000, 0xe0fff},
	};
	/* East Asian Wide and Fullwidth (UAX #11) and emoji presentation */
	static const struct range wide[] = {
		{0x1100, 0x115f}, {0x231a, 0x231b}, {0x2329, 0x232a},
		{0x23e9, 0x23ec}, {0x23f0, 0x23f0}, {0x23f3, 0x23f3},
		{0x25fd, 0x25fe}, {0x2614, 0x2615}, {0x2648, 0x2653},
		{0x267f, 0x267f}, {0x2693, 0x2693}, {0x26a1, 0x26a1},
		{0x26aa, 0x26ab}, {0x26bd, 0x26be}, {0x26c4, 0x26c5},
		{0x26ce, 0x26ce}, {0x26d4, 0x26d4}, {0x26ea, 0x26ea},
		{0x26f2, 0x26f3}, {0x26f5, 0x26f5}, {0x26fa, 0x26fa},
		{0x26fd, 0x26fd}, {0x2705, 0x2705}, {0x270a, 0x270b},
		{0x2728, 0x2728}, {0x274c, 0x274c}, {0x274e, 0x274e},
		{0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
		{0x27b0, 0x27b0}, {0x27bf, 0x27bf}, {0x2b1b, 0x2b1c},
		{0x2b50, 0x2b50}, {0x2b55, 0x2b55}, {0x2e80, 0x303e},
		{0x3041, 0x33ff}, {0x3400, 0x4dbf}, {0x4e00, 0x9fff},
		{0xa000, 0xa4cf}, {0xa960, 0xa97f}, {0xac00, 0xd7a3},
		{0xf900, 0xfaff}, {0xfe10, 0xfe19}, {0xfe30, 0xfe6f},
		{0xff00, 0xff60}, {0xffe0, 0xffe6}, {0x16fe0, 0x16fe4},
		{0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004},
		{0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a},
		{0x1f200, 0x1f2ff}, {0x1f300, 0x1f320}, {0x1f32d, 0x1f335},
		{0x1f337, 0x1f37c}, {0x1f37e, 0x1f393}, {0x1f3a0, 0x1f3ca},
		{0x1f3cf, 0x1f3d3}, {0x1f3e0, 0x1f3f0}, {0x1f3f4, 0x1f3f4},
		{0x1f3f8, 0x1f3fa}, {0x1f400, 0x1f43e}, {0x1f440, 0x1f440},
		{0x1f442, 0x1f4fc}, {0x1f4ff, 0x1f53d}, {0x1f54b, 0x1f54e},
		{0x1f550, 0x1f567}, {0x1f57a, 0x1f57a}, {0x1f595, 0x1f596},
		{0x1f5a4, 0x1f5a4}, {0x1f5fb, 0x1f64f}, {0x1f680, 0x1f6c5},
		{0x1f6cc, 0x1f6cc}, {0x1f6d0, 0x1f6d2}, {0x1f6d5, 0x1f6d7},
		{0x1f6dc, 0x1f6df}, {0x1f6eb, 0x1f6ec}, {0x1f6f4, 0x1f6fc},
		{0x1f7e0, 0x1f7eb}, {0x1f7f0, 0x1f7f0}, {0x1f90c, 0x1f93a},
		{0x1f93c, 0x1f945}, {0x1f947, 0x1f9ff}, {0x1fa70, 0x1faff},
		{0x20000, 0x2fffd}, {0x30000, 0x3fffd},
	};

	if (cp < 0x300)
		return 1;
	if (in(zero, sizeof zero / sizeof zero[0], cp))
		return 0;
	return in(wide, sizeof wide / sizeof wide[0], cp) ? 2 : 1;
}

size_t
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0, bad;
	uint32_t cp;

	while (i < n) {
		size_t k = utf8_char(s + i, n - i, &cp, &bad);
		if (k == 0) {
			w++;
			i += bad;
			continue;
		}
		w += (size_t)utf8_cp_width(cp);
		i += k;
	}
	return w;
}

/* The next character as it is written: bytes at s + *i consumed, the
 * text to write (len bytes at *src, or the replacement) and its columns. */
struct piece {
	const char *src;
	size_t len, step;
	int cols;
};

static struct piece
next_piece(const char *s, size_t n, size_t i, unsigned flags)
{
	struct piece p;
	uint32_t cp = 0xfffd;
	size_t bad, k = utf8_char(s + i, n - i, &cp, &bad);

	if (k == 0) {
		p.src = UTF8_REPLACEMENT;
		p.len = 3;
		p.step = bad;
		p.cols = 1;
	} else if (!(flags & UTF8_KEEP_CTRL) &&
	           (utf8_is_control(cp) || ((flags & UTF8_BIDI) && utf8_is_bidi(cp)))) {
		p.src = flags & UTF8_CTRL_SPACE ? " " : "?";
		p.len = 1;
		p.step = k;
		p.cols = 1;
	} else {
		p.src = s + i;
		p.len = k;
		p.step = k;
		p.cols = utf8_cp_width(cp);
	}
	return p;
}

size_t
utf8_clean(char *out, size_t size, const char *s, size_t n, size_t max_chars,
           size_t max_cols, unsigned flags)
{
	size_t o = 0, chars = 0, cols = 0, i = 0;
	size_t cap_chars = max_chars, cap_cols = max_cols ? max_cols : SIZE_MAX;
	size_t cap_bytes = size - 1, all_chars = 0, all_cols = 0, all_bytes = 0;
	bool cut = false;

	if (size == 0)
		return 0;
	/* does the whole text fit? */
	for (size_t j = 0; j < n && !cut;) {
		struct piece p = next_piece(s, n, j, flags);
		all_chars++;
		all_cols += (size_t)p.cols;
		all_bytes += p.len;
		cut = all_chars > cap_chars || all_cols > cap_cols ||
		      all_bytes > cap_bytes;
		j += p.step;
	}
	if (cut && (flags & UTF8_ELLIPSIS)) {
		/* keep room for the ellipsis: a character, a column, 3 bytes */
		cap_chars = cap_chars > 0 ? cap_chars - 1 : 0;
		cap_cols = cap_cols > 0 ? cap_cols - 1 : 0;
		cap_bytes = cap_bytes >= 3 ? cap_bytes - 3 : 0;
	}
	while (i < n) {
		struct piece p = next_piece(s, n, i, flags);
		if (chars + 1 > cap_chars || cols + (size_t)p.cols > cap_cols ||
		    o + p.len > cap_bytes)
			break;
		memcpy(out + o, p.src, p.len);
		o += p.len;
		chars++;
		cols += (size_t)p.cols;
		i += p.step;
	}
	if (cut && (flags & UTF8_ELLIPSIS) && o + 3 <= size - 1) {
		memcpy(out + o, "\xe2\x80\xa6", 3);
		o += 3;
	}
	out[o] = '\0';
	return o;
}
