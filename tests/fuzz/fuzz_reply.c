/*
 * fuzz_reply.c: libFuzzer target for the reply framer and the EHLO
 * capability parser.  The input is fed in pieces whose sizes come from
 * its first byte, so split points are fuzzed too.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "caps.h"
#include "reply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reply_parser	*p;
	static struct caps		 c;
	enum reply_status		 st;
	size_t				 off = 1, step, used, i, len;
	const struct reply		*r;

	if (size == 0)
		return 0;
	if (p == NULL && (p = reply_new()) == NULL)
		return 0;
	reply_reset(p);
	reply_set_prelude(p, data[0] & 0x80);
	step = (data[0] & 0x7f) + 1;
	while (off < size) {
		len = size - off < step ? size - off : step;
		st = reply_feed(p, (const char *)data + off, len, &used);
		if (used > len)
			__builtin_trap();
		off += used;
		if (st == REPLY_ERROR)
			break;
		if (st == REPLY_READY) {
			r = reply_get(p);
			if (r->code < 200 || r->code > 599 || r->nlines == 0 ||
			    r->nlines > REPLY_MAX_LINES)
				__builtin_trap();
			for (i = 0; i < r->nlines; i++)
				if (r->line[i].off + r->line[i].len >
				    REPLY_MAX_BYTES)
					__builtin_trap();
			caps_parse(&c, r);
		}
	}
	return 0;
}
