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
#include <unistd.h>

#include "client.h"
#include "explain.h"
#include "loop.h"
#include "render.h"
#include "repl.h"
#include "resolve.h"
#include "script.h"
#include "status.h"
#include "target.h"

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
	const char	*history;
	int		 no_history;
	int		 port;
	int		 family;
	int		 timeout;
	int		 json;
	int		 quiet;
	int		 keep_going;
	int		 no_explain;
};

static void
usage(FILE *fp)
{
	fputs(
"usage: smtpcli [options] TARGET\n"
"       smtpcli [options] -f SCRIPT TARGET\n"
"       smtpcli [options] --pipe 'COMMAND'\n"
"       smtpcli explain [--after COMMAND] CODE|ENHANCED|'REPLY'|COMMAND...\n"
"       smtpcli explain --list | - | --log FILE\n"
"\n"
"An SMTP client for probing, scripting and explaining mail servers.\n"
"On a terminal it opens an interactive session (see INTERACTIVE);\n"
"otherwise commands are read from SCRIPT, or from standard input; each\n"
"line is sent as typed and the replies are shown (see SCRIPTS).\n"
"\n"
"Target:\n"
"  host, host:port, [v6addr]:port, IPv4/IPv6 literal, smtp://host[:port]\n"
"  -p, --port PORT        port when the target names none (default 25)\n"
"  -4, -6                 use IPv4 or IPv6 addresses only\n"
"      --pipe COMMAND     speak SMTP to COMMAND's stdin/stdout instead\n"
"                         (e.g. --pipe 'exim -bh 127.0.0.1')\n"
"      --resolver IP[:PORT][,...]\n"
"                         DNS servers to use instead of /etc/resolv.conf\n"
"\n"
"Session:\n"
"  -f, --file SCRIPT      run SCRIPT (\"-\" for standard input)\n"
"  -t, --timeout SECONDS  one timeout for every wait (default: connect 30,\n"
"                         RFC 5321 4.5.3.2: greeting, MAIL, RCPT 300,\n"
"                         DATA 120, data block 180, end of data 600)\n"
"      --helo NAME        name for /ehlo (default: the host's fully\n"
"                         qualified name, else the local address literal)\n"
"      --keep-going       go on after a failed /expect (still exits 65)\n"
"      --history FILE     interactive history file (default\n"
"                         $XDG_STATE_HOME/smtpcli/history)\n"
"      --no-history       keep no history file\n"
"\n"
"Output:\n"
"      --json             one JSON object per event on stdout\n"
"      --no-explain       no meaning under each reply (\"    # \" lines)\n"
"  -q, --quiet            show only errors\n"
"  -h, --help             this help\n"
"  -V, --version          version\n"
"\n"
"Scripts:\n"
"  EHLO client.example    any other line is sent as typed\n"
"  # comment              outside message data; blank lines are skipped\n"
"  DATA                   then message data lines, ended by a lone \".\"\n"
"  /expect 250|2xx|5.1.1|550 5.1.1   judge the last reply (| = or)\n"
"  /data FILE             DATA, then FILE as the message\n"
"  /bdat FILE [LAST]      BDAT <size> [LAST], then FILE's octets\n"
"  /ehlo [NAME]           EHLO with --helo's name\n"
"  /force LINE            send LINE even if longer than 512 octets\n"
"  /sleep SECONDS         wait, still reading replies\n"
"  /quit                  QUIT, read 221, end\n"
"\n"
"Transcript: \" -> \" sent, \"<-  \" received, \"<** \" error reply,\n"
"\"=== \" information, \"*** \" error (on stderr).\n"
"\n",
	    fp);
	/* two strings: C11 compilers need support only 4095 octets each */
	fputs(
"Interactive (stdin and stdout a terminal, no -f, no --json): the same\n"
"lines with Tab completion and history, replies shown as they come, and\n"
"  /help [COMMAND]        the commands, or one\n"
"  /explain [CODE]        a code, enhanced code or command (the last reply)\n"
"  /caps                  the server's capabilities, explained\n"
"  /tls                   TLS facts of this session\n"
"  /starttls              send STARTTLS\n"
"  /auth MECH [USER]      AUTH PLAIN or LOGIN; asks for the secret\n"
"  /send [TO]             a whole test transaction (/set from, to)\n"
"  /source SCRIPT         run a script here, expectations included\n"
"  /connect TARGET        a new session with TARGET\n"
"  /reconnect             a new session with the same target\n"
"  /close                 drop the connection without QUIT\n"
"  /set [NAME [VALUE]]    timeout, explain, colour, helo, from, to\n"
"  /history               the lines kept (never AUTH material)\n"
"  /save FILE             the transcript so far\n"
"  /abort                 leave message data without ending it\n"
"  Ctrl-C clears the line or stops a wait; Ctrl-D sends QUIT and exits 0.\n"
"\n"
"Exit status:\n"
"  0 success               64 usage (options, target, script syntax)\n"
"  65 an /expect failed    66 input file unreadable or unusable\n"
"  68 name resolution      69 refused permanently (5xx)\n"
"  70 internal error       74 network failure, connection lost, timeout\n"
"  75 refused temporarily (4xx), delivery status unknown\n"
"  76 protocol violation   77 authentication failed\n"
"\n"
"Explain (offline):\n"
"  smtpcli explain 550 5.1.1    a code, an enhanced code, or both\n"
"  smtpcli explain '550 5.7.1 Relay access denied'   a whole reply line\n"
"  smtpcli explain --after RCPT 452   the meaning in context\n"
"  smtpcli explain RCPT         a command: syntax and possible replies\n"
"  smtpcli explain --list       every known code, one a line\n"
"  smtpcli explain --log FILE   a mail log, each reply explained (- stdin)\n"
"\n"
"Examples:\n"
"  printf 'EHLO me.example\\n/expect 250\\nQUIT\\n' | smtpcli mx.example.org\n"
"  smtpcli -f check.smtp --json -t 10 127.0.0.1:2525\n"
"  smtpcli --pipe 'exim -bh 192.0.2.1' -f session.smtp\n",
	    fp);
}

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

