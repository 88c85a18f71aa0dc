/*
 * renderout.h: the renderer's state and the writers every formatter of
 * the render room stands on: escaping of server bytes, the frame of a
 * JSON event, the transcript line, smtpcli's own messages.
 */
#ifndef SMTPCLI_RENDEROUT_H
#define SMTPCLI_RENDEROUT_H

#include <stdio.h>

#include "esc.h"

#define RENDER_CHUNK	2048	/* octets escaped at a time */

/* How much is explained under each reply (--explain). */
#define RENDER_EXPLAIN_OFF	0	/* nothing */
#define RENDER_EXPLAIN_ERRORS	1	/* non-2xx fully; 2xx: the meaning */
#define RENDER_EXPLAIN_ALL	2	/* everything, every reply */

/*
 * Visible to the formatters (render.c, rendertls.c, rendermx.c); every
 * other file holds a pointer and uses the functions.
 */
struct render {
	FILE		*out;
	FILE		*err;
	int		 json;
	int		 quiet;
	int		 explain;	/* RENDER_EXPLAIN_* */
	int		 color;
	int		 width;		/* wrap notes at this column; 0: no */
	int		 caps_shown;	/* EHLO keywords explained (errors) */
	int		 brief;		/* this reply: 2xx under "errors" */
	int		 caps_now;	/* this reply explained keywords */
	int		 ncaps;		/* capabilities written (JSON) */
	int		 nfields;	/* explain fields written (JSON) */
	int		 unverified;	/* TLS went on unverified */
	char		 unverified_why[1024];
	char		 esc[ESC_OUTMAX(RENDER_CHUNK)];
};

/*
 * out is the transcript stream, err the error stream.  explain
 * (RENDER_EXPLAIN_*) adds the meaning of each reply on indented "    # "
 * lines (JSON: an "explain" object, whole at any level but off); color
 * colours reply lines by class and dims the notes.  NULL when out of
 * memory; the caller frees it with render_free() (the streams stay
 * open).
 */
struct render	*render_new(FILE *out, FILE *err, int json, int quiet,
		    int explain, int color);
void		 render_free(struct render *);

/* Change explanations and colour on the way (the REPL's /set). */
void		 render_set_explain(struct render *, int level);
void		 render_set_color(struct render *, int on);

/*
 * Wrap note lines at cols columns (a terminal's width) with a hanging
 * indent; 0 or less: never (the output is not a terminal).
 */
void		 render_set_width(struct render *, int cols);

/*
 * The width of the terminal on fd in columns, now (it may change: ask
 * again before each prompt); 0 when fd is not a terminal or says none.
 */
int		 render_tty_cols(int fd);

/*
 * "all", "errors" or "off" (also "on" for all): a RENDER_EXPLAIN_*
 * level, or -1.
 */
int		 render_explain_parse(const char *);

/* The word render_explain_parse() takes for level. */
const char	*render_explain_name(int level);

/*
 * Write len octets of s to fp escaped (inside a JSON string when fp is
 * the transcript stream of a --json renderer); own is ESC_OWN for
 * smtpcli's own words, else 0.  render_str() is the same with own 0.
 */
void		 render_str_flags(struct render *, FILE *fp, const char *s,
		    size_t len, int own);
void		 render_str(struct render *, FILE *fp, const char *s,
		    size_t len);

/*
 * A JSON event on the transcript stream: render_json_start() opens it
 * with its type and the time, each field adds ",\"name\":\"s\"" (s
 * escaped; own as for render_str_flags()), render_json_end() closes it,
 * ends the line and flushes.
 */
void		 render_json_start(struct render *, const char *type);
void		 render_json_field_flags(struct render *, const char *name,
		    const char *s, size_t len, int own);
void		 render_json_field(struct render *, const char *name,
		    const char *s, size_t len);
void		 render_json_end(struct render *);

/* A string field of server bytes (NUL-terminated), or null when empty. */
void		 render_json_opt(struct render *, const char *name,
		    const char *s);

/* marker, then s escaped, then a newline; nothing with --quiet. */
void		 render_line(struct render *, const char *marker,
		    const char *s, size_t len);

/*
 * One message in smtpcli's own words (server bytes in it were escaped
 * where they were quoted): with error, "*** msg" on the error stream
 * (and an "error" event with --json); else "=== msg" (an "info" event),
 * nothing with --quiet.
 */
void		 render_msg(struct render *, int error, const char *msg);

/*
 * Nonzero once a write to the output or the error stream failed (a full
 * disk, a closed pipe): what is shown from then on is lost.
 */
int		 render_broken(const struct render *);

#endif
