/*
 * fixture.h: what the store fixtures share (desk_fixture.c,
 * report_fixture.c): a device put through store_put_device() as the
 * collector does, then its scan moved to the chosen time (the store
 * stamps fa_wall(); the tests need fixed dates); a printer's identity
 * and a supply as a Printer-MIB read gives them; the first and last seen
 * times made those of the moved scans.  Each tool is one file, so these
 * are static inline; define FIXTURE_NAME (the tool's name, for its
 * messages) before including this.
 */
#ifndef FA_TESTS_FIXTURE_H
#define FA_TESTS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../collector/store_int.h"

/* y-m-d h:00 UTC, in epoch seconds. */
static inline int64_t
fix_at(int y, int m, int d, int h)
{
	struct tm	tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	return (int64_t)timegm(&tm);
}

static inline void
fix_die(const char *what, const char *msg)
{
	fprintf(stderr, "%s: %s: %s\n", FIXTURE_NAME, what, msg);
	exit(1);
}

/* d stored in assessment asmt as read at t. */
static inline void
fix_put(struct store *st, int64_t asmt, struct device *d, int64_t t)
{
	struct fa_err	 e;
	sqlite3_stmt	*q;
	sqlite3		*db = store_sqlite(st);

	if (store_put_device(st, asmt, d, NULL, &e) != 0)
		fix_die("put", e.msg);
	if (sqlite3_prepare_v2(db, "UPDATE scans SET time = ?1 WHERE id = "
	    "(SELECT max(id) FROM scans)", -1, &q, NULL) != SQLITE_OK)
		fix_die("prepare", sqlite3_errmsg(db));
	sqlite3_bind_int64(q, 1, t);
	if (sqlite3_step(q) != SQLITE_DONE)
		fix_die("update", sqlite3_errmsg(db));
	sqlite3_finalize(q);
}

/* A printer read over SNMPv2c, idle and well; mac and asset may be NULL. */
static inline void
fix_ident(struct device *d, const char *addr, const char *vendor,
    const char *model, const char *serial, const char *mac,
    const char *asset, const char *location)
{
	dev_set(&d->address, addr);
	dev_set(&d->credential, "v2c#1");
	d->snmp_version = 2;
	d->is_printer = 1;
	dev_set(&d->printer_reason, "Printer-MIB");
	dev_set(&d->vendor, vendor);
	dev_set(&d->model, model);
	dev_set(&d->serial, serial);
	if (mac != NULL)
		dev_set(&d->mac, mac);
	if (asset != NULL)
		dev_set(&d->asset, asset);
	dev_set(&d->sys_location, location);
	dev_set(&d->firmware, "1.0");
	d->status.device = 2;
	d->status.printer = 3;
	d->parts = DEV_P_ALL;
}

/* A supply at level percent, its state "ok". */
static inline void
fix_supply(struct device *d, int idx, const char *desc, const char *type,
    const char *class, const char *colorant, const char *part, int level)
{
	struct dev_supply *p = dev_add_supply(d);

	p->index = idx;
	dev_set(&p->description, desc);
	dev_set(&p->type, type);
	dev_set(&p->class, class);
	dev_set(&p->colorant, colorant);
	dev_set(&p->unit, "percent");
	dev_set(&p->part_number, part);
	p->max = 100;
	p->level = level;
	p->percent = level;
	dev_set(&p->state, "ok");
}

/* The device's alert 1 (prtAlertTable): severity, group and code (with
 * its name) as given, no group index, location or time. */
static inline void
fix_alert(struct device *d, const char *severity, const char *group,
    int64_t code, const char *code_name, const char *desc)
{
	struct dev_alert *al = dev_add_alert(d);

	al->index = 1;
	dev_set(&al->severity, severity);
	dev_set(&al->group, group);
	al->group_index = DEV_NONE;
	al->location = DEV_NONE;
	al->code = code;
	dev_set(&al->code_name, code_name);
	dev_set(&al->description, desc);
	al->time = DEV_NONE;
}

/* The devices' and cartridges' first and last seen times: those of
 * their scans, as moved. */
static inline void
fix_times(struct store *st)
{
	if (sqlite3_exec(store_sqlite(st),
	    "UPDATE devices SET"
	    " first_seen = (SELECT min(time) FROM scans"
	    "  WHERE device_id = devices.id),"
	    " last_seen = (SELECT max(time) FROM scans"
	    "  WHERE device_id = devices.id AND parts != 0);"
	    "UPDATE supply_instances SET"
	    " first_seen = (SELECT time FROM scans WHERE id = first_scan_id),"
	    " last_seen = (SELECT time FROM scans WHERE id = last_scan_id);",
	    NULL, NULL, NULL) != SQLITE_OK)
		fix_die("update", sqlite3_errmsg(store_sqlite(st)));
}

#endif
