/*
 * test_store.c: unit tests for collector/store.c on real SQLite files in a
 * temporary directory.  Creation, reopening and refusals (newer schema,
 * not SQLite, another program's database), the identity rule and its key
 * upgrade, a field-by-field round trip of a fully filled device, lookups,
 * atomicity (a trigger makes one insert fail half way through a device),
 * the upgrade of a version-1 store (made with version 1's own SQL, kept
 * below), supply instances (the same cartridge, a swap, a serial change,
 * the rule without percentages), meter flags (decrease, wrap32, frozen,
 * swap, atomicity) and the volume that leaves them out, the upgrade of a
 * version-2 store (its SQL kept below too), the list readers column by
 * column, and an integrity check of every file at the end.
 *
 * The test opens the same files with SQLite directly (a second connection)
 * to look at what the store wrote and to break it on purpose; only tests
 * may include sqlite3.h besides store.c.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../collector/store.h"
#include "unit.h"

static char		dir[256];
static char		*paths[64];	/* every store made, checked last */
static size_t		npaths;
static char		*others[8];	/* files that are not stores */
static size_t		nothers;
static struct fa_err	err;

static int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* A new file name in the test directory (kept for the integrity check). */
static const char *
newpath(const char *name)
{
	char	*p = fa_asprintf("%s/%s", dir, name);

	if (npaths == nitems(paths))
		fa_bug("too many stores");
	paths[npaths++] = p;
	return p;
}

/* Opens a new store; NULL (with the case failed) if that fails. */
static struct store *
fresh(const char *name)
{
	struct store	*s = NULL;

	if (store_open(newpath(name), &s, &err) == -1) {
		printf("# %s\n", err.msg);
		CHECK(!"store_open");
	}
	return s;
}

/* A file name for something that is not a store. */
static const char *
otherpath(const char *name)
{
	if (nothers == nitems(others))
		fa_bug("too many files");
	return others[nothers++] = fa_asprintf("%s/%s", dir, name);
}

