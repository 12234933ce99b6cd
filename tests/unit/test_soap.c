/*
 * test_soap.c: unit tests for export/soap.c and crypto/sig.c: base64
 * (RFC 4648 section 10 vectors, bad input, the output cap), every request
 * built and parsed back, responses and faults, the parser's refusals
 * (DOCTYPE with an external entity or entity expansion, malformed XML,
 * unknown operation, missing or bad fields), the signed bytes of Hello
 * and Result checked with a real key, and the WSDL naming every
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
	struct soap_resp	 r;
	char			*t;

	t = soap_hello_response(1795000000, "m5zb-5kak-3zj3-eg86", c, 2);
	CHECK(soap_parse_response(t, strlen(t), SOAP_HELLO, &r, &err) == 0);
	CHECK(!r.fault && r.hub_time == 1795000000 &&
	    strcmp(r.hub_fp, "m5zb-5kak-3zj3-eg86") == 0 && r.ncmds == 2 &&
	    r.cmds[0].id == 1 && strcmp(r.cmds[0].kind, "walk") == 0 &&
	    strcmp(r.cmds[0].arg, "192.0.2.15") == 0 &&
	    strcmp(r.cmds[1].arg, "") == 0);
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
	RUN(test_wsdl);
	RUN(test_tree_caps);
	return unit_any_failed;
}
