/*
 * sendopt.c: send mode's and AUTH's options.  Values are checked here so
 * that a bad one is a usage error (64) before anything connects.
 */
#include <sys/resource.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "loop.h"
#include "sasl.h"
#include "hdrenc.h"
#include "sendopt.h"

/* every connection is watched by the one poll loop, with room to spare */
#define SENDOPT_CONN_MAX	256
#define SENDOPT_FDS_SPARE	32	/* stdio, resolver, files, --pipe */
_Static_assert(SENDOPT_CONN_MAX + 64 <= LOOP_MAX,
    "the poll loop must hold --connections' largest value");

enum {
	SO_FROM = SENDOPT_BASE, SO_TO, SO_CC, SO_BCC, SO_SUBJECT, SO_HEADER,
	SO_BODY, SO_ATTACH, SO_ATTACH_TYPE, SO_DATA, SO_DUMP, SO_8BITMIME,
	SO_SMTPUTF8, SO_DSN_NOTIFY, SO_DSN_RET, SO_ENVID, SO_REQUIRETLS,
	SO_CHUNKING, SO_CHUNK_SIZE, SO_NO_PIPELINING, SO_LMTP, SO_QUIT_AFTER,
	SO_DROP_AFTER, SO_ALL_RCPTS, SO_COUNT, SO_CONNECTIONS, SO_NO_STARTTLS,
	SO_AUTH, SO_USER, SO_PASSWORD_ENV, SO_PASSWORD_FILE, SO_PLAIN_AUTH,
	SO_SHOW_SECRETS
};

const struct option sendopt_longopts[] = {
	{ "from", required_argument, NULL, SO_FROM },
	{ "to", required_argument, NULL, SO_TO },
	{ "cc", required_argument, NULL, SO_CC },
	{ "bcc", required_argument, NULL, SO_BCC },
	{ "subject", required_argument, NULL, SO_SUBJECT },
	{ "header", required_argument, NULL, SO_HEADER },
	{ "body", required_argument, NULL, SO_BODY },
	{ "attach", required_argument, NULL, SO_ATTACH },
	{ "attach-type", required_argument, NULL, SO_ATTACH_TYPE },
	{ "data", required_argument, NULL, SO_DATA },
	{ "dump-message", no_argument, NULL, SO_DUMP },
	{ "8bitmime", no_argument, NULL, SO_8BITMIME },
	{ "smtputf8", no_argument, NULL, SO_SMTPUTF8 },
	{ "dsn-notify", required_argument, NULL, SO_DSN_NOTIFY },
	{ "dsn-ret", required_argument, NULL, SO_DSN_RET },
	{ "envid", required_argument, NULL, SO_ENVID },
	{ "requiretls", no_argument, NULL, SO_REQUIRETLS },
	{ "chunking", no_argument, NULL, SO_CHUNKING },
	{ "chunk-size", required_argument, NULL, SO_CHUNK_SIZE },
	{ "no-pipelining", no_argument, NULL, SO_NO_PIPELINING },
	{ "lmtp", no_argument, NULL, SO_LMTP },
	{ "quit-after", required_argument, NULL, SO_QUIT_AFTER },
	{ "drop-after", required_argument, NULL, SO_DROP_AFTER },
	{ "all-recipients", no_argument, NULL, SO_ALL_RCPTS },
	{ "count", required_argument, NULL, SO_COUNT },
	{ "connections", required_argument, NULL, SO_CONNECTIONS },
	{ "no-starttls", no_argument, NULL, SO_NO_STARTTLS },
	{ "auth", required_argument, NULL, SO_AUTH },
	{ "user", required_argument, NULL, SO_USER },
	{ "password-env", required_argument, NULL, SO_PASSWORD_ENV },
	{ "password-file", required_argument, NULL, SO_PASSWORD_FILE },
	{ "allow-plaintext-auth", no_argument, NULL, SO_PLAIN_AUTH },
	{ "show-secrets", no_argument, NULL, SO_SHOW_SECRETS },
	{ NULL, 0, NULL, 0 }
};

void
sendopt_init(struct sendopt *o)
{
	memset(o, 0, sizeof(*o));
	o->so.count = 1;
	o->so.connections = 1;
	o->so.chunk_size = 256 * 1024;
}

