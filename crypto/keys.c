/*
 * keys.c: key files (see keys.h and docs/keys.md).  Every primitive is
 * libsodium's: Ed25519 (crypto_sign) for signing keys, X25519 (the
 * crypto_box key pair) for encryption keys, BLAKE2b (crypto_generichash)
 * for fingerprints, Argon2id (crypto_pwhash) and XSalsa20-Poly1305
 * (crypto_secretbox) to seal a secret key under a passphrase.
 *
 * The secret key file, all integers little-endian:
 *
 *	 0  16	magic "fleetaudit-sk-v1" (the version is in the magic)
 *	16   1	algorithm: 1 Ed25519 (the seed), 2 X25519 (the scalar)
 *	17   1	protection: 0 none, 1 Argon2id13 + XSalsa20-Poly1305
 *	18   2	zero
 *	20  32	public key, in clear
 *	52  32	none: the secret key				(84 bytes)
 *	52  16	sealed: salt
 *	68   8	  Argon2id passes (opslimit)
 *	76   8	  Argon2id memory in bytes (memlimit), whole KiB
 *	84  24	  secretbox nonce
 *	108 48	  secretbox of the secret key (MAC and 32 bytes)	(156)
 *
 * The sizes are fixed, so a short or padded file is refused before any
 * work.  Nothing in the header goes unchecked: salt and cost feed the key
 * derivation (a changed byte gives a wrong key, and the MAC fails), the
 * algorithm and the public key must agree with the key the secret
 * yields, the reserved bytes must be zero.  Only the cost is read before
 * anything is verified, so it is bounded first (KEY_KDF_*_MAX).
 *
 * Key files are written by the project's whole-file writer, fa_put_file()
 * (cli/util.c): a temporary file beside the target (O_CREAT | O_EXCL,
 * the final mode, fsync()), then link(2) into place when the target must
 * not be replaced (it fails if the target appeared in the meantime) or
 * rename(2) when it may be; the directory is fsync()ed last.
 *
 * Secrets are held in sodium_malloc()ed memory (guarded pages, locked
 * where the system allows), short-lived ones on the stack under
 * sodium_mlock()/sodium_munlock(), which also wipes them.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "../cli/plat.h"
#include "keys.h"

#define SK_MAGIC	"fleetaudit-sk-v1"
#define SK_MAGIC_LEN	16
#define SK_FAMILY_LEN	15		/* "fleetaudit-sk-v": any version */
#define SK_OFF_ALG	16
#define SK_OFF_PROT	17
#define SK_OFF_ZERO	18
#define SK_OFF_PUB	20
#define SK_OFF_BODY	52		/* the secret, or the sealed part */
#define SK_OFF_OPS	(SK_OFF_BODY + crypto_pwhash_SALTBYTES)
#define SK_OFF_MEM	(SK_OFF_OPS + 8)
#define SK_OFF_NONCE	(SK_OFF_MEM + 8)
#define SK_OFF_BOX	(SK_OFF_NONCE + crypto_secretbox_NONCEBYTES)
#define SK_PLAIN_LEN	(SK_OFF_BODY + KEY_BYTES)
#define SK_SEALED_LEN	(SK_OFF_BOX + crypto_secretbox_MACBYTES + KEY_BYTES)
#define SK_READ_MAX	4096		/* bytes read from a secret key file */

#define SK_PROT_NONE	0
#define SK_PROT_ARGON2	1

#define PUB_COLLECTOR	"fleetaudit-collector-v1"
#define PUB_HUB		"fleetaudit-hub-v1"
#define PUB_B64_LEN	44		/* 32 bytes in padded base64 */

/* Crockford's base32, lower case: no i, l, o or u to misread. */
static const char	fp_alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

const struct key_kdf key_kdf_default = {
	crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE
};

struct key_pass {
	size_t	len;
	char	s[KEY_PASS_MAX + 2];
};

