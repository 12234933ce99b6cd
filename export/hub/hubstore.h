/*
 * hubstore.h: the hub's central store, apart from any collector's store,
 * on either back end (hubdb.h): SQLite, HUB/hub.db with the command queue
 * in HUB/commands.db beside it, or a PostgreSQL database whose address
 * HUB/store.conf holds.  Its own application_id ('FAHB') and schema
 * versions (user_version on SQLite).  Schema version 1 holds the
 * customer accounts and the collectors the hub trusts, each for one
 * account; version 2 the imported data: sites (a collector's data under
 * its account), bundles, devices and records.  Tables and rules:
 * docs/keys.md and docs/bundle-format.md.
 *
 * A trusted collector is a row whose 'removed' is NULL; removing one sets
 * the time and keeps the row, so the history of who was trusted when
 * stays.  At most one trusted row per fingerprint.
 *
 * Times are epoch seconds.  Not thread-safe: one struct hubstore per
 * thread (several processes may share the store, on either back end).
 */
#ifndef FA_HUBSTORE_H
#define FA_HUBSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"

struct report_dte;
struct report_sdays;

#define HUBSTORE_SCHEMA_VERSION	15
#define HUBSTORE_ACCOUNT_MAX	64	/* bytes of an account name */

struct hubstore;

#define HUBSTORE_FILE	"hub.db"	/* a hub directory's SQLite store */
#define HUBSTORE_CONF	"store.conf"	/* or its PostgreSQL one's address */

/* Creates a new store at path (0600; an existing file is refused) and
 * gives its schema.  On failure nothing is left at path.  path may be a
 * PostgreSQL connection string (hubdb_pg_check()): the database must
 * hold no hub store yet. */
int	hubstore_create(const char *path, struct hubstore **,
	    struct fa_err *) FA_WUR;
/* Opens an existing store (a file, or a PostgreSQL connection string),
 * migrating it; refuses a store that is not a hub store or has a newer
 * schema. */
int	hubstore_open(const char *path, struct hubstore **,
	    struct fa_err *) FA_WUR;
/* The store of hub directory dir: the connection string on the first
 * line of DIR/store.conf when there is one, else DIR/hub.db (*found: it
 * exists); caller frees.  NULL (e filled) for a bad store.conf. */
char	*hubstore_locate(const char *dir, int *found, struct fa_err *)
	    FA_WUR;
/* Opens the store of hub directory dir ("no hub in DIR" if none). */
int	hubstore_open_hub(const char *dir, struct hubstore **,
	    struct fa_err *) FA_WUR;
void	hubstore_close(struct hubstore *);	/* NULL is a no-op */

/* Whether name is a valid account name: 1 to HUBSTORE_ACCOUNT_MAX of
 * letters, digits, '.', '_', '-', starting with a letter or digit. */
int	hubstore_account_check(const char *name, struct fa_err *) FA_WUR;

/*
 * Trusts a collector for account (created when new), in one transaction.
 * fingerprint is the canonical one of public_key (the whole line, as
 * written by key_pub_format()); comment may be NULL.  Returns 0 when
 * added, 1 when already trusted for that account (nothing changed), -1
 * on error, among which: trusted for another account.
 */
int	hubstore_trust_add(struct hubstore *, const char *fingerprint,
	    const char *public_key, const char *comment, const char *account,
	    int64_t now, struct fa_err *) FA_WUR;

/* A site's name: 1 to HUBSTORE_SITE_NAME_MAX bytes of UTF-8 text without
 * control characters; 0 good, -1 (e says why) not. */
#define HUBSTORE_SITE_NAME_MAX	64
int	hubstore_site_name_check(const char *name, struct fa_err *) FA_WUR;
/* Names the site of the collector trusted with fingerprint (NULL name:
 * none).  0 done, 1 no such trusted collector, -1 error. */
int	hubstore_site_name(struct hubstore *, const char *fingerprint,
	    const char *name, struct fa_err *) FA_WUR;
/* SQL of a site's name for a query on sites s: the name of its trusted
 * collector, else NULL. */
#define HUBSTORE_SITE_NAME_SQL	"(SELECT c.name FROM collectors c WHERE" \
	" c.fingerprint = s.fingerprint AND c.account_id = s.account_id" \
	" ORDER BY c.added DESC, c.id DESC LIMIT 1)"

