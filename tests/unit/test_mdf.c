/*
 * test_mdf.c: model definitions (docs/models.md).  Every built-in file
 * parses; bad files are refused with file:line; the most specific
 * definition wins; OEM devices keep their brand; and each definition is
 * applied to the recordings written for these tests (tests/data/models/,
 * values chosen by hand, see the README there): meters with their
 * provenance, the sum rule, the cross-checks, Ricoh's real toner levels,
 * HP's part numbers, Brother's blobs.  Run from the repository.
 */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../cli/util.h"
#include "../../collector/device.h"
#include "../../collector/mdf.h"
#include "../../collector/prt.h"
#include "../../collector/vb.h"
#include "../../collector/vendor.h"
#include "unit.h"

#define DATA	"tests/data/models/"

static int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
parse_text(const char *text, const char *name, struct mdf_set *set,
    struct fa_err *e)
{
	return mdf_parse(text, strlen(text), name, set, e);
}

static const struct mdf_def *
def_by_id(const struct mdf_set *set, const char *id)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].id, id) == 0)
			return &set->v[i];
	return NULL;
}

static const struct dev_supply *
supply(const struct device *d, int index)
{
	size_t	i;

	for (i = 0; i < d->nsupplies; i++)
		if (d->supplies[i].index == index)
			return &d->supplies[i];
	return NULL;
}

static const struct dev_check *
check(const struct device *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->nchecks; i++)
		if (strcmp(d->checks[i].name, name) == 0)
			return &d->checks[i];
	return NULL;
}

/* A meter's value and provenance, or 0. */
static int
meter_is(const struct device *d, const char *name, int64_t value,
    const char *source)
{
	const struct dev_meter	*m = dev_meter(d, name);

	if (m == NULL) {
		printf("# no meter %s\n", name);
		return 0;
	}
	if (m->value != value || !streq(m->source_oid, source)) {
		printf("# meter %s = %lld from %s\n", name,
		    (long long)m->value, m->source_oid);
		return 0;
	}
	return 1;
}

/*
 * Reads a recording the way a scan would: the standard decoding, the
 * built-in definition that matches (its id returned in *id, "" when none),
 * then the cross-checks; of the parts in parts (DEV_P_*) only.
 */
static int
read_parts(const char *text, size_t len, const char *name, unsigned parts,
    struct device *d)
{
	struct vb_list		 l = VB_LIST_INIT;
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*def;

	dev_init(d);
	d->parts = parts;
	if (vb_snmprec_parse(text, len, name, 100000, &l, &e) != 0) {
		printf("# %s\n", e.msg);
		return -1;
	}
	if (mdf_load_builtin(&set, &e) != 0) {
		printf("# %s\n", e.msg);
		vb_list_release(&l);
		return -1;
	}
	vb_sort(&l);
	prt_decode(&l, d);
	def = mdf_match(&set, d->sys_object_id, d->sys_descr, d->enterprise);
	if (def != NULL)
		mdf_apply(def, &l, d);
	mdf_checks(d);
	mdf_set_release(&set);
	vb_list_release(&l);
	return 0;
}

static int
read_text(const char *text, size_t len, const char *name, struct device *d)
{
	return read_parts(text, len, name, DEV_P_ALL, d);
}

static int
read_inline(const char *text, struct device *d)
{
	return read_text(text, strlen(text), "inline", d);
}

static int
read_file_parts(const char *file, unsigned parts, struct device *d)
{
	char	path[256], *buf;
	FILE	*f;
	size_t	 n;
	int	 rc;

	snprintf(path, sizeof(path), DATA "%s", file);
	if ((f = fopen(path, "r")) == NULL) {
		printf("# cannot open %s (run from the repository)\n", path);
		dev_init(d);
		return -1;
	}
	buf = fa_malloc(1 << 20);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	rc = read_parts(buf, n, path, parts, d);
	free(buf);
	return rc;
}

static int
read_file(const char *file, struct device *d)
{
	return read_file_parts(file, DEV_P_ALL, d);
}

/* A read that failed (RC not 0) is a failed check, its device released:
 * returns whether the read went well. */
static int
read_ok(int rc, struct device *d)
{
	if (rc == 0)
		return 1;
	CHECK(0);
	dev_release(d);
	return 0;
}

/* Every built-in file parses, every definition is complete and its id
 * unique, and the families the files promise are there. */
static void
test_builtin(void)
{
	struct mdf_set	 set = MDF_SET_INIT;
	struct fa_err	 e;
	size_t		 i, j;
	static const char *const ids[] = { "hp", "ricoh", "kyocera", "canon",
	    "xerox", "fujixerox", "konica", "sharp", "brother", "lexmark",
	    "epson", "oki", "toshiba", "toshiba-tec-label", "samsung", "dell",
	    "zebra", "zebra-zebranet" };

	CHECK(mdf_nbuiltins >= 16);
	for (i = 0; i < mdf_nbuiltins; i++) {
		size_t n = strlen(mdf_builtins[i].name);

		CHECK(n > 6 && strcmp(mdf_builtins[i].name + n - 6,
		    ".model") == 0);
	}
	if (mdf_load_builtin(&set, &e) != 0) {
		printf("# %s\n", e.msg);
		CHECK(0);
		return;
	}
	for (i = 0; i < nitems(ids); i++) {
		if (def_by_id(&set, ids[i]) == NULL)
			printf("# no built-in definition %s\n", ids[i]);
		CHECK(def_by_id(&set, ids[i]) != NULL);
	}
	for (i = 0; i < set.n; i++) {
		const struct mdf_def *d = &set.v[i];

		CHECK(d->order == (int)i);
		CHECK(d->used == (1u << d->nuses) - 1);	/* all resolved */
		for (j = i + 1; j < set.n; j++)
			if (strcmp(d->id, set.v[j].id) == 0) {
				printf("# id %s twice\n", d->id);
				CHECK(0);
			}
		if (d->shared) {	/* lines for "use", never matched */
			CHECK(d->vendor == NULL && d->enterprise == 0 &&
			    d->nmeters > 0);
			continue;
		}
		CHECK(d->vendor != NULL && *d->vendor != '\0');
		CHECK(d->enterprise != 0 || d->sysobjectid != NULL ||
		    d->descr != NULL);
	}
	mdf_set_release(&set);
}

/* What the scan asks for a definition: its scalars (sums and blobs
 * included) and its supply columns. */
static void
test_requests(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*d;
	const char		*o[MDF_MAX_METERS * MDF_MAX_SUM + 8];
	size_t			 n, i;
	int			 simplex = 0, blob8 = 0, blob10 = 0;

	if (mdf_load_builtin(&set, &e) != 0) {
		CHECK(0);
		return;
	}
	d = def_by_id(&set, "kyocera");
	CHECK(d != NULL);
	if (d != NULL) {
		/* Two "meter total" lines: the OID first, the sum after. */
		CHECK(d->nmeters >= 2);
		CHECK(strcmp(d->meters[0].name, "total") == 0 &&
		    d->meters[0].kind == MDF_OID);
		CHECK(strcmp(d->meters[1].name, "total") == 0 &&
		    d->meters[1].kind == MDF_SUM && d->meters[1].noids == 2);
		n = mdf_scalars(d, DEV_P_ALL, o, nitems(o));
		for (i = 0; i < n; i++)
			simplex += strcmp(o[i],
			    "1.3.6.1.4.1.1347.42.2.5.1.1.1.1") == 0;
		CHECK(simplex == 1);
		CHECK(mdf_columns(d, DEV_P_ALL, o, nitems(o)) == 0);
	}
	d = def_by_id(&set, "brother");
	CHECK(d != NULL);
	if (d != NULL) {
		n = mdf_scalars(d, DEV_P_ALL, o, nitems(o));
		for (i = 0; i < n; i++) {
			blob8 += strcmp(o[i],
			    "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.8.0") == 0;
			blob10 += strcmp(o[i],
			    "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0") == 0;
		}
		CHECK(blob8 == 1 && blob10 == 1);
	}
	d = def_by_id(&set, "ricoh");
	CHECK(d != NULL);
	if (d != NULL) {
		/* its label meters' value and name columns, then the
		 * supply level column */
		n = mdf_columns(d, DEV_P_ALL, o, nitems(o));
		CHECK(n == 3 && strcmp(o[0],
		    "1.3.6.1.4.1.367.3.2.1.2.19.5.1.9") == 0 &&
		    strcmp(o[1], "1.3.6.1.4.1.367.3.2.1.2.19.5.1.5") == 0 &&
		    strcmp(o[2], "1.3.6.1.4.1.367.3.2.1.2.24.1.1.5") == 0);
	}
	d = def_by_id(&set, "hp");
	CHECK(d != NULL && d->supply_partpattern != NULL);
	mdf_set_release(&set);
}

