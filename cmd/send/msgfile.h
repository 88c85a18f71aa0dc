/*
 * msgfile.h: the POSIX files of a send-mode message: the message_files
 * that message.c reads its body, attachments and --data through.
 */
#ifndef SMTPCLI_MSGFILE_H
#define SMTPCLI_MSGFILE_H

#include "message.h"

/*
 * The message_files of this process: open(2) with O_CLOEXEC (and
 * O_NONBLOCK when checking, so a FIFO without a writer does not block),
 * fstat(2) for the type, read(2) retried on EINTR, close(2).  A NULL path
 * is standard input, which is never closed.  Errors are -1 with errno
 * set.  Static storage: never freed, arg unused.
 */
const struct message_files	*msgfile_posix(void);

#endif