/*
 * Stops trusting the collector: 0 done (*account, when not NULL, gets
 * the account it was trusted for; caller frees), 1 when no trusted
 * collector has that fingerprint, -1 on error.
 */
int	hubstore_trust_remove(struct hubstore *, const char *fingerprint,
	    int64_t now, char **account, struct fa_err *) FA_WUR;

/* One trusted collector; strings owned by the row. */
struct hubstore_trustrow {
	char	*fingerprint, *public_key, *comment, *account;
	char	*name;		/* the site's name, NULL when none */
	int64_t	 added;
};
void	hubstore_trustrow_release(struct hubstore_trustrow *);

/* The trusted collectors by account, then date added; *rows allocated,
 * caller releases each row and frees the array. */
int	hubstore_trust_list(struct hubstore *, struct hubstore_trustrow **,
	    size_t *n, struct fa_err *) FA_WUR;

/* ---- imports (export/hub/import.c) ---- */

/* The trusted collector with fingerprint fp: 0 found (*public_key, the
 * key line, and *account set; caller frees), 1 not trusted, -1 error. */
int	hubstore_collector_find(struct hubstore *, const char *fp,
	    char **public_key, char **account, struct fa_err *) FA_WUR;

/* One bundle to import; strings borrowed. */
struct hubstore_bundle {
	const char	*bundle_id, *fingerprint, *public_key, *account;
	const char	*hash, *manifest;	/* hex; JSON text */
	int64_t		 sequence, created, after_scan, upto_scan;
};
struct hubstore_import;
#define HUBSTORE_ALREADY	1	/* that bundle id was imported */
#define HUBSTORE_REPLAY		2	/* a sequence at or below the last */
/*
 * Starts the import of b in one write transaction (BEGIN IMMEDIATE): the
 * site is created on its first bundle, the bundle recorded.  Returns 0
 * (*out to fill, then commit or abort), HUBSTORE_ALREADY, HUBSTORE_REPLAY
 * (*last_seq: the site's newest sequence) or -1; nothing is changed
 * unless 0.
 */
int	hubstore_import_begin(struct hubstore *,
	    const struct hubstore_bundle *b, int64_t now,
	    struct hubstore_import **out, int64_t *last_seq, struct fa_err *)
	    FA_WUR;
/* One record of kind (a payload kind, STORE_X_*, devices included)
 * whose key is key, o its parsed object (exactly its kind's keys, as the
 * payload reader gives it); replaces the same key.  Devices keep their
 * JSON text too; every other kind goes into its typed table
 * (export/hub/hubrec.h). */
struct json_object;
int	hubstore_import_record(struct hubstore_import *, int kind,
	    int64_t key, struct json_object *o, struct fa_err *) FA_WUR;
/* hubstore_import_record() of a record given as its columns' values
 * (payload_read_rows(): payload_columns(kind)'s order, borrowed); not
 * for devices, whose JSON text is kept. */
struct payload_val;
int	hubstore_import_row(struct hubstore_import *, int kind, int64_t key,
	    const struct payload_val *v, struct fa_err *) FA_WUR;
/* Scan scan of device (both the collector's ids) read parts (scans.parts,
 * DEV_P_*): the device's newest scans of its supplies and errors move on.
 * After the scan's record, which hubstore_import_record() took. */
int	hubstore_import_scan(struct hubstore_import *, int64_t device,
	    int64_t scan, int64_t parts, struct fa_err *) FA_WUR;
/* A "seen" record: row of table now last seen by last_scan at pos (-1:
 * none).  Records and "seen" records are sent in batches (hubdb.h): an
 * error may be told by a later call or by the commit. */
int	hubstore_import_seen(struct hubstore_import *, const char *table,
	    int64_t row, int64_t last_scan, int64_t pos, struct fa_err *)
	    FA_WUR;
/* Commits (records: the count kept with the bundle; *unseen gets how
 * many "seen" records named a row the hub does not have) and frees im;
 * on failure rolls back and frees im. */
int	hubstore_import_commit(struct hubstore_import *, int64_t records,
	    int64_t *unseen, struct fa_err *) FA_WUR;
void	hubstore_import_abort(struct hubstore_import *);  /* NULL: no-op */

/* When the bundle with that id was imported (e filled when it was not). */
int	hubstore_bundle_imported(struct hubstore *, const char *bundle_id,
	    int64_t *imported, struct fa_err *) FA_WUR;

