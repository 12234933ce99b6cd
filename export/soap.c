/*
 * soap.c: SOAP 1.1 envelopes of the hub's endpoint (see soap.h).
 *
 * Parsing uses libxml2 with XML_PARSE_NONET and without XML_PARSE_NOENT
 * and XML_PARSE_DTDLOAD: no entity is substituted, no DTD is loaded,
 * nothing is fetched; the external entity loader is replaced by one that
 * refuses everything, and the SAX internalSubset callback stops the
 * parser at the first DOCTYPE, so a request with one is refused whatever
 * it declares.  The tree is bounded: at most TREE_ELEMS_MAX elements
 * nested at most TREE_DEPTH_MAX deep (the startElementNs callback counts
 * and stops the parser), and never XML_PARSE_HUGE, so libxml2 keeps its
 * own caps on names and text.  The hub reads only Hello and Result this
 * way (64 KiB at most); an Upload is read as a stream (soapup.h).
 *
 * Building is plain text with every value escaped: the messages are
 * small and fixed, and a string template cannot produce markup from data.
 *
 * The hub's HelloResponse is signed over length-framed fields
 * (soap_answer_signed_bytes()), not over its XML: the collector rebuilds
 * the bytes from what it parsed and from its own fingerprint and nonce,
 * so no XML detail (namespaces, white space, entities) can change what
 * the signature means.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../crypto/keys.h"
#include "../crypto/sig.h"
#include "soap.h"

static xmlParserInputPtr
no_loader(const char *url UNUSED, const char *id UNUSED,
    xmlParserCtxtPtr ctxt UNUSED)
{
	return NULL;
}

void
soap_init(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(no_loader);
}

void
soap_req_release(struct soap_req *r)
{
	free(r->collector);
	free(r->version);
	free(r->nonce);
	free(r->data);
	free(r->status);
	memset(r, 0, sizeof(*r));
}

void
soap_resp_release(struct soap_resp *r)
{
	size_t	i;

	free(r->fault_code);
	free(r->fault_reason);
	free(r->hub_fp);
	free(r->collector);
	free(r->nonce);
	for (i = 0; i < r->ncmds; i++) {
		free(r->cmds[i].kind);
		free(r->cmds[i].arg);
	}
	free(r->cmds);
	free(r->receipt);
	memset(r, 0, sizeof(*r));
}

/* ---- base64 ---- */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
soap_b64_encode(const unsigned char *p, size_t n)
{
	char	*out, *o;
	size_t	 i;

	o = out = fa_malloc((n + 2) / 3 * 4 + 1);
	for (i = 0; i + 2 < n; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
		*o++ = b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < n) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < n) {
			*o++ = b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

int
soap_b64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

int
soap_b64_decode(const char *s, size_t n, size_t max, unsigned char **out,
    size_t *outlen, struct fa_err *e)
{
	unsigned char	*buf;
	size_t		 i, o = 0, pad = 0, cap;
	uint32_t	 acc = 0;
	int		 k = 0, v;

	*out = NULL;
	*outlen = 0;
	cap = n / 4 * 3 + 3;
	if (cap > max + 3)
		cap = max + 3;
	buf = fa_malloc(cap + 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0)
			goto bad;
		if ((v = soap_b64_digit(c)) < 0)
			goto bad;
		acc = (acc << 6) | (uint32_t)v;
		if (++k == 4) {
			if (o + 3 > max) {
				free(buf);
				return fa_errf(e, "base64 data larger than "
				    "%zu bytes", max);
			}
			buf[o++] = (unsigned char)(acc >> 16);
			buf[o++] = (unsigned char)(acc >> 8);
			buf[o++] = (unsigned char)acc;
			k = 0;
			acc = 0;
		}
	}
	if (pad > 2 || (k == 0 && pad != 0) || k == 1 ||
	    (k != 0 && pad != (size_t)(4 - k)))
		goto bad;
	if (k > 0) {
		if (o + (size_t)k - 1 > max) {
			free(buf);
			return fa_errf(e, "base64 data larger than %zu bytes",
			    max);
		}
		if (k == 2)
			buf[o++] = (unsigned char)(acc >> 4);
		else {
			buf[o++] = (unsigned char)(acc >> 10);
			buf[o++] = (unsigned char)(acc >> 2);
		}
	}
	buf[o] = '\0';
	*out = buf;
	*outlen = o;
	return 0;
bad:
	free(buf);
	return fa_errf(e, "bad base64 data");
}

/* ---- parsing ---- */

