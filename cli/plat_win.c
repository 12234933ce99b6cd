/*
 * plat_win.c: plat.h on Windows (mingw-w64).
 *
 * Strings cross the boundary as UTF-8 and are converted to UTF-16 for the
 * wide ("W") Win32 calls, so paths with non-ASCII characters work whatever
 * the system's code page.  Files are opened in binary mode (_fmode), as on
 * POSIX.  Permissions: what POSIX says with mode 0600 is said here with a
 * protected DACL granting the file's owner alone; fa_fd_private() refuses
 * a file whose DACL grants anyone else (or that has no DACL at all, which
 * grants everyone).  The ctl channel is a named pipe driven with
 * overlapped I/O (fa_chan_*), and "run" can be a service of the Service
 * Control Manager (fa_service_*): both at the end of the file.
 */
#define WIN32_LEAN_AND_MEAN
#define _CRT_RAND_S		/* rand_s() */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <io.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <wctype.h>

#include "plat.h"
#include "plat_win_posix.h"
#include "util.h"

/* UTF-8 to UTF-16 (caller frees); NULL when s is not UTF-8. */
static wchar_t *
wide(const char *s)
{
	wchar_t	*w;
	int	 n;

	n = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, s, -1, NULL, 0);
	if (n <= 0)
		return NULL;
	w = fa_reallocarray(NULL, (size_t)n, sizeof(*w));
	(void)MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
	return w;
}

/* UTF-16 to UTF-8 (caller frees; NULL gives NULL): plat_win_posix.h. */
char *
fa_win_utf8(const wchar_t *w)
{
	char	*s;
	int	 n;

	if (w == NULL)
		return NULL;
	n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
	if (n <= 0)
		return fa_strdup("");
	s = fa_malloc((size_t)n);
	(void)WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
	return s;
}

static void (*stop_fn)(int);
static HANDLE stop_ev;		/* set on Ctrl-C: ends fa_chan_poll()'s wait */

static BOOL WINAPI
on_console(DWORD ev)
{
	if (stop_fn == NULL)
		return FALSE;
	switch (ev) {
	case CTRL_C_EVENT:
		stop_fn(SIGINT);
		if (stop_ev != NULL)
			(void)SetEvent(stop_ev);
		return TRUE;
	case CTRL_BREAK_EVENT:
	case CTRL_CLOSE_EVENT:
	case CTRL_SHUTDOWN_EVENT:
		stop_fn(SIGTERM);
		if (stop_ev != NULL)
			(void)SetEvent(stop_ev);
		return TRUE;
	default:
		return FALSE;
	}
}

void
fa_plat_init(void)
{
	WSADATA	wd;

	_fmode = _O_BINARY;
	(void)_setmode(0, _O_BINARY);
	(void)_setmode(1, _O_BINARY);
	(void)_setmode(2, _O_BINARY);
	(void)SetConsoleOutputCP(CP_UTF8);
	(void)SetConsoleCP(CP_UTF8);
	(void)WSAStartup(MAKEWORD(2, 2), &wd);
}

char *
fa_plat_home(void)
{
	const wchar_t	*h;
	char		*base, *r;

	if ((h = _wgetenv(L"LOCALAPPDATA")) != NULL && *h != L'\0') {
		base = fa_win_utf8(h);
		r = fa_asprintf("%s\\fleetaudit", base);
	} else if ((h = _wgetenv(L"USERPROFILE")) != NULL && *h != L'\0') {
		base = fa_win_utf8(h);
		r = fa_asprintf("%s\\AppData\\Local\\fleetaudit", base);
	} else
		return fa_strdup(".fleetaudit");
	free(base);
	return r;
}

int64_t
fa_now_ms(void)
{
	static LARGE_INTEGER	freq;
	LARGE_INTEGER		now;

	if (freq.QuadPart == 0)
		(void)QueryPerformanceFrequency(&freq);
	(void)QueryPerformanceCounter(&now);
	return (int64_t)(now.QuadPart / freq.QuadPart * 1000 +
	    now.QuadPart % freq.QuadPart * 1000 / freq.QuadPart);
}

void
fa_sleep_ms(int64_t ms)
{
	if (ms > 0)
		Sleep(ms > 0x7fffffff ? 0x7fffffff : (DWORD)ms);
}

void
fa_wipe(void *p, size_t n)
{
	SecureZeroMemory(p, n);
}

char *
fa_realpath(const char *path)
{
	wchar_t	*w = wide(path), *full;
	char	*r;
	DWORD	 n;

	if (w == NULL) {
		errno = EINVAL;
		return NULL;
	}
	if (GetFileAttributesW(w) == INVALID_FILE_ATTRIBUTES) {
		free(w);
		errno = ENOENT;
		return NULL;
	}
	n = GetFullPathNameW(w, 0, NULL, NULL);
	full = fa_reallocarray(NULL, (size_t)n + 1, sizeof(*full));
	if (n == 0 || GetFullPathNameW(w, n + 1, full, NULL) == 0) {
		free(w);
		free(full);
		errno = ENOENT;
		return NULL;
	}
	r = fa_win_utf8(full);
	free(w);
	free(full);
	return r;
}

