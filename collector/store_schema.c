/*
 * store_schema.c: the local store's schema, one SQLite file (docs/store.md):
 * its versions, the steps from one to the next, and whether a file is
 * ours at all.  store.c opens the file and calls store_schema_check()
 * before anything is written, then store_schema_migrate(); its
 * statements are prepared on the schema this leaves.
 *
 * A file is ours when its application_id is 'FAUD'; a fresh one (no
 * tables, both ids 0) is initialised; anything else is refused before a
 * byte is written (switching to WAL would rewrite a stranger's header).
 * The schema version is user_version: migrations[N] brings version N-1 to
 * N in one transaction that re-reads the version first, so two programs
 * opening a new store at once do not both migrate.
 *
 * A step is its SQL, then a fill for data work.  The fills replay the
 * store's own rules on the rows already there (supply instances, meter
 * flags) and so live in store.c, beside those rules.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "../cli/util.h"
#include "store.h"
#include "store_int.h"

#define STORE_APP_ID	0x46415544	/* PRAGMA application_id, 'FAUD' */

/*
 * Schema migrations: migrations[N] turns version N-1 into version N: its
 * SQL, then its fill function (data work), in one transaction.  Append
 * only; a shipped step is never edited.  The line breaks are for whoever
 * reads the schema with sqlite3's .schema.
 */
/* Step 4's columns of a value table, filled for the rows already there. */
#define RUN_COLS(t)							\
	"ALTER TABLE " t " ADD COLUMN device_id INTEGER;"		\
	"ALTER TABLE " t " ADD COLUMN last_scan_id INTEGER;"		\
	"UPDATE " t " SET last_scan_id = scan_id, device_id ="		\
	" (SELECT s.device_id FROM scans s WHERE s.id = " t ".scan_id);"	\
	"CREATE INDEX " t "_last ON " t " (last_scan_id);"
#define RUN_POS(t)							\
	"ALTER TABLE " t " ADD COLUMN pos INTEGER;"			\
	"UPDATE " t " SET pos = rowid;"

