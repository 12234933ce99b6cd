/*
 * prt.c: standard-MIB decoding (see prt.h).
 *
 * Tables are read by row: the distinct index suffixes found under a table
 * entry, then one exact lookup per column.  A column a device lacks stays
 * unset; a value of the wrong type is ignored as if absent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cli/util.h"
#include "prt.h"
#include "vendor.h"

#define MAX_IDX		4	/* index arcs kept per row */

const char *const prt_get_oids[] = {
	"1.3.6.1.2.1.1.1.0",		/* sysDescr */
	"1.3.6.1.2.1.1.2.0",		/* sysObjectID */
	"1.3.6.1.2.1.1.3.0",		/* sysUpTime */
	"1.3.6.1.2.1.1.4.0",		/* sysContact */
	"1.3.6.1.2.1.1.5.0",		/* sysName */
	"1.3.6.1.2.1.1.6.0",		/* sysLocation */
};
const size_t prt_nget_oids = nitems(prt_get_oids);

/*
 * hrPrinterTable is identity (whether the device is a printer, its
 * status), though its error bits belong to DEV_P_ERRORS: prt_decode
 * leaves them out of the reads that do not ask for errors.
 */
const struct prt_table prt_tables[] = {
	{ "ifType", "1.3.6.1.2.1.2.2.1.3", 0, 0 },
	{ "ifPhysAddress", "1.3.6.1.2.1.2.2.1.6", 0, 0 },
	{ "hrDeviceTable", "1.3.6.1.2.1.25.3.2.1", 0, 0 },
	{ "hrPrinterTable", "1.3.6.1.2.1.25.3.5.1", 0, 0 },
	{ "prtGeneralTable", "1.3.6.1.2.1.43.5.1.1", 1, 0 },
	{ "prtInputTable", "1.3.6.1.2.1.43.8.2.1", 1, DEV_P_SUPPLIES },
	{ "prtMarkerTable", "1.3.6.1.2.1.43.10.2.1", 1, DEV_P_METERS },
	{ "prtMarkerSuppliesTable", "1.3.6.1.2.1.43.11.1.1", 1,
	    DEV_P_SUPPLIES },
	{ "prtMarkerColorantTable", "1.3.6.1.2.1.43.12.1.1", 1,
	    DEV_P_SUPPLIES },
	{ "prtConsoleDisplayBufferTable", "1.3.6.1.2.1.43.16.5.1", 1,
	    DEV_P_ERRORS },
	{ "prtAlertTable", "1.3.6.1.2.1.43.18.1.1", 1, DEV_P_ERRORS },
	{ "prtCoverTable", "1.3.6.1.2.1.43.6.1.1", 1, DEV_P_ERRORS },
};
const size_t prt_ntables = nitems(prt_tables);

struct row {
	uint32_t	idx[MAX_IDX];
	size_t		n;
};

static const uint32_t *
oidp(const char *s, uint32_t *buf, size_t *len)
{
	if (vb_oid_parse(s, buf, len) != 0)
		fa_bug("bad built-in OID %s", s);
	return buf;
}

/* Value at prefix.col.idx (NULL when absent). */
static const struct vb *
cell(const struct vb_list *l, const char *entry, uint32_t col,
    const struct row *r)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;

	oidp(entry, o, &n);
	if (n + 1 + r->n > VB_MAX_OID)
		return NULL;
	o[n++] = col;
	memcpy(o + n, r->idx, r->n * sizeof(*o));
	return vb_get(l, o, n + r->n);
}

static int
cell_num(const struct vb_list *l, const char *entry, uint32_t col,
    const struct row *r, int64_t *out)
{
	const struct vb	*v = cell(l, entry, col, r);

	if (v == NULL || !vb_is_num(v))
		return -1;
	*out = v->num;
	return 0;
}

static char *
cell_text(const struct vb_list *l, const char *entry, uint32_t col,
    const struct row *r)
{
	const struct vb	*v = cell(l, entry, col, r);

	return v ? vb_text(v, DEV_MAX_STR) : NULL;
}

/* Distinct index suffixes under entry, in OID order of first sighting;
 * at most max. */
