/*
 * store.h: the local store, one SQLite file (WAL, foreign keys, schema
 * version with migrations).  Callers see no SQLite: of the collector's
 * code only the store's own files include sqlite3.h, store.c and those
 * behind store_int.h (store_export.c, store_report.c); the hub's store
 * is another one (export/hub/hubstore.h).
 *
 * Identity: a device is the same across assessments when vendor+serial
 * match; else when its MAC matches; else when its address matches (the
 * rule is documented in docs/store.md).  A device first read without its
 * serial (or MAC) keeps its history: its row is re-keyed when a stronger
 * key shows up.  Every result of one device is written in one
 * transaction, so an interrupted assessment keeps every device already
 * stored and never half a device.
 *
 * Supply instances: each supply of a device is followed as a sequence of
 * physical cartridges, one record per cartridge, so a swap is visible.
 * The rule that tells a swap from the same cartridge is in docs/store.md
 * and at inst_same() in store.c.
 *
 * Times are epoch seconds.  A struct store is not thread-safe: one per
 * thread (several processes may share the file).
 */
#ifndef FA_STORE_H
#define FA_STORE_H

#include <stdint.h>

#include "../cli/util.h"
#include "device.h"

/*
 * A test build (make deb DEB_TEST=1, for the package upgrade test) has
 * one more, empty schema step on top, so that installing it over a
 * release migrates a real store; never set for a release.
 */
#ifndef FA_TEST_SCHEMA_STEP
#define FA_TEST_SCHEMA_STEP	0
#endif
#define STORE_SCHEMA_VERSION	(8 + FA_TEST_SCHEMA_STEP)

struct store;

/* Opens (creating 0600 and migrating) the store at path; its directory
 * must exist.  Fails on a file that is not a fleetaudit store or has a
 * newer schema than this program.  store_close(NULL) is a no-op. */
int	store_open(const char *path, struct store **, struct fa_err *) FA_WUR;
void	store_close(struct store *);

/* Starts an assessment: its time, the ranges as given (one string) and its
 * settings (a JSON object as text).  *id receives its id. */
int	store_assessment_begin(struct store *, const char *ranges,
	    const char *settings_json, int64_t *id, struct fa_err *) FA_WUR;
/* Marks it finished with its counts; status "complete" or "interrupted". */
int	store_assessment_end(struct store *, int64_t id, const char *status,
	    int found, int read_ok, int read_failed, struct fa_err *) FA_WUR;

/* Stores one device result of an assessment in one transaction; finds or
 * creates the device by the identity rule, and the supply instance of
 * each supply by the instance rule.  *device_id may be NULL. */
int	store_put_device(struct store *, int64_t assessment,
	    const struct device *, int64_t *device_id, struct fa_err *) FA_WUR;
/*
 * Groups the store_put_device() calls that follow into transactions of at
 * most max devices or max_ms milliseconds (max 0: one transaction per
 * device, the default).  Each device is still written whole or not at
 * all (a savepoint each); the open group is committed when full, by
 * store_flush() and by store_close().  A crash loses the open group, no
 * more; a failed commit loses it and says how many devices it held.
 */
void	store_group(struct store *, unsigned max, int64_t max_ms);
/* Lets SQLite keep up to kib KiB of the store's pages in memory (its
 * default is 2 MiB): for a tool that writes months of reads in one go. */
void	store_cache(struct store *, unsigned kib);
int	store_flush(struct store *, struct fa_err *) FA_WUR;

/* One row of "fleetaudit devices". Strings owned by the row. */
struct store_devrow {
	int64_t	 id;
	char	*address, *vendor, *model, *serial, *mac, *credential;
	int64_t	 first_seen, last_seen;	/* epoch seconds */
	int	 scans;
	int64_t	 total_pages;		/* latest known total meter or
					 * DEV_NONE */
	char	*error;			/* latest scan's error or NULL */
	int	 missed;		/* discoveries in a row without it */
	int64_t	 missing_since;		/* marked missing then, or 0 */
	char	*model_def;		/* its model definition, or NULL */
};
void	store_devrow_release(struct store_devrow *);

/* Every device, ordered by address (IPv4, then IPv6, numerically); *rows
 * allocated, caller releases each row and frees the array. */
int	store_list_devices(struct store *, struct store_devrow **rows,
	    size_t *n, struct fa_err *) FA_WUR;

