/*
 * message.c: builds the send-mode message and streams it through one
 * MESSAGE_CHUNKMAX buffer; files are read in pieces on every emission.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/rand.h>

#include "base64.h"
#include "hdrenc.h"
#include "message.h"

#ifndef SMTPCLI_VERSION
#define SMTPCLI_VERSION	"unknown"
#endif

#define MESSAGE_FOLD	78	/* RFC 5322 2.1.1: SHOULD be no longer */
#define MESSAGE_B64LINE	57	/* raw octets per 76-character line */
/* Raw octets read per attachment piece: a multiple of MESSAGE_B64LINE. */
#define MESSAGE_RAWMAX	(MESSAGE_B64LINE * 256)
#define MESSAGE_BPREFIX	"=_smtpcli_"
#define MESSAGE_BRAND	16	/* random octets: 32 hex digits */
#define MESSAGE_TYPEMAX	200	/* longest attach_type */

static const char message_default_body[] =
    "This is a test message sent by smtpcli.\r\n";

/* Generated headers, in the order they are written. */
enum message_gen {
	MESSAGE_DATE,
	MESSAGE_MSGID,
	MESSAGE_FROM,
	MESSAGE_TO,
	MESSAGE_CC,
	MESSAGE_SUBJECT,
	MESSAGE_MIMEVER,
	MESSAGE_CTYPE,
	MESSAGE_CTE,
	MESSAGE_MAILER,
	MESSAGE_GEN_MAX
};

static const char *const message_gen_names[] = {
	"Date",
	"Message-ID",
	"From",
	"To",
	"Cc",
	"Subject",
	"MIME-Version",
	"Content-Type",
	"Content-Transfer-Encoding",
	"X-Mailer",
};
_Static_assert(sizeof(message_gen_names) / sizeof(message_gen_names[0]) ==
    MESSAGE_GEN_MAX, "message_gen_names matches enum message_gen");

static const struct {
	const char	*ext;
	const char	*type;
} message_types[] = {
	{ "csv",	"text/csv" },
	{ "eml",	"message/rfc822" },
	{ "gif",	"image/gif" },
	{ "gz",		"application/gzip" },
	{ "html",	"text/html" },
	{ "ics",	"text/calendar" },
	{ "jpeg",	"image/jpeg" },
	{ "jpg",	"image/jpeg" },
	{ "json",	"application/json" },
	{ "pdf",	"application/pdf" },
	{ "png",	"image/png" },
	{ "txt",	"text/plain" },
	{ "xml",	"application/xml" },
	{ "zip",	"application/zip" },
};

/* A --header split once at message_new(). */
struct message_hdr {
	const char	*name;
	size_t		 namelen;
	const char	*value;
	int		 gen;		/* the message_gen it replaces, or -1 */
};

struct message {
	struct message_opts	 o;
	struct message_hdr	*hdrs;
	int			 eightbit;
	int			 stdin_used;
	int			 utf8;	/* SMTPUTF8: headers stay UTF-8 */
	/* header texts as sent: RFC 2047-encoded unless SMTPUTF8 */
	const char		*from, *subject;
	const char		**to, **cc;
	char			**own;	/* what message_encode() made */
	size_t			  nown;
	int			 invalid;	/* a NUL was found */
	char			 boundary[sizeof(MESSAGE_BPREFIX) +
				    2 * MESSAGE_BRAND];
	char			 buf[MESSAGE_CHUNKMAX];
	unsigned char		 raw[MESSAGE_RAWMAX];
};

/* One emission: the buffer in front of the sink. */
struct message_out {
	struct message	*m;
	message_sink	*sink;
	void		*arg;
	size_t		 len;
	size_t		 col;		/* column in the current header line */
	char		*err;
	size_t		 errlen;
};

static int
message_flush(struct message_out *out)
{
	if (out->len == 0)
		return 0;
	if (out->sink(out->arg, out->m->buf, out->len) == -1) {
		snprintf(out->err, out->errlen, "message output stopped");
		return -1;
	}
	out->len = 0;
	return 0;
}

