/*
 * snmpbed.c: a small SNMP responder for tests and benches.  It serves
 * .snmprec recordings (v1 and v2c: GET, GETNEXT, GETBULK) on many
 * loopback addresses at once, each address answering from the recording
 * the map gives it, with optional per-device latency, loss and counters
 * that grow.  It exists because snmpsimd, single-threaded Python, is the
 * limit of every bed beyond a few hundred devices.
 *
 *   snmpbed [-w] [-p PORT] [-t SECONDS] [-m MAXVARBINDS] [-s SEED] MAP
 *
 *   -w            one socket per port, bound to every address, answering
 *                 from the address asked (IP_PKTINFO); without it, one
 *                 socket per address (raise `ulimit -n` for thousands)
 *   -p PORT       port of map lines that name none (161)
 *   -t SECONDS    exits after that long (600; 1..86400); SIGTERM and
 *                 SIGINT stop it at once; either way it prints its
 *                 counters on stderr (SIGUSR1: prints them and goes on)
 *   -m N          varbinds at most in a GETBULK answer (64, snmpsimd's
 *                 default; 1..65535)
 *   -s SEED       seed of the loss draws (1)
 *
 * It prints "snmpbed: ready ..." on stdout once every socket is bound.
 *
 * MAP: one device per line, '#' comments and blank lines allowed:
 *
 *   ADDRESS[:PORT] FILE [v2c] [community=C] [latency=MS[-MS]] [loss=PCT]
 *                       [drift=N] [id=K [serial=S]]
 *
 *   ADDRESS   127.x.y.z (any IPv4 address the host has)
 *   FILE      .snmprec, relative to the map's directory or absolute; a
 *             file named by many lines is loaded once
 *   v2c       accepted for the maps of tests/lib/bed.sh; v1 and v2c are
 *             always both answered
 *   community the community it answers ("public"); other communities get
 *             no answer.  One address may carry several lines with
 *             different communities: community = file name serves many
 *             recordings on one endpoint, as snmpsimd's default mode does
 *   latency   each answer is sent that many milliseconds late (a range:
 *             uniformly drawn), without holding up other devices
 *   loss      percentage of requests dropped unanswered (0..100)
 *   drift     Counter32 and Counter64 values grow by N a second from the
 *             start (Counter32 wraps at 2^32, as a real counter does)
 *   id=K      an identity of its own for copies of one recording (1..
 *             16777215): every ifPhysAddress.I of 6 bytes answers
 *             02:fb:II:KK:KK:KK, and with serial=S every octet string
 *             holding S holds S with its last 4 characters replaced by K
 *             ("%04d"; "-%04d" added when S is shorter than 6)
 *
 * What it answers, as snmpsimd 0.4.5 does (checked side by side by
 * tests/cli/t1400-snmpbed.sh on every real recording):
 *  - a recording line is "OID|TAG|VALUE" (collector/vb.c's parser: tags
 *    2 4 4x 5 6 64 64x 65 66 67 68 70); each line is first stripped of
 *    the whitespace Python's str.strip() removes, as snmpsim does;
 *  - GET of an OID not recorded: noSuchInstance (v2c);
 *  - GETNEXT and GETBULK past the last record: endOfMibView with the OID
 *    asked (v2c); GETBULK repeats M = min(max-repetitions, MAXVARBINDS /
 *    R) times and does not stop early at the end (pysnmp's responder);
 *  - v1 (RFC 2576 4.1.2): any noSuchInstance or endOfMibView answers
 *    noSuchName with the index of the first such varbind and the
 *    request's own varbinds; GETNEXT steps over Counter64 values, GET of
 *    one is noSuchName; GETBULK in a v1 message is dropped;
 *  - SET, SNMPv3 and unparsable packets get no answer.
 * BER is net-snmp's (snmp_comstr_parse, snmp_pdu_parse, snmp_build).
 *
 * Loading and answering are separate from the sockets (bed_load_snmprec,
 * bed_answer) so that tests/fuzz/fuzz_snmpbed.c can drive them with
 * SNMPBED_NO_MAIN defined.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/library/snmp_impl.h>

#include "../../cli/util.h"
#include "../../collector/vb.h"

#define BED_MAX_LINES	200000	/* lines of one recording */
#define BED_MAX_FILE	(64 * 1024 * 1024)
#define BED_MAX_PKT	65535	/* UDP payload, RFC 3417 */
#define BED_MAX_VARS	65535	/* varbinds of one request or answer */
#define BED_MAX_PENDING	262144	/* late answers held at once */
#define BED_MAX_COMM	255

struct rec {
	char		*path;
	struct vb_list	 l;
};

struct dev {
	uint32_t	 addr;		/* network order */
	uint16_t	 port;		/* host order */
	char		*community;
	size_t		 clen;
	struct rec	*rec;
	unsigned	 lat_min, lat_max;	/* ms */
	double		 loss;		/* 0..1 */
	double		 drift;		/* per second */
	int		 fd;		/* its socket */
	unsigned	 id;		/* 0: answers the recording as it is */
	char		*serial, *newserial;
	size_t		 slen, nslen;
};

