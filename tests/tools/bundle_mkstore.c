/*
 * bundle_mkstore.c: a store for the bundle bench (tests/bench/bundle.sh):
 * DEVICES devices read once a day for DAYS days, each read stored with
 * store_put_device() as an assessment would store it, so the store holds
 * exactly what the change-only rules keep (runs, attributes, supply
 * instances, flags).  A day is one assessment.
 *
 *   bundle_mkstore STORE DEVICES DAYS [FIRST]
 *
 * FIRST (default 0) is the first day's number: a store is extended day
 * after day with the same devices and values that go on from where they
 * were.  Every device has three meters that change every day, four toners
 * that fall one point every few days, two trays, and, some days, an alert
 * and a console line; every twentieth device is offline one day in ten.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/store.h"

static void
one(struct device *d, long i, long day)
{
	static const char *const colors[] = { "black", "cyan", "magenta",
	    "yellow" };
	char			 buf[64];
	struct dev_supply	*s;
	struct dev_tray		*t;
	struct dev_alert	*a;
	long			 k, total = 1000 * i + 137 * day * (1 + i % 7);

	snprintf(buf, sizeof(buf), "10.%ld.%ld.%ld", (i >> 16) & 255,
	    (i >> 8) & 255, i & 255);
	dev_set(&d->address, buf);
	dev_set(&d->credential, "v2c#1");
	d->snmp_version = 2;
	d->is_printer = 1;
	dev_set(&d->printer_reason, "Printer-MIB");
	dev_set(&d->vendor, i % 3 ? "HP" : "Kyocera");
	dev_set(&d->model, i % 3 ? "LaserJet Pro M404dn" : "ECOSYS P5026cdn");
	snprintf(buf, sizeof(buf), "BENCH%08ld", i);
	dev_set(&d->serial, buf);
	snprintf(buf, sizeof(buf), "02:be:%02lx:%02lx:%02lx:01",
	    (i >> 16) & 255, (i >> 8) & 255, i & 255);
	dev_set(&d->mac, buf);
	dev_set(&d->sys_object_id, "1.3.6.1.4.1.11.2.3.9.1");
	dev_set(&d->sys_descr, "bench printer");
	snprintf(buf, sizeof(buf), "prn-%ld", i);
	dev_set(&d->sys_name, buf);
	dev_set(&d->sys_location, "floor 2");
	dev_set(&d->firmware, "2409.1");
	d->uptime = 100 * 86400 * (day % 30);
	d->enterprise = 11;
	dev_add_meter(d, "total", total, "impressions", "1.3.6.1.2.1.43.10.2.1.4.1.1");
	dev_add_meter(d, "mono", total * 2 / 3, "impressions", NULL);
	dev_add_meter(d, "color", total - total * 2 / 3, "impressions", NULL);
	for (k = 0; k < 4; k++) {
		s = dev_add_supply(d);
		s->index = (int)k + 1;
		snprintf(buf, sizeof(buf), "%s toner", colors[k]);
		dev_set(&s->description, buf);
		dev_set(&s->type, "toner");
		dev_set(&s->class, "consumed");
		dev_set(&s->colorant, colors[k]);
		dev_set(&s->unit, "percent");
		s->max = 100;
		s->level = 100 - (day / (3 + k)) % 100;
		s->percent = (int)s->level;
		dev_set(&s->state, "ok");
	}
	for (k = 0; k < 2; k++) {
		t = dev_add_tray(d);
		t->index = (int)k + 1;
		snprintf(buf, sizeof(buf), "Tray %ld", k + 1);
		dev_set(&t->name, buf);
		dev_set(&t->media, "A4");
		dev_set(&t->type, "sheetFeedRemovable");
		t->capacity = 250;
		t->level = (day + i + k) % 5 == 0 ? 0 : 250;
		t->percent = t->level == 0 ? 0 : 100;
		dev_set(&t->state, t->level == 0 ? "empty" : "ok");
	}
	if ((day + i) % 6 == 0) {
		a = dev_add_alert(d);
		a->index = 1;
		dev_set(&a->severity, "warning");
		dev_set(&a->training, "trained");
		dev_set(&a->group, "marker");
		a->group_index = 1;
		a->location = 0;
		a->code = 1101;
		dev_set(&a->code_name, "tonerLow");
		dev_set(&a->description, "Toner low");
		a->time = 0;
		dev_add_display(d, "Toner low");
	} else
		dev_add_display(d, "Ready");
	d->status.device = 2;
	d->status.printer = 3;
	d->read_ms = 120;
	d->requests = 9;
	d->parts = DEV_P_METERS | DEV_P_SUPPLIES | DEV_P_ERRORS | DEV_P_ATTRS;
}

int
main(int argc, char *argv[])
{
	struct store	*st = NULL;
	struct device	 d;
	struct fa_err	 e;
	long long	 n, days, first = 0, i, day;
	int64_t		 a;

	if (argc < 4 || argc > 5 ||
	    fa_strtonum(argv[2], 1, 1000000, &n, "devices", &e) != 0 ||
	    fa_strtonum(argv[3], 1, 3650, &days, "days", &e) != 0 ||
	    (argc == 5 && fa_strtonum(argv[4], 0, 100000, &first, "first",
	    &e) != 0)) {
		fprintf(stderr, "usage: bundle_mkstore STORE DEVICES DAYS "
		    "[FIRST]\n");
		return 2;
	}
	if (store_open(argv[1], &st, &e) != 0) {
		fprintf(stderr, "bundle_mkstore: %s\n", e.msg);
		return 1;
	}
	/* as assess stores them: many devices a transaction */
	store_group(st, 1000, 2000);
	/* months of reads: the indexes' pages kept in memory, not read
	 * again from the file for each device (a day of 10,000 devices took
	 * 11 s at day 153 with SQLite's default 2 MiB, most of it pread) */
	store_cache(st, 4u << 20);
	dev_init(&d);
	for (day = first; day < first + days; day++) {
		if (store_assessment_begin(st, "bench", "{}", &a, &e) != 0)
			goto fail;
		for (i = 0; i < n; i++) {
			if (i % 20 == 19 && day % 10 == 3)
				continue;
			one(&d, (long)i, (long)day);
			if (store_put_device(st, a, &d, NULL, &e) != 0)
				goto fail;
			dev_release(&d);
		}
		if (store_flush(st, &e) != 0 ||
		    store_assessment_end(st, a, "complete", (int)n, (int)n, 0,
		    &e) != 0)
			goto fail;
	}
	store_close(st);
	return 0;
fail:
	fprintf(stderr, "bundle_mkstore: %s\n", e.msg);
	dev_release(&d);
	store_close(st);
	return 1;
}
