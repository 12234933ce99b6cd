/*
 * test_soapup.c: unit tests for export/soapup.c: an Upload read as a
 * stream gives the same bundle as the tree parser whatever the pieces it
 * arrives in (1 byte, 7 bytes, 64 KiB); its refusals (too many elements,
 * too deep, a DOCTYPE, another operation, no bundle, bad or empty or
 * oversized base64, a tag longer than SOAPUP_PENDING_MAX, a writer that
 * fails); the heap it uses while 16 MiB of base64 or of "<a/>" stream
 * through (mallinfo2); the signed headers parsed, refused when malformed,
 * and signed and verified with a real key.
 */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/keys.h"
#include "../../crypto/sig.h"
#include "../../export/soap.h"
#include "../../export/soapup.h"
#include "unit.h"

static struct fa_err err;

static int
has(const char *s)
{
	return strstr(err.msg, s) != NULL;
}

static int
put_buf(void *arg, const unsigned char *p, size_t n, struct fa_err *e UNUSED)
{
	fa_buf_add(arg, p, n);
	return 0;
}

static int
put_none(void *arg UNUSED, const unsigned char *p UNUSED, size_t n UNUSED,
    struct fa_err *e UNUSED)
{
	return 0;
}

static int
put_fail(void *arg UNUSED, const unsigned char *p UNUSED, size_t n UNUSED,
    struct fa_err *e)
{
	return fa_errf(e, "cannot write the upload: No space left on device");
}

/* Streams text in pieces of step bytes; 0 and the bundle into out, or -1
 * and err. */
static int
stream(const char *text, size_t len, size_t step, size_t max,
    struct fa_buf *out)
{
	struct soapup	*u = soapup_new(max, put_buf, out);
	size_t		 off, n;
	int		 rc = 0;

	for (off = 0; off < len && rc == 0; off += step) {
		n = len - off < step ? len - off : step;
		rc = soapup_push(u, text + off, n, &err);
	}
	if (rc == 0)
		rc = soapup_finish(u, &n, &err);
	if (rc == 0 && n != out->len)
		rc = -2;
	soapup_free(u);
	return rc;
}

static int
refused(const char *text, const char *why)
{
	struct fa_buf	b = FA_BUF_INIT;
	int		rc;

	rc = stream(text, strlen(text), 5, 1024, &b);
	fa_buf_release(&b);
	if (rc != -1 || !has(why)) {
		printf("# '%.60s': %d '%s'\n", text, rc, err.msg);
		return 0;
	}
	return 1;
}

static void
test_roundtrip(void)
{
	static const size_t steps[] = { 1, 7, 4096, 65536, 1 << 20 };
	static const char t2[] = "<?xml version=\"1.0\"?><e:Envelope "
	    "xmlns:e=\"" SOAP_ENV_NS "\"><e:Header><x/></e:Header><e:Body>"
	    "<u:Upload xmlns:u=\"" SOAP_NS "\"><u:bundle>Zm9v\n "
	    "<![CDATA[YmFy]]><i>Zg==</i></u:bundle></u:Upload></e:Body>"
	    "</e:Envelope>";
	unsigned char	 bundle[70000];
	struct fa_buf	 b;
	struct soap_req	 q;
	char		*t;
	size_t		 i;

	for (i = 0; i < sizeof(bundle); i++)
		bundle[i] = (unsigned char)(i * 7919 >> 3);
	t = soap_upload_request(bundle, sizeof(bundle));
	for (i = 0; i < nitems(steps); i++) {
		memset(&b, 0, sizeof(b));
		CHECK(stream(t, strlen(t), steps[i], SOAP_UPLOAD_MAX, &b) == 0);
		CHECK(b.len == sizeof(bundle) &&
		    memcmp(b.s, bundle, sizeof(bundle)) == 0);
		fa_buf_release(&b);
	}
	/* The tree parser agrees. */
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0 &&
	    q.data_len == sizeof(bundle) &&
	    memcmp(q.data, bundle, sizeof(bundle)) == 0);
	soap_req_release(&q);
	free(t);
	/* Prefixes, a SOAP Header, CDATA, base64 split by white space and
	 * by an element inside bundle (its text counts, as in the tree). */
	memset(&b, 0, sizeof(b));
	CHECK(stream(t2, strlen(t2), 3, 64, &b) == 0 && b.len == 7 &&
	    memcmp(b.s, "foobarf", 7) == 0);
	fa_buf_release(&b);
}

#define ENV	"<s:Envelope xmlns:s=\"" SOAP_ENV_NS "\"><s:Body>"
#define UP	ENV "<Upload xmlns=\"" SOAP_NS "\">"
#define END	"</Upload></s:Body></s:Envelope>"

