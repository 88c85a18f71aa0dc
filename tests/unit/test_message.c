/*
 * test_message.c: the send-mode message: exact default bytes, header
 * replacement and injection, folding, attachments decoded back, the
 * boundary, streaming through a bounded buffer, --data, file errors; its
 * files are in memory (memfs below), the real ones are the integ tests'.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"
#include "message.h"

#define NOW	((time_t)1795891800)	/* Sat, 28 Nov 2026 18:50:00 UTC */
#define PID	4242L
#define MEMFS_MAX	16

/* One file of memfs: its bytes and what open() says it is. */
struct memfile {
	char		*path;
	unsigned char	*data;
	size_t		 len;
	int		 type;		/* MESSAGE_F* */
	int		 gone;		/* open() fails with ENOENT */
	int		 readerr;	/* read() fails with EIO */
	size_t		 reads;		/* read() calls on it */
};

/* The message_files of the tests: a file table, stdin, open handles. */
struct memfs {
	struct memfile	 f[MEMFS_MAX];
	size_t		 n;
	struct memfile	 in;		/* stdin */
	struct {
		struct memfile	*f;
		size_t		 off;
	}		 h[MEMFS_MAX];
	size_t		 piece;		/* >0: short reads of this size */
	int		 nopen;		/* handles not closed yet */
	int		 stdin_opens;
	int		 blocked;	/* a FIFO opened outside check mode */
	int		 checked;	/* opens in check mode */
};

static struct memfs fs;

static int
mem_open(void *arg, const char *path, int check, int *type)
{
	struct memfs	*m = arg;
	struct memfile	*f = NULL;
	size_t		 i;
	int		 h;

	if (path == NULL) {
		m->stdin_opens++;
		f = &m->in;
	} else
		for (i = 0; i < m->n; i++)
			if (strcmp(m->f[i].path, path) == 0 && !m->f[i].gone)
				f = &m->f[i];
	if (f == NULL) {
		errno = ENOENT;
		return -1;
	}
	for (h = 0; h < MEMFS_MAX && m->h[h].f != NULL; h++)
		;
	if (h == MEMFS_MAX) {
		errno = EMFILE;
		return -1;
	}
	/* open(2) of a FIFO without a writer would wait here */
	if (path != NULL && f->type == MESSAGE_FOTHER && !check)
		m->blocked++;
	m->checked += check != 0;
	m->h[h].f = f;
	m->h[h].off = 0;
	m->nopen++;
	*type = f->type;
	return h;
}

static ssize_t
mem_read(void *arg, int h, void *buf, size_t len)
{
	struct memfs	*m = arg;
	struct memfile	*f;

	if (h < 0 || h >= MEMFS_MAX || (f = m->h[h].f) == NULL) {
		errno = EBADF;
		return -1;
	}
	f->reads++;
	if (f->readerr) {
		errno = EIO;
		return -1;
	}
	if (m->piece > 0 && len > m->piece)
		len = m->piece;
	if (len > f->len - m->h[h].off)
		len = f->len - m->h[h].off;
	memcpy(buf, f->data + m->h[h].off, len);
	m->h[h].off += len;
	return (ssize_t)len;
}

static void
mem_close(void *arg, int h)
{
	struct memfs	*m = arg;

	if (h >= 0 && h < MEMFS_MAX && m->h[h].f != NULL) {
		m->h[h].f = NULL;
		m->nopen--;
	}
}

static const struct message_files memfiles = {
	mem_open, mem_read, mem_close, &fs
};

static struct memfile *
fs_find(const char *path)
{
	size_t	 i;

	for (i = 0; i < fs.n; i++)
		if (strcmp(fs.f[i].path, path) == 0)
			return &fs.f[i];
	abort();
}

/* Add path with size octets of s to memfs; returns its path. */
static const char *
fs_add(const char *path, const void *s, size_t size, int type)
{
	struct memfile	*f;

	if (fs.n == MEMFS_MAX)
		abort();
	f = &fs.f[fs.n++];
	memset(f, 0, sizeof(*f));
	if ((f->path = strdup(path)) == NULL ||
	    (f->data = malloc(size + 1)) == NULL)
		abort();
	if (size > 0)
		memcpy(f->data, s, size);
	f->len = size;
	f->type = type;
	return f->path;
}

