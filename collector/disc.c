/*
 * disc.c: the discovery sweep (see disc.h).
 *
 * Per address we keep only a small state record in one array, allocated
 * once; the engine holds the PDUs in flight.  A /16 costs 65,536 records
 * of a few dozen bytes, not 65,536 queued requests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "disc.h"
#include "prt.h"
#include "vb.h"
#include "vendor.h"
#include "walk.h"

struct dstate {
	struct disc_ctx	*ctx;
	size_t		 i;		/* address index */
	int		 try;		/* position in the credential order */
	int		 cred;		/* credential index in use */
	struct vb_list	 l;
	int		 alive;
	int		 prt_unknown;	/* the printer probe got no answer */
	int		 refused;	/* counted once per address */
	/* the printer probe: its repetitions adapt (walk_narrow()), within
	 * WALK_ADAPT_TRIES request times of the first answer */
	struct walk_width width;
	int64_t		 deadline;
	int		 start_reps;	/* where the probe began */
	int		 plain_reps;	/* where it would have without
					 * sys_extra */
	int		 sys_start;	/* it began with sys_extra */
	int		 has_sys;	/* the probe asks sys_extra too */
};

struct disc_ctx {
	struct sess_engine	*eng;
	const struct addr_list	*addrs;
	const int		*prefer;
	const struct walk_width	*width;		/* per address, or NULL */
	const struct sess_cred	*creds;
	size_t			 ncreds;
	size_t			 next;		/* next address to start */
	size_t			 done, found;
	/* answered, by address index: decoded as each ends, so that a
	 * sweep holds a small result per device, not its varbinds */
	struct disc_result	**alive;
	disc_progress		 progress;
	void			*parg;
	int64_t			 last_progress;
	struct disc_list	*out;
	/* every answer's sys (vb_pack), one after the other; a result's
	 * sys is its offset until the sweep ends */
	uint8_t			*arena;
	size_t			 arena_len, arena_cap;
};


static const char *const probe_oids[] = {
	"1.3.6.1.2.1.1.2.0",
};
/* The probe's GETNEXTs of sysUpTime, sysContact and sysLocation (with
 * v2c and v3, when its width allows): with the first GET's sysObjectID
 * and the probe's sysDescr and sysName, the read's system group GET
 * answered (disc_result.sys).  Only answering addresses are probed, so a
 * sweep's requests in flight stay one varbind each. */
static const oid sys_extra[][8] = {
	{ 1, 3, 6, 1, 2, 1, 1, 3 },
	{ 1, 3, 6, 1, 2, 1, 1, 4 },
	{ 1, 3, 6, 1, 2, 1, 1, 6 },
};

void
disc_list_release(struct disc_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].sys_descr);
		free(l->v[i].sys_object_id);
		free(l->v[i].sys_name);
		free(l->v[i].reason);
	}
	free(l->v);
	free(l->sys_arena);
	l->v = NULL;
	l->sys_arena = NULL;
	l->n = l->cap = 0;
}

/* The credential index for a given try at address i. */
static int
cred_at(const struct disc_ctx *c, size_t i, int try)
{
	int	p = c->prefer ? c->prefer[i] : -1;

	if (p < 0 || (size_t)p >= c->ncreds)
		return try;
	if (try == 0)
		return p;
	return try <= p ? try - 1 : try;
}

static void	start(struct dstate *);
static void	fill(struct disc_result *, struct dstate *,
	    struct disc_ctx *);

static void
progress(struct disc_ctx *c)
{
	int64_t	now;

	if (c->progress == NULL)
		return;
	now = fa_now_ms();
	if (now - c->last_progress >= 250 || c->done == c->addrs->n) {
		c->last_progress = now;
		c->progress(c->done, c->addrs->n, c->found, c->parg);
	}
}

static void
end(struct dstate *s)
{
	struct disc_ctx	*c = s->ctx;

	c->done++;
	if (s->alive) {
		c->found++;
		c->alive[s->i] = fa_malloc(sizeof(*c->alive[s->i]));
		fill(c->alive[s->i], s, c);
	}
	vb_list_release(&s->l);
	free(s);
	progress(c);
}

static void
printer_done(enum sess_status st, const char *why, void *arg)
{
	struct dstate	*s = arg;

	(void)st;
	(void)why;
	s->prt_unknown = 1;
	end(s);
}

static void	printer_probe(struct dstate *);

