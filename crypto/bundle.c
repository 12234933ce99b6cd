/*
 * bundle.c: the bundle container (see bundle.h, docs/bundle-format.md).
 *
 * Choices made on purpose:
 *  - Every primitive is libsodium's: crypto_box_seal() carries a random
 *    crypto_secretstream_xchacha20poly1305 key to the hub, the stream
 *    encrypts the payload in chunks (the last one TAG_FINAL, so a cut
 *    stream is seen), Ed25519ph (crypto_sign_init/update/final) signs
 *    the file as it is written, BLAKE2b hashes the payload.
 *  - The manifest comes first, so that a person (or "bundle inspect")
 *    sees what leaves without reading the rest; as it names the
 *    payload's size and hash, the writer keeps the ciphertext in an
 *    unlinked scratch file until the end.
 *  - The reader checks the whole layout and the signature before any
 *    byte is decrypted, and checks the hash again as it decrypts, so a
 *    file changed between the two passes is refused too.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sodium.h>

#include "../cli/plat.h"
#include "bundle.h"

#define SEALED_LEN	(crypto_box_SEALBYTES + \
	crypto_secretstream_xchacha20poly1305_KEYBYTES)
#define HEADER_LEN	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ABYTES		crypto_secretstream_xchacha20poly1305_ABYTES
#define CT_MAX		(BUNDLE_CHUNK + ABYTES)
#define IO_BUF		65536
#define SECRET_MAGIC	"fleetaudit-ss-v1"	/* 16 bytes */
#define SECRET_LEN	(16 + 32)
#define PSEUDO_BYTES	16

static void
ready(void)
{
	if (sodium_init() < 0)
		fa_bug("libsodium cannot initialise");
}

static void
put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static uint32_t
get_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/* Exactly len bytes at off: 0, or -1 (errno 0 for a short read). */
static int
pread_all(int fd, void *buf, size_t len, off_t off)
{
	unsigned char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = pread(fd, p, len, off)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			errno = 0;
			return -1;
		}
		p += n;
		off += n;
		len -= (size_t)n;
	}
	return 0;
}

void
bundle_hash_hex(const unsigned char *hash, char *out)
{
	sodium_bin2hex(out, 2 * BUNDLE_HASH_BYTES + 1, hash,
	    BUNDLE_HASH_BYTES);
}

void
bundle_new_id(char *out)
{
	unsigned char	r[BUNDLE_ID_LEN / 2];

	ready();
	randombytes_buf(r, sizeof(r));
	sodium_bin2hex(out, BUNDLE_ID_LEN + 1, r, sizeof(r));
}

/* ---- manifest ---- */

static json_object *
time_json(int64_t t)
{
	char	buf[32];

	if (t <= 0)
		return NULL;
	fa_iso8601(t, buf, sizeof(buf));
	return json_object_new_string(buf);
}

char *
bundle_manifest_format(const struct bundle_manifest *m)
{
	json_object	*o = json_object_new_object(), *c, *a;
	char		 b64[sodium_base64_ENCODED_LEN(KEY_BYTES,
			    sodium_base64_VARIANT_ORIGINAL)];
	char		 hex[2 * BUNDLE_HASH_BYTES + 1], *key, *r;
	size_t		 i;

	ready();
	json_object_object_add(o, "format",
	    json_object_new_string("fleetaudit-bundle"));
	json_object_object_add(o, "version", json_object_new_int(m->version));
	json_object_object_add(o, "bundle_id", json_object_new_string(m->id));
	json_object_object_add(o, "created", time_json(m->created));
	json_object_object_add(o, "sequence",
	    json_object_new_int64(m->sequence));
	c = json_object_new_object();
	json_object_object_add(c, "fingerprint",
	    json_object_new_string(m->collector_fp));
	sodium_bin2base64(b64, sizeof(b64), m->collector.sign, KEY_BYTES,
	    sodium_base64_VARIANT_ORIGINAL);
	key = fa_asprintf("ed25519:%s", b64);
	json_object_object_add(c, "public_key", json_object_new_string(key));
	free(key);
	json_object_object_add(o, "collector", c);
	c = json_object_new_object();
	json_object_object_add(c, "fingerprint",
	    json_object_new_string(m->hub_fp));
	json_object_object_add(o, "hub", c);
	c = json_object_new_object();
	json_object_object_add(c, "from", time_json(m->period_from));
	json_object_object_add(c, "to", time_json(m->period_to));
	json_object_object_add(c, "after_scan",
	    json_object_new_int64(m->after_scan));
	json_object_object_add(c, "upto_scan",
	    json_object_new_int64(m->upto_scan));
	json_object_object_add(o, "period", c);
	json_object_object_add(o, "devices", json_object_new_int64(m->devices));
	c = json_object_new_object();
	for (i = 0; i < m->nkinds; i++)
		json_object_object_add(c, m->kinds[i],
		    json_object_new_int64(m->counts[i]));
	json_object_object_add(o, "records", c);
	a = json_object_new_array();
	for (i = 0; i < m->nmasks; i++)
		json_object_array_add(a, json_object_new_string(m->masks[i]));
	json_object_object_add(o, "masking", a);
	c = json_object_new_object();
	json_object_object_add(c, "archive", json_object_new_string(m->archive));
	json_object_object_add(c, "encryption", json_object_new_string(
	    "x25519-sealed-key+xchacha20poly1305-secretstream"));
	json_object_object_add(c, "chunk", json_object_new_int(BUNDLE_CHUNK));
	json_object_object_add(c, "size",
	    json_object_new_int64((int64_t)m->payload_size));
	bundle_hash_hex(m->payload_hash, hex);
	json_object_object_add(c, "blake2b_256", json_object_new_string(hex));
	json_object_object_add(o, "payload", c);
	r = fa_asprintf("%s\n", json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return r;
}

/* Every key of o is one of names (NULL-terminated). */
static int
only_keys(json_object *o, const char *what, const char *const *names,
    struct fa_err *e)
{
	size_t	i;

	json_object_object_foreach(o, k, v) {
		(void)v;
		for (i = 0; names[i] != NULL; i++)
			if (strcmp(k, names[i]) == 0)
				break;
		if (names[i] == NULL)
			return fa_errf(e, "unknown key '%.40s' in %s", k, what);
	}
	return 0;
}

static json_object *
get(json_object *o, const char *key, json_type t, int nullable,
    const char *what, struct fa_err *e)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, key, &v)) {
		fa_errf(e, "%s has no '%s'", what, key);
		return NULL;
	}
	if (v == NULL && nullable)
		return NULL;
	if (v == NULL || !json_object_is_type(v, t)) {
		fa_errf(e, "'%s' in %s has the wrong type", key, what);
		return NULL;
	}
	return v;
}