static sqlite3 *
raw(const char *path)
{
	sqlite3	*db = NULL;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		fa_bug("raw open %s", path);
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* The first column of the first row of sql as an integer (-1 if none). */
static int64_t
qint(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	int64_t		 v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fa_bug("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The same as text (caller frees; NULL if no row or NULL). */
static char *
qstr(sqlite3 *db, const char *sql)
{
	sqlite3_stmt	*st;
	char		*v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fa_bug("%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = fa_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static int
qstr_is(sqlite3 *db, const char *sql, const char *want)
{
	char	*v = qstr(db, sql);
	int	 ok = streq(v, want);

	if (!ok)
		printf("# %s: got '%s', want '%s'\n", sql, v ? v : "(null)",
		    want ? want : "(null)");
	free(v);
	return ok;
}

static void
rawexec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		fa_bug("%s: %s", sql, sqlite3_errmsg(db));
}

static void
write_file(const char *path, const void *p, size_t n)
{
	int	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd == -1 || write(fd, p, n) != (ssize_t)n || close(fd) == -1)
		fa_bug("cannot write %s", path);
}

/* Whether err.msg is exactly the given message. */
static int
errmsg_is(const char *want)
{
	if (strcmp(err.msg, want) != 0) {
		printf("# got '%s'\n# want '%s'\n", err.msg, want);
		return 0;
	}
	return 1;
}

/* A plain device with a total meter unless total is DEV_NONE. */
static void
mkdev(struct device *d, const char *addr, const char *vendor,
    const char *serial, const char *mac, int64_t total)
{
	dev_init(d);
	dev_set(&d->address, addr);
	dev_set(&d->vendor, vendor);
	dev_set(&d->serial, serial);
	dev_set(&d->mac, mac);
	d->snmp_version = 2;
	d->is_printer = 1;
	if (total != DEV_NONE)
		dev_add_meter(d, "total", total, "impressions",
		    "1.3.6.1.2.1.43.10.2.1.4.1.1");
}

/* Puts a plain device; its id, or -1 with err filled. */
static int64_t
put(struct store *s, int64_t a, const char *addr, const char *vendor,
    const char *serial, const char *mac, int64_t total)
{
	struct device	d;
	int64_t		id = -1;

	mkdev(&d, addr, vendor, serial, mac, total);
	if (store_put_device(s, a, &d, &id, &err) == -1)
		id = -1;
	dev_release(&d);
	return id;
}

static int64_t
begin(struct store *s)
{
	int64_t	a = -1;

	if (store_assessment_begin(s, "10.0.0.0/24", "{\"retries\":1}", &a,
	    &err) == -1)
		printf("# %s\n", err.msg);
	return a;
}

static size_t
ndevices(struct store *s)
{
	struct store_devrow	*rows;
	size_t			 n, i;

	if (store_list_devices(s, &rows, &n, &err) == -1)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
	return n;
}

static size_t
nhistory(struct store *s, int64_t dev)
{
	struct store_scanrow	*rows;
	size_t			 n, i;

	if (store_history(s, dev, &rows, &n, &err) == -1)
		return (size_t)-1;
	for (i = 0; i < n; i++)
		store_scanrow_release(&rows[i]);
	free(rows);
	return n;
}

/* The identity key of a device as "kind:value". */
static int
key_is(const char *path, int64_t dev, const char *want)
{
	sqlite3	*db = raw(path);
	char	 sql[128];
	int	 ok;

	snprintf(sql, sizeof(sql), "SELECT key_kind || ':' || key_value"
	    " FROM devices WHERE id = %lld", (long long)dev);
	ok = qstr_is(db, sql, want);
	sqlite3_close(db);
	return ok;
}

static void
test_create(void)
{
	struct store	*s;
	struct stat	 sb;
	const char	*p;
	sqlite3		*db;

	s = fresh("create.db");
	p = paths[npaths - 1];
	CHECK(s != NULL);
	CHECK(stat(p, &sb) == 0 && (sb.st_mode & 077) == 0);
	CHECK(put(s, begin(s), "10.0.0.1", "HP", "SN1", NULL, 10) > 0);
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
	CHECK(qint(db, "PRAGMA application_id") == 0x46415544);
	CHECK(qstr_is(db, "PRAGMA journal_mode", "wal"));
	CHECK(qint(db, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'table' AND name IN ('assessments', 'devices', 'scans',"
	    " 'meters', 'supplies', 'trays', 'alerts', 'status_errors',"
	    " 'display', 'meter_checks', 'supply_instances')") == 11);
	/* a read without a serial finds its device by MAC through an
	 * index, not a pass over every device */
	CHECK(qint(db, "SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'index' AND name = 'devices_mac'") == 1);
	/* and whether a device answered elsewhere in this assessment
	 * through (assessment_id, device_id), not a pass over the
	 * assessment's scans */
	CHECK(qstr_is(db, "SELECT group_concat(name, ',') FROM (SELECT name"
	    " FROM pragma_index_info('scans_assessment') ORDER BY seqno)",
	    "assessment_id,device_id"));
	sqlite3_close(db);
	store_close(s);

	/* Reopening an up-to-date store changes nothing. */
	s = NULL;
	CHECK(store_open(p, &s, &err) == 0);
	CHECK(s != NULL && ndevices(s) == 1);
	store_close(s);
}

static void
test_create_mode_wal(void)
{
	struct store	*s = fresh("mode.db");
	struct stat	 sb;
	char		*wal;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK(put(s, begin(s), "10.0.0.1", "HP", "SN1", NULL, 10) > 0);
	wal = fa_asprintf("%s-wal", paths[npaths - 1]);
	CHECK(stat(wal, &sb) == 0 && (sb.st_mode & 077) == 0);
	free(wal);
	store_close(s);
}

/* A zero-length file and an SQLite file without tables are new stores. */
static void
test_empty_files(void)
{
	struct store	*s = NULL;
	const char	*p;
	sqlite3		*db;

	p = newpath("empty.db");
	write_file(p, "", 0);
	CHECK(store_open(p, &s, &err) == 0);
	store_close(s);

	p = newpath("blank.db");
	CHECK(sqlite3_open(p, &db) == SQLITE_OK);
	rawexec(db, "PRAGMA page_size = 4096; VACUUM");
	sqlite3_close(db);
	s = NULL;
	CHECK(store_open(p, &s, &err) == 0);
	store_close(s);
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
	sqlite3_close(db);
}

static void
test_newer_schema(void)
{
	struct store	*s = fresh("newer.db");
	const char	*p = paths[npaths - 1];
	char		*want;
	sqlite3		*db;

	store_close(s);
	db = raw(p);
	rawexec(db, "PRAGMA user_version = 99");
	sqlite3_close(db);
	s = NULL;
	CHECK(store_open(p, &s, &err) == -1);
	CHECK(s == NULL);
	want = fa_asprintf("store '%s' has schema version 99, newer than "
	    "this program's %d", p, STORE_SCHEMA_VERSION);
	CHECK(errmsg_is(want));
	free(want);
	/* Put back for the integrity check at the end. */
	db = raw(p);
	want = fa_asprintf("PRAGMA user_version = %d", STORE_SCHEMA_VERSION);
	rawexec(db, want);
	free(want);
	sqlite3_close(db);
}

static void
test_not_a_store(void)
{
	struct store	*s = NULL;
	const char	*p;
	char		 junk[4096], *want, head[20];
	sqlite3		*db;
	int		 fd;

	/* Text, short and long. */
	p = otherpath("notes.txt");
	write_file(p, "printer list: see wiki\n", 23);
	CHECK(store_open(p, &s, &err) == -1 && s == NULL);
	want = fa_asprintf("'%s' is not a fleetaudit store: not an SQLite "
	    "database", p);
	CHECK(errmsg_is(want));
	free(want);

	memset(junk, 'x', sizeof(junk));
	p = otherpath("junk.bin");
	write_file(p, junk, sizeof(junk));
	CHECK(store_open(p, &s, &err) == -1 && s == NULL);
	CHECK(strstr(err.msg, p) != NULL);
	CHECK(strstr(err.msg, "is not a fleetaudit store") != NULL);

	/* Another program's SQLite database is refused and left as it was
	 * (not switched to WAL: header bytes 18 and 19 stay 1). */
	p = otherpath("other.db");
	CHECK(sqlite3_open(p, &db) == SQLITE_OK);
	rawexec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
	sqlite3_close(db);
	CHECK(store_open(p, &s, &err) == -1 && s == NULL);
	want = fa_asprintf("'%s' is not a fleetaudit store: an SQLite "
	    "database of another program", p);
	CHECK(errmsg_is(want));
	free(want);
	fd = open(p, O_RDONLY);
	CHECK(fd != -1 && read(fd, head, sizeof(head)) == sizeof(head));
	close(fd);
	CHECK(head[18] == 1 && head[19] == 1);
}

static void
test_open_errors(void)
{
	struct store	*s = NULL;
	char		*p, *want;

	p = fa_asprintf("%s/no/such/dir/x.db", dir);
	CHECK(store_open(p, &s, &err) == -1 && s == NULL);
	want = fa_asprintf("cannot open store '%s': No such file or "
	    "directory", p);
	CHECK(errmsg_is(want));
	free(want);
	free(p);

	CHECK(store_open(dir, &s, &err) == -1 && s == NULL);
	CHECK(strncmp(err.msg, "cannot open store '", 19) == 0);
}

static void
test_assessments(void)
{
	struct store		*s = fresh("assess.db");
	struct store_assessrow	*rows = NULL;
	size_t			 n = 0, i;
	int64_t			 a1, a2;

	if (s == NULL)
		return;
	a1 = begin(s);
	a2 = begin(s);
	CHECK(a1 > 0 && a2 > a1);
	CHECK(store_assessment_end(s, a1, "complete", 5, 4, 1, &err) == 0);
	CHECK(store_assessment_end(s, a2, "interrupted", 2, 1, 0, &err) ==
	    0);
	CHECK(store_assessment_end(s, a1, "done", 0, 0, 0, &err) == -1);
	CHECK(errmsg_is("cannot finish assessment 1: invalid status 'done'"));
	CHECK(store_assessment_end(s, 99, "complete", 0, 0, 0, &err) == -1);
	CHECK(errmsg_is("no assessment 99 in the store"));

	CHECK(store_list_assessments(s, &rows, &n, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(rows[0].id == a2 && rows[1].id == a1);
		CHECK(streq(rows[1].status, "complete"));
		CHECK(streq(rows[0].status, "interrupted"));
		CHECK(streq(rows[1].ranges, "10.0.0.0/24"));
		CHECK(rows[1].found == 5 && rows[1].read_ok == 4 &&
		    rows[1].read_failed == 1);
		CHECK(rows[1].started > 0 && rows[1].finished >=
		    rows[1].started);
	}
	for (i = 0; i < n; i++)
		store_assessrow_release(&rows[i]);
	free(rows);

	/* A result of an assessment that does not exist is refused. */
	CHECK(put(s, 12345, "10.9.9.9", "HP", "X", NULL, 1) == -1);
	CHECK(strstr(err.msg, "FOREIGN KEY") != NULL);
	CHECK(ndevices(s) == 0);
	store_close(s);
}

static void
test_two_assessments(void)
{
	struct store		*s = fresh("two.db");
	struct store_scanrow	*h = NULL;
	struct store_devrow	*rows = NULL;
	size_t			 n = 0, i;
	int64_t			 a1, a2, d1, d2;

	if (s == NULL)
		return;
	a1 = begin(s);
	d1 = put(s, a1, "10.0.0.5", "HP", "CNB1234", "a0:b1:c2:d3:e4:f5",
	    1000);
	CHECK(store_assessment_end(s, a1, "complete", 1, 1, 0, &err) == 0);
	a2 = begin(s);
	d2 = put(s, a2, "10.0.0.5", "HP", "CNB1234", "a0:b1:c2:d3:e4:f5",
	    1500);
	CHECK(d1 > 0 && d1 == d2);

	CHECK(store_history(s, d1, &h, &n, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(h[0].assessment_id == a2 && h[1].assessment_id == a1);
		CHECK(h[0].scan_id > h[1].scan_id);
		CHECK(h[0].total_pages == 1500 && h[1].total_pages == 1000);
		CHECK(streq(h[0].address, "10.0.0.5") && h[0].error == NULL);
		CHECK(h[0].nsupplies_low == 0);
	}
	for (i = 0; i < n; i++)
		store_scanrow_release(&h[i]);
	free(h);

	CHECK(store_list_devices(s, &rows, &n, &err) == 0);
	CHECK(n == 1);
	if (n == 1) {
		CHECK(rows[0].id == d1 && rows[0].scans == 2);
		CHECK(rows[0].total_pages == 1500);
		CHECK(streq(rows[0].vendor, "HP"));
		CHECK(streq(rows[0].serial, "CNB1234"));
		CHECK(streq(rows[0].mac, "a0:b1:c2:d3:e4:f5"));
		CHECK(streq(rows[0].address, "10.0.0.5"));
		CHECK(rows[0].error == NULL);
		CHECK(rows[0].first_seen > 0 &&
		    rows[0].last_seen >= rows[0].first_seen);
	}
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);

	CHECK(store_history(s, 42, &h, &n, &err) == -1);
	CHECK(errmsg_is("no device 42 in the store"));
	store_close(s);
}

/* Devices are listed by address, numerically; the total is the latest
 * known one, the error the latest scan's. */
static void
test_list(void)
{
	struct store		*s = fresh("list.db");
	struct store_devrow	*rows = NULL;
	struct device		 d;
	size_t			 n = 0, i;
	int64_t			 a;

	if (s == NULL)
		return;
	a = begin(s);
	CHECK(put(s, a, "fe80::1", "HP", "S6", NULL, 6) > 0);
	CHECK(put(s, a, "10.0.0.10", "HP", "S10", NULL, 10) > 0);
	CHECK(put(s, a, "10.0.0.9", "HP", "S9", NULL, 9) > 0);
	CHECK(put(s, a, "192.168.1.1", "HP", "S192", NULL, 192) > 0);
	mkdev(&d, "10.0.0.9", "HP", "S9", NULL, DEV_NONE);
	dev_set(&d.error, "timeout after sysDescr");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	dev_release(&d);

	CHECK(store_list_devices(s, &rows, &n, &err) == 0);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(streq(rows[0].address, "10.0.0.9"));
		CHECK(streq(rows[1].address, "10.0.0.10"));
		CHECK(streq(rows[2].address, "192.168.1.1"));
		CHECK(streq(rows[3].address, "fe80::1"));
		CHECK(rows[0].scans == 2 && rows[0].total_pages == 9);
		CHECK(streq(rows[0].error, "timeout after sysDescr"));
		CHECK(rows[1].error == NULL && rows[1].total_pages == 10);
	}
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
	store_close(s);
}

static void
test_identity_serial(void)
{
	struct store	*s = fresh("id_serial.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3, d4;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.1.0.1", "HP", "SN42", "00:11:22:33:44:55", 1);
	/* Moved, new network card, vendor spelt otherwise: same device
	 * (in a later assessment: two addresses at once are two devices). */
	a = begin(s);
	d2 = put(s, a, "10.1.0.2", "hp", "SN42", "00:11:22:33:44:66", 2);
	/* Same serial from another vendor: another device. */
	d3 = put(s, a, "10.1.0.3", "Canon", "SN42", NULL, 3);
	/* A serial without a vendor keys on the serial alone. */
	d4 = put(s, a, "10.1.0.4", NULL, "SN42", NULL, 4);
	CHECK(d1 > 0 && d1 == d2);
	CHECK(d3 > 0 && d3 != d1);
	CHECK(d4 > 0 && d4 != d1 && d4 != d3);
	CHECK(key_is(p, d1, "serial:hp/SN42"));
	CHECK(key_is(p, d3, "serial:canon/SN42"));
	CHECK(key_is(p, d4, "serial:/SN42"));
	CHECK(nhistory(s, d1) == 2);
	CHECK(ndevices(s) == 3);
	store_close(s);
}

static void
test_identity_mac(void)
{
	struct store	*s = fresh("id_mac.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3, d4;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.2.0.1", "Brother", NULL, "AA:BB:CC:00:11:22", 1);
	a = begin(s);
	d2 = put(s, a, "10.2.0.7", "Brother", "", "aa:bb:cc:00:11:22", 2);
	CHECK(d1 > 0 && d1 == d2);
	CHECK(key_is(p, d1, "mac:aa:bb:cc:00:11:22"));
	/* An all-zero MAC is no identity: the address is. */
	d3 = put(s, a, "10.2.0.8", NULL, NULL, "00:00:00:00:00:00", 3);
	d4 = put(s, a, "10.2.0.9", NULL, NULL, "00:00:00:00:00:00", 4);
	CHECK(d3 > 0 && d4 > 0 && d3 != d4 && d3 != d1);
	CHECK(key_is(p, d3, "addr:10.2.0.8"));
	CHECK(ndevices(s) == 3);
	store_close(s);
}

static void
test_identity_addr(void)
{
	struct store	*s = fresh("id_addr.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.3.0.1", NULL, NULL, NULL, 1);
	d2 = put(s, a, "10.3.0.1", NULL, NULL, "", 2);
	d3 = put(s, a, "10.3.0.2", NULL, NULL, NULL, 3);
	CHECK(d1 > 0 && d1 == d2);
	CHECK(d3 > 0 && d3 != d1);
	CHECK(key_is(p, d1, "addr:10.3.0.1"));
	CHECK(nhistory(s, d1) == 2);
	CHECK(put(s, a, "", "HP", "X", NULL, 1) == -1);
	CHECK(errmsg_is("cannot store a device without an address"));
	store_close(s);
}

/* A device first seen without its serial keeps its history. */
static void
test_key_upgrade(void)
{
	struct store	*s = fresh("upgrade.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3, m1, m2;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.4.0.1", NULL, NULL, NULL, 1);
	CHECK(key_is(p, d1, "addr:10.4.0.1"));
	d2 = put(s, a, "10.4.0.1", "Xerox", NULL, "08:00:37:AA:BB:CC", 2);
	CHECK(d2 == d1);
	CHECK(key_is(p, d1, "mac:08:00:37:aa:bb:cc"));
	d3 = put(s, a, "10.4.0.1", "Xerox", "XRX77", "08:00:37:AA:BB:CC", 3);
	CHECK(d3 == d1);
	CHECK(key_is(p, d1, "serial:xerox/XRX77"));
	CHECK(nhistory(s, d1) == 3);

	/* Straight from a MAC key to a serial key, at a new address. */
	m1 = put(s, a, "10.4.0.2", "Ricoh", NULL, "00:26:73:01:02:03", 1);
	a = begin(s);
	m2 = put(s, a, "10.4.0.3", "Ricoh", "E123", "00:26:73:01:02:03", 2);
	CHECK(m1 > 0 && m1 == m2 && m1 != d1);
	CHECK(key_is(p, m1, "serial:ricoh/E123"));

	/* From an address key straight to a serial key. */
	m1 = put(s, a, "10.4.0.4", NULL, NULL, NULL, 1);
	m2 = put(s, a, "10.4.0.4", "Canon", "C9", NULL, 2);
	CHECK(m1 > 0 && m1 == m2);
	CHECK(key_is(p, m1, "serial:canon/C9"));
	CHECK(ndevices(s) == 3);
	store_close(s);
}

/* A read that lost the serial (or the serial and the MAC) stays with the
 * device known by them, whose key is not downgraded. */
static void
test_partial_read(void)
{
	struct store	*s = fresh("partial.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.5.0.1", "HP", "PART1", "3c:d9:2b:00:00:01", 1);
	a = begin(s);
	d2 = put(s, a, "10.5.0.2", NULL, NULL, "3C:D9:2B:00:00:01", 2);
	d3 = put(s, a, "10.5.0.2", NULL, NULL, NULL, DEV_NONE);
	CHECK(d1 > 0 && d1 == d2 && d1 == d3);
	CHECK(key_is(p, d1, "serial:hp/PART1"));
	CHECK(nhistory(s, d1) == 3);
	CHECK(ndevices(s) == 1);
	store_close(s);
}

/* A device with a model. */
static int64_t
put_model(struct store *s, int64_t a, const char *addr, const char *vendor,
    const char *model, const char *serial, const char *mac)
{
	struct device	d;
	int64_t		id = -1;

	mkdev(&d, addr, vendor, serial, mac, 1);
	dev_set(&d.model, model);
	if (store_put_device(s, a, &d, &id, &err) == -1)
		id = -1;
	dev_release(&d);
	return id;
}

/* Fillers are no serial; the model name is none either. */
static void
test_serial_usable(void)
{
	static const char *const bad[] = { NULL, "", "  ", "serial_number",
	    "SerialNumber", "0", "000000000", "Unknown", "N/A", "n/a", "none",
	    "XXXXXXXX", "1111", "--", "0000-0000", "123456789" };
	size_t	i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (dev_serial_usable(bad[i], "HL-L2340DW")) {
			printf("# '%s' taken for a serial\n", bad[i]);
			CHECK(0);
		}
	CHECK(!dev_serial_usable("HL-L2340DW", "HL-L2340DW"));
	CHECK(!dev_serial_usable("hl l2340dw", "HL-L2340DW"));
	CHECK(dev_serial_usable("E71833C4J372261", "DCP-9020CDW"));
	CHECK(dev_serial_usable("000A5J431816", "MFC-L2710DW"));
	CHECK(dev_serial_usable("SN42", NULL));
	CHECK(dev_model_same("HP LaserJet Pro M404dn", "LaserJet Pro M404dn"));
	CHECK(dev_model_same(NULL, "HL-5350DN"));
	CHECK(!dev_model_same("HL-5350DN", "HL-L2340DW"));
}

/*
 * Two devices that report a filler serial are not one device: they are
 * keyed by their MACs or addresses.  The same serial (or MAC) on another
 * model, or at two addresses in one assessment, is a twin: a device of its
 * own, keyed "#2", that keeps its history in later assessments whatever
 * order they are read in.
 */
static void
test_identity_twins(void)
{
	struct store	*s = fresh("twins.db");
	const char	*p = paths[npaths - 1];
	int64_t		 a, d1, d2, d3, d4, t1, t2, x;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put_model(s, a, "10.8.0.1", "Brother", "HL-5350DN",
	    "serial_number", "aa:bb:cc:dd:ee:ff");
	d2 = put_model(s, a, "10.8.0.2", "Brother", "HL-L2340DW",
	    "serial_number", "aa:bb:cc:dd:ee:ff");
	d3 = put_model(s, a, "10.8.0.3", "Brother", "DCP-J132W", "N/A", NULL);
	d4 = put_model(s, a, "10.8.0.4", "Brother", "MFC-T910DW",
	    "MFC-T910DW", NULL);
	CHECK(d1 > 0 && d2 > 0 && d1 != d2 && d3 > 0 && d4 > 0 && d3 != d4);
	CHECK(key_is(p, d1, "mac:aa:bb:cc:dd:ee:ff"));
	CHECK(key_is(p, d2, "mac:aa:bb:cc:dd:ee:ff#2"));
	CHECK(key_is(p, d3, "addr:10.8.0.3"));
	CHECK(key_is(p, d4, "addr:10.8.0.4"));

	/* Same serial, same model, two addresses, one assessment. */
	t1 = put_model(s, a, "10.8.1.1", "HP", "M404dn", "PHB1", NULL);
	t2 = put_model(s, a, "10.8.1.2", "HP", "M404dn", "PHB1", NULL);
	CHECK(t1 > 0 && t2 > 0 && t1 != t2);
	CHECK(key_is(p, t2, "serial:hp/PHB1#2"));
	/* Same serial, another model: another device, in any assessment. */
	a = begin(s);
	x = put_model(s, a, "10.8.1.3", "HP", "M507x", "PHB1", NULL);
	CHECK(x > 0 && x != t1 && x != t2);
	CHECK(ndevices(s) == 7);

	/* The next assessment, twins read in the other order. */
	CHECK(put_model(s, a, "10.8.1.2", "HP", "M404dn", "PHB1", NULL) == t2);
	CHECK(put_model(s, a, "10.8.1.1", "HP", "M404dn", "PHB1", NULL) == t1);
	CHECK(put_model(s, a, "10.8.0.2", "Brother", "HL-L2340DW",
	    "serial_number", "aa:bb:cc:dd:ee:ff") == d2);
	CHECK(put_model(s, a, "10.8.0.1", "Brother", "HL-5350DN",
	    "serial_number", "aa:bb:cc:dd:ee:ff") == d1);
	/* A read without its model stays where it was seen. */
	CHECK(put_model(s, a, "10.8.1.1", "HP", NULL, "PHB1", NULL) == t1);
	CHECK(ndevices(s) == 7);
	CHECK(nhistory(s, t1) == 3 && nhistory(s, t2) == 2);
	/* The twins of a key are its "#N" keys, a key range: a serial that
	 * only starts with another ("PHB10", "PHB1$") is a device of its
	 * own, and its own key's twins are its own. */
	x = put_model(s, a, "10.8.1.4", "HP", "M404dn", "PHB10", NULL);
	CHECK(x > 0 && x != t1 && x != t2 && key_is(p, x, "serial:hp/PHB10"));
	d1 = put_model(s, a, "10.8.1.5", "HP", "M404dn", "PHB1$", NULL);
	CHECK(d1 > 0 && d1 != t1 && d1 != t2 && d1 != x &&
	    key_is(p, d1, "serial:hp/PHB1$"));
	CHECK(put_model(s, a, "10.8.1.2", "HP", "M404dn", "PHB1", NULL) == t2);
	CHECK(ndevices(s) == 9);
	store_close(s);
}

/* Every field of a device, as full as a read can make it. */
static void
rich(struct device *d)
{
	struct dev_supply	*p;
	struct dev_tray		*t;
	struct dev_alert	*a;

	dev_init(d);
	dev_set(&d->address, "192.0.2.7");
	dev_set(&d->credential, "site-v3");
	d->snmp_version = 3;
	d->is_printer = 1;
	dev_set(&d->printer_reason, "Printer-MIB");
	dev_set(&d->vendor, "Kyocera");
	dev_set(&d->model, "ECOSYS M3655idn");
	dev_set(&d->serial, "VCF1234567");
	dev_set(&d->mac, "00:17:C8:AA:BB:CC");
	dev_set(&d->sys_object_id, "1.3.6.1.4.1.1347.41");
	dev_set(&d->sys_descr, "KYOCERA Document Solutions Printing System");
	dev_set(&d->sys_name, "prt-3rd-floor");
	dev_set(&d->sys_location, "Floor 3, room 12 \"east\"");
	dev_set(&d->firmware, "2V9_S000.002.504");
	dev_set(&d->asset, "");
	d->uptime = 987654321;
	d->enterprise = 1347;
	d->status.device = 3;
	d->status.printer = 4;
	dev_set(&d->error, "trays: timeout");
	d->read_ms = 1234;
	d->requests = 42;
	dev_set(&d->model_def, "kyocera-ecosys");

	dev_add_meter(d, "total", 123456, "impressions",
	    "1.3.6.1.2.1.43.10.2.1.4.1.1");
	dev_add_meter(d, "marker.1", 120000, "impressions", NULL);
	dev_add_meter(d, "power_on", DEV_NONE, "hours", NULL);
	dev_add_meter(d, "mono", 100000, "impressions",
	    "sum(1.3.6.1.4.1.1347.42.3.1.1.1.1.1,"
	    "1.3.6.1.4.1.1347.42.3.1.1.1.1.3)");
	dev_add_meter(d, "colour", 23456, "impressions", "brother:0x11");
	dev_add_check(d, "mono+colour=total", 123456, 123456);
	dev_add_check(d, "total=marker.1", 123456, 120000);

	p = dev_add_supply(d);
	p->index = 1;
	dev_set(&p->description, "TK-3190 black");
	dev_set(&p->type, "toner");
	dev_set(&p->class, "consumed");
	dev_set(&p->colorant, "black");
	dev_set(&p->unit, "impressions");
	p->max = 25000;
	p->level = 2000;
	p->percent = dev_percent(p->level, p->max);
	dev_set(&p->state, "ok");
	dev_set(&p->part_number, "TK-3190");
	dev_set(&p->serial, "1T02T60NL0-0042");
	dev_set(&p->level_source, "1.3.6.1.4.1.1347.43.5.1.1.3.1");
	p = dev_add_supply(d);
	p->index = 2;
	dev_set(&p->description, "Waste toner box");
	dev_set(&p->type, "wasteToner");
	dev_set(&p->class, "filled");
	dev_set(&p->unit, "other");
	p->max = 100;
	dev_set(&p->state, dev_level_state(-3));
	p = dev_add_supply(d);
	p->index = 7;
	p->level = 0;
	dev_set(&p->state, "empty");

	t = dev_add_tray(d);
	t->index = 1;
	dev_set(&t->name, "Cassette 1");
	dev_set(&t->media, "A4");
	dev_set(&t->type, "sheetFeedAutoRemovableTray");
	t->capacity = 500;
	t->level = 250;
	t->percent = 50;
	dev_set(&t->state, "ok");
	dev_set(&t->status, "available and idle");
	t = dev_add_tray(d);
	t->index = 2;
	dev_set(&t->name, "MP tray");
	dev_set(&t->type, "other");
	t->capacity = 100;
	dev_set(&t->state, "unknown");

	a = dev_add_alert(d);
	a->index = 1;
	dev_set(&a->severity, "warning");
	dev_set(&a->training, "trained");
	dev_set(&a->group, "markerSupplies");
	a->group_index = 1;
	a->location = 0;
	a->code = 1104;
	dev_set(&a->code_name, "markerTonerAlmostEmpty");
	dev_set(&a->description, "Toner low");
	a->time = 98765;
	a = dev_add_alert(d);
	a->index = 4;
	dev_set(&a->severity, "critical");
	dev_set(&a->training, "fieldService");
	dev_set(&a->group, "cover");
	a->group_index = 2;
	a->location = 3;
	a->code = 3;
	dev_set(&a->code_name, "coverOpen");
	dev_set(&a->description, "Close the front cover");

	dev_add_error(d, "lowToner");
	dev_add_error(d, "doorOpen");
	dev_add_display(d, "Ready");
	dev_add_display(d, "");
	dev_add_display(d, "Toner low");
}

static void
same_device(const struct device *a, const struct device *b)
{
	size_t	i;

	CHECK(streq(a->address, b->address));
	CHECK(streq(a->credential, b->credential));
	CHECK(a->snmp_version == b->snmp_version);
	CHECK(a->is_printer == b->is_printer);
	CHECK(streq(a->printer_reason, b->printer_reason));
	CHECK(streq(a->vendor, b->vendor));
	CHECK(streq(a->model, b->model));
	CHECK(streq(a->serial, b->serial));
	CHECK(streq(a->mac, b->mac));
	CHECK(streq(a->sys_object_id, b->sys_object_id));
	CHECK(streq(a->sys_descr, b->sys_descr));
	CHECK(streq(a->sys_name, b->sys_name));
	CHECK(streq(a->sys_location, b->sys_location));
	CHECK(streq(a->sys_contact, b->sys_contact));
	CHECK(streq(a->firmware, b->firmware));
	CHECK(streq(a->asset, b->asset));
	CHECK(a->uptime == b->uptime);
	CHECK(a->enterprise == b->enterprise);
	CHECK(a->status.device == b->status.device);
	CHECK(a->status.printer == b->status.printer);
	CHECK(streq(a->error, b->error));
	CHECK(a->read_ms == b->read_ms);
	CHECK(a->requests == b->requests);
	CHECK(streq(a->model_def, b->model_def));

	CHECK(a->nmeters == b->nmeters);
	for (i = 0; i < a->nmeters && i < b->nmeters; i++) {
		CHECK(streq(a->meters[i].name, b->meters[i].name));
		CHECK(a->meters[i].value == b->meters[i].value);
		CHECK(streq(a->meters[i].unit, b->meters[i].unit));
		CHECK(streq(a->meters[i].source_oid, b->meters[i].source_oid));
	}
	CHECK(a->nsupplies == b->nsupplies);
	for (i = 0; i < a->nsupplies && i < b->nsupplies; i++) {
		const struct dev_supply *x = &a->supplies[i],
		    *y = &b->supplies[i];
		CHECK(x->index == y->index);
		CHECK(streq(x->description, y->description));
		CHECK(streq(x->type, y->type));
		CHECK(streq(x->class, y->class));
		CHECK(streq(x->colorant, y->colorant));
		CHECK(streq(x->unit, y->unit));
		CHECK(x->max == y->max && x->level == y->level);
		CHECK(x->percent == y->percent);
		CHECK(streq(x->state, y->state));
		CHECK(streq(x->part_number, y->part_number));
		CHECK(streq(x->serial, y->serial));
		CHECK(streq(x->level_source, y->level_source));
	}
	CHECK(a->nchecks == b->nchecks);
	for (i = 0; i < a->nchecks && i < b->nchecks; i++) {
		CHECK(streq(a->checks[i].name, b->checks[i].name));
		CHECK(a->checks[i].left == b->checks[i].left);
		CHECK(a->checks[i].right == b->checks[i].right);
		CHECK(a->checks[i].ok == b->checks[i].ok);
	}
	CHECK(a->ntrays == b->ntrays);
	for (i = 0; i < a->ntrays && i < b->ntrays; i++) {
		const struct dev_tray *x = &a->trays[i], *y = &b->trays[i];
		CHECK(x->index == y->index);
		CHECK(streq(x->name, y->name));
		CHECK(streq(x->media, y->media));
		CHECK(streq(x->type, y->type));
		CHECK(x->capacity == y->capacity && x->level == y->level);
		CHECK(x->percent == y->percent);
		CHECK(streq(x->state, y->state));
		CHECK(streq(x->status, y->status));
	}
	CHECK(a->nalerts == b->nalerts);
	for (i = 0; i < a->nalerts && i < b->nalerts; i++) {
		const struct dev_alert *x = &a->alerts[i], *y = &b->alerts[i];
		CHECK(x->index == y->index);
		CHECK(streq(x->severity, y->severity));
		CHECK(streq(x->training, y->training));
		CHECK(streq(x->group, y->group));
		CHECK(x->group_index == y->group_index);
		CHECK(x->location == y->location && x->code == y->code);
		CHECK(streq(x->code_name, y->code_name));
		CHECK(streq(x->description, y->description));
		CHECK(x->time == y->time);
	}
	CHECK(a->status.nerrors == b->status.nerrors);
	for (i = 0; i < a->status.nerrors && i < b->status.nerrors; i++)
		CHECK(streq(a->status.errors[i], b->status.errors[i]));
	CHECK(a->status.ndisplay == b->status.ndisplay);
	for (i = 0; i < a->status.ndisplay && i < b->status.ndisplay; i++)
		CHECK(streq(a->status.display[i], b->status.display[i]));
}

static void
test_roundtrip(void)
{
	struct store		*s = fresh("roundtrip.db");
	struct store_scanrow	*h = NULL;
	struct device		 in, out, plain;
	size_t			 n = 0, i;
	int64_t			 a, id = 0, when = 0;
	sqlite3			*db;

	if (s == NULL)
		return;
	rich(&in);
	dev_init(&out);
	a = begin(s);
	CHECK(store_put_device(s, a, &in, &id, &err) == 0);
	CHECK(store_latest(s, id, &out, &when, &err) == 0);
	CHECK(when > 0);
	same_device(&in, &out);
	CHECK(out.supplies != NULL && out.supplies[1].level == DEV_NONE &&
	    streq(out.supplies[1].state, "some_remaining") &&
	    out.supplies[1].percent == -1);

	/* NULL in the file for the numbers a device did not give. */
	db = raw(paths[npaths - 1]);
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE idx = 2 AND"
	    " level IS NULL AND percent IS NULL AND max = 100") == 1);
	CHECK(qint(db, "SELECT count(*) FROM alerts WHERE idx = 4 AND"
	    " time IS NULL") == 1);
	CHECK(qint(db, "SELECT count(*) FROM meters WHERE name = 'power_on'"
	    " AND value IS NULL") == 1);
	CHECK(qint(db, "SELECT count(*) FROM scans WHERE asset = '' AND"
	    " sys_contact IS NULL") == 1);
	sqlite3_close(db);

	/* Reading into a used struct replaces it; the newest scan wins. */
	mkdev(&plain, "192.0.2.8", "Kyocera", "VCF1234567", NULL, 5);
	a = begin(s);
	CHECK(store_put_device(s, a, &plain, NULL, &err) == 0);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&plain, &out);

	CHECK(store_history(s, id, &h, &n, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(h[0].total_pages == 5 && h[0].nsupplies_low == 0);
		CHECK(h[1].total_pages == 123456 && h[1].nsupplies_low == 1);
		CHECK(h[0].nchecks_failed == 0 && h[1].nchecks_failed == 1);
		CHECK(streq(h[1].error, "trays: timeout"));
	}
	for (i = 0; i < n; i++)
		store_scanrow_release(&h[i]);
	free(h);

	CHECK(store_latest(s, 999, &out, NULL, &err) == -1);
	CHECK(errmsg_is("no device 999 in the store"));
	CHECK(out.address == NULL && out.nmeters == 0);
	dev_release(&in);
	dev_release(&out);
	dev_release(&plain);
	store_close(s);
}

static int
found(struct store *s, const char *key, int64_t want)
{
	int64_t	id = -1;

	if (store_find_device(s, key, &id, &err) == -1) {
		printf("# %s: %s\n", key, err.msg);
		return 0;
	}
	return id == want;
}

static void
test_find_device(void)
{
	struct store	*s = fresh("find.db");
	int64_t		 a, d1, d2, d3, d4, id;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put(s, a, "10.6.0.5", "HP", "CN12345", "A0:B1:C2:D3:E4:F5", 1);
	d2 = put(s, a, "10.6.0.6", "Canon", "XY999", NULL, 2);
	d3 = put(s, a, "10.6.0.7", NULL, NULL, "00:00:5e:00:53:01", 3);
	CHECK(d1 > 0 && d2 > 0 && d3 > 0);

	CHECK(found(s, "1", d1));
	CHECK(found(s, "2", d2));
	CHECK(found(s, "CN12345", d1));
	CHECK(found(s, "cn12345", d1));
	CHECK(found(s, "a0:b1:c2:d3:e4:f5", d1));
	CHECK(found(s, "A0-B1-C2-D3-E4-F5", d1));
	CHECK(found(s, "a0b1c2d3e4f5", d1));
	CHECK(found(s, "a0b1.c2d3.e4f5", d1));
	CHECK(found(s, "00005E005301", d3));
	CHECK(found(s, "10.6.0.6", d2));
	CHECK(found(s, "10.6.0.7", d3));

	CHECK(store_find_device(s, "nope", &id, &err) == -1);
	CHECK(errmsg_is("no device 'nope' in the store"));
	CHECK(store_find_device(s, "999", &id, &err) == -1);
	CHECK(errmsg_is("no device '999' in the store"));
	CHECK(store_find_device(s, "", &id, &err) == -1);
	CHECK(errmsg_is("no device '' in the store"));

	/* The same serial from two vendors: ask for the id. */
	d4 = put(s, a, "10.6.0.8", "Canon", "CN12345", NULL, 4);
	CHECK(d4 > 0 && d4 != d1);
	CHECK(store_find_device(s, "cn12345", &id, &err) == -1);
	CHECK(errmsg_is("serial 'cn12345' matches 2 devices: 1 (HP), "
	    "4 (Canon); give the numeric id"));
	CHECK(found(s, "4", d4));

	/* The address finds the device last seen there. */
	a = begin(s);
	CHECK(put(s, a, "10.6.0.6", "HP", "CN12345", "A0:B1:C2:D3:E4:F5",
	    5) == d1);
	CHECK(found(s, "10.6.0.6", d1));
	store_close(s);
}

static void
test_credential(void)
{
	struct store	*s = fresh("cred.db");
	struct device	 d;
	int64_t		 a;
	char		*c;

	if (s == NULL)
		return;
	a = begin(s);
	mkdev(&d, "10.7.0.1", "HP", "C1", NULL, 1);
	dev_set(&d.credential, "site-v3");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	/* A read where no credential worked keeps the one that did. */
	dev_set(&d.credential, NULL);
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	c = store_credential_for(s, "10.7.0.1");
	CHECK(streq(c, "site-v3"));
	free(c);
	CHECK(store_credential_for(s, "10.7.0.99") == NULL);

	/* The device moves away; another one takes its address. */
	a = begin(s);
	dev_set(&d.address, "10.7.0.2");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	dev_release(&d);
	mkdev(&d, "10.7.0.1", "HP", "C2", NULL, 1);
	dev_set(&d.credential, "public");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	dev_release(&d);
	c = store_credential_for(s, "10.7.0.1");
	CHECK(streq(c, "public"));
	free(c);
	c = store_credential_for(s, "10.7.0.2");
	CHECK(streq(c, "site-v3"));
	free(c);
	store_close(s);
}

/* Makes every write (insert, or update of a value read unchanged) into
 * table fail, until unboom(). */
static void
boom(sqlite3 *db, const char *table)
{
	char	*sql = fa_asprintf("CREATE TRIGGER boom_i BEFORE INSERT ON %s"
		    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END;"
		    " CREATE TRIGGER boom_u BEFORE UPDATE ON %s"
		    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END",
		    table, table);

	rawexec(db, sql);
	free(sql);
}

static void
unboom(sqlite3 *db)
{
	rawexec(db, "DROP TRIGGER boom_i; DROP TRIGGER boom_u");
}

/* A failure half way through a device leaves nothing of it. */
static void
test_atomic(void)
{
	struct store	*s = fresh("atomic.db");
	const char	*p = paths[npaths - 1];
	struct device	 d;
	int64_t		 a, id = 0, scans, meters, supplies, devices;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);

	db = raw(p);
	scans = qint(db, "SELECT count(*) FROM scans");
	meters = qint(db, "SELECT count(*) FROM meters");
	supplies = qint(db, "SELECT count(*) FROM supplies");
	devices = qint(db, "SELECT count(*) FROM devices");

	/* Known device, new address: fails at its first supply. */
	boom(db, "supplies");
	dev_set(&d.address, "192.0.2.99");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(errmsg_is("cannot store device '192.0.2.99': forced failure"));
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans);
	CHECK(qint(db, "SELECT count(*) FROM meters") == meters);
	CHECK(qint(db, "SELECT count(*) FROM supplies") == supplies);
	CHECK(qstr_is(db, "SELECT address FROM devices WHERE serial ="
	    " 'VCF1234567'", "192.0.2.7"));
	unboom(db);

	/* New device: fails at the last table, after everything else. */
	boom(db, "display");
	dev_set(&d.serial, "NEW1");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(qint(db, "SELECT count(*) FROM devices") == devices);
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans);
	CHECK(qint(db, "SELECT count(*) FROM meters") == meters);
	CHECK(qint(db, "SELECT count(*) FROM trays WHERE scan_id NOT IN"
	    " (SELECT id FROM scans)") == 0);
	unboom(db);

	/* And a table gone altogether. */
	rawexec(db, "ALTER TABLE alerts RENAME TO alerts_gone");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(strstr(err.msg, "alerts") != NULL);
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans);
	rawexec(db, "ALTER TABLE alerts_gone RENAME TO alerts");

	/* The store is still usable: no transaction was left open. */
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans + 1);
	CHECK(qint(db, "SELECT count(*) FROM devices") == devices + 1);
	CHECK(nhistory(s, id) == 1);
	sqlite3_close(db);
	dev_release(&d);
	store_close(s);
}

