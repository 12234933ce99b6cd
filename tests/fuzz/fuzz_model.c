/*
 * fuzz_model.c: libFuzzer target for the model-definition parser (a
 * field engineer's file, or a hostile one in HOME/models).
 */
#include <stdint.h>

#include "../../collector/mdf.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mdf_set	set = MDF_SET_INIT;
	struct fa_err	e;

	(void)mdf_parse((const char *)data, size, "fuzz.model", &set, &e);
	(void)mdf_match(&set, "1.3.6.1.4.1.367.1.1", "RICOH x", 367);
	mdf_set_release(&set);
	return 0;
}
