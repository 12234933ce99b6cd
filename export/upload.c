/*
 * upload.c: one SOAP call to the hub over HTTPS with libcurl (see
 * upload.h).
 *
 * Verification is never turned off: CURLOPT_SSL_VERIFYPEER and
 * VERIFYHOST stay on, the protocol is limited to https (no redirect is
 * followed, so an answer cannot send the bundle elsewhere), TLS 1.2 is
 * the minimum.  A pin (CURLOPT_PINNEDPUBLICKEY) is checked on top of the
 * CA, not instead of it.  The answer is capped at UPLOAD_RESPONSE_MAX
 * bytes and parsed with the same hardened parser as the hub's
 * (soap_parse_response()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "upload.h"

int
upload_init(struct fa_err *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return fa_errf(e, "cannot initialise libcurl");
	return 0;
}

int
upload_check(const struct upload_conf *c, struct fa_err *e)
{
	const char	*p;
	size_t		 n;

	if (c->url == NULL || *c->url == '\0')
		return fa_errf(e, "no hub URL (--hub-url or 'hub-url = URL' "
		    "in the config)");
	if (strncmp(c->url, "https://", 8) != 0 || c->url[8] == '\0' ||
	    strlen(c->url) > 2048)
		return fa_errf(e, "hub-url: '%.80s' is not an https:// URL",
		    c->url);
	if (c->pin != NULL) {
		p = strncmp(c->pin, "sha256//", 8) == 0 ? c->pin + 8 : c->pin;
		n = strlen(p);
		if (n != 44 || p[43] != '=' || strspn(p, "ABCDEFGHIJKLMNOPQRS"
		    "TUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") != 43)
			return fa_errf(e, "pin: '%.80s' is not a SHA-256 in "
			    "base64 (44 characters, as 'openssl x509 -pubkey "
			    "| openssl pkey -pubin -outform der | openssl "
			    "dgst -sha256 -binary | base64' prints)", c->pin);
	}
	return 0;
}

struct sink {
	struct fa_buf	b;
	int		over;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*k = arg;

	n *= size;
	if (k->b.len + n > UPLOAD_RESPONSE_MAX) {
		k->over = 1;
		return 0;	/* stops the transfer */
	}
	fa_buf_add(&k->b, p, n);
	return n;
}

/* One line for a transfer that failed. */
static int
curl_fail(CURLcode rc, const char *errbuf, const struct upload_conf *c,
    struct fa_err *e)
{
	const char *detail = *errbuf != '\0' ? errbuf : curl_easy_strerror(rc);

	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
		return fa_errf(e, "the hub's certificate is not trusted (%s): "
		    "%s", c->cacert != NULL ? "--cacert" : "system CAs",
		    detail);
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return fa_errf(e, "the hub's public key does not match --pin: "
		    "refused");
	case CURLE_SSL_CACERT_BADFILE:
		return fa_errf(e, "cannot read the CA file '%s'",
		    c->cacert != NULL ? c->cacert : "(system)");
	case CURLE_SSL_CONNECT_ERROR:
		return fa_errf(e, "TLS handshake with the hub failed: %s",
		    detail);
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return fa_errf(e, "cannot reach the hub: %s", detail);
	case CURLE_OPERATION_TIMEDOUT:
		return fa_errf(e, "the hub did not answer in time: %s",
		    detail);
	default:
		return fa_errf(e, "call to the hub failed: %s", detail);
	}
}

int
upload_call(const struct upload_conf *c, enum soap_op op, const char *body,
    size_t len, struct soap_resp *resp, struct fa_err *e)
{
	return upload_call_with(c, op, NULL, body, len, resp, e);
}

int
upload_call_with(const struct upload_conf *c, enum soap_op op,
    const char *const *extra, const char *body, size_t len,
    struct soap_resp *resp, struct fa_err *e)
{
	static const char *const actions[] = { NULL, "Hello", "Upload",
	    "Result" };
	CURL			*h;
	struct curl_slist	*hdrs = NULL;
	struct sink		 k = { FA_BUF_INIT, 0 };
	struct fa_err		 e2;
	char			 errbuf[CURL_ERROR_SIZE], *action, *pin = NULL;
	CURLcode		 rc;
	long			 status = 0;
	int			 ret = -1;

	memset(resp, 0, sizeof(*resp));
	if ((h = curl_easy_init()) == NULL)
		return fa_errf(e, "cannot initialise libcurl");
	errbuf[0] = '\0';
	action = fa_asprintf("SOAPAction: \"%s/%s\"", SOAP_NS, actions[op]);
	hdrs = curl_slist_append(hdrs, "Content-Type: text/xml; "
	    "charset=utf-8");
	hdrs = curl_slist_append(hdrs, action);
	hdrs = curl_slist_append(hdrs, "Expect:");
	for (; extra != NULL && *extra != NULL; extra++)
		hdrs = curl_slist_append(hdrs, *extra);
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (c->cacert != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cacert);
	if (c->pin != NULL) {
		pin = strncmp(c->pin, "sha256//", 8) == 0 ? fa_strdup(c->pin) :
		    fa_asprintf("sha256//%s", c->pin);
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, pin);
	}
	if (c->proxy != NULL)
		curl_easy_setopt(h, CURLOPT_PROXY, c->proxy);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)UPLOAD_CONNECT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)UPLOAD_TIMEOUT_S);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "fleetaudit/" FA_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(h, CURLOPT_POST, 1L);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &k);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		if (k.over)
			fa_errf(e, "the hub's answer is larger than %d bytes",
			    UPLOAD_RESPONSE_MAX);
		else
			curl_fail(rc, errbuf, c, e);
		goto out;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (soap_parse_response(k.b.s != NULL ? k.b.s : "", k.b.len, op,
	    resp, &e2) != 0) {
		fa_errf(e, "the hub answered HTTP %ld%s%s", status,
		    status == 200 ? " with no SOAP response: " : "",
		    status == 200 ? e2.msg : "");
		goto out;
	}
	if (!resp->fault && status != 200) {
		soap_resp_release(resp);
		fa_errf(e, "the hub answered HTTP %ld", status);
		goto out;
	}
	ret = 0;
out:
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(h);
	fa_buf_release(&k.b);
	free(action);
	free(pin);
	return ret;
}
