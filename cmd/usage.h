/*
 * usage.h: the text of smtpcli --help.
 */
#ifndef SMTPCLI_USAGE_H
#define SMTPCLI_USAGE_H

#include <stdio.h>

/* Print the options, script syntax, / commands and exit statuses. */
void	 usage(FILE *);

#endif
