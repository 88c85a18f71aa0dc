/*
 * tlsarec.h: smtpcli mx --tlsa-record HOST...: the "3 1 1" TLSA records
 * to publish for the certificates a host presents now (one handshake per
 * address and key type, RSA and ECDSA).
 */
#ifndef SMTPCLI_TLSAREC_H
#define SMTPCLI_TLSAREC_H

#include <stddef.h>

#include "loop.h"
#include "render.h"
#include "security.h"
#include "status.h"

/*
 * For each host: resolve it, handshake with every address offering only
 * RSA and then only ECDSA signature algorithms, and print each distinct
 * DANE-EE SPKI SHA-256 record (_PORT._tcp.HOST. IN TLSA 3 1 1 ...) with
 * where it was seen (a "tlsa_record" JSON event each).  Returns
 * OUTCOME_OK when every host gave a record, OUTCOME_USAGE for a word
 * that is no host name, OUTCOME_DNS_FAILED when a host has no address,
 * else OUTCOME_CONNECT_FAILED (no handshake completed).
 */
enum outcome	 tlsarec_run(struct loop *, struct render *, char **hosts,
		    size_t n, const struct security_opts *);

#endif
