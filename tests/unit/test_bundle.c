/*
 * test_bundle.c: unit tests for crypto/bundle.c, export/payload.c and
 * export/hub/import.c, in a temporary directory:
 *
 *  - the container: a bundle written and read back (payloads of 0, 1,
 *    one chunk exactly, several chunks), the manifest formatted and
 *    parsed back; every byte region changed (magic, manifest length,
 *    manifest, sealed key, stream header, chunk lengths, ciphertext,
 *    signature, and every 499th byte), bytes appended, truncation at
 *    many offsets, two chunks
 *    swapped: each refused; a bundle for another hub does not open;
 *  - the manifest parser: unknown keys, wrong types, a later version;
 *  - receipts: signed, checked, changed, another hub's;
 *  - pseudonyms: the same for the same secret and value, another for
 *    another secret; the site secret file's mode;
 *  - the payload reader on archives made here with libarchive, wrapped
 *    in real bundles (encrypted to a hub, signed by a trusted collector)
 *    and imported with hub_import(): entries with "../", an absolute
 *    path, a symbolic and a hard link, a device, an unknown name, an
 *    oversized entry, a decompression bomb, malformed and ill-typed JSON
 *    lines, counts that differ from the manifest: each refused with its
 *    reason and nothing written to the hub store; a good one imported,
 *    then "already imported", then an older sequence refused;
 *  - the writer on a real store: every kind counted, addresses, MACs (the
 *    device's key too) and host names masked, and addresses inside a
 *    front-panel line.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "../../collector/store.h"
#include "../../crypto/bundle.h"
#include "../../export/hub/hubdb.h"
#include "../../export/hub/hubstore.h"
#include "../../export/hub/import.h"
#include "../../export/payload.h"
#include "unit.h"

static char			 dir[256];
static struct fa_err		 err;
static struct key_secret	*csk, *hbox, *hsign, *obox;
static struct key_pub		 cpub, hpub, opub;

static char *
path(const char *name)
{
	return fa_asprintf("%s/%s", dir, name);
}

#define has(needle)	unit_has(err.msg, (needle))

static void
keys_setup(void)
{
	if (key_secret_generate(KEY_ED25519, &csk, &err) != 0 ||
	    key_secret_generate(KEY_X25519, &hbox, &err) != 0 ||
	    key_secret_generate(KEY_ED25519, &hsign, &err) != 0 ||
	    key_secret_generate(KEY_X25519, &obox, &err) != 0)
		fa_bug("keys: %s", err.msg);
	memset(&cpub, 0, sizeof(cpub));
	cpub.kind = KEY_COLLECTOR;
	memcpy(cpub.sign, key_secret_public(csk), KEY_BYTES);
	memset(&hpub, 0, sizeof(hpub));
	hpub.kind = KEY_HUB;
	memcpy(hpub.box, key_secret_public(hbox), KEY_BYTES);
	memcpy(hpub.sign, key_secret_public(hsign), KEY_BYTES);
	opub = hpub;
	memcpy(opub.box, key_secret_public(obox), KEY_BYTES);
}

static void
manifest_init(struct bundle_manifest *m, int64_t seq)
{
	memset(m, 0, sizeof(*m));
	m->version = BUNDLE_VERSION;
	bundle_new_id(m->id);
	m->collector = cpub;
	key_fingerprint(&cpub, m->collector_fp);
	key_fingerprint(&hpub, m->hub_fp);
	m->created = 1764000000;
	m->sequence = seq;
	m->period_from = 1763000000;
	m->period_to = 1764000000;
	m->after_scan = 0;
	m->upto_scan = 5;
	m->devices = 1;
	fa_strlcpy(m->archive, "tar+gzip", sizeof(m->archive));
	m->payload_size = 1000;		/* written over by the writer */
}

/* Writes a bundle of payload (n bytes) to name for hub; 0 or -1. */
static int
write_bundle(const char *name, const void *payload, size_t n,
    const struct key_pub *hub, struct bundle_manifest *m)
{
	struct bundle_writer	*w = NULL;
	char			*p = path(name);
	int			 fd, rc = -1;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd != -1 && bundle_writer_new(dir, hub, &w, &err) == 0 &&
	    bundle_writer_write(w, payload, n, &err) == 0 &&
	    bundle_writer_finish(w, m, csk, fd, &err) == 0)
		rc = 0;
	if (fd != -1)
		close(fd);
	bundle_writer_free(w);
	free(p);
	return rc;
}

/* Reads the whole plaintext of name; its length in *n, or NULL. */
static unsigned char *
read_bundle(const char *name, const struct key_secret *box, size_t *n)
{
	struct bundle_reader	*r = NULL;
	unsigned char		*buf = NULL, tmp[7000];
	char			*p = path(name);
	ssize_t			 k;

	*n = 0;
	if (bundle_open(p, name, &r, &err) != 0 ||
	    bundle_decrypt_begin(r, box, &err) != 0)
		goto fail;
	while ((k = bundle_read(r, tmp, sizeof(tmp), &err)) > 0) {
		buf = fa_realloc(buf, *n + (size_t)k + 1);
		memcpy(buf + *n, tmp, (size_t)k);
		*n += (size_t)k;
	}
	if (k < 0)
		goto fail;
	if (buf == NULL)
		buf = fa_malloc(1);
	free(p);
	bundle_close(r);
	return buf;
fail:
	free(buf);
	free(p);
	bundle_close(r);
	return NULL;
}