static void
test_refusals(void)
{
	struct fa_buf	 b = FA_BUF_INIT;
	struct soapup	*u;
	unsigned char	 big[1100];
	size_t		 n, i;
	char		*t;

	CHECK(refused("<x/>", "not a SOAP 1.1 envelope"));
	CHECK(refused("<s:Envelope xmlns:s=\"" SOAP_ENV_NS "\"/>",
	    "no Body"));
	CHECK(refused(ENV "</s:Body></s:Envelope>", "no operation"));
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"/></s:Body>"
	    "</s:Envelope>", "expected an Upload operation, got 'Hello'"));
	CHECK(refused(UP END, "missing element 'bundle'"));
	CHECK(refused(UP "<bundle></bundle>" END, "the bundle is empty"));
	CHECK(refused(UP "<bundle>Zm9v!</bundle>" END, "bad base64"));
	CHECK(refused(UP "<bundle>Zg==Zg==</bundle>" END, "bad base64"));
	CHECK(refused(UP "<bundle>Zg=</bundle>" END, "bad base64"));
	CHECK(refused(UP "<bundle>Z</bundle>" END, "bad base64"));
	CHECK(refused(UP "<bundle>Zm9v", "malformed XML"));
	CHECK(refused("<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY x "
	    "SYSTEM \"file:///etc/passwd\">]>" UP "<bundle>&x;</bundle>" END,
	    "DOCTYPE is not allowed"));
	CHECK(refused(UP "<bundle>&x;</bundle>" END, "malformed XML"));
	/* over max (1024 bytes in refused()) */
	memset(big, 'x', sizeof(big));
	t = soap_b64_encode(big, sizeof(big));
	n = strlen(t);
	fa_buf_printf(&b, UP "<bundle>%s</bundle>" END, t);
	free(t);
	CHECK(n > 0 && refused(b.s, "larger than 1024 bytes"));
	fa_buf_release(&b);
	/* elements and depth */
	fa_buf_puts(&b, UP "<bundle>");
	for (i = 0; i < SOAPUP_ELEMS_MAX; i++)
		fa_buf_puts(&b, "<a/>");
	fa_buf_puts(&b, "Zm9v</bundle>" END);
	CHECK(refused(b.s, "more than 64 elements"));
	fa_buf_release(&b);
	fa_buf_puts(&b, UP "<bundle>");
	for (i = 0; i < SOAPUP_DEPTH_MAX; i++)
		fa_buf_puts(&b, "<a>");
	CHECK(refused(b.s, "nested more than 16 deep"));
	fa_buf_release(&b);
	/* a tag that never ends: refused once SOAPUP_PENDING_MAX is held */
	fa_buf_puts(&b, UP "<bundle a=\"");
	for (i = 0; i < SOAPUP_PENDING_MAX / 8 + 16; i++)
		fa_buf_puts(&b, "xxxxxxxx");
	u = soapup_new(1024, put_buf, &b);
	CHECK(soapup_push(u, b.s, b.len, &err) == -1 &&
	    has("longer than 262144 bytes"));
	/* and every later call says the same */
	CHECK(soapup_push(u, "x", 1, &err) == -1 &&
	    has("longer than 262144 bytes"));
	CHECK(soapup_finish(u, &n, &err) == -1 && n == 0);
	soapup_free(u);
	fa_buf_release(&b);
	/* the writer's failure stops the reading */
	t = soap_upload_request((const unsigned char *)"0123456789", 10);
	u = soapup_new(1024, put_fail, NULL);
	CHECK((soapup_push(u, t, strlen(t), &err) == -1 ||
	    soapup_finish(u, &n, &err) == -1) && has("No space left"));
	soapup_free(u);
	free(t);
}

/* Bytes of heap in use now (glibc). */
static size_t
heap(void)
{
	return mallinfo2().uordblks;
}

/* Streams 16 MiB made by fill in 32 KiB pieces, as libmicrohttpd hands
 * them; the largest heap growth seen. */
static size_t
stream_heap(const char *head, const char *unit, const char *tail, int *rc)
{
	struct soapup	*u;
	char		 piece[32768];
	size_t		 base, top = 0, i, n, ul = strlen(unit);

	for (i = 0; i + ul <= sizeof(piece); i += ul)
		memcpy(piece + i, unit, ul);
	n = i;
	base = heap();
	u = soapup_new(SOAP_UPLOAD_MAX, put_none, NULL);
	*rc = soapup_push(u, head, strlen(head), &err);
	for (i = 0; *rc == 0 && i < (16u << 20) / n; i++) {
		*rc = soapup_push(u, piece, n, &err);
		if (heap() > base && heap() - base > top)
			top = heap() - base;
	}
	if (*rc == 0)
		*rc = soapup_push(u, tail, strlen(tail), &err);
	if (*rc == 0)
		*rc = soapup_finish(u, &n, &err);
	soapup_free(u);
	return top;
}

