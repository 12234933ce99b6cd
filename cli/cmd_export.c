/*
 * cmd_export.c: "fleetaudit export bundle": what is new in the store since
 * the last export (or a date), as a signed bundle that only the trusted
 * hub can open (crypto/bundle.c, export/payload*.c, docs/bundle-format.md).
 *
 * Needs the collector's key pair (keys init) and a trusted hub key
 * (keys trust-hub).  Order, so that a failure leaves no half state:
 * everything is read in one read transaction of the store; the bundle is
 * written whole to a temporary file beside its name (fsync), linked into
 * place (an existing file is never replaced), the directory synced; then
 * the export is marked in the store (store_export_mark()), so that the
 * next export starts after it.  The sequence number (HOME/export.seq) is
 * taken before the file is written (see below), so a killed export costs
 * a gap in the numbers, never a reused one; and one killed before its
 * mark is carried again by the next, which the hub merges (records are
 * keyed by their source row).  --mask keeps a site secret, HOME/site.secret (0600), created on
 * first use: it never leaves the site, and the same value gets the same
 * pseudonym in every bundle.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "../export/payload.h"
#include "cmd.h"
#include "plat.h"
#include "util.h"

#define SEQ_FILE	"export.seq"
#define SECRET_FILE	"site.secret"

/* HOME/export.seq: the last sequence number written, 0 when none. */
static int
read_seq(const char *path, int64_t *seq, struct fa_err *e)
{
	FILE		*f;
	char		 buf[32];
	long long	 n;

	*seq = 0;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		return fa_errf(e, "cannot read '%s': %s", path,
		    strerror(errno));
	}
	if (fgets(buf, sizeof(buf), f) == NULL) {
		fclose(f);
		return fa_errf(e, "'%s' is empty", path);
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	if (fa_strtonum(buf, 0, INT64_MAX - 1, &n, path, e) != 0)
		return -1;
	*seq = n;
	return 0;
}

/* The directory of path ("." when none); caller frees. */
static char *
dir_of(const char *path)
{
	char	*d = fa_strdup(path), *slash = strrchr(d, '/');

	if (slash == NULL) {
		free(d);
		return fa_strdup(".");
	}
	if (slash == d)
		slash[1] = '\0';
	else
		*slash = '\0';
	return d;
}

static void
sync_dir(const char *dir)
{
	int	fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fa_fsync(fd);
		close(fd);
	}
}

