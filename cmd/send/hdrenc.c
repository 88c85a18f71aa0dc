/*
 * hdrenc.c: display names and RFC 2047 encoded-words for send mode's
 * headers, so that a non-ASCII subject or name needs no SMTPUTF8.
 */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "hdrenc.h"

/* Octets of text in one encoded-word: 45 -> 60 base64, 72 in all. */
#define HDRENC_CHUNK	45
#define HDRENC_PRE	"=?UTF-8?B?"
#define HDRENC_POST	"?="

static int
hdrenc_blank(char c)
{
	return c == ' ' || c == '\t';
}

int
hdrenc_8bit(const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] > 127)
			return 1;
	return 0;
}

int
hdrenc_has_8bit(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s > 127)
			return 1;
	return 0;
}

int
hdrenc_addr_8bit(const char *s)
{
	struct hdrenc_mbox	 mb;

	if (hdrenc_mailbox(s, &mb) == -1)
		return hdrenc_has_8bit(s);
	return hdrenc_8bit(mb.addr, mb.addrlen);
}

int
hdrenc_mailbox(const char *s, struct hdrenc_mbox *mb)
{
	const char	*lt, *gt, *e;

	memset(mb, 0, sizeof(*mb));
	mb->name = "";
	if (strpbrk(s, "\r\n") != NULL)
		return -1;
	while (hdrenc_blank(*s))
		s++;
	e = s + strlen(s);
	while (e > s && hdrenc_blank(e[-1]))
		e--;
	if ((lt = strrchr(s, '<')) == NULL) {
		if (memchr(s, '>', (size_t)(e - s)) != NULL ||
		    memchr(s, ' ', (size_t)(e - s)) != NULL || e == s)
			return -1;
		mb->addr = s;
		mb->addrlen = (size_t)(e - s);
		return 0;
	}
	gt = strchr(lt, '>');
	if (gt == NULL || gt + 1 != e || gt == lt + 1 ||
	    memchr(lt + 1, ' ', (size_t)(gt - lt - 1)) != NULL)
		return -1;
	mb->addr = lt + 1;
	mb->addrlen = (size_t)(gt - lt - 1);
	mb->name = s;
	for (e = lt; e > s && hdrenc_blank(e[-1]); e--)
		;
	mb->namelen = (size_t)(e - s);
	/* a '>' or another '<' in an unquoted name: not a mailbox */
	if (mb->name[0] != '"' && (memchr(s, '>', mb->namelen) != NULL ||
	    memchr(s, '<', mb->namelen) != NULL))
		return -1;
	return 0;
}

/* The length of the UTF-8 character that starts with octet c. */
static size_t
hdrenc_charlen(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/*
 * The encoded-words of len octets of s, written at out unless out is
 * NULL; returns their length either way (a first pass measures).
 */
static size_t
hdrenc_run(char *out, const char *s, size_t len)
{
	size_t	 n, cl, total = 0;
	char	 b64[BASE64_ENCLEN(HDRENC_CHUNK + 3)];

	while (len > 0) {
		/* cut between characters, never inside one */
		for (n = 0; n < len; n += cl) {
			cl = hdrenc_charlen((unsigned char)s[n]);
			if (n + cl > len)
				cl = len - n;
			if (n + cl > HDRENC_CHUNK && n > 0)
				break;
		}
		if (total > 0) {
			if (out != NULL)
				out[total] = ' ';
			total++;
		}
		if (out != NULL)
			memcpy(out + total, HDRENC_PRE, sizeof(HDRENC_PRE) - 1);
		total += sizeof(HDRENC_PRE) - 1;
		cl = base64_encode(s, n, b64);
		if (out != NULL)
			memcpy(out + total, b64, cl);
		total += cl;
		if (out != NULL)
			memcpy(out + total, HDRENC_POST,
			    sizeof(HDRENC_POST) - 1);
		total += sizeof(HDRENC_POST) - 1;
		s += n;
		len -= n;
	}
	return total;
}

/* The end of the word at s. */
static const char *
hdrenc_word_end(const char *s)
{
	while (*s != '\0' && !hdrenc_blank(*s))
		s++;
	return s;
}

/* hdrenc_words() into out, or measured when out is NULL. */
static size_t
hdrenc_words_to(char *out, const char *s)
{
	const char	*w, *we, *run, *next;
	size_t		 len = 0;

	w = s;
	while (*w != '\0') {
		we = hdrenc_blank(*w) ? w + 1 : hdrenc_word_end(w);
		if (hdrenc_blank(*w) || !hdrenc_8bit(w, (size_t)(we - w))) {
			if (out != NULL)
				memcpy(out + len, w, (size_t)(we - w));
			len += (size_t)(we - w);
			w = we;
			continue;
		}
		/* this word and the non-ASCII words after it, as one run */
		run = w;
		for (;;) {
			for (next = we; hdrenc_blank(*next); next++)
				;
			if (*next == '\0' || !hdrenc_8bit(next,
			    (size_t)(hdrenc_word_end(next) - next)))
				break;
			we = hdrenc_word_end(next);
		}
		len += hdrenc_run(out != NULL ? out + len : NULL, run,
		    (size_t)(we - run));
		w = we;
	}
	return len;
}

char *
hdrenc_words(const char *s)
{
	char	*buf;
	size_t	 len = hdrenc_words_to(NULL, s);

	if ((buf = malloc(len + 1)) == NULL)
		return NULL;
	hdrenc_words_to(buf, s);
	buf[len] = '\0';
	return buf;
}

char *
hdrenc_mailbox_hdr(const char *s)
{
	struct hdrenc_mbox	 mb;
	const char		*n;
	char			*buf, *name, *out;
	size_t			 i, len;

	if (hdrenc_mailbox(s, &mb) == -1)
		return NULL;
	if (!hdrenc_8bit(mb.name, mb.namelen))
		return strdup(s);
	/* the name without its quotes and quoting backslashes */
	if ((name = malloc(mb.namelen + 1)) == NULL)
		return NULL;
	n = mb.name;
	len = mb.namelen;
	if (len >= 2 && n[0] == '"' && n[len - 1] == '"') {
		n++;
		len -= 2;
	}
	for (i = 0, out = name; i < len; i++) {
		if (n[i] == '\\' && i + 1 < len && mb.name[0] == '"')
			i++;
		*out++ = n[i];
	}
	len = (size_t)(out - name);
	if ((buf = malloc(hdrenc_run(NULL, name, len) + mb.addrlen +
	    4)) == NULL) {
		free(name);
		return NULL;
	}
	out = buf + hdrenc_run(buf, name, len);
	free(name);
	*out++ = ' ';
	*out++ = '<';
	memcpy(out, mb.addr, mb.addrlen);
	out += mb.addrlen;
	*out++ = '>';
	*out = '\0';
	return buf;
}