/* ==== readers (export/hub/hubstore_read.c) ====
 * What the web view and "hub devices" read, each a plain read: several
 * of them see one snapshot inside hubdb_begin_read() .. hubdb_rollback()
 * on hubstore_db(). */

/* user's accounts: every account (a dealer admin). */
#define HUBSTORE_EVERY_ACCOUNT	(-1)
/* hubstore_account_list() flags: the counts and last import too. */
#define HUBSTORE_ACC_COUNTS	0x1

/* An account; strings owned by the row. */
struct hubstore_accrow {
	int64_t	 id;
	char	*name;
	/* with HUBSTORE_ACC_COUNTS, else 0: */
	int64_t	 sites, devices;
	int64_t	 last_import;	/* the newest of its sites', 0 none */
};
void	hubstore_accrow_release(struct hubstore_accrow *);
/* The accounts that user (users.id, or HUBSTORE_EVERY_ACCOUNT) may see,
 * by name, at most max (0: no limit); caller releases each row and frees
 * the array. */
int	hubstore_account_list(struct hubstore *, int64_t user, size_t max,
	    unsigned flags, struct hubstore_accrow **rows, size_t *n,
	    struct fa_err *) FA_WUR;
/* The id of account name: 0 found (*id set), 1 no such account, -1
 * error. */
int	hubstore_account_find(struct hubstore *, const char *name,
	    int64_t *id, struct fa_err *) FA_WUR;

/* A site of an account; strings owned by the row. */
struct hubstore_siterow {
	int64_t	 id;
	char	*fingerprint;	/* its collector's */
	char	*name;		/* hub trust add --name, NULL none */
	int64_t	 devices;
	int64_t	 first_import, last_import, last_sequence;
};
void	hubstore_siterow_release(struct hubstore_siterow *);
/* The sites of account id, by id; caller releases each row and frees
 * the array. */
int	hubstore_site_list(struct hubstore *, int64_t account_id,
	    struct hubstore_siterow **rows, size_t *n, struct fa_err *)
	    FA_WUR;

/* A device, as last imported; strings owned by the row. */
struct hubstore_devrow {
	int64_t	 id;		/* the hub's (the web view's /devices/ID) */
	int64_t	 site_id, account_id;
	char	*account;
	char	*collector;	/* the site's collector fingerprint */
	char	*site;		/* the site's name (--name), NULL none */
	int64_t	 src_id;	/* its id on the collector */
	char	*address, *vendor, *model, *serial, *mac;
	int64_t	 first_seen, last_seen;
};
void	hubstore_devrow_release(struct hubstore_devrow *);
/* Which devices of an account, in which order, and which part of them. */
enum { HUBSTORE_BY_COLLECTOR, HUBSTORE_BY_ADDRESS };
struct hubstore_devq {
	int64_t	 account_id;
	int	 order;		/* HUBSTORE_BY_*, then the device's id */
	int64_t	 offset;	/* rows skipped */
	int64_t	 limit;		/* at most, 0: no limit */
};
/*
 * The one reader of an account's devices (every list of them): those of
 * q, in its order; *total (may be NULL) gets how many the account has in
 * all.  Caller releases each row and frees the array.
 */
int	hubstore_device_list(struct hubstore *, const struct hubstore_devq *q,
	    struct hubstore_devrow **rows, size_t *n, int64_t *total,
	    struct fa_err *) FA_WUR;
/* The devices of account, by collector and id (hubstore_device_list());
 * an unknown account is an error. */
int	hubstore_devices(struct hubstore *, const char *account,
	    struct hubstore_devrow **rows, size_t *n, struct fa_err *) FA_WUR;
/* Device id (the hub's): 0 found (*row filled, caller releases), 1 no
 * such device, -1 error. */
int	hubstore_device_get(struct hubstore *, int64_t id,
	    struct hubstore_devrow *row, struct fa_err *) FA_WUR;

/* A record of a device: its kind ("scans", "meters", "supplies",
 * "alerts") and JSON text (its typed columns as JSON again, the line
 * the collector wrote: export/hub/hubrec.h); strings owned by the row. */
