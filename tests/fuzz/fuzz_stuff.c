/*
 * fuzz_stuff.c: libFuzzer target for the message encoder.  Properties:
 * the output never holds a terminator before its end, only CRLF line
 * ends, and de-stuffing it gives back the CRLF-normalised input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stuff.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stuff	 st;
	char		*out, *norm, *back;
	size_t		 o, cut, i, n = 0, b = 0;

	if (size == 0)
		return 0;
	cut = data[0] % size;
	data++;
	size--;
	if ((out = malloc(STUFF_OUTMAX(size) + STUFF_TERM_MAX)) == NULL ||
	    (norm = malloc(2 * size + 2)) == NULL ||
	    (back = malloc(STUFF_OUTMAX(size) + STUFF_TERM_MAX)) == NULL)
		abort();
	stuff_init(&st, 1);
	o = stuff_feed(&st, (const char *)data, cut, out);
	o += stuff_feed(&st, (const char *)data + cut, size - cut, out + o);
	o += stuff_finish(&st, out + o);
	/* reference normalisation: CRLF, CR, LF each end a line */
	for (i = 0; i < size; i++) {
		if (data[i] == '\r' || data[i] == '\n') {
			norm[n++] = '\r';
			norm[n++] = '\n';
			if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
				i++;
		} else
			norm[n++] = (char)data[i];
	}
	if (n > 0 && norm[n - 1] != '\n') {
		norm[n++] = '\r';
		norm[n++] = '\n';
	}
	/* de-stuff: drop the terminator, then one leading dot per line */
	if (o < 3 || memcmp(out + o - 3, ".\r\n", 3) != 0 ||
	    (o > 3 && memcmp(out + o - 5, "\r\n", 2) != 0))
		abort();
	for (i = 0; i + 3 < o; i++) {
		if ((i == 0 || out[i - 1] == '\n') && out[i] == '.') {
			if (out[i + 1] == '\r')
				abort();	/* early terminator */
			continue;
		}
		if ((out[i] == '\r') != (i + 1 < o && out[i + 1] == '\n'))
			abort();	/* bare CR */
		if (out[i] == '\n' && (i == 0 || out[i - 1] != '\r'))
			abort();	/* bare LF */
		back[b++] = out[i];
	}
	if (b != n || memcmp(back, norm, n) != 0)
		abort();
	free(out);
	free(norm);
	free(back);
	return 0;
}
