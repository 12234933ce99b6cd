/*
 * test_soap.c: unit tests for export/soap.c and crypto/sig.c: base64
 * (RFC 4648 section 10 vectors, bad input, the output cap), every request
 * built and parsed back, responses and faults, the parser's refusals
 * (DOCTYPE with an external entity or entity expansion, malformed XML,
 * unknown operation, missing or bad fields), the signed bytes of Hello
 * (with and without a nonce) and Result checked with a real key, the
 * hub's signed HelloResponse checked by soap_answer_verify() against
 * every change a man in the middle could make, and the WSDL naming every
 * operation and the address.
 */
#include <stdlib.h>
#include <string.h>

#include "../../crypto/keys.h"
#include "../../crypto/sig.h"
#include "../../export/soap.h"
#include "unit.h"

static struct fa_err err;

static int
has(const char *s)
{
	return strstr(err.msg, s) != NULL;
}

static void
test_base64(void)
{
	static const char *const v[][2] = { { "", "" }, { "f", "Zg==" },
	    { "fo", "Zm8=" }, { "foo", "Zm9v" }, { "foob", "Zm9vYg==" },
	    { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" } };
	unsigned char	*b;
	size_t		 i, n;
	char		*s;

	for (i = 0; i < nitems(v); i++) {
		s = soap_b64_encode((const unsigned char *)v[i][0],
		    strlen(v[i][0]));
		CHECK(strcmp(s, v[i][1]) == 0);
		free(s);
		CHECK(soap_b64_decode(v[i][1], strlen(v[i][1]), 64, &b, &n,
		    &err) == 0 && n == strlen(v[i][0]) &&
		    memcmp(b, v[i][0], n) == 0);
		free(b);
	}
	CHECK(soap_b64_decode(" Zm9v\r\n YmFy\n", 13, 64, &b, &n, &err) == 0 &&
	    n == 6);
	free(b);
	CHECK(soap_b64_decode("Zm9v!", 5, 64, &b, &n, &err) == -1 &&
	    has("bad base64"));
	CHECK(soap_b64_decode("Zg=", 3, 64, &b, &n, &err) == -1);
	CHECK(soap_b64_decode("Zg==Zg==", 8, 64, &b, &n, &err) == -1);
	CHECK(soap_b64_decode("Z", 1, 64, &b, &n, &err) == -1);
	CHECK(soap_b64_decode("Zm9vYmFy", 8, 5, &b, &n, &err) == -1 &&
	    has("larger than 5"));
}

static void
test_requests(void)
{
	struct soap_req	 r, q;
	char		*t;
	unsigned char	 bundle[300];
	size_t		 i;

	memset(&r, 0, sizeof(r));
	r.op = SOAP_HELLO;
	r.collector = (char *)(uintptr_t)"t8w3-1kcm-9y3r-ys7j";
	r.version = (char *)(uintptr_t)"0.1.0 <&>";
	r.time = 1795000000;
	memset(r.sig, 7, sizeof(r.sig));
	t = soap_hello_request(&r);
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0);
	CHECK(q.op == SOAP_HELLO && strcmp(q.collector, r.collector) == 0 &&
	    strcmp(q.version, r.version) == 0 && q.time == r.time &&
	    memcmp(q.sig, r.sig, sizeof(r.sig)) == 0);
	soap_req_release(&q);
	free(t);

	r.op = SOAP_RESULT;
	r.command = 42;
	r.status = (char *)(uintptr_t)"error";
	r.data = (unsigned char *)(uintptr_t)"line 1\nline 2\n";
	r.data_len = 14;
	t = soap_result_request(&r);
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0);
	CHECK(q.op == SOAP_RESULT && q.command == 42 &&
	    strcmp(q.status, "error") == 0 && q.data_len == 14 &&
	    memcmp(q.data, r.data, 14) == 0);
	soap_req_release(&q);
	free(t);

	for (i = 0; i < sizeof(bundle); i++)
		bundle[i] = (unsigned char)i;
	t = soap_upload_request(bundle, sizeof(bundle));
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0);
	CHECK(q.op == SOAP_UPLOAD && q.data_len == sizeof(bundle) &&
	    memcmp(q.data, bundle, sizeof(bundle)) == 0);
	soap_req_release(&q);
	free(t);
}

