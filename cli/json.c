/*
 * json.c: struct device as JSON.  Unknown numbers are null, never 0 or a
 * made-up value; RFC 3805 special levels appear in "state" only.
 */
#include <stdio.h>

#include "../collector/prt.h"
#include "../collector/vendor.h"
#include "json.h"

static json_object *
str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
num(int64_t v)
{
	return v == DEV_NONE ? NULL : json_object_new_int64(v);
}

static json_object *
pct(int p)
{
	return p < 0 ? NULL : json_object_new_int(p);
}

#define ADD(o, k, v)	json_object_object_add((o), (k), (v))

/* The names scan_parse_parts() takes. */
static const struct {
	unsigned	 bit;
	const char	*name;
} part_names[] = {
	{ DEV_P_METERS, "meters" }, { DEV_P_SUPPLIES, "supplies" },
	{ DEV_P_ERRORS, "errors" }, { DEV_P_ATTRS, "attributes" },
};

json_object *
json_device(const struct device *d)
{
	json_object	*o = json_object_new_object(), *a, *x, *st;
	size_t		 i;

	ADD(o, "address", str(d->address));
	ADD(o, "credential", str(d->credential));
	/* 0: not read over SNMP (IPP). */
	ADD(o, "snmp_version", d->snmp_version == 0 ? NULL :
	    json_object_new_string(d->snmp_version == 1 ? "1" :
	    d->snmp_version == 3 ? "3" : "2c"));
	ADD(o, "is_printer", json_object_new_boolean(d->is_printer));
	ADD(o, "printer_reason", str(d->printer_reason));
	ADD(o, "label_printer", json_object_new_boolean(d->is_printer &&
	    vendor_is_label(d->vendor, d->model, d->sys_descr)));
	ADD(o, "vendor", str(d->vendor));
	ADD(o, "model", str(d->model));
	ADD(o, "serial", str(d->serial));
	ADD(o, "mac", str(d->mac));
	ADD(o, "sys_object_id", str(d->sys_object_id));
	ADD(o, "sys_descr", str(d->sys_descr));
	ADD(o, "sys_name", str(d->sys_name));
	ADD(o, "sys_location", str(d->sys_location));
	ADD(o, "sys_contact", str(d->sys_contact));
	ADD(o, "firmware", str(d->firmware));
	ADD(o, "asset", str(d->asset));
	ADD(o, "uptime_ticks", num(d->uptime));
	ADD(o, "enterprise", d->enterprise ?
	    json_object_new_int(d->enterprise) : NULL);

	a = json_object_new_array();
	for (i = 0; i < d->nmeters; i++) {
		const struct dev_meter *m = &d->meters[i];
		x = json_object_new_object();
		ADD(x, "name", str(m->name));
		ADD(x, "value", json_object_new_int64(m->value));
		ADD(x, "unit", str(m->unit));
		ADD(x, "source_oid", str(m->source_oid));
		json_object_array_add(a, x);
	}
	ADD(o, "meters", a);

	a = json_object_new_array();
	for (i = 0; i < d->nsupplies; i++) {
		const struct dev_supply *s = &d->supplies[i];
		x = json_object_new_object();
		ADD(x, "index", json_object_new_int(s->index));
		ADD(x, "description", str(s->description));
		ADD(x, "type", str(s->type));
		ADD(x, "class", str(s->class));
		ADD(x, "colorant", str(s->colorant));
		ADD(x, "unit", str(s->unit));
		ADD(x, "max", num(s->max));
		ADD(x, "level", num(s->level));
		ADD(x, "percent", pct(s->percent));
		ADD(x, "state", str(s->state));
		ADD(x, "part_number", str(s->part_number));
		ADD(x, "serial", str(s->serial));
		ADD(x, "level_source", str(s->level_source));
		json_object_array_add(a, x);
	}
	ADD(o, "supplies", a);

	a = json_object_new_array();
	for (i = 0; i < d->ntrays; i++) {
		const struct dev_tray *t = &d->trays[i];
		x = json_object_new_object();
		ADD(x, "index", json_object_new_int(t->index));
		ADD(x, "name", str(t->name));
		ADD(x, "media", str(t->media));
		ADD(x, "type", str(t->type));
		ADD(x, "capacity", num(t->capacity));
		ADD(x, "level", num(t->level));
		ADD(x, "percent", pct(t->percent));
		ADD(x, "state", str(t->state));
		ADD(x, "status", str(t->status));
		json_object_array_add(a, x);
	}
	ADD(o, "trays", a);

	st = json_object_new_object();
	ADD(st, "device", str(prt_hr_device_status(d->status.device)));
	ADD(st, "printer", str(prt_hr_printer_status(d->status.printer)));
	a = json_object_new_array();
	for (i = 0; i < d->status.nerrors; i++)
		json_object_array_add(a, str(d->status.errors[i]));
	ADD(st, "errors", a);
	a = json_object_new_array();
	for (i = 0; i < d->status.ndisplay; i++)
		json_object_array_add(a, str(d->status.display[i]));
	ADD(st, "display", a);
	ADD(o, "status", st);

	a = json_object_new_array();
	for (i = 0; i < d->nalerts; i++) {
		const struct dev_alert *al = &d->alerts[i];
		x = json_object_new_object();
		ADD(x, "index", json_object_new_int(al->index));
		ADD(x, "severity", str(al->severity));
		ADD(x, "training", str(al->training));
		ADD(x, "group", str(al->group));
		ADD(x, "group_index", num(al->group_index));
		ADD(x, "location", num(al->location));
		ADD(x, "code", num(al->code));
		ADD(x, "code_name", str(al->code_name));
		ADD(x, "description", str(al->description));
		ADD(x, "time_ticks", num(al->time));
		json_object_array_add(a, x);
	}
	ADD(o, "alerts", a);

	a = json_object_new_array();
	for (i = 0; i < d->nchecks; i++) {
		const struct dev_check *c = &d->checks[i];
		x = json_object_new_object();
		ADD(x, "name", str(c->name));
		ADD(x, "left", json_object_new_int64(c->left));
		ADD(x, "right", json_object_new_int64(c->right));
		ADD(x, "ok", json_object_new_boolean(c->ok));
		json_object_array_add(a, x);
	}
	ADD(o, "checks", a);
	ADD(o, "model_def", str(d->model_def));
	ADD(o, "error", str(d->error));
	ADD(o, "read_ms", json_object_new_int64(d->read_ms));
	ADD(o, "requests", json_object_new_int64(d->requests));
	/* What the read covered: a part not listed was not read, so its
	 * empty arrays above mean "unknown", not "none". */
	a = json_object_new_array();
	for (i = 0; i < nitems(part_names); i++)
		if (d->parts & part_names[i].bit)
			json_object_array_add(a,
			    json_object_new_string(part_names[i].name));
	ADD(o, "parts", a);
	return o;
}

void
json_print(json_object *o)
{
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_SPACED | JSON_C_TO_STRING_NOSLASHESCAPE), stdout);
	fputc('\n', stdout);
}