struct late {
	int64_t			 due;	/* ms */
	int			 fd;
	struct sockaddr_in	 to;
	uint32_t		 from;	/* network order, for IP_PKTINFO */
	unsigned char		*pkt;
	size_t			 len;
};

struct bed {
	struct rec	**recs;
	size_t		  nrecs;
	struct dev	 *devs;		/* sorted by address, port */
	size_t		  ndevs, capdevs;
	unsigned	  maxvb;
	int64_t		  start;	/* ms */
	uint64_t	  rnd;
	struct late	 *heap;
	size_t		  nheap, capheap;
	/* counters */
	uint64_t	  nreq, nans, nlost, nbad, nvars, nlate_drop;
};

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double
rnd01(struct bed *b)
{
	/* xorshift64*: reproducible draws for loss and latency */
	b->rnd ^= b->rnd >> 12;
	b->rnd ^= b->rnd << 25;
	b->rnd ^= b->rnd >> 27;
	return (double)((b->rnd * 2685821657736338717ULL) >> 11) /
	    (double)(1ULL << 53);
}

/* Python's str.strip() on a latin-1 string: these bytes are whitespace. */
static int
py_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') ||
	    (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0;
}

/*
 * Parses a recording's text into r->l (sorted): each line stripped as
 * snmpsim strips it, blank and '#' lines skipped, then collector/vb.c's
 * parser.  Fails with "NAME:LINE: message" on the first bad line.
 */
static int
bed_load_snmprec(struct rec *r, const char *text, size_t len,
    const char *name, struct fa_err *e)
{
	size_t		 off = 0, n, lineno = 0;
	const char	*s, *nl;
	struct fa_err	 e1;

	while (off < len) {
		nl = memchr(text + off, '\n', len - off);
		n = nl ? (size_t)(nl - (text + off)) : len - off;
		s = text + off;
		off += n + (nl ? 1 : 0);
		if (++lineno > BED_MAX_LINES)
			return fa_errf(e, "%s:%zu: more than %d lines", name,
			    lineno, BED_MAX_LINES);
		while (n > 0 && py_space((unsigned char)s[0])) {
			s++;
			n--;
		}
		while (n > 0 && py_space((unsigned char)s[n - 1]))
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		if (vb_snmprec_parse(s, n, name, 1, &r->l, &e1) != 0) {
			/* vb's message counts this line as line 1 */
			const char *m = strstr(e1.msg, ":1: ");
			return fa_errf(e, "%s:%zu: %s", name, lineno,
			    m ? m + 4 : e1.msg);
		}
	}
	vb_sort(&r->l);
	return 0;
}

static int
rec_load_file(struct rec *r, const char *path, struct fa_err *e)
{
	FILE		*f;
	char		*buf;
	size_t		 n;
	struct stat	 st;
	int		 rc;

	if ((f = fopen(path, "rb")) == NULL)
		return fa_errf(e, "cannot open '%s': %s", path,
		    strerror(errno));
	if (fstat(fileno(f), &st) != 0 || st.st_size > BED_MAX_FILE) {
		fclose(f);
		return fa_errf(e, "'%s': not a file of at most %d bytes",
		    path, BED_MAX_FILE);
	}
	buf = fa_malloc((size_t)st.st_size + 1);
	n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	rc = bed_load_snmprec(r, buf, n, path, e);
	free(buf);
	return rc;
}

