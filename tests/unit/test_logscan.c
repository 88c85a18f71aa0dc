/*
 * test_logscan.c: logscan_line() over realistic Postfix, Exim and
 * Sendmail lines, lines without replies, and random bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "logscan.h"
#include "verb.h"

/* The condition's own text is the failure message. */
#define OK(c)		CHECK((c), "%s", #c)
#define OKD(c, d)	CHECK((c), "%s: %.60s", #c, (d))

struct want {
	int		 code;
	const char	*enh;		/* "" for none */
	enum verb	 verb;
	enum logscan_anchor anchor;
	const char	*reply;		/* exact reply text, or NULL */
};

static const struct {
	const char	*line;
	size_t		 n;
	struct want	 w[2];
} cases[] = {
	/* Postfix client: bounce after RCPT. */
	{ "Jan 12 10:00:01 mail postfix/smtp[2345]: 4ABCD123: "
	    "to=<bob@example.net>, relay=mx.example.net[203.0.113.7]:25, "
	    "delay=1.2, delays=0.1/0/0.5/0.6, dsn=5.1.1, status=bounced "
	    "(host mx.example.net[203.0.113.7] said: 550 5.1.1 "
	    "<bob@example.net>: Recipient address rejected: User unknown in "
	    "virtual mailbox table (in reply to RCPT TO command))", 1,
	    { { 550, "5.1.1", VERB_RCPT, LOGSCAN_SAID, "550 5.1.1 "
	    "<bob@example.net>: Recipient address rejected: User unknown in "
	    "virtual mailbox table" } } },
	/* Postfix client: greylisted. */
	{ "Jan 12 10:00:02 mail postfix/smtp[2345]: 4ABCD124: "
	    "to=<bob@example.net>, relay=mx.example.net[203.0.113.7]:25, "
	    "delay=0.8, delays=0.1/0/0.4/0.3, dsn=4.7.1, status=deferred "
	    "(host mx.example.net[203.0.113.7] said: 450 4.7.1 "
	    "<bob@example.net>: Recipient address rejected: Greylisted, see "
	    "http://postgrey.schweikert.ch/help/example.net.html (in reply "
	    "to RCPT TO command))", 1,
	    { { 450, "4.7.1", VERB_RCPT, LOGSCAN_SAID, NULL } } },
	/* Postfix client: delivered. */
	{ "Jan 12 10:00:03 mail postfix/smtp[2346]: 5BCDE234: "
	    "to=<alice@example.org>, relay=mx.example.org[198.51.100.20]:25, "
	    "delay=0.61, delays=0.05/0.01/0.2/0.35, dsn=2.0.0, status=sent "
	    "(250 2.0.0 Ok: queued as 7F2A31C0B3)", 1,
	    { { 250, "2.0.0", VERB_DATA_END, LOGSCAN_STATUS,
	    "250 2.0.0 Ok: queued as 7F2A31C0B3" } } },
	/* Postfix client: refused after the data. */
	{ "Jan 12 10:00:04 mail postfix/smtp[2347]: 6CDEF345: "
	    "to=<dave@example.com>, relay=mx.example.com[192.0.2.10]:25, "
	    "delay=2.1, delays=0.1/0/0.3/1.7, dsn=5.7.1, status=bounced "
	    "(host mx.example.com[192.0.2.10] said: 554 5.7.1 Message "
	    "rejected as spam (score 12.5) (in reply to end of DATA "
	    "command))", 1,
	    { { 554, "5.7.1", VERB_DATA_END, LOGSCAN_SAID,
	    "554 5.7.1 Message rejected as spam (score 12.5)" } } },
	/* Postfix client: too big at MAIL FROM. */
	{ "Jan 12 10:00:05 mail postfix/smtp[2348]: 7DEF0456: "
	    "to=<erin@example.com>, relay=mx.example.com[192.0.2.10]:25, "
	    "delay=0.5, delays=0.1/0/0.3/0.1, dsn=5.3.4, status=bounced "
	    "(host mx.example.com[192.0.2.10] said: 552 5.3.4 Message size "
	    "exceeds fixed maximum message size (in reply to MAIL FROM "
	    "command))", 1,
	    { { 552, "5.3.4", VERB_MAIL, LOGSCAN_SAID, NULL } } },
	/* Postfix client: greeting refused. */
	{ "Jan 12 10:00:06 mail postfix/smtp[2349]: 8EF01567: "
	    "to=<frank@example.com>, relay=mx.example.com[192.0.2.10]:25, "
	    "delay=0.3, delays=0.1/0/0.2/0, dsn=4.7.0, status=deferred "
	    "(host mx.example.com[192.0.2.10] refused to talk to me: 421 "
	    "4.7.0 mx.example.com Too many concurrent connections)", 1,
	    { { 421, "4.7.0", VERB_GREETING, LOGSCAN_REFUSED, "421 4.7.0 "
	    "mx.example.com Too many concurrent connections" } } },
	/* Postfix server: relay refused. */
	{ "Jan 12 10:00:07 mail postfix/smtpd[1234]: NOQUEUE: reject: RCPT "
	    "from unknown[192.0.2.25]: 554 5.7.1 <bob@example.net>: Relay "
	    "access denied; from=<spam@example.com> to=<bob@example.net> "
	    "proto=ESMTP helo=<client.example>", 1,
	    { { 554, "5.7.1", VERB_RCPT, LOGSCAN_REJECT,
	    "554 5.7.1 <bob@example.net>: Relay access denied" } } },
	/* postscreen: a port right before the reply. */
	{ "Jan 12 10:00:08 mail postfix/postscreen[777]: NOQUEUE: reject: "
	    "RCPT from [192.0.2.26]:53128: 550 5.7.1 Service unavailable; "
	    "client [192.0.2.26] blocked using zen.spamhaus.org; "
	    "from=<x@example.com>, to=<y@example.net>, proto=ESMTP, "
	    "helo=<z>", 1,
	    { { 550, "5.7.1", VERB_RCPT, LOGSCAN_REJECT, "550 5.7.1 Service "
	    "unavailable; client [192.0.2.26] blocked using "
	    "zen.spamhaus.org" } } },
	/* Postfix client: no reply, only a status. */
	{ "Jan 12 10:00:09 mail postfix/smtp[2350]: 9F012678: "
	    "to=<carol@example.com>, relay=none, delay=30, "
	    "delays=0.01/0/30/0, dsn=4.4.1, status=deferred (connect to "
	    "mx.example.com[192.0.2.10]:25: Connection timed out)", 1,
	    { { 0, "4.4.1", VERB_NONE, LOGSCAN_DSN, "4.4.1" } } },
	/* Postfix milter: an enhanced code without a basic one. */
	{ "Jan 12 10:00:10 mail postfix/cleanup[5678]: A0123789: "
	    "milter-reject: END-OF-MESSAGE from unknown[192.0.2.25]: 5.7.1 "
	    "Spam message rejected; from=<a@example.com> to=<b@example.net> "
	    "proto=ESMTP helo=<x>", 1,
	    { { 0, "5.7.1", VERB_DATA_END, LOGSCAN_REJECT,
	    "5.7.1 Spam message rejected" } } },
	/* Exim: bounce after RCPT, TLS details before it. */
	{ "2024-01-12 10:00:01 1rOabc-000123-AB ** bob@example.net "
	    "R=dnslookup T=remote_smtp H=mx.example.net [203.0.113.7] "
	    "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from "
	    "remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 "
	    "<bob@example.net>: Recipient address rejected: User unknown", 1,
	    { { 550, "5.1.1", VERB_RCPT, LOGSCAN_EXIM, "550 5.1.1 "
	    "<bob@example.net>: Recipient address rejected: User "
	    "unknown" } } },
	/* Exim: refused after the data, multi-line reply. */
	{ "2024-01-12 10:00:02 1rOabd-000124-CD ** carol@example.org "
	    "R=dnslookup T=remote_smtp H=mx.example.org [198.51.100.20]: "
	    "SMTP error from remote mail server after end of data: "
	    "550-5.7.1 [203.0.113.5] Our system has detected that this "
	    "message is likely unsolicited mail", 1,
	    { { 550, "5.7.1", VERB_DATA_END, LOGSCAN_EXIM, NULL } } },
	/* Exim: deferred at MAIL FROM with a SIZE parameter. */
	{ "2024-01-12 10:00:03 1rOabe-000125-EF == dave@example.com "
	    "R=dnslookup T=remote_smtp defer (-46) H=mx.example.com "
	    "[192.0.2.10]: SMTP error from remote mail server after MAIL "
	    "FROM:<sender@example.org> SIZE=2048: 451 4.7.1 Greylisted, "
	    "please try again later", 1,
	    { { 451, "4.7.1", VERB_MAIL, LOGSCAN_EXIM,
	    "451 4.7.1 Greylisted, please try again later" } } },
	/* Exim: refused at the greeting. */
	{ "2024-01-12 10:00:04 1rOabf-000126-GH == eve@example.com "
	    "R=dnslookup T=remote_smtp defer (-44) H=mx.example.com "
	    "[192.0.2.10]: SMTP error from remote mail server after initial "
	    "connection: 554 5.7.1 Service unavailable; Client host "
	    "[203.0.113.5] blocked using zen.spamhaus.org", 1,
	    { { 554, "5.7.1", VERB_GREETING, LOGSCAN_EXIM, NULL } } },
	/* Exim: pipelined RCPT, reply without an enhanced code. */
	{ "2024-01-12 10:00:05 1rOabg-000127-IJ ** ivan@example.com "
	    "R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.10]: SMTP "
	    "error from remote mail server after pipelined RCPT "
	    "TO:<ivan@example.com>: 550 No such user here", 1,
	    { { 550, "", VERB_RCPT, LOGSCAN_EXIM, "550 No such user "
	    "here" } } },
	/* Sendmail: deferred with a reply; dsn= adds nothing. */
	{ "Jan 12 10:00:11 mx sendmail[4321]: 0ABCDEF123456: "
	    "to=<erin@example.com>, delay=00:00:02, xdelay=00:00:02, "
	    "mailer=esmtp, pri=120321, relay=mx.example.com. [192.0.2.10], "
	    "dsn=4.0.0, stat=Deferred: 421 4.7.0 Try again later", 1,
	    { { 421, "4.7.0", VERB_NONE, LOGSCAN_SENDMAIL,
	    "421 4.7.0 Try again later" } } },
	/* Sendmail: only a dsn= and a stat= word. */
	{ "Jan 12 10:00:12 mx sendmail[4322]: 0ABCDEF123457: "
	    "to=<frank@example.com>, delay=00:00:01, xdelay=00:00:01, "
	    "mailer=esmtp, pri=30421, relay=mx.example.com. [192.0.2.10], "
	    "dsn=5.1.1, stat=User unknown", 1,
	    { { 0, "5.1.1", VERB_NONE, LOGSCAN_DSN, NULL } } },
	/* Sendmail server: check_rcpt refusal. */
	{ "Jan 12 10:00:13 mx sendmail[4323]: 0ABCDEF123458: "
	    "ruleset=check_rcpt, arg1=<grace@example.net>, "
	    "relay=[192.0.2.25], reject=550 5.7.1 <grace@example.net>... "
	    "Relaying denied", 1,
	    { { 550, "5.7.1", VERB_RCPT, LOGSCAN_SENDMAIL,
	    "550 5.7.1 <grace@example.net>... Relaying denied" } } },
	/* Sendmail: reply= ends at the next field. */
	{ "Jan 12 10:00:14 mx sendmail[4324]: 0ABCDEF123459: "
	    "to=<heidi@example.com>, delay=00:00:03, mailer=esmtp, "
	    "relay=mx.example.com. [192.0.2.10], dsn=5.1.1, reply=550 5.1.1 "
	    "<heidi@example.com>... User unknown, stat=User unknown", 1,
	    { { 550, "5.1.1", VERB_NONE, LOGSCAN_SENDMAIL,
	    "550 5.1.1 <heidi@example.com>... User unknown" } } },
	/* A dsn= of another class than the reply is kept. */
	{ "Jan 12 10:00:15 mail postfix/smtp[2351]: B1234890: "
	    "to=<judy@example.com>, dsn=4.4.2, status=deferred (host "
	    "mx.example.com[192.0.2.10] said: 550 5.7.1 Go away (in reply "
	    "to QUIT command))", 2,
	    { { 0, "4.4.2", VERB_NONE, LOGSCAN_DSN, NULL },
	    { 550, "5.7.1", VERB_QUIT, LOGSCAN_SAID,
	    "550 5.7.1 Go away" } } },
	/* Exim delivery: C= quotes the reply to the end of data. */
	{ "2024-01-12 10:00:06 1rOabh-000128-KL => bob@example.net "
	    "R=dnslookup T=remote_smtp H=mx.example.net [203.0.113.7] "
	    "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes K "
	    "C=\"250 2.0.0 Ok: queued as 4F1E2A\" QT=1s DT=0s", 1,
	    { { 250, "2.0.0", VERB_DATA_END, LOGSCAN_EXIM,
	    "250 2.0.0 Ok: queued as 4F1E2A" } } },
	/* No keyword: a code after ": " with a matching enhanced code. */
	{ "Jan 12 10:00:16 relay myapp[99]: delivery failed: 550 5.1.1 "
	    "mailbox unavailable", 1,
	    { { 550, "5.1.1", VERB_NONE, LOGSCAN_BARE,
	    "550 5.1.1 mailbox unavailable" } } },
};

