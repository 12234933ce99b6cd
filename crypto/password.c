/*
 * password.c: Argon2id strings, tokens and constant-time compares for
 * the web view (see password.h).
 */
#include <string.h>

#include <sodium.h>

#include "password.h"

_Static_assert(PW_HASH_MAX == crypto_pwhash_STRBYTES,
    "PW_HASH_MAX is libsodium's string size");

int
pw_ready(struct fa_err *e)
{
	if (sodium_init() < 0)
		return fa_errf(e, "cannot initialise libsodium");
	return 0;
}

int
pw_hash(const char *pass, char out[PW_HASH_MAX], struct fa_err *e)
{
	if (pw_ready(e) != 0)
		return -1;
	if (crypto_pwhash_str(out, pass, strlen(pass),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return fa_errf(e, "cannot hash the password: out of memory");
	return 0;
}

int
pw_verify(const char *hash, const char *pass)
{
	return crypto_pwhash_str_verify(hash, pass, strlen(pass)) == 0;
}

void
pw_token(char out[PW_TOKEN_HEX + 1])
{
	unsigned char	b[PW_TOKEN_BYTES];

	if (sodium_init() < 0)
		fa_bug("pw_token: libsodium");
	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, PW_TOKEN_HEX + 1, b, sizeof(b));
	sodium_memzero(b, sizeof(b));
}

void
pw_token_key(const char *token, char out[PW_TOKEN_HEX + 1])
{
	unsigned char	h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	sodium_bin2hex(out, PW_TOKEN_HEX + 1, h, sizeof(h));
}

int
pw_same(const char *a, const char *b)
{
	size_t	n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}
