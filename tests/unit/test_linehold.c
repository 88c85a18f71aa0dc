/*
 * test_linehold.c: the lines held for `explain --log`'s reply view: held
 * in place without a copy, copied out before the buffer is reused,
 * dropped by line number, bounded (the rest counted), the DSN group's
 * lines given up first; and bounce_keep(), which says what to keep.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bounce.h"
#include "check.h"
#include "linehold.h"
#include "mime.h"

#define OK(c)		CHECK((c), "%s", #c)

struct seen {
	char	 text[256];
	int	 n, cuts;
};

static void
take(void *arg, const char *line, size_t len, int cut)
{
	struct seen	*s = arg;
	size_t		 have = strlen(s->text);

	if (have + len + 2 < sizeof(s->text)) {
		memcpy(s->text + have, line, len);
		s->text[have + len] = '|';
		s->text[have + len + 1] = '\0';
	}
	s->n++;
	s->cuts += cut;
}

static unsigned long
lines(const struct linehold *h, unsigned long from, unsigned long to,
    struct seen *s)
{
	memset(s, 0, sizeof(*s));
	return linehold_lines(h, from, to, take, s);
}

static void
test_hold(void)
{
	struct linehold	*h = malloc(sizeof(*h));
	struct seen	 s;
	char		 buf[] = "one\ntwo\nthree\n";

	if (h == NULL)
		abort();
	linehold_init(h, 1);
	linehold_add(h, buf, 3, 1, 0, 1);
	linehold_add(h, buf + 4, 3, 1, 0, 1);
	linehold_add(h, buf + 8, 5, 1, 1, 1);
	/* held in place: no copy while the buffer lives */
	OK(h->ext == buf && h->n == 3);
	OK(lines(h, 1, 3, &s) == 0 && strcmp(s.text, "one|two|three|") == 0);
	OK(s.cuts == 1);
	/* copied out, then the buffer is reused */
	linehold_hold(h);
	memset(buf, 'x', sizeof(buf) - 1);
	OK(lines(h, 2, 3, &s) == 0 && strcmp(s.text, "two|three|") == 0);
	/* dropped from the front */
	linehold_drop(h, 2);
	OK(lines(h, 1, 3, &s) == 1 && strcmp(s.text, "two|three|") == 0);
	/* a line not adjacent is copied */
	linehold_add(h, "four", 4, 0, 0, 2);
	OK(lines(h, 2, 4, &s) == 0 && strcmp(s.text, "two|three|four|") ==
	    0);
	/* all dropped: the next line is 9 */
	linehold_drop(h, 9);
	OK(h->n == 0 && h->first == 9 && lines(h, 9, 9, &s) == 1);
	free(h);
}

static void
test_bound(void)
{
	struct linehold	*h = malloc(sizeof(*h));
	struct seen	 s;
	char		 line[1000];
	unsigned long	 i, lost;

	if (h == NULL)
		abort();
	memset(line, 'a', sizeof(line));
	linehold_init(h, 1);
	for (i = 1; i <= 100; i++)
		linehold_add(h, line, sizeof(line), 0, 0, 1);
	OK(h->len <= LINEHOLD_MAX);
	OK(h->n == LINEHOLD_MAX / (sizeof(line) + 1));
	lost = lines(h, 1, 100, &s);
	OK(lost == 100 - h->n && s.n == (int)h->n);
	/* once full, the following lines are lost too, even small ones */
	linehold_add(h, "b", 1, 0, 0, 1);
	OK(h->lost == lost + 1);
	/* a drop past everything starts afresh */
	linehold_drop(h, 102);
	linehold_add(h, "c", 1, 0, 0, 102);
	OK(lines(h, 102, 102, &s) == 0 && strcmp(s.text, "c|") == 0);
	/* a DSN group's early lines are given up for the record's */
	linehold_init(h, 1);
	for (i = 1; i <= 12; i++)
		linehold_add(h, line, sizeof(line), 0, 0, 1);
	linehold_add(h, line, sizeof(line), 0, 0, 13);
	OK(h->lost == 0 && h->first == 13 && h->n == 1);
	free(h);
}

static unsigned long	 rep_group, rep_first, rep_last;

static void
note(void *arg, const struct bounce_reply *r)
{
	(void)arg;
	rep_group = r->group;
	rep_first = r->first;
	rep_last = r->last;
}

static void
feed(struct bounce *b, const char *text)
{
	const char	*nl;

	while ((nl = strchr(text, '\n')) != NULL) {
		bounce_feed(b, text, (size_t)(nl - text), note, NULL);
		text = nl + 1;
	}
}

static void
test_keep(void)
{
	struct bounce	*b = malloc(sizeof(*b));

	if (b == NULL)
		abort();
	/* a log: only the line being read */
	bounce_init(b, 0);
	feed(b, "Nov 28 10:00:01 mx postfix/qmgr[1]: A1: removed\n");
	OK(bounce_keep(b, 1) == 1 && bounce_keep(b, 0) == 1);
	/* a blank line: nothing pending, the next line is 3 */
	feed(b, "\n");
	OK(bounce_keep(b, 1) == 3);
	/* a DSN group: its first field, and the record being read */
	bounce_init(b, 0);
	feed(b, "Final-Recipient: rfc822; a@example.net\nAction: failed\n"
	    "Status: 5.1.1\n");
	bounce_feed(b, "Diagnostic-Code: smtp; 550 5.1.1 no", 35, note,
	    NULL);
	OK(bounce_keep(b, 1) == 1 && bounce_keep(b, 0) == 4);
	bounce_end(b, note, NULL);
	OK(rep_group == 1 && rep_first == 4 && rep_last == 4);
	/* a log line's reply names no group */
	bounce_init(b, 0);
	rep_group = 9;
	feed(b, "Nov 28 10:00:02 mx postfix/smtp[2]: A2: to=<x@example.net>, "
	    "status=bounced (host b[192.0.2.2] said: 550 5.1.1 no (in reply "
	    "to RCPT TO command))\n");
	bounce_end(b, note, NULL);
	OK(rep_group == 0 && rep_first == 1);
	free(b);
}

static void
cb(void *arg, const char *line, size_t len, int scan)
{
	(void)arg;
	(void)line;
	(void)len;
	(void)scan;
}

/* A log's time stamp is no header: the log stays plain. */
static void
test_plain(void)
{
	static const char *const logs[] = {
		"2026-11-28T10:00:05+00:00 mx postfix/smtp[1]: A1: removed",
		"[28325:140] 2026-11-28 a: b",
		"Nov 28 10:00:01 mx postfix/qmgr[1]: A1: removed",
	};
	struct mime	 m;
	size_t		 i;

	for (i = 0; i < sizeof(logs) / sizeof(logs[0]); i++) {
		mime_init(&m);
		mime_feed(&m, logs[i], strlen(logs[i]), cb, NULL);
		OK(m.state == MIME_PLAIN);
	}
	mime_init(&m);
	mime_feed(&m, "Return-Path: <>", 15, cb, NULL);
	OK(m.state == MIME_HEADER);
}

int
main(void)
{
	test_hold();
	test_bound();
	test_keep();
	test_plain();
	return check_done();
}
