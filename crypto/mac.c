/*
 * mac.c: HMAC-SHA-256 through libsodium (mac.h).  libsodium's
 * crypto_auth_hmacsha256 takes a fixed 32-byte key; its _init/_update/
 * _final take a key of any length, as RFC 2104 does (hashed first when
 * longer than a block), which is what a receiver's HMAC library does.
 */
#include <sodium.h>

#include "../cli/util.h"
#include "mac.h"

void
mac_hmac_sha256_hex(const void *key, size_t keylen, const void *msg,
    size_t len, char out[MAC_SHA256_HEX + 1])
{
	crypto_auth_hmacsha256_state	st;
	unsigned char			h[MAC_SHA256_BYTES];

	if (sodium_init() < 0)
		fa_bug("mac_hmac_sha256_hex: libsodium");
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, h);
	sodium_bin2hex(out, MAC_SHA256_HEX + 1, h, sizeof(h));
	sodium_memzero(&st, sizeof(st));
}
