/*
 * report_words.c: words for people in the xlsx and HTML reports (report.h,
 * "Words for people").  The store keeps the codes a device gives
 * (prtAlertCode names such as "markerTonerAlmostEmpty", error bits of
 * hrPrinterDetectedErrorState such as "noPaper", meter names, the kinds
 * of left-out steps); a reader of an assessment should not have to know
 * them.  The CSV files keep the codes, so a spreadsheet or a script can
 * still match them.  Pure: no output, no state.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const struct { const char *code, *words; } codes[] = {
	/* prtAlertCode (RFC 3805) names the collector stores */
	{ "jam", "Paper jam" },
	{ "coverOpen", "Cover open" },
	{ "doorOpen", "Door open" },
	{ "inputMediaTrayMissing", "Paper tray missing" },
	{ "inputMediaSupplyLow", "Paper low" },
	{ "inputMediaSupplyEmpty", "Out of paper" },
	{ "outputMediaTrayAlmostFull", "Output tray nearly full" },
	{ "outputMediaTrayFull", "Output tray full" },
	{ "markerTonerEmpty", "Toner empty" },
	{ "markerTonerAlmostEmpty", "Toner nearly empty" },
	{ "markerInkEmpty", "Ink empty" },
	{ "markerInkAlmostEmpty", "Ink nearly empty" },
	{ "markerSupplyMissing", "Supply missing" },
	{ "markerWasteTonerReceptacleAlmostFull",
	    "Waste toner box nearly full" },
	{ "markerWasteTonerReceptacleFull", "Waste toner box full" },
	{ "subunitLifeAlmostOver", "Part nearly worn out" },
	{ "subunitLifeOver", "Part worn out" },
	{ "subunitAlmostEmpty", "Supply nearly empty" },
	{ "subunitEmpty", "Supply empty" },
	{ "subunitMissing", "Part missing" },
	{ "interlockOpen", "Cover open" },
	{ "serviceRequested", "Service requested" },
	{ "other", "Other" },
	{ "unknown", "Unknown" },
	/* hrPrinterDetectedErrorState bits */
	{ "lowPaper", "Paper low" },
	{ "noPaper", "Out of paper" },
	{ "lowToner", "Toner low" },
	{ "noToner", "Out of toner" },
	{ "jammed", "Paper jam" },
	{ "offline", "Offline" },
	{ "inputTrayMissing", "Paper tray missing" },
	{ "outputTrayMissing", "Output tray missing" },
	{ "outputNearFull", "Output tray nearly full" },
	{ "outputFull", "Output tray full" },
	{ "inputTrayEmpty", "Paper tray empty" },
	{ "overduePreventMaint", "Maintenance overdue" },
};

const char *
report_words_code(const char *code, char *buf, size_t len)
{
	size_t	i, j = 0;

	if (code == NULL)
		return NULL;
	for (i = 0; i < nitems(codes); i++)
		if (strcmp(code, codes[i].code) == 0)
			return codes[i].words;
	/* Any other camelCase name as words: "fuserOverTemp" -> "Fuser
	 * over temp". */
	if (len == 0)
		return code;
	for (i = 0; code[i] != '\0' && j + 2 < len; i++) {
		unsigned char c = (unsigned char)code[i];

		if (i > 0 && isupper(c) && (!isupper((unsigned char)code[i - 1])
		    || islower((unsigned char)code[i + 1])))
			buf[j++] = ' ';
		else if (i > 0 && isdigit(c) &&
		    !isdigit((unsigned char)code[i - 1]))
			buf[j++] = ' ';
		if (j == 0)
			c = (unsigned char)toupper(c);
		else if (isupper(c) && islower((unsigned char)code[i + 1]))
			c = (unsigned char)tolower(c);	/* a word, not "USB" */
		buf[j++] = (char)c;
	}
	buf[j] = '\0';
	return buf;
}

char *
report_words_bits(const char *bits)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		 one[64], w[96];
	const char	*p = bits, *q;
	size_t		 n;

	if (bits == NULL)
		return NULL;
	while (*p != '\0') {
		q = strstr(p, ", ");
		n = q != NULL ? (size_t)(q - p) : strlen(p);
		if (n >= sizeof(one))
			n = sizeof(one) - 1;
		memcpy(one, p, n);
		one[n] = '\0';
		if (b.len > 0)
			fa_buf_puts(&b, ", ");
		fa_buf_puts(&b, report_words_code(one, w, sizeof(w)));
		if (q == NULL)
			break;
		p = q + 2;
	}
	return fa_buf_steal(&b);
}

char *
report_words_num(int64_t v, char *buf, size_t len)
{
	char	d[32];
	size_t	i, n, j = 0;

	snprintf(d, sizeof(d), "%lld", (long long)v);
	n = strlen(d);
	for (i = 0; i < n && j + 2 < len; i++) {
		buf[j++] = d[i];
		if (d[i] != '-' && (n - i - 1) % 3 == 0 && i + 1 < n)
			buf[j++] = ',';
	}
	if (len > 0)
		buf[j < len ? j : len - 1] = '\0';
	return buf;
}

char *
report_words_age(int64_t secs, char *buf, size_t len)
{
	if (secs < 3600)
		snprintf(buf, len, "%lld min old", (long long)(secs / 60));
	else if (secs < 2 * 86400)
		snprintf(buf, len, "%lld h old", (long long)(secs / 3600));
	else
		snprintf(buf, len, "%lld d old", (long long)(secs / 86400));
	return buf;
}

const char *
report_words_meter(const char *meter)
{
	if (meter == NULL)
		return NULL;
	if (strcmp(meter, "total") == 0)
		return "Total pages";
	if (strcmp(meter, "mono") == 0)
		return "Mono pages";
	if (strcmp(meter, "colour") == 0)
		return "Colour pages";
	if (strcmp(meter, "serial") == 0)
		return "Serial number";
	return meter;
}

const char *
report_words_step(const char *what)
{
	if (what == NULL)
		return NULL;
	if (strcmp(what, "decrease") == 0)
		return "Counter went down";
	if (strcmp(what, "wrap32") == 0)
		return "Counter wrapped";
	if (strcmp(what, "frozen") == 0)
		return "Counter stuck";
	if (strcmp(what, "swap") == 0)
		return "Another device at this address";
	if (strcmp(what, "gap") == 0)
		return "No readings for over 35 days";
	return what;
}

const char *
report_words_dte(int status)
{
	switch (status) {
	case REPORT_DTE_SHORT:
		return "not enough history";
	case REPORT_DTE_FEW:
		return "level too steady to estimate";
	case REPORT_DTE_FLAT:
		return "not falling";
	case REPORT_DTE_OK:
		return "ok";
	}
	return NULL;
}
