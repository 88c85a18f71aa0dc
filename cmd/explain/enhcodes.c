/*
 * enhcodes.c: the IANA "SMTP Enhanced Status Codes" registry (RFC 5248),
 * X.0.0 to X.7.30, with the classes each is meant for and plain words.
 */
#include <stddef.h>

#include "enhcodes.h"

#define C2	ENHCODES_CLASS2
#define C4	ENHCODES_CLASS4
#define C5	ENHCODES_CLASS5

/*
 * Titles are the registry's sample texts.  The registry does not bind a
 * code to a class; `classes' follows its "associated basic status code"
 * column and its description ("useful only as a permanent error"), and
 * is 4|5 for failures it says nothing about.
 */
static const struct enhcode enhcodes[] = {
	{ 0, 0, C2 | C4 | C5, "Other undefined Status",
	    "nothing more is known than the class", "RFC 3463" },

	{ 1, 0, C2 | C4 | C5, "Other address status",
	    "something about an address caused this status", "RFC 3463" },
	{ 1, 1, C4 | C5, "Bad destination mailbox address",
	    "no such mailbox: the part left of the @ is wrong", "RFC 3463" },
	{ 1, 2, C5, "Bad destination system address",
	    "the domain right of the @ does not exist or takes no mail",
	    "RFC 3463" },
	{ 1, 3, C5, "Bad destination mailbox address syntax",
	    "the recipient address is not syntactically valid", "RFC 3463" },
	{ 1, 4, C4 | C5, "Destination mailbox address ambiguous",
	    "the address matches more than one mailbox there", "RFC 3463" },
	{ 1, 5, C2, "Destination address valid",
	    "the recipient address is fine (a positive report)",
	    "RFC 3463" },
	{ 1, 6, C5, "Destination mailbox has moved, No forwarding address",
	    "the mailbox used to exist but no longer takes mail",
	    "RFC 3463" },
	{ 1, 7, C5, "Bad sender's mailbox address syntax",
	    "the sender address is not syntactically valid", "RFC 3463" },
	{ 1, 8, C4 | C5, "Bad sender's system address",
	    "the sender's domain does not exist or cannot take replies",
	    "RFC 3463" },
	{ 1, 9, C2, "Message relayed to non-compliant mailer",
	    "address valid, but the message went on to a system that "
	    "cannot report further", "RFC 3886" },
	{ 1, 10, C5, "Recipient address has null MX",
	    "the recipient domain publishes a null MX: it takes no mail",
	    "RFC 7505" },

	{ 2, 0, C4 | C5, "Other or undefined mailbox status",
	    "the mailbox exists but something about it caused this",
	    "RFC 3463" },
	{ 2, 1, C4 | C5, "Mailbox disabled, not accepting messages",
	    "the mailbox exists but is disabled", "RFC 3463" },
	{ 2, 2, C4 | C5, "Mailbox full",
	    "the recipient is over quota; RFC 3463 means it as transient",
	    "RFC 3463" },
	{ 2, 3, C5, "Message length exceeds administrative limit",
	    "the message is bigger than this mailbox's own limit",
	    "RFC 3463" },
	{ 2, 4, C4 | C5, "Mailing list expansion problem",
	    "the address is a list that could not be expanded",
	    "RFC 3463" },

	{ 3, 0, C2 | C4 | C5, "Other or undefined mail system status",
	    "something about the receiving system caused this",
	    "RFC 3463" },
	{ 3, 1, C4, "Mail system full",
	    "the system's storage is exhausted", "RFC 3463" },
	{ 3, 2, C4 | C5, "System not accepting network messages",
	    "the host takes no mail now (shutdown, load, maintenance) "
	    "or at all", "RFC 3463, RFC 7504" },
	{ 3, 3, C4 | C5, "System not capable of selected features",
	    "features asked for (e.g. by a gateway) are not supported",
	    "RFC 3463" },
	{ 3, 4, C5, "Message too big for system",
	    "the message is bigger than the system's size limit",
	    "RFC 3463" },
	{ 3, 5, C4 | C5, "System incorrectly configured",
	    "the receiving system's configuration does not allow this",
	    "RFC 3463" },
	{ 3, 6, C2, "Requested priority was changed",
	    "accepted, but not at the priority asked for", "RFC 6710" },

	{ 4, 0, C4 | C5, "Other or undefined network or routing status",
	    "something went wrong in networking or routing", "RFC 3463" },
	{ 4, 1, C4, "No answer from host",
	    "the next host did not answer the connection", "RFC 3463" },
	{ 4, 2, C4, "Bad connection",
	    "the connection was made but broke or timed out", "RFC 3463" },
	{ 4, 3, C4 | C5, "Directory server failure",
	    "a directory server (usually DNS) could not be reached",
	    "RFC 3463" },
	{ 4, 4, C4 | C5, "Unable to route",
	    "no next hop could be found (e.g. DNS gives no MX or address)",
	    "RFC 3463" },
	{ 4, 5, C4, "Mail system congestion",
	    "the mail system is congested", "RFC 3463" },
	{ 4, 6, C4 | C5, "Routing loop detected",
	    "the message went round a loop (too many Received hops)",
	    "RFC 3463" },
	{ 4, 7, C4 | C5, "Delivery time expired",
	    "the message was queued too long and given up", "RFC 3463" },

	{ 5, 0, C2 | C4 | C5, "Other or undefined protocol status",
	    "something in the SMTP dialogue was wrong", "RFC 3463" },
	{ 5, 1, C4 | C5, "Invalid command",
	    "command out of sequence or not supported", "RFC 3463" },
	{ 5, 2, C5, "Syntax error",
	    "the command could not be parsed or is unknown", "RFC 3463" },
	{ 5, 3, C4 | C5, "Too many recipients",
	    "more recipients than the server takes in one transaction",
	    "RFC 3463" },
	{ 5, 4, C4 | C5, "Invalid command arguments",
	    "valid command, but an argument is out of range or unknown",
	    "RFC 3463" },
	{ 5, 5, C4 | C5, "Wrong protocol version",
	    "a protocol version mismatch that could not be resolved",
	    "RFC 3463" },
	{ 5, 6, C4 | C5, "Authentication Exchange line is too long",
	    "a base64 AUTH answer was longer than the server's buffer",
	    "RFC 4954" },

	{ 6, 0, C4 | C5, "Other or undefined media error",
	    "something about the content made it undeliverable",
	    "RFC 3463" },
	{ 6, 1, C5, "Media not supported",
	    "the content type is not supported on the path", "RFC 3463" },
	{ 6, 2, C5, "Conversion required and prohibited",
	    "the content needs converting but conversion is forbidden",
	    "RFC 3463" },
	{ 6, 3, C5, "Conversion required but not supported",
	    "the content needs converting (e.g. 8bit to 7bit) and no host "
	    "can", "RFC 3463" },
	{ 6, 4, C2 | C5, "Conversion with loss performed",
	    "delivered, but a conversion lost some data", "RFC 3463" },
	{ 6, 5, C4 | C5, "Conversion Failed",
	    "a required conversion did not work", "RFC 3463" },
	{ 6, 6, C4 | C5, "Message content not available",
	    "content referred to (BURL) could not be fetched", "RFC 4468" },
	{ 6, 7, C5,
	    "Non-ASCII addresses not permitted for that sender/recipient",
	    "a UTF-8 address was used where it is not allowed",
	    "RFC 6531" },
	{ 6, 8, C2 | C5,
	    "UTF-8 string reply is required, but not permitted by the SMTP "
	    "client", "the answer needs UTF-8 but the client did not ask "
	    "for SMTPUTF8", "RFC 6531" },
	{ 6, 9, C5,
	    "UTF-8 header message cannot be transferred to one or more "
	    "recipients, so the message must be rejected",
	    "a message with UTF-8 headers cannot reach a recipient",
	    "RFC 6531" },
	{ 6, 10, C2 | C5, "(deprecated duplicate of X.6.8)",
	    "same as X.6.8; registered twice by mistake", "RFC 6531" },

	{ 7, 0, C2 | C4 | C5, "Other or undefined security status",
	    "a security or policy matter, not described further",
	    "RFC 3463" },
	{ 7, 1, C4 | C5, "Delivery not authorized, message refused",
	    "the sender may not send here: policy, block list, relaying",
	    "RFC 3463" },
	{ 7, 2, C5, "Mailing list expansion prohibited",
	    "the sender may not send to this mailing list", "RFC 3463" },
	{ 7, 3, C5, "Security conversion required but not possible",
	    "a secure-messaging conversion was needed and impossible",
	    "RFC 3463" },
	{ 7, 4, C5, "Security features not supported",
	    "security features asked for are not supported", "RFC 3463" },
	{ 7, 5, C4 | C5, "Cryptographic failure",
	    "a needed key was missing or invalid", "RFC 3463" },
	{ 7, 6, C4 | C5, "Cryptographic algorithm not supported",
	    "the algorithm needed is not supported", "RFC 3463" },
	{ 7, 7, C2 | C4 | C5, "Message integrity failure",
	    "the message was found corrupted or altered", "RFC 3463" },
	{ 7, 8, C5, "Authentication credentials invalid",
	    "AUTH failed: wrong or insufficient credentials", "RFC 4954" },
	{ 7, 9, C5, "Authentication mechanism is too weak",
	    "that AUTH mechanism is weaker than policy allows",
	    "RFC 4954" },
	{ 7, 10, C5, "Encryption Needed",
	    "an external privacy layer (TLS) is needed for this mechanism",
	    "RFC 5248" },
	{ 7, 11, C5,
	    "Encryption required for requested authentication mechanism",
	    "that AUTH mechanism is allowed only over an encrypted "
	    "connection", "RFC 4954" },
	{ 7, 12, C4, "A password transition is needed",
	    "log in once with PLAIN so the server can set up this "
	    "mechanism", "RFC 4954" },
	{ 7, 13, C5, "User Account Disabled",
	    "credentials were right but the account is disabled",
	    "RFC 5248" },
	{ 7, 14, C5, "Trust relationship required",
	    "the submission server needs a trust set-up to fetch content",
	    "RFC 5248" },
	{ 7, 15, C4 | C5, "Priority Level is too low",
	    "the message priority is below what the server accepts now",
	    "RFC 6710" },
	{ 7, 16, C4 | C5, "Message is too big for the specified priority",
	    "too big for the priority asked for", "RFC 6710" },
	{ 7, 17, C5, "Mailbox owner has changed",
	    "the mailbox changed owner since the RRVS date", "RFC 7293" },
	{ 7, 18, C5, "Domain owner has changed",
	    "the domain changed owner since the RRVS date", "RFC 7293" },
	{ 7, 19, C5, "RRVS test cannot be completed",
	    "the ownership date needed for RRVS was not recorded",
	    "RFC 7293" },
	{ 7, 20, C5, "No passing DKIM signature found",
	    "the message has no DKIM signature that verifies",
	    "RFC 7372" },
	{ 7, 21, C5, "No acceptable DKIM signature found",
	    "DKIM signatures verify but none is acceptable to policy",
	    "RFC 7372" },
	{ 7, 22, C5, "No valid author-matched DKIM signature found",
	    "no verifying DKIM signature matches the From: domain",
	    "RFC 7372" },
	{ 7, 23, C5, "SPF validation failed",
	    "SPF says this IP may not send for the sender domain",
	    "RFC 7372" },
	{ 7, 24, C4 | C5, "SPF validation error",
	    "the SPF check could not be completed (DNS or record error)",
	    "RFC 7372" },
	{ 7, 25, C5, "Reverse DNS validation failed",
	    "the client IP's reverse DNS did not check out", "RFC 7372" },
	{ 7, 26, C5, "Multiple authentication checks failed",
	    "more than one of SPF/DKIM/DMARC-style checks failed",
	    "RFC 7372" },
	{ 7, 27, C5, "Sender address has null MX",
	    "the sender domain publishes a null MX, so bounces cannot "
	    "reach it", "RFC 7505" },
	{ 7, 28, C4 | C5, "Mail flood detected",
	    "the message looks part of a flood of similar abusive mail",
	    "draft-levine-mailbomb-header" },
	{ 7, 29, C5, "ARC validation failure",
	    "the message's ARC chain did not validate", "RFC 8617" },
	{ 7, 30, C5, "REQUIRETLS support required",
	    "REQUIRETLS was asked for but the next hop does not offer it",
	    "RFC 8689" },
};

#define ENHCODES_N	(sizeof(enhcodes) / sizeof(enhcodes[0]))

/* The registry as published on 2024-12-06 ends at X.7.30: 81 rows. */
_Static_assert(ENHCODES_N == 81, "enhanced registry must have 81 rows");

size_t
enhcodes_count(void)
{
	return ENHCODES_N;
}

const struct enhcode *
enhcodes_at(size_t i)
{
	if (i >= ENHCODES_N)
		return NULL;
	return &enhcodes[i];
}

const struct enhcode *
enhcodes_lookup(int subj, int detail)
{
	size_t	 lo = 0, hi = ENHCODES_N, mid;
	int	 key = subj * 1000 + detail, k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = enhcodes[mid].subject * 1000 + enhcodes[mid].detail;
		if (k == key)
			return &enhcodes[mid];
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
