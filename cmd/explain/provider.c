/*
 * provider.c: provider-specific codes and texts.  Where a provider's
 * meaning departs from the RFC's, the note says both.
 */
#include <string.h>
#include <strings.h>

#include "provider.h"

#define MS_AUTH	"https://learn.microsoft.com/en-us/exchange/" \
		"clients-and-mobile-in-exchange-online/" \
		"authenticated-client-smtp-submission"
#define MS_DBEB	"https://learn.microsoft.com/en-us/exchange/mail-flow-" \
		"best-practices/use-directory-based-edge-blocking"
#define MS_OAUTH "https://learn.microsoft.com/en-us/exchange/client-" \
		"developer/legacy-protocols/how-to-authenticate-an-imap-" \
		"pop-smtp-application-by-using-oauth"
#define GMAIL	"https://support.google.com/a/answer/3726730"
#define GMAIL_SENDERS "https://support.google.com/mail/answer/81126"
#define GMAIL_OAUTH "https://developers.google.com/gmail/imap/xoauth2-" \
		"protocol"
#define YAHOO	"https://senders.yahooinc.com/smtp-error-codes/"

static const struct provider_row provider_rows[] = {
	{ "Microsoft 365", 0, "5.7.30", NULL, VERB_AUTH,
	    "after AUTH, 'Basic authentication is not supported for Client "
	    "Submission': a password login is refused; log in with OAuth 2.0 "
	    "(XOAUTH2).  This is not RFC 8689's 5.7.30, 'REQUIRETLS support "
	    "required', which answers MAIL or the end of data", MS_AUTH,
	    "log in with OAuth 2.0 (XOAUTH2, --auth XOAUTH2) instead of a "
	    "password" },
	{ "Microsoft 365", 0, "5.7.30", "basic authentication", VERB_NONE,
	    "'Basic authentication is not supported for Client Submission': "
	    "log in with OAuth 2.0 (XOAUTH2); RFC 8689's 5.7.30 means "
	    "'REQUIRETLS support required' instead", MS_AUTH,
	    "log in with OAuth 2.0 (XOAUTH2, --auth XOAUTH2) instead of a "
	    "password" },
	{ "Microsoft 365", 0, "5.7.139", NULL, VERB_NONE,
	    "'Authentication unsuccessful': SMTP AUTH is off for the tenant "
	    "or the mailbox (SmtpClientAuthenticationDisabled), or security "
	    "defaults or MFA refuse a password login; turn on Authenticated "
	    "SMTP for the mailbox, or use OAuth 2.0.  Microsoft is retiring "
	    "Basic authentication for SMTP AUTH", MS_AUTH,
	    "turn on Authenticated SMTP for the mailbox (and the tenant), or "
	    "log in with OAuth 2.0 (XOAUTH2)" },
	{ "Microsoft 365", 0, "5.5.124", NULL, VERB_NONE,
	    "the XOAUTH2 data was not accepted: the base64 of 'user=...^A"
	    "auth=Bearer TOKEN^A^A' is malformed or the token is not for "
	    "this mailbox or scope (https://outlook.office.com/SMTP.Send)",
	    MS_OAUTH, NULL },
	{ "Microsoft 365", 0, "5.4.1", "as(201806281)", VERB_NONE,
	    "Directory-Based Edge Blocking: the recipient address does not "
	    "exist in the receiving tenant, an unknown user; RFC 3463's "
	    "X.4.1 means 'No answer from host', which this is not", MS_DBEB,
	    "the address does not exist in that Microsoft 365 tenant: check "
	    "it (spelling, domain); its admin can check the directory sync" },
	{ "Microsoft 365", 0, "5.7.57", NULL, VERB_NONE,
	    "'Client not authenticated to send mail': log in (AUTH after "
	    "STARTTLS on port 587) before MAIL FROM; 5.7.57 is Microsoft's "
	    "own, not in the IANA registry", MS_AUTH, NULL },
	{ "Outlook.com", 0, NULL, "s3150", VERB_NONE,
	    "S3150: the sending IP is on Microsoft's block list; ask for "
	    "delisting at https://sender.office.com", "https://sender."
	    "office.com", NULL },
	{ "Gmail", 0, "5.7.25", NULL, VERB_NONE,
	    "the sending IP has no PTR (reverse DNS) record, or it does not "
	    "match; Gmail requires one, for IPv6 too (RFC 7372: 'Reverse "
	    "DNS validation failed')", GMAIL_SENDERS,
	    "give the sending IP a PTR record whose name resolves back to it "
	    "(for IPv6 too)" },
	{ "Gmail", 0, "5.7.26", NULL, VERB_NONE,
	    "the sender is unauthenticated: neither SPF nor DKIM passes for "
	    "the From: domain, or DMARC fails (RFC 7372: 'Multiple "
	    "authentication checks failed')", GMAIL, NULL },
	{ "Gmail", 0, "5.7.27", NULL, VERB_NONE,
	    "Gmail sends it when SPF does not pass for the sending domain; "
	    "RFC 7505's 5.7.27 is 'Sender address has null MX'", GMAIL,
	    "make SPF pass for the envelope sender domain (list this IP)" },
	{ "Gmail", 0, "4.7.23", NULL, VERB_NONE,
	    "rate limited for now: the sending IP has no PTR record, or the "
	    "name it gives does not resolve back to the IP (IPv4 and IPv6); "
	    "the registry's X.7.23 is 'SPF validation failed'",
	    GMAIL_SENDERS,
	    "give the sending IP a PTR record whose name resolves back to it "
	    "(for IPv6 too), then retry" },
	{ "Gmail", 0, "4.7.27", NULL, VERB_NONE,
	    "rate limited for now because SPF does not pass for the sending "
	    "domain; RFC 7505's X.7.27 is 'Sender address has null MX'",
	    GMAIL,
	    "make SPF pass for the envelope sender domain (list this IP), "
	    "then retry" },
	{ "Gmail", 0, "5.7.1", "ipv6 sending guidelines", VERB_NONE,
	    "mail over IPv6 needs a PTR record that resolves back to the "
	    "sending IP, and SPF or DKIM passing", GMAIL_SENDERS, NULL },
	{ "Gmail", 0, "4.7.28", NULL, VERB_NONE,
	    "an unusual rate of unsolicited mail from this IP or domain: "
	    "send less, fix the complaints, retry later (the registry's "
	    "X.7.28 is 'Mail flood detected')", GMAIL, NULL },
	{ "Gmail", 0, "5.7.1", "likely unsolicited", VERB_NONE,
	    "the message was judged spam: content and sender reputation "
	    "(Postmaster Tools show it)", GMAIL, NULL },
	{ "Gmail", 0, "5.7.1", "not authorized to send email directly",
	    VERB_NONE, "this IP (often a dynamic or residential one) may "
	    "not send to Gmail directly: relay through your provider",
	    GMAIL, NULL },
	{ "Gmail", 0, "5.7.1", "dmarc", VERB_NONE,
	    "refused by the From: domain's DMARC policy: align SPF or DKIM "
	    "with the From: domain", GMAIL, NULL },
	{ "Gmail", 334, NULL, "eyjzdgf0dxmioi", VERB_NONE,
	    "a base64 JSON error challenge to XOAUTH2 ({\"status\":\"400\" "
	    "or \"401\", \"schemes\", \"scope\"}): the token was refused; "
	    "answer with an empty line to get the final 535, then refresh "
	    "the token or fix its scope (https://mail.google.com/)",
	    GMAIL_OAUTH, NULL },
	{ "Yahoo", 421, "4.7.0", "[tss04]", VERB_NONE,
	    "TSS04: mail from this IP is deferred for now because of its "
	    "volume or user complaints: slow down, retry later", YAHOO, NULL },
	{ "Yahoo", 0, NULL, "[tss09]", VERB_NONE,
	    "TSS09: all mail from this IP will be deferred, retrying will "
	    "not help; look after the IP's reputation first", YAHOO, NULL },
	{ "iCloud Mail", 0, NULL, "[cs01]", VERB_NONE,
	    "CS01: refused by iCloud's local policy (content or "
	    "reputation)", "https://support.apple.com/en-us/102322", NULL },
	{ "iCloud Mail", 0, NULL, "[hm08]", VERB_NONE,
	    "HM08: refused by iCloud's local policy for the sending host",
	    "https://support.apple.com/en-us/102322", NULL },
	{ "Comcast", 0, NULL, "bl00000", VERB_NONE,
	    "BL codes: the sending IP is on Comcast's or a public block "
	    "list", "https://postmaster.comcast.net/smtp-error-codes.php",
	    NULL },
	{ "Comcast", 0, NULL, "rl00000", VERB_NONE,
	    "RL codes: rate limited, too many connections or messages",
	    "https://postmaster.comcast.net/smtp-error-codes.php", NULL },
	{ "GMX/web.de", 0, NULL, "postmaster.gmx", VERB_NONE,
	    "the link's c= code names the cause on GMX's error page "
	    "(block list, reputation, policy)",
	    "https://postmaster.gmx.net/en/error-messages", NULL },
	{ "GMX/web.de", 0, NULL, "postmaster.web.de", VERB_NONE,
	    "the link's c= code names the cause on web.de's error page "
	    "(block list, reputation, policy)",
	    "https://postmaster.web.de/en/error-messages", NULL },
};

