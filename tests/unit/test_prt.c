/*
 * test_prt.c: standard-MIB decoding and vendor identification, on the
 * sample fleet's recordings and on small hand-written answers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../collector/mdf.h"
#include "../../collector/prt.h"
#include "../../collector/vb.h"
#include "../../collector/vendor.h"
#include "unit.h"

/* Decodes a snmprec file of samples/fleet into d. */
static int
decode_file(const char *name, struct device *d)
{
	char		 path[256], *buf;
	FILE		*f;
	size_t		 n;
	struct vb_list	 l = VB_LIST_INIT;
	struct fa_err	 e;
	int		 rc;

	snprintf(path, sizeof(path), "samples/fleet/%s", name);
	if ((f = fopen(path, "r")) == NULL) {
		printf("# cannot open %s (run from the repository)\n", path);
		return -1;
	}
	buf = fa_malloc(1 << 20);
	n = fread(buf, 1, 1 << 20, f);
	fclose(f);
	rc = vb_snmprec_parse(buf, n, path, 100000, &l, &e);
	free(buf);
	if (rc != 0) {
		printf("# %s\n", e.msg);
		return -1;
	}
	dev_init(d);
	prt_decode(&l, d);
	vb_list_release(&l);
	return 0;
}

static void
decode_text(const char *text, struct device *d)
{
	struct vb_list	l = VB_LIST_INIT;
	struct fa_err	e;

	if (vb_snmprec_parse(text, strlen(text), "inline", 1000, &l, &e) != 0)
		printf("# %s\n", e.msg);
	dev_init(d);
	prt_decode(&l, d);
	vb_list_release(&l);
}

static int
has_error(const struct device *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->status.nerrors; i++)
		if (strcmp(d->status.errors[i], name) == 0)
			return 1;
	return 0;
}

