/*
 * smtpcli.c: main, options, choosing the mode, exit status.  The only
 * place that exits.
 */
#include <sys/socket.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "explain.h"
#include "loop.h"
#include "mx.h"
#include "mxplan.h"
#include "render.h"
#include "rendermx.h"
#include "renderout.h"
#include "repl.h"
#include "resolve.h"
#include "script.h"
#include "status.h"
#include "target.h"
#include "sendopt.h"
#include "tlsrun.h"
#include "usage.h"

#ifndef SMTPCLI_VERSION
#define SMTPCLI_VERSION "0.0"
#endif

#define CONNECT_TIMEOUT	30	/* seconds per address unless -t */

struct opts {
	const char	*script;
	const char	*pipe;
	const char	*helo;
	const char	*resolver;
	const char	*target;
	const char	*mx;		/* --mx DOMAIN */
	char	       **domains;	/* smtpcli mx DOMAIN... */
	int		 ndomains;
	int		 mxcmd;
	int		 probe;
	const char	*history;
	int		 no_history;
	char		 target_buf[300];	/* /connect's target */
	int		 port;
	int		 family;
	int		 timeout;
	int		 json;
	int		 quiet;
	int		 keep_going;
	int		 no_explain;
	int		 tls_on_connect;
	struct tlsrun	 tls;
	struct sendopt	 send;
	char		 verify_name[TARGET_HOST_MAX + 1];
};


static int
parse_int(const char *s, int min, int max, int *out)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* Long options without a short form. */
enum {
	OPT_PIPE = 256, OPT_HELO, OPT_JSON, OPT_KEEP, OPT_RESOLVER,
	OPT_NOEXPLAIN, OPT_STARTTLS, OPT_TLSCONNECT, OPT_CAFILE, OPT_CAPATH,
	OPT_INSECURE, OPT_SNI, OPT_NOSNI, OPT_CERT, OPT_KEY, OPT_TLSMIN,
	OPT_TLSMAX, OPT_CIPHERS, OPT_SHOWCHAIN, OPT_MX, OPT_PROBE, OPT_HISTORY,
	OPT_NOHISTORY
};

/* The TLS options. */
static int
parse_tls_opt(int ch, const char *arg, struct opts *o)
{
	struct tlsrun	*t = &o->tls;
	int		 v, mode;

	switch (ch) {
	case OPT_STARTTLS:
		mode = arg == NULL ? TLSRUN_REQUIRED : tlsrun_mode(arg);
		if (mode == -1) {
			fprintf(stderr, "smtpcli: --starttls: required or "
			    "opportunistic\n");
			return -1;
		}
		t->mode = (enum tlsrun_mode)mode;
		break;
	case OPT_TLSCONNECT:
		o->tls_on_connect = 1;
		break;
	case OPT_CAFILE:
		t->o.ca_file = arg;
		break;
	case OPT_CAPATH:
		t->o.ca_path = arg;
		break;
	case OPT_INSECURE:
		t->insecure = 1;
		break;
	case OPT_SNI:
		t->sni = arg;
		break;
	case OPT_NOSNI:
		t->no_sni = 1;
		break;
	case OPT_CERT:
		t->o.cert = arg;
		break;
	case OPT_KEY:
		t->o.key = arg;
		break;
	case OPT_TLSMIN:
	case OPT_TLSMAX:
		if ((v = tlsctx_version(arg)) == -1) {
			fprintf(stderr, "smtpcli: --tls-%s: 1.0, 1.1, 1.2 or "
			    "1.3\n", ch == OPT_TLSMIN ? "min" : "max");
			return -1;
		}
		if (ch == OPT_TLSMIN)
			t->o.min_version = v;
		else
			t->o.max_version = v;
		break;
	case OPT_CIPHERS:
		t->o.ciphers = arg;
		break;
	case OPT_SHOWCHAIN:
		t->show_chain = 1;
		break;
	}
	return 0;
}

