/*
 * cmd_devices.c: "fleetaudit devices" and "fleetaudit show": what the
 * store holds.  Both only read the store.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cmd.h"
#include "json.h"
#include "util.h"

#define S(v)	((v) ? json_object_new_string(v) : NULL)

static void
when(int64_t t, char *buf, size_t len)
{
	if (t <= 0)
		fa_strlcpy(buf, "-", len);
	else
		fa_iso8601(t, buf, len);
}

int
cmd_devices(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct store		*st = NULL;
	struct store_devrow	*rows = NULL;
	struct fa_err		 e;
	size_t			 n = 0, i;
	char			 t1[32], pages[24];
	int			 rc;

	if ((rc = cmd_setup("devices", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n > 0) {
		rc = cmd_fail(EXIT_USAGE, "devices takes no arguments (use "
		    "'show DEVICE' for one)");
		goto out;
	}
	if ((rc = cmd_open_store(&s, 0, &st)) != 0)
		goto out;
	if (store_list_devices(st, &rows, &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s.json) {
		json_object *a = json_object_new_array();

		for (i = 0; i < n; i++) {
			json_object *o = json_object_new_object();
			struct store_devrow *r = &rows[i];

			json_object_object_add(o, "id",
			    json_object_new_int64(r->id));
			json_object_object_add(o, "address", S(r->address));
			json_object_object_add(o, "vendor", S(r->vendor));
			json_object_object_add(o, "model", S(r->model));
			json_object_object_add(o, "serial", S(r->serial));
			json_object_object_add(o, "mac", S(r->mac));
			json_object_object_add(o, "credential",
			    S(r->credential));
			when(r->first_seen, t1, sizeof(t1));
			json_object_object_add(o, "first_seen",
			    r->first_seen > 0 ? json_object_new_string(t1) :
			    NULL);
			when(r->last_seen, t1, sizeof(t1));
			json_object_object_add(o, "last_seen",
			    r->last_seen > 0 ? json_object_new_string(t1) :
			    NULL);
			json_object_object_add(o, "scans",
			    json_object_new_int(r->scans));
			json_object_object_add(o, "total_pages",
			    r->total_pages == DEV_NONE ? NULL :
			    json_object_new_int64(r->total_pages));
			json_object_object_add(o, "error", S(r->error));
			json_object_object_add(o, "missed_discoveries",
			    json_object_new_int(r->missed));
			when(r->missing_since, t1, sizeof(t1));
			json_object_object_add(o, "missing_since",
			    r->missing_since > 0 ?
			    json_object_new_string(t1) : NULL);
			json_object_object_add(o, "model_def",
			    S(r->model_def));
			json_object_array_add(a, o);
		}
		json_print(a);
		json_object_put(a);
	} else {
		printf("%4s %-16s %-12s %-26s %-16s %-20s %10s %5s %s\n",
		    "ID", "ADDRESS", "VENDOR", "MODEL", "SERIAL", "LAST SEEN",
		    "PAGES", "READS", "STATE");
		for (i = 0; i < n; i++) {
			struct store_devrow *r = &rows[i];

			when(r->last_seen, t1, sizeof(t1));
			if (r->total_pages == DEV_NONE)
				fa_strlcpy(pages, "-", sizeof(pages));
			else
				snprintf(pages, sizeof(pages), "%lld",
				    (long long)r->total_pages);
			printf("%4lld %-16s %-12.12s %-26.26s %-16.16s %-20s "
			    "%10s %5d %s\n", (long long)r->id, r->address,
			    r->vendor ? r->vendor : "-",
			    r->model ? r->model : "-",
			    r->serial ? r->serial : "-", t1, pages, r->scans,
			    r->missing_since > 0 ? "missing" :
			    r->error != NULL ? "incomplete" : "ok");
		}
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		store_devrow_release(&rows[i]);
	free(rows);
	if (st != NULL)
		store_close(st);
	free(pos.v);
	settings_release(&s);
	return rc;
}

static void
print_device(const struct device *d, int64_t t)
{
	char	ts[32];
	size_t	i;

	fa_iso8601(t, ts, sizeof(ts));
#define F(k, v)	printf("%-14s %s\n", k, (v) ? (v) : "-")
	F("address", d->address);
	F("vendor", d->vendor);
	F("model", d->model);
	F("serial", d->serial);
	F("mac", d->mac);
	F("firmware", d->firmware);
	F("sysObjectID", d->sys_object_id);
	F("sysDescr", d->sys_descr);
	F("sysName", d->sys_name);
	F("location", d->sys_location);
	F("contact", d->sys_contact);
	F("credential", d->credential);
	printf("%-14s %s\n", "read at", ts);
	F("read error", d->error);
#undef F
	printf("\nMeters\n");
	for (i = 0; i < d->nmeters; i++)
		printf("  %-12s %12lld %s\n", d->meters[i].name,
		    (long long)d->meters[i].value,
		    d->meters[i].unit ? d->meters[i].unit : "");
	printf("\nSupplies\n");
	for (i = 0; i < d->nsupplies; i++) {
		const struct dev_supply *s = &d->supplies[i];
		char lv[48];

		if (s->percent >= 0)
			snprintf(lv, sizeof(lv), "%d%%", s->percent);
		else if (s->level != DEV_NONE)
			snprintf(lv, sizeof(lv), "%lld (max unknown)",
			    (long long)s->level);
		else
			snprintf(lv, sizeof(lv), "%s", s->state ? s->state :
			    "-");
		printf("  %3d %-40.40s %-16s %-8s %s\n", s->index,
		    s->description ? s->description : "-",
		    s->type ? s->type : "-",
		    s->colorant ? s->colorant : "", lv);
	}
	printf("\nTrays\n");
	for (i = 0; i < d->ntrays; i++) {
		const struct dev_tray *t2 = &d->trays[i];
		printf("  %3d %-20.20s %-14.14s cap %-6lld level %-6lld %s\n",
		    t2->index, t2->name ? t2->name : "-",
		    t2->media ? t2->media : "-",
		    (long long)(t2->capacity == DEV_NONE ? -1 : t2->capacity),
		    (long long)(t2->level == DEV_NONE ? -1 : t2->level),
		    t2->status ? t2->status : "");
	}
	printf("\nStatus\n  errors:");
	for (i = 0; i < d->status.nerrors; i++)
		printf(" %s", d->status.errors[i]);
	printf("%s\n", d->status.nerrors ? "" : " none");
	for (i = 0; i < d->status.ndisplay; i++)
		printf("  display: %s\n", d->status.display[i]);
	if (d->nalerts > 0)
		printf("\nAlerts\n");
	for (i = 0; i < d->nalerts; i++)
		printf("  %-9s %-24s %s\n", d->alerts[i].severity ?
		    d->alerts[i].severity : "-", d->alerts[i].code_name ?
		    d->alerts[i].code_name : "-", d->alerts[i].description ?
		    d->alerts[i].description : "");
}

int
cmd_show(int argc, char *argv[])
{
	struct settings		 s;
	struct strv		 pos = { NULL, 0 };
	struct store		*st = NULL;
	struct store_scanrow	*h = NULL;
	struct store_instrow	*ins = NULL;
	struct store_flagrow	*fl = NULL;
	size_t			 nins = 0, nfl = 0;
	struct device		 d;
	struct fa_err		 e;
	int64_t			 id, t = 0;
	size_t			 n = 0, i;
	char			 ts[32];
	int			 rc;

	dev_init(&d);
	if ((rc = cmd_setup("show", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n != 1) {
		rc = cmd_fail(EXIT_USAGE, "show needs one DEVICE (id, serial, "
		    "MAC or address)");
		goto out;
	}
	if ((rc = cmd_open_store(&s, 0, &st)) != 0)
		goto out;
	if (store_find_device(st, pos.v[0], &id, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if (store_latest(st, id, &d, &t, &e) != 0 ||
	    store_history(st, id, &h, &n, &e) != 0 ||
	    store_supply_instances(st, id, &ins, &nins, &e) != 0 ||
	    store_meter_flags(st, id, &fl, &nfl, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s.json) {
		json_object *o = json_object_new_object(), *a;

		json_object_object_add(o, "id", json_object_new_int64(id));
		fa_iso8601(t, ts, sizeof(ts));
		json_object_object_add(o, "read_at", json_object_new_string(ts));
		json_object_object_add(o, "latest", json_device(&d));
		a = json_object_new_array();
		for (i = 0; i < n; i++) {
			json_object *x = json_object_new_object();

			fa_iso8601(h[i].time, ts, sizeof(ts));
			json_object_object_add(x, "time", json_object_new_string(ts));
			json_object_object_add(x, "assessment",
			    json_object_new_int64(h[i].assessment_id));
			json_object_object_add(x, "address", S(h[i].address));
			json_object_object_add(x, "total_pages",
			    h[i].total_pages == DEV_NONE ? NULL :
			    json_object_new_int64(h[i].total_pages));
			json_object_object_add(x, "supplies_low",
			    json_object_new_int(h[i].nsupplies_low));
			json_object_object_add(x, "error", S(h[i].error));
			json_object_array_add(a, x);
		}
		json_object_object_add(o, "history", a);
		a = json_object_new_array();
		for (i = 0; i < nins; i++) {
			json_object *x = json_object_new_object();

			json_object_object_add(x, "index",
			    json_object_new_int(ins[i].idx));
			json_object_object_add(x, "description",
			    S(ins[i].description));
			json_object_object_add(x, "part_number",
			    S(ins[i].part_number));
			json_object_object_add(x, "serial", S(ins[i].serial));
			fa_iso8601(ins[i].first_seen, ts, sizeof(ts));
			json_object_object_add(x, "first_seen",
			    json_object_new_string(ts));
			fa_iso8601(ins[i].last_seen, ts, sizeof(ts));
			json_object_object_add(x, "last_seen",
			    json_object_new_string(ts));
			json_object_object_add(x, "first_level",
			    ins[i].first_level < 0 ? NULL :
			    json_object_new_int(ins[i].first_level));
			json_object_object_add(x, "last_level",
			    ins[i].last_level < 0 ? NULL :
			    json_object_new_int(ins[i].last_level));
			json_object_object_add(x, "pages",
			    ins[i].pages == DEV_NONE ? NULL :
			    json_object_new_int64(ins[i].pages));
			json_object_object_add(x, "current",
			    json_object_new_boolean(ins[i].current));
			json_object_array_add(a, x);
		}
		json_object_object_add(o, "cartridges", a);
		a = json_object_new_array();
		for (i = 0; i < nfl; i++) {
			json_object *x = json_object_new_object();

			fa_iso8601(fl[i].time, ts, sizeof(ts));
			json_object_object_add(x, "time",
			    json_object_new_string(ts));
			json_object_object_add(x, "meter", S(fl[i].name));
			json_object_object_add(x, "reason", S(fl[i].reason));
			json_object_object_add(x, "previous",
			    fl[i].previous == DEV_NONE ? NULL :
			    json_object_new_int64(fl[i].previous));
			json_object_object_add(x, "current",
			    fl[i].current == DEV_NONE ? NULL :
			    json_object_new_int64(fl[i].current));
			json_object_object_add(x, "detail", S(fl[i].detail));
			json_object_array_add(a, x);
		}
		json_object_object_add(o, "meter_flags", a);
		json_print(o);
		json_object_put(o);
	} else {
		printf("device %lld\n", (long long)id);
		print_device(&d, t);
		printf("\nCartridges (one per physical supply; a swap starts "
		    "a new one)\n");
		for (i = 0; i < nins; i++) {
			char f[32], l2[32], pages[24];

			fa_iso8601(ins[i].first_seen, f, sizeof(f));
			fa_iso8601(ins[i].last_seen, l2, sizeof(l2));
			if (ins[i].pages == DEV_NONE)
				fa_strlcpy(pages, "-", sizeof(pages));
			else
				snprintf(pages, sizeof(pages), "%lld",
				    (long long)ins[i].pages);
			char lv1[16], lv2[16];

			if (ins[i].first_level < 0)
				fa_strlcpy(lv1, "-", sizeof(lv1));
			else
				snprintf(lv1, sizeof(lv1), "%d%%",
				    ins[i].first_level);
			if (ins[i].last_level < 0)
				fa_strlcpy(lv2, "-", sizeof(lv2));
			else
				snprintf(lv2, sizeof(lv2), "%d%%",
				    ins[i].last_level);
			printf("  %3d %-30.30s %-10s %s .. %s  %5s -> %-5s "
			    "pages %s%s\n", ins[i].idx, ins[i].description ?
			    ins[i].description : "-", ins[i].part_number ?
			    ins[i].part_number : "", f, l2, lv1, lv2, pages,
			    ins[i].current ? "" : "  (replaced)");
		}
		if (nfl > 0)
			printf("\nMeter flags (kept out of page volumes)\n");
		for (i = 0; i < nfl; i++) {
			fa_iso8601(fl[i].time, ts, sizeof(ts));
			printf("  %s  %-12s %-9s", ts, fl[i].name,
			    fl[i].reason);
			if (fl[i].previous != DEV_NONE &&
			    fl[i].current != DEV_NONE)
				printf(" %lld -> %lld",
				    (long long)fl[i].previous,
				    (long long)fl[i].current);
			if (fl[i].detail != NULL)
				printf(" %s", fl[i].detail);
			putchar('\n');
		}
		printf("\nHistory (newest first)\n");
		for (i = 0; i < n; i++) {
			char pages[24];

			fa_iso8601(h[i].time, ts, sizeof(ts));
			if (h[i].total_pages == DEV_NONE)
				fa_strlcpy(pages, "-", sizeof(pages));
			else
				snprintf(pages, sizeof(pages), "%lld",
				    (long long)h[i].total_pages);
			printf("  %s  assessment %-4lld %-16s pages %-10s "
			    "low supplies %d%s%s\n", ts,
			    (long long)h[i].assessment_id, h[i].address,
			    pages, h[i].nsupplies_low, h[i].error ? "  " : "",
			    h[i].error ? h[i].error : "");
		}
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		store_scanrow_release(&h[i]);
	free(h);
	for (i = 0; i < nins; i++)
		store_instrow_release(&ins[i]);
	free(ins);
	for (i = 0; i < nfl; i++)
		store_flagrow_release(&fl[i]);
	free(fl);
	dev_release(&d);
	if (st != NULL)
		store_close(st);
	free(pos.v);
	settings_release(&s);
	return rc;
}
