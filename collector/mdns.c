/*
 * mdns.c: DNS-SD browsing of IPP printers (see mdns.h) with
 * libavahi-client.
 *
 * One simple-poll loop, two service browsers (_ipp._tcp, _ipps._tcp) and
 * a resolver per service announced, all bounded: the loop ends at the
 * deadline, or earlier once both browsers said "all for now" and no
 * resolution is pending; at most MDNS_MAX_SERVICES resolutions.  What a
 * TXT record says is not trusted: the resource path is kept only when it
 * is a plain path (letters, digits, "-._~/"), else "/ipp/print".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-common/address.h>
#include <avahi-common/domain.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/simple-watch.h>
#include <avahi-common/strlst.h>

#include "mdns.h"

#define RP_MAX	128	/* bytes of a resource path kept */

struct svc {
	char		 name[AVAHI_LABEL_MAX];	/* the service's instance */
	char		 addr[AVAHI_ADDRESS_STR_MAX];
	int		 v6;
	int		 ll;		/* IPv6 link-local: left out */
	uint16_t	 port;
	int		 tls;		/* from _ipps._tcp */
	char		 rp[RP_MAX];
};

struct browse {
	AvahiClient	*client;
	struct svc	*v;
	size_t		 n;
	size_t		 started;	/* resolutions started */
	int		 pending;	/* resolutions not done */
	int		 all_for_now;	/* browsers done with the cache */
	int		 failed;
};

/* IPv4 2, a routable IPv6 address 1, link-local 0. */
static int
rank(const struct svc *v)
{
	return v->ll ? 0 : v->v6 ? 1 : 2;
}

/*
 * One printer once: the same instance name (its _ipp and _ipps services,
 * over IPv4 and IPv6), or the same address and port, is one entry, which
 * takes an IPv4 address over a routable IPv6 one over a link-local one,
 * then ipp:// over ipps://.
 */
static void
keep(struct browse *b, const struct svc *n)
{
	struct svc	*o;
	size_t		 i;

	for (i = 0; i < b->n; i++) {
		o = &b->v[i];
		if (strcmp(o->name, n->name) != 0 && (o->port != n->port ||
		    strcmp(o->addr, n->addr) != 0))
			continue;
		if (rank(n) > rank(o) || (rank(n) == rank(o) && o->tls &&
		    !n->tls))
			*o = *n;
		return;
	}
	b->v = fa_reallocarray(b->v, b->n + 1, sizeof(*b->v));
	b->v[b->n++] = *n;
}

/* An IPv6 link-local address (fe80::/10): only meaningful with the
 * interface it was heard on, which a URI and the store do not keep. */
static int
link_local(const AvahiAddress *a)
{
	return a->data.ipv6.address[0] == 0xfe &&
	    (a->data.ipv6.address[1] & 0xc0) == 0x80;
}

/* The TXT record's "rp" (resource path, without its leading "/"). */
static void
rp_of(AvahiStringList *txt, char *out, size_t len)
{
	AvahiStringList	*t = avahi_string_list_find(txt, "rp");
	char		*key = NULL, *val = NULL;
	size_t		 i;

	fa_strlcpy(out, "ipp/print", len);
	if (t == NULL || avahi_string_list_get_pair(t, &key, &val, NULL) != 0)
		return;
	if (val != NULL && *val != '\0' && strlen(val) < len) {
		for (i = 0; val[i] != '\0'; i++)
			if (!((val[i] >= 'a' && val[i] <= 'z') ||
			    (val[i] >= 'A' && val[i] <= 'Z') ||
			    (val[i] >= '0' && val[i] <= '9') ||
			    strchr("-._~/", val[i]) != NULL))
				break;
		if (val[i] == '\0')
			fa_strlcpy(out, val[0] == '/' ? val + 1 : val, len);
	}
	avahi_free(key);
	avahi_free(val);
}

static void
resolved(AvahiServiceResolver *r, AvahiIfIndex iface, AvahiProtocol proto,
    AvahiResolverEvent ev, const char *name, const char *type,
    const char *domain, const char *host, const AvahiAddress *a,
    uint16_t port, AvahiStringList *txt, AvahiLookupResultFlags flags,
    void *arg)
{
	struct browse	*b = arg;
	struct svc	 v;

	(void)iface;
	(void)proto;
	(void)domain;
	(void)host;
	(void)flags;
	if (ev == AVAHI_RESOLVER_FOUND && a != NULL && port != 0 &&
	    name != NULL && (a->proto == AVAHI_PROTO_INET ||
	    a->proto == AVAHI_PROTO_INET6)) {
		memset(&v, 0, sizeof(v));
		fa_strlcpy(v.name, name, sizeof(v.name));
		avahi_address_snprint(v.addr, sizeof(v.addr), a);
		v.v6 = a->proto == AVAHI_PROTO_INET6;
		v.ll = v.v6 && link_local(a);
		v.port = port;
		v.tls = strcmp(type, "_ipps._tcp") == 0;
		rp_of(txt, v.rp, sizeof(v.rp));
		keep(b, &v);
	}
	b->pending--;
	avahi_service_resolver_free(r);
}

