/*
 * hubusers.c: the web view's users, sessions and login failures (see
 * hubusers.h, docs/web.md).
 *
 * libsodium's part (crypto/password.c): Argon2id password strings,
 * random tokens, a BLAKE2b hash of a session token, and a constant-time
 * compare; no key material of the hub's own.  A session row is named by
 * the hash of its
 * token, so a copy of the store (a backup, a PostgreSQL replica) opens no
 * session; the token is 32 random bytes, so an unsalted fast hash is
 * enough (nothing to guess from).
 *
 * A wrong name costs the same Argon2id run as a wrong password (a hash
 * of the same password is made and thrown away), so the time of an
 * answer does not tell which names exist.
 *
 * The login limit (docs/web.md) slows a guesser without locking anyone
 * out: attempts are counted per (address, name) and per address, never
 * per name alone, so nobody elsewhere can lock a user (an admin
 * included) out.  An attempt is reserved, counted as a failure, in one
 * write transaction before the password is hashed (hubusers_attempt()),
 * so concurrent requests cannot all pass a check made before any of them
 * failed; a right password gives it back (hubusers_succeeded()).  Past
 * the free attempts, each one makes the next wait HUBUSERS_DELAY_MIN,
 * doubling up to HUBUSERS_DELAY_MAX.  Rows of login_attempts are shared
 * by every "hub serve" process on the store; rows unused for
 * HUBUSERS_FORGET_S are deleted as new attempts come.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../crypto/password.h"
#include "hubdb.h"
#include "hubusers.h"

_Static_assert(HUBUSERS_TOKEN_HEX == PW_TOKEN_HEX, "tokens are crypto/'s");

static int
valid_char(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	    c == '@';
}

int
hubusers_name_check(const char *name, struct fa_err *e)
{
	size_t	i, n = strlen(name);

	if (n == 0 || n > HUBUSERS_NAME_MAX)
		return fa_errf(e, "user name '%.80s' must have 1 to %d "
		    "characters", name, HUBUSERS_NAME_MAX);
	for (i = 0; i < n; i++)
		if (!valid_char((unsigned char)name[i]))
			return fa_errf(e, "user name '%.80s' may hold only "
			    "letters, digits, '.', '_', '-' and '@'", name);
	if (!valid_char((unsigned char)name[0]) || name[0] == '.' ||
	    name[0] == '_' || name[0] == '-' || name[0] == '@')
		return fa_errf(e, "user name '%.80s' must start with a letter "
		    "or a digit", name);
	return 0;
}

int
hubusers_pass_check(const char *pass, struct fa_err *e)
{
	size_t	n = strlen(pass);

	if (n < HUBUSERS_PASS_MIN)
		return fa_errf(e, "password too short: at least %d "
		    "characters", HUBUSERS_PASS_MIN);
	if (n > HUBUSERS_PASS_MAX)
		return fa_errf(e, "password too long: at most %d characters",
		    HUBUSERS_PASS_MAX);
	return 0;
}

void
hubusers_token(char out[HUBUSERS_TOKEN_HEX + 1])
{
	pw_token(out);
}

int
hubusers_same(const char *a, const char *b)
{
	return pw_same(a, b);
}

static int
add_accounts(struct hubdb *db, int64_t uid, const char *const *accounts,
    size_t n, struct fa_err *e)
{
	struct hubdb_st	*st;
	int64_t		 aid;
	size_t		 i;
	int		 rc;

	for (i = 0; i < n; i++) {
		if (hubdb_int(db, "SELECT id FROM accounts WHERE name = ?1",
		    accounts[i], 0, &aid, e) != 0)
			return -1;
		if (aid < 0)
			return fa_errf(e, "no account '%s' in hub store '%s'",
			    accounts[i], hubdb_name(db));
		if (hubdb_prepare(db, "INSERT INTO user_accounts (user_id, "
		    "account_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING", &st,
		    e) != 0)
			return -1;
		hubdb_bind_int(st, 1, uid);
		hubdb_bind_int(st, 2, aid);
		rc = hubdb_step(st, e);
		hubdb_finalize(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
hubusers_add(struct hubdb *db, const char *name, const char *role,
    const char *const *accounts, size_t n, const char *pass, int64_t now,
    struct fa_err *e)
{
	char		 hash[PW_HASH_MAX];
	struct hubdb_st	*st = NULL;
	int64_t		 uid;
	int		 rc;

	if (hubusers_name_check(name, e) != 0 ||
	    hubusers_pass_check(pass, e) != 0)
		return -1;
	if (strcmp(role, "admin") != 0 && strcmp(role, "user") != 0)
		return fa_errf(e, "role '%s' is not admin or user", role);
	if (strcmp(role, "admin") == 0 && n > 0)
		return fa_errf(e, "an admin sees every account: none to give");
	if (strcmp(role, "user") == 0 && n == 0)
		return fa_errf(e, "an account user needs at least one account");
	if (pw_hash(pass, hash, e) != 0 || hubdb_begin(db, e) != 0)
		return -1;
	if (hubdb_prepare(db, "INSERT INTO users (name, role, hash, created, "
	    "changed) VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id", &st, e) != 0)
		goto fail;
	hubdb_bind_text(st, 1, name);
	hubdb_bind_text(st, 2, role);
	hubdb_bind_text(st, 3, hash);
	hubdb_bind_int(st, 4, now);
	rc = hubdb_step(st, e);
	if (rc == HUBDB_UNIQUE) {
		hubdb_finalize(st);
		hubdb_rollback(db);
		return 1;
	}
	if (rc != 1)
		goto fail;
	uid = hubdb_col_int(st, 0);
	while ((rc = hubdb_step(st, e)) == 1)
		;	/* PostgreSQL: the statement ends with its last row */
	hubdb_finalize(st);
	st = NULL;
	if (rc < 0 || add_accounts(db, uid, accounts, n, e) != 0 ||
	    hubdb_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hubdb_finalize(st);
	hubdb_rollback(db);
	return -1;
}

