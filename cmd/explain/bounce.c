/*
 * bounce.c: joins wrapped lines into records, reads RFC 3464 fields and
 * transcript markers, and hands every other record to logscan.
 */
#include <string.h>
#include <strings.h>

#include "bounce.h"
#include "codes.h"

#define BOUNCE_WS(c)	((c) == ' ' || (c) == '\t')

/* The first n-byte needle in len bytes of s, or NULL (memmem is GNU). */
static const char *
bounce_find(const char *s, size_t len, const char *needle, size_t n)
{
	const char	*p, *end = s + len;

	if (n == 0 || len < n)
		return NULL;
	for (p = s; (p = memchr(p, needle[0], (size_t)(end - p))) != NULL &&
	    (size_t)(end - p) >= n; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

void
bounce_init(struct bounce *b, int want_rcpt)
{
	memset(b, 0, sizeof(*b));
	b->want_rcpt = want_rcpt;
	b->sent = VERB_NONE;
	b->para = VERB_NONE;
}

static int
bounce_code3(const char *s, size_t len)
{
	if (len < 3 || s[0] < '2' || s[0] > '5' || s[1] < '0' ||
	    s[1] > '9' || s[2] < '0' || s[2] > '9' ||
	    (len > 3 && s[3] != ' ' && s[3] != '-' && s[3] != '\t'))
		return 0;
	return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

void
bounce_hold(struct bounce *b)
{
	size_t	 n;

	if (!b->pending || b->rec == b->buf)
		return;
	n = b->reclen < sizeof(b->buf) ? b->reclen : sizeof(b->buf);
	memmove(b->buf, b->rec, n);
	b->rec = b->buf;
	b->reclen = n;
}

/* Skip a leading "550-" or "550 5.1.1 " that repeats the open code. */
static size_t
bounce_strip(const struct bounce *b, const char *s, size_t len)
{
	char	 pat[4];
	int	 c = bounce_code3(s, len), cls, subj, det, r;
	size_t	 i;

	if (c == 0 || len < 4)
		return 0;
	pat[0] = s[0];
	pat[1] = s[1];
	pat[2] = s[2];
	pat[3] = '-';
	if (c != b->mlcode && bounce_find(b->rec, b->reclen, pat, 4) == NULL)
		return 0;
	i = 4;
	if ((r = codes_parse_enhanced(s + i, len - i, &cls, &subj,
	    &det)) > 0)
		i += (size_t)r;
	while (i < len && BOUNCE_WS(s[i]))
		i++;
	return i;
}

/* Append a continuation line to the record, blanks squeezed to one. */
static void
bounce_append(struct bounce *b, const char *s, size_t len)
{
	size_t	 i = 0, room;

	bounce_hold(b);
	while (i < len && BOUNCE_WS(s[i]))
		i++;
	i += bounce_strip(b, s + i, len - i);
	if (b->reclen + 1 >= sizeof(b->buf))
		return;
	room = sizeof(b->buf) - b->reclen - 1;
	b->buf[b->reclen++] = ' ';
	if (len - i > room)
		len = i + room;
	memcpy(b->buf + b->reclen, s + i, len - i);
	b->reclen += len - i;
}

/*
 * Whether the record ends where a reply's code (or its enhanced code)
 * is still to come: "said:", Exim's "after RCPT TO:<x>:", "said: 550".
 */
static int
bounce_waits(const struct bounce *b)
{
	const char	*r = b->rec;
	size_t		 n = b->reclen;

	while (n > 0 && BOUNCE_WS(r[n - 1]))
		n--;
	if (n < 5)
		return 0;
	if (r[n - 1] == ':')
		return (n >= 5 && memcmp(r + n - 5, "said:", 5) == 0) ||
		    bounce_find(r, n, "SMTP error from remote", 22) != NULL ||
		    bounce_find(r, n, "returned was:", 13) != NULL;
	if (n >= 10 && bounce_code3(r + n - 3, 3) != 0 &&
	    memcmp(r + n - 9, "said: ", 6) == 0)
		return 1;
	return 0;
}

/* Note a "550-" that opens a multiline reply at the start of a line. */
static void
bounce_multiline(struct bounce *b, const char *s, size_t len)
{
	int	 c;

	while (len > 0 && BOUNCE_WS(*s)) {
		s++;
		len--;
	}
	c = bounce_code3(s, len);
	if (c != 0 && len > 3 && s[3] == '-')
		b->mlcode = c;
	else if (c != 0 && c == b->mlcode)
		b->mlcode = 0;
}

static int	bounce_logline(const char *, size_t);

static int
bounce_joins(const struct bounce *b, const char *s, size_t len)
{
	size_t	 n = b->reclen;
	int	 c = bounce_code3(s, len);

	if (!b->pending)
		return 0;
	if (BOUNCE_WS(s[0])) {
		/* an indented transcript keeps one record per line */
		while (len > 0 && BOUNCE_WS(*s)) {
			s++;
			len--;
		}
		return len < 4 || (memcmp(s, ">>> ", 4) != 0 &&
		    memcmp(s, "<<< ", 4) != 0);
	}
	if (b->mlcode != 0 && c == b->mlcode)
		return 1;
	/* a new time-stamped log line never continues the last one */
	if (bounce_logline(s, len))
		return 0;
	while (n > 0 && BOUNCE_WS(b->rec[n - 1]))
		n--;
	/* "did not like our RCPT TO:" then "550 5.7.26 ..." */
	if (c != 0 && n > 0 && b->rec[n - 1] == ':')
		return 1;
	return b->wait;
}

/*
 * Whether a record looks like a log line: it starts with a time stamp
 * ("Nov 28 10:00:01", "2013-01-04", "03-07-2005", "1157520813.48",
 * "[28325:"), not with a reply code ("550 unknown user").
 */
static int
bounce_logline(const char *s, size_t len)
{
	size_t	 i = 0;

	if (len > 2 && s[0] == '[' && s[1] >= '0' && s[1] <= '9')
		return 1;
	while (i < len && i < 12 && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < len && (((i == 2 || i == 4) && (s[i] == '-' ||
	    s[i] == '/')) || (i == 2 && s[i] == ':') || (i >= 9 &&
	    s[i] == '.')))
		return 1;
	return len > 5 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a' &&
	    s[1] <= 'z' && s[2] >= 'a' && s[2] <= 'z' && s[3] == ' ' &&
	    (s[4] == ' ' || (s[4] >= '0' && s[4] <= '9'));
}

/*
 * The last command a prose record names ("after RCPT command:", "did
 * not like our RCPT TO:", "end of data"), for the replies after it in
 * the same paragraph that name none.
 */
static enum verb
bounce_phrase_verb(const char *s, size_t len)
{
	static const struct {
		const char	*w;
		enum verb	 v;
	} words[] = {
		{ "RCPT", VERB_RCPT }, { "MAIL", VERB_MAIL },
		{ "DATA", VERB_DATA }, { "end of data", VERB_DATA_END },
		{ "end of DATA", VERB_DATA_END }, { "HELO", VERB_HELO },
		{ "EHLO", VERB_EHLO }, { "STARTTLS", VERB_STARTTLS },
		{ "AUTH", VERB_AUTH },
	};
	const char	*p, *best = NULL;
	enum verb	 v = VERB_NONE;
	size_t		 k, n;

	for (k = 0; k < sizeof(words) / sizeof(words[0]); k++) {
		n = strlen(words[k].w);
		p = bounce_find(s, len, words[k].w, n);
		if (p == NULL || (p > s && ((p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= 'a' && p[-1] <= 'z'))) ||
		    (p + n < s + len && ((p[n] >= 'A' && p[n] <= 'Z') ||
		    (p[n] >= 'a' && p[n] <= 'z'))))
			continue;
		if (best == NULL || p > best) {
			best = p;
			v = words[k].v;
		}
	}
	return v;
}

/* Copy an address (without <>, cut at blank, '>', ',', ';') into out. */
static void
bounce_addr(char *out, const char *s, size_t len)
{
	size_t	 i = 0, n = 0;

	while (i < len && (BOUNCE_WS(s[i]) || s[i] == '<'))
		i++;
	for (; i < len && n + 1 < BOUNCE_ADDR; i++) {
		if (BOUNCE_WS(s[i]) || s[i] == '>' || s[i] == ',' ||
		    s[i] == ';' || (unsigned char)s[i] < 0x20)
			break;
		out[n++] = s[i];
	}
	out[n] = '\0';
}

/* An address at the record's start ("<x@y>:", "  x@y", "** x@y R="). */
static void
bounce_lead_addr(struct bounce *b, const char *s, size_t len)
{
	size_t	 i = 0, j;

	while (i < len && BOUNCE_WS(s[i]))
		i++;
	if (i + 3 < len && memcmp(s + i, "** ", 3) == 0)
		i += 3;
	j = i;
	if (j < len && s[j] == '<')
		j++;
	for (; j < len && !BOUNCE_WS(s[j]) && s[j] != '>' && s[j] != ':';
	    j++)
		if (s[j] == '@')
			break;
	if (j >= len || s[j] != '@' || j == i)
		return;
	bounce_addr(b->rcpt, s + i, len - i);
}

/*
 * A Diagnostic-Code repeats a reply the prose told with its command
 * ("said: 550 ... (in reply to RCPT TO command)"): the same recipient
 * and code take that command.  Other replies with a command and a
 * recipient are remembered for that.
 */
static void
bounce_told(struct bounce *b, struct bounce_reply *r)
{
	unsigned	 i;
	size_t		 n;

	if (r->rcpt[0] == '\0' || r->code == 0)
		return;
	if (r->verb == VERB_NONE && strcmp(r->source, "dsn") == 0) {
		for (i = 0; i < b->ntold && i < BOUNCE_TOLD; i++)
			if (b->told[i].code == r->code &&
			    strncmp(b->told[i].rcpt, r->rcpt,
			    sizeof(b->told[i].rcpt) - 1) == 0) {
				r->verb = b->told[i].verb;
				return;
			}
		return;
	}
	if (r->verb == VERB_NONE || strcmp(r->source, "dsn") == 0)
		return;
	i = b->ntold++ % BOUNCE_TOLD;
	b->told[i].code = r->code;
	b->told[i].verb = r->verb;
	n = strlen(r->rcpt);
	if (n >= sizeof(b->told[i].rcpt))
		n = sizeof(b->told[i].rcpt) - 1;
	memcpy(b->told[i].rcpt, r->rcpt, n);
	b->told[i].rcpt[n] = '\0';
}

static void
bounce_report(struct bounce *b, const struct logscan_hit *h,
    const char *rec, size_t reclen, const char *source, bounce_cb *cb,
    void *arg)
{
	struct bounce_reply	 r;
	char			 addr[BOUNCE_ADDR] = "";
	const char		*p;

	memset(&r, 0, sizeof(r));
	r.code = h->code;
	memcpy(r.enhanced, h->enhanced, sizeof(r.enhanced));
	r.verb = h->verb != VERB_NONE ? h->verb : b->para;
	if (r.verb == VERB_NONE && h->off > 0 && h->off < 1024 &&
	    !bounce_logline(rec, reclen))
		r.verb = bounce_phrase_verb(rec, h->off);
	r.first = b->first;
	r.last = b->last;
	if (b->grp && source != NULL && (strcmp(source, "dsn") == 0 ||
	    strcmp(source, "status") == 0))
		r.group = b->grp_line;
	r.text = rec + h->text_off;
	r.textlen = h->off + h->len - h->text_off;
	r.source = source != NULL ? source : logscan_anchor_name(h->anchor);
	r.rcpt = b->grp && b->grp_rcpt[0] ? b->grp_rcpt : b->rcpt;
	if (b->grp && b->grp_status[0]) {
		memcpy(r.status, b->grp_status, sizeof(r.status));
		b->grp_replies++;
	}
	if (b->want_rcpt && r.rcpt[0] == '\0') {
		if ((p = bounce_find(rec, reclen, "to=<", 4)) != NULL) {
			bounce_addr(addr, p + 4, reclen -
			    (size_t)(p + 4 - rec));
			r.rcpt = addr;
		} else if (h->anchor == LOGSCAN_EXIM && ((p = bounce_find(rec,
		    reclen, " ** ", 4)) != NULL || (p = bounce_find(rec,
		    reclen, " == ", 4)) != NULL)) {
			/* Exim's "** u@example.com R=dnslookup ..." */
			bounce_addr(addr, p + 4, reclen -
			    (size_t)(p + 4 - rec));
			r.rcpt = addr;
		} else if (r.verb != VERB_MAIL && (p = memchr(r.text, '<',
		    r.textlen)) != NULL) {
			/* Sendmail's "550 5.1.1 <x@y>... User Unknown" */
			bounce_addr(addr, p, r.textlen -
			    (size_t)(p - r.text));
			if (strchr(addr, '@') != NULL)
				r.rcpt = addr;
		}
	}
	bounce_told(b, &r);
	cb(arg, &r);
}

/* A reply at the start of s ("550 5.1.1 text", "5.1.1 text"). */
static int
bounce_direct(const char *s, size_t len, size_t base,
    struct logscan_hit *h)
{
	size_t	 i = 0;
	int	 r, cls, subj, det;

	memset(h, 0, sizeof(*h));
	while (i < len && BOUNCE_WS(s[i]))
		i++;
	h->off = base + i;
	h->verb = VERB_NONE;
	if ((h->code = bounce_code3(s + i, len - i)) != 0 ||
	    ((h->code = bounce_code3(s + i, 3)) != 0 &&
	    i + 3 < len && (s[i + 3] == ':' || s[i + 3] == ','))) {
		i += 3;
		while (i < len && (s[i] == ':' || s[i] == ',' ||
		    BOUNCE_WS(s[i]) || s[i] == '-'))
			i++;
		/* Gmail's "returned was: 554 554 5.7.0" */
		if (i + 4 <= len && memcmp(s + i, s + i - 4, 3) == 0 &&
		    s[i + 3] == ' ')
			i += 4;
	}
	if ((r = codes_parse_enhanced(s + i, len - i, &cls, &subj,
	    &det)) > 0 && (size_t)r < sizeof(h->enhanced) &&
	    (h->code == 0 || cls == h->code / 100)) {
		memcpy(h->enhanced, s + i, (size_t)r);
		h->enhanced[r] = '\0';
		i += (size_t)r;
	}
	if (h->code == 0 && h->enhanced[0] == '\0')
		return 0;
	while (i < len && BOUNCE_WS(s[i]))
		i++;
	h->text_off = base + i;
	h->len = len - (h->off - base);
	return 1;
}

/* Report the open DSN group's Status: when no reply carried it. */
static void
bounce_group_end(struct bounce *b, bounce_cb *cb, void *arg)
{
	struct logscan_hit	 h;

	if (b->grp && b->grp_status[0] && b->grp_replies == 0 &&
	    bounce_direct(b->grp_status, strlen(b->grp_status), 0, &h)) {
		unsigned long	 first = b->first, last = b->last;

		b->first = b->last = b->grp_first;
		h.text_off = h.off + h.len;
		bounce_report(b, &h, b->grp_status, strlen(b->grp_status),
		    "status", cb, arg);
		b->first = first;
		b->last = last;
	}
	b->grp = 0;
	b->grp_line = 0;
	b->grp_replies = 0;
	b->grp_status[0] = '\0';
	b->grp_rcpt[0] = '\0';
}

/* RFC 3464 fields that matter here, the rest are read past. */
enum bounce_field {
	BF_NONE, BF_FINAL, BF_ORIG, BF_STATUS, BF_DIAG, BF_REPORTING,
	BF_SKIP
};

static enum bounce_field
bounce_field(const char *s, size_t len, size_t *val)
{
	static const struct {
		const char		*name;
		enum bounce_field	 f;
	} fields[] = {
		{ "final-recipient", BF_FINAL },
		{ "original-recipient", BF_ORIG },
		{ "status", BF_STATUS },
		{ "diagnostic-code", BF_DIAG },
		{ "reporting-mta", BF_REPORTING },
		{ "action", BF_SKIP },
		{ "remote-mta", BF_SKIP },
		{ "arrival-date", BF_SKIP },
		{ "last-attempt-date", BF_SKIP },
		{ "received-from-mta", BF_SKIP },
		{ "will-retry-until", BF_SKIP },
		{ "x-postfix-queue-id", BF_SKIP },
		{ "x-postfix-sender", BF_SKIP },
		{ "x-actual-recipient", BF_SKIP },
		{ "x-original-message-id", BF_SKIP },
		{ "dsn-gateway", BF_SKIP },
	};
	size_t	 n, k;

	for (n = 0; n < len && n < 24 && s[n] != ':' && !BOUNCE_WS(s[n]);
	    n++)
		;
	if (n == 0 || n >= len || s[n] != ':')
		return BF_NONE;
	for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
		if (strlen(fields[k].name) == n &&
		    strncasecmp(s, fields[k].name, n) == 0) {
			*val = n + 1;
			while (*val < len && BOUNCE_WS(s[*val]))
				(*val)++;
			return fields[k].f;
		}
	return BF_NONE;
}

/* "rfc822; x@y" -> "x@y" */
static void
bounce_typed_addr(char *out, const char *s, size_t len)
{
	const char	*semi = memchr(s, ';', len);

	if (semi != NULL) {
		len -= (size_t)(semi + 1 - s);
		s = semi + 1;
	}
	bounce_addr(out, s, len);
}

static size_t
bounce_scan(struct bounce *b, const char *s, size_t len, size_t base,
    const char *source, bounce_cb *cb, void *arg);

/* A delivery-status field; returns 0 when the record is no field. */
static int
bounce_dsn(struct bounce *b, bounce_cb *cb, void *arg)
{
	const char		*r = b->rec, *semi;
	size_t			 len = b->reclen, v = 0;
	enum bounce_field	 f = bounce_field(r, len, &v);
	int			 n, cls, subj, det;

	switch (f) {
	case BF_NONE:
		return 0;
	case BF_REPORTING:
		bounce_group_end(b, cb, arg);
		b->rcpt[0] = '\0';
		b->para = VERB_NONE;
		break;
	case BF_ORIG:
	case BF_FINAL:
		if (b->grp && (b->grp_replies || b->grp_status[0] ||
		    (f == BF_FINAL && b->grp_rcpt[0] && b->grp == 2)))
			bounce_group_end(b, cb, arg);
		if (f == BF_FINAL || b->grp_rcpt[0] == '\0')
			bounce_typed_addr(b->grp_rcpt, r + v, len - v);
		b->grp = f == BF_FINAL ? 2 : b->grp ? b->grp : 1;
		break;
	case BF_STATUS:
		if (!b->grp)
			b->grp = 1;
		b->grp_status[0] = '\0';
		b->grp_first = b->first;
		if ((n = codes_parse_enhanced(r + v, len - v, &cls, &subj,
		    &det)) > 0 && (size_t)n < sizeof(b->grp_status)) {
			memcpy(b->grp_status, r + v, (size_t)n);
			b->grp_status[n] = '\0';
		}
		break;
	case BF_DIAG:
		if (!b->grp)
			b->grp = 1;
		if ((semi = memchr(r + v, ';', len - v)) != NULL)
			v = (size_t)(semi + 1 - r);
		(void)bounce_scan(b, r + v, len - v, v, "dsn", cb, arg);
		break;
	case BF_SKIP:
		break;
	}
	if (b->grp && b->grp_line == 0)
		b->grp_line = b->first;
	return 1;
}

/*
 * Replies in s (at offset base of the record): direct, then logscan.
 * Returns how many were reported.
 */
static size_t
bounce_scan(struct bounce *b, const char *s, size_t len, size_t base,
    const char *source, bounce_cb *cb, void *arg)
{
	struct logscan_hit	 hits[LOGSCAN_MAXHITS];
	size_t			 n, i;

	if (source != NULL && bounce_direct(s, len, base, &hits[0])) {
		n = logscan_line(s, len, hits + 1, LOGSCAN_MAXHITS - 1);
		/* logscan's own hit at the start is the same reply */
		for (i = 1; i <= n; i++)
			if (hits[i].off + base == hits[0].off)
				hits[i].code = -1;
		bounce_report(b, &hits[0], b->rec, b->reclen, source, cb,
		    arg);
		for (i = 1; i <= n; i++)
			if (hits[i].code >= 0) {
				hits[i].off += base;
				hits[i].text_off += base;
				bounce_report(b, &hits[i], b->rec,
				    b->reclen, NULL, cb, arg);
			}
		return n + 1;
	}
	n = logscan_line(s, len, hits, LOGSCAN_MAXHITS);
	for (i = 0; i < n; i++) {
		hits[i].off += base;
		hits[i].text_off += base;
		if (hits[i].verb == VERB_NONE && hits[i].anchor == LOGSCAN_BARE)
			hits[i].verb = b->sent;
		bounce_report(b, &hits[i], b->rec, b->reclen, source, cb,
		    arg);
	}
	return n;
}

/* A byte that may come just before a code in prose. */
static int
bounce_before(const char *s, size_t i)
{
	char	 c;

	if (i == 0)
		return 1;
	c = s[i - 1];
	return BOUNCE_WS(c) || c == '[' || c == '(' || c == ':' ||
	    c == '#' || c == '"' || c == '\'' || c == '<' || c == '=' ||
	    c == '-' || c == ';';
}

/*
 * Prose with no keyword the scanners know: the codes in it, for a
 * record that is no log line ("ResponseCode 421,", "[554 5.4.6",
 * "(#4.4.3)", "550: : User unknown", SES's "status":"5.1.1").  An
 * enhanced code alone that a basic code's reply repeats is dropped.
 */
static size_t
bounce_liberal(struct bounce *b, const char *r, size_t len, bounce_cb *cb,
    void *arg)
{
	struct logscan_hit	 h[LOGSCAN_MAXHITS];
	size_t			 n = 0, i, k, out = 0;
	int			 cls, subj, det, c;

	for (i = 0; i + 3 <= len && n < LOGSCAN_MAXHITS; i++) {
		if (r[i] < '2' || r[i] > '5' || !bounce_before(r, i))
			continue;
		c = bounce_code3(r + i, 3);
		if (c != 0 && (i + 3 == len || r[i + 3] == ' ' ||
		    r[i + 3] == '-' || r[i + 3] == ':' || r[i + 3] == ',') &&
		    codes_basic_lookup(c) != NULL && c != 220 && c != 250 &&
		    bounce_direct(r + i, len - i, i, &h[n])) {
			i = h[n++].text_off;
			continue;
		}
		if (codes_parse_enhanced(r + i, len - i, &cls, &subj,
		    &det) > 0 && bounce_direct(r + i, len - i, i, &h[n])) {
			i = h[n++].text_off;
		}
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < n && h[i].code == 0; k++)
			if (h[k].code != 0 && strcmp(h[k].enhanced,
			    h[i].enhanced) == 0)
				break;
		if (h[i].code == 0 && k < n)
			continue;
		bounce_report(b, &h[i], r, len, "text", cb, arg);
		out++;
	}
	return out;
}

/* Message headers in a bounce: dates and ids, never a reply. */
static int
bounce_header(const char *s, size_t len)
{
	static const char *const names[] = {
		"received:", "date:", "message-id:", "from:", "to:", "cc:",
		"subject:", "content-", "mime-version:", "return-path:",
		"dkim-signature:", "x-", "references:", "in-reply-to:",
		"reply-to:", "sender:", "thread-", "authentication-results:",
		"arc-",
	};
	size_t	 k, n;

	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		n = strlen(names[k]);
		if (len >= n && strncasecmp(s, names[k], n) == 0)
			return 1;
	}
	return 0;
}

/* Sendmail's transcript: ">>> RCPT To:<x>" then "<<< 550 ...". */
static int
bounce_transcript(struct bounce *b, bounce_cb *cb, void *arg)
{
	struct logscan_hit	 h;
	const char		*r = b->rec;
	size_t			 len = b->reclen, n;
	enum verb		 v;

	while (len > 0 && BOUNCE_WS(*r)) {
		r++;
		len--;
	}
	if (len < 5 || (memcmp(r, ">>> ", 4) != 0 && memcmp(r, "<<< ",
	    4) != 0))
		return 0;
	if (r[0] == '>') {
		for (n = 4; n < len && n < 24 && r[n] != ' ' && r[n] != ':';
		    n++)
			;
		v = verb_classify(r + 4, n - 4);
		b->sent = v == VERB_OTHER ? VERB_NONE : v;
		return 1;
	}
	if (!bounce_direct(r + 4, len - 4, 4, &h))
		return 1;
	h.verb = b->sent;
	bounce_report(b, &h, r, len, "transcript", cb, arg);
	if (h.code == 354 && b->sent == VERB_DATA)
		b->sent = VERB_DATA_END;
	return 1;
}

/* The pending record is complete: find its replies. */
static void
bounce_record(struct bounce *b, bounce_cb *cb, void *arg)
{
	const char	*r = b->rec;
	size_t		 len = b->reclen, i = 0;

	b->pending = 0;
	b->wait = 0;
	b->mlcode = 0;
	while (len > 0 && (BOUNCE_WS(r[len - 1]) || r[len - 1] == '\r'))
		len--;
	b->reclen = len;
	if (len == 0)
		return;
	/* a time-stamped log line: logscan's, and nothing else's */
	if (bounce_logline(r, len)) {
		(void)bounce_scan(b, r, len, 0, NULL, cb, arg);
		return;
	}
	if (bounce_dsn(b, cb, arg) || bounce_transcript(b, cb, arg))
		return;
	bounce_lead_addr(b, r, len);
	while (i < len && BOUNCE_WS(r[i]))
		i++;
	/* Exchange: "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##" */
	if (i + 4 < len && r[i] == '#' && bounce_code3(r + i + 1,
	    len - i - 1) != 0) {
		(void)bounce_scan(b, r + i + 1, len - i - 1, i + 1,
		    "exchange", cb, arg);
		return;
	}
	if (bounce_header(r, len))
		return;
	if (bounce_scan(b, r, len, 0, NULL, cb, arg) == 0 &&
	    bounce_liberal(b, r, len, cb, arg) == 0 && len < 1024)
		b->para = bounce_phrase_verb(r, len);
}

void
bounce_feed(struct bounce *b, const char *line, size_t len, bounce_cb *cb,
    void *arg)
{
	size_t	 i;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	b->line++;
	for (i = 0; i < len && (BOUNCE_WS(line[i]) || line[i] == '\r'); i++)
		;
	if (i == len) {
		/* a blank line ends the record and the DSN group */
		if (b->pending)
			bounce_record(b, cb, arg);
		bounce_group_end(b, cb, arg);
		b->para = VERB_NONE;
		return;
	}
	if (bounce_joins(b, line, len)) {
		bounce_append(b, line, len);
	} else {
		if (b->pending)
			bounce_record(b, cb, arg);
		b->rec = line;
		b->reclen = len;
		b->pending = 1;
		b->first = b->line;
	}
	b->last = b->line;
	bounce_multiline(b, line, len);
	b->wait = bounce_waits(b);
}

void
bounce_skip(struct bounce *b, bounce_cb *cb, void *arg)
{
	if (b->pending)
		bounce_record(b, cb, arg);
	bounce_group_end(b, cb, arg);
	b->line++;
}

void
bounce_end(struct bounce *b, bounce_cb *cb, void *arg)
{
	if (b->pending)
		bounce_record(b, cb, arg);
	bounce_group_end(b, cb, arg);
}

unsigned long
bounce_keep(const struct bounce *b, int group)
{
	unsigned long	 k = b->pending ? b->first : b->line + 1;

	if (group && b->grp && b->grp_line != 0 && b->grp_line < k)
		k = b->grp_line;
	return k;
}
