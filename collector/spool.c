/*
 * spool.c: a Windows spooler printer as a struct device (see spool.h).
 *
 * The status word's bits become what an IPP read gives for
 * printer-state-reasons: keywords with the PWG suffixes (-error, -warning,
 * -report) in the errors list, and the printer and device status, so a
 * report treats a paused or jammed Windows printer as it treats an IPP
 * one.  Bits that only say what the spooler is doing (printing, waiting,
 * I/O) set the printer status and are not listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "range.h"
#include "spool.h"

enum { S_DOWN = 1, S_WARN, S_REPORT };

static const struct {
	uint32_t	 bit;
	const char	*keyword;
	int		 class;
} bits[] = {
	{ SPOOL_PAUSED, "paused", S_DOWN },
	{ SPOOL_ERROR, "other-error", S_DOWN },
	{ SPOOL_PENDING_DELETION, "deleting-report", S_REPORT },
	{ SPOOL_PAPER_JAM, "media-jam-error", S_DOWN },
	{ SPOOL_PAPER_OUT, "media-empty-error", S_DOWN },
	{ SPOOL_MANUAL_FEED, "manual-feed-report", S_REPORT },
	{ SPOOL_PAPER_PROBLEM, "media-problem-error", S_DOWN },
	{ SPOOL_OFFLINE, "offline-error", S_DOWN },
	{ SPOOL_OUTPUT_BIN_FULL, "output-area-full-error", S_DOWN },
	{ SPOOL_NOT_AVAILABLE, "not-available-error", S_DOWN },
	{ SPOOL_TONER_LOW, "toner-low-warning", S_WARN },
	{ SPOOL_NO_TONER, "toner-empty-error", S_DOWN },
	{ SPOOL_PAGE_PUNT, "page-punt-warning", S_WARN },
	{ SPOOL_USER_INTERVENTION, "user-intervention-error", S_DOWN },
	{ SPOOL_OUT_OF_MEMORY, "out-of-memory-error", S_DOWN },
	{ SPOOL_DOOR_OPEN, "door-open-error", S_DOWN },
	{ SPOOL_SERVER_UNKNOWN, "server-unknown-error", S_DOWN },
	{ SPOOL_POWER_SAVE, "power-save-report", S_REPORT },
};

int
spool_virtual(const char *port)
{
	static const char *const v[] = { "FILE:", "PORTPROMPT:", "NUL:",
	    "SHRFAX:", "XPSPort:" };
	size_t	i;

	if (port == NULL)
		return 0;
	for (i = 0; i < nitems(v); i++)
		if (strcasecmp(port, v[i]) == 0)
			return 1;
	return 0;
}

/* The address a Standard TCP/IP port names ("IP_192.0.2.7",
 * "192.0.2.7", "192.0.2.7_1" for a second port to it), into b. */
static int
port_addr(const char *port, char *b, size_t len)
{
	struct fa_addr	a;
	char		h[64];
	size_t		n;

	if (port == NULL)
		return 0;
	if (strncasecmp(port, "IP_", 3) == 0)
		port += 3;
	n = strcspn(port, "_");
	if (n == 0 || n >= sizeof(h))
		return 0;
	memcpy(h, port, n);
	h[n] = '\0';
	if (fa_addr_parse(h, &a) != 0)
		return 0;
	fa_addr_str(&a, b, len);
	return 1;
}

void
spool_device(const struct spool_printer *p, struct device *d)
{
	char	 b[64], *r;
	int	 down = 0, warn = 0;
	size_t	 i;

	dev_set(&d->sys_name, p->name);
	r = fa_asprintf("spooler %s", p->port != NULL ? p->port : "");
	dev_set(&d->printer_reason, r);
	free(r);
	dev_set(&d->credential, "spooler");
	dev_set(&d->sys_descr, p->driver);
	if (p->location != NULL && *p->location != '\0')
		dev_set(&d->sys_location, p->location);
	dev_set(&d->address, port_addr(p->port, b, sizeof(b)) ? b :
	    "127.0.0.1");
	d->snmp_version = 0;
	d->is_printer = 1;
	d->requests = 0;
	for (i = 0; i < nitems(bits); i++) {
		if ((p->status & bits[i].bit) == 0)
			continue;
		dev_add_error(d, bits[i].keyword);
		down |= bits[i].class == S_DOWN;
		warn |= bits[i].class == S_WARN;
	}
	/* hrPrinterStatus: printing 4, warmup 5, other 1, idle 3. */
	d->status.printer = p->status & (SPOOL_PRINTING | SPOOL_PROCESSING |
	    SPOOL_BUSY | SPOOL_IO_ACTIVE) ? 4 : p->status &
	    (SPOOL_WARMING_UP | SPOOL_INITIALIZING) ? 5 : down ? 1 : 3;
	/* hrDeviceStatus: down 5, warning 3, running 2. */
	d->status.device = down ? 5 : warn ? 3 : 2;
}
