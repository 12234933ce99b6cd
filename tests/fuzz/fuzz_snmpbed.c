/*
 * fuzz_snmpbed.c: libFuzzer target for the test responder's own parsing
 * (tests/tools/snmpbed.c): its snmprec loading (lines stripped as snmpsim
 * strips them, then collector/vb.c) and its answer to one request packet
 * (net-snmp's BER parser, then GET/GETNEXT/GETBULK over the recording).
 *
 * Input: "RECORDING\n==\nPACKET", or a PACKET alone, answered from a
 * small built-in recording.  Every answer must parse back as an SNMP
 * message of the request's version: no crash, no leak, bounded output.
 */
#define SNMPBED_NO_MAIN
#include "../tools/snmpbed.c"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char builtin[] =
    "1.3.6.1.2.1.1.1.0|4|fuzz printer\n"
    "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.11.2.3.9.1\n"
    "1.3.6.1.2.1.1.3.0|67|12345\n"
    "1.3.6.1.2.1.2.2.1.6.1|4x|02fa7700ab01\n"
    "1.3.6.1.2.1.4.20.1.1.1|64x|7f000001\n"
    "1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n"
    "1.3.6.1.2.1.43.10.2.1.4.1.1|65|4294967295\n"
    "1.3.6.1.2.1.43.11.1.1.9.1.1|2|-3\n"
    "1.3.6.1.4.1.11.2.3.9.4.2.1.1.1.1.0|66|7\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int		 ready;
	struct bed		 b;
	struct rec		 r;
	struct dev		 d;
	struct fa_err		 e;
	const struct dev	*dp = NULL;
	const uint8_t		*sep, *pkt = data;
	size_t			 plen = size, olen = 0, i;
	unsigned char		*out;
	int			 loaded;

	if (!ready) {
		bed_lib_init();
		ready = 1;
	}
	memset(&b, 0, sizeof(b));
	memset(&r, 0, sizeof(r));
	memset(&d, 0, sizeof(d));
	r.l = (struct vb_list)VB_LIST_INIT;
	sep = memmem(data, size, "\n==\n", 4);
	if (sep != NULL) {
		loaded = bed_load_snmprec(&r, (const char *)data,
		    (size_t)(sep - data), "fuzz", &e) == 0;
		pkt = sep + 4;
		plen = size - (size_t)(pkt - data);
	} else
		loaded = bed_load_snmprec(&r, builtin, sizeof(builtin) - 1,
		    "builtin", &e) == 0;
	if (!loaded)
		goto out;
	for (i = 1; i < r.l.n; i++)
		if (vb_oid_cmp(r.l.v[i - 1].oid, r.l.v[i - 1].oidlen,
		    r.l.v[i].oid, r.l.v[i].oidlen) >= 0)
			abort();
	d.addr = htonl(0x7f000001);
	d.port = 161;
	d.community = (char *)(uintptr_t)"public";
	d.clen = 6;
	d.rec = &r;
	d.drift = 1000.5;
	/* a copy with an identity of its own: MAC and serial rewritten */
	d.id = 42;
	d.serial = (char *)(uintptr_t)"printer";
	d.slen = 7;
	d.newserial = (char *)(uintptr_t)"pri0042";
	d.nslen = 7;
	b.devs = &d;
	b.ndevs = 1;
	b.maxvb = 64;
	b.rnd = 1;
	out = malloc(BED_MAX_PKT);
	if (out == NULL)
		abort();
	if (bed_answer(&b, d.addr, 161, pkt, plen, 3600 * 1000, out, &olen,
	    &dp) == 0) {
		u_char		 comm[BED_MAX_COMM + 1], *body;
		size_t		 clen = BED_MAX_COMM, blen = olen;
		long		 version;
		netsnmp_pdu	*p;

		if (dp != &d || olen == 0 || olen > BED_MAX_PKT)
			abort();
		body = snmp_comstr_parse(out, &blen, comm, &clen, &version);
		if (body == NULL || clen != 6 || memcmp(comm, "public", 6))
			abort();
		p = calloc(1, sizeof(*p));
		if (p == NULL)
			abort();
		p->version = version;
		if (snmp_pdu_parse(p, body, &blen) != 0 ||
		    p->command != SNMP_MSG_RESPONSE)
			abort();
		snmp_free_pdu(p);
	}
	free(out);
out:
	vb_list_release(&r.l);
	return 0;
}
