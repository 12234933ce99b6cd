/*
 * payload.c: the payload's schema and its safe reader (see payload.h,
 * docs/bundle-format.md).
 *
 * The reader trusts nothing in the archive, although a bundle is signed:
 * a collector's key can leak, and the hub must not be the weak end.  It
 * accepts the tar format alone (no cpio, zip...), gzip or zstd alone, and
 * refuses, before reading an entry's data: a name that is absolute or
 * has "..", a link (symbolic or hard), a device or anything not a
 * regular file, a name that is not "KIND-NNNN.jsonl" of a known kind (or
 * twice), an entry over entry_max, a total over total_max, and a total
 * over ratio_max times the packed size once past ratio_floor: a
 * decompression bomb, seen from the tar headers before it is inflated.
 * Then each line must be a JSON object with exactly the kind's keys, of
 * their types.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "payload.h"

/*
 * Defaults: the payload is read as a stream (no memory grows with it),
 * so the total bounds the work a bundle can make, not the memory.  A
 * 10,000-device site's whole year of daily reads (`export bundle --since
 * all` of a collector left on site) is over 4 GiB unpacked, in entries
 * the export cuts far below 1 GiB; 32 GiB in all leaves room for
 * several years.  JSON Lines of the store compress 10 to 40 times with
 * gzip; 200 is far above, while zeros compress a thousand times: a bomb
 * is caught by the ratio first.  A line is one record: a few hundred
 * bytes, a display line or sysDescr at most a few KiB.
 */
const struct payload_limits payload_limits_default = {
	.entry_max = 1ULL << 30,
	.total_max = 32ULL << 30,
	.ratio_max = 200,
	.ratio_floor = 16ULL << 20,
	.line_max = 1 << 20,
	.entries_max = 100000,
};

/* Columns, each "name:type" with type i (integer) or s (text). */
#define RUN	"row:i", "device_id:i", "scan_id:i", "last_scan_id:i", "pos:i"
static const char *const c_devices[] = { "id:i", "key_kind:s",
	"key_value:s", "vendor:s", "model:s", "serial:s", "mac:s",
	"address:s", "credential:s", "first_seen:i", "last_seen:i",
	"missed:i", "missing_since:i", NULL };
static const char *const c_scans[] = { "id:i", "assessment_id:i",
	"device_id:i", "time:i", "address:s", "credential:s",
	"snmp_version:i", "is_printer:i", "printer_reason:s", "vendor:s",
	"model:s", "serial:s", "mac:s", "sys_object_id:s", "sys_descr:s",
	"sys_name:s", "sys_location:s", "sys_contact:s", "firmware:s",
	"asset:s", "uptime:i", "enterprise:i", "hr_device_status:i",
	"hr_printer_status:i", "error:s", "read_ms:i", "requests:i",
	"model_def:s", "parts:i", "attrs_from:i", NULL };
static const char *const c_meters[] = { RUN, "name:s", "value:i", "unit:s",
	"source_oid:s", NULL };
static const char *const c_supplies[] = { RUN, "idx:i", "description:s",
	"type:s", "class:s", "colorant:s", "unit:s", "max:i", "level:i",
	"percent:i", "state:s", "part_number:s", "serial:s",
	"level_source:s", "instance_id:i", NULL };
static const char *const c_trays[] = { RUN, "idx:i", "name:s", "media:s",
	"type:s", "capacity:i", "level:i", "percent:i", "state:s",
	"status:s", NULL };
static const char *const c_alerts[] = { RUN, "idx:i", "severity:s",
	"training:s", "grp:s", "group_index:i", "location:i", "code:i",
	"code_name:s", "description:s", "time:i", NULL };
static const char *const c_checks[] = { RUN, "name:s", "left_value:i",
	"right_value:i", "ok:i", NULL };
static const char *const c_errors[] = { RUN, "name:s", NULL };
static const char *const c_display[] = { RUN, "text:s", NULL };
static const char *const c_flags[] = { "row:i", "scan_id:i", "name:s",
	"reason:s", "previous:i", "current:i", "detail:s", NULL };
static const char *const c_instances[] = { "id:i", "device_id:i", "idx:i",
	"description:s", "part_number:s", "serial:s", "first_scan_id:i",
	"last_scan_id:i", "first_seen:i", "last_seen:i", "first_level:i",
	"last_level:i", "first_total:i", "last_total:i", NULL };
static const char *const c_seen[] = { "table:s", "row:i", "last_scan_id:i",
	"pos:i", NULL };

static const char *const *const columns[PAYLOAD_NKINDS] = {
	c_devices, c_scans, c_meters, c_supplies, c_trays, c_alerts,
	c_checks, c_errors, c_display, c_flags, c_instances, c_seen,
};

