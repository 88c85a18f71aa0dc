/*
 * shared.h: fixture, an "internal" header shared by several .c files:
 * it declares a function of low.c and has no shared.c.
 */
#ifndef SHARED_H
#define SHARED_H

/* a comment before the directive: */ #include "low.h"

/* Defined in low.c. */
int	 low_helper(void);

#endif
