/*
 * mask.c: masking of free text and of walks (see mask.h).
 *
 * One pass over the text, left to right: at each place where a word
 * starts, the forms are tried in a fixed order (MAC, IPv4, IPv6, the
 * device's own name, a host name) and the first that matches is replaced
 * by its pseudonym; what was written is never read again, so a pseudonym
 * is not masked twice.  A value is normalised before it is hashed, so
 * that its pseudonym is the one of its own field in the bundle: a MAC in
 * lower case with ':' (as the store keeps the mac column), an IPv4
 * address without leading zeros, an IPv6 address in its RFC 5952 form
 * (inet_ntop), a host name in lower case (the device's own name as the
 * sys_name field holds it).
 *
 * Only ASCII counts as a letter or digit (no locale), and every look
 * ahead stops at the NUL, so any byte string is safe input
 * (tests/fuzz/fuzz_mask.c).  The choice is to mask too much rather than
 * too little: 12 hex digits alone are taken for a MAC address, and a
 * word like "file.txt" for a host name.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../cli/plat_net.h"
#include "../crypto/bundle.h"
#include "mask.h"

#define IP6_TEXT_MAX	45	/* INET6_ADDRSTRLEN - 1 */
#define HOST_MAX	253	/* RFC 1035: a name's text */
#define LABEL_MAX	63	/* RFC 1035: one label */
#define WALK_SYSNAME	"1.3.6.1.2.1.1.5.0"
#define WALK_TEXT_MAX	65536	/* bytes of one 4x value decoded */

static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
is_alnum(int c)
{
	return is_digit(c) || is_alpha(c);
}

