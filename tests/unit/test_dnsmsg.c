/*
 * test_dnsmsg.c: the DNS message builder and parser (net/dnsmsg.c) and
 * TLSA records (net/tlsa.c): a query's exact bytes, an answer with
 * compression, AD and DO bits, MX and TLSA RDATA, and the hostile cases:
 * truncation, pointer loops and forward pointers, over-long names,
 * records past the end, bad label types; TLSA usability, matching
 * against known digests, formatting.
 */
#include <string.h>

#include "check.h"
#include "dnsmsg.h"
#include "tlsa.h"

/* A message being written by hand. */
struct wbuf {
	unsigned char	 b[1024];
	size_t		 n;
};

static void
put(struct wbuf *w, const void *p, size_t n)
{
	memcpy(w->b + w->n, p, n);
	w->n += n;
}

static void
put16(struct wbuf *w, unsigned int v)
{
	unsigned char	 b[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	put(w, b, 2);
}

static void
put_rrhead(struct wbuf *w, const void *name, size_t nlen, unsigned int type,
    unsigned int rdlen)
{
	put(w, name, nlen);
	put16(w, type);
	put16(w, DNSMSG_C_IN);
	put(w, "\0\0\x0e\x10", 4);
	put16(w, rdlen);
}

static void
test_query(void)
{
	unsigned char	 b[DNSMSG_QUERY_MAX];
	static const unsigned char want[] = { 0x12, 0x34, 0x01, 0x20, 0, 1, 0,
	    0, 0, 0, 0, 1, 3, '_', '2', '5', 4, '_', 't', 'c', 'p', 2, 'm',
	    'x', 0, 0, 52, 0, 1, 0, 0, 41, 0x04, 0xd0, 0, 0, 0x80, 0, 0, 0 };
	char		 lon[300];
	int		 n;

	n = dnsmsg_query(b, sizeof(b), 0x1234, "_25._tcp.mx.", DNSMSG_T_TLSA,
	    DNSMSG_Q_DO);
	CHECK(n == (int)sizeof(want) && memcmp(b, want, sizeof(want)) == 0,
	    "TLSA query bytes (n=%d)", n);
	n = dnsmsg_query(b, sizeof(b), 1, "a.b", DNSMSG_T_A, DNSMSG_Q_CD);
	CHECK(n == 12 + 5 + 4 && b[3] == 0x10 && b[11] == 0,
	    "CD query, no OPT (n=%d)", n);
	n = dnsmsg_query(b, sizeof(b), 1, ".", DNSMSG_T_SOA, DNSMSG_Q_DO);
	CHECK(n == 12 + 1 + 4 + 11 && b[12] == 0, "root query (n=%d)", n);
	CHECK(dnsmsg_query(b, sizeof(b), 1, "a..b", 1, 0) == -1, "empty "
	    "label");
	CHECK(dnsmsg_query(b, sizeof(b), 1, "", 1, 0) == 12 + 5,
	    "empty name is the root");
	CHECK(dnsmsg_query(b, sizeof(b), 1, "a b", 1, 0) == -1, "space");
	CHECK(dnsmsg_query(b, sizeof(b), 1, "a\\.b", 1, 0) == -1,
	    "backslash");
	memset(lon, 'a', 64);
	lon[64] = '\0';
	CHECK(dnsmsg_query(b, sizeof(b), 1, lon, 1, 0) == -1, "64-octet "
	    "label");
	memset(lon, 'a', sizeof(lon));
	for (n = 63; n < 299; n += 64)
		lon[n] = '.';
	lon[299] = '\0';
	CHECK(dnsmsg_query(b, sizeof(b), 1, lon, 1, 0) == -1, "name over "
	    "255 octets");
	CHECK(dnsmsg_query(b, 10, 1, "a", 1, 0) == -1, "small buffer");
}

/* An answer: MX of "ex.test" (compressed), AD, an RRSIG, OPT with DO. */
static size_t
make_answer(struct wbuf *w, int ad)
{
	static const unsigned char qn[] = "\x02" "ex" "\x04" "test";

	w->n = 0;
	put(w, "\xab\xcd\x81", 3);
	put(w, ad ? "\xa0" : "\x80", 1);
	put16(w, 1);
	put16(w, 3);
	put16(w, 0);
	put16(w, 1);
	put(w, qn, sizeof(qn));		/* offset 12 */
	put16(w, DNSMSG_T_MX);
	put16(w, 1);
	/* 10 mx.ex.test, the name "mx" then a pointer to offset 12 */
	put_rrhead(w, "\xc0\x0c", 2, DNSMSG_T_MX, 2 + 3 + 2);
	put(w, "\0\x0a\x02mx\xc0\x0c", 7);
	/* 20 MX.ex.test again, uppercase, a pointer to the first name */
	put_rrhead(w, "\xc0\x0c", 2, DNSMSG_T_MX, 2 + 4 + 2);
	put(w, "\0\x14\x01M\x01X\xc0\x0c", 8);
	put_rrhead(w, "\xc0\x0c", 2, DNSMSG_T_RRSIG, 3);
	put(w, "sig", 3);
	/* OPT: extended rcode 0, DO */
	put(w, "\0", 1);
	put16(w, DNSMSG_T_OPT);
	put16(w, 1232);
	put(w, "\0\0\x80\0", 4);
	put16(w, 0);
	return w->n;
}

static void
test_parse(void)
{
	struct wbuf	 w;
	struct dnsmsg	 m;
	const char	*why = NULL;
	char		 host[DNSMSG_NAME_MAX];
	int		 pref = -1;
	size_t		 n, cut;

	n = make_answer(&w, 1);
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == 0, "parse: %s", why);
	CHECK(m.id == 0xabcd && m.qr && m.rd && m.ra && m.ad && !m.cd &&
	    m.rcode == 0 && m.edns && m.dnssec_ok, "header bits");
	CHECK(strcmp(m.qname, "ex.test") == 0 && m.qtype == DNSMSG_T_MX,
	    "question %s", m.qname);
	CHECK(m.nan == 3 && m.nrrsig == 1 && m.an_dropped == 0, "answers %zu",
	    m.nan);
	CHECK(dnsmsg_mx(&m, &m.an[0], &pref, host, sizeof(host)) == 0 &&
	    pref == 10 && strcmp(host, "mx.ex.test") == 0, "MX 1: %d %s",
	    pref, host);
	CHECK(dnsmsg_mx(&m, &m.an[1], &pref, host, sizeof(host)) == 0 &&
	    pref == 20 && strcmp(host, "M.X.ex.test") == 0, "MX 2: %s",
	    host);
	CHECK(dnsmsg_name_eq("m.x.EX.test.", host), "names compare "
	    "case-blind");
	CHECK(dnsmsg_mx(&m, &m.an[2], &pref, host, sizeof(host)) == -1,
	    "an RRSIG is no MX");
	n = make_answer(&w, 0);
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == 0 && !m.ad, "no AD");
	/* every truncation is refused, none read past the end */
	for (cut = 0; cut < n; cut++)
		CHECK(dnsmsg_parse(w.b, cut, &m, &why) == -1, "cut at %zu "
		    "parsed", cut);
	/* a forward pointer, a pointer to itself */
	n = make_answer(&w, 1);
	w.b[12 + 9 + 4 + 0] = 0xc0;
	w.b[12 + 9 + 4 + 1] = 0xff;
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == -1, "forward pointer");
	n = make_answer(&w, 1);
	w.b[12 + 9 + 4 + 1] = 12 + 9 + 4;
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == -1, "pointer to itself");
	/* label type 0x40 */
	n = make_answer(&w, 1);
	w.b[12] = 0x42;
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == -1, "label type 01");
	/* an RDATA length past the end */
	n = make_answer(&w, 1);
	w.b[12 + 9 + 4 + 2 + 8] = 0x40;
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == -1, "rdlen past the end");
	/* an extended rcode (BADVERS = 16) */
	n = make_answer(&w, 1);
	w.b[n - 6] = 1;
	CHECK(dnsmsg_parse(w.b, n, &m, &why) == 0 && m.rcode == 16,
	    "extended rcode %d", m.rcode);
}

