/*
 * test_range.c: unit tests for collector/range.c.  Every accepted form,
 * exclusions, duplicates and order, every error message, the size check
 * with and without force, and name resolution through "localhost" (which
 * /etc/hosts answers, so no network is needed).
 */
#include "../../cli/plat_net.h"

#include <stdlib.h>
#include <string.h>

#include "../../collector/range.h"
#include "unit.h"

/* The API takes char *const[] but never writes: literals are fine. */
#define MUT(s)	((char *)(uintptr_t)(s))

static struct addr_list	out = ADDR_LIST_INIT;
static struct fa_err	err;

/* Expands one include and one exclusion string (either may be NULL). */
static int
expand(const char *incl, const char *excl, int force)
{
	char	*i[1], *x[1];

	i[0] = MUT(incl);
	x[0] = MUT(excl);
	err.msg[0] = '\0';
	return range_expand(i, incl != NULL, x, excl != NULL, force, &out,
	    &err);
}

/* Whether out.v[i] prints as s. */
static int
at(size_t i, const char *s)
{
	char	buf[64];

	return i < out.n && strcmp(fa_addr_str(&out.v[i], buf, sizeof(buf)),
	    s) == 0;
}

/* Whether s is somewhere in out. */
static int
has(const char *s)
{
	size_t	i;

	for (i = 0; i < out.n; i++)
		if (at(i, s))
			return 1;
	return 0;
}

static int
cmp(const void *p, const void *q)
{
	return fa_addr_cmp(p, q);
}

static int
no_dups(void)
{
	struct fa_addr	*v;
	size_t		 i;
	int		 ok = 1;

	v = fa_reallocarray(NULL, out.n, sizeof(v[0]));
	memcpy(v, out.v, out.n * sizeof(v[0]));
	qsort(v, out.n, sizeof(v[0]), cmp);
	for (i = 1; i < out.n; i++)
		if (fa_addr_cmp(&v[i - 1], &v[i]) == 0)
			ok = 0;
	free(v);
	return ok;
}

static void
test_addr(void)
{
	struct fa_addr	a, b;
	char		buf[64], small[4];

	CHECK(fa_addr_parse("192.168.1.20", &a) == 0);
	CHECK(a.family == AF_INET && a.a[0] == 192 && a.a[3] == 20);
	CHECK(strcmp(fa_addr_str(&a, buf, sizeof(buf)), "192.168.1.20") == 0);
	CHECK(fa_addr_parse("fd00::1", &b) == 0);
	CHECK(b.family == AF_INET6 && b.a[0] == 0xfd && b.a[15] == 1);
	CHECK(strcmp(fa_addr_str(&b, buf, sizeof(buf)), "fd00::1") == 0);
	CHECK(fa_addr_cmp(&a, &b) < 0 && fa_addr_cmp(&b, &a) > 0);
	CHECK(fa_addr_cmp(&a, &a) == 0);
	CHECK(fa_addr_parse("192.168.1.3", &b) == 0);
	CHECK(fa_addr_cmp(&b, &a) < 0);
	CHECK(strcmp(fa_addr_str(&a, small, sizeof(small)), "?") == 0);
	CHECK(fa_addr_parse("localhost", &a) == -1);
	CHECK(fa_addr_parse("1.2.3", &a) == -1);
	CHECK(fa_addr_parse("1.2.3.256", &a) == -1);
	CHECK(fa_addr_parse("", &a) == -1);
	CHECK(fa_addr_parse(NULL, &a) == -1);
}

static void
test_single(void)
{
	CHECK(expand("10.0.0.7", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "10.0.0.7"));
	CHECK(expand(" \t10.0.0.8 \n", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "10.0.0.8"));
	CHECK(range_count("10.0.0.7", &err) == 1);
}

static void
test_cidr(void)
{
	CHECK(expand("10.0.0.0/24", NULL, 0) == 0);
	CHECK(out.n == 254 && at(0, "10.0.0.1") && at(253, "10.0.0.254"));
	CHECK(range_count("10.0.0.0/24", &err) == 254);
	CHECK(expand("10.0.0.77/24", NULL, 0) == 0);
	CHECK(out.n == 254 && at(0, "10.0.0.1"));
	CHECK(expand("10.0.0.4/30", NULL, 0) == 0);
	CHECK(out.n == 2 && at(0, "10.0.0.5") && at(1, "10.0.0.6"));
	CHECK(expand("10.0.0.4/31", NULL, 0) == 0);
	CHECK(out.n == 2 && at(0, "10.0.0.4") && at(1, "10.0.0.5"));
	CHECK(expand("10.0.0.4/32", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "10.0.0.4"));
	CHECK(expand("255.255.255.254/31", NULL, 0) == 0);
	CHECK(out.n == 2 && at(1, "255.255.255.255"));
}

