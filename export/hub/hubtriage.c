/*
 * hubtriage.c: an account's triage, kept per import (hubtriage.h).
 *
 * The rows are hubattention_scan()'s, with "hub attention"'s defaults and
 * the hub's attention.conf, so the accounts page counts what "hub
 * attention" lists; the device summaries come from the same pass (its
 * device_cb), each device as the report's gatherer reads it.
 *
 * With hubtriage_start(), a thread of its own (a store connection of its
 * own) looks every HUBTRIAGE_POLL_MS for an account whose imports, day or
 * attention.conf changed and computes its triage again, one account at a
 * time; a page meanwhile gets the one kept before (hubtriage_get()
 * returns 1), after waiting at most HUBTRIAGE_WAIT_MS for the new one.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hubdb.h"
#include "hubtriage.h"
#include "../report.h"

#define DAY	86400

struct hubtriage {
	pthread_mutex_t		  lock;	/* v, n, kick, stop */
	pthread_cond_t		  cv;	/* a triage kept, or a kick */
	pthread_mutex_t		  compute;	/* one computed at a time */
	struct hubtriage_acc	**v;	/* one per account seen */
	size_t			  n;
	/* the worker's (hubtriage_start()) */
	char			 *dir;
	pthread_t		  th;
	int			  running, stop, kick;
};

struct hubtriage *
hubtriage_new(void)
{
	struct hubtriage	*t = fa_calloc(1, sizeof(*t));
	pthread_condattr_t	 ca;

	if (pthread_mutex_init(&t->lock, NULL) != 0 ||
	    pthread_mutex_init(&t->compute, NULL) != 0 ||
	    pthread_condattr_init(&ca) != 0 ||
	    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) != 0 ||
	    pthread_cond_init(&t->cv, &ca) != 0)
		fa_bug("hubtriage_new: cannot make a mutex");
	(void)pthread_condattr_destroy(&ca);
	return t;
}

static void
acc_free(struct hubtriage_acc *a)
{
	size_t	i;

	for (i = 0; i < a->nrows; i++)
		hubattention_row_release(&a->rows[i]);
	free(a->rows);
	for (i = 0; i < a->ndevs; i++) {
		size_t	j;

		for (j = 0; j < a->devs[i].nsups; j++)
			free(a->devs[i].sups[j].description);
		free(a->devs[i].address);
		free(a->devs[i].serial);
		free(a->devs[i].collector);
		free(a->devs[i].status);
		free(a->devs[i].location);
		free(a->devs[i].supply);
		free(a->devs[i].sups);
	}
	free(a->devs);
	free(a->key);
	free(a);
}

void
hubtriage_free(struct hubtriage *t)
{
	size_t	i;

	if (t == NULL)
		return;
	if (t->running) {
		pthread_mutex_lock(&t->lock);
		t->stop = 1;
		pthread_cond_broadcast(&t->cv);
		pthread_mutex_unlock(&t->lock);
		(void)pthread_join(t->th, NULL);
	}
	for (i = 0; i < t->n; i++)
		acc_free(t->v[i]);
	free(t->v);
	free(t->dir);
	(void)pthread_mutex_destroy(&t->lock);
	(void)pthread_mutex_destroy(&t->compute);
	(void)pthread_cond_destroy(&t->cv);
	free(t);
}

void
hubtriage_put(struct hubtriage *t, struct hubtriage_acc *a)
{
	int	last;

	if (a == NULL)
		return;
	pthread_mutex_lock(&t->lock);
	last = --a->refs == 0;
	pthread_mutex_unlock(&t->lock);
	if (last)
		acc_free(a);
}

static int
dev_cmp(const void *pa, const void *pb)
{
	const struct hubtriage_dev *a = pa, *b = pb;
	int	c = strcmp(a->collector, b->collector);

	return c != 0 ? c : (a->src_id > b->src_id) - (a->src_id < b->src_id);
}

const struct hubtriage_dev *
hubtriage_dev(const struct hubtriage_acc *a, const char *collector,
    int64_t src_id)
{
	struct hubtriage_dev	k;

	if (a == NULL || collector == NULL || a->ndevs == 0)
		return NULL;
	memset(&k, 0, sizeof(k));
	k.collector = (char *)(uintptr_t)collector;
	k.src_id = src_id;
	return bsearch(&k, a->devs, a->ndevs, sizeof(k), dev_cmp);
}

/* hrDeviceStatus (RFC 2790) in words, when no status error is named. */
static const char *
hr_status(int s)
{
	static const char *const w[] = { NULL, "unknown", "running",
		"warning", "testing", "down" };

	return s >= 1 && s <= 5 ? w[s] : NULL;
}

