/*
 * ipp.c: reading a printer over IPP (see ipp.h) with libcups' IPP API.
 *
 * libcups does the HTTP and TLS; the answer is read through our own read
 * callback (ippReadIO), which counts bytes and stops at the cap and at
 * the deadline, so a printer that streams forever or stalls costs at most
 * ipp_opts' bounds.  libcups caps each value itself (IPP_BUF_SIZE).
 *
 * Certificates: printers serve self-signed ones, so ipps:// encrypts but
 * does not authenticate the printer (libcups' client default); the read
 * is of public status, and no credential is sent.
 *
 * Value rules follow the SNMP decoder (prt.c): a level or capacity of -1,
 * -2, -3 is kept as the state "other", "unknown", "some_remaining", never
 * as a number (PWG 5100.13 printer-supply and printer-input-tray use the
 * Printer-MIB's values; CUPS' marker-levels use -1 and -2 alike).
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cups/cups.h>
#include <cups/ipp.h>

#include "../cli/plat.h"
#include "ipp.h"
#include "mdf.h"
#include "prt.h"
#include "range.h"

const char *const ipp_attrs[] = {
	"printer-make-and-model", "printer-device-id", "printer-uuid",
	"printer-name", "printer-info", "printer-location",
	"printer-firmware-name", "printer-firmware-string-version",
	"printer-serial-number", "printer-up-time",
	"printer-state", "printer-state-reasons", "printer-state-message",
	"printer-alert", "printer-alert-description",
	"printer-impressions-completed", "printer-impressions-completed-col",
	"printer-media-sheets-completed", "printer-pages-completed",
	"marker-names", "marker-types", "marker-colors", "marker-levels",
	"marker-low-levels", "marker-high-levels",
	"printer-supply", "printer-supply-description",
	"printer-input-tray",
	NULL
};

#define KV_VAL	256	/* bytes kept of one key=value value */

/* ipp_use_models(): borrowed, for the reads of this process. */
static const struct mdf_set *models;

void
ipp_use_models(const struct mdf_set *set)
{
	models = set;
}

/* The value of key in "k1=v1;k2=v2;" (PWG 5100.13's encoding), or 0. */
static int
kv_get(const char *s, size_t len, const char *key, char *out, size_t outlen)
{
	size_t	klen = strlen(key), i = 0, j, n;

	while (i < len) {
		j = i;
		while (j < len && s[j] != ';')
			j++;
		if (j - i > klen && strncmp(s + i, key, klen) == 0 &&
		    s[i + klen] == '=') {
			n = j - i - klen - 1;
			if (n >= outlen)
				n = outlen - 1;
			memcpy(out, s + i + klen + 1, n);
			out[n] = '\0';
			return 1;
		}
		i = j + 1;
	}
	return 0;
}

/* A whole decimal number in [min, max], or DEV_NONE. */
static int64_t
num(const char *v, long long min, long long max)
{
	long long	x;
	struct fa_err	e;

	if (v == NULL || *v == '\0' || fa_strtonum(v, min, max, &x, "value",
	    &e) != 0)
		return DEV_NONE;
	return x;
}

static int64_t
kv_num(const char *s, size_t len, const char *key)
{
	char	v[KV_VAL];

	return kv_get(s, len, key, v, sizeof(v)) ? num(v, -2147483648LL,
	    2147483647LL) : DEV_NONE;
}

static void
kv_set(char **dst, const char *s, size_t len, const char *key)
{
	char	v[KV_VAL];

	if (kv_get(s, len, key, v, sizeof(v)) && v[0] != '\0')
		dev_set(dst, v);
}

/* Text, name, keyword, URI or octetString value i of a, or NULL. */
static const char *
str_at(ipp_attribute_t *a, int i, int *len)
{
	const char	*s;
	int		 n;

	if (a == NULL || i >= ippGetCount(a))
		return NULL;
	switch (ippGetValueTag(a)) {
	case IPP_TAG_STRING:
		s = ippGetOctetString(a, i, &n);
		if (s == NULL || n < 0)
			return NULL;
		*len = n;
		return s;
	case IPP_TAG_TEXT: case IPP_TAG_NAME: case IPP_TAG_KEYWORD:
	case IPP_TAG_URI: case IPP_TAG_TEXTLANG: case IPP_TAG_NAMELANG:
	case IPP_TAG_MIMETYPE: case IPP_TAG_CHARSET: case IPP_TAG_LANGUAGE:
		if ((s = ippGetString(a, i, NULL)) == NULL)
			return NULL;
		*len = (int)strnlen(s, DEV_MAX_STR);
		return s;
	default:
		return NULL;
	}
}

/* Value i as a C string: not an octetString, which has no NUL. */
static const char *
text_at(ipp_attribute_t *a, int i, int *len)
{
	if (a == NULL || ippGetValueTag(a) == IPP_TAG_STRING)
		return NULL;
	return str_at(a, i, len);
}

static const char *
str1(ipp_t *r, const char *name)
{
	int	len;

	return text_at(ippFindAttribute(r, name, IPP_TAG_ZERO), 0, &len);
}

/* A NUL-terminated copy of value i (an octetString has none). */
static char *
str_dup(ipp_attribute_t *a, int i)
{
	const char	*s;
	int		 len;

	if ((s = str_at(a, i, &len)) == NULL)
		return NULL;
	return fa_strndup(s, (size_t)len < DEV_MAX_STR ? (size_t)len :
	    DEV_MAX_STR);
}

static int64_t
int_at(ipp_attribute_t *a, int i)
{
	if (a == NULL || i >= ippGetCount(a) ||
	    (ippGetValueTag(a) != IPP_TAG_INTEGER &&
	    ippGetValueTag(a) != IPP_TAG_ENUM))
		return DEV_NONE;
	return ippGetInteger(a, i);
}