static void
test_dash(void)
{
	CHECK(expand("10.0.0.10-10.0.0.50", NULL, 0) == 0);
	CHECK(out.n == 41 && at(0, "10.0.0.10") && at(40, "10.0.0.50"));
	CHECK(expand("10.0.0.10-50", NULL, 0) == 0);
	CHECK(out.n == 41 && at(0, "10.0.0.10") && at(40, "10.0.0.50"));
	CHECK(expand("10.0.0.250-10.0.1.2", NULL, 0) == 0);
	CHECK(out.n == 9 && at(5, "10.0.0.255") && at(6, "10.0.1.0"));
	CHECK(expand("10.0.0.0-255", NULL, 0) == 0);
	CHECK(out.n == 256 && at(0, "10.0.0.0") && at(255, "10.0.0.255"));
	CHECK(expand("10.0.0.5-5", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "10.0.0.5"));
	CHECK(range_count("10.0.0.10-50", &err) == 41);
}

static void
test_ipv6(void)
{
	CHECK(expand("::1", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "::1") && out.v[0].family == AF_INET6);
	CHECK(expand("::1/128", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "::1"));
	CHECK(expand("fd00::1:0/120", NULL, 0) == 0);
	/* the Subnet-Router anycast address (host part 0) is left out */
	CHECK(out.n == 255 && at(0, "fd00::1:1") && at(254, "fd00::1:ff"));
	CHECK(expand("fd00::/112", NULL, 0) == 0);
	CHECK(out.n == 65535 && at(0, "fd00::1") && at(65534, "fd00::ffff"));
	CHECK(range_count("fd00::/112", &err) == 65535);
	CHECK(expand("::/127", NULL, 0) == 0);
	CHECK(out.n == 2 && at(0, "::") && at(1, "::1"));
	CHECK(expand("fd00::1, 10.0.0.1", NULL, 0) == 0);
	CHECK(out.n == 2 && at(0, "fd00::1") && at(1, "10.0.0.1"));
}

static void
test_list(void)
{
	CHECK(expand("127.0.0.1,127.0.0.5-7", NULL, 0) == 0);
	CHECK(out.n == 4 && at(0, "127.0.0.1") && at(1, "127.0.0.5") &&
	    at(3, "127.0.0.7"));
	CHECK(expand(" 127.0.0.9 ,\t127.0.0.2 ", NULL, 0) == 0);
	CHECK(out.n == 2 && at(0, "127.0.0.9") && at(1, "127.0.0.2"));
	CHECK(range_count("127.0.0.1,127.0.0.5-7,10.0.0.0/24", &err) == 258);
}

static void
test_order(void)
{
	char	*incl[] = { MUT("10.0.0.9"), MUT("10.0.0.1-3"), MUT("fd00::2"),
	    MUT("10.0.0.4") };

	CHECK(range_expand(incl, nitems(incl), NULL, 0, 0, &out, &err) == 0);
	CHECK(out.n == 6 && at(0, "10.0.0.9") && at(1, "10.0.0.1") &&
	    at(3, "10.0.0.3") && at(4, "fd00::2") && at(5, "10.0.0.4"));
}

