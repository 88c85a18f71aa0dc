/*
 * resolve.c: c-ares glue.  c-ares tells us which sockets it uses through
 * the socket-state callback; the poll loop watches them and hands
 * readiness back with ares_process_fd.  Timeouts: ares_timeout bounds each
 * poll so c-ares can retry, and the caller's deadline bounds the whole.
 */
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ares.h>

#include "mxplan.h"
#include "resolve.h"

struct resolver {
	struct loop	*loop;
	ares_channel	 ch;
};

struct resolve_job {
	int			*pending;	/* decremented when done */
	int			 status;
	struct addr		*out;
	size_t			 max, n;
	int			 port;
	char			*cname;		/* alias target, or NULL */
	size_t			 cnamelen;
};

static void
resolve_sock_cb(void *arg, ares_socket_t fd, int readable, int writable);

static void
resolve_ready(void *arg, int fd, int revents)
{
	struct resolver	*r = arg;
	ares_socket_t	 rfd = ARES_SOCKET_BAD, wfd = ARES_SOCKET_BAD;

	if (revents & (POLLIN | POLLERR | POLLHUP))
		rfd = fd;
	if (revents & POLLOUT)
		wfd = fd;
	ares_process_fd(r->ch, rfd, wfd);
}

static void
resolve_sock_cb(void *arg, ares_socket_t fd, int readable, int writable)
{
	struct resolver	*r = arg;

	if (!readable && !writable) {
		loop_del(r->loop, fd);
		return;
	}
	(void)loop_set(r->loop, fd, (readable ? POLLIN : 0) |
	    (writable ? POLLOUT : 0), resolve_ready, r);
}

static struct resolver *
resolver_make(struct loop *loop, const char *servers, int raw, char *err,
    size_t errlen)
{
	static int		 inited;
	struct resolver		*r;
	struct ares_options	 o;
	int			 rc;

	if (!inited) {
		if ((rc = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS) {
			snprintf(err, errlen, "c-ares: %s", ares_strerror(rc));
			return NULL;
		}
		inited = 1;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->loop = loop;
	memset(&o, 0, sizeof(o));
	o.sock_state_cb = resolve_sock_cb;
	o.sock_state_cb_data = r;
	o.timeout = 2000;
	o.tries = 3;
	o.flags = raw ? ARES_FLAG_NOCHECKRESP : 0;
	rc = ares_init_options(&r->ch, &o, ARES_OPT_SOCK_STATE_CB |
	    ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | (raw ? ARES_OPT_FLAGS : 0));
	if (rc != ARES_SUCCESS) {
		snprintf(err, errlen, "c-ares: %s", ares_strerror(rc));
		free(r);
		return NULL;
	}
	if (servers != NULL &&
	    (rc = ares_set_servers_ports_csv(r->ch, servers)) != ARES_SUCCESS) {
		snprintf(err, errlen, "--resolver %s: %s", servers,
		    ares_strerror(rc));
		ares_destroy(r->ch);
		free(r);
		return NULL;
	}
	return r;
}

struct resolver *
resolver_new(struct loop *loop, const char *servers, char *err, size_t errlen)
{
	return resolver_make(loop, servers, 0, err, errlen);
}

struct resolver *
resolver_new_raw(struct loop *loop, const char *servers, char *err,
    size_t errlen)
{
	return resolver_make(loop, servers, 1, err, errlen);
}

void
resolver_free(struct resolver *r)
{
	if (r == NULL)
		return;
	ares_destroy(r->ch);
	free(r);
}

/*
 * Run the loop until *pending lookups are done or the deadline passes;
 * then the rest are cancelled (their callbacks run) and -1 is returned.
 */
static int
resolve_run(struct resolver *r, int *pending, long long deadline)
{
	struct timeval	 tv, *tvp;
	long long	 d, now, t;

	while (*pending > 0) {
		now = loop_now();
		if (deadline >= 0 && now >= deadline) {
			ares_cancel(r->ch);
			return -1;
		}
		d = deadline;
		if ((tvp = ares_timeout(r->ch, NULL, &tv)) != NULL) {
			t = now + tvp->tv_sec * 1000LL + tvp->tv_usec / 1000;
			if (d < 0 || t < d)
				d = t;
		}
		if (loop_once(r->loop, d) == 0)
			ares_process_fd(r->ch, ARES_SOCKET_BAD,
			    ARES_SOCKET_BAD);
	}
	return 0;
}

static void
resolve_addr_cb(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct resolve_job		*job = arg;
	struct ares_addrinfo_node	*n;

	(void)timeouts;
	(*job->pending)--;
	job->status = status;
	if (status != ARES_SUCCESS || ai == NULL)
		return;
	if (ai->cnames != NULL && job->cname != NULL)
		snprintf(job->cname, job->cnamelen, "%s", ai->cnames->name);
	for (n = ai->nodes; n != NULL && job->n < job->max; n = n->ai_next) {
		struct addr *a = &job->out[job->n];

		if (n->ai_addrlen > sizeof(a->ss))
			continue;
		memset(a, 0, sizeof(*a));
		memcpy(&a->ss, n->ai_addr, n->ai_addrlen);
		a->len = n->ai_addrlen;
		if (a->ss.ss_family == AF_INET)
			((struct sockaddr_in *)&a->ss)->sin_port =
			    htons((unsigned short)job->port);
		else if (a->ss.ss_family == AF_INET6)
			((struct sockaddr_in6 *)&a->ss)->sin6_port =
			    htons((unsigned short)job->port);
		else
			continue;
		job->n++;
	}
	ares_freeaddrinfo(ai);
}

/*
 * c-ares says "could not contact" when it could not even open a socket:
 * nonzero when that is because this process has no descriptor left.
 */
static int
resolve_no_fds(void)
{
	int	 fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) != -1) {
		close(fd);
		return 0;
	}
	return errno == EMFILE || errno == ENFILE;
}

