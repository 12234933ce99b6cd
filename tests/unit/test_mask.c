/*
 * test_mask.c: export/mask.c, the masking of free text and walks: each
 * form of each kind planted in a text comes out as the pseudonym of its
 * normalised value (the one its own field gets, so joins hold), words
 * that only look alike stay, and a walk's values, names and address
 * tables are masked or left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../crypto/bundle.h"
#include "../../export/mask.h"
#include "unit.h"

static struct bundle_secret	*sec;
static const unsigned		 ALL = PAYLOAD_MASK_IP | PAYLOAD_MASK_MAC |
				    PAYLOAD_MASK_HOST;

static char *
ps(const char *kind, const char *v)
{
	char	p[BUNDLE_PSEUDO_MAX + 1];

	bundle_pseudonym(sec, kind, v, p);
	return fa_strdup(p);
}

/* mask_text(what, in, name) == the expected text with "{K:V}" replaced
 * by the pseudonym of V for kind K. */
static int
masks_to(unsigned what, const char *in, const char *name, const char *exp)
{
	struct mask	 m = { what, sec };
	struct fa_buf	 want = FA_BUF_INIT;
	const char	*p = exp, *c, *e;
	char		*got, *k, *v, *x;
	int		 same;

	while ((c = strchr(p, '{')) != NULL && (e = strchr(c, '}')) != NULL) {
		fa_buf_add(&want, p, (size_t)(c - p));
		k = fa_strdup(c + 1);
		k[strcspn(k, ":")] = '\0';
		v = fa_strdup(c + 1 + strlen(k) + 1);
		v[e - (c + 1 + strlen(k) + 1)] = '\0';
		x = ps(k, v);
		fa_buf_puts(&want, x);
		free(x);
		free(k);
		free(v);
		p = e + 1;
	}
	fa_buf_puts(&want, p);
	got = mask_text(&m, in, name);
	same = strcmp(got, want.s) == 0;
	if (!same)
		printf("# '%s'\n#   -> '%s'\n#   not '%s'\n", in, got, want.s);
	free(got);
	fa_buf_release(&want);
	return same;
}

static void
test_ipv4(void)
{
	CHECK(masks_to(ALL, "call 192.168.10.20 or 10.0.0.1.", NULL,
	    "call {ip:192.168.10.20} or {ip:10.0.0.1}."));
	CHECK(masks_to(ALL, "IP:192.168.001.010", NULL,
	    "IP:{ip:192.168.1.10}"));
	/* an OID's arcs and a longer run are not addresses */
	CHECK(masks_to(ALL, "1.3.6.1.2.1.43.5.1 and 1.2.3.4.5", NULL,
	    "1.3.6.1.2.1.43.5.1 and 1.2.3.4.5"));
	CHECK(masks_to(ALL, "999.1.1.1 v1.2.3", NULL, "999.1.1.1 v1.2.3"));
	/* versions of real sysDescr: a leading zero outside the padded
	 * form is not an address */
	CHECK(masks_to(ALL, "OS 1.01.15.47 02-10-2010; System 35.004.32.000,"
	    " Network 4.02.02.08", NULL, "OS 1.01.15.47 02-10-2010; System "
	    "35.004.32.000, Network 4.02.02.08"));
	CHECK(masks_to(PAYLOAD_MASK_MAC, "10.0.0.1", NULL, "10.0.0.1"));
}

static void
test_ipv6(void)
{
	CHECK(masks_to(ALL, "at 2001:db8::10, or", NULL,
	    "at {ip:2001:db8::10}, or"));
	CHECK(masks_to(ALL, "at 2001:0DB8:0000:0000:0000:0000:0000:0010.",
	    NULL, "at {ip:2001:db8::10}."));
	CHECK(masks_to(ALL, "IPv6:fe80::1%eth0 ::1 ::ffff:10.0.0.1", NULL,
	    "IPv6:{ip:fe80::1}%eth0 {ip:::1} {ip:::ffff:10.0.0.1}"));
	/* times and words with colons stay */
	CHECK(masks_to(ALL, "at 10:43:17, ratio 1:2, Error::x", NULL,
	    "at 10:43:17, ratio 1:2, Error::x"));
}

static void
test_mac(void)
{
	const char	*exp = "{mac:00:1b:63:84:45:e6}";
	const char	*forms[] = { "00:1B:63:84:45:E6", "00-1b-63-84-45-e6",
		"001b.6384.45e6", "001B638445E6" };
	char		 in[64], want[64];
	size_t		 i;

	for (i = 0; i < nitems(forms); i++) {
		snprintf(in, sizeof(in), "MAC %s.", forms[i]);
		snprintf(want, sizeof(want), "MAC %s.", exp);
		CHECK(masks_to(ALL, in, NULL, want));
		snprintf(in, sizeof(in), "(%s)", forms[i]);
		snprintf(want, sizeof(want), "(%s)", exp);
		CHECK(masks_to(PAYLOAD_MASK_MAC, in, NULL, want));
		CHECK(masks_to(PAYLOAD_MASK_IP | PAYLOAD_MASK_HOST, in, NULL,
		    in));
	}
	/* 12 decimal digits alone (a build date): not a MAC */
	CHECK(masks_to(ALL, "Controller 200709110910, Engine 05.09.00", NULL,
	    "Controller 200709110910, Engine 05.09.00"));
	/* seven pairs, 13 hex digits, a longer word: not a MAC */
	CHECK(masks_to(PAYLOAD_MASK_MAC, "00:11:22:33:44:55:66 "
	    "001122334455a X001122334455", NULL, "00:11:22:33:44:55:66 "
	    "001122334455a X001122334455"));
}

