/*
 * replterm.h: the REPL's terminal: tty modes, the output tees with the
 * transcript for /save, Ctrl-C, waiting for a key.  Calls nothing above.
 */
#ifndef SMTPCLI_REPLTERM_H
#define SMTPCLI_REPLTERM_H

#include <stddef.h>
#include <wchar.h>

#include "replint.h"

/*
 * Catch SIGINT for the REPL's life: a flag the loop (loop_set_interrupt)
 * and the reads see, and a self-pipe on rp->loop that wakes a poll(2).
 * The old action is kept in rp for replterm_restore().  Without a pipe
 * (pipe2 failed) only the flag is kept.
 */
void		 replterm_signals(struct repl *);

/*
 * Open rp->out and rp->err, line-buffered streams that write to the
 * terminal (erasing the line being edited first) and copy to rp->log,
 * the transcript for /save without colour (NULL when no temporary file
 * could be made).  Returns 0, or -1 when out of memory; what was opened
 * is closed by replterm_close().
 */
int		 replterm_open(struct repl *);

/*
 * Keep the terminal's modes as found (rp->tty, rp->tty_ok: stdin is a
 * tty), then go to the mode between lines (replterm_tty_wait()).
 */
void		 replterm_tty_save(struct repl *);

/*
 * The mode between lines: not canonical, no echo, ISIG on, so that keys
 * typed while the prompt is drawn or during a wait arrive intact.  Does
 * nothing when stdin is no tty.
 */
void		 replterm_tty_wait(struct repl *);

/*
 * Put back what replterm_signals() and replterm_tty_save() changed:
 * the terminal's modes, SIGINT's action, the loop's interrupt flag and
 * the stdin and self-pipe entries of rp->loop (the pipe is closed).
 */
void		 replterm_restore(struct repl *);

/* Close what replterm_open() opened; NULL members are skipped. */
void		 replterm_close(struct repl *);

/* Words of the REPL itself (help, lists): on the terminal only. */
void		 replterm_say(struct repl *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * Ask q on the terminal in cooked mode, without echo unless echo; the
 * answer (no line end) goes into buf.  Returns 0, or -1 (buf wiped) on
 * Ctrl-C or end of input, or -2 (buf wiped) when the answer did not fit
 * in len - 1 octets: it is read to its end, never kept cut short.
 */
int		 replterm_ask(struct repl *, const char *q, int echo,
		    char *buf, size_t len);

/* Forget a Ctrl-C not yet taken. */
void		 replterm_intr_clear(void);

/*
 * The next character typed, multibyte decoded as libedit's own read
 * does, into *wc; REPL_INTR_CHAR on Ctrl-C.  While it waits, rp->loop
 * runs: pass(rp) after each pass, then the edited line is redrawn if
 * output erased it.  Returns 1, 0 at end of input, -1 on a read error.
 */
int		 replterm_getc(struct repl *, wchar_t *wc,
		    void (*pass)(struct repl *));

#endif
