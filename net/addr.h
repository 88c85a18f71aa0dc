/*
 * addr.h: a socket address (IPv4 or IPv6 with a port, or a UNIX socket)
 * and its text forms.
 * Pure: no sockets are made here.
 */
#ifndef SMTPCLI_ADDR_H
#define SMTPCLI_ADDR_H

#include <sys/socket.h>

#include <stddef.h>

struct addr {
	struct sockaddr_storage	 ss;
	socklen_t		 len;
};

/*
 * "VERB name" into line (size bytes, always terminated): name is helo
 * when not NULL or empty, else the address literal of a (RFC 5321
 * 4.1.3: "[192.0.2.1]", "[IPv6:2001:db8::1]"), else "[127.0.0.1]" when
 * a is NULL.  The one place that builds an EHLO address literal.
 */
void		 addr_ehlo_line(const struct addr *a,
		    const char *verb, const char *helo, char *line,
		    size_t size);

/* "127.0.0.1:25", "[::1]:25" or "unix:/path" into buf. */
const char	*addr_str(const struct addr *, char *buf,
		    size_t len);

/*
 * Parse an IPv4 or IPv6 literal (no brackets) into *a with port.
 * Returns 0, or -1 when s is not an address literal.
 */
int		 addr_literal(const char *s, int port,
		    struct addr *a);

/*
 * Check a --resolver list: one or more comma-separated servers, each an
 * IPv4 literal, a bare IPv6 literal or "[IPv6]", optionally followed by
 * ":port" (1-65535; for IPv6 only after brackets).  No empty element,
 * no blanks.  Returns 0, or -1 with *why set to a static message.
 */
int		 addr_servers(const char *list, const char **why);

/*
 * A local address to bind to (--source): "ADDR", "ADDR:PORT",
 * "[V6ADDR]", "[V6ADDR]:PORT", a bare IPv6 address (no port), or
 * ":PORT" (any address: ss_family AF_UNSPEC, the port set as in an
 * IPv4 address).  Port 0: the system chooses.  Returns 0, or -1 when
 * s is none of these (a host name included).
 */
int		 addr_source(const char *s, struct addr *a);

/*
 * A UNIX-domain socket at path (addr_str() shows "unix:PATH").  Returns
 * 0, or -1 when path is empty or too long for sun_path.
 */
int		 addr_unix(const char *path, struct addr *a);

/* The port of an IPv4, IPv6 (or addr_source() AF_UNSPEC) address. */
int		 addr_port(const struct addr *a);

#endif
