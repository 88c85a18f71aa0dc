/*
 * loop.c: one poll(2) over every registered fd.  Callbacks may add or
 * remove watches; dispatch works from a snapshot so that is safe.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <time.h>

#include "loop.h"

struct loop_watch {
	int		 fd;
	int		 events;
	loop_cb		*cb;
	void		*arg;
};

struct loop {
	struct loop_watch w[LOOP_MAX];
	size_t		 n;
	volatile sig_atomic_t *intr;
};

void
loop_set_interrupt(struct loop *l, volatile sig_atomic_t *flag)
{
	l->intr = flag;
}

int
loop_interrupted(const struct loop *l)
{
	return l->intr != NULL && *l->intr;
}

struct loop *
loop_new(void)
{
	return calloc(1, sizeof(struct loop));
}

void
loop_free(struct loop *l)
{
	free(l);
}

long long
loop_now(void)
{
	return loop_now_us() / 1000;
}

long long
loop_now_us(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
loop_set(struct loop *l, int fd, int events, loop_cb *cb, void *arg)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (l->w[i].fd == fd)
			break;
	if (i == l->n) {
		if (l->n == LOOP_MAX)
			return -1;
		l->n++;
	}
	l->w[i].fd = fd;
	l->w[i].events = events;
	l->w[i].cb = cb;
	l->w[i].arg = arg;
	return 0;
}

void
loop_del(struct loop *l, int fd)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (l->w[i].fd == fd) {
			l->w[i] = l->w[--l->n];
			return;
		}
}

int
loop_once(struct loop *l, long long deadline)
{
	struct pollfd		 pfd[LOOP_MAX];
	struct loop_watch	 snap[LOOP_MAX];
	size_t			 i, n = 0;
	long long		 wait;
	int			 r, done = 0;

	for (i = 0; i < l->n; i++) {
		if (l->w[i].events == 0)
			continue;
		snap[n] = l->w[i];
		pfd[n].fd = l->w[i].fd;
		pfd[n].events = (short)l->w[i].events;
		pfd[n].revents = 0;
		n++;
	}
	wait = -1;
	if (deadline >= 0) {
		wait = deadline - loop_now();
		if (wait < 0)
			wait = 0;
		if (wait > 60000)
			wait = 60000;
	}
	r = poll(pfd, n, (int)wait);
	if (r == -1)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < n && r > 0; i++) {
		if (pfd[i].revents == 0)
			continue;
		r--;
		done++;
		snap[i].cb(snap[i].arg, snap[i].fd, pfd[i].revents);
	}
	return done;
}