static int
sendopt_push(struct strlist *l, const char *s)
{
	const char	**v;

	if ((v = reallocarray(l->v, l->n + 1, sizeof(*v))) == NULL) {
		fprintf(stderr, "smtpcli: out of memory\n");
		return -1;
	}
	l->v = v;
	l->v[l->n++] = s;
	return 0;
}

/*
 * One mailbox, "addr" or "Name <addr>": the envelope address into env
 * (a copy in o->own when it is not the whole of s), the header form s
 * into hdr (NULL: not wanted, as for Bcc).
 */
static int
sendopt_mailbox(struct sendopt *o, const char *opt, const char *s,
    struct strlist *env, struct strlist *hdr)
{
	struct hdrenc_mbox	 mb;
	char			*a;

	if (hdrenc_mailbox(s, &mb) == -1 || memchr(mb.addr, '<',
	    mb.addrlen) != NULL) {
		fprintf(stderr, "smtpcli: --%s: \"%s\" is not an address "
		    "(local@domain, or Name <local@domain>)\n", opt, s);
		return -1;
	}
	if (mb.addrlen > SENDOPT_ADDR_MAX) {
		fprintf(stderr, "smtpcli: --%s: an address is at most %d "
		    "octets (RFC 5321 4.5.3.1.3)\n", opt, SENDOPT_ADDR_MAX);
		return -1;
	}
	if (mb.addr == s && mb.addr[mb.addrlen] == '\0')
		a = (char *)s;
	else if ((a = strndup(mb.addr, mb.addrlen)) == NULL ||
	    sendopt_push(&o->own, a) == -1) {
		free(a);
		fprintf(stderr, "smtpcli: out of memory\n");
		return -1;
	}
	if (sendopt_push(env, a) == -1)
		return -1;
	return hdr == NULL ? 0 : sendopt_push(hdr, s);
}

/*
 * "a@x,Name <b@y>": each mailbox, cut in place at the commas outside
 * quotes and <> (arg is argv's, writable).
 */
static int
sendopt_addrs(struct sendopt *o, const char *opt, const char *arg,
    struct strlist *env, struct strlist *hdr)
{
	char	*p = (char *)arg, *c;
	int	 quoted, angle;

	for (;;) {
		quoted = angle = 0;
		for (c = p; *c != '\0'; c++) {
			if (*c == '\\' && quoted && c[1] != '\0')
				c++;
			else if (*c == '"')
				quoted = !quoted;
			else if (!quoted && (*c == '<' || *c == '>'))
				angle = *c == '<';
			else if (*c == ',' && !quoted && !angle)
				break;
		}
		if (*c == ',')
			*c = '\0';
		else
			c = NULL;
		while (*p == ' ')
			p++;
		if (sendopt_mailbox(o, opt, p, env, hdr) == -1)
			return -1;
		if (c == NULL)
			return 0;
		p = c + 1;
	}
}

static int
sendopt_ulong(const char *opt, const char *arg, unsigned long min,
    unsigned long max, unsigned long *out)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' ||
	    v < min || v > max) {
		fprintf(stderr, "smtpcli: --%s: a number, %lu-%lu\n", opt, min,
		    max);
		return -1;
	}
	*out = v;
	return 0;
}

/* xtext (RFC 3461 4): printable ASCII without '+', '=' or space. */
static int
sendopt_xtext(const char *opt, const char *arg)
{
	const unsigned char	*p;

	for (p = (const unsigned char *)arg; *p != '\0'; p++)
		if (*p < 0x21 || *p > 0x7e || *p == '+' || *p == '=') {
			fprintf(stderr, "smtpcli: --%s: printable ASCII "
			    "without space, '+' or '='\n", opt);
			return -1;
		}
	return *arg == '\0' ? -1 : 0;
}

static int
sendopt_notify(const char *arg)
{
	char		 buf[64], *w, *save = NULL;
	int		 never = 0, other = 0;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	memcpy(buf, arg, strlen(arg) + 1);
	for (w = strtok_r(buf, ",", &save); w != NULL;
	    w = strtok_r(NULL, ",", &save)) {
		if (strcmp(w, "NEVER") == 0)
			never = 1;
		else if (strcmp(w, "SUCCESS") == 0 ||
		    strcmp(w, "FAILURE") == 0 || strcmp(w, "DELAY") == 0)
			other = 1;
		else
			goto bad;
	}
	if (never + other == 1)
		return 0;
bad:
	fprintf(stderr, "smtpcli: --dsn-notify: NEVER, or a list of SUCCESS, "
	    "FAILURE, DELAY (RFC 3461 4.1)\n");
	return -1;
}

