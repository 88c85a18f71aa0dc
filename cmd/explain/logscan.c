/*
 * logscan.c: one left-to-right pass over a mail-log line that spots the
 * keywords MTAs put before a remote reply and picks the reply out.
 */
#include <stdint.h>
#include <string.h>

#include "codes.h"
#include "logscan.h"

static const char *const logscan_anchors[] = {
	[LOGSCAN_SAID] = "said",
	[LOGSCAN_REFUSED] = "refused",
	[LOGSCAN_STATUS] = "status",
	[LOGSCAN_REJECT] = "reject",
	[LOGSCAN_EXIM] = "exim",
	[LOGSCAN_SENDMAIL] = "sendmail",
	[LOGSCAN_DSN] = "dsn",
	[LOGSCAN_BARE] = "bare",
};
_Static_assert(sizeof(logscan_anchors) / sizeof(logscan_anchors[0]) ==
    LOGSCAN_ANCHOR_MAX, "logscan_anchors must cover every anchor");

/* Scanner state: kept apart from the hits so the loop stays readable. */
struct logscan {
	const char		*l;
	size_t			 len;
	struct logscan_hit	*hits;
	size_t			 max, n;
	int			 open;		/* hit not yet ended, or -1 */
	enum verb		 pending;	/* verb the log named before */
	int			 expect;	/* take the next ": NNN" */
	enum logscan_anchor	 expect_anchor;
	int			 quoted;	/* open hit ends at '"' */
};

const char *
logscan_anchor_name(enum logscan_anchor a)
{
	if ((unsigned)a >= LOGSCAN_ANCHOR_MAX)
		return "?";
	return logscan_anchors[a];
}

static int
logscan_at(const struct logscan *s, size_t i, const char *kw)
{
	size_t	 n = strlen(kw);

	return i + n <= s->len && memcmp(s->l + i, kw, n) == 0;
}

static int
logscan_digit(const struct logscan *s, size_t i)
{
	return i < s->len && s->l[i] >= '0' && s->l[i] <= '9';
}

/*
 * The command a phrase names: Exim's "RCPT TO:<x>", "end of data",
 * "initial connection", Postfix's "end of DATA command",
 * "END-OF-MESSAGE", "CONNECT", Sendmail's "check_rcpt" word.
 */
static enum verb
logscan_phrase(const struct logscan *s, size_t i)
{
	static const struct {
		const char	*p;
		enum verb	 v;
	} phrases[] = {
		{ "end of data", VERB_DATA_END },
		{ "end of DATA", VERB_DATA_END },
		{ "END-OF-MESSAGE", VERB_DATA_END },
		{ "initial connection", VERB_GREETING },
		{ "initial greeting", VERB_GREETING },
		{ "CONNECT", VERB_GREETING },
		{ "rcpt", VERB_RCPT },
		{ "mail", VERB_MAIL },
		{ "relay", VERB_GREETING },
		{ "eom", VERB_DATA_END },
	};
	size_t		 k, n;
	enum verb	 v;

	if (logscan_at(s, i, "pipelined "))
		i += strlen("pipelined ");
	for (k = 0; k < sizeof(phrases) / sizeof(phrases[0]); k++)
		if (logscan_at(s, i, phrases[k].p))
			return phrases[k].v;
	for (n = 0; i + n < s->len && n < 16 && s->l[i + n] >= 'A' &&
	    s->l[i + n] <= 'Z'; n++)
		;
	if (n == 0)
		return VERB_NONE;
	v = verb_classify(s->l + i, n);
	return v == VERB_OTHER ? VERB_NONE : v;
}

/* Drop trailing blanks and closing parentheses the text did not open. */
static size_t
logscan_trim(const struct logscan *s, size_t from, size_t to)
{
	size_t	 i;
	long	 depth = 0;

	for (i = from; i < to; i++) {
		if (s->l[i] == '(')
			depth++;
		else if (s->l[i] == ')')
			depth--;
	}
	while (to > from) {
		if (s->l[to - 1] == ' ' || s->l[to - 1] == '\t' ||
		    s->l[to - 1] == '\r' || s->l[to - 1] == '\n' ||
		    s->l[to - 1] == ',')
			to--;
		else if (s->l[to - 1] == ')' && depth < 0) {
			to--;
			depth++;
		} else
			break;
	}
	return to;
}

