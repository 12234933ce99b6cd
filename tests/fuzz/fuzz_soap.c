/*
 * fuzz_soap.c: libFuzzer target for the SOAP parsers (export/soap.c), the
 * hub's side and the collector's.  The input goes, as it is, to
 *  - soap_parse_request(): a request that parses must build back (Hello,
 *    Result: soap_hello_request(), soap_result_request(); Upload:
 *    soap_upload_request()) into a request that parses to the same
 *    fields;
 *  - soap_parse_response() for each operation; a HelloResponse that
 *    parses goes through soap_answer_verify() (the collector's check
 *    before it acts), which must refuse it (the input cannot carry a
 *    signature of the fixed key below), and is built back with
 *    soap_hello_response() into one that parses to the same fields;
 *  - soap_b64_decode(), whose output must encode back to a string that
 *    decodes to the same bytes;
 *  - the Upload stream reader (export/soapup.h), in pieces whose size the
 *    first byte chooses: it must agree with soap_parse_request() (the
 *    same bundle when both accept; when only the tree parser accepts,
 *    the stream refused for one of its own caps, or a NUL byte).
 *  - fa_esc_line(), the escape of every log line, whose output must hold
 *    no control character and must not change when escaped again but for
 *    its backslashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/keys.h"
#include "../../export/soap.h"
#include "../../export/soapup.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
roundtrip(const struct soap_req *r)
{
	struct soap_req	 q;
	struct fa_err	 e;
	char		*text;

	if (r->op == SOAP_HELLO)
		text = soap_hello_request(r);
	else if (r->op == SOAP_RESULT)
		text = soap_result_request(r);
	else
		text = soap_upload_request(r->data, r->data_len);
	if (soap_parse_request(text, strlen(text), &q, &e) != 0)
		abort();
	if ((r->nonce == NULL) != (q.nonce == NULL) ||
	    (r->nonce != NULL && strcmp(r->nonce, q.nonce) != 0))
		abort();
	if (q.op != r->op || q.data_len != r->data_len ||
	    (r->data_len > 0 && memcmp(q.data, r->data, r->data_len) != 0))
		abort();
	if (r->op != SOAP_UPLOAD && (q.time != r->time ||
	    memcmp(q.sig, r->sig, SOAP_SIG_BYTES) != 0))
		abort();
	soap_req_release(&q);
	free(text);
}

static int
put(void *arg, const unsigned char *p, size_t n, struct fa_err *e UNUSED)
{
	fa_buf_add(arg, p, n);
	return 0;
}

/* The stream reader against the tree parser's verdict (ok: it accepted
 * an Upload, r its fields). */
static void
stream(const uint8_t *data, size_t size, int ok, const struct soap_req *r)
{
	struct soapup	*u;
	struct fa_buf	 b = FA_BUF_INIT;
	struct fa_err	 e;
	size_t		 step, off, n;
	int		 rc = 0;

	step = size > 0 ? (size_t)data[0] % 64 + 1 : 1;
	u = soapup_new(SOAP_UPLOAD_MAX, put, &b);
	for (off = 0; off < size && rc == 0; off += n) {
		n = size - off < step ? size - off : step;
		rc = soapup_push(u, (const char *)data + off, n, &e);
	}
	if (rc == 0)
		rc = soapup_finish(u, &n, &e);
	if (rc == 0 && (!ok || n != b.len || n != r->data_len ||
	    memcmp(b.s, r->data, n) != 0))
		abort();
	/* libxml2's memory parser ends the document at a NUL byte, the push
	 * parser calls what follows extra content: only the stream is
	 * right there. */
	if (rc != 0 && ok && memchr(data, '\0', size) == NULL &&
	    strstr(e.msg, "more than") == NULL &&
	    strstr(e.msg, "nested") == NULL &&
	    strstr(e.msg, "longer than") == NULL)
		abort();
	soapup_free(u);
	fa_buf_release(&b);
}

/* A HelloResponse parsed: refused by the collector's check, and built
 * back into the same fields. */
