/*
 * noipp.c: the IPP reader where it is not built (Windows): collector/ipp.c
 * and collector/cupsq.c (assess --local) read printers through libcups,
 * collector/mdns.c (assess --mdns) browses DNS-SD through avahi-daemon,
 * which the Windows build's libraries (.ci/windows/deps.sh) do not include
 * yet.  Every IPP read there is refused with one line saying so; SNMP
 * reads are unchanged, and a probe of port 631 finds nothing to read.
 * The local print system (--local) there is the Windows spooler:
 * cli/plat_winspool.c.
 */
#include <stdlib.h>

#include "../collector/ipp.h"
#include "../collector/mdns.h"
#include "util.h"

#define NOIPP	"IPP reads are not in the Windows build of fleetaudit " \
		"(SNMP only): read this printer with the Linux build"

const char *const ipp_attrs[] = { NULL };

void
ipp_use_models(const struct mdf_set *set)
{
	(void)set;
}

int
ipp_check_uri(const char *uri, struct fa_err *e)
{
	return fa_errf(e, "%s: %s", uri, NOIPP);
}

int
ipp_read(const char *uri, const struct ipp_opts *o, struct device *d,
    struct ipp_stats *st, struct fa_err *e)
{
	(void)o;
	(void)d;
	(void)st;
	return fa_errf(e, "%s: %s", uri, NOIPP);
}

int
ipp_decode(const uint8_t *buf, size_t len, struct device *d,
    struct fa_err *e)
{
	(void)buf;
	(void)len;
	(void)d;
	return fa_errf(e, "%s", NOIPP);
}

int
ipp_merge(struct device *d, const struct device *ip)
{
	(void)d;
	(void)ip;
	return 0;
}

int
ipp_set_read(struct ipp_set *set, const char *uri, const struct ipp_opts *o,
    unsigned parts, struct fa_err *e)
{
	(void)set;
	(void)o;
	(void)parts;
	return fa_errf(e, "%s: %s", uri, NOIPP);
}

int
ipp_set_merge(struct ipp_set *set, struct device *d)
{
	(void)set;
	(void)d;
	return 0;
}

void
ipp_set_release(struct ipp_set *set)
{
	free(set->v);
	free(set->used);
	set->v = NULL;
	set->used = NULL;
	set->n = 0;
}

int
ipp_probe(const struct fa_addr *addrs, size_t n, int port, int timeout_ms,
    int pps, unsigned char *open, struct fa_err *e)
{
	(void)addrs;
	(void)port;
	(void)timeout_ms;
	(void)pps;
	(void)e;
	while (n-- > 0)
		open[n] = 0;
	return 0;
}

int
ipp_read_http(struct _http_s *http, const char *printer_uri,
    const char *resource, const struct ipp_opts *o, struct device *d,
    struct ipp_stats *st)
{
	(void)http;
	(void)printer_uri;
	(void)resource;
	(void)o;
	(void)st;
	dev_set(&d->error, NOIPP);
	return 0;
}

int
mdns_browse(int64_t wait_ms, struct mdns_list *out, struct fa_err *e)
{
	(void)wait_ms;
	(void)out;
	return fa_errf(e, "--mdns: %s", NOIPP);
}

void
mdns_list_release(struct mdns_list *l)
{
	free(l->uri);
	l->uri = NULL;
	l->n = 0;
	l->link_local = 0;
}