/* The value of record v as a net-snmp varbind of pdu; counters drift. */
static void
add_value(netsnmp_pdu *pdu, const oid *name, size_t nlen,
    const struct vb *v, double grow, const struct dev *d)
{
	static const oid ifphys[] = { 1, 3, 6, 1, 2, 1, 2, 2, 1, 6 };
	long		 l;
	u_long		 ul;
	struct counter64 c64;
	oid		 o[VB_MAX_OID];
	uint32_t	 a[VB_MAX_OID];
	size_t		 alen, i;
	uint64_t	 u;

	switch (v->tag) {
	case VB_INTEGER:
		l = (long)v->num;
		snmp_pdu_add_variable(pdu, name, nlen, ASN_INTEGER, &l,
		    sizeof(l));
		break;
	case VB_COUNTER32:
	case VB_GAUGE32:
	case VB_TIMETICKS:
		u = (uint64_t)v->num;
		if (v->tag == VB_COUNTER32)
			u = (u + (uint64_t)grow) & 0xffffffffu;
		ul = (u_long)u;
		snmp_pdu_add_variable(pdu, name, nlen, v->tag == VB_COUNTER32 ?
		    ASN_COUNTER : v->tag == VB_GAUGE32 ? ASN_GAUGE :
		    ASN_TIMETICKS, &ul, sizeof(ul));
		break;
	case VB_COUNTER64:
		u = (uint64_t)v->num + (uint64_t)grow;
		c64.high = (u_long)(u >> 32);
		c64.low = (u_long)(u & 0xffffffffu);
		snmp_pdu_add_variable(pdu, name, nlen, ASN_COUNTER64, &c64,
		    sizeof(c64));
		break;
	case VB_OCTETS:
		if (d != NULL && d->id != 0 && v->len == 6 && nlen == 11 &&
		    memcmp(name, ifphys, sizeof(ifphys)) == 0) {
			u_char mac[6] = { 0x02, 0xfb, (u_char)name[10],
			    (u_char)(d->id >> 16), (u_char)(d->id >> 8),
			    (u_char)d->id };

			snmp_pdu_add_variable(pdu, name, nlen, ASN_OCTET_STR,
			    mac, 6);
			break;
		}
		if (d != NULL && d->slen > 0 && v->len >= d->slen &&
		    memmem(v->buf, v->len, d->serial, d->slen) != NULL) {
			struct fa_buf	 nb = FA_BUF_INIT;
			const u_char	*p = v->buf, *q, *end = v->buf + v->len;

			while ((q = memmem(p, (size_t)(end - p), d->serial,
			    d->slen)) != NULL) {
				fa_buf_add(&nb, p, (size_t)(q - p));
				fa_buf_add(&nb, d->newserial, d->nslen);
				p = q + d->slen;
			}
			fa_buf_add(&nb, p, (size_t)(end - p));
			snmp_pdu_add_variable(pdu, name, nlen, ASN_OCTET_STR,
			    nb.s, nb.len);
			fa_buf_release(&nb);
			break;
		}
		/* FALLTHROUGH */
	case VB_OPAQUE:
		snmp_pdu_add_variable(pdu, name, nlen, v->tag == VB_OCTETS ?
		    ASN_OCTET_STR : ASN_OPAQUE, v->buf, v->len);
		break;
	case VB_IPADDR:
		snmp_pdu_add_variable(pdu, name, nlen, ASN_IPADDRESS, v->buf,
		    4);
		break;
	case VB_OID:
		if (vb_oid_parse((const char *)v->buf, a, &alen) != 0)
			alen = 0;
		for (i = 0; i < alen; i++)
			o[i] = a[i];
		snmp_pdu_add_variable(pdu, name, nlen, ASN_OBJECT_ID, o,
		    alen * sizeof(oid));
		break;
	default:
		snmp_pdu_add_variable(pdu, name, nlen, ASN_NULL, NULL, 0);
		break;
	}
}

static size_t
to_u32(const oid *in, size_t n, uint32_t *out)
{
	size_t	i;

	if (n > VB_MAX_OID)
		n = VB_MAX_OID;
	for (i = 0; i < n; i++)
		out[i] = in[i] > UINT32_MAX ? UINT32_MAX : (uint32_t)in[i];
	return n;
}

/*
 * The record after oid (v1: stepping over Counter64), or NULL at the end.
 */
static const struct vb *
rec_next(const struct rec *r, const oid *name, size_t nlen, int v1)
{
	uint32_t	 a[VB_MAX_OID];
	size_t		 alen, i;

	alen = to_u32(name, nlen, a);
	i = vb_lower(&r->l, a, alen);
	if (i < r->l.n && vb_oid_cmp(r->l.v[i].oid, r->l.v[i].oidlen, a,
	    alen) == 0)
		i++;
	while (v1 && i < r->l.n && r->l.v[i].tag == VB_COUNTER64)
		i++;
	return i < r->l.n ? &r->l.v[i] : NULL;
}

static const struct vb *
rec_get(const struct rec *r, const oid *name, size_t nlen)
{
	uint32_t	 a[VB_MAX_OID];
	size_t		 alen;

	alen = to_u32(name, nlen, a);
	if (nlen > VB_MAX_OID)
		return NULL;
	return vb_get(&r->l, a, alen);
}

static void
vb_to_oid(const struct vb *v, oid *o, size_t *n)
{
	size_t	i;

	for (i = 0; i < v->oidlen; i++)
		o[i] = v->oid[i];
	*n = v->oidlen;
}

/* One varbind of the answer: NEXT of name (or exact), into pdu. */
static int
answer_one(netsnmp_pdu *rsp, const struct dev *d, const oid *name,
    size_t nlen, int next, int v1, double grow, oid *outname,
    size_t *outlen)
{
	const struct rec *r = d->rec;
	const struct vb	*v;

	v = next ? rec_next(r, name, nlen, v1) : rec_get(r, name, nlen);
	if (v == NULL || (v1 && v->tag == VB_COUNTER64)) {
		memcpy(outname, name, nlen * sizeof(oid));
		*outlen = nlen;
		if (!v1)
			snmp_pdu_add_variable(rsp, name, nlen, next ?
			    SNMP_ENDOFMIBVIEW : SNMP_NOSUCHINSTANCE, NULL, 0);
		return v == NULL ? -1 : -2;
	}
	vb_to_oid(v, outname, outlen);
	add_value(rsp, outname, *outlen, v, grow, d);
	return 0;
}

static int
build(netsnmp_pdu *rsp, unsigned char *out, size_t *outlen)
{
	netsnmp_session	 s;
	u_char		*pkt;
	size_t		 len, off = 0;
	int		 rc;

	snmp_sess_init(&s);
	s.version = rsp->version;
	len = BED_MAX_PKT;
	pkt = malloc(len);
	if (pkt == NULL)
		return -1;
	rsp->flags &= ~UCD_MSG_FLAG_FORWARD_ENCODE;
	rc = snmp_build(&pkt, &len, &off, &s, rsp);
	if (rc != SNMPERR_SUCCESS || off == 0 || off > len ||
	    off > BED_MAX_PKT) {
		free(pkt);
		return -1;
	}
	memcpy(out, pkt + len - off, off);
	*outlen = off;
	free(pkt);
	return 0;
}

