/* cycb.c: fixture; includes cyca.h, which includes cycb.h. */
#include "cyca.h"
#include "cycb.h"

static const char *s = "#include \"low.h\"";

void
cycb_run(void)
{
	(void)s;
}

static void
cycb_static(void)
{
}
