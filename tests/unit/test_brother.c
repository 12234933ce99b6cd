/*
 * test_brother.c: Brother blob decoding.  The parser on good, tolerated
 * and malformed blobs, every truncation of a good one and random bytes
 * (each in a buffer of its exact size, so the sanitizers see any read past
 * the end); then meters and supplies from the recordings written for
 * these tests (tests/data/brother/, values chosen by hand).  Run from the
 * repository.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../collector/brother.h"
#include "../../collector/device.h"
#include "../../collector/vb.h"
#include "unit.h"

#define MT	BROTHER_OID ".8.0"
#define CT	BROTHER_OID ".10.0"
#define NC	BROTHER_OID ".11.0"

/* Parses a copy of p[0..len) held in a buffer of exactly len bytes. */
static int
parse_exact(const uint8_t *p, size_t len, int shortl, struct brother_rec *r,
    size_t max, size_t *n)
{
	uint8_t	*b = fa_malloc(len ? len : 1);
	int	 rc;

	if (len)
		memcpy(b, p, len);
	if (shortl)
		rc = brother_parse_short(b, len, r, max, n);
	else
		rc = brother_parse(b, len, r, max, n);
	free(b);
	return rc;
}

static void
test_parse_good(void)
{
	static const uint8_t b[] = { 0x00, 0x01, 0x04, 0x00, 0x00, 0x01, 0x00,
	    0x41, 0x01, 0x01, 0x03, 0x11, 0x01, 0x02, 0x09, 0xc4,
	    0x7f, 0x01, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	    0xff };
	struct brother_rec	r[8];
	size_t			n = 99;

	CHECK(parse_exact(b, sizeof(b), 0, r, nitems(r), &n) == 0);
	CHECK(n == 4);
	CHECK(r[0].code == 0x00 && r[0].len == 4 && r[0].value == 256);
	CHECK(r[1].code == 0x41 && r[1].len == 1 && r[1].value == 3);
	CHECK(r[2].code == 0x11 && r[2].len == 2 && r[2].value == 2500);
	CHECK(r[3].code == 0x7f && r[3].len == 8 &&
	    r[3].value == 0x0102030405060708ULL);
}

static void
test_parse_tolerated(void)
{
	/* No terminator; a last check byte; bytes after the terminator. */
	static const uint8_t noend[] = { 0x00, 0x01, 0x04, 0, 0, 0, 7 };
	static const uint8_t check[] = { 0x00, 0x01, 0x04, 0, 0, 0, 7, 0x5a };
	static const uint8_t after[] = { 0x00, 0x01, 0x04, 0, 0, 0, 7, 0xff,
	    0x12, 0x34, 0x56 };
	static const uint8_t onlyff[] = { 0xff };
	struct brother_rec	r[4];
	size_t			n;

	CHECK(parse_exact(noend, sizeof(noend), 0, r, 4, &n) == 0 && n == 1 &&
	    r[0].value == 7);
	CHECK(parse_exact(check, sizeof(check), 0, r, 4, &n) == 0 && n == 1);
	CHECK(parse_exact(after, sizeof(after), 0, r, 4, &n) == 0 && n == 1);
	CHECK(parse_exact(onlyff, sizeof(onlyff), 0, r, 4, &n) == 0 &&
	    n == 0);
	CHECK(parse_exact(NULL, 0, 0, r, 4, &n) == 0 && n == 0);
	CHECK(brother_parse(NULL, 0, r, 4, &n) == 0 && n == 0);
	CHECK(brother_parse(NULL, 5, r, 4, &n) == -1 && n == 0);
}

