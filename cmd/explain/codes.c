/*
 * codes.c: basic SMTP reply codes, what they mean in the context of the
 * command they answer, and a one-line hint for negative replies.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "codectx.h"
#include "codes.h"

#define NS	CODES_NONSTANDARD
#define EXT	CODES_EXTENSION
#define INV	CODES_INVALID

/*
 * Titles quote the defining RFC.  Notes say where the seed document
 * (a popular web list) disagrees with the RFC: the RFC wins.
 */
static const struct codes_basic codes_basic[] = {
	{ 101, NS | INV, "Server connection error (not an SMTP reply)",
	    "a client-side 'cannot connect' report some tools print; no "
	    "server sends it", "none",
	    "Not a standard code, and cannot be an SMTP reply: the first "
	    "digit 1 (positive preliminary) is unused by SMTP (RFC 5321 "
	    "4.2.1) and outside the 4.2 Reply-code ABNF (2-5).  Tools "
	    "invent it for a failed connection (wrong host or port)." },
	{ 211, 0, "System status, or system help reply",
	    "status or help information", "RFC 5321 4.2.3",
	    "Mailtrap's list calls it a response to HELP; RFC 5321 makes it "
	    "system status or help." },
	{ 214, 0, "Help message",
	    "help text for a human reader", "RFC 5321 4.2.3", NULL },
	{ 220, 0, "<domain> Service ready",
	    "the server is ready", "RFC 5321 4.2.3", NULL },
	{ 221, 0, "<domain> Service closing transmission channel",
	    "the server is closing the connection", "RFC 5321 4.2.3",
	    NULL },
	{ 235, EXT, "Authentication Succeeded",
	    "AUTH succeeded", "RFC 4954", NULL },
	{ 250, 0, "Requested mail action okay, completed",
	    "the command was done", "RFC 5321 4.2.3", NULL },
	{ 251, 0, "User not local; will forward to <forward-path>",
	    "the recipient is elsewhere and the server will forward",
	    "RFC 5321 4.2.3", "RFC 5321 3.4: servers rarely send it." },
	{ 252, 0, "Cannot VRFY user, but will accept message and attempt "
	    "delivery", "the server will not confirm the address but will "
	    "take mail for it", "RFC 5321 4.2.3", NULL },
	{ 253, EXT, "OK, <n> pending messages for node <x> started",
	    "ETRN: the queue run started with that many messages",
	    "RFC 1985", NULL },
	{ 334, EXT, "Server challenge (base64)",
	    "AUTH continues: the text is a base64 challenge", "RFC 4954",
	    "Mailtrap's list calls it the reply when the mechanism is "
	    "accepted; RFC 4954 makes it a challenge the client must "
	    "answer." },
	{ 354, 0, "Start mail input; end with <CRLF>.<CRLF>",
	    "send the message now", "RFC 5321 4.2.3", NULL },
	{ 355, EXT, "octet-offset is the transaction offset",
	    "CHECKPOINT restart: resume the data at that offset",
	    "RFC 1845 (experimental)", NULL },
	{ 421, 0, "<domain> Service not available, closing transmission "
	    "channel", "the server cannot serve now and closes the "
	    "connection", "RFC 5321 4.2.3",
	    "Mailtrap's list says 'not unavailable'; RFC 5321 says the "
	    "service is not available.  It may answer any command." },
	{ 422, NS, "Recipient mailbox over its storage limit (common usage)",
	    "the recipient's mailbox is full", "none",
	    "Not a standard code: it reads as 4.2.2 (mailbox full) with the "
	    "dots removed.  The IANA enhanced-code registry (RFC 5248) "
	    "pairs 422 with X.7.12 'A password transition is needed' "
	    "instead; RFC 4954 itself uses 432 for that." },
	{ 431, NS, "Receiving system out of resources (common usage)",
	    "the receiving system is overloaded or full", "none",
	    "Not a standard code: it reads as 4.3.1 'Mail system full' "
	    "with the dots removed (Mailtrap's list says 'file overload')." },
	{ 432, EXT, "A password transition is needed",
	    "log in once with PLAIN to set up the mechanism", "RFC 4954",
	    NULL },
	{ 441, NS, "No answer from the next host (common usage)",
	    "the next server did not answer", "none",
	    "Not a standard code: 4.4.1 'No answer from host' with the "
	    "dots removed.  A relay or client reports it; the remote "
	    "server cannot have sent it." },
	{ 442, NS, "Connection dropped (common usage)",
	    "the connection to the next server broke", "none",
	    "Not a standard code: 4.4.2 'Bad connection' with the dots "
	    "removed." },
	{ 446, NS, "Routing loop (common usage)",
	    "the message went round a loop", "none",
	    "Not a standard code: 4.4.6 'Routing loop detected' with the "
	    "dots removed." },
	{ 450, 0, "Requested mail action not taken: mailbox unavailable",
	    "not done for now: mailbox busy or temporarily blocked for "
	    "policy reasons", "RFC 5321 4.2.3", NULL },
	{ 451, 0, "Requested action aborted: local error in processing",
	    "the server had a local error; try again later",
	    "RFC 5321 4.2.3", NULL },
	{ 452, 0, "Requested action not taken: insufficient system storage",
	    "out of storage, or too many recipients", "RFC 5321 4.2.3",
	    "RFC 5321 4.5.3.1.10: 'too many recipients' is 452." },
	{ 453, EXT, "You have no mail",
	    "ATRN: nothing is queued for you", "RFC 2645", NULL },
	{ 454, EXT, "TLS not available due to temporary reason / "
	    "Temporary authentication failure",
	    "STARTTLS or AUTH failed for a temporary reason",
	    "RFC 3207, RFC 4954",
	    "Mailtrap's list knows only the STARTTLS meaning; RFC 4954 also "
	    "uses 454 4.7.0 for a temporary AUTH failure." },
	{ 455, 0, "Server unable to accommodate parameters",
	    "the MAIL/RCPT parameters cannot be handled now",
	    "RFC 5321 4.2.3", NULL },
	{ 458, EXT, "Unable to queue messages for node <x>",
	    "ETRN: the queue run could not be started", "RFC 1985", NULL },
	{ 459, EXT, "Node <x> not allowed: <reason>",
	    "ETRN: not allowed for that node", "RFC 1985", NULL },
	{ 471, NS | INV, "Local policy or spam filter refusal (common usage)",
	    "refused for now by local policy", "none",
	    "Not a standard code, and cannot be a valid reply: the second "
	    "digit 7 is undefined (RFC 5321 4.2.1 defines 0-5, as does "
	    "the 4.2 ABNF).  It is 4.7.1 'Delivery not authorized' with "
	    "the dots removed, often from spam filters or greylisting." },
	{ 500, 0, "Syntax error, command unrecognized",
	    "the command is unknown or the line too long",
	    "RFC 5321 4.2.3", NULL },
	{ 501, 0, "Syntax error in parameters or arguments",
	    "the arguments are wrong", "RFC 5321 4.2.3", NULL },
	{ 502, 0, "Command not implemented",
	    "the server does not implement that command",
	    "RFC 5321 4.2.3", NULL },
	{ 503, 0, "Bad sequence of commands",
	    "the command came in the wrong order", "RFC 5321 4.2.3",
	    NULL },
	{ 504, 0, "Command parameter not implemented",
	    "a parameter of the command is not implemented",
	    "RFC 5321 4.2.3", NULL },
	{ 510, NS, "Bad address (common usage)",
	    "the address is invalid", "none",
	    "Not a standard code: 5.1.0 'Other address status' with the "
	    "dots removed.  Real servers send 550 or 553 with 5.1.x." },
	{ 512, NS, "Recipient domain not found (common usage)",
	    "the recipient's domain cannot be resolved", "none",
	    "Not a standard code: 5.1.2 'Bad destination system address' "
	    "with the dots removed (Mailtrap's list says 'DNS error')." },
	{ 521, EXT, "Host does not accept mail",
	    "this host never accepts mail", "RFC 7504",
	    "First proposed by RFC 1846 (experimental), standardised by "
	    "RFC 7504 for the connection greeting." },
	{ 523, NS, "Encryption Needed (RFC 5248) / message too big "
	    "(common usage)", "see the note: two unrelated uses", "none",
	    "Not a standard code: no SMTP RFC defines it.  The IANA "
	    "registry (RFC 5248) lists 523 with X.7.10 'Encryption "
	    "Needed'; Mailtrap's list and some servers use it for 'total size "
	    "exceeds the recipient server's limit'.  Read the enhanced "
	    "code and text." },
	{ 525, EXT, "User Account Disabled",
	    "the account is disabled", "RFC 5248 (with X.7.13)", NULL },
	{ 530, EXT, "Authentication required / Must issue a STARTTLS "
	    "command first", "the server wants AUTH or STARTTLS before "
	    "this command", "RFC 4954, RFC 3207",
	    "Mailtrap's list says it 'mostly requires STARTTLS'; RFC 4954 530 "
	    "5.7.0 means authentication required, RFC 3207 uses 530 for "
	    "'must issue STARTTLS first'.  The text tells which." },
	{ 534, EXT, "Authentication mechanism is too weak",
	    "that AUTH mechanism is too weak for policy", "RFC 4954",
	    NULL },
	{ 535, EXT, "Authentication credentials invalid",
	    "AUTH failed", "RFC 4954", NULL },
	{ 538, EXT, "Encryption required for requested authentication "
	    "mechanism", "that AUTH mechanism needs TLS first", "RFC 4954",
	    NULL },
	{ 541, NS, "Rejected by spam filter (common usage)",
	    "the message was refused as spam", "none",
	    "Not a standard code (second digit 4 is 'unspecified').  Some "
	    "filtering services send it for content refusals; read as "
	    "5.4.1 it would mean 'No answer from host', which does not "
	    "fit.  Treat it as a permanent policy refusal." },
	{ 550, 0, "Requested action not taken: mailbox unavailable",
	    "not done: mailbox not found, no access, or refused for policy "
	    "reasons", "RFC 5321 4.2.3", NULL },
	{ 551, 0, "User not local; please try <forward-path>",
	    "the recipient is elsewhere: the server names the path to use",
	    "RFC 5321 4.2.3",
	    "Mailtrap's list says the forward-path 'will be specified'; "
	    "RFC 5321 3.4: the server does not forward, the client may retry "
	    "there." },
	{ 552, 0, "Requested mail action aborted: exceeded storage "
	    "allocation", "too big or out of space", "RFC 5321 4.2.3",
	    "Mailtrap's list says 'mailbox is full'; RFC 5321 says exceeded "
	    "storage allocation, which SIZE (RFC 1870) also uses for a "
	    "message over the size limit." },
	{ 553, 0, "Requested action not taken: mailbox name not allowed",
	    "the address is not allowed (e.g. bad syntax)",
	    "RFC 5321 4.2.3", NULL },
	{ 554, 0, "Transaction failed (greeting: No SMTP service here)",
	    "the transaction failed; as greeting: no service for you",
	    "RFC 5321 4.2.3",
	    "Mailtrap's list says 'failed due to an unknown error'; RFC 5321 "
	    "says 'Transaction failed', usually a policy or content "
	    "rejection, and 'No SMTP service here' as the greeting." },
	{ 555, 0, "MAIL FROM/RCPT TO parameters not recognized or not "
	    "implemented", "a MAIL/RCPT parameter is unknown",
	    "RFC 5321 4.2.3", NULL },
	{ 556, EXT, "Domain does not accept mail",
	    "the recipient's domain takes no mail (e.g. null MX)",
	    "RFC 7504", NULL },
};

