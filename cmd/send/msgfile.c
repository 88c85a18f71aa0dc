/*
 * msgfile.c: the system calls behind message.c's files, so that the
 * message builder itself stays free of I/O.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "msgfile.h"

static int
msgfile_open(void *arg, const char *path, int check, int *type)
{
	struct stat	 st;
	int		 fd, saved;

	(void)arg;
	/* stdin was never looked at before: keep it that way */
	if (path == NULL) {
		*type = MESSAGE_FOTHER;
		return STDIN_FILENO;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | (check ? O_NONBLOCK : 0));
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1) {
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	if (S_ISREG(st.st_mode))
		*type = MESSAGE_FREG;
	else if (S_ISDIR(st.st_mode))
		*type = MESSAGE_FDIR;
	else
		*type = MESSAGE_FOTHER;
	return fd;
}

static ssize_t
msgfile_read(void *arg, int fd, void *buf, size_t len)
{
	ssize_t	 n;

	(void)arg;
	while ((n = read(fd, buf, len)) == -1 && errno == EINTR)
		;
	return n;
}

static void
msgfile_close(void *arg, int fd)
{
	(void)arg;
	if (fd != STDIN_FILENO)
		close(fd);
}

const struct message_files *
msgfile_posix(void)
{
	static const struct message_files	 files = {
		msgfile_open, msgfile_read, msgfile_close, NULL
	};

	return &files;
}