/* A label meter finds its row by name; a split that adds up to the total
 * gives mono and colour, one that does not gives none. */
static void
test_label_and_split(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	struct vb_list		 l = VB_LIST_INIT;
	struct device		 d;
	const struct dev_meter	*m;
	static const char def[] = "[model t]\nvendor = T\n"
	    "match = enterprise 99999\n"
	    "meter total = 1.3.6.1.4.1.99999.1.0\n"
	    "meter print.mono = label 1.3.6.1.4.1.99999.2.9 "
	    "1.3.6.1.4.1.99999.2.5  printer: black & white \n"
	    "meter print.colour = label 1.3.6.1.4.1.99999.2.9 "
	    "1.3.6.1.4.1.99999.2.5 Printer: Full Color\n";
	static const char rec[] =
	    "1.3.6.1.4.1.99999.1.0|65|1000\n"
	    "1.3.6.1.4.1.99999.2.5.3|4|Printer: Full Color\n"
	    "1.3.6.1.4.1.99999.2.5.7|4|Printer: Black & White\n"
	    "1.3.6.1.4.1.99999.2.9.3|65|300\n"
	    "1.3.6.1.4.1.99999.2.9.7|65|700\n";
	static const char bad[] = "[model u]\nvendor = U\n"
	    "match = enterprise 1\nmeter x = label 1.3.6.1.4.1.1.1\n";
	static const char rec2[] =
	    "1.3.6.1.4.1.99999.1.0|65|1001\n"
	    "1.3.6.1.4.1.99999.2.5.3|4|Printer: Full Color\n"
	    "1.3.6.1.4.1.99999.2.5.7|4|Printer: Black & White\n"
	    "1.3.6.1.4.1.99999.2.9.3|65|300\n"
	    "1.3.6.1.4.1.99999.2.9.7|65|700\n";

	CHECK(mdf_parse(def, sizeof(def) - 1, "t.model", &set, &e) == 0);
	CHECK(vb_snmprec_parse(rec, sizeof(rec) - 1, "t", 100, &l, &e) == 0);
	if (set.n != 1) {
		printf("# %s\n", e.msg);
		return;
	}
	vb_sort(&l);
	dev_init(&d);
	mdf_apply(&set.v[0], &l, &d);
	mdf_checks(&d);
	CHECK((m = dev_meter(&d, "print.mono")) != NULL && m->value == 700 &&
	    strcmp(m->source_oid, "1.3.6.1.4.1.99999.2.9.7") == 0);
	CHECK((m = dev_meter(&d, "mono")) != NULL && m->value == 700 &&
	    strcmp(m->source_oid, "sum(print.mono)") == 0);
	CHECK((m = dev_meter(&d, "colour")) != NULL && m->value == 300);
	CHECK(d.nchecks == 1 && d.checks[0].ok);
	dev_release(&d);

	/* 1001: the split no longer adds up, so no mono or colour. */
	vb_list_release(&l);
	l = (struct vb_list)VB_LIST_INIT;
	CHECK(vb_snmprec_parse(rec2, sizeof(rec2) - 1, "t", 100, &l, &e) ==
	    0);
	vb_sort(&l);
	dev_init(&d);
	mdf_apply(&set.v[0], &l, &d);
	mdf_checks(&d);
	CHECK(dev_meter(&d, "mono") == NULL && dev_meter(&d, "colour") == NULL);
	CHECK(dev_meter(&d, "print.mono") != NULL);
	dev_release(&d);
	vb_list_release(&l);
	CHECK(mdf_parse(bad, sizeof(bad) - 1, "u.model", &set, &e) == -1);
	mdf_set_release(&set);
}

/* OID in o[0..n)? */
static int
has_oid(const char **o, size_t n, const char *oid)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(o[i], oid) == 0)
			return 1;
	return 0;
}

/* A partial read asks only for its part's objects: Brother's counter blob
 * for meters, with the maintenance blob (drum counters) also used for
 * supplies; identity always; each OID once. */
static void
test_requests_by_part(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*d;
	const char		*o[MDF_MAX_METERS * MDF_MAX_SUM + 8];
	size_t			 n;
#define BR	"1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5."

	if (mdf_load_builtin(&set, &e) != 0) {
		CHECK(0);
		return;
	}
	if ((d = def_by_id(&set, "brother")) != NULL) {
		n = mdf_scalars(d, DEV_P_ATTRS, o, nitems(o));
		CHECK(n == 3 && has_oid(o, n, BR "1.0") &&
		    has_oid(o, n, BR "17.0"));
		n = mdf_scalars(d, DEV_P_METERS, o, nitems(o));
		CHECK(n == 5 && has_oid(o, n, BR "10.0") &&
		    has_oid(o, n, BR "8.0"));
		n = mdf_scalars(d, DEV_P_SUPPLIES, o, nitems(o));
		CHECK(n == 4 && !has_oid(o, n, BR "10.0") &&
		    has_oid(o, n, BR "8.0"));
		n = mdf_scalars(d, DEV_P_ALL, o, nitems(o));
		CHECK(n == 5);
	} else
		CHECK(0);
	if ((d = def_by_id(&set, "ricoh")) != NULL) {
		CHECK(mdf_columns(d, DEV_P_ERRORS | DEV_P_ATTRS, o,
		    nitems(o)) == 0);
		CHECK(mdf_columns(d, DEV_P_METERS, o, nitems(o)) == 2);
		CHECK(mdf_columns(d, DEV_P_SUPPLIES, o, nitems(o)) == 1);
	} else
		CHECK(0);
#undef BR
	mdf_set_release(&set);
}

/* Decoding fills only the parts read: no error bits from hrPrinterTable
 * (read for the identity) in a meters read, no total or cross-check made
 * up without one, no supply rows out of the blobs. */