static void
test_parse_refused(void)
{
	static const uint8_t flag[] = { 0x6f, 0x02, 0x04, 0, 0, 0x1f, 0x40,
	    0xff };
	static const uint8_t len0[] = { 0x82, 0x01, 0x00, 0xa0, 0x01, 0x01,
	    0xff };
	static const uint8_t len9[] = { 0x82, 0x01, 0x09, 0, 0, 0, 0, 0, 0,
	    0, 0, 1, 0xff };
	static const uint8_t past[] = { 0x00, 0x01, 0x04, 0x00, 0x00 };
	static const uint8_t hdr[] = { 0x00, 0x01, 0x04, 0, 0, 0, 7, 0x01,
	    0x01 };
	static const uint8_t three[] = { 0x00, 0x01, 0x01, 1, 0x01, 0x01, 0x01,
	    2, 0x02, 0x01, 0x01, 3, 0xff };
	struct brother_rec	r[4];
	size_t			n;

	n = 9;
	CHECK(parse_exact(flag, sizeof(flag), 0, r, 4, &n) == -1 && n == 0);
	n = 9;
	CHECK(parse_exact(len0, sizeof(len0), 0, r, 4, &n) == -1 && n == 0);
	n = 9;
	CHECK(parse_exact(len9, sizeof(len9), 0, r, 4, &n) == -1 && n == 0);
	n = 9;
	CHECK(parse_exact(past, sizeof(past), 0, r, 4, &n) == -1 && n == 0);
	n = 9;
	CHECK(parse_exact(hdr, sizeof(hdr), 0, r, 4, &n) == -1 && n == 0);
	/* More records than room: refused, not cut. */
	CHECK(parse_exact(three, sizeof(three), 0, r, 2, &n) == -1 && n == 0);
	CHECK(parse_exact(three, sizeof(three), 0, r, 3, &n) == 0 && n == 3);
	CHECK(parse_exact(three, sizeof(three), 0, r, 0, &n) == -1);
}

static void
test_parse_short(void)
{
	/* Coverage, replace and jam blobs: CODE LEN VALUE. */
	static const uint8_t cov[] = { 0x00, 0x02, 0x05, 0x44, 0xff };
	static const uint8_t rep[] = { 0x82, 0x01, 0x00, 0xa0, 0x01, 0x01,
	    0xff };
	static const uint8_t bad[] = { 0x01, 0x02, 0x00 };
	struct brother_rec	r[4];
	size_t			n;

	CHECK(parse_exact(cov, sizeof(cov), 1, r, 4, &n) == 0 && n == 1 &&
	    r[0].code == 0 && r[0].value == 0x0544);
	CHECK(parse_exact(rep, sizeof(rep), 1, r, 4, &n) == 0 && n == 2 &&
	    r[0].code == 0x82 && r[0].value == 0 && r[1].code == 0xa0 &&
	    r[1].value == 1);
	CHECK(parse_exact(bad, sizeof(bad), 1, r, 4, &n) == -1 && n == 0);
	/* The long layout refuses the short one (second byte not 0x01). */
	CHECK(parse_exact(cov, sizeof(cov), 0, r, 4, &n) == -1);
}

static void
test_parse_truncations(void)
{
	static const uint8_t b[] = { 0x00, 0x01, 0x04, 0x00, 0x00, 0x13, 0x4b,
	    0x02, 0x01, 0x04, 0x00, 0x00, 0x0c, 0x69, 0x01, 0x01, 0x02, 0x06,
	    0xe2, 0xff };
	struct brother_rec	r[8];
	size_t			len, n;
	int			rc, ok = 1;

	for (len = 0; len <= sizeof(b); len++) {
		rc = parse_exact(b, len, 0, r, nitems(r), &n);
		if (rc != 0 && rc != -1)
			ok = 0;
		if (rc == -1 && n != 0)
			ok = 0;
		if (rc == 0 && n > 3)
			ok = 0;
		/* Whole records at a cut: accepted, and only those. */
		if (len == 7 && !(rc == 0 && n == 1))
			ok = 0;
		if (len == 8 && !(rc == 0 && n == 1))
			ok = 0;
		if (len == 9 && rc != -1)
			ok = 0;
		rc = parse_exact(b, len, 1, r, nitems(r), &n);
		if (rc == -1 && n != 0)
			ok = 0;
	}
	CHECK(ok);
}