static void
test_duplicates(void)
{
	char	*incl[] = { MUT("10.0.0.1-5"), MUT("10.0.0.3-8"),
	    MUT("10.0.0.1"), MUT("10.0.0.0/29") };

	CHECK(range_expand(incl, nitems(incl), NULL, 0, 0, &out, &err) == 0);
	CHECK(out.n == 8 && no_dups());
	CHECK(at(0, "10.0.0.1") && at(4, "10.0.0.5") && at(5, "10.0.0.6") &&
	    at(7, "10.0.0.8"));
	CHECK(expand("::1,::1,0::1", NULL, 0) == 0);
	CHECK(out.n == 1);
	/* overlapping big ranges go through the hash set as it grows */
	CHECK(expand("10.0.0.0/17,10.0.100.0/22,10.0.0.0/18", NULL, 0) == 0);
	CHECK(out.n == 32766 && no_dups() && at(0, "10.0.0.1") &&
	    at(32765, "10.0.127.254"));
	/* touching, not overlapping: nothing to drop */
	CHECK(expand("10.0.0.6-9,10.0.0.1-5,10.0.0.10", NULL, 0) == 0);
	CHECK(out.n == 10 && at(0, "10.0.0.6") && at(4, "10.0.0.1") &&
	    at(9, "10.0.0.10") && no_dups());
	CHECK(expand("10.0.0.0/24,10.0.0.128/25", NULL, 0) == 0);
	CHECK(out.n == 254 && no_dups());
}

static void
test_exclude(void)
{
	char	*incl[] = { MUT("10.0.0.0/24"), MUT("fd00::/120") };
	char	*excl[] = { MUT("10.0.0.10-20"), MUT("10.0.0.100,fd00::/121") };

	CHECK(expand("10.0.0.0/24", "10.0.0.10-20", 0) == 0);
	CHECK(out.n == 243 && has("10.0.0.9") && !has("10.0.0.10") &&
	    !has("10.0.0.20") && has("10.0.0.21"));
	CHECK(range_expand(incl, 2, excl, 2, 0, &out, &err) == 0);
	CHECK(out.n == 242 + 128 && !has("10.0.0.100") && !has("fd00::7f") &&
	    has("fd00::80"));
	/* an excluded CIDR covers its whole block */
	CHECK(expand("10.0.0.0-255", "10.0.0.0/24", 0) == 0);
	CHECK(out.n == 0);
	CHECK(expand("10.0.0.0/16", "10.0.0.0/8", 0) == 0);
	CHECK(out.n == 0);
	CHECK(expand("10.0.0.0/16", "10.0.5.0/24", 0) == 0);
	CHECK(out.n == 65534 - 256 && !has("10.0.5.1") && has("10.0.6.1"));
	CHECK(expand("10.0.0.0/24,::1", "0.0.0.0/0", 0) == 0);
	CHECK(out.n == 1 && at(0, "::1"));
	CHECK(expand("127.0.0.0/29", "localhost, 127.0.0.3", 0) == 0);
	CHECK(out.n == 4 && at(0, "127.0.0.2") && at(1, "127.0.0.4"));
	CHECK(expand("10.0.0.1", "10.0.0.300", 0) == -1);
	CHECK(strstr(err.msg, "'10.0.0.300' is not an IPv4 address") != NULL);
}

static void
test_localhost(void)
{
	CHECK(expand("localhost", NULL, 0) == 0);
	CHECK(out.n >= 1 && has("127.0.0.1") && no_dups());
	CHECK(expand("localhost,127.0.0.1,LOCALHOST", NULL, 0) == 0);
	CHECK(out.n >= 1 && at(0, "127.0.0.1") && no_dups());
	CHECK(range_count("localhost", &err) == 1);
	CHECK(range_count("localhost,10.0.0.0/30", &err) == 3);
}

static void
test_resolve_errors(void)
{
	CHECK(expand("nosuch.invalid", NULL, 0) == -1);
	CHECK(strstr(err.msg, "cannot resolve 'nosuch.invalid': ") ==
	    err.msg);
	CHECK(out.n == 0);
	range_no_resolve = 1;
	CHECK(expand("localhost", NULL, 0) == -1);
	CHECK(strstr(err.msg, "cannot resolve 'localhost'") != NULL);
	CHECK(expand("127.0.0.1", "localhost", 0) == -1);
	CHECK(strstr(err.msg, "cannot resolve 'localhost'") != NULL);
	CHECK(range_count("localhost", &err) == 1);
	range_no_resolve = 0;
}

