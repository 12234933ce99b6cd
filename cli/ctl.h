/*
 * ctl.h: the control socket of "fleetaudit run" (HOME/ctl.sock) and the
 * protocol "fleetaudit ctl" speaks over it.
 *
 * Protocol, one request per connection: the client sends one line of at
 * most CTL_MAX_REQUEST bytes; the server answers with a header line
 * "CODE NOTE" (CODE the client's exit status, 0, 1 or 2; NOTE a message
 * for stderr, may be empty), the body lines, each starting '.' doubled,
 * and a last line "." (so a cut answer is told from a whole one), then
 * closes.  Requests (words separated by one space):
 *
 *	status text|json
 *	scan KIND queue|wait [DEVICE]	DEVICE: the rest of the line
 *	walk HOST
 *	logs LEVEL SINCE		SINCE: epoch seconds, 0 for all
 *
 * The server runs inside the run loop: ctl_poll() replaces its sleep, so
 * requests are answered within a tick while it waits, and after the read
 * in progress when one is.  Connections are non-blocking, at most
 * CTL_MAX_CONNS at once (more wait in the listen backlog), each with a
 * deadline, so a client that connects and says nothing, or stops
 * reading, costs a slot for a while and never the loop.  Only the
 * socket's owner (and root) are served: the socket is 0600 in a 0700
 * home, and the server checks the peer's uid as well.  On Windows the
 * channel is a named pipe, \\.\pipe\fleetaudit-HASH of the home, whose
 * DACL grants its user alone (fa_chan_*, cli/plat.h).
 */
#ifndef FA_CTL_H
#define FA_CTL_H

#include <stdint.h>

#include "../collector/sched.h"
#include "home.h"
#include "util.h"

#define CTL_SOCKET		HOME_CTL_SOCK	/* in the home directory */
#define CTL_MAX_REQUEST		4096	/* request bytes, newline included */
#define CTL_MAX_CONNS		8	/* connections served at once */
#define CTL_MAX_QUEUED		32	/* device reads waiting their turn */
#define CTL_READ_MS		2000	/* for the request, from the accept */
#define CTL_WRITE_MS		10000	/* answering without progress */

struct store;
struct fa_buf;

/* The run loop's state, as "ctl status" shows it. */
struct ctl_status {
	int64_t		 now;			/* the schedule's clock */
	int64_t		 due[SCHED_NKINDS];	/* on that clock */
	int64_t		 interval[SCHED_NKINDS];	/* seconds */
	int64_t		 full_due;	/* the full read of devices without
					 * a model definition: due, */
	int64_t		 full_interval;	/* and its fixed interval */
	int64_t		 started;		/* wall clock */
	struct store	*store;			/* borrowed: last results,
						 * devices known */
};

/*
 * What the run loop supplies; the callbacks run inside ctl_poll(), so they
 * may read devices.  Strings are borrowed for the call.
 */
struct ctl_ops {
	void	(*status)(void *arg, struct ctl_status *);
	/*
	 * device NULL: makes kind due now (the loop runs it as usual).  Else
	 * reads that one device (an address or anything the store resolves)
	 * now with the kind's parts; with check, only resolves it.  0, or an
	 * exit status (EXIT_USAGE for an unknown device) with e filled.
	 */
	int	(*scan)(void *arg, enum sched_kind, const char *device,
		    int check, struct fa_err *e);
	/*
	 * A walk of host with the collector's credentials: snmprec lines
	 * into out, the summary line into note (empty when nothing was
	 * walked, e then says why).  Returns the exit status.
	 */
	int	(*walk)(void *arg, const char *host, struct fa_buf *out,
		    struct fa_buf *note, struct fa_err *e);
	void	*arg;
};

struct ctl;

/* HOME/ctl.sock (the pipe's name on Windows); caller frees. */
char	*ctl_path(const char *home);

/*
 * Listens on HOME/ctl.sock (0600; the home is made 0700 if it is ours and
 * was open to others).  A socket file nobody answers on (a killed run's)
 * is replaced; one a live collector answers on fails with "a collector is
 * already running".  ops is copied.
 */
int	ctl_open(const char *home, const struct ctl_ops *, struct ctl **,
	    struct fa_err *) FA_WUR;

/*
 * Waits at most timeout_ms for requests and serves them; returns sooner,
 * with 1, once one was served or a queued read ran (the schedule may have
 * changed), else 0.  A signal ends the wait too.
 */
int	ctl_poll(struct ctl *, int timeout_ms);

/* Tells clients still waiting that the collector stops, closes, and
 * removes the socket file if it is still ours.  NULL is a no-op. */
void	ctl_close(struct ctl *);

/* The client's side: connects to path; *fd is for read(2),
 * fa_chan_write(), fdopen(3) and close(2).  0, or -1 with e filled; *none
 * set when no collector listens there (no socket file, or nobody on it). */
int	ctl_connect(const char *path, int *fd, int *none, struct fa_err *)
	    FA_WUR;

#endif
