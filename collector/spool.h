/*
 * spool.h: a printer of the Windows spooler (assess --local on Windows)
 * as a struct device.  The platform layer (cli/plat_winspool.c) lists
 * the spooler's local printers (EnumPrintersW, level 2) and hands each
 * here as plain UTF-8 and numbers, so the mapping is the same code, and
 * tested, on every system (docs/ipp.md, "Local printers on Windows").
 *
 * The spooler knows a printer's name, port, driver, location and a status
 * word (PRINTER_STATUS_* bits: paused, paper jam, toner low...), nothing
 * of its meters or supplies and no serial: the device is keyed by its
 * name and port, as a CUPS queue without its printer (collector/store.c).
 */
#ifndef FA_SPOOL_H
#define FA_SPOOL_H

#include <stdint.h>

#include "device.h"

/* PRINTER_STATUS_* of <winspool.h> (Win32 API), the bits named here. */
#define SPOOL_PAUSED		0x00000001u
#define SPOOL_ERROR		0x00000002u
#define SPOOL_PENDING_DELETION	0x00000004u
#define SPOOL_PAPER_JAM		0x00000008u
#define SPOOL_PAPER_OUT		0x00000010u
#define SPOOL_MANUAL_FEED	0x00000020u
#define SPOOL_PAPER_PROBLEM	0x00000040u
#define SPOOL_OFFLINE		0x00000080u
#define SPOOL_IO_ACTIVE		0x00000100u
#define SPOOL_BUSY		0x00000200u
#define SPOOL_PRINTING		0x00000400u
#define SPOOL_OUTPUT_BIN_FULL	0x00000800u
#define SPOOL_NOT_AVAILABLE	0x00001000u
#define SPOOL_WAITING		0x00002000u
#define SPOOL_PROCESSING	0x00004000u
#define SPOOL_INITIALIZING	0x00008000u
#define SPOOL_WARMING_UP	0x00010000u
#define SPOOL_TONER_LOW		0x00020000u
#define SPOOL_NO_TONER		0x00040000u
#define SPOOL_PAGE_PUNT		0x00080000u
#define SPOOL_USER_INTERVENTION	0x00100000u
#define SPOOL_OUT_OF_MEMORY	0x00200000u
#define SPOOL_DOOR_OPEN		0x00400000u
#define SPOOL_SERVER_UNKNOWN	0x00800000u
#define SPOOL_POWER_SAVE	0x01000000u

/* What the spooler says of one printer; NULL strings are not given. */
struct spool_printer {
	const char	*name;		/* pPrinterName */
	const char	*port;		/* pPortName ("USB001", "IP_10.0.0.7") */
	const char	*driver;	/* pDriverName */
	const char	*location;	/* pLocation */
	uint32_t	 status;	/* Status: SPOOL_* bits */
};

/*
 * 1 when the port is no printer: a file, a prompt for one, the fax or
 * XPS port ("FILE:", "PORTPROMPT:", "NUL:", "SHRFAX:", "XPSPort:"), the
 * virtual printers every Windows has ("Microsoft Print to PDF").
 */
int	spool_virtual(const char *port);

/*
 * Fills d (dev_init'ed) from p: sys_name the name, printer_reason
 * "spooler PORT", credential "spooler", sys_descr the driver, location,
 * address the port's when it names one ("IP_192.0.2.7", "192.0.2.7"),
 * else 127.0.0.1; the status bits as printer and device status and error
 * keywords (docs/ipp.md).
 */
void	spool_device(const struct spool_printer *p, struct device *d);

#endif