struct hubstore_recrow {
	char	*kind, *data;
};
void	hubstore_recrow_release(struct hubstore_recrow *);
/* The scans, meters, supplies and alerts records of device src (its id on
 * the collector) of site, in no order; caller releases each row and
 * frees the array. */
int	hubstore_device_records(struct hubstore *, int64_t site, int64_t src,
	    struct hubstore_recrow **rows, size_t *n, struct fa_err *) FA_WUR;

/* An alert or a cartridge (a supply_instances record) of an account;
 * strings owned by the row. */
struct hubstore_itemrow {
	int64_t	 site, dev_src;	/* the site; the device's id on it */
	int64_t	 dev;		/* the hub's device id, -1 none */
	int	 alert;		/* an alert, else a cartridge */
	int64_t	 scan;		/* the last scan that saw it, -1 */
	int64_t	 current;	/* the device's newest scan of its errors
				   (alert) or supplies, -1 none */
	int64_t	 id;		/* the alert's row, the cartridge's id */
	int64_t	 idx;		/* the supply's index, -1 */
	char	*address, *serial;	/* the device's */
	char	*model;		/* the device's, NULL unknown */
	char	*collector;	/* the site's fingerprint */
	char	*text, *severity;
	int64_t	 first_scan;	/* the first scan that saw it, -1 */
	int64_t	 first_time;	/* its time (an alert's since), -1 */
	int	 level;		/* the last level, percent, -1 unknown */
	int64_t	 last_seen;	/* the cartridge's last read */
	double	 days;		/* to empty, NAN: not known (the caller's) */
	int	 dte_status;	/* REPORT_DTE_*, likewise */
	int	 overdue, stale;	/* likewise */
};
void	hubstore_itemrow_release(struct hubstore_itemrow *);
/* Schema 13 to 14 (hubstore.c's steps[14]), in the migration's
 * transaction: the alerts and cartridges indexed by the scan that last
 * saw them. */
struct hubdb;
int	hubstore_migrate14(struct hubdb *, struct fa_err *) FA_WUR;
/* Every current alert of account id (those its device's newest scan of
 * its errors saw, devices.errors_scan; found by the index of schema 14,
 * not by reading the account's history), in no order, read from their
 * typed columns; caller releases each row and frees the array.  The
 * account page's cartridges come from its triage (hubtriage_sup,
 * export/hub/hubtriage.c), made once per import. */
int	hubstore_account_alerts(struct hubstore *, int64_t account_id,
	    struct hubstore_itemrow **rows, size_t *n, struct fa_err *) FA_WUR;
/* The time of scan (its id on the collector) of site into *t (0: no
 * such scan): an alert's "since" (hubstore_itemrow.first_scan), looked
 * up for the few shown, not for every alert of an account. */
int	hubstore_scan_time(struct hubstore *, int64_t site, int64_t scan,
	    int64_t *t, struct fa_err *) FA_WUR;

/* A device's history (hubstore_device_history()).  A meter's value, held
 * from its first scan to its last; strings owned by the history (NULL:
 * not told). */
struct hubstore_hmeter {
	const char	*name, *unit;
	int64_t		 value;
	int64_t		 first, last;	/* scan times, -1 unknown */
	int		 current;
};

/* A supply's level, likewise. */
struct hubstore_hsupply {
	const char	*description, *colorant, *state, *part_number;
	int		 percent;	/* -1 unknown */
	int64_t		 instance;	/* the cartridge's id, -1 none */
	int64_t		 first, last;
	int		 current;
};

/* An alert, likewise (in the records' order). */
struct hubstore_halert {
	const char	*severity, *description, *group, *code;
	int		 current;
};

struct hubstore_history {
	const char		*location, *firmware;	/* the newest told */
	struct hubstore_hmeter	*meters;
	struct hubstore_hsupply	*supplies;
	struct hubstore_halert	*alerts;
	size_t			 nmeters, nsupplies, nalerts;
	int64_t			 supplies_at;	/* the newest scan of the
						   supplies, -1 none */
	int64_t			 meters_at, errors_at, attrs_at;
					/* likewise of the meters, the
					   errors, the attributes */
	void			*json;		/* what the strings are in */
};

