/*
 * range.c: IP ranges as users write them, expanded into target addresses.
 *
 * Every numeric spec becomes a span: a fixed upper part (nothing for IPv4,
 * the top 96 bits for IPv6) and an inclusive interval of the low 32 bits.
 * Counting is then arithmetic (range_count() never allocates, so
 * "0.0.0.0/0" is refused by a sum, not by running out of memory), and
 * exclusions of any size are a sorted list searched once per address.
 * Duplicates are dropped with a hash set of indexes into the output, so the
 * first occurrence keeps its place and the cost stays linear; specs that
 * cannot overlap (no names, spans disjoint) skip the set altogether.
 *
 * Choices made on purpose:
 * - the kind of a spec is decided by its characters before any parsing:
 *   only digits, dots, '-' and '/' is IPv4, any ':' is IPv6, letters make
 *   a host name; so "10.0.0.300-5" gets a numeric error, not a DNS lookup.
 * - an IPv4 CIDR with host bits set ("10.0.0.5/24") means its block, as in
 *   nmap; a dash range keeps exactly what was written, .0 and .255 too.
 *   An excluded CIDR covers its whole block, network and broadcast too.
 * - IPv6 prefixes shorter than /112 (more than 2^16 addresses) and zone ids
 *   ("fe80::1%lo": struct fa_addr has no scope) are refused.
 * - names are resolved without AI_ADDRCONFIG, so "localhost" resolves on a
 *   host with only loopback, and every distinct address is kept.
 * - bytes outside printable ASCII are refused first, so every message
 *   quotes clean text.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/plat_net.h"
#include "range.h"

#define RANGE_SPEC_MAX	255	/* one spec, trimmed */
#define RANGE_NAME_MAX	253	/* a DNS name in text form (RFC 1035 2.3.4) */
#define RANGE_LIST_MAX	65536	/* one comma list; keeps the count sum small */
#define RANGE_QUOTE_MAX	64	/* bytes of a spec quoted in a message, so
				   the reason fits struct fa_err */
#define RANGE_V6_MIN	112	/* shortest IPv6 prefix: 2^16 addresses */

#define V4_CHARS	"0123456789./-"
#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" \
			"0123456789.-_"

int	range_no_resolve;

struct span {
	int		family;
	uint8_t		top[12];	/* IPv6: the upper 96 bits; IPv4: 0 */
	uint32_t	lo, hi;		/* low 32 bits, inclusive, host order */
};

struct span_list {
	struct span	*v;
	size_t		 n, cap;
};

/* One parsed spec: a span, or a host name still to resolve. */
struct item {
	int		is_name;
	struct span	s;
	char		text[RANGE_SPEC_MAX + 1];
	char		q[RANGE_QUOTE_MAX + 4];	/* text, cut for messages */
};

/* Open addressing: each slot is an index + 1 into an addr_list, 0 free. */
struct aset {
	uint32_t	*slot;
	size_t		 cap;		/* a power of two, or 0 */
};

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put32(uint8_t *p, uint32_t w)
{
	p[0] = (uint8_t)(w >> 24);
	p[1] = (uint8_t)(w >> 16);
	p[2] = (uint8_t)(w >> 8);
	p[3] = (uint8_t)w;
}

static void
addr_span(const struct fa_addr *a, struct span *s)
{
	memset(s, 0, sizeof(*s));
	s->family = a->family;
	if (a->family == AF_INET6) {
		memcpy(s->top, a->a, sizeof(s->top));
		s->lo = s->hi = get32(a->a + 12);
	} else
		s->lo = s->hi = get32(a->a);
}

static void
span_addr(const struct span *s, uint32_t w, struct fa_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = s->family;
	if (s->family == AF_INET6) {
		memcpy(a->a, s->top, sizeof(s->top));
		put32(a->a + 12, w);
	} else
		put32(a->a, w);
}

/* Same family and upper part: spans of one group can touch or overlap. */
static int
span_group_cmp(const struct span *x, const struct span *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	return memcmp(x->top, y->top, sizeof(x->top));
}

static int
span_cmp(const void *p, const void *q)
{
	const struct span	*x = p, *y = q;
	int			 c;

	if ((c = span_group_cmp(x, y)) != 0)
		return c;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static void
span_list_add(struct span_list *l, const struct span *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = fa_reallocarray(l->v, l->cap, sizeof(l->v[0]));
	}
	l->v[l->n++] = *s;
}

