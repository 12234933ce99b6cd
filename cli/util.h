/*
 * util.h: the leaf every folder may include.  Error sink (struct fa_err),
 * allocation that dies on out-of-memory, bounded string copies and strict
 * number parsing.  Nothing here prints except fa_fatal(), which the library
 * layers never call on input errors (only on out-of-memory and bugs).
 */
#ifndef FA_UTIL_H
#define FA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define UNUSED		__attribute__((unused))
#define FA_WUR		__attribute__((warn_unused_result))
#define nitems(a)	(sizeof(a) / sizeof((a)[0]))

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* One error message, filled by the layer that saw the problem. */
struct fa_err {
	char	msg[256];
};

/* Formats into e (e may be NULL); always returns -1. */
int	fa_errf(struct fa_err *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* Programmer error: prints and aborts. */
void	fa_bug(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/* Allocation that aborts the process on out-of-memory. */
void	*fa_malloc(size_t);
void	*fa_calloc(size_t, size_t);
void	*fa_realloc(void *, size_t);
void	*fa_reallocarray(void *, size_t, size_t);
char	*fa_strdup(const char *);		/* NULL in, NULL out */
char	*fa_strndup(const char *, size_t);
char	*fa_vasprintf(const char *, va_list)
	    __attribute__((format(printf, 1, 0)));
char	*fa_asprintf(const char *, ...)
	    __attribute__((format(printf, 1, 2)));

#define FA_FREE(p)	do { free(p); (p) = NULL; } while (0)

/* memmem(3) and strcasestr(3) (ASCII): not in POSIX 2008. */
void	*fa_memmem(const void *, size_t, const void *, size_t);
char	*fa_strcasestr(const char *, const char *);

/* qsort_r(3) with one signature on every system, and qsort(3); both
 * stable (a merge sort), so equal elements keep their order whatever the
 * C library (glibc's qsort is not stable from 2.37, Microsoft's never). */
void	 fa_sort_r(void *, size_t, size_t,
	    int (*)(const void *, const void *, void *), void *);
void	 fa_sort(void *, size_t, size_t, int (*)(const void *, const void *));

/* BSD strlcpy/strlcat: glibc 2.36 has neither. */
/* s with the spaces and tabs at its start and the spaces, tabs, CRs and
 * LFs at its end cut (in place: the end is written over); a config
 * line's key or value. */
char	*fa_trim(char *s);
size_t	fa_strlcpy(char *, const char *, size_t);
size_t	fa_strlcat(char *, const char *, size_t);

/*
 * Decimal integer in [min, max]; refuses sign errors, junk and overflow.
 * what names the value in the message.
 */
int	fa_strtonum(const char *s, long long min, long long max,
	    long long *out, const char *what, struct fa_err *) FA_WUR;

/*
 * Duration "500ms", "2s", "90m", "4h", "7d" (a bare number is seconds)
 * into milliseconds in [min_ms, max_ms].
 */
int	fa_parse_duration_ms(const char *s, long long min_ms, long long max_ms,
	    long long *out, const char *what, struct fa_err *) FA_WUR;

/* Growable byte buffer; always NUL-terminated. */
struct fa_buf {
	char	*s;
	size_t	 len, cap;
};
#define FA_BUF_INIT	{ NULL, 0, 0 }
void	fa_buf_add(struct fa_buf *, const void *, size_t);
void	fa_buf_puts(struct fa_buf *, const char *);
void	fa_buf_printf(struct fa_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	fa_buf_release(struct fa_buf *);
char	*fa_buf_steal(struct fa_buf *);		/* caller frees */

/*
 * s made safe for one log or terminal line (caller frees): a byte below
 * 0x20, DEL, a backslash, a byte that is not part of valid UTF-8, and
 * the UTF-8 of a C1 control or of a character that reorders or breaks a
 * line on display (U+061C, U+200E, U+200F, U+2028 to U+202E, U+2066 to
 * U+2069) become \xNN (a backslash \\), so a value someone else chose
 * can neither start a line of its own nor hide or rewrite what is around
 * it.  Printable UTF-8 stays as it is.
 */
char	*fa_esc_line(const char *s);

/* Monotonic clock in milliseconds; wall clock in seconds since the epoch. */
int64_t	fa_now_ms(void);
int64_t	fa_wall(void);
/* timegm(3) (not in POSIX 2008): tm as UTC, normalised in place; and
 * gmtime_r(3).  Plain arithmetic (proleptic Gregorian, any year), so
 * every system gives the same answers. */
struct tm;
int64_t	fa_timegm(struct tm *);
void	fa_gmtime(int64_t, struct tm *);
/* "2026-11-25T11:33:21Z" (exactly) into *out; -1 when not such a time. */
int	fa_parse_utc(const char *, int64_t *);
/* "2026-11-25T11:33:21Z" into buf (at least 21 bytes). */
void	fa_iso8601(int64_t t, char *buf, size_t len);

/* Set by signal handlers: long loops check it and stop early. */
extern volatile int fa_interrupted;

/* Whether the file system holding path (a file; its directory is asked)
 * has no space left: a full disk makes SQLite fail in many ways (a full
 * database, or an I/O error extending its WAL index), so callers ask the
 * file system itself to say so plainly. */
int	fa_disk_full(const char *path);

/* write(2) of all len bytes, again after EINTR: 0, or -1 with errno. */
int	fa_write_all(int fd, const void *buf, size_t len);
/*
 * Writes path whole, with mode: a temporary file beside it (created with
 * O_EXCL in that mode, whatever the umask; fsync()ed), then link(2) into
 * place when path must not be replaced (force 0: an existing path is
 * refused, even one that appears meanwhile) or rename(2) when it may be;
 * the directory is fsync()ed last, so the new name survives a crash.  A
 * file system without hard links (FAT on a USB stick) falls back to a
 * check and rename(2).  what names the file in messages ("cannot write
 * WHAT 'PATH': ..."; NULL: "cannot write 'PATH': ...").  0, or -1 with
 * e and no temporary file left.
 */
int	fa_put_file(const char *path, const char *what, const void *buf,
	    size_t len, unsigned mode, int force, struct fa_err *) FA_WUR;

#endif
