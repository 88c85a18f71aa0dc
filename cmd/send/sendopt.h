/*
 * sendopt.h: the options of send mode and AUTH (--from, --to, --auth,
 * ...), their parsing and their --help text, kept out of smtpcli.c.
 */
#ifndef SMTPCLI_SENDOPT_H
#define SMTPCLI_SENDOPT_H

#include <getopt.h>
#include <stdio.h>

#include "message.h"
#include "send.h"
#include "auth.h"

/* A path (address with its <>) is at most 256 octets: RFC 5321. */
#define SENDOPT_ADDR_MAX	254

/* getopt_long values of these options start here. */
#define SENDOPT_BASE	512

struct strlist {
	const char	**v;
	size_t		  n;
};

struct sendopt {
	int		 active;	/* a send-mode option was given */
	const char	*from;		/* envelope: the address only */
	const char	*from_hdr;	/* as given: "Name <addr>" */
	struct strlist	 to, cc, bcc, rcpts, headers, attach;
	struct strlist	 to_hdr, cc_hdr;	/* To and Cc as given */
	struct strlist	 own;		/* addresses cut out of "<...>" */
	const char	*subject, *body, *attach_type, *data;
	int		 dump;
	struct send_opts so;
	int		 no_starttls;
	/* AUTH */
	const char	*auth;		/* mechanism or "auto", NULL: none */
	const char	*user;
	const char	*password_env, *password_file;
	int		 allow_plaintext_auth, show_secrets;
};

/* The long options, ended by a zero entry. */
extern const struct option sendopt_longopts[];

/*
 * Nothing given yet: one message (--count) over one connection, BDAT
 * chunks of 256 KiB.  Allocates nothing.
 */
void	 sendopt_init(struct sendopt *);

/*
 * Handle option ch (>= SENDOPT_BASE); -1 with a message on stderr.
 * Pointers into arg are kept, so it must outlive the struct, and the
 * address options cut it in place at its commas (argv is writable).
 */
int	 sendopt_parse(struct sendopt *, int ch, const char *arg);

/*
 * After all options: check the combination, collect the recipients.
 * -1 with a message on stderr (a usage error).
 */
int	 sendopt_check(struct sendopt *);

/* Print the send-mode and AUTH part of --help (usage() calls it). */
void	 sendopt_usage(FILE *);

/* Free the lists and the addresses cut out; argv's strings stay. */
void	 sendopt_free(struct sendopt *);

#endif