/* Sorts l and merges spans that overlap or touch. */
static void
span_list_merge(struct span_list *l)
{
	struct span	*last;
	size_t		 i, n = 0;

	if (l->n == 0)
		return;
	fa_sort(l->v, l->n, sizeof(l->v[0]), span_cmp);
	for (i = 1; i < l->n; i++) {
		last = &l->v[n];
		if (span_group_cmp(last, &l->v[i]) == 0 &&
		    (uint64_t)l->v[i].lo <= (uint64_t)last->hi + 1) {
			if (l->v[i].hi > last->hi)
				last->hi = l->v[i].hi;
		} else
			l->v[++n] = l->v[i];
	}
	l->n = n + 1;
}

/* Whether a lies in a span of l, which span_list_merge() has sorted. */
static int
span_list_has(const struct span_list *l, const struct fa_addr *a)
{
	struct span	k;
	size_t		lo = 0, hi = l->n, mid;

	if (l->n == 0)
		return 0;
	addr_span(a, &k);
	while (lo < hi) {		/* first span starting after a */
		mid = lo + (hi - lo) / 2;
		if (span_cmp(&l->v[mid], &k) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && span_group_cmp(&l->v[lo - 1], &k) == 0 &&
	    l->v[lo - 1].hi >= k.lo;
}

static void
addr_list_add(struct addr_list *l, const struct fa_addr *a)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = fa_reallocarray(l->v, l->cap, sizeof(l->v[0]));
	}
	l->v[l->n++] = *a;
}

void
addr_list_release(struct addr_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

static size_t
addr_hash(const struct fa_addr *a)
{
	uint64_t	x, y;

	memcpy(&x, a->a, sizeof(x));
	memcpy(&y, a->a + 8, sizeof(y));
	x ^= y * 0x9e3779b97f4a7c15ULL ^ (uint64_t)a->family;
	/* splitmix64's finaliser: consecutive addresses spread evenly */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

/* Doubles the table and re-inserts every address of l. */
static void
aset_grow(struct aset *s, const struct addr_list *l)
{
	size_t	i, j, mask;

	free(s->slot);
	s->cap = s->cap ? s->cap * 2 : 1024;
	s->slot = fa_calloc(s->cap, sizeof(s->slot[0]));
	mask = s->cap - 1;
	for (j = 0; j < l->n; j++) {
		for (i = addr_hash(&l->v[j]) & mask; s->slot[i] != 0;
		    i = (i + 1) & mask)
			;
		s->slot[i] = (uint32_t)(j + 1);
	}
}

/*
 * Appends a to l unless s says it is there already.  Returns 1 if added,
 * 0 if a duplicate, -1 if new but l already holds limit addresses.
 */
static int
aset_add(struct aset *s, struct addr_list *l, const struct fa_addr *a,
    size_t limit)
{
	size_t	i, mask;

	if ((l->n + 1) * 2 > s->cap)
		aset_grow(s, l);
	mask = s->cap - 1;
	for (i = addr_hash(a) & mask; s->slot[i] != 0; i = (i + 1) & mask)
		if (fa_addr_cmp(&l->v[s->slot[i] - 1], a) == 0)
			return 0;
	if (l->n >= limit)
		return -1;
	addr_list_add(l, a);
	s->slot[i] = (uint32_t)l->n;
	return 1;
}

const char *
fa_addr_str(const struct fa_addr *a, char *buf, size_t len)
{
	if (inet_ntop(a->family, a->a, buf, (socklen_t)len) == NULL)
		fa_strlcpy(buf, "?", len);
	return buf;
}

int
fa_addr_parse(const char *s, struct fa_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (s == NULL)
		return -1;
	if (inet_pton(AF_INET, s, a->a) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, s, a->a) == 1)
		a->family = AF_INET6;
	else {
		memset(a, 0, sizeof(*a));
		return -1;
	}
	return 0;
}

/* IPv4 sorts before IPv6, then by numeric value. */
int
fa_addr_cmp(const struct fa_addr *x, const struct fa_addr *y)
{
	int	c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	c = memcmp(x->a, y->a, sizeof(x->a));
	return (c > 0) - (c < 0);
}

/* Copies s[0..n) for a message: unprintable bytes as '?', a cut as "...". */
static const char *
quote(char buf[RANGE_QUOTE_MAX + 4], const char *s, size_t n)
{
	size_t		i, m = n > RANGE_QUOTE_MAX ? RANGE_QUOTE_MAX : n;
	unsigned char	c;

	for (i = 0; i < m; i++) {
		c = (unsigned char)s[i];
		buf[i] = c >= ' ' && c < 0x7f ? (char)c : '?';
	}
	if (m < n)
		memcpy(buf + m, "...", 4);
	else
		buf[m] = '\0';
	return buf;
}

/* 1 to 3 decimal digits, value at most max. */
static int
small_num(const char *s, long long max, long long *out)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > 3 || strspn(s, "0123456789") != n)
		return -1;
	for (*out = 0, i = 0; i < n; i++)
		*out = *out * 10 + (s[i] - '0');
	return *out <= max ? 0 : -1;
}