/*
 * Answers one request packet for device d (its community unchecked:
 * bed_answer does that); out gets at most BED_MAX_PKT bytes.  Returns 0
 * with an answer, -1 for none.
 */
static int
dev_answer(struct bed *b, const struct dev *d, netsnmp_pdu *req,
    int64_t t, unsigned char *out, size_t *outlen)
{
	netsnmp_pdu		*rsp;
	netsnmp_variable_list	*vp;
	oid			*cur = NULL;	/* GETBULK cursors, R of them */
	size_t			*curlen = NULL;
	oid			 tmp[MAX_OID_LEN];
	size_t			 tmplen, nvars = 0, i;
	long			 N, M, R, k;
	int			 v1 = req->version == SNMP_VERSION_1;
	int			 idx, erridx = 0, rc = -1, why, c64 = 0;
	double			 grow = d->drift * (double)(t - b->start) /
				    1000.0;

	for (vp = req->variables; vp != NULL; vp = vp->next_variable)
		if (++nvars > BED_MAX_VARS || vp->name_length > MAX_OID_LEN)
			return -1;
	rsp = snmp_pdu_create(SNMP_MSG_RESPONSE);
	rsp->version = req->version;
	rsp->reqid = req->reqid;
	rsp->community = netsnmp_memdup(req->community, req->community_len);
	rsp->community_len = req->community_len;
	switch (req->command) {
	case SNMP_MSG_GET:
	case SNMP_MSG_GETNEXT:
		idx = 0;
		for (vp = req->variables; vp != NULL; vp = vp->next_variable) {
			idx++;
			why = answer_one(rsp, d, vp->name, vp->name_length,
			    req->command == SNMP_MSG_GETNEXT, v1, grow, tmp,
			    &tmplen);
			if (v1 && why == -1 && erridx == 0)
				erridx = idx;	/* the lowest */
			else if (v1 && why == -2)
				c64 = idx;	/* the highest */
		}
		/* RFC 2576 4.1.2.1 as pysnmp applies it, from the last
		 * varbind back: a Counter64 names its index and ends the
		 * search, any other failure names its own */
		if (c64 != 0)
			erridx = c64;
		break;
	case SNMP_MSG_GETBULK:
		if (v1)
			goto out;
		N = req->non_repeaters < 0 ? 0 : req->non_repeaters;
		if (N > (long)nvars)
			N = (long)nvars;
		M = req->max_repetitions < 0 ? 0 : req->max_repetitions;
		R = (long)nvars - N;
		if (R > 0 && M > (long)b->maxvb / R)
			M = (long)b->maxvb / R;
		cur = fa_reallocarray(NULL, (size_t)(R ? R : 1),
		    MAX_OID_LEN * sizeof(oid));
		curlen = fa_reallocarray(NULL, (size_t)(R ? R : 1),
		    sizeof(size_t));
		k = 0;
		for (vp = req->variables; vp != NULL; vp = vp->next_variable) {
			if (k < N)
				(void)answer_one(rsp, d, vp->name,
				    vp->name_length, 1, 0, grow, tmp, &tmplen);
			else {
				memcpy(cur + (size_t)(k - N) * MAX_OID_LEN,
				    vp->name, vp->name_length * sizeof(oid));
				curlen[k - N] = vp->name_length;
			}
			k++;
		}
		for (; M > 0 && R > 0; M--)
			for (k = 0; k < R; k++) {
				oid *c = cur + (size_t)k * MAX_OID_LEN;

				(void)answer_one(rsp, d, c, curlen[k], 1,
				    0, grow, tmp, &tmplen);
				memcpy(c, tmp, tmplen * sizeof(oid));
				curlen[k] = tmplen;
			}
		break;
	default:
		goto out;
	}
	if (erridx != 0) {
		/* v1: the request's own varbinds, noSuchName (RFC 2576) */
		snmp_free_varbind(rsp->variables);
		rsp->variables = NULL;
		for (vp = req->variables; vp != NULL; vp = vp->next_variable)
			snmp_pdu_add_variable(rsp, vp->name, vp->name_length,
			    vp->type, vp->val.string, vp->val_len);
		rsp->errstat = SNMP_ERR_NOSUCHNAME;
		rsp->errindex = erridx;
	}
	for (i = 0, vp = rsp->variables; vp != NULL; vp = vp->next_variable)
		i++;
	if (build(rsp, out, outlen) != 0)
		goto out;
	b->nvars += i;
	rc = 0;
out:
	free(cur);
	free(curlen);
	snmp_free_pdu(rsp);
	return rc;
}

static int
dev_cmp(uint32_t addr, uint16_t port, const struct dev *d)
{
	uint32_t	a = ntohl(addr), da = ntohl(d->addr);

	if (a != da)
		return a < da ? -1 : 1;
	return port < d->port ? -1 : port > d->port;
}

