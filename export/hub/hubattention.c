/*
 * hubattention.c: the needs-attention list (hubattention.h,
 * docs/attention.md).
 *
 * Each account is read through the report's gatherer on the hub
 * (hubreport_scan_sites()), so a device's current errors, supplies, days
 * to empty and meter flags are what the report and the account page say
 * of them.  Rank before age: a device in error today comes before a
 * cartridge that will run out next week, however long that has been
 * known; within a kind, the oldest first (it has waited longest).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hubattention.h"
#include "hubdb.h"
#include "hubreport.h"
#include "../report.h"

#define DAY	86400

void
hubattention_row_release(struct hubattention_row *r)
{
	free(r->account);
	free(r->collector);
	free(r->site);
	free(r->serial);
	free(r->model);
	free(r->address);
	free(r->location);
	free(r->detail);
	free(r->what);
	memset(r, 0, sizeof(*r));
}

const char *
hubattention_kind_name(enum hubattention_kind k)
{
	switch (k) {
	case HUBATTENTION_ERROR:
		return "error";
	case HUBATTENTION_EMPTY:
		return "empty";
	case HUBATTENTION_SILENT:
		return "silent";
	case HUBATTENTION_LOW:
		return "low";
	default:
		return "anomaly";
	}
}

static int
cmp_str(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "");
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct hubattention_row *a = pa, *b = pb;
	int	c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->since != b->since) {
		if (a->since == 0 || b->since == 0)
			return a->since == 0 ? 1 : -1;	/* unknown last */
		return a->since < b->since ? -1 : 1;
	}
	if ((c = cmp_str(a->account, b->account)) != 0 ||
	    (c = cmp_str(a->collector, b->collector)) != 0)
		return c;
	if (a->device != b->device)
		return a->device < b->device ? -1 : 1;
	return cmp_str(a->detail, b->detail);
}

void
hubattention_sort(struct hubattention_row *v, size_t n)
{
	if (n > 0)	/* qsort(3) of NULL is undefined, even of 0 */
		qsort(v, n, sizeof(*v), row_cmp);
}

void
hubattention_count(const struct hubattention_row *v, size_t n,
    const char *account, struct hubattention_count *c)
{
	size_t	i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n; i++) {
		if (account != NULL && strcmp(v[i].account, account) != 0)
			continue;
		switch (v[i].kind) {
		case HUBATTENTION_ERROR:
			c->errors++;
			break;
		case HUBATTENTION_EMPTY:
		case HUBATTENTION_LOW:
			c->supplies++;
			break;
		case HUBATTENTION_SILENT:
			c->silent++;
			break;
		default:
			c->anomalies++;
		}
	}
}

/* ---- attention.conf ---- */

void
hubattention_conf_release(struct hubattention_conf *c)
{
	size_t	i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].account);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

int
hubattention_silent_days(const struct hubattention_conf *c,
    const char *account, int dflt)
{
	size_t	i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (strcmp(c->v[i].account, account) == 0)
			return c->v[i].days;
	return dflt;
}

/* The next word of *p (blank separated), NUL-terminated in place. */
static char *
word(char **p)
{
	char	*s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return w;
}

static int
conf_line(struct hubattention_conf *c, char *line, unsigned no,
    struct fa_err *e)
{
	struct fa_err	 e2;
	char		*p = line, *acc, *key, *val;
	long long	 d;
	size_t		 i;

	if ((acc = word(&p)) == NULL || *acc == '#')
		return 0;
	key = word(&p);
	val = word(&p);
	if (hubstore_account_check(acc, &e2) != 0)
		return fa_errf(e, HUBATTENTION_CONF ":%u: %s", no, e2.msg);
	if (key == NULL || strcmp(key, "silent-days") != 0)
		return fa_errf(e, HUBATTENTION_CONF ":%u: expected '%s "
		    "silent-days N'", no, acc);
	if (val == NULL || word(&p) != NULL ||
	    fa_strtonum(val, 1, 365, &d, "silent-days", &e2) != 0)
		return fa_errf(e, HUBATTENTION_CONF ":%u: silent-days must "
		    "be a whole number from 1 to 365", no);
	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].account, acc) == 0)
			return fa_errf(e, HUBATTENTION_CONF ":%u: account "
			    "'%s' named twice", no, acc);
	c->v = fa_reallocarray(c->v, c->n + 1, sizeof(*c->v));
	c->v[c->n].account = fa_strdup(acc);
	c->v[c->n++].days = (int)d;
	return 0;
}

int
hubattention_conf_load(const char *dir, struct hubattention_conf *c,
    struct fa_err *e)
{
	FILE		*f;
	char		*path, line[512];
	size_t		 len, total = 0;
	unsigned	 no = 0;
	int		 ret = 0;

