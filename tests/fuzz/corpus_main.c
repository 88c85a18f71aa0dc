/*
 * corpus_main.c: runs a fuzz target over every file named on the command
 * line, or in a directory named there, so the corpora run as plain tests
 * in every build.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
run_file(const char *path)
{
	static uint8_t	 buf[1 << 20];
	FILE		*fp;
	size_t		 n;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct stat	 sb;
	struct dirent	*de;
	DIR		*d;
	char		 path[4096];
	int		 i, done = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) == -1) {
			perror(argv[i]);
			return 1;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (run_file(argv[i]) == -1)
				return 1;
			done++;
			continue;
		}
		/* a directory: read when the test runs, not at configure */
		if ((d = opendir(argv[i])) == NULL) {
			perror(argv[i]);
			return 1;
		}
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			    argv[i], de->d_name) >= sizeof(path) ||
			    run_file(path) == -1) {
				closedir(d);
				return 1;
			}
			done++;
		}
		closedir(d);
	}
	printf("%d passed, 0 failed\n", done);
	return done > 0 ? 0 : 1;
}