/*
 * TLS in send mode: STARTTLS when offered unless --no-starttls; required
 * with --starttls, and with AUTH unless --allow-plaintext-auth.
 */
static int
send_policy(struct opts *o)
{
	struct sendopt	*so = &o->send;
	int		 auth_tls = so->auth != NULL && !so->allow_plaintext_auth;

	if (so->auth != NULL && !so->active) {
		fprintf(stderr, "smtpcli: --auth is for send mode (--from, "
		    "--to); in a script, type AUTH\n");
		return -1;
	}
	if (!so->active)
		return 0;
	if (so->no_starttls) {
		if (o->tls.mode != TLSRUN_OFF || o->tls_on_connect) {
			fprintf(stderr, "smtpcli: --no-starttls contradicts "
			    "--starttls and --tls-on-connect\n");
			return -1;
		}
		if (auth_tls) {
			fprintf(stderr, "smtpcli: --auth without TLS needs "
			    "--allow-plaintext-auth\n");
			return -1;
		}
		return 0;
	}
	if (o->tls_on_connect || (o->target != NULL &&
	    strncmp(o->target, "smtps://", 8) == 0))
		return 0;
	if (o->tls.mode == TLSRUN_OFF)
		o->tls.mode = auth_tls ? TLSRUN_REQUIRED : TLSRUN_OPPORTUNISTIC;
	else if (auth_tls)
		o->tls.mode = TLSRUN_REQUIRED;
	return 0;
}