/* Another program holding the write lock makes a put wait out the busy
 * timeout (5 s), then fail cleanly, leaving the store usable. */
static void
test_busy(void)
{
	struct store	*s = fresh("busy.db");
	int64_t		 a;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	db = raw(paths[npaths - 1]);
	sqlite3_busy_timeout(db, 0);
	rawexec(db, "BEGIN IMMEDIATE");
	CHECK(put(s, a, "10.8.0.1", "HP", "B1", NULL, 1) == -1);
	CHECK(errmsg_is("cannot store device '10.8.0.1': database is "
	    "locked"));
	rawexec(db, "ROLLBACK");
	sqlite3_close(db);
	CHECK(put(s, a, "10.8.0.1", "HP", "B1", NULL, 1) > 0);
	store_close(s);
}

/* What model definitions add, as stored in the file and read back. */
static void
test_roundtrip_v2(void)
{
	struct store		*s = fresh("roundtrip2.db");
	struct store_scanrow	*h = NULL;
	struct device		 in, out;
	size_t			 n = 0, i;
	int64_t			 id = 0;
	sqlite3			*db;

	if (s == NULL)
		return;
	rich(&in);
	/* A check whose sides are missing keeps them missing. */
	dev_add_check(&in, "print+copy+fax=total", DEV_NONE, 5)->ok = 0;
	dev_init(&out);
	CHECK(store_put_device(s, begin(s), &in, &id, &err) == 0);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&in, &out);
	CHECK(streq(out.model_def, "kyocera-ecosys"));
	CHECK(out.nchecks == 3);
	if (out.nchecks == 3) {
		CHECK(streq(out.checks[1].name, "total=marker.1"));
		CHECK(out.checks[1].left == 123456 &&
		    out.checks[1].right == 120000 && out.checks[1].ok == 0);
		CHECK(out.checks[0].ok == 1);
		CHECK(out.checks[2].left == DEV_NONE &&
		    out.checks[2].right == 5);
	}
	CHECK(out.nsupplies == 3 && out.supplies != NULL &&
	    streq(out.supplies[0].part_number, "TK-3190") &&
	    streq(out.supplies[0].serial, "1T02T60NL0-0042") &&
	    out.supplies[1].level_source == NULL);
	CHECK(out.nmeters == 5 && out.meters != NULL &&
	    streq(out.meters[3].source_oid, "sum(1.3.6.1.4.1.1347.42.3.1.1.1"
	    ".1.1,1.3.6.1.4.1.1347.42.3.1.1.1.1.3)"));

	db = raw(paths[npaths - 1]);
	CHECK(qstr_is(db, "SELECT model_def FROM scans", "kyocera-ecosys"));
	CHECK(qint(db, "SELECT count(*) FROM meter_checks WHERE"
	    " name = 'total=marker.1' AND left_value = 123456 AND"
	    " right_value = 120000 AND ok = 0") == 1);
	CHECK(qint(db, "SELECT count(*) FROM meter_checks WHERE"
	    " left_value IS NULL AND right_value = 5") == 1);
	CHECK(qstr_is(db, "SELECT part_number || ' ' || serial || ' ' ||"
	    " level_source FROM supplies WHERE idx = 1", "TK-3190 "
	    "1T02T60NL0-0042 1.3.6.1.4.1.1347.43.5.1.1.3.1"));
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE idx = 2 AND"
	    " part_number IS NULL AND serial IS NULL AND level_source IS"
	    " NULL") == 1);
	sqlite3_close(db);

	CHECK(store_history(s, id, &h, &n, &err) == 0);
	CHECK(n == 1 && h[0].nchecks_failed == 2);
	for (i = 0; i < n; i++)
		store_scanrow_release(&h[i]);
	free(h);
	dev_release(&in);
	dev_release(&out);
	store_close(s);
}

/* A device with a "total" meter (unless DEV_NONE) and one supply at idx:
 * pct percent of 100, or, when pct is -1, no level and the state given. */