static size_t
rows(const struct vb_list *l, const char *entry, struct row *out, size_t max)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n, i, k, cnt = 0;

	oidp(entry, o, &n);
	for (i = vb_lower(l, o, n); i < l->n; i++) {
		const struct vb	*v = &l->v[i];
		struct row	 r;

		if (!vb_oid_has_prefix(v->oid, v->oidlen, o, n))
			break;
		if (v->oidlen < n + 2 || v->oidlen - n - 1 > MAX_IDX)
			continue;
		r.n = v->oidlen - n - 1;
		memcpy(r.idx, v->oid + n + 1, r.n * sizeof(*o));
		for (k = 0; k < cnt; k++)
			if (out[k].n == r.n && memcmp(out[k].idx, r.idx,
			    r.n * sizeof(*o)) == 0)
				break;
		if (k == cnt && cnt < max)
			out[cnt++] = r;
	}
	return cnt;
}

static const struct vb *
scalar(const struct vb_list *l, const char *s)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;

	oidp(s, o, &n);
	return vb_get(l, o, n);
}

static char *
scalar_text(const struct vb_list *l, const char *s)
{
	const struct vb	*v = scalar(l, s);
	char		*t;

	if (v == NULL || (t = vb_text(v, DEV_MAX_STR)) == NULL)
		return NULL;
	if (*t == '\0') {
		free(t);
		return NULL;
	}
	return t;
}

static const char *
enum_name(const char *const *names, size_t n, long v, char *buf,
    size_t len)
{
	if (v >= 0 && (size_t)v < n && names[v] != NULL)
		return names[v];
	snprintf(buf, len, "unknown(%ld)", v);
	return buf;
}

const char *
prt_supply_type(long v, char *buf, size_t len)
{
	/* PrtMarkerSuppliesTypeTC, IANA-PRINTER-MIB. */
	static const char *const n[] = { NULL, "other", "unknown", "toner",
	    "wasteToner", "ink", "inkCartridge", "inkRibbon", "wasteInk",
	    "opc", "developer", "fuserOil", "solidWax", "ribbonWax",
	    "wasteWax", "fuser", "coronaWire", "fuserOilWick", "cleanerUnit",
	    "fuserCleaningPad", "transferUnit", "tonerCartridge",
	    "fuserOiler", "water", "wasteWater", "glueWaterAdditive",
	    "wastePaper", "bindingSupply", "bandingSupply", "stitchingWire",
	    "shrinkWrap", "paperWrap", "staples", "inserts", "covers",
	    "matteToner", "matteInk" };
	return enum_name(n, nitems(n), v, buf, len);
}

const char *
prt_supply_unit(long v, char *buf, size_t len)
{
	/* PrtMarkerSuppliesSupplyUnitTC. */
	static const char *const n[] = { NULL, "other", "unknown",
	    "tenThousandthsOfInches", "micrometers", NULL, NULL,
	    "impressions", "sheets", NULL, NULL, "hours",
	    "thousandthsOfOunces", "tenthsOfGrams",
	    "hundrethsOfFluidOunces", "tenthsOfMilliliters", "feet",
	    "meters", "items", "percent" };
	return enum_name(n, nitems(n), v, buf, len);
}

static const char *
counter_unit(long v, char *buf, size_t len)
{
	/* PrtMarkerCounterUnitTC. */
	static const char *const n[] = { NULL, NULL, NULL,
	    "tenThousandthsOfInches", "micrometers", "characters", "lines",
	    "impressions", "sheets", "dotRow", NULL, "hours", NULL, NULL,
	    NULL, NULL, "feet", "meters" };
	return enum_name(n, nitems(n), v, buf, len);
}

