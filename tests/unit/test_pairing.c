/*
 * test_pairing.c: the one reply-pairing queue (net/session.c): replies
 * pair with commands in the order they went onto the wire; a reply to a
 * command not written yet (stacked in advance) is a violation and pairs
 * nothing; a 4xx/5xx during the data decides; after a 421 every reply
 * is a violation.  And the output queue (net/outq.c): a line is shown
 * once all of its octets are written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "outq.h"
#include "reply.h"
#include "session.h"

static struct reply_parser *rp;

static const struct reply *
one(const char *s)
{
	size_t	 used;

	reply_reset(rp);
	if (reply_feed(rp, s, strlen(s), &used) != REPLY_READY)
		return NULL;
	return reply_get(rp);
}

/* A greeted session. */
static struct session *
greeted(void)
{
	struct session		*s = session_new();
	struct sess_result	 res;

	session_reply(s, one("220 hi\r\n"), &res);
	return s;
}

/* A command queued at stream octet end, tagged kind. */
static enum verb
sent_at(struct session *s, const char *line, unsigned long long end,
    int kind)
{
	struct sess_tag	 t = { kind, 0, 0 };
	enum verb	 v = VERB_NONE;

	CHECK(session_sent_at(s, line, strlen(line), &t, end, &v) == 0,
	    "recorded %s", line);
	return v;
}

/* Go's TestTLSClient: 354 and 250 in one write to DATA. */
static void
test_stacked_after_354(void)
{
	struct session		*s = greeted();
	struct sess_result	 res;

	sent_at(s, "DATA", 6, 1);
	session_written(s, 6);
	session_reply(s, one("354 go\r\n"), &res);
	CHECK(res.verb == VERB_DATA && (res.flags & SESS_R_DATA_GO) &&
	    res.tag.kind == 1, "354 pairs with DATA");
	/* nothing awaited, the data not even started: a violation */
	session_reply(s, one("250 Ok\r\n"), &res);
	CHECK((res.flags & SESS_R_VIOLATION) && res.tag.kind == 0,
	    "250 before any data is a violation");
	session_free(s);

	/* the end of data queued but not written: the 250 is early */
	s = greeted();
	sent_at(s, "DATA", 6, 1);
	session_written(s, 6);
	session_reply(s, one("354 go\r\n"), &res);
	CHECK(session_sent_data_end_at(s, NULL, 100) == 0, "eod recorded");
	session_written(s, 99);
	session_reply(s, one("250 Ok\r\n"), &res);
	CHECK((res.flags & SESS_R_VIOLATION) && (res.flags & SESS_R_EARLY) &&
	    res.verb == VERB_DATA_END && !(res.flags & SESS_R_DATA_DONE),
	    "250 before the dot was written");
	CHECK(session_pending(s) == 1, "the early reply paired nothing");
	/* once written, the same reply pairs */
	session_written(s, 100);
	session_reply(s, one("250 Ok\r\n"), &res);
	CHECK(!(res.flags & SESS_R_VIOLATION) &&
	    (res.flags & SESS_R_DATA_DONE) && session_pending(s) == 0,
	    "250 after the dot pairs");
	session_free(s);
}

/* curl test980: replies stacked behind a 454 to STARTTLS. */
static void
test_stacked_behind_454(void)
{
	struct session		*s = greeted();
	struct sess_result	 res;

	sent_at(s, "STARTTLS", 10, 1);
	session_written(s, 10);
	session_reply(s, one("454 not now\r\n"), &res);
	CHECK(res.verb == VERB_STARTTLS && !(res.flags & SESS_R_VIOLATION),
	    "454 pairs with STARTTLS");
	session_reply(s, one("235 Authenticated\r\n"), &res);
	CHECK(res.flags & SESS_R_VIOLATION, "235 to nothing");
	session_free(s);

	/* the client queued AUTH, but it has not gone yet */
	s = greeted();
	sent_at(s, "STARTTLS", 10, 1);
	session_written(s, 10);
	session_reply(s, one("454 not now\r\n"), &res);
	sent_at(s, "AUTH PLAIN AGFiAGM=", 31, 2);
	session_reply(s, one("235 Authenticated\r\n"), &res);
	CHECK((res.flags & SESS_R_VIOLATION) && (res.flags & SESS_R_EARLY) &&
	    res.verb == VERB_AUTH && res.tag.kind == 0,
	    "235 before AUTH went: early, untagged");
	session_free(s);
}

