/*
 * finding.c: the list of delivery-security findings.  Pure: no I/O, the
 * renderer prints them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"

static const char *const finding_names[] = {
	[FINDING_PASS] = "pass",
	[FINDING_NOTE] = "note",
	[FINDING_WARN] = "warn",
	[FINDING_FAIL] = "fail",
};
_Static_assert(sizeof(finding_names) / sizeof(finding_names[0]) ==
    FINDING_LEVEL_MAX, "a name for every finding level");

static void
finding_copy(char *dst, size_t len, const char *src)
{
	size_t	n;

	if (src == NULL)
		src = "";
	n = strnlen(src, len - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int
finding_add(struct findings *l, const char *id, enum finding_level level,
    const char *rfc, const char *subject, const char *evidence,
    const char *fmt, ...)
{
	struct finding	*f, *nv;
	size_t		 ncap;
	va_list		 ap;

	if (l->n >= FINDINGS_MAX) {
		l->dropped++;
		return -1;
	}
	if (l->n == l->cap) {
		ncap = l->cap ? l->cap * 2 : 16;
		if ((nv = realloc(l->v, ncap * sizeof(*nv))) == NULL) {
			l->dropped++;
			return -1;
		}
		l->v = nv;
		l->cap = ncap;
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof(*f));
	finding_copy(f->id, sizeof(f->id), id);
	f->level = level < FINDING_LEVEL_MAX ? level : FINDING_FAIL;
	finding_copy(f->rfc, sizeof(f->rfc), rfc);
	finding_copy(f->subject, sizeof(f->subject), subject);
	finding_copy(f->evidence, sizeof(f->evidence), evidence);
	va_start(ap, fmt);
	(void)vsnprintf(f->reason, sizeof(f->reason), fmt, ap);
	va_end(ap);
	return 0;
}

enum finding_level
finding_worst(const struct findings *l)
{
	enum finding_level	w = FINDING_PASS;
	size_t			i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].level > w)
			w = l->v[i].level;
	return w;
}

const char *
finding_level_name(enum finding_level level)
{
	if ((unsigned)level >= FINDING_LEVEL_MAX)
		return "?";
	return finding_names[level];
}

size_t
finding_count(const struct findings *l, const char *id)
{
	size_t	i, n = 0;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, id) == 0)
			n++;
	return n;
}

void
finding_free(struct findings *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