static const char *
resolve_words(int status)
{
	if ((status == ARES_ECONNREFUSED || status == ARES_ESERVFAIL) &&
	    resolve_no_fds())
		return "no file descriptor left for a DNS socket (too many "
		    "open files: see ulimit -n)";
	switch (status) {
	case ARES_ENOTFOUND:
	case ARES_ENODATA:
		return "no such host (NXDOMAIN, or no address record)";
	case ARES_ETIMEOUT:
		return "DNS timeout: no answer from the resolver";
	case ARES_ESERVFAIL:
		return "DNS server failure (SERVFAIL)";
	case ARES_EREFUSED:
		return "DNS query refused by the resolver";
	case ARES_ECONNREFUSED:
		/* c-ares 1.18 reports SERVFAIL and REFUSED answers so too */
		return "the DNS server failed (SERVFAIL or REFUSED) or could "
		    "not be contacted";
	default:
		return ares_strerror(status);
	}
}

int
resolver_addrs(struct resolver *r, const char *host, int family, int port,
    long long deadline, struct addr *out, size_t max, char *err,
    size_t errlen)
{
	struct ares_addrinfo_hints	 hints;
	struct resolve_job		 job;
	int				 pending;

	memset(&job, 0, sizeof(job));
	job.out = out;
	job.max = max;
	job.port = port;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	job.pending = &pending;
	pending = 1;
	ares_getaddrinfo(r->ch, host, NULL, &hints, resolve_addr_cb, &job);
	if (resolve_run(r, &pending, deadline) == -1) {
		snprintf(err, errlen, "%s: DNS timeout: no answer in time",
		    host);
		return -1;
	}
	if (job.status != ARES_SUCCESS) {
		snprintf(err, errlen, "%s: %s", host, resolve_words(job.status));
		return -1;
	}
	if (job.n == 0) {
		snprintf(err, errlen, "%s: no usable address", host);
		return -1;
	}
	return (int)job.n;
}

struct resolve_mxjob {
	int		*pending;
	int		 status;
	struct mxplan	*plan;
};

static void
resolve_mx_cb(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct resolve_mxjob	*job = arg;
	struct ares_mx_reply	*mx = NULL, *m;

	(void)timeouts;
	(*job->pending)--;
	job->status = status;
	if (status != ARES_SUCCESS)
		return;
	/* an answer without MX (a CNAME only) means no MX, as NODATA */
	if ((job->status = ares_parse_mx_reply(abuf, alen, &mx)) !=
	    ARES_SUCCESS) {
		if (job->status == ARES_ENODATA)
			return;
		job->status = ARES_EBADRESP;
		return;
	}
	for (m = mx; m != NULL; m = m->next)
		(void)mxplan_add(job->plan, m->host, m->priority);
	ares_free_data(mx);
}