#define TREE_ELEMS_MAX	1024	/* a HelloResponse of SOAP_COMMANDS_MAX
				 * commands needs under 200 */
#define TREE_DEPTH_MAX	16

struct guard {
	int		doctype;
	unsigned	elems, depth;
	int		over;		/* 1: elements, 2: depth */
};

/* libxml2's tree-building callbacks (SAX2.h), wrapped to count elements
 * and depth. */
static void
count_start(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nss, int nattr, int ndef,
    const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct guard		*g = ctxt->_private;

	if (++g->elems > TREE_ELEMS_MAX || ++g->depth > TREE_DEPTH_MAX) {
		g->over = g->elems > TREE_ELEMS_MAX ? 1 : 2;
		xmlStopParser(ctxt);
		return;
	}
	xmlSAX2StartElementNs(ctx, name, prefix, uri, nns, nss, nattr, ndef,
	    attrs);
}

static void
count_end(void *ctx, const xmlChar *name, const xmlChar *prefix,
    const xmlChar *uri)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct guard		*g = ctxt->_private;

	if (g->depth > 0)
		g->depth--;
	xmlSAX2EndElementNs(ctx, name, prefix, uri);
}

static void
reject_subset(void *ctx, const xmlChar *name UNUSED,
    const xmlChar *ext UNUSED, const xmlChar *sys UNUSED)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct guard		*g = ctxt->_private;

	g->doctype = 1;
	xmlStopParser(ctxt);
}