#define CODES_BASIC_N	(sizeof(codes_basic) / sizeof(codes_basic[0]))


static const char *const codes_classes[] = {
	[2] = "success",
	[4] = "persistent transient failure",
	[5] = "permanent failure",
};

static const char *const codes_subjects[] = {
	"other or undefined status",
	"addressing status",
	"mailbox status",
	"mail system status",
	"network and routing status",
	"mail delivery protocol status",
	"message content or media status",
	"security or policy status",
};

static const char *const codes_first[] = {
	[1] = "1yz would be a positive preliminary reply, which SMTP has no "
	    "use for",
	[2] = "2yz positive completion: the action was done",
	[3] = "3yz positive intermediate: the server waits for more",
	[4] = "4yz transient negative: not done, may work if retried",
	[5] = "5yz permanent negative: not done, do not retry unchanged",
};

static const char *const codes_second[] = {
	"x0z syntax",
	"x1z information",
	"x2z connections",
	"x3z unspecified",
	"x4z unspecified",
	"x5z mail system",
};

size_t
codes_basic_count(void)
{
	return CODES_BASIC_N;
}

const struct codes_basic *
codes_basic_at(size_t i)
{
	if (i >= CODES_BASIC_N)
		return NULL;
	return &codes_basic[i];
}

const struct codes_basic *
codes_basic_lookup(int code)
{
	size_t	 lo = 0, hi = CODES_BASIC_N, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (codes_basic[mid].code == code)
			return &codes_basic[mid];
		if (codes_basic[mid].code < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
codes_class_name(int cls)
{
	if (cls != 2 && cls != 4 && cls != 5)
		return NULL;
	return codes_classes[cls];
}

const char *
codes_subject_name(int subj)
{
	if (subj < 0 || subj > 7)
		return NULL;
	return codes_subjects[subj];
}

/* One RFC 3463 number: 1-3 digits, no leading zero; -1 when none. */
static int
codes_number(const char *s, size_t len, size_t *pos)
{
	size_t	 i = *pos, n = 0;
	int	 v = 0;

	while (i < len && s[i] >= '0' && s[i] <= '9' && n < 4) {
		v = v * 10 + (s[i] - '0');
		i++;
		n++;
	}
	if (n == 0 || n > 3 || (n > 1 && s[*pos] == '0'))
		return -1;
	*pos = i;
	return v;
}

int
codes_parse_enhanced(const char *s, size_t len, int *cls, int *subj,
    int *detail)
{
	size_t	 i;
	int	 y, z;

	if (s == NULL || len < 5 || (s[0] != '2' && s[0] != '4' &&
	    s[0] != '5') || s[1] != '.')
		return -1;
	i = 2;
	if ((y = codes_number(s, len, &i)) < 0 || i >= len || s[i] != '.')
		return -1;
	i++;
	if ((z = codes_number(s, len, &i)) < 0)
		return -1;
	/* "5.1.1." ends a sentence; "5.1.1.2" is something else. */
	if (i < len && s[i] == '.' && i + 1 < len && s[i + 1] >= '0' &&
	    s[i + 1] <= '9')
		return -1;
	*cls = s[0] - '0';
	*subj = y;
	*detail = z;
	return (int)i;
}

/* Case-blind search of an ASCII lower-case needle in text. */
static int
codes_has(const char *t, size_t tl, const char *needle)
{
	size_t	 nl = strlen(needle), i, j;
	int	 c;

	if (t == NULL || nl == 0 || nl > tl)
		return 0;
	for (i = 0; i + nl <= tl; i++) {
		for (j = 0; j < nl; j++) {
			c = (unsigned char)t[i + j];
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (c != needle[j])
				break;
		}
		if (j == nl)
			return 1;
	}
	return 0;
}

/* Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 4.2). */
static int
codes_valid(int code)
{
	return code >= 200 && code <= 599 && (code / 10) % 10 <= 5;
}

static void
codes_unknown(struct codes_explain *out, int code)
{
	int	 d1 = code / 100, d2 = (code / 10) % 10;

	if (code < 100 || code > 999) {
		snprintf(out->bbuf, sizeof(out->bbuf), "invalid reply code "
		    "%d: a reply code is exactly three digits (RFC 5321 4.2)",
		    code);
		return;
	}
	if (d1 < 2 || d1 > 5) {
		snprintf(out->bbuf, sizeof(out->bbuf), "invalid reply code "
		    "%d: first digit %d is outside the RFC 5321 4.2 "
		    "Reply-code ABNF (2-5)%s%s", code, d1,
		    d1 == 1 ? "; " : "", d1 == 1 ? codes_first[1] : "");
		return;
	}
	if (d2 > 5)
		snprintf(out->bbuf, sizeof(out->bbuf), "unknown code %d: "
		    "%s; second digit %d is outside the RFC 5321 4.2 "
		    "Reply-code ABNF (0-5)", code, codes_first[d1], d2);
	else
		snprintf(out->bbuf, sizeof(out->bbuf), "unknown code %d: "
		    "%s; %s", code, codes_first[d1], codes_second[d2]);
}

/* The server wants TLS rather than AUTH: RFC 3207 wording or X.7.10/11. */
static int
codes_wants_tls(const struct codes_explain *out, const char *t, size_t tl)
{
	if (out->subj == 7 && (out->detail == 10 || out->detail == 11))
		return 1;
	return codes_has(t, tl, "starttls") || codes_has(t, tl, "tls") ||
	    codes_has(t, tl, "encrypt") || codes_has(t, tl, "ssl");
}

static void
codes_basic_meaning(struct codes_explain *out, enum verb ctx,
    const char *t, size_t tl)
{
	const char	*m;

	if (out->code == 530) {
		out->flags |= CODES_CONTEXT;
		out->basic = codes_wants_tls(out, t, tl) ?
		    "must issue STARTTLS first: the server wants TLS before "
		    "this command (RFC 3207)" :
		    "authentication required: log in with AUTH before this "
		    "command (RFC 4954)";
		return;
	}
	if ((m = codectx_lookup(out->code, ctx)) != NULL) {
		out->flags |= CODES_CONTEXT;
		out->basic = m;
		return;
	}
	if (out->row != NULL) {
		out->basic = out->row->meaning;
		return;
	}
	codes_unknown(out, out->code);
	out->basic = out->bbuf;
}

/* Append the NULL-terminated list of strings to buf at *n, truncating. */
static void
codes_cat(char *buf, size_t sz, size_t *n, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 len;

	va_start(ap, n);
	while ((s = va_arg(ap, const char *)) != NULL && *n + 1 < sz) {
		len = strlen(s);
		if (len > sz - 1 - *n)
			len = sz - 1 - *n;
		memcpy(buf + *n, s, len);
		*n += len;
	}
	va_end(ap);
	buf[*n] = '\0';
}

static void
codes_enhanced(struct codes_explain *out, const char *enh)
{
	const struct enhcode	*e;
	size_t			 n;
	int			 r, d1 = out->code / 100;

	r = codes_parse_enhanced(enh, strlen(enh), &out->cls, &out->subj,
	    &out->detail);
	if (r < 0 || enh[r] != '\0') {
		out->flags |= CODES_ENH_INVALID;
		snprintf(out->ebuf, sizeof(out->ebuf), "malformed enhanced "
		    "status code \"%.24s\": want class.subject.detail with "
		    "class 2, 4 or 5 (RFC 3463)", enh);
		out->cls = out->subj = out->detail = -1;
		out->enhanced = out->ebuf;
		return;
	}
	if ((e = enhcodes_lookup(out->subj, out->detail)) != NULL) {
		/* Every reply of a log passes here: no printf machinery. */
		out->erow = e;
		n = 0;
		codes_cat(out->ebuf, sizeof(out->ebuf), &n, enh, ": ",
		    e->title, ": ", e->meaning, " (",
		    codes_class_name(out->cls), "; registered for class",
		    (e->classes & (e->classes - 1)) ? "es " : " ", NULL);
		codes_cat(out->ebuf, sizeof(out->ebuf), &n,
		    e->classes & ENHCODES_CLASS2 ? "2" : "",
		    (e->classes & ENHCODES_CLASS2) &&
		    (e->classes & ~ENHCODES_CLASS2) ? ", " : "",
		    e->classes & ENHCODES_CLASS4 ? "4" : "",
		    (e->classes & ENHCODES_CLASS4) &&
		    (e->classes & ENHCODES_CLASS5) ? ", " : "",
		    e->classes & ENHCODES_CLASS5 ? "5" : "",
		    "; ", e->ref, ")", NULL);
	} else {
		out->flags |= CODES_ENH_UNKNOWN;
		snprintf(out->ebuf, sizeof(out->ebuf), "%s: not in the IANA "
		    "registry; class %d %s, subject %d %s", enh, out->cls,
		    codes_class_name(out->cls), out->subj,
		    codes_subject_name(out->subj) != NULL ?
		    codes_subject_name(out->subj) : "(undefined subject)");
	}
	if ((d1 == 2 || d1 == 4 || d1 == 5) && d1 != out->cls) {
		out->flags |= CODES_ENH_MISMATCH;
		n = strlen(out->ebuf);
		snprintf(out->ebuf + n, sizeof(out->ebuf) - n, "; class %d "
		    "contradicts reply %d (RFC 3463 wants the same first "
		    "digit)", out->cls, out->code);
	}
	out->enhanced = out->ebuf;
}

/* "10 MiB", "9.5 MiB", "512 KiB", "300 bytes". */
static void
codes_human(char *buf, size_t sz, unsigned long long n)
{
	const unsigned long long	 mib = 1024ULL * 1024, kib = 1024;

	if (n >= mib && n % mib == 0)
		snprintf(buf, sz, "%llu MiB", n / mib);
	else if (n >= mib)
		snprintf(buf, sz, "%.1f MiB", (double)n / (double)mib);
	else if (n >= kib && n % kib == 0)
		snprintf(buf, sz, "%llu KiB", n / kib);
	else if (n >= kib)
		snprintf(buf, sz, "%.1f KiB", (double)n / (double)kib);
	else
		snprintf(buf, sz, "%llu bytes", n);
}

#define ENH(y, z)	(out->subj == (y) && out->detail == (z))
#define HAS(s)		codes_has(t, tl, (s))

static const char *
codes_hint_auth(const struct codes_explain *out, enum verb ctx,
    const char *t, size_t tl)
{
	int	 c = out->code;

	if (c == 530)
		return codes_wants_tls(out, t, tl) ?
		    "the server wants STARTTLS first: send STARTTLS, then "
		    "EHLO again, then retry" :
		    "the server wants AUTH first (most offer AUTH only after "
		    "STARTTLS): authenticate, then retry";
	if (c == 534 || ENH(7, 9))
		return "mechanism too weak: use a stronger one (e.g. "
		    "SCRAM-SHA-256), or STARTTLS first so PLAIN/LOGIN are "
		    "allowed";
	if (c == 538 || ENH(7, 11) || ENH(7, 10))
		return "use TLS first: STARTTLS, EHLO again, then AUTH";
	if (c == 535 || ENH(7, 8))
		return "wrong credentials or mechanism: check user name and "
		    "password (an app password if the account has 2FA), or "
		    "try another AUTH mechanism";
	if (c == 432 || ENH(7, 12))
		return "password transition: authenticate once with PLAIN "
		    "over TLS, then this mechanism will work";
	if (c == 525 || ENH(7, 13))
		return "the account is disabled: contact the mail "
		    "administrator";
	if (c == 454 && ctx == VERB_STARTTLS)
		return "TLS is unavailable for now: retry later, or go on "
		    "in clear only if that is acceptable";
	if (c == 454 && (ctx == VERB_AUTH || ctx == VERB_AUTH_STEP))
		return "temporary authentication failure: retry later";
	return NULL;
}

static const char *
codes_hint_policy(struct codes_explain *out, enum verb ctx, const char *t,
    size_t tl)
{
	int	 c = out->code;

	if ((c == 550 || c == 551 || c == 553 || c == 554) && HAS("relay"))
		return "relaying denied: authenticate (AUTH) to send through "
		    "this server, or deliver to the recipient domain's own "
		    "MX";
	if ((c == 450 || c == 451) && (HAS("greylist") || HAS("graylist") ||
	    HAS("grey-list") || HAS("gray-list") || HAS("try again later")))
		return "greylisting: retry the same message after a delay "
		    "(typically 1-15 min); a real MTA does this by itself";
	if (ENH(7, 27))
		return "the sender domain has a null MX, so bounces cannot "
		    "reach it: send from an address that can receive mail";
	if (ENH(7, 24))
		return "the SPF check failed temporarily or the record is "
		    "broken: check the sender domain's SPF record and DNS";
	if (ENH(7, 25) || (out->subj == 7 && (HAS("reverse dns") ||
	    HAS("ptr record") || HAS("rdns"))))
		return "give the sending IP a reverse DNS (PTR) name that "
		    "resolves back to it, and use that name in EHLO";
	if ((out->subj == 7 && out->detail >= 20 && out->detail <= 26) ||
	    ((out->subj == 7 || out->subj < 0 || ENH(7, 0)) && c >= 400 &&
	    (HAS("spf") || HAS("dkim") || HAS("dmarc"))))
		return "fix authentication of the sending domain: an SPF "
		    "record listing this IP, a valid DKIM signature, DMARC "
		    "alignment of the From: domain";
	if (ENH(7, 30))
		return "the next hop does not offer REQUIRETLS: send without "
		    "REQUIRETLS or by another route";
	if (c == 554 && ctx == VERB_GREETING)
		return "the server refuses you (often the IP is on a block "
		    "list): read the text; send through your provider's "
		    "submission server";
	return NULL;
}

static const char *
codes_hint_size(struct codes_explain *out, enum verb ctx, const char *t,
    size_t tl, unsigned long long size)
{
	char	 human[32];
	int	 c = out->code;

	if (ENH(3, 4) || ENH(2, 3) || ENH(7, 16) ||
	    (c == 552 && ctx == VERB_MAIL) || ((c == 552 || c == 554 ||
	    c == 523) && out->subj < 0 && (HAS("size") || HAS("too big") ||
	    HAS("too large")))) {
		if (size == 0)
			return "message too big for the server's limit: "
			    "compare with SIZE in the EHLO reply and send "
			    "less";
		codes_human(human, sizeof(human), size);
		snprintf(out->hbuf, sizeof(out->hbuf), "message too big "
		    "for the advertised SIZE %llu (%s): send a smaller "
		    "message", size, human);
		return out->hbuf;
	}
	if (ENH(2, 2) || c == 422 || (c == 552 && out->subj < 0 &&
	    (HAS("full") || HAS("quota"))))
		return "the recipient's mailbox is full: they must free "
		    "space; retry later or reach them another way";
	if (ENH(5, 3) || HAS("too many recipients") ||
	    (c == 552 && ctx == VERB_RCPT))
		return "too many recipients: send the rest in another "
		    "transaction";
	return NULL;
}

static const char *
codes_hint_address(struct codes_explain *out, enum verb ctx,
    const char *t, size_t tl)
{
	int	 c = out->code;

	if (ENH(1, 1) || (c == 550 && ctx == VERB_RCPT && out->subj < 0 &&
	    (HAS("user unknown") || HAS("unknown user") ||
	    HAS("no such user") || HAS("does not exist"))))
		return "the mailbox does not exist there: check the address "
		    "(spelling, domain)";
	if (ENH(1, 10) || c == 556)
		return "the recipient's domain does not accept mail at all: "
		    "check the address; retrying will not help";
	if (c == 521)
		return "this host does not accept mail: check the address, "
		    "or send to the domain's MX hosts";
	if (ENH(1, 2) || c == 512)
		return "the recipient's domain has no mail host: check the "
		    "part after the @";
	if (ENH(1, 3) || ENH(1, 7) || c == 510)
		return "the address is malformed: use <local@domain>";
	if (ENH(1, 6))
		return "the mailbox has moved and left no forwarding "
		    "address: find the new one";
	if (ENH(2, 1))
		return "the mailbox is disabled: reach the recipient another "
		    "way";
	if (out->subj == 6 && out->detail >= 7 && out->detail <= 10)
		return "UTF-8 needs SMTPUTF8: use an ASCII address, or a "
		    "server that offers SMTPUTF8";
	if (ENH(6, 3))
		return "the path needs 7-bit content: encode the body "
		    "(quoted-printable/base64) or use a server with 8BITMIME";
	if (ENH(4, 6) || c == 446)
		return "mail loop: check forwarding and aliases of the "
		    "address";
	if (ENH(4, 1) || ENH(4, 2) || c == 441 || c == 442)
		return "the next host did not answer or the connection broke: "
		    "check DNS/MX and network; retry later";
	if (c == 551)
		return "send to the address the server names instead";
	if (c == 553)
		return ctx == VERB_MAIL ? "the sender address is not allowed: "
		    "check its syntax, or use the address you logged in as" :
		    "the address is not allowed: check its syntax "
		    "<local@domain>";
	return NULL;
}

static const char *
codes_hint_protocol(int c, enum verb ctx)
{
	switch (c) {
	case 503:
		if (ctx == VERB_RCPT)
			return "send MAIL FROM first, then RCPT TO";
		if (ctx == VERB_DATA || ctx == VERB_BDAT)
			return "get at least one RCPT TO accepted before DATA";
		if (ctx == VERB_AUTH)
			return "AUTH only once per session, and before MAIL";
		return "wrong order of commands: EHLO, [STARTTLS, EHLO,] "
		    "[AUTH,] MAIL FROM, RCPT TO (one or more), DATA";
	case 500:
	case 502:
		if (ctx == VERB_EHLO)
			return "an old server without EHLO: use HELO";
		return "command not recognised or not implemented: check the "
		    "spelling; the EHLO reply lists what the server has";
	case 501:
		if (ctx == VERB_EHLO || ctx == VERB_HELO)
			return "give your host name or an address literal, "
			    "e.g. EHLO client.example.org or EHLO [192.0.2.1]";
		if (ctx == VERB_STARTTLS)
			return "send STARTTLS with no argument";
		if (ctx == VERB_AUTH_STEP)
			return "answer with valid base64 on one line, or '*' "
			    "to cancel";
		if (ctx == VERB_RCPT)
			return "check the argument syntax: RCPT "
			    "TO:<them@example.org>";
		return "check the argument syntax, e.g. MAIL "
		    "FROM:<you@example.org> (no space after the colon)";
	case 504:
		if (ctx == VERB_AUTH)
			return "that AUTH mechanism is not offered: pick one "
			    "from the AUTH line of the EHLO reply";
		return "that parameter is not implemented: check the EHLO "
		    "capabilities";
	case 555:
		return "a MAIL/RCPT parameter is not supported: check the "
		    "EHLO capabilities (SIZE, BODY=8BITMIME, SMTPUTF8, DSN)";
	case 455:
		return "the server cannot take these parameters now: retry "
		    "later or drop the parameter";
	case 421:
		return "the server is closing the connection: try later; if "
		    "it repeats you may be rate-limited";
	}
	return NULL;
}

static const char *
codes_hint_other(const struct codes_explain *out, enum verb ctx)
{
	switch (out->code) {
	case 552:
		return "the message is too big or the mailbox is full: send "
		    "less, or retry later";
	case 101:
		return "nothing came from a server: check the host name, the "
		    "port and any firewall";
	case 431:
		return "the receiving system is short of resources: retry "
		    "later";
	case 452:
		return "the server is short of storage: retry later";
	case 453:
		return "no mail is queued for you: nothing to do";
	case 458:
	case 459:
		return "the server will not run the queue for that node: "
		    "check the node name and that you may ask for it";
	case 471:
		return "local policy refused it for now (often a spam filter "
		    "or greylisting): retry later";
	case 523:
		return "read the text: if it is about size send less, if "
		    "about encryption STARTTLS first";
	case 541:
		return "refused as spam: check the content and the sending "
		    "IP's reputation";
	case 451:
		return "the server hit a local error: retry later; if it "
		    "persists, tell its postmaster";
	}
	if (out->subj == 7 && out->detail == 1)
		return "the server's policy refused this: the text says why "
		    "(block list, sender, recipient or content)";
	if (out->code == 550 && ctx == VERB_RCPT)
		return "the recipient was refused: read the text (no such "
		    "user, or policy)";
	if (out->code >= 400 && out->code < 500)
		return "temporary failure: retry later";
	if (out->code >= 500 && out->code < 600)
		return "permanent failure: change something (address, "
		    "content, sending path) before trying again";
	return NULL;
}

static const char *
codes_hint(struct codes_explain *out, enum verb ctx, const char *t,
    size_t tl, unsigned long long size)
{
	const char	*h;
	int		 c = out->code;

	if (c != 101 && (c < 400 || c > 599))
		return NULL;
	if ((h = codes_hint_auth(out, ctx, t, tl)) != NULL ||
	    (h = codes_hint_policy(out, ctx, t, tl)) != NULL ||
	    (h = codes_hint_size(out, ctx, t, tl, size)) != NULL ||
	    (h = codes_hint_address(out, ctx, t, tl)) != NULL ||
	    (h = codes_hint_protocol(c, ctx)) != NULL)
		return h;
	return codes_hint_other(out, ctx);
}

#undef ENH
#undef HAS

void
codes_explain(struct codes_explain *out, int code, const char *enhanced,
    enum verb ctx, const char *text, size_t textlen,
    unsigned long long advertised_size)
{
	memset(out, 0, sizeof(*out));
	out->code = code;
	out->cls = out->subj = out->detail = -1;
	if (text == NULL)
		textlen = 0;
	if ((out->row = codes_basic_lookup(code)) != NULL) {
		out->flags = out->row->flags;
		out->note = out->row->note;
	} else
		out->flags = CODES_UNKNOWN;
	if (!codes_valid(code))
		out->flags |= CODES_INVALID;
	if (code == 334)
		out->flags |= CODES_BASE64_CHALLENGE;
	if (enhanced != NULL && enhanced[0] != '\0')
		codes_enhanced(out, enhanced);
	codes_basic_meaning(out, ctx, text, textlen);
	out->hint = codes_hint(out, ctx, text, textlen, advertised_size);
}
