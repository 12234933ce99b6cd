/*
 * report_csv.h: the report as CSV files, one per part (RFC 4180: comma
 * separated, CRLF line ends, fields with a comma, quote, CR or LF quoted,
 * quotes doubled), UTF-8, a header row first; device text is never a
 * spreadsheet formula (report_csv_field()).
 */
#ifndef FA_REPORT_CSV_H
#define FA_REPORT_CSV_H

#include "report.h"

/* The parts, in order: file names without ".csv". */
#define REPORT_CSV_NPARTS	8
extern const char *const report_csv_parts[REPORT_CSV_NPARTS];

/* Appends part i (0..REPORT_CSV_NPARTS-1) to out. */
void	report_csv(const struct report *, int part, struct fa_buf *out);
/* Appends one text field, quoted when it must be (NULL: empty); text
 * that starts with '=', '+', '-', '@', a tab or a CR gets a single quote
 * in front and is quoted, so that no spreadsheet runs it as a formula. */
void	report_csv_field(struct fa_buf *out, const char *s);
/* Appends one number the report wrote, as it is ("-3" stays a number). */
void	report_csv_number(struct fa_buf *out, const char *s);

#endif
