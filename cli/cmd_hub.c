/*
 * cmd_hub.c: the subcommands of "fleetaudit hub" that set up the dealer's
 * hub directory, the collectors it trusts and what it imported (init,
 * migrate, show, trust, import, devices, report); cmd_hub_table.c reads
 * the command line and dispatches here.
 *
 *	HUB/hub-encrypt.key	X25519 secret key (0600, optionally sealed)
 *	HUB/hub-sign.key	Ed25519 secret key (0600, optionally sealed)
 *	HUB/hub.pub		both public keys, one line
 *	HUB/hub.db		the central store (export/hub/hubstore.c)
 *	HUB/receipts/		receipts (export/hub/hubdir.h)
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
#include "../export/hub/hubdir.h"
#include "../export/hub/hubreport.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/import.h"
#include "../export/report_inputs.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

#define IMPORT_DIR_MAX	100000	/* bundles taken from one directory */

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
	p = fa_asprintf("%s/%s", dir, HUBSTORE_FILE);
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

int
cmd_hub_init(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
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
	if (key_secret_write(TMP(HUBDIR_ENC_KEY), enc, pass, NULL, 0,
	    &e) != 0 ||
	    key_secret_write(TMP(HUBDIR_SIGN_KEY), sign, pass, NULL, 0,
	    &e) != 0 ||
	    key_pub_write(TMP(HUBDIR_PUB), &pub, 0, &e) != 0 ||
	    (s->store != NULL && (fa_put_file(TMP(HUBSTORE_CONF),
	    "store address", conf, strlen(conf), 0600, 0, &e) != 0 ||
	    hubstore_create(s->store, &hs, &e) != 0)) ||
	    (s->store == NULL && hubstore_create(TMP(HUBSTORE_FILE), &hs,
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
	    HUBDIR_ENC_KEY, pass != NULL ? ", passphrase-protected" : "");
	printf("signing key     %s/%s (Ed25519, mode 0600%s)\n", dir,
	    HUBDIR_SIGN_KEY, pass != NULL ? ", passphrase-protected" : "");
	printf("public keys     %s/%s\n", dir, HUBDIR_PUB);
	if (s->store != NULL)
		printf("central store   %s (PostgreSQL; address in %s/%s)\n",
		    named, dir, HUBSTORE_CONF);
	else
		printf("central store   %s/%s\n", dir, HUBSTORE_FILE);
	printf("fingerprint     %s\n", fp);
	if (!s->quiet)
		fprintf(stderr, "next: give %s to each collector ('fleetaudit "
		    "keys trust-hub %s') and read them the fingerprint\n",
		    HUBDIR_PUB, HUBDIR_PUB);
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

int
cmd_hub_show(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
	struct hubstore			*hs = NULL;
	struct hubstore_trustrow	*rows = NULL;
	struct key_pub			 pub;
	struct fa_err			 e;
	char				*hp, fp[KEY_FP_LEN + 1];
	size_t				 n = 0, i;
	int				 rc;

	hp = fa_asprintf("%s/%s", dir, HUBDIR_PUB);
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

int
cmd_hub_trust_add(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
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

int
cmd_hub_trust_list(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
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
		json_object *arr = json_object_new_array();

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
			json_object_array_add(arr, o);
		}
		json_print(arr);
		json_object_put(arr);
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

int
cmd_hub_trust_remove(struct hub_args *a)
{
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
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

int
cmd_hub_import(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
	struct hubstore			*hs = NULL;
	struct hubdir_keys		 keys;
	struct key_pass			*pass = NULL;
	struct hub_import_result	 r;
	struct fa_err			 e;
	struct stat			 sb;
	char				**files = NULL, *rp = NULL;
	struct refused			*refused = NULL;
	const char			*fp;
	char				**imported = NULL;	/* accounts */
	size_t				 nfiles = 0, nrefused = 0, i, k;
	size_t				 nimported = 0;
	int				 rc, failed = 0, done = 0, again = 0;

	memset(&keys, 0, sizeof(keys));
	if (pos->n < 2) {
		rc = cmd_fail(EXIT_USAGE, "hub import needs bundle FILEs or a "
		    "DIR of them");
		goto out;
	}
	if ((rc = hub_open(dir, &hs)) != 0 ||
	    (rc = cmd_passphrase(s, &pass)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (hubdir_keys_open(dir, pass, &keys, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
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
		if (hub_import(hs, files[i], &keys.pub, keys.box, fa_wall(), &r,
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
		if (hubdir_receipt_write(dir, keys.sign, &r, NULL, &rp,
		    &e) != 0) {
			cmd_fail(EXIT_FAIL, "%s", e.msg);
			failed++;
			continue;
		}
		done++;
		imported = cmd_hub_notify_mark(imported, &nimported, r.account);
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
	/* the notification rules of the accounts imported (docs/notify.md) */
	(void)cmd_hub_notify_after_import(hs, dir, imported, nimported,
	    s->quiet);
	rc = failed > 0 ? EXIT_FAIL : EXIT_OK;
out:
	for (i = 0; i < nimported; i++)
		free(imported[i]);
	free(imported);
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(refused);
	free(files);
	free(rp);
	hubdir_keys_release(&keys);
	key_pass_free(pass);
	hubstore_close(hs);
	return rc;
}

int
cmd_hub_devices(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
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
		json_object *arr = json_object_new_array();

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
			json_object_array_add(arr, o);
		}
		json_print(arr);
		json_object_put(arr);
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

int
cmd_hub_report(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
	struct hub_src	 h = { dir, s->account, NULL };
	struct cmd_report_source rs = { hub_src_open, hub_src_scan,
		hub_src_close, &h, NULL };
	struct fa_err	 e;
	struct stat	 sb;
	char		*cat, *path;
	int		 rc;

	if (pos->n != 1)
		return cmd_fail(EXIT_USAGE, "hub report takes no arguments "
		    "(use --xlsx FILE, --html FILE or --csv DIR)");
	if (s->account == NULL)
		return cmd_fail(EXIT_USAGE, "hub report needs --account NAME");
	if (hubstore_account_check(s->account, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	/* The hub's own inputs, as its web view's downloads take them
	 * (export/report_inputs.h): HUB/catalog/, and HUB/prices.csv and
	 * HUB/proposals/ACCOUNT.csv where --prices and --proposal are not
	 * given. */
	rs.catalog_dir = cat = fa_asprintf("%s/%s", dir, REPORT_HUB_CATALOG);
	path = fa_asprintf("%s/%s", dir, REPORT_HUB_PRICES);
	if (s->prices == NULL && stat(path, &sb) == 0) {
		s->prices = path;
		path = NULL;
	}
	free(path);
	path = fa_asprintf("%s/%s/%s.csv", dir, REPORT_HUB_PROPOSALS,
	    s->account);
	if (s->proposal == NULL && stat(path, &sb) == 0) {
		s->proposal = path;
		path = NULL;
	}
	free(path);
	/* HUB/branding.conf: the branding keys not given as options */
	path = fa_asprintf("%s/%s", dir, REPORT_HUB_BRANDING);
	if (stat(path, &sb) == 0) {
		struct report_branding br;

		memset(&br, 0, sizeof(br));
		if (report_branding_read(&br, path, &e) != 0) {
			report_branding_release(&br);
			free(path);
			free(cat);
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
		}
		if (s->dealer_name == NULL)
			s->dealer_name = fa_strdup(br.dealer);
		if (s->prepared_by == NULL)
			s->prepared_by = fa_strdup(br.prepared_by);
		if (s->dealer_logo == NULL)
			s->dealer_logo = fa_strdup(br.logo_path);
		report_branding_release(&br);
	}
	free(path);
	rc = cmd_report_run(s, "hub report", &rs);
	free(cat);
	return rc;
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
int
cmd_hub_migrate(struct hub_args *a)
{
	struct settings		*s = &a->s;
	const struct strv	*pos = &a->pos;
	const char		*dir = a->dir;
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
	if (fa_put_file(path, "store address", conf, strlen(conf), 0600, 0,
	    &e) != 0) {
		cmd_fail(rc, "the store was copied but the hub still uses "
		    "%s/%s: %s", dir, HUBSTORE_FILE, e.msg);
		goto out;
	}
	printf("hub '%s' now keeps its store in %s (address in %s); %s/%s "
	    "is kept as it was, unused\n", dir, s->to, path, dir,
	    HUBSTORE_FILE);
	rc = EXIT_OK;
out:
	hubstore_close(hs);
	free(conf);
	free(path);
	return rc;
}
