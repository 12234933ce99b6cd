/*
 * walk.c: GET and walks as engine callbacks.  A walk has one request in
 * flight at a time (the next step needs the last OID).  A device read
 * walks all its tables together instead (walk_multi): one GETBULK per
 * round carries a cursor per table still running, so a device costs a
 * handful of round trips and few values past each table's end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../cli/util.h"
#include "walk.h"

struct walk {
	struct sess_engine	*eng;
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	struct vb_list		*l;
	uint32_t		*root;		/* walks only, not GETs: */
	size_t			 rootlen;
	uint32_t		*last;		/* 2 x VB_MAX_OID, one block */
	size_t			 lastlen;
	size_t			 max;
	struct walk_width	 own;		/* when the caller gave none */
	struct walk_width	*width;		/* reps: max-repetitions */
	int64_t			 deadline;	/* for narrower retries */
	int64_t			 try_ms;
	int			 is_get;
	walk_done		 done;
	void			*arg;
};

static void
add_var(struct vb_list *l, const netsnmp_variable_list *v)
{
	uint32_t	o[VB_MAX_OID];
	size_t		i, n = v->name_length;
	char		buf[VB_MAX_OID * 11 + 1];
	uint32_t	oo[VB_MAX_OID];

	if (n > VB_MAX_OID || n < 1)
		return;
	for (i = 0; i < n; i++)
		o[i] = (uint32_t)v->name[i];
	switch (v->type) {
	case ASN_INTEGER:
		vb_add(l, o, n, VB_INTEGER, *v->val.integer, NULL, 0);
		break;
	case ASN_COUNTER:
	case ASN_GAUGE:
	case ASN_TIMETICKS:
		vb_add(l, o, n, v->type, (int64_t)(uint32_t)*v->val.integer,
		    NULL, 0);
		break;
	case ASN_COUNTER64:
		vb_add(l, o, n, VB_COUNTER64,
		    (int64_t)(((uint64_t)v->val.counter64->high << 32) |
		    (uint32_t)v->val.counter64->low), NULL, 0);
		break;
	case ASN_OCTET_STR:
	case ASN_OPAQUE:
		vb_add(l, o, n, v->type, 0, v->val.string, v->val_len);
		break;
	case ASN_IPADDRESS:
		vb_add(l, o, n, VB_IPADDR, 0, v->val.string,
		    v->val_len == 4 ? 4 : 0);
		break;
	case ASN_OBJECT_ID: {
		size_t	k = v->val_len / sizeof(oid);

		if (k > VB_MAX_OID)
			k = VB_MAX_OID;
		for (i = 0; i < k; i++)
			oo[i] = (uint32_t)v->val.objid[i];
		if (k < 2) {
			oo[0] = oo[1] = 0;
			k = 2;
		}
		vb_oid_str(oo, k, buf, sizeof(buf));
		vb_add(l, o, n, VB_OID, 0, buf, strlen(buf));
		break;
	}
	case ASN_NULL:
		vb_add(l, o, n, VB_NULL, 0, NULL, 0);
		break;
	default:
		/* Exceptions (noSuchObject...) and unknown types: keep
		 * nothing; decoders treat the object as absent. */
		break;
	}
}

size_t
walk_collect(const netsnmp_pdu *p, struct vb_list *l)
{
	const netsnmp_variable_list	*v;
	size_t				 n = 0;

	for (v = p->variables; v != NULL; v = v->next_variable, n++)
		add_var(l, v);
	return n;
}

static void	step(struct walk *);

int
walk_narrow(struct walk_width *w, enum sess_status st,
    const netsnmp_pdu *resp, int version, int64_t deadline, int64_t try_ms)
{
	if (st != SESS_TIMEOUT && !(st == SESS_OK && resp != NULL &&
	    resp->errstat == SNMP_ERR_TOOBIG))
		return 0;
	if (version == 1 || (w->cols <= 1 && w->reps <= 1) ||
	    fa_now_ms() + try_ms > deadline)
		return 0;
	w->cols = (w->cols + 1) / 2;
	w->reps = (w->reps + 1) / 2;
	return 1;
}

struct walk_width
walk_width_of_reps(int reps)
{
	struct walk_width	w;

	w.reps = reps < 1 ? 1 : reps > WALK_MULTI_REPS ? WALK_MULTI_REPS :
	    reps;
	w.cols = reps / w.reps;
	if (w.cols < 1)
		w.cols = 1;
	if (w.cols > WALK_MULTI_COLS)
		w.cols = WALK_MULTI_COLS;
	return w;
}

static void
finish(struct walk *w, enum sess_status st, const char *why)
{
	w->done(st, why, w->arg);
	free(w->root);
	free(w);
}

