/*
 * vb.c: varbind lists and the snmprec text format.
 *
 * snmprec values are written the way snmpsim reads them back: printable
 * octet strings as they are, anything else as "4x" hex; OIDs as dotted
 * text; numbers in decimal.  The parser is strict (one bad line fails the
 * whole file with its line number) and bounded (line count, OID length,
 * value size).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "vb.h"

struct vb_block {
	struct vb_block	*next;
	size_t		 used, size;
	uint32_t	 data[];	/* uint32_t: aligned for OIDs */
};

void
vb_list_release(struct vb_list *l)
{
	struct vb_block	*b;

	while ((b = l->blocks) != NULL) {
		l->blocks = b->next;
		free(b);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
	l->sorted = 1;
	l->bytes = 0;
}

/* n bytes, aligned for uint32_t, from l's newest block or a new one
 * twice its size (from VB_BLOCK0 up to VB_BLOCK bytes: discovery holds
 * thousands of lists of a few varbinds); a device read's few hundred
 * varbinds take a few blocks, not a malloc(3) each. */
#define VB_BLOCK0	256
static void *
vb_alloc(struct vb_list *l, size_t n)
{
	struct vb_block	*b = l->blocks;
	size_t		 words = (n + sizeof(uint32_t) - 1) / sizeof(uint32_t);
	size_t		 size;
	void		*p;

	if (b == NULL || b->size - b->used < words) {
		size = b == NULL ? VB_BLOCK0 / sizeof(uint32_t) : b->size * 2;
		if (size > VB_BLOCK / sizeof(uint32_t))
			size = VB_BLOCK / sizeof(uint32_t);
		if (size < words)
			size = words;
		b = fa_malloc(sizeof(*b) + size * sizeof(uint32_t));
		b->size = size;
		b->used = 0;
		b->next = l->blocks;
		l->blocks = b;
	}
	p = b->data + b->used;
	b->used += words;
	return p;
}

int
vb_oid_cmp(const uint32_t *a, size_t alen, const uint32_t *b, size_t blen)
{
	size_t	i, n = alen < blen ? alen : blen;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

int
vb_oid_has_prefix(const uint32_t *o, size_t olen, const uint32_t *p,
    size_t plen)
{
	return olen >= plen && memcmp(o, p, plen * sizeof(*p)) == 0;
}

struct vb *
vb_add(struct vb_list *l, const uint32_t *oid, size_t oidlen, int tag,
    int64_t num, const void *buf, size_t len)
{
	struct vb	*v;
	uint32_t	*o;

	if (oidlen > VB_MAX_OID)
		oidlen = VB_MAX_OID;
	if (len > VB_MAX_VALUE)
		len = VB_MAX_VALUE;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = fa_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	v = &l->v[l->n];
	o = vb_alloc(l, oidlen * sizeof(*oid) + (buf != NULL ? len + 1 : 0));
	memcpy(o, oid, oidlen * sizeof(*oid));
	v->oid = o;
	v->oidlen = oidlen;
	v->tag = tag;
	v->num = num;
	v->len = len;
	v->buf = NULL;
	l->bytes += len + oidlen * sizeof(*oid);
	if (buf != NULL) {
		v->buf = (uint8_t *)(o + oidlen);
		memcpy(v->buf, buf, len);
		v->buf[len] = '\0';
	}
	if (l->n > 0 && l->sorted && vb_oid_cmp(l->v[l->n - 1].oid,
	    l->v[l->n - 1].oidlen, oid, oidlen) >= 0)
		l->sorted = 0;
	l->n++;
	return v;
}

/* Each varbind: oidlen (u8, 1..VB_MAX_OID), the OID (u32 each), tag (u8),
 * num (i64), has a value (u8), value length (u32) and bytes. */
uint8_t *
vb_pack(const struct vb_list *l, size_t *len)
{
	uint8_t		*p, *q;
	size_t		 i, n = 0;
	const struct vb	*v;
	uint32_t	 u;
	uint8_t		 b;

	for (i = 0; i < l->n; i++)
		n += 1 + l->v[i].oidlen * 4 + 1 + 8 + 1 + 4 + (l->v[i].buf ?
		    l->v[i].len : 0);
	*len = n;
	if (n == 0)
		return NULL;
	p = q = fa_malloc(n);
	for (i = 0; i < l->n; i++) {
		v = &l->v[i];
		*q++ = (uint8_t)v->oidlen;
		memcpy(q, v->oid, v->oidlen * 4);
		q += v->oidlen * 4;
		*q++ = (uint8_t)v->tag;
		memcpy(q, &v->num, 8);
		q += 8;
		b = v->buf != NULL;
		*q++ = b;
		u = b ? (uint32_t)v->len : 0;
		memcpy(q, &u, 4);
		q += 4;
		if (b) {
			memcpy(q, v->buf, v->len);
			q += v->len;
		}
	}
	return p;
}

int
vb_unpack(const uint8_t *p, size_t len, struct vb_list *l)
{
	const uint8_t	*end = p + len;
	uint32_t	 o[VB_MAX_OID], u;
	size_t		 ol;
	int64_t		 num;
	int		 tag, b;

	while (p < end) {
		ol = *p++;
		if (ol < 1 || ol > VB_MAX_OID ||
		    (size_t)(end - p) < ol * 4 + 1 + 8 + 1 + 4)
			return -1;
		memcpy(o, p, ol * 4);
		p += ol * 4;
		tag = *p++;
		memcpy(&num, p, 8);
		p += 8;
		b = *p++;
		memcpy(&u, p, 4);
		p += 4;
		if ((size_t)(end - p) < u || u > VB_MAX_VALUE)
			return -1;
		(void)vb_add(l, o, ol, tag, num, b ? p : NULL, u);
		p += u;
	}
	return 0;
}

/* By OID; equal OIDs in the order they were added (fa_sort is stable),
 * so a duplicate keeps the earlier answer. */
static int
vb_pcmp(const void *a, const void *b)
{
	const struct vb	*x = *(const struct vb *const *)a;
	const struct vb	*y = *(const struct vb *const *)b;

	return vb_oid_cmp(x->oid, x->oidlen, y->oid, y->oidlen);
}

/*
 * The merge sort moves pointers and each varbind is copied once, into a
 * new array, at the end (a struct vb was 560 bytes, the OID inline, when
 * sorting by value moved every varbind about log2(n) times).  A dropped
 * duplicate's bytes stay in the list's blocks until it is released.
 */
void
vb_sort(struct vb_list *l)
{
	struct vb	**p, *v;
	size_t		  i, j;

	if (l->sorted)
		return;
	p = fa_reallocarray(NULL, l->n, sizeof(*p));
	for (i = 0; i < l->n; i++)
		p[i] = &l->v[i];
	fa_sort(p, l->n, sizeof(*p), vb_pcmp);
	v = fa_reallocarray(NULL, l->cap, sizeof(*v));
	for (i = j = 0; i < l->n; i++) {
		if (j > 0 && vb_oid_cmp(v[j - 1].oid, v[j - 1].oidlen,
		    p[i]->oid, p[i]->oidlen) == 0)
			continue;
		v[j++] = *p[i];
	}
	free(p);
	free(l->v);
	l->v = v;
	l->n = j;
	l->sorted = 1;
}

size_t
vb_lower(const struct vb_list *l, const uint32_t *oid, size_t oidlen)
{
	size_t	lo = 0, hi = l->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vb_oid_cmp(l->v[mid].oid, l->v[mid].oidlen, oid,
		    oidlen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct vb *
vb_get(const struct vb_list *l, const uint32_t *oid, size_t oidlen)
{
	size_t	i = vb_lower(l, oid, oidlen);

	if (i < l->n && vb_oid_cmp(l->v[i].oid, l->v[i].oidlen, oid,
	    oidlen) == 0)
		return &l->v[i];
	return NULL;
}

int
vb_oid_parse(const char *s, uint32_t *oid, size_t *len)
{
	size_t		n = 0;
	uint64_t	x;

	/* by hand, not strtoul(): the decoders look OIDs up by their
	 * text, a few hundred times per device read */
	if (*s == '.')
		s++;
	for (;;) {
		if (!isdigit((unsigned char)*s) || n == VB_MAX_OID)
			return -1;
		for (x = 0; isdigit((unsigned char)*s); s++)
			if ((x = x * 10 + (uint64_t)(*s - '0')) > UINT32_MAX)
				return -1;
		oid[n++] = (uint32_t)x;
		if (*s == '\0')
			break;
		if (*s++ != '.')
			return -1;
	}
	if (n < 2)
		return -1;
	*len = n;
	return 0;
}

void
vb_oid_str(const uint32_t *oid, size_t len, char *buf, size_t size)
{
	size_t	i, off = 0;
	int	w;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < len && off < size; i++) {
		w = snprintf(buf + off, size - off, i ? ".%u" : "%u", oid[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

int
vb_is_num(const struct vb *v)
{
	switch (v->tag) {
	case VB_INTEGER: case VB_COUNTER32: case VB_GAUGE32:
	case VB_TIMETICKS: case VB_COUNTER64:
		return 1;
	default:
		return 0;
	}
}

/*
 * Some recordings and agents carry a string as "first 16 bytes as text,
 * newline, the rest as hex pairs" (a hex-dump display folded back into
 * the value).  When every line after the first is hex pairs, decode them
 * and return the whole string; else NULL.
 */
static char *
unfold_hexdump(const uint8_t *p, size_t len)
{
	const uint8_t	*nl = memchr(p, '\n', len);
	struct fa_buf	 b = FA_BUF_INIT;
	size_t		 i, pairs = 0;

	if (nl == NULL || nl == p)
		return NULL;
	fa_buf_add(&b, p, (size_t)(nl - p));
	for (i = (size_t)(nl - p) + 1; i < len; ) {
		int	hi, lo;

		if (p[i] == ' ' || p[i] == '\n') {
			i++;
			continue;
		}
		if (i + 1 >= len)
			goto bad;
		hi = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' :
		    p[i] >= 'A' && p[i] <= 'F' ? p[i] - 'A' + 10 : -1;
		lo = p[i + 1] >= '0' && p[i + 1] <= '9' ? p[i + 1] - '0' :
		    p[i + 1] >= 'A' && p[i + 1] <= 'F' ? p[i + 1] - 'A' + 10 :
		    -1;
		if (hi < 0 || lo < 0 || (i + 2 < len && p[i + 2] != ' ' &&
		    p[i + 2] != '\n'))
			goto bad;
		{
			char	c = (char)(hi << 4 | lo);
			fa_buf_add(&b, &c, 1);
		}
		pairs++;
		i += 2;
	}
	if (pairs == 0)
		goto bad;
	return fa_buf_steal(&b);
bad:
	fa_buf_release(&b);
	return NULL;
}

/* Length of the well-formed UTF-8 sequence at p (n bytes there), 0 when
 * there is none (RFC 3629: no overlongs, no surrogates, <= U+10FFFF). */
static size_t
utf8_len(const uint8_t *p, size_t n)
{
	size_t	k, i;

	if (p[0] < 0x80)
		return 1;
	k = p[0] >= 0xc2 && p[0] <= 0xdf ? 2 : p[0] >= 0xe0 && p[0] <= 0xef ?
	    3 : p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : 0;
	if (k == 0 || n < k)
		return 0;
	for (i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f) ||
	    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
		return 0;
	return k;
}

/*
 * The result is always valid UTF-8 (JSON and the store need it): UTF-8
 * sequences are kept whole or not at all, and a byte that is not part
 * of one is taken as Latin-1 (what printers use when they are not UTF-8).
 */
char *
vb_text(const struct vb *v, size_t max)
{
	size_t	 i, n, len, k, cap;
	char	*s;

	const uint8_t	*src;
	char		*unf;

	if (v->tag != VB_OCTETS || v->buf == NULL)
		return NULL;
	src = v->buf;
	len = v->len;
	if ((unf = unfold_hexdump(v->buf, v->len)) != NULL) {
		src = (const uint8_t *)unf;
		len = strlen(unf);
	}
	cap = len < max / 2 ? len * 2 : max;
	s = fa_malloc(cap + 1);
	for (i = n = 0; i < len; i += k) {
		unsigned char	c = src[i];

		k = 1;
		if (c == '\0')
			break;		/* C strings on the device side */
		if (c == '\r')
			continue;
		if (c < 0x80) {
			if (n + 1 > cap)
				break;
			s[n++] = c < 0x20 && c != '\t' && c != '\n' ? ' ' :
			    (char)c;
		} else if ((k = utf8_len(src + i, len - i)) != 0) {
			if (n + k > cap)
				break;
			memcpy(s + n, src + i, k);
			n += k;
		} else {
			k = 1;
			if (n + 2 > cap)
				break;
			s[n++] = (char)(0xc0 | c >> 6);
			s[n++] = (char)(0x80 | (c & 0x3f));
		}
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' ||
	    s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	free(unf);
	return s;
}

static int
is_printable(const uint8_t *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f || p[i] == '|')
			return 0;
	return 1;
}

void
vb_snmprec_line(const struct vb *v, struct fa_buf *b)
{
	char	oid[VB_MAX_OID * 11 + 1];
	size_t	i;

	vb_oid_str(v->oid, v->oidlen, oid, sizeof(oid));
	switch (v->tag) {
	case VB_OCTETS:
	case VB_OPAQUE:
		if (v->tag == VB_OCTETS && is_printable(v->buf, v->len) &&
		    !(v->len > 0 && v->buf[0] == ' ')) {
			fa_buf_printf(b, "%s|4|", oid);
			fa_buf_add(b, v->buf, v->len);
		} else {
			fa_buf_printf(b, "%s|%dx|", oid, v->tag);
			for (i = 0; i < v->len; i++)
				fa_buf_printf(b, "%02x", v->buf[i]);
		}
		break;
	case VB_OID:
		fa_buf_printf(b, "%s|6|%s", oid, v->buf ? (char *)v->buf :
		    "0.0");
		break;
	case VB_IPADDR:
		if (v->len == 4)
			fa_buf_printf(b, "%s|64|%u.%u.%u.%u", oid, v->buf[0],
			    v->buf[1], v->buf[2], v->buf[3]);
		else
			fa_buf_printf(b, "%s|64|0.0.0.0", oid);
		break;
	case VB_NULL:
		fa_buf_printf(b, "%s|5|", oid);
		break;
	case VB_COUNTER64:
		fa_buf_printf(b, "%s|70|%llu", oid,
		    (unsigned long long)v->num);
		break;
	default:
		fa_buf_printf(b, "%s|%d|%lld", oid, v->tag,
		    (long long)v->num);
		break;
	}
	fa_buf_puts(b, "\n");
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int
parse_line(const char *line, size_t len, struct vb_list *l, const char **why)
{
	uint32_t	 oid[VB_MAX_OID];
	size_t		 oidlen, i, tlen;
	char		 obuf[VB_MAX_OID * 11 + 1], tbuf[8];
	const char	*p1, *p2, *val;
	size_t		 vlen;
	int		 tag, hex = 0;
	long long	 num = 0;

	p1 = memchr(line, '|', len);
	if (p1 == NULL || (size_t)(p1 - line) >= sizeof(obuf))
		return *why = "expected OID|TAG|VALUE", -1;
	memcpy(obuf, line, (size_t)(p1 - line));
	obuf[p1 - line] = '\0';
	if (vb_oid_parse(obuf, oid, &oidlen) != 0)
		return *why = "bad OID", -1;
	p2 = memchr(p1 + 1, '|', len - (size_t)(p1 + 1 - line));
	if (p2 == NULL || p2 - p1 - 1 < 1 || p2 - p1 - 1 >= (long)sizeof(tbuf))
		return *why = "bad tag", -1;
	tlen = (size_t)(p2 - p1 - 1);
	memcpy(tbuf, p1 + 1, tlen);
	tbuf[tlen] = '\0';
	val = p2 + 1;
	vlen = len - (size_t)(val - line);
	if (tbuf[tlen - 1] == 'x') {
		hex = 1;
		tbuf[--tlen] = '\0';
	}
	if (tlen == 0)
		return *why = "bad tag", -1;
	for (i = 0; tbuf[i]; i++)
		if (!isdigit((unsigned char)tbuf[i]))
			return *why = "bad tag", -1;
	tag = (int)strtol(tbuf, NULL, 10);
	switch (tag) {
	case VB_OCTETS:
	case VB_OPAQUE:
		if (hex) {
			uint8_t	*b;

			if (vlen % 2 != 0 || vlen / 2 > VB_MAX_VALUE)
				return *why = "bad hex value", -1;
			b = fa_malloc(vlen / 2 + 1);
			for (i = 0; i < vlen / 2; i++) {
				int hi = hexval(val[2 * i]),
				    lo = hexval(val[2 * i + 1]);
				if (hi < 0 || lo < 0) {
					free(b);
					return *why = "bad hex value", -1;
				}
				b[i] = (uint8_t)(hi << 4 | lo);
			}
			vb_add(l, oid, oidlen, tag, 0, b, vlen / 2);
			free(b);
		} else {
			if (vlen > VB_MAX_VALUE)
				return *why = "value too long", -1;
			vb_add(l, oid, oidlen, tag, 0, val, vlen);
		}
		return 0;
	case VB_OID: {
		uint32_t	o2[VB_MAX_OID];
		size_t		o2len;
		char		vbuf[VB_MAX_OID * 11 + 1];

		if (hex || vlen >= sizeof(vbuf))
			return *why = "bad OID value", -1;
		memcpy(vbuf, val, vlen);
		vbuf[vlen] = '\0';
		if (vb_oid_parse(vbuf, o2, &o2len) != 0)
			return *why = "bad OID value", -1;
		vb_oid_str(o2, o2len, vbuf, sizeof(vbuf));
		vb_add(l, oid, oidlen, tag, 0, vbuf, strlen(vbuf));
		return 0;
	}
	case VB_IPADDR: {
		unsigned	a[4];
		uint8_t		b[4];
		char		vbuf[20], extra;

		if (hex) {
			/* "64x": four bytes in hex, as snmpsim's recorder
			 * writes every IpAddress */
			if (vlen != 8)
				return *why = "bad IpAddress", -1;
			for (i = 0; i < 4; i++) {
				int hi = hexval(val[2 * i]),
				    lo = hexval(val[2 * i + 1]);
				if (hi < 0 || lo < 0)
					return *why = "bad IpAddress", -1;
				b[i] = (uint8_t)(hi << 4 | lo);
			}
			vb_add(l, oid, oidlen, tag, 0, b, 4);
			return 0;
		}
		if (vlen >= sizeof(vbuf))
			return *why = "bad IpAddress", -1;
		memcpy(vbuf, val, vlen);
		vbuf[vlen] = '\0';
		if (sscanf(vbuf, "%u.%u.%u.%u%c", &a[0], &a[1], &a[2], &a[3],
		    &extra) != 4 || a[0] > 255 || a[1] > 255 || a[2] > 255 ||
		    a[3] > 255)
			return *why = "bad IpAddress", -1;
		for (i = 0; i < 4; i++)
			b[i] = (uint8_t)a[i];
		vb_add(l, oid, oidlen, tag, 0, b, 4);
		return 0;
	}
	case VB_NULL:
		vb_add(l, oid, oidlen, tag, 0, NULL, 0);
		return 0;
	case VB_INTEGER: case VB_COUNTER32: case VB_GAUGE32:
	case VB_TIMETICKS: case VB_COUNTER64: {
		char	vbuf[24], *end;

		if (hex || vlen == 0 || vlen >= sizeof(vbuf))
			return *why = "bad number", -1;
		memcpy(vbuf, val, vlen);
		vbuf[vlen] = '\0';
		errno = 0;
		if (tag == VB_COUNTER64) {
			unsigned long long u;
			if (vbuf[0] == '-')
				return *why = "bad number", -1;
			u = strtoull(vbuf, &end, 10);
			num = (long long)u;
		} else
			num = strtoll(vbuf, &end, 10);
		if (*end != '\0' || errno == ERANGE)
			return *why = "bad number", -1;
		if (tag == VB_INTEGER ? (num < INT32_MIN || num > INT32_MAX) :
		    tag != VB_COUNTER64 && (num < 0 || num > UINT32_MAX))
			return *why = "number out of range for its type", -1;
		vb_add(l, oid, oidlen, tag, num, NULL, 0);
		return 0;
	}
	default:
		return *why = "unknown tag", -1;
	}
}

int
vb_snmprec_parse(const char *text, size_t len, const char *name,
    size_t max_lines, struct vb_list *l, struct fa_err *e)
{
	size_t		 off = 0, lineno = 0, n, raw;
	const char	*nl, *why = NULL;

	while (off < len) {
		nl = memchr(text + off, '\n', len - off);
		raw = n = nl ? (size_t)(nl - (text + off)) : len - off;
		lineno++;
		if (lineno > max_lines)
			return fa_errf(e, "%s:%zu: more than %zu lines", name,
			    lineno, max_lines);
		if (n > 0 && text[off + n - 1] == '\r')
			n--;
		if (memchr(text + off, '\0', n) != NULL)
			return fa_errf(e, "%s:%zu: NUL byte", name, lineno);
		if (n > 0 && text[off] != '#' &&
		    parse_line(text + off, n, l, &why) != 0)
			return fa_errf(e, "%s:%zu: %s", name, lineno, why);
		off += raw + (nl ? 1 : 0);
	}
	vb_sort(l);
	return 0;
}