static int
get_int(json_object *o, const char *key, int64_t min, int64_t max,
    int64_t *out, const char *what, struct fa_err *e)
{
	json_object	*v = get(o, key, json_type_int, 0, what, e);

	if (v == NULL)
		return -1;
	errno = 0;
	*out = json_object_get_int64(v);
	if (errno != 0 || *out < min || *out > max)
		return fa_errf(e, "'%s' in %s is out of range", key, what);
	return 0;
}

static int
get_str(json_object *o, const char *key, char *out, size_t cap,
    const char *what, struct fa_err *e)
{
	json_object	*v = get(o, key, json_type_string, 0, what, e);

	if (v == NULL)
		return -1;
	if ((size_t)json_object_get_string_len(v) >= cap)
		return fa_errf(e, "'%s' in %s is too long", key, what);
	fa_strlcpy(out, json_object_get_string(v), cap);
	return 0;
}

/* "2026-11-25T12:00:00Z" or null (0). */
static int
get_time(json_object *o, const char *key, int64_t *out, const char *what,
    struct fa_err *e)
{
	json_object	*v;
	const char	*s;

	*out = 0;
	if (!json_object_object_get_ex(o, key, &v))
		return fa_errf(e, "%s has no '%s'", what, key);
	if (v == NULL)
		return 0;
	if (!json_object_is_type(v, json_type_string))
		return fa_errf(e, "'%s' in %s has the wrong type", key, what);
	s = json_object_get_string(v);
	if (fa_parse_utc(s, out) != 0)
		return fa_errf(e, "'%s' in %s is not a UTC time", key, what);
	if (*out <= 0)
		return fa_errf(e, "'%s' in %s is out of range", key, what);
	return 0;
}

/* Letters, digits and '_': a kind or mask name. */
static int
name_ok(const char *s)
{
	size_t	n = strlen(s);

	if (n == 0 || n > BUNDLE_NAME_MAX)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static int
hexbytes(const char *hex, unsigned char *out, size_t n)
{
	size_t	got;

	if (strlen(hex) != 2 * n ||
	    strspn(hex, "0123456789abcdef") != 2 * n)
		return -1;
	return sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, NULL) == 0 &&
	    got == n ? 0 : -1;
}

