/*
 * fuzz_soap.c: libFuzzer target for the SOAP parsers (export/soap.c), the
 * hub's side and the collector's.  The input goes, as it is, to
 *  - soap_parse_request(): a request that parses must build back (Hello,
 *    Result: soap_hello_request(), soap_result_request(); Upload:
 *    soap_upload_request()) into a request that parses to the same
 *    fields;
 *  - soap_parse_response() for each operation;
 *  - soap_b64_decode(), whose output must encode back to a string that
 *    decodes to the same bytes;
 *  - the Upload stream reader (export/soapup.h), in pieces whose size the
 *    first byte chooses: it must agree with soap_parse_request() (the
 *    same bundle when both accept; when only the tree parser accepts,
 *    the stream refused for one of its own caps, or a NUL byte).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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
		    (enum soap_op)op, &resp, &e) == 0)
			soap_resp_release(&resp);
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
