/*
 * test_core.c: table-driven tests of the pure core: reply framing at
 * every byte boundary, malformed replies, capabilities, encoding, line
 * checks, session pairing, targets, /expect patterns, escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "caps.h"
#include "check.h"
#include "esc.h"
#include "line.h"
#include "reply.h"
#include "scriptline.h"
#include "session.h"
#include "stuff.h"
#include "target.h"

/* Feed s split at position cut; collect replies' codes and status. */
static enum reply_status
feed_split(struct reply_parser *p, const char *s, size_t len, size_t cut,
    int *codes, size_t *ncodes)
{
	size_t			 off = 0, used, end;
	enum reply_status	 st = REPLY_MORE;

	*ncodes = 0;
	while (off < len) {
		end = off < cut ? cut : len;
		st = reply_feed(p, s + off, end - off, &used);
		off += used;
		if (st == REPLY_READY)
			codes[(*ncodes)++] = reply_get(p)->code;
		else if (st == REPLY_ERROR)
			return st;
	}
	return st;
}

static void
test_reply_splits(void)
{
	static const char s[] = "220 hi there\r\n250-one\r\n250-two\n250 3\r\n"
	    "354\r\n550 5.1.1 no such user\r\n";
	struct reply_parser	*p = reply_new();
	int			 codes[8];
	size_t			 cut, n, len = sizeof(s) - 1;
	int			 ok = 1;

	for (cut = 0; cut <= len; cut++) {
		reply_reset(p);
		(void)feed_split(p, s, len, cut, codes, &n);
		if (n != 4 || codes[0] != 220 || codes[1] != 250 ||
		    codes[2] != 354 || codes[3] != 550)
			ok = 0;
	}
	CHECK(ok, "replies split at every byte boundary");
	/* every single byte fed on its own */
	reply_reset(p);
	{
		size_t i, used, got = 0;
		const struct reply *r = NULL;

		for (i = 0; i < len; i++)
			if (reply_feed(p, s + i, 1, &used) == REPLY_READY) {
				got++;
				r = reply_get(p);
				if (got == 2)
					break;
			}
		CHECK(got == 2 && r->nlines == 3, "byte-at-a-time multiline");
		CHECK(r->flags & REPLY_BARELF, "bare LF flagged");
	}
	reply_free(p);
}

struct bad {
	const char	*in;
	const char	*why;		/* substring of the error */
};

static void
test_reply_malformed(void)
{
	static const struct bad bad[] = {
		{ "600 too high\r\n", "outside 200-599" },
		{ "199 too low\r\n", "outside 200-599" },
		{ "000 zero\r\n", "outside 200-599" },
		{ "abc hello\r\n", "malformed" },
		{ "2500 four digits\r\n", "malformed" },
		{ "25\r\n", "malformed" },
		{ "\r\n", "malformed" },
		{ "250_x\r\n", "malformed" },
	};
	struct reply_parser	*p = reply_new();
	size_t			 i, used;
	enum reply_status	 st;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		reply_reset(p);
		st = reply_feed(p, bad[i].in, strlen(bad[i].in), &used);
		CHECK(st == REPLY_ERROR && strstr(reply_error(p), bad[i].why),
		    "malformed %zu (%s): %s", i, bad[i].why, reply_error(p));
	}
	reply_free(p);
}

