/*
 * codectx.c: what a basic reply code means in answer to one command
 * ("250 to RCPT" is not "250 to DATA").  Pure: a const table.
 */
#include <stddef.h>

#include "codectx.h"

/* Meaning of a code answering one verb; sorted by code, then verb. */
struct codectx_row {
	short		 code;
	unsigned char	 verb;
	const char	*meaning;
};

static const struct codectx_row codectx_rows[] = {
	{ 220, VERB_GREETING, "service ready: the server accepts this "
	    "session; introduce yourself with EHLO" },
	{ 220, VERB_STARTTLS, "ready to start TLS: handshake begins now "
	    "(anything sent after this line in clear is an error)" },
	{ 221, VERB_QUIT, "goodbye: the server closes the connection, as "
	    "asked" },
	{ 235, VERB_AUTH, "authentication succeeded: logged in for this "
	    "session" },
	{ 235, VERB_AUTH_STEP, "authentication succeeded: logged in for "
	    "this session" },
	{ 250, VERB_HELO, "hello accepted: plain SMTP, no extensions" },
	{ 250, VERB_EHLO, "hello accepted: each further line names an "
	    "extension the server supports" },
	{ 250, VERB_LHLO, "LMTP hello accepted: further lines name "
	    "extensions" },
	{ 250, VERB_MAIL, "sender accepted: a mail transaction has "
	    "started" },
	{ 250, VERB_RCPT, "recipient accepted" },
	{ 250, VERB_DATA_END, "message accepted for delivery: the server "
	    "now owns it" },
	{ 250, VERB_BDAT, "chunk accepted (after BDAT ... LAST: message "
	    "accepted for delivery, the server now owns it)" },
	{ 250, VERB_RSET, "reset done: any open transaction is "
	    "discarded" },
	{ 250, VERB_VRFY, "address verified: the text names the "
	    "mailbox" },
	{ 250, VERB_EXPN, "list expanded: each line is one member" },
	{ 250, VERB_NOOP, "OK: the server is alive" },
	{ 250, VERB_ETRN, "OK: queue run for that node started "
	    "(RFC 1985)" },
	{ 250, VERB_ATRN, "OK: reversing the connection, the server now "
	    "acts as client (RFC 2645)" },
	{ 250, VERB_TURN, "OK: roles reversed (obsolete TURN)" },
	{ 250, VERB_SEND, "sender accepted (obsolete SEND)" },
	{ 250, VERB_SOML, "sender accepted (obsolete SOML)" },
	{ 250, VERB_SAML, "sender accepted (obsolete SAML)" },
	{ 251, VERB_RCPT, "recipient accepted: not local, the server will "
	    "forward to the path it names" },
	{ 251, VERB_VRFY, "user not local: the server would forward to "
	    "the path it names" },
	{ 251, VERB_ETRN, "OK: no messages waiting for that node "
	    "(RFC 1985)" },
	{ 252, VERB_VRFY, "cannot verify the user, but mail for it will "
	    "be accepted and delivery tried" },
	{ 252, VERB_EXPN, "cannot expand, but mail for it will be "
	    "accepted and delivery tried" },
	{ 252, VERB_ETRN, "OK: pending messages for that node started "
	    "(RFC 1985)" },
	{ 253, VERB_ETRN, "OK: that many pending messages for the node "
	    "started (RFC 1985)" },
	{ 334, VERB_AUTH, "SASL challenge: the text is base64; answer "
	    "with one base64 line, or '*' to cancel" },
	{ 334, VERB_AUTH_STEP, "next SASL challenge: the text is base64; "
	    "answer with one base64 line, or '*' to cancel" },
	{ 354, VERB_DATA, "go ahead: send the message, end it with a line "
	    "holding only '.'" },
	{ 355, VERB_MAIL, "restart: resume the message data at the octet "
	    "offset first in the text (RFC 1845)" },
	{ 421, VERB_GREETING, "the server will not talk now (busy, rate "
	    "limit, shutting down) and closes the connection" },
	{ 450, VERB_MAIL, "sender refused for now (policy, or a check "
	    "that could not complete)" },
	{ 450, VERB_RCPT, "recipient unavailable for now: mailbox busy, "
	    "greylisted or temporarily blocked" },
	{ 450, VERB_DATA_END, "message refused for now for policy "
	    "reasons" },
	{ 450, VERB_ATRN, "ATRN request refused (RFC 2645)" },
	{ 451, VERB_DATA_END, "local error while processing: the message "
	    "was NOT accepted" },
	{ 451, VERB_ATRN, "unable to process ATRN now (RFC 2645)" },
	{ 452, VERB_RCPT, "recipient refused for now: out of storage or "
	    "too many recipients (RFC 5321 4.5.3.1.10)" },
	{ 452, VERB_DATA_END, "insufficient storage: the message was NOT "
	    "accepted" },
	{ 453, VERB_ATRN, "you have no mail (RFC 2645)" },
	{ 454, VERB_STARTTLS, "TLS not available for a temporary reason "
	    "(RFC 3207)" },
	{ 454, VERB_AUTH, "temporary authentication failure (RFC 4954)" },
	{ 454, VERB_AUTH_STEP, "temporary authentication failure "
	    "(RFC 4954)" },
	{ 455, VERB_MAIL, "the server cannot accommodate these parameters "
	    "now" },
	{ 455, VERB_RCPT, "the server cannot accommodate these parameters "
	    "now" },
	{ 458, VERB_ETRN, "unable to queue messages for that node "
	    "(RFC 1985)" },
	{ 459, VERB_ETRN, "node not allowed; the reason is in the text "
	    "(RFC 1985)" },
	{ 500, VERB_AUTH_STEP, "authentication line too long or not "
	    "understood (RFC 4954 500 5.5.6)" },
	{ 501, VERB_HELO, "syntax error in the hello argument" },
	{ 501, VERB_EHLO, "syntax error in the hello argument" },
	{ 501, VERB_MAIL, "syntax error in the sender address or "
	    "parameters" },
	{ 501, VERB_RCPT, "syntax error in the recipient address or "
	    "parameters" },
	{ 501, VERB_STARTTLS, "syntax error: STARTTLS takes no parameters "
	    "(RFC 3207)" },
	{ 501, VERB_AUTH_STEP, "the answer was not valid base64, or the "
	    "exchange was cancelled with '*' (RFC 4954)" },
	{ 502, VERB_EHLO, "EHLO not implemented: an old RFC 821 server, "
	    "use HELO (RFC 5321 4.3.2)" },
	{ 503, VERB_MAIL, "bad sequence: hello first, or a transaction is "
	    "already open" },
	{ 503, VERB_RCPT, "bad sequence: MAIL FROM must come first" },
	{ 503, VERB_DATA, "bad sequence: no accepted recipient yet" },
	{ 503, VERB_BDAT, "bad sequence: no accepted recipient yet" },
	{ 503, VERB_AUTH, "bad sequence: already authenticated, or AUTH "
	    "inside a transaction (RFC 4954)" },
	{ 504, VERB_AUTH, "unrecognised authentication mechanism "
	    "(RFC 4954)" },
	{ 521, VERB_GREETING, "this host does not accept mail at all "
	    "(RFC 7504)" },
	{ 534, VERB_AUTH, "authentication mechanism too weak for this "
	    "user (RFC 4954)" },
	{ 535, VERB_AUTH, "authentication failed: credentials invalid "
	    "(RFC 4954)" },
	{ 535, VERB_AUTH_STEP, "authentication failed: credentials "
	    "invalid (RFC 4954)" },
	{ 538, VERB_AUTH, "this mechanism needs an encrypted connection "
	    "(RFC 4954)" },
	{ 550, VERB_HELO, "hello refused, usually for policy (your name "
	    "or address)" },
	{ 550, VERB_EHLO, "hello refused, usually for policy (your name "
	    "or address)" },
	{ 550, VERB_MAIL, "sender refused: policy, or a problem with the "
	    "sender domain" },
	{ 550, VERB_RCPT, "recipient refused: no such mailbox, no access, "
	    "or policy" },
	{ 550, VERB_DATA_END, "message refused for policy reasons "
	    "(content, spam, sender authentication)" },
	{ 550, VERB_BDAT, "message refused for policy reasons" },
	{ 550, VERB_VRFY, "no such user here" },
	{ 550, VERB_EXPN, "no such list here" },
	{ 551, VERB_RCPT, "user not local: the server names another path "
	    "to try; it will not forward" },
	{ 551, VERB_VRFY, "user not local: the server names another path "
	    "to try" },
	{ 552, VERB_MAIL, "message too big: the declared SIZE exceeds the "
	    "server's limit (RFC 1870)" },
	{ 552, VERB_RCPT, "too many recipients or storage exceeded; treat "
	    "as 452, temporary (RFC 5321 4.5.3.1.10)" },
	{ 552, VERB_DATA_END, "storage exceeded: message too big or "
	    "mailbox full; NOT accepted" },
	{ 552, VERB_BDAT, "storage exceeded: message too big or mailbox "
	    "full; NOT accepted" },
	{ 553, VERB_MAIL, "sender address not allowed (syntax, or not "
	    "yours to use)" },
	{ 553, VERB_RCPT, "recipient address not allowed (syntax or "
	    "policy)" },
	{ 554, VERB_GREETING, "no SMTP service here: the server refuses "
	    "this session" },
	{ 554, VERB_RCPT, "transaction failed for this recipient (often "
	    "relay access denied)" },
	{ 554, VERB_DATA, "transaction failed: no valid recipients, or "
	    "refused before the data" },
	{ 554, VERB_DATA_END, "transaction failed, message rejected" },
	{ 554, VERB_BDAT, "transaction failed, message rejected" },
	{ 555, VERB_MAIL, "a parameter after the sender address is not "
	    "recognised or not implemented" },
	{ 555, VERB_RCPT, "a parameter after the recipient address is not "
	    "recognised or not implemented" },
	{ 556, VERB_RCPT, "the recipient's domain does not accept mail "
	    "(RFC 7504, e.g. null MX)" },
};

#define CODECTX_N	(sizeof(codectx_rows) / sizeof(codectx_rows[0]))

size_t
codectx_count(void)
{
	return CODECTX_N;
}

int
codectx_at(size_t i, int *code, enum verb *v, const char **meaning)
{
	if (i >= CODECTX_N)
		return -1;
	*code = codectx_rows[i].code;
	*v = (enum verb)codectx_rows[i].verb;
	*meaning = codectx_rows[i].meaning;
	return 0;
}

const char *
codectx_lookup(int code, enum verb v)
{
	size_t	 lo = 0, hi = CODECTX_N, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (codectx_rows[mid].code < code ||
		    (codectx_rows[mid].code == code &&
		    codectx_rows[mid].verb < v))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < CODECTX_N && codectx_rows[lo].code == code &&
	    codectx_rows[lo].verb == v)
		return codectx_rows[lo].meaning;
	return NULL;
}
