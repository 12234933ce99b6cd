/*
 * report.h: the assessment report's model, built in memory from what a
 * store gives per device (struct store_rdev, collector/store.h), and the
 * math behind it: monthly volumes prorated from irregular meter readings,
 * and days to empty from a cartridge's level history.  The renderers
 * (report_xlsx.c, report_html.c, report_csv.c) read only this model, so
 * the collector's store and the hub's central store, each with its own
 * gatherer, give the same report from the same data.
 *
 * Methods (docs/report.md):
 * - Volumes: each step between two consecutive meter readings spreads its
 *   pages evenly over its time, split at UTC month boundaries; a month
 *   counts the seconds its steps really cover.  Steps longer than
 *   REPORT_GAP_DAYS are gaps (not spread: when their pages fell is not
 *   known), flagged steps (decrease, wrap32, frozen, a serial swap) and
 *   unflagged decreases are excluded; both are listed, never guessed.
 * - Days to empty: a Theil-Sen line through the first reading of each
 *   level of the current cartridge (the median of every pairwise slope,
 *   then the median intercept), robust to a bump and to coarse steps.
 *
 * Every function here is pure (no store, no clock) and never prints.
 */
#ifndef FA_REPORT_H
#define FA_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"
#include "../collector/store.h"

#define REPORT_DAY		86400
/* A step longer than this is a gap: its pages are not spread. */
#define REPORT_GAP_DAYS		35
/* Days to empty needs this many distinct levels over this many days. */
#define REPORT_DTE_MIN_POINTS	3
#define REPORT_DTE_MIN_DAYS	7
/* The newest levels used (bounds the O(n^2) pairwise slopes). */
#define REPORT_DTE_MAX_POINTS	120
/* A supply is low at or under this percent. */
#define REPORT_LOW_PERCENT	10
/* Running out: days to empty at or under this. */
#define REPORT_SOON_DAYS	30
/* Not seen lately: last seen more than this many days before "to". */
#define REPORT_STALE_DAYS	7
/* At most this many months in one report (--from/--to span). */
#define REPORT_MAX_MONTHS	120

/* ---- Math ---- */

/* One meter reading: time (epoch s), value; bad set when the step ending
 * here is flagged (left out); id the caller's (a scan id). */
struct report_reading {
	int64_t	 t;
	int64_t	 v;
	int	 bad;
	int64_t	 id;
};

/* Month starts: bounds[0..n], bounds[i] the first second of month i, and
 * bounds[n] the first second after the last month.  from/to epoch s. */
int	report_months(int64_t from, int64_t to, int64_t *bounds,
	    size_t max, size_t *n);

/* What report_prorate() did with one step. */
enum { REPORT_STEP_OK, REPORT_STEP_FLAGGED, REPORT_STEP_DECREASE,
	REPORT_STEP_GAP };
typedef void report_step_cb(int kind, const struct report_reading *a,
    const struct report_reading *b, void *arg);

/*
 * Spreads the steps of readings r[0..n) (sorted by time) over the months
 * of bounds[0..nm] clipped to [from, to]: pages[i] += the share of each
 * counted step in month i, secs[i] += the seconds of month i it covers.
 * Steps that are not counted, and counted ones too when cb is given, are
 * reported to cb (kind REPORT_STEP_*) when they touch [from, to].
 * Returns the pages counted.
 */
double	report_prorate(const struct report_reading *r, size_t n,
	    const int64_t *bounds, size_t nm, int64_t from, int64_t to,
	    double *pages, double *secs, report_step_cb *cb, void *arg);

/* One level reading of a cartridge: time (epoch s), percent. */
struct report_level {
	int64_t	 t;
	int	 level;
};

enum { REPORT_DTE_NONE,		/* no level known (or not a consumable) */
	REPORT_DTE_SHORT,	/* not enough history */
	REPORT_DTE_FLAT,	/* not falling */
	REPORT_DTE_OK,
	REPORT_DTE_FEW };	/* history long enough, too few levels */
struct report_dte {
	int	 status;
	int	 points;		/* distinct levels used */
	double	 history_days;		/* first used reading to t_last */
	double	 slope;			/* percent per day (negative) */
	double	 confidence;		/* 0..1, see report_days_to_empty */
	double	 days;			/* from t_last to empty, >= 0 */
	int64_t	 empty_at;		/* epoch s */
};

