/*
 * import.h: the hub's import of one bundle into its central store
 * (export/hub/hubstore.c), and the receipt it gives back.  Order of checks,
 * each a refusal with one line and nothing written: the bundle itself
 * (crypto/bundle.c: not a bundle, unsupported version, truncated, bad
 * signature), for this hub, from a trusted collector (its whole key, not
 * only the fingerprint), not imported before (the same bundle again is
 * "already imported", not an error), a sequence number above the
 * collector's last one (else a replay or an older bundle), then the
 * payload, decrypted and read by the safe reader (export/payload.c) into
 * one transaction: any error rolls all of it back.
 */
#ifndef FA_IMPORT_H
#define FA_IMPORT_H

#include <stdint.h>

#include "../../cli/util.h"
#include "../../crypto/bundle.h"
#include "../../crypto/keys.h"
#include "hubstore.h"
#include "../payload.h"

struct hub_import_result {
	char	 bundle_id[BUNDLE_ID_LEN + 1];
	char	 hash[2 * BUNDLE_HASH_BYTES + 1];
	char	 collector[KEY_FP_LEN + 1];
	char	 hub[KEY_FP_LEN + 1];
	char	 account[HUBSTORE_ACCOUNT_MAX + 1];
	int64_t	 sequence, imported;
	int64_t	 counts[PAYLOAD_NKINDS];	/* records per kind */
	int64_t	 seen_missing;	/* seen records for rows the hub lacks */
	int	 already;	/* imported before: nothing done */
};

/*
 * Imports the bundle at path with the hub's public keys (hub) and its
 * X25519 secret key (box), at time now.  0: imported, or already
 * imported (r->already); -1: refused, e says why.  r is filled as far as
 * known either way.
 */
int	hub_import(struct hubstore *, const char *path, const struct key_pub *hub,
	    const struct key_secret *box, int64_t now,
	    struct hub_import_result *r, struct fa_err *) FA_WUR;

/* The receipt's JSON line for r (caller frees): for a bundle already
 * imported, the same as the first import's. */
char	*hub_receipt_json(const struct hub_import_result *r);

#endif