static int
parse_opts(int argc, char *argv[], struct opts *o)
{
	static const struct option base[] = {
		{ "file", required_argument, NULL, 'f' },
		{ "port", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 't' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "pipe", required_argument, NULL, OPT_PIPE },
		{ "helo", required_argument, NULL, OPT_HELO },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "keep-going", no_argument, NULL, OPT_KEEP },
		{ "resolver", required_argument, NULL, OPT_RESOLVER },
		{ "no-explain", no_argument, NULL, OPT_NOEXPLAIN },
		{ "starttls", optional_argument, NULL, OPT_STARTTLS },
		{ "tls-on-connect", no_argument, NULL, OPT_TLSCONNECT },
		{ "ca-file", required_argument, NULL, OPT_CAFILE },
		{ "ca-path", required_argument, NULL, OPT_CAPATH },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "sni", required_argument, NULL, OPT_SNI },
		{ "no-sni", no_argument, NULL, OPT_NOSNI },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "tls-min", required_argument, NULL, OPT_TLSMIN },
		{ "tls-max", required_argument, NULL, OPT_TLSMAX },
		{ "ciphers", required_argument, NULL, OPT_CIPHERS },
		{ "show-chain", no_argument, NULL, OPT_SHOWCHAIN },
		{ "mx", required_argument, NULL, OPT_MX },
		{ "probe", no_argument, NULL, OPT_PROBE },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NOHISTORY },
	};
	struct option	 longopts[sizeof(base) / sizeof(base[0]) + 64];
	size_t		 nb = sizeof(base) / sizeof(base[0]), i;
	int		 ch;

	/* ours, then send mode's (cmd/sendopt.c), then the end mark */
	memcpy(longopts, base, sizeof(base));
	for (i = 0; sendopt_longopts[i].name != NULL && nb + i + 1 <
	    sizeof(longopts) / sizeof(longopts[0]); i++)
		longopts[nb + i] = sendopt_longopts[i];
	memset(&longopts[nb + i], 0, sizeof(longopts[0]));
	memset(o, 0, sizeof(*o));
	sendopt_init(&o->send);
	o->family = AF_UNSPEC;
	o->tls.o.keylog = getenv("SSLKEYLOGFILE");
	while ((ch = getopt_long(argc, argv, "46f:hp:qt:V", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case '4':
			o->family = AF_INET;
			break;
		case '6':
			o->family = AF_INET6;
			break;
		case 'f':
			o->script = optarg;
			break;
		case 'p':
			if (parse_int(optarg, 1, 65535, &o->port) == -1) {
				fprintf(stderr, "smtpcli: --port: 1-65535\n");
				return -1;
			}
			break;
		case 't':
			if (parse_int(optarg, 1, 86400, &o->timeout) == -1) {
				fprintf(stderr, "smtpcli: --timeout: seconds, "
				    "1-86400\n");
				return -1;
			}
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("smtpcli %s\n", SMTPCLI_VERSION);
			exit(0);
		case OPT_PIPE:
			o->pipe = optarg;
			break;
		case OPT_HELO:
			o->helo = optarg;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_KEEP:
			o->keep_going = 1;
			break;
		case OPT_RESOLVER:
			o->resolver = optarg;
			break;
		case OPT_NOEXPLAIN:
			o->no_explain = 1;
			break;
		case OPT_STARTTLS:
		case OPT_TLSCONNECT:
		case OPT_CAFILE:
		case OPT_CAPATH:
		case OPT_INSECURE:
		case OPT_SNI:
		case OPT_NOSNI:
		case OPT_CERT:
		case OPT_KEY:
		case OPT_TLSMIN:
		case OPT_TLSMAX:
		case OPT_CIPHERS:
		case OPT_SHOWCHAIN:
			if (parse_tls_opt(ch, optarg, o) == -1)
				return -1;
			break;
		case OPT_MX:
			o->mx = optarg;
			break;
		case OPT_PROBE:
			o->probe = 1;
			break;
		case OPT_HISTORY:
			o->history = optarg;
			break;
		case OPT_NOHISTORY:
			o->no_history = 1;
			break;
		default:
			if (ch >= SENDOPT_BASE) {
				if (sendopt_parse(&o->send, ch, optarg) == -1)
					return -1;
				break;
			}
			fputs("Try 'smtpcli --help'.\n", stderr);
			return -1;
		}
	}
	if (sendopt_check(&o->send) == -1)
		return -1;
	argc -= optind;
	argv += optind;
	/* "mx" as the first word, options before or after it */
	if (argc > 0 && strcmp(argv[0], "mx") == 0) {
		o->mxcmd = 1;
		o->domains = argv + 1;
		o->ndomains = argc - 1;
		if (o->ndomains == 0) {
			fprintf(stderr, "smtpcli: mx: a domain is needed\n");
			return -1;
		}
		if (o->pipe != NULL || o->script != NULL || o->mx != NULL) {
			fprintf(stderr, "smtpcli: mx: --pipe, --file and --mx "
			    "do not apply\n");
			return -1;
		}
		return 0;
	}
	if (o->probe) {
		fprintf(stderr, "smtpcli: --probe belongs to smtpcli mx\n");
		return -1;
	}
	if (argc > 1) {
		fprintf(stderr, "smtpcli: one target only\n");
		return -1;
	}
	o->target = argc == 1 ? argv[0] : NULL;
	if (o->mx != NULL && o->target != NULL) {
		fprintf(stderr, "smtpcli: --mx and a target exclude each "
		    "other\n");
		return -1;
	}
	if (o->mx != NULL)
		o->target = o->mx;
	if (o->pipe != NULL && o->target != NULL) {
		fprintf(stderr, "smtpcli: --pipe and a target exclude each "
		    "other\n");
		return -1;
	}
	if (o->send.active && o->pipe == NULL && o->target == NULL) {
		/* no server given: the first recipient's domain, via MX */
		const char *at = strrchr(o->send.rcpts.v[0], '@');

		if (at == NULL || at[1] == '\0') {
			fprintf(stderr, "smtpcli: %s has no domain to route; "
			    "give a target\n", o->send.rcpts.v[0]);
			return -1;
		}
		o->mx = o->target = at + 1;
	}
	if (o->pipe == NULL && o->target == NULL) {
		fprintf(stderr, "smtpcli: a target is needed\n");
		fputs("Try 'smtpcli --help'.\n", stderr);
		return -1;
	}
	if (o->tls_on_connect && o->tls.mode != TLSRUN_OFF) {
		fprintf(stderr, "smtpcli: --tls-on-connect and --starttls "
		    "exclude each other\n");
		return -1;
	}
	if (o->tls.o.key != NULL && o->tls.o.cert == NULL) {
		fprintf(stderr, "smtpcli: --key needs --cert\n");
		return -1;
	}
	return send_policy(o);
}

