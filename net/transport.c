/*
 * transport.c: the plain transport over a socket (TCP, or a socketpair to
 * a --pipe child).  send(MSG_NOSIGNAL) so a closed peer is an EPIPE error
 * to report, never a SIGPIPE death.
 */
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "transport.h"

static ssize_t
fd_read(struct transport *t, void *buf, size_t len)
{
	ssize_t	 n;

	n = recv(t->fd, buf, len, 0);
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return TRANSPORT_WANT_READ;
	snprintf(t->err, sizeof(t->err), "read: %s", strerror(errno));
	return TRANSPORT_ERROR;
}

static ssize_t
fd_write(struct transport *t, const void *buf, size_t len)
{
	ssize_t	 n;

	n = send(t->fd, buf, len, MSG_NOSIGNAL);
	if (n >= 0)
		return n;
	if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		return TRANSPORT_WANT_WRITE;
	snprintf(t->err, sizeof(t->err), "write: %s", strerror(errno));
	return TRANSPORT_ERROR;
}

static void
fd_reap(pid_t child)
{
	struct timespec	 ts = { 0, 20 * 1000 * 1000 };
	int		 i;

	for (i = 0; i < 100; i++) {
		if (waitpid(child, NULL, WNOHANG) != 0)
			return;
		nanosleep(&ts, NULL);
	}
	kill(child, SIGTERM);
	for (i = 0; i < 50; i++) {
		if (waitpid(child, NULL, WNOHANG) != 0)
			return;
		nanosleep(&ts, NULL);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static void
fd_close(struct transport *t)
{
	close(t->fd);
	if (t->child > 0)
		fd_reap(t->child);
}

/* A socket has nothing to agree on before bytes flow. */
static int
fd_handshake(struct transport *t)
{
	(void)t;
	return 0;
}

static const struct transport_ops fd_ops = {
	fd_read, fd_write, fd_close, fd_handshake
};

int
transport_connect(const struct sockaddr_storage *ss, socklen_t len,
    const struct sockaddr_storage *src, socklen_t srclen, const char **what)
{
	int	 fd, saved, on = 1;

	*what = "socket";
	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1)
		return -1;
	if (src != NULL && ((setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == -1 || bind(fd, (const struct sockaddr *)src,
	    srclen) == -1))) {
		saved = errno;
		close(fd);
		errno = saved;
		*what = "bind";
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)ss, len) == -1 &&
	    errno != EINPROGRESS) {
		saved = errno;
		close(fd);
		errno = saved;
		*what = "connect";
		return -1;
	}
	return fd;
}

int
transport_connected(int fd)
{
	socklen_t	 sl;
	int		 soerr;

	sl = sizeof(soerr);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == -1)
		soerr = errno;
	return soerr;
}

struct transport *
transport_fd(int fd, pid_t child)
{
	struct transport	*t;

	if ((t = calloc(1, sizeof(*t))) == NULL) {
		close(fd);
		return NULL;
	}
	t->ops = &fd_ops;
	t->fd = fd;
	t->child = child;
	return t;
}

struct transport *
transport_spawn(const char *cmd, char *err, size_t errlen)
{
	int			 sv[2];
	pid_t			 pid;
	struct transport	*t;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return NULL;
	}
	switch ((pid = fork())) {
	case -1:
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return NULL;
	case 0:
		if (dup2(sv[1], STDIN_FILENO) == -1 ||
		    dup2(sv[1], STDOUT_FILENO) == -1)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	default:
		break;
	}
	close(sv[1]);
	if (fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK) == -1) {
		snprintf(err, errlen, "fcntl: %s", strerror(errno));
		close(sv[0]);
		fd_reap(pid);
		return NULL;
	}
	if ((t = transport_fd(sv[0], pid)) == NULL) {
		snprintf(err, errlen, "out of memory");
		fd_reap(pid);
	}
	return t;
}

ssize_t
transport_read(struct transport *t, void *buf, size_t len)
{
	return t->ops->read(t, buf, len);
}

ssize_t
transport_write(struct transport *t, const void *buf, size_t len)
{
	return t->ops->write(t, buf, len);
}

const char *
transport_error(const struct transport *t)
{
	return t->err;
}

int
transport_handshake(struct transport *t)
{
	return t->ops->handshake(t);
}

void
transport_close(struct transport *t)
{
	if (t == NULL)
		return;
	t->ops->close(t);
	free(t);
}

int
transport_peer_port(const struct transport *t)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len = sizeof(ss);

	if (t == NULL || getpeername(t->fd, (struct sockaddr *)&ss,
	    &len) == -1)
		return 0;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return 0;
}
