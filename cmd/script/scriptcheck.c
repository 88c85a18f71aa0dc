/*
 * scriptcheck.c: the check of a whole script before the connection: each
 * line through sline_check() (pure), the files it names opened for
 * reading; a pipe's script is copied, bounded, to be replayed.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "script.h"
#include "scriptcheck.h"
#include "scriptline.h"
#include "scriptread.h"

#define SCRIPTCHECK_LINE_MAX	(1024 * 1024)
#define NOTHING			"; nothing was sent"

/*
 * A file /data or /bdat names: as the runner wants it, a regular file
 * (it is read twice: checked, then sent) that opens and reads.  Its type
 * is looked at before opening it: a FIFO without a writer would block.
 */
static enum outcome
scriptcheck_file(struct render *r, const char *name, unsigned long lineno,
    const char *path)
{
	struct stat	 sb;
	const char	*why = NULL;
	FILE		*fp = NULL;
	char		 c;

	if (stat(path, &sb) == -1)
		why = strerror(errno);
	else if (!S_ISREG(sb.st_mode))
		why = S_ISDIR(sb.st_mode) ? strerror(EISDIR) : "not a regular "
		    "file (it is read twice: checked, then sent)";
	else if ((fp = fopen(path, "rb")) == NULL)
		why = strerror(errno);
	else if (fread(&c, 1, 1, fp) == 0 && ferror(fp))
		why = strerror(errno != 0 ? errno : EIO);
	if (fp != NULL)
		fclose(fp);
	if (why == NULL)
		return OUTCOME_OK;
	render_error(r, "%s:%lu: %s: %s" NOTHING, name, lineno, path, why);
	return OUTCOME_INPUT_UNREADABLE;
}

/* One line through sline_check(); the first problem decides. */
static enum outcome
scriptcheck_line(struct sline_check *k, struct render *r, const char *name,
    unsigned long lineno, const char *line, size_t n)
{
	enum sline_check_res	 res;
	char			 path[PATH_MAX];
	const char		*why;

	res = sline_check(k, line, n, lineno, path, sizeof(path), &why);
	if (res == SLINE_CHECK_FILE)
		return scriptcheck_file(r, name, lineno, path);
	if (res != SLINE_CHECK_SYNTAX && res != SLINE_CHECK_INPUT)
		return OUTCOME_OK;
	render_error(r, "%s:%lu: %s: %.*s" NOTHING, name, lineno, why,
	    (int)(n > 40 ? 40 : n), line);
	return res == SLINE_CHECK_SYNTAX ? OUTCOME_USAGE :
	    OUTCOME_INPUT_UNREADABLE;
}

/* Every line on fd to its end, read as script_source() reads them. */
static enum outcome
scriptcheck_lines(int fd, const char *name, struct render *r)
{
	struct sline_check	 k;
	struct scriptread	 rd;
	enum scriptread_st	 st;
	enum outcome		 oc = OUTCOME_OK;
	const char		*line;
	char			*buf;
	size_t			 n;
	unsigned long		 lineno = 0;

	if ((buf = malloc(SCRIPTREAD_BUFSIZE(SCRIPTCHECK_LINE_MAX))) == NULL) {
		render_error(r, "%s: cannot check: out of memory", name);
		return OUTCOME_INTERNAL;
	}
	memset(&k, 0, sizeof(k));
	scriptread_init(&rd, buf, SCRIPTCHECK_LINE_MAX);
	while (oc == OUTCOME_OK &&
	    (st = scriptread_next(&rd, &line, &n)) != SCRIPTREAD_END) {
		if (st == SCRIPTREAD_MORE) {
			if (script_fill(&rd, fd) == -1) {
				render_error(r, "%s: read error: %s" NOTHING,
				    name, strerror(errno));
				oc = OUTCOME_INPUT_UNREADABLE;
			}
			continue;
		}
		lineno++;
		if (st == SCRIPTREAD_LONG) {
			render_error(r, "%s:%lu: line longer than 1 MiB"
			    NOTHING, name, lineno);
			oc = OUTCOME_USAGE;
		} else
			oc = scriptcheck_line(&k, r, name, lineno, line, n);
	}
	free(buf);
	if (oc == OUTCOME_OK && k.in_data) {
		render_error(r, "%s:%lu: the script ends inside message data "
		    "(no lone \".\") after DATA on line %lu" NOTHING, name,
		    lineno, k.data_line);
		oc = OUTCOME_USAGE;
	}
	return oc;
}

/* A pipe's script into an unnamed temporary file, bounded. */
static enum outcome
scriptcheck_spool(int fd, const char *name, struct render *r,
    struct scriptcheck *k)
{
	char		 buf[65536];
	size_t		 total = 0;
	ssize_t		 n;

	if ((k->fp = tmpfile()) == NULL) {
		render_error(r, "%s: a copy to check: %s" NOTHING, name,
		    strerror(errno));
		return OUTCOME_INTERNAL;
	}
	k->own = 1;
	for (;;) {
		if ((n = read(fd, buf, sizeof(buf))) == -1) {
			if (errno == EINTR)
				continue;
			render_error(r, "%s: read error: %s" NOTHING, name,
			    strerror(errno));
			return OUTCOME_INPUT_UNREADABLE;
		}
		if (n == 0)
			break;
		if ((total += (size_t)n) > SCRIPTCHECK_PIPE_MAX) {
			render_error(r, "%s: a script from a pipe is checked "
			    "from a copy, and this one is longer than %d MiB: "
			    "give it with -f FILE" NOTHING, name,
			    SCRIPTCHECK_PIPE_MAX / (1024 * 1024));
			return OUTCOME_USAGE;
		}
		if (fwrite(buf, 1, (size_t)n, k->fp) != (size_t)n ||
		    fflush(k->fp) == EOF) {
			render_error(r, "%s: a copy to check: %s" NOTHING,
			    name, strerror(errno));
			return OUTCOME_INTERNAL;
		}
	}
	if (lseek(fileno(k->fp), 0, SEEK_SET) == -1) {
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
	off_t		 start = -1;
	int		 fd = fileno(in);

	k->fp = in;
	k->own = 0;
	/* a terminal seeks, but what was typed cannot be read again */
	if (isatty(fd) || (start = lseek(fd, 0, SEEK_CUR)) == -1) {
		if ((oc = scriptcheck_spool(fd, name, r, k)) != OUTCOME_OK)
			return oc;
		start = 0;
	}
	if ((oc = scriptcheck_lines(fileno(k->fp), name, r)) != OUTCOME_OK)
		return oc;
	if (lseek(fileno(k->fp), start, SEEK_SET) == -1) {
		render_error(r, "%s: %s", name, strerror(errno));
		return OUTCOME_INPUT_UNREADABLE;
	}
	return OUTCOME_OK;
}

void
scriptcheck_close(struct scriptcheck *k)
{
	if (k->own && k->fp != NULL)
		fclose(k->fp);
	k->fp = NULL;
	k->own = 0;
}
