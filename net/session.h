/*
 * session.h: the SMTP session state machine.  Pure: it is told what was
 * sent and which replies came, and answers what each reply means for the
 * session (which command it answers, state changes, what to do next).
 */
#ifndef SMTPCLI_SESSION_H
#define SMTPCLI_SESSION_H

#include <stddef.h>

#include "caps.h"
#include "reply.h"
#include "verb.h"

enum sess_state {
	SESS_GREETING,		/* connected, banner not yet read */
	SESS_READY,		/* greeted by the server, no EHLO yet */
	SESS_HELLO,		/* EHLO/HELO accepted, no transaction */
	SESS_MAIL,		/* MAIL accepted */
	SESS_RCPT,		/* at least one RCPT accepted */
	SESS_DATA,		/* 354 seen: sending message data */
	SESS_BDAT,		/* BDAT chunks under way */
	SESS_TLS,		/* 220 to STARTTLS: handshake must start */
	SESS_AUTH,		/* 334 seen: a SASL response is due */
	SESS_CLOSING,		/* 221 or 421 seen: the server is leaving */
	SESS_STATE_MAX
};

/* session_reply() result flags */
#define SESS_R_UNSOLICITED	0x01	/* nothing was awaited */
#define SESS_R_VIOLATION	0x02	/* a reply nobody asked for */
#define SESS_R_CLOSING		0x04	/* 221 or 421: connection ends */
#define SESS_R_DATA_GO		0x08	/* 354: message data may follow */
#define SESS_R_TLS_GO		0x10	/* 220 to STARTTLS */
#define SESS_R_CAPS		0x20	/* EHLO capabilities learned */
#define SESS_R_CHALLENGE	0x40	/* 334: a SASL response is due */
#define SESS_R_DATA_DONE	0x80	/* the reply to the end of data */
#define SESS_R_EARLY		0x100	/* its command was not written yet */
#define SESS_R_AFTER_421	0x200	/* a reply after a 421: a violation */

/*
 * What a caller attaches to a command it sends, handed back unchanged
 * with the reply that answers it, so that replies are paired with
 * commands once, here.  The session never reads it; the clock is the
 * caller's (the core has none).  All zero: untagged.
 */
struct sess_tag {
	int		 kind;		/* the caller's; 0 means untagged */
	size_t		 index;		/* the caller's, e.g. a recipient */
	long long	 when;		/* the caller's, e.g. when sent */
};

struct sess_result {
	enum verb	 verb;		/* what the reply answers */
	int		 flags;
	struct sess_tag	 tag;		/* its command's; zero if unsolicited */
};

#define SESS_PENDING_MAX	4096	/* commands awaiting replies */

struct session;

/* Allocate a session awaiting the greeting.  NULL when out of memory. */
struct session	*session_new(void);
void		 session_free(struct session *);

/*
 * Record that a command line (no CRLF) was sent, with tag (copied; NULL
 * for untagged) to be handed back with its reply.  Sets *out to its verb
 * and returns 0; -1 when SESS_PENDING_MAX replies are already awaited or
 * memory ran out.  A line sent while a SASL response is due counts as
 * VERB_AUTH_STEP; "BDAT n LAST" as VERB_DATA_END, since its reply ends
 * the message.
 */
int		 session_sent(struct session *, const char *line, size_t len,
		    const struct sess_tag *tag, enum verb *out);

/*
 * session_sent() for a caller that writes later: end is where the line's
 * octets end in the caller's output stream (octets queued so far, the
 * line's CRLF included).  Until session_written() reaches end, a reply
 * that would answer the line came before the line went (stacked in
 * advance): SESS_R_EARLY and a violation, and nothing is paired with
 * it.  session_sent() is this with end 0 (already written).
 */
int		 session_sent_at(struct session *, const char *line,
		    size_t len, const struct sess_tag *tag,
		    unsigned long long end, enum verb *out);

/*
 * The caller's output stream has been written up to octet pos (it only
 * grows).  Commands whose end is at most pos are on the wire.
 */
void		 session_written(struct session *, unsigned long long pos);

/*
 * Record that message data and its terminator were sent after 354, with
 * tag as for session_sent().  LMTP answers the end of data once per
 * accepted recipient: record it that many times, one tag each.  0, or
 * -1 when no more replies can be awaited (nothing recorded).
 */
int		 session_sent_data_end(struct session *,
		    const struct sess_tag *tag);

/*
 * session_sent_data_end() with the end of the terminator in the output
 * stream, as for session_sent_at().  Before it is written, a 4xx or 5xx
 * is the server refusing the message mid-way (SESS_R_EARLY with
 * SESS_R_DATA_DONE, no violation: it decides the transaction); any
 * other reply is early and a violation.
 */
int		 session_sent_data_end_at(struct session *,
		    const struct sess_tag *tag, unsigned long long end);

/*
 * Feed one complete reply; fills *res.  It answers the oldest command
 * awaiting one.  With none awaited it is unsolicited: a 421 closes the
 * session, anything else is a violation.  After a 421 (solicited or
 * not) every reply is a violation (SESS_R_AFTER_421), so a server that
 * repeats 421 is stopped at the second.  A violation pairs nothing: the
 * commands awaiting replies stay as they were.
 */
void		 session_reply(struct session *, const struct reply *,
		    struct sess_result *res);

/*
 * The TLS handshake after a 220 to STARTTLS completed: everything learned
 * in plaintext (capabilities, banner) is forgotten; EHLO is due again.
 */
void		 session_tls_started(struct session *);

/*
 * Nonzero while an AUTH exchange is open: from an AUTH line until a line
 * that is not part of it (mask_open_after()), whatever the server said.
 */
int		 session_auth_open(const struct session *);

/* The verb of the oldest command awaiting a reply, VERB_NONE if none. */
enum verb	 session_awaiting(const struct session *);
size_t		 session_pending(const struct session *);

/*
 * The tag of the i-th oldest command awaiting a reply (0: the one the
 * next reply answers); NULL when i >= session_pending().  Valid until
 * the next call that changes the session.
 */
const struct sess_tag *session_awaiting_tag(const struct session *,
		    size_t i);

/* Where the session is now. */
enum sess_state	 session_state(const struct session *);

/*
 * The state's name ("hello", "tls-handshake"), and the word the REPL's
 * prompt shows for it ("ehlo", "starttls"); static strings, "?" for a
 * value out of range.
 */
const char	*session_state_name(enum sess_state);
const char	*session_state_prompt(enum sess_state);
const struct caps *session_caps(const struct session *);

/* Nonzero when the last EHLO was answered by the LMTP-like LHLO, etc. */
int		 session_ehlo_done(const struct session *);

/*
 * RFC 5321 4.5.3.2 timeout in seconds for a reply to verb v (greeting 5
 * min, MAIL 5, RCPT 5, DATA 2, end of data 10, others 5).
 */
int		 session_timeout(enum verb v);

/* Timeout for a block of message data to be written (3 min). */
#define SESS_DATA_BLOCK_TIMEOUT	180

#endif
