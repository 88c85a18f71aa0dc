/*
 * fuzz_logscan.c: libFuzzer target for the mail-log annotator.  The input
 * is one log line, scanned from an exact-size copy so that any read past
 * its end is caught.  Properties of every hit: it lies inside the line,
 * its text starts within it, its code is 0 or 200-599 and stands at its
 * start, its enhanced code is valid or empty; hits come in line order
 * without overlapping, never more than asked for; and the scan gives the
 * same hits at any alignment.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "logscan.h"
#include "verb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_hits(const char *l, size_t len, const struct logscan_hit *h,
    size_t n, size_t max)
{
	size_t	 i, elen;
	int	 cls, subj, detail;

	if (n > max)
		abort();
	for (i = 0; i < n; i++, h++) {
		if (i + 1 < n && (h[1].off <= h->off ||
		    h->off + h->len > h[1].off))
			abort();	/* out of order or overlapping */
		if (h->off >= len || h->len > len - h->off ||
		    h->text_off < h->off || h->text_off > h->off + h->len)
			abort();
		if (h->verb >= VERB_MAX || h->anchor >= LOGSCAN_ANCHOR_MAX)
			abort();
		if ((elen = strnlen(h->enhanced, sizeof(h->enhanced))) ==
		    sizeof(h->enhanced))
			abort();	/* not NUL-terminated */
		if (elen > 0 && codes_parse_enhanced(h->enhanced, elen, &cls,
		    &subj, &detail) != (int)elen)
			abort();
		if (h->code == 0) {
			/* an enhanced code alone, standing at off */
			if (elen == 0 || h->off + elen > len ||
			    memcmp(l + h->off, h->enhanced, elen) != 0)
				abort();
			continue;
		}
		if (h->code < 200 || h->code > 599 || h->off + 3 > len ||
		    h->len < 3 ||
		    (l[h->off] - '0') * 100 + (l[h->off + 1] - '0') * 10 +
		    (l[h->off + 2] - '0') != h->code)
			abort();
		if (elen > 0 && (h->off + 4 + elen > len ||
		    memcmp(l + h->off + 4, h->enhanced, elen) != 0))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct logscan_hit	 a[LOGSCAN_MAXHITS], b[LOGSCAN_MAXHITS];
	char			*line, *shifted;
	size_t			 n, m, i, max;

	if ((line = malloc(size > 0 ? size : 1)) == NULL ||
	    (shifted = malloc(size + 7)) == NULL)
		abort();
	memcpy(line, data, size);
	n = logscan_line(line, size, a, LOGSCAN_MAXHITS);
	check_hits(line, size, a, n, LOGSCAN_MAXHITS);
	/* same answer at another alignment */
	i = size % 7 + 1;
	memcpy(shifted + i, data, size);
	memset(b, 0xa5, sizeof(b));
	if ((m = logscan_line(shifted + i, size, b, LOGSCAN_MAXHITS)) != n)
		abort();
	for (m = 0; m < n; m++)
		if (a[m].code != b[m].code || a[m].off != b[m].off ||
		    a[m].len != b[m].len || a[m].text_off != b[m].text_off ||
		    a[m].verb != b[m].verb || a[m].anchor != b[m].anchor ||
		    strcmp(a[m].enhanced, b[m].enhanced) != 0)
			abort();
	/* fewer slots than replies */
	max = size % LOGSCAN_MAXHITS + 1;
	check_hits(line, size, b, logscan_line(line, size, b, max), max);
	if (logscan_line(NULL, size, b, max) != 0 ||
	    logscan_line(line, size, b, 0) != 0)
		abort();
	free(line);
	free(shifted);
	return 0;
}