/*
 * One device's history as the device page shows it: its meters, supplies
 * and alerts records (hubstore_device_records()) of device src (its id on
 * the collector) of site, typed, each with the times of the first and
 * last scans that saw it and whether the device's newest scan of its
 * part saw it ("run" reads meters, supplies and errors on intervals of
 * their own, scans.parts: what is current is what the newest scan of
 * that part saw, as in the report, collector/store_report.c).  *d filled
 * on 0 (release it), empty on -1; a record that does not parse is left
 * out.
 */
int	hubstore_device_history(struct hubstore *, int64_t site, int64_t src,
	    struct hubstore_history *d, struct fa_err *) FA_WUR;
void	hubstore_history_release(struct hubstore_history *); /* contents */

/* Days to empty of cartridge instance from its level history, as the
 * report reckons (report_levels_days(): the first scan of each supplies
 * run, last read at d->supplies_at), judged at at (0: not judged). */
void	hubstore_history_days(const struct hubstore_history *d,
	    int64_t instance, int64_t at, struct report_sdays *);

/* The id of account (fails with "no account 'X' in hub store 'P'"). */
int	hubstore_account_id(struct hubstore *, const char *account,
	    int64_t *id, struct fa_err *) FA_WUR;
/* The connection, for readers with SQL of their own (export/hub/hubreport.c,
 * hubusers.c, hubaudit.c ...), and the store's name for messages. */
struct hubdb;
struct hubdb	*hubstore_db(struct hubstore *);
const char	*hubstore_path(const struct hubstore *);

/*
 * Copies every row of from, an SQLite store, into a new PostgreSQL store
 * at conninfo (a database without a hub store), in one transaction, and
 * checks each table's row count on both sides; cb (may be NULL) is told
 * each table's count.  On failure the database is left as it was.
 * (export/hub/hubmigrate.c)
 */
typedef void hubstore_migrate_cb(void *arg, const char *table, int64_t rows);
int	hubstore_migrate(struct hubstore *from, const char *conninfo,
	    hubstore_migrate_cb *cb, void *arg, struct fa_err *) FA_WUR;

/* ==== the command queue (hub serve, hub command; docs/soap.md) ====
 * On SQLite kept in HUB/commands.db, beside hub.db, attached when first
 * used; on PostgreSQL the table cmdq.commands. */

/* Readies the queue (each function below does it first). */
int	hubstore_command_queue(struct hubstore *, struct fa_err *) FA_WUR;

#define HUBSTORE_CMD_ARG_MAX	256	/* bytes of a command's argument */

/* One command; strings and output owned by the row. */
struct hubstore_cmdrow {
	int64_t	 id;
	char	*fingerprint, *kind, *argument;
	int64_t	 created, sent, done;	/* epoch seconds; 0: not yet */
	char	*status;		/* "ok", "error"; NULL: no result */
	char	*output;		/* NUL-terminated, output_len bytes */
	size_t	 output_len;
};
void	hubstore_cmdrow_release(struct hubstore_cmdrow *);

/* Queues a command (kind "scan", "walk" or "logs"; arg borrowed) for the
 * trusted collector fp; *id gets its id. */
int	hubstore_command_add(struct hubstore *, const char *fp,
	    const char *kind, const char *arg, int64_t now, int64_t *id,
	    struct fa_err *) FA_WUR;
/* fp's commands without a result, oldest first, at most max, marked sent
 * at now; caller releases each row and frees the array. */
int	hubstore_command_pending(struct hubstore *, const char *fp,
	    int64_t now, size_t max, struct hubstore_cmdrow **rows,
	    size_t *n, struct fa_err *) FA_WUR;
/* Keeps the first result of command id from fp: 0 done (or a result was
 * already kept), 1 no such command for fp, -1 error. */
int	hubstore_command_result(struct hubstore *, const char *fp,
	    int64_t id, const char *status, const void *output, size_t len,
	    int64_t now, struct fa_err *) FA_WUR;
/* Every command (id 0) or command id, by id, outputs included. */
int	hubstore_command_list(struct hubstore *, int64_t id,
	    struct hubstore_cmdrow **rows, size_t *n, struct fa_err *) FA_WUR;
/*
 * Keeps the nonce of a Hello from collector fp until expires (epoch
 * seconds), forgetting those that expired before now: 0 a new nonce, 1
 * already kept (the Hello is a replay), -1 error.
 */
int	hubstore_hello_nonce(struct hubstore *, const char *fp,
	    const char *nonce, int64_t expires, int64_t now, struct fa_err *)
	    FA_WUR;

#endif
