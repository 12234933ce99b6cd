/*
 * sig.c: Ed25519 detached signature check and random nonces (see
 * sig.h).
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

void
sig_random_hex(char *out, size_t n)
{
	unsigned char	buf[64];

	if (n > sizeof(buf))
		fa_bug("sig_random_hex: %zu bytes", n);
	if (sodium_init() < 0)
		fa_bug("libsodium cannot start");
	randombytes_buf(buf, n);
	sodium_bin2hex(out, 2 * n + 1, buf, n);
}
