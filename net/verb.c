/*
 * verb.c: name table and classification of SMTP command words.
 */
#include <string.h>
#include <strings.h>

#include "verb.h"

static const char *const verb_names[] = {
	[VERB_NONE] = "unsolicited",
	[VERB_GREETING] = "greeting",
	[VERB_HELO] = "HELO",
	[VERB_EHLO] = "EHLO",
	[VERB_LHLO] = "LHLO",
	[VERB_MAIL] = "MAIL",
	[VERB_RCPT] = "RCPT",
	[VERB_DATA] = "DATA",
	[VERB_DATA_END] = "end of data",
	[VERB_BDAT] = "BDAT",
	[VERB_RSET] = "RSET",
	[VERB_VRFY] = "VRFY",
	[VERB_EXPN] = "EXPN",
	[VERB_HELP] = "HELP",
	[VERB_NOOP] = "NOOP",
	[VERB_QUIT] = "QUIT",
	[VERB_STARTTLS] = "STARTTLS",
	[VERB_AUTH] = "AUTH",
	[VERB_AUTH_STEP] = "AUTH response",
	[VERB_ETRN] = "ETRN",
	[VERB_ATRN] = "ATRN",
	[VERB_TURN] = "TURN",
	[VERB_SEND] = "SEND",
	[VERB_SOML] = "SOML",
	[VERB_SAML] = "SAML",
	[VERB_TLS] = "TLS",
	[VERB_XPRIVATE] = "private X-command",
	[VERB_OTHER] = "command",
};
_Static_assert(sizeof(verb_names) / sizeof(verb_names[0]) == VERB_MAX,
    "verb_names must cover every verb");

/* Words a user types; ordered as the enum, only real command words. */
static const struct {
	const char	*word;
	enum verb	 verb;
} verb_words[] = {
	{ "HELO", VERB_HELO },
	{ "EHLO", VERB_EHLO },
	{ "LHLO", VERB_LHLO },
	{ "MAIL", VERB_MAIL },
	{ "RCPT", VERB_RCPT },
	{ "DATA", VERB_DATA },
	{ "BDAT", VERB_BDAT },
	{ "RSET", VERB_RSET },
	{ "VRFY", VERB_VRFY },
	{ "EXPN", VERB_EXPN },
	{ "HELP", VERB_HELP },
	{ "NOOP", VERB_NOOP },
	{ "QUIT", VERB_QUIT },
	{ "STARTTLS", VERB_STARTTLS },
	{ "AUTH", VERB_AUTH },
	{ "ETRN", VERB_ETRN },
	{ "ATRN", VERB_ATRN },
	{ "TURN", VERB_TURN },
	{ "SEND", VERB_SEND },
	{ "SOML", VERB_SOML },
	{ "SAML", VERB_SAML },
	{ "TLS", VERB_TLS },
};

const char *
verb_name(enum verb v)
{
	if ((unsigned)v >= VERB_MAX)
		return "?";
	return verb_names[v];
}

enum verb
verb_classify(const char *line, size_t len)
{
	size_t	 n, i;

	for (n = 0; n < len && line[n] != ' ' && line[n] != '\t'; n++)
		;
	for (i = 0; i < sizeof(verb_words) / sizeof(verb_words[0]); i++) {
		if (strlen(verb_words[i].word) == n &&
		    strncasecmp(line, verb_words[i].word, n) == 0)
			return verb_words[i].verb;
	}
	if (n > 1 && (line[0] == 'X' || line[0] == 'x'))
		return VERB_XPRIVATE;
	return VERB_OTHER;
}
