/*
 * session.c: pairs replies with the commands that asked for them, in
 * the order they went onto the wire (pipelining-safe): the one pairing
 * queue every mode uses.  It tracks the transaction state.  An extra
 * reply is a violation, except a 421, which may come at any time (once);
 * so is a reply to a command not written yet.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mask.h"
#include "session.h"

/* A command awaiting its reply. */
struct sess_pending {
	struct sess_tag	 tag;
	enum verb	 verb;
	unsigned long long end;		/* its last octet in the stream */
};

#define SESS_RING_MIN	16	/* first ring size; doubles up to the max */

struct session {
	enum sess_state	 state;
	struct caps	 caps;
	size_t		 head, count, cap;
	struct sess_pending *pending;	/* ring, oldest at head */
	unsigned long long written;	/* octets of the stream on the wire */
	int		 got421;	/* the server said it is closing */
	int		 auth_open;	/* an AUTH exchange (mask.h) */
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
_Static_assert(SESS_PENDING_MAX % SESS_RING_MIN == 0 &&
    (SESS_PENDING_MAX & (SESS_PENDING_MAX - 1)) == 0,
    "the ring doubles from SESS_RING_MIN to exactly SESS_PENDING_MAX");

struct session *
session_new(void)
{
	struct session	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->pending = calloc(SESS_RING_MIN, sizeof(*s->pending))) == NULL) {
		free(s);
		return NULL;
	}
	s->cap = SESS_RING_MIN;
	s->state = SESS_GREETING;
	s->pending[0].verb = VERB_GREETING;
	s->count = 1;
	return s;
}

void
session_free(struct session *s)
{
	if (s == NULL)
		return;
	free(s->pending);
	free(s);
}

/* Room for one more: double the ring, unrolled so the head is at 0. */
static int
session_grow(struct session *s)
{
	struct sess_pending	*np;
	size_t			 i, ncap;

	if (s->count < s->cap)
		return 0;
	if (s->cap >= SESS_PENDING_MAX)
		return -1;
	ncap = s->cap * 2;
	if ((np = calloc(ncap, sizeof(*np))) == NULL)
		return -1;
	for (i = 0; i < s->count; i++)
		np[i] = s->pending[(s->head + i) % s->cap];
	free(s->pending);
	s->pending = np;
	s->cap = ncap;
	s->head = 0;
	return 0;
}

static int
session_push(struct session *s, enum verb v, const struct sess_tag *tag,
    unsigned long long end)
{
	struct sess_pending	*p;

	if (session_grow(s) == -1)
		return -1;
	p = &s->pending[(s->head + s->count) % s->cap];
	p->verb = v;
	p->end = end;
	if (tag != NULL)
		p->tag = *tag;
	else
		memset(&p->tag, 0, sizeof(p->tag));
	s->count++;
	return 0;
}

int
session_sent(struct session *s, const char *line, size_t len,
    const struct sess_tag *tag, enum verb *out)
{
	return session_sent_at(s, line, len, tag, 0, out);
}

int
session_sent_at(struct session *s, const char *line, size_t len,
    const struct sess_tag *tag, unsigned long long end, enum verb *out)
{
	enum verb	 v;

	v = s->state == SESS_AUTH ? VERB_AUTH_STEP : verb_classify(line, len);
	/* the reply to BDAT ... LAST is the end-of-data reply */
	if (v == VERB_BDAT && len >= 5 &&
	    strncasecmp(line + len - 5, " LAST", 5) == 0)
		v = VERB_DATA_END;
	if (session_push(s, v, tag, end) == -1)
		return -1;
	s->auth_open = mask_open_after(s->auth_open, s->state == SESS_AUTH,
	    line, len);
	if (s->state == SESS_AUTH)
		s->state = SESS_HELLO;
	*out = v;
	return 0;
}

int
session_sent_data_end(struct session *s, const struct sess_tag *tag)
{
	return session_sent_data_end_at(s, tag, 0);
}

int
session_sent_data_end_at(struct session *s, const struct sess_tag *tag,
    unsigned long long end)
{
	int	 r;

	r = session_push(s, VERB_DATA_END, tag, end);
	s->state = SESS_RCPT;
	return r;
}

void
session_written(struct session *s, unsigned long long pos)
{
	if (pos > s->written)
		s->written = pos;
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

/*
 * A reply that cannot be paired: it answers nothing (unsolicited), or
 * comes after a 421, or before its command was written (early).
 */
static int
session_unpaired(struct session *s, const struct reply *r,
    struct sess_result *res)
{
	const struct sess_pending	*p;

	if (s->got421) {
		res->verb = VERB_NONE;
		res->flags |= SESS_R_UNSOLICITED | SESS_R_AFTER_421 |
		    SESS_R_VIOLATION;
		return 1;
	}
	if (s->count == 0 && s->state == SESS_DATA && r->code >= 400 &&
	    r->code != 421) {
		/* refused while the data goes, before its end was recorded */
		res->verb = VERB_DATA_END;
		res->flags |= SESS_R_EARLY | SESS_R_DATA_DONE;
		s->state = SESS_HELLO;
		return 1;
	}
	if (s->count == 0) {
		res->verb = VERB_NONE;
		res->flags |= SESS_R_UNSOLICITED;
		if (r->code == 421) {
			s->state = SESS_CLOSING;
			s->got421 = 1;
			res->flags |= SESS_R_CLOSING;
		} else
			res->flags |= SESS_R_VIOLATION;
		return 1;
	}
	p = &s->pending[s->head];
	if (p->end <= s->written || r->code == 421)
		return 0;
	res->flags |= SESS_R_EARLY;
	/* the server refusing the message before its end: that decides */
	if (p->verb == VERB_DATA_END && r->code >= 400)
		return 0;
	res->verb = p->verb;
	res->flags |= SESS_R_VIOLATION;
	return 1;
}

void
session_reply(struct session *s, const struct reply *r,
    struct sess_result *res)
{
	enum verb	 v;

	res->flags = 0;
	memset(&res->tag, 0, sizeof(res->tag));
	if (session_unpaired(s, r, res))
		return;
	v = s->pending[s->head].verb;
	res->tag = s->pending[s->head].tag;
	s->head = (s->head + 1) % s->cap;
	s->count--;
	res->verb = v;
	if (v == VERB_DATA_END)
		res->flags |= SESS_R_DATA_DONE;
	if (r->code == 421) {
		s->state = SESS_CLOSING;
		s->got421 = 1;
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

int
session_auth_open(const struct session *s)
{
	return s->auth_open;
}

enum verb
session_awaiting(const struct session *s)
{
	if (s->count == 0)
		return VERB_NONE;
	return s->pending[s->head].verb;
}

const struct sess_tag *
session_awaiting_tag(const struct session *s, size_t i)
{
	if (i >= s->count)
		return NULL;
	return &s->pending[(s->head + i) % s->cap].tag;
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