/* Lines that quote no reply, full of tempting numbers. */
static const char *const quiet[] = {
	"Jan 12 10:00:00 mail postfix/smtpd[1234]: connect from "
	    "unknown[192.0.2.25]:25",
	"Jan 12 10:00:01 mail postfix/smtp[2345]: 4ABCD123: "
	    "to=<bob@example.net>, relay=mx.example.com[203.0.113.5]:25, "
	    "delay=250, delays=0.1/0/0.2/249",
	"Jan 12 10:00:02 mail postfix/qmgr[999]: 4ABCD123: "
	    "from=<a@example.com>, size=2500, nrcpt=1 (queue active)",
	"Jan 12 10:00:03 mail postfix/smtpd[451]: disconnect from "
	    "unknown[203.0.113.250] ehlo=1 mail=1 rcpt=0/1 quit=1 "
	    "commands=3/4",
	"2024-01-12 10:00:01 1rOabc-000123-AB <= a@example.com "
	    "H=client.example [192.0.2.25]:55123 P=esmtps S=4521 "
	    "id=250@example.com",
	"Jan 12 10:00:03 mx sendmail[4321]: 0ABCDEF123456: "
	    "from=<a@example.com>, size=550, class=0, nrcpts=1, "
	    "msgid=<x@y>, proto=ESMTP, daemon=MTA, relay=client "
	    "[192.0.2.25]",
	"Jan 12 10:00:04 mx sendmail[4322]: 0ABCDEF123457: "
	    "to=<bob@example.net>, stat=Deferred: Connection refused by "
	    "mx.example.net.",
	"Jan 12 12:50:01 app[451]: took 250 ms: 421 items processed",
	"Jan 12 12:50:02 app[452]: code: 550 5.1 half an enhanced code",
	"Jan 12 12:50:03 app[453]: mismatch: 550 4.1.1 without keyword",
	"Jan 12 12:50:04 kernel: [ 550.123456] usb 1-1: 250 new device",
	"said: 5500 5.1.1 too many digits, reply=12 short, Deferred: 600 x",
	"",
};

