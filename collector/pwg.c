/*
 * pwg.c: the PWG Imaging System Counter MIB read generically (pwg.h).
 *
 * The MIB keys its counters by icKeyIndex: icKeyTable says which service
 * (icKeyServiceType, IcServiceTypeTC) or subunit a key counts for, and the
 * counter tables are indexed by (key, work type, persistence).  Only the
 * service keys (icKeySubunitIndex 0: the service as a whole, not one of
 * its subunits) and the lifetime work totals are read, which is what a
 * dealer bills from; blank, highlight-colour, waste and maintenance counts
 * are left out.  Values are IcCounter32 (0..2^31-1); a negative or absent
 * value is no reading.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "pwg.h"

#define IC	"1.3.6.1.4.1.2699.1.3.1"
#define KEY_TYPE	IC ".2.1.1.2"	/* icKeyServiceType */
#define KEY_SUBUNIT	IC ".2.1.1.5"	/* icKeySubunitIndex */
#define IMG		IC ".7.1.1"	/* icImageEntry */
#define IMP		IC ".8.1.1"	/* icImpressionEntry */
#define TWO		IC ".9.1.1"	/* icTwoSidedEntry */

#define WORK_TOTALS	3	/* IcWorkTypeTC workTotals */
#define LIFETIME	3	/* IcPersistenceTC lifetime */
#define MAX_KEYS	64	/* service keys looked at */

const char *const pwg_roots[] = {
	KEY_TYPE, KEY_SUBUNIT,
	IMP ".4", IMP ".5", IMP ".7",	/* total, monochrome, full colour */
	IMG ".4", IMG ".5", IMG ".6",
	TWO ".4",
};
const size_t pwg_nroots = nitems(pwg_roots);

/* IcServiceTypeTC values read, and the meter name prefix of each. */
static const struct {
	int		 type;
	const char	*prefix;	/* "" for the system totals */
	int		 images;	/* scan: icImageTable, else impressions */
} services[] = {
	{ 3, "", 0 },		/* systemTotals */
	{ 11, "print", 0 },
	{ 4, "copy", 0 },
	{ 7, "fax", 0 },	/* faxIn: received faxes printed */
	{ 12, "scan", 1 },
};

static const struct vb *
get(const struct vb_list *l, const char *oid)
{
	uint32_t	o[VB_MAX_OID];
	size_t		n;

	if (vb_oid_parse(oid, o, &n) != 0)
		return NULL;
	return vb_get(l, o, n);
}

int
pwg_present(const struct vb_list *l)
{
	const struct vb	*v = get(l, PWG_PROBE);

	return v != NULL && vb_is_num(v) && v->num > 0;
}

/* A counter at COLUMN.key.3.3, or -1. */
static int64_t
counter(const struct vb_list *l, const char *column, uint32_t key,
    char *oid, size_t oidsz)
{
	const struct vb	*v;

	snprintf(oid, oidsz, "%s.%u.%d.%d", column, key, WORK_TOTALS,
	    LIFETIME);
	v = get(l, oid);
	if (v == NULL || !vb_is_num(v) || v->num < 0)
		return -1;
	return v->num;
}

static void
add(struct device *d, const char *prefix, const char *suffix, int64_t v,
    const char *unit, const char *src)
{
	char	name[32];

	if (v < 0 || d->nmeters >= DEV_MAX_ROWS)
		return;
	if (*prefix == '\0')
		snprintf(name, sizeof(name), "%s", suffix);
	else if (strcmp(suffix, "total") == 0)
		snprintf(name, sizeof(name), "%s", prefix);
	else
		snprintf(name, sizeof(name), "%s.%s", prefix, suffix);
	if (dev_meter(d, name) == NULL)
		dev_add_meter(d, name, v, unit, src);
}

void
pwg_decode(const struct vb_list *l, struct device *d)
{
	static const char *const kinds[] = { "total", "mono", "colour" };
	uint32_t	 root[VB_MAX_OID], keys[MAX_KEYS];
	int		 types[MAX_KEYS];
	size_t		 rlen, i, s, k, c, nkeys = 0;
	char		 oid[VB_MAX_OID * 11 + 16], sub[64];

	if (!(d->parts & DEV_P_METERS) ||
	    vb_oid_parse(KEY_TYPE, root, &rlen) != 0)
		return;
	/* The service keys: icKeyServiceType.K, icKeySubunitIndex.K = 0. */
	for (i = vb_lower(l, root, rlen); i < l->n && nkeys < MAX_KEYS; i++) {
		const struct vb	*v = &l->v[i], *su;

		if (!vb_oid_has_prefix(v->oid, v->oidlen, root, rlen))
			break;
		if (v->oidlen != rlen + 1 || !vb_is_num(v))
			continue;
		snprintf(sub, sizeof(sub), KEY_SUBUNIT ".%u", v->oid[rlen]);
		su = get(l, sub);
		if (su != NULL && (!vb_is_num(su) || su->num != 0))
			continue;
		keys[nkeys] = v->oid[rlen];
		types[nkeys++] = (int)v->num;
	}
	for (s = 0; s < nitems(services); s++) {
		static const char *const imp[] = { IMP ".4", IMP ".5",
		    IMP ".7" };
		static const char *const img[] = { IMG ".4", IMG ".5",
		    IMG ".6" };
		const char *const *cols = services[s].images ? img : imp;

		for (c = 0; c < nitems(kinds); c++) {
			int64_t		 sum = -1, v;
			struct fa_buf	 src = FA_BUF_INIT;

			for (k = 0; k < nkeys; k++) {
				if (types[k] != services[s].type ||
				    (v = counter(l, cols[c], keys[k], oid,
				    sizeof(oid))) < 0)
					continue;
				sum = sum < 0 ? v : sum + v;
				fa_buf_printf(&src, "%s%s", src.len ? "," :
				    "", oid);
			}
			if (sum >= 0 && strchr(src.s, ',') != NULL) {
				char *t = fa_asprintf("sum(%s)", src.s);

				add(d, services[s].prefix, kinds[c], sum,
				    services[s].images ? "images" :
				    "impressions", t);
				free(t);
			} else if (sum >= 0)
				add(d, services[s].prefix, kinds[c], sum,
				    services[s].images ? "images" :
				    "impressions", src.s);
			fa_buf_release(&src);
		}
		if (services[s].type == 3)
			for (k = 0; k < nkeys; k++) {
				int64_t v;

				if (types[k] == 3 && (v = counter(l, TWO ".4",
				    keys[k], oid, sizeof(oid))) >= 0) {
					add(d, "", "duplex", v, "impressions",
					    oid);
					break;
				}
			}
	}
}