/*
 * IEEE 1284 device ID "MFG:HP;MDL:LaserJet M507;SN:PHB1234567;": the
 * value of one of keys (alternatives, e.g. "SN", "SERN"), or 0.
 */
static int
devid_get(const char *id, const char *const *keys, char *out, size_t len)
{
	const char	*p = id, *colon, *end;
	size_t		 k, n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ')
			p++;
		end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		colon = memchr(p, ':', (size_t)(end - p));
		for (k = 0; colon != NULL && keys[k] != NULL; k++) {
			n = strlen(keys[k]);
			if ((size_t)(colon - p) == n &&
			    strncasecmp(p, keys[k], n) == 0) {
				n = (size_t)(end - colon - 1);
				while (n > 0 && colon[1] == ' ') {
					colon++;
					n--;
				}
				while (n > 0 && colon[n] == ' ')
					n--;
				if (n == 0)
					break;
				if (n >= len)
					n = len - 1;
				memcpy(out, colon + 1, n);
				out[n] = '\0';
				return 1;
			}
		}
		p = *end ? end + 1 : NULL;
	}
	return 0;
}

static void
identity(ipp_t *r, struct device *d)
{
	static const char *const mfg[] = { "MFG", "MANUFACTURER", NULL };
	static const char *const mdl[] = { "MDL", "MODEL", NULL };
	static const char *const sn[] = { "SN", "SERN", "SERIALNUMBER",
	    NULL };
	const char	*mm = str1(r, "printer-make-and-model");
	const char	*id = str1(r, "printer-device-id");
	const char	*s;
	char		 v[DEV_MAX_STR];
	int64_t		 up;
	size_t		 n;

	d->is_printer = 1;
	dev_set(&d->printer_reason, "IPP");
	if (id != NULL && devid_get(id, mfg, v, sizeof(v)))
		dev_set(&d->vendor, v);
	if (id != NULL && devid_get(id, mdl, v, sizeof(v)))
		dev_set(&d->model, v);
	if (mm != NULL) {
		/* "HP LaserJet M507": the maker is the first word. */
		n = strcspn(mm, " ");
		if (d->vendor == NULL && n > 0 && mm[n] == ' ') {
			memcpy(v, mm, n < sizeof(v) ? n : sizeof(v) - 1);
			v[n < sizeof(v) ? n : sizeof(v) - 1] = '\0';
			dev_set(&d->vendor, v);
		}
		if (d->model == NULL) {
			if (d->vendor != NULL && strncasecmp(mm, d->vendor,
			    strlen(d->vendor)) == 0 &&
			    mm[strlen(d->vendor)] == ' ')
				dev_set(&d->model, mm + strlen(d->vendor) + 1);
			else
				dev_set(&d->model, mm);
		}
	}
	if (id != NULL && devid_get(id, sn, v, sizeof(v)))
		dev_set(&d->serial, v);
	else if ((s = str1(r, "printer-serial-number")) != NULL && *s)
		dev_set(&d->serial, s);
	else if ((s = str1(r, "printer-uuid")) != NULL && *s)
		/* No serial: the UUID is as stable a key (docs/ipp.md). */
		dev_set(&d->serial, s);
	dev_set(&d->sys_name, str1(r, "printer-name"));
	dev_set(&d->sys_descr, mm != NULL ? mm : str1(r, "printer-info"));
	dev_set(&d->sys_location, str1(r, "printer-location"));
	if ((s = str1(r, "printer-firmware-string-version")) != NULL && *s)
		dev_set(&d->firmware, s);
	up = int_at(ippFindAttribute(r, "printer-up-time", IPP_TAG_INTEGER),
	    0);
	if (up != DEV_NONE && up >= 0)
		d->uptime = up * 100;	/* seconds; sysUpTime is 1/100 s */
}

static void
meter(struct device *d, ipp_t *r, const char *attr, const char *name,
    const char *unit)
{
	int64_t	v = int_at(ippFindAttribute(r, attr, IPP_TAG_INTEGER), 0);
	char	src[96];

	if (v == DEV_NONE || v < 0 || dev_meter(d, name) != NULL)
		return;
	snprintf(src, sizeof(src), "ipp:%s", attr);
	dev_add_meter(d, name, v, unit, src);
}

static void
meters(ipp_t *r, struct device *d)
{
	static const struct { const char *member, *name; } col[] = {
		{ "monochrome", "mono" }, { "full-color", "colour" },
		{ "highlight-color", "colour.two" },
	};
	ipp_attribute_t	*a, *m;
	ipp_t		*c;
	int64_t		 v;
	size_t		 i;
	char		 src[96];

	meter(d, r, "printer-impressions-completed", "total", "impressions");
	a = ippFindAttribute(r, "printer-impressions-completed-col",
	    IPP_TAG_BEGIN_COLLECTION);
	if (a != NULL && (c = ippGetCollection(a, 0)) != NULL)
		for (i = 0; i < nitems(col); i++) {
			m = ippFindAttribute(c, col[i].member,
			    IPP_TAG_INTEGER);
			if ((v = int_at(m, 0)) == DEV_NONE || v < 0)
				continue;
			snprintf(src, sizeof(src), "ipp:printer-impressions-"
			    "completed-col/%s", col[i].member);
			dev_add_meter(d, col[i].name, v, "impressions", src);
		}
	meter(d, r, "printer-media-sheets-completed", "sheets", "sheets");
	meter(d, r, "printer-pages-completed", "pages", "pages");
}

