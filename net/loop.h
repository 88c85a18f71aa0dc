/*
 * loop.h: the single poll(2) loop.  Sources (connections, resolver
 * sockets, the terminal) register an fd, the events they want and a
 * callback; every wait in smtpcli is a loop_once() with a deadline.
 */
#ifndef SMTPCLI_LOOP_H
#define SMTPCLI_LOOP_H

#include <signal.h>

#define LOOP_MAX	512	/* --connections 256, the resolver, the tty */

typedef void	 loop_cb(void *arg, int fd, int revents);

struct loop;

/*
 * An empty loop; NULL when out of memory.  loop_free() (NULL is fine)
 * releases it and closes nothing: each fd stays its source's to close.
 */
struct loop	*loop_new(void);
void		 loop_free(struct loop *);

/*
 * Watch fd for events (POLLIN/POLLOUT) with cb; events 0 stops watching
 * (the callback is kept until loop_del).  Returns 0, or -1 when LOOP_MAX
 * fds are watched already.
 */
int		 loop_set(struct loop *, int fd, int events, loop_cb *cb,
		    void *arg);
/* Forget fd and its callback; an fd not watched is ignored. */
void		 loop_del(struct loop *, int fd);

/*
 * Poll once until the deadline (loop_now() milliseconds; -1 for none)
 * and dispatch ready fds.  Returns the number dispatched, 0 on timeout or
 * signal, -1 on a poll error.
 */
int		 loop_once(struct loop *, long long deadline);

/*
 * Let waits be interrupted: once *flag is nonzero (set by a signal
 * handler), loop_interrupted() is nonzero and the waits built on
 * loop_once() give up.  NULL (the default): nothing interrupts.
 */
void		 loop_set_interrupt(struct loop *,
		    volatile sig_atomic_t *flag);
int		 loop_interrupted(const struct loop *);

/* Monotonic clock in milliseconds. */
long long	 loop_now(void);

/* The same clock in microseconds (latencies). */
long long	 loop_now_us(void);

#endif
