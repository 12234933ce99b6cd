/*
 * report_benchgen.c: a large store for the report's bench (tests/bench,
 * BENCH_ONLY=report): N devices read once a day for D days, written the
 * way the change-only store keeps them (docs/store.md) but with plain
 * INSERTs in one transaction, since storing millions of reads through
 * store_put_device() would take far longer than the report being
 * measured.  The schema comes from store_open(), so the file is a real
 * store of this version.
 *
 *   report_benchgen STORE DEVICES DAYS
 *
 * Readings end on 2026-11-01.  Every third device is a colour device
 * (total, mono and colour meters; four toners), the others mono (total;
 * one toner).  Every meter changes every day (one meter row per read);
 * toner levels fall in 5-point steps (a run lasts several reads) and a
 * cartridge is replaced when it is nearly empty (a new supply instance).
 * Every hundredth device has a counter decrease (a meter flag) half way,
 * every fiftieth a current alert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/store_int.h"

#define END	1793491200	/* 2026-11-01T00:00:00Z */
#define DAY	86400

enum { S_DEV, S_SCAN, S_METER, S_SUPNEW, S_SUPEXT, S_INSTNEW, S_INSTEND,
	S_ALERT, S_FLAG, S_N };
static const char *const sql[S_N] = {
	[S_DEV] = "INSERT INTO devices (id, key_kind, key_value, vendor, model,"
	    " serial, mac, address, credential, first_seen, last_seen)"
	    " VALUES (?1, 'serial', ?2, ?3, ?4, ?5, ?6, ?7, 'v2c#1', ?8, ?9)",
	[S_SCAN] = "INSERT INTO scans (id, assessment_id, device_id, time,"
	    " address, credential, snmp_version, is_printer, printer_reason,"
	    " vendor, model, serial, mac, sys_location, firmware,"
	    " hr_device_status, hr_printer_status, requests, parts,"
	    " attrs_from) VALUES (?1, 1, ?2, ?3, ?4, 'v2c#1', 2, 1, ?5, ?6,"
	    " ?7, ?8, ?9, ?10, ?11, 2, 3, 4, 15, ?12)",
	[S_METER] = "INSERT INTO meters (scan_id, name, value, unit,"
	    " source_oid, device_id, last_scan_id, pos)"
	    " VALUES (?1, ?2, ?3, 'impressions', '1.3.6.1.2.1.43.10.2.1.4.1.1',"
	    " ?4, ?1, ?5)",
	[S_SUPNEW] = "INSERT INTO supplies (scan_id, idx, description, type,"
	    " class, colorant, unit, max, level, percent, state, part_number,"
	    " instance_id, device_id, last_scan_id, pos) VALUES (?1, ?2, ?3,"
	    " 'toner', 'consumed', ?4, 'percent', 100, ?5, ?5, 'ok', ?6, ?7,"
	    " ?8, ?1, ?9)",
	[S_SUPEXT] = "UPDATE supplies SET last_scan_id = ?2 WHERE rowid = ?1",
	[S_INSTNEW] = "INSERT INTO supply_instances (id, device_id, idx,"
	    " description, part_number, first_scan_id, last_scan_id,"
	    " first_seen, last_seen, first_level, last_level)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?7, ?8, ?8)",
	[S_INSTEND] = "UPDATE supply_instances SET last_scan_id = ?2,"
	    " last_seen = ?3, last_level = ?4 WHERE id = ?1",
	[S_ALERT] = "INSERT INTO alerts (scan_id, idx, severity, training, grp,"
	    " code, code_name, description, device_id, last_scan_id, pos)"
	    " VALUES (?1, 1, 'critical', 'trained', 'mediaPath', 8, 'jam',"
	    " 'Paper jam in tray 2', ?2, ?1, 0)",
	[S_FLAG] = "INSERT INTO meter_flags (scan_id, name, reason, previous,"
	    " current) VALUES (?1, 'total', 'decrease', ?2, ?3)",
};

static sqlite3		*db;
static sqlite3_stmt	*q[S_N];

static void
die(const char *what)
{
	fprintf(stderr, "report_benchgen: %s: %s\n", what, sqlite3_errmsg(db));
	exit(1);
}

static void
step(int k)
{
	if (sqlite3_step(q[k]) != SQLITE_DONE)
		die(sql[k]);
	sqlite3_reset(q[k]);
	sqlite3_clear_bindings(q[k]);
}

struct sup {
	int64_t	 row, inst, inst_first;
	int	 level, inst_level;
};