static void
test_memory(void)
{
	size_t	top;
	int	rc;

	/* 16 MiB of base64: decoded as it comes, never held */
	top = stream_heap(UP "<bundle>", "QUJD", "</bundle>" END, &rc);
	printf("# 16 MiB of base64: heap grew by at most %zu bytes\n", top);
	CHECK(rc == 0);
	CHECK(top < 512 * 1024);
	/* 16 MiB of <a/>: stopped at the element cap */
	top = stream_heap(UP "<bundle>", "<a/>", "</bundle>" END, &rc);
	CHECK(rc == -1 && has("more than 64 elements"));
	CHECK(top < 512 * 1024);
	/* 16 MiB of white space between elements */
	top = stream_heap(UP "<bundle>Zm9v", "    ", "</bundle>" END, &rc);
	CHECK(rc == 0);
	CHECK(top < 512 * 1024);
}

static void
test_auth(void)
{
	struct soapup_auth	 a, p;
	struct key_secret	*k = NULL;
	struct key_pub		 pub;
	struct fa_buf		 b = FA_BUF_INIT, b2 = FA_BUF_INIT;
	char			*sig;

	CHECK(soapup_auth_new("t8w3-1kcm-9y3r-ys7j", 1795000000, 123456, &a,
	    &err) == 0);
	CHECK(strlen(a.nonce) == SOAPUP_NONCE_LEN &&
	    strspn(a.nonce, "0123456789abcdef") == SOAPUP_NONCE_LEN);
	CHECK(soapup_auth_new("t8w3-1kcm-9y3r-ys7j", 1795000000, 123456, &p,
	    &err) == 0 && strcmp(a.nonce, p.nonce) != 0);
	soapup_auth_bytes(&a, &b);
	CHECK(strncmp(b.s, "fleetaudit-upload-v1\nt8w3-1kcm-9y3r-ys7j\n"
	    "1795000000\n", 41) == 0 && strstr(b.s, "\n123456\n") != NULL);
	CHECK(key_secret_generate(KEY_ED25519, &k, &err) == 0);
	CHECK(key_secret_sign(k, (const unsigned char *)b.s, b.len, a.sig,
	    &err) == 0);
	memset(&pub, 0, sizeof(pub));
	memcpy(pub.sign, key_secret_public(k), KEY_BYTES);
	sig = soap_b64_encode(a.sig, sizeof(a.sig));
	CHECK(soapup_auth_parse(a.collector, "1795000000", a.nonce, sig,
	    123456, &p, &err) == 0);
	soapup_auth_bytes(&p, &b2);
	CHECK(b2.len == b.len && memcmp(b.s, b2.s, b.len) == 0);
	CHECK(sig_verify(&pub, b2.s, b2.len, p.sig) == 0);
	fa_buf_release(&b2);
	/* another length: the signature no longer holds */
	CHECK(soapup_auth_parse(a.collector, "1795000000", a.nonce, sig,
	    123457, &p, &err) == 0);
	soapup_auth_bytes(&p, &b2);
	CHECK(sig_verify(&pub, b2.s, b2.len, p.sig) != 0);
	fa_buf_release(&b2);
	CHECK(soapup_auth_parse(NULL, "1", a.nonce, sig, 1, &p, &err) ==
	    -1 && has("missing"));
	CHECK(soapup_auth_parse(a.collector, "-1", a.nonce, sig, 1, &p,
	    &err) == -1);
	CHECK(soapup_auth_parse(a.collector, "1", "00", sig, 1, &p, &err) ==
	    -1 && has("hex digits"));
	CHECK(soapup_auth_parse(a.collector, "1", "0123456789ABCDEF0123456789"
	    "abcdef", sig, 1, &p, &err) == -1 && has("hex digits"));
	CHECK(soapup_auth_parse(a.collector, "1", a.nonce, "Zm9v", 1, &p,
	    &err) == -1 && has("expected 64"));
	CHECK(soapup_auth_parse("x123456789012345678901234567890123", "1",
	    a.nonce, sig, 1, &p, &err) == -1 && has("longer than"));
	free(sig);
	fa_buf_release(&b);
	key_secret_free(k);
}

int
main(void)
{
	soap_init();
	RUN(test_roundtrip);
	RUN(test_refusals);
	RUN(test_memory);
	RUN(test_auth);
	return unit_any_failed;
}
