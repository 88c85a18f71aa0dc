/*
 * rendertls.c: the facts of a TLS handshake, as transcript lines or a
 * "tls" JSON event, and the verification verdict.
 */
#include <stdio.h>
#include <string.h>

#include "renderout.h"
#include "rendertls.h"

void
render_tls_fields(struct render *r, const struct tlsconn_facts *f)
{
	size_t	 i;

	fputs("\"version\":\"", r->out);
	render_str(r, r->out, f->version, strlen(f->version));
	fputc('"', r->out);
	render_json_field(r, "cipher", f->cipher, strlen(f->cipher));
	render_json_opt(r, "group", f->group);
	render_json_opt(r, "subject", f->subject);
	render_json_opt(r, "issuer", f->issuer);
	fputs(",\"sans\":[", r->out);
	for (i = 0; i < f->nsans; i++) {
		fputs(i > 0 ? ",\"" : "\"", r->out);
		render_str(r, r->out, f->sans[i], strlen(f->sans[i]));
		fputc('"', r->out);
	}
	fputc(']', r->out);
	render_json_opt(r, "not_before", f->not_before);
	render_json_opt(r, "not_after", f->not_after);
	if (f->has_cert)
		fprintf(r->out, ",\"days_left\":%ld", f->days_left);
	else
		fputs(",\"days_left\":null", r->out);
	fprintf(r->out, ",\"chain_length\":%d,\"verified\":%s",
	    f->chain_len, f->verified ? "true" : "false");
	render_json_opt(r, "verify_error", f->verify_error);
	render_json_opt(r, "sni", f->sni);
	render_json_field(r, "verify_name", f->verify_name,
	    strlen(f->verify_name));
	render_json_opt(r, "cert_sha256", f->cert_sha256);
	render_json_opt(r, "spki_sha256", f->spki_sha256);
	render_json_opt(r, "key_type", f->key_type);
	if (f->has_cert)
		fprintf(r->out, ",\"key_bits\":%d", f->key_bits);
	else
		fputs(",\"key_bits\":null", r->out);
	render_json_opt(r, "sig_alg", f->sig_alg);
	fprintf(r->out, ",\"ocsp_stapled\":%s", f->ocsp_stapled ? "true" :
	    "false");
	fputs(",\"chain\":[", r->out);
	for (i = 0; i < f->nchain; i++) {
		fputs(i > 0 ? ",\"" : "\"", r->out);
		render_str(r, r->out, f->chain[i], strlen(f->chain[i]));
		fputc('"', r->out);
	}
	fputc(']', r->out);
	render_json_opt(r, "sigalgs", f->sigalgs);
	fprintf(r->out, ",\"dane\":%s", f->dane ? "true" : "false");
	render_json_opt(r, "dane_match", f->dane_match);
}

static void
render_tls_json(struct render *r, const struct tlsconn_facts *f)
{
	render_json_start(r, "tls");
	fputc(',', r->out);
	render_tls_fields(r, f);
	render_json_end(r);
}

/* What a handshake established, one fact a line. */
static void
render_tls_text(struct render *r, const struct tlsconn_facts *f)
{
	size_t	 i;

	if (r->quiet)
		return;
	fputs("=== TLS handshake done: ", r->out);
	render_str(r, r->out, f->version, strlen(f->version));
	fputs(", ", r->out);
	render_str(r, r->out, f->cipher, strlen(f->cipher));
	if (f->group[0] != '\0') {
		fputs(", group ", r->out);
		render_str(r, r->out, f->group, strlen(f->group));
	}
	fputs("\n=== Server name (SNI) sent: ", r->out);
	render_str(r, r->out, f->sni[0] ? f->sni : "none",
	    strlen(f->sni[0] ? f->sni : "none"));
	fputs("; certificate checked against ", r->out);
	render_str(r, r->out, f->verify_name, strlen(f->verify_name));
	fputc('\n', r->out);
	if (f->has_cert) {
		render_line(r, "=== Certificate: subject ", f->subject,
		    strlen(f->subject));
		render_line(r, "=== Certificate: issuer ", f->issuer,
		    strlen(f->issuer));
		fputs("=== Certificate: names", r->out);
		for (i = 0; i < f->nsans; i++) {
			fputs(i > 0 ? ", " : " ", r->out);
			render_str(r, r->out, f->sans[i], strlen(f->sans[i]));
		}
		fputs(f->nsans == 0 ? " none (no subjectAltName)\n" : "\n",
		    r->out);
		fprintf(r->out, "=== Certificate: valid from %s to %s ",
		    f->not_before, f->not_after);
		if (f->days_left < 0)
			fputs("(EXPIRED)\n", r->out);
		else if (f->days_left < 14)
			fprintf(r->out, "(%ld days left: WARNING, it expires "
			    "in less than 14 days)\n", f->days_left);
		else
			fprintf(r->out, "(%ld days left)\n", f->days_left);
		fputs("=== Certificate: key ", r->out);
		render_str(r, r->out, f->key_type, strlen(f->key_type));
		fprintf(r->out, " %d bits, signed with ", f->key_bits);
		render_str(r, r->out, f->sig_alg, strlen(f->sig_alg));
		fprintf(r->out, "; OCSP response %s\n", f->ocsp_stapled ?
		    "stapled" : "not stapled");
		fprintf(r->out, "=== Certificate: SHA-256 %s\n"
		    "=== Public key (SPKI): SHA-256 %s\n", f->cert_sha256,
		    f->spki_sha256);
		fprintf(r->out, "=== Certificate: chain of %d sent by the "
		    "server\n", f->chain_len);
		for (i = 0; i < f->nchain; i++) {
			fprintf(r->out, "===   %zu ", i);
			render_str(r, r->out, f->chain[i],
			    strlen(f->chain[i]));
			fputc('\n', r->out);
		}
	}
	if (f->dane && f->dane_match[0] != '\0') {
		fputs("=== Verified by DANE: TLSA ", r->out);
		render_str(r, r->out, f->dane_match, strlen(f->dane_match));
		fputc('\n', r->out);
	} else if (f->verified) {
		fputs("=== Verified: chain trusted, name ", r->out);
		render_str(r, r->out, f->verify_name, strlen(f->verify_name));
		fputs(" matches\n", r->out);
	}
	fflush(r->out);
}

void
render_tls_facts(struct render *r, const struct tlsconn_facts *f)
{
	if (f == NULL)
		return;
	if (r->json)
		render_tls_json(r, f);
	else
		render_tls_text(r, f);
}

void
render_pem(struct render *r, const char *pem)
{
	if (r->json) {
		render_json_start(r, "tls_chain");
		render_json_field(r, "pem", pem, strlen(pem));
		render_json_end(r);
		return;
	}
	/* OpenSSL wrote it from DER: base64 and dashes only */
	fputs(pem, r->out);
	fflush(r->out);
}

void
render_unverified(struct render *r, const char *why, const char *because)
{
	char	 buf[1024];

	r->unverified = 1;
	snprintf(r->unverified_why, sizeof(r->unverified_why), "%s", why);
	snprintf(buf, sizeof(buf), "Verification failed: %s", why);
	render_msg(r, 1, buf);
	snprintf(buf, sizeof(buf), "going on UNVERIFIED (%s): the server may "
	    "not be who it claims to be; nothing in this session is "
	    "authenticated", because);
	render_msg(r, 1, buf);
}
