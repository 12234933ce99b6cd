/*
 * scan.h: reading devices.  For each target, one GET of the system group
 * (none when discovery's probe just brought it: scan_target.sys),
 * the GETs its model definition names (docs/models.md), then the standard
 * tables walked together; the Printer-MIB tables are skipped for a device
 * discovery found without a Printer-MIB, and those its definition says it
 * lacks.  Each finished device is handed to the caller at
 * once (to be stored in its own transaction) and then freed, so memory
 * holds only the devices being read.
 *
 * A read may cover only some parts (DEV_P_*, device.h), as the scan kinds
 * of "run" ask: the identity (system group, ifType, ifPhysAddress,
 * hrDeviceTable, hrPrinterTable, prtGeneralTable, the definition's
 * identity objects) every time, then meters (prtMarkerTable, the
 * definition's meters), supplies (prtMarkerSuppliesTable,
 * prtMarkerColorantTable, prtInputTable, the definition's supply objects)
 * and errors (prtAlertTable, prtConsoleDisplayBufferTable, prtCoverTable,
 * hrPrinterDetectedErrorState, the definition's status object) only when
 * asked, so a frequent scan of one kind costs fewer packets.
 */
#ifndef FA_SCAN_H
#define FA_SCAN_H

#include <string.h>

#include "device.h"
#include "range.h"
#include "sess.h"
#include "vb.h"

struct scan_target {
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	int			 printer_mib;	/* -1 unknown, 0 no, 1 yes */
	int			 enterprise;	/* 0 unknown */
	int			 cols, reps;	/* GETBULK width that worked
						 * before (store_width_for);
						 * 0: the default */
	const uint8_t		*sys;		/* discovery's answer to the
						 * system group GET
						 * (disc_result.sys, vb_pack)
						 * taken as the read's own */
	size_t			 sys_len;
	int			 has_sys;	/* 0: the read asks */
};

/* d is the finished device: the callee may keep nothing of it. */
typedef void (*scan_device_cb)(struct device *d, void *arg);

struct mdf_set;
struct scan_opts {
	int			 max_devices;	/* devices read at once */
	size_t			 max_vbs;	/* varbinds kept per device */
	const struct mdf_set	*models;	/* NULL: standard MIBs only */
	unsigned		 parts;		/* DEV_P_* to read; 0: all */
};
#define SCAN_DEFAULT_DEVICES	256
#define SCAN_MAX_VBS		20000
#define SCAN_GET_VARS		24	/* varbinds in one private GET */

/* Reads every target; returns the number not finished (interrupted).
 * Each device's parts is what was asked, plus DEV_P_ATTRS. */
size_t	scan_read(struct sess_engine *, const struct scan_target *, size_t n,
	    const struct scan_opts *, scan_device_cb, void *arg);

/*
 * "meters,supplies" into a DEV_P_* mask: a comma list of meters, supplies,
 * errors, attributes (blanks around names allowed) or "all".  Refuses an
 * empty list or name and an unknown name, naming it and the allowed ones.
 *
 * Inline here, not in scan.c: the option parser (cli/opts.c) needs it, and
 * the config file's fuzz target links that without the SNMP engine.
 */
#define SCAN_PART_NAMES	"meters, supplies, errors, attributes, all"
#define SCAN_PART_WORD	32	/* of a bad name, quoted in the message */

static inline int FA_WUR
scan_parse_parts(const char *spec, unsigned *out, struct fa_err *e)
{
	static const struct {
		const char	*name;
		unsigned	 part;
	} names[] = {
		{ "meters", DEV_P_METERS }, { "supplies", DEV_P_SUPPLIES },
		{ "errors", DEV_P_ERRORS }, { "attributes", DEV_P_ATTRS },
		{ "all", DEV_P_ALL },
	};
	const char	*p = spec, *end, *a, *b;
	unsigned	 parts = 0;
	size_t		 i, n;

	for (;;) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		for (a = p; a < end && (*a == ' ' || *a == '\t'); a++)
			;
		for (b = end; b > a && (b[-1] == ' ' || b[-1] == '\t'); b--)
			;
		n = (size_t)(b - a);
		if (n == 0)
			return fa_errf(e, "parts: empty part name in '%.*s' "
			    "(%s)", SCAN_PART_WORD, spec, SCAN_PART_NAMES);
		for (i = 0; i < nitems(names); i++)
			if (strlen(names[i].name) == n &&
			    strncmp(names[i].name, a, n) == 0)
				break;
		if (i == nitems(names))
			return fa_errf(e, "parts: unknown part '%.*s' (%s)",
			    (int)(n < SCAN_PART_WORD ? n : SCAN_PART_WORD), a,
			    SCAN_PART_NAMES);
		parts |= names[i].part;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	*out = parts;
	return 0;
}

#endif
