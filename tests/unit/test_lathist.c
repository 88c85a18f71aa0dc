/*
 * test_lathist.c: the latency histogram: its quantiles against the exact
 * nearest-rank values of the same data kept and sorted, within the
 * stated 1/256 (exact below 256 and for the maximum), for several
 * distributions and sizes; edges (empty, one value, 0, UINT32_MAX).
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "lathist.h"

#define N	100000

static uint32_t	 vals[N];

static uint32_t
xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static int
cmp(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Every quantile of interest within the bound of the exact one. */
static void
check_against_sorted(const char *what, size_t n)
{
	static const double	 ps[] = { 0, 0.001, 0.1, 0.25, 0.5, 0.9,
	    0.99, 0.999, 1 };
	struct lathist		 h;
	size_t			 i;

	lathist_init(&h);
	for (i = 0; i < n; i++)
		lathist_add(&h, vals[i]);
	qsort(vals, n, sizeof(vals[0]), cmp);
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		uint32_t	 want = vals[(size_t)(ps[i] * (double)(n - 1) +
		    0.5)];
		uint32_t	 got = lathist_quantile(&h, ps[i]);
		double		 err = got > want ? got - want : want - got;

		CHECK(want < 256 || ps[i] == 1 ? got == want :
		    err <= (double)want / 256, "%s n=%zu p=%g: got %u want "
		    "%u", what, n, ps[i], got, want);
	}
	CHECK(h.n == n && h.max == vals[n - 1], "%s: count and max", what);
}

int
main(void)
{
	struct lathist	 h;
	uint32_t	 x = 2463534242u;
	size_t		 i, n;

	lathist_init(&h);
	CHECK(lathist_quantile(&h, 0.5) == 0, "empty: 0");
	lathist_add(&h, 0);
	CHECK(lathist_quantile(&h, 0.5) == 0 && lathist_quantile(&h, 1) == 0,
	    "a single 0");
	lathist_add(&h, UINT32_MAX);
	CHECK(lathist_quantile(&h, 1) == UINT32_MAX, "max exact");
	CHECK(lathist_quantile(&h, 0.99) >= UINT32_MAX - UINT32_MAX / 256,
	    "top bucket: %u", lathist_quantile(&h, 0.99));
	CHECK(sizeof(h) < 16 * 1024, "fixed size %zu", sizeof(h));

	for (n = 1; n <= N; n *= 10) {
		for (i = 0; i < n; i++)		/* uniform, all 32 bits */
			vals[i] = xorshift(&x);
		check_against_sorted("uniform", n);
		for (i = 0; i < n; i++)		/* log-uniform: every octave */
			vals[i] = xorshift(&x) >> (xorshift(&x) % 32);
		check_against_sorted("log-uniform", n);
		for (i = 0; i < n; i++)		/* latencies: ~50 us to 10 ms */
			vals[i] = 50 + xorshift(&x) % 200 +
			    (xorshift(&x) % 100 == 0 ? xorshift(&x) % 10000 :
			    0);
		check_against_sorted("latency-like", n);
	}
	return check_done();
}
