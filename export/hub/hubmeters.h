/*
 * hubmeters.h: meter reads for billing from the hub's central store
 * ("fleetaudit hub meters", docs/billing.md): for each device of an
 * account, the counters billed under each billing code (mono, colour,
 * large, scans...) at a period's cut-off.
 *
 * A counter's value at the cut-off is the actual read nearest to it
 * within a tolerance; else an estimate, linear between the device's last
 * read before the cut-off and its first read after it; else nothing (a
 * "missing" row that says why): a value is never invented past the last
 * read, nor before the first.
 *
 * Which counters go under which billing code is the account's meter map,
 * a small text file (hubmeters_map_parse()).
 */
#ifndef FA_HUBMETERS_H
#define FA_HUBMETERS_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"
#include "hubstore.h"

#define HUBMETERS_CODES_MAX	32	/* billing codes in one map */
#define HUBMETERS_ALTS_MAX	8	/* meter names per billing code */
#define HUBMETERS_NAME_MAX	48	/* a code's or a meter's name */
#define HUBMETERS_MAP_MAX	65536	/* bytes of a map file */
#define HUBMETERS_TOLERANCE	(3 * 86400)	/* s: a read "at" the cut-off */

/* A billing code's counters: the first alternative the device has. An
 * alternative "total unless colour" is taken only when the device has no
 * "colour" meter (a mono device's total is its mono count; a colour
 * device's is not). */
struct hubmeters_alt {
	char	meter[HUBMETERS_NAME_MAX + 1];
	char	unless[HUBMETERS_NAME_MAX + 1];	/* "" when none */
};
struct hubmeters_code {
	char			code[HUBMETERS_NAME_MAX + 1];
	struct hubmeters_alt	alt[HUBMETERS_ALTS_MAX];
	size_t			nalt;
};
struct hubmeters_map {
	struct hubmeters_code	code[HUBMETERS_CODES_MAX];
	size_t			ncode;
};

/*
 * Parses a meter map: one line per billing code,
 *	CODE = METER [unless METER] [, METER [unless METER]]...
 * '#' comments and blank lines skipped.  A code and a meter name are
 * lowercase letters, digits, '.', '_' and '-', at most
 * HUBMETERS_NAME_MAX; a code once.  Errors are "NAME:LINE: problem".
 */
int	hubmeters_map_parse(const char *text, size_t len, const char *name,
	    struct hubmeters_map *, struct fa_err *) FA_WUR;
/* Reads and parses the file path (at most HUBMETERS_MAP_MAX bytes). */
int	hubmeters_map_read(const char *path, struct hubmeters_map *,
	    struct fa_err *) FA_WUR;
/* The map used when an account has none (docs/billing.md). */
void	hubmeters_map_default(struct hubmeters_map *);

/* One read of one counter: when, and the value. */
struct hubmeters_read {
	int64_t	time;
	int64_t	value;
};

enum hubmeters_kind {
	HUBMETERS_ACTUAL,	/* a read within the tolerance */
	HUBMETERS_ESTIMATED,	/* linear between two reads */
	HUBMETERS_MISSING	/* neither: value unknown */
};

/* What hubmeters_pick() decided. */
struct hubmeters_pick {
	enum hubmeters_kind kind;
	int64_t	value;		/* ACTUAL, ESTIMATED */
	int64_t	time;		/* ACTUAL: the read's; else the cut-off */
	int64_t	before, after;	/* ESTIMATED: the two reads' times */
	const char *why;	/* MISSING: a short reason (static) */
};

/*
 * The value at cutoff from reads (any order, n >= 0): the read nearest
 * the cut-off with |time - cutoff| <= tolerance (seconds; on a tie the
 * one before), else linear between the newest read before the cut-off
 * and the oldest after it, rounded down; MISSING when there is no read
 * after the cut-off (nothing past the last read), none before it, or the
 * counter went down between the two.
 */
void	hubmeters_pick(const struct hubmeters_read *reads, size_t n,
	    int64_t cutoff, int64_t tolerance, struct hubmeters_pick *);

/* One billed counter of one device. */
struct hubmeters_row {
	char	*collector;	/* the site's collector key fingerprint */
	int64_t	 device;	/* the device's id at that collector */
	char	*serial, *asset, *model, *address;	/* NULL: unknown */
	char	 code[HUBMETERS_NAME_MAX + 1];
	char	 meter[HUBMETERS_NAME_MAX + 1];
	struct hubmeters_pick pick;
	int64_t	 last_read;	/* the counter's newest read, 0: none */
};
void	hubmeters_row_release(struct hubmeters_row *);

/*
 * The rows of account at cutoff (a time, seconds): for each device (by
 * collector, then device id) and each billing code of map the device
 * has a counter for, one row.  Fails on an unknown account.  Only reads,
 * in one read transaction.  *rows (caller frees each row and the array).
 */
int	hubmeters_scan(struct hubstore *, const char *account, int64_t cutoff,
	    int64_t tolerance, const struct hubmeters_map *,
	    struct hubmeters_row **rows, size_t *n, struct fa_err *) FA_WUR;

/*
 * "YYYY-MM" into the period's cut-off: the first second after it (UTC),
 * i.e. the first day of the next month at 00:00.
 */
int	hubmeters_period(const char *s, int64_t *cutoff, struct fa_err *)
	    FA_WUR;

/* The CSV layout an ERP importer takes (docs/billing.md): a header line
 * and one line per row, CRLF ends, appended to b; "hub meters --csv" and
 * the web view's download write the same bytes. */
void	hubmeters_csv(const struct hubmeters_row *, size_t n, struct fa_buf *b);
/* "actual", "estimated", "missing". */
const char *hubmeters_kind_name(enum hubmeters_kind);
/* The method column: how the value was found, or why there is none
 * (caller frees). */
char	*hubmeters_method(const struct hubmeters_row *);
/* Account's meter map: HUB/meters/ACCOUNT.map when it exists, else the
 * built-in one. */
int	hubmeters_map_for(const char *dir, const char *account,
	    struct hubmeters_map *, struct fa_err *) FA_WUR;

#endif
