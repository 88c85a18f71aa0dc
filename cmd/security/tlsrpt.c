/*
 * tlsrpt.c: TLS-RPT records (RFC 8460 3): the version, the rua field
 * and the syntax of each mailto: and https: URI, pure.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "tlsrpt.h"

#define TLSRPT_RFC	"RFC 8460 s3"
#define TLSRPT_URI_MAX	512

static int
tlsrpt_wsp(int c)
{
	return c == ' ' || c == '\t';
}

/* RFC 3986 characters a URI may hold, less "," and ";" (RFC 8460 3). */
static int
tlsrpt_uri_char(int c)
{
	/* c != 0: strchr() finds the terminating NUL too */
	return isalnum(c) || (c != '\0' &&
	    strchr("-._~:/?#[]@!$&'()*+=%", c) != NULL);
}

/* NULL when u (n octets) is a usable report URI, else why not. */
static const char *
tlsrpt_uri_why(const char *u, size_t n)
{
	const char	*at, *host;
	size_t		 i;

	if (n == 0)
		return "an empty URI";
	if (n > TLSRPT_URI_MAX)
		return "a URI longer than 512 characters";
	for (i = 0; i < n; i++) {
		if (!tlsrpt_uri_char((unsigned char)u[i]))
			return "a character a URI cannot hold (commas and "
			    "semicolons must be %-encoded)";
		if (u[i] == '%' && (i + 2 >= n ||
		    !isxdigit((unsigned char)u[i + 1]) ||
		    !isxdigit((unsigned char)u[i + 2])))
			return "a \"%\" not followed by two hex digits";
	}
	if (n > 7 && strncasecmp(u, "mailto:", 7) == 0) {
		at = memchr(u + 7, '@', n - 7);
		if (at == NULL || at == u + 7 || at + 1 >= u + n ||
		    memchr(at + 1, '@', (size_t)(u + n - at - 1)) != NULL)
			return "a mailto: URI without one local@domain "
			    "address";
		if (memchr(at + 1, '.', (size_t)(u + n - at - 1)) == NULL)
			return "a mailto: address whose domain has no dot";
		return NULL;
	}
	if (n > 8 && strncasecmp(u, "https://", 8) == 0) {
		host = u + 8;
		if (host >= u + n || *host == '/' || *host == '?' ||
		    *host == ':')
			return "an https: URI without a host";
		return NULL;
	}
	return "a URI that is neither mailto: nor https:";
}

/* Checks each URI of a rua value; returns how many are bad. */
static int
tlsrpt_rua(const char *v, size_t n, const char *subject,
    const char *evidence, struct findings *f)
{
	size_t		 i = 0, s, e;
	int		 bad = 0;
	const char	*why;

	while (i <= n) {
		s = i;
		while (i < n && v[i] != ',')
			i++;
		e = i;
		while (s < e && tlsrpt_wsp((unsigned char)v[s]))
			s++;
		while (e > s && tlsrpt_wsp((unsigned char)v[e - 1]))
			e--;
		if ((why = tlsrpt_uri_why(v + s, e - s)) != NULL) {
			finding_add(f, "tlsrpt-uri", FINDING_WARN, TLSRPT_RFC,
			    subject, evidence, "report URI \"%.*s\": %s",
			    (int)(e - s > 200 ? 200 : e - s), v + s, why);
			bad++;
		}
		i++;
	}
	return bad;
}

int
tlsrpt_record(const char *txt, size_t len, const char *subject,
    struct findings *f)
{
	char		 ev[FINDING_EVIDENCE_LEN];
	size_t		 i = 10, s, e, n, rua = 0;
	int		 bad = 0;

	if (len < 10 || memcmp(txt, "v=TLSRPTv1", 10) != 0)
		return 0;
	n = len < sizeof(ev) - 1 ? len : sizeof(ev) - 1;
	memcpy(ev, txt, n);
	ev[n] = '\0';
	while (i < len && tlsrpt_wsp((unsigned char)txt[i]))
		i++;
	if (i < len && txt[i] != ';') {
		finding_add(f, "tlsrpt-syntax", FINDING_WARN, TLSRPT_RFC,
		    subject, ev, "the version is not exactly \"v=TLSRPTv1\" "
		    "followed by \";\": senders ignore the record");
		return -1;
	}
	while (i < len) {
		s = ++i;
		while (i < len && txt[i] != ';')
			i++;
		e = i;
		while (s < e && tlsrpt_wsp((unsigned char)txt[s]))
			s++;
		while (e > s && tlsrpt_wsp((unsigned char)txt[e - 1]))
			e--;
		if (e - s < 4 || strncmp(txt + s, "rua=", 4) != 0)
			continue;
		if (rua++ == 0)
			bad += tlsrpt_rua(txt + s + 4, e - s - 4, subject, ev,
			    f);
	}
	if (rua != 1) {
		finding_add(f, "tlsrpt-syntax", FINDING_WARN, TLSRPT_RFC,
		    subject, ev, rua == 0 ? "no rua= field: reports have "
		    "nowhere to go" : "more than one rua= field");
		return -1;
	}
	if (bad > 0)
		return -1;
	finding_add(f, "tlsrpt-ok", FINDING_PASS, TLSRPT_RFC, subject, ev,
	    "TLS-RPT record valid: failure reports are sent to its rua "
	    "URIs");
	return 1;
}
