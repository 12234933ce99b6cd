/*
 * bundle.h: the bundle container (libsodium only), the site secret that
 * masks values, and the hub's signed receipts.  The format is in
 * docs/bundle-format.md; in short, a bundle file is
 *
 *	"fleetaudit-bundle-v1\n"		magic and version, 21 bytes
 *	manifest length				uint32, little-endian
 *	manifest				JSON text, readable
 *	sealed key				crypto_box_seal() of a random
 *						secretstream key to the hub
 *	secretstream header			24 bytes
 *	chunks					uint32 length + ciphertext,
 *						the last one TAG_FINAL
 *	signature				Ed25519ph by the collector
 *						over every byte before it
 *
 * Only the hub's X25519 secret key opens the payload: the collector that
 * wrote a bundle cannot read it back.  Memory stays bounded whatever the
 * payload's size: the writer keeps one chunk, and the ciphertext in an
 * unlinked scratch file until the manifest is known; the reader walks
 * the file chunk by chunk.
 *
 * Nothing here prints; every failure fills the struct fa_err with one
 * line.  Secrets (the stream key, the site secret) live in guarded
 * memory and are wiped when freed.
 */
#ifndef FA_BUNDLE_H
#define FA_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../cli/util.h"
#include "keys.h"

#define BUNDLE_MAGIC		"fleetaudit-bundle-v"
#define BUNDLE_VERSION		1
#define BUNDLE_MAGIC_LEN	21	/* "fleetaudit-bundle-v1\n" */
#define BUNDLE_MANIFEST_MAX	65536	/* bytes of manifest JSON */
#define BUNDLE_CHUNK		65536	/* plaintext bytes per chunk */
#define BUNDLE_ID_LEN		32	/* 16 random bytes in hex */
#define BUNDLE_HASH_BYTES	32	/* BLAKE2b-256 */
#define BUNDLE_SIG_BYTES	64	/* Ed25519 */
#define BUNDLE_KINDS_MAX	16	/* payload files named in a manifest */
#define BUNDLE_NAME_MAX		32	/* a kind's or a masked field's name */
#define BUNDLE_MASKS_MAX	3	/* ip, mac, hostname */
#define BUNDLE_PSEUDO_MAX	48	/* "hostname:" and 32 hex digits */

/* What a bundle says about itself (docs/bundle-format.md). */
struct bundle_manifest {
	int		 version;
	char		 id[BUNDLE_ID_LEN + 1];
	struct key_pub	 collector;		/* kind KEY_COLLECTOR */
	char		 collector_fp[KEY_FP_LEN + 1];
	char		 hub_fp[KEY_FP_LEN + 1];
	int64_t		 created;		/* epoch seconds */
	int64_t		 sequence;		/* 1, 2, ... per collector */
	int64_t		 period_from, period_to; /* scan times; 0: none */
	int64_t		 after_scan, upto_scan;	/* scans (after, upto] */
	int64_t		 devices;
	size_t		 nkinds;
	char		 kinds[BUNDLE_KINDS_MAX][BUNDLE_NAME_MAX + 1];
	int64_t		 counts[BUNDLE_KINDS_MAX]; /* records per kind */
	size_t		 nmasks;
	char		 masks[BUNDLE_MASKS_MAX][BUNDLE_NAME_MAX + 1];
	char		 archive[BUNDLE_NAME_MAX + 1];	/* "tar+gzip" */
	uint64_t	 payload_size;		/* bytes of the encrypted
						 * payload in the file */
	unsigned char	 payload_hash[BUNDLE_HASH_BYTES];
};

/* The manifest as JSON text (caller frees). */
char	*bundle_manifest_format(const struct bundle_manifest *);
/*
 * Parses and checks manifest JSON (len bytes, not NUL-terminated): every
 * key known and of its type, every bound kept; the version is checked
 * first ("unsupported bundle version N").  No file named.
 */
int	bundle_manifest_parse(const char *text, size_t len,
	    struct bundle_manifest *, struct fa_err *) FA_WUR;

/* A new random bundle id (BUNDLE_ID_LEN + 1 bytes). */
void	bundle_new_id(char *out);

/* ---- writing ---- */

struct bundle_writer;