static void
test_decode_by_part(void)
{
	struct device	d;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|Acme Laser 9\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1\n"
	    "1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5\n"
	    "1.3.6.1.2.1.25.3.2.1.5.1|2|5\n"
	    "1.3.6.1.2.1.25.3.5.1.1.1|2|1\n"
	    "1.3.6.1.2.1.25.3.5.1.2.1|4x|0800\n"
	    "1.3.6.1.2.1.43.6.1.1.2.1.1|4|Front cover\n"
	    "1.3.6.1.2.1.43.6.1.1.3.1.1|2|3\n"
	    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|777\n"
	    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|40\n";

	if (read_parts(text, strlen(text), "inline", DEV_P_METERS |
	    DEV_P_ATTRS, &d) != 0) {
		CHECK(0);
		dev_release(&d);
		return;
	}
	CHECK(d.status.device == 5 && d.status.printer == 1);
	CHECK(d.status.nerrors == 0 && d.nsupplies == 0);
	CHECK(meter_is(&d, "total", 777, "1.3.6.1.2.1.43.10.2.1.4.1.1"));
	dev_release(&d);
	if (read_parts(text, strlen(text), "inline", DEV_P_ERRORS |
	    DEV_P_ATTRS, &d) != 0) {
		CHECK(0);
		dev_release(&d);
		return;
	}
	CHECK(d.nmeters == 0 && d.nchecks == 0 && d.nsupplies == 0);
	CHECK(d.status.nerrors == 2 && streq(d.status.errors[0], "doorOpen") &&
	    streq(d.status.errors[1], "coverOpen:Front cover"));
	dev_release(&d);
	/* The recording holds every table and blob; the read asks for
	 * some. */
	CHECK(read_file_parts("brother-blobs.snmprec", DEV_P_ATTRS, &d) == 0);
	CHECK(streq(d.serial, "E78123A9N456789"));
	CHECK(d.nmeters == 0 && d.nsupplies == 0 && d.nchecks == 0);
	dev_release(&d);
	CHECK(read_file_parts("brother-blobs.snmprec", DEV_P_SUPPLIES |
	    DEV_P_ATTRS, &d) == 0);
	CHECK(d.nmeters == 0 && d.nsupplies > 0 && d.nchecks == 0);
	dev_release(&d);
}

/* Every key of the format, in one definition. */
static void
test_parse_all_keys(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*d;
	static const char text[] =
	    "# a comment\r\n"
	    "\n"
	    "  [model acme-laser]  \r\n"
	    "vendor = Acme Corp\n"
	    "brands = Roadrunner,  Coyote ,\n"
	    "match = enterprise 99999\n"
	    "match = sysobjectid .1.3.6.1.4.1.99999.1\n"
	    "match = descr \"Acme Laser\"\n"
	    "priority = -5\n"
	    "model = 1.3.6.1.4.1.99999.1.1.0 field MDL:\n"
	    "serial = 1.3.6.1.4.1.99999.1.2.0\n"
	    "firmware = 1.3.6.1.4.1.99999.1.3.0\n"
	    "status = 1.3.6.1.4.1.99999.1.4.0\n"
	    "meter total = 1.3.6.1.4.1.99999.2.1.0\n"
	    "meter length = 1.3.6.1.4.1.99999.2.2.0 meters\n"
	    "meter copy = sum 1.3.6.1.4.1.99999.2.3.0 1.3.6.1.4.1.99999.2.4.0 "
	    "sheets\n"
	    "meter mono = blob 1.3.6.1.4.1.99999.2.5.0 brother\n"
	    "supply.level = 1.3.6.1.4.1.99999.3.1\n"
	    "supply.serial = 1.3.6.1.4.1.99999.3.2\n"
	    "supply.part = 1.3.6.1.4.1.99999.3.3\n"
	    "supply.blob = 1.3.6.1.4.1.99999.3.4.0 brother\n"
	    "supply.partpattern = Acme ([0-9]{3}[A-Z])\n"
	    "supply.serialpattern = ;SN([0-9A-Z]+)$\n"
	    "lacks = prtAlertTable prtConsoleDisplayBufferTable\n";

	if (parse_text(text, "acme.model", &set, &e) != 0) {
		printf("# %s\n", e.msg);
		CHECK(0);
		return;
	}
	CHECK(set.n == 1);
	d = &set.v[0];
	CHECK(streq(d->id, "acme-laser") && streq(d->file, "acme.model") &&
	    d->line == 3);
	CHECK(streq(d->vendor, "Acme Corp"));
	CHECK(d->nbrands == 2 && streq(d->brands[0], "Roadrunner") &&
	    streq(d->brands[1], "Coyote"));
	CHECK(d->enterprise == 99999);
	CHECK(streq(d->sysobjectid, "1.3.6.1.4.1.99999.1"));
	CHECK(streq(d->descr, "Acme Laser"));
	CHECK(d->priority == -5);
	CHECK(streq(d->model_oid, "1.3.6.1.4.1.99999.1.1.0") &&
	    streq(d->model_field, "MDL:"));
	CHECK(streq(d->serial_oid, "1.3.6.1.4.1.99999.1.2.0"));
	CHECK(streq(d->firmware_oid, "1.3.6.1.4.1.99999.1.3.0"));
	CHECK(streq(d->status_oid, "1.3.6.1.4.1.99999.1.4.0"));
	CHECK(d->nmeters == 4);
	if (d->nmeters == 4) {
		CHECK(streq(d->meters[0].name, "total") &&
		    streq(d->meters[0].unit, "impressions") &&
		    d->meters[0].kind == MDF_OID);
		CHECK(streq(d->meters[1].unit, "meters"));
		CHECK(d->meters[2].kind == MDF_SUM &&
		    d->meters[2].noids == 2 &&
		    streq(d->meters[2].unit, "sheets") &&
		    streq(d->meters[2].oids[1], "1.3.6.1.4.1.99999.2.4.0"));
		CHECK(d->meters[3].kind == MDF_BLOB);
	}
	CHECK(streq(d->supply_level, "1.3.6.1.4.1.99999.3.1"));
	CHECK(streq(d->supply_serial, "1.3.6.1.4.1.99999.3.2"));
	CHECK(streq(d->supply_part, "1.3.6.1.4.1.99999.3.3"));
	CHECK(streq(d->supply_blob, "1.3.6.1.4.1.99999.3.4.0"));
	CHECK(streq(d->supply_partpattern, "Acme ([0-9]{3}[A-Z])"));
	CHECK(streq(d->supply_serialpattern, ";SN([0-9A-Z]+)$"));
	CHECK(d->lacks != 0);
	mdf_set_release(&set);
}

/*
 * One bad file: refused, with "where" (file:line) first and "what" in the
 * message, and the definitions read before it kept.  Returns 0 when so.
 */
static int
parse_error_case(const char *text, const char *where, const char *what,
    size_t i)
{
	struct mdf_set	set = MDF_SET_INIT;
	struct fa_err	e;
	int		rc = 0;

	if (parse_text("[model good]\nvendor = G\nmatch = enterprise 5\n",
	    "good.model", &set, &e) != 0)
		return 1;
	e.msg[0] = '\0';
	if (parse_text(text != NULL ? text : "[model good]\nvendor = G\n"
	    "match = enterprise 5\n", text != NULL ? "bad.model" :
	    "good.model", &set, &e) == 0) {
		printf("# case %zu accepted\n", i);
		rc = 1;
	} else if (strncmp(e.msg, where, strlen(where)) != 0 ||
	    strstr(e.msg, what) == NULL) {
		printf("# case %zu: \"%s\", wanted %s ... %s\n", i, e.msg,
		    where, what);
		rc = 1;
	}
	if (set.n != 1 || !streq(set.v[0].id, "good"))
		rc = 1;
	mdf_set_release(&set);
	fflush(stdout);
	return rc;
}