/* The default EHLO name: a fully qualified host name, never "localhost". */
static const char *
helo_default(char *buf, size_t len)
{
	if (gethostname(buf, len) == -1)
		return NULL;
	buf[len - 1] = '\0';
	if (strchr(buf, '.') == NULL || strncmp(buf, "localhost", 9) == 0)
		return NULL;	/* /ehlo then uses the address literal */
	return buf;
}

static unsigned int
random_cb(void *arg)
{
	(void)arg;
	return arc4random();
}

/*
 * Route a mail domain into addrs (RFC 5321 5.1), showing the plan.
 * Returns the number of addresses, or -1 with *status and *reason set.
 */
static int
route_domain(const struct opts *o, struct resolver *res, struct render *r,
    const char *domain, int port, int timeout, struct resolve_addr *addrs,
    char (*names)[MXPLAN_NAME_MAX + 1], int *status, const char **reason)
{
	struct mxplan	*plan;
	char		 err[512];
	size_t		 n, i, hostidx[RESOLVE_MAX_ADDRS];

	if ((plan = malloc(sizeof(*plan))) == NULL) {
		render_error(r, "out of memory");
		*status = ST_INTERNAL;
		*reason = "internal";
		return -1;
	}
	if (resolver_mx(res, domain, o->family, port,
	    loop_now() + 1000LL * timeout, random_cb, NULL, plan, err,
	    sizeof(err)) == -1) {
		render_error(r, "%s", err);
		free(plan);
		*status = ST_DNS;
		*reason = "dns-failed";
		return -1;
	}
	render_mx(r, plan);
	if (plan->kind == MXPLAN_NULL) {
		render_error(r, "%s: null MX (RFC 7505): this domain accepts "
		    "no mail", plan->domain);
		free(plan);
		*status = ST_DNS;
		*reason = "dns-failed";
		return -1;
	}
	n = mxplan_addrs(plan, addrs, hostidx, RESOLVE_MAX_ADDRS);
	/* TLS checks the MX host's name, never an address from DNS */
	for (i = 0; i < n; i++)
		snprintf(names[i], sizeof(names[i]), "%s",
		    plan->h[hostidx[i]].name);
	if (n == 0) {
		render_error(r, "%s: no MX host has an address", plan->domain);
		free(plan);
		*status = ST_DNS;
		*reason = "dns-failed";
		return -1;
	}
	free(plan);
	return (int)n;
}

/*
 * Connect to the addresses in order until one connects and greets with
 * 2xx; each failure is reported and the next address tried.  The last
 * address's greeting, whatever it is, is left to the script to judge.
 * *cp may be replaced by a fresh client.  Returns 0, or an exit status.
 */
