/*
 * smtpcli.c: main, options, choosing the mode, exit status.  The only
 * place that exits.
 */
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addr.h"
#include "client.h"
#include "dial.h"
#include "dnsval.h"
#include "explain.h"
#include "infile.h"
#include "loop.h"
#include "msgfile.h"
#include "mx.h"
#include "render.h"
#include "renderout.h"
#include "repl.h"
#include "script.h"
#include "status.h"
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
	int		 security;	/* mx --security */
	int		 tlsa_record;	/* mx --tlsa-record */
	int		 sts_port;	/* --sts-port (testing) */
	const char	*history;
	int		 no_history;
	int		 port;
	int		 family;
	int		 timeout;
	int		 json;
	int		 quiet;
	int		 keep_going;
	int		 no_explain;
	int		 explain;	/* --explain: RENDER_EXPLAIN_* + 1 */
	int		 tls_on_connect;
	int		 has_source;	/* --source */
	struct addr	 source;
	struct tlsrun	 tls;
	struct sendopt	 send;
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

/*
 * A write to stdout or stderr that failed (/dev/full, a closed pipe,
 * EIO) ends any run with 74, said once on stderr if that still works:
 * output nobody got is not a success.  Returns st otherwise.
 */
static int
output_status(int st)
{
	int	 out_ok, err_ok, e = 0;

	errno = 0;
	out_ok = fflush(stdout) == 0 && !ferror(stdout);
	if (!out_ok)
		e = errno;
	err_ok = fflush(stderr) == 0 && !ferror(stderr);
	if (out_ok && err_ok)
		return st;
	if (!out_ok && err_ok)
		fprintf(stderr, "smtpcli: cannot write to standard "
		    "output%s%s\n", e != 0 ? ": " : "",
		    e != 0 ? strerror(e) : "");
	return outcome_status(OUTCOME_OUTPUT_FAILED);
}

/* Long options without a short form. */
enum {
	OPT_PIPE = 256, OPT_HELO, OPT_JSON, OPT_KEEP, OPT_RESOLVER,
	OPT_NOEXPLAIN, OPT_STARTTLS, OPT_TLSCONNECT, OPT_CAFILE, OPT_CAPATH,
	OPT_INSECURE, OPT_SNI, OPT_NOSNI, OPT_CERT, OPT_KEY, OPT_TLSMIN,
	OPT_TLSMAX, OPT_CIPHERS, OPT_SHOWCHAIN, OPT_MX, OPT_PROBE, OPT_HISTORY,
	OPT_NOHISTORY, OPT_SECURITY, OPT_STSPORT, OPT_SOURCE, OPT_EXPLAIN,
	OPT_VERIFYNAME, OPT_TLSAREC, OPT_DANE, OPT_VALIDATE, OPT_ANCHOR
};

/* A host name (letters, digits, '-', '_', dots) or an address. */
static int
verify_name_ok(const char *s)
{
	size_t	 n = strlen(s), i;

	if (n == 0 || n > 253)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == '.' || s[i] == ':'))
			return 0;
	return 1;
}

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
	case OPT_VERIFYNAME:
		if (!verify_name_ok(arg)) {
			fprintf(stderr, "smtpcli: --verify-name: a host name "
			    "or an address\n");
			return -1;
		}
		t->verify_as = arg;
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
	case OPT_DANE:
		t->dane = 1;
		break;
	case OPT_VALIDATE:
		if (!dnsval_built()) {
			fprintf(stderr, "smtpcli: --validate: built without "
			    "libunbound (meson -Dunbound=enabled)\n");
			return -1;
		}
		t->validate = 1;
		break;
	case OPT_ANCHOR:
		t->anchor = arg;
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
	/* a local socket crosses no network: STARTTLS only when asked */
	if (o->target != NULL && strncmp(o->target, "unix:", 5) == 0 &&
	    o->tls.mode == TLSRUN_OFF && !auth_tls)
		return 0;
	if (o->tls.mode == TLSRUN_OFF)
		o->tls.mode = auth_tls ? TLSRUN_REQUIRED : TLSRUN_OPPORTUNISTIC;
	else if (auth_tls)
		o->tls.mode = TLSRUN_REQUIRED;
	return 0;
}

