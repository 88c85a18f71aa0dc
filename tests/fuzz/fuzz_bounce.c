/*
 * fuzz_bounce.c: libFuzzer target for the bounce and MIME readers.  The
 * input is split into lines, each copied to an exact-size buffer, and
 * fed through mime_feed() to bounce_feed() as `smtpcli explain -' does.
 * Properties of every reply: code 0 or 200-599, an enhanced code and a
 * status that are valid or empty, a recipient shorter than BOUNCE_ADDR,
 * a text no longer than a record, input lines 1 <= first <= last <= the
 * lines fed; an enhanced code alone has an enhanced code.  Each reply
 * is explained (hints, provider rows, annotate_code) with bounded notes.
 * The same input with CRLF line ends gives the same replies.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "annotate.h"
#include "bounce.h"
#include "codes.h"
#include "hints.h"
#include "mime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_MAX	64

struct run {
	struct mime	 m;
	struct bounce	 b;
	unsigned long	 lines;
	size_t		 n;
	int		 codes[FUZZ_MAX];
	char		 enh[FUZZ_MAX][12];
};

static void
check_enh(const char *e)
{
	size_t	 n = strnlen(e, 12);
	int	 cls, subj, detail;

	if (n == 12)
		abort();
	if (n > 0 && codes_parse_enhanced(e, n, &cls, &subj, &detail) !=
	    (int)n)
		abort();
}

/* Every note is bounded and NUL-free up to its length. */
static void
note(void *arg, enum annotate_label l, const char *s, size_t len)
{
	(void)arg;
	if ((unsigned)l >= ANN_LABEL_MAX || s == NULL || len > 8192)
		abort();
}

static void
found(void *arg, const struct bounce_reply *r)
{
	struct run		*x = arg;
	const struct hint	*h;
	const char		*out = NULL;
	char			 buf[256];

	if (r->code != 0 && (r->code < 200 || r->code > 599))
		abort();
	check_enh(r->enhanced);
	check_enh(r->status);
	if (r->code == 0 && r->enhanced[0] == '\0')
		abort();
	if (strnlen(r->rcpt, BOUNCE_ADDR) == BOUNCE_ADDR)
		abort();
	if (r->textlen > BOUNCE_REC || (r->textlen > 0 && r->text == NULL))
		abort();
	if (r->first < 1 || r->first > r->last || r->last > x->lines)
		abort();
	/* the explanation of what was found: hints, providers, notes */
	if ((h = hints_match(r->text, r->textlen, r->code, buf, sizeof(buf),
	    &out)) != NULL && (out == NULL || h->id == NULL ||
	    (out == buf && strnlen(buf, sizeof(buf)) == sizeof(buf))))
		abort();
	if (r->code != 0)
		annotate_code(r->code, r->enhanced, r->verb, r->text,
		    r->textlen, 0, note, NULL);
	annotate_providers(r->code, r->enhanced, r->verb, r->text,
	    r->textlen, note, NULL);
	if (x->n < FUZZ_MAX) {
		x->codes[x->n] = r->code;
		memcpy(x->enh[x->n], r->enhanced, 12);
	}
	x->n++;
}

static void
decoded(void *arg, const char *line, size_t len, int scan)
{
	struct run	*x = arg;

	x->lines++;
	if (scan)
		bounce_feed(&x->b, line, len, found, x);
	else
		bounce_skip(&x->b, found, x);
	bounce_hold(&x->b);
}

static void
run(struct run *x, const uint8_t *data, size_t size, int crlf)
{
	const uint8_t	*p = data, *nl, *end = data + size;
	char		*line;
	size_t		 len;

	memset(x, 0, sizeof(*x));
	mime_init(&x->m);
	bounce_init(&x->b, 1);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if ((line = malloc(len + 2)) == NULL)
			abort();
		memcpy(line, p, len);
		if (crlf && nl != NULL)
			line[len++] = '\r';
		mime_feed(&x->m, line, len, decoded, x);
		free(line);
		p += len - (crlf && nl != NULL) + (nl != NULL);
	}
	mime_end(&x->m, decoded, x);
	bounce_end(&x->b, found, x);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run	 a, b;
	size_t			 i;

	if (size > 65536)
		return 0;
	run(&a, data, size, 0);
	/* an input that already holds CRs may end its lines either way */
	if (memchr(data, '\r', size) != NULL)
		return 0;
	run(&b, data, size, 1);
	if (a.n != b.n)
		abort();
	for (i = 0; i < a.n && i < FUZZ_MAX; i++)
		if (a.codes[i] != b.codes[i] || strcmp(a.enh[i],
		    b.enh[i]) != 0)
			abort();
	return 0;
}
