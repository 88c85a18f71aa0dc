/*
 * test_bounce.c: the bounce reader (joined records, RFC 3464 groups,
 * transcripts, line numbers, CRLF), the text hints, the provider table
 * and the summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "check.h"
#include "codes.h"
#include "hints.h"
#include "mime.h"
#include "provider.h"
#include "summary.h"

#define OK(c)		CHECK((c), "%s", #c)

#define MAXGOT	16

struct got {
	size_t	 n;
	struct {
		int		 code;
		char		 enh[12], status[12], rcpt[BOUNCE_ADDR];
		enum verb	 verb;
		unsigned long	 first, last;
		char		 text[256];
	} r[MAXGOT];
};

static void
collect(void *arg, const struct bounce_reply *r)
{
	struct got	*g = arg;
	size_t		 n;

	if (g->n == MAXGOT)
		return;
	g->r[g->n].code = r->code;
	snprintf(g->r[g->n].enh, sizeof(g->r[g->n].enh), "%s", r->enhanced);
	snprintf(g->r[g->n].status, sizeof(g->r[g->n].status), "%s",
	    r->status);
	snprintf(g->r[g->n].rcpt, sizeof(g->r[g->n].rcpt), "%s", r->rcpt);
	g->r[g->n].verb = r->verb;
	g->r[g->n].first = r->first;
	g->r[g->n].last = r->last;
	n = r->textlen < 255 ? r->textlen : 255;
	memcpy(g->r[g->n].text, r->text, n);
	g->r[g->n].text[n] = '\0';
	g->n++;
}

/* Feed text line by line from a private copy (so reads past are seen). */
static void
feed(const char *text, struct got *g, int want_rcpt)
{
	struct bounce	*b = malloc(sizeof(*b));
	const char	*nl;
	char		*line;
	size_t		 len;

	memset(g, 0, sizeof(*g));
	if (b == NULL)
		abort();
	bounce_init(b, want_rcpt);
	while (*text != '\0') {
		nl = strchr(text, '\n');
		len = nl != NULL ? (size_t)(nl - text) : strlen(text);
		if ((line = malloc(len + 1)) == NULL)
			abort();
		memcpy(line, text, len);
		bounce_feed(b, line, len, collect, g);
		bounce_hold(b);
		free(line);
		text += len + (nl != NULL);
	}
	bounce_end(b, collect, g);
	free(b);
}

static void
test_join(void)
{
	struct got	 g;

	/* Postfix: the enhanced code and the command on the next lines */
	feed("<a@example.net>: host mx[192.0.2.1] said: 550\n"
	    "    5.1.1 <a@example.net>... User Unknown (in reply to RCPT TO\n"
	    "    command)\n", &g, 1);
	OK(g.n == 1);
	OK(g.r[0].code == 550 && strcmp(g.r[0].enh, "5.1.1") == 0);
	OK(g.r[0].verb == VERB_RCPT);
	OK(g.r[0].first == 1 && g.r[0].last == 3);
	OK(strcmp(g.r[0].rcpt, "a@example.net") == 0);
	/* Exim's paragraph */
	feed("  b@example.org\n"
	    "    host mx.example.org [192.0.2.9]\n"
	    "    SMTP error from remote mail server after RCPT TO:<b@example"
	    ".org>:\n"
	    "    550 5.2.1 The email account is disabled\n", &g, 1);
	OK(g.n == 1 && g.r[0].code == 550 && g.r[0].verb == VERB_RCPT);
	OK(strcmp(g.r[0].rcpt, "b@example.org") == 0);
	/* a multiline reply pasted whole: once, every line's text kept */
	feed("550-5.1.1 The account does not exist.\n"
	    "550-5.1.1 Please check the address.\n"
	    "550 5.1.1 https://example.com/nouser\n", &g, 0);
	OK(g.n == 1 && g.r[0].first == 1 && g.r[0].last == 3);
	OK(strstr(g.r[0].text, "check the address") != NULL);
	OK(strstr(g.r[0].text, "550-") == NULL);
	/* CRLF reads as LF */
	feed("550-5.1.1 a\r\n550 5.1.1 b\r\n", &g, 0);
	OK(g.n == 1 && strcmp(g.r[0].text, "a b") == 0);
	/* a bare code on a line of its own */
	feed("550\n", &g, 0);
	OK(g.n == 1 && g.r[0].code == 550);
	feed("5.7.1\n", &g, 0);
	OK(g.n == 1 && g.r[0].code == 0 && strcmp(g.r[0].enh, "5.7.1") == 0);
}

