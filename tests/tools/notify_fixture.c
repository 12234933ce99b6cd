/*
 * notify_fixture.c: one more read of the desk fixture's colour printer
 * (tests/tools/desk_fixture.c's MTRB2, jammed on Dec 11 12:00) for the
 * notification tests (tests/cli/t5300-hub-notify.sh), through
 * store_put_device() as the collector does, the scan then moved to its
 * chosen time:
 *
 *   notify_fixture STORE clear    Dec 12 00:00: no error (the jam cleared)
 *   notify_fixture STORE jam      Dec 13 00:00: jammed again
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../collector/store_int.h"

static void
die(const char *what, const char *msg)
{
	fprintf(stderr, "notify_fixture: %s: %s\n", what, msg);
	exit(1);
}

static int64_t
at(int d)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 11;
	tm.tm_mday = d;
	return (int64_t)timegm(&tm);
}

static void
exec(sqlite3 *db, const char *sql, int64_t t)
{
	sqlite3_stmt	*q;

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		die("prepare", sqlite3_errmsg(db));
	sqlite3_bind_int64(q, 1, t);
	if (sqlite3_step(q) != SQLITE_DONE)
		die("update", sqlite3_errmsg(db));
	sqlite3_finalize(q);
}

int
main(int argc, char *argv[])
{
	struct store	*st;
	struct fa_err	 e;
	struct device	 d;
	int64_t		 asmt, t;
	int		 jam;

	if (argc != 3 || (strcmp(argv[2], "clear") != 0 &&
	    strcmp(argv[2], "jam") != 0)) {
		fprintf(stderr, "usage: notify_fixture STORE clear|jam\n");
		return 2;
	}
	jam = strcmp(argv[2], "jam") == 0;
	t = at(jam ? 13 : 12);
	if (store_open(argv[1], &st, &e) != 0)
		die(argv[1], e.msg);
	if (store_assessment_begin(st, "fixture", "{}", &asmt, &e) != 0)
		die("assessment", e.msg);
	dev_init(&d);
	dev_set(&d.address, "127.77.21.2");
	dev_set(&d.credential, "v2c#1");
	d.snmp_version = 2;
	d.is_printer = 1;
	dev_set(&d.printer_reason, "Printer-MIB");
	dev_set(&d.vendor, "HP");
	dev_set(&d.model, "Color LaserJet M554");
	dev_set(&d.serial, "MTRB2");
	dev_set(&d.sys_location, "Floor 2, copy room");
	dev_set(&d.firmware, "1.0");
	d.status.device = jam ? 5 : 2;
	d.status.printer = 3;
	d.parts = DEV_P_ALL;
	dev_add_meter(&d, "total", jam ? 7700 : 7600, "impressions",
	    "1.3.6.1.2.1.43.10.2.1.4.1.1");
	if (jam)
		dev_add_error(&d, "jammed");
	if (store_put_device(st, asmt, &d, NULL, &e) != 0)
		die("put", e.msg);
	dev_release(&d);
	exec(store_sqlite(st), "UPDATE scans SET time = ?1 WHERE id ="
	    " (SELECT max(id) FROM scans)", t);
	exec(store_sqlite(st), "UPDATE devices SET last_seen = ?1 WHERE"
	    " serial = 'MTRB2'", t);
	if (store_assessment_end(st, asmt, "complete", 1, 1, 0, &e) != 0)
		die("assessment", e.msg);
	store_close(st);
	return 0;
}
