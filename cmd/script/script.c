/*
 * script.c: the script runner.  One line at a time: send it, wait for its
 * reply under the RFC 5321 timeout, let /expect judge.  Message data is
 * streamed through the encoder; nothing holds a whole message.
 */
#include <sys/socket.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "line.h"
#include "renderout.h"
#include "script.h"
#include "scriptline.h"
#include "scriptread.h"
#include "status.h"
#include "steps.h"
#include "stuff.h"

#define SCRIPT_LINE_MAX	(1024 * 1024)
#define SCRIPT_CHUNK	65536

struct script {
	struct client		*c;
	struct render		*r;
	const struct script_opts *o;
	const char		*name;
	unsigned long		 lineno;
	int			 failed;	/* an /expect failed */
	int			 done;		/* stop reading the script */
	enum outcome		 oc;		/* how the script ended */
	int			 closed;	/* the server is gone */
	enum outcome		 closed_oc;	/* what the close means */
	int			 in_data;	/* between DATA and "." */
	int			 data_ok;	/* DATA got 354 */
	int			 data_first;	/* next line may be /expect */
	unsigned long		 skipped;
	struct stuff		 st;
	char			*enc;		/* encoder output */
	char			 where[PATH_MAX + 32]; /* "name:lineno: " or "" */
};

static void
script_end(struct script *s, enum outcome oc)
{
	s->oc = oc;
	s->done = 1;
}

static int
script_timeout(const struct script *s, enum verb v)
{
	return steps_timeout(s->o->timeout, v);
}

/* The connection is gone: decide what that means for the script. */
static void
script_gone(struct script *s, int st, enum verb awaited)
{
	enum outcome	 oc = steps_report(s->r, s->c, st, awaited, 0);

	if (oc == OUTCOME_INTERRUPTED) {
		script_end(s, oc);
		return;
	}
	s->closed = 1;
	switch (oc) {
	case OUTCOME_OK:
	case OUTCOME_REJECTED_TEMPORARY:
	case OUTCOME_CONNECTION_LOST:
		/* the server left: it matters once a reply is missed */
		s->closed_oc = oc;
		if (awaited != VERB_NONE)
			script_end(s, oc);
		break;
	default:
		script_end(s, oc);
		break;
	}
}

/* Wait for the reply to what was just sent. */
static int
script_await(struct script *s, enum verb v)
{
	long long	 deadline;
	int		 st;
	unsigned long	 want;

	/* counted before the flush: the reply may come while it runs */
	want = client_nreplies(s->c) + 1;
	deadline = loop_now() + 1000LL * script_timeout(s, v);
	if ((st = client_flush(s->c, deadline)) == CLIENT_OK ||
	    st == CLIENT_CLOSED)
		st = client_wait(s->c, want, deadline);
	/* a violation that came with the awaited reply still counts */
	if (st == CLIENT_OK && client_status(s->c) == CLIENT_PROTO)
		st = CLIENT_PROTO;
	if (st == CLIENT_OK)
		return 0;
	script_gone(s, st, v);
	return -1;
}

/* The connection is needed: fails the script if it is gone. */
static int
script_need(struct script *s)
{
	if (!s->closed && client_gone(s->c))
		script_gone(s, client_status(s->c), VERB_NONE);
	if (s->done)
		return -1;
	if (s->closed) {
		render_info(s->r, "%snot run: the connection is closed",
		    s->where);
		script_end(s, s->failed ? OUTCOME_EXPECT_FAILED :
		    s->closed_oc);
		return -1;
	}
	return 0;
}