static void
test_dsn(void)
{
	struct got	 g;

	feed("Reporting-MTA: dns; mx.example.org\n"
	    "\n"
	    "Final-Recipient: rfc822; c@example.net\n"
	    "Action: failed\n"
	    "Status: 5.1.1\n"
	    "Diagnostic-Code: smtp; 550 User\n"
	    "    unknown\n"
	    "\n"
	    "Final-Recipient: rfc822; d@example.net\n"
	    "Action: failed\n"
	    "Status: 5.2.2\n", &g, 1);
	OK(g.n == 2);
	OK(g.r[0].code == 550 && g.r[0].enh[0] == '\0' &&
	    strcmp(g.r[0].status, "5.1.1") == 0);
	OK(strcmp(g.r[0].rcpt, "c@example.net") == 0);
	OK(strcmp(g.r[0].text, "User unknown") == 0);
	OK(g.r[0].first == 6 && g.r[0].last == 7);
	/* a group with a Status: and no Diagnostic-Code */
	OK(g.r[1].code == 0 && strcmp(g.r[1].enh, "5.2.2") == 0);
	OK(strcmp(g.r[1].rcpt, "d@example.net") == 0 && g.r[1].first == 11);
	/* dates, ids and headers are not codes */
	feed("Arrival-Date: Thu, 29 Apr 2014 23:34:45 +0900\n"
	    "Received: from mx (192.0.2.1) by 550 host; id 421 5.1.1\n"
	    "Message-ID: <550.5.1.1@example>\n", &g, 0);
	OK(g.n == 0);
}

static void
test_told(void)
{
	struct got	 g;

	/* the Diagnostic-Code's copy takes the command the prose named */
	feed("<f@example.net>: host mx said: 550 5.1.1 no such user (in "
	    "reply to RCPT TO command)\n"
	    "\n"
	    "Final-Recipient: rfc822; f@example.net\n"
	    "Status: 5.1.1\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 no such user\n"
	    "\n"
	    "Final-Recipient: rfc822; g@example.net\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 no such user\n", &g, 1);
	OK(g.n == 3);
	OK(g.r[1].verb == VERB_RCPT && strcmp(g.r[1].rcpt,
	    "f@example.net") == 0);
	OK(g.r[2].verb == VERB_NONE);
}

