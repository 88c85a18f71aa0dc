/*
 * replterm.c: the REPL's terminal.  Output goes through tees that erase
 * the line being edited first and keep a colourless transcript; Ctrl-C
 * is a flag plus a self-pipe; keys are waited for in the poll loop.
 */
#define _GNU_SOURCE		/* fopencookie: the transcript tee */
#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "loop.h"
#include "replterm.h"

/* A signal handler can reach nothing else; everything else is clientdata. */
static volatile sig_atomic_t replterm_sigint;
static int	 replterm_sigpipe[2] = { -1, -1 };

/*
 * The flag says what happened; the byte on the pipe wakes a poll(2)
 * that began just before the signal came (it would not see EINTR).
 */
static void
replterm_on_sigint(int sig)
{
	int	 saved = errno;

	(void)sig;
	replterm_sigint = 1;
	if (replterm_sigpipe[1] != -1)
		(void)write(replterm_sigpipe[1], "", 1);
	errno = saved;
}

static void
replterm_sigpipe_cb(void *arg, int fd, int revents)
{
	char	 buf[64];

	(void)arg;
	(void)revents;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

void
replterm_signals(struct repl *rp)
{
	struct sigaction	 sa;

	if (pipe2(replterm_sigpipe, O_NONBLOCK | O_CLOEXEC) == 0)
		(void)loop_set(rp->loop, replterm_sigpipe[0], POLLIN,
		    replterm_sigpipe_cb, NULL);
	else
		replterm_sigpipe[0] = replterm_sigpipe[1] = -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = replterm_on_sigint;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a wait must see EINTR */
	sigaction(SIGINT, &sa, &rp->oldsa);
	loop_set_interrupt(rp->loop, &replterm_sigint);
}

void
replterm_intr_clear(void)
{
	replterm_sigint = 0;
}

/* ------------------------------------------------------------ output */

static void
replterm_write(int fd, const char *buf, size_t len)
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
replterm_make_room(struct repl *rp)
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
		replterm_write(STDOUT_FILENO, seq, strlen(seq));
	}
	replterm_write(STDOUT_FILENO, "\r\033[J", 4);
}

/* The transcript copy has no colour: drop "ESC [ ... m". */
static void
replterm_log(struct repl *rp, const char *buf, size_t len)
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
replterm_tee(struct repl *rp, int fd, const char *buf, size_t len)
{
	replterm_make_room(rp);
	replterm_write(fd, buf, len);
	if (rp->log != NULL)
		replterm_log(rp, buf, len);
	return (ssize_t)len;
}

static ssize_t
replterm_tee_out(void *cookie, const char *buf, size_t len)
{
	return replterm_tee(cookie, STDOUT_FILENO, buf, len);
}

static ssize_t
replterm_tee_err(void *cookie, const char *buf, size_t len)
{
	return replterm_tee(cookie, STDERR_FILENO, buf, len);
}

int
replterm_open(struct repl *rp)
{
	static cookie_io_functions_t out_io = { .write = replterm_tee_out };
	static cookie_io_functions_t err_io = { .write = replterm_tee_err };

	rp->log = tmpfile();
	if ((rp->out = fopencookie(rp, "w", out_io)) == NULL ||
	    (rp->err = fopencookie(rp, "w", err_io)) == NULL)
		return -1;
	setvbuf(rp->out, NULL, _IOLBF, 0);
	setvbuf(rp->err, NULL, _IOLBF, 0);
	return 0;
}

void
replterm_close(struct repl *rp)
{
	if (rp->out != NULL)
		fclose(rp->out);
	if (rp->err != NULL)
		fclose(rp->err);
	if (rp->log != NULL)
		fclose(rp->log);
	rp->out = rp->err = rp->log = NULL;
}

void
replterm_say(struct repl *rp, const char *fmt, ...)
{
	va_list	 ap;

	fflush(rp->out);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fflush(stdout);
}

/* ------------------------------------------------------------ input */