int
fa_mkstemp(char *tmpl)
{
	static const char	 set[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	size_t			 n = strlen(tmpl), i;
	unsigned		 r;
	wchar_t			*w;
	int			 fd, tries;

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return -1;
	}
	for (tries = 0; tries < 100; tries++) {
		for (i = n - 6; i < n; i++) {
			if (rand_s(&r) != 0)
				r = (unsigned)GetTickCount() * 2654435761u +
				    (unsigned)i;
			tmpl[i] = set[r % (sizeof(set) - 1)];
		}
		if ((w = wide(tmpl)) == NULL) {
			errno = EINVAL;
			return -1;
		}
		fd = _wopen(w, _O_RDWR | _O_CREAT | _O_EXCL | _O_BINARY |
		    _O_NOINHERIT, _S_IREAD | _S_IWRITE);
		free(w);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	errno = EEXIST;
	return -1;
}

int
fa_fsync(int fd)
{
	return _commit(fd);
}

int
fa_fsync_dir(const char *path)
{
	(void)path;
	return 0;
}

/* The SID of the user running us (caller frees with free()). */
static PSID
our_sid(void)
{
	HANDLE		 tok;
	DWORD		 n = 0;
	TOKEN_USER	*tu;
	PSID		 sid;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
		return NULL;
	(void)GetTokenInformation(tok, TokenUser, NULL, 0, &n);
	tu = fa_malloc(n);
	if (!GetTokenInformation(tok, TokenUser, tu, n, &n)) {
		CloseHandle(tok);
		free(tu);
		return NULL;
	}
	CloseHandle(tok);
	n = GetLengthSid(tu->User.Sid);
	sid = fa_malloc(n);
	(void)CopySid(n, sid, tu->User.Sid);
	free(tu);
	return sid;
}

/* An access list granting us alone everything (LocalFree() it). */
static PACL
owner_only_acl(void)
{
	EXPLICIT_ACCESSW	 ea;
	PACL			 acl = NULL;
	PSID			 me;

	if ((me = our_sid()) == NULL)
		return NULL;
	memset(&ea, 0, sizeof(ea));
	ea.grfAccessPermissions = FILE_ALL_ACCESS;
	ea.grfAccessMode = SET_ACCESS;
	ea.grfInheritance = NO_INHERITANCE;
	ea.Trustee.TrusteeForm = TRUSTEE_IS_SID;
	ea.Trustee.TrusteeType = TRUSTEE_IS_USER;
	ea.Trustee.ptstrName = (LPWSTR)me;
	if (SetEntriesInAclW(1, &ea, NULL, &acl) != ERROR_SUCCESS)
		acl = NULL;
	free(me);
	return acl;
}

int
fa_create(const char *path, unsigned mode)
{
	SECURITY_DESCRIPTOR	 sd;
	SECURITY_ATTRIBUTES	 sa;
	PACL			 acl = NULL;
	wchar_t			*w;
	HANDLE			 h;
	int			 fd;

	if ((w = wide(path)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.nLength = sizeof(sa);
	sa.bInheritHandle = FALSE;
	if ((mode & 077) == 0) {
		/* owner-only from the start: no window for another reader */
		if ((acl = owner_only_acl()) == NULL ||
		    !InitializeSecurityDescriptor(&sd,
		    SECURITY_DESCRIPTOR_REVISION) ||
		    !SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE) ||
		    !SetSecurityDescriptorControl(&sd, SE_DACL_PROTECTED,
		    SE_DACL_PROTECTED)) {
			LocalFree(acl);
			free(w);
			errno = EACCES;
			return -1;
		}
		sa.lpSecurityDescriptor = &sd;
	}
	h = CreateFileW(w, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_DELETE,
	    &sa, CREATE_NEW, FILE_ATTRIBUTE_NORMAL |
	    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
	LocalFree(acl);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		errno = GetLastError() == ERROR_FILE_EXISTS ||
		    GetLastError() == ERROR_ALREADY_EXISTS ? EEXIST : EACCES;
		return -1;
	}
	if ((fd = _open_osfhandle((intptr_t)h, _O_WRONLY | _O_BINARY)) == -1)
		CloseHandle(h);
	return fd;
}

/* A file's access list is set when it is created (fa_create()): the C
 * library's descriptors have no right to change it afterwards. */
int
fa_fchmod(int fd, unsigned mode)
{
	(void)fd;
	(void)mode;
	return 0;
}

/* The SID an ACE names, whatever its kind (NULL: not an allow/deny). */
static PSID
ace_sid(void *ace, int *allow)
{
	ACE_HEADER	*hd = ace;

	if (hd->AceType == ACCESS_ALLOWED_ACE_TYPE) {
		*allow = 1;
		return &((ACCESS_ALLOWED_ACE *)ace)->SidStart;
	}
	if (hd->AceType == ACCESS_DENIED_ACE_TYPE) {
		*allow = 0;
		return &((ACCESS_DENIED_ACE *)ace)->SidStart;
	}
	*allow = 1;	/* an entry of another kind: counted as a grant */
	return NULL;
}

int
fa_fd_private(int fd, const char *what, const char *path, struct fa_err *e)
{
	HANDLE			 h = (HANDLE)_get_osfhandle(fd);
	PSECURITY_DESCRIPTOR	 sd = NULL;
	PSID			 owner = NULL, sid, system = NULL;
	PACL			 dacl = NULL;
	char			*who = NULL;
	LPSTR			 str = NULL;
	DWORD			 i;
	void			*ace;
	int			 allow, bad = 0;

	if (h == INVALID_HANDLE_VALUE)
		return fa_errf(e, "cannot read %s '%s': bad descriptor", what,
		    path);
	if (GetSecurityInfo(h, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION |
	    DACL_SECURITY_INFORMATION, &owner, NULL, &dacl, NULL, &sd) !=
	    ERROR_SUCCESS)
		return fa_errf(e, "cannot read the permissions of %s '%s'",
		    what, path);
	(void)ConvertStringSidToSidA("S-1-5-18", &system);	/* SYSTEM */
	if (dacl == NULL) {
		bad = 1;
		who = fa_strdup("everyone (no access list)");
	}
	for (i = 0; !bad && i < dacl->AceCount; i++) {
		if (!GetAce(dacl, i, &ace))
			continue;
		sid = ace_sid(ace, &allow);
		if (!allow)
			continue;
		if (sid != NULL && (EqualSid(sid, owner) ||
		    (system != NULL && EqualSid(sid, system))))
			continue;
		bad = 1;
		if (sid != NULL && ConvertSidToStringSidA(sid, &str)) {
			who = fa_strdup(str);
			LocalFree(str);
		} else
			who = fa_strdup("another user");
	}
	LocalFree(system);
	LocalFree(sd);
	if (bad) {
		fa_errf(e, "unsafe permissions on %s '%s': %s may access it "
		    "(allow only your own user: icacls \"%s\" /inheritance:r "
		    "/grant:r %%USERNAME%%:F)", what, path, who, path);
		free(who);
		return -1;
	}
	return 0;
}

void
fa_on_stop(void (*fn)(int))
{
	stop_fn = fn;
	if (stop_ev == NULL)
		stop_ev = CreateEventW(NULL, FALSE, FALSE, NULL);
	(void)SetConsoleCtrlHandler(on_console, TRUE);
}

int
fa_isatty(int fd)
{
	return _isatty(fd);
}

int
fa_poll(struct fa_pollfd *f, int n, int timeout_ms)
{
	WSAPOLLFD	 p[512];
	int		 i, rc;

	if (n < 0 || n > (int)nitems(p)) {
		errno = EINVAL;
		return -1;
	}
	if (n == 0) {
		fa_sleep_ms(timeout_ms);
		return 0;
	}
	for (i = 0; i < n; i++) {
		p[i].fd = (SOCKET)f[i].fd;
		p[i].events = (short)((f[i].events & FA_POLLIN ? POLLRDNORM : 0) |
		    (f[i].events & FA_POLLOUT ? POLLWRNORM : 0));
		p[i].revents = 0;
	}
	rc = WSAPoll(p, (ULONG)n, timeout_ms);
	for (i = 0; i < n; i++)
		f[i].revents = (short)(
		    (p[i].revents & (POLLRDNORM | POLLHUP) ? FA_POLLIN : 0) |
		    (p[i].revents & POLLWRNORM ? FA_POLLOUT : 0) |
		    (p[i].revents & (POLLERR | POLLNVAL) ? FA_POLLERR : 0));
	if (rc < 0)
		errno = EINTR;
	return rc;
}

int
fa_fd_settable(int fd)
{
	return fd >= 0;
}

int
fa_socket(int domain, int type, int nb)
{
	SOCKET	s = socket(domain, type, 0);
	u_long	one = 1;

	if (s == INVALID_SOCKET) {
		errno = EIO;
		return -1;
	}
	(void)SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
	if (nb && ioctlsocket(s, FIONBIO, &one) != 0) {
		closesocket(s);
		errno = EIO;
		return -1;
	}
	return (int)s;
}

int
fa_sock_setint(int fd, int level, int opt, int value)
{
	return setsockopt((SOCKET)fd, level, opt, (const char *)&value,
	    sizeof(value));
}

void
fa_sock_close(int fd)
{
	(void)closesocket((SOCKET)fd);
}

void
fa_sock_timeout(int fd, int which, int secs)
{
	DWORD	ms = (DWORD)secs * 1000;

	(void)setsockopt((SOCKET)fd, SOL_SOCKET, which, (const char *)&ms,
	    sizeof(ms));
}

int
fa_accept(int lfd)
{
	SOCKET	s = accept((SOCKET)lfd, NULL, NULL);
	u_long	one = 1;

	if (s == INVALID_SOCKET) {
		errno = WSAGetLastError() == WSAEWOULDBLOCK ? EAGAIN : EIO;
		return -1;
	}
	(void)SetHandleInformation((HANDLE)s, HANDLE_FLAG_INHERIT, 0);
	(void)ioctlsocket(s, FIONBIO, &one);
	return (int)s;
}

/* A local socket says nothing of its peer's user on Windows; connecting
 * needs write access to the socket's file, in a home only its user may
 * open (%LOCALAPPDATA%), so a peer is that user: uid 0, ours here. */
int
fa_peer_uid(int fd, long *uid)
{
	(void)fd;
	*uid = 0;
	return 0;
}

int
fa_uid_trusted(long uid)
{
	return uid == 0;
}

int
fa_win_rename(const char *from, const char *to)
{
	wchar_t	*wf = wide(from), *wt = wide(to);
	int	 rc = 0;

	if (wf == NULL || wt == NULL || !MoveFileExW(wf, wt,
	    MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
		errno = GetLastError() == ERROR_FILE_NOT_FOUND ||
		    GetLastError() == ERROR_PATH_NOT_FOUND ? ENOENT : EACCES;
		rc = -1;
	}
	free(wf);
	free(wt);
	return rc;
}

int
fa_win_open(const char *path, int flags, ...)
{
	wchar_t	*w;
	DWORD	 access, disp, attr = FILE_ATTRIBUTE_NORMAL;
	HANDLE	 h;
	int	 fd, cflags = 0, err;

	switch (flags & (_O_RDONLY | _O_WRONLY | _O_RDWR)) {
	case _O_WRONLY:
		access = GENERIC_WRITE;
		break;
	case _O_RDWR:
		access = GENERIC_READ | GENERIC_WRITE;
		break;
	default:
		access = GENERIC_READ;
		cflags |= _O_RDONLY;
		break;
	}
	if (flags & _O_APPEND)
		cflags |= _O_APPEND;
	if ((flags & _O_CREAT) && (flags & _O_EXCL))
		disp = CREATE_NEW;
	else if ((flags & _O_CREAT) && (flags & _O_TRUNC))
		disp = CREATE_ALWAYS;
	else if (flags & _O_CREAT)
		disp = OPEN_ALWAYS;
	else if (flags & _O_TRUNC)
		disp = TRUNCATE_EXISTING;
	else
		disp = OPEN_EXISTING;
	if ((w = wide(path)) == NULL) {
		errno = EINVAL;
		return -1;
	}
	/* a directory opens too (as POSIX's O_RDONLY does), to be told
	 * apart by fstat() */
	h = CreateFileW(w, access, FILE_SHARE_READ | FILE_SHARE_WRITE |
	    FILE_SHARE_DELETE, NULL, disp, attr | FILE_FLAG_BACKUP_SEMANTICS,
	    NULL);
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		err = (int)GetLastError();
		errno = err == ERROR_FILE_NOT_FOUND ||
		    err == ERROR_PATH_NOT_FOUND ? ENOENT :
		    err == ERROR_FILE_EXISTS || err == ERROR_ALREADY_EXISTS ?
		    EEXIST : EACCES;
		return -1;
	}
	if ((fd = _open_osfhandle((intptr_t)h, cflags | _O_BINARY)) == -1)
		CloseHandle(h);
	return fd;
}

ssize_t
fa_win_pread(int fd, void *buf, size_t n, off_t off)
{
	HANDLE		h = (HANDLE)_get_osfhandle(fd);
	OVERLAPPED	ov;
	DWORD		got = 0;

	memset(&ov, 0, sizeof(ov));
	ov.Offset = (DWORD)((uint64_t)off & 0xffffffffu);
	ov.OffsetHigh = (DWORD)((uint64_t)off >> 32);
	if (h == INVALID_HANDLE_VALUE) {
		errno = EBADF;
		return -1;
	}
	if (!ReadFile(h, buf, n > 0x7fffffff ? 0x7fffffff : (DWORD)n, &got,
	    &ov)) {
		if (GetLastError() == ERROR_HANDLE_EOF)
			return 0;
		errno = EIO;
		return -1;
	}
	return (ssize_t)got;
}

ssize_t
fa_win_getline(char **lp, size_t *cap, FILE *f)
{
	size_t	n = 0;
	int	c;

	if (*lp == NULL || *cap == 0) {
		*cap = 128;
		*lp = fa_realloc(*lp, *cap);
	}
	while ((c = getc(f)) != EOF) {
		if (n + 2 > *cap) {
			*cap *= 2;
			*lp = fa_realloc(*lp, *cap);
		}
		(*lp)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	(*lp)[n] = '\0';
	return n == 0 && c == EOF ? -1 : (ssize_t)n;
}

int
fa_win_link(const char *from, const char *to)
{
	wchar_t	*wf = wide(from), *wt = wide(to);
	int	 rc = 0;

	if (wf == NULL || wt == NULL || !CreateHardLinkW(wt, wf, NULL)) {
		errno = GetLastError() == ERROR_ALREADY_EXISTS ||
		    GetLastError() == ERROR_FILE_EXISTS ? EEXIST :
		    GetLastError() == ERROR_NOT_SUPPORTED ? EPERM : EACCES;
		rc = -1;
	}
	free(wf);
	free(wt);
	return rc;
}

int
fa_send_flags(void)
{
	return 0;
}

int
fa_disk_full(const char *path)
{
	ULARGE_INTEGER	 avail;
	char		*dir = fa_strdup(path), *slash, *bs;
	wchar_t		*w;
	int		 full = 0;

	slash = strrchr(dir, '/');
	bs = strrchr(dir, '\\');
	if (bs != NULL && (slash == NULL || bs > slash))
		slash = bs;
	if (slash != NULL)
		slash[1] = '\0';
	else
		fa_strlcpy(dir, ".", strlen(dir) + 1);
	if ((w = wide(dir)) != NULL && GetDiskFreeSpaceExW(w, &avail, NULL,
	    NULL))
		full = avail.QuadPart == 0;
	free(w);
	free(dir);
	return full;
}

/* argv[i] quoted for CommandLineToArgvW's rules into b. */
static void
quote_arg(struct fa_buf *b, const char *a)
{
	size_t	bs = 0;

	if (*a != '\0' && strpbrk(a, " \t\n\v\"") == NULL) {
		fa_buf_puts(b, a);
		return;
	}
	fa_buf_add(b, "\"", 1);
	for (; *a != '\0'; a++) {
		if (*a == '\\') {
			bs++;
			continue;
		}
		if (*a == '"')
			bs = bs * 2 + 1;	/* each doubled, then \" */
		for (; bs > 0; bs--)
			fa_buf_add(b, "\\", 1);
		fa_buf_add(b, a, 1);
	}
	for (bs *= 2; bs > 0; bs--)	/* doubled before the closing quote */
		fa_buf_add(b, "\\", 1);
	fa_buf_add(b, "\"", 1);
}

char *
fa_mkdtemp(const char *prefix)
{
	wchar_t		 tmp[MAX_PATH + 1];
	char		*base, *p;
	unsigned	 r;
	int		 tries;

	if (GetTempPathW(MAX_PATH + 1, tmp) == 0) {
		errno = ENOENT;
		return NULL;
	}
	base = fa_win_utf8(tmp);
	for (tries = 0; tries < 100; tries++) {
		wchar_t	*w;

		if (rand_s(&r) != 0)
			r = (unsigned)GetTickCount() + (unsigned)tries;
		p = fa_asprintf("%s%s.%08x", base, prefix, r);
		w = wide(p);
		if (w != NULL && CreateDirectoryW(w, NULL)) {
			free(w);
			free(base);
			return p;
		}
		free(w);
		free(p);
		if (GetLastError() != ERROR_ALREADY_EXISTS)
			break;
	}
	free(base);
	errno = EEXIST;
	return NULL;
}

char *
fa_win_mkdtemp(char *tmpl)
{
	size_t		 n = strlen(tmpl), i;
	unsigned	 r;
	int		 tries;

	if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
		errno = EINVAL;
		return NULL;
	}
	for (tries = 0; tries < 100; tries++) {
		for (i = n - 6; i < n; i++) {
			if (rand_s(&r) != 0)
				r = (unsigned)GetTickCount() + (unsigned)i;
			tmpl[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[r % 36];
		}
		if (_mkdir(tmpl) == 0)
			return tmpl;
		if (errno != EEXIST)
			return NULL;
	}
	return NULL;
}

int
fa_is_root(void)
{
	return 0;
}

void
fa_give_to(const char *path, const char *user)
{
	(void)path;
	(void)user;
}

struct fa_proc {
	HANDLE	h;
};

int
fa_proc_start(char *const argv[], const char *log, struct fa_proc **out,
    struct fa_err *e)
{
	STARTUPINFOW		 si;
	PROCESS_INFORMATION	 pi;
	SECURITY_ATTRIBUTES	 sa;
	struct fa_buf		 cmd = FA_BUF_INIT;
	wchar_t			*wcmd, *wlog;
	HANDLE			 lh;
	size_t			 i;
	BOOL			 ok;

	*out = NULL;
	for (i = 0; argv[i] != NULL; i++) {
		if (i > 0)
			fa_buf_add(&cmd, " ", 1);
		quote_arg(&cmd, argv[i]);
	}
	wcmd = wide(cmd.s);
	wlog = wide(log);
	fa_buf_release(&cmd);
	if (wcmd == NULL || wlog == NULL) {
		free(wcmd);
		free(wlog);
		return fa_errf(e, "a name is not UTF-8");
	}
	memset(&sa, 0, sizeof(sa));
	sa.nLength = sizeof(sa);
	sa.bInheritHandle = TRUE;
	lh = CreateFileW(wlog, GENERIC_WRITE, FILE_SHARE_READ, &sa,
	    CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
	free(wlog);
	if (lh == INVALID_HANDLE_VALUE) {
		free(wcmd);
		return fa_errf(e, "cannot write '%s'", log);
	}
	memset(&si, 0, sizeof(si));
	si.cb = sizeof(si);
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
	si.hStdOutput = lh;
	si.hStdError = lh;
	ok = CreateProcessW(NULL, wcmd, NULL, NULL, TRUE, CREATE_NO_WINDOW,
	    NULL, NULL, &si, &pi);
	CloseHandle(lh);
	free(wcmd);
	if (!ok)
		return fa_errf(e, "not found or not startable (error %lu)",
		    (unsigned long)GetLastError());
	CloseHandle(pi.hThread);
	*out = fa_calloc(1, sizeof(**out));
	(*out)->h = pi.hProcess;
	return 0;
}

int
fa_proc_running(struct fa_proc *p)
{
	return p != NULL && p->h != NULL &&
	    WaitForSingleObject(p->h, 0) == WAIT_TIMEOUT;
}

void
fa_proc_stop(struct fa_proc *p)
{
	if (p == NULL)
		return;
	if (p->h != NULL) {
		if (WaitForSingleObject(p->h, 0) == WAIT_TIMEOUT)
			(void)TerminateProcess(p->h, 1);
		(void)WaitForSingleObject(p->h, 10000);
		CloseHandle(p->h);
	}
	free(p);
}

/* ---- the control channel: a named pipe (plat.h) ----
 *
 * The pipe is opened for overlapped I/O and driven as the POSIX side
 * drives a non-blocking socket: one instance at a time waits for a
 * client (ConnectNamedPipe); a connection keeps at most one read and one
 * write in flight, "readable" meaning a read finished, "writable" that
 * no write is in flight; fa_chan_poll() waits on their events
 * (WaitForMultipleObjects) and on the event Ctrl-C sets.
 */

#define CHAN_BUF	65536	/* each way: a status answer fits at once */
#define CHAN_LINGER_MS	5000	/* a last write at close */
#define CHAN_CONNECT_MS	10000	/* a client waits for a free instance */

struct fa_chan {
	HANDLE		 h;
	int		 listener;
	wchar_t		*name;		/* listener: to make more instances */
	OVERLAPPED	 ov;		/* ConnectNamedPipe, or the read */
	int		 pending;	/* ov in flight */
	int		 ready;		/* listener: a client is connected */
	OVERLAPPED	 wov;		/* the write */
	int		 wpending;
	int		 eof, broken;
	char		 rbuf[4096];
	size_t		 rlen, roff;
	char		*wbuf;		/* CHAN_BUF bytes, kept while written */
};

/*
 * The pipe's access list: the current user alone; when that user is
 * LocalSystem (the service), the Administrators group as well, so an
 * elevated "fleetaudit ctl" reaches the service (as root reaches a user's
 * socket on POSIX).  LocalFree() it.
 */
static PACL
chan_acl(void)
{
	EXPLICIT_ACCESSW	 ea[2];
	PACL			 acl = NULL;
	PSID			 me, system = NULL, admins = NULL;
	ULONG			 n = 1;

	if ((me = our_sid()) == NULL)
		return NULL;
	memset(ea, 0, sizeof(ea));
	ea[0].grfAccessPermissions = GENERIC_ALL;
	ea[0].grfAccessMode = SET_ACCESS;
	ea[0].grfInheritance = NO_INHERITANCE;
	ea[0].Trustee.TrusteeForm = TRUSTEE_IS_SID;
	ea[0].Trustee.TrusteeType = TRUSTEE_IS_USER;
	ea[0].Trustee.ptstrName = (LPWSTR)me;
	if (ConvertStringSidToSidA("S-1-5-18", &system) &&
	    EqualSid(me, system) &&
	    ConvertStringSidToSidA("S-1-5-32-544", &admins)) {
		ea[1] = ea[0];
		ea[1].Trustee.TrusteeType = TRUSTEE_IS_GROUP;
		ea[1].Trustee.ptstrName = (LPWSTR)admins;
		n = 2;
	}
	if (SetEntriesInAclW(n, ea, NULL, &acl) != ERROR_SUCCESS)
		acl = NULL;
	LocalFree(system);
	LocalFree(admins);
	free(me);
	return acl;
}

char *
fa_chan_path(const char *home, const char *file)
{
	wchar_t		*w = wide(home), *full = NULL;
	uint64_t	 h = 14695981039346656037ULL;	/* FNV-1a */
	DWORD		 n;
	size_t		 i, len;
	wint_t		 ch;

	(void)file;
	if (w != NULL && (n = GetFullPathNameW(w, 0, NULL, NULL)) > 0) {
		full = fa_reallocarray(NULL, (size_t)n + 1, sizeof(*full));
		if (GetFullPathNameW(w, n + 1, full, NULL) == 0) {
			free(full);
			full = NULL;
		}
	}
	if (full == NULL) {
		full = w;
		w = NULL;
	}
	len = full != NULL ? wcslen(full) : 0;
	while (len > 3 && (full[len - 1] == L'\\' || full[len - 1] == L'/'))
		len--;
	for (i = 0; i < len; i++) {
		ch = full[i] == L'/' ? L'\\' : towlower(full[i]);
		h = (h ^ (ch & 0xff)) * 1099511628211ULL;
		h = (h ^ (ch >> 8)) * 1099511628211ULL;
	}
	free(w);
	free(full);
	return fa_asprintf("\\\\.\\pipe\\fleetaudit-%016llx",
	    (unsigned long long)h);
}

/* One more instance of the pipe name (first: the first one, which fails
 * when the name is already taken); INVALID_HANDLE_VALUE with *err. */
static HANDLE
pipe_make(const wchar_t *name, int first, DWORD *err)
{
	SECURITY_DESCRIPTOR	sd;
	SECURITY_ATTRIBUTES	sa;
	PACL			acl;
	HANDLE			h = INVALID_HANDLE_VALUE;

	*err = ERROR_ACCESS_DENIED;
	if ((acl = chan_acl()) == NULL)
		return h;
	memset(&sa, 0, sizeof(sa));
	sa.nLength = sizeof(sa);
	sa.bInheritHandle = FALSE;
	sa.lpSecurityDescriptor = &sd;
	if (InitializeSecurityDescriptor(&sd, SECURITY_DESCRIPTOR_REVISION) &&
	    SetSecurityDescriptorDacl(&sd, TRUE, acl, FALSE) &&
	    SetSecurityDescriptorControl(&sd, SE_DACL_PROTECTED,
	    SE_DACL_PROTECTED)) {
		h = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX |
		    FILE_FLAG_OVERLAPPED |
		    (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
		    PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT |
		    PIPE_REJECT_REMOTE_CLIENTS, PIPE_UNLIMITED_INSTANCES,
		    CHAN_BUF, CHAN_BUF, 0, &sa);
		*err = GetLastError();
	}
	LocalFree(acl);
	return h;
}

static struct fa_chan *
chan_new(void)
{
	struct fa_chan	*c = fa_calloc(1, sizeof(*c));

	c->h = INVALID_HANDLE_VALUE;
	c->ov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	c->wov.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
	return c;
}

/* The listener's instance waits for a client (made first if need be). */
static void
listen_arm(struct fa_chan *l)
{
	DWORD	err;

	l->ready = l->pending = 0;
	if (l->h == INVALID_HANDLE_VALUE &&
	    (l->h = pipe_make(l->name, 0, &err)) == INVALID_HANDLE_VALUE)
		return;		/* tried again at the next poll */
	(void)ResetEvent(l->ov.hEvent);
	if (ConnectNamedPipe(l->h, &l->ov)) {
		l->ready = 1;
		return;
	}
	switch (GetLastError()) {
	case ERROR_IO_PENDING:
		l->pending = 1;
		break;
	case ERROR_PIPE_CONNECTED:
		l->ready = 1;
		break;
	default:	/* the client came and went already */
		(void)CloseHandle(l->h);
		l->h = INVALID_HANDLE_VALUE;
		break;
	}
}

static int
listen_ready(struct fa_chan *l)
{
	DWORD	n;

	if (l->h == INVALID_HANDLE_VALUE)
		listen_arm(l);
	if (l->ready || !l->pending)
		return l->ready;
	if (GetOverlappedResult(l->h, &l->ov, &n, FALSE)) {
		l->pending = 0;
		l->ready = 1;
		return 1;
	}
	if (GetLastError() == ERROR_IO_INCOMPLETE)
		return 0;
	l->pending = 0;
	(void)DisconnectNamedPipe(l->h);
	listen_arm(l);
	return l->ready;
}

/* A read finished (data or the end), one started if none is in flight. */
static int
conn_readable(struct fa_chan *c)
{
	DWORD	n;

	if (c->roff < c->rlen || c->eof)
		return 1;
	if (!c->pending) {
		(void)ResetEvent(c->ov.hEvent);
		c->rlen = c->roff = 0;
		if (!ReadFile(c->h, c->rbuf, sizeof(c->rbuf), NULL, &c->ov) &&
		    GetLastError() != ERROR_IO_PENDING) {
			c->eof = 1;
			return 1;
		}
		c->pending = 1;
	}
	if (GetOverlappedResult(c->h, &c->ov, &n, FALSE)) {
		c->pending = 0;
		c->rlen = n;
		return n > 0;
	}
	if (GetLastError() == ERROR_IO_INCOMPLETE)
		return 0;
	c->pending = 0;
	c->eof = 1;
	return 1;
}

static int
conn_writable(struct fa_chan *c)
{
	DWORD	n;

	if (!c->wpending)
		return 1;
	if (GetOverlappedResult(c->h, &c->wov, &n, FALSE)) {
		c->wpending = 0;
		return 1;
	}
	if (GetLastError() == ERROR_IO_INCOMPLETE)
		return 0;
	c->wpending = 0;
	c->broken = 1;
	return 1;
}

int
fa_chan_connect(const char *path, int *fdp, int *none, struct fa_err *e)
{
	wchar_t		*w = wide(path);
	HANDLE		 h = INVALID_HANDLE_VALUE;
	int64_t		 end = fa_now_ms() + CHAN_CONNECT_MS, left;
	DWORD		 err = ERROR_INVALID_NAME;
	int		 fd;

	*fdp = -1;
	*none = 0;
	while (w != NULL) {
		/* SECURITY_IDENTIFICATION: a server may learn who we are,
		 * never act as us. */
		h = CreateFileW(w, GENERIC_READ | GENERIC_WRITE, 0, NULL,
		    OPEN_EXISTING, SECURITY_SQOS_PRESENT |
		    SECURITY_IDENTIFICATION, NULL);
		if (h != INVALID_HANDLE_VALUE)
			break;
		err = GetLastError();
		if (err != ERROR_PIPE_BUSY || (left = end - fa_now_ms()) <= 0)
			break;
		(void)WaitNamedPipeW(w, (DWORD)left);
	}
	free(w);
	if (h == INVALID_HANDLE_VALUE) {
		switch (err) {
		case ERROR_FILE_NOT_FOUND:
		case ERROR_PATH_NOT_FOUND:
			*none = 1;
			return fa_errf(e, "no collector running (%s)", path);
		case ERROR_PIPE_BUSY:
			return fa_errf(e, "the collector at '%s' is not "
			    "accepting connections (too many clients?)", path);
		case ERROR_ACCESS_DENIED:
			return fa_errf(e, "permission denied: the pipe '%s' "
			    "belongs to another user", path);
		default:
			return fa_errf(e, "cannot connect to '%s': Windows "
			    "error %lu", path, (unsigned long)err);
		}
	}
	if ((fd = _open_osfhandle((intptr_t)h, _O_RDWR | _O_BINARY)) < 0) {
		(void)CloseHandle(h);
		return fa_errf(e, "cannot connect to '%s': %s", path,
		    strerror(errno));
	}
	*fdp = fd;
	return 0;
}

ssize_t
fa_chan_write(int fd, const void *p, size_t n)
{
	return write(fd, p, (unsigned)(n > 0x7fffffff ? 0x7fffffff : n));
}

void
fa_chan_timeout(int fd, int secs)
{
	(void)fd;
	(void)secs;
}

int
fa_chan_listen(const char *path, struct fa_chan **out, int *taken,
    int *stale, struct fa_err *e)
{
	struct fa_chan	*l;
	struct fa_err	 e2;
	DWORD		 err;
	int		 fd, none;

	*out = NULL;
	*taken = *stale = 0;
	l = chan_new();
	l->listener = 1;
	if ((l->name = wide(path)) == NULL) {
		fa_chan_close(l);
		return fa_errf(e, "bad pipe name '%s'", path);
	}
	/* FILE_FLAG_FIRST_PIPE_INSTANCE refuses a name already made; Wine
	 * ignores the flag, so the name is tried first, as on POSIX: a pipe
	 * of that name, answering or not (busy, another user's), is taken. */
	if (fa_chan_connect(path, &fd, &none, &e2) == 0 || !none) {
		if (fd >= 0)
			(void)close(fd);
		fa_chan_close(l);
		*taken = 1;
		return fa_errf(e, "the pipe '%s' is taken", path);
	}
	if ((l->h = pipe_make(l->name, 1, &err)) == INVALID_HANDLE_VALUE) {
		fa_chan_close(l);
		if (err == ERROR_ACCESS_DENIED || err == ERROR_PIPE_BUSY) {
			*taken = 1;
			return fa_errf(e, "the pipe '%s' is taken", path);
		}
		return fa_errf(e, "cannot make the pipe '%s': Windows error "
		    "%lu", path, (unsigned long)err);
	}
	listen_arm(l);
	*out = l;
	return 0;
}

int
fa_chan_accept(struct fa_chan *l, struct fa_chan **out, long *uid)
{
	struct fa_chan	*c;

	*out = NULL;
	*uid = 0;	/* the pipe's DACL let only us in */
	if (!listen_ready(l)) {
		errno = EAGAIN;
		return -1;
	}
	c = chan_new();
	c->h = l->h;
	c->wbuf = fa_malloc(CHAN_BUF);
	l->h = INVALID_HANDLE_VALUE;
	listen_arm(l);
	*out = c;
	return 0;
}

ssize_t
fa_chan_recv(struct fa_chan *c, void *p, size_t n)
{
	size_t	k;

	if (!conn_readable(c)) {
		errno = EAGAIN;
		return -1;
	}
	if (c->roff == c->rlen)
		return 0;
	k = c->rlen - c->roff < n ? c->rlen - c->roff : n;
	memcpy(p, c->rbuf + c->roff, k);
	c->roff += k;
	return (ssize_t)k;
}

ssize_t
fa_chan_send(struct fa_chan *c, const void *p, size_t n)
{
	if (!conn_writable(c)) {
		errno = EAGAIN;
		return -1;
	}
	if (c->broken) {
		errno = EPIPE;
		return -1;
	}
	if (n > CHAN_BUF)
		n = CHAN_BUF;
	memcpy(c->wbuf, p, n);
	(void)ResetEvent(c->wov.hEvent);
	if (!WriteFile(c->h, c->wbuf, (DWORD)n, NULL, &c->wov) &&
	    GetLastError() != ERROR_IO_PENDING) {
		c->broken = 1;
		errno = EPIPE;
		return -1;
	}
	c->wpending = 1;
	return (ssize_t)n;
}

static short
chan_check(struct fa_chan *c, short events)
{
	short	r = 0;

	if (c->listener)
		return (events & FA_POLLIN) && listen_ready(c) ? FA_POLLIN : 0;
	if ((events & FA_POLLIN) && conn_readable(c))
		r |= FA_POLLIN;
	if ((events & FA_POLLOUT) && conn_writable(c))
		r |= FA_POLLOUT;
	if (c->broken)
		r |= FA_POLLERR;
	return r;
}

int
fa_chan_poll(struct fa_chan_poll *v, int n, int timeout_ms)
{
	HANDLE	hs[MAXIMUM_WAIT_OBJECTS];
	DWORD	nh = 0;
	int	i, ready = 0;

	for (i = 0; i < n; i++)
		if ((v[i].revents = chan_check(v[i].c, v[i].events)) != 0)
			ready++;
	if (ready > 0 || timeout_ms <= 0)
		return ready;
	for (i = 0; i < n && nh + 2 < MAXIMUM_WAIT_OBJECTS; i++) {
		if (v[i].c->listener && v[i].c->pending)
			hs[nh++] = v[i].c->ov.hEvent;
		if (!v[i].c->listener && (v[i].events & FA_POLLIN) &&
		    v[i].c->pending)
			hs[nh++] = v[i].c->ov.hEvent;
		if ((v[i].events & FA_POLLOUT) && v[i].c->wpending)
			hs[nh++] = v[i].c->wov.hEvent;
	}
	if (stop_ev != NULL)
		hs[nh++] = stop_ev;
	if (nh == 0)
		Sleep((DWORD)timeout_ms);
	else
		(void)WaitForMultipleObjects(nh, hs, FALSE, (DWORD)timeout_ms);
	for (i = 0; i < n; i++)
		if ((v[i].revents = chan_check(v[i].c, v[i].events)) != 0)
			ready++;
	return ready;
}

void
fa_chan_close(struct fa_chan *c)
{
	DWORD	n;
	int	busy = 0;

	if (c == NULL)
		return;
	if (c->h != INVALID_HANDLE_VALUE) {
		if (c->wpending &&
		    WaitForSingleObject(c->wov.hEvent, CHAN_LINGER_MS) ==
		    WAIT_OBJECT_0)
			c->wpending = 0;
		if (c->pending || c->wpending) {
			(void)CancelIoEx(c->h, NULL);
			/* The system writes into ov and wov until the I/O
			 * ends: bounded waits, and on the unlikely timeout
			 * the structure is left allocated rather than
			 * freed under a write. */
			if (c->pending && WaitForSingleObject(c->ov.hEvent,
			    1000) != WAIT_OBJECT_0)
				busy = 1;
			if (c->wpending && WaitForSingleObject(c->wov.hEvent,
			    1000) != WAIT_OBJECT_0)
				busy = 1;
			if (!busy && c->pending)
				(void)GetOverlappedResult(c->h, &c->ov, &n,
				    FALSE);
		}
		(void)CloseHandle(c->h);
		c->h = INVALID_HANDLE_VALUE;
	}
	if (busy)
		return;
	if (c->ov.hEvent != NULL)
		(void)CloseHandle(c->ov.hEvent);
	if (c->wov.hEvent != NULL)
		(void)CloseHandle(c->wov.hEvent);
	free(c->name);
	free(c->wbuf);
	free(c);
}

/* The home inherits its access list from %LOCALAPPDATA% (the user's
 * profile): nothing to tighten here. */
int
fa_dir_private(const char *path, unsigned *was)
{
	(void)path;
	*was = 0;
	return 0;
}

/* ---- "fleetaudit run" as a service (plat.h) ----
 *
 * The Service Control Manager starts "fleetaudit.exe service run --home
 * HOME"; fa_service_run() hands the main thread to its dispatcher, whose
 * ServiceMain runs the body in a thread of its own and whose control
 * handler turns the manager's stop into what Ctrl-C does (stop_fn,
 * stop_ev).
 */

/* In a process without a console the C library (msvcrt) marks stdout
 * and stderr with no descriptor (-2), and freopen() refuses such a
 * stream: the descriptors are made with dup2() and the streams pointed at
 * them. */
int
fa_plat_output_to(const char *path)
{
	int	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	(void)dup2(fd, 1);
	(void)dup2(fd, 2);
	if (fd > 2)
		close(fd);
	if (stdout->_file < 0)
		stdout->_file = 1;
	if (stderr->_file < 0)
		stderr->_file = 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
	return 0;
}

static wchar_t		 *svc_name;
static int		(*svc_fn)(int, char *[]);
static int		  svc_argc;
static char		**svc_argv;
static SERVICE_STATUS_HANDLE svc_h;
static SERVICE_STATUS	  svc_st;

static void
svc_report(DWORD state, int code, DWORD wait_ms)
{
	svc_st.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
	svc_st.dwCurrentState = state;
	svc_st.dwControlsAccepted = state == SERVICE_RUNNING ?
	    SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN : 0;
	svc_st.dwWin32ExitCode = code != 0 ? ERROR_SERVICE_SPECIFIC_ERROR :
	    NO_ERROR;
	svc_st.dwServiceSpecificExitCode = (DWORD)code;
	svc_st.dwWaitHint = wait_ms;
	svc_st.dwCheckPoint = state == SERVICE_RUNNING ||
	    state == SERVICE_STOPPED ? 0 : svc_st.dwCheckPoint + 1;
	(void)SetServiceStatus(svc_h, &svc_st);
}

static DWORD WINAPI
svc_control(DWORD ctl, DWORD type, void *data, void *ctx)
{
	(void)type;
	(void)data;
	(void)ctx;
	switch (ctl) {
	case SERVICE_CONTROL_STOP:
	case SERVICE_CONTROL_SHUTDOWN:
		svc_report(SERVICE_STOP_PENDING, 0,
		    FA_SERVICE_WAIT_S * 1000);
		if (stop_fn != NULL)
			stop_fn(SIGTERM);
		if (stop_ev != NULL)
			(void)SetEvent(stop_ev);
		return NO_ERROR;
	case SERVICE_CONTROL_INTERROGATE:
		return NO_ERROR;
	default:
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
}

static void WINAPI
svc_main(DWORD argc, wchar_t **argv)
{
	int	rc;

	(void)argc;
	(void)argv;
	if ((svc_h = RegisterServiceCtrlHandlerExW(svc_name, svc_control,
	    NULL)) == NULL)
		return;
	svc_report(SERVICE_RUNNING, 0, 0);
	rc = svc_fn(svc_argc, svc_argv);
	svc_report(SERVICE_STOPPED, rc, 0);
}

int
fa_service_supported(void)
{
	return 1;
}

int
fa_service_run(const char *name, int (*fn)(int, char *[]), int argc,
    char *argv[], struct fa_err *e)
{
	SERVICE_TABLE_ENTRYW	t[2];
	DWORD			err;

	if ((svc_name = wide(name)) == NULL)
		return fa_errf(e, "bad service name '%s'", name);
	svc_fn = fn;
	svc_argc = argc;
	svc_argv = argv;
	memset(t, 0, sizeof(t));
	t[0].lpServiceName = svc_name;
	t[0].lpServiceProc = svc_main;
	if (!StartServiceCtrlDispatcherW(t)) {
		err = GetLastError();
		free(svc_name);
		if (err == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
			return fa_errf(e, "'service run' is for the service "
			    "manager (use 'fleetaudit run', or 'fleetaudit "
			    "service start')");
		return fa_errf(e, "the service manager's dispatcher failed: "
		    "Windows error %lu", (unsigned long)err);
	}
	free(svc_name);
	return (int)svc_st.dwServiceSpecificExitCode;
}

/* One line for a failed service manager call. */
static int
svc_err(struct fa_err *e, const char *verb, const char *name, DWORD err)
{
	switch (err) {
	case ERROR_ACCESS_DENIED:
		return fa_errf(e, "service %s: permission denied (run it from "
		    "an administrator's prompt)", verb);
	case ERROR_SERVICE_EXISTS:
		return fa_errf(e, "service %s: the service '%s' is already "
		    "installed ('fleetaudit service remove' first)", verb,
		    name);
	case ERROR_SERVICE_DOES_NOT_EXIST:
		return fa_errf(e, "service %s: the service '%s' is not "
		    "installed ('fleetaudit service install')", verb, name);
	case ERROR_SERVICE_ALREADY_RUNNING:
		return fa_errf(e, "service %s: the service '%s' is already "
		    "running", verb, name);
	case ERROR_SERVICE_NOT_ACTIVE:
		return fa_errf(e, "service %s: the service '%s' is not "
		    "running", verb, name);
	case ERROR_SERVICE_MARKED_FOR_DELETE:
		return fa_errf(e, "service %s: the service '%s' is being "
		    "removed", verb, name);
	default:
		return fa_errf(e, "service %s: Windows error %lu", verb,
		    (unsigned long)err);
	}
}

/* Waits at most FA_SERVICE_WAIT_S for want; the state reached. */
static DWORD
svc_wait(SC_HANDLE s, DWORD want)
{
	SERVICE_STATUS	st;
	int		i;

	memset(&st, 0, sizeof(st));
	for (i = 0; i < FA_SERVICE_WAIT_S * 10; i++) {
		if (!QueryServiceStatus(s, &st))
			return 0;
		if (st.dwCurrentState == want ||
		    st.dwCurrentState == SERVICE_STOPPED)
			return st.dwCurrentState;
		Sleep(100);
	}
	return st.dwCurrentState;
}

static int
svc_install(SC_HANDLE m, const char *name, const char *home,
    struct fa_err *e)
{
	SERVICE_DESCRIPTIONW	 d;
	struct fa_buf		 cmd = FA_BUF_INIT;
	wchar_t			 exe[MAX_PATH * 2], *wn, *wc, *wd;
	char			*x;
	SC_HANDLE		 s;
	int			 rc = 0;

	if (GetModuleFileNameW(NULL, exe, (DWORD)nitems(exe)) == 0)
		return fa_errf(e, "service install: cannot find this "
		    "program's path");
	x = fa_win_utf8(exe);
	quote_arg(&cmd, x);
	free(x);
	fa_buf_puts(&cmd, " service run --home ");
	quote_arg(&cmd, home);
	wn = wide(name);
	wc = wide(cmd.s);
	wd = wide("fleetaudit collector: discovers and reads the site's "
	    "printers on schedules (fleetaudit run)");
	s = CreateServiceW(m, wn, L"fleetaudit collector", SERVICE_ALL_ACCESS,
	    SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START,
	    SERVICE_ERROR_NORMAL, wc, NULL, NULL, NULL, NULL, NULL);
	if (s == NULL)
		rc = svc_err(e, "install", name, GetLastError());
	else {
		d.lpDescription = wd;
		(void)ChangeServiceConfig2W(s, SERVICE_CONFIG_DESCRIPTION, &d);
		CloseServiceHandle(s);
	}
	free(wn);
	free(wc);
	free(wd);
	fa_buf_release(&cmd);
	return rc;
}

int
fa_service_ctl(const char *verb, const char *name, const char *home,
    struct fa_err *e)
{
	SERVICE_STATUS	 st;
	SC_HANDLE	 m, s = NULL;
	wchar_t		*wn = NULL;
	DWORD		 state;
	int		 rc = 0, install = strcmp(verb, "install") == 0;

	if ((m = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT |
	    (install ? SC_MANAGER_CREATE_SERVICE : 0))) == NULL)
		return svc_err(e, verb, name, GetLastError());
	if (install) {
		rc = svc_install(m, name, home, e);
		goto out;
	}
	wn = wide(name);
	if ((s = OpenServiceW(m, wn, SERVICE_START | SERVICE_STOP |
	    SERVICE_QUERY_STATUS | (strcmp(verb, "remove") == 0 ? DELETE :
	    0))) == NULL) {
		rc = svc_err(e, verb, name, GetLastError());
		goto out;
	}
	memset(&st, 0, sizeof(st));
	if (strcmp(verb, "start") == 0) {
		if (!StartServiceW(s, 0, NULL)) {
			rc = svc_err(e, verb, name, GetLastError());
			goto out;
		}
		if ((state = svc_wait(s, SERVICE_RUNNING)) != SERVICE_RUNNING)
			rc = fa_errf(e, "service start: the service '%s' %s "
			    "(its log: service.log in its home)", name,
			    state == SERVICE_STOPPED ? "stopped at once" :
			    "did not report running in time");
	} else if (strcmp(verb, "stop") == 0 || strcmp(verb, "remove") == 0) {
		if (!QueryServiceStatus(s, &st)) {
			rc = svc_err(e, verb, name, GetLastError());
			goto out;
		}
		if (st.dwCurrentState == SERVICE_STOPPED && *verb == 's') {
			rc = svc_err(e, verb, name, ERROR_SERVICE_NOT_ACTIVE);
			goto out;
		}
		if (st.dwCurrentState != SERVICE_STOPPED &&
		    !ControlService(s, SERVICE_CONTROL_STOP, &st) &&
		    GetLastError() != ERROR_SERVICE_NOT_ACTIVE) {
			rc = svc_err(e, verb, name, GetLastError());
			goto out;
		}
		if (svc_wait(s, SERVICE_STOPPED) != SERVICE_STOPPED) {
			rc = fa_errf(e, "service %s: the service '%s' did not "
			    "stop in %d s", verb, name, FA_SERVICE_WAIT_S);
			goto out;
		}
		if (*verb == 'r' && !DeleteService(s))
			rc = svc_err(e, verb, name, GetLastError());
	} else
		rc = fa_errf(e, "service: unknown verb '%s'", verb);
out:
	if (s != NULL)
		CloseServiceHandle(s);
	CloseServiceHandle(m);
	free(wn);
	return rc;
}