const char *const *
payload_columns(int kind)
{
	if (kind < 0 || kind >= PAYLOAD_NKINDS)
		fa_bug("payload_columns: kind %d", kind);
	return columns[kind];
}

int
payload_kind(const char *name)
{
	int	k;

	for (k = 0; k < PAYLOAD_NKINDS; k++)
		if (strcmp(payload_kinds[k], name) == 0)
			return k;
	return -1;
}

int
payload_mask_parse(const char *s, unsigned *mask, struct fa_err *e)
{
	const char	*p = s;
	size_t		 n;

	*mask = 0;
	if (strcmp(s, "none") == 0)
		return 0;		/* said on purpose: nothing masked */
	while (*p != '\0') {
		n = strcspn(p, ",");
		if (n == 2 && strncmp(p, "ip", n) == 0)
			*mask |= PAYLOAD_MASK_IP;
		else if (n == 3 && strncmp(p, "mac", n) == 0)
			*mask |= PAYLOAD_MASK_MAC;
		else if (n == 8 && strncmp(p, "hostname", n) == 0)
			*mask |= PAYLOAD_MASK_HOST;
		else
			return fa_errf(e, "mask: '%.*s' is not ip, mac or "
			    "hostname (or none alone)", (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	if (*mask == 0)
		return fa_errf(e, "mask: empty (ip, mac, hostname, or none)");
	return 0;
}

/* ---- reading ---- */

struct rd {
	payload_read_fn	 fn;
	void		*arg;
	unsigned char	*buf;
	struct fa_err	 err;
	int		 failed;
};

static la_ssize_t
rd_cb(struct archive *a, void *arg, const void **out)
{
	struct rd	*r = arg;
	ssize_t		 n;

	(void)a;
	n = r->fn(r->arg, r->buf, 65536, &r->err);
	if (n < 0) {
		r->failed = 1;
		return -1;
	}
	*out = r->buf;
	return n;
}

/* "KIND-NNNN.jsonl": the kind, or -1. */
static int
entry_kind(const char *name)
{
	const char	*dash = strrchr(name, '-');
	char		 k[40];
	size_t		 n;

	if (dash == NULL || (size_t)(dash - name) >= sizeof(k))
		return -1;
	n = strspn(dash + 1, "0123456789");
	if (n != 4 || strcmp(dash + 1 + n, ".jsonl") != 0)
		return -1;
	memcpy(k, name, (size_t)(dash - name));
	k[dash - name] = '\0';
	return payload_kind(k);
}

/* Checks one line's object against its kind's columns. */
static int
check_record(int kind, json_object *o, struct fa_err *e)
{
	const char *const	*cols = columns[kind];
	json_object		*v;
	size_t			 i, n = 0, len;
	char			 name[40];

	if (!json_object_is_type(o, json_type_object))
		return fa_errf(e, "not a JSON object");
	for (i = 0; cols[i] != NULL; i++) {
		len = strcspn(cols[i], ":");
		memcpy(name, cols[i], len);
		name[len] = '\0';
		if (!json_object_object_get_ex(o, name, &v))
			return fa_errf(e, "no key '%s'", name);
		n++;
		if (v == NULL) {
			if (i == 0)
				return fa_errf(e, "'%s' is null", name);
			continue;
		}
		if (cols[i][len + 1] == 'i' &&
		    !json_object_is_type(v, json_type_int))
			return fa_errf(e, "'%s' is not an integer", name);
		if (cols[i][len + 1] == 's' &&
		    !json_object_is_type(v, json_type_string))
			return fa_errf(e, "'%s' is not a string", name);
	}
	if ((size_t)json_object_object_length(o) != n)
		return fa_errf(e, "unknown keys");
	if (kind == STORE_X_SEEN) {
		int k;

		json_object_object_get_ex(o, "table", &v);
		k = payload_kind(json_object_get_string(v));
		if (k < STORE_X_METERS || k > STORE_X_DISPLAY)
			return fa_errf(e, "'table' is not a value table");
	}
	return 0;
}

/* The closing quote of the string whose first byte is p, or NULL: none
 * before end, or a backslash or control byte first (json-c would print
 * an escape). */
static const char *
str_end(const char *p, const char *end)
{
	for (; p < end && *p != '"'; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f)
			return NULL;
	return p < end ? p : NULL;
}

/* The end of the integer at p, its value in *x; NULL unless in its
 * shortest form (no leading zero, no "-0") of at most 18 digits (no
 * overflow). */
static const char *
int_end(const char *p, const char *end, int64_t *x)
{
	const char	*q;
	int		 neg = p < end && *p == '-';

	if (neg)
		p++;
	for (q = p, *x = 0; p < end && *p >= '0' && *p <= '9'; p++)
		*x = *x * 10 + (*p - '0');
	if (p == q || p - q > 18 || (*q == '0' && (p - q > 1 || neg)))
		return NULL;
	if (neg)
		*x = -*x;
	return p;
}

/*
 * Whether line (len bytes) is, byte for byte, what json-c prints of the
 * object it parses to with JSON_C_TO_STRING_PLAIN |
 * JSON_C_TO_STRING_NOSLASHESCAPE, given that the object has members
 * members: "{", then "key":value pairs joined by "," with no space, then
 * "}"; a value a string, an integer in its shortest form (no leading
 * zero, no "-0", at most 18 digits: no overflow) or null; a string with
 * no backslash and no control byte (json-c would print an escape).  Any
 * other form (spaces, escapes, single quotes, "NULL", a key twice...)
 * is not plain: the record is printed again (payload_record_json()).
 */
static int
plain_line(const char *p, size_t len, size_t members)
{
	const char	*end = p + len;
	int64_t		 x;
	size_t		 n = 0;

	if (len < 2 || *p++ != '{' || end[-1] != '}')
		return 0;
	end--;
	while (p < end) {
		if (n > 0 && *p++ != ',')
			return 0;
		/* "key": */
		if (p >= end || *p++ != '"' || (p = str_end(p, end)) == NULL ||
		    *++p != ':' || ++p >= end)
			return 0;
		/* the value */
		if (*p == '"') {
			if ((p = str_end(p + 1, end)) == NULL)
				return 0;
			p++;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0)
			p += 4;
		else if ((p = int_end(p, end, &x)) == NULL)
			return 0;
		n++;
		if (p < end && *p != ',')
			return 0;
	}
	return n == members;
}

const char *
payload_record_json(json_object *o)
{
	const char	*s = json_object_get_userdata(o);

	return s != NULL ? s : json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* The lines of buf; a partial last line stays in line. */
struct lines {
	char		*line;
	size_t		 len, max;
	uint64_t	 lineno;
	json_tokener	*tok;
	payload_row_fn	 rowfn;		/* plain lines of rowkinds */
	unsigned	 rowkinds;
	struct payload_val v[48];
};

/*
 * Line l (plain_line()'s form) as the values of kind's columns, in
 * their order, into l->v: 1, each string then cut out of the line in
 * place (NUL where its closing quote was); or 0, the line untouched,
 * when it is not exactly that (another order, a key missing or
 * unknown, a value of another type, the key null, a form plain_line()
 * refuses), which the JSON reader then checks as any other line.
 */
static int
plain_row(struct lines *l, int kind)
{
	const char *const	*cols = columns[kind];
	char			*p = l->line, *end = l->line + l->len;
	const char		*c;
	struct payload_val	*v;
	size_t			 i, n;
	char			*cut[48];
	const char		*qe;
	size_t			 ncut = 0;

	if (l->len < 2 || *p++ != '{' || end[-1] != '}')
		return 0;
	end--;
	for (i = 0; (c = cols[i]) != NULL; i++) {
		if (i >= sizeof(l->v) / sizeof(l->v[0]))
			return 0;
		v = &l->v[i];
		if (i > 0 && (p >= end || *p++ != ','))
			return 0;
		/* "key": the column's name */
		n = strcspn(c, ":");
		if (end - p < (ptrdiff_t)n + 3 || *p != '"' ||
		    memcmp(p + 1, c, n) != 0 || p[n + 1] != '"' ||
		    p[n + 2] != ':')
			return 0;
		p += n + 3;
		if (p >= end)
			return 0;
		v->s = NULL;
		v->i = 0;
		v->null = 0;
		if (*p == '"') {
			if (c[n + 1] != 's' || (qe = str_end(p + 1, end)) == NULL)
				return 0;
			v->s = p + 1;
			p += qe - p;
			cut[ncut++] = p++;
		} else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
			if (i == 0)
				return 0;
			p += 4;
			v->null = 1;
		} else if (c[n + 1] != 'i' ||
		    (qe = int_end(p, end, &v->i)) == NULL)
			return 0;
		else
			p += qe - p;
		if (p < end && *p != ',')
			return 0;
	}
	if (p != end)
		return 0;
	while (ncut > 0)
		*cut[--ncut] = '\0';
	return 1;
}

static int
one_line(struct lines *l, int kind, const char *name, payload_record_fn fn,
    void *arg, int64_t *counts, struct fa_err *e)
{
	json_object	*o;
	struct fa_err	 e2;
	int		 rc;

	l->lineno++;
	if (l->rowfn != NULL && (l->rowkinds & (1u << kind)) != 0) {
		if (plain_row(l, kind)) {
			rc = l->rowfn(arg, kind, l->v, e);
			if (rc == 0 && counts != NULL)
				counts[kind]++;
			return rc;
		}
	}
	json_tokener_reset(l->tok);
	o = json_tokener_parse_ex(l->tok, l->line, (int)l->len);
	if (o == NULL || (size_t)json_tokener_get_parse_end(l->tok) !=
	    l->len) {
		json_object_put(o);
		return fa_errf(e, "payload entry '%s' line %llu: not valid "
		    "JSON", name, (unsigned long long)l->lineno);
	}
	if (check_record(kind, o, &e2) != 0) {
		json_object_put(o);
		return fa_errf(e, "payload entry '%s' line %llu: schema error: "
		    "%s", name, (unsigned long long)l->lineno, e2.msg);
	}
	/* The line is the record's text when it is printed as json-c would
	 * print it (what the collector's writer does): not printed again. */
	l->line[l->len] = '\0';
	if (fn != NULL && plain_line(l->line, l->len,
	    (size_t)json_object_object_length(o)))
		json_object_set_userdata(o, l->line, NULL);
	rc = fn != NULL ? fn(arg, kind, o, e) : 0;
	json_object_put(o);
	if (rc == 0 && counts != NULL)
		counts[kind]++;
	return rc;
}

int
payload_read(payload_read_fn fn, void *rarg, uint64_t packed,
    const struct payload_limits *lim, payload_record_fn rec, void *farg,
    int64_t *counts, struct fa_err *e)
{
	return payload_read_rows(fn, rarg, packed, lim, rec, NULL, 0, farg,
	    counts, e);
}

int
payload_read_rows(payload_read_fn fn, void *rarg, uint64_t packed,
    const struct payload_limits *lim, payload_record_fn rec,
    payload_row_fn rowfn, unsigned rowkinds, void *farg, int64_t *counts,
    struct fa_err *e)
{
	struct archive		*a;
	struct archive_entry	*ae;
	struct rd		 r;
	struct lines		 l;
	unsigned char		 seen[PAYLOAD_NKINDS][1250];	/* parts */
	char			*buf = NULL;
	const char		*name;
	uint64_t		 total = 0, got;
	size_t			 entries = 0, i, k;
	const char		*nl;
	la_ssize_t		 n;
	int			 x, kind, rc = -1;
	unsigned long		 part;

	if (lim == NULL)
		lim = &payload_limits_default;
	memset(&r, 0, sizeof(r));
	memset(&l, 0, sizeof(l));
	memset(seen, 0, sizeof(seen));
	if (counts != NULL)
		memset(counts, 0, PAYLOAD_NKINDS * sizeof(*counts));
	r.fn = fn;
	r.arg = rarg;
	r.buf = fa_malloc(65536);
	buf = fa_malloc(65536);
	l.max = lim->line_max;
	l.line = fa_malloc(l.max + 1);
	l.tok = json_tokener_new_ex(32);
	l.rowfn = rowfn;
	l.rowkinds = rowkinds;
	a = archive_read_new();
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_zstd(a);
	if (archive_read_open(a, &r, NULL, rd_cb, NULL) != ARCHIVE_OK) {
		if (r.failed)
			fa_errf(e, "%s", r.err.msg);
		else
			fa_errf(e, "corrupt payload archive: %s",
			    archive_error_string(a));
		goto out;
	}
	for (;;) {
		x = archive_read_next_header(a, &ae);
		if (x == ARCHIVE_EOF)
			break;
		if (x != ARCHIVE_OK) {
			if (r.failed)
				fa_errf(e, "%s", r.err.msg);
			else
				fa_errf(e, "corrupt payload archive: %s",
				    archive_error_string(a));
			goto out;
		}
		if (archive_filter_code(a, 0) != ARCHIVE_FILTER_GZIP &&
		    archive_filter_code(a, 0) != ARCHIVE_FILTER_ZSTD) {
			fa_errf(e, "payload archive is not compressed with "
			    "gzip or zstd");
			goto out;
		}
		if (++entries > lim->entries_max) {
			fa_errf(e, "payload archive has more than %zu entries",
			    lim->entries_max);
			goto out;
		}
		name = archive_entry_pathname(ae);
		if (name == NULL || *name == '\0') {
			fa_errf(e, "payload entry without a name");
			goto out;
		}
		if (name[0] == '/') {
			fa_errf(e, "payload entry '%.80s' refused: an absolute "
			    "path", name);
			goto out;
		}
		if (strcmp(name, "..") == 0 || strncmp(name, "../", 3) == 0 ||
		    strstr(name, "/../") != NULL ||
		    (strlen(name) >= 3 &&
		    strcmp(name + strlen(name) - 3, "/..") == 0)) {
			fa_errf(e, "payload entry '%.80s' refused: a path "
			    "with '..'", name);
			goto out;
		}
		if (archive_entry_filetype(ae) == AE_IFLNK ||
		    archive_entry_symlink(ae) != NULL) {
			fa_errf(e, "payload entry '%.80s' refused: a symbolic "
			    "link", name);
			goto out;
		}
		if (archive_entry_hardlink(ae) != NULL) {
			fa_errf(e, "payload entry '%.80s' refused: a hard "
			    "link", name);
			goto out;
		}
		if (archive_entry_filetype(ae) == AE_IFCHR ||
		    archive_entry_filetype(ae) == AE_IFBLK ||
		    archive_entry_filetype(ae) == AE_IFIFO) {
			fa_errf(e, "payload entry '%.80s' refused: a device "
			    "or pipe", name);
			goto out;
		}
		if (archive_entry_filetype(ae) != AE_IFREG) {
			fa_errf(e, "payload entry '%.80s' refused: not a "
			    "regular file", name);
			goto out;
		}
		if ((kind = entry_kind(name)) == -1) {
			fa_errf(e, "payload entry '%.80s' refused: an unknown "
			    "name", name);
			goto out;
		}
		part = strtoul(strrchr(name, '-') + 1, NULL, 10);
		if (seen[kind][part / 8] & (1u << (part % 8))) {
			fa_errf(e, "payload entry '%.80s' refused: it comes "
			    "twice", name);
			goto out;
		}
		seen[kind][part / 8] |= (unsigned char)(1u << (part % 8));
		if (!archive_entry_size_is_set(ae) ||
		    archive_entry_size(ae) < 0) {
			fa_errf(e, "payload entry '%.80s' refused: no size",
			    name);
			goto out;
		}
		if ((uint64_t)archive_entry_size(ae) > lim->entry_max) {
			fa_errf(e, "payload entry '%.80s' refused: oversized "
			    "(%lld bytes, at most %llu)", name,
			    (long long)archive_entry_size(ae),
			    (unsigned long long)lim->entry_max);
			goto out;
		}
		total += (uint64_t)archive_entry_size(ae);
		if (total > lim->total_max) {
			fa_errf(e, "payload refused: more than %llu bytes "
			    "unpacked", (unsigned long long)lim->total_max);
			goto out;
		}
		if (total > lim->ratio_floor && packed > 0 &&
		    total / packed > lim->ratio_max) {
			fa_errf(e, "payload refused: a decompression bomb "
			    "(%llu bytes unpacked from %llu)",
			    (unsigned long long)total,
			    (unsigned long long)packed);
			goto out;
		}
		l.len = 0;
		l.lineno = 0;
		got = 0;
		while ((n = archive_read_data(a, buf, 65536)) > 0) {
			got += (uint64_t)n;
			if (got > (uint64_t)archive_entry_size(ae)) {
				fa_errf(e, "payload entry '%.80s' is longer "
				    "than its size", name);
				goto out;
			}
			for (i = 0; i < (size_t)n; i = k + 1) {
				/* up to the next newline, or the end */
				nl = memchr(buf + i, '\n', (size_t)n - i);
				k = nl != NULL ? (size_t)(nl - buf) : (size_t)n;
				if (k - i > l.max - l.len) {
					fa_errf(e, "payload entry '%.80s' line "
					    "%llu: longer than %zu bytes", name,
					    (unsigned long long)l.lineno + 1,
					    l.max);
					goto out;
				}
				memcpy(l.line + l.len, buf + i, k - i);
				l.len += k - i;
				if (nl == NULL)
					break;
				if (one_line(&l, kind, name, rec, farg, counts,
				    e) != 0)
					goto out;
				l.len = 0;
			}
		}
		if (n < 0) {
			if (r.failed)
				fa_errf(e, "%s", r.err.msg);
			else
				fa_errf(e, "corrupt payload archive: %s",
				    archive_error_string(a));
			goto out;
		}
		if (l.len != 0) {
			fa_errf(e, "payload entry '%.80s' line %llu: no "
			    "newline at the end", name,
			    (unsigned long long)l.lineno + 1);
			goto out;
		}
	}
	rc = 0;
out:
	archive_read_free(a);
	json_tokener_free(l.tok);
	free(l.line);
	free(buf);
	free(r.buf);
	return rc;
}