static void
replterm_stdin_cb(void *arg, int fd, int revents)
{
	struct repl	*rp = arg;

	(void)fd;
	(void)revents;
	rp->stdin_ready = 1;
}

/* Run the loop until the terminal has a byte; show what comes. */
static int
replterm_wait_stdin(struct repl *rp, void (*pass)(struct repl *))
{
	rp->stdin_ready = 0;
	(void)loop_set(rp->loop, STDIN_FILENO, POLLIN, replterm_stdin_cb, rp);
	while (!rp->stdin_ready && !replterm_sigint) {
		/* a read that stopped at its bound goes on without poll(2) */
		if ((rp->c == NULL || !client_backlog(rp->c)) &&
		    loop_once(rp->loop, -1) == -1 && errno != EINTR)
			break;
		pass(rp);
		if (rp->cleared) {
			fflush(rp->out);
			fflush(rp->err);
			rp->cleared = 0;
			el_set(rp->el, EL_REFRESH);
		}
	}
	(void)loop_set(rp->loop, STDIN_FILENO, 0, replterm_stdin_cb, rp);
	return rp->stdin_ready;
}

int
replterm_getc(struct repl *rp, wchar_t *wc, void (*pass)(struct repl *))
{
	char		 buf[MB_LEN_MAX];
	mbstate_t	 mbs;
	size_t		 n = 0, r;
	ssize_t		 got;

	memset(&mbs, 0, sizeof(mbs));
	for (;;) {
		if (replterm_sigint) {
			replterm_sigint = 0;
			*wc = REPL_INTR_CHAR;
			return 1;
		}
		if (!replterm_wait_stdin(rp, pass))
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

/* ------------------------------------------------------------ tty modes */

void
replterm_tty_save(struct repl *rp)
{
	rp->tty_ok = tcgetattr(STDIN_FILENO, &rp->tty) == 0;
	replterm_tty_wait(rp);
}

/*
 * Between lines the terminal stays out of canonical mode (no echo, but
 * ISIG for Ctrl-C): libedit draws the prompt before it switches to its
 * own mode, and a key typed in canonical mode meanwhile, or during a
 * wait, is mangled by the line discipline (a Ctrl-D becomes a NUL).
 */
void
replterm_tty_wait(struct repl *rp)
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

void
replterm_restore(struct repl *rp)
{
	if (rp->tty_ok)
		(void)tcsetattr(STDIN_FILENO, TCSANOW, &rp->tty);
	loop_set_interrupt(rp->loop, NULL);
	loop_del(rp->loop, STDIN_FILENO);
	sigaction(SIGINT, &rp->oldsa, NULL);
	if (replterm_sigpipe[0] != -1) {
		loop_del(rp->loop, replterm_sigpipe[0]);
		close(replterm_sigpipe[0]);
		close(replterm_sigpipe[1]);
		replterm_sigpipe[0] = replterm_sigpipe[1] = -1;
	}
}

int
replterm_ask(struct repl *rp, const char *q, int echo, char *buf, size_t len)
{
	struct termios	 t;
	size_t		 n = 0;
	ssize_t		 got;
	char		 ch;
	int		 ret = 0, over = 0;

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
		if (got == -1 && errno == EINTR && !replterm_sigint)
			continue;
		if (got != 1) {
			ret = -1;
			break;
		}
		if (ch == '\n')
			break;
		if (n + 1 < len)
			buf[n++] = ch;
		else
			over = 1;
	}
	buf[n] = '\0';
	if (ret == 0 && over) {
		ret = -2;
		explicit_bzero(buf, len);
	}
	explicit_bzero(&ch, sizeof(ch));
	replterm_tty_wait(rp);
	if (!echo)
		fputs("\n", stdout);
	if (ret == -1) {
		if (replterm_sigint)
			fputs("^C\n", stdout);
		replterm_sigint = 0;
		explicit_bzero(buf, len);
	}
	fflush(stdout);
	return ret;
}