static void
mksupply(struct device *d, int64_t total, int idx, const char *desc,
    const char *part, const char *serial, int pct, const char *state)
{
	struct dev_supply	*p;

	mkdev(d, "10.20.0.1", "HP", "CNBX0001", NULL, total);
	p = dev_add_supply(d);
	p->index = idx;
	dev_set(&p->description, desc);
	dev_set(&p->type, "toner");
	dev_set(&p->class, "consumed");
	dev_set(&p->part_number, part);
	dev_set(&p->serial, serial);
	if (pct >= 0) {
		p->max = 100;
		p->level = pct;
		p->percent = dev_percent(p->level, p->max);
		dev_set(&p->state, dev_level_state(pct));
	} else
		dev_set(&p->state, state);
}

/* Puts one reading of mksupply(); the device id or -1. */
static int64_t
put_supply(struct store *s, int64_t a, int64_t total, int idx,
    const char *desc, const char *part, const char *serial, int pct,
    const char *state)
{
	struct device	d;
	int64_t		id = -1;

	mksupply(&d, total, idx, desc, part, serial, pct, state);
	if (store_put_device(s, a, &d, &id, &err) == -1) {
		printf("# %s\n", err.msg);
		id = -1;
	}
	dev_release(&d);
	return id;
}

/* The device's instances into *rows (released by inst_free). */
static size_t
instances(struct store *s, int64_t dev, struct store_instrow **rows)
{
	size_t	n = 0;

	*rows = NULL;
	if (store_supply_instances(s, dev, rows, &n, &err) == -1) {
		printf("# %s\n", err.msg);
		return (size_t)-1;
	}
	return n;
}

static void
inst_free(struct store_instrow *rows, size_t n)
{
	size_t	i;

	for (i = 0; i < n && n != (size_t)-1; i++)
		store_instrow_release(&rows[i]);
	free(rows);
}

#define BLACK	"Black Cartridge HP CF259A"

/* One cartridge over three scans: one instance, its pages the total's
 * difference, every supplies row linked to it. */
static void
test_inst_same(void)
{
	struct store		*s = fresh("inst_same.db");
	struct store_instrow	*r;
	int64_t			 a, d1, d2, d3;
	size_t			 n;
	sqlite3			*db;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = put_supply(s, a, 1000, 1, BLACK, "CF259A", NULL, 80, NULL);
	d2 = put_supply(s, a, 1500, 1, BLACK, "CF259A", NULL, 60, NULL);
	d3 = put_supply(s, a, 2100, 1, BLACK, "CF259A", NULL, 40, NULL);
	CHECK(d1 > 0 && d1 == d2 && d1 == d3);
	n = instances(s, d1, &r);
	CHECK(n == 1);
	if (n == 1) {
		CHECK(r[0].idx == 1 && r[0].current == 1);
		CHECK(streq(r[0].description, BLACK));
		CHECK(streq(r[0].part_number, "CF259A") && r[0].serial == NULL);
		CHECK(r[0].first_level == 80 && r[0].last_level == 40);
		CHECK(r[0].pages == 1100);
		CHECK(r[0].first_seen > 0 &&
		    r[0].last_seen >= r[0].first_seen);
	}
	inst_free(r, n);

	db = raw(paths[npaths - 1]);
	CHECK(qint(db, "SELECT count(DISTINCT instance_id) FROM supplies") ==
	    1);
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE instance_id IS"
	    " NULL") == 0);
	CHECK(qint(db, "SELECT first_total || last_total FROM"
	    " supply_instances") == 10002100);
	CHECK(qint(db, "SELECT last_scan_id = (SELECT max(id) FROM scans)"
	    " AND first_scan_id = (SELECT min(id) FROM scans) FROM"
	    " supply_instances") == 1);
	sqlite3_close(db);

	/* A read without a total, or a level, keeps the last known ones. */
	CHECK(put_supply(s, a, DEV_NONE, 1, BLACK, NULL, NULL, -1,
	    "unknown") == d1);
	n = instances(s, d1, &r);
	CHECK(n == 1 && r[0].pages == 1100 && r[0].last_level == 40 &&
	    streq(r[0].part_number, "CF259A"));
	inst_free(r, n);

	CHECK(store_supply_instances(s, 4242, &r, &n, &err) == -1);
	CHECK(errmsg_is("no device 4242 in the store"));
	CHECK(r == NULL && n == 0);
	store_close(s);
}

/* A rise of 10 points is the same cartridge, of 11 a new one. */
static void
test_inst_rise(void)
{
	struct store		*s = fresh("inst_rise.db");
	struct store_instrow	*r;
	int64_t			 a, d;
	size_t			 n;

	if (s == NULL)
		return;
	a = begin(s);
	d = put_supply(s, a, 10, 1, BLACK, NULL, NULL, 40, NULL);
	CHECK(put_supply(s, a, 20, 1, BLACK, NULL, NULL, 50, NULL) == d);
	CHECK(put_supply(s, a, 30, 1, BLACK, NULL, NULL, 61, NULL) == d);
	n = instances(s, d, &r);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(r[1].first_level == 40 && r[1].last_level == 50 &&
		    r[1].pages == 10);
		CHECK(r[0].first_level == 61 && r[0].pages == 0);
	}
	inst_free(r, n);
	store_close(s);
}

/* 30, 5, then 100: a swap; the old cartridge keeps its last level and
 * pages, the new one is current. */
static void
test_inst_swap(void)
{
	struct store		*s = fresh("inst_swap.db");
	struct store_instrow	*r;
	int64_t			 a, d;
	size_t			 n;
	sqlite3			*db;

	if (s == NULL)
		return;
	a = begin(s);
	d = put_supply(s, a, 5000, 1, BLACK, "CF259A", NULL, 30, NULL);
	CHECK(put_supply(s, a, 6000, 1, BLACK, "CF259A", NULL, 5, NULL) == d);
	CHECK(put_supply(s, a, 6010, 1, BLACK, "CF259A", NULL, 100, NULL) ==
	    d);
	CHECK(put_supply(s, a, 6400, 1, BLACK, "CF259A", NULL, 97, NULL) ==
	    d);
	n = instances(s, d, &r);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(r[0].current == 1 && r[1].current == 0);
		CHECK(r[0].id > r[1].id && r[0].idx == 1 && r[1].idx == 1);
		CHECK(r[1].first_level == 30 && r[1].last_level == 5);
		CHECK(r[1].pages == 1000);
		CHECK(r[0].first_level == 100 && r[0].last_level == 97);
		CHECK(r[0].pages == 390);
		CHECK(r[0].first_seen >= r[1].last_seen);
	}
	inst_free(r, n);

	/* Each supplies row points at the cartridge it was read from. */
	db = raw(paths[npaths - 1]);
	CHECK(qstr_is(db, "SELECT group_concat(p.percent || ':' ||"
	    " p.instance_id, ' ') FROM (SELECT p.* FROM supplies p"
	    " ORDER BY p.rowid) p", "30:1 5:1 100:2 97:2"));
	sqlite3_close(db);
	store_close(s);
}

/* Serials decide when both are known, whatever the level does. */
static void
test_inst_serial(void)
{
	struct store		*s = fresh("inst_serial.db");
	struct store_instrow	*r;
	int64_t			 a, d;
	size_t			 n;

	if (s == NULL)
		return;
	a = begin(s);
	d = put_supply(s, a, 100, 1, BLACK, "CF259A", "AAA111", 50, NULL);
	/* Another cartridge at the same level. */
	CHECK(put_supply(s, a, 200, 1, BLACK, "CF259A", "BBB222", 50, NULL) ==
	    d);
	n = instances(s, d, &r);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(streq(r[0].serial, "BBB222") && r[0].current == 1);
		CHECK(streq(r[1].serial, "AAA111") && r[1].current == 0);
		CHECK(r[1].last_level == 50 && r[1].pages == 0);
	}
	inst_free(r, n);

	/* The same serial after a rise (refilled in place): the same one. */
	CHECK(put_supply(s, a, 300, 1, BLACK, "CF259A", "BBB222", 100,
	    NULL) == d);
	/* A read that misses the serial falls back to the other evidence. */
	CHECK(put_supply(s, a, 400, 1, BLACK, "CF259A", NULL, 95, NULL) == d);
	CHECK(put_supply(s, a, 500, 1, BLACK, "CF259A", "", 90, NULL) == d);
	n = instances(s, d, &r);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(streq(r[0].serial, "BBB222"));
		CHECK(r[0].first_level == 50 && r[0].last_level == 90);
		CHECK(r[0].pages == 300);
	}
	inst_free(r, n);
	store_close(s);
}

/* Names, and the states when percentages are missing. */
static void
test_inst_fallback(void)
{
	struct store		*s = fresh("inst_fallback.db");
	struct store_instrow	*r;
	int64_t			 a, d;
	size_t			 n;

	if (s == NULL)
		return;
	a = begin(s);
	/* Another part number, then another description: two swaps. */
	d = put_supply(s, a, 1, 1, BLACK, "CF259A", NULL, 50, NULL);
	CHECK(put_supply(s, a, 2, 1, BLACK, "CF259X", NULL, 45, NULL) == d);
	CHECK(put_supply(s, a, 3, 1, "Black Cartridge HP CF259X", "CF259X",
	    NULL, 40, NULL) == d);
	/* A missing name is no evidence either way. */
	CHECK(put_supply(s, a, 4, 1, NULL, NULL, NULL, 35, NULL) == d);
	CHECK((n = instances(s, d, &r)) == 3);
	inst_free(r, n);

	/* Without percentages: some remaining, empty, some remaining. */
	CHECK(put_supply(s, a, 5, 2, "Drum", NULL, NULL, -1,
	    "some_remaining") == d);
	CHECK(put_supply(s, a, 6, 2, "Drum", NULL, NULL, -1,
	    "some_remaining") == d);
	CHECK(put_supply(s, a, 7, 2, "Drum", NULL, NULL, -1, "empty") == d);
	CHECK(put_supply(s, a, 8, 2, "Drum", NULL, NULL, -1, "unknown") ==
	    d);
	CHECK(put_supply(s, a, 9, 2, "Drum", NULL, NULL, -1,
	    "some_remaining") == d);
	/* Low by percent, then a level the device cannot measure. */
	CHECK(put_supply(s, a, 10, 3, "Cyan", NULL, NULL, 8, NULL) == d);
	CHECK(put_supply(s, a, 11, 3, "Cyan", NULL, NULL, -1,
	    "some_remaining") == d);
	/* Unknown, then full: nothing says it was low. */
	CHECK(put_supply(s, a, 12, 4, "Magenta", NULL, NULL, -1, "unknown") ==
	    d);
	CHECK(put_supply(s, a, 13, 4, "Magenta", NULL, NULL, 100, NULL) == d);
	n = instances(s, d, &r);
	/* idx 1: 3; idx 2: "empty" -> "unknown" is the same drum, the
	 * "some_remaining" after it compares with the last sighting
	 * ("unknown"), so 1; idx 3: 2; idx 4: 1. */
	CHECK(n == 7);
	if (n == 7) {
		CHECK(r[0].idx == 1 && r[0].current && r[2].idx == 1 &&
		    !r[2].current);
		CHECK(streq(r[0].description, "Black Cartridge HP CF259X"));
		CHECK(streq(r[0].part_number, "CF259X"));
		CHECK(r[0].first_level == 40 && r[0].last_level == 35);
		CHECK(r[3].idx == 2 && r[3].first_level == -1 &&
		    r[3].last_level == -1 && r[3].pages == 4);
		CHECK(r[4].idx == 3 && r[5].idx == 3 && r[6].idx == 4);
		CHECK(r[5].last_level == 8 && r[4].first_level == -1);
		CHECK(r[6].first_level == 100);
	}
	inst_free(r, n);

	/* Straight from empty to some remaining: a new drum. */
	CHECK(put_supply(s, a, 14, 2, "Drum", NULL, NULL, -1, "empty") == d);
	CHECK(put_supply(s, a, 15, 2, "Drum", NULL, NULL, -1,
	    "some_remaining") == d);
	n = instances(s, d, &r);
	CHECK(n == 8 && r[3].idx == 2 && r[3].current && r[4].idx == 2 &&
	    !r[4].current && r[4].pages == 9 && r[3].pages == 0);
	inst_free(r, n);
	store_close(s);
}

/* Each index has its own instances; deleting old assessments keeps the
 * instances (their scan links go NULL), deleting the device drops them. */
static void
test_inst_rows(void)
{
	struct store		*s = fresh("inst_rows.db");
	struct store_instrow	*r;
	struct device		 d;
	struct dev_supply	*p;
	int64_t			 a, id = 0;
	size_t			 n;
	sqlite3			*db;

	if (s == NULL)
		return;
	a = begin(s);
	mksupply(&d, 10, 1, BLACK, NULL, NULL, 50, NULL);
	p = dev_add_supply(&d);
	p->index = 2;
	dev_set(&p->description, "Cyan");
	p->max = 100;
	p->level = p->percent = 5;
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	/* Cyan swapped, black goes on. */
	d.supplies[0].percent = 45;
	d.supplies[1].percent = 100;
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	dev_release(&d);
	n = instances(s, id, &r);
	CHECK(n == 3);
	if (n == 3) {
		CHECK(r[0].idx == 1 && r[0].current &&
		    r[0].last_level == 45);
		CHECK(r[1].idx == 2 && r[1].current &&
		    r[1].first_level == 100);
		CHECK(r[2].idx == 2 && !r[2].current && r[2].last_level == 5);
	}
	inst_free(r, n);

	db = raw(paths[npaths - 1]);
	rawexec(db, "PRAGMA foreign_keys = ON; DELETE FROM assessments");
	CHECK(qint(db, "SELECT count(*) FROM supply_instances") == 3);
	CHECK(qint(db, "SELECT count(*) FROM supply_instances WHERE"
	    " first_scan_id IS NULL AND last_scan_id IS NULL") == 3);
	rawexec(db, "PRAGMA foreign_keys = ON; DELETE FROM devices");
	CHECK(qint(db, "SELECT count(*) FROM supply_instances") == 0);
	sqlite3_close(db);
	store_close(s);
}

/* A failing insert into meter_checks, the last row table, leaves nothing
 * of that put: no scan, no rows, no instance created or moved on. */
static void
test_atomic_checks(void)
{
	struct store	*s = fresh("atomic2.db");
	const char	*p = paths[npaths - 1];
	const char	*snap = "SELECT group_concat(id || ',' ||"
			    " last_scan_id || ',' || last_seen || ',' ||"
			    " coalesce(last_level, '-') || ',' ||"
			    " coalesce(serial, '-'), ' ')"
			    " FROM supply_instances";
	struct device	 d;
	int64_t		 a, id = 0, counts[8];
	const char	*tabs[8] = { "devices", "scans", "meters", "supplies",
			    "trays", "alerts", "meter_checks",
			    "supply_instances" };
	char		*before, sql[96];
	size_t		 i;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	db = raw(p);
	for (i = 0; i < nitems(tabs); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tabs[i]);
		counts[i] = qint(db, sql);
	}
	before = qstr(db, snap);
	CHECK(counts[6] == 2 && counts[7] == 3);

	/* A swap of supply 1 (another serial) and a new device. */
	dev_set(&d.supplies[0].serial, "1T02T60NL0-0043");
	boom(db, "meter_checks");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(errmsg_is("cannot store device '192.0.2.7': forced failure"));
	dev_set(&d.serial, "NEW2");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	for (i = 0; i < nitems(tabs); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tabs[i]);
		CHECK(qint(db, sql) == counts[i]);
	}
	CHECK(qstr_is(db, snap, before));
	unboom(db);

	/* Without the trigger the swap goes in; the checks, unchanged, are
	 * not written again but marked read by the new scan. */
	dev_set(&d.serial, "VCF1234567");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(qint(db, "SELECT count(*) FROM supply_instances") ==
	    counts[7] + 1);
	CHECK(qint(db, "SELECT count(*) FROM meter_checks") == counts[6]);
	CHECK(qint(db, "SELECT count(*) FROM meter_checks WHERE last_scan_id"
	    " = (SELECT max(id) FROM scans) AND scan_id < last_scan_id") ==
	    counts[6]);
	free(before);
	sqlite3_close(db);
	dev_release(&d);
	store_close(s);
}

/* A device of serial at 10.30.0.1 (serial NULL: a read that lost it). */
static void
mkm(struct device *d, const char *serial)
{
	mkdev(d, "10.30.0.1", "Canon", serial, NULL, DEV_NONE);
}

/* Puts d and releases it; the device id or -1. */
static int64_t
putd(struct store *s, int64_t a, struct device *d)
{
	int64_t	id = -1;

	if (store_put_device(s, a, d, &id, &err) == -1) {
		printf("# %s\n", err.msg);
		id = -1;
	}
	dev_release(d);
	return id;
}