/* Forget every file and counter; handles must all be closed by now. */
static void
fs_reset(void)
{
	size_t	 i;

	CHECK(fs.nopen == 0, "every handle closed (%d open)", fs.nopen);
	for (i = 0; i < fs.n; i++) {
		free(fs.f[i].path);
		free(fs.f[i].data);
	}
	memset(&fs, 0, sizeof(fs));
}

/* Collects what the sink gets, or only counts it when keep is 0. */
struct got {
	char	*buf;
	size_t	 len, cap;
	size_t	 maxchunk, calls;
	int	 keep;
	int	 stopafter;		/* >0: stop at that call */
};

static int
sink(void *arg, const char *buf, size_t len)
{
	struct got	*g = arg;

	g->calls++;
	if (g->stopafter > 0 && g->calls >= (size_t)g->stopafter)
		return -1;
	if (len > g->maxchunk)
		g->maxchunk = len;
	if (g->keep) {
		if (g->len + len + 1 > g->cap) {
			g->cap = (g->len + len + 1) * 2;
			if ((g->buf = realloc(g->buf, g->cap)) == NULL)
				abort();
		}
		memcpy(g->buf + g->len, buf, len);
		g->len += len;
		g->buf[g->len] = '\0';
	} else
		g->len += len;
	return 0;
}

static void
got_reset(struct got *g)
{
	free(g->buf);
	memset(g, 0, sizeof(*g));
	g->keep = 1;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned char
rnd8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned char)(rng >> 24);
}

/*
 * A regular memfs file of size random octets (or s when not NULL); its
 * path is dir/name, the contents are also in *data when data is set.
 */
static const char *
mkfile(const char *name, const char *s, size_t size, unsigned char **data)
{
	char		 path[256];
	unsigned char	*p;
	const char	*ret;
	size_t		 i;

	if ((p = malloc(size + 1)) == NULL)
		abort();
	snprintf(path, sizeof(path), "dir/%s", name);
	for (i = 0; i < size; i++)
		p[i] = s != NULL ? (unsigned char)s[i] : rnd8();
	ret = fs_add(path, p, size, MESSAGE_FREG);
	if (data != NULL)
		*data = p;
	else
		free(p);
	return ret;
}

/* message_new() over memfs; and the check mode must not block. */
static struct message *
mk(const struct message_opts *o, char *err)
{
	struct message_opts	 c = *o;
	struct message		*m;

	err[0] = '\0';
	if (c.files == NULL)
		c.files = &memfiles;
	if (c.pid == 0)
		c.pid = PID;
	fs.blocked = 0;
	m = message_new(&c, err, 256, NULL);
	CHECK(fs.blocked == 0, "message_new() opened a FIFO blocking");
	CHECK(fs.nopen == 0, "message_new() closed what it opened");
	return m;
}

static void
test_default(void)
{
	const char		*to[] = { "b@example.net" };
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 1, .hostname = "host.example",
				    .now = NOW, .seq = 7 };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	char			 want[1024], err[256];

	snprintf(want, sizeof(want),
	    "Date: Sat, 28 Nov 2026 18:50:00 +0000\r\n"
	    "Message-ID: <20261128185000.00000007.%ld@host.example>\r\n"
	    "From: a@example.org\r\n"
	    "To: b@example.net\r\n"
	    "Subject: smtpcli test Sat, 28 Nov 2026 18:50:00 +0000\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: 7bit\r\n"
	    "X-Mailer: smtpcli " SMTPCLI_VERSION "\r\n"
	    "\r\n"
	    "This is a test message sent by smtpcli.\r\n", PID);
	m = mk(&o, err);
	CHECK(m != NULL, "default message: %s", err);
	if (m == NULL)
		return;
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == 0, "emit: %s",
	    err);
	CHECK(g.buf != NULL && strcmp(g.buf, want) == 0,
	    "default bytes:\n%s\nwant:\n%s", g.buf, want);
	CHECK(message_8bit(m) == 0, "default message is 7-bit");

	/* the sequence number keeps its width */
	message_set_seq(m, 123456789);
	got_reset(&g);
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == 0, "emit seq");
	CHECK(g.len == strlen(want) && strstr(g.buf, ".23456789.") != NULL,
	    "seq modulo 10^8, same size");
	got_reset(&g);
	message_free(m);
	free(g.buf);
}