static void
answer(const struct soap_resp *r)
{
	struct soap_command	 cmds[SOAP_COMMANDS_MAX];
	struct soap_answer	 a;
	struct soap_resp	 q;
	struct key_pub		 hub;
	struct fa_err		 e;
	char			*text;
	size_t			 i;

	memset(&hub, 0, sizeof(hub));
	hub.kind = KEY_HUB;
	memset(hub.sign, 0x5a, sizeof(hub.sign));
	if (soap_answer_verify(r, &hub, "t8w3-1kcm-9y3r-ys7j",
	    "00112233445566778899aabbccddeeff", 1795000000, 1795000001,
	    &e) == 0)
		abort();
	if (r->fault || r->hub_fp == NULL || r->ncmds > SOAP_COMMANDS_MAX)
		return;
	for (i = 0; i < r->ncmds; i++) {
		cmds[i].id = r->cmds[i].id;
		cmds[i].kind = r->cmds[i].kind;
		cmds[i].arg = r->cmds[i].arg;
		/* The builder writes what XML 1.0 can carry. */
		if (strpbrk(cmds[i].kind, "\r") != NULL ||
		    strpbrk(cmds[i].arg, "\r") != NULL)
			return;
	}
	if (strchr(r->hub_fp, '\r') != NULL || (r->collector != NULL &&
	    strchr(r->collector, '\r') != NULL) || (r->nonce != NULL &&
	    strchr(r->nonce, '\r') != NULL))
		return;
	memset(&a, 0, sizeof(a));
	a.hub_time = r->hub_time;
	a.hub_fp = r->hub_fp;
	a.collector = r->collector != NULL ? r->collector : "";
	a.nonce = r->nonce != NULL ? r->nonce : "";
	a.expires = r->expires;
	a.cmds = cmds;
	a.n = r->ncmds;
	memcpy(a.sig, r->sig, sizeof(a.sig));
	text = soap_hello_response(&a);
	if (soap_parse_response(text, strlen(text), SOAP_HELLO, &q, &e) != 0)
		abort();
	if (q.hub_time != r->hub_time || q.ncmds != r->ncmds ||
	    strcmp(q.hub_fp, r->hub_fp) != 0)
		abort();
	for (i = 0; i < q.ncmds; i++)
		if (q.cmds[i].id != r->cmds[i].id ||
		    strcmp(q.cmds[i].kind, r->cmds[i].kind) != 0 ||
		    strcmp(q.cmds[i].arg, r->cmds[i].arg) != 0)
			abort();
	soap_resp_release(&q);
	free(text);
}

/* The escape: no control byte left, and escaping again only doubles the
 * backslashes. */
static void
escape(const uint8_t *data, size_t size)
{
	char	*s = fa_strndup((const char *)data, size), *x, *y;
	size_t	 i, bs = 0;

	x = fa_esc_line(s);
	for (i = 0; x[i] != '\0'; i++) {
		if ((unsigned char)x[i] < 0x20 || x[i] == 0x7f)
			abort();
		bs += x[i] == '\\';
	}
	y = fa_esc_line(x);
	if (strlen(y) != strlen(x) + bs)
		abort();
	free(y);
	free(x);
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 inited;
	struct soap_req	 r;
	struct soap_resp resp;
	struct fa_err	 e;
	unsigned char	*b, *b2;
	size_t		 n, n2;
	char		*s;
	int		 op;

	if (!inited) {
		soap_init();
		inited = 1;
	}
	if (soap_parse_request((const char *)data, size, &r, &e) == 0) {
		stream(data, size, r.op == SOAP_UPLOAD, &r);
		/* The builders escape what the parser gave back. */
		if (r.op != SOAP_UPLOAD && strchr(r.collector, '\r') == NULL &&
		    (r.nonce == NULL || strchr(r.nonce, '\r') == NULL) &&
		    (r.version == NULL || strchr(r.version, '\r') == NULL) &&
		    (r.status == NULL || strchr(r.status, '\r') == NULL))
			roundtrip(&r);
		else if (r.op == SOAP_UPLOAD)
			roundtrip(&r);
		soap_req_release(&r);
	} else
		stream(data, size, 0, NULL);
	for (op = SOAP_HELLO; op <= SOAP_RESULT; op++)
		if (soap_parse_response((const char *)data, size,
		    (enum soap_op)op, &resp, &e) == 0) {
			if (op == SOAP_HELLO)
				answer(&resp);
			soap_resp_release(&resp);
		}
	escape(data, size);
	if (soap_b64_decode((const char *)data, size, 65536, &b, &n,
	    &e) == 0) {
		s = soap_b64_encode(b, n);
		if (soap_b64_decode(s, strlen(s), 65536, &b2, &n2, &e) != 0 ||
		    n2 != n || (n > 0 && memcmp(b, b2, n) != 0))
			abort();
		free(b2);
		free(s);
		free(b);
	}
	return 0;
}
