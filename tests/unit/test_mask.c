/*
 * test_mask.c: what the transcript shows of outgoing lines (net/mask.c):
 * exchanges as sequences of lines, each with whether it answers a 334,
 * and the text shown for it, built as client.c builds it.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mask.h"

#define H	MASK_HIDDEN

struct step {
	const char	*line;
	int		 due;		/* it answers a 334 */
	const char	*shown;
	int		 open;		/* the exchange is open after it */
};

static void
shown(int open, int due, const char *line, char *out, size_t size)
{
	size_t	 keep, len = strlen(line);

	if (!mask_view(open, due, line, len, &keep))
		snprintf(out, size, "%s", line);
	else
		snprintf(out, size, "%.*s%s%s", (int)keep, line,
		    keep > 0 ? " " : "", H);
}

static void
run(const char *name, const struct step *st)
{
	char	 out[256];
	int	 open = 0, i;

	for (i = 0; st[i].line != NULL; i++) {
		shown(open, st[i].due, st[i].line, out, sizeof(out));
		CHECK(strcmp(out, st[i].shown) == 0, "%s, line %d: shown "
		    "\"%s\", wanted \"%s\"", name, i + 1, out, st[i].shown);
		open = mask_open_after(open, st[i].due, st[i].line,
		    strlen(st[i].line));
		CHECK(open == st[i].open, "%s, line %d: open %d", name, i + 1,
		    open);
	}
}

/* AUTH lines however they are spaced, whatever the mechanism's name. */
static void
test_auth_lines(void)
{
	static const struct step plain[] = {
		{ "EHLO x", 0, "EHLO x", 0 },
		{ "AUTH PLAIN AGJvYgBwYXNz", 0, "AUTH PLAIN " H, 1 },
		{ "MAIL FROM:<a@b>", 0, "MAIL FROM:<a@b>", 0 },
		{ NULL, 0, NULL, 0 } };
	static const struct step spaced[] = {
		{ "AUTH\tPLAIN\tAGJvYgBwYXNz", 0, "AUTH\tPLAIN " H, 1 },
		{ " AUTH PLAIN AGJvYgBwYXNz", 0, " AUTH PLAIN " H, 1 },
		{ "auth  plain   AGJvYgBwYXNz", 0, "auth  plain " H, 1 },
		{ "AUTH PLAIN", 0, "AUTH PLAIN", 1 },
		{ "AUTH PLAIN \t", 0, "AUTH PLAIN \t", 1 },
		{ "AUTH", 0, "AUTH", 1 },
		{ "AUTH ", 0, "AUTH ", 1 },
		{ NULL, 0, NULL, 0 } };
	static const struct step mechs[] = {
		/* 20 characters: a mechanism name; 21: not one, hidden */
		{ "AUTH ABCDEFGHIJKLMNOPQRST c2VjcmV0", 0,
		    "AUTH ABCDEFGHIJKLMNOPQRST " H, 1 },
		{ "AUTH ABCDEFGHIJKLMNOPQRSTU c2VjcmV0", 0, "AUTH " H, 1 },
		{ "AUTH c2VjcmV0Zm9yeW91cmV5ZXNvbmx5IQ==", 0, "AUTH " H, 1 },
		{ "AUTH PL:AIN x", 0, "AUTH " H, 1 },
		{ "AUTH X-OAUTH_2 x", 0, "AUTH X-OAUTH_2 " H, 1 },
		{ NULL, 0, NULL, 0 } };
	static const struct step notauth[] = {
		{ "AUTHX PLAIN x", 0, "AUTHX PLAIN x", 0 },
		{ "MAIL FROM:<auth@x> AUTH=<>", 0,
		    "MAIL FROM:<auth@x> AUTH=<>", 0 },
		{ "NOOP AUTH PLAIN", 0, "NOOP AUTH PLAIN", 0 },
		{ NULL, 0, NULL, 0 } };

	run("plain", plain);
	run("spaced", spaced);
	run("mechs", mechs);
	run("notauth", notauth);
}

