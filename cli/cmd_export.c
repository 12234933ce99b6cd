/*
 * cmd_export.c: "fleetaudit export bundle": what is new in the store since
 * the last export (or a date), as a signed bundle that only the trusted
 * hub can open (crypto/bundle.c, export/payload*.c, docs/bundle-format.md).
 *
 * Needs the collector's key pair (keys init) and a trusted hub key
 * (keys trust-hub).  The export itself is one transaction of the library,
 * export/exporttx.c (its header says in which order, and why), which
 * "upload" runs too; this file checks the keys, chooses the masking and
 * prints what was written.
 *
 * Masking: --mask, else the site's (the config's "mask", else
 * HOME/site.mask, see exporttx.h).  The first masked export of a site
 * that has not chosen records its --mask as the site's, so that a later
 * upload does not send the same devices unmasked; a --mask that differs
 * from the site's is used for this bundle alone, with a warning.
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "../export/exporttx.h"
#include "../export/payload.h"
#include "cmd.h"
#include "plat.h"
#include "util.h"

int
cmd_export_mask(const struct settings *s, unsigned *mask, char **text,
    int *keep)
{
	struct fa_err	 e;
	char		*site = NULL;
	unsigned	 m = 0, sm = 0;
	int		 given;

	*mask = 0;
	*text = NULL;
	*keep = 0;
	/* --mask on the command line (what the config says is the site's). */
	given = s->mask != NULL && (s->config_mask == NULL ||
	    strcmp(s->mask, s->config_mask) != 0);
	if (given && payload_mask_parse(s->mask, &m, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (exporttx_site_mask(s->home, s->config_mask, &site, &e) != 0 ||
	    (site != NULL && payload_mask_parse(site, &sm, &e) != 0)) {
		free(site);
		return cmd_fail(s->config_mask != NULL ? EXIT_USAGE :
		    EXIT_FAIL, "%s", e.msg);
	}
	if (!given) {
		*mask = sm;
		*text = site;
		return EXIT_OK;
	}
	*mask = m;
	*text = fa_strdup(s->mask);
	if (site == NULL)
		*keep = m != 0;		/* the site's first choice */
	else if (m != sm)
		fprintf(stderr, "fleetaudit: warning: --mask '%s' differs from "
		    "the site's masking '%s' (%s): this bundle only, upload "
		    "keeps the site's\n", s->mask, site,
		    s->config_mask != NULL ? "config key mask" :
		    "HOME/" EXPORTTX_MASK_FILE);
	free(site);
	return EXIT_OK;
}

void
cmd_export_print(const struct settings *s, const struct exporttx *x,
    const char *masking, int quiet)
{
	const struct bundle_manifest	*m = &x->m;

	if (!quiet) {
		printf("bundle     %s\n", x->path);
		printf("id         %s\n", m->id);
		printf("sequence   %lld\n", (long long)m->sequence);
		printf("scans      %lld to %lld (%lld scans, %lld devices)\n",
		    (long long)m->after_scan + 1, (long long)m->upto_scan,
		    (long long)x->counts[STORE_X_SCANS],
		    (long long)m->devices);
		printf("records    %lld (%lld seen unchanged)\n",
		    (long long)x->records,
		    (long long)x->counts[STORE_X_SEEN]);
		printf("masking    %s\n", masking != NULL ? masking : "none");
		printf("hub        %s\n", m->hub_fp);
		printf("size       %lld bytes\n", (long long)x->size);
		fflush(stdout);
	}
	cmd_log(s, "export: bundle %s sequence %lld, scans %lld-%lld, %s",
	    m->id, (long long)m->sequence, (long long)m->after_scan + 1,
	    (long long)m->upto_scan, x->path);
}

static int
export_bundle(struct settings *s)
{
	struct key_secret	*sk = NULL;
	struct key_pass		*pass = NULL;
	struct store		*st = NULL;
	struct key_pub		 pub, hub;
	struct exporttx		 x;
	struct fa_err		 e;
	char			*skp, *pkp, *hubp, *masking = NULL;
	unsigned		 mask = 0;
	int			 rc, keep = 0;
	struct stat		 sb;

	memset(&x, 0, sizeof(x));
	skp = fa_asprintf("%s/collector.key", s->home);
	pkp = fa_asprintf("%s/collector.pub", s->home);
	hubp = fa_asprintf("%s/hub.pub", s->home);
	/* A bad --mask is a usage error, before anything else. */
	if ((rc = cmd_export_mask(s, &mask, &masking, &keep)) != 0)
		goto out;
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
	/* --since: the newest export (last), everything (all), a date. */
	x.since = EXPORTTX_LAST;
	if (s->since != NULL && strcmp(s->since, "all") == 0)
		x.since = EXPORTTX_ALL;
	else if (s->since != NULL && strcmp(s->since, "last") != 0) {
		if (cmd_parse_since(s->since, fa_wall(), &x.since_time,
		    &e) != 0) {
			rc = cmd_fail(EXIT_USAGE, "since: %s", e.msg);
			goto out;
		}
		x.since = EXPORTTX_TIME;
	}
	if ((rc = cmd_open_store(s, 0, &st)) != 0)
		goto out;
	x.home = s->home;
	x.output = s->output;
	x.mask = mask;
	x.sk = sk;
	x.hub = &hub;
	if (exporttx_run(&x, st, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (!x.written) {
		if (!s->quiet)
			fprintf(stderr, "export: nothing new since scan %lld; "
			    "no bundle written\n", (long long)x.m.after_scan);
		rc = EXIT_OK;
		goto out;
	}
	cmd_export_print(s, &x, masking, 0);
	rc = EXIT_OK;
	if (keep && exporttx_site_mask_keep(s->home, masking, &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "bundle '%s' written, but %s", x.path,
		    e.msg);
out:
	exporttx_release(&x);
	key_secret_free(sk);
	key_pass_free(pass);
	store_close(st);
	free(skp);
	free(pkp);
	free(hubp);
	free(masking);
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