static void
walk_cb(enum sess_status st, netsnmp_pdu *resp, const char *why, void *arg)
{
	struct walk			*w = arg;
	const netsnmp_variable_list	*v;
	uint32_t			 o[VB_MAX_OID];
	size_t				 n, i;
	int				 more = 0;

	/* Dropped or tooBig: fewer rows per request, while time is left. */
	if (!w->is_get && walk_narrow(w->width, st, resp, w->cred->version,
	    w->deadline, w->try_ms)) {
		step(w);
		return;
	}
	if (st != SESS_OK) {
		finish(w, st, why);
		return;
	}
	if (w->is_get) {
		if (resp->errstat == SNMP_ERR_NOERROR)
			walk_collect(resp, w->l);
		/* v1 noSuchName: the agent answered all the same. */
		finish(w, SESS_OK, NULL);
		return;
	}
	if (resp->errstat != SNMP_ERR_NOERROR) {
		/* v1 end of MIB is noSuchName: a normal end of walk. */
		if (w->cred->version == 1 &&
		    resp->errstat == SNMP_ERR_NOSUCHNAME) {
			finish(w, SESS_OK, NULL);
			return;
		}
		/* Anything else (genErr, tooBig at 1 row...): the table was
		 * not read to its end. */
		finish(w, SESS_ERROR, resp->errstat == SNMP_ERR_TOOBIG ?
		    "agent says tooBig" : "agent returned an error status");
		return;
	}
	for (v = resp->variables; v != NULL; v = v->next_variable) {
		if (v->type == SNMP_ENDOFMIBVIEW || v->type ==
		    SNMP_NOSUCHOBJECT || v->type == SNMP_NOSUCHINSTANCE) {
			more = 0;
			break;
		}
		n = v->name_length;
		if (n > VB_MAX_OID) {
			finish(w, SESS_ERROR, "OID too long in reply");
			return;
		}
		for (i = 0; i < n; i++)
			o[i] = (uint32_t)v->name[i];
		/* Order first: an OID that goes backwards is a broken
		 * agent even when it also leaves the subtree. */
		if (vb_oid_cmp(o, n, w->last, w->lastlen) <= 0) {
			finish(w, SESS_ERROR, "agent returned OIDs out of "
			    "order");
			return;
		}
		if (!vb_oid_has_prefix(o, n, w->root, w->rootlen)) {
			more = 0;
			break;
		}
		add_var(w->l, v);
		memcpy(w->last, o, n * sizeof(*o));
		w->lastlen = n;
		if (w->l->n >= w->max || w->l->bytes >= WALK_MAX_BYTES) {
			finish(w, SESS_ERROR, "too much data, read cut short");
			return;
		}
		more = 1;
	}
	if (!more) {
		finish(w, SESS_OK, NULL);
		return;
	}
	/* An agent that answers keeps its time to find a narrower width. */
	w->deadline = fa_now_ms() + WALK_ADAPT_TRIES * w->try_ms;
	step(w);
}

static void
step(struct walk *w)
{
	netsnmp_pdu	*p;
	oid		 o[VB_MAX_OID];
	size_t		 i;

	if (w->cred->version == 1) {
		p = snmp_pdu_create(SNMP_MSG_GETNEXT);
	} else {
		p = snmp_pdu_create(SNMP_MSG_GETBULK);
		p->non_repeaters = 0;
		p->max_repetitions = w->width->reps;
	}
	for (i = 0; i < w->lastlen; i++)
		o[i] = w->last[i];
	snmp_add_null_var(p, o, w->lastlen);
	if (sess_send(w->eng, &w->addr, w->cred, p, walk_cb, w) != 0)
		finish(w, SESS_ERROR, "cannot queue request");
}

static struct walk *
walk_new(struct sess_engine *e, const struct fa_addr *a,
    const struct sess_cred *c, struct vb_list *l, walk_done done, void *arg)
{
	struct walk	*w = fa_calloc(1, sizeof(*w));

	w->eng = e;
	w->addr = *a;
	w->cred = c;
	w->l = l;
	w->done = done;
	w->arg = arg;
	return w;
}

int
walk_get(struct sess_engine *e, const struct fa_addr *a,
    const struct sess_cred *c, const char *const oids[], size_t n,
    struct vb_list *l, walk_done done, void *arg)
{
	struct walk	*w;
	netsnmp_pdu	*p;
	oid		 o[VB_MAX_OID];
	uint32_t	 u[VB_MAX_OID];
	size_t		 i, k, len;

	w = walk_new(e, a, c, l, done, arg);
	w->is_get = 1;
	p = snmp_pdu_create(SNMP_MSG_GET);
	for (i = 0; i < n; i++) {
		if (vb_oid_parse(oids[i], u, &len) != 0)
			fa_bug("bad OID %s", oids[i]);
		for (k = 0; k < len; k++)
			o[k] = u[k];
		snmp_add_null_var(p, o, len);
	}
	if (sess_send(e, a, c, p, walk_cb, w) != 0) {
		free(w);
		return -1;
	}
	return 0;
}

