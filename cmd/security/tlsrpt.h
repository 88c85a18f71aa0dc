/*
 * tlsrpt.h: SMTP TLS Reporting (RFC 8460) records without I/O: the
 * _smtp._tls TXT record and its report URIs, judged into findings.
 */
#ifndef SMTPCLI_TLSRPT_H
#define SMTPCLI_TLSRPT_H

#include <stddef.h>

#include "finding.h"

/*
 * Reads one TXT record of _smtp._tls.DOMAIN (len octets).  Returns 0
 * when it is not a TLS-RPT record (it does not start with "v=TLSRPTv1":
 * RFC 8460 3 says to discard it), 1 when it is valid (a passing finding
 * lists its URIs), -1 when it is invalid: a finding about subject (the
 * record's name) says why.
 */
int		 tlsrpt_record(const char *txt, size_t len, const char *subject,
		    struct findings *);

#endif