#define ENV	"<s:Envelope xmlns:s=\"" SOAP_ENV_NS "\"><s:Body>"
#define END	"</s:Body></s:Envelope>"

static int
refused(const char *text, const char *why)
{
	struct soap_req	q;

	return soap_parse_request(text, strlen(text), &q, &err) == -1 &&
	    has(why);
}

static void
test_refusals(void)
{
	CHECK(refused("<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY e "
	    "SYSTEM \"file:///etc/passwd\"> ]>" ENV "<Hello xmlns=\""
	    SOAP_NS "\"><collector>&e;</collector></Hello>" END,
	    "DOCTYPE is not allowed"));
	CHECK(refused("<!DOCTYPE x [ <!ENTITY a \"aaaaaaaa\"> <!ENTITY b "
	    "\"&a;&a;&a;&a;&a;&a;&a;&a;\"> ]>" ENV "<Hello xmlns=\"" SOAP_NS
	    "\"><collector>&b;</collector></Hello>" END,
	    "DOCTYPE is not allowed"));
	CHECK(refused("<!DOCTYPE x SYSTEM \"http://192.0.2.1/x.dtd\">" ENV
	    END, "DOCTYPE is not allowed"));
	CHECK(refused(ENV "<Hello>", "malformed XML"));
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"><collector>&e;"
	    "</collector></Hello>" END, "malformed XML"));
	CHECK(refused("<x/>", "not a SOAP 1.1 envelope"));
	CHECK(refused(ENV END, "no Body element") ||
	    refused(ENV END, "has no Body"));
	CHECK(refused(ENV "<Delete xmlns=\"" SOAP_NS "\"/>" END,
	    "unknown operation 'Delete'"));
	CHECK(refused(ENV "<Hello xmlns=\"urn:other\"/>" END,
	    "unknown operation"));
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"><collector>x"
	    "</collector></Hello>" END, "missing element 'time'"));
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"><collector>x"
	    "</collector><time>1</time><signature>AAAA</signature>"
	    "<version>1</version></Hello>" END, "signature is 3 bytes"));
	CHECK(refused(ENV "<Upload xmlns=\"" SOAP_NS "\"><bundle></bundle>"
	    "</Upload>" END, "bundle is empty"));
	CHECK(refused(ENV "<Upload xmlns=\"" SOAP_NS "\"><bundle>**"
	    "</bundle></Upload>" END, "bad base64"));
}

static void
test_responses(void)
{
	struct soap_command	 c[2] = { { 1, "walk", "192.0.2.15" },
				    { 2, "logs", "" } };
	struct soap_answer	 a;
	struct soap_resp	 r;
	char			*t;

	memset(&a, 0, sizeof(a));
	a.hub_time = 1795000000;
	a.hub_fp = "m5zb-5kak-3zj3-eg86";
	a.collector = "t8w3-1kcm-9y3r-ys7j";
	a.nonce = "00112233445566778899aabbccddeeff";
	a.expires = 1795000120;
	a.cmds = c;
	a.n = 2;
	memset(a.sig, 9, sizeof(a.sig));
	t = soap_hello_response(&a);
	CHECK(soap_parse_response(t, strlen(t), SOAP_HELLO, &r, &err) == 0);
	CHECK(!r.fault && r.hub_time == 1795000000 &&
	    strcmp(r.hub_fp, "m5zb-5kak-3zj3-eg86") == 0 && r.ncmds == 2 &&
	    r.cmds[0].id == 1 && strcmp(r.cmds[0].kind, "walk") == 0 &&
	    strcmp(r.cmds[0].arg, "192.0.2.15") == 0 &&
	    strcmp(r.cmds[1].arg, "") == 0);
	CHECK(r.expires == 1795000120 && r.has_sig &&
	    memcmp(r.sig, a.sig, sizeof(a.sig)) == 0 &&
	    strcmp(r.collector, a.collector) == 0 &&
	    strcmp(r.nonce, a.nonce) == 0);
	soap_resp_release(&r);
	free(t);
	/* A fault's reason is one printable line, whoever wrote it. */
	t = soap_fault("Client", "line 1\nline 2\t\xc2\x9b");
	CHECK(soap_parse_response(t, strlen(t), SOAP_HELLO, &r, &err) == 0);
	CHECK(r.fault && strcmp(r.fault_reason,
	    "line 1\\x0aline 2\\x09\\xc2\\x9b") == 0);
	soap_resp_release(&r);
	free(t);
	t = soap_upload_response("fleetaudit-receipt-v1\n{\"a\":\"<&>\"}\n", 1);
	CHECK(soap_parse_response(t, strlen(t), SOAP_UPLOAD, &r, &err) == 0);
	CHECK(!r.fault && r.already &&
	    strcmp(r.receipt, "fleetaudit-receipt-v1\n{\"a\":\"<&>\"}\n") == 0);
	soap_resp_release(&r);
	free(t);
	t = soap_fault("Client", "bad signature: <x>");
	CHECK(soap_parse_response(t, strlen(t), SOAP_UPLOAD, &r, &err) == 0);
	CHECK(r.fault && strcmp(r.fault_code, "Client") == 0 &&
	    strcmp(r.fault_reason, "bad signature: <x>") == 0);
	soap_resp_release(&r);
	free(t);
	t = soap_result_response();
	CHECK(soap_parse_response(t, strlen(t), SOAP_HELLO, &r, &err) == -1 &&
	    has("expected HelloResponse"));
	free(t);
}