static void
test_alerts_and_errors(void)
{
	struct device	d;
	size_t		i;
	int		jam = 0;

	if (decode_file("canon-lbp226dw.snmprec", &d) != 0) {
		CHECK(0);
		return;
	}
	CHECK(d.is_printer);
	CHECK(d.vendor && strcmp(d.vendor, "Canon") == 0);
	CHECK(d.model && strcmp(d.model, "LBP226dw") == 0);
	/* 0x94: lowPaper, noToner, jammed (RFC 3805 bit order), and the
	 * open rear cover of prtCoverTable. */
	CHECK(d.status.nerrors == 4);
	CHECK(has_error(&d, "coverOpen:Rear Cover"));
	CHECK(has_error(&d, "lowPaper"));
	CHECK(has_error(&d, "noToner"));
	CHECK(has_error(&d, "jammed"));
	CHECK(d.nalerts == 4);
	for (i = 0; i < d.nalerts; i++)
		if (d.alerts[i].index == 8) {
			jam = 1;
			CHECK(d.alerts[i].code == 8);
			CHECK(strcmp(d.alerts[i].code_name, "jam") == 0);
			CHECK(strcmp(d.alerts[i].severity, "critical") == 0);
			CHECK(strcmp(d.alerts[i].group, "mediaPath") == 0);
			CHECK(strncmp(d.alerts[i].description, "Paper jam", 9)
			    == 0);
		}
	CHECK(jam);
	CHECK(d.status.ndisplay == 2);
	CHECK(d.status.ndisplay > 0 &&
	    strcmp(d.status.display[0], "Paper jam.") == 0);
	dev_release(&d);
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

static void
test_special_levels(void)
{
	struct device		 d;
	const struct dev_supply	*s;

	if (decode_file("xerox-versalink-b405.snmprec", &d) != 0) {
		CHECK(0);
		return;
	}
	CHECK(d.serial && strcmp(d.serial, "XFA0808080") == 0);
	/* -3 with max -2: some remaining, never a number. */
	s = supply(&d, 1);
	CHECK(s != NULL && strcmp(s->state, "some_remaining") == 0 &&
	    s->level == DEV_NONE && s->max == DEV_NONE && s->percent == -1);
	CHECK(s != NULL && strcmp(s->type, "toner") == 0);
	s = supply(&d, 2);
	CHECK(s != NULL && strcmp(s->state, "unknown") == 0 &&
	    s->max == 65000 && s->percent == -1);
	s = supply(&d, 4);
	CHECK(s != NULL && strcmp(s->state, "other") == 0 &&
	    s->level == DEV_NONE);
	s = supply(&d, 5);
	CHECK(s != NULL && strcmp(s->class, "filled") == 0 &&
	    strcmp(s->type, "wasteToner") == 0);
	dev_release(&d);
}

static void
test_colour_mfp(void)
{
	struct device		 d;
	const struct dev_supply	*s;

	if (decode_file("ricoh-im-c3000.snmprec", &d) != 0) {
		CHECK(0);
		return;
	}
	CHECK(d.nmeters == 2);
	CHECK(d.nmeters > 0 && strcmp(d.meters[0].name, "marker.1") == 0 &&
	    d.meters[0].value == 287411 &&
	    strcmp(d.meters[0].unit, "impressions") == 0 &&
	    strcmp(d.meters[0].source_oid,
	    "1.3.6.1.2.1.43.10.2.1.4.1.1") == 0);
	s = supply(&d, 2);
	CHECK(s != NULL && s->colorant && strcmp(s->colorant, "cyan") == 0);
	CHECK(d.ntrays == 3);
	CHECK(d.mac && strcmp(d.mac, "02:fa:77:00:04:01") == 0);
	CHECK(d.vendor && strcmp(d.vendor, "Ricoh") == 0);
	dev_release(&d);
}

static void
test_not_a_printer(void)
{
	struct device	d;

	if (decode_file("netsnmp-linux-gw.snmprec", &d) != 0) {
		CHECK(0);
		return;
	}
	CHECK(!d.is_printer);
	CHECK(d.nsupplies == 0 && d.nmeters == 0);
	CHECK(d.enterprise == 8072);
	dev_release(&d);
}

static void
test_wrong_types_ignored(void)
{
	struct device	d;

	/* Level as a string, max as an OID, colorant index junk. */
	decode_text("1.3.6.1.2.1.43.11.1.1.5.1.1|4|three\n"
	    "1.3.6.1.2.1.43.11.1.1.6.1.1|4|Toner\n"
	    "1.3.6.1.2.1.43.11.1.1.8.1.1|6|1.3.6\n"
	    "1.3.6.1.2.1.43.11.1.1.9.1.1|4|50\n", &d);
	CHECK(d.nsupplies == 1);
	CHECK(d.nsupplies == 1 && d.supplies[0].level == DEV_NONE &&
	    d.supplies[0].max == DEV_NONE && d.supplies[0].type == NULL &&
	    d.supplies[0].percent == -1);
	CHECK(d.is_printer);	/* the Printer-MIB answered */
	dev_release(&d);
}

static void
test_private_enterprise(void)
{
	struct device		 d;
	struct mdf_set		 set = MDF_SET_INIT;
	struct fa_err		 e;
	const struct mdf_def	*def;
	struct vb_list		 l = VB_LIST_INIT;
	const char		*text;

	/* No sysObjectID: the enterprise of the first private object, and
	 * its model definition gives model and serial. */
	text = "1.3.6.1.2.1.43.10.2.1.4.1.1|65|3384\n"
	    "1.3.6.1.4.1.2435.2.3.9.1.1.7.0|4|MFG:Brother;MDL:HL-L2340DW"
	    " series;CLS:PRINTER;\n"
	    "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.1.0|4|E71833C4J372261\n";
	CHECK(mdf_load_builtin(&set, &e) == 0);
	CHECK(vb_snmprec_parse(text, strlen(text), "t", 100, &l, &e) == 0);
	dev_init(&d);
	prt_decode(&l, &d);
	def = mdf_match(&set, d.sys_object_id, d.sys_descr, d.enterprise);
	CHECK(def != NULL && strcmp(def->id, "brother") == 0);
	if (def != NULL)
		mdf_apply(def, &l, &d);
	vb_list_release(&l);
	mdf_set_release(&set);
	CHECK(d.enterprise == 2435);
	CHECK(d.vendor && strcmp(d.vendor, "Brother") == 0);
	CHECK(d.model && strcmp(d.model, "HL-L2340DW") == 0);
	CHECK(d.serial && strcmp(d.serial, "E71833C4J372261") == 0);
	dev_release(&d);
	/* sysDescr sent as hex text is decoded. */
	decode_text("1.3.6.1.2.1.1.1.0|4|5a656272614e6574205769726564205053\n",
	    &d);
	CHECK(d.sys_descr && strcmp(d.sys_descr, "ZebraNet Wired PS") == 0);
	CHECK(d.vendor && strcmp(d.vendor, "Zebra") == 0);
	dev_release(&d);
}

static void
test_vendor_oem(void)
{
	char	*m;

	/* The brand in sysDescr wins over the maker's enterprise. */
	CHECK(strcmp(vendor_by_descr("TOSHIBA e-STUDIO305CS version NH63"),
	    "Toshiba") == 0);
	CHECK(strcmp(vendor_by_descr("TOSHIBA TEC B-EV4"), "Toshiba TEC")
	    == 0);
	CHECK(strcmp(vendor_by_descr("TA_UTAX Printing System"), "UTAX")
	    == 0);
	CHECK(strcmp(vendor_by_descr("FUJI XEROX ApeosPort-VI C4471;ESS"),
	    "Fuji Xerox") == 0);
	CHECK(vendor_by_descr("Linux gw 6.1.0") == NULL);
	CHECK(strcmp(vendor_by_enterprise(1347), "Kyocera") == 0);
	CHECK(vendor_is_printer_maker(11) && !vendor_is_printer_maker(8072));
	m = vendor_model("Ricoh", NULL, NULL, "RICOH Aficio MP C3002 2.20 /"
	    " RICOH Network Printer C model");
	CHECK(m && strcmp(m, "Aficio MP C3002") == 0);
	free(m);
	m = vendor_model("HP", NULL, NULL, "HP ETHERNET MULTI-ENVIRONMENT,"
	    "SN:VNCRC48198,FN:4Q817L4,PID:HP LaserJet MFP M130nw");
	CHECK(m && strcmp(m, "LaserJet MFP M130nw") == 0);
	free(m);
	m = vendor_model("Konica Minolta", NULL, "Generic 28C-1",
	    "KONICA MINOLTA bizhub C3110");
	CHECK(m && strcmp(m, "bizhub C3110") == 0);
	free(m);
	CHECK(vendor_model("HP", NULL, NULL, "HP ETHERNET MULTI-ENVIRONMENT,"
	    "ROM none,JETDIRECT,JD149") == NULL);
	CHECK(vendor_model("Kyocera", NULL, NULL, "KYOCERA Document Solutions "
	    "Printing System") == NULL);
	m = vendor_descr_serial("HP ETHERNET,SN:VNCRC48198,FN:4Q8");
	CHECK(m && strcmp(m, "VNCRC48198") == 0);
	free(m);
}

static void
test_error_bits_all_octets(void)
{
	struct device	d;
	uint8_t		b[3] = { 0x01, 0x02, 0x80 };

	dev_init(&d);
	prt_error_bits(b, sizeof(b), &d);
	CHECK(d.status.nerrors == 3);
	CHECK(has_error(&d, "serviceRequested"));
	CHECK(has_error(&d, "overduePreventMaint"));
	CHECK(has_error(&d, "bit16"));
	dev_release(&d);
}

int
main(void)
{
	RUN(test_alerts_and_errors);
	RUN(test_special_levels);
	RUN(test_colour_mfp);
	RUN(test_not_a_printer);
	RUN(test_wrong_types_ignored);
	RUN(test_private_enterprise);
	RUN(test_vendor_oem);
	RUN(test_error_bits_all_octets);
	return unit_any_failed;
}