/* First device of (addr, port), or NULL. */
static struct dev *
bed_find(struct bed *b, uint32_t addr, uint16_t port)
{
	size_t	lo = 0, hi = b->ndevs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (dev_cmp(addr, port, &b->devs[mid]) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->ndevs && dev_cmp(addr, port, &b->devs[lo]) == 0)
		return &b->devs[lo];
	return NULL;
}

/*
 * One packet that arrived for addr:port: out gets the answer (at most
 * BED_MAX_PKT bytes) and *dp the device that answers.  Returns 0 to
 * answer, -1 for no answer (not ours, unparsable, wrong community, lost).
 */
static int
bed_answer(struct bed *b, uint32_t addr, uint16_t port,
    const unsigned char *pkt, size_t len, int64_t t, unsigned char *out,
    size_t *outlen, const struct dev **dp)
{
	u_char		 comm[BED_MAX_COMM + 1], *data, *copy;
	size_t		 clen = BED_MAX_COMM, plen = len;
	long		 version;
	netsnmp_pdu	*req;
	struct dev	*d;
	int		 rc = -1;

	b->nreq++;
	if (len == 0 || len > BED_MAX_PKT)
		return b->nbad++, -1;
	if ((d = bed_find(b, addr, port)) == NULL)
		return b->nbad++, -1;
	/* net-snmp's parsers take non-const buffers */
	copy = fa_malloc(len);
	memcpy(copy, pkt, len);
	data = snmp_comstr_parse(copy, &plen, comm, &clen, &version);
	if (data == NULL || (version != SNMP_VERSION_1 &&
	    version != SNMP_VERSION_2c)) {
		free(copy);
		return b->nbad++, -1;
	}
	for (; d < b->devs + b->ndevs && d->addr == addr && d->port == port;
	    d++)
		if (d->clen == clen && memcmp(d->community, comm, clen) == 0)
			break;
	if (d == b->devs + b->ndevs || d->addr != addr || d->port != port) {
		free(copy);
		return b->nbad++, -1;
	}
	req = calloc(1, sizeof(*req));
	if (req == NULL)
		fa_bug("out of memory");
	req->version = version;
	if (snmp_pdu_parse(req, data, &plen) != 0) {
		b->nbad++;
		goto out;
	}
	req->community = netsnmp_memdup(comm, clen);
	req->community_len = clen;
	if (d->loss > 0 && rnd01(b) < d->loss) {
		b->nlost++;
		goto out;
	}
	if (dev_answer(b, d, req, t, out, outlen) != 0) {
		b->nbad++;
		goto out;
	}
	*dp = d;
	b->nans++;
	rc = 0;
out:
	snmp_free_pdu(req);
	free(copy);
	return rc;
}

/* ---- the map ---------------------------------------------------------- */

static struct rec *
bed_rec(struct bed *b, const char *path, struct fa_err *e)
{
	struct rec	*r;
	size_t		 i;

	for (i = 0; i < b->nrecs; i++)
		if (strcmp(b->recs[i]->path, path) == 0)
			return b->recs[i];
	r = fa_malloc(sizeof(*r));
	memset(r, 0, sizeof(*r));
	r->l = (struct vb_list)VB_LIST_INIT;
	if (rec_load_file(r, path, e) != 0) {
		vb_list_release(&r->l);
		free(r);
		return NULL;
	}
	r->path = fa_strdup(path);
	b->recs = fa_reallocarray(b->recs, b->nrecs + 1, sizeof(*b->recs));
	b->recs[b->nrecs++] = r;
	return r;
}

static int
num_arg(const char *s, double min, double max, double *out)
{
	char	*end;

	errno = 0;
	*out = strtod(s, &end);
	return (end == s || *end != '\0' || errno != 0 || *out < min ||
	    *out > max) ? -1 : 0;
}

