/*
 * fuzz_payload.c: libFuzzer target for the payload reader
 * (export/payload.c): the input is the archive (tar, gzip or zstd) as it
 * comes out of a decrypted bundle, read with limits small enough that a
 * run stays fast (1 MiB an entry, 4 MiB in all, lines of 64 KiB).  Every
 * record handed over must be an object with exactly its kind's keys.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../export/payload.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct mem {
	const uint8_t	*p;
	size_t		 n, off;
};

static ssize_t
rd(void *arg, void *buf, size_t n, struct fa_err *e)
{
	struct mem	*m = arg;

	(void)e;
	if (n > m->n - m->off)
		n = m->n - m->off;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static int
on_record(void *arg, int kind, json_object *o, struct fa_err *e)
{
	const char *const	*cols = payload_columns(kind);
	size_t			 n = 0;

	(void)arg;
	(void)e;
	while (cols[n] != NULL)
		n++;
	if (!json_object_is_type(o, json_type_object) ||
	    (size_t)json_object_object_length(o) != n)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct payload_limits lim = {
		.entry_max = 1 << 20, .total_max = 4 << 20, .ratio_max = 200,
		.ratio_floor = 1 << 20, .line_max = 65536, .entries_max = 64,
	};
	struct mem	 m = { data, size, 0 };
	struct fa_err	 e;
	int64_t		 counts[PAYLOAD_NKINDS];

	(void)payload_read(rd, &m, size, &lim, on_record, NULL, counts, &e);
	return 0;
}