static void
test_signature(void)
{
	struct key_secret	*k = NULL;
	struct key_pub		 pub;
	struct soap_req		 r;
	struct fa_buf		 b = FA_BUF_INIT;

	CHECK(key_secret_generate(KEY_ED25519, &k, &err) == 0);
	if (k == NULL)
		return;
	memset(&pub, 0, sizeof(pub));
	pub.kind = KEY_COLLECTOR;
	memcpy(pub.sign, key_secret_public(k), KEY_BYTES);
	memset(&r, 0, sizeof(r));
	r.op = SOAP_RESULT;
	r.collector = (char *)(uintptr_t)"t8w3-1kcm-9y3r-ys7j";
	r.time = 1795000000;
	r.command = 3;
	r.status = (char *)(uintptr_t)"ok";
	r.data = (unsigned char *)(uintptr_t)"out";
	r.data_len = 3;
	soap_signed_bytes(&r, &b);
	CHECK(strncmp(b.s, "fleetaudit-soap-v1\nResult\nt8w3-1kcm-9y3r-ys7j\n"
	    "1795000000\n3\nok\nout", b.len) == 0);
	CHECK(key_secret_sign(k, (unsigned char *)b.s, b.len, r.sig,
	    &err) == 0);
	CHECK(sig_verify(&pub, b.s, b.len, r.sig) == 0);
	b.s[b.len - 1] ^= 1;
	CHECK(sig_verify(&pub, b.s, b.len, r.sig) == -1);
	fa_buf_release(&b);
	key_secret_free(k);
}

/* A Hello with a nonce: its own signed bytes (v2), and the nonce's form
 * checked by the parser. */
static void
test_hello_nonce(void)
{
	struct soap_req	 r, q;
	struct fa_buf	 b = FA_BUF_INIT;
	char		*t;

	memset(&r, 0, sizeof(r));
	r.op = SOAP_HELLO;
	r.collector = (char *)(uintptr_t)"t8w3-1kcm-9y3r-ys7j";
	r.version = (char *)(uintptr_t)"0.2.0";
	r.time = 1795000000;
	r.nonce = (char *)(uintptr_t)"00112233445566778899aabbccddeeff";
	t = soap_hello_request(&r);
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0);
	CHECK(q.nonce != NULL && strcmp(q.nonce, r.nonce) == 0);
	soap_req_release(&q);
	free(t);
	soap_signed_bytes(&r, &b);
	CHECK(strcmp(b.s, "fleetaudit-soap-v2\nHello\nt8w3-1kcm-9y3r-ys7j\n"
	    "1795000000\n00112233445566778899aabbccddeeff\n0.2.0") == 0);
	fa_buf_release(&b);
	r.nonce = NULL;		/* protocol v1: unchanged */
	soap_signed_bytes(&r, &b);
	CHECK(strcmp(b.s, "fleetaudit-soap-v1\nHello\nt8w3-1kcm-9y3r-ys7j\n"
	    "1795000000\n0.2.0") == 0);
	fa_buf_release(&b);
	t = soap_hello_request(&r);
	CHECK(soap_parse_request(t, strlen(t), &q, &err) == 0 &&
	    q.nonce == NULL);
	soap_req_release(&q);
	free(t);
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"><collector>x"
	    "</collector><version>1</version><time>1</time><nonce>0011"
	    "</nonce><signature>" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==</signature></Hello>"
	    END, "nonce must be 32"));
	CHECK(refused(ENV "<Hello xmlns=\"" SOAP_NS "\"><collector>x"
	    "</collector><version>1</version><time>1</time><nonce>"
	    "00112233445566778899AABBCCDDEEFF</nonce><signature>"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==</signature></Hello>"
	    END, "nonce must be 32"));
}

