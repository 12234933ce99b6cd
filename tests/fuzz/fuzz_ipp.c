/*
 * fuzz_ipp.c: libFuzzer target for the IPP answer mapping: libcups'
 * decoder of the message bytes, then everything that turns its
 * attributes into a device (device ID, key=value supplies, trays and
 * alerts, levels, state reasons, meters).  The first byte picks the parts
 * read; the rest is what a hostile printer can send as the body of its
 * answer.  No crash, no leak, bounded output.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../collector/device.h"
#include "../../collector/ipp.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct device	d;
	struct fa_err	e;

	if (size < 1)
		return 0;
	dev_init(&d);
	d.parts = (data[0] & DEV_P_ALL) | DEV_P_ATTRS;
	(void)ipp_decode(data + 1, size - 1, &d, &e);
	if (d.nsupplies > DEV_MAX_ROWS || d.ntrays > DEV_MAX_ROWS ||
	    d.nalerts > DEV_MAX_ROWS || d.status.nerrors > DEV_MAX_ROWS)
		abort();
	dev_release(&d);
	return 0;
}
