/*
 * hubslots.c: slots taken with a bounded wait (see hubslots.h).
 *
 * One mutex guards the count; a thread that finds no slot free sleeps
 * HUBSLOTS_STEP_MS and looks again, wait_ms / HUBSLOTS_STEP_MS + 1 times
 * at most.  Not a condition variable: pthread_cond_timedwait() waits for
 * a time of the wall clock (a monotonic one needs
 * pthread_condattr_setclock(), which not every POSIX system has), and
 * the few threads that ever wait here (the server's workers) cost
 * nothing while they sleep.  No order among waiters: one that loses
 * gets 0 when its wait is over, and its client is told to come back.
 */
#include <pthread.h>
#include <stdlib.h>

#include "../../cli/plat.h"
#include "hubslots.h"

struct hubslots {
	pthread_mutex_t	 mu;
	unsigned	 n, busy, most;
};

struct hubslots *
hubslots_new(unsigned n)
{
	struct hubslots	*s = fa_calloc(1, sizeof(*s));

	if (n == 0)
		fa_bug("hubslots_new: no slot");
	if (pthread_mutex_init(&s->mu, NULL) != 0)
		fa_bug("hubslots_new: pthread_mutex_init");
	s->n = n;
	return s;
}

void
hubslots_free(struct hubslots *s)
{
	if (s == NULL)
		return;
	(void)pthread_mutex_destroy(&s->mu);
	free(s);
}

/* One look: 1 when a slot was free (and is now taken). */
static int
try_take(struct hubslots *s)
{
	int	got = 0;

	(void)pthread_mutex_lock(&s->mu);
	if (s->busy < s->n) {
		got = 1;
		if (++s->busy > s->most)
			s->most = s->busy;
	}
	(void)pthread_mutex_unlock(&s->mu);
	return got;
}

int
hubslots_take(struct hubslots *s, long wait_ms)
{
	long	i, looks = (wait_ms > 0 ? wait_ms / HUBSLOTS_STEP_MS : 0) + 1;

	for (i = 0; i < looks; i++) {
		if (try_take(s))
			return 1;
		if (i + 1 < looks)
			fa_sleep_ms(HUBSLOTS_STEP_MS);
	}
	return 0;
}

void
hubslots_give(struct hubslots *s)
{
	(void)pthread_mutex_lock(&s->mu);
	if (s->busy == 0)
		fa_bug("hubslots_give: no slot taken");
	s->busy--;
	(void)pthread_mutex_unlock(&s->mu);
}

unsigned
hubslots_busy(struct hubslots *s, unsigned *most)
{
	unsigned	b;

	(void)pthread_mutex_lock(&s->mu);
	b = s->busy;
	if (most != NULL)
		*most = s->most;
	(void)pthread_mutex_unlock(&s->mu);
	return b;
}