static void
test_reply_bounds(void)
{
	struct reply_parser	*p = reply_new();
	char			*big;
	size_t			 i, used;
	enum reply_status	 st = REPLY_MORE;
	const struct reply	*r;
	char			 line[64];

	/* an endless multiline reply stops at line 1000 */
	for (i = 0; i < 2000 && st == REPLY_MORE; i++) {
		snprintf(line, sizeof(line), "250-line %zu\r\n", i);
		st = reply_feed(p, line, strlen(line), &used);
	}
	CHECK(st == REPLY_ERROR && i == 1000 &&
	    strstr(reply_error(p), "1000 lines"), "1000-line bound at %zu", i);

	/* a 10 MB line is refused as soon as 64 KiB is crossed */
	reply_reset(p);
	big = malloc(1 << 20);
	memset(big, 'a', 1 << 20);
	memcpy(big, "250 ", 4);
	st = reply_feed(p, big, 1 << 20, &used);
	CHECK(st == REPLY_ERROR && used <= REPLY_MAX_BYTES,
	    "64 KiB bound, used %zu", used);

	/* a 600-octet line is kept, flagged long and cut at 2048 later */
	reply_reset(p);
	memset(big, 'b', 3000);
	memcpy(big, "250 ", 4);
	memcpy(big + 600, "\r\n", 2);
	st = reply_feed(p, big, 602, &used);
	r = reply_get(p);
	CHECK(st == REPLY_READY && (r->flags & REPLY_LONGLINE) &&
	    !(r->flags & REPLY_TRUNCATED) && r->line[0].len == 596,
	    "long line kept");
	reply_reset(p);
	memset(big + 600, 'b', 2);
	memcpy(big + 2990, "\r\n", 2);
	st = reply_feed(p, big, 2992, &used);
	r = reply_get(p);
	CHECK(st == REPLY_READY && (r->flags & REPLY_TRUNCATED) &&
	    r->line[0].len == REPLY_LINE_KEEP - 4, "cut line %zu",
	    r->line[0].len);

	/* code change between lines: last line counts */
	reply_reset(p);
	st = reply_feed(p, "250-a\r\n251 b\r\n", 14, &used);
	r = reply_get(p);
	CHECK(st == REPLY_READY && r->code == 251 &&
	    (r->flags & REPLY_CODECHANGE), "code change");

	/* NUL and ESC in text are kept raw, not fatal */
	reply_reset(p);
	st = reply_feed(p, "220 a\0b\x1b[2J\r\n", 13, &used);
	r = reply_get(p);
	CHECK(st == REPLY_READY && r->line[0].len == 7 &&
	    r->text[1] == '\0', "NUL kept");

	/* READY stops right after the reply: stacked bytes stay unread */
	reply_reset(p);
	st = reply_feed(p, "220 go ahead\r\n250 injected\r\n", 28, &used);
	CHECK(st == REPLY_READY && used == 14, "stops after reply (%zu)",
	    used);

	/* enhanced codes */
	reply_reset(p);
	st = reply_feed(p, "550 5.1.1 <x@y>: no\r\n", 21, &used);
	CHECK(strcmp(reply_get(p)->enhanced, "5.1.1") == 0, "enhanced");
	reply_reset(p);
	st = reply_feed(p, "250 2.1.0Ok\r\n", 13, &used);
	CHECK(reply_get(p)->enhanced[0] == '\0', "no enhanced glued");
	reply_reset(p);
	st = reply_feed(p, "250 8.1.0 x\r\n", 13, &used);
	CHECK(reply_get(p)->enhanced[0] == '\0', "bad class");
	reply_reset(p);
	st = reply_feed(p, "250\r\n", 5, &used);
	CHECK(st == REPLY_READY && reply_get(p)->nlines == 1 &&
	    reply_get(p)->line[0].len == 0, "code-only line");

	/* prelude noise before the greeting */
	reply_reset(p);
	reply_set_prelude(p, 1);
	st = reply_feed(p, "**** testing\n220 hi\r\n", 21, &used);
	CHECK(st == REPLY_NOISE && used == 13, "noise");
	st = reply_feed(p, "220 hi\r\n", 8, &used);
	CHECK(st == REPLY_READY, "after noise");
	free(big);
	reply_free(p);
}

static const struct reply *
parse_one(struct reply_parser *p, const char *s)
{
	size_t	 used;

	reply_reset(p);
	if (reply_feed(p, s, strlen(s), &used) != REPLY_READY)
		return NULL;
	return reply_get(p);
}

static void
test_caps(void)
{
	struct reply_parser	*p = reply_new();
	struct caps		 c;
	unsigned long long	 size = 0;
	const struct reply	*r;

	r = parse_one(p, "250-mx.example greets you\r\n250-PIPELINING\r\n"
	    "250-SIZE 10485760\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n"
	    "250-AUTH=LOGIN PLAIN\r\n250-starttls\r\n250-8BITMIME\r\n"
	    "250-X-FOO bar baz\r\n250-bad_keyword\r\n250 SMTPUTF8\r\n");
	caps_parse(&c, r);
	CHECK(c.valid && c.n == 7, "caps count %zu", c.n);
	CHECK(caps_find(&c, "PIPELINING") != NULL, "PIPELINING");
	CHECK(caps_find(&c, "STARTTLS") != NULL, "lower-case keyword");
	CHECK(caps_size(&c, &size) && size == 10485760, "SIZE");
	CHECK(caps_has_auth(&c, "cram-md5") && !caps_has_auth(&c, "XOAUTH2"),
	    "AUTH mechanisms");
	CHECK(strcmp(caps_find(&c, "X-FOO")->params, "bar baz") == 0,
	    "params kept");
	CHECK(c.dropped == 1, "malformed line dropped");
	caps_clear(&c);
	CHECK(!c.valid && caps_find(&c, "PIPELINING") == NULL, "cleared");
	r = parse_one(p, "250-x\r\n250 SIZE\r\n");
	caps_parse(&c, r);
	CHECK(caps_size(&c, &size) && size == 0, "SIZE without limit");
	reply_free(p);
}

