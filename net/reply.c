/*
 * reply.c: frames server bytes into SMTP replies (RFC 5321 4.2) under
 * hard bounds.  Lines are cut at LF (CR before it dropped); a line is
 * parsed only once complete, except that byte counts are checked per feed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

struct reply_parser {
	struct reply	 r;
	int		 prelude;
	int		 started;	/* a line of this reply was seen */
	int		 ready;		/* r holds a complete reply */
	size_t		 total;		/* octets of the reply so far */
	size_t		 linelen;	/* octets of the current line so far */
	size_t		 keep;		/* octets of it kept in cur */
	char		 cur[REPLY_LINE_KEEP + 8];
	size_t		 noiselen;
	size_t		 noiselines;	/* prelude lines so far */
	size_t		 noisebytes;	/* and their octets */
	size_t		 textlen;	/* octets in r.text */
	char		 err[160];
};

static void
reply_clear(struct reply_parser *p)
{
	p->r.code = 0;
	p->r.enhanced[0] = '\0';
	p->r.flags = 0;
	p->r.nlines = 0;
	p->r.bytes = 0;
	p->started = 0;
	p->ready = 0;
	p->total = 0;
	p->linelen = 0;
	p->keep = 0;
	p->textlen = 0;
}

struct reply_parser *
reply_new(void)
{
	struct reply_parser	*p;

	if ((p = calloc(1, sizeof(*p))) == NULL)
		return NULL;
	reply_clear(p);
	return p;
}

void
reply_free(struct reply_parser *p)
{
	free(p);
}

void
reply_set_prelude(struct reply_parser *p, int on)
{
	p->prelude = on;
}

void
reply_reset(struct reply_parser *p)
{
	reply_clear(p);
	p->noiselines = p->noisebytes = 0;
	p->err[0] = '\0';
}

const struct reply *
reply_get(const struct reply_parser *p)
{
	return &p->r;
}

const char *
reply_noise(const struct reply_parser *p, size_t *len)
{
	*len = p->noiselen;
	return p->cur;
}

const char *
reply_error(const struct reply_parser *p)
{
	return p->err;
}

int
reply_partial(const struct reply_parser *p)
{
	return !p->ready && (p->started || p->linelen > 0);
}

const char *
reply_line_text(const struct reply *r, size_t i, size_t *len)
{
	*len = r->line[i].len;
	return r->text + r->line[i].off;
}

void
reply_quote(char *dst, size_t dstlen, const char *s, size_t len)
{
	size_t	 i, o = 0;

	for (i = 0; i < len && o + 5 < dstlen; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			dst[o++] = (char)c;
		else
			o += (size_t)snprintf(dst + o, dstlen - o, "\\x%02x", c);
	}
	if (i < len && o + 4 < dstlen)
		o += (size_t)snprintf(dst + o, dstlen - o, "...");
	dst[o] = '\0';
}

static enum reply_status
reply_fail(struct reply_parser *p, const char *what, const char *s, size_t len)
{
	char	 q[64];

	reply_quote(q, sizeof(q), s, len);
	if (s != NULL)
		snprintf(p->err, sizeof(p->err), "%s: \"%s\"", what, q);
	else
		snprintf(p->err, sizeof(p->err), "%s", what);
	return REPLY_ERROR;
}

