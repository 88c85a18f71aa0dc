/*
 * fuzz_base64.c: libFuzzer target for the SASL base64 codec, with
 * exact-size buffers so that any write past the documented bounds is
 * caught.  Properties: decoding is strict, so whatever decodes is the
 * canonical encoding of what it decoded to, and decoding that again
 * gives the same octets; encoding arbitrary octets and decoding the
 * result is the identity.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char	*dec, *dec2;
	char		*in, *enc;
	size_t		 elen;
	long		 n, n2;

	/* the input as base64 text, exact size: no NUL to lean on */
	if ((in = malloc(size > 0 ? size : 1)) == NULL ||
	    (dec = malloc(BASE64_DECLEN(size))) == NULL)
		abort();
	memcpy(in, data, size);
	if ((n = base64_decode(in, size, dec)) >= 0) {
		if ((size_t)n > BASE64_DECLEN(size) || size % 4 != 0 ||
		    (size_t)n > size / 4 * 3)
			abort();
		if ((enc = malloc(BASE64_ENCLEN((size_t)n))) == NULL ||
		    (dec2 = malloc(BASE64_DECLEN(size))) == NULL)
			abort();
		elen = base64_encode(dec, (size_t)n, enc);
		if (elen != size || memcmp(enc, in, size) != 0)
			abort();	/* strict: only canonical input decodes */
		n2 = base64_decode(enc, elen, dec2);
		if (n2 != n || memcmp(dec, dec2, (size_t)n) != 0)
			abort();
		free(enc);
		free(dec2);
	} else if (n != -1)
		abort();
	free(dec);
	/* the input as octets: encode, then decode */
	if ((enc = malloc(BASE64_ENCLEN(size))) == NULL ||
	    (dec = malloc(BASE64_DECLEN(BASE64_ENCLEN(size)))) == NULL)
		abort();
	elen = base64_encode(data, size, enc);
	if (elen != BASE64_ENCLEN(size) - 1 || enc[elen] != '\0' ||
	    strlen(enc) != elen)
		abort();
	n = base64_decode(enc, elen, dec);
	if (n < 0 || (size_t)n != size || memcmp(dec, data, size) != 0)
		abort();
	free(enc);
	free(dec);
	free(in);
	return 0;
}