static int
manifest_from(json_object *o, struct bundle_manifest *m, struct fa_err *e)
{
	static const char *const top[] = { "format", "version", "bundle_id",
	    "created", "sequence", "collector", "hub", "period", "devices",
	    "records", "masking", "payload", NULL };
	static const char *const col[] = { "fingerprint", "public_key",
	    NULL };
	static const char *const hub[] = { "fingerprint", NULL };
	static const char *const per[] = { "from", "to", "after_scan",
	    "upto_scan", NULL };
	static const char *const pay[] = { "archive", "encryption", "chunk",
	    "size", "blake2b_256", NULL };
	json_object	*c, *v;
	struct fa_err	 e2;
	char		 buf[128], fp[KEY_FP_LEN + 1], *line;
	int64_t		 n;
	size_t		 i, j;

	memset(m, 0, sizeof(*m));
	if (!json_object_is_type(o, json_type_object))
		return fa_errf(e, "the manifest is not a JSON object");
	/* The version first: a later format is refused by name. */
	if (get_int(o, "version", 0, INT32_MAX, &n, "the manifest", e) != 0)
		return -1;
	if (n != BUNDLE_VERSION)
		return fa_errf(e, "unsupported bundle version %lld (this "
		    "program reads version %d)", (long long)n,
		    BUNDLE_VERSION);
	m->version = (int)n;
	if (only_keys(o, "the manifest", top, e) != 0 ||
	    get_str(o, "format", buf, sizeof(buf), "the manifest", e) != 0)
		return -1;
	if (strcmp(buf, "fleetaudit-bundle") != 0)
		return fa_errf(e, "the manifest's format is not "
		    "'fleetaudit-bundle'");
	if (get_str(o, "bundle_id", m->id, sizeof(m->id), "the manifest",
	    e) != 0)
		return -1;
	if (strlen(m->id) != BUNDLE_ID_LEN ||
	    strspn(m->id, "0123456789abcdef") != BUNDLE_ID_LEN)
		return fa_errf(e, "the manifest's bundle_id is not 32 hex "
		    "digits");
	if (get_time(o, "created", &m->created, "the manifest", e) != 0 ||
	    get_int(o, "sequence", 1, INT64_MAX, &m->sequence,
	    "the manifest", e) != 0 ||
	    get_int(o, "devices", 0, INT64_MAX, &m->devices, "the manifest",
	    e) != 0)
		return -1;
	if (m->created == 0)
		return fa_errf(e, "the manifest has no creation time");
	/* collector: its whole public key, checked as a key file's. */
	if ((c = get(o, "collector", json_type_object, 0, "the manifest",
	    e)) == NULL || only_keys(c, "'collector'", col, e) != 0 ||
	    get_str(c, "fingerprint", m->collector_fp,
	    sizeof(m->collector_fp), "'collector'", e) != 0 ||
	    get_str(c, "public_key", buf, sizeof(buf), "'collector'", e) != 0)
		return -1;
	line = fa_asprintf("fleetaudit-collector-v1 %s", buf);
	i = (size_t)key_pub_parse(line, strlen(line), &m->collector, &e2);
	free(line);
	if (i != 0)
		return fa_errf(e, "the manifest's collector key: %s", e2.msg);
	key_fingerprint(&m->collector, fp);
	if (strcmp(fp, m->collector_fp) != 0)
		return fa_errf(e, "the manifest's collector fingerprint does "
		    "not match its key");
	if ((c = get(o, "hub", json_type_object, 0, "the manifest",
	    e)) == NULL || only_keys(c, "'hub'", hub, e) != 0 ||
	    get_str(c, "fingerprint", m->hub_fp, sizeof(m->hub_fp), "'hub'",
	    e) != 0)
		return -1;
	if (key_fingerprint_parse(m->hub_fp, fp, &e2) != 0 ||
	    strcmp(fp, m->hub_fp) != 0)
		return fa_errf(e, "the manifest's hub fingerprint is not "
		    "canonical");
	if ((c = get(o, "period", json_type_object, 0, "the manifest",
	    e)) == NULL || only_keys(c, "'period'", per, e) != 0 ||
	    get_time(c, "from", &m->period_from, "'period'", e) != 0 ||
	    get_time(c, "to", &m->period_to, "'period'", e) != 0 ||
	    get_int(c, "after_scan", 0, INT64_MAX, &m->after_scan,
	    "'period'", e) != 0 ||
	    get_int(c, "upto_scan", 0, INT64_MAX, &m->upto_scan, "'period'",
	    e) != 0)
		return -1;
	if (m->upto_scan < m->after_scan || m->period_to < m->period_from)
		return fa_errf(e, "the manifest's period ends before it "
		    "starts");
	if ((c = get(o, "records", json_type_object, 0, "the manifest",
	    e)) == NULL)
		return -1;
	json_object_object_foreach(c, k, kv) {
		if (m->nkinds >= BUNDLE_KINDS_MAX)
			return fa_errf(e, "the manifest names more than %d "
			    "kinds of records", BUNDLE_KINDS_MAX);
		if (!name_ok(k))
			return fa_errf(e, "bad record kind '%.40s' in the "
			    "manifest", k);
		for (j = 0; j < m->nkinds; j++)
			if (strcmp(m->kinds[j], k) == 0)
				return fa_errf(e, "record kind '%s' twice in "
				    "the manifest", k);
		if (kv == NULL || !json_object_is_type(kv, json_type_int) ||
		    (errno = 0, n = json_object_get_int64(kv)) < 0 ||
		    errno != 0)
			return fa_errf(e, "the count of '%s' in the manifest "
			    "is not a count", k);
		fa_strlcpy(m->kinds[m->nkinds], k, sizeof(m->kinds[0]));
		m->counts[m->nkinds++] = n;
	}
	if ((c = get(o, "masking", json_type_array, 0, "the manifest",
	    e)) == NULL)
		return -1;
	if (json_object_array_length(c) > BUNDLE_MASKS_MAX)
		return fa_errf(e, "the manifest names too many masked fields");
	for (i = 0; i < json_object_array_length(c); i++) {
		v = json_object_array_get_idx(c, i);
		if (v == NULL || !json_object_is_type(v, json_type_string) ||
		    (strcmp(json_object_get_string(v), "ip") != 0 &&
		    strcmp(json_object_get_string(v), "mac") != 0 &&
		    strcmp(json_object_get_string(v), "hostname") != 0))
			return fa_errf(e, "unknown masked field in the "
			    "manifest (ip, mac, hostname)");
		for (j = 0; j < m->nmasks; j++)
			if (strcmp(m->masks[j], json_object_get_string(v)) ==
			    0)
				return fa_errf(e, "masked field '%s' twice in "
				    "the manifest", m->masks[j]);
		fa_strlcpy(m->masks[m->nmasks++], json_object_get_string(v),
		    sizeof(m->masks[0]));
	}
	if ((c = get(o, "payload", json_type_object, 0, "the manifest",
	    e)) == NULL || only_keys(c, "'payload'", pay, e) != 0 ||
	    get_str(c, "archive", m->archive, sizeof(m->archive),
	    "'payload'", e) != 0 ||
	    get_str(c, "encryption", buf, sizeof(buf), "'payload'", e) != 0 ||
	    get_int(c, "chunk", BUNDLE_CHUNK, BUNDLE_CHUNK, &n, "'payload'",
	    e) != 0 ||
	    get_int(c, "size", SEALED_LEN + HEADER_LEN + 4 + ABYTES,
	    INT64_MAX, &n, "'payload'", e) != 0)
		return -1;
	m->payload_size = (uint64_t)n;
	if (strcmp(m->archive, "tar+gzip") != 0 &&
	    strcmp(m->archive, "tar+zstd") != 0)
		return fa_errf(e, "unsupported payload archive '%s'",
		    m->archive);
	if (strcmp(buf, "x25519-sealed-key+xchacha20poly1305-secretstream"))
		return fa_errf(e, "unsupported payload encryption '%.60s'",
		    buf);
	if (get_str(c, "blake2b_256", buf, sizeof(buf), "'payload'", e) != 0)
		return -1;
	if (hexbytes(buf, m->payload_hash, BUNDLE_HASH_BYTES) != 0)
		return fa_errf(e, "the manifest's payload hash is not 64 hex "
		    "digits");
	return 0;
}

