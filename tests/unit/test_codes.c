/*
 * test_codes.c: table-driven tests of the reply-code, enhanced-code and
 * command knowledge tables and of codes_explain().
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "cmdinfo.h"
#include "codectx.h"
#include "codes.h"
#include "verb.h"

/* The condition's own text is the failure message. */
#define OK(c)		CHECK((c), "%s", #c)
#define OKD(c, d)	CHECK((c), "%s: %.60s", #c, (d))

static int
has(const char *s, const char *sub)
{
	return s != NULL && strstr(s, sub) != NULL;
}

static void
explain(struct codes_explain *e, int code, const char *enh, enum verb v,
    const char *text)
{
	codes_explain(e, code, enh, v, text, text != NULL ? strlen(text) : 0,
	    0);
}

static void
test_basic_table(void)
{
	const struct codes_basic	*b, *prev = NULL;
	size_t				 i;

	OK(codes_basic_count() > 50);
	OK(codes_basic_at(codes_basic_count()) == NULL);
	for (i = 0; i < codes_basic_count(); i++) {
		b = codes_basic_at(i);
		OK(b != NULL);
		if (prev != NULL)
			OKD(prev->code < b->code, b->title);
		OKD(codes_basic_lookup(b->code) == b, b->title);
		OK(b->title != NULL && b->meaning != NULL && b->ref != NULL);
		if (b->flags & CODES_NONSTANDARD)
			OKD(b->note != NULL &&
			    has(b->note, "standard"), b->title);
		prev = b;
	}
	OK(codes_basic_lookup(0) == NULL);
	OK(codes_basic_lookup(299) == NULL);
	OK(codes_basic_lookup(1000) == NULL);
}

static void
test_rfc_codes(void)
{
	static const int rfc5321[] = { 211, 214, 220, 221, 250, 251, 252,
	    354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 550, 551,
	    552, 553, 554, 555 };
	static const int ext[] = { 235, 253, 334, 355, 432, 453, 454, 458,
	    459, 521, 523, 525, 530, 534, 535, 538, 556 };
	const struct codes_basic	*b;
	size_t				 i;

	for (i = 0; i < sizeof(rfc5321) / sizeof(rfc5321[0]); i++) {
		b = codes_basic_lookup(rfc5321[i]);
		OK(b != NULL && has(b->ref, "RFC 5321") &&
		    (b->flags & (CODES_NONSTANDARD | CODES_INVALID)) == 0);
	}
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		b = codes_basic_lookup(ext[i]);
		OK(b != NULL);
	}
	OK(has(codes_basic_lookup(521)->ref, "7504"));
	OK(has(codes_basic_lookup(556)->ref, "7504"));
	OK(has(codes_basic_lookup(534)->ref, "4954"));
	OK(has(codes_basic_lookup(453)->ref, "2645"));
	OK(has(codes_basic_lookup(458)->ref, "1985"));
	OK(has(codes_basic_lookup(355)->ref, "1845"));
}

static void
test_seed_codes(void)
{
	static const int seed[] = { 101, 211, 214, 220, 221, 235, 250, 251,
	    252, 334, 354, 421, 422, 431, 441, 442, 446, 450, 451, 452, 454,
	    455, 471, 500, 501, 502, 503, 504, 510, 512, 523, 530, 535, 538,
	    541, 550, 551, 552, 553, 554, 555 };
	static const int nonstd[] = { 101, 422, 431, 441, 442, 446, 471,
	    510, 512, 523, 541 };
	struct codes_explain		 e;
	const struct codes_basic	*b;
	size_t				 i, k;
	int				 ns;

	for (i = 0; i < sizeof(seed) / sizeof(seed[0]); i++) {
		b = codes_basic_lookup(seed[i]);
		OK(b != NULL);
		if (b == NULL)
			continue;
		ns = 0;
		for (k = 0; k < sizeof(nonstd) / sizeof(nonstd[0]); k++)
			if (nonstd[k] == seed[i])
				ns = 1;
		OKD(((b->flags & CODES_NONSTANDARD) != 0) == ns, b->title);
		explain(&e, seed[i], NULL, VERB_NONE, NULL);
		OK(!(e.flags & CODES_UNKNOWN) && e.basic != NULL);
		OK(((e.flags & CODES_NONSTANDARD) != 0) == ns);
	}
	/* Neither can be a reply at all, and the note must say why. */
	explain(&e, 101, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID);
	OK(has(e.note, "first digit 1") && has(e.note, "4.2.1"));
	explain(&e, 471, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID);
	OK(has(e.note, "second digit 7") && has(e.note, "4.7.1"));
	/* Clashes with a registered meaning show both. */
	OK(has(codes_basic_lookup(422)->note, "X.7.12"));
	OK(has(codes_basic_lookup(422)->note, "4.2.2"));
	OK(has(codes_basic_lookup(523)->note, "X.7.10"));
	OK(has(codes_basic_lookup(523)->note, "size"));
	OK(has(codes_basic_lookup(441)->note, "4.4.1"));
	/* Where the seed is wrong, the note says the RFC wins. */
	OK(has(codes_basic_lookup(554)->note, "Mailtrap's list"));
	OK(has(codes_basic_lookup(554)->note, "unknown error"));
	OK(has(codes_basic_lookup(554)->note, "No SMTP service here"));
	OK(has(codes_basic_lookup(421)->note, "not unavailable"));
	OK(has(codes_basic_lookup(530)->note, "RFC 4954"));
}

