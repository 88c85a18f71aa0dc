/*
 * mxplan.h: the delivery plan for a mail domain (RFC 5321 5.1).  Pure:
 * MX records in, hosts in the order to try out; the DNS lookups that fill
 * it live in resolve.c.  Randomness is injected so that tests are exact.
 */
#ifndef SMTPCLI_MXPLAN_H
#define SMTPCLI_MXPLAN_H

#include <stddef.h>

#include "addr.h"

#define MXPLAN_HOSTS	16	/* MX hosts kept: the most preferred */
#define MXPLAN_SLOTS	(MXPLAN_HOSTS + 1)	/* and a root among them */
#define MXPLAN_ADDRS	8	/* addresses kept per host */
#define MXPLAN_NAME_MAX	255
#define MXPLAN_ERR_MAX	160

enum mxplan_kind {
	MXPLAN_EMPTY,		/* nothing added yet */
	MXPLAN_MX,		/* MX records */
	MXPLAN_IMPLICIT,	/* no MX: the domain itself (5.1) */
	MXPLAN_NULL,		/* "0 ." alone: accepts no mail (RFC 7505) */
	MXPLAN_KIND_MAX
};

/* struct mxplan_host flags */
#define MXPLAN_F_CNAME		0x01	/* the name is an alias (RFC 2181 10.3) */
#define MXPLAN_F_LITERAL	0x02	/* an address where a name belongs */
#define MXPLAN_F_NULLMIX	0x04	/* a "." among other MX: skipped */

struct mxplan_host {
	char		 name[MXPLAN_NAME_MAX + 1];	/* no trailing dot */
	int		 pref;
	int		 flags;
	char		 cname[MXPLAN_NAME_MAX + 1];	/* the alias's target */
	char		 err[MXPLAN_ERR_MAX];	/* why it has no address */
	size_t		 naddrs;
	struct addr addrs[MXPLAN_ADDRS];
};

struct mxplan {
	char		 domain[MXPLAN_NAME_MAX + 1];
	enum mxplan_kind kind;
	size_t		 n;
	size_t		 dropped;	/* less preferred MX records left out */
	size_t		 nullmx;	/* root MX records seen (kept or not) */
	int		 nullpref;	/* the first one's preference */
	struct mxplan_host h[MXPLAN_SLOTS];
};

/* A source of random numbers: any value, uniform enough. */
typedef unsigned int	 mxplan_rand(void *arg);

/* Empty plan for domain (a trailing dot is dropped). */
void		 mxplan_init(struct mxplan *, const char *domain);

/*
 * Add an MX record: host as the answer carries it ("" or "." is the
 * root, a null MX: counted in nullmx wherever it comes).  A host already
 * added (names compared without case) keeps the better preference.
 * With MXPLAN_HOSTS kept, a record more preferred than the least
 * preferred kept one takes its place: whatever the answer's order, the
 * plan holds the most preferred records.  Returns 0, or -1 when the
 * record (or the one it replaced) was left out, counted in dropped.
 */
int		 mxplan_add(struct mxplan *, const char *host, int pref);

/*
 * Decide the plan once every record is added: root MX records alone make
 * it MXPLAN_NULL; a root among others is one more host (the spare slot),
 * flagged MXPLAN_F_NULLMIX and sorted last; no record makes it MXPLAN_IMPLICIT with the domain as
 * its one host (preference 0); otherwise hosts are sorted by preference
 * and hosts of equal preference shuffled with rnd.  Address-literal names
 * get MXPLAN_F_LITERAL.  Returns the kind.
 */
enum mxplan_kind mxplan_finish(struct mxplan *, mxplan_rand *rnd,
		    void *arg);

/* Nonzero when a host must be looked up (not the root, not a literal). */
int		 mxplan_needs_lookup(const struct mxplan_host *);

/*
 * The addresses to try, in order, without repeats, at most max.  Each
 * out[i] comes with its host index in hostidx[i] (hostidx may be NULL).
 * Returns the count.
 */
size_t		 mxplan_addrs(const struct mxplan *, struct addr *out,
		    size_t *hostidx, size_t max);

/* "mx", "implicit", "null", ... */
const char	*mxplan_kind_name(enum mxplan_kind);

#endif
