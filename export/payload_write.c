/*
 * payload_write.c: the payload writer (see payload.h): the store's
 * change-only export (collector/store_export.c) as JSON Lines in a tar
 * archive, compressed, straight into the bundle writer.  A tar header
 * needs its entry's size, so each kind is written in parts of at most
 * PAYLOAD_PART_MAX bytes, kept in memory one at a time: memory stays
 * bounded however large the export.
 *
 * Masking happens here, on the way out: the store keeps the values, the
 * bundle carries their pseudonyms (crypto/bundle.c), the same for the
 * same value in every bundle of the site.  The fields that are an
 * address, a MAC or a name are replaced whole; every other text field
 * (but the record's structure: kinds, OIDs, credential labels) goes
 * through mask_text() (mask.c), which finds the masked kinds inside free
 * text, a device's own sysName included (kept per device from its scans,
 * which come before the kinds that name a device).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include "../crypto/bundle.h"
#include "mask.h"
#include "payload.h"

/* A device's own name, from its scans (hostname masking). */
struct pw_name {
	int64_t	 device;
	size_t	 order;
	char	*name;
};

struct pw {
	struct archive			*a;
	struct bundle_writer		*w;
	struct fa_err			 err;	/* the bundle writer's */
	int				 failed;
	unsigned			 mask;
	const struct bundle_secret	*secret;
	struct mask			 m;	/* the same, for text */
	struct pw_name			*names;	/* sorted after scans */
	size_t				 nnames, capnames;
	struct fa_buf			 part;
	int				 kind;
	unsigned			 nparts;
	int64_t				*counts;
	json_object			*o;
};

static la_ssize_t
wr_cb(struct archive *a, void *arg, const void *buf, size_t n)
{
	struct pw	*p = arg;

	(void)a;
	if (bundle_writer_write(p->w, buf, n, &p->err) != 0) {
		p->failed = 1;
		return -1;
	}
	return (la_ssize_t)n;
}

static int
arc_fail(struct pw *p, struct fa_err *e)
{
	if (p->failed)
		return fa_errf(e, "%s", p->err.msg);
	return fa_errf(e, "cannot write the payload archive: %s",
	    archive_error_string(p->a));
}

/* The part in memory as entry KIND-NNNN.jsonl. */
static int
flush_part(struct pw *p, struct fa_err *e)
{
	struct archive_entry	*ae;
	char			 name[64];
	int			 rc = -1;

	if (p->part.len == 0)
		return 0;
	if (++p->nparts > 9999)
		return fa_errf(e, "too many parts of '%s' in the payload",
		    payload_kinds[p->kind]);
	snprintf(name, sizeof(name), "%s-%04u.jsonl", payload_kinds[p->kind],
	    p->nparts);
	ae = archive_entry_new();
	archive_entry_set_pathname(ae, name);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_entry_set_perm(ae, 0600);
	archive_entry_set_size(ae, (la_int64_t)p->part.len);
	archive_entry_set_mtime(ae, (time_t)fa_wall(), 0);
	if (archive_write_header(p->a, ae) != ARCHIVE_OK ||
	    archive_write_data(p->a, p->part.s, p->part.len) !=
	    (la_ssize_t)p->part.len) {
		arc_fail(p, e);
		goto out;
	}
	p->part.len = 0;
	rc = 0;
out:
	archive_entry_free(ae);
	return rc;
}

static void
lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* The masked kind of column col of kind, given the row (for key_value),
 * or NULL when it stays as it is. */
