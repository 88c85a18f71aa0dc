/* cyca.c: fixture. */
#include "cyca.h"

void
cyca_run(void)
{
}

static void
cyca_hidden(void)
{
}