/* Users know the seed as "Mailtrap's list": no text names it otherwise. */
static void
test_no_seed_word(void)
{
	const struct codes_basic	*b;
	const struct cmdinfo		*ci;
	size_t				 i;

	for (i = 0; (b = codes_basic_at(i)) != NULL; i++) {
		OKD(!has(b->title, "seed") && !has(b->meaning, "seed") &&
		    !has(b->note, "seed") && !has(b->note, "Seed"), b->title);
	}
	for (i = 0; (ci = cmdinfo_at(i)) != NULL; i++)
		OKD(!has(ci->what, "seed") && !has(ci->replynote, "seed"),
		    ci->name);
	OK(has(cmdinfo_lookup("TLS", 3)->what, "Mailtrap's list"));
}

/* Every code of the IANA registry (X.0.0 to X.7.30). */
static const char *const registry[] = {
	"0.0",
	"1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9",
	"1.10",
	"2.0", "2.1", "2.2", "2.3", "2.4",
	"3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6",
	"4.0", "4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7",
	"5.0", "5.1", "5.2", "5.3", "5.4", "5.5", "5.6",
	"6.0", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9",
	"6.10",
	"7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9",
	"7.10", "7.11", "7.12", "7.13", "7.14", "7.15", "7.16", "7.17",
	"7.18", "7.19", "7.20", "7.21", "7.22", "7.23", "7.24", "7.25",
	"7.26", "7.27", "7.28", "7.29", "7.30",
};

static void
test_enh_table(void)
{
	const struct enhcode	*e, *prev = NULL;
	char			 buf[16];
	size_t			 i;
	int			 c, s, d;

	OK(sizeof(registry) / sizeof(registry[0]) == 81);
	OK(enhcodes_count() == 81);
	OK(enhcodes_at(81) == NULL);
	for (i = 0; i < enhcodes_count(); i++) {
		e = enhcodes_at(i);
		if (prev != NULL)
			OKD(prev->subject < e->subject ||
			    (prev->subject == e->subject &&
			    prev->detail < e->detail), e->title);
		OK(enhcodes_lookup(e->subject, e->detail) == e);
		OK(e->classes != 0 && (e->classes & ~7) == 0);
		OK(e->title != NULL && e->meaning != NULL &&
		    e->ref != NULL);
		prev = e;
	}
	for (i = 0; i < sizeof(registry) / sizeof(registry[0]); i++) {
		snprintf(buf, sizeof(buf), "5.%s", registry[i]);
		OKD(codes_parse_enhanced(buf, strlen(buf), &c, &s, &d) ==
		    (int)strlen(buf), buf);
		OKD(enhcodes_lookup(s, d) != NULL, buf);
	}
	OK(enhcodes_lookup(7, 31) == NULL);
	OK(enhcodes_lookup(1, 11) == NULL);
	OK(enhcodes_lookup(8, 0) == NULL);
	OK(has(enhcodes_lookup(7, 30)->title, "REQUIRETLS"));
	OK(has(enhcodes_lookup(7, 29)->ref, "8617"));
	OK(has(enhcodes_lookup(7, 26)->ref, "7372"));
	OK(enhcodes_lookup(1, 5)->classes == ENHCODES_CLASS2);
	OK(enhcodes_lookup(3, 4)->classes == ENHCODES_CLASS5);
	OK(enhcodes_lookup(4, 1)->classes == ENHCODES_CLASS4);
	OK(codes_class_name(4) != NULL && codes_class_name(3) == NULL);
	OK(has(codes_subject_name(7), "security"));
	OK(codes_subject_name(8) == NULL);
}

