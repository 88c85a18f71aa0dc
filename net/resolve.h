/*
 * resolve.h: name resolution through c-ares inside the poll loop (socket
 * state callback + ares_process_fd; never select).
 */
#ifndef SMTPCLI_RESOLVE_H
#define SMTPCLI_RESOLVE_H

#include <sys/socket.h>

#include <stddef.h>

#include "loop.h"

#define RESOLVE_MAX_ADDRS	32

struct resolve_addr {
	struct sockaddr_storage	 ss;
	socklen_t		 len;
};

struct resolver;

/*
 * A resolver whose sockets are driven by loop.  servers is NULL for
 * /etc/resolv.conf, or "IP[:PORT],..." (c-ares CSV form).  NULL with *err
 * set on failure.  resolver_free() (NULL is fine) destroys the c-ares
 * channel with it.
 */
struct resolver	*resolver_new(struct loop *, const char *servers, char *err,
		    size_t errlen);
void		 resolver_free(struct resolver *);

/*
 * Resolve host to addresses of family (AF_UNSPEC, AF_INET, AF_INET6) with
 * the given port, running the loop until done or the deadline passes.
 * Returns the number of addresses (at most max), or -1 with *err set to
 * words a user understands (no such domain, timeout, server failure).
 */
int		 resolver_addrs(struct resolver *, const char *host,
		    int family, int port, long long deadline,
		    struct resolve_addr *out, size_t max, char *err,
		    size_t errlen);

struct mxplan;

/*
 * Route a mail domain (RFC 5321 5.1) into *plan: its MX records, or the
 * domain itself when it has none; then every host resolved at once to
 * addresses of family with port (A and AAAA in parallel), all under the
 * deadline.  rnd (may be NULL) orders equal preferences.  Returns 0: the
 * plan may be a null MX (plan->kind), a host without addresses has its
 * err set, an alias host MXPLAN_F_CNAME.  Returns -1 with *err in words
 * when the domain cannot be routed: no such domain, server failure,
 * timeout, no MX and no address.
 */
int		 resolver_mx(struct resolver *, const char *domain,
		    int family, int port, long long deadline,
		    unsigned int (*rnd)(void *), void *rndarg,
		    struct mxplan *plan, char *err, size_t errlen);

/*
 * "VERB name" into line (size bytes, always terminated): name is helo
 * when not NULL or empty, else the address literal of a (RFC 5321
 * 4.1.3: "[192.0.2.1]", "[IPv6:2001:db8::1]"), else "[127.0.0.1]" when
 * a is NULL.  The one place that builds an EHLO address literal.
 */
void		 resolve_ehlo_line(const struct resolve_addr *a,
		    const char *verb, const char *helo, char *line,
		    size_t size);

/* "127.0.0.1:25" or "[::1]:25" into buf. */
const char	*resolve_addrstr(const struct resolve_addr *, char *buf,
		    size_t len);

/*
 * Parse an IPv4 or IPv6 literal (no brackets) into *a with port.
 * Returns 0, or -1 when s is not an address literal.
 */
int		 resolve_literal(const char *s, int port,
		    struct resolve_addr *a);

#endif
