/*
 * replrun.c: the REPL's / commands, dispatched from cmdtab.  Script
 * commands go to the script runner by their id; the rest are here.
 * Secrets are wiped after use.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base64.h"
#include "capinfo.h"
#include "cmdtab.h"
#include "esc.h"
#include "explain.h"
#include "infile.h"
#include "renderout.h"
#include "rendertls.h"
#include "replcomp.h"
#include "replrun.h"
#include "replsess.h"
#include "replterm.h"
#include "sasl.h"
#include "auth.h"
#include "status.h"
#include "steps.h"
#include "tlsconn.h"

/*
 * /quit's wait, in seconds, when replies are still owed (a wait was
 * given up with Ctrl-C): the server is slow or silent, and the user
 * asked to leave, so QUIT's RFC 5321 timeout would be far too long.
 */
#define REPLRUN_QUIT_OWED	3

static void
replrun_help(struct repl *rp, const char *args)
{
	const struct cmdtab	*ct;
	char			 why[256];
	size_t			 i;

	if (*args != '\0') {
		if ((ct = cmdtab_lookup(args, strcspn(args, " "),
		    CMDTAB_IN_REPL, why, sizeof(why))) == NULL) {
			render_error(rp->r, "%s", why);
			return;
		}
		replterm_say(rp, "/%s %s\n    %s\n", ct->name, ct->usage,
		    ct->help);
		if (ct->id == CMDTAB_SET)
			for (i = 0; i < replcomp_set_count(); i++)
				replterm_say(rp, "    %-8s %s\n",
				    replcomp_set_at(i)->name,
				    replcomp_set_at(i)->help);
		if (ct->id == CMDTAB_AUTH)
			replterm_say(rp, "    MECH: %s\n", cmdtab_mechs(why,
			    sizeof(why)));
		return;
	}
	replterm_say(rp, "Type SMTP commands as they are sent (EHLO, MAIL "
	    "FROM:<a@b>, ...); Tab completes.\nAfter a 354, lines are "
	    "message data up to a lone \".\"; /abort leaves.\nCtrl-C "
	    "clears the line or stops a wait; Ctrl-D sends QUIT and "
	    "leaves.\n");
	for (i = 0; (ct = cmdtab_at(i)) != NULL; i++)
		if (ct->where & CMDTAB_IN_REPL)
			replterm_say(rp, "  /%-9s %-15s %s\n", ct->name,
			    ct->usage, ct->help);
}

static void
replrun_explain(struct repl *rp, const char *args)
{
	char	 buf[512], *word[16], *p, code[16];
	int	 n = 0;

	if (*args == '\0') {
		if (rp->c == NULL || client_nreplies(rp->c) == 0) {
			render_error(rp->r, "/explain CODE, or after a reply");
			return;
		}
		snprintf(code, sizeof(code), "%d", client_last_code(rp->c));
		args = code;
	}
	snprintf(buf, sizeof(buf), "%s", args);
	for (p = strtok(buf, " \t"); p != NULL && n < 15;
	    p = strtok(NULL, " \t"))
		word[n++] = p;
	/* on the terminal only, as the REPL's own words */
	fflush(rp->out);
	(void)explain_words(n, word, VERB_NONE, stdout, stderr);
	fflush(stdout);
	fflush(stderr);
}

static void
replrun_caps(struct repl *rp)
{
	const struct caps	*caps;
	char			 line[512], esc[ESC_OUTMAX(512)];
	size_t			 i;

	if (rp->c == NULL) {
		render_error(rp->r, "not connected");
		return;
	}
	caps = session_caps(client_session(rp->c));
	if (!caps->valid) {
		replterm_say(rp, "no capabilities known: send EHLO (/ehlo) "
		    "first%s\n", client_secure(rp->c) ? "; they are "
		    "forgotten after STARTTLS" : "");
		return;
	}
	for (i = 0; i < caps->n; i++) {
		capinfo_explain(caps->e[i].keyword, caps->e[i].params, line,
		    sizeof(line));
		esc_text(line, strlen(line), 0, esc);
		replterm_say(rp, "  %s\n", esc);
	}
	if (caps->dropped > 0)
		replterm_say(rp, "  (%zu more lines not kept or malformed)\n",
		    caps->dropped);
}