/* The document of body, or NULL with e filled; caller frees. */
static xmlDocPtr
read_doc(const char *body, size_t len, struct fa_err *e)
{
	xmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;
	struct guard		 g = { 0 };
	const xmlError		*xe;

	if (len > (size_t)SOAP_UPLOAD_MAX || len > INT32_MAX) {
		fa_errf(e, "request larger than %d bytes", SOAP_UPLOAD_MAX);
		return NULL;
	}
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		fa_errf(e, "out of memory for the XML parser");
		return NULL;
	}
	ctxt->_private = &g;
	ctxt->sax->internalSubset = reject_subset;
	ctxt->sax->externalSubset = NULL;
	ctxt->sax->startElementNs = count_start;
	ctxt->sax->endElementNs = count_end;
	doc = xmlCtxtReadMemory(ctxt, body, (int)len, "soap", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	if (g.doctype || (doc != NULL && (doc->intSubset != NULL ||
	    doc->extSubset != NULL))) {
		fa_errf(e, "a DOCTYPE is not allowed in a request");
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (g.over) {
		if (g.over == 1)
			fa_errf(e, "more than %d XML elements",
			    TREE_ELEMS_MAX);
		else
			fa_errf(e, "XML elements nested more than %d deep",
			    TREE_DEPTH_MAX);
		xmlFreeDoc(doc);
		doc = NULL;
	} else if (doc == NULL || !ctxt->wellFormed) {
		xe = xmlCtxtGetLastError(ctxt);
		fa_errf(e, "malformed XML%s%.120s", xe != NULL &&
		    xe->message != NULL ? ": " : "",
		    xe != NULL && xe->message != NULL ? xe->message : "");
		e->msg[strcspn(e->msg, "\n")] = '\0';
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static int
is(xmlNodePtr n, const char *ns, const char *name)
{
	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    strcmp((const char *)n->name, name) != 0)
		return 0;
	if (ns == NULL)
		return n->ns == NULL || strcmp((const char *)n->ns->href,
		    SOAP_NS) == 0;
	return n->ns != NULL && strcmp((const char *)n->ns->href, ns) == 0;
}

static xmlNodePtr
first_elem(xmlNodePtr n)
{
	for (; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* The Body's first element, after checking the Envelope. */
static xmlNodePtr
body_elem(xmlDocPtr doc, struct fa_err *e)
{
	xmlNodePtr	root = xmlDocGetRootElement(doc), n;

	if (!is(root, SOAP_ENV_NS, "Envelope")) {
		fa_errf(e, "not a SOAP 1.1 envelope");
		return NULL;
	}
	for (n = first_elem(root->children); n != NULL;
	    n = first_elem(n->next))
		if (is(n, SOAP_ENV_NS, "Body"))
			break;
	if (n == NULL || (n = first_elem(n->children)) == NULL) {
		fa_errf(e, "the SOAP envelope has no Body element");
		return NULL;
	}
	return n;
}

/* The text of op's child element name (our namespace or none), or NULL. */
static xmlNodePtr
child(xmlNodePtr op, const char *name)
{
	xmlNodePtr	n;

	for (n = first_elem(op->children); n != NULL; n = first_elem(n->next))
		if (is(n, NULL, name))
			return n;
	return NULL;
}

/* The text content of op/name, capped at max bytes; NULL and e when it
 * is missing or too long. */
static char *
text(xmlNodePtr op, const char *name, size_t max, struct fa_err *e)
{
	xmlNodePtr	 n = child(op, name);
	xmlChar		*c;
	char		*s;

	if (n == NULL) {
		fa_errf(e, "%s: missing element '%s'", op->name, name);
		return NULL;
	}
	c = xmlNodeGetContent(n);
	if (c == NULL)
		c = xmlStrdup((const xmlChar *)"");
	if (strlen((const char *)c) > max) {
		fa_errf(e, "%s: element '%s' is longer than %zu bytes",
		    op->name, name, max);
		xmlFree(c);
		return NULL;
	}
	s = fa_strdup((const char *)c);
	xmlFree(c);
	return s;
}

static int
num_field(xmlNodePtr op, const char *name, long long min, long long max,
    int64_t *out, struct fa_err *e)
{
	char		*s;
	long long	 v;
	int		 rc;

	if ((s = text(op, name, 32, e)) == NULL)
		return -1;
	rc = fa_strtonum(s, min, max, &v, name, e);
	free(s);
	if (rc == 0)
		*out = v;
	return rc;
}

static int
b64_field(xmlNodePtr op, const char *name, size_t max, unsigned char **out,
    size_t *outlen, struct fa_err *e)
{
	xmlNodePtr	 n = child(op, name);
	xmlChar		*c;
	struct fa_err	 e2;
	int		 rc;

	if (n == NULL)
		return fa_errf(e, "%s: missing element '%s'", op->name, name);
	if ((c = xmlNodeGetContent(n)) == NULL)
		c = xmlStrdup((const xmlChar *)"");
	rc = soap_b64_decode((const char *)c, strlen((const char *)c), max,
	    out, outlen, &e2);
	xmlFree(c);
	if (rc != 0)
		return fa_errf(e, "%s: element '%s': %s", op->name, name,
		    e2.msg);
	return 0;
}

static int
sig_field(xmlNodePtr op, unsigned char *sig, struct fa_err *e)
{
	unsigned char	*b;
	size_t		 n;

	if (b64_field(op, "signature", SOAP_SIG_BYTES, &b, &n, e) != 0)
		return -1;
	if (n != SOAP_SIG_BYTES) {
		free(b);
		return fa_errf(e, "%s: the signature is %zu bytes, expected "
		    "%d", op->name, n, SOAP_SIG_BYTES);
	}
	memcpy(sig, b, SOAP_SIG_BYTES);
	free(b);
	return 0;
}

/* SOAP_NONCE_LEN lower-case hex digits. */
static int
is_nonce(const char *s)
{
	return strlen(s) == SOAP_NONCE_LEN &&
	    strspn(s, "0123456789abcdef") == SOAP_NONCE_LEN;
}

int
soap_parse_request(const char *body, size_t len, struct soap_req *out,
    struct fa_err *e)
{
	struct soap_req	 r;
	xmlDocPtr	 doc;
	xmlNodePtr	 op;
	int		 rc = -1;

	memset(&r, 0, sizeof(r));
	if ((doc = read_doc(body, len, e)) == NULL)
		return -1;
	if ((op = body_elem(doc, e)) == NULL)
		goto out;
	if (is(op, SOAP_NS, "Hello"))
		r.op = SOAP_HELLO;
	else if (is(op, SOAP_NS, "Upload"))
		r.op = SOAP_UPLOAD;
	else if (is(op, SOAP_NS, "Result"))
		r.op = SOAP_RESULT;
	else {
		fa_errf(e, "unknown operation '%.64s' (Hello, Upload, Result "
		    "in %s)", op->name, SOAP_NS);
		goto out;
	}
	if (r.op == SOAP_UPLOAD) {
		if (b64_field(op, "bundle", SOAP_UPLOAD_MAX, &r.data,
		    &r.data_len, e) != 0)
			goto out;
		if (r.data_len == 0) {
			fa_errf(e, "Upload: the bundle is empty");
			goto out;
		}
		rc = 0;
		goto out;
	}
	if ((r.collector = text(op, "collector", SOAP_FP_MAX, e)) == NULL ||
	    num_field(op, "time", 0, INT64_C(253402300799), &r.time, e) != 0 ||
	    sig_field(op, r.sig, e) != 0)
		goto out;
	if (r.op == SOAP_HELLO) {
		if ((r.version = text(op, "version", SOAP_TEXT_MAX, e)) ==
		    NULL)
			goto out;
		/* No nonce: a collector of protocol v1 (docs/soap.md). */
		if (child(op, "nonce") != NULL && ((r.nonce = text(op,
		    "nonce", SOAP_NONCE_LEN, e)) == NULL ||
		    !is_nonce(r.nonce))) {
			if (r.nonce != NULL)
				fa_errf(e, "Hello: the nonce must be %d "
				    "lower-case hex digits", SOAP_NONCE_LEN);
			goto out;
		}
	} else {
		if (num_field(op, "commandId", 1, INT64_MAX, &r.command,
		    e) != 0 ||
		    (r.status = text(op, "status", SOAP_TEXT_MAX, e)) ==
		    NULL ||
		    b64_field(op, "output", SOAP_OUTPUT_MAX, &r.data,
		    &r.data_len, e) != 0)
			goto out;
		if (strcmp(r.status, "ok") != 0 &&
		    strcmp(r.status, "error") != 0) {
			fa_errf(e, "Result: status must be ok or error");
			goto out;
		}
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc == 0)
		*out = r;
	else
		soap_req_release(&r);
	return rc;
}

static char *
opt_text(xmlNodePtr op, const char *name)
{
	xmlNodePtr	 n = child(op, name);
	xmlChar		*c;
	char		*s;

	if (n == NULL || (c = xmlNodeGetContent(n)) == NULL)
		return NULL;
	s = fa_strndup((const char *)c, SOAP_BODY_MAX);
	xmlFree(c);
	return s;
}

int
soap_parse_response(const char *body, size_t len, enum soap_op op,
    struct soap_resp *out, struct fa_err *e)
{
	static const char *const names[] = { NULL, "HelloResponse",
	    "UploadResponse", "ResultResponse" };
	struct soap_resp r;
	xmlDocPtr	 doc;
	xmlNodePtr	 n, c;
	char		*s;
	int		 rc = -1, x;
	long long	 v;

	memset(&r, 0, sizeof(r));
	if ((doc = read_doc(body, len, e)) == NULL)
		return -1;
	if ((n = body_elem(doc, e)) == NULL)
		goto out;
	if (is(n, SOAP_ENV_NS, "Fault")) {
		r.fault = 1;
		s = opt_text(n, "faultcode");
		r.fault_code = fa_strdup(s == NULL ? "Server" :
		    strchr(s, ':') != NULL ? strchr(s, ':') + 1 : s);
		free(s);
		s = opt_text(n, "faultstring");
		if (s != NULL && strlen(s) > SOAP_TEXT_MAX)
			s[SOAP_TEXT_MAX] = '\0';
		r.fault_reason = fa_esc_line(s != NULL ? s :
		    "(no reason given)");
		free(s);
		rc = 0;
		goto out;
	}
	if (!is(n, SOAP_NS, names[op])) {
		fa_errf(e, "expected %s, got '%.64s'", names[op], n->name);
		goto out;
	}
	if (op == SOAP_HELLO) {
		s = opt_text(n, "hubTime");
		if (s == NULL || fa_strtonum(s, 0, INT64_C(253402300799), &v,
		    "hubTime", e) != 0) {
			if (s == NULL)
				fa_errf(e, "HelloResponse: no hubTime");
			free(s);
			goto out;
		}
		free(s);
		r.hub_time = v;
		r.hub_fp = opt_text(n, "hubFingerprint");
		r.collector = opt_text(n, "collector");
		r.nonce = opt_text(n, "nonce");
		if ((s = opt_text(n, "expires")) != NULL) {
			x = fa_strtonum(s, 0, INT64_C(253402300799), &v,
			    "expires", e);
			free(s);
			if (x != 0)
				goto out;
			r.expires = v;
		}
		if (child(n, "signature") != NULL) {
			if (sig_field(n, r.sig, e) != 0)
				goto out;
			r.has_sig = 1;
		}
		for (c = first_elem(n->children); c != NULL;
		    c = first_elem(c->next)) {
			struct soap_rcmd *k;

			if (!is(c, NULL, "command"))
				continue;
			if (r.ncmds >= SOAP_COMMANDS_MAX)
				break;
			r.cmds = fa_reallocarray(r.cmds, r.ncmds + 1,
			    sizeof(*r.cmds));
			k = &r.cmds[r.ncmds++];
			memset(k, 0, sizeof(*k));
			k->kind = opt_text(c, "kind");
			k->arg = opt_text(c, "argument");
			s = opt_text(c, "id");
			if (k->kind == NULL || s == NULL ||
			    fa_strtonum(s, 1, INT64_MAX, &v, "command id",
			    e) != 0) {
				if (s == NULL || k->kind == NULL)
					fa_errf(e, "HelloResponse: a command "
					    "without id or kind");
				free(s);
				goto out;
			}
			free(s);
			k->id = v;
			if (k->arg == NULL)
				k->arg = fa_strdup("");
		}
	} else if (op == SOAP_UPLOAD) {
		if ((r.receipt = opt_text(n, "receipt")) == NULL) {
			fa_errf(e, "UploadResponse: no receipt");
			goto out;
		}
		s = opt_text(n, "already");
		r.already = s != NULL && strcmp(s, "true") == 0;
		free(s);
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	if (rc == 0)
		*out = r;
	else
		soap_resp_release(&r);
	return rc;
}

void
soap_signed_bytes(const struct soap_req *r, struct fa_buf *b)
{
	if (r->op == SOAP_HELLO && r->nonce != NULL) {
		fa_buf_printf(b, "%s\nHello\n%s\n%" PRId64 "\n%s\n%s",
		    SOAP_SIG_MAGIC2, r->collector, r->time, r->nonce,
		    r->version);
		return;
	}
	fa_buf_printf(b, "%s\n%s\n%s\n%" PRId64 "\n", SOAP_SIG_MAGIC,
	    r->op == SOAP_HELLO ? "Hello" : "Result", r->collector, r->time);
	if (r->op == SOAP_HELLO)
		fa_buf_puts(b, r->version);
	else {
		fa_buf_printf(b, "%" PRId64 "\n%s\n", r->command, r->status);
		fa_buf_add(b, r->data, r->data_len);
	}
}

/* One field of a HelloResponse's signed bytes: LENGTH ":" VALUE "\n". */
static void
framed(struct fa_buf *b, const char *v)
{
	fa_buf_printf(b, "%zu:%s\n", strlen(v), v);
}

static void
framed_num(struct fa_buf *b, int64_t v)
{
	char	num[32];

	snprintf(num, sizeof(num), "%" PRId64, v);
	framed(b, num);
}

void
soap_answer_signed_bytes(const struct soap_answer *a, struct fa_buf *b)
{
	size_t	i, n = a->n < SOAP_COMMANDS_MAX ? a->n : SOAP_COMMANDS_MAX;

	fa_buf_printf(b, "%s\nHelloResponse\n", SOAP_SIG_MAGIC2);
	framed(b, a->hub_fp);
	framed(b, a->collector);
	framed(b, a->nonce);
	framed_num(b, a->hub_time);
	framed_num(b, a->expires);
	framed_num(b, (int64_t)n);
	for (i = 0; i < n; i++) {
		framed_num(b, a->cmds[i].id);
		framed(b, a->cmds[i].kind);
		framed(b, a->cmds[i].arg);
	}
}

int
soap_answer_verify(const struct soap_resp *r, const struct key_pub *hub,
    const char *collector, const char *nonce, int64_t hello_time,
    int64_t now, struct fa_err *e)
{
	struct soap_command	 cmds[SOAP_COMMANDS_MAX];
	struct soap_answer	 a;
	struct fa_buf		 b = FA_BUF_INIT;
	char			 fp[KEY_FP_LEN + 1];
	size_t			 i;
	int			 rc;

	key_fingerprint(hub, fp);
	if (r->fault || r->hub_fp == NULL)
		return fa_errf(e, "not a HelloResponse");
	if (!r->has_sig)
		return fa_errf(e, "unsigned (a hub older than this "
		    "collector, or not the hub)");
	if (r->ncmds > SOAP_COMMANDS_MAX)
		return fa_errf(e, "more than %d commands", SOAP_COMMANDS_MAX);
	if ((r->collector != NULL && strcmp(r->collector, collector) != 0) ||
	    (r->nonce != NULL && strcmp(r->nonce, nonce) != 0))
		return fa_errf(e, "for another Hello (its collector or "
		    "nonce is not this one's)");
	for (i = 0; i < r->ncmds; i++) {
		cmds[i].id = r->cmds[i].id;
		cmds[i].kind = r->cmds[i].kind;
		cmds[i].arg = r->cmds[i].arg;
	}
	memset(&a, 0, sizeof(a));
	a.hub_time = r->hub_time;
	a.hub_fp = r->hub_fp;
	a.collector = collector;
	a.nonce = nonce;
	a.expires = r->expires;
	a.cmds = cmds;
	a.n = r->ncmds;
	soap_answer_signed_bytes(&a, &b);
	rc = sig_verify(hub, b.s, b.len, r->sig);
	fa_buf_release(&b);
	if (rc != 0)
		return fa_errf(e, "not signed by hub %s (the key this "
		    "collector trusts) for this Hello", fp);
	if (r->expires > hello_time + SOAP_ANSWER_TTL)
		return fa_errf(e, "expiring %" PRId64 " s after the Hello, "
		    "more than %d", r->expires - hello_time,
		    SOAP_ANSWER_TTL);
	if (now > r->expires)
		return fa_errf(e, "expired %" PRId64 " s ago",
		    now - r->expires);
	return 0;
}

/* ---- building ---- */

static void
esc(struct fa_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<':
			fa_buf_puts(b, "&lt;");
			break;
		case '>':
			fa_buf_puts(b, "&gt;");
			break;
		case '&':
			fa_buf_puts(b, "&amp;");
			break;
		case '"':
			fa_buf_puts(b, "&quot;");
			break;
		default:
			/* XML 1.0 allows no other control character. */
			if ((unsigned char)*s < 0x20 && *s != '\t' &&
			    *s != '\n' && *s != '\r')
				fa_buf_puts(b, "?");
			else
				fa_buf_add(b, s, 1);
		}
	}
}

static void
open_env(struct fa_buf *b, const char *op)
{
	fa_buf_printf(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<soap:Envelope xmlns:soap=\"%s\"><soap:Body><%s xmlns=\"%s\">",
	    SOAP_ENV_NS, op, SOAP_NS);
}

static char *
close_env(struct fa_buf *b, const char *op)
{
	fa_buf_printf(b, "</%s></soap:Body></soap:Envelope>\n", op);
	return fa_buf_steal(b);
}

static void
elem(struct fa_buf *b, const char *name, const char *v)
{
	fa_buf_printf(b, "<%s>", name);
	esc(b, v);
	fa_buf_printf(b, "</%s>", name);
}

char *
soap_hello_response(const struct soap_answer *a)
{
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i;
	char		*s;

	open_env(&b, "HelloResponse");
	fa_buf_printf(&b, "<hubTime>%" PRId64 "</hubTime>", a->hub_time);
	elem(&b, "hubFingerprint", a->hub_fp);
	elem(&b, "collector", a->collector);
	if (*a->nonce != '\0')
		elem(&b, "nonce", a->nonce);
	fa_buf_printf(&b, "<expires>%" PRId64 "</expires>", a->expires);
	for (i = 0; i < a->n && i < SOAP_COMMANDS_MAX; i++) {
		fa_buf_printf(&b, "<command><id>%" PRId64 "</id>",
		    a->cmds[i].id);
		elem(&b, "kind", a->cmds[i].kind);
		elem(&b, "argument", a->cmds[i].arg);
		fa_buf_puts(&b, "</command>");
	}
	s = soap_b64_encode(a->sig, SOAP_SIG_BYTES);
	elem(&b, "signature", s);
	free(s);
	return close_env(&b, "HelloResponse");
}

char *
soap_upload_response(const char *receipt, int already)
{
	struct fa_buf	b = FA_BUF_INIT;

	open_env(&b, "UploadResponse");
	elem(&b, "receipt", receipt);
	elem(&b, "already", already ? "true" : "false");
	return close_env(&b, "UploadResponse");
}

char *
soap_result_response(void)
{
	struct fa_buf	b = FA_BUF_INIT;

	open_env(&b, "ResultResponse");
	fa_buf_puts(&b, "<accepted>true</accepted>");
	return close_env(&b, "ResultResponse");
}

char *
soap_fault(const char *code, const char *reason)
{
	struct fa_buf	b = FA_BUF_INIT;

	fa_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<soap:Envelope xmlns:soap=\"%s\"><soap:Body><soap:Fault>"
	    "<faultcode>soap:%s</faultcode>", SOAP_ENV_NS, code);
	elem(&b, "faultstring", reason);
	fa_buf_puts(&b, "</soap:Fault></soap:Body></soap:Envelope>\n");
	return fa_buf_steal(&b);
}

static void
sig_elem(struct fa_buf *b, const struct soap_req *r)
{
	char	*s = soap_b64_encode(r->sig, SOAP_SIG_BYTES);

	elem(b, "signature", s);
	free(s);
}

char *
soap_hello_request(const struct soap_req *r)
{
	struct fa_buf	b = FA_BUF_INIT;

	open_env(&b, "Hello");
	elem(&b, "collector", r->collector);
	elem(&b, "version", r->version);
	fa_buf_printf(&b, "<time>%" PRId64 "</time>", r->time);
	if (r->nonce != NULL)
		elem(&b, "nonce", r->nonce);
	sig_elem(&b, r);
	return close_env(&b, "Hello");
}

char *
soap_result_request(const struct soap_req *r)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*s;

	open_env(&b, "Result");
	elem(&b, "collector", r->collector);
	fa_buf_printf(&b, "<time>%" PRId64 "</time><commandId>%" PRId64
	    "</commandId>", r->time, r->command);
	elem(&b, "status", r->status);
	s = soap_b64_encode(r->data, r->data_len);
	elem(&b, "output", s);
	free(s);
	sig_elem(&b, r);
	return close_env(&b, "Result");
}

char *
soap_upload_request(const unsigned char *bundle, size_t len)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		*s;

	open_env(&b, "Upload");
	s = soap_b64_encode(bundle, len);
	fa_buf_puts(&b, "<bundle>");
	fa_buf_puts(&b, s);
	fa_buf_puts(&b, "</bundle>");
	free(s);
	return close_env(&b, "Upload");
}