static void
test_names(void)
{
	unsigned char	 b[600];
	char		 out[DNSMSG_NAME_MAX];
	size_t		 o, i;

	/* a name escaped for printing */
	memcpy(b, "\x03" "a.\x01" "\x02" "b\n" "\0", 8);
	o = 0;
	CHECK(dnsmsg_name(b, 8, &o, out, sizeof(out)) == 0 &&
	    strcmp(out, "a\\046\\001.b\\010") == 0 && o == 8, "escaped: %s",
	    out);
	/* the root */
	o = 0;
	CHECK(dnsmsg_name(b + 7, 1, &o, out, sizeof(out)) == 0 &&
	    strcmp(out, ".") == 0, "root: %s", out);
	/* 256 octets on the wire */
	for (i = 0; i < 4; i++) {
		b[i * 64] = 63;
		memset(b + i * 64 + 1, 'x', 63);
	}
	b[256] = 0;
	o = 0;
	CHECK(dnsmsg_name(b, 257, &o, out, sizeof(out)) == -1, "name of 257 "
	    "octets");
	/* a chain of backward pointers is fine, 200 of them are not */
	b[0] = 0;
	for (i = 1; i < 201; i++) {
		size_t	 to = i == 1 ? 0 : 2 * i - 3;

		b[2 * i - 1] = (unsigned char)(0xc0 | to >> 8);
		b[2 * i] = (unsigned char)to;
	}
	o = 1;
	CHECK(dnsmsg_name(b, 3, &o, out, sizeof(out)) == 0 && o == 3,
	    "one pointer");
	o = 2 * 200 - 1;
	CHECK(dnsmsg_name(b, 2 * 200 + 1, &o, out, sizeof(out)) == -1,
	    "200 pointers refused");
	/* small output buffer */
	memcpy(b, "\x05" "abcde" "\0", 7);
	o = 0;
	CHECK(dnsmsg_name(b, 7, &o, out, 5) == -1, "name longer than out");
}

