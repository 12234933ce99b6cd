/*
 * exporttx.c: one export of the store as a bundle (see exporttx.h for
 * the order of its steps and why).  Moved here from the export command
 * so that "upload" runs the very same code in its own process.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../cli/plat.h"
#include "exporttx.h"

#define MASK_FILE_MAX	64	/* "ip,mac,hostname" and a newline */

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

/* "fleetaudit-FINGERPRINT-SEQUENCE.bundle", in dir when not NULL. */
static char *
default_name(const char *dir, const char *fp, int64_t seq)
{
	char	 b[KEY_FP_LEN + 1];
	size_t	 i, j;

	for (i = j = 0; fp[i] != '\0' && j < sizeof(b) - 1; i++)
		if (fp[i] != '-')
			b[j++] = fp[i];
	b[j] = '\0';
	if (dir != NULL)
		return fa_asprintf("%s/fleetaudit-%s-%06lld.bundle", dir, b,
		    (long long)seq);
	return fa_asprintf("fleetaudit-%s-%06lld.bundle", b, (long long)seq);
}

static void
manifest_masks(struct bundle_manifest *m, unsigned mask)
{
	if (mask & PAYLOAD_MASK_IP)
		fa_strlcpy(m->masks[m->nmasks++], "ip", sizeof(m->masks[0]));
	if (mask & PAYLOAD_MASK_MAC)
		fa_strlcpy(m->masks[m->nmasks++], "mac", sizeof(m->masks[0]));
	if (mask & PAYLOAD_MASK_HOST)
		fa_strlcpy(m->masks[m->nmasks++], "hostname",
		    sizeof(m->masks[0]));
}