static void
test_headers(void)
{
	const char		*to[] = { "b@example.net" };
	const char		*cc[] = { "c@example.net", "d@example.net" };
	const char		*hdrs[] = { "subject: Replaced", "X-Test:yes",
				    "X-Empty:",
				    "DATE: Mon, 1 Jan 2024 00:00:00 +0000" };
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 1, .cc = cc, .ncc = 2,
				    .headers = hdrs, .nheaders = 4,
				    .body = "hi\n", .now = NOW };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	char			 err[256];
	const char		*s, *mailer, *xt, *end;

	m = mk(&o, err);
	CHECK(m != NULL, "headers: %s", err);
	if (m == NULL)
		return;
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == 0, "emit");
	s = g.buf;
	CHECK(strncmp(s, "DATE: Mon, 1 Jan 2024 00:00:00 +0000\r\n"
	    "Message-ID: ", 50) == 0, "Date replaced in place: %.60s", s);
	CHECK(strstr(s, "\r\nCc: c@example.net, d@example.net\r\n"
	    "subject: Replaced\r\nMIME-Version") != NULL,
	    "Cc joined, Subject replaced in place");
	CHECK(strstr(s, "Subject: smtpcli") == NULL &&
	    strstr(s, "\r\nDate:") == NULL, "generated twins gone");
	mailer = strstr(s, "X-Mailer:");
	xt = strstr(s, "X-Test: yes\r\nX-Empty: \r\n\r\n");
	end = strstr(s, "\r\n\r\n");
	CHECK(mailer != NULL && xt != NULL && mailer < xt && xt < end,
	    "added headers after X-Mailer, in order");
	CHECK(end != NULL && strcmp(end, "\r\n\r\nhi\n") == 0,
	    "literal body as given");
	CHECK(strstr(s, "Bcc") == NULL, "no Bcc");
	message_free(m);
	free(g.buf);
}

static void
test_injection(void)
{
	static const char *const bad_hdrs[] = {
		"X-A: b\r\nBcc: x@y", "X-A: b\nX-B: c", "NoColon",
		": empty name", "Bad Name: x", "X-A\tB: x", "",
	};
	const char		*to[] = { "b@example.net" };
	const char		*badto[] = { "b@example.net", "x@y\r\nBcc: z" };
	const char		*h[1];
	struct message_opts	 o;
	struct message		*m;
	char			 err[256];
	size_t			 i;

	memset(&o, 0, sizeof(o));
	o.to = to;
	o.nto = 1;
	o.from = "a@b\r\nBcc: evil@x";
	CHECK(mk(&o, err) == NULL && strstr(err, "From") != NULL,
	    "CRLF in From: %s", err);
	o.from = "a@b";
	o.subject = "hi\nBcc: evil@x";
	CHECK(mk(&o, err) == NULL && strstr(err, "Subject") != NULL,
	    "LF in Subject: %s", err);
	o.subject = "hi\rthere";
	CHECK(mk(&o, err) == NULL, "CR in Subject");
	o.subject = NULL;
	o.to = badto;
	o.nto = 2;
	CHECK(mk(&o, err) == NULL && strstr(err, "To") != NULL,
	    "CRLF in To: %s", err);
	o.to = to;
	o.nto = 1;
	o.cc = badto;
	o.ncc = 2;
	CHECK(mk(&o, err) == NULL && strstr(err, "Cc") != NULL,
	    "CRLF in Cc: %s", err);
	o.ncc = 0;
	o.hostname = "h\r\nX: y";
	CHECK(mk(&o, err) == NULL, "CRLF in hostname");
	o.hostname = NULL;
	o.headers = h;
	o.nheaders = 1;
	for (i = 0; i < sizeof(bad_hdrs) / sizeof(bad_hdrs[0]); i++) {
		h[0] = bad_hdrs[i];
		m = mk(&o, err);
		CHECK(m == NULL && err[0] != '\0' && strchr(err, '\n') == NULL,
		    "bad --header %zu refused", i);
		message_free(m);
	}
	o.nheaders = 0;
	o.attach_type = "text/plain\r\nX: y";
	CHECK(mk(&o, err) == NULL, "CRLF in attach type");
	o.attach_type = NULL;
	o.data = "/dev/null";
	o.subject = "x";
	CHECK(mk(&o, err) == NULL && strstr(err, "--data") != NULL,
	    "--data with --subject");
}

