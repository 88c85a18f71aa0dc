/*
 * replcomp.c: /set names, completion candidates and the history filter
 * of the REPL.  Completion offers only what the server advertised: a
 * parameter it does not know would be refused.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmdtab.h"
#include "mask.h"
#include "replcomp.h"
#include "sasl.h"

static const struct replcomp_set replcomp_sets[] = {
	{ "colour", REPLCOMP_SET_COLOUR, "on off",
	    "colour replies by class, dim the explanations" },
	{ "explain", REPLCOMP_SET_EXPLAIN, "all errors off",
	    "explain every reply fully, non-2xx fully, or none" },
	{ "from", REPLCOMP_SET_FROM, "", "sender address for /send" },
	{ "helo", REPLCOMP_SET_HELO, "", "name for /ehlo" },
	{ "timeout", REPLCOMP_SET_TIMEOUT, "",
	    "seconds for every wait; 0: RFC 5321's" },
	{ "to", REPLCOMP_SET_TO, "", "recipient address for /send" },
};
_Static_assert(sizeof(replcomp_sets) / sizeof(replcomp_sets[0]) ==
    REPLCOMP_SET_MAX,
    "replcomp_sets must have a row per setting");

/* Commands offered at the start of a line (RFC 5321 and extensions). */
static const char *const replcomp_verbs[] = {
	"AUTH", "BDAT", "DATA", "EHLO", "ETRN", "EXPN", "HELO", "HELP",
	"LHLO", "MAIL", "NOOP", "QUIT", "RCPT", "RSET", "STARTTLS", "VRFY",
};

/* ESMTP parameters, each offered only with its EHLO keyword. */
struct replcomp_param {
	const char	*keyword;
	const char	*param;
};

static const struct replcomp_param replcomp_mail_params[] = {
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

static const struct replcomp_param replcomp_rcpt_params[] = {
	{ "DSN", "NOTIFY=" },
	{ "DSN", "ORCPT=rfc822;" },
};

size_t
replcomp_set_count(void)
{
	return REPLCOMP_SET_MAX;
}

const struct replcomp_set *
replcomp_set_at(size_t i)
{
	return i < REPLCOMP_SET_MAX ? &replcomp_sets[i] : NULL;
}

const struct replcomp_set *
replcomp_set_lookup(const char *name)
{
	size_t	 i;

	for (i = 0; i < REPLCOMP_SET_MAX; i++)
		if (strcasecmp(replcomp_sets[i].name, name) == 0)
			return &replcomp_sets[i];
	return NULL;
}

/* Offer cand when the typed word (wlen bytes) is a case-blind prefix. */
static void
replcomp_offer(const char *word, size_t wlen, const char *cand,
    replcomp_cand_cb *cb, void *arg)
{
	if (strlen(cand) >= wlen && strncasecmp(cand, word, wlen) == 0)
		cb(arg, cand);
}

static void
replcomp_params(const struct replcomp_param *p, size_t n,
    const struct caps *caps, const char *word, size_t wlen,
    replcomp_cand_cb *cb, void *arg)
{
	size_t	 i;

	if (caps == NULL || !caps->valid)
		return;
	for (i = 0; i < n; i++)
		if (caps_find(caps, p[i].keyword) != NULL)
			replcomp_offer(word, wlen, p[i].param, cb, arg);
}

/*
 * Each mechanism the server lists under AUTH; mine: only those /auth
 * can do (net/sasl.h's).
 */
static void
replcomp_mechs_offer(const struct caps *caps, int mine, const char *word,
    size_t wlen, replcomp_cand_cb *cb, void *arg)
{
	const struct caps_entry	*e;
	char			 mech[CAPS_PARAM_MAX + 1];
	const char		*p;
	size_t			 n;

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
		if (!mine || sasl_mech_parse(mech) != -1)
			replcomp_offer(word, wlen, mech, cb, arg);
	}
}

/* The / commands the REPL takes whose names start with word. */
static void
replcomp_commands(const char *word, size_t wlen, replcomp_cand_cb *cb,
    void *arg)
{
	const struct cmdtab	*ct;
	size_t			 i;

	for (i = 0; (ct = cmdtab_at(i)) != NULL; i++)
		if (ct->where & CMDTAB_IN_REPL)
			replcomp_offer(word, wlen, ct->name, cb, arg);
}