int
exporttx_run(struct exporttx *x, struct store *st, struct fa_err *e)
{
	struct bundle_secret	*secret = NULL;
	struct bundle_writer	*w = NULL;
	struct bundle_manifest	*m = &x->m;
	struct store_delta	 d;
	struct key_pub		 me;
	struct stat		 sb;
	int64_t			 after, seq;
	char			*seqp, *dir = NULL, *tmp = NULL, *seqs = NULL;
	char			*p;
	int			 k, fd = -1, in_tx = 0, rc = -1;

	x->written = 0;
	x->path = NULL;
	x->records = x->size = 0;
	memset(m, 0, sizeof(*m));
	memset(x->counts, 0, sizeof(x->counts));
	seqp = fa_asprintf("%s/%s", x->home, EXPORTTX_SEQ_FILE);
	if (key_secret_alg(x->sk) != KEY_ED25519) {
		fa_errf(e, "the collector's secret key is not a signing key");
		goto out;
	}
	if (x->mask != 0) {
		p = fa_asprintf("%s/%s", x->home, EXPORTTX_SECRET_FILE);
		k = bundle_secret_load(p, 1, &secret, e);
		free(p);
		if (k != 0)
			goto out;
	}
	if (read_seq(seqp, &seq, e) != 0)
		goto out;
	seq++;
	if (store_export_begin(st, e) != 0)
		goto out;
	in_tx = 1;
	after = -1;			/* the newest export */
	if (x->since == EXPORTTX_ALL)
		after = 0;
	else if (x->since == EXPORTTX_TIME &&
	    store_last_scan(st, x->since_time, &after, e) != 0)
		goto out;
	if (store_delta(st, after, &d, e) != 0)
		goto out;
	m->after_scan = d.since_scan;
	if (d.upto_scan <= d.since_scan) {
		rc = 0;			/* nothing new */
		goto out;
	}
	memset(&me, 0, sizeof(me));
	me.kind = KEY_COLLECTOR;
	memcpy(me.sign, key_secret_public(x->sk), KEY_BYTES);
	m->version = BUNDLE_VERSION;
	bundle_new_id(m->id);
	m->collector = me;
	key_fingerprint(&me, m->collector_fp);
	key_fingerprint(x->hub, m->hub_fp);
	m->created = fa_wall();
	m->sequence = seq;
	m->upto_scan = d.upto_scan;
	if (store_export_period(st, m->after_scan, m->upto_scan,
	    &m->period_from, &m->period_to, &m->devices, e) != 0)
		goto out;
	fa_strlcpy(m->archive, "tar+gzip", sizeof(m->archive));
	manifest_masks(m, x->mask);
	x->path = x->output != NULL ? fa_strdup(x->output) :
	    default_name(x->dir, m->collector_fp, seq);
	if (lstat(x->path, &sb) == 0) {
		fa_errf(e, "'%s' already exists (a bundle is never replaced; "
		    "-o names another file)", x->path);
		goto out;
	}
	/* The sequence number is taken before the bundle is written: an
	 * export killed after writing its file but before marking it must
	 * not let the next one reuse the number (the hub would refuse that
	 * one as a replay).  A number taken by an export that then fails is
	 * only a gap, which the hub accepts. */
	seqs = fa_asprintf("%lld\n", (long long)seq);
	if (fa_put_file(seqp, "sequence file", seqs, strlen(seqs), 0600, 1,
	    e) != 0)
		goto out;
	dir = dir_of(x->path);
	tmp = fa_asprintf("%s.tmp-XXXXXX", x->path);
	if ((fd = fa_mkstemp(tmp)) == -1) {
		fa_errf(e, "cannot write '%s': %s", x->path, strerror(errno));
		FA_FREE(tmp);
		goto out;
	}
	if (bundle_writer_new(dir, x->hub, &w, e) != 0 ||
	    payload_write(st, m->after_scan, m->upto_scan, x->mask, secret, 0,
	    w, x->counts, e) != 0)
		goto out;
	for (k = 0; k < PAYLOAD_NKINDS; k++) {
		fa_strlcpy(m->kinds[m->nkinds], payload_kinds[k],
		    sizeof(m->kinds[0]));
		m->counts[m->nkinds++] = x->counts[k];
		x->records += x->counts[k];
	}
	if (bundle_writer_finish(w, m, x->sk, fd, e) != 0)
		goto out;
	if (fa_fchmod(fd, 0644) == -1 || fa_fsync(fd) == -1 ||
	    fstat(fd, &sb) == -1 || close(fd) == -1) {
		fd = -1;
		fa_errf(e, "cannot write '%s': %s", x->path, strerror(errno));
		goto out;
	}
	fd = -1;
	x->size = (int64_t)sb.st_size;
	/* Never over an existing file: link, then drop the temporary. */
	if (link(tmp, x->path) == -1) {
		fa_errf(e, "cannot write '%s': %s", x->path, strerror(errno));
		goto out;
	}
	(void)unlink(tmp);
	FA_FREE(tmp);
	(void)fa_fsync_dir(x->path);
	x->written = 1;
	store_export_end(st);
	in_tx = 0;
	if (store_export_mark(st, m->id, m->upto_scan, NULL, e) != 0) {
		char msg[sizeof(e->msg)];

		fa_strlcpy(msg, e->msg, sizeof(msg));
		fa_errf(e, "bundle '%s' written, but %s", x->path, msg);
		goto out;
	}
	rc = 0;
out:
	if (in_tx)
		store_export_end(st);
	if (fd != -1)
		close(fd);
	if (tmp != NULL)
		(void)unlink(tmp);
	bundle_writer_free(w);
	bundle_secret_free(secret);
	free(seqp);
	free(seqs);
	free(dir);
	free(tmp);
	return rc;
}

void
exporttx_release(struct exporttx *x)
{
	FA_FREE(x->path);
}

int
exporttx_site_mask(const char *home, const char *config, char **out,
    struct fa_err *e)
{
	FILE		*f;
	char		 buf[MASK_FILE_MAX], *p;
	unsigned	 mask;
	struct fa_err	 e2;

	*out = NULL;
	if (config != NULL) {
		*out = fa_strdup(config);
		return 0;
	}
	p = fa_asprintf("%s/%s", home, EXPORTTX_MASK_FILE);
	if ((f = fopen(p, "r")) == NULL) {
		if (errno == ENOENT) {
			free(p);
			return 0;
		}
		fa_errf(e, "cannot read '%s': %s", p, strerror(errno));
		free(p);
		return -1;
	}
	if (fgets(buf, sizeof(buf), f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\r\n")] = '\0';
	if (payload_mask_parse(buf, &mask, &e2) != 0) {
		fa_errf(e, "%s: %s", p, e2.msg);
		free(p);
		return -1;
	}
	free(p);
	*out = fa_strdup(buf);
	return 0;
}

int
exporttx_site_mask_keep(const char *home, const char *mask,
    struct fa_err *e)
{
	struct stat	 sb;
	char		*p, *line;
	int		 rc = 0;

	p = fa_asprintf("%s/%s", home, EXPORTTX_MASK_FILE);
	if (lstat(p, &sb) != 0) {
		line = fa_asprintf("%s\n", mask);
		rc = fa_put_file(p, "site masking", line, strlen(line), 0600,
		    0, e);
		free(line);
	}
	free(p);
	return rc;
}