/* Every line within 78 columns, and unfolding gives back the value. */
static void
test_folding(void)
{
	const char		*to[40];
	char			 addr[40][32], want[2048], unf[4096], err[256];
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 40, .now = NOW };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	const char		*s, *e;
	size_t			 i, n, longest = 0;

	want[0] = '\0';
	for (i = 0; i < 40; i++) {
		snprintf(addr[i], sizeof(addr[i]), "user%zu@example.net", i);
		to[i] = addr[i];
		if (i > 0)
			strcat(want, ", ");
		strcat(want, addr[i]);
	}
	o.subject = "a long subject line that goes on and on, past the "
	    "seventy-eight columns that RFC 5322 asks for, twice over at "
	    "least, so that it has to be folded more than once";
	m = mk(&o, err);
	CHECK(m != NULL, "folding: %s", err);
	if (m == NULL)
		return;
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == 0, "emit");
	for (s = g.buf; (e = strstr(s, "\r\n")) != NULL && e != s; s = e + 2)
		if ((size_t)(e - s) > longest)
			longest = (size_t)(e - s);
	CHECK(longest <= 78, "header lines within 78 columns: %zu", longest);

	/* unfold the To header */
	s = strstr(g.buf, "\r\nTo: ") + 6;
	for (n = 0; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] != ' ')
			break;
		if (s[0] == '\r' && s[1] == '\n') {
			s++;
			continue;
		}
		unf[n++] = *s;
	}
	unf[n] = '\0';
	CHECK(strcmp(unf, want) == 0, "To unfolds to the joined list");
	s = strstr(g.buf, "\r\nSubject: ") + 11;
	for (n = 0; *s != '\0'; s++) {
		if (s[0] == '\r' && s[1] == '\n' && s[2] != ' ')
			break;
		if (s[0] == '\r' && s[1] == '\n') {
			s++;
			continue;
		}
		unf[n++] = *s;
	}
	unf[n] = '\0';
	CHECK(strcmp(unf, o.subject) == 0, "Subject unfolds: %s", unf);
	message_free(m);
	free(g.buf);
}

static void
test_8bit(void)
{
	const char		*to[] = { "b@example.net" };
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 1, .now = NOW };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	char			 err[256];

	o.body = "gr\xc3\xbc\xc3\x9f dich\n";
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITBODY, "8-bit body");
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "Content-Transfer-Encoding: 8bit\r\n") != NULL,
	    "8-bit body: CTE 8bit");
	message_free(m);
	o.body = NULL;
	/* without SMTPUTF8 a non-ASCII subject is RFC 2047-encoded */
	o.subject = "\xc3\xa9t\xc3\xa9";
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == 0, "encoded subject is 8-bit");
	g.len = 0;
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "Subject: =?UTF-8?B?w6l0w6k=?=\r\n") != NULL,
	    "subject not RFC 2047-encoded");
	message_free(m);
	o.smtputf8 = 1;
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITHDR, "8-bit subject");
	g.len = 0;
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "Subject: \xc3\xa9t\xc3\xa9\r\n") != NULL,
	    "SMTPUTF8: subject not as given");
	message_free(m);
	o.smtputf8 = 0;
	/* a non-ASCII address needs SMTPUTF8 anyway: the header stays */
	to[0] = "J\xc3\xb6 <j\xc3\xb6@example.net>";
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITHDR,
	    "8-bit address not an 8-bit header");
	g.len = 0;
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "Subject: \xc3\xa9t\xc3\xa9\r\n") != NULL &&
	    strstr(g.buf, "To: J\xc3\xb6 <j\xc3\xb6@example.net>\r\n") != NULL,
	    "8-bit address: headers changed");
	message_free(m);
	to[0] = "b@example.net";
	o.subject = NULL;
	o.body = "-";
	m = mk(&o, err);
	CHECK(m != NULL && (message_8bit(m) & MESSAGE_8BITBODY),
	    "stdin body counts as 8-bit");
	message_free(m);
	free(g.buf);
}

