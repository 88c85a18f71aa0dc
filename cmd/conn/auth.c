/*
 * auth.c: AUTH for send mode.  The SASL arithmetic is net/sasl.c's;
 * here are the policy (no secret without verified TLS unless asked, no
 * silent downgrade from a named mechanism), the secret's sources, and
 * the exchange shown decoded with the secret masked.
 */
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "base64.h"
#include "caps.h"
#include "sasl.h"
#include "auth.h"
#include "infile.h"
#include "status.h"
#include "tlsconn.h"
#include "tlsrun.h"

/* The first line of buf (len octets) is the secret; zero buf. */
static int
auth_take(struct auth *a, char *buf, size_t len, const char *what,
    char *err, size_t errlen)
{
	size_t	 n;

	for (n = 0; n < len && buf[n] != '\r' && buf[n] != '\n'; n++)
		;
	if (n > AUTH_SECRET_MAX) {
		/* refused whole: a cut secret fails in a way nobody sees */
		snprintf(err, errlen, "%s: the secret is longer than %d "
		    "octets; refused, not cut short", what, AUTH_SECRET_MAX);
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "%s: the secret is empty", what);
		return -1;
	}
	if (memchr(buf, '\0', n) != NULL) {
		snprintf(err, errlen, "%s: the secret holds a NUL octet",
		    what);
		return -1;
	}
	if ((a->secret = malloc(n + 1)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	memcpy(a->secret, buf, n);
	a->secret[n] = '\0';
	return 0;
}

static int
auth_prompt(struct auth *a, char *buf, size_t size, char *err,
    size_t errlen)
{
	struct termios	 t, saved;
	ssize_t		 n;
	int		 fd, r = -1;

	if ((fd = open("/dev/tty", O_RDWR | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "/dev/tty: %s", strerror(errno));
		return -1;
	}
	dprintf(fd, "Password for %s: ", a->user);
	if (tcgetattr(fd, &saved) == 0) {
		t = saved;
		t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
		t.c_lflag |= ICANON;
		(void)tcsetattr(fd, TCSAFLUSH, &t);
	}
	if ((n = read(fd, buf, size - 1)) > 0) {
		buf[n] = '\0';
		r = 0;
	} else
		snprintf(err, errlen, "no secret was typed");
	(void)tcsetattr(fd, TCSAFLUSH, &saved);
	dprintf(fd, "\n");
	close(fd);
	return r;
}

int
auth_secret(struct auth *a, const char *env, const char *file,
    int tty, char *err, size_t errlen)
{
	/* one octet more than the bound, and its line end: "too long" seen */
	char	 buf[AUTH_SECRET_MAX + 3], what[64], why[512];
	char	*v;
	size_t	 n = 0, vlen;
	ssize_t	 got = 0;
	int	 fd, r;

	if (env != NULL) {
		if ((v = getenv(env)) == NULL) {
			snprintf(err, errlen, "--password-env: %s is not set",
			    env);
			return -1;
		}
		vlen = strlen(v);
		n = vlen < sizeof(buf) ? vlen : sizeof(buf);
		memcpy(buf, v, n);
		/* no child (--pipe) may inherit it */
		explicit_bzero(v, vlen);
		(void)unsetenv(env);
		snprintf(what, sizeof(what), "--password-env %.40s", env);
	} else if (file != NULL) {
		/* a FIFO nobody writes to is waited for only so long */
		if ((fd = infile_open(file, a->wait, why, sizeof(why))) ==
		    -1) {
			snprintf(err, errlen, "--password-file %s", why);
			return -1;
		}
		/* read until the first line end, or past the bound */
		while (n < sizeof(buf) && memchr(buf, '\n', n) == NULL) {
			got = read(fd, buf + n, sizeof(buf) - n);
			if (got == -1 && errno == EINTR)
				continue;
			if (got <= 0)
				break;
			n += (size_t)got;
		}
		close(fd);
		if (got < 0) {
			explicit_bzero(buf, sizeof(buf));
			snprintf(err, errlen, "--password-file %s: %s", file,
			    strerror(errno));
			return -1;
		}
		snprintf(what, sizeof(what), "--password-file");
	} else if (tty) {
		if (auth_prompt(a, buf, sizeof(buf), err, errlen) == -1) {
			explicit_bzero(buf, sizeof(buf));
			return -1;
		}
		n = strlen(buf);
		snprintf(what, sizeof(what), "the typed secret");
	} else {
		snprintf(err, errlen, "--auth needs a secret: --password-env "
		    "VAR or --password-file FILE (standard input is not a "
		    "terminal to ask on)");
		return -1;
	}
	r = auth_take(a, buf, n, what, err, errlen);
	explicit_bzero(buf, sizeof(buf));
	return r;
}

int
auth_nodump(char *err, size_t errlen)
{
	struct rlimit	 rl;

	/* the soft limit only: a --pipe child may raise it again */
	if (getrlimit(RLIMIT_CORE, &rl) == 0) {
		rl.rlim_cur = 0;
		if (setrlimit(RLIMIT_CORE, &rl) == -1) {
			snprintf(err, errlen, "RLIMIT_CORE: %s",
			    strerror(errno));
			return -1;
		}
	}
#ifdef __linux__
	/* no core, no ptrace or /proc/PID/mem by the same user */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1) {
		snprintf(err, errlen, "PR_SET_DUMPABLE: %s", strerror(errno));
		return -1;
	}
#endif
	return 0;
}

void
auth_clear(struct auth *a)
{
	if (a->secret != NULL) {
		explicit_bzero(a->secret, strlen(a->secret));
		free(a->secret);
		a->secret = NULL;
	}
}

/*
 * Show a response decoded, the secret replaced by "********" unless
 * --show-secrets; NUL as \0, a backslash as \\, other controls \xHH.
 */
static void
auth_show(const struct auth *a, struct render *r, const char *b64,
    size_t len)
{
	unsigned char	*dec;
	char		*shown;
	size_t		 slen = strlen(a->secret), o = 0, i;
	long		 n;

	if (len == 0 || (dec = malloc(BASE64_DECLEN(len) + 1)) == NULL)
		return;
	if ((n = base64_decode(b64, len, dec)) < 0 ||
	    (shown = malloc((size_t)n * 8 + 1)) == NULL) {
		explicit_bzero(dec, BASE64_DECLEN(len));
		free(dec);
		return;
	}
	/*
	 * NUL shows as \0 and a backslash as \\, so that no other byte
	 * can look like a NUL; other controls as \xHH (at most 4 octets
	 * for one, 8 for the mask of at least one).
	 */
	for (i = 0; i < (size_t)n; ) {
		if (!a->show_secrets && slen > 0 && (size_t)n - i >= slen &&
		    memcmp(dec + i, a->secret, slen) == 0) {
			memcpy(shown + o, "********", 8);
			o += 8;
			i += slen;
		} else if (dec[i] == '\0' || dec[i] == '\\') {
			shown[o++] = '\\';
			shown[o++] = dec[i++] == '\0' ? '0' : '\\';
		} else if (dec[i] < 0x20 || dec[i] == 0x7f)
			o += (size_t)snprintf(shown + o, 5, "\\x%02x",
			    dec[i++]);
		else
			shown[o++] = (char)dec[i++];
	}
	shown[o] = '\0';
	render_info(r, "AUTH response, decoded (\\0 = NUL): %s", shown);
	explicit_bzero(dec, (size_t)n);
	explicit_bzero(shown, o);
	free(dec);
	free(shown);
}

static enum outcome
auth_fail(struct auth *a, struct client *c, enum outcome oc)
{
	if (!a->interactive && !client_gone(c))
		(void)client_command(c, "QUIT", 5);
	return oc;
}

int
auth_pick(const char *mech, struct client *c, struct render *r)
{
	const struct caps	*caps = session_caps(client_session(c));
	const struct caps_entry	*ae;
	int			 m;

	if (caps == NULL || !caps->valid) {
		render_error(r, "AUTH %s: the server's mechanisms are not "
		    "known yet: send EHLO first (no EHLO was answered with "
		    "250; an RFC 821 server offers no AUTH)", mech);
		return -1;
	}
	if ((ae = caps_find(caps, "AUTH")) == NULL) {
		render_error(r, "the server offers no AUTH%s",
		    client_secure(c) ? "" :
		    " (here, before TLS; STARTTLS first?)");
		return -1;
	}
	if (strcasecmp(mech, "auto") == 0) {
		if ((m = sasl_mech_pick(ae->params)) == -1)
			render_error(r, "auth auto: none of the offered "
			    "mechanisms (%s) is one to pick without being "
			    "named", ae->params);
		return m;
	}
	if ((m = sasl_mech_parse(mech)) == -1 ||
	    !caps_has_auth(caps, sasl_mech_name((enum sasl_mech)m))) {
		/* never a silent downgrade to another mechanism */
		render_error(r, "the server does not offer %s (it offers %s); "
		    "not trying another", mech, ae->params);
		return -1;
	}
	return m;
}

enum outcome
auth_run(struct auth *a, struct client *c, struct render *r, int timeout)
{
	const struct tlsconn_facts	*f = tlsrun_facts(c);
	struct sasl			*s;
	const char			*out, *errstr, *text;
	char				*line;
	size_t				 outlen, tlen;
	enum outcome			 oc;
	int				 m, code;

	/* unverified TLS will do when --insecure said so */
	if (!a->allow_plaintext && (f == NULL || (!f->verified &&
	    (a->tls == NULL || !a->tls->insecure)))) {
		render_error(r, "AUTH not sent: %s, so the secret would go to "
		    "a server nobody vouched for (--allow-plaintext-auth "
		    "sends it anyway)", f == NULL ? "there is no TLS" :
		    "the TLS certificate was not verified");
		return auth_fail(a, c, OUTCOME_TLS_FAILED);
	}
	if ((m = auth_pick(a->mech, c, r)) == -1)
		return auth_fail(a, c, OUTCOME_AUTH_FAILED);
	if ((s = sasl_new((enum sasl_mech)m, a->user, a->secret, NULL,
	    a->tls != NULL ? tlsrun_name(a->tls) : NULL,
	    transport_peer_port(client_transport(c)),
	    &errstr)) == NULL) {
		render_error(r, "AUTH: %s", errstr);
		return auth_fail(a, c, OUTCOME_INTERNAL);
	}
	line = NULL;
	if (sasl_initial(s, &out, &outlen) == SASL_ERR)
		goto bad;
	if ((line = malloc(outlen + 64)) == NULL)
		goto bad;
	snprintf(line, outlen + 64, "AUTH %s%s%.*s",
	    sasl_mech_name((enum sasl_mech)m), out != NULL ? " " : "",
	    (int)outlen, out != NULL ? out : "");
	if (out != NULL)
		auth_show(a, r, out, outlen);
	code = client_command(c, line, timeout);
	explicit_bzero(line, strlen(line));
	free(line);
	line = NULL;
	while (code == 334) {
		text = client_last_text(c, &tlen);
		if (sasl_step(s, text, tlen, &out, &outlen) == SASL_ERR) {
			render_error(r, "AUTH: %s; cancelling with \"*\"",
			    sasl_error(s));
			(void)client_command(c, "*", timeout);
			/* a weak or missing proof: as a 235 without one */
			oc = sasl_auth_failed(s) ? OUTCOME_AUTH_FAILED :
			    OUTCOME_PROTOCOL_ERROR;
			sasl_free(s);
			return auth_fail(a, c, oc);
		}
		if ((line = malloc(outlen + 1)) == NULL)
			goto bad;
		memcpy(line, out, outlen);
		line[outlen] = '\0';
		auth_show(a, r, line, outlen);
		code = client_command(c, line, timeout);
		explicit_bzero(line, outlen);
		free(line);
		line = NULL;
	}
	if (code == 235 && sasl_done_ok(s)) {
		render_info(r, "authenticated as %s with %s", a->user,
		    sasl_mech_name((enum sasl_mech)m));
		sasl_free(s);
		return OUTCOME_OK;
	}
	if (code == 235)
		render_error(r, "AUTH: the server said 235 without a server "
		    "signature: the server did not prove it knows the "
		    "password; not trusting it");
	else if (code == -1)
		render_error(r, "AUTH: %s", client_error(c));
	else if (sasl_oauth_error(s) != NULL)
		render_error(r, "AUTH failed (%d); the server's OAuth error: "
		    "%s", code, sasl_oauth_error(s));
	else
		render_error(r, "AUTH failed (%d)", code);
	sasl_free(s);
	return auth_fail(a, c, OUTCOME_AUTH_FAILED);
bad:
	render_error(r, "AUTH: %s", sasl_error(s));
	free(line);
	sasl_free(s);
	return auth_fail(a, c, OUTCOME_INTERNAL);
}