static int
v4_word(const char *s, uint32_t *w)
{
	uint8_t	b[4];

	if (inet_pton(AF_INET, s, b) != 1)
		return -1;
	*w = get32(b);
	return 0;
}

/* "a.b.c.d", "a.b.c.d/p", "a.b.c.d-e.f.g.h", "a.b.c.d-h". */
static int
parse_v4(struct item *it, int whole, struct fa_err *e)
{
	const char	*t = it->q;
	char		 a[RANGE_SPEC_MAX + 1], *sep, q[RANGE_QUOTE_MAX + 4];
	uint32_t	 lo, hi, mask;
	long long	 n;

	fa_strlcpy(a, it->text, sizeof(a));
	if ((sep = strchr(a, '/')) != NULL || (sep = strchr(a, '-')) != NULL)
		*sep = '\0';
	if (v4_word(a, &lo) == -1)
		return fa_errf(e, "bad range '%s': '%s' is not an IPv4 address",
		    t, quote(q, a, strlen(a)));
	hi = lo;
	if (sep != NULL && it->text[sep - a] == '/') {
		if (small_num(sep + 1, 32, &n) == -1)
			return fa_errf(e, "bad range '%s': prefix must be 0 to "
			    "32", t);
		mask = n ? 0xffffffffu << (32 - n) : 0;
		lo &= mask;
		hi = lo | ~mask;
		if (n < 31 && !whole) {
			lo++;
			hi--;
		}
	} else if (sep != NULL) {
		if (strchr(sep + 1, '.') != NULL) {
			if (v4_word(sep + 1, &hi) == -1)
				return fa_errf(e, "bad range '%s': '%s' is not "
				    "an IPv4 address", t,
				    quote(q, sep + 1, strlen(sep + 1)));
		} else if (small_num(sep + 1, 255, &n) == -1)
			return fa_errf(e, "bad range '%s': '%s' is not an IPv4 "
			    "address or last octet (0 to 255)", t,
			    quote(q, sep + 1, strlen(sep + 1)));
		else
			hi = (lo & 0xffffff00u) | (uint32_t)n;
		if (hi < lo)
			return fa_errf(e, "bad range '%s': end is before start",
			    t);
	}
	it->s.family = AF_INET;
	it->s.lo = lo;
	it->s.hi = hi;
	return 0;
}

/* "x::y" or "x::y/p" with p at least RANGE_V6_MIN. */
static int
parse_v6(struct item *it, struct fa_err *e)
{
	const char	*t = it->q;
	char		 a[RANGE_SPEC_MAX + 1], *sep, q[RANGE_QUOTE_MAX + 4];
	uint8_t		 b[16];
	uint32_t	 mask;
	long long	 n = 128;

	if (strchr(it->text, '%') != NULL)
		return fa_errf(e, "bad range '%s': scoped addresses (with "
		    "'%%') are not supported", t);
	if (strchr(it->text, '-') != NULL)
		return fa_errf(e, "bad range '%s': dash ranges are IPv4 only, "
		    "use a prefix such as fd00::/112", t);
	fa_strlcpy(a, it->text, sizeof(a));
	if ((sep = strchr(a, '/')) != NULL) {
		*sep = '\0';
		if (small_num(sep + 1, 128, &n) == -1)
			return fa_errf(e, "bad range '%s': prefix must be 0 to "
			    "128", t);
	}
	if (inet_pton(AF_INET6, a, b) != 1)
		return fa_errf(e, "bad range '%s': '%s' is not an IPv6 address",
		    t, quote(q, a, strlen(a)));
	if (n < RANGE_V6_MIN)
		return fa_errf(e, "bad range '%s': a /%lld is more than %d "
		    "addresses, IPv6 prefixes must be /%d or longer", t, n,
		    1 << (128 - RANGE_V6_MIN), RANGE_V6_MIN);
	mask = 0xffffffffu << (128 - n);
	it->s.family = AF_INET6;
	memcpy(it->s.top, b, sizeof(it->s.top));
	it->s.lo = get32(b + 12) & mask;
	it->s.hi = it->s.lo | ~mask;
	/* The all-zero host part is the Subnet-Router anycast address
	 * (RFC 4291 2.6.1), not a device: left out as IPv4's network
	 * address is.  (Linux even delivers "::" to the local host.) */
	if (n < 127)
		it->s.lo++;
	return 0;
}

