/*
 * session.c: pairs replies with the commands that asked for them, in
 * order (pipelining-safe), and tracks the transaction state.  An extra
 * reply is a violation, except a 421, which may come at any time.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "session.h"

struct session {
	enum sess_state	 state;
	struct caps	 caps;
	size_t		 head, count;
	unsigned char	 pending[SESS_PENDING_MAX];	/* enum verb */
};

/*
 * One table for the states: the name, and the word the REPL's prompt
 * shows (what the session waits for, in the words a person typed).
 */
static const struct {
	const char	*name;
	const char	*prompt;
} sess_state_names[] = {
	[SESS_GREETING] = { "greeting", "greeting" },
	[SESS_READY] = { "ready", "ready" },
	[SESS_HELLO] = { "hello", "ehlo" },
	[SESS_MAIL] = { "mail", "mail" },
	[SESS_RCPT] = { "rcpt", "rcpt" },
	[SESS_DATA] = { "data", "data" },
	[SESS_BDAT] = { "bdat", "bdat" },
	[SESS_TLS] = { "tls-handshake", "starttls" },
	[SESS_AUTH] = { "auth", "334" },
	[SESS_CLOSING] = { "closing", "closing" },
};
_Static_assert(sizeof(sess_state_names) / sizeof(sess_state_names[0]) ==
    SESS_STATE_MAX, "sess_state_names must cover every state");
_Static_assert(VERB_MAX < 256, "pending queue stores verbs in a byte");

struct session *
session_new(void)
{
	struct session	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->state = SESS_GREETING;
	s->pending[0] = VERB_GREETING;
	s->count = 1;
	return s;
}

void
session_free(struct session *s)
{
	free(s);
}

static int
session_push(struct session *s, enum verb v)
{
	if (s->count == SESS_PENDING_MAX)
		return -1;
	s->pending[(s->head + s->count) % SESS_PENDING_MAX] = (unsigned char)v;
	s->count++;
	return 0;
}

int
session_sent(struct session *s, const char *line, size_t len, enum verb *out)
{
	enum verb	 v;

	v = s->state == SESS_AUTH ? VERB_AUTH_STEP : verb_classify(line, len);
	/* the reply to BDAT ... LAST is the end-of-data reply */
	if (v == VERB_BDAT && len >= 5 &&
	    strncasecmp(line + len - 5, " LAST", 5) == 0)
		v = VERB_DATA_END;
	if (session_push(s, v) == -1)
		return -1;
	if (s->state == SESS_AUTH)
		s->state = SESS_HELLO;
	*out = v;
	return 0;
}

void
session_sent_data_end(struct session *s)
{
	(void)session_push(s, VERB_DATA_END);
	s->state = SESS_RCPT;
}

static void
session_positive(struct session *s, enum verb v, const struct reply *r,
    struct sess_result *res)
{
	switch (v) {
	case VERB_GREETING:
		s->state = SESS_READY;
		break;
	case VERB_EHLO:
	case VERB_LHLO:
		caps_parse(&s->caps, r);
		res->flags |= SESS_R_CAPS;
		s->state = SESS_HELLO;
		break;
	case VERB_HELO:
		caps_clear(&s->caps);
		s->state = SESS_HELLO;
		break;
	case VERB_MAIL:
		s->state = SESS_MAIL;
		break;
	case VERB_RCPT:
		if (s->state == SESS_MAIL)
			s->state = SESS_RCPT;
		break;
	case VERB_DATA:
		if (r->code == 354) {
			s->state = SESS_DATA;
			res->flags |= SESS_R_DATA_GO;
		}
		break;
	case VERB_DATA_END:
	case VERB_RSET:
		s->state = SESS_HELLO;
		break;
	case VERB_STARTTLS:
		if (r->code == 220) {
			s->state = SESS_TLS;
			res->flags |= SESS_R_TLS_GO;
		}
		break;
	case VERB_AUTH:
	case VERB_AUTH_STEP:
		if (r->code == 334) {
			s->state = SESS_AUTH;
			res->flags |= SESS_R_CHALLENGE;
		}
		break;
	case VERB_QUIT:
		if (r->code == 221) {
			s->state = SESS_CLOSING;
			res->flags |= SESS_R_CLOSING;
		}
		break;
	default:
		break;
	}
}

void
session_reply(struct session *s, const struct reply *r,
    struct sess_result *res)
{
	enum verb	 v;

	res->flags = 0;
	if (s->count == 0) {
		res->verb = VERB_NONE;
		res->flags |= SESS_R_UNSOLICITED;
		if (r->code == 421) {
			s->state = SESS_CLOSING;
			res->flags |= SESS_R_CLOSING;
		} else
			res->flags |= SESS_R_VIOLATION;
		return;
	}
	v = (enum verb)s->pending[s->head];
	s->head = (s->head + 1) % SESS_PENDING_MAX;
	s->count--;
	res->verb = v;
	if (v == VERB_DATA_END)
		res->flags |= SESS_R_DATA_DONE;
	if (r->code == 421) {
		s->state = SESS_CLOSING;
		res->flags |= SESS_R_CLOSING;
		return;
	}
	if (r->code < 400) {
		session_positive(s, v, r, res);
		return;
	}
	/* negative replies */
	switch (v) {
	case VERB_GREETING:
		/* 554 banner: no service, only QUIT is sensible (4.3.2) */
		s->state = SESS_READY;
		break;
	case VERB_DATA_END:
		s->state = SESS_HELLO;
		break;
	case VERB_BDAT:
		/* a failed chunk ends the transaction (RFC 3030 2) */
		s->state = SESS_HELLO;
		break;
	case VERB_AUTH_STEP:
	case VERB_AUTH:
		if (s->state == SESS_AUTH)
			s->state = SESS_HELLO;
		break;
	default:
		break;
	}
}

void
session_tls_started(struct session *s)
{
	caps_clear(&s->caps);
	s->state = SESS_READY;
}

enum verb
session_awaiting(const struct session *s)
{
	if (s->count == 0)
		return VERB_NONE;
	return (enum verb)s->pending[s->head];
}

size_t
session_pending(const struct session *s)
{
	return s->count;
}

enum sess_state
session_state(const struct session *s)
{
	return s->state;
}

const char *
session_state_name(enum sess_state st)
{
	if ((unsigned)st >= SESS_STATE_MAX)
		return "?";
	return sess_state_names[st].name;
}

const char *
session_state_prompt(enum sess_state st)
{
	if ((unsigned)st >= SESS_STATE_MAX)
		return "?";
	return sess_state_names[st].prompt;
}

const struct caps *
session_caps(const struct session *s)
{
	return &s->caps;
}

int
session_ehlo_done(const struct session *s)
{
	return s->caps.valid;
}

int
session_timeout(enum verb v)
{
	switch (v) {
	case VERB_DATA:
		return 120;
	case VERB_DATA_END:
		return 600;
	default:
		return 300;
	}
}
