/*
 * base64.h: RFC 4648 base64 for SASL (RFC 4954 challenges and
 * responses).  Pure; strict decoding, since a malformed challenge is a
 * protocol violation, not something to guess at.
 */
#ifndef SMTPCLI_BASE64_H
#define SMTPCLI_BASE64_H

#include <stddef.h>

#define BASE64_ENCLEN(n)	(((n) + 2) / 3 * 4 + 1)
#define BASE64_DECLEN(n)	((n) / 4 * 3 + 3)

/* Encode n octets into out (BASE64_ENCLEN(n)); returns the length. */
size_t		 base64_encode(const void *in, size_t n, char *out);

/* The 6-bit value of one base64 character, or -1 for any other octet. */
int		 base64_value(char c);

/*
 * Decode len characters (no whitespace, padding required) into out
 * (BASE64_DECLEN(len)).  Returns the octets written, or -1 when the input
 * is not canonical base64.
 */
long		 base64_decode(const char *in, size_t len, unsigned char *out);

#endif
