/*
 * test_keys.c: unit tests for crypto/keys.c: public key lines (round
 * trip, the canonical form, every kind of malformed line), fingerprints
 * (stable for a fixed key: the expected values were computed apart, with
 * Python's hashlib.blake2b, as docs/keys.md describes), and secret key
 * files in a temporary directory (in clear and sealed, the right and a
 * wrong passphrase, unsafe modes, every damaged or cut file, no
 * overwrite without force, no temporary file left behind).
 *
 * Sealed files here use the cheapest passphrase hash there is, so the
 * tests stay fast; the default cost is the CLI tests' business.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../crypto/keys.h"
#include "unit.h"

/* The example keys of docs/keys.md, and one more X25519 key. */
#define ED_B64	"VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36Wg="
#define X_B64	"mv4dKudd2fNZrmm2Ctfb98iretXcQ1PMcJnvQdqnqUs="
#define HUB_X	"UT0lTs/rZ08wyxnBd6zqg3krE15FUxV8gBC7Tg9oKUc="
#define HUB_ED	"ivLZiPFMDAyYAzU3dWaziXXRC1WcmU/1IWjOCaHL9cE="
#define PUB_ED		"fleetaudit-collector-v1 ed25519:"
#define COLLECTOR_LINE	PUB_ED ED_B64
#define HUB_LINE	"fleetaudit-hub-v1 x25519:" HUB_X " ed25519:" HUB_ED
#define COLLECTOR_FP	"t8w3-1kcm-9y3r-ys7j"
#define HUB_FP		"m5zb-5kak-3zj3-eg86"

static const struct key_kdf	cheap = { 1, 8192 };
static char			dir[256];
static struct fa_err		err;

static char *
path(const char *name)
{
	return fa_asprintf("%s/%s", dir, name);
}

static int
parse(const char *line, struct key_pub *p)
{
	err.msg[0] = '\0';
	return key_pub_parse(line, strlen(line), p, &err);
}

/* Writes len bytes as name with mode; returns the path (caller frees). */
static char *
put(const char *name, const void *buf, size_t len, mode_t mode)
{
	char	*p = path(name);
	int	 fd;

	unlink(p);
	if ((fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode)) == -1 ||
	    write(fd, buf, len) != (ssize_t)len || fchmod(fd, mode) != 0)
		fa_bug("cannot write %s", p);
	close(fd);
	return p;
}

/* The bytes of a file (at most 4096); *len set. */
static unsigned char *
slurp(const char *p, size_t *len)
{
	unsigned char	*b = fa_malloc(4096);
	ssize_t		 n;
	int		 fd;

	if ((fd = open(p, O_RDONLY)) == -1 || (n = read(fd, b, 4096)) < 0)
		fa_bug("cannot read %s", p);
	close(fd);
	*len = (size_t)n;
	return b;
}

/* Files in the test directory whose name ends in ".tmp". */
static int
tmp_files(void)
{
	DIR		*d = opendir(dir);
	struct dirent	*de;
	int		 n = 0;
	size_t		 l;

	while (d != NULL && (de = readdir(d)) != NULL) {
		l = strlen(de->d_name);
		if (l > 4 && strcmp(de->d_name + l - 4, ".tmp") == 0)
			n++;
	}
	if (d != NULL)
		closedir(d);
	return n;
}

#define has(needle)	unit_has(err.msg, (needle))