int
walk_subtree(struct sess_engine *e, const struct fa_addr *a,
    const struct sess_cred *c, const char *root, size_t max,
    struct walk_width *width, struct vb_list *l, walk_done done, void *arg)
{
	struct walk	*w;

	w = walk_new(e, a, c, l, done, arg);
	w->width = width != NULL ? width : &w->own;
	w->width->cols = 1;
	if (w->width->reps <= 0 || w->width->reps > WALK_MAX_REPS)
		w->width->reps = WALK_MAX_REPS;
	w->try_ms = sess_try_ms(e);
	w->deadline = fa_now_ms() + WALK_ADAPT_TRIES * w->try_ms;
	w->root = fa_calloc(2 * VB_MAX_OID, sizeof(*w->root));
	w->last = w->root + VB_MAX_OID;
	if (vb_oid_parse(root, w->root, &w->rootlen) != 0) {
		free(w->root);
		free(w);
		return -1;
	}
	memcpy(w->last, w->root, w->rootlen * sizeof(*w->root));
	w->lastlen = w->rootlen;
	w->max = max;
	step(w);
	return 0;
}

/*
 * Several subtrees of one device walked side by side in one request per
 * round: a GETBULK whose varbinds are the cursors of the walks still
 * running (a walk of the subtree, not a table read by columns).  A walk
 * that leaves its subtree is dropped from the next round, so each costs
 * at most WALK_MULTI_REPS - 1 varbinds past its end, where a walk of its
 * own with WALK_MAX_REPS wastes up to 23.
 */
struct mcur {
	uint32_t	root[VB_MAX_OID], last[VB_MAX_OID];
	size_t		rootlen, lastlen;
	int		done;
	int		once;	/* a probe: one GETNEXT, a non-repeater */
};

struct mwalk {
	struct sess_engine	*eng;
	struct fa_addr		 addr;
	const struct sess_cred	*cred;
	struct vb_list		*l;
	size_t			 max, n, nact;
	size_t			 nonrep;	/* of the request in flight */
	struct mcur		*c;
	size_t			*act;
	const char		**names;	/* static strings */
	struct walk_width	*width;		/* the caller's, in/out */
	int64_t			 deadline;	/* for narrower retries */
	int64_t			 try_ms;
	walk_done		 done;
	void			*arg;
	char			 why[512];
};

static void	mstep(struct mwalk *);

/* Ends the walks; on a failure, why names the tables left unfinished. */
static void
mfinish(struct mwalk *w, enum sess_status st, const char *why)
{
	size_t	j, len;

	if (st != SESS_OK && w->names != NULL) {
		snprintf(w->why, sizeof(w->why), "%s:", why ? why : "failed");
		for (j = 0; j < w->n; j++) {
			if (w->c[j].done)
				continue;
			len = strlen(w->why);
			snprintf(w->why + len, sizeof(w->why) - len, " %s",
			    w->names[j]);
		}
		why = w->why;
	}
	w->done(st, why, w->arg);
	free(w->c);
	free(w->act);
	free(w->names);
	free(w);
}

static void
mwalk_cb(enum sess_status st, netsnmp_pdu *resp, const char *why, void *arg)
{
	struct mwalk			*w = arg;
	const netsnmp_variable_list	*v;
	uint32_t			 o[VB_MAX_OID];
	size_t				 n, i, k, got = 0;

	/* Too wide for this agent?  Narrower, while time is left. */
	if (walk_narrow(w->width, st, resp, w->cred->version, w->deadline,
	    w->try_ms)) {
		mstep(w);
		return;
	}
	if (st != SESS_OK) {
		mfinish(w, st, why);
		return;
	}
	if (resp->errstat != SNMP_ERR_NOERROR) {
		/* v1 end of MIB (noSuchName) ends that walk only; any other
		 * error (tooBig...) ends them all, unfinished */
		if (resp->errstat == SNMP_ERR_NOSUCHNAME &&
		    resp->errindex >= 1 && (size_t)resp->errindex <= w->nact) {
			w->c[w->act[resp->errindex - 1]].done = 1;
			mstep(w);
		} else
			mfinish(w, SESS_ERROR, snmp_errstring(resp->errstat));
		return;
	}
	for (v = resp->variables, k = 0; v != NULL; v = v->next_variable, k++) {
		struct mcur *c;

		/* the non-repeaters first, then the repeaters in turn */
		if (k < w->nonrep)
			c = &w->c[w->act[k]];
		else if (w->nact > w->nonrep)
			c = &w->c[w->act[w->nonrep + (k - w->nonrep) %
			    (w->nact - w->nonrep)]];
		else
			break;
		got++;
		if (c->once)
			c->done = 1;	/* asked once, whatever came */
		if (c->done && !c->once)
			continue;
		if (v->type == SNMP_ENDOFMIBVIEW || v->type ==
		    SNMP_NOSUCHOBJECT || v->type == SNMP_NOSUCHINSTANCE) {
			c->done = 1;
			continue;
		}
		n = v->name_length;
		if (n > VB_MAX_OID) {
			mfinish(w, SESS_ERROR, "OID too long in reply");
			return;
		}
		for (i = 0; i < n; i++)
			o[i] = (uint32_t)v->name[i];
		if (!vb_oid_has_prefix(o, n, c->root, c->rootlen)) {
			c->done = 1;
			continue;
		}
		if (vb_oid_cmp(o, n, c->last, c->lastlen) <= 0) {
			mfinish(w, SESS_ERROR, "agent returned OIDs out of "
			    "order");
			return;
		}
		add_var(w->l, v);
		memcpy(c->last, o, n * sizeof(*o));
		c->lastlen = n;
		if (w->l->n >= w->max || w->l->bytes >= WALK_MAX_BYTES) {
			size_t	j;

			/* name only the walk cut short */
			for (j = 0; j < w->n; j++)
				w->c[j].done = c != &w->c[j];
			mfinish(w, SESS_ERROR, "too much data, read cut short");
			return;
		}
	}
	if (got == 0) {
		mfinish(w, SESS_OK, NULL);
		return;
	}
	mstep(w);
}

