/*
 * repl.c: the interactive session.  libedit reads the line; its read
 * function (EL_GETCFN) runs the poll loop until the terminal is
 * readable, so a reply or a close that comes while the user types is
 * printed at once above the prompt, and the line is redrawn.
 *
 * Why EL_GETCFN and not the rl_callback_* emulation of Debian's libedit
 * (3.1-20221030): the emulation keeps its state in rl_* globals (the
 * style wants EL_CLIENTDATA), has no rl_clear_visible_line() to take the
 * edited line off the screen before other output, and runs completion
 * through readline's hooks rather than EL_ADDFN.  EL_GETCFN is libedit's
 * own interface: one function that returns the next character, however
 * it is waited for, with EL_REFRESH to redraw after our output; it
 * worked reliably in a pty under load (tests/integ/test_repl.py).
 */
#define _GNU_SOURCE		/* fopencookie: the transcript tee */
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "renderout.h"
#include "repl.h"
#include "replcomp.h"
#include "replhist.h"
#include "replint.h"
#include "script.h"
#include "status.h"
#include "tlsconn.h"

/* A signal handler can reach nothing else; everything else is clientdata. */
static volatile sig_atomic_t repl_sigint;
static int	 repl_sigpipe[2] = { -1, -1 };

/*
 * The flag says what happened; the byte on the pipe wakes a poll(2)
 * that began just before the signal came (it would not see EINTR).
 */
static void
repl_on_sigint(int sig)
{
	int	 saved = errno;

	(void)sig;
	repl_sigint = 1;
	if (repl_sigpipe[1] != -1)
		(void)write(repl_sigpipe[1], "", 1);
	errno = saved;
}