static int
is_hex(int c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* A character of a host name's label. */
static int
is_name(int c)
{
	return is_alnum(c) || c == '-' || c == '_';
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* The MAC address at s, as "aa:bb:cc:dd:ee:ff" into out: its length in
 * s, or 0.  Not part of a longer run of the same form. */
static size_t
mac_at(const char *s, char out[18])
{
	char	h[12];
	size_t	i, n = 0, letters;
	int	sep;

	if (!is_hex(s[0]) || !is_hex(s[1]))
		return 0;
	sep = s[2];
	if (sep == ':' || sep == '-') {
		for (i = 0; i < 6; i++) {
			if (i > 0 && s[3 * i - 1] != sep)
				break;
			if (!is_hex(s[3 * i]) || !is_hex(s[3 * i + 1]))
				break;
			h[2 * i] = s[3 * i];
			h[2 * i + 1] = s[3 * i + 1];
		}
		if (i == 6 && !is_alnum(s[17]) &&
		    !(s[17] == sep && is_hex(s[18])))
			n = 17;
	}
	if (n == 0 && is_hex(s[2]) && is_hex(s[3]) && s[4] == '.') {
		for (i = 0; i < 12; i++) {
			if (i > 0 && i % 4 == 0 && s[i + i / 4 - 1] != '.')
				break;
			if (!is_hex(s[i + i / 4]))
				break;
			h[i] = s[i + i / 4];
		}
		if (i == 12 && !is_alnum(s[14]) &&
		    !(s[14] == '.' && is_alnum(s[15])))
			n = 14;
	}
	if (n == 0) {
		/* 12 hex digits alone, a letter among them: 12 decimal
		 * digits are more often a date or a count than a MAC */
		for (i = 0, letters = 0; i < 12 && is_hex(s[i]); i++) {
			h[i] = s[i];
			letters += !is_digit(s[i]);
		}
		if (i == 12 && !is_alnum(s[12]) && letters > 0)
			n = 12;
	}
	if (n == 0)
		return 0;
	for (i = 0; i < 6; i++) {
		out[3 * i] = (char)lower(h[2 * i]);
		out[3 * i + 1] = (char)lower(h[2 * i + 1]);
		out[3 * i + 2] = i < 5 ? ':' : '\0';
	}
	return n;
}

/* The IPv4 address at s (four octets of 0 to 255, not followed by more
 * digits or dots and digits), without leading zeros into out: its
 * length in s, or 0.  A leading zero only in the padded form that front
 * panels use ("192.168.001.010": every octet of 3 digits): "1.01.15.47"
 * is a version. */
static size_t
ipv4_at(const char *s, char out[16])
{
	size_t	i = 0, k, part, padded = 0, zero = 0;
	int	octet[4];

	for (part = 0; part < 4; part++) {
		if (part > 0 && s[i++] != '.')
			return 0;
		zero += s[i] == '0' && is_digit(s[i + 1]);
		for (k = 0, octet[part] = 0; k < 3 && is_digit(s[i]); k++, i++)
			octet[part] = octet[part] * 10 + (s[i] - '0');
		if (k == 0 || octet[part] > 255)
			return 0;
		padded += k == 3;
	}
	if (is_digit(s[i]) || (s[i] == '.' && is_digit(s[i + 1])) ||
	    (zero > 0 && padded < 4))
		return 0;
	snprintf(out, 16, "%d.%d.%d.%d", octet[0], octet[1], octet[2],
	    octet[3]);
	return i;
}

/* The IPv6 address at s, the longest that parses (two colons at least,
 * a hex digit at least), in RFC 5952 form into out: its length, or 0. */
static size_t
ipv6_at(const char *s, char out[INET6_ADDRSTRLEN])
{
	char		buf[IP6_TEXT_MAX + 1];
	struct in6_addr	a;
	size_t		n, k, colons = 0, hex = 0;

	for (n = 0; n < IP6_TEXT_MAX && (is_hex(s[n]) || s[n] == ':' ||
	    s[n] == '.'); n++) {
		colons += s[n] == ':';
		hex += is_hex(s[n]);
	}
	if (colons < 2 || hex == 0)
		return 0;
	for (; n >= 2; n--) {
		for (k = 0, colons = 0, hex = 0; k < n; k++) {
			colons += s[k] == ':';
			hex += is_hex(s[k]);
		}
		if (colons < 2)
			return 0;
		if (hex == 0)
			continue;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (inet_pton(AF_INET6, buf, &a) == 1 &&
		    inet_ntop(AF_INET6, &a, out, INET6_ADDRSTRLEN) != NULL)
			return n;
	}
	return 0;
}

/* The host name at s: two labels or more, the last one of 2 to 63
 * letters (a top-level domain), not followed by more name characters;
 * lower-cased into out.  Its length, or 0. */
static size_t
host_at(const char *s, char out[HOST_MAX + 1])
{
	size_t	i = 0, start, labels = 0, end = 0;
	int	letters;

	for (;;) {
		start = i;
		letters = 1;
		while (is_name(s[i]) && i - start <= LABEL_MAX) {
			letters &= is_alpha(s[i]);
			i++;
		}
		if (i == start || i - start > LABEL_MAX || i > HOST_MAX ||
		    s[start] == '-' || s[i - 1] == '-')
			break;
		labels++;
		end = labels >= 2 && letters && i - start >= 2 ? i : 0;
		if (s[i] != '.' || !is_name(s[i + 1]))
			break;
		i++;
	}
	/* the last label of the whole dotted run is the top-level domain:
	 * "NH62.YS.N636" is a version, not a name */
	if (end == 0 || is_name(s[end]))
		return 0;
	for (i = 0; i < end; i++)
		out[i] = (char)lower(s[i]);
	out[end] = '\0';
	return end;
}

/* name (nl bytes, any case) as a whole word at s: nl, or 0. */
static size_t
name_at(const char *s, const char *name, size_t nl)
{
	if (nl == 0 || strncasecmp(s, name, nl) != 0 || is_name(s[nl]) ||
	    (s[nl] == '.' && is_alnum(s[nl + 1])))
		return 0;
	return nl;
}

/* Whether text[i] follows a pair of hex digits and ':' or '-' that
 * starts a word: the rest of a longer run of pairs ("00:11:...:66"),
 * not a MAC address of its own. */
static int
in_pairs(const char *text, size_t i)
{
	return i >= 3 && (text[i - 1] == ':' || text[i - 1] == '-') &&
	    is_hex(text[i - 2]) && is_hex(text[i - 3]) &&
	    (i == 3 || !is_alnum(text[i - 4]));
}

/* The kind and normalised value (into v, or name itself) of what starts
 * at text[i], and its length in *n; NULL when nothing does. */
static const char *
mask_at(const struct mask *m, const char *text, size_t i, const char *name,
    size_t nl, char v[HOST_MAX + 1], const char **val, size_t *n)
{
	int	prev = i > 0 ? (unsigned char)text[i - 1] : ' ';

	*val = v;
	if (is_alnum(prev))
		return NULL;
	if ((m->what & PAYLOAD_MASK_MAC) && !in_pairs(text, i) &&
	    (*n = mac_at(text + i, v)) > 0)
		return "mac";
	if ((m->what & PAYLOAD_MASK_IP) && prev != '.' &&
	    ((*n = ipv4_at(text + i, v)) > 0 ||
	    (*n = ipv6_at(text + i, v)) > 0))
		return "ip";
	if (!(m->what & PAYLOAD_MASK_HOST) || prev == '.' || prev == '-' ||
	    prev == '_')
		return NULL;
	if ((*n = name_at(text + i, name, nl)) > 0) {
		*val = name;
		return "hostname";
	}
	if ((*n = host_at(text + i, v)) > 0)
		return "hostname";
	return NULL;
}

char *
mask_text(const struct mask *m, const char *text, const char *name)
{
	struct fa_buf	 b = FA_BUF_INIT;
	char		 pseudo[BUNDLE_PSEUDO_MAX + 1], v[HOST_MAX + 1];
	const char	*kind, *val;
	size_t		 i = 0, n = 0, nl = 0;

	if (m->what != 0 && m->secret == NULL)
		fa_bug("mask_text: a mask without a secret");
	if (name != NULL && (m->what & PAYLOAD_MASK_HOST) &&
	    (nl = strlen(name)) < MASK_NAME_MIN)
		nl = 0;
	while (text[i] != '\0') {
		if (m->what != 0 && (kind = mask_at(m, text, i, name, nl, v,
		    &val, &n)) != NULL) {
			bundle_pseudonym(m->secret, kind, val, pseudo);
			fa_buf_puts(&b, pseudo);
			i += n;
			continue;
		}
		fa_buf_add(&b, text + i, 1);
		i++;
	}
	if (b.s == NULL)
		fa_buf_puts(&b, "");
	return fa_buf_steal(&b);
}

/* Whether oid is a row of a table indexed by addresses: under at (3),
 * ip (4), tcp (6), udp (7) or ipv6 (55) of mib-2, deeper than their
 * scalars (GROUP.N.0). */
static int
walk_addr_row(const char *oid, size_t len)
{
	static const char *const groups[] = { "1.3.6.1.2.1.3.",
		"1.3.6.1.2.1.4.", "1.3.6.1.2.1.6.", "1.3.6.1.2.1.7.",
		"1.3.6.1.2.1.55." };
	size_t	i, dots = 0;

	for (i = 0; i < nitems(groups); i++)
		if (len > strlen(groups[i]) &&
		    strncmp(oid, groups[i], strlen(groups[i])) == 0)
			break;
	if (i == nitems(groups))
		return 0;
	for (i = 0; i < len; i++)
		dots += oid[i] == '.';
	return dots >= 10;
}

static int
hexval(int c)
{
	return is_digit(c) ? c - '0' : lower(c) - 'a' + 10;
}

/* A 4x value decoded into out (len bytes and a NUL): 0, or -1 when it is
 * not whole hex pairs or too long. */
static int
unhex(const char *s, size_t n, struct fa_buf *out)
{
	size_t		i;
	unsigned char	c;

	if (n % 2 != 0 || n / 2 > WALK_TEXT_MAX)
		return -1;
	for (i = 0; i < n; i += 2) {
		if (!is_hex(s[i]) || !is_hex(s[i + 1]))
			return -1;
		c = (unsigned char)(hexval(s[i]) << 4 | hexval(s[i + 1]));
		fa_buf_add(out, &c, 1);
	}
	fa_buf_add(out, "", 1);
	out->len--;
	return 0;
}

/* The value of one walk line (oid, tag and value: borrowed, value
 * NUL-terminated), masked, appended to out with its "TAG|". */
static void
walk_value(const struct mask *m, const char *oid, size_t olen,
    const char *tag, size_t tlen, const char *val, const char *name,
    struct fa_buf *out)
{
	struct fa_buf	 raw = FA_BUF_INIT;
	char		 pseudo[BUNDLE_PSEUDO_MAX + 1], v[INET6_ADDRSTRLEN];
	char		*t;
	size_t		 i;

	if (tlen == 2 && memcmp(tag, "64", 2) == 0 &&
	    (m->what & PAYLOAD_MASK_IP)) {
		if (ipv4_at(val, v) == 0)
			fa_strlcpy(v, val, sizeof(v));
		bundle_pseudonym(m->secret, "ip", v, pseudo);
		fa_buf_printf(out, "4|%s", pseudo);
	} else if (tlen == 1 && tag[0] == '4') {
		if (olen == strlen(WALK_SYSNAME) &&
		    memcmp(oid, WALK_SYSNAME, olen) == 0 &&
		    (m->what & PAYLOAD_MASK_HOST) && *val != '\0') {
			bundle_pseudonym(m->secret, "hostname", val, pseudo);
			fa_buf_printf(out, "4|%s", pseudo);
		} else {
			t = mask_text(m, val, name);
			fa_buf_printf(out, "4|%s", t);
			free(t);
		}
	} else if (tlen == 2 && memcmp(tag, "4x", 2) == 0 &&
	    unhex(val, strlen(val), &raw) == 0) {
		const unsigned char *u = (const unsigned char *)raw.s;

		if (raw.len == 6 && (m->what & PAYLOAD_MASK_MAC)) {
			snprintf(v, sizeof(v), "%02x:%02x:%02x:%02x:%02x:%02x",
			    u[0], u[1], u[2], u[3], u[4], u[5]);
			bundle_pseudonym(m->secret, "mac", v, pseudo);
			fa_buf_printf(out, "4|%s", pseudo);
		} else if ((raw.len == 4 || raw.len == 16) &&
		    (m->what & PAYLOAD_MASK_IP) &&
		    inet_ntop(raw.len == 4 ? AF_INET : AF_INET6, u, v,
		    sizeof(v)) != NULL) {
			bundle_pseudonym(m->secret, "ip", v, pseudo);
			fa_buf_printf(out, "4|%s", pseudo);
		} else if (raw.len > 0 && memchr(raw.s, '\0', raw.len) == NULL) {
			/* text the walk wrote in hex (a byte it does not
			 * print): masked, and in hex again */
			t = mask_text(m, raw.s, name);
			fa_buf_puts(out, "4x|");
			if (strcmp(t, raw.s) == 0)
				fa_buf_puts(out, val);
			else
				for (i = 0; t[i] != '\0'; i++)
					fa_buf_printf(out, "%02x",
					    (unsigned char)t[i]);
			free(t);
		} else
			fa_buf_printf(out, "4x|%s", val);
	} else {
		fa_buf_add(out, tag, tlen);
		fa_buf_printf(out, "|%s", val);
	}
	fa_buf_release(&raw);
}

/* Whether s (n bytes) is an OID in dotted digits. */
static int
is_oid(const char *s, size_t n)
{
	size_t	i;

	if (n == 0 || !is_digit(s[0]) || !is_digit(s[n - 1]))
		return 0;
	for (i = 0; i < n; i++)
		if (!is_digit(s[i]) && s[i] != '.')
			return 0;
	return 1;
}

char *
mask_walk(const struct mask *m, const char *walk, size_t *dropped)
{
	struct fa_buf	 b = FA_BUF_INIT, name = FA_BUF_INIT;
	const char	*p, *nl, *bar1, *bar2;
	char		*line, *t;
	size_t		 len;

	if (m->what == 0)
		return fa_strdup(walk);
	/* The device's own name first: its other values may hold it. */
	for (p = walk; (p = strstr(p, WALK_SYSNAME "|4|")) != NULL; p++)
		if (p == walk || p[-1] == '\n') {
			p += strlen(WALK_SYSNAME "|4|");
			fa_buf_add(&name, p, strcspn(p, "\n"));
			fa_buf_add(&name, "", 1);
			break;
		}
	for (p = walk; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		len = (size_t)(nl - p);
		line = fa_malloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		bar1 = strchr(line, '|');
		bar2 = bar1 != NULL ? strchr(bar1 + 1, '|') : NULL;
		if (bar2 == NULL || !is_oid(line, (size_t)(bar1 - line))) {
			t = mask_text(m, line, name.s);
			fa_buf_puts(&b, t);
			free(t);
		} else if ((m->what & PAYLOAD_MASK_IP) &&
		    walk_addr_row(line, (size_t)(bar1 - line))) {
			(*dropped)++;
			free(line);
			continue;
		} else {
			fa_buf_add(&b, line, (size_t)(bar1 - line) + 1);
			walk_value(m, line, (size_t)(bar1 - line), bar1 + 1,
			    (size_t)(bar2 - bar1 - 1), bar2 + 1, name.s, &b);
		}
		free(line);
		if (*nl == '\n')
			fa_buf_add(&b, "\n", 1);
	}
	fa_buf_release(&name);
	if (b.s == NULL)
		fa_buf_puts(&b, "");
	return fa_buf_steal(&b);
}
