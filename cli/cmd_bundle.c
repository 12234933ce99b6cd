/*
 * cmd_bundle.c: "fleetaudit bundle": looks at bundles and receipts on the
 * site, with no secret key.
 *
 *  - inspect FILE: the manifest (what leaves the site) and the checks
 *    anyone can make: layout, the collector's signature with the key the
 *    manifest holds (and whether that key is this home's), the payload's
 *    size and hash.  The payload itself stays sealed: only the hub opens
 *    it, not even the collector that wrote it.
 *  - check-receipt FILE: a receipt the hub wrote after an import, checked
 *    against the hub key this home trusts (HOME/hub.pub).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../crypto/bundle.h"
#include "../crypto/keys.h"
#include "cmd.h"
#include "json.h"
#include "util.h"

static const char *
ttext(int64_t t, char *buf, size_t len)
{
	if (t <= 0)
		return "-";
	fa_iso8601(t, buf, len);
	return buf;
}

static int
inspect(struct settings *s, const char *path)
{
	struct bundle_reader		*r = NULL;
	const struct bundle_manifest	*m;
	struct key_pub			 own, hub;
	struct fa_err			 e;
	struct stat			 sb;
	char				*pk, *hp, *text;
	char				 hex[2 * BUNDLE_HASH_BYTES + 1];
	char				 t1[32], t2[32];
	const char			*ours, *hubs;
	size_t				 i;
	int				 rc = EXIT_FAIL;

	pk = fa_asprintf("%s/%s", s->home, HOME_COLLECTOR_PUB);
	hp = fa_asprintf("%s/%s", s->home, HOME_HUB_PUB);
	if (bundle_open(path, NULL, &r, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	m = bundle_manifest(r);
	ours = lstat(pk, &sb) != 0 ? "unknown (no collector key in this "
	    "home)" : key_pub_read(pk, KEY_COLLECTOR, &own, &e) != 0 ?
	    "unknown (this home's collector.pub is unreadable)" :
	    key_pub_equal(&own, &m->collector) ? "yes" : "no";
	hubs = "unknown (no hub trusted in this home)";
	if (lstat(hp, &sb) == 0 && key_pub_read(hp, KEY_HUB, &hub, &e) == 0) {
		char fp[KEY_FP_LEN + 1];

		key_fingerprint(&hub, fp);
		hubs = strcmp(fp, m->hub_fp) == 0 ? "yes" : "no";
	}
	bundle_hash_hex(m->payload_hash, hex);
	if (s->json) {
		json_object *o = json_object_new_object(), *c;

		text = bundle_manifest_format(m);
		c = json_tokener_parse(text);
		free(text);
		json_object_object_add(o, "file", json_object_new_string(path));
		json_object_object_add(o, "size", json_object_new_int64(
		    (int64_t)bundle_file_size(r)));
		json_object_object_add(o, "signature",
		    json_object_new_string("good"));
		json_object_object_add(o, "collector_is_this_home",
		    json_object_new_string(ours));
		json_object_object_add(o, "hub_is_trusted_here",
		    json_object_new_string(hubs));
		json_object_object_add(o, "manifest", c);
		json_print(o);
		json_object_put(o);
	} else {
		printf("bundle       %s (%llu bytes)\n", path,
		    (unsigned long long)bundle_file_size(r));
		printf("format       fleetaudit-bundle version %d\n",
		    m->version);
		printf("id           %s\n", m->id);
		printf("sequence     %lld\n", (long long)m->sequence);
		printf("created      %s\n", ttext(m->created, t1, sizeof(t1)));
		printf("collector    %s (this home's: %s)\n", m->collector_fp,
		    ours);
		printf("hub          %s (trusted here: %s)\n", m->hub_fp, hubs);
		printf("period       %s to %s (scans %lld to %lld)\n",
		    ttext(m->period_from, t1, sizeof(t1)),
		    ttext(m->period_to, t2, sizeof(t2)),
		    (long long)m->after_scan + 1, (long long)m->upto_scan);
		printf("devices      %lld\n", (long long)m->devices);
		printf("records     ");
		for (i = 0; i < m->nkinds; i++)
			printf(" %s=%lld", m->kinds[i],
			    (long long)m->counts[i]);
		printf("\nmasking     ");
		for (i = 0; i < m->nmasks; i++)
			printf(" %s", m->masks[i]);
		printf("%s\n", m->nmasks == 0 ? " none" : "");
		printf("payload      %llu bytes, %s, encrypted for the hub "
		    "only\n", (unsigned long long)m->payload_size,
		    m->archive);
		printf("blake2b-256  %s\n", hex);
		printf("signature    good (Ed25519, collector %s)\n",
		    m->collector_fp);
	}
	rc = EXIT_OK;
out:
	bundle_close(r);
	free(pk);
	free(hp);
	return rc;
}

static int
check_receipt(struct settings *s, const char *path)
{
	struct key_pub	 hub;
	struct fa_err	 e;
	struct stat	 sb;
	json_object	*o = NULL, *v;
	char		*hp, *json = NULL, *buf = NULL;
	ssize_t		 n;
	int		 fd = -1, rc = EXIT_FAIL;

	hp = fa_asprintf("%s/%s", s->home, HOME_HUB_PUB);
	if (lstat(hp, &sb) == -1) {
		cmd_fail(rc, "no trusted hub key in '%s' (see 'fleetaudit "
		    "keys trust-hub HUB.pub')", s->home);
		goto out;
	}
	if (key_pub_read(hp, KEY_HUB, &hub, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		rc = cmd_fail(EXIT_USAGE, "cannot read receipt '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	buf = fa_malloc(RECEIPT_MAX + 1);
	n = read(fd, buf, RECEIPT_MAX + 1);
	if (n < 0) {
		cmd_fail(rc, "cannot read receipt '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (bundle_receipt_verify(buf, (size_t)n, &hub, &json, &e) != 0) {
		cmd_fail(rc, "receipt '%s': %s", path, e.msg);
		goto out;
	}
	o = json_tokener_parse(json);
	if (s->json) {
		json_print(o);
	} else {
		printf("receipt      %s\n", path);
		char fp[KEY_FP_LEN + 1];

		key_fingerprint(&hub, fp);
		printf("signature    good (hub %s, trusted in this home)\n",
		    fp);
		if (o != NULL) {
			json_object_object_foreach(o, k, val) {
				v = val;
				printf("%-12s %s\n", k, v == NULL ? "-" :
				    json_object_get_string(v));
			}
		}
	}
	rc = EXIT_OK;
out:
	if (fd != -1)
		close(fd);
	json_object_put(o);
	free(json);
	free(buf);
	free(hp);
	return rc;
}

int
cmd_bundle(int argc, char *argv[])
{
	struct settings	 s;
	struct strv	 pos = { NULL, 0 };
	const char	*sub;
	int		 rc;

	if ((rc = cmd_setup("bundle", argc, argv, &s, &pos)) != 0) {
		rc = rc == CMD_HELPED ? EXIT_OK : rc;
		goto out;
	}
	sub = pos.n > 0 ? pos.v[0] : "";
	if (strcmp(sub, "inspect") != 0 && strcmp(sub, "check-receipt") != 0) {
		if (*sub == '\0')
			rc = cmd_fail(EXIT_USAGE, "bundle needs a subcommand: "
			    "inspect or check-receipt (see 'fleetaudit help "
			    "bundle')");
		else
			rc = cmd_fail(EXIT_USAGE, "unknown bundle subcommand "
			    "'%s' (inspect, check-receipt)", sub);
		goto out;
	}
	if (pos.n != 2) {
		rc = cmd_fail(EXIT_USAGE, "bundle %s needs one FILE", sub);
		goto out;
	}
	if (strcmp(sub, "inspect") == 0)
		rc = inspect(&s, pos.v[1]);
	else
		rc = check_receipt(&s, pos.v[1]);
out:
	free(pos.v);
	settings_release(&s);
	return rc;
}
