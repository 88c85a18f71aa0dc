/*
 * replhist.h: the REPL's history, kept across runs in a file of mode
 * 0600 ($XDG_STATE_HOME/smtpcli/history by default).  The REPL decides
 * what may be added (replcomp_private()); this module only keeps it.
 */
#ifndef SMTPCLI_REPLHIST_H
#define SMTPCLI_REPLHIST_H

#include <stdio.h>

#include <histedit.h>

#define REPLHIST_SIZE	1000	/* lines kept */

struct replhist;

/*
 * Open the history.  path NULL: the default file (its directory is made
 * 0700 when missing); nofile: keep lines for this run only.  Lines in
 * an existing file are loaded.  NULL only when out of memory; a file
 * that cannot be read or made is reported in err (err[0] is '\0' when
 * all is well) and the history then lives in memory only.
 */
struct replhist	*replhist_new(const char *path, int nofile, char *err,
		    size_t errlen);
void		 replhist_free(struct replhist *);

/* The libedit history, for EL_HIST. */
History		*replhist_history(struct replhist *);

/*
 * Add a line (no line end) and rewrite the file (0600, not following a
 * symbolic link).  Returns 0, or -1 with err filled when the file could
 * not be written (the line is still kept in memory); the file is then
 * not written again this session, so that a broken one gives one
 * warning, not one a line.
 */
int		 replhist_add(struct replhist *, const char *line, char *err,
		    size_t errlen);

/* Print the lines kept, oldest first, numbered, escaped. */
void		 replhist_print(struct replhist *, FILE *);

/* The file in use, or NULL. */
const char	*replhist_path(const struct replhist *);

#endif
