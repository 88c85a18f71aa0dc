/*
 * logscan.c: one left-to-right pass over a mail-log line that spots the
 * keywords MTAs put before a remote reply and picks the reply out.
 */
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
	if (strict && (r <= 0 || cls != h.code / 100))
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

static void
logscan_keyword(struct logscan *s, size_t i)
{
	const char	*l = s->l;
	size_t		 j;

	switch (l[i]) {
	case 's':
		if (logscan_at(s, i, "said:"))
			logscan_reply(s, i + 5, i, LOGSCAN_SAID, VERB_NONE, 0);
		else if (logscan_at(s, i, "status=")) {
			for (j = i + 7; j < s->len && j < i + 24 &&
			    l[j] >= 'a' && l[j] <= 'z'; j++)
				;
			if (logscan_at(s, j, " ("))
				logscan_reply(s, j + 2, i, LOGSCAN_STATUS,
				    logscan_at(s, i, "status=sent ") ?
				    VERB_DATA_END : VERB_NONE, 0);
		}
		break;
	case 'r':
		if (logscan_at(s, i, "refused to talk to me:"))
			logscan_reply(s, i + 22, i, LOGSCAN_REFUSED,
			    VERB_GREETING, 0);
		else if (logscan_at(s, i, "reply="))
			logscan_reply(s, i + 6, i, LOGSCAN_SENDMAIL,
			    s->pending, 0);
		else if (logscan_at(s, i, "reject="))
			logscan_reply(s, i + 7, i, LOGSCAN_SENDMAIL,
			    s->pending, 0);
		else if (logscan_at(s, i, "reject: ")) {
			s->pending = logscan_phrase(s, i + 8);
			s->expect = 1;
			s->expect_anchor = LOGSCAN_REJECT;
		} else if (logscan_at(s, i, "ruleset=check_"))
			s->pending = logscan_phrase(s, i + 14);
		break;
	case 'S':
		if (logscan_at(s, i, "SMTP error from remote "))
			logscan_exim(s, i + 22);
		break;
	case 'C':
		/* Exim's delivery confirmation: the end-of-data reply. */
		if (logscan_at(s, i, "C=\"") && (i == 0 || l[i - 1] == ' ') &&
		    logscan_reply(s, i + 3, i, LOGSCAN_EXIM, VERB_DATA_END, 0))
			s->quoted = 1;
		break;
	case '"':
		if (s->open >= 0 && s->quoted && i > s->hits[s->open].off)
			logscan_close(s, i);
		break;
	case 'D':
		if (logscan_at(s, i, "Deferred: "))
			logscan_reply(s, i + 10, i, LOGSCAN_SENDMAIL,
			    VERB_NONE, 0);
		break;
	case 'd':
		if (logscan_at(s, i, "dsn=") && (i == 0 || l[i - 1] == ' ' ||
		    l[i - 1] == ','))
			logscan_enh_only(s, i + 4, i, LOGSCAN_DSN, VERB_NONE,
			    0);
		break;
	case '(':
		if (s->open >= 0 && logscan_at(s, i, "(in reply to ")) {
			s->hits[s->open].verb = logscan_phrase(s, i + 13);
			logscan_close(s, i);
		}
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
	for (i = 0; i < len; i++) {
		if (line[i] >= '0' && line[i] <= '9') {
			/* Only the first digit of a number can start a code. */
			if (i == 0 || line[i - 1] < '0' || line[i - 1] > '9')
				logscan_number(&s, i);
		} else
			logscan_keyword(&s, i);
	}
	logscan_close(&s, len);
	return logscan_prune(hits, s.n);
}
