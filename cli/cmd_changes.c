/*
 * cmd_changes.c: "fleetaudit changes": what is new in the store since the
 * last export (or a date), as the change-only store computes it
 * (store_delta(), docs/store.md "Change-only"): what an export made now
 * would have to carry.  Only reads the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "json.h"
#include "util.h"

/* --since into the scan the delta starts after: -1 for the newest
 * export, 0 for everything, else the newest scan at or before a date. */
static int
since_scan(struct store *st, const char *since, int64_t *scan,
    struct fa_err *e)
{
	int64_t	t;

	if (since == NULL || strcmp(since, "last") == 0) {
		*scan = -1;
		return 0;
	}
	if (strcmp(since, "all") == 0) {
		*scan = 0;
		return 0;
	}
	if (cmd_parse_since(since, fa_wall(), &t, e) != 0)
		return -1;
	return store_last_scan(st, t, scan, e);
}

static void
print_json(const struct store_delta *d)
{
	json_object	*o = json_object_new_object(), *v;
	char		 ts[32];
	int		 k;

	json_object_object_add(o, "since_scan",
	    json_object_new_int64(d->since_scan));
	if (d->since_time > 0)
		fa_iso8601(d->since_time, ts, sizeof(ts));
	json_object_object_add(o, "last_export", d->since_time > 0 ?
	    json_object_new_string(ts) : NULL);
	json_object_object_add(o, "upto_scan",
	    json_object_new_int64(d->upto_scan));
	json_object_object_add(o, "scans", json_object_new_int64(d->scans));
	json_object_object_add(o, "devices",
	    json_object_new_int64(d->devices));
	json_object_object_add(o, "attribute_changes",
	    json_object_new_int64(d->attrs));
	v = json_object_new_object();
	for (k = 0; k < STORE_NDT; k++) {
		json_object *t = json_object_new_object();

		json_object_object_add(t, "changed",
		    json_object_new_int64(d->changed[k]));
		json_object_object_add(t, "unchanged",
		    json_object_new_int64(d->unchanged[k]));
		json_object_object_add(v, store_delta_tables[k], t);
	}
	json_object_object_add(o, "values", v);
	json_print(o);
	json_object_put(o);
}

int
cmd_changes(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct store		*st = NULL;
	struct store_delta	 d;
	struct fa_err		 e;
	int64_t			 since;
	char			 ts[32];
	int			 rc, k;

	if ((rc = cmd_setup("changes", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n > 0) {
		rc = cmd_fail(EXIT_USAGE, "changes takes no arguments (see "
		    "--since)");
		goto out;
	}
	if ((rc = cmd_open_store(&s, 0, &st)) != 0)
		goto out;
	if (since_scan(st, s.since, &since, &e) != 0) {
		rc = cmd_fail(strncmp(e.msg, "since:", 6) == 0 ? EXIT_USAGE :
		    EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (store_delta(st, since, &d, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s.json)
		print_json(&d);
	else {
		if (since < 0 && d.since_time > 0) {
			fa_iso8601(d.since_time, ts, sizeof(ts));
			printf("since          the last export, %s (up to scan "
			    "%lld)\n", ts, (long long)d.since_scan);
		} else if (since < 0)
			printf("since          the start (nothing exported "
			    "yet)\n");
		else
			printf("since          scan %lld\n",
			    (long long)d.since_scan);
		printf("up to          scan %lld\n", (long long)d.upto_scan);
		printf("scans          %lld, of %lld devices (%lld with "
		    "changed attributes)\n", (long long)d.scans,
		    (long long)d.devices, (long long)d.attrs);
		printf("\n%-16s %10s %15s\n", "VALUES", "CHANGED",
		    "SEEN UNCHANGED");
		for (k = 0; k < STORE_NDT; k++)
			printf("%-16s %10lld %15lld\n", store_delta_tables[k],
			    (long long)d.changed[k],
			    (long long)d.unchanged[k]);
	}
	rc = EXIT_OK;
out:
	if (st != NULL)
		store_close(st);
	free(pos.v);
	settings_release(&s);
	return rc;
}
