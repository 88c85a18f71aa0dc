/*
 * loop.h: the single poll(2) loop.  Sources (connections, resolver
 * sockets, the terminal) register an fd, the events they want and a
 * callback; every wait in smtpcli is a loop_once() with a deadline.
 */
#ifndef SMTPCLI_LOOP_H
#define SMTPCLI_LOOP_H

#define LOOP_MAX	64

typedef void	 loop_cb(void *arg, int fd, int revents);

struct loop;

struct loop	*loop_new(void);
void		 loop_free(struct loop *);

/*
 * Watch fd for events (POLLIN/POLLOUT) with cb; events 0 stops watching
 * (the callback is kept until loop_del).  Returns 0, or -1 when LOOP_MAX
 * fds are watched already.
 */
int		 loop_set(struct loop *, int fd, int events, loop_cb *cb,
		    void *arg);
void		 loop_del(struct loop *, int fd);

/*
 * Poll once until the deadline (loop_now() milliseconds; -1 for none)
 * and dispatch ready fds.  Returns the number dispatched, 0 on timeout or
 * signal, -1 on a poll error.
 */
int		 loop_once(struct loop *, long long deadline);

/* Monotonic clock in milliseconds. */
long long	 loop_now(void);

#endif
