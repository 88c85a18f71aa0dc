/*
 * rendermx.h: the delivery plan of a mail domain ("mx" events) and the
 * rows of smtpcli mx --probe ("probe" events).
 */
#ifndef SMTPCLI_RENDERMX_H
#define SMTPCLI_RENDERMX_H

struct mxplan;
struct mxplan_host;
struct probe_result;
struct render;
struct addr;
struct tlsconn_facts;

/*
 * The delivery plan of a mail domain (an "mx" event): each host with its
 * preference and addresses or why it has none, and the misconfigurations
 * (an alias or an address literal as MX, a null MX among others).  A null
 * MX plan prints nothing in the transcript (the caller says what it
 * means) but is an "mx" event of kind "null" in JSON.
 */
void		 render_mx(struct render *, const struct mxplan *);

/*
 * One probed address of host h of plan p: a "probe" event, or one
 * transcript row with the connect time, banner, capabilities, STARTTLS
 * and the TLS facts tls (NULL: the result's tls_note says why there are
 * none), or the error.
 */
void		 render_probe(struct render *, const struct mxplan *p,
		    const struct mxplan_host *h, const struct addr *,
		    const struct probe_result *,
		    const struct tlsconn_facts *tls);

#endif
