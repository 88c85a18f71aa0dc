/*
 * renderout.c: the renderer's state and its writers.  Every server byte
 * goes through esc_text() before it reaches a terminal or a JSON string.
 */
#include <sys/ioctl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "esc.h"
#include "renderout.h"

struct render *
render_new(FILE *out, FILE *err, int json, int quiet, int explain,
    int color)
{
	struct render	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	r->out = out;
	r->err = err;
	r->json = json;
	r->quiet = quiet;
	r->explain = explain;
	r->color = color && !json;
	return r;
}

void
render_free(struct render *r)
{
	free(r);
}

void
render_set_explain(struct render *r, int level)
{
	r->explain = level;
}

void
render_set_width(struct render *r, int cols)
{
	/* a hanging indent needs some room: narrower is taken as 20 */
	r->width = cols <= 0 || r->json ? 0 : cols < 20 ? 20 : cols;
}

int
render_tty_cols(int fd)
{
	struct winsize	 ws;

	if (!isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) == -1)
		return 0;
	return ws.ws_col;
}

int
render_explain_parse(const char *s)
{
	if (strcmp(s, "all") == 0 || strcmp(s, "on") == 0)
		return RENDER_EXPLAIN_ALL;
	if (strcmp(s, "errors") == 0)
		return RENDER_EXPLAIN_ERRORS;
	if (strcmp(s, "off") == 0)
		return RENDER_EXPLAIN_OFF;
	return -1;
}

const char *
render_explain_name(int level)
{
	return level == RENDER_EXPLAIN_ALL ? "all" :
	    level == RENDER_EXPLAIN_ERRORS ? "errors" : "off";
}

void
render_set_color(struct render *r, int on)
{
	r->color = on && !r->json;
}

/* Write s escaped, in bounded chunks; own marks ESC_OWN text. */
void
render_str_flags(struct render *r, FILE *fp, const char *s, size_t len,
    int own)
{
	size_t	 n;

	while (len > 0) {
		n = len > RENDER_CHUNK ? RENDER_CHUNK : len;
		esc_text(s, n, (r->json && fp == r->out ? ESC_JSON : 0) | own,
		    r->esc);
		fputs(r->esc, fp);
		s += n;
		len -= n;
	}
}

void
render_str(struct render *r, FILE *fp, const char *s, size_t len)
{
	render_str_flags(r, fp, s, len, 0);
}

void
render_json_start(struct render *r, const char *type)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(r->out, "{\"type\":\"%s\",\"time\":%lld.%03ld", type,
	    (long long)ts.tv_sec, ts.tv_nsec / 1000000);
}

void
render_json_field_flags(struct render *r, const char *name, const char *s,
    size_t len, int own)
{
	fprintf(r->out, ",\"%s\":\"", name);
	render_str_flags(r, r->out, s, len, own);
	fputc('"', r->out);
}

void
render_json_field(struct render *r, const char *name, const char *s,
    size_t len)
{
	render_json_field_flags(r, name, s, len, 0);
}

void
render_json_end(struct render *r)
{
	fputs("}\n", r->out);
	fflush(r->out);
}

void
render_json_opt(struct render *r, const char *name, const char *s)
{
	if (s[0] == '\0')
		fprintf(r->out, ",\"%s\":null", name);
	else
		render_json_field(r, name, s, strlen(s));
}

void
render_line(struct render *r, const char *marker, const char *s, size_t len)
{
	if (r->quiet)
		return;
	fputs(marker, r->out);
	render_str(r, r->out, s, len);
	fputc('\n', r->out);
}

static void
render_msg_json(struct render *r, int error, const char *msg)
{
	render_json_start(r, error ? "error" : "info");
	render_json_field_flags(r, error ? "message" : "text", msg,
	    strlen(msg), ESC_OWN);
	render_json_end(r);
}

static void
render_msg_text(struct render *r, int error, const char *msg)
{
	if (error) {
		fflush(r->out);
		fputs("*** ", r->err);
		render_str_flags(r, r->err, msg, strlen(msg), ESC_OWN);
		fputc('\n', r->err);
		fflush(r->err);
		return;
	}
	if (!r->quiet) {
		fputs("=== ", r->out);
		render_str_flags(r, r->out, msg, strlen(msg), ESC_OWN);
		fputc('\n', r->out);
		fflush(r->out);
	}
}

void
render_msg(struct render *r, int error, const char *msg)
{
	if (r->json) {
		render_msg_json(r, error, msg);
		/* an error goes to the error stream as well */
		if (!error)
			return;
	}
	render_msg_text(r, error, msg);
}

int
render_broken(const struct render *r)
{
	return ferror(r->out) || ferror(r->err);
}
