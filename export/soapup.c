/*
 * soapup.c: an Upload read as a stream, and its signed headers (see
 * soapup.h).
 *
 * libxml2's push parser is given a SAX handler that sets only the
 * element, text and DOCTYPE callbacks: no document is built (no
 * startDocument), no entity can be defined (no DTD is accepted) and
 * every limit is checked in the callbacks, which stop the parser at the
 * first excess.  The envelope must be what soap_parse_request() accepts
 * for an Upload: Envelope, its first Body, whose first element is Upload
 * in SOAP_NS, whose first "bundle" child holds the base64 (its text and
 * that of any element inside it, as xmlNodeGetContent() gives).  The
 * base64 rules are soap_b64_decode()'s: white space skipped, padding
 * only at the end.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "../crypto/sig.h"
#include "soapup.h"

#define OUT_BYTES	3072		/* decoded bytes handed on at once */

struct soapup {
	xmlParserCtxtPtr ctxt;
	xmlSAXHandler	 sax;
	int		(*put)(void *, const unsigned char *, size_t,
			    struct fa_err *);
	void		*arg;
	size_t		 max, total;
	struct fa_err	 err;
	int		 failed;
	int		 doctype;
	unsigned	 depth, elems;
	int		 envelope, body, op, bundle;	/* seen */
	unsigned	 body_depth, bundle_depth;	/* 0: not inside */
	int		 in_bundle;
	/* base64 */
	uint32_t	 acc;
	int		 k;
	unsigned	 pad;
	unsigned char	 out[OUT_BYTES];
	size_t		 nout;
};

