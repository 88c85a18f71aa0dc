/*
 * explain.c: the offline explainer.  Log annotation streams: a fixed
 * buffer, lines found with memchr, each printed escaped and followed by
 * the explanation of every reply in it; memory does not grow with input.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "annotate.h"
#include "cmdinfo.h"
#include "codes.h"
#include "esc.h"
#include "explain.h"
#include "logscan.h"
#include "reply.h"
#include "status.h"

#define EXPLAIN_BUF	(256 * 1024)
#define EXPLAIN_LINE	8192	/* longer log lines are cut for scanning */

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
explain_enhanced_only(FILE *out, const char *enh)
{
	int			 cls, subj, detail;
	const struct enhcode	*e;
	char			 line[512];

	if (codes_parse_enhanced(enh, strlen(enh), &cls, &subj,
	    &detail) < 0)
		return;
	if ((e = enhcodes_lookup(subj, detail)) != NULL)
		snprintf(line, sizeof(line), "%s: %s: %s (%s)", enh, e->title,
		    e->meaning, e->ref);
	else
		snprintf(line, sizeof(line), "%s: %s, %s [not in the "
		    "registry]", enh, codes_class_name(cls) ?
		    codes_class_name(cls) : "?", codes_subject_name(subj) ?
		    codes_subject_name(subj) : "unknown subject");
	explain_note(out, ANN_ENHANCED, line, strlen(line));
}

static void
explain_list(FILE *out)
{
	const struct codes_basic	*b;
	const struct enhcode		*e;
	size_t				 i;
	int				 c;

	for (i = 0; i < codes_basic_count(); i++) {
		b = codes_basic_at(i);
		fprintf(out, "%03d  %s (%s)%s\n", b->code, b->title, b->ref,
		    (b->flags & CODES_NONSTANDARD) ? " [non-standard]" :
		    (b->flags & CODES_INVALID) ? " [invalid]" : "");
	}
	for (i = 0; i < enhcodes_count(); i++) {
		e = enhcodes_at(i);
		for (c = 2; c <= 5; c++) {
			if (c == 3 || !(e->classes &
			    (c == 2 ? ENHCODES_CLASS2 : c == 4 ? ENHCODES_CLASS4 :
			    ENHCODES_CLASS5)))
				continue;
			fprintf(out, "%d.%d.%d  %s (%s)\n", c, e->subject,
			    e->detail, e->title, e->ref);
		}
	}
}

static void
explain_codes(FILE *out, const int *list, const char *label)
{
	size_t	 i;

	if (list[0] == 0)
		return;
	fprintf(out, "  %s:", label);
	for (i = 0; list[i] != 0; i++)
		fprintf(out, " %d", list[i]);
	fputc('\n', out);
}

static void
explain_command(FILE *out, const struct cmdinfo *ci)
{
	fprintf(out, "%s (%s, %s)\n", ci->name,
	    cmdinfo_status_name(ci->status), ci->ref);
	fprintf(out, "  syntax: %s\n", ci->syntax);
	fprintf(out, "  %s\n", ci->what);
	explain_codes(out, ci->ok, "success");
	explain_codes(out, ci->mid, "intermediate");
	explain_codes(out, ci->err, "error");
	if (ci->replynote != NULL)
		fprintf(out, "  note: %s\n", ci->replynote);
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
		annotate_code(code, enh, v, s + skip, len - skip, 0,
		    explain_note, out);
		return ST_OK;
	}
	if (reply_enhanced(s, len, enh) > 0) {
		explain_enhanced_only(out, enh);
		return ST_OK;
	}
	fprintf(err, "smtpcli: explain: \"%s\" is not a reply code, an "
	    "enhanced status code or a known command\n", escbuf);
	return ST_USAGE;
}

