/*
 * fuzz_metermap.c: libFuzzer target for the meter map parser
 * (export/hub/hubmeters.c, hubmeters_map_parse()): any bytes as a map file.
 * Checked: no crash, no leak; a map parsed has 1 to HUBMETERS_CODES_MAX
 * codes of 1 to HUBMETERS_ALTS_MAX names each, every name non-empty and
 * NUL-terminated within its buffer, no code twice; a refusal says where
 * ("fuzz.map:LINE: " or "fuzz.map: ").
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../export/hub/hubmeters.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct hubmeters_map	m;
	struct fa_err		e;
	size_t			i, j, k;

	if (hubmeters_map_parse((const char *)data, len, "fuzz.map", &m,
	    &e) != 0) {
		if (strncmp(e.msg, "fuzz.map:", 9) != 0)
			abort();
		return 0;
	}
	if (m.ncode == 0 || m.ncode > HUBMETERS_CODES_MAX)
		abort();
	for (i = 0; i < m.ncode; i++) {
		if (m.code[i].nalt == 0 || m.code[i].nalt > HUBMETERS_ALTS_MAX ||
		    m.code[i].code[0] == '\0' ||
		    memchr(m.code[i].code, '\0', sizeof(m.code[i].code)) ==
		    NULL)
			abort();
		for (j = 0; j < m.code[i].nalt; j++)
			if (m.code[i].alt[j].meter[0] == '\0')
				abort();
		for (k = 0; k < i; k++)
			if (strcmp(m.code[k].code, m.code[i].code) == 0)
				abort();
	}
	return 0;
}