/* device_cb: what the device list shows of d. */
static void
on_device(void *arg, const char *account, const char *collector,
    const struct store_rdev *d)
{
	struct hubtriage_acc	*a = arg;
	struct hubtriage_dev	*x;
	struct fa_buf		 b = FA_BUF_INIT;
	size_t			 i;

	(void)account;
	a->devs = fa_reallocarray(a->devs, a->ndevs + 1, sizeof(*a->devs));
	x = &a->devs[a->ndevs++];
	memset(x, 0, sizeof(*x));
	x->collector = fa_strdup(collector);
	x->src_id = d->id;
	x->hub_id = -1;
	x->address = d->address != NULL ? fa_strdup(d->address) : NULL;
	x->serial = d->serial != NULL ? fa_strdup(d->serial) : NULL;
	for (i = 0; i < d->nerrors; i++)
		fa_buf_printf(&b, "%s%s", i ? ", " : "", d->errors[i]);
	if (d->nerrors > 0)
		x->status = fa_buf_steal(&b);
	else
		x->status = hr_status(d->hr_device_status) != NULL ?
		    fa_strdup(hr_status(d->hr_device_status)) : NULL;
	fa_buf_release(&b);
	x->location = d->location != NULL ? fa_strdup(d->location) : NULL;
	x->pages = -1;
	for (i = d->nreads; i > 0; i--)
		if (d->reads[i - 1].total != DEV_NONE) {
			x->pages = d->reads[i - 1].total;
			x->pages_at = d->reads[i - 1].time;
			break;
		}
	x->supply_pct = -1;
	x->sups = fa_calloc(d->nsupplies + 1, sizeof(*x->sups));
	for (i = 0; i < d->nsupplies; i++) {
		const struct store_rsupply *p = &d->supplies[i];
		struct hubtriage_sup *q = &x->sups[x->nsups++];
		struct report_sdays sd;

		/* the report's days to empty, one method everywhere */
		report_supply_days(p, a->computed, &sd);
		q->idx = p->idx;
		q->status = sd.dte.status;
		q->days = sd.dte.days;
		q->overdue = sd.overdue;
		q->stale = sd.stale;
		q->cartridge = p->installed != 0 && (p->class == NULL ||
		    strcmp(p->class, "filled") != 0);
		q->description = p->description != NULL ?
		    fa_strdup(p->description) : NULL;
		q->percent = p->percent;
		q->last_seen = p->last_seen;

		if (p->percent < 0 || (p->class != NULL &&
		    strcmp(p->class, "filled") == 0))
			continue;	/* unknown level, or a waste box */
		if (x->supply_pct < 0 || p->percent < x->supply_pct) {
			free(x->supply);
			x->supply = fa_strdup(p->description != NULL ?
			    p->description : "a supply");
			x->supply_pct = p->percent;
			x->supply_at = p->last_seen;
		}
	}
	x->last_seen = d->last_seen;
}

/* What the account's triage depends on besides the day: its imports. */
static char *
imports_key(struct hubstore *hs, int64_t id, int64_t now, int silent,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	char		*k = NULL;
	int		 rc;

	if (hubdb_prepare(hubstore_db(hs), "SELECT coalesce(max(last_import),"
	    " 0), coalesce(sum(last_sequence), 0), count(*) FROM sites"
	    " WHERE account_id = ?1", &st, e) != 0)
		return NULL;
	hubdb_bind_int(st, 1, id);
	if ((rc = hubdb_step(st, e)) == 1)
		k = fa_asprintf("%lld/%lld/%lld/%lld/%d",
		    (long long)hubdb_col_int(st, 0),
		    (long long)hubdb_col_int(st, 1),
		    (long long)hubdb_col_int(st, 2), (long long)(now / DAY),
		    silent);
	else if (rc == 0)
		(void)fa_errf(e, "no account %lld", (long long)id);
	hubdb_finalize(st);
	return k;
}

/* The kept triage of account id when its key is key (key NULL: any
 * kept), a reference, or NULL; t->lock held. */
static struct hubtriage_acc *
kept_locked(struct hubtriage *t, int64_t id, const char *key)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		if (t->v[i]->account_id == id && (key == NULL ||
		    strcmp(t->v[i]->key, key) == 0)) {
			t->v[i]->refs++;
			return t->v[i];
		}
	return NULL;
}

static struct hubtriage_acc *
kept(struct hubtriage *t, int64_t id, const char *key)
{
	struct hubtriage_acc	*a;

	pthread_mutex_lock(&t->lock);
	a = kept_locked(t, id, key);
	pthread_mutex_unlock(&t->lock);
	return a;
}

/* Keeps a (the cache's reference, a has the caller's), in place of the
 * account's older one. */