static void
test_host(void)
{
	CHECK(masks_to(ALL, "ops@Corp.Example.COM, printer1.corp.example.com.",
	    NULL, "ops@{hostname:corp.example.com}, "
	    "{hostname:printer1.corp.example.com}."));
	CHECK(masks_to(ALL, "see http://prn-3.site.local/info", NULL,
	    "see http://{hostname:prn-3.site.local}/info"));
	/* the device's own name, as a whole word, in any case */
	CHECK(masks_to(ALL, "PRN-FLOOR3 (prn-floor3) prn-floor3x", "PRN-FLOOR3",
	    "{hostname:PRN-FLOOR3} ({hostname:PRN-FLOOR3}) prn-floor3x"));
	/* a name too short to look for, and text that is no name */
	CHECK(masks_to(ALL, "HP LaserJet M404dn, FW 2409048_052586, "
	    "Ver.1.10 (14.07.04), e.g. i.e. v1.2", "HP", "HP LaserJet "
	    "M404dn, FW 2409048_052586, Ver.1.10 (14.07.04), e.g. i.e. v1.2"));
	/* a version in labels: the run's last label is not a TLD */
	CHECK(masks_to(ALL, "version NH62.YS.N636 kernel 3.0.0", NULL,
	    "version NH62.YS.N636 kernel 3.0.0"));
	CHECK(masks_to(PAYLOAD_MASK_IP, "printer1.corp.example.com", NULL,
	    "printer1.corp.example.com"));
	CHECK(masks_to(0, "10.0.0.1 printer1.example.com", "x", "10.0.0.1 "
	    "printer1.example.com"));
}

static void
test_walk(void)
{
	struct mask	 m = { ALL, sec };
	size_t		 dropped = 0;
	char		*got, *x;
	const char	*walk =
	    "1.3.6.1.2.1.1.1.0|4|HP ETHERNET MULTI-ENVIRONMENT, "
		"prn7.corp.example.com\n"
	    "1.3.6.1.2.1.1.4.0|4|admin 10.1.2.3\n"
	    "1.3.6.1.2.1.1.5.0|4|NPI7F2A1C\n"
	    "1.3.6.1.2.1.1.6.0|4x|0a4e5049374632413143\n"
	    "1.3.6.1.2.1.2.2.1.6.1|4x|001b638445e6\n"
	    "1.3.6.1.2.1.4.1.0|2|2\n"
	    "1.3.6.1.2.1.4.20.1.1.10.1.2.3|64|10.1.2.3\n"
	    "1.3.6.1.2.1.4.22.1.2.1.10.1.2.9|4x|001122334455\n"
	    "1.3.6.1.4.1.11.2.4.3.5.2.0|64|10.1.2.1\n"
	    "1.3.6.1.4.1.11.2.4.3.5.9.0|4x|fe800000000000000000000000000001\n"
	    "# walk: 9 values from 10.1.2.3 with public in 0.1 s\n";

	got = mask_walk(&m, walk, &dropped);
	CHECK(dropped == 2);
	CHECK(strstr(got, "10.1.2") == NULL && strstr(got, "NPI7F2A1C") ==
	    NULL && strstr(got, "prn7") == NULL && strstr(got, "001b63") ==
	    NULL && strstr(got, "fe80") == NULL);
	x = ps("hostname", "NPI7F2A1C");
	CHECK(strstr(got, x) != NULL);
	free(x);
	x = ps("mac", "00:1b:63:84:45:e6");
	CHECK(strstr(got, x) != NULL);
	free(x);
	x = ps("ip", "fe80::1");
	CHECK(strstr(got, x) != NULL);
	free(x);
	x = ps("ip", "10.1.2.1");
	CHECK(strstr(got, x) != NULL);
	free(x);
	/* scalars of the ip group and every line's OID stay */
	CHECK(strstr(got, "1.3.6.1.2.1.4.1.0|2|2\n") != NULL);
	CHECK(strstr(got, "\n1.3.6.1.2.1.1.6.0|4x|0a") != NULL);
	CHECK(got[strlen(got) - 1] == '\n');
	free(got);
	m.what = 0;
	dropped = 0;
	got = mask_walk(&m, walk, &dropped);
	CHECK(strcmp(got, walk) == 0 && dropped == 0);
	free(got);
}

int
main(void)
{
	char		 dir[] = "/tmp/fa-mask.XXXXXX", *p;
	struct fa_err	 e;

	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp");
	p = fa_asprintf("%s/site.secret", dir);
	if (bundle_secret_load(p, 1, &sec, &e) != 0)
		fa_bug("%s", e.msg);
	unlink(p);
	rmdir(dir);
	free(p);
	RUN(test_ipv4);
	RUN(test_ipv6);
	RUN(test_mac);
	RUN(test_host);
	RUN(test_walk);
	bundle_secret_free(sec);
	return unit_any_failed;
}
