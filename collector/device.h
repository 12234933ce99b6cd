/*
 * device.h: what one read of one device yields, independent of where it
 * came from (the SNMP scan) or goes to (the store, JSON, reports).
 *
 * Every string is owned by the struct and freed by dev_release().  Numbers a
 * device did not give are DEV_NONE.  Printer-MIB's special values for levels
 * and capacities (RFC 3805: -1 other, -2 unknown, -3 some remaining) are kept
 * as a state string and never turned into a number.
 */
#ifndef FA_DEVICE_H
#define FA_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#define DEV_NONE	INT64_MIN

/* Bounds on what one device may make us hold (a hostile or broken agent). */
#define DEV_MAX_ROWS	512	/* rows kept per table (supplies, trays...) */
#define DEV_MAX_STR	1024	/* bytes kept of one string value */

/*
 * A meter reading.  name is from the meter vocabulary (docs/models.md):
 * "total", "mono", "colour", "print", "print.mono", "copy.colour", "fax",
 * "scan", "duplex", "a3", "letter", "marker.1", "power_on" ...; source is
 * its provenance: the OID it was read from, or the rule that made it
 * ("sum(1.3.6...,1.3.6...)", "brother:0x10").
 */
struct dev_meter {
	char	*name;
	int64_t	 value;
	char	*unit;		/* "impressions", "sheets", ... */
	char	*source_oid;	/* provenance: OID or rule */
};

/*
 * A cross-check between readings (e.g. "mono+colour=total"): both sides
 * kept, never resolved.  ok is 1 when they agree.
 */
struct dev_check {
	char	*name;
	int64_t	 left;		/* the sum or vendor value */
	int64_t	 right;		/* what it is checked against */
	int	 ok;
};

struct dev_supply {
	int	 index;		/* prtMarkerSuppliesIndex */
	char	*description;
	char	*type;		/* prtMarkerSuppliesType name: "toner" ... */
	char	*class;		/* "consumed" or "filled" */
	char	*colorant;	/* prtMarkerColorantValue, e.g. "black" */
	char	*unit;		/* prtMarkerSuppliesSupplyUnit name */
	int64_t	 max;		/* DEV_NONE when not a positive number */
	int64_t	 level;		/* DEV_NONE when not a number >= 0 */
	int	 percent;	/* -1 when level or max unknown */
	char	*part_number;	/* "CF300A", from a vendor OID or parsed */
	char	*serial;	/* cartridge serial, vendor OID */
	char	*level_source;	/* NULL: the Printer-MIB; else the vendor
				 * OID or rule the level came from */
	char	*state;		/* "ok", "empty", "other", "unknown",
				 * "some_remaining", "invalid" (a negative
				 * value RFC 3805 does not define) */
};

struct dev_tray {
	int	 index;
	char	*name;
	char	*media;
	char	*type;		/* prtInputType name */
	int64_t	 capacity;	/* DEV_NONE when not a number >= 0 */
	int64_t	 level;
	int	 percent;
	char	*state;		/* as supplies */
	char	*status;	/* prtInputStatus decoded (RFC 3805 sub-unit) */
};

struct dev_alert {
	int	 index;
	char	*severity;	/* prtAlertSeverityLevel name */
	char	*training;	/* prtAlertTrainingLevel name */
	char	*group;		/* prtAlertGroup name */
	int64_t	 group_index;	/* DEV_NONE when not given, as below */
	int64_t	 location;
	int64_t	 code;		/* prtAlertCode */
	char	*code_name;	/* its name in PrtAlertCodeTC */
	char	*description;
	int64_t	 time;		/* prtAlertTime, sysUpTime ticks */
};

struct dev_status {
	int	 device;	/* hrDeviceStatus, 0 when not read */
	int	 printer;	/* hrPrinterStatus, 0 when not read */
	char	**errors;	/* hrPrinterDetectedErrorState bit names */
	size_t	 nerrors;
	char	**display;	/* prtConsoleDisplayBufferText lines */
	size_t	 ndisplay;
};

