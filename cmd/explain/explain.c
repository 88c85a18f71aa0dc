/*
 * explain.c: the offline explainer.  Log annotation streams: a fixed
 * buffer, lines found with memchr, each printed escaped and followed by
 * the explanation of every reply in it; memory does not grow with input.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "annotate.h"
#include "cmdinfo.h"
#include "codes.h"
#include "esc.h"
#include "explain.h"
#include "explaintab.h"
#include "hints.h"
#include "bounce.h"
#include "linehold.h"
#include "logscan.h"
#include "mime.h"
#include "reply.h"
#include "status.h"
#include "summary.h"

#define EXPLAIN_BUF	(256 * 1024)
#define EXPLAIN_LINE	8192	/* longer log lines are cut for scanning */
#define EXPLAIN_CUT	"    # (line cut: only its first 8192 bytes were read)\n"

static char	 escbuf[ESC_OUTMAX(EXPLAIN_LINE)];

static void
explain_out(FILE *out, const char *s, size_t len)
{
	size_t	 n;

	/* Most log text needs no escape: write it as is. */
	n = esc_plain(s, len);
	fwrite(s, 1, n, out);
	if (n < len) {
		esc_text(s + n, len - n, 0, escbuf);
		fputs(escbuf, out);
	}
}

static void
explain_note(void *arg, enum annotate_label l, const char *s, size_t len)
{
	FILE	*out = arg;

	fputs("    # ", out);
	fputs(annotate_prefix(l), out);
	explain_out(out, s, len > EXPLAIN_LINE ? EXPLAIN_LINE : len);
	fputc('\n', out);
}

/*
 * The explanation of a positive reply depends only on its code, its
 * enhanced code and the command it answers (hints and text-dependent
 * meanings are for 4xx and 5xx): a log full of "status=sent (250 2.0.0
 * Ok ...)" lines composes it once and writes the copy.
 */
struct explain_memo {
	int		 code;
	char		 enh[16];
	enum verb	 verb;
	size_t		 len;
	char		 text[8192];
};

static struct explain_memo	 memo;

static void
explain_note_memo(void *arg, enum annotate_label l, const char *s,
    size_t len)
{
	struct explain_memo	*m = arg;
	size_t			 n;

	const char		*pre = annotate_prefix(l);
	size_t			 pl = strlen(pre);

	n = esc_text(s, len > 1024 ? 1024 : len, 0, escbuf);
	if (m->len + 6 + pl + n + 1 >= sizeof(m->text))
		return;
	memcpy(m->text + m->len, "    # ", 6);
	memcpy(m->text + m->len + 6, pre, pl);
	memcpy(m->text + m->len + 6 + pl, escbuf, n);
	m->len += 6 + pl + n;
	m->text[m->len++] = '\n';
}

static void
explain_code(FILE *out, const struct logscan_hit *h, const char *line)
{
	if (h->code < 200 || h->code > 399) {
		annotate_code(h->code, h->enhanced, h->verb,
		    line + h->text_off, h->off + h->len - h->text_off, 0,
		    explain_note, out);
		return;
	}
	if (memo.code != h->code || memo.verb != h->verb ||
	    strcmp(memo.enh, h->enhanced) != 0) {
		memo.code = h->code;
		memo.verb = h->verb;
		snprintf(memo.enh, sizeof(memo.enh), "%s", h->enhanced);
		memo.len = 0;
		annotate_code(h->code, h->enhanced, h->verb, NULL, 0, 0,
		    explain_note_memo, &memo);
	}
	fwrite(memo.text, 1, memo.len, out);
}

static void
explain_enhanced_only(annotate_cb *cb, void *arg, const char *enh)
{
	int			 cls, subj, detail;
	const struct enhcode	*e;
	char			 line[512];

	if (codes_parse_enhanced(enh, strlen(enh), &cls, &subj,
	    &detail) < 0)
		return;
	if ((e = enhcodes_lookup(subj, detail)) != NULL)
		snprintf(line, sizeof(line), "%s: %s: %s (%s; %s)", enh,
		    e->title, e->meaning, codes_class_name(cls), e->ref);
	else
		snprintf(line, sizeof(line), "%s: %s, %s [not in the "
		    "registry]", enh, codes_class_name(cls) ?
		    codes_class_name(cls) : "?", codes_subject_name(subj) ?
		    codes_subject_name(subj) : "unknown subject");
	cb(arg, ANN_ENHANCED, line, strlen(line));
	annotate_providers(0, enh, VERB_NONE, NULL, 0, cb, arg);
}

