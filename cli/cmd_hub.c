/*
 * cmd_hub.c: "fleetaudit hub": the dealer's hub directory and the
 * collectors it trusts.
 *
 *	HUB/hub-encrypt.key	X25519 secret key (0600, optionally sealed)
 *	HUB/hub-sign.key	Ed25519 secret key (0600, optionally sealed)
 *	HUB/hub.pub		both public keys, one line
 *	HUB/hub.db		the central store (export/hub/hubstore.c)
 *
 * "hub init" builds all of it in a fresh temporary directory beside HUB
 * (mkdtemp(3): 0700) and renames that into place last, so HUB is either
 * absent (or still empty) or a complete hub: never keys without a store,
 * or a store whose keys were lost half way.  An existing hub is never
 * replaced: its secret keys are what opens every bundle sent to it.
 *
 * Every other subcommand works on --hub DIR, else FLEETAUDIT_HUB, else the
 * current directory, and needs HUB/hub.db to exist.  "hub import" opens
 * the secret keys (with their passphrase), imports each bundle in one
 * transaction (export/hub/import.c) and writes a receipt signed by the hub
 * for each one imported, HUB/receipts/BUNDLE-ID.receipt, to carry back
 * to the site ("fleetaudit bundle check-receipt").  "hub report" makes the
 * report of "fleetaudit report" (cmd_report_run()) from one account's
 * imported data (export/hub/hubreport.c).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "../export/hub/hubdb.h"
#include "../export/hub/hubreport.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/import.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

#define HUB_ENC_KEY	"hub-encrypt.key"
#define HUB_SIGN_KEY	"hub-sign.key"
#define HUB_PUB		"hub.pub"
#define HUB_DB		"hub.db"
#define HUB_RECEIPTS	"receipts"
#define IMPORT_DIR_MAX	100000	/* bundles taken from one directory */

/* The hub directory of every subcommand but init; caller frees. */
static char *
hub_dir(const struct settings *s)
{
	const char	*env = getenv("FLEETAUDIT_HUB");

	if (s->hub != NULL)
		return fa_strdup(s->hub);
	if (env != NULL && *env != '\0')
		return fa_strdup(env);
	return fa_strdup(".");
}

static int
only(int given, const char *opt, const char *where)
{
	if (!given)
		return 0;
	return cmd_fail(EXIT_USAGE, "%s applies to %s only", opt, where);
}

/* Empties and removes the temporary directory of a failed init. */
static void
remove_tmp(const char *dir)
{
	DIR		*d;
	struct dirent	*de;
	char		*p;

	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			p = fa_asprintf("%s/%s", dir, de->d_name);
			(void)unlink(p);
			free(p);
		}
		closedir(d);
	}
	(void)rmdir(dir);
}