/*
 * Takes the next comma-separated spec of list from *pp (NULL after the
 * last), trims and checks it into it->text, and parses it.  whole: a CIDR
 * keeps its network and broadcast addresses (exclusions).
 */
static int
item_next(const char *list, const char **pp, int whole, struct item *it,
    struct fa_err *e)
{
	const char	*p = *pp, *end, *comma;
	char		 q[RANGE_QUOTE_MAX + 4];
	size_t		 n, i;

	if (p == list && strlen(list) > RANGE_LIST_MAX)
		return fa_errf(e, "bad range '%s': list longer than %d bytes",
		    quote(q, list, strlen(list)), RANGE_LIST_MAX);
	comma = strchr(p, ',');
	end = comma != NULL ? comma : p + strlen(p);
	*pp = comma != NULL ? comma + 1 : NULL;
	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - p);
	if (n == 0)
		return fa_errf(e, "bad range '%s': empty address or range",
		    quote(q, list, strlen(list)));
	if (n > RANGE_SPEC_MAX)
		return fa_errf(e, "bad range '%s': longer than %d bytes",
		    quote(q, p, n), RANGE_SPEC_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] < ' ' || (unsigned char)p[i] >= 0x7f)
			return fa_errf(e, "bad range '%s': control or "
			    "non-ASCII byte", quote(q, p, n));
	memcpy(it->text, p, n);
	it->text[n] = '\0';
	quote(it->q, p, n);

	memset(&it->s, 0, sizeof(it->s));
	it->is_name = 0;
	if (strchr(it->text, ':') != NULL)
		return parse_v6(it, e);
	if (strspn(it->text, V4_CHARS) == n)
		return parse_v4(it, whole, e);
	if (strspn(it->text, NAME_CHARS) != n)
		return fa_errf(e, "bad range '%s': not an address, range or "
		    "host name", it->q);
	if (n > RANGE_NAME_MAX)
		return fa_errf(e, "bad range '%s': host name longer than %d "
		    "bytes", it->q, RANGE_NAME_MAX);
	it->is_name = 1;
	return 0;
}

static long long
item_count(const struct item *it)
{
	return it->is_name ? 1 : (long long)it->s.hi - it->s.lo + 1;
}

/* Appends every IPv4 and IPv6 address the name in it resolves to onto l. */
static int
resolve(const struct item *it, struct addr_list *l, struct fa_err *e)
{
	struct addrinfo		 hints, *res, *ai;
	struct sockaddr_in	 sin;
	struct sockaddr_in6	 sin6;
	struct fa_addr		 a;
	size_t			 n0 = l->n;
	int			 rc;

	if (range_no_resolve)
		return fa_errf(e, "cannot resolve '%s': name resolution is "
		    "off", it->q);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;	/* one entry per address */
	hints.ai_flags = 0;		/* no AI_ADDRCONFIG: see the top */
	if ((rc = getaddrinfo(it->text, NULL, &hints, &res)) != 0)
		return fa_errf(e, "cannot resolve '%s': %s", it->q,
		    rc == EAI_SYSTEM ? strerror(errno) : gai_strerror(rc));
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		memset(&a, 0, sizeof(a));
		if (ai->ai_family == AF_INET &&
		    ai->ai_addrlen >= sizeof(sin)) {
			memcpy(&sin, ai->ai_addr, sizeof(sin));
			a.family = AF_INET;
			memcpy(a.a, &sin.sin_addr, 4);
		} else if (ai->ai_family == AF_INET6 &&
		    ai->ai_addrlen >= sizeof(sin6)) {
			memcpy(&sin6, ai->ai_addr, sizeof(sin6));
			a.family = AF_INET6;
			memcpy(a.a, &sin6.sin6_addr, 16);
		} else
			continue;
		addr_list_add(l, &a);
	}
	freeaddrinfo(res);
	if (l->n == n0)
		return fa_errf(e, "cannot resolve '%s': no IPv4 or IPv6 "
		    "address", it->q);
	return 0;
}

long long
range_count(const char *spec, struct fa_err *e)
{
	struct item	 it;
	const char	*p;
	long long	 total = 0;

	if (spec == NULL)
		spec = "";
	for (p = spec; p != NULL;) {
		if (item_next(spec, &p, 0, &it, e) == -1)
			return -1;
		total += item_count(&it);
	}
	return total;
}

