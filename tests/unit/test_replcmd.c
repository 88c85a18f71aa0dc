/*
 * test_replcmd.c: the REPL's command and /set tables (sorted, unique,
 * every row reachable by its name and a unique prefix), ambiguity
 * messages, completion candidates and the history filter.
 */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "check.h"
#include "replcmd.h"

#define OK(c)		CHECK((c), "%s", #c)
#define OKD(c, d)	CHECK((c), "%s: %.300s", #c, (d))

static char	 got[2048];

static void
collect(void *arg, const char *cand)
{
	(void)arg;
	strncat(got, cand, sizeof(got) - strlen(got) - 2);
	strcat(got, " ");
}

/* Candidates for line, joined by blanks; *file set when files wanted. */
static const char *
cands(const char *line, const struct caps *caps, size_t *start, int *file)
{
	got[0] = '\0';
	*file = replcmd_complete(line, strlen(line), caps, start, collect,
	    NULL);
	return got;
}

static void
tables(void)
{
	const struct replcmd	*rc, *prev = NULL;
	char			 why[256];
	size_t			 i, n;

	OK(replcmd_count() == RCMD_MAX);
	OK(replcmd_at(RCMD_MAX) == NULL);
	for (i = 0; i < replcmd_count(); i++) {
		rc = replcmd_at(i);
		OKD(rc->id == (enum replcmd_id)i, rc->name);
		OKD(rc->help != NULL && rc->help[0] != '\0', rc->name);
		if (prev != NULL)
			OKD(strcmp(prev->name, rc->name) < 0, rc->name);
		prev = rc;
		/* by its whole name, and its shortest unique prefix */
		OKD(replcmd_lookup(rc->name, strlen(rc->name), why,
		    sizeof(why)) == rc, rc->name);
		for (n = 1; n <= strlen(rc->name); n++)
			if (replcmd_lookup(rc->name, n, why,
			    sizeof(why)) != NULL)
				break;
		OKD(replcmd_lookup(rc->name, n, why, sizeof(why)) == rc,
		    rc->name);
	}
	for (i = 0; i < replset_count(); i++) {
		OK(replset_at(i)->id == (enum replset_id)i);
		OK(replset_lookup(replset_at(i)->name) == replset_at(i));
		if (i > 0)
			OK(strcmp(replset_at(i - 1)->name,
			    replset_at(i)->name) < 0);
	}
	OK(replset_lookup("nosuch") == NULL);
	OK(replcmd_lookup("s", 1, why, sizeof(why)) == NULL);
	OKD(strcmp(why, "ambiguous command: /s, could be: /save, /send, "
	    "/set, /sleep, /source, /starttls") == 0, why);
	OK(replcmd_lookup("zz", 2, why, sizeof(why)) == NULL);
	OKD(strncmp(why, "unknown command: /zz", 20) == 0, why);
	OK(replcmd_lookup("", 0, why, sizeof(why)) == NULL);
	/* exact beats prefix: "set" is also a prefix of nothing else */
	OK(replcmd_lookup("SET", 3, why, sizeof(why))->id == RCMD_SET);
	OK(replcmd_lookup("ex", 2, why, sizeof(why)) == NULL);
	OK(replcmd_lookup("expl", 4, why, sizeof(why))->id == RCMD_EXPLAIN);
}

static void
completion(void)
{
	struct caps	 none, sink;
	size_t		 start;
	int		 file;

	memset(&none, 0, sizeof(none));
	memset(&sink, 0, sizeof(sink));
	sink.valid = 1;
	strcpy(sink.e[sink.n++].keyword, "8BITMIME");
	strcpy(sink.e[sink.n].keyword, "AUTH");
	strcpy(sink.e[sink.n++].params, "PLAIN LOGIN CRAM-MD5");
	strcpy(sink.e[sink.n++].keyword, "DSN");

	OKD(strcmp(cands("EH", &none, &start, &file), "EHLO ") == 0, got);
	OK(start == 0 && file == 0);
	OKD(strcmp(cands("r", &none, &start, &file), "RCPT RSET ") == 0,
	    got);
	OKD(strcmp(cands("MAIL ", &none, &start, &file), "FROM:< ") == 0,
	    got);
	OK(start == 5);
	OKD(strcmp(cands("rcpt t", &none, &start, &file), "TO:< ") == 0,
	    got);
	/* nothing advertised, nothing offered */
	OKD(strcmp(cands("MAIL FROM:<a@b> ", &none, &start, &file), "") == 0,
	    got);
	OKD(strcmp(cands("MAIL FROM:<a@b> ", &sink, &start, &file),
	    "BODY=8BITMIME BODY=7BIT RET=FULL RET=HDRS ENVID= AUTH= ") == 0,
	    got);
	OKD(strcmp(cands("MAIL FROM:<a@b> B", &sink, &start, &file),
	    "BODY=8BITMIME BODY=7BIT ") == 0, got);
	OKD(strcmp(cands("RCPT TO:<a@b> ", &sink, &start, &file),
	    "NOTIFY= ORCPT=rfc822; ") == 0, got);
	OKD(strcmp(cands("AUTH ", &sink, &start, &file),
	    "PLAIN LOGIN CRAM-MD5 ") == 0, got);
	/* /auth offers only what it can do */
	OKD(strcmp(cands("/auth ", &sink, &start, &file), "PLAIN LOGIN ") ==
	    0, got);
	OKD(strcmp(cands("/st", &none, &start, &file), "starttls ") == 0,
	    got);
	OK(start == 1);
	OKD(strcmp(cands("/help so", &none, &start, &file), "source ") == 0,
	    got);
	OKD(strcmp(cands("/set ", &none, &start, &file),
	    "colour explain from helo timeout to ") == 0, got);
	OKD(strcmp(cands("/set explain ", &none, &start, &file),
	    "on off ") == 0, got);
	OKD(strcmp(cands("/bdat f LA", &none, &start, &file), "LAST ") == 0,
	    got);
	(void)cands("/data msg", &none, &start, &file);
	OK(file == 1 && start == 6);
	(void)cands("/sou ", &none, &start, &file);
	OK(file == 1);
	(void)cands("/save ", &none, &start, &file);
	OK(file == 1);
}

static void
private(void)
{
	OK(replcmd_private("AUTH PLAIN AGFsaWNl", 19, 0));
	OK(replcmd_private("  auth login", 12, 0));
	OK(replcmd_private("/auth PLAIN bob", 15, 0));
	OK(replcmd_private("/au LOGIN", 9, 0));
	OK(replcmd_private("/a", 2, 0));
	OK(replcmd_private("anything", 8, 1));
	OK(!replcmd_private("EHLO x", 6, 0));
	OK(!replcmd_private("AUTHX", 5, 0));
	OK(!replcmd_private("/abort", 6, 0));
	OK(!replcmd_private("MAIL FROM:<auth@x>", 18, 0));
}

int
main(void)
{
	tables();
	completion();
	private();
	return check_done();
}