static void
keep(struct hubtriage *t, struct hubtriage_acc *a)
{
	struct hubtriage_acc	*old = NULL;
	size_t			 i;

	pthread_mutex_lock(&t->lock);
	a->refs++;
	for (i = 0; i < t->n && t->v[i]->account_id != a->account_id; i++)
		;
	if (i < t->n) {
		old = t->v[i];
		t->v[i] = a;
		if (--old->refs != 0)
			old = NULL;	/* a page still reads it */
	} else {
		t->v = fa_reallocarray(t->v, t->n + 1, sizeof(*t->v));
		t->v[t->n++] = a;
	}
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->lock);
	if (old != NULL)
		acc_free(old);
}

/* stop_cb: whether the server stops (hubtriage_free()). */
static int
stopping(void *arg)
{
	struct hubtriage	*t = arg;
	int			 s;

	pthread_mutex_lock(&t->lock);
	s = t->stop;
	pthread_mutex_unlock(&t->lock);
	return s;
}

/* Each device's id in the hub (the account page's links). */
static int
hub_ids(struct hubstore *hs, struct hubtriage_acc *a, struct fa_err *e)
{
	struct hubtriage_dev	*x;
	struct hubdb_st		*st;
	int			 rc;

	if (hubdb_prepare(hubstore_db(hs), "SELECT s.fingerprint, d.src_id,"
	    " d.id FROM devices d JOIN sites s ON s.id = d.site_id"
	    " WHERE s.account_id = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, a->account_id);
	while ((rc = hubdb_step(st, e)) == 1)
		if ((x = (struct hubtriage_dev *)(uintptr_t)hubtriage_dev(a,
		    hubdb_col_text(st, 0), hubdb_col_int(st, 1))) != NULL)
			x->hub_id = hubdb_col_int(st, 2);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Account id's key into *key: its silent days from conf (dir's
 * attention.conf, read here when conf is NULL). */
static int
key_of(struct hubstore *hs, const char *dir,
    const struct hubattention_conf *conf, int64_t id, const char *name,
    int64_t now, char **key, int *silent, struct fa_err *e)
{
	struct hubattention_conf c;

	if (conf == NULL) {
		if (hubattention_conf_load(dir, &c, e) != 0)
			return -1;
		*silent = hubattention_silent_days(&c, name,
		    HUBATTENTION_SILENT_DAYS);
		hubattention_conf_release(&c);
	} else
		*silent = hubattention_silent_days(conf, name,
		    HUBATTENTION_SILENT_DAYS);
	return (*key = imports_key(hs, id, now, *silent, e)) == NULL ? -1 : 0;
}

/* Computes account id's triage under key and keeps it; *out a reference
 * when out is not NULL.  One at a time (t->compute): another caller that
 * computed it meanwhile is taken instead.  Takes key. */
static int
compute(struct hubtriage *t, struct hubstore *hs, int64_t id,
    const char *name, int64_t now, char *key, int silent,
    struct hubtriage_acc **out, struct fa_err *e)
{
	struct hubattention_opts o = { now, HUBATTENTION_SILENT_DAYS,
		HUBTRIAGE_THRESHOLD, HUBTRIAGE_DAYS, HUBATTENTION_ANOMALY_DAYS,
		NULL, on_device, NULL, stopping, NULL };
	struct hubtriage_acc	*a;

	pthread_mutex_lock(&t->compute);
	if ((a = kept(t, id, key)) != NULL) {
		pthread_mutex_unlock(&t->compute);
		free(key);
		if (out != NULL)
			*out = a;
		else
			hubtriage_put(t, a);
		return 0;
	}
	a = fa_calloc(1, sizeof(*a));
	a->account_id = id;
	a->key = key;
	a->refs = 1;
	a->computed = now;
	o.silent_days = silent;
	o.device_arg = a;
	o.stop_arg = t;
	if (hubattention_scan(hs, &name, 1, &o, &a->rows, &a->nrows,
	    e) != 0) {
		pthread_mutex_unlock(&t->compute);
		acc_free(a);
		return -1;
	}
	hubattention_count(a->rows, a->nrows, NULL, &a->count);
	if (a->ndevs > 0)
		qsort(a->devs, a->ndevs, sizeof(*a->devs), dev_cmp);
	if (hub_ids(hs, a, e) != 0) {
		pthread_mutex_unlock(&t->compute);
		acc_free(a);
		return -1;
	}
	keep(t, a);
	pthread_mutex_unlock(&t->compute);
	if (out != NULL)
		*out = a;
	else
		hubtriage_put(t, a);
	return 0;
}

/* Deadline ms from now on the monotonic clock. */
static struct timespec
after_ms(long ms)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

int
hubtriage_get(struct hubtriage *t, struct hubstore *hs, const char *dir,
    int64_t id, const char *name, int64_t now, struct hubtriage_acc **out,
    struct fa_err *e)
{
	struct hubtriage_acc	*a = NULL;
	struct timespec		 until;
	char			*key;
	int			 silent, rc = 0;

	*out = NULL;
	if (key_of(hs, dir, NULL, id, name, now, &key, &silent, e) != 0)
		return -1;
	if ((*out = kept(t, id, key)) != NULL) {
		free(key);
		return 0;
	}
	pthread_mutex_lock(&t->lock);
	if (t->running && !t->stop) {
		/* the worker computes it: wait a little, else the one
		 * kept before */
		t->kick = 1;
		pthread_cond_broadcast(&t->cv);
		until = after_ms(HUBTRIAGE_WAIT_MS);
		while ((a = kept_locked(t, id, key)) == NULL && rc == 0)
			rc = pthread_cond_timedwait(&t->cv, &t->lock, &until);
		if (a == NULL && (a = kept_locked(t, id, NULL)) != NULL)
			rc = 1;
		else
			rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	if (a != NULL) {
		free(key);
		*out = a;
		return rc;
	}
	/* none kept yet: computed for this view */
	return compute(t, hs, id, name, now, key, silent, out, e);
}

/* One pass of the worker: every account whose triage is not kept under
 * its current key, computed. */
static int
worker_pass(struct hubtriage *t, struct hubstore *hs, struct fa_err *e)
{
	struct hubattention_conf conf;
	struct hubdb_st	*st;
	int64_t		*ids = NULL, now = fa_wall();
	char		**names = NULL, *key;
	struct hubtriage_acc *a;
	size_t		 n = 0, i;
	int		 rc, silent, stop = 0;

	/* attention.conf once a pass */
	if (hubattention_conf_load(t->dir, &conf, e) != 0)
		return -1;

	if (hubdb_prepare(hubstore_db(hs), "SELECT id, name FROM accounts"
	    " ORDER BY id", &st, e) != 0) {
		hubattention_conf_release(&conf);
		return -1;
	}
	while ((rc = hubdb_step(st, e)) == 1 &&
	    n < HUBATTENTION_ACCOUNTS_MAX) {
		ids = fa_reallocarray(ids, n + 1, sizeof(*ids));
		names = fa_reallocarray(names, n + 1, sizeof(*names));
		ids[n] = hubdb_col_int(st, 0);
		names[n++] = hubdb_col_strdup(st, 1);
	}
	hubdb_finalize(st);
	for (i = 0; rc >= 0 && i < n && !stop; i++) {
		if (key_of(hs, t->dir, &conf, ids[i], names[i], now, &key,
		    &silent, e) != 0) {
			rc = -1;
			break;
		}
		if ((a = kept(t, ids[i], key)) != NULL) {
			hubtriage_put(t, a);
			free(key);
		} else if (compute(t, hs, ids[i], names[i], now, key, silent,
		    NULL, e) != 0)
			rc = -1;
		pthread_mutex_lock(&t->lock);
		stop = t->stop;
		pthread_mutex_unlock(&t->lock);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	hubattention_conf_release(&conf);
	return rc < 0 ? -1 : 0;
}

static void *
worker(void *arg)
{
	struct hubtriage	*t = arg;
	struct hubstore		*hs = NULL;
	struct timespec		 until;
	struct fa_err		 e;

	for (;;) {
		if (hs == NULL && hubstore_open_hub(t->dir, &hs, &e) != 0)
			hs = NULL;
		/* a store error: the connection opened again next pass */
		if (hs != NULL && worker_pass(t, hs, &e) != 0) {
			hubstore_close(hs);
			hs = NULL;
		}
		pthread_mutex_lock(&t->lock);
		until = after_ms(HUBTRIAGE_POLL_MS);
		while (!t->stop && !t->kick && pthread_cond_timedwait(&t->cv,
		    &t->lock, &until) != ETIMEDOUT)
			;
		t->kick = 0;
		if (t->stop) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		pthread_mutex_unlock(&t->lock);
	}
	hubstore_close(hs);
	return NULL;
}

void
hubtriage_kick(struct hubtriage *t)
{
	pthread_mutex_lock(&t->lock);
	t->kick = 1;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->lock);
}

int
hubtriage_start(struct hubtriage *t, const char *dir, struct fa_err *e)
{
	if (t->running)
		return 0;
	t->dir = fa_strdup(dir);
	if (pthread_create(&t->th, NULL, worker, t) != 0)
		return fa_errf(e, "cannot start the triage's thread");
	t->running = 1;
	return 0;
}