/* Several AUTH lines, in both forms, make one list (as swaks reads). */
static void
test_caps_auth(void)
{
	static const struct {
		const char	*reply;
		const char	*params;
		size_t		 n;
	} t[] = {
		{ "250-x\r\n250-AUTH PLAIN\r\n250 AUTH LOGIN\r\n",
		    "PLAIN LOGIN", 1 },
		{ "250-x\r\n250-AUTH=LOGIN\r\n250 AUTH CRAM-MD5 PLAIN\r\n",
		    "LOGIN CRAM-MD5 PLAIN", 1 },
		{ "250-x\r\n250-AUTH PLAIN LOGIN\r\n250-AUTH=LOGIN PLAIN\r\n"
		    "250 SIZE\r\n", "PLAIN LOGIN", 2 },
		{ "250-x\r\n250-AUTH\r\n250-AUTH  XOAUTH2  \r\n250 AUTH=\r\n",
		    "XOAUTH2", 1 },
		{ "250-x\r\n250-AUTH=PLAIN\r\n250-8BITMIME\r\n"
		    "250 auth scram-sha-256\r\n", "PLAIN scram-sha-256", 2 },
	};
	struct reply_parser	*p = reply_new();
	struct caps		 c;
	const struct caps_entry	*e;
	char			 big[2048];
	size_t			 i, o;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		caps_parse(&c, parse_one(p, t[i].reply));
		e = caps_find(&c, "AUTH");
		CHECK(e != NULL && strcmp(e->params, t[i].params) == 0 &&
		    c.n == t[i].n, "AUTH lines %zu: \"%s\"", i,
		    e != NULL ? e->params : "(none)");
	}
	caps_parse(&c, parse_one(p, t[1].reply));
	CHECK(caps_has_auth(&c, "login") && caps_has_auth(&c, "PLAIN") &&
	    caps_has_auth(&c, "CRAM-MD5") && !caps_has_auth(&c, "CRAM"),
	    "mechanisms of every AUTH line");
	/* more mechanisms than fit: the entry stays bounded, the rest
	 * is counted */
	o = (size_t)snprintf(big, sizeof(big), "250-x\r\n250-AUTH A\r\n");
	for (i = 0; i < 80; i++)
		o += (size_t)snprintf(big + o, sizeof(big) - o,
		    "250-AUTH M%02zu\r\n", i);
	snprintf(big + o, sizeof(big) - o, "250 OK\r\n");
	caps_parse(&c, parse_one(p, big));
	e = caps_find(&c, "AUTH");
	CHECK(e != NULL && strlen(e->params) <= CAPS_PARAM_MAX &&
	    caps_has_auth(&c, "M00") && c.dropped > 0, "AUTH list bounded");
	reply_free(p);
}

/* Encode in, in every split, and compare with want. */
static void
stuff_case(const char *in, int dot, const char *want)
{
	struct stuff	 st;
	char		 out[512];
	size_t		 len = strlen(in), cut, o;
	int		 ok = 1;

	for (cut = 0; cut <= len; cut++) {
		stuff_init(&st, dot);
		o = stuff_feed(&st, in, cut, out);
		o += stuff_feed(&st, in + cut, len - cut, out + o);
		o += stuff_finish(&st, out + o);
		if (o != strlen(want) || memcmp(out, want, o) != 0 ||
		    st.out != o)
			ok = 0;
	}
	CHECK(ok, "stuff \"%s\"", in);
}

static void
test_stuff(void)
{
	stuff_case("a\nb\n", 1, "a\r\nb\r\n.\r\n");
	stuff_case("a\r\nb", 1, "a\r\nb\r\n.\r\n");
	stuff_case(".x\n..y\n.\n", 1, "..x\r\n...y\r\n..\r\n.\r\n");
	stuff_case("", 1, ".\r\n");
	stuff_case("a\rb\r", 1, "a\r\nb\r\n.\r\n");
	/* smuggling: a bare-CR "terminator" must stay data */
	stuff_case("x\r.\rmore\n", 1, "x\r\n..\r\nmore\r\n.\r\n");
	stuff_case("x\n.\r\nMAIL FROM:<a>\n", 1,
	    "x\r\n..\r\nMAIL FROM:<a>\r\n.\r\n");
	stuff_case("\r\n\r\n", 1, "\r\n\r\n.\r\n");
	stuff_case(".a\nb", 0, ".a\r\nb\r\n");
	stuff_case("\n\r", 0, "\r\n\r\n");
}

static void
test_line(void)
{
	char		 buf[600];
	const char	*why;

	CHECK(line_check("MAIL FROM:<a@b>", 15, 0, &why) == 0, "ok line");
	CHECK(line_check("RCPT TO:<a>\r\nDATA", 18, 0, &why) == -1, "CRLF");
	CHECK(line_check("NOOP\rX", 6, 1, &why) == -1, "CR forced");
	CHECK(line_check("NO\0OP", 5, 0, &why) == -1, "NUL");
	memset(buf, 'x', sizeof(buf));
	CHECK(line_check(buf, 510, 0, &why) == 0, "510 + CRLF fits");
	CHECK(line_check(buf, 511, 0, &why) == -1, "511 + CRLF too long");
	CHECK(line_check(buf, 600, 1, &why) == 0, "forced");
}

