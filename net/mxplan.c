/*
 * mxplan.c: ordering MX hosts the way RFC 5321 5.1 asks: by preference,
 * equal preferences in random order, the domain itself when it has no MX,
 * nothing at all for a null MX (RFC 7505).
 */
#include <arpa/inet.h>

#include <string.h>
#include <strings.h>

#include "mxplan.h"

static const char *const mxplan_kind_names[] = {
	[MXPLAN_EMPTY] = "empty",
	[MXPLAN_MX] = "mx",
	[MXPLAN_IMPLICIT] = "implicit",
	[MXPLAN_NULL] = "null",
};
_Static_assert(sizeof(mxplan_kind_names) / sizeof(mxplan_kind_names[0]) ==
    MXPLAN_KIND_MAX, "mxplan_kind_names must cover every kind");

const char *
mxplan_kind_name(enum mxplan_kind k)
{
	return k < MXPLAN_KIND_MAX ? mxplan_kind_names[k] : "?";
}

/* Copy a DNS name without its trailing dot; the root becomes "". */
static void
mxplan_copy_name(char *dst, const char *src)
{
	size_t	 len = strlen(src);

	if (len > MXPLAN_NAME_MAX)
		len = MXPLAN_NAME_MAX;
	if (len > 0 && src[len - 1] == '.')
		len--;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void
mxplan_init(struct mxplan *p, const char *domain)
{
	memset(p, 0, sizeof(*p));
	mxplan_copy_name(p->domain, domain);
}

int
mxplan_add(struct mxplan *p, const char *host, int pref)
{
	struct mxplan_host	*h;
	char			 name[MXPLAN_NAME_MAX + 1];
	size_t			 i, worst = 0;
	int			 left = 0;

	mxplan_copy_name(name, host);
	if (name[0] == '\0') {
		if (p->nullmx++ == 0)
			p->nullpref = pref;
		return 0;
	}
	for (i = 0; i < p->n; i++) {
		if (strcasecmp(p->h[i].name, name) == 0) {
			if (pref < p->h[i].pref)
				p->h[i].pref = pref;
			return 0;
		}
		/* the last of the least preferred: answer order breaks ties */
		if (p->h[i].pref >= p->h[worst].pref)
			worst = i;
	}
	if (p->n < MXPLAN_HOSTS)
		h = &p->h[p->n++];
	else {
		p->dropped++;
		if (pref >= p->h[worst].pref)
			return -1;
		h = &p->h[worst];	/* it is the one left out */
		left = -1;
	}
	memset(h, 0, sizeof(*h));
	memcpy(h->name, name, sizeof(h->name));
	h->pref = pref;
	return left;
}

static int
mxplan_is_literal(const char *s)
{
	unsigned char	 buf[sizeof(struct in6_addr)];
	char		 tmp[MXPLAN_NAME_MAX + 1];
	size_t		 len = strlen(s);

	/* "[192.0.2.1]" is how a confused zone file may spell it */
	if (len > 2 && s[0] == '[' && s[len - 1] == ']') {
		memcpy(tmp, s + 1, len - 2);
		tmp[len - 2] = '\0';
		s = tmp;
	}
	return inet_pton(AF_INET, s, buf) == 1 ||
	    inet_pton(AF_INET6, s, buf) == 1;
}

/* Sort key: the root among other MX goes last, whatever its preference. */
static long
mxplan_key(const struct mxplan_host *h)
{
	return (h->flags & MXPLAN_F_NULLMIX) ? 0x7fffffffL : (long)h->pref;
}

enum mxplan_kind
mxplan_finish(struct mxplan *p, mxplan_rand *rnd, void *arg)
{
	struct mxplan_host	 tmp;
	size_t			 i, j, start, len;

	if (p->n == 0 && p->nullmx == 0) {
		memset(&p->h[0], 0, sizeof(p->h[0]));
		memcpy(p->h[0].name, p->domain, sizeof(p->h[0].name));
		p->n = 1;
		p->kind = MXPLAN_IMPLICIT;
		p->h[0].flags |= mxplan_is_literal(p->h[0].name) ?
		    MXPLAN_F_LITERAL : 0;
		return p->kind;
	}
	if (p->n == 0 && p->nullmx > 0) {
		p->kind = MXPLAN_NULL;
		return p->kind;
	}
	p->kind = MXPLAN_MX;
	if (p->nullmx > 0) {
		/* seen wherever it came: shown, skipped, never looked up */
		memset(&p->h[p->n], 0, sizeof(p->h[p->n]));
		p->h[p->n++].pref = p->nullpref;
	}
	for (i = 0; i < p->n; i++) {
		if (p->h[i].name[0] == '\0')
			p->h[i].flags |= MXPLAN_F_NULLMIX;
		else if (mxplan_is_literal(p->h[i].name))
			p->h[i].flags |= MXPLAN_F_LITERAL;
	}
	/* insertion sort: stable, and n is small */
	for (i = 1; i < p->n; i++) {
		tmp = p->h[i];
		for (j = i; j > 0 && mxplan_key(&p->h[j - 1]) >
		    mxplan_key(&tmp); j--)
			p->h[j] = p->h[j - 1];
		p->h[j] = tmp;
	}
	/* Fisher-Yates within each run of equal preference */
	for (start = 0; start < p->n; start += len) {
		for (len = 1; start + len < p->n &&
		    mxplan_key(&p->h[start + len]) ==
		    mxplan_key(&p->h[start]); len++)
			;
		for (i = len - 1; i > 0 && rnd != NULL; i--) {
			j = rnd(arg) % (i + 1);
			if (j == i)
				continue;
			tmp = p->h[start + i];
			p->h[start + i] = p->h[start + j];
			p->h[start + j] = tmp;
		}
	}
	return p->kind;
}

int
mxplan_needs_lookup(const struct mxplan_host *h)
{
	return h->name[0] != '\0' && !(h->flags & MXPLAN_F_LITERAL);
}

static int
mxplan_same(const struct addr *a, const struct addr *b)
{
	return a->len == b->len && memcmp(&a->ss, &b->ss, a->len) == 0;
}

size_t
mxplan_addrs(const struct mxplan *p, struct addr *out,
    size_t *hostidx, size_t max)
{
	size_t	 i, j, k, n = 0;

	if (p->kind == MXPLAN_NULL)
		return 0;
	for (i = 0; i < p->n; i++)
		for (j = 0; j < p->h[i].naddrs && n < max; j++) {
			for (k = 0; k < n; k++)
				if (mxplan_same(&out[k], &p->h[i].addrs[j]))
					break;
			if (k < n)
				continue;	/* two MX, one server */
			out[n] = p->h[i].addrs[j];
			if (hostidx != NULL)
				hostidx[n] = i;
			n++;
		}
	return n;
}