static void
test_pub_roundtrip(void)
{
	struct key_secret	*a = NULL, *b = NULL;
	struct key_pub		 p, q;
	char			*l1, *l2;

	CHECK(key_secret_generate(KEY_ED25519, &a, &err) == 0);
	CHECK(key_secret_generate(KEY_X25519, &b, &err) == 0);
	if (a == NULL || b == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.kind = KEY_COLLECTOR;
	memcpy(p.sign, key_secret_public(a), KEY_BYTES);
	key_pub_set_comment(&p, "  collector@site-1 (finance)\t");
	CHECK(strcmp(p.comment, "collector@site-1 (finance)") == 0);
	l1 = key_pub_format(&p);
	CHECK(strncmp(l1, "fleetaudit-collector-v1 ed25519:", 32) == 0);
	CHECK(l1[strlen(l1) - 1] == '\n' && strchr(l1, '\n') ==
	    l1 + strlen(l1) - 1);
	CHECK(parse(l1, &q) == 0);
	CHECK(key_pub_equal(&p, &q) && strcmp(q.comment, p.comment) == 0);
	l2 = key_pub_format(&q);
	CHECK(strcmp(l1, l2) == 0);
	free(l1);
	free(l2);

	p.kind = KEY_HUB;
	memcpy(p.box, key_secret_public(b), KEY_BYTES);
	p.comment[0] = '\0';
	l1 = key_pub_format(&p);
	CHECK(strncmp(l1, "fleetaudit-hub-v1 x25519:", 25) == 0);
	CHECK(strstr(l1, " \n") == NULL);	/* no comment, no space */
	CHECK(parse(l1, &q) == 0 && q.kind == KEY_HUB);
	CHECK(key_pub_equal(&p, &q) && q.comment[0] == '\0');
	/* One key byte differs: not equal. */
	q.box[0] ^= 1;
	CHECK(!key_pub_equal(&p, &q));
	free(l1);

	/* Blanks and a Windows line ending are read, and written plainly. */
	CHECK(parse("fleetaudit-collector-v1\t ed25519:" ED_B64
	    "   two  words  \r\n", &q) == 0);
	CHECK(strcmp(q.comment, "two  words") == 0);
	l1 = key_pub_format(&q);
	CHECK(strcmp(l1, COLLECTOR_LINE " two  words\n") == 0);
	free(l1);
	/* A comment that is not printable ASCII is made so. */
	key_pub_set_comment(&q, "caf\xc3\xa9\x01");
	CHECK(strcmp(q.comment, "caf???") == 0);
	key_secret_free(a);
	key_secret_free(b);
}

static void
test_fingerprint_fixed(void)
{
	struct key_pub	p;
	char		fp[KEY_FP_LEN + 1];

	CHECK(parse(COLLECTOR_LINE " any comment\n", &p) == 0);
	key_fingerprint(&p, fp);
	CHECK(strcmp(fp, COLLECTOR_FP) == 0);
	/* The comment is not part of it. */
	CHECK(parse(COLLECTOR_LINE "\n", &p) == 0);
	key_fingerprint(&p, fp);
	CHECK(strcmp(fp, COLLECTOR_FP) == 0);
	CHECK(parse(HUB_LINE " hub@dealer\n", &p) == 0);
	key_fingerprint(&p, fp);
	CHECK(strcmp(fp, HUB_FP) == 0);
	CHECK(strlen(fp) == KEY_FP_LEN);
}

static void
test_fingerprint_parse(void)
{
	static const struct { const char *in, *out; } good[] = {
		{ "wayg-1tpk-p2mk-7ypz", "wayg-1tpk-p2mk-7ypz" },
		{ "WAYG-1TPK-P2MK-7YPZ", "wayg-1tpk-p2mk-7ypz" },
		{ "wayg1tpkp2mk7ypz", "wayg-1tpk-p2mk-7ypz" },
		{ "wayg 1tpk p2mk 7ypz", "wayg-1tpk-p2mk-7ypz" },
		{ "wayg-Itpk-p2mk-7ypz", "wayg-1tpk-p2mk-7ypz" },
		{ "wayg-ltpk-p2mk-7ypz", "wayg-1tpk-p2mk-7ypz" },
		{ "oooo-0000-OOOO-0000", "0000-0000-0000-0000" },
	};
	static const char *const bad[] = {
		"", "wayg-1tpk-p2mk", "wayg-1tpk-p2mk-7ypz-0",
		"uayg-1tpk-p2mk-7ypz", "wayg_1tpk_p2mk_7ypz",
		"wayg-1tpk-p2mk-7yp\xc3\xa9",
	};
	char	out[KEY_FP_LEN + 1];
	size_t	i;

	for (i = 0; i < nitems(good); i++) {
		CHECK(key_fingerprint_parse(good[i].in, out, &err) == 0);
		CHECK(strcmp(out, good[i].out) == 0);
	}
	for (i = 0; i < nitems(bad); i++) {
		err.msg[0] = '\0';
		CHECK(key_fingerprint_parse(bad[i], out, &err) == -1);
		CHECK(has("is not a fingerprint"));
	}
}

static void
test_pub_malformed(void)
{
	static const struct { const char *in, *msg; } bad[] = {
		{ "", "empty" },
		{ "\n", "empty" },
		{ COLLECTOR_LINE "\n" COLLECTOR_LINE "\n",
		    "more than one line" },
		{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHx me@host",
		    "not a fleetaudit public key" },
		{ "fleetaudit-collector-v2 ed25519:" ED_B64,
		    "unsupported version 'fleetaudit-collector-v2'" },
		{ "fleetaudit-hub-v9 x25519:" X_B64 " ed25519:" ED_B64,
		    "unsupported version" },
		{ "fleetaudit-collector-v1", "the ed25519 key is missing" },
		{ "fleetaudit-collector-v1 x25519:" X_B64,
		    "expected the ed25519 key, found 'x25519:'" },
		{ "fleetaudit-collector-v1 " ED_B64,
		    "expected the ed25519 key" },
		{ "fleetaudit-hub-v1 ed25519:" ED_B64 " x25519:" X_B64,
		    "expected the x25519 key, found 'ed25519:'" },
		{ "fleetaudit-hub-v1 x25519:" X_B64,
		    "the ed25519 key is missing" },
		/* cut: 36 characters are 27 bytes, 43 are bad padding */
		{ PUB_ED "VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwl",
		    "is 27 bytes, expected 32" },
		{ PUB_ED "VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36Wg",
		    "not valid base64" },
		{ PUB_ED "VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36Wg=AAAA",
		    "not valid base64" },
		{ PUB_ED "VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36WgAAAA=",
		    "is 35 bytes, expected 32" },
		{ PUB_ED "VeTFwhKWg_N5xBs2sEvCmClpD58HE-rYPWwleBA36Wg=",
		    "not valid base64" },
		/* all zeros: no key pair gives it */
		{ PUB_ED "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		    "not a valid public key" },
		{ "fleetaudit-hub-v1 x25519:"
		    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
		    " ed25519:" ED_B64,
		    "the x25519 key is not a valid public key" },
		{ COLLECTOR_LINE " caf\xc3\xa9",
		    "non-ASCII byte at column 81" },
		{ COLLECTOR_LINE " a\x01", "control or non-ASCII" },
		{ COLLECTOR_LINE " a\tb", "tab in the comment" },
		{ COLLECTOR_LINE "\r\r\n", "control" },
		{ COLLECTOR_LINE " "
		    "01234567890123456789012345678901"
		    "01234567890123456789012345678901"
		    "01234567890123456789012345678901"
		    "01234567890123456789012345678901"
		    "x", "comment longer than 128" },
	};
	struct key_pub	p;
	char		big[KEY_LINE_MAX + 8];
	size_t		i;

	for (i = 0; i < nitems(bad); i++) {
		if (parse(bad[i].in, &p) != -1)
			printf("# case %zu parsed\n", i);
		CHECK(parse(bad[i].in, &p) == -1);
		CHECK(has(bad[i].msg));
	}
	memset(big, 'a', sizeof(big));
	CHECK(key_pub_parse(big, sizeof(big), &p, &err) == -1);
	CHECK(has("line longer than"));
	/* A NUL inside is not the end of the line. */
	memcpy(big, COLLECTOR_LINE "\0x\n", sizeof(COLLECTOR_LINE) + 2);
	CHECK(key_pub_parse(big, sizeof(COLLECTOR_LINE) + 2, &p, &err) == -1);
	CHECK(has("control"));
}

static void
test_pub_files(void)
{
	struct key_pub	 p, q;
	char		*c, *h, *d, *n, big[KEY_LINE_MAX + 2];

	c = put("c.pub", COLLECTOR_LINE " c\n", strlen(COLLECTOR_LINE) + 3,
	    0644);
	h = put("h.pub", HUB_LINE "\n", strlen(HUB_LINE) + 1, 0644);
	CHECK(key_pub_read(c, KEY_COLLECTOR, &p, &err) == 0);
	CHECK(key_pub_read(c, 0, &p, &err) == 0 && p.kind == KEY_COLLECTOR);
	CHECK(key_pub_read(h, KEY_HUB, &q, &err) == 0);
	CHECK(key_pub_read(h, KEY_COLLECTOR, &q, &err) == -1);
	CHECK(has("bad public key '") && has("h.pub': a hub key, expected a "
	    "collector key"));
	CHECK(key_pub_read(c, KEY_HUB, &q, &err) == -1);
	CHECK(has("a collector key, expected a hub key"));
	n = path("none.pub");
	CHECK(key_pub_read(n, 0, &q, &err) == -1);
	CHECK(has("cannot read public key '") && has("No such file"));
	CHECK(key_pub_read(dir, 0, &q, &err) == -1);
	CHECK(has("not a regular file"));
	memset(big, ' ', sizeof(big));
	memcpy(big, COLLECTOR_LINE, strlen(COLLECTOR_LINE));
	free(put("big.pub", big, sizeof(big), 0644));
	free(n);
	n = path("big.pub");
	CHECK(key_pub_read(n, 0, &q, &err) == -1);
	CHECK(has("larger than 512 bytes"));

	/* Written 0644, refused over an existing file without force. */
	d = path("w.pub");
	CHECK(key_pub_write(d, &p, 0, &err) == 0);
	{
		struct stat sb;

		CHECK(stat(d, &sb) == 0 && (sb.st_mode & 07777) == 0644);
	}
	q = p;
	key_pub_set_comment(&q, "another");
	CHECK(key_pub_write(d, &q, 0, &err) == -1);
	CHECK(has("already exists"));
	CHECK(key_pub_read(d, KEY_COLLECTOR, &q, &err) == 0);
	CHECK(key_pub_write(d, &q, 1, &err) == 0);
	CHECK(tmp_files() == 0);
	free(c);
	free(h);
	free(d);
	free(n);
}

/* A new key written as name (sealed under pass when not NULL). */
static struct key_secret *
written(const char *name, enum key_alg alg, const char *pass)
{
	struct key_secret	*k = NULL;
	struct key_pass		*p = NULL;
	char			*f = path(name);

	unlink(f);
	if (pass != NULL && key_pass_from(pass, strlen(pass), &p, &err) != 0)
		fa_bug("key_pass_from: %s", err.msg);
	if (key_secret_generate(alg, &k, &err) != 0 ||
	    key_secret_write(f, k, p, &cheap, 0, &err) != 0)
		fa_bug("cannot write %s: %s", f, err.msg);
	key_pass_free(p);
	free(f);
	return k;
}

static void
test_secret_plain(void)
{
	struct key_secret	*k, *r = NULL;
	struct key_info		 info;
	struct stat		 sb;
	char			*f = path("plain.key");

	k = written("plain.key", KEY_ED25519, NULL);
	CHECK(stat(f, &sb) == 0 && (sb.st_mode & 07777) == 0600 &&
	    sb.st_size == 84);
	CHECK(key_secret_read(f, NULL, &r, &info, &err) == 0);
	CHECK(r != NULL && key_secret_alg(r) == KEY_ED25519 && !info.sealed);
	CHECK(r != NULL && memcmp(key_secret_public(r), key_secret_public(k),
	    KEY_BYTES) == 0);
	CHECK(memcmp(info.pub, key_secret_public(k), KEY_BYTES) == 0);
	key_secret_free(r);
	key_secret_free(k);
	r = NULL;

	/* X25519 too; a passphrase given for a file in clear is not needed. */
	k = written("plain.key", KEY_X25519, NULL);
	{
		struct key_pass *p = NULL;

		CHECK(key_pass_from("whatever1", 9, &p, &err) == 0);
		CHECK(key_secret_read(f, p, &r, NULL, &err) == 0);
		key_pass_free(p);
	}
	CHECK(r != NULL && key_secret_alg(r) == KEY_X25519 &&
	    memcmp(key_secret_public(r), key_secret_public(k),
	    KEY_BYTES) == 0);
	key_secret_free(r);
	key_secret_free(k);
	CHECK(tmp_files() == 0);
	free(f);
}

static void
test_secret_passphrase(void)
{
	struct key_secret	*k, *r = NULL;
	struct key_pass		*right = NULL, *wrong = NULL, *shortp = NULL;
	struct key_info		 info;
	struct stat		 sb;
	char			*f = path("sealed.key"), *pf;

	k = written("sealed.key", KEY_ED25519, "correct horse battery");
	CHECK(stat(f, &sb) == 0 && (sb.st_mode & 07777) == 0600 &&
	    sb.st_size == 156);
	CHECK(key_pass_from("correct horse battery", 21, &right, &err) == 0);
	CHECK(key_pass_from("correct horse batterY", 21, &wrong, &err) == 0);

	CHECK(key_secret_read(f, right, &r, &info, &err) == 0);
	CHECK(r != NULL && memcmp(key_secret_public(r), key_secret_public(k),
	    KEY_BYTES) == 0);
	CHECK(info.sealed && info.ops == 1 && info.mem == 8192);
	key_secret_free(r);
	r = NULL;

	CHECK(key_secret_read(f, wrong, &r, &info, &err) == -1 && r == NULL);
	CHECK(has("wrong passphrase or damaged key file '") &&
	    has("sealed.key'"));
	CHECK(info.sealed);		/* the layout was read */
	CHECK(key_secret_read(f, NULL, &r, &info, &err) == -1);
	CHECK(has("is protected by a passphrase, and none was given"));
	CHECK(info.sealed);

	/* A passphrase file: its first line, with or without "\r\n". */
	pf = put("pass", "correct horse battery\r\nmore\n", 29, 0600);
	key_pass_free(right);
	right = NULL;
	CHECK(key_pass_read(pf, &right, &err) == 0);
	CHECK(key_secret_read(f, right, &r, NULL, &err) == 0);
	key_secret_free(r);
	r = NULL;
	free(pf);
	pf = put("pass", "correct horse battery", 21, 0600);
	key_pass_free(right);
	right = NULL;
	CHECK(key_pass_read(pf, &right, &err) == 0);
	CHECK(key_secret_read(f, right, &r, NULL, &err) == 0);
	key_secret_free(r);
	r = NULL;
	free(pf);
	pf = put("pass", "correct horse battery\n", 22, 0644);
	CHECK(key_pass_read(pf, &shortp, &err) == -1 && shortp == NULL);
	CHECK(has("unsafe mode 0644 on passphrase file '"));
	free(pf);
	pf = put("pass", "\nsecond line\n", 13, 0600);
	CHECK(key_pass_read(pf, &shortp, &err) == -1);
	CHECK(has("is empty"));
	free(pf);
	pf = path("no-such-pass");
	CHECK(key_pass_read(pf, &shortp, &err) == -1);
	CHECK(has("cannot read passphrase file"));
	free(pf);
	CHECK(key_pass_from("", 0, &shortp, &err) == -1);

	/* A new key needs KEY_PASS_MIN characters; nothing is written. */
	CHECK(key_pass_from("short", 5, &shortp, &err) == 0);
	pf = path("short.key");
	CHECK(key_secret_write(pf, k, shortp, &cheap, 0, &err) == -1);
	CHECK(has("too short"));
	CHECK(access(pf, F_OK) == -1);
	CHECK(tmp_files() == 0);
	free(pf);

	key_pass_free(shortp);
	key_pass_free(right);
	key_pass_free(wrong);
	key_secret_free(k);
	free(f);
}

static void
test_secret_mode(void)
{
	static const mode_t	bad[] = { 0644, 0640, 0604, 0660, 0620, 0601 };
	struct key_secret	*k, *r = NULL;
	char			*f = path("mode.key"), want[32];
	size_t			 i;

	k = written("mode.key", KEY_ED25519, NULL);
	for (i = 0; i < nitems(bad); i++) {
		CHECK(chmod(f, bad[i]) == 0);
		CHECK(key_secret_read(f, NULL, &r, NULL, &err) == -1);
		snprintf(want, sizeof(want), "unsafe mode %04o", bad[i]);
		CHECK(has(want) && has("mode.key'") && has("chmod 600"));
	}
	CHECK(chmod(f, 0400) == 0);
	CHECK(key_secret_read(f, NULL, &r, NULL, &err) == 0);
	key_secret_free(r);
	r = NULL;
	CHECK(key_secret_read(dir, NULL, &r, NULL, &err) == -1);
	CHECK(has("is not a regular file"));
	free(f);
	f = path("absent.key");
	CHECK(key_secret_read(f, NULL, &r, NULL, &err) == -1);
	CHECK(has("no secret key at '"));
	key_secret_free(k);
	free(f);
}

/* Loads buf as a file's bytes; the message lands in err. */
static int
load(const unsigned char *buf, size_t len, const char *pass)
{
	struct key_secret	*k = NULL;
	struct key_pass		*p = NULL;
	int			 rc;

	err.msg[0] = '\0';
	if (pass != NULL && key_pass_from(pass, strlen(pass), &p, &err) != 0)
		return -2;
	rc = key_secret_load(buf, len, "x.key", p, &k, &err);
	key_secret_free(k);
	key_pass_free(p);
	return rc;
}

static void
test_secret_damaged(void)
{
	struct key_secret	*k1, *k2;
	unsigned char		*plain, *sealed, b[200];
	size_t			 pl, sl;
	char			*f;

	k1 = written("d1.key", KEY_ED25519, NULL);
	k2 = written("d2.key", KEY_ED25519, "passphrase");
	f = path("d1.key");
	plain = slurp(f, &pl);
	free(f);
	f = path("d2.key");
	sealed = slurp(f, &sl);
	free(f);
	CHECK(pl == 84 && sl == 156);
	CHECK(load(plain, pl, NULL) == 0);
	CHECK(load(sealed, sl, "passphrase") == 0);

	/* Cut or padded. */
	CHECK(load(plain, pl - 1, NULL) == -1 &&
	    has("is 83 bytes, expected 84"));
	memcpy(b, plain, pl);
	b[pl] = '\n';
	CHECK(load(b, pl + 1, NULL) == -1 && has("is 85 bytes, expected 84"));
	CHECK(load(sealed, 84, "passphrase") == -1 &&
	    has("is 84 bytes, expected 156"));
	CHECK(load(plain, 30, NULL) == -1 && has("cut short (30 bytes)"));
	CHECK(load(plain, 0, NULL) == -1 &&
	    has("not a fleetaudit secret key file"));
	CHECK(load((const unsigned char *)"-----BEGIN OPENSSH PRIVATE KEY", 30,
	    NULL) == -1 && has("not a fleetaudit secret key file"));

	/* Header fields. */
	memcpy(b, plain, pl);
	b[15] = '2';
	CHECK(load(b, pl, NULL) == -1 && has("unsupported version"));
	memcpy(b, plain, pl);
	b[16] = 7;
	CHECK(load(b, pl, NULL) == -1 && has("unknown algorithm (7)"));
	memcpy(b, plain, pl);
	b[16] = KEY_X25519;
	CHECK(load(b, pl, NULL) == -1 && has("does not match its public key"));
	memcpy(b, plain, pl);
	b[17] = 9;
	CHECK(load(b, pl, NULL) == -1 && has("unknown protection (9)"));
	memcpy(b, plain, pl);
	b[19] = 1;
	CHECK(load(b, pl, NULL) == -1 && has("reserved bytes set"));

	/* A changed byte in the public or the secret key. */
	memcpy(b, plain, pl);
	b[20] ^= 0x20;
	CHECK(load(b, pl, NULL) == -1 && has("does not match its public key"));
	memcpy(b, plain, pl);
	b[60] ^= 0x01;
	CHECK(load(b, pl, NULL) == -1 && has("does not match its public key"));

	/* Sealed: salt, cost, nonce, box: any change and it does not open. */
	{
		static const size_t at[] = { 52, 67, 68, 77, 84, 107, 108,
		    130, 155 };
		size_t	i;

		for (i = 0; i < nitems(at); i++) {
			memcpy(b, sealed, sl);
			if (at[i] == 68)
				b[at[i]] ^= 0x02;	/* 1 -> 3 passes */
			else if (at[i] == 77)
				b[at[i]] ^= 0x04;	/* 8 -> 9 KiB */
			else
				b[at[i]] ^= 0x01;
			if (load(b, sl, "passphrase") != -1)
				printf("# byte %zu changed, still opens\n",
				    at[i]);
			CHECK(has("wrong passphrase or damaged key file "
			    "'x.key'"));
		}
	}
	/* A cost out of bounds is refused before any work. */
	memcpy(b, sealed, sl);
	b[76 + 5] = 1;			/* memory: 2^40 bytes */
	CHECK(load(b, sl, "passphrase") == -1 &&
	    has("passphrase hash cost out of bounds"));
	memcpy(b, sealed, sl);
	b[68] = 0;			/* zero passes */
	CHECK(load(b, sl, "passphrase") == -1 && has("out of bounds"));
	memcpy(b, sealed, sl);
	b[76] = 1;			/* not whole KiB */
	CHECK(load(b, sl, "passphrase") == -1 && has("out of bounds"));

	key_secret_free(k1);
	key_secret_free(k2);
	free(plain);
	free(sealed);
}

static void
test_secret_no_overwrite(void)
{
	struct key_secret	*k, *other = NULL;
	unsigned char		*before, *after;
	size_t			 bl, al;
	char			*f = path("keep.key");

	k = written("keep.key", KEY_ED25519, NULL);
	before = slurp(f, &bl);
	CHECK(key_secret_generate(KEY_ED25519, &other, &err) == 0);
	CHECK(key_secret_write(f, other, NULL, NULL, 0, &err) == -1);
	CHECK(has("secret key '") && has("keep.key' already exists"));
	after = slurp(f, &al);
	CHECK(bl == al && memcmp(before, after, bl) == 0);
	free(after);
	CHECK(tmp_files() == 0);
	/* With force it is replaced, still 0600. */
	CHECK(key_secret_write(f, other, NULL, NULL, 1, &err) == 0);
	after = slurp(f, &al);
	CHECK(bl == al && memcmp(before, after, bl) != 0);
	{
		struct stat sb;

		CHECK(stat(f, &sb) == 0 && (sb.st_mode & 07777) == 0600);
	}
	CHECK(tmp_files() == 0);
	/* A directory that does not exist: an error naming the file. */
	free(f);
	f = path("no/such/dir.key");
	CHECK(key_secret_write(f, k, NULL, NULL, 0, &err) == -1);
	CHECK(has("cannot write secret key '") && has("dir.key'"));
	free(before);
	free(after);
	free(f);
	key_secret_free(k);
	key_secret_free(other);
}


int
main(void)
{
	const char	*tmp = getenv("TMPDIR");

	snprintf(dir, sizeof(dir), "%s/fa-keys.XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp %s", dir);
	RUN(test_pub_roundtrip);
	RUN(test_fingerprint_fixed);
	RUN(test_fingerprint_parse);
	RUN(test_pub_malformed);
	RUN(test_pub_files);
	RUN(test_secret_plain);
	RUN(test_secret_passphrase);
	RUN(test_secret_mode);
	RUN(test_secret_damaged);
	RUN(test_secret_no_overwrite);
	unit_rmtree(dir);
	return unit_any_failed;
}