/* Puts mkm(serial) with the meters given as name, value (long long)
 * pairs up to a NULL name, each read from a plain OID; the id or -1. */
static int64_t
putm(struct store *s, int64_t a, const char *serial, ...)
{
	struct device	 d;
	va_list		 ap;
	const char	*name;
	char		 oid[64];
	int		 k = 1;

	mkm(&d, serial);
	va_start(ap, serial);
	while ((name = va_arg(ap, const char *)) != NULL) {
		snprintf(oid, sizeof(oid), "1.3.6.1.4.1.1602.1.11.1.3.1.4.%d",
		    k++);
		dev_add_meter(&d, name, (int64_t)va_arg(ap, long long),
		    "impressions", oid);
	}
	va_end(ap);
	return putd(s, a, &d);
}

/* Whether the device's flags, newest first, are want: "name:reason" and
 * ":previous:current" when known, "[detail]" when given, space apart. */
static int
flags_are(struct store *s, int64_t dev, const char *want)
{
	struct store_flagrow	*r = NULL;
	struct fa_buf		 b = FA_BUF_INIT;
	size_t			 n = 0, i;
	char			*got;
	int			 ok;

	if (store_meter_flags(s, dev, &r, &n, &err) == -1) {
		printf("# %s\n", err.msg);
		return 0;
	}
	for (i = 0; i < n; i++) {
		fa_buf_printf(&b, "%s%s:%s", i ? " " : "", r[i].name,
		    r[i].reason);
		if (r[i].previous != DEV_NONE || r[i].current != DEV_NONE)
			fa_buf_printf(&b, ":%lld:%lld",
			    (long long)r[i].previous,
			    (long long)r[i].current);
		if (r[i].detail != NULL)
			fa_buf_printf(&b, "[%s]", r[i].detail);
		store_flagrow_release(&r[i]);
	}
	free(r);
	got = fa_buf_steal(&b);
	if (!(ok = streq(got, want)))
		printf("# flags: got '%s', want '%s'\n", got, want);
	free(got);
	return ok;
}

/* Whether store_volume() gives pages and excluded. */
static int
volume_is(struct store *s, int64_t dev, const char *meter, int64_t from,
    int64_t to, int64_t pages, int excluded)
{
	int64_t	p = -1;
	int	x = -1;

	if (store_volume(s, dev, meter, from, to, &p, &x, &err) == -1) {
		printf("# %s\n", err.msg);
		return 0;
	}
	if (p != pages || x != excluded)
		printf("# volume of %s: got %lld/%d, want %lld/%d\n", meter,
		    (long long)p, x, (long long)pages, excluded);
	return p == pages && x == excluded;
}

/* Counters that go up, or stay while nothing printed, are not flagged. */
static void
test_flag_increase(void)
{
	struct store	*s = fresh("flag-up.db");
	struct store_flagrow	*r = NULL;
	size_t		 n = 1;
	int64_t		 a, id;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	id = putm(s, a, "UP1", "total", 100LL, "mono", 80LL, "colour", 20LL,
	    (const char *)NULL);
	CHECK(id > 0);
	CHECK(putm(s, a, "UP1", "total", 150LL, "mono", 120LL, "colour",
	    30LL, (const char *)NULL) == id);
	CHECK(putm(s, a, "UP1", "total", 150LL, "mono", 120LL, "colour",
	    30LL, (const char *)NULL) == id);
	CHECK(flags_are(s, id, ""));
	db = raw(paths[npaths - 1]);
	CHECK(qint(db, "SELECT count(*) FROM meter_flags") == 0);
	sqlite3_close(db);
	CHECK(store_meter_flags(s, 999, &r, &n, &err) == -1);
	CHECK(errmsg_is("no device 999 in the store") && r == NULL && n == 0);
	store_close(s);
}

/* A counter that went down is flagged against the newest earlier scan
 * that has it, even when the scan in between lacks it. */
static void
test_flag_decrease(void)
{
	struct store	*s = fresh("flag-down.db");
	int64_t		 a, id;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	id = putm(s, a, "DN1", "total", 1000LL, "mono", 500LL,
	    (const char *)NULL);
	CHECK(putm(s, a, "DN1", "total", 900LL, (const char *)NULL) == id);
	CHECK(flags_are(s, id, "total:decrease:1000:900"));
	CHECK(putm(s, a, "DN1", "total", 950LL, "mono", 400LL,
	    (const char *)NULL) == id);
	CHECK(flags_are(s, id, "mono:decrease:500:400 "
	    "total:decrease:1000:900"));
	db = raw(paths[npaths - 1]);
	CHECK(qint(db, "SELECT count(*) FROM meter_flags f JOIN scans s"
	    " ON s.id = f.scan_id WHERE f.name = 'mono' AND s.id ="
	    " (SELECT max(id) FROM scans) AND f.detail IS NULL") == 1);
	sqlite3_close(db);
	store_close(s);
}

/* 0xFFFFF000 -> 0x200 from a plain OID is a wrap, not a decrease; from a
 * sum or blob rule, from above 2^32 or from under the top 2^28 it is. */
static void
test_flag_wrap32(void)
{
	struct store	*s = fresh("flag-wrap.db");
	struct device	 d;
	int64_t		 a, id;
	int		 k;

	if (s == NULL)
		return;
	a = begin(s);
	for (k = 0; k < 2; k++) {
		mkm(&d, "WR1");
		dev_add_meter(&d, "total", k ? 0x200 : 0xFFFFF000LL,
		    "impressions", "1.3.6.1.2.1.43.10.2.1.4.1.1");
		dev_add_meter(&d, "mono", k ? 0x200 : 0xFFFFF000LL,
		    "impressions", "sum(1.3.6.1.4.1.1347.42.3.1.1.1.1.1,"
		    "1.3.6.1.4.1.1347.42.3.1.1.1.1.3)");
		dev_add_meter(&d, "colour", k ? 0x200 : 0xFFFFF000LL,
		    "impressions", "brother:0x11");
		dev_add_meter(&d, "print", k ? 3 : 0x100000005LL,
		    "impressions", "1.3.6.1.4.1.1602.1.11.1.3.1.4.1");
		dev_add_meter(&d, "copy", k ? 3 : 0xEFFFFFFFLL,
		    "impressions", "1.3.6.1.4.1.1602.1.11.1.3.1.4.2");
		id = putd(s, a, &d);
		CHECK(id > 0);
	}
	CHECK(flags_are(s, id, "total:wrap32:4294963200:512"
	    " mono:decrease:4294963200:512 colour:decrease:4294963200:512"
	    " print:decrease:4294967301:3 copy:decrease:4026531839:3"));
	CHECK(volume_is(s, id, "total", 0, INT64_MAX, 0, 1));
	store_close(s);
}

/* A counter that stayed while total, mono, colour, print or copy went up
 * is frozen; nothing moving at all is not. */
static void
test_flag_frozen(void)
{
	struct store	*s = fresh("flag-frozen.db");
	int64_t		 a, id;

	if (s == NULL)
		return;
	a = begin(s);
	id = putm(s, a, "FR1", "total", 100LL, "mono", 80LL, "colour", 20LL,
	    "fax", 5LL, (const char *)NULL);
	CHECK(putm(s, a, "FR1", "total", 150LL, "mono", 80LL, "colour", 70LL,
	    "fax", 5LL, (const char *)NULL) == id);
	/* fax may stay while the device prints: never frozen. */
	CHECK(flags_are(s, id, "mono:frozen:80:80"));
	CHECK(putm(s, a, "FR1", "total", 150LL, "mono", 80LL, "colour", 70LL,
	    "fax", 5LL, (const char *)NULL) == id);
	CHECK(flags_are(s, id, "mono:frozen:80:80"));
	/* Mono moved up and total stayed: total is the frozen one. */
	CHECK(putm(s, a, "FR1", "total", 150LL, "mono", 90LL, "colour", 70LL,
	    (const char *)NULL) == id);
	CHECK(flags_are(s, id, "total:frozen:150:150 colour:frozen:70:70"
	    " mono:frozen:80:80"));
	store_close(s);
}

/* A serial that differs from the newest earlier known one is one swap
 * flag; a read without a serial is not a swap.  The identity rule makes
 * another serial another device, so the device row is re-keyed here as
 * a merge of the two would. */
static void
test_flag_swap(void)
{
	struct store	*s = fresh("flag-swap.db");
	int64_t		 a, id;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	id = putm(s, a, "SW1", "total", 100LL, (const char *)NULL);
	db = raw(paths[npaths - 1]);
	rawexec(db, "UPDATE devices SET key_value = 'canon/SW2'");
	CHECK(putm(s, a, "SW2", "total", 200LL, (const char *)NULL) == id);
	CHECK(flags_are(s, id, "serial:swap[SW1 -> SW2]"));
	CHECK(putm(s, a, NULL, "total", 250LL, (const char *)NULL) == id);
	CHECK(putm(s, a, "SW2", "total", 300LL, (const char *)NULL) == id);
	CHECK(flags_are(s, id, "serial:swap[SW1 -> SW2]"));
	CHECK(qint(db, "SELECT count(*) FROM meter_flags WHERE reason ="
	    " 'swap' AND name = 'serial' AND previous IS NULL AND current IS"
	    " NULL") == 1);
	/* The step across the swap is left out of the volume. */
	CHECK(volume_is(s, id, "total", 0, INT64_MAX, 100, 1));
	sqlite3_close(db);
	store_close(s);
}

/* Another serial at the same address is another device (the identity
 * rule), whose first scan is flagged as a swap; the old device keeps its
 * history and its volume does not run across. */
static void
test_swap_addr(void)
{
	struct store	*s = fresh("swap-addr.db");
	int64_t		 a, d1, d2;

	if (s == NULL)
		return;
	a = begin(s);
	d1 = putm(s, a, "SA1", "total", 5000LL, (const char *)NULL);
	CHECK(putm(s, a, "SA1", "total", 5100LL, (const char *)NULL) == d1);
	d2 = putm(s, a, "SA2", "total", 20LL, (const char *)NULL);
	CHECK(d2 > 0 && d2 != d1);
	CHECK(flags_are(s, d2, "serial:swap[SA1 -> SA2]"));
	CHECK(flags_are(s, d1, ""));
	CHECK(putm(s, a, "SA2", "total", 30LL, (const char *)NULL) == d2);
	CHECK(flags_are(s, d2, "serial:swap[SA1 -> SA2]"));
	CHECK(volume_is(s, d1, "total", 0, INT64_MAX, 100, 0));
	CHECK(volume_is(s, d2, "total", 0, INT64_MAX, 10, 0));
	/* A new device at a new address is no swap. */
	CHECK(put(s, a, "10.30.0.2", "Canon", "SA3", NULL, 1) > 0);
	CHECK(flags_are(s, d2 + 1, ""));
	store_close(s);
}

/* Volume sums the increases between consecutive scans, leaving out the
 * flagged steps, within a time span. */
static void
test_volume(void)
{
	struct store	*s = fresh("volume.db");
	int64_t		 a, id, p = 0;
	int		 x = 0;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	id = putm(s, a, "VO1", "total", 1000LL, "mono", 800LL,
	    (const char *)NULL);
	putm(s, a, "VO1", "total", 1100LL, "mono", 900LL, (const char *)NULL);
	putm(s, a, "VO1", "total", 1050LL, "mono", 950LL, (const char *)NULL);
	putm(s, a, "VO1", "total", 1200LL, "mono", 1000LL,
	    (const char *)NULL);
	putm(s, a, "VO1", "total", 1200LL, "mono", 1100LL,
	    (const char *)NULL);
	CHECK(putm(s, a, "VO1", "total", 1300LL, "mono", 1100LL,
	    (const char *)NULL) == id);
	CHECK(flags_are(s, id, "mono:frozen:1100:1100"
	    " total:frozen:1200:1200 total:decrease:1100:1050"));
	/* +100, (-50), +150, (0), +100 and +100, +50, +50, +100, (0). */
	CHECK(volume_is(s, id, "total", 0, INT64_MAX, 350, 2));
	CHECK(volume_is(s, id, "mono", 0, INT64_MAX, 300, 1));
	CHECK(volume_is(s, id, "fax", 0, INT64_MAX, 0, 0));

	/* Scan N at N * 1000 s: [2000, 4000] is scans 2 to 4. */
	db = raw(paths[npaths - 1]);
	rawexec(db, "UPDATE scans SET time = id * 1000");
	sqlite3_close(db);
	CHECK(volume_is(s, id, "total", 2000, 4000, 150, 1));
	CHECK(volume_is(s, id, "mono", 2000, 4000, 100, 0));
	CHECK(volume_is(s, id, "total", 4000, 4000, 0, 0));
	CHECK(volume_is(s, id, "total", 5000, 1000, 0, 0));
	CHECK(store_volume(s, 99, "total", 0, 1, &p, &x, &err) == -1);
	CHECK(errmsg_is("no device 99 in the store"));
	store_close(s);
}

/* A failing insert into meter_flags, the last write of a put, leaves
 * nothing of that put; a put that flags nothing does not insert. */
static void
test_atomic_flags(void)
{
	struct store	*s = fresh("atomic3.db");
	const char	*p = paths[npaths - 1];
	const char	*tabs[] = { "devices", "scans", "meters", "supplies",
			    "trays", "alerts", "meter_checks",
			    "supply_instances", "status_errors", "display",
			    "meter_flags" };
	struct device	 d;
	int64_t		 a, id = 0, counts[nitems(tabs)];
	char		*before, sql[96];
	size_t		 i;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	db = raw(p);
	rawexec(db, "CREATE TRIGGER boom BEFORE INSERT ON meter_flags"
	    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	for (i = 0; i < nitems(tabs); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tabs[i]);
		counts[i] = qint(db, sql);
	}
	before = qstr(db, "SELECT group_concat(id || ',' || last_scan_id ||"
	    " ',' || coalesce(serial, '-'), ' ') FROM supply_instances");

	/* total goes down, and supply 1 is swapped. */
	d.meters[0].value -= 10;
	dev_set(&d.supplies[0].serial, "1T02T60NL0-0043");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(errmsg_is("cannot store device '192.0.2.7': forced failure"));
	for (i = 0; i < nitems(tabs); i++) {
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", tabs[i]);
		CHECK(qint(db, sql) == counts[i]);
	}
	CHECK(qstr_is(db, "SELECT group_concat(id || ',' || last_scan_id ||"
	    " ',' || coalesce(serial, '-'), ' ') FROM supply_instances",
	    before));
	rawexec(db, "DROP TRIGGER boom");

	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(qint(db, "SELECT count(*) FROM meter_flags") == 1);
	CHECK(flags_are(s, id, "total:decrease:123456:123446"));
	CHECK(qint(db, "SELECT count(*) FROM scans") == counts[1] + 1);
	free(before);
	sqlite3_close(db);
	dev_release(&d);
	store_close(s);
}

/* Rows of table in db as a number. */
static int64_t
nrows(sqlite3 *db, const char *table)
{
	char	sql[96];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	return qint(db, sql);
}

/*
 * Change-only: the same read again writes a scan row and no value (every
 * row's run reaches the new scan, the attributes point at the scan that
 * holds them); a changed supply level is one new row; the device reads
 * back whole and history still has the total of each scan.
 */
static void
test_change_only(void)
{
	struct store	*s = fresh("change.db");
	const char	*tabs[] = { "meters", "supplies", "trays", "alerts",
			    "meter_checks", "status_errors", "display" };
	struct device	 d, out;
	struct store_scanrow *h = NULL;
	int64_t		 a, id = 0, counts[nitems(tabs)];
	size_t		 i, n = 0;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	dev_init(&out);
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	db = raw(paths[npaths - 1]);
	for (i = 0; i < nitems(tabs); i++) {
		counts[i] = nrows(db, tabs[i]);
		CHECK(counts[i] > 0);
	}
	d.uptime += 100;	/* a fact of the read, not a value */
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	for (i = 0; i < nitems(tabs); i++)
		CHECK(nrows(db, tabs[i]) == counts[i]);
	CHECK(nrows(db, "scans") == 2);
	CHECK(qint(db, "SELECT count(*) FROM meters WHERE scan_id = 1 AND"
	    " last_scan_id = 2") == counts[0]);
	CHECK(qint(db, "SELECT count(*) FROM scans WHERE id = 2 AND"
	    " attrs_from = 1 AND serial IS NULL AND sys_descr IS NULL AND"
	    " uptime = 987654421") == 1);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&d, &out);

	/* One supply level moves: one new supplies row, nothing else. */
	d.supplies[0].level -= 1;
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	for (i = 0; i < nitems(tabs); i++)
		CHECK(nrows(db, tabs[i]) == counts[i] + (i == 1));
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE scan_id = 3 AND"
	    " idx = 1") == 1);
	CHECK(qint(db, "SELECT last_scan_id FROM supplies WHERE scan_id = 1"
	    " AND idx = 1") == 2);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&d, &out);

	/* The location changes: a new attribute record. */
	dev_set(&d.sys_location, "Floor 4");
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(qint(db, "SELECT count(*) FROM scans WHERE attrs_from IS NULL")
	    == 2);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&d, &out);

	/* The total goes up: the history shows each scan's total. */
	d.meters[0].value += 10;
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(store_history(s, id, &h, &n, &err) == 0);
	CHECK(n == 5);
	for (i = 0; i < n; i++) {
		CHECK(h[i].total_pages == (i == 0 ? 123466 : 123456));
		CHECK(h[i].nchecks_failed == 1);
		store_scanrow_release(&h[i]);
	}
	free(h);
	CHECK(volume_is(s, id, "total", 0, INT64_MAX, 10, 0));
	CHECK(nrows(db, "meters") == counts[0] + 1);
	sqlite3_close(db);
	dev_release(&d);
	dev_release(&out);
	store_close(s);
}

