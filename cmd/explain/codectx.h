/*
 * codectx.h: the meaning of a basic reply code in answer to one command.
 * Pure: a const table sorted by code, then verb.
 */
#ifndef SMTPCLI_CODECTX_H
#define SMTPCLI_CODECTX_H

#include <stddef.h>

#include "verb.h"

/* Rows in the table. */
size_t		 codectx_count(void);

/*
 * Row i: its code, verb and meaning (a const string).  Returns 0, or -1
 * past the end (nothing set).
 */
int		 codectx_at(size_t i, int *code, enum verb *v,
		    const char **meaning);

/*
 * What code means in answer to v (a const string), or NULL when the
 * table has nothing for that pair (the general meaning applies).
 */
const char	*codectx_lookup(int code, enum verb v);

#endif