const char *
prt_alert_code(long v, char *buf, size_t len)
{
	/* PrtAlertCodeTC. */
	static const struct { long c; const char *n; } t[] = {
	    { 1, "other" }, { 2, "unknown" }, { 3, "coverOpen" },
	    { 4, "coverClosed" }, { 5, "interlockOpen" },
	    { 6, "interlockClosed" }, { 7, "configurationChange" },
	    { 8, "jam" }, { 9, "subunitMissing" },
	    { 10, "subunitLifeAlmostOver" }, { 11, "subunitLifeOver" },
	    { 12, "subunitAlmostEmpty" }, { 13, "subunitEmpty" },
	    { 14, "subunitAlmostFull" }, { 15, "subunitFull" },
	    { 16, "subunitNearLimit" }, { 17, "subunitAtLimit" },
	    { 18, "subunitOpened" }, { 19, "subunitClosed" },
	    { 20, "subunitTurnedOn" }, { 21, "subunitTurnedOff" },
	    { 22, "subunitOffline" }, { 23, "subunitPowerSaver" },
	    { 24, "subunitWarmingUp" }, { 25, "subunitAdded" },
	    { 26, "subunitRemoved" }, { 27, "subunitResourceAdded" },
	    { 28, "subunitResourceRemoved" },
	    { 29, "subunitRecoverableFailure" },
	    { 30, "subunitUnrecoverableFailure" },
	    { 31, "subunitRecoverableStorageError" },
	    { 32, "subunitUnrecoverableStorageError" },
	    { 33, "subunitMotorFailure" }, { 34, "subunitMemoryExhausted" },
	    { 35, "subunitUnderTemperature" },
	    { 36, "subunitOverTemperature" }, { 37, "subunitTimingFailure" },
	    { 38, "subunitThermistorFailure" }, { 501, "doorOpen" },
	    { 502, "doorClosed" }, { 503, "poweredUp" },
	    { 504, "poweredDown" }, { 505, "printerNMSReset" },
	    { 506, "printerManualReset" }, { 507, "printerReadyToPrint" },
	    { 801, "inputMediaTrayMissing" }, { 802, "inputMediaSizeChange" },
	    { 803, "inputMediaWeightChange" }, { 804, "inputMediaTypeChange" },
	    { 805, "inputMediaColorChange" },
	    { 806, "inputMediaFormPartsChange" },
	    { 807, "inputMediaSupplyLow" }, { 808, "inputMediaSupplyEmpty" },
	    { 809, "inputManualInputRequest" },
	    { 810, "inputManualInputRequest" },
	    { 901, "outputMediaTrayMissing" },
	    { 902, "outputMediaTrayAlmostFull" },
	    { 903, "outputMediaTrayFull" },
	    { 904, "outputMailboxSelectFailure" },
	    { 1001, "markerFuserUnderTemperature" },
	    { 1002, "markerFuserOverTemperature" },
	    { 1003, "markerFuserTimingFailure" },
	    { 1004, "markerFuserThermistorFailure" },
	    { 1005, "markerAdjustingPrintQuality" },
	    { 1101, "markerTonerEmpty" }, { 1102, "markerInkEmpty" },
	    { 1103, "markerPrintRibbonEmpty" },
	    { 1104, "markerTonerAlmostEmpty" },
	    { 1105, "markerInkAlmostEmpty" },
	    { 1106, "markerPrintRibbonAlmostEmpty" },
	    { 1107, "markerWasteTonerReceptacleAlmostFull" },
	    { 1108, "markerWasteInkReceptacleAlmostFull" },
	    { 1109, "markerWasteTonerReceptacleFull" },
	    { 1110, "markerWasteInkReceptacleFull" },
	    { 1111, "markerOpcLifeAlmostOver" }, { 1112, "markerOpcLifeOver" },
	    { 1113, "markerDeveloperAlmostEmpty" },
	    { 1114, "markerDeveloperEmpty" },
	    { 1115, "markerTonerCartridgeMissing" },
	    { 1301, "mediaPathMediaTrayMissing" },
	    { 1302, "mediaPathMediaTrayAlmostFull" },
	    { 1303, "mediaPathMediaTrayFull" },
	    { 1304, "mediaPathCannotDuplexMediaSelected" },
	    { 1501, "interpreterMemoryIncrease" },
	    { 1502, "interpreterMemoryDecrease" },
	    { 1503, "interpreterCartridgeAdded" },
	    { 1504, "interpreterCartridgeDeleted" },
	    { 1505, "interpreterResourceAdded" },
	    { 1506, "interpreterResourceDeleted" },
	    { 1507, "interpreterResourceUnavailable" },
	    { 1509, "interpreterComplexPageEncountered" },
	    { 1801, "alertRemovalOfBinaryChangeEntry" },
	};
	size_t	i;

	for (i = 0; i < nitems(t); i++)
		if (t[i].c == v)
			return t[i].n;
	snprintf(buf, len, "unknown(%ld)", v);
	return buf;
}

