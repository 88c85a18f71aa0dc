/*
 * replcmd.c: the / command table, /set names, completion candidates and
 * the history filter of the REPL.  Completion offers only what the
 * server advertised: a parameter it does not know would be refused.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "replcmd.h"

/* Sorted by name: unique-prefix lookup and the unit test rely on it. */
static const struct replcmd replcmds[] = {
	{ "abort", RCMD_ABORT, "", { RCOMP_NONE, RCOMP_NONE }, 1,
	    "leave message data without ending it (nothing is delivered)" },
	{ "auth", RCMD_AUTH, "MECH [USER]", { RCOMP_MECH, RCOMP_NONE }, 0,
	    "authenticate with PLAIN or LOGIN; asks for the secret" },
	{ "bdat", RCMD_BDAT, "FILE [LAST]", { RCOMP_FILE, RCOMP_LAST }, 0,
	    "BDAT <size> [LAST], then the file's octets" },
	{ "caps", RCMD_CAPS, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "the server's EHLO capabilities, explained" },
	{ "close", RCMD_CLOSE, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "drop the connection without QUIT" },
	{ "connect", RCMD_CONNECT, "TARGET", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "close this session and connect to TARGET" },
	{ "data", RCMD_DATA, "FILE", { RCOMP_FILE, RCOMP_NONE }, 0,
	    "DATA, then FILE as the message" },
	{ "ehlo", RCMD_EHLO, "[NAME]", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "EHLO with the --helo name (or /set helo)" },
	{ "expect", RCMD_EXPECT, "PATTERN", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "judge the last reply: 250, 2xx, 5.1.1, 550 5.1.1, a|b" },
	{ "explain", RCMD_EXPLAIN, "CODE|COMMAND",
	    { RCOMP_VERB, RCOMP_NONE }, 0,
	    "what a reply code, enhanced code or command means" },
	{ "force", RCMD_FORCE, "LINE", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "send LINE even if longer than 512 octets" },
	{ "help", RCMD_HELP, "[COMMAND]", { RCOMP_COMMAND, RCOMP_NONE }, 0,
	    "this list, or one command" },
	{ "history", RCMD_HISTORY, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "the lines typed so far (kept across runs)" },
	{ "quit", RCMD_QUIT, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "QUIT, read the 221 and leave" },
	{ "reconnect", RCMD_RECONNECT, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "close this session and connect again to the same target" },
	{ "save", RCMD_SAVE, "FILE", { RCOMP_FILE, RCOMP_NONE }, 0,
	    "write the transcript so far to FILE" },
	{ "send", RCMD_SEND, "[TO]", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "a whole test transaction with the /set from and to" },
	{ "set", RCMD_SET, "[NAME [VALUE]]",
	    { RCOMP_SETTING, RCOMP_SETVALUE }, 0,
	    "show or change a setting (timeout, explain, colour, ...)" },
	{ "sleep", RCMD_SLEEP, "SECONDS", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "wait, still reading replies" },
	{ "source", RCMD_SOURCE, "SCRIPT", { RCOMP_FILE, RCOMP_NONE }, 0,
	    "run a script in this session, expectations included" },
	{ "starttls", RCMD_STARTTLS, "", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "send STARTTLS" },
	{ "tls", RCMD_TLS, "[chain]", { RCOMP_NONE, RCOMP_NONE }, 0,
	    "this session's TLS facts; chain: the certificates (PEM)" },
};
_Static_assert(sizeof(replcmds) / sizeof(replcmds[0]) == RCMD_MAX,
    "replcmds must have a row per command");

static const struct replset replsets[] = {
	{ "colour", RSET_COLOUR, "on off", "colour the explanations" },
	{ "explain", RSET_EXPLAIN, "on off", "explain each reply" },
	{ "from", RSET_FROM, "", "sender address for /send" },
	{ "helo", RSET_HELO, "", "name for /ehlo" },
	{ "timeout", RSET_TIMEOUT, "",
	    "seconds for every wait; 0: RFC 5321's" },
	{ "to", RSET_TO, "", "recipient address for /send" },
};
_Static_assert(sizeof(replsets) / sizeof(replsets[0]) == RSET_MAX,
    "replsets must have a row per setting");

/* Commands offered at the start of a line (RFC 5321 and extensions). */
static const char *const replcmd_verbs[] = {
	"AUTH", "BDAT", "DATA", "EHLO", "ETRN", "EXPN", "HELO", "HELP",
	"LHLO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET", "STARTTLS", "VRFY",
};

/* ESMTP parameters, each offered only with its EHLO keyword. */
struct replcmd_param {
	const char	*keyword;
	const char	*param;
};

