/*
 * keys.h: the key files of collectors and hubs (libsodium).  Formats are
 * in docs/keys.md; in short:
 *
 *  - a public key file is one text line, versioned and typed:
 *	fleetaudit-collector-v1 ed25519:BASE64 [comment]
 *	fleetaudit-hub-v1 x25519:BASE64 ed25519:BASE64 [comment]
 *  - a secret key file is a small binary file of a fixed size, one key of
 *    one algorithm, in clear or sealed under a passphrase (Argon2id and
 *    XSalsa20-Poly1305), created 0600 and refused when group or others
 *    may access it;
 *  - a fingerprint is the first KEY_FP_BYTES of BLAKE2b-256 over the raw
 *    public key bytes, in a base32 people can read out on the phone
 *    ("k7q2-9xmd-3vaf-0c1e").
 *
 * Secrets (secret keys, passphrases) live in sodium_malloc()ed memory:
 * locked, guarded, wiped when freed; they never leave this module except
 * through the operations it offers.  Nothing here prints.  Every function
 * that fails fills the struct fa_err with one line naming the file.
 */
#ifndef FA_KEYS_H
#define FA_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define KEY_BYTES	32	/* every public and secret key here */
#define KEY_FP_BYTES	10	/* 80 bits: 16 base32 digits */
#define KEY_FP_LEN	19	/* "xxxx-xxxx-xxxx-xxxx" */
#define KEY_COMMENT_MAX	128	/* printable ASCII, in a public key line */
#define KEY_LINE_MAX	512	/* a public key file, line ending included */
#define KEY_PASS_MIN	8	/* for a new key; any length opens one */
#define KEY_PASS_MAX	1024	/* bytes of a passphrase */

/* What a public key file describes. */
enum key_kind {
	KEY_COLLECTOR = 1,	/* one Ed25519 signing key */
	KEY_HUB = 2,		/* an X25519 encryption key and an Ed25519
				 * signing key */
};

/* The algorithm of one secret key file. */
enum key_alg {
	KEY_ED25519 = 1,	/* signing; the file holds the 32-byte seed */
	KEY_X25519 = 2,		/* encryption; the 32-byte scalar */
};

/* A parsed public key file. */
struct key_pub {
	enum key_kind	kind;
	unsigned char	sign[KEY_BYTES];	/* Ed25519, both kinds */
	unsigned char	box[KEY_BYTES];		/* X25519, hubs only */
	char		comment[KEY_COMMENT_MAX + 1];	/* "" for none */
};

/*
 * Parses one public key line (text, len bytes, not NUL-terminated; one
 * final "\n" or "\r\n" allowed).  The message names no file.
 */
int	key_pub_parse(const char *text, size_t len, struct key_pub *,
	    struct fa_err *) FA_WUR;
/* The canonical line, "\n" included (caller frees). */
char	*key_pub_format(const struct key_pub *);
/*
 * Reads and parses the public key file at path; want is the kind it must
 * be, or 0 for either.  The message names the file.
 */
int	key_pub_read(const char *path, enum key_kind want, struct key_pub *,
	    struct fa_err *) FA_WUR;
/*
 * Writes pub as path, mode 0644: a temporary file, fsync()ed, then linked
 * into place, so path is either absent, the old file or the whole new
 * one.  An existing path is refused unless force is set.
 */
int	key_pub_write(const char *path, const struct key_pub *, int force,
	    struct fa_err *) FA_WUR;
/* Same kind and same key bytes (the comment does not count). */
int	key_pub_equal(const struct key_pub *, const struct key_pub *);
/*
 * Sets the comment from s (borrowed): surrounding blanks dropped, what
 * is not printable ASCII replaced by '?', cut at KEY_COMMENT_MAX.
 */
void	key_pub_set_comment(struct key_pub *, const char *s);

/* The fingerprint of pub into out (KEY_FP_LEN + 1 bytes). */
void	key_fingerprint(const struct key_pub *, char *out);
/*
 * A fingerprint as a person typed it (any case, with or without dashes
 * or spaces; i and l read as 1, o as 0) into its canonical form in out
 * (KEY_FP_LEN + 1 bytes).
 */
int	key_fingerprint_parse(const char *in, char *out, struct fa_err *)
	    FA_WUR;

/* A passphrase, in guarded memory. */
struct key_pass;

/* -1 and e ("unsafe mode 0644 on WHAT 'PATH' ... (chmod 600 'PATH')")
 * when group or others may access the file sb describes: every secret
 * file (keys, passphrase, the hub's TLS key) is checked so. */