/*
 * Days to empty from levels l[0..n) sorted by time, the cartridge last
 * seen at t_last.  Points are the first reading of each level (a reading
 * equal to the one before adds nothing), the newest
 * REPORT_DTE_MAX_POINTS of them.  slope = median of the pairwise slopes,
 * intercept = median of level - slope * t, empty when the line reaches
 * 0; confidence = (falling pairs - rising pairs) / pairs, at least 0
 * (Kendall's tau of level against time).  SHORT below
 * REPORT_DTE_MIN_POINTS points or REPORT_DTE_MIN_DAYS days; FLAT when the
 * slope is not negative.
 */
void	report_days_to_empty(const struct report_level *l, size_t n,
	    int64_t t_last, struct report_dte *);

/*
 * Days to empty of one supply: the one method every view uses (the
 * report, and the hub's pages and lists), so that they all give the same
 * days for the same cartridge.  The levels l[0..n) are the current
 * cartridge's readings in any order (sorted here, in place, by time);
 * t_last is when the supply was last read; at is when it is judged (the
 * report's end, or now; 0: not judged).  dte is report_days_to_empty()'s
 * line; overdue when the line's empty date is before at (shown as
 * "overdue", never as "empty soon"); stale when the supply was last read
 * more than REPORT_STALE_DAYS before at.
 */
struct report_sdays {
	struct report_dte dte;
	int	 overdue, stale;
};
void	report_levels_days(struct report_level *l, size_t n, int64_t t_last,
	    int64_t at, struct report_sdays *);
/* The same from a gathered supply (struct store_rsupply: its levels and
 * last read); a supply that fills up (class "filled", a waste box) has
 * none (REPORT_DTE_NONE). */
void	report_supply_days(const struct store_rsupply *, int64_t at,
	    struct report_sdays *);

/* ---- Model ---- */

struct report_month {
	int	 year, mon;		/* mon 1..12 */
	int64_t	 start, end;		/* [start, end) epoch s */
	double	 days;			/* days of the month in the report */
};

/* One device-month: pages by meter; covered days; NAN = not known.
 * unknown: pages whose split is not known (a colour device without
 * mono/colour counters: all of its total), so mono + colour + unknown =
 * total wherever total is known. */
struct report_dvol {
	double	 total, mono, colour, unknown;
	double	 days_covered;
};

/* A step left out of volumes, or a gap. */
struct report_step {
	size_t	 dev;			/* index in report.devs */
	const char *meter;		/* "total", "mono", "colour" (static) */
	const char *what;		/* "gap", "decrease", "wrap32",
					 * "frozen", "swap" (static) */
	int64_t	 from, to;
	int64_t	 before, after;		/* meter values */
	char	*detail;		/* swap: "OLD -> NEW"; else NULL */
};

struct report_supply {
	int	 idx;
	char	*description, *colorant, *part_number, *serial, *state,
		*type, *class;
	int	 percent;		/* -1 unknown */
	int64_t	 installed;		/* current cartridge first seen */
	int64_t	 last_seen;		/* newest read of supplies */
	struct report_dte dte;
	/* By report_add(), against the report's end: the predicted empty
	 * date has passed (overdue, never "soon"); the levels are older
	 * than REPORT_STALE_DAYS before the end. */
	int	 overdue, stale;
	const char *level_state;	/* "empty", "low" or the state read
					 * (report_level_state()) */
};

struct report_alert {
	char	*severity, *code, *group, *description;
	int64_t	 first_seen, last_seen;
	int	 current;
};

struct report_dev {
	int64_t	 id;
	char	*address, *vendor, *model, *serial, *mac, *location,
		*firmware, *name, *last_error, *errors;	/* errors: "a, b" */
	int64_t	 first_seen, last_seen, missing_since;
	int64_t	 total_pages;		/* newest total, DEV_NONE */
	int	 colour;		/* a colour device */
	int	 in_error, nalerts;	/* now */
	int	 stale;			/* not seen lately */
	int	 nflags;		/* steps left out in the span */
	struct report_dvol *vol;	/* [report.nmonths] */
	struct report_supply *sup;
	size_t	 nsup;
	struct report_alert *alerts;
	size_t	 nalerts_all;
};

struct report_count {
	char	*key;			/* "Vendor Model" */
	char	*vendor, *model;
	int	 n, colour;
};

struct report_costs;			/* report_cost.h */
struct report_uses;			/* report_use.h */
struct report_props;			/* report_proposal.h */