static const struct replcmd_param replcmd_mail_params[] = {
	{ "SIZE", "SIZE=" },
	{ "8BITMIME", "BODY=8BITMIME" },
	{ "8BITMIME", "BODY=7BIT" },
	{ "BINARYMIME", "BODY=BINARYMIME" },
	{ "SMTPUTF8", "SMTPUTF8" },
	{ "DSN", "RET=FULL" },
	{ "DSN", "RET=HDRS" },
	{ "DSN", "ENVID=" },
	{ "AUTH", "AUTH=" },
	{ "REQUIRETLS", "REQUIRETLS" },
};

static const struct replcmd_param replcmd_rcpt_params[] = {
	{ "DSN", "NOTIFY=" },
	{ "DSN", "ORCPT=rfc822;" },
};

/* Mechanisms /auth can do. */
static const char *const replcmd_mechs[] = { "LOGIN", "PLAIN" };

size_t
replcmd_count(void)
{
	return RCMD_MAX;
}

const struct replcmd *
replcmd_at(size_t i)
{
	return i < RCMD_MAX ? &replcmds[i] : NULL;
}

const struct replcmd *
replcmd_lookup(const char *word, size_t len, char *why, size_t whylen)
{
	const struct replcmd	*found = NULL;
	size_t			 i, hits = 0, off;
	int			 first = 0;

	for (i = 0; i < RCMD_MAX; i++) {
		if (strlen(replcmds[i].name) < len ||
		    strncasecmp(replcmds[i].name, word, len) != 0)
			continue;
		if (strlen(replcmds[i].name) == len)
			return &replcmds[i];	/* exact match wins */
		found = &replcmds[i];
		hits++;
	}
	if (hits == 1 && len > 0)
		return found;
	if (hits == 0 || len == 0) {
		snprintf(why, whylen, "unknown command: /%.*s (/help lists "
		    "them)", (int)(len > 40 ? 40 : len), word);
		return NULL;
	}
	off = (size_t)snprintf(why, whylen, "ambiguous command: /%.*s, "
	    "could be: ", (int)(len > 40 ? 40 : len), word);
	for (i = 0; i < RCMD_MAX && off < whylen; i++)
		if (strlen(replcmds[i].name) >= len &&
		    strncasecmp(replcmds[i].name, word, len) == 0)
			off += (size_t)snprintf(why + off, whylen - off,
			    "%s/%s", first++ ? ", " : "",
			    replcmds[i].name);
	return NULL;
}

size_t
replset_count(void)
{
	return RSET_MAX;
}

const struct replset *
replset_at(size_t i)
{
	return i < RSET_MAX ? &replsets[i] : NULL;
}

const struct replset *
replset_lookup(const char *name)
{
	size_t	 i;

	for (i = 0; i < RSET_MAX; i++)
		if (strcasecmp(replsets[i].name, name) == 0)
			return &replsets[i];
	return NULL;
}

/* Offer cand when the typed word (wlen bytes) is a case-blind prefix. */
static void
replcmd_offer(const char *word, size_t wlen, const char *cand,
    replcmd_cand_cb *cb, void *arg)
{
	if (strlen(cand) >= wlen && strncasecmp(cand, word, wlen) == 0)
		cb(arg, cand);
}

static void
replcmd_params(const struct replcmd_param *p, size_t n,
    const struct caps *caps, const char *word, size_t wlen,
    replcmd_cand_cb *cb, void *arg)
{
	size_t	 i;

	if (caps == NULL || !caps->valid)
		return;
	for (i = 0; i < n; i++)
		if (caps_find(caps, p[i].keyword) != NULL)
			replcmd_offer(word, wlen, p[i].param, cb, arg);
}

/* Each mechanism the server lists under AUTH; mine: only PLAIN, LOGIN. */
static void
replcmd_mechs_offer(const struct caps *caps, int mine, const char *word,
    size_t wlen, replcmd_cand_cb *cb, void *arg)
{
	const struct caps_entry	*e;
	char			 mech[CAPS_PARAM_MAX + 1];
	const char		*p;
	size_t			 n, i;

	if (caps == NULL || !caps->valid ||
	    (e = caps_find(caps, "AUTH")) == NULL)
		return;
	for (p = e->params; *p != '\0'; p += n) {
		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		if (n == 0)
			break;
		memcpy(mech, p, n);
		mech[n] = '\0';
		for (i = 0; mine && i < sizeof(replcmd_mechs) /
		    sizeof(replcmd_mechs[0]); i++)
			if (strcasecmp(mech, replcmd_mechs[i]) == 0)
				break;
		if (!mine || i < sizeof(replcmd_mechs) /
		    sizeof(replcmd_mechs[0]))
			replcmd_offer(word, wlen, mech, cb, arg);
	}
}

