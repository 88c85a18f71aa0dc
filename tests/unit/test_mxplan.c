/*
 * test_mxplan.c: the MX delivery plan: preference order, shuffling of
 * equal preferences with a scripted random source, null MX, implicit MX,
 * literals, address order without repeats, the kind name table.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "check.h"
#include "mxplan.h"

struct script_rand {
	const unsigned int	*v;
	size_t			 n, i;
};

static unsigned int
scripted(void *arg)
{
	struct script_rand	*s = arg;

	return s->n == 0 ? 0 : s->v[s->i++ % s->n];
}

static const char *
order(const struct mxplan *p, char *buf, size_t len)
{
	size_t	 i;

	buf[0] = '\0';
	for (i = 0; i < p->n; i++) {
		strncat(buf, i ? " " : "", len - strlen(buf) - 1);
		strncat(buf, p->h[i].name, len - strlen(buf) - 1);
	}
	return buf;
}

static void
test_sort(void)
{
	struct mxplan	 p;
	char		 buf[256];

	mxplan_init(&p, "example.org.");
	CHECK(strcmp(p.domain, "example.org") == 0, "trailing dot dropped");
	mxplan_add(&p, "c.example.org.", 30);
	mxplan_add(&p, "a.example.org.", 10);
	mxplan_add(&p, "b.example.org.", 20);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_MX, "kind mx");
	CHECK(strcmp(order(&p, buf, sizeof(buf)),
	    "a.example.org b.example.org c.example.org") == 0,
	    "sorted by preference: %s", buf);
	CHECK(p.h[0].pref == 10 && p.h[2].pref == 30, "prefs kept");
	CHECK(p.h[0].flags == 0, "no flags on a plain host");
	CHECK(mxplan_needs_lookup(&p.h[0]), "a name needs a lookup");

	/* preference 0 is valid and first; large preferences sort right */
	mxplan_init(&p, "x");
	mxplan_add(&p, "big", 65535);
	mxplan_add(&p, "zero", 0);
	mxplan_finish(&p, NULL, NULL);
	CHECK(strcmp(order(&p, buf, sizeof(buf)), "zero big") == 0,
	    "0 before 65535: %s", buf);
}

static void
test_shuffle(void)
{
	static const unsigned int	 zeros[] = { 0 };
	static const unsigned int	 ones[] = { 1 };
	struct script_rand		 r;
	struct mxplan			 p;
	char				 buf[256];
	int				 seen_a = 0, seen_b = 0;
	unsigned int			 v;

	/* equal preferences: the random source decides, others stay put */
	mxplan_init(&p, "x");
	mxplan_add(&p, "last", 20);
	mxplan_add(&p, "a", 10);
	mxplan_add(&p, "b", 10);
	r.v = ones;
	r.n = 1;
	r.i = 0;
	mxplan_finish(&p, scripted, &r);
	CHECK(strcmp(order(&p, buf, sizeof(buf)), "a b last") == 0,
	    "j == i keeps the order: %s", buf);

	mxplan_init(&p, "x");
	mxplan_add(&p, "last", 20);
	mxplan_add(&p, "a", 10);
	mxplan_add(&p, "b", 10);
	r.v = zeros;
	r.i = 0;
	mxplan_finish(&p, scripted, &r);
	CHECK(strcmp(order(&p, buf, sizeof(buf)), "b a last") == 0,
	    "j == 0 swaps: %s", buf);

	/* every value of the source gives a permutation; both orders occur */
	for (v = 0; v < 8; v++) {
		unsigned int one[1];

		one[0] = v;
		mxplan_init(&p, "x");
		mxplan_add(&p, "a", 5);
		mxplan_add(&p, "b", 5);
		mxplan_add(&p, "c", 1);
		r.v = one;
		r.n = 1;
		r.i = 0;
		mxplan_finish(&p, scripted, &r);
		CHECK(strcmp(p.h[0].name, "c") == 0, "c first always");
		if (strcmp(p.h[1].name, "a") == 0)
			seen_a++;
		else if (strcmp(p.h[1].name, "b") == 0)
			seen_b++;
	}
	CHECK(seen_a > 0 && seen_b > 0 && seen_a + seen_b == 8,
	    "both orders of the tie: %d %d", seen_a, seen_b);
}

