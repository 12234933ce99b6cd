/*
 * winaddprinter.c: adds a printer to the Windows spooler, for the tests
 * of assess --local on Windows (t1487, run under Wine).  Built by the
 * test with mingw-w64.  The driver is Wine's own PostScript driver,
 * installed first when missing; no job is ever printed.
 *
 *   winaddprinter.exe NAME PORT [LOCATION]
 */
#include <windows.h>
#include <winspool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static wchar_t *
wide(const char *s)
{
	int	 n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
	wchar_t	*w = calloc((size_t)n + 1, sizeof(*w));

	if (w == NULL)
		exit(1);
	MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

int
main(int argc, char *argv[])
{
	DRIVER_INFO_3W	di;
	PRINTER_INFO_2W	pi;
	HANDLE		h;

	if (argc < 3) {
		fprintf(stderr, "usage: winaddprinter NAME PORT [LOCATION]\n");
		return 2;
	}
	memset(&di, 0, sizeof(di));
	di.cVersion = 3;
	di.pName = L"Wine PostScript Driver";
	di.pDriverPath = L"wineps.drv";
	di.pDataFile = L"wineps.drv";
	di.pConfigFile = L"wineps.drv";
	di.pDependentFiles = L"\0";
	if (!AddPrinterDriverW(NULL, 3, (LPBYTE)&di) &&
	    GetLastError() != ERROR_PRINTER_DRIVER_ALREADY_INSTALLED) {
		fprintf(stderr, "AddPrinterDriverW: error %lu\n",
		    GetLastError());
		return 1;
	}
	memset(&pi, 0, sizeof(pi));
	pi.pPrinterName = wide(argv[1]);
	pi.pPortName = wide(argv[2]);
	pi.pDriverName = L"Wine PostScript Driver";
	pi.pPrintProcessor = L"WinPrint";
	pi.pDatatype = L"RAW";
	if (argc > 3)
		pi.pLocation = wide(argv[3]);
	if ((h = AddPrinterW(NULL, 2, (LPBYTE)&pi)) == NULL) {
		fprintf(stderr, "AddPrinterW: error %lu\n", GetLastError());
		return 1;
	}
	ClosePrinter(h);
	return 0;
}