/* The fields of one reply's explanation, for JSON. */
struct explain_fields {
	char	 f[ANN_LABEL_MAX][1024];
};

static void
explain_collect(void *arg, enum annotate_label l, const char *s,
    size_t len)
{
	struct explain_fields	*x = arg;
	size_t			 have;

	if ((unsigned)l >= ANN_LABEL_MAX)
		return;
	have = strlen(x->f[l]);
	if (have > 0 && have + 2 < sizeof(x->f[l])) {
		memcpy(x->f[l] + have, "; ", 3);
		have += 2;
	}
	if (len > sizeof(x->f[l]) - 1 - have)
		len = sizeof(x->f[l]) - 1 - have;
	memcpy(x->f[l] + have, s, len);
	x->f[l][have + len] = '\0';
}

/* ,"key":"escaped" or ,"key":null */
static void
explain_jstr(FILE *out, const char *key, const char *s, size_t len)
{
	fprintf(out, ",\"%s\":", key);
	if (s == NULL || len == 0) {
		fputs("null", out);
		return;
	}
	if (len > EXPLAIN_LINE)
		len = EXPLAIN_LINE;
	esc_text(s, len, ESC_JSON, escbuf);
	fprintf(out, "\"%s\"", escbuf);
}

static const char *
explain_class(int code, const char *enh)
{
	int	 c = code != 0 ? code / 100 : enh[0] - '0';

	if (c == 3)
		return "intermediate";
	return codes_class_name(c) != NULL ? codes_class_name(c) : "unknown";
}

/* The explanation's lines of one reply, by label. */
static void
explain_fields(struct explain_fields *x, const struct bounce_reply *r)
{
	memset(x, 0, sizeof(*x));
	if (r->code == 0) {
		/* an enhanced code alone: its meaning is the meaning */
		explain_enhanced_only(explain_collect, x, r->enhanced);
		memcpy(x->f[ANN_MEANING], x->f[ANN_ENHANCED],
		    sizeof(x->f[ANN_MEANING]));
	} else
		annotate_code(r->code, r->enhanced[0] ? r->enhanced :
		    r->status, r->verb, r->text, r->textlen, 0,
		    explain_collect, x);
}

/* One reply as one JSON object on one line. */
static void
explain_json(FILE *out, const struct bounce_reply *r)
{
	static struct explain_fields	 x;
	static struct {
		int		 code;
		enum verb	 verb;
		char		 enh[12];
	}				 jmemo;
	static const enum annotate_label labels[] = {
		ANN_MEANING, ANN_ENHANCED, ANN_NOTE, ANN_PROVIDER, ANN_HINT,
		ANN_WARNING,
	};
	const struct hint	*h;
	const char	*s, *hint, *e;
	size_t		 i;

	/* a positive reply's explanation depends on its codes and command */
	e = r->enhanced[0] ? r->enhanced : r->status;
	if (r->code < 200 || r->code > 399 || jmemo.code != r->code ||
	    jmemo.verb != r->verb || strcmp(jmemo.enh, e) != 0) {
		jmemo.code = r->code >= 200 && r->code < 400 ? r->code : 0;
		jmemo.verb = r->verb;
		memcpy(jmemo.enh, e, sizeof(jmemo.enh));
		explain_fields(&x, r);
	}
	fprintf(out, "{\"line\":%lu,\"last_line\":%lu", r->first,
	    r->last);
	explain_jstr(out, "recipient", r->rcpt, strlen(r->rcpt));
	if (r->code != 0)
		fprintf(out, ",\"code\":%d", r->code);
	else
		fputs(",\"code\":null", out);
	explain_jstr(out, "enhanced", r->enhanced, strlen(r->enhanced));
	explain_jstr(out, "status", r->status, strlen(r->status));
	s = r->verb != VERB_NONE ? verb_name(r->verb) : NULL;
	explain_jstr(out, "command", s, s != NULL ? strlen(s) : 0);
	s = explain_class(r->code, r->enhanced[0] ? r->enhanced : r->status);
	explain_jstr(out, "class", s, strlen(s));
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		explain_jstr(out, annotate_name(labels[i]), x.f[labels[i]],
		    strlen(x.f[labels[i]]));
	s = NULL;
	if ((h = hints_match(r->text, r->textlen, r->code, NULL, 0,
	    &hint)) != NULL)
		s = h->id;
	explain_jstr(out, "cause", s, s != NULL ? strlen(s) : 0);
	explain_jstr(out, "source", r->source, strlen(r->source));
	explain_jstr(out, "text", r->text, r->textlen);
	fputs("}\n", out);
}