/* "#00FFFF" to a colorant name where it is one of the process colours. */
static const char *
colour_name(const char *hex)
{
	static const struct { const char *hex, *name; } t[] = {
		{ "#000000", "black" }, { "#00FFFF", "cyan" },
		{ "#FF00FF", "magenta" }, { "#FFFF00", "yellow" },
		{ "#FFFFFF", "white" },
	};
	size_t	i;

	for (i = 0; i < nitems(t); i++)
		if (strcasecmp(hex, t[i].hex) == 0)
			return t[i].name;
	return strcmp(hex, "none") == 0 ? NULL : hex;
}

/* A level as the Printer-MIB keeps it: number and state. */
static void
level_set(int64_t raw, int64_t max, int64_t *level, int *percent,
    char **state)
{
	if (raw == DEV_NONE) {
		dev_set(state, "unknown");
		return;
	}
	dev_set(state, dev_level_state((long)raw));
	*level = raw >= 0 ? raw : DEV_NONE;
	*percent = dev_percent(*level, max);
}

/* printer-supply: "index=1;class=supplyThatIsConsumed;type=toner;..." */
static void
supplies_pwg(ipp_attribute_t *a, ipp_attribute_t *desc, struct device *d)
{
	struct dev_supply	*s;
	const char		*v;
	char			 cls[64];
	int64_t			 x, max;
	int			 i, n = ippGetCount(a), len;

	for (i = 0; i < n && d->nsupplies < DEV_MAX_ROWS; i++) {
		if ((v = str_at(a, i, &len)) == NULL)
			continue;
		s = dev_add_supply(d);
		x = kv_num(v, (size_t)len, "index");
		s->index = x != DEV_NONE && x > 0 ? (int)x : i + 1;
		kv_set(&s->type, v, (size_t)len, "type");
		kv_set(&s->unit, v, (size_t)len, "unit");
		kv_set(&s->colorant, v, (size_t)len, "colorantname");
		if (s->colorant != NULL && strcmp(s->colorant, "unknown") == 0)
			dev_set(&s->colorant, NULL);
		if (kv_get(v, (size_t)len, "class", cls, sizeof(cls)))
			dev_set(&s->class, strcmp(cls,
			    "receptacleThatIsFilled") == 0 ? "filled" :
			    "consumed");
		max = kv_num(v, (size_t)len, "maxcapacity");
		s->max = max != DEV_NONE && max > 0 ? max : DEV_NONE;
		level_set(kv_num(v, (size_t)len, "level"), s->max, &s->level,
		    &s->percent, &s->state);
		s->description = str_dup(desc, i);
	}
}

/* CUPS' marker-* attributes: parallel lists, levels in percent. */
static void
supplies_marker(ipp_t *r, struct device *d)
{
	ipp_attribute_t	*names = ippFindAttribute(r, "marker-names",
			    IPP_TAG_ZERO);
	ipp_attribute_t	*types = ippFindAttribute(r, "marker-types",
			    IPP_TAG_ZERO);
	ipp_attribute_t	*colors = ippFindAttribute(r, "marker-colors",
			    IPP_TAG_ZERO);
	ipp_attribute_t	*levels = ippFindAttribute(r, "marker-levels",
			    IPP_TAG_INTEGER);
	struct dev_supply	*s;
	char			*t;
	const char		*c;
	int			 i, n;

	if (names == NULL && levels == NULL)
		return;
	n = ippGetCount(names != NULL ? names : levels);
	for (i = 0; i < n && d->nsupplies < DEV_MAX_ROWS; i++) {
		s = dev_add_supply(d);
		s->index = i + 1;
		s->description = str_dup(names, i);
		if ((t = str_dup(types, i)) != NULL) {
			dev_set(&s->type, t);
			dev_set(&s->class, strncmp(t, "waste-", 6) == 0 ?
			    "filled" : "consumed");
			free(t);
		}
		if ((t = str_dup(colors, i)) != NULL) {
			/* "#00FFFF", or "#00FFFF#FF00FF" for a multi-colour
			 * cartridge: kept as given then. */
			if ((c = colour_name(t)) != NULL)
				dev_set(&s->colorant, c);
			free(t);
		}
		dev_set(&s->unit, "percent");
		s->max = 100;
		level_set(int_at(levels, i), 100, &s->level, &s->percent,
		    &s->state);
		if (s->level != DEV_NONE && s->level > 100)
			dev_set(&s->state, "invalid");
	}
}

/* printer-input-tray: "type=sheetFeedAutoRemovableTray;...;name=T1;" */
static void
trays(ipp_t *r, struct device *d)
{
	ipp_attribute_t	*a = ippFindAttribute(r, "printer-input-tray",
			    IPP_TAG_ZERO);
	struct dev_tray	*t;
	const char	*v;
	int64_t		 max, st;
	int		 i, n = ippGetCount(a), len;
	char		 b[32];

	for (i = 0; a != NULL && i < n && d->ntrays < DEV_MAX_ROWS; i++) {
		if ((v = str_at(a, i, &len)) == NULL)
			continue;
		t = dev_add_tray(d);
		t->index = i + 1;
		kv_set(&t->name, v, (size_t)len, "name");
		kv_set(&t->type, v, (size_t)len, "type");
		max = kv_num(v, (size_t)len, "maxcapacity");
		t->capacity = max != DEV_NONE && max >= 0 ? max : DEV_NONE;
		level_set(kv_num(v, (size_t)len, "level"), t->capacity,
		    &t->level, &t->percent, &t->state);
		if ((st = kv_num(v, (size_t)len, "status")) != DEV_NONE) {
			/* RFC 3805 sub-unit status, as the SNMP side. */
			snprintf(b, sizeof(b), "%lld", (long long)st);
			dev_set(&t->status, b);
		}
	}
}

