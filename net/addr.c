/*
 * addr.c: socket addresses as text: "host:port" for the transcript, an
 * address literal parsed, the EHLO address literal.  Pure.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "addr.h"

const char *
addr_str(const struct addr *a, char *buf, size_t len)
{
	char	 ip[INET6_ADDRSTRLEN];

	if (a->ss.ss_family == AF_INET6) {
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