static void
logscan_close(struct logscan *s, size_t end)
{
	struct logscan_hit	*h;

	if (s->open < 0)
		return;
	h = &s->hits[s->open];
	s->quoted = 0;
	end = logscan_trim(s, h->off, end);
	h->len = end > h->off ? end - h->off : 0;
	if (h->text_off > h->off + h->len)
		h->text_off = h->off + h->len;
	s->open = -1;
}

/* An enhanced code at i; fills hit, returns bytes used or -1. */
static int
logscan_enh(const struct logscan *s, size_t i, struct logscan_hit *h,
    int *cls)
{
	int	 r, subj, detail;

	r = codes_parse_enhanced(s->l + i, s->len - i, cls, &subj, &detail);
	if (r < 0 || (size_t)r >= sizeof(h->enhanced))
		return -1;
	memcpy(h->enhanced, s->l + i, (size_t)r);
	h->enhanced[r] = '\0';
	return r;
}

/*
 * A code without an enhanced code still counts after ": " or '"' when
 * it is a 4xx/5xx of the table and words follow: a capital or '<'
 * ("]: 535 Incorrect authentication data", "msg=\"535 Authentication
 * failed.\""), or any letter on a line an SMTP program wrote
 * ("qmail-smtpd: 421 badiprbl").  "took 250 ms: 421 items" is no reply.
 */
static int
logscan_worded(const struct logscan *s, size_t i, int code)
{
	const struct codes_basic	*b;
	size_t				 k;
	char				 c;

	if (i + 5 > s->len || s->l[i + 3] != ' ' || code < 400 ||
	    (b = codes_basic_lookup(code)) == NULL ||
	    (b->flags & (CODES_INVALID | CODES_NONSTANDARD)))
		return 0;
	c = s->l[i + 4];
	if ((c >= 'A' && c <= 'Z') || c == '<')
		return 1;
	if (c < 'a' || c > 'z')
		return 0;
	for (k = 0; k + 4 <= i; k++)
		if ((s->l[k] | 0x20) == 's' && (s->l[k + 1] | 0x20) == 'm' &&
		    (s->l[k + 2] | 0x20) == 't' && (s->l[k + 3] | 0x20) == 'p')
			return 1;
	return 0;
}

/*
 * A reply at i: "NNN" then end, ' ' or '-', then an optional enhanced
 * code.  `strict' (no keyword seen) wants the enhanced code and its
 * class to match.  `stop' is where the keyword began, to end the reply
 * before it.  Returns 1 when a hit was stored.
 */
static int
logscan_reply(struct logscan *s, size_t i, size_t stop,
    enum logscan_anchor a, enum verb v, int strict)
{
	struct logscan_hit	 h;
	size_t			 j;
	int			 r, cls = -1;

	while (i < s->len && s->l[i] == ' ')
		i++;
	if (i + 3 > s->len || s->l[i] < '2' || s->l[i] > '5' ||
	    !logscan_digit(s, i + 1) || !logscan_digit(s, i + 2) ||
	    (i + 3 < s->len && s->l[i + 3] != ' ' && s->l[i + 3] != '-'))
		return 0;
	memset(&h, 0, sizeof(h));
	h.code = (s->l[i] - '0') * 100 + (s->l[i + 1] - '0') * 10 +
	    (s->l[i + 2] - '0');
	j = i + 3;
	if (j < s->len)
		j++;
	if ((r = logscan_enh(s, j, &h, &cls)) > 0)
		j += (size_t)r;
	if (strict && (r <= 0 || cls != h.code / 100) &&
	    !logscan_worded(s, i, h.code))
		return 0;
	while (j < s->len && s->l[j] == ' ')
		j++;
	if (s->n >= s->max)
		return 0;
	logscan_close(s, stop);
	h.off = i;
	h.text_off = j;
	h.len = s->len - i;
	h.verb = v;
	h.anchor = a;
	s->hits[s->n] = h;
	s->open = (int)s->n++;
	s->pending = VERB_NONE;
	s->expect = 0;
	return 1;
}

/* An enhanced code alone ("dsn=5.1.1", Postfix "milter-reject: 5.7.1"). */
static void
logscan_enh_only(struct logscan *s, size_t i, size_t stop,
    enum logscan_anchor a, enum verb v, int keep_open)
{
	struct logscan_hit	 h;
	size_t			 j, e;
	int			 r, cls;