static void
test_tlsa(void)
{
	/* SHA-256 and SHA-512 of "abc" */
	static const unsigned char s256[] = { 0xba, 0x78, 0x16, 0xbf, 0x8f,
	    0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
	    0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff,
	    0x61, 0xf2, 0x00, 0x15, 0xad };
	unsigned char	 rd[80];
	struct tlsa	 t, u;
	const char	*why = NULL;
	char		 out[200], nb[16];

	rd[0] = 3;
	rd[1] = 1;
	rd[2] = 1;
	memcpy(rd + 3, s256, 32);
	CHECK(tlsa_parse(rd, 35, &t, &why) == 0 && t.len == 32, "parse");
	CHECK(tlsa_usable(&t) == TLSA_USABLE, "3 1 1 usable");
	CHECK(tlsa_match(&t, (const unsigned char *)"abc", 3), "matches abc");
	CHECK(!tlsa_match(&t, (const unsigned char *)"abd", 3), "not abd");
	tlsa_format(&t, out, sizeof(out), 0);
	CHECK(strcmp(out, "3 1 1 ba7816bf8f01cfea414140de5dae2223b00361a39617"
	    "7a9cb410ff61f20015ad") == 0, "format: %s", out);
	tlsa_format(&t, out, sizeof(out), 8);
	CHECK(strcmp(out, "3 1 1 ba7816bf...") == 0, "cut: %s", out);
	tlsa_format(&t, out, 12, 0);
	CHECK(strlen(out) < 12 && strncmp(out, "3 1 1 ", 6) == 0, "small: %s",
	    out);
	tlsa_format(&t, out, 7, 0);
	CHECK(strlen(out) < 7, "tiny: %s", out);
	CHECK(tlsa_make(&u, 3, 1, 1, (const unsigned char *)"abc", 3) == 0 &&
	    tlsa_eq(&t, &u), "make = parse");
	CHECK(tlsa_make(&u, 3, 1, 2, (const unsigned char *)"abc", 3) == 0 &&
	    u.len == 64 && u.data[0] == 0xdd && u.data[63] == 0x9f,
	    "SHA-512");
	CHECK(tlsa_make(&u, 3, 1, 0, (const unsigned char *)"abc", 3) == -1,
	    "no make of a full record");
	/* 3 1 0: the data itself */
	rd[2] = 0;
	memcpy(rd + 3, "abc", 3);
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_match(&t,
	    (const unsigned char *)"abc", 3) && !tlsa_match(&t,
	    (const unsigned char *)"abcd", 4), "full match");
	rd[0] = 1;
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_usable(&t) ==
	    TLSA_UNUSABLE_PKIX && !tlsa_match(&t, (const unsigned char *)
	    "abc", 3), "usage 1 unusable, never matches");
	rd[0] = 4;
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_usable(&t) ==
	    TLSA_UNUSABLE_USAGE, "usage 4");
	rd[0] = 2;
	rd[1] = 2;
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_usable(&t) ==
	    TLSA_UNUSABLE_SELECTOR, "selector 2");
	rd[1] = 0;
	rd[2] = 3;
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_usable(&t) ==
	    TLSA_UNUSABLE_MTYPE, "mtype 3");
	rd[2] = 1;
	CHECK(tlsa_parse(rd, 6, &t, &why) == 0 && tlsa_usable(&t) ==
	    TLSA_UNUSABLE_LENGTH, "3-octet SHA-256");
	CHECK(tlsa_parse(rd, 3, &t, &why) == -1, "no data");
	CHECK(tlsa_parse(rd, TLSA_DATA_MAX + 4, &t, &why) == -1, "too long");
	CHECK(strcmp(tlsa_usage_name(2, nb, sizeof(nb)), "DANE-TA") == 0 &&
	    strcmp(tlsa_usage_name(9, nb, sizeof(nb)), "usage 9") == 0,
	    "usage names");
	CHECK(tlsa_unusable_words(TLSA_UNUSABLE_PKIX)[0] != '\0',
	    "words");
}

int
main(void)
{
	char	 b[16];

	test_query();
	test_parse();
	test_names();
	test_tlsa();
	CHECK(strcmp(dnsmsg_rcode_name(3, b, sizeof(b)), "NXDOMAIN") == 0 &&
	    strcmp(dnsmsg_rcode_name(16, b, sizeof(b)), "RCODE 16") == 0,
	    "rcode names");
	return check_done();
}