static void
test_parse(void)
{
	static const struct {
		const char	*s;
		int		 ret, c, sj, d;
	} t[] = {
		{ "5.1.1", 5, 5, 1, 1 },
		{ "2.0.0 Ok", 5, 2, 0, 0 },
		{ "4.7.1,", 5, 4, 7, 1 },
		{ "5.7.30", 6, 5, 7, 30 },
		{ "5.999.999", 9, 5, 999, 999 },
		{ "5.1.1.", 5, 5, 1, 1 },
		{ "5.1.1)", 5, 5, 1, 1 },
		{ "5.01.1", -1, 0, 0, 0 },
		{ "5.1.01", -1, 0, 0, 0 },
		{ "5.1000.1", -1, 0, 0, 0 },
		{ "5.1.1000", -1, 0, 0, 0 },
		{ "5.1.10.2", -1, 0, 0, 0 },
		{ "6.1.1", -1, 0, 0, 0 },
		{ "3.1.1", -1, 0, 0, 0 },
		{ " 5.1.1", -1, 0, 0, 0 },
		{ "x5.1.1", -1, 0, 0, 0 },
		{ "5.1", -1, 0, 0, 0 },
		{ "5..1", -1, 0, 0, 0 },
		{ "5.1.", -1, 0, 0, 0 },
		{ "", -1, 0, 0, 0 },
	};
	size_t	 i;
	int	 c, s, d, r;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		c = s = d = -7;
		r = codes_parse_enhanced(t[i].s, strlen(t[i].s), &c, &s, &d);
		OKD(r == t[i].ret, t[i].s);
		if (r > 0)
			OKD(c == t[i].c && s == t[i].sj && d == t[i].d,
			    t[i].s);
		else
			OKD(c == -7 && s == -7 && d == -7, t[i].s);
	}
	/* Length bounds the parse, not NUL. */
	OK(codes_parse_enhanced("5.1.1", 4, &c, &s, &d) == -1);
	OK(codes_parse_enhanced("5.1.12", 5, &c, &s, &d) == 5 && d == 1);
	OK(codes_parse_enhanced(NULL, 5, &c, &s, &d) == -1);
}

static const struct {
	int		 code;
	const char	*enh;
	enum verb	 verb;
	const char	*text;
	const char	*want;		/* in basic */
	int		 context;	/* CODES_CONTEXT expected */
} ctxcases[] = {
	{ 220, NULL, VERB_GREETING, "mx.example.org ESMTP",
	    "service ready", 1 },
	{ 220, "2.0.0", VERB_STARTTLS, "Ready to start TLS",
	    "ready to start TLS: handshake begins now", 1 },
	{ 454, "4.7.0", VERB_STARTTLS, "TLS not available",
	    "TLS not available", 1 },
	{ 454, "4.7.0", VERB_AUTH, "Temporary authentication failure",
	    "temporary authentication failure", 1 },
	{ 530, "5.7.0", VERB_MAIL, "Must issue a STARTTLS command first",
	    "must issue STARTTLS first", 1 },
	{ 530, "5.7.0", VERB_MAIL, "Authentication required",
	    "authentication required", 1 },
	{ 250, "2.1.5", VERB_RCPT, "Ok", "recipient accepted", 1 },
	{ 250, "2.0.0", VERB_DATA_END, "Ok: queued as 4F1",
	    "message accepted for delivery: the server now owns it", 1 },
	{ 250, "2.1.0", VERB_MAIL, "Ok", "sender accepted", 1 },
	{ 250, NULL, VERB_EHLO, "mx.example.org", "extension", 1 },
	{ 250, NULL, VERB_NONE, "Ok", "the command was done", 0 },
	{ 554, NULL, VERB_GREETING, "No SMTP service here",
	    "no SMTP service here: the server refuses this session", 1 },
	{ 554, "5.7.1", VERB_DATA_END, "Rejected",
	    "transaction failed, message rejected", 1 },
	{ 221, "2.0.0", VERB_QUIT, "Bye", "goodbye", 1 },
	{ 354, NULL, VERB_DATA, "End data with <CR><LF>.<CR><LF>",
	    "send the message", 1 },
	{ 235, "2.7.0", VERB_AUTH, "Authentication successful",
	    "authentication succeeded", 1 },
	{ 535, "5.7.8", VERB_AUTH_STEP, "Authentication failed",
	    "credentials invalid", 1 },
	{ 251, NULL, VERB_RCPT, "User not local; will forward",
	    "will forward", 1 },
	{ 252, NULL, VERB_VRFY, "Cannot VRFY user", "cannot verify", 1 },
	{ 551, NULL, VERB_RCPT, "User not local; please try <x@y>",
	    "will not forward", 1 },
	{ 552, NULL, VERB_RCPT, "Too many recipients", "treat as 452", 1 },
	{ 502, NULL, VERB_EHLO, "Command not implemented", "use HELO", 1 },
	{ 251, NULL, VERB_ETRN, "OK, no messages waiting",
	    "no messages waiting", 1 },
};

