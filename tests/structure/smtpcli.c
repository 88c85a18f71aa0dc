/*
 * smtpcli.c: fixture, a front end that connects by itself.
 */
#include "low.h"

int
main(void)
{
	return client_connect(0, 0, 1, 30);
}
