/*
 * cmd_hub_attention.c: "fleetaudit hub attention", what needs the
 * service desk across accounts (export/hub/hubattention.c,
 * docs/attention.md): every account, or those given with --account, most
 * urgent first, as a table or --json.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../export/hub/hubattention.h"
#include "../export/hub/hubstore.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

static void
put_json(const struct hubattention_row *v, size_t n)
{
	json_object	*a = json_object_new_array(), *o;
	char		 ts[32];
	size_t		 i;

#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
	for (i = 0; i < n; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "kind",
		    JS(hubattention_kind_name(v[i].kind)));
		json_object_object_add(o, "rank",
		    json_object_new_int((int)v[i].kind));
		json_object_object_add(o, "account", JS(v[i].account));
		json_object_object_add(o, "site", JS(v[i].site));
		json_object_object_add(o, "collector", JS(v[i].collector));
		json_object_object_add(o, "device_id",
		    json_object_new_int64(v[i].device));
		json_object_object_add(o, "serial", JS(v[i].serial));
		json_object_object_add(o, "model", JS(v[i].model));
		json_object_object_add(o, "address", JS(v[i].address));
		json_object_object_add(o, "location", JS(v[i].location));
		json_object_object_add(o, "detail", JS(v[i].detail));
		if (v[i].since != 0) {
			fa_iso8601(v[i].since, ts, sizeof(ts));
			json_object_object_add(o, "since", JS(ts));
		} else
			json_object_object_add(o, "since", NULL);
		json_object_array_add(a, o);
	}
#undef JS
	json_print(a);
	json_object_put(a);
}

static void
put_table(const struct hubattention_row *v, size_t n)
{
	char	ts[32];
	size_t	i;

	printf("%-8s %-16s %-16s %-20s %-20s %s\n", "KIND", "ACCOUNT",
	    "SERIAL", "LOCATION", "SINCE", "WHAT");
	for (i = 0; i < n; i++) {
#define S(x)	((x) != NULL ? (x) : "-")
		if (v[i].since != 0)
			fa_iso8601(v[i].since, ts, sizeof(ts));
		else
			fa_strlcpy(ts, "-", sizeof(ts));
		printf("%-8s %-16.40s %-16.40s %-20.40s %-20s %s\n",
		    hubattention_kind_name(v[i].kind), v[i].account,
		    S(v[i].serial), S(v[i].location), ts, S(v[i].detail));
#undef S
	}
}

int
cmd_hub_attention(struct hub_args *a)
{
	const struct hub_args	*o = a;
	struct hubattention_opts ao;
	struct hubattention_row	*rows = NULL;
	struct hubattention_conf conf;
	struct hubstore		*hs = NULL;
	struct fa_err		 e;
	int64_t			 id;
	size_t			 n = 0, i;
	int			 rc;

	memset(&ao, 0, sizeof(ao));
	ao.silent_days = HUBATTENTION_SILENT_DAYS;
	ao.threshold = 10;
	ao.days = 14;
	ao.anomaly_days = HUBATTENTION_ANOMALY_DAYS;
	if (a->pos.n > 1)
		return cmd_fail(EXIT_USAGE, "hub attention: unexpected '%s'",
		    a->pos.v[1]);
	if (cmd_opt_int(o->silent_days, 1, 365, "--silent-days",
	    &ao.silent_days) != 0 ||
	    cmd_opt_int(o->threshold, 0, 100, "--threshold",
	    &ao.threshold) != 0 ||
	    cmd_opt_int(o->days, 0, 365, "--days", &ao.days) != 0)
		return EXIT_USAGE;
	for (i = 0; i < o->naccounts; i++)
		if (hubstore_account_check(o->accounts[i], &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
	ao.now = fa_wall();
	/* per account, unless --silent-days says it for all */
	if (o->silent_days == NULL) {
		if (hubattention_conf_load(a->dir, &conf, &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
	} else
		memset(&conf, 0, sizeof(conf));
	ao.conf = &conf;
	if (hubstore_open_hub(a->dir, &hs, &e) != 0) {
		hubattention_conf_release(&conf);
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	}
	rc = EXIT_FAIL;
	for (i = 0; i < o->naccounts; i++)
		if (hubstore_account_id(hs, o->accounts[i], &id, &e) != 0) {
			cmd_fail(rc, "%s", e.msg);
			goto out;
		}
	if (hubattention_scan(hs, o->naccounts > 0 ? o->accounts : NULL,
	    o->naccounts, &ao, &rows, &n, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (o->s.json)
		put_json(rows, n);
	else
		put_table(rows, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cmd_fail(rc, "cannot write the list: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubattention_row_release(&rows[i]);
	free(rows);
	hubattention_conf_release(&conf);
	hubstore_close(hs);
	return rc;
}