struct key_secret {
	enum key_alg	alg;
	unsigned char	seed[KEY_BYTES];	/* Ed25519 seed or X25519
						 * scalar */
	unsigned char	sk[crypto_sign_SECRETKEYBYTES];	/* Ed25519 only */
	unsigned char	pk[KEY_BYTES];
};

static void
ready(void)
{
	if (sodium_init() < 0)
		fa_bug("libsodium cannot initialise");
}

/*
 * sodium_malloc() places the block at the end of its pages, unaligned
 * unless the size is a multiple of the alignment: round it up.
 */
static void *
guarded(size_t n)
{
	void	*p;

	ready();
	if ((p = sodium_malloc((n + 15) & ~(size_t)15)) == NULL)
		fa_bug("out of memory");
	return p;
}

static void
put_le64(unsigned char *p, uint64_t v)
{
	int	i;

	for (i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le64(const unsigned char *p)
{
	uint64_t	v = 0;
	int		i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* ---- files ---- */

/* Reads up to cap bytes; *len > cap-1 means the file was larger. */
static int
read_all(int fd, void *buf, size_t cap, size_t *len)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	*len = 0;
	while (*len < cap) {
		if ((n = read(fd, p + *len, cap - *len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return 0;
}


/* ---- public keys ---- */

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * The next blank-separated field of [*p, end): its start and length; *p
 * moves past it.  0 when none is left.
 */
static size_t
field(const char **p, const char *end, const char **start)
{
	const char	*s = *p;

	while (s < end && blank(*s))
		s++;
	*start = s;
	while (s < end && !blank(*s))
		s++;
	*p = s;
	return (size_t)(s - *start);
}

/* "ALG:BASE64" into out. */
static int
key_field(const char **p, const char *end, const char *alg,
    unsigned char *out, struct fa_err *e)
{
	unsigned char	 bin[KEY_LINE_MAX];
	char		 again[PUB_B64_LEN + 1];
	const char	*f, *b64_end, *colon;
	size_t		 n, alen = strlen(alg), binlen;

	if ((n = field(p, end, &f)) == 0)
		return fa_errf(e, "the %s key is missing", alg);
	if (n <= alen || memcmp(f, alg, alen) != 0 || f[alen] != ':') {
		colon = memchr(f, ':', n);
		if (colon != NULL && colon - f <= 16)
			return fa_errf(e, "expected the %s key, found '%.*s:'",
			    alg, (int)(colon - f), f);
		return fa_errf(e, "expected the %s key, found '%.*s%s'", alg,
		    n > 20 ? 20 : (int)n, f, n > 20 ? "..." : "");
	}
	f += alen + 1;
	n -= alen + 1;
	if (sodium_base642bin(bin, sizeof(bin), f, n, NULL, &binlen,
	    &b64_end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    b64_end != f + n)
		return fa_errf(e, "the %s key is not valid base64 (cut short?)",
		    alg);
	if (binlen != KEY_BYTES)
		return fa_errf(e, "the %s key is %zu bytes, expected %d", alg,
		    binlen, KEY_BYTES);
	/* One spelling per key: the canonical one. */
	sodium_bin2base64(again, sizeof(again), bin, binlen,
	    sodium_base64_VARIANT_ORIGINAL);
	if (n != PUB_B64_LEN || memcmp(again, f, n) != 0)
		return fa_errf(e, "the %s key is not canonical base64", alg);
	memcpy(out, bin, KEY_BYTES);
	return 0;
}

/* Refuses keys that could not come from a key pair (small order). */
static int
valid_point(const char *alg, const unsigned char *pk, struct fa_err *e)
{
	static const unsigned char	scalar[crypto_scalarmult_SCALARBYTES] =
	    { 9, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	unsigned char			q[crypto_scalarmult_BYTES];
	int				ok;

	if (strcmp(alg, "ed25519") == 0)
		ok = crypto_core_ed25519_is_valid_point(pk) == 1;
	else
		ok = crypto_scalarmult(q, scalar, pk) == 0;
	if (!ok)
		return fa_errf(e, "the %s key is not a valid public key", alg);
	return 0;
}

int
key_pub_parse(const char *text, size_t len, struct key_pub *pub,
    struct fa_err *e)
{
	const char	*p = text, *end, *f;
	size_t		 n, i;

	ready();
	memset(pub, 0, sizeof(*pub));
	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (len == 0)
		return fa_errf(e, "empty, expected one line");
	if (len > KEY_LINE_MAX - 2)
		return fa_errf(e, "line longer than %d bytes",
		    KEY_LINE_MAX - 2);
	if (memchr(text, '\n', len) != NULL)
		return fa_errf(e, "more than one line");
	for (i = 0; i < len; i++)
		if ((text[i] < 0x20 && text[i] != '\t') ||
		    (unsigned char)text[i] >= 0x7f)
			return fa_errf(e, "control or non-ASCII byte at "
			    "column %zu", i + 1);
	end = text + len;
	n = field(&p, end, &f);
	if (n == strlen(PUB_COLLECTOR) && memcmp(f, PUB_COLLECTOR, n) == 0)
		pub->kind = KEY_COLLECTOR;
	else if (n == strlen(PUB_HUB) && memcmp(f, PUB_HUB, n) == 0)
		pub->kind = KEY_HUB;
	else if ((n > 22 && memcmp(f, "fleetaudit-collector-v", 22) == 0) ||
	    (n > 16 && memcmp(f, "fleetaudit-hub-v", 16) == 0))
		return fa_errf(e, "unsupported version '%.*s' (this program "
		    "reads v1)", n > 40 ? 40 : (int)n, f);
	else
		return fa_errf(e, "not a fleetaudit public key (expected "
		    "'%s' or '%s' first)", PUB_COLLECTOR, PUB_HUB);
	if (pub->kind == KEY_HUB && (key_field(&p, end, "x25519", pub->box,
	    e) != 0 || valid_point("x25519", pub->box, e) != 0))
		return -1;
	if (key_field(&p, end, "ed25519", pub->sign, e) != 0 ||
	    valid_point("ed25519", pub->sign, e) != 0)
		return -1;
	/* The rest, trimmed, is the comment. */
	while (p < end && blank(*p))
		p++;
	while (end > p && blank(end[-1]))
		end--;
	if ((size_t)(end - p) > KEY_COMMENT_MAX)
		return fa_errf(e, "comment longer than %d characters",
		    KEY_COMMENT_MAX);
	for (f = p; f < end; f++)
		if (*f == '\t')
			return fa_errf(e, "tab in the comment");
	memcpy(pub->comment, p, (size_t)(end - p));
	pub->comment[end - p] = '\0';
	return 0;
}

char *
key_pub_format(const struct key_pub *pub)
{
	char	sign[PUB_B64_LEN + 1], box[PUB_B64_LEN + 1];
	const char *sp = pub->comment[0] != '\0' ? " " : "";

	ready();
	sodium_bin2base64(sign, sizeof(sign), pub->sign, KEY_BYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	if (pub->kind == KEY_COLLECTOR)
		return fa_asprintf("%s ed25519:%s%s%s\n", PUB_COLLECTOR, sign,
		    sp, pub->comment);
	if (pub->kind != KEY_HUB)
		fa_bug("key_pub_format: kind %d", (int)pub->kind);
	sodium_bin2base64(box, sizeof(box), pub->box, KEY_BYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	return fa_asprintf("%s x25519:%s ed25519:%s%s%s\n", PUB_HUB, box, sign,
	    sp, pub->comment);
}

static const char *
kind_name(enum key_kind k)
{
	return k == KEY_HUB ? "hub" : "collector";
}

int
key_pub_read(const char *path, enum key_kind want, struct key_pub *pub,
    struct fa_err *e)
{
	char		buf[KEY_LINE_MAX + 1];
	struct fa_err	e2;
	struct stat	sb;
	size_t		len;
	int		fd, rc;

	memset(pub, 0, sizeof(*pub));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return fa_errf(e, "cannot read public key '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return fa_errf(e, "bad public key '%s': not a regular file",
		    path);
	}
	rc = read_all(fd, buf, sizeof(buf), &len);
	close(fd);
	if (rc == -1)
		return fa_errf(e, "cannot read public key '%s': %s", path,
		    strerror(errno));
	if (len > KEY_LINE_MAX)
		return fa_errf(e, "bad public key '%s': larger than %d bytes",
		    path, KEY_LINE_MAX);
	if (key_pub_parse(buf, len, pub, &e2) != 0)
		return fa_errf(e, "bad public key '%s': %s", path, e2.msg);
	if (want != 0 && pub->kind != want)
		return fa_errf(e, "bad public key '%s': a %s key, expected a "
		    "%s key", path, kind_name(pub->kind), kind_name(want));
	return 0;
}

int
key_pub_write(const char *path, const struct key_pub *pub, int force,
    struct fa_err *e)
{
	char	*line = key_pub_format(pub);
	int	 rc;

	rc = fa_put_file(path, "public key", line, strlen(line), 0644, force, e);
	free(line);
	return rc;
}

int
key_pub_equal(const struct key_pub *a, const struct key_pub *b)
{
	return a->kind == b->kind &&
	    memcmp(a->sign, b->sign, KEY_BYTES) == 0 &&
	    (a->kind != KEY_HUB || memcmp(a->box, b->box, KEY_BYTES) == 0);
}

void
key_pub_set_comment(struct key_pub *pub, const char *s)
{
	size_t	n, i;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n > KEY_COMMENT_MAX)
		n = KEY_COMMENT_MAX;
	for (i = 0; i < n; i++)
		pub->comment[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	pub->comment[n] = '\0';
}

/* ---- fingerprints ---- */

void
key_fingerprint(const struct key_pub *pub, char *out)
{
	crypto_generichash_state	st;
	unsigned char			h[crypto_generichash_BYTES];
	unsigned			acc = 0, bits = 0;
	size_t				i, o = 0, digits = 0;

	ready();
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	if (pub->kind == KEY_HUB)
		crypto_generichash_update(&st, pub->box, KEY_BYTES);
	crypto_generichash_update(&st, pub->sign, KEY_BYTES);
	crypto_generichash_final(&st, h, sizeof(h));
	/* 80 bits, five at a time from the most significant: 16 digits. */
	for (i = 0; i < KEY_FP_BYTES; i++) {
		acc = (acc << 8 | h[i]) & 0xfff;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (digits > 0 && digits % 4 == 0)
				out[o++] = '-';
			out[o++] = fp_alphabet[(acc >> bits) & 31];
			digits++;
		}
	}
	out[o] = '\0';
}

int
key_fingerprint_parse(const char *in, char *out, struct fa_err *e)
{
	const char	*p, *q;
	size_t		 digits = 0, o = 0;
	char		 c;

	for (p = in; *p != '\0'; p++) {
		c = *p;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c == 'i' || c == 'l')
			c = '1';
		else if (c == 'o')
			c = '0';
		if ((q = strchr(fp_alphabet, c)) == NULL || digits == 16)
			break;
		if (digits > 0 && digits % 4 == 0)
			out[o++] = '-';
		out[o++] = *q;
		digits++;
	}
	out[o] = '\0';
	if (*p != '\0' || digits != 16)
		return fa_errf(e, "'%.40s' is not a fingerprint (16 letters "
		    "and digits, as xxxx-xxxx-xxxx-xxxx)", in);
	return 0;
}

/* ---- passphrases ---- */

static struct key_pass *
pass_new(void)
{
	struct key_pass	*p = guarded(sizeof(*p));

	p->len = 0;
	return p;
}

void
key_pass_free(struct key_pass *p)
{
	if (p != NULL)
		sodium_free(p);		/* wipes */
}

int
key_pass_from(const char *s, size_t len, struct key_pass **out,
    struct fa_err *e)
{
	*out = NULL;
	if (len == 0)
		return fa_errf(e, "the passphrase is empty");
	if (len > KEY_PASS_MAX)
		return fa_errf(e, "the passphrase is longer than %d bytes",
		    KEY_PASS_MAX);
	if (memchr(s, '\0', len) != NULL)
		return fa_errf(e, "the passphrase holds a NUL byte");
	*out = pass_new();
	memcpy((*out)->s, s, len);
	(*out)->len = len;
	return 0;
}

int
key_mode_private(const char *what, const char *path, const struct stat *sb,
    struct fa_err *e)
{
	if ((sb->st_mode & (S_IRWXG | S_IRWXO)) != 0)
		return fa_errf(e, "unsafe mode %04o on %s '%s': group or "
		    "others may access it (chmod 600 '%s')",
		    (unsigned)(sb->st_mode & 07777), what, path, path);
	return 0;
}

int
key_pass_read(const char *path, struct key_pass **out, struct fa_err *e)
{
	struct key_pass	*p = NULL;
	struct stat	 sb;
	char		*nl;
	size_t		 n;
	int		 fd, rc = -1;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1)
		return fa_errf(e, "cannot read passphrase file '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &sb) == -1) {
		fa_errf(e, "cannot read passphrase file '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	/* A pipe too: --passphrase-file <(pass show site) keeps it off disk. */
	if (!S_ISREG(sb.st_mode) && !S_ISFIFO(sb.st_mode)) {
		fa_errf(e, "passphrase file '%s' is not a regular file or a "
		    "pipe", path);
		goto out;
	}
	if (fa_fd_private(fd, "passphrase file", path, e) != 0)
		goto out;
	p = pass_new();
	if (read_all(fd, p->s, sizeof(p->s), &n) == -1) {
		fa_errf(e, "cannot read passphrase file '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if ((nl = memchr(p->s, '\n', n)) != NULL)
		n = (size_t)(nl - p->s);
	if (n > 0 && p->s[n - 1] == '\r')
		n--;
	if (n > KEY_PASS_MAX) {
		fa_errf(e, "the passphrase in '%s' is longer than %d bytes",
		    path, KEY_PASS_MAX);
		goto out;
	}
	if (n == 0) {
		fa_errf(e, "passphrase file '%s' is empty", path);
		goto out;
	}
	if (memchr(p->s, '\0', n) != NULL) {
		fa_errf(e, "passphrase file '%s' holds a NUL byte", path);
		goto out;
	}
	sodium_memzero(p->s + n, sizeof(p->s) - n);
	p->len = n;
	*out = p;
	p = NULL;
	rc = 0;
out:
	key_pass_free(p);
	close(fd);
	return rc;
}

/* ---- secret keys ---- */

static struct key_secret *
secret_new(enum key_alg alg)
{
	struct key_secret	*k = guarded(sizeof(*k));

	sodium_memzero(k, sizeof(*k));
	k->alg = alg;
	return k;
}

void
key_secret_free(struct key_secret *k)
{
	if (k != NULL)
		sodium_free(k);		/* wipes */
}

enum key_alg
key_secret_alg(const struct key_secret *k)
{
	return k->alg;
}

const unsigned char *
key_secret_public(const struct key_secret *k)
{
	return k->pk;
}

/* The rest of the key from its seed (or scalar). */
static int
secret_complete(struct key_secret *k)
{
	if (k->alg == KEY_ED25519)
		return crypto_sign_seed_keypair(k->pk, k->sk, k->seed);
	return crypto_scalarmult_base(k->pk, k->seed);
}

int
key_secret_generate(enum key_alg alg, struct key_secret **out,
    struct fa_err *e)
{
	struct key_secret	*k;
	int			 rc;

	*out = NULL;
	if (alg != KEY_ED25519 && alg != KEY_X25519)
		fa_bug("key_secret_generate: algorithm %d", (int)alg);
	k = secret_new(alg);
	if (alg == KEY_ED25519)
		rc = crypto_sign_keypair(k->pk, k->sk) != 0 ||
		    crypto_sign_ed25519_sk_to_seed(k->seed, k->sk) != 0;
	else
		rc = crypto_box_keypair(k->pk, k->seed) != 0;
	if (rc != 0) {
		key_secret_free(k);
		return fa_errf(e, "cannot generate a key pair");
	}
	*out = k;
	return 0;
}

/* The secretbox key from a passphrase; key is KEY_BYTES, mlock()ed. */
static int
derive(unsigned char *key, const struct key_pass *pass,
    const unsigned char *salt, unsigned long long ops, size_t mem)
{
	return crypto_pwhash(key, crypto_secretbox_KEYBYTES, pass->s,
	    pass->len, salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
}

int
key_secret_write(const char *path, const struct key_secret *k,
    const struct key_pass *pass, const struct key_kdf *kdf, int force,
    struct fa_err *e)
{
	unsigned char	*buf, key[crypto_secretbox_KEYBYTES];
	size_t		 len;
	int		 rc = -1;

	buf = guarded(SK_SEALED_LEN);
	sodium_memzero(buf, SK_SEALED_LEN);
	memcpy(buf, SK_MAGIC, SK_MAGIC_LEN);
	buf[SK_OFF_ALG] = (unsigned char)k->alg;
	buf[SK_OFF_PROT] = pass != NULL ? SK_PROT_ARGON2 : SK_PROT_NONE;
	memcpy(buf + SK_OFF_PUB, k->pk, KEY_BYTES);
	if (pass == NULL) {
		memcpy(buf + SK_OFF_BODY, k->seed, KEY_BYTES);
		len = SK_PLAIN_LEN;
	} else {
		if (pass->len < KEY_PASS_MIN) {
			fa_errf(e, "the passphrase is too short: a new key "
			    "needs at least %d characters", KEY_PASS_MIN);
			goto out;
		}
		if (kdf == NULL)
			kdf = &key_kdf_default;
		if (kdf->ops < crypto_pwhash_OPSLIMIT_MIN ||
		    kdf->ops > KEY_KDF_OPS_MAX ||
		    kdf->mem < crypto_pwhash_MEMLIMIT_MIN ||
		    kdf->mem > KEY_KDF_MEM_MAX || kdf->mem % 1024 != 0)
			fa_bug("key_secret_write: cost out of bounds");
		randombytes_buf(buf + SK_OFF_BODY, crypto_pwhash_SALTBYTES);
		put_le64(buf + SK_OFF_OPS, kdf->ops);
		put_le64(buf + SK_OFF_MEM, kdf->mem);
		randombytes_buf(buf + SK_OFF_NONCE,
		    crypto_secretbox_NONCEBYTES);
		(void)sodium_mlock(key, sizeof(key));
		if (derive(key, pass, buf + SK_OFF_BODY, kdf->ops,
		    kdf->mem) != 0) {
			sodium_munlock(key, sizeof(key));
			fa_errf(e, "cannot seal secret key '%s': out of memory "
			    "for the passphrase hash", path);
			goto out;
		}
		rc = crypto_secretbox_easy(buf + SK_OFF_BOX, k->seed,
		    KEY_BYTES, buf + SK_OFF_NONCE, key);
		sodium_munlock(key, sizeof(key));	/* wipes */
		if (rc != 0) {
			rc = -1;
			fa_errf(e, "cannot seal secret key '%s'", path);
			goto out;
		}
		len = SK_SEALED_LEN;
	}
	rc = fa_put_file(path, "secret key", buf, len, 0600, force, e);
out:
	sodium_free(buf);
	return rc;
}

int
key_secret_info(const unsigned char *buf, size_t len, const char *name,
    struct key_info *info, struct fa_err *e)
{
	size_t	want;

	memset(info, 0, sizeof(*info));
	if (len < SK_FAMILY_LEN || memcmp(buf, SK_MAGIC, SK_FAMILY_LEN) != 0)
		return fa_errf(e, "'%s' is not a fleetaudit secret key file",
		    name);
	if (len < SK_MAGIC_LEN || memcmp(buf, SK_MAGIC, SK_MAGIC_LEN) != 0)
		return fa_errf(e, "secret key '%s' has an unsupported version "
		    "(this program reads v1)", name);
	if (len < SK_OFF_BODY)
		return fa_errf(e, "secret key '%s' is cut short (%zu bytes)",
		    name, len);
	if (buf[SK_OFF_ALG] != KEY_ED25519 && buf[SK_OFF_ALG] != KEY_X25519)
		return fa_errf(e, "secret key '%s' has an unknown algorithm "
		    "(%u)", name, buf[SK_OFF_ALG]);
	if (buf[SK_OFF_PROT] == SK_PROT_NONE)
		want = SK_PLAIN_LEN;
	else if (buf[SK_OFF_PROT] == SK_PROT_ARGON2)
		want = SK_SEALED_LEN;
	else
		return fa_errf(e, "secret key '%s' has an unknown protection "
		    "(%u)", name, buf[SK_OFF_PROT]);
	if (buf[SK_OFF_ZERO] != 0 || buf[SK_OFF_ZERO + 1] != 0)
		return fa_errf(e, "secret key '%s' is damaged (reserved bytes "
		    "set)", name);
	if (len != want)
		return fa_errf(e, "secret key '%s' is %zu bytes, expected %zu",
		    name, len, want);
	info->alg = buf[SK_OFF_ALG];
	info->sealed = buf[SK_OFF_PROT] == SK_PROT_ARGON2;
	memcpy(info->pub, buf + SK_OFF_PUB, KEY_BYTES);
	if (info->sealed) {
		uint64_t ops = get_le64(buf + SK_OFF_OPS);
		uint64_t mem = get_le64(buf + SK_OFF_MEM);

		/* Argon2 counts memory in KiB: whole KiB, so that no header
		 * byte can change without changing the key. */
		if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > KEY_KDF_OPS_MAX ||
		    mem < crypto_pwhash_MEMLIMIT_MIN || mem > KEY_KDF_MEM_MAX ||
		    mem % 1024 != 0) {
			memset(info, 0, sizeof(*info));
			return fa_errf(e, "secret key '%s' asks for a "
			    "passphrase hash cost out of bounds (%llu passes, "
			    "%llu bytes)", name, (unsigned long long)ops,
			    (unsigned long long)mem);
		}
		info->ops = ops;
		info->mem = (size_t)mem;
	}
	return 0;
}

int
key_secret_load(const unsigned char *buf, size_t len, const char *name,
    const struct key_pass *pass, struct key_secret **out, struct fa_err *e)
{
	struct key_info		 info;
	struct key_secret	*k = NULL;
	unsigned char		 key[crypto_secretbox_KEYBYTES];
	int			 rc = -1;

	*out = NULL;
	if (key_secret_info(buf, len, name, &info, e) != 0)
		return -1;
	if (info.sealed && pass == NULL)
		return fa_errf(e, "secret key '%s' is protected by a "
		    "passphrase, and none was given", name);
	k = secret_new(info.alg);
	if (info.sealed) {
		(void)sodium_mlock(key, sizeof(key));
		if (derive(key, pass, buf + SK_OFF_BODY, info.ops,
		    info.mem) != 0) {
			sodium_munlock(key, sizeof(key));
			fa_errf(e, "cannot open secret key '%s': out of memory "
			    "for the passphrase hash", name);
			goto out;
		}
		rc = crypto_secretbox_open_easy(k->seed, buf + SK_OFF_BOX,
		    crypto_secretbox_MACBYTES + KEY_BYTES, buf + SK_OFF_NONCE,
		    key);
		sodium_munlock(key, sizeof(key));	/* wipes */
		if (rc != 0) {
			rc = -1;
			fa_errf(e, "wrong passphrase or damaged key file '%s'",
			    name);
			goto out;
		}
		rc = -1;
	} else
		memcpy(k->seed, buf + SK_OFF_BODY, KEY_BYTES);
	if (secret_complete(k) != 0 ||
	    sodium_memcmp(k->pk, info.pub, KEY_BYTES) != 0) {
		fa_errf(e, "secret key '%s' is damaged: its secret does not "
		    "match its public key", name);
		goto out;
	}
	*out = k;
	k = NULL;
	rc = 0;
out:
	key_secret_free(k);
	return rc;
}

int
key_secret_read(const char *path, const struct key_pass *pass,
    struct key_secret **out, struct key_info *info, struct fa_err *e)
{
	unsigned char	*buf = NULL;
	struct stat	 sb;
	size_t		 len;
	int		 fd, rc = -1;

	*out = NULL;
	if (info != NULL)
		memset(info, 0, sizeof(*info));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) == -1) {
		if (errno == ENOENT)
			return fa_errf(e, "no secret key at '%s'", path);
		return fa_errf(e, "cannot read secret key '%s': %s", path,
		    strerror(errno));
	}
	if (fstat(fd, &sb) == -1) {
		fa_errf(e, "cannot read secret key '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		fa_errf(e, "secret key '%s' is not a regular file", path);
		goto out;
	}
	if (fa_fd_private(fd, "secret key", path, e) != 0)
		goto out;
	buf = guarded(SK_READ_MAX + 1);
	if (read_all(fd, buf, SK_READ_MAX + 1, &len) == -1) {
		fa_errf(e, "cannot read secret key '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (len > SK_READ_MAX) {
		fa_errf(e, "secret key '%s' is larger than %d bytes: not a "
		    "key file", path, SK_READ_MAX);
		goto out;
	}
	if (info != NULL && key_secret_info(buf, len, path, info, e) != 0)
		goto out;
	rc = key_secret_load(buf, len, path, pass, out, e);
out:
	if (buf != NULL)
		sodium_free(buf);
	close(fd);
	return rc;
}

/* ---- operations for crypto/bundle.c ---- */

int
key_secret_sign(const struct key_secret *k, const unsigned char *m,
    size_t len, unsigned char *sig, struct fa_err *e)
{
	if (k->alg != KEY_ED25519)
		return fa_errf(e, "not a signing key");
	if (crypto_sign_detached(sig, NULL, m, len, k->sk) != 0)
		return fa_errf(e, "cannot sign");
	return 0;
}

int
key_secret_sign_final(const struct key_secret *k, void *state,
    unsigned char *sig, struct fa_err *e)
{
	if (k->alg != KEY_ED25519)
		return fa_errf(e, "not a signing key");
	if (crypto_sign_final_create(state, sig, NULL, k->sk) != 0)
		return fa_errf(e, "cannot sign");
	return 0;
}

int
key_secret_unseal(const struct key_secret *k, const unsigned char *c,
    size_t clen, unsigned char *m, struct fa_err *e)
{
	if (k->alg != KEY_X25519)
		return fa_errf(e, "not an encryption key");
	if (clen < crypto_box_SEALBYTES ||
	    crypto_box_seal_open(m, c, clen, k->pk, k->seed) != 0)
		return fa_errf(e, "cannot open the sealed key");
	return 0;
}