/* ---- the WSDL ---- */

/*
 * WSDL 1.1, document-literal, SOAP 1.1 binding; "%s" is the endpoint's
 * address.  Kept here, beside the parser it describes, so the two change
 * together.
 */
static const char wsdl_fmt[] =
"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
"<wsdl:definitions xmlns:wsdl=\"http://schemas.xmlsoap.org/wsdl/\"\n"
"    xmlns:soap=\"http://schemas.xmlsoap.org/wsdl/soap/\"\n"
"    xmlns:xs=\"http://www.w3.org/2001/XMLSchema\"\n"
"    xmlns:tns=\"" SOAP_NS "\"\n"
"    targetNamespace=\"" SOAP_NS "\" name=\"Onsite2Service\">\n"
"  <wsdl:documentation>fleetaudit hub: collectors say hello (and get\n"
"  their pending commands), upload signed bundles, and send command\n"
"  results.  See docs/soap.md.</wsdl:documentation>\n"
"  <wsdl:types>\n"
"    <xs:schema targetNamespace=\"" SOAP_NS "\"\n"
"        elementFormDefault=\"qualified\">\n"
"      <xs:element name=\"Hello\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"collector\" type=\"xs:string\"/>\n"
"          <xs:element name=\"version\" type=\"xs:string\"/>\n"
"          <xs:element name=\"time\" type=\"xs:long\"/>\n"
"          <xs:element name=\"nonce\" type=\"xs:string\"\n"
"              minOccurs=\"0\"/>\n"
"          <xs:element name=\"signature\" type=\"xs:base64Binary\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"      <xs:complexType name=\"Command\"><xs:sequence>\n"
"        <xs:element name=\"id\" type=\"xs:long\"/>\n"
"        <xs:element name=\"kind\" type=\"xs:string\"/>\n"
"        <xs:element name=\"argument\" type=\"xs:string\"/>\n"
"      </xs:sequence></xs:complexType>\n"
"      <xs:element name=\"HelloResponse\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"hubTime\" type=\"xs:long\"/>\n"
"          <xs:element name=\"hubFingerprint\" type=\"xs:string\"/>\n"
"          <xs:element name=\"collector\" type=\"xs:string\"/>\n"
"          <xs:element name=\"nonce\" type=\"xs:string\"\n"
"              minOccurs=\"0\"/>\n"
"          <xs:element name=\"expires\" type=\"xs:long\"/>\n"
"          <xs:element name=\"command\" type=\"tns:Command\"\n"
"              minOccurs=\"0\" maxOccurs=\"32\"/>\n"
"          <xs:element name=\"signature\" type=\"xs:base64Binary\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"      <xs:element name=\"Upload\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"bundle\" type=\"xs:base64Binary\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"      <xs:element name=\"UploadResponse\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"receipt\" type=\"xs:string\"/>\n"
"          <xs:element name=\"already\" type=\"xs:boolean\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"      <xs:element name=\"Result\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"collector\" type=\"xs:string\"/>\n"
"          <xs:element name=\"time\" type=\"xs:long\"/>\n"
"          <xs:element name=\"commandId\" type=\"xs:long\"/>\n"
"          <xs:element name=\"status\" type=\"xs:string\"/>\n"
"          <xs:element name=\"output\" type=\"xs:base64Binary\"/>\n"
"          <xs:element name=\"signature\" type=\"xs:base64Binary\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"      <xs:element name=\"ResultResponse\">\n"
"        <xs:complexType><xs:sequence>\n"
"          <xs:element name=\"accepted\" type=\"xs:boolean\"/>\n"
"        </xs:sequence></xs:complexType>\n"
"      </xs:element>\n"
"    </xs:schema>\n"
"  </wsdl:types>\n"
"  <wsdl:message name=\"HelloIn\"><wsdl:part name=\"parameters\" "
"element=\"tns:Hello\"/></wsdl:message>\n"
"  <wsdl:message name=\"HelloOut\"><wsdl:part name=\"parameters\" "
"element=\"tns:HelloResponse\"/></wsdl:message>\n"
"  <wsdl:message name=\"UploadIn\"><wsdl:part name=\"parameters\" "
"element=\"tns:Upload\"/></wsdl:message>\n"
"  <wsdl:message name=\"UploadOut\"><wsdl:part name=\"parameters\" "
"element=\"tns:UploadResponse\"/></wsdl:message>\n"
"  <wsdl:message name=\"ResultIn\"><wsdl:part name=\"parameters\" "
"element=\"tns:Result\"/></wsdl:message>\n"
"  <wsdl:message name=\"ResultOut\"><wsdl:part name=\"parameters\" "
"element=\"tns:ResultResponse\"/></wsdl:message>\n"
"  <wsdl:portType name=\"Onsite2ServiceSoap\">\n"
"    <wsdl:operation name=\"Hello\"><wsdl:input message=\"tns:HelloIn\"/>"
"<wsdl:output message=\"tns:HelloOut\"/></wsdl:operation>\n"
"    <wsdl:operation name=\"Upload\"><wsdl:input message=\"tns:UploadIn\"/>"
"<wsdl:output message=\"tns:UploadOut\"/></wsdl:operation>\n"
"    <wsdl:operation name=\"Result\"><wsdl:input message=\"tns:ResultIn\"/>"
"<wsdl:output message=\"tns:ResultOut\"/></wsdl:operation>\n"
"  </wsdl:portType>\n"
"  <wsdl:binding name=\"Onsite2ServiceSoap\" "
"type=\"tns:Onsite2ServiceSoap\">\n"
"    <soap:binding transport=\"http://schemas.xmlsoap.org/soap/http\" "
"style=\"document\"/>\n"
"    <wsdl:operation name=\"Hello\"><soap:operation "
"soapAction=\"" SOAP_NS "/Hello\" style=\"document\"/>"
"<wsdl:input><soap:body use=\"literal\"/></wsdl:input>"
"<wsdl:output><soap:body use=\"literal\"/></wsdl:output>"
"</wsdl:operation>\n"
"    <wsdl:operation name=\"Upload\"><soap:operation "
"soapAction=\"" SOAP_NS "/Upload\" style=\"document\"/>"
"<wsdl:input><soap:body use=\"literal\"/></wsdl:input>"
"<wsdl:output><soap:body use=\"literal\"/></wsdl:output>"
"</wsdl:operation>\n"
"    <wsdl:operation name=\"Result\"><soap:operation "
"soapAction=\"" SOAP_NS "/Result\" style=\"document\"/>"
"<wsdl:input><soap:body use=\"literal\"/></wsdl:input>"
"<wsdl:output><soap:body use=\"literal\"/></wsdl:output>"
"</wsdl:operation>\n"
"  </wsdl:binding>\n"
"  <wsdl:service name=\"Onsite2Service\">\n"
"    <wsdl:port name=\"Onsite2ServiceSoap\" "
"binding=\"tns:Onsite2ServiceSoap\">\n"
"      <soap:address location=\"%s\"/>\n"
"    </wsdl:port>\n"
"  </wsdl:service>\n"
"</wsdl:definitions>\n";

char *
soap_wsdl(const char *url)
{
	struct fa_buf	 b = FA_BUF_INIT;
	const char	*p = strstr(wsdl_fmt, "%s");

	fa_buf_add(&b, wsdl_fmt, (size_t)(p - wsdl_fmt));
	esc(&b, url);
	fa_buf_puts(&b, p + 2);
	return fa_buf_steal(&b);
}