int
main(int argc, char *argv[])
{
	static const char *const col[] = { "black", "cyan", "magenta",
	    "yellow" };
	struct store	*st;
	struct fa_err	 e;
	long		 ndev, ndays, d, k;
	int64_t		 scan = 0, inst = 0, t0;
	int		 i;
	char		 serial[32], mac[32], addr[32], desc[64];

	if (argc != 4 || (ndev = strtol(argv[2], NULL, 10)) < 1 ||
	    (ndays = strtol(argv[3], NULL, 10)) < 1 || ndev > 60000) {
		fprintf(stderr, "usage: report_benchgen STORE DEVICES DAYS\n");
		return 2;
	}
	if (store_open(argv[1], &st, &e) != 0) {
		fprintf(stderr, "report_benchgen: %s\n", e.msg);
		return 1;
	}
	db = store_sqlite(st);
	for (i = 0; i < S_N; i++)
		if (sqlite3_prepare_v2(db, sql[i], -1, &q[i], NULL) !=
		    SQLITE_OK)
			die(sql[i]);
	if (sqlite3_exec(db, "PRAGMA foreign_keys = OFF; BEGIN;"
	    "INSERT INTO assessments (id, started, finished, ranges, settings,"
	    " status) VALUES (1, 0, 0, 'bench', '{}', 'complete')",
	    NULL, NULL, NULL) != SQLITE_OK)
		die("begin");
	t0 = END - (int64_t)ndays * DAY;
	for (d = 1; d <= ndev; d++) {
		int	 colour = d % 3 == 0, nsup = colour ? 4 : 1;
		int64_t	 total = 1000 * d, mono = 700 * d, cpages = 300 * d;
		int64_t	 first = scan + 1, jitter = (d * 37) % 3600;
		struct sup s[4];

		snprintf(serial, sizeof(serial), "BENCH%06ld", d);
		snprintf(mac, sizeof(mac), "02:fb:%02lx:%02lx:%02lx:01",
		    (d >> 16) & 0xff, (d >> 8) & 0xff, d & 0xff);
		snprintf(addr, sizeof(addr), "10.%ld.%ld.%ld", (d >> 16) & 0xff,
		    (d >> 8) & 0xff, d & 0xff);
		sqlite3_bind_int64(q[S_DEV], 1, d);
		sqlite3_bind_text(q[S_DEV], 2, serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q[S_DEV], 3, colour ? "Ricoh" : "HP", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(q[S_DEV], 4, colour ? "IM C3000" :
		    "LaserJet Pro M404dn", -1, SQLITE_STATIC);
		sqlite3_bind_text(q[S_DEV], 5, serial, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q[S_DEV], 6, mac, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(q[S_DEV], 7, addr, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(q[S_DEV], 8, t0 + jitter);
		sqlite3_bind_int64(q[S_DEV], 9, t0 + (ndays - 1) * DAY + jitter);
		step(S_DEV);
		memset(s, 0, sizeof(s));
		for (k = 0; k < ndays; k++) {
			int64_t	 t = t0 + k * DAY + jitter, pages;
			int	 pos = 0;

			scan++;
			sqlite3_bind_int64(q[S_SCAN], 1, scan);
			sqlite3_bind_int64(q[S_SCAN], 2, d);
			sqlite3_bind_int64(q[S_SCAN], 3, t);
			sqlite3_bind_text(q[S_SCAN], 4, addr, -1,
			    SQLITE_TRANSIENT);
			if (k == 0) {
				sqlite3_bind_text(q[S_SCAN], 5, "Printer-MIB",
				    -1, SQLITE_STATIC);
				sqlite3_bind_text(q[S_SCAN], 6, colour ?
				    "Ricoh" : "HP", -1, SQLITE_STATIC);
				sqlite3_bind_text(q[S_SCAN], 7, colour ?
				    "IM C3000" : "LaserJet Pro M404dn", -1,
				    SQLITE_STATIC);
				sqlite3_bind_text(q[S_SCAN], 8, serial, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(q[S_SCAN], 9, mac, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(q[S_SCAN], 10, "Floor 2",
				    -1, SQLITE_STATIC);
				sqlite3_bind_text(q[S_SCAN], 11, "2.1", -1,
				    SQLITE_STATIC);
			} else
				sqlite3_bind_int64(q[S_SCAN], 12, first);
			step(S_SCAN);

			pages = 50 + (d * 7 + k * 13) % 200;
			if (d % 100 == 0 && k == ndays / 2) {
				sqlite3_bind_int64(q[S_FLAG], 1, scan);
				sqlite3_bind_int64(q[S_FLAG], 2, total);
				sqlite3_bind_int64(q[S_FLAG], 3, 100);
				step(S_FLAG);
				total = 100;
			} else if (k > 0)
				total += pages;
			sqlite3_bind_int64(q[S_METER], 1, scan);
			sqlite3_bind_text(q[S_METER], 2, "total", -1,
			    SQLITE_STATIC);
			sqlite3_bind_int64(q[S_METER], 3, total);
			sqlite3_bind_int64(q[S_METER], 4, d);
			sqlite3_bind_int(q[S_METER], 5, pos++);
			step(S_METER);
			if (colour) {
				if (k > 0) {
					cpages += pages * 3 / 10;
					mono += pages - pages * 3 / 10;
				}
				sqlite3_bind_int64(q[S_METER], 1, scan);
				sqlite3_bind_text(q[S_METER], 2, "mono", -1,
				    SQLITE_STATIC);
				sqlite3_bind_int64(q[S_METER], 3, mono);
				sqlite3_bind_int64(q[S_METER], 4, d);
				sqlite3_bind_int(q[S_METER], 5, pos++);
				step(S_METER);
				sqlite3_bind_int64(q[S_METER], 1, scan);
				sqlite3_bind_text(q[S_METER], 2, "colour", -1,
				    SQLITE_STATIC);
				sqlite3_bind_int64(q[S_METER], 3, cpages);
				sqlite3_bind_int64(q[S_METER], 4, d);
				sqlite3_bind_int(q[S_METER], 5, pos++);
				step(S_METER);
			}

			for (i = 0; i < nsup; i++) {
				/* 5-point steps, about 1 point a day, a new
				 * cartridge every ~95 days */
				int lv = 100 - 5 * (int)(((k + d * 3 + i * 17) %
				    95) / 5);

				if (k > 0 && lv == s[i].level) {
					sqlite3_bind_int64(q[S_SUPEXT], 1,
					    s[i].row);
					sqlite3_bind_int64(q[S_SUPEXT], 2, scan);
					step(S_SUPEXT);
					continue;
				}
				if (k == 0 || lv > s[i].level + 10) {
					if (k > 0) {
						sqlite3_bind_int64(q[S_INSTEND],
						    1, s[i].inst);
						sqlite3_bind_int64(q[S_INSTEND],
						    2, scan - 1);
						sqlite3_bind_int64(q[S_INSTEND],
						    3, t - DAY);
						sqlite3_bind_int(q[S_INSTEND],
						    4, s[i].level);
						step(S_INSTEND);
					}
					s[i].inst = ++inst;
					snprintf(desc, sizeof(desc), "%s toner",
					    col[i]);
					sqlite3_bind_int64(q[S_INSTNEW], 1,
					    inst);
					sqlite3_bind_int64(q[S_INSTNEW], 2, d);
					sqlite3_bind_int(q[S_INSTNEW], 3, i + 1);
					sqlite3_bind_text(q[S_INSTNEW], 4, desc,
					    -1, SQLITE_TRANSIENT);
					sqlite3_bind_text(q[S_INSTNEW], 5,
					    "CF259A", -1, SQLITE_STATIC);
					sqlite3_bind_int64(q[S_INSTNEW], 6,
					    scan);
					sqlite3_bind_int64(q[S_INSTNEW], 7, t);
					sqlite3_bind_int(q[S_INSTNEW], 8, lv);
					step(S_INSTNEW);
				}
				snprintf(desc, sizeof(desc), "%s toner",
				    col[i]);
				sqlite3_bind_int64(q[S_SUPNEW], 1, scan);
				sqlite3_bind_int(q[S_SUPNEW], 2, i + 1);
				sqlite3_bind_text(q[S_SUPNEW], 3, desc, -1,
				    SQLITE_TRANSIENT);
				sqlite3_bind_text(q[S_SUPNEW], 4, col[i], -1,
				    SQLITE_STATIC);
				sqlite3_bind_int(q[S_SUPNEW], 5, lv);
				sqlite3_bind_text(q[S_SUPNEW], 6, "CF259A", -1,
				    SQLITE_STATIC);
				sqlite3_bind_int64(q[S_SUPNEW], 7, s[i].inst);
				sqlite3_bind_int64(q[S_SUPNEW], 8, d);
				sqlite3_bind_int(q[S_SUPNEW], 9, i);
				step(S_SUPNEW);
				s[i].row = sqlite3_last_insert_rowid(db);
				s[i].level = lv;
			}
		}
		for (i = 0; i < nsup; i++) {
			sqlite3_bind_int64(q[S_INSTEND], 1, s[i].inst);
			sqlite3_bind_int64(q[S_INSTEND], 2, scan);
			sqlite3_bind_int64(q[S_INSTEND], 3, t0 +
			    (ndays - 1) * DAY + jitter);
			sqlite3_bind_int(q[S_INSTEND], 4, s[i].level);
			step(S_INSTEND);
		}
		if (d % 50 == 0) {
			sqlite3_bind_int64(q[S_ALERT], 1, scan);
			sqlite3_bind_int64(q[S_ALERT], 2, d);
			step(S_ALERT);
		}
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		die("commit");
	for (i = 0; i < S_N; i++)
		sqlite3_finalize(q[i]);
	store_close(st);
	printf("report_benchgen: %ld devices, %ld days, %lld scans\n", ndev,
	    ndays, (long long)scan);
	return 0;
}