static void
replrun_tls(struct repl *rp, int chain)
{
	char	*pem;

	if (rp->c == NULL || !client_secure(rp->c)) {
		replterm_say(rp, "no TLS in this session%s\n", rp->c != NULL &&
		    caps_find(session_caps(client_session(rp->c)),
		    "STARTTLS") != NULL ? " (the server offers STARTTLS)" :
		    "");
		return;
	}
	render_tls_facts(rp->r, tlsrun_facts(rp->c));
	if (tlsrun_facts(rp->c) != NULL &&
	    !tlsrun_facts(rp->c)->verified)
		replterm_say(rp, "this session is UNVERIFIED: %s\n",
		    tlsrun_facts(rp->c)->verify_error);
	if (chain && (pem = tlsrun_chain(rp->c)) != NULL) {
		render_pem(rp->r, pem);
		free(pem);
	}
}

static void
replrun_settings(struct repl *rp, const struct replcomp_set *set)
{
	const char	*v;
	char		 num[16];
	size_t		 i;

	for (i = 0; i < replcomp_set_count(); i++) {
		if (set != NULL && replcomp_set_at(i) != set)
			continue;
		switch (replcomp_set_at(i)->id) {
		case REPLCOMP_SET_COLOUR:
			v = rp->color ? "on" : "off";
			break;
		case REPLCOMP_SET_EXPLAIN:
			v = render_explain_name(rp->explain);
			break;
		case REPLCOMP_SET_FROM:
			v = rp->from;
			break;
		case REPLCOMP_SET_HELO:
			v = rp->so.helo != NULL ? rp->so.helo :
			    "(the local address literal)";
			break;
		case REPLCOMP_SET_TIMEOUT:
			snprintf(num, sizeof(num), "%d", rp->so.timeout);
			v = rp->so.timeout ? num : "0 (RFC 5321's)";
			break;
		case REPLCOMP_SET_TO:
			v = rp->to[0] ? rp->to : "(none)";
			break;
		default:
			v = "";
			break;
		}
		replterm_say(rp, "  %-8s %s\n", replcomp_set_at(i)->name, v);
	}
}

static int
replrun_onoff(struct repl *rp, const char *v, int *out)
{
	if (strcasecmp(v, "on") == 0 || strcmp(v, "1") == 0)
		*out = 1;
	else if (strcasecmp(v, "off") == 0 || strcmp(v, "0") == 0)
		*out = 0;
	else {
		render_error(rp->r, "on or off");
		return -1;
	}
	return 0;
}

static void
replrun_set(struct repl *rp, const char *args)
{
	const struct replcomp_set	*set;
	char				 name[32], *end;
	const char			*v;
	size_t				 n;
	long				 t;

	if (*args == '\0') {
		replrun_settings(rp, NULL);
		return;
	}
	n = strcspn(args, " ");
	v = args + n + strspn(args + n, " ");
	snprintf(name, sizeof(name), "%.*s", (int)n, args);
	if ((set = replcomp_set_lookup(name)) == NULL) {
		render_error(rp->r, "/set: unknown name %s (/help set)", name);
		return;
	}
	if (*v == '\0') {
		replrun_settings(rp, set);
		return;
	}
	switch (set->id) {
	case REPLCOMP_SET_COLOUR:
		if (replrun_onoff(rp, v, &rp->color) == 0)
			render_set_color(rp->r, rp->color);
		break;
	case REPLCOMP_SET_EXPLAIN:
		if (render_explain_parse(v) == -1) {
			render_error(rp->r, "/set explain: all, errors or off");
			break;
		}
		rp->explain = render_explain_parse(v);
		render_set_explain(rp->r, rp->explain);
		break;
	case REPLCOMP_SET_FROM:
		snprintf(rp->from, sizeof(rp->from), "%s", v);
		break;
	case REPLCOMP_SET_HELO:
		snprintf(rp->helo, sizeof(rp->helo), "%s", v);
		rp->so.helo = rp->helo;
		break;
	case REPLCOMP_SET_TIMEOUT:
		errno = 0;
		t = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || t < 0 || t > 86400)
			render_error(rp->r, "timeout: seconds, 0-86400");
		else
			rp->so.timeout = (int)t;
		break;
	case REPLCOMP_SET_TO:
		snprintf(rp->to, sizeof(rp->to), "%s", v);
		break;
	case REPLCOMP_SET_MAX:
		break;
	}
}

