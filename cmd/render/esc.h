/*
 * esc.h: makes server bytes safe to print.  Control characters (C0, DEL,
 * C1), bidi and line-separator controls, invisible characters (zero-width,
 * soft hyphen, BOM, TAG characters) and invalid UTF-8 become visible
 * escapes (\x1b, \u202e, \U000e0041); valid printable UTF-8 is kept.
 * Pure.
 */
#ifndef SMTPCLI_ESC_H
#define SMTPCLI_ESC_H

#include <stddef.h>

/* Worst-case output size for len input octets, NUL included. */
#define ESC_OUTMAX(len)	(6 * (len) + 1)

#define ESC_JSON	0x01	/* also safe inside a JSON string */
#define ESC_OWN		0x02	/* smtpcli's own words: keep backslashes */

/*
 * Write the visible form of s into out (room for ESC_OUTMAX(len)) and
 * NUL-terminate it.  With ESC_JSON the result is also safe inside a JSON
 * string (quote and backslash escaped).  Server text is escaped without
 * ESC_OWN so that "\x1b" it typed shows as "\\x1b"; smtpcli's own
 * messages, whose server bytes were escaped where they were quoted, use
 * ESC_OWN so they are not escaped twice.  Returns the length written.
 */
size_t		 esc_text(const char *s, size_t len, int flags, char *out);

/*
 * Length of the longest prefix of s that esc_text() without flags would
 * copy unchanged: printable ASCII other than backslash.  A caller can
 * write that much as is and escape only the rest.
 */
size_t		 esc_plain(const char *s, size_t len);

#endif