static int
parse_opts(int argc, char *argv[], struct opts *o)
{
	enum { OPT_PIPE = 256, OPT_HELO, OPT_JSON, OPT_KEEP, OPT_RESOLVER,
	    OPT_NOEXPLAIN, OPT_HISTORY, OPT_NOHISTORY };
	static const struct option longopts[] = {
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
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "no-history", no_argument, NULL, OPT_NOHISTORY },
		{ NULL, 0, NULL, 0 }
	};
	int	 ch;

	memset(o, 0, sizeof(*o));
	o->family = AF_UNSPEC;
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
		case OPT_HISTORY:
			o->history = optarg;
			break;
		case OPT_NOHISTORY:
			o->no_history = 1;
			break;
		default:
			fputs("Try 'smtpcli --help'.\n", stderr);
			return -1;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1) {
		fprintf(stderr, "smtpcli: one target only\n");
		return -1;
	}
	o->target = argc == 1 ? argv[0] : NULL;
	if (o->pipe != NULL && o->target != NULL) {
		fprintf(stderr, "smtpcli: --pipe and a target exclude each "
		    "other\n");
		return -1;
	}
	if (o->pipe == NULL && o->target == NULL) {
		fprintf(stderr, "smtpcli: a target is needed\n");
		fputs("Try 'smtpcli --help'.\n", stderr);
		return -1;
	}
	return 0;
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

/* Resolve and connect the target.  Returns 0, or an exit status. */
static int
connect_target(const struct opts *o, struct loop *loop, struct client *c,
    struct render *r, const char **reason)
{
	struct resolve_addr	 addrs[RESOLVE_MAX_ADDRS];
	struct resolver		*res;
	struct target		 t;
	const char		*why;
	char			 err[512];
	int			 n, port, timeout;

