/*
 * fuzz_target.c: libFuzzer target for the target/URL parser.  The input
 * is one argument (cut at its first NUL, as argv would be).  Properties:
 * a parsed host is non-empty and bounded; a literal is an address, a
 * name holds only DNS characters; ports are 0-65535; and printing the
 * result back in canonical form parses to the same target.
 */
#include <arpa/inet.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_target(const struct target *t)
{
	unsigned char	 buf[sizeof(struct in6_addr)];
	size_t		 len = strnlen(t->host, sizeof(t->host)), i;
	char		 c;

	if (len == 0 || len > TARGET_HOST_MAX || t->port < 0 ||
	    t->port > 65535 || (t->domain && (t->implicit_tls ||
	    t->literal || t->port != 0)))
		abort();
	if (t->literal) {
		if (inet_pton(AF_INET6, t->host, buf) != 1 &&
		    inet_pton(AF_INET, t->host, buf) != 1)
			abort();
		return;
	}
	if (t->host[0] == '.' || t->host[0] == '-' || len > 253)
		abort();
	for (i = 0; i < len; i++) {
		c = t->host[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_'))
			abort();
		if (c == '.' && t->host[i + 1] == '.')
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target	 t, u;
	const char	*why = NULL;
	char		*s, again[TARGET_HOST_MAX + 32];
	int		 n;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	if (target_parse(s, &t, &why) == -1) {
		if (why == NULL)
			abort();
		free(s);
		return 0;
	}
	check_target(&t);
	/* the canonical form parses back to the same target */
	if (t.domain)
		n = snprintf(again, sizeof(again), "@%s", t.host);
	else if (strchr(t.host, ':') != NULL)
		n = snprintf(again, sizeof(again), "%s[%s]", t.implicit_tls ?
		    "smtps://" : "", t.host);
	else
		n = snprintf(again, sizeof(again), "%s%s", t.implicit_tls ?
		    "smtps://" : "", t.host);
	if (t.port != 0 && n > 0 && (size_t)n < sizeof(again))
		n += snprintf(again + n, sizeof(again) - (size_t)n, ":%d",
		    t.port);
	if (n < 0 || (size_t)n >= sizeof(again))
		abort();
	if (target_parse(again, &u, &why) == -1 ||
	    strcmp(t.host, u.host) != 0 || t.port != u.port ||
	    t.literal != u.literal || t.implicit_tls != u.implicit_tls ||
	    t.domain != u.domain)
		abort();
	free(s);
	return 0;
}
