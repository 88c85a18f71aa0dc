/*
 * scriptread.c: cuts script input into lines inside one buffer of the
 * line bound, so no input (a 300 MB line, /dev/zero) costs more.
 */
#include <string.h>

#include "scriptread.h"

void
scriptread_init(struct scriptread *r, char *buf, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->max = max;
	r->cap = SCRIPTREAD_BUFSIZE(max);
}

char *
scriptread_space(struct scriptread *r, size_t *room)
{
	/* what is left is less than one line: move it to the front */
	if (r->off > 0 && r->off + r->len == r->cap) {
		memmove(r->buf, r->buf + r->off, r->len);
		r->off = 0;
	}
	*room = r->cap - r->off - r->len;
	return r->buf + r->off + r->len;
}

void
scriptread_filled(struct scriptread *r, size_t n)
{
	if (n == 0)
		r->eof = 1;
	r->len += n;
}

/*
 * The n octets at off are a line (a CR before its end dropped): hand
 * it out NUL-terminated, and move past it and its used octets.
 */
static enum scriptread_st
scriptread_cut(struct scriptread *r, size_t n, size_t used,
    const char **line, size_t *len)
{
	char	*p = r->buf + r->off;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	if (n > r->max) {
		r->failed = 1;
		return SCRIPTREAD_LONG;
	}
	/* the line end is overwritten; an unended last line has room */
	p[n] = '\0';
	*line = p;
	*len = n;
	r->off += used;
	r->len -= used;
	r->scanned = 0;
	return SCRIPTREAD_LINE;
}

enum scriptread_st
scriptread_next(struct scriptread *r, const char **line, size_t *len)
{
	char	*lf;
	size_t	 n;

	*line = NULL;
	*len = 0;
	if (r->failed)
		return SCRIPTREAD_LONG;
	if (r->len == 0)
		r->off = 0;
	lf = memchr(r->buf + r->off + r->scanned, '\n',
	    r->len - r->scanned);
	if (lf != NULL) {
		n = (size_t)(lf - (r->buf + r->off));
		return scriptread_cut(r, n, n + 1, line, len);
	}
	r->scanned = r->len;
	/* max octets and a CR may still be ended by an LF; one more not */
	if (r->len > r->max + 1) {
		r->failed = 1;
		return SCRIPTREAD_LONG;
	}
	if (!r->eof)
		return SCRIPTREAD_MORE;
	if (r->len == 0)
		return SCRIPTREAD_END;
	if (r->off > 0) {
		memmove(r->buf, r->buf + r->off, r->len);
		r->off = 0;
	}
	return scriptread_cut(r, r->len, r->len, line, len);
}
