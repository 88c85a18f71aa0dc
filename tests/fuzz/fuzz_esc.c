/*
 * fuzz_esc.c: libFuzzer target for the escaper that makes server bytes
 * printable.  For every flag combination, into an exact ESC_OUTMAX
 * buffer: the output has no C0 control, DEL, C1, bidi/line-separator or
 * invisible (zero-width, soft hyphen, BOM, TAG) code point and is valid
 * UTF-8; with ESC_JSON it is a valid JSON string
 * body; without ESC_OWN, undoing the escapes gives back the input.
 * esc_plain() returns the longest prefix that esc_text() copies as is.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Written apart from esc.c: code points that must never reach a tty. */
static int
forbidden(unsigned long cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	    cp == 0xad || cp == 0x061c || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x2064) ||
	    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff ||
	    (cp >= 0xe0000 && cp <= 0xe007f);
}

/* Decode one UTF-8 sequence at s strictly; returns its length or 0. */
static size_t
utf8(const unsigned char *s, size_t len, unsigned long *cp)
{
	size_t	 n, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0)
		n = 2, *cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		n = 3, *cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		n = 4, *cp = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 2 && *cp < 0x80) || (n == 3 && *cp < 0x800) ||
	    (n == 4 && *cp < 0x10000) || *cp > 0x10ffff ||
	    (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

static size_t
put_utf8(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static int
hex(const char *s, size_t n, unsigned long *v)
{
	size_t	 i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			*v = *v << 4 | (unsigned long)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			*v = *v << 4 | (unsigned long)(s[i] - 'a' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * Undo one level of escapes: \\ \t \xHH \uHHHH \UHHHHHHHH (and \" when
 * json).
 */
static size_t
unescape(const char *s, size_t len, int json, unsigned char *o)
{
	size_t		 i, n = 0;
	unsigned long	 v;

	for (i = 0; i < len; i++) {
		if (s[i] != '\\') {
			if (json && s[i] == '"')
				abort();	/* unescaped quote */
			o[n++] = (unsigned char)s[i];
			continue;
		}
		if (++i == len)
			abort();		/* a lone backslash at the end */
		if (s[i] == '\\')
			o[n++] = '\\';
		else if (json && s[i] == '"')
			o[n++] = '"';
		else if (!json && s[i] == 't')
			o[n++] = '\t';
		else if (!json && s[i] == 'x' && i + 2 < len &&
		    hex(s + i + 1, 2, &v) == 0) {
			o[n++] = (unsigned char)v;
			i += 2;
		} else if (!json && s[i] == 'u' && i + 4 < len &&
		    hex(s + i + 1, 4, &v) == 0) {
			n += put_utf8(v, o + n);
			i += 4;
		} else if (!json && s[i] == 'U' && i + 8 < len &&
		    hex(s + i + 1, 8, &v) == 0 && v > 0xffff && v <= 0x10ffff) {
			n += put_utf8(v, o + n);
			i += 8;
		} else
			abort();		/* an escape nobody defined */
	}
	return n;
}

static void
check_flags(const char *in, size_t len, int flags)
{
	char		*out;
	unsigned char	*back, *back2;
	size_t		 n, i, k, b;
	unsigned long	 cp;

	if ((out = malloc(ESC_OUTMAX(len))) == NULL ||
	    (back = malloc(ESC_OUTMAX(len))) == NULL ||
	    (back2 = malloc(ESC_OUTMAX(len))) == NULL)
		abort();
	n = esc_text(in, len, flags, out);
	if (n >= ESC_OUTMAX(len) || out[n] != '\0' || strlen(out) != n)
		abort();
	for (i = 0; i < n; i += k)
		if ((k = utf8((const unsigned char *)out + i, n - i,
		    &cp)) == 0 || forbidden(cp))
			abort();
	if (flags & ESC_OWN) {
		/* backslashes kept as they are: only safety is checked */
		free(out);
		free(back);
		free(back2);
		return;
	}
	if (flags & ESC_JSON) {
		/* a JSON string body whose value is the plain escaping */
		b = unescape(out, n, 1, back2);
		b = unescape((const char *)back2, b, 0, back);
	} else
		b = unescape(out, n, 0, back);
	if (b != len || memcmp(back, in, len) != 0)
		abort();
	free(out);
	free(back);
	free(back2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int flags[] = { 0, ESC_JSON, ESC_OWN, ESC_JSON | ESC_OWN };
	char		*in, *shifted, *out;
	size_t		 i, k, n;

	/* exact-size input: no NUL to lean on */
	if ((in = malloc(size > 0 ? size : 1)) == NULL ||
	    (shifted = malloc(size + 15)) == NULL)
		abort();
	memcpy(in, data, size);
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		check_flags(in, size, flags[i]);
	/* esc_plain: the longest prefix copied unchanged, at any alignment */
	k = esc_plain(in, size);
	if (k > size)
		abort();
	for (i = 0; i < k; i++)
		if ((unsigned char)in[i] < 0x20 ||
		    (unsigned char)in[i] > 0x7e || in[i] == '\\')
			abort();
	if (k < size && (unsigned char)in[k] >= 0x20 &&
	    (unsigned char)in[k] <= 0x7e && in[k] != '\\')
		abort();		/* not the longest */
	if ((out = malloc(ESC_OUTMAX(k))) == NULL)
		abort();
	n = esc_text(in, k, 0, out);
	if (n != k || memcmp(out, in, k) != 0)
		abort();
	i = size % 15 + 1;
	memcpy(shifted + i, data, size);
	if (esc_plain(shifted + i, size) != k)
		abort();
	free(out);
	free(in);
	free(shifted);
	return 0;
}
