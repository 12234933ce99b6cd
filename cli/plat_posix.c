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
#include <sys/un.h>
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
fa_dir_private(const char *path, unsigned *was)
{
	struct stat	sb;

	*was = 0;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
	    sb.st_uid != geteuid() || (sb.st_mode & 077) == 0)
		return 0;
	*was = (unsigned)(sb.st_mode & 07777);
	return chmod(path, sb.st_mode & 07700) == 0 ? 1 : -1;
}

/* ---- the control channel: a Unix socket file (plat.h) ---- */

struct fa_chan {
	int	 fd;
	char	*path;		/* the listening end: the file we made, */
	dev_t	 dev;		/* told from a replacement by these */
	ino_t	 ino;
};

#define CHAN_BACKLOG	16	/* clients waiting for a slot */

char *
fa_chan_path(const char *home, const char *file)
{
	return fa_asprintf("%s/%s", home, file);
}

static int
sun_fill(struct sockaddr_un *sa, const char *path, struct fa_err *e)
{
	size_t	n = strlen(path);

	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (n >= sizeof(sa->sun_path))
		return fa_errf(e, "control socket path '%s' is too long (at "
		    "most %zu bytes)", path, sizeof(sa->sun_path) - 1);
	memcpy(sa->sun_path, path, n + 1);
	return 0;
}

int
fa_chan_connect(const char *path, int *fdp, int *none, struct fa_err *e)
{
	struct sockaddr_un	sa;
	int			fd, err;

	*fdp = -1;
	*none = 0;
	if (sun_fill(&sa, path, e) != 0)
		return -1;
	if ((fd = fa_socket(AF_UNIX, SOCK_STREAM, 0)) < 0)
		return fa_errf(e, "cannot make a socket: %s", strerror(errno));
	/* connect() waits when the backlog is full: not for ever. */
	fa_sock_timeout(fd, SO_SNDTIMEO, 10);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		err = errno;
		close(fd);
		if (err == ENOENT || err == ECONNREFUSED) {
			*none = 1;
			return fa_errf(e, "no collector running (%s)", path);
		}
		if (err == EAGAIN || err == EINPROGRESS)
			return fa_errf(e, "the collector at '%s' is not "
			    "accepting connections (too many clients?)", path);
		return fa_errf(e, "cannot connect to '%s': %s", path,
		    strerror(err));
	}
	*fdp = fd;
	return 0;
}

ssize_t
fa_chan_write(int fd, const void *p, size_t n)
{
	return send(fd, p, n, fa_send_flags());
}

void
fa_chan_timeout(int fd, int secs)
{
	fa_sock_timeout(fd, SO_RCVTIMEO, secs);
}

static void
chan_free(struct fa_chan *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->path);
	free(c);
}

int
fa_chan_listen(const char *path, struct fa_chan **out, int *taken,
    int *stale, struct fa_err *e)
{
	struct fa_chan		*c = fa_calloc(1, sizeof(*c));
	struct sockaddr_un	 sa;
	struct stat		 sb;
	struct fa_err		 e2;
	mode_t			 old;
	int			 fd, none, rc, err;

	*out = NULL;
	*taken = *stale = 0;
	c->fd = -1;
	c->path = fa_strdup(path);
	if (sun_fill(&sa, path, e) != 0)
		goto fail;
	/* A live server answers; the file a killed one left refuses. */
	if (fa_chan_connect(path, &fd, &none, &e2) == 0) {
		close(fd);
		*taken = 1;
		fa_errf(e, "'%s' is taken by a live server", path);
		goto fail;
	}
	if (lstat(path, &sb) == 0) {
		if (!S_ISSOCK(sb.st_mode)) {
			fa_errf(e, "'%s' is in the way (not a socket)", path);
			goto fail;
		}
		if (!none) {
			fa_errf(e, "%s", e2.msg);
			goto fail;
		}
		if (unlink(path) != 0 && errno != ENOENT) {
			fa_errf(e, "cannot remove the stale '%s': %s", path,
			    strerror(errno));
			goto fail;
		}
		*stale = 1;
	}
	if ((c->fd = fa_socket(AF_UNIX, SOCK_STREAM, 1)) < 0) {
		fa_errf(e, "cannot make a socket: %s", strerror(errno));
		goto fail;
	}
	/* 0600 from the start: a chmod after bind() would leave a window. */
	old = umask(0177);
	rc = bind(c->fd, (struct sockaddr *)&sa, sizeof(sa));
	err = errno;
	umask(old);
	if (rc != 0) {
		if (err == EADDRINUSE) {
			*taken = 1;
			fa_errf(e, "'%s' is taken by a live server", path);
		} else
			fa_errf(e, "cannot listen on '%s': %s", path,
			    strerror(err));
		goto fail;
	}
	if (listen(c->fd, CHAN_BACKLOG) != 0 || stat(path, &sb) != 0) {
		fa_errf(e, "cannot listen on '%s': %s", path, strerror(errno));
		unlink(path);
		goto fail;
	}
	c->dev = sb.st_dev;
	c->ino = sb.st_ino;
	*out = c;
	return 0;
fail:
	chan_free(c);
	return -1;
}

int
fa_chan_accept(struct fa_chan *l, struct fa_chan **out, long *uid)
{
	struct fa_chan	*c;
	int		 fd;

	*out = NULL;
	if ((fd = fa_accept(l->fd)) < 0)
		return -1;
	c = fa_calloc(1, sizeof(*c));
	c->fd = fd;
	if (fa_peer_uid(fd, uid) != 0)
		*uid = -1;
	*out = c;
	return 0;
}

ssize_t
fa_chan_recv(struct fa_chan *c, void *p, size_t n)
{
	return recv(c->fd, p, n, 0);
}

ssize_t
fa_chan_send(struct fa_chan *c, const void *p, size_t n)
{
	return send(c->fd, p, n, fa_send_flags());
}

int
fa_chan_poll(struct fa_chan_poll *v, int n, int timeout_ms)
{
	struct fa_pollfd	p[64];
	int			i, rc;

	if (n < 0 || n > (int)nitems(p)) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < n; i++) {
		p[i].fd = v[i].c->fd;
		p[i].events = v[i].events;
		p[i].revents = 0;
	}
	rc = fa_poll(p, n, timeout_ms);
	for (i = 0; i < n; i++)
		v[i].revents = p[i].revents;
	return rc;
}

void
fa_chan_close(struct fa_chan *c)
{
	struct stat	sb;

	if (c == NULL)
		return;
	if (c->path != NULL && c->fd >= 0 && stat(c->path, &sb) == 0 &&
	    sb.st_dev == c->dev && sb.st_ino == c->ino)
		unlink(c->path);
	chan_free(c);
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

/* ---- services: systemd's or launchd's business here (plat.h) ---- */

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
	setvbuf(stdout, NULL, _IONBF, 0);
	setvbuf(stderr, NULL, _IONBF, 0);
	return 0;
}

int
fa_service_supported(void)
{
	return 0;
}

int
fa_service_ctl(const char *verb, const char *name, const char *home,
    struct fa_err *e)
{
	(void)name;
	(void)home;
	return fa_errf(e, "service %s: Windows only", verb);
}

int
fa_service_run(const char *name, int (*fn)(int, char *[]), int argc,
    char *argv[], struct fa_err *e)
{
	(void)name;
	(void)fn;
	(void)argc;
	(void)argv;
	return fa_errf(e, "service run: Windows only");
}