struct report {
	int64_t	 from, to, generated;	/* epoch s */
	/* Costs from a price book, or NULL (set by the caller). */
	const struct report_costs *costs;
	/* Utilisation and age from the model catalog, or NULL. */
	const struct report_uses *uses;
	/* The proposal against the fleet, or NULL. */
	const struct report_props *props;
	/* Branding, or NULL/0 (set by the caller): names as given, the
	 * date as shown, the logo's bytes and its MIME type. */
	const char *dealer, *customer, *prepared_by, *date_shown;
	const unsigned char *logo;
	size_t	 logo_len;
	const char *logo_mime;		/* "image/png", "image/jpeg" */
	int	 logo_w, logo_h;	/* pixels, 0 unknown */
	char	*source;		/* "store FILE", "hub account NAME" */
	struct report_month months[REPORT_MAX_MONTHS];
	size_t	 nmonths;
	struct report_dev *devs;
	size_t	 ndevs, capdevs;
	struct report_step *steps;
	size_t	 nsteps, capsteps;
	/* Summary, by report_finish(). */
	struct report_count *models;
	size_t	 nmodels;
	int	 ncolour, nmono, nin_error, nwith_alerts, nstale, nlow, nsoon;
	int	 noverdue, nanomalies, ngaps;
	/* Fleet months: mono + colour + unknown = total; a month no device
	 * has readings for has mreadings 0 and NAN pages ("no readings"). */
	double	 mtotal[REPORT_MAX_MONTHS], mmono[REPORT_MAX_MONTHS],
		 mcolour[REPORT_MAX_MONTHS], munknown[REPORT_MAX_MONTHS];
	int	 mreadings[REPORT_MAX_MONTHS];
	/* The period: sums over the months with readings. */
	double	 ptotal, pmono, pcolour, punknown;
};

/* Starts an empty report for [from, to] (epoch s, to > from) made at
 * now; source is copied.  Fails when the span has too many months. */
int	report_init(struct report *, int64_t from, int64_t to, int64_t now,
	    const char *source, struct fa_err *) FA_WUR;
/* Adds one device from what a gatherer read; copies what it keeps.  A
 * store_rdev_cb for store_report_scan(). */
int	report_add(const struct store_rdev *, void *report,
	    struct fa_err *);
/* Sorts the devices (by address) and computes the summary. */
void	report_finish(struct report *);
void	report_release(struct report *);

/* Helpers for the renderers. */
/* "2026-11-25", "" for 0. */
void	report_date(int64_t t, char *buf, size_t len);
/* "2026-11" */
void	report_month_name(const struct report_month *, char *buf, size_t len);
/*
 * Why months are empty, in one line, into buf (after report_finish()):
 * the months before the first with readings, or every month when none
 * has any (a first report: one read of each device so far).  "" when no
 * month is empty before one with readings.  The same words in the
 * command's summary, the HTML page and the workbook.
 */
void	report_months_note(const struct report *, char *buf, size_t len);
/* A supply, r->devs[d].sup[s], and its days to empty. */
struct report_near {
	double	days;
	size_t	d, s;
};
/* The supplies with a date to empty (REPORT_DTE_OK) still to come (not
 * overdue), fewest days first
 * (in the report's order among equals), max at the most, into v; how
 * many.  The "nearest to empty" of the HTML page and the workbook. */
size_t	report_nearest(const struct report *, struct report_near *v,
	    size_t max);
/* Colour ratio of a month: colour / (mono + colour), or NAN.  Over the
 * pages whose split is known: pages of "split not known" stay out. */
double	report_ratio(double mono, double colour);
/* The state word that agrees with the level: "empty" at 0 % (or when
 * the device says empty), "low" at or under REPORT_LOW_PERCENT, else
 * the state the device reports (NULL when none). */
const char *report_level_state(int percent, const char *state);
/* A device in error now: a current critical alert, hrDeviceStatus
 * down, or an error bit that stops printing (not a "low" warning). */
int	report_error_bit_stops(const char *bit);
/* Orders addresses as addresses: IPv4 (127.77.0.2 before 127.77.0.11),
 * then IPv6, by their bytes, then any other text, then NULL. */
int	report_addr_cmp(const char *a, const char *b);

/* Words for people (report_words.c); raw codes stay in CSV and JSON.
 * Each returns a static string, or s itself when it knows no better
 * word and s has none to split; NULL for NULL. */
/* An alert code ("jam", "markerTonerAlmostEmpty") or an error bit
 * ("noPaper"). */
const char *report_words_code(const char *code, char *buf, size_t len);
/* A list of error bits "a, b" as words "A, B". */
char	*report_words_bits(const char *bits);
/* Meter names and the kinds of left-out steps. */
const char *report_words_meter(const char *meter);
/* v with thousands separators ("12,345"), into buf; returns buf. */
char	*report_words_num(int64_t v, char *buf, size_t len);
/* An age of secs s in words: "40 min old", "5 h old", "3 d old". */
char	*report_words_age(int64_t secs, char *buf, size_t len);
const char *report_words_step(const char *what);
/* A days-to-empty status. */
const char *report_words_dte(int status);

#endif
