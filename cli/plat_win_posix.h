/*
 * plat_win_posix.h: the POSIX names fleetaudit uses that mingw-w64's C
 * library spells differently or lacks, for the Windows build only (the
 * Makefile's windows target forces it in with -include, so the rest of
 * the code keeps its POSIX calls and no #ifdef).  Part of the platform
 * layer (plat.h); each mapping says what it gives up.
 */
#ifndef FA_PLAT_WIN_POSIX_H
#define FA_PLAT_WIN_POSIX_H

#define _CRT_RAND_S			/* rand_s(), cli/plat_win.c */
#include <winsock2.h>		/* before anything includes windows.h */
#include <ws2tcpip.h>
#include <direct.h>
#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* open(2) flags: descriptors are not inherited (_O_NOINHERIT); there are
 * no terminals to acquire, no symbolic links in the way of a plain open,
 * and files are never opened non-blocking. */
#define O_CLOEXEC	_O_NOINHERIT
#define O_NOCTTY	0
#define O_NOFOLLOW	0
#define O_NONBLOCK	0
#define O_DIRECTORY	0

/* open(2) with POSIX's sharing: a file open here may still be renamed or
 * removed (FILE_SHARE_DELETE), as upload removes a sent bundle it has
 * read, and names are UTF-8 (CreateFileW). */
int	fa_win_open(const char *, int, ...);
#define open		fa_win_open

/* fcntl(2): only F_GETFL/F_SETFL of O_NONBLOCK are asked for (a FIFO's
 * flags): nothing to do. */
#define F_GETFL		3
#define F_SETFL		4
static inline int fa_win_fcntl(int fd, int cmd, ...) { (void)fd; (void)cmd; return 0; }
#define fcntl		fa_win_fcntl

/* Modes: the bits group and others would have are not on Windows, where
 * the access list says who may read (fa_fd_private()). */
#ifndef S_IRWXG
#define S_IRWXG		0
#define S_IRWXO		0
#endif
#ifndef S_ISSOCK
#define S_ISSOCK(m)	0
#endif
#ifndef S_ISLNK
#define S_ISLNK(m)	0
#endif

/* No symbolic links the C library would see: lstat is stat. */
#define lstat		stat

/* mkdir(2) without a mode: a new directory inherits its parent's access
 * list (a home under %LOCALAPPDATA% is the user's alone). */
static inline int fa_win_mkdir(const char *p, int mode) { (void)mode; return _mkdir(p); }
#define mkdir		fa_win_mkdir

int	fa_fchmod(int, unsigned);		/* plat.h */
#define fchmod(fd, m)	fa_fchmod(fd, m)
#define fsync		_commit

/* rename(2) replaces its target atomically; Windows' rename() refuses an
 * existing one: MoveFileEx(MOVEFILE_REPLACE_EXISTING). */
int	fa_win_rename(const char *, const char *);
#define rename		fa_win_rename

/* link(2): a hard link (NTFS has them). */
int	fa_win_link(const char *, const char *);
#define link		fa_win_link

/* pread(2): ReadFile at an offset. */
ssize_t	fa_win_pread(int, void *, size_t, off_t);
#define pread		fa_win_pread

/* getline(3) (POSIX 2008; mingw's C library has none). */
ssize_t	fa_win_getline(char **, size_t *, FILE *);
#define getline		fa_win_getline

/* mkdtemp(3): the template's XXXXXX replaced, the directory made. */
char	*fa_win_mkdtemp(char *);
#define mkdtemp		fa_win_mkdtemp

/* One user: "our" uid is 0 and so is every file's owner. */
static inline int fa_win_uid(void) { return 0; }
#define geteuid		fa_win_uid
#define getuid		fa_win_uid

/* getaddrinfo's EAI_SYSTEM (an errno error) never comes on Windows. */
#ifndef EAI_SYSTEM
#define EAI_SYSTEM	(-11)
#endif

/* SIGHUP (reread the config) has no Windows counterpart. */
#ifndef SIGHUP
#define SIGHUP		1
#endif

/* UTF-16 to UTF-8, for the platform layer's Windows files (cli/plat_win.c;
 * caller frees; NULL gives NULL). */
char	*fa_win_utf8(const wchar_t *w);

#endif