static int
map_line(struct bed *b, char *line, const char *dir, uint16_t defport,
    const char *where, struct fa_err *e)
{
	char		*tok[16], *p, *save = NULL, *colon, path[4096];
	size_t		 n = 0, i;
	struct dev	 d;
	struct in_addr	 ia;
	double		 x, y;

	for (p = strtok_r(line, " \t\r", &save); p != NULL && n < 16;
	    p = strtok_r(NULL, " \t\r", &save))
		tok[n++] = p;
	if (n == 0 || tok[0][0] == '#')
		return 0;
	if (n < 2)
		return fa_errf(e, "%s: expected ADDRESS FILE [OPTIONS]", where);
	memset(&d, 0, sizeof(d));
	d.port = defport;
	d.fd = -1;
	if ((colon = strchr(tok[0], ':')) != NULL) {
		*colon = '\0';
		if (num_arg(colon + 1, 1, 65535, &x) != 0 || x != (int)x)
			return fa_errf(e, "%s: bad port '%s'", where,
			    colon + 1);
		d.port = (uint16_t)x;
	}
	if (inet_pton(AF_INET, tok[0], &ia) != 1)
		return fa_errf(e, "%s: bad IPv4 address '%s'", where, tok[0]);
	d.addr = ia.s_addr;
	if (tok[1][0] == '/' || dir == NULL)
		snprintf(path, sizeof(path), "%s", tok[1]);
	else
		snprintf(path, sizeof(path), "%s/%s", dir, tok[1]);
	if ((d.rec = bed_rec(b, path, e)) == NULL)
		return -1;
	d.community = fa_strdup("public");
	for (i = 2; i < n; i++) {
		if (strcmp(tok[i], "v2c") == 0)
			continue;
		if (strncmp(tok[i], "community=", 10) == 0 &&
		    strlen(tok[i] + 10) <= BED_MAX_COMM) {
			free(d.community);
			d.community = fa_strdup(tok[i] + 10);
		} else if (strncmp(tok[i], "latency=", 8) == 0) {
			char *dash = strchr(tok[i] + 8, '-');

			if (dash != NULL)
				*dash = '\0';
			if (num_arg(tok[i] + 8, 0, 60000, &x) != 0 ||
			    (dash != NULL && (num_arg(dash + 1, x, 60000,
			    &y) != 0)))
				goto bad;
			d.lat_min = (unsigned)x;
			d.lat_max = dash ? (unsigned)y : (unsigned)x;
		} else if (strncmp(tok[i], "loss=", 5) == 0) {
			if (num_arg(tok[i] + 5, 0, 100, &x) != 0)
				goto bad;
			d.loss = x / 100.0;
		} else if (strncmp(tok[i], "id=", 3) == 0) {
			if (num_arg(tok[i] + 3, 1, 16777215, &x) != 0 ||
			    x != (unsigned)x)
				goto bad;
			d.id = (unsigned)x;
		} else if (strncmp(tok[i], "serial=", 7) == 0 &&
		    tok[i][7] != '\0' && strlen(tok[i] + 7) < 64) {
			free(d.serial);
			d.serial = fa_strdup(tok[i] + 7);
		} else if (strncmp(tok[i], "drift=", 6) == 0) {
			if (num_arg(tok[i] + 6, 0, 1e9, &x) != 0)
				goto bad;
			d.drift = x;
		} else
			goto bad;
	}
	d.clen = strlen(d.community);
	if (d.serial != NULL && d.id == 0) {
		free(d.community);
		free(d.serial);
		return fa_errf(e, "%s: serial= needs id=", where);
	}
	if (d.serial != NULL) {
		char	ns[96];

		d.slen = strlen(d.serial);
		if (d.slen >= 6)
			snprintf(ns, sizeof(ns), "%.*s%04u",
			    (int)(d.slen - 4), d.serial, d.id);
		else
			snprintf(ns, sizeof(ns), "%s-%04u", d.serial, d.id);
		d.newserial = fa_strdup(ns);
		d.nslen = strlen(ns);
	}
	if (b->ndevs == b->capdevs) {
		b->capdevs = b->capdevs ? 2 * b->capdevs : 256;
		b->devs = fa_reallocarray(b->devs, b->capdevs,
		    sizeof(*b->devs));
	}
	b->devs[b->ndevs++] = d;
	return 0;
bad:
	free(d.community);
	free(d.serial);
	return fa_errf(e, "%s: bad option '%s'", where, tok[i]);
}

static int
dev_sort_cmp(const void *a, const void *b)
{
	const struct dev	*x = a, *y = b;
	int			 c = dev_cmp(x->addr, x->port, y);

	return c ? c : strcmp(x->community, y->community);
}

static int
bed_load_map(struct bed *b, const char *path, uint16_t defport,
    struct fa_err *e)
{
	FILE	*f;
	char	*line = NULL, *dir, *slash, where[4200];
	size_t	 cap = 0, lineno = 0, i;
	ssize_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return fa_errf(e, "cannot open '%s': %s", path,
		    strerror(errno));
	dir = fa_strdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = NULL;
	}
	while (rc == 0 && (n = getline(&line, &cap, f)) != -1) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		snprintf(where, sizeof(where), "%s:%zu", path, lineno);
		rc = map_line(b, line, dir, defport, where, e);
	}
	free(line);
	free(dir);
	fclose(f);
	if (rc != 0)
		return rc;
	if (b->ndevs == 0)
		return fa_errf(e, "%s: no device", path);
	qsort(b->devs, b->ndevs, sizeof(*b->devs), dev_sort_cmp);
	for (i = 1; i < b->ndevs; i++)
		if (dev_sort_cmp(&b->devs[i - 1], &b->devs[i]) == 0) {
			char a[INET_ADDRSTRLEN];

			inet_ntop(AF_INET, &b->devs[i].addr, a, sizeof(a));
			return fa_errf(e, "%s: %s:%u community '%s' twice",
			    path, a, b->devs[i].port, b->devs[i].community);
		}
	return 0;
}

static void
bed_free(struct bed *b)
{
	size_t	i;

	for (i = 0; i < b->nrecs; i++) {
		vb_list_release(&b->recs[i]->l);
		free(b->recs[i]->path);
		free(b->recs[i]);
	}
	for (i = 0; i < b->ndevs; i++) {
		free(b->devs[i].community);
		free(b->devs[i].serial);
		free(b->devs[i].newserial);
	}
	for (i = 0; i < b->nheap; i++)
		free(b->heap[i].pkt);
	free(b->recs);
	free(b->devs);
	free(b->heap);
}

