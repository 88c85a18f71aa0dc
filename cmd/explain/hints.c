/*
 * hints.c: reply text -> cause.  The first row whose words occur wins,
 * so the specific causes (a named block list, SPF) come before the
 * general ones (the address was rejected).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "hints.h"

#define HINTS_WORDS	14

struct hints_row {
	struct hint	 h;
	const char	*words[HINTS_WORDS];	/* lower case, NULL-ended */
};

static const struct hints_row hints_rows[] = {
	{ { "block-list", "the sending IP or domain is on a block list: "
	    "look it up on the list's site, fix the cause, ask for "
	    "delisting" }, { "spamhaus", "barracuda", "sorbs", "spamcop",
	    "blacklist", "blocklist", "block list", "black list", "dnsbl",
	    "uribl", "surbl", "rbl" } },
	{ { "spf-dkim-dmarc", "fix authentication of the sending domain: "
	    "SPF listing this IP, a valid DKIM signature, DMARC alignment "
	    "of the From: domain" }, { "spf", "dkim", "dmarc",
	    "authentication checks", "sender policy framework",
	    "not authorized to send", "unauthenticated email" } },
	{ { "reverse-dns", "give the sending IP a reverse DNS (PTR) name "
	    "that resolves back to it (Gmail requires it, for IPv6 too), "
	    "and use that name in EHLO" }, { "reverse dns", "ptr",
	    "rdns", "reverse lookup", "reverse-dns", "no reverse",
	    "ipv6 sending guidelines", "reverse hostname",
	    "cannot find your hostname", "resolve your address" } },
	{ { "helo", "the EHLO/HELO name was refused: send a fully "
	    "qualified host name that resolves (to this IP), not "
	    "localhost or a bare word" }, { "helo", "ehlo", "fqdn",
	    "fully qualified", "fully-qualified" } },
	{ { "tls-required", "the server wants encryption: STARTTLS "
	    "(or implicit TLS) before MAIL or AUTH" }, { "starttls",
	    "must issue a starttls", "tls required", "requires tls",
	    "encryption required", "must use tls", "tls is required" } },
	{ { "auth-required", "log in first: AUTH with your account's "
	    "credentials (after STARTTLS), on the submission port 587" },
	    { "authentication required", "must authenticate",
	    "not authenticated", "authentication is required",
	    "auth required", "please authenticate", "login required" } },
	{ { "relay-denied", "relaying denied: authenticate (AUTH) to send "
	    "through this server, or deliver to the recipient domain's own "
	    "MX" }, { "relay", "relaying" } },
	{ { "greylisting", "greylisting: the same message retried after "
	    "the delay (a real MTA does this by itself) goes through" },
	    { "greylist", "graylist", "grey-list", "gray-list",
	    "grey list", "gray list", "greylisted" } },
	{ { "rate-limit", "too much, too fast: send more slowly, fewer "
	    "connections and recipients at a time; retry later" },
	    { "rate limit", "too many", "throttl", "rate-limit",
	    "ratelimit", "exceeded the rate", "sending limit",
	    "too fast", "try again later", "temporarily deferred",
	    "[tss04]", "[tss09]" } },
	{ { "too-big", "the message is over the server's size limit: "
	    "send less (compare with SIZE in its EHLO reply)" },
	    { "too big", "too large", "size limit", "message size",
	    "exceeds size", "maximum size", "exceeds the maximum",
	    "message length exceeds" } },
	{ { "mailbox-full", "the recipient's mailbox is full: they must "
	    "free space; retry later or reach them another way" },
	    { "mailbox full", "mailbox is full", "over quota",
	    "quota exceeded", "exceeded storage", "storage limit",
	    "mailbox size", "full mailbox", "insufficient storage",
	    "out of storage", "quota", "mailbox has exceeded" } },
	{ { "mailbox-disabled", "the mailbox is disabled or suspended: "
	    "reach the recipient another way" }, { "disabled",
	    "suspended", "inactive", "deactivated", "not active",
	    "account is locked", "account has been", "blocked account" } },
	{ { "user-unknown", "the mailbox does not exist there: check the "
	    "address (spelling, domain)" }, { "user unknown",
	    "unknown user", "no such user", "does not exist",
	    "recipient not found", "recipnotfound", "invalid recipient",
	    "unknown recipient", "no mailbox", "user not found",
	    "no such mailbox", "invalid address", "address unknown",
	    "as(201806281)" } },
	{ { "host-unknown", "the recipient's domain has no mail host or "
	    "does not resolve: check the part after the @" },
	    { "host unknown", "domain not found", "no such domain",
	    "unrouteable", "host not found", "domain does not exist",
	    "unknown host", "name or service not known",
	    "no mx", "host or domain name not found" } },
	{ { "spam", "refused as spam or for its content: check the "
	    "content, links and attachments, and the sender's reputation" },
	    { "spam", "junk", "virus", "malware", "infected",
	    "phish", "suspicious", "bulk mail", "content rejected",
	    "message content", "uce" } },
	{ { "expired", "the message waited too long in a queue and was "
	    "given up: the text before says why delivery kept failing" },
	    { "expired", "too long", "giving up", "timed out",
	    "time out", "timeout" } },
};

