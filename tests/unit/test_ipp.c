/*
 * test_ipp.c: the IPP answer mapping (ipp_decode) on messages built here
 * with libcups and encoded as a printer would send them: device IDs in
 * their spellings, level rules of marker-levels (-1 other, -2 unknown,
 * above 100 invalid), state reasons by suffix, the parts a read asks for,
 * an IPP error status, an octetString where text belongs, truncation.
 */
#include <stdlib.h>
#include <string.h>

#include <cups/ipp.h>

#include "../../collector/device.h"
#include "../../collector/ipp.h"
#include "unit.h"

struct wbuf {
	uint8_t	b[16384];
	size_t	n;
};

static ssize_t
wr(void *arg, ipp_uchar_t *p, size_t n)
{
	struct wbuf	*w = arg;

	if (w->n + n > sizeof(w->b))
		return -1;
	memcpy(w->b + w->n, p, n);
	w->n += n;
	return (ssize_t)n;
}

static ipp_t *
answer(ipp_status_t st)
{
	ipp_t	*m = ippNew();

	ippSetVersion(m, 2, 0);
	ippSetStatusCode(m, st);
	ippSetRequestId(m, 1);
	ippAddString(m, IPP_TAG_OPERATION, IPP_TAG_CHARSET,
	    "attributes-charset", NULL, "utf-8");
	ippAddString(m, IPP_TAG_OPERATION, IPP_TAG_LANGUAGE,
	    "attributes-natural-language", NULL, "en");
	return m;
}

static void
encode(ipp_t *m, struct wbuf *w)
{
	w->n = 0;
	ippSetState(m, IPP_STATE_IDLE);
	CHECK(ippWriteIO(w, wr, 1, NULL, m) == IPP_STATE_DATA);
	ippDelete(m);
}

static void
test_identity(void)
{
	ipp_t		*m = answer(IPP_STATUS_OK);
	struct wbuf	*w = calloc(1, sizeof(*w));
	struct device	 d;
	struct fa_err	 e;

	ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_TEXT, "printer-device-id",
	    NULL, "manufacturer: Acme ;model:Jet 5;SERIALNUMBER:A1B2;");
	ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_TEXT,
	    "printer-make-and-model", NULL, "Acme Jet 5 Series");
	encode(m, w);
	dev_init(&d);
	CHECK(ipp_decode(w->b, w->n, &d, &e) == 0);
	CHECK(d.vendor != NULL && strcmp(d.vendor, "Acme") == 0);
	CHECK(d.model != NULL && strcmp(d.model, "Jet 5") == 0);
	CHECK(d.serial != NULL && strcmp(d.serial, "A1B2") == 0);
	CHECK(d.is_printer == 1);
	dev_release(&d);

	/* No device ID: the maker is make-and-model's first word. */
	m = answer(IPP_STATUS_OK);
	ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_TEXT,
	    "printer-make-and-model", NULL, "Acme Jet 7");
	encode(m, w);
	CHECK(ipp_decode(w->b, w->n, &d, &e) == 0);
	CHECK(d.vendor != NULL && strcmp(d.vendor, "Acme") == 0);
	CHECK(d.model != NULL && strcmp(d.model, "Jet 7") == 0);
	CHECK(d.serial == NULL);
	dev_release(&d);

	/* A device ID sent as an octetString (no NUL) is not text. */
	m = answer(IPP_STATUS_OK);
	ippAddOctetString(m, IPP_TAG_PRINTER, "printer-device-id",
	    "MFG:X;SN:1;", 11);
	encode(m, w);
	CHECK(ipp_decode(w->b, w->n, &d, &e) == 0);
	CHECK(d.serial == NULL && d.vendor == NULL);
	dev_release(&d);
	free(w);
}

static void
test_levels_and_parts(void)
{
	static const int lv[] = { -1, -2, 101, 40 };
	static const char *const names[] = { "A", "B", "C", "D" };
	ipp_t		*m = answer(IPP_STATUS_OK);
	struct wbuf	*w = calloc(1, sizeof(*w));
	struct device	 d;
	struct fa_err	 e;

	ippAddStrings(m, IPP_TAG_PRINTER, IPP_TAG_NAME, "marker-names", 4,
	    NULL, names);
	ippAddIntegers(m, IPP_TAG_PRINTER, IPP_TAG_INTEGER, "marker-levels",
	    4, lv);
	ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_INTEGER,
	    "printer-impressions-completed", 99);
	ippAddInteger(m, IPP_TAG_PRINTER, IPP_TAG_ENUM, "printer-state",
	    IPP_PSTATE_PROCESSING);
	ippAddString(m, IPP_TAG_PRINTER, IPP_TAG_KEYWORD,
	    "printer-state-reasons", NULL, "media-low-report");
	encode(m, w);
	dev_init(&d);
	CHECK(ipp_decode(w->b, w->n, &d, &e) == 0);
	CHECK(d.nsupplies == 4);
	if (d.nsupplies == 4) {
		CHECK(strcmp(d.supplies[0].state, "other") == 0);
		CHECK(d.supplies[0].level == DEV_NONE);
		CHECK(strcmp(d.supplies[1].state, "unknown") == 0);
		CHECK(strcmp(d.supplies[2].state, "invalid") == 0);
		CHECK(d.supplies[3].percent == 40);
	}
	/* processing, a -report reason only: printing and running. */
	CHECK(d.status.printer == 4 && d.status.device == 2);
	CHECK(d.status.nerrors == 1);
	dev_release(&d);

	/* A read of the meters only fills no supplies and no errors. */
	dev_init(&d);
	d.parts = DEV_P_METERS | DEV_P_ATTRS;
	CHECK(ipp_decode(w->b, w->n, &d, &e) == 0);
	CHECK(d.nsupplies == 0 && d.status.nerrors == 0);
	CHECK(d.nmeters == 1 && d.meters[0].value == 99 &&
	    strcmp(d.meters[0].source_oid,
	    "ipp:printer-impressions-completed") == 0);
	dev_release(&d);

	/* Cut short: an error, nothing half-mapped. */
	CHECK(ipp_decode(w->b, w->n / 2, &d, &e) == -1);
	CHECK(strstr(e.msg, "malformed IPP answer") != NULL);
	CHECK(d.nsupplies == 0 && d.vendor == NULL);
	dev_release(&d);
	free(w);
}

static void
test_error_status(void)
{
	struct wbuf	*w = calloc(1, sizeof(*w));
	struct device	 d;
	struct fa_err	 e;

	encode(answer(IPP_STATUS_ERROR_NOT_AUTHORIZED), w);
	dev_init(&d);
	CHECK(ipp_decode(w->b, w->n, &d, &e) == -1);
	CHECK(strcmp(e.msg, "IPP error client-error-not-authorized") == 0);
	dev_release(&d);
	free(w);
}

int
main(void)
{
	RUN(test_identity);
	RUN(test_levels_and_parts);
	RUN(test_error_status);
	return unit_any_failed;
}
