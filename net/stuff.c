/*
 * stuff.c: CRLF normalisation and dot-stuffing in one pass.  The common
 * case (a run of octets that are neither CR nor LF) is copied with
 * memcpy; only line ends and line starts cost per-octet work.
 */
#include <stdint.h>
#include <string.h>

#include "stuff.h"

#if defined(__GNUC__) && (defined(__SSE2__) || defined(__ARM_NEON)) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define STUFF_VECTOR
typedef unsigned char	 stuff_v16 __attribute__((vector_size(16)));
typedef signed char	 stuff_m16 __attribute__((vector_size(16)));
#endif

/* Index of the first CR or LF at or after i, or len. */
static size_t
stuff_eol(const char *in, size_t i, size_t len)
{
#ifdef STUFF_VECTOR
	/* sixteen octets per test: mail lines are long runs of text */
	for (; i + 16 <= len; i += 16) {
		stuff_v16	 x;
		stuff_m16	 m;
		uint64_t	 a[2];

		memcpy(&x, in + i, sizeof(x));
		m = (x == '\r') | (x == '\n');
		memcpy(a, &m, sizeof(a));
		if (a[0])
			return i + (size_t)__builtin_ctzll(a[0]) / 8;
		if (a[1])
			return i + 8 + (size_t)__builtin_ctzll(a[1]) / 8;
	}
#endif
	while (i < len && in[i] != '\r' && in[i] != '\n')
		i++;
	return i;
}

void
stuff_init(struct stuff *st, int dot)
{
	st->dot = dot;
	st->bol = 1;
	st->cr = 0;
	st->out = 0;
}

size_t
stuff_feed(struct stuff *st, const char *in, size_t len, char *out)
{
	size_t	 i = 0, o = 0, run;
	char	 c;

	while (i < len) {
		c = in[i];
		if (c == '\n' && st->cr) {
			/* second half of a CRLF already written */
			st->cr = 0;
			i++;
			continue;
		}
		st->cr = 0;
		if (c == '\r' || c == '\n') {
			out[o++] = '\r';
			out[o++] = '\n';
			st->cr = (c == '\r');
			st->bol = 1;
			i++;
			continue;
		}
		if (st->bol && st->dot && c == '.')
			out[o++] = '.';
		st->bol = 0;
		run = stuff_eol(in, i, len);
		memcpy(out + o, in + i, run - i);
		o += run - i;
		i = run;
	}
	st->out += o;
	return o;
}

size_t
stuff_finish(struct stuff *st, char *out)
{
	size_t	 o = 0;

	if (!st->bol) {
		out[o++] = '\r';
		out[o++] = '\n';
	}
	if (st->dot) {
		memcpy(out + o, ".\r\n", 3);
		o += 3;
	}
	st->out += o;
	st->bol = 1;
	return o;
}
