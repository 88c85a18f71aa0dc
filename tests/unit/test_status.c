/*
 * test_status.c: the outcome table: every outcome has its own reason
 * word, a sysexits status of the right class, and parses back; and the
 * failure ladder, rung by rung and in its order.
 */
#include <string.h>

#include "check.h"
#include "status.h"

/* The reason words and statuses the man page documents. */
static const struct {
	const char	*reason;
	int		 status;
} want[] = {
	{ "ok", 0 }, { "usage", 64 }, { "expect-failed", 65 },
	{ "message-invalid", 65 },
	{ "input-unreadable", 66 }, { "dns-failed", 68 },
	{ "rejected-permanent", 69 }, { "extension-missing", 69 },
	{ "internal", 70 }, { "connect-failed", 74 }, { "timeout", 74 },
	{ "rejected-temporary", 75 }, { "delivery-unknown", 75 },
	{ "interrupted", 75 }, { "protocol-error", 76 },
	{ "tls-failed", 76 }, { "starttls-injection", 76 },
	{ "auth-failed", 77 }, { "security-failed", 78 },
	{ "security-warning", 79 }, { "output-failed", 74 },
	{ "connection-lost", 74 },
};

/* Each fact alone, then each fact beaten by the one above it. */
static void
test_ladder(void)
{
	struct outcome_loss	 l, z;
	enum outcome		 got;

	memset(&z, 0, sizeof(z));
	l = z;
	CHECK(outcome_of_loss(&l) == OUTCOME_CONNECTION_LOST, "nothing known");
	l = z; l.last_code = 421;
	CHECK(outcome_of_loss(&l) == OUTCOME_REJECTED_TEMPORARY, "421");
	/* a refusal during the data decides by its class, over an unknown
	 * delivery; a violation beats it */
	l = z; l.data_refused = 1; l.last_code = 552; l.data_end = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_REJECTED_PERMANENT,
	    "552 during the data");
	l = z; l.data_refused = 1; l.last_code = 452; l.timeout = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_REJECTED_TEMPORARY,
	    "452 during the data");
	l = z; l.data_refused = 1; l.last_code = 552; l.violation = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_PROTOCOL_ERROR,
	    "violation over refusal");
	l = z; l.last_code = 250;
	CHECK(outcome_of_loss(&l) == OUTCOME_CONNECTION_LOST, "250, gone");
	l = z; l.after_quit = 1; l.last_code = 221;
	CHECK(outcome_of_loss(&l) == OUTCOME_OK, "closed after QUIT");
	l = z; l.timeout = 1; l.after_quit = 1; l.last_code = 221;
	CHECK(outcome_of_loss(&l) == OUTCOME_TIMEOUT, "timeout over 221");
	l = z; l.timeout = 1; l.last_code = 421;
	CHECK(outcome_of_loss(&l) == OUTCOME_TIMEOUT, "timeout over 421");
	l = z; l.data_end = 1; l.timeout = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_DELIVERY_UNKNOWN,
	    "end of data: unknown, even on a timeout");
	l = z; l.data_end = 1; l.last_code = 421;
	CHECK(outcome_of_loss(&l) == OUTCOME_DELIVERY_UNKNOWN,
	    "end of data: unknown, even after a 421");
	l = z; l.violation = 1; l.data_end = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_PROTOCOL_ERROR,
	    "violation over unknown delivery");
	l = z; l.violation = 1; l.tls_broke = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_TLS_FAILED, "TLS layer broke");
	l = z; l.tls_broke = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_CONNECTION_LOST,
	    "TLS flag without a violation: lost");
	l = z; l.handshake = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_TLS_FAILED, "handshake");
	l = z; l.handshake = 1; l.timeout = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_TIMEOUT, "handshake timeout");
	l = z; l.handshake = 1; l.violation = 1; l.data_end = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_TLS_FAILED,
	    "handshake over violation");
	l = z; l.injection = 1; l.handshake = 1; l.violation = 1;
	CHECK(outcome_of_loss(&l) == OUTCOME_STARTTLS_INJECTION,
	    "injection over TLS and violation");
	l = z; l.interrupted = 1; l.injection = 1; l.timeout = 1;
	got = outcome_of_loss(&l);
	CHECK(got == OUTCOME_INTERRUPTED, "interruption first, got %s",
	    outcome_reason(got));
}

int
main(void)
{
	size_t	 i, j;
	int	 oc;

	CHECK(sizeof(want) / sizeof(want[0]) == OUTCOME_MAX,
	    "%zu documented, %d in the table",
	    sizeof(want) / sizeof(want[0]), OUTCOME_MAX);
	for (i = 0; i < OUTCOME_MAX; i++) {
		for (j = i + 1; j < OUTCOME_MAX; j++)
			CHECK(strcmp(outcome_reason((enum outcome)i),
			    outcome_reason((enum outcome)j)) != 0,
			    "%zu and %zu share a reason word", i, j);
		CHECK(outcome_parse(outcome_reason((enum outcome)i)) ==
		    (int)i, "%s does not parse back",
		    outcome_reason((enum outcome)i));
	}
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		oc = outcome_parse(want[i].reason);
		CHECK(oc != -1, "%s: no such outcome", want[i].reason);
		if (oc != -1)
			CHECK(outcome_status((enum outcome)oc) ==
			    want[i].status, "%s: status %d, want %d",
			    want[i].reason, outcome_status((enum outcome)oc),
			    want[i].status);
	}
	CHECK(outcome_status(OUTCOME_OK) == ST_OK, "ok is not 0");
	CHECK(outcome_status(OUTCOME_MAX) == ST_INTERNAL, "out of range");
	CHECK(strcmp(outcome_reason(OUTCOME_MAX), "internal") == 0,
	    "out of range reason");
	CHECK(outcome_parse("no-such-word") == -1, "unknown word parsed");
	CHECK(outcome_parse("") == -1, "empty word parsed");
	test_ladder();
	return check_done();
}
