/*
 * esc.h: makes server bytes safe to print.  Control characters (C0, DEL,
 * C1), bidi and line-separator controls and invalid UTF-8 become visible
 * escapes (\x1b, \u202e); valid printable UTF-8 is kept.  Pure.
 */
#ifndef SMTPCLI_ESC_H
#define SMTPCLI_ESC_H

#include <stddef.h>

/* Worst-case output size for len input octets, NUL included. */
#define ESC_OUTMAX(len)	(6 * (len) + 1)

/*
 * Write the visible form of s into out (room for ESC_OUTMAX(len)) and
 * NUL-terminate it.  With json set the result is also safe inside a JSON
 * string (quote and backslash escaped).  Returns the length written.
 */
size_t		 esc_text(const char *s, size_t len, int json, char *out);

#endif
