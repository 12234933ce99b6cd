/*
 * fuzz_config.c: libFuzzer target for the config-file reader.
 */
#include <stdint.h>

#include "../../cli/opts.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct settings	s;
	struct fa_err	e;

	settings_init(&s);
	(void)opts_parse_config((const char *)data, size, "fuzz.conf", &s,
	    &e);
	settings_release(&s);
	return 0;
}