/* Resolves DEVICE as the user wrote it, tried in this order: numeric id,
 * serial (any case), MAC (any case, ':' '-' '.' or no separators) or
 * address (the device last seen there).  Fails with "no device 'X' in the
 * store", or when a serial or MAC matches several devices (the message
 * lists their ids). */
int	store_find_device(struct store *, const char *key, int64_t *id,
	    struct fa_err *) FA_WUR;

/* The device's latest scan, rebuilt as a struct device (dev_init'ed by the
 * caller, emptied and filled here, left empty on failure; caller
 * dev_release()s). *scan_time may be NULL. */
int	store_latest(struct store *, int64_t device_id, struct device *,
	    int64_t *scan_time, struct fa_err *) FA_WUR;

/* One earlier scan, for history. */
struct store_scanrow {
	int64_t	 scan_id, assessment_id, time;
	char	*address;
	char	*error;
	int64_t	 total_pages;		/* "total" meter or DEV_NONE */
	int	 nsupplies_low;		/* consumed supplies at or under 10 %
					 * (waste receptacles not counted) */
	int	 nchecks_failed;	/* meter cross-checks that disagree */
};
void	store_scanrow_release(struct store_scanrow *);
int	store_history(struct store *, int64_t device_id,
	    struct store_scanrow **rows, size_t *n, struct fa_err *) FA_WUR;

/*
 * One physical cartridge (or drum, waste box...) in one supply slot of a
 * device, across scans.  Levels are percent of capacity, the first and
 * last known while it was installed.  pages is the device's "total" meter
 * at its last sighting minus the one at its first: the pages printed
 * while it was installed (DEV_NONE when either is unknown or the counter
 * went back).  Strings owned by the row.
 */
struct store_instrow {
	int64_t	 id;
	int	 idx;			/* prtMarkerSuppliesIndex */
	char	*description, *part_number, *serial;
	int64_t	 first_seen, last_seen;	/* epoch seconds */
	int	 first_level, last_level;	/* percent, -1 unknown */
	int64_t	 pages;
	int	 current;		/* 1 for the newest of its idx */
};
void	store_instrow_release(struct store_instrow *);
/* The supply instances of a device, by idx, newest first within each idx;
 * *rows allocated, caller releases each row and frees the array.  Fails
 * with "no device N in the store". */
int	store_supply_instances(struct store *, int64_t device_id,
	    struct store_instrow **rows, size_t *n, struct fa_err *) FA_WUR;

/*
 * A meter sanity flag, set when a scan is stored (docs/store.md, "Meter
 * flags"): name is the meter, reason "decrease", "wrap32" or "frozen",
 * previous and current its values in the device's newest earlier scan
 * that has it and in this one; or name "serial", reason "swap", previous
 * and current DEV_NONE, detail "OLD -> NEW" (the serials).  Strings owned
 * by the row; detail is NULL but for a swap.
 */
struct store_flagrow {
	int64_t	 scan_id, time;		/* the scan flagged, its time */
	char	*name, *reason, *detail;
	int64_t	 previous, current;
};
void	store_flagrow_release(struct store_flagrow *);
/* The flags of a device's scans, newest scan first, each scan's in the
 * order written; *rows allocated, caller releases each row and frees the
 * array.  Fails with "no device N in the store". */
int	store_meter_flags(struct store *, int64_t device_id,
	    struct store_flagrow **rows, size_t *n, struct fa_err *) FA_WUR;

/*
 * Pages counted by meter between times from and to (epoch seconds, both
 * included): the sum of its increases between consecutive scans of the
 * device in that span that have the meter.  A step whose later scan
 * flagged the meter (decrease, wrap32, frozen), or that spans a serial
 * swap, is left out of *pages and counted in *excluded.  No scans: 0 and
 * 0.  Fails with "no device N in the store".
 */
int	store_volume(struct store *, int64_t device_id, const char *meter,
	    int64_t from, int64_t to, int64_t *pages, int *excluded,
	    struct fa_err *) FA_WUR;

/* Assessments, newest first. */
struct store_assessrow {
	int64_t	 id, started, finished;	/* finished 0 while running */
	char	*ranges, *status;
	int	 found, read_ok, read_failed;
};
void	store_assessrow_release(struct store_assessrow *);
int	store_list_assessments(struct store *, struct store_assessrow **rows,
	    size_t *n, struct fa_err *) FA_WUR;