int
bundle_manifest_parse(const char *text, size_t len,
    struct bundle_manifest *m, struct fa_err *e)
{
	json_tokener	*tok;
	json_object	*o;
	size_t		 end;
	int		 rc;

	memset(m, 0, sizeof(*m));
	if (len == 0 || len > BUNDLE_MANIFEST_MAX)
		return fa_errf(e, "the manifest is %zu bytes (1 to %d)", len,
		    BUNDLE_MANIFEST_MAX);
	if (memchr(text, '\0', len) != NULL)
		return fa_errf(e, "the manifest holds a NUL byte");
	tok = json_tokener_new_ex(16);
	o = json_tokener_parse_ex(tok, text, (int)len);
	end = o != NULL ? json_tokener_get_parse_end(tok) : 0;
	while (o != NULL && end < len && (text[end] == ' ' ||
	    text[end] == '\t' || text[end] == '\r' || text[end] == '\n'))
		end++;
	if (o == NULL || end != len) {
		json_object_put(o);
		json_tokener_free(tok);
		return fa_errf(e, "the manifest is not valid JSON");
	}
	json_tokener_free(tok);
	rc = manifest_from(o, m, e);
	json_object_put(o);
	return rc;
}

/* ---- writing ---- */

struct bundle_writer {
	int		 scratch;	/* unlinked; the ciphertext */
	crypto_secretstream_xchacha20poly1305_state *st;	/* guarded */
	crypto_generichash_state hash;
	unsigned char	*plain;		/* BUNDLE_CHUNK bytes */
	size_t		 nplain;
	unsigned char	*ct;		/* 4 + CT_MAX bytes */
	uint64_t	 size;		/* ciphertext bytes so far */
	int		 done;
};

static int
w_out(struct bundle_writer *w, const unsigned char *p, size_t n,
    struct fa_err *e)
{
	if (fa_write_all(w->scratch, p, n) == -1)
		return fa_errf(e, "cannot write the bundle's scratch file: %s",
		    strerror(errno));
	crypto_generichash_update(&w->hash, p, n);
	w->size += n;
	return 0;
}

static int
w_chunk(struct bundle_writer *w, unsigned char tag, struct fa_err *e)
{
	unsigned long long	clen;

	if (crypto_secretstream_xchacha20poly1305_push(w->st, w->ct + 4,
	    &clen, w->plain, w->nplain, NULL, 0, tag) != 0)
		return fa_errf(e, "cannot encrypt the payload");
	put_le32(w->ct, (uint32_t)clen);
	w->nplain = 0;
	return w_out(w, w->ct, 4 + (size_t)clen, e);
}

int
bundle_writer_new(const char *dir, const struct key_pub *hub,
    struct bundle_writer **out, struct fa_err *e)
{
	struct bundle_writer	*w;
	unsigned char		*key, sealed[SEALED_LEN], header[HEADER_LEN];
	char			*tmp;
	int			 rc = -1;

	*out = NULL;
	ready();
	if (hub->kind != KEY_HUB)
		return fa_errf(e, "not a hub key");
	w = fa_calloc(1, sizeof(*w));
	w->scratch = -1;
	w->st = sodium_malloc(sizeof(*w->st));
	key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	if (w->st == NULL || key == NULL)
		fa_bug("out of memory");
	w->plain = fa_malloc(BUNDLE_CHUNK);
	w->ct = fa_malloc(4 + CT_MAX);
	tmp = fa_asprintf("%s/.fleetaudit-bundle-XXXXXX", dir);
	if ((w->scratch = fa_mkstemp(tmp)) == -1) {
		fa_errf(e, "cannot create a scratch file in '%s': %s", dir,
		    strerror(errno));
		free(tmp);
		goto out;
	}
	(void)unlink(tmp);
	free(tmp);
	crypto_generichash_init(&w->hash, NULL, 0, BUNDLE_HASH_BYTES);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	if (crypto_box_seal(sealed, key,
	    crypto_secretstream_xchacha20poly1305_KEYBYTES, hub->box) != 0 ||
	    crypto_secretstream_xchacha20poly1305_init_push(w->st, header,
	    key) != 0) {
		fa_errf(e, "cannot seal the payload key to the hub");
		goto out;
	}
	if (w_out(w, sealed, sizeof(sealed), e) != 0 ||
	    w_out(w, header, sizeof(header), e) != 0)
		goto out;
	*out = w;
	w = NULL;
	rc = 0;
out:
	sodium_free(key);
	bundle_writer_free(w);
	return rc;
}

int
bundle_writer_write(struct bundle_writer *w, const void *buf, size_t len,
    struct fa_err *e)
{
	const unsigned char	*p = buf;
	size_t			 n;

	if (w->done)
		fa_bug("bundle_writer_write after finish");
	while (len > 0) {
		/* A full chunk goes only once more follows: the last one
		 * must carry TAG_FINAL. */
		if (w->nplain == BUNDLE_CHUNK &&
		    w_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
		    e) != 0)
			return -1;
		n = BUNDLE_CHUNK - w->nplain;
		if (n > len)
			n = len;
		memcpy(w->plain + w->nplain, p, n);
		w->nplain += n;
		p += n;
		len -= n;
	}
	return 0;
}

/* Writes and signs: every byte to fd goes through the signature. */
static int
s_out(int fd, crypto_sign_state *ss, const void *p, size_t n,
    struct fa_err *e)
{
	if (fa_write_all(fd, p, n) == -1)
		return fa_errf(e, "cannot write the bundle: %s",
		    strerror(errno));
	crypto_sign_update(ss, p, n);
	return 0;
}

