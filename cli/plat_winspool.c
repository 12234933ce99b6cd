/*
 * plat_winspool.c: the local print system on Windows (assess --local,
 * run --local): the Windows spooler's printers, behind collector/cupsq.h,
 * which the Linux build implements with CUPS (collector/cupsq.c).  Built
 * into the Windows program only (Makefile, WIN=1).
 *
 * One EnumPrintersW(PRINTER_ENUM_LOCAL, level 2) lists the printers this
 * computer has, with their name, port, driver, location and status word;
 * collector/spool.c makes each one a device.  Printers on a file, fax,
 * XPS or "ask for a file name" port are virtual ("Microsoft Print to
 * PDF") and left out.  Nothing is sent to a printer and nothing in the
 * spooler changes.  winspool.drv is loaded when --local asks for it, so
 * the program imports no DLL more than it did (tests/cli/t8010).  The
 * spooler knows no meters, supplies or serial: those need the printer
 * itself, over SNMP (or IPP, which the Windows build does not read).
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <winspool.h>

#include <stdlib.h>
#include <string.h>

#include "../collector/cupsq.h"
#include "../collector/spool.h"
#include "util.h"

#define SPOOLER	"Windows spooler"

/* spool.h names the bits itself, so it builds on every system. */
_Static_assert(SPOOL_PAUSED == PRINTER_STATUS_PAUSED &&
    SPOOL_PAPER_JAM == PRINTER_STATUS_PAPER_JAM &&
    SPOOL_OFFLINE == PRINTER_STATUS_OFFLINE &&
    SPOOL_PRINTING == PRINTER_STATUS_PRINTING &&
    SPOOL_TONER_LOW == PRINTER_STATUS_TONER_LOW &&
    SPOOL_NO_TONER == PRINTER_STATUS_NO_TONER &&
    SPOOL_DOOR_OPEN == PRINTER_STATUS_DOOR_OPEN &&
    SPOOL_POWER_SAVE == PRINTER_STATUS_POWER_SAVE,
    "spool.h's status bits are winspool.h's");

typedef BOOL (WINAPI *enum_fn)(DWORD, LPWSTR, DWORD, LPBYTE, DWORD,
    LPDWORD, LPDWORD);

struct cupsq {
	HMODULE		 dll;
	enum_fn		 enum_printers;
};

int
cupsq_check_server(const char *server, struct fa_err *e)
{
	if (server == NULL)
		return 0;
	return fa_errf(e, "--cups-server '%.200s': the Windows build reads "
	    "the Windows spooler's printers, not a CUPS scheduler", server);
}

int
cupsq_open(const char *server, int64_t timeout_ms, struct cupsq **out,
    struct fa_err *e)
{
	struct cupsq	*q;

	(void)timeout_ms;
	*out = NULL;
	if (cupsq_check_server(server, e) != 0)
		return -1;
	q = fa_calloc(1, sizeof(*q));
	if ((q->dll = LoadLibraryW(L"winspool.drv")) == NULL ||
	    (q->enum_printers = (enum_fn)(void (*)(void))GetProcAddress(
	    q->dll, "EnumPrintersW")) == NULL) {
		fa_errf(e, "cannot reach the print system at '%s': "
		    "winspool.drv: error %lu", SPOOLER,
		    (unsigned long)GetLastError());
		cupsq_close(q);
		return -1;
	}
	*out = q;
	return 0;
}

const char *
cupsq_server(const struct cupsq *q)
{
	(void)q;
	return SPOOLER;
}

void
cupsq_close(struct cupsq *q)
{
	if (q == NULL)
		return;
	if (q->dll != NULL)
		FreeLibrary(q->dll);
	free(q);
}

static int
by_name(const void *a, const void *b)
{
	return wcscmp(((const PRINTER_INFO_2W *)a)->pPrinterName,
	    ((const PRINTER_INFO_2W *)b)->pPrinterName);
}

int
cupsq_read(struct cupsq *q, const struct ipp_opts *o, unsigned parts,
    void (*fn)(struct device *, void *), void *arg, struct ipp_stats *st,
    struct fa_err *e)
{
	PRINTER_INFO_2W		*v;
	struct spool_printer	 p;
	struct device		 d;
	BYTE			*buf = NULL;
	DWORD			 need = 0, n = 0, i, k;
	int64_t			 t0 = fa_now_ms();
	int			 nd = 0;

	(void)o;
	/* The list may grow between the two calls: try again, bounded. */
	for (k = 0; k < 4; k++) {
		if (q->enum_printers(PRINTER_ENUM_LOCAL, NULL, 2, buf, need,
		    &need, &n))
			break;
		if (GetLastError() != ERROR_INSUFFICIENT_BUFFER ||
		    need > 64u << 20) {
			free(buf);
			return fa_errf(e, "print system at '%s': cannot list "
			    "its printers: error %lu", SPOOLER,
			    (unsigned long)GetLastError());
		}
		free(buf);
		buf = fa_malloc(need);
	}
	if (k == 4) {
		free(buf);
		return fa_errf(e, "print system at '%s': cannot list its "
		    "printers: the list keeps changing", SPOOLER);
	}
	(void)st;	/* no IPP request: the spooler is asked locally */
	v = (PRINTER_INFO_2W *)(void *)buf;
	if (n > 1)
		fa_sort(v, n, sizeof(*v), by_name);
	for (i = 0; i < n && nd < CUPSQ_MAX_QUEUES && !fa_interrupted; i++) {
		char	*name, *port, *driver, *loc;

		port = fa_win_utf8(v[i].pPortName);
		if (v[i].pPrinterName == NULL || spool_virtual(port)) {
			free(port);
			continue;
		}
		name = fa_win_utf8(v[i].pPrinterName);
		driver = fa_win_utf8(v[i].pDriverName);
		loc = fa_win_utf8(v[i].pLocation);
		memset(&p, 0, sizeof(p));
		p.name = name;
		p.port = port;
		p.driver = driver;
		p.location = loc;
		p.status = v[i].Status;
		dev_init(&d);
		d.parts = (parts != 0 ? parts : DEV_P_ALL) | DEV_P_ATTRS;
		spool_device(&p, &d);
		d.read_ms = fa_now_ms() - t0;
		fn(&d, arg);
		dev_release(&d);
		nd++;
		free(name);
		free(port);
		free(driver);
		free(loc);
	}
	free(buf);
	return nd;
}
