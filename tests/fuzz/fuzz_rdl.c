/*
 * fuzz_rdl.c: libFuzzer target for Remote Device Link's parsers of what
 * the other side sends: the collector's reading of a hub's poll answer
 * (rdlrelay_frame_next(), each request frame's head with
 * rdlrelay_request_parse()), its rewriting of a device's Location
 * (rdlrelay_location()), and the hub's check of a device's answer as the
 * collector sent it (rdl_answer_check()).  Checked besides "no crash":
 * frames stay inside the input, a parsed path starts with "/", and an
 * answer accepted has no Location with a scheme or "//".
 *
 *	make fuzz-build; build/fuzz/fuzz_rdl tests/fuzz/corpus/rdl
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../../export/hub/rdl.h"
#include "../../export/rdlrelay.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*p = (const char *)data, *end = p + size, *why;
	struct rdlrelay_frame	 f;
	struct fa_buf		 b = FA_BUF_INIT;
	char			 method[16], *path, *copy, *loc;
	size_t			 hn, hlen;
	unsigned		 status;
	int			 n = 0;

	while (n++ < 1000 && rdlrelay_frame_next(&p, end, &f) == 1) {
		if (p < (const char *)data || p > end)
			abort();
		if (f.kind != RDLRELAY_REQ)
			continue;
		if (f.data < (const char *)data || f.data + f.len > end)
			abort();
		if (rdlrelay_request_parse(f.data, f.len, method, &path, &hn,
		    &why) == 0) {
			if (path[0] != '/' || hn > f.len)
				abort();
			free(path);
		}
	}
	/* the input as a Location value, rewritten for one address */
	loc = fa_malloc(size + 1);
	memcpy(loc, data, size);
	loc[size] = '\0';
	rdlrelay_location(&b, loc, "192.0.2.15");
	rdlrelay_location(&b, loc, "2001:db8::1");
	fa_buf_release(&b);
	free(loc);
	/* the input as a device's answer */
	copy = fa_malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	if (rdl_answer_check(copy, size, &hlen, &status, &why) == 0) {
		const char *l;

		if (hlen > size || status < 100 || status > 599)
			abort();
		for (l = copy; (l = strcasestr(l, "\r\nLocation:")) != NULL;) {
			l += 11;
			l += strspn(l, " \t");
			if (l[0] == '/' && l[1] == '/')
				abort();
		}
	}
	free(copy);
	return 0;
}