/* A code, an enhanced code, both, or a whole reply line. */
static int
explain_reply_text(FILE *out, FILE *err, const char *s, enum verb v)
{
	size_t		 len = strlen(s), skip;
	char		 enh[REPLY_ENH_MAX] = "";
	int		 code;

	explain_out(out, s, len);
	fputc('\n', out);
	if (len >= 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	    s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
	    (len == 3 || s[3] == ' ' || s[3] == '-')) {
		code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		skip = len > 3 ? 4 : 3;
		skip += reply_enhanced(s + skip, len - skip, enh);
		while (skip < len && s[skip] == ' ')
			skip++;
		if (skip == len && v == VERB_NONE)
			explaintab_full(out, code);
		annotate_code(code, enh, v, s + skip, len - skip, 0,
		    explain_note, out);
		return ST_OK;
	}
	if (reply_enhanced(s, len, enh) > 0) {
		explain_enhanced_only(explain_note, out, enh);
		return ST_OK;
	}
	/* the argument itself, escaped (escbuf held nothing of it) */
	esc_text(s, len > 200 ? 200 : len, 0, escbuf);
	fprintf(err, "smtpcli: explain: \"%s\" is not a reply code, an "
	    "enhanced status code or a known command\n", escbuf);
	return ST_USAGE;
}

/* How replies found in an input are shown. */
enum explain_mode {
	EXPLAIN_TEXT,		/* the input, each reply explained after it */
	EXPLAIN_JSON,		/* one JSON object per reply */
	EXPLAIN_SUMMARY,	/* counts by code, command and domain */
	EXPLAIN_SUMMARY_JSON,	/* the same as one JSON object */
	EXPLAIN_COUNT		/* nothing shown: are there replies? */
};

/* Which input lines EXPLAIN_TEXT shows. */
enum explain_echo {
	EXPLAIN_ECHO_AUTO,	/* not decided: the first line does */
	EXPLAIN_ECHO_FAILED,	/* a log: the lines of each 4xx, 5xx */
	EXPLAIN_ECHO_REPLIES,	/* the lines of every reply */
	EXPLAIN_ECHO_ALL	/* a message, or --all-lines: every line */
};

struct explain_run {
	FILE			*out;
	enum explain_mode	 mode;
	enum explain_echo	 echo;
	enum verb		 after;		/* --after, for bare replies */
	int			 cutting;	/* the line fed was cut */
	unsigned long		 shown;		/* last input line shown */
	const char		*cur;		/* input line in the buffer, its
						 * LF after it, or NULL */
	const char		*echo_from, *echo_to;	/* plain lines not
						 * yet written */
	unsigned long		 found;		/* replies found */
	struct mime		 mime;
	struct bounce		 b;
	struct summary		 sum;
	struct linehold		 hold;		/* lines of replies pending */
};

static void
explain_reply_note(FILE *out, const struct bounce_reply *r)
{
	struct logscan_hit	 h;

	if (r->code == 0) {
		explain_enhanced_only(explain_note, out, r->enhanced);
		return;
	}
	memset(&h, 0, sizeof(h));
	h.code = r->code;
	/* a reply without an enhanced code is explained with its Status: */
	memcpy(h.enhanced, r->enhanced[0] ? r->enhanced : r->status,
	    sizeof(h.enhanced));
	h.verb = r->verb;
	h.off = 0;
	h.text_off = 0;
	h.len = r->textlen;
	explain_code(out, &h, r->text);
}