static int
fail(struct soapup *u, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The first refusal is kept; the parser stops. */
static int
fail(struct soapup *u, const char *fmt, ...)
{
	va_list	ap;

	if (!u->failed) {
		u->failed = 1;
		va_start(ap, fmt);
		vsnprintf(u->err.msg, sizeof(u->err.msg), fmt, ap);
		va_end(ap);
	}
	if (u->ctxt != NULL)
		xmlStopParser(u->ctxt);
	return -1;
}

static int
flush(struct soapup *u)
{
	struct fa_err	e;

	if (u->nout == 0 || u->failed)
		return u->failed ? -1 : 0;
	if (u->put(u->arg, u->out, u->nout, &e) != 0)
		return fail(u, "%s", e.msg);
	u->nout = 0;
	return 0;
}

static int
emit(struct soapup *u, unsigned char c)
{
	if (u->total >= u->max)
		return fail(u, "Upload: element 'bundle': base64 data larger "
		    "than %zu bytes", u->max);
	u->total++;
	u->out[u->nout++] = c;
	return u->nout == sizeof(u->out) ? flush(u) : 0;
}

static void
b64(struct soapup *u, const xmlChar *s, int len)
{
	int	i, v;

	for (i = 0; i < len && !u->failed; i++) {
		unsigned char c = s[i];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			continue;
		if (c == '=') {
			u->pad++;
			continue;
		}
		if (u->pad > 0) {
			fail(u, "Upload: element 'bundle': bad base64 data");
			return;
		}
		if ((v = soap_b64_digit(c)) < 0) {
			fail(u, "Upload: element 'bundle': bad base64 data");
			return;
		}
		u->acc = (u->acc << 6) | (uint32_t)v;
		if (++u->k == 4) {
			if (emit(u, (unsigned char)(u->acc >> 16)) != 0 ||
			    emit(u, (unsigned char)(u->acc >> 8)) != 0 ||
			    emit(u, (unsigned char)u->acc) != 0)
				return;
			u->k = 0;
			u->acc = 0;
		}
	}
}

static int
ns_is(const xmlChar *uri, const char *ns)
{
	return uri != NULL && strcmp((const char *)uri, ns) == 0;
}

static void
on_start(void *ctx, const xmlChar *name, const xmlChar *prefix UNUSED,
    const xmlChar *uri, int nns UNUSED, const xmlChar **nss UNUSED,
    int nattr UNUSED, int ndef UNUSED, const xmlChar **attrs UNUSED)
{
	struct soapup	*u = ((xmlParserCtxtPtr)ctx)->_private;
	const char	*n = (const char *)name;

	if (u->failed)
		return;
	if (++u->elems > SOAPUP_ELEMS_MAX) {
		fail(u, "more than %d elements in an Upload",
		    SOAPUP_ELEMS_MAX);
		return;
	}
	if (++u->depth > SOAPUP_DEPTH_MAX) {
		fail(u, "elements nested more than %d deep",
		    SOAPUP_DEPTH_MAX);
		return;
	}
	if (u->depth == 1) {
		if (strcmp(n, "Envelope") != 0 || !ns_is(uri, SOAP_ENV_NS))
			fail(u, "not a SOAP 1.1 envelope");
		u->envelope = 1;
	} else if (u->depth == 2 && !u->body && strcmp(n, "Body") == 0 &&
	    ns_is(uri, SOAP_ENV_NS)) {
		u->body = 1;
		u->body_depth = 2;
	} else if (u->depth == 3 && u->body_depth == 2 && !u->op) {
		u->op = 1;
		if (strcmp(n, "Upload") != 0 || !ns_is(uri, SOAP_NS))
			fail(u, "expected an Upload operation, got '%.64s'",
			    n);
	} else if (u->depth == 4 && u->body_depth == 2 && u->op &&
	    !u->bundle && strcmp(n, "bundle") == 0 &&
	    (uri == NULL || ns_is(uri, SOAP_NS))) {
		u->bundle = u->in_bundle = 1;
		u->bundle_depth = 4;
	}
}

static void
on_end(void *ctx, const xmlChar *name UNUSED, const xmlChar *prefix UNUSED,
    const xmlChar *uri UNUSED)
{
	struct soapup	*u = ((xmlParserCtxtPtr)ctx)->_private;

	if (u->depth == u->bundle_depth) {
		u->in_bundle = 0;
		u->bundle_depth = 0;
	} else if (u->depth == u->body_depth)
		u->body_depth = 0;
	if (u->depth > 0)
		u->depth--;
}

static void
on_text(void *ctx, const xmlChar *ch, int len)
{
	struct soapup	*u = ((xmlParserCtxtPtr)ctx)->_private;

	if (u->in_bundle && !u->failed)
		b64(u, ch, len);
}

static void
on_doctype(void *ctx, const xmlChar *name UNUSED, const xmlChar *ext UNUSED,
    const xmlChar *sys UNUSED)
{
	struct soapup	*u = ((xmlParserCtxtPtr)ctx)->_private;

	u->doctype = 1;
	fail(u, "a DOCTYPE is not allowed in a request");
}

struct soapup *
soapup_new(size_t max, int (*put)(void *, const unsigned char *, size_t,
    struct fa_err *), void *arg)
{
	struct soapup	*u = fa_calloc(1, sizeof(*u));

	u->put = put;
	u->arg = arg;
	u->max = max;
	u->sax.initialized = XML_SAX2_MAGIC;
	u->sax.startElementNs = on_start;
	u->sax.endElementNs = on_end;
	u->sax.characters = on_text;
	u->sax.cdataBlock = on_text;
	u->sax.ignorableWhitespace = on_text;
	u->sax.internalSubset = on_doctype;
	u->ctxt = xmlCreatePushParserCtxt(&u->sax, NULL, NULL, 0, "soap");
	if (u->ctxt == NULL)
		fa_bug("soapup_new: out of memory for the XML parser");
	u->ctxt->_private = u;
	(void)xmlCtxtUseOptions(u->ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING);
	return u;
}

void
soapup_free(struct soapup *u)
{
	if (u == NULL)
		return;
	if (u->ctxt != NULL)
		xmlFreeParserCtxt(u->ctxt);
	free(u);
}

/* libxml2's own error, once, as a fault's text. */
static void
xml_fail(struct soapup *u)
{
	const xmlError	*xe = xmlCtxtGetLastError(u->ctxt);
	const char	*m = xe != NULL && xe->message != NULL ? xe->message :
			    NULL;

	fail(u, "malformed XML%s%.*s", m != NULL ? ": " : "",
	    m != NULL ? (int)strcspn(m, "\n") : 0, m != NULL ? m : "");
}

static int
run(struct soapup *u, const char *buf, size_t len, int end, struct fa_err *e)
{
	size_t	n;
	int	x;

	if (u->failed)
		goto failed;
	do {
		/* libxml2 takes an int: pieces of 64 KiB. */
		n = len > 65536 ? 65536 : len;
		x = xmlParseChunk(u->ctxt, buf, (int)n, end && n == len);
		buf += n;
		len -= n;
		if (u->failed)
			goto failed;
		if (x != 0 || !u->ctxt->wellFormed) {
			xml_fail(u);
			goto failed;
		}
		if (u->ctxt->input != NULL && u->ctxt->input->end -
		    u->ctxt->input->cur > SOAPUP_PENDING_MAX) {
			fail(u, "an XML tag or name longer than %d bytes",
			    SOAPUP_PENDING_MAX);
			goto failed;
		}
	} while (len > 0);
	return 0;
failed:
	*e = u->err;
	return -1;
}

int
soapup_push(struct soapup *u, const char *buf, size_t len, struct fa_err *e)
{
	if (len == 0 && !u->failed)
		return 0;
	return run(u, buf, len, 0, e);
}

int
soapup_finish(struct soapup *u, size_t *len, struct fa_err *e)
{
	*len = 0;
	if (run(u, "", 0, 1, e) != 0)
		return -1;
	if (!u->envelope)
		fail(u, "not a SOAP 1.1 envelope");
	else if (!u->body)
		fail(u, "the SOAP envelope has no Body element");
	else if (!u->op)
		fail(u, "the SOAP Body holds no operation");
	else if (!u->bundle)
		fail(u, "Upload: missing element 'bundle'");
	else if (u->pad > 2 || (u->k == 0 && u->pad != 0) || u->k == 1 ||
	    (u->k != 0 && u->pad != (unsigned)(4 - u->k)))
		fail(u, "Upload: element 'bundle': bad base64 data");
	else if (u->k == 2)
		(void)emit(u, (unsigned char)(u->acc >> 4));
	else if (u->k == 3) {
		if (emit(u, (unsigned char)(u->acc >> 10)) == 0)
			(void)emit(u, (unsigned char)(u->acc >> 2));
	}
	if (!u->failed && flush(u) == 0 && u->total == 0)
		fail(u, "Upload: the bundle is empty");
	if (u->failed) {
		*e = u->err;
		return -1;
	}
	*len = u->total;
	return 0;
}

/* ---- the signed headers ---- */

void
soapup_auth_bytes(const struct soapup_auth *a, struct fa_buf *b)
{
	fa_buf_printf(b, "%s\n%s\n%" PRId64 "\n%s\n%lld\n", SOAPUP_AUTH_MAGIC,
	    a->collector, a->time, a->nonce, a->length);
}

int
soapup_auth_parse(const char *collector, const char *time, const char *nonce,
    const char *sig, long long length, struct soapup_auth *a,
    struct fa_err *e)
{
	unsigned char	*b;
	size_t		 n, i;
	long long	 t;
	struct fa_err	 e2;

	memset(a, 0, sizeof(*a));
	if (collector == NULL || time == NULL || nonce == NULL || sig == NULL)
		return fa_errf(e, "the Upload's signed headers (%s, %s, %s, "
		    "%s) are missing", SOAPUP_H_COLLECTOR, SOAPUP_H_TIME,
		    SOAPUP_H_NONCE, SOAPUP_H_SIGNATURE);
	if (strlen(collector) > SOAP_FP_MAX)
		return fa_errf(e, "%s: longer than %d bytes",
		    SOAPUP_H_COLLECTOR, SOAP_FP_MAX);
	fa_strlcpy(a->collector, collector, sizeof(a->collector));
	if (fa_strtonum(time, 0, INT64_C(253402300799), &t, SOAPUP_H_TIME,
	    e) != 0)
		return -1;
	a->time = t;
	if (strlen(nonce) != SOAPUP_NONCE_LEN)
		return fa_errf(e, "%s: not %d hex digits", SOAPUP_H_NONCE,
		    SOAPUP_NONCE_LEN);
	for (i = 0; i < SOAPUP_NONCE_LEN; i++)
		if (!((nonce[i] >= '0' && nonce[i] <= '9') ||
		    (nonce[i] >= 'a' && nonce[i] <= 'f')))
			return fa_errf(e, "%s: not %d hex digits",
			    SOAPUP_H_NONCE, SOAPUP_NONCE_LEN);
	memcpy(a->nonce, nonce, SOAPUP_NONCE_LEN + 1);
	if (soap_b64_decode(sig, strlen(sig), SOAP_SIG_BYTES, &b, &n,
	    &e2) != 0)
		return fa_errf(e, "%s: %s", SOAPUP_H_SIGNATURE, e2.msg);
	if (n != SOAP_SIG_BYTES) {
		free(b);
		return fa_errf(e, "%s: %zu bytes, expected %d",
		    SOAPUP_H_SIGNATURE, n, SOAP_SIG_BYTES);
	}
	memcpy(a->sig, b, SOAP_SIG_BYTES);
	free(b);
	a->length = length;
	return 0;
}

int
soapup_auth_new(const char *collector, int64_t time, long long length,
    struct soapup_auth *a, struct fa_err *e)
{
	memset(a, 0, sizeof(*a));
	if (strlen(collector) > SOAP_FP_MAX)
		return fa_errf(e, "collector fingerprint longer than %d bytes",
		    SOAP_FP_MAX);
	sig_random_hex(a->nonce, SOAPUP_NONCE_LEN / 2);
	fa_strlcpy(a->collector, collector, sizeof(a->collector));
	a->time = time;
	a->length = length;
	return 0;
}
