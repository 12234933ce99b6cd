/*
 * vendor.h: who made a device, and where its model and serial live.
 *
 * The vendor comes first from the brand a device names in sysDescr (an OEM
 * device carries its own brand over its maker's enterprise number: a
 * Toshiba built by Lexmark, a UTAX built by Kyocera), then from the IANA
 * enterprise number of sysObjectID (or of the first private OID it
 * answers when it has no sysObjectID).  Where a maker keeps model, serial
 * and firmware in its private MIB, its model definition says so (mdf.h).
 */
#ifndef FA_VENDOR_H
#define FA_VENDOR_H

#include <stddef.h>
#include <stdint.h>

/* Vendor name for an enterprise number, or NULL. */
const char	*vendor_by_enterprise(long);
/* Is this enterprise a maker of printers (for printer detection)? */
int		 vendor_is_printer_maker(long);
/* Brand named by sysDescr's leading words, or NULL. */
const char	*vendor_by_descr(const char *);
/*
 * Label and receipt printers (Zebra, TSC, SATO, Honeywell, Intermec,
 * Datamax-O'Neil, Citizen, Godex, Brady; Epson's TM and Toshiba TEC's B
 * series): vendor_is_label() from the vendor (or sysDescr's brand) and the
 * model or sysDescr, for a device known to be a printer; any may be NULL.
 * vendor_label_descr(): does sysDescr alone name a label or receipt
 * printer (printer detection when no standard MIB says so)?
 */
int		 vendor_is_label(const char *vendor, const char *model,
		    const char *descr);
int		 vendor_label_descr(const char *descr);
/* Enterprise number in a sysObjectID-like OID (1.3.6.1.4.1.N...), or 0. */
long		 vendor_enterprise(const uint32_t *, size_t);


/*
 * Model name from what the device said: the brand and trailing version
 * words are removed.  Any argument may be NULL; returns a new string or
 * NULL.  Order of preference: printer hrDeviceDescr (unless generic),
 * private model, HP's "PID:" field, sysDescr's first segment.
 */
char	*vendor_model(const char *vendor, const char *private_model,
	    const char *hr_descr, const char *sys_descr);
/* Firmware from sysDescr patterns ("Firmware Ver.X", "version X"), or
 * NULL. */
char	*vendor_firmware(const char *sys_descr);
/* HP style "SN:XXXX" in sysDescr, or NULL. */
char	*vendor_descr_serial(const char *sys_descr);

#endif