/*
 * Whether the probe's answer stands for the read's system group GET: its
 * first five varbinds each past the column asked (sysDescr, sysName, then
 * sys_extra), as a GETNEXT answers; an agent that answers otherwise has
 * its system group asked by the read.
 */
static int
sys_answered(const netsnmp_pdu *resp)
{
	static const oid cols[][8] = {
		{ 1, 3, 6, 1, 2, 1, 1, 1 }, { 1, 3, 6, 1, 2, 1, 1, 5 },
		{ 1, 3, 6, 1, 2, 1, 1, 3 }, { 1, 3, 6, 1, 2, 1, 1, 4 },
		{ 1, 3, 6, 1, 2, 1, 1, 6 },
	};
	const netsnmp_variable_list	*v = resp->variables;
	size_t				 k;

	for (k = 0; k < nitems(cols); k++, v = v->next_variable) {
		if (v == NULL || (v->type != SNMP_ENDOFMIBVIEW &&
		    snmp_oid_compare(v->name, v->name_length, cols[k],
		    nitems(cols[k])) <= 0))
			return 0;
	}
	return 1;
}

static void
printer_cb(enum sess_status st, netsnmp_pdu *resp, const char *why,
    void *arg)
{
	struct dstate	*s = arg;
	struct disc_ctx	*c = s->ctx;

	(void)why;
	/* An agent that answered the first GET and drops this one: the
	 * same probe with fewer rows; the system objects go first (the
	 * probe as it would have started without them, narrowed once), so
	 * that it narrows in as many steps as without them. */
	if (s->has_sys && walk_narrow(&s->width, st, resp,
	    c->creds[s->cred].version, s->deadline, sess_try_ms(c->eng))) {
		s->has_sys = 0;
		s->width.reps = (s->plain_reps + 1) / 2;
		printer_probe(s);
		return;
	}
	if (walk_narrow(&s->width, st, resp, c->creds[s->cred].version,
	    s->deadline, sess_try_ms(c->eng))) {
		printer_probe(s);
		return;
	}
	if (st == SESS_OK && resp->errstat == SNMP_ERR_NOERROR) {
		if (s->has_sys && !sys_answered(resp))
			s->has_sys = 0;		/* the read asks */
		walk_collect(resp, &s->l);
	} else
		s->prt_unknown = 1;
	end(s);
}

static void
probe_done(enum sess_status st, const char *why, void *arg)
{
	struct dstate	*s = arg;
	struct disc_ctx	*c = s->ctx;
	char		 a[64];

	/* An agent that refused our credential (a v3 security error), not
	 * a local send failure: counted once per address. */
	if (st == SESS_ERROR && why != NULL && strncmp(why, "v3 ", 3) == 0 &&
	    !s->refused) {
		s->refused = 1;
		if (c->out->rejected++ == 0)
			snprintf(c->out->reject_why, sizeof(c->out->reject_why),
			    "%s with credential '%s': %s",
			    fa_addr_str(&c->addrs->v[s->i], a, sizeof(a)),
			    c->creds[s->cred].label, why);
	}
	if (st != SESS_OK) {
		if ((size_t)++s->try < c->ncreds) {
			start(s);
			return;
		}
		end(s);
		return;
	}
	s->alive = 1;
	/* The probe is one unit: only its repetitions narrow. */
	s->width.cols = 1;
	s->width.reps = disc_probe_reps(c->width != NULL ?
	    &c->width[s->i] : NULL);
	s->plain_reps = s->width.reps;
	s->has_sys = c->creds[s->cred].version != 1 &&
	    disc_probe_sys_reps(c->width != NULL ? &c->width[s->i] : NULL) >
	    0;
	if (s->has_sys)
		s->width.reps = disc_probe_sys_reps(c->width != NULL ?
		    &c->width[s->i] : NULL);
	s->start_reps = s->width.reps;
	s->sys_start = s->has_sys;
	s->deadline = fa_now_ms() + WALK_ADAPT_TRIES * sess_try_ms(c->eng);
	printer_probe(s);
}