	memset(&h, 0, sizeof(h));
	if (s->n >= s->max || (r = logscan_enh(s, i, &h, &cls)) < 0)
		return;
	e = i + (size_t)r;
	if (e < s->len && s->l[e] != ' ' && s->l[e] != ',' &&
	    s->l[e] != ';' && s->l[e] != ')')
		return;
	logscan_close(s, stop);
	for (j = e; j < s->len && s->l[j] == ' '; j++)
		;
	h.off = i;
	h.len = keep_open ? s->len - i : (size_t)r;
	h.text_off = keep_open ? j : e;
	h.verb = v;
	h.anchor = a;
	if (keep_open) {
		s->open = (int)s->n;
		s->pending = VERB_NONE;
		s->expect = 0;
	}
	s->hits[s->n++] = h;
}

/* Exim: "SMTP error from remote mail server after RCPT TO:<x>: 550". */
static void
logscan_exim(struct logscan *s, size_t i)
{
	size_t	 end = i + 48 < s->len ? i + 48 : s->len;

	for (; i < end; i++) {
		if (logscan_at(s, i, " after ")) {
			s->pending = logscan_phrase(s, i + 7);
			s->expect = 1;
			s->expect_anchor = LOGSCAN_EXIM;
			return;
		}
	}
}

/* Sendmail's fields end at ", key=". */
static int
logscan_field_end(const struct logscan *s, size_t i)
{
	size_t	 j;

	if (!logscan_at(s, i, ", "))
		return 0;
	for (j = i + 2; j < s->len && j < i + 18 && s->l[j] >= 'a' &&
	    s->l[j] <= 'z'; j++)
		;
	return j > i + 2 && j < s->len && s->l[j] == '=';
}

/* A number not after a keyword: ": 550 5.1.1", "(250 2.0.0", line start. */
static void
logscan_number(struct logscan *s, size_t i)
{
	const char	*l = s->l;
	int		 after_colon;

	if (l[i] < '2' || l[i] > '5')
		return;
	after_colon = i >= 2 && l[i - 1] == ' ' && l[i - 2] == ':';
	if (s->expect && after_colon) {
		if (i + 1 < s->len && l[i + 1] == '.')
			logscan_enh_only(s, i, i, s->expect_anchor,
			    s->pending, 1);
		else
			logscan_reply(s, i, i, s->expect_anchor, s->pending,
			    0);
		return;
	}
	if (s->open >= 0)
		return;
	if (after_colon || i == 0 || l[i - 1] == '(' || l[i - 1] == '"')
		logscan_reply(s, i, i, LOGSCAN_BARE, VERB_NONE, 1);
}

/* Whether the keyword kw ends just before i (the ':' or '=' at i). */
static int
logscan_before(const struct logscan *s, size_t i, const char *kw)
{
	size_t	 n = strlen(kw);

	return i >= n && memcmp(s->l + i - n, kw, n) == 0;
}

/*
 * "said:", "reject: ", "Deferred: ", "refused to talk to me:", ": 550".
 * The byte before the colon picks the one keyword worth comparing.
 */
static void
logscan_colon(struct logscan *s, size_t i)
{
	const char	*l = s->l;

	if (i >= 4) {
		switch (l[i - 1]) {
		case 'd':
			if (logscan_before(s, i, "said"))
				logscan_reply(s, i + 1, i - 4, LOGSCAN_SAID,
				    VERB_NONE, 0);
			else if (logscan_before(s, i, "Deferred") &&
			    i + 1 < s->len && l[i + 1] == ' ')
				logscan_reply(s, i + 2, i - 8,
				    LOGSCAN_SENDMAIL, VERB_NONE, 0);
			break;
		case 'e':
			if (logscan_before(s, i, "refused to talk to me"))
				logscan_reply(s, i + 1, i - 21,
				    LOGSCAN_REFUSED, VERB_GREETING, 0);
			break;
		case 't':
			if (logscan_before(s, i, "reject") &&
			    i + 1 < s->len && l[i + 1] == ' ') {
				s->pending = logscan_phrase(s, i + 2);
				s->expect = 1;
				s->expect_anchor = LOGSCAN_REJECT;
			}
			break;
		}
	}
	if (i + 2 < s->len && l[i + 1] == ' ' && l[i + 2] >= '2' &&
	    l[i + 2] <= '5')
		logscan_number(s, i + 2);
}