const char *
prt_hr_device_status(int v)
{
	static const char *const n[] = { NULL, "unknown", "running",
	    "warning", "testing", "down" };
	return v > 0 && (size_t)v < nitems(n) ? n[v] : NULL;
}

const char *
prt_hr_printer_status(int v)
{
	static const char *const n[] = { NULL, "other", "unknown", "idle",
	    "printing", "warmup" };
	return v > 0 && (size_t)v < nitems(n) ? n[v] : NULL;
}

void
prt_error_bits(const uint8_t *b, size_t len, struct device *d)
{
	/* RFC 3805 3.3: bit 0 is the most significant bit of octet 0. */
	static const char *const n[16] = { "lowPaper", "noPaper",
	    "lowToner", "noToner", "doorOpen", "jammed", "offline",
	    "serviceRequested", "inputTrayMissing", "outputTrayMissing",
	    "markerSupplyMissing", "outputNearFull", "outputFull",
	    "inputTrayEmpty", "overduePreventMaint", "bit15" };
	char	buf[24];
	size_t	i, bit;

	if (len > 32)
		len = 32;
	for (i = 0; i < len; i++)
		for (bit = 0; bit < 8; bit++) {
			size_t k = i * 8 + bit;

			if (!(b[i] & (0x80 >> bit)))
				continue;
			if (k < 15) {
				dev_add_error(d, n[k]);
			} else {
				snprintf(buf, sizeof(buf), "bit%zu", k);
				dev_add_error(d, buf);
			}
		}
}

static void
take(char **dst, char *s)
{
	if (s != NULL && *s == '\0') {
		free(s);
		s = NULL;
	}
	free(*dst);
	*dst = s;
}

static void
decode_system(const struct vb_list *l, struct device *d)
{
	const struct vb	*v;
	uint32_t	 o[VB_MAX_OID];
	size_t		 n;
	char		*descr;

	descr = scalar_text(l, "1.3.6.1.2.1.1.1.0");
	/* Some agents send sysDescr as hex text ("5a6562..."). */
	if (descr != NULL) {
		size_t	len = strlen(descr), i;
		int	hex = len >= 8 && len % 2 == 0;

		for (i = 0; hex && i < len; i++)
			if (!strchr("0123456789abcdefABCDEF", descr[i]))
				hex = 0;
		if (hex) {
			char *t = fa_malloc(len / 2 + 1);
			int ok = 1;
			for (i = 0; i < len / 2; i++) {
				unsigned x;
				sscanf(descr + 2 * i, "%2x", &x);
				if (x < 0x20 || x > 0x7e)
					ok = 0;
				t[i] = (char)x;
			}
			t[len / 2] = '\0';
			if (ok) {
				free(descr);
				descr = t;
			} else
				free(t);
		}
	}
	take(&d->sys_descr, descr);
	v = scalar(l, "1.3.6.1.2.1.1.2.0");
	if (v != NULL && v->tag == VB_OID && v->buf != NULL) {
		const char *s = (const char *)v->buf;
		dev_set(&d->sys_object_id, s);
		if (vb_oid_parse(s, o, &n) == 0)
			d->enterprise = (int)vendor_enterprise(o, n);
	}
	v = scalar(l, "1.3.6.1.2.1.1.3.0");
	if (v != NULL && vb_is_num(v))
		d->uptime = v->num;
	take(&d->sys_contact, scalar_text(l, "1.3.6.1.2.1.1.4.0"));
	take(&d->sys_name, scalar_text(l, "1.3.6.1.2.1.1.5.0"));
	take(&d->sys_location, scalar_text(l, "1.3.6.1.2.1.1.6.0"));
	/* No sysObjectID: the first private subtree it answers. */
	if (d->enterprise == 0) {
		static const uint32_t ent[] = { 1, 3, 6, 1, 4, 1 };
		size_t i = vb_lower(l, ent, nitems(ent));

		if (i < l->n && vb_oid_has_prefix(l->v[i].oid,
		    l->v[i].oidlen, ent, nitems(ent)))
			d->enterprise = (int)vendor_enterprise(l->v[i].oid,
			    l->v[i].oidlen);
	}
}

