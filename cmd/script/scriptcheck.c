/*
 * scriptcheck.c: the check of a whole script before the connection: each
 * line through sline_check() (pure), the files it names opened for
 * reading; a pipe's script is held, bounded, to be replayed.
 */
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scriptcheck.h"
#include "scriptline.h"

#define SCRIPTCHECK_LINE_MAX	(1024 * 1024)
#define NOTHING			"; nothing was sent"

/* A file /data or /bdat names: it opens and reads (not a directory). */
static enum outcome
scriptcheck_file(struct render *r, const char *name, unsigned long lineno,
    const char *path)
{
	FILE	*fp;
	char	 c;

	if ((fp = fopen(path, "rb")) == NULL) {
		render_error(r, "%s:%lu: %s: %s" NOTHING, name, lineno, path,
		    strerror(errno));
		return OUTCOME_INPUT_UNREADABLE;
	}
	if (fread(&c, 1, 1, fp) == 0 && ferror(fp)) {
		render_error(r, "%s:%lu: %s: %s" NOTHING, name, lineno, path,
		    strerror(errno));
		fclose(fp);
		return OUTCOME_INPUT_UNREADABLE;
	}
	fclose(fp);
	return OUTCOME_OK;
}

/* Every line of fp to its end; the first problem decides. */
static enum outcome
scriptcheck_lines(FILE *fp, const char *name, struct render *r)
{
	struct sline_check	 k;
	enum sline_check_res	 res;
	enum outcome		 oc = OUTCOME_OK;
	char			*line = NULL, path[PATH_MAX];
	const char		*why;
	size_t			 cap = 0;
	unsigned long		 lineno = 0;
	ssize_t			 n;

	memset(&k, 0, sizeof(k));
	while (oc == OUTCOME_OK && (n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (n > SCRIPTCHECK_LINE_MAX) {
			render_error(r, "%s:%lu: line longer than 1 MiB"
			    NOTHING, name, lineno);
			oc = OUTCOME_USAGE;
			break;
		}
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (n > 0 && line[n - 1] == '\r')
			n--;
		line[n] = '\0';
		res = sline_check(&k, line, (size_t)n, lineno, path,
		    sizeof(path), &why);
		if (res == SLINE_CHECK_FILE)
			oc = scriptcheck_file(r, name, lineno, path);
		else if (res == SLINE_CHECK_SYNTAX ||
		    res == SLINE_CHECK_INPUT) {
			render_error(r, "%s:%lu: %s: %.*s" NOTHING, name,
			    lineno, why, (int)(n > 40 ? 40 : n), line);
			oc = res == SLINE_CHECK_SYNTAX ? OUTCOME_USAGE :
			    OUTCOME_INPUT_UNREADABLE;
		}
	}
	free(line);
	if (oc == OUTCOME_OK && ferror(fp)) {
		render_error(r, "%s: read error" NOTHING, name);
		oc = OUTCOME_INPUT_UNREADABLE;
	}
	if (oc == OUTCOME_OK && k.in_data) {
		render_error(r, "%s:%lu: the script ends inside message data "
		    "(no lone \".\") after DATA on line %lu" NOTHING, name,
		    lineno, k.data_line);
		oc = OUTCOME_USAGE;
	}
	return oc;
}

/* A pipe's script into memory, bounded; 0, or -1 reported. */
static enum outcome
scriptcheck_spool(FILE *in, const char *name, struct render *r,
    struct scriptcheck *k)
{
	size_t	 len = 0, cap = 0, n;
	char	*np;

	for (;;) {
		if (len == cap) {
			if (cap == SCRIPTCHECK_PIPE_MAX + 1) {
				render_error(r, "%s: a script from a pipe is "
				    "checked in memory, and this one is longer "
				    "than %d MiB: give it with -f FILE" NOTHING,
				    name,
				    SCRIPTCHECK_PIPE_MAX / (1024 * 1024));
				return OUTCOME_USAGE;
			}
			cap = cap == 0 ? 65536 : cap * 2;
			if (cap > SCRIPTCHECK_PIPE_MAX + 1)
				cap = SCRIPTCHECK_PIPE_MAX + 1;
			if ((np = realloc(k->buf, cap)) == NULL) {
				render_error(r, "out of memory");
				return OUTCOME_INTERNAL;
			}
			k->buf = np;
		}
		if ((n = fread(k->buf + len, 1, cap - len, in)) == 0)
			break;
		len += n;
	}
	if (ferror(in)) {
		render_error(r, "%s: read error" NOTHING, name);
		return OUTCOME_INPUT_UNREADABLE;
	}
	/* fmemopen() wants a size: an empty script is one of "" */
	if (len == 0)
		k->buf[len++] = '\n';
	if ((k->fp = fmemopen(k->buf, len, "r")) == NULL) {
		render_error(r, "%s: %s", name, strerror(errno));
		return OUTCOME_INTERNAL;
	}
	return OUTCOME_OK;
}

enum outcome
scriptcheck_open(FILE *in, const char *name, struct render *r,
    struct scriptcheck *k)
{
	enum outcome	 oc;
	off_t		 start;

	k->fp = NULL;
	k->buf = NULL;
	/* a terminal seeks, but what was typed cannot be read again */
	if (!isatty(fileno(in)) && (start = ftello(in)) != -1) {
		if ((oc = scriptcheck_lines(in, name, r)) != OUTCOME_OK)
			return oc;
		clearerr(in);
		if (fseeko(in, start, SEEK_SET) == -1) {
			render_error(r, "%s: %s", name, strerror(errno));
			return OUTCOME_INPUT_UNREADABLE;
		}
		k->fp = in;
		return OUTCOME_OK;
	}
	if ((oc = scriptcheck_spool(in, name, r, k)) != OUTCOME_OK)
		return oc;
	if ((oc = scriptcheck_lines(k->fp, name, r)) != OUTCOME_OK)
		return oc;
	rewind(k->fp);
	return OUTCOME_OK;
}

void
scriptcheck_close(struct scriptcheck *k)
{
	if (k->buf != NULL) {
		if (k->fp != NULL)
			fclose(k->fp);
		free(k->buf);
	}
	k->fp = NULL;
	k->buf = NULL;
}
