/*
 * base64.c: RFC 4648 section 4 encoding and strict decoding.
 */
#include "base64.h"

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
base64_encode(const void *in, size_t n, char *out)
{
	const unsigned char	*p = in;
	size_t			 i, o = 0;
	unsigned long		 v;

	for (i = 0; i + 2 < n; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 |
		    p[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	if (i < n) {
		v = (unsigned long)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned long)p[i + 1] << 8;
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < n ? b64[v >> 6 & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

int
base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long
base64_decode(const char *in, size_t len, unsigned char *out)
{
	size_t		 i, o = 0;
	int		 a, b, c, d;

	if (len % 4 != 0)
		return -1;
	for (i = 0; i < len; i += 4) {
		a = base64_value(in[i]);
		b = base64_value(in[i + 1]);
		if (a < 0 || b < 0)
			return -1;
		out[o++] = (unsigned char)(a << 2 | b >> 4);
		if (in[i + 2] == '=') {
			/* "xx==" only at the end, unused bits zero */
			if (i + 4 != len || in[i + 3] != '=' || (b & 15))
				return -1;
			break;
		}
		if ((c = base64_value(in[i + 2])) < 0)
			return -1;
		out[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
		if (in[i + 3] == '=') {
			if (i + 4 != len || (c & 3))
				return -1;
			break;
		}
		if ((d = base64_value(in[i + 3])) < 0)
			return -1;
		out[o++] = (unsigned char)((c & 3) << 6 | d);
	}
	return (long)o;
}
