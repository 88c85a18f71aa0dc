/*
 * low.h: fixture, the bottom module: every trap the parsers must get
 * right, and one declaration without a comment.
 */
#ifndef LOW_H
#define LOW_H

#include <stddef.h>

/* A macro that looks like a function: not a declaration. */
#define LOW_MAX(a, b)	((a) > (b) ? \
	(a) : (b))
#define LOW_DECL int low_fake(void);

/* A callback type: a typedef, not a function. */
typedef int	 low_cb(void *arg, int fd);
typedef int	(*low_fp)(void *arg);

struct low {
	int	(*read)(void *, char *, size_t);	/* a member */
	void	 (*write)(void *, const char *, size_t);
	low_cb	*cb;
};

/* A function pointer variable, not a function. */
extern int	(*const low_hook)(int);
extern const char *low_names[];
extern int	 low_sizes[LOW_MAX(1, 2)];

/*
 * Allocate one; NULL when out of memory.  The comment covers the run of
 * declarations under it.
 */
struct low	*low_new(void);
void		 low_free(struct low *);
int		 low_multi(struct low *, const char *s,
		    size_t len, int flags);

/* A prototype with an attribute on its own line. */
void		 low_say(struct low *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* A comment mentioning int low_ghost(void); is not a declaration. */
__attribute__((warn_unused_result))
int		 low_checked(struct low *);

/* Returns a function pointer (the declarator inside parentheses). */
int		(*low_pick(int which))(void *arg);

int		 low_bare(struct low *);

/* Comment, then a blank line: not directly above. */

int		 low_gap(void);

#endif