/* Write the plain input lines held back, in one piece. */
static void
explain_echo_flush(struct explain_run *run)
{
	if (run->echo_to > run->echo_from)
		fwrite(run->echo_from, 1, (size_t)(run->echo_to -
		    run->echo_from), run->out);
	run->echo_from = run->echo_to = NULL;
}

static void
explain_show_line(void *arg, const char *line, size_t len, int cut)
{
	struct explain_run	*run = arg;

	if (len > 0 && line[len - 1] == '\r')
		len--;
	explain_out(run->out, line, len);
	fputc('\n', run->out);
	if (cut)
		fputs(EXPLAIN_CUT, run->out);
}

/* The input lines of reply r not shown yet: its DSN group's, its own. */
static void
explain_show(struct explain_run *run, const struct bounce_reply *r)
{
	unsigned long	 from, lost;

	from = r->group != 0 && r->group < r->first ? r->group : r->first;
	if (from <= run->shown)
		from = run->shown + 1;
	if (r->last < from)
		return;
	lost = linehold_lines(&run->hold, from, r->last, explain_show_line,
	    run);
	if (lost > 0)
		fprintf(run->out, "    # (%lu more line%s of this reply not "
		    "kept: a reply's lines are held up to %d bytes)\n", lost,
		    lost > 1 ? "s" : "", LINEHOLD_MAX);
	run->shown = r->last;
}

static void
explain_found(void *arg, const struct bounce_reply *r)
{
	struct explain_run	*run = arg;
	struct bounce_reply	 x;

	run->found++;
	if (r->verb == VERB_NONE && run->after != VERB_NONE) {
		x = *r;
		x.verb = run->after;
		r = &x;
	}
	switch (run->mode) {
	case EXPLAIN_TEXT:
		/* a success in a log is the rule: shown when asked for */
		if (run->echo == EXPLAIN_ECHO_FAILED && run->shown < r->first &&
		    (r->code != 0 ? r->code < 400 : r->enhanced[0] == '2'))
			break;
		if (run->echo != EXPLAIN_ECHO_ALL)
			explain_show(run, r);
		else
			explain_echo_flush(run);
		explain_reply_note(run->out, r);
		break;
	case EXPLAIN_JSON:
		explain_json(run->out, r);
		break;
	case EXPLAIN_COUNT:
		break;
	case EXPLAIN_SUMMARY:
	case EXPLAIN_SUMMARY_JSON:
		summary_add(&run->sum, r->code, r->enhanced[0] ? r->enhanced :
		    r->status, r->verb, r->rcpt,
		    strcmp(r->source, "dsn") == 0 ||
		    strcmp(r->source, "status") == 0);
		break;
	}
}

/*
 * One line as the MIME reader passes it on: scanned for replies (not
 * in the returned message), then (text mode) printed.
 */
static void
explain_decoded(void *arg, const char *line, size_t len, int scan)
{
	struct explain_run	*run = arg;
	unsigned long		 keep;

	/* a message is a document to read whole; a log is not */
	if (run->echo == EXPLAIN_ECHO_AUTO)
		run->echo = run->mime.state == MIME_PLAIN ?
		    EXPLAIN_ECHO_FAILED : EXPLAIN_ECHO_ALL;
	else if (run->echo == EXPLAIN_ECHO_REPLIES &&
	    run->mime.state != MIME_PLAIN)
		run->echo = EXPLAIN_ECHO_ALL;
	if (scan)
		bounce_feed(&run->b, line, len, explain_found, run);
	else
		bounce_skip(&run->b, explain_found, run);
	/* a decoded line lives in the MIME reader's buffer: copy it now */
	if (run->mime.state != MIME_PLAIN)
		bounce_hold(&run->b);
	if (run->mode != EXPLAIN_TEXT)
		return;
	if (run->echo != EXPLAIN_ECHO_ALL) {
		/* held until its record ends, shown if it held a reply */
		keep = bounce_keep(&run->b, 1);
		linehold_drop(&run->hold, keep);
		if (run->b.line >= keep)
			linehold_add(&run->hold, line, len, line == run->cur &&
			    line[len] == '\n', run->cutting,
			    bounce_keep(&run->b, 0));
		return;
	}
	/* a line that needs no escape is written with its neighbours */
	if (line == run->cur && line[len] == '\n' &&
	    esc_plain(line, len) == len) {
		if (run->echo_to != line) {
			explain_echo_flush(run);
			run->echo_from = line;
		}
		run->echo_to = line + len + 1;
		return;
	}
	explain_echo_flush(run);
	if (len > 0 && line[len - 1] == '\r')
		len--;
	explain_out(run->out, line, len);
	fputc('\n', run->out);
}

