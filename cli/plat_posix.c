/*
 * plat_posix.c: plat.h on Linux, macOS and the BSDs.
 *
 * POSIX 2008 throughout; the one extension each system needs is chosen
 * here and only here: the peer credentials of a local socket
 * (SO_PEERCRED on Linux, getpeereid() on macOS and the BSDs).  Linux's
 * extra flags to socket(2) and accept4(2) are not used: fcntl(2) sets
 * the same.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE		/* SO_PEERCRED's struct ucred */
#elif defined(__APPLE__) && !defined(_DARWIN_C_SOURCE)
#define _DARWIN_C_SOURCE	/* getpeereid() */
#endif

#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plat.h"
#include "util.h"

void
fa_plat_init(void)
{
}

char *
fa_plat_home(void)
{
	const char	*h;

	if ((h = getenv("XDG_DATA_HOME")) != NULL && *h == '/')
		return fa_asprintf("%s/fleetaudit", h);
	if ((h = getenv("HOME")) != NULL && *h != '\0')
		return fa_asprintf("%s/.local/share/fleetaudit", h);
	return fa_strdup(".fleetaudit");
}

int64_t
fa_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
fa_sleep_ms(int64_t ms)
{
	struct timespec	ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	(void)nanosleep(&ts, NULL);
}

void
fa_wipe(void *p, size_t n)
{
	volatile unsigned char	*v = p;

	while (n-- > 0)
		*v++ = 0;
}

char *
fa_realpath(const char *path)
{
	char	*r = realpath(path, NULL);

	if (r == NULL)
		return NULL;
	return r;	/* malloc'd by realpath(3), freed with free(3) */
}

int
fa_fsync(int fd)
{
	return fsync(fd);
}

int
fa_fsync_dir(const char *path)
{
	char	*d = fa_strdup(path), *slash;
	int	 fd, rc = 0;

	if ((slash = strrchr(d, '/')) == NULL)
		fa_strlcpy(d, ".", strlen(d) + 1);
	else if (slash == d)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		rc = -1;
	if (fd != -1)
		close(fd);
	free(d);
	return rc;
}

int
fa_create(const char *path, unsigned mode)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
	    (mode_t)mode);
	/* The exact mode, whatever the umask. */
	if (fd != -1 && fchmod(fd, (mode_t)mode) == -1) {
		int err = errno;

		close(fd);
		(void)unlink(path);
		errno = err;
		return -1;
	}
	return fd;
}

int
fa_fchmod(int fd, unsigned mode)
{
	return fchmod(fd, (mode_t)mode);
}

int
fa_fd_private(int fd, const char *what, const char *path, struct fa_err *e)
{
	struct stat	sb;

	if (fstat(fd, &sb) == -1)
		return fa_errf(e, "cannot read %s '%s': %s", what, path,
		    strerror(errno));
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0)
		return fa_errf(e, "unsafe mode %04o on %s '%s': group or "
		    "others may access it (chmod 600 '%s')",
		    (unsigned)(sb.st_mode & 07777), what, path, path);
	return 0;
}

void
fa_on_stop(void (*fn)(int))
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int
fa_isatty(int fd)
{
	return isatty(fd);
}

