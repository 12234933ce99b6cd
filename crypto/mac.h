/*
 * mac.h: message authentication for what the hub sends out (the
 * notification webhooks, export/hub/notify.c, docs/notify.md):
 * HMAC-SHA-256 as RFC 2104 and RFC 4231 define it, so that a receiver
 * checks a body with any language's standard library.
 */
#ifndef FA_MAC_H
#define FA_MAC_H

#include <stddef.h>

#define MAC_SHA256_BYTES	32
#define MAC_SHA256_HEX		(2 * MAC_SHA256_BYTES)

/* HMAC-SHA-256 of msg (len bytes) under key (keylen bytes, any length)
 * as lowercase hex in out (NUL-terminated). */
void	mac_hmac_sha256_hex(const void *key, size_t keylen, const void *msg,
	    size_t len, char out[MAC_SHA256_HEX + 1]);

#endif
