/*
 * scan.c: reading devices (see scan.h).
 *
 * A device read is a small state machine: system GET, then the GETs its
 * model definition names (if one matches), then the table walks at once.
 * It finishes when its last request does; a request that gets no answer
 * is noted in the device's error and the read goes on with what it has,
 * so a device that stops answering half way is stored as incomplete, not
 * lost.
 *
 * A partial read (scan_opts.parts) leaves out the requests of the parts
 * not asked for and tells the decoders, through the device's parts, not to
 * fill them: an absent part must not read as "no supplies" or "no errors".
 */
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "mdf.h"
#include "prt.h"
#include "pwg.h"
#include "scan.h"
#include "vb.h"
#include "vendor.h"
#include "walk.h"

struct sstate;

struct scan_ctx {
	struct sess_engine		*eng;
	const struct scan_target	*t;
	size_t				 n, next, active, done;
	const struct scan_opts		*o;
	scan_device_cb			 cb;
	void				*arg;
	int				 cancelled;	/* stopped early */
};

struct sstate {
	struct scan_ctx		*ctx;
	const struct scan_target *t;
	struct vb_list		 l;
	int			 pending;
	int64_t			 start;
	struct fa_buf		 err;
	int			 dead;	/* system GET got no answer */
	uint32_t		 requests;
	const struct mdf_def	*def;	/* the device's model definition */
	size_t			 private_left;	/* its GETs not done */
	unsigned		 parts;	/* DEV_P_*: what this read covers */
	struct walk_width	 width;	/* of the table walk, in/out */
	int			 width_ok; /* the table walk worked */
	int			 pwg;	/* its PWG counter tables asked */
};

/* A walk or GET of one device, so its name can go into errors. */
struct sreq_tag {
	struct sstate	*s;
	const char	*what;
};

static void	launch(struct scan_ctx *);

static void
note(struct sstate *s, const char *what, const char *why)
{
	if (s->err.len > 0)
		fa_buf_puts(&s->err, "; ");
	fa_buf_printf(&s->err, "%s: %s", what, why ? why : "failed");
}

static void
complete(struct sstate *s)
{
	struct scan_ctx	*c = s->ctx;
	struct device	 d;
	char		 a[64];

	dev_init(&d);
	d.parts = s->parts;
	vb_sort(&s->l);
	prt_decode(&s->l, &d);
	if (s->def != NULL)
		mdf_apply(s->def, &s->l, &d);
	pwg_decode(&s->l, &d);
	mdf_checks(&d);
	dev_set(&d.address, fa_addr_str(&s->t->addr, a, sizeof(a)));
	dev_set(&d.credential, s->t->cred->label);
	d.snmp_version = s->t->cred->version;
	d.read_ms = fa_now_ms() - s->start;
	d.requests = s->requests;
	if (s->width_ok && (s->width.cols < WALK_MULTI_COLS ||
	    s->width.reps < WALK_MULTI_REPS || s->t->cols > 0)) {
		d.bulk_cols = s->width.cols;
		d.bulk_reps = s->width.reps;
	}
	if (s->err.len > 0)
		dev_set(&d.error, s->err.s);
	if (!c->cancelled)
		c->cb(&d, c->arg);	/* a read cut short is not kept */
	dev_release(&d);
	vb_list_release(&s->l);
	fa_buf_release(&s->err);
	free(s);
	c->active--;
	c->done++;
	launch(c);
}

static void
part_done(enum sess_status st, const char *why, void *arg)
{
	struct sreq_tag	*tag = arg;
	struct sstate	*s = tag->s;

	if (st != SESS_OK)
		note(s, tag->what, why != NULL ? why :
		    st == SESS_TIMEOUT ? "no answer" : "failed");
	free(tag);
	if (--s->pending == 0)
		complete(s);
}

/*
 * The table walk ended: a success keeps its width (see complete()).  A
 * device that counts PWG service records gets its counter tables walked
 * next, at the width that worked.
 */
static void
tables_done(enum sess_status st, const char *why, void *arg)
{
	struct sreq_tag	*tag = arg, *t2;
	struct sstate	*s = tag->s;

	if (st == SESS_OK)
		s->width_ok = 1;
	if (st == SESS_OK && (s->parts & DEV_P_METERS) && !s->pwg) {
		vb_sort(&s->l);
		if (pwg_present(&s->l)) {
			s->pwg = 1;
			t2 = fa_calloc(1, sizeof(*t2));
			t2->s = s;
			t2->what = "tables";
			s->pending++;
			s->requests++;
			if (walk_multi(s->ctx->eng, &s->t->addr, s->t->cred,
			    pwg_roots, NULL, pwg_nroots, 0, s->ctx->o->max_vbs,
			    &s->width, &s->l, tables_done, t2) != 0) {
				free(t2);
				s->pending--;
			}
		}
	}
	part_done(st, why, arg);
}