/* printer-alert: "code=jam;index=1;severity=critical;group=input;..." */
static void
alerts(ipp_t *r, struct device *d)
{
	ipp_attribute_t		*a = ippFindAttribute(r, "printer-alert",
				    IPP_TAG_ZERO);
	ipp_attribute_t		*desc = ippFindAttribute(r,
				    "printer-alert-description", IPP_TAG_ZERO);
	struct dev_alert	*al;
	const char		*v;
	char			 code[KV_VAL], b[64];
	int64_t			 x;
	int			 i, n = ippGetCount(a), len;

	for (i = 0; a != NULL && i < n && d->nalerts < DEV_MAX_ROWS; i++) {
		if ((v = str_at(a, i, &len)) == NULL)
			continue;
		al = dev_add_alert(d);
		x = kv_num(v, (size_t)len, "index");
		al->index = x != DEV_NONE && x > 0 ? (int)x : i + 1;
		kv_set(&al->severity, v, (size_t)len, "severity");
		kv_set(&al->training, v, (size_t)len, "training");
		kv_set(&al->group, v, (size_t)len, "group");
		al->group_index = kv_num(v, (size_t)len, "groupindex");
		al->location = kv_num(v, (size_t)len, "location");
		al->time = kv_num(v, (size_t)len, "time");
		if (kv_get(v, (size_t)len, "code", code, sizeof(code))) {
			/* A number (PrtAlertCodeTC) or its keyword. */
			if ((x = num(code, 1, 2147483647LL)) != DEV_NONE) {
				al->code = x;
				dev_set(&al->code_name, prt_alert_code((long)x,
				    b, sizeof(b)));
			} else
				dev_set(&al->code_name, code);
		}
		al->description = str_dup(desc, i);
	}
}

static void
status(ipp_t *r, struct device *d)
{
	ipp_attribute_t	*a;
	const char	*s;
	int64_t		 st;
	int		 i, n, len, warn = 0, err = 0;

	st = int_at(ippFindAttribute(r, "printer-state", IPP_TAG_ENUM), 0);
	/* hrPrinterStatus: other(1), idle(3), printing(4). */
	d->status.printer = st == IPP_PSTATE_IDLE ? 3 :
	    st == IPP_PSTATE_PROCESSING ? 4 : st == IPP_PSTATE_STOPPED ? 1 : 0;
	a = ippFindAttribute(r, "printer-state-reasons", IPP_TAG_ZERO);
	n = ippGetCount(a);
	for (i = 0; a != NULL && i < n && i < DEV_MAX_ROWS;
	    i++) {
		if ((s = text_at(a, i, &len)) == NULL || strcmp(s, "none") == 0)
			continue;
		/* As prt.c: errors only when that part is read, so an
		 * absent part does not read as "no errors". */
		if (d->parts & DEV_P_ERRORS)
			dev_add_error(d, s);
		if (len > 6 && strcmp(s + len - 6, "-error") == 0)
			err = 1;
		else if (len > 8 && strcmp(s + len - 8, "-warning") == 0)
			warn = 1;
		else if (len <= 7 || strcmp(s + len - 7, "-report") != 0)
			err = 1;	/* RFC 8011 5.4.12: no suffix = error */
	}
	/* hrDeviceStatus: running(2), warning(3), down(5). */
	if (st != DEV_NONE)
		d->status.device = st == IPP_PSTATE_STOPPED || err ? 5 :
		    warn ? 3 : 2;
	if ((d->parts & DEV_P_ERRORS) &&
	    (s = str1(r, "printer-state-message")) != NULL && *s)
		dev_add_display(d, s);
}

/* A definition's "ipp" lines (docs/models.md): what the family puts in
 * attributes of its own, each value with its ipp: source. */
static void
model_rules(ipp_t *r, struct device *d)
{
	const struct mdf_def	*def;
	const struct mdf_ipp	*x;
	ipp_attribute_t		*a;
	struct dev_supply	*s;
	ipp_t			*c;
	const char		*v;
	char			 src[160], b[32];
	int64_t			 n;
	size_t			 i;
	int			 len;

	if (models == NULL || (def = mdf_match_ipp(models, d->vendor,
	    d->sys_descr)) == NULL)
		return;
	dev_set(&d->model_def, def->id);
	for (i = 0; i < def->nipp; i++) {
		x = &def->ipp[i];
		if ((a = ippFindAttribute(r, x->attr, IPP_TAG_ZERO)) == NULL)
			continue;
		if (x->member != NULL) {
			if (ippGetValueTag(a) != IPP_TAG_BEGIN_COLLECTION ||
			    (c = ippGetCollection(a, 0)) == NULL ||
			    (a = ippFindAttribute(c, x->member,
			    IPP_TAG_ZERO)) == NULL)
				continue;
			snprintf(src, sizeof(src), "ipp:%s/%s", x->attr,
			    x->member);
		} else
			snprintf(src, sizeof(src), "ipp:%s", x->attr);
		n = int_at(a, 0);
		switch (x->kind) {
		case MDF_IPP_METER:
			if (!(d->parts & DEV_P_METERS) || n == DEV_NONE ||
			    n < 0 || dev_meter(d, x->name) != NULL)
				break;
			dev_add_meter(d, x->name, n, x->unit, src);
			break;
		case MDF_IPP_SUPPLY:
			/* A level in percent, with the Printer-MIB's rules
			 * for -1, -2, -3. */
			if (!(d->parts & DEV_P_SUPPLIES) ||
			    d->nsupplies >= DEV_MAX_ROWS || n == DEV_NONE)
				break;
			s = dev_add_supply(d);
			s->index = (int)d->nsupplies;
			dev_set(&s->type, x->name);
			dev_set(&s->class, "consumed");
			dev_set(&s->unit, "percent");
			dev_set(&s->description, x->text != NULL ? x->text :
			    x->attr);
			dev_set(&s->level_source, src);
			s->max = 100;
			level_set(n, 100, &s->level, &s->percent, &s->state);
			if (s->level != DEV_NONE && s->level > 100)
				dev_set(&s->state, "invalid");
			break;
		case MDF_IPP_FIELD:
			if (n != DEV_NONE) {
				snprintf(b, sizeof(b), "%lld", (long long)n);
				v = b;
			} else if ((v = text_at(a, 0, &len)) == NULL ||
			    *v == '\0')
				break;
			dev_set(strcmp(x->name, "model") == 0 ? &d->model :
			    strcmp(x->name, "serial") == 0 ? &d->serial :
			    strcmp(x->name, "firmware") == 0 ? &d->firmware :
			    strcmp(x->name, "asset") == 0 ? &d->asset :
			    strcmp(x->name, "location") == 0 ?
			    &d->sys_location : &d->sys_contact, v);
			break;
		}
	}
}

