/*
 * verb.h: the SMTP commands smtpcli knows, and classification of an
 * outgoing command line into one of them.  Pure: no I/O, no globals.
 */
#ifndef SMTPCLI_VERB_H
#define SMTPCLI_VERB_H

#include <stddef.h>

/*
 * What a reply answers.  VERB_GREETING is the connection's 220/554 banner,
 * VERB_DATA_END the reply after the final ".", VERB_AUTH_STEP a line sent
 * in answer to a 334 challenge, VERB_NONE a reply nobody asked for.
 */
enum verb {
	VERB_NONE,
	VERB_GREETING,
	VERB_HELO,
	VERB_EHLO,
	VERB_LHLO,
	VERB_MAIL,
	VERB_RCPT,
	VERB_DATA,
	VERB_DATA_END,
	VERB_BDAT,
	VERB_RSET,
	VERB_VRFY,
	VERB_EXPN,
	VERB_HELP,
	VERB_NOOP,
	VERB_QUIT,
	VERB_STARTTLS,
	VERB_AUTH,
	VERB_AUTH_STEP,
	VERB_ETRN,
	VERB_ATRN,
	VERB_TURN,
	VERB_SEND,
	VERB_SOML,
	VERB_SAML,
	VERB_TLS,
	VERB_XPRIVATE,
	VERB_OTHER,
	VERB_MAX
};

/* Upper-case name of a verb ("RCPT", "greeting", "end of data"). */
const char	*verb_name(enum verb);

/*
 * Classify a command line (without CRLF) by its first word, case-blind.
 * Never fails: unknown words give VERB_OTHER, X-words VERB_XPRIVATE.
 */
enum verb	 verb_classify(const char *line, size_t len);

#endif