static void
test_parse_random(void)
{
	struct brother_rec	r[BROTHER_MAX_RECS];
	uint8_t			b[64];
	uint32_t		x = 12345;
	size_t			i, k, len, n;
	int			rc, ok = 1, accepted = 0;

	for (i = 0; i < 20000; i++) {
		x = x * 1103515245u + 12345u;
		len = (x >> 16) % sizeof(b);
		for (k = 0; k < len; k++) {
			x = x * 1103515245u + 12345u;
			b[k] = (uint8_t)(x >> 16);
			/* Make the flag byte likely, to go deeper. */
			if (k % 3 == 1 && (x & 0x100))
				b[k] = 0x01;
			if (k % 3 == 2 && (x & 0x200))
				b[k] = (uint8_t)(1 + (x >> 24) % 8);
		}
		rc = parse_exact(b, len, (int)(i & 1), r, i % 7, &n);
		if (rc == -1 && n != 0)
			ok = 0;
		if (rc == 0) {
			accepted++;
			if (n > i % 7)
				ok = 0;
			for (k = 0; k < n; k++)
				if (r[k].len < 1 || r[k].len > 8)
					ok = 0;
		}
	}
	CHECK(ok);
	CHECK(accepted > 100);
}

static void
test_find(void)
{
	static const struct brother_rec r[] = { { 0x11, 4, 5 },
	    { 0x41, 1, 3 }, { 0x11, 4, 6 } };

	CHECK(brother_find(r, 3, 0x11) == &r[0]);
	CHECK(brother_find(r, 3, 0x41) == &r[1]);
	CHECK(brother_find(r, 3, 0x6f) == NULL);
	CHECK(brother_find(r, 0, 0x11) == NULL);
}

/* Reads tests/data/brother/name into l. */
static int
load(const char *name, struct vb_list *l)
{
	char		 path[256], *buf;
	FILE		*f;
	size_t		 n;
	struct fa_err	 e;
	int		 rc;

	snprintf(path, sizeof(path), "tests/data/brother/%s", name);
	if ((f = fopen(path, "r")) == NULL) {
		printf("# cannot open %s (run from the repository)\n", path);
		return -1;
	}
	buf = fa_malloc(1 << 16);
	n = fread(buf, 1, 1 << 16, f);
	fclose(f);
	rc = vb_snmprec_parse(buf, n, path, 10000, l, &e);
	free(buf);
	if (rc != 0)
		printf("# %s\n", e.msg);
	return rc;
}

static int64_t
num(const struct vb_list *l, const char *s)
{
	uint32_t	 oid[VB_MAX_OID];
	size_t		 len;
	const struct vb	*v;

	if (vb_oid_parse(s, oid, &len) != 0 || (v = vb_get(l, oid, len)) ==
	    NULL || !vb_is_num(v))
		return DEV_NONE;
	return v->num;
}

/*
 * The few prtMarkerSuppliesTable columns these tests need, as prt.c
 * would give them (this program does not link prt.c): rows 1.1 to 1.16.
 */
static void
supplies_from(const struct vb_list *l, struct device *d)
{
	char		 o[64];
	uint32_t	 oid[VB_MAX_OID];
	size_t		 len;
	const struct vb	*v;
	int		 i;
	int64_t		 x;

	for (i = 1; i <= 16; i++) {
		struct dev_supply	*s;

		snprintf(o, sizeof(o), "1.3.6.1.2.1.43.11.1.1.6.1.%d", i);
		if (vb_oid_parse(o, oid, &len) != 0 ||
		    (v = vb_get(l, oid, len)) == NULL)
			continue;
		s = dev_add_supply(d);
		s->index = i;
		s->description = vb_text(v, DEV_MAX_STR);
		snprintf(o, sizeof(o), "1.3.6.1.2.1.43.11.1.1.5.1.%d", i);
		x = num(l, o);
		dev_set(&s->type, x == 21 ? "tonerCartridge" : x == 20 ?
		    "transferUnit" : x == 6 ? "inkCartridge" : x == 4 ?
		    "wasteToner" : "other");
		snprintf(o, sizeof(o), "1.3.6.1.2.1.43.11.1.1.7.1.%d", i);
		dev_set(&s->unit, num(l, o) == 19 ? "percent" : "impressions");
		snprintf(o, sizeof(o), "1.3.6.1.2.1.43.11.1.1.8.1.%d", i);
		if ((x = num(l, o)) > 0)
			s->max = x;
		snprintf(o, sizeof(o), "1.3.6.1.2.1.43.11.1.1.9.1.%d", i);
		x = num(l, o);
		if (x >= 0)
			s->level = x;
		dev_set(&s->state, dev_level_state((long)x));
		s->percent = dev_percent(s->level, s->max);
	}
}