#define NONCE	"00112233445566778899aabbccddeeff"
#define COLL	"t8w3-1kcm-9y3r-ys7j"

/* The answer a, signed with k, sent and parsed back into r, every from
 * in its text replaced by to first (from NULL: none). */
static int
answer_roundtrip(struct soap_answer *a, const struct key_secret *k,
    const char *from, const char *to, struct soap_resp *r)
{
	struct fa_buf	 b = FA_BUF_INIT, t = FA_BUF_INIT;
	char		*x, *p;
	int		 rc;

	soap_answer_signed_bytes(a, &b);
	rc = key_secret_sign(k, (unsigned char *)b.s, b.len, a->sig, &err);
	fa_buf_release(&b);
	if (rc != 0)
		return -1;
	x = soap_hello_response(a);
	while (from != NULL && (p = strstr(x, from)) != NULL) {
		fa_buf_add(&t, x, (size_t)(p - x));
		fa_buf_puts(&t, to);
		fa_buf_puts(&t, p + strlen(from));
		free(x);
		x = fa_buf_steal(&t);
	}
	rc = soap_parse_response(x, strlen(x), SOAP_HELLO, r, &err);
	free(x);
	return rc;
}

/* Whether the answer, edited so, is accepted by the collector of COLL
 * that sent NONCE at time 1795000000, checked at now. */
static int
accepted(struct soap_answer *a, const struct key_secret *k,
    const struct key_pub *hub, const char *from, const char *to,
    const char *nonce, int64_t now)
{
	struct soap_resp	r;
	int			rc;

	if (answer_roundtrip(a, k, from, to, &r) != 0)
		return 0;
	rc = soap_answer_verify(&r, hub, COLL, nonce, 1795000000, now, &err);
	soap_resp_release(&r);
	return rc == 0;
}

