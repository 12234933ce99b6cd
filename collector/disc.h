/*
 * disc.h: discovery sweeps.  Every address gets one small GET (sysObjectID)
 * per credential, tried in order until one answers;
 * an address that answers gets one more request (GETBULK, or GETNEXT for
 * v1) that tells whether the Printer-MIB answers and whether hrDeviceType
 * names a printer, with sysDescr, sysName and (v2c, v3, when the width
 * allows) sysUpTime, sysContact and sysLocation: the read of a device just
 * found takes that answer for its system group GET (disc_result.sys) and
 * does not ask again.  Addresses are fed to the engine as room frees up, so
 * memory stays bounded by the in-flight cap whatever the range size.
 */
#ifndef FA_DISC_H
#define FA_DISC_H

#include <stddef.h>

#include "range.h"
#include "sess.h"
#include "vb.h"
#include "walk.h"

struct disc_result {
	struct fa_addr	 addr;
	int		 cred;		/* index of the credential that worked */
	char		*sys_descr;
	char		*sys_object_id;
	char		*sys_name;
	int		 enterprise;
	const char	*vendor;	/* static */
	int		 printer_mib;	/* the Printer-MIB answered: 1 yes,
					 * 0 no, -1 the probe got no answer */
	int		 hr_printer;	/* hrDeviceType is printer */
	int		 is_printer;
	char		*reason;	/* why it is a printer, or NULL */
	int		 probe_reps;	/* the printer probe's repetitions
					 * at the end (0: none sent) */
	int		 narrowed;	/* the agent dropped a wider probe
					 * and answered this one */
	int		 probe_sys;	/* the probe answered had the
					 * system objects (5 + 2 x reps
					 * values, else 2 + 2 x reps) */
	int		 has_sys;	/* sys holds the answer to the
					 * read's system group GET */
	uint8_t		*sys;		/* as walk_get() would have
					 * collected it (vb_pack), in
					 * the list's sys_arena */
	size_t		 sys_len, sys_off;
};

struct disc_list {
	struct disc_result	*v;
	size_t			 n, cap;
	size_t			 rejected;	/* addresses whose agent refused
						 * a v3 credential */
	char			 reject_why[160];	/* the first refusal */
	uint8_t			*sys_arena;	/* every v[i].sys, one after
						 * the other */
};
#define DISC_LIST_INIT	{ NULL, 0, 0, 0, "", NULL }
void	disc_list_release(struct disc_list *);

/* Progress: called about every 250 ms with addresses done so far. */
typedef void (*disc_progress)(size_t done, size_t total, size_t found,
	    void *arg);

/*
 * Sweeps addrs with creds (tried in order; prefer[i] >= 0 puts that
 * credential first for address i, prefer may be NULL).  The printer
 * probe of address i starts at the repetitions disc_probe_reps() gives
 * for width[i], the read width kept for the device there (width may be
 * NULL, an entry 0 x 0: the full probe), so that an agent known to drop
 * wide requests is not sent one.  Every answering device lands in out
 * (empty: DISC_LIST_INIT), in address order.  Returns 0, or -1 when interrupted (out then holds
 * what was found).
 */
int	disc_sweep(struct sess_engine *, const struct addr_list *addrs,
	    const int *prefer, const struct walk_width *width,
	    const struct sess_cred *creds, size_t ncreds,
	    struct disc_list *out, disc_progress, void *arg);

/*
 * The printer probe asks for 2 + 2 x reps values (two non-repeaters, two
 * columns), or 5 + 2 x reps with the system objects (five non-repeaters).
 * disc_probe_reps(): the most repetitions (DISC_PROBE_REPS at most) whose
 * probe asks no more values than a read of width w (cols x reps, 0 x 0:
 * none kept) did; disc_probe_sys_reps() the same with the system objects
 * (DISC_PROBE_SYS_REPS at most, so 17 values: no wider than the probe
 * without them), 0 when even one row is too wide.  A probe that gets no
 * answer drops the system objects first, then its rows halve.
 * disc_width_of(): the read width that asks no more values than r's
 * probe that was answered, what discovery keeps for the device when the
 * probe had to narrow.
 */
#define DISC_PROBE_REPS	8	/* rows of the printer probe's GETBULK */
#define DISC_PROBE_SYS_REPS 6	/* the same with the system objects */
int	disc_probe_reps(const struct walk_width *w);
int	disc_probe_sys_reps(const struct walk_width *w);
struct walk_width disc_width_of(const struct disc_result *r);

#endif
