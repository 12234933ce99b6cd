/*
 * rdlstore.c: Remote Device Link's tables (see rdlstore.h).
 *
 * Every statement is one of the subset both engines read (hubdb.h).  A
 * right is a row of rdl_rights; an account user can be given it only on
 * an account it may see (user_accounts), a dealer admin on any.  The
 * audit keeps the user and the account by name, so it outlives both.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubdb.h"
#include "rdlstore.h"

/* Runs sql with parameters by fmt ('i' int64_t, 's' text); *id (may be
 * NULL) the first column of its row when it returns one. */
static int
exec1(struct hubdb *db, const char *sql, int64_t *id, struct fa_err *e,
    const char *fmt, ...)
{
	struct hubdb_st	*st;
	va_list		 ap;
	int		 i, rc;

	if (hubdb_prepare(db, sql, &st, e) != 0)
		return -1;
	va_start(ap, fmt);
	for (i = 0; fmt[i] != '\0'; i++)
		if (fmt[i] == 'i')
			hubdb_bind_int(st, i + 1, va_arg(ap, int64_t));
		else
			hubdb_bind_text(st, i + 1, va_arg(ap, const char *));
	va_end(ap);
	rc = hubdb_step(st, e);
	if (rc == 1 && id != NULL)
		*id = hubdb_col_int(st, 0);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
rdlstore_domain_check(const char *d, struct fa_err *e)
{
	size_t	i, n = strlen(d), label = 0;

	if (n == 0 || n > RDL_DOMAIN_MAX)
		return fa_errf(e, "domain: '%.80s' must have 1 to %d bytes", d,
		    RDL_DOMAIN_MAX);
	for (i = 0; i < n; i++) {
		if (d[i] == '.') {
			if (label == 0)
				goto bad;
			label = 0;
			continue;
		}
		if (!((d[i] >= 'a' && d[i] <= 'z') || (d[i] >= '0' &&
		    d[i] <= '9') || d[i] == '-'))
			goto bad;
		if (++label > 63)
			goto bad;
	}
	if (label == 0)
		goto bad;
	return 0;
bad:
	return fa_errf(e, "domain: '%.80s' is not a lowercase DNS name "
	    "(rdl.hub.example)", d);
}

int
rdlstore_conf_get(struct hubdb *db, struct rdlstore_conf *c,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, "SELECT domain, idle, life, poll FROM rdl_config"
	    " WHERE id = 1", &st, e) != 0)
		return -1;
	if ((rc = hubdb_step(st, e)) == 1) {
		fa_strlcpy(c->domain, hubdb_col_text(st, 0), sizeof(c->domain));
		c->idle = hubdb_col_int(st, 1);
		c->life = hubdb_col_int(st, 2);
		c->poll = hubdb_col_int(st, 3);
	}
	hubdb_finalize(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int
rdlstore_conf_set(struct hubdb *db, const struct rdlstore_conf *c,
    int64_t now, struct fa_err *e)
{
	if (exec1(db, "DELETE FROM rdl_config", NULL, e, "") != 0)
		return -1;
	return exec1(db, "INSERT INTO rdl_config (id, domain, idle, life, poll,"
	    " changed) VALUES (1, ?1, ?2, ?3, ?4, ?5)", NULL, e, "siiii",
	    c->domain, c->idle, c->life, c->poll, now);
}

int
rdlstore_conf_off(struct hubdb *db, struct fa_err *e)
{
	return exec1(db, "DELETE FROM rdl_config", NULL, e, "");
}

static int
id_of(struct hubdb *db, const char *sql, const char *name, int64_t *id,
    struct fa_err *e)
{
	return hubdb_int(db, sql, name, 0, id, e);
}

int
rdlstore_account_set(struct hubdb *db, const char *account, int on,
    int64_t now, struct fa_err *e)
{
	int64_t	aid;

	if (id_of(db, "SELECT id FROM accounts WHERE name = ?1", account,
	    &aid, e) != 0)
		return -1;
	if (aid < 0)
		return 1;
	if (exec1(db, "DELETE FROM rdl_accounts WHERE account_id = ?1", NULL,
	    e, "i", aid) != 0)
		return -1;
	if (on && exec1(db, "INSERT INTO rdl_accounts (account_id, since)"
	    " VALUES (?1, ?2)", NULL, e, "ii", aid, now) != 0)
		return -1;
	return 0;
}

int
rdlstore_right_set(struct hubdb *db, const char *user, const char *account,
    int on, struct fa_err *e)
{
	int64_t	uid, aid, admin, may;

	if (id_of(db, "SELECT id FROM users WHERE name = ?1", user, &uid,
	    e) != 0 || id_of(db, "SELECT id FROM accounts WHERE name = ?1",
	    account, &aid, e) != 0)
		return -1;
	if (uid < 0)
		return 1;
	if (aid < 0)
		return 2;
	if (exec1(db, "DELETE FROM rdl_rights WHERE user_id = ?1 AND"
	    " account_id = ?2", NULL, e, "ii", uid, aid) != 0)
		return -1;
	if (!on)
		return 0;
	if (hubdb_int(db, "SELECT count(*) FROM users WHERE role = 'admin'"
	    " AND name = ?1", user, 0, &admin, e) != 0 ||
	    hubdb_int(db, "SELECT count(*) FROM user_accounts ua JOIN users u"
	    " ON u.id = ua.user_id WHERE u.name = ?1 AND ua.account_id = ?2",
	    user, aid, &may, e) != 0)
		return -1;
	if (admin <= 0 && may <= 0)
		return 3;
	return exec1(db, "INSERT INTO rdl_rights (user_id, account_id) VALUES"
	    " (?1, ?2)", NULL, e, "ii", uid, aid);
}

int
rdlstore_may(struct hubdb *db, int64_t user_id, int64_t account_id,
    int *may, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*may = 0;
	if (hubdb_prepare(db, "SELECT count(*) FROM rdl_rights r JOIN"
	    " rdl_accounts a ON a.account_id = r.account_id JOIN users u ON"
	    " u.id = r.user_id WHERE r.user_id = ?1 AND r.account_id = ?2 AND"
	    " (u.role = 'admin' OR EXISTS (SELECT 1 FROM user_accounts ua"
	    " WHERE ua.user_id = u.id AND ua.account_id = r.account_id))",
	    &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, user_id);
	hubdb_bind_int(st, 2, account_id);
	if ((rc = hubdb_step(st, e)) == 1)
		*may = hubdb_col_int(st, 0) > 0;
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
rdlstore_session_add(struct hubdb *db, const char *who, const char *account,
    int64_t device, const char *address, const char *collector,
    int64_t started, int64_t *id, struct fa_err *e)
{
	*id = 0;
	if (exec1(db, "INSERT INTO rdl_sessions (who, account, device_id,"
	    " address, collector, started) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " RETURNING id", id, e, "ssissi", who, account, device, address,
	    collector, started) != 0)
		return -1;
	if (*id <= 0)
		return fa_errf(e, "cannot record the session");
	return 0;
}

int
rdlstore_session_end(struct hubdb *db, int64_t id, int64_t ended,
    const char *reason, struct fa_err *e)
{
	return exec1(db, "UPDATE rdl_sessions SET ended = ?2, reason = ?3"
	    " WHERE id = ?1 AND ended IS NULL", NULL, e, "iis", id, ended,
	    reason);
}

int
rdlstore_end_open(struct hubdb *db, int64_t before, int64_t now,
    const char *reason, struct fa_err *e)
{
	return exec1(db, "UPDATE rdl_sessions SET ended = ?1, reason = ?2"
	    " WHERE ended IS NULL AND started < ?3", NULL, e, "isi", now,
	    reason, before);
}

int
rdlstore_request_add(struct hubdb *db, int64_t session, int64_t time,
    const char *method, const char *path, int status, int64_t up,
    int64_t down, struct fa_err *e)
{
	return exec1(db, "INSERT INTO rdl_requests (session_id, time, method,"
	    " path, status, bytes_up, bytes_down) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7)", NULL, e, "iissiii", session, time, method, path,
	    (int64_t)status, up, down);
}

void
rdlstore_row_release(struct rdlstore_row *r)
{
	free(r->who);
	free(r->account);
	free(r->address);
	free(r->collector);
	free(r->reason);
}

int
rdlstore_log(struct hubdb *db, int64_t since, size_t max,
    struct rdlstore_row **rows, size_t *n, struct fa_err *e)
{
	struct hubdb_st		*st;
	struct rdlstore_row	*v = NULL, *r;
	size_t			 nv = 0;
	int			 rc;

	*rows = NULL;
	*n = 0;
	if (hubdb_prepare(db, "SELECT s.id, s.device_id, s.started, s.ended,"
	    " s.who, s.account, s.address, s.collector, s.reason,"
	    " (SELECT count(*) FROM rdl_requests q WHERE q.session_id = s.id),"
	    " (SELECT coalesce(sum(q.bytes_up), 0) FROM rdl_requests q"
	    " WHERE q.session_id = s.id),"
	    " (SELECT coalesce(sum(q.bytes_down), 0) FROM rdl_requests q"
	    " WHERE q.session_id = s.id)"
	    " FROM rdl_sessions s WHERE s.started >= ?1"
	    " ORDER BY s.started DESC, s.id DESC", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, since);
	while (nv < max && (rc = hubdb_step(st, e)) == 1) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->id = hubdb_col_int(st, 0);
		r->device = hubdb_col_int(st, 1);
		r->started = hubdb_col_int(st, 2);
		r->ended = hubdb_col_int(st, 3);
		r->who = hubdb_col_strdup(st, 4);
		r->account = hubdb_col_strdup(st, 5);
		r->address = hubdb_col_strdup(st, 6);
		r->collector = hubdb_col_strdup(st, 7);
		r->reason = hubdb_col_strdup(st, 8);
		r->requests = hubdb_col_int(st, 9);
		r->up = hubdb_col_int(st, 10);
		r->down = hubdb_col_int(st, 11);
	}
	if (nv == max)
		rc = 0;
	hubdb_finalize(st);
	if (rc < 0) {
		while (nv > 0)
			rdlstore_row_release(&v[--nv]);
		free(v);
		return -1;
	}
	*rows = v;
	*n = nv;
	return 0;
}

void
rdlstore_req_release(struct rdlstore_req *r)
{
	free(r->method);
	free(r->path);
}

int
rdlstore_requests(struct hubdb *db, int64_t id, size_t max,
    struct rdlstore_req **rows, size_t *n, struct fa_err *e)
{
	struct hubdb_st		*st;
	struct rdlstore_req	*v = NULL, *r;
	size_t			 nv = 0;
	int			 rc;

	*rows = NULL;
	*n = 0;
	if (hubdb_prepare(db, "SELECT time, status, bytes_up, bytes_down,"
	    " method, path FROM rdl_requests WHERE session_id = ?1"
	    " ORDER BY id", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, id);
	while (nv < max && (rc = hubdb_step(st, e)) == 1) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->time = hubdb_col_int(st, 0);
		r->status = hubdb_col_int(st, 1);
		r->up = hubdb_col_int(st, 2);
		r->down = hubdb_col_int(st, 3);
		r->method = hubdb_col_strdup(st, 4);
		r->path = hubdb_col_strdup(st, 5);
	}
	if (nv == max)
		rc = 0;
	hubdb_finalize(st);
	if (rc < 0) {
		while (nv > 0)
			rdlstore_req_release(&v[--nv]);
		free(v);
		return -1;
	}
	*rows = v;
	*n = nv;
	return 0;
}

int
rdlstore_show(struct hubdb *db, struct fa_buf *out, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, "SELECT a.name, (SELECT count(*) FROM"
	    " rdl_accounts r WHERE r.account_id = a.id), u.name FROM accounts a"
	    " LEFT JOIN rdl_rights g ON g.account_id = a.id LEFT JOIN users u"
	    " ON u.id = g.user_id ORDER BY a.name, u.name", &st, e) != 0)
		return -1;
	while ((rc = hubdb_step(st, e)) == 1)
		fa_buf_printf(out, "%s\t%s\t%s\n", hubdb_col_text(st, 0),
		    hubdb_col_int(st, 1) > 0 ? "enabled" : "off",
		    hubdb_col_text(st, 2) != NULL ? hubdb_col_text(st, 2) : "-");
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}