static void
map(ipp_t *r, struct device *d)
{
	ipp_attribute_t	*a;

	identity(r, d);
	if (d->parts & DEV_P_METERS)
		meters(r, d);
	if (d->parts & DEV_P_SUPPLIES) {
		a = ippFindAttribute(r, "printer-supply", IPP_TAG_ZERO);
		if (a != NULL)
			supplies_pwg(a, ippFindAttribute(r,
			    "printer-supply-description", IPP_TAG_ZERO), d);
		else
			supplies_marker(r, d);
		trays(r, d);
	}
	status(r, d);
	if (d->parts & DEV_P_ERRORS)
		alerts(r, d);
	model_rules(r, d);

	if (d->parts & DEV_P_METERS)
		mdf_checks(d);
}

/* Reading an answer from memory (ipp_decode) or from the printer. */
struct rd {
	const uint8_t	*buf;		/* memory: the bytes */
	size_t		 len, off;
	http_t		*http;		/* network: the connection */
	uint64_t	 got, max;
	int64_t		 deadline;
	int		 too_big, late;
};

static ssize_t
rd_mem(void *arg, ipp_uchar_t *out, size_t want)
{
	struct rd	*r = arg;
	size_t		 n = r->len - r->off;

	if (n > want)
		n = want;
	memcpy(out, r->buf + r->off, n);
	r->off += n;
	return (ssize_t)n;
}

/* libcups asks for exactly what it needs next: fill it, or fail. */
static ssize_t
rd_http(void *arg, ipp_uchar_t *out, size_t want)
{
	struct rd	*r = arg;
	ssize_t		 n;
	size_t		 got = 0;

	if (r->got + want > r->max) {
		r->too_big = 1;
		return -1;
	}
	while (got < want) {
		if (fa_now_ms() > r->deadline) {
			r->late = 1;
			return -1;
		}
		if ((n = httpRead2(r->http, (char *)out + got, want - got)) <= 0)
			break;
		got += (size_t)n;
		r->got += (uint64_t)n;
	}
	return (ssize_t)got;
}

/* Reads one IPP message through r; 0, or -1 with e filled. */
static int
answer(ipp_iocb_t cb, struct rd *r, ipp_t *msg, struct fa_err *e)
{
	ipp_state_t	st;
	size_t		i;

	/* ippReadIO returns once per attribute when not blocking; blocking
	 * it reads the whole message.  The bound here is a backstop. */
	for (i = 0; i < 1000000; i++) {
		st = ippReadIO(r, cb, 1, NULL, msg);
		if (st == IPP_STATE_DATA)
			return 0;
		if (st == IPP_STATE_ERROR)
			break;
	}
	if (r->too_big)
		return fa_errf(e, "IPP answer larger than %llu bytes",
		    (unsigned long long)r->max);
	if (r->late)
		return fa_errf(e, "IPP answer not complete in time");
	return fa_errf(e, "malformed IPP answer (%llu bytes read)",
	    (unsigned long long)(r->buf != NULL ? r->off : r->got));
}

static int
status_ok(ipp_t *msg, struct fa_err *e)
{
	ipp_status_t	st = ippGetStatusCode(msg);

	if (st > IPP_STATUS_OK_EVENTS_COMPLETE)
		return fa_errf(e, "IPP error %s", ippErrorString(st));
	return 0;
}

int
ipp_decode(const uint8_t *buf, size_t len, struct device *d,
    struct fa_err *e)
{
	struct rd	 r;
	ipp_t		*msg = ippNew();
	int		 rc;

	memset(&r, 0, sizeof(r));
	r.buf = buf;
	r.len = len;
	if ((rc = answer(rd_mem, &r, msg, e)) == 0 &&
	    (rc = status_ok(msg, e)) == 0)
		map(msg, d);
	ippDelete(msg);
	return rc;
}

/* libcups' wait callback: go on waiting until the deadline. */
static int
still_time(http_t *http, void *arg)
{
	(void)http;
	return fa_now_ms() < *(const int64_t *)arg;
}

