/*
 * replhist.c: the REPL's history file.  libedit keeps the lines and
 * writes its own (vis-encoded) format; this module decides where the
 * file lives and that nobody but its owner can read it.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"
#include "replhist.h"

struct replhist {
	History		*h;
	char		 path[PATH_MAX];
	int		 file;		/* path is in use */
};

/* Make each missing directory of path (not its last part), mode 0700. */
static int
replhist_mkdirs(char *path)
{
	char	*p;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

static int
replhist_default(char *buf, size_t len)
{
	const char	*state, *home;
	int		 n;

	if ((state = getenv("XDG_STATE_HOME")) != NULL && state[0] == '/')
		n = snprintf(buf, len, "%s/smtpcli/history", state);
	else if ((home = getenv("HOME")) != NULL && home[0] != '\0')
		n = snprintf(buf, len, "%s/.local/state/smtpcli/history",
		    home);
	else
		return -1;
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

struct replhist *
replhist_new(const char *path, int nofile, char *err, size_t errlen)
{
	struct replhist	*rh;
	HistEvent	 ev;
	int		 fd;

	err[0] = '\0';
	if ((rh = calloc(1, sizeof(*rh))) == NULL ||
	    (rh->h = history_init()) == NULL) {
		free(rh);
		return NULL;
	}
	history(rh->h, &ev, H_SETSIZE, REPLHIST_SIZE);
	history(rh->h, &ev, H_SETUNIQUE, 1);
	if (nofile)
		return rh;
	if (path != NULL) {
		if (strlen(path) >= sizeof(rh->path)) {
			snprintf(err, errlen, "history file name too long");
			return rh;
		}
		strcpy(rh->path, path);
	} else if (replhist_default(rh->path, sizeof(rh->path)) == -1) {
		snprintf(err, errlen, "no history file: neither "
		    "XDG_STATE_HOME nor HOME is set");
		return rh;
	} else if (replhist_mkdirs(rh->path) == -1) {
		snprintf(err, errlen, "%s: %s; history not kept", rh->path,
		    strerror(errno));
		return rh;
	}
	/*
	 * A file that does not load is not ours to overwrite: it may be
	 * anything the user named.  Left alone, with one warning; so is a
	 * symbolic link, which the save would refuse line after line.
	 */
	if ((fd = open(rh->path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1 &&
	    errno != ENOENT) {
		snprintf(err, errlen, "%s: %s; no history kept in it this "
		    "session", rh->path, strerror(errno));
		return rh;
	}
	if (fd != -1)
		close(fd);
	if (fd != -1 && history(rh->h, &ev, H_LOAD, rh->path) == -1) {
		snprintf(err, errlen, "%s: cannot be read as a history file; "
		    "left as it is, no history kept in it this session",
		    rh->path);
		return rh;
	}
	rh->file = 1;
	return rh;
}

void
replhist_free(struct replhist *rh)
{
	if (rh == NULL)
		return;
	history_end(rh->h);
	free(rh);
}

History *
replhist_history(struct replhist *rh)
{
	return rh->h;
}

const char *
replhist_path(const struct replhist *rh)
{
	return rh->file ? rh->path : NULL;
}

static int
replhist_save(struct replhist *rh, char *err, size_t errlen)
{
	HistEvent	 ev;
	FILE		*fp;
	int		 fd, r;

	fd = open(rh->path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600);
	if (fd == -1 || fchmod(fd, 0600) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", rh->path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	r = history(rh->h, &ev, H_SAVE_FP, fp);
	if (fclose(fp) == EOF || r == -1) {
		snprintf(err, errlen, "%s: could not be written", rh->path);
		return -1;
	}
	return 0;
}

int
replhist_add(struct replhist *rh, const char *line, char *err,
    size_t errlen)
{
	HistEvent	 ev;
	size_t		 n;

	history(rh->h, &ev, H_ENTER, line);
	if (!rh->file)
		return 0;
	if (replhist_save(rh, err, errlen) == 0)
		return 0;
	/* one warning a session, not one a line: stop writing it */
	rh->file = 0;
	n = strlen(err);
	if (n < errlen)
		snprintf(err + n, errlen - n, "; history not saved again this "
		    "session");
	return -1;
}

void
replhist_print(struct replhist *rh, FILE *fp)
{
	HistEvent	 ev;
	char		 buf[ESC_OUTMAX(256)];
	size_t		 len;
	int		 r, n = 0;

	/* H_LAST is the oldest line, H_PREV walks toward the newest */
	for (r = history(rh->h, &ev, H_LAST); r != -1;
	    r = history(rh->h, &ev, H_PREV)) {
		len = strcspn(ev.str, "\n");
		esc_text(ev.str, len > 256 ? 256 : len, 0, buf);
		fprintf(fp, "%5d  %s\n", ++n, buf);
	}
}
