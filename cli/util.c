/*
 * util.c: error sink, x-alloc, bounded strings, strict numbers, the
 * project's whole-file writer, and the few helpers POSIX lacks (memmem,
 * strcasestr, timegm, qsort_r), written here in plain C so every
 * platform runs the same code (cli/plat.h holds what differs between
 * systems).
 */
#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plat.h"
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
	const char	*end;
	char		*d;

	if (s == NULL)
		return NULL;
	end = memchr(s, '\0', n);
	if (end != NULL)
		n = (size_t)(end - s);
	d = fa_malloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *
vformat(size_t *len, const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*s;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fa_bug("bad format '%s'", fmt);
	s = fa_malloc((size_t)n + 1);
	(void)vsnprintf(s, (size_t)n + 1, fmt, ap);
	if (len != NULL)
		*len = (size_t)n;
	return s;
}

char *
fa_vasprintf(const char *fmt, va_list ap)
{
	return vformat(NULL, fmt, ap);
}

char *
fa_asprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = vformat(NULL, fmt, ap);
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
fa_trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		*--end = '\0';
	return s;
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
	s = vformat(&n, fmt, ap);
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
fa_wall(void)
{
	return (int64_t)time(NULL);
}

void
fa_iso8601(int64_t t, char *buf, size_t len)
{
	struct tm	tm;

	fa_gmtime(t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void *
fa_memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char	*h = hay, *n = needle, *p, *end;

	if (nlen == 0)
		return (void *)(uintptr_t)hay;
	if (hlen < nlen)
		return NULL;
	end = h + (hlen - nlen) + 1;	/* where a match may start */
	for (p = h; p < end; p++) {
		if ((p = memchr(p, n[0], (size_t)(end - p))) == NULL)
			return NULL;
		if (memcmp(p, n, nlen) == 0)
			return (void *)(uintptr_t)p;
	}
	return NULL;
}

/* ASCII case folding only: the strings compared are device names. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

char *
fa_strcasestr(const char *hay, const char *needle)
{
	size_t	i;

	for (; ; hay++) {
		for (i = 0; needle[i] != '\0' &&
		    lower((unsigned char)hay[i]) ==
		    lower((unsigned char)needle[i]); i++)
			;
		if (needle[i] == '\0')
			return (char *)(uintptr_t)hay;
		if (*hay == '\0')
			return NULL;
	}
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), m 1..12. */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t	era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
fa_gmtime(int64_t t, struct tm *tm)
{
	int64_t	days = t / 86400, secs = t % 86400, z, era, doe, yoe, doy, mp;
	int64_t	y, m, d;

	if (secs < 0) {
		secs += 86400;
		days--;
	}
	memset(tm, 0, sizeof(*tm));
	tm->tm_hour = (int)(secs / 3600);
	tm->tm_min = (int)(secs % 3600 / 60);
	tm->tm_sec = (int)(secs % 60);
	tm->tm_wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01: Thu */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	tm->tm_year = (int)(y - 1900);
	tm->tm_mon = (int)(m - 1);
	tm->tm_mday = (int)d;
	tm->tm_yday = (int)(days - days_from_civil(y, 1, 1));
}

int64_t
fa_timegm(struct tm *tm)
{
	int64_t	y = (int64_t)tm->tm_year + 1900, m = tm->tm_mon, t;

	/* months out of 0..11 carry into the year, as timegm(3) does */
	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m -= (m >= 0 ? m / 12 : -((11 - m) / 12)) * 12;
	t = days_from_civil(y, m + 1, 1) + tm->tm_mday - 1;
	t = t * 86400 + (int64_t)tm->tm_hour * 3600 +
	    (int64_t)tm->tm_min * 60 + tm->tm_sec;
	fa_gmtime(t, tm);	/* normalised back, as timegm(3) does */
	return t;
}

int
fa_parse_utc(const char *s, int64_t *out)
{
	struct tm	tm, chk;
	int		v[6], i, k, n;
	static const int width[6] = { 4, 2, 2, 2, 2, 2 };
	static const char sep[6] = { '-', '-', 'T', ':', ':', 'Z' };

	if (strlen(s) != 20)
		return -1;
	for (i = 0, k = 0; i < 6; i++) {
		for (v[i] = 0, n = 0; n < width[i]; n++, k++) {
			if (s[k] < '0' || s[k] > '9')
				return -1;
			v[i] = v[i] * 10 + (s[k] - '0');
		}
		if (s[k++] != sep[i])
			return -1;
	}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31 || v[3] > 23 ||
	    v[4] > 59 || v[5] > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = v[3];
	tm.tm_min = v[4];
	tm.tm_sec = v[5];
	chk = tm;
	*out = fa_timegm(&tm);
	return tm.tm_mday == chk.tm_mday ? 0 : -1;	/* not Feb 30 */
}

/* Merge sort (stable) with a context pointer: qsort_r(3) differs between
 * glibc and the BSDs and Windows has none. */
void
fa_sort_r(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *, void *), void *arg)
{
	unsigned char	*a = base, *tmp, *src, *dst, *swap;
	size_t		 width, lo, mid, hi, i, j, k;

	if (n < 2)
		return;
	tmp = fa_reallocarray(NULL, n, size);
	src = a;
	dst = tmp;
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo < n; lo += 2 * width) {
			mid = lo + width < n ? lo + width : n;
			hi = lo + 2 * width < n ? lo + 2 * width : n;
			for (i = lo, j = mid, k = lo; k < hi; k++) {
				if (i < mid && (j >= hi || cmp(src + i * size,
				    src + j * size, arg) <= 0))
					memcpy(dst + k * size, src + i++ * size,
					    size);
				else
					memcpy(dst + k * size, src + j++ * size,
					    size);
			}
		}
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != a)
		memcpy(a, src, n * size);
	free(tmp);
}

