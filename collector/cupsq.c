/*
 * cupsq.c: the local print system's queues (see cupsq.h), with libcups.
 *
 * The queues come from one CUPS-Get-Printers on our own connection to
 * the scheduler (libcups' cupsDoRequest), so --cups-server and
 * CUPS_SERVER work alike and a scheduler that does not answer costs one
 * deadline; not from cupsGetDests2(), which also browses DNS-SD on the
 * local link and reads the user's lpoptions.
 * Each queue is then read with ipp_read_http() through the same
 * connection, and its printer with ipp_read() when the device URI is IPP
 * on this computer: only loopback, so --local sends nothing to the
 * network (a queue of a network printer is read through the scheduler;
 * the printer itself is for assess over SNMP or --ipp).
 *
 * Choices:
 * - The device read, when there is one, is the record; the queue read
 *   fills what it lacks (ipp_merge), so a printer read both here and by
 *   a network assessment keys the same (its serial).  A usb:// URI names
 *   the printer's maker, model and serial ("usb://HP/LaserJet%20M507?
 *   serial=PHB1"): they are its identity when the printer itself is not
 *   read, rather than the queue's driver name ("Local Raw Printer").
 * - The queue's name is sys_name, its connection is printer_reason as
 *   "CUPS " + device URI (user and password left out), the credential
 *   "cups": a later scan knows not to read such a device over SNMP or at
 *   ipp://ADDRESS:631.
 * - A device without an address of its own (usb://, a host name we do not
 *   resolve) is at the scheduler's address: 127.0.0.1 for a local one.
 * - Identity: the serial is the printer's (its read, or a usb:// URI's),
 *   never the queue's UUID the scheduler gives; a loopback printer that
 *   does not answer gets no vendor or model from the queue's driver
 *   either.  The store keys a queue's device by that serial, else by
 *   the queue name and connection (store.c, dev_queue()), so a queue read
 *   while its printer is off stays the printer's device.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <cups/cups.h>

#include "cupsq.h"
#include "range.h"

/* A printer ipp-usb serves on this computer, read before the queues. */
struct usbp {
	int		 port;
	struct device	 d;
	int		 used;		/* a queue took it */
};

struct cupsq {
	http_t		*http;
	char		 server[1024];	/* as given or found */
	char		 address[64];	/* the scheduler's numeric address */
	struct usbp	*usb;		/* during cupsq_read */
	size_t		 nusb;
};

#define SERVER_HELP	"HOST[:PORT] or /path/to/socket"

/* Splits server into host and port (0 for a socket path). */
static int
split_server(const char *server, char *host, size_t hl, int *port,
    struct fa_err *e)
{
	const char	*colon, *h = server;
	size_t		 n;
	long long	 p = 631;
	struct fa_err	 e2;

	if (server == NULL || *server == '\0' || strlen(server) >= hl)
		return fa_errf(e, "bad --cups-server '%.200s': %s",
		    server != NULL ? server : "", SERVER_HELP);
	if (server[0] == '/') {
		fa_strlcpy(host, server, hl);
		*port = 0;
		return 0;
	}
	if (server[0] == '[') {
		if ((colon = strchr(server, ']')) == NULL)
			return fa_errf(e, "bad --cups-server '%.200s': %s",
			    server, SERVER_HELP);
		h = server + 1;
		n = (size_t)(colon - h);
		colon = colon[1] == ':' ? colon + 1 : colon[1] == '\0' ?
		    NULL : colon;
		if (colon != NULL && *colon != ':')
			return fa_errf(e, "bad --cups-server '%.200s': %s",
			    server, SERVER_HELP);
	} else {
		colon = strrchr(server, ':');
		n = colon != NULL ? (size_t)(colon - server) : strlen(server);
	}
	if (n == 0 || strcspn(h, " /\t") < n)
		return fa_errf(e, "bad --cups-server '%.200s': %s", server,
		    SERVER_HELP);
	memcpy(host, h, n);
	host[n] = '\0';
	if (colon != NULL && fa_strtonum(colon + 1, 1, 65535, &p, "port",
	    &e2) != 0)
		return fa_errf(e, "bad --cups-server '%.200s': port '%.32s' "
		    "is not a number in 1..65535", server, colon + 1);
	*port = (int)p;
	return 0;
}

int
cupsq_check_server(const char *server, struct fa_err *e)
{
	char	host[1024];
	int	port;

	return split_server(server, host, sizeof(host), &port, e);
}