static void
test_null_implicit(void)
{
	struct mxplan	 p;
	char		 buf[256];

	mxplan_init(&p, "nomail.example");
	mxplan_add(&p, ".", 0);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_NULL, "lone . is null");
	CHECK(mxplan_addrs(&p, NULL, NULL, 0) == 0, "null MX: no address");

	mxplan_init(&p, "nomail.example");
	mxplan_add(&p, "", 0);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_NULL, "lone \"\" null");

	/* a root among real MX: kept, flagged, last, never looked up */
	mxplan_init(&p, "mixed.example");
	mxplan_add(&p, ".", 0);
	mxplan_add(&p, "mx.mixed.example", 10);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_MX, "mixed is mx");
	CHECK(strcmp(p.h[0].name, "mx.mixed.example") == 0 &&
	    (p.h[1].flags & MXPLAN_F_NULLMIX), "root last and flagged: %s",
	    order(&p, buf, sizeof(buf)));
	CHECK(!mxplan_needs_lookup(&p.h[1]), "root not looked up");

	mxplan_init(&p, "plain.example");
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_IMPLICIT, "implicit");
	CHECK(p.n == 1 && strcmp(p.h[0].name, "plain.example") == 0 &&
	    p.h[0].pref == 0, "implicit host is the domain");
	CHECK(strcmp(mxplan_kind_name(p.kind), "implicit") == 0, "name");
}

static void
test_literal(void)
{
	struct mxplan	 p;

	mxplan_init(&p, "lit.example");
	mxplan_add(&p, "192.0.2.1.", 10);
	mxplan_add(&p, "[2001:db8::1]", 20);
	mxplan_add(&p, "192.0.2.1.example", 30);
	mxplan_finish(&p, NULL, NULL);
	CHECK(p.h[0].flags & MXPLAN_F_LITERAL, "v4 literal flagged");
	CHECK(p.h[1].flags & MXPLAN_F_LITERAL, "[v6] literal flagged");
	CHECK(!(p.h[2].flags & MXPLAN_F_LITERAL), "a name is no literal");
	CHECK(!mxplan_needs_lookup(&p.h[0]) && mxplan_needs_lookup(&p.h[2]),
	    "literals are not looked up");
}

/* 192.0.2.last:25 */
static void
set_addr(struct addr *a, int last)
{
	struct sockaddr_in	*s4 = (struct sockaddr_in *)&a->ss;

	memset(a, 0, sizeof(*a));
	s4->sin_family = AF_INET;
	s4->sin_port = htons(25);
	s4->sin_addr.s_addr = htonl(0xc0000200u | (unsigned int)last);
	a->len = sizeof(*s4);
}

static void
test_addrs(void)
{
	struct addr	 out[8];
	struct mxplan		 p;
	size_t			 idx[8], n, i;

	mxplan_init(&p, "a.example");
	mxplan_add(&p, "one", 10);
	mxplan_add(&p, "two", 20);
	mxplan_finish(&p, NULL, NULL);
	p.h[0].naddrs = 2;
	set_addr(&p.h[0].addrs[0], 1);
	set_addr(&p.h[0].addrs[1], 2);
	p.h[1].naddrs = 2;
	set_addr(&p.h[1].addrs[0], 2);		/* the same server again */
	set_addr(&p.h[1].addrs[1], 3);
	n = mxplan_addrs(&p, out, idx, 8);
	CHECK(n == 3, "repeats dropped: %zu", n);
	CHECK(idx[0] == 0 && idx[1] == 0 && idx[2] == 1, "host indices");
	CHECK(memcmp(&out[2], &p.h[1].addrs[1], sizeof(out[2])) == 0,
	    "order kept");
	n = mxplan_addrs(&p, out, NULL, 2);
	CHECK(n == 2, "max respected: %zu", n);

	/* more records than kept: counted */
	mxplan_init(&p, "many.example");
	for (i = 0; i < MXPLAN_HOSTS + 3; i++) {
		char	 name[32];

		snprintf(name, sizeof(name), "h%zu", i);
		(void)mxplan_add(&p, name, (int)i);
	}
	CHECK(p.n == MXPLAN_HOSTS && p.dropped == 3, "dropped counted");
}

/*
 * Issue 14.11: the most preferred records are kept whatever the answer
 * order, a null MX is seen wherever it comes, duplicates take no slot.
 */