static void
tables(struct sstate *s)
{
	/* A device that showed no Printer-MIB is not asked for its tables
	 * (one not yet probed, printer_mib -1, is), nor for the tables its
	 * model definition says it lacks, nor for those of parts this read
	 * does not cover. */
	int		 has_prt = s->t->printer_mib != 0;
	unsigned	 lacks = s->def ? s->def->lacks : 0;
	size_t		 i, n = 0, k, nc, nonce = 0;
	const char	*roots[48], *names[48], *cols[8];
	struct sreq_tag	*tag;

	/* A meters read probes the PWG counter MIB: one varbind, first. */
	if (s->parts & DEV_P_METERS) {
		names[n] = "PWG counter MIB";
		roots[n++] = PWG_PROBE_COLUMN;
		nonce = 1;
	}

	for (i = 0; i < prt_ntables && n < nitems(roots); i++) {
		if ((prt_tables[i].printer_mib && !has_prt) ||
		    (lacks & (1u << i)) || (prt_tables[i].part != 0 &&
		    !(prt_tables[i].part & s->parts)))
			continue;
		names[n] = prt_tables[i].name;
		roots[n++] = prt_tables[i].root;
	}
	nc = s->def ? mdf_columns(s->def, s->parts, cols, nitems(cols)) : 0;
	for (k = 0; k < nc && n < nitems(roots); k++) {
		names[n] = "vendor supply columns";
		roots[n++] = cols[k];
	}
	if (n == nonce)
		return;
	tag = fa_calloc(1, sizeof(*tag));
	tag->s = s;
	tag->what = "tables";
	s->pending++;
	s->requests++;
	s->width.cols = s->t->cols;
	s->width.reps = s->t->reps;
	if (walk_multi(s->ctx->eng, &s->t->addr, s->t->cred, roots, names, n,
	    nonce, s->ctx->o->max_vbs, &s->width, &s->l, tables_done,
	    tag) != 0) {
		free(tag);
		s->pending--;
	}
}

/* The private GETs are done: now the tables. */
static void
private_done(enum sess_status st, const char *why, void *arg)
{
	struct sreq_tag	*tag = arg;
	struct sstate	*s = tag->s;

	s->pending++;		/* keep s alive across part_done */
	part_done(st, why, arg);
	if (--s->private_left == 0)
		tables(s);
	if (--s->pending == 0)
		complete(s);
}

/*
 * The scalars of the device's model definition (identity, and the meters,
 * status and supply blob of the parts asked), in GETs of at most
 * SCAN_GET_VARS; SNMPv1 fails a whole GET on one missing object, so there
 * each goes alone.
 */
static void
private_get(struct sstate *s)
{
	const char	*oids[MDF_MAX_METERS * MDF_MAX_SUM + 8];
	size_t		 n, i, per;
	struct sreq_tag	*tag;

	n = s->def ? mdf_scalars(s->def, s->parts, oids, nitems(oids)) : 0;
	if (n == 0) {
		tables(s);
		return;
	}
	per = s->t->cred->version == 1 ? 1 : SCAN_GET_VARS;
	s->private_left = (n + per - 1) / per;
	for (i = 0; i < n; i += per) {
		tag = fa_calloc(1, sizeof(*tag));
		tag->s = s;
		tag->what = "model definition objects";
		s->pending++;
		s->requests++;
		if (walk_get(s->ctx->eng, &s->t->addr, s->t->cred, oids + i,
		    n - i < per ? n - i : per, &s->l, private_done, tag) !=
		    0) {
			free(tag);
			s->pending--;
			if (--s->private_left == 0)
				tables(s);
		}
	}
}

/* Matches the device's model definition, then its private GETs. */
static void
identify(struct sstate *s, const char *objid, long ent)
{
	static const uint32_t descr[] = { 1, 3, 6, 1, 2, 1, 1, 1, 0 };
	const struct vb	*v;
	char		*text = NULL;

	if ((v = vb_get(&s->l, descr, nitems(descr))) != NULL)
		text = vb_text(v, DEV_MAX_STR);
	if (s->ctx->o->models != NULL)
		s->def = mdf_match(s->ctx->o->models, objid, text, ent);
	free(text);
	private_get(s);
}

/*
 * A device without sysObjectID (and not known from discovery): the first
 * private object it answers names its maker.  One GETNEXT, only for such
 * devices.
 */