static void
test_session(void)
{
	struct reply_parser	*p = reply_new();
	struct session		*s = session_new();
	struct sess_result	 res;
	enum verb		 v;

	CHECK(session_awaiting(s) == VERB_GREETING, "greeting first");
	session_reply(s, parse_one(p, "220 hi\r\n"), &res);
	CHECK(res.verb == VERB_GREETING && session_state(s) == SESS_READY,
	    "greeted");
	/* pipelined: replies pair in order */
	session_sent(s, "EHLO x", 6, NULL, &v);
	session_sent(s, "MAIL FROM:<a>", 13, NULL, &v);
	session_sent(s, "RCPT TO:<b>", 11, NULL, &v);
	session_sent(s, "DATA", 4, NULL, &v);
	CHECK(session_pending(s) == 4, "four pending");
	session_reply(s, parse_one(p, "250-x\r\n250 PIPELINING\r\n"), &res);
	CHECK(res.verb == VERB_EHLO && (res.flags & SESS_R_CAPS) &&
	    session_ehlo_done(s), "EHLO");
	session_reply(s, parse_one(p, "250 ok\r\n"), &res);
	CHECK(res.verb == VERB_MAIL && session_state(s) == SESS_MAIL, "MAIL");
	session_reply(s, parse_one(p, "550 5.1.1 no\r\n"), &res);
	CHECK(res.verb == VERB_RCPT && session_state(s) == SESS_MAIL,
	    "RCPT refused keeps MAIL state");
	session_reply(s, parse_one(p, "354 go\r\n"), &res);
	CHECK(res.verb == VERB_DATA && (res.flags & SESS_R_DATA_GO), "354");
	session_sent_data_end(s, NULL);
	session_reply(s, parse_one(p, "250 queued\r\n"), &res);
	CHECK(res.verb == VERB_DATA_END && (res.flags & SESS_R_DATA_DONE) &&
	    session_state(s) == SESS_HELLO, "end of data");
	/* extra replies are violations, except 421 */
	session_reply(s, parse_one(p, "250 extra\r\n"), &res);
	CHECK(res.verb == VERB_NONE && (res.flags & SESS_R_VIOLATION),
	    "extra reply");
	session_reply(s, parse_one(p, "421 bye\r\n"), &res);
	CHECK((res.flags & SESS_R_UNSOLICITED) &&
	    !(res.flags & SESS_R_VIOLATION) && (res.flags & SESS_R_CLOSING),
	    "unsolicited 421");
	/* after a 421 every reply is a violation, even another 421 */
	session_reply(s, parse_one(p, "421 bye again\r\n"), &res);
	CHECK((res.flags & SESS_R_VIOLATION) &&
	    (res.flags & SESS_R_AFTER_421), "a second 421");
	session_free(s);
	s = session_new();
	session_reply(s, parse_one(p, "220 hi\r\n"), &res);
	/* STARTTLS: capabilities forgotten after the handshake */
	session_sent(s, "STARTTLS", 8, NULL, &v);
	session_reply(s, parse_one(p, "220 go\r\n"), &res);
	CHECK(res.flags & SESS_R_TLS_GO, "TLS go");
	session_tls_started(s);
	CHECK(!session_ehlo_done(s) && session_state(s) == SESS_READY,
	    "caps forgotten");
	/* AUTH: the line after 334 is an AUTH step */
	session_sent(s, "AUTH PLAIN", 10, NULL, &v);
	session_reply(s, parse_one(p, "334 \r\n"), &res);
	CHECK(res.flags & SESS_R_CHALLENGE, "334");
	session_sent(s, "AGFiYwBkZWY=", 12, NULL, &v);
	CHECK(v == VERB_AUTH_STEP, "auth step");
	session_sent(s, "BDAT 10 LAST", 12, NULL, &v);
	CHECK(v == VERB_DATA_END, "BDAT LAST");
	session_sent(s, "bdat 10", 7, NULL, &v);
	CHECK(v == VERB_BDAT, "BDAT");
	CHECK(session_timeout(VERB_DATA) == 120 &&
	    session_timeout(VERB_DATA_END) == 600 &&
	    session_timeout(VERB_GREETING) == 300 &&
	    session_timeout(VERB_RCPT) == 300, "RFC 5321 timeouts");
	CHECK(verb_classify("xadr", 4) == VERB_XPRIVATE &&
	    verb_classify("quit", 4) == VERB_QUIT &&
	    verb_classify("FOO", 3) == VERB_OTHER, "verbs");
	session_free(s);
	reply_free(p);
}

