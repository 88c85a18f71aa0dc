/*
 * low.c: fixture, the definitions of low.h in every style the parser
 * must read.
 */
#include <stdio.h>
#include <stdlib.h>

#include "low.h"

int	(*const low_hook)(int) = NULL;	/* const: not a writable global */
const char *low_names[] = { "a", "}", NULL };

static const char *const low_words[] = { "printf(", "exit(1)" };

/* } a brace in a comment { */
struct low *
low_new(void)
{
	return calloc(1, sizeof(struct low));
}

void
low_free(struct low *l)
{
	free(l);
}

int
low_multi(struct low *l, const char *s,
    size_t len, int flags)
{
	char	 buf[64];

	/* snprintf is allowed; a member called write is not I/O. */
	snprintf(buf, sizeof(buf), "%s {", s);
	l->write(l, buf, len);
	l->read(l, buf, sizeof(buf));
	return flags + (int)sizeof(low_words) + '}';
}

void
low_say(struct low *l, const char *fmt, ...)
{
	(void)l;
	(void)fmt;
}

int
low_checked(struct low *l)
{
	return l != NULL;
}

static int
low_zero(void *arg)
{
	(void)arg;
	return 0;
}

int
(*low_pick(int which))(void *arg)
{
	(void)which;
	return low_zero;
}

int low_bare(struct low *l) { return l == NULL; }

int
low_gap(void)
{
	return 0;
}

int
low_helper(void)
{
	return 1;
}
