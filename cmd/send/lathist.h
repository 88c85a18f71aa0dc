/*
 * lathist.h: a latency histogram of fixed size (HdrHistogram-style log
 * buckets), so bulk mode's percentiles cost the same memory for ten
 * messages or ten million.  Pure.
 */
#ifndef SMTPCLI_LATHIST_H
#define SMTPCLI_LATHIST_H

#include <stdint.h>

/*
 * Values below 2^(LATHIST_SUB + 1) have a bucket each; above, every
 * power of two is cut into 2^LATHIST_SUB buckets, so a bucket is at most
 * 1/128 of its values wide and its middle within 1/256 (0.4%) of any
 * value in it.
 */
#define LATHIST_SUB	7
#define LATHIST_LINEAR	(1u << (LATHIST_SUB + 1))	/* 256 exact */
#define LATHIST_BUCKETS	(LATHIST_LINEAR + (32 - LATHIST_SUB - 1) * \
			    (1u << LATHIST_SUB))

struct lathist {
	uint64_t	 n;			/* values added */
	uint32_t	 max;			/* exact */
	uint32_t	 count[LATHIST_BUCKETS];	/* saturating */
};

/* An empty histogram. */
void		 lathist_init(struct lathist *);

/* Add one value (any unit; smtpcli uses microseconds). */
void		 lathist_add(struct lathist *, uint32_t v);

/*
 * The p-quantile (0 <= p <= 1) as the nearest-rank value of the values
 * added, within 1/256 of it (exact below 256, and for p = 1 the exact
 * maximum); 0 when nothing was added.
 */
uint32_t	 lathist_quantile(const struct lathist *, double p);

#endif