/* "Name: value": a field name of printable ASCII, no line breaks. */
static int
sendopt_header(const char *arg)
{
	const char	*p;

	for (p = arg; *p > 32 && *p < 127 && *p != ':'; p++)
		;
	if (p == arg || *p != ':' || strpbrk(arg, "\r\n") != NULL) {
		fprintf(stderr, "smtpcli: --header: \"Name: value\" on one "
		    "line, not \"%s\"\n", arg);
		return -1;
	}
	return 0;
}

/* The options of struct send_opts (ESMTP extensions, phases, counts). */
static int
sendopt_parse_so(struct send_opts *so, int ch, const char *arg)
{
	unsigned long	 v;
	int		 ph;

	switch (ch) {
	case SO_8BITMIME:
		so->eightbit = 1;
		return 0;
	case SO_SMTPUTF8:
		so->smtputf8 = 1;
		return 0;
	case SO_DSN_NOTIFY:
		so->dsn_notify = arg;
		return sendopt_notify(arg);
	case SO_DSN_RET:
		if (strcmp(arg, "FULL") != 0 && strcmp(arg, "HDRS") != 0) {
			fprintf(stderr, "smtpcli: --dsn-ret: FULL or HDRS\n");
			return -1;
		}
		so->dsn_ret = arg;
		return 0;
	case SO_ENVID:
		so->envid = arg;
		if (strlen(arg) > 100) {
			fprintf(stderr, "smtpcli: --envid: at most 100 "
			    "characters (RFC 3461 4.4)\n");
			return -1;
		}
		return sendopt_xtext("envid", arg);
	case SO_REQUIRETLS:
		so->requiretls = 1;
		return 0;
	case SO_CHUNKING:
		so->chunking = 1;
		return 0;
	case SO_CHUNK_SIZE:
		if (sendopt_ulong("chunk-size", arg, 1, 4UL << 20, &v) == -1)
			return -1;
		so->chunk_size = v;
		return 0;
	case SO_NO_PIPELINING:
		so->no_pipelining = 1;
		return 0;
	case SO_LMTP:
		so->lmtp = 1;
		return 0;
	case SO_QUIT_AFTER:
	case SO_DROP_AFTER:
		if ((ph = send_phase_parse(arg)) == -1) {
			fprintf(stderr, "smtpcli: --%s: connect, banner, ehlo, "
			    "starttls, auth, mail, rcpt or data\n",
			    ch == SO_QUIT_AFTER ? "quit-after" : "drop-after");
			return -1;
		}
		if (ch == SO_QUIT_AFTER)
			so->quit_after = (enum send_phase)ph;
		else
			so->drop_after = (enum send_phase)ph;
		return 0;
	case SO_ALL_RCPTS:
		so->all_recipients = 1;
		return 0;
	case SO_COUNT:
		if (sendopt_ulong("count", arg, 1, 100000000UL, &v) == -1)
			return -1;
		so->count = v;
		return 0;
	case SO_CONNECTIONS:
		if (sendopt_ulong("connections", arg, 1, SENDOPT_CONN_MAX,
		    &v) == -1)
			return -1;
		so->connections = (int)v;
		return 0;
	}
	return -1;
}

/* --from: "" (the null sender), an address, or "Name <addr>". */
static int
sendopt_from(struct sendopt *o, const char *arg)
{
	struct strlist	 env = { NULL, 0 }, hdr = { NULL, 0 };

	o->from = o->from_hdr = arg;
	if (arg[0] == '\0')
		return 0;
	if (sendopt_mailbox(o, "from", arg, &env, &hdr) == -1) {
		fprintf(stderr, "smtpcli: --from: or \"\" for <>\n");
		free(env.v);
		free(hdr.v);
		return -1;
	}
	o->from = env.v[0];
	free(env.v);
	free(hdr.v);
	return 0;
}