/*
 * Feed one input line, cut for scanning beyond EXPLAIN_LINE; nl: an LF
 * follows it in the buffer, so it can be written out with it.
 */
static void
explain_log_line(struct explain_run *run, const char *line, size_t len,
    int nl)
{
	run->cur = nl && len <= EXPLAIN_LINE ? line : NULL;
	run->cutting = len > EXPLAIN_LINE;
	mime_feed(&run->mime, line, len > EXPLAIN_LINE ? EXPLAIN_LINE : len,
	    explain_decoded, run);
	run->cur = NULL;
	if (len > EXPLAIN_LINE && run->mode == EXPLAIN_TEXT &&
	    run->echo == EXPLAIN_ECHO_ALL)
		fputs(EXPLAIN_CUT, run->out);
}

/*
 * Nothing more to read right now on a pipe or terminal: finish the
 * pending record and flush, so `tail -f log | smtpcli explain -` shows
 * each line as it comes.  Files never wait.
 */
static void
explain_pause(struct explain_run *run, int fd, int live)
{
	struct pollfd	 p;

	if (!live)
		return;
	p.fd = fd;
	p.events = POLLIN;
	p.revents = 0;
	if (poll(&p, 1, 0) == 0) {
		bounce_end(&run->b, explain_found, run);
		explain_echo_flush(run);
		fflush(run->out);
	}
}

static int
explain_open(FILE *err, const char *path, int *live)
{
	struct stat	 st;
	int		 fd = STDIN_FILENO;

	if (strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY)) < 0) {
		fprintf(err, "smtpcli: %s: %s\n", path, strerror(errno));
		return -1;
	}
	*live = fstat(fd, &st) == 0 && (S_ISFIFO(st.st_mode) ||
	    S_ISCHR(st.st_mode) || S_ISSOCK(st.st_mode));
	return fd;
}

