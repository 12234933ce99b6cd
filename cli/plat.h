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
#include <sys/types.h>

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

/*
 * Takes group and other permissions off directory path if it is ours and
 * has them (POSIX; nothing on Windows, where the home inherits the
 * user's profile's access list).  1 when it did (*was: the old mode), 0
 * when nothing needed doing, -1 with errno (*was set) when it could not.
 */
int	 fa_dir_private(const char *path, unsigned *was);

/*
 * The control channel of "fleetaudit run" (cli/ctl.h): a local stream
 * endpoint that only the user running the collector may reach.  POSIX: a
 * Unix socket file HOME/file (0600 in a 0700 home, the peer's uid checked
 * as well: ours or root).  Windows: the named pipe
 * \\.\pipe\fleetaudit-HASH, HASH 16 hex digits of the home's full path
 * (case folded), with a protected DACL granting the current user's SID
 * alone (and the Administrators group when that user is LocalSystem, the
 * service's account, as root reaches a user's socket on POSIX); remote
 * clients are refused (PIPE_REJECT_REMOTE_CLIENTS) and the first
 * instance is made with FILE_FLAG_FIRST_PIPE_INSTANCE, so a pipe already
 * taken, by a live run or anyone else, is never joined.
 */
struct fa_chan;

/* The channel's name for home: the socket's path or the pipe's name
 * (caller frees).  file: the socket file's name in the home (POSIX). */
char	*fa_chan_path(const char *home, const char *file);

/*
 * The client's side: connects to path, waiting at most 10 s for a free
 * slot.  *fd is a blocking descriptor for read(2), fa_chan_write(),
 * fdopen(3) and close(2).  0, or -1 with e filled; *none set when nobody
 * listens there (no socket file or pipe, or nobody on the file).
 */
int	 fa_chan_connect(const char *path, int *fd, int *none,
	    struct fa_err *e);

/* write(2) on a connected *fd, never raising SIGPIPE. */
ssize_t	 fa_chan_write(int fd, const void *, size_t);

/* Reads on a connected *fd give up after secs seconds (EAGAIN); Windows
 * has no such bound for a pipe: nothing there. */
void	 fa_chan_timeout(int fd, int secs);

/*
 * The server's side: listens on path.  -1 with e filled on failure, and
 * *taken set when a live server holds it (another run; on Windows also
 * another user's pipe of that name).  *stale set when a socket file left
 * by a server that did not stop cleanly was replaced (POSIX).
 */
int	 fa_chan_listen(const char *path, struct fa_chan **, int *taken,
	    int *stale, struct fa_err *e);

/* A waiting client as a non-blocking connection, its user's id (uid on
 * POSIX, -1 when unknown; 0 on Windows, where the DACL decided) in *uid.
 * -1 with errno EAGAIN when none waits. */
int	 fa_chan_accept(struct fa_chan *l, struct fa_chan **c, long *uid);

/* recv(2)/send(2) on a connection: -1 with errno EAGAIN when it would
 * block, 0 from recv at the end.  send copies what it accepts. */
ssize_t	 fa_chan_recv(struct fa_chan *, void *, size_t);
ssize_t	 fa_chan_send(struct fa_chan *, const void *, size_t);

/* poll(2) of connections and of the listening end (FA_POLLIN: a client
 * waits); a signal (Ctrl-C) may end the wait early. */
struct fa_chan_poll {
	struct fa_chan	*c;
	short		 events, revents;
};
int	 fa_chan_poll(struct fa_chan_poll *, int n, int timeout_ms);

/* Closes a connection (a last answer still being written gets a few
 * seconds) or the listening end (its socket file removed if still
 * ours).  NULL is a no-op. */
void	 fa_chan_close(struct fa_chan *);

/*
 * "fleetaudit run" as a Windows service, through the Service Control
 * Manager; nothing on POSIX (systemd or launchd start run there):
 * fa_service_supported() is 0 and the calls fail.
 *
 * fa_service_ctl(): verb "install" registers service name to start at
 * boot, as LocalSystem, this program with "service run --home HOME"
 * (home absolute); "remove" stops it if it runs and deletes it; "start"
 * and "stop" wait at most FA_SERVICE_WAIT_S for the state they ask.
 * 0, or -1 with e filled.
 */
#define FA_SERVICE_WAIT_S	30

/* stdout and stderr from now on appended to the file path, unbuffered: a
 * service has no console (on Windows its C library's streams are not
 * even open, so they are repaired here).  0, or -1 with errno. */
int	 fa_plat_output_to(const char *path);

int	 fa_service_supported(void);
int	 fa_service_ctl(const char *verb, const char *name, const char *home,
	    struct fa_err *e);

/*
 * In the process the service manager started: fn(argc, argv) is the
 * service's body, reported running, then stopped with its exit status;
 * the manager's stop (or the system's shutdown) stops it as SIGTERM does
 * (fa_on_stop()).  fn's status, or -1 with e filled when the program was
 * not started by the service manager.
 */
int	 fa_service_run(const char *name, int (*fn)(int, char *[]), int argc,
	    char *argv[], struct fa_err *e);

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