static void
printer_probe(struct dstate *s)
{
	struct disc_ctx	*c = s->ctx;
	netsnmp_pdu	*p;
	size_t		 k;
	static const oid prt[] = { 1, 3, 6, 1, 2, 1, 43 };
	static const oid hrt[] = { 1, 3, 6, 1, 2, 1, 25, 3, 2, 1, 2 };
	static const oid sysdescr[] = { 1, 3, 6, 1, 2, 1, 1, 1 };
	static const oid sysname[] = { 1, 3, 6, 1, 2, 1, 1, 5 };

	/* Is it a printer? Printer-MIB's first object, hrDeviceType. */
	if (c->creds[s->cred].version == 1) {
		p = snmp_pdu_create(SNMP_MSG_GETNEXT);
	} else {
		p = snmp_pdu_create(SNMP_MSG_GETBULK);
		p->non_repeaters = s->has_sys ? 2 + nitems(sys_extra) : 2;
		p->max_repetitions = s->width.reps;
	}
	/* sysDescr.0 and sysName.0 (GETNEXT of their columns) */
	snmp_add_null_var(p, sysdescr, nitems(sysdescr));
	snmp_add_null_var(p, sysname, nitems(sysname));
	for (k = 0; s->has_sys && k < nitems(sys_extra); k++)
		snmp_add_null_var(p, sys_extra[k], nitems(sys_extra[k]));
	snmp_add_null_var(p, prt, nitems(prt));
	snmp_add_null_var(p, hrt, nitems(hrt));
	if (sess_send(c->eng, &c->addrs->v[s->i], &c->creds[s->cred], p,
	    printer_cb, s) != 0)
		printer_done(SESS_ERROR, NULL, s);
}

static void
start(struct dstate *s)
{
	struct disc_ctx	*c = s->ctx;

	s->cred = cred_at(c, s->i, s->try);
	if (walk_get(c->eng, &c->addrs->v[s->i], &c->creds[s->cred],
	    probe_oids, nitems(probe_oids), &s->l, probe_done, s) != 0)
		end(s);
}

static void
feed(struct sess_engine *e, void *arg)
{
	struct disc_ctx	*c = arg;
	int		 k;

	(void)e;
	for (k = 0; k < 64 && c->next < c->addrs->n && !fa_interrupted;
	    k++) {
		struct dstate	*s = fa_calloc(1, sizeof(*s));

		s->ctx = c;
		s->i = c->next++;
		s->l = (struct vb_list)VB_LIST_INIT;
		start(s);
	}
}

static void
fill(struct disc_result *r, struct dstate *s, struct disc_ctx *c)
{
	static const uint32_t descr[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 };
	static const uint32_t objid[] = { 1, 3, 6, 1, 2, 1, 1, 2, 0 };
	static const uint32_t name[] = { 1, 3, 6, 1, 2, 1, 1, 5, 0 };
	static const uint32_t prt[] = { 1, 3, 6, 1, 2, 1, 43 };
	static const uint32_t hrt[] = { 1, 3, 6, 1, 2, 1, 25, 3, 2, 1, 2 };
	const struct vb	*v;
	uint32_t	 o[VB_MAX_OID];
	uint8_t		*p;
	size_t		 i, n;

	memset(r, 0, sizeof(*r));
	r->addr = c->addrs->v[s->i];
	r->cred = s->cred;
	vb_sort(&s->l);
	/* The read's system group GET (prt_get_oids) answered as it would
	 * have been: the objects of those OIDs that the GET and the probe
	 * brought (a GETNEXT answer of another OID is not one of them), so
	 * the read need not ask again.  Not without the probe's answer. */
	r->has_sys = s->has_sys && !s->prt_unknown;
	if (r->has_sys) {
		struct vb_list	sys = VB_LIST_INIT;

		for (i = 0; i < prt_nget_oids; i++) {
			if (vb_oid_parse(prt_get_oids[i], o, &n) != 0)
				continue;
			if ((v = vb_get(&s->l, o, n)) != NULL)
				(void)vb_add(&sys, v->oid, v->oidlen, v->tag,
				    v->num, v->buf, v->len);
		}
		p = vb_pack(&sys, &r->sys_len);
		vb_list_release(&sys);
		while (c->arena_cap - c->arena_len < r->sys_len) {
			c->arena_cap = c->arena_cap ? c->arena_cap * 2 : 65536;
			c->arena = fa_realloc(c->arena, c->arena_cap);
		}
		if (p != NULL)
			memcpy(c->arena + c->arena_len, p, r->sys_len);
		free(p);
		r->sys_off = c->arena_len;
		c->arena_len += r->sys_len;
	}
	if ((v = vb_get(&s->l, descr, nitems(descr))) != NULL)
		r->sys_descr = vb_text(v, 1024);
	if ((v = vb_get(&s->l, name, nitems(name))) != NULL)
		r->sys_name = vb_text(v, 256);
	if ((v = vb_get(&s->l, objid, nitems(objid))) != NULL &&
	    v->tag == VB_OID) {
		r->sys_object_id = fa_strdup((char *)v->buf);
		if (vb_oid_parse(r->sys_object_id, o, &n) == 0)
			r->enterprise = (int)vendor_enterprise(o, n);
	}
	/* Not known unless the probe was answered: the scan asks then. */
	r->printer_mib = s->prt_unknown ? -1 : 0;
	for (i = 0; i < s->l.n; i++) {
		v = &s->l.v[i];
		if (vb_oid_has_prefix(v->oid, v->oidlen, prt, nitems(prt)))
			r->printer_mib = 1;
		if (vb_oid_has_prefix(v->oid, v->oidlen, hrt, nitems(hrt)) &&
		    v->tag == VB_OID &&
		    strcmp((char *)v->buf, "1.3.6.1.2.1.25.3.1.5") == 0)
			r->hr_printer = 1;
		if (r->enterprise == 0 && v->oidlen > 7 &&
		    vendor_enterprise(v->oid, v->oidlen) != 0)
			r->enterprise = (int)vendor_enterprise(v->oid,
			    v->oidlen);
	}
	r->vendor = vendor_by_descr(r->sys_descr);
	if (r->vendor == NULL)
		r->vendor = vendor_by_enterprise(r->enterprise);
	if (r->hr_printer)
		r->reason = fa_strdup("hrDeviceType");
	else if (r->printer_mib == 1)
		r->reason = fa_strdup("Printer-MIB");
	else if (vendor_is_printer_maker(r->enterprise))
		r->reason = fa_strdup("enterprise");
	else if (vendor_label_descr(r->sys_descr))
		r->reason = fa_strdup("sysDescr");
	r->is_printer = r->reason != NULL;
	if (s->start_reps > 0 && !s->prt_unknown &&
	    c->creds[s->cred].version != 1) {
		r->probe_reps = s->width.reps;
		r->probe_sys = s->has_sys;
		r->narrowed = s->width.reps < s->start_reps ||
		    r->probe_sys != s->sys_start;
	}
}