/*
 * What a read covered.  Identity (system group, interfaces, hrDevice and
 * hrPrinter, prtGeneral, the definition's identity objects) is read every
 * time; the other parts only when their scan kind asks for them.  The
 * store compares and keeps only the parts a read covered.
 */
#define DEV_P_METERS	0x1	/* meters and their cross-checks */
#define DEV_P_SUPPLIES	0x2	/* supplies and trays */
#define DEV_P_ERRORS	0x4	/* alerts, console, covers, error bits */
#define DEV_P_ATTRS	0x8	/* identity attributes (always read) */
#define DEV_P_ALL	0xf

struct device {
	char		*address;	/* numeric address read */
	char		*credential;	/* label of the credential that worked */
	int		 snmp_version;	/* 1, 2 (v2c) or 3 */
	int		 is_printer;
	char		*printer_reason;/* "hrDeviceType", "Printer-MIB", ... */
	char		*vendor;
	char		*model;
	char		*serial;
	char		*mac;		/* "aa:bb:cc:dd:ee:ff" */
	char		*sys_object_id;
	char		*sys_descr;
	char		*sys_name;
	char		*sys_location;
	char		*sys_contact;
	char		*firmware;
	char		*asset;
	int64_t		 uptime;	/* sysUpTime ticks (1/100 s) */
	int		 enterprise;	/* from sysObjectID, 0 unknown */

	struct dev_meter	*meters;
	size_t			 nmeters;
	struct dev_supply	*supplies;
	size_t			 nsupplies;
	struct dev_tray		*trays;
	size_t			 ntrays;
	struct dev_alert	*alerts;
	size_t			 nalerts;
	struct dev_check	*checks;
	size_t			 nchecks;
	struct dev_status	 status;
	char		*model_def;	/* model definition used, or NULL */

	char		*error;		/* why the read is incomplete, or NULL */
	int64_t		 read_ms;	/* how long the read took */
	uint32_t	 requests;	/* requests sent for this device */
	int		 bulk_cols;	/* GETBULK width the table walk ended */
	int		 bulk_reps;	/* with when it worked; 0 not known */
	unsigned	 parts;		/* DEV_P_*: what the read covered */
};

void	dev_init(struct device *);
void	dev_release(struct device *);	/* frees contents, leaves it init'd */

/* Appenders: copy every string; return the new row (zeroed numbers). */
struct dev_meter	*dev_add_meter(struct device *, const char *name,
			    int64_t value, const char *unit, const char *oid);
struct dev_supply	*dev_add_supply(struct device *);
struct dev_tray		*dev_add_tray(struct device *);
struct dev_alert	*dev_add_alert(struct device *);
struct dev_check	*dev_add_check(struct device *, const char *name,
			    int64_t left, int64_t right);
/* The meter named name, or NULL. */
const struct dev_meter	*dev_meter(const struct device *, const char *);
void	dev_add_error(struct device *, const char *);
void	dev_add_display(struct device *, const char *);

/* Replaces *dst by a copy of src (NULL allowed). */
void	dev_set(char **dst, const char *src);

/*
 * Identity helpers (docs/store.md, Identity).  dev_serial_usable(): 0 when
 * serial is no evidence of which device this is: empty, a filler an agent
 * or an anonymiser puts there ("serial_number", "0", "000000000",
 * "Unknown", "N/A"), one character repeated, or the model name; compared
 * on letters and digits only, in any case.  dev_model_same(): 1 unless both
 * models are known and neither contains the other (letters and digits, any
 * case: "LaserJet Pro M404dn" is "HP LaserJet Pro M404dn").
 */
int	dev_serial_usable(const char *serial, const char *model);
int	dev_model_same(const char *, const char *);

/* Is unit a length ("feet", "meters", "inches", PrtMarkerCounterUnitTC's
 * "tenThousandthsOfInches"...)?  Such a counter is never a page count. */
int	dev_unit_is_length(const char *unit);

/* Percent from level and max, or -1; and the state name of a raw level. */
int		 dev_percent(int64_t level, int64_t max);
const char	*dev_level_state(long raw);

#endif