static const char *
mask_of(const struct pw *p, int kind, const char *col,
    const struct store_xval *v)
{
	const char	*k;

	if (kind == STORE_X_DEVICES || kind == STORE_X_SCANS) {
		if (strcmp(col, "address") == 0 && (p->mask & PAYLOAD_MASK_IP))
			return "ip";
		if (strcmp(col, "mac") == 0 && (p->mask & PAYLOAD_MASK_MAC))
			return "mac";
	}
	if (kind == STORE_X_SCANS && strcmp(col, "sys_name") == 0 &&
	    (p->mask & PAYLOAD_MASK_HOST))
		return "hostname";
	if (kind == STORE_X_DEVICES && strcmp(col, "key_value") == 0 &&
	    v[1].type == STORE_XV_TEXT) {
		k = v[1].s;		/* key_kind */
		if (strcmp(k, "mac") == 0 && (p->mask & PAYLOAD_MASK_MAC))
			return "mac";
		if (strcmp(k, "addr") == 0 && (p->mask & PAYLOAD_MASK_IP))
			return "ip";
	}
	return NULL;
}

/* Text columns never scanned for addresses and names: the record's
 * structure (kinds, OIDs, credential labels, model files), not what a
 * device said. */
static int
structural(const char *col)
{
	static const char *const cols[] = { "key_kind", "credential",
		"sys_object_id", "model_def", "source_oid", "table", NULL };
	size_t	i;

	for (i = 0; cols[i] != NULL; i++)
		if (strcmp(col, cols[i]) == 0)
			return 1;
	return 0;
}

/* The device's own name (sys_name of its newest scan in the bundle), or
 * NULL: looked for in its other text. */