static int
message_put(struct message_out *out, const char *s, size_t len)
{
	size_t	 n;

	while (len > 0) {
		if (out->len == sizeof(out->m->buf) && message_flush(out) == -1)
			return -1;
		n = sizeof(out->m->buf) - out->len;
		if (n > len)
			n = len;
		memcpy(out->m->buf + out->len, s, n);
		out->len += n;
		s += n;
		len -= n;
	}
	return 0;
}

static int
message_puts(struct message_out *out, const char *s)
{
	return message_put(out, s, strlen(s));
}

static int
message_has_crlf(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/*
 * Open a file to read; a directory is refused here rather than at read.
 * With type set (the checks of message_new()), a FIFO without a writer
 * does not block, and anything but a regular file is refused: the
 * message is read for its size, then again for each message, and a
 * device (/dev/zero) may never end.  A pipe goes in as "-".
 */
static int
message_open(const struct message *m, const char *path, int *type,
    char *err, size_t errlen)
{
	const struct message_files	*f = m->o.files;
	int				 h, t;

	if ((h = f->open(f->arg, path, type != NULL, &t)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (t == MESSAGE_FDIR || (type != NULL && t != MESSAGE_FREG)) {
		snprintf(err, errlen, t == MESSAGE_FDIR ? "%s: is a directory" :
		    "%s: not a regular file (a message file is read for its "
		    "size, then again to send it); give a pipe's contents as "
		    "- (standard input)", path);
		f->close(f->arg, h);
		return -1;
	}
	if (type != NULL)
		*type = t;
	return h;
}

/* Read until len octets, end of file or an error. */
static ssize_t
message_read(const struct message *m, int h, void *buf, size_t len)
{
	const struct message_files	*f = m->o.files;
	size_t				 got = 0;
	ssize_t				 n;

	while (got < len) {
		n = f->read(f->arg, h, (char *)buf + got, len - got);
		if (n == -1)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/*
 * Refuse a NUL in message data (RFC 5321 4.1.1.4 and 2.3.8: it is not
 * text; servers cut the line there or refuse it): -1, m->invalid set and
 * err saying where (at: the offset of buf in the file).
 */
static int
message_nul(struct message *m, const char *buf, size_t len,
    const char *path, off_t at, char *err, size_t errlen)
{
	const char	*z;

	if ((z = memchr(buf, '\0', len)) == NULL)
		return 0;
	m->invalid = 1;
	snprintf(err, errlen, "%s: a NUL octet at offset %lld: message data "
	    "may not hold one (RFC 5321 4.1.1.4)", path,
	    (long long)(at + (z - buf)));
	return -1;
}

/*
 * Read path once for 8-bit octets and for a NUL (refused).  With data set, octets before the
 * first empty line are header octets.
 */
static int
message_scan(struct message *m, const char *path, int data, char *err,
    size_t errlen)
{
	ssize_t		 n, i;
	int		 h, type, inhdr = data, bol = 1;
	uint64_t	 w, acc;
	char		 c;
	off_t		 at = 0;

	if ((h = message_open(m, path, &type, err, errlen)) == -1)
		return -1;
	while ((n = message_read(m, h, m->buf, sizeof(m->buf))) > 0) {
		if (message_nul(m, m->buf, (size_t)n, path, at, err,
		    errlen) == -1)
			break;
		at += n;
		/* the header, octet by octet, up to its blank line */
		for (i = 0; i < n && inhdr; i++) {
			c = m->buf[i];
			if ((unsigned char)c > 127)
				m->eightbit |= MESSAGE_8BITHDR;
			if (c == '\r')
				continue;
			if (c == '\n') {
				if (bol)
					inhdr = 0;
				bol = 1;
			} else
				bol = 0;
		}
		/* the body: only whether an octet has its high bit set */
		for (acc = 0; i + 8 <= n; i += 8) {
			memcpy(&w, m->buf + i, sizeof(w));
			acc |= w;
		}
		for (; i < n; i++)
			acc |= (unsigned char)m->buf[i];
		if (acc & UINT64_C(0x8080808080808080))
			m->eightbit |= MESSAGE_8BITBODY;
	}
	if (n == -1)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	m->o.files->close(m->o.files->arg, h);
	return n == -1 || m->invalid ? -1 : 0;
}

/* Split and check a --header; its generated twin is found here. */
static int
message_parse_hdr(const char *line, struct message_hdr *h, char *err,
    size_t errlen)
{
	const char	*p;
	int		 g;

	for (p = line; *p > 32 && *p < 127 && *p != ':'; p++)
		;
	if (p == line || *p != ':') {
		snprintf(err, errlen, "--header %s: not \"Name: value\"",
		    line);
		return -1;
	}
	h->name = line;
	h->namelen = (size_t)(p - line);
	for (p++; *p == ' ' || *p == '\t'; p++)
		;
	h->value = p;
	h->gen = -1;
	for (g = 0; g < MESSAGE_GEN_MAX; g++)
		if (strlen(message_gen_names[g]) == h->namelen &&
		    strncasecmp(message_gen_names[g], line, h->namelen) == 0)
			h->gen = g;
	return 0;
}

/*
 * A boundary no body can contain in practice: 128 random bits.  The body
 * text is checked; a body file or stdin cannot be, but one whose text
 * does not depend on the draw contains this line at a given position
 * with probability 2^-128, so even 2^40 octets of body miss it with
 * probability above 1 - 2^-88.  Attachments are base64, whose alphabet
 * has no '_', so they can never contain it.
 */
static int
message_boundary(struct message *m, char *err, size_t errlen)
{
	static const char	 hex[] = "0123456789abcdef";
	unsigned char		 r[MESSAGE_BRAND];
	char			*p;
	size_t			 i;

	do {
		if (RAND_bytes(r, sizeof(r)) != 1) {
			snprintf(err, errlen, "RAND_bytes failed");
			return -1;
		}
		p = m->boundary;
		memcpy(p, MESSAGE_BPREFIX, sizeof(MESSAGE_BPREFIX) - 1);
		p += sizeof(MESSAGE_BPREFIX) - 1;
		for (i = 0; i < sizeof(r); i++) {
			*p++ = hex[r[i] >> 4];
			*p++ = hex[r[i] & 15];
		}
		*p = '\0';
	} while (m->o.body != NULL && m->o.body[0] != '@' &&
	    strstr(m->o.body, m->boundary) != NULL);
	return 0;
}

/* Refuse CR or LF in what; s may be NULL. */
static int
message_crlf(const char *what, const char *s, char *err, size_t errlen)
{
	if (s == NULL || !message_has_crlf(s))
		return 0;
	snprintf(err, errlen, "CR or LF in the %s", what);
	return -1;
}

/* Keep p (malloc'd) to free with the message; p itself, NULL if none. */
static const char *
message_own(struct message *m, char *p)
{
	char	**v;

	if (p == NULL || (v = reallocarray(m->own, m->nown + 1,
	    sizeof(*v))) == NULL) {
		free(p);
		return NULL;
	}
	m->own = v;
	m->own[m->nown++] = p;
	return p;
}

/* Mailboxes in their header form (display names encoded), into *out. */
static int
message_encode_list(struct message *m, const char *const *in, size_t n,
    const char ***out)
{
	size_t	 i;

	if (n == 0)
		return 0;
	if ((*out = calloc(n, sizeof(**out))) == NULL ||
	    message_own(m, (char *)*out) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		(*out)[i] = in[i];
		if (m->utf8 || !hdrenc_has_8bit(in[i]))
			continue;
		if (((*out)[i] = message_own(m, hdrenc_mailbox_hdr(in[i]))) ==
		    NULL && ((*out)[i] = message_own(m, hdrenc_words(in[i]))) ==
		    NULL)
			return -1;
	}
	return 0;
}

/*
 * The header texts as sent.  With SMTPUTF8 in use (asked for, or an
 * address needs it) they stay UTF-8 (RFC 6532) and count as 8-bit
 * headers; otherwise non-ASCII words become RFC 2047 encoded-words.
 */
static int
message_encode(struct message *m)
{
	const struct message_opts	*o = &m->o;
	size_t				 i;

	m->utf8 = o->smtputf8 || (o->from != NULL &&
	    hdrenc_addr_8bit(o->from));
	for (i = 0; i < o->nto; i++)
		m->utf8 |= hdrenc_addr_8bit(o->to[i]);
	for (i = 0; i < o->ncc; i++)
		m->utf8 |= hdrenc_addr_8bit(o->cc[i]);
	m->from = o->from;
	m->subject = o->subject;
	if (message_encode_list(m, o->to, o->nto, &m->to) == -1 ||
	    message_encode_list(m, o->cc, o->ncc, &m->cc) == -1)
		return -1;
	if (m->utf8) {
		for (i = 0; i < o->nheaders; i++)
			if (hdrenc_has_8bit(o->headers[i]))
				m->eightbit |= MESSAGE_8BITHDR;
		if ((o->from != NULL && hdrenc_has_8bit(o->from)) ||
		    (o->subject != NULL && hdrenc_has_8bit(o->subject)))
			m->eightbit |= MESSAGE_8BITHDR;
		for (i = 0; i < o->nto; i++)
			if (hdrenc_has_8bit(o->to[i]))
				m->eightbit |= MESSAGE_8BITHDR;
		for (i = 0; i < o->ncc; i++)
			if (hdrenc_has_8bit(o->cc[i]))
				m->eightbit |= MESSAGE_8BITHDR;
		return 0;
	}
	if (o->from != NULL && hdrenc_has_8bit(o->from) &&
	    (m->from = message_own(m, hdrenc_mailbox_hdr(o->from))) == NULL &&
	    (m->from = message_own(m, hdrenc_words(o->from))) == NULL)
		return -1;
	if (o->subject != NULL && hdrenc_has_8bit(o->subject) &&
	    (m->subject = message_own(m, hdrenc_words(o->subject))) == NULL)
		return -1;
	for (i = 0; i < o->nheaders; i++)
		if (hdrenc_has_8bit(m->hdrs[i].value) &&
		    (m->hdrs[i].value = message_own(m,
		    hdrenc_words(m->hdrs[i].value))) == NULL)
			return -1;
	return 0;
}

/* Every option check; err names the option at fault. */
static int
message_check(struct message *m, char *err, size_t errlen)
{
	const struct message_opts	*o = &m->o;
	size_t				 i;
	int				 h, type;

	if (o->data != NULL && (o->ncc > 0 || o->subject != NULL ||
	    o->nheaders > 0 || o->body != NULL || o->nattach > 0)) {
		snprintf(err, errlen, "--data excludes --cc, --subject, "
		    "--header, --body and --attach");
		return -1;
	}
	if (message_crlf("From", o->from, err, errlen) == -1 ||
	    message_crlf("Subject", o->subject, err, errlen) == -1 ||
	    message_crlf("host name", o->hostname, err, errlen) == -1 ||
	    message_crlf("attachment type", o->attach_type, err,
	    errlen) == -1)
		return -1;
	/* keeps the part's Content-Type within its buffer */
	if (o->attach_type != NULL && (o->attach_type[0] == '\0' ||
	    strlen(o->attach_type) > MESSAGE_TYPEMAX)) {
		snprintf(err, errlen, "attachment type: empty or too long");
		return -1;
	}
	for (i = 0; i < o->nto; i++)
		if (message_has_crlf(o->to[i])) {
			snprintf(err, errlen, "CR or LF in a To address");
			return -1;
		}
	for (i = 0; i < o->ncc; i++)
		if (message_has_crlf(o->cc[i])) {
			snprintf(err, errlen, "CR or LF in a Cc address");
			return -1;
		}
	for (i = 0; i < o->nheaders; i++) {
		if (message_has_crlf(o->headers[i])) {
			snprintf(err, errlen, "CR or LF in a --header");
			return -1;
		}
		if (message_parse_hdr(o->headers[i], &m->hdrs[i], err,
		    errlen) == -1)
			return -1;
	}
	if (message_encode(m) == -1) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if ((o->hostname != NULL && hdrenc_has_8bit(o->hostname)) ||
	    (o->attach_type != NULL && hdrenc_has_8bit(o->attach_type)))
		m->eightbit |= MESSAGE_8BITHDR;

	if (o->data != NULL && strcmp(o->data, "-") == 0)
		m->eightbit |= MESSAGE_8BITBODY;
	else if (o->data != NULL)
		return message_scan(m, o->data, 1, err, errlen);

	if (o->body != NULL && strcmp(o->body, "-") == 0)
		m->eightbit |= MESSAGE_8BITBODY;
	else if (o->body != NULL && o->body[0] == '@') {
		if (message_scan(m, o->body + 1, 0, err, errlen) == -1)
			return -1;
	} else if (o->body != NULL && hdrenc_has_8bit(o->body))
		m->eightbit |= MESSAGE_8BITBODY;

	for (i = 0; i < o->nattach; i++) {
		if ((h = message_open(m, o->attach[i], &type, err,
		    errlen)) == -1)
			return -1;
		o->files->close(o->files->arg, h);
	}
	if (o->nattach > 0)
		return message_boundary(m, err, errlen);
	return 0;
}

struct message *
message_new(const struct message_opts *o, char *err, size_t errlen,
    int *invalid)
{
	struct message	*m;

	if (invalid != NULL)
		*invalid = 0;
	if ((m = calloc(1, sizeof(*m))) == NULL ||
	    (o->nheaders > 0 &&
	    (m->hdrs = calloc(o->nheaders, sizeof(*m->hdrs))) == NULL)) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->o = *o;
	if (message_check(m, err, errlen) == -1) {
		if (invalid != NULL)
			*invalid = m->invalid;
		message_free(m);
		return NULL;
	}
	return m;
}

int
message_invalid(const struct message *m)
{
	return m->invalid;
}

void
message_free(struct message *m)
{
	if (m == NULL)
		return;
	free(m->hdrs);
	while (m->nown > 0)
		free(m->own[--m->nown]);
	free(m->own);
	free(m);
}

void
message_set_seq(struct message *m, unsigned long seq)
{
	m->o.seq = seq;
}

int
message_8bit(const struct message *m)
{
	return m->eightbit;
}

const char *
message_guess_type(const char *path)
{
	const char	*dot, *slash;
	size_t		 i;

	dot = strrchr(path, '.');
	slash = strrchr(path, '/');
	if (dot != NULL && (slash == NULL || dot > slash))
		for (i = 0; i < sizeof(message_types) /
		    sizeof(message_types[0]); i++)
			if (strcasecmp(dot + 1, message_types[i].ext) == 0)
				return message_types[i].type;
	return "application/octet-stream";
}

/* RFC 5322 3.3 date-time, always in UTC so that it is reproducible. */
static void
message_date(time_t t, char *out, size_t outlen)
{
	static const char	*days[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
				    "Fri", "Sat" };
	static const char	*months[] = { "Jan", "Feb", "Mar", "Apr",
				    "May", "Jun", "Jul", "Aug", "Sep", "Oct",
				    "Nov", "Dec" };
	struct tm		 tm;

	gmtime_r(&t, &tm);
	snprintf(out, outlen, "%s, %02d %s %04d %02d:%02d:%02d +0000",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Start a header line "Name: ". */
static int
message_hstart(struct message_out *out, const char *name, size_t namelen)
{
	out->col = namelen + 2;
	if (message_put(out, name, namelen) == -1 ||
	    message_put(out, ": ", 2) == -1)
		return -1;
	return 0;
}

/*
 * Append s to the header line, folding before a space or tab when the
 * line would pass MESSAGE_FOLD.  A word longer than a line stays whole.
 */
static int
message_hfold(struct message_out *out, const char *s)
{
	size_t	 ws, word;

	while (*s != '\0') {
		ws = strspn(s, " \t");
		word = strcspn(s + ws, " \t");
		/* no fold before trailing white space: no blank line */
		if (ws > 0 && word > 0 && out->col > 1 &&
		    out->col + ws + word > MESSAGE_FOLD) {
			if (message_put(out, "\r\n", 2) == -1)
				return -1;
			out->col = 0;
		}
		if (message_put(out, s, ws + word) == -1)
			return -1;
		out->col += ws + word;
		s += ws + word;
	}
	return 0;
}

static int
message_header(struct message_out *out, const char *name, const char *value)
{
	if (message_hstart(out, name, strlen(name)) == -1 ||
	    message_hfold(out, value) == -1 ||
	    message_put(out, "\r\n", 2) == -1)
		return -1;
	return 0;
}

/* An address list, folded only between addresses. */
static int
message_addrs(struct message_out *out, const char *name,
    const char *const *addr, size_t n)
{
	size_t	 i, len;

	if (message_hstart(out, name, strlen(name)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		len = strlen(addr[i]) + (i + 1 < n);
		if (i > 0 && out->col + 1 + len > MESSAGE_FOLD) {
			if (message_put(out, "\r\n", 2) == -1)
				return -1;
			out->col = 0;
		}
		if (i > 0 && message_put(out, " ", 1) == -1)
			return -1;
		if (message_puts(out, addr[i]) == -1 ||
		    (i + 1 < n && message_put(out, ",", 1) == -1))
			return -1;
		out->col += len + (i > 0);
	}
	return message_put(out, "\r\n", 2);
}

/* The generated header g, or the --header lines that replace it. */
static int
message_gen(struct message_out *out, int g)
{
	struct message			*m = out->m;
	const struct message_opts	*o = &m->o;
	char				 v[256], date[64];
	struct tm			 tm;
	size_t				 i;
	int				 replaced = 0;

	for (i = 0; i < o->nheaders; i++) {
		if (m->hdrs[i].gen != g)
			continue;
		replaced = 1;
		if (message_hstart(out, m->hdrs[i].name,
		    m->hdrs[i].namelen) == -1 ||
		    message_hfold(out, m->hdrs[i].value) == -1 ||
		    message_put(out, "\r\n", 2) == -1)
			return -1;
	}
	if (replaced)
		return 0;

	switch (g) {
	case MESSAGE_DATE:
		message_date(o->now, v, sizeof(v));
		return message_header(out, "Date", v);
	case MESSAGE_MSGID:
		gmtime_r(&o->now, &tm);
		if (message_puts(out, "Message-ID: ") == -1)
			return -1;
		snprintf(v, sizeof(v), "<%04d%02d%02d%02d%02d%02d.%08lu.%ld@",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, o->seq % 100000000UL,
		    o->pid);
		if (message_puts(out, v) == -1 || message_puts(out,
		    o->hostname != NULL ? o->hostname : "localhost") == -1)
			return -1;
		return message_put(out, ">\r\n", 3);
	case MESSAGE_FROM:
		return m->from == NULL ? 0 : message_header(out, "From",
		    m->from);
	case MESSAGE_TO:
		return o->nto == 0 ? 0 : message_addrs(out, "To", m->to,
		    o->nto);
	case MESSAGE_CC:
		return o->ncc == 0 ? 0 : message_addrs(out, "Cc", m->cc,
		    o->ncc);
	case MESSAGE_SUBJECT:
		if (m->subject != NULL)
			return message_header(out, "Subject", m->subject);
		message_date(o->now, date, sizeof(date));
		snprintf(v, sizeof(v), "smtpcli test %s", date);
		return message_header(out, "Subject", v);
	case MESSAGE_MIMEVER:
		return message_header(out, "MIME-Version", "1.0");
	case MESSAGE_CTYPE:
		if (o->nattach == 0)
			return message_header(out, "Content-Type",
			    "text/plain; charset=utf-8");
		snprintf(v, sizeof(v), "multipart/mixed; boundary=\"%s\"",
		    m->boundary);
		return message_header(out, "Content-Type", v);
	case MESSAGE_CTE:
		return message_header(out, "Content-Transfer-Encoding",
		    m->eightbit & MESSAGE_8BITBODY ? "8bit" : "7bit");
	case MESSAGE_MAILER:
		return message_header(out, "X-Mailer",
		    "smtpcli " SMTPCLI_VERSION);
	}
	return 0;
}

static int
message_headers(struct message_out *out)
{
	size_t	 i;
	int	 g;

	for (g = 0; g < MESSAGE_GEN_MAX; g++)
		if (message_gen(out, g) == -1)
			return -1;
	for (i = 0; i < out->m->o.nheaders; i++) {
		if (out->m->hdrs[i].gen != -1)
			continue;
		if (message_hstart(out, out->m->hdrs[i].name,
		    out->m->hdrs[i].namelen) == -1 ||
		    message_hfold(out, out->m->hdrs[i].value) == -1 ||
		    message_put(out, "\r\n", 2) == -1)
			return -1;
	}
	return message_put(out, "\r\n", 2);
}

/* Open path, or stdin for "-" (once per message). */
static int
message_source(struct message_out *out, const char *path)
{
	const struct message_files	*f = out->m->o.files;
	int				 h, type;

	if (strcmp(path, "-") != 0)
		return message_open(out->m, path, NULL, out->err,
		    out->errlen);
	if (out->m->stdin_used) {
		snprintf(out->err, out->errlen,
		    "stdin can be read only once");
		return -1;
	}
	out->m->stdin_used = 1;
	if ((h = f->open(f->arg, NULL, 0, &type)) == -1)
		snprintf(out->err, out->errlen, "stdin: %s",
		    strerror(errno));
	return h;
}

/* Copy a file or stdin as is, read straight into the buffer. */
static int
message_copy(struct message_out *out, const char *path)
{
	const struct message_files	*f = out->m->o.files;
	ssize_t				 n;
	int				 h, rc = 0;
	off_t				 at = 0;

	if ((h = message_source(out, path)) == -1)
		return -1;
	for (;;) {
		if (out->len == sizeof(out->m->buf) &&
		    message_flush(out) == -1) {
			rc = -1;
			break;
		}
		n = f->read(f->arg, h, out->m->buf + out->len,
		    sizeof(out->m->buf) - out->len);
		if (n == -1) {
			snprintf(out->err, out->errlen, "%s: %s",
			    strcmp(path, "-") == 0 ? "stdin" : path,
			    strerror(errno));
			rc = -1;
		}
		if (n <= 0)
			break;
		/* the chunk with the NUL goes nowhere: the emission stops */
		if (message_nul(out->m, out->m->buf + out->len, (size_t)n,
		    strcmp(path, "-") == 0 ? "stdin" : path, at, out->err,
		    out->errlen) == -1) {
			rc = -1;
			break;
		}
		at += n;
		out->len += (size_t)n;
	}
	f->close(f->arg, h);
	return rc;
}

static int
message_body(struct message_out *out)
{
	const char	*b = out->m->o.body;

	if (b == NULL)
		return message_puts(out, message_default_body);
	if (b[0] == '@')
		return message_copy(out, b + 1);
	if (strcmp(b, "-") == 0)
		return message_copy(out, b);
	return message_puts(out, b);
}

/* Stream path as base64 lines of 76 characters. */
static int
message_base64(struct message_out *out, const char *path)
{
	char	 line[BASE64_ENCLEN(MESSAGE_B64LINE) + 1];
	ssize_t	 n, i, k;
	size_t	 len;
	int	 h, rc = 0;

	if ((h = message_open(out->m, path, NULL, out->err,
	    out->errlen)) == -1)
		return -1;
	/* whole pieces are multiples of 57: only the last line is short */
	while ((n = message_read(out->m, h, out->m->raw,
	    sizeof(out->m->raw))) > 0) {
		for (i = 0; i < n; i += MESSAGE_B64LINE) {
			k = n - i < MESSAGE_B64LINE ? n - i : MESSAGE_B64LINE;
			len = base64_encode(out->m->raw + i, (size_t)k, line);
			line[len++] = '\r';
			line[len++] = '\n';
			if (message_put(out, line, len) == -1) {
				rc = -1;
				goto done;
			}
		}
		if ((size_t)n < sizeof(out->m->raw))
			break;
	}
	if (n == -1) {
		snprintf(out->err, out->errlen, "%s: %s", path,
		    strerror(errno));
		rc = -1;
	}
done:
	out->m->o.files->close(out->m->o.files->arg, h);
	return rc;
}

/*
 * The file name for the part headers: the basename, with anything that
 * would need RFC 2231 encoding or quoting (non-ASCII, controls, '"',
 * '\\') replaced by '_'.
 */
static void
message_filename(const char *path, char *out, size_t outlen)
{
	const char	*base, *s;
	size_t		 i = 0;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	for (s = base; *s != '\0' && i + 1 < outlen; s++)
		out[i++] = (*s < 32 || *s > 126 || *s == '"' ||
		    *s == '\\') ? '_' : *s;
	out[i] = '\0';
}

static int
message_part(struct message_out *out, const char *path)
{
	const struct message_opts	*o = &out->m->o;
	char				 name[256], v[512];
	const char			*type;

	message_filename(path, name, sizeof(name));
	type = o->attach_type != NULL ? o->attach_type :
	    message_guess_type(path);
	snprintf(v, sizeof(v), "%s; name=\"%s\"", type, name);
	if (message_header(out, "Content-Type", v) == -1)
		return -1;
	snprintf(v, sizeof(v), "attachment; filename=\"%s\"", name);
	if (message_header(out, "Content-Disposition", v) == -1 ||
	    message_header(out, "Content-Transfer-Encoding", "base64") == -1 ||
	    message_put(out, "\r\n", 2) == -1)
		return -1;
	return message_base64(out, path);
}

/*
 * Each delimiter is CRLF "--boundary": that CRLF belongs to the
 * delimiter, so the text part holds the body octets exactly.
 */
static int
message_multipart(struct message_out *out)
{
	const struct message_opts	*o = &out->m->o;
	const char			*b = out->m->boundary;
	size_t				 i;

	if (message_puts(out, "--") == -1 || message_puts(out, b) == -1 ||
	    message_put(out, "\r\n", 2) == -1 ||
	    message_header(out, "Content-Type",
	    "text/plain; charset=utf-8") == -1 ||
	    message_header(out, "Content-Transfer-Encoding",
	    out->m->eightbit & MESSAGE_8BITBODY ? "8bit" : "7bit") == -1 ||
	    message_put(out, "\r\n", 2) == -1 || message_body(out) == -1)
		return -1;
	for (i = 0; i < o->nattach; i++)
		if (message_puts(out, "\r\n--") == -1 ||
		    message_puts(out, b) == -1 ||
		    message_put(out, "\r\n", 2) == -1 ||
		    message_part(out, o->attach[i]) == -1)
			return -1;
	if (message_puts(out, "\r\n--") == -1 || message_puts(out, b) == -1 ||
	    message_puts(out, "--\r\n") == -1)
		return -1;
	return 0;
}

int
message_emit(struct message *m, message_sink *sink, void *arg, char *err,
    size_t errlen)
{
	struct message_out	 out;
	int			 rc;

	memset(&out, 0, sizeof(out));
	out.m = m;
	out.sink = sink;
	out.arg = arg;
	out.err = err;
	out.errlen = errlen;

	if (m->o.data != NULL)
		rc = message_copy(&out, m->o.data);
	else if (message_headers(&out) == -1)
		rc = -1;
	else if (m->o.nattach > 0)
		rc = message_multipart(&out);
	else
		rc = message_body(&out);
	if (rc == 0)
		rc = message_flush(&out);
	return rc;
}