static void
test_transcript(void)
{
	struct got	 g;

	feed("... while talking to mx.example.jp.:\n"
	    ">>> DATA\n"
	    "<<< 354 go ahead\n"
	    "<<< 554 5.7.1 rejected\n"
	    "    >>> RCPT TO:<e@example.jp>\n"
	    "    <<< 550 <e@example.jp>: User unknown\n", &g, 1);
	OK(g.n == 3);
	OK(g.r[0].code == 354 && g.r[0].verb == VERB_DATA);
	OK(g.r[1].code == 554 && g.r[1].verb == VERB_DATA_END);
	OK(g.r[2].code == 550 && g.r[2].verb == VERB_RCPT);
	OK(strcmp(g.r[2].rcpt, "e@example.jp") == 0);
	/* Exchange and Gmail */
	feed("#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##\n", &g, 0);
	OK(g.n == 1 && g.r[0].code == 550 && strcmp(g.r[0].enh, "5.1.1") == 0);
	feed("The error that the other server returned was: 554 554 5.7.0 "
	    "Header error\n", &g, 0);
	OK(g.n == 1 && g.r[0].code == 554 && strcmp(g.r[0].enh, "5.7.0") == 0);
	/* a log line cut after "said:" does not swallow the next one */
	feed("Nov 28 10:00:01 mx postfix/smtp[1]: A: to=<a@b.example>, "
	    "status=deferred (host h[192.0.2.1] said:\n"
	    "Nov 28 10:00:02 mx postfix/smtpd[2]: NOQUEUE: reject: RCPT from "
	    "h[192.0.2.9]: 554 5.7.1 <z@example.com>: Relay access denied; "
	    "from=<a@b.example> to=<z@example.com>\n", &g, 0);
	OK(g.n == 1 && g.r[0].code == 554 && g.r[0].first == 2);
	/* a log line with no reply */
	feed("Nov 28 10:00:01 mx postfix/smtpd[1234]: connect from "
	    "unknown[192.0.2.25]\n"
	    "Jan 12 12:50:01 app[451]: took 250 ms: 421 items processed\n",
	    &g, 0);
	OK(g.n == 0);
}

static void
test_hints(void)
{
	const struct hint	*h;
	const char		*out;
	char			 buf[256];
	size_t			 i, k;
	static const struct {
		const char	*text;
		const char	*id;
	} cases[] = {
		{ "Service unavailable; client host blocked using "
		    "zen.spamhaus.org", "block-list" },
		{ "Greylisted, please try again in 300 seconds",
		    "greylisting" },
		{ "Multiple authentication checks failed (SPF, DKIM)",
		    "spf-dkim-dmarc" },
		{ "The IP address has no PTR record", "reverse-dns" },
		{ "Helo command rejected: need fully-qualified hostname",
		    "helo" },
		{ "Must issue a STARTTLS command first", "tls-required" },
		{ "Authentication required", "auth-required" },
		{ "Relay access denied", "relay-denied" },
		{ "Too many connections from your IP", "rate-limit" },
		{ "Message size exceeds fixed limit; too big", "too-big" },
		{ "Mailbox full", "mailbox-full" },
		{ "User unknown in virtual mailbox table", "user-unknown" },
		{ "Message rejected as spam", "spam" },
		/* a short word that first shows inside a longer one */
		{ "Reduced trust: message classified as UCE", "spam" },
		{ "ptrs checked: no PTR for your address", "reverse-dns" },
	};

	for (i = 0; i < hints_count(); i++)
		for (k = i + 1; k < hints_count(); k++)
			OK(strcmp(hints_at(i)->id, hints_at(k)->id) != 0);
	OK(hints_at(hints_count()) == NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h = hints_match(cases[i].text, strlen(cases[i].text), 550,
		    buf, sizeof(buf), &out);
		CHECK(h != NULL && strcmp(h->id, cases[i].id) == 0,
		    "%s: got %s", cases[i].text, h ? h->id : "none");
	}
	h = hints_match("blocked using zen.spamhaus.org", 30, 554, buf,
	    sizeof(buf), &out);
	OK(h != NULL && strstr(out, "spamhaus") != NULL);
	h = hints_match("Greylisted, retry in 5 minutes", 30, 450, buf,
	    sizeof(buf), &out);
	OK(h != NULL && strstr(out, "5 minute") != NULL);
	/* success texts name no cause; "problem" is no "rbl" */
	OK(hints_match("Ok: queued, user unknown", 24, 250, NULL, 0,
	    &out) == NULL);
	OK(hints_match("a problem occurred", 18, 451, NULL, 0, &out) == NULL);
}