/*
 * A partial read (parts) compares and keeps only what it read: a meters
 * scan leaves supplies, alerts and the rest as they were; a read that got
 * no answer at all keeps every value.
 */
static void
test_parts(void)
{
	struct store	*s = fresh("parts.db");
	struct device	 d, m, out;
	int64_t		 a, id = 0, nsup;
	sqlite3		*db;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	dev_init(&out);
	CHECK(store_put_device(s, a, &d, &id, &err) == 0);
	db = raw(paths[npaths - 1]);
	nsup = nrows(db, "supplies");

	/* Meters only, the total moved; what the read did not cover is not
	 * looked at, even where the struct has something. */
	rich(&m);
	m.parts = DEV_P_METERS;
	m.meters[0].value += 7;
	m.supplies[0].level = 1;
	m.alerts[0].code = 1;
	CHECK(store_put_device(s, a, &m, NULL, &err) == 0);
	CHECK(qint(db, "SELECT parts FROM scans WHERE id = 2") ==
	    (DEV_P_METERS | DEV_P_ATTRS));
	CHECK(nrows(db, "supplies") == nsup);
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE last_scan_id = 2")
	    == 0);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	CHECK(out.nsupplies == d.nsupplies && out.nalerts == d.nalerts &&
	    out.ntrays == d.ntrays && out.status.nerrors == d.status.nerrors);
	CHECK(out.nmeters > 0 && out.meters[0].value == 123463);
	CHECK(out.nsupplies > 0 && out.supplies[0].level ==
	    d.supplies[0].level && out.alerts[0].code == d.alerts[0].code);
	CHECK(volume_is(s, id, "total", 0, INT64_MAX, 7, 0));

	/* No answer at all: a scan row, every value kept. */
	dev_release(&m);
	dev_init(&m);
	dev_set(&m.address, "192.0.2.7");
	dev_set(&m.error, "system group: no answer");
	CHECK(store_put_device(s, a, &m, NULL, &err) == 0);
	CHECK(qint(db, "SELECT parts FROM scans WHERE id = 3") == 0);
	CHECK(qint(db, "SELECT attrs_from FROM scans WHERE id = 3") == 1);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	CHECK(streq(out.error, "system group: no answer"));
	CHECK(streq(out.serial, "VCF1234567") && out.nsupplies == d.nsupplies
	    && out.nmeters == d.nmeters && out.meters[0].value == 123463);
	sqlite3_close(db);
	dev_release(&m);
	dev_release(&d);
	dev_release(&out);
	store_close(s);
}

/* Missed discoveries count up to missing; a read clears it. */
static void
test_missing(void)
{
	struct store		*s = fresh("missing.db");
	struct store_devrow	*r = NULL;
	struct device		 d;
	size_t			 n = 0, i;
	int64_t			 a, id, dead = 0, seen = 0;
	int			 k;

	if (s == NULL)
		return;
	a = begin(s);
	id = put(s, a, "10.9.0.1", "HP", "MS1", NULL, 10);
	for (k = 1; k <= 3; k++) {
		CHECK(store_device_missed(s, id, 3, &err) == 0);
		CHECK(store_list_devices(s, &r, &n, &err) == 0);
		CHECK(n == 1 && r[0].missed == k);
		seen = r[0].last_seen;
		CHECK((r[0].missing_since != 0) == (k == 3));
		for (i = 0; i < n; i++)
			store_devrow_release(&r[i]);
		free(r);
	}
	/* A scan that got no answer at all neither sees nor clears it. */
	dev_init(&d);
	dev_set(&d.address, "10.9.0.1");
	dev_set(&d.error, "system group: no answer");
	CHECK(store_put_device(s, a, &d, &dead, &err) == 0 && dead == id);
	dev_release(&d);
	CHECK(store_list_devices(s, &r, &n, &err) == 0);
	CHECK(n == 1 && r[0].missed == 3 && r[0].missing_since != 0 &&
	    r[0].last_seen == seen && streq(r[0].error,
	    "system group: no answer"));
	for (i = 0; i < n; i++)
		store_devrow_release(&r[i]);
	free(r);
	CHECK(put(s, a, "10.9.0.1", "HP", "MS1", NULL, 11) == id);
	CHECK(store_list_devices(s, &r, &n, &err) == 0);
	CHECK(n == 1 && r[0].missed == 0 && r[0].missing_since == 0);
	for (i = 0; i < n; i++)
		store_devrow_release(&r[i]);
	free(r);
	CHECK(store_device_missed(s, 77, 3, &err) == -1);
	CHECK(errmsg_is("no device 77 in the store"));
	store_close(s);
}

/* What is new since an export: changed rows, rows seen unchanged. */
static void
test_delta(void)
{
	struct store		*s = fresh("delta.db");
	struct store_delta	 dl;
	struct device		 d;
	int64_t			 a, upto = 0, nmet;

	if (s == NULL)
		return;
	a = begin(s);
	rich(&d);
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(store_delta(s, -1, &dl, &err) == 0);
	CHECK(dl.since_scan == 0 && dl.upto_scan == 1 && dl.scans == 1 &&
	    dl.devices == 1 && dl.attrs == 1 && dl.since_time == 0);
	nmet = (int64_t)d.nmeters;
	CHECK(dl.changed[STORE_DT_METERS] == nmet &&
	    dl.unchanged[STORE_DT_METERS] == 0);
	CHECK(store_last_scan(s, INT64_MAX, &upto, &err) == 0 && upto == 1);
	CHECK(store_export_mark(s, "bundle-1", upto, NULL, &err) == 0);

	CHECK(store_delta(s, -1, &dl, &err) == 0);
	CHECK(dl.since_scan == 1 && dl.scans == 0 && dl.since_time > 0 &&
	    dl.changed[STORE_DT_METERS] == 0);

	/* Read again, the total moved: one changed meter, the rest seen. */
	d.meters[0].value += 1;
	CHECK(store_put_device(s, a, &d, NULL, &err) == 0);
	CHECK(store_delta(s, -1, &dl, &err) == 0);
	CHECK(dl.scans == 1 && dl.attrs == 0);
	CHECK(dl.changed[STORE_DT_METERS] == 1 &&
	    dl.unchanged[STORE_DT_METERS] == nmet - 1);
	CHECK(dl.changed[STORE_DT_SUPPLIES] == 0 &&
	    dl.unchanged[STORE_DT_SUPPLIES] == (int64_t)d.nsupplies);
	/* Everything, ignoring the export. */
	CHECK(store_delta(s, 0, &dl, &err) == 0);
	CHECK(dl.scans == 2 && dl.changed[STORE_DT_METERS] == nmet + 1);
	dev_release(&d);
	store_close(s);
}

/* Schema version 1 as shipped (migrations[1] of collector/store_schema.c), kept
 * here verbatim: the upgrade is tested from the real thing, not from
 * whatever the code creates today. */
static const char v1_schema[] =
	"CREATE TABLE assessments ("
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
	"\n\tPRIMARY KEY (scan_id, pos)\n);";

/*
 * A version-1 store with one device over three scans: the black toner
 * swapped between the second and the third (60, 5, 100), the drum the
 * same (50, 45, 40), and a row in every table.
 */
static const char v1_data[] =
	"PRAGMA application_id = 1178686788; PRAGMA user_version = 1;"
	"INSERT INTO assessments VALUES"
	" (1, 1000, 1100, '10.0.0.0/24', '{}', 'complete', 1, 1, 0),"
	" (2, 2000, 2100, '10.0.0.0/24', '{}', 'complete', 1, 0, 1),"
	" (3, 3000, NULL, '10.0.0.0/24', '{\"retries\":1}', 'running',"
	" NULL, NULL, NULL);"
	"INSERT INTO devices VALUES (1, 'serial', 'hp/CNB1', 'HP',"
	" 'LaserJet M404', 'CNB1', 'a0:b1:c2:d3:e4:f5', '10.0.0.5', 'public',"
	" 1000, 3000), (2, 'addr', 'addr:10.0.0.6', NULL, NULL, NULL, NULL,"
	" '10.0.0.6', NULL, 1000, 1000);"
	"INSERT INTO scans VALUES"
	" (1, 1, 1, 1000, '10.0.0.5', 'public', 2, 1, 'Printer-MIB', 'HP',"
	" 'LaserJet M404', 'CNB1', 'a0:b1:c2:d3:e4:f5', '1.3.6.1.4.1.11',"
	" 'HP LaserJet', 'prt1', 'Floor 1', NULL, '2.1', '', 100, 11, 2, 3,"
	" NULL, 250, 12),"
	" (2, 2, 1, 2000, '10.0.0.5', 'public', 2, 1, 'Printer-MIB', 'HP',"
	" 'LaserJet M404', 'CNB1', 'a0:b1:c2:d3:e4:f5', '1.3.6.1.4.1.11',"
	" 'HP LaserJet', 'prt1', 'Floor 1', NULL, '2.1', '', 200, 11, 3, 4,"
	" 'trays: timeout', 900, 30),"
	" (3, 3, 1, 3000, '10.0.0.5', 'public', 2, 1, 'Printer-MIB', 'HP',"
	" 'LaserJet M404', 'CNB1', 'a0:b1:c2:d3:e4:f5', '1.3.6.1.4.1.11',"
	" 'HP LaserJet', 'prt1', 'Floor 1', NULL, '2.2', '', 300, 11, 2, 3,"
	" NULL, 260, 12),"
	" (4, 1, 2, 1000, '10.0.0.6', NULL, NULL, 0, NULL, NULL, NULL, NULL,"
	" NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
	" NULL, 'no answer', 3000, 3);"
	"INSERT INTO meters VALUES"
	" (1, 'total', 5000, 'impressions', '1.3.6.1.2.1.43.10.2.1.4.1.1'),"
	" (1, 'power_on', NULL, 'hours', NULL),"
	" (2, 'total', 7000, 'impressions', '1.3.6.1.2.1.43.10.2.1.4.1.1'),"
	" (3, 'total', 7400, 'impressions', '1.3.6.1.2.1.43.10.2.1.4.1.1');"
	"INSERT INTO supplies VALUES"
	" (1, 1, 'Black Cartridge HP CF259A', 'toner', 'consumed', 'black',"
	" 'percent', 100, 60, 60, 'ok'),"
	" (1, 2, 'Imaging Drum', 'opc', 'consumed', NULL, 'percent', 100, 50,"
	" 50, 'ok'),"
	" (2, 1, 'Black Cartridge HP CF259A', 'toner', 'consumed', 'black',"
	" 'percent', 100, 5, 5, 'ok'),"
	" (2, 2, 'Imaging Drum', 'opc', 'consumed', NULL, 'percent', 100, 45,"
	" 45, 'ok'),"
	" (2, 3, 'Waste box', 'wasteToner', 'filled', NULL, 'other', NULL,"
	" NULL, NULL, 'some_remaining'),"
	" (3, 1, 'Black Cartridge HP CF259A', 'toner', 'consumed', 'black',"
	" 'percent', 100, 100, 100, 'ok'),"
	" (3, 2, 'Imaging Drum', 'opc', 'consumed', NULL, 'percent', 100, 40,"
	" 40, 'ok');"
	"INSERT INTO trays VALUES (1, 1, 'Tray 1', 'A4', 'other', 250, 100,"
	" 40, 'ok', 'available and idle');"
	"INSERT INTO alerts VALUES (2, 1, 'warning', 'trained',"
	" 'markerSupplies', 1, 0, 1104, 'markerTonerAlmostEmpty',"
	" 'Toner low', 98765);"
	"INSERT INTO status_errors VALUES (2, 0, 'lowToner');"
	"INSERT INTO display VALUES (2, 0, 'Toner low'), (2, 1, '');";

/* Makes a version-1 store at path with v1_schema and v1_data, extra SQL
 * after them. */
static void
mkv1(const char *path, const char *extra)
{
	sqlite3	*db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fa_bug("cannot create %s", path);
	rawexec(db, "PRAGMA journal_mode = WAL; BEGIN");
	rawexec(db, v1_schema);
	rawexec(db, v1_data);
	if (extra != NULL)
		rawexec(db, extra);
	rawexec(db, "COMMIT");
	sqlite3_close(db);
}

static char	*dump_where(sqlite3 *, const char *, const char *);

/*
 * Every value of version 1's tables and columns in db, as text in rowid
 * order (caller frees): columns and tables added since are left out, so
 * the dump of a store before and after its upgrade must be equal.
 */
/* Version 4's columns (the runs of change-only, missing devices). */
#define V4_COLS								\
	" (m.name = 'scans' AND c.name IN ('parts', 'attrs_from')) OR"	\
	" (m.name = 'devices' AND c.name IN ('missed', 'missing_since')) OR" \
	" (c.name IN ('device_id', 'last_scan_id') AND m.name != 'scans') OR" \
	" (c.name = 'pos' AND m.name NOT IN ('status_errors', 'display'))"

static char *
dump_v1(sqlite3 *db)
{
	return dump_where(db, "(m.name = 'scans' AND c.name = 'model_def') OR"
	    " (m.name = 'supplies' AND c.name IN ('part_number', 'serial',"
	    " 'level_source', 'instance_id')) OR" V4_COLS, "'meter_checks',"
	    " 'supply_instances', 'meter_flags', 'exports', 'read_width'");
}

/* The same for version 2: every table and column but those of versions 3
 * to 5. */
static char *
dump_v2(sqlite3 *db)
{
	return dump_where(db, V4_COLS, "'meter_flags', 'exports', 'read_width'");
}

/* The dump of every table not in the list tabs, without the columns for
 * which cols (on m.name, c.name) holds. */
static char *
dump_where(sqlite3 *db, const char *cols_out, const char *tabs)
{
	struct fa_buf	 b = FA_BUF_INIT;
	sqlite3_stmt	*st;
	const char	*t, *cols;
	char		*sql, *rows;

	sql = fa_asprintf("SELECT m.name, (SELECT group_concat("
	    "'quote(' || c.name || ')', ' || '','' || ')"
	    " FROM pragma_table_info(m.name) c WHERE NOT (%s))"
	    " FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT IN"
	    " (%s) ORDER BY m.name", cols_out, tabs);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fa_bug("dump: %s", sqlite3_errmsg(db));
	free(sql);
	while (sqlite3_step(st) == SQLITE_ROW) {
		t = (const char *)sqlite3_column_text(st, 0);
		cols = (const char *)sqlite3_column_text(st, 1);
		sql = fa_asprintf("SELECT group_concat(r, char(10)) FROM"
		    " (SELECT %s AS r FROM %s ORDER BY rowid)", cols, t);
		rows = qstr(db, sql);
		fa_buf_printf(&b, "[%s]\n%s\n", t, rows ? rows : "");
		free(rows);
		free(sql);
	}
	sqlite3_finalize(st);
	return fa_buf_steal(&b);
}

/* A version-1 store opens, migrates in one step, and keeps every value;
 * its scans get instances; a new result carries on from them. */
