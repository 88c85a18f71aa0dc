/*
 * test_replcomp.c: the REPL's /set table (sorted, unique, every row
 * reachable), completion candidates and the history filter.
 */
#include <stdio.h>
#include <string.h>

#include "caps.h"
#include "check.h"
#include "replcomp.h"

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
	*file = replcomp_complete(line, strlen(line), caps, start, collect,
	    NULL);
	return got;
}

static void
tables(void)
{
	size_t	 i;

	for (i = 0; i < replcomp_set_count(); i++) {
		OK(replcomp_set_at(i)->id == (enum replcomp_set_id)i);
		OK(replcomp_set_lookup(replcomp_set_at(i)->name) ==
		    replcomp_set_at(i));
		if (i > 0)
			OK(strcmp(replcomp_set_at(i - 1)->name,
			    replcomp_set_at(i)->name) < 0);
	}
	OK(replcomp_set_at(REPLCOMP_SET_MAX) == NULL);
	OK(replcomp_set_lookup("nosuch") == NULL);
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
	strcpy(sink.e[sink.n++].params,
	    "PLAIN LOGIN CRAM-MD5 GSSAPI SCRAM-SHA-256 NTLM");
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
	    "PLAIN LOGIN CRAM-MD5 GSSAPI SCRAM-SHA-256 NTLM ") == 0, got);
	/* /auth offers auto and what it can do that the server offers */
	OKD(strcmp(cands("/auth ", &sink, &start, &file),
	    "auto PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256 ") == 0, got);
	/* no EHLO yet: every mechanism of net/sasl.h's table */
	OKD(strcmp(cands("/auth ", &none, &start, &file),
	    "auto PLAIN LOGIN CRAM-MD5 SCRAM-SHA-1 SCRAM-SHA-256 XOAUTH2 "
	    "OAUTHBEARER ") == 0, got);
	OKD(strcmp(cands("/au s", &sink, &start, &file), "SCRAM-SHA-256 ") ==
	    0, got);
	OKD(strcmp(cands("/st", &none, &start, &file), "starttls ") == 0,
	    got);
	OK(start == 1);
	OKD(strcmp(cands("/help so", &none, &start, &file), "source ") == 0,
	    got);
	OKD(strcmp(cands("/set ", &none, &start, &file),
	    "colour explain from helo timeout to ") == 0, got);
	OKD(strcmp(cands("/set explain ", &none, &start, &file),
	    "all errors off ") == 0, got);
	OKD(strcmp(cands("/set colour ", &none, &start, &file),
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
	OK(replcomp_private("AUTH PLAIN AGFsaWNl", 19, 0, 0));
	OK(replcomp_private("  auth login", 12, 0, 0));
	OK(replcomp_private("/auth PLAIN bob", 15, 0, 0));
	OK(replcomp_private("/au LOGIN", 9, 0, 0));
	OK(replcomp_private("/a", 2, 0, 0));
	OK(replcomp_private("anything", 8, 1, 0));
	OK(!replcomp_private("EHLO x", 6, 0, 0));
	OK(!replcomp_private("AUTHX", 5, 0, 0));
	OK(!replcomp_private("/abort", 6, 0, 0));
	OK(!replcomp_private("MAIL FROM:<auth@x>", 18, 0, 0));
	/* issue 14: by the exchange, not the shape */
	OK(replcomp_private("\tAUTH\tPLAIN AGFsaWNl", 20, 0, 0));
	OK(replcomp_private("cGFzcw==", 8, 0, 1));
	OK(replcomp_private("XN1cg==", 7, 0, 1));
	OK(!replcomp_private("QUIT", 4, 0, 1));
	OK(!replcomp_private("MAIL FROM:<a@b>", 15, 0, 1));
}

int
main(void)
{
	tables();
	completion();
	private();
	return check_done();
}