/* "status=", "reply=", "reject=", "ruleset=check_", "dsn=", "C=\"". */
static void
logscan_equals(struct logscan *s, size_t i)
{
	const char	*l = s->l;
	size_t		 j;

	switch (l[i - 1]) {
	case 's':
		if (!logscan_before(s, i, "status"))
			break;
		for (j = i + 1; j < s->len && j < i + 18 && l[j] >= 'a' &&
		    l[j] <= 'z'; j++)
			;
		if (logscan_at(s, j, " ("))
			logscan_reply(s, j + 2, i - 6, LOGSCAN_STATUS,
			    logscan_at(s, i, "=sent ") ? VERB_DATA_END :
			    VERB_NONE, 0);
		break;
	case 'y':
		if (logscan_before(s, i, "reply"))
			logscan_reply(s, i + 1, i - 5, LOGSCAN_SENDMAIL,
			    s->pending, 0);
		break;
	case 't':
		if (logscan_before(s, i, "reject"))
			logscan_reply(s, i + 1, i - 6, LOGSCAN_SENDMAIL,
			    s->pending, 0);
		else if (logscan_before(s, i, "ruleset") &&
		    logscan_at(s, i, "=check_"))
			s->pending = logscan_phrase(s, i + 7);
		break;
	case 'n':
		if (logscan_before(s, i, "dsn") && (i == 3 ||
		    l[i - 4] == ' ' || l[i - 4] == ','))
			logscan_enh_only(s, i + 1, i - 3, LOGSCAN_DSN,
			    VERB_NONE, 0);
		break;
	case 'C':
		/* Exim's delivery confirmation: the end-of-data reply. */
		if (logscan_at(s, i, "=\"") && (i == 1 || l[i - 2] == ' ') &&
		    logscan_reply(s, i + 2, i - 1, LOGSCAN_EXIM,
		    VERB_DATA_END, 0))
			s->quoted = 1;
		break;
	}
}

/*
 * Every keyword ends in ':' or '=' (found by looking back from there),
 * or is Exim's "SMTP error"; replies without one follow ": ", '(' or
 * '"'; open replies end at '"', '(', ';' or ','.  Only these bytes stop
 * the scan, so most of a line costs one table lookup per byte.
 */
#if defined(__GNUC__) && (defined(__SSE2__) || defined(__ARM_NEON)) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LOGSCAN_VECTOR
typedef unsigned char	 logscan_v16 __attribute__((vector_size(16)));
typedef signed char	 logscan_m16 __attribute__((vector_size(16)));
#endif

static const unsigned char logscan_stops[2][256] = {
	{	/* no reply open */
		[':'] = 1, ['='] = 1, ['('] = 1, ['"'] = 1, ['S'] = 1,
	},
	{	/* a reply is open: its end matters too */
		[':'] = 1, ['='] = 1, ['('] = 1, ['"'] = 1, ['S'] = 1,
		[';'] = 1, [','] = 1,
	},
};

/* Index of the next stop byte at or after i, or len. */
static size_t
logscan_next(const struct logscan *s, size_t i)
{
	const unsigned char	*p = (const unsigned char *)s->l;
	const unsigned char	*stops = logscan_stops[s->open >= 0];
	size_t			 len = s->len;

#ifdef LOGSCAN_VECTOR
	/* Sixteen bytes per test where GCC and clang vectors map to SIMD. */
	for (; i + 16 <= len; i += 16) {
		logscan_v16	 x;
		logscan_m16	 m;
		uint64_t	 a[2];

		memcpy(&x, p + i, sizeof(x));
		m = (x == ':') | (x == '=') | (x == '(') | (x == '"') |
		    (x == 'S');
		if (s->open >= 0)
			m |= (x == ';') | (x == ',');
		memcpy(a, &m, sizeof(a));
		/* Matching bytes are 0xff: the lowest one is the first. */
		if (a[0])
			return i + (size_t)__builtin_ctzll(a[0]) / 8;
		if (a[1])
			return i + 8 + (size_t)__builtin_ctzll(a[1]) / 8;
	}
	/* The rest, as the last sixteen bytes with those before i masked. */
	if (len >= 16 && i < len) {
		logscan_v16	 x;
		logscan_m16	 m;
		uint64_t	 a[2];
		size_t		 skip = i - (len - 16);

		memcpy(&x, p + len - 16, sizeof(x));
		m = (x == ':') | (x == '=') | (x == '(') | (x == '"') |
		    (x == 'S');
		if (s->open >= 0)
			m |= (x == ';') | (x == ',');
		memcpy(a, &m, sizeof(a));
		if (skip >= 8) {
			a[0] = 0;
			a[1] &= skip == 8 ? ~UINT64_C(0) :
			    ~UINT64_C(0) << (8 * (skip - 8));
		} else if (skip > 0)
			a[0] &= ~UINT64_C(0) << (8 * skip);
		if (a[0])
			return len - 16 + (size_t)__builtin_ctzll(a[0]) / 8;
		if (a[1])
			return len - 8 + (size_t)__builtin_ctzll(a[1]) / 8;
		return len;
	}
#endif
	/* Four lookups per test keep the common case branch-light. */
	for (; i + 4 <= len; i += 4)
		if (stops[p[i]] | stops[p[i + 1]] | stops[p[i + 2]] |
		    stops[p[i + 3]])
			break;
	while (i < len && !stops[p[i]])
		i++;
	return i;
}

