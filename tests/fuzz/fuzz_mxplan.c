/*
 * fuzz_mxplan.c: libFuzzer target for the MX-plan builder.  The input is
 * a list of MX records (a preference of two bytes, then a name of 0-7
 * characters from a small alphabet, so duplicates, case variants, root
 * names and trailing dots are common), then random numbers for the
 * shuffle and addresses for the hosts.  Properties: the plan keeps the
 * most preferred distinct hosts (each with its best preference), counts
 * what it left out, sees every null MX wherever it came, sorts by
 * preference with the root last, and mxplan_addrs() gives each address
 * once, in host order, from the host it names.
 */
#include <netinet/in.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mxplan.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define RECS_MAX	64

struct ref {
	char	 name[8];
	int	 pref;		/* the best seen */
};

struct input {
	const uint8_t	*p;
	size_t		 n;
};

static unsigned int
take(struct input *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static unsigned int
fuzz_rand(void *arg)
{
	struct input	*in = arg;

	return take(in) | take(in) << 8;
}

static int
by_pref(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 alpha[] = "aAb.";
	static struct mxplan	 p;
	struct ref		 ref[RECS_MAX];
	struct input		 in = { data, size };
	struct addr		 out[MXPLAN_SLOTS * MXPLAN_ADDRS];
	size_t			 hidx[MXPLAN_SLOTS * MXPLAN_ADDRS];
	int			 refp[RECS_MAX], kept[MXPLAN_SLOTS];
	char			 name[8];
	size_t			 nrec, nref = 0, nroot = 0, i, j, k, len, nk;
	size_t			 n, distinct;
	enum mxplan_kind	 kind;
	int			 pref;

	mxplan_init(&p, "fuzz.example.");
	nrec = take(&in) % RECS_MAX;
	for (i = 0; i < nrec; i++) {
		pref = (int)(take(&in) << 8 | take(&in));
		len = take(&in) % 8;
		for (j = 0; j < len; j++)
			name[j] = alpha[take(&in) % 4];
		name[len] = '\0';
		(void)mxplan_add(&p, name, pref);
		/* the reference: one trailing dot dropped, case folded */
		if (len > 0 && name[len - 1] == '.')
			name[--len] = '\0';
		if (len == 0) {
			nroot++;
			continue;
		}
		for (k = 0; k < nref; k++)
			if (strcasecmp(ref[k].name, name) == 0)
				break;
		if (k == nref) {
			memcpy(ref[nref].name, name, len + 1);
			ref[nref++].pref = pref;
		} else if (pref < ref[k].pref)
			ref[k].pref = pref;
	}
	distinct = nref;
	if (p.nullmx != nroot || (p.dropped == 0) != (distinct <=
	    MXPLAN_HOSTS) || p.dropped + MXPLAN_HOSTS < distinct)
		abort();
	kind = mxplan_finish(&p, fuzz_rand, &in);
	if (nrec == 0 || (distinct == 0 && nroot == 0)) {
		if (kind != MXPLAN_IMPLICIT || p.n != 1 ||
		    strcmp(p.h[0].name, "fuzz.example") != 0)
			abort();
		goto addrs;
	}
	if (distinct == 0) {
		if (kind != MXPLAN_NULL || p.n != 0)
			abort();
		if (mxplan_addrs(&p, out, hidx, 8) != 0)
			abort();
		return 0;
	}
	if (kind != MXPLAN_MX || p.n != (distinct < MXPLAN_HOSTS ? distinct :
	    MXPLAN_HOSTS) + (nroot > 0))
		abort();
	/* each kept host once, with its best preference; sorted; root last */
	for (i = 0, nk = 0; i < p.n; i++) {
		if (p.h[i].name[0] == '\0') {
			if (i != p.n - 1 || nroot == 0 ||
			    !(p.h[i].flags & MXPLAN_F_NULLMIX) ||
			    mxplan_needs_lookup(&p.h[i]))
				abort();
			continue;
		}
		if (i > 0 && p.h[i].pref < p.h[i - 1].pref)
			abort();
		for (k = 0; k < nref; k++)
			if (strcasecmp(ref[k].name, p.h[i].name) == 0)
				break;
		if (k == nref || ref[k].pref != p.h[i].pref)
			abort();
		for (j = 0; j < i; j++)
			if (strcasecmp(p.h[j].name, p.h[i].name) == 0)
				abort();
		kept[nk++] = p.h[i].pref;
	}
	/* the preferences kept are the best ones there were */
	for (k = 0; k < nref; k++)
		refp[k] = ref[k].pref;
	qsort(refp, nref, sizeof(refp[0]), by_pref);
	for (i = 0; i < nk; i++)
		if (kept[i] != refp[i])
			abort();
addrs:
	/* addresses from the input, with repeats across hosts */
	for (i = 0; i < p.n; i++) {
		p.h[i].naddrs = take(&in) % (MXPLAN_ADDRS + 1);
		for (j = 0; j < p.h[i].naddrs; j++) {
			struct sockaddr_in	*s4 = (struct sockaddr_in *)
			    &p.h[i].addrs[j].ss;

			memset(&p.h[i].addrs[j], 0, sizeof(p.h[i].addrs[j]));
			s4->sin_family = AF_INET;
			s4->sin_port = htons(25);
			s4->sin_addr.s_addr = htonl(0x7f000000u |
			    take(&in) % 4);
			p.h[i].addrs[j].len = sizeof(*s4);
		}
	}
	n = mxplan_addrs(&p, out, hidx, sizeof(out) / sizeof(out[0]));
	for (i = 0; i < n; i++) {
		if (hidx[i] >= p.n || (i > 0 && hidx[i] < hidx[i - 1]))
			abort();
		for (j = 0; j < p.h[hidx[i]].naddrs; j++)
			if (memcmp(&out[i], &p.h[hidx[i]].addrs[j],
			    sizeof(out[i])) == 0)
				break;
		if (j == p.h[hidx[i]].naddrs)
			abort();
		for (j = 0; j < i; j++)
			if (memcmp(&out[j].ss, &out[i].ss, out[i].len) == 0)
				abort();
	}
	return 0;
}