static void
script_send(struct script *s, const char *line, size_t len, int force)
{
	const char	*why;
	enum outcome	 oc;
	enum verb	 v;

	if (line_check(line, len, force, &why) == -1) {
		render_error(s->r, "%s%s", s->where, why);
		script_end(s, OUTCOME_USAGE);
		return;
	}
	if (script_need(s) == -1)
		return;
	if (client_send_line(s->c, line, len, &v) == -1) {
		render_error(s->r, "%s", client_error(s->c));
		script_end(s, OUTCOME_INTERNAL);
		return;
	}
	if (script_await(s, v) == -1)
		return;
	if (client_tls_pending(s->c)) {
		/* a 220 to STARTTLS: the handshake, at once */
		if ((oc = tlsrun_handshake(s->o->tls, s->c, s->r,
		    script_timeout(s, VERB_STARTTLS))) != OUTCOME_OK) {
			s->closed = client_gone(s->c);
			script_end(s, oc);
		}
		return;
	}
	if (v == VERB_DATA) {
		s->in_data = 1;
		s->data_first = 1;
		s->data_ok = client_last_code(s->c) == 354;
		s->skipped = 0;
		stuff_init(&s->st, 1);
	}
}

static void
script_expect(struct script *s, const char *args)
{
	struct expect	 e;
	const char	*why;
	int		 ok;

	if (expect_parse(args, &e, &why) == -1) {
		render_error(s->r, "%s/expect %s: %s", s->where, args, why);
		script_end(s, OUTCOME_USAGE);
		return;
	}
	ok = client_nreplies(s->c) > 0 && expect_match(&e,
	    client_last_code(s->c), client_last_enhanced(s->c));
	render_expect(s->r, ok, args, client_last_code(s->c),
	    client_last_enhanced(s->c));
	if (!ok) {
		s->failed = 1;
		if (!s->o->keep_going)
			script_end(s, OUTCOME_EXPECT_FAILED);
	}
}

static void
script_sleep(struct script *s, const char *args)
{
	char		*end;
	double		 secs;
	long long	 deadline;
	int		 st;

	/*
	 * Decimal only: strtod() also takes "nan", "inf" and hex, and a
	 * NaN passes every comparison, so it would sleep for ever.
	 */
	errno = 0;
	secs = strtod(args, &end);
	if (args[strspn(args, "0123456789.eE+-")] != '\0' || errno != 0 ||
	    end == args || *end != '\0' || !isfinite(secs) ||
	    !(secs >= 0 && secs <= 86400)) {
		render_error(s->r, "%s/sleep takes seconds (0-86400)",
		    s->where);
		script_end(s, OUTCOME_USAGE);
		return;
	}
	deadline = loop_now() + (long long)(secs * 1000);
	/* replies that arrive meanwhile (a 421) are read and shown */
	if (!s->closed) {
		st = client_wait(s->c, ULONG_MAX, deadline);
		if (st == CLIENT_INTR)
			render_info(s->r, "/sleep interrupted");
		else if (st != CLIENT_TIMEOUT)
			script_gone(s, st, VERB_NONE);
	}
}

static void
script_data_line(struct script *s, const char *line, size_t len)
{
	size_t	 n, off;
	int	 st;

	if (!s->data_ok) {
		s->skipped++;
		return;
	}
	if (memchr(line, '\0', len) != NULL) {
		render_error(s->r, "%sNUL byte in message data; closing "
		    "without ending the data, so nothing is delivered",
		    s->where);
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		return;
	}
	/* shown once, encoded a chunk at a time: any length streams */
	st = client_send_data_line(s->c, line, len, "", 0, s->o->timeout);
	for (off = 0; st == CLIENT_OK && off < len; off += n) {
		n = len - off < SCRIPT_CHUNK ? len - off : SCRIPT_CHUNK;
		st = client_send_raw(s->c, s->enc, stuff_feed(&s->st,
		    line + off, n, s->enc), s->o->timeout);
	}
	if (st == CLIENT_OK)
		st = client_send_raw(s->c, s->enc, stuff_feed(&s->st, "\n", 1,
		    s->enc), s->o->timeout);
	if (st != CLIENT_OK)
		script_gone(s, st, VERB_DATA);
}

static void
script_data_end(struct script *s)
{
	size_t	 n;
	int	 st;

	s->in_data = 0;
	if (!s->data_ok) {
		render_info(s->r, "DATA was not accepted: %lu line%s of "
		    "message data not sent", s->skipped,
		    s->skipped == 1 ? "" : "s");
		return;
	}
	n = stuff_finish(&s->st, s->enc);
	/* the terminator is shown as the user typed it */
	st = client_send_data_line(s->c, ".", 1, s->enc, n, s->o->timeout);
	if (st != CLIENT_OK) {
		script_gone(s, st, VERB_DATA_END);
		return;
	}
	client_data_end(s->c);
	(void)script_await(s, VERB_DATA_END);
}

