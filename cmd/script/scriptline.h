/*
 * scriptline.h: the script language, one line at a time, and /expect
 * patterns.  Pure: classifies and parses, never sends or prints.
 */
#ifndef SMTPCLI_SCRIPTLINE_H
#define SMTPCLI_SCRIPTLINE_H

#include <stddef.h>

#include "cmdtab.h"

enum sline_kind {
	SLINE_BLANK,		/* blank or comment: skipped */
	SLINE_SMTP,		/* sent to the server as typed */
	SLINE_LOCAL,		/* a /command */
	SLINE_DATA,		/* message data (inside DATA) */
	SLINE_DATA_END,		/* the lone "." */
	SLINE_KIND_MAX
};

/*
 * Classify a line (without its line end).  in_data is nonzero inside
 * message data, where every line is data but the lone ".".  For
 * SLINE_LOCAL, *cmd (a command cmdtab allows in scripts, by its name or
 * a unique prefix among those) and *args (pointer into line, may be "")
 * are set; an empty, unknown or ambiguous /command returns -1 with *why
 * set to a static "empty /command", "unknown /command" or "ambiguous
 * /command".
 */
int		 sline_classify(const char *line, size_t len, int in_data,
		    enum sline_kind *kind, enum cmdtab_id *cmd,
		    const char **args, const char **why);

#define EXPECT_MAX_ALT	16

/* One alternative: code digits ('x' = any) and/or an enhanced code. */
struct expect_alt {
	char		 code[4];	/* "250", "2xx", "" if none */
	int		 enh[3];	/* -1 = no enhanced code part */
};

struct expect {
	size_t		 n;
	struct expect_alt alt[EXPECT_MAX_ALT];
};

/*
 * Parse "250", "2xx", "25x", "5.1.1", "550 5.1.1", alternatives split by
 * "|" ("250|251", "4xx|5.7.1").  Returns 0, or -1 with *why set.
 */
int		 expect_parse(const char *s, struct expect *, const char **why);

/*
 * Nonzero when a reply with code and enhanced code ("" when none)
 * matches any alternative.
 */
int		 expect_match(const struct expect *, int code,
		    const char *enhanced);

#endif
