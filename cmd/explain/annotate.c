/*
 * annotate.c: composes reply explanations from the knowledge tables
 * (codes, enhanced codes, capabilities).
 */
#include <stdio.h>
#include <string.h>

#include "annotate.h"
#include "base64.h"
#include "capinfo.h"
#include "codes.h"
#include "hints.h"
#include "provider.h"

/* One table for the labels: the JSON name, the words before the text. */
static const struct {
	const char	*name;
	const char	*prefix;
} annotate_names[] = {
	[ANN_MEANING] = { "meaning", "" },
	[ANN_NOTE] = { "note", "note: " },
	[ANN_ENHANCED] = { "enhanced_meaning", "" },
	[ANN_HINT] = { "hint", "try: " },
	[ANN_CHALLENGE] = { "challenge", "challenge (base64-decoded): " },
	[ANN_CAPABILITY] = { "capability", "" },
	[ANN_WARNING] = { "warning", "warning: " },
	[ANN_PROVIDER] = { "provider", "" },
};
_Static_assert(sizeof(annotate_names) / sizeof(annotate_names[0]) ==
    ANN_LABEL_MAX, "annotate_names must cover every label");

const char *
annotate_name(enum annotate_label l)
{
	if ((unsigned)l >= ANN_LABEL_MAX)
		return "?";
	return annotate_names[l].name;
}

const char *
annotate_prefix(enum annotate_label l)
{
	if ((unsigned)l >= ANN_LABEL_MAX)
		return "";
	return annotate_names[l].prefix;
}

static void
annotate_str(annotate_cb *cb, void *arg, enum annotate_label l,
    const char *s)
{
	cb(arg, l, s, strlen(s));
}

/* Append s at *n, truncating to the buffer. */
static void
annotate_cat(char *buf, size_t sz, size_t *n, const char *s)
{
	size_t	 len = strlen(s);

	if (len > sz - 1 - *n)
		len = sz - 1 - *n;
	memcpy(buf + *n, s, len);
	*n += len;
	buf[*n] = '\0';
}

void
annotate_providers(int code, const char *enh, enum verb v, const char *t,
    size_t tl, annotate_cb *cb, void *arg)
{
	const struct provider_row	*p;
	char				 line[768];
	size_t				 pos = 0;
	int				 n;

	if (tl == 0)
		t = NULL;
	while ((p = provider_next(&pos, code, enh, v, t, tl)) != NULL) {
		n = snprintf(line, sizeof(line), "%s%s%s: %s (%s)",
		    p->provider, t == NULL && p->needle != NULL ?
		    ", when the text has " : "", t == NULL && p->needle !=
		    NULL ? p->needle : "", p->note, p->source);
		if (n > 0)
			cb(arg, ANN_PROVIDER, line, (size_t)n < sizeof(line) ?
			    (size_t)n : sizeof(line) - 1);
	}
}

void
annotate_code(int code, const char *enhanced, enum verb v, const char *text,
    size_t textlen, unsigned long long size, annotate_cb *cb, void *arg)
{
	struct codes_explain	 ex;
	char			 line[512], hbuf[256];
	const char		*th;
	size_t			 n;

	codes_explain(&ex, code, enhanced[0] ? enhanced : NULL, v, text,
	    textlen, size);
	/* what the text names beats what the code alone suggests */
	if (hints_match(text, textlen, code, hbuf, sizeof(hbuf), &th) !=
	    NULL)
		ex.hint = th;
	/* and a provider's own meaning beats both */
	if ((th = provider_hint(code, enhanced, v, text, textlen)) != NULL)
		ex.hint = th;
	/* "550 to RCPT: meaning", built without printf: logs pass here. */
	n = 0;
	if (code >= 0 && code <= 999) {
		line[0] = (char)('0' + code / 100);
		line[1] = (char)('0' + code / 10 % 10);
		line[2] = (char)('0' + code % 10);
		n = 3;
	}
	if (v != VERB_NONE) {
		annotate_cat(line, sizeof(line), &n, " to ");
		annotate_cat(line, sizeof(line), &n, verb_name(v));
	}
	annotate_cat(line, sizeof(line), &n, ": ");
	annotate_cat(line, sizeof(line), &n, ex.basic);
	if (ex.flags & CODES_UNKNOWN)
		annotate_cat(line, sizeof(line), &n, " [unknown code]");
	cb(arg, ANN_MEANING, line, n);
	if (ex.note != NULL)
		annotate_str(cb, arg, ANN_NOTE, ex.note);
	if (ex.enhanced != NULL)
		annotate_str(cb, arg, ANN_ENHANCED, ex.enhanced);
	annotate_providers(code, enhanced, v, text, textlen, cb, arg);
	if (ex.hint != NULL)
		annotate_str(cb, arg, ANN_HINT, ex.hint);
}

/* Show a 334 challenge decoded; an empty one is normal (PLAIN). */
static void
annotate_challenge(const char *t, size_t len, annotate_cb *cb, void *arg)
{
	unsigned char	 dec[BASE64_DECLEN(512)];
	long		 n;

	if (len == 0) {
		annotate_str(cb, arg, ANN_CHALLENGE, "(empty challenge)");
		return;
	}
	if (len > 512 || (n = base64_decode(t, len, dec)) < 0) {
		annotate_str(cb, arg, ANN_WARNING,
		    "the challenge is not valid base64 (RFC 4954 4)");
		return;
	}
	cb(arg, ANN_CHALLENGE, (const char *)dec, (size_t)n);
}

void
annotate_reply(const struct reply *r, enum verb v, const struct caps *caps,
    annotate_cb *cb, void *arg)
{
	unsigned long long	 size = 0;
	const char		*t;
	size_t			 len, skip, i;
	char			 line[512];

	t = reply_line_text(r, 0, &len);
	skip = strlen(r->enhanced);
	while (skip < len && t[skip] == ' ')
		skip++;
	if (caps != NULL && caps->valid)
		(void)caps_size(caps, &size);
	annotate_code(r->code, r->enhanced, v, t + skip, len - skip, size, cb,
	    arg);
	if (r->code == 334)
		annotate_challenge(t, len, cb, arg);
	if ((v == VERB_EHLO || v == VERB_LHLO) && r->code == 250 &&
	    caps != NULL && caps->valid) {
		for (i = 0; i < caps->n; i++) {
			capinfo_explain(caps->e[i].keyword, caps->e[i].params,
			    line, sizeof(line));
			annotate_str(cb, arg, ANN_CAPABILITY, line);
		}
		if (caps->n == 0)
			annotate_str(cb, arg, ANN_CAPABILITY, "no extensions "
			    "advertised: plain RFC 5321 only");
	}
}