static const char *
resolve_mx_words(int status)
{
	switch (status) {
	case ARES_ENOTFOUND:
		return "no such domain (NXDOMAIN)";
	case ARES_EBADRESP:
		return "malformed MX answer from the DNS server";
	default:
		return resolve_words(status);
	}
}

/* Addresses of a host written as an address literal (a misconfiguration). */
static void
resolve_mx_literal(struct mxplan_host *h, int family, int port)
{
	char	 lit[MXPLAN_NAME_MAX + 1];
	size_t	 len = strlen(h->name);

	if (len > 2 && h->name[0] == '[') {
		memcpy(lit, h->name + 1, len - 2);
		lit[len - 2] = '\0';
	} else
		memcpy(lit, h->name, len + 1);
	if (addr_literal(lit, port, &h->addrs[0]) == -1)
		return;
	if (family != AF_UNSPEC && h->addrs[0].ss.ss_family != family) {
		snprintf(h->err, sizeof(h->err), "address family excluded "
		    "by -4/-6");
		return;
	}
	h->naddrs = 1;
}

int
resolver_mx(struct resolver *r, const char *domain, int family, int port,
    long long deadline, unsigned int (*rnd)(void *), void *rndarg,
    struct mxplan *plan, char *err, size_t errlen)
{
	struct ares_addrinfo_hints	 hints;
	struct resolve_mxjob		 mj;
	struct resolve_job		 jobs[MXPLAN_SLOTS];
	struct mxplan_host		*h;
	size_t				 i, have = 0;
	int				 pending, timedout;

	mxplan_init(plan, domain);
	memset(&mj, 0, sizeof(mj));
	mj.pending = &pending;
	mj.plan = plan;
	pending = 1;
	ares_query(r->ch, plan->domain, ns_c_in, ns_t_mx, resolve_mx_cb, &mj);
	if (resolve_run(r, &pending, deadline) == -1) {
		snprintf(err, errlen, "%s: DNS timeout: no MX answer in time",
		    plan->domain);
		return -1;
	}
	if (mj.status != ARES_SUCCESS && mj.status != ARES_ENODATA) {
		snprintf(err, errlen, "%s: %s", plan->domain,
		    resolve_mx_words(mj.status));
		return -1;
	}
	if (mxplan_finish(plan, rnd, rndarg) == MXPLAN_NULL)
		return 0;

	/* every host at once; c-ares asks A and AAAA in parallel */
	memset(jobs, 0, sizeof(jobs));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	pending = 0;
	for (i = 0; i < plan->n; i++) {
		h = &plan->h[i];
		if (h->flags & MXPLAN_F_LITERAL)
			resolve_mx_literal(h, family, port);
		if (!mxplan_needs_lookup(h))
			continue;
		jobs[i].pending = &pending;
		jobs[i].out = h->addrs;
		jobs[i].max = MXPLAN_ADDRS;
		jobs[i].port = port;
		jobs[i].status = -1;
		jobs[i].cname = h->cname;
		jobs[i].cnamelen = sizeof(h->cname);
		pending++;
	}
	for (i = 0; i < plan->n; i++)
		if (jobs[i].pending != NULL)
			ares_getaddrinfo(r->ch, plan->h[i].name, NULL, &hints,
			    resolve_addr_cb, &jobs[i]);
	timedout = resolve_run(r, &pending, deadline) == -1;
	for (i = 0; i < plan->n; i++) {
		h = &plan->h[i];
		if (jobs[i].pending != NULL) {
			h->naddrs = jobs[i].n;
			if (timedout && jobs[i].status == ARES_ECANCELLED)
				snprintf(h->err, sizeof(h->err), "DNS timeout: "
				    "no answer in time");
			else if (jobs[i].status != ARES_SUCCESS)
				snprintf(h->err, sizeof(h->err), "%s",
				    resolve_words(jobs[i].status));
			else if (h->naddrs == 0)
				snprintf(h->err, sizeof(h->err), "no usable "
				    "address");
			/* an alias is only wrong where an MX points to it */
			if (h->cname[0] != '\0' && plan->kind == MXPLAN_MX)
				h->flags |= MXPLAN_F_CNAME;
		}
		have += h->naddrs;
	}
	if (have == 0 && plan->kind == MXPLAN_IMPLICIT) {
		snprintf(err, errlen, "%s: no MX record and no address: %s",
		    plan->domain, plan->h[0].err);
		return -1;
	}
	return 0;
}