static void
replrun_save(struct repl *rp, const char *path)
{
	char	 buf[8192];
	size_t	 n;
	FILE	*fp;

	if (*path == '\0') {
		render_error(rp->r, "/save FILE");
		return;
	}
	if (rp->log == NULL) {
		render_error(rp->r, "no transcript kept (no temporary file)");
		return;
	}
	fflush(rp->out);
	fflush(rp->err);
	fflush(rp->log);
	if ((fp = fopen(path, "w")) == NULL) {
		render_error(rp->r, "%s: %s", path, strerror(errno));
		return;
	}
	rewind(rp->log);
	while ((n = fread(buf, 1, sizeof(buf), rp->log)) > 0)
		fwrite(buf, 1, n, fp);
	fseek(rp->log, 0, SEEK_END);
	if (fclose(fp) == EOF)
		render_error(rp->r, "%s: %s", path, strerror(errno));
	else
		render_info(rp->r, "transcript saved to %s", path);
}

static void
replrun_source(struct repl *rp, const char *path)
{
	enum outcome	 oc;
	FILE		*fp;
	char		 err[PATH_MAX + 128];
	int		 fd = -1;

	if (!replsess_connected(rp)) {
		render_error(rp->r, "not connected: /reconnect, or /connect "
		    "TARGET");
		return;
	}
	/* a FIFO nobody writes to is waited for only so long */
	if ((fd = infile_open(path, 0, err, sizeof(err))) == -1 ||
	    (fp = fdopen(fd, "r")) == NULL) {
		if (fd != -1) {
			snprintf(err, sizeof(err), "%s: %s", path,
			    strerror(errno));
			close(fd);
		}
		render_error(rp->r, "%s", err);
		return;
	}
	if (script_source(rp->s, fp, path) == -1) {
		if ((oc = script_outcome(rp->s)) != OUTCOME_OK)
			render_error(rp->r, "%s stopped (%s)", path,
			    outcome_reason(oc));
		else
			render_info(rp->r, "%s ended", path);
	} else
		render_info(rp->r, "%s: done", path);
	fclose(fp);
	script_resume(rp->s);
	script_where(rp->s, NULL, 0);
}

static void
replrun_auth(struct repl *rp, const char *args)
{
	const struct tlsconn_facts	*f;
	struct auth			 a;
	char				 mech[32], user[256];
	char				 secret[AUTH_SECRET_MAX + 1];
	int				 rc;
	char				 mechs[200];
	size_t				 n;

	n = strcspn(args, " ");
	snprintf(mech, sizeof(mech), "%.*s", (int)(n < 31 ? n : 31), args);
	if (strcasecmp(mech, "auto") != 0 && sasl_mech_parse(mech) == -1) {
		render_error(rp->r, "/auth MECH [USER]: MECH is %s",
		    cmdtab_mechs(mechs, sizeof(mechs)));
		return;
	}
	if (!replsess_connected(rp)) {
		render_error(rp->r, "not connected");
		return;
	}
	/* what is offered, and how safe it is, before any secret is typed */
	if (auth_pick(mech, rp->c, rp->r) == -1) {
		render_info(rp->r, "/auth: nothing asked, nothing sent");
		return;
	}
	f = tlsrun_facts(rp->c);
	if (f == NULL || !f->verified)
		render_error(rp->r, "warning: AUTH %s: the secret may be read "
		    "on the way or go to the wrong server", f == NULL ?
		    "without TLS" : "over unverified TLS");
	args += n + strspn(args + n, " ");
	if (strlen(args) >= sizeof(user)) {
		/* as at the prompt: refused, not cut to someone else's */
		render_error(rp->r, "/auth: the user name is longer than %zu "
		    "octets; nothing sent", sizeof(user) - 1);
		return;
	}
	if (*args != '\0')
		snprintf(user, sizeof(user), "%s", args);
	else if ((rc = replterm_ask(rp, "user: ", 1, user,
	    sizeof(user))) < 0) {
		if (rc == -2)
			render_error(rp->r, "/auth: the user name is longer "
			    "than %zu octets; nothing sent", sizeof(user) - 1);
		return;
	}
	if ((rc = replterm_ask(rp, "secret (not shown): ", 0, secret,
	    sizeof(secret))) < 0) {
		if (rc == -2)
			render_error(rp->r, "/auth: the secret is longer than "
			    "%d octets; refused, not cut short; nothing sent",
			    AUTH_SECRET_MAX);
		else
			render_info(rp->r, "/auth cancelled; nothing sent");
		explicit_bzero(secret, sizeof(secret));
		return;
	}
	memset(&a, 0, sizeof(a));
	a.mech = mech;
	a.user = user;
	a.tls = rp->so.tls;
	a.allow_plaintext = 1;
	a.interactive = 1;
	a.secret = strdup(secret);
	explicit_bzero(secret, sizeof(secret));
	if (a.secret == NULL) {
		render_error(rp->r, "out of memory");
		return;
	}
	rp->authed = auth_run(&a, rp->c, rp->r, steps_timeout(rp->so.timeout,
	    VERB_AUTH)) == OUTCOME_OK;
	auth_clear(&a);
}