int
disc_probe_sys_reps(const struct walk_width *w)
{
	int	v;

	if (w == NULL || w->cols <= 0 || w->reps <= 0)
		return DISC_PROBE_SYS_REPS;
	v = (w->cols * w->reps - 5) / 2;
	return v < 1 ? 0 : v > DISC_PROBE_SYS_REPS ? DISC_PROBE_SYS_REPS : v;
}

int
disc_probe_reps(const struct walk_width *w)
{
	int	v;

	if (w == NULL || w->cols <= 0 || w->reps <= 0)
		return DISC_PROBE_REPS;
	v = (w->cols * w->reps - 2) / 2;
	return v < 1 ? 1 : v > DISC_PROBE_REPS ? DISC_PROBE_REPS : v;
}

struct walk_width
disc_width_of(const struct disc_result *r)
{
	return walk_width_of_reps((r->probe_sys ? 5 : 2) + 2 * r->probe_reps);
}

int
disc_sweep(struct sess_engine *e, const struct addr_list *addrs,
    const int *prefer, const struct walk_width *width,
    const struct sess_cred *creds, size_t ncreds,
    struct disc_list *out, disc_progress pf, void *parg)
{
	struct disc_ctx	c;
	size_t		i;

	memset(&c, 0, sizeof(c));
	c.eng = e;
	c.addrs = addrs;
	c.prefer = prefer;
	c.width = width;
	c.creds = creds;
	c.ncreds = ncreds;
	c.progress = pf;
	c.parg = parg;
	c.out = out;
	c.alive = fa_calloc(addrs->n ? addrs->n : 1, sizeof(*c.alive));
	if (ncreds > 0 && addrs->n > 0) {
		sess_set_feeder(e, feed, &c);
		if (sess_run(e, 0) != 0)
			sess_cancel(e);
		sess_set_feeder(e, NULL, NULL);
	}
	/* The system group answers are in one allocation of their own:
	 * kept through the reads, each alone would pin a piece of the heap
	 * the sweep used, which the reads then could not reuse. */
	out->sys_arena = c.arena;
	for (i = 0; i < addrs->n; i++) {
		if (c.alive[i] == NULL)
			continue;
		if (c.alive[i]->has_sys)
			c.alive[i]->sys = c.arena + c.alive[i]->sys_off;
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->v = fa_reallocarray(out->v, out->cap,
			    sizeof(*out->v));
		}
		out->v[out->n++] = *c.alive[i];
		free(c.alive[i]);
	}
	free(c.alive);
	return fa_interrupted ? -1 : 0;
}