static void
test_errors(void)
{
	static const struct {
		const char	*spec, *msg;
	} t[] = {
		{ "10.0.0.300/24", "bad range '10.0.0.300/24': '10.0.0.300' "
		    "is not an IPv4 address" },
		{ "10.0.0.50-10.0.0.10", "bad range '10.0.0.50-10.0.0.10': "
		    "end is before start" },
		{ "10.0.0.50-10", "'10.0.0.50-10': end is before start" },
		{ "10.0.0.0/33", "bad range '10.0.0.0/33': prefix must be 0 "
		    "to 32" },
		{ "10.0.0.0/", "prefix must be 0 to 32" },
		{ "10.0.0.0/-1", "prefix must be 0 to 32" },
		{ "10.0.0.0/1000", "prefix must be 0 to 32" },
		{ "10.0.0.0/24/8", "prefix must be 0 to 32" },
		{ "10.0.0.1-256", "'256' is not an IPv4 address or last "
		    "octet" },
		{ "10.0.0.1-", "'' is not an IPv4 address or last octet" },
		{ "10.0.0.1-10.0.0", "'10.0.0' is not an IPv4 address" },
		{ "-5", "'' is not an IPv4 address" },
		{ "1.2.3", "'1.2.3' is not an IPv4 address" },
		{ "010.0.0.1", "'010.0.0.1' is not an IPv4 address" },
		{ "1.2.3.4-5-6", "'5-6' is not an IPv4 address or last" },
		{ "", "bad range '': empty address or range" },
		{ "   ", "empty address or range" },
		{ "10.0.0.1,", "bad range '10.0.0.1,': empty address" },
		{ "10.0.0.1,,10.0.0.2", "empty address or range" },
		{ "a b", "bad range 'a b': not an address, range or host "
		    "name" },
		{ "host/24", "not an address, range or host name" },
		{ "10.0.0.1 - 10.0.0.5", "not an address, range or host" },
		{ "bad\001", "bad range 'bad?': control or non-ASCII byte" },
		{ "caf\xc3\xa9", "control or non-ASCII byte" },
		{ "::g", "bad range '::g': '::g' is not an IPv6 address" },
		{ "1:2:3", "'1:2:3' is not an IPv6 address" },
		{ "::1/129", "bad range '::1/129': prefix must be 0 to 128" },
		{ "::1/x", "prefix must be 0 to 128" },
		{ "fd00::/64", "bad range 'fd00::/64': a /64 is more than "
		    "65536 addresses" },
		{ "::/0", "IPv6 prefixes must be /112 or longer" },
		{ "fe80::1%lo", "bad range 'fe80::1%lo': scoped addresses" },
		{ "fd00::1-fd00::5", "dash ranges are IPv4 only" },
	};
	char	 *incl[1];
	size_t	  i;

	for (i = 0; i < nitems(t); i++) {
		err.msg[0] = '\0';
		if (range_count(t[i].spec, &err) != -1 ||
		    strstr(err.msg, t[i].msg) == NULL) {
			printf("# count '%s': '%s'\n", t[i].spec, err.msg);
			CHECK(0);
		}
		incl[0] = MUT(t[i].spec);
		out.n = 3;		/* must come back empty */
		if (range_expand(incl, 1, NULL, 0, 1, &out, &err) != -1 ||
		    strstr(err.msg, t[i].msg) == NULL || out.n != 0) {
			printf("# expand '%s': '%s'\n", t[i].spec, err.msg);
			CHECK(0);
		}
		if (expand("10.0.0.1", t[i].spec, 0) != -1 ||
		    strstr(err.msg, t[i].msg) == NULL) {
			printf("# exclude '%s': '%s'\n", t[i].spec, err.msg);
			CHECK(0);
		}
	}
}

static void
test_long(void)
{
	char	*s, *list;
	size_t	 i;

	s = fa_malloc(300);
	memset(s, 'a', 299);
	s[299] = '\0';
	CHECK(range_count(s, &err) == -1);
	CHECK(strstr(err.msg, "longer than 255 bytes") != NULL);
	CHECK(strstr(err.msg, "bad range 'aaaa") == err.msg);
	s[255] = '\0';
	CHECK(range_count(s, &err) == -1);
	CHECK(strstr(err.msg, "host name longer than 253 bytes") != NULL);
	s[253] = '\0';
	CHECK(range_count(s, &err) == 1);
	memset(s, ' ', 250);
	memcpy(s + 250, "::1", 4);
	CHECK(range_count(s, &err) == 1);	/* trimmed, then short */
	free(s);

	list = fa_malloc(70001);
	for (i = 0; i < 70000; i += 2)
		memcpy(list + i, "1,", 2);
	list[69999] = '\0';
	CHECK(range_count(list, &err) == -1);
	CHECK(strstr(err.msg, "list longer than 65536 bytes") != NULL);
	list[65535] = '\0';
	CHECK(range_count(list, &err) == -1);	/* "1" is not an address */
	CHECK(strstr(err.msg, "bad range '1': '1' is not an IPv4") != NULL);
	free(list);
}