size_t
reply_enhanced(const char *s, size_t len, char *out)
{
	size_t	 i = 0, part, digits;

	if (len < 5 || (s[0] != '2' && s[0] != '4' && s[0] != '5') ||
	    s[1] != '.')
		return 0;
	i = 2;
	for (part = 0; part < 2; part++) {
		for (digits = 0; i < len && s[i] >= '0' && s[i] <= '9';
		    i++, digits++)
			;
		if (digits == 0 || digits > 3)
			return 0;
		if (part == 0) {
			if (i >= len || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < len && s[i] != ' ' && s[i] != '\t')
		return 0;
	memcpy(out, s, i);
	out[i] = '\0';
	return i;
}

static int
reply_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/* A line is complete in cur[0..keep); linelen is its size on the wire. */
static enum reply_status
reply_line(struct reply_parser *p, int cut)
{
	struct reply	*r = &p->r;
	const char	*s = p->cur;
	size_t		 len = p->keep, tlen;
	int		 code, last;

	if (len < 3 || !reply_isdigit(s[0]) || !reply_isdigit(s[1]) ||
	    !reply_isdigit(s[2]) || (len > 3 && s[3] != ' ' && s[3] != '-')) {
		if (p->prelude && !p->started) {
			/* a --pipe command's chatter is bounded too */
			p->noiselines++;
			p->noisebytes += p->linelen;
			if (p->noiselines > REPLY_PRELUDE_LINES ||
			    p->noisebytes > REPLY_PRELUDE_BYTES)
				return reply_fail(p, "more than 1000 lines or "
				    "64 KiB before the greeting", NULL, 0);
			p->noiselen = len;
			p->linelen = p->keep = 0;
			p->total = 0;
			return REPLY_NOISE;
		}
		return reply_fail(p, "malformed reply line", s, len);
	}
	code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
	if (code < 200 || code > 599)
		return reply_fail(p, "reply code outside 200-599", s, len);
	last = len == 3 || s[3] == ' ';
	if (r->nlines > 0 && code != r->code)
		r->flags |= REPLY_CODECHANGE;
	r->code = code;
	if (p->linelen > REPLY_LINE_LIMIT)
		r->flags |= REPLY_LONGLINE;
	if (cut)
		r->flags |= REPLY_TRUNCATED;
	tlen = len > 4 ? len - 4 : 0;
	r->line[r->nlines].off = p->textlen;
	r->line[r->nlines].len = tlen;
	r->line[r->nlines].code = code;
	memcpy(r->text + p->textlen, s + 4, tlen);
	p->textlen += tlen;
	if (r->nlines == 0)
		reply_enhanced(s + 4, tlen, r->enhanced);
	r->nlines++;
	p->started = 1;
	p->linelen = p->keep = 0;
	if (!last) {
		/* the next line would be one too many: say so now */
		if (r->nlines == REPLY_MAX_LINES)
			return reply_fail(p, "reply longer than 1000 lines",
			    NULL, 0);
		return REPLY_MORE;
	}
	r->bytes = p->total;
	p->ready = 1;
	return REPLY_READY;
}

enum reply_status
reply_feed(struct reply_parser *p, const char *buf, size_t len, size_t *used)
{
	size_t			 i = 0, n, take;
	const char		*nl;
	enum reply_status	 st;
	int			 cut;

	if (p->ready)
		reply_clear(p);
	p->noiselen = 0;
	while (i < len) {
		nl = memchr(buf + i, '\n', len - i);
		n = (nl != NULL ? (size_t)(nl - (buf + i)) + 1 : len - i);
		if (p->total + n > REPLY_MAX_BYTES) {
			*used = i + (REPLY_MAX_BYTES - p->total);
			return reply_fail(p, "reply larger than 64 KiB", NULL, 0);
		}
		p->total += n;
		p->linelen += n;
		take = n;
		if (p->keep + take > sizeof(p->cur))
			take = sizeof(p->cur) - p->keep;
		memcpy(p->cur + p->keep, buf + i, take);
		p->keep += take;
		i += n;
		if (nl == NULL)
			break;
		cut = p->linelen > p->keep;
		if (!cut) {
			p->keep--;		/* the LF */
			if (p->keep > 0 && p->cur[p->keep - 1] == '\r')
				p->keep--;
			else
				p->r.flags |= REPLY_BARELF;
		}
		if (p->keep > REPLY_LINE_KEEP) {
			p->keep = REPLY_LINE_KEEP;
			cut = 1;
		}
		st = reply_line(p, cut);
		if (st != REPLY_MORE) {
			*used = i;
			return st;
		}
	}
	*used = i;
	return REPLY_MORE;
}