static void
logscan_stop(struct logscan *s, size_t i)
{
	const char	*l = s->l;

	switch (l[i]) {
	case ':':
		logscan_colon(s, i);
		break;
	case '=':
		if (i > 0)
			logscan_equals(s, i);
		break;
	case 'S':
		if (logscan_at(s, i, "SMTP error from remote "))
			logscan_exim(s, i + 22);
		break;
	case '"':
		if (s->open >= 0 && s->quoted && i > s->hits[s->open].off)
			logscan_close(s, i);
		if (logscan_digit(s, i + 1))
			logscan_number(s, i + 1);
		break;
	case '(':
		if (s->open >= 0 && logscan_at(s, i, "(in reply to ")) {
			s->hits[s->open].verb = logscan_phrase(s, i + 13);
			logscan_close(s, i);
		}
		if (logscan_digit(s, i + 1))
			logscan_number(s, i + 1);
		break;
	case ';':
		if (s->open >= 0 && s->hits[s->open].anchor ==
		    LOGSCAN_REJECT && logscan_at(s, i, "; from=<"))
			logscan_close(s, i);
		break;
	case ',':
		if (s->open >= 0 && s->hits[s->open].anchor ==
		    LOGSCAN_SENDMAIL && logscan_field_end(s, i))
			logscan_close(s, i);
		break;
	}
}

/* "dsn=" only adds to a line whose replies are of another class. */
static size_t
logscan_prune(struct logscan_hit *hits, size_t n)
{
	size_t	 i, k, out = 0;
	int	 dup;

	for (i = 0; i < n; i++) {
		dup = 0;
		if (hits[i].anchor == LOGSCAN_DSN)
			for (k = 0; k < n; k++)
				if (hits[k].code != 0 && hits[k].code / 100 ==
				    hits[i].enhanced[0] - '0')
					dup = 1;
		if (!dup)
			hits[out++] = hits[i];
	}
	return out;
}

/*
 * Where scanning may start: after a leading syslog ("Nov 28 10:00:01 ")
 * or ISO ("2026-11-28 10:00:05 ") time stamp, whose colons can never
 * belong to a reply and would cost two stops a line.
 */
static size_t
logscan_stamp(const char *l, size_t len)
{
	if (len > 16 && l[3] == ' ' && l[9] == ':' && l[12] == ':' &&
	    l[15] == ' ' && l[13] >= '0' && l[13] <= '9')
		return 16;
	if (len > 20 && l[4] == '-' && l[7] == '-' && l[13] == ':' &&
	    l[16] == ':' && l[19] == ' ' && l[0] >= '0' && l[0] <= '9')
		return 20;
	return 0;
}

size_t
logscan_line(const char *line, size_t len, struct logscan_hit *hits,
    size_t maxhits)
{
	struct logscan	 s;
	size_t		 i;

	if (line == NULL || hits == NULL || maxhits == 0)
		return 0;
	memset(&s, 0, sizeof(s));
	s.l = line;
	s.len = len;
	s.hits = hits;
	s.max = maxhits;
	s.open = -1;
	s.pending = VERB_NONE;
	if (logscan_digit(&s, 0))
		logscan_number(&s, 0);
	for (i = logscan_next(&s, logscan_stamp(line, len)); i < len;
	    i = logscan_next(&s, i + 1))
		logscan_stop(&s, i);
	logscan_close(&s, len);
	return logscan_prune(hits, s.n);
}