static void
test_count_big(void)
{
	CHECK(range_count("0.0.0.0/0", &err) == 4294967294LL);
	CHECK(range_count("10.0.0.0/8", &err) == 16777214);
	CHECK(range_count("10.0.0.0/16", &err) == 65534);
	CHECK(range_count("0.0.0.0-255.255.255.255", &err) == 4294967296LL);
	CHECK(range_count("0.0.0.0/0,0.0.0.0/0", &err) == 2 * 4294967294LL);
	CHECK(range_count("::/112", &err) == 65535);
}

static void
test_force(void)
{
	char	*two[] = { MUT("10.0.0.0/16"), MUT("10.1.0.1-3") };
	char	*fits[] = { MUT("10.0.0.0/16"), MUT("10.1.0.1-2") };

	CHECK(expand("10.0.0.0/15", NULL, 0) == -1);
	CHECK(strstr(err.msg, "range '10.0.0.0/15' has 131070 addresses, "
	    "more than the limit of 65536: use --force") == err.msg);
	CHECK(out.n == 0);
	CHECK(expand("10.0.0.0/15", NULL, 1) == 0);
	CHECK(out.n == 131070 && at(0, "10.0.0.1") &&
	    at(131069, "10.1.255.254"));
	CHECK(range_expand(two, 2, NULL, 0, 0, &out, &err) == -1);
	CHECK(strstr(err.msg, "ranges up to '10.1.0.1-3' have 65537 "
	    "addresses") != NULL && strstr(err.msg, "--force") != NULL);
	CHECK(range_expand(fits, 2, NULL, 0, 0, &out, &err) == 0);
	CHECK(out.n == 65536);
	CHECK(expand("fd00::/112,::1,::2", NULL, 0) == -1);
	CHECK(strstr(err.msg, "'::2' have 65537") != NULL);
	/* the sum counts before dropping duplicates or exclusions */
	CHECK(expand("10.0.0.0/16,10.0.0.1-3", "10.0.0.0/8", 0) == -1);
	CHECK(expand("0.0.0.0/0", NULL, 1) == -1);
	CHECK(strstr(err.msg, "range '0.0.0.0/0' has 4294967294 addresses, "
	    "more than the limit of 16777216 even with --force") == err.msg);
	CHECK(expand("10.0.0.0/7", NULL, 1) == -1);
	CHECK(strstr(err.msg, "even with --force") != NULL);
	/* refused before any name is resolved */
	CHECK(expand("nosuch.invalid,10.0.0.0/8", NULL, 0) == -1);
	CHECK(strstr(err.msg, "'10.0.0.0/8'") != NULL);
}

static void
test_emptied(void)
{
	CHECK(expand("10.0.0.1-4", NULL, 0) == 0 && out.n == 4);
	CHECK(expand("10.0.0.9", NULL, 0) == 0);
	CHECK(out.n == 1 && at(0, "10.0.0.9"));
	CHECK(range_expand(NULL, 0, NULL, 0, 0, &out, &err) == 0);
	CHECK(out.n == 0);
	CHECK(expand("10.0.0.9", NULL, 0) == 0);
	CHECK(expand("10.0.0.9,bad!", NULL, 0) == -1 && out.n == 0);
	addr_list_release(&out);
	CHECK(out.v == NULL && out.n == 0 && out.cap == 0);
}

int
main(void)
{
	RUN(test_addr);
	RUN(test_single);
	RUN(test_cidr);
	RUN(test_dash);
	RUN(test_ipv6);
	RUN(test_list);
	RUN(test_order);
	RUN(test_duplicates);
	RUN(test_exclude);
	RUN(test_localhost);
	RUN(test_resolve_errors);
	RUN(test_errors);
	RUN(test_long);
	RUN(test_count_big);
	RUN(test_force);
	RUN(test_emptied);
	addr_list_release(&out);
	return unit_any_failed;
}