static const struct migration {
	const char	*sql;
	int		(*fill)(struct store *, struct fa_err *);
} migrations[] = {
	{ NULL, NULL },			/* version 0: an empty file */

	/* 1: the first schema. */
	{ "CREATE TABLE assessments ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tstarted INTEGER NOT NULL,"
	"\n\tfinished INTEGER,"
	"\n\tranges TEXT NOT NULL,"
	"\n\tsettings TEXT NOT NULL,"
	"\n\tstatus TEXT NOT NULL"
	" CHECK (status IN ('running', 'complete', 'interrupted')),"
	"\n\tfound INTEGER,"
	"\n\tread_ok INTEGER,"
	"\n\tread_failed INTEGER\n);"

	"CREATE TABLE devices ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tkey_kind TEXT NOT NULL"
	" CHECK (key_kind IN ('serial', 'mac', 'addr')),"
	"\n\tkey_value TEXT NOT NULL,"
	"\n\tvendor TEXT,"
	"\n\tmodel TEXT,"
	"\n\tserial TEXT,"
	"\n\tmac TEXT,"
	"\n\taddress TEXT NOT NULL,"
	"\n\tcredential TEXT,"
	"\n\tfirst_seen INTEGER NOT NULL,"
	"\n\tlast_seen INTEGER NOT NULL,"
	"\n\tUNIQUE (key_kind, key_value)\n);"
	"CREATE INDEX devices_address ON devices (address, last_seen);"

	"CREATE TABLE scans ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tassessment_id INTEGER NOT NULL"
	" REFERENCES assessments (id) ON DELETE CASCADE,"
	"\n\tdevice_id INTEGER NOT NULL"
	" REFERENCES devices (id) ON DELETE CASCADE,"
	"\n\ttime INTEGER NOT NULL,"
	"\n\taddress TEXT NOT NULL,"
	"\n\tcredential TEXT,"
	"\n\tsnmp_version INTEGER,"
	"\n\tis_printer INTEGER NOT NULL,"
	"\n\tprinter_reason TEXT,"
	"\n\tvendor TEXT,"
	"\n\tmodel TEXT,"
	"\n\tserial TEXT,"
	"\n\tmac TEXT,"
	"\n\tsys_object_id TEXT,"
	"\n\tsys_descr TEXT,"
	"\n\tsys_name TEXT,"
	"\n\tsys_location TEXT,"
	"\n\tsys_contact TEXT,"
	"\n\tfirmware TEXT,"
	"\n\tasset TEXT,"
	"\n\tuptime INTEGER,"
	"\n\tenterprise INTEGER,"
	"\n\thr_device_status INTEGER,"
	"\n\thr_printer_status INTEGER,"
	"\n\terror TEXT,"
	"\n\tread_ms INTEGER,"
	"\n\trequests INTEGER NOT NULL\n);"
	"CREATE INDEX scans_device_time ON scans (device_id, time);"
	"CREATE INDEX scans_assessment ON scans (assessment_id);"
	"CREATE INDEX scans_time ON scans (time);"

	"CREATE TABLE meters ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tname TEXT,"
	"\n\tvalue INTEGER,"
	"\n\tunit TEXT,"
	"\n\tsource_oid TEXT\n);"
	"CREATE INDEX meters_scan ON meters (scan_id, name);"

	"CREATE TABLE supplies ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tidx INTEGER NOT NULL,"
	"\n\tdescription TEXT,"
	"\n\ttype TEXT,"
	"\n\tclass TEXT,"
	"\n\tcolorant TEXT,"
	"\n\tunit TEXT,"
	"\n\tmax INTEGER,"
	"\n\tlevel INTEGER,"
	"\n\tpercent INTEGER,"
	"\n\tstate TEXT\n);"
	"CREATE INDEX supplies_scan ON supplies (scan_id);"

	"CREATE TABLE trays ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tidx INTEGER NOT NULL,"
	"\n\tname TEXT,"
	"\n\tmedia TEXT,"
	"\n\ttype TEXT,"
	"\n\tcapacity INTEGER,"
	"\n\tlevel INTEGER,"
	"\n\tpercent INTEGER,"
	"\n\tstate TEXT,"
	"\n\tstatus TEXT\n);"
	"CREATE INDEX trays_scan ON trays (scan_id);"

	"CREATE TABLE alerts ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tidx INTEGER NOT NULL,"
	"\n\tseverity TEXT,"
	"\n\ttraining TEXT,"
	"\n\tgrp TEXT,"
	"\n\tgroup_index INTEGER,"
	"\n\tlocation INTEGER,"
	"\n\tcode INTEGER,"
	"\n\tcode_name TEXT,"
	"\n\tdescription TEXT,"
	"\n\ttime INTEGER\n);"
	"CREATE INDEX alerts_scan ON alerts (scan_id);"

	"CREATE TABLE status_errors ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tpos INTEGER NOT NULL,"
	"\n\tname TEXT,"
	"\n\tPRIMARY KEY (scan_id, pos)\n);"

	"CREATE TABLE display ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tpos INTEGER NOT NULL,"
	"\n\ttext TEXT,"
	"\n\tPRIMARY KEY (scan_id, pos)\n);", NULL },

	/*
	 * 2: what model definitions add (the definition used, a cartridge's
	 * part number and serial, where a level came from, meter cross-
	 * checks) and supply instances, which store_inst_backfill() fills for
	 * scans already stored.  Columns are added, never rebuilt: rows of
	 * version 1 keep every value, NULL in the new columns.
	 */
	{ "ALTER TABLE scans ADD COLUMN model_def TEXT;"
	"ALTER TABLE supplies ADD COLUMN part_number TEXT;"
	"ALTER TABLE supplies ADD COLUMN serial TEXT;"
	"ALTER TABLE supplies ADD COLUMN level_source TEXT;"

	"CREATE TABLE meter_checks ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tname TEXT,"
	"\n\tleft_value INTEGER,"
	"\n\tright_value INTEGER,"
	"\n\tok INTEGER NOT NULL\n);"
	"CREATE INDEX meter_checks_scan ON meter_checks (scan_id);"

	"CREATE TABLE supply_instances ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\tdevice_id INTEGER NOT NULL"
	" REFERENCES devices (id) ON DELETE CASCADE,"
	"\n\tidx INTEGER NOT NULL,"
	"\n\tdescription TEXT,"
	"\n\tpart_number TEXT,"
	"\n\tserial TEXT,"
	"\n\tfirst_scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,"
	"\n\tlast_scan_id INTEGER REFERENCES scans (id) ON DELETE SET NULL,"
	"\n\tfirst_seen INTEGER NOT NULL,"
	"\n\tlast_seen INTEGER NOT NULL,"
	"\n\tfirst_level INTEGER,"
	"\n\tlast_level INTEGER,"
	"\n\tfirst_total INTEGER,"
	"\n\tlast_total INTEGER\n);"
	"CREATE INDEX supply_instances_device"
	" ON supply_instances (device_id, idx);"
	"CREATE INDEX supply_instances_first"
	" ON supply_instances (first_scan_id);"
	"CREATE INDEX supply_instances_last ON supply_instances (last_scan_id);"
	"ALTER TABLE supplies ADD COLUMN instance_id INTEGER"
	" REFERENCES supply_instances (id) ON DELETE SET NULL;"
	"CREATE INDEX supplies_instance ON supplies (instance_id);",
	store_inst_backfill },

	/*
	 * 3: meter sanity flags (see flag_sql), which flag_backfill() works
	 * out for the scans already stored.  A new table only: every row of
	 * version 2 is kept as it is.
	 */
	{ "CREATE TABLE meter_flags ("
	"\n\tscan_id INTEGER NOT NULL REFERENCES scans (id) ON DELETE CASCADE,"
	"\n\tname TEXT NOT NULL,"
	"\n\treason TEXT NOT NULL"
	" CHECK (reason IN ('decrease', 'wrap32', 'frozen', 'swap')),"
	"\n\tprevious INTEGER,"
	"\n\tcurrent INTEGER,"
	"\n\tdetail TEXT\n);"
	"CREATE INDEX meter_flags_scan ON meter_flags (scan_id, name);",
	store_flag_backfill },

	/*
	 * 4: change-only (see "Change-only" at the top).  A scan records the
	 * parts it read and, when its identity attributes did not change,
	 * the scan that holds them; each value row gets its device, the
	 * newest scan that read it unchanged, and its position in that
	 * read.  Rows of version 3 are each their own run (last_scan_id =
	 * scan_id, pos = rowid), which is what they were.  Devices get the
	 * count of discoveries in a row that did not find them, and exports
	 * the marks that tell what is new since the last one.
	 */
	{ "ALTER TABLE scans ADD COLUMN parts INTEGER NOT NULL DEFAULT 15;"
	"ALTER TABLE scans ADD COLUMN attrs_from INTEGER;"
	RUN_COLS("meters") RUN_POS("meters")
	RUN_COLS("supplies") RUN_POS("supplies")
	RUN_COLS("trays") RUN_POS("trays")
	RUN_COLS("alerts") RUN_POS("alerts")
	RUN_COLS("meter_checks") RUN_POS("meter_checks")
	RUN_COLS("status_errors")
	RUN_COLS("display")
	"CREATE INDEX meters_device ON meters (device_id, name, scan_id);"
	"CREATE INDEX supplies_device ON supplies (device_id, scan_id);"
	"CREATE INDEX scans_address ON scans (address, time);"
	"ALTER TABLE devices ADD COLUMN missed INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE devices ADD COLUMN missing_since INTEGER;"
	"CREATE TABLE exports ("
	"\n\tid INTEGER PRIMARY KEY,"
	"\n\ttime INTEGER NOT NULL,"
	"\n\tupto_scan_id INTEGER NOT NULL,"
	"\n\twhat TEXT NOT NULL\n);", NULL },
	/*
	 * Version 5: the GETBULK width (walks per request, repetitions) that
	 * last worked for a device whose agent dropped wider requests, so its
	 * next reads start there (walk.h, walk_multi()).
	 */
	{ "CREATE TABLE read_width ("
	"\n\tdevice_id INTEGER PRIMARY KEY"
	" REFERENCES devices (id) ON DELETE CASCADE,"
	"\n\tcols INTEGER NOT NULL,"
	"\n\treps INTEGER NOT NULL,"
	"\n\ttime INTEGER NOT NULL\n);", NULL },
	/*
	 * Version 6: devices by MAC.  A read without a serial looks for the
	 * serial-keyed device with its MAC (ST_DEV_MAC): without this index
	 * that was a pass over every device, per device read (10,000
	 * devices: a third of a read's CPU time).
	 */
	{ "CREATE INDEX devices_mac ON devices (mac, key_kind);", NULL },
	/*
	 * Version 7: scans by assessment and device.  Storing a device asks
	 * whether each device with its key already answered at another
	 * address in this assessment (CAND_SQL); with the assessment alone
	 * that was a pass over the assessment's scans so far, per device
	 * read (N devices: N^2/2 rows).  The wider index serves every query
	 * the old one did.
	 */
	{ "DROP INDEX scans_assessment;"
	"CREATE INDEX scans_assessment ON scans (assessment_id, device_id);",
	NULL },
	/*
	 * Version 8: a device's scans newest first.  Each read asks for the
	 * device's newest scan (its attribute record, ST_ATTR_CUR) and its
	 * newest scan of each part (ST_PART_LAST), and a lookup by address
	 * orders the devices there by their newest scan (LAST_SEEN).  With
	 * (device_id, time) alone each was a pass over all of the device's
	 * scans, so a read cost more the longer the store had run (run at
	 * the shortest intervals: about 50 scans a device a day).  With
	 * parts in the index the newest scan of a part is found without
	 * reading a scan row.
	 */
	{ "CREATE INDEX scans_device_last ON scans (device_id, id, parts);",
	NULL },
#if FA_TEST_SCHEMA_STEP
	/* Test builds only (store.h): a table that says the step ran. */
	{ "CREATE TABLE test_upgrade (done INTEGER NOT NULL);"
	"INSERT INTO test_upgrade VALUES (1);", NULL },
#endif
};
_Static_assert(nitems(migrations) == STORE_SCHEMA_VERSION + 1,
    "one migration step per schema version");

