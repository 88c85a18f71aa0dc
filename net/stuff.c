/*
 * stuff.c: CRLF normalisation and dot-stuffing in one pass.  The common
 * case (a run of octets that are neither CR nor LF) is copied with
 * memcpy; only line ends and line starts cost per-octet work.
 */
#include <string.h>

#include "stuff.h"

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
		for (run = i; run < len && in[run] != '\r' && in[run] != '\n';
		    run++)
			;
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