/* Tags come back with the replies they belong to, in order. */
static void
test_session_tags(void)
{
	struct reply_parser	*p = reply_new();
	struct session		*s = session_new();
	struct sess_result	 res;
	struct sess_tag		 t;
	enum verb		 v;
	size_t			 i, n;
	int			 ok;

	session_reply(s, parse_one(p, "220 hi\r\n"), &res);
	CHECK(res.tag.kind == 0 && res.tag.index == 0 && res.tag.when == 0,
	    "the greeting is untagged");
	/* pipelined: MAIL, RCPT 0, RCPT 1, DATA; an untagged NOOP between */
	t = (struct sess_tag){ 1, 0, 100 };
	session_sent(s, "MAIL FROM:<a>", 13, &t, &v);
	t = (struct sess_tag){ 2, 0, 101 };
	session_sent(s, "RCPT TO:<b>", 11, &t, &v);
	t = (struct sess_tag){ 2, 1, 102 };
	session_sent(s, "RCPT TO:<c>", 11, &t, &v);
	session_sent(s, "NOOP", 4, NULL, &v);
	t = (struct sess_tag){ 3, 7, 103 };
	session_sent(s, "DATA", 4, &t, &v);
	t.kind = 99;	/* the session keeps its own copy */
	CHECK(session_pending(s) == 5 && session_awaiting_tag(s, 5) == NULL &&
	    session_awaiting_tag(s, 0)->kind == 1 &&
	    session_awaiting_tag(s, 2)->index == 1 &&
	    session_awaiting_tag(s, 3)->kind == 0 &&
	    session_awaiting_tag(s, 4)->when == 103, "awaited tags in order");
	session_reply(s, parse_one(p, "250 ok\r\n"), &res);
	CHECK(res.verb == VERB_MAIL && res.tag.kind == 1 &&
	    res.tag.when == 100, "MAIL tag");
	session_reply(s, parse_one(p, "250 ok\r\n"), &res);
	CHECK(res.verb == VERB_RCPT && res.tag.kind == 2 &&
	    res.tag.index == 0 && res.tag.when == 101, "RCPT 0 tag");
	session_reply(s, parse_one(p, "550 no\r\n"), &res);
	CHECK(res.verb == VERB_RCPT && res.tag.kind == 2 &&
	    res.tag.index == 1 && res.tag.when == 102, "RCPT 1 tag");
	session_reply(s, parse_one(p, "250 ok\r\n"), &res);
	CHECK(res.verb == VERB_NOOP && res.tag.kind == 0, "untagged NOOP");
	CHECK(session_awaiting_tag(s, 0)->kind == 3, "DATA is next");
	session_reply(s, parse_one(p, "354 go\r\n"), &res);
	CHECK(res.verb == VERB_DATA && res.tag.kind == 3 &&
	    res.tag.index == 7, "DATA tag");
	/* LMTP: one end-of-data reply per recipient, one tag each */
	for (i = 0; i < 3; i++) {
		t = (struct sess_tag){ 4, i, 200 + (long long)i };
		CHECK(session_sent_data_end(s, &t) == 0, "data end recorded");
	}
	for (i = 0, ok = 1; i < 3; i++) {
		session_reply(s, parse_one(p, "250 ok\r\n"), &res);
		ok &= res.verb == VERB_DATA_END && res.tag.kind == 4 &&
		    res.tag.index == i && (res.flags & SESS_R_DATA_DONE);
	}
	CHECK(ok, "LMTP end-of-data tags in order");
	/* extra replies carry no tag; a 421 may answer a tagged command */
	session_reply(s, parse_one(p, "250 extra\r\n"), &res);
	CHECK((res.flags & SESS_R_VIOLATION) && res.tag.kind == 0 &&
	    res.tag.when == 0, "extra reply untagged");
	session_reply(s, parse_one(p, "421 bye\r\n"), &res);
	CHECK((res.flags & SESS_R_UNSOLICITED) && res.tag.kind == 0,
	    "unsolicited 421 untagged");
	session_free(s);
	s = session_new();
	session_reply(s, parse_one(p, "220 hi\r\n"), &res);
	t = (struct sess_tag){ 5, 3, 300 };
	session_sent(s, "BDAT 10 LAST", 12, &t, &v);
	session_reply(s, parse_one(p, "421 closing\r\n"), &res);
	CHECK(v == VERB_DATA_END && (res.flags & SESS_R_CLOSING) &&
	    res.tag.kind == 5 && res.tag.index == 3, "421 to BDAT LAST tag");
	session_free(s);

	/* the ring grows to SESS_PENDING_MAX and wraps, tags intact */
	s = session_new();
	session_reply(s, parse_one(p, "220 hi\r\n"), &res);
	for (i = 0, n = 0, ok = 1; i < SESS_PENDING_MAX; i++) {
		t = (struct sess_tag){ 6, i, (long long)i };
		ok &= session_sent(s, "RSET", 4, &t, &v) == 0;
		if (i % 3 == 0) {
			/* replies keep pace with a third of the commands */
			session_reply(s, parse_one(p, "250 ok\r\n"), &res);
			ok &= res.tag.kind == 6 && res.tag.index == n++;
		}
	}
	CHECK(ok, "many pending");
	CHECK(session_awaiting_tag(s, 0)->index == n &&
	    session_awaiting_tag(s, session_pending(s) - 1)->index ==
	    SESS_PENDING_MAX - 1, "oldest and newest after growing");
	while (session_pending(s) < SESS_PENDING_MAX)
		session_sent(s, "RSET", 4, NULL, &v);
	CHECK(session_sent(s, "RSET", 4, &t, &v) == -1 &&
	    session_sent_data_end(s, &t) == -1, "full");
	session_free(s);
	reply_free(p);
}

