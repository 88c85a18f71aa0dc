/*
 * dnsmsg.c: DNS query builder and answer parser.  Pure.  Every length
 * and offset read from a message is checked against the message before
 * use; compression pointers go backwards only, so a name cannot loop.
 */
#include <stdio.h>
#include <string.h>

#include "dnsmsg.h"

#define DNSMSG_HDR	12
#define DNSMSG_JUMPS	128

static unsigned int
dnsmsg_u16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static void
dnsmsg_put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

int
dnsmsg_query(unsigned char *buf, size_t len, unsigned int id,
    const char *name, unsigned int qtype, int flags)
{
	size_t		 o = DNSMSG_HDR, n, wire = 1;
	const char	*p = name, *dot;

	if (len < DNSMSG_QUERY_MAX || name == NULL)
		return -1;
	memset(buf, 0, DNSMSG_HDR);
	dnsmsg_put16(buf, id & 0xffff);
	buf[2] = 0x01;			/* RD */
	/* AD in a query asks for the AD bit back (RFC 6840 s5.7) */
	buf[3] = (flags & DNSMSG_Q_CD) ? 0x10 : 0x20;
	dnsmsg_put16(buf + 4, 1);
	if (strcmp(name, ".") == 0)
		p = "";
	while (*p != '\0') {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n == 0 || n > 63)
			return -1;
		wire += n + 1;
		if (wire > 255)
			return -1;
		buf[o++] = (unsigned char)n;
		for (; n > 0; n--, p++) {
			if (*p == '\\' || (unsigned char)*p <= ' ' ||
			    (unsigned char)*p >= 0x7f)
				return -1;
			buf[o++] = (unsigned char)*p;
		}
		if (*p == '.')
			p++;
	}
	buf[o++] = 0;
	dnsmsg_put16(buf + o, qtype);
	dnsmsg_put16(buf + o + 2, DNSMSG_C_IN);
	o += 4;
	if (flags & DNSMSG_Q_DO) {
		dnsmsg_put16(buf + 10, 1);	/* ARCOUNT */
		buf[o++] = 0;			/* root owner */
		dnsmsg_put16(buf + o, DNSMSG_T_OPT);
		dnsmsg_put16(buf + o + 2, DNSMSG_EDNS_SIZE);
		buf[o + 4] = 0;			/* extended rcode */
		buf[o + 5] = 0;			/* version */
		buf[o + 6] = 0x80;		/* DO */
		buf[o + 7] = 0;
		dnsmsg_put16(buf + o + 8, 0);	/* no options */
		o += 10;
	}
	return (int)o;
}

/* Append one label in presentation form; -1 when out has no room. */
static int
dnsmsg_label(const unsigned char *l, size_t n, char *out, size_t outlen,
    size_t *w)
{
	size_t	 i;
	int	 c;

	for (i = 0; i < n; i++) {
		c = l[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (*w + 2 > outlen)
				return -1;
			out[(*w)++] = (char)c;
		} else {
			if (*w + 5 > outlen)
				return -1;
			snprintf(out + *w, 5, "\\%03d", c);
			*w += 4;
		}
	}
	return 0;
}

int
dnsmsg_name(const unsigned char *buf, size_t len, size_t *off, char *out,
    size_t outlen)
{
	size_t		 o = *off, w = 0, wire = 1, end = 0, n, ptr;
	int		 jumps = 0, jumped = 0;
	unsigned char	 c;

	if (outlen < 2)
		return -1;
	for (;;) {
		if (o >= len)
			return -1;
		c = buf[o];
		if ((c & 0xc0) == 0xc0) {
			if (o + 1 >= len || ++jumps > DNSMSG_JUMPS)
				return -1;
			ptr = (size_t)(c & 0x3f) << 8 | buf[o + 1];
			/* backwards only: no loop, however the bytes lie */
			if (ptr >= o)
				return -1;
			if (!jumped)
				end = o + 2;
			jumped = 1;
			o = ptr;
			continue;
		}
		if ((c & 0xc0) != 0)
			return -1;	/* 0x40, 0x80: obsolete label types */
		if (c == 0) {
			if (!jumped)
				end = o + 1;
			break;
		}
		n = c;
		if (o + 1 + n > len || (wire += n + 1) > 255)
			return -1;
		if (w > 0) {
			if (w + 2 > outlen)
				return -1;
			out[w++] = '.';
		}
		if (dnsmsg_label(buf + o + 1, n, out, outlen, &w) == -1)
			return -1;
		o += 1 + n;
	}
	if (w == 0)
		out[w++] = '.';
	out[w] = '\0';
	*off = end;
	return 0;
}

/* Skip a name, a type, a class and a TTL, and the RDATA of an RR. */
static int
dnsmsg_rr(const unsigned char *buf, size_t len, size_t *off,
    struct dnsmsg_rr *rr)
{
	size_t	 o = *off;

