/*
 * dnsmsg.h: DNS messages (RFC 1035, EDNS0 RFC 6891, DNSSEC bits RFC
 * 4035/6840) for the DANE checks: a query with the DO bit, and a bounded
 * parser of the answer that keeps the header bits (AD above all) and the
 * answer records.  Pure: bytes in, fields out; every byte is hostile.
 */
#ifndef SMTPCLI_DNSMSG_H
#define SMTPCLI_DNSMSG_H

#include <stddef.h>

#define DNSMSG_QUERY_MAX	300	/* a query we build fits */
#define DNSMSG_NAME_MAX		1024	/* presentation form, \DDD escaped */
#define DNSMSG_RR_MAX		64	/* answer records kept */
#define DNSMSG_EDNS_SIZE	1232	/* UDP payload we announce */

/* The record types the checks ask for or read. */
#define DNSMSG_T_A	1
#define DNSMSG_T_CNAME	5
#define DNSMSG_T_SOA	6
#define DNSMSG_T_MX	15
#define DNSMSG_T_AAAA	28
#define DNSMSG_T_OPT	41
#define DNSMSG_T_RRSIG	46
#define DNSMSG_T_TLSA	52
#define DNSMSG_C_IN	1

/* Response codes (the extended ones come from the OPT record). */
#define DNSMSG_NOERROR	0
#define DNSMSG_SERVFAIL	2
#define DNSMSG_NXDOMAIN	3
#define DNSMSG_REFUSED	5

/* dnsmsg_query() flags */
#define DNSMSG_Q_DO	0x01	/* EDNS0 with the DNSSEC OK bit */
#define DNSMSG_Q_CD	0x02	/* checking disabled: bogus data too */

/* One resource record of the answer section; rdata stays in the message. */
struct dnsmsg_rr {
	char		 name[DNSMSG_NAME_MAX];	/* owner, no trailing dot */
	unsigned int	 type;
	unsigned int	 class;
	unsigned long	 ttl;
	size_t		 rdoff;		/* offset of the RDATA in the message */
	size_t		 rdlen;
};

/* A parsed answer.  buf is the caller's and must outlive the fields. */
struct dnsmsg {
	const unsigned char *buf;
	size_t		 len;
	unsigned int	 id;
	int		 qr, aa, tc, rd, ra, ad, cd;
	int		 rcode;		/* with the OPT record's upper bits */
	int		 edns;		/* an OPT record came back */
	int		 dnssec_ok;	/* ... with the DO bit */
	char		 qname[DNSMSG_NAME_MAX];	/* "" without question */
	unsigned int	 qtype;
	size_t		 nan;		/* answer records kept */
	size_t		 an_dropped;	/* beyond DNSMSG_RR_MAX */
	size_t		 nrrsig;	/* RRSIG records in the answer */
	struct dnsmsg_rr an[DNSMSG_RR_MAX];
};

/*
 * Build a query for name (a host name, a trailing dot allowed; "." is
 * the root) and qtype into buf (len at least DNSMSG_QUERY_MAX is always
 * enough), recursion desired, with the given flags.  Returns the length,
 * or -1 when the name is not a valid DNS name (empty label, label over
 * 63 octets, name over 255, a backslash or a byte outside the printable
 * ASCII range) or buf is too small.
 */
int		 dnsmsg_query(unsigned char *buf, size_t len, unsigned int id,
		    const char *name, unsigned int qtype, int flags);

/*
 * Parse the message buf[0..len) into *m: the header, the question, the
 * answer section (at most DNSMSG_RR_MAX records kept, the rest counted),
 * and the OPT record of the additional section.  Compression pointers
 * must point backwards and are followed at most 128 times per name.
 * Returns 0, or -1 with *why (a static string) for a malformed message.
 */
int		 dnsmsg_parse(const unsigned char *buf, size_t len,
		    struct dnsmsg *m, const char **why);

/*
 * The name at *off of m's message in presentation form (labels joined by
 * dots, bytes other than letters, digits, '-' and '_' as \DDD, no
 * trailing dot; the root is "."), *off moved past it.  Returns 0, or -1
 * for a bad name (out of bounds, loop, over 255 octets, bad label type).
 */
int		 dnsmsg_name(const unsigned char *buf, size_t len, size_t *off,
		    char *out, size_t outlen);

/*
 * The MX record rr of m: its preference and host name.  Returns 0, or -1
 * when the RDATA is malformed.
 */
int		 dnsmsg_mx(const struct dnsmsg *, const struct dnsmsg_rr *,
		    int *pref, char *host, size_t hostlen);

/* The RDATA of rr (rr->rdlen octets inside m's message). */
const unsigned char *dnsmsg_rdata(const struct dnsmsg *,
		    const struct dnsmsg_rr *);

/* Nonzero when two names in presentation form are equal (case-blind). */
int		 dnsmsg_name_eq(const char *, const char *);

/* "NOERROR", "SERVFAIL", "NXDOMAIN", ...; "RCODE n" for others (buf). */
const char	*dnsmsg_rcode_name(int rcode, char *buf, size_t len);

#endif