static void
test_provider(void)
{
	const struct provider_row	*p;
	size_t				 i, pos;
	int				 cls, subj, det, seen = 0;

	for (i = 0; (p = provider_at(i)) != NULL; i++) {
		OK(p->provider != NULL && p->note != NULL);
		CHECK(p->source != NULL && strncmp(p->source, "https://", 8) ==
		    0, "row %zu has no source", i);
		OK(p->enhanced != NULL || p->needle != NULL);
		if (p->enhanced != NULL)
			OK(codes_parse_enhanced(p->enhanced,
			    strlen(p->enhanced), &cls, &subj, &det) ==
			    (int)strlen(p->enhanced));
	}
	OK(i == provider_count());
	/* Microsoft's 5.7.30 after AUTH says both meanings */
	pos = 0;
	p = provider_next(&pos, 535, "5.7.30", VERB_AUTH, "Authentication "
	    "unsuccessful", 25);
	OK(p != NULL && strstr(p->note, "RFC 8689") != NULL &&
	    strstr(p->note, "Basic authentication") != NULL);
	/* DBEB needs its tag in the text */
	pos = 0;
	OK(provider_next(&pos, 550, "5.4.1", VERB_RCPT, "Access denied", 13) ==
	    NULL);
	pos = 0;
	while ((p = provider_next(&pos, 550, "5.4.1", VERB_RCPT,
	    "Recipient address rejected: Access denied. AS(201806281)",
	    56)) != NULL)
		seen += strstr(p->note, "Directory-Based") != NULL;
	OK(seen == 1);
	/* a provider hint replaces a misleading code hint, offline too */
	OK(provider_hint(421, "4.7.23", VERB_NONE, NULL, 0) != NULL &&
	    strstr(provider_hint(421, "4.7.23", VERB_NONE, NULL, 0),
	    "PTR") != NULL);
	/* a row that needs words gives its hint only when they are there */
	OK(provider_hint(550, "5.4.1", VERB_RCPT, NULL, 0) == NULL);
	OK(provider_hint(550, "5.4.1", VERB_RCPT, "Access denied "
	    "AS(201806281)", 27) != NULL);
	pos = 0;
	OK(provider_next(&pos, 421, "4.7.0", VERB_NONE, "[TSS04] Messages "
	    "from 192.0.2.1 temporarily deferred", 50) != NULL);
}

static void
test_summary(void)
{
	struct summary	*s = malloc(sizeof(*s));
	char		 rcpt[32];
	int		 i;

	if (s == NULL)
		abort();
	summary_init(s);
	summary_add(s, 550, "5.1.1", VERB_RCPT, "a@Example.NET", 0);
	summary_add(s, 550, "5.1.1", VERB_RCPT, "b@example.net", 0);
	summary_add(s, 450, "4.7.1", VERB_RCPT, "c@example.com", 0);
	summary_add(s, 0, "5.2.2", VERB_NONE, "", 0);
	/* the DSN's copy of b's reply is the same bounce */
	summary_add(s, 550, "5.1.1", VERB_NONE, "b@example.net", 1);
	summary_add(s, 552, "5.2.2", VERB_NONE, "b@example.net", 1);
	summary_sort(s);
	OK(s->n == 4 && s->total == 5 && s->other == 0 && s->again == 1);
	OK(s->rows[0].count == 2 && strcmp(s->rows[0].domain,
	    "example.net") == 0);
	/* more distinct rows than the table holds: counted as other */
	for (i = 0; i < SUMMARY_ROWS + 10; i++) {
		snprintf(rcpt, sizeof(rcpt), "x@d%d.example", i);
		summary_add(s, 550, "5.1.1", VERB_RCPT, rcpt, 0);
	}
	OK(s->n == SUMMARY_ROWS && s->other > 0);
	OK(s->total == 5 + SUMMARY_ROWS + 10);
	free(s);
}

struct lines {
	size_t	 n, scanned;
	char	 all[2048];
};

static void
mime_collect(void *arg, const char *line, size_t len, int scan)
{
	struct lines	*l = arg;
	size_t		 have = strlen(l->all);

	l->n++;
	l->scanned += scan != 0;
	if (scan && have + len + 2 < sizeof(l->all)) {
		memcpy(l->all + have, line, len);
		l->all[have + len] = '|';
		l->all[have + len + 1] = '\0';
	}
}