/* An integer PRAGMA (or query); returns SQLite's code, e filled if not OK. */
static int
pragma_int(struct store *s, const char *sql, int64_t *v, struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	int		 rc;

	*v = 0;
	rc = sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		store_fail(s, e);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Whether the file is ours, a fresh one, or neither; checked before
 * anything is written.
 */
int
store_schema_check(struct store *s, struct fa_err *e)
{
	int64_t	app, version, tables;
	int	rc;

	rc = pragma_int(s, "PRAGMA application_id", &app, e);
	if (rc == SQLITE_OK)
		rc = pragma_int(s, "PRAGMA user_version", &version, e);
	if (rc == SQLITE_OK)
		rc = pragma_int(s, "SELECT count(*) FROM sqlite_master",
		    &tables, e);
	if (rc == SQLITE_NOTADB)
		return fa_errf(e, "'%s' is not a fleetaudit store: not an "
		    "SQLite database", store_path(s));
	if (rc != SQLITE_OK)
		return -1;
	if (app == 0 && version == 0 && tables == 0)
		return 0;
	if (app != STORE_APP_ID)
		return fa_errf(e, "'%s' is not a fleetaudit store: an SQLite "
		    "database of another program", store_path(s));
	if (version > STORE_SCHEMA_VERSION)
		return fa_errf(e, "store '%s' has schema version %lld, newer "
		    "than this program's %d", store_path(s), (long long)version,
		    STORE_SCHEMA_VERSION);
	return 0;
}

/* Runs the missing steps, each (SQL and fill) in its own transaction. */
int
store_schema_migrate(struct store *s, struct fa_err *e)
{
	char	sql[96];
	int64_t	version;
	int	rc = -1;

	if (pragma_int(s, "PRAGMA user_version", &version, e) != SQLITE_OK)
		goto out;
	while (version < STORE_SCHEMA_VERSION) {
		if (store_exec(s, "BEGIN IMMEDIATE", e) == -1)
			goto out;
		/* Another program may have migrated since we looked. */
		if (pragma_int(s, "PRAGMA user_version", &version, e) !=
		    SQLITE_OK)
			goto out;
		if (version >= STORE_SCHEMA_VERSION) {
			if (store_exec(s, "COMMIT", e) == -1)
				goto out;
			break;
		}
		version++;
		store_ctx(s, "cannot migrate store '%s' to schema version %lld",
		    store_path(s), (long long)version);
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d;"
		    " PRAGMA user_version = %lld", STORE_APP_ID,
		    (long long)version);
		if (store_exec(s, migrations[version].sql, e) == -1 ||
		    (migrations[version].fill != NULL &&
		    migrations[version].fill(s, e) == -1) ||
		    store_exec(s, sql, e) == -1 ||
		    store_exec(s, "COMMIT", e) == -1)
			goto out;
	}
	if (version > STORE_SCHEMA_VERSION) {
		fa_errf(e, "store '%s' has schema version %lld, newer than "
		    "this program's %d", store_path(s), (long long)version,
		    STORE_SCHEMA_VERSION);
		goto out;
	}
	rc = 0;
out:
	if (rc == -1 && !sqlite3_get_autocommit(store_sqlite(s)))
		sqlite3_exec(store_sqlite(s), "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