struct resolve_raw {
	resolver_raw_cb	*cb;
	void		*arg;
};

static void
resolve_raw_cb(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct resolve_raw	*rr = arg;

	(void)timeouts;
	if (status == ARES_SUCCESS && abuf != NULL && alen > 0)
		rr->cb(rr->arg, 0, NULL, abuf, (size_t)alen);
	else
		rr->cb(rr->arg, -1, status == ARES_ECANCELLED ?
		    "DNS timeout: no answer in time" : resolve_words(status),
		    NULL, 0);
	free(rr);
}

void
resolver_send(struct resolver *r, const unsigned char *q, size_t qlen,
    resolver_raw_cb *cb, void *arg)
{
	struct resolve_raw	*rr;

	if ((rr = malloc(sizeof(*rr))) == NULL) {
		cb(arg, -1, "out of memory", NULL, 0);
		return;
	}
	rr->cb = cb;
	rr->arg = arg;
	ares_send(r->ch, q, (int)qlen, resolve_raw_cb, rr);
}

int
resolver_wait(struct resolver *r, int *pending, long long deadline)
{
	return resolve_run(r, pending, deadline);
}

struct resolve_txtjob {
	int			*pending;
	int			 status;
	struct resolve_txt	*out;
	size_t			 max;
	size_t			 n;	/* records seen, kept or not */
};

/* Appends one string of a record to the record being built. */
static void
resolve_txt_append(struct resolve_txt *t, const unsigned char *s, size_t len)
{
	size_t	 room = sizeof(t->text) - 1 - t->len;

	if (len > room) {
		len = room;
		t->cut = 1;
	}
	memcpy(t->text + t->len, s, len);
	t->len += len;
	t->text[t->len] = '\0';
}

static void
resolve_txt_cb(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct resolve_txtjob	*job = arg;
	struct ares_txt_ext	*txt = NULL, *t;
	struct resolve_txt	*cur = NULL;

	(void)timeouts;
	(*job->pending)--;
	job->status = status;
	if (status != ARES_SUCCESS)
		return;
	if ((job->status = ares_parse_txt_reply_ext(abuf, alen, &txt)) !=
	    ARES_SUCCESS) {
		if (job->status != ARES_ENODATA)
			job->status = ARES_EBADRESP;
		return;
	}
	for (t = txt; t != NULL; t = t->next) {
		if (t->record_start || cur == NULL) {
			cur = NULL;
			if (job->n++ < job->max) {
				cur = &job->out[job->n - 1];
				memset(cur, 0, sizeof(*cur));
			}
		}
		if (cur != NULL)
			resolve_txt_append(cur, t->txt, t->length);
	}
	ares_free_data(txt);
}

int
resolver_txt(struct resolver *r, const char *name, long long deadline,
    struct resolve_txt *out, size_t max, char *err, size_t errlen)
{
	struct resolve_txtjob	 job;
	int			 pending = 1;

	memset(&job, 0, sizeof(job));
	job.pending = &pending;
	job.out = out;
	job.max = max;
	ares_query(r->ch, name, ns_c_in, ns_t_txt, resolve_txt_cb, &job);
	if (resolve_run(r, &pending, deadline) == -1) {
		snprintf(err, errlen, "%s: DNS timeout: no TXT answer in time",
		    name);
		return -1;
	}
	if (job.status == ARES_ENOTFOUND || job.status == ARES_ENODATA)
		return 0;
	if (job.status != ARES_SUCCESS) {
		snprintf(err, errlen, "%s: %s", name,
		    resolve_mx_words(job.status));
		return -1;
	}
	return job.n > (size_t)0x7fffffff ? 0x7fffffff : (int)job.n;
}