int
bundle_writer_finish(struct bundle_writer *w, struct bundle_manifest *m,
    const struct key_secret *signer, int fd, struct fa_err *e)
{
	crypto_sign_state	 ss;
	unsigned char		 len4[4], sig[BUNDLE_SIG_BYTES], *buf = NULL;
	char			 magic[BUNDLE_MAGIC_LEN + 1], *json = NULL;
	uint64_t		 left;
	ssize_t			 n;
	int			 rc = -1;

	if (w->done)
		fa_bug("bundle_writer_finish twice");
	w->done = 1;
	if (key_secret_alg(signer) != KEY_ED25519 ||
	    memcmp(key_secret_public(signer), m->collector.sign,
	    KEY_BYTES) != 0)
		return fa_errf(e, "the signing key is not the manifest's "
		    "collector key");
	if (w_chunk(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL,
	    e) != 0)
		return -1;
	crypto_generichash_final(&w->hash, m->payload_hash,
	    BUNDLE_HASH_BYTES);
	m->payload_size = w->size;
	m->version = BUNDLE_VERSION;
	json = bundle_manifest_format(m);
	if (strlen(json) > BUNDLE_MANIFEST_MAX) {
		fa_errf(e, "the manifest is larger than %d bytes",
		    BUNDLE_MANIFEST_MAX);
		goto out;
	}
	crypto_sign_init(&ss);
	snprintf(magic, sizeof(magic), "%s%d\n", BUNDLE_MAGIC,
	    BUNDLE_VERSION);
	put_le32(len4, (uint32_t)strlen(json));
	if (s_out(fd, &ss, magic, BUNDLE_MAGIC_LEN, e) != 0 ||
	    s_out(fd, &ss, len4, 4, e) != 0 ||
	    s_out(fd, &ss, json, strlen(json), e) != 0)
		goto out;
	if (lseek(w->scratch, 0, SEEK_SET) == -1) {
		fa_errf(e, "cannot read the bundle's scratch file: %s",
		    strerror(errno));
		goto out;
	}
	buf = fa_malloc(IO_BUF);
	for (left = w->size; left > 0; left -= (uint64_t)n) {
		n = read(w->scratch, buf, left < IO_BUF ? (size_t)left :
		    IO_BUF);
		if (n == -1 && errno == EINTR) {
			n = 0;
			continue;
		}
		if (n <= 0) {
			fa_errf(e, "cannot read the bundle's scratch file: %s",
			    n == 0 ? "short file" : strerror(errno));
			goto out;
		}
		if (s_out(fd, &ss, buf, (size_t)n, e) != 0)
			goto out;
	}
	if (key_secret_sign_final(signer, &ss, sig, e) != 0)
		goto out;
	if (fa_write_all(fd, sig, sizeof(sig)) == -1) {
		fa_errf(e, "cannot write the bundle: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(buf);
	free(json);
	return rc;
}

void
bundle_writer_free(struct bundle_writer *w)
{
	if (w == NULL)
		return;
	if (w->scratch != -1)
		close(w->scratch);
	if (w->st != NULL)
		sodium_free(w->st);
	if (w->plain != NULL)
		sodium_memzero(w->plain, BUNDLE_CHUNK);
	free(w->plain);
	free(w->ct);
	free(w);
}

/* ---- reading ---- */

struct bundle_reader {
	int		 fd;
	char		*name;
	uint64_t	 size;
	struct bundle_manifest m;
	uint64_t	 payload_off, payload_end;	/* [off, end) */
	/* decryption */
	crypto_secretstream_xchacha20poly1305_state *st;	/* guarded */
	crypto_generichash_state hash;
	unsigned char	*ct, *plain;
	size_t		 nplain, plain_off;
	uint64_t	 pos;
	int		 final, failed;
};

int
bundle_open(const char *path, const char *name, struct bundle_reader **out,
    struct fa_err *e)
{
	struct bundle_reader	*r;
	struct stat		 sb;
	crypto_sign_state	 ss;
	crypto_generichash_state hs;
	unsigned char		 head[BUNDLE_MAGIC_LEN + 4], sig[64], *buf;
	unsigned char		 hash[BUNDLE_HASH_BYTES];
	char			*json = NULL;
	struct fa_err		 e2;
	uint64_t		 pos, left;
	uint32_t		 mlen, clen;
	char			 magic[BUNDLE_MAGIC_LEN + 1];
	int			 rc = -1;

	*out = NULL;
	ready();
	if (name == NULL)
		name = path;
	r = fa_calloc(1, sizeof(*r));
	r->fd = -1;
	r->name = fa_strdup(name);
	buf = fa_malloc(CT_MAX);
	/* O_NONBLOCK: a FIFO must not hang the open; cleared below. */
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		fa_errf(e, "cannot read bundle '%s': %s", name,
		    strerror(errno));
		goto out;
	}
	if (fstat(r->fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    fcntl(r->fd, F_SETFL, 0) == -1) {
		fa_errf(e, "cannot read bundle '%s': not a regular file",
		    name);
		goto out;
	}
	r->size = (uint64_t)sb.st_size;
	snprintf(magic, sizeof(magic), "%s%d\n", BUNDLE_MAGIC,
	    BUNDLE_VERSION);
	if (r->size < sizeof(head) || pread_all(r->fd, head, sizeof(head),
	    0) == -1) {
		if (r->size >= strlen(BUNDLE_MAGIC) &&
		    pread_all(r->fd, head, strlen(BUNDLE_MAGIC), 0) == 0 &&
		    memcmp(head, BUNDLE_MAGIC, strlen(BUNDLE_MAGIC)) == 0)
			fa_errf(e, "bundle '%s' is truncated (%llu bytes)",
			    name, (unsigned long long)r->size);
		else
			fa_errf(e, "'%s' is not a fleetaudit bundle", name);
		goto out;
	}
	if (memcmp(head, magic, BUNDLE_MAGIC_LEN) != 0) {
		if (memcmp(head, BUNDLE_MAGIC, strlen(BUNDLE_MAGIC)) == 0) {
			size_t n = strspn((const char *)head +
			    strlen(BUNDLE_MAGIC), "0123456789");

			fa_errf(e, "bundle '%s' has an unsupported version "
			    "'%.*s' (this program reads version %d)", name,
			    (int)n, (const char *)head + strlen(BUNDLE_MAGIC),
			    BUNDLE_VERSION);
		} else
			fa_errf(e, "'%s' is not a fleetaudit bundle", name);
		goto out;
	}
	mlen = get_le32(head + BUNDLE_MAGIC_LEN);
	if (mlen == 0 || mlen > BUNDLE_MANIFEST_MAX) {
		fa_errf(e, "bundle '%s' is damaged: a manifest of %u bytes",
		    name, mlen);
		goto out;
	}
	pos = sizeof(head);
	if (pos + mlen + SEALED_LEN + HEADER_LEN + 4 + ABYTES +
	    BUNDLE_SIG_BYTES > r->size) {
		fa_errf(e, "bundle '%s' is truncated (%llu bytes)", name,
		    (unsigned long long)r->size);
		goto out;
	}
	json = fa_malloc(mlen);
	if (pread_all(r->fd, json, mlen, (off_t)pos) == -1) {
		fa_errf(e, "cannot read bundle '%s': %s", name,
		    strerror(errno));
		goto out;
	}
	if (bundle_manifest_parse(json, mlen, &r->m, &e2) != 0) {
		fa_errf(e, "bundle '%s': %s", name, e2.msg);
		goto out;
	}
	/* Walk the layout, signing and hashing as we go. */
	crypto_sign_init(&ss);
	crypto_sign_update(&ss, head, sizeof(head));
	crypto_sign_update(&ss, (unsigned char *)json, mlen);
	crypto_generichash_init(&hs, NULL, 0, BUNDLE_HASH_BYTES);
	pos += mlen;
	r->payload_off = pos;
	r->payload_end = r->size - BUNDLE_SIG_BYTES;
	if (pread_all(r->fd, buf, SEALED_LEN + HEADER_LEN, (off_t)pos) ==
	    -1) {
		fa_errf(e, "cannot read bundle '%s': %s", name,
		    strerror(errno));
		goto out;
	}
	crypto_sign_update(&ss, buf, SEALED_LEN + HEADER_LEN);
	crypto_generichash_update(&hs, buf, SEALED_LEN + HEADER_LEN);
	pos += SEALED_LEN + HEADER_LEN;
	while (pos < r->payload_end) {
		if (pos + 4 > r->payload_end ||
		    pread_all(r->fd, buf, 4, (off_t)pos) == -1) {
			fa_errf(e, "bundle '%s' is truncated or damaged (at "
			    "byte %llu)", name, (unsigned long long)pos);
			goto out;
		}
		clen = get_le32(buf);
		if (clen < ABYTES || clen > CT_MAX ||
		    pos + 4 + clen > r->payload_end) {
			fa_errf(e, "bundle '%s' is truncated or damaged (a "
			    "chunk at byte %llu runs past its end)", name,
			    (unsigned long long)pos);
			goto out;
		}
		crypto_sign_update(&ss, buf, 4);
		crypto_generichash_update(&hs, buf, 4);
		if (pread_all(r->fd, buf, clen, (off_t)pos + 4) == -1) {
			fa_errf(e, "cannot read bundle '%s': %s", name,
			    strerror(errno));
			goto out;
		}
		crypto_sign_update(&ss, buf, clen);
		crypto_generichash_update(&hs, buf, clen);
		pos += 4 + clen;
	}
	if (pread_all(r->fd, sig, sizeof(sig), (off_t)r->payload_end) == -1) {
		fa_errf(e, "cannot read bundle '%s': %s", name,
		    strerror(errno));
		goto out;
	}
	if (crypto_sign_final_verify(&ss, sig, r->m.collector.sign) != 0) {
		fa_errf(e, "bad signature: bundle '%s' was changed after it "
		    "was signed, or not signed by collector %s", name,
		    r->m.collector_fp);
		goto out;
	}
	crypto_generichash_final(&hs, hash, sizeof(hash));
	left = r->payload_end - r->payload_off;
	if (left != r->m.payload_size ||
	    sodium_memcmp(hash, r->m.payload_hash, sizeof(hash)) != 0) {
		fa_errf(e, "bundle '%s': the payload does not have the size "
		    "and hash its manifest states", name);
		goto out;
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	free(json);
	free(buf);
	bundle_close(r);
	return rc;
}

int
bundle_peek(const char *path, struct bundle_manifest *m, struct fa_err *e)
{
	unsigned char	 head[BUNDLE_MAGIC_LEN + 4];
	char		 magic[BUNDLE_MAGIC_LEN + 1], *json = NULL;
	struct stat	 sb;
	uint32_t	 mlen;
	int		 fd, rc = -1;

	memset(m, 0, sizeof(*m));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return fa_errf(e, "cannot read bundle '%s': %s", path,
		    strerror(errno));
	snprintf(magic, sizeof(magic), "%s%d\n", BUNDLE_MAGIC,
	    BUNDLE_VERSION);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    pread_all(fd, head, sizeof(head), 0) == -1 ||
	    memcmp(head, magic, BUNDLE_MAGIC_LEN) != 0 ||
	    (mlen = get_le32(head + BUNDLE_MAGIC_LEN)) == 0 ||
	    mlen > BUNDLE_MANIFEST_MAX) {
		fa_errf(e, "'%s' is not a fleetaudit bundle of version %d",
		    path, BUNDLE_VERSION);
		goto out;
	}
	json = fa_malloc(mlen);
	if (pread_all(fd, json, mlen, sizeof(head)) == -1) {
		fa_errf(e, "bundle '%s' is truncated", path);
		goto out;
	}
	rc = bundle_manifest_parse(json, mlen, m, e);
out:
	free(json);
	close(fd);
	return rc;
}

const struct bundle_manifest *
bundle_manifest(const struct bundle_reader *r)
{
	return &r->m;
}

uint64_t
bundle_file_size(const struct bundle_reader *r)
{
	return r->size;
}

int
bundle_decrypt_begin(struct bundle_reader *r, const struct key_secret *hub,
    struct fa_err *e)
{
	unsigned char	sealed[SEALED_LEN + HEADER_LEN], *key;
	int		rc = -1;

	if (key_secret_alg(hub) != KEY_X25519)
		return fa_errf(e, "not the hub's encryption key");
	if (r->st != NULL)
		fa_bug("bundle_decrypt_begin twice");
	r->st = sodium_malloc(sizeof(*r->st));
	key = sodium_malloc(crypto_secretstream_xchacha20poly1305_KEYBYTES);
	if (r->st == NULL || key == NULL)
		fa_bug("out of memory");
	r->ct = fa_malloc(CT_MAX);
	r->plain = fa_malloc(BUNDLE_CHUNK);
	if (pread_all(r->fd, sealed, sizeof(sealed),
	    (off_t)r->payload_off) == -1) {
		fa_errf(e, "cannot read bundle '%s': %s", r->name,
		    errno ? strerror(errno) : "it got shorter");
		goto out;
	}
	crypto_generichash_init(&r->hash, NULL, 0, BUNDLE_HASH_BYTES);
	crypto_generichash_update(&r->hash, sealed, sizeof(sealed));
	if (key_secret_unseal(hub, sealed, SEALED_LEN, key, e) != 0) {
		fa_errf(e, "bundle '%s' is not for this hub: its key does "
		    "not open it", r->name);
		goto out;
	}
	if (crypto_secretstream_xchacha20poly1305_init_pull(r->st,
	    sealed + SEALED_LEN, key) != 0) {
		fa_errf(e, "bundle '%s' is damaged: a bad stream header",
		    r->name);
		goto out;
	}
	r->pos = r->payload_off + sizeof(sealed);
	rc = 0;
out:
	sodium_free(key);
	if (rc != 0)
		r->failed = 1;
	return rc;
}

/* Decrypts the next chunk into r->plain. */
static int
next_chunk(struct bundle_reader *r, struct fa_err *e)
{
	unsigned long long	mlen;
	unsigned char		len4[4], tag;
	unsigned char		hash[BUNDLE_HASH_BYTES];
	uint32_t		clen;

	if (r->pos + 4 > r->payload_end ||
	    pread_all(r->fd, len4, 4, (off_t)r->pos) == -1)
		return fa_errf(e, "bundle '%s' is truncated: the payload ends "
		    "without its final chunk", r->name);
	clen = get_le32(len4);
	if (clen < ABYTES || clen > CT_MAX ||
	    r->pos + 4 + clen > r->payload_end ||
	    pread_all(r->fd, r->ct, clen, (off_t)r->pos + 4) == -1)
		return fa_errf(e, "bundle '%s' is truncated or damaged (at "
		    "byte %llu)", r->name, (unsigned long long)r->pos);
	crypto_generichash_update(&r->hash, len4, 4);
	crypto_generichash_update(&r->hash, r->ct, clen);
	r->pos += 4 + clen;
	if (crypto_secretstream_xchacha20poly1305_pull(r->st, r->plain, &mlen,
	    &tag, r->ct, clen, NULL, 0) != 0)
		return fa_errf(e, "bundle '%s' is damaged: a chunk fails its "
		    "authentication", r->name);
	r->nplain = (size_t)mlen;
	r->plain_off = 0;
	if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
		if (r->pos != r->payload_end)
			return fa_errf(e, "bundle '%s' is damaged: data after "
			    "the final chunk", r->name);
		crypto_generichash_final(&r->hash, hash, sizeof(hash));
		if (sodium_memcmp(hash, r->m.payload_hash, sizeof(hash)) != 0)
			return fa_errf(e, "bundle '%s' changed while it was "
			    "read", r->name);
		r->final = 1;
	} else if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE)
		return fa_errf(e, "bundle '%s' is damaged: an unknown chunk "
		    "tag", r->name);
	else if (r->pos >= r->payload_end)
		return fa_errf(e, "bundle '%s' is truncated: the payload ends "
		    "without its final chunk", r->name);
	return 0;
}