	timeout = o->timeout > 0 ? o->timeout : CONNECT_TIMEOUT;
	if (target_parse(o->target, &t, &why) == -1) {
		render_error(r, "%s", why);
		*reason = "usage";
		return ST_USAGE;
	}
	if (t.domain) {
		render_error(r, "%s: routing a mail domain through its MX "
		    "hosts is not built yet; give a host", o->target);
		*reason = "usage";
		return ST_USAGE;
	}
	if (t.implicit_tls) {
		render_error(r, "%s: implicit TLS (smtps://) is not built "
		    "yet", o->target);
		*reason = "usage";
		return ST_USAGE;
	}
	if (t.port != 0 && o->port != 0 && t.port != o->port) {
		render_error(r, "port %d in the target and --port %d differ",
		    t.port, o->port);
		*reason = "usage";
		return ST_USAGE;
	}
	port = t.port ? t.port : o->port ? o->port : 25;
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
		n = resolver_addrs(res, t.host, o->family, port,
		    loop_now() + 1000LL * timeout, addrs, RESOLVE_MAX_ADDRS,
		    err, sizeof(err));
		resolver_free(res);
		if (n == -1) {
			render_error(r, "%s", err);
			*reason = "dns-failed";
			return ST_DNS;
		}
		render_dns(r, t.host, addrs, (size_t)n);
	}
	if (client_connect(c, addrs, (size_t)n, timeout) == -1) {
		render_error(r, "%s: %s", o->target, client_error(c));
		*reason = "connect-failed";
		return ST_NET;
	}
	return 0;
}

struct connector {
	const struct opts	*o;
	struct loop		*loop;
};

/* The REPL's connector: the command line's way, or another target. */
static int
repl_connector(void *arg, struct client *c, struct render *r,
    const char *target, const char **reason)
{
	struct connector	*cn = arg;
	struct opts		 o = *cn->o;
	struct transport	*t;
	char			 err[256];

	if (target == NULL && o.pipe != NULL) {
		if ((t = transport_spawn(o.pipe, err, sizeof(err))) == NULL) {
			render_error(r, "--pipe: %s", err);
			*reason = "internal";
			return ST_INTERNAL;
		}
		render_info(r, "Running %s", o.pipe);
		client_attach(c, t);
		client_set_prelude(c, 1);
		return 0;
	}
	if (target != NULL)
		o.target = target;
	return connect_target(&o, cn->loop, c, r, reason);
}

/* A terminal on both ends and no script named: the interactive REPL. */
static int
run_repl(struct opts *o, struct loop *loop, int color, const char *helo,
    const char **reason)
{
	struct repl_opts	 ro;
	struct connector	 cn = { o, loop };

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
	struct transport	*t;
	const char		*reason = "ok", *name;
	char			 hostbuf[256], err[256];
	FILE			*in = stdin;
	int			 status, color;

	signal(SIGPIPE, SIG_IGN);
	if (argc > 1 && strcmp(argv[1], "explain") == 0)
		return explain_main(argc - 1, argv + 1);
	if (parse_opts(argc, argv, &o) == -1)
		return ST_USAGE;
	color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL;
	if ((loop = loop_new()) == NULL ||
	    (r = render_new(stdout, stderr, o.json, o.quiet, !o.no_explain,
	    color)) == NULL ||
	    (c = client_new(loop, render_event, r)) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		return ST_INTERNAL;
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
	if (o.pipe != NULL) {
		if ((t = transport_spawn(o.pipe, err, sizeof(err))) == NULL) {
			render_error(r, "--pipe: %s", err);
			status = ST_INTERNAL;
			reason = "internal";
			goto out;
		}
		render_info(r, "Running %s", o.pipe);
		client_attach(c, t);
		client_set_prelude(c, 1);
	} else if ((status = connect_target(&o, loop, c, r, &reason)) != 0)
		goto out;
	memset(&so, 0, sizeof(so));
	so.helo = o.helo != NULL ? o.helo :
	    helo_default(hostbuf, sizeof(hostbuf));
	so.timeout = o.timeout;
	so.keep_going = o.keep_going;
	status = script_run(c, r, in, name, &so, &reason);
out:
	client_free(c);
	if (in != stdin)
		fclose(in);
	render_summary(r, status, reason);
	render_free(r);
	loop_free(loop);
	return status;
}