static void
test_answer(void)
{
	struct soap_command	 c[2] = { { 7, "walk", "192.0.2.15" },
				    { 8, "scan", "meters" } };
	struct key_secret	*k = NULL, *other = NULL;
	struct key_pub		 hub, wrong;
	struct soap_answer	 a;
	struct soap_resp	 r;
	char			 fp[KEY_FP_LEN + 1];
	int64_t			 now = 1795000005;

	CHECK(key_secret_generate(KEY_ED25519, &k, &err) == 0);
	CHECK(key_secret_generate(KEY_ED25519, &other, &err) == 0);
	if (k == NULL || other == NULL)
		goto out;
	memset(&hub, 0, sizeof(hub));
	hub.kind = KEY_HUB;
	memcpy(hub.sign, key_secret_public(k), KEY_BYTES);
	key_fingerprint(&hub, fp);
	wrong = hub;
	memcpy(wrong.sign, key_secret_public(other), KEY_BYTES);
	memset(&a, 0, sizeof(a));
	a.hub_time = 1795000001;
	a.hub_fp = fp;
	a.collector = COLL;
	a.nonce = NONCE;
	a.expires = 1795000000 + SOAP_ANSWER_TTL;
	a.cmds = c;
	a.n = 2;

	CHECK(accepted(&a, k, &hub, NULL, NULL, NONCE, now));
	/* Signed by another key, or checked against another. */
	CHECK(!accepted(&a, other, &hub, NULL, NULL, NONCE, now));
	CHECK(!accepted(&a, k, &wrong, NULL, NULL, NONCE, now));
	/* Each command as signed: an argument, a kind, an id changed, a
	 * command taken out. */
	CHECK(!accepted(&a, k, &hub, "192.0.2.15", "192.0.2.16", NONCE, now));
	CHECK(!accepted(&a, k, &hub, "<kind>scan", "<kind>logs", NONCE, now));
	CHECK(!accepted(&a, k, &hub, "<id>8<", "<id>9<", NONCE, now));
	CHECK(!accepted(&a, k, &hub, "<command><id>8</id><kind>scan</kind>"
	    "<argument>meters</argument></command>", "", NONCE, now));
	/* The answer of another Hello (another nonce) or another collector,
	 * played again. */
	CHECK(!accepted(&a, k, &hub, NULL, NULL,
	    "ffeeddccbbaa99887766554433221100", now));
	a.collector = "m5zb-5kak-3zj3-eg86";
	CHECK(!accepted(&a, k, &hub, NULL, NULL, NONCE, now));
	a.collector = COLL;
	/* The signature taken out (a hub of protocol v1 answers so). */
	CHECK(!accepted(&a, k, &hub, "signature>", "x>", NONCE, now) &&
	    strstr(err.msg, "unsigned") != NULL);
	/* Expired; or an expiry past what the hub may give. */
	CHECK(!accepted(&a, k, &hub, NULL, NULL, NONCE, a.expires + 1) &&
	    strstr(err.msg, "expired") != NULL);
	CHECK(accepted(&a, k, &hub, NULL, NULL, NONCE, a.expires));
	a.expires++;
	CHECK(!accepted(&a, k, &hub, NULL, NULL, NONCE, now));
	a.expires--;
	/* The hub time and the hub's fingerprint are signed too. */
	CHECK(!accepted(&a, k, &hub, "<hubTime>1795000001",
	    "<hubTime>1795000002", NONCE, now));
	/* A fault is never an answer to act on. */
	memset(&r, 0, sizeof(r));
	r.fault = 1;
	CHECK(soap_answer_verify(&r, &hub, COLL, NONCE, 1795000000, now,
	    &err) == -1);
out:
	key_secret_free(k);
	key_secret_free(other);
}

static void
test_wsdl(void)
{
	char	*w = soap_wsdl("https://hub.example/<x>" SOAP_PATH);

	CHECK(strstr(w, "<wsdl:operation name=\"Hello\">") != NULL);
	CHECK(strstr(w, "<wsdl:operation name=\"Upload\">") != NULL);
	CHECK(strstr(w, "<wsdl:operation name=\"Result\">") != NULL);
	CHECK(strstr(w, "location=\"https://hub.example/&lt;x&gt;"
	    SOAP_PATH "\"") != NULL);
	CHECK(strstr(w, "%s") == NULL);
	free(w);
}

/* The tree parser's caps: elements and depth. */
static void
test_tree_caps(void)
{
	struct fa_buf	b = FA_BUF_INIT;
	struct soap_req	q;
	int		i;

	fa_buf_puts(&b, "<s:Envelope xmlns:s=\"" SOAP_ENV_NS "\"><s:Body>"
	    "<Hello xmlns=\"" SOAP_NS "\"><version>");
	for (i = 0; i < 2000; i++)
		fa_buf_puts(&b, "<a/>");
	fa_buf_puts(&b, "</version></Hello></s:Body></s:Envelope>");
	CHECK(soap_parse_request(b.s, b.len, &q, &err) == -1 &&
	    has("more than 1024 XML elements"));
	fa_buf_release(&b);
	fa_buf_puts(&b, "<s:Envelope xmlns:s=\"" SOAP_ENV_NS "\"><s:Body>"
	    "<Hello xmlns=\"" SOAP_NS "\"><version>");
	for (i = 0; i < 20; i++)
		fa_buf_puts(&b, "<a>");
	for (i = 0; i < 20; i++)
		fa_buf_puts(&b, "</a>");
	fa_buf_puts(&b, "</version></Hello></s:Body></s:Envelope>");
	CHECK(soap_parse_request(b.s, b.len, &q, &err) == -1 &&
	    has("nested more than 16 deep"));
	fa_buf_release(&b);
}

int
main(void)
{
	soap_init();
	RUN(test_base64);
	RUN(test_requests);
	RUN(test_refusals);
	RUN(test_responses);
	RUN(test_signature);
	RUN(test_hello_nonce);
	RUN(test_answer);
	RUN(test_wsdl);
	RUN(test_tree_caps);
	return unit_any_failed;
}