ssize_t
bundle_read(struct bundle_reader *r, void *buf, size_t n, struct fa_err *e)
{
	size_t	k;

	if (r->st == NULL)
		fa_bug("bundle_read before bundle_decrypt_begin");
	if (r->failed)
		return fa_errf(e, "bundle '%s': reading after an error",
		    r->name);
	while (r->plain_off == r->nplain) {
		if (r->final)
			return 0;
		if (next_chunk(r, e) != 0) {
			r->failed = 1;
			return -1;
		}
	}
	k = r->nplain - r->plain_off;
	if (k > n)
		k = n;
	memcpy(buf, r->plain + r->plain_off, k);
	r->plain_off += k;
	return (ssize_t)k;
}

void
bundle_close(struct bundle_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd != -1)
		close(r->fd);
	if (r->st != NULL)
		sodium_free(r->st);
	if (r->plain != NULL)
		sodium_memzero(r->plain, BUNDLE_CHUNK);
	free(r->plain);
	free(r->ct);
	free(r->name);
	free(r);
}

/* ---- site secret ---- */

struct bundle_secret {
	unsigned char	key[32];
};

int
bundle_secret_load(const char *path, int create, struct bundle_secret **out,
    struct fa_err *e)
{
	struct bundle_secret	*s;
	unsigned char		*buf;
	struct stat		 sb;
	ssize_t			 n;
	int			 fd, rc = -1;

