/*
 * esc.c: neutralises terminal escapes and other dangerous bytes.  A
 * backslash is itself escaped so that "\x1b" in output always means an
 * escaped byte, never one the server typed.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"

/* Length of a valid UTF-8 sequence at s and its code point, or 0. */
static size_t
esc_utf8(const unsigned char *s, size_t len, unsigned long *cp)
{
	size_t		 n, i;
	unsigned long	 v, min;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; v = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; v = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; v = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

/*
 * Code points that reorder or hide text, or break lines: C1, the bidi
 * controls, the line and paragraph separators, and the invisible ones
 * (soft hyphen, zero-width space/joiners, word joiner and the invisible
 * operators, the BOM, the TAG characters that can spell hidden ASCII).
 */
static int
esc_dangerous(unsigned long cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x00ad || cp == 0x061c ||
	    (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0xfeff || (cp >= 0xe0000 && cp <= 0xe007f);
}

size_t
esc_text(const char *s, size_t len, int flags, char *out)
{
	int			 json = flags & ESC_JSON;
	const unsigned char	*u = (const unsigned char *)s;
	const char		*bs = json ? "\\\\" : "\\";
	size_t			 i = 0, o = 0, n;
	unsigned long		 cp;

	while (i < len) {
		unsigned char c = u[i];

		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\' && (flags & ESC_OWN)) {
				o += (size_t)sprintf(out + o, "%s", bs);
			} else if (c == '\\') {
				/* visible "\\", doubled again inside JSON */
				o += (size_t)sprintf(out + o, "%s%s", bs, bs);
			} else if (json && c == '"') {
				out[o++] = '\\';
				out[o++] = '"';
			} else
				out[o++] = (char)c;
			i++;
			continue;
		}
		if (c >= 0x80 && (n = esc_utf8(u + i, len - i, &cp)) > 0) {
			if (!esc_dangerous(cp)) {
				memcpy(out + o, s + i, n);
				o += n;
			} else if (cp <= 0xffff)
				o += (size_t)sprintf(out + o, "%su%04lx", bs,
				    cp);
			else	/* \U and eight digits: never ambiguous */
				o += (size_t)sprintf(out + o, "%sU%08lx", bs,
				    cp);
			i += n;
			continue;
		}
		if (c == '\t') {
			o += (size_t)sprintf(out + o, "%st", bs);
		} else
			o += (size_t)sprintf(out + o, "%sx%02x", bs, c);
		i++;
	}
	out[o] = '\0';
	return o;
}

/*
 * Eight bytes at a time: a word is plain when no byte is below 0x20, none
 * above 0x7e and none is a backslash (the "has byte less than / more
 * than / equal to" word tests; each is exact about whether one exists).
 */
#if defined(__GNUC__) && (defined(__SSE2__) || defined(__ARM_NEON))
#define ESC_VECTOR
typedef unsigned char	 esc_v16 __attribute__((vector_size(16)));
typedef signed char	 esc_m16 __attribute__((vector_size(16)));
#endif
#define ESC_ONES	UINT64_C(0x0101010101010101)
#define ESC_HIGH	UINT64_C(0x8080808080808080)

size_t
esc_plain(const char *s, size_t len)
{
	uint64_t	 w, bs;
	size_t		 i = 0;
	unsigned char	 c;

#ifdef ESC_VECTOR
	/* Sixteen at a time where GCC and clang vectors map to SSE2/NEON. */
	for (; i + 16 <= len; i += 16) {
		esc_v16		 x;
		esc_m16		 m;
		uint64_t	 a[2];

		memcpy(&x, s + i, sizeof(x));
		m = (x < 0x20) | (x > 0x7e) | (x == '\\');
		memcpy(a, &m, sizeof(a));
		if (a[0] | a[1])
			break;
	}
	/* The last sixteen bytes, overlapping: most lines end plain. */
	if (i + 16 > len && len >= 16 && i < len) {
		esc_v16		 x;
		esc_m16		 m;
		uint64_t	 a[2];

		memcpy(&x, s + len - 16, sizeof(x));
		m = (x < 0x20) | (x > 0x7e) | (x == '\\');
		memcpy(a, &m, sizeof(a));
		if ((a[0] | a[1]) == 0)
			return len;
	}
#endif
	for (; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, sizeof(w));
		bs = w ^ (ESC_ONES * '\\');
		if (((w - ESC_ONES * 0x20) & ~w & ESC_HIGH) ||
		    ((w + ESC_ONES * (127 - 0x7e)) | w) & ESC_HIGH ||
		    ((bs - ESC_ONES) & ~bs & ESC_HIGH))
			break;
	}
	for (; i < len; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c > 0x7e || c == '\\')
			break;
	}
	return i;
}