/* Pipelining: a batch written in two parts pairs only what went. */
static void
test_pipelined_written(void)
{
	struct session		*s = greeted();
	struct sess_result	 res;

	sent_at(s, "MAIL FROM:<a>", 15, 1);
	sent_at(s, "RCPT TO:<b>", 28, 2);
	sent_at(s, "DATA", 34, 3);
	session_written(s, 28);
	session_reply(s, one("250 ok\r\n"), &res);
	CHECK(res.tag.kind == 1 && !(res.flags & SESS_R_VIOLATION), "MAIL");
	session_reply(s, one("250 ok\r\n"), &res);
	CHECK(res.tag.kind == 2 && !(res.flags & SESS_R_VIOLATION), "RCPT");
	session_reply(s, one("354 go\r\n"), &res);
	CHECK((res.flags & SESS_R_EARLY) && (res.flags & SESS_R_VIOLATION),
	    "354 before DATA was written");
	/* written never goes back */
	session_written(s, 10);
	session_written(s, 34);
	session_reply(s, one("354 go\r\n"), &res);
	CHECK(res.tag.kind == 3 && (res.flags & SESS_R_DATA_GO), "DATA");
	/* session_sent() means already written */
	session_free(s);
	s = greeted();
	{
		enum verb v;

		session_sent(s, "NOOP", 4, NULL, &v);
	}
	session_reply(s, one("250 ok\r\n"), &res);
	CHECK(res.verb == VERB_NOOP && !(res.flags & SESS_R_VIOLATION),
	    "session_sent() is written");
	session_free(s);
}

/* A 4xx/5xx while the data goes decides; it is no violation. */
static void
test_refused_during_data(void)
{
	struct session		*s = greeted();
	struct sess_result	 res;

	sent_at(s, "DATA", 6, 1);
	session_written(s, 6);
	session_reply(s, one("354 go\r\n"), &res);
	session_reply(s, one("550 5.7.1 content rejected\r\n"), &res);
	CHECK(!(res.flags & SESS_R_VIOLATION) && (res.flags & SESS_R_EARLY) &&
	    (res.flags & SESS_R_DATA_DONE) && res.verb == VERB_DATA_END &&
	    session_state(s) == SESS_HELLO, "550 mid-data, end not recorded");
	session_free(s);

	s = greeted();
	sent_at(s, "DATA", 6, 1);
	session_written(s, 6);
	session_reply(s, one("354 go\r\n"), &res);
	CHECK(session_sent_data_end_at(s, NULL, 5000) == 0, "eod");
	session_written(s, 4000);
	session_reply(s, one("452 4.3.1 out of space\r\n"), &res);
	CHECK(!(res.flags & SESS_R_VIOLATION) && (res.flags & SESS_R_EARLY) &&
	    (res.flags & SESS_R_DATA_DONE) && session_pending(s) == 0,
	    "452 before the dot went: it answers the end of data");
	session_free(s);

	/* a 421 during the data: closing, not a violation */
	s = greeted();
	sent_at(s, "DATA", 6, 1);
	session_written(s, 6);
	session_reply(s, one("354 go\r\n"), &res);
	session_reply(s, one("421 4.3.2 bye\r\n"), &res);
	CHECK((res.flags & SESS_R_CLOSING) &&
	    !(res.flags & SESS_R_VIOLATION), "421 mid-data");
	session_free(s);
}

/* After a 421 every reply is a violation, so 421s cannot go on. */
static void
test_after_421(void)
{
	struct session		*s = greeted();
	struct sess_result	 res;
	int			 i, ok = 1;

	session_reply(s, one("421 4.3.2 bye\r\n"), &res);
	CHECK((res.flags & SESS_R_CLOSING) && (res.flags & SESS_R_UNSOLICITED)
	    && !(res.flags & SESS_R_VIOLATION), "the first 421");
	for (i = 0; i < 100; i++) {
		session_reply(s, one("421 4.3.2 bye\r\n"), &res);
		ok &= (res.flags & SESS_R_VIOLATION) &&
		    (res.flags & SESS_R_AFTER_421) && res.verb == VERB_NONE;
	}
	CHECK(ok, "every later 421 is a violation");
	session_free(s);

	/* a 421 that answers a command, then the next reply */
	s = greeted();
	sent_at(s, "MAIL FROM:<a>", 15, 1);
	sent_at(s, "RCPT TO:<b>", 28, 2);
	session_written(s, 28);
	session_reply(s, one("421 closing\r\n"), &res);
	CHECK(res.tag.kind == 1 && (res.flags & SESS_R_CLOSING),
	    "421 answers MAIL");
	session_reply(s, one("250 ok\r\n"), &res);
	CHECK((res.flags & SESS_R_AFTER_421) && res.tag.kind == 0,
	    "a reply after it pairs nothing");
	session_free(s);

	/* a 421 that comes early still closes: it may come at any time */
	s = greeted();
	sent_at(s, "MAIL FROM:<a>", 15, 1);
	session_reply(s, one("421 closing\r\n"), &res);
	CHECK((res.flags & SESS_R_CLOSING) &&
	    !(res.flags & SESS_R_VIOLATION), "early 421");
	session_free(s);
}

