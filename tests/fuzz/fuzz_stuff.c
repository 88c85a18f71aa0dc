/*
 * fuzz_stuff.c: libFuzzer target for the message encoder.  The input is
 * fed in chunks whose sizes come from its first two bytes.  Properties:
 * the output never holds a terminator before its end, only CRLF line
 * ends, each chunk's output fits STUFF_OUTMAX, and de-stuffing it gives
 * back the CRLF-normalised input, for DATA and for BDAT.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stuff.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* CRLF, CR and LF each end a line; an unended last line gets a CRLF. */
static size_t
normalise(const uint8_t *in, size_t len, char *out)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++) {
		if (in[i] == '\r' || in[i] == '\n') {
			out[n++] = '\r';
			out[n++] = '\n';
			if (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n')
				i++;
		} else
			out[n++] = (char)in[i];
	}
	if (n > 0 && out[n - 1] != '\n') {
		out[n++] = '\r';
		out[n++] = '\n';
	}
	return n;
}

/*
 * Undo the encoder: check line ends, drop the DATA terminator and one
 * leading dot per line.  Returns the length, or aborts on a violation.
 */
static size_t
destuff(const char *out, size_t o, int dot, char *back)
{
	size_t	 i, b = 0;

	for (i = 0; i < o; i++) {
		if ((out[i] == '\r') != (i + 1 < o && out[i + 1] == '\n'))
			abort();	/* bare CR */
		if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
			abort();	/* bare LF */
	}
	if (o > 0 && (o < 2 || memcmp(out + o - 2, "\r\n", 2) != 0))
		abort();		/* unended last line */
	if (!dot) {
		memcpy(back, out, o);
		return o;
	}
	/* the terminator: ".\r\n" alone or after a CRLF, and only at the end */
	if (o < 3 || memcmp(out + o - 3, ".\r\n", 3) != 0 ||
	    (o > 3 && (o < 5 || memcmp(out + o - 5, "\r\n", 2) != 0)))
		abort();
	if (o > 3 && memcmp(out, ".\r\n", 3) == 0)
		abort();		/* a terminator first */
	for (i = 0; i + 5 < o; i++)
		if (memcmp(out + i, "\r\n.\r\n", 5) == 0)
			abort();	/* a terminator before the end */
	for (i = 0; i + 3 < o; i++) {
		if ((i == 0 || out[i - 1] == '\n') && out[i] == '.') {
			if (out[i + 1] != '.')
				abort();	/* a line starting with one dot */
			i++;
		}
		back[b++] = out[i];
	}
	return b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stuff	 st;
	char		*out, *norm, *back;
	size_t		 o = 0, off, chunk, got, n, b;
	uint32_t	 rnd;
	int		 dot;

	if (size < 2)
		return 0;
	dot = !(data[0] & 0x80);
	rnd = (uint32_t)data[0] << 8 | data[1] | 1;
	data += 2;
	size -= 2;
	if ((out = malloc(STUFF_OUTMAX(size) + STUFF_TERM_MAX)) == NULL ||
	    (norm = malloc(STUFF_OUTMAX(size))) == NULL ||
	    (back = malloc(STUFF_OUTMAX(size) + STUFF_TERM_MAX)) == NULL)
		abort();
	stuff_init(&st, dot);
	for (off = 0; off < size; off += chunk) {
		/* xorshift32: chunks of 0 to 64 octets, empty ones too */
		rnd ^= rnd << 13;
		rnd ^= rnd >> 17;
		rnd ^= rnd << 5;
		chunk = rnd % 65;
		if (chunk > size - off)
			chunk = size - off;
		got = stuff_feed(&st, (const char *)data + off, chunk, out + o);
		if (got > STUFF_OUTMAX(chunk))
			abort();
		o += got;
	}
	got = stuff_finish(&st, out + o);
	if (got > STUFF_TERM_MAX)
		abort();
	o += got;
	if (st.out != o)
		abort();
	n = normalise(data, size, norm);
	b = destuff(out, o, dot, back);
	if (b != n || memcmp(back, norm, n) != 0)
		abort();
	free(out);
	free(norm);
	free(back);
	return 0;
}