static int
replcomp_args(const struct cmdtab *ct, size_t argn, const char *line,
    const char *word, size_t wlen, const struct caps *caps,
    replcomp_cand_cb *cb, void *arg)
{
	const struct replcomp_set	*set;
	char				 name[32], vals[32], *v, *sp;
	size_t				 i, n;

	if (argn >= CMDTAB_ARGS)
		return 0;
	switch (ct->comp[argn]) {
	case CMDTAB_COMP_FILE:
		return 1;
	case CMDTAB_COMP_COMMAND:
		replcomp_commands(word, wlen, cb, arg);
		break;
	case CMDTAB_COMP_VERB:
		for (i = 0; i < sizeof(replcomp_verbs) /
		    sizeof(replcomp_verbs[0]); i++)
			replcomp_offer(word, wlen, replcomp_verbs[i], cb, arg);
		break;
	case CMDTAB_COMP_MECH:
		/*
		 * auto, then what /auth can do and the server offers (it
		 * refuses any other); every one of its mechanisms while
		 * the server's are not known
		 */
		replcomp_offer(word, wlen, "auto", cb, arg);
		if (caps != NULL && caps->valid &&
		    caps_find(caps, "AUTH") != NULL)
			replcomp_mechs_offer(caps, 1, word, wlen, cb, arg);
		else
			for (i = 0; i < SASL_MECH_MAX; i++)
				replcomp_offer(word, wlen, sasl_mech_name(
				    (enum sasl_mech)i), cb, arg);
		break;
	case CMDTAB_COMP_SETTING:
		for (i = 0; i < REPLCOMP_SET_MAX; i++)
			replcomp_offer(word, wlen, replcomp_sets[i].name, cb,
			    arg);
		break;
	case CMDTAB_COMP_SETVALUE:
		/* the setting is the word after "/set " */
		line += strcspn(line, " ");
		line += strspn(line, " ");
		n = strcspn(line, " ");
		if (n >= sizeof(name))
			break;
		memcpy(name, line, n);
		name[n] = '\0';
		if ((set = replcomp_set_lookup(name)) == NULL)
			break;
		snprintf(vals, sizeof(vals), "%s", set->values);
		for (v = vals; *v != '\0'; v = sp + 1) {
			if ((sp = strchr(v, ' ')) != NULL)
				*sp = '\0';
			replcomp_offer(word, wlen, v, cb, arg);
			if (sp == NULL)
				break;
		}
		break;
	case CMDTAB_COMP_LAST:
		replcomp_offer(word, wlen, "LAST", cb, arg);
		break;
	case CMDTAB_COMP_NONE:
	case CMDTAB_COMP_MAX:
		break;
	}
	return 0;
}

int
replcomp_complete(const char *line, size_t len, const struct caps *caps,
    size_t *start, replcomp_cand_cb *cb, void *arg)
{
	const struct cmdtab	*ct;
	const char		*word;
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
			replcomp_commands(word + 1, wlen - 1, cb, arg);
			return 0;
		}
		for (i = 0; i < sizeof(replcomp_verbs) /
		    sizeof(replcomp_verbs[0]); i++)
			replcomp_offer(word, wlen, replcomp_verbs[i], cb, arg);
		return 0;
	}
	while (*line == ' ' || *line == '\t')
		line++;
	flen = strcspn(line, " \t");
	if (line[0] == '/') {
		if ((ct = cmdtab_lookup(line + 1, flen - 1, CMDTAB_IN_REPL,
		    NULL, 0)) == NULL)
			return 0;
		return replcomp_args(ct, argn - 1, line, word, wlen, caps, cb,
		    arg);
	}
	if (flen == 4 && strncasecmp(line, "MAIL", 4) == 0) {
		if (argn == 1)
			replcomp_offer(word, wlen, "FROM:<", cb, arg);
		else
			replcomp_params(replcomp_mail_params,
			    sizeof(replcomp_mail_params) /
			    sizeof(replcomp_mail_params[0]), caps, word, wlen,
			    cb, arg);
	} else if (flen == 4 && strncasecmp(line, "RCPT", 4) == 0) {
		if (argn == 1)
			replcomp_offer(word, wlen, "TO:<", cb, arg);
		else
			replcomp_params(replcomp_rcpt_params,
			    sizeof(replcomp_rcpt_params) /
			    sizeof(replcomp_rcpt_params[0]), caps, word, wlen,
			    cb, arg);
	} else if (flen == 4 && strncasecmp(line, "AUTH", 4) == 0 &&
	    argn == 1)
		replcomp_mechs_offer(caps, 0, word, wlen, cb, arg);
	return 0;
}

int
replcomp_private(const char *line, size_t len, int sasl_due, int auth_open)
{
	size_t	 i, w, keep;

	if (sasl_due || mask_is_auth(line, len) ||
	    mask_view(auth_open, sasl_due, line, len, &keep))
		return 1;
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (w = i; w < len && line[w] != ' ' && line[w] != '\t'; w++)
		;
	w -= i;
	line += i;
	/* "/a", "/au", ... "/auth": any abbreviation, even an ambiguous one */
	if (w >= 2 && w <= 5 && line[0] == '/' &&
	    strncasecmp(line + 1, "auth", w - 1) == 0)
		return 1;
	return 0;
}
