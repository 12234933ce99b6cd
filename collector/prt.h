/*
 * prt.h: decoding what a device answered (a vb_list) into a struct device,
 * by the standard MIBs: SNMPv2-MIB system group, IF-MIB ifTable,
 * HOST-RESOURCES-MIB (RFC 2790) hrDeviceTable and hrPrinterTable, and
 * Printer-MIB v2 (RFC 3805) general, input, marker, supplies, colorant,
 * console display and alert tables.
 *
 * The decoder trusts nothing: wrong types are skipped, strings capped at
 * DEV_MAX_STR, tables at DEV_MAX_ROWS rows, indexes checked.
 */
#ifndef FA_PRT_H
#define FA_PRT_H

#include <stddef.h>

#include "device.h"
#include "vb.h"

/* Scalars read with one GET (instance .0 and the first general row). */
extern const char *const prt_get_oids[];
extern const size_t prt_nget_oids;

/* Table subtrees walked; those with printer_mib set are skipped for a
 * device that showed it has no Printer-MIB, and those whose part (a
 * DEV_P_* bit) a read does not ask for.  part 0: identity, always read. */
struct prt_table {
	const char	*name;		/* for messages: "prtMarkerSuppliesTable" */
	const char	*root;
	int		 printer_mib;
	unsigned	 part;
};
extern const struct prt_table prt_tables[];
extern const size_t prt_ntables;

/* Fills d from l (sorted): identity, hrDeviceStatus and hrPrinterStatus
 * always; meters, supplies and trays, alerts, console lines and error
 * bits only for the parts d->parts names (dev_init: all), so a part not
 * read stays empty instead of reading as "none".  d->address and
 * credential are the caller's. */
void	prt_decode(const struct vb_list *l, struct device *d);

/* Names of RFC 3805 / RFC 2790 enumerations ("unknown(N)" for others);
 * the returned pointer is static or into buf. */
const char *prt_supply_type(long, char *buf, size_t);
const char *prt_supply_unit(long, char *buf, size_t);
const char *prt_alert_code(long, char *buf, size_t);
const char *prt_hr_device_status(int);
const char *prt_hr_printer_status(int);

/* hrPrinterDetectedErrorState bits (RFC 3805 3.3) over every octet. */
void	prt_error_bits(const uint8_t *, size_t, struct device *);

#endif
