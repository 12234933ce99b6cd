/*
 * device.c: the per-device result and its small helpers.  Tables grow one
 * row at a time up to DEV_MAX_ROWS; the caller checks the count first.
 */
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "device.h"

void
dev_init(struct device *d)
{
	memset(d, 0, sizeof(*d));
	d->uptime = DEV_NONE;
	d->parts = DEV_P_ALL;
}

void
dev_set(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? fa_strndup(src, DEV_MAX_STR) : NULL;
}

static void
strv_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
dev_release(struct device *d)
{
	size_t	i;

	free(d->address); free(d->credential); free(d->printer_reason);
	free(d->vendor); free(d->model); free(d->serial); free(d->mac);
	free(d->sys_object_id); free(d->sys_descr); free(d->sys_name);
	free(d->sys_location); free(d->sys_contact); free(d->firmware);
	free(d->asset); free(d->error); free(d->model_def);
	for (i = 0; i < d->nmeters; i++) {
		free(d->meters[i].name); free(d->meters[i].unit);
		free(d->meters[i].source_oid);
	}
	free(d->meters);
	for (i = 0; i < d->nsupplies; i++) {
		struct dev_supply *s = &d->supplies[i];
		free(s->description); free(s->type); free(s->class);
		free(s->colorant); free(s->unit); free(s->state);
		free(s->part_number); free(s->serial); free(s->level_source);
	}
	free(d->supplies);
	for (i = 0; i < d->ntrays; i++) {
		struct dev_tray *t = &d->trays[i];
		free(t->name); free(t->media); free(t->type); free(t->state);
		free(t->status);
	}
	free(d->trays);
	for (i = 0; i < d->nalerts; i++) {
		struct dev_alert *a = &d->alerts[i];
		free(a->severity); free(a->training); free(a->group);
		free(a->code_name); free(a->description);
	}
	free(d->alerts);
	for (i = 0; i < d->nchecks; i++)
		free(d->checks[i].name);
	free(d->checks);
	strv_free(d->status.errors, d->status.nerrors);
	strv_free(d->status.display, d->status.ndisplay);
	dev_init(d);
}

static void *
grow(void *v, size_t n, size_t sz)
{
	/* Grow by doubling: capacity is implicit (powers of two). */
	if (n == 0 || (n & (n - 1)) == 0)
		v = fa_reallocarray(v, n ? n * 2 : 4, sz);
	memset((char *)v + n * sz, 0, sz);
	return v;
}

struct dev_meter *
dev_add_meter(struct device *d, const char *name, int64_t value,
    const char *unit, const char *oid)
{
	struct dev_meter	*m;

	d->meters = grow(d->meters, d->nmeters, sizeof(*m));
	m = &d->meters[d->nmeters++];
	m->name = fa_strdup(name);
	m->value = value;
	m->unit = fa_strdup(unit);
	m->source_oid = fa_strdup(oid);
	return m;
}

struct dev_supply *
dev_add_supply(struct device *d)
{
	struct dev_supply	*s;

	d->supplies = grow(d->supplies, d->nsupplies, sizeof(*s));
	s = &d->supplies[d->nsupplies++];
	s->max = s->level = DEV_NONE;
	s->percent = -1;
	return s;
}

struct dev_tray *
dev_add_tray(struct device *d)
{
	struct dev_tray	*t;

	d->trays = grow(d->trays, d->ntrays, sizeof(*t));
	t = &d->trays[d->ntrays++];
	t->capacity = t->level = DEV_NONE;
	t->percent = -1;
	return t;
}

struct dev_alert *
dev_add_alert(struct device *d)
{
	struct dev_alert	*a;

	d->alerts = grow(d->alerts, d->nalerts, sizeof(*a));
	a = &d->alerts[d->nalerts++];
	a->time = DEV_NONE;
	a->group_index = a->location = a->code = DEV_NONE;
	return a;
}