static int
replcmd_args(const struct replcmd *rc, size_t argn, const char *line,
    const char *word, size_t wlen, const struct caps *caps,
    replcmd_cand_cb *cb, void *arg)
{
	const struct replset	*set;
	char			 name[32], vals[32], *v, *sp;
	size_t			 i, n;

	if (argn >= REPLCMD_ARGS)
		return 0;
	switch (rc->comp[argn]) {
	case RCOMP_FILE:
		return 1;
	case RCOMP_COMMAND:
		for (i = 0; i < RCMD_MAX; i++)
			replcmd_offer(word, wlen, replcmds[i].name, cb, arg);
		break;
	case RCOMP_VERB:
		for (i = 0; i < sizeof(replcmd_verbs) /
		    sizeof(replcmd_verbs[0]); i++)
			replcmd_offer(word, wlen, replcmd_verbs[i], cb, arg);
		break;
	case RCOMP_MECH:
		replcmd_mechs_offer(caps, 1, word, wlen, cb, arg);
		break;
	case RCOMP_SETTING:
		for (i = 0; i < RSET_MAX; i++)
			replcmd_offer(word, wlen, replsets[i].name, cb, arg);
		break;
	case RCOMP_SETVALUE:
		/* the setting is the word after "/set " */
		line += strcspn(line, " ");
		line += strspn(line, " ");
		n = strcspn(line, " ");
		if (n >= sizeof(name))
			break;
		memcpy(name, line, n);
		name[n] = '\0';
		if ((set = replset_lookup(name)) == NULL)
			break;
		snprintf(vals, sizeof(vals), "%s", set->values);
		for (v = vals; *v != '\0'; v = sp + 1) {
			if ((sp = strchr(v, ' ')) != NULL)
				*sp = '\0';
			replcmd_offer(word, wlen, v, cb, arg);
			if (sp == NULL)
				break;
		}
		break;
	case RCOMP_LAST:
		replcmd_offer(word, wlen, "LAST", cb, arg);
		break;
	case RCOMP_NONE:
	case RCOMP_MAX:
		break;
	}
	return 0;
}

int
replcmd_complete(const char *line, size_t len, const struct caps *caps,
    size_t *start, replcmd_cand_cb *cb, void *arg)
{
	const struct replcmd	*rc;
	const char		*word;
	char			 why[8];
	size_t			 i, wlen, argn, flen;

	/* the word being completed starts after the last blank */
	for (i = len; i > 0 && line[i - 1] != ' ' && line[i - 1] != '\t';
	    i--)
		;
	*start = i;
	word = line + i;
	wlen = len - i;
	for (argn = 0, i = 0; i < *start; argn++) {
		while (i < *start && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i == *start)
			break;
		while (i < *start && line[i] != ' ' && line[i] != '\t')
			i++;
	}
	/* argn: words before this one */
	if (argn == 0) {
		if (wlen > 0 && word[0] == '/') {
			*start += 1;
			for (i = 0; i < RCMD_MAX; i++)
				replcmd_offer(word + 1, wlen - 1,
				    replcmds[i].name, cb, arg);
			return 0;
		}
		for (i = 0; i < sizeof(replcmd_verbs) /
		    sizeof(replcmd_verbs[0]); i++)
			replcmd_offer(word, wlen, replcmd_verbs[i], cb, arg);
		return 0;
	}
	while (*line == ' ' || *line == '\t')
		line++;
	flen = strcspn(line, " \t");
	if (line[0] == '/') {
		if ((rc = replcmd_lookup(line + 1, flen - 1, why,
		    sizeof(why))) == NULL)
			return 0;
		return replcmd_args(rc, argn - 1, line, word, wlen, caps, cb,
		    arg);
	}
	if (flen == 4 && strncasecmp(line, "MAIL", 4) == 0) {
		if (argn == 1)
			replcmd_offer(word, wlen, "FROM:<", cb, arg);
		else
			replcmd_params(replcmd_mail_params,
			    sizeof(replcmd_mail_params) /
			    sizeof(replcmd_mail_params[0]), caps, word, wlen,
			    cb, arg);
	} else if (flen == 4 && strncasecmp(line, "RCPT", 4) == 0) {
		if (argn == 1)
			replcmd_offer(word, wlen, "TO:<", cb, arg);
		else
			replcmd_params(replcmd_rcpt_params,
			    sizeof(replcmd_rcpt_params) /
			    sizeof(replcmd_rcpt_params[0]), caps, word, wlen,
			    cb, arg);
	} else if (flen == 4 && strncasecmp(line, "AUTH", 4) == 0 &&
	    argn == 1)
		replcmd_mechs_offer(caps, 0, word, wlen, cb, arg);
	return 0;
}

int
replcmd_private(const char *line, size_t len, int sasl_due)
{
	size_t	 i, w;

	if (sasl_due)
		return 1;
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (w = i; w < len && line[w] != ' ' && line[w] != '\t'; w++)
		;
	w -= i;
	line += i;
	if (w == 4 && strncasecmp(line, "AUTH", 4) == 0)
		return 1;
	/* "/a", "/au", ... "/auth": any abbreviation, even an ambiguous one */
	if (w >= 2 && w <= 5 && line[0] == '/' &&
	    strncasecmp(line + 1, "auth", w - 1) == 0)
		return 1;
	return 0;
}