static void
test_cases(void)
{
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	const char		*line;
	size_t			 i, k, n, len;
	const struct want	*w;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		line = cases[i].line;
		len = strlen(line);
		n = logscan_line(line, len, h, LOGSCAN_MAXHITS);
		OKD(n == cases[i].n, line);
		for (k = 0; k < n && k < cases[i].n; k++) {
			w = &cases[i].w[k];
			OKD(h[k].code == w->code, line);
			OKD(strcmp(h[k].enhanced, w->enh) == 0, line);
			OKD(h[k].verb == w->verb, line);
			OKD(h[k].anchor == w->anchor, line);
			OKD(h[k].off + h[k].len <= len, line);
			OKD(h[k].text_off >= h[k].off &&
			    h[k].text_off <= h[k].off + h[k].len, line);
			if (w->reply != NULL)
				OKD(h[k].len == strlen(w->reply) &&
				    memcmp(line + h[k].off, w->reply,
				    h[k].len) == 0, line);
		}
	}
}

static void
test_quiet(void)
{
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	size_t			 i, n;

	for (i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		n = logscan_line(quiet[i], strlen(quiet[i]), h,
		    LOGSCAN_MAXHITS);
		OKD(n == 0, quiet[i]);
	}
}

static void
test_limits(void)
{
	static const char	 many[] = "a said: 550 5.1.1 x (in reply to "
	    "RCPT TO command) b said: 451 4.3.0 y (in reply to end of DATA "
	    "command) c said: 250 2.0.0 z";
	static const char	 nul[] = "x: said: 550 5.1.1 a\0b\0 said: 421 "
	    "\xff\xfe";
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	size_t			 n;

	n = logscan_line(many, strlen(many), h, LOGSCAN_MAXHITS);
	OK(n == 3);
	OK(n == 3 && h[0].verb == VERB_RCPT && h[1].verb == VERB_DATA_END &&
	    h[2].verb == VERB_NONE && h[2].code == 250);
	OK(n == 3 && memcmp(many + h[1].off, "451 4.3.0 y", h[1].len) ==
	    0 && h[1].len == 11);
	n = logscan_line(many, strlen(many), h, 2);
	OK(n == 2 && h[1].code == 451);
	OK(logscan_line(many, strlen(many), h, 0) == 0);
	OK(logscan_line(NULL, 10, h, 1) == 0);
	/* NUL bytes are ordinary bytes: the length rules. */
	n = logscan_line(nul, sizeof(nul) - 1, h, LOGSCAN_MAXHITS);
	OK(n == 2 && h[0].code == 550 && h[1].code == 421);
	OK(n == 2 && h[1].off + h[1].len <= sizeof(nul) - 1);
	n = logscan_line(nul, 5, h, LOGSCAN_MAXHITS);
	OK(n == 0);
	/* A reply cut by the end of the buffer. */
	n = logscan_line("said: 55", 8, h, LOGSCAN_MAXHITS);
	OK(n == 0);
	n = logscan_line("said: 550", 9, h, LOGSCAN_MAXHITS);
	OK(n == 1 && h[0].code == 550 && h[0].len == 3 &&
	    h[0].text_off == 9);
	OK(strcmp(logscan_anchor_name(LOGSCAN_DSN), "dsn") == 0);
	OK(strcmp(logscan_anchor_name(LOGSCAN_ANCHOR_MAX), "?") == 0);
}