/* The scheduler's numeric address as the store writes it ("::1"), not
 * httpAddrString()'s "[v1.::1]"; 0 when it has none (a socket). */
static int
sched_addr(http_t *http, char *out, size_t len)
{
	http_addr_t	*a = httpGetAddress(http);
	int		 f = a != NULL ? httpAddrFamily(a) : AF_UNSPEC;

	if (f != AF_INET && f != AF_INET6)
		return 0;
	return inet_ntop(f, f == AF_INET6 ? (const void *)&a->ipv6.sin6_addr :
	    (const void *)&a->ipv4.sin_addr, out, (socklen_t)len) != NULL;
}

int
cupsq_open(const char *server, int64_t timeout_ms, struct cupsq **out,
    struct fa_err *e)
{
	struct cupsq	*q;
	char		 host[1000];
	int		 port, cancel = 0, err;
	const char	*sys;
	struct stat	 sb;

	*out = NULL;
	q = fa_calloc(1, sizeof(*q));
	if (server != NULL) {
		if (split_server(server, host, sizeof(host), &port, e) != 0)
			goto fail;
		fa_strlcpy(q->server, server, sizeof(q->server));
	} else {
		/* CUPS_SERVER, client.conf, else the local socket. */
		sys = cupsServer();
		fa_strlcpy(host, sys, sizeof(host));
		port = host[0] == '/' ? 0 : ippPort();
		if (host[0] == '/')
			fa_strlcpy(q->server, host, sizeof(q->server));
		else
			snprintf(q->server, sizeof(q->server), "%s:%d", host,
			    port);
	}
	/* libcups says "Host is down" for a socket that is not there. */
	if (host[0] == '/' && stat(host, &sb) != 0) {
		fa_errf(e, "cannot reach the print system at '%s': %s",
		    q->server, strerror(errno));
		goto fail;
	}
	/* msec 0: made, not connected, so a failure keeps its errno. */
	q->http = httpConnect2(host, port, NULL, AF_UNSPEC, cupsEncryption(),
	    1, 0, NULL);
	if (q->http == NULL) {
		fa_errf(e, "cannot reach the print system at '%s': %s",
		    q->server, cupsLastErrorString());
		goto fail;
	}
	if (httpReconnect2(q->http, (int)(timeout_ms > 0 ? timeout_ms :
	    10000), &cancel) != 0) {
		err = httpError(q->http);
		fa_errf(e, "cannot reach the print system at '%s': %s",
		    q->server, err == ETIMEDOUT ? "no answer in time" :
		    err != 0 ? strerror(err) : cupsLastErrorString());
		goto fail;
	}
	/* A scheduler that stops answering: an error after this long. */
	httpSetTimeout(q->http, (double)(timeout_ms > 0 ? timeout_ms :
	    10000) / 1000.0, NULL, NULL);
	if (host[0] == '/' || !sched_addr(q->http, q->address,
	    sizeof(q->address)))
		fa_strlcpy(q->address, "127.0.0.1", sizeof(q->address));
	*out = q;
	return 0;
fail:
	if (q->http != NULL)
		httpClose(q->http);
	free(q);
	return -1;
}

const char *
cupsq_server(const struct cupsq *q)
{
	return q->server;
}

void
cupsq_close(struct cupsq *q)
{
	if (q == NULL)
		return;
	if (q->http != NULL)
		httpClose(q->http);
	free(q);
}

/* The ipp-usb printer read on port, or NULL. */
static struct usbp *
usb_at(struct cupsq *cq, int port)
{
	size_t	i;

	for (i = 0; i < cq->nusb; i++)
		if (cq->usb[i].port == port && !cq->usb[i].used)
			return &cq->usb[i];
	return NULL;
}

/* The ipp-usb printer with this serial, or NULL. */
static struct usbp *
usb_serial(struct cupsq *cq, const char *serial)
{
	size_t	i;

	for (i = 0; serial != NULL && i < cq->nusb; i++)
		if (!cq->usb[i].used && cq->usb[i].d.serial != NULL &&
		    strcasecmp(cq->usb[i].d.serial, serial) == 0)
			return &cq->usb[i];
	return NULL;
}

/*
 * ipp-usb serves each IPP-over-USB printer on its own loopback port from
 * 60000 (ipp-usb.conf's http-min-port): each of CUPSQ_IPPUSB_PORTS ports
 * that accepts and answers a whole IPP read is kept, to be a queue's
 * printer or one of its own.  What is not an IPP printer is left out
 * silently: another program may have the port.
 */
