/*
 * scriptread.h: the script's line reader.  Pure: the caller reads into
 * the space it offers, it cuts lines.  Memory is one buffer of the line
 * bound, whatever the input: a line that would pass the bound is
 * reported as too long the moment it does, not read to its end.
 */
#ifndef SMTPCLI_SCRIPTREAD_H
#define SMTPCLI_SCRIPTREAD_H

#include <stddef.h>

struct scriptread {
	char	*buf;		/* the caller's, cap octets */
	size_t	 cap;		/* max + 2 (room for CR LF) */
	size_t	 max;		/* longest line, line end excluded */
	size_t	 off;		/* first octet not yet cut */
	size_t	 len;		/* octets after off */
	size_t	 scanned;	/* of those, known to hold no LF */
	int	 eof;		/* no more input comes */
	int	 failed;	/* a line was too long: nothing more */
};

/* The buffer scriptread_init() needs for lines of up to max octets. */
#define SCRIPTREAD_BUFSIZE(max)	((max) + 2)

enum scriptread_st {
	SCRIPTREAD_LINE,	/* a line is ready */
	SCRIPTREAD_MORE,	/* read more, into scriptread_space() */
	SCRIPTREAD_LONG,	/* a line is longer than max (stays so) */
	SCRIPTREAD_END,		/* the input ended after its last line */
	SCRIPTREAD_MAX
};

/*
 * Set up r for lines of up to max octets (line end excluded; max >= 1)
 * in buf, which has SCRIPTREAD_BUFSIZE(max) octets and stays the
 * caller's.
 */
void		 scriptread_init(struct scriptread *r, char *buf,
		    size_t max);

/*
 * Where the next read goes: *room octets (at least 1) at the returned
 * pointer.  Only after scriptread_next() said SCRIPTREAD_MORE.
 */
char		*scriptread_space(struct scriptread *r, size_t *room);

/*
 * n octets were read into the space (n <= room); n == 0 means the end of
 * the input.
 */
void		 scriptread_filled(struct scriptread *r, size_t n);

/*
 * The next line: on SCRIPTREAD_LINE, *line and *len hold it without its
 * line end (LF, or CR LF), NUL-terminated in the buffer, valid until the
 * next call; a last line without LF is a line too.  Otherwise *line is
 * NULL and *len 0, and the status says why.
 */
enum scriptread_st scriptread_next(struct scriptread *r,
		    const char **line, size_t *len);

#endif