/* The options of smtpcli mx. */
static int
parse_mx_opt(int ch, const char *arg, struct opts *o)
{
	switch (ch) {
	case OPT_PROBE:
		o->probe = 1;
		break;
	case OPT_SECURITY:
		o->security = 1;
		break;
	case OPT_TLSAREC:
		o->tlsa_record = 1;
		break;
	default:
		if (parse_int(arg, 1, 65535, &o->sts_port) == -1) {
			fprintf(stderr, "smtpcli: --sts-port: 1-65535\n");
			return -1;
		}
		break;
	}
	return 0;
}

/* One option of the command line (ch as getopt_long() returns it). */
static int
parse_opt(int ch, const char *arg, struct opts *o)
{
	const char	*why;

	switch (ch) {
	case '4':
		o->family = AF_INET;
		break;
	case '6':
		o->family = AF_INET6;
		break;
	case 'f':
		o->script = arg;
		break;
	case 'p':
		if (parse_int(arg, 1, 65535, &o->port) == -1) {
			fprintf(stderr, "smtpcli: --port: 1-65535\n");
			return -1;
		}
		break;
	case 't':
		if (parse_int(arg, 1, 86400, &o->timeout) == -1) {
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
		exit(output_status(0));
	case 'V':
		printf("smtpcli %s\n", SMTPCLI_VERSION);
		exit(output_status(0));
	case OPT_PIPE:
		o->pipe = arg;
		break;
	case OPT_HELO:
		o->helo = arg;
		break;
	case OPT_JSON:
		o->json = 1;
		break;
	case OPT_KEEP:
		o->keep_going = 1;
		break;
	case OPT_RESOLVER:
		if (addr_servers(arg, &why) == -1) {
			fprintf(stderr, "smtpcli: --resolver: %s\n", why);
			return -1;
		}
		o->resolver = arg;
		break;
	case OPT_NOEXPLAIN:
		o->no_explain = 1;
		break;
	case OPT_EXPLAIN:
		if ((o->explain = render_explain_parse(arg) + 1) == 0) {
			fprintf(stderr, "smtpcli: --explain: all, errors or "
			    "off\n");
			return -1;
		}
		break;
	case OPT_STARTTLS:
	case OPT_TLSCONNECT:
	case OPT_CAFILE:
	case OPT_CAPATH:
	case OPT_INSECURE:
	case OPT_SNI:
	case OPT_VERIFYNAME:
	case OPT_NOSNI:
	case OPT_CERT:
	case OPT_KEY:
	case OPT_TLSMIN:
	case OPT_TLSMAX:
	case OPT_CIPHERS:
	case OPT_SHOWCHAIN:
	case OPT_DANE:
	case OPT_VALIDATE:
	case OPT_ANCHOR:
		if (parse_tls_opt(ch, arg, o) == -1)
			return -1;
		break;
	case OPT_MX:
		o->mx = arg;
		break;
	case OPT_PROBE:
	case OPT_SECURITY:
	case OPT_TLSAREC:
	case OPT_STSPORT:
		if (parse_mx_opt(ch, arg, o) == -1)
			return -1;
		break;
	case OPT_HISTORY:
		o->history = arg;
		break;
	case OPT_NOHISTORY:
		o->no_history = 1;
		break;
	case OPT_SOURCE:
		if (addr_source(arg, &o->source) == -1) {
			fprintf(stderr, "smtpcli: --source: ADDR, ADDR:PORT, "
			    "[IPV6]:PORT or :PORT (an address, not a name)\n");
			return -1;
		}
		o->has_source = 1;
		break;
	default:
		if (ch >= SENDOPT_BASE) {
			if (sendopt_parse(&o->send, ch, arg) == -1)
				return -1;
			break;
		}
		fputs("Try 'smtpcli --help'.\n", stderr);
		return -1;
	}
	return 0;
}

/*
 * --helo goes into EHLO lines in every mode (and send mode's
 * Message-ID): a CR or LF would end the line early and smuggle a second
 * command; no control character belongs in a domain or literal.
 */
static int
parse_helo(const char *helo)
{
	const unsigned char	*p;

	if (helo == NULL)
		return 0;
	for (p = (const unsigned char *)helo; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f) {
			fprintf(stderr, "smtpcli: --helo: %s not allowed in "
			    "the EHLO name\n", *p == '\r' ? "a CR is" :
			    *p == '\n' ? "an LF is" : "a control character is");
			return -1;
		}
	return 0;
}

/* The options together, and the words after them: mode and target. */
static int
parse_check(int argc, char *argv[], struct opts *o)
{
	if (sendopt_check(&o->send) == -1 || parse_helo(o->helo) == -1)
		return -1;
	if (o->tls.o.min_version != 0 && o->tls.o.max_version != 0 &&
	    o->tls.o.min_version > o->tls.o.max_version) {
		fprintf(stderr, "smtpcli: --tls-min is above --tls-max\n");
		return -1;
	}
	/* "mx" as the first word, options before or after it */
	if (argc > 0 && strcmp(argv[0], "mx") == 0) {
		o->mxcmd = 1;
		o->domains = argv + 1;
		o->ndomains = argc - 1;
		if (o->ndomains == 0) {
			fprintf(stderr, "smtpcli: mx: a domain is needed\n");
			return -1;
		}
		if (o->pipe != NULL || o->script != NULL || o->mx != NULL ||
		    o->has_source) {
			fprintf(stderr, "smtpcli: mx: --pipe, --file, --mx and "
			    "--source do not apply\n");
			return -1;
		}
		if (o->tlsa_record && (o->probe || o->security)) {
			fprintf(stderr, "smtpcli: mx: --tlsa-record excludes "
			    "--probe and --security\n");
			return -1;
		}
		return 0;
	}
	if (o->probe || o->security || o->sts_port || o->tlsa_record) {
		fprintf(stderr, "smtpcli: --%s belongs to smtpcli mx\n",
		    o->probe ? "probe" : o->security ? "security" :
		    o->sts_port ? "sts-port" : "tlsa-record");
		return -1;
	}
	if (o->has_source && o->source.ss.ss_family != AF_UNSPEC) {
		if (o->family != AF_UNSPEC &&
		    o->family != o->source.ss.ss_family) {
			fprintf(stderr, "smtpcli: --source and -4/-6 name "
			    "different address families\n");
			return -1;
		}
		o->family = o->source.ss.ss_family;
	}
	if (argc > 1) {
		fprintf(stderr, "smtpcli: one target only");
		if (argc == 2 && parse_int(argv[1], 1, 65535, &o->port) == 0)
			fprintf(stderr, ": did you mean %s%s%s:%s?",
			    strchr(argv[0], ':') != NULL ? "[" : "", argv[0],
			    strchr(argv[0], ':') != NULL ? "]" : "", argv[1]);
		fputc('\n', stderr);
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
	if (o->pipe != NULL && o->has_source) {
		fprintf(stderr, "smtpcli: --pipe has no socket to bind: no "
		    "--source\n");
		return -1;
	}
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

/*
 * The command line, first scanned (each option on its own), then checked
 * as a whole (parse_check).  Returns 0, or -1 after saying why.
 */
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
		{ "explain", required_argument, NULL, OPT_EXPLAIN },
		{ "starttls", optional_argument, NULL, OPT_STARTTLS },
		{ "tls-on-connect", no_argument, NULL, OPT_TLSCONNECT },
		{ "ca-file", required_argument, NULL, OPT_CAFILE },
		{ "ca-path", required_argument, NULL, OPT_CAPATH },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "sni", required_argument, NULL, OPT_SNI },
		{ "verify-name", required_argument, NULL, OPT_VERIFYNAME },
		{ "no-sni", no_argument, NULL, OPT_NOSNI },
		{ "cert", required_argument, NULL, OPT_CERT },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "tls-min", required_argument, NULL, OPT_TLSMIN },
		{ "tls-max", required_argument, NULL, OPT_TLSMAX },
		{ "ciphers", required_argument, NULL, OPT_CIPHERS },
		{ "show-chain", no_argument, NULL, OPT_SHOWCHAIN },
		{ "dane", no_argument, NULL, OPT_DANE },
		{ "validate", no_argument, NULL, OPT_VALIDATE },
		{ "trust-anchor", required_argument, NULL, OPT_ANCHOR },
		{ "mx", required_argument, NULL, OPT_MX },
		{ "probe", no_argument, NULL, OPT_PROBE },
		{ "security", no_argument, NULL, OPT_SECURITY },
		{ "tlsa-record", no_argument, NULL, OPT_TLSAREC },
		{ "sts-port", required_argument, NULL, OPT_STSPORT },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NOHISTORY },
		{ "source", required_argument, NULL, OPT_SOURCE },
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
	    NULL)) != -1)
		if (parse_opt(ch, optarg, o) == -1)
			return -1;
	return parse_check(argc - optind, argv + optind, o);
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