static int
export_bundle(struct settings *s)
{
	struct key_secret	*sk = NULL;
	struct key_pass		*pass = NULL;
	struct bundle_secret	*secret = NULL;
	struct bundle_writer	*w = NULL;
	struct store		*st = NULL;
	struct key_pub		 pub, hub;
	struct bundle_manifest	 m;
	struct store_delta	 d;
	struct fa_err		 e;
	int64_t			 counts[PAYLOAD_NKINDS], after, seq, t, total;
	char			*skp, *pkp, *hubp, *seqp, *out = NULL;
	char			*dir = NULL, *tmp = NULL, *seqs = NULL, *p;
	unsigned		 mask = 0;
	int			 rc, k, fd = -1, in_tx = 0;
	struct stat		 sb;

	skp = fa_asprintf("%s/collector.key", s->home);
	pkp = fa_asprintf("%s/collector.pub", s->home);
	hubp = fa_asprintf("%s/hub.pub", s->home);
	seqp = fa_asprintf("%s/%s", s->home, SEQ_FILE);
	if (s->mask != NULL && payload_mask_parse(s->mask, &mask, &e) != 0) {
		rc = cmd_fail(EXIT_USAGE, "%s", e.msg);
		goto out;
	}
	rc = EXIT_FAIL;
	if (lstat(pkp, &sb) == -1) {
		cmd_fail(rc, "no collector key in '%s' (see 'fleetaudit keys "
		    "init')", s->home);
		goto out;
	}
	if (lstat(hubp, &sb) == -1) {
		cmd_fail(rc, "no trusted hub key in '%s' (see 'fleetaudit "
		    "keys trust-hub HUB.pub')", s->home);
		goto out;
	}
	if (key_pub_read(pkp, KEY_COLLECTOR, &pub, &e) != 0 ||
	    key_pub_read(hubp, KEY_HUB, &hub, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if ((rc = cmd_passphrase(s, &pass)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (key_secret_read(skp, pass, &sk, NULL, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (key_secret_alg(sk) != KEY_ED25519 ||
	    memcmp(key_secret_public(sk), pub.sign, KEY_BYTES) != 0) {
		cmd_fail(rc, "'%s' does not match '%s' (see 'fleetaudit keys "
		    "check')", skp, pkp);
		goto out;
	}
	if (mask != 0) {
		p = fa_asprintf("%s/%s", s->home, SECRET_FILE);
		k = bundle_secret_load(p, 1, &secret, &e);
		free(p);
		if (k != 0) {
			cmd_fail(rc, "%s", e.msg);
			goto out;
		}
	}
	if (read_seq(seqp, &seq, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	seq++;
	if ((rc = cmd_open_store(s, 0, &st)) != 0)
		goto out;
	rc = EXIT_FAIL;
	if (store_export_begin(st, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	in_tx = 1;
	/* --since: the newest export (last), everything (all), a date. */
	after = -1;
	if (s->since != NULL && strcmp(s->since, "all") == 0)
		after = 0;
	else if (s->since != NULL && strcmp(s->since, "last") != 0) {
		if (cmd_parse_since(s->since, fa_wall(), &t, &e) != 0) {
			rc = cmd_fail(EXIT_USAGE, "since: %s", e.msg);
			goto out;
		}
		if (store_last_scan(st, t, &after, &e) != 0) {
			cmd_fail(rc, "%s", e.msg);
			goto out;
		}
	}
	if (store_delta(st, after, &d, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (d.upto_scan <= d.since_scan) {
		if (!s->quiet)
			fprintf(stderr, "export: nothing new since scan %lld; "
			    "no bundle written\n", (long long)d.since_scan);
		rc = EXIT_OK;
		goto out;
	}
	memset(&m, 0, sizeof(m));
	m.version = BUNDLE_VERSION;
	bundle_new_id(m.id);
	m.collector = pub;
	key_fingerprint(&pub, m.collector_fp);
	key_fingerprint(&hub, m.hub_fp);
	m.created = fa_wall();
	m.sequence = seq;
	m.after_scan = d.since_scan;
	m.upto_scan = d.upto_scan;
	if (store_export_period(st, m.after_scan, m.upto_scan,
	    &m.period_from, &m.period_to, &m.devices, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	fa_strlcpy(m.archive, "tar+gzip", sizeof(m.archive));
	if (mask & PAYLOAD_MASK_IP)
		fa_strlcpy(m.masks[m.nmasks++], "ip", sizeof(m.masks[0]));
	if (mask & PAYLOAD_MASK_MAC)
		fa_strlcpy(m.masks[m.nmasks++], "mac", sizeof(m.masks[0]));
	if (mask & PAYLOAD_MASK_HOST)
		fa_strlcpy(m.masks[m.nmasks++], "hostname",
		    sizeof(m.masks[0]));
	if (s->output != NULL)
		out = fa_strdup(s->output);
	else {
		char fp[KEY_FP_LEN + 1];
		size_t i, j;

		for (i = j = 0; m.collector_fp[i] != '\0'; i++)
			if (m.collector_fp[i] != '-')
				fp[j++] = m.collector_fp[i];
		fp[j] = '\0';
		out = fa_asprintf("fleetaudit-%s-%06lld.bundle", fp,
		    (long long)seq);
	}
	if (lstat(out, &sb) == 0) {
		cmd_fail(rc, "'%s' already exists (a bundle is never "
		    "replaced; -o names another file)", out);
		goto out;
	}
	/* The sequence number is taken before the bundle is written: an
	 * export killed after writing its file but before marking it must
	 * not let the next one reuse the number (the hub would refuse that
	 * one as a replay).  A number taken by an export that then fails is
	 * only a gap, which the hub accepts. */
	seqs = fa_asprintf("%lld\n", (long long)seq);
	if (key_put_file(seqp, "sequence file", seqs, strlen(seqs), 0600, 1,
	    &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	dir = dir_of(out);
	tmp = fa_asprintf("%s.tmp-XXXXXX", out);
	if ((fd = fa_mkstemp(tmp)) == -1) {
		cmd_fail(rc, "cannot write '%s': %s", out, strerror(errno));
		FA_FREE(tmp);
		goto out;
	}
	if (bundle_writer_new(dir, &hub, &w, &e) != 0 ||
	    payload_write(st, m.after_scan, m.upto_scan, mask, secret, 0, w,
	    counts, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	m.nkinds = 0;
	for (k = 0; k < PAYLOAD_NKINDS; k++) {
		fa_strlcpy(m.kinds[m.nkinds], payload_kinds[k],
		    sizeof(m.kinds[0]));
		m.counts[m.nkinds++] = counts[k];
	}
	if (bundle_writer_finish(w, &m, sk, fd, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (fa_fchmod(fd, 0644) == -1 || fa_fsync(fd) == -1 ||
	    fstat(fd, &sb) == -1 || close(fd) == -1) {
		fd = -1;
		cmd_fail(rc, "cannot write '%s': %s", out, strerror(errno));
		goto out;
	}
	fd = -1;
	/* Never over an existing file: link, then drop the temporary. */
	if (link(tmp, out) == -1) {
		cmd_fail(rc, "cannot write '%s': %s", out, strerror(errno));
		goto out;
	}
	(void)unlink(tmp);
	FA_FREE(tmp);
	sync_dir(dir);
	store_export_end(st);
	in_tx = 0;
	if (store_export_mark(st, m.id, m.upto_scan, NULL, &e) != 0) {
		cmd_fail(rc, "bundle '%s' written, but %s", out, e.msg);
		goto out;
	}
	for (total = 0, k = 0; k < PAYLOAD_NKINDS; k++)
		total += counts[k];
	printf("bundle     %s\n", out);
	printf("id         %s\n", m.id);
	printf("sequence   %lld\n", (long long)seq);
	printf("scans      %lld to %lld (%lld scans, %lld devices)\n",
	    (long long)m.after_scan + 1, (long long)m.upto_scan,
	    (long long)counts[STORE_X_SCANS], (long long)m.devices);
	printf("records    %lld (%lld seen unchanged)\n", (long long)total,
	    (long long)counts[STORE_X_SEEN]);
	printf("masking    %s\n", s->mask != NULL ? s->mask : "none");
	printf("hub        %s\n", m.hub_fp);
	printf("size       %lld bytes\n", (long long)sb.st_size);
	cmd_log(s, "export: bundle %s sequence %lld, scans %lld-%lld, %s", m.id,
	    (long long)seq, (long long)m.after_scan + 1,
	    (long long)m.upto_scan, out);
	rc = EXIT_OK;
out:
	if (in_tx)
		store_export_end(st);
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		(void)unlink(tmp);
	bundle_writer_free(w);
	bundle_secret_free(secret);
	key_secret_free(sk);
	key_pass_free(pass);
	store_close(st);
	free(skp);
	free(pkp);
	free(hubp);
	free(seqp);
	free(seqs);
	free(out);
	free(dir);
	free(tmp);
	return rc;
}

int
cmd_export(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	int		 rc;

	if ((rc = cmd_setup("export", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	if (pos.n == 0) {
		rc = cmd_fail(EXIT_USAGE, "export needs what to export: bundle "
		    "(see 'fleetaudit help export')");
		goto out;
	}
	if (strcmp(pos.v[0], "bundle") != 0) {
		rc = cmd_fail(EXIT_USAGE, "unknown export '%s' (bundle)",
		    pos.v[0]);
		goto out;
	}
	if (pos.n > 1) {
		rc = cmd_fail(EXIT_USAGE, "export bundle takes no arguments "
		    "(-o FILE names the bundle)");
		goto out;
	}
	rc = export_bundle(&s);
out:
	free(pos.v);
	settings_release(&s);
	return rc;
}