struct sort2 {
	int	(*cmp)(const void *, const void *);
};

static int
sort2_cmp(const void *a, const void *b, void *arg)
{
	return ((const struct sort2 *)arg)->cmp(a, b);
}

void
fa_sort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	struct sort2	s;

	s.cmp = cmp;
	fa_sort_r(base, n, size, sort2_cmp, &s);
}

/* ---- files ---- */

int
fa_write_all(int fd, const void *buf, size_t len)
{
	const unsigned char	*p = buf;
	ssize_t			 n;

	while (len > 0) {
		if ((n = write(fd, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* "cannot write WHAT 'PATH': REASON", or without WHAT. */
static int
put_fail(const char *what, const char *path, struct fa_err *e)
{
	if (what == NULL)
		return fa_errf(e, "cannot write '%s': %s", path,
		    strerror(errno));
	return fa_errf(e, "cannot write %s '%s': %s", what, path,
	    strerror(errno));
}

static int
put_exists(const char *what, const char *path, struct fa_err *e)
{
	if (what == NULL)
		return fa_errf(e, "'%s' already exists", path);
	return fa_errf(e, "%s '%s' already exists", what, path);
}

/*
 * A temporary file beside path, "PATH.PID-N.tmp", created with O_EXCL
 * in its final mode (fa_create()): its name in *tmp (caller frees) and
 * the descriptor, or -1 with errno.  A name taken (a killed writer's
 * leftover, another process) is passed over, a bounded number of times.
 */
static int
tmp_create(const char *path, unsigned mode, char **tmp)
{
	static unsigned	 seq;
	int		 fd = -1, tries;

	*tmp = NULL;
	for (tries = 0; tries < 100; tries++) {
		free(*tmp);
		*tmp = fa_asprintf("%s.%ld-%u.tmp", path, (long)getpid(),
		    seq++);
		if ((fd = fa_create(*tmp, mode)) != -1 || errno != EEXIST)
			break;
	}
	if (fd == -1) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

int
fa_put_file(const char *path, const char *what, const void *buf,
    size_t len, unsigned mode, int force, struct fa_err *e)
{
	struct stat	 sb;
	char		*tmp = NULL;
	int		 fd, rc = -1, have_tmp = 0;

	if (!force && lstat(path, &sb) == 0)
		return put_exists(what, path, e);
	if ((fd = tmp_create(path, mode, &tmp)) == -1)
		return put_fail(what, path, e);
	have_tmp = 1;
	if (fa_write_all(fd, buf, len) == -1 || fa_fsync(fd) == -1) {
		put_fail(what, path, e);
		close(fd);
		goto out;
	}
	if (close(fd) == -1) {
		put_fail(what, path, e);
		goto out;
	}
	if (!force && link(tmp, path) == -1) {
		if (errno == EEXIST) {
			put_exists(what, path, e);
			goto out;
		}
		if (errno != EPERM && errno != EOPNOTSUPP &&
		    errno != ENOSYS && errno != EMLINK) {
			put_fail(what, path, e);
			goto out;
		}
		/* No hard links here (FAT): check, then rename. */
		if (lstat(path, &sb) == 0) {
			put_exists(what, path, e);
			goto out;
		}
		force = 1;
	}
	if (force) {
		if (rename(tmp, path) == -1) {
			put_fail(what, path, e);
			goto out;
		}
		have_tmp = 0;
	}
	if (fa_fsync_dir(path) == -1) {
		put_fail(what, path, e);
		goto out;
	}
	rc = 0;
out:
	if (have_tmp)
		(void)unlink(tmp);
	free(tmp);
	return rc;
}