static void	fail(struct device *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static void
fail(struct device *d, const char *fmt, ...)
{
	va_list	ap;
	char	m[512];

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	dev_set(&d->error, m);
}

static int
split(const char *uri, char *scheme, size_t ls, char *user, size_t lu,
    char *host, size_t lh, int *port, char *res, size_t lr, struct fa_err *e)
{
	if (strlen(uri) > 1000 || httpSeparateURI(HTTP_URI_CODING_ALL, uri,
	    scheme, (int)ls, user, (int)lu, host, (int)lh, port, res,
	    (int)lr) < HTTP_URI_STATUS_OK || host[0] == '\0')
		return fa_errf(e, "bad IPP URI '%.200s' (ipp://HOST[:PORT]"
		    "/PATH or ipps://...)", uri);
	if (strcmp(scheme, "ipp") != 0 && strcmp(scheme, "ipps") != 0)
		return fa_errf(e, "bad IPP URI '%.200s': scheme '%s' is not "
		    "ipp or ipps", uri, scheme);
	return 0;
}

int
ipp_check_uri(const char *uri, struct fa_err *e)
{
	char	scheme[16], user[64], host[256], res[1024];
	int	port;

	return split(uri, scheme, sizeof(scheme), user, sizeof(user), host,
	    sizeof(host), &port, res, sizeof(res), e);
}

/* The attributes to ask for: ipp_attrs, then those of the definitions'
 * "ipp" lines, each once, at most IPP_MAX_EXTRA of them.  The caller
 * frees the array, not the names. */
static const char **
attr_names(size_t *n)
{
	const char	**v;
	size_t		  i, k, j, r, extra = 0;

	for (k = 0; ipp_attrs[k] != NULL; k++)
		;
	v = fa_calloc(k + IPP_MAX_EXTRA + 1, sizeof(*v));
	for (i = 0; i < k; i++)
		v[i] = ipp_attrs[i];
	for (i = 0; models != NULL && i < models->n; i++)
		for (r = 0; r < models->v[i].nipp; r++) {
			const char *a = models->v[i].ipp[r].attr;

			for (j = 0; j < k && strcmp(v[j], a) != 0; j++)
				;
			if (j == k && extra < IPP_MAX_EXTRA) {
				v[k++] = a;
				extra++;
			}
		}
	*n = k;
	return v;
}

/*
 * One Get-Printer-Attributes of the printer full (its printer-uri) at
 * resource res over the open connection http, into d; what went wrong is
 * d->error.  The attributes are ipp_attrs and those of the model rules.
 */
static void
get_attrs(http_t *http, const char *full, const char *res,
    const struct ipp_opts *o, int64_t deadline, int64_t limit,
    struct device *d, struct ipp_stats *stats)
{
	http_status_t	 hs;
	ipp_t		*req, *msg = NULL;
	struct rd	 r;
	struct fa_err	 e2;
	const char	**names;
	size_t		 n;

	names = attr_names(&n);
	req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri",
	    NULL, full);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME,
	    "requesting-user-name", NULL, "fleetaudit");
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
	    "requested-attributes", (int)n, NULL, names);
	free(names);
	stats->requests++;
	stats->bytes_sent += ippLength(req);
	hs = cupsSendRequest(http, req, res, ippLength(req));
	ippDelete(req);
	if (hs != HTTP_STATUS_CONTINUE && hs != HTTP_STATUS_OK) {
		fail(d, "IPP: %s: request not sent: %s", full,
		    cupsLastErrorString());
		return;
	}
	while ((hs = httpUpdate(http)) == HTTP_STATUS_CONTINUE &&
	    fa_now_ms() < deadline)
		;
	if (hs != HTTP_STATUS_OK) {
		if (fa_now_ms() >= deadline || hs == HTTP_STATUS_CONTINUE)
			fail(d, "IPP: %s: no answer in %.1f s", full,
			    (double)limit / 1000.0);
		else if (hs == HTTP_STATUS_ERROR)
			fail(d, "IPP: %s: connection closed without an "
			    "answer", full);
		else
			fail(d, "IPP: %s: HTTP %d %s", full, (int)hs,
			    httpStatus(hs));
		httpFlush(http);
		return;
	}
	memset(&r, 0, sizeof(r));
	r.http = http;
	r.max = o->max_answer > 0 ? o->max_answer : FA_IPP_MAX_ANSWER;
	r.deadline = deadline;
	msg = ippNew();
	if (answer(rd_http, &r, msg, &e2) != 0 || status_ok(msg, &e2) != 0)
		fail(d, "IPP: %s: %s", full, e2.msg);
	else
		map(msg, d);
	stats->bytes_received += r.got;
	ippDelete(msg);
}

int
ipp_read_http(http_t *http, const char *full, const char *res,
    const struct ipp_opts *o, struct device *d, struct ipp_stats *stats)
{
	int64_t	t0 = fa_now_ms();
	int64_t	limit = o->timeout_ms > 0 ? o->timeout_ms : 10000;
	int64_t	deadline = t0 + limit;

	httpSetTimeout(http, 1.0, still_time, &deadline);
	get_attrs(http, full, res, o, deadline, limit, d, stats);
	/* The connection outlives the deadline's variable: no callback,
	 * the read's bound as the connection's own. */
	httpSetTimeout(http, (double)limit / 1000.0, NULL, NULL);
	d->requests += 1;
	d->read_ms += fa_now_ms() - t0;
	return 0;
}

/* The numeric address as the store keeps it ("192.0.2.7", "2001:db8::7"):
 * not httpAddrString()'s, which writes IPv6 as "[v1.2001:db8::7]". */
static void
addr_numeric(const http_addr_t *ha, char *out, size_t len)
{
	const void	*p = httpAddrFamily((http_addr_t *)(uintptr_t)ha) ==
			    AF_INET6 ? (const void *)&ha->ipv6.sin6_addr :
			    (const void *)&ha->ipv4.sin_addr;

	if (inet_ntop(httpAddrFamily((http_addr_t *)(uintptr_t)ha), p, out,
	    (socklen_t)len) == NULL)
		fa_strlcpy(out, "0.0.0.0", len);
}

