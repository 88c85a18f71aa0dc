/*
 * summary.c: the "what bounced and why" table: a linear search over a
 * few hundred rows is cheap next to scanning the lines that found them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "summary.h"

void
summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
}

static void
summary_domain(char *out, const char *rcpt)
{
	const char	*at = strrchr(rcpt, '@');
	size_t		 n = 0;

	out[0] = '\0';
	if (at == NULL)
		return;
	for (at++; *at != '\0' && n + 1 < SUMMARY_DOMAIN; at++)
		out[n++] = (*at >= 'A' && *at <= 'Z') ? (char)(*at + 32) : *at;
	out[n] = '\0';
}

/* Whether a DSN reply repeats one the text told; else remember it. */
static int
summary_again(struct summary *s, int code, const char *rcpt, int dsn)
{
	size_t	 i, n = s->nrecent < SUMMARY_RECENT ? s->nrecent :
		    SUMMARY_RECENT;

	if (rcpt[0] == '\0')
		return 0;
	if (dsn) {
		for (i = 0; i < n; i++)
			if (s->recent[i].code == code &&
			    strncmp(s->recent[i].rcpt, rcpt,
			    SUMMARY_DOMAIN - 1) == 0)
				return 1;
		return 0;
	}
	i = s->nrecent++ % SUMMARY_RECENT;
	s->recent[i].code = code;
	snprintf(s->recent[i].rcpt, sizeof(s->recent[i].rcpt), "%s", rcpt);
	return 0;
}

void
summary_add(struct summary *s, int code, const char *enhanced, enum verb v,
    const char *rcpt, int dsn)
{
	struct summary_row	*r;
	char			 dom[SUMMARY_DOMAIN];
	size_t			 i;

	if (rcpt == NULL)
		rcpt = "";
	if (summary_again(s, code, rcpt, dsn)) {
		s->again++;
		return;
	}
	s->total++;
	summary_domain(dom, rcpt);
	for (i = 0; i < s->n; i++) {
		r = &s->rows[i];
		if (r->code == code && r->verb == v &&
		    strcmp(r->enhanced, enhanced) == 0 &&
		    strcmp(r->domain, dom) == 0) {
			r->count++;
			return;
		}
	}
	if (s->n == SUMMARY_ROWS || strlen(enhanced) >= sizeof(r->enhanced)) {
		s->other++;
		return;
	}
	r = &s->rows[s->n++];
	r->code = code;
	memcpy(r->enhanced, enhanced, strlen(enhanced) + 1);
	r->verb = v;
	memcpy(r->domain, dom, sizeof(dom));
	r->count = 1;
}

static int
summary_cmp(const void *a, const void *b)
{
	const struct summary_row	*x = a, *y = b;
	int				 c;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	if ((c = strcmp(x->enhanced, y->enhanced)) != 0)
		return c;
	if (x->verb != y->verb)
		return x->verb < y->verb ? -1 : 1;
	return strcmp(x->domain, y->domain);
}

void
summary_sort(struct summary *s)
{
	qsort(s->rows, s->n, sizeof(s->rows[0]), summary_cmp);
}