static void
test_migrate_v1(void)
{
	const char		*p = newpath("v1.db");
	struct store		*s = NULL;
	struct store_instrow	*r;
	struct store_scanrow	*h = NULL;
	struct store_devrow	*dl = NULL;
	struct device		 d;
	char			*before, *after, *v2cols;
	size_t			 n, i;
	int64_t			 id = 0, when = 0;
	sqlite3			*db;

	mkv1(p, NULL);
	db = raw(p);
	before = dump_v1(db);
	sqlite3_close(db);

	CHECK(store_open(p, &s, &err) == 0);
	if (s == NULL) {
		printf("# %s\n", err.msg);
		free(before);
		return;
	}
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
	/* Every old column of every old table holds what it held. */
	after = dump_v1(db);
	CHECK(strcmp(before, after) == 0);
	if (strcmp(before, after) != 0)
		printf("# before:\n%s# after:\n%s", before, after);
	free(after);
	free(before);
	v2cols = qstr(db, "SELECT count(*) || '/' || sum(model_def IS NULL)"
	    " FROM scans");
	CHECK(streq(v2cols, "4/4"));
	free(v2cols);
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE part_number IS"
	    " NULL AND serial IS NULL AND level_source IS NULL") == 7);
	CHECK(qint(db, "SELECT count(*) FROM meter_checks") == 0);
	CHECK(qint(db, "SELECT count(*) FROM meter_flags") == 0);
	/* Instances: black 2, drum 1, waste box 1; every row linked. */
	CHECK(qint(db, "SELECT count(*) FROM supply_instances") == 4);
	CHECK(qint(db, "SELECT count(*) FROM supplies WHERE instance_id IS"
	    " NULL") == 0);
	sqlite3_close(db);

	/* Through the API. */
	dev_init(&d);
	CHECK(store_latest(s, 1, &d, &when, &err) == 0);
	CHECK(when == 3000 && streq(d.firmware, "2.2"));
	CHECK(d.model_def == NULL && d.nchecks == 0);
	CHECK(d.nsupplies == 2 && d.supplies != NULL &&
	    d.supplies[0].percent == 100 && d.supplies[0].serial == NULL);
	dev_release(&d);
	CHECK(store_history(s, 1, &h, &n, &err) == 0);
	CHECK(n == 3);
	if (n == 3) {
		CHECK(h[0].time == 3000 && h[2].time == 1000);
		CHECK(h[1].total_pages == 7000 && h[1].nsupplies_low == 1);
		CHECK(h[1].nchecks_failed == 0);
		CHECK(streq(h[1].error, "trays: timeout"));
	}
	for (i = 0; i < n; i++)
		store_scanrow_release(&h[i]);
	free(h);
	CHECK(store_list_devices(s, &dl, &n, &err) == 0);
	CHECK(n == 2 && dl[0].id == 1 && dl[0].total_pages == 7400 &&
	    dl[0].scans == 3 && dl[1].scans == 1 &&
	    streq(dl[1].error, "no answer"));
	for (i = 0; i < n; i++)
		store_devrow_release(&dl[i]);
	free(dl);

	n = instances(s, 1, &r);
	CHECK(n == 4);
	if (n == 4) {
		CHECK(r[0].idx == 1 && r[0].current && r[0].first_level == 100
		    && r[0].pages == 0 && r[0].first_seen == 3000);
		CHECK(r[1].idx == 1 && !r[1].current &&
		    r[1].first_level == 60 && r[1].last_level == 5 &&
		    r[1].pages == 2000 && r[1].last_seen == 2000);
		CHECK(r[2].idx == 2 && r[2].current && r[2].pages == 2400 &&
		    r[2].first_level == 50 && r[2].last_level == 40);
		CHECK(r[3].idx == 3 && r[3].current && r[3].first_level == -1);
	}
	inst_free(r, n);

	/* A new result of the device carries on from the migrated ones. */
	mksupply(&d, 7600, 1, "Black Cartridge HP CF259A", "CF259A",
	    "SER-1", 96, NULL);
	dev_set(&d.address, "10.0.0.5");
	dev_set(&d.serial, "CNB1");
	dev_set(&d.model_def, "hp-laserjet");
	dev_add_check(&d, "total=marker.1", 7600, 7600);
	CHECK(store_put_device(s, 2, &d, &id, &err) == 0);
	CHECK(id == 1);
	dev_release(&d);
	n = instances(s, 1, &r);
	CHECK(n == 4 && r[0].pages == 200 && r[0].last_level == 96 &&
	    streq(r[0].serial, "SER-1") && streq(r[0].part_number, "CF259A"));
	inst_free(r, n);
	store_close(s);
}

/* A migration that fails half way (here in its data part) leaves the
 * store at version 1 exactly as it was; once the cause is gone it
 * migrates. */
static void
test_migrate_atomic(void)
{
	const char	*p = newpath("v1fail.db");
	struct store	*s = NULL;
	char		*want, *before, *after;
	sqlite3		*db;

	mkv1(p, "CREATE TRIGGER boom BEFORE UPDATE ON supplies"
	    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
	db = raw(p);
	before = dump_v1(db);
	sqlite3_close(db);

	CHECK(store_open(p, &s, &err) == -1 && s == NULL);
	store_close(s);
	s = NULL;
	want = fa_asprintf("cannot migrate store '%s' to schema version 2: "
	    "forced failure", p);
	CHECK(errmsg_is(want));
	free(want);
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == 1);
	CHECK(qint(db, "SELECT count(*) FROM pragma_table_info('supplies')"
	    " WHERE name IN ('part_number', 'instance_id')") == 0);
	CHECK(qint(db, "SELECT count(*) FROM sqlite_master WHERE name IN"
	    " ('meter_checks', 'supply_instances')") == 0);
	after = dump_v1(db);
	CHECK(strcmp(before, after) == 0);
	free(before);
	free(after);

	rawexec(db, "DROP TRIGGER boom");
	sqlite3_close(db);
	CHECK(store_open(p, &s, &err) == 0 && s != NULL);
	if (s != NULL)
		CHECK(nhistory(s, 1) == 3);
	store_close(s);
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
	CHECK(qint(db, "SELECT count(*) FROM supply_instances") == 4);
	sqlite3_close(db);
}

/* What step 2 of the migrations added, as shipped (migrations[2] of
 * collector/store.c), kept here verbatim: with v1_schema, version 2. */
static const char v2_step[] =
	"ALTER TABLE scans ADD COLUMN model_def TEXT;"
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
	"CREATE INDEX supplies_instance ON supplies (instance_id);";

/*
 * A version-2 store: v1_data upgraded, then what version 2 adds: a model
 * definition, a cartridge's part number and serial, a level source, a
 * cross-check, the instances, and a fourth scan of device 1 whose total
 * went down (7400, then 7300).
 */
static const char v2_data[] =
	"PRAGMA user_version = 2;"
	"UPDATE scans SET model_def = 'hp-laserjet' WHERE id = 3;"
	"UPDATE supplies SET part_number = 'CF259A', serial = 'S-2'"
	" WHERE scan_id = 3 AND idx = 1;"
	"UPDATE supplies SET level_source = '1.3.6.1.4.1.11.2.3.9.4.2.1.4.1"
	".10.1.1.18.1' WHERE scan_id = 3 AND idx = 2;"
	"INSERT INTO meter_checks VALUES (3, 'total=marker.1', 7400, 7390, 0);"
	"INSERT INTO scans (id, assessment_id, device_id, time, address,"
	" is_printer, vendor, serial, requests, model_def) VALUES (5, 3, 1,"
	" 4000, '10.0.0.5', 1, 'HP', 'CNB1', 10, 'hp-laserjet');"
	"INSERT INTO meters VALUES"
	" (5, 'total', 7300, 'impressions', '1.3.6.1.2.1.43.10.2.1.4.1.1');"
	"INSERT INTO supply_instances VALUES"
	" (1, 1, 1, 'Black Cartridge HP CF259A', NULL, NULL, 1, 2, 1000, 2000,"
	" 60, 5, 5000, 7000),"
	" (2, 1, 2, 'Imaging Drum', NULL, NULL, 1, 3, 1000, 3000, 50, 40, 5000,"
	" 7400),"
	" (3, 1, 3, 'Waste box', NULL, NULL, 2, 2, 2000, 2000, NULL, NULL,"
	" 7000, 7000),"
	" (4, 1, 1, 'Black Cartridge HP CF259A', 'CF259A', 'S-2', 3, 3, 3000,"
	" 3000, 100, 100, 7400, 7400);"
	"UPDATE supplies SET instance_id = CASE WHEN idx = 2 THEN 2"
	" WHEN idx = 3 THEN 3 WHEN scan_id = 3 THEN 4 ELSE 1 END;";

/* Makes a version-2 store at path, extra SQL after it. */
static void
mkv2(const char *path, const char *extra)
{
	sqlite3	*db;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		fa_bug("cannot create %s", path);
	rawexec(db, "PRAGMA journal_mode = WAL; BEGIN");
	rawexec(db, v1_schema);
	rawexec(db, v1_data);
	rawexec(db, v2_step);
	rawexec(db, v2_data);
	if (extra != NULL)
		rawexec(db, extra);
	rawexec(db, "COMMIT");
	sqlite3_close(db);
}

/* A version-2 store opens, migrates in one step, and keeps every value;
 * its scans get their flags, which the volume then leaves out; a new
 * result carries on from them.  A step that fails leaves version 2. */
static void
test_migrate_v2(void)
{
	const char	*p = newpath("v2.db"), *q = newpath("v2fail.db");
	struct store	*s = NULL;
	char		*before, *after, *want;
	sqlite3		*db;

	mkv2(p, NULL);
	db = raw(p);
	before = dump_v2(db);
	sqlite3_close(db);

	CHECK(store_open(p, &s, &err) == 0);
	if (s == NULL) {
		printf("# %s\n", err.msg);
		free(before);
		return;
	}
	db = raw(p);
	CHECK(qint(db, "PRAGMA user_version") == STORE_SCHEMA_VERSION);
	after = dump_v2(db);
	CHECK(strcmp(before, after) == 0);
	if (strcmp(before, after) != 0)
		printf("# before:\n%s# after:\n%s", before, after);
	free(after);
	free(before);
	CHECK(qstr_is(db, "SELECT group_concat(scan_id || ',' || name || ','"
	    " || reason || ',' || previous || ',' || current, ' ')"
	    " FROM meter_flags", "5,total,decrease,7400,7300"));
	/* Version 4: each old row is a run of its own scan, on its device. */
	CHECK(qint(db, "SELECT count(*) FROM meters m JOIN scans s ON"
	    " s.id = m.scan_id WHERE m.last_scan_id IS NOT m.scan_id OR"
	    " m.device_id IS NOT s.device_id OR m.pos IS NULL") == 0);
	CHECK(qint(db, "SELECT count(*) FROM display WHERE last_scan_id IS"
	    " NOT scan_id OR device_id IS NULL") == 0);
	CHECK(qint(db, "SELECT count(*) FROM scans WHERE parts != 15 OR"
	    " attrs_from IS NOT NULL") == 0);
	sqlite3_close(db);

	CHECK(flags_are(s, 1, "total:decrease:7400:7300"));
	CHECK(flags_are(s, 2, ""));
	CHECK(volume_is(s, 1, "total", 0, 10000, 2400, 1));
	CHECK(nhistory(s, 1) == 4);
	CHECK(put(s, 2, "10.0.0.5", "HP", "CNB1", NULL, 7350) == 1);
	CHECK(flags_are(s, 1, "total:decrease:7400:7300"));
	CHECK(volume_is(s, 1, "total", 0, INT64_MAX, 2450, 1));
	store_close(s);
	s = NULL;

	/* Version 3's table already there: the step fails as a whole. */
	mkv2(q, "CREATE TABLE meter_flags (x)");
	db = raw(q);
	before = dump_v2(db);
	sqlite3_close(db);
	CHECK(store_open(q, &s, &err) == -1 && s == NULL);
	want = fa_asprintf("cannot migrate store '%s' to schema version 3: "
	    "table meter_flags already exists", q);
	CHECK(errmsg_is(want));
	free(want);
	db = raw(q);
	CHECK(qint(db, "PRAGMA user_version") == 2);
	after = dump_v2(db);
	CHECK(strcmp(before, after) == 0);
	free(before);
	free(after);
	rawexec(db, "DROP TABLE meter_flags");
	sqlite3_close(db);
	CHECK(store_open(q, &s, &err) == 0 && s != NULL);
	if (s != NULL)
		CHECK(flags_are(s, 1, "total:decrease:7400:7300"));
	store_close(s);
}

/*
 * The list readers (store_list_devices, store_list_assessments,
 * store_history, store_supply_instances, store_meter_flags) column by
 * column, on rows written with SQL: each column a value of its own, the
 * nullable ones NULL on every other row, and NREAD rows, more than a
 * reader's array first holds (16, then 32).  A field of a reader that
 * reads the wrong column, fills the wrong member or maps NULL the wrong
 * way fails here.
 */
#define NREAD	40
#define NROWS	"WITH RECURSIVE n(j) AS (SELECT 1 UNION ALL SELECT j + 1" \
		" FROM n WHERE j < 40) "
#define EVEN(v)	"CASE WHEN j % 2 = 0 THEN " v " END"

/* A new store (made by store_open()) to fill by hand; NULL if it fails. */
static const char *
fresh_raw(const char *name)
{
	struct store	*s = fresh(name);

	store_close(s);
	return s != NULL ? paths[npaths - 1] : NULL;
}

/* Assessment j started at 100 + j (so the newest is NREAD); the odd ones
 * are running; the 7th holds a range list longer than a device string. */
static void
test_read_assessments(void)
{
	struct store_assessrow	*r = NULL;
	struct store		*s;
	const char		*p = fresh_raw("read_assess.db");
	sqlite3			*db;
	size_t			 n = 1, k;
	int64_t			 j;

	if (p == NULL || store_open(p, &s, &err) == -1)
		return;
	CHECK(store_list_assessments(s, &r, &n, &err) == 0);
	CHECK(n == 0 && r == NULL);
	db = raw(p);
	rawexec(db, NROWS "INSERT INTO assessments (id, started, finished,"
	    " ranges, settings, status, found, read_ok, read_failed)"
	    " SELECT j, 100 + j, " EVEN("200 + j") ", 'r' || j, '{}',"
	    " CASE WHEN j % 2 = 0 THEN 'complete' ELSE 'running' END,"
	    " j, 1000 + j, 2000 + j FROM n");
	rawexec(db, "UPDATE assessments SET ranges = hex(zeroblob(1500))"
	    " WHERE id = 7");
	sqlite3_close(db);
	CHECK(store_list_assessments(s, &r, &n, &err) == 0);
	CHECK(n == NREAD);
	for (k = 0; k < n && n == NREAD; k++) {
		j = NREAD - (int64_t)k;
		CHECK(r[k].id == j && r[k].started == 100 + j);
		CHECK(r[k].finished == (j % 2 ? 0 : 200 + j));
		CHECK(streq(r[k].status, j % 2 ? "running" : "complete"));
		CHECK(r[k].found == j && r[k].read_ok == 1000 + j &&
		    r[k].read_failed == 2000 + j);
		if (j == 7)
			CHECK(r[k].ranges != NULL &&
			    strlen(r[k].ranges) == 3000);
		else
			CHECK(r[k].ranges != NULL && r[k].ranges[0] == 'r' &&
			    strtoll(r[k].ranges + 1, NULL, 10) == j);
	}
	for (k = 0; k < n; k++)
		store_assessrow_release(&r[k]);
	free(r);
	store_close(s);
}

/*
 * Device j at 10.9.0.(41 - j), so the address order (numeric: .9 before
 * .10) is not the id order; the odd ones have no scans and NULL wherever
 * a device may.  An even one has two scans: the newer carries the older's
 * attributes (attrs_from) and its error and "total" meter are the newest.
 */
