/*
 * store_export.c: what an export carries, read from the change-only store
 * (docs/store.md, "Change-only"; the payload's schema is
 * docs/bundle-format.md).  Against the scans (after, upto]:
 *
 *  - the scans with after < id <= upto, and the devices they read;
 *  - per value table, the rows first read by those scans, whole;
 *  - the rows read before (scan_id <= after) and seen unchanged since
 *    (last_scan_id > after): only their last-seen scan and position, as
 *    "seen" records;
 *  - the meter flags of those scans, and the supply instances they
 *    started or extended.
 *
 * A value row is named by its rowid, which stays the row's for as long as
 * the store keeps it, so the hub can move its last-seen scan.  Every read
 * of one export runs in one read transaction (store_export_begin/end): a
 * snapshot, whatever a running collector writes meanwhile.  The columns
 * are the payload's (export/payload.c), not "SELECT *", so that the
 * payload's schema changes only on purpose.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"

int
store_export_begin(struct store *s, struct fa_err *e)
{
	sqlite3	*db = store_sqlite(s);

	/* A read transaction: its first read fixes the snapshot. */
	if (sqlite3_exec(db, "BEGIN; SELECT count(*) FROM scans", NULL, NULL,
	    NULL) != SQLITE_OK) {
		fa_errf(e, "cannot read store '%s': %s", store_path(s),
		    sqlite3_errmsg(db));
		if (!sqlite3_get_autocommit(db))
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

void
store_export_end(struct store *s)
{
	sqlite3	*db = store_sqlite(s);

	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* "a, b, c" from a column list (rowid for "row"). */
static void
select_list(struct fa_buf *b, const char *const *cols)
{
	size_t	i;

	for (i = 0; cols[i] != NULL; i++) {
		const char *c = cols[i];
		size_t n = strcspn(c, ":");

		if (i > 0)
			fa_buf_puts(b, ", ");
		if (n == 3 && strncmp(c, "row", 3) == 0)
			fa_buf_puts(b, "rowid");
		else
			fa_buf_printf(b, "\"%.*s\"", (int)n, c);
	}
}

static int
run_query(struct store *s, const char *sql, int kind, int64_t after,
    int64_t upto, store_export_fn fn, void *arg, struct fa_err *e)
{
	sqlite3			*db = store_sqlite(s);
	sqlite3_stmt		*st = NULL;
	struct store_xval	 v[40];
	int			 n, i, x, rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto dbfail;
	n = sqlite3_column_count(st);
	if (n > (int)nitems(v))
		fa_bug("store_export: %d columns", n);
	if (sqlite3_bind_int64(st, 1, after) != SQLITE_OK ||
	    (sqlite3_bind_parameter_count(st) > 1 &&
	    sqlite3_bind_int64(st, 2, upto) != SQLITE_OK))
		goto dbfail;
	while ((x = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			memset(&v[i], 0, sizeof(v[i]));
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				v[i].type = STORE_XV_NULL;
				break;
			case SQLITE_INTEGER:
				v[i].type = STORE_XV_INT;
				v[i].i = sqlite3_column_int64(st, i);
				break;
			case SQLITE_FLOAT:
				v[i].type = STORE_XV_REAL;
				v[i].d = sqlite3_column_double(st, i);
				break;
			default:
				v[i].type = STORE_XV_TEXT;
				v[i].s = (const char *)sqlite3_column_text(st,
				    i);
				if (v[i].s == NULL)
					v[i].s = "";
				break;
			}
		}
		if (fn(arg, kind, v, (size_t)n, e) != 0)
			goto out;
	}
	if (x != SQLITE_DONE)
		goto dbfail;
	rc = 0;
	goto out;
dbfail:
	fa_errf(e, "cannot read store '%s' for an export: %s", store_path(s),
	    sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	return rc;
}

int
store_export_rows(struct store *s, int kind, const char *const *cols,
    int64_t after, int64_t upto, store_export_fn fn, void *arg,
    struct fa_err *e)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*sql;
	int		 rc, k;

	if (kind == STORE_X_SEEN) {
		/* One query per value table, in table order. */
		for (k = STORE_X_METERS; k <= STORE_X_DISPLAY; k++) {
			sql = fa_asprintf("SELECT '%s', rowid, last_scan_id,"
			    " pos FROM \"%s\" WHERE scan_id <= ?1 AND"
			    " last_scan_id > ?1 AND last_scan_id <= ?2"
			    " ORDER BY rowid", store_export_names[k],
			    store_export_names[k]);
			rc = run_query(s, sql, kind, after, upto, fn, arg, e);
			free(sql);
			if (rc != 0)
				return -1;
		}
		return 0;
	}
	fa_buf_puts(&b, "SELECT ");
	select_list(&b, cols);
	fa_buf_printf(&b, " FROM \"%s\" WHERE ", store_export_names[kind]);
	switch (kind) {
	case STORE_X_DEVICES:
		fa_buf_puts(&b, "id IN (SELECT device_id FROM scans"
		    " WHERE id > ?1 AND id <= ?2) ORDER BY id");
		break;
	case STORE_X_SCANS:
		fa_buf_puts(&b, "id > ?1 AND id <= ?2 ORDER BY id");
		break;
	case STORE_X_INSTANCES:
		fa_buf_puts(&b, "(first_scan_id > ?1 AND first_scan_id <= ?2)"
		    " OR (last_scan_id > ?1 AND last_scan_id <= ?2)"
		    " ORDER BY id");
		break;
	default:
		fa_buf_puts(&b, "scan_id > ?1 AND scan_id <= ?2"
		    " ORDER BY rowid");
		break;
	}
	sql = fa_buf_steal(&b);
	rc = run_query(s, sql, kind, after, upto, fn, arg, e);
	free(sql);
	return rc;
}

int
store_export_period(struct store *s, int64_t after, int64_t upto,
    int64_t *from, int64_t *to, int64_t *devices, struct fa_err *e)
{
	sqlite3		*db = store_sqlite(s);
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	*from = *to = *devices = 0;
	if (sqlite3_prepare_v2(db, "SELECT min(time), max(time),"
	    " count(DISTINCT device_id) FROM scans WHERE id > ?1 AND"
	    " id <= ?2", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 1, after) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, upto) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		fa_errf(e, "cannot read store '%s' for an export: %s",
		    store_path(s), sqlite3_errmsg(db));
		goto out;
	}
	*from = sqlite3_column_int64(st, 0);
	*to = sqlite3_column_int64(st, 1);
	*devices = sqlite3_column_int64(st, 2);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}