int
hubusers_remove(struct hubdb *db, const char *name, struct fa_err *e)
{
	int64_t	uid;

	if (hubdb_begin(db, e) != 0)
		return -1;
	if (hubdb_int(db, "SELECT id FROM users WHERE name = ?1", name, 0,
	    &uid, e) != 0)
		goto fail;
	if (uid < 0) {
		hubdb_rollback(db);
		return 1;
	}
	/* Explicit deletes: the cascade needs foreign keys on in SQLite. */
	if (hubdb_run(db, "DELETE FROM sessions WHERE user_id = ?1", NULL, uid,
	    NULL, e) != 0 ||
	    hubdb_run(db, "DELETE FROM user_accounts WHERE user_id = ?1", NULL,
	    uid, NULL, e) != 0 ||
	    hubdb_run(db, "DELETE FROM users WHERE id = ?1", NULL, uid, NULL,
	    e) != 0 ||
	    hubdb_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hubdb_rollback(db);
	return -1;
}

int
hubusers_passwd(struct hubdb *db, const char *name, const char *pass,
    int64_t now, struct fa_err *e)
{
	char		 hash[PW_HASH_MAX];
	struct hubdb_st	*st;
	int64_t		 uid;
	int		 rc;

	if (hubusers_pass_check(pass, e) != 0 || pw_hash(pass, hash, e) != 0)
		return -1;
	if (hubdb_begin(db, e) != 0)
		return -1;
	if (hubdb_int(db, "SELECT id FROM users WHERE name = ?1", name, 0,
	    &uid, e) != 0)
		goto fail;
	if (uid < 0) {
		hubdb_rollback(db);
		return 1;
	}
	if (hubdb_prepare(db, "UPDATE users SET hash = ?1, changed = ?2 "
	    "WHERE id = ?3", &st, e) != 0)
		goto fail;
	hubdb_bind_text(st, 1, hash);
	hubdb_bind_int(st, 2, now);
	hubdb_bind_int(st, 3, uid);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	/* A new password ends the sessions the old one opened. */
	if (rc < 0 || hubdb_run(db, "DELETE FROM sessions WHERE user_id = ?1",
	    NULL, uid, NULL, e) != 0 || hubdb_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	hubdb_rollback(db);
	return -1;
}

void
hubusers_row_release(struct hubusers_row *r)
{
	free(r->name);
	free(r->role);
	free(r->accounts);
	memset(r, 0, sizeof(*r));
}

/* The accounts of user uid, "a, b" (NULL for none). */
static int
user_accounts(struct hubdb *db, int64_t uid, char **out, struct fa_err *e)
{
	struct hubdb_st	*st;
	struct fa_buf	 b = FA_BUF_INIT;
	int		 rc;

	*out = NULL;
	if (hubdb_prepare(db, "SELECT a.name FROM user_accounts u JOIN "
	    "accounts a ON a.id = u.account_id WHERE u.user_id = ?1 ORDER BY "
	    "a.name", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, uid);
	while ((rc = hubdb_step(st, e)) == 1)
		fa_buf_printf(&b, "%s%s", b.len ? ", " : "",
		    hubdb_col_text(st, 0));
	hubdb_finalize(st);
	if (rc < 0) {
		fa_buf_release(&b);
		return -1;
	}
	*out = fa_buf_steal(&b);
	return 0;
}

int
hubusers_list(struct hubdb *db, struct hubusers_row **rows, size_t *n,
    struct fa_err *e)
{
	struct hubdb_st	*st;
	struct hubusers_row *v = NULL;
	int64_t		*ids = NULL;
	size_t		 i, cnt = 0, cap = 0;
	int		 rc, x = 0;

	*rows = NULL;
	*n = 0;
	if (hubdb_begin_read(db, e) != 0)
		return -1;
	if (hubdb_prepare(db, "SELECT u.id, u.name, u.role, u.created, "
	    "u.changed, (SELECT count(*) FROM sessions s WHERE s.user_id = "
	    "u.id) FROM users u ORDER BY u.name", &st, e) != 0) {
		hubdb_rollback(db);
		return -1;
	}
	while ((rc = hubdb_step(st, e)) == 1) {
		if (cnt == cap) {
			cap = cap ? 2 * cap : 16;
			v = fa_reallocarray(v, cap, sizeof(*v));
			ids = fa_reallocarray(ids, cap, sizeof(*ids));
		}
		memset(&v[cnt], 0, sizeof(v[cnt]));
		ids[cnt] = hubdb_col_int(st, 0);
		v[cnt].name = hubdb_col_strdup(st, 1);
		v[cnt].role = hubdb_col_strdup(st, 2);
		v[cnt].created = hubdb_col_int(st, 3);
		v[cnt].changed = hubdb_col_int(st, 4);
		v[cnt].sessions = hubdb_col_int(st, 5);
		cnt++;
	}
	hubdb_finalize(st);
	for (i = 0; rc == 0 && x == 0 && i < cnt; i++)
		x = user_accounts(db, ids[i], &v[i].accounts, e);
	hubdb_rollback(db);
	free(ids);
	if (rc < 0 || x != 0) {
		for (i = 0; i < cnt; i++)
			hubusers_row_release(&v[i]);
		free(v);
		return -1;
	}
	*rows = v;
	*n = cnt;
	return 0;
}

/* The delay after the f-th attempt of a key allowed free attempts:
 * none up to free, then HUBUSERS_DELAY_MIN doubling, at most _MAX. */
static int64_t
delay_after(int64_t f, int64_t free_n)
{
	int64_t	d = HUBUSERS_DELAY_MIN, k;

	if (f < free_n)
		return 0;
	for (k = free_n; k < f && d < HUBUSERS_DELAY_MAX; k++)
		d *= 2;
	return d < HUBUSERS_DELAY_MAX ? d : HUBUSERS_DELAY_MAX;
}

/*
 * One attempt of key reserved in the open transaction: *wait 0 and the
 * attempt counted, or the seconds to wait (nothing counted).  The row is
 * locked until the commit (SQLite: the whole store, BEGIN IMMEDIATE;
 * PostgreSQL: FOR UPDATE), so concurrent logins take turns here.
 */
static int
reserve(struct hubdb *db, const char *key, int64_t free_n, int64_t now,
    int64_t *wait, struct fa_err *e)
{
	struct hubdb_st	*st;
	int64_t		 failures = 0, last = 0, next_ok = 0;
	int		 rc;

	*wait = 0;
	if (hubdb_prepare(db, "INSERT INTO login_attempts (who, failures,"
	    " last, next_ok) VALUES (?1, 0, ?2, 0) ON CONFLICT (who) DO NOTHING",
	    &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, key);
	hubdb_bind_int(st, 2, now);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	if (rc < 0 || hubdb_prepare(db, hubdb_kind(db) == HUBDB_PG ?
	    "SELECT failures, last, next_ok FROM login_attempts WHERE who = ?1"
	    " FOR UPDATE" : "SELECT failures, last, next_ok FROM"
	    " login_attempts WHERE who = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, key);
	if ((rc = hubdb_step(st, e)) == 1) {
		failures = hubdb_col_int(st, 0);
		last = hubdb_col_int(st, 1);
		next_ok = hubdb_col_int(st, 2);
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	if (last <= now - HUBUSERS_FORGET_S)
		failures = next_ok = 0;
	if (now < next_ok) {
		*wait = next_ok - now;
		return 0;
	}
	failures++;
	if (hubdb_prepare(db, "UPDATE login_attempts SET failures = ?2,"
	    " last = ?3, next_ok = ?4 WHERE who = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, key);
	hubdb_bind_int(st, 2, failures);
	hubdb_bind_int(st, 3, now);
	hubdb_bind_int(st, 4, now + delay_after(failures, free_n));
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* The two counters a login from addr as name counts on: the pair's and
 * the address's (login_attempts.who; the caller frees both). */
static void
attempt_keys(const char *name, const char *addr, char **pair, char **a)
{
	*pair = fa_asprintf("pair:%s %.*s", addr, HUBUSERS_NAME_MAX, name);
	*a = fa_asprintf("addr:%s", addr);
}

int
hubusers_attempt(struct hubdb *db, const char *name, const char *addr,
    int64_t now, int64_t *wait, struct fa_err *e)
{
	char	*pair, *a;
	int64_t	 w1 = 0, w2 = 0;
	int	 rc = -1;

	*wait = 0;
	attempt_keys(name, addr, &pair, &a);
	if (hubdb_begin(db, e) != 0)
		goto out;
	if (hubdb_run(db, "DELETE FROM login_attempts WHERE last <= ?1", NULL,
	    now - HUBUSERS_FORGET_S, NULL, e) != 0 ||
	    reserve(db, pair, HUBUSERS_FREE_PAIR, now, &w1, e) != 0 ||
	    reserve(db, a, HUBUSERS_FREE_ADDR, now, &w2, e) != 0) {
		hubdb_rollback(db);
		goto out;
	}
	if (w1 > 0 || w2 > 0) {
		/* refused: nothing counted */
		hubdb_rollback(db);
		*wait = w1 > w2 ? w1 : w2;
		rc = 0;
		goto out;
	}
	if (hubdb_commit(db, e) != 0) {
		hubdb_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(pair);
	free(a);
	return rc;
}

int
hubusers_succeeded(struct hubdb *db, const char *name, const char *addr,
    struct fa_err *e)
{
	char	*pair, *a;
	int	 rc = -1;

	attempt_keys(name, addr, &pair, &a);
	if (hubdb_begin(db, e) != 0)
		goto out;
	if (hubdb_run(db, "DELETE FROM login_attempts WHERE who = ?1", pair, 0,
	    NULL, e) != 0 ||
	    hubdb_run(db, "UPDATE login_attempts SET failures ="
	    " CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END"
	    " WHERE who = ?1", a, 0, NULL, e) != 0 ||
	    hubdb_commit(db, e) != 0) {
		hubdb_rollback(db);
		goto out;
	}
	rc = 0;
out:
	free(pair);
	free(a);
	return rc;
}

int
hubusers_login(struct hubdb *db, const char *name, const char *pass,
    int64_t *user_id, struct fa_err *e)
{
	struct hubdb_st	*st;
	char		*hash = NULL, waste[PW_HASH_MAX];
	int		 rc, ok;

	*user_id = -1;
	if (pw_ready(e) != 0)
		return -1;
	if (hubdb_prepare(db, "SELECT id, hash FROM users WHERE name = ?1",
	    &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, name);
	rc = hubdb_step(st, e);
	if (rc == 1) {
		*user_id = hubdb_col_int(st, 0);
		hash = hubdb_col_strdup(st, 1);
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	if (hash == NULL || strlen(pass) > HUBUSERS_PASS_MAX) {
		/* The same work as a wrong password (its result, even a
		 * failure, tells nothing more than "no"). */
		if (pw_hash("not a user", waste, e) != 0 && e != NULL)
			e->msg[0] = '\0';
		free(hash);
		*user_id = -1;
		return 1;
	}
	ok = pw_verify(hash, pass);
	free(hash);
	if (!ok)
		*user_id = -1;
	return ok ? 0 : 1;
}

int
hubusers_session_new(struct hubdb *db, int64_t user_id, int64_t now,
    char token[HUBUSERS_TOKEN_HEX + 1], struct fa_err *e)
{
	struct hubdb_st	*st;
	char		 key[HUBUSERS_TOKEN_HEX + 1];
	char		 csrf[HUBUSERS_TOKEN_HEX + 1];
	int		 rc;

	if (pw_ready(e) != 0)
		return -1;
	hubusers_token(token);
	hubusers_token(csrf);
	pw_token_key(token, key);
	if (hubdb_run(db, "DELETE FROM sessions WHERE expires <= ?1", NULL, now,
	    NULL, e) != 0 ||
	    hubdb_run(db, "DELETE FROM sessions WHERE seen <= ?1", NULL,
	    now - HUBUSERS_IDLE_S, NULL, e) != 0)
		return -1;
	if (hubdb_prepare(db, "INSERT INTO sessions (id, user_id, csrf, "
	    "created, seen, expires) VALUES (?1, ?2, ?3, ?4, ?4, ?5)", &st,
	    e) != 0)
		return -1;
	hubdb_bind_text(st, 1, key);
	hubdb_bind_int(st, 2, user_id);
	hubdb_bind_text(st, 3, csrf);
	hubdb_bind_int(st, 4, now);
	hubdb_bind_int(st, 5, now + HUBUSERS_LIFE_S);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	return rc < 0 ? -1 : 0;
}

/* Whether token looks like one of ours (so junk never reaches SQL). */
static int
token_ok(const char *token)
{
	return token != NULL && strlen(token) == HUBUSERS_TOKEN_HEX &&
	    strspn(token, "0123456789abcdef") == HUBUSERS_TOKEN_HEX;
}

int
hubusers_session_get(struct hubdb *db, const char *token, int64_t now,
    struct hubusers_session *s, struct fa_err *e)
{
	struct hubdb_st	*st;
	char		 key[HUBUSERS_TOKEN_HEX + 1];
	int64_t		 seen = 0, expires = 0;
	int		 rc;

	memset(s, 0, sizeof(*s));
	if (!token_ok(token))
		return 1;
	if (pw_ready(e) != 0)
		return -1;
	pw_token_key(token, key);
	if (hubdb_prepare(db, "SELECT s.user_id, u.name, u.role, s.csrf, "
	    "s.seen, s.expires FROM sessions s JOIN users u ON u.id = "
	    "s.user_id WHERE s.id = ?1", &st, e) != 0)
		return -1;
	hubdb_bind_text(st, 1, key);
	if ((rc = hubdb_step(st, e)) == 1) {
		s->user_id = hubdb_col_int(st, 0);
		fa_strlcpy(s->name, hubdb_col_text(st, 1), sizeof(s->name));
		s->admin = strcmp(hubdb_col_text(st, 2), "admin") == 0;
		fa_strlcpy(s->csrf, hubdb_col_text(st, 3), sizeof(s->csrf));
		seen = hubdb_col_int(st, 4);
		expires = hubdb_col_int(st, 5);
	}
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return 1;
	if (now >= expires || now - seen >= HUBUSERS_IDLE_S) {
		memset(s, 0, sizeof(*s));
		if (hubdb_run(db, "DELETE FROM sessions WHERE id = ?1", key, 0,
		    NULL, e) != 0)
			return -1;
		return 1;
	}
	/* One write a minute at most, not one per page. */
	if (now - seen >= HUBUSERS_SEEN_STEP_S &&
	    hubdb_run(db, "UPDATE sessions SET seen = ?2 WHERE id = ?1", key,
	    now, NULL, e) != 0)
		return -1;
	return 0;
}

int
hubusers_session_end(struct hubdb *db, const char *token, struct fa_err *e)
{
	char	key[HUBUSERS_TOKEN_HEX + 1];

	if (!token_ok(token))
		return 0;
	if (pw_ready(e) != 0)
		return -1;
	pw_token_key(token, key);
	return hubdb_run(db, "DELETE FROM sessions WHERE id = ?1", key, 0, NULL,
	    e);
}

int
hubusers_may(struct hubdb *db, const struct hubusers_session *s,
    int64_t account_id, int *may, struct fa_err *e)
{
	struct hubdb_st	*st;
	int		 rc;

	*may = 0;
	if (s->admin) {
		*may = 1;
		return 0;
	}
	if (hubdb_prepare(db, "SELECT 1 FROM user_accounts WHERE user_id = ?1 "
	    "AND account_id = ?2", &st, e) != 0)
		return -1;
	hubdb_bind_int(st, 1, s->user_id);
	hubdb_bind_int(st, 2, account_id);
	rc = hubdb_step(st, e);
	hubdb_finalize(st);
	if (rc < 0)
		return -1;
	*may = rc == 1;
	return 0;
}
