/*
 * sendbody.h: the message's bytes on the wire (DATA body or BDAT chunks)
 * and the counting pass that gives SIZE=.
 */
#ifndef SMTPCLI_SENDBODY_H
#define SMTPCLI_SENDBODY_H

#include "sendconn.h"

/*
 * Write message k->msg after 354 (chunking 0: dot-stuffed, then the
 * terminator) or after the envelope (chunking 1: BDAT chunks, the last
 * "BDAT n LAST", tagged SX_BDAT / SX_BDAT_LAST).  The end of data is not
 * recorded for DATA: the caller does, as its replies are its business.
 * 0, -1 when the connection failed (client_error() says why), -2 when
 * the message source did (reported), -3 when the server refused a BDAT
 * chunk (client_last_code()).
 */
int	 send_body(struct sconn *k, int chunking);

/*
 * Set s->size, the SIZE= value, with one counting pass over the message
 * (0 for a message from stdin, which cannot be read twice).  0, or -1
 * with err set when the message cannot be read.
 */
int	 send_size(struct send *s, char *err, size_t errlen);

#endif