static int
meter_is(const struct device *d, const char *name, int64_t value,
    const char *src)
{
	const struct dev_meter	*m = dev_meter(d, name);

	if (m == NULL) {
		printf("# no meter %s\n", name);
		return 0;
	}
	if (m->value != value || strcmp(m->unit, "impressions") != 0 ||
	    strcmp(m->source_oid, src) != 0) {
		printf("# meter %s = %lld %s %s\n", name, (long long)m->value,
		    m->unit, m->source_oid);
		return 0;
	}
	return 1;
}

static const struct dev_supply *
supply(const struct device *d, const char *descr)
{
	size_t	i;

	for (i = 0; i < d->nsupplies; i++)
		if (d->supplies[i].description != NULL &&
		    strcmp(d->supplies[i].description, descr) == 0)
			return &d->supplies[i];
	printf("# no supply '%s'\n", descr);
	return NULL;
}

/* Level, percent, state and level source (NULL: the Printer-MIB's). */
static int
supply_is(const struct device *d, const char *descr, int64_t level,
    int percent, const char *state, const char *src)
{
	const struct dev_supply	*s = supply(d, descr);

	if (s == NULL)
		return 0;
	if (s->level != level || s->percent != percent ||
	    strcmp(s->state, state) != 0 || (src == NULL) !=
	    (s->level_source == NULL) || (src != NULL &&
	    strcmp(src, s->level_source) != 0)) {
		printf("# supply '%s': %lld %d%% %s %s\n", descr,
		    (long long)s->level, s->percent, s->state,
		    s->level_source ? s->level_source : "(null)");
		return 0;
	}
	return 1;
}