/*
 * Check a message file before anything is sent: readable, no NUL (for
 * DATA), and its size once encoded (for BDAT).  Returns 0 or -1.
 */
static int
script_scan(struct script *s, FILE *fp, const char *path, int dot,
    unsigned long long *size)
{
	struct stuff	 st;
	char		 buf[SCRIPT_CHUNK];
	size_t		 n;

	stuff_init(&st, dot);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (dot && memchr(buf, '\0', n) != NULL) {
			render_error(s->r, "%s: NUL byte in message data; "
			    "nothing sent", path);
			return -1;
		}
		(void)stuff_feed(&st, buf, n, s->enc);
	}
	if (ferror(fp)) {
		render_error(s->r, "%s: %s", path, strerror(errno));
		return -1;
	}
	(void)stuff_finish(&st, s->enc);
	*size = st.out;
	rewind(fp);
	return 0;
}

/* Queue encoded bytes; on failure the script ends.  Returns 0 or -1. */
static int
script_put(struct script *s, size_t n, enum verb v)
{
	int	 cst;

	if ((cst = client_send_raw(s->c, s->enc, n, s->o->timeout)) ==
	    CLIENT_OK)
		return 0;
	script_gone(s, cst, v);
	return -1;
}

/*
 * The connection can no longer be trusted to know where data ends (a
 * BDAT chunk short of its size, DATA without its end): close it, so the
 * server cannot take the next lines as message data.
 */
static void
script_abandon(struct script *s)
{
	struct transport	*t = client_transport(s->c);

	if (t != NULL)
		(void)shutdown(t->fd, SHUT_RDWR);
	s->closed = 1;
	s->closed_oc = OUTCOME_INPUT_UNREADABLE;
}

/*
 * Queue n encoded octets, never past limit in all (*sent so far): what
 * is over is dropped and *over set.  Returns 0 or -1 (the script ended).
 */
static int
script_put_max(struct script *s, size_t n, enum verb v,
    unsigned long long limit, unsigned long long *sent, int *over)
{
	if (n > limit - *sent) {
		n = (size_t)(limit - *sent);
		*over = 1;
	}
	*sent += n;
	return n == 0 ? 0 : script_put(s, n, v);
}

/*
 * Stream an open file through the encoder, ending included, and for
 * BDAT exactly the limit octets it announced: a file that grew since it
 * was measured is cut there (returns 1), one that shrank closes the
 * connection.  Returns 0, 1, or -1 (the script ended).
 */
static int
script_stream(struct script *s, FILE *fp, const char *path, int dot,
    unsigned long long limit)
{
	struct stuff		 st;
	char			 buf[SCRIPT_CHUNK];
	size_t			 n;
	unsigned long long	 sent = 0;
	int			 over = 0;
	enum verb		 v = dot ? VERB_DATA : VERB_BDAT;

	stuff_init(&st, dot);
	while (!over && (n = fread(buf, 1, sizeof(buf), fp)) > 0) {
		if (dot && memchr(buf, '\0', n) != NULL) {
			render_error(s->r, "%s: a NUL byte appeared while "
			    "sending; closing without ending the data", path);
			script_abandon(s);
			script_end(s, OUTCOME_INPUT_UNREADABLE);
			return -1;
		}
		if (script_put_max(s, stuff_feed(&st, buf, n, s->enc), v,
		    limit, &sent, &over) == -1)
			return -1;
	}
	if (!over && ferror(fp)) {
		render_error(s->r, "%s: read error while sending; closing "
		    "without ending the data", path);
		script_abandon(s);
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		return -1;
	}
	if (!over && script_put_max(s, stuff_finish(&st, s->enc), v, limit,
	    &sent, &over) == -1)
		return -1;
	if (!dot && sent < limit) {
		render_error(s->r, "%s: the file shrank while being sent: "
		    "%llu of the %llu octets BDAT announced; closing the "
		    "connection so that nothing after it is taken as message "
		    "data", path, sent, limit);
		(void)client_flush(s->c, loop_now() + 1000LL *
		    script_timeout(s, v));
		script_abandon(s);
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		return -1;
	}
	if (over)
		render_error(s->r, "%s: the file grew while being sent: only "
		    "the %llu octets BDAT announced were sent", path, limit);
	else
		render_info(s->r, "sent %llu octets of message data from %s",
		    st.out, path);
	return over ? 1 : 0;
}