/* Whether dir may become a hub: absent, or an empty directory. */
static int
init_target(const char *dir)
{
	struct stat	 sb;
	DIR		*d;
	struct dirent	*de;
	char		*p;
	int		 empty = 1, hub;

	if (lstat(dir, &sb) == -1) {
		if (errno == ENOENT)
			return 0;
		return cmd_fail(EXIT_FAIL, "cannot create hub '%s': %s", dir,
		    strerror(errno));
	}
	if (!S_ISDIR(sb.st_mode))
		return cmd_fail(EXIT_FAIL, "cannot create hub '%s': it exists "
		    "and is not a directory", dir);
	p = fa_asprintf("%s/%s", dir, HUB_DB);
	hub = lstat(p, &sb) == 0;
	free(p);
	if (hub)
		return cmd_fail(EXIT_FAIL, "a hub already exists in '%s' (a "
		    "hub is never replaced: its secret keys open what was "
		    "sent to it)", dir);
	if ((d = opendir(dir)) == NULL)
		return cmd_fail(EXIT_FAIL, "cannot create hub '%s': %s", dir,
		    strerror(errno));
	while (empty && (de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	if (!empty)
		return cmd_fail(EXIT_FAIL, "cannot create hub '%s': the "
		    "directory is not empty", dir);
	return 0;
}

static int
hub_init(struct settings *s, const struct strv *pos)
{
	struct key_secret	*enc = NULL, *sign = NULL;
	struct key_pass		*pass = NULL;
	struct hubstore		*hs = NULL;
	struct key_pub		 pub;
	struct fa_err		 e;
	char			*dir = NULL, *tmp = NULL, *p = NULL, *parent;
	char			*slash, *conf = NULL, *named = NULL;
	char			 fp[KEY_FP_LEN + 1];
	const char		*env = getenv("FLEETAUDIT_HUB");
	size_t			 n;
	int			 rc, fd;

	if (pos->n > 2) {
		rc = cmd_fail(EXIT_USAGE, "hub init takes one DIR");
		goto out;
	}
	if (pos->n == 2)
		dir = fa_strdup(pos->v[1]);
	else if (s->hub != NULL)
		dir = fa_strdup(s->hub);
	else if (env != NULL && *env != '\0')
		dir = fa_strdup(env);
	else {
		rc = cmd_fail(EXIT_USAGE, "hub init needs DIR (or --hub DIR, "
		    "or FLEETAUDIT_HUB)");
		goto out;
	}
	if ((rc = only(s->json, "--json", "'hub show' and "
	    "'hub trust list'")) != 0 ||
	    (rc = only(s->account != NULL, "--account",
	    "'hub trust add'")) != 0)
		goto out;
	/* "hub/" is "hub": the temporary directory goes beside it. */
	for (n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	if (s->store != NULL && hubdb_pg_check(s->store, &e) != 1) {
		rc = cmd_fail(EXIT_USAGE, "--store: %s", e.msg[0] != '\0' ?
		    e.msg : "not a PostgreSQL connection string "
		    "(postgresql://HOST/DB or key=value ...)");
		goto out;
	}
	if (s->store != NULL)
		conf = fa_asprintf("%s\n", s->store);
	if ((rc = init_target(dir)) != 0 ||
	    (rc = cmd_passphrase(s, &pass)) != 0)
		goto out;
	rc = EXIT_FAIL;
	tmp = fa_asprintf("%s.init-XXXXXX", dir);
	if (mkdtemp(tmp) == NULL) {
		cmd_fail(rc, "cannot create hub '%s': %s", dir,
		    strerror(errno));
		FA_FREE(tmp);
		goto out;
	}
	if (key_secret_generate(KEY_X25519, &enc, &e) != 0 ||
	    key_secret_generate(KEY_ED25519, &sign, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	memset(&pub, 0, sizeof(pub));
	pub.kind = KEY_HUB;
	memcpy(pub.box, key_secret_public(enc), KEY_BYTES);
	memcpy(pub.sign, key_secret_public(sign), KEY_BYTES);
	cmd_key_comment(&pub, "hub");
#define TMP(name)	(free(p), p = fa_asprintf("%s/%s", tmp, name))
	if (key_secret_write(TMP(HUB_ENC_KEY), enc, pass, NULL, 0, &e) != 0 ||
	    key_secret_write(TMP(HUB_SIGN_KEY), sign, pass, NULL, 0,
	    &e) != 0 ||
	    key_pub_write(TMP(HUB_PUB), &pub, 0, &e) != 0 ||
	    (s->store != NULL && (key_put_file(TMP(HUBSTORE_CONF),
	    "store address", conf, strlen(conf), 0600, 0, &e) != 0 ||
	    hubstore_create(s->store, &hs, &e) != 0)) ||
	    (s->store == NULL && hubstore_create(TMP(HUB_DB), &hs,
	    &e) != 0)) {
		cmd_fail(rc, "cannot create hub '%s': %s", dir, e.msg);
		goto out;
	}
#undef TMP
	named = fa_strdup(hubstore_path(hs));
	hubstore_close(hs);
	hs = NULL;
	/* Onto an absent or empty directory only (ENOTEMPTY otherwise). */
	if (rename(tmp, dir) == -1) {
		cmd_fail(rc, "cannot create hub '%s': %s", dir,
		    strerror(errno));
		goto out;
	}
	FA_FREE(tmp);
	/* The new name lasts once the parent directory is on disk. */
	parent = fa_strdup(dir);
	if ((slash = strrchr(parent, '/')) == NULL)
		fa_strlcpy(parent, ".", strlen(parent) + 1);
	else if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(parent);
	key_fingerprint(&pub, fp);
	printf("encryption key  %s/%s (X25519, mode 0600%s)\n", dir,
	    HUB_ENC_KEY, pass != NULL ? ", passphrase-protected" : "");
	printf("signing key     %s/%s (Ed25519, mode 0600%s)\n", dir,
	    HUB_SIGN_KEY, pass != NULL ? ", passphrase-protected" : "");
	printf("public keys     %s/%s\n", dir, HUB_PUB);
	if (s->store != NULL)
		printf("central store   %s (PostgreSQL; address in %s/%s)\n",
		    named, dir, HUBSTORE_CONF);
	else
		printf("central store   %s/%s\n", dir, HUB_DB);
	printf("fingerprint     %s\n", fp);
	if (!s->quiet)
		fprintf(stderr, "next: give %s to each collector ('fleetaudit "
		    "keys trust-hub %s') and read them the fingerprint\n",
		    HUB_PUB, HUB_PUB);
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	if (tmp != NULL)
		remove_tmp(tmp);
	key_secret_free(enc);
	key_secret_free(sign);
	free(conf);
	free(named);
	key_pass_free(pass);
	free(tmp);
	free(dir);
	free(p);
	return rc;
}

/* Opens dir's store; prints the error (1) when there is no hub. */
static int
hub_open(const char *dir, struct hubstore **hs)
{
	struct fa_err	 e;

	if (hubstore_open_hub(dir, hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int
hub_show(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore			*hs = NULL;
	struct hubstore_trustrow	*rows = NULL;
	struct key_pub			 pub;
	struct fa_err			 e;
	char				*hp, fp[KEY_FP_LEN + 1];
	size_t				 n = 0, i;
	int				 rc;

	hp = fa_asprintf("%s/%s", dir, HUB_PUB);
	if (pos->n != 1) {
		rc = cmd_fail(EXIT_USAGE, "hub show takes no arguments");
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (key_pub_read(hp, KEY_HUB, &pub, &e) != 0 ||
	    hubstore_trust_list(hs, &rows, &n, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	key_fingerprint(&pub, fp);
	if (s->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "public_key",
		    json_object_new_string(hp));
		json_object_object_add(o, "fingerprint",
		    json_object_new_string(fp));
		json_object_object_add(o, "comment", pub.comment[0] ?
		    json_object_new_string(pub.comment) : NULL);
		json_object_object_add(o, "store",
		    json_object_new_string(hubstore_path(hs)));
		json_object_object_add(o, "collectors",
		    json_object_new_int64((int64_t)n));
		json_print(o);
		json_object_put(o);
	} else {
		printf("public keys  %s\n", hp);
		printf("fingerprint  %s\n", fp);
		printf("comment      %s\n", pub.comment[0] ? pub.comment : "-");
		printf("store        %s\n", hubstore_path(hs));
		printf("collectors   %zu trusted\n", n);
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubstore_trustrow_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	free(hp);
	return rc;
}

static int
trust_add(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore	*hs = NULL;
	struct key_pub	 pub;
	struct fa_err	 e;
	char		*line = NULL, fp[KEY_FP_LEN + 1];
	int		 rc, added;

	if (pos->n != 3) {
		rc = cmd_fail(EXIT_USAGE, "hub trust add needs one "
		    "COLLECTOR.pub file");
		goto out;
	}
	if (s->account == NULL) {
		rc = cmd_fail(EXIT_USAGE, "hub trust add needs --account NAME "
		    "(the customer the collector's data belong to)");
		goto out;
	}
	if (hubstore_account_check(s->account, &e) != 0 ||
	    (s->site_name != NULL &&
	    hubstore_site_name_check(s->site_name, &e) != 0) ||
	    key_pub_read(pos->v[2], KEY_COLLECTOR, &pub, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0)
		goto out;
	key_fingerprint(&pub, fp);
	line = key_pub_format(&pub);
	line[strcspn(line, "\n")] = '\0';
	added = hubstore_trust_add(hs, fp, line, pub.comment, s->account,
	    fa_wall(), &e);
	if (added == -1 || (added >= 0 && s->site_name != NULL &&
	    hubstore_site_name(hs, fp, s->site_name, &e) < 0)) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->site_name != NULL && !s->quiet)
		fprintf(stderr, "site name: %s\n", s->site_name);
	printf("collector %s %s for account '%s'%s%s\n", fp, added == 0 ?
	    "trusted" : "is already trusted", s->account,
	    pub.comment[0] ? ": " : "", pub.comment);
	if (added == 0 && !s->quiet)
		fprintf(stderr, "check: the site reads the same fingerprint "
		    "from 'fleetaudit keys show'\n");
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	free(line);
	return rc;
}

static int
trust_list(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore			*hs = NULL;
	struct hubstore_trustrow	*rows = NULL;
	struct fa_err			 e;
	size_t				 n = 0, i;
	char				 ts[32];
	int				 rc;

	if (pos->n != 2) {
		rc = cmd_fail(EXIT_USAGE, "hub trust list takes no arguments");
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0)
		goto out;
	if (hubstore_trust_list(hs, &rows, &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->json) {
		json_object *a = json_object_new_array();

		for (i = 0; i < n; i++) {
			json_object *o = json_object_new_object();

			json_object_object_add(o, "fingerprint",
			    json_object_new_string(rows[i].fingerprint));
			json_object_object_add(o, "account",
			    json_object_new_string(rows[i].account));
			fa_iso8601(rows[i].added, ts, sizeof(ts));
			json_object_object_add(o, "added",
			    json_object_new_string(ts));
			json_object_object_add(o, "comment",
			    rows[i].comment ?
			    json_object_new_string(rows[i].comment) : NULL);
			json_object_object_add(o, "public_key",
			    json_object_new_string(rows[i].public_key));
			json_object_object_add(o, "name", rows[i].name ?
			    json_object_new_string(rows[i].name) : NULL);
			json_object_array_add(a, o);
		}
		json_print(a);
		json_object_put(a);
	} else {
		printf("%-19s  %-20s %-20s  %s\n", "FINGERPRINT", "ACCOUNT",
		    "ADDED", "COMMENT");
		for (i = 0; i < n; i++) {
			fa_iso8601(rows[i].added, ts, sizeof(ts));
			printf("%-19s  %-20s %-20s  %s\n", rows[i].fingerprint,
			    rows[i].account, ts, rows[i].comment ?
			    rows[i].comment : "-");
		}
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubstore_trustrow_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}

static int
trust_remove(const struct strv *pos, const char *dir)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	char		 fp[KEY_FP_LEN + 1], *account = NULL;
	int		 rc, r;

	if (pos->n != 3) {
		rc = cmd_fail(EXIT_USAGE, "hub trust remove needs one "
		    "FINGERPRINT");
		goto out;
	}
	if (key_fingerprint_parse(pos->v[2], fp, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0)
		goto out;
	if ((r = hubstore_trust_remove(hs, fp, fa_wall(), &account,
	    &e)) == -1) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (r == 1) {
		rc = cmd_fail(EXIT_USAGE, "no trusted collector has "
		    "fingerprint %s (see 'fleetaudit hub trust list')", fp);
		goto out;
	}
	printf("collector %s is no longer trusted (account '%s')\n", fp,
	    account);
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	free(account);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A bundle to import, with what orders it. */
struct ifile {
	char	*path;
	char	 collector[KEY_FP_LEN + 1];	/* "" when unreadable */
	int64_t	 sequence;
	size_t	 given;				/* its place as given */
};

/* By collector, then sequence; unreadable ones last, as given. */
static int
ifile_cmp(const void *a, const void *b)
{
	const struct ifile	*x = a, *y = b;
	int			 c;

	if ((x->collector[0] == '\0') != (y->collector[0] == '\0'))
		return x->collector[0] == '\0' ? 1 : -1;
	if ((c = strcmp(x->collector, y->collector)) != 0)
		return c;
	if (x->sequence != y->sequence)
		return x->sequence < y->sequence ? -1 : 1;
	return x->given < y->given ? -1 : x->given > y->given;
}

/* Orders files by collector and sequence number (their manifests, not
 * yet checked: hub_import() checks everything), so that bundles given in
 * any order import in the order they were written. */
static void
order_bundles(char **files, size_t n)
{
	struct ifile		*v = fa_calloc(n + 1, sizeof(*v));
	struct bundle_manifest	 m;
	struct fa_err		 e;
	size_t			 i;

	for (i = 0; i < n; i++) {
		v[i].path = files[i];
		v[i].given = i;
		if (bundle_peek(files[i], &m, &e) == 0) {
			fa_strlcpy(v[i].collector, m.collector_fp,
			    sizeof(v[i].collector));
			v[i].sequence = m.sequence;
		}
	}
	qsort(v, n, sizeof(*v), ifile_cmp);
	for (i = 0; i < n; i++)
		files[i] = v[i].path;
	free(v);
}

/*
 * The collectors whose bundle was refused in this run: their later
 * bundles are not imported, or the refused one could never follow them
 * (a sequence below the collector's last is a replay).  Known from the
 * manifest as written, unchecked: at worst a forged one holds back
 * another collector's bundles until the next run.
 */
struct refused {
	char	fp[KEY_FP_LEN + 1];
};

static struct refused *
refused_add(struct refused *v, size_t *n, const char *path)
{
	struct bundle_manifest	m;
	struct fa_err		e;

	if (bundle_peek(path, &m, &e) != 0)
		return v;
	v = fa_reallocarray(v, *n + 1, sizeof(*v));
	fa_strlcpy(v[(*n)++].fp, m.collector_fp, sizeof(v->fp));
	return v;
}

/* The collector of path when it is one of v's, else NULL. */
static const char *
after_refused(const char *path, const struct refused *v, size_t n)
{
	struct bundle_manifest	m;
	struct fa_err		e;
	size_t			i;

	if (n == 0 || bundle_peek(path, &m, &e) != 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].fp, m.collector_fp) == 0)
			return v[i].fp;
	return NULL;
}

/* The bundles of a directory: its regular "*.bundle" files, by name. */
static int
dir_bundles(const char *dir, char ***out, size_t *n)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		**v = NULL, *p;
	size_t		 nv = 0, len;

	*out = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return cmd_fail(EXIT_USAGE, "cannot read '%s': %s", dir,
		    strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 8 || strcmp(de->d_name + len - 7, ".bundle") != 0)
			continue;
		p = fa_asprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &sb) != 0 || !S_ISREG(sb.st_mode) ||
		    nv >= IMPORT_DIR_MAX) {
			free(p);
			continue;
		}
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		v[nv++] = p;
	}
	closedir(d);
	if (nv > 0)
		qsort(v, nv, sizeof(*v), name_cmp);
	*out = v;
	*n = nv;
	return 0;
}

/* Writes HUB/receipts/ID.receipt; prints the error (1). */
static int
write_receipt(const char *dir, const struct key_secret *sign,
    const struct hub_import_result *r, char **path)
{
	struct fa_err	 e;
	char		*json, *text = NULL, *rd;
	int		 rc = 0;

	rd = fa_asprintf("%s/%s", dir, HUB_RECEIPTS);
	*path = fa_asprintf("%s/%s.receipt", rd, r->bundle_id);
	json = hub_receipt_json(r);
	if (mkdir(rd, 0755) == -1 && errno != EEXIST)
		rc = cmd_fail(EXIT_FAIL, "cannot create '%s': %s", rd,
		    strerror(errno));
	else if (bundle_receipt_sign(sign, json, &text, &e) != 0 ||
	    key_put_file(*path, "receipt", text, strlen(text), 0644, 1,
	    &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	free(json);
	free(text);
	free(rd);
	return rc;
}

static int
hub_import_cmd(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore			*hs = NULL;
	struct key_secret		*box = NULL, *sign = NULL;
	struct key_pass			*pass = NULL;
	struct key_pub			 pub;
	struct hub_import_result	 r;
	struct fa_err			 e;
	struct stat			 sb;
	char				**files = NULL, *p, *rp = NULL;
	struct refused			*refused = NULL;
	const char			*fp;
	size_t				 nfiles = 0, nrefused = 0, i, k;
	int				 rc, failed = 0, done = 0, again = 0;

	if (pos->n < 2) {
		rc = cmd_fail(EXIT_USAGE, "hub import needs bundle FILEs or a "
		    "DIR of them");
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0 ||
	    (rc = cmd_passphrase(s, &pass)) != 0)
		goto out;
	rc = EXIT_FAIL;
	p = fa_asprintf("%s/%s", dir, HUB_PUB);
	k = key_pub_read(p, KEY_HUB, &pub, &e) != 0;
	free(p);
	if (k) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	p = fa_asprintf("%s/%s", dir, HUB_ENC_KEY);
	k = key_secret_read(p, pass, &box, NULL, &e) != 0;
	free(p);
	if (!k) {
		p = fa_asprintf("%s/%s", dir, HUB_SIGN_KEY);
		k = key_secret_read(p, pass, &sign, NULL, &e) != 0;
		free(p);
	}
	if (k) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (memcmp(key_secret_public(box), pub.box, KEY_BYTES) != 0 ||
	    memcmp(key_secret_public(sign), pub.sign, KEY_BYTES) != 0) {
		cmd_fail(rc, "the hub's secret keys in '%s' do not match its "
		    "hub.pub", dir);
		goto out;
	}
	for (i = 1; i < pos->n; i++) {
		if (stat(pos->v[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			char	**v;
			size_t	  nv;

			if ((rc = dir_bundles(pos->v[i], &v, &nv)) != 0)
				goto out;
			files = fa_reallocarray(files, nfiles + nv + 1,
			    sizeof(*files));
			memcpy(files + nfiles, v, nv * sizeof(*v));
			nfiles += nv;
			free(v);
		} else {
			files = fa_reallocarray(files, nfiles + 1,
			    sizeof(*files));
			files[nfiles++] = fa_strdup(pos->v[i]);
		}
	}
	order_bundles(files, nfiles);
	for (i = 0; i < nfiles; i++) {
		int64_t total = 0;

		if ((fp = after_refused(files[i], refused, nrefused)) !=
		    NULL) {
			cmd_fail(EXIT_FAIL, "bundle '%s' not imported: an "
			    "earlier bundle of collector %s was refused (its "
			    "bundles go in order: import again once that one "
			    "is fixed)", files[i], fp);
			failed++;
			continue;
		}
		if (hub_import(hs, files[i], &pub, box, fa_wall(), &r,
		    &e) != 0) {
			cmd_fail(EXIT_FAIL, "%s", e.msg);
			failed++;
			refused = refused_add(refused, &nrefused, files[i]);
			continue;
		}
		if (r.already) {
			printf("already imported: %s (bundle %s, sequence %lld "
			    "from %s)\n", files[i], r.bundle_id,
			    (long long)r.sequence, r.collector);
			again++;
			continue;
		}
		for (k = 0; k < PAYLOAD_NKINDS; k++)
			total += r.counts[k];
		FA_FREE(rp);
		if (write_receipt(dir, sign, &r, &rp) != 0) {
			failed++;
			continue;
		}
		done++;
		printf("imported: %s (bundle %s, sequence %lld from %s, "
		    "account '%s': %lld records, %lld seen unchanged)\n",
		    files[i], r.bundle_id, (long long)r.sequence, r.collector,
		    r.account, (long long)total,
		    (long long)r.counts[STORE_X_SEEN]);
		if (r.seen_missing > 0 && !s->quiet)
			fprintf(stderr, "note: %s: %lld seen records name rows "
			    "this hub does not have (an earlier bundle was "
			    "not imported?)\n", files[i],
			    (long long)r.seen_missing);
		printf("receipt: %s\n", rp);
	}
	if (!s->quiet)
		fprintf(stderr, "hub import: %zu bundles: %d imported, %d "
		    "already imported, %d refused\n", nfiles, done, again,
		    failed);
	rc = failed > 0 ? EXIT_FAIL : EXIT_OK;
out:
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(refused);
	free(files);
	free(rp);
	key_secret_free(box);
	key_secret_free(sign);
	key_pass_free(pass);
	hubstore_close(hs);
	return rc;
}

static int
hub_devices(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore		*hs = NULL;
	struct hubstore_devrow	*rows = NULL;
	struct fa_err		 e;
	size_t			 n = 0, i;
	char			 ts[32];
	int			 rc;

	if (pos->n != 1) {
		rc = cmd_fail(EXIT_USAGE, "hub devices takes no arguments");
		goto out;
	}
	if (s->account == NULL) {
		rc = cmd_fail(EXIT_USAGE, "hub devices needs --account NAME");
		goto out;
	}
	if (hubstore_account_check(s->account, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0)
		goto out;
	if (hubstore_devices(hs, s->account, &rows, &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (s->json) {
		json_object *a = json_object_new_array();

		for (i = 0; i < n; i++) {
			json_object *o = json_object_new_object();

#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
			json_object_object_add(o, "collector",
			    JS(rows[i].collector));
			json_object_object_add(o, "id",
			    json_object_new_int64(rows[i].src_id));
			json_object_object_add(o, "address",
			    JS(rows[i].address));
			json_object_object_add(o, "vendor", JS(rows[i].vendor));
			json_object_object_add(o, "model", JS(rows[i].model));
			json_object_object_add(o, "serial", JS(rows[i].serial));
			json_object_object_add(o, "mac", JS(rows[i].mac));
#undef JS
			fa_iso8601(rows[i].last_seen, ts, sizeof(ts));
			json_object_object_add(o, "last_seen",
			    json_object_new_string(ts));
			json_object_array_add(a, o);
		}
		json_print(a);
		json_object_put(a);
	} else {
		int	w = 16;	/* a masked address is longer */

		for (i = 0; i < n; i++)
			if (rows[i].address != NULL &&
			    (int)strlen(rows[i].address) > w)
				w = (int)strlen(rows[i].address) > 48 ? 48 :
				    (int)strlen(rows[i].address);
		printf("%-19s %5s %-*s %-12s %-24s %-16s %s\n", "COLLECTOR",
		    "ID", w, "ADDRESS", "VENDOR", "MODEL", "SERIAL",
		    "LAST SEEN");
		for (i = 0; i < n; i++) {
#define S(x)	((x) != NULL ? (x) : "-")
			fa_iso8601(rows[i].last_seen, ts, sizeof(ts));
			printf("%-19s %5lld %-*.48s %-12.12s %-24.24s %-16.40s "
			    "%s\n", rows[i].collector,
			    (long long)rows[i].src_id, w, S(rows[i].address),
			    S(rows[i].vendor), S(rows[i].model),
			    S(rows[i].serial), ts);
#undef S
		}
	}
	rc = EXIT_OK;
out:
	for (i = 0; i < n; i++)
		hubstore_devrow_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}

/* hub report's source: the account's data in dir's hub store. */
struct hub_src {
	const char	*dir, *account;
	struct hubstore	*hs;
};

static int
hub_src_open(void *arg, char **name)
{
	struct hub_src	*h = arg;
	int		 rc;

	if ((rc = hub_open(h->dir, &h->hs)) != 0)
		return rc;
	*name = fa_asprintf("hub account %s", h->account);
	return 0;
}

static int
hub_src_scan(void *arg, int64_t from, int64_t to, int64_t lead,
    store_rdev_cb *cb, void *cbarg, struct fa_err *e)
{
	struct hub_src	*h = arg;

	return hubreport_scan(h->hs, h->account, from, to, lead, cb, cbarg,
	    e);
}

static void
hub_src_close(void *arg)
{
	struct hub_src	*h = arg;

	hubstore_close(h->hs);
	h->hs = NULL;
}

static int
hub_report(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hub_src	 h = { dir, s->account, NULL };
	struct cmd_report_source rs = { hub_src_open, hub_src_scan,
		hub_src_close, &h };
	struct fa_err	 e;

	if (pos->n != 1)
		return cmd_fail(EXIT_USAGE, "hub report takes no arguments "
		    "(use --xlsx FILE, --html FILE or --csv DIR)");
	if (s->account == NULL)
		return cmd_fail(EXIT_USAGE, "hub report needs --account NAME");
	if (hubstore_account_check(s->account, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	return cmd_report_run(s, "hub report", &rs);
}

static int
hub_trust(struct settings *s, const struct strv *pos, const char *dir)
{
	const char	*sub = pos->n > 1 ? pos->v[1] : "";
	int		 rc;

	if (strcmp(sub, "add") != 0 &&
	    (rc = only(s->account != NULL, "--account",
	    "'hub trust add'")) != 0)
		return rc;
	if (strcmp(sub, "list") != 0 &&
	    (rc = only(s->json, "--json", "'hub show' and "
	    "'hub trust list'")) != 0)
		return rc;
	if (strcmp(sub, "add") != 0 &&
	    (rc = only(s->site_name != NULL, "--name",
	    "'hub trust add'")) != 0)
		return rc;
	if (strcmp(sub, "add") == 0)
		return trust_add(s, pos, dir);
	if (strcmp(sub, "list") == 0)
		return trust_list(s, pos, dir);
	if (strcmp(sub, "remove") == 0)
		return trust_remove(pos, dir);
	if (*sub == '\0')
		return cmd_fail(EXIT_USAGE, "hub trust needs add, list or "
		    "remove (see 'fleetaudit help hub')");
	return cmd_fail(EXIT_USAGE, "unknown hub trust subcommand '%s' (add, "
	    "list, remove)", sub);
}

static void
migrated(void *arg, const char *table, int64_t rows)
{
	const struct settings	*s = arg;

	if (!s->quiet)
		fprintf(stderr, "hub migrate: %-16s %lld rows copied, counts "
		    "equal\n", table, (long long)rows);
}

/*
 * "hub migrate --to CONNINFO": the SQLite store copied into PostgreSQL
 * (hubstore_migrate()), then DIR/store.conf names the new store.  hub.db
 * stays as it was, unused: the way back is to remove store.conf.
 */
static int
hub_migrate(struct settings *s, const struct strv *pos, const char *dir)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	char		*conf = NULL, *path = NULL;
	int		 rc;

	if (pos->n != 1)
		return cmd_fail(EXIT_USAGE, "hub migrate takes no arguments "
		    "(--to CONNINFO)");
	if (s->to == NULL)
		return cmd_fail(EXIT_USAGE, "hub migrate needs --to "
		    "postgresql://HOST/DB");
	if (hubdb_pg_check(s->to, &e) != 1)
		return cmd_fail(EXIT_USAGE, "--to: %s", e.msg[0] != '\0' ?
		    e.msg : "not a PostgreSQL connection string "
		    "(postgresql://HOST/DB or key=value ...)");
	if ((rc = hub_open(dir, &hs)) != 0)
		return rc;
	rc = EXIT_FAIL;
	if (hubstore_migrate(hs, s->to, migrated, s, &e) != 0) {
		cmd_fail(rc, "cannot migrate hub '%s': %s", dir, e.msg);
		goto out;
	}
	conf = fa_asprintf("%s\n", s->to);
	path = fa_asprintf("%s/%s", dir, HUBSTORE_CONF);
	if (key_put_file(path, "store address", conf, strlen(conf), 0600, 0,
	    &e) != 0) {
		cmd_fail(rc, "the store was copied but the hub still uses "
		    "%s/%s: %s", dir, HUB_DB, e.msg);
		goto out;
	}
	printf("hub '%s' now keeps its store in %s (address in %s); %s/%s "
	    "is kept as it was, unused\n", dir, s->to, path, dir, HUB_DB);
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	free(conf);
	free(path);
	return rc;
}

/*
 * "hub user", "meters", "supplies", "attention" and "account" parse
 * options of their own (cmd_hub_user.c, cmd_hub_meters.c,
 * cmd_hub_supplies.c, cmd_hub_attention.c, cmd_hub_account.c): each
 * gets the arguments from its name on, with the general options given
 * before it (--hub DIR, -q) moved after.  -1 when this is none of them.
 */
static int
user_cmd(int argc, char *argv[])
{
	char	**v;
	int	  i, j, n, rc;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--hub") == 0 && i + 1 < argc)
			i++;
		else if (strncmp(argv[i], "--hub=", 6) != 0 &&
		    strcmp(argv[i], "-q") != 0 &&
		    strcmp(argv[i], "--quiet") != 0)
			break;
	}
	if (i >= argc || (strcmp(argv[i], "user") != 0 &&
	    strcmp(argv[i], "meters") != 0 &&
	    strcmp(argv[i], "supplies") != 0 &&
	    strcmp(argv[i], "attention") != 0 &&
	    strcmp(argv[i], "account") != 0 &&
	    strcmp(argv[i], "rdl") != 0))
		return -1;
	v = fa_reallocarray(NULL, (size_t)argc + 1, sizeof(*v));
	n = 0;
	for (j = i; j < argc; j++)
		v[n++] = argv[j];
	for (j = 1; j < i; j++)
		v[n++] = argv[j];
	v[n] = NULL;
	rc = strcmp(v[0], "user") == 0 ? cmd_hub_user(n, v) :
	    strcmp(v[0], "meters") == 0 ? cmd_hub_meters(n, v) :
	    strcmp(v[0], "supplies") == 0 ? cmd_hub_supplies(n, v) :
	    strcmp(v[0], "attention") == 0 ? cmd_hub_attention(n, v) :
	    strcmp(v[0], "rdl") == 0 ? cmd_hub_rdl(n, v) :
	    cmd_hub_account(n, v);
	free(v);
	return rc;
}

int
cmd_hub(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	const char	*sub;
	char		*dir = NULL;
	int		 rc;

	if ((rc = user_cmd(argc, argv)) != -1)
		return rc;
	if ((rc = cmd_setup("hub", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	sub = pos.n > 0 ? pos.v[0] : "";
	if (strcmp(sub, "init") == 0) {
		rc = hub_init(&s, &pos);
		goto out;
	}
	if (*sub == '\0') {
		rc = cmd_fail(EXIT_USAGE, "hub needs a subcommand: init, show, "
		    "trust, import, devices or report (see 'fleetaudit help "
		    "hub')");
		goto out;
	}
	if (strcmp(sub, "trust") != 0 &&
	    (rc = only(s.site_name != NULL, "--name", "'hub trust add'")) != 0)
		goto out;
	if (strcmp(sub, "serve") == 0 || strcmp(sub, "command") == 0) {
		dir = hub_dir(&s);	/* cmd_hub_serve.c */
		rc = strcmp(sub, "serve") == 0 ? cmd_hub_serve(&s, &pos, dir) :
		    cmd_hub_command(&s, &pos, dir);
		goto out;
	}
	if (strcmp(sub, "migrate") == 0) {
		dir = hub_dir(&s);
		rc = hub_migrate(&s, &pos, dir);
		goto out;
	}
	if (strcmp(sub, "show") != 0 && strcmp(sub, "trust") != 0 &&
	    strcmp(sub, "import") != 0 && strcmp(sub, "devices") != 0 &&
	    strcmp(sub, "report") != 0) {
		rc = cmd_fail(EXIT_USAGE, "unknown hub subcommand '%s' (init, "
		    "show, trust, import, devices, report, meters, supplies, "
		    "attention, account, serve, command, migrate, user)", sub);
		goto out;
	}
	if (strcmp(sub, "report") != 0 &&
	    (rc = only(s.xlsx != NULL || s.html != NULL || s.csv != NULL ||
	    s.from != NULL || s.to != NULL || s.prices != NULL ||
	    s.proposal != NULL, "--xlsx, --html, --csv, --from, --to, "
	    "--prices and --proposal", "'hub report'")) != 0)
		goto out;
	dir = hub_dir(&s);
	if (strcmp(sub, "import") == 0) {
		if ((rc = only(s.account != NULL, "--account",
		    "'hub trust add', 'hub devices' and 'hub report'")) == 0 &&
		    (rc = only(s.json, "--json", "'hub show', 'hub devices' "
		    "and 'hub trust list'")) == 0)
			rc = hub_import_cmd(&s, &pos, dir);
		goto out;
	}
	/* Only init and import open secret keys. */
	if ((rc = only(s.passphrase_file != NULL, "--passphrase-file",
	    "'hub init' and 'hub import'")) != 0)
		goto out;
	if (strcmp(sub, "devices") == 0) {
		rc = hub_devices(&s, &pos, dir);
		goto out;
	}
	if (strcmp(sub, "report") == 0) {
		if ((rc = only(s.json, "--json", "'hub show', 'hub devices' "
		    "and 'hub trust list'")) == 0)
			rc = hub_report(&s, &pos, dir);
		goto out;
	}
	if (strcmp(sub, "show") == 0) {
		if ((rc = only(s.account != NULL, "--account",
		    "'hub trust add'")) == 0)
			rc = hub_show(&s, &pos, dir);
	} else
		rc = hub_trust(&s, &pos, dir);
out:
	free(dir);
	free(pos.v);
	settings_release(&s);
	return rc;
}
