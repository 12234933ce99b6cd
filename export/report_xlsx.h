/*
 * report_xlsx.h: the report as an xlsx workbook (libxlsxwriter): one sheet
 * per part, typed cells, frozen headers, autofilters, native charts.
 */
#ifndef FA_REPORT_XLSX_H
#define FA_REPORT_XLSX_H

#include "report.h"

/* Writes the workbook to path (the caller renames it into place). */
int	report_xlsx(const struct report *, const char *path,
	    struct fa_err *) FA_WUR;

#endif