/* Print one log line and explain every reply in it. */
static void
explain_log_line(FILE *out, const char *line, size_t len)
{
	struct logscan_hit	 hits[LOGSCAN_MAXHITS];
	size_t			 n, i, scan;

	scan = len > EXPLAIN_LINE ? EXPLAIN_LINE : len;
	explain_out(out, line, scan);
	if (scan < len)
		fputs("...", out);
	fputc('\n', out);
	n = logscan_line(line, scan, hits, LOGSCAN_MAXHITS);
	for (i = 0; i < n; i++) {
		if (hits[i].code == 0) {
			explain_enhanced_only(out, hits[i].enhanced);
			continue;
		}
		explain_code(out, &hits[i], line);
	}
}

static int
explain_log(FILE *out, FILE *err, const char *path)
{
	FILE	*fp = stdin;
	char	*buf;
	size_t	 have = 0, n, off;
	char	*nl;
	int	 cut = 0;

	if (strcmp(path, "-") != 0 && (fp = fopen(path, "r")) == NULL) {
		fprintf(err, "smtpcli: %s: %s\n", path, strerror(errno));
		return ST_NOINPUT;
	}
	if ((buf = malloc(EXPLAIN_BUF)) == NULL) {
		fprintf(err, "smtpcli: out of memory\n");
		return ST_INTERNAL;
	}
	while ((n = fread(buf + have, 1, EXPLAIN_BUF - have, fp)) > 0 ||
	    have > 0) {
		have += n;
		off = 0;
		while ((nl = memchr(buf + off, '\n', have - off)) != NULL) {
			if (!cut)
				explain_log_line(out, buf + off,
				    (size_t)(nl - (buf + off)));
			cut = 0;
			off = (size_t)(nl - buf) + 1;
		}
		if (n == 0 || (off == 0 && have == EXPLAIN_BUF)) {
			/* last line without LF, or a line over the buffer */
			if (!cut && have - off > 0)
				explain_log_line(out, buf + off, have - off);
			cut = n != 0;
			off = have;
		}
		memmove(buf, buf + off, have - off);
		have -= off;
		if (n == 0)
			break;
	}
	free(buf);
	if (ferror(fp)) {
		fprintf(err, "smtpcli: %s: read error\n", path);
		return ST_NOINPUT;
	}
	if (fp != stdin)
		fclose(fp);
	return ST_OK;
}

static void
explain_usage(FILE *fp)
{
	fputs("usage: smtpcli explain [--after COMMAND] CODE|ENHANCED|"
	    "'REPLY LINE'|COMMAND...\n"
	    "       smtpcli explain --list\n"
	    "       smtpcli explain - | --log FILE\n", fp);
}

int
explain_words(int n, char *const word[], enum verb after, FILE *out,
    FILE *err)
{
	const struct cmdinfo	*ci;
	char			 line[1024];
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
			explain_command(out, ci);
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
	return explain_reply_text(out, err, line, after);
}

int
explain_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "after", required_argument, NULL, 'a' },
		{ "list", no_argument, NULL, 'l' },
		{ "log", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const struct cmdinfo	*ci;
	const char		*log = NULL;
	enum verb		 v = VERB_NONE;
	int			 ch, list = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if ((ci = cmdinfo_lookup(optarg,
			    strlen(optarg))) == NULL) {
				fprintf(stderr, "smtpcli: explain: --after: "
				    "unknown command\n");
				return ST_USAGE;
			}
			v = strcasecmp(optarg, "DATA-END") == 0 ?
			    VERB_DATA_END : ci->verb;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			log = optarg;
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
		explain_list(stdout);
		return ST_OK;
	}
	if (log == NULL && optind + 1 == argc && strcmp(argv[optind], "-") == 0)
		log = "-";
	if (log != NULL) {
		/* Big writes: the output is about as large as the log. */
		setvbuf(stdout, NULL, _IOFBF, EXPLAIN_BUF);
		return explain_log(stdout, stderr, log);
	}
	if (optind == argc) {
		explain_usage(stderr);
		return ST_USAGE;
	}
	return explain_words(argc - optind, argv + optind, v, stdout, stderr);
}
