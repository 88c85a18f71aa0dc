/*
 * repl.c: the interactive session's line loop, the top of the REPL.
 * libedit reads the line; its read function (EL_GETCFN) runs the poll
 * loop (replterm_getc()) until the terminal is readable, so a reply or a
 * close that comes while the user types is printed at once above the
 * prompt, and the line is redrawn.  A line goes to the / commands
 * (replrun) or to the script runner (replsess).
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
#define _GNU_SOURCE		/* memrchr: file name completion */
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <dirent.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include <histedit.h>

#include "renderout.h"
#include "repl.h"
#include "replcomp.h"
#include "replhist.h"
#include "replrun.h"
#include "replsess.h"
#include "replterm.h"
#include "script.h"
#include "status.h"
#include "tlsconn.h"

static struct repl *
repl_of(EditLine *el)
{
	void	*p = NULL;

	el_get(el, EL_CLIENTDATA, &p);
	return p;
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

	/* the next replies are wrapped to the width the terminal has now */
	render_set_width(rp->r, render_tty_cols(STDOUT_FILENO));

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

/* EL_GETCFN: one character, multibyte decoded as libedit's own does. */
static int
repl_getc(EditLine *el, wchar_t *wc)
{
	struct repl	*rp = repl_of(el);

	if (rp->intr_step == 1) {
		/* the cursor is at the end now: mark and end the line */
		rp->intr_step = 0;
		fputs("^C", stdout);
		fflush(stdout);
		*wc = L'\n';
		return 1;
	}
	return replterm_getc(rp, wc, replsess_settle);
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
repl_line(struct repl *rp, char *line)
{
	char	 err[300];
	size_t	 len;
	int	 sasl_due, auth_open, blank;

	if (rp->s != NULL && script_in_data(rp->s)) {
		/* message data goes as typed, blanks and all */
		if (strcasecmp(line, "/abort") == 0)
			replrun_abort(rp);
		else
			replsess_script(rp, line);
		return;
	}
	/* a command loses its trailing blanks (completion leaves one) */
	len = strlen(line);
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	blank = line[strspn(line, " \t")] == '\0';
	sasl_due = rp->c != NULL &&
	    session_state(client_session(rp->c)) == SESS_AUTH;
	auth_open = rp->c != NULL &&
	    session_auth_open(client_session(rp->c));
	if (!blank && !replcomp_private(line, strlen(line), sasl_due,
	    auth_open) &&
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
	else {
		replsess_script(rp, line);
		/* a typed QUIT that got its 221 ends the REPL, as /quit */
		if (strncasecmp(line, "QUIT", 4) == 0 && (line[4] == '\0' ||
		    line[4] == ' ') && rp->c != NULL &&
		    client_last_code(rp->c) == 221)
			rp->done = 1;
	}
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
	replsess_settle(rp);
	explicit_bzero(copy, len);
	free(copy);
	return 0;
}

static enum outcome
repl_setup(struct repl *rp)
{
	char	 err[PATH_MAX + 64];

	if (replterm_open(rp) == -1 ||
	    (rp->r = render_new(rp->out, rp->err, 0, rp->o->quiet,
	    rp->explain, rp->color)) == NULL ||
	    (rp->hist = replhist_new(rp->o->history, rp->o->no_history, err,
	    sizeof(err))) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		return OUTCOME_INTERNAL;
	}
	render_set_width(rp->r, render_tty_cols(STDOUT_FILENO));
	if (err[0] != '\0')
		render_error(rp->r, "history: %s", err);
	if ((rp->el = el_init("smtpcli", stdin, stdout, stderr)) == NULL) {
		render_error(rp->r, "cannot set up line editing");
		return OUTCOME_INTERNAL;
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
	return OUTCOME_OK;
}

enum outcome
repl_run(struct loop *loop, const struct repl_opts *o)
{
	struct repl	*rp;
	const char	*line;
	enum outcome	 oc;
	int		 n;

	if ((rp = calloc(1, sizeof(*rp))) == NULL)
		return OUTCOME_INTERNAL;
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
	(void)setlocale(LC_CTYPE, "");
	replterm_signals(rp);
	if ((oc = repl_setup(rp)) != OUTCOME_OK)
		goto out;
	replterm_tty_save(rp);
	/* the first connection's failure ends the REPL only when none stands */
	if ((oc = replsess_open(rp, rp->target)) != OUTCOME_OK &&
	    rp->c == NULL)
		goto out;
	oc = OUTCOME_OK;
	render_info(rp->r, "/help lists commands; Tab completes; Ctrl-D "
	    "sends QUIT and leaves");
	while (!rp->done) {
		replterm_intr_clear();
		rp->abandoned = 0;
		rp->intr_step = 0;
		rp->in_gets = 1;
		line = el_gets(rp->el, &n);
		replterm_tty_wait(rp);
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
		replterm_intr_clear();
	}
out:
	replterm_restore(rp);
	replsess_drop(rp);
	if (rp->el != NULL)
		el_end(rp->el);
	replhist_free(rp->hist);
	render_free(rp->r);
	replterm_close(rp);
	free(rp);
	return oc;
}