/* Read fd to its end, a buffer at a time, feeding whole lines. */
static int
explain_read(struct explain_run *run, int fd, int live, char *buf)
{
	size_t	 have = 0, off;
	ssize_t	 n;
	char	*nl;
	int	 cut = 0;

	for (;;) {
		explain_pause(run, fd, live);
		if ((n = read(fd, buf + have, EXPLAIN_BUF - have)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		have += (size_t)n;
		off = 0;
		while ((nl = memchr(buf + off, '\n', have - off)) != NULL) {
			if (!cut)
				explain_log_line(run, buf + off,
				    (size_t)(nl - (buf + off)), 1);
			cut = 0;
			off = (size_t)(nl - buf) + 1;
		}
		if (n == 0 || (off == 0 && have == EXPLAIN_BUF)) {
			/* last line without LF, or a line over the buffer */
			if (!cut && have - off > 0)
				explain_log_line(run, buf + off, have - off,
				    0);
			cut = n != 0;
			off = have;
		}
		bounce_hold(&run->b);
		linehold_hold(&run->hold);
		explain_echo_flush(run);
		memmove(buf, buf + off, have - off);
		have -= off;
		if (n == 0)
			return 0;
	}
}

/* The meaning of a summary row: the code's, then the enhanced title. */
static void
explain_row_meaning(const struct summary_row *r, char *buf, size_t sz)
{
	struct codes_explain	*ex;
	const struct enhcode	*e = NULL;
	int			 cls, subj, det;

	buf[0] = '\0';
	if (r->enhanced[0] && codes_parse_enhanced(r->enhanced,
	    strlen(r->enhanced), &cls, &subj, &det) > 0)
		e = enhcodes_lookup(subj, det);
	if (r->code == 0) {
		snprintf(buf, sz, "%s", e != NULL ? e->title : "");
		return;
	}
	if ((ex = malloc(sizeof(*ex))) == NULL)
		return;
	codes_explain(ex, r->code, NULL, r->verb, NULL, 0, 0);
	snprintf(buf, sz, "%s%s%s", ex->basic, e != NULL ? "; " : "",
	    e != NULL ? e->title : "");
	free(ex);
}

static void
explain_summary(FILE *out, struct summary *sum, int json)
{
	const struct summary_row	*r;
	char				 m[1024], code[8];
	char				 dom[ESC_OUTMAX(SUMMARY_DOMAIN)];
	const char			*v;
	size_t				 i;

	summary_sort(sum);
	if (json)
		fprintf(out, "{\"total\":%lu,\"other\":%lu,\"dsn_again\":%lu,"
		    "\"rows\":[", sum->total, sum->other, sum->again);
	else
		fprintf(out, "%7s  %-4s %-8s %-12s %-24s %s\n", "count",
		    "code", "enhanced", "command", "domain", "meaning");
	for (i = 0; i < sum->n; i++) {
		r = &sum->rows[i];
		explain_row_meaning(r, m, sizeof(m));
		v = r->verb != VERB_NONE ? verb_name(r->verb) : NULL;
		if (json) {
			fprintf(out, "%s{\"count\":%lu", i ? "," : "",
			    r->count);
			if (r->code != 0)
				fprintf(out, ",\"code\":%d", r->code);
			else
				fputs(",\"code\":null", out);
			explain_jstr(out, "enhanced", r->enhanced,
			    strlen(r->enhanced));
			explain_jstr(out, "command", v, v ? strlen(v) : 0);
			explain_jstr(out, "domain", r->domain,
			    strlen(r->domain));
			explain_jstr(out, "meaning", m, strlen(m));
			fputc('}', out);
			continue;
		}
		snprintf(code, sizeof(code), "%d", r->code);
		/* the domain comes from the input: shown escaped */
		esc_text(r->domain, strlen(r->domain), 0, dom);
		fprintf(out, "%7lu  %-4s %-8s %-12s %-24s ", r->count,
		    r->code ? code : "-", r->enhanced[0] ? r->enhanced : "-",
		    v ? v : "-", dom[0] ? dom : "-");
		explain_out(out, m, strlen(m));
		fputc('\n', out);
	}
	if (json)
		fputs("]}\n", out);
	else
		fprintf(out, "%7lu  replies in all%s", sum->total,
		    sum->other ? " (some in no row: the table is full)" : "");
	if (!json && sum->again > 0)
		fprintf(out, "; %lu delivery-status copies of them not "
		    "counted", sum->again);
	if (!json)
		fputc('\n', out);
}

static int
explain_log(FILE *out, FILE *err, const char *path, enum explain_mode mode,
    enum explain_echo echo)
{
	struct explain_run	*run;
	char			*buf;
	int			 fd, live, st = ST_OK;

	if ((fd = explain_open(err, path, &live)) < 0)
		return ST_NOINPUT;
	buf = malloc(EXPLAIN_BUF);
	run = calloc(1, sizeof(*run));
	if (buf == NULL || run == NULL) {
		fprintf(err, "smtpcli: out of memory\n");
		free(buf);
		free(run);
		return ST_INTERNAL;
	}
	run->out = out;
	run->mode = mode;
	run->echo = echo;
	mime_init(&run->mime);
	bounce_init(&run->b, mode != EXPLAIN_TEXT);
	summary_init(&run->sum);
	linehold_init(&run->hold, 1);
	if (explain_read(run, fd, live, buf) < 0) {
		fprintf(err, "smtpcli: %s: read error: %s\n", path,
		    strerror(errno));
		st = ST_NOINPUT;
	}
	mime_end(&run->mime, explain_decoded, run);
	bounce_end(&run->b, explain_found, run);
	explain_echo_flush(run);
	if (mode == EXPLAIN_SUMMARY || mode == EXPLAIN_SUMMARY_JSON)
		explain_summary(out, &run->sum, mode == EXPLAIN_SUMMARY_JSON);
	free(buf);
	free(run);
	if (fd != STDIN_FILENO)
		close(fd);
	return st;
}

static void
explain_usage(FILE *fp)
{
	fputs("usage: smtpcli explain [--json] [--after COMMAND] CODE|ENHANCED|"
	    "'REPLY OR LOG LINE'|COMMAND...\n"
	    "       smtpcli explain --list\n"
	    "       smtpcli explain [--json] [--summary] [--all-replies | "
	    "--all-lines] - | --log FILE\n",
	    fp);
}

/* Read s like an input, line by line, in mode; returns replies found. */
static unsigned long
explain_string(struct explain_run *run, FILE *out, const char *s,
    enum verb after, enum explain_mode mode, enum explain_echo echo)
{
	const char	*nl;
	size_t		 len = strlen(s);

	memset(run, 0, sizeof(*run));
	run->out = out;
	run->mode = mode;
	run->echo = echo;
	run->after = after;
	mime_init(&run->mime);
	bounce_init(&run->b, mode != EXPLAIN_TEXT);
	summary_init(&run->sum);
	linehold_init(&run->hold, 1);
	while (len > 0) {
		nl = memchr(s, '\n', len);
		explain_log_line(run, s, nl ? (size_t)(nl - s) : len, 0);
		bounce_hold(&run->b);
		if (nl == NULL)
			break;
		len -= (size_t)(nl + 1 - s);
		s = nl + 1;
	}
	mime_end(&run->mime, explain_decoded, run);
	bounce_end(&run->b, explain_found, run);
	if (mode == EXPLAIN_SUMMARY || mode == EXPLAIN_SUMMARY_JSON)
		explain_summary(out, &run->sum, mode == EXPLAIN_SUMMARY_JSON);
	return run->found;
}

/*
 * Text that is not a code: read like a log or bounce on stdin, line by
 * line, when a first pass finds a reply in it.  Returns ST_OK, or
 * ST_USAGE with a one-line error and nothing else printed.
 */
static int
explain_as_input(FILE *out, FILE *err, const char *s, enum verb after,
    enum explain_mode mode, enum explain_echo echo)
{
	struct explain_run	*run;
	unsigned long		 found;

	if ((run = malloc(sizeof(*run))) == NULL) {
		fprintf(err, "smtpcli: out of memory\n");
		return ST_INTERNAL;
	}
	/* the text asked about: a success in it is shown too */
	if (echo == EXPLAIN_ECHO_AUTO)
		echo = EXPLAIN_ECHO_REPLIES;
	if ((found = explain_string(run, out, s, after, EXPLAIN_COUNT,
	    echo)) > 0)
		(void)explain_string(run, out, s, after, mode, echo);
	free(run);
	if (found > 0)
		return ST_OK;
	esc_text(s, strlen(s) > 200 ? 200 : strlen(s), 0, escbuf);
	fprintf(err, "smtpcli: explain: no reply code, enhanced status code "
	    "or known command in \"%s\"\n", escbuf);
	return ST_USAGE;
}

/* Whether s starts with a reply code or an enhanced code. */
static int
explain_is_code(const char *s)
{
	size_t	 len = strlen(s);
	int	 cls, subj, det;

	if (len >= 3 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' &&
	    s[1] <= '9' && s[2] >= '0' && s[2] <= '9' &&
	    (len == 3 || s[3] == ' ' || s[3] == '-'))
		return 1;
	return codes_parse_enhanced(s, len, &cls, &subj, &det) > 0 &&
	    memchr(s, '\n', len) == NULL;
}

static int
explain_words_mode(int n, char *const word[], enum verb after, FILE *out,
    FILE *err, enum explain_mode mode, enum explain_echo echo)
{
	const struct cmdinfo	*ci;
	char			 line[8192];
	size_t			 len;
	int			 i, st = ST_OK;

	if (n == 0)
		return ST_USAGE;
	/* commands one by one; anything else is one reply line */
	if (cmdinfo_lookup(word[0], strlen(word[0])) != NULL) {
		for (i = 0; i < n; i++) {
			if ((ci = cmdinfo_lookup(word[i],
			    strlen(word[i]))) == NULL) {
				fprintf(err, "smtpcli: explain: %s: "
				    "unknown command\n", word[i]);
				st = ST_USAGE;
				continue;
			}
			explaintab_command(out, ci);
		}
		return st;
	}
	len = 0;
	line[0] = '\0';
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
		    i > 0 ? " " : "", word[i]);
		if (len >= sizeof(line) - 1) {
			fprintf(err, "smtpcli: explain: too long\n");
			return ST_USAGE;
		}
	}
	if (mode == EXPLAIN_TEXT && explain_is_code(line))
		return explain_reply_text(out, err, line, after);
	return explain_as_input(out, err, line, after, mode, echo);
}