static int
connect_addrs(struct opts *o, struct client **cp,
    struct render *r, const struct resolve_addr *addrs,
    char (*names)[MXPLAN_NAME_MAX + 1], size_t n, int timeout,
    const char **reason)
{
	struct client	*c;
	char		 as[64];
	size_t		 i;
	int		 st, code, worst = ST_NET, gt;
	enum verb	 v;

	gt = o->timeout > 0 ? o->timeout : session_timeout(VERB_GREETING);
	for (i = 0; i < n; i++) {
		if (client_connect(*cp, &addrs[i], 1, timeout) == -1)
			continue;
		if (names != NULL)
			snprintf(o->verify_name, sizeof(o->verify_name), "%.255s",
			    names[i]);
		/* implicit TLS: the greeting comes inside TLS */
		if (o->tls_on_connect && (st = tlsrun_handshake(&o->tls, *cp,
		    r, timeout, reason)) != 0)
			return st;
		if (i + 1 == n)
			return 0;
		st = client_wait(*cp, 1, loop_now() + 1000LL * gt);
		code = client_last_code(*cp);
		if (st == CLIENT_OK && code / 100 == 2)
			return 0;
		resolve_addrstr(&addrs[i], as, sizeof(as));
		if (code != 0) {
			render_error(r, "%s: greeting %d, not 2xx; trying the "
			    "next address", as, code);
			/* a 4xx anywhere means "later", as an MTA defers */
			if (code / 100 == 4)
				worst = ST_TEMP;
			else if (code / 100 == 5 && worst != ST_TEMP)
				worst = ST_PERM;
		} else
			render_error(r, "%s: %s; trying the next address", as,
			    client_error(*cp));
		if (st == CLIENT_OK && !client_gone(*cp) &&
		    client_send_line(*cp, "QUIT", 4, &v) == 0 &&
		    client_flush(*cp, loop_now() + 2000) == CLIENT_OK)
			(void)client_wait(*cp, 2, loop_now() + 2000);
		if ((c = client_new_like(*cp)) == NULL) {
			render_error(r, "out of memory");
			*reason = "internal";
			return ST_INTERNAL;
		}
		client_free(*cp);
		*cp = c;
	}
	render_error(r, "%s: no address could be connected to%s", o->target,
	    worst == ST_NET ? "" : " with a 2xx greeting");
	*reason = worst == ST_TEMP ? "rejected-temporary" :
	    worst == ST_PERM ? "rejected-permanent" : "connect-failed";
	return worst;
}

/* Resolve and connect the target.  Returns 0, or an exit status. */
static int
connect_target(struct opts *o, struct loop *loop, struct client **cp,
    struct render *r, const char **reason)
{
	struct resolve_addr	 addrs[RESOLVE_MAX_ADDRS];
	char			 names[RESOLVE_MAX_ADDRS][MXPLAN_NAME_MAX + 1];
	struct resolver		*res;
	struct target		 t;
	const char		*why;
	char			 err[512];
	int			 n, port, timeout, status = ST_INTERNAL;

	timeout = o->timeout > 0 ? o->timeout : CONNECT_TIMEOUT;
	if (target_parse(o->target, &t, &why) == -1) {
		render_error(r, "%s", why);
		*reason = "usage";
		return ST_USAGE;
	}
	if (o->mx != NULL) {
		if (t.literal || t.port || t.implicit_tls ||
		    strchr(o->target, '/') != NULL) {
			render_error(r, "--mx %s: a mail domain, without port "
			    "or URL", o->target);
			*reason = "usage";
			return ST_USAGE;
		}
		t.domain = 1;
	}
	if (t.implicit_tls && o->tls.mode != TLSRUN_OFF) {
		render_error(r, "%s: smtps:// is TLS from the start; "
		    "--starttls does not apply", o->target);
		*reason = "usage";
		return ST_USAGE;
	}
	if (t.implicit_tls)
		o->tls_on_connect = 1;
	/* the certificate is checked against the name the user typed */
	snprintf(o->verify_name, sizeof(o->verify_name), "%s", t.host);
	o->tls.verify_name = o->verify_name;
	if (t.port != 0 && o->port != 0 && t.port != o->port) {
		render_error(r, "port %d in the target and --port %d differ",
		    t.port, o->port);
		*reason = "usage";
		return ST_USAGE;
	}
	port = t.port ? t.port : o->port ? o->port :
	    o->tls_on_connect ? 465 : 25;
	if (t.literal) {
		if (resolve_literal(t.host, port, &addrs[0]) == -1 ||
		    (o->family != AF_UNSPEC &&
		    addrs[0].ss.ss_family != o->family)) {
			render_error(r, "%s: address family excluded by -4/-6",
			    t.host);
			*reason = "usage";
			return ST_USAGE;
		}
		n = 1;
	} else {
		if ((res = resolver_new(loop, o->resolver, err,
		    sizeof(err))) == NULL) {
			render_error(r, "%s", err);
			*reason = o->resolver != NULL ? "usage" : "dns-failed";
			return o->resolver != NULL ? ST_USAGE : ST_DNS;
		}
		if (t.domain) {
			n = route_domain(o, res, r, t.host, port, timeout,
			    addrs, names, &status, reason);
			resolver_free(res);
			if (n == -1)
				return status;
		} else {
			n = resolver_addrs(res, t.host, o->family, port,
			    loop_now() + 1000LL * timeout, addrs,
			    RESOLVE_MAX_ADDRS, err, sizeof(err));
			resolver_free(res);
			if (n == -1) {
				render_error(r, "%s", err);
				*reason = "dns-failed";
				return ST_DNS;
			}
			render_dns(r, t.host, addrs, (size_t)n);
		}
	}
	return connect_addrs(o, cp, r, addrs, t.domain ? names : NULL,
	    (size_t)n, timeout, reason);
}