	*out = NULL;
	ready();
	s = sodium_malloc(sizeof(*s));
	buf = sodium_malloc(SECRET_LEN + 1);
	if (s == NULL || buf == NULL)
		fa_bug("out of memory");
	if (create && lstat(path, &sb) == -1 && errno == ENOENT) {
		memcpy(buf, SECRET_MAGIC, 16);
		randombytes_buf(buf + 16, 32);
		if (fa_put_file(path, "site secret", buf, SECRET_LEN, 0600, 0,
		    e) != 0)
			goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		fa_errf(e, "cannot read site secret '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		fa_errf(e, "site secret '%s' is not a regular file", path);
		close(fd);
		goto out;
	}
	if (fa_fd_private(fd, "site secret", path, e) != 0) {
		close(fd);
		goto out;
	}
	n = read(fd, buf, SECRET_LEN + 1);
	close(fd);
	if (n != SECRET_LEN || memcmp(buf, SECRET_MAGIC, 16) != 0) {
		fa_errf(e, "site secret '%s' is damaged", path);
		goto out;
	}
	memcpy(s->key, buf + 16, 32);
	*out = s;
	s = NULL;
	rc = 0;
out:
	sodium_free(buf);
	bundle_secret_free(s);
	return rc;
}

void
bundle_secret_free(struct bundle_secret *s)
{
	if (s != NULL)
		sodium_free(s);
}

void
bundle_pseudonym(const struct bundle_secret *s, const char *kind,
    const char *value, char *out)
{
	crypto_generichash_state	st;
	unsigned char			h[PSEUDO_BYTES];
	char				hex[2 * PSEUDO_BYTES + 1];

	crypto_generichash_init(&st, s->key, sizeof(s->key), sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)kind,
	    strlen(kind) + 1);
	crypto_generichash_update(&st, (const unsigned char *)value,
	    strlen(value));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, BUNDLE_PSEUDO_MAX + 1, "%s:%s", kind, hex);
}