/* A bad file is refused whole, with file:line, and the set is kept. */
static void
test_parse_errors(void)
{
	static const struct {
		const char	*text;
		const char	*where;	/* "bad.model:N:" */
		const char	*what;
	} bad[] = {
		{ "[model a]\nvendor = X\nmatch = enterprise 1\ncolour = red\n",
		    "bad.model:4:", "unknown key" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "serial = 1.3.6.x.1\n", "bad.model:4:", "bad OID" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter total = 1.3.6.1.4.1..1\n", "bad.model:4:",
		    "bad OID" },
		{ "[model a]\nvendor = X\nmatch = sysobjectid 1.3.x\n",
		    "bad.model:3:", "bad OID" },
		{ "[model a]\nmatch = enterprise 1\n", "bad.model:1:",
		    "has no vendor" },
		{ "# c\n\n[model a]\nvendor = X\nserial = 1.3.6.1.4.1.1.0\n",
		    "bad.model:3:", "has no match" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "supply.partpattern = HP ([A-Z]\n", "bad.model:4:",
		    "regular expression" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "supply.serialpattern = SN ([0-9]\n", "bad.model:4:",
		    "supply.serialpattern: not a valid" },
		/* patterns whose compiled form would take exponential memory */
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "supply.partpattern = ((a+++++++++++++++++++++++)+)+\n",
		    "bad.model:4:", "pattern too costly" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "supply.serialpattern = (((a{64}){64}){64})\n",
		    "bad.model:4:", "pattern too costly" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "supply.partpattern = a{1000}\n",
		    "bad.model:4:", "pattern too costly" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n\n"
		    "[model a]\nvendor = Y\nmatch = enterprise 2\n",
		    "bad.model:5:", "twice" },
		{ "vendor = X\n[model a]\nmatch = enterprise 1\n",
		    "bad.model:1:", "outside" },
		{ "[model Bad_Id]\nvendor = X\nmatch = enterprise 1\n",
		    "bad.model:1:", "lowercase" },
		{ "[model a]\nvendor = X\nmatch = enterprise one\n",
		    "bad.model:3:", "enterprise" },
		{ "[model a]\nvendor = X\nmatch = colour red\n",
		    "bad.model:3:", "match kinds" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter total = sum 1.3.6.1.4.1.1.0\n", "bad.model:4:",
		    "sum OID OID" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter mono = rows 1.3.6.1.4.1.1.7\n", "bad.model:4:",
		    "rows VALUECOL" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter mono = rows 1.3.6.1.4.1.1.7 1.3.6.1.4.1.1.6=x\n",
		    "bad.model:4:", "rows VALUECOL" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter mono = rows 1.3.6.1.4.1.1.7 1.3.6.1.4.1.1.6=1,\n",
		    "bad.model:4:", "rows VALUECOL" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "model = 1.3.6.1.4.1.1.1 last\n", "bad.model:4:",
		    "expected an OID" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter Total = 1.3.6.1.4.1.1.0\n", "bad.model:4:",
		    "lowercase" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "meter total = blob 1.3.6.1.4.1.1.0 canon\n",
		    "bad.model:4:", "blob" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "lacks = prtAlertTable prtNoSuchTable\n", "bad.model:4:",
		    "unknown table" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "just words\n", "bad.model:4:", "key = value" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n[other]\n",
		    "bad.model:4:", "[model ID]" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "priority = 5000\n", "bad.model:4:", "priority" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "ipp X-Count = meter copy\n", "bad.model:4:",
		    "IPP attribute names are lowercase" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "ipp x-count/ = meter copy\n", "bad.model:4:",
		    "ATTRIBUTE/MEMBER" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "ipp x-count = counter copy\n", "bad.model:4:",
		    "'meter NAME [UNIT]'" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "ipp x-count = meter copy pages more\n", "bad.model:4:",
		    "'meter NAME [UNIT]'" },
		{ "[model a]\nvendor = X\nmatch = enterprise 1\n"
		    "ipp x-tag = attribute colour\n", "bad.model:4:",
		    "attribute fields" },
		/* good.model read twice: its ids are there already. */
		{ NULL, "good.model:1:", "twice" },
	};
	size_t		 i;

	/* Each case in a child of its own, so that one which brings the
	 * parser down is one failed case, not the end of the run. */
	for (i = 0; i < nitems(bad); i++) {
		pid_t	pid;
		int	st;

		fflush(stdout);
		if ((pid = fork()) == 0)
			_exit(parse_error_case(bad[i].text, bad[i].where,
			    bad[i].what, i));
		if (pid < 0 || waitpid(pid, &st, 0) != pid) {
			CHECK(0);
			continue;
		}
		if (WIFSIGNALED(st))
			printf("# case %zu: the parser died (signal %d)\n", i,
			    WTERMSIG(st));
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
}

/* "ipp" lines: parsed whole; an IPP read matches by descr in the
 * make-and-model, else by vendor or brand, among definitions with any. */
static void
test_ipp_lines(void)
{
	static const char text[] =
	    "[model snmp-only]\nvendor = Acme\nmatch = enterprise 9\n"
	    "[model acme]\nvendor = Acme\nbrands = Zeta\n"
	    "match = enterprise 9\n"
	    "ipp x-acme-copies = meter copy\n"
	    "ipp x-acme-counters/scan-images = meter scan images\n"
	    "ipp x-acme-drum = supply opc Drum  Unit 2\n"
	    "ipp x-acme-tag = attribute asset\n"
	    "[model acme-laser]\nvendor = Acme\nmatch = descr Laser 9\n"
	    "ipp x-acme-fuser = supply fuser\n";
	struct mdf_set		 set = MDF_SET_INIT;
	const struct mdf_def	*d;
	struct fa_err		 e;

	CHECK(mdf_parse(text, strlen(text), "ipp.model", &set, &e) == 0);
	CHECK(set.n == 3);
	if (set.n != 3)
		goto out;
	d = &set.v[1];
	CHECK(d->nipp == 4);
	CHECK(strcmp(d->ipp[0].attr, "x-acme-copies") == 0 &&
	    d->ipp[0].member == NULL && d->ipp[0].kind == MDF_IPP_METER &&
	    strcmp(d->ipp[0].name, "copy") == 0 &&
	    strcmp(d->ipp[0].unit, "impressions") == 0);
	CHECK(strcmp(d->ipp[1].attr, "x-acme-counters") == 0 &&
	    strcmp(d->ipp[1].member, "scan-images") == 0 &&
	    strcmp(d->ipp[1].unit, "images") == 0);
	CHECK(d->ipp[2].kind == MDF_IPP_SUPPLY &&
	    strcmp(d->ipp[2].name, "opc") == 0 &&
	    strcmp(d->ipp[2].text, "Drum  Unit 2") == 0);
	CHECK(d->ipp[3].kind == MDF_IPP_FIELD &&
	    strcmp(d->ipp[3].name, "asset") == 0);
	CHECK(mdf_match_ipp(&set, "Acme", "Acme Laser 9") == &set.v[2]);
	CHECK(mdf_match_ipp(&set, "ACME", "Acme Inkjet") == &set.v[1]);
	CHECK(mdf_match_ipp(&set, "Zeta", NULL) == &set.v[1]);
	CHECK(mdf_match_ipp(&set, "Other", "Other Laser") == NULL);
	CHECK(mdf_match_ipp(&set, NULL, NULL) == NULL);
out:
	mdf_set_release(&set);
}

/* sysObjectID beats descr beats enterprise; then priority; then the
 * definition read last. */
