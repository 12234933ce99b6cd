/*
 * hubaudit.c: the access log of accounts' data (hubaudit.h).
 *
 * One row per page, download or export, written as it is served: a row
 * is small and the log is what an admin shows an auditor, so it keeps
 * the account's name (not only its id) and outlives a deleted account.
 */
#include <stdlib.h>
#include <string.h>

#include "hubaudit.h"

/* One row; the account by its name, else (NULL) by its id. */
static int
add(struct hubdb *db, int64_t now, const char *who, const char *address,
    int64_t account_id, const char *account, const char *action,
    const char *detail, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	if (hubdb_prepare(db, account != NULL ?
	    "INSERT INTO audit_log (time, who, address, account, action,"
	    " detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)" :
	    "INSERT INTO audit_log (time, who, address, account, action,"
	    " detail) VALUES (?1, ?2, ?3, (SELECT name FROM accounts WHERE"
	    " id = ?4), ?5, ?6)", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, now);
	hubdb_bind_text(st, 2, who);
	hubdb_bind_text(st, 3, address);
	if (account != NULL)
		hubdb_bind_text(st, 4, account);
	else
		hubdb_bind_int(st, 4, account_id);
	hubdb_bind_text(st, 5, action);
	hubdb_bind_text(st, 6, detail);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

int
hubaudit_add(struct hubdb *db, int64_t now, const char *who,
    const char *address, int64_t account_id, const char *action,
    const char *detail, struct fa_err *e)
{
	return add(db, now, who, address, account_id, NULL, action, detail,
	    e);
}

int
hubaudit_add_name(struct hubdb *db, int64_t now, const char *who,
    const char *address, const char *account, const char *action,
    const char *detail, struct fa_err *e)
{
	return add(db, now, who, address, 0, account, action, detail, e);
}

void
hubaudit_row_release(struct hubaudit_row *r)
{
	free(r->who);
	free(r->address);
	free(r->account);
	free(r->action);
	free(r->detail);
	memset(r, 0, sizeof(*r));
}

int
hubaudit_list(struct hubdb *db, const char *account, size_t max,
    struct hubaudit_row **rows, size_t *n, struct fa_err *e)
{
	struct hubdb_st		*st;
	struct hubaudit_row	*v = NULL, *r;
	size_t			 nv = 0, i;
	int			 rc;

	*rows = NULL;
	*n = 0;
	if (max > HUBAUDIT_LIST_MAX)
		max = HUBAUDIT_LIST_MAX;
	/* PostgreSQL types each numbered parameter: none may go unused */
	if (hubdb_prepare(db, account != NULL ? "SELECT time, who, address,"
	    " account, action, detail FROM audit_log WHERE account = ?2"
	    " ORDER BY time DESC, id DESC LIMIT ?1" : "SELECT time, who,"
	    " address, account, action, detail FROM audit_log"
	    " ORDER BY time DESC, id DESC LIMIT ?1", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, (int64_t)max);
	if (account != NULL)
		hubdb_bind_text(st, 2, account);
	while ((rc = hubdb_step(st, e)) == 1) {
		v = fa_reallocarray(v, nv + 1, sizeof(*v));
		r = &v[nv++];
		r->time = hubdb_col_int(st, 0);
		r->who = hubdb_col_strdup(st, 1);
		r->address = hubdb_col_strdup(st, 2);
		r->account = hubdb_col_strdup(st, 3);
		r->action = hubdb_col_strdup(st, 4);
		r->detail = hubdb_col_strdup(st, 5);
	}
	hubdb_finalize(st);
	if (rc < 0) {
		for (i = 0; i < nv; i++)
			hubaudit_row_release(&v[i]);
		free(v);
		return -1;
	}
	*rows = v;
	*n = nv;
	return 0;
}
