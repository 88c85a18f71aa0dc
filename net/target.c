/*
 * target.c: parses a target argument.  Host names are checked against the
 * characters DNS names use so that nothing odd reaches the resolver or
 * the TLS name check.
 */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "target.h"

static int
target_port(const char *s, int *port)
{
	char	*end;
	long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < 1 || v > 65535)
		return -1;
	*port = (int)v;
	return 0;
}

static int
target_hostname(const char *s, size_t len)
{
	size_t	 i;

	if (len == 0 || len > 253 || s[0] == '.' || s[0] == '-')
		return -1;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_'))
			return -1;
		if (c == '.' && i + 1 < len && s[i + 1] == '.')
			return -1;
	}
	return 0;
}

int
target_parse(const char *s, struct target *t, const char **why)
{
	unsigned char	 buf[sizeof(struct in6_addr)];
	const char	*p, *colon, *at;
	size_t		 len;

	memset(t, 0, sizeof(*t));
	*why = "bad target: use host, host:port, [v6addr]:port, "
	    "smtp://host[:port] or smtps://host[:port]";
	if (strncasecmp(s, "smtp://", 7) == 0)
		s += 7;
	else if (strncasecmp(s, "smtps://", 8) == 0) {
		s += 8;
		t->implicit_tls = 1;
	} else if (strstr(s, "://") != NULL) {
		*why = "bad target: only smtp:// and smtps:// URLs are known";
		return -1;
	}
	len = strlen(s);
	if (len > 0 && s[len - 1] == '/')	/* smtp://host/ */
		len--;
	if (len == 0 || len > TARGET_HOST_MAX)
		return -1;
	if ((at = memchr(s, '@', len)) != NULL) {
		/* a mailbox: its domain is routed through MX */
		p = at + 1;
		len -= (size_t)(p - s);
		if (t->implicit_tls || target_hostname(p, len) == -1)
			return -1;
		memcpy(t->host, p, len);
		t->domain = 1;
		return 0;
	}
	if (s[0] == '[') {
		p = memchr(s, ']', len);
		if (p == NULL || (size_t)(p - s - 1) > TARGET_HOST_MAX)
			return -1;
		memcpy(t->host, s + 1, (size_t)(p - s - 1));
		if (inet_pton(AF_INET6, t->host, buf) != 1 &&
		    inet_pton(AF_INET, t->host, buf) != 1) {
			*why = "bad target: [...] must hold an IP address";
			return -1;
		}
		t->literal = 1;
		p++;
		if ((size_t)(p - s) == len)
			return 0;
		if (*p != ':')
			return -1;
		char port[8];
		if (len - (size_t)(p - s) - 1 >= sizeof(port))
			return -1;
		memcpy(port, p + 1, len - (size_t)(p - s) - 1);
		port[len - (size_t)(p - s) - 1] = '\0';
		if (target_port(port, &t->port) == -1) {
			*why = "bad target: port must be 1-65535";
			return -1;
		}
		return 0;
	}
	memcpy(t->host, s, len);
	t->host[len] = '\0';
	/* a bare IPv6 literal has several colons: no port then */
	if (inet_pton(AF_INET6, t->host, buf) == 1) {
		t->literal = 1;
		return 0;
	}
	if ((colon = strrchr(t->host, ':')) != NULL) {
		if (target_port(colon + 1, &t->port) == -1) {
			*why = "bad target: port must be 1-65535";
			return -1;
		}
		t->host[colon - t->host] = '\0';
		len = (size_t)(colon - t->host);
	}
	if (inet_pton(AF_INET, t->host, buf) == 1) {
		t->literal = 1;
		return 0;
	}
	if (target_hostname(t->host, len) == -1) {
		*why = "bad target: not a valid host name";
		return -1;
	}
	return 0;
}