static void
test_context(void)
{
	struct codes_explain	 e, e2;
	size_t			 i;

	for (i = 0; i < sizeof(ctxcases) / sizeof(ctxcases[0]); i++) {
		explain(&e, ctxcases[i].code, ctxcases[i].enh, ctxcases[i].verb,
		    ctxcases[i].text);
		OKD(has(e.basic, ctxcases[i].want), ctxcases[i].want);
		OKD(((e.flags & CODES_CONTEXT) != 0) ==
		    ctxcases[i].context, ctxcases[i].want);
	}
	/* The same code reads differently in the two contexts. */
	explain(&e, 220, NULL, VERB_GREETING, NULL);
	explain(&e2, 220, NULL, VERB_STARTTLS, NULL);
	OK(strcmp(e.basic, e2.basic) != 0);
	explain(&e, 334, NULL, VERB_AUTH, "VXNlcm5hbWU6");
	OK(e.flags & CODES_BASE64_CHALLENGE);
	explain(&e, 250, NULL, VERB_AUTH, NULL);
	OK(!(e.flags & CODES_BASE64_CHALLENGE));
	/* Text may be absent: basic never NULL. */
	codes_explain(&e, 530, NULL, VERB_MAIL, NULL, 99, 0);
	OK(has(e.basic, "authentication required"));
}

/* The context table: sorted, unique, every row found, valid codes. */
static void
test_ctx_table(void)
{
	const char	*m, *pm = NULL;
	enum verb	 v, pv = VERB_NONE;
	size_t		 i, n = codectx_count();
	int		 code, pcode = 0;

	OK(n > 50);
	for (i = 0; i < n; i++) {
		OK(codectx_at(i, &code, &v, &m) == 0);
		OKD(i == 0 || code > pcode || (code == pcode && v > pv), m);
		OKD(code >= 200 && code <= 559, m);
		OKD(v > VERB_NONE && v < VERB_MAX, m);
		OKD(m != NULL && *m != '\0', pm != NULL ? pm : "");
		OKD(codectx_lookup(code, v) == m, m);
		pcode = code;
		pv = v;
		pm = m;
	}
	OK(codectx_at(n, &code, &v, &m) == -1);
	OK(codectx_lookup(250, VERB_NONE) == NULL);
	OK(codectx_lookup(999, VERB_RCPT) == NULL);
}

static void
test_unknown(void)
{
	struct codes_explain	 e;

	explain(&e, 299, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_UNKNOWN);
	OK(has(e.basic, "2yz") && has(e.basic, "second digit 9"));
	explain(&e, 573, NULL, VERB_RCPT, NULL);
	OK(e.flags & CODES_UNKNOWN);
	OK(has(e.basic, "5yz permanent"));
	OK(e.hint != NULL);
	explain(&e, 245, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_UNKNOWN && !(e.flags & CODES_INVALID));
	OK(has(e.basic, "x4z"));
	explain(&e, 432 + 1, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_UNKNOWN && has(e.basic, "4yz transient"));
	explain(&e, 199, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID && has(e.basic, "first digit 1"));
	explain(&e, 600, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID && has(e.basic, "first digit 6"));
	explain(&e, 0, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID && has(e.basic, "three digits"));
	explain(&e, -5, NULL, VERB_NONE, NULL);
	OK(e.flags & CODES_INVALID && e.hint == NULL);
	explain(&e, 250, NULL, VERB_NONE, NULL);
	OK(!(e.flags & (CODES_INVALID | CODES_UNKNOWN)));
}

