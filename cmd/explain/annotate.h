/*
 * annotate.h: the explanation of one reply in context, as labelled lines
 * for the renderer and `smtpcli explain`.  Pure: lines go to a callback;
 * they may hold server bytes, so the caller escapes them.
 */
#ifndef SMTPCLI_ANNOTATE_H
#define SMTPCLI_ANNOTATE_H

#include <stddef.h>

#include "caps.h"
#include "reply.h"
#include "verb.h"

enum annotate_label {
	ANN_MEANING,		/* "550 to RCPT: ..." */
	ANN_NOTE,		/* non-standard, seed vs RFC, clashes */
	ANN_ENHANCED,		/* "5.1.1: ..." */
	ANN_HINT,		/* what to try */
	ANN_CHALLENGE,		/* decoded 334 challenge */
	ANN_CAPABILITY,		/* one EHLO keyword */
	ANN_WARNING,		/* something about the reply itself */
	ANN_PROVIDER,		/* what a mailbox provider means by it */
	ANN_LABEL_MAX
};

typedef void	 annotate_cb(void *arg, enum annotate_label,
		    const char *text, size_t len);

/* JSON field name of a label ("meaning", "hint", ...); "?" out of range. */
const char	*annotate_name(enum annotate_label);

/*
 * The words a text line puts before a label's text ("try: ", "note: ",
 * "" for the meaning); "" out of range.  Transcript and explain alike.
 */
const char	*annotate_prefix(enum annotate_label);

/*
 * Explain reply code (enhanced "" or "5.1.1", first line text) answering
 * v.  advertised_size is the server's EHLO SIZE (0 when unknown).
 */
void		 annotate_code(int code, const char *enhanced, enum verb v,
		    const char *text, size_t textlen,
		    unsigned long long advertised_size, annotate_cb *,
		    void *arg);

/*
 * What mailbox providers mean by this code, enhanced code ("" or
 * "5.4.1") and text (NULL or empty: every row for the code, each saying
 * which words it needs) as ANN_PROVIDER lines, each with its source.
 */
void		 annotate_providers(int code, const char *enhanced,
		    enum verb v, const char *text, size_t textlen,
		    annotate_cb *, void *arg);

/*
 * Explain a whole reply answering v: its code as above, a decoded 334
 * challenge, and for a 250 to EHLO each capability in caps.
 */
void		 annotate_reply(const struct reply *, enum verb v,
		    const struct caps *caps, annotate_cb *, void *arg);

#endif