/* The value of the boundary parameter in the top Content-Type. */
static int
boundary_of(const char *msg, char *b, size_t blen)
{
	const char	*s, *e;

	if ((s = strstr(msg, "boundary=\"")) == NULL)
		return -1;
	s += 10;
	if ((e = strchr(s, '"')) == NULL || (size_t)(e - s) >= blen)
		return -1;
	memcpy(b, s, (size_t)(e - s));
	b[e - s] = '\0';
	return 0;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t	 n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

/* Decode the base64 lines of the part at s; checks the line lengths. */
static long
decode_part(const char *s, const char *delim, unsigned char *out,
    int *lines_ok)
{
	const char	*end, *e;
	long		 n, tot = 0;
	int		 last = 0;

	*lines_ok = 1;
	s = strstr(s, "\r\n\r\n") + 4;
	end = strstr(s, delim);
	while (s < end) {
		e = strstr(s, "\r\n");
		if (e > end)
			e = end;
		if (e == s)
			break;
		if (last || e - s > 76 || (e - s) % 4 != 0)
			*lines_ok = 0;
		if (e - s < 76)
			last = 1;
		if ((n = base64_decode(s, (size_t)(e - s), out + tot)) < 0)
			return -1;
		tot += n;
		s = e + 2;
	}
	return tot;
}

static void
test_attach(void)
{
	static const size_t	 sizes[] = { 0, 1, 56, 57, 58,
				    1024 * 1024 + 1 };
	enum { N = sizeof(sizes) / sizeof(sizes[0]) };
	const char		*to[] = { "b@example.net" };
	const char		*att[N + 1];
	unsigned char		*data[N], *dec;
	char			 name[32], b[128], delim[140], err[256];
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 1, .now = NOW, .attach = att,
				    .nattach = N + 1, .hostname = "h" };
	struct message		*m;
	struct got		 g = { .keep = 1 }, g2 = { .keep = 1 };
	const char		*s;
	long			 n;
	size_t			 i;
	int			 lines_ok;

	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "f%zu.pdf", sizes[i]);
		att[i] = mkfile(name, NULL, sizes[i], &data[i]);
	}
	att[N] = mkfile("caf\xc3\xa9 \"x\".TXT", "hello\n", 6, NULL);
	/* short reads: a piece must still be whole before it is encoded */
	fs.piece = 1000;
	o.body = "body text\n--=_smtpcli_ is not a boundary\n";
	m = mk(&o, err);
	CHECK(m != NULL, "attachments: %s", err);
	if (m == NULL)
		return;
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == 0, "emit: %s",
	    err);
	CHECK(message_emit(m, sink, &g2, err, sizeof(err)) == 0 &&
	    g.len == g2.len && memcmp(g.buf, g2.buf, g.len) == 0,
	    "emitting twice gives the same bytes");
	CHECK(boundary_of(g.buf, b, sizeof(b)) == 0 && strlen(b) <= 70,
	    "boundary parameter");
	snprintf(delim, sizeof(delim), "\r\n--%s", b);
	CHECK(count(g.buf, b) == N + 1 + 3, "boundary only where it belongs");
	CHECK(strstr(g.buf, "Content-Type: multipart/mixed;") != NULL,
	    "multipart/mixed");
	s = strstr(g.buf, "\r\n\r\n") + 4;
	CHECK(strncmp(s + 2, b, strlen(b)) == 0 && strncmp(s, "--", 2) == 0,
	    "body starts with the first delimiter");
	s = strstr(s, "\r\n\r\n") + 4;
	CHECK(strncmp(s, o.body, strlen(o.body)) == 0 &&
	    strncmp(s + strlen(o.body), delim, strlen(delim)) == 0,
	    "text part holds the body exactly");
	if ((dec = malloc(sizes[N - 1] + 64)) == NULL)
		abort();
	for (i = 0; i < N; i++) {
		s = strstr(s, delim);
		snprintf(name, sizeof(name), "filename=\"f%zu.pdf\"", sizes[i]);
		CHECK(s != NULL && strstr(s, name) != NULL &&
		    strncmp(strstr(s, "Content-Type: "),
		    "Content-Type: application/pdf; name=\"f", 37) == 0,
		    "part %zu headers", i);
		s += strlen(delim);
		n = decode_part(s, delim, dec, &lines_ok);
		CHECK(n == (long)sizes[i] &&
		    memcmp(dec, data[i], sizes[i]) == 0,
		    "size %zu decodes back (%ld)", sizes[i], n);
		CHECK(lines_ok, "size %zu: 76-character lines", sizes[i]);
		free(data[i]);
	}
	free(dec);
	CHECK(strstr(g.buf, "Content-Type: text/plain; name=\"caf__ _x_.TXT\""
	    "\r\nContent-Disposition: attachment; filename=\"caf__ _x_.TXT\""
	    "\r\n") != NULL, "name: non-ASCII and quotes become '_'");
	snprintf(delim, sizeof(delim), "\r\n--%s--\r\n", b);
	CHECK(g.len > strlen(delim) &&
	    strcmp(g.buf + g.len - strlen(delim), delim) == 0,
	    "final delimiter");
	message_free(m);

	/* one type for all */
	o.attach_type = "application/x-test";
	o.nattach = 1;
	got_reset(&g);
	m = mk(&o, err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "Content-Type: application/x-test; name=") != NULL,
	    "attach_type for all");
	message_free(m);
	fs_reset();
	free(g.buf);
	free(g2.buf);
}