	memset(c, 0, sizeof(*c));
	path = fa_asprintf("%s/%s", dir, HUBATTENTION_CONF);
	if ((f = fopen(path, "r")) == NULL) {
		ret = errno == ENOENT ? 0 : fa_errf(e, "cannot read '%s': %s",
		    path, strerror(errno));
		free(path);
		return ret;
	}
	while (ret == 0 && fgets(line, sizeof(line), f) != NULL) {
		no++;
		len = strlen(line);
		total += len;
		if (total > HUBATTENTION_CONF_MAX)
			ret = fa_errf(e, "'%s' is too large", path);
		else if (len > 0 && line[len - 1] != '\n' && !feof(f))
			ret = fa_errf(e, HUBATTENTION_CONF ":%u: line too "
			    "long", no);
		else {
			line[strcspn(line, "\r\n")] = '\0';
			ret = conf_line(c, line, no, e);
		}
	}
	if (ret == 0 && ferror(f))
		ret = fa_errf(e, "cannot read '%s'", path);
	fclose(f);
	free(path);
	if (ret != 0)
		hubattention_conf_release(c);
	return ret;
}

struct gather {
	const struct hubattention_opts *o;
	int			 silent_days;	/* of this account */
	const char		*account;
	char			*fp, *name;
	struct hubattention_row	*v;
	size_t			 n;
};