static FILE *
script_open(struct script *s, const char *path)
{
	FILE	*fp;

	if (*path == '\0') {
		render_error(s->r, "%sa file name is needed", s->where);
		script_end(s, OUTCOME_USAGE);
		return NULL;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		render_error(s->r, "%s: %s", path, strerror(errno));
		script_end(s, OUTCOME_INPUT_UNREADABLE);
	}
	return fp;
}

static void
script_data_file(struct script *s, const char *path)
{
	unsigned long long	 size;
	FILE			*fp;

	if ((fp = script_open(s, path)) == NULL)
		return;
	if (script_scan(s, fp, path, 1, &size) == -1) {
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		fclose(fp);
		return;
	}
	script_send(s, "DATA", 4, 0);
	s->in_data = 0;
	if (s->done || client_last_code(s->c) != 354) {
		fclose(fp);
		return;
	}
	if (script_stream(s, fp, path, 1, ULLONG_MAX) == 0) {
		client_data_end(s->c);
		(void)script_await(s, VERB_DATA_END);
	}
	fclose(fp);
}

static void
script_bdat_file(struct script *s, const char *args)
{
	char			 path[PATH_MAX], cmd[64];
	unsigned long long	 size;
	const char		*sp;
	size_t			 plen;
	int			 last = 0, st;
	enum verb		 v;
	FILE			*fp;

	sp = strrchr(args, ' ');
	if (sp != NULL && strcasecmp(sp + 1, "LAST") == 0) {
		last = 1;
		plen = (size_t)(sp - args);
	} else
		plen = strlen(args);
	if (plen >= sizeof(path)) {
		render_error(s->r, "%sfile name too long", s->where);
		script_end(s, OUTCOME_USAGE);
		return;
	}
	memcpy(path, args, plen);
	path[plen] = '\0';
	if ((fp = script_open(s, path)) == NULL)
		return;
	if (script_scan(s, fp, path, 0, &size) == -1) {
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		fclose(fp);
		return;
	}
	if (script_need(s) == -1) {
		fclose(fp);
		return;
	}
	snprintf(cmd, sizeof(cmd), "BDAT %llu%s", size, last ? " LAST" : "");
	if (client_send_line(s->c, cmd, strlen(cmd), &v) == -1) {
		render_error(s->r, "%s", client_error(s->c));
		script_end(s, OUTCOME_INTERNAL);
	} else if ((st = script_stream(s, fp, path, 0, size)) >= 0) {
		/* the chunk is whole either way: its reply keeps step */
		if (script_await(s, v) == 0 && st == 1)
			script_end(s, OUTCOME_INPUT_UNREADABLE);
	}
	fclose(fp);
}

static void
script_ehlo(struct script *s, const char *args)
{
	char	 line[512];

	/* the name typed, else --helo's, else the address literal */
	steps_ehlo_line(s->c, "EHLO", *args != '\0' ? args : s->o->helo,
	    line, sizeof(line));
	script_send(s, line, strlen(line), 0);
}

