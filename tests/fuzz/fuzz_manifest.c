/*
 * fuzz_manifest.c: libFuzzer target for the bundle manifest parser
 * (crypto/bundle.c).  The input goes, as it is, to
 * bundle_manifest_parse(); a manifest that parses must format to JSON
 * that parses back to the same manifest (every field), so the reader and
 * the writer cannot drift apart.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/bundle.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bundle_manifest	 m, m2;
	struct fa_err		 e;
	char			*json;
	size_t			 i;

	if (bundle_manifest_parse((const char *)data, size, &m, &e) != 0)
		return 0;
	json = bundle_manifest_format(&m);
	if (bundle_manifest_parse(json, strlen(json), &m2, &e) != 0)
		abort();
	if (strcmp(m.id, m2.id) != 0 || m.sequence != m2.sequence ||
	    m.created != m2.created || m.period_from != m2.period_from ||
	    m.period_to != m2.period_to || m.after_scan != m2.after_scan ||
	    m.upto_scan != m2.upto_scan || m.devices != m2.devices ||
	    m.nkinds != m2.nkinds || m.nmasks != m2.nmasks ||
	    m.payload_size != m2.payload_size ||
	    strcmp(m.hub_fp, m2.hub_fp) != 0 ||
	    strcmp(m.collector_fp, m2.collector_fp) != 0 ||
	    strcmp(m.archive, m2.archive) != 0 ||
	    !key_pub_equal(&m.collector, &m2.collector) ||
	    memcmp(m.payload_hash, m2.payload_hash, BUNDLE_HASH_BYTES) != 0)
		abort();
	for (i = 0; i < m.nkinds; i++)
		if (strcmp(m.kinds[i], m2.kinds[i]) != 0 ||
		    m.counts[i] != m2.counts[i])
			abort();
	free(json);
	return 0;
}
