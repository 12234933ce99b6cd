/*
 * password.h: what the hub's web view needs of libsodium (export/
 * hubusers.c): Argon2id password strings, random tokens, the hash that
 * names a session, and a constant-time compare.  No key of the hub's is
 * involved.
 */
#ifndef FA_PASSWORD_H
#define FA_PASSWORD_H

#include <stddef.h>

#include "../cli/util.h"

#define PW_HASH_MAX	128	/* bytes of an Argon2id string, NUL included */
#define PW_TOKEN_BYTES	32	/* random bytes of a token */
#define PW_TOKEN_HEX	(2 * PW_TOKEN_BYTES)

/* libsodium initialised (every function below needs it). */
int	pw_ready(struct fa_err *) FA_WUR;
/* The Argon2id string of pass (crypto_pwhash_str, interactive limits). */
int	pw_hash(const char *pass, char out[PW_HASH_MAX], struct fa_err *)
	    FA_WUR;
/* 1 when pass matches the Argon2id string hash, else 0. */
int	pw_verify(const char *hash, const char *pass);
/* A new random token, in hex. */
void	pw_token(char out[PW_TOKEN_HEX + 1]);
/* The hex BLAKE2b-256 of token: what the store keeps instead of it. */
void	pw_token_key(const char *token, char out[PW_TOKEN_HEX + 1]);
/* 1 when a and b are equal, in a time that depends on their length only. */
int	pw_same(const char *a, const char *b);

#endif
