/*
 * fuzz_sasl.c: libFuzzer target for the SASL client core.  The first
 * byte picks the mechanism and how to drive it; the rest is challenges
 * separated by '\n', each sent as is or base64-encoded first, so that
 * both the decoder and the mechanisms' parsers are reached.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sasl.h"

#define FUZZ_INITIAL	0x08	/* call sasl_initial first */
#define FUZZ_ENCODE	0x10	/* base64-encode each challenge */

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Every response must be base64 that decodes. */
static void
fuzz_check_out(const char *out, size_t len)
{
	unsigned char	*buf;

	if (out == NULL)
		return;
	if (strlen(out) != len)
		__builtin_trap();
	if (len == 1 && out[0] == '=')
		return;
	if ((buf = malloc(BASE64_DECLEN(len))) == NULL)
		return;
	if (base64_decode(out, len, buf) < 0)
		__builtin_trap();
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sasl	*s;
	const char	*out, *err, *p, *end, *nl;
	char		*b64;
	size_t		 outlen, len;
	int		 mech, rc;

	if (size == 0)
		return 0;
	mech = (data[0] & 7) % SASL_MECH_MAX;
	if ((s = sasl_new(mech, "user", "pencil", NULL, "h", 25,
	    &err)) == NULL)
		__builtin_trap();
	/*
	 * A fixed nonce, so that seeds can extend it, and few iterations,
	 * so that a large i= does not stall the fuzzer (the minimum of 4096
	 * lowered to 1, or no input would ever reach the proof).
	 */
	if ((mech == SASL_SCRAM_SHA_1 || mech == SASL_SCRAM_SHA_256) &&
	    (sasl_set_nonce(s, "fuzz") == -1 ||
	    sasl_set_iter_max(s, 64) == -1 || sasl_set_iter_min(s, 1) == -1))
		__builtin_trap();
	if (data[0] & FUZZ_INITIAL) {
		if (sasl_initial(s, &out, &outlen) == 0)
			fuzz_check_out(out, outlen);
	}
	p = (const char *)data + 1;
	end = (const char *)data + size;
	while (p <= end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)((nl != NULL ? nl : end) - p);
		if (data[0] & FUZZ_ENCODE) {
			if ((b64 = malloc(BASE64_ENCLEN(len))) == NULL)
				break;
			base64_encode(p, len, b64);
			rc = sasl_step(s, b64, strlen(b64), &out, &outlen);
			free(b64);
		} else
			rc = sasl_step(s, p, len, &out, &outlen);
		if (rc == 0)
			fuzz_check_out(out, outlen);
		else if (out != NULL || *sasl_error(s) == '\0')
			__builtin_trap();
		(void)sasl_done_ok(s);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	sasl_free(s);
	return 0;
}