static void
decode_mac(const struct vb_list *l, struct device *d)
{
	struct row	r[64];
	size_t		n, i, best = SIZE_MAX;
	int		pass;

	n = rows(l, "1.3.6.1.2.1.2.2.1", r, nitems(r));
	/* Ethernet or Wi-Fi first, then any interface with a MAC. */
	for (pass = 0; pass < 2 && best == SIZE_MAX; pass++)
		for (i = 0; i < n && best == SIZE_MAX; i++) {
			const struct vb	*mac = cell(l, "1.3.6.1.2.1.2.2.1", 6,
			    &r[i]);
			int64_t		 type = 0;
			size_t		 k, zero = 1;

			if (mac == NULL || mac->tag != VB_OCTETS ||
			    mac->len != 6)
				continue;
			for (k = 0; k < 6; k++)
				if (mac->buf[k] != 0)
					zero = 0;
			if (zero)
				continue;
			(void)cell_num(l, "1.3.6.1.2.1.2.2.1", 3, &r[i], &type);
			if (pass == 0 && type != 6 && type != 71)
				continue;
			best = i;
		}
	if (best != SIZE_MAX) {
		const struct vb	*mac = cell(l, "1.3.6.1.2.1.2.2.1", 6,
		    &r[best]);
		char		 s[18];

		snprintf(s, sizeof(s), "%02x:%02x:%02x:%02x:%02x:%02x",
		    mac->buf[0], mac->buf[1], mac->buf[2], mac->buf[3],
		    mac->buf[4], mac->buf[5]);
		dev_set(&d->mac, s);
	}
}

/* hrDeviceIndex of the printer, 0 when none. Fills status too. */
static uint32_t
decode_hr(const struct vb_list *l, struct device *d, char **hr_descr)
{
	struct row	 r[DEV_MAX_ROWS];
	size_t		 n, i;
	uint32_t	 printer = 0;
	int64_t		 x;

	n = rows(l, "1.3.6.1.2.1.25.3.2.1", r, nitems(r));
	for (i = 0; i < n && printer == 0; i++) {
		const struct vb *t = cell(l, "1.3.6.1.2.1.25.3.2.1", 2, &r[i]);

		if (t != NULL && t->tag == VB_OID && t->buf != NULL &&
		    strcmp((char *)t->buf, "1.3.6.1.2.1.25.3.1.5") == 0 &&
		    r[i].n == 1) {
			printer = r[i].idx[0];
			*hr_descr = cell_text(l, "1.3.6.1.2.1.25.3.2.1", 3,
			    &r[i]);
			if (cell_num(l, "1.3.6.1.2.1.25.3.2.1", 5, &r[i],
			    &x) == 0 && x > 0 && x < 100)
				d->status.device = (int)x;
		}
	}
	/* hrPrinterTable: the printer's row, else the first. */
	n = rows(l, "1.3.6.1.2.1.25.3.5.1", r, nitems(r));
	for (i = 0; i < n; i++) {
		const struct vb	*e;

		if (r[i].n != 1 || (printer != 0 && r[i].idx[0] != printer))
			continue;
		if (cell_num(l, "1.3.6.1.2.1.25.3.5.1", 1, &r[i], &x) == 0 &&
		    x > 0 && x < 100)
			d->status.printer = (int)x;
		/* Read with the identity, but an errors scan's to report:
		 * a meters read must not look like "errors cleared". */
		e = cell(l, "1.3.6.1.2.1.25.3.5.1", 2, &r[i]);
		if (e != NULL && e->tag == VB_OCTETS &&
		    (d->parts & DEV_P_ERRORS))
			prt_error_bits(e->buf, e->len, d);
		if (printer == 0)
			printer = r[i].idx[0];
		break;
	}
	/* No hrDeviceType row named the printer (some agents leave the
	 * column out): the status of the printer's row, else of the only
	 * device row. */
	if (d->status.device == 0) {
		struct row	one = { { printer ? printer : 1 }, 1 };

		n = rows(l, "1.3.6.1.2.1.25.3.2.1", r, nitems(r));
		if ((printer != 0 || n == 1) && cell_num(l,
		    "1.3.6.1.2.1.25.3.2.1", 5, printer ? &one : &r[0], &x) ==
		    0 && x > 0 && x < 100)
			d->status.device = (int)x;
	}
	return printer;
}

