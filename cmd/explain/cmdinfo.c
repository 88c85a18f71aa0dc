/*
 * cmdinfo.c: the SMTP command table behind "smtpcli explain <COMMAND>";
 * reply lists follow RFC 5321 4.3.2 or the command's own RFC.
 */
#include <string.h>
#include <strings.h>

#include "cmdinfo.h"

static const struct cmdinfo cmdinfo[] = {
	{ "ATRN", CMDINFO_EXTENSION, VERB_ATRN, "RFC 2645",
	    "ATRN [SP domain *(\",\" domain)]",
	    "Authenticated TURN for On-Demand Mail Relay: a client with a "
	    "dynamic address, already logged in with AUTH, asks the server "
	    "to reverse roles and deliver the mail queued for its domains "
	    "over this connection.  It replaces TURN, which had no "
	    "authentication.  Offered on port 366, not on port 25.",
	    { 250 }, { 0 }, { 450, 451, 453, 501, 502, 530 }, NULL },
	{ "AUTH", CMDINFO_EXTENSION, VERB_AUTH, "RFC 4954",
	    "AUTH SP sasl-mech [SP initial-response]",
	    "Log in with a SASL mechanism (PLAIN, LOGIN, CRAM-MD5, "
	    "SCRAM-SHA-256, XOAUTH2...) advertised on the EHLO AUTH line.  "
	    "The server may send 334 challenges in base64; each is "
	    "answered by one base64 line, or '*' to cancel.  Allowed once "
	    "per session and not during a mail transaction.",
	    { 235 }, { 334 },
	    { 432, 454, 500, 501, 503, 504, 530, 534, 535, 538 },
	    "530 is sent to other commands when AUTH is required first." },
	{ "BDAT", CMDINFO_EXTENSION, VERB_BDAT, "RFC 3030",
	    "BDAT SP chunk-size [SP \"LAST\"]",
	    "CHUNKING: send the message in chunks of exactly chunk-size "
	    "octets that follow the command line, with no dot-stuffing "
	    "and no final dot.  The chunk marked LAST ends the message; "
	    "the reply to it accepts or refuses the whole message.  "
	    "Required for BINARYMIME.",
	    { 250 }, { 0 }, { 451, 452, 501, 503, 552, 554 },
	    "Every chunk gets a reply; only the LAST one means delivery." },
	{ "DATA", CMDINFO_STANDARD, VERB_DATA, "RFC 5321 4.1.1.4", "DATA",
	    "Ask to send the message.  After 354 the client sends header "
	    "and body, dot-stuffing lines that start with '.', and ends "
	    "with a line holding only '.'.  The reply after that dot is "
	    "the one that says whether the server took the message.",
	    { 250 }, { 354 }, { 450, 451, 452, 503, 550, 552, 554 },
	    "I: 354 -> data -> S: 250; E: 552, 554, 451, 452; E: 450, 550 "
	    "(policy); E: 503, 554 to DATA itself." },
	{ "EHLO", CMDINFO_STANDARD, VERB_EHLO, "RFC 5321 4.1.1.1",
	    "EHLO SP ( Domain / address-literal )",
	    "Open an extended SMTP session: name the client and ask which "
	    "extensions the server supports; each line of the 250 reply "
	    "after the first names one (SIZE, STARTTLS, AUTH, PIPELINING, "
	    "8BITMIME...).  Also resets any transaction.  Send it again "
	    "after STARTTLS: the capabilities may change.",
	    { 250 }, { 0 }, { 502, 504, 550 },
	    "502 only from old servers without EHLO; 504 only in obscure "
	    "cases." },
	{ "ETRN", CMDINFO_EXTENSION, VERB_ETRN, "RFC 1985",
	    "ETRN SP [ \"@\" / \"#\" ] node",
	    "Remote queue starting: ask the server to start delivering "
	    "mail it holds for a node (domain) by opening a new connection "
	    "to it.  Unlike TURN the mail does not come back over this "
	    "connection, so the client's identity does not matter.",
	    { 250, 251, 252, 253 }, { 0 }, { 458, 459, 500, 501 }, NULL },
	{ "EXPN", CMDINFO_STANDARD, VERB_EXPN, "RFC 5321 4.1.1.7",
	    "EXPN SP String",
	    "Ask the server to expand a mailing list into its members, one "
	    "per line of a multi-line 250.  Most servers disable it, as "
	    "it gives address lists away to spammers.",
	    { 250, 252 }, { 0 }, { 500, 502, 504, 550 }, NULL },
	{ "HELO", CMDINFO_STANDARD, VERB_HELO, "RFC 5321 4.1.1.1",
	    "HELO SP Domain",
	    "Open a plain SMTP session: name the client.  No extensions "
	    "are negotiated; use it only when EHLO is refused.",
	    { 250 }, { 0 }, { 504, 550 }, NULL },
	{ "HELP", CMDINFO_STANDARD, VERB_HELP, "RFC 5321 4.1.1.8",
	    "HELP [SP String]",
	    "Ask for help text for a human, in general or about one "
	    "command.",
	    { 211, 214 }, { 0 }, { 502, 504 }, NULL },
	{ "LHLO", CMDINFO_EXTENSION, VERB_LHLO, "RFC 2033",
	    "LHLO SP Domain",
	    "The EHLO of LMTP, the local delivery protocol spoken to a "
	    "mailbox server rather than between MTAs.  In LMTP the end of "
	    "data gets one reply per accepted recipient.",
	    { 250 }, { 0 }, { 500, 501, 504, 550 }, NULL },
	{ "MAIL", CMDINFO_STANDARD, VERB_MAIL, "RFC 5321 4.1.1.2",
	    "MAIL FROM:<reverse-path> [SP mail-parameters]",
	    "Start a mail transaction and give the address that bounces go "
	    "to (empty, <>, for bounces themselves).  Parameters come from "
	    "extensions: SIZE=, BODY=8BITMIME, SMTPUTF8, RET=, ENVID=, "
	    "AUTH=, REQUIRETLS.",
	    { 250 }, { 0 }, { 451, 452, 455, 503, 550, 552, 553, 555 },
	    NULL },
	{ "NOOP", CMDINFO_STANDARD, VERB_NOOP, "RFC 5321 4.1.1.9",
	    "NOOP [SP String]",
	    "Do nothing but get a 250: checks the server is alive and "
	    "keeps an idle connection open.",
	    { 250 }, { 0 }, { 0 }, NULL },
	{ "QUIT", CMDINFO_STANDARD, VERB_QUIT, "RFC 5321 4.1.1.10", "QUIT",
	    "End the session: the server answers 221 and closes the "
	    "connection.  An open transaction is abandoned.",
	    { 221 }, { 0 }, { 0 }, NULL },
	{ "RCPT", CMDINFO_STANDARD, VERB_RCPT, "RFC 5321 4.1.1.3",
	    "RCPT TO:<forward-path> [SP rcpt-parameters]",
	    "Give one recipient of the transaction; repeat for each.  "
	    "Each is accepted or refused on its own; DATA needs at least "
	    "one accepted.  Parameters come from extensions: NOTIFY=, "
	    "ORCPT= (DSN).",
	    { 250, 251 }, { 0 },
	    { 450, 451, 452, 455, 503, 550, 551, 552, 553, 555 },
	    "251 and 551: see RFC 5321 3.4; 'too many recipients' is 452." },
	{ "RSET", CMDINFO_STANDARD, VERB_RSET, "RFC 5321 4.1.1.5", "RSET",
	    "Abort the current mail transaction: sender, recipients and "
	    "data are discarded; the session stays open.",
	    { 250 }, { 0 }, { 0 }, NULL },
	{ "SAML", CMDINFO_OBSOLETE, VERB_SAML, "RFC 821 (removed by RFC "
	    "5321 F.6)", "SAML FROM:<reverse-path>",
	    "Send And Mail: deliver to the user's terminal and mailbox.  "
	    "Terminal delivery died with time-sharing systems; RFC 5321 "
	    "removed it and servers answer 502.",
	    { 250 }, { 0 }, { 451, 452, 500, 501, 502, 552 }, NULL },
	{ "SEND", CMDINFO_OBSOLETE, VERB_SEND, "RFC 821 (removed by RFC "
	    "5321 F.6)", "SEND FROM:<reverse-path>",
	    "Deliver to the user's terminal instead of a mailbox.  "
	    "Obsolete with SOML and SAML; servers answer 502.",
	    { 250 }, { 0 }, { 451, 452, 500, 501, 502, 552 }, NULL },
	{ "SOML", CMDINFO_OBSOLETE, VERB_SOML, "RFC 821 (removed by RFC "
	    "5321 F.6)", "SOML FROM:<reverse-path>",
	    "Send Or Mail: to the terminal if the user is logged in, else "
	    "to the mailbox.  Obsolete; servers answer 502.",
	    { 250 }, { 0 }, { 451, 452, 500, 501, 502, 552 }, NULL },
	{ "STARTTLS", CMDINFO_EXTENSION, VERB_STARTTLS, "RFC 3207",
	    "STARTTLS",
	    "Upgrade the connection to TLS.  After 220 the TLS handshake "
	    "starts at once; the session then restarts: the client must "
	    "send EHLO again and forget what it learnt before.",
	    { 220 }, { 0 }, { 454, 501 },
	    "Servers that require TLS answer 530 to other commands." },
	{ "TLS", CMDINFO_OBSOLETE, VERB_TLS, "none (never standardised)",
	    "TLS",
	    "Mailtrap's list has it as obsolete.  No RFC defines it and it "
	    "was never registered: at most a pre-standard or vendor "
	    "spelling of starting TLS from before STARTTLS (RFC 2487, now "
	    "RFC 3207).  Servers answer 500 or 502; use STARTTLS.",
	    { 0 }, { 0 }, { 500, 502 }, NULL },
	{ "TURN", CMDINFO_OBSOLETE, VERB_TURN, "RFC 821 (deprecated by RFC "
	    "5321 F.1)", "TURN",
	    "Swap client and server roles so the server delivers queued "
	    "mail back over this connection.  Without authentication "
	    "anyone could collect another site's mail, so it is "
	    "deprecated; use ETRN or ATRN.",
	    { 250 }, { 0 }, { 500, 502, 503 }, NULL },
	{ "VRFY", CMDINFO_STANDARD, VERB_VRFY, "RFC 5321 4.1.1.6",
	    "VRFY SP String",
	    "Ask whether an address is a valid mailbox here and get its "
	    "full form.  Many servers answer 252 to everything so as not "
	    "to help address harvesting.",
	    { 250, 251, 252 }, { 0 }, { 502, 504, 550, 551, 553 }, NULL },
	{ "XADR", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (vendor)",
	    "XADR SP address",
	    "Private command of Sun/Oracle Messaging Server (MTA): reports "
	    "the channel an address matches, i.e. how it is routed "
	    "internally.",
	    { 250 }, { 0 }, { 500, 502, 550 }, NULL },
	{ "XCIR", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (vendor)", "XCIR",
	    "Private command of Sun/Oracle Messaging Server (MTA): reports "
	    "the status of the circuit check facility.",
	    { 250 }, { 0 }, { 500, 502, 550 }, NULL },
	{ "XCLIENT", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (Postfix "
	    "XCLIENT_README)", "XCLIENT 1*( SP attribute \"=\" xtext )",
	    "Postfix extension: an authorised client (a proxy or a test "
	    "tool) overrides what the server believes about the client: "
	    "NAME, ADDR, PORT, PROTO, HELO, LOGIN, DESTADDR, DESTPORT.  "
	    "Not allowed inside a transaction; on success the server "
	    "sends a new 220 greeting and the client starts with EHLO.",
	    { 220 }, { 0 }, { 421, 501, 503, 550 }, NULL },
	{ "XFORWARD", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (Postfix "
	    "XFORWARD_README)", "XFORWARD 1*( SP attribute \"=\" xtext )",
	    "Postfix extension: a content filter passes the original "
	    "client's name, address, HELO and queue ID on to the next MTA "
	    "so that its logs show them.  Changes logging only, not "
	    "access control.",
	    { 250 }, { 0 }, { 501, 503, 550 }, NULL },
	{ "XGEN", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (vendor)", "XGEN",
	    "Private command of Sun/Oracle Messaging Server (MTA): reports "
	    "whether a compiled configuration and character set are in "
	    "use.  Disabled by default in later versions.",
	    { 250 }, { 0 }, { 500, 502, 550 }, NULL },
	{ "XSTA", CMDINFO_PRIVATE, VERB_XPRIVATE, "none (vendor)", "XSTA",
	    "Private command of Sun/Oracle Messaging Server (MTA): reports "
	    "the number of messages in the channel queues.",
	    { 250 }, { 0 }, { 500, 502, 550 }, NULL },
};

#define CMDINFO_N	(sizeof(cmdinfo) / sizeof(cmdinfo[0]))

static const char *const cmdinfo_statuses[] = {
	[CMDINFO_STANDARD] = "standard",
	[CMDINFO_EXTENSION] = "extension",
	[CMDINFO_OBSOLETE] = "obsolete",
	[CMDINFO_PRIVATE] = "private",
};
_Static_assert(sizeof(cmdinfo_statuses) / sizeof(cmdinfo_statuses[0]) ==
    CMDINFO_STATUS_MAX, "cmdinfo_statuses must cover every status");

size_t
cmdinfo_count(void)
{
	return CMDINFO_N;
}

const struct cmdinfo *
cmdinfo_at(size_t i)
{
	if (i >= CMDINFO_N)
		return NULL;
	return &cmdinfo[i];
}

const struct cmdinfo *
cmdinfo_lookup(const char *name, size_t len)
{
	size_t	 lo = 0, hi = CMDINFO_N, mid, n;
	int	 r;

	/* Commands are short; longer input cannot match. */
	if (name == NULL || len == 0 || len > 16)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		n = strlen(cmdinfo[mid].name);
		r = strncasecmp(name, cmdinfo[mid].name, len < n ? len : n);
		if (r == 0)
			r = len < n ? -1 : len > n;
		if (r == 0)
			return &cmdinfo[mid];
		if (r > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
cmdinfo_status_name(enum cmdinfo_status s)
{
	if ((unsigned)s >= CMDINFO_STATUS_MAX)
		return "?";
	return cmdinfo_statuses[s];
}

const char *
cmdinfo_any_replies(void)
{
	return "Any command may also get 500 (unrecognised, line too "
	    "long), 501 (syntax error; also for arguments to DATA, RSET "
	    "or QUIT) and 421 (service shutting down) (RFC 5321 4.3.2).";
}
