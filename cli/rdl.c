/*
 * rdl.c: "run"'s side of Remote Device Link (see rdl.h, docs/rdl.md).
 *
 * The relay runs in threads of its own (export/rdlrelay.c) but every
 * decision is taken here, on run's thread, where the store and the
 * configuration live: a session is taken only from the hub's answer to
 * this collector's own Hello, verified against the trusted hub key
 * (cmd_upload.c), and only for an address that is both a device of the
 * store and inside the configured ranges (the excluded ones are not).
 * A relay that cannot start is tried again after RDL_RETRY_S.
 *
 * So that a session is taken at once even while a long scan pass keeps
 * this thread busy, the relay is given (every RDL_ALLOW_S) the addresses
 * that pass both checks: it takes a session for one of them from the
 * hub's signed offers itself (rdl_relay_allow()), and leaves any other
 * to the Hello said here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../collector/range.h"
#include "../collector/store.h"
#include "../crypto/keys.h"
#include "../export/rdlrelay.h"
#include "../export/upload.h"
#include "cmd.h"
#include "rdl.h"
#include "runlog.h"

#define RDL_RETRY_S	60	/* a relay that did not start, again */
#define RDL_ALLOW_S	10	/* the relay's addresses made again */

struct rdl_site {
	struct rdl_relay	*relay;
	struct key_secret	*sk;
	struct key_pub		 hub;	/* HOME/hub.pub */
	int			 have_hub;
	int64_t			 allow_at;	/* ms: next rdl_relay_allow() */
	char			 fp[KEY_FP_LEN + 1];
	char			*pin;
	const struct addr_list	*addrs;	/* run's, as of the last tick */
	struct store		*st;
	int64_t			 retry;	/* no start before (wall s) */
};

static void	allow(struct rdl_site *);

static void
to_log(void *arg UNUSED, int level, const char *msg)
{
	runlog_printf(level ? RUNLOG_WARNING : RUNLOG_INFO, "%s", msg);
}

static int
site_start(struct rdl_site *site, struct settings *s)
{
	struct rdl_relay_conf	 c;
	struct key_pass		*pass = NULL;
	struct key_pub		 me;
	struct fa_err		 e;
	char			*p;
	int			 x;

	if (upload_init(&e) != 0)
		goto fail;
	if (cmd_passphrase(s, &pass) != 0)
		return -1;
	p = fa_asprintf("%s/collector.key", s->home);
	x = key_secret_read(p, pass, &site->sk, NULL, &e);
	free(p);
	key_pass_free(pass);
	if (x != 0)
		goto fail;
	memset(&me, 0, sizeof(me));
	me.kind = KEY_COLLECTOR;
	memcpy(me.sign, key_secret_public(site->sk), KEY_BYTES);
	key_fingerprint(&me, site->fp);
	free(site->pin);
	site->pin = NULL;
	if (s->pin != NULL)
		site->pin = strncmp(s->pin, "sha256//", 8) == 0 ?
		    fa_strdup(s->pin) : fa_asprintf("sha256//%s", s->pin);
	memset(&c, 0, sizeof(c));
	c.hub_url = s->hub_url;
	c.cacert = s->cacert;
	c.pin = site->pin;
	c.proxy = s->proxy;
	c.fp = site->fp;
	c.key = site->sk;
	p = fa_asprintf("%s/hub.pub", s->home);
	site->have_hub = key_pub_read(p, KEY_HUB, &site->hub, &e) == 0;
	free(p);
	c.hub = site->have_hub ? &site->hub : NULL;	/* else: Hellos only */
	site->allow_at = 0;
	if ((site->relay = rdl_relay_start(&c, &e)) == NULL)
		goto fail;
	runlog_printf(RUNLOG_INFO, "rdl: device web pages may be opened from "
	    "the hub through this collector (rdl = yes)");
	return 0;
fail:
	runlog_printf(RUNLOG_ERROR, "rdl: cannot start the device link: %s "
	    "(again in %d s)", e.msg, RDL_RETRY_S);
	key_secret_free(site->sk);
	site->sk = NULL;
	return -1;
}

void
rdl_site_end(struct rdl_site *site)
{
	if (site == NULL)
		return;
	if (site->relay != NULL) {
		rdl_relay_stop(site->relay);	/* tells the hub */
		runlog_printf(RUNLOG_INFO, "rdl: device link closed, its "
		    "sessions ended");
	}
	key_secret_free(site->sk);
	free(site->pin);
	free(site);
}

