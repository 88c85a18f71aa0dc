/*
 * render.h: turns session events into what the user sees: a swaks-style
 * transcript on stdout (" -> " sent, "<-  " received, "~" inside TLS,
 * "<** " an error reply, "=== " information) or one JSON object per line
 * with --json.  smtpcli's own errors ("*** ") go to stderr.
 */
#ifndef SMTPCLI_RENDER_H
#define SMTPCLI_RENDER_H

#include <stdio.h>

#include "client.h"

struct render;

/*
 * out is the transcript stream, err the error stream.  explain adds the
 * meaning of each reply on indented "    # " lines (JSON: an "explain"
 * object); color colours them by reply class.
 */
struct render	*render_new(FILE *out, FILE *err, int json, int quiet,
		    int explain, int color);
void		 render_free(struct render *);

/* Change explanations and colour on the way (the REPL's /set). */
void		 render_set_explain(struct render *, int on);
void		 render_set_color(struct render *, int on);

/* A client_event_cb: arg is the struct render. */
void		 render_event(void *arg, const struct client_event *);

void		 render_info(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
void		 render_error(struct render *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* The outcome of an /expect (pattern as typed). */
void		 render_expect(struct render *, int ok, const char *pattern,
		    int code, const char *enhanced);

/* Resolved addresses of a name (a "dns" event). */
void		 render_dns(struct render *, const char *name,
		    const struct resolve_addr *, size_t n);

/* The last event: exit status and its reason word. */
void		 render_summary(struct render *, int status,
		    const char *reason);

#endif
