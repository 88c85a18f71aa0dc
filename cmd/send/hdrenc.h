/*
 * hdrenc.h: header text for people: a mailbox with a display name
 * ("Name <addr>") taken apart, and RFC 2047 encoded-words for non-ASCII
 * text in headers when SMTPUTF8 is not in use.  Pure.
 */
#ifndef SMTPCLI_HDRENC_H
#define SMTPCLI_HDRENC_H

#include <stddef.h>

/* The parts of a mailbox; spans into the string given, not terminated. */
struct hdrenc_mbox {
	const char	*name;		/* display name as typed, "" none */
	size_t		 namelen;
	const char	*addr;		/* the address, without <> */
	size_t		 addrlen;
};

/*
 * Take apart "local@domain" or "Display Name <local@domain>" (blanks
 * around the parts are dropped; a quoted name keeps its quotes).
 * Returns 0, or -1 when s is neither: a '<' or '>' out of place, text
 * after the '>', an empty address, a CR or LF anywhere.
 */
int	 hdrenc_mailbox(const char *s, struct hdrenc_mbox *);

/* Nonzero when len octets of s hold one above 127. */
int	 hdrenc_8bit(const char *s, size_t len);

/* The same for a NUL-terminated s. */
int	 hdrenc_has_8bit(const char *s);

/*
 * Nonzero when the address of mailbox s (hdrenc_mailbox()'s syntax; when
 * s is not one, all of s) has an octet above 127: only SMTPUTF8 carries
 * it, whereas a display name can be encoded.
 */
int	 hdrenc_addr_8bit(const char *s);

/*
 * RFC 2047: s with every run of blank-separated words that hold non-ASCII
 * octets replaced by "=?UTF-8?B?...?=" encoded-words of at most 75
 * characters (cut between UTF-8 characters), separated by single spaces
 * so that the header folds between them; ASCII words stay as they are.
 * Returns a malloc'd string (a copy when s is ASCII), NULL when out of
 * memory.
 */
char	*hdrenc_words(const char *s);

/*
 * The header form of a mailbox (hdrenc_mailbox()'s syntax): a display
 * name with non-ASCII octets is unquoted and encoded whole, then
 * " <addr>" follows; anything else is copied.  malloc'd, NULL when out
 * of memory or s is not a mailbox.
 */
char	*hdrenc_mailbox_hdr(const char *s);

#endif
