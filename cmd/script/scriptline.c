/*
 * scriptline.c: script line classification and /expect patterns.  The
 * /commands are cmdtab's rows allowed in scripts.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "line.h"
#include "scriptline.h"
#include "verb.h"

int
sline_classify(const char *line, size_t len, int in_data,
    enum sline_kind *kind, enum cmdtab_id *cmd, const char **args,
    const char **why)
{
	const struct cmdtab	*ct;
	size_t			 i, w;

	*args = "";
	if (in_data) {
		*kind = (len == 1 && line[0] == '.') ? SLINE_DATA_END :
		    SLINE_DATA;
		return 0;
	}
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i == len || line[i] == '#') {
		*kind = SLINE_BLANK;
		return 0;
	}
	if (line[0] != '/') {
		*kind = SLINE_SMTP;
		return 0;
	}
	*kind = SLINE_LOCAL;
	for (w = 1; w < len && line[w] != ' ' && line[w] != '\t'; w++)
		;
	if (w == 1) {
		*why = "empty /command";
		return -1;
	}
	/* the script's own commands only: "/s" is /sleep here */
	if ((ct = cmdtab_lookup(line + 1, w - 1, CMDTAB_IN_SCRIPT, NULL,
	    0)) == NULL) {
		*why = cmdtab_matches(line + 1, w - 1, CMDTAB_IN_SCRIPT) == 0 ?
		    "unknown /command" : "ambiguous /command";
		return -1;
	}
	*cmd = ct->id;
	while (w < len && (line[w] == ' ' || line[w] == '\t'))
		w++;
	*args = line + w;
	return 0;
}

/* Parse "X.Y.Z" into three numbers; returns characters used or 0. */
static size_t
expect_enh(const char *s, int enh[3])
{
	size_t	 i = 0, part, d;
	int	 v;

	for (part = 0; part < 3; part++) {
		v = 0;
		for (d = 0; s[i] >= '0' && s[i] <= '9'; i++) {
			/* stop at the fourth digit: v must not overflow */
			if (++d > 3)
				return 0;
			v = v * 10 + (s[i] - '0');
		}
		if (d == 0)
			return 0;
		enh[part] = v;
		if (part < 2) {
			if (s[i] != '.')
				return 0;
			i++;
		}
	}
	if (enh[0] != 2 && enh[0] != 4 && enh[0] != 5)
		return 0;
	return i;
}

static int
expect_alt(const char *s, size_t len, struct expect_alt *a)
{
	char	 buf[32];
	size_t	 i;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	a->code[0] = '\0';
	a->enh[0] = a->enh[1] = a->enh[2] = -1;
	/* a code: three characters of digits or x, the first 2-5 */
	if (len >= 3 && buf[0] >= '2' && buf[0] <= '5' &&
	    (len == 3 || buf[3] == ' ') && buf[1] != '.') {
		for (i = 1; i < 3; i++)
			if (!((buf[i] >= '0' && buf[i] <= '9') ||
			    buf[i] == 'x' || buf[i] == 'X'))
				return -1;
		memcpy(a->code, buf, 3);
		a->code[3] = '\0';
		a->code[1] |= (a->code[1] == 'X') ? 0x20 : 0;
		a->code[2] |= (a->code[2] == 'X') ? 0x20 : 0;
		if (len == 3)
			return 0;
		for (i = 3; buf[i] == ' '; i++)
			;
		if (expect_enh(buf + i, a->enh) != len - i)
			return -1;
		/* "550 4.1.1" can never match: say so now */
		if (a->enh[0] != buf[0] - '0')
			return -1;
		return 0;
	}
	if (expect_enh(buf, a->enh) != len)
		return -1;
	return 0;
}

int
expect_parse(const char *s, struct expect *e, const char **why)
{
	const char	*bar;
	size_t		 len;

	e->n = 0;
	for (;;) {
		bar = strchr(s, '|');
		len = bar != NULL ? (size_t)(bar - s) : strlen(s);
		if (e->n == EXPECT_MAX_ALT) {
			*why = "too many alternatives";
			return -1;
		}
		if (expect_alt(s, len, &e->alt[e->n]) == -1) {
			*why = "a pattern is 250, 2xx, 25x, 5.1.1 or "
			    "550 5.1.1, alternatives split by |";
			return -1;
		}
		e->n++;
		if (bar == NULL)
			return 0;
		s = bar + 1;
	}
}

int
expect_match(const struct expect *e, int code, const char *enhanced)
{
	const struct expect_alt	*a;
	char			 c[4];
	int			 enh[3], have_enh;
	size_t			 i, k;

	if (code < 0)
		code = 0;
	c[0] = (char)('0' + code / 100 % 10);
	c[1] = (char)('0' + code / 10 % 10);
	c[2] = (char)('0' + code % 10);
	c[3] = '\0';
	have_enh = enhanced[0] != '\0' && expect_enh(enhanced, enh) > 0;
	for (i = 0; i < e->n; i++) {
		a = &e->alt[i];
		if (a->code[0] != '\0') {
			for (k = 0; k < 3; k++)
				if (a->code[k] != 'x' && a->code[k] != c[k])
					break;
			if (k < 3)
				continue;
		}
		if (a->enh[0] != -1 && (!have_enh || a->enh[0] != enh[0] ||
		    a->enh[1] != enh[1] || a->enh[2] != enh[2]))
			continue;
		return 1;
	}
	return 0;
}

