/*
 * fuzz_range.c: libFuzzer target for the range parser.  The input, as a
 * NUL-terminated string, goes to range_count() and to range_expand() both
 * as an include and as an exclusion, with force off so one run stays
 * within RANGE_MAX_DEFAULT addresses.  range_no_resolve keeps host names
 * off the network: they fail at once instead of asking DNS.
 *
 *	clang -g -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE \
 *	    tests/fuzz/fuzz_range.c collector/range.c cli/util.c -o fuzz_range
 *	./fuzz_range tests/fuzz/corpus/range
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../collector/range.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 net[] = "127.0.0.0/24";
	struct addr_list	 out = ADDR_LIST_INIT;
	struct fa_err		 e;
	struct fa_addr		 a;
	char			*s, *incl[1], *excl[1], buf[64];
	long long		 n;
	size_t			 i;

	range_no_resolve = 1;
	s = fa_malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';

	n = range_count(s, &e);
	incl[0] = s;
	if (range_expand(incl, 1, NULL, 0, 0, &out, &e) == 0) {
		/* what expands was counted, and counted within the limit */
		if (n < 0 || (long long)out.n > n || out.n > RANGE_MAX_DEFAULT)
			abort();
		for (i = 0; i < out.n && i < 16; i++)
			if (fa_addr_parse(fa_addr_str(&out.v[i], buf,
			    sizeof(buf)), &a) == -1 ||
			    fa_addr_cmp(&a, &out.v[i]) != 0)
				abort();
	} else if (out.n != 0)
		abort();

	incl[0] = net;
	excl[0] = s;
	if (range_expand(incl, 1, excl, 1, 0, &out, &e) == 0 && out.n > 254)
		abort();

	addr_list_release(&out);
	free(s);
	return 0;
}