static void
ippusb_read(struct cupsq *cq, const struct ipp_opts *o, unsigned parts,
    struct ipp_stats *st)
{
	struct fa_addr		 lo;
	struct ipp_stats	 one;
	struct fa_err		 e;
	struct usbp		*u;
	unsigned char		 open;
	char			 uri[64];
	int			 k, port;

	if (fa_addr_parse("127.0.0.1", &lo) != 0)
		return;
	for (k = 0; k < CUPSQ_IPPUSB_PORTS && !fa_interrupted; k++) {
		port = CUPSQ_IPPUSB_PORT + k;
		if (ipp_probe(&lo, 1, port, 200, 1000, &open, &e) <= 0)
			continue;
		cq->usb = fa_reallocarray(cq->usb, cq->nusb + 1,
		    sizeof(*cq->usb));
		u = &cq->usb[cq->nusb];
		memset(u, 0, sizeof(*u));
		u->port = port;
		dev_init(&u->d);
		u->d.parts = (parts != 0 ? parts : DEV_P_ALL) | DEV_P_ATTRS;
		snprintf(uri, sizeof(uri), "ipp://127.0.0.1:%d/ipp/print",
		    port);
		memset(&one, 0, sizeof(one));
		if (ipp_read(uri, o, &u->d, &one, &e) != 0 ||
		    u->d.error != NULL) {
			dev_release(&u->d);
			continue;
		}
		st->requests += one.requests;
		st->bytes_sent += one.bytes_sent;
		st->bytes_received += one.bytes_received;
		cq->nusb++;
	}
}

/* uri without "user:password@" (a device URI may hold them). */
static void
conn_uri(const char *uri, char *out, size_t len)
{
	const char	*p = strstr(uri, "://"), *at, *end;

	if (p == NULL) {
		fa_strlcpy(out, uri, len);
		return;
	}
	p += 3;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	if (at == NULL || (size_t)(p - uri) >= len) {
		fa_strlcpy(out, uri, len);
		return;
	}
	memcpy(out, uri, (size_t)(p - uri));
	fa_strlcpy(out + (p - uri), at + 1, len - (size_t)(p - uri));
}

/* Is host this computer (localhost, 127/8, ::1)? */
static int
loopback(const char *host)
{
	struct fa_addr	a;
	static const uint8_t v6[16] = { [15] = 1 };

	if (strcasecmp(host, "localhost") == 0 ||
	    strcasecmp(host, "localhost.") == 0)
		return 1;
	if (fa_addr_parse(host, &a) != 0)
		return 0;
	return a.family == AF_INET ? a.a[0] == 127 :
	    memcmp(a.a, v6, 16) == 0;
}

/* "usb://MAKE/MODEL?serial=SN&...": the printer's identity. */
static void
usb_identity(const char *host, const char *res, struct device *d)
{
	const char	*q, *sn;
	char		 model[256];
	size_t		 n;

	if (*host != '\0' && strcasecmp(host, "Unknown") != 0)
		dev_set(&d->vendor, host);
	if (*res == '/')
		res++;
	n = strcspn(res, "?");
	if (n > 0 && n < sizeof(model)) {
		memcpy(model, res, n);
		model[n] = '\0';
		dev_set(&d->model, model);
	}
	if ((q = strchr(res, '?')) == NULL)
		return;
	for (sn = q + 1; sn != NULL && *sn != '\0';) {
		if (strncmp(sn, "serial=", 7) == 0) {
			n = strcspn(sn + 7, "&");
			if (n > 0 && n < sizeof(model)) {
				memcpy(model, sn + 7, n);
				model[n] = '\0';
				dev_set(&d->serial, model);
			}
			return;
		}
		sn = strchr(sn, '&');
		if (sn != NULL)
			sn++;
	}
}

/* What the queue read q adds to the record: its name and connection. */
static void
as_queue(struct device *d, const char *name, const char *conn)
{
	char	*r = fa_asprintf("CUPS %s", conn);

	dev_set(&d->sys_name, name);
	dev_set(&d->printer_reason, r);
	dev_set(&d->credential, "cups");
	d->snmp_version = 0;
	d->is_printer = 1;
	free(r);
}

