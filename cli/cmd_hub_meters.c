/*
 * cmd_hub_meters.c: "fleetaudit hub meters", the meter reads that go to
 * billing for one account and one month (export/hub/hubmeters.c,
 * docs/billing.md): a table, --csv (the ERP layout) or --json on
 * standard output.
 *
 * The account's meter map is --map FILE, else HUB/meters/ACCOUNT.map
 * when it exists, else the built-in one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../export/hub/hubmeters.h"
#include "../export/hub/hubstore.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

#define TOLERANCE_DEFAULT_MS	(HUBMETERS_TOLERANCE * 1000LL)
#define TOLERANCE_MAX_MS	(31LL * 86400 * 1000)	/* a month */

struct mopts {
	const char	*hub, *account, *period, *map, *tolerance;
	int		 csv, json;
};

static const char *
kind_name(enum hubmeters_kind k)
{
	return hubmeters_kind_name(k);
}

static char *
method(const struct hubmeters_row *r)
{
	return hubmeters_method(r);
}

static void
put_csv(const struct hubmeters_row *v, size_t n)
{
	struct fa_buf	 b = FA_BUF_INIT;

	hubmeters_csv(v, n, &b);
	fwrite(b.s, 1, b.len, stdout);
	fa_buf_release(&b);
}

static void
put_json(const struct hubmeters_row *v, size_t n, const char *account,
    const char *period, int64_t cutoff)
{
	json_object	*top = json_object_new_object();
	json_object	*a = json_object_new_array(), *o;
	char		 ts[32], *m;
	size_t		 i;

#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
	json_object_object_add(top, "account", json_object_new_string(account));
	json_object_object_add(top, "period", json_object_new_string(period));
	fa_iso8601(cutoff, ts, sizeof(ts));
	json_object_object_add(top, "cutoff", json_object_new_string(ts));
	for (i = 0; i < n; i++) {
		const struct hubmeters_row *r = &v[i];

		o = json_object_new_object();
		json_object_object_add(o, "serial", JS(r->serial));
		json_object_object_add(o, "asset_number", JS(r->asset));
		json_object_object_add(o, "billing_code", JS(r->code));
		if (r->pick.kind != HUBMETERS_MISSING) {
			json_object_object_add(o, "value",
			    json_object_new_int64(r->pick.value));
			fa_iso8601(r->pick.time, ts, sizeof(ts));
			json_object_object_add(o, "read_date", JS(ts));
		} else {
			json_object_object_add(o, "value", NULL);
			json_object_object_add(o, "read_date", NULL);
		}
		json_object_object_add(o, "read_type",
		    JS(kind_name(r->pick.kind)));
		m = method(r);
		json_object_object_add(o, "method", JS(m));
		free(m);
		json_object_object_add(o, "meter", JS(r->meter));
		json_object_object_add(o, "model", JS(r->model));
		json_object_object_add(o, "address", JS(r->address));
		json_object_object_add(o, "collector", JS(r->collector));
		json_object_object_add(o, "device_id",
		    json_object_new_int64(r->device));
		json_object_array_add(a, o);
	}
#undef JS
	json_object_object_add(top, "reads", a);
	json_print(top);
	json_object_put(top);
}

static void
put_table(const struct hubmeters_row *v, size_t n)
{
	char	ts[32], *m;
	size_t	i;

	printf("%-16s %-12s %-8s %12s %-20s %-9s %s\n", "SERIAL", "ASSET",
	    "CODE", "VALUE", "READ", "TYPE", "METHOD");
	for (i = 0; i < n; i++) {
		const struct hubmeters_row *r = &v[i];

#define S(x)	((x) != NULL ? (x) : "-")
		m = method(r);
		if (r->pick.kind == HUBMETERS_MISSING)
			printf("%-16.40s %-12.40s %-8s %12s %-20s %-9s %s\n",
			    S(r->serial), S(r->asset), r->code, "-", "-",
			    "missing", m);
		else {
			fa_iso8601(r->pick.time, ts, sizeof(ts));
			printf("%-16.40s %-12.40s %-8s %12lld %-20s %-9s %s\n",
			    S(r->serial), S(r->asset), r->code,
			    (long long)r->pick.value, ts,
			    kind_name(r->pick.kind), m);
		}
		free(m);
#undef S
	}
}

int
cmd_hub_meters(struct hub_args *a)
{
	struct mopts		 o = { a->dir, a->s.account, a->period, a->map,
				    a->tolerance, a->csv, a->s.json };
	struct hubmeters_map	 map;
	struct hubmeters_row	*rows = NULL;
	struct hubstore		*hs = NULL;
	struct fa_err		 e;
	const char		*dir = a->dir;
	long long		 tol_ms = TOLERANCE_DEFAULT_MS;
	int64_t			 cutoff;
	size_t			 n = 0, i;
	int			 rc;

	if (a->pos.n > 1)
		return cmd_fail(EXIT_USAGE, "hub meters: unexpected '%s'",
		    a->pos.v[1]);
	if (o.account == NULL)
		return cmd_fail(EXIT_USAGE, "hub meters needs --account NAME");
	if (o.period == NULL)
		return cmd_fail(EXIT_USAGE, "hub meters needs --period "
		    "YYYY-MM");
	if (o.csv && o.json)
		return cmd_fail(EXIT_USAGE, "hub meters: --csv or --json, not "
		    "both");
	if (hubstore_account_check(o.account, &e) != 0 ||
	    hubmeters_period(o.period, &cutoff, &e) != 0 ||
	    (o.tolerance != NULL && fa_parse_duration_ms(o.tolerance, 0,
	    TOLERANCE_MAX_MS, &tol_ms, "--tolerance", &e) != 0))
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (o.map != NULL ? hubmeters_map_read(o.map, &map, &e) != 0 :
	    hubmeters_map_for(dir, o.account, &map, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (hubstore_open_hub(dir, &hs, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (hubmeters_scan(hs, o.account, cutoff, tol_ms / 1000, &map, &rows,
	    &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	{
		char	*what = fa_asprintf("hub meters %s", o.period);

		rc = cmd_hub_audit(hs, o.account, "export", what);
		free(what);
		if (rc != 0)
			goto out;
	}
	if (o.csv)
		put_csv(rows, n);
	else if (o.json)
		put_json(rows, n, o.account, o.period, cutoff);
	else
		put_table(rows, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = cmd_fail(EXIT_FAIL, "cannot write the meter reads: %s",
		    strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubmeters_row_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}
