/*
 * corpus_main.c: runs a fuzz target over every file named on the command
 * line, so the corpora run as plain tests in every build.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
main(int argc, char *argv[])
{
	static uint8_t	 buf[1 << 20];
	FILE		*fp;
	size_t		 n;
	int		 i, done = 0;

	for (i = 1; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), fp);
		fclose(fp);
		LLVMFuzzerTestOneInput(buf, n);
		done++;
	}
	printf("%d passed, 0 failed\n", done);
	return done > 0 ? 0 : 1;
}
