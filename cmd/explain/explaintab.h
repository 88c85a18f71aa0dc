/*
 * explaintab.h: the reply-code and command tables printed for a human,
 * offline: the parts of `smtpcli explain` that read no input.
 */
#ifndef SMTPCLI_EXPLAINTAB_H
#define SMTPCLI_EXPLAINTAB_H

#include <stdio.h>

struct cmdinfo;

/* Every basic and enhanced code, one a line, with title and source. */
void	 explaintab_list(FILE *);

/* A command: status, syntax, what it does, the replies it can get. */
void	 explaintab_command(FILE *, const struct cmdinfo *);

/*
 * A code alone: its RFC title, its class and its meaning after each
 * command the context table knows, as "    # " lines.
 */
void	 explaintab_full(FILE *, int code);

#endif