static void
test_match(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*d;
	static const char a[] =
	    "[model by-ent]\nvendor = E\nmatch = enterprise 9999\n"
	    "[model by-descr]\nvendor = D\nmatch = descr Acme Laser\n"
	    "[model by-oid]\nvendor = O\n"
	    "match = sysobjectid 1.3.6.1.4.1.9999.1\n"
	    "[model by-long-oid]\nvendor = L\n"
	    "match = sysobjectid 1.3.6.1.4.1.9999.1.7\n"
	    "[model ent-and-descr]\nvendor = B\nmatch = enterprise 8888\n"
	    "match = descr Beta\n"
	    "[model prio-high]\nvendor = P\nmatch = enterprise 7777\n"
	    "priority = 5\n"
	    "[model prio-low]\nvendor = Q\nmatch = enterprise 7777\n"
	    "[model tie-first]\nvendor = T\nmatch = enterprise 6666\n";
	static const char b[] =
	    "[model tie-second]\nvendor = U\nmatch = enterprise 6666\n";

	if (parse_text(a, "a.model", &set, &e) != 0 ||
	    parse_text(b, "b.model", &set, &e) != 0) {
		printf("# %s\n", e.msg);
		CHECK(0);
		return;
	}
#define ID(x)	((x) != NULL ? (x)->id : "(none)")
	d = mdf_match(&set, "1.3.6.1.4.1.9999.1.5", "Acme Laser 5", 9999);
	CHECK(streq(ID(d), "by-oid"));
	d = mdf_match(&set, ".1.3.6.1.4.1.9999.1.7.2", "Acme Laser 5", 9999);
	CHECK(streq(ID(d), "by-long-oid"));
	d = mdf_match(&set, "1.3.6.1.4.1.9999.2", "ACME LASER 5", 9999);
	CHECK(streq(ID(d), "by-descr"));
	d = mdf_match(&set, "1.3.6.1.4.1.9999.2", "Other", 9999);
	CHECK(streq(ID(d), "by-ent"));
	/* Arc boundaries: .10 is not under .1. */
	d = mdf_match(&set, "1.3.6.1.4.1.9999.10", NULL, 9999);
	CHECK(streq(ID(d), "by-ent"));
	d = mdf_match(&set, NULL, NULL, 1234);
	CHECK(d == NULL);
	/* All match lines must hold. */
	d = mdf_match(&set, "1.3.6.1.4.1.8888.1", "Beta 1", 8888);
	CHECK(streq(ID(d), "ent-and-descr"));
	d = mdf_match(&set, "1.3.6.1.4.1.1234.1", "Beta 1", 1234);
	CHECK(d == NULL);
	d = mdf_match(&set, "1.3.6.1.4.1.8888.1", "Gamma", 8888);
	CHECK(d == NULL);
	/* Priority before read order. */
	d = mdf_match(&set, "1.3.6.1.4.1.7777.1", NULL, 7777);
	CHECK(streq(ID(d), "prio-high"));
	/* Equal in all: the later file wins. */
	d = mdf_match(&set, "1.3.6.1.4.1.6666.1", NULL, 6666);
	CHECK(streq(ID(d), "tie-second"));
	mdf_set_release(&set);

	/* A field engineer's file overrides a built-in definition. */
	if (mdf_load_builtin(&set, &e) != 0 || parse_text(
	    "[model site-hp]\nvendor = HP\nmatch = enterprise 11\n",
	    "site.model", &set, &e) != 0) {
		CHECK(0);
		return;
	}
	d = mdf_match(&set, "1.3.6.1.4.1.11.2.3.9.1", "HP ETHERNET", 11);
	CHECK(streq(ID(d), "site-hp"));
	/* Built-ins: a Toshiba TEC label printer's sysObjectID is more
	 * specific than Toshiba TEC's enterprise. */
	d = mdf_match(&set, "1.3.6.1.4.1.1129.1.2.1", "TOSHIBA TEC B-EV4",
	    1129);
	CHECK(streq(ID(d), "toshiba-tec-label"));
	d = mdf_match(&set, "1.3.6.1.4.1.1129.2.3.1", "TOSHIBA e-STUDIO5015AC",
	    1129);
	CHECK(streq(ID(d), "toshiba"));
#undef ID
	mdf_set_release(&set);
}

/* Who made it and whose name it carries. */
static void
test_oem_brands(void)
{
	static const struct {
		const char	*text;
		const char	*def;
		const char	*vendor;
	} cases[] = {
		{ "1.3.6.1.2.1.1.1.0|4|TA_UTAX Printing System\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41\n"
		    "1.3.6.1.4.1.1347.43.5.1.1.1.1|4|P-4532DN\n",
		    "kyocera", "UTAX" },
		{ "1.3.6.1.2.1.1.1.0|4|KYOCERA Document Solutions Printing "
		    "System\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41\n",
		    "kyocera", "Kyocera" },
		{ "1.3.6.1.2.1.1.1.0|4|Gestetner MPC2500/DSc525 1.71 / "
		    "Gestetner Network Printer C model\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.367.1.1\n"
		    "1.3.6.1.4.1.367.3.2.1.1.1.1.0|4|Gestetner MPC2500/DSc525\n",
		    "ricoh", "Gestetner" },
		{ "1.3.6.1.2.1.1.1.0|4|RICOH Aficio MP C3002 2.20\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.367.1.1\n",
		    "ricoh", "Ricoh" },
		{ "1.3.6.1.2.1.1.1.0|4|TOSHIBA e-STUDIO305CS version "
		    "NH63.GM.N639 kernel 3.0.0 All-N-1\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.641.2.71107164\n",
		    "lexmark", "Toshiba" },
		{ "1.3.6.1.2.1.1.1.0|4|TOSHIBA TEC B-EV4\n"
		    "1.3.6.1.2.1.1.2.0|6|.1.3.6.1.4.1.1129.1.2.1\n",
		    "toshiba-tec-label", "Toshiba TEC" },
		{ "1.3.6.1.2.1.1.1.0|4|FUJIFILM Apeos C7580\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.297.1.11.93.2.1.2.3.5\n",
		    "fujixerox", "Fujifilm" },
		{ "1.3.6.1.2.1.1.1.0|4|FUJI XEROX ApeosPort-VI C4471;ESS1.0.217\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.297.1.11.93.1.35.34.7.1\n",
		    "fujixerox", "Fuji Xerox" },
		{ "1.3.6.1.2.1.1.1.0|4|KONICA MINOLTA bizhub C3110\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2\n",
		    "konica", "Konica Minolta" },
	};
	struct device	d;
	size_t		i;

	for (i = 0; i < nitems(cases); i++) {
		if (!read_ok(read_inline(cases[i].text, &d), &d))
			continue;
		if (!streq(d.model_def, cases[i].def) ||
		    !streq(d.vendor, cases[i].vendor)) {
			printf("# case %zu: %s by %s\n", i, d.vendor,
			    d.model_def);
			CHECK(0);
		}
		dev_release(&d);
	}
}

/* A Kyocera-built UTAX without hrDeviceDescr: its model is the private
 * kcprtGeneralModelName, not a word of "TA_UTAX Printing System". */
static void
test_oem_model(void)
{
	struct device	d;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|TA_UTAX Printing System\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41\n"
	    "1.3.6.1.4.1.1347.43.5.1.1.1.1|4|P-4532DN\n"
	    "1.3.6.1.4.1.1347.43.5.1.1.28.1|4|R9L0309954\n";

	if (read_inline(text, &d) == 0) {
		CHECK(streq(d.vendor, "UTAX"));
		CHECK(streq(d.serial, "R9L0309954"));
		if (!streq(d.model, "P-4532DN"))
			printf("# model \"%s\"\n", d.model ? d.model : "");
		CHECK(streq(d.model, "P-4532DN"));
	} else
		CHECK(0);
	dev_release(&d);
}