/*
 * A discovery that swept the device's address did not find it: one more
 * miss in a row; at threshold misses in a row the device is marked
 * missing (missing_since, kept while it stays missing).  Nothing is
 * deleted; storing a read of the device clears both.
 */
int	store_device_missed(struct store *, int64_t device_id, int threshold,
	    struct fa_err *) FA_WUR;

/*
 * What is new since an export (change-only, docs/store.md): the scans
 * after it, and per value table the rows first read after it (new or
 * changed values) and the rows read before it and seen again unchanged
 * after it (only their "last seen" moved).  since_scan is the last scan
 * the export covered: -1 for the newest export's (0, everything, when
 * there is none).
 */
enum { STORE_DT_METERS, STORE_DT_SUPPLIES, STORE_DT_TRAYS, STORE_DT_ALERTS,
	STORE_DT_CHECKS, STORE_DT_ERRORS, STORE_DT_DISPLAY, STORE_NDT };
extern const char *const store_delta_tables[STORE_NDT];
struct store_delta {
	int64_t	 since_scan, upto_scan;	/* (since, upto] */
	int64_t	 since_time;		/* the export's time, 0 if none */
	int64_t	 scans, devices;	/* scans after it, their devices */
	int64_t	 attrs;			/* scans whose attributes changed */
	int64_t	 changed[STORE_NDT], unchanged[STORE_NDT];
};
int	store_delta(struct store *, int64_t since_scan, struct store_delta *,
	    struct fa_err *) FA_WUR;
/* Records an export of everything up to scan upto (what: a label, e.g.
 * the bundle's id); *id may be NULL. */
int	store_export_mark(struct store *, const char *what, int64_t upto,
	    int64_t *id, struct fa_err *) FA_WUR;
/* The newest scan id (0 when none) and the scan id of the newest scan at
 * or before time t (0 when none). */
int	store_last_scan(struct store *, int64_t t, int64_t *scan,
	    struct fa_err *) FA_WUR;

/* Whether the store's last failure was its disk being full (SQLite's
 * SQLITE_FULL): nothing more can be stored until space is freed, and
 * what is stored is intact (the failed transaction rolled back). */
int	store_is_full(const struct store *);

/* Remembered credential label for an address: the last one that worked
 * on the device last seen there (NULL when none or on error); caller
 * frees.  Used to try the working credential first next time. */
char	*store_credential_for(struct store *, const char *address);
/* The GETBULK width (walk.h) kept for the device last seen at address, or
 * 0 and 0 when none is kept (start at the default).  Never fails: a store
 * that cannot answer means the default. */
void	store_width_for(struct store *, const char *address, int *cols,
	    int *reps);
/* Keeps cols x reps as the read width of the device last seen at address
 * ("walk" found it the hard way): 1 when kept, 0 when no device was seen
 * there, -1 with e on a store error. */
int	store_width_keep(struct store *, const char *address, int cols,
	    int reps, struct fa_err *);

/*
 * ---- Report gathering (store_report.c) ----
 *
 * What "fleetaudit report" reads, one device at a time, so the report
 * never holds a whole fleet's history (export/report.h builds its model
 * from these).  Strings and arrays are owned by the gatherer and valid
 * only during the callback.  Values are read through the change-only
 * runs (docs/store.md): a reading is the run covering a scan that read
 * the part, the current values the runs of the newest scan of the part.
 */
