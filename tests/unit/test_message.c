/*
 * test_message.c: the send-mode message: exact default bytes, header
 * replacement and injection, folding, attachments decoded back, the
 * boundary, streaming through a bounded buffer, --data, file errors.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base64.h"
#include "check.h"
#include "message.h"

#define NOW	((time_t)1795891800)	/* Sat, 28 Nov 2026 18:50:00 UTC */

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

static char tmpdir[] = "/tmp/test_message.XXXXXX";

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static unsigned char
rnd8(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned char)(rng >> 24);
}

/* Write size random octets (or s when not NULL) to tmpdir/name. */
static char *
mkfile(const char *name, const char *s, size_t size, unsigned char **data)
{
	char		*path;
	unsigned char	*p;
	size_t		 i;
	FILE		*f;

	if ((path = malloc(strlen(tmpdir) + strlen(name) + 2)) == NULL ||
	    (p = malloc(size + 1)) == NULL)
		abort();
	sprintf(path, "%s/%s", tmpdir, name);
	for (i = 0; i < size; i++)
		p[i] = s != NULL ? (unsigned char)s[i] : rnd8();
	if ((f = fopen(path, "wb")) == NULL ||
	    fwrite(p, 1, size, f) != size || fclose(f) != 0)
		abort();
	if (data != NULL)
		*data = p;
	else
		free(p);
	return path;
}

static struct message *
mk(const struct message_opts *o, char *err)
{
	err[0] = '\0';
	return message_new(o, err, 256);
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
	    "This is a test message sent by smtpcli.\r\n", (long)getpid());
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
				    "X-Empty:", "DATE: Mon, 1 Jan 2024 00:00:00 +0000" };
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
	CHECK(mk(&o, err) == NULL && err[0] != '\0', "CRLF in From");
	o.from = "a@b";
	o.subject = "hi\nBcc: evil@x";
	CHECK(mk(&o, err) == NULL && err[0] != '\0', "LF in Subject");
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
	o.subject = "\xc3\xa9t\xc3\xa9";
	m = mk(&o, err);
	CHECK(m != NULL && message_8bit(m) == MESSAGE_8BITHDR, "8-bit subject");
	message_free(m);
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
	static const size_t	 sizes[] = { 0, 1, 56, 57, 58, 1024 * 1024 + 1 };
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
	for (i = 0; i <= N; i++)
		free((char *)att[i]);
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
	CHECK(g.maxchunk <= MESSAGE_CHUNKMAX && g.calls > size / MESSAGE_CHUNKMAX,
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
	unlink(att[0]);
	free((char *)att[0]);
}

static void
test_data(void)
{
	static const char	 raw[] = "Subject: gr\xc3\xbc\xc3\x9f\n"
	    "From: a@b\n\nbare LF\r\nmixed\r.\n.\n\xff\x00 binary";
	const char		*to[] = { "b@example.net" };
	char			*path, err[256];
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
	free(path);
	free(g.buf);
}

static void
test_stdin(void)
{
	const char		*to[] = { "b@example.net" };
	char			*path, err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1,
				    .body = "-" };
	struct message		*m;
	struct got		 g = { .keep = 1 };
	int			 fd, saved;

	path = mkfile("stdin.txt", "from stdin\n", 11, NULL);
	if ((fd = open(path, O_RDONLY)) == -1 || (saved = dup(0)) == -1 ||
	    dup2(fd, 0) == -1)
		abort();
	close(fd);
	m = mk(&o, err);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == 0 &&
	    strstr(g.buf, "\r\n\r\nfrom stdin\n") != NULL, "body from stdin");
	got_reset(&g);
	CHECK(m != NULL && message_emit(m, sink, &g, err, sizeof(err)) == -1 &&
	    strstr(err, "stdin") != NULL, "stdin twice: %s", err);
	message_free(m);
	dup2(saved, 0);
	close(saved);
	free(path);
	free(g.buf);
}

static void
test_unreadable(void)
{
	const char		*to[] = { "b@example.net" };
	const char		*att[2];
	char			 missing[128], err[256];
	struct message_opts	 o = { .from = "a@b", .to = to, .nto = 1 };
	struct message		*m;

	snprintf(missing, sizeof(missing), "%s/nonexistent", tmpdir);
	o.data = missing;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, missing) != NULL &&
	    strchr(err, '\n') == NULL, "--data missing: %s", err);
	o.data = NULL;
	o.body = "@/nonexistent/body";
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, "/nonexistent/body") != NULL,
	    "@FILE missing: %s", err);
	o.body = NULL;
	att[0] = "/dev/null";
	att[1] = missing;
	o.attach = att;
	o.nattach = 2;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, missing) != NULL,
	    "attachment missing: %s", err);
	att[1] = tmpdir;
	m = mk(&o, err);
	CHECK(m == NULL && strstr(err, "directory") != NULL,
	    "attachment is a directory: %s", err);
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
	char	 cmd[64];

	if (mkdtemp(tmpdir) == NULL)
		abort();
	test_default();
	test_headers();
	test_injection();
	test_folding();
	test_8bit();
	test_attach();
	test_streaming();
	test_data();
	test_stdin();
	test_unreadable();
	test_types();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		CHECK(0, "removing %s", tmpdir);
	return check_done();
}
