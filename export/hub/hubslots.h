/*
 * hubslots.h: a count of slots shared by threads, taken with a bounded
 * wait: what keeps the web view's password checks (Argon2id, 64 MiB and
 * a core each, export/hub/hubusers.c) to a fixed number at once, so that
 * a burst of logins costs the hub slots x 64 MiB at most, whatever the
 * number of requests or of worker threads (docs/web.md, "hub serve
 * --login-slots").
 *
 * Thread-safe.  A waiting thread sleeps in steps of HUBSLOTS_STEP_MS
 * rather than on a condition timed on the wall clock: a clock set back
 * cannot hold it longer than its wait.
 */
#ifndef FA_HUBSLOTS_H
#define FA_HUBSLOTS_H

#include "../../cli/util.h"

#define HUBSLOTS_STEP_MS	10	/* ms between two looks */

struct hubslots;

/* n slots (at least 1), all free. */
struct hubslots	*hubslots_new(unsigned n);
void		 hubslots_free(struct hubslots *);	/* NULL: no-op */

/* Takes a slot, waiting wait_ms at most for one to come free: 1 taken
 * (give it back with hubslots_give()), 0 none free in time. */
int		 hubslots_take(struct hubslots *, long wait_ms) FA_WUR;
void		 hubslots_give(struct hubslots *);
/* Slots taken now, and the most ever taken at once. */
unsigned	 hubslots_busy(struct hubslots *, unsigned *most);

#endif
