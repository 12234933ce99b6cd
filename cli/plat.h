/*
 * plat.h: what differs between operating systems, behind one interface.
 *
 * As libuv keeps src/unix/ and src/win/ apart behind uv.h, and curl keeps
 * its system headers and socket wrappers in one setup header, the rest of
 * fleetaudit calls these functions and includes no system header that is
 * not POSIX 2008: no #ifdef for a system outside cli/plat_*.c.  The build
 * picks one implementation:
 *
 *	cli/plat_posix.c	Linux, macOS and the BSDs (POSIX 2008; the
 *				few extensions each needs, such as the peer
 *				credentials of a local socket, are chosen
 *				inside it)
 *	cli/plat_win.c		Windows (mingw-w64)
 *
 * A leaf like util.h: includes nothing of ours but util.h's types.
 */
#ifndef FA_PLAT_H
#define FA_PLAT_H

#include <stddef.h>
#include <stdint.h>

struct fa_err;

/* Once, first thing in main(): console, sockets, file modes. */
void	 fa_plat_init(void);

/* The home when neither --home nor FLEETAUDIT_HOME says (caller frees):
 * $XDG_DATA_HOME/fleetaudit or ~/.local/share/fleetaudit on POSIX,
 * %LOCALAPPDATA%\fleetaudit on Windows. */
char	*fa_plat_home(void);

/* Sleeps ms milliseconds (a signal may end it early). */
void	 fa_sleep_ms(int64_t ms);

/* Zeroes a secret so the compiler cannot drop the stores. */
void	 fa_wipe(void *, size_t);

/* The absolute, resolved form of path (caller frees); NULL with errno. */
char	*fa_realpath(const char *path);

/* mkstemp(3) with the descriptor closed on exec. */
int	 fa_mkstemp(char *tmpl);

/* fsync(2); _commit() on Windows (a directory: nothing to do there). */
int	 fa_fsync(int fd);

/* fsync(2) of the directory holding path, so a new name in it survives a
 * crash (nothing to do on Windows, where NTFS journals names). */
int	 fa_fsync_dir(const char *path);

/*
 * Creates path, which must not exist (not even as a symbolic link), for
 * writing, closed on exec, with exactly mode: on Windows a mode without
 * group and other bits gives it, from its creation, a protected DACL
 * granting its owner alone.  The descriptor, or -1 with errno.
 */
int	 fa_create(const char *path, unsigned mode);

/*
 * Sets the permissions of the open file fd: chmod(2)'s mode on POSIX.  On
 * Windows a mode without group and other bits gives the file a protected
 * DACL granting its owner alone; any other mode keeps the inherited DACL.
 */
int	 fa_fchmod(int fd, unsigned mode);

/*
 * 0 when no one but the owner may access the open file fd: a mode without
 * group and other bits on POSIX; on Windows a DACL whose every entry
 * grants the file's owner (or SYSTEM) only.  Else -1, e naming what
 * ("secret key"), path and how to fix it.
 */
int	 fa_fd_private(int fd, const char *what, const char *path,
	    struct fa_err *e);

/* fn(signal) on SIGINT and SIGTERM (Ctrl-C, Ctrl-Break and closing the
 * console on Windows); a closed pipe or socket does not raise SIGPIPE. */
void	 fa_on_stop(void (*fn)(int));

/* isatty(3). */
int	 fa_isatty(int fd);

/* poll(2) of sockets; WSAPoll() on Windows. */
enum { FA_POLLIN = 1, FA_POLLOUT = 2, FA_POLLERR = 4 };
struct fa_pollfd {
	int	fd;
	short	events, revents;
};
int	 fa_poll(struct fa_pollfd *, int n, int timeout_ms);

/* Whether socket fd may go into an fd_set (select(2)'s, which net-snmp's
 * read call takes): below FD_SETSIZE on POSIX, any socket on Windows. */
int	 fa_fd_settable(int fd);

/* A stream or datagram socket closed on exec, non-blocking if asked;
 * -1 with errno. */
int	 fa_socket(int domain, int type, int nonblock);

/* setsockopt(2) of an int option. */
int	 fa_sock_setint(int fd, int level, int opt, int value);

/* close(2) of a socket (closesocket() on Windows). */
void	 fa_sock_close(int fd);

/* Sends (which SO_SNDTIMEO) or receives (SO_RCVTIMEO) on socket fd give
 * up after secs seconds. */
void	 fa_sock_timeout(int fd, int which, int secs);

/* accept(2) of a connection, non-blocking and closed on exec. */
int	 fa_accept(int fd);

/* The user id of the process at the other end of a local stream socket
 * (SO_PEERCRED on Linux, getpeereid() elsewhere); -1 when unknown. */
int	 fa_peer_uid(int fd, long *uid);

/* Whether uid is ours or the administrator's (root). */
int	 fa_uid_trusted(long uid);

/* send(2) flags that keep a closed peer from raising SIGPIPE where the
 * system has such a flag (SIGPIPE is ignored besides). */
int	 fa_send_flags(void);

/* A new temporary directory only we may use, under $TMPDIR (or /tmp;
 * %TEMP% on Windows), its name starting with prefix (caller frees);
 * NULL with errno. */
char	*fa_mkdtemp(const char *prefix);

/* Whether we run as the administrator (root); never on Windows, where
 * nothing here asks for it. */
int	 fa_is_root(void);

/* Gives path to the system user name ("nobody"), as root (chown); nothing
 * on Windows. */
void	 fa_give_to(const char *path, const char *user);

/*
 * A helper program in the background: argv[0] looked up in PATH, its
 * output and errors to the file log (created).  fa_proc_running() is 0
 * once it has ended; fa_proc_stop() ends it (SIGTERM; TerminateProcess on
 * Windows), waits and frees.
 */
struct fa_proc;
int	 fa_proc_start(char *const argv[], const char *log,
	    struct fa_proc **, struct fa_err *);
int	 fa_proc_running(struct fa_proc *);
void	 fa_proc_stop(struct fa_proc *);

#endif