static void
private_next_cb(enum sess_status st, netsnmp_pdu *resp, const char *why,
    void *arg)
{
	struct sreq_tag	*tag = arg;
	struct sstate	*s = tag->s;
	long		 ent = 0;

	(void)why;
	if (st == SESS_OK && resp->errstat == SNMP_ERR_NOERROR &&
	    resp->variables != NULL) {
		const netsnmp_variable_list	*v = resp->variables;
		uint32_t			 o[VB_MAX_OID];
		size_t				 i, n = v->name_length;

		if (n <= VB_MAX_OID) {
			for (i = 0; i < n; i++)
				o[i] = (uint32_t)v->name[i];
			ent = vendor_enterprise(o, n);
		}
	}
	free(tag);
	identify(s, NULL, ent);	/* this request still holds s */
	if (--s->pending == 0)
		complete(s);
}

static void
private_next(struct sstate *s)
{
	static const oid ent[] = { 1, 3, 6, 1, 4, 1 };
	netsnmp_pdu	*p = snmp_pdu_create(SNMP_MSG_GETNEXT);
	struct sreq_tag	*tag = fa_calloc(1, sizeof(*tag));

	tag->s = s;
	tag->what = "private subtree";
	snmp_add_null_var(p, ent, nitems(ent));
	s->pending++;
	s->requests++;
	if (sess_send(s->ctx->eng, &s->t->addr, s->t->cred, p,
	    private_next_cb, tag) != 0) {
		free(tag);
		s->pending--;
		identify(s, NULL, 0);
	}
}

static void
system_done(enum sess_status st, const char *why, void *arg)
{
	struct sreq_tag	*tag = arg;
	struct sstate	*s = tag->s;
	static const uint32_t objid[] = { 1, 3, 6, 1, 2, 1, 1, 2, 0 };
	const struct vb	*v;
	uint32_t	 o[VB_MAX_OID];
	size_t		 n;
	long		 ent = s->t->enterprise;
	const char	*objid_text = NULL;

	s->pending++;
	if (st != SESS_OK) {
		/* Not answering at all: nothing more to ask. */
		s->dead = 1;
		part_done(st, why, arg);
		if (--s->pending == 0)
			complete(s);
		return;
	}
	part_done(st, why, arg);
	vb_sort(&s->l);
	if ((v = vb_get(&s->l, objid, nitems(objid))) != NULL &&
	    v->tag == VB_OID && vb_oid_parse((char *)v->buf, o, &n) == 0 &&
	    vendor_enterprise(o, n) != 0) {
		ent = vendor_enterprise(o, n);
		objid_text = (const char *)v->buf;
	}
	if (ent == 0 && objid_text == NULL)
		private_next(s);
	else
		identify(s, objid_text, ent);
	if (--s->pending == 0)
		complete(s);
}

static void
start(struct scan_ctx *c, const struct scan_target *t)
{
	struct sstate	*s = fa_calloc(1, sizeof(*s));
	struct sreq_tag	*tag = fa_calloc(1, sizeof(*tag));

	s->ctx = c;
	s->t = t;
	s->l = (struct vb_list)VB_LIST_INIT;
	s->err = (struct fa_buf)FA_BUF_INIT;
	s->start = fa_now_ms();
	/* Identity is always read: a device is known by it. */
	s->parts = (c->o->parts != 0 ? c->o->parts : DEV_P_ALL) | DEV_P_ATTRS;
	c->active++;
	tag->s = s;
	tag->what = "system group";
	s->pending = 1;
	/* Discovery asked the same GET moments ago: its answer, without
	 * a request. */
	if (t->has_sys && vb_unpack(t->sys, t->sys_len, &s->l) == 0) {
		system_done(SESS_OK, NULL, tag);
		return;
	}
	vb_list_release(&s->l);
	s->requests = 1;
	if (walk_get(c->eng, &t->addr, t->cred, prt_get_oids, prt_nget_oids,
	    &s->l, system_done, tag) != 0) {
		free(tag);
		note(s, "system group", "cannot queue request");
		s->pending = 0;
		complete(s);
	}
}

static void
launch(struct scan_ctx *c)
{
	while (c->next < c->n && (int)c->active < c->o->max_devices &&
	    !fa_interrupted && !c->cancelled)
		start(c, &c->t[c->next++]);
}

size_t
scan_read(struct sess_engine *e, const struct scan_target *t, size_t n,
    const struct scan_opts *o, scan_device_cb cb, void *arg)
{
	struct scan_ctx	c;

	memset(&c, 0, sizeof(c));
	c.eng = e;
	c.t = t;
	c.n = n;
	c.o = o;
	c.cb = cb;
	c.arg = arg;
	launch(&c);
	if (sess_run(e, 0) != 0) {
		c.cancelled = 1;
		sess_cancel(e);
	}
	return n - c.done;
}