static void	not_reachable(struct device *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
not_reachable(struct device *d, const char *name, const char *fmt, ...)
{
	va_list	ap;
	char	why[512], *m;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	m = fa_asprintf("queue '%s': printer not reachable: %s", name, why);
	dev_set(&d->error, m);
	free(m);
}

/* One queue: the scheduler's read, the printer's, one record to fn. */
static void
read_queue(struct cupsq *cq, const char *name, const char *duri,
    const struct ipp_opts *o, unsigned parts,
    void (*fn)(struct device *, void *), void *arg, struct ipp_stats *st)
{
	struct device		 q, p, *d = &q;
	struct ipp_stats	 one;
	struct fa_err		 e;
	struct usbp		*u;
	char			 quri[1200], res[1100], conn[1024];
	char			 scheme[32], user[256], host[256], path[1024];
	int			 port = 0, has_p = 0;
	int64_t			 t0 = fa_now_ms();

	dev_init(&q);
	dev_init(&p);
	q.parts = p.parts = (parts != 0 ? parts : DEV_P_ALL) | DEV_P_ATTRS;
	snprintf(res, sizeof(res), "/printers/%s", name);
	httpAssembleURI(HTTP_URI_CODING_ALL, quri, sizeof(quri), "ipp", NULL,
	    "localhost", 0, res);
	memset(&one, 0, sizeof(one));
	(void)ipp_read_http(cq->http, quri, res, o, &q, &one);
	st->requests += one.requests;
	st->bytes_sent += one.bytes_sent;
	st->bytes_received += one.bytes_received;
	if (q.error != NULL) {
		/* The scheduler failed its own queue: say so as such. */
		char *m = fa_asprintf("queue '%s': %s", name, q.error);

		dev_set(&q.error, m);
		free(m);
	}
	dev_set(&q.address, cq->address);
	/* The scheduler's "serial" is the queue's UUID: no printer's. */
	dev_set(&q.serial, NULL);
	conn_uri(duri != NULL ? duri : "unknown", conn, sizeof(conn));

	scheme[0] = host[0] = path[0] = '\0';
	if (duri != NULL && httpSeparateURI(HTTP_URI_CODING_ALL, duri, scheme,
	    sizeof(scheme), user, sizeof(user), host, sizeof(host), &port,
	    path, sizeof(path)) < HTTP_URI_STATUS_OK)
		scheme[0] = host[0] = path[0] = '\0';
	if ((strcmp(scheme, "ipp") == 0 || strcmp(scheme, "ipps") == 0) &&
	    loopback(host) && (u = usb_at(cq, port)) != NULL) {
		/* ipp-usb's printer, read already. */
		p = u->d;
		dev_init(&u->d);
		u->used = 1;
		has_p = 1;
	} else if ((strcmp(scheme, "ipp") == 0 ||
	    strcmp(scheme, "ipps") == 0) && loopback(host)) {
		/* IPP on this computer (ipp-usb, a local IPP server). */
		memset(&one, 0, sizeof(one));
		if (ipp_read(duri, o, &p, &one, &e) != 0)
			not_reachable(&q, name, "%s", e.msg);
		else if (p.error != NULL)
			not_reachable(&q, name, "%s", p.error);
		else
			has_p = 1;
		if (!has_p) {
			/* The queue's driver ("Local Raw Printer") is no
			 * model of the printer that did not answer. */
			dev_set(&q.vendor, NULL);
			dev_set(&q.model, NULL);
		}
		st->requests += one.requests;
		st->bytes_sent += one.bytes_sent;
		st->bytes_received += one.bytes_received;
		if (p.address != NULL)
			dev_set(&q.address, p.address);
	} else if (strcmp(scheme, "usb") == 0) {
		/* Only ipp-usb reaches a USB printer over IPP: the one it
		 * serves with the serial the URI names is this queue's. */
		usb_identity(host, path, &q);
		if ((u = usb_serial(cq, q.serial)) != NULL) {
			p = u->d;
			dev_init(&u->d);
			u->used = 1;
			has_p = 1;
		} else if (q.error == NULL)
			not_reachable(&q, name, "%s: no printer with its "
			    "serial served by ipp-usb (IPP over USB) on this "
			    "computer", conn);
	} else if (host[0] != '\0') {
		struct fa_addr	a;

		/* A network printer: its address, not read from here. */
		if (fa_addr_parse(host, &a) == 0) {
			char b[64];

			dev_set(&q.address, fa_addr_str(&a, b, sizeof(b)));
		}
	}
	if (has_p) {
		/* One device: the printer's read, what the queue adds. */
		dev_set(&q.address, p.address);
		(void)ipp_merge(&p, &q);
		if (p.sys_location == NULL || *p.sys_location == '\0')
			dev_set(&p.sys_location, q.sys_location);
		p.requests += q.requests;
		d = &p;
	}
	as_queue(d, name, conn);
	d->read_ms = fa_now_ms() - t0;
	fn(d, arg);
	dev_release(&q);
	dev_release(&p);
}

/* A queue of the list: its name and device URI (copies). */
struct qent {
	char	*name, *duri;
};

static int
qent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct qent *)a)->name,
	    ((const struct qent *)b)->name);
}