static int
cloexec(int fd)
{
	int	fl;

	if (fd < 0)
		return fd;
	if ((fl = fcntl(fd, F_GETFD)) == -1 ||
	    fcntl(fd, F_SETFD, fl | FD_CLOEXEC) == -1) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

static int
nonblock(int fd)
{
	int	fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		int err = errno;

		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

int
fa_mkstemp(char *tmpl)
{
	return cloexec(mkstemp(tmpl));
}

int
fa_poll(struct fa_pollfd *f, int n, int timeout_ms)
{
	struct pollfd	 p[512];
	int		 i, rc;

	if (n < 0 || n > (int)nitems(p)) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		p[i].fd = f[i].fd;
		p[i].events = (short)((f[i].events & FA_POLLIN ? POLLIN : 0) |
		    (f[i].events & FA_POLLOUT ? POLLOUT : 0));
		p[i].revents = 0;
	}
	rc = poll(p, (nfds_t)n, timeout_ms);
	for (i = 0; i < n; i++)
		f[i].revents = (short)(
		    (p[i].revents & (POLLIN | POLLHUP) ? FA_POLLIN : 0) |
		    (p[i].revents & POLLOUT ? FA_POLLOUT : 0) |
		    (p[i].revents & (POLLERR | POLLNVAL) ? FA_POLLERR : 0));
	return rc;
}

int
fa_fd_settable(int fd)
{
	return fd >= 0 && fd < FD_SETSIZE;
}

int
fa_socket(int domain, int type, int nb)
{
	int	fd = cloexec(socket(domain, type, 0));

	return fd >= 0 && nb ? nonblock(fd) : fd;
}

int
fa_sock_setint(int fd, int level, int opt, int value)
{
	return setsockopt(fd, level, opt, &value, sizeof(value));
}

void
fa_sock_close(int fd)
{
	(void)close(fd);
}

void
fa_sock_timeout(int fd, int which, int secs)
{
	struct timeval	tv;

	tv.tv_sec = secs;
	tv.tv_usec = 0;
	(void)setsockopt(fd, SOL_SOCKET, which, &tv, sizeof(tv));
}

int
fa_accept(int lfd)
{
	int	fd = cloexec(accept(lfd, NULL, NULL));

	return fd >= 0 ? nonblock(fd) : fd;
}

int
fa_peer_uid(int fd, long *uid)
{
#if defined(SO_PEERCRED)
	struct ucred	uc;
	socklen_t	ul = sizeof(uc);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ul) != 0 ||
	    ul != sizeof(uc))
		return -1;
	*uid = (long)uc.uid;
	return 0;
#else
	uid_t	u;
	gid_t	g;

	if (getpeereid(fd, &u, &g) != 0)
		return -1;
	*uid = (long)u;
	return 0;
#endif
}

int
fa_uid_trusted(long uid)
{
	return uid == (long)geteuid() || uid == 0;
}

int
fa_send_flags(void)
{
#if defined(MSG_NOSIGNAL)
	return MSG_NOSIGNAL;
#else
	return 0;
#endif
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

char *
fa_mkdtemp(const char *prefix)
{
	const char	*t = getenv("TMPDIR");
	char		*p, *r;

	if (t == NULL || *t != '/')
		t = "/tmp";
	p = fa_asprintf("%s/%s.XXXXXX", t, prefix);
	if ((r = mkdtemp(p)) == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

int
fa_is_root(void)
{
	return geteuid() == 0;
}

void
fa_give_to(const char *path, const char *user)
{
	struct passwd	*pw = getpwnam(user);

	/* A failure shows later, as the helper not starting. */
	if (pw != NULL)
		(void)!chown(path, pw->pw_uid, pw->pw_gid);
}

struct fa_proc {
	pid_t	pid;
};

extern char **environ;

int
fa_proc_start(char *const argv[], const char *log, struct fa_proc **out,
    struct fa_err *e)
{
	posix_spawn_file_actions_t	fa;
	pid_t				pid;
	int				rc;

	*out = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT |
	    O_TRUNC, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return fa_errf(e, "%s", strerror(rc));
	*out = fa_calloc(1, sizeof(**out));
	(*out)->pid = pid;
	return 0;
}

int
fa_proc_running(struct fa_proc *p)
{
	if (p == NULL || p->pid <= 0)
		return 0;
	if (waitpid(p->pid, NULL, WNOHANG) == p->pid) {
		p->pid = -1;
		return 0;
	}
	return 1;
}

void
fa_proc_stop(struct fa_proc *p)
{
	if (p == NULL)
		return;
	if (p->pid > 0) {
		kill(p->pid, SIGTERM);
		while (waitpid(p->pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	free(p);
}
