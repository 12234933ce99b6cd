/*
 * sig.c: Ed25519 detached signature check (see sig.h).
 */
#include <sodium.h>

#include "sig.h"

_Static_assert(SIG_BYTES == crypto_sign_BYTES, "Ed25519 signature size");

int
sig_verify(const struct key_pub *pub, const void *m, size_t len,
    const unsigned char *sig)
{
	if (sodium_init() < 0)
		return -1;
	return crypto_sign_verify_detached(sig, m, len, pub->sign) == 0 ?
	    0 : -1;
}
