/*
 * test_cmdtab.c: the one / command table: sorted, unique, every row
 * reachable where it is allowed (by its name and its shortest unique
 * prefix) and nowhere else, and the unknown/ambiguous messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cmdtab.h"
#include "sasl.h"

#define OK(c)		CHECK((c), "%s", #c)
#define OKD(c, d)	CHECK((c), "%s: %.300s", #c, (d))

static const unsigned	 wheres[] = { CMDTAB_IN_SCRIPT, CMDTAB_IN_REPL,
    CMDTAB_IN_DATA };

static void
rows(void)
{
	const struct cmdtab	*ct, *prev = NULL;
	size_t			 i, k;

	OK(cmdtab_count() == CMDTAB_MAX);
	OK(cmdtab_at(CMDTAB_MAX) == NULL);
	OK(strcmp(cmdtab_name(CMDTAB_MAX), "?") == 0);
	for (i = 0; i < cmdtab_count(); i++) {
		ct = cmdtab_at(i);
		OKD(ct->id == (enum cmdtab_id)i, ct->name);
		OKD(strcmp(cmdtab_name(ct->id), ct->name) == 0, ct->name);
		OKD(ct->usage != NULL && ct->help != NULL &&
		    ct->help[0] != '\0', ct->name);
		OKD(ct->where != 0 && (ct->where & ~(unsigned)
		    (CMDTAB_IN_SCRIPT | CMDTAB_IN_REPL | CMDTAB_IN_DATA)) == 0,
		    ct->name);
		for (k = 0; k < CMDTAB_ARGS; k++)
			OKD(ct->comp[k] < CMDTAB_COMP_MAX, ct->name);
		for (k = 0; ct->name[k] != '\0'; k++)
			OKD(islower((unsigned char)ct->name[k]), ct->name);
		if (prev != NULL)
			OKD(strcmp(prev->name, ct->name) < 0, ct->name);
		prev = ct;
	}
}

/* Reachable where allowed, by name (any case) and shortest prefix. */
static void
reachable(const struct cmdtab *ct, unsigned where)
{
	char	 why[256], upper[32];
	size_t	 n, len = strlen(ct->name), k;

	OKD(cmdtab_lookup(ct->name, len, where, why, sizeof(why)) == ct,
	    ct->name);
	OKD(cmdtab_matches(ct->name, len, where) == 1, ct->name);
	for (k = 0; k <= len && k < sizeof(upper); k++)
		upper[k] = (char)toupper((unsigned char)ct->name[k]);
	OKD(cmdtab_lookup(upper, len, where, why, sizeof(why)) == ct,
	    ct->name);
	for (n = 1; n < len; n++) {
		if (cmdtab_lookup(ct->name, n, where, why,
		    sizeof(why)) != NULL)
			break;
		/* shorter: ambiguous, the message names this row */
		OKD(strncmp(why, "ambiguous command: /", 20) == 0, why);
		OKD(strstr(why, ct->name) != NULL, why);
		OKD(cmdtab_matches(ct->name, n, where) > 1, ct->name);
	}
	OKD(cmdtab_lookup(ct->name, n, where, why, sizeof(why)) == ct,
	    ct->name);
	/* the shortest prefix and every longer one */
	for (; n <= len; n++)
		OKD(cmdtab_lookup(ct->name, n, where, why,
		    sizeof(why)) == ct, ct->name);
}

/* Never reached where not allowed, by no prefix of its name. */
static void
unreachable(const struct cmdtab *ct, unsigned where)
{
	char	 why[256];
	size_t	 n, len = strlen(ct->name);

	for (n = 0; n <= len; n++)
		OKD(cmdtab_lookup(ct->name, n, where, why,
		    sizeof(why)) != ct, ct->name);
}

static void
reach(void)
{
	const struct cmdtab	*ct;
	size_t			 i, w;

	for (i = 0; (ct = cmdtab_at(i)) != NULL; i++)
		for (w = 0; w < sizeof(wheres) / sizeof(wheres[0]); w++) {
			if (ct->where & wheres[w])
				reachable(ct, wheres[w]);
			else
				unreachable(ct, wheres[w]);
		}
}