int
ipp_read(const char *uri, const struct ipp_opts *o, struct device *d,
    struct ipp_stats *stats, struct fa_err *e)
{
	char		 scheme[16], user[64], host[256], res[1024], a[64];
	char		 full[1400];
	int		 port, cancel = 0;
	int64_t		 t0 = fa_now_ms(), deadline;
	int64_t		 limit = o->timeout_ms > 0 ? o->timeout_ms : 10000;
	http_encryption_t enc;
	http_t		*http = NULL;
	http_addrlist_t	*al;

	memset(stats, 0, sizeof(*stats));
	if (split(uri, scheme, sizeof(scheme), user, sizeof(user), host,
	    sizeof(host), &port, res, sizeof(res), e) != 0)
		return -1;
	enc = strcmp(scheme, "ipps") == 0 ? HTTP_ENCRYPTION_ALWAYS :
	    HTTP_ENCRYPTION_IF_REQUESTED;
	snprintf(a, sizeof(a), "%d", port);
	if ((al = httpAddrGetList(host, AF_UNSPEC, a)) == NULL)
		return fa_errf(e, "IPP URI '%.200s': cannot resolve '%s'",
		    uri, host);
	addr_numeric(&al->addr, a, sizeof(a));
	httpAddrFreeList(al);
	if (strcmp(res, "/") == 0 || res[0] == '\0')
		fa_strlcpy(res, "/ipp/print", sizeof(res));
	/* The printer-uri names the scheme "ipp" or "ipps" as given. */
	httpAssembleURI(HTTP_URI_CODING_ALL, full, sizeof(full), scheme, NULL,
	    host, port, res);
	deadline = t0 + limit;
	dev_set(&d->credential, scheme);
	dev_set(&d->address, a);
	d->snmp_version = 0;

	/* msec 0: made, not connected, so a failure keeps its errno.  TLS
	 * is started once connected, with the deadline in place; a
	 * handshake that never ends still takes libcups' own wait (10 s)
	 * when that is longer. */
	http = httpConnect2(host, port, NULL, AF_UNSPEC,
	    HTTP_ENCRYPTION_IF_REQUESTED, 1, 0, NULL);
	if (http == NULL) {
		fail(d, "IPP: cannot connect to %s: %s", full,
		    strerror(errno));
		goto out;
	}
	if (httpReconnect2(http, (int)limit, &cancel) != 0) {
		fail(d, "IPP: cannot connect to %s: %s", full,
		    httpError(http) == ETIMEDOUT ? "no answer in time" :
		    httpError(http) != 0 ? strerror(httpError(http)) :
		    cupsLastErrorString());
		goto out;
	}
	httpSetTimeout(http, 1.0, still_time, &deadline);
	if (enc == HTTP_ENCRYPTION_ALWAYS &&
	    httpEncryption(http, HTTP_ENCRYPTION_ALWAYS) != 0) {
		fail(d, "IPP: %s: TLS failed: %s", full,
		    fa_now_ms() >= deadline ? "no answer in time" :
		    cupsLastErrorString());
		goto out;
	}

	get_attrs(http, full, res, o, deadline, limit, d, stats);
	/* Where it answered, so a later read finds it there again: the
	 * port and path are the store's only record of them. */
	if (d->printer_reason != NULL &&
	    strcmp(d->printer_reason, "IPP") == 0) {
		char *r = fa_asprintf("IPP %s", full);

		dev_set(&d->printer_reason, r);
		free(r);
	}
out:
	if (http != NULL)
		httpClose(http);
	d->requests = stats->requests;
	d->read_ms = fa_now_ms() - t0;
	return 0;
}

/* Copies of rows, for ipp_merge (dev_add_* copy the strings they take). */
static char *
dup0(const char *s)
{
	return s != NULL ? fa_strdup(s) : NULL;
}

static int
same_device(const struct device *a, const struct device *b)
{
	if (a->address != NULL && b->address != NULL &&
	    strcmp(a->address, b->address) == 0)
		return 1;
	return a->serial != NULL && b->serial != NULL && *a->serial &&
	    strcasecmp(a->serial, b->serial) == 0;
}