	if (dnsmsg_name(buf, len, &o, rr->name, sizeof(rr->name)) == -1 ||
	    o + 10 > len)
		return -1;
	rr->type = dnsmsg_u16(buf + o);
	rr->class = dnsmsg_u16(buf + o + 2);
	rr->ttl = (unsigned long)buf[o + 4] << 24 |
	    (unsigned long)buf[o + 5] << 16 |
	    (unsigned long)buf[o + 6] << 8 | buf[o + 7];
	rr->rdlen = dnsmsg_u16(buf + o + 8);
	rr->rdoff = o + 10;
	if (rr->rdoff + rr->rdlen > len)
		return -1;
	*off = rr->rdoff + rr->rdlen;
	return 0;
}

static void
dnsmsg_header(const unsigned char *buf, struct dnsmsg *m)
{
	m->id = dnsmsg_u16(buf);
	m->qr = (buf[2] & 0x80) != 0;
	m->aa = (buf[2] & 0x04) != 0;
	m->tc = (buf[2] & 0x02) != 0;
	m->rd = (buf[2] & 0x01) != 0;
	m->ra = (buf[3] & 0x80) != 0;
	m->ad = (buf[3] & 0x20) != 0;
	m->cd = (buf[3] & 0x10) != 0;
	m->rcode = buf[3] & 0x0f;
}

int
dnsmsg_parse(const unsigned char *buf, size_t len, struct dnsmsg *m,
    const char **why)
{
	struct dnsmsg_rr rr;
	unsigned int	 qd, an, ns, ar, i;
	size_t		 o = DNSMSG_HDR;

	memset(m, 0, sizeof(*m));
	m->buf = buf;
	m->len = len;
	if (len < DNSMSG_HDR) {
		*why = "DNS answer shorter than its header";
		return -1;
	}
	dnsmsg_header(buf, m);
	qd = dnsmsg_u16(buf + 4);
	an = dnsmsg_u16(buf + 6);
	ns = dnsmsg_u16(buf + 8);
	ar = dnsmsg_u16(buf + 10);
	if (qd > 1) {
		*why = "DNS answer with more than one question";
		return -1;
	}
	if (qd == 1) {
		if (dnsmsg_name(buf, len, &o, m->qname, sizeof(m->qname)) ==
		    -1 || o + 4 > len) {
			*why = "malformed question in the DNS answer";
			return -1;
		}
		m->qtype = dnsmsg_u16(buf + o);
		o += 4;
	}
	for (i = 0; i < an; i++) {
		if (dnsmsg_rr(buf, len, &o, &rr) == -1) {
			*why = "malformed answer record";
			return -1;
		}
		if (rr.type == DNSMSG_T_RRSIG)
			m->nrrsig++;
		if (m->nan < DNSMSG_RR_MAX)
			m->an[m->nan++] = rr;
		else
			m->an_dropped++;
	}
	for (i = 0; i < ns + ar; i++) {
		if (dnsmsg_rr(buf, len, &o, &rr) == -1) {
			*why = i < ns ? "malformed authority record" :
			    "malformed additional record";
			return -1;
		}
		if (i >= ns && rr.type == DNSMSG_T_OPT && !m->edns) {
			m->edns = 1;
			/* the TTL holds extended rcode, version, DO */
			m->rcode |= (int)((rr.ttl >> 24) & 0xff) << 4;
			m->dnssec_ok = (rr.ttl & 0x8000) != 0;
		}
	}
	return 0;
}

int
dnsmsg_mx(const struct dnsmsg *m, const struct dnsmsg_rr *rr, int *pref,
    char *host, size_t hostlen)
{
	size_t	 o = rr->rdoff;

	if (rr->type != DNSMSG_T_MX || rr->rdlen < 3)
		return -1;
	*pref = (int)dnsmsg_u16(m->buf + o);
	o += 2;
	/* the name may point back into the message, not past the RDATA */
	if (dnsmsg_name(m->buf, rr->rdoff + rr->rdlen, &o, host, hostlen) ==
	    -1 || o != rr->rdoff + rr->rdlen)
		return -1;
	return 0;
}

const unsigned char *
dnsmsg_rdata(const struct dnsmsg *m, const struct dnsmsg_rr *rr)
{
	return m->buf + rr->rdoff;
}

int
dnsmsg_name_eq(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);
	char	 ca, cb;

	if (la > 1 && a[la - 1] == '.')
		la--;
	if (lb > 1 && b[lb - 1] == '.')
		lb--;
	if (la != lb)
		return 0;
	for (; la > 0; la--, a++, b++) {
		ca = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
		cb = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
		if (ca != cb)
			return 0;
	}
	return 1;
}

const char *
dnsmsg_rcode_name(int rcode, char *buf, size_t len)
{
	static const char *const names[] = { "NOERROR", "FORMERR",
	    "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED" };

	if (rcode >= 0 && (size_t)rcode < sizeof(names) / sizeof(names[0]))
		return names[rcode];
	snprintf(buf, len, "RCODE %d", rcode);
	return buf;
}
