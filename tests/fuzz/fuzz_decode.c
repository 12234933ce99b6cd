/*
 * fuzz_decode.c: libFuzzer target for everything that turns a device's
 * answers into values: the standard-MIB decoder, every built-in model
 * definition applied to the same answers (identity, meters with sums and
 * vendor blobs, label rows, supply extras, status), the PWG Imaging System
 * Counter MIB decoder, the derived splits and the meter cross-checks, and
 * the Brother blob parsers on raw bytes.  The first byte picks the definition
 * and the parts read; the rest is snmprec text (what a hostile or broken
 * agent can answer, in the form the tests write).  No crash, no leak,
 * bounded output.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../collector/brother.h"
#include "../../collector/device.h"
#include "../../collector/mdf.h"
#include "../../collector/prt.h"
#include "../../collector/pwg.h"
#include "../../collector/vb.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct mdf_set	models = MDF_SET_INIT;
static size_t		nmodels;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct brother_rec	 rec[64];
	struct vb_list		 l = VB_LIST_INIT;
	struct device		 d;
	struct fa_err		 e;
	const struct mdf_def	*def = NULL;
	size_t			 n;

	if (nmodels == 0) {
		if (mdf_load_builtin(&models, &e) != 0)
			abort();
		nmodels = models.n;
	}
	if (size < 1)
		return 0;
	(void)brother_parse(data + 1, size - 1, rec, 64, &n);
	(void)brother_parse_short(data + 1, size - 1, rec, 64, &n);

	(void)vb_snmprec_parse((const char *)data + 1, size - 1, "fuzz", 10000,
	    &l, &e);
	vb_sort(&l);
	dev_init(&d);
	d.parts = (data[0] & 0x0f) | DEV_P_ATTRS;
	if (nmodels > 0 && (data[0] >> 4) != 0)
		def = &models.v[(size_t)(data[0] >> 4) * 7 % nmodels];
	prt_decode(&l, &d);
	if (def != NULL)
		mdf_apply(def, &l, &d);
	pwg_decode(&l, &d);
	mdf_checks(&d);
	if (d.nsupplies > DEV_MAX_ROWS || d.ntrays > DEV_MAX_ROWS ||
	    d.nalerts > DEV_MAX_ROWS || d.nmeters > DEV_MAX_ROWS)
		abort();
	dev_release(&d);
	vb_list_release(&l);
	return 0;
}