/* Random bytes and keyword soup: only invariants can be checked. */
static void
test_random(void)
{
	static const char *const bits[] = { "said: ", "550 ", "5.1.1 ",
	    "(in reply to ", "RCPT TO command)", "dsn=", "4.7.1", ", ",
	    "status=sent (", "reject: ", "SMTP error from remote server ",
	    " after ", "end of data: ", "; from=<", "reply=", "Deferred: ",
	    ": ", "(", ")", "2", "5", "-", ".", "reject=", "x=", "C=\"",
	    "\"", "ruleset=check_" };
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	char			 line[512];
	size_t			 len, n, k, i;
	int			 ok, round;

	srand(12345);
	ok = 1;
	for (round = 0; round < 20000; round++) {
		len = 0;
		while (len < sizeof(line) - 64 && rand() % 40 != 0) {
			if (rand() % 3 == 0)
				line[len++] = (char)(rand() % 256);
			else {
				i = (size_t)rand() %
				    (sizeof(bits) / sizeof(bits[0]));
				memcpy(line + len, bits[i], strlen(bits[i]));
				len += strlen(bits[i]);
			}
		}
		n = logscan_line(line, len, h, LOGSCAN_MAXHITS);
		if (n > LOGSCAN_MAXHITS)
			ok = 0;
		for (k = 0; k < n; k++) {
			if (h[k].off + h[k].len > len || h[k].text_off <
			    h[k].off || h[k].text_off > h[k].off + h[k].len ||
			    (h[k].code != 0 && (h[k].code < 200 ||
			    h[k].code > 599)) || (h[k].code == 0 &&
			    h[k].enhanced[0] == '\0') ||
			    (unsigned)h[k].verb >= VERB_MAX ||
			    (k > 0 && h[k].off <= h[k - 1].off))
				ok = 0;
		}
	}
	OK(ok);
}

/* A long line must take one pass: this would crawl if it were O(n^2). */
static void
test_long(void)
{
	static const char	 unit[] = "said: 550 5.1.1 x (in reply to ";
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	size_t			 len = 8 << 20, i, n;
	char			*line;

	if ((line = malloc(len)) == NULL) {
		OK(line != NULL);
		return;
	}
	for (i = 0; i + sizeof(unit) - 1 <= len; i += sizeof(unit) - 1)
		memcpy(line + i, unit, sizeof(unit) - 1);
	memset(line + i, ' ', len - i);
	n = logscan_line(line, len, h, LOGSCAN_MAXHITS);
	OK(n == LOGSCAN_MAXHITS);
	memset(line, '(', len);
	OK(logscan_line(line, len, h, LOGSCAN_MAXHITS) == 0);
	memset(line, ':', len);
	for (i = 1; i < len; i += 2)
		line[i] = ' ';
	OK(logscan_line(line, len, h, LOGSCAN_MAXHITS) == 0);
	free(line);
}

int
main(void)
{
	test_cases();
	test_quiet();
	test_limits();
	test_random();
	test_long();
	return check_done();
}
