/*
 * sig.h: Ed25519 detached signatures checked against a public key
 * (libsodium crypto_sign_verify_detached), for the messages signed
 * outside a bundle: a collector's SOAP Hello and Result, the hub's
 * HelloResponse (export/soap.h); and the random nonces those carry.
 * Signing is key_secret_sign() (keys.h).
 */
#ifndef FA_SIG_H
#define FA_SIG_H

#include <stddef.h>

#include "../cli/util.h"
#include "keys.h"

#define SIG_BYTES	64

/* 0 when sig (SIG_BYTES) is pub's signing key's signature of len bytes
 * at m; -1 otherwise. */
int	sig_verify(const struct key_pub *pub, const void *m, size_t len,
	    const unsigned char *sig) FA_WUR;

/* n random bytes (randombytes_buf) as 2n lower-case hex digits and a NUL
 * into out (2n + 1 bytes). */
void	sig_random_hex(char *out, size_t n);

#endif
