/*
 * util.c: error sink, x-alloc, bounded strings, strict numbers.
 */
#include <sys/statvfs.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

volatile int fa_interrupted;

int
fa_errf(struct fa_err *e, const char *fmt, ...)
{
	va_list	ap;

	if (e == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void
fa_bug(const char *fmt, ...)
{
	va_list	ap;

	fputs("fleetaudit: BUG: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

static void *
oom(void *p)
{
	if (p == NULL)
		fa_bug("out of memory");
	return p;
}

void *
fa_malloc(size_t n)
{
	return oom(malloc(n ? n : 1));
}

void *
fa_calloc(size_t n, size_t sz)
{
	return oom(calloc(n ? n : 1, sz ? sz : 1));
}

void *
fa_realloc(void *p, size_t n)
{
	return oom(realloc(p, n ? n : 1));
}

void *
fa_reallocarray(void *p, size_t n, size_t sz)
{
	if (sz != 0 && n > SIZE_MAX / sz)
		fa_bug("allocation overflow");
	return fa_realloc(p, n * sz);
}

char *
fa_strdup(const char *s)
{
	return s == NULL ? NULL : oom(strdup(s));
}

char *
fa_strndup(const char *s, size_t n)
{
	return s == NULL ? NULL : oom(strndup(s, n));
}

static char *
fa_vasprintf(size_t *len, const char *fmt, va_list ap)
{
	char	*s;
	int	 n;

	if ((n = vasprintf(&s, fmt, ap)) < 0)
		fa_bug("out of memory");
	if (len != NULL)
		*len = (size_t)n;
	return s;
}

char *
fa_asprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = fa_vasprintf(NULL, fmt, ap);
	va_end(ap);
	return s;
}

size_t
fa_strlcpy(char *dst, const char *src, size_t size)
{
	size_t	n = strlen(src);

	if (size > 0) {
		size_t	c = n >= size ? size - 1 : n;
		memcpy(dst, src, c);
		dst[c] = '\0';
	}
	return n;
}

size_t
fa_strlcat(char *dst, const char *src, size_t size)
{
	size_t	d = strnlen(dst, size);

	if (d == size)
		return size + strlen(src);
	return d + fa_strlcpy(dst + d, src, size - d);
}

int
fa_strtonum(const char *s, long long min, long long max, long long *out,
    const char *what, struct fa_err *e)
{
	char		*end;
	long long	 n;

	if (s == NULL || *s == '\0' || !((*s >= '0' && *s <= '9') ||
	    (*s == '-' && s[1] >= '0' && s[1] <= '9')))
		return fa_errf(e, "%s: '%s' is not a number", what,
		    s ? s : "");
	errno = 0;
	n = strtoll(s, &end, 10);
	if (*end != '\0')
		return fa_errf(e, "%s: '%s' is not a number", what, s);
	if (errno == ERANGE || n < min || n > max)
		return fa_errf(e, "%s: '%s' must be between %lld and %lld",
		    what, s, min, max);
	*out = n;
	return 0;
}

int
fa_parse_duration_ms(const char *s, long long min_ms, long long max_ms,
    long long *out, const char *what, struct fa_err *e)
{
	static const struct { const char *suf; long long ms; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "", 1000 }, { "m", 60000 },
		{ "h", 3600000 }, { "d", 86400000 }, { "w", 604800000 },
	};
	char		*end;
	long long	 n;
	size_t		 i;

	if (s == NULL || !(*s >= '0' && *s <= '9'))
		return fa_errf(e, "%s: '%s' is not a duration", what,
		    s ? s : "");
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return fa_errf(e, "%s: '%s' is too large", what, s);
	for (i = 0; i < nitems(units); i++)
		if (strcmp(end, units[i].suf) == 0)
			break;
	if (i == nitems(units))
		return fa_errf(e, "%s: '%s' has an unknown unit (use ms, s, "
		    "m, h, d or w)", what, s);
	if (n > max_ms / units[i].ms || n * units[i].ms < min_ms ||
	    n * units[i].ms > max_ms)
		return fa_errf(e, "%s: '%s' must be between %lld ms and "
		    "%lld ms", what, s, min_ms, max_ms);
	*out = n * units[i].ms;
	return 0;
}

void
fa_buf_add(struct fa_buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t	cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->s = fa_realloc(b->s, cap);
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
fa_buf_puts(struct fa_buf *b, const char *s)
{
	fa_buf_add(b, s, strlen(s));
}

/* The length of the valid UTF-8 sequence at p (1 to 4), with its code
 * point in *cp, or 0: not valid (overlong, a surrogate, over U+10FFFF,
 * cut short). */
static size_t
utf8_seq(const unsigned char *p, uint32_t *cp)
{
	size_t		n, i;
	uint32_t	c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)	/* the NUL included */
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

char *
fa_esc_line(const char *s)
{
	struct fa_buf		 b = FA_BUF_INIT;
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c;
	size_t			 n, i;
	int			 bad;

	fa_buf_puts(&b, "");
	while (*p != '\0') {
		if ((n = utf8_seq(p, &c)) == 0) {
			n = 1;
			c = 0xfffd;	/* not valid: escaped below */
			bad = 1;
		} else
			bad = 0;
		bad = bad || c < 0x20 || c == 0x7f || c == '\\' ||
		    (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e ||
		    c == 0x200f || (c >= 0x2028 && c <= 0x202e) ||
		    (c >= 0x2066 && c <= 0x2069);
		if (!bad)
			fa_buf_add(&b, p, n);
		else if (c == '\\' && n == 1)
			fa_buf_puts(&b, "\\\\");
		else
			for (i = 0; i < n; i++)
				fa_buf_printf(&b, "\\x%02x", p[i]);
		p += n;
	}
	return fa_buf_steal(&b);
}

void
fa_buf_printf(struct fa_buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 n;

	va_start(ap, fmt);
	s = fa_vasprintf(&n, fmt, ap);
	va_end(ap);
	fa_buf_add(b, s, n);
	free(s);
}

void
fa_buf_release(struct fa_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
fa_buf_steal(struct fa_buf *b)
{
	char	*s = b->s ? b->s : fa_strdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int64_t
fa_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t
fa_wall(void)
{
	return (int64_t)time(NULL);
}

void
fa_iso8601(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int
fa_disk_full(const char *path)
{
	struct statvfs	 v;
	char		*dir = fa_strdup(path), *slash;
	int		 full = 0;

	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	if (statvfs(slash != NULL ? dir : ".", &v) == 0)
		full = v.f_bavail == 0;
	free(dir);
	return full;
}