static void
test_target(void)
{
	static const struct {
		const char	*in;
		const char	*host;
		int		 port, literal, tls, domain;
	} ok[] = {
		{ "mx.example.org", "mx.example.org", 0, 0, 0, 0 },
		{ "mx.example.org:587", "mx.example.org", 587, 0, 0, 0 },
		{ "192.0.2.1", "192.0.2.1", 0, 1, 0, 0 },
		{ "192.0.2.1:2525", "192.0.2.1", 2525, 1, 0, 0 },
		{ "[2001:db8::1]:25", "2001:db8::1", 25, 1, 0, 0 },
		{ "[2001:db8::1]", "2001:db8::1", 0, 1, 0, 0 },
		{ "2001:db8::1", "2001:db8::1", 0, 1, 0, 0 },
		{ "::1", "::1", 0, 1, 0, 0 },
		{ "smtp://mx.example.org", "mx.example.org", 0, 0, 0, 0 },
		{ "smtp://mx.example.org:26/", "mx.example.org", 26, 0, 0, 0 },
		{ "smtps://mx.example.org", "mx.example.org", 0, 0, 1, 0 },
		{ "SMTPS://[::1]:465", "::1", 465, 1, 1, 0 },
		{ "user@example.org", "example.org", 0, 0, 0, 1 },
	};
	static const char *const bad[] = {
		"", "host:0", "host:65536", "host:x", "ftp://host", "[::1",
		"[nothost]:25", "bad host", "a..b", "-x.example", "[::1]x",
		"host\x1b[2J", "smtps://user@example.org",
	};
	struct target	 t;
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int r = target_parse(ok[i].in, &t, &why);
		CHECK(r == 0 && strcmp(t.host, ok[i].host) == 0 &&
		    t.port == ok[i].port && t.literal == ok[i].literal &&
		    t.implicit_tls == ok[i].tls && t.domain == ok[i].domain,
		    "target %s", ok[i].in);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(target_parse(bad[i], &t, &why) == -1, "bad target %zu",
		    i);
}

static void
test_expect(void)
{
	static const struct {
		const char	*pat;
		int		 code;
		const char	*enh;
		int		 match;
	} cases[] = {
		{ "250", 250, "", 1 },
		{ "250", 251, "", 0 },
		{ "2xx", 251, "2.1.5", 1 },
		{ "25x", 252, "", 1 },
		{ "25X", 260, "", 0 },
		{ "5.1.1", 550, "5.1.1", 1 },
		{ "5.1.1", 550, "", 0 },
		{ "550 5.1.1", 550, "5.1.1", 1 },
		{ "550 5.1.1", 553, "5.1.1", 0 },
		{ "550 5.1.1", 550, "5.1.2", 0 },
		{ "250|251", 251, "", 1 },
		{ "4xx|5.7.1", 554, "5.7.1", 1 },
		{ "4xx|5.7.1", 451, "4.7.1", 1 },
		{ "4xx|5.7.1", 554, "5.7.0", 0 },
	};
	static const char *const bad[] = {
		"", "25", "2500", "abc", "650", "5.1", "550 4.1.1", "250|",
		"5.1.1.1", "9.1.1", "x50",
	};
	struct expect	 e;
	const char	*why;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK(expect_parse(cases[i].pat, &e, &why) == 0 &&
		    expect_match(&e, cases[i].code, cases[i].enh) ==
		    cases[i].match, "expect %s vs %d %s", cases[i].pat,
		    cases[i].code, cases[i].enh);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(expect_parse(bad[i], &e, &why) == -1, "bad pattern '%s'",
		    bad[i]);
}

