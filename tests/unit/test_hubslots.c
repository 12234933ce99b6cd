/*
 * test_hubslots.c: export/hub/hubslots.c, the bounded count of the web
 * view's password checks: never more holders than slots, a full count
 * answers 0 after the wait asked for (not sooner, not much later), and
 * threads taking and giving at once all get their turn.
 */
#include <pthread.h>
#include <stdint.h>

#include "../../cli/plat.h"
#include "../../cli/util.h"
#include "../../export/hub/hubslots.h"
#include "unit.h"

#define THREADS	8
#define ROUNDS	20

static void
full_waits_then_refuses(void)
{
	struct hubslots	*s = hubslots_new(2);
	int64_t		 t0, ms;
	unsigned	 most;

	CHECK(hubslots_take(s, 0) == 1);
	CHECK(hubslots_take(s, 0) == 1);
	CHECK(hubslots_busy(s, &most) == 2 && most == 2);
	t0 = fa_now_ms();
	CHECK(hubslots_take(s, 0) == 0);
	CHECK(fa_now_ms() - t0 < 50);
	t0 = fa_now_ms();
	CHECK(hubslots_take(s, 200) == 0);
	ms = fa_now_ms() - t0;
	CHECK(ms >= 190 && ms < 1000);
	hubslots_give(s);
	CHECK(hubslots_busy(s, NULL) == 1);
	CHECK(hubslots_take(s, 0) == 1);
	hubslots_give(s);
	hubslots_give(s);
	CHECK(hubslots_busy(s, &most) == 0 && most == 2);
	hubslots_free(s);
	hubslots_free(NULL);
}

struct worker {
	struct hubslots	*s;
	int		 got;
};

static void *
work(void *arg)
{
	struct worker	*w = arg;
	int		 i;

	for (i = 0; i < ROUNDS; i++) {
		if (!hubslots_take(w->s, 5000))
			continue;
		w->got++;
		fa_sleep_ms(2);
		hubslots_give(w->s);
	}
	return NULL;
}

static void
threads_never_exceed(void)
{
	struct hubslots	*s = hubslots_new(3);
	struct worker	 w[THREADS];
	pthread_t	 t[THREADS];
	unsigned	 most;
	int		 i, got = 0;

	for (i = 0; i < THREADS; i++) {
		w[i].s = s;
		w[i].got = 0;
		CHECK(pthread_create(&t[i], NULL, work, &w[i]) == 0);
	}
	for (i = 0; i < THREADS; i++) {
		(void)pthread_join(t[i], NULL);
		got += w[i].got;
	}
	CHECK(got == THREADS * ROUNDS);
	CHECK(hubslots_busy(s, &most) == 0);
	CHECK(most >= 1 && most <= 3);
	hubslots_free(s);
}

int
main(void)
{
	RUN(full_waits_then_refuses);
	RUN(threads_never_exceed);
	return unit_any_failed;
}
