/*
 * explaintab.c: the tables as `smtpcli explain` prints them offline:
 * every code (--list), a command's page, a code's whole picture.
 */
#include <stdio.h>

#include "cmdinfo.h"
#include "codectx.h"
#include "codes.h"
#include "enhcodes.h"
#include "explaintab.h"

void
explaintab_list(FILE *out)
{
	const struct codes_basic	*b;
	const struct enhcode		*e;
	size_t				 i;
	int				 c;

	for (i = 0; i < codes_basic_count(); i++) {
		b = codes_basic_at(i);
		fprintf(out, "%03d  %s (%s)%s\n", b->code, b->title, b->ref,
		    (b->flags & CODES_NONSTANDARD) ? " [non-standard]" :
		    (b->flags & CODES_INVALID) ? " [invalid]" : "");
	}
	for (i = 0; i < enhcodes_count(); i++) {
		e = enhcodes_at(i);
		for (c = 2; c <= 5; c++) {
			if (c == 3 || !(e->classes &
			    (c == 2 ? ENHCODES_CLASS2 : c == 4 ? ENHCODES_CLASS4 :
			    ENHCODES_CLASS5)))
				continue;
			fprintf(out, "%d.%d.%d  %s (%s)\n", c, e->subject,
			    e->detail, e->title, e->ref);
		}
	}
}

static void
explaintab_codes(FILE *out, const int *list, const char *label)
{
	size_t	 i;

	if (list[0] == 0)
		return;
	fprintf(out, "  %s:", label);
	for (i = 0; list[i] != 0; i++)
		fprintf(out, " %d", list[i]);
	fputc('\n', out);
}

void
explaintab_command(FILE *out, const struct cmdinfo *ci)
{
	fprintf(out, "%s (%s, %s)\n", ci->name,
	    cmdinfo_status_name(ci->status), ci->ref);
	fprintf(out, "  syntax: %s\n", ci->syntax);
	fprintf(out, "  %s\n", ci->what);
	explaintab_codes(out, ci->ok, "success");
	explaintab_codes(out, ci->mid, "intermediate");
	explaintab_codes(out, ci->err, "error");
	if (ci->replynote != NULL)
		fprintf(out, "  note: %s\n", ci->replynote);
}

/*
 * `explain 550' offline: the RFC title, the class, the meaning after
 * each command the table knows for the code.
 */
void
explaintab_full(FILE *out, int code)
{
	static const char *const classes[] = {
		[2] = "2yz positive completion: the action was done",
		[3] = "3yz positive intermediate: the server waits for more",
		[4] = "4yz transient negative: not done, may work if retried",
		[5] = "5yz permanent negative: not done, do not retry "
		    "unchanged",
	};
	const struct codes_basic	*b = codes_basic_lookup(code);
	const char			*m;
	enum verb			 v;
	size_t				 i;
	int				 c, head = 0;

	if (b != NULL)
		fprintf(out, "    # RFC title: %s (%s)\n", b->title, b->ref);
	if (code / 100 >= 2 && code / 100 <= 5)
		fprintf(out, "    # class: %s\n", classes[code / 100]);
	for (i = 0; i < codectx_count(); i++) {
		if (codectx_at(i, &c, &v, &m) < 0 || c != code)
			continue;
		if (!head++)
			fputs("    # after each command:\n", out);
		fprintf(out, "    #   %-12s %s\n", verb_name(v), m);
	}
}