static void
test_enhanced(void)
{
	struct codes_explain	 e;
	char			 buf[16];
	size_t			 i;

	explain(&e, 550, "5.1.1", VERB_RCPT, "User unknown");
	OK(e.erow != NULL && e.subj == 1 && e.detail == 1);
	OK(has(e.enhanced, "Bad destination mailbox address"));
	OK(!(e.flags & (CODES_ENH_UNKNOWN | CODES_ENH_INVALID |
	    CODES_ENH_MISMATCH)));
	explain(&e, 550, "5.9.1", VERB_RCPT, NULL);
	OK(e.flags & CODES_ENH_UNKNOWN && has(e.enhanced, "not in"));
	explain(&e, 550, "5.1.77", VERB_RCPT, NULL);
	OK(e.flags & CODES_ENH_UNKNOWN &&
	    has(e.enhanced, "addressing status"));
	explain(&e, 550, "5.1", VERB_RCPT, NULL);
	OK(e.flags & CODES_ENH_INVALID && e.cls == -1);
	explain(&e, 550, "5.1.1x", VERB_RCPT, NULL);
	OK(e.flags & CODES_ENH_INVALID);
	explain(&e, 550, "4.1.1", VERB_RCPT, NULL);
	OK(e.flags & CODES_ENH_MISMATCH && has(e.enhanced, "contradicts"));
	explain(&e, 550, "", VERB_RCPT, NULL);
	OK(e.enhanced == NULL && e.cls == -1);
	explain(&e, 250, "2.6.0", VERB_DATA_END, NULL);
	OK(e.enhanced != NULL && e.hint == NULL);
	/* The longest composition must fit its buffer untruncated. */
	for (i = 0; i < enhcodes_count(); i++) {
		snprintf(buf, sizeof(buf), "4.%d.%d", enhcodes_at(i)->subject,
		    enhcodes_at(i)->detail);
		explain(&e, 550, buf, VERB_RCPT, NULL);
		OKD(e.erow == enhcodes_at(i), buf);
		OKD(strlen(e.enhanced) < sizeof(e.ebuf) - 1, buf);
		OKD(has(e.enhanced, "contradicts"), buf);
	}
}

