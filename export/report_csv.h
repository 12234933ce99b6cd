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
/* Appends one text field (report_csv_field()), then "," or, when last,
 * the row's CRLF. */
void	report_csv_cell(struct fa_buf *out, const char *s, int last);
/* Appends v with that many decimals (NaN: empty), then "," or CRLF. */
void	report_csv_money(struct fa_buf *out, double v, int decimals,
	    int last);

/*
 * Reading the CSV files a dealer writes (the price book, the proposal):
 * RFC 4180 records.  A field in double quotes may hold commas, CR and LF,
 * and a quote written twice; records end at LF or CRLF outside quotes.
 * Blank lines and lines starting with '#' (outside a quoted field) are
 * skipped, and so is a UTF-8 byte order mark at the start.
 */
struct report_csv_in {
	const char *s;
	size_t	 len, pos;
	int	 line;			/* the physical line at pos, from 1 */
	int	 header;		/* report_csv_row(): header row read */
};
#define REPORT_CSV_IN(text, n)	{ (text), (n), 0, 1, 0 }

/* Reads the next record into f[0..*n) (each allocated, as written: not
 * trimmed), at most max fields; *line is the physical line the record
 * starts on.  Returns 1 for a record, 0 at the end, -1 for bad quoting
 * or too many fields: *why says what (a static string) and *line is the
 * line where it was found; nothing is left allocated. */
int	report_csv_read(struct report_csv_in *, char **f, int max, int *n,
	    int *line, const char **why);
/*
 * The next row of a dealer's table named name (the file, for messages)
 * whose first record must be header (its fields trimmed, joined by
 * commas), read and checked on the first call.  The row's fields, with
 * white space trimmed (an empty one NULL), in f[0..max) (past the
 * record's end NULL; the caller frees them); *line as report_csv_read().
 * Returns 1 for a row, 0 at the end (in->header says whether the header
 * was there), -1 with e "NAME line N: why".
 */
/* A dealer's amount: a whole field that is a finite number of 0 or more
 * into *v; 0, or -1 (NULL or not such a number). */
int	report_csv_amount(const char *s, double *v);
int	report_csv_row(struct report_csv_in *, const char *name,
	    const char *header, char **f, int max, int *line,
	    struct fa_err *e);

#endif
