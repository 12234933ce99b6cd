/*
 * hubusers.h: the web view's people (docs/web.md), in the hub store's
 * tables users, user_accounts, sessions (schema version 3) and
 * login_attempts (version 6), through export/hub/hubdb.h so that both back ends share them.
 *
 * A user is a dealer admin (every account) or an account user (the
 * accounts given to it).  Passwords are kept as libsodium's Argon2id
 * strings (crypto_pwhash_str, interactive limits); a session as the
 * BLAKE2b-256 of its cookie's token, never the token, with a CSRF token
 * of its own; login attempts as rows that several "hub serve" processes
 * share, counted per (client address, name) and per client address.
 *
 * Every function takes the connection of one thread (hubdb is not
 * thread-safe) and never prints.  Times are epoch seconds.
 */
#ifndef FA_HUBUSERS_H
#define FA_HUBUSERS_H

#include <stddef.h>
#include <stdint.h>

#include "../../cli/util.h"

#define HUBUSERS_NAME_MAX	64	/* bytes of a user name */
#define HUBUSERS_PASS_MIN	10	/* bytes of a password, at least */
#define HUBUSERS_PASS_MAX	1024	/* and at most */
#define HUBUSERS_TOKEN_HEX	64	/* session and CSRF tokens, hex */
#define HUBUSERS_IDLE_S		(30 * 60)	/* unused: expired */
#define HUBUSERS_LIFE_S		(12 * 3600)	/* and in any case */
#define HUBUSERS_SEEN_STEP_S	60	/* s between writes of "seen" */
/* The login limit (hubusers.c, docs/web.md): free attempts, then a
 * delay before the next one that doubles with each attempt. */
#define HUBUSERS_FREE_PAIR	5	/* attempts of one name, one address */
#define HUBUSERS_FREE_ADDR	20	/* of any names from one address */
#define HUBUSERS_DELAY_MIN	60	/* s, after the free ones */
#define HUBUSERS_DELAY_MAX	(15 * 60)	/* s, at most */
#define HUBUSERS_FORGET_S	3600	/* s without an attempt: forgotten */

/* Whether name is a valid user name: 1 to HUBUSERS_NAME_MAX of letters,
 * digits, '.', '_', '-', '@', starting with a letter or digit. */
int	hubusers_name_check(const char *name, struct fa_err *) FA_WUR;
/* Whether a password is acceptable (length only: a passphrase of words
 * is as good as any). */
int	hubusers_pass_check(const char *pass, struct fa_err *) FA_WUR;

struct hubdb;

/* Adds user name with role "admin" or "user" and, for a user, the
 * accounts accounts[0..n) (which must exist; at least one), in one
 * transaction.  Returns 0, 1 when the name is taken, -1 on error. */
int	hubusers_add(struct hubdb *, const char *name, const char *role,
	    const char *const *accounts, size_t n, const char *pass,
	    int64_t now, struct fa_err *) FA_WUR;
/* Removes user name and its sessions: 0, 1 no such user, -1. */
int	hubusers_remove(struct hubdb *, const char *name, struct fa_err *)
	    FA_WUR;
/* Sets name's password and ends its sessions: 0, 1 no such user, -1. */
int	hubusers_passwd(struct hubdb *, const char *name, const char *pass,
	    int64_t now, struct fa_err *) FA_WUR;

/* One user; strings owned by the row. */
struct hubusers_row {
	char	*name, *role;
	char	*accounts;		/* "a, b", NULL for none */
	int64_t	 created, changed;
	int64_t	 sessions;		/* open ones */
};
void	hubusers_row_release(struct hubusers_row *);
/* Every user by name; caller releases each row and frees the array. */
int	hubusers_list(struct hubdb *, struct hubusers_row **, size_t *n,
	    struct fa_err *) FA_WUR;

/*
 * Reserves one login attempt of name from addr, before its password is
 * checked, in one write transaction: *wait 0 when it may go on (counted
 * as failed until hubusers_succeeded()), else the seconds before the
 * next attempt may come (nothing counted).  Per (addr, name) and per
 * addr only: no one can lock a name out from elsewhere.
 */
int	hubusers_attempt(struct hubdb *, const char *name, const char *addr,
	    int64_t now, int64_t *wait, struct fa_err *) FA_WUR;
/* After the right password: name's attempts from addr forgotten, and
 * the address's reserved attempt given back. */
int	hubusers_succeeded(struct hubdb *, const char *name, const char *addr,
	    struct fa_err *) FA_WUR;
/* Checks name's password: 0 right (*user_id set), 1 wrong or no such
 * user (as slow either way), -1 error. */
int	hubusers_login(struct hubdb *, const char *name, const char *pass,
	    int64_t *user_id, struct fa_err *) FA_WUR;

/* A session, as its cookie's token gives it. */
struct hubusers_session {
	int64_t	 user_id;
	char	 name[HUBUSERS_NAME_MAX + 1];
	int	 admin;
	char	 csrf[HUBUSERS_TOKEN_HEX + 1];
};
/* Opens a session for user_id: its token (hex) into token, which only
 * the cookie holds.  Forgets expired sessions on the way. */
int	hubusers_session_new(struct hubdb *, int64_t user_id, int64_t now,
	    char token[HUBUSERS_TOKEN_HEX + 1], struct fa_err *) FA_WUR;
/* The session of token: 0 open (*s set, its "seen" moved to now), 1 no
 * such session or expired (idle or too old: then deleted), -1 error. */
int	hubusers_session_get(struct hubdb *, const char *token, int64_t now,
	    struct hubusers_session *s, struct fa_err *) FA_WUR;
/* Ends the session of token (none: nothing to do). */
int	hubusers_session_end(struct hubdb *, const char *token,
	    struct fa_err *) FA_WUR;
/* Whether s may see account_id: *may 1 or 0. */
int	hubusers_may(struct hubdb *, const struct hubusers_session *s,
	    int64_t account_id, int *may, struct fa_err *) FA_WUR;

/* 32 random bytes in hex (the login form's token). */
void	hubusers_token(char out[HUBUSERS_TOKEN_HEX + 1]);
/* Whether a and b are equal, in time that does not depend on where they
 * differ (tokens from a cookie and a form). */
int	hubusers_same(const char *a, const char *b);

#endif
