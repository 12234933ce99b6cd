/*
 * store.c: the local store, one SQLite file (schema in docs/store.md):
 * opening it, writing and the reads of store.h.  Its schema and the steps
 * between versions are store_schema.c's.  The store's own modules
 * (store_*.c, through store_int.h) are the only other files that include
 * sqlite3.h.
 *
 * Opening.  The file is created 0600 before SQLite sees it: SQLite would
 * create it 0644, and its -wal and -shm files take the database's mode.
 * store_schema_check() refuses a file that is not ours before a byte is
 * written, store_schema_migrate() brings it to this program's version.
 * Foreign keys are switched on only after migrating, so a future step that
 * rebuilds a table cannot cascade deletes into its children.
 *
 * Identity.  A device row carries one key, the strongest its reads gave:
 *	serial:<lower(vendor)>/<serial>	when the serial is a real one
 *					(dev_serial_usable(): no filler)
 *	mac:<lower(mac)>		else when the MAC is not all zeros
 *	addr:<address>			else
 * A result is matched by its strongest key; failing that, by a row under a
 * weaker key of its own (a device first read without its serial), whose
 * key is then upgraded so the history stays one device.  A result that
 * lacks what was known before (a partial read: no serial, or neither serial
 * nor MAC) falls back to the serial-keyed device with that MAC, or to the
 * device last seen at that address, and never downgrades its key.  A row
 * with another model, or that answered at another address in the same
 * assessment, is never the match: that is a twin, a second device with the
 * same key, whose key gets "#2" (then "#3"...) so both stay.  A local
 * queue's read (credential "cups", or "spooler" on Windows) is matched by
 * its printer's serial, else by its queue: the device stored for the same
 * queue name and connection (dev_queue()), so a queue read while its
 * printer is off, or of a printer with no serial, stays one device; never
 * by address.
 *
 * Writing.  One device result is one BEGIN IMMEDIATE transaction: the write
 * lock is taken up front, so a busy store fails at BEGIN (after the busy
 * timeout) rather than half way; any failure rolls everything back.
 * store_group() puts several device results in one transaction, each in
 * a savepoint (a failure rolls back that device only): one commit per
 * device rewrote the same index pages for every device.
 *
 * Supply instances.  Each supplies row is linked to the physical cartridge
 * it was read from: the device's newest instance for that supply index
 * when the rule of inst_same() says it is the same cartridge, else a new
 * instance (a swap).  This is done row by row as the scan is written, in
 * its transaction.  Step 2 of the migrations replays the scans of a
 * version-1 store through the same rule, so its history gets instances
 * too.
 *
 * Meter flags.  Once a scan's meters are written, flag_sql compares them
 * with the device's earlier scans and records what does not follow on
 * (a decrease, a 32-bit wrap, a counter frozen while others moved, a
 * serial swap) in meter_flags, in the scan's transaction; store_volume()
 * leaves the flagged steps out.  The rules are in docs/store.md.  Step 3
 * of the migrations flags the scans already stored the same way.
 *
 * Statements are prepared once at open and finalized at close.  The scan
 * and its per-row tables are described by field tables from which both
 * the INSERT and the SELECT are generated, so writing and reading cannot
 * disagree on column order.  The list readers of store.h are field tables
 * too, of column expressions, read by one loop (reader_run()).  Text is bound SQLITE_STATIC: every bound
 * string outlives the step, and bindings are cleared on reset, so no
 * statement keeps a pointer past the call.
 *
 * Not thread-safe: one struct store per thread.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../cli/plat_net.h"

#include "../cli/util.h"
#include "device.h"
#include "store.h"
#include "store_int.h"

#define STORE_BUSY_MS	5000		/* wait for another writer */

/*
 * A level that rises by more than STORE_INST_RISE percentage points is a
 * new cartridge.  Where a percentage is missing, a supply last seen empty
 * or at most STORE_INST_LOW percent that now reads at least STORE_INST_FULL
 * percent, or with no percentage "ok" or "some_remaining", is one too.
 */
#define STORE_INST_RISE	10
#define STORE_INST_LOW	10	/* as nsupplies_low in store_history() */
#define STORE_INST_FULL	90

/*
 * How a struct member maps to a column.  NULL stands for "not given":
 * F_I64 DEV_NONE, F_PCT -1, F_INT0 0 (hrDeviceStatus, hrPrinterStatus,
 * enterprise and the SNMP version have no valid 0), F_I64Z 0 (an id, or a
 * time not reached yet: an assessment's end), F_STR and F_TEXT NULL.
 * F_STR keeps DEV_MAX_STR bytes of a string, as dev_set() does; F_TEXT
 * (the rows of store.h's readers) keeps all of it.
 */
enum ftype { F_STR, F_INT, F_INT0, F_I64, F_PCT, F_U32, F_TEXT, F_I64Z };
struct field {
	const char	*col;	/* its column (a reader's: its expression) */
	size_t		 off;
	enum ftype	 type;
	int		 attr;	/* scans: an identity attribute (change-only),
				 * not a fact of the read itself */
};
#define FD(t, col, m, ty)	{ col, offsetof(struct t, m), ty, 0 }
#define FA(t, col, m, ty)	{ col, offsetof(struct t, m), ty, 1 }

static const struct field scan_fields[] = {
	FD(device, "address", address, F_STR),
	FD(device, "credential", credential, F_STR),
	FD(device, "snmp_version", snmp_version, F_INT0),
	FD(device, "is_printer", is_printer, F_INT),
	FA(device, "printer_reason", printer_reason, F_STR),
	FA(device, "vendor", vendor, F_STR),
	FA(device, "model", model, F_STR),
	FA(device, "serial", serial, F_STR),
	FA(device, "mac", mac, F_STR),
	FA(device, "sys_object_id", sys_object_id, F_STR),
	FA(device, "sys_descr", sys_descr, F_STR),
	FA(device, "sys_name", sys_name, F_STR),
	FA(device, "sys_location", sys_location, F_STR),
	FA(device, "sys_contact", sys_contact, F_STR),
	FA(device, "firmware", firmware, F_STR),
	FA(device, "asset", asset, F_STR),
	FD(device, "uptime", uptime, F_I64),
	FA(device, "enterprise", enterprise, F_INT0),
	FD(device, "hr_device_status", status.device, F_INT0),
	FD(device, "hr_printer_status", status.printer, F_INT0),
	FD(device, "error", error, F_STR),
	FD(device, "read_ms", read_ms, F_I64),
	FD(device, "requests", requests, F_U32),
	FA(device, "model_def", model_def, F_STR),
};

static const struct field meter_fields[] = {
	FD(dev_meter, "name", name, F_STR),
	FD(dev_meter, "value", value, F_I64),
	FD(dev_meter, "unit", unit, F_STR),
	FD(dev_meter, "source_oid", source_oid, F_STR),
};

static const struct field supply_fields[] = {
	FD(dev_supply, "idx", index, F_INT),
	FD(dev_supply, "description", description, F_STR),
	FD(dev_supply, "type", type, F_STR),
	FD(dev_supply, "class", class, F_STR),
	FD(dev_supply, "colorant", colorant, F_STR),
	FD(dev_supply, "unit", unit, F_STR),
	FD(dev_supply, "max", max, F_I64),
	FD(dev_supply, "level", level, F_I64),
	FD(dev_supply, "percent", percent, F_PCT),
	FD(dev_supply, "state", state, F_STR),
	FD(dev_supply, "part_number", part_number, F_STR),
	FD(dev_supply, "serial", serial, F_STR),
	FD(dev_supply, "level_source", level_source, F_STR),
};

static const struct field tray_fields[] = {
	FD(dev_tray, "idx", index, F_INT),
	FD(dev_tray, "name", name, F_STR),
	FD(dev_tray, "media", media, F_STR),
	FD(dev_tray, "type", type, F_STR),
	FD(dev_tray, "capacity", capacity, F_I64),
	FD(dev_tray, "level", level, F_I64),
	FD(dev_tray, "percent", percent, F_PCT),
	FD(dev_tray, "state", state, F_STR),
	FD(dev_tray, "status", status, F_STR),
};

static const struct field alert_fields[] = {
	FD(dev_alert, "idx", index, F_INT),
	FD(dev_alert, "severity", severity, F_STR),
	FD(dev_alert, "training", training, F_STR),
	FD(dev_alert, "grp", group, F_STR),
	FD(dev_alert, "group_index", group_index, F_I64),
	FD(dev_alert, "location", location, F_I64),
	FD(dev_alert, "code", code, F_I64),
	FD(dev_alert, "code_name", code_name, F_STR),
	FD(dev_alert, "description", description, F_STR),
	FD(dev_alert, "time", time, F_I64),
};

static const struct field check_fields[] = {
	FD(dev_check, "name", name, F_STR),
	FD(dev_check, "left_value", left, F_I64),
	FD(dev_check, "right_value", right, F_I64),
	FD(dev_check, "ok", ok, F_INT),
};

/* The per-scan tables of struct rows, kept in the device's order. */
enum { RT_METERS, RT_SUPPLIES, RT_TRAYS, RT_ALERTS, RT_CHECKS, NROWTAB };
static const struct rowtab {
	const char		*table;
	const struct field	*f;
	size_t			 nf;
	size_t			 size;
	unsigned		 part;	/* DEV_P_* that reads it */
	int			 inst;	/* rows linked to supply instances */
} rowtabs[NROWTAB] = {
	[RT_METERS] = { "meters", meter_fields, nitems(meter_fields),
	    sizeof(struct dev_meter), DEV_P_METERS, 0 },
	[RT_SUPPLIES] = { "supplies", supply_fields, nitems(supply_fields),
	    sizeof(struct dev_supply), DEV_P_SUPPLIES, 1 },
	[RT_TRAYS] = { "trays", tray_fields, nitems(tray_fields),
	    sizeof(struct dev_tray), DEV_P_SUPPLIES, 0 },
	[RT_ALERTS] = { "alerts", alert_fields, nitems(alert_fields),
	    sizeof(struct dev_alert), DEV_P_ERRORS, 0 },
	[RT_CHECKS] = { "meter_checks", check_fields, nitems(check_fields),
	    sizeof(struct dev_check), DEV_P_METERS, 0 },
};

/* The per-scan tables of strings, kept by position. */
enum { VT_ERRORS, VT_DISPLAY, NVECTAB };
static const struct vectab {
	const char	*table;
	const char	*col;
	unsigned	 part;
} vectabs[NVECTAB] = {
	[VT_ERRORS] = { "status_errors", "name", DEV_P_ERRORS },
	[VT_DISPLAY] = { "display", "text", DEV_P_ERRORS },
};

/* The parts of struct device that have value tables, in bit order. */
static const unsigned run_parts[] = {
	DEV_P_METERS, DEV_P_SUPPLIES, DEV_P_ERRORS
};
#define NPARTS	nitems(run_parts)

/*
 * The statements of inst_track(), by the store's connection or, in the
 * migration to version 2, by store_inst_backfill()'s own.  Both NEW and
 * SEEN take ?1 (the device for NEW, the instance for SEEN), ?2 idx, ?3
 * description, ?4 part number, ?5 serial, ?6 scan, ?7 time, ?8 percent,
 * ?9 total.
 */
enum { IQ_CUR, IQ_NEW, IQ_SEEN, IQ_LINK, IQ_MAX };
static const char *const inst_sql[IQ_MAX] = {
	/* The device's newest instance of a supply index, with the state
	 * of the supply at its last sighting. */
	[IQ_CUR] = "SELECT i.id, i.serial, i.description, i.part_number,"
	    " i.last_level, p.state FROM supply_instances i"
	    " LEFT JOIN supplies p ON p.instance_id = i.id"
	    " AND p.scan_id <= i.last_scan_id AND p.last_scan_id >="
	    " i.last_scan_id"
	    " WHERE i.device_id = ?1 AND i.idx = ?2 ORDER BY i.id DESC LIMIT 1",
	[IQ_NEW] = "INSERT INTO supply_instances (device_id, idx,"
	    " description, part_number, serial, first_scan_id, last_scan_id,"
	    " first_seen, last_seen, first_level, last_level, first_total,"
	    " last_total) VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''),"
	    " nullif(?5, ''), ?6, ?6, ?7, ?7, ?8, ?8, ?9, ?9)",
	/* Names and numbers are the latest known (first_* the first
	 * known): a read that missed one does not erase it. */
	[IQ_SEEN] = "UPDATE supply_instances SET"
	    " description = coalesce(nullif(?3, ''), description),"
	    " part_number = coalesce(nullif(?4, ''), part_number),"
	    " serial = coalesce(nullif(?5, ''), serial),"
	    " last_scan_id = ?6, last_seen = max(last_seen, ?7),"
	    " first_level = coalesce(first_level, ?8),"
	    " last_level = coalesce(?8, last_level),"
	    " first_total = coalesce(first_total, ?9),"
	    " last_total = coalesce(?9, last_total) WHERE id = ?1",
	[IQ_LINK] = "UPDATE supplies SET instance_id = ?1 WHERE rowid = ?2",
};

/* IQ_CUR as it was in version 2, when each scan had its own rows: for
 * store_inst_backfill(), which runs before step 4 adds the run columns. */
static const char iq_cur_v2[] = "SELECT i.id, i.serial, i.description,"
    " i.part_number, i.last_level, p.state FROM supply_instances i"
    " LEFT JOIN supplies p ON p.instance_id = i.id"
    " AND p.scan_id = i.last_scan_id"
    " WHERE i.device_id = ?1 AND i.idx = ?2 ORDER BY i.id DESC LIMIT 1";

/* Scan s is earlier than scan c: by time, then by id within a second. */
#define EARLIER		"(s.time < c.time OR"				\
			" (s.time = c.time AND s.id < c.id))"