static void
mime_run(const char *text, struct lines *l)
{
	struct mime	*m = malloc(sizeof(*m));
	const char	*nl;

	memset(l, 0, sizeof(*l));
	if (m == NULL)
		abort();
	mime_init(m);
	while (*text != '\0') {
		nl = strchr(text, '\n');
		mime_feed(m, text, nl ? (size_t)(nl - text) : strlen(text),
		    mime_collect, l);
		text = nl ? nl + 1 : text + strlen(text);
	}
	mime_end(m, mime_collect, l);
	free(m);
}

static void
test_mime(void)
{
	struct lines	 l;

	/* not a message: every line passes through, scanned */
	mime_run("Nov 28 10:00:01 mx postfix: said: 550 x\nsecond\n", &l);
	OK(l.n == 2 && l.scanned == 2);
	OK(strcmp(l.all, "Nov 28 10:00:01 mx postfix: said: 550 x|second|") ==
	    0);
	/* base64 across lines, quoted-printable soft breaks, latin1 */
	mime_run("From: MAILER-DAEMON\r\n"
	    "Content-Type: multipart/report;\r\n"
	    "\tboundary=\"XY\"\r\n"
	    "\r\n"
	    "--XY\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "\r\n"
	    "NTUwIDUuMS4xIFVz\r\n"
	    "ZXIgdW5rbm93bgpzZWNvbmQ=\r\n"
	    "--XY\r\n"
	    "Content-Type: text/plain; charset=ISO-8859-1\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "unbek=\r\n"
	    "annt =FC\r\n"
	    "--XY\r\n"
	    "Content-Type: message/rfc822\r\n"
	    "\r\n"
	    "Subject: 554 5.7.1 not scanned\r\n"
	    "--XY--\r\n"
	    "epilogue\r\n", &l);
	OK(strstr(l.all, "|550 5.1.1 User unknown|second|") != NULL);
	OK(strstr(l.all, "|unbekannt \xc3\xbc|") != NULL);
	OK(strstr(l.all, "not scanned") == NULL);
	OK(strstr(l.all, "|epilogue|") != NULL);
	OK(l.n > l.scanned);
	/* RFC 6533: global-delivery-status is scanned, global-headers not */
	mime_run("From: MAILER-DAEMON\r\n"
	    "Content-Type: multipart/report; "
	    "report-type=global-delivery-status; boundary=\"G\"\r\n"
	    "\r\n"
	    "--G\r\n"
	    "Content-Type: message/global-delivery-status\r\n"
	    "\r\n"
	    "Diagnostic-Code: smtp; 550 5.1.1 unknown\r\n"
	    "--G\r\n"
	    "Content-Type: message/global-headers\r\n"
	    "\r\n"
	    "Subject: 554 5.7.1 not scanned\r\n"
	    "--G--\r\n", &l);
	OK(strstr(l.all, "|Diagnostic-Code: smtp; 550 5.1.1 unknown|") !=
	    NULL);
	OK(strstr(l.all, "not scanned") == NULL);
	/* windows-1252's quotes, euro and dash, not C1 controls */
	mime_run("From: MAILER-DAEMON\r\n"
	    "Content-Type: text/plain; charset=windows-1252\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "Don=92t =93pay=94 =80 5 =96 =E9 =81\r\n", &l);
	OK(strcmp(l.all, "From: MAILER-DAEMON|"
	    "Content-Type: text/plain; charset=windows-1252|"
	    "Content-Transfer-Encoding: quoted-printable||"
	    "Don\xe2\x80\x99t \xe2\x80\x9cpay\xe2\x80\x9d \xe2\x82\xac 5 "
	    "\xe2\x80\x93 \xc3\xa9 \xc2\x81|") == 0);
}

int
main(void)
{
	test_mime();
	test_join();
	test_dsn();
	test_told();
	test_transcript();
	test_hints();
	test_provider();
	test_summary();
	return check_done();
}
