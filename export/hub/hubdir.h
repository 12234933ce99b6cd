/*
 * hubdir.h: what a hub directory holds besides its store, in one place
 * for both import paths ("hub import" of files, cli/cmd_hub.c; SOAP
 * uploads, export/hub/hubserve.c) and for "hub init":
 *
 *	HUB/hub-encrypt.key	X25519 secret key (0600, optionally sealed)
 *	HUB/hub-sign.key	Ed25519 secret key (0600, optionally sealed)
 *	HUB/hub.pub		both public keys, one line
 *	HUB/receipts/ID.receipt	the receipt signed for each bundle imported
 *
 * The secret keys are opened together and checked against hub.pub, so a
 * hub whose files were mixed up refuses to start rather than sign
 * receipts no collector can check.  A library layer: never prints, never
 * exits.
 */
#ifndef FA_HUBDIR_H
#define FA_HUBDIR_H

#include "../../cli/util.h"
#include "../../crypto/keys.h"
#include "import.h"

#define HUBDIR_ENC_KEY	"hub-encrypt.key"
#define HUBDIR_SIGN_KEY	"hub-sign.key"
#define HUBDIR_PUB	"hub.pub"
#define HUBDIR_RECEIPTS	"receipts"

/* The hub's keys: box opens bundles, sign signs receipts. */
struct hubdir_keys {
	struct key_pub		 pub;
	struct key_secret	*box, *sign;
};

/* "DIR/NAME"; caller frees. */
char	*hubdir_path(const char *dir, const char *name);

/*
 * Reads dir's hub.pub and both secret keys (opened with pass, NULL when
 * they are not sealed) into k and checks that they are one hub's.  0, or
 * -1 with e and k empty.  hubdir_keys_release() wipes and frees them
 * (an empty or released k is a no-op).
 */
int	hubdir_keys_open(const char *dir, const struct key_pass *pass,
	    struct hubdir_keys *k, struct fa_err *e) FA_WUR;
void	hubdir_keys_release(struct hubdir_keys *k);

/*
 * Signs r's receipt with sign and writes it, whole and synced, to
 * dir/receipts/ID.receipt (the folder made when missing).  The same
 * receipt again for a bundle already imported (the signature is
 * deterministic).  *text gets the signed receipt and *path its file
 * (each NULL to skip; the caller frees them), also on failure when
 * known.  0, or -1 with e.
 */
int	hubdir_receipt_write(const char *dir, const struct key_secret *sign,
	    const struct hub_import_result *r, char **text, char **path,
	    struct fa_err *e) FA_WUR;

#endif