/* A whole transaction, stopping at the first refusal. */
static void
replrun_send(struct repl *rp, const char *args)
{
	static const char *const body[] = {
		"",
		"This is a test message sent by smtpcli's /send.",
	};
	char		 line[700], date[64], from[256];
	const char	*to = *args != '\0' ? args : rp->to;
	time_t		 now;
	size_t		 i;

	if (!replsess_connected(rp)) {
		render_error(rp->r, "not connected");
		return;
	}
	if (*to == '\0') {
		render_error(rp->r, "no recipient: /send ADDRESS, or /set to "
		    "ADDRESS");
		return;
	}
	snprintf(from, sizeof(from), "%s", rp->from);
	if (session_state(client_session(rp->c)) == SESS_READY) {
		replsess_command(rp, CMDTAB_EHLO, "");
		if (client_last_code(rp->c) / 100 != 2)
			return;
	}
	snprintf(line, sizeof(line), "MAIL FROM:<%s>", from);
	replsess_script(rp, line);
	if (!replsess_connected(rp) || client_last_code(rp->c) / 100 != 2)
		goto refused;
	snprintf(line, sizeof(line), "RCPT TO:<%s>", to);
	replsess_script(rp, line);
	if (!replsess_connected(rp) || client_last_code(rp->c) / 100 != 2)
		goto refused;
	replsess_script(rp, "DATA");
	if (!replsess_connected(rp) || !script_in_data(rp->s))
		goto refused;
	now = time(NULL);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z",
	    localtime(&now));
	snprintf(line, sizeof(line), "From: <%s>", from);
	replsess_script(rp, line);
	snprintf(line, sizeof(line), "To: <%s>", to);
	replsess_script(rp, line);
	replsess_script(rp, "Subject: smtpcli test message");
	snprintf(line, sizeof(line), "Date: %s", date);
	replsess_script(rp, line);
	snprintf(line, sizeof(line), "Message-ID: <%lld.%ld@smtpcli.invalid>",
	    (long long)now, (long)getpid());
	replsess_script(rp, line);
	for (i = 0; i < sizeof(body) / sizeof(body[0]); i++)
		replsess_script(rp, body[i]);
	replsess_script(rp, ".");
	return;
refused:
	if (replsess_connected(rp)) {
		render_info(rp->r, "/send stopped; RSET ends the transaction");
		replsess_script(rp, "RSET");
	}
}

void
replrun_abort(struct repl *rp)
{
	if (rp->s == NULL || !script_in_data(rp->s)) {
		render_error(rp->r, "/abort: not in message data");
		return;
	}
	script_abort_data(rp->s);
	rp->data_left = 1;
	render_info(rp->r, "left message data without its end: nothing is "
	    "delivered, but the server still waits for the end of the data "
	    "(a lone \".\") and takes any line as message data");
	render_info(rp->r, "to recover: /reconnect (drops this connection, "
	    "so the message is never delivered) or /close");
}