/*
 * A 32-bit counter (Counter32, RFC 2578) that wraps: the previous value in
 * the top 2^28 below 2^32, the new one under 2^28.  Only a meter read
 * from one plain OID can be such a counter: a sum or blob rule is not.
 */
#define WRAP32_TOP	"(1 << 32)"
#define WRAP32_BAND	"(1 << 28)"
#define PLAIN_OID(c)	"(" c " GLOB '[0-9]*' AND " c " NOT GLOB '*[^0-9.]*')"

/*
 * Meter sanity, run on scan ?1 once its meters are written; by the
 * store's connection or, in the migration to version 3, store_flag_backfill()'s
 * own.  Each meter (the first row of a name with a value) is compared with
 * the same name in the device's newest earlier scan that has it:
 * decrease (or wrap32, see above) when it went down (not power_on*,
 * which restarts at every power-on); frozen when total, mono, colour or
 * marker.1 stayed while another of total, mono, colour, print, copy went
 * up (a fax or scan counter may well stay).
 * FQ_SWAP flags a serial that differs from the newest earlier known one.
 * Flags never depend on other flags, so scans can be flagged in any order.
 */
enum { FQ_SWAP, FQ_METERS, FQ_MAX };
static const char *const flag_sql_v3[FQ_MAX] = {
	[FQ_SWAP] = "INSERT INTO meter_flags (scan_id, name, reason, detail)"
	    " SELECT c.id, 'serial', 'swap', p.serial || ' -> ' || c.serial"
	    " FROM scans c JOIN scans p ON p.id = (SELECT s.id FROM scans s"
	    "  WHERE s.device_id = c.device_id AND " EARLIER
	    "  AND s.serial != '' ORDER BY s.time DESC, s.id DESC LIMIT 1)"
	    " WHERE c.id = ?1 AND c.serial != '' AND p.serial != c.serial",
	[FQ_METERS] = "WITH c AS (SELECT id, device_id, time FROM scans"
	    "  WHERE id = ?1),"
	    " m AS (SELECT t.rowid AS r, t.name, t.value, t.source_oid,"
	    "  (SELECT p.value FROM scans s JOIN meters p ON p.scan_id = s.id"
	    "   WHERE s.device_id = c.device_id AND " EARLIER
	    "   AND p.name = t.name AND p.value IS NOT NULL"
	    "   ORDER BY s.time DESC, s.id DESC, p.rowid LIMIT 1) AS prev"
	    "  FROM c JOIN meters t ON t.scan_id = c.id"
	    "  WHERE t.rowid = (SELECT min(x.rowid) FROM meters x"
	    "   WHERE x.scan_id = c.id AND x.name = t.name"
	    "   AND x.value IS NOT NULL))"
	    " INSERT INTO meter_flags (scan_id, name, reason, previous,"
	    " current)"
	    " SELECT ?1, name, CASE WHEN value = prev THEN 'frozen'"
	    "  WHEN prev > " WRAP32_TOP " - " WRAP32_BAND
	    "  AND prev < " WRAP32_TOP " AND value < " WRAP32_BAND
	    "  AND " PLAIN_OID("source_oid") " THEN 'wrap32'"
	    "  ELSE 'decrease' END, prev, value"
	    " FROM m WHERE (value < prev AND name NOT LIKE 'power_on%')"
	    " OR (value = prev AND name IN ('total', 'mono', 'colour',"
	    "  'marker.1') AND EXISTS"
	    "  (SELECT 1 FROM m o WHERE o.name != m.name AND o.name IN"
	    "  ('total', 'mono', 'colour', 'print', 'copy')"
	    "  AND o.value > o.prev))"
	    " ORDER BY r",
};

/*
 * The same rules on the runs of version 4 (see "Change-only" at the top):
 * the meters scan ?1 read are the rows it confirmed (last_scan_id = ?1);
 * one it found unchanged (an older run) has itself as the previous value,
 * a new one the newest run of its name that ended before ?1.  FQ_SWAP
 * reads only scans: a scan whose attributes did not change has no serial
 * of its own, and so no swap.
 */
static const char *const flag_sql[FQ_MAX] = {
	[FQ_SWAP] = "INSERT INTO meter_flags (scan_id, name, reason, detail)"
	    " SELECT c.id, 'serial', 'swap', p.serial || ' -> ' || c.serial"
	    " FROM scans c JOIN scans p ON p.id = (SELECT s.id FROM scans s"
	    "  WHERE s.device_id = c.device_id AND " EARLIER
	    "  AND s.serial != '' ORDER BY s.time DESC, s.id DESC LIMIT 1)"
	    " WHERE c.id = ?1 AND c.serial != '' AND p.serial != c.serial",
	[FQ_METERS] = "WITH c AS (SELECT id, device_id FROM scans"
	    "  WHERE id = ?1),"
	    " m AS (SELECT t.rowid AS r, t.pos, t.name, t.value, t.source_oid,"
	    "  CASE WHEN t.scan_id < c.id THEN t.value ELSE"
	    "  (SELECT p.value FROM meters p WHERE p.device_id = c.device_id"
	    "   AND p.name = t.name AND p.value IS NOT NULL"
	    "   AND p.last_scan_id < c.id"
	    "   ORDER BY p.last_scan_id DESC, p.pos, p.rowid LIMIT 1) END"
	    "  AS prev"
	    "  FROM c JOIN meters t ON t.last_scan_id = c.id"
	    "  WHERE t.rowid = (SELECT x.rowid FROM meters x"
	    "   WHERE x.last_scan_id = c.id AND x.name = t.name"
	    "   AND x.value IS NOT NULL ORDER BY x.pos, x.rowid LIMIT 1))"
	    " INSERT INTO meter_flags (scan_id, name, reason, previous,"
	    " current)"
	    " SELECT ?1, name, CASE WHEN value = prev THEN 'frozen'"
	    "  WHEN prev > " WRAP32_TOP " - " WRAP32_BAND
	    "  AND prev < " WRAP32_TOP " AND value < " WRAP32_BAND
	    "  AND " PLAIN_OID("source_oid") " THEN 'wrap32'"
	    "  ELSE 'decrease' END, prev, value"
	    " FROM m WHERE (value < prev AND name NOT LIKE 'power_on%')"
	    " OR (value = prev AND name IN ('total', 'mono', 'colour',"
	    "  'marker.1') AND EXISTS"
	    "  (SELECT 1 FROM m o WHERE o.name != m.name AND o.name IN"
	    "  ('total', 'mono', 'colour', 'print', 'copy')"
	    "  AND o.value > o.prev))"
	    " ORDER BY pos, r",
};

/*
 * A device swap at one address: scan ?1, the first of a new device (the
 * identity rule makes another serial another device), where the device
 * seen at its address before had another serial.
 */
static const char swap_addr_sql[] =
    "INSERT INTO meter_flags (scan_id, name, reason, detail)"
    " SELECT c.id, 'serial', 'swap', p.serial || ' -> ' || c.serial"
    " FROM scans c JOIN scans p ON p.id = (SELECT s.id FROM scans s"
    "  WHERE s.address = c.address AND s.device_id != c.device_id"
    "  AND " EARLIER " AND s.serial != ''"
    "  ORDER BY s.time DESC, s.id DESC LIMIT 1)"
    " WHERE c.id = ?1 AND c.serial != '' AND p.serial != c.serial";

/* The value of meter ?2 (device ?1) that scan s read: the run covering
 * it.  Only for a scan that read meters (parts & 1). */
#define METER_AT(name)							\
	"(SELECT m.value FROM meters m WHERE m.device_id = s.device_id"	\
	" AND m.name = " name " AND m.value IS NOT NULL"		\
	" AND m.scan_id <= s.id AND m.last_scan_id >= s.id"		\
	" ORDER BY m.pos, m.rowid LIMIT 1)"

/* The list readers of store.h, each a SELECT generated from its fields. */
enum { RD_DEVICES, RD_ASSESSMENTS, RD_HISTORY, RD_INSTANCES, RD_FLAGS,
	NREADER };

enum {
	ST_DEV_KEY,		/* device by identity key */
	ST_CAND_KEY,		/* candidates: a key and its twins (#N) */
	ST_CAND_MAC,		/* candidates: serial-keyed with a MAC */
	ST_CAND_AT,		/* candidates: last seen at an address */
	ST_DEV_AT,		/* device last seen at an address */
	ST_DEV_QUEUE,		/* a local queue's device (dev_queue()) */
	ST_DEV_ID,
	ST_DEV_SERIAL,		/* devices by serial, any case */
	ST_DEV_MACS,		/* devices by MAC, separators ignored */
	ST_DEV_NEW,
	ST_DEV_SEEN,
	ST_ASSESS_NEW,
	ST_ASSESS_END,
	ST_TX_BEGIN,		/* store_put_device()'s transactions, */
	ST_TX_COMMIT,		/* prepared once: sqlite3_exec() parsed */
	ST_SP_OPEN,		/* them again for every device */
	ST_SP_RELEASE,
	ST_INST,		/* the IQ_* statements of inst_track() */
	ST_VOLUME = ST_INST + IQ_MAX,
	ST_PART_LAST,		/* a device's newest scan that read a part */
	ST_DEV_MISSED,		/* a discovery did not find the device */
	ST_WIDTH_PUT,		/* read_width of a device */
	ST_WIDTH_AT,		/* read_width of the device at an address */
	ST_EXPORT_LAST,
	ST_EXPORT_NEW,
	ST_SWAP_ADDR,		/* swap_addr_sql */
	ST_FLAG,		/* the FQ_* statements of flag_put() */
	ST_READ = ST_FLAG + FQ_MAX,	/* the readers' (generated) */
	ST_SCAN_PUT = ST_READ + NREADER,	/* generated, as below */
	ST_SCAN_GET,
	ST_ATTR_CUR,		/* the device's current attribute record */
	ST_ROW_PUT,
	ST_ROW_CUR = ST_ROW_PUT + NROWTAB,	/* rows a scan confirmed */
	ST_ROW_BUMP = ST_ROW_CUR + NROWTAB,	/* a row read unchanged */
	ST_VEC_PUT = ST_ROW_BUMP + NROWTAB,
	ST_VEC_CUR = ST_VEC_PUT + NVECTAB,
	ST_VEC_BUMP = ST_VEC_CUR + NVECTAB,
	ST_MAX = ST_VEC_BUMP + NVECTAB
};

/* The newest scan first; scans of one second are told apart by id. */
#define NEWEST		"ORDER BY s.time DESC, s.id DESC"
/* The device of devices d seen last, by the same measure; the newest
 * scan of each is one step down scans_device_last (schema 8). */
#define LAST_SEEN	"ORDER BY d.last_seen DESC, (SELECT max(s.id)" \
			" FROM scans s WHERE s.device_id = d.id) DESC LIMIT 1"

/*
 * Identity candidates (dev_resolve()): id, key kind, model, address,
 * whether the device answered at another address (?4) in this assessment
 * (?3), and when it was last seen.  dev_cands() takes the DEV_CANDS
 * newest (last_seen, then id): sorted there, not by an ORDER BY, which
 * built a temporary B-tree for the one or two rows of each device read
 * (2% of a read's CPU).
 */
#define CAND_SQL	"SELECT d.id, d.key_kind, d.model, d.address," \
			" EXISTS (SELECT 1 FROM scans s WHERE" \
			" s.device_id = d.id AND s.assessment_id = ?3" \
			" AND s.address != ?4), d.last_seen FROM devices d WHERE "
#define DEV_CANDS	32
/* Twins: devices whose key would be the same get "#2", "#3"... */
#define DEV_TWINS	64

/*
 * The rows of store.h's list readers, one field a column: the expression
 * it is read from, the member it fills and how (see struct field).  Each
 * reader's SELECT is these expressions in this order, then its tail, so
 * a column and the member it fills stand on one line.
 */
static const struct field devrow_fields[] = {
	FD(store_devrow, "d.id", id, F_I64Z),
	FD(store_devrow, "d.address", address, F_TEXT),
	FD(store_devrow, "d.vendor", vendor, F_TEXT),
	FD(store_devrow, "d.model", model, F_TEXT),
	FD(store_devrow, "d.serial", serial, F_TEXT),
	FD(store_devrow, "d.mac", mac, F_TEXT),
	FD(store_devrow, "d.credential", credential, F_TEXT),
	FD(store_devrow, "d.first_seen", first_seen, F_I64Z),
	FD(store_devrow, "d.last_seen", last_seen, F_I64Z),
	FD(store_devrow, "(SELECT count(*) FROM scans s"
	    " WHERE s.device_id = d.id)", scans, F_INT),
	FD(store_devrow, "(SELECT m.value FROM meters m"
	    " WHERE m.device_id = d.id"
	    "  AND m.name = 'total' AND m.value IS NOT NULL"
	    "  ORDER BY m.last_scan_id DESC, m.pos, m.rowid LIMIT 1)",
	    total_pages, F_I64),
	FD(store_devrow, "(SELECT s.error FROM scans s"
	    " WHERE s.device_id = d.id " NEWEST " LIMIT 1)", error, F_TEXT),
	FD(store_devrow, "d.missed", missed, F_INT),
	FD(store_devrow, "d.missing_since", missing_since, F_I64Z),
	FD(store_devrow, "(SELECT a.model_def FROM scans s JOIN scans a"
	    "  ON a.id = coalesce(s.attrs_from, s.id)"
	    "  WHERE s.device_id = d.id ORDER BY s.id DESC LIMIT 1)",
	    model_def, F_TEXT),
};

static const struct field assessrow_fields[] = {
	FD(store_assessrow, "id", id, F_I64Z),
	FD(store_assessrow, "started", started, F_I64Z),
	FD(store_assessrow, "finished", finished, F_I64Z),
	FD(store_assessrow, "ranges", ranges, F_TEXT),
	FD(store_assessrow, "status", status, F_TEXT),
	FD(store_assessrow, "found", found, F_INT),
	FD(store_assessrow, "read_ok", read_ok, F_INT),
	FD(store_assessrow, "read_failed", read_failed, F_INT),
};

