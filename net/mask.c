/*
 * mask.c: hiding SASL material from everything smtpcli shows or keeps,
 * by the AUTH exchange a line is part of (issue 14).
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "mask.h"
#include "verb.h"

static int
mask_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Offset of the first non-blank octet. */
static size_t
mask_skip(const char *line, size_t len, size_t i)
{
	while (i < len && mask_blank(line[i]))
		i++;
	return i;
}

/* Length of the word at line + i (up to a blank or the end). */
static size_t
mask_word(const char *line, size_t len, size_t i)
{
	size_t	 n = i;

	while (n < len && !mask_blank(line[n]))
		n++;
	return n - i;
}

int
mask_is_auth(const char *line, size_t len)
{
	size_t	 i = mask_skip(line, len, 0);

	return mask_word(line, len, i) == 4 &&
	    strncasecmp(line + i, "AUTH", 4) == 0;
}

/* RFC 4422 3.1 sasl-mech, case-blind (servers and users differ). */
static int
mask_mech_ok(const char *p, size_t n)
{
	size_t	 i;
	char	 c;

	if (n == 0 || n > MASK_MECH_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		c = p[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* The line is "*", the cancel, and nothing else. */
static int
mask_cancel(const char *line, size_t len)
{
	return len == 1 && line[0] == '*';
}

/* A line that starts with a command word other than an X- or unknown one. */
static int
mask_closes(const char *line, size_t len)
{
	size_t		 i = mask_skip(line, len, 0);
	enum verb	 v;

	if (i != 0)
		return 0;	/* a command has no leading blank */
	v = verb_classify(line, len);
	return v != VERB_OTHER && v != VERB_XPRIVATE;
}

int
mask_open_after(int open, int due, const char *line, size_t len)
{
	if (mask_is_auth(line, len))
		return 1;
	if (!open || due)
		return open;
	return !mask_closes(line, len);
}

int
mask_view(int open, int due, const char *line, size_t len, size_t *keep)
{
	size_t	 i, m, n;

	*keep = len;
	if (due || (open && !mask_is_auth(line, len) &&
	    !mask_closes(line, len))) {
		if (mask_cancel(line, len))
			return 0;
		*keep = 0;
		return 1;
	}
	if (!mask_is_auth(line, len))
		return 0;
	i = mask_skip(line, len, 0) + 4;	/* past the verb */
	if ((m = mask_skip(line, len, i)) == len)
		return 0;			/* "AUTH" and blanks */
	n = mask_word(line, len, m);
	if (!mask_mech_ok(line + m, n)) {
		*keep = i;			/* the verb only */
		return 1;
	}
	if (mask_skip(line, len, m + n) == len)
		return 0;			/* no initial response */
	*keep = m + n;
	return 1;
}

size_t
mask_shown(int open, int due, const char *line, size_t len, char *out,
    size_t outlen)
{
	size_t	 keep;
	int	 n;

	if (outlen == 0)
		return 0;
	if (!mask_view(open, due, line, len, &keep))
		n = snprintf(out, outlen, "%.*s", (int)len, line);
	else
		n = snprintf(out, outlen, "%.*s%s%s", (int)keep, line,
		    keep > 0 ? " " : "", MASK_HIDDEN);
	if (n < 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n < outlen ? (size_t)n : outlen - 1;
}
