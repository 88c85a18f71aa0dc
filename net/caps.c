/*
 * caps.c: parses EHLO reply lines into capability keywords.  Server bytes
 * are kept raw; the renderer escapes them.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "caps.h"

void
caps_clear(struct caps *c)
{
	c->valid = 0;
	c->n = 0;
	c->dropped = 0;
}

static int
caps_kwchar(unsigned char ch, int first)
{
	return isalnum(ch) || (!first && ch == '-');
}

/* Nonzero when the space-separated list holds word w (case-blind). */
static int
caps_list_has(const char *list, const char *w, size_t n)
{
	size_t	 k;

	for (; *list != '\0'; list += k) {
		while (*list == ' ')
			list++;
		k = strcspn(list, " ");
		if (k == n && strncasecmp(list, w, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * A second AUTH line (either form, RFC 4954 and the old "AUTH="): its
 * mechanisms join the first line's, each once.  Servers split them over
 * lines; reading only the first hid mechanisms that were offered.  A
 * line with mechanisms that do not fit counts once as dropped (so every
 * line is still kept, merged or counted once).
 */
static void
caps_auth_merge(struct caps *c, struct caps_entry *e, const char *s,
    size_t len)
{
	size_t	 i = 0, n, have;
	int	 lost = 0;

	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		for (n = 0; i + n < len && s[i + n] != ' '; n++)
			;
		if (n == 0)
			break;
		if (!caps_list_has(e->params, s + i, n)) {
			have = strlen(e->params);
			if (have + (have > 0) + n > CAPS_PARAM_MAX)
				lost = 1;
			else {
				if (have > 0)
					e->params[have++] = ' ';
				memcpy(e->params + have, s + i, n);
				e->params[have + n] = '\0';
			}
		}
		i += n;
	}
	if (lost)
		c->dropped++;
}

static struct caps_entry *
caps_auth_entry(struct caps *c)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->e[i].keyword, "AUTH") == 0)
			return &c->e[i];
	return NULL;
}

void
caps_parse(struct caps *c, const struct reply *r)
{
	size_t			 i, len, k, p;
	const char		*s;
	struct caps_entry	*e;
	struct caps_entry	*old;

	caps_clear(c);
	c->valid = 1;
	for (i = 1; i < r->nlines; i++) {
		s = reply_line_text(r, i, &len);
		for (k = 0; k < len && k < CAPS_KW_MAX &&
		    caps_kwchar((unsigned char)s[k], k == 0); k++)
			;
		if (k == 0 || (k < len && s[k] != ' ' && s[k] != '=')) {
			c->dropped++;
			continue;
		}
		/* old "AUTH=LOGIN PLAIN": fold into an AUTH entry */
		if (k < len && s[k] == '=' && !(k == 4 &&
		    strncasecmp(s, "AUTH", 4) == 0)) {
			c->dropped++;
			continue;
		}
		if (k == 4 && strncasecmp(s, "AUTH", 4) == 0 &&
		    (old = caps_auth_entry(c)) != NULL) {
			/* s[4] is the space or "=" (or the line ends) */
			if (len > 4)
				caps_auth_merge(c, old, s + 5, len - 5);
			continue;
		}
		if (c->n == CAPS_MAX) {
			c->dropped++;
			continue;
		}
		e = &c->e[c->n++];
		for (p = 0; p < k; p++)
			e->keyword[p] = (char)toupper((unsigned char)s[p]);
		e->keyword[k] = '\0';
		while (k < len && (s[k] == ' ' || s[k] == '='))
			k++;
		p = len - k;
		if (p > CAPS_PARAM_MAX)
			p = CAPS_PARAM_MAX;
		memcpy(e->params, s + k, p);
		e->params[p] = '\0';
	}
}

const struct caps_entry *
caps_find(const struct caps *c, const char *kw)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcasecmp(c->e[i].keyword, kw) == 0)
			return &c->e[i];
	return NULL;
}

int
caps_size(const struct caps *c, unsigned long long *size)
{
	const struct caps_entry	*e;
	char			*end;
	unsigned long long	 v;

	if ((e = caps_find(c, "SIZE")) == NULL)
		return 0;
	*size = 0;
	if (e->params[0] >= '0' && e->params[0] <= '9') {
		v = strtoull(e->params, &end, 10);
		if (*end == '\0' || *end == ' ')
			*size = v;
	}
	return 1;
}

int
caps_has_auth(const struct caps *c, const char *mech)
{
	const struct caps_entry	*e;

	if ((e = caps_find(c, "AUTH")) == NULL)
		return 0;
	return caps_list_has(e->params, mech, strlen(mech));
}
