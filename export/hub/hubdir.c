/*
 * hubdir.c: the hub directory's key files and receipts (hubdir.h), used
 * by "hub init", "hub import" and "hub serve" alike.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/bundle.h"
#include "hubdir.h"

char *
hubdir_path(const char *dir, const char *name)
{
	return fa_asprintf("%s/%s", dir, name);
}

void
hubdir_keys_release(struct hubdir_keys *k)
{
	key_secret_free(k->box);
	key_secret_free(k->sign);
	memset(k, 0, sizeof(*k));
}

int
hubdir_keys_open(const char *dir, const struct key_pass *pass,
    struct hubdir_keys *k, struct fa_err *e)
{
	char	*p;
	int	 x;

	memset(k, 0, sizeof(*k));
	p = hubdir_path(dir, HUBDIR_PUB);
	x = key_pub_read(p, KEY_HUB, &k->pub, e);
	free(p);
	if (x == 0) {
		p = hubdir_path(dir, HUBDIR_ENC_KEY);
		x = key_secret_read(p, pass, &k->box, NULL, e);
		free(p);
	}
	if (x == 0) {
		p = hubdir_path(dir, HUBDIR_SIGN_KEY);
		x = key_secret_read(p, pass, &k->sign, NULL, e);
		free(p);
	}
	if (x == 0 && (memcmp(key_secret_public(k->box), k->pub.box,
	    KEY_BYTES) != 0 || memcmp(key_secret_public(k->sign), k->pub.sign,
	    KEY_BYTES) != 0))
		x = fa_errf(e, "the hub's secret keys in '%s' do not match its "
		    "%s", dir, HUBDIR_PUB);
	if (x != 0) {
		hubdir_keys_release(k);
		return -1;
	}
	return 0;
}

int
hubdir_receipt_write(const char *dir, const struct key_secret *sign,
    const struct hub_import_result *r, char **text, char **path,
    struct fa_err *e)
{
	char	*json, *signed_ = NULL, *rd, *rp;
	int	 rc = -1;

	if (text != NULL)
		*text = NULL;
	rd = hubdir_path(dir, HUBDIR_RECEIPTS);
	rp = fa_asprintf("%s/%s.receipt", rd, r->bundle_id);
	json = hub_receipt_json(r);
	if (mkdir(rd, 0755) == -1 && errno != EEXIST)
		fa_errf(e, "cannot keep the receipt: %s", strerror(errno));
	else if (bundle_receipt_sign(sign, json, &signed_, e) == 0 &&
	    fa_put_file(rp, "receipt", signed_, strlen(signed_), 0644, 1,
	    e) == 0)
		rc = 0;
	free(json);
	free(rd);
	if (text != NULL)
		*text = signed_;
	else
		free(signed_);
	if (path != NULL)
		*path = rp;
	else
		free(rp);
	return rc;
}