/* ---- receipts ---- */

int
bundle_receipt_sign(const struct key_secret *signer, const char *json,
    char **out, struct fa_err *e)
{
	unsigned char	 sig[BUNDLE_SIG_BYTES];
	char		 b64[sodium_base64_ENCODED_LEN(BUNDLE_SIG_BYTES,
			    sodium_base64_VARIANT_ORIGINAL)];
	char		*body;
	int		 rc;

	*out = NULL;
	ready();
	if (strchr(json, '\n') != NULL)
		fa_bug("bundle_receipt_sign: a newline in the JSON");
	body = fa_asprintf("%s\n%s\n", RECEIPT_MAGIC, json);
	rc = key_secret_sign(signer, (unsigned char *)body, strlen(body), sig,
	    e);
	if (rc == 0) {
		sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig),
		    sodium_base64_VARIANT_ORIGINAL);
		*out = fa_asprintf("%sed25519:%s\n", body, b64);
	}
	free(body);
	return rc;
}

int
bundle_receipt_verify(const char *text, size_t len, const struct key_pub *hub,
    char **json, struct fa_err *e)
{
	const char	*l2, *l3, *end;
	unsigned char	 sig[BUNDLE_SIG_BYTES];
	size_t		 got, ml = strlen(RECEIPT_MAGIC);
	char		 b64[128];

	*json = NULL;
	ready();
	if (len > RECEIPT_MAX || memchr(text, '\0', len) != NULL)
		return fa_errf(e, "not a fleetaudit receipt");
	if (len < ml + 1 || memcmp(text, RECEIPT_MAGIC, ml) != 0 ||
	    text[ml] != '\n')
		return fa_errf(e, "not a fleetaudit receipt");
	l2 = text + ml + 1;
	if ((end = memchr(l2, '\n', len - (size_t)(l2 - text))) == NULL)
		return fa_errf(e, "the receipt is truncated");
	l3 = end + 1;
	if ((end = memchr(l3, '\n', len - (size_t)(l3 - text))) == NULL ||
	    end + 1 != text + len)
		return fa_errf(e, "the receipt is truncated or has extra "
		    "lines");
	if ((size_t)(end - l3) >= sizeof(b64) || end - l3 < 9 ||
	    memcmp(l3, "ed25519:", 8) != 0)
		return fa_errf(e, "the receipt has no signature line");
	memcpy(b64, l3 + 8, (size_t)(end - l3) - 8);
	b64[end - l3 - 8] = '\0';
	if (sodium_base642bin(sig, sizeof(sig), b64, strlen(b64), NULL, &got,
	    NULL, sodium_base64_VARIANT_ORIGINAL) != 0 || got != sizeof(sig))
		return fa_errf(e, "the receipt's signature is not 64 bytes of "
		    "base64");
	if (crypto_sign_verify_detached(sig, (const unsigned char *)text,
	    (size_t)(l3 - text), hub->sign) != 0)
		return fa_errf(e, "bad signature: the receipt was not signed "
		    "by the trusted hub, or was changed");
	*json = fa_malloc((size_t)(l3 - l2));
	memcpy(*json, l2, (size_t)(l3 - l2) - 1);
	(*json)[l3 - l2 - 1] = '\0';
	return 0;
}