/* Each scan with the values it read or carried (the runs that cover
 * it). */
static const struct field scanrow_fields[] = {
	FD(store_scanrow, "s.id", scan_id, F_I64Z),
	FD(store_scanrow, "s.assessment_id", assessment_id, F_I64Z),
	FD(store_scanrow, "s.time", time, F_I64Z),
	FD(store_scanrow, "s.address", address, F_TEXT),
	FD(store_scanrow, "s.error", error, F_TEXT),
	FD(store_scanrow, METER_AT("'total'"), total_pages, F_I64),
	FD(store_scanrow, "(SELECT count(*) FROM supplies p"
	    "  WHERE p.device_id = s.device_id"
	    "  AND p.scan_id <= s.id AND p.last_scan_id >= s.id"
	    "  AND p.percent <= 10 AND coalesce(p.class, '') != 'filled')",
	    nsupplies_low, F_INT),
	FD(store_scanrow, "(SELECT count(*) FROM meter_checks c"
	    "  WHERE c.device_id = s.device_id"
	    "  AND c.scan_id <= s.id AND c.last_scan_id >= s.id"
	    "  AND c.ok = 0)", nchecks_failed, F_INT),
};

static const struct field instrow_fields[] = {
	FD(store_instrow, "i.id", id, F_I64Z),
	FD(store_instrow, "i.idx", idx, F_INT),
	FD(store_instrow, "i.description", description, F_TEXT),
	FD(store_instrow, "i.part_number", part_number, F_TEXT),
	FD(store_instrow, "i.serial", serial, F_TEXT),
	FD(store_instrow, "i.first_seen", first_seen, F_I64Z),
	FD(store_instrow, "i.last_seen", last_seen, F_I64Z),
	FD(store_instrow, "i.first_level", first_level, F_PCT),
	FD(store_instrow, "i.last_level", last_level, F_PCT),
	FD(store_instrow, "CASE WHEN i.last_total >= i.first_total"
	    "  THEN i.last_total - i.first_total END", pages, F_I64),
	FD(store_instrow, "i.id = (SELECT max(j.id) FROM supply_instances j"
	    "  WHERE j.device_id = i.device_id AND j.idx = i.idx)", current,
	    F_INT),
};

static const struct field flagrow_fields[] = {
	FD(store_flagrow, "f.scan_id", scan_id, F_I64Z),
	FD(store_flagrow, "s.time", time, F_I64Z),
	FD(store_flagrow, "f.name", name, F_TEXT),
	FD(store_flagrow, "f.reason", reason, F_TEXT),
	FD(store_flagrow, "f.detail", detail, F_TEXT),
	FD(store_flagrow, "f.previous", previous, F_I64),
	FD(store_flagrow, "f.current", current, F_I64),
};

static int	devrow_cmp(const void *, const void *);

/*
 * A reader: its fields and the SQL after them; by_device: ?1 is a device
 * id, which must exist; cmp: the order of the rows, NULL for the SQL's.
 * what names the rows in messages.
 */
#define READER(t, f, from, by_device, cmp, what)			\
	{ f, nitems(f), sizeof(struct t), from, by_device, cmp, what }
static const struct reader {
	const struct field	*f;
	size_t			 nf;
	size_t			 size;
	const char		*from;
	int			 by_device;
	int			(*cmp)(const void *, const void *);
	const char		*what;
} readers[NREADER] = {
	[RD_DEVICES] = READER(store_devrow, devrow_fields, " FROM devices d",
	    0, devrow_cmp, "devices"),
	[RD_ASSESSMENTS] = READER(store_assessrow, assessrow_fields,
	    " FROM assessments ORDER BY started DESC, id DESC", 0, NULL,
	    "assessments"),
	[RD_HISTORY] = READER(store_scanrow, scanrow_fields,
	    " FROM scans s WHERE s.device_id = ?1 " NEWEST, 1, NULL,
	    "history"),
	[RD_INSTANCES] = READER(store_instrow, instrow_fields,
	    " FROM supply_instances i WHERE i.device_id = ?1"
	    " ORDER BY i.idx, i.id DESC", 1, NULL, "supplies"),
	[RD_FLAGS] = READER(store_flagrow, flagrow_fields,
	    " FROM meter_flags f JOIN scans s ON s.id = f.scan_id"
	    " WHERE s.device_id = ?1 " NEWEST ", f.rowid", 1, NULL,
	    "meter flags"),
};

static const char *const stmt_sql[ST_MAX] = {
	[ST_DEV_KEY] = "SELECT id, key_kind FROM devices"
	    " WHERE key_kind = ?1 AND key_value = ?2",
	/* The key or a twin of it ("?2#N"): the twins are the keys from
	 * "?2#" up to "?2$" ('$' follows '#'), a range the unique index
	 * (key_kind, key_value) finds by itself; a test on every key of
	 * the kind (substr) made storing N devices take N^2 steps. */
	[ST_CAND_KEY] = CAND_SQL "d.key_kind = ?1 AND (d.key_value = ?2"
	    " OR (d.key_value >= ?2 || '#' AND d.key_value < ?2 || '$'))",
	[ST_CAND_MAC] = CAND_SQL "d.key_kind = 'serial' AND d.mac = ?2",
	[ST_CAND_AT] = CAND_SQL "d.address = ?2",
	[ST_DEV_AT] = "SELECT d.id, d.key_kind, d.credential FROM devices d"
	    " WHERE d.address = ?1 " LAST_SEEN,
	/* ?1 queue name, ?2 connection, ?3 credential: of the devices
	 * stored from local queues (few), the one whose current attributes
	 * name that queue. */
	[ST_DEV_QUEUE] = "SELECT d.id, d.key_kind FROM devices d"
	    " JOIN scans a ON a.id = (SELECT coalesce(s.attrs_from, s.id)"
	    "  FROM scans s WHERE s.device_id = d.id ORDER BY s.id DESC"
	    "  LIMIT 1)"
	    " WHERE d.credential = ?3 AND a.sys_name = ?1"
	    " AND a.printer_reason = ?2"
	    " ORDER BY d.last_seen DESC, d.id DESC LIMIT 1",
	[ST_DEV_ID] = "SELECT id FROM devices WHERE id = ?1",
	[ST_WIDTH_PUT] = "INSERT INTO read_width (device_id, cols, reps, time)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (device_id) DO UPDATE SET"
	    " cols = excluded.cols, reps = excluded.reps, time = excluded.time"
	    " WHERE cols != excluded.cols OR reps != excluded.reps",
	[ST_WIDTH_AT] = "SELECT w.cols, w.reps FROM devices d"
	    " JOIN read_width w ON w.device_id = d.id"
	    " WHERE d.address = ?1 " LAST_SEEN,
	[ST_DEV_SERIAL] = "SELECT id, vendor FROM devices"
	    " WHERE serial = ?1 COLLATE NOCASE ORDER BY id",
	[ST_DEV_MACS] = "SELECT id, vendor FROM devices"
	    " WHERE replace(replace(replace(lower(mac), ':', ''), '-', ''),"
	    " '.', '') = ?1 ORDER BY id",
	[ST_DEV_NEW] = "INSERT INTO devices (key_kind, key_value, vendor,"
	    " model, serial, mac, address, credential, first_seen, last_seen)"
	    " VALUES (?1, ?2, nullif(?3, ''), nullif(?4, ''), nullif(?5, ''),"
	    " ?6, ?7, ?8, ?9, ?9)",
	/* A device that answered (?11) is seen, and not missing; one that
	 * did not answer at all is neither. */
	[ST_DEV_SEEN] = "UPDATE devices SET"
	    " key_kind = coalesce(?1, key_kind),"
	    " key_value = coalesce(?2, key_value),"
	    " vendor = coalesce(nullif(?3, ''), vendor),"
	    " model = coalesce(nullif(?4, ''), model),"
	    " serial = coalesce(nullif(?5, ''), serial),"
	    " mac = coalesce(?6, mac), address = ?7,"
	    " credential = coalesce(?8, credential),"
	    " last_seen = CASE WHEN ?11 THEN max(last_seen, ?9)"
	    "  ELSE last_seen END,"
	    " missed = CASE WHEN ?11 THEN 0 ELSE missed END,"
	    " missing_since = CASE WHEN ?11 THEN NULL ELSE missing_since END"
	    " WHERE id = ?10",
	/* Newest first down the index scans_device_last, which holds
	 * parts: max(id) with the test on parts read all of the device's
	 * entries, LIMIT 1 stops at the first that has the part. */
	[ST_PART_LAST] = "SELECT id FROM scans WHERE device_id = ?1"
	    " AND (parts & ?2) != 0 ORDER BY id DESC LIMIT 1",
	/* ?1 device, ?2 threshold, ?3 now; a device already missing keeps
	 * the time it went missing. */
	[ST_DEV_MISSED] = "UPDATE devices SET missed = missed + 1,"
	    " missing_since = CASE WHEN missed + 1 >= ?2"
	    "  THEN coalesce(missing_since, ?3) END WHERE id = ?1",
	[ST_EXPORT_LAST] = "SELECT id, time, upto_scan_id FROM exports"
	    " ORDER BY id DESC LIMIT 1",
	[ST_EXPORT_NEW] = "INSERT INTO exports (time, upto_scan_id, what)"
	    " VALUES (?1, ?2, ?3)",
	[ST_SWAP_ADDR] = swap_addr_sql,
	[ST_ASSESS_NEW] = "INSERT INTO assessments (started, ranges, settings,"
	    " status) VALUES (?1, ?2, ?3, 'running')",
	[ST_TX_BEGIN] = "BEGIN IMMEDIATE",
	[ST_TX_COMMIT] = "COMMIT",
	[ST_SP_OPEN] = "SAVEPOINT device",
	[ST_SP_RELEASE] = "RELEASE device",
	[ST_ASSESS_END] = "UPDATE assessments SET finished = ?2, status = ?3,"
	    " found = ?4, read_ok = ?5, read_failed = ?6 WHERE id = ?1",
	/* ?1 device, ?2 meter, ?3 from, ?4 to: the steps between the
	 * device's consecutive scans in [from, to] that have the meter; a
	 * step is bad when its later scan flagged the meter, or a scan
	 * after its earlier one up to its later one flagged a swap. */
	[ST_VOLUME] = "WITH r AS (SELECT s.id, s.time, " METER_AT("?2")
	    "  AS v FROM scans s WHERE s.device_id = ?1 AND (s.parts & 1) != 0"
	    "  AND s.time BETWEEN ?3 AND ?4),"
	    " k AS (SELECT id, time, v, lag(id) OVER w AS pid,"
	    "  lag(time) OVER w AS ptime, lag(v) OVER w AS pv"
	    "  FROM r WHERE v IS NOT NULL WINDOW w AS (ORDER BY time, id)),"
	    " st AS (SELECT v - pv AS d,"
	    "  EXISTS (SELECT 1 FROM meter_flags f WHERE f.scan_id = k.id"
	    "   AND f.name = ?2"
	    "   AND f.reason IN ('decrease', 'wrap32', 'frozen'))"
	    "  OR EXISTS (SELECT 1 FROM scans x"
	    "   JOIN meter_flags f ON f.scan_id = x.id"
	    "   WHERE x.device_id = ?1 AND f.reason = 'swap'"
	    "   AND (x.time > k.ptime OR (x.time = k.ptime AND x.id > k.pid))"
	    "   AND (x.time < k.time OR (x.time = k.time AND x.id <= k.id)))"
	    "  AS bad FROM k WHERE pid IS NOT NULL)"
	    " SELECT coalesce(sum(CASE WHEN NOT bad THEN d END), 0),"
	    " coalesce(sum(bad), 0) FROM st",
};

struct store {
	sqlite3		*db;
	char		*path;
	int		 full;		/* the last failure: disk full */
	char		 ctx[128];	/* what the current call is doing */
	/* store_group(): devices per transaction, and the open group */
	unsigned	 gmax;
	int64_t		 gms, gt0;
	unsigned	 gn;
	int		 gopen;
	sqlite3_stmt	*st[ST_MAX];
};

/* Identity keys, weakest first. */
enum { KEY_NONE, KEY_ADDR, KEY_MAC, KEY_SERIAL, KEY_MAX };
static const char *const key_names[KEY_MAX] = {
	NULL, "addr", "mac", "serial"
};

struct ident {
	char	*v[KEY_MAX];	/* key value by kind, NULL when lacking */
	int	 best;		/* the strongest kind present */
};

void
store_ctx(struct store *s, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(s->ctx, sizeof(s->ctx), fmt, ap);
	va_end(ap);
}

int
store_fail(struct store *s, struct fa_err *e)
{
	s->full = sqlite3_errcode(s->db) == SQLITE_FULL;
	return fa_errf(e, "%s: %s", s->ctx, sqlite3_errmsg(s->db));
}

int
store_exec(struct store *s, const char *sql, struct fa_err *e)
{
	char	*msg = NULL;
	int	 rc = 0;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		s->full = sqlite3_errcode(s->db) == SQLITE_FULL;
		rc = fa_errf(e, "%s: %s", s->ctx,
		    msg ? msg : sqlite3_errmsg(s->db));
		sqlite3_free(msg);
	}
	return rc;
}

/* 1 on a row, 0 when done, -1 with e filled. */
static int
step(struct store *s, sqlite3_stmt *st, struct fa_err *e)
{
	int	rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_fail(s, e);
}

