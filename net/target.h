/*
 * target.h: what the user asked to connect to.  Pure parser for host,
 * host:port, [v6]:port, address literals, smtp:// and smtps:// URLs and
 * user@domain (a mail domain, routed through MX).
 */
#ifndef SMTPCLI_TARGET_H
#define SMTPCLI_TARGET_H

#define TARGET_HOST_MAX	255

struct target {
	char		 host[TARGET_HOST_MAX + 1];	/* no brackets */
	int		 port;		/* 0: not given */
	int		 literal;	/* host is an IPv4/IPv6 literal */
	int		 implicit_tls;	/* smtps:// */
	int		 domain;	/* user@domain: route by MX */
};

/* Parse s into *t.  Returns 0, or -1 with *why set to a static message. */
int		 target_parse(const char *s, struct target *t,
		    const char **why);

#endif
