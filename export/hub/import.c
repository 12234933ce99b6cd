/*
 * import.c: one bundle into the hub's central store (see import.h).
 *
 * The records go in as they stream out of the payload, inside the one
 * write transaction hubstore_import_begin() opened: memory stays bounded
 * whatever the bundle's size, and any refusal half way (a bad line, a
 * limit, a chunk that fails) rolls everything back.  Records keep their
 * JSON text as the collector wrote it; a "seen" record moves the
 * last_scan_id and pos of the row it names.  At the end the counts must
 * be the manifest's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "import.h"

struct ictx {
	struct hubstore_import		*im;
	struct bundle_reader		*r;
	struct hub_import_result	*res;
	/* the scans' columns "device_id", "parts" (payload_columns()) */
	int				 sdev, sparts;
};

static ssize_t
rd(void *arg, void *buf, size_t n, struct fa_err *e)
{
	struct ictx	*c = arg;

	return bundle_read(c->r, buf, n, e);
}

static int64_t
iget(json_object *o, const char *k)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, k, &v) || v == NULL)
		return -1;
	return json_object_get_int64(v);
}

static int
on_record(void *arg, int kind, json_object *o, struct fa_err *e)
{
	struct ictx	*c = arg;
	json_object	*v;
	const char	*key;

	if (kind == STORE_X_SEEN) {
		json_object_object_get_ex(o, "table", &v);
		return hubstore_import_seen(c->im, json_object_get_string(v),
		    iget(o, "row"), iget(o, "last_scan_id"), iget(o, "pos"), e);
	}
	key = payload_columns(kind)[0];
	if (hubstore_import_record(c->im, kind,
	    iget(o, strncmp(key, "row", 3) == 0 ? "row" : "id"), o, e) != 0)
		return -1;
	/* What each scan read: the pages' "current" (hubstore.h). */
	if (kind == STORE_X_SCANS && iget(o, "device_id") >= 0)
		return hubstore_import_scan(c->im, iget(o, "device_id"),
		    iget(o, "id"), iget(o, "parts"), e);
	return 0;
}

/* A plain record of a kind with a table (payload_read_rows()): as
 * on_record(), without its JSON object. */
static int
on_row(void *arg, int kind, const struct payload_val *v, struct fa_err *e)
{
	struct ictx	*c = arg;

	if (hubstore_import_row(c->im, kind, v[0].i, v, e) != 0)
		return -1;
	/* What each scan read (null: -1, as on_record() has it). */
	if (kind == STORE_X_SCANS && !v[c->sdev].null && v[c->sdev].i >= 0)
		return hubstore_import_scan(c->im, v[c->sdev].i, v[0].i,
		    v[c->sparts].null ? -1 : v[c->sparts].i, e);
	return 0;
}

/* Column name's index among kind's. */
static int
col_index(int kind, const char *name)
{
	const char *const	*cols = payload_columns(kind);
	size_t			 n = strlen(name);
	int			 i;

	for (i = 0; cols[i] != NULL; i++)
		if (strncmp(cols[i], name, n) == 0 && cols[i][n] == ':')
			return i;
	fa_bug("import: no column %s", name);
}

int
hub_import(struct hubstore *hs, const char *path, const struct key_pub *hub,
    const struct key_secret *box, int64_t now, struct hub_import_result *res,
    struct fa_err *e)
{
	struct bundle_reader		*r = NULL;
	const struct bundle_manifest	*m;
	struct hubstore_bundle		 b;
	struct ictx			 c;
	struct key_pub			 trusted;
	struct fa_err			 e2;
	char				*pk = NULL, *account = NULL;
	char				*manifest = NULL;
	int64_t				 last = 0, total = 0;
	size_t				 i;
	int				 k, x, rc = -1;
	unsigned			 rows;

