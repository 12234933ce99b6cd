/*
 * fuzz_snmprec.c: libFuzzer target for the snmprec parser and for the
 * standard-MIB decoder fed with whatever parsed (a hostile recording, or
 * a device answering anything): no crash, no leak, bounded output.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../collector/device.h"
#include "../../collector/prt.h"
#include "../../collector/vb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vb_list	l = VB_LIST_INIT;
	struct fa_buf	b = FA_BUF_INIT;
	struct device	d;
	struct fa_err	e;
	size_t		i;

	(void)vb_snmprec_parse((const char *)data, size, "fuzz", 10000, &l,
	    &e);
	dev_init(&d);
	prt_decode(&l, &d);
	if (d.nsupplies > DEV_MAX_ROWS || d.ntrays > DEV_MAX_ROWS ||
	    d.nalerts > DEV_MAX_ROWS)
		abort();
	for (i = 0; i < l.n; i++)
		vb_snmprec_line(&l.v[i], &b);
	fa_buf_release(&b);
	dev_release(&d);
	vb_list_release(&l);
	return 0;
}