static void
test_cut(void)
{
	struct mxplan	 p;
	char		 name[64];
	size_t		 i;
	int		 r;

	/* 40 records, least preferred first: the 16 best are kept */
	mxplan_init(&p, "many.example");
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "mx%zu.many.example", 39 - i);
		r = mxplan_add(&p, name, (int)(39 - i) * 10);
		CHECK(r == (i < MXPLAN_HOSTS ? 0 : -1), "add %zu: %d", i, r);
	}
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_MX, "kind mx");
	CHECK(p.n == MXPLAN_HOSTS && p.dropped == 40 - MXPLAN_HOSTS,
	    "kept %zu, left out %zu", p.n, p.dropped);
	for (i = 0; i < p.n; i++) {
		snprintf(name, sizeof(name), "mx%zu.many.example", i);
		CHECK(strcmp(p.h[i].name, name) == 0 &&
		    p.h[i].pref == (int)i * 10, "slot %zu: %s %d", i,
		    p.h[i].name, p.h[i].pref);
	}

	/* the best record last of 17: it still gets in */
	mxplan_init(&p, "late.example");
	for (i = 0; i < MXPLAN_HOSTS; i++) {
		snprintf(name, sizeof(name), "b%zu", i);
		(void)mxplan_add(&p, name, 50);
	}
	CHECK(mxplan_add(&p, "best", 1) == -1, "a 50 left out");
	mxplan_finish(&p, NULL, NULL);
	CHECK(strcmp(p.h[0].name, "best") == 0 && p.dropped == 1,
	    "best first: %s, %zu left out", p.h[0].name, p.dropped);
	CHECK(mxplan_add(&p, "worse", 60) == -1, "not kept");

	/* a null MX as the 21st record: seen, flagged, last */
	mxplan_init(&p, "nullate.example");
	for (i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "n%zu", i);
		(void)mxplan_add(&p, name, (int)i);
	}
	(void)mxplan_add(&p, ".", 0);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_MX, "mixed is mx");
	CHECK(p.nullmx == 1 && p.n == MXPLAN_HOSTS + 1 &&
	    (p.h[MXPLAN_HOSTS].flags & MXPLAN_F_NULLMIX) &&
	    p.h[MXPLAN_HOSTS].name[0] == '\0' && p.dropped == 4,
	    "late root: n %zu nullmx %zu dropped %zu", p.n, p.nullmx,
	    p.dropped);
	CHECK(!mxplan_needs_lookup(&p.h[MXPLAN_HOSTS]), "root no lookup");

	/* root records only, however many: a null MX */
	mxplan_init(&p, "nomail.example");
	(void)mxplan_add(&p, ".", 0);
	(void)mxplan_add(&p, "", 10);
	CHECK(mxplan_finish(&p, NULL, NULL) == MXPLAN_NULL && p.nullmx == 2,
	    "two roots: null");

	/* the same host twice (any case): one slot, the better preference */
	mxplan_init(&p, "dup.example");
	(void)mxplan_add(&p, "MX.dup.example.", 20);
	(void)mxplan_add(&p, "mx.dup.example", 5);
	(void)mxplan_add(&p, "mx.DUP.example", 30);
	(void)mxplan_add(&p, "other.dup.example", 10);
	mxplan_finish(&p, NULL, NULL);
	CHECK(p.n == 2 && p.h[0].pref == 5 && p.h[1].pref == 10 &&
	    p.dropped == 0, "duplicates folded: n %zu", p.n);
}

/* The name table: every kind named, names distinct. */
static void
test_names(void)
{
	int	 i, j;

	for (i = 0; i < MXPLAN_KIND_MAX; i++) {
		CHECK(strcmp(mxplan_kind_name(i), "?") != 0, "kind %d named",
		    i);
		for (j = 0; j < i; j++)
			CHECK(strcmp(mxplan_kind_name(i),
			    mxplan_kind_name(j)) != 0, "kinds %d %d", i, j);
	}
	CHECK(strcmp(mxplan_kind_name(MXPLAN_KIND_MAX), "?") == 0,
	    "out of range");
}

int
main(void)
{
	test_names();
	test_cut();
	test_sort();
	test_shuffle();
	test_null_implicit();
	test_literal();
	test_addrs();
	return check_done();
}
