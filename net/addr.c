/*
 * addr.c: socket addresses as text: "host:port" for the transcript, an
 * address literal parsed, the EHLO address literal.  Pure.
 */
#include <sys/un.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"

const char *
addr_str(const struct addr *a, char *buf, size_t len)
{
	char	 ip[INET6_ADDRSTRLEN];

	if (a->ss.ss_family == AF_UNIX) {
		const struct sockaddr_un *su = (const void *)&a->ss;

		snprintf(buf, len, "unix:%.*s", (int)sizeof(su->sun_path),
		    su->sun_path);
	} else if (a->ss.ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const void *)&a->ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, ip, sizeof(ip));
		snprintf(buf, len, "[%s]:%u", ip, ntohs(s6->sin6_port));
	} else {
		const struct sockaddr_in *s4 = (const void *)&a->ss;

		inet_ntop(AF_INET, &s4->sin_addr, ip, sizeof(ip));
		snprintf(buf, len, "%s:%u", ip, ntohs(s4->sin_port));
	}
	return buf;
}

int
addr_literal(const char *s, int port, struct addr *a)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&a->ss;
	struct sockaddr_in6	*s6 = (struct sockaddr_in6 *)&a->ss;

	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((unsigned short)port);
		a->len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, s, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((unsigned short)port);
		a->len = sizeof(*s6);
		return 0;
	}
	return -1;
}
void
addr_ehlo_line(const struct addr *a, const char *verb,
    const char *helo, char *line, size_t size)
{
	char	 as[64], *colon;

	if (helo != NULL && *helo != '\0') {
		snprintf(line, size, "%s %s", verb, helo);
		return;
	}
	if (a == NULL) {
		snprintf(line, size, "%s [127.0.0.1]", verb);
		return;
	}
	/* "[::1]:25" or "127.0.0.1:25": the port goes, [] become [IPv6:] */
	addr_str(a, as, sizeof(as));
	if ((colon = strrchr(as, ':')) != NULL)
		*colon = '\0';
	if (as[0] == '[')
		snprintf(line, size, "%s [IPv6:%.*s]", verb,
		    (int)strlen(as) - 2, as + 1);
	else
		snprintf(line, size, "%s [%s]", verb, as);
}

/* One server of a --resolver list: s, n octets, not terminated. */
static int
addr_server(const char *s, size_t n, const char **why)
{
	char		 host[64];
	const char	*port = NULL, *end = s + n, *close;
	struct addr	 a;
	unsigned long	 v;
	size_t		 hl, i;

	if (n == 0) {
		*why = "an empty server in the list";
		return -1;
	}
	if (*s == '[') {
		if ((close = memchr(s, ']', n)) == NULL) {
			*why = "'[' without ']'";
			return -1;
		}
		hl = (size_t)(close - s - 1);
		if (close + 1 < end) {
			if (close[1] != ':') {
				*why = "text after ']'";
				return -1;
			}
			port = close + 2;
		}
		s++;
	} else if ((close = memchr(s, ':', n)) != NULL &&
	    memchr(close + 1, ':', (size_t)(end - close - 1)) == NULL) {
		hl = (size_t)(close - s);	/* IPv4:port */
		port = close + 1;
	} else
		hl = n;				/* IPv4, or bare IPv6 */
	if (hl == 0 || hl >= sizeof(host)) {
		*why = "not an IP address";
		return -1;
	}
	memcpy(host, s, hl);
	host[hl] = '\0';
	if (addr_literal(host, 53, &a) == -1) {
		*why = "not an IP address (names are not allowed)";
		return -1;
	}
	if (port == NULL)
		return 0;
	for (v = 0, i = 0; port + i < end; i++) {
		if (port[i] < '0' || port[i] > '9' || i >= 5) {
			*why = "port must be 1-65535";
			return -1;
		}
		v = v * 10 + (unsigned long)(port[i] - '0');
	}
	if (i == 0 || v < 1 || v > 65535) {
		*why = "port must be 1-65535";
		return -1;
	}
	return 0;
}

int
addr_servers(const char *list, const char **why)
{
	const char	*comma;

	for (;;) {
		comma = strchr(list, ',');
		if (addr_server(list, comma != NULL ? (size_t)(comma - list) :
		    strlen(list), why) == -1)
			return -1;
		if (comma == NULL)
			return 0;
		list = comma + 1;
	}
}

int
addr_source(const char *s, struct addr *a)
{
	char		 host[INET6_ADDRSTRLEN + 2], *end;
	const char	*colon, *h = s;
	size_t		 hl;
	long		 port = 0;

	memset(a, 0, sizeof(*a));
	if (s[0] == '[') {
		if ((colon = strchr(s, ']')) == NULL)
			return -1;
		h = s + 1;
		hl = (size_t)(colon - h);
		colon = colon[1] == ':' ? colon + 1 : colon[1] == '\0' ?
		    NULL : s;
		if (colon == s)
			return -1;
	} else if ((colon = strchr(s, ':')) != NULL &&
	    strchr(colon + 1, ':') != NULL) {
		hl = strlen(s);		/* a bare IPv6 address: no port */
		colon = NULL;
	} else
		hl = colon != NULL ? (size_t)(colon - s) : strlen(s);
	if (colon != NULL) {
		port = strtol(colon + 1, &end, 10);
		if (colon[1] < '0' || colon[1] > '9' || *end != '\0' ||
		    port < 1 || port > 65535)
			return -1;
	}
	if (hl == 0) {
		/* ":PORT": any local address of the target's family */
		a->ss.ss_family = AF_UNSPEC;
		((struct sockaddr_in *)&a->ss)->sin_port =
		    htons((unsigned short)port);
		return colon != NULL && s[0] != '[' ? 0 : -1;
	}
	if (hl >= sizeof(host))
		return -1;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (addr_literal(host, (int)port, a) == -1 ||
	    (s[0] == '[' && a->ss.ss_family != AF_INET6))
		return -1;
	return 0;
}

int
addr_port(const struct addr *a)
{
	if (a->ss.ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)(const void *)
		    &a->ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)(const void *)
	    &a->ss)->sin_port);
}

int
addr_unix(const char *path, struct addr *a)
{
	struct sockaddr_un	*su = (struct sockaddr_un *)&a->ss;
	size_t			 len = strlen(path);

	memset(a, 0, sizeof(*a));
	if (len == 0 || len >= sizeof(su->sun_path))
		return -1;
	su->sun_family = AF_UNIX;
	memcpy(su->sun_path, path, len + 1);
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	return 0;
}
