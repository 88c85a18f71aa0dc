/*
 * outq.c: the output queue: one buffer of octets, and a ring of the
 * lines in it with where each ends in the stream, so that a line is
 * shown when (and only when) the transport has taken all of it.
 */
#include <stdlib.h>
#include <string.h>

#include "outq.h"

struct outq_line {
	unsigned long long end;		/* its last octet + 1 in the stream */
	int		 type;
	size_t		 len;		/* octets of text in shown */
};

struct outq {
	char		*buf;
	size_t		 len, cap;
	unsigned long long total;	/* octets queued, ever */
	unsigned long long done;	/* octets written, ever */
	struct outq_line *lines;	/* ring, oldest at head */
	size_t		 head, count, lcap;
	char		*shown;		/* texts, the oldest at shead */
	size_t		 shead, slen, scap;
	int		 open;		/* the newest line takes octets */
};

struct outq *
outq_new(void)
{
	return calloc(1, sizeof(struct outq));
}

void
outq_free(struct outq *q)
{
	if (q == NULL)
		return;
	free(q->buf);
	free(q->lines);
	free(q->shown);
	free(q);
}

/* Room for need more octets in *p (size *cap, used n). */
static int
outq_room(char **p, size_t *cap, size_t n, size_t need)
{
	size_t	 ncap;
	char	*np;

	if (n + need <= *cap)
		return 0;
	for (ncap = *cap ? *cap : 1024; ncap < n + need; ncap *= 2)
		;
	if ((np = realloc(*p, ncap)) == NULL)
		return -1;
	*p = np;
	*cap = ncap;
	return 0;
}

int
outq_put(struct outq *q, const void *buf, size_t len)
{
	if (outq_room(&q->buf, &q->cap, q->len, len) == -1)
		return -1;
	memcpy(q->buf + q->len, buf, len);
	q->len += len;
	q->total += len;
	if (q->open && q->count > 0)
		q->lines[(q->head + q->count - 1) % q->lcap].end = q->total;
	return 0;
}

int
outq_line(struct outq *q, int type, const char *text, size_t len, int open)
{
	struct outq_line	*l;
	size_t			 i, ncap;

	if (q->count == q->lcap) {
		ncap = q->lcap ? q->lcap * 2 : 16;
		if ((l = calloc(ncap, sizeof(*l))) == NULL)
			return -1;
		for (i = 0; i < q->count; i++)
			l[i] = q->lines[(q->head + i) % q->lcap];
		free(q->lines);
		q->lines = l;
		q->lcap = ncap;
		q->head = 0;
	}
	/* compact only when empty or out of room: amortised, not per line */
	if (q->shead > 0 && (q->shead == q->slen || q->slen + len > q->scap)) {
		memmove(q->shown, q->shown + q->shead, q->slen - q->shead);
		q->slen -= q->shead;
		q->shead = 0;
	}
	if (outq_room(&q->shown, &q->scap, q->slen, len) == -1)
		return -1;
	memcpy(q->shown + q->slen, text, len);
	q->slen += len;
	l = &q->lines[(q->head + q->count) % q->lcap];
	l->end = q->total;
	l->type = type;
	l->len = len;
	q->count++;
	q->open = open;
	return 0;
}

void
outq_close(struct outq *q)
{
	q->open = 0;
}

const char *
outq_pending(const struct outq *q, size_t *len)
{
	*len = q->len;
	return q->buf;
}

void
outq_written(struct outq *q, size_t n, outq_show_fn *show, void *arg)
{
	struct outq_line	*l;
	size_t			 off;

	if (n > q->len)
		n = q->len;
	memmove(q->buf, q->buf + n, q->len - n);
	q->len -= n;
	q->done += n;
	while (q->count > 0) {
		l = &q->lines[q->head];
		if (l->end > q->done)
			break;
		q->head = (q->head + 1) % q->lcap;
		if (--q->count == 0)
			q->open = 0;
		off = q->shead;
		q->shead += l->len;
		show(arg, l->type, q->shown + off, l->len);
	}
}

void
outq_drop(struct outq *q)
{
	q->len = 0;
	q->count = q->head = 0;
	q->shead = q->slen = 0;
	q->open = 0;
}

size_t
outq_octets(const struct outq *q)
{
	return q->len;
}

size_t
outq_lines(const struct outq *q)
{
	return q->count;
}

unsigned long long
outq_total(const struct outq *q)
{
	return q->total;
}

unsigned long long
outq_done(const struct outq *q)
{
	return q->done;
}