int
sendopt_parse(struct sendopt *o, int ch, const char *arg)
{
	o->active |= ch != SO_AUTH && ch != SO_USER &&
	    ch != SO_PASSWORD_ENV && ch != SO_PASSWORD_FILE &&
	    ch != SO_PLAIN_AUTH && ch != SO_SHOW_SECRETS;
	switch (ch) {
	case SO_FROM:
		return sendopt_from(o, arg);
	case SO_TO:
		return sendopt_addrs(o, "to", arg, &o->to, &o->to_hdr);
	case SO_CC:
		return sendopt_addrs(o, "cc", arg, &o->cc, &o->cc_hdr);
	case SO_BCC:
		return sendopt_addrs(o, "bcc", arg, &o->bcc, NULL);
	case SO_SUBJECT:
		if (strpbrk(arg, "\r\n") != NULL) {
			fprintf(stderr, "smtpcli: --subject: no line breaks\n");
			return -1;
		}
		o->subject = arg;
		return 0;
	case SO_HEADER:
		if (sendopt_header(arg) == -1)
			return -1;
		return sendopt_push(&o->headers, arg);
	case SO_BODY:
		o->body = arg;
		return 0;
	case SO_ATTACH:
		return sendopt_push(&o->attach, arg);
	case SO_ATTACH_TYPE:
		o->attach_type = arg;
		return 0;
	case SO_DATA:
		o->data = arg;
		return 0;
	case SO_DUMP:
		o->dump = 1;
		return 0;
	case SO_NO_STARTTLS:
		o->no_starttls = 1;
		return 0;
	case SO_AUTH:
		o->auth = arg;
		return 0;
	case SO_USER:
		o->user = arg;
		return 0;
	case SO_PASSWORD_ENV:
		o->password_env = arg;
		return 0;
	case SO_PASSWORD_FILE:
		o->password_file = arg;
		return 0;
	case SO_PLAIN_AUTH:
		o->allow_plaintext_auth = 1;
		return 0;
	case SO_SHOW_SECRETS:
		o->show_secrets = 1;
		return 0;
	}
	return sendopt_parse_so(&o->so, ch, arg);
}

/*
 * Descriptors for n connections (and the resolver's, the terminal's):
 * the soft limit is raised to what is needed when the hard one allows,
 * else the run is refused now rather than failing one connection in.
 */
static int
sendopt_fds(int n)
{
	struct rlimit	 rl;
	rlim_t		 need = (rlim_t)n + SENDOPT_FDS_SPARE;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1 ||
	    rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return 0;
	if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need) {
		rl.rlim_cur = need;
		if (setrlimit(RLIMIT_NOFILE, &rl) == 0)
			return 0;
	}
	fprintf(stderr, "smtpcli: --connections %d needs %llu file "
	    "descriptors; this process may open %llu (ulimit -n)\n", n,
	    (unsigned long long)need, (unsigned long long)rl.rlim_max);
	return -1;
}

int
sendopt_check(struct sendopt *o)
{
	size_t	 i;

	if (o->active && sendopt_fds(o->so.connections) == -1)
		return -1;

	if (o->auth != NULL && strcasecmp(o->auth, "auto") != 0 &&
	    sasl_mech_parse(o->auth) == -1) {
		fprintf(stderr, "smtpcli: --auth: auto, PLAIN, LOGIN, "
		    "CRAM-MD5, SCRAM-SHA-1, SCRAM-SHA-256, XOAUTH2 or "
		    "OAUTHBEARER\n");
		return -1;
	}
	if (o->auth != NULL && o->user == NULL) {
		fprintf(stderr, "smtpcli: --auth needs --user\n");
		return -1;
	}
	if (o->auth == NULL && (o->user != NULL || o->password_env != NULL ||
	    o->password_file != NULL)) {
		fprintf(stderr, "smtpcli: --user and the password options "
		    "go with --auth\n");
		return -1;
	}
	if (!o->active)
		return 0;
	if (o->from == NULL || o->to.n + o->cc.n + o->bcc.n == 0) {
		fprintf(stderr, "smtpcli: send mode needs --from and at least "
		    "one of --to, --cc, --bcc\n");
		return -1;
	}
	if (o->data != NULL && (o->subject != NULL || o->headers.n > 0 ||
	    o->body != NULL || o->attach.n > 0)) {
		fprintf(stderr, "smtpcli: --data sends a whole message: no "
		    "--subject, --header, --body or --attach with it\n");
		return -1;
	}
	if (o->so.quit_after != SEND_PH_NONE &&
	    o->so.drop_after != SEND_PH_NONE) {
		fprintf(stderr, "smtpcli: --quit-after or --drop-after, not "
		    "both\n");
		return -1;
	}
	if (o->so.lmtp && o->so.chunking) {
		fprintf(stderr, "smtpcli: --lmtp with --chunking is not "
		    "supported\n");
		return -1;
	}
	for (i = 0; i < o->to.n; i++)
		if (sendopt_push(&o->rcpts, o->to.v[i]) == -1)
			return -1;
	for (i = 0; i < o->cc.n; i++)
		if (sendopt_push(&o->rcpts, o->cc.v[i]) == -1)
			return -1;
	for (i = 0; i < o->bcc.n; i++)
		if (sendopt_push(&o->rcpts, o->bcc.v[i]) == -1)
			return -1;
	o->so.from = o->from;
	o->so.rcpts = o->rcpts.v;
	o->so.nrcpts = o->rcpts.n;
	return 0;
}