static void
browsed(AvahiServiceBrowser *sb, AvahiIfIndex iface, AvahiProtocol proto,
    AvahiBrowserEvent ev, const char *name, const char *type,
    const char *domain, AvahiLookupResultFlags flags, void *arg)
{
	struct browse	*b = arg;

	(void)sb;
	(void)flags;
	switch (ev) {
	case AVAHI_BROWSER_NEW:
		if (b->started >= MDNS_MAX_SERVICES)
			break;
		/* The address of the protocol it was heard over. */
		if (avahi_service_resolver_new(b->client, iface, proto, name,
		    type, domain, proto, 0, resolved, b) != NULL) {
			b->started++;
			b->pending++;
		}
		break;
	case AVAHI_BROWSER_ALL_FOR_NOW:
		b->all_for_now++;
		break;
	case AVAHI_BROWSER_FAILURE:
		b->failed = 1;
		break;
	default:
		break;
	}
}

static void
client_state(AvahiClient *c, AvahiClientState st, void *arg)
{
	(void)c;
	if (st == AVAHI_CLIENT_FAILURE)
		((struct browse *)arg)->failed = 1;
}

int
mdns_browse(int64_t wait_ms, struct mdns_list *out, struct fa_err *e)
{
	static const char *const types[] = { "_ipp._tcp", "_ipps._tcp" };
	AvahiSimplePoll		*sp;
	AvahiServiceBrowser	*br[2] = { NULL, NULL };
	struct browse		 b;
	int64_t			 deadline = fa_now_ms() + wait_ms, left;
	int			 err = 0, rc = -1;
	size_t			 i, nll = 0;

	memset(&b, 0, sizeof(b));
	if ((sp = avahi_simple_poll_new()) == NULL)
		return fa_errf(e, "DNS-SD: cannot start a poll loop");
	b.client = avahi_client_new(avahi_simple_poll_get(sp), 0,
	    client_state, &b, &err);
	if (b.client == NULL) {
		fa_errf(e, "DNS-SD: cannot reach avahi-daemon: %s",
		    avahi_strerror(err));
		goto out;
	}
	for (i = 0; i < nitems(types); i++)
		if ((br[i] = avahi_service_browser_new(b.client,
		    AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, types[i], NULL, 0,
		    browsed, &b)) == NULL) {
			fa_errf(e, "DNS-SD: cannot browse %s: %s", types[i],
			    avahi_strerror(avahi_client_errno(b.client)));
			goto out;
		}
	while (!b.failed && !fa_interrupted &&
	    (left = deadline - fa_now_ms()) > 0) {
		if (b.all_for_now >= 2 && b.pending <= 0)
			break;
		if (avahi_simple_poll_iterate(sp, (int)(left < 100 ? left :
		    100)) != 0)
			break;
	}
	for (i = 0; i < b.n; i++) {
		if (b.v[i].ll) {
			nll++;
			continue;
		}
		out->uri = fa_reallocarray(out->uri, out->n + 1,
		    sizeof(*out->uri));
		out->uri[out->n++] = fa_asprintf(b.v[i].v6 ?
		    "%s://[%s]:%u/%s" : "%s://%s:%u/%s",
		    b.v[i].tls ? "ipps" : "ipp", b.v[i].addr,
		    (unsigned)b.v[i].port, b.v[i].rp);
	}
	out->link_local += nll;
	rc = (int)(b.n - nll);
out:
	for (i = 0; i < nitems(br); i++)
		if (br[i] != NULL)
			avahi_service_browser_free(br[i]);
	if (b.client != NULL)
		avahi_client_free(b.client);	/* and its resolvers */
	avahi_simple_poll_free(sp);
	free(b.v);
	return rc;
}

void
mdns_list_release(struct mdns_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->uri[i]);
	free(l->uri);
	l->uri = NULL;
	l->n = 0;
	l->link_local = 0;
}