static void
decode_meters(const struct vb_list *l, struct device *d)
{
	const char	*E = "1.3.6.1.2.1.43.10.2.1";
	struct row	 r[64];
	size_t		 n, i;
	char		 ub[32], name[48], oid[128];

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n && d->nmeters < DEV_MAX_ROWS; i++) {
		int64_t		 life, unit = 0, pon;
		const char	*u;

		if (r[i].n != 2)
			continue;
		(void)cell_num(l, E, 3, &r[i], &unit);
		u = counter_unit((long)unit, ub, sizeof(ub));
		if (cell_num(l, E, 4, &r[i], &life) == 0) {
			/* "total" is decided later (mdf_checks): a model
			 * definition may know a better one. */
			snprintf(name, sizeof(name), "marker.%u", r[i].idx[1]);
			snprintf(oid, sizeof(oid), "%s.4.%u.%u", E,
			    r[i].idx[0], r[i].idx[1]);
			dev_add_meter(d, name, life, u, oid);
		}
		if (cell_num(l, E, 5, &r[i], &pon) == 0) {
			if (n == 1)
				fa_strlcpy(name, "power_on", sizeof(name));
			else
				snprintf(name, sizeof(name), "power_on.%u",
				    r[i].idx[1]);
			snprintf(oid, sizeof(oid), "%s.5.%u.%u", E,
			    r[i].idx[0], r[i].idx[1]);
			dev_add_meter(d, name, pon, u, oid);
		}
	}
}

static void
decode_supplies(const struct vb_list *l, struct device *d)
{
	const char	*E = "1.3.6.1.2.1.43.11.1.1";
	const char	*C = "1.3.6.1.2.1.43.12.1.1";
	struct row	 r[DEV_MAX_ROWS];
	size_t		 n, i;
	char		 b[32];

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n && d->nsupplies < DEV_MAX_ROWS; i++) {
		struct dev_supply	*s;
		int64_t			 x;

		if (r[i].n != 2)
			continue;
		s = dev_add_supply(d);
		s->index = (int)r[i].idx[1];
		s->description = cell_text(l, E, 6, &r[i]);
		if (cell_num(l, E, 5, &r[i], &x) == 0)
			dev_set(&s->type, prt_supply_type((long)x, b,
			    sizeof(b)));
		if (cell_num(l, E, 4, &r[i], &x) == 0)
			dev_set(&s->class, x == 3 ? "consumed" :
			    x == 4 ? "filled" : "other");
		if (cell_num(l, E, 7, &r[i], &x) == 0)
			dev_set(&s->unit, prt_supply_unit((long)x, b,
			    sizeof(b)));
		if (cell_num(l, E, 8, &r[i], &x) == 0 && x > 0)
			s->max = x;
		if (cell_num(l, E, 9, &r[i], &x) == 0) {
			if (x >= 0)
				s->level = x;
			dev_set(&s->state, dev_level_state((long)x));
		} else
			dev_set(&s->state, "unknown");
		s->percent = dev_percent(s->level, s->max);
		if (cell_num(l, E, 3, &r[i], &x) == 0 && x > 0) {
			struct row cr = { { r[i].idx[0], (uint32_t)x }, 2 };
			s->colorant = cell_text(l, C, 4, &cr);
			if (s->colorant != NULL && *s->colorant == '\0')
				FA_FREE(s->colorant);
		}
	}
}

static char *
sub_unit_status(int64_t v)
{
	/* PrtSubUnitStatusTC: availability in bits 0-2, flags above. */
	static const char *const avail[8] = { "availableIdle",
	    "unavailableOnRequest", "availableStandby", "unavailableBroken",
	    "availableActive", "unknown", "availableBusy", "reserved" };
	struct fa_buf	b = FA_BUF_INIT;

	fa_buf_puts(&b, avail[v & 7]);
	if (v & 8)
		fa_buf_puts(&b, ",nonCriticalAlerts");
	if (v & 16)
		fa_buf_puts(&b, ",criticalAlerts");
	if (v & 32)
		fa_buf_puts(&b, ",offline");
	if (v & 64)
		fa_buf_puts(&b, ",transitioning");
	return fa_buf_steal(&b);
}