/*
 * TLS files named on the command line are read now, so that a missing
 * one is reported before anything connects (status 66, as for scripts).
 */
static int
tls_files(struct opts *o, struct render *r, const char **reason)
{
	const char	*f[] = { o->tls.o.ca_file, o->tls.o.ca_path,
			    o->tls.o.cert, o->tls.o.key };
	char		 err[512];
	size_t		 i;
	int		 why;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (f[i] != NULL && access(f[i], R_OK) == -1) {
			render_error(r, "TLS: %s: %s", f[i], strerror(errno));
			*reason = "input-unreadable";
			return ST_NOINPUT;
		}
	if (o->tls.o.ca_file == NULL && o->tls.o.ca_path == NULL &&
	    o->tls.o.cert == NULL)
		return 0;
	if ((o->tls.ctx = tlsctx_new(&o->tls.o, err, sizeof(err),
	    &why)) == NULL) {
		render_error(r, "TLS: %s", err);
		*reason = why == TLSCTX_EFILE ? "input-unreadable" : "usage";
		return why == TLSCTX_EFILE ? ST_NOINPUT : ST_USAGE;
	}
	return 0;
}

/*
 * Connect as the command line says: spawn --pipe's command, or connect
 * to the target (target, when not NULL, replaces it: the REPL's
 * /connect).  The client may be replaced (MX failover).
 */
static int
connect_one(struct opts *o, struct loop *loop, struct client **c,
    struct render *r, const char *target, const char **reason)
{
	struct transport	*t;
	char			 err[256];

	if (target == NULL && o->pipe != NULL) {
		if ((t = transport_spawn(o->pipe, err, sizeof(err))) == NULL) {
			render_error(r, "--pipe: %s", err);
			*reason = "internal";
			return ST_INTERNAL;
		}
		render_info(r, "Running %s", o->pipe);
		/* no host to check a certificate against but --sni's */
		o->tls.verify_name = o->tls.sni != NULL ? o->tls.sni :
		    "(--pipe: no name; give --sni)";
		client_attach(*c, t);
		client_set_prelude(*c, 1);
		return 0;
	}
	if (target != NULL) {
		/* /connect TARGET: from now on the session's target */
		snprintf(o->target_buf, sizeof(o->target_buf), "%s", target);
		o->target = o->target_buf;
		o->mx = NULL;
		o->pipe = NULL;
	}
	return connect_target(o, loop, c, r, reason);
}

/* What send mode's connect callback needs. */
struct send_ctx {
	struct opts	*o;
	struct loop	*loop;
	struct render	*r;
};