int
ipp_merge(struct device *d, const struct device *ip)
{
	size_t	i;

	if (!same_device(d, ip))
		return 0;
	if (ip->error != NULL)
		return 1;	/* its error was said; SNMP read the device */
	if (d->serial == NULL)
		dev_set(&d->serial, ip->serial);
	if (d->vendor == NULL)
		dev_set(&d->vendor, ip->vendor);
	if (d->model == NULL)
		dev_set(&d->model, ip->model);
	if (d->firmware == NULL)
		dev_set(&d->firmware, ip->firmware);
	/* Meters: those the SNMP read lacks, each with its ipp: source. */
	for (i = 0; i < ip->nmeters; i++)
		if (dev_meter(d, ip->meters[i].name) == NULL)
			dev_add_meter(d, ip->meters[i].name,
			    ip->meters[i].value, ip->meters[i].unit,
			    ip->meters[i].source_oid);
	/* Tables: whole, and only where the SNMP read had none. */
	if (d->nsupplies == 0 && (d->parts & DEV_P_SUPPLIES))
		for (i = 0; i < ip->nsupplies; i++) {
			const struct dev_supply	*f = &ip->supplies[i];
			struct dev_supply	*s = dev_add_supply(d);

			*s = *f;
			s->description = dup0(f->description);
			s->type = dup0(f->type);
			s->class = dup0(f->class);
			s->colorant = dup0(f->colorant);
			s->unit = dup0(f->unit);
			s->part_number = dup0(f->part_number);
			s->serial = dup0(f->serial);
			s->state = dup0(f->state);
			s->level_source = fa_strdup(f->level_source != NULL ?
			    f->level_source : "ipp");
		}
	if (d->ntrays == 0 && (d->parts & DEV_P_SUPPLIES))
		for (i = 0; i < ip->ntrays; i++) {
			const struct dev_tray	*f = &ip->trays[i];
			struct dev_tray		*t = dev_add_tray(d);

			*t = *f;
			t->name = dup0(f->name);
			t->media = dup0(f->media);
			t->type = dup0(f->type);
			t->state = dup0(f->state);
			t->status = dup0(f->status);
		}
	if (d->nalerts == 0 && (d->parts & DEV_P_ERRORS))
		for (i = 0; i < ip->nalerts; i++) {
			const struct dev_alert	*f = &ip->alerts[i];
			struct dev_alert	*a = dev_add_alert(d);

			*a = *f;
			a->severity = dup0(f->severity);
			a->training = dup0(f->training);
			a->group = dup0(f->group);
			a->code_name = dup0(f->code_name);
			a->description = dup0(f->description);
		}
	/* The cross-checks again, over the meters of both. */
	for (i = 0; i < d->nchecks; i++)
		free(d->checks[i].name);
	free(d->checks);
	d->checks = NULL;
	d->nchecks = 0;
	mdf_checks(d);
	return 1;
}

#define PROBE_AT_ONCE	256

struct probe {
	int	 fd;
	size_t	 i;
	int64_t	 until;
};

static int
probe_start(const struct fa_addr *a, int port, struct fa_err *e)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	int			 fd;

	memset(&ss, 0, sizeof(ss));
	if (a->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		memcpy(&s6->sin6_addr, a->a, 16);
		len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		memcpy(&s4->sin_addr, a->a, 4);
		len = sizeof(*s4);
	}
	fd = fa_socket(a->family, SOCK_STREAM, 1);
	if (fd < 0)
		return fa_errf(e, "cannot make a socket: %s", strerror(errno));
	if (connect(fd, (struct sockaddr *)&ss, len) != 0 &&
	    errno != EINPROGRESS) {
		close(fd);
		return -2;	/* refused or unreachable at once */
	}
	return fd;
}

int
ipp_probe(const struct fa_addr *addrs, size_t n, int port, int timeout_ms,
    int pps, unsigned char *open, struct fa_err *e)
{
	struct probe	 p[PROBE_AT_ONCE];
	struct pollfd	 pf[PROBE_AT_ONCE];
	size_t		 next = 0, np = 0, k, j;
	int64_t		 t0 = fa_now_ms(), now;
	int		 found = 0, fd, err, wait;
	socklen_t	 el;

	memset(open, 0, n);
	if (pps < 1)
		pps = 1;
	while ((next < n || np > 0) && !fa_interrupted) {
		now = fa_now_ms();
		/* New connections: at most pps a second since the start. */
		while (next < n && np < PROBE_AT_ONCE &&
		    (int64_t)next * 1000 <= (now - t0) * pps) {
			fd = probe_start(&addrs[next], port, e);
			if (fd == -1) {
				for (k = 0; k < np; k++)
					close(p[k].fd);
				return -1;
			}
			if (fd >= 0) {
				p[np].fd = fd;
				p[np].i = next;
				p[np].until = now + timeout_ms;
				np++;
			}
			next++;
		}
		for (k = 0; k < np; k++) {
			pf[k].fd = p[k].fd;
			pf[k].events = POLLOUT;
			pf[k].revents = 0;
		}
		wait = next < n && np < PROBE_AT_ONCE ? 1 + 1000 / pps : 50;
		if (wait > 50)
			wait = 50;
		(void)poll(pf, np, wait);
		now = fa_now_ms();
		for (k = 0, j = 0; k < np; k++) {
			int done = 0;

			if (pf[k].revents != 0) {
				err = 0;
				el = sizeof(err);
				if (getsockopt(p[k].fd, SOL_SOCKET, SO_ERROR,
				    &err, &el) == 0 && err == 0) {
					open[p[k].i] = 1;
					found++;
				}
				done = 1;
			} else if (now >= p[k].until)
				done = 1;
			if (done)
				close(p[k].fd);
			else
				p[j++] = p[k];
		}
		np = j;
	}
	for (k = 0; k < np; k++)
		close(p[k].fd);
	return found;
}

int
ipp_set_read(struct ipp_set *set, const char *uri, const struct ipp_opts *o,
    unsigned parts, struct fa_err *e)
{
	struct ipp_stats	 st;
	struct device		*d;

	set->v = fa_reallocarray(set->v, set->n + 1, sizeof(*set->v));
	set->used = fa_reallocarray(set->used, set->n + 1, 1);
	d = &set->v[set->n];
	dev_init(d);
	d->parts = (parts != 0 ? parts : DEV_P_ALL) | DEV_P_ATTRS;
	if (ipp_read(uri, o, d, &st, e) != 0) {
		dev_release(d);
		return -1;
	}
	set->used[set->n++] = 0;
	return 0;
}

int
ipp_set_merge(struct ipp_set *set, struct device *d)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (!set->used[i] && ipp_merge(d, &set->v[i])) {
			set->used[i] = 1;
			return 1;
		}
	return 0;
}

void
ipp_set_release(struct ipp_set *set)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		dev_release(&set->v[i]);
	free(set->v);
	free(set->used);
	memset(set, 0, sizeof(*set));
}