static void
repl_sigpipe_cb(void *arg, int fd, int revents)
{
	char	 buf[64];

	(void)arg;
	(void)revents;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static struct repl *
repl_of(EditLine *el)
{
	void	*p = NULL;

	el_get(el, EL_CLIENTDATA, &p);
	return p;
}

/* ------------------------------------------------------------ output */

static void
repl_write(int fd, const char *buf, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		if ((n = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

/*
 * Output while the user edits a line: erase the prompt and the line
 * first (the cursor may be rows below the prompt), once; the read
 * function redraws them after the loop pass.
 */
static void
repl_make_room(struct repl *rp)
{
	const LineInfo	*li;
	struct winsize	 ws;
	char		 seq[32];
	size_t		 cols = 80, at;

	fflush(stdout);
	if (!rp->in_gets || rp->cleared)
		return;
	rp->cleared = 1;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	li = el_line(rp->el);
	at = strlen(rp->prompt) + (size_t)(li->cursor - li->buffer);
	if (at / cols > 0) {
		snprintf(seq, sizeof(seq), "\033[%zuA", at / cols);
		repl_write(STDOUT_FILENO, seq, strlen(seq));
	}
	repl_write(STDOUT_FILENO, "\r\033[J", 4);
}

/* The transcript copy has no colour: drop "ESC [ ... m". */
static void
repl_log(struct repl *rp, const char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (rp->logesc) {
			if (buf[i] >= 0x40 && buf[i] <= 0x7e && buf[i] != '[')
				rp->logesc = 0;
			continue;
		}
		if (buf[i] == '\033') {
			rp->logesc = 1;
			continue;
		}
		fputc(buf[i], rp->log);
	}
}

static ssize_t
repl_tee(struct repl *rp, int fd, const char *buf, size_t len)
{
	repl_make_room(rp);
	repl_write(fd, buf, len);
	if (rp->log != NULL)
		repl_log(rp, buf, len);
	return (ssize_t)len;
}

static ssize_t
repl_tee_out(void *cookie, const char *buf, size_t len)
{
	return repl_tee(cookie, STDOUT_FILENO, buf, len);
}

static ssize_t
repl_tee_err(void *cookie, const char *buf, size_t len)
{
	return repl_tee(cookie, STDERR_FILENO, buf, len);
}

/* Words of the REPL itself (help, lists): on the terminal only. */
void
repl_say(struct repl *rp, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

void
repl_say(struct repl *rp, const char *fmt, ...)
{
	va_list	 ap;

	fflush(rp->out);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* ------------------------------------------------------------ session */

static void
repl_event(void *arg, const struct client_event *ev)
{
	struct repl	*rp = arg;

	if (ev->type == CLIENT_EV_REPLY && ev->reply->code == 235 &&
	    (ev->res.verb == VERB_AUTH || ev->res.verb == VERB_AUTH_STEP))
		rp->authed = 1;
	render_event(rp->r, ev);
}

void
repl_drop(struct repl *rp)
{
	script_free(rp->s);
	client_free(rp->c);
	rp->s = NULL;
	rp->c = NULL;
	rp->authed = 0;
	rp->data_left = 0;
}

int
repl_connected(struct repl *rp)
{
	return rp->c != NULL && !script_closed(rp->s);
}

int
repl_open(struct repl *rp, const char *target, const char **reason)
{
	enum outcome	 oc;
	int		 st;

	repl_drop(rp);
	if (target != rp->target) {
		/* /connect TARGET: a host as typed, no --mx, no --pipe */
		snprintf(rp->target, sizeof(rp->target), "%s", target);
		rp->dial.target = rp->target;
		rp->dial.mx = 0;
		rp->dial.pipe = NULL;
	}
	oc = dial_open(&rp->dial, rp->loop, rp->r, repl_event, rp, &rp->c);
	*reason = outcome_reason(oc);
	st = outcome_status(oc);
	if (rp->c == NULL)
		return st;
	if ((rp->s = script_new(rp->c, rp->r, &rp->so)) == NULL) {
		render_error(rp->r, "out of memory");
		repl_drop(rp);
		*reason = outcome_reason(OUTCOME_INTERNAL);
		return outcome_status(OUTCOME_INTERNAL);
	}
	if (oc == OUTCOME_OK && script_start(rp->s) == -1)
		st = script_status(rp->s, reason);
	script_resume(rp->s);
	script_where(rp->s, NULL, 0);
	return st;
}

/*
 * Run a line (id CMDTAB_MAX) or a script /command id with its arguments
 * through the script runner; it ends nothing here.
 */
static void
repl_script_run(struct repl *rp, enum cmdtab_id id, const char *text)
{
	if (!repl_connected(rp)) {
		render_error(rp->r, "not connected: /reconnect, or /connect "
		    "TARGET");
		return;
	}
	if (id == CMDTAB_MAX)
		script_line(rp->s, text, strlen(text));
	else
		(void)script_command(rp->s, id, text);
	script_resume(rp->s);
	if (rp->c != NULL && client_tls_pending(rp->c))
		render_info(rp->r, "this session cannot go on in clear: "
		    "/reconnect or /close");
}

void
repl_script(struct repl *rp, const char *line)
{
	repl_script_run(rp, CMDTAB_MAX, line);
}

void
repl_command(struct repl *rp, enum cmdtab_id id, const char *args)
{
	repl_script_run(rp, id, args);
}

/* ------------------------------------------------------------ prompt */

static const char *
repl_state(struct repl *rp)
{
	enum sess_state	 st;

	if (rp->c == NULL || client_gone(rp->c))
		return "closed";
	st = session_state(client_session(rp->c));
	if (rp->data_left)
		return "data-waits-for-dot";
	return session_state_prompt(st);
}

static char *
repl_prompt(EditLine *el)
{
	struct repl	*rp = repl_of(el);
	int		 live = rp->c != NULL && !client_gone(rp->c);

	if (rp->s != NULL && script_in_data(rp->s))
		snprintf(rp->prompt, sizeof(rp->prompt), "%s data> ",
		    rp->target[0] ? rp->target : "pipe");
	else
		snprintf(rp->prompt, sizeof(rp->prompt), "%s%s%s %s> ",
		    rp->target[0] ? rp->target : "pipe",
		    !live || !client_secure(rp->c) ? "" :
		    tlsrun_facts(rp->c) != NULL &&
		    !tlsrun_facts(rp->c)->verified ? " tls UNVERIFIED" :
		    " tls",
		    live && rp->authed ? " auth" : "", repl_state(rp));
	return rp->prompt;
}

/* ------------------------------------------------------------ input */

static void
repl_stdin_cb(void *arg, int fd, int revents)
{
	struct repl	*rp = arg;

	(void)fd;
	(void)revents;
	rp->stdin_ready = 1;
}

/*
 * After the connection went away, nothing waits for message data: leave
 * data mode, and forget an /abort's warning.
 */
static void
repl_settle(struct repl *rp)
{
	if (rp->s == NULL || !script_closed(rp->s))
		return;
	rp->data_left = 0;
	if (script_in_data(rp->s)) {
		script_abort_data(rp->s);
		render_info(rp->r, "message data mode left: the connection is "
		    "gone, and nothing was delivered");
	}
}

/* Run the loop until the terminal has a byte; show what comes. */
static int
repl_wait_stdin(struct repl *rp)
{
	rp->stdin_ready = 0;
	(void)loop_set(rp->loop, STDIN_FILENO, POLLIN, repl_stdin_cb, rp);
	while (!rp->stdin_ready && !repl_sigint) {
		if (loop_once(rp->loop, -1) == -1 && errno != EINTR)
			break;
		repl_settle(rp);
		if (rp->cleared) {
			fflush(rp->out);
			fflush(rp->err);
			rp->cleared = 0;
			el_set(rp->el, EL_REFRESH);
		}
	}
	(void)loop_set(rp->loop, STDIN_FILENO, 0, repl_stdin_cb, rp);
	return rp->stdin_ready;
}

/* EL_GETCFN: one character, multibyte decoded as libedit's own does. */
static int
repl_getc(EditLine *el, wchar_t *wc)
{
	struct repl	*rp = repl_of(el);
	char		 buf[MB_LEN_MAX];
	mbstate_t	 mbs;
	size_t		 n = 0, r;
	ssize_t		 got;

	if (rp->intr_step == 1) {
		/* the cursor is at the end now: mark and end the line */
		rp->intr_step = 0;
		fputs("^C", stdout);
		fflush(stdout);
		*wc = L'\n';
		return 1;
	}
	memset(&mbs, 0, sizeof(mbs));
	for (;;) {
		if (repl_sigint) {
			repl_sigint = 0;
			*wc = REPL_INTR_CHAR;
			return 1;
		}
		if (!repl_wait_stdin(rp))
			continue;
		got = read(STDIN_FILENO, buf + n, 1);
		if (got == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			return got == 0 ? 0 : -1;
		/* one byte at a time: mbs holds the bytes fed before */
		r = mbrtowc(wc, buf + n, 1, &mbs);
		n++;
		if (r == (size_t)-2 && n < sizeof(buf))
			continue;
		if (r == (size_t)-1 || r == (size_t)-2)
			*wc = (wchar_t)(unsigned char)buf[0];
		return 1;
	}
}

/* Bound to REPL_INTR_CHAR: go to the end, then end the line. */
static unsigned char
repl_fn_intr(EditLine *el, int ch)
{
	struct repl	*rp = repl_of(el);
	const LineInfo	*li = el_line(el);

	(void)ch;
	el_cursor(el, (int)(li->lastchar - li->cursor));
	rp->intr_step = 1;
	rp->abandoned = 1;
	return CC_REFRESH;
}

/*
 * Between lines the terminal stays out of canonical mode (no echo, but
 * ISIG for Ctrl-C): libedit draws the prompt before it switches to its
 * own mode, and a key typed in canonical mode meanwhile, or during a
 * wait, is mangled by the line discipline (a Ctrl-D becomes a NUL).
 */
static void
repl_tty_wait(struct repl *rp)
{
	struct termios	 t;

	if (!rp->tty_ok)
		return;
	t = rp->tty;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	t.c_lflag |= ISIG;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	(void)tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

int
repl_ask(struct repl *rp, const char *q, int echo, char *buf, size_t len)
{
	struct termios	 t;
	size_t		 n = 0;
	ssize_t		 got;
	char		 ch;
	int		 ret = 0;

	if (rp->tty_ok) {
		/*
		 * Canonical, as found; a secret also unechoed, and keys typed
		 * before the question are not taken for it.  Set before the
		 * question shows, so that nothing typed after it is lost.
		 */
		t = rp->tty;
		if (!echo)
			t.c_lflag &= ~(tcflag_t)ECHO;
		(void)tcsetattr(STDIN_FILENO, echo ? TCSANOW : TCSAFLUSH, &t);
	}
	fflush(rp->out);
	fputs(q, stdout);
	fflush(stdout);
	for (;;) {
		got = read(STDIN_FILENO, &ch, 1);
		if (got == -1 && errno == EINTR && !repl_sigint)
			continue;
		if (got != 1) {
			ret = -1;
			break;
		}
		if (ch == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = ch;
	}
	buf[n] = '\0';
	explicit_bzero(&ch, sizeof(ch));
	repl_tty_wait(rp);
	if (!echo)
		fputs("\n", stdout);
	if (ret == -1) {
		if (repl_sigint)
			fputs("^C\n", stdout);
		repl_sigint = 0;
		explicit_bzero(buf, len);
	}
	fflush(stdout);
	return ret;
}

/* ------------------------------------------------------------ completion */

static void
repl_cand(void *arg, const char *cand)
{
	struct repl	*rp = arg;

	if (rp->ncand < REPL_CANDS &&
	    (rp->cand[rp->ncand] = strdup(cand)) != NULL)
		rp->ncand++;
}

static void
repl_files(struct repl *rp, const char *word, size_t wlen)
{
	char		 dir[PATH_MAX], path[PATH_MAX];
	const char	*slash, *pre;
	size_t		 plen, dlen;
	struct dirent	*d;
	struct stat	 sb;
	DIR		*dp;

	slash = memrchr(word, '/', wlen);
	dlen = slash != NULL ? (size_t)(slash - word) + 1 : 0;
	if (dlen >= sizeof(dir))
		return;
	memcpy(dir, word, dlen);
	dir[dlen] = '\0';
	pre = word + dlen;
	plen = wlen - dlen;
	if ((dp = opendir(dlen > 0 ? dir : ".")) == NULL)
		return;
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		if (d->d_name[0] == '.' && (plen == 0 || pre[0] != '.'))
			continue;
		if (strncmp(d->d_name, pre, plen) != 0)
			continue;
		if (snprintf(path, sizeof(path), "%s%s", dir, d->d_name) >=
		    (int)sizeof(path) - 1)
			continue;
		if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
			strncat(path, "/", sizeof(path) - strlen(path) - 1);
		repl_cand(rp, path);
	}
	closedir(dp);
}

static int
repl_candcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
repl_cand_list(struct repl *rp)
{
	struct winsize	 ws;
	size_t		 i, w = 0, cols = 80, per;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		cols = ws.ws_col;
	for (i = 0; i < rp->ncand; i++)
		if (strlen(rp->cand[i]) > w)
			w = strlen(rp->cand[i]);
	per = cols / (w + 2) > 0 ? cols / (w + 2) : 1;
	fputs("\n", stdout);
	for (i = 0; i < rp->ncand; i++)
		fprintf(stdout, "%-*s%s", (int)w + 2, rp->cand[i],
		    (i + 1) % per == 0 || i + 1 == rp->ncand ? "\n" : "");
	fflush(stdout);
}

/* Bound to Tab. */
static unsigned char
repl_fn_complete(EditLine *el, int ch)
{
	struct repl		*rp = repl_of(el);
	const LineInfo		*li = el_line(el);
	const struct caps	*caps = NULL;
	char			 text[1024], common[512];
	const char		*c0, *end;
	size_t			 len, start, wlen, i, k;
	unsigned char		 ret = CC_REFRESH;

	(void)ch;
	if (rp->s != NULL && script_in_data(rp->s)) {
		el_insertstr(el, "\t");
		return CC_REFRESH;
	}
	len = (size_t)(li->cursor - li->buffer);
	if (len >= sizeof(text))
		return CC_REFRESH_BEEP;
	memcpy(text, li->buffer, len);
	text[len] = '\0';
	if (rp->c != NULL)
		caps = session_caps(client_session(rp->c));
	rp->ncand = 0;
	if (replcomp_complete(text, len, caps, &start, repl_cand, rp) == 1)
		repl_files(rp, text + start, len - start);
	wlen = len - start;
	if (rp->ncand == 0) {
		ret = CC_REFRESH_BEEP;
		goto out;
	}
	qsort(rp->cand, rp->ncand, sizeof(rp->cand[0]), repl_candcmp);
	c0 = rp->cand[0];
	if (rp->ncand == 1) {
		end = c0 + strlen(c0);
		el_deletestr(el, (int)wlen);
		el_insertstr(el, c0);
		/* an address, a value or a directory goes on: no blank */
		if (strchr("<=;/", end[-1]) == NULL)
			el_insertstr(el, " ");
		goto out;
	}
	for (k = 0; c0[k] != '\0' && k + 1 < sizeof(common); k++) {
		for (i = 1; i < rp->ncand; i++)
			if (rp->cand[i][k] != c0[k])
				break;
		if (i < rp->ncand)
			break;
	}
	memcpy(common, c0, k);
	common[k] = '\0';
	if (k > wlen || (k == wlen && strncmp(common, text + start, k) != 0)) {
		el_deletestr(el, (int)wlen);
		el_insertstr(el, common);
	} else {
		repl_cand_list(rp);
		ret = CC_REDISPLAY;
	}
out:
	for (i = 0; i < rp->ncand; i++)
		free(rp->cand[i]);
	rp->ncand = 0;
	return ret;
}

/* ------------------------------------------------------------ the loop */

static void
repl_line(struct repl *rp, const char *line)
{
	char	 err[300];
	int	 sasl_due, blank;

	if (rp->s != NULL && script_in_data(rp->s)) {
		if (strcasecmp(line, "/abort") == 0)
			replrun_abort(rp);
		else
			repl_script(rp, line);
		return;
	}
	blank = line[strspn(line, " \t")] == '\0';
	sasl_due = rp->c != NULL &&
	    session_state(client_session(rp->c)) == SESS_AUTH;
	if (!blank && !replcomp_private(line, strlen(line), sasl_due) &&
	    replhist_add(rp->hist, line, err, sizeof(err)) == -1)
		render_error(rp->r, "history: %s", err);
	if (blank)
		return;
	if (line[0] == '/')
		replrun_command(rp, line);
	else if (rp->data_left)
		render_error(rp->r, "the server still waits for the end of "
		    "message data, so this line would be message data: "
		    "/reconnect or /close first");
	else
		repl_script(rp, line);
}

/* Ctrl-D: leave message data, or QUIT and leave. */
static void
repl_eof(struct repl *rp)
{
	fputs("\n", stdout);
	fflush(stdout);
	if (rp->s != NULL && script_in_data(rp->s)) {
		replrun_abort(rp);
		return;
	}
	replrun_quit(rp);
}

/* Run a line from el_gets (which keeps its end) from a wiped copy. */
static int
repl_take(struct repl *rp, const char *line)
{
	char	*copy;
	size_t	 len = strlen(line);

	if ((copy = strdup(line)) == NULL) {
		render_error(rp->r, "out of memory");
		return -1;
	}
	while (len > 0 && (copy[len - 1] == '\n' || copy[len - 1] == '\r'))
		copy[--len] = '\0';
	repl_line(rp, copy);
	repl_settle(rp);
	explicit_bzero(copy, len);
	free(copy);
	return 0;
}

static int
repl_setup(struct repl *rp, const char **reason)
{
	static cookie_io_functions_t out_io = { .write = repl_tee_out };
	static cookie_io_functions_t err_io = { .write = repl_tee_err };
	char	 err[PATH_MAX + 64];

	rp->log = tmpfile();
	if ((rp->out = fopencookie(rp, "w", out_io)) == NULL ||
	    (rp->err = fopencookie(rp, "w", err_io)) == NULL ||
	    (rp->r = render_new(rp->out, rp->err, 0, rp->o->quiet,
	    rp->explain, rp->color)) == NULL ||
	    (rp->hist = replhist_new(rp->o->history, rp->o->no_history, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		*reason = "internal";
		return ST_INTERNAL;
	}
	setvbuf(rp->out, NULL, _IOLBF, 0);
	setvbuf(rp->err, NULL, _IOLBF, 0);
	if (err[0] != '\0')
		render_error(rp->r, "history: %s", err);
	if ((rp->el = el_init("smtpcli", stdin, stdout, stderr)) == NULL) {
		render_error(rp->r, "cannot set up line editing");
		*reason = "internal";
		return ST_INTERNAL;
	}
	el_set(rp->el, EL_CLIENTDATA, rp);
	el_set(rp->el, EL_EDITOR, "emacs");
	el_set(rp->el, EL_PROMPT, repl_prompt);
	el_set(rp->el, EL_HIST, history, replhist_history(rp->hist));
	el_set(rp->el, EL_GETCFN, repl_getc);
	/*
	 * Wide strings: the narrow el_set() copies them with wcsdup() and
	 * el_end() never frees the copies (LeakSanitizer sees it).
	 */
	el_wset(rp->el, EL_ADDFN, L"smtpcli-complete",
	    L"complete SMTP commands, parameters, / commands, files",
	    repl_fn_complete);
	el_wset(rp->el, EL_ADDFN, L"smtpcli-interrupt",
	    L"abandon the line (Ctrl-C)", repl_fn_intr);
	el_set(rp->el, EL_BIND, "^I", "smtpcli-complete", NULL);
	el_set(rp->el, EL_BIND, "^C", "smtpcli-interrupt", NULL);
	/* ~/.editrc (or $EDITRC) last, so that it may change any of it */
	el_source(rp->el, NULL);
	return 0;
}

int
repl_run(struct loop *loop, const struct repl_opts *o, const char **reason)
{
	struct sigaction	 sa, oldsa;
	struct repl		*rp;
	const char		*line;
	int			 n, st;

	if ((rp = calloc(1, sizeof(*rp))) == NULL) {
		*reason = "internal";
		return ST_INTERNAL;
	}
	rp->loop = loop;
	rp->o = o;
	rp->explain = o->explain;
	rp->color = o->color;
	rp->so.helo = o->helo;
	rp->so.timeout = o->timeout;
	rp->so.tls = o->tls;
	if (o->tls != NULL)
		o->tls->interactive = 1;	/* warn and go on, marked */
	snprintf(rp->from, sizeof(rp->from), "smtpcli@%s",
	    o->helo != NULL ? o->helo : "localhost");
	snprintf(rp->target, sizeof(rp->target), "%s",
	    o->target != NULL ? o->target : "");
	rp->dial = *o->dial;
	if (rp->dial.target != NULL)
		rp->dial.target = rp->target;
	*reason = "ok";
	(void)setlocale(LC_CTYPE, "");
	if (pipe2(repl_sigpipe, O_NONBLOCK | O_CLOEXEC) == 0)
		(void)loop_set(loop, repl_sigpipe[0], POLLIN, repl_sigpipe_cb,
		    NULL);
	else
		repl_sigpipe[0] = repl_sigpipe[1] = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = repl_on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a wait must see EINTR */
	sigaction(SIGINT, &sa, &oldsa);
	loop_set_interrupt(loop, &repl_sigint);
	if ((st = repl_setup(rp, reason)) != 0)
		goto out;
	rp->tty_ok = tcgetattr(STDIN_FILENO, &rp->tty) == 0;
	repl_tty_wait(rp);
	if ((st = repl_open(rp, rp->target, reason)) != 0 && rp->c == NULL)
		goto out;
	st = 0;
	*reason = "ok";
	render_info(rp->r, "/help lists commands; Tab completes; Ctrl-D "
	    "sends QUIT and leaves");
	while (!rp->done) {
		repl_sigint = 0;
		rp->abandoned = 0;
		rp->intr_step = 0;
		rp->in_gets = 1;
		line = el_gets(rp->el, &n);
		repl_tty_wait(rp);
		rp->in_gets = 0;
		rp->cleared = 0;
		if (line == NULL) {
			repl_eof(rp);
			continue;
		}
		if (rp->abandoned)
			continue;
		if (repl_take(rp, line) == -1)
			break;
		repl_sigint = 0;
	}
out:
	if (rp->tty_ok)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &rp->tty);
	loop_set_interrupt(loop, NULL);
	loop_del(loop, STDIN_FILENO);
	sigaction(SIGINT, &oldsa, NULL);
	if (repl_sigpipe[0] != -1) {
		loop_del(loop, repl_sigpipe[0]);
		close(repl_sigpipe[0]);
		close(repl_sigpipe[1]);
		repl_sigpipe[0] = repl_sigpipe[1] = -1;
	}
	repl_drop(rp);
	if (rp->el != NULL)
		el_end(rp->el);
	replhist_free(rp->hist);
	if (rp->out != NULL)
		fclose(rp->out);
	if (rp->err != NULL)
		fclose(rp->err);
	render_free(rp->r);
	if (rp->log != NULL)
		fclose(rp->log);
	free(rp);
	return st;
}