/*
 * Starts a bundle for hub: a fresh stream key sealed to hub's X25519 key;
 * the ciphertext goes to an unlinked scratch file in dir until
 * bundle_writer_finish().
 */
int	bundle_writer_new(const char *dir, const struct key_pub *hub,
	    struct bundle_writer **, struct fa_err *) FA_WUR;
/* Adds len bytes of payload. */
int	bundle_writer_write(struct bundle_writer *, const void *, size_t len,
	    struct fa_err *) FA_WUR;
/*
 * Ends the payload, sets m's payload size and hash, and writes the whole
 * bundle to fd (at its current offset), signed with signer (the
 * collector's Ed25519 key, whose public key must be m->collector's).
 */
int	bundle_writer_finish(struct bundle_writer *, struct bundle_manifest *m,
	    const struct key_secret *signer, int fd, struct fa_err *) FA_WUR;
void	bundle_writer_free(struct bundle_writer *);	/* NULL: no-op */

/* ---- reading ---- */

struct bundle_reader;

/*
 * Opens the bundle at path and checks all of it without a secret key:
 * magic and version, manifest, the layout of the chunks up to the
 * signature, the collector's signature over everything before it (with
 * the key the manifest holds), the payload's size and hash.  The message
 * says which: "unsupported version", "truncated", "bad signature"...
 * name is used in messages (NULL: path).
 */
int	bundle_open(const char *path, const char *name,
	    struct bundle_reader **, struct fa_err *) FA_WUR;
const struct bundle_manifest *bundle_manifest(const struct bundle_reader *);
/*
 * Reads the manifest of the bundle at path and nothing else: no
 * signature checked, so only to order bundles before bundle_open().
 */
int	bundle_peek(const char *path, struct bundle_manifest *,
	    struct fa_err *) FA_WUR;
/* Size of the file, bytes. */
uint64_t bundle_file_size(const struct bundle_reader *);
/*
 * Starts reading the payload with the hub's X25519 secret key.  Then
 * bundle_read() gives up to n plaintext bytes: the count, 0 at the end
 * (after the final chunk, once the payload's hash was checked again), or
 * -1.  The file is read again: a change since bundle_open() is an error.
 */
int	bundle_decrypt_begin(struct bundle_reader *,
	    const struct key_secret *hub_box, struct fa_err *) FA_WUR;
ssize_t	bundle_read(struct bundle_reader *, void *buf, size_t n,
	    struct fa_err *) FA_WUR;
void	bundle_close(struct bundle_reader *);	/* NULL: no-op */

/* ---- the site secret: keyed pseudonyms ---- */

struct bundle_secret;

/*
 * Reads the site secret at path (0600, refused when group or others may
 * access it); a missing one is created (mode 0600) when create is set.
 */
int	bundle_secret_load(const char *path, int create,
	    struct bundle_secret **, struct fa_err *) FA_WUR;
void	bundle_secret_free(struct bundle_secret *);	/* wipes */
/*
 * The pseudonym of value for field kind ("ip", "mac", "hostname") into
 * out (BUNDLE_PSEUDO_MAX + 1 bytes): "KIND:" and 32 hex digits of keyed
 * BLAKE2b-128 over kind, a NUL and value.  The same secret gives the same
 * pseudonym in every bundle.
 */
void	bundle_pseudonym(const struct bundle_secret *, const char *kind,
	    const char *value, char *out);

/* ---- receipts ---- */

#define RECEIPT_MAGIC	"fleetaudit-receipt-v1"
#define RECEIPT_MAX	8192	/* bytes of a receipt file */

/*
 * A receipt file's text (caller frees): the magic line, json (one line,
 * no newline in it) and "ed25519:BASE64" of the hub's signature over the
 * two lines before it.
 */
int	bundle_receipt_sign(const struct key_secret *signer, const char *json,
	    char **out, struct fa_err *) FA_WUR;
/* Checks a receipt's text against the hub's public key; *json gets its
 * JSON line (caller frees). */
int	bundle_receipt_verify(const char *text, size_t len,
	    const struct key_pub *hub, char **json, struct fa_err *) FA_WUR;

/* BLAKE2b-256 hex (2 * BUNDLE_HASH_BYTES + 1 bytes into out). */
void	bundle_hash_hex(const unsigned char *hash, char *out);

#endif