static void
test_scriptline(void)
{
	enum sline_kind	 k;
	enum cmdtab_id	 c;
	const char	*args, *why;

	CHECK(sline_classify("  # hi", 6, 0, &k, &c, &args, &why) == 0 &&
	    k == SLINE_BLANK, "comment");
	CHECK(sline_classify("# hi", 4, 1, &k, &c, &args, &why) == 0 &&
	    k == SLINE_DATA, "comment is data inside DATA");
	CHECK(sline_classify("", 0, 1, &k, &c, &args, &why) == 0 &&
	    k == SLINE_DATA, "blank is data inside DATA");
	CHECK(sline_classify(".", 1, 1, &k, &c, &args, &why) == 0 &&
	    k == SLINE_DATA_END, "lone dot");
	CHECK(sline_classify("..", 2, 1, &k, &c, &args, &why) == 0 &&
	    k == SLINE_DATA, "two dots are data");
	CHECK(sline_classify("/exp 250", 8, 0, &k, &c, &args, &why) == 0 &&
	    k == SLINE_LOCAL && c == CMDTAB_EXPECT && strcmp(args, "250") == 0,
	    "unique prefix");
	CHECK(sline_classify("/d x", 4, 0, &k, &c, &args, &why) == 0 &&
	    c == CMDTAB_DATA, "exact-or-unique d");
	CHECK(sline_classify("/e x", 4, 0, &k, &c, &args, &why) == -1 &&
	    strstr(why, "ambiguous"), "ambiguous /e");
	CHECK(sline_classify("/nope", 5, 0, &k, &c, &args, &why) == -1 &&
	    strcmp(why, "unknown /command") == 0, "unknown");
	CHECK(sline_classify("/e x", 4, 0, &k, &c, &args, &why) == -1 &&
	    strcmp(why, "ambiguous /command") == 0, "ambiguous text");
	CHECK(sline_classify("/", 1, 0, &k, &c, &args, &why) == -1 &&
	    strcmp(why, "empty /command") == 0, "empty");
	/* the REPL's own commands are not script commands */
	CHECK(sline_classify("/help", 5, 0, &k, &c, &args, &why) == -1 &&
	    strcmp(why, "unknown /command") == 0, "REPL-only /help");
	CHECK(sline_classify("/s 1", 4, 0, &k, &c, &args, &why) == 0 &&
	    c == CMDTAB_SLEEP && strcmp(args, "1") == 0, "/s is /sleep");
	CHECK(sline_classify("/Q", 2, 0, &k, &c, &args, &why) == 0 &&
	    c == CMDTAB_QUIT && *args == '\0', "/Q is /quit");
	CHECK(sline_classify("EHLO x", 6, 0, &k, &c, &args, &why) == 0 &&
	    k == SLINE_SMTP, "smtp line");
}

static void
test_esc(void)
{
	static const struct {
		const char	*in;
		size_t		 len;
		int		 json;
		const char	*want;
	} cases[] = {
		{ "plain", 5, 0, "plain" },
		{ "\x1b[2J", 4, 0, "\\x1b[2J" },
		{ "a\0b", 3, 0, "a\\x00b" },
		{ "back\\slash", 10, 0, "back\\\\slash" },
		{ "tab\there", 8, 0, "tab\\there" },
		{ "\xc2\x9b" "31m", 5, 0, "\\u009b31m" },
		{ "\xe2\x80\xae" "evil", 7, 0, "\\u202eevil" },
		{ "caf\xc3\xa9", 5, 0, "caf\xc3\xa9" },
		{ "bad\xff\xfe", 5, 0, "bad\\xff\\xfe" },
		{ "\xc0\xaf", 2, 0, "\\xc0\\xaf" },
		{ "q\"\\\x1b", 4, 1, "q\\\"\\\\\\\\\\\\x1b" },
		{ "\x7f", 1, 0, "\\x7f" },
		{ "own \\x1b\x1b", 9, ESC_OWN, "own \\x1b\\x1b" },
		{ "own \"\\", 6, ESC_OWN | ESC_JSON, "own \\\"\\\\" },
		/* invisible code points (issue 14, 16) and their neighbours */
		{ "a\xc2\xad" "b", 4, 0, "a\\u00adb" },
		{ "\xc2\xac\xc2\xae", 4, 0, "\xc2\xac\xc2\xae" },
		{ "\xe2\x80\x8a\xe2\x80\x8b", 6, 0, "\xe2\x80\x8a\\u200b" },
		{ "\xe2\x80\x8c\xe2\x80\x8d", 6, 0, "\\u200c\\u200d" },
		{ "\xe2\x80\x8e\xe2\x80\x8f\xe2\x80\x90", 9, 0,
		    "\\u200e\\u200f\xe2\x80\x90" },
		{ "\xe2\x81\xa0\xe2\x81\xa4\xe2\x81\xa5", 9, 0,
		    "\\u2060\\u2064\xe2\x81\xa5" },
		{ "\xe2\x81\x9f", 3, 0, "\xe2\x81\x9f" },
		{ "\xef\xbb\xbf" "BOM", 6, 0, "\\ufeffBOM" },
		{ "\xf3\xa0\x80\x81\xf3\xa0\x81\x81\xf3\xa0\x81\xbf", 12, 0,
		    "\\U000e0001\\U000e0041\\U000e007f" },
		{ "\xf3\xa0\x82\x80", 4, 0, "\xf3\xa0\x82\x80" },
		{ "\xf3\xa0\x81\x81", 4, ESC_JSON, "\\\\U000e0041" },
	};
	char	 out[128];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		esc_text(cases[i].in, cases[i].len, cases[i].json, out);
		CHECK(strcmp(out, cases[i].want) == 0, "esc %zu: got %s", i,
		    out);
	}
}

