/*
 * test_hdrenc.c: mailboxes with display names taken apart, and RFC 2047
 * encoded-words: exact bytes, cuts between UTF-8 characters, the 75
 * character limit, ASCII words left alone, quoted names unquoted.
 */
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "check.h"
#include "hdrenc.h"

static void
test_mailbox(void)
{
	static const struct {
		const char	*in, *name, *addr;
	} ok[] = {
		{ "a@b", "", "a@b" },
		{ "  a@b  ", "", "a@b" },
		{ "Name <a@b>", "Name", "a@b" },
		{ "<a@b>", "", "a@b" },
		{ "\"Doe, J <x>\" <a@b>", "\"Doe, J <x>\"", "a@b" },
		{ "J\xc3\xb6hn D <j@x>  ", "J\xc3\xb6hn D", "j@x" },
	};
	static const char *const bad[] = {
		"", "  ", "Name <a@b", "Name a@b>", "<>", "x <a@b> y",
		"a b@c", "N <a b@c>", "a@b\r\n", "A > B <a@b>",
	};
	struct hdrenc_mbox	 mb;
	size_t			 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		CHECK(hdrenc_mailbox(ok[i].in, &mb) == 0, "%s refused",
		    ok[i].in);
		CHECK(mb.namelen == strlen(ok[i].name) && strncmp(mb.name,
		    ok[i].name, mb.namelen) == 0, "%s: name %.*s", ok[i].in,
		    (int)mb.namelen, mb.name);
		CHECK(mb.addrlen == strlen(ok[i].addr) && strncmp(mb.addr,
		    ok[i].addr, mb.addrlen) == 0, "%s: addr %.*s", ok[i].in,
		    (int)mb.addrlen, mb.addr);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(hdrenc_mailbox(bad[i], &mb) == -1, "%s taken", bad[i]);
}

static void
test_exact(void)
{
	static const struct {
		const char	*in, *want;
	} v[] = {
		{ "plain text", "plain text" },
		{ "", "" },
		{ "Gr\xc3\xbc\xc3\x9f" "e", "=?UTF-8?B?R3LDvMOfZQ==?=" },
		/* two non-ASCII words: one run, the blank inside it */
		{ "a \xc3\xa9 \xc3\xa8 b", "a =?UTF-8?B?w6kgw6g=?= b" },
		{ "  \xc3\xa9\t", "  =?UTF-8?B?w6k=?=\t" },
	};
	char	*s;
	size_t	 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		s = hdrenc_words(v[i].in);
		CHECK(s != NULL && strcmp(s, v[i].want) == 0, "%s -> %s",
		    v[i].in, s != NULL ? s : "(null)");
		free(s);
	}
	s = hdrenc_mailbox_hdr("\"D\xc3\xb6" "e, \\\"J\\\"\" <j@x>");
	CHECK(s != NULL && strcmp(s, "=?UTF-8?B?RMO2ZSwgIkoi?= <j@x>") == 0,
	    "quoted name: %s", s != NULL ? s : "(null)");
	free(s);
	s = hdrenc_mailbox_hdr("\"Doe, J\" <j@x>");
	CHECK(s != NULL && strcmp(s, "\"Doe, J\" <j@x>") == 0,
	    "ASCII name changed: %s", s != NULL ? s : "(null)");
	free(s);
	CHECK(hdrenc_mailbox_hdr("a <b") == NULL, "not a mailbox encoded");
}

/* A long run of 2-, 3- and 4-octet characters: every word decodes to
 * whole characters, is at most 75 long, and all of them give the text. */
static void
test_long(void)
{
	static const char *const ch[] = { "\xc3\xa9", "\xe6\x97\xa5",
	    "\xf0\x9f\x98\x80", "x" };
	char		 in[4096], got[4096], *s, *w, *save = NULL;
	unsigned char	 dec[256];
	size_t		 n = 0, g = 0, i, len;
	long		 k;

	for (i = 0; n + 4 < 2000; i++) {
		memcpy(in + n, ch[i % 4], strlen(ch[i % 4]));
		n += strlen(ch[i % 4]);
	}
	in[n] = '\0';
	s = hdrenc_words(in);
	CHECK(s != NULL, "no memory");
	if (s == NULL)
		return;
	for (w = strtok_r(s, " ", &save); w != NULL;
	    w = strtok_r(NULL, " ", &save)) {
		len = strlen(w);
		CHECK(len <= 75, "word of %zu", len);
		CHECK(len > 12 && strncmp(w, "=?UTF-8?B?", 10) == 0 &&
		    strcmp(w + len - 2, "?=") == 0, "not a word: %s", w);
		k = base64_decode(w + 10, len - 12, dec);
		CHECK(k > 0, "bad base64: %s", w);
		if (k <= 0)
			break;
		/* a word ends between characters: its last lead octet's
		 * character is whole */
		for (i = (size_t)k; i > 0 && (dec[i - 1] & 0xc0) == 0x80; i--)
			;
		CHECK(i == 0 || (size_t)k - (i - 1) == ((dec[i - 1] >= 0xf0) ?
		    4 : (dec[i - 1] >= 0xe0) ? 3 : (dec[i - 1] >= 0xc0) ?
		    2 : 1), "a character cut in %s", w);
		memcpy(got + g, dec, (size_t)k);
		g += (size_t)k;
	}
	CHECK(g == n && memcmp(got, in, n) == 0, "decoded text differs");
	free(s);
}

int
main(void)
{
	test_mailbox();
	test_exact();
	test_long();
	return check_done();
}