static unsigned char *
slurp(const char *name, size_t *n)
{
	char		*p = path(name);
	FILE		*f = fopen(p, "rb");
	unsigned char	*buf;

	free(p);
	if (f == NULL)
		fa_bug("slurp %s", name);
	fseek(f, 0, SEEK_END);
	*n = (size_t)ftell(f);
	rewind(f);
	buf = fa_malloc(*n + 1);
	if (fread(buf, 1, *n, f) != *n)
		fa_bug("slurp %s", name);
	fclose(f);
	return buf;
}

static void
spit(const char *name, const unsigned char *buf, size_t n)
{
	char	*p = path(name);
	FILE	*f = fopen(p, "wb");

	free(p);
	if (f == NULL || fwrite(buf, 1, n, f) != n)
		fa_bug("spit %s", name);
	fclose(f);
}

/* Whether name opens (all checks but decryption). */
static int
opens(const char *name)
{
	struct bundle_reader	*r = NULL;
	char			*p = path(name);
	int			 ok = bundle_open(p, name, &r, &err) == 0;

	bundle_close(r);
	free(p);
	return ok;
}

static void
round_trip(void)
{
	static const size_t	 sizes[] = { 0, 1, BUNDLE_CHUNK - 1,
	    BUNDLE_CHUNK, BUNDLE_CHUNK + 1, 3 * BUNDLE_CHUNK + 17 };
	struct bundle_manifest	 m, m2;
	unsigned char		*in, *out;
	char			*json;
	size_t			 i, j, n;

	in = fa_malloc(sizes[nitems(sizes) - 1]);
	for (j = 0; j < sizes[nitems(sizes) - 1]; j++)
		in[j] = (unsigned char)(j * 7 + j / 251);
	for (i = 0; i < nitems(sizes); i++) {
		manifest_init(&m, 1);
		CHECK(write_bundle("rt.bundle", in, sizes[i], &hpub, &m) == 0);
		out = read_bundle("rt.bundle", hbox, &n);
		CHECK(out != NULL && n == sizes[i] &&
		    memcmp(in, out, n) == 0);
		free(out);
		/* Only the hub's key opens it. */
		CHECK(read_bundle("rt.bundle", obox, &n) == NULL &&
		    has("is not for this hub"));
	}
	free(in);
	/* The manifest alone, to order bundles. */
	{
		char *p = path("rt.bundle");

		CHECK(bundle_peek(p, &m2, &err) == 0 &&
		    strcmp(m2.id, m.id) == 0 && m2.sequence == 1);
		free(p);
		p = path("nothing");
		CHECK(bundle_peek(p, &m2, &err) == -1);
		free(p);
	}
	/* The manifest formats and parses back to itself. */
	m.nkinds = 2;
	strcpy(m.kinds[0], "meters");
	m.counts[0] = 7;
	strcpy(m.kinds[1], "seen");
	m.counts[1] = 0;
	m.nmasks = 1;
	strcpy(m.masks[0], "ip");
	json = bundle_manifest_format(&m);
	CHECK(bundle_manifest_parse(json, strlen(json), &m2, &err) == 0);
	CHECK(strcmp(m2.id, m.id) == 0 && m2.sequence == 1 &&
	    m2.created == m.created && m2.period_from == m.period_from &&
	    m2.nkinds == 2 && m2.counts[0] == 7 && m2.nmasks == 1 &&
	    key_pub_equal(&m2.collector, &cpub) &&
	    memcmp(m2.payload_hash, m.payload_hash, BUNDLE_HASH_BYTES) == 0);
	free(json);
}