/* A 20 MiB attachment goes through the sink in bounded chunks. */
static void
test_streaming(void)
{
	const size_t		 size = 20 * 1024 * 1024;
	const char		*to[] = { "b@example.net" };
	const char		*att[1];
	char			 err[256];
	struct message_opts	 o = { .from = "a@example.org", .to = to,
				    .nto = 1, .now = NOW, .attach = att,
				    .nattach = 1 };
	struct message		*m;
	struct got		 g = { .keep = 0 };

	att[0] = mkfile("big.bin", NULL, size, NULL);
	m = mk(&o, err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0,
	    "big attachment: %s", err);
	CHECK(g.maxchunk <= MESSAGE_CHUNKMAX &&
	    g.calls > size / MESSAGE_CHUNKMAX,
	    "chunks of at most %d octets (max %zu, %zu calls)",
	    MESSAGE_CHUNKMAX, g.maxchunk, g.calls);
	/* base64 with CRLF per 57 octets: 78 per 57 */
	CHECK(g.len > (size + 56) / 57 * 78, "all of it: %zu", g.len);

	/* the sink stops it */
	memset(&g, 0, sizeof(g));
	g.stopafter = 3;
	CHECK(message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    g.calls == 3 && err[0] != '\0', "a sink stop ends the emission");
	message_free(m);
	fs_reset();
}

static void
test_data(void)
{
	static const char	 raw[] = "Subject: gr\xc3\xbc\xc3\x9f\n"
	    "From: a@b\n\nbare LF\r\nmixed\r.\n.\n\xff\x01 binary";
	const char		*to[] = { "b@example.net" };
	const char		*path;
	char			 err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1 };
	struct message		*m;
	struct got		 g = { .keep = 1 };

	path = mkfile("data.eml", raw, sizeof(raw) - 1, NULL);
	o.data = path;
	m = mk(&o, err);
	CHECK(m != NULL, "--data: %s", err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    g.len == sizeof(raw) - 1 && memcmp(g.buf, raw, g.len) == 0,
	    "--data passed through unchanged");
	CHECK(m != NULL &&
	    message_8bit(m) == (MESSAGE_8BITHDR | MESSAGE_8BITBODY),
	    "--data 8-bit header and body");
	message_free(m);

	/* body from a file, as is */
	o.data = NULL;
	if ((o.body = malloc(strlen(path) + 2)) == NULL)
		abort();
	sprintf((char *)o.body, "@%s", path);
	got_reset(&g);
	m = mk(&o, err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    g.len > sizeof(raw) - 1 &&
	    memcmp(g.buf + g.len - (sizeof(raw) - 1), raw,
	    sizeof(raw) - 1) == 0 &&
	    strstr(g.buf, "\r\n\r\nSubject: gr") != NULL,
	    "@FILE body as is");
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITBODY,
	    "@FILE body 8-bit");
	message_free(m);
	free((char *)o.body);
	fs_reset();
	free(g.buf);
}