/* Every line of an open exchange, whatever the server answered. */
static void
test_exchange(void)
{
	static const struct step login[] = {
		{ "AUTH LOGIN", 0, "AUTH LOGIN", 1 },
		{ "Ym9i", 1, H, 1 },
		{ "cGFzcw==", 1, H, 1 },
		{ "QUIT", 0, "QUIT", 0 },
		{ NULL, 0, NULL, 0 } };
	/* 535 to the user name: the password line still belongs to it */
	static const struct step refused[] = {
		{ "AUTH LOGIN", 0, "AUTH LOGIN", 1 },
		{ "Ym9i", 1, H, 1 },
		{ "cGFzcw==", 0, H, 1 },
		{ "RSET", 0, "RSET", 0 },
		{ "cGFzcw==", 0, "cGFzcw==", 0 },
		{ NULL, 0, NULL, 0 } };
	/* 503 to AUTH itself: no 334 ever came */
	static const struct step r503[] = {
		{ "AUTH LOGIN", 0, "AUTH LOGIN", 1 },
		{ "Ym9i", 0, H, 1 },
		{ "XBhc3M=", 0, H, 1 },		/* looks like an X-command */
		{ "*", 0, "*", 1 },
		{ "MAIL FROM:<>", 0, "MAIL FROM:<>", 0 },
		{ NULL, 0, NULL, 0 } };
	/* an early 235 after the user name */
	static const struct step early[] = {
		{ "AUTH LOGIN", 0, "AUTH LOGIN", 1 },
		{ "Ym9i", 1, H, 1 },
		{ "cGFzcw==", 0, H, 1 },
		{ "  MAIL FROM:<>", 0, H, 1 },	/* leading blank: not a command */
		{ "MAIL FROM:<>", 0, "MAIL FROM:<>", 0 },
		{ NULL, 0, NULL, 0 } };
	/* a line answering a 334 is hidden even when it looks like one */
	static const struct step due[] = {
		{ "AUTH CRAM-MD5", 0, "AUTH CRAM-MD5", 1 },
		{ "QUIT", 1, H, 1 },
		{ "AUTH PLAIN", 1, H, 1 },
		{ "*", 1, "*", 1 },
		{ "NOOP", 0, "NOOP", 0 },
		{ "anything", 1, H, 0 },
		{ "NOOP", 0, "NOOP", 0 },
		{ NULL, 0, NULL, 0 } };
	/* a second AUTH while one is open starts over */
	static const struct step again[] = {
		{ "AUTH LOGIN", 0, "AUTH LOGIN", 1 },
		{ "AUTH PLAIN AGJvYgBwYXNz", 0, "AUTH PLAIN " H, 1 },
		{ "EHLO x", 0, "EHLO x", 0 },
		{ NULL, 0, NULL, 0 } };

	run("login", login);
	run("refused", refused);
	run("503", r503);
	run("early 235", early);
	run("due", due);
	run("again", again);
}

/* mask_shown(): the text itself, bounded. */
static void
test_shown(void)
{
	char	 out[64];
	size_t	 n;

	n = mask_shown(0, 0, "MAIL FROM:<a@b>", 15, out, sizeof(out));
	CHECK(n == 15 && strcmp(out, "MAIL FROM:<a@b>") == 0, "plain: %s", out);
	n = mask_shown(0, 0, "AUTH PLAIN AGFAAGI=", 19, out, sizeof(out));
	CHECK(strcmp(out, "AUTH PLAIN " MASK_HIDDEN) == 0 && n == strlen(out),
	    "AUTH: %s", out);
	n = mask_shown(1, 1, "c2VjcmV0", 8, out, sizeof(out));
	CHECK(strcmp(out, MASK_HIDDEN) == 0, "response: %s", out);
	n = mask_shown(0, 0, "NOOP", 4, out, 3);
	CHECK(n == 2 && strcmp(out, "NO") == 0, "cut: %s", out);
	CHECK(mask_shown(0, 0, "NOOP", 4, out, 0) == 0, "no room");
}

int
main(void)
{
	test_shown();
	test_auth_lines();
	test_exchange();
	CHECK(mask_is_auth("\t auth", 6) && !mask_is_auth("AUTHENTICATE", 12) &&
	    !mask_is_auth("", 0), "mask_is_auth");
	return check_done();
}