int
explain_words(int n, char *const word[], enum verb after, FILE *out,
    FILE *err)
{
	return explain_words_mode(n, word, after, out, err, EXPLAIN_TEXT,
	    EXPLAIN_ECHO_AUTO);
}

/* --after NAME: a command, or the end of data as DATA-END, '.'. */
static int
explain_after(const char *name, enum verb *v)
{
	const struct cmdinfo	*ci;
	size_t			 i;

	if (strcasecmp(name, "DATA-END") == 0 || strcmp(name, ".") == 0 ||
	    strcasecmp(name, "end-of-data") == 0) {
		*v = VERB_DATA_END;
		return 0;
	}
	if ((ci = cmdinfo_lookup(name, strlen(name))) != NULL) {
		*v = ci->verb;
		return 0;
	}
	esc_text(name, strlen(name) > 64 ? 64 : strlen(name), 0, escbuf);
	fprintf(stderr, "smtpcli: explain: --after: unknown command \"%s\"; "
	    "accepted:", escbuf);
	for (i = 0; i < cmdinfo_count(); i++)
		fprintf(stderr, " %s", cmdinfo_at(i)->name);
	fprintf(stderr, " DATA-END (also . and end-of-data)\n");
	return -1;
}

int
explain_main(int argc, char *argv[], int json)
{
	static const struct option longopts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "all-lines", no_argument, NULL, 'A' },
		{ "all-replies", no_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "log", required_argument, NULL, 'L' },
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char		*log = NULL;
	enum verb		 v = VERB_NONE;
	enum explain_mode	 mode;
	enum explain_echo	 echo = EXPLAIN_ECHO_AUTO;
	int			 ch, list = 0, summary = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (explain_after(optarg, &v) < 0)
				return ST_USAGE;
			break;
		case 'A':
			echo = EXPLAIN_ECHO_ALL;
			break;
		case 'R':
			if (echo != EXPLAIN_ECHO_ALL)
				echo = EXPLAIN_ECHO_REPLIES;
			break;
		case 'j':
			json = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			log = optarg;
			break;
		case 's':
			summary = 1;
			break;
		case 'h':
			explain_usage(stdout);
			return ST_OK;
		default:
			explain_usage(stderr);
			return ST_USAGE;
		}
	}
	if (list) {
		explaintab_list(stdout);
		return ST_OK;
	}
	mode = summary ? (json ? EXPLAIN_SUMMARY_JSON : EXPLAIN_SUMMARY) :
	    json ? EXPLAIN_JSON : EXPLAIN_TEXT;
	if (log == NULL && optind + 1 == argc && strcmp(argv[optind], "-") == 0)
		log = "-";
	if (log != NULL) {
		/* Big writes: the output is about as large as the log. */
		setvbuf(stdout, NULL, _IOFBF, EXPLAIN_BUF);
		return explain_log(stdout, stderr, log, mode, echo);
	}
	if (optind == argc || summary) {
		if (summary)
			fprintf(stderr, "smtpcli: explain: --summary needs - "
			    "or --log FILE\n");
		explain_usage(stderr);
		return ST_USAGE;
	}
	return explain_words_mode(argc - optind, argv + optind, v, stdout,
	    stderr, mode, echo);
}
