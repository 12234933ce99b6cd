/*
 * test_vb.c: varbind lists and the snmprec format.
 */
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../collector/vb.h"
#include "unit.h"

static int
parse(const char *text, struct vb_list *l, struct fa_err *e)
{
	return vb_snmprec_parse(text, strlen(text), "t.snmprec", 1000, l, e);
}

static void
test_parse_types(void)
{
	struct vb_list	 l = VB_LIST_INIT;
	struct fa_err	 e;
	uint32_t	 o[VB_MAX_OID];
	size_t		 n;
	const struct vb	*v;
	char		*t;

	CHECK(parse("1.3.6.1.2.1.1.5.0|4|name\n"
	    "1.3.6.1.2.1.1.1.0|4|hello world\r\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2\n"
	    "1.3.6.1.2.1.1.3.0|67|12345\n"
	    "1.3.6.1.2.1.2.2.1.6.1|4x|02FA7700AB01\n"
	    "1.3.6.1.2.1.4.20.1.1.1|64|127.0.0.1\n"
	    "1.3.6.1.2.1.4.20.1.1.2|64x|c0a80a01\n"
	    "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n"
	    "# a comment\n"
	    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|-3\n", &l, &e) == 0);
	CHECK(l.n == 9);
	CHECK(l.sorted);
	CHECK(vb_oid_parse("1.3.6.1.2.1.4.20.1.1.2", o, &n) == 0);
	v = vb_get(&l, o, n);
	CHECK(v != NULL && v->tag == VB_IPADDR && v->len == 4 &&
	    v->buf[0] == 192 && v->buf[1] == 168 && v->buf[2] == 10 &&
	    v->buf[3] == 1);
	CHECK(vb_oid_parse("1.3.6.1.2.1.1.1.0", o, &n) == 0);
	v = vb_get(&l, o, n);
	CHECK(v != NULL && v->tag == VB_OCTETS && v->len == 11);
	CHECK(vb_oid_parse("1.3.6.1.2.1.2.2.1.6.1", o, &n) == 0);
	v = vb_get(&l, o, n);
	CHECK(v != NULL && v->len == 6 && v->buf[0] == 0x02 &&
	    v->buf[5] == 0x01);
	CHECK(vb_oid_parse("1.3.6.1.2.1.43.11.1.1.9.1.1", o, &n) == 0);
	v = vb_get(&l, o, n);
	CHECK(v != NULL && v->tag == VB_INTEGER && v->num == -3);
	CHECK(vb_oid_parse("1.3.6.1.2.1.1.2.0", o, &n) == 0);
	v = vb_get(&l, o, n);
	CHECK(v != NULL && strcmp((char *)v->buf, "1.3.6.1.4.1.11.2") == 0);
	CHECK(vb_oid_parse("1.3.6.1.2.1.1.5.0", o, &n) == 0);
	t = vb_text(vb_get(&l, o, n), 100);
	CHECK(t != NULL && strcmp(t, "name") == 0);
	free(t);
	vb_list_release(&l);
}

static void
test_parse_errors(void)
{
	static const struct { const char *in, *msg; } bad[] = {
		{ "1.3.6|2|x\n", "t.snmprec:1: bad number" },
		{ "1.3.6.1|4\n", "t.snmprec:1: bad tag" },
		{ "abc|4|x\n", "t.snmprec:1: bad OID" },
		{ "1.3.6.1|4|ok\n1.3.6.2|99|1\n", "t.snmprec:2: unknown tag" },
		{ "1.3.6.1|4x|abc\n", "t.snmprec:1: bad hex value" },
		{ "1.3.6.1|2|99999999999\n", "out of range" },
		{ "1.3.6.1|65|-1\n", "out of range" },
		{ "1.3.6.1|6|1.x\n", "bad OID value" },
		{ "1.3.6.1|64|300.1.1.1\n", "bad IpAddress" },
		{ "1.3.6.1|64x|7f00001\n", "bad IpAddress" },
		{ "1.3.6.1|64x|7f00000g\n", "bad IpAddress" },
		{ "no pipes at all\n", "expected OID|TAG|VALUE" },
	};
	size_t	i;

	for (i = 0; i < nitems(bad); i++) {
		struct vb_list	l = VB_LIST_INIT;
		struct fa_err	e = { "" };

		CHECK(parse(bad[i].in, &l, &e) == -1);
		if (strstr(e.msg, bad[i].msg) == NULL)
			printf("# input %zu: '%s'\n", i, e.msg);
		CHECK(strstr(e.msg, bad[i].msg) != NULL);
		vb_list_release(&l);
	}
}

static void
test_roundtrip(void)
{
	const char	*in = "1.3.6.1.2.1.1.1.0|4|Printer A\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.367.1.1\n"
	    "1.3.6.1.2.1.2.2.1.6.1|4x|74bfc0da4a3d\n"
	    "1.3.6.1.2.1.25.3.5.1.2.1|4x|9400\n"
	    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|4294967295\n"
	    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|-3\n"
	    "1.3.6.1.2.1.43.16.5.1.2.1.1|4x|c3a9746f6e6e616e74\n";
	struct vb_list	 l = VB_LIST_INIT, l2 = VB_LIST_INIT;
	struct fa_buf	 b = FA_BUF_INIT;
	struct fa_err	 e;
	size_t		 i;

	CHECK(parse(in, &l, &e) == 0);
	for (i = 0; i < l.n; i++)
		vb_snmprec_line(&l.v[i], &b);
	CHECK(b.s != NULL && strcmp(b.s, in) == 0);
	if (b.s != NULL && strcmp(b.s, in) != 0)
		printf("# got:\n%s", b.s);
	CHECK(parse(b.s ? b.s : "", &l2, &e) == 0);
	CHECK(l2.n == l.n);
	for (i = 0; i < l.n && i < l2.n; i++)
		CHECK(l.v[i].len == l2.v[i].len && l.v[i].num == l2.v[i].num);
	fa_buf_release(&b);
	vb_list_release(&l);
	vb_list_release(&l2);
}

static void
test_sort_dedup(void)
{
	struct vb_list	l = VB_LIST_INIT;
	uint32_t	a[] = { 1, 3, 6, 1, 2 }, b[] = { 1, 3, 6, 1, 10 },
			c[] = { 1, 3, 6, 1, 2, 1 };

	vb_add(&l, b, 5, VB_INTEGER, 1, NULL, 0);
	vb_add(&l, a, 5, VB_INTEGER, 2, NULL, 0);
	vb_add(&l, c, 6, VB_INTEGER, 3, NULL, 0);
	vb_add(&l, a, 5, VB_INTEGER, 4, NULL, 0);
	CHECK(!l.sorted);
	vb_sort(&l);
	CHECK(l.n == 3);
	CHECK(l.v[0].num == 2);		/* the first answer is kept */
	CHECK(l.v[1].num == 3);		/* 1.3.6.1.2.1 < 1.3.6.1.10 */
	CHECK(l.v[2].num == 1);
	CHECK(vb_oid_has_prefix(c, 6, a, 5));
	CHECK(!vb_oid_has_prefix(a, 5, c, 6));
	vb_list_release(&l);
}

/* vb_pack/vb_unpack: every kind of value back as it was, in order; an
 * empty list packs to nothing; cut or damaged bytes are refused. */
static void
test_pack(void)
{
	struct vb_list	l = VB_LIST_INIT, m = VB_LIST_INIT;
	uint32_t	a[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 },
			b[] = { 1, 3, 6, 1, 2, 1, 1, 3, 0 },
			c[] = { 1, 3, 6, 1, 2, 1, 1, 4, 0 };
	uint8_t		*p, bad[8] = { 0 };
	size_t		 len, i;

	CHECK(vb_pack(&l, &len) == NULL && len == 0);
	vb_add(&l, a, 9, VB_OCTETS, 0, "HP LaserJet\0x", 14);
	vb_add(&l, b, 9, VB_TIMETICKS, 4294967295LL, NULL, 0);
	vb_add(&l, c, 9, VB_OCTETS, 0, "", 0);
	p = vb_pack(&l, &len);
	CHECK(p != NULL && len > 0);
	CHECK(vb_unpack(p, len, &m) == 0);
	CHECK(m.n == 3);
	for (i = 0; i < m.n && i < l.n; i++) {
		CHECK(vb_oid_cmp(m.v[i].oid, m.v[i].oidlen, l.v[i].oid,
		    l.v[i].oidlen) == 0);
		CHECK(m.v[i].tag == l.v[i].tag && m.v[i].num == l.v[i].num);
		CHECK(m.v[i].len == l.v[i].len);
		CHECK((m.v[i].buf == NULL) == (l.v[i].buf == NULL));
		CHECK(m.v[i].buf == NULL ||
		    memcmp(m.v[i].buf, l.v[i].buf, l.v[i].len) == 0);
	}
	vb_list_release(&m);
	CHECK(vb_unpack(p, len - 1, &m) == -1);
	vb_list_release(&m);
	CHECK(vb_unpack(bad, sizeof(bad), &m) == -1);	/* OID length 0 */
	vb_list_release(&m);
	free(p);
	vb_list_release(&l);
}

static void
test_text(void)
{
	/* A description folded as "text\nhex pairs" is unfolded. */
	const char	*folded = "Black Cartridge \n38 32 37 41 20 48 50 00 ";
	uint32_t	 o[] = { 1, 3, 6, 1 };
	struct vb_list	 l = VB_LIST_INIT;
	char		*t;

	vb_add(&l, o, 4, VB_OCTETS, 0, folded, strlen(folded));
	t = vb_text(&l.v[0], 1024);
	CHECK(t != NULL && strcmp(t, "Black Cartridge 827A HP") == 0);
	free(t);
	/* Control bytes become spaces, trailing NUL and blanks go. */
	vb_add(&l, o, 4, VB_OCTETS, 0, "ab\x01" "c  \0\0", 8);
	t = vb_text(&l.v[1], 1024);
	CHECK(t != NULL && strcmp(t, "ab c") == 0);
	free(t);
	/* Capped. */
	t = vb_text(&l.v[1], 2);
	CHECK(t != NULL && strcmp(t, "ab") == 0);
	free(t);
	/* Not a string. */
	vb_add(&l, o, 4, VB_INTEGER, 5, NULL, 0);
	CHECK(vb_text(&l.v[2], 10) == NULL);
	vb_list_release(&l);
}

static void
test_oid_parse(void)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;
	char		buf[64];

	CHECK(vb_oid_parse(".1.3.6.1", o, &n) == 0 && n == 4);
	CHECK(vb_oid_parse("1", o, &n) == -1);
	CHECK(vb_oid_parse("1.3.", o, &n) == -1);
	CHECK(vb_oid_parse("1..3", o, &n) == -1);
	CHECK(vb_oid_parse("1.3.4294967296", o, &n) == -1);
	CHECK(vb_oid_parse("1.3.4294967295", o, &n) == 0);
	vb_oid_str(o, n, buf, sizeof(buf));
	CHECK(strcmp(buf, "1.3.4294967295") == 0);
}

int
main(void)
{
	RUN(test_parse_types);
	RUN(test_parse_errors);
	RUN(test_roundtrip);
	RUN(test_sort_dedup);
	RUN(test_pack);
	RUN(test_text);
	RUN(test_oid_parse);
	return unit_any_failed;
}
