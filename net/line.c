/*
 * line.c: outgoing command line checks (no bare CR/LF/NUL, length).
 */
#include <string.h>

#include "line.h"

int
line_check(const char *s, size_t len, int force, const char **why)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\r' || s[i] == '\n') {
			*why = "CR or LF inside a command would start another";
			return -1;
		}
		if (s[i] == '\0') {
			*why = "NUL byte inside a command";
			return -1;
		}
	}
	if (len + 2 > LINE_MAX_OCTETS && !force) {
		*why = "command longer than 512 octets with CRLF "
		    "(RFC 5321 4.5.3.1.4); force it to send anyway";
		return -1;
	}
	return 0;
}
