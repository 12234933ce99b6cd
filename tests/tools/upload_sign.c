/*
 * upload_sign.c: the signed headers of an Upload (export/soapup.h), as a
 * collector sends them, for tests that send their own bodies to "hub
 * serve" (tests/cli/t6050-hub-hostile.sh): a trusted collector's hostile
 * or slow Upload.
 *
 *   upload_sign KEYFILE FINGERPRINT LENGTH [TIME]
 *
 * KEYFILE is the collector's secret key (not sealed), LENGTH the body's
 * Content-Length, TIME (default now) the signed time.  Prints the four
 * header lines, "Name: value".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../crypto/keys.h"
#include "../../export/soapup.h"

int
main(int argc, char *argv[])
{
	struct key_secret	*sk = NULL;
	struct soapup_auth	 a;
	struct fa_buf		 b = FA_BUF_INIT;
	struct fa_err		 e;
	long long		 len, t;
	char			*sig;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: upload_sign KEYFILE FINGERPRINT "
		    "LENGTH [TIME]\n");
		return 2;
	}
	if (fa_strtonum(argv[3], 1, INT64_MAX, &len, "LENGTH", &e) != 0 ||
	    (argc == 5 && fa_strtonum(argv[4], 0, INT64_MAX, &t, "TIME",
	    &e) != 0) ||
	    key_secret_read(argv[1], NULL, &sk, NULL, &e) != 0 ||
	    soapup_auth_new(argv[2], argc == 5 ? t : fa_wall(), len, &a,
	    &e) != 0) {
		fprintf(stderr, "upload_sign: %s\n", e.msg);
		return 1;
	}
	soapup_auth_bytes(&a, &b);
	if (key_secret_sign(sk, (const unsigned char *)b.s, b.len, a.sig,
	    &e) != 0) {
		fprintf(stderr, "upload_sign: %s\n", e.msg);
		return 1;
	}
	sig = soap_b64_encode(a.sig, sizeof(a.sig));
	printf("%s: %s\n%s: %" PRId64 "\n%s: %s\n%s: %s\n",
	    SOAPUP_H_COLLECTOR, a.collector, SOAPUP_H_TIME, a.time,
	    SOAPUP_H_NONCE, a.nonce, SOAPUP_H_SIGNATURE, sig);
	free(sig);
	fa_buf_release(&b);
	key_secret_free(sk);
	return 0;
}