struct dev_check *
dev_add_check(struct device *d, const char *name, int64_t left,
    int64_t right)
{
	struct dev_check	*c;

	d->checks = grow(d->checks, d->nchecks, sizeof(*c));
	c = &d->checks[d->nchecks++];
	c->name = fa_strdup(name);
	c->left = left;
	c->right = right;
	c->ok = left == right;
	return c;
}

const struct dev_meter *
dev_meter(const struct device *d, const char *name)
{
	size_t	i;

	for (i = 0; i < d->nmeters; i++)
		if (strcmp(d->meters[i].name, name) == 0)
			return &d->meters[i];
	return NULL;
}

void
dev_add_error(struct device *d, const char *s)
{
	d->status.errors = grow(d->status.errors, d->status.nerrors,
	    sizeof(char *));
	d->status.errors[d->status.nerrors++] = fa_strndup(s, DEV_MAX_STR);
}

void
dev_add_display(struct device *d, const char *s)
{
	d->status.display = grow(d->status.display, d->status.ndisplay,
	    sizeof(char *));
	d->status.display[d->status.ndisplay++] = fa_strndup(s, DEV_MAX_STR);
}

int
dev_percent(int64_t level, int64_t max)
{
	int64_t	p;

	if (level == DEV_NONE || max == DEV_NONE || max <= 0 || level < 0)
		return -1;
	if (level >= max)
		return 100;
	p = (level * 100 + max / 2) / max;
	return (int)p;
}

const char *
dev_level_state(long raw)
{
	/* RFC 3805 prtMarkerSuppliesLevel / prtInputCurrentLevel. */
	switch (raw) {
	case -1:
		return "other";
	case -2:
		return "unknown";
	case -3:
		return "some_remaining";
	default:
		if (raw == 0)
			return "empty";
		return raw > 0 ? "ok" : "invalid";
	}
}

/* Lower-case letters and digits of s, at most cap-1 of them, in out. */
static void
alnum_fold(const char *s, char *out, size_t cap)
{
	size_t	n = 0;

	for (; s != NULL && *s != '\0' && n + 1 < cap; s++) {
		char	c = *s;

		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[n++] = c;
	}
	out[n] = '\0';
}

int
dev_serial_usable(const char *serial, const char *model)
{
	/* What agents and anonymised recordings put where no serial is
	 * known, folded as alnum_fold() does ("N/A" -> "na"). */
	static const char *const fillers[] = { "serialnumber", "serial",
	    "sn", "unknown", "na", "none", "null", "notset", "notavailable",
	    "default", "0123456789", "123456789", "1234567890", "12345678",
	    "xxxxxxxx" };
	char	f[DEV_MAX_STR + 1], m[DEV_MAX_STR + 1];
	size_t	i;

	alnum_fold(serial, f, sizeof(f));
	if (f[0] == '\0')
		return 0;
	for (i = 1; f[i] != '\0' && f[i] == f[0]; i++)
		;
	if (f[i] == '\0')
		return 0;		/* "0", "000000000", "XXXX", "--1-1" */
	for (i = 0; i < sizeof(fillers) / sizeof(fillers[0]); i++)
		if (strcmp(f, fillers[i]) == 0)
			return 0;
	alnum_fold(model, m, sizeof(m));
	return strcmp(f, m) != 0;
}

int
dev_model_same(const char *a, const char *b)
{
	char	fa_[DEV_MAX_STR + 1], fb[DEV_MAX_STR + 1];

	alnum_fold(a, fa_, sizeof(fa_));
	alnum_fold(b, fb, sizeof(fb));
	if (fa_[0] == '\0' || fb[0] == '\0')
		return 1;
	return strstr(fa_, fb) != NULL || strstr(fb, fa_) != NULL;
}

int
dev_unit_is_length(const char *unit)
{
	static const char *const units[] = { "feet", "meters", "inches",
	    "centimeters", "millimeters", "micrometers",
	    "tenThousandthsOfInches", "thousandthsOfInches" };
	size_t	i;

	for (i = 0; unit != NULL && i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(unit, units[i]) == 0)
			return 1;
	return 0;
}