static void
mstep(struct mwalk *w)
{
	netsnmp_pdu	*p;
	oid		 o[VB_MAX_OID];
	size_t		 i, j;

	/* Probes first (non-repeaters), then the walks, at most cols. */
	w->nact = 0;
	for (j = 0; j < w->n && w->nact < (size_t)w->width->cols; j++)
		if (!w->c[j].done && w->c[j].once)
			w->act[w->nact++] = j;
	w->nonrep = w->nact;
	for (j = 0; j < w->n && w->nact < (size_t)w->width->cols; j++)
		if (!w->c[j].done && !w->c[j].once)
			w->act[w->nact++] = j;
	if (w->nact == 0) {
		mfinish(w, SESS_OK, NULL);
		return;
	}
	if (w->cred->version == 1) {
		p = snmp_pdu_create(SNMP_MSG_GETNEXT);
	} else {
		p = snmp_pdu_create(SNMP_MSG_GETBULK);
		p->non_repeaters = (long)w->nonrep;
		p->max_repetitions = w->width->reps;
	}
	for (j = 0; j < w->nact; j++) {
		struct mcur *c = &w->c[w->act[j]];

		for (i = 0; i < c->lastlen; i++)
			o[i] = c->last[i];
		snmp_add_null_var(p, o, c->lastlen);
	}
	if (sess_send(w->eng, &w->addr, w->cred, p, mwalk_cb, w) != 0)
		mfinish(w, SESS_ERROR, "cannot queue request");
}

int
walk_multi(struct sess_engine *e, const struct fa_addr *a,
    const struct sess_cred *cr, const char *const roots[],
    const char *const names[], size_t n, size_t nonce, size_t max,
    struct walk_width *width, struct vb_list *l, walk_done done, void *arg)
{
	struct mwalk	*w;
	size_t		 j;

	if (n == 0)
		return -1;
	if (width->cols <= 0 || width->cols > WALK_MULTI_COLS)
		width->cols = WALK_MULTI_COLS;
	if (width->reps <= 0 || width->reps > WALK_MULTI_REPS)
		width->reps = WALK_MULTI_REPS;
	w = fa_calloc(1, sizeof(*w));
	w->eng = e;
	w->addr = *a;
	w->cred = cr;
	w->l = l;
	w->max = max;
	w->n = n;
	w->c = fa_calloc(n, sizeof(*w->c));
	w->act = fa_calloc(n, sizeof(*w->act));
	if (names != NULL) {
		w->names = fa_calloc(n, sizeof(*w->names));
		memcpy(w->names, names, n * sizeof(*w->names));
	}
	w->done = done;
	w->arg = arg;
	w->width = width;
	w->try_ms = sess_try_ms(e);
	w->deadline = fa_now_ms() + WALK_ADAPT_TRIES * w->try_ms;
	for (j = 0; j < n; j++) {
		struct mcur *c = &w->c[j];

		if (vb_oid_parse(roots[j], c->root, &c->rootlen) != 0) {
			free(w->c);
			free(w->act);
			free(w->names);
			free(w);
			return -1;
		}
		memcpy(c->last, c->root, c->rootlen * sizeof(*c->root));
		c->lastlen = c->rootlen;
		c->once = j < nonce;
	}
	mstep(w);
	return 0;
}
