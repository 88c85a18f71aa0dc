/*
 * fuzz_scriptread.c: libFuzzer target for the script's line reader.  The
 * first byte sets the line bound (1-64), the second the read sizes; the
 * rest is the script.  Properties: the lines and the final status are
 * those of a plain split at LF (one CR before the end dropped, the first
 * line over the bound ends it), every line is NUL-terminated and within
 * the bound, the space offered is never empty and stays inside an
 * exact-size buffer, and a line too long is found with no more than
 * the buffer read past its start.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scriptread.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The next expected line from in at *off: its length, or -1 at the end. */
static long
expect_line(const uint8_t *in, size_t len, size_t *off, size_t *start)
{
	const uint8_t	*lf;
	size_t		 n;

	if (*off >= len)
		return -1;
	*start = *off;
	lf = memchr(in + *off, '\n', len - *off);
	n = lf != NULL ? (size_t)(lf - (in + *off)) : len - *off;
	*off += n + (lf != NULL);
	if (n > 0 && in[*start + n - 1] == '\r')
		n--;
	return (long)n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scriptread	 r;
	enum scriptread_st	 st;
	const uint8_t		*in;
	const char		*line;
	char			*buf, *p;
	size_t			 max, len, room, n, fed = 0, eoff = 0;
	size_t			 inlen, start = 0;
	uint32_t		 x;
	long			 want;

	if (size < 2)
		return 0;
	max = (size_t)(data[0] % 64) + 1;
	x = (uint32_t)data[1] * 2654435761u + 1;
	in = data + 2;
	inlen = size - 2;
	if ((buf = malloc(SCRIPTREAD_BUFSIZE(max))) == NULL)
		return 0;
	scriptread_init(&r, buf, max);
	for (;;) {
		st = scriptread_next(&r, &line, &len);
		if (st == SCRIPTREAD_MORE) {
			p = scriptread_space(&r, &room);
			if (room == 0 || p < buf ||
			    p + room > buf + SCRIPTREAD_BUFSIZE(max))
				abort();
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			n = x % (room + 1);
			if (n > inlen - fed)
				n = inlen - fed;
			if (n == 0 && fed < inlen)
				n = 1;
			memset(p, 0xa5, room);	/* only n are the input's */
			memcpy(p, in + fed, n);
			fed += n;
			scriptread_filled(&r, n);
			continue;
		}
		want = expect_line(in, inlen, &eoff, &start);
		if (st == SCRIPTREAD_END) {
			if (want != -1 || fed != inlen)
				abort();
			break;
		}
		if (st == SCRIPTREAD_LONG) {
			if (want == -1 || (size_t)want <= max)
				abort();
			/* found within the bound's reach of the line start */
			if (fed > start + SCRIPTREAD_BUFSIZE(max))
				abort();
			if (scriptread_next(&r, &line, &len) != SCRIPTREAD_LONG)
				abort();	/* and it stays so */
			break;
		}
		if (st != SCRIPTREAD_LINE || want == -1 ||
		    (size_t)want != len || len > max || line[len] != '\0' ||
		    memcmp(line, in + start, len) != 0 || line < buf ||
		    line + len >= buf + SCRIPTREAD_BUFSIZE(max))
			abort();
	}
	free(buf);
	return 0;
}
