/*
 * sendbody.c: the message on the wire: streamed from the message source
 * through the normaliser (and dot-stuffer for DATA) into the client, or
 * cut into BDAT chunks; and the counting pass that gives SIZE=.
 */
#include <stdlib.h>
#include <string.h>

#include "sendbody.h"

struct send_sink {
	struct sconn	*k;
	struct stuff	 st;
	int		 chunking;
	char		*chunk;		/* BDAT: normalised octets pending */
	size_t		 clen;
	int		 err;
};

/* Send one BDAT chunk; without PIPELINING wait for its reply first. */
static int
send_bdat(struct send_sink *ss, int last)
{
	struct sconn	*k = ss->k;
	char		 line[64];
	long long	 d;
	unsigned long	 want;

	want = client_nreplies(k->c) + 1;
	snprintf(line, sizeof(line), "BDAT %zu%s", ss->clen,
	    last ? " LAST" : "");
	if (send_line(k, line, last ? SX_BDAT_LAST : SX_BDAT, 0) == -1 ||
	    client_send_raw(k->c, ss->chunk, ss->clen,
	    k->s->o->timeout) != CLIENT_OK)
		return -1;
	ss->clen = 0;
	if (!k->pipelining && !last) {
		/* the engine reads the reply; wait until it is in */
		d = loop_now() + 1000LL * (k->s->o->timeout > 0 ?
		    k->s->o->timeout : SESS_DATA_BLOCK_TIMEOUT);
		if (client_flush(k->c, d) != CLIENT_OK ||
		    client_wait(k->c, want, d) != CLIENT_OK)
			return -1;
	}
	return 0;
}

static int
send_sink_cb(void *arg, const char *buf, size_t len)
{
	struct send_sink	*ss = arg;
	struct send		*s = ss->k->s;
	size_t			 n, m, take;

	while (len > 0) {
		n = len > SEND_CHUNK ? SEND_CHUNK : len;
		m = stuff_feed(&ss->st, buf, n, s->enc);
		buf += n;
		len -= n;
		if (!ss->chunking) {
			if (client_send_raw(ss->k->c, s->enc, m,
			    s->o->timeout) != CLIENT_OK)
				return ss->err = -1;
			continue;
		}
		while (m > 0) {
			take = s->o->chunk_size - ss->clen;
			if (take > m)
				take = m;
			memcpy(ss->chunk + ss->clen, s->enc, take);
			memmove(s->enc, s->enc + take, m - take);
			ss->clen += take;
			m -= take;
			if (ss->clen == s->o->chunk_size &&
			    send_bdat(ss, 0) == -1)
				return ss->err = -1;
		}
	}
	return 0;
}

int
send_body(struct sconn *k, int chunking)
{
	struct send		*s = k->s;
	struct send_sink	 ss;
	char			 err[256], term[STUFF_TERM_MAX];
	size_t			 n;
	int			 r;

	memset(&ss, 0, sizeof(ss));
	ss.k = k;
	ss.chunking = chunking;
	stuff_init(&ss.st, !chunking);
	/* room for the terminator's CRLF after a full chunk */
	if (chunking && (ss.chunk = malloc(s->o->chunk_size +
	    STUFF_TERM_MAX)) == NULL) {
		render_error(s->r, "out of memory");
		return -1;
	}
	message_set_seq(s->o->msg, k->msg);
	if (message_emit(s->o->msg, send_sink_cb, &ss, err,
	    sizeof(err)) == -1 || ss.err) {
		free(ss.chunk);
		if (!ss.err) {
			/* the message source failed, not the server */
			render_error(s->r, "%s", err);
			return -2;
		}
		return -1;
	}
	n = stuff_finish(&ss.st, term);
	if (chunking) {
		memcpy(ss.chunk + ss.clen, term, n);
		ss.clen += n;
		r = send_bdat(&ss, 1);
		free(ss.chunk);
		if (r != 0)
			return -1;
	} else if (client_send_raw(k->c, term, n, s->o->timeout) != CLIENT_OK)
		return -1;
	if (!s->bulk) {
		/* shown when the last octet is written, not when queued */
		snprintf(err, sizeof(err), "message sent: %llu octets%s",
		    (unsigned long long)ss.st.out,
		    chunking ? " in BDAT chunks" : ", then \".\"");
		(void)client_note_written(k->c, err);
	}
	return 0;
}

static int
send_count_cb(void *arg, const char *buf, size_t len)
{
	struct send_sink	*ss = arg;
	struct send		*s = ss->k->s;
	size_t			 n;

	while (len > 0) {
		n = len > SEND_CHUNK ? SEND_CHUNK : len;
		(void)stuff_feed(&ss->st, buf, n, s->enc);
		buf += n;
		len -= n;
	}
	return 0;
}

/* SIZE= is the message as sent, CRLF-normalised but without the dot
 * stuffing (RFC 1870). */
int
send_size(struct send *s, char *err, size_t errlen)
{
	struct send_sink	 ss;
	struct sconn		 k;
	char			 term[STUFF_TERM_MAX];

	if (s->o->msg_stdin) {
		s->size = 0;
		return 0;
	}
	memset(&ss, 0, sizeof(ss));
	memset(&k, 0, sizeof(k));
	k.s = s;
	ss.k = &k;
	stuff_init(&ss.st, 0);
	if (message_emit(s->o->msg, send_count_cb, &ss, err, errlen) == -1)
		return -1;
	(void)stuff_finish(&ss.st, term);
	s->size = ss.st.out;
	return 0;
}