static const struct {
	int		 code;
	const char	*enh;
	enum verb	 verb;
	const char	*text;
	unsigned long long size;
	const char	*want;		/* in hint; NULL: no hint */
} hints[] = {
	{ 530, "5.7.0", VERB_MAIL, "Must issue a STARTTLS command first", 0,
	    "STARTTLS first" },
	{ 530, "5.7.0", VERB_MAIL, "Authentication required", 0,
	    "wants AUTH first" },
	{ 554, "5.7.1", VERB_RCPT, "<bob@example.net>: Relay access denied",
	    0, "authenticate (AUTH)" },
	{ 550, "5.7.1", VERB_RCPT, "RELAYING NOT PERMITTED", 0,
	    "recipient domain's own MX" },
	{ 421, "4.7.0", VERB_GREETING, "Too many connections", 0,
	    "closing the connection" },
	{ 552, "5.3.4", VERB_DATA_END, "Message size exceeds fixed limit",
	    10485760ULL,
	    "too big for the advertised SIZE 10485760 (10 MiB)" },
	{ 552, "5.3.4", VERB_DATA_END, "Message too big", 9961472ULL,
	    "(9.5 MiB)" },
	{ 552, "5.3.4", VERB_DATA_END, "Message too big", 0,
	    "too big for the server's limit" },
	{ 552, NULL, VERB_MAIL, "Message size exceeds", 0, "too big" },
	{ 550, "5.1.1", VERB_RCPT, "User unknown", 0,
	    "the mailbox does not exist there: check the address" },
	{ 550, NULL, VERB_RCPT, "No such user here", 0,
	    "does not exist there" },
	{ 450, "4.7.1", VERB_RCPT, "<b@x>: Recipient address rejected: "
	    "Greylisted, see http://postgrey.example/", 0, "greylisting" },
	{ 451, "4.7.1", VERB_RCPT, "Please try again later", 0,
	    "1-15 min" },
	{ 451, "4.3.0", VERB_DATA_END, "Local error in processing", 0,
	    "local error" },
	{ 535, "5.7.8", VERB_AUTH, "Authentication credentials invalid", 0,
	    "wrong credentials or mechanism" },
	{ 534, "5.7.9", VERB_AUTH, "Please log in via your web browser", 0,
	    "stronger" },
	{ 538, "5.7.11", VERB_AUTH, "Encryption required", 0,
	    "use TLS first" },
	{ 503, "5.5.1", VERB_NONE, "Bad sequence of commands", 0,
	    "wrong order of commands" },
	{ 503, "5.5.1", VERB_RCPT, "Need MAIL command", 0,
	    "MAIL FROM first" },
	{ 500, "5.5.2", VERB_OTHER, "Command unrecognized", 0,
	    "not recognised or not implemented" },
	{ 502, "5.5.1", VERB_VRFY, "Command not implemented", 0,
	    "not recognised or not implemented" },
	{ 501, "5.5.4", VERB_MAIL, "Syntax error", 0, "MAIL FROM:<" },
	{ 555, "5.5.4", VERB_MAIL, "Unsupported option: SMTPUTF8", 0,
	    "EHLO capabilities" },
	{ 452, "4.5.3", VERB_RCPT, "Too many recipients", 0,
	    "another transaction" },
	{ 552, NULL, VERB_RCPT, "Too many recipients", 0,
	    "another transaction" },
	{ 550, "5.7.26", VERB_DATA_END, "Unauthenticated email", 0,
	    "sending domain" },
	{ 550, "5.7.1", VERB_DATA_END, "SPF check failed", 0,
	    "sending domain" },
	{ 550, "5.7.1", VERB_DATA_END, "Rejected due to DMARC policy", 0,
	    "sending domain" },
	{ 550, "5.7.23", VERB_MAIL, "SPF fail", 0, "sending domain" },
	{ 550, "5.7.27", VERB_MAIL, "Sender address has null MX", 0,
	    "null MX" },
	{ 556, "5.1.10", VERB_RCPT, "Recipient domain has null MX", 0,
	    "does not accept mail" },
	{ 521, NULL, VERB_GREETING, "Host does not accept mail", 0,
	    "does not accept mail" },
	{ 552, "5.2.2", VERB_RCPT, "Mailbox full", 0, "mailbox is full" },
	{ 454, "4.7.0", VERB_STARTTLS, "TLS not available", 0,
	    "retry later" },
	{ 554, NULL, VERB_GREETING, "No SMTP service here", 0,
	    "block list" },
	{ 550, "5.7.25", VERB_GREETING, "No PTR", 0, "PTR" },
	{ 550, "5.7.30", VERB_MAIL, "REQUIRETLS support required", 0,
	    "REQUIRETLS" },
	{ 471, NULL, VERB_RCPT, "spam filter", 0, "retry later" },
	{ 599, NULL, VERB_RCPT, NULL, 0, "permanent failure" },
	{ 250, "2.0.0", VERB_DATA_END, "Ok", 0, NULL },
	{ 354, NULL, VERB_DATA, "go ahead", 0, NULL },
	{ 334, NULL, VERB_AUTH, "VXNlcm5hbWU6", 0, NULL },
};

static void
test_hints(void)
{
	struct codes_explain	 e;
	size_t			 i;

	for (i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		codes_explain(&e, hints[i].code, hints[i].enh, hints[i].verb,
		    hints[i].text, hints[i].text != NULL ?
		    strlen(hints[i].text) : 0, hints[i].size);
		if (hints[i].want == NULL)
			OKD(e.hint == NULL, e.basic);
		else
			OKD(has(e.hint, hints[i].want), hints[i].want);
	}
	/* Every negative row of the table gets some hint. */
	for (i = 0; i < codes_basic_count(); i++) {
		if (codes_basic_at(i)->code < 400)
			continue;
		explain(&e, codes_basic_at(i)->code, NULL, VERB_NONE, NULL);
		OKD(e.hint != NULL, codes_basic_at(i)->title);
	}
}

