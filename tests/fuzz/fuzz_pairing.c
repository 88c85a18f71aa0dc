/*
 * fuzz_pairing.c: libFuzzer target for the one reply-pairing queue
 * (session.c) and the output queue (outq.c), driven as the client
 * drives them: commands queued, octets written, replies framed and
 * paired.  A shadow queue checks that a reply only ever pairs with the
 * oldest command awaiting one, and never with one not yet written
 * (except a 421, or a refusal of the data), and that the output queue
 * shows lines in order, only once written.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "outq.h"
#include "reply.h"
#include "session.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SHADOW	64

static const char *const lines[] = {
	"EHLO x", "MAIL FROM:<a>", "RCPT TO:<b>", "DATA", "STARTTLS",
	"AUTH PLAIN AGEAYg==", "QUIT", "BDAT 3 LAST", "RSET", "NOOP",
};

struct shadow {
	size_t			 seq[SHADOW];
	unsigned long long	 end[SHADOW];
	size_t			 head, n;
	size_t			 shown, queued;	/* lines, in order */
};

static struct shadow	 sh;

static void
show(void *arg, int type, const char *text, size_t len)
{
	(void)arg;
	(void)text;
	(void)len;
	if (type != 1 || sh.shown >= sh.queued)
		__builtin_trap();
	sh.shown++;
}

static void
push(struct session *s, struct outq *q, const char *line, int dataend)
{
	struct sess_tag	 t = { 1, 0, 0 };
	enum verb	 v;
	size_t		 len = strlen(line);
	int		 r;

	if (sh.n == SHADOW)
		return;
	t.index = sh.queued;
	(void)outq_put(q, line, len);
	(void)outq_put(q, "\r\n", 2);
	if (outq_line(q, 1, line, len, 0) == -1)
		__builtin_trap();
	if (dataend)
		r = session_sent_data_end_at(s, &t, outq_total(q));
	else
		r = session_sent_at(s, line, len, &t, outq_total(q), &v);
	if (r == -1)
		__builtin_trap();
	sh.seq[(sh.head + sh.n) % SHADOW] = sh.queued++;
	sh.end[(sh.head + sh.n) % SHADOW] = outq_total(q);
	sh.n++;
}

static void
paired(struct session *s, const struct reply *r, size_t before,
    unsigned long long written)
{
	struct sess_result	 res;
	size_t			 after;

	session_reply(s, r, &res);
	after = session_pending(s);
	if (after == before)
		return;			/* unpaired: nothing popped */
	/* the greeting (untagged, never in the shadow) pairs first */
	if (res.tag.kind == 0)
		return;
	if (after + 1 != before || sh.n == 0 ||
	    res.tag.index != sh.seq[sh.head] ||
	    (res.flags & SESS_R_VIOLATION))
		__builtin_trap();
	if ((res.flags & SESS_R_EARLY) && r->code != 421 &&
	    !(res.verb == VERB_DATA_END && r->code >= 400))
		__builtin_trap();
	/* paired as an answer: its command went */
	if (!(res.flags & SESS_R_EARLY) && r->code != 421 &&
	    sh.end[sh.head] > written)
		__builtin_trap();
	sh.head = (sh.head + 1) % SHADOW;
	sh.n--;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session		*s;
	struct outq		*q;
	struct reply_parser	*p;
	enum reply_status	 st;
	size_t			 i = 0, n, used, before;
	uint8_t			 op;

	if ((s = session_new()) == NULL)
		return 0;
	q = outq_new();
	p = reply_new();
	memset(&sh, 0, sizeof(sh));
	while (q != NULL && p != NULL && i < size) {
		op = data[i++];
		switch (op & 3) {
		case 0:
			push(s, q, lines[(op >> 2) % 10], 0);
			break;
		case 1:
			n = (size_t)(op >> 2) * 3;
			outq_written(q, n, show, NULL);
			session_written(s, outq_done(q));
			break;
		case 2:
			push(s, q, ".", 1);
			break;
		default:
			n = (size_t)(op >> 2) + 1;
			if (n > size - i)
				n = size - i;
			while (n > 0) {
				before = session_pending(s);
				st = reply_feed(p, (const char *)data + i, n,
				    &used);
				i += used;
				n -= used;
				if (st == REPLY_ERROR) {
					reply_reset(p);
					break;
				}
				if (st == REPLY_READY)
					paired(s, reply_get(p), before,
					    outq_done(q));
				if (st == REPLY_MORE)
					break;
			}
			break;
		}
		if (session_pending(s) > SESS_PENDING_MAX ||
		    outq_lines(q) + sh.shown != sh.queued)
			__builtin_trap();
	}
	reply_free(p);
	outq_free(q);
	session_free(s);
	return 0;
}