/* A script /command, by script_line() and script_command() alike. */
static void
script_local(struct script *s, enum cmdtab_id cmd, const char *args)
{
	switch (cmd) {
	case CMDTAB_EXPECT:
		script_expect(s, args);
		break;
	case CMDTAB_SLEEP:
		script_sleep(s, args);
		break;
	case CMDTAB_QUIT:
		script_send(s, "QUIT", 4, 0);
		if (!s->done)
			script_end(s, s->failed ? OUTCOME_EXPECT_FAILED :
			    OUTCOME_OK);
		break;
	case CMDTAB_DATA:
		script_data_file(s, args);
		break;
	case CMDTAB_BDAT:
		script_bdat_file(s, args);
		break;
	case CMDTAB_EHLO:
		script_ehlo(s, args);
		break;
	case CMDTAB_FORCE:
		script_send(s, args, strlen(args), 1);
		break;
	default:
		/* not a script command: cmdtab's rows say so */
		break;
	}
}

/* "/expect" right after DATA judges DATA's reply, not data. */
static int
script_data_expect(struct script *s, const char *line, size_t len)
{
	enum sline_kind	 kind;
	enum cmdtab_id	 cmd;
	const char	*args, *why;

	if (!(s->in_data && s->data_first && len > 7 &&
	    strncasecmp(line, "/expect", 7) == 0 &&
	    (line[7] == ' ' || line[7] == '\t')))
		return 0;
	s->data_first = 0;
	if (sline_classify(line, len, 0, &kind, &cmd, &args, &why) == 0)
		script_local(s, cmd, args);
	return 1;
}

void
script_line(struct script *s, const char *line, size_t len)
{
	enum sline_kind	 kind;
	enum cmdtab_id	 cmd;
	const char	*args, *why;

	if (script_data_expect(s, line, len))
		return;
	s->data_first = 0;
	if (sline_classify(line, len, s->in_data, &kind, &cmd, &args,
	    &why) == -1) {
		render_error(s->r, "%s%s: %.*s", s->where, why,
		    (int)(len > 40 ? 40 : len), line);
		script_end(s, OUTCOME_USAGE);
		return;
	}
	switch (kind) {
	case SLINE_BLANK:
		break;
	case SLINE_SMTP:
		script_send(s, line, len, 0);
		break;
	case SLINE_LOCAL:
		script_local(s, cmd, args);
		break;
	case SLINE_DATA:
		script_data_line(s, line, len);
		break;
	case SLINE_DATA_END:
		script_data_end(s);
		break;
	case SLINE_KIND_MAX:
		break;
	}
}

int
script_command(struct script *s, enum cmdtab_id id, const char *args)
{
	const struct cmdtab	*ct = cmdtab_at((size_t)id);

	if (ct == NULL || !(ct->where & CMDTAB_IN_SCRIPT))
		return -1;
	s->data_first = 0;
	script_local(s, id, args);
	return 0;
}

struct script *
script_new(struct client *c, struct render *r, const struct script_opts *o)
{
	struct script	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->c = c;
	s->r = r;
	s->o = o;
	s->name = "";
	s->closed_oc = OUTCOME_OK;
	s->oc = OUTCOME_OK;
	if ((s->enc = malloc(STUFF_OUTMAX(SCRIPT_CHUNK) + STUFF_TERM_MAX)) ==
	    NULL) {
		free(s);
		return NULL;
	}
	return s;
}

void
script_free(struct script *s)
{
	if (s == NULL)
		return;
	free(s->enc);
	free(s);
}

int
script_start(struct script *s)
{
	const struct script_opts	*o = s->o;
	enum outcome			 oc;
	char				 ehlo[512];

	if (o->tls == NULL || o->tls->mode == TLSRUN_OFF)
		return 0;
	steps_ehlo_line(s->c, "EHLO", o->helo, ehlo, sizeof(ehlo));
	if ((oc = tlsrun_starttls(o->tls, s->c, s->r, ehlo, 0,
	    script_timeout(s, VERB_EHLO))) != OUTCOME_OK) {
		script_end(s, oc);
		return -1;
	}
	return 0;
}

void
script_where(struct script *s, const char *name, unsigned long lineno)
{
	s->name = name != NULL ? name : "";
	s->lineno = lineno;
	if (name == NULL)
		s->where[0] = '\0';
	else
		snprintf(s->where, sizeof(s->where), "%s:%lu: ", name, lineno);
}

/*
 * Read once into the reader's space: 0, or -1 with errno set.  read(2)
 * rather than stdio: a pipe's lines run as they come, and nothing waits
 * for a buffer to fill.
 */
