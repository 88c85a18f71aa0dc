/*
 * test_scriptread.c: the script's line reader: lines cut at LF and CR LF,
 * an unended last line, the bound found as soon as it is passed, input
 * fed in pieces of every size.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "scriptread.h"

#define MAX	8

/*
 * Feed in into a reader for MAX-octet lines, piece octets per read;
 * the lines joined by "|" into out, and the final status.
 */
static enum scriptread_st
feed(const char *in, size_t inlen, size_t piece, char *out, size_t outlen,
    size_t *reads)
{
	char			 buf[SCRIPTREAD_BUFSIZE(MAX)];
	struct scriptread	 r;
	enum scriptread_st	 st;
	const char		*line;
	char			*p;
	size_t			 len, room, n, off = 0, o = 0;

	scriptread_init(&r, buf, MAX);
	*reads = 0;
	out[0] = '\0';
	for (;;) {
		st = scriptread_next(&r, &line, &len);
		if (st == SCRIPTREAD_LINE) {
			if (line[len] != '\0' || o + len + 2 > outlen)
				return SCRIPTREAD_MAX;
			memcpy(out + o, line, len);
			o += len;
			out[o++] = '|';
			out[o] = '\0';
			continue;
		}
		if (st != SCRIPTREAD_MORE)
			return st;
		p = scriptread_space(&r, &room);
		if (room == 0 || room > SCRIPTREAD_BUFSIZE(MAX))
			return SCRIPTREAD_MAX;
		n = inlen - off < piece ? inlen - off : piece;
		if (n > room)
			n = room;
		memcpy(p, in + off, n);
		off += n;
		scriptread_filled(&r, n);
		(*reads)++;
	}
}

int
main(void)
{
	static const struct {
		const char		*in;
		enum scriptread_st	 st;
		const char		*lines;
	} cases[] = {
		{ "", SCRIPTREAD_END, "" },
		{ "\n", SCRIPTREAD_END, "|" },
		{ "a\nb\n", SCRIPTREAD_END, "a|b|" },
		{ "a\r\nb\r\n", SCRIPTREAD_END, "a|b|" },
		{ "a\nlast", SCRIPTREAD_END, "a|last|" },
		{ "last\r", SCRIPTREAD_END, "last|" },
		{ "a\rb\n", SCRIPTREAD_END, "a\rb|" },
		{ "12345678\n", SCRIPTREAD_END, "12345678|" },
		{ "12345678\r\n", SCRIPTREAD_END, "12345678|" },
		{ "12345678", SCRIPTREAD_END, "12345678|" },
		{ "123456789\n", SCRIPTREAD_LONG, "" },
		{ "ok\n123456789", SCRIPTREAD_LONG, "ok|" },
		{ "ok\n12345678\rx\n", SCRIPTREAD_LONG, "ok|" },
		{ "1234567\n12345678\n1\n\n", SCRIPTREAD_END,
		    "1234567|12345678|1||" },
	};
	char		 out[256];
	size_t		 i, piece, reads;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		for (piece = 1; piece <= 12; piece++) {
			enum scriptread_st st = feed(cases[i].in,
			    strlen(cases[i].in), piece, out, sizeof(out),
			    &reads);

			CHECK(st == cases[i].st && strcmp(out,
			    cases[i].lines) == 0, "case %zu piece %zu: "
			    "status %d lines '%s'", i, piece, (int)st, out);
		}
	/* a line that never ends: refused after max + 2 octets, not read on */
	{
		static char	 zeros[100000];

		CHECK(feed(zeros, sizeof(zeros), 4096, out, sizeof(out),
		    &reads) == SCRIPTREAD_LONG && reads == 1,
		    "endless line: %zu reads", reads);
		CHECK(feed(zeros, sizeof(zeros), 1, out, sizeof(out),
		    &reads) == SCRIPTREAD_LONG && reads == MAX + 2,
		    "endless line a byte at a time: %zu reads", reads);
	}
	return check_done();
}
