/*
 * lathist.c: fixed-size log-bucket latency histogram; percentiles with a
 * bounded relative error instead of every latency kept and sorted.
 */
#include <string.h>

#include "lathist.h"

void
lathist_init(struct lathist *h)
{
	memset(h, 0, sizeof(*h));
}

/* The bucket of v: exact below LATHIST_LINEAR, else (octave, sub). */
static uint32_t
lathist_index(uint32_t v)
{
	uint32_t	 e;

	if (v < LATHIST_LINEAR)
		return v;
	for (e = LATHIST_SUB + 1; e < 31 && (v >> (e + 1)) != 0; e++)
		;
	/* v in [2^e, 2^(e+1)): its top LATHIST_SUB bits after the first */
	return LATHIST_LINEAR + (e - LATHIST_SUB - 1) * (1u << LATHIST_SUB) +
	    ((v >> (e - LATHIST_SUB)) - (1u << LATHIST_SUB));
}

/* The middle of bucket i: within half a bucket of every value in it. */
static uint32_t
lathist_value(uint32_t i)
{
	uint32_t	 e, sub, lo, width;

	if (i < LATHIST_LINEAR)
		return i;
	i -= LATHIST_LINEAR;
	e = i / (1u << LATHIST_SUB) + LATHIST_SUB + 1;
	sub = i % (1u << LATHIST_SUB);
	width = 1u << (e - LATHIST_SUB);
	lo = ((1u << LATHIST_SUB) + sub) << (e - LATHIST_SUB);
	return lo + (width - 1) / 2;
}

void
lathist_add(struct lathist *h, uint32_t v)
{
	uint32_t	*c = &h->count[lathist_index(v)];

	if (*c != UINT32_MAX)
		(*c)++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

uint32_t
lathist_quantile(const struct lathist *h, double p)
{
	uint64_t	 rank, seen = 0;
	uint32_t	 i, v;

	if (h->n == 0)
		return 0;
	if (!(p > 0))
		p = 0;
	if (p >= 1)
		return h->max;
	/* the same nearest rank the sorted array gave: p * (n - 1) */
	rank = (uint64_t)(p * (double)(h->n - 1) + 0.5);
	for (i = 0; i < LATHIST_BUCKETS; i++) {
		seen += h->count[i];
		if (seen > rank) {
			v = lathist_value(i);
			return v > h->max ? h->max : v;
		}
	}
	return h->max;
}
