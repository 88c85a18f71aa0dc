/*
 * fuzz_scriptline.c: libFuzzer target for the script-line classifier and
 * the /expect pattern parser.  The first byte picks data mode; the rest
 * is one line (NULs included).  Properties: /command arguments lie inside
 * the line, a /command name is a prefix of the command found (one that
 * cmdtab allows in scripts), a parsed pattern holds only well-formed
 * alternatives, and each alternative matches a reply built from it.
 * The same bytes cut at LF are then checked as a whole script
 * (sline_check()): a verdict in range, a reason with every refusal, a
 * file name that fits its buffer, message data that starts after its
 * DATA line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scriptline.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
is_codechar(char c)
{
	return (c >= '0' && c <= '9') || c == 'x';
}

/* A reply code and enhanced code that alternative a must match. */
static void
check_alt(const struct expect *e, const struct expect_alt *a)
{
	char	 enh[32] = "";
	int	 code = 250, k;

	if (a->code[0] != '\0') {
		if (strlen(a->code) != 3 || a->code[0] < '2' ||
		    a->code[0] > '5' || !is_codechar(a->code[1]) ||
		    !is_codechar(a->code[2]))
			abort();
		code = (a->code[0] - '0') * 100 +
		    (a->code[1] == 'x' ? 5 : a->code[1] - '0') * 10 +
		    (a->code[2] == 'x' ? 7 : a->code[2] - '0');
	}
	if (a->enh[0] != -1) {
		if ((a->enh[0] != 2 && a->enh[0] != 4 && a->enh[0] != 5))
			abort();
		for (k = 1; k < 3; k++)
			if (a->enh[k] < 0 || a->enh[k] > 999)
				abort();
		if (a->code[0] != '\0' && a->code[0] - '0' != a->enh[0])
			abort();	/* "550 4.1.1" can never match */
		if (a->code[0] == '\0')
			code = a->enh[0] * 100 + 50;
		snprintf(enh, sizeof(enh), "%d.%d.%d", a->enh[0], a->enh[1],
		    a->enh[2]);
	} else if (a->enh[1] != -1 || a->enh[2] != -1)
		abort();
	if (a->code[0] == '\0' && a->enh[0] == -1)
		abort();		/* an empty alternative */
	if (!expect_match(e, code, enh))
		abort();
}

/* The line cut at LF as script lines, through the whole-script check. */
static void
check_script(char *buf, size_t len)
{
	struct sline_check	 k;
	enum sline_check_res	 res;
	const char		*why;
	char			 path[16], *p, *end = buf + len, *nl;
	unsigned long		 lineno = 0;
	double			 secs;
	int			 last;

	memset(&k, 0, sizeof(k));
	for (p = buf; p <= end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		*nl = '\0';
		why = NULL;
		memset(path, 'z', sizeof(path));
		res = sline_check(&k, p, (size_t)(nl - p), ++lineno, path,
		    sizeof(path), &why);
		if (res >= SLINE_CHECK_MAX)
			abort();
		if ((res == SLINE_CHECK_SYNTAX || res == SLINE_CHECK_INPUT) &&
		    why == NULL)
			abort();
		if (res == SLINE_CHECK_FILE && (memchr(path, '\0',
		    sizeof(path)) == NULL || path[0] == '\0'))
			abort();
		if ((k.in_data != 0 && k.in_data != 1) ||
		    (k.in_data && k.data_line > lineno))
			abort();
		if (sline_seconds(p, &secs, &why) == 0 &&
		    !(secs >= 0 && secs <= 86400))
			abort();
		if (sline_bdat(p, path, sizeof(path), &last, &why) == 0 &&
		    (memchr(path, '\0', sizeof(path)) == NULL ||
		    (last != 0 && last != 1)))
			abort();
		if (nl == end)
			break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum sline_kind	 kind;
	enum cmdtab_id	 cmd = CMDTAB_MAX;
	struct expect	 e;
	const char	*args, *why = NULL, *name;
	char		*line;
	size_t		 len, i;
	int		 in_data, r, code;

	if (size == 0)
		return 0;
	in_data = data[0] & 1;
	code = data[0] * 3;	/* 0-765: in and out of range */
	len = size - 1;
	if ((line = malloc(len + 1)) == NULL)
		abort();
	memcpy(line, data + 1, len);
	line[len] = '\0';
	r = sline_classify(line, len, in_data, &kind, &cmd, &args, &why);
	if (kind >= SLINE_KIND_MAX || (r == -1 && (why == NULL ||
	    kind != SLINE_LOCAL)) || (r != 0 && r != -1))
		abort();
	if (in_data && (r != 0 || (kind != SLINE_DATA &&
	    kind != SLINE_DATA_END)))
		abort();
	if (!in_data && (kind == SLINE_DATA || kind == SLINE_DATA_END))
		abort();
	if (r == 0 && kind == SLINE_LOCAL) {
		if (cmd >= CMDTAB_MAX || args < line || args > line + len ||
		    !(cmdtab_at(cmd)->where & CMDTAB_IN_SCRIPT))
			abort();
		/* the typed name is a prefix of the command's name */
		name = cmdtab_name(cmd);
		for (i = 1; i < len && line[i] != ' ' && line[i] != '\t'; i++)
			;
		if (i - 1 > strlen(name) ||
		    strncasecmp(name, line + 1, i - 1) != 0)
			abort();
	}
	if (strcmp(cmdtab_name(CMDTAB_MAX), "?") != 0)
		abort();
	/* the pattern parser on the /expect argument or the whole line */
	if (r == 0 && kind == SLINE_LOCAL && cmd == CMDTAB_EXPECT)
		r = expect_parse(args, &e, &why);
	else
		r = expect_parse(line, &e, &why);
	if (r == 0) {
		if (e.n == 0 || e.n > EXPECT_MAX_ALT)
			abort();
		for (i = 0; i < e.n; i++)
			check_alt(&e, &e.alt[i]);
		(void)expect_match(&e, code, "");
		(void)expect_match(&e, code, line);
		(void)expect_match(&e, -code, "5.1.1");
	} else if (r != -1 || why == NULL)
		abort();
	check_script(line, len);
	free(line);
	return 0;
}