#define HINTS_N	(sizeof(hints_rows) / sizeof(hints_rows[0]))

size_t
hints_count(void)
{
	return HINTS_N;
}

const struct hint *
hints_at(size_t i)
{
	return i < HINTS_N ? &hints_rows[i].h : NULL;
}

#define HINTS_TEXT	1024	/* text looked at; causes come early */

/* Lower-case copy of the text, NUL-terminated, NULs made blanks. */
static size_t
hints_lower(char *out, const char *s, size_t len)
{
	size_t	 i;

	if (len > HINTS_TEXT)
		len = HINTS_TEXT;
	for (i = 0; i < len; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] | 0x20) :
		    s[i] == '\0' ? ' ' : s[i];
	out[len] = '\0';
	return len;
}

/*
 * The pairs of adjacent bytes in the text, as bits of a small hash set:
 * a word whose first or last pair is missing is not in the text, and
 * most words are ruled out so, without a strstr() over the text.
 */
#define HINTS_PAIRS	4096
#define HINTS_PAIR(a, b)	((((unsigned)(unsigned char)(a) << 5) ^ \
			    (unsigned)(unsigned char)(b)) % HINTS_PAIRS)

static void
hints_pairs(unsigned char *set, const char *t, size_t len)
{
	size_t	 i, h;

	memset(set, 0, HINTS_PAIRS / 8);
	for (i = 0; i + 1 < len; i++) {
		h = HINTS_PAIR(t[i], t[i + 1]);
		set[h / 8] |= (unsigned char)(1u << (h % 8));
	}
}

static int
hints_maybe(const unsigned char *set, const char *w, size_t n)
{
	size_t	 h1, h2;

	if (n < 2)
		return 1;
	h1 = HINTS_PAIR(w[0], w[1]);
	h2 = HINTS_PAIR(w[n - 2], w[n - 1]);
	return (set[h1 / 8] & (1u << (h1 % 8))) &&
	    (set[h2 / 8] & (1u << (h2 % 8)));
}

/* "rbl" and "ptr" inside a longer word ("problem", "ptrs") are not it. */
static int
hints_word(const char *s, size_t len, const char *p, size_t n)
{
	int	 a, b;

	a = p > s && (p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z';
	b = p + n < s + len && (p[n] | 0x20) >= 'a' && (p[n] | 0x20) <= 'z';

	return !a && !b;
}

/* A retry delay: "in 300 seconds", "retry in 5 minutes". */
static int
hints_delay(const char *t, size_t len, char *num, size_t numsz,
    const char **unit)
{
	static const char *const units[] = { "second", "minute", "hour" };
	const char	*p;
	size_t		 i, k, n;

	for (i = 0; i + 1 < len; i++) {
		if (t[i] < '0' || t[i] > '9' || (i > 0 && t[i - 1] >= '0' &&
		    t[i - 1] <= '9'))
			continue;
		for (n = 0; i + n < len && n < 6 && t[i + n] >= '0' &&
		    t[i + n] <= '9'; n++)
			;
		p = t + i + n;
		if (p < t + len && *p == ' ')
			p++;
		for (k = 0; k < 3; k++)
			if ((size_t)(t + len - p) >= strlen(units[k]) &&
			    strncasecmp(p, units[k], strlen(units[k])) == 0 &&
			    n < numsz) {
				memcpy(num, t + i, n);
				num[n] = '\0';
				*unit = units[k];
				return 1;
			}
	}
	return 0;
}

const struct hint *
hints_match(const char *t, size_t len, int code, char *buf, size_t bufsz,
    const char **out)
{
	const struct hints_row	*r;
	const char		*p, *unit;
	char			 num[8], low[HINTS_TEXT + 1];
	unsigned char		 pairs[HINTS_PAIRS / 8];
	size_t			 k, w, n;

	if (t == NULL || len == 0 || (code != 0 && code < 400))
		return NULL;
	len = hints_lower(low, t, len);
	t = low;
	hints_pairs(pairs, low, len);
	for (k = 0; k < HINTS_N; k++) {
		r = &hints_rows[k];
		for (w = 0; w < HINTS_WORDS && r->words[w] != NULL; w++) {
			n = strlen(r->words[w]);
			/* a short word may first show inside a longer one */
			p = NULL;
			if (hints_maybe(pairs, r->words[w], n))
				for (p = low; (p = strstr(p, r->words[w])) !=
				    NULL; p++)
					if (n > 4 || hints_word(t, len, p, n))
						break;
			if (p == NULL)
				continue;
			*out = r->h.hint;
			if (buf == NULL)
				return &r->h;
			if (k == 0 && w < 5) {
				snprintf(buf, bufsz, "the sending IP or "
				    "domain is on the %.*s block list: look "
				    "it up there, fix the cause, ask for "
				    "delisting", (int)n, p);
				*out = buf;
			} else if (strcmp(r->h.id, "greylisting") == 0 &&
			    hints_delay(t, len, num, sizeof(num), &unit)) {
				snprintf(buf, bufsz, "greylisting: retry the "
				    "same message after %s %s(s); a real MTA "
				    "does this by itself", num, unit);
				*out = buf;
			}
			return &r->h;
		}
	}
	return NULL;
}