/*
 * QUIT and its 221, if there is a connection; then the REPL ends.  With
 * replies owed the wait is brief; the owed ones are shown if they come.
 */
void
replrun_quit(struct repl *rp)
{
	size_t	 owed;
	int	 timeout;

	if (replsess_connected(rp) && !rp->data_left &&
	    !script_in_data(rp->s)) {
		owed = session_pending(client_session(rp->c));
		timeout = rp->so.timeout;
		if (owed > 0) {
			render_info(rp->r, "%zu repl%s still owed (a wait was "
			    "interrupted): waiting %d s at most for %s and "
			    "the 221", owed, owed == 1 ? "y" : "ies",
			    REPLRUN_QUIT_OWED, owed == 1 ? "it" : "them");
			rp->so.timeout = REPLRUN_QUIT_OWED;
		}
		replsess_command(rp, CMDTAB_QUIT, "");
		rp->so.timeout = timeout;
	}
	rp->done = 1;
}

/* Refused while the server still reads message data after /abort. */
static int
replrun_needs_dialogue(enum cmdtab_id id)
{
	switch (id) {
	case CMDTAB_AUTH:
	case CMDTAB_BDAT:
	case CMDTAB_DATA:
	case CMDTAB_EHLO:
	case CMDTAB_EXPECT:
	case CMDTAB_FORCE:
	case CMDTAB_SEND:
	case CMDTAB_SOURCE:
	case CMDTAB_STARTTLS:
		return 1;
	default:
		return 0;
	}
}

void
replrun_command(struct repl *rp, const char *line)
{
	const struct cmdtab	*ct;
	char			 why[256];
	const char		*args;
	size_t			 w;

	w = strcspn(line + 1, " \t");
	if ((ct = cmdtab_lookup(line + 1, w, CMDTAB_IN_REPL, why,
	    sizeof(why))) == NULL) {
		render_error(rp->r, "%s", why);
		return;
	}
	args = line + 1 + w;
	args += strspn(args, " \t");
	if (rp->data_left && replrun_needs_dialogue(ct->id)) {
		render_error(rp->r, "the server still waits for the end of "
		    "message data: /reconnect or /close first");
		return;
	}
	switch (ct->id) {
	case CMDTAB_ABORT:
		replrun_abort(rp);
		break;
	case CMDTAB_AUTH:
		replrun_auth(rp, args);
		break;
	case CMDTAB_BDAT:
	case CMDTAB_DATA:
	case CMDTAB_EHLO:
	case CMDTAB_EXPECT:
	case CMDTAB_FORCE:
	case CMDTAB_SLEEP:
		/* the script's own commands, run as a script runs them */
		replsess_command(rp, ct->id, args);
		break;
	case CMDTAB_CAPS:
		replrun_caps(rp);
		break;
	case CMDTAB_CLOSE:
		if (rp->c != NULL)
			render_info(rp->r, "connection closed (no QUIT)");
		replsess_drop(rp);
		break;
	case CMDTAB_CONNECT:
		if (*args == '\0')
			render_error(rp->r, "/connect TARGET");
		else
			(void)replsess_open(rp, args);
		break;
	case CMDTAB_EXPLAIN:
		replrun_explain(rp, args);
		break;
	case CMDTAB_HELP:
		replrun_help(rp, args);
		break;
	case CMDTAB_HISTORY:
		fflush(rp->out);
		replhist_print(rp->hist, stdout);
		fflush(stdout);
		break;
	case CMDTAB_QUIT:
		replrun_quit(rp);
		break;
	case CMDTAB_RECONNECT:
		(void)replsess_open(rp, rp->target);
		break;
	case CMDTAB_SAVE:
		replrun_save(rp, args);
		break;
	case CMDTAB_SEND:
		replrun_send(rp, args);
		break;
	case CMDTAB_SET:
		replrun_set(rp, args);
		break;
	case CMDTAB_SOURCE:
		replrun_source(rp, args);
		break;
	case CMDTAB_STARTTLS:
		replsess_script(rp, "STARTTLS");
		break;
	case CMDTAB_TLS:
		replrun_tls(rp, strcmp(args, "chain") == 0);
		break;
	case CMDTAB_MAX:
		break;
	}
}