/* The Kyocera whose total is the sum of its simplex and duplex counts. */
static void
test_kyocera_sum(void)
{
	struct device		 d;
	const struct dev_check	*c;

	if (!read_ok(read_file("kyocera-sum.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "kyocera"));
	CHECK(streq(d.vendor, "Kyocera"));
	CHECK(streq(d.model, "ECOSYS M2540dn"));
	CHECK(streq(d.serial, "VCF9Z40123"));
	CHECK(streq(d.firmware, "2R7_2000.001.005"));
	CHECK(meter_is(&d, "total", 9652, "sum(1.3.6.1.4.1.1347.42.2.5.1.1.1.1,"
	    "1.3.6.1.4.1.1347.42.2.5.1.1.2.1)"));
	CHECK(meter_is(&d, "duplex", 1421, "1.3.6.1.4.1.1347.42.2.5.1.1.2.1"));
	CHECK(meter_is(&d, "print", 7102, "1.3.6.1.4.1.1347.42.3.1.1.1.1.1"));
	CHECK(meter_is(&d, "copy", 2550, "1.3.6.1.4.1.1347.42.3.1.1.1.1.2"));
	CHECK(meter_is(&d, "print.mono", 7102,
	    "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1"));
	CHECK(meter_is(&d, "copy.mono", 2550,
	    "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1"));
	/* A mono device: no colour counters, so no colour meters. */
	CHECK(dev_meter(&d, "print.colour") == NULL);
	CHECK(dev_meter(&d, "copy.colour") == NULL);
	CHECK(meter_is(&d, "marker.1", 9652, "1.3.6.1.2.1.43.10.2.1.4.1.1"));
	c = check(&d, "print+copy+fax=total");
	CHECK(c != NULL && c->ok && c->left == 9652 && c->right == 9652);
	c = check(&d, "total=marker.1");
	CHECK(c != NULL && c->ok);
	CHECK(check(&d, "mono+colour=total") == NULL);
	dev_release(&d);
}

/* Where the device has the total itself, that line wins over the sum;
 * where a part of the sum is missing, there is no vendor total. */
static void
test_kyocera_total_order(void)
{
	struct device		 d;
	const struct dev_check	*c;
	static const char with_total[] =
	    "1.3.6.1.2.1.1.1.0|4|KYOCERA Document Solutions Printing System\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41\n"
	    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|1360\n"
	    "1.3.6.1.4.1.1347.42.2.5.1.1.1.1|2|1176\n"
	    "1.3.6.1.4.1.1347.42.2.5.1.1.2.1|2|177\n"
	    "1.3.6.1.4.1.1347.42.2.5.1.1.3.1|2|1353\n";
	static const char half[] =
	    "1.3.6.1.2.1.1.1.0|4|KYOCERA Document Solutions Printing System\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41\n"
	    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|1360\n"
	    "1.3.6.1.4.1.1347.42.2.5.1.1.1.1|2|1176\n";

	if (read_inline(with_total, &d) == 0) {
		CHECK(meter_is(&d, "total", 1353,
		    "1.3.6.1.4.1.1347.42.2.5.1.1.3.1"));
		/* Kept, not resolved: the engine counted 7 more. */
		c = check(&d, "total=marker.1");
		CHECK(c != NULL && !c->ok && c->left == 1353 &&
		    c->right == 1360);
	} else
		CHECK(0);
	dev_release(&d);
	if (read_inline(half, &d) == 0) {
		CHECK(meter_is(&d, "total", 1360,
		    "1.3.6.1.2.1.43.10.2.1.4.1.1"));
		CHECK(dev_meter(&d, "duplex") == NULL);
		CHECK(check(&d, "total=marker.1") == NULL);
	} else
		CHECK(0);
	dev_release(&d);
}

/* Ricoh: -3 and -2 replaced by ricohEngTonerLevel, with its OID. */
static void
test_ricoh_levels(void)
{
	struct device		 d;
	const struct dev_supply	*s;
	const struct dev_check	*c;
	static const struct {
		int		 index;
		int		 percent;
		const char	*state;
	} want[] = {
		{ 1, 70, "ok" }, { 2, 40, "ok" }, { 3, 0, "empty" },
		{ 4, 100, "ok" },
	};
	size_t			 i;
	char			 oid[64];

	if (!read_ok(read_file("ricoh-levels.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "ricoh"));
	CHECK(streq(d.vendor, "Ricoh"));
	CHECK(streq(d.serial, "E174M520011"));
	CHECK(streq(d.firmware, "1.02"));
	for (i = 0; i < nitems(want); i++) {
		s = supply(&d, want[i].index);
		snprintf(oid, sizeof(oid), "1.3.6.1.4.1.367.3.2.1.2.24.1.1.5.%d",
		    want[i].index);
		CHECK(s != NULL && s->level == want[i].percent &&
		    s->max == 100 && s->percent == want[i].percent &&
		    streq(s->state, want[i].state) &&
		    streq(s->level_source, oid));
	}
	/* The waste toner has no vendor level: it stays "some remaining". */
	s = supply(&d, 5);
	CHECK(s != NULL && s->level == DEV_NONE && s->percent == -1 &&
	    streq(s->state, "some_remaining") && s->level_source == NULL);
	CHECK(meter_is(&d, "total", 184467, "1.3.6.1.4.1.367.3.2.1.2.19.1.0"));
	CHECK(meter_is(&d, "print", 120000, "1.3.6.1.4.1.367.3.2.1.2.19.2.0"));
	CHECK(meter_is(&d, "fax", 4467, "1.3.6.1.4.1.367.3.2.1.2.19.3.0"));
	CHECK(meter_is(&d, "copy", 60000, "1.3.6.1.4.1.367.3.2.1.2.19.4.0"));
	c = check(&d, "print+copy+fax=total");
	CHECK(c != NULL && c->ok && c->left == 184467);
	c = check(&d, "total=marker.1");
	CHECK(c != NULL && c->ok);
	dev_release(&d);
}

/* A level the standard table gives as a number is never replaced. */
static void
test_ricoh_real_level_kept(void)
{
	struct device		 d;
	const struct dev_supply	*s;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|RICOH MP 2555 1.00\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.367.1.1\n"
	    "1.3.6.1.2.1.43.11.1.1.4.1.1|2|3\n"
	    "1.3.6.1.2.1.43.11.1.1.5.1.1|2|3\n"
	    "1.3.6.1.2.1.43.11.1.1.6.1.1|4|Black Toner\n"
	    "1.3.6.1.2.1.43.11.1.1.8.1.1|2|100\n"
	    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|55\n"
	    "1.3.6.1.4.1.367.3.2.1.2.24.1.1.5.1|2|70\n";

	if (!read_ok(read_inline(text, &d), &d))
		return;
	s = supply(&d, 1);
	CHECK(s != NULL && s->percent == 55 && s->level_source == NULL);
	dev_release(&d);
}

/* Brother: page counters and supply levels out of the blobs. */
static void
test_brother_blobs(void)
{
	struct device		 d;
	const struct dev_supply	*s;
	const struct dev_check	*c;
#define CT	"@1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0"
#define MT	"@1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.8.0"

	if (!read_ok(read_file("brother-blobs.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "brother"));
	CHECK(streq(d.vendor, "Brother"));
	CHECK(streq(d.serial, "E78123A9N456789"));
	CHECK(streq(d.firmware, "ZC2106151029"));
	CHECK(meter_is(&d, "total", 5000, "brother:0x00" CT));
	CHECK(meter_is(&d, "mono", 3000, "brother:0x01" CT));
	CHECK(meter_is(&d, "colour", 2000, "brother:0x02" CT));
	CHECK(meter_is(&d, "duplex", 800, "brother:0x06" CT));
	CHECK(meter_is(&d, "drum", 3000, "brother:0x11" MT));
	s = supply(&d, 1);
	CHECK(s != NULL && s->percent == 45 &&
	    streq(s->level_source, "brother:0x6f" MT));
	s = supply(&d, 3);
	CHECK(s != NULL && s->percent == 100 &&
	    streq(s->level_source, "brother:0x71" MT " raw=10350"));
	s = supply(&d, 4);
	CHECK(s != NULL && s->percent == 0 && streq(s->state, "empty"));
	s = supply(&d, 5);
	CHECK(s != NULL && s->percent == 75 &&
	    streq(s->level_source, "brother:0x41" MT));
	s = supply(&d, 7);
	CHECK(s != NULL && streq(s->state, "some_remaining") &&
	    s->level_source == NULL);
	c = check(&d, "mono+colour=total");
	CHECK(c != NULL && c->ok && c->left == 5000);
	c = check(&d, "total=marker.1");
	CHECK(c != NULL && c->ok);
#undef CT
#undef MT
	dev_release(&d);
}

/* HP: counters of the JetDirect MIB and part numbers out of the supply
 * descriptions. */
static void
test_hp_parts(void)
{
	struct device		 d;
	const struct dev_supply	*s;
	const struct dev_check	*c;
	static const char *const parts[] = { "W2030X", "W2031A", "W2033A",
	    "W2032A" };
	size_t			 i;
#define PE	"1.3.6.1.4.1.11.2.3.9.4.2.1.4.1.2."

	if (!read_ok(read_file("hp-parts.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "hp"));
	CHECK(streq(d.vendor, "HP"));
	/* The standard serial, not the private one with its symbol set. */
	CHECK(streq(d.serial, "VNB3K12345"));
	for (i = 0; i < nitems(parts); i++) {
		s = supply(&d, (int)i + 1);
		CHECK(s != NULL && streq(s->part_number, parts[i]));
	}
	s = supply(&d, 5);
	CHECK(s != NULL && s->part_number == NULL);
	CHECK(meter_is(&d, "total", 32416, PE "5.0"));
	CHECK(meter_is(&d, "mono", 20112, PE "6.0"));
	CHECK(meter_is(&d, "colour", 12304, PE "7.0"));
	CHECK(meter_is(&d, "duplex", 5120, PE "22.0"));
	CHECK(meter_is(&d, "scan", 4180,
	    "1.3.6.1.4.1.11.2.3.9.4.2.1.2.2.1.74.0"));
	/* The jam count is a service meter, in events. */
	CHECK(meter_is(&d, "jams", 17, PE "34.0"));
	c = check(&d, "mono+colour=total");
	CHECK(c != NULL && c->ok && c->left == 32416 && c->right == 32416);
	c = check(&d, "total=marker.1");
	CHECK(c != NULL && c->ok);
#undef PE
	dev_release(&d);
}

/* The part number is HP's, not the cartridge's selling number. */
static void
test_hp_pattern(void)
{
	static const struct {
		const char	*descr;
		const char	*part;	/* NULL: none */
	} cases[] = {
		{ "Black Cartridge 827A HP CF300A", "CF300A" },
		{ "Black Cartridge HP CE285A", "CE285A" },
		{ "Black Cartridge 415X HP W2030X", "W2030X" },
		{ "Transfer Kit HP D7H14A", "D7H14A" },
		{ "Imaging Drum HP CF219A", "CF219A" },
		{ "Fuser Kit HP 110V-C1N54A, 220V-C1N58A", NULL },
		{ "Clean Rollers HP None", NULL },
		{ "Black Cartridge 827A", NULL },
		{ "HP TONER", NULL },
	};
	struct device	d;
	size_t		i;
	char		text[1024];

	for (i = 0; i < nitems(cases); i++) {
		snprintf(text, sizeof(text),
		    "1.3.6.1.2.1.1.1.0|4|HP ETHERNET MULTI-ENVIRONMENT\n"
		    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.9.1\n"
		    "1.3.6.1.2.1.43.11.1.1.5.1.1|2|21\n"
		    "1.3.6.1.2.1.43.11.1.1.6.1.1|4|%s\n"
		    "1.3.6.1.2.1.43.11.1.1.8.1.1|2|100\n"
		    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|50\n", cases[i].descr);
		if (read_inline(text, &d) != 0 || d.nsupplies != 1) {
			CHECK(0);
			dev_release(&d);
			continue;
		}
		if (cases[i].part == NULL ? d.supplies[0].part_number != NULL :
		    !streq(d.supplies[0].part_number, cases[i].part)) {
			printf("# \"%s\": %s\n", cases[i].descr,
			    d.supplies[0].part_number ?
			    d.supplies[0].part_number : "(none)");
			CHECK(0);
		}
		dev_release(&d);
	}
}

/*
 * HP's private strings begin with their symbol set (HP-LASERJET-COMMON-MIB:
 * two bytes, 0x0115 for Roman-8): without prtGeneralSerialNumber the
 * serial comes from serial-number, and it is the serial, not two blanks
 * and the serial.
 */
static void
test_hp_symbol_set(void)
{
	struct device	d;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|HP ETHERNET MULTI-ENVIRONMENT\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.9.1\n"
	    "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.3.0|4x|0115564E42334B3132333435\n"
	    "1.3.6.1.4.1.11.2.3.9.4.2.1.1.3.6.0|4x|011532303230313032330a\n";

	if (!read_ok(read_inline(text, &d), &d))
		return;
	if (!streq(d.serial, "VNB3K12345") || !streq(d.firmware, "20201023"))
		printf("# serial \"%s\", firmware \"%s\"\n",
		    d.serial ? d.serial : "", d.firmware ? d.firmware : "");
	CHECK(streq(d.serial, "VNB3K12345"));
	CHECK(streq(d.firmware, "20201023"));
	dev_release(&d);
}

/* Zebra's odometer is text ("1920 INCHES, 4876 CENTIMETERS", as the
 * ZebraNet recording of the shared set answers): the length is its
 * number, in the unit the definition names. */
static void
test_zebra_length(void)
{
	struct device		 d;
	const struct dev_meter	*m;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|ZebraNet Wired PS\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.683.6.0\n"
	    "1.3.6.1.4.1.683.1.5.0|4|7062184\n"
	    "1.3.6.1.4.1.683.1.9.0|4|V61.17.17Z\n"
	    "1.3.6.1.4.1.10642.200.17.3.0|4|1920 INCHES, 4876 CENTIMETERS\n";

	if (!read_ok(read_inline(text, &d), &d))
		return;
	CHECK(streq(d.model_def, "zebra-zebranet"));
	CHECK(streq(d.vendor, "Zebra"));
	CHECK(streq(d.serial, "7062184"));
	CHECK(streq(d.firmware, "V61.17.17Z"));
	m = dev_meter(&d, "length");
	CHECK(m != NULL && m->value == 1920 && streq(m->unit, "inches") &&
	    streq(m->source_oid, "1.3.6.1.4.1.10642.200.17.3.0"));
	dev_release(&d);
}

/* Sharp: function and colour counters, and a total they do not add up
 * to: both sides kept, the checks not ok. */
static void
test_sharp_checks(void)
{
	struct device		 d;
	const struct dev_check	*c;
#define SC	"1.3.6.1.4.1.2385.1.1.19.2.1.3."

	if (!read_ok(read_file("sharp-checks.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "sharp"));
	CHECK(streq(d.vendor, "Sharp"));
	CHECK(streq(d.firmware, "2.05"));
	CHECK(meter_is(&d, "print", 40300, SC "1.4.60"));
	CHECK(meter_is(&d, "print.mono", 30100, SC "1.4.61"));
	CHECK(meter_is(&d, "print.colour", 10200, SC "1.4.63"));
	CHECK(meter_is(&d, "duplex", 9000, SC "1.4.75"));
	CHECK(meter_is(&d, "copy", 25400, SC "4.4.60"));
	CHECK(meter_is(&d, "copy.mono", 21000, SC "4.4.61"));
	CHECK(meter_is(&d, "copy.colour", 4400, SC "4.4.63"));
	CHECK(meter_is(&d, "mono", 51160, SC "5.4.61"));
	CHECK(meter_is(&d, "colour", 14620, SC "5.4.63"));
	CHECK(meter_is(&d, "colour.two", 0, SC "5.4.64"));
	CHECK(meter_is(&d, "other.mono", 60, SC "5.5.61"));
	CHECK(meter_is(&d, "scan.adf", 3100, SC "6.4.70"));
	CHECK(meter_is(&d, "scan", 5200, SC "7.4.50"));
	CHECK(meter_is(&d, "scan.colour", 1300, SC "7.4.53"));
	/* No vendor total: the marker's life count is the total. */
	CHECK(meter_is(&d, "total", 65912, "1.3.6.1.2.1.43.10.2.1.4.1.1"));
	c = check(&d, "mono+colour=total");
	CHECK(c != NULL && !c->ok && c->left == 65780 && c->right == 65912);
	/* Print + copy + the other pages (60 mono + 20 colour, no sum of
	 * their own), still 132 short of the marker. */
	CHECK(check(&d, "print+copy+fax=total") == NULL);
	c = check(&d, "print+copy+fax+other=total");
	CHECK(c != NULL && !c->ok && c->left == 65780 && c->right == 65912);
	/* The total is the marker's own reading: nothing to compare. */
	CHECK(check(&d, "total=marker.1") == NULL);
#undef SC
	dev_release(&d);
}

/* Without a definition: the standard read, and the marker as total. */
static void
test_no_definition(void)
{
	struct device	d;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|Acme Laser 9\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.99999.1\n"
	    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|777\n";

	if (!read_ok(read_inline(text, &d), &d))
		return;
	CHECK(d.model_def == NULL);
	CHECK(meter_is(&d, "total", 777, "1.3.6.1.2.1.43.10.2.1.4.1.1"));
	CHECK(d.nchecks == 0);
	dev_release(&d);
}

/* Lexmark: LEXMARK-MPS-MIB rows found by their type number (an integer
 * name column), cartridge parts and serials joined by description. */
static void
test_lexmark_mps(void)
{
	struct device		 d;
	const struct dev_supply	*s;
	const struct dev_check	*c;
	static const char *const parts[] = { "84C2HK0", "84C2HC0",
	    "84C2HM0", "84C2HY0", "72K0Q00" };
	static const char *const serials[] = { "CAA6211004712",
	    "CAA6211004711", "CAA6211004714", "CAA6211004713", "KIT5203391" };
	size_t			 i;
#define PG	"1.3.6.1.4.1.641.6.4.2.1.1.4.1."

	if (!read_ok(read_file("lexmark-mps.snmprec", &d), &d))
		return;
	CHECK(streq(d.model_def, "lexmark"));
	CHECK(meter_is(&d, "total", 52340, PG "2"));
	CHECK(meter_is(&d, "mono", 38120, PG "3"));
	CHECK(meter_is(&d, "colour", 14220, PG "4"));
	CHECK(meter_is(&d, "print.colour", 11000, PG "7"));
	CHECK(meter_is(&d, "fax.mono", 300, PG "12"));
	for (i = 0; i < nitems(parts); i++) {
		s = supply(&d, (int)i + 1);
		CHECK(s != NULL && streq(s->part_number, parts[i]) &&
		    streq(s->serial, serials[i]));
	}
	s = supply(&d, 6);
	CHECK(s != NULL && s->part_number == NULL && s->serial == NULL);
	c = check(&d, "mono+colour=total");
	CHECK(c != NULL && c->ok);
#undef PG
	dev_release(&d);
}

/* "model = OID first": the object beats a model read off sysDescr; without
 * "first" the sysDescr's model stays. */
static void
test_model_first(void)
{
	struct device	d;
	static const char text[] =
	    "1.3.6.1.2.1.1.1.0|4|ZebraNet Wired PS\n"
	    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.683.6.0\n"
	    "1.3.6.1.4.1.683.6.2.3.2.1.15.1|4|ZTC ZT410-203dpi\n";

	if (!read_ok(read_inline(text, &d), &d))
		return;
	CHECK(streq(d.model_def, "zebra-zebranet"));
	CHECK(streq(d.vendor, "Zebra"));
	CHECK(streq(d.model, "ZT410-203dpi"));
	dev_release(&d);
}

/*
 * "[shared ID]" blocks and "use = ID": the block's meters and supply
 * columns copied into the definition, its own lines winning, whichever
 * file is read first; a block is never matched; a block with other keys,
 * an empty one, and a use of a block nobody defines are refused.
 */
static void
test_shared_use(void)
{
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*d;
	size_t			 i;
	int			 total = 0, print = 0;
	static const char user[] =
	    "[model acme]\nvendor = Acme\nmatch = enterprise 99999\n"
	    "meter total = 1.3.6.1.4.1.99999.1.0\n"
	    "supply.part = 1.3.6.1.4.1.99999.3\n"
	    "use = acme-engine\n";
	static const char block[] =
	    "[shared acme-engine]\n"
	    "meter total = 1.3.6.1.4.1.99999.2.0\n"
	    "meter print = label 1.3.6.1.4.1.99999.4 1.3.6.1.4.1.99999.5 16\n"
	    "supply.part = 1.3.6.1.4.1.99999.6\n"
	    "supply.serial = 1.3.6.1.4.1.99999.7\n";

	/* The user first, the block in a later file. */
	CHECK(parse_text(user, "a.model", &set, &e) == 0);
	CHECK(mdf_check_uses(&set, &e) == -1 &&
	    strstr(e.msg, "use: no [shared acme-engine] block") != NULL);
	CHECK(parse_text(block, "b.model", &set, &e) == 0);
	CHECK(mdf_check_uses(&set, &e) == 0);
	d = def_by_id(&set, "acme");
	CHECK(d != NULL && d->nmeters == 2);
	for (i = 0; d != NULL && i < d->nmeters; i++) {
		if (strcmp(d->meters[i].name, "total") == 0)
			total = streq(d->meters[i].oids[0],
			    "1.3.6.1.4.1.99999.1.0");	/* its own */
		if (strcmp(d->meters[i].name, "print") == 0)
			print = d->meters[i].kind == MDF_LABEL &&
			    streq(d->meters[i].label, "16");
	}
	CHECK(total && print);
	CHECK(d != NULL && streq(d->supply_part, "1.3.6.1.4.1.99999.3") &&
	    streq(d->supply_serial, "1.3.6.1.4.1.99999.7"));
	/* Only the definition matches, never the block. */
	d = mdf_match(&set, "1.3.6.1.4.1.99999.1", "Acme", 99999);
	CHECK(d != NULL && streq(d->id, "acme"));
	mdf_set_release(&set);

	/* The block first: copied in at once. */
	CHECK(parse_text(block, "b.model", &set, &e) == 0);
	CHECK(parse_text(user, "a.model", &set, &e) == 0);
	CHECK(mdf_check_uses(&set, &e) == 0);
	d = def_by_id(&set, "acme");
	CHECK(d != NULL && d->nmeters == 2 && d->used == 1);
	mdf_set_release(&set);

	CHECK(parse_text("[shared x]\nvendor = X\n", "c.model", &set,
	    &e) == -1 && strstr(e.msg, "c.model:2:") != NULL &&
	    strstr(e.msg, "only meter and supply lines") != NULL);
	CHECK(parse_text("[shared x]\n# nothing\n", "d.model", &set,
	    &e) == -1 && strstr(e.msg, "is empty") != NULL);
	CHECK(parse_text("[model y]\nvendor = Y\nmatch = enterprise 1\n"
	    "use = Bad Id\n", "e.model", &set, &e) == -1);
	CHECK(set.n == 0);
	mdf_set_release(&set);
}

int
main(void)
{
	RUN(test_builtin);
	RUN(test_requests);
	RUN(test_requests_by_part);
	RUN(test_decode_by_part);
	RUN(test_parse_all_keys);
	RUN(test_parse_errors);
	RUN(test_match);
	RUN(test_ipp_lines);
	RUN(test_oem_brands);
	RUN(test_oem_model);
	RUN(test_kyocera_sum);
	RUN(test_kyocera_total_order);
	RUN(test_ricoh_levels);
	RUN(test_label_and_split);
	RUN(test_ricoh_real_level_kept);
	RUN(test_brother_blobs);
	RUN(test_hp_parts);
	RUN(test_hp_pattern);
	RUN(test_hp_symbol_set);
	RUN(test_sharp_checks);
	RUN(test_zebra_length);
	RUN(test_no_definition);
	RUN(test_lexmark_mps);
	RUN(test_model_first);
	RUN(test_shared_use);
	return unit_any_failed;
}
