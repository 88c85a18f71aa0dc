/*
 * outq.h: a connection's output queue.  Pure: octets queued for the
 * transport, and the lines they carry, each shown only once all of its
 * octets are written (a transcript says " -> " for what went, never for
 * what was merely queued).
 */
#ifndef SMTPCLI_OUTQ_H
#define SMTPCLI_OUTQ_H

#include <stddef.h>

struct outq;

/* Called for each line whose octets are all written, oldest first. */
typedef void	 outq_show_fn(void *arg, int type, const char *text,
		    size_t len);

/* An empty queue; NULL when out of memory.  outq_free() takes NULL. */
struct outq	*outq_new(void);
void		 outq_free(struct outq *);

/*
 * Queue len octets.  After outq_line() with open set, they belong to
 * that line (message data shown as typed, encoded in pieces).  0, or -1
 * when out of memory (nothing queued).
 */
int		 outq_put(struct outq *, const void *buf, size_t len);

/*
 * A line to show (type and text are the caller's, the text copied) once
 * every octet queued so far is written; open: the octets queued next
 * are its own too, until the next outq_line() or outq_close().  0, or
 * -1 when out of memory.
 */
int		 outq_line(struct outq *, int type, const char *text,
		    size_t len, int open);

/* The open line, if any, takes no more octets. */
void		 outq_close(struct outq *);

/* The octets not yet written: *len of them at the pointer. */
const char	*outq_pending(const struct outq *, size_t *len);

/*
 * n octets from the front were written: shows (show(arg, ...)) every
 * line whose octets are now all written, in order.
 */
void		 outq_written(struct outq *, size_t n, outq_show_fn *show,
		    void *arg);

/* Forget everything queued: those lines are never shown. */
void		 outq_drop(struct outq *);

/* Octets and lines waiting; octets queued and written, ever. */
size_t		 outq_octets(const struct outq *);
size_t		 outq_lines(const struct outq *);
unsigned long long outq_total(const struct outq *);
unsigned long long outq_done(const struct outq *);

#endif