void
rdl_site_tick(struct rdl_site **sp, struct settings *s, const struct upload_exec *x)
{
	struct rdl_site		*site = *sp;
	struct upload_exec	 y;

	if (!s->rdl || s->hub_url == NULL) {
		if (site != NULL)
			runlog_printf(RUNLOG_INFO, "rdl: device link stopped");
		rdl_site_end(site);
		*sp = NULL;
		return;
	}
	if (site == NULL)
		*sp = site = fa_calloc(1, sizeof(*site));
	if (site->relay == NULL) {
		if (fa_wall() < site->retry)
			return;
		site->retry = fa_wall() + RDL_RETRY_S;
		if (site_start(site, s) != 0)
			return;
	}
	/* run's own Hello after a scan may bring a session too: the
	 * ranges and the store it is checked against are kept here */
	site->addrs = x->addrs;
	site->st = x->st;
	if (fa_now_ms() >= site->allow_at) {
		site->allow_at = fa_now_ms() + RDL_ALLOW_S * 1000;
		allow(site);
	}
	rdl_relay_log(site->relay, to_log, NULL);
	if (!rdl_relay_hello_due(site->relay))
		return;
	y = *x;
	y.rdl = rdl_site_command;
	y.rdl_arg = site;
	if (cmd_upload_hello(s, &y) != 0)
		runlog_printf(RUNLOG_WARNING, "rdl: the hello the hub asked for "
		    "failed");
	rdl_relay_log(site->relay, to_log, NULL);
}

static int
addr_cmp(const void *a, const void *b)
{
	return fa_addr_cmp(a, b);
}

/* The relay's addresses: the store's devices inside the ranges. */
static void
allow(struct rdl_site *site)
{
	struct store_devrow	*rows = NULL;
	struct fa_addr		*dev, *ok;
	struct fa_err		 e;
	size_t			 n = 0, i, nd = 0, nok = 0;

	if (site->st == NULL || site->addrs == NULL ||
	    store_list_devices(site->st, &rows, &n, &e) != 0)
		return;
	dev = fa_reallocarray(NULL, n ? n : 1, sizeof(*dev));
	for (i = 0; i < n; i++) {
		if (rows[i].address != NULL &&
		    fa_addr_parse(rows[i].address, &dev[nd]) == 0)
			nd++;
		store_devrow_release(&rows[i]);
	}
	free(rows);
	fa_sort(dev, nd, sizeof(*dev), addr_cmp);
	ok = fa_reallocarray(NULL, nd ? nd : 1, sizeof(*ok));
	for (i = 0; i < site->addrs->n && nok < nd; i++)
		if (bsearch(&site->addrs->v[i], dev, nd, sizeof(*dev),
		    addr_cmp) != NULL)
			ok[nok++] = site->addrs->v[i];
	rdl_relay_allow(site->relay, ok, nok);
	free(ok);
	free(dev);
}

/* Whether a is the address of a device of the store. */
static int
in_store(struct store *st, const struct fa_addr *a)
{
	struct store_devrow	*rows = NULL;
	struct fa_addr		 d;
	struct fa_err		 e;
	size_t			 n = 0, i;
	int			 found = 0;

	if (st == NULL || store_list_devices(st, &rows, &n, &e) != 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!found && rows[i].address != NULL &&
		    fa_addr_parse(rows[i].address, &d) == 0 &&
		    fa_addr_cmp(&d, a) == 0)
			found = 1;
		store_devrow_release(&rows[i]);
	}
	free(rows);
	return found;
}

void
rdl_site_command(void *arg, const char *argument)
{
	struct rdl_site	*site = arg;
	struct fa_addr	 a;
	long long	 num;
	char		 addr[64], scheme[8], canon[64];
	size_t		 i;
	int		 ranged = 0;

	if (site == NULL || site->relay == NULL)
		return;		/* no relay: the hub's offer lapses */
	if (sscanf(argument, "%lld %63s %7s", &num, addr, scheme) != 3 ||
	    num <= 0) {
		runlog_printf(RUNLOG_WARNING, "rdl: a session offer that is "
		    "not SESSION ADDRESS SCHEME: ignored");
		return;
	}
	if (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) {
		rdl_relay_refuse(site->relay, num, "only http and https");
		return;
	}
	if (fa_addr_parse(addr, &a) != 0) {
		rdl_relay_refuse(site->relay, num, "not a numeric address");
		return;
	}
	if (site->addrs != NULL)
		for (i = 0; i < site->addrs->n && !ranged; i++)
			ranged = fa_addr_cmp(&site->addrs->v[i], &a) == 0;
	if (!ranged) {
		rdl_relay_refuse(site->relay, num, "the address is not in "
		    "this collector's ranges");
		return;
	}
	if (!in_store(site->st, &a)) {
		rdl_relay_refuse(site->relay, num, "not a device this "
		    "collector knows");
		return;
	}
	fa_addr_str(&a, canon, sizeof(canon));
	rdl_relay_accept(site->relay, num, canon, scheme);
}
