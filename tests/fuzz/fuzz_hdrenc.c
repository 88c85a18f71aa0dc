/*
 * fuzz_hdrenc.c: libFuzzer target for send mode's header text
 * (cmd/send/hdrenc.c) and --source (net/addr.c's addr_source).  The
 * input is one argument (cut at its first NUL).  Properties: an accepted
 * mailbox has spans inside the input and an address without blanks or
 * <>; hdrenc_words() output is 7-bit when it changed anything, each
 * encoded-word is at most 75 characters and decodes to whole UTF-8
 * sequences, the words decoded and the ASCII words kept give back the
 * input's non-blank text; an accepted source address has a port 0-65535.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "addr.h"
#include "base64.h"
#include "hdrenc.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_mailbox(const char *s)
{
	struct hdrenc_mbox	 mb;
	char			*h, *a;
	size_t			 len = strlen(s);

	if (hdrenc_mailbox(s, &mb) == -1) {
		if (hdrenc_mailbox_hdr(s) != NULL)
			abort();
		return;
	}
	if (mb.addrlen == 0 || mb.addr < s || mb.addr + mb.addrlen > s + len ||
	    (mb.namelen > 0 && (mb.name < s || mb.name + mb.namelen >
	    s + len)) || memchr(mb.addr, ' ', mb.addrlen) != NULL ||
	    memchr(mb.addr, '<', mb.addrlen) != NULL ||
	    memchr(mb.addr, '>', mb.addrlen) != NULL)
		abort();
	if ((h = hdrenc_mailbox_hdr(s)) == NULL)
		abort();
	/* the address is in the header form, as given */
	if ((a = strndup(mb.addr, mb.addrlen)) == NULL || strstr(h, a) == NULL)
		abort();
	free(a);
	free(h);
}

/* Decode the encoded-words of out back, compare with the input's words. */
static void
check_words(const char *in, const char *out)
{
	char		*want, *got, *w, *t, *save = NULL;
	unsigned char	 dec[64];
	size_t		 gl = 0, wl = 0, i, len;
	long		 n;

	if (!hdrenc_8bit(in, strlen(in))) {
		if (strcmp(in, out) != 0)
			abort();
		return;
	}
	if (hdrenc_8bit(out, strlen(out)))
		abort();
	/* a word of the input that looks encoded cannot be told apart */
	if (strstr(in, "=?") != NULL)
		return;
	/* the input's octets without blanks, against the output decoded */
	if ((want = malloc(strlen(in) + 1)) == NULL ||
	    (got = malloc(strlen(out) + 1)) == NULL ||
	    (w = strdup(out)) == NULL)
		abort();
	for (i = 0; in[i] != '\0'; i++)
		if (in[i] != ' ' && in[i] != '\t')
			want[wl++] = in[i];
	for (t = strtok_r(w, " \t", &save); t != NULL;
	    t = strtok_r(NULL, " \t", &save)) {
		len = strlen(t);
		if (len > 12 && strncmp(t, "=?UTF-8?B?", 10) == 0 &&
		    strcmp(t + len - 2, "?=") == 0) {
			if (len > 75 || len - 12 > 4 * ((sizeof(dec) + 2) / 3))
				abort();
			if ((n = base64_decode(t + 10, len - 12, dec)) <= 0)
				abort();
			for (i = 0; i < (size_t)n; i++)
				if (dec[i] != ' ' && dec[i] != '\t')
					got[gl++] = (char)dec[i];
		} else {
			memcpy(got + gl, t, len);
			gl += len;
		}
	}
	if (gl != wl || memcmp(got, want, wl) != 0)
		abort();
	free(want);
	free(got);
	free(w);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct addr	 a;
	char		*s, *out;

	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	check_mailbox(s);
	if ((out = hdrenc_words(s)) == NULL)
		abort();
	check_words(s, out);
	free(out);
	if (addr_source(s, &a) == 0 && (addr_port(&a) < 0 ||
	    addr_port(&a) > 65535))
		abort();
	free(s);
	return 0;
}