int
sline_seconds(const char *args, double *secs, const char **why)
{
	char	*end;
	double	 v;

	/*
	 * Decimal only: strtod() also takes "nan", "inf" and hex, and a
	 * NaN passes every comparison, so it would sleep for ever.
	 */
	errno = 0;
	v = strtod(args, &end);
	if (args[strspn(args, "0123456789.eE+-")] != '\0' || errno != 0 ||
	    end == args || *end != '\0' || !isfinite(v) ||
	    !(v >= 0 && v <= 86400)) {
		*why = "/sleep takes seconds (0-86400)";
		return -1;
	}
	*secs = v;
	return 0;
}

int
sline_bdat(const char *args, char *path, size_t len, int *last,
    const char **why)
{
	const char	*sp;
	size_t		 plen;

	*last = 0;
	sp = strrchr(args, ' ');
	if (sp != NULL && strcasecmp(sp + 1, "LAST") == 0) {
		*last = 1;
		plen = (size_t)(sp - args);
	} else
		plen = strlen(args);
	if (plen == 0) {
		*why = "a file name is needed";
		return -1;
	}
	if (plen >= len) {
		*why = "file name too long";
		return -1;
	}
	memcpy(path, args, plen);
	path[plen] = '\0';
	return 0;
}

/* An SMTP line (or /force's): sendable, and DATA starts message data. */
static enum sline_check_res
sline_check_smtp(struct sline_check *k, const char *line, size_t len,
    int force, unsigned long lineno, const char **why)
{
	if (line_check(line, len, force, why) == -1)
		return SLINE_CHECK_SYNTAX;
	if (verb_classify(line, len) == VERB_DATA) {
		k->in_data = 1;
		k->data_first = 1;
		k->data_line = lineno;
	}
	return SLINE_CHECK_OK;
}

/* A script /command's arguments. */
static enum sline_check_res
sline_check_local(struct sline_check *k, enum cmdtab_id cmd,
    const char *args, unsigned long lineno, char *path, size_t plen,
    const char **why)
{
	struct expect	 e;
	double		 secs;
	int		 last;

	switch (cmd) {
	case CMDTAB_EXPECT:
		return expect_parse(args, &e, why) == -1 ?
		    SLINE_CHECK_SYNTAX : SLINE_CHECK_OK;
	case CMDTAB_SLEEP:
		return sline_seconds(args, &secs, why) == -1 ?
		    SLINE_CHECK_SYNTAX : SLINE_CHECK_OK;
	case CMDTAB_DATA:
		if (*args == '\0') {
			*why = "a file name is needed";
			return SLINE_CHECK_SYNTAX;
		}
		if (strlen(args) >= plen) {
			*why = "file name too long";
			return SLINE_CHECK_SYNTAX;
		}
		memcpy(path, args, strlen(args) + 1);
		return SLINE_CHECK_FILE;
	case CMDTAB_BDAT:
		return sline_bdat(args, path, plen, &last, why) == -1 ?
		    SLINE_CHECK_SYNTAX : SLINE_CHECK_FILE;
	case CMDTAB_FORCE:
		return sline_check_smtp(k, args, strlen(args), 1, lineno, why);
	default:
		return SLINE_CHECK_OK;
	}
}

enum sline_check_res
sline_check(struct sline_check *k, const char *line, size_t len,
    unsigned long lineno, char *path, size_t plen, const char **why)
{
	enum sline_kind	 kind;
	enum cmdtab_id	 cmd;
	const char	*args;
	int		 first = k->data_first;

	k->data_first = 0;
	/* as the runner: "/expect" right after DATA judges DATA's reply */
	if (k->in_data && first && len > 7 &&
	    strncasecmp(line, "/expect", 7) == 0 &&
	    (line[7] == ' ' || line[7] == '\t'))
		return sline_classify(line, len, 0, &kind, &cmd, &args,
		    why) == -1 ? SLINE_CHECK_SYNTAX : sline_check_local(k,
		    cmd, args, lineno, path, plen, why);
	if (sline_classify(line, len, k->in_data, &kind, &cmd, &args,
	    why) == -1)
		return SLINE_CHECK_SYNTAX;
	switch (kind) {
	case SLINE_SMTP:
		return sline_check_smtp(k, line, len, 0, lineno, why);
	case SLINE_LOCAL:
		/* the arguments are NUL-terminated only by the caller */
		if (memchr(line, '\0', len) != NULL) {
			*why = "NUL byte in a /command";
			return SLINE_CHECK_SYNTAX;
		}
		return sline_check_local(k, cmd, args, lineno, path, plen,
		    why);
	case SLINE_DATA:
		if (memchr(line, '\0', len) != NULL) {
			*why = "NUL byte in message data";
			return SLINE_CHECK_INPUT;
		}
		return SLINE_CHECK_OK;
	case SLINE_DATA_END:
		k->in_data = 0;
		return SLINE_CHECK_OK;
	default:
		return SLINE_CHECK_OK;
	}
}
