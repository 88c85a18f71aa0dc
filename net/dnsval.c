/*
 * dnsval.c: libunbound as smtpcli's own validator.  Sound as far as
 * libunbound is: the trust anchor is the only thing trusted; forwarders
 * only carry data.  Without libunbound at build time every call says so.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dnsval.h"

int
dnsval_built(void)
{
#ifdef HAVE_LIBUNBOUND
	return 1;
#else
	return 0;
#endif
}

#ifdef HAVE_LIBUNBOUND

#include <unbound.h>

#define DNSVAL_JOBS	256

struct dnsval_job {
	struct dnsval	*v;
	dnsval_cb	*cb;
	void		*arg;
	int		 id;
	int		 live;
};

struct dnsval {
	struct loop		*loop;
	struct ub_ctx		*ctx;
	struct dnsval_job	 jobs[DNSVAL_JOBS];
};

static void
dnsval_result(void *arg, int err, struct ub_result *res)
{
	struct dnsval_job	*j = arg;

	j->live = 0;
	if (err != 0 || res == NULL)
		j->cb(j->arg, -1, 0, 0, err != 0 ? ub_strerror(err) :
		    "no answer", NULL, 0);
	else if (res->answer_packet == NULL || res->answer_len <= 0)
		j->cb(j->arg, -1, 0, res->bogus, res->why_bogus != NULL ?
		    res->why_bogus : "no answer", NULL, 0);
	else
		j->cb(j->arg, 0, res->secure, res->bogus, res->why_bogus,
		    res->answer_packet, (size_t)res->answer_len);
	if (res != NULL)
		ub_resolve_free(res);
}

static void
dnsval_ready(void *arg, int fd, int revents)
{
	struct dnsval	*v = arg;

	(void)fd;
	(void)revents;
	(void)ub_process(v->ctx);
}

/* "IP[:PORT],..." (c-ares form) to unbound's "IP@PORT" forwarders. */
static int
dnsval_fwd(struct ub_ctx *ctx, const char *servers, char *err,
    size_t errlen)
{
	char	 buf[512], one[80], *p, *tok, *colon;
	int	 rc;

	snprintf(buf, sizeof(buf), "%s", servers);
	for (p = buf; (tok = strsep(&p, ",")) != NULL; ) {
		if (*tok == '[') {		/* [v6]:port */
			if ((colon = strchr(tok, ']')) == NULL)
				goto bad;
			*colon = '\0';
			snprintf(one, sizeof(one), "%s%s%s", tok + 1,
			    colon[1] == ':' ? "@" : "", colon[1] == ':' ?
			    colon + 2 : "");
		} else if ((colon = strchr(tok, ':')) != NULL &&
		    strchr(colon + 1, ':') == NULL) {
			*colon = '\0';
			snprintf(one, sizeof(one), "%s@%s", tok, colon + 1);
		} else
			snprintf(one, sizeof(one), "%s", tok);
		if ((rc = ub_ctx_set_fwd(ctx, one)) != 0) {
			snprintf(err, errlen, "--resolver %s: %s", servers,
			    ub_strerror(rc));
			return -1;
		}
	}
	return 0;
bad:
	snprintf(err, errlen, "--resolver %s: not IP[:PORT],...", servers);
	return -1;
}

struct dnsval *
dnsval_new(struct loop *loop, const char *servers, const char *anchor,
    char *err, size_t errlen)
{
	struct dnsval	*v;
	int		 rc;

	if ((v = calloc(1, sizeof(*v))) == NULL ||
	    (v->ctx = ub_ctx_create()) == NULL) {
		snprintf(err, errlen, "out of memory");
		free(v);
		return NULL;
	}
	v->loop = loop;
	/* forwarders on loopback are what tests and local caches use */
	(void)ub_ctx_set_option(v->ctx, "do-not-query-localhost:", "no");
	(void)ub_ctx_set_option(v->ctx, "val-log-level:", "2");
	if ((rc = ub_ctx_async(v->ctx, 1)) != 0 ||
	    (servers != NULL ? dnsval_fwd(v->ctx, servers, err, errlen) :
	    ub_ctx_resolvconf(v->ctx, NULL)) != 0) {
		if (rc != 0)
			snprintf(err, errlen, "libunbound: %s",
			    ub_strerror(rc));
		else if (servers == NULL)
			snprintf(err, errlen, "libunbound: cannot read "
			    "/etc/resolv.conf");
		goto fail;
	}
	if (anchor == NULL)
		anchor = DNSVAL_ROOT_KEY;
	if ((rc = ub_ctx_add_ta_file(v->ctx, anchor)) != 0) {
		snprintf(err, errlen, "trust anchor %s: %s", anchor,
		    ub_strerror(rc));
		goto fail;
	}
	if (loop_set(loop, ub_fd(v->ctx), POLLIN, dnsval_ready, v) == -1) {
		snprintf(err, errlen, "libunbound: cannot watch its socket");
		goto fail;
	}
	return v;
fail:
	ub_ctx_delete(v->ctx);
	free(v);
	return NULL;
}

void
dnsval_free(struct dnsval *v)
{
	if (v == NULL)
		return;
	loop_del(v->loop, ub_fd(v->ctx));
	ub_ctx_delete(v->ctx);
	free(v);
}

void
dnsval_send(struct dnsval *v, const char *name, unsigned int qtype,
    dnsval_cb *cb, void *arg)
{
	struct dnsval_job	*j = NULL;
	size_t			 i;
	int			 rc;

	for (i = 0; i < DNSVAL_JOBS && j == NULL; i++)
		if (!v->jobs[i].live)
			j = &v->jobs[i];
	if (j == NULL) {
		cb(arg, -1, 0, 0, "too many lookups at once", NULL, 0);
		return;
	}
	j->v = v;
	j->cb = cb;
	j->arg = arg;
	j->live = 1;
	if ((rc = ub_resolve_async(v->ctx, name, (int)qtype, 1, j,
	    dnsval_result, &j->id)) != 0) {
		j->live = 0;
		cb(arg, -1, 0, 0, ub_strerror(rc), NULL, 0);
	}
}

int
dnsval_wait(struct dnsval *v, int *pending, long long deadline)
{
	size_t	 i;

	while (*pending > 0) {
		if (loop_now() >= deadline) {
			for (i = 0; i < DNSVAL_JOBS; i++)
				if (v->jobs[i].live &&
				    ub_cancel(v->ctx, v->jobs[i].id) == 0) {
					v->jobs[i].live = 0;
					v->jobs[i].cb(v->jobs[i].arg, -1, 0, 0,
					    "DNS timeout: no answer in time",
					    NULL, 0);
				}
			return -1;
		}
		(void)loop_once(v->loop, deadline);
	}
	return 0;
}

#else	/* !HAVE_LIBUNBOUND */

struct dnsval *
dnsval_new(struct loop *loop, const char *servers, const char *anchor,
    char *err, size_t errlen)
{
	(void)loop;
	(void)servers;
	(void)anchor;
	snprintf(err, errlen, "--validate: smtpcli was built without "
	    "libunbound (meson -Dunbound=enabled)");
	return NULL;
}

void
dnsval_free(struct dnsval *v)
{
	(void)v;
}

void
dnsval_send(struct dnsval *v, const char *name, unsigned int qtype,
    dnsval_cb *cb, void *arg)
{
	(void)v;
	(void)name;
	(void)qtype;
	cb(arg, -1, 0, 0, "built without libunbound", NULL, 0);
}

int
dnsval_wait(struct dnsval *v, int *pending, long long deadline)
{
	(void)v;
	(void)deadline;
	return *pending > 0 ? -1 : 0;
}

#endif
