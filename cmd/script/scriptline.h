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

/*
 * Seconds for /sleep: a number 0-86400 (fractions allowed).  Returns 0,
 * or -1 with *why set to a static message.
 */
int		 sline_seconds(const char *args, double *secs,
		    const char **why);

/*
 * /bdat's arguments "FILE [LAST]": the file name copied into path (size
 * len) and *last set.  Returns 0, or -1 with *why set (no name, too
 * long).
 */
int		 sline_bdat(const char *args, char *path, size_t len,
		    int *last, const char **why);

/* What a checked line asks of its caller (sline_check()). */
enum sline_check_res {
	SLINE_CHECK_OK,		/* nothing more to check */
	SLINE_CHECK_FILE,	/* the file named must be readable */
	SLINE_CHECK_SYNTAX,	/* a bad line: *why says why (status 64) */
	SLINE_CHECK_INPUT,	/* unusable message data (status 66) */
	SLINE_CHECK_MAX
};

/* The state of a check of a whole script, line by line. */
struct sline_check {
	int		 in_data;	/* inside message data */
	int		 data_first;	/* the line right after DATA */
	unsigned long	 data_line;	/* the line number of that DATA */
};

/*
 * Check one line (no line end) as the runner would take it, without
 * running it: /commands (unknown, ambiguous, their arguments: /expect's
 * pattern, /sleep's seconds, /data's and /bdat's file name), SMTP lines
 * as line_check() would send them, message data from DATA to the lone
 * ".".  The state starts zeroed; lineno is recorded where DATA starts.
 * For SLINE_CHECK_FILE the file name is copied into path (size len).
 * After the last line, a nonzero in_data means the script ends inside
 * message data.
 */
enum sline_check_res sline_check(struct sline_check *, const char *line,
		    size_t len, unsigned long lineno, char *path, size_t plen,
		    const char **why);

#endif
