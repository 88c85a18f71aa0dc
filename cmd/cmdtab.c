/*
 * cmdtab.c: every / command once, and the lookup both the script runner
 * and the REPL use, so that a prefix means the same wherever it is typed.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmdtab.h"
#include "sasl.h"

#define S	CMDTAB_IN_SCRIPT
#define R	CMDTAB_IN_REPL
#define D	CMDTAB_IN_DATA
#define C(a, b)	{ CMDTAB_COMP_ ## a, CMDTAB_COMP_ ## b }

/* Sorted by name: unique-prefix lookup and the unit test rely on it. */
static const struct cmdtab cmdtabs[] = {
	{ "abort", CMDTAB_ABORT, "", C(NONE, NONE), R | D,
	    "leave message data without ending it (nothing is delivered)" },
	{ "auth", CMDTAB_AUTH, "MECH [USER]", C(MECH, NONE), R,
	    "authenticate as --auth does; asks for the secret" },
	{ "bdat", CMDTAB_BDAT, "FILE [LAST]", C(FILE, LAST), S | R,
	    "BDAT <size> [LAST], then the file's octets" },
	{ "caps", CMDTAB_CAPS, "", C(NONE, NONE), R,
	    "the server's EHLO capabilities, explained" },
	{ "close", CMDTAB_CLOSE, "", C(NONE, NONE), R,
	    "drop the connection without QUIT" },
	{ "connect", CMDTAB_CONNECT, "TARGET", C(NONE, NONE), R,
	    "close this session and connect to TARGET" },
	{ "data", CMDTAB_DATA, "FILE", C(FILE, NONE), S | R,
	    "DATA, then FILE as the message" },
	{ "ehlo", CMDTAB_EHLO, "[NAME]", C(NONE, NONE), S | R,
	    "EHLO with the --helo name (or /set helo)" },
	{ "expect", CMDTAB_EXPECT, "PATTERN", C(NONE, NONE), S | R | D,
	    "judge the last reply: 250, 2xx, 5.1.1, 550 5.1.1, a|b" },
	{ "explain", CMDTAB_EXPLAIN, "CODE|COMMAND", C(VERB, NONE), R,
	    "what a reply code, enhanced code or command means" },
	{ "force", CMDTAB_FORCE, "LINE", C(NONE, NONE), S | R,
	    "send LINE even if longer than 512 octets" },
	{ "help", CMDTAB_HELP, "[COMMAND]", C(COMMAND, NONE), R,
	    "this list, or one command" },
	{ "history", CMDTAB_HISTORY, "", C(NONE, NONE), R,
	    "the lines typed so far (kept across runs)" },
	{ "quit", CMDTAB_QUIT, "", C(NONE, NONE), S | R,
	    "QUIT, read the 221 and leave" },
	{ "reconnect", CMDTAB_RECONNECT, "", C(NONE, NONE), R,
	    "close this session and connect again to the same target" },
	{ "save", CMDTAB_SAVE, "FILE", C(FILE, NONE), R,
	    "write the transcript so far to FILE" },
	{ "send", CMDTAB_SEND, "[TO]", C(NONE, NONE), R,
	    "a whole test transaction with the /set from and to" },
	{ "set", CMDTAB_SET, "[NAME [VALUE]]", C(SETTING, SETVALUE), R,
	    "show or change a setting (timeout, explain, colour, ...)" },
	{ "sleep", CMDTAB_SLEEP, "SECONDS", C(NONE, NONE), S | R,
	    "wait, still reading replies" },
	{ "source", CMDTAB_SOURCE, "SCRIPT", C(FILE, NONE), R,
	    "run a script in this session, expectations included" },
	{ "starttls", CMDTAB_STARTTLS, "", C(NONE, NONE), R,
	    "send STARTTLS" },
	{ "tls", CMDTAB_TLS, "[chain]", C(NONE, NONE), R,
	    "this session's TLS facts; chain: the certificates (PEM)" },
};
_Static_assert(sizeof(cmdtabs) / sizeof(cmdtabs[0]) == CMDTAB_MAX,
    "cmdtabs must have a row per command");

#undef S
#undef R
#undef D
#undef C

size_t
cmdtab_count(void)
{
	return CMDTAB_MAX;
}

const struct cmdtab *
cmdtab_at(size_t i)
{
	return i < CMDTAB_MAX ? &cmdtabs[i] : NULL;
}

const char *
cmdtab_name(enum cmdtab_id id)
{
	return (unsigned)id < CMDTAB_MAX ? cmdtabs[id].name : "?";
}

/* Row i is allowed where and word (len bytes) is a prefix of its name. */
static int
cmdtab_prefix(size_t i, const char *word, size_t len, unsigned where)
{
	return (cmdtabs[i].where & where) != 0 &&
	    strlen(cmdtabs[i].name) >= len &&
	    strncasecmp(cmdtabs[i].name, word, len) == 0;
}

/* The row named exactly, or else the only one the prefix names. */
static const struct cmdtab *
cmdtab_find(const char *word, size_t len, unsigned where, size_t *hits)
{
	const struct cmdtab	*found = NULL;
	size_t			 i;

	*hits = 0;
	if (len == 0)
		return NULL;
	for (i = 0; i < CMDTAB_MAX; i++) {
		if (!cmdtab_prefix(i, word, len, where))
			continue;
		if (strlen(cmdtabs[i].name) == len) {
			*hits = 1;
			return &cmdtabs[i];	/* exact match wins */
		}
		found = &cmdtabs[i];
		(*hits)++;
	}
	return *hits == 1 ? found : NULL;
}

size_t
cmdtab_matches(const char *word, size_t len, unsigned where)
{
	size_t	 hits;

	(void)cmdtab_find(word, len, where, &hits);
	return hits;
}

const struct cmdtab *
cmdtab_lookup(const char *word, size_t len, unsigned where, char *why,
    size_t whylen)
{
	const struct cmdtab	*ct;
	size_t			 i, hits, off;
	int			 first = 0;
	int			 shown = (int)(len > 40 ? 40 : len);

	if ((ct = cmdtab_find(word, len, where, &hits)) != NULL)
		return ct;
	if (whylen == 0)
		return NULL;
	if (hits == 0) {
		snprintf(why, whylen, "unknown command: /%.*s (/help lists "
		    "them)", shown, word);
		return NULL;
	}
	off = (size_t)snprintf(why, whylen, "ambiguous command: /%.*s, "
	    "could be: ", shown, word);
	for (i = 0; i < CMDTAB_MAX && off < whylen; i++)
		if (cmdtab_prefix(i, word, len, where))
			off += (size_t)snprintf(why + off, whylen - off,
			    "%s/%s", first++ ? ", " : "", cmdtabs[i].name);
	return NULL;
}

char *
cmdtab_mechs(char *buf, size_t len)
{
	size_t	 off;
	int	 m;

	if (len == 0)
		return buf;
	off = (size_t)snprintf(buf, len, "auto");
	for (m = 0; m < SASL_MECH_MAX && off < len; m++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    m + 1 == SASL_MECH_MAX ? " or " : ", ",
		    sasl_mech_name((enum sasl_mech)m));
	return buf;
}