static int
script_fill(struct scriptread *rd, int fd)
{
	struct pollfd	 pfd;
	size_t		 room;
	char		*p;
	ssize_t		 n;

	p = scriptread_space(rd, &room);
	for (;;) {
		if ((n = read(fd, p, room)) >= 0) {
			scriptread_filled(rd, (size_t)n);
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		/* a non-blocking descriptor inherited from the caller */
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			return -1;
	}
}

int
script_source(struct script *s, FILE *in, const char *name)
{
	struct scriptread	 rd;
	enum scriptread_st	 st;
	const char		*line;
	char			*buf;
	size_t			 len;
	unsigned long		 lineno = 0;

	if ((buf = malloc(SCRIPTREAD_BUFSIZE(SCRIPT_LINE_MAX))) == NULL) {
		render_error(s->r, "%s: cannot read: out of memory", name);
		script_end(s, OUTCOME_INPUT_UNREADABLE);
		return -1;
	}
	scriptread_init(&rd, buf, SCRIPT_LINE_MAX);
	while (!s->done) {
		st = scriptread_next(&rd, &line, &len);
		if (st == SCRIPTREAD_END)
			break;
		if (st == SCRIPTREAD_MORE) {
			if (script_fill(&rd, fileno(in)) == -1) {
				render_error(s->r, "%s: read error: %s", name,
				    strerror(errno));
				script_end(s, OUTCOME_INPUT_UNREADABLE);
			}
			continue;
		}
		script_where(s, name, ++lineno);
		if (st == SCRIPTREAD_LONG) {
			/* found at the bound: the rest is never read */
			render_error(s->r, "%sline longer than 1 MiB",
			    s->where);
			script_end(s, OUTCOME_USAGE);
			break;
		}
		script_line(s, line, len);
		/* nobody sees the transcript any more: stop, say so (74) */
		if (!s->done && render_broken(s->r)) {
			script_abort_data(s);
			script_end(s, OUTCOME_OUTPUT_FAILED);
		}
	}
	free(buf);
	return s->done ? -1 : 0;
}

int
script_done(const struct script *s)
{
	return s->done;
}

enum outcome
script_outcome(const struct script *s)
{
	return s->oc;
}

void
script_resume(struct script *s)
{
	s->done = 0;
	s->failed = 0;
	s->oc = OUTCOME_OK;
}

int
script_in_data(const struct script *s)
{
	return s->in_data;
}

void
script_abort_data(struct script *s)
{
	s->in_data = 0;
	s->data_first = 0;
}

int
script_closed(struct script *s)
{
	if (!s->closed && client_gone(s->c))
		script_gone(s, client_status(s->c), VERB_NONE);
	return s->closed;
}

enum outcome
script_run(struct client *c, struct render *r, FILE *in, const char *name,
    const struct script_opts *o)
{
	struct script	*s;
	enum outcome	 oc;
	enum verb	 v;
	long long	 d;
	unsigned long	 want;

	if ((s = script_new(c, r, o)) == NULL)
		return OUTCOME_INTERNAL;
	if (script_start(s) == -1)
		goto out;
	if (script_source(s, in, name) == 0) {
		if (s->in_data) {
			render_error(r, "%s: the script ended inside message "
			    "data (no lone \".\")", name);
			script_end(s, OUTCOME_USAGE);
		} else
			script_end(s, s->failed ? OUTCOME_EXPECT_FAILED :
			    OUTCOME_OK);
	}
	/* a failed /expect stops politely: QUIT, briefly */
	if (s->oc == OUTCOME_EXPECT_FAILED && !s->o->keep_going && !s->closed &&
	    !client_gone(c)) {
		want = client_nreplies(c) + 1;
		if (client_send_line(c, "QUIT", 4, &v) == 0) {
			d = loop_now() + 5000;
			if (client_flush(c, d) == CLIENT_OK)
				(void)client_wait(c, want, d);
		}
	}
out:
	oc = s->oc;
	script_free(s);
	return oc;
}