#define PROVIDER_N	(sizeof(provider_rows) / sizeof(provider_rows[0]))

size_t
provider_count(void)
{
	return PROVIDER_N;
}

const struct provider_row *
provider_at(size_t i)
{
	return i < PROVIDER_N ? &provider_rows[i] : NULL;
}

/*
 * Whether lower-case needle occurs in the text, case-blind: its first
 * byte in either case found by memchr (a log passes here per reply).
 */
static int
provider_has(const char *t, size_t len, const char *needle)
{
	const char	*p, *end = t + len;
	size_t		 n = strlen(needle);
	int		 c[2], k;

	c[0] = (unsigned char)needle[0];
	c[1] = c[0] >= 'a' && c[0] <= 'z' ? c[0] - 'a' + 'A' : c[0];
	for (k = 0; k < (c[1] != c[0] ? 2 : 1); k++)
		for (p = t; (size_t)(end - p) >= n && (p = memchr(p, c[k],
		    (size_t)(end - p) - n + 1)) != NULL; p++)
			if (strncasecmp(p, needle, n) == 0)
				return 1;
	return 0;
}

static int
provider_fits(const struct provider_row *r, int code, const char *enh,
    enum verb v, const char *t, size_t len)
{
	if (r->code != 0 && code != 0 && r->code != code)
		return 0;
	if (r->enhanced != NULL && strcmp(r->enhanced, enh) != 0)
		return 0;
	if (r->verb != VERB_NONE && v != VERB_NONE && r->verb != v)
		return 0;
	if (r->needle == NULL)
		return r->enhanced != NULL;
	/* without a text (explain 5.4.1), a row for the code shows too */
	if (t == NULL)
		return r->enhanced != NULL;
	return provider_has(t, len, r->needle);
}

const char *
provider_hint(int code, const char *enh, enum verb v, const char *t,
    size_t len)
{
	const struct provider_row	*r;
	size_t				 pos = 0;

	while ((r = provider_next(&pos, code, enh, v, t, len)) != NULL)
		if (r->hint != NULL && (r->needle == NULL || len > 0))
			return r->hint;
	return NULL;
}

const struct provider_row *
provider_next(size_t *pos, int code, const char *enh, enum verb v,
    const char *t, size_t len)
{
	const struct provider_row	*r;

	if (enh == NULL)
		enh = "";
	while (*pos < PROVIDER_N) {
		r = &provider_rows[(*pos)++];
		if (provider_fits(r, code, enh, v, t, len))
			return r;
	}
	return NULL;
}