static void
decode_trays(const struct vb_list *l, struct device *d)
{
	static const char *const types[] = { NULL, "other", "unknown",
	    "sheetFeedAutoRemovableTray", "sheetFeedAutoNonRemovableTray",
	    "sheetFeedManual", "continuousRoll", "continuousFanFold" };
	const char	*E = "1.3.6.1.2.1.43.8.2.1";
	struct row	 r[DEV_MAX_ROWS];
	size_t		 n, i;
	char		 b[32];

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n && d->ntrays < DEV_MAX_ROWS; i++) {
		struct dev_tray	*t;
		int64_t		 x;

		if (r[i].n != 2)
			continue;
		t = dev_add_tray(d);
		t->index = (int)r[i].idx[1];
		t->name = cell_text(l, E, 13, &r[i]);
		if (t->name == NULL || *t->name == '\0') {
			free(t->name);
			t->name = cell_text(l, E, 18, &r[i]);
		}
		t->media = cell_text(l, E, 12, &r[i]);
		if (t->media != NULL && *t->media == '\0')
			FA_FREE(t->media);
		if (cell_num(l, E, 2, &r[i], &x) == 0)
			dev_set(&t->type, enum_name(types, nitems(types),
			    (long)x, b, sizeof(b)));
		if (cell_num(l, E, 9, &r[i], &x) == 0 && x >= 0)
			t->capacity = x;
		if (cell_num(l, E, 10, &r[i], &x) == 0) {
			if (x >= 0)
				t->level = x;
			dev_set(&t->state, dev_level_state((long)x));
		} else
			dev_set(&t->state, "unknown");
		t->percent = dev_percent(t->level, t->capacity);
		if (cell_num(l, E, 11, &r[i], &x) == 0 && x >= 0)
			t->status = sub_unit_status(x);
	}
}

static void
decode_alerts(const struct vb_list *l, struct device *d)
{
	static const char *const sev[] = { NULL, "other", NULL, "critical",
	    "warning", "warningBinaryChangeEvent" };
	static const char *const trn[] = { NULL, "other", "unknown",
	    "untrained", "trained", "fieldService", "management",
	    "noInterventionRequired" };
	static const char *const grp[] = { NULL, "other", NULL,
	    "hostResourcesMIBStorageTable", "hostResourcesMIBDeviceTable",
	    "generalPrinter", "cover", "localization", "input", "output",
	    "marker", "markerSupplies", "markerColorant", "mediaPath",
	    "channel", "interpreter", "consoleDisplayBuffer",
	    "consoleLights", "alert", NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, "finDevice", "finSupply",
	    "finSupplyMediaInput", "finAttribute" };
	const char	*E = "1.3.6.1.2.1.43.18.1.1";
	struct row	 r[DEV_MAX_ROWS];
	size_t		 n, i;
	char		 b[32];

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n && d->nalerts < DEV_MAX_ROWS; i++) {
		struct dev_alert	*a;
		int64_t			 x;

		if (r[i].n != 2)
			continue;
		a = dev_add_alert(d);
		a->index = (int)r[i].idx[1];
		if (cell_num(l, E, 2, &r[i], &x) == 0)
			dev_set(&a->severity, enum_name(sev, nitems(sev),
			    (long)x, b, sizeof(b)));
		if (cell_num(l, E, 3, &r[i], &x) == 0)
			dev_set(&a->training, enum_name(trn, nitems(trn),
			    (long)x, b, sizeof(b)));
		if (cell_num(l, E, 4, &r[i], &x) == 0)
			dev_set(&a->group, enum_name(grp, nitems(grp),
			    (long)x, b, sizeof(b)));
		if (cell_num(l, E, 5, &r[i], &x) == 0)
			a->group_index = x;
		if (cell_num(l, E, 6, &r[i], &x) == 0)
			a->location = x;
		if (cell_num(l, E, 7, &r[i], &x) == 0) {
			a->code = x;
			dev_set(&a->code_name, prt_alert_code((long)x, b,
			    sizeof(b)));
		}
		a->description = cell_text(l, E, 8, &r[i]);
		if (cell_num(l, E, 9, &r[i], &x) == 0)
			a->time = x;
	}
}

