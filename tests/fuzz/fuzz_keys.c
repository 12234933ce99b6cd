/*
 * fuzz_keys.c: libFuzzer target for the key file parsers (crypto/keys.c).
 * The input goes, as it is, to
 *  - key_pub_parse(): a line that parses must format to a line that
 *    parses to the same key and comment, and its fingerprint must read
 *    back as itself;
 *  - key_secret_info() and key_secret_load(): what a file in clear loads
 *    to must have the public key the file states; a sealed file is only
 *    opened when its passphrase hash is the cheapest there is, so one run
 *    stays fast (the bounds themselves are what info checks);
 *  - key_fingerprint_parse(), as a NUL-terminated string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/keys.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct key_pub		 p, q;
	struct key_info		 info;
	struct key_secret	*k = NULL;
	struct key_pass		*pass = NULL;
	struct fa_err		 e;
	char			*line, *s, fp[KEY_FP_LEN + 1];
	char			 fp2[KEY_FP_LEN + 1];

	if (key_pub_parse((const char *)data, size, &p, &e) == 0) {
		line = key_pub_format(&p);
		if (key_pub_parse(line, strlen(line), &q, &e) != 0 ||
		    !key_pub_equal(&p, &q) ||
		    strcmp(p.comment, q.comment) != 0)
			abort();
		key_fingerprint(&p, fp);
		if (strlen(fp) != KEY_FP_LEN ||
		    key_fingerprint_parse(fp, fp2, &e) != 0 ||
		    strcmp(fp, fp2) != 0)
			abort();
		free(line);
	}

	if (key_secret_info(data, size, "fuzz", &info, &e) == 0 &&
	    (!info.sealed || (info.ops == 1 && info.mem <= 65536))) {
		if (info.sealed && key_pass_from("fuzz passphrase", 15, &pass,
		    &e) != 0)
			abort();
		if (key_secret_load(data, size, "fuzz", pass, &k, &e) == 0) {
			if (memcmp(key_secret_public(k), info.pub,
			    KEY_BYTES) != 0 || key_secret_alg(k) != info.alg)
				abort();
			key_secret_free(k);
		}
		key_pass_free(pass);
	}

	s = fa_malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (key_fingerprint_parse(s, fp, &e) == 0 &&
	    strlen(fp) != KEY_FP_LEN)
		abort();
	free(s);
	return 0;
}
