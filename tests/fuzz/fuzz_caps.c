/*
 * fuzz_caps.c: libFuzzer target for the EHLO capability parser.  The
 * input is framed into replies by the reply parser; each reply is parsed
 * as an EHLO answer.  Properties: every kept keyword is a valid
 * ehlo-keyword, upper-cased and bounded, parameters are bounded and
 * NUL-terminated, lines are kept or counted, caps_find finds each
 * keyword, caps_has_auth finds each listed mechanism and caps_size
 * agrees with the SIZE entry.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"
#include "reply.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_keyword(const char *kw)
{
	size_t	 i, n = strnlen(kw, CAPS_KW_MAX + 1);

	if (n == 0 || n > CAPS_KW_MAX || !isalnum((unsigned char)kw[0]))
		abort();
	for (i = 0; i < n; i++)
		if (!(isupper((unsigned char)kw[i]) ||
		    isdigit((unsigned char)kw[i]) || kw[i] == '-'))
			abort();
}

static void
check_caps(const struct caps *c, const struct reply *r)
{
	const struct caps_entry	*e, *f;
	unsigned long long	 size;
	char			 mech[CAPS_PARAM_MAX + 1];
	const char		*p;
	size_t			 i, w, auths = 0;

	if (!c->valid || c->n > CAPS_MAX ||
	    c->n + c->dropped > (r->nlines > 0 ? r->nlines - 1 : 0))
		abort();
	for (i = 0; i < c->n; i++) {
		e = &c->e[i];
		check_keyword(e->keyword);
		if (strnlen(e->params, CAPS_PARAM_MAX + 1) > CAPS_PARAM_MAX)
			abort();
		if ((f = caps_find(c, e->keyword)) == NULL || f > e ||
		    strcmp(f->keyword, e->keyword) != 0)
			abort();
		if (strcmp(e->keyword, "AUTH") == 0 && ++auths > 1)
			abort();	/* AUTH and AUTH= are folded into one */
	}
	/* case-blind lookups */
	if (c->n > 0) {
		char	 lower[CAPS_KW_MAX + 1];

		for (i = 0; c->e[0].keyword[i] != '\0'; i++)
			lower[i] = (char)tolower((unsigned char)
			    c->e[0].keyword[i]);
		lower[i] = '\0';
		if (caps_find(c, lower) != caps_find(c, c->e[0].keyword))
			abort();
	}
	if ((e = caps_find(c, "AUTH")) != NULL) {
		for (p = e->params; *p != '\0'; p += w) {
			while (*p == ' ')
				p++;
			if ((w = strcspn(p, " ")) == 0)
				break;
			memcpy(mech, p, w);
			mech[w] = '\0';
			if (!caps_has_auth(c, mech))
				abort();
		}
	} else if (caps_has_auth(c, "PLAIN") || caps_has_auth(c, "LOGIN"))
		abort();
	(void)caps_has_auth(c, "CRAM-MD5");
	if (caps_size(c, &size) != (caps_find(c, "SIZE") != NULL))
		abort();
	(void)caps_find(c, "STARTTLS");
	(void)caps_find(c, "");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct reply_parser	*p;
	static struct caps		 c;
	enum reply_status		 st;
	size_t				 off = 0, used;

	if (p == NULL && (p = reply_new()) == NULL)
		return 0;
	reply_reset(p);
	while (off < size) {
		st = reply_feed(p, (const char *)data + off, size - off,
		    &used);
		off += used;
		if (st == REPLY_ERROR || (st == REPLY_MORE && used == 0))
			break;
		if (st == REPLY_READY) {
			caps_parse(&c, reply_get(p));
			check_caps(&c, reply_get(p));
		}
	}
	return 0;
}