static void
day(int64_t t, char *buf, size_t len)
{
	time_t		tt = (time_t)t;
	struct tm	tm;

	gmtime_r(&tt, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* A row of device d; takes detail. */
static void
add(struct gather *g, const struct store_rdev *d, enum hubattention_kind k,
    char *detail, int64_t since)
{
	struct hubattention_row *r;

	g->v = fa_reallocarray(g->v, g->n + 1, sizeof(*g->v));
	r = &g->v[g->n++];
	memset(r, 0, sizeof(*r));
	r->kind = k;
	r->account = fa_strdup(g->account);
	r->collector = fa_strdup(g->fp != NULL ? g->fp : "");
	r->site = fa_strdup(g->name);
	r->device = d->id;
	r->serial = fa_strdup(d->serial);
	r->model = fa_strdup(d->model);
	r->address = fa_strdup(d->address);
	r->location = fa_strdup(d->location);
	r->detail = detail;
	r->since = since;
}

static int
on_site(void *arg, int64_t site, const char *fp, const char *name,
    struct fa_err *e)
{
	struct gather	*g = arg;

	(void)site;
	(void)e;
	free(g->fp);
	g->fp = fa_strdup(fp);
	free(g->name);
	g->name = fa_strdup(name);
	return 0;
}

static void
supplies(struct gather *g, const struct store_rdev *d)
{
	const struct hubattention_opts *o = g->o;
	struct report_sdays	 sd;
	struct report_dte	 dte;
	char			 when[16];
	const char		*name;
	size_t			 i;

	for (i = 0; i < d->nsupplies; i++) {
		const struct store_rsupply *p = &d->supplies[i];

		if (p->class != NULL && strcmp(p->class, "filled") == 0)
			continue;
		name = p->description != NULL ? p->description : "a supply";
		if (p->percent == 0 || (p->percent < 0 && p->state != NULL &&
		    strcmp(p->state, "empty") == 0)) {
			add(g, d, HUBATTENTION_EMPTY, fa_asprintf("%s empty",
			    name), p->last_seen);
			g->v[g->n - 1].what = fa_strdup(name);
			continue;
		}
		if (p->percent > 0 && p->percent <= o->threshold) {
			add(g, d, HUBATTENTION_LOW, fa_asprintf("%s at %d%%",
			    name, p->percent), p->last_seen);
			g->v[g->n - 1].what = fa_strdup(name);
			continue;
		}
		/* the report's method, as every page says it */
		report_supply_days(p, o->now, &sd);
		dte = sd.dte;
		if (dte.status == REPORT_DTE_OK &&
		    dte.empty_at <= o->now + (int64_t)o->days * DAY) {
			day(dte.empty_at, when, sizeof(when));
			add(g, d, HUBATTENTION_LOW, fa_asprintf("%s empty by "
			    "%s", name, when), dte.empty_at);
			g->v[g->n - 1].what = fa_strdup(name);
		}
	}
}

static int
on_device(const struct store_rdev *d, void *arg, struct fa_err *e)
{
	struct gather			*g = arg;
	const struct hubattention_opts	*o = g->o;
	const struct store_flagrow	*f = NULL;
	struct fa_buf			 b = FA_BUF_INIT;
	char				 when[16];
	int64_t				 since = 0;
	size_t				 i, nf = 0;

	if (o->stop_cb != NULL && o->stop_cb(o->stop_arg))
		return fa_errf(e, "stopped");
	if (o->device_cb != NULL)
		o->device_cb(o->device_arg, g->account, g->fp != NULL ? g->fp :
		    "", d);
	if (d->nerrors > 0) {
		for (i = 0; i < d->nerrors; i++)
			fa_buf_printf(&b, "%s%s", i ? ", " : "", d->errors[i]);
		for (i = 0; i < d->nalerts; i++)
			if (d->alerts[i].current && (since == 0 ||
			    d->alerts[i].first_seen < since))
				since = d->alerts[i].first_seen;
		add(g, d, HUBATTENTION_ERROR, fa_buf_steal(&b),
		    since != 0 ? since : d->last_seen);
	}
	fa_buf_release(&b);
	supplies(g, d);
	if (d->last_seen > 0 &&
	    d->last_seen < o->now - (int64_t)g->silent_days * DAY) {
		day(d->last_seen, when, sizeof(when));
		add(g, d, HUBATTENTION_SILENT, fa_asprintf("not reporting "
		    "since %s (%lld days)", when, (long long)((o->now -
		    d->last_seen) / DAY)), d->last_seen);
	}
	for (i = 0; i < d->nflags; i++)
		if (d->flags[i].time >= d->last_seen -
		    (int64_t)o->anomaly_days * DAY) {
			f = &d->flags[i];	/* time order: the newest */
			nf++;
		}
	if (f != NULL) {
		day(f->time, when, sizeof(when));
		add(g, d, HUBATTENTION_ANOMALY, nf > 1 ?
		    fa_asprintf("%s: %s on %s (%zu flags)", f->name,
		    f->reason, when, nf) : fa_asprintf("%s: %s on %s, %lld to "
		    "%lld", f->name, f->reason, when, (long long)f->previous,
		    (long long)f->current), f->time);
		g->v[g->n - 1].what = fa_strdup(f->name);
	}
	return 0;
}

/* Every account's name, by name. */
static int
all_accounts(struct hubstore *hs, char ***v, size_t *n, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(hubstore_db(hs), "SELECT name FROM accounts"
	    " ORDER BY name", &st, e) != 0)
		return -1;
	while ((rc = hubdb_step(st, e)) == 1 &&
	    *n < HUBATTENTION_ACCOUNTS_MAX) {
		*v = fa_reallocarray(*v, *n + 1, sizeof(**v));
		(*v)[(*n)++] = hubdb_col_strdup(st, 0);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Each row's device id in the hub, for links to its page. */
static int
hub_ids(struct hubstore *hs, struct gather *g, struct fa_err *e)
{
	struct hubdb_st	*st;
	size_t		 i;
	int		 rc = 0;

	if (g->n == 0)
		return 0;
	if (hubdb_prepare(hubstore_db(hs), "SELECT d.id FROM devices d"
	    " JOIN sites s ON s.id = d.site_id JOIN accounts a"
	    " ON a.id = s.account_id WHERE a.name = ?1 AND s.fingerprint = ?2"
	    " AND d.src_id = ?3", &st, e) != 0)
		return -1;
	for (i = 0; i < g->n && rc >= 0; i++) {
		hubdb_reset(st);
		hubdb_bind_text(st, 1, g->v[i].account);
		hubdb_bind_text(st, 2, g->v[i].collector);
		hubdb_bind_int(st, 3, g->v[i].device);
		if ((rc = hubdb_step(st, e)) == 1)
			g->v[i].hub_id = hubdb_col_int(st, 0);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
hubattention_scan(struct hubstore *hs, const char *const *names,
    size_t nnames, const struct hubattention_opts *o,
    struct hubattention_row **rows, size_t *n, struct fa_err *e)
{
	struct gather	 g;
	char		**all = NULL;
	size_t		 nall = 0, i;
	int		 ret = -1;

	*rows = NULL;
	*n = 0;
	memset(&g, 0, sizeof(g));
	g.o = o;
	if (names == NULL) {
		if (all_accounts(hs, &all, &nall, e) != 0)
			goto out;
		names = (const char *const *)all;
		nnames = nall;
	}
	for (i = 0; i < nnames; i++) {
		g.account = names[i];
		g.silent_days = hubattention_silent_days(o->conf, names[i],
		    o->silent_days);
		/* each device's current state and its flags of the last
		 * anomaly_days (a day more: the flags' window is the
		 * device's newest read's); not its whole history */
		if (hubreport_scan_recent(hs, names[i], ((int64_t)o->anomaly_days
		    + 1) * DAY, on_site, on_device, &g, e) != 0)
			goto out;
	}
	if (hub_ids(hs, &g, e) != 0)
		goto out;
	hubattention_sort(g.v, g.n);
	*rows = g.v;
	*n = g.n;
	g.v = NULL;
	g.n = 0;
	ret = 0;
out:
	for (i = 0; i < g.n; i++)
		hubattention_row_release(&g.v[i]);
	free(g.v);
	free(g.fp);
	free(g.name);
	for (i = 0; i < nall; i++)
		free(all[i]);
	free(all);
	return ret;
}