static void
bed_lib_init(void)
{
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
	    NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIB_WARNINGS,
	    0);
	init_snmp("snmpbed");
}

#ifndef SNMPBED_NO_MAIN
/* ---- the sockets and the loop ------------------------------------------ */

static volatile sig_atomic_t	stop, show;

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		show = 1;
	else
		stop = 1;
}

static void
counters(const struct bed *b)
{
	fprintf(stderr, "snmpbed: %.1f s, %llu requests, %llu answers, "
	    "%llu varbinds, %llu lost on purpose, %llu unanswered, "
	    "%llu late answers dropped\n", (double)(now_ms() - b->start) /
	    1000.0, (unsigned long long)b->nreq, (unsigned long long)b->nans,
	    (unsigned long long)b->nvars, (unsigned long long)b->nlost,
	    (unsigned long long)b->nbad, (unsigned long long)b->nlate_drop);
}

static void
heap_push(struct bed *b, const struct late *l)
{
	size_t		i, p;
	struct late	t;

	if (b->nheap == b->capheap) {
		b->capheap = b->capheap ? 2 * b->capheap : 1024;
		b->heap = fa_reallocarray(b->heap, b->capheap,
		    sizeof(*b->heap));
	}
	i = b->nheap++;
	b->heap[i] = *l;
	while (i > 0 && b->heap[p = (i - 1) / 2].due > b->heap[i].due) {
		t = b->heap[p];
		b->heap[p] = b->heap[i];
		b->heap[i] = t;
		i = p;
	}
}

static void
heap_pop(struct bed *b)
{
	size_t		i = 0, c;
	struct late	t;

	b->heap[0] = b->heap[--b->nheap];
	for (;;) {
		c = 2 * i + 1;
		if (c >= b->nheap)
			break;
		if (c + 1 < b->nheap && b->heap[c + 1].due < b->heap[c].due)
			c++;
		if (b->heap[i].due <= b->heap[c].due)
			break;
		t = b->heap[c];
		b->heap[c] = b->heap[i];
		b->heap[i] = t;
		i = c;
	}
}

static void
send_from(int fd, const struct sockaddr_in *to, uint32_t from,
    const unsigned char *pkt, size_t len, int wild)
{
	struct msghdr	 mh;
	struct iovec	 iov;
	char		 cbuf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	struct cmsghdr	*cm;
	struct in_pktinfo *pi;

	memset(&mh, 0, sizeof(mh));
	iov.iov_base = (void *)(uintptr_t)pkt;
	iov.iov_len = len;
	mh.msg_name = (void *)(uintptr_t)to;
	mh.msg_namelen = sizeof(*to);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (wild) {
		memset(cbuf, 0, sizeof(cbuf));
		mh.msg_control = cbuf;
		mh.msg_controllen = sizeof(cbuf);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(*pi));
		pi = (struct in_pktinfo *)(void *)CMSG_DATA(cm);
		pi->ipi_spec_dst.s_addr = from;
	}
	(void)sendmsg(fd, &mh, MSG_DONTWAIT);
}