/* stdin: not opened by message_new(), read once, never twice. */
static void
test_stdin(void)
{
	static const char	 in[] = "from stdin\n";
	const char		*to[] = { "b@example.net" };
	char			 err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1,
				    .body = "-" };
	struct message		*m;
	struct got		 g = { .keep = 1 };

	fs.in.data = (unsigned char *)in;
	fs.in.len = sizeof(in) - 1;
	fs.in.type = MESSAGE_FOTHER;
	m = mk(&o, err);
	CHECK(m != NULL && fs.stdin_opens == 0,
	    "stdin not looked at by message_new(): %s", err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "\r\n\r\nfrom stdin\n") != NULL, "body from stdin");
	got_reset(&g);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    strcmp(err, "stdin can be read only once") == 0,
	    "stdin twice: %s", err);
	CHECK(fs.stdin_opens == 1, "stdin opened once: %d", fs.stdin_opens);
	message_free(m);

	/* --data -: passed as is */
	o.body = NULL;
	o.data = "-";
	fs.stdin_opens = 0;
	got_reset(&g);
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITBODY &&
	    message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    g.len == sizeof(in) - 1 && memcmp(g.buf, in, g.len) == 0,
	    "--data from stdin: %s", err);
	message_free(m);

	/* a read error names stdin */
	fs.in.readerr = 1;
	m = mk(&o, err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    strcmp(err, "stdin: Input/output error") == 0,
	    "stdin read error: %s", err);
	message_free(m);
	memset(&fs.in, 0, sizeof(fs.in));
	fs_reset();
	free(g.buf);
}

/*
 * A NUL in message data: a file is refused by message_new() (invalid
 * set), stdin at emission without passing the chunk that holds it.
 */
static void
test_nul(void)
{
	static const char	 raw[] = "Subject: x\n\nab\0cd\n";
	const char		*to[] = { "b@example.net" };
	char			 err[256], body[64];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1,
				    .files = &memfiles, .pid = PID };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	int			 invalid = -1;

	o.data = mkfile("nul.eml", raw, sizeof(raw) - 1, NULL);
	m = message_new(&o, err, sizeof(err), &invalid);
	CHECK(m == NULL && invalid == 1 && strstr(err, "nul.eml: a NUL "
	    "octet at offset 14") != NULL, "--data NUL: %s", err);
	o.data = NULL;
	snprintf(body, sizeof(body), "@%s", mkfile("nul.txt", raw,
	    sizeof(raw) - 1, NULL));
	o.body = body;
	m = message_new(&o, err, sizeof(err), &invalid);
	CHECK(m == NULL && invalid == 1, "--body @FILE NUL: %s", err);
	o.body = NULL;
	o.data = "dir/missing";
	m = message_new(&o, err, sizeof(err), &invalid);
	CHECK(m == NULL && invalid == 0, "unreadable is not invalid");

	o.data = "-";
	fs.in.data = (unsigned char *)raw;
	fs.in.len = sizeof(raw) - 1;
	fs.in.type = MESSAGE_FOTHER;
	m = message_new(&o, err, sizeof(err), &invalid);
	CHECK(m != NULL && invalid == 0 && !message_invalid(m),
	    "stdin is not read by message_new()");
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    message_invalid(m) && memchr(g.buf != NULL ? g.buf : "", '\0',
	    g.len) == NULL && strstr(err, "stdin: a NUL octet") != NULL,
	    "stdin NUL at emission: %s", err);
	message_free(m);
	memset(&fs.in, 0, sizeof(fs.in));
	fs_reset();
	free(g.buf);
}

