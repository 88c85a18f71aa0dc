/*
 * transport.h: a byte stream that the poll loop can drive, plain (TCP
 * socket, socketpair to a --pipe child) or TLS wrapping another.  Like
 * nc, each call reports "would block, wants read or write" so one loop
 * drives both kinds.
 */
#ifndef SMTPCLI_TRANSPORT_H
#define SMTPCLI_TRANSPORT_H

#include <sys/types.h>
#include <sys/socket.h>

#define TRANSPORT_EOF		0
#define TRANSPORT_ERROR		(-1)	/* transport_error() says why */
#define TRANSPORT_WANT_READ	(-2)
#define TRANSPORT_WANT_WRITE	(-3)

struct transport;

struct transport_ops {
	ssize_t		(*read)(struct transport *, void *, size_t);
	ssize_t		(*write)(struct transport *, const void *, size_t);
	void		(*close)(struct transport *);
	/* 0 when done (at once for plain), else as transport_handshake() */
	int		(*handshake)(struct transport *);
};

struct transport {
	const struct transport_ops *ops;
	int		 fd;		/* what poll(2) watches */
	int		 secure;	/* inside TLS: transcript uses ~> */
	int		 tlserr;	/* the last error broke the TLS layer */
	pid_t		 child;		/* --pipe process, or -1 */
	char		 err[256];
};

/*
 * Makes a transport that wraps inner (TLS, made above net/): on success
 * the new transport owns inner; NULL with err set, inner still the
 * caller's.  arg is the maker's own.
 */
typedef struct transport *transport_wrap_fn(void *arg,
			    struct transport *inner, char *err,
			    size_t errlen);

/*
 * Start a non-blocking stream connect to ss (len octets; TCP or a UNIX
 * socket), bound first to src (srclen octets) unless src is NULL: the
 * socket, its connect under way or done; poll it for POLLOUT and ask
 * transport_connected().  -1 with errno set on failure (nothing left
 * open), *what then names the call that failed: "socket", "bind" or
 * "connect".
 */
int			 transport_connect(const struct sockaddr_storage *ss,
			    socklen_t len, const struct sockaddr_storage *src,
			    socklen_t srclen, const char **what);

/* After poll(2) said fd is writable: 0 when connected, else the errno. */
int			 transport_connected(int fd);

/*
 * Wrap a connected non-blocking socket.  child is the --pipe process to
 * reap at close, or -1.  NULL when out of memory (fd is then closed).
 */
struct transport	*transport_fd(int fd, pid_t child);

/*
 * Run "/bin/sh -c cmd" with its stdin and stdout on one end of a
 * socketpair and return a transport on the other.  NULL with *err set.
 */
struct transport	*transport_spawn(const char *cmd, char *err,
			    size_t errlen);

/*
 * Read or write through the transport's ops: the octets moved, or
 * TRANSPORT_EOF (read), TRANSPORT_ERROR (transport_error() says why),
 * TRANSPORT_WANT_READ or TRANSPORT_WANT_WRITE (try again when poll(2)
 * says so).
 */
ssize_t			 transport_read(struct transport *, void *, size_t);
ssize_t			 transport_write(struct transport *, const void *,
			    size_t);

/* Why the last call failed (printable), kept in the transport. */
const char		*transport_error(const struct transport *);

/*
 * Step the transport's handshake (a plain one has none): 0 when done,
 * TRANSPORT_WANT_READ or TRANSPORT_WANT_WRITE (poll for that, call
 * again), TRANSPORT_ERROR (transport_error() says why, in words).
 */
int			 transport_handshake(struct transport *);

/*
 * The port of the socket's peer: the one in use, whatever chose it (the
 * target, --port, an MX plan, 465).  0 when the transport is no socket
 * (--pipe) or t is NULL.
 */
int			 transport_peer_port(const struct transport *t);

/* Close and free; reaps a --pipe child (SIGTERM after a grace period). */
void			 transport_close(struct transport *);

#endif