static int
send_connect(void *arg, client_event_cb *cb, void *cbarg, struct client **out,
    const char **reason)
{
	struct send_ctx	*x = arg;
	struct client	*c;
	int		 st;

	if ((c = client_new(x->loop, cb, cbarg)) == NULL) {
		*reason = "internal";
		return ST_INTERNAL;
	}
	if ((st = connect_one(x->o, x->loop, &c, x->r, NULL, reason)) != 0) {
		client_free(c);
		return st;
	}
	*out = c;
	return 0;
}

static int
message_dump_cb(void *arg, const char *buf, size_t len)
{
	(void)arg;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/* Send mode: build the message, then send it (or just print it). */
static int
send_main(struct opts *o, struct loop *loop, struct render *r,
    const char *helo, const char **reason)
{
	struct sendopt		*so = &o->send;
	struct message_opts	 mo;
	struct message		*msg;
	struct auth		 auth;
	struct send_ctx		 x;
	char			 err[512], host[256];
	int			 st;

	memset(&mo, 0, sizeof(mo));
	/* the null sender <> has no From: give one with --header */
	mo.from = so->from[0] != '\0' ? so->from : NULL;
	mo.to = so->to.v;
	mo.nto = so->to.n;
	mo.cc = so->cc.v;
	mo.ncc = so->cc.n;
	mo.subject = so->subject;
	mo.headers = so->headers.v;
	mo.nheaders = so->headers.n;
	mo.body = so->body;
	mo.attach = so->attach.v;
	mo.nattach = so->attach.n;
	mo.attach_type = so->attach_type;
	mo.data = so->data;
	mo.hostname = helo != NULL ? helo : "smtpcli.invalid";
	mo.now = time(NULL);
	if ((msg = message_new(&mo, err, sizeof(err))) == NULL) {
		render_error(r, "%s", err);
		*reason = "input-unreadable";
		return ST_NOINPUT;
	}
	if (so->dump) {
		st = message_emit(msg, message_dump_cb, NULL, err,
		    sizeof(err)) == -1 ? ST_NOINPUT : ST_OK;
		if (st != ST_OK)
			render_error(r, "%s", err);
		fflush(stdout);
		message_free(msg);
		*reason = st == ST_OK ? "ok" : "input-unreadable";
		return st;
	}
	memset(&auth, 0, sizeof(auth));
	if (so->auth != NULL) {
		auth.mech = so->auth;
		auth.user = so->user;
		auth.show_secrets = so->show_secrets;
		auth.allow_plaintext = so->allow_plaintext_auth;
		snprintf(host, sizeof(host), "%s", o->target != NULL ?
		    o->target : "localhost");
		auth.host = host;
		auth.port = o->port ? o->port : 25;
		if (auth_secret(&auth, so->password_env,
		    so->password_file, isatty(STDIN_FILENO), err,
		    sizeof(err)) == -1) {
			render_error(r, "%s", err);
			message_free(msg);
			*reason = "usage";
			return ST_USAGE;
		}
	}
	so->so.msg = msg;
	so->so.msg_stdin = (so->data != NULL && strcmp(so->data, "-") == 0) ||
	    (so->body != NULL && strcmp(so->body, "-") == 0);
	so->so.helo = o->helo;
	so->so.timeout = o->timeout;
	so->so.tls = &o->tls;
	so->so.auth = so->auth != NULL ? &auth : NULL;
	so->so.progress = isatty(STDERR_FILENO) && !o->json &&
	    (so->so.count > 1 || so->so.connections > 1);
	x.o = o;
	x.loop = loop;
	x.r = r;
	st = send_run(loop, r, send_connect, &x, &so->so, reason);
	auth_clear(&auth);
	message_free(msg);
	return st;
}

/* The REPL's connector. */
static int
repl_connector(void *arg, struct client **c, struct render *r,
    const char *target, const char **reason)
{
	struct send_ctx	*cn = arg;

	return connect_one(cn->o, cn->loop, c, r, target, reason);
}

/* A terminal on both ends and no script named: the interactive REPL. */
static int
run_repl(struct opts *o, struct loop *loop, int color, const char *helo,
    const char **reason)
{
	struct repl_opts	 ro;
	struct send_ctx		 cn = { o, loop, NULL };

	memset(&ro, 0, sizeof(ro));
	ro.target = o->target;
	ro.helo = helo;
	ro.timeout = o->timeout;
	ro.quiet = o->quiet;
	ro.explain = !o->no_explain;
	ro.color = color;
	ro.history = o->history;
	ro.no_history = o->no_history;
	ro.connect = repl_connector;
	ro.connect_arg = &cn;
	ro.tls = &o->tls;
	ro.implicit_tls = o->tls_on_connect;
	return repl_run(loop, &ro, reason);
}

int
main(int argc, char *argv[])
{
	struct opts		 o;
	struct script_opts	 so;
	struct loop		*loop;
	struct render		*r;
	struct client		*c;
	const char		*reason = "ok", *name;
	char			 hostbuf[256];
	FILE			*in = stdin;
	int			 status, color;

	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "explain") == 0)
		return explain_main(argc - 1, argv + 1);
	if (parse_opts(argc, argv, &o) == -1) {
		sendopt_free(&o.send);
		return ST_USAGE;
	}
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if ((loop = loop_new()) == NULL ||
	    (r = render_new(stdout, stderr, o.json, o.quiet, !o.no_explain,
	    color)) == NULL ||
	    (c = client_new(loop, render_event, r)) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		return ST_INTERNAL;
	}
	if ((status = tls_files(&o, r, &reason)) != 0)
		goto out;
	if (o.mxcmd) {
		struct mx_opts	 mo;

		memset(&mo, 0, sizeof(mo));
		mo.resolver = o.resolver;
		mo.helo = o.helo != NULL ? o.helo :
		    helo_default(hostbuf, sizeof(hostbuf));
		mo.family = o.family;
		mo.port = o.port ? o.port : 25;
		mo.timeout = o.timeout > 0 ? o.timeout : CONNECT_TIMEOUT;
		mo.probe = o.probe;
		mo.rnd = random_cb;
		mo.tls = &o.tls;
		status = mx_run(loop, r, o.domains, (size_t)o.ndomains, &mo,
		    &reason);
		goto out;
	}
	if (o.send.active) {
		status = send_main(&o, loop, r, o.helo != NULL ? o.helo :
		    helo_default(hostbuf, sizeof(hostbuf)), &reason);
		goto out;
	}
	if (o.script == NULL && !o.json && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO)) {
		status = run_repl(&o, loop, color, o.helo != NULL ? o.helo :
		    helo_default(hostbuf, sizeof(hostbuf)), &reason);
		goto out;
	}
	name = "stdin";
	if (o.script != NULL && strcmp(o.script, "-") != 0) {
		if ((in = fopen(o.script, "r")) == NULL) {
			render_error(r, "%s: %s", o.script, strerror(errno));
			status = ST_NOINPUT;
			reason = "input-unreadable";
			in = stdin;
			goto out;
		}
		name = o.script;
	}
	if ((status = connect_one(&o, loop, &c, r, NULL, &reason)) != 0)
		goto out;
	memset(&so, 0, sizeof(so));
	so.helo = o.helo != NULL ? o.helo :
	    helo_default(hostbuf, sizeof(hostbuf));
	so.timeout = o.timeout;
	so.keep_going = o.keep_going;
	so.tls = &o.tls;
	so.implicit_tls = o.tls_on_connect;
	status = script_run(c, r, in, name, &so, &reason);
out:
	client_free(c);
	tlsrun_free(&o.tls);
	sendopt_free(&o.send);
	if (in != stdin)
		fclose(in);
	render_summary(r, status, reason);
	render_free(r);
	loop_free(loop);
	return status;
}