/* The greeting needs nothing written; a reply stacked behind it does. */
static void
test_greeting_stacked(void)
{
	struct session		*s = session_new();
	struct sess_result	 res;

	session_reply(s, one("220 hi\r\n"), &res);
	CHECK(res.verb == VERB_GREETING && !(res.flags & SESS_R_VIOLATION),
	    "greeting");
	sent_at(s, "EHLO x", 8, 1);
	session_reply(s, one("250 STARTTLS\r\n"), &res);
	CHECK((res.flags & SESS_R_EARLY) && (res.flags & SESS_R_VIOLATION) &&
	    !session_ehlo_done(s), "EHLO reply stacked behind the greeting");
	session_free(s);
}

/* What outq showed, one line per show, "type:text\n". */
static char shown[4096];

static void
show(void *arg, int type, const char *text, size_t len)
{
	size_t	 n = strlen(shown);

	(void)arg;
	snprintf(shown + n, sizeof(shown) - n, "%d:%.*s\n", type, (int)len,
	    text);
}

/* A line is shown once all of its octets are written, never before. */
static void
test_outq(void)
{
	struct outq	*q = outq_new();
	const char	*p;
	size_t		 len;

	outq_put(q, "MAIL FROM:<a>\r\n", 15);
	outq_line(q, 1, "MAIL FROM:<a>", 13, 0);
	outq_put(q, "RCPT TO:<b>\r\n", 13);
	outq_line(q, 1, "RCPT TO:<b>", 11, 0);
	p = outq_pending(q, &len);
	CHECK(len == 28 && memcmp(p, "MAIL", 4) == 0, "queued");
	shown[0] = '\0';
	outq_written(q, 14, show, NULL);
	CHECK(shown[0] == '\0', "MAIL not shown before its LF went");
	outq_written(q, 1, show, NULL);
	CHECK(strcmp(shown, "1:MAIL FROM:<a>\n") == 0, "MAIL shown: %s",
	    shown);
	outq_written(q, 13, show, NULL);
	CHECK(strcmp(shown, "1:MAIL FROM:<a>\n1:RCPT TO:<b>\n") == 0 &&
	    outq_octets(q) == 0 && outq_lines(q) == 0 && outq_done(q) == 28,
	    "RCPT shown");
	/* a data line shown as typed, its octets queued after it */
	shown[0] = '\0';
	outq_line(q, 2, "..x", 3, 1);
	outq_put(q, "..x", 3);
	outq_put(q, "\r\n", 2);
	outq_close(q);
	outq_put(q, "QUIT\r\n", 6);
	outq_line(q, 1, "QUIT", 4, 0);
	outq_written(q, 4, show, NULL);
	CHECK(shown[0] == '\0', "data line not shown before its CRLF");
	outq_written(q, 1, show, NULL);
	CHECK(strcmp(shown, "2:..x\n") == 0, "data line shown: %s", shown);
	/* dropped: never shown */
	outq_drop(q);
	outq_written(q, 6, show, NULL);
	CHECK(strcmp(shown, "2:..x\n") == 0 && outq_octets(q) == 0 &&
	    outq_total(q) == 39, "dropped lines are never shown");
	outq_free(q);
}

/* --pipe commentary before the greeting: bounded in lines and octets. */
static void
test_prelude_bound(void)
{
	struct reply_parser	*p = reply_new();
	enum reply_status	 st = REPLY_MORE;
	char			 big[200];
	size_t			 used, i, noise = 0;

	reply_set_prelude(p, 1);
	for (i = 0; i < REPLY_PRELUDE_LINES; i++) {
		st = reply_feed(p, "starting up\n", 12, &used);
		noise += st == REPLY_NOISE;
	}
	CHECK(noise == REPLY_PRELUDE_LINES, "1000 lines of commentary");
	st = reply_feed(p, "220 hi\r\n", 8, &used);
	CHECK(st == REPLY_READY, "then the greeting");
	reply_reset(p);
	reply_set_prelude(p, 1);
	for (i = 0; i <= REPLY_PRELUDE_LINES && st != REPLY_ERROR; i++)
		st = reply_feed(p, "x\n", 2, &used);
	CHECK(st == REPLY_ERROR && i == REPLY_PRELUDE_LINES + 1 &&
	    strstr(reply_error(p), "before the greeting") != NULL,
	    "line 1001 is a violation: %s", reply_error(p));
	reply_reset(p);
	reply_set_prelude(p, 1);
	memset(big, 'y', sizeof(big));
	big[sizeof(big) - 1] = '\n';
	for (i = 0, st = REPLY_MORE; i < 1000 && st != REPLY_ERROR; i++)
		st = reply_feed(p, big, sizeof(big), &used);
	CHECK(st == REPLY_ERROR && i == REPLY_PRELUDE_BYTES / sizeof(big) + 1,
	    "past 64 KiB of commentary: a violation after %zu lines", i);
	reply_free(p);
}

int
main(void)
{
	rp = reply_new();
	test_stacked_after_354();
	test_stacked_behind_454();
	test_pipelined_written();
	test_refused_during_data();
	test_after_421();
	test_greeting_stacked();
	test_outq();
	test_prelude_bound();
	reply_free(rp);
	return check_done();
}
