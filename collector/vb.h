/*
 * vb.h: varbinds as plain data, from the wire or from snmprec files.
 *
 * The scan collects what a device answered into a vb_list; the decoders
 * (prt.c) read only vb_lists, so they work the same on a live device and on
 * a recording, and "fleetaudit walk" writes a vb_list as snmprec
 * (OID|TAG|VALUE, the format snmpsim serves).
 */
#ifndef FA_VB_H
#define FA_VB_H

#include <stddef.h>
#include <stdint.h>

#include "../cli/util.h"

#define VB_MAX_OID	128	/* sub-identifiers; RFC 2578 3.5 */
#define VB_MAX_VALUE	65535	/* bytes kept of one value */

/* snmprec tags, which are the BER type numbers. */
enum vb_tag {
	VB_INTEGER = 2, VB_OCTETS = 4, VB_NULL = 5, VB_OID = 6,
	VB_IPADDR = 64, VB_COUNTER32 = 65, VB_GAUGE32 = 66,
	VB_TIMETICKS = 67, VB_OPAQUE = 68, VB_COUNTER64 = 70,
	VB_NOSUCHOBJECT = 128, VB_NOSUCHINSTANCE = 129, VB_ENDOFMIB = 130,
};

/* The OID and the value live in the list's blocks (below): a struct vb
 * is small, so growing and sorting a list moves little. */
struct vb {
	const uint32_t	*oid;
	size_t		 oidlen;
	int		 tag;
	int64_t		 num;	/* integers, counters, ticks */
	uint8_t		*buf;	/* octets, OID (as text), IpAddress bytes */
	size_t		 len;
};

/* The list owns its varbinds' OIDs and values, in blocks that double
 * up to VB_BLOCK bytes (a larger value gets a block of its own), freed
 * together by vb_list_release(). */
#define VB_BLOCK	8192
struct vb_block;

struct vb_list {
	struct vb	*v;
	size_t		 n, cap;
	int		 sorted;
	size_t		 bytes;		/* OID and value bytes held */
	struct vb_block	*blocks;
};
#define VB_LIST_INIT	{ NULL, 0, 0, 1, 0, NULL }

void	vb_list_release(struct vb_list *);
/* Appends a copy; len capped at VB_MAX_VALUE. */
struct vb *vb_add(struct vb_list *, const uint32_t *oid, size_t oidlen,
	    int tag, int64_t num, const void *buf, size_t len);
/*
 * A list packed into one allocation (OIDs, tags, numbers and values one
 * after the other), for holding many small answers at once: discovery
 * keeps one per device found.  vb_pack: the packed bytes (malloc'd, NULL
 * for an empty list) and their length in *len.  vb_unpack: appends them
 * to l; -1 (l unchanged beyond what was whole) on bytes vb_pack did not
 * make.
 */
uint8_t	*vb_pack(const struct vb_list *, size_t *len);
int	vb_unpack(const uint8_t *, size_t len, struct vb_list *) FA_WUR;
/* Sorts by OID and drops later duplicates. */
void	vb_sort(struct vb_list *);
/* Exact lookup (list sorted). */
const struct vb *vb_get(const struct vb_list *, const uint32_t *oid,
	    size_t oidlen);
/* First index whose OID is >= oid (list sorted). */
size_t	vb_lower(const struct vb_list *, const uint32_t *oid, size_t oidlen);

int	vb_oid_cmp(const uint32_t *, size_t, const uint32_t *, size_t);
/* "1.3.6.1.2.1.1.1.0" <-> arcs; parse refuses junk and overlong OIDs. */
int	vb_oid_parse(const char *, uint32_t *, size_t *) FA_WUR;
void	vb_oid_str(const uint32_t *, size_t, char *, size_t);
/* Does oid start with prefix? */
int	vb_oid_has_prefix(const uint32_t *, size_t, const uint32_t *, size_t);

/* Value helpers: is it a number, a string (octets); printable copy. */
int	vb_is_num(const struct vb *);
/* Octet string as text: printable ASCII/UTF-8 kept, control bytes and
 * trailing NULs dropped, at most max bytes; caller frees. */
char	*vb_text(const struct vb *, size_t max);

/*
 * snmprec: one "OID|TAG|VALUE" per line (tags above, "4x" for hex
 * octets).  Parse appends to l and fails with "file:line: message" on the
 * first bad line; at most max_lines lines.
 */
int	vb_snmprec_parse(const char *text, size_t len, const char *name,
	    size_t max_lines, struct vb_list *l, struct fa_err *) FA_WUR;
/* Appends one line for v to b (hex form for non-printable octets). */
struct fa_buf;
void	vb_snmprec_line(const struct vb *, struct fa_buf *);

#endif