static void
test_read_devices(void)
{
	struct store_devrow	*r = NULL;
	struct store		*s;
	const char		*p = fresh_raw("read_devices.db");
	sqlite3			*db;
	char			 want[32];
	size_t			 n = 1, k;
	int64_t			 j;

	if (p == NULL || store_open(p, &s, &err) == -1)
		return;
	CHECK(store_list_devices(s, &r, &n, &err) == 0);
	CHECK(n == 0 && r == NULL);
	db = raw(p);
	rawexec(db, "INSERT INTO assessments (id, started, ranges, settings,"
	    " status) VALUES (1, 1, '', '{}', 'running')");
	rawexec(db, NROWS "INSERT INTO devices (id, key_kind, key_value,"
	    " vendor, model, serial, mac, address, credential, first_seen,"
	    " last_seen, missed, missing_since) SELECT j, 'addr', 'k' || j, "
	    EVEN("'v' || j") ", " EVEN("'m' || j") ", " EVEN("'s' || j") ", "
	    EVEN("'mac' || j") ", '10.9.0.' || (41 - j), " EVEN("'c' || j")
	    ", 1000 + j, 2000 + j, j, " EVEN("3000 + j") " FROM n");
	rawexec(db, NROWS "INSERT INTO scans (id, assessment_id, device_id,"
	    " time, address, is_printer, requests, error, model_def,"
	    " attrs_from) SELECT 2 * j - 1, 1, j, 500, 'x', 1, 0, 'old',"
	    " 'md' || j, NULL FROM n WHERE j % 2 = 0 UNION ALL"
	    " SELECT 2 * j, 1, j, 600, 'x', 1, 0, 'e' || j, NULL, 2 * j - 1"
	    " FROM n WHERE j % 2 = 0");
	rawexec(db, NROWS "INSERT INTO meters (scan_id, last_scan_id,"
	    " device_id, pos, name, value) SELECT 2 * j - 1, 2 * j - 1, j, 0,"
	    " 'total', 1 FROM n WHERE j % 2 = 0 UNION ALL SELECT 2 * j, 2 * j,"
	    " j, 0, 'total', 5000 + j FROM n WHERE j % 2 = 0");
	sqlite3_close(db);
	CHECK(store_list_devices(s, &r, &n, &err) == 0);
	CHECK(n == NREAD);
	for (k = 0; k < n && n == NREAD; k++) {
		j = NREAD - (int64_t)k;
		snprintf(want, sizeof(want), "10.9.0.%zu", k + 1);
		CHECK(r[k].id == j && streq(r[k].address, want));
		CHECK(r[k].first_seen == 1000 + j && r[k].last_seen == 2000 + j);
		CHECK(r[k].missed == j);
		if (j % 2) {
			CHECK(r[k].vendor == NULL && r[k].model == NULL &&
			    r[k].serial == NULL && r[k].mac == NULL &&
			    r[k].credential == NULL && r[k].error == NULL &&
			    r[k].model_def == NULL);
			CHECK(r[k].scans == 0 && r[k].total_pages == DEV_NONE &&
			    r[k].missing_since == 0);
			continue;
		}
		CHECK(r[k].scans == 2 && r[k].total_pages == 5000 + j &&
		    r[k].missing_since == 3000 + j);
		snprintf(want, sizeof(want), "v%lld", (long long)j);
		CHECK(streq(r[k].vendor, want));
		snprintf(want, sizeof(want), "m%lld", (long long)j);
		CHECK(streq(r[k].model, want));
		snprintf(want, sizeof(want), "s%lld", (long long)j);
		CHECK(streq(r[k].serial, want));
		snprintf(want, sizeof(want), "mac%lld", (long long)j);
		CHECK(streq(r[k].mac, want));
		snprintf(want, sizeof(want), "c%lld", (long long)j);
		CHECK(streq(r[k].credential, want));
		snprintf(want, sizeof(want), "e%lld", (long long)j);
		CHECK(streq(r[k].error, want));
		snprintf(want, sizeof(want), "md%lld", (long long)j);
		CHECK(streq(r[k].model_def, want));
	}
	for (k = 0; k < n; k++)
		store_devrow_release(&r[k]);
	free(r);
	store_close(s);
}

/*
 * Device 2 has NREAD scans (scan j at 10000 + j), their meters, supplies,
 * cross-checks, supply instances and flags; device 1 has none of them.
 * Made once, read by the three tests that follow.
 */
static const char *
read_by_device_store(void)
{
	static const char	*p;
	sqlite3			*db;

	if (p != NULL || (p = fresh_raw("read_device.db")) == NULL)
		return p;
	db = raw(p);
	rawexec(db, "INSERT INTO assessments (id, started, ranges, settings,"
	    " status) VALUES (1, 1, '', '{}', 'running'),"
	    " (2, 2, '', '{}', 'running');"
	    "INSERT INTO devices (id, key_kind, key_value, address,"
	    " first_seen, last_seen) VALUES (1, 'addr', 'a', 'a', 1, 1),"
	    " (2, 'addr', 'b', 'b', 1, 1)");
	/* scans: an even one has a "total" meter; every 5th two low
	 * supplies (and two that do not count); every 3rd three failed
	 * cross-checks (and one that agrees) */
	rawexec(db, NROWS "INSERT INTO scans (id, assessment_id, device_id,"
	    " time, address, is_printer, requests, error) SELECT j, 1 + j % 2,"
	    " 2, 10000 + j, 'a' || j, 1, 0, " EVEN("'e' || j") " FROM n");
	rawexec(db, NROWS "INSERT INTO meters (scan_id, last_scan_id,"
	    " device_id, pos, name, value) SELECT j, j, 2, 0, 'total',"
	    " 7000 + j FROM n WHERE j % 2 = 0");
	rawexec(db, NROWS "INSERT INTO supplies (scan_id, last_scan_id,"
	    " device_id, pos, idx, percent, class) SELECT j, j, 2, k, k,"
	    " CASE WHEN k = 3 THEN 50 ELSE 5 END,"
	    " CASE WHEN k = 4 THEN 'filled' END"
	    " FROM n, (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3"
	    " UNION SELECT 4) WHERE j % 5 = 0");
	rawexec(db, NROWS "INSERT INTO meter_checks (scan_id, last_scan_id,"
	    " device_id, pos, name, ok) SELECT j, j, 2, k, 'c', k = 4"
	    " FROM n, (SELECT 1 AS k UNION SELECT 2 UNION SELECT 3"
	    " UNION SELECT 4) WHERE j % 3 = 0");
	/* instance j of supply index j % 4; pages where both totals are
	 * known and the last is not lower */
	rawexec(db, NROWS "INSERT INTO supply_instances (id, device_id, idx,"
	    " description, part_number, serial, first_seen, last_seen,"
	    " first_level, last_level, first_total, last_total)"
	    " SELECT j, 2, j % 4, " EVEN("'d' || j") ", " EVEN("'p' || j")
	    ", " EVEN("'s' || j") ", 100 + j, 200 + j, " EVEN("j") ", "
	    EVEN("50 + j") ", CASE WHEN j % 3 != 0 THEN 1000 END,"
	    " CASE WHEN j % 4 = 1 THEN 500 ELSE 1000 + j END FROM n");
	/* a flag per scan, and every 10th scan a second one */
	rawexec(db, NROWS "INSERT INTO meter_flags (scan_id, name, reason,"
	    " previous, current, detail) SELECT j, 'n' || j,"
	    " CASE j % 4 WHEN 0 THEN 'decrease' WHEN 1 THEN 'wrap32'"
	    " WHEN 2 THEN 'frozen' ELSE 'swap' END, " EVEN("10 * j") ", "
	    EVEN("10 * j + 1") ", CASE WHEN j % 4 = 3 THEN 'x -> y' || j END"
	    " FROM n");
	rawexec(db, NROWS "INSERT INTO meter_flags (scan_id, name, reason)"
	    " SELECT j, 'second', 'frozen' FROM n WHERE j % 10 = 0");
	sqlite3_close(db);
	return p;
}

/* Whether v is prefix followed by the number j. */
static int
numbered(const char *v, const char *prefix, int64_t j)
{
	size_t	l = strlen(prefix);

	return v != NULL && strncmp(v, prefix, l) == 0 && v[l] != '\0' &&
	    strtoll(v + l, NULL, 10) == j;
}

static void
test_read_history(void)
{
	struct store_scanrow	*r = NULL;
	struct store		*s;
	const char		*p = read_by_device_store();
	size_t			 n = 1, k;
	int64_t			 j;

	if (p == NULL || store_open(p, &s, &err) == -1)
		return;
	CHECK(store_history(s, 1, &r, &n, &err) == 0);
	CHECK(n == 0 && r == NULL);
	CHECK(store_history(s, 99, &r, &n, &err) == -1 && n == 0);
	CHECK(errmsg_is("no device 99 in the store"));
	CHECK(store_history(s, 2, &r, &n, &err) == 0);
	CHECK(n == NREAD);
	for (k = 0; k < n && n == NREAD; k++) {
		j = NREAD - (int64_t)k;
		CHECK(r[k].scan_id == j && r[k].assessment_id == 1 + j % 2);
		CHECK(r[k].time == 10000 + j && numbered(r[k].address, "a", j));
		CHECK(j % 2 ? r[k].error == NULL : numbered(r[k].error, "e", j));
		CHECK(r[k].total_pages == (j % 2 ? DEV_NONE : 7000 + j));
		CHECK(r[k].nsupplies_low == (j % 5 ? 0 : 2));
		CHECK(r[k].nchecks_failed == (j % 3 ? 0 : 3));
	}
	for (k = 0; k < n; k++)
		store_scanrow_release(&r[k]);
	free(r);
	store_close(s);
}

static void
test_read_instances(void)
{
	struct store_instrow	*r = NULL;
	struct store		*s;
	const char		*p = read_by_device_store();
	size_t			 n = 1, k = 0;
	int64_t			 j, idx, first, last;

	if (p == NULL || store_open(p, &s, &err) == -1)
		return;
	CHECK(store_supply_instances(s, 1, &r, &n, &err) == 0);
	CHECK(n == 0 && r == NULL);
	CHECK(store_supply_instances(s, 99, &r, &n, &err) == -1 && n == 0);
	CHECK(errmsg_is("no device 99 in the store"));
	CHECK(store_supply_instances(s, 2, &r, &n, &err) == 0);
	CHECK(n == NREAD);
	/* by idx, the newest instance of each first */
	for (idx = 0; idx < 4 && n == NREAD; idx++)
		for (j = NREAD; j >= 1; j--) {
			if (j % 4 != idx)
				continue;
			CHECK(r[k].id == j && r[k].idx == idx);
			CHECK(r[k].current == (j > NREAD - 4));
			CHECK(r[k].first_seen == 100 + j &&
			    r[k].last_seen == 200 + j);
			CHECK(r[k].first_level == (j % 2 ? -1 : j));
			CHECK(r[k].last_level == (j % 2 ? -1 : 50 + j));
			first = j % 3 ? 1000 : DEV_NONE;
			last = j % 4 == 1 ? 500 : 1000 + j;
			CHECK(r[k].pages == (first == DEV_NONE ||
			    last < first ? DEV_NONE : last - first));
			if (j % 2)
				CHECK(r[k].description == NULL &&
				    r[k].part_number == NULL &&
				    r[k].serial == NULL);
			else
				CHECK(numbered(r[k].description, "d", j) &&
				    numbered(r[k].part_number, "p", j) &&
				    numbered(r[k].serial, "s", j));
			k++;
		}
	for (k = 0; k < n; k++)
		store_instrow_release(&r[k]);
	free(r);
	store_close(s);
}

static void
test_read_flags(void)
{
	static const char *const reason[4] = {
		"decrease", "wrap32", "frozen", "swap"
	};
	struct store_flagrow	*r = NULL;
	struct store		*s;
	const char		*p = read_by_device_store();
	size_t			 n = 1, k = 0;
	int64_t			 j;

	if (p == NULL || store_open(p, &s, &err) == -1)
		return;
	CHECK(store_meter_flags(s, 1, &r, &n, &err) == 0);
	CHECK(n == 0 && r == NULL);
	CHECK(store_meter_flags(s, 99, &r, &n, &err) == -1 && n == 0);
	CHECK(errmsg_is("no device 99 in the store"));
	CHECK(store_meter_flags(s, 2, &r, &n, &err) == 0);
	CHECK(n == NREAD + NREAD / 10);
	/* the newest scan first, each scan's in the order written */
	for (j = NREAD; j >= 1 && n == NREAD + NREAD / 10; j--) {
		CHECK(r[k].scan_id == j && r[k].time == 10000 + j);
		CHECK(numbered(r[k].name, "n", j));
		CHECK(streq(r[k].reason, reason[j % 4]));
		CHECK(r[k].previous == (j % 2 ? DEV_NONE : 10 * j));
		CHECK(r[k].current == (j % 2 ? DEV_NONE : 10 * j + 1));
		CHECK(j % 4 == 3 ? numbered(r[k].detail, "x -> y", j) :
		    r[k].detail == NULL);
		k++;
		if (j % 10 != 0)
			continue;
		CHECK(r[k].scan_id == j && streq(r[k].name, "second") &&
		    streq(r[k].reason, "frozen") && r[k].detail == NULL &&
		    r[k].previous == DEV_NONE && r[k].current == DEV_NONE);
		k++;
	}
	for (k = 0; k < n; k++)
		store_flagrow_release(&r[k]);
	free(r);
	store_close(s);
}

static void
test_integrity(void)
{
	sqlite3	*db;
	size_t	 i;

	for (i = 0; i < npaths; i++) {
		db = raw(paths[i]);
		CHECK(qstr_is(db, "PRAGMA integrity_check", "ok"));
		CHECK(qint(db, "SELECT count(*) FROM pragma_foreign_key_check")
		    == 0);
		sqlite3_close(db);
	}
}

static void
cleanup(void)
{
	DIR		*dp;
	struct dirent	*de;
	char		*p;
	size_t		 i;

	if ((dp = opendir(dir)) != NULL) {
		while ((de = readdir(dp)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			p = fa_asprintf("%s/%s", dir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(dp);
	}
	rmdir(dir);
	for (i = 0; i < npaths; i++)
		free(paths[i]);
	for (i = 0; i < nothers; i++)
		free(others[i]);
}

/* store_group(): devices are committed by groups, each still whole; a
 * flush or close commits the open group. */
static void
test_group(void)
{
	struct store	*s = fresh("group.db");
	const char	*p = paths[npaths - 1];
	sqlite3		*db;
	int64_t		 a;

	CHECK(s != NULL);
	if (s == NULL)
		return;
	a = begin(s);
	db = raw(p);
	store_group(s, 3, 3600 * 1000);
	CHECK(put(s, a, "10.0.0.1", "HP", "G1", NULL, 10) > 0);
	CHECK(put(s, a, "10.0.0.2", "HP", "G2", NULL, 20) > 0);
	/* another connection sees none of the open group */
	CHECK(qint(db, "SELECT count(*) FROM devices") == 0);
	CHECK(put(s, a, "10.0.0.3", "HP", "G3", NULL, 30) > 0);
	CHECK(qint(db, "SELECT count(*) FROM devices") == 3);
	CHECK(qint(db, "SELECT count(*) FROM scans") == 3);
	CHECK(put(s, a, "10.0.0.4", "HP", "G4", NULL, 40) > 0);
	/* a device refused in a group leaves the others of it */
	CHECK(put(s, a, "", "HP", "G5", NULL, 50) == -1);
	CHECK(qint(db, "SELECT count(*) FROM devices") == 3);
	CHECK(store_flush(s, &err) == 0);
	CHECK(qint(db, "SELECT count(*) FROM devices") == 4);
	CHECK(store_flush(s, &err) == 0);
	CHECK(put(s, a, "10.0.0.6", "HP", "G6", NULL, 60) > 0);
	store_close(s);
	CHECK(qint(db, "SELECT count(*) FROM devices") == 5);
	CHECK(qint(db, "SELECT count(*) FROM meters WHERE value = 60") == 1);
	CHECK(qstr_is(db, "PRAGMA integrity_check", "ok"));
	sqlite3_close(db);
}

int
main(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fa-store.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	RUN(test_create);
	RUN(test_group);
	RUN(test_create_mode_wal);
	RUN(test_empty_files);
	RUN(test_newer_schema);
	RUN(test_not_a_store);
	RUN(test_open_errors);
	RUN(test_assessments);
	RUN(test_two_assessments);
	RUN(test_list);
	RUN(test_identity_serial);
	RUN(test_identity_mac);
	RUN(test_identity_addr);
	RUN(test_key_upgrade);
	RUN(test_partial_read);
	RUN(test_serial_usable);
	RUN(test_identity_twins);
	RUN(test_roundtrip);
	RUN(test_roundtrip_v2);
	RUN(test_find_device);
	RUN(test_credential);
	RUN(test_atomic);
	RUN(test_atomic_checks);
	RUN(test_busy);
	RUN(test_inst_same);
	RUN(test_inst_rise);
	RUN(test_inst_swap);
	RUN(test_inst_serial);
	RUN(test_inst_fallback);
	RUN(test_inst_rows);
	RUN(test_migrate_v1);
	RUN(test_migrate_atomic);
	RUN(test_flag_increase);
	RUN(test_flag_decrease);
	RUN(test_flag_wrap32);
	RUN(test_flag_frozen);
	RUN(test_flag_swap);
	RUN(test_swap_addr);
	RUN(test_volume);
	RUN(test_atomic_flags);
	RUN(test_migrate_v2);
	RUN(test_change_only);
	RUN(test_parts);
	RUN(test_missing);
	RUN(test_delta);
	RUN(test_read_assessments);
	RUN(test_read_devices);
	RUN(test_read_history);
	RUN(test_read_instances);
	RUN(test_read_flags);
	RUN(test_integrity);
	cleanup();
	return unit_any_failed;
}