struct stat;
int	key_mode_private(const char *what, const char *path,
	    const struct stat *sb, struct fa_err *) FA_WUR;

/*
 * Reads a passphrase file: its first line, without the line ending; the
 * file must be a regular file that group and others cannot read.
 */
int	key_pass_read(const char *path, struct key_pass **, struct fa_err *)
	    FA_WUR;
/* Copies len bytes of s (from the environment, or a test). */
int	key_pass_from(const char *s, size_t len, struct key_pass **,
	    struct fa_err *) FA_WUR;
void	key_pass_free(struct key_pass *);	/* wipes; NULL is a no-op */

/* Cost of the passphrase hash (Argon2id) for a new key file. */
struct key_kdf {
	unsigned long long	ops;	/* passes */
	size_t			mem;	/* bytes */
};
/* crypto_pwhash_OPSLIMIT_MODERATE, _MEMLIMIT_MODERATE: about a second
 * and 256 MiB on a current PC, for a file opened now and then. */
extern const struct key_kdf key_kdf_default;

/* One secret key and its public key, in guarded memory. */
struct key_secret;

/* A new random key of alg. */
int	key_secret_generate(enum key_alg, struct key_secret **,
	    struct fa_err *) FA_WUR;
void	key_secret_free(struct key_secret *);	/* wipes; NULL is a no-op */
enum key_alg	key_secret_alg(const struct key_secret *);
/* Its public key (KEY_BYTES). */
const unsigned char *key_secret_public(const struct key_secret *);

/*
 * Writes k as path, mode 0600 (O_CREAT|O_EXCL temporary file, fsync(),
 * then linked into place): sealed under pass when pass is not NULL, with
 * kdf's cost (NULL: key_kdf_default), else in clear.  An existing path is
 * refused unless force is set.  A new passphrase needs KEY_PASS_MIN bytes.
 */
int	key_secret_write(const char *path, const struct key_secret *,
	    const struct key_pass *pass, const struct key_kdf *kdf, int force,
	    struct fa_err *) FA_WUR;

/* What a secret key file says without opening it. */
struct key_info {
	enum key_alg	alg;
	int		sealed;		/* passphrase-protected */
	unsigned char	pub[KEY_BYTES];
	unsigned long long ops;		/* sealed only */
	size_t		mem;		/* sealed only */
};

/*
 * Checks the layout of a secret key file's bytes (name for the message)
 * and fills info; no passphrase, no key derivation.  A sealed file's cost
 * must be within KEY_KDF_OPS_MAX and KEY_KDF_MEM_MAX, so that a crafted
 * file cannot make the reader spend much time or memory.
 */
#define KEY_KDF_OPS_MAX	16ULL
#define KEY_KDF_MEM_MAX	(1024ULL * 1024 * 1024)	/* _MEMLIMIT_SENSITIVE */
int	key_secret_info(const unsigned char *buf, size_t len,
	    const char *name, struct key_info *, struct fa_err *) FA_WUR;
/*
 * Opens a secret key file's bytes: pass is needed when it is sealed (and
 * ignored otherwise).  The key must match the public key the file holds.
 */
int	key_secret_load(const unsigned char *buf, size_t len,
	    const char *name, const struct key_pass *pass,
	    struct key_secret **, struct fa_err *) FA_WUR;
/*
 * Reads the secret key file at path: refused unless a regular file that
 * group and others cannot access; then as key_secret_load().  info may be
 * NULL.
 */
int	key_secret_read(const char *path, const struct key_pass *pass,
	    struct key_secret **, struct key_info *info, struct fa_err *)
	    FA_WUR;

/*
 * Operations for crypto/bundle.c (and its tests), which never see a
 * secret key's bytes.
 *
 * key_secret_sign(): Ed25519 detached signature (64 bytes into sig) of
 * len bytes at m.
 * key_secret_sign_final(): Ed25519ph (crypto_sign_final_create) of
 * state, a crypto_sign_state the caller fed; 64 bytes into sig.
 * key_secret_unseal(): crypto_box_seal_open() of clen bytes at c with an
 * X25519 key, clen - 48 bytes into m.
 */
int	key_secret_sign(const struct key_secret *, const unsigned char *m,
	    size_t len, unsigned char *sig, struct fa_err *) FA_WUR;
int	key_secret_sign_final(const struct key_secret *, void *state,
	    unsigned char *sig, struct fa_err *) FA_WUR;
int	key_secret_unseal(const struct key_secret *, const unsigned char *c,
	    size_t clen, unsigned char *m, struct fa_err *) FA_WUR;

#endif