/* Where to connect, as the command line says. */
static void
dial_opts_of(struct opts *o, struct dial_opts *d)
{
	memset(d, 0, sizeof(*d));
	d->target = o->target;
	d->pipe = o->pipe;
	d->mx = o->mx != NULL;
	d->port = o->port;
	d->family = o->family;
	d->timeout = o->timeout;
	d->resolver = o->resolver;
	d->source = o->has_source ? &o->source : NULL;
	d->implicit_tls = o->tls_on_connect;
	d->tls = &o->tls;
	o->tls.resolver = o->resolver;
}

static int
message_dump_cb(void *arg, const char *buf, size_t len)
{
	(void)arg;
	return fwrite(buf, 1, len, stdout) == len ? 0 : -1;
}

/* Send mode: build the message, then send it (or just print it). */
static enum outcome
run_send(struct opts *o, struct loop *loop, struct render *r,
    const char *helo)
{
	struct sendopt		*so = &o->send;
	struct message_opts	 mo;
	struct message		*msg;
	struct auth		 auth;
	struct dial_opts	 d;
	char			 err[512];
	enum outcome		 oc;
	int			 invalid;

	memset(&mo, 0, sizeof(mo));
	/* the null sender <> has no From: give one with --header */
	mo.from = so->from[0] != '\0' ? so->from_hdr : NULL;
	mo.to = so->to_hdr.v;
	mo.nto = so->to_hdr.n;
	mo.cc = so->cc_hdr.v;
	mo.ncc = so->cc_hdr.n;
	mo.smtputf8 = so->so.smtputf8;
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
	mo.pid = (long)getpid();
	mo.files = msgfile_posix();
	if ((msg = message_new(&mo, err, sizeof(err), &invalid)) == NULL) {
		render_error(r, "%s", err);
		return invalid ? OUTCOME_MESSAGE_INVALID :
		    OUTCOME_INPUT_UNREADABLE;
	}
	if (so->dump) {
		oc = OUTCOME_OK;
		if (message_emit(msg, message_dump_cb, NULL, err,
		    sizeof(err)) == -1) {
			render_error(r, "%s", err);
			oc = message_invalid(msg) ? OUTCOME_MESSAGE_INVALID :
			    OUTCOME_INPUT_UNREADABLE;
		}
		fflush(stdout);
		message_free(msg);
		return oc;
	}
	memset(&auth, 0, sizeof(auth));
	if (so->auth != NULL) {
		auth.mech = so->auth;
		auth.user = so->user;
		auth.show_secrets = so->show_secrets;
		auth.allow_plaintext = so->allow_plaintext_auth;
		auth.wait = o->timeout;
		auth.tls = &o->tls;
		if (auth_secret(&auth, so->password_env,
		    so->password_file, isatty(STDIN_FILENO), err,
		    sizeof(err)) == -1) {
			render_error(r, "%s", err);
			message_free(msg);
			return OUTCOME_USAGE;
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
	dial_opts_of(o, &d);
	so->so.dial = &d;
	oc = send_run(loop, r, &so->so);
	auth_clear(&auth);
	message_free(msg);
	return oc;
}

/* A terminal on both ends and no script named: the interactive REPL. */
static enum outcome
run_repl(struct opts *o, struct loop *loop, int color, int explain,
    const char *helo)
{
	struct repl_opts	 ro;
	struct dial_opts	 d;

	memset(&ro, 0, sizeof(ro));
	ro.target = o->target;
	ro.helo = helo;
	ro.timeout = o->timeout;
	ro.quiet = o->quiet;
	ro.explain = explain;
	ro.color = color;
	ro.history = o->history;
	ro.no_history = o->no_history;
	dial_opts_of(o, &d);
	ro.dial = &d;
	ro.tls = &o->tls;
	return repl_run(loop, &ro);
}

/* smtpcli mx DOMAIN...: the delivery plan, and probes with --probe. */
static enum outcome
run_mx(struct opts *o, struct loop *loop, struct render *r,
    const char *helo)
{
	struct mx_opts	 mo;

	memset(&mo, 0, sizeof(mo));
	mo.resolver = o->resolver;
	mo.helo = helo;
	mo.family = o->family;
	mo.port = o->port ? o->port : 25;
	mo.timeout = o->timeout > 0 ? o->timeout : CONNECT_TIMEOUT;
	mo.probe = o->probe;
	mo.security = o->security;
	mo.tlsa_record = o->tlsa_record;
	mo.sts_port = o->sts_port;
	mo.rnd = random_cb;
	mo.tls = &o->tls;
	return mx_run(loop, r, o->domains, (size_t)o->ndomains, &mo);
}

/* A script from a file or stdin on one connection. */
static enum outcome
run_script(struct opts *o, struct loop *loop, struct render *r,
    const char *helo)
{
	struct script_opts	 so;
	struct dial_opts	 d;
	struct client		*c;
	const char		*name = "stdin";
	FILE			*in = stdin;
	char			 err[PATH_MAX + 128];
	int			 fd = -1;
	enum outcome		 oc;

	if (o->script != NULL && strcmp(o->script, "-") != 0) {
		/* a FIFO nobody writes to is not waited for forever */
		if ((fd = infile_open(o->script, o->timeout, err,
		    sizeof(err))) == -1 || (in = fdopen(fd, "r")) == NULL) {
			if (fd != -1) {
				snprintf(err, sizeof(err), "%s: %s", o->script,
				    strerror(errno));
				close(fd);
			}
			render_error(r, "%s", err);
			return OUTCOME_INPUT_UNREADABLE;
		}
		name = o->script;
	}
	dial_opts_of(o, &d);
	if ((oc = dial_open(&d, loop, r, render_event, r, &c)) !=
	    OUTCOME_OK) {
		client_free(c);
		if (in != stdin)
			fclose(in);
		return oc;
	}
	memset(&so, 0, sizeof(so));
	so.helo = helo;
	so.timeout = o->timeout;
	so.keep_going = o->keep_going;
	so.tls = &o->tls;
	oc = script_run(c, r, in, name, &so);
	client_free(c);
	if (in != stdin)
		fclose(in);
	return oc;
}

/*
 * A closed 0, 1 or 2 would be the next descriptor opened: the transcript
 * would go into the SMTP connection and the script be read from it.
 * Each is opened on /dev/null instead.  Returns 0, or -1 when one stays
 * closed.
 */
static int
std_fds(void)
{
	int	 fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		/* the lowest free descriptor: fd itself */
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			return -1;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	struct opts		 o;
	struct loop		*loop;
	struct render		*r;
	const char		*helo;
	char			 hostbuf[256];
	enum outcome		 oc;
	int			 color, explain;

	if (std_fds() == -1)
		return ST_INTERNAL;
	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "explain") == 0)
		return output_status(explain_main(argc - 1, argv + 1, 0));
	if (argc > 2 && strcmp(argv[1], "--json") == 0 &&
	    strcmp(argv[2], "explain") == 0)
		return output_status(explain_main(argc - 2, argv + 2, 1));
	if (parse_opts(argc, argv, &o) == -1) {
		sendopt_free(&o.send);
		return output_status(ST_USAGE);
	}
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	/* on a terminal, 2xx replies get one line: "errors" */
	explain = o.explain != 0 ? o.explain - 1 : o.no_explain ?
	    RENDER_EXPLAIN_OFF : isatty(STDOUT_FILENO) && !o.json ?
	    RENDER_EXPLAIN_ERRORS : RENDER_EXPLAIN_ALL;
	if ((loop = loop_new()) == NULL ||
	    (r = render_new(stdout, stderr, o.json, o.quiet, explain,
	    color)) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		return ST_INTERNAL;
	}
	/* any mode may come to hold a secret (--auth, /auth, AUTH lines) */
	if (auth_nodump(hostbuf, sizeof(hostbuf)) == -1)
		render_error(r, "warning: %s: a core dump could hold secrets",
		    hostbuf);
	/* notes fit the terminal; output that is not one is never wrapped */
	render_set_width(r, render_tty_cols(STDOUT_FILENO));
	helo = o.helo != NULL ? o.helo : helo_default(hostbuf, sizeof(hostbuf));
	if ((oc = tlsrun_files(&o.tls, r)) != OUTCOME_OK)
		;	/* reported: nothing connects */
	else if (o.mxcmd)
		oc = run_mx(&o, loop, r, helo);
	else if (o.send.active)
		oc = run_send(&o, loop, r, helo);
	else if (o.script == NULL && !o.json && isatty(STDIN_FILENO) &&
	    isatty(STDOUT_FILENO))
		oc = run_repl(&o, loop, color, explain, helo);
	else
		oc = run_script(&o, loop, r, helo);
	tlsrun_free(&o.tls);
	sendopt_free(&o.send);
	/* the summary says so when stderr failed; a failed stdout cannot */
	if (fflush(stderr) != 0 || ferror(stderr))
		oc = OUTCOME_OUTPUT_FAILED;
	render_summary(r, outcome_status(oc), outcome_reason(oc));
	render_free(r);
	loop_free(loop);
	return output_status(outcome_status(oc));
}
