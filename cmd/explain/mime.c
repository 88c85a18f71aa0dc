/*
 * mime.c: a streaming MIME reader, just enough of RFC 2045/2046 for
 * bounce messages: header fields unfolded, a stack of boundaries, each
 * part's transfer encoding and charset undone a line at a time.
 */
#include <string.h>
#include <strings.h>

#include "base64.h"
#include "mime.h"

#define MIME_WS(c)	((c) == ' ' || (c) == '\t')

void
mime_init(struct mime *m)
{
	memset(m, 0, sizeof(*m));
	m->state = MIME_START;
}

/* "Name:" with no blank before the colon, or an mbox "From " line. */
static int
mime_is_header(const char *s, size_t len)
{
	size_t	 i;

	if (len >= 5 && memcmp(s, "From ", 5) == 0)
		return 1;
	for (i = 0; i < len && i < 76; i++) {
		if (s[i] == ':')
			return i > 0;
		if (s[i] <= ' ' || s[i] > '~')
			return 0;
	}
	return 0;
}

static void
mime_emit(struct mime *m, mime_cb *cb, void *arg)
{
	size_t	 n = m->len;

	if (n > 0 && m->out[n - 1] == '\r')
		n--;
	cb(arg, m->out, n, !m->skip);
	m->len = 0;
}

/*
 * windows-1252's 0x80-0x9f (0: undefined there, kept as the C1 control).
 * Mail labelled ISO-8859-1 uses them too (WHATWG's Encoding standard
 * reads both labels as windows-1252): a C1 control is never meant.
 */
static const unsigned short mime_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

/* One decoded byte: a line break ends the line, 8859-1 becomes UTF-8. */
static void
mime_put(struct mime *m, unsigned char c, mime_cb *cb, void *arg)
{
	unsigned int	 u = c;

	if (c == '\n') {
		mime_emit(m, cb, arg);
		return;
	}
	if (m->len + 3 > sizeof(m->out))
		return;
	if (c < 0x80 || !m->latin1) {
		m->out[m->len++] = (char)c;
		return;
	}
	if (c < 0xa0 && mime_cp1252[c - 0x80] != 0)
		u = mime_cp1252[c - 0x80];
	if (u < 0x800)
		m->out[m->len++] = (char)(0xc0 | (u >> 6));
	else {
		m->out[m->len++] = (char)(0xe0 | (u >> 12));
		m->out[m->len++] = (char)(0x80 | ((u >> 6) & 0x3f));
	}
	m->out[m->len++] = (char)(0x80 | (u & 0x3f));
}

static void
mime_base64(struct mime *m, const char *s, size_t len, mime_cb *cb,
    void *arg)
{
	size_t	 i;
	int	 v, k;

	for (i = 0; i < len; i++) {
		if (s[i] == '=') {
			/* padding: flush what the quad holds */
			if (m->nb64 >= 2)
				mime_put(m, (unsigned char)(m->b64[0] << 2 |
				    m->b64[1] >> 4), cb, arg);
			if (m->nb64 == 3)
				mime_put(m, (unsigned char)(m->b64[1] << 4 |
				    m->b64[2] >> 2), cb, arg);
			m->nb64 = 0;
			continue;
		}
		if ((v = base64_value(s[i])) < 0)
			continue;
		m->b64[m->nb64++] = (unsigned char)v;
		if (m->nb64 < 4)
			continue;
		for (k = 0; k < 3; k++)
			mime_put(m, (unsigned char)(k == 0 ?
			    m->b64[0] << 2 | m->b64[1] >> 4 : k == 1 ?
			    m->b64[1] << 4 | m->b64[2] >> 2 :
			    m->b64[2] << 6 | m->b64[3]), cb, arg);
		m->nb64 = 0;
	}
}

static int
mime_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Quoted-printable: "=XX" is a byte, a final "=" joins the next line. */
static void
mime_qp(struct mime *m, const char *s, size_t len, mime_cb *cb, void *arg)
{
	size_t	 i;
	int	 hi, lo;

	while (len > 0 && MIME_WS(s[len - 1]))
		len--;
	for (i = 0; i < len; i++) {
		if (s[i] != '=') {
			mime_put(m, (unsigned char)s[i], cb, arg);
			continue;
		}
		if (i + 1 == len)
			return;		/* soft line break */
		if (i + 2 < len && (hi = mime_hex(s[i + 1])) >= 0 &&
		    (lo = mime_hex(s[i + 2])) >= 0) {
			mime_put(m, (unsigned char)(hi << 4 | lo), cb, arg);
			i += 2;
		} else
			mime_put(m, '=', cb, arg);
	}
	mime_emit(m, cb, arg);
}

/* The value of parameter name ("boundary") in v, unquoted, into out. */
static void
mime_param(const char *v, const char *name, char *out, size_t sz)
{
	size_t	 n = strlen(name), i, k = 0;
	char	 end = ';';

	out[0] = '\0';
	for (i = 0; v[i] != '\0'; i++) {
		if (strncasecmp(v + i, name, n) != 0 || v[i + n] != '=' ||
		    (i > 0 && v[i - 1] != ';' && !MIME_WS(v[i - 1])))
			continue;
		i += n + 1;
		if (v[i] == '"') {
			end = '"';
			i++;
		}
		for (; v[i] != '\0' && v[i] != end && k + 1 < sz; i++) {
			if (end == ';' && MIME_WS(v[i]))
				break;
			out[k++] = v[i];
		}
		out[k] = '\0';
		return;
	}
}

