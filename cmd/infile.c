/*
 * infile.c: local inputs opened under a bound: open(2) with O_NONBLOCK so
 * a FIFO without a writer does not block, then poll(2) for its data.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "infile.h"

static long long
infile_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until fd has data or its writer left; 0, or -1 with err set. */
static int
infile_wait(int fd, const char *path, int wait, char *err, size_t errlen)
{
	struct pollfd	 pfd;
	long long	 end = infile_now_ms() + 1000LL * wait, left;
	int		 n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		left = end - infile_now_ms();
		if (left < 0)
			left = 0;
		if ((n = poll(&pfd, 1, (int)left)) > 0)
			return 0;
		if (n == -1 && errno != EINTR) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		if (n == 0) {
			snprintf(err, errlen, "%s: a FIFO with nothing written "
			    "to it within %d s (no writer?)", path, wait);
			return -1;
		}
	}
}

int
infile_open(const char *path, int wait, char *err, size_t errlen)
{
	struct stat	 st;
	int		 fd, fl;

	if (wait <= 0)
		wait = INFILE_WAIT;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == -1 || S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: %s", path, S_ISDIR(st.st_mode) ?
		    "is a directory" : strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISFIFO(st.st_mode) &&
	    infile_wait(fd, path, wait, err, errlen) == -1) {
		close(fd);
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}