static void
test_unreadable(void)
{
	const char		*to[] = { "b@example.net" };
	const char		*att[2];
	const char		*missing = "dir/nonexistent";
	char			 want[256], err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1 };
	struct message		*m;
	struct got		 g;

	fs_add("empty", "", 0, MESSAGE_FREG);
	fs_add("dir", "", 0, MESSAGE_FDIR);
	o.data = missing;
	m = mk(&o, err);
	CHECK(m == NULL &&
	    strcmp(err, "dir/nonexistent: No such file or directory") == 0,
	    "--data missing: %s", err);
	o.data = NULL;
	o.body = "@/nonexistent/body";
	m = mk(&o, err);
	CHECK(m == NULL &&
	    strcmp(err, "/nonexistent/body: No such file or directory") == 0,
	    "@FILE missing: %s", err);
	o.body = "@dir";
	m = mk(&o, err);
	CHECK(m == NULL && strcmp(err, "dir: is a directory") == 0,
	    "@FILE is a directory: %s", err);
	o.body = NULL;
	att[0] = "empty";
	att[1] = missing;
	o.attach = att;
	o.nattach = 2;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, missing) != NULL,
	    "attachment missing: %s", err);
	att[1] = "dir";
	m = mk(&o, err);
	CHECK(m == NULL && strcmp(err, "dir: is a directory") == 0,
	    "attachment is a directory: %s", err);

	/* gone between message_new() and message_emit() */
	att[1] = mkfile("vanishing", "x", 1, NULL);
	m = mk(&o, err);
	CHECK(m != NULL, "vanishing: %s", err);
	fs_find(att[1])->gone = 1;
	memset(&g, 0, sizeof(g));
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    strcmp(err, "dir/vanishing: No such file or directory") == 0,
	    "file gone at emit: %s", err);
	message_free(m);

	/* a read error: at message_new() for a body, at emit for a part */
	att[1] = mkfile("eio", "x", 1, NULL);
	fs_find(att[1])->readerr = 1;
	m = mk(&o, err);
	CHECK(m != NULL, "attachment not read by message_new(): %s", err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    strcmp(err, "dir/eio: Input/output error") == 0,
	    "attachment read error: %s", err);
	message_free(m);
	o.nattach = 0;
	snprintf(want, sizeof(want), "@%s", att[1]);
	o.body = want;
	m = mk(&o, err);
	CHECK(m == NULL && strcmp(err, "dir/eio: Input/output error") == 0,
	    "@FILE read error at message_new(): %s", err);
	o.body = NULL;
	o.data = att[1];
	m = mk(&o, err);
	CHECK(m == NULL && strcmp(err, "dir/eio: Input/output error") == 0,
	    "--data read error at message_new(): %s", err);
	fs_reset();
}

/*
 * A FIFO or a device (/dev/zero, a pipe) is refused by message_new()
 * without a read: the message is read for its size and again to send
 * it, and a device may never end (issue 14.7).  Pipes go in as "-".
 */
static void
test_fifo(void)
{
	static const char	 piped[] = "gr\xc3\xbc\xc3\x9f\n";
	const char		*to[] = { "b@example.net" };
	const char		*att[1];
	const char		*fifo = "dir/fifo";
	char			 body[130], err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1 };
	struct message		*m;

	fs_add(fifo, piped, sizeof(piped) - 1, MESSAGE_FOTHER);
	fs_add("/dev/zero", "\0\0\0\0", 4, MESSAGE_FOTHER);
	snprintf(body, sizeof(body), "@%s", fifo);
	o.body = body;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, "dir/fifo: not a regular file") ==
	    err, "FIFO body refused: %s", err);
	CHECK(fs_find(fifo)->reads == 0 && fs.checked == 1,
	    "FIFO body opened in check mode, not read");
	o.body = NULL;
	o.data = "/dev/zero";
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, "/dev/zero: not a regular file") ==
	    err && fs_find("/dev/zero")->reads == 0, "device --data: %s", err);
	o.data = NULL;
	att[0] = fifo;
	o.attach = att;
	o.nattach = 1;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, "dir/fifo: not a regular file") ==
	    err && fs_find(fifo)->reads == 0, "FIFO attachment: %s", err);
	fs_reset();
}

static void
test_types(void)
{
	static const struct {
		const char	*path, *type;
	} t[] = {
		{ "a.txt", "text/plain" }, { "a.html", "text/html" },
		{ "a.pdf", "application/pdf" }, { "a.png", "image/png" },
		{ "a.jpg", "image/jpeg" }, { "A.JPEG", "image/jpeg" },
		{ "a.gif", "image/gif" }, { "a.zip", "application/zip" },
		{ "a.tar.gz", "application/gzip" },
		{ "a.json", "application/json" }, { "a.csv", "text/csv" },
		{ "a.xml", "application/xml" }, { "a.eml", "message/rfc822" },
		{ "a.ics", "text/calendar" },
		{ "a.bin", "application/octet-stream" },
		{ "noext", "application/octet-stream" },
		{ "dir.txt/noext", "application/octet-stream" },
		{ "trailing.", "application/octet-stream" },
	};
	size_t	 i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		CHECK(strcmp(message_guess_type(t[i].path), t[i].type) == 0,
		    "type of %s", t[i].path);
}

int
main(void)
{
	test_default();
	test_headers();
	test_injection();
	test_folding();
	test_8bit();
	test_attach();
	test_streaming();
	test_data();
	test_stdin();
	test_nul();
	test_unreadable();
	test_fifo();
	test_types();
	fs_reset();
	return check_done();
}
