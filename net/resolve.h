/*
 * resolve.h: name resolution through c-ares inside the poll loop (socket
 * state callback + ares_process_fd; never select).
 */
#ifndef SMTPCLI_RESOLVE_H
#define SMTPCLI_RESOLVE_H

#include <sys/socket.h>

#include <stddef.h>

#include "addr.h"
#include "loop.h"

#define RESOLVE_MAX_ADDRS	32


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
 * The same for raw queries (resolver_send()): answers of every response
 * code come back as they are (SERVFAIL included, not retried as a failed
 * server), so that a DNSSEC failure can be told from a dead server.
 */
struct resolver	*resolver_new_raw(struct loop *, const char *servers,
		    char *err, size_t errlen);

/*
 * Called once per resolver_send(): status is 0 with the answer
 * (abuf[0..alen), valid during the call only), or -1 with the reason in
 * words (timeout, no server reached).
 */
typedef void	 resolver_raw_cb(void *arg, int status, const char *why,
		    const unsigned char *abuf, size_t alen);

/*
 * Send the query q[0..qlen) (a whole DNS message, see dnsmsg.h); cb runs
 * from resolver_wait() when the answer comes, or when the query fails.
 */
void		 resolver_send(struct resolver *, const unsigned char *q,
		    size_t qlen, resolver_raw_cb *cb, void *arg);

/*
 * Run the loop until *pending (the caller's count, decremented by its
 * callbacks) reaches 0 or the deadline passes; then the queries left are
 * cancelled (their callbacks run with -1) and -1 is returned.
 */
int		 resolver_wait(struct resolver *, int *pending,
		    long long deadline);

/*
 * Resolve host to addresses of family (AF_UNSPEC, AF_INET, AF_INET6) with
 * the given port, running the loop until done or the deadline passes.
 * Returns the number of addresses (at most max), or -1 with *err set to
 * words a user understands (no such domain, timeout, server failure).
 */
int		 resolver_addrs(struct resolver *, const char *host,
		    int family, int port, long long deadline,
		    struct addr *out, size_t max, char *err,
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

#define RESOLVE_TXT_MAX		8	/* TXT records kept per name */
#define RESOLVE_TXT_LEN		1024	/* octets kept per record */

/* One TXT record: its strings joined (RFC 7208 3.3), cut to the buffer. */
struct resolve_txt {
	char	 text[RESOLVE_TXT_LEN];
	size_t	 len;		/* octets kept; NULs stay in text */
	int	 cut;		/* the record was longer than the buffer */
};

/*
 * The TXT records of name, at most max into out, running the loop until
 * done or the deadline passes.  Returns how many there are (0 when the
 * name does not exist or has none; more than max are counted, not
 * kept), or -1 with *err in words (timeout, server failure, malformed
 * answer).
 */
int		 resolver_txt(struct resolver *, const char *name,
		    long long deadline, struct resolve_txt *out, size_t max,
		    char *err, size_t errlen);

#endif