void
sendopt_free(struct sendopt *o)
{
	while (o->own.n > 0)
		free((char *)o->own.v[--o->own.n]);
	free(o->own.v);
	free(o->to_hdr.v);
	free(o->cc_hdr.v);
	free(o->to.v);
	free(o->cc.v);
	free(o->bcc.v);
	free(o->rcpts.v);
	free(o->headers.v);
	free(o->attach.v);
}

void
sendopt_usage(FILE *fp)
{
	fputs(
"Send mode (one transaction, or --count of them; then exit):\n"
"      --from ADDR        envelope and header sender (\"\" for <>);\n"
"                         'Name <addr>': the name goes in the header only\n"
"      --to, --cc, --bcc ADDR[,ADDR...]   recipients; without a TARGET\n"
"                         the first recipient's domain is routed via MX\n"
"      --subject TEXT     instead of \"smtpcli test <date>\"\n"
"      --header 'Name: value'   add, or replace a generated header\n"
"      --body TEXT|@FILE|-   the body (default: a short test text)\n"
"      --attach FILE      attach FILE (MIME, base64); repeatable\n"
"      --attach-type TYPE content type instead of the guessed one\n"
"      --data FILE|-      send FILE as the whole message (a NUL in it\n"
"                         or in --body: 65, nothing delivered)\n"
"      --dump-message     print the message and send nothing\n"
"      --8bitmime, --smtputf8, --requiretls   ask for the extension\n"
"      --dsn-notify LIST, --dsn-ret FULL|HDRS, --envid ID   DSN\n"
"      --chunking         BDAT instead of DATA (--chunk-size OCTETS)\n"
"      --no-pipelining    one command at a time even when PIPELINING\n"
"      --lmtp             LHLO; a reply per recipient after the data\n"
"      --no-starttls      stay in plaintext (default: STARTTLS when\n"
"                         offered; unverified goes on marked UNVERIFIED;\n"
"                         --starttls requires it, verified)\n"
"      --quit-after PHASE, --drop-after PHASE   QUIT, or just close,\n"
"                         after connect, banner, ehlo, starttls, auth,\n"
"                         mail, rcpt or data\n"
"      --all-recipients   all or nothing: any recipient refused, no\n"
"                         message sent (RSET), status 69/75\n"
"      --count N          send N messages in all (a new MAIL after\n"
"                         each end of data); a summary with the rate\n"
"      --connections C    spread them over C connections at once\n"
"                         (1-256)\n"
"\n"
"AUTH (makes STARTTLS required unless --allow-plaintext-auth):\n"
"      --auth MECH|auto   PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-1,\n"
"                         SCRAM-SHA-256, XOAUTH2, OAUTHBEARER; auto: the\n"
"                         strongest offered (SCRAM-SHA-256 ... LOGIN)\n"
"      --user NAME        the user name\n"
"      --password-env VAR, --password-file FILE   the secret (else a\n"
"                         prompt on a terminal; never on the command line)\n"
"      --allow-plaintext-auth   AUTH without verified TLS\n"
"      --show-secrets     show the secret in the decoded exchange\n"
"\n", fp);
}