static void
tampering(void)
{
	struct bundle_manifest	 m;
	unsigned char		*in, *orig, *buf;
	size_t			 i, len, mlen, off;
	size_t			 cut[] = { 0, 1, 20, 21, 24, 25, 100 };

	in = fa_malloc(2 * BUNDLE_CHUNK + 100);
	memset(in, 'x', 2 * BUNDLE_CHUNK + 100);
	manifest_init(&m, 1);
	CHECK(write_bundle("t.bundle", in, 2 * BUNDLE_CHUNK + 100, &hpub,
	    &m) == 0);
	free(in);
	CHECK(opens("t.bundle"));
	orig = slurp("t.bundle", &len);
	buf = fa_malloc(len + 100);
	mlen = (size_t)orig[21] | (size_t)orig[22] << 8;
	/* One byte changed in every region, and every 499th byte. */
	{
		size_t at[] = { 0, 19, 21, 25, 25 + mlen / 2, 25 + mlen - 2,
		    25 + mlen, 25 + mlen + 79, 25 + mlen + 80,
		    25 + mlen + 103, 25 + mlen + 104, 25 + mlen + 108,
		    25 + mlen + 104 + 4 + BUNDLE_CHUNK + 17, len - 64,
		    len - 1 };
		int all = 1;

		for (i = 0; i < nitems(at); i++) {
			memcpy(buf, orig, len);
			buf[at[i]] ^= 0x01;
			spit("x.bundle", buf, len);
			if (opens("x.bundle")) {
				printf("# byte %zu changed: still opens\n",
				    at[i]);
				all = 0;
			}
		}
		CHECK(all);
		for (off = 0; off < len; off += 499) {
			memcpy(buf, orig, len);
			buf[off] ^= 0x80;
			spit("x.bundle", buf, len);
			if (opens("x.bundle")) {
				printf("# byte %zu changed: still opens\n",
				    off);
				all = 0;
			}
		}
		CHECK(all);
	}
	/* Messages say which. */
	memcpy(buf, orig, len);
	buf[len - 1] ^= 1;
	spit("x.bundle", buf, len);
	CHECK(!opens("x.bundle") && has("bad signature"));
	memcpy(buf, orig, len);
	buf[19] = '2';
	spit("x.bundle", buf, len);
	CHECK(!opens("x.bundle") && has("unsupported version '2'"));
	/* Appended bytes. */
	memcpy(buf, orig, len);
	memcpy(buf + len, "appended", 8);
	spit("x.bundle", buf, len + 8);
	CHECK(!opens("x.bundle"));
	memcpy(buf + len, orig + len - 64, 64);
	spit("x.bundle", buf, len + 64);
	CHECK(!opens("x.bundle"));
	/* Truncated anywhere. */
	{
		int all = 1;

		for (i = 0; i < nitems(cut); i++) {
			spit("x.bundle", orig, cut[i]);
			all &= !opens("x.bundle");
		}
		for (off = 26; off < len; off += len / 61 + 1) {
			spit("x.bundle", orig, off);
			if (opens("x.bundle")) {
				printf("# cut at %zu: still opens\n", off);
				all = 0;
			}
		}
		spit("x.bundle", orig, len - 1);
		all &= !opens("x.bundle") && has("truncated");
		CHECK(all);
	}
	/* The first two chunks swapped (both are full, same length). */
	{
		size_t c0 = 25 + mlen + 104, cl = 4 + BUNDLE_CHUNK + 17;

		memcpy(buf, orig, len);
		memcpy(buf + c0, orig + c0 + cl, cl);
		memcpy(buf + c0 + cl, orig + c0, cl);
		spit("x.bundle", buf, len);
		CHECK(!opens("x.bundle") && has("bad signature"));
	}
	free(buf);
	free(orig);
}

static void
manifests(void)
{
	struct bundle_manifest	 m;
	char			*json, *p;

	manifest_init(&m, 3);
	json = bundle_manifest_format(&m);
	CHECK(bundle_manifest_parse(json, strlen(json), &m, &err) == 0);
	p = strstr(json, "\"version\": 1");
	CHECK(p != NULL);
	if (p != NULL) {
		p[11] = '9';
		CHECK(bundle_manifest_parse(json, strlen(json), &m, &err) ==
		    -1 && has("unsupported bundle version 9"));
		p[11] = '1';
	}
	p = strstr(json, "\"sequence\"");
	if (p != NULL) {
		memcpy(p, "\"sequencf\"", 10);
		CHECK(bundle_manifest_parse(json, strlen(json), &m, &err) ==
		    -1 && (has("unknown key 'sequencf'") ||
		    has("has no 'sequence'")));
	}
	CHECK(bundle_manifest_parse("{", 1, &m, &err) == -1 &&
	    has("not valid JSON"));
	CHECK(bundle_manifest_parse("[]", 2, &m, &err) == -1);
	CHECK(bundle_manifest_parse("{\"version\":\"1\"}", 15, &m, &err) ==
	    -1 && has("wrong type"));
	free(json);
}

static void
receipts(void)
{
	char		*text = NULL, *json = NULL;
	struct key_pub	 other = hpub;

	CHECK(bundle_receipt_sign(hsign, "{\"bundle_id\":\"x\"}", &text,
	    &err) == 0);
	CHECK(bundle_receipt_verify(text, strlen(text), &hpub, &json,
	    &err) == 0 && strcmp(json, "{\"bundle_id\":\"x\"}") == 0);
	free(json);
	json = NULL;
	text[strlen(RECEIPT_MAGIC) + 5] ^= 1;
	CHECK(bundle_receipt_verify(text, strlen(text), &hpub, &json,
	    &err) == -1 && has("bad signature"));
	text[strlen(RECEIPT_MAGIC) + 5] ^= 1;
	memcpy(other.sign, key_secret_public(csk), KEY_BYTES);
	CHECK(bundle_receipt_verify(text, strlen(text), &other, &json,
	    &err) == -1 && has("bad signature"));
	CHECK(bundle_receipt_verify(text, strlen(text) - 3, &hpub, &json,
	    &err) == -1);
	free(text);
}

