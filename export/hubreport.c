/*
 * hubreport.c: the report's gatherer on the hub (hubreport.h).
 *
 * The hub keeps each imported record as the JSON line the collector wrote
 * (docs/bundle-format.md, "The hub's store"): a device in devices.data,
 * every other kind in records.data, with "seen" records already applied
 * (they moved the run's last_scan_id and pos).  So the collector's tables
 * are rebuilt, one site at a time, as temporary tables of the same names
 * and columns, each row keeping its collector rowid (the record's "row",
 * or "id"), from the kinds' columns in the payload schema
 * (payload_columns()).  A temporary table shadows the main schema's table
 * of the same name, and the collector's gatherer, store_report_gather(),
 * then reads them with its own queries: one code for both reports.
 *
 * Everything happens in one transaction that is rolled back at the end:
 * hub.db is only read, and the temporary tables go with it.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "hubreport.h"
#include "payload.h"

/* The kinds the gatherer reads, and the indexes its queries use. */
static const int kinds[] = { STORE_X_DEVICES, STORE_X_SCANS, STORE_X_METERS,
	STORE_X_SUPPLIES, STORE_X_INSTANCES, STORE_X_FLAGS, STORE_X_ALERTS,
	STORE_X_ERRORS };
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static const char *const indexes[] = {
	"CREATE INDEX temp.r_scans ON scans (device_id, time)",
	"CREATE INDEX temp.r_meters ON meters (device_id, name, scan_id)",
	"CREATE INDEX temp.r_sup_last ON supplies (last_scan_id)",
	"CREATE INDEX temp.r_sup_inst ON supplies (instance_id)",
	"CREATE INDEX temp.r_flags ON meter_flags (scan_id)",
	"CREATE INDEX temp.r_alerts ON alerts (last_scan_id)",
	"CREATE INDEX temp.r_errors ON status_errors (last_scan_id)",
};

static int
fail(sqlite3 *db, const char *path, struct fa_err *e)
{
	return fa_errf(e, "cannot read hub store '%s' for the report: %s",
	    path, sqlite3_errmsg(db));
}

/*
 * The table of kind k: "CREATE TEMP TABLE k (c1 INTEGER PRIMARY KEY,
 * ...)" into create, and "INSERT INTO temp.k (c1, ...) SELECT
 * json_extract(data, '$.c1'), ... FROM main.T WHERE site_id = ?1 [AND
 * kind = 'k']" into fill.
 */
static void
table_sql(int k, struct fa_buf *create, struct fa_buf *fill)
{
	const char *const *cols = payload_columns(k);
	const char	*name = payload_kinds[k];
	struct fa_buf	 sel = FA_BUF_INIT;
	size_t		 i, len;

	fa_buf_printf(create, "CREATE TEMP TABLE \"%s\" (", name);
	fa_buf_printf(fill, "INSERT INTO temp.\"%s\" (", name);
	for (i = 0; cols[i] != NULL; i++) {
		len = strcspn(cols[i], ":");
		fa_buf_printf(create, "%s\"%.*s\" %s%s", i ? ", " : "",
		    (int)len, cols[i], cols[i][len + 1] == 'i' ? "INTEGER" :
		    "TEXT", i == 0 ? " PRIMARY KEY" : "");
		fa_buf_printf(fill, "%s\"%.*s\"", i ? ", " : "", (int)len,
		    cols[i]);
		fa_buf_printf(&sel, "%sjson_extract(data, '$.%.*s')",
		    i ? ", " : "", (int)len, cols[i]);
	}
	fa_buf_printf(create, ")");
	if (k == STORE_X_DEVICES)
		fa_buf_printf(fill, ") SELECT %s FROM main.devices"
		    " WHERE site_id = ?1", sel.s);
	else
		fa_buf_printf(fill, ") SELECT %s FROM main.records"
		    " WHERE site_id = ?1 AND kind = '%s'", sel.s, name);
	fa_buf_release(&sel);
}

int
hubreport_scan(struct hubstore *h, const char *account, int64_t from,
    int64_t to, int64_t lead, store_rdev_cb *cb, void *arg,
    struct fa_err *e)
{
	sqlite3		*db = hubstore_sqlite(h);
	const char	*path = hubstore_path(h);
	sqlite3_stmt	*fill[NKINDS], *sites = NULL, *st;
	struct fa_buf	 c = FA_BUF_INIT, f = FA_BUF_INIT;
	int64_t		 acc;
	size_t		 i;
	int		 rc, ret = -1, intx = 0;
	char		*del;

	memset(fill, 0, sizeof(fill));
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		fail(db, path, e);
		goto out;
	}
	intx = 1;
	if (hubstore_account_id(h, account, &acc, e) != 0)
		goto out;
	for (i = 0; i < NKINDS; i++) {
		c.len = f.len = 0;
		table_sql(kinds[i], &c, &f);
		if (sqlite3_exec(db, c.s, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db, f.s, -1, &fill[i], NULL) !=
		    SQLITE_OK) {
			fail(db, path, e);
			goto out;
		}
	}
	for (i = 0; i < sizeof(indexes) / sizeof(indexes[0]); i++)
		if (sqlite3_exec(db, indexes[i], NULL, NULL, NULL) !=
		    SQLITE_OK) {
			fail(db, path, e);
			goto out;
		}
	if (sqlite3_prepare_v2(db, "SELECT id FROM main.sites"
	    " WHERE account_id = ?1 ORDER BY id", -1, &sites, NULL) !=
	    SQLITE_OK) {
		fail(db, path, e);
		goto out;
	}
	sqlite3_bind_int64(sites, 1, acc);
	while ((rc = sqlite3_step(sites)) == SQLITE_ROW) {
		int64_t site = sqlite3_column_int64(sites, 0);

		for (i = 0; i < NKINDS; i++) {
			del = fa_asprintf("DELETE FROM temp.\"%s\"",
			    payload_kinds[kinds[i]]);
			rc = sqlite3_exec(db, del, NULL, NULL, NULL);
			free(del);
			st = fill[i];
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, site);
			if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE) {
				fail(db, path, e);
				goto out;
			}
		}
		/* In this transaction: the gatherer opens none of its own. */
		if (store_report_gather(db, from, to, lead, cb, arg, e) != 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		fail(db, path, e);
		goto out;
	}
	ret = 0;
out:
	for (i = 0; i < NKINDS; i++)
		sqlite3_finalize(fill[i]);
	sqlite3_finalize(sites);
	/* Nothing to keep: the temporary tables go with the rollback. */
	if (intx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	fa_buf_release(&c);
	fa_buf_release(&f);
	return ret;
}