static const char *
own_name(const struct pw *p, int64_t device)
{
	size_t	lo = 0, hi = p->nnames, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (p->names[mid].device == device)
			return p->names[mid].name;
		if (p->names[mid].device < device)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
name_cmp(const void *a, const void *b)
{
	const struct pw_name	*x = a, *y = b;

	if (x->device != y->device)
		return x->device < y->device ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Sorted by device, the newest scan's name kept. */
static void
names_sort(struct pw *p)
{
	size_t	i, n = 0;

	if (p->nnames == 0)
		return;		/* qsort(3) of NULL is undefined, even of 0 */
	qsort(p->names, p->nnames, sizeof(*p->names), name_cmp);
	for (i = 0; i < p->nnames; i++) {
		if (n > 0 && p->names[n - 1].device == p->names[i].device) {
			free(p->names[n - 1].name);
			p->names[n - 1] = p->names[i];
		} else
			p->names[n++] = p->names[i];
	}
	p->nnames = n;
}

/* The integer of the row's column name, or -1 (none or null). */
static int64_t
col_int(const char *const *cols, const struct store_xval *v, size_t n,
    const char *name)
{
	size_t	i, len = strlen(name);

	for (i = 0; i < n && cols[i] != NULL; i++)
		if (strncmp(cols[i], name, len) == 0 && cols[i][len] == ':')
			return v[i].type == STORE_XV_INT ? v[i].i : -1;
	return -1;
}

/* The text of the row's column name, or NULL (none or null). */
static const char *
col_text(const char *const *cols, const struct store_xval *v, size_t n,
    const char *name)
{
	size_t	i, len = strlen(name);

	for (i = 0; i < n && cols[i] != NULL; i++)
		if (strncmp(cols[i], name, len) == 0 && cols[i][len] == ':')
			return v[i].type == STORE_XV_TEXT ? v[i].s : NULL;
	return NULL;
}

static int
on_row(void *arg, int kind, const struct store_xval *v, size_t n,
    struct fa_err *e)
{
	struct pw		*p = arg;
	const char *const	*cols = payload_columns(kind);
	json_object		*o = json_object_new_object(), *jv;
	const char		*js, *mk, *own = NULL;
	char			 name[40], pseudo[BUNDLE_PSEUDO_MAX + 1], *t;
	size_t			 i, len;
	int64_t			 dev;

	if (p->mask & PAYLOAD_MASK_HOST) {
		if (kind == STORE_X_SCANS) {
			own = col_text(cols, v, n, "sys_name");
			dev = col_int(cols, v, n, "device_id");
			if (own != NULL && *own != '\0' && dev >= 0) {
				if (p->nnames == p->capnames) {
					p->capnames = p->capnames ?
					    2 * p->capnames : 256;
					p->names = fa_reallocarray(p->names,
					    p->capnames, sizeof(*p->names));
				}
				p->names[p->nnames].device = dev;
				p->names[p->nnames].order = p->nnames;
				p->names[p->nnames++].name = fa_strdup(own);
			}
		} else if ((dev = col_int(cols, v, n, "device_id")) >= 0)
			own = own_name(p, dev);
	}

	for (i = 0; i < n && cols[i] != NULL; i++) {
		len = strcspn(cols[i], ":");
		memcpy(name, cols[i], len);
		name[len] = '\0';
		switch (v[i].type) {
		case STORE_XV_INT:
			jv = json_object_new_int64(v[i].i);
			break;
		case STORE_XV_REAL:
			/* Not in the schema: whole numbers only. */
			jv = json_object_new_int64((int64_t)v[i].d);
			break;
		case STORE_XV_TEXT:
			if ((mk = mask_of(p, kind, name, v)) != NULL) {
				t = fa_strdup(v[i].s);
				if (strcmp(mk, "mac") == 0)
					lower(t);
				bundle_pseudonym(p->secret, mk, t, pseudo);
				free(t);
				jv = json_object_new_string(pseudo);
			} else if (p->mask != 0 && !structural(name)) {
				t = mask_text(&p->m, v[i].s, own);
				jv = json_object_new_string(t);
				free(t);
			} else
				jv = json_object_new_string(v[i].s);
			break;
		default:
			jv = NULL;
			break;
		}
		json_object_object_add(o, name, jv);
	}
	js = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(js);
	if (p->part.len > 0 && p->part.len + len + 1 > PAYLOAD_PART_MAX &&
	    flush_part(p, e) != 0) {
		json_object_put(o);
		return -1;
	}
	fa_buf_add(&p->part, js, len);
	fa_buf_add(&p->part, "\n", 1);
	json_object_put(o);
	p->counts[kind]++;
	return 0;
}

int
payload_write(struct store *s, int64_t after, int64_t upto, unsigned mask,
    const struct bundle_secret *secret, int zstd, struct bundle_writer *w,
    int64_t counts[PAYLOAD_NKINDS], struct fa_err *e)
{
	struct pw	p;
	int		k, rc = -1;

	if (mask != 0 && secret == NULL)
		fa_bug("payload_write: a mask without a secret");
	memset(&p, 0, sizeof(p));
	memset(counts, 0, PAYLOAD_NKINDS * sizeof(*counts));
	p.w = w;
	p.mask = mask;
	p.secret = secret;
	p.m.what = mask;
	p.m.secret = secret;
	p.counts = counts;
	p.a = archive_write_new();
	if (archive_write_set_format_pax_restricted(p.a) != ARCHIVE_OK ||
	    (zstd ? archive_write_add_filter_zstd(p.a) :
	    archive_write_add_filter_gzip(p.a)) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(p.a, 1) != ARCHIVE_OK ||
	    archive_write_open(p.a, &p, NULL, wr_cb, NULL) != ARCHIVE_OK) {
		arc_fail(&p, e);
		goto out;
	}
	for (k = 0; k < PAYLOAD_NKINDS; k++) {
		p.kind = k;
		p.nparts = 0;
		if (store_export_rows(s, k, payload_columns(k), after, upto,
		    on_row, &p, e) != 0 || flush_part(&p, e) != 0)
			goto out;
		if (k == STORE_X_SCANS)
			names_sort(&p);
	}
	if (archive_write_close(p.a) != ARCHIVE_OK) {
		arc_fail(&p, e);
		goto out;
	}
	rc = 0;
out:
	archive_write_free(p.a);
	fa_buf_release(&p.part);
	for (k = 0; (size_t)k < p.nnames; k++)
		free(p.names[k].name);
	free(p.names);
	return rc;
}