static int
open_sock(uint32_t addr, uint16_t port, struct fa_err *e)
{
	struct sockaddr_in	sin;
	int			fd, one = 1, sz = 8 * 1024 * 1024;
	char			a[INET_ADDRSTRLEN];

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return fa_errf(e, "socket: %s", strerror(errno));
	(void)setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	/* beside snmpsimd beds (which bind with it) on the same port: the
	 * kernel gives each datagram to the socket bound most exactly */
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* root may pass net.core.rmem_max: a burst of thousands of
	 * requests must not overflow a shared socket */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz)) != 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sz, sizeof(sz));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons(port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0) {
		inet_ntop(AF_INET, &addr, a, sizeof(a));
		fa_errf(e, "cannot bind %s:%u: %s", a, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void
usage(void)
{
	fprintf(stderr, "usage: snmpbed [-w] [-p port] [-t seconds] "
	    "[-m maxvarbinds] [-s seed] map\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	struct bed		 b;
	struct fa_err		 e;
	struct epoll_event	 ev, evs[64];
	struct sigaction	 sa;
	unsigned char		 in[BED_MAX_PKT + 1], out[BED_MAX_PKT];
	char			 cbuf[256];
	double			 x, secs = 600;
	int			 c, wild = 0, ep, nfd = 0, i, k, timeout;
	uint16_t		 defport = 161;
	size_t			 j;
	int64_t			 t, end;
	int			*fds = NULL;

	memset(&b, 0, sizeof(b));
	b.maxvb = 64;
	b.rnd = 1;
	while ((c = getopt(argc, argv, "wp:t:m:s:")) != -1) {
		switch (c) {
		case 'w':
			wild = 1;
			break;
		case 'p':
			if (num_arg(optarg, 1, 65535, &x) != 0)
				usage();
			defport = (uint16_t)x;
			break;
		case 't':
			if (num_arg(optarg, 1, 86400, &secs) != 0)
				usage();
			break;
		case 'm':
			if (num_arg(optarg, 1, 65535, &x) != 0)
				usage();
			b.maxvb = (unsigned)x;
			break;
		case 's':
			if (num_arg(optarg, 1, 1e18, &x) != 0)
				usage();
			b.rnd = (uint64_t)x;
			break;
		default:
			usage();
		}
	}
	if (optind != argc - 1)
		usage();
	bed_lib_init();
	if (bed_load_map(&b, argv[optind], defport, &e) != 0) {
		fprintf(stderr, "snmpbed: %s\n", e.msg);
		return 1;
	}
	if ((ep = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		fprintf(stderr, "snmpbed: epoll: %s\n", strerror(errno));
		return 1;
	}
	fds = fa_reallocarray(NULL, b.ndevs, sizeof(*fds));
	for (j = 0; j < b.ndevs; j++) {
		struct dev *d = &b.devs[j], *p = j ? &b.devs[j - 1] : NULL;
		int fd;

		/* one socket per address:port, or per port with -w */
		if (p != NULL && p->port == d->port &&
		    (wild || p->addr == d->addr)) {
			d->fd = p->fd;
			continue;
		}
		for (k = 0; wild && k < nfd; k++)
			if (b.devs[fds[k]].port == d->port)
				break;
		if (wild && k < nfd) {
			d->fd = b.devs[fds[k]].fd;
			continue;
		}
		fd = open_sock(wild ? htonl(INADDR_ANY) : d->addr, d->port,
		    &e);
		if (fd < 0) {
			fprintf(stderr, "snmpbed: %s\n", e.msg);
			return 1;
		}
		d->fd = fd;
		fds[nfd++] = (int)j;
		memset(&ev, 0, sizeof(ev));
		ev.events = EPOLLIN;
		ev.data.fd = fd;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) != 0) {
			fprintf(stderr, "snmpbed: epoll: %s\n",
			    strerror(errno));
			return 1;
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	b.start = now_ms();
	end = b.start + (int64_t)(secs * 1000);
	printf("snmpbed: ready %zu devices, %zu recordings, %d sockets\n",
	    b.ndevs, b.nrecs, nfd);
	fflush(stdout);
	while (!stop && (t = now_ms()) < end) {
		if (show) {
			show = 0;
			counters(&b);
		}
		while (b.nheap > 0 && b.heap[0].due <= t) {
			struct late *l = &b.heap[0];

			send_from(l->fd, &l->to, l->from, l->pkt, l->len, wild);
			free(l->pkt);
			heap_pop(&b);
		}
		timeout = (int)(end - t);
		if (b.nheap > 0 && b.heap[0].due - t < timeout)
			timeout = (int)(b.heap[0].due - t);
		if (timeout > 1000)
			timeout = 1000;
		k = epoll_wait(ep, evs, 64, timeout);
		for (i = 0; i < k; i++) {
			int fd = evs[i].data.fd, burst;

			for (burst = 0; burst < 256; burst++) {
				struct sockaddr_in	 from, self;
				struct msghdr		 mh;
				struct iovec		 iov;
				struct cmsghdr		*cm;
				const struct dev	*d = NULL;
				socklen_t		 sl = sizeof(self);
				uint32_t		 dst = 0;
				ssize_t			 n;
				size_t			 olen;

				memset(&mh, 0, sizeof(mh));
				iov.iov_base = in;
				iov.iov_len = sizeof(in);
				mh.msg_name = &from;
				mh.msg_namelen = sizeof(from);
				mh.msg_iov = &iov;
				mh.msg_iovlen = 1;
				mh.msg_control = cbuf;
				mh.msg_controllen = sizeof(cbuf);
				n = recvmsg(fd, &mh, MSG_DONTWAIT);
				if (n < 0)
					break;
				for (cm = CMSG_FIRSTHDR(&mh); cm != NULL;
				    cm = CMSG_NXTHDR(&mh, cm))
					if (cm->cmsg_level == IPPROTO_IP &&
					    cm->cmsg_type == IP_PKTINFO)
						dst = ((struct in_pktinfo *)
						    (void *)CMSG_DATA(cm))->
						    ipi_addr.s_addr;
				if (getsockname(fd, (struct sockaddr *)&self,
				    &sl) != 0)
					continue;
				t = now_ms();
				if (bed_answer(&b, dst, ntohs(self.sin_port),
				    in, (size_t)n, t, out, &olen, &d) != 0)
					continue;
				if (d->lat_max == 0) {
					send_from(fd, &from, dst, out, olen,
					    wild);
					continue;
				}
				if (b.nheap >= BED_MAX_PENDING) {
					b.nlate_drop++;
					continue;
				}
				{
					struct late l;

					l.due = t + d->lat_min + (int64_t)
					    (rnd01(&b) * (d->lat_max -
					    d->lat_min + 1));
					if (l.due > t + d->lat_max)
						l.due = t + d->lat_max;
					l.fd = fd;
					l.to = from;
					l.from = dst;
					l.pkt = fa_malloc(olen);
					memcpy(l.pkt, out, olen);
					l.len = olen;
					heap_push(&b, &l);
				}
			}
		}
	}
	counters(&b);
	for (k = 0; k < nfd; k++)
		close(b.devs[fds[k]].fd);
	close(ep);
	free(fds);
	bed_free(&b);
	snmp_shutdown("snmpbed");
	return 0;
}
#endif