/* The one place that builds the EHLO address literal (RFC 5321 4.1.3). */
static void
test_addr(void)
{
	struct addr	 a4, a6, bad;
	char		 line[300], s[64];

	CHECK(addr_literal("192.0.2.7", 25, &a4) == 0, "IPv4 literal");
	CHECK(addr_literal("2001:db8::1", 587, &a6) == 0, "IPv6 literal");
	CHECK(addr_literal("mx.example.org", 25, &bad) == -1, "a name");
	CHECK(addr_literal("[::1]", 25, &bad) == -1, "brackets are not ours");
	CHECK(strcmp(addr_str(&a4, s, sizeof(s)), "192.0.2.7:25") == 0,
	    "%s", s);
	CHECK(strcmp(addr_str(&a6, s, sizeof(s)), "[2001:db8::1]:587") == 0,
	    "%s", s);
	addr_ehlo_line(&a4, "EHLO", NULL, line, sizeof(line));
	CHECK(strcmp(line, "EHLO [192.0.2.7]") == 0, "%s", line);
	addr_ehlo_line(&a6, "LHLO", "", line, sizeof(line));
	CHECK(strcmp(line, "LHLO [IPv6:2001:db8::1]") == 0, "%s", line);
	addr_ehlo_line(&a6, "HELO", "client.example", line, sizeof(line));
	CHECK(strcmp(line, "HELO client.example") == 0, "%s", line);
	addr_ehlo_line(NULL, "EHLO", NULL, line, sizeof(line));
	CHECK(strcmp(line, "EHLO [127.0.0.1]") == 0, "%s", line);
	/* always terminated, even cut short */
	addr_ehlo_line(&a6, "EHLO", NULL, line, 8);
	CHECK(strcmp(line, "EHLO [I") == 0, "%s", line);
	{
		static const char *good[] = { "127.0.0.1", "127.0.0.1:5353",
		    "::1", "[::1]", "[::1]:53", "2001:db8::1,192.0.2.1:65535",
		    "192.0.2.1:1" };
		static const char *bad[] = { "", ",", "127.0.0.1,",
		    ",127.0.0.1", "127.0.0.1:70000", "127.0.0.1:65536",
		    "127.0.0.1:0", "127.0.0.1:", "[::1]:99999", "[::1",
		    "[::1]x", "::1:70000x", "ns.example", "127.0.0.1:53x",
		    " 127.0.0.1", "127.0.0.1:000053", "[]" };
		const char	*why;
		size_t		 i;

		for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
			CHECK(addr_servers(good[i], &why) == 0,
			    "resolver list '%s' refused", good[i]);
		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			why = NULL;
			CHECK(addr_servers(bad[i], &why) == -1 && why != NULL,
			    "resolver list '%s' taken", bad[i]);
		}
	}
}

/* --source: the forms addr_source() takes and those it refuses. */
static void
test_addr_source(void)
{
	static const struct {
		const char	*in;
		int		 family, port;
		const char	*str;	/* addr_str(), NULL: AF_UNSPEC */
	} ok[] = {
		{ "192.0.2.7", AF_INET, 0, "192.0.2.7:0" },
		{ "192.0.2.7:2525", AF_INET, 2525, "192.0.2.7:2525" },
		{ "2001:db8::1", AF_INET6, 0, "[2001:db8::1]:0" },
		{ "[2001:db8::1]", AF_INET6, 0, "[2001:db8::1]:0" },
		{ "[::1]:65535", AF_INET6, 65535, "[::1]:65535" },
		{ ":40000", AF_UNSPEC, 40000, NULL },
	};
	static const char *const bad[] = {
		"", ":", "host.example", "192.0.2.7:", "192.0.2.7:0",
		"192.0.2.7:65536", "192.0.2.7:+25", "192.0.2.7:25x",
		"[::1", "[::1]x", "[::1]:", "[192.0.2.7]", "[]:25", ":0",
		"[::1]:-1",
	};
	struct addr	 a;
	char		 s[64];
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK(addr_source(ok[i].in, &a) == 0, "%s refused", ok[i].in);
		CHECK(a.ss.ss_family == ok[i].family && addr_port(&a) ==
		    ok[i].port, "%s: family %d port %d", ok[i].in,
		    a.ss.ss_family, addr_port(&a));
		if (ok[i].str != NULL)
			CHECK(strcmp(addr_str(&a, s, sizeof(s)), ok[i].str) ==
			    0, "%s: %s", ok[i].in, s);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(addr_source(bad[i], &a) == -1, "%s taken", bad[i]);
}

int
main(void)
{
	test_reply_splits();
	test_reply_malformed();
	test_reply_bounds();
	test_caps();
	test_caps_auth();
	test_stuff();
	test_line();
	test_session();
	test_session_tags();
	test_target();
	test_addr();
	test_addr_source();
	test_expect();
	test_scriptline();
	test_esc();
	return check_done();
}