/*
 * The size check before any work: every include well-formed and the sum
 * of their counts (names as one) at most max.  *disjoint: no names and no
 * two specs share an address, so no duplicate check is needed (this keeps
 * a forced /8 from hashing 16 million addresses for nothing).
 */
static int
check_size(char *const incl[], size_t nincl, long long max, int force,
    int *disjoint, struct fa_err *e)
{
	struct span_list	 l = { NULL, 0, 0 };
	struct item		 it;
	const char		*p;
	long long		 total = 0, c;
	size_t			 i;
	int			 names = 0;

	for (i = 0; i < nincl; i++)
		for (p = incl[i]; p != NULL;) {
			if (item_next(incl[i], &p, 0, &it, e) == -1)
				goto fail;
			c = item_count(&it);
			if (c > max - total) {
				fa_errf(e, "%s '%s' %s %lld addresses, more "
				    "than the limit of %lld%s",
				    total ? "ranges up to" : "range", it.q,
				    total ? "have" : "has", total + c, max,
				    force ? " even with --force" :
				    ": use --force");
				goto fail;
			}
			total += c;
			if (it.is_name)
				names = 1;
			else
				span_list_add(&l, &it.s);
		}
	span_list_merge(&l);
	for (i = 0; i < l.n; i++)
		total -= (long long)l.v[i].hi - l.v[i].lo + 1;
	*disjoint = !names && total == 0;
	free(l.v);
	return 0;
fail:
	free(l.v);
	return -1;
}

/*
 * Adds a to out unless excluded or seen (set NULL: cannot have been seen);
 * fails past max addresses.
 */
static int
emit(struct aset *set, struct addr_list *out, const struct span_list *ex,
    const struct fa_addr *a, long long max, const struct item *it,
    int force, struct fa_err *e)
{
	if (span_list_has(ex, a))
		return 0;
	if (set == NULL && out->n < (size_t)max) {
		addr_list_add(out, a);
		return 0;
	}
	if (set != NULL && aset_add(set, out, a, (size_t)max) != -1)
		return 0;
	return fa_errf(e, "range '%s' takes the total over %lld addresses%s",
	    it->q, max, force ? " even with --force" : ": use --force");
}

int
range_expand(char *const incl[], size_t nincl, char *const excl[],
    size_t nexcl, int force, struct addr_list *out, struct fa_err *e)
{
	struct span_list	 ex = { NULL, 0, 0 };
	struct addr_list	 names = ADDR_LIST_INIT;
	struct aset		 set = { NULL, 0 }, *seen;
	struct item		 it;
	struct span		 s;
	struct fa_addr		 a;
	const char		*p;
	long long		 max;
	uint64_t		 w;
	size_t			 i, j;
	int			 disjoint, rc = -1;

	out->n = 0;
	max = force ? (long long)RANGE_MAX_FORCED : RANGE_MAX_DEFAULT;

	if (check_size(incl, nincl, max, force, &disjoint, e) == -1)
		goto out;
	seen = disjoint ? NULL : &set;

	for (i = 0; i < nexcl; i++)
		for (p = excl[i]; p != NULL;) {
			if (item_next(excl[i], &p, 1, &it, e) == -1)
				goto out;
			if (!it.is_name) {
				span_list_add(&ex, &it.s);
				continue;
			}
			names.n = 0;
			if (resolve(&it, &names, e) == -1)
				goto out;
			for (j = 0; j < names.n; j++) {
				addr_span(&names.v[j], &s);
				span_list_add(&ex, &s);
			}
		}
	span_list_merge(&ex);

	for (i = 0; i < nincl; i++)
		for (p = incl[i]; p != NULL;) {
			if (item_next(incl[i], &p, 0, &it, e) == -1)
				goto out;
			if (!it.is_name) {
				for (w = it.s.lo; w <= it.s.hi; w++) {
					span_addr(&it.s, (uint32_t)w, &a);
					if (emit(seen, out, &ex, &a, max, &it,
					    force, e) == -1)
						goto out;
				}
				continue;
			}
			names.n = 0;
			if (resolve(&it, &names, e) == -1)
				goto out;
			for (j = 0; j < names.n; j++)
				if (emit(seen, out, &ex, &names.v[j], max, &it,
				    force, e) == -1)
					goto out;
		}
	rc = 0;
out:
	if (rc == -1)
		out->n = 0;
	free(ex.v);
	free(set.slot);
	addr_list_release(&names);
	return rc;
}