static void
pseudonyms(void)
{
	struct bundle_secret	*a = NULL, *b = NULL;
	char			 p1[BUNDLE_PSEUDO_MAX + 1];
	char			 p2[BUNDLE_PSEUDO_MAX + 1];
	char			*pa = path("a.secret"), *pb = path("b.secret");
	struct stat		 sb;

	CHECK(bundle_secret_load(pa, 0, &a, &err) == -1);
	CHECK(bundle_secret_load(pa, 1, &a, &err) == 0);
	CHECK(stat(pa, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	CHECK(bundle_secret_load(pb, 1, &b, &err) == 0);
	bundle_pseudonym(a, "ip", "192.0.2.1", p1);
	CHECK(strncmp(p1, "ip:", 3) == 0 && strlen(p1) == 35);
	bundle_secret_free(a);
	a = NULL;
	CHECK(bundle_secret_load(pa, 0, &a, &err) == 0);
	bundle_pseudonym(a, "ip", "192.0.2.1", p2);
	CHECK(strcmp(p1, p2) == 0);
	bundle_pseudonym(b, "ip", "192.0.2.1", p2);
	CHECK(strcmp(p1, p2) != 0);
	bundle_pseudonym(a, "mac", "192.0.2.1", p2);
	CHECK(strcmp(p1 + 3, p2 + 4) != 0);
	chmod(pa, 0640);
	bundle_secret_free(a);
	a = NULL;
	CHECK(bundle_secret_load(pa, 0, &a, &err) == -1 &&
	    has("unsafe mode 0640"));
	bundle_secret_free(a);
	bundle_secret_free(b);
	free(pa);
	free(pb);
}

/* ---- crafted payloads through the importer ---- */

struct ent {
	const char	*name;
	int		 type;		/* AE_IF* */
	const char	*link;		/* symlink target or hard link */
	const char	*data;		/* NULL: zeros */
	int64_t		 size;		/* of the header; -1: strlen */
	size_t		 write;		/* bytes of data written */
};

static la_ssize_t
mem_write(struct archive *a, void *arg, const void *buf, size_t n)
{
	(void)a;
	fa_buf_add(arg, buf, n);
	return (la_ssize_t)n;
}

/* A tar.gz of the entries into b. */
static void
archive_of(const struct ent *ents, size_t n, struct fa_buf *b)
{
	struct archive		*a = archive_write_new();
	struct archive_entry	*ae;
	char			*zeros = fa_calloc(1, 1 << 20);
	size_t			 i, left, k;

	archive_write_set_format_pax_restricted(a);
	archive_write_add_filter_gzip(a);
	archive_write_set_filter_option(a, "gzip", "compression-level", "1");
	archive_write_open(a, b, NULL, mem_write, NULL);
	for (i = 0; i < n; i++) {
		const struct ent *en = &ents[i];
		int64_t size = en->size >= 0 ? en->size :
		    en->data ? (int64_t)strlen(en->data) : 0;

		ae = archive_entry_new();
		archive_entry_set_pathname(ae, en->name);
		archive_entry_set_filetype(ae, en->type);
		archive_entry_set_perm(ae, 0644);
		if (en->type == AE_IFLNK)
			archive_entry_set_symlink(ae, en->link);
		else if (en->link != NULL)
			archive_entry_set_hardlink(ae, en->link);
		archive_entry_set_size(ae, en->type == AE_IFREG &&
		    en->link == NULL ? size : 0);
		archive_write_header(a, ae);
		if (en->data != NULL)
			archive_write_data(a, en->data, strlen(en->data));
		for (left = en->write; left > 0; left -= k) {
			k = left < (1u << 20) ? left : (1u << 20);
			archive_write_data(a, zeros, k);
		}
		archive_entry_free(ae);
	}
	archive_write_close(a);
	archive_write_free(a);
	free(zeros);
}

static struct hubstore	*hs;
static int64_t		 seq;

static long long
hub_count(void)
{
	return 0;
}

/* Imports entries (or the archive in raw, when not NULL) as a real
 * bundle: 0 imported, -1 refused. */
static int
import_arc(const struct ent *ents, size_t n, struct fa_buf *raw,
    int64_t meters_count)
{
	struct fa_buf			 b = FA_BUF_INIT;
	struct bundle_manifest		 m;
	struct hub_import_result	 r;
	char				*p = path("c.bundle");
	int				 rc;

	if (raw != NULL)
		b = *raw;
	else
		archive_of(ents, n, &b);
	manifest_init(&m, ++seq);
	m.nkinds = 1;
	strcpy(m.kinds[0], "meters");
	m.counts[0] = meters_count;
	if (write_bundle("c.bundle", b.s, b.len, &hpub, &m) != 0)
		fa_bug("write_bundle: %s", err.msg);
	rc = hub_import(hs, p, &hpub, hbox, 1764000000, &r, &err);
	fa_buf_release(&b);
	free(p);
	return rc;
}

static int
import_ents(const struct ent *ents, size_t n, int64_t meters_count)
{
	return import_arc(ents, n, NULL, meters_count);
}

#define METER	"{\"row\":1,\"device_id\":1,\"scan_id\":1," \
		"\"last_scan_id\":1,\"pos\":0,\"name\":\"total\"," \
		"\"value\":42,\"unit\":null,\"source_oid\":null}\n"

/* bytes gzipped as they are into b (a tar made by hand). */
static void
raw_gz(const void *data, size_t n, struct fa_buf *b)
{
	struct archive		*a = archive_write_new();
	struct archive_entry	*ae = archive_entry_new();

	archive_write_set_format_raw(a);
	archive_write_add_filter_gzip(a);
	archive_write_open(a, b, NULL, mem_write, NULL);
	archive_entry_set_filetype(ae, AE_IFREG);
	archive_write_header(a, ae);
	archive_write_data(a, data, n);
	archive_entry_free(ae);
	archive_write_close(a);
	archive_write_free(a);
}

/* A ustar header for a regular file name of size bytes, then a little
 * data: the size is only claimed. */
static size_t
tar_claim(const char *name, unsigned long long size, unsigned char *out)
{
	unsigned	sum = 0;
	size_t		i;

	memset(out, 0, 1024);
	fa_strlcpy((char *)out, name, 100);
	memcpy(out + 100, "0000644", 7);
	memcpy(out + 108, "0000000", 7);
	memcpy(out + 116, "0000000", 7);
	snprintf((char *)out + 124, 12, "%011llo", size);
	memcpy(out + 136, "14000000000", 11);
	memset(out + 148, ' ', 8);
	out[156] = '0';
	memcpy(out + 257, "ustar", 6);
	memcpy(out + 263, "00", 2);
	for (i = 0; i < 512; i++)
		sum += out[i];
	snprintf((char *)out + 148, 8, "%06o", sum);
	memcpy(out + 512, METER, strlen(METER));
	return 1024;
}



/* The connection as the store opened it: foreign keys checked, temporary
 * data in SQLite's default place (the import turns both off for its
 * transaction). */
static int
pragmas_back(struct hubstore *h)
{
	int64_t	fk = -1, temp = -1;

	return hubdb_int(hubstore_db(h), "PRAGMA foreign_keys", NULL, 0, &fk,
	    &err) == 0 && hubdb_int(hubstore_db(h), "PRAGMA temp_store", NULL,
	    0, &temp, &err) == 0 && fk == 1 && temp == 0;
}

static void
crafted(void)
{
	struct ent	 good = { "meters-0001.jsonl", AE_IFREG, NULL, METER,
	    -1, 0 };
	struct ent	 e[2];
	char		*p = path("hub.db"), line[4200];
	struct hub_import_result r;
	char		 fp[KEY_FP_LEN + 1], *kl;

	CHECK(hubstore_create(p, &hs, &err) == 0);
	key_fingerprint(&cpub, fp);
	kl = key_pub_format(&cpub);
	kl[strcspn(kl, "\n")] = '\0';
	CHECK(hubstore_trust_add(hs, fp, kl, NULL, "acme", 1, &err) == 0);
	free(kl);
	(void)hub_count;

#define REFUSED(why) do {						\
	CHECK(import_ents(e, 1, 1) == -1 && has(why));			\
} while (0)
	e[0] = good;
	e[0].name = "../meters-0001.jsonl";
	REFUSED("a path with '..'");
	e[0].name = "/etc/meters-0001.jsonl";
	REFUSED("an absolute path");
	e[0] = good;
	e[0].type = AE_IFLNK;
	e[0].link = "/etc/passwd";
	REFUSED("a symbolic link");
	e[0] = good;
	e[0].link = "meters-0002.jsonl";
	REFUSED("a hard link");
	e[0] = good;
	e[0].type = AE_IFCHR;
	REFUSED("a device");
	e[0] = good;
	e[0].type = AE_IFDIR;
	REFUSED("not a regular file");
	e[0] = good;
	e[0].name = "passwd";
	REFUSED("an unknown name");
	e[0].name = "meters.jsonl";
	REFUSED("an unknown name");
	/* Oversized: a header that says 2 GiB (the data stops short). */
	{
		unsigned char	t[1024];
		struct fa_buf	b = FA_BUF_INIT;

		raw_gz(t, tar_claim("meters-0001.jsonl", 2ULL << 30, t), &b);
		CHECK(import_arc(NULL, 0, &b, 1) == -1 && has("oversized"));
	}
	/* A bomb: 20 MiB of zeros packs into some 100 KiB. */
	e[0] = good;
	e[0].data = NULL;
	e[0].size = 20 << 20;
	e[0].write = 20 << 20;
	REFUSED("decompression bomb");
	/* Lines. */
	e[0] = good;
	e[0].data = "{\"row\":1\n";
	REFUSED("not valid JSON");
	e[0].data = "[1]\n";
	REFUSED("schema error");
	e[0].data = "{\"row\":1}\n";
	REFUSED("schema error: no key");
	snprintf(line, sizeof(line), "%.*s,\"extra\":1}\n",
	    (int)strlen(METER) - 2, METER);
	e[0].data = line;
	REFUSED("unknown keys");
	e[0].data = "{\"row\":\"1\",\"device_id\":1,\"scan_id\":1,"
	    "\"last_scan_id\":1,\"pos\":0,\"name\":\"total\",\"value\":42,"
	    "\"unit\":null,\"source_oid\":null}\n";
	REFUSED("'row' is not an integer");
	e[0].data = METER "{\"row\":2}";
	REFUSED("no newline at the end");
	e[0] = good;
	e[1] = good;
	CHECK(import_ents(e, 2, 2) == -1 && has("comes twice"));
	/* Counts must be the manifest's. */
	e[0] = good;
	CHECK(import_ents(e, 1, 2) == -1 && has("the manifest says 2"));
	/* Nothing of all that was written. */
	CHECK(hubstore_devices(hs, "acme", &(struct hubstore_devrow *){NULL},
	    &(size_t){0}, &err) == 0);
	/* The import's pragmas end with it, refused (above) or not. */
	CHECK(pragmas_back(hs));
	/* A good one; then the same again; then an older sequence. */
	CHECK(import_ents(&good, 1, 1) == 0);
	CHECK(pragmas_back(hs));
	{
		char *b = path("c.bundle");

		CHECK(hub_import(hs, b, &hpub, hbox, 1764000000, &r,
		    &err) == 0 && r.already == 1);
		free(b);
	}
	seq -= 2;
	CHECK(import_ents(&good, 1, 1) == -1 && has("replay or older"));
	/* Not for this hub; an unknown collector. */
	{
		struct bundle_manifest	 m;
		struct key_secret	*ok = csk;
		char			*b = path("o.bundle");

		manifest_init(&m, 100);
		key_fingerprint(&opub, m.hub_fp);
		CHECK(write_bundle("o.bundle", METER, strlen(METER), &opub,
		    &m) == 0);
		CHECK(hub_import(hs, b, &hpub, hbox, 1, &r, &err) == -1 &&
		    has("is not for this hub"));
		CHECK(key_secret_generate(KEY_ED25519, &csk, &err) == 0);
		memcpy(cpub.sign, key_secret_public(csk), KEY_BYTES);
		manifest_init(&m, 100);
		CHECK(write_bundle("o.bundle", METER, strlen(METER), &hpub,
		    &m) == 0);
		CHECK(hub_import(hs, b, &hpub, hbox, 1, &r, &err) == -1 &&
		    has("unknown collector"));
		key_secret_free(csk);
		csk = ok;
		memcpy(cpub.sign, key_secret_public(csk), KEY_BYTES);
		free(b);
	}
	hubstore_close(hs);
	free(p);
}

/* The payload reader alone, from memory (as the fuzz target). */
struct mem {
	const unsigned char	*p;
	size_t			 n, off;
};

static ssize_t
mem_read(void *arg, void *buf, size_t n, struct fa_err *e)
{
	struct mem	*m = arg;

	(void)e;
	if (n > m->n - m->off)
		n = m->n - m->off;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

/* Each record's text as the hub keeps it: the line itself only when it
 * is what json-c prints, the same text either way. */
struct plain_count {
	int	n, same, line;
};

static int
plain_check(void *arg, int kind, json_object *o, struct fa_err *e)
{
	struct plain_count	*pc = arg;

	(void)kind;
	(void)e;
	pc->n++;
	if (strcmp(payload_record_json(o), json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)) == 0)
		pc->same++;
	if (json_object_get_userdata(o) != NULL)
		pc->line++;
	return 0;
}

static void
reader_plain(void)
{
#define R "\"row\":1,\"device_id\":2,\"scan_id\":3,\"last_scan_id\":3,"
	struct ent		 e = { "display-0001.jsonl", AE_IFREG, NULL,
	    "{" R "\"pos\":0,\"text\":\"Ready\"}\n"
	    "{" R "\"pos\":null,\"text\":\"caf\xc3\xa9 / 50%\"}\n"
	    "{" R "\"pos\":-12,\"text\":\"\"}\n"
	    "{\"row\": 1,\"device_id\":2,\"scan_id\":3,\"last_scan_id\":3,"
	    "\"pos\":0,\"text\":\"spaced\"}\n"
	    "{" R "\"pos\":0,\"text\":\"a\\/b\"}\n"
	    "{" R "\"pos\":0,\"text\":\"x\\u0041\"}\n"
	    "{" R "\"pos\":0,\"text\":\"tab\\there\"}\n"
	    "{" R "\"row\":4,\"pos\":0,\"text\":\"key twice\"}\n",
	    -1, 0 };
#undef R
	struct fa_buf		 b = FA_BUF_INIT;
	struct mem		 m;
	struct plain_count	 pc = { 0, 0, 0 };
	int64_t			 counts[PAYLOAD_NKINDS];

	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	CHECK(payload_read(mem_read, &m, b.len, NULL, plain_check, &pc,
	    counts, &err) == 0 && pc.n == 8);
	CHECK(pc.same == 8);
	CHECK(pc.line == 3);
	fa_buf_release(&b);
}

/* payload_read_rows(): plain lines of the kinds asked as values, every
 * other line as an object, the same checks. */
struct rows_seen {
	int	rows, objs;
	int64_t	pos[4];
	char	text[4][32];
	int	null_pos;
};

static int
rows_row(void *arg, int kind, const struct payload_val *v, struct fa_err *e)
{
	struct rows_seen	*rs = arg;

	(void)e;
	if (kind != STORE_X_DISPLAY || rs->rows >= 4)
		return -1;
	/* row, device_id, scan_id, last_scan_id, pos, text */
	if (v[0].i != 1 || v[1].i != 2 || v[5].s == NULL)
		return -1;
	if (v[4].null)
		rs->null_pos++;
	rs->pos[rs->rows] = v[4].i;
	fa_strlcpy(rs->text[rs->rows], v[5].s, sizeof(rs->text[0]));
	rs->rows++;
	return 0;
}

static int
rows_obj(void *arg, int kind, json_object *o, struct fa_err *e)
{
	struct rows_seen	*rs = arg;

	(void)kind;
	(void)o;
	(void)e;
	rs->objs++;
	return 0;
}

static void
reader_rows(void)
{
#define R "\"row\":1,\"device_id\":2,\"scan_id\":3,\"last_scan_id\":3,"
	struct ent		 e = { "display-0001.jsonl", AE_IFREG, NULL,
	    "{" R "\"pos\":0,\"text\":\"Ready\"}\n"
	    "{" R "\"pos\":null,\"text\":\"caf\xc3\xa9 / 50%\"}\n"
	    "{" R "\"pos\":-12,\"text\":\"\"}\n"
	    "{\"device_id\":2,\"row\":1,\"scan_id\":3,\"last_scan_id\":3,"
	    "\"pos\":0,\"text\":\"another order\"}\n"
	    "{" R "\"pos\":0,\"text\":\"tab\\there\"}\n"
	    "{" R "\"pos\":007,\"text\":\"zeros\"}\n",
	    -1, 0 };
	struct fa_buf		 b = FA_BUF_INIT;
	struct mem		 m;
	struct rows_seen	 rs;
	int64_t			 counts[PAYLOAD_NKINDS];

	memset(&rs, 0, sizeof(rs));
	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	/* another order, an escape, "007" (json-c takes it): objects */
	CHECK(payload_read_rows(mem_read, &m, b.len, NULL, rows_obj, rows_row,
	    1u << STORE_X_DISPLAY, &rs, counts, &err) == 0 &&
	    counts[STORE_X_DISPLAY] == 6);
	CHECK(rs.rows == 3 && rs.objs == 3);
	CHECK(rs.pos[0] == 0 && rs.null_pos == 1 && rs.pos[2] == -12);
	CHECK(strcmp(rs.text[0], "Ready") == 0 &&
	    strcmp(rs.text[1], "caf\xc3\xa9 / 50%") == 0 &&
	    strcmp(rs.text[2], "") == 0);
	fa_buf_release(&b);
	/* a kind not asked: objects only; a plain line of a wrong type:
	 * the object reader's error */
	e.data = "{" R "\"pos\":0,\"text\":\"Ready\"}\n"
	    "{" R "\"pos\":\"0\",\"text\":\"Ready\"}\n";
	memset(&rs, 0, sizeof(rs));
	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	CHECK(payload_read_rows(mem_read, &m, b.len, NULL, rows_obj, rows_row,
	    1u << STORE_X_METERS, &rs, counts, &err) == -1 &&
	    has("'pos' is not an integer"));
	CHECK(rs.rows == 0 && rs.objs == 1);
	fa_buf_release(&b);
	memset(&rs, 0, sizeof(rs));
	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	CHECK(payload_read_rows(mem_read, &m, b.len, NULL, rows_obj, rows_row,
	    1u << STORE_X_DISPLAY, &rs, counts, &err) == -1 &&
	    has("'pos' is not an integer"));
	CHECK(rs.rows == 1 && rs.objs == 0);
	fa_buf_release(&b);
#undef R
}

static void
reader(void)
{
	struct ent	 e = { "seen-0001.jsonl", AE_IFREG, NULL,
	    "{\"table\":\"meters\",\"row\":3,\"last_scan_id\":9,\"pos\":0}\n",
	    -1, 0 };
	struct fa_buf	 b = FA_BUF_INIT;
	struct mem	 m;
	int64_t		 counts[PAYLOAD_NKINDS];

	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	CHECK(payload_read(mem_read, &m, b.len, NULL, NULL, NULL, counts,
	    &err) == 0 && counts[STORE_X_SEEN] == 1);
	fa_buf_release(&b);
	e.data = "{\"table\":\"devices\",\"row\":3,\"last_scan_id\":9,"
	    "\"pos\":0}\n";
	archive_of(&e, 1, &b);
	m.p = (unsigned char *)b.s;
	m.n = b.len;
	m.off = 0;
	CHECK(payload_read(mem_read, &m, b.len, NULL, NULL, NULL, counts,
	    &err) == -1 && has("not a value table"));
	fa_buf_release(&b);
	m.p = (const unsigned char *)"not an archive at all";
	m.n = 21;
	m.off = 0;
	CHECK(payload_read(mem_read, &m, 21, NULL, NULL, NULL, counts,
	    &err) == -1 && has("corrupt payload archive"));
}

/* ---- the writer: a store's export, masked ---- */

struct seen_vals {
	char	dev_addr[64], dev_mac[64], dev_key[64], scan_name[64];
	char	display[128];
	int	n;
};

static void
copy_str(json_object *o, const char *k, char *out, size_t len)
{
	json_object	*v;

	if (json_object_object_get_ex(o, k, &v) && v != NULL)
		fa_strlcpy(out, json_object_get_string(v), len);
}

static int
collect(void *arg, int kind, json_object *o, struct fa_err *e)
{
	struct seen_vals	*sv = arg;

	(void)e;
	sv->n++;
	if (kind == STORE_X_DEVICES) {
		copy_str(o, "address", sv->dev_addr, sizeof(sv->dev_addr));
		copy_str(o, "mac", sv->dev_mac, sizeof(sv->dev_mac));
		copy_str(o, "key_value", sv->dev_key, sizeof(sv->dev_key));
	} else if (kind == STORE_X_SCANS)
		copy_str(o, "sys_name", sv->scan_name, sizeof(sv->scan_name));
	else if (kind == STORE_X_DISPLAY)
		copy_str(o, "text", sv->display, sizeof(sv->display));
	return 0;
}

static void
writer(void)
{
	struct store		*st = NULL;
	struct device		 d;
	struct bundle_secret	*sec = NULL;
	struct bundle_writer	*w = NULL;
	struct bundle_manifest	 m;
	struct seen_vals	 sv;
	struct mem		 mm;
	int64_t			 a, upto = 0, counts[PAYLOAD_NKINDS];
	char			*sp = path("w.db"), *kp = path("w.secret");
	char			*bp = path("w.bundle"), ip[BUNDLE_PSEUDO_MAX + 1];
	char			 mac[BUNDLE_PSEUDO_MAX + 1], want[160];
	char			 host[BUNDLE_PSEUDO_MAX + 1];
	unsigned char		*plain;
	size_t			 n;
	int			 fd;

	dev_init(&d);
	dev_set(&d.address, "192.0.2.7");
	dev_set(&d.vendor, "HP");
	dev_set(&d.serial, NULL);
	dev_set(&d.mac, "02:AA:BB:CC:DD:07");
	dev_set(&d.sys_name, "prn-7");
	d.is_printer = 1;
	d.snmp_version = 2;
	d.parts = DEV_P_METERS | DEV_P_SUPPLIES | DEV_P_ERRORS | DEV_P_ATTRS;
	dev_add_meter(&d, "total", 42, "impressions", NULL);
	dev_add_display(&d, "IP 192.0.2.7. Ready, not 1.2.3.4.5");
	CHECK(store_open(sp, &st, &err) == 0);
	CHECK(store_assessment_begin(st, "x", "{}", &a, &err) == 0 &&
	    store_put_device(st, a, &d, NULL, &err) == 0 &&
	    store_assessment_end(st, a, "complete", 1, 1, 0, &err) == 0);
	dev_release(&d);
	CHECK(store_last_scan(st, fa_wall() + 10, &upto, &err) == 0 &&
	    upto == 1);
	CHECK(bundle_secret_load(kp, 1, &sec, &err) == 0);
	fd = open(bp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	manifest_init(&m, 1);
	CHECK(fd != -1 && bundle_writer_new(dir, &hpub, &w, &err) == 0 &&
	    store_export_begin(st, &err) == 0);
	CHECK(payload_write(st, 0, upto, PAYLOAD_MASK_IP | PAYLOAD_MASK_MAC |
	    PAYLOAD_MASK_HOST, sec, 0, w, counts, &err) == 0);
	store_export_end(st);
	CHECK(counts[STORE_X_DEVICES] == 1 && counts[STORE_X_SCANS] == 1 &&
	    counts[STORE_X_METERS] == 1 && counts[STORE_X_DISPLAY] == 1);
	CHECK(bundle_writer_finish(w, &m, csk, fd, &err) == 0);
	close(fd);
	bundle_writer_free(w);
	plain = read_bundle("w.bundle", hbox, &n);
	CHECK(plain != NULL);
	memset(&sv, 0, sizeof(sv));
	mm.p = plain;
	mm.n = n;
	mm.off = 0;
	CHECK(plain != NULL && payload_read(mem_read, &mm, n, NULL, collect,
	    &sv, NULL, &err) == 0 && sv.n == 4);
	bundle_pseudonym(sec, "ip", "192.0.2.7", ip);
	bundle_pseudonym(sec, "mac", "02:aa:bb:cc:dd:07", mac);
	bundle_pseudonym(sec, "hostname", "prn-7", host);
	CHECK(strcmp(sv.dev_addr, ip) == 0);
	CHECK(strcmp(sv.dev_mac, mac) == 0);
	/* No serial: the device is known by its MAC, masked the same. */
	CHECK(strcmp(sv.dev_key, mac) == 0);
	CHECK(strcmp(sv.scan_name, host) == 0);
	snprintf(want, sizeof(want), "IP %s. Ready, not 1.2.3.4.5", ip);
	CHECK(strcmp(sv.display, want) == 0);
	if (strcmp(sv.display, want) != 0)
		printf("# display '%s'\n", sv.display);
	free(plain);
	bundle_secret_free(sec);
	store_close(st);
	free(sp);
	free(kp);
	free(bp);
}

static void
rmtree(const char *d)
{
	DIR		*dd = opendir(d);
	struct dirent	*de;
	char		*p;

	while (dd != NULL && (de = readdir(dd)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		p = fa_asprintf("%s/%s", d, de->d_name);
		unlink(p);
		free(p);
	}
	if (dd != NULL)
		closedir(dd);
	rmdir(d);
}

int
main(void)
{
	snprintf(dir, sizeof(dir), "%s/test_bundle.XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	keys_setup();
	RUN(round_trip);
	RUN(tampering);
	RUN(manifests);
	RUN(receipts);
	RUN(pseudonyms);
	RUN(reader);
	RUN(reader_plain);
	RUN(reader_rows);
	RUN(crafted);
	RUN(writer);
	key_secret_free(csk);
	key_secret_free(hbox);
	key_secret_free(hsign);
	key_secret_free(obox);
	rmtree(dir);
	return unit_any_failed;
}
