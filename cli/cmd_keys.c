/*
 * cmd_keys.c: "fleetaudit keys": the collector's Ed25519 key pair and the
 * hub it trusts, all in the collector's home:
 *
 *	HOME/collector.key	secret key (0600, optionally sealed)
 *	HOME/collector.pub	public key, one line
 *	HOME/hub.pub		the trusted hub's public keys, one line
 *
 * Subcommands: init, show, check, trust-hub.  The files and their formats
 * are crypto/'s (keys.h, docs/keys.md); this file decides names, order and
 * what is said.  Exit status: 1 for the home's own files (missing, unsafe,
 * damaged, wrong passphrase), 2 for bad arguments, a bad public key file
 * given included.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../crypto/keys.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

#define COLLECTOR_KEY	HOME_COLLECTOR_KEY
#define COLLECTOR_PUB	HOME_COLLECTOR_PUB
#define HUB_PUB		HOME_HUB_PUB

int
cmd_passphrase(const struct settings *s, struct key_pass **p)
{
	struct fa_err	 e;
	const char	*env;

	*p = NULL;
	if (s->passphrase_file != NULL) {
		if (key_pass_read(s->passphrase_file, p, &e) != 0)
			return cmd_fail(EXIT_FAIL, "%s", e.msg);
		return 0;
	}
	if ((env = getenv("FLEETAUDIT_PASSPHRASE")) != NULL && *env != '\0' &&
	    key_pass_from(env, strlen(env), p, &e) != 0)
		return cmd_fail(EXIT_FAIL, "FLEETAUDIT_PASSPHRASE: %s", e.msg);
	return 0;
}

void
cmd_key_comment(struct key_pub *pub, const char *role)
{
	char	host[256], *c;

	if (gethostname(host, sizeof(host)) != 0)
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	c = host[0] != '\0' ? fa_asprintf("%s@%s", role, host) :
	    fa_strdup(role);
	key_pub_set_comment(pub, c);
	free(c);
}

/* The home made as the store's is (cmd_mkdirs()); 0 or the exit code. */
static int
mkdirs(const char *path)
{
	struct fa_err	e;

	if (cmd_mkdirs(path, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int
exists(const char *path)
{
	struct stat	sb;

	return lstat(path, &sb) == 0;
}

/* A subcommand-only option given to another subcommand. */
static int
only(int given, const char *opt, const char *where)
{
	if (!given)
		return 0;
	return cmd_fail(EXIT_USAGE, "%s applies to %s only", opt, where);
}

static json_object *
jstr(const char *s)
{
	return s != NULL && *s != '\0' ? json_object_new_string(s) : NULL;
}

static int
keys_init(struct settings *s, const struct strv *pos)
{
	struct key_secret	*k = NULL;
	struct key_pass		*pass = NULL;
	struct key_pub		 pub;
	struct fa_err		 e;
	char			*sk, *pk, fp[KEY_FP_LEN + 1];
	int			 rc;

	sk = fa_asprintf("%s/%s", s->home, COLLECTOR_KEY);
	pk = fa_asprintf("%s/%s", s->home, COLLECTOR_PUB);
	if (pos->n != 1) {
		rc = cmd_fail(EXIT_USAGE, "keys init takes no arguments (the "
		    "key goes to the home: --home, FLEETAUDIT_HOME)");
		goto out;
	}
	if ((rc = only(s->json, "--json", "'keys show' and "
	    "'keys check'")) != 0)
		goto out;
	if (!s->force && (exists(sk) || exists(pk))) {
		rc = cmd_fail(EXIT_FAIL, "a collector key already exists in "
		    "'%s' (--force replaces it; the hub must then trust the "
		    "new one)", s->home);
		goto out;
	}
	if ((rc = cmd_passphrase(s, &pass)) != 0 ||
	    (rc = mkdirs(s->home)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (key_secret_generate(KEY_ED25519, &k, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	memset(&pub, 0, sizeof(pub));
	pub.kind = KEY_COLLECTOR;
	memcpy(pub.sign, key_secret_public(k), KEY_BYTES);
	cmd_key_comment(&pub, "collector");
	if (key_secret_write(sk, k, pass, NULL, s->force, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (key_pub_write(pk, &pub, s->force, &e) != 0) {
		/* Not half a key pair: without --force the secret is new. */
		if (!s->force)
			(void)unlink(sk);
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	key_fingerprint(&pub, fp);
	printf("secret key   %s (mode 0600%s)\n", sk,
	    pass != NULL ? ", passphrase-protected" : "");
	printf("public key   %s\n", pk);
	printf("fingerprint  %s\n", fp);
	if (!s->quiet)
		fprintf(stderr, "next: give %s to the hub's operator, read "
		    "them the fingerprint, and trust the hub's key with "
		    "'fleetaudit keys trust-hub HUB.pub'\n", COLLECTOR_PUB);
	rc = EXIT_OK;
out:
	key_secret_free(k);
	key_pass_free(pass);
	free(sk);
	free(pk);
	return rc;
}

/* HOME/collector.pub; prints the error (1) when missing or bad. */
static int
read_collector_pub(const struct settings *s, const char *pk,
    struct key_pub *pub)
{
	struct fa_err	e;

	if (!exists(pk))
		return cmd_fail(EXIT_FAIL, "no collector key in '%s' (see "
		    "'fleetaudit keys init')", s->home);
	if (key_pub_read(pk, KEY_COLLECTOR, pub, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int
keys_show(struct settings *s, const struct strv *pos)
{
	struct key_pub	 pub, hub;
	struct fa_err	 e;
	char		*pk, *hp, fp[KEY_FP_LEN + 1], hfp[KEY_FP_LEN + 1];
	int		 rc, have_hub;

	pk = fa_asprintf("%s/%s", s->home, COLLECTOR_PUB);
	hp = fa_asprintf("%s/%s", s->home, HUB_PUB);
	if (pos->n != 1) {
		rc = cmd_fail(EXIT_USAGE, "keys show takes no arguments");
		goto out;
	}
	if ((rc = only(s->force, "--force", "'keys init' and "
	    "'keys trust-hub'")) != 0 ||
	    (rc = read_collector_pub(s, pk, &pub)) != 0)
		goto out;
	if ((have_hub = exists(hp)) &&
	    key_pub_read(hp, KEY_HUB, &hub, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	key_fingerprint(&pub, fp);
	if (have_hub)
		key_fingerprint(&hub, hfp);
	if (s->json) {
		json_object *o = json_object_new_object(), *h = NULL;

		json_object_object_add(o, "public_key",
		    json_object_new_string(pk));
		json_object_object_add(o, "fingerprint",
		    json_object_new_string(fp));
		json_object_object_add(o, "comment", jstr(pub.comment));
		if (have_hub) {
			h = json_object_new_object();
			json_object_object_add(h, "public_key",
			    json_object_new_string(hp));
			json_object_object_add(h, "fingerprint",
			    json_object_new_string(hfp));
			json_object_object_add(h, "comment",
			    jstr(hub.comment));
		}
		json_object_object_add(o, "hub", h);
		json_print(o);
		json_object_put(o);
	} else {
		printf("public key       %s\n", pk);
		printf("fingerprint      %s\n", fp);
		printf("comment          %s\n", pub.comment[0] ?
		    pub.comment : "-");
		if (have_hub) {
			printf("hub key          %s\n", hp);
			printf("hub fingerprint  %s\n", hfp);
		} else
			printf("hub key          - (none trusted yet: "
			    "'fleetaudit keys trust-hub HUB.pub')\n");
	}
	rc = EXIT_OK;
out:
	free(pk);
	free(hp);
	return rc;
}

static int
keys_check(struct settings *s, const struct strv *pos)
{
	struct key_secret	*k = NULL;
	struct key_pass		*pass = NULL;
	struct key_info		 info;
	struct key_pub		 pub;
	struct fa_err		 e;
	char			*sk, *pk, fp[KEY_FP_LEN + 1];
	int			 rc;

	sk = fa_asprintf("%s/%s", s->home, COLLECTOR_KEY);
	pk = fa_asprintf("%s/%s", s->home, COLLECTOR_PUB);
	if (pos->n != 1) {
		rc = cmd_fail(EXIT_USAGE, "keys check takes no arguments");
		goto out;
	}
	if ((rc = only(s->force, "--force", "'keys init' and "
	    "'keys trust-hub'")) != 0 ||
	    (rc = read_collector_pub(s, pk, &pub)) != 0 ||
	    (rc = cmd_passphrase(s, &pass)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (key_secret_read(sk, pass, &k, &info, &e) != 0) {
		if (pass == NULL && info.sealed)
			cmd_fail(rc, "%s (give --passphrase-file FILE or set "
			    "FLEETAUDIT_PASSPHRASE)", e.msg);
		else
			cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (key_secret_alg(k) != KEY_ED25519 ||
	    memcmp(key_secret_public(k), pub.sign, KEY_BYTES) != 0) {
		cmd_fail(rc, "secret key '%s' does not belong to public key "
		    "'%s'", sk, pk);
		goto out;
	}
	key_fingerprint(&pub, fp);
	if (s->json) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "secret_key",
		    json_object_new_string(sk));
		json_object_object_add(o, "public_key",
		    json_object_new_string(pk));
		json_object_object_add(o, "fingerprint",
		    json_object_new_string(fp));
		json_object_object_add(o, "passphrase",
		    json_object_new_boolean(info.sealed));
		json_print(o);
		json_object_put(o);
	} else
		printf("secret key '%s' opens%s and matches '%s' "
		    "(fingerprint %s)\n", sk, info.sealed ?
		    " with its passphrase" : "", pk, fp);
	rc = EXIT_OK;
out:
	key_secret_free(k);
	key_pass_free(pass);
	free(sk);
	free(pk);
	return rc;
}

static int
keys_trust_hub(struct settings *s, const struct strv *pos)
{
	struct key_pub	 hub, cur;
	struct fa_err	 e;
	char		*hp, fp[KEY_FP_LEN + 1], cfp[KEY_FP_LEN + 1];
	int		 rc;

	hp = fa_asprintf("%s/%s", s->home, HUB_PUB);
	if (pos->n != 2) {
		rc = cmd_fail(EXIT_USAGE, "keys trust-hub needs one HUB.pub "
		    "file");
		goto out;
	}
	if ((rc = only(s->json, "--json", "'keys show' and "
	    "'keys check'")) != 0)
		goto out;
	if (key_pub_read(pos->v[1], KEY_HUB, &hub, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	key_fingerprint(&hub, fp);
	if (exists(hp)) {
		if (key_pub_read(hp, KEY_HUB, &cur, &e) != 0) {
			if (!s->force) {
				rc = cmd_fail(EXIT_FAIL, "%s (--force "
				    "replaces it)", e.msg);
				goto out;
			}
		} else if (key_pub_equal(&cur, &hub)) {
			printf("hub key already trusted: %s\n", hp);
			printf("fingerprint  %s\n", fp);
			rc = EXIT_OK;
			goto out;
		} else if (!s->force) {
			key_fingerprint(&cur, cfp);
			rc = cmd_fail(EXIT_FAIL, "another hub is already "
			    "trusted (fingerprint %s, in '%s'); --force "
			    "replaces it", cfp, hp);
			goto out;
		}
	}
	if ((rc = mkdirs(s->home)) != 0)
		goto out;
	if (key_pub_write(hp, &hub, s->force, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	printf("hub key trusted: %s\n", hp);
	printf("fingerprint  %s\n", fp);
	if (!s->quiet)
		fprintf(stderr, "check: the hub's operator reads the same "
		    "fingerprint from 'fleetaudit hub show'\n");
	rc = EXIT_OK;
out:
	free(hp);
	return rc;
}

int
cmd_keys(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	const char	*sub;
	int		 rc;

	if ((rc = cmd_setup("keys", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	sub = pos.n > 0 ? pos.v[0] : "";
	if (strcmp(sub, "init") == 0)
		rc = keys_init(&s, &pos);
	else if (strcmp(sub, "show") == 0)
		rc = keys_show(&s, &pos);
	else if (strcmp(sub, "check") == 0)
		rc = keys_check(&s, &pos);
	else if (strcmp(sub, "trust-hub") == 0)
		rc = keys_trust_hub(&s, &pos);
	else if (*sub == '\0')
		rc = cmd_fail(EXIT_USAGE, "keys needs a subcommand: init, "
		    "show, check or trust-hub (see 'fleetaudit help keys')");
	else
		rc = cmd_fail(EXIT_USAGE, "unknown keys subcommand '%s' "
		    "(init, show, check, trust-hub)", sub);
out:
	free(pos.v);
	settings_release(&s);
	return rc;
}
