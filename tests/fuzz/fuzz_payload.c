/*
 * fuzz_payload.c: libFuzzer target for the payload reader
 * (export/payload.c): the input is the archive (tar, gzip or zstd) as it
 * comes out of a decrypted bundle, read with limits small enough that a
 * run stays fast (1 MiB an entry, 4 MiB in all, lines of 64 KiB).  Every
 * record handed over must be an object with exactly its kind's keys; read
 * again by payload_read_rows() (every kind but devices and "seen" as
 * values), it must give the same outcome and counts, each value of its
 * column's type.
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

static int
on_row(void *arg, int kind, const struct payload_val *v, struct fa_err *e)
{
	const char *const	*cols = payload_columns(kind);
	size_t			 i, n;

	(void)arg;
	(void)e;
	for (i = 0; cols[i] != NULL; i++) {
		n = strcspn(cols[i], ":");
		if (v[i].null ? (i == 0 || v[i].s != NULL) :
		    (cols[i][n + 1] == 's') != (v[i].s != NULL))
			abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct payload_limits lim = {
		.entry_max = 1 << 20, .total_max = 4 << 20, .ratio_max = 200,
		.ratio_floor = 1 << 20, .line_max = 65536, .entries_max = 64,
	};
	struct mem	 m = { data, size, 0 }, m2 = { data, size, 0 };
	struct fa_err	 e;
	int64_t		 counts[PAYLOAD_NKINDS], counts2[PAYLOAD_NKINDS];
	unsigned	 rows = 0;
	int		 k, rc;

	for (k = 0; k < PAYLOAD_NKINDS; k++)
		if (k != STORE_X_DEVICES && k != STORE_X_SEEN)
			rows |= 1u << k;
	rc = payload_read(rd, &m, size, &lim, on_record, NULL, counts, &e);
	if (payload_read_rows(rd, &m2, size, &lim, on_record, on_row, rows,
	    NULL, counts2, &e) != rc || (rc == 0 && memcmp(counts, counts2,
	    sizeof(counts)) != 0))
		abort();
	return 0;
}