int
cupsq_read(struct cupsq *cq, const struct ipp_opts *o, unsigned parts,
    void (*fn)(struct device *, void *), void *arg, struct ipp_stats *st,
    struct fa_err *e)
{
	static const char *const want[] = { "printer-name", "device-uri" };
	ipp_t		*req, *resp;
	ipp_attribute_t	*a;
	ipp_status_t	 err;
	struct qent	*v = NULL, cur;
	size_t		 n = 0, i;
	const char	*s;

	/* CUPS-Get-Printers, printers only (a class is a group of queues).
	 * Not cupsGetDests2(): it also browses DNS-SD on the local link
	 * (multicast leaving this computer, and a quarter second). */
	req = ippNewRequest(IPP_OP_CUPS_GET_PRINTERS);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME,
	    "requesting-user-name", NULL, "fleetaudit");
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD,
	    "requested-attributes", (int)nitems(want), NULL, want);
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_ENUM, "printer-type",
	    0);
	ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_ENUM,
	    "printer-type-mask", CUPS_PRINTER_CLASS);
	st->requests++;
	st->bytes_sent += ippLength(req);
	resp = cupsDoRequest(cq->http, req, "/");	/* frees req */
	err = cupsLastError();
	if (resp == NULL || (err > IPP_STATUS_OK_EVENTS_COMPLETE &&
	    err != IPP_STATUS_ERROR_NOT_FOUND)) {
		ippDelete(resp);
		return fa_errf(e, "print system at '%s': cannot list its "
		    "queues: %s", cq->server, cupsLastErrorString());
	}
	st->bytes_received += ippLength(resp);
	memset(&cur, 0, sizeof(cur));
	/* One group per queue; a separator (no name) between groups. */
	for (a = ippFirstAttribute(resp); ; a = ippNextAttribute(resp)) {
		if (a == NULL || ippGetName(a) == NULL ||
		    ippGetGroupTag(a) != IPP_TAG_PRINTER) {
			if (cur.name != NULL && n < CUPSQ_MAX_QUEUES) {
				v = fa_reallocarray(v, n + 1, sizeof(*v));
				v[n++] = cur;
			} else {
				free(cur.name);
				free(cur.duri);
			}
			memset(&cur, 0, sizeof(cur));
			if (a == NULL)
				break;
			continue;
		}
		s = ippGetString(a, 0, NULL);
		if (s == NULL)
			continue;
		if (strcmp(ippGetName(a), "printer-name") == 0 &&
		    cur.name == NULL && *s != '\0' && strlen(s) < 128)
			cur.name = fa_strdup(s);
		else if (strcmp(ippGetName(a), "device-uri") == 0 &&
		    cur.duri == NULL)
			cur.duri = fa_strndup(s, 1000);
	}
	ippDelete(resp);
	if (n > 1)
		fa_sort(v, n, sizeof(*v), qent_cmp);
	ippusb_read(cq, o, parts, st);
	for (i = 0; i < n; i++) {
		if (!fa_interrupted)
			read_queue(cq, v[i].name, v[i].duri, o, parts, fn,
			    arg, st);
		free(v[i].name);
		free(v[i].duri);
	}
	free(v);
	/* ipp-usb's printers no queue holds: local printers too. */
	for (i = 0; i < cq->nusb; i++) {
		struct device	*d = &cq->usb[i].d;
		char		*r;

		if (!cq->usb[i].used && !fa_interrupted) {
			r = fa_asprintf("ipp-usb ipp://127.0.0.1:%d/ipp/print",
			    cq->usb[i].port);
			dev_set(&d->printer_reason, r);
			dev_set(&d->credential, "ipp-usb");
			free(r);
			fn(d, arg);
			n++;
		}
		dev_release(d);
	}
	free(cq->usb);
	cq->usb = NULL;
	cq->nusb = 0;
	return (int)n;
}
