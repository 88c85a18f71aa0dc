/*
 * renderint.h: what the render*.c files share and nobody else sees: the
 * renderer's state and its escaping and JSON writers.
 */
#ifndef SMTPCLI_RENDERINT_H
#define SMTPCLI_RENDERINT_H

#include <stdio.h>

#include "esc.h"
#include "render.h"
#include "tlsconn.h"

#define RENDER_CHUNK	2048	/* octets escaped at a time */

struct render {
	FILE		*out;
	FILE		*err;
	int		 json;
	int		 quiet;
	int		 explain;
	int		 color;
	int		 ncaps;		/* capabilities written (JSON) */
	int		 nfields;	/* explain fields written (JSON) */
	const char	*tint;		/* colour of this reply's notes */
	int		 unverified;	/* TLS went on unverified */
	char		 unverified_why[1024];
	char		 esc[ESC_OUTMAX(RENDER_CHUNK)];
};

/* Write s escaped (own: ESC_OWN, smtpcli's own words). */
void	 render_str_flags(struct render *, FILE *, const char *s, size_t len,
	    int own);
void	 render_str(struct render *, FILE *, const char *s, size_t len);

/* A JSON event: start (type, time), fields, end (newline, flush). */
void	 render_json_start(struct render *, const char *type);
void	 render_json_field_flags(struct render *, const char *name,
	    const char *s, size_t len, int own);
void	 render_json_field(struct render *, const char *name, const char *s,
	    size_t len);
void	 render_json_end(struct render *);

/* A string field of server bytes, or null when empty. */
void	 render_json_opt(struct render *, const char *name, const char *s);

/* marker, then s escaped, then a newline (not with --quiet). */
void	 render_line(struct render *, const char *marker, const char *s,
	    size_t len);

/* The TLS facts as JSON fields, the first without a leading comma. */
void	 render_tls_fields(struct render *, const struct tlsconn_facts *);

/* What a handshake established (a "tls" event or transcript lines). */
void	 render_tls(struct render *, const struct tlsconn_facts *);

#endif
