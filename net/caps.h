/*
 * caps.h: EHLO capabilities (RFC 5321 4.1.1.1) as keyword + parameters.
 * Pure: built from a parsed reply, no I/O.
 */
#ifndef SMTPCLI_CAPS_H
#define SMTPCLI_CAPS_H

#include <stddef.h>

#include "reply.h"

#define CAPS_MAX	128	/* keywords kept; more are counted, not kept */
#define CAPS_KW_MAX	32	/* RFC 5321 ehlo-keyword is short */
#define CAPS_PARAM_MAX	256

struct caps_entry {
	char		 keyword[CAPS_KW_MAX + 1];	/* upper-cased */
	char		 params[CAPS_PARAM_MAX + 1];	/* raw, may be "" */
};

struct caps {
	int		 valid;		/* a 250 EHLO reply was parsed */
	size_t		 n;
	size_t		 dropped;	/* lines beyond CAPS_MAX or malformed */
	struct caps_entry e[CAPS_MAX];
};

/* Forget all capabilities (after STARTTLS, RSET of the session). */
void		 caps_clear(struct caps *);

/*
 * Parse the lines after the first of a 250 EHLO reply.  A keyword is
 * ALPHA/DIGIT then ALPHA/DIGIT/"-"; a line that is not one is dropped.
 * Every AUTH line, "AUTH PLAIN" and the old "AUTH=LOGIN PLAIN" alike,
 * adds its mechanisms to the one AUTH entry, each once, in order.
 */
void		 caps_parse(struct caps *, const struct reply *);

/* Entry for a keyword (case-blind), or NULL. */
const struct caps_entry *caps_find(const struct caps *, const char *kw);

/* SIZE limit: 1 and *size set when advertised (0 = no fixed limit). */
int		 caps_size(const struct caps *, unsigned long long *size);

/* Nonzero when AUTH lists mechanism mech (case-blind). */
int		 caps_has_auth(const struct caps *, const char *mech);

#endif