	memset(res, 0, sizeof(*res));
	memset(&c, 0, sizeof(c));
	key_fingerprint(hub, res->hub);
	res->imported = now;
	if (bundle_open(path, NULL, &r, e) != 0)
		goto out;
	m = bundle_manifest(r);
	fa_strlcpy(res->bundle_id, m->id, sizeof(res->bundle_id));
	bundle_hash_hex(m->payload_hash, res->hash);
	fa_strlcpy(res->collector, m->collector_fp, sizeof(res->collector));
	res->sequence = m->sequence;
	if (strcmp(m->hub_fp, res->hub) != 0) {
		fa_errf(e, "bundle '%s' is not for this hub: it is for hub %s, "
		    "this is %s", path, m->hub_fp, res->hub);
		goto out;
	}
	x = hubstore_collector_find(hs, m->collector_fp, &pk, &account, e);
	if (x == -1)
		goto out;
	if (x == 1 || key_pub_parse(pk, strlen(pk), &trusted, &e2) != 0 ||
	    !key_pub_equal(&trusted, &m->collector)) {
		fa_errf(e, "bundle '%s' comes from an unknown collector %s "
		    "(not trusted by this hub: 'fleetaudit hub trust add')",
		    path, m->collector_fp);
		goto out;
	}
	fa_strlcpy(res->account, account, sizeof(res->account));
	/* The manifest's kinds must be the payload's. */
	for (i = 0; i < m->nkinds; i++)
		if (payload_kind(m->kinds[i]) == -1) {
			fa_errf(e, "bundle '%s': schema error: unknown record "
			    "kind '%s' in the manifest", path, m->kinds[i]);
			goto out;
		}
	manifest = bundle_manifest_format(m);
	memset(&b, 0, sizeof(b));
	b.bundle_id = m->id;
	b.fingerprint = m->collector_fp;
	b.public_key = pk;
	b.account = account;
	b.hash = res->hash;
	b.manifest = manifest;
	b.sequence = m->sequence;
	b.created = m->created;
	b.after_scan = m->after_scan;
	b.upto_scan = m->upto_scan;
	x = hubstore_import_begin(hs, &b, now, &c.im, &last, e);
	if (x == -1)
		goto out;
	if (x == HUBSTORE_ALREADY) {
		/* The receipt of the first import, whoever made it (another
		 * process may not have written its file yet): its time from
		 * the store, its counts the manifest's, which that import
		 * checked; the signature is deterministic, so the same. */
		res->already = 1;
		if (hubstore_bundle_imported(hs, m->id, &res->imported,
		    e) != 0)
			goto out;
		for (i = 0; i < m->nkinds; i++)
			res->counts[payload_kind(m->kinds[i])] = m->counts[i];
		rc = 0;
		goto out;
	}
	if (x == HUBSTORE_REPLAY) {
		fa_errf(e, "bundle '%s' is a replay or older: sequence %lld, "
		    "and collector %s's bundles were imported up to sequence "
		    "%lld", path, (long long)m->sequence, m->collector_fp,
		    (long long)last);
		goto out;
	}
	c.r = r;
	c.res = res;
	if (bundle_decrypt_begin(r, box, e) != 0)
		goto out;
	/* Every kind with a table of its own as plain values (on_row());
	 * devices (their JSON kept) and "seen" records as objects. */
	rows = 0;
	for (k = 0; k < PAYLOAD_NKINDS; k++)
		if (k != STORE_X_DEVICES && k != STORE_X_SEEN)
			rows |= 1u << k;
	c.sdev = col_index(STORE_X_SCANS, "device_id");
	c.sparts = col_index(STORE_X_SCANS, "parts");
	if (payload_read_rows(rd, &c, m->payload_size, NULL, on_record, on_row,
	    rows, &c, res->counts, &e2) != 0) {
		fa_errf(e, "bundle '%s' refused: %s", path, e2.msg);
		goto out;
	}
	for (k = 0; k < PAYLOAD_NKINDS; k++) {
		int64_t want = 0;

		for (i = 0; i < m->nkinds; i++)
			if (strcmp(m->kinds[i], payload_kinds[k]) == 0)
				want = m->counts[i];
		if (want != res->counts[k]) {
			fa_errf(e, "bundle '%s': schema error: %lld %s records, "
			    "the manifest says %lld", path,
			    (long long)res->counts[k], payload_kinds[k],
			    (long long)want);
			goto out;
		}
		total += res->counts[k];
	}
	x = hubstore_import_commit(c.im, total, &res->seen_missing, e);
	c.im = NULL;
	if (x != 0)
		goto out;
	rc = 0;
out:
	hubstore_import_abort(c.im);
	bundle_close(r);
	free(manifest);
	free(pk);
	free(account);
	return rc;
}

char *
hub_receipt_json(const struct hub_import_result *r)
{
	json_object	*o = json_object_new_object(), *c;
	char		 ts[32], *s;
	int		 k;

	json_object_object_add(o, "bundle_id",
	    json_object_new_string(r->bundle_id));
	json_object_object_add(o, "bundle_hash",
	    json_object_new_string(r->hash));
	json_object_object_add(o, "sequence",
	    json_object_new_int64(r->sequence));
	json_object_object_add(o, "collector",
	    json_object_new_string(r->collector));
	json_object_object_add(o, "account",
	    json_object_new_string(r->account));
	json_object_object_add(o, "hub", json_object_new_string(r->hub));
	fa_iso8601(r->imported, ts, sizeof(ts));
	json_object_object_add(o, "imported", json_object_new_string(ts));
	/* What the hub did with the bundle, the same for every copy. */
	json_object_object_add(o, "status", json_object_new_string(
	    "imported"));
	c = json_object_new_object();
	for (k = 0; k < PAYLOAD_NKINDS; k++)
		json_object_object_add(c, payload_kinds[k],
		    json_object_new_int64(r->counts[k]));
	json_object_object_add(o, "records", c);
	s = fa_strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}
