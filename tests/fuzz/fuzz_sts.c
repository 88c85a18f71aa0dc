/*
 * fuzz_sts.c: libFuzzer target for the MTA-STS and TLS-RPT readers.  The
 * first byte picks the reader: an _mta-sts record, a policy (then judged
 * against MX facts taken from the policy's own patterns), or a TLS-RPT
 * record.  Properties: no reader writes past its bounds, an accepted id
 * is 1-32 letters or digits, a usable policy has a mode and a max_age,
 * kept patterns are bounded, every pattern without a wildcard matches
 * itself, and every finding has an id, a level and a reason.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "stspolicy.h"
#include "tlsrpt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
check_findings(const struct findings *f)
{
	size_t	 i;

	if (f->n > FINDINGS_MAX)
		abort();
	for (i = 0; i < f->n; i++)
		if (f->v[i].id[0] == '\0' || f->v[i].reason[0] == '\0' ||
		    f->v[i].level >= FINDING_LEVEL_MAX ||
		    strnlen(f->v[i].evidence, FINDING_EVIDENCE_LEN) >=
		    FINDING_EVIDENCE_LEN)
			abort();
}

static void
fuzz_record(const char *s, size_t n)
{
	char	 id[STS_ID_MAX + 1], why[128];
	size_t	 i, len;

	if (stspolicy_record(s, n, id, why, sizeof(why)) != 1)
		return;
	len = strlen(id);
	if (len == 0 || len > STS_ID_MAX)
		abort();
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]))
			abort();
}

static void
fuzz_policy(const char *s, size_t n, struct findings *f)
{
	static struct sts_policy	 p;
	struct sts_mxfact		 m[4];
	size_t				 i, k = 0;

	if (stspolicy_parse(s, n, "mta-sts.example.com", &p, f) == 0 &&
	    (p.mode == STS_MODE_UNSET || p.max_age < 0))
		abort();
	if (p.nmx > STS_MX_MAX)
		abort();
	for (i = 0; i < p.nmx; i++) {
		if (strnlen(p.mx[i], STS_PATTERN_LEN) >= STS_PATTERN_LEN)
			abort();
		if (p.mx[i][0] != '*' && !stspolicy_match(p.mx[i], p.mx[i]))
			abort();
		if (k < 4) {
			memset(&m[k], 0, sizeof(m[k]));
			m[k].name = p.mx[i];
			m[k].where = "192.0.2.1";
			m[k].probed = (int)(i & 1);
			m[k].starttls = m[k].tls_done = m[k].verified = 1;
			k++;
		}
	}
	stspolicy_judge(&p, "example.com", m, k, f);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct findings	 f;
	const char	*s = (const char *)data + 1;

	if (size < 1 || size > STS_POLICY_MAX)
		return 0;
	memset(&f, 0, sizeof(f));
	switch (data[0] % 3) {
	case 0:
		fuzz_record(s, size - 1);
		break;
	case 1:
		fuzz_policy(s, size - 1, &f);
		break;
	default:
		(void)tlsrpt_record(s, size - 1, "_smtp._tls.example.com", &f);
		break;
	}
	check_findings(&f);
	finding_free(&f);
	return 0;
}