static void
test_cmdinfo(void)
{
	static const char *const seed[] = { "HELO", "EHLO", "MAIL", "RCPT",
	    "DATA", "NOOP", "HELP", "VRFY", "EXPN", "RSET", "QUIT",
	    "STARTTLS", "AUTH", "ATRN", "BDAT", "ETRN", "XADR", "XCIR",
	    "XSTA", "XGEN", "SEND", "SOML", "SAML", "TLS", "TURN" };
	static const char *const obsolete[] = { "SEND", "SOML", "SAML",
	    "TLS", "TURN" };
	static const char *const priv[] = { "XADR", "XCIR", "XSTA", "XGEN",
	    "XCLIENT", "XFORWARD" };
	static const int rcpt_err[] = { 450, 451, 452, 455, 503, 550, 551,
	    552, 553, 555 };
	const struct cmdinfo	*c, *prev = NULL;
	size_t			 i, k;

	for (i = 0; i < cmdinfo_count(); i++) {
		c = cmdinfo_at(i);
		if (prev != NULL)
			OKD(strcmp(prev->name, c->name) < 0, c->name);
		OK(cmdinfo_lookup(c->name, strlen(c->name)) == c);
		OK(c->what != NULL && c->syntax != NULL && c->ref != NULL);
		OK(strcmp(cmdinfo_status_name(c->status), "?") != 0);
		for (k = 0; k < CMDINFO_MAXOK && c->ok[k] != 0; k++)
			OKD(codes_basic_lookup(c->ok[k]) != NULL, c->name);
		for (k = 0; k < CMDINFO_MAXMID && c->mid[k] != 0; k++)
			OKD(codes_basic_lookup(c->mid[k]) != NULL, c->name);
		for (k = 0; k < CMDINFO_MAXERR && c->err[k] != 0; k++)
			OKD(codes_basic_lookup(c->err[k]) != NULL, c->name);
		if (c->status == CMDINFO_PRIVATE)
			OK(c->name[0] == 'X' && c->verb == VERB_XPRIVATE);
		else
			OKD(verb_classify(c->name, strlen(c->name)) ==
			    c->verb, c->name);
		prev = c;
	}
	OK(cmdinfo_at(cmdinfo_count()) == NULL);
	for (i = 0; i < sizeof(seed) / sizeof(seed[0]); i++)
		OKD(cmdinfo_lookup(seed[i], strlen(seed[i])) != NULL,
		    seed[i]);
	for (i = 0; i < sizeof(obsolete) / sizeof(obsolete[0]); i++)
		OKD(cmdinfo_lookup(obsolete[i], strlen(obsolete[i]))->status
		    == CMDINFO_OBSOLETE, obsolete[i]);
	for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		OKD(cmdinfo_lookup(priv[i], strlen(priv[i]))->status ==
		    CMDINFO_PRIVATE, priv[i]);
	c = cmdinfo_lookup("rcpt TO:<x@y>", 4);
	OK(c != NULL && strcmp(c->name, "RCPT") == 0);
	OK(has(c->syntax, "RCPT TO:<forward-path>"));
	OK(c->ok[0] == 250 && c->ok[1] == 251 && c->ok[2] == 0);
	for (k = 0; k < sizeof(rcpt_err) / sizeof(rcpt_err[0]); k++)
		OK(c->err[k] == rcpt_err[k]);
	OK(c->err[k] == 0);
	OK(cmdinfo_lookup("DATA", 4)->mid[0] == 354);
	OK(cmdinfo_lookup("AUTH", 4)->mid[0] == 334);
	OK(cmdinfo_lookup("StartTls", 8) != NULL);
	OK(cmdinfo_lookup("RCP", 3) == NULL);
	OK(cmdinfo_lookup("RCPTX", 5) == NULL);
	OK(cmdinfo_lookup("", 0) == NULL);
	OK(cmdinfo_lookup("XFORWARDXFORWARDX", 17) == NULL);
	OK(cmdinfo_lookup("LHLO", 4)->status == CMDINFO_EXTENSION);
	OK(has(cmdinfo_lookup("TURN", 4)->what, "authentication"));
	OK(strcmp(cmdinfo_status_name(CMDINFO_STATUS_MAX), "?") == 0);
	OK(has(cmdinfo_any_replies(), "421"));
}

int
main(void)
{
	test_basic_table();
	test_rfc_codes();
	test_seed_codes();
	test_no_seed_word();
	test_enh_table();
	test_parse();
	test_context();
	test_ctx_table();
	test_unknown();
	test_enhanced();
	test_hints();
	test_cmdinfo();
	return check_done();
}
