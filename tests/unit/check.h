/*
 * check.h: the smallest test harness: CHECK(cond, fmt, ...) counts and
 * reports, check_done() prints "N passed, N failed" and gives the status.
 */
#ifndef SMTPCLI_CHECK_H
#define SMTPCLI_CHECK_H

#include <stdio.h>

static int check_pass, check_fail;

#define CHECK(cond, ...) do {						\
	if (cond)							\
		check_pass++;						\
	else {								\
		check_fail++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static inline int
check_done(void)
{
	printf("%d passed, %d failed\n", check_pass, check_fail);
	return check_fail == 0 ? 0 : 1;
}

#endif
