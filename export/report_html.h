/*
 * report_html.h: the report as one self-contained HTML file (inline CSS
 * and SVG, no network loads, printable), from templates/report.html.
 */
#ifndef FA_REPORT_HTML_H
#define FA_REPORT_HTML_H

#include "report.h"

/* Appends the whole document to out; fails only on a broken template. */
int	report_html(const struct report *, struct fa_buf *out,
	    struct fa_err *) FA_WUR;

#endif