struct store_rread {			/* one scan that read meters */
	int64_t	 scan_id, time;
	int64_t	 total, mono, colour;	/* DEV_NONE when not read */
};
struct store_rlevel {			/* a supplies run's first reading */
	int64_t	 time;
	int	 percent;
};
struct store_rsupply {			/* a current supply */
	int	 idx;
	const char *description, *type, *class, *colorant, *state,
		*part_number, *serial;
	int	 percent;		/* -1 unknown */
	int64_t	 installed;		/* its cartridge first seen, or 0 */
	int64_t	 last_seen;		/* the newest read of supplies */
	struct store_rlevel *levels;	/* the cartridge's, by time */
	size_t	 nlevels;
};
struct store_ralert {			/* an alert run in the span */
	const char *severity, *code, *group, *description;
	int64_t	 first_seen, last_seen;
	int	 current;		/* in the newest read of errors */
};
struct store_rdev {
	int64_t	 id;
	const char *address, *vendor, *model, *serial, *mac, *location,
		*firmware, *sys_name;
	int64_t	 first_seen, last_seen, missing_since;	/* 0: none */
	const char *last_error;		/* the newest scan's, or NULL */
	int	 hr_device_status;	/* newest scan's, 0 unknown */
	int	 colour_meter;		/* has a "colour" meter */
	struct store_rread *reads;	/* time order, from - REPORT gap on */
	size_t	 nreads;
	struct store_flagrow *flags;	/* in the span, time order */
	size_t	 nflags;
	struct store_rsupply *supplies;
	size_t	 nsupplies;
	struct store_ralert *alerts;
	size_t	 nalerts;
	const char *const *errors;	/* current status_errors names */
	size_t	 nerrors;
};
typedef int store_rdev_cb(const struct store_rdev *, void *arg,
    struct fa_err *);
/*
 * Calls cb once per device of the store, by id, with its readings of
 * meters between from - lead and to (epoch s; lead lets the first month
 * start from the reading before it), its meter flags and the alerts seen
 * between from and to, and its current identity, supplies (with the
 * level history of each current cartridge) and status errors.  Stops at
 * the first cb that fails (its e kept).
 */
int	store_report_scan(struct store *, int64_t from, int64_t to,
	    int64_t lead, store_rdev_cb *cb, void *arg, struct fa_err *) FA_WUR;
/*
 * The same over any SQLite connection db whose tables devices, scans,
 * meters, supplies, supply_instances, meter_flags, alerts and
 * status_errors (unqualified names: a temporary table shadows one of
 * the main schema) have the collector's columns and rowids: the hub's
 * gatherer (export/hub/hubreport.c) rebuilds them from imported records.
 * Reads in one transaction, or in the caller's when one is open.
 */
struct sqlite3;
int	store_report_gather(struct sqlite3 *db, int64_t from, int64_t to,
	    int64_t lead, store_rdev_cb *cb, void *arg, struct fa_err *)
	    FA_WUR;

/* ---- export (collector/store_export.c) ----
 *
 * The rows an export carries against the scans (after, upto]; the payload
 * schema is docs/bundle-format.md.  Kinds, in payload order; "seen" holds
 * the value rows read before and seen unchanged since (table, row,
 * last_scan_id, pos).  cols names the columns to read ("name:TYPE",
 * NULL-terminated; "row" is the rowid; for "seen" they are fixed): each
 * row comes to fn as their values, borrowed for the call; fn returns 0,
 * or -1 (and fills e) to stop.  Call between store_export_begin() and store_export_end(),
 * one read transaction: a snapshot.
 */
enum { STORE_X_DEVICES, STORE_X_SCANS, STORE_X_METERS, STORE_X_SUPPLIES,
	STORE_X_TRAYS, STORE_X_ALERTS, STORE_X_CHECKS, STORE_X_ERRORS,
	STORE_X_DISPLAY, STORE_X_FLAGS, STORE_X_INSTANCES, STORE_X_SEEN,
	STORE_NX };
/* Each kind's table name, which is also its name in a bundle's payload
 * (export/payload.h's payload_kinds). */
extern const char *const store_export_names[STORE_NX];
enum { STORE_XV_NULL, STORE_XV_INT, STORE_XV_REAL, STORE_XV_TEXT };
struct store_xval {
	int		 type;		/* STORE_XV_* */
	int64_t		 i;
	double		 d;
	const char	*s;
};
typedef int (*store_export_fn)(void *arg, int kind,
    const struct store_xval *v, size_t n, struct fa_err *);
int	store_export_begin(struct store *, struct fa_err *) FA_WUR;
void	store_export_end(struct store *);
int	store_export_rows(struct store *, int kind, const char *const *cols,
	    int64_t after, int64_t upto, store_export_fn fn, void *arg,
	    struct fa_err *) FA_WUR;
/* The first and last scan times and the devices of (after, upto]. */
int	store_export_period(struct store *, int64_t after, int64_t upto,
	    int64_t *from, int64_t *to, int64_t *devices, struct fa_err *)
	    FA_WUR;

#endif