static void
test_colour_meters(void)
{
	struct vb_list	l = VB_LIST_INIT;
	struct device	d;

	dev_init(&d);
	CHECK(load("colour-laser.snmprec", &l) == 0);
	brother_meters(&l, &d);
	CHECK(d.nmeters == 15);
	CHECK(meter_is(&d, "total", 12345, "brother:0x00@" CT));
	CHECK(meter_is(&d, "mono", 5000, "brother:0x01@" CT));
	CHECK(meter_is(&d, "colour", 7345, "brother:0x02@" CT));
	CHECK(meter_is(&d, "duplex", 300, "brother:0x06@" CT));
	CHECK(meter_is(&d, "duplex.mono", 100, "brother:0x07@" CT));
	CHECK(meter_is(&d, "duplex.colour", 200, "brother:0x08@" CT));
	CHECK(meter_is(&d, "image", 12000, "brother:0x16@" CT));
	CHECK(meter_is(&d, "image.black", 6000, "brother:0x12@" CT));
	CHECK(meter_is(&d, "image.cyan", 3000, "brother:0x13@" CT));
	CHECK(meter_is(&d, "image.magenta", 2000, "brother:0x14@" CT));
	CHECK(meter_is(&d, "image.yellow", 1000, "brother:0x15@" CT));
	CHECK(meter_is(&d, "drum.black", 1111, "brother:0x73@" MT));
	CHECK(meter_is(&d, "drum.cyan", 2222, "brother:0x74@" MT));
	CHECK(meter_is(&d, "drum.magenta", 3333, "brother:0x75@" MT));
	CHECK(meter_is(&d, "drum.yellow", 4444, "brother:0x7e@" MT));
	/* 0x41 is a 1-byte status here, and there is no 0x11. */
	CHECK(dev_meter(&d, "drum") == NULL);
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_colour_supplies(void)
{
	struct vb_list			 l = VB_LIST_INIT;
	struct device			 d;
	const struct dev_supply		*s;

	dev_init(&d);
	CHECK(load("colour-laser.snmprec", &l) == 0);
	supplies_from(&l, &d);
	CHECK(d.nsupplies == 6);
	brother_supplies(&l, &d);
	CHECK(d.nsupplies == 13);
	/* -3 and -2 filled: 4212 -> 43 % (rounded up); 10350 capped. */
	CHECK(supply_is(&d, "Black Toner Cartridge", 43, 43, "ok",
	    "brother:0x6f@" MT));
	CHECK(supply_is(&d, "Cyan Toner Cartridge", 100, 100, "ok",
	    "brother:0x70@" MT " raw=10350"));
	/* No 0x71: the gauge 0x83 instead. */
	CHECK(supply_is(&d, "Magenta Toner Cartridge", 40, 40, "ok",
	    "brother:0x83@" MT));
	/* A real standard level is kept, the blob's 0x72 unused. */
	CHECK(supply_is(&d, "Yellow Toner Cartridge", 55, 55, "ok", NULL));
	CHECK(supply_is(&d, "Belt Unit", 71, 71, "ok", "brother:0x69@" MT));
	/* A waste box is never a toner. */
	CHECK(supply_is(&d, "Waste Toner Box", DEV_NONE, -1,
	    "some_remaining", NULL));
	if ((s = supply(&d, "Black Toner Cartridge")) != NULL)
		CHECK(s->max == 100 && strcmp(s->unit, "percent") == 0 &&
		    s->index == 1);
	/* Rows the table lacks. */
	CHECK(supply_is(&d, "Black drum unit", 50, 50, "ok",
	    "brother:0x79@" MT));
	CHECK(supply_is(&d, "Cyan drum unit", 60, 60, "ok",
	    "brother:0x7a@" MT));
	CHECK(supply_is(&d, "Magenta drum unit", 70, 70, "ok",
	    "brother:0x7b@" MT));
	CHECK(supply_is(&d, "Yellow drum unit", 80, 80, "ok",
	    "brother:0x80@" MT));
	CHECK(supply_is(&d, "Fuser unit", 0, 0, "empty", "brother:0x6a@" MT));
	CHECK(supply_is(&d, "Laser unit", 40000, -1, "ok",
	    "brother:0x73@" NC));
	CHECK(supply_is(&d, "Paper feeding kit 1", 0, -1, "empty",
	    "brother:0x77@" NC));
	if ((s = supply(&d, "Black drum unit")) != NULL)
		CHECK(s->index == 7 && strcmp(s->type, "opc") == 0 &&
		    strcmp(s->colorant, "black") == 0 &&
		    strcmp(s->class, "consumed") == 0 && s->max == 100);
	if ((s = supply(&d, "Laser unit")) != NULL)
		CHECK(s->index == 12 && s->max == DEV_NONE &&
		    strcmp(s->unit, "impressions") == 0 &&
		    s->colorant == NULL);
	if ((s = supply(&d, "Fuser unit")) != NULL)
		CHECK(strcmp(s->type, "fuser") == 0);
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_mono_partial(void)
{
	struct vb_list			 l = VB_LIST_INIT;
	struct device			 d;
	const struct dev_supply		*s;

	dev_init(&d);
	CHECK(load("mono-partial.snmprec", &l) == 0);
	brother_meters(&l, &d);
	brother_supplies(&l, &d);
	/* A check byte instead of 0xff, and no terminator: tolerated. */
	CHECK(d.nmeters == 2);
	CHECK(meter_is(&d, "total", 20480, "brother:0x00@" CT));
	CHECK(meter_is(&d, "drum", 2500, "brother:0x11@" MT));
	CHECK(d.nsupplies == 2);
	CHECK(supply_is(&d, "Black toner", 0, 0, "empty", "brother:0x6f@" MT));
	/* 0x41 is a status byte: the drum comes from the next-care pages. */
	CHECK(supply_is(&d, "Drum unit", 9000, -1, "ok", "brother:0x82@" NC));
	if ((s = supply(&d, "Black toner")) != NULL)
		CHECK(s->index == 1 && strcmp(s->type, "tonerCartridge") == 0);
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_inkjet(void)
{
	struct vb_list			 l = VB_LIST_INIT;
	struct device			 d;
	const struct dev_supply		*s;

	dev_init(&d);
	CHECK(load("inkjet.snmprec", &l) == 0);
	supplies_from(&l, &d);
	brother_meters(&l, &d);
	brother_supplies(&l, &d);
	CHECK(meter_is(&d, "total", 777, "brother:0x00@" CT));
	CHECK(meter_is(&d, "mono", 700, "brother:0x01@" CT));
	CHECK(meter_is(&d, "colour", 77, "brother:0x02@" CT));
	CHECK(d.nsupplies == 4);
	CHECK(supply_is(&d, "Black Ink", 80, 80, "ok", "brother:0x6f@" MT));
	CHECK(supply_is(&d, "Cyan ink", 60, 60, "ok", "brother:0x70@" MT));
	CHECK(supply_is(&d, "Magenta ink", 1, 1, "ok", "brother:0x71@" MT));
	CHECK(supply_is(&d, "Yellow ink", 0, 0, "empty", "brother:0x72@" MT));
	if ((s = supply(&d, "Cyan ink")) != NULL)
		CHECK(s->index == 2 && strcmp(s->type, "inkCartridge") == 0);
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_malformed_file(void)
{
	struct vb_list	l = VB_LIST_INIT;
	struct device	d;

	dev_init(&d);
	CHECK(load("malformed.snmprec", &l) == 0);
	brother_meters(&l, &d);
	brother_supplies(&l, &d);
	CHECK(d.nmeters == 0);
	CHECK(d.nsupplies == 0);
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_first_wins(void)
{
	struct vb_list	l = VB_LIST_INIT;
	struct device	d;

	dev_init(&d);
	CHECK(load("colour-laser.snmprec", &l) == 0);
	dev_add_meter(&d, "total", 1, "impressions", "1.3.6.1.4.1.2435.9");
	brother_meters(&l, &d);
	CHECK(meter_is(&d, "total", 1, "1.3.6.1.4.1.2435.9"));
	CHECK(meter_is(&d, "mono", 5000, "brother:0x01@" CT));
	dev_release(&d);
	vb_list_release(&l);
}

static void
test_inline(void)
{
	/* A blob of the wrong type is ignored; a 64-bit value too large
	 * for a meter is skipped; an inkjet model names new rows ink. */
	static const char text[] =
	    BROTHER_OID ".8.0|2|42\n"
	    BROTHER_OID ".10.0|4x|00010880000000000000010101040000002aff\n";
	static const char text2[] =
	    BROTHER_OID ".8.0|4x|6f0104000013edff\n";
	struct vb_list	l = VB_LIST_INIT;
	struct fa_err	e;
	struct device	d;

	dev_init(&d);
	CHECK(vb_snmprec_parse(text, strlen(text), "inline", 10, &l, &e) ==
	    0);
	brother_meters(&l, &d);
	brother_supplies(&l, &d);
	CHECK(dev_meter(&d, "total") == NULL);
	CHECK(meter_is(&d, "mono", 42, "brother:0x01@" CT));
	CHECK(d.nsupplies == 0);
	vb_list_release(&l);
	dev_release(&d);

	dev_init(&d);
	dev_set(&d.model, "MFC-J9999DW");
	CHECK(vb_snmprec_parse(text2, strlen(text2), "inline", 10, &l, &e) ==
	    0);
	brother_supplies(&l, &d);
	CHECK(supply_is(&d, "Black ink", 52, 52, "ok", "brother:0x6f@" MT));
	vb_list_release(&l);
	dev_release(&d);
}

int
main(void)
{
	RUN(test_parse_good);
	RUN(test_parse_tolerated);
	RUN(test_parse_refused);
	RUN(test_parse_short);
	RUN(test_parse_truncations);
	RUN(test_parse_random);
	RUN(test_find);
	RUN(test_colour_meters);
	RUN(test_colour_supplies);
	RUN(test_mono_partial);
	RUN(test_inkjet);
	RUN(test_malformed_file);
	RUN(test_first_wins);
	RUN(test_inline);
	return unit_any_failed;
}
