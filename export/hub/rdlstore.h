/*
 * rdlstore.h: what Remote Device Link keeps in the hub store (schema
 * version 10, docs/rdl.md): the dealer's switch and limits, the accounts
 * it is enabled for, the users given the right on an account, and the
 * audit of every session and request.  Shared by "hub serve"
 * (export/hub/rdl.c) and "hub rdl" (cli/cmd_hub_rdl.c); written over
 * export/hub/hubdb.h, so the same on SQLite and PostgreSQL.  Nothing
 * here prints.
 */
#ifndef FA_RDLSTORE_H
#define FA_RDLSTORE_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"

#define RDL_DOMAIN_MAX	200		/* bytes of the session domain */
#define RDL_IDLE_S	(20 * 60)	/* a session unused: ended */
#define RDL_LIFE_S	(2 * 3600)	/* a session ends after this anyway */
#define RDL_POLL_S	20		/* a collector's poll is held so long */

struct hubdb;

/* The dealer's switch: domain (sessions are https://LABEL.DOMAIN/),
 * seconds idle and life, and how long a collector's poll is held. */
struct rdlstore_conf {
	char	 domain[RDL_DOMAIN_MAX + 1];
	int64_t	 idle, life, poll;
};

/* Whether d is a DNS name we may put labels under (letters, digits,
 * '-', '.', no empty label). */
int	rdlstore_domain_check(const char *d, struct fa_err *) FA_WUR;

/* 0 on (*c set), 1 off (no row), -1 error. */
int	rdlstore_conf_get(struct hubdb *, struct rdlstore_conf *,
	    struct fa_err *) FA_WUR;
int	rdlstore_conf_set(struct hubdb *, const struct rdlstore_conf *,
	    int64_t now, struct fa_err *) FA_WUR;
int	rdlstore_conf_off(struct hubdb *, struct fa_err *) FA_WUR;

/* Account (by name) on or off: 0, 1 no such account, -1. */
int	rdlstore_account_set(struct hubdb *, const char *account, int on,
	    int64_t now, struct fa_err *) FA_WUR;
/* The right of user (by name) on account: 0, 1 no such user, 2 no such
 * account, 3 an account user without that account, -1. */
int	rdlstore_right_set(struct hubdb *, const char *user,
	    const char *account, int on, struct fa_err *) FA_WUR;
/* Whether user_id may open a session on account_id now: the account is
 * enabled and the user has the right there (the dealer's switch is the
 * caller's).  *may 1 or 0. */
int	rdlstore_may(struct hubdb *, int64_t user_id, int64_t account_id,
	    int *may, struct fa_err *) FA_WUR;

/* A session begins: *id its number. */
int	rdlstore_session_add(struct hubdb *, const char *who,
	    const char *account, int64_t device, const char *address,
	    const char *collector, int64_t started, int64_t *id,
	    struct fa_err *) FA_WUR;
/* It ends (once: a second end changes nothing). */
int	rdlstore_session_end(struct hubdb *, int64_t id, int64_t ended,
	    const char *reason, struct fa_err *) FA_WUR;
/* Sessions still open in the store that started before "before" end
 * at now with reason: their state was in the memory of a hub process
 * that is gone (several "hub serve" on one store each carry their own,
 * so only those past any session's life are ended). */
int	rdlstore_end_open(struct hubdb *, int64_t before, int64_t now,
	    const char *reason, struct fa_err *) FA_WUR;
/* One request carried: up, the browser's bytes; down, the device's. */
int	rdlstore_request_add(struct hubdb *, int64_t session, int64_t time,
	    const char *method, const char *path, int status, int64_t up,
	    int64_t down, struct fa_err *) FA_WUR;

/* One session of the audit; strings owned by the row. */
struct rdlstore_row {
	int64_t	 id, device, started, ended;	/* ended 0: open */
	char	*who, *account, *address, *collector, *reason;
	int64_t	 requests, up, down;
};
void	rdlstore_row_release(struct rdlstore_row *);
/* Sessions started at or after since (0: all), newest first, at most
 * max; caller releases each row and frees the array. */
int	rdlstore_log(struct hubdb *, int64_t since, size_t max,
	    struct rdlstore_row **, size_t *n, struct fa_err *) FA_WUR;

/* One request of the audit; strings owned by the row. */
struct rdlstore_req {
	int64_t	 time, status, up, down;
	char	*method, *path;
};
void	rdlstore_req_release(struct rdlstore_req *);
/* The requests of session id, oldest first, at most max. */
int	rdlstore_requests(struct hubdb *, int64_t id, size_t max,
	    struct rdlstore_req **, size_t *n, struct fa_err *) FA_WUR;

/* "account: user, user" lines of the rights, and the enabled accounts,
 * into out (for "hub rdl show"). */
int	rdlstore_show(struct hubdb *, struct fa_buf *out, struct fa_err *)
	    FA_WUR;

#endif