static void
decode_display(const struct vb_list *l, struct device *d)
{
	const char	*E = "1.3.6.1.2.1.43.16.5.1";
	struct row	 r[64];
	size_t		 n, i;

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n; i++) {
		char	*t = cell_text(l, E, 2, &r[i]);

		if (t != NULL && *t != '\0')
			dev_add_display(d, t);
		free(t);
	}
}

/* prtCoverTable (RFC 3805): an open cover or interlock is a fault, kept
 * with the error bits as "coverOpen:NAME" / "interlockOpen:NAME". */
static void
decode_covers(const struct vb_list *l, struct device *d)
{
	const char	*E = "1.3.6.1.2.1.43.6.1.1";
	struct row	 r[64];
	size_t		 n, i;
	int64_t		 x;
	char		 buf[DEV_MAX_STR + 32];

	n = rows(l, E, r, nitems(r));
	for (i = 0; i < n; i++) {
		char	*name;

		if (cell_num(l, E, 3, &r[i], &x) != 0 || (x != 3 && x != 5))
			continue;
		name = cell_text(l, E, 2, &r[i]);
		snprintf(buf, sizeof(buf), "%s:%s", x == 3 ? "coverOpen" :
		    "interlockOpen", name && *name ? name : "cover");
		dev_add_error(d, buf);
		free(name);
	}
}

static void
decode_identity(const struct vb_list *l, struct device *d,
    const char *hr_descr)
{
	const char	*v;
	char		*s;
	uint32_t	 o[VB_MAX_OID];
	size_t		 n;

	v = vendor_by_descr(d->sys_descr);
	if (v == NULL)
		v = vendor_by_descr(hr_descr);
	if (v == NULL)
		v = vendor_by_enterprise(d->enterprise);
	dev_set(&d->vendor, v);

	take(&d->model, vendor_model(v, NULL, hr_descr, d->sys_descr));

	/* Serial: Printer-MIB's first general row, else HP's sysDescr "SN:"
	 * (a model definition may fill it from a private object later). */
	oidp("1.3.6.1.2.1.43.5.1.1.17", o, &n);
	{
		size_t i = vb_lower(l, o, n);
		s = NULL;
		if (i < l->n && vb_oid_has_prefix(l->v[i].oid,
		    l->v[i].oidlen, o, n))
			s = vb_text(&l->v[i], DEV_MAX_STR);
		if (s != NULL && *s == '\0')
			FA_FREE(s);
	}
	if (s == NULL)
		s = vendor_descr_serial(d->sys_descr);
	take(&d->serial, s);
	take(&d->firmware, vendor_firmware(d->sys_descr));
}

void
prt_decode(const struct vb_list *l, struct device *d)
{
	char		*hr_descr = NULL;
	uint32_t	 o[VB_MAX_OID];
	size_t		 n, i;

	decode_system(l, d);
	decode_mac(l, d);
	(void)decode_hr(l, d, &hr_descr);
	decode_identity(l, d, hr_descr);
	if (d->parts & DEV_P_METERS)
		decode_meters(l, d);
	if (d->parts & DEV_P_SUPPLIES) {
		decode_supplies(l, d);
		decode_trays(l, d);
	}
	if (d->parts & DEV_P_ERRORS) {
		decode_alerts(l, d);
		decode_display(l, d);
		decode_covers(l, d);
	}

	/* Printer: hrDeviceType says so, the Printer-MIB answers, the
	 * enterprise is a printer maker's, or sysDescr names a label or
	 * receipt printer. */
	oidp("1.3.6.1.2.1.43", o, &n);
	i = vb_lower(l, o, n);
	if (hr_descr != NULL || d->status.printer != 0) {
		d->is_printer = 1;
		dev_set(&d->printer_reason, "hrDeviceType");
	} else if (i < l->n && vb_oid_has_prefix(l->v[i].oid,
	    l->v[i].oidlen, o, n)) {
		d->is_printer = 1;
		dev_set(&d->printer_reason, "Printer-MIB");
	} else if (vendor_is_printer_maker(d->enterprise)) {
		d->is_printer = 1;
		dev_set(&d->printer_reason, "enterprise");
	} else if (vendor_label_descr(d->sys_descr)) {
		d->is_printer = 1;
		dev_set(&d->printer_reason, "sysDescr");
	}
	free(hr_descr);
}
