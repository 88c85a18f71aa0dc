/*
 * linehold.c: lines held by pointer while they sit in the reader's
 * buffer (a log's common case costs no copy), copied only when that
 * buffer is reused or a line comes from elsewhere.
 */
#include <string.h>

#include "linehold.h"

void
linehold_init(struct linehold *h, unsigned long next)
{
	h->ext = NULL;
	h->len = 0;
	h->first = next;
	h->n = 0;
	h->lost = 0;
	h->cut = 0;
}

static const char *
linehold_data(const struct linehold *h)
{
	return h->ext != NULL ? h->ext : h->buf;
}

void
linehold_drop(struct linehold *h, unsigned long keep)
{
	const char	*p, *nl;
	unsigned long	 end = h->first + h->n + h->lost, k;

	if (keep <= h->first)
		return;
	if (keep >= h->first + h->n) {
		h->lost = keep < end ? end - keep : 0;
		h->ext = NULL;
		h->len = 0;
		h->n = 0;
		h->first = keep;
		if (h->cut < keep)
			h->cut = 0;
		return;
	}
	p = linehold_data(h);
	for (k = h->first; k < keep; k++) {
		nl = memchr(p, '\n', h->len - (size_t)(p - linehold_data(h)));
		p = nl + 1;
	}
	k = (unsigned long)(p - linehold_data(h));
	if (h->ext != NULL)
		h->ext = p;
	else
		memmove(h->buf, p, h->len - k);
	h->len -= k;
	h->n -= keep - h->first;
	h->first = keep;
	if (h->cut < keep)
		h->cut = 0;
}

void
linehold_hold(struct linehold *h)
{
	if (h->ext == NULL)
		return;
	memmove(h->buf, h->ext, h->len);
	h->ext = NULL;
}

void
linehold_add(struct linehold *h, const char *line, size_t len, int lf,
    int cut, unsigned long spare)
{
	unsigned long	 no = h->first + h->n + h->lost;

	if (h->lost == 0 && h->len + len + 1 > sizeof(h->buf) &&
	    spare > h->first)
		linehold_drop(h, spare < no ? spare : no);
	if (h->lost > 0 || h->len + len + 1 > sizeof(h->buf)) {
		h->lost++;
		return;
	}
	if (cut)
		h->cut = no;
	if (lf && (h->n == 0 || (h->ext != NULL &&
	    line == h->ext + h->len))) {
		if (h->n == 0)
			h->ext = line;
		h->len += len + 1;
		h->n++;
		return;
	}
	linehold_hold(h);
	memcpy(h->buf + h->len, line, len);
	h->buf[h->len + len] = '\n';
	h->len += len + 1;
	h->n++;
}

unsigned long
linehold_lines(const struct linehold *h, unsigned long from,
    unsigned long to, linehold_cb *cb, void *arg)
{
	const char	*p = linehold_data(h), *end = p + h->len, *nl;
	unsigned long	 no, shown = 0;

	if (to < from)
		return 0;
	for (no = h->first; p < end && no <= to; no++, p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (no < from)
			continue;
		cb(arg, p, (size_t)(nl - p), no == h->cut);
		shown++;
	}
	return to - from + 1 - shown;
}
