/*
 * impure.c: fixture, a core file that does I/O, includes an I/O header
 * and keeps a global.
 */
#include <stdio.h>
#include <unistd.h>

#include "client.h"

static int	 impure_count;
static const int impure_max = 3;

void
impure_run(const char *s)
{
	static int	 calls;
	static const char *const names[] = { "x" };
	char		 buf[16];

	snprintf(buf, sizeof(buf), "%s", names[0]);
	printf("%s\n", s);	/* a real call */
	/* exit(1) in a comment is not a call */
	fputs("write(1, s, 1)\n", stderr);
	calls++;
	impure_count += impure_max;
	exit(1);
}
