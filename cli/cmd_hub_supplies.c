/*
 * cmd_hub_supplies.c: "fleetaudit hub supplies", the cartridges to ship
 * for one account (export/hub/hubsupply.c, docs/supplies.md), and "hub
 * supplies order ID", the desk marking one ordered.
 *
 * Listing records the cartridges suggested for the first time (so it
 * writes to the store; --new lists only those): a cartridge is suggested
 * until it is marked ordered, then not again until a swap is seen.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../export/hub/hubstore.h"
#include "../export/hub/hubsupply.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

#define BY_MAX	64	/* --by NAME, characters */

struct sopts {
	const char	*hub, *account, *threshold, *days, *by;
	int		 csv, json, only_new;
};

static void
put_csv(const struct hubsupply_row *v, size_t n)
{
	struct fa_buf	 b = FA_BUF_INIT;

	hubsupply_csv(v, n, &b);
	fwrite(b.s, 1, b.len, stdout);
	fa_buf_release(&b);
}

static void
put_json(const struct hubsupply_row *v, size_t n, const char *account)
{
	json_object	*top = json_object_new_object();
	json_object	*a = json_object_new_array(), *o;
	char		 ts[32];
	size_t		 i;

#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
#define JT(t)	((t) != 0 ? (fa_iso8601((t), ts, sizeof(ts)), \
		    json_object_new_string(ts)) : NULL)
	json_object_object_add(top, "account", json_object_new_string(account));
	for (i = 0; i < n; i++) {
		const struct hubsupply_row *r = &v[i];

		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64(r->id));
		json_object_object_add(o, "part_number", JS(r->part_number));
		json_object_object_add(o, "quantity",
		    json_object_new_int(r->quantity));
		json_object_object_add(o, "description", JS(r->description));
		json_object_object_add(o, "colorant", JS(r->colorant));
		json_object_object_add(o, "level", r->percent >= 0 ?
		    json_object_new_int(r->percent) : NULL);
		json_object_object_add(o, "reason", JS(r->reason));
		json_object_object_add(o, "empty_by", JT(r->empty_at));
		json_object_object_add(o, "serial", JS(r->serial));
		json_object_object_add(o, "model", JS(r->model));
		json_object_object_add(o, "address", JS(r->address));
		json_object_object_add(o, "location", JS(r->location));
		json_object_object_add(o, "site", JS(r->site));
		json_object_object_add(o, "collector", JS(r->collector));
		json_object_object_add(o, "device_id",
		    json_object_new_int64(r->device));
		json_object_object_add(o, "supply_index",
		    json_object_new_int(r->idx));
		json_object_object_add(o, "cartridge_serial",
		    JS(r->cart_serial));
		json_object_object_add(o, "installed", JT(r->installed));
		json_object_object_add(o, "suggested", JT(r->suggested));
		json_object_object_add(o, "new",
		    json_object_new_boolean(r->is_new));
		json_object_array_add(a, o);
	}
#undef JS
#undef JT
	json_object_object_add(top, "supplies", a);
	json_print(top);
	json_object_put(top);
}

static void
put_table(const struct hubsupply_row *v, size_t n)
{
	size_t	i;

	printf("%5s %-14s %3s %-24s %-22s %-16s %-20s %s\n", "ID", "PART",
	    "QTY", "SUPPLY", "REASON", "SERIAL", "LOCATION", "NEW");
	for (i = 0; i < n; i++) {
		const struct hubsupply_row *r = &v[i];

#define S(x)	((x) != NULL ? (x) : "-")
		printf("%5lld %-14.40s %3d %-24.40s %-22s %-16.40s %-20.40s "
		    "%s\n", (long long)r->id, S(r->part_number), r->quantity,
		    S(r->description), r->reason, S(r->serial),
		    S(r->location), r->is_new ? "new" : "");
#undef S
	}
}

/* "hub supplies order ID": who is --by, else the login name. */
static int
order(const struct sopts *o, struct hubstore *hs, const char *idstr)
{
	struct fa_err	 e;
	struct passwd	*pw;
	long long	 id;
	char		*who;
	int		 x;

	if (fa_strtonum(idstr, 1, INT64_MAX, &id, "suggestion number",
	    &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (o->by != NULL)
		who = fa_strdup(o->by);
	else if ((pw = getpwuid(getuid())) != NULL)
		who = fa_asprintf("%s", pw->pw_name);
	else
		who = fa_asprintf("uid %ld", (long)getuid());
	x = hubsupply_order(hs, o->account, id, who, fa_wall(), &e);
	free(who);
	if (x < 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (x == 1)
		return cmd_fail(EXIT_FAIL, "no supply suggestion %lld waiting "
		    "for an order in account '%s'", id, o->account);
	fprintf(stderr, "hub supplies: suggestion %lld marked ordered\n", id);
	return EXIT_OK;
}

/* --account, checked; 0 or the exit status (printed). */
static int
account(const struct hub_args *a)
{
	struct fa_err	e;

	if (a->s.account == NULL)
		return cmd_fail(EXIT_USAGE, "hub %s needs --account NAME",
		    a->pos.n > 1 ? "supplies order" : "supplies");
	if (hubstore_account_check(a->s.account, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	return 0;
}

int
cmd_hub_supplies_order(struct hub_args *a)
{
	struct sopts	 o = { a->dir, a->s.account, NULL, NULL, a->by, 0, 0,
			    0 };
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	int		 rc;

	if (a->pos.n != 3)
		return cmd_fail(EXIT_USAGE, "hub supplies order takes one ID");
	if ((rc = account(a)) != 0)
		return rc;
	if (o.by != NULL && (strlen(o.by) == 0 || strlen(o.by) > BY_MAX))
		return cmd_fail(EXIT_USAGE, "--by: a name of 1 to %d "
		    "characters", BY_MAX);
	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = order(&o, hs, a->pos.v[2]);
	hubstore_close(hs);
	return rc;
}

int
cmd_hub_supplies(struct hub_args *a)
{
	struct sopts		 o = { a->dir, a->s.account, a->threshold,
				    a->days, NULL, a->csv, a->s.json,
				    a->only_new };
	struct hubsupply_opts	 so;
	struct hubsupply_row	*rows = NULL;
	struct hubstore		*hs = NULL;
	struct fa_err		 e;
	size_t			 n = 0, i;
	int			 rc;

	memset(&so, 0, sizeof(so));
	so.threshold = HUBSUPPLY_THRESHOLD;
	so.days = HUBSUPPLY_DAYS;
	if (a->pos.n > 1)
		return cmd_fail(EXIT_USAGE, "hub supplies: unexpected '%s' "
		    "(hub supplies order ID)", a->pos.v[1]);
	if ((rc = account(a)) != 0)
		return rc;
	if (o.csv && o.json)
		return cmd_fail(EXIT_USAGE, "hub supplies: --csv or --json, "
		    "not both");
	if (cmd_opt_int(o.threshold, 0, 100, "--threshold",
	    &so.threshold) != 0 || cmd_opt_int(o.days, 0,
	    HUBSUPPLY_DAYS_MAX, "--days", &so.days) != 0)
		return EXIT_USAGE;
	so.only_new = o.only_new;
	so.now = fa_wall();
	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (hubsupply_scan(hs, o.account, &so, &rows, &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if ((rc = cmd_hub_audit(hs, o.account, "export", "hub supplies")) != 0)
		goto out;
	if (o.csv)
		put_csv(rows, n);
	else if (o.json)
		put_json(rows, n, o.account);
	else
		put_table(rows, n);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		rc = cmd_fail(EXIT_FAIL, "cannot write the supply list: %s",
		    strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubsupply_row_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}