/* Whether Content-Type value v is the type name (not a longer one). */
static int
mime_type_is(const char *v, const char *name)
{
	size_t	 n = strlen(name);

	return strncasecmp(v, name, n) == 0 && (v[n] == '\0' ||
	    v[n] == ';' || MIME_WS(v[n]));
}

/* A header block ended: the part's type, encoding and charset. */
static void
mime_header_end(struct mime *m)
{
	char	 cs[32];

	m->enc = strncasecmp(m->cenc, "base64", 6) == 0 ? MIME_BASE64 :
	    strncasecmp(m->cenc, "quoted-printable", 16) == 0 ? MIME_QP :
	    MIME_IDENTITY;
	mime_param(m->ctype, "charset", cs, sizeof(cs));
	m->latin1 = strcasecmp(cs, "iso-8859-1") == 0 ||
	    strcasecmp(cs, "windows-1252") == 0 ||
	    strcasecmp(cs, "latin1") == 0;
	/* the returned message; message/global-delivery-status is read */
	m->skip = mime_type_is(m->ctype, "message/rfc822") ||
	    mime_type_is(m->ctype, "text/rfc822-headers") ||
	    mime_type_is(m->ctype, "message/global") ||
	    mime_type_is(m->ctype, "message/global-headers");
	mime_param(m->ctype, "boundary", m->next, sizeof(m->next));
	if (strncasecmp(m->ctype, "multipart/", 10) == 0 &&
	    m->next[0] != '\0' && m->depth < MIME_DEPTH) {
		memcpy(m->bound[m->depth++], m->next, sizeof(m->next));
		m->enc = MIME_IDENTITY;
		m->skip = 0;
	}
	m->nb64 = 0;
	m->state = MIME_BODY;
}

/* Append a header value (or its folded continuation) to the field. */
static void
mime_field(struct mime *m, const char *s, size_t len)
{
	char	*dst = m->field == 't' ? m->ctype : m->cenc;
	size_t	 sz, have = strlen(dst);

	sz = m->field == 't' ? sizeof(m->ctype) : sizeof(m->cenc);
	while (len > 0 && MIME_WS(*s)) {
		s++;
		len--;
	}
	if (have > 0 && have + 1 < sz)
		dst[have++] = ' ';
	if (len > sz - 1 - have)
		len = sz - 1 - have;
	memcpy(dst + have, s, len);
	dst[have + len] = '\0';
}

static void
mime_header(struct mime *m, const char *s, size_t len, mime_cb *cb,
    void *arg)
{
	cb(arg, s, len, 1);
	if (len == 0) {
		mime_header_end(m);
		return;
	}
	if (MIME_WS(s[0])) {
		if (m->field != 0)
			mime_field(m, s, len);
		return;
	}
	m->field = 0;
	if (len > 13 && strncasecmp(s, "content-type:", 13) == 0) {
		m->field = 't';
		mime_field(m, s + 13, len - 13);
	} else if (len > 26 && strncasecmp(s,
	    "content-transfer-encoding:", 26) == 0) {
		m->field = 'e';
		mime_field(m, s + 26, len - 26);
	}
}

/* A boundary line of an open multipart: the level it closes to. */
static int
mime_boundary(struct mime *m, const char *s, size_t len, int *close)
{
	size_t	 n;
	int	 k;

	if (len < 3 || s[0] != '-' || s[1] != '-')
		return -1;
	for (k = m->depth - 1; k >= 0; k--) {
		n = strlen(m->bound[k]);
		if (len >= n + 2 && memcmp(s + 2, m->bound[k], n) == 0) {
			*close = len >= n + 4 && s[n + 2] == '-' &&
			    s[n + 3] == '-';
			return k;
		}
	}
	return -1;
}

static void
mime_body(struct mime *m, const char *s, size_t len, mime_cb *cb,
    void *arg)
{
	int	 k, close = 0;

	if (m->depth > 0 && (k = mime_boundary(m, s, len, &close)) >= 0) {
		if (m->len > 0)
			mime_emit(m, cb, arg);
		m->skip = 0;
		cb(arg, s, len, 1);
		m->depth = close ? k : k + 1;
		m->enc = MIME_IDENTITY;
		m->latin1 = 0;
		if (!close) {
			m->state = MIME_HEADER;
			m->ctype[0] = m->cenc[0] = '\0';
			m->field = 0;
		}
		return;
	}
	switch (m->enc) {
	case MIME_BASE64:
		if (m->skip)
			break;
		mime_base64(m, s, len, cb, arg);
		return;
	case MIME_QP:
		if (m->skip)
			break;
		mime_qp(m, s, len, cb, arg);
		return;
	default:
		if (!m->latin1 || m->skip)
			break;
		for (; len > 0; len--)
			mime_put(m, (unsigned char)*s++, cb, arg);
		mime_emit(m, cb, arg);
		return;
	}
	cb(arg, s, len, !m->skip);
}

void
mime_feed(struct mime *m, const char *s, size_t len, mime_cb *cb,
    void *arg)
{
	if (m->state == MIME_PLAIN) {
		cb(arg, s, len, 1);
		return;
	}
	if (len > 0 && s[len - 1] == '\r')
		len--;
	if (m->state == MIME_START)
		m->state = mime_is_header(s, len) ? MIME_HEADER : MIME_PLAIN;
	switch (m->state) {
	case MIME_PLAIN:
		cb(arg, s, len, 1);
		break;
	case MIME_HEADER:
		mime_header(m, s, len, cb, arg);
		break;
	default:
		mime_body(m, s, len, cb, arg);
		break;
	}
}

void
mime_end(struct mime *m, mime_cb *cb, void *arg)
{
	if (m->len > 0)
		mime_emit(m, cb, arg);
}