/* Readies a statement for its next use and lets go of bound strings. */
static void
stmt_end(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

/* Runs one of the ST_TX_* and ST_SP_* statements: 0, or -1 with e. */
static int
tx(struct store *s, int which, struct fa_err *e)
{
	int	r = step(s, s->st[which], e);

	stmt_end(s->st[which]);
	return r == -1 ? -1 : 0;
}

static int
bind_str(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int
bind_i64(sqlite3_stmt *st, int i, int64_t v)
{
	return sqlite3_bind_int64(st, i, v);
}

/* A number that may be missing: NULL when it is none. */
static int
bind_none(sqlite3_stmt *st, int i, int64_t v, int64_t none)
{
	if (v == none)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, v);
}

static char *
col_str(sqlite3_stmt *st, int i)
{
	return fa_strdup((const char *)sqlite3_column_text(st, i));
}

static int64_t
col_i64(sqlite3_stmt *st, int i)
{
	return sqlite3_column_int64(st, i);
}

/* An integer column that may be NULL: none when it is. */
static int64_t
col_none(sqlite3_stmt *st, int i, int64_t none)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return none;
	return sqlite3_column_int64(st, i);
}

/* The value of field f of the struct at row as a number, DEV_NONE for
 * "not given" (see struct field); not for F_STR. */
static int64_t
field_num(const void *row, const struct field *f)
{
	const char	*p = (const char *)row + f->off;
	int64_t		 v;

	switch (f->type) {
	case F_INT:
		return *(const int *)p;
	case F_INT0:
		v = *(const int *)p;
		return v == 0 ? DEV_NONE : v;
	case F_I64:
		return *(const int64_t *)p;
	case F_PCT:
		v = *(const int *)p;
		return v < 0 ? DEV_NONE : v;
	case F_U32:
		return *(const uint32_t *)p;
	case F_I64Z:
		v = *(const int64_t *)p;
		return v == 0 ? DEV_NONE : v;
	default:
		fa_bug("field type %d", f->type);
	}
}

static const char *
field_str(const void *row, const struct field *f)
{
	return *(char *const *)(const void *)((const char *)row + f->off);
}

/* Binds field f of the struct at row to parameter col; SQLite rc. */
static int
bind_field(sqlite3_stmt *st, int col, const void *row, const struct field *f)
{
	int64_t	v;

	if (f->type == F_STR || f->type == F_TEXT)
		return bind_str(st, col, field_str(row, f));
	if ((v = field_num(row, f)) == DEV_NONE)
		return sqlite3_bind_null(st, col);
	return bind_i64(st, col, v);
}

/* Binds f[0..nf) of the struct at row to parameters first...; SQLite rc. */
static int
bind_fields(sqlite3_stmt *st, int first, const void *row,
    const struct field *f, size_t nf)
{
	size_t	i;
	int	rc = SQLITE_OK;

	for (i = 0; i < nf && rc == SQLITE_OK; i++)
		rc = bind_field(st, first + (int)i, row, &f[i]);
	return rc;
}

/* Fills field f of the struct at row from column col. */
static void
get_field(sqlite3_stmt *st, int col, void *row, const struct field *f)
{
	char	*p = (char *)row + f->off;

	switch (f->type) {
	case F_STR:
		dev_set((char **)(void *)p, (const char *)
		    sqlite3_column_text(st, col));
		break;
	case F_INT:
	case F_INT0:
		*(int *)(void *)p = (int)col_i64(st, col);
		break;
	case F_I64:
		*(int64_t *)(void *)p = col_none(st, col, DEV_NONE);
		break;
	case F_PCT:
		*(int *)(void *)p = (int)col_none(st, col, -1);
		break;
	case F_U32:
		*(uint32_t *)(void *)p = (uint32_t)col_i64(st, col);
		break;
	case F_TEXT:
		free(*(char **)(void *)p);
		*(char **)(void *)p = col_str(st, col);
		break;
	case F_I64Z:
		*(int64_t *)(void *)p = col_i64(st, col);
		break;
	}
}

/* Fills f[0..nf) of the struct at row from columns first... */
static void
get_fields(sqlite3_stmt *st, int first, void *row, const struct field *f,
    size_t nf)
{
	size_t	i;

	for (i = 0; i < nf; i++)
		get_field(st, first + (int)i, row, &f[i]);
}

/* Whether field f is the same in two structs, as the store would keep
 * it (the "not given" forms of a number are one). */
static int
field_eq(const void *a, const void *b, const struct field *f)
{
	const char	*x, *y;

	if (f->type != F_STR && f->type != F_TEXT)
		return field_num(a, f) == field_num(b, f);
	x = field_str(a, f);
	y = field_str(b, f);
	if (x == NULL || y == NULL)
		return x == y;
	return strcmp(x, y) == 0;
}

static int
fields_eq(const void *a, const void *b, const struct field *f, size_t nf)
{
	size_t	i;

	for (i = 0; i < nf; i++)
		if (!field_eq(a, b, &f[i]))
			return 0;
	return 1;
}

static void
sql_cols(struct fa_buf *b, const struct field *f, size_t nf)
{
	size_t	i;

	for (i = 0; i < nf; i++)
		fa_buf_printf(b, "%s%s", i ? ", " : "", f[i].col);
}

static void
sql_marks(struct fa_buf *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		fa_buf_puts(b, i ? ", ?" : "?");
}

/* Columns of f with each prefixed: "a." for attributes, "s." for the
 * rest (the scan's facts). */
static void
sql_scan_cols(struct fa_buf *b, int only_attrs)
{
	size_t	i, n = 0;

	for (i = 0; i < nitems(scan_fields); i++) {
		if (only_attrs && !scan_fields[i].attr)
			continue;
		fa_buf_printf(b, "%s%s.%s", n++ ? ", " : "",
		    scan_fields[i].attr ? "a" : "s", scan_fields[i].col);
	}
}

/* A scan and the scan that holds its attributes. */
/* LEFT: a scan whose attribute scan was deleted by hand still reads,
 * without attributes (and the next scan writes them again). */
#define SCAN_ATTRS	" FROM scans s LEFT JOIN scans a"		\
			" ON a.id = coalesce(s.attrs_from, s.id)"

/* The SQL of a generated statement into b. */
static void
sql_build(int id, struct fa_buf *b)
{
	const struct rowtab	*r;
	const struct vectab	*v;

	if (id == ST_SCAN_PUT) {
		fa_buf_puts(b, "INSERT INTO scans (assessment_id, device_id,"
		    " time, parts, attrs_from, ");
		sql_cols(b, scan_fields, nitems(scan_fields));
		fa_buf_puts(b, ") VALUES (");
		sql_marks(b, 5 + nitems(scan_fields));
		fa_buf_puts(b, ")");
	} else if (id == ST_SCAN_GET) {
		fa_buf_puts(b, "SELECT s.id, s.time, ");
		sql_scan_cols(b, 0);
		fa_buf_puts(b, SCAN_ATTRS " WHERE s.device_id = ?1 " NEWEST
		    " LIMIT 1");
	} else if (id == ST_ATTR_CUR) {
		fa_buf_puts(b, "SELECT a.id, ");
		sql_scan_cols(b, 1);
		fa_buf_puts(b, SCAN_ATTRS " WHERE s.device_id = ?1"
		    " ORDER BY s.id DESC LIMIT 1");
	} else if (id >= ST_READ && id < ST_READ + NREADER) {
		fa_buf_puts(b, "SELECT ");
		sql_cols(b, readers[id - ST_READ].f, readers[id - ST_READ].nf);
		fa_buf_puts(b, readers[id - ST_READ].from);
	} else if (id >= ST_ROW_PUT && id < ST_ROW_CUR) {
		r = &rowtabs[id - ST_ROW_PUT];
		/* ?4: the supply instance (inst_track()), found first */
		fa_buf_printf(b, "INSERT INTO %s (scan_id, last_scan_id,"
		    " device_id, pos, %s", r->table,
		    r->inst ? "instance_id, " : "");
		sql_cols(b, r->f, r->nf);
		fa_buf_printf(b, ") VALUES (?1, ?1, ?2, ?3, %s",
		    r->inst ? "?4, " : "");
		sql_marks(b, r->nf);
		fa_buf_puts(b, ")");
	} else if (id >= ST_ROW_CUR && id < ST_ROW_BUMP) {
		/* The device's order; DEV_MAX_ROWS as when it was read. */
		r = &rowtabs[id - ST_ROW_CUR];
		fa_buf_puts(b, "SELECT rowid, ");
		sql_cols(b, r->f, r->nf);
		fa_buf_printf(b, " FROM %s WHERE last_scan_id = ?1"
		    " ORDER BY pos, rowid LIMIT %d", r->table, DEV_MAX_ROWS);
	} else if (id >= ST_ROW_BUMP && id < ST_VEC_PUT) {
		r = &rowtabs[id - ST_ROW_BUMP];
		fa_buf_printf(b, "UPDATE %s SET last_scan_id = ?1, pos = ?2%s"
		    " WHERE rowid = ?3", r->table,
		    r->inst ? ", instance_id = ?4" : "");
	} else if (id >= ST_VEC_PUT && id < ST_VEC_CUR) {
		v = &vectabs[id - ST_VEC_PUT];
		fa_buf_printf(b, "INSERT INTO %s (scan_id, last_scan_id,"
		    " device_id, pos, %s) VALUES (?1, ?1, ?2, ?3, ?4)",
		    v->table, v->col);
	} else if (id >= ST_VEC_CUR && id < ST_VEC_BUMP) {
		v = &vectabs[id - ST_VEC_CUR];
		fa_buf_printf(b, "SELECT rowid, pos, %s FROM %s"
		    " WHERE last_scan_id = ?1 ORDER BY pos LIMIT %d", v->col,
		    v->table, DEV_MAX_ROWS);
	} else if (id >= ST_VEC_BUMP && id < ST_MAX) {
		v = &vectabs[id - ST_VEC_BUMP];
		fa_buf_printf(b, "UPDATE %s SET last_scan_id = ?1"
		    " WHERE rowid = ?2", v->table);
	} else
		fa_bug("no SQL for statement %d", id);
}

static int
prepare_all(struct store *s, struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*sql;
	int		 i, rc = 0;

	for (i = 0; i < ST_MAX && rc == 0; i++) {
		b.len = 0;
		if (i >= ST_INST && i < ST_INST + IQ_MAX)
			sql = inst_sql[i - ST_INST];
		else if (i >= ST_FLAG && i < ST_FLAG + FQ_MAX)
			sql = flag_sql[i - ST_FLAG];
		else if ((sql = stmt_sql[i]) == NULL) {
			sql_build(i, &b);
			sql = b.s;
		}
		if (sqlite3_prepare_v3(s->db, sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &s->st[i], NULL) != SQLITE_OK)
			rc = store_fail(s, e);
	}
	fa_buf_release(&b);
	return rc;
}

int
store_open(const char *path, struct store **out, struct fa_err *e)
{
	struct store	*s;
	int		 fd, rc = -1;

	*out = NULL;
	s = fa_calloc(1, sizeof(*s));
	s->path = fa_strdup(path);
	store_ctx(s, "cannot open store '%s'", path);

	/* Created here so that it is 0600 (SQLite would make it 0644). */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		fa_errf(e, "%s: %s", s->ctx, strerror(errno));
		goto out;
	}
	close(fd);
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		if (s->db == NULL)
			fa_errf(e, "%s: out of memory", s->ctx);
		else
			store_fail(s, e);
		goto out;
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
	if (store_schema_check(s, e) == -1)
		goto out;

	/*
	 * WAL lets reports read while an assessment writes; it is not needed
	 * for correctness, so a file system without it keeps its journal.
	 * NORMAL is safe in WAL mode: a crash loses at most the last commits,
	 * never consistency.
	 */
	if (store_exec(s, "PRAGMA journal_mode = WAL;"
	    " PRAGMA synchronous = NORMAL", e) == -1 ||
	    store_schema_migrate(s, e) == -1)
		goto out;
	store_ctx(s, "cannot open store '%s'", path);
	if (store_exec(s, "PRAGMA foreign_keys = ON", e) == -1 ||
	    prepare_all(s, e) == -1)
		goto out;
	*out = s;
	s = NULL;
	rc = 0;
out:
	if (rc == -1 && s != NULL && fa_disk_full(path))
		fa_errf(e, "cannot open store '%s': its disk is full (free "
		    "some space; what it holds is kept)", path);
	store_close(s);
	return rc;
}

