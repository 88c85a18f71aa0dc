/*
 * fuzz_dnsmsg.c: libFuzzer target for the DNS answer parser and TLSA
 * RDATA (net/dnsmsg.c, net/tlsa.c).  The input is a DNS message, parsed
 * from an exact-size copy.  Properties: every kept record's RDATA lies
 * inside the message; names are NUL-terminated, non-empty and printable
 * ASCII; MX and TLSA RDATA parse or fail cleanly and a parsed TLSA
 * formats within its buffer; a question name that parsed builds a query
 * that parses back to the same name.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dnsmsg.h"
#include "tlsa.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct dnsmsg	m, q;
static struct tlsa	t;

static void
check_name(const char *s)
{
	size_t	 n = strnlen(s, DNSMSG_NAME_MAX), i;

	if (n == 0 || n >= DNSMSG_NAME_MAX)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			abort();
}

/* An unescaped name (no \DDD) goes into a query and comes back equal. */
static void
check_query(const char *name)
{
	unsigned char	 b[DNSMSG_QUERY_MAX];
	const char	*why;
	int		 n;

	if (strchr(name, '\\') != NULL)
		return;
	if ((n = dnsmsg_query(b, sizeof(b), 7, name, DNSMSG_T_TLSA,
	    DNSMSG_Q_DO)) == -1)
		abort();
	if (dnsmsg_parse(b, (size_t)n, &q, &why) == -1 ||
	    !dnsmsg_name_eq(q.qname, name) || !q.edns || !q.dnssec_ok)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*buf;
	const char	*why = NULL;
	char		 host[DNSMSG_NAME_MAX], out[256];
	size_t		 i;
	int		 pref;

	if ((buf = malloc(size ? size : 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	if (dnsmsg_parse(buf, size, &m, &why) == -1) {
		if (why == NULL)
			abort();
		free(buf);
		return 0;
	}
	if (m.nan > DNSMSG_RR_MAX)
		abort();
	if (m.qname[0] != '\0') {
		check_name(m.qname);
		check_query(m.qname);
	}
	for (i = 0; i < m.nan; i++) {
		if (m.an[i].rdoff > size || m.an[i].rdlen > size -
		    m.an[i].rdoff)
			abort();
		check_name(m.an[i].name);
		if (dnsmsg_mx(&m, &m.an[i], &pref, host, sizeof(host)) == 0) {
			check_name(host);
			if (pref < 0 || pref > 65535)
				abort();
		}
		if (tlsa_parse(dnsmsg_rdata(&m, &m.an[i]), m.an[i].rdlen, &t,
		    &why) == 0) {
			tlsa_format(&t, out, sizeof(out), 0);
			if (strnlen(out, sizeof(out)) >= sizeof(out))
				abort();
			(void)tlsa_match(&t, buf, size);
		}
	}
	free(buf);
	return 0;
}