/* What scripts and the REPL accepted before the one table: the same. */
static void
today(void)
{
	static const char *const script[] = {
		"bdat", "data", "ehlo", "expect", "force", "quit", "sleep",
	};
	const struct cmdtab	*ct;
	size_t			 i, n = 0;

	for (i = 0; (ct = cmdtab_at(i)) != NULL; i++)
		if (ct->where & CMDTAB_IN_SCRIPT) {
			OKD(n < sizeof(script) / sizeof(script[0]) &&
			    strcmp(script[n], ct->name) == 0, ct->name);
			n++;
		}
	OK(n == sizeof(script) / sizeof(script[0]));
	for (i = 0; (ct = cmdtab_at(i)) != NULL; i++)
		OKD(ct->where & CMDTAB_IN_REPL, ct->name);
	OK(cmdtab_at(CMDTAB_ABORT)->where & CMDTAB_IN_DATA);
	OK(cmdtab_at(CMDTAB_EXPECT)->where & CMDTAB_IN_DATA);
}

static void
messages(void)
{
	char			 why[256], small[24];
	const struct cmdtab	*ct;

	OK(cmdtab_lookup("s", 1, CMDTAB_IN_REPL, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "ambiguous command: /s, could be: /save, /send, "
	    "/set, /sleep, /source, /starttls") == 0, why);
	OK(cmdtab_matches("s", 1, CMDTAB_IN_REPL) == 6);
	/* in a script "/s" is /sleep: the REPL's commands are not there */
	ct = cmdtab_lookup("s", 1, CMDTAB_IN_SCRIPT, why, sizeof(why));
	OK(ct != NULL && ct->id == CMDTAB_SLEEP);
	OK(cmdtab_lookup("e", 1, CMDTAB_IN_SCRIPT, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "ambiguous command: /e, could be: /ehlo, /expect") ==
	    0, why);
	OK(cmdtab_lookup("e", 1, CMDTAB_IN_REPL, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "ambiguous command: /e, could be: /ehlo, /expect, "
	    "/explain") == 0, why);
	OK(cmdtab_lookup("help", 4, CMDTAB_IN_SCRIPT, why, sizeof(why)) ==
	    NULL);
	OKD(strcmp(why, "unknown command: /help (/help lists them)") == 0,
	    why);
	OK(cmdtab_matches("help", 4, CMDTAB_IN_SCRIPT) == 0);
	OK(cmdtab_lookup("zz", 2, CMDTAB_IN_REPL, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "unknown command: /zz (/help lists them)") == 0, why);
	OK(cmdtab_lookup("", 0, CMDTAB_IN_REPL, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "unknown command: / (/help lists them)") == 0, why);
	OK(cmdtab_matches("", 0, CMDTAB_IN_REPL) == 0);
	/* exact beats prefix; case-blind */
	OK(cmdtab_lookup("SET", 3, CMDTAB_IN_REPL, why, sizeof(why))->id ==
	    CMDTAB_SET);
	OK(cmdtab_lookup("ex", 2, CMDTAB_IN_REPL, why, sizeof(why)) == NULL);
	OK(cmdtab_lookup("expl", 4, CMDTAB_IN_REPL, why, sizeof(why))->id ==
	    CMDTAB_EXPLAIN);
	OK(cmdtab_lookup("exp", 3, CMDTAB_IN_SCRIPT, why, sizeof(why))->id ==
	    CMDTAB_EXPECT);
	/* in data only /abort and /expect */
	OK(cmdtab_lookup("a", 1, CMDTAB_IN_DATA, why, sizeof(why))->id ==
	    CMDTAB_ABORT);
	OK(cmdtab_lookup("quit", 4, CMDTAB_IN_DATA, why, sizeof(why)) == NULL);
	/* the word is only len bytes; why is cut, never overrun */
	OK(cmdtab_lookup("quitx", 4, CMDTAB_IN_SCRIPT, NULL, 0)->id ==
	    CMDTAB_QUIT);
	OK(cmdtab_lookup("s", 1, CMDTAB_IN_REPL, small, sizeof(small)) == NULL);
	OK(strlen(small) == sizeof(small) - 1);
	OK(cmdtab_lookup("s", 1, CMDTAB_IN_REPL, NULL, 0) == NULL);
}

static void
mechs(void)
{
	char	 buf[200], small[10];
	int	 m;

	OKD(strcmp(cmdtab_mechs(buf, sizeof(buf)), "auto, PLAIN, LOGIN, "
	    "CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2 or OAUTHBEARER") ==
	    0, buf);
	for (m = 0; m < SASL_MECH_MAX; m++)
		OKD(strstr(buf, sasl_mech_name((enum sasl_mech)m)) != NULL,
		    sasl_mech_name((enum sasl_mech)m));
	OK(strcmp(cmdtab_mechs(small, sizeof(small)), "auto, PLA") == 0);
	OK(cmdtab_mechs(small, 0) == small);
}

int
main(void)
{
	rows();
	reach();
	today();
	messages();
	mechs();
	return check_done();
}