void
store_close(struct store *s)
{
	struct fa_err	e;
	size_t		i;

	if (s == NULL)
		return;
	/* closing cannot report: callers flush first to hear of a failure */
	if (s->gopen && store_flush(s, &e) != 0)
		s->gopen = 0;
	for (i = 0; i < ST_MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

int
store_assessment_begin(struct store *s, const char *ranges,
    const char *settings_json, int64_t *id, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_ASSESS_NEW];
	int		 rc = -1;

	store_ctx(s, "cannot start an assessment in '%s'", s->path);
	if (bind_i64(st, 1, fa_wall()) != SQLITE_OK ||
	    bind_str(st, 2, ranges ? ranges : "") != SQLITE_OK ||
	    bind_str(st, 3, settings_json ? settings_json : "{}") !=
	    SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	*id = sqlite3_last_insert_rowid(s->db);
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

int
store_assessment_end(struct store *s, int64_t id, const char *status,
    int found, int read_ok, int read_failed, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_ASSESS_END];
	int		 rc = -1;

	store_ctx(s, "cannot finish assessment %lld", (long long)id);
	if (status == NULL || (strcmp(status, "complete") != 0 &&
	    strcmp(status, "interrupted") != 0)) {
		fa_errf(e, "%s: invalid status '%s'", s->ctx,
		    status ? status : "");
		goto out;
	}
	if (bind_i64(st, 1, id) != SQLITE_OK ||
	    bind_i64(st, 2, fa_wall()) != SQLITE_OK ||
	    bind_str(st, 3, status) != SQLITE_OK ||
	    bind_i64(st, 4, found) != SQLITE_OK ||
	    bind_i64(st, 5, read_ok) != SQLITE_OK ||
	    bind_i64(st, 6, read_failed) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	if (sqlite3_changes(s->db) == 0) {
		fa_errf(e, "no assessment %lld in the store", (long long)id);
		goto out;
	}
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

static char *
lower_dup(const char *s)
{
	char	*p, *l = fa_strdup(s ? s : "");

	for (p = l; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return l;
}

/* A MAC worth keying on: not empty, not all zeros, not broadcast. */
static int
mac_usable(const char *m)
{
	int	zero = 1, ones = 1;

	if (m == NULL)
		return 0;
	for (; *m != '\0'; m++) {
		if (strchr(":-.", *m) != NULL)
			continue;
		zero &= *m == '0';
		ones &= *m == 'f' || *m == 'F';
	}
	return !zero && !ones;
}

/* "AA-BB-CC-DD-EE-FF", "aa:bb:...", "aabb.ccdd.eeff", "aabbccddeeff" ->
 * 12 lowercase hex digits in out; 0 if s is not a MAC. */
static int
mac_norm(const char *s, char out[13])
{
	size_t	n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ':' || *s == '-' || *s == '.')
			continue;
		if (n == 12 || strchr("0123456789abcdefABCDEF", *s) == NULL)
			return 0;
		out[n++] = (*s >= 'A' && *s <= 'F') ? *s + ('a' - 'A') : *s;
	}
	out[n] = '\0';
	return n == 12;
}

static void
ident_make(const struct device *d, struct ident *id)
{
	char	*vendor;
	int	 k;

	memset(id, 0, sizeof(*id));
	id->v[KEY_ADDR] = fa_strdup(d->address);
	if (mac_usable(d->mac))
		id->v[KEY_MAC] = lower_dup(d->mac);
	if (dev_serial_usable(d->serial, d->model)) {
		vendor = lower_dup(d->vendor);
		id->v[KEY_SERIAL] = fa_asprintf("%s/%s", vendor, d->serial);
		free(vendor);
	}
	for (k = KEY_ADDR; k < KEY_MAX; k++)
		if (id->v[k] != NULL)
			id->best = k;
}

static void
ident_release(struct ident *id)
{
	int	k;

	for (k = 0; k < KEY_MAX; k++)
		FA_FREE(id->v[k]);
}

/*
 * Runs a device query whose first columns are (id, key_kind) with ?1 = a
 * and ?2 = b (if not NULL): 1 and *dev, *kind of its first row, 0 when
 * there is none, -1 with e filled.  Leaves the statement reset.
 */
static int
dev_lookup(struct store *s, int which, const char *a, const char *b,
    int64_t *dev, int *kind, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[which];
	const char	*k;
	int		 r;

	if (bind_str(st, 1, a) != SQLITE_OK ||
	    (b != NULL && bind_str(st, 2, b) != SQLITE_OK)) {
		r = store_fail(s, e);
		goto out;
	}
	if ((r = step(s, st, e)) == 1) {
		*dev = col_i64(st, 0);
		k = (const char *)sqlite3_column_text(st, 1);
		for (*kind = KEY_MAX - 1; *kind > KEY_NONE; (*kind)--)
			if (k != NULL && strcmp(k, key_names[*kind]) == 0)
				break;
	}
out:
	stmt_end(st);
	return r;
}

/* An identity candidate (dev_cands()). */
struct cand {
	int64_t	 id, seen;
	int	 kind;
	int	 fits;		/* its model, not busy elsewhere */
	int	 here;		/* last seen at this address */
};

/* Newest first: last seen, then id. */
static int
cand_cmp(const void *p, const void *q)
{
	const struct cand	*a = p, *b = q;

	if (a->seen != b->seen)
		return a->seen > b->seen ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

/*
 * One candidate query (ST_CAND_*) with ?1 = a, ?2 = b: 1 and *dev, *kind of
 * the row the result belongs to, 0 when none fits, -1 with e filled.  A row
 * fits unless its model is another one (dev_model_same()) or it answered
 * at another address in this assessment: then it is another device that
 * happens to share the key.  Of the rows that fit, the one last seen at
 * this address, else the newest, among the DEV_CANDS newest.
 */
static int
dev_cands(struct store *s, int which, const char *a, const char *b,
    const struct device *d, int64_t assessment, int64_t *dev, int *kind,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[which];
	struct cand	 one[4], *c = one;
	const char	*k, *model, *addr;
	size_t		 i, n = 0, cap = nitems(one);
	int		 r, found = 0;

	if (bind_str(st, 1, a) != SQLITE_OK ||
	    bind_str(st, 2, b) != SQLITE_OK ||
	    bind_i64(st, 3, assessment) != SQLITE_OK ||
	    bind_str(st, 4, d->address) != SQLITE_OK) {
		r = store_fail(s, e);
		goto out;
	}
	while ((r = step(s, st, e)) == 1) {
		if (n == cap) {
			cap *= 2;
			c = c == one ? memcpy(fa_reallocarray(NULL, cap,
			    sizeof(*c)), one, sizeof(one)) :
			    fa_reallocarray(c, cap, sizeof(*c));
		}
		model = (const char *)sqlite3_column_text(st, 2);
		addr = (const char *)sqlite3_column_text(st, 3);
		k = (const char *)sqlite3_column_text(st, 1);
		c[n].id = col_i64(st, 0);
		c[n].seen = col_i64(st, 5);
		c[n].fits = sqlite3_column_int(st, 4) == 0 &&
		    dev_model_same(model, d->model);
		c[n].here = addr != NULL && strcmp(addr, d->address) == 0;
		for (c[n].kind = KEY_MAX - 1; c[n].kind > KEY_NONE;
		    c[n].kind--)
			if (k != NULL && strcmp(k, key_names[c[n].kind]) == 0)
				break;
		n++;
	}
	if (r == -1)
		goto out;
	if (n > 1)
		fa_sort(c, n, sizeof(*c), cand_cmp);
	/* Of the DEV_CANDS newest, the first that fits and was last seen
	 * here, else the first that fits. */
	for (i = 0; i < n && i < DEV_CANDS; i++) {
		if (!c[i].fits || (found && !c[i].here))
			continue;
		*dev = c[i].id;
		*kind = c[i].kind;
		found = 1;
		if (c[i].here)
			break;
	}
	r = found;
out:
	stmt_end(st);
	if (c != one)
		free(c);
	return r;
}

/* A local queue's read: a CUPS queue (collector/cupsq.c) or a Windows
 * spooler printer (collector/spool.c). */
static int
is_queue(const struct device *d)
{
	return d->credential != NULL && (strcmp(d->credential, "cups") == 0 ||
	    strcmp(d->credential, "spooler") == 0);
}

/*
 * A local queue's read when its printer's serial did not find the
 * device: the device stored for the same queue name and connection.  A
 * read without a serial (the printer did not answer, or has none) takes
 * it whatever its key; a read with one only when that device has no
 * serial key yet (it was first stored without its printer), else the
 * queue now holds another printer.  1 with *dev and *kind, 0 when none
 * fits, -1.
 */
static int
dev_queue(struct store *s, const struct device *d, const struct ident *id,
    int64_t *dev, int *kind, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_DEV_QUEUE];
	int		 r;

	if (d->sys_name == NULL || d->printer_reason == NULL)
		return 0;
	if (bind_str(st, 3, d->credential) != SQLITE_OK) {
		r = store_fail(s, e);
		stmt_end(st);
		return r;
	}
	r = dev_lookup(s, ST_DEV_QUEUE, d->sys_name, d->printer_reason, dev,
	    kind, e);
	if (r == 1 && id->best == KEY_SERIAL && *kind == KEY_SERIAL)
		r = 0;
	return r;
}

/* The device row of a result by the identity rule (see the top): 1 with
 * *dev and its current key *kind, 0 when it is a new device, -1. */
static int
dev_resolve(struct store *s, const struct device *d, int64_t assessment,
    const struct ident *id, int64_t *dev, int *kind, struct fa_err *e)
{
	int	k, r = 0;

	/* A local queue: its printer's serial, else its queue; never the
	 * device last seen at its address (every local one is 127.0.0.1). */
	if (is_queue(d)) {
		if (id->best == KEY_SERIAL && (r = dev_cands(s, ST_CAND_KEY,
		    key_names[KEY_SERIAL], id->v[KEY_SERIAL], d, assessment,
		    dev, kind, e)) != 0)
			return r;
		return dev_queue(s, d, id, dev, kind, e);
	}
	for (k = id->best; r == 0 && k > KEY_NONE; k--) {
		if (id->v[k] != NULL)
			r = dev_cands(s, ST_CAND_KEY, key_names[k], id->v[k],
			    d, assessment, dev, kind, e);
		/* A read that lost the serial: the device with its MAC
		 * is better evidence than an address-keyed row. */
		if (r == 0 && k == KEY_MAC && id->best == KEY_MAC)
			r = dev_cands(s, ST_CAND_MAC, NULL, id->v[KEY_MAC],
			    d, assessment, dev, kind, e);
	}
	if (r == 0 && id->best == KEY_ADDR)
		r = dev_cands(s, ST_CAND_AT, NULL, id->v[KEY_ADDR], d,
		    assessment, dev, kind, e);
	return r;
}

/*
 * The key value a new (or upgraded) device takes: v when no device has it,
 * else the first free of "v#2" ... (a twin: the same serial at two addresses
 * at once, or on another model).  NULL and e filled on error.
 */
static char *
key_free(struct store *s, int k, const char *v, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_DEV_KEY];
	char		*c;
	int		 n, r;

	for (n = 1; n <= DEV_TWINS; n++) {
		c = n == 1 ? fa_strdup(v) : fa_asprintf("%s#%d", v, n);
		if (bind_str(st, 1, key_names[k]) != SQLITE_OK ||
		    bind_str(st, 2, c) != SQLITE_OK)
			r = store_fail(s, e);
		else
			r = step(s, st, e);
		stmt_end(st);
		if (r == 0)
			return c;
		free(c);
		if (r == -1)
			return NULL;
	}
	fa_errf(e, "more than %d devices share the key %s:%s", DEV_TWINS,
	    key_names[k], v);
	return NULL;
}

/*
 * The parts a result read.  A device that did not answer at all (an error
 * and not even its system group) read nothing: its scan is recorded, its
 * values stay as they were.
 */
static unsigned
read_parts(const struct device *d)
{
	if (d->error != NULL && d->sys_descr == NULL &&
	    d->sys_object_id == NULL && d->sys_name == NULL &&
	    d->vendor == NULL && d->serial == NULL)
		return 0;
	return (d->parts ? d->parts : DEV_P_ALL) | DEV_P_ATTRS;
}

/* Finds or creates the device row and records this sighting. */
static int
dev_save(struct store *s, const struct device *d, int64_t assessment,
    const struct ident *id, int64_t now, int64_t *dev, int *created,
    struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	char		*key = NULL;
	int		 r, kind = KEY_NONE, rc = -1;

	if ((r = dev_resolve(s, d, assessment, id, dev, &kind, e)) == -1)
		goto out;
	if ((r == 0 || id->best > kind) &&
	    (key = key_free(s, id->best, id->v[id->best], e)) == NULL)
		goto out;
	st = s->st[r == 0 ? ST_DEV_NEW : ST_DEV_SEEN];
	if (bind_str(st, 1, key ? key_names[id->best] : NULL) != SQLITE_OK ||
	    bind_str(st, 2, key) != SQLITE_OK ||
	    bind_str(st, 3, d->vendor) != SQLITE_OK ||
	    bind_str(st, 4, d->model) != SQLITE_OK ||
	    bind_str(st, 5, d->serial) != SQLITE_OK ||
	    bind_str(st, 6, id->v[KEY_MAC]) != SQLITE_OK ||
	    bind_str(st, 7, d->address) != SQLITE_OK ||
	    bind_str(st, 8, d->credential) != SQLITE_OK ||
	    bind_i64(st, 9, now) != SQLITE_OK ||
	    (r == 1 && (bind_i64(st, 10, *dev) != SQLITE_OK ||
	    bind_i64(st, 11, read_parts(d) != 0) != SQLITE_OK))) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	if (r == 0)
		*dev = sqlite3_last_insert_rowid(s->db);
	*created = r == 0;
	rc = 0;
out:
	stmt_end(st);
	free(key);
	return rc;
}

static const void *
rows_of(const struct device *d, int t, size_t *n)
{
	switch (t) {
	case RT_METERS:
		*n = d->nmeters;
		return d->meters;
	case RT_SUPPLIES:
		*n = d->nsupplies;
		return d->supplies;
	case RT_TRAYS:
		*n = d->ntrays;
		return d->trays;
	case RT_ALERTS:
		*n = d->nalerts;
		return d->alerts;
	case RT_CHECKS:
		*n = d->nchecks;
		return d->checks;
	}
	fa_bug("row table %d", t);
}

static void *
row_add(struct device *d, int t)
{
	switch (t) {
	case RT_METERS:
		return dev_add_meter(d, NULL, DEV_NONE, NULL, NULL);
	case RT_SUPPLIES:
		return dev_add_supply(d);
	case RT_TRAYS:
		return dev_add_tray(d);
	case RT_ALERTS:
		return dev_add_alert(d);
	case RT_CHECKS:
		return dev_add_check(d, NULL, DEV_NONE, DEV_NONE);
	}
	fa_bug("row table %d", t);
}

static char *const *
vec_of(const struct device *d, int t, size_t *n)
{
	if (t == VT_ERRORS) {
		*n = d->status.nerrors;
		return d->status.errors;
	}
	*n = d->status.ndisplay;
	return d->status.display;
}

/* The scan a supply reading belongs to. */
struct inst_scan {
	int64_t	 device, scan, time;
	int64_t	 total;		/* its "total" meter or DEV_NONE */
	int	 created;	/* the device's first scan: no instance yet */
};

/* A device's newest instance of one supply index as the rule sees it;
 * the strings point into the IQ_CUR statement's row. */
struct inst {
	int64_t		 id;
	const char	*serial, *description, *part_number;
	const char	*state;		/* at its last sighting */
	int		 level;		/* last known percent, -1 none */
};

static int
known(const char *v)
{
	return v != NULL && *v != '\0';
}

/* Two names differ only when both are known. */
static int
differ(const char *a, const char *b)
{
	return known(a) && known(b) && strcmp(a, b) != 0;
}

static int
state_is(const char *v, const char *name)
{
	return v != NULL && strcmp(v, name) == 0;
}

/*
 * The instance rule: 1 when reading p is cartridge i.  Known serials on
 * both sides decide alone.  Otherwise a different description or part
 * number (both known) is another cartridge, and so is a level that rose:
 * by more than STORE_INST_RISE points when both percentages are known,
 * else from empty or low to full (see STORE_INST_RISE).  The Printer-MIB
 * has no "low" or "full" state: without a percentage, "empty" is low and
 * "ok" or "some_remaining" (toner present, amount unknown) is full.
 */
static int
inst_same(const struct inst *i, const struct dev_supply *p)
{
	int	low, full;

	if (known(i->serial) && known(p->serial))
		return strcmp(i->serial, p->serial) == 0;
	if (differ(i->description, p->description) ||
	    differ(i->part_number, p->part_number))
		return 0;
	if (i->level >= 0 && p->percent >= 0)
		return p->percent - i->level <= STORE_INST_RISE;
	low = state_is(i->state, "empty") ||
	    (i->level >= 0 && i->level <= STORE_INST_LOW);
	full = p->percent >= STORE_INST_FULL || (p->percent < 0 &&
	    (state_is(p->state, "ok") || state_is(p->state, "some_remaining")));
	return !(low && full);
}

/*
 * The instance of supply p of scan c: the device's newest for that index
 * when inst_same() says so, else a new one; brings the instance's last_*
 * up to date and gives its id in *inst.  With rowid (not 0) it links that
 * row to it (the migration's backfill); rows_save() writes the link with
 * the row itself, one write instead of two.  q: the IQ_* statements,
 * left reset.
 */
static int
inst_track(struct store *s, sqlite3_stmt *const *q, const struct inst_scan *c,
    const struct dev_supply *p, int64_t rowid, int64_t *inst,
    struct fa_err *e)
{
	sqlite3_stmt	*st = q[IQ_CUR];
	struct inst	 i;
	int64_t		 id = 0;
	int		 r = 0, rc = -1;

	/* A new device has no instance to look up (devices are never
	 * deleted, so its id held nothing before): 6 queries a printer. */
	if (!c->created && (bind_i64(st, 1, c->device) != SQLITE_OK ||
	    bind_i64(st, 2, p->index) != SQLITE_OK)) {
		store_fail(s, e);
		goto out;
	}
	if (!c->created && (r = step(s, st, e)) == -1)
		goto out;
	if (r == 1) {
		i.id = col_i64(st, 0);
		i.serial = (const char *)sqlite3_column_text(st, 1);
		i.description = (const char *)sqlite3_column_text(st, 2);
		i.part_number = (const char *)sqlite3_column_text(st, 3);
		i.level = (int)col_none(st, 4, -1);
		i.state = (const char *)sqlite3_column_text(st, 5);
		if (inst_same(&i, p))
			id = i.id;
	}
	stmt_end(st);

	st = q[id != 0 ? IQ_SEEN : IQ_NEW];
	if (bind_i64(st, 1, id != 0 ? id : c->device) != SQLITE_OK ||
	    bind_i64(st, 2, p->index) != SQLITE_OK ||
	    bind_str(st, 3, p->description) != SQLITE_OK ||
	    bind_str(st, 4, p->part_number) != SQLITE_OK ||
	    bind_str(st, 5, p->serial) != SQLITE_OK ||
	    bind_i64(st, 6, c->scan) != SQLITE_OK ||
	    bind_i64(st, 7, c->time) != SQLITE_OK ||
	    bind_none(st, 8, p->percent < 0 ? -1 : p->percent, -1) !=
	    SQLITE_OK ||
	    bind_none(st, 9, c->total, DEV_NONE) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	if (id == 0)
		id = sqlite3_last_insert_rowid(s->db);
	stmt_end(st);
	*inst = id;
	if (rowid == 0) {
		rc = 0;
		goto out;
	}

	st = q[IQ_LINK];
	if (bind_i64(st, 1, id) != SQLITE_OK ||
	    bind_i64(st, 2, rowid) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

/* The first "total" meter with a value, or DEV_NONE. */
static int64_t
total_of(const struct device *d)
{
	size_t	i;

	for (i = 0; i < d->nmeters; i++)
		if (d->meters[i].name != NULL &&
		    strcmp(d->meters[i].name, "total") == 0 &&
		    d->meters[i].value != DEV_NONE)
			return d->meters[i].value;
	return DEV_NONE;
}

/* Runs the FQ_* statements q (left reset) on scan: its meter flags. */
static int
flag_put(struct store *s, sqlite3_stmt *const *q, int64_t scan,
    struct fa_err *e)
{
	int	k, rc = 0;

	for (k = 0; k < FQ_MAX && rc == 0; k++) {
		if (bind_i64(q[k], 1, scan) != SQLITE_OK)
			rc = store_fail(s, e);
		if (rc == 0)
			rc = step(s, q[k], e);
		stmt_end(q[k]);
	}
	return rc;
}

/* The device's newest scan that read part (DEV_P_*), 0 when none. */
static int
part_last(struct store *s, int64_t dev, unsigned part, int64_t *scan,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_PART_LAST];
	int		 r;

	*scan = 0;
	if (bind_i64(st, 1, dev) != SQLITE_OK ||
	    bind_i64(st, 2, part) != SQLITE_OK)
		r = store_fail(s, e);
	else if ((r = step(s, st, e)) == 1)
		*scan = col_none(st, 0, 0);
	stmt_end(st);
	return r == -1 ? -1 : 0;
}

/*
 * The scan that holds the device's attributes when d's are the same
 * (or d did not read them): *from is its id, else 0.
 */
static int
attrs_same(struct store *s, int64_t dev, const struct device *d,
    unsigned parts, int64_t *from, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_ATTR_CUR];
	struct device	 cur;
	size_t		 i;
	int		 r, col = 1, same = 1;

	*from = 0;
	dev_init(&cur);
	if (bind_i64(st, 1, dev) != SQLITE_OK)
		r = store_fail(s, e);
	else
		r = step(s, st, e);
	if (r == 1) {
		for (i = 0; i < nitems(scan_fields); i++) {
			if (!scan_fields[i].attr)
				continue;
			get_field(st, col++, &cur, &scan_fields[i]);
			if (!field_eq(&cur, d, &scan_fields[i]))
				same = 0;
		}
		if ((same || !(parts & DEV_P_ATTRS)) &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL)
			*from = col_i64(st, 0);
	}
	stmt_end(st);
	dev_release(&cur);
	return r == -1 ? -1 : 0;
}

/*
 * Writes one row table of a result the change-only way: each row of d
 * that equals a row the part's previous read confirmed (prev) extends
 * that row's run to this scan; any other is a new row.  Supplies are
 * linked to their instances as they go.
 */
static int
rows_save(struct store *s, int t, const struct device *d,
    const struct inst_scan *c, int64_t prev, struct fa_err *e)
{
	const struct rowtab	*r = &rowtabs[t];
	sqlite3_stmt		*st;
	struct device		 cur;
	const char		*rows, *old = NULL;
	int64_t			*rowid = NULL, inst = 0;
	char			*used = NULL;
	size_t			 i, j, n, nold = 0, cap = 0;
	int			 x = 0, rc = -1;

	dev_init(&cur);
	rows = rows_of(d, t, &n);
	if (n == 0)
		return 0;
	if (prev != 0) {
		st = s->st[ST_ROW_CUR + t];
		if (bind_i64(st, 1, prev) != SQLITE_OK)
			x = store_fail(s, e);
		while (x == 0 && (x = step(s, st, e)) == 1) {
			if (nold == cap) {
				cap = cap ? cap * 2 : 16;
				rowid = fa_reallocarray(rowid, cap,
				    sizeof(*rowid));
			}
			rowid[nold++] = col_i64(st, 0);
			get_fields(st, 1, row_add(&cur, t), r->f, r->nf);
			x = 0;
		}
		stmt_end(st);
		if (x == -1)
			goto out;
		old = rows_of(&cur, t, &nold);
	}
	used = fa_calloc(nold ? nold : 1, 1);
	for (i = 0; i < n; i++) {
		const void *row = rows + i * r->size;

		/* a supply's instance first: the row's write links it; a
		 * new device's second supply of one index finds the first's */
		if (r->inst) {
			struct inst_scan ci = *c;

			for (j = 0; j < i && ci.created; j++)
				if (d->supplies[j].index == d->supplies[i].index)
					ci.created = 0;
			if (inst_track(s, &s->st[ST_INST], &ci,
			    &d->supplies[i], 0, &inst, e) == -1)
				goto out;
		}
		for (j = 0; j < nold; j++)
			if (!used[j] && fields_eq(row, old + j * r->size,
			    r->f, r->nf))
				break;
		if (j < nold) {
			used[j] = 1;
			st = s->st[ST_ROW_BUMP + t];
			if (bind_i64(st, 1, c->scan) != SQLITE_OK ||
			    bind_i64(st, 2, (int64_t)i) != SQLITE_OK ||
			    bind_i64(st, 3, rowid[j]) != SQLITE_OK)
				x = store_fail(s, e);
		} else {
			st = s->st[ST_ROW_PUT + t];
			if (bind_i64(st, 1, c->scan) != SQLITE_OK ||
			    bind_i64(st, 2, c->device) != SQLITE_OK ||
			    bind_i64(st, 3, (int64_t)i) != SQLITE_OK ||
			    bind_fields(st, r->inst ? 5 : 4, row, r->f,
			    r->nf) != SQLITE_OK)
				x = store_fail(s, e);
		}
		if (x == 0 && r->inst && bind_i64(st, 4, inst) != SQLITE_OK)
			x = store_fail(s, e);
		if (x == 0)
			x = step(s, st, e);
		stmt_end(st);
		if (x == -1)
			goto out;
	}
	rc = 0;
out:
	dev_release(&cur);
	free(rowid);
	free(used);
	return rc;
}

/* The same for a table of strings, a row being its position and text. */
static int
vec_save(struct store *s, int t, const struct device *d,
    const struct inst_scan *c, int64_t prev, struct fa_err *e)
{
	sqlite3_stmt	*st;
	char *const	*vec;
	int64_t		*bump;
	size_t		 i, n;
	int		 x = 0;

	vec = vec_of(d, t, &n);
	if (n == 0)
		return 0;
	bump = fa_calloc(n, sizeof(*bump));
	if (prev != 0) {
		st = s->st[ST_VEC_CUR + t];
		if (bind_i64(st, 1, prev) != SQLITE_OK)
			x = store_fail(s, e);
		while (x == 0 && (x = step(s, st, e)) == 1) {
			int64_t		 pos = col_i64(st, 1);
			const char	*v = (const char *)
			    sqlite3_column_text(st, 2);

			if (pos >= 0 && (size_t)pos < n && v != NULL &&
			    vec[pos] != NULL && strcmp(v, vec[pos]) == 0)
				bump[pos] = col_i64(st, 0);
			x = 0;
		}
		stmt_end(st);
	}
	for (i = 0; i < n && x == 0; i++) {
		if (bump[i] != 0) {
			st = s->st[ST_VEC_BUMP + t];
			if (bind_i64(st, 1, c->scan) != SQLITE_OK ||
			    bind_i64(st, 2, bump[i]) != SQLITE_OK)
				x = store_fail(s, e);
		} else {
			st = s->st[ST_VEC_PUT + t];
			if (bind_i64(st, 1, c->scan) != SQLITE_OK ||
			    bind_i64(st, 2, c->device) != SQLITE_OK ||
			    bind_i64(st, 3, (int64_t)i) != SQLITE_OK ||
			    bind_str(st, 4, vec[i]) != SQLITE_OK)
				x = store_fail(s, e);
		}
		if (x == 0)
			x = step(s, st, e);
		stmt_end(st);
	}
	free(bump);
	return x == -1 ? -1 : 0;
}

/*
 * The scan row and the values of one result, change-only (see the top):
 * the attributes are written only when they changed, and of each part
 * the result read, only the rows that changed; the rest are marked seen
 * by this scan.  The meters are flagged (flag_sql) once they all are.
 */
static int
scan_save(struct store *s, int64_t assessment, int64_t dev, int created,
    const struct device *d, int64_t now, struct fa_err *e)
{
	sqlite3_stmt		*st;
	struct inst_scan	 c;
	int64_t			 prev[NPARTS], from = 0;
	unsigned		 parts = read_parts(d);
	size_t			 i, k;
	int			 t, col, rc = 0;

	/* A new device has no earlier scan (devices are never deleted, so
	 * its id held nothing before): nothing to look up, every row new.
	 * An assessment of a site first seen skips 5 queries a device. */
	for (k = 0; k < NPARTS; k++)
		prev[k] = 0;
	for (k = 0; k < NPARTS && rc == 0 && !created; k++)
		rc = part_last(s, dev, run_parts[k], &prev[k], e);
	if (rc == 0 && !created)
		rc = attrs_same(s, dev, d, parts, &from, e);
	if (rc != 0)
		return -1;

	st = s->st[ST_SCAN_PUT];
	if (bind_i64(st, 1, assessment) != SQLITE_OK ||
	    bind_i64(st, 2, dev) != SQLITE_OK ||
	    bind_i64(st, 3, now) != SQLITE_OK ||
	    bind_i64(st, 4, parts) != SQLITE_OK ||
	    bind_none(st, 5, from, 0) != SQLITE_OK)
		rc = store_fail(s, e);
	for (i = 0, col = 6; i < nitems(scan_fields) && rc == 0; i++, col++)
		if ((from != 0 && scan_fields[i].attr ?
		    sqlite3_bind_null(st, col) :
		    bind_field(st, col, d, &scan_fields[i])) != SQLITE_OK)
			rc = store_fail(s, e);
	if (rc == 0)
		rc = step(s, st, e);
	stmt_end(st);
	c.device = dev;
	c.created = created;
	c.scan = sqlite3_last_insert_rowid(s->db);
	c.time = now;
	c.total = total_of(d);

	for (k = 0; k < NPARTS && rc == 0; k++) {
		if (!(parts & run_parts[k]))
			continue;
		for (t = 0; t < NROWTAB && rc == 0; t++)
			if (rowtabs[t].part == run_parts[k])
				rc = rows_save(s, t, d, &c, prev[k], e);
		for (t = 0; t < NVECTAB && rc == 0; t++)
			if (vectabs[t].part == run_parts[k])
				rc = vec_save(s, t, d, &c, prev[k], e);
	}
	/* A new device has no earlier scan to flag against (devices are
	 * never deleted, so its id held nothing before). */
	if (rc == 0 && !created)
		rc = flag_put(s, &s->st[ST_FLAG], c.scan, e);
	if (rc == 0 && created) {
		st = s->st[ST_SWAP_ADDR];
		if (bind_i64(st, 1, c.scan) != SQLITE_OK)
			rc = store_fail(s, e);
		else
			rc = step(s, st, e);
		stmt_end(st);
	}
	return rc;
}

static int	width_save(struct store *, int64_t, const struct device *,
		    int64_t, struct fa_err *);

void
store_group(struct store *s, unsigned max, int64_t max_ms)
{
	s->gmax = max;
	s->gms = max_ms;
	/* A savepoint saves the pages it changes that the group changed
	 * before: in memory (a group's worth) rather than a temporary file
	 * written page by page. */
	if (max > 0)
		sqlite3_exec(s->db, "PRAGMA temp_store = MEMORY", NULL, NULL,
		    NULL);
}

void
store_cache(struct store *s, unsigned kib)
{
	char	sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%u", kib);
	sqlite3_exec(s->db, sql, NULL, NULL, NULL);
}

int
store_flush(struct store *s, struct fa_err *e)
{
	unsigned	n = s->gn;

	if (!s->gopen)
		return 0;
	s->gopen = 0;
	s->gn = 0;
	store_ctx(s, "cannot store the last %u device%s read", n,
	    n == 1 ? "" : "s");
	if (tx(s, ST_TX_COMMIT, e) == -1) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

int
store_put_device(struct store *s, int64_t assessment,
    const struct device *d, int64_t *device_id, struct fa_err *e)
{
	struct ident	 id;
	int64_t		 dev, now = fa_wall();
	int		 rc = -1, created = 0, sp = 0;

	memset(&id, 0, sizeof(id));
	store_ctx(s, "cannot store device '%s'", d->address ? d->address : "");
	if (d->address == NULL || *d->address == '\0') {
		fa_errf(e, "cannot store a device without an address");
		goto out;
	}
	ident_make(d, &id);
	if (s->gmax > 0 && !s->gopen) {
		if (tx(s, ST_TX_BEGIN, e) == -1)
			goto out;
		s->gopen = 1;
		s->gn = 0;
		s->gt0 = fa_now_ms();
	}
	if (s->gopen) {
		if (tx(s, ST_SP_OPEN, e) == -1)
			goto out;
		sp = 1;
	} else if (tx(s, ST_TX_BEGIN, e) == -1)
		goto out;
	if (dev_save(s, d, assessment, &id, now, &dev, &created, e) == -1 ||
	    scan_save(s, assessment, dev, created, d, now, e) == -1 ||
	    width_save(s, dev, d, now, e) == -1 ||
	    tx(s, sp ? ST_SP_RELEASE : ST_TX_COMMIT, e) == -1)
		goto out;
	sp = 0;
	if (device_id != NULL)
		*device_id = dev;
	rc = 0;
	if (s->gopen && (++s->gn >= s->gmax ||
	    fa_now_ms() - s->gt0 >= s->gms))
		rc = store_flush(s, e);
out:
	/* Some errors roll back by themselves: only end what is open.  In
	 * a group, only this device's savepoint, unless SQLite ended the
	 * whole transaction. */
	if (rc == -1 && sp && !sqlite3_get_autocommit(s->db)) {
		sqlite3_exec(s->db, "ROLLBACK TO device", NULL, NULL, NULL);
		sqlite3_exec(s->db, "RELEASE device", NULL, NULL, NULL);
	} else if (rc == -1 && !sqlite3_get_autocommit(s->db) && !s->gopen)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (s->gopen && sqlite3_get_autocommit(s->db)) {
		if (rc == -1 && s->gn > 0) {
			char	m[sizeof(e->msg)];

			snprintf(m, sizeof(m), "%s", e->msg);
			fa_errf(e, "%s (nor the %u device%s before it in its "
			    "transaction)", m, s->gn, s->gn == 1 ? "" : "s");
		}
		s->gopen = 0;
		s->gn = 0;
	}
	ident_release(&id);
	return rc;
}

/* Room for one more row in a growing array. */
static void *
grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		v = fa_reallocarray(v, *cap, size);
	}
	memset((char *)v + n * size, 0, size);
	return v;
}

/*
 * Step 2's fill: replays every scan already stored, oldest first per
 * device, through the instance rule, so that a version-1 history gets its
 * instances.  Runs inside the step's transaction with its own statements
 * (the store's are prepared after migrating).  Reads only columns of
 * version 1: part numbers and serials were not stored then.  Uses
 * inst_sql as it is today: a later step that changes supply_instances
 * must give this function a copy of this version's statements.
 */
int
store_inst_backfill(struct store *s, struct fa_err *e)
{
	sqlite3_stmt		*q[IQ_MAX] = { NULL }, *sc = NULL, *sp = NULL;
	struct dev_supply	*p;
	struct device		 d;
	struct inst_scan	 c;
	int64_t			*rowid = NULL, id;
	size_t			 i, n, cap = 0;
	int			 k, x, rc = -1;

	dev_init(&d);
	for (k = 0; k < IQ_MAX; k++)
		if (sqlite3_prepare_v2(s->db, k == IQ_CUR ? iq_cur_v2 :
		    inst_sql[k], -1, &q[k], NULL) !=
		    SQLITE_OK) {
			store_fail(s, e);
			goto out;
		}
	if (sqlite3_prepare_v2(s->db, "SELECT s.id, s.device_id, s.time,"
	    " (SELECT m.value FROM meters m WHERE m.scan_id = s.id"
	    "  AND m.name = 'total' AND m.value IS NOT NULL"
	    "  ORDER BY m.rowid LIMIT 1)"
	    " FROM scans s ORDER BY s.device_id, s.time, s.id", -1, &sc,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT rowid, idx, description,"
	    " percent, state FROM supplies WHERE scan_id = ?1 ORDER BY rowid",
	    -1, &sp, NULL) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	while ((x = step(s, sc, e)) == 1) {
		c.scan = col_i64(sc, 0);
		c.device = col_i64(sc, 1);
		c.time = col_i64(sc, 2);
		c.total = col_none(sc, 3, DEV_NONE);
		c.created = 0;
		/* Read the scan's rows first: the links update them. */
		dev_release(&d);
		n = 0;
		if (bind_i64(sp, 1, c.scan) != SQLITE_OK) {
			store_fail(s, e);
			goto out;
		}
		while ((x = step(s, sp, e)) == 1) {
			rowid = grow(rowid, n, &cap, sizeof(*rowid));
			rowid[n++] = col_i64(sp, 0);
			p = dev_add_supply(&d);
			p->index = (int)col_i64(sp, 1);
			dev_set(&p->description,
			    (const char *)sqlite3_column_text(sp, 2));
			p->percent = (int)col_none(sp, 3, -1);
			dev_set(&p->state,
			    (const char *)sqlite3_column_text(sp, 4));
		}
		stmt_end(sp);
		if (x == -1)
			goto out;
		for (i = 0; i < n; i++)
			if (inst_track(s, q, &c, &d.supplies[i], rowid[i],
			    &id, e) == -1)
				goto out;
	}
	if (x == -1)
		goto out;
	rc = 0;
out:
	for (k = 0; k < IQ_MAX; k++)
		sqlite3_finalize(q[k]);
	sqlite3_finalize(sc);
	sqlite3_finalize(sp);
	dev_release(&d);
	free(rowid);
	return rc;
}

/*
 * Step 3's fill: flags every scan already stored.  Runs inside the step's
 * transaction with its own statements, like store_inst_backfill(), and uses
 * flag_sql as it is today: a later step that changes meter_flags or the
 * tables it reads must give this function a copy of this version's.
 */
int
store_flag_backfill(struct store *s, struct fa_err *e)
{
	sqlite3_stmt	*q[FQ_MAX] = { NULL }, *sc = NULL;
	int		 k, x, rc = -1;

	for (k = 0; k < FQ_MAX; k++)
		if (sqlite3_prepare_v2(s->db, flag_sql_v3[k], -1, &q[k],
		    NULL) !=
		    SQLITE_OK) {
			store_fail(s, e);
			goto out;
		}
	if (sqlite3_prepare_v2(s->db, "SELECT id FROM scans ORDER BY id", -1,
	    &sc, NULL) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	while ((x = step(s, sc, e)) == 1)
		if (flag_put(s, q, col_i64(sc, 0), e) == -1)
			goto out;
	if (x == -1)
		goto out;
	rc = 0;
out:
	for (k = 0; k < FQ_MAX; k++)
		sqlite3_finalize(q[k]);
	sqlite3_finalize(sc);
	return rc;
}

/* 1 if device id exists, 0 if not, -1. */
static int
dev_exists(struct store *s, int64_t id, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_DEV_ID];
	int		 r;

	if (bind_i64(st, 1, id) != SQLITE_OK)
		r = store_fail(s, e);
	else
		r = step(s, st, e);
	stmt_end(st);
	return r;
}

/* Checks that the device exists and binds its id as ?1 of st. */
static int
dev_query(struct store *s, sqlite3_stmt *st, int64_t device_id,
    struct fa_err *e)
{
	int	x;

	if ((x = dev_exists(s, device_id, e)) != 1) {
		if (x == 0)
			fa_errf(e, "no device %lld in the store",
			    (long long)device_id);
		return -1;
	}
	if (bind_i64(st, 1, device_id) != SQLITE_OK) {
		store_fail(s, e);
		return -1;
	}
	return 0;
}

/* Frees the strings of a reader's row and zeroes it. */
static void
row_release(void *row, const struct reader *rd)
{
	size_t	i;

	for (i = 0; i < rd->nf; i++)
		if (rd->f[i].type == F_TEXT)
			free(*(char **)(void *)((char *)row + rd->f[i].off));
	memset(row, 0, rd->size);
}

/*
 * The rows of reader k, device_id its ?1 when it reads by device: *rows
 * allocated (NULL when none), each filled from the reader's fields, in
 * its order; nothing is kept on failure.
 */
static int
reader_run(struct store *s, int k, int64_t device_id, void **rows, size_t *n,
    struct fa_err *e)
{
	const struct reader	*rd = &readers[k];
	sqlite3_stmt		*st = s->st[ST_READ + k];
	char			*v = NULL;
	size_t			 nv = 0, cap = 0, i;
	int			 x, rc = -1;

	*rows = NULL;
	*n = 0;
	if (rd->by_device) {
		store_ctx(s, "cannot read the %s of device %lld", rd->what,
		    (long long)device_id);
		if (dev_query(s, st, device_id, e) != 0)
			goto out;
	} else
		store_ctx(s, "cannot list the %s of '%s'", rd->what, s->path);
	while ((x = step(s, st, e)) == 1) {
		v = grow(v, nv, &cap, rd->size);
		get_fields(st, 0, v + nv++ * rd->size, rd->f, rd->nf);
	}
	if (x == -1)
		goto out;
	if (rd->cmp != NULL && nv > 1)
		fa_sort(v, nv, rd->size, rd->cmp);
	*rows = v;
	*n = nv;
	v = NULL;
	nv = 0;
	rc = 0;
out:
	stmt_end(st);
	for (i = 0; i < nv; i++)
		row_release(v + i * rd->size, rd);
	free(v);
	return rc;
}

void
store_devrow_release(struct store_devrow *r)
{
	row_release(r, &readers[RD_DEVICES]);
}

void
store_assessrow_release(struct store_assessrow *r)
{
	row_release(r, &readers[RD_ASSESSMENTS]);
}

void
store_scanrow_release(struct store_scanrow *r)
{
	row_release(r, &readers[RD_HISTORY]);
}

void
store_instrow_release(struct store_instrow *r)
{
	row_release(r, &readers[RD_INSTANCES]);
}

void
store_flagrow_release(struct store_flagrow *r)
{
	row_release(r, &readers[RD_FLAGS]);
}

int
store_list_devices(struct store *s, struct store_devrow **rows, size_t *n,
    struct fa_err *e)
{
	void	*v;
	int	 rc = reader_run(s, RD_DEVICES, 0, &v, n, e);

	*rows = v;
	return rc;
}

int
store_list_assessments(struct store *s, struct store_assessrow **rows,
    size_t *n, struct fa_err *e)
{
	void	*v;
	int	 rc = reader_run(s, RD_ASSESSMENTS, 0, &v, n, e);

	*rows = v;
	return rc;
}

int
store_history(struct store *s, int64_t device_id,
    struct store_scanrow **rows, size_t *n, struct fa_err *e)
{
	void	*v;
	int	 rc = reader_run(s, RD_HISTORY, device_id, &v, n, e);

	*rows = v;
	return rc;
}

int
store_supply_instances(struct store *s, int64_t device_id,
    struct store_instrow **rows, size_t *n, struct fa_err *e)
{
	void	*v;
	int	 rc = reader_run(s, RD_INSTANCES, device_id, &v, n, e);

	*rows = v;
	return rc;
}

int
store_meter_flags(struct store *s, int64_t device_id,
    struct store_flagrow **rows, size_t *n, struct fa_err *e)
{
	void	*v;
	int	 rc = reader_run(s, RD_FLAGS, device_id, &v, n, e);

	*rows = v;
	return rc;
}

/* Sort key of an address: IPv4, then IPv6, numerically; then the rest. */
static int
addr_rank(const char *a, unsigned char buf[16])
{
	memset(buf, 0, 16);
	if (a != NULL && inet_pton(AF_INET, a, buf) == 1)
		return 0;
	if (a != NULL && inet_pton(AF_INET6, a, buf) == 1)
		return 1;
	return 2;
}

static int
devrow_cmp(const void *p, const void *q)
{
	const struct store_devrow	*a = p, *b = q;
	unsigned char			 ka[16], kb[16];
	int				 ra, rb, c;

	ra = addr_rank(a->address, ka);
	rb = addr_rank(b->address, kb);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (ra < 2)
		c = memcmp(ka, kb, sizeof(ka));
	else
		c = strcmp(a->address ? a->address : "",
		    b->address ? b->address : "");
	if (c != 0)
		return c;
	return (a->id > b->id) - (a->id < b->id);
}

/*
 * Devices matching one key through statement which (rows of id, vendor):
 * 1 and *id when exactly one, 0 when none, -1 when several (the message
 * lists them) or on error.
 */
static int
find_unique(struct store *s, int which, const char *bound, const char *what,
    const char *key, int64_t *id, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[which];
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*vendor;
	int		 x, n = 0;

	if (bind_str(st, 1, bound) != SQLITE_OK) {
		n = store_fail(s, e);
		goto out;
	}
	while ((x = step(s, st, e)) == 1) {
		if (n++ == 0)
			*id = col_i64(st, 0);
		if (n > 4)
			continue;
		vendor = (const char *)sqlite3_column_text(st, 1);
		fa_buf_printf(&b, "%s%lld (%s)", n > 1 ? ", " : "",
		    (long long)col_i64(st, 0), vendor ? vendor : "no vendor");
	}
	if (x == -1)
		n = -1;
	else if (n > 1)
		n = fa_errf(e, "%s '%s' matches %d devices: %s%s; give the "
		    "numeric id", what, key, n, b.s, n > 4 ? ", ..." : "");
out:
	stmt_end(st);
	fa_buf_release(&b);
	return n;
}

int
store_find_device(struct store *s, const char *key, int64_t *id,
    struct fa_err *e)
{
	long long	 num;
	char		 mac[13];
	int		 kind, r = 0;

	if (key == NULL)
		key = "";
	store_ctx(s, "cannot look up device '%s'", key);
	if (fa_strtonum(key, 1, INT64_MAX, &num, "id", NULL) == 0 &&
	    (r = dev_exists(s, num, e)) == 1)
		*id = num;
	if (r == 0 && *key != '\0')
		r = find_unique(s, ST_DEV_SERIAL, key, "serial", key, id, e);
	if (r == 0 && mac_norm(key, mac))
		r = find_unique(s, ST_DEV_MACS, mac, "MAC", key, id, e);
	if (r == 0 && *key != '\0')
		r = dev_lookup(s, ST_DEV_AT, key, NULL, id, &kind, e);
	if (r == 0)
		r = fa_errf(e, "no device '%s' in the store", key);
	return r == 1 ? 0 : -1;
}

/* Appends to d the values the device's newest read of each part found. */
static int
rows_load(struct store *s, int64_t dev, struct device *d, struct fa_err *e)
{
	sqlite3_stmt	*st;
	const char	*v;
	int64_t		 last;
	size_t		 k;
	int		 t, x = 0;

	for (k = 0; k < NPARTS && x == 0; k++) {
		if (part_last(s, dev, run_parts[k], &last, e) == -1)
			return -1;
		if (last == 0)
			continue;
		for (t = 0; t < NROWTAB && x == 0; t++) {
			if (rowtabs[t].part != run_parts[k])
				continue;
			st = s->st[ST_ROW_CUR + t];
			if (bind_i64(st, 1, last) != SQLITE_OK)
				x = store_fail(s, e);
			while (x == 0 && (x = step(s, st, e)) == 1) {
				get_fields(st, 1, row_add(d, t), rowtabs[t].f,
				    rowtabs[t].nf);
				x = 0;
			}
			stmt_end(st);
		}
		for (t = 0; t < NVECTAB && x == 0; t++) {
			if (vectabs[t].part != run_parts[k])
				continue;
			st = s->st[ST_VEC_CUR + t];
			if (bind_i64(st, 1, last) != SQLITE_OK)
				x = store_fail(s, e);
			while (x == 0 && (x = step(s, st, e)) == 1) {
				v = (const char *)sqlite3_column_text(st, 2);
				if (t == VT_ERRORS)
					dev_add_error(d, v);
				else
					dev_add_display(d, v);
				x = 0;
			}
			stmt_end(st);
		}
	}
	return x;
}

int
store_latest(struct store *s, int64_t device_id, struct device *d,
    int64_t *scan_time, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_SCAN_GET];
	int64_t		 when;
	int		 r, rc = -1;

	dev_release(d);
	store_ctx(s, "cannot read device %lld", (long long)device_id);
	if (bind_i64(st, 1, device_id) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if ((r = step(s, st, e)) == -1)
		goto out;
	if (r == 0) {
		stmt_end(st);
		if (dev_exists(s, device_id, e) == 0)
			fa_errf(e, "no device %lld in the store",
			    (long long)device_id);
		else
			fa_errf(e, "device %lld has no scans",
			    (long long)device_id);
		goto out;
	}
	when = col_i64(st, 1);
	get_fields(st, 2, d, scan_fields, nitems(scan_fields));
	stmt_end(st);
	if (rows_load(s, device_id, d, e) == -1)
		goto out;
	if (scan_time != NULL)
		*scan_time = when;
	rc = 0;
out:
	stmt_end(st);
	if (rc == -1)
		dev_release(d);
	return rc;
}

int
store_volume(struct store *s, int64_t device_id, const char *meter,
    int64_t from, int64_t to, int64_t *pages, int *excluded,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_VOLUME];
	int		 rc = -1;

	*pages = 0;
	*excluded = 0;
	store_ctx(s, "cannot count the volume of device %lld",
	    (long long)device_id);
	if (dev_query(s, st, device_id, e) != 0)
		goto out;
	if (bind_str(st, 2, meter ? meter : "") != SQLITE_OK ||
	    bind_i64(st, 3, from) != SQLITE_OK ||
	    bind_i64(st, 4, to) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) != 1)
		goto out;
	*pages = col_i64(st, 0);
	*excluded = (int)col_i64(st, 1);
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

/* The width a device's table walk ended with, when it was narrower than
 * the default or narrower than a width kept before (in its transaction). */
static int
width_save(struct store *s, int64_t dev, const struct device *d,
    int64_t now, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_WIDTH_PUT];
	int		 rc = -1;

	if (d->bulk_cols <= 0 || d->bulk_reps <= 0)
		return 0;
	if (bind_i64(st, 1, dev) != SQLITE_OK ||
	    bind_i64(st, 2, d->bulk_cols) != SQLITE_OK ||
	    bind_i64(st, 3, d->bulk_reps) != SQLITE_OK ||
	    bind_i64(st, 4, now) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

void
store_width_for(struct store *s, const char *address, int *cols, int *reps)
{
	sqlite3_stmt	*st = s->st[ST_WIDTH_AT];

	*cols = *reps = 0;
	store_ctx(s, "cannot look up the read width of '%s'",
	    address ? address : "");
	if (address != NULL && bind_str(st, 1, address) == SQLITE_OK &&
	    step(s, st, NULL) == 1) {
		*cols = sqlite3_column_int(st, 0);
		*reps = sqlite3_column_int(st, 1);
	}
	stmt_end(st);
}

int
store_width_keep(struct store *s, const char *address, int cols, int reps,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_DEV_AT];
	struct device	 d;
	int64_t		 dev = 0;
	int		 rc;

	store_ctx(s, "cannot keep the read width of '%s'",
	    address ? address : "");
	if (address != NULL && bind_str(st, 1, address) == SQLITE_OK &&
	    step(s, st, NULL) == 1)
		dev = sqlite3_column_int64(st, 0);
	stmt_end(st);
	if (dev == 0)
		return 0;	/* not in the store: nothing to keep */
	memset(&d, 0, sizeof(d));
	d.bulk_cols = cols;
	d.bulk_reps = reps;
	rc = width_save(s, dev, &d, fa_wall(), e);
	return rc == 0 ? 1 : -1;
}

char *
store_credential_for(struct store *s, const char *address)
{
	sqlite3_stmt	*st = s->st[ST_DEV_AT];
	char		*cred = NULL;

	store_ctx(s, "cannot look up the credential of '%s'",
	    address ? address : "");
	if (address != NULL && bind_str(st, 1, address) == SQLITE_OK &&
	    step(s, st, NULL) == 1)
		cred = col_str(st, 2);
	stmt_end(st);
	return cred;
}

int
store_device_missed(struct store *s, int64_t device_id, int threshold,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_DEV_MISSED];
	int		 rc = -1;

	store_ctx(s, "cannot mark device %lld missed", (long long)device_id);
	if (dev_query(s, st, device_id, e) != 0)
		goto out;
	if (bind_i64(st, 2, threshold) != SQLITE_OK ||
	    bind_i64(st, 3, fa_wall()) != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

const char *const store_delta_tables[STORE_NDT] = {
	[STORE_DT_METERS] = "meters",
	[STORE_DT_SUPPLIES] = "supplies",
	[STORE_DT_TRAYS] = "trays",
	[STORE_DT_ALERTS] = "alerts",
	[STORE_DT_CHECKS] = "meter_checks",
	[STORE_DT_ERRORS] = "status_errors",
	[STORE_DT_DISPLAY] = "display",
};

/* One count with ?1 and ?2 bound to a and b (when used). */
static int
count2(struct store *s, const char *sql, int64_t a, int64_t b, int64_t *v,
    struct fa_err *e)
{
	sqlite3_stmt	*st = NULL;
	int		 x;

	*v = 0;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return store_fail(s, e);
	}
	if (bind_i64(st, 1, a) != SQLITE_OK ||
	    (sqlite3_bind_parameter_count(st) > 1 &&
	    bind_i64(st, 2, b) != SQLITE_OK))
		x = store_fail(s, e);
	else if ((x = step(s, st, e)) == 1)
		*v = col_none(st, 0, 0);
	sqlite3_finalize(st);
	return x == -1 ? -1 : 0;
}

int
store_last_scan(struct store *s, int64_t t, int64_t *scan, struct fa_err *e)
{
	store_ctx(s, "cannot read the scans of '%s'", s->path);
	return count2(s, "SELECT max(id) FROM scans WHERE time <= ?1", t, 0,
	    scan, e);
}

int
store_delta(struct store *s, int64_t since, struct store_delta *d,
    struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_EXPORT_LAST];
	char		 sql[160];
	int		 k, x, rc = -1;

	memset(d, 0, sizeof(*d));
	store_ctx(s, "cannot work out what is new in '%s'", s->path);
	if ((x = step(s, st, e)) == -1)
		goto out;
	if (x == 1) {
		d->since_time = col_i64(st, 1);
		if (since < 0)
			since = col_i64(st, 2);
	}
	stmt_end(st);
	d->since_scan = since < 0 ? 0 : since;
	if (count2(s, "SELECT max(id) FROM scans WHERE ?1 = ?1", 0, 0,
	    &d->upto_scan, e) == -1 ||
	    count2(s, "SELECT count(*) FROM scans WHERE id > ?1",
	    d->since_scan, 0, &d->scans, e) == -1 ||
	    count2(s, "SELECT count(DISTINCT device_id) FROM scans"
	    " WHERE id > ?1", d->since_scan, 0, &d->devices, e) == -1 ||
	    count2(s, "SELECT count(*) FROM scans WHERE id > ?1"
	    " AND attrs_from IS NULL", d->since_scan, 0, &d->attrs, e) == -1)
		goto out;
	for (k = 0; k < STORE_NDT; k++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s"
		    " WHERE scan_id > ?1", store_delta_tables[k]);
		if (count2(s, sql, d->since_scan, 0, &d->changed[k], e) == -1)
			goto out;
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s"
		    " WHERE scan_id <= ?1 AND last_scan_id > ?1",
		    store_delta_tables[k]);
		if (count2(s, sql, d->since_scan, 0, &d->unchanged[k], e) ==
		    -1)
			goto out;
	}
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

int
store_export_mark(struct store *s, const char *what, int64_t upto,
    int64_t *id, struct fa_err *e)
{
	sqlite3_stmt	*st = s->st[ST_EXPORT_NEW];
	int		 rc = -1;

	store_ctx(s, "cannot record an export in '%s'", s->path);
	if (bind_i64(st, 1, fa_wall()) != SQLITE_OK ||
	    bind_i64(st, 2, upto) != SQLITE_OK ||
	    bind_str(st, 3, what ? what : "") != SQLITE_OK) {
		store_fail(s, e);
		goto out;
	}
	if (step(s, st, e) == -1)
		goto out;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	rc = 0;
out:
	stmt_end(st);
	return rc;
}

sqlite3 *
store_sqlite(struct store *s)
{
	return s->db;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_is_full(const struct store *s)
{
	return s->full;
}
