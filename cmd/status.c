/*
 * status.c: the outcome table.  Pure: the one place that pairs an exit
 * status with its reason word.
 */
#include <string.h>

#include "status.h"

static const struct {
	int		 status;
	const char	*reason;
} outcomes[] = {
	[OUTCOME_OK] = { ST_OK, "ok" },
	[OUTCOME_USAGE] = { ST_USAGE, "usage" },
	[OUTCOME_EXPECT_FAILED] = { ST_EXPECT, "expect-failed" },
	[OUTCOME_MESSAGE_INVALID] = { ST_EXPECT, "message-invalid" },
	[OUTCOME_INPUT_UNREADABLE] = { ST_NOINPUT, "input-unreadable" },
	[OUTCOME_DNS_FAILED] = { ST_DNS, "dns-failed" },
	[OUTCOME_REJECTED_PERMANENT] = { ST_PERM, "rejected-permanent" },
	[OUTCOME_EXTENSION_MISSING] = { ST_PERM, "extension-missing" },
	[OUTCOME_INTERNAL] = { ST_INTERNAL, "internal" },
	[OUTCOME_CONNECT_FAILED] = { ST_NET, "connect-failed" },
	[OUTCOME_TIMEOUT] = { ST_NET, "timeout" },
	[OUTCOME_REJECTED_TEMPORARY] = { ST_TEMP, "rejected-temporary" },
	[OUTCOME_DELIVERY_UNKNOWN] = { ST_TEMP, "delivery-unknown" },
	[OUTCOME_INTERRUPTED] = { ST_TEMP, "interrupted" },
	[OUTCOME_PROTOCOL_ERROR] = { ST_PROTO, "protocol-error" },
	[OUTCOME_TLS_FAILED] = { ST_PROTO, "tls-failed" },
	[OUTCOME_STARTTLS_INJECTION] = { ST_PROTO, "starttls-injection" },
	[OUTCOME_AUTH_FAILED] = { ST_AUTH, "auth-failed" },
	[OUTCOME_SECURITY_FAILED] = { ST_SECFAIL, "security-failed" },
	[OUTCOME_SECURITY_WARNING] = { ST_SECWARN, "security-warning" },
	[OUTCOME_OUTPUT_FAILED] = { ST_NET, "output-failed" },
	[OUTCOME_CONNECTION_LOST] = { ST_NET, "connection-lost" },
};
_Static_assert(sizeof(outcomes) / sizeof(outcomes[0]) == OUTCOME_MAX,
    "the outcome table must cover every outcome");

int
outcome_status(enum outcome oc)
{
	if ((unsigned)oc >= OUTCOME_MAX)
		return ST_INTERNAL;
	return outcomes[oc].status;
}

const char *
outcome_reason(enum outcome oc)
{
	if ((unsigned)oc >= OUTCOME_MAX)
		return "internal";
	return outcomes[oc].reason;
}

enum outcome
outcome_of_loss(const struct outcome_loss *l)
{
	if (l->interrupted)
		return OUTCOME_INTERRUPTED;
	if (l->injection)
		return OUTCOME_STARTTLS_INJECTION;
	if (l->handshake)
		return l->timeout ? OUTCOME_TIMEOUT : OUTCOME_TLS_FAILED;
	if (l->violation)
		return l->tls_broke ? OUTCOME_TLS_FAILED :
		    OUTCOME_PROTOCOL_ERROR;
	if (l->data_refused)
		return l->last_code / 100 == 4 ? OUTCOME_REJECTED_TEMPORARY :
		    OUTCOME_REJECTED_PERMANENT;
	if (l->data_end)
		return OUTCOME_DELIVERY_UNKNOWN;
	if (l->timeout)
		return OUTCOME_TIMEOUT;
	if (l->after_quit)
		return OUTCOME_OK;
	if (l->last_code == 421)
		return OUTCOME_REJECTED_TEMPORARY;
	return OUTCOME_CONNECTION_LOST;
}

int
outcome_parse(const char *reason)
{
	size_t	 i;

	for (i = 0; i < OUTCOME_MAX; i++)
		if (strcmp(outcomes[i].reason, reason) == 0)
			return (int)i;
	return -1;
}
