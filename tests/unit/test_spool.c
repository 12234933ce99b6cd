/*
 * test_spool.c: unit tests for collector/spool.c, the Windows spooler's
 * printers as devices.  The status bits cannot be set on a printer under
 * Wine (it reports 0 for every one, and refuses PRINTER_CONTROL_PAUSE),
 * so their mapping is tested here, bit by bit, with the values of
 * <winspool.h> (cli/plat_winspool.c checks them against the header at
 * build time); t1487 reads real spooler printers under Wine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../cli/util.h"
#include "../../collector/spool.h"
#include "unit.h"

static struct device	d;

static void
read_one(const char *port, uint32_t status)
{
	struct spool_printer	p = { "Office Laser", port,
				    "HP Universal Printing PCL 6", "Floor 2",
				    status };

	dev_release(&d);
	spool_device(&p, &d);
}

static int
errors(const char *want)
{
	char	got[512] = "";
	size_t	i, n = 0;

	for (i = 0; i < d.status.nerrors && n < sizeof(got); i++)
		n += (size_t)snprintf(got + n, sizeof(got) - n, "%s%s",
		    i > 0 ? "," : "", d.status.errors[i]);
	if (strcmp(got, want) == 0)
		return 1;
	printf("# errors '%s', expected '%s'\n", got, want);
	return 0;
}

static void
test_identity(void)
{
	read_one("USB001", 0);
	CHECK(strcmp(d.sys_name, "Office Laser") == 0);
	CHECK(strcmp(d.printer_reason, "spooler USB001") == 0);
	CHECK(strcmp(d.credential, "spooler") == 0);
	CHECK(strcmp(d.sys_descr, "HP Universal Printing PCL 6") == 0);
	CHECK(strcmp(d.sys_location, "Floor 2") == 0);
	CHECK(strcmp(d.address, "127.0.0.1") == 0);
	CHECK(d.vendor == NULL && d.model == NULL && d.serial == NULL);
	CHECK(d.is_printer == 1 && d.error == NULL);
}

static void
test_port_address(void)
{
	static const struct {
		const char	*port, *address;
	} cases[] = {
		{ "IP_192.0.2.7", "192.0.2.7" },
		{ "192.0.2.8", "192.0.2.8" },
		{ "192.0.2.9_1", "192.0.2.9" },
		{ "IP_2001:db8::7", "2001:db8::7" },
		{ "WSD-1234-abcd", "127.0.0.1" },
		{ "LPT1:", "127.0.0.1" },
		{ NULL, "127.0.0.1" },		/* last: no port */
	};
	size_t	i;

	for (i = 0; i < nitems(cases); i++) {
		read_one(cases[i].port, 0);
		if (strcmp(d.address, cases[i].address) != 0) {
			printf("# port %s: address %s\n", cases[i].port ?
			    cases[i].port : "(none)", d.address);
			CHECK(0);
		}
	}
	CHECK(strcmp(d.printer_reason, "spooler ") == 0);
}

static void
test_virtual(void)
{
	CHECK(spool_virtual("FILE:"));
	CHECK(spool_virtual("PORTPROMPT:"));
	CHECK(spool_virtual("portprompt:"));
	CHECK(spool_virtual("NUL:"));
	CHECK(spool_virtual("SHRFAX:"));
	CHECK(spool_virtual("XPSPort:"));
	CHECK(!spool_virtual("USB001"));
	CHECK(!spool_virtual("IP_192.0.2.7"));
	CHECK(!spool_virtual(NULL));
}

static void
test_status(void)
{
	read_one("USB001", 0);
	CHECK(d.status.printer == 3 && d.status.device == 2 && errors(""));
	/* Windows' PRINTER_STATUS_* values, as <winspool.h> has them. */
	read_one("USB001", 0x00000001);		/* PAUSED */
	CHECK(d.status.printer == 1 && d.status.device == 5);
	CHECK(errors("paused"));
	read_one("USB001", 0x00000008 | 0x00020000);	/* PAPER_JAM, TONER_LOW */
	CHECK(d.status.printer == 1 && d.status.device == 5);
	CHECK(errors("media-jam-error,toner-low-warning"));
	read_one("USB001", 0x00020000);		/* TONER_LOW */
	CHECK(d.status.printer == 3 && d.status.device == 3);
	CHECK(errors("toner-low-warning"));
	read_one("USB001", 0x00000400);		/* PRINTING */
	CHECK(d.status.printer == 4 && d.status.device == 2 && errors(""));
	read_one("USB001", 0x00010000);		/* WARMING_UP */
	CHECK(d.status.printer == 5 && d.status.device == 2);
	read_one("USB001", 0x00000080);		/* OFFLINE */
	CHECK(d.status.device == 5 && errors("offline-error"));
	read_one("USB001", 0x00040000 | 0x00400000);	/* NO_TONER, DOOR_OPEN */
	CHECK(errors("toner-empty-error,door-open-error"));
	read_one("USB001", 0x01000000);		/* POWER_SAVE */
	CHECK(d.status.device == 2 && errors("power-save-report"));
	read_one("USB001", 0x00000010 | 0x00000002);	/* PAPER_OUT, ERROR */
	CHECK(errors("other-error,media-empty-error"));
}

int
main(void)
{
	dev_init(&d);
	RUN(test_identity);
	RUN(test_port_address);
	RUN(test_virtual);
	RUN(test_status);
	dev_release(&d);
	return unit_any_failed;
}
