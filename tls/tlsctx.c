/*
 * tlsctx.c: builds the one SSL_CTX a run uses.  Verification is done by
 * OpenSSL during the handshake but never aborts it: tlsconn.c records the
 * first failure and the caller decides (stop, or go on marked unverified).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "tlsctx.h"

struct tlsctx {
	SSL_CTX		*ctx;
	FILE		*keylog;
	char		 warn[PATH_MAX + 160];	/* tlsctx_warning() */
};

static void
tlsctx_sslerr(char *err, size_t errlen, const char *what)
{
	unsigned long	 e = ERR_peek_last_error();
	char		 buf[256];

	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof(buf));
		snprintf(err, errlen, "%s: %s", what, buf);
	} else
		snprintf(err, errlen, "%s", what);
	ERR_clear_error();
}

/* NSS key log format, as Wireshark reads it. */
static void
tlsctx_keylog_cb(const SSL *ssl, const char *line)
{
	struct tlsctx	*t = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));

	if (t == NULL || t->keylog == NULL)
		return;
	fprintf(t->keylog, "%s\n", line);
	fflush(t->keylog);
}

/*
 * Open the key log, created 0600.  One that anybody but its owner, or an
 * owner other than us, could read is left alone, with a warning, and the
 * run goes on without it: the secrets decrypt the session.
 */
static int
tlsctx_open_keylog(struct tlsctx *t, const char *path, char *err,
    size_t errlen)
{
	struct stat	 st;
	int		 fd;

	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1 || fstat(fd, &st) == -1) {
		snprintf(err, errlen, "SSLKEYLOGFILE %s: %s", path,
		    strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0 ||
	    st.st_uid != geteuid()) {
		snprintf(t->warn, sizeof(t->warn), "SSLKEYLOGFILE %s: %s "
		    "(mode %03o, owner %lu), so the TLS secrets would be "
		    "there for others to read; not writing them (chmod 600 "
		    "it, or name a new file)", path, st.st_uid != geteuid() ?
		    "not ours" : "readable by others",
		    (unsigned)(st.st_mode & 0777), (unsigned long)st.st_uid);
		close(fd);
		return 0;
	}
	if ((t->keylog = fdopen(fd, "a")) == NULL) {
		snprintf(err, errlen, "SSLKEYLOGFILE %s: %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	SSL_CTX_set_keylog_callback(t->ctx, tlsctx_keylog_cb);
	return 0;
}

const char *
tlsctx_warning(const struct tlsctx *t)
{
	return t->warn;
}

/* "TLS_AES_128_GCM_SHA256:TLS_..." names only 1.3 suites. */
static int
tlsctx_is13(const char *list)
{
	const char	*p = list;

	while (*p != '\0') {
		if (strncmp(p, "TLS_", 4) != 0)
			return 0;
		if ((p = strchr(p, ':')) == NULL)
			break;
		p++;
	}
	return 1;
}

struct tlsctx *
tlsctx_new(const struct tlsctx_opts *o, char *err, size_t errlen, int *why)
{
	struct tlsctx	*t;

	*why = TLSCTX_EVALUE;
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((t->ctx = SSL_CTX_new(TLS_client_method())) == NULL ||
	    SSL_CTX_dane_enable(t->ctx) <= 0) {
		tlsctx_sslerr(err, errlen, "SSL_CTX_new");
		goto fail;
	}
	SSL_CTX_set_app_data(t->ctx, t);
	SSL_CTX_set_mode(t->ctx, SSL_MODE_ENABLE_PARTIAL_WRITE |
	    SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	/* SMTP frames its own end (QUIT/221): a close without close_notify
	 * is an ordinary end of the connection, not an attack */
	SSL_CTX_set_options(t->ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
	if (o->ca_file != NULL || o->ca_path != NULL) {
		if (!SSL_CTX_load_verify_locations(t->ctx, o->ca_file,
		    o->ca_path)) {
			*why = TLSCTX_EFILE;
			tlsctx_sslerr(err, errlen, o->ca_file != NULL ?
			    o->ca_file : o->ca_path);
			goto fail;
		}
	} else if (!SSL_CTX_set_default_verify_paths(t->ctx)) {
		*why = TLSCTX_EFILE;
		tlsctx_sslerr(err, errlen, "the system trust store");
		goto fail;
	}
	if (o->cert != NULL) {
		*why = TLSCTX_EFILE;
		if (!SSL_CTX_use_certificate_chain_file(t->ctx, o->cert)) {
			tlsctx_sslerr(err, errlen, o->cert);
			goto fail;
		}
		if (!SSL_CTX_use_PrivateKey_file(t->ctx, o->key != NULL ?
		    o->key : o->cert, SSL_FILETYPE_PEM)) {
			tlsctx_sslerr(err, errlen, o->key != NULL ? o->key :
			    o->cert);
			goto fail;
		}
		if (!SSL_CTX_check_private_key(t->ctx)) {
			tlsctx_sslerr(err, errlen, "the key does not match "
			    "the certificate");
			goto fail;
		}
		*why = TLSCTX_EVALUE;
	}
	if ((o->min_version != 0 &&
	    !SSL_CTX_set_min_proto_version(t->ctx, o->min_version)) ||
	    (o->max_version != 0 &&
	    !SSL_CTX_set_max_proto_version(t->ctx, o->max_version))) {
		tlsctx_sslerr(err, errlen, "TLS version limits");
		goto fail;
	}
	if (o->ciphers != NULL && !(tlsctx_is13(o->ciphers) ?
	    SSL_CTX_set_ciphersuites(t->ctx, o->ciphers) :
	    SSL_CTX_set_cipher_list(t->ctx, o->ciphers))) {
		tlsctx_sslerr(err, errlen, "--ciphers: no usable cipher");
		goto fail;
	}
	if (o->keylog != NULL && *o->keylog != '\0' &&
	    tlsctx_open_keylog(t, o->keylog, err, errlen) == -1) {
		*why = TLSCTX_EFILE;
		goto fail;
	}
	/*
	 * No renegotiation, either way (TLS 1.2 and below): a server could
	 * switch to a certificate nobody checks, or force handshake after
	 * handshake; tlsconn.c ends a connection whose server asks.
	 */
	SSL_CTX_set_options(t->ctx, SSL_OP_NO_RENEGOTIATION);
	/* verification never aborts the handshake: see tlsconn.c */
	SSL_CTX_set_verify(t->ctx, SSL_VERIFY_NONE, NULL);
	return t;
fail:
	tlsctx_free(t);
	return NULL;
}

void
tlsctx_free(struct tlsctx *t)
{
	if (t == NULL)
		return;
	SSL_CTX_free(t->ctx);
	if (t->keylog != NULL)
		fclose(t->keylog);
	free(t);
}

int
tlsctx_version(const char *s)
{
	static const struct {
		const char	*name;
		int		 v;
	} v[] = {
		{ "1.0", TLS1_VERSION },
		{ "1.1", TLS1_1_VERSION },
		{ "1.2", TLS1_2_VERSION },
		{ "1.3", TLS1_3_VERSION },
	};
	size_t	 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(s, v[i].name) == 0)
			return v[i].v;
	return -1;
}

void *
tlsctx_ssl_ctx(struct tlsctx *t)
{
	return t->ctx;
}
