/*
 * test_store.c: unit tests for collector/store.c on real SQLite files in a
 * temporary directory.  Creation, reopening and refusals (newer schema,
 * not SQLite, another program's database), the identity rule and its key
 * upgrade, a field-by-field round trip of a fully filled device, lookups,
 * atomicity (a trigger makes one insert fail half way through a device),
 * and an integrity check of every file at the end.
 *
 * The test opens the same files with SQLite directly (a second connection)
 * to look at what the store wrote and to break it on purpose; only tests
 * may include sqlite3.h besides store.c.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "../../collector/store.h"
#include "unit.h"

static char		dir[256];
static char		*paths[32];	/* every store made, checked last */
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
	    " 'display')") == 9);
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
	rawexec(db, "PRAGMA user_version = 1");
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
	/* Moved, new network card, vendor spelt otherwise: same device. */
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
	d2 = put(s, a, "10.5.0.2", NULL, NULL, "3C:D9:2B:00:00:01", 2);
	d3 = put(s, a, "10.5.0.2", NULL, NULL, NULL, DEV_NONE);
	CHECK(d1 > 0 && d1 == d2 && d1 == d3);
	CHECK(key_is(p, d1, "serial:hp/PART1"));
	CHECK(nhistory(s, d1) == 3);
	CHECK(ndevices(s) == 1);
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

	dev_add_meter(d, "total", 123456, "impressions",
	    "1.3.6.1.2.1.43.10.2.1.4.1.1");
	dev_add_meter(d, "marker.1", 120000, "impressions", NULL);
	dev_add_meter(d, "power_on", DEV_NONE, "hours", NULL);

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
	CHECK(store_put_device(s, a, &plain, NULL, &err) == 0);
	CHECK(store_latest(s, id, &out, NULL, &err) == 0);
	same_device(&plain, &out);

	CHECK(store_history(s, id, &h, &n, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(h[0].total_pages == 5 && h[0].nsupplies_low == 0);
		CHECK(h[1].total_pages == 123456 && h[1].nsupplies_low == 1);
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
	rawexec(db, "CREATE TRIGGER boom BEFORE INSERT ON supplies"
	    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
	dev_set(&d.address, "192.0.2.99");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(errmsg_is("cannot store device '192.0.2.99': forced failure"));
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans);
	CHECK(qint(db, "SELECT count(*) FROM meters") == meters);
	CHECK(qint(db, "SELECT count(*) FROM supplies") == supplies);
	CHECK(qstr_is(db, "SELECT address FROM devices WHERE serial ="
	    " 'VCF1234567'", "192.0.2.7"));
	rawexec(db, "DROP TRIGGER boom");

	/* New device: fails at the last table, after everything else. */
	rawexec(db, "CREATE TRIGGER boom BEFORE INSERT ON display"
	    " BEGIN SELECT RAISE(ABORT, 'forced failure'); END");
	dev_set(&d.serial, "NEW1");
	CHECK(store_put_device(s, a, &d, NULL, &err) == -1);
	CHECK(qint(db, "SELECT count(*) FROM devices") == devices);
	CHECK(qint(db, "SELECT count(*) FROM scans") == scans);
	CHECK(qint(db, "SELECT count(*) FROM meters") == meters);
	CHECK(qint(db, "SELECT count(*) FROM trays WHERE scan_id NOT IN"
	    " (SELECT id FROM scans)") == 0);
	rawexec(db, "DROP TRIGGER boom");

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

int
main(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fa-store.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	RUN(test_create);
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
	RUN(test_roundtrip);
	RUN(test_find_device);
	RUN(test_credential);
	RUN(test_atomic);
	RUN(test_busy);
	RUN(test_integrity);
	cleanup();
	return unit_any_failed;
}
