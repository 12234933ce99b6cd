/*
 * test_hubusers.c: unit tests for export/hub/hubusers.c on a real hub store
 * (SQLite, in a temporary directory): names and passwords, adding users
 * (an admin, an account user, a name taken, an unknown account, roles and
 * accounts that do not go together), logins, sessions (the token never
 * stored, the idle and the absolute expiry, logout), who may see which
 * account, the login limit and its window, and a new password or a
 * removed user ending the sessions.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../export/hub/hubdb.h"
#include "../../export/hub/hubstore.h"
#include "../../export/hub/hubusers.h"
#include "unit.h"

#define FP1	"t8w3-1kcm-9y3r-ys7j"
#define LINE1	"fleetaudit-collector-v1 ed25519:" \
		"VeTFwhKWg/N5xBs2sEvCmClpD58HE+rYPWwleBA36Wg= site1"
#define FP2	"wayg-1tpk-p2mk-7ypz"
#define LINE2	"fleetaudit-collector-v1 ed25519:" \
		"nuLqxJ7TTxUUxshnYu4RAtc2Wdp1CeFh7ArfG2lQN38= site2"
#define T0	1790000000

static char		 dir[256];
static struct hubstore	*hs;
static struct hubdb	*db;
static struct fa_err	 err;
static int64_t		 acme, other;

static int64_t
one(const char *sql, const char *s1)
{
	int64_t	v = -2;

	if (hubdb_int(db, sql, s1, 0, &v, &err) != 0)
		printf("# %s\n", err.msg);
	return v;
}

static void
setup(void)
{
	char	*p;

	fa_strlcpy(dir, "/tmp/test_hubusers.XXXXXX", sizeof(dir));
	if (mkdtemp(dir) == NULL)
		fa_bug("mkdtemp");
	p = fa_asprintf("%s/hub.db", dir);
	if (hubstore_create(p, &hs, &err) != 0 ||
	    hubstore_trust_add(hs, FP1, LINE1, NULL, "acme", T0, &err) != 0 ||
	    hubstore_trust_add(hs, FP2, LINE2, NULL, "other", T0, &err) != 0 ||
	    hubstore_account_id(hs, "acme", &acme, &err) != 0 ||
	    hubstore_account_id(hs, "other", &other, &err) != 0)
		fa_bug("setup: %s", err.msg);
	db = hubstore_db(hs);
	free(p);
}

static void
names_and_passwords(void)
{
	CHECK(hubusers_name_check("anna", &err) == 0);
	CHECK(hubusers_name_check("a.b-c_d@example.com", &err) == 0);
	CHECK(hubusers_name_check("", &err) == -1);
	CHECK(hubusers_name_check("-x", &err) == -1);
	CHECK(hubusers_name_check("a b", &err) == -1);
	CHECK(hubusers_name_check("<script>", &err) == -1);
	CHECK(hubusers_pass_check("123456789", &err) == -1);
	CHECK(strstr(err.msg, "too short") != NULL);
	CHECK(hubusers_pass_check("1234567890", &err) == 0);
	CHECK(hubusers_same("abc", "abc"));
	CHECK(!hubusers_same("abc", "abd"));
	CHECK(!hubusers_same("abc", "abcd"));
}

static void
add_users(void)
{
	const char	*acc[] = { "acme" }, *bad[] = { "nobody" };

	CHECK(hubusers_add(db, "boss", "admin", NULL, 0, "boss-password",
	    T0, &err) == 0);
	CHECK(hubusers_add(db, "alice", "user", acc, 1, "alice-password",
	    T0, &err) == 0);
	CHECK(hubusers_add(db, "alice", "user", acc, 1, "alice-password",
	    T0, &err) == 1);
	CHECK(hubusers_add(db, "bob", "user", bad, 1, "bob-password-1",
	    T0, &err) == -1 && strstr(err.msg, "no account 'nobody'"));
	CHECK(hubusers_add(db, "bob", "admin", acc, 1, "bob-password-1",
	    T0, &err) == -1);
	CHECK(hubusers_add(db, "bob", "user", NULL, 0, "bob-password-1",
	    T0, &err) == -1);
	CHECK(hubusers_add(db, "bob", "root", NULL, 0, "bob-password-1",
	    T0, &err) == -1);
	CHECK(one("SELECT count(*) FROM users", NULL) == 2);
	CHECK(one("SELECT count(*) FROM users WHERE hash LIKE '$argon2id$%'",
	    NULL) == 2);
	CHECK(one("SELECT count(*) FROM user_accounts", NULL) == 1);
}

static void
logins(void)
{
	int64_t	uid;

	CHECK(hubusers_login(db, "alice", "alice-password", &uid, &err) == 0);
	CHECK(uid == one("SELECT id FROM users WHERE name = ?1", "alice"));
	CHECK(hubusers_login(db, "alice", "wrong-password", &uid, &err) == 1);
	CHECK(uid == -1);
	CHECK(hubusers_login(db, "nobody", "alice-password", &uid, &err) == 1);
}

static void
sessions(void)
{
	struct hubusers_session	 s;
	char			 tok[HUBUSERS_TOKEN_HEX + 1];
	int64_t			 uid, t;
	int			 may;
	char			 c;

	CHECK(hubusers_login(db, "alice", "alice-password", &uid, &err) == 0);
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	CHECK(strlen(tok) == HUBUSERS_TOKEN_HEX);
	CHECK(one("SELECT count(*) FROM sessions WHERE id = ?1", tok) == 0);
	CHECK(hubusers_session_get(db, tok, T0 + 10, &s, &err) == 0);
	CHECK(s.user_id == uid && strcmp(s.name, "alice") == 0 && !s.admin);
	CHECK(strlen(s.csrf) == HUBUSERS_TOKEN_HEX && strcmp(s.csrf, tok));
	CHECK(hubusers_may(db, &s, acme, &may, &err) == 0 && may == 1);
	CHECK(hubusers_may(db, &s, other, &may, &err) == 0 && may == 0);
	CHECK(hubusers_session_get(db, "junk", T0, &s, &err) == 1);
	c = tok[0];
	tok[0] = c == 'a' ? 'b' : 'a';
	CHECK(hubusers_session_get(db, tok, T0, &s, &err) == 1);
	tok[0] = c;

	/* idle: refused at 30 minutes, and deleted */
	CHECK(hubusers_session_get(db, tok, T0 + HUBUSERS_IDLE_S, &s,
	    &err) == 1);
	CHECK(one("SELECT count(*) FROM sessions", NULL) == 0);

	/* in use every 20 minutes: still refused after 12 hours */
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	for (t = T0 + 1200; t < T0 + HUBUSERS_LIFE_S; t += 1200)
		if (hubusers_session_get(db, tok, t, &s, &err) != 0)
			break;
	CHECK(t >= T0 + HUBUSERS_LIFE_S);
	CHECK(hubusers_session_get(db, tok, T0 + HUBUSERS_LIFE_S, &s,
	    &err) == 1);

	/* logout */
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	CHECK(hubusers_session_end(db, tok, &err) == 0);
	CHECK(hubusers_session_get(db, tok, T0 + 1, &s, &err) == 1);

	/* an admin sees every account */
	CHECK(hubusers_login(db, "boss", "boss-password", &uid, &err) == 0);
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	CHECK(hubusers_session_get(db, tok, T0 + 1, &s, &err) == 0 && s.admin);
	CHECK(hubusers_may(db, &s, other, &may, &err) == 0 && may == 1);
}

/* hubusers_attempt() n times for name from addr at now: how many got
 * through (wait 0); the last wait into *last. */
static int
attempts(const char *name, const char *addr, int64_t now, int n,
    int64_t *last)
{
	int64_t	w = 0;
	int	i, through = 0;

	for (i = 0; i < n; i++) {
		if (hubusers_attempt(db, name, addr, now, &w, &err) != 0)
			return -1;
		through += w == 0;
	}
	*last = w;
	return through;
}

static void
limits(void)
{
	int64_t	w, t = T0;
	int	i;

	/* Reserved before any hash: 8 attempts at once, 5 through (the
	 * store counts them even though no password was checked yet). */
	CHECK(attempts("carl", "192.0.2.1", t, 8, &w) == 5);
	CHECK(w == HUBUSERS_DELAY_MIN);
	CHECK(one("SELECT failures FROM login_attempts WHERE who ="
	    " 'pair:192.0.2.1 carl'", NULL) == 5);
	/* the same name from another address, and another name from this
	 * one: not slowed (nobody locks carl out from elsewhere) */
	CHECK(attempts("carl", "192.0.2.9", t, 1, &w) == 1);
	CHECK(attempts("dora", "192.0.2.1", t, 1, &w) == 1);
	/* growing delays: 60, 120, 240, 480, 900, 900 s */
	w = HUBUSERS_DELAY_MIN;
	for (i = 0; i < 6; i++) {
		int64_t want = HUBUSERS_DELAY_MIN << (i + 1);

		if (want > HUBUSERS_DELAY_MAX)
			want = HUBUSERS_DELAY_MAX;
		t += w;
		CHECK(attempts("carl", "192.0.2.1", t - 1, 1, &w) == 0 &&
		    w == 1);
		CHECK(attempts("carl", "192.0.2.1", t, 1, &w) == 1);
		CHECK(attempts("carl", "192.0.2.1", t, 1, &w) == 0 &&
		    w == want);
	}
	/* forgotten after an hour without attempts */
	t += HUBUSERS_FORGET_S + 1;
	CHECK(attempts("carl", "192.0.2.1", t, 6, &w) == 5);
	/* the right password forgets the name's attempts from there */
	CHECK(attempts("erin", "192.0.2.3", t, 4, &w) == 4);
	CHECK(hubusers_succeeded(db, "erin", "192.0.2.3", &err) == 0);
	CHECK(attempts("erin", "192.0.2.3", t, 6, &w) == 5);
	/* many names from one address: 20 through, then slowed */
	for (i = 0; i < HUBUSERS_FREE_ADDR; i++) {
		char *n = fa_asprintf("spray%d", i);

		CHECK(attempts(n, "192.0.2.7", t, 1, &w) == 1);
		free(n);
	}
	CHECK(attempts("spray-last", "192.0.2.7", t, 1, &w) == 0 &&
	    w == HUBUSERS_DELAY_MIN);
	/* old rows go as new attempts come */
	CHECK(attempts("fred", "192.0.2.8", t + HUBUSERS_FORGET_S + 1, 1,
	    &w) == 1);
	CHECK(one("SELECT count(*) FROM login_attempts", NULL) == 2);
}

static void
passwd_and_remove(void)
{
	struct hubusers_session	 s;
	char			 tok[HUBUSERS_TOKEN_HEX + 1];
	int64_t			 uid;

	CHECK(hubusers_login(db, "alice", "alice-password", &uid, &err) == 0);
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	CHECK(hubusers_passwd(db, "alice", "new-alice-pw", T0 + 5, &err) == 0);
	CHECK(hubusers_session_get(db, tok, T0 + 6, &s, &err) == 1);
	CHECK(hubusers_login(db, "alice", "alice-password", &uid, &err) == 1);
	CHECK(hubusers_login(db, "alice", "new-alice-pw", &uid, &err) == 0);
	CHECK(hubusers_passwd(db, "nobody", "new-alice-pw", T0, &err) == 1);
	CHECK(hubusers_session_new(db, uid, T0, tok, &err) == 0);
	CHECK(hubusers_remove(db, "alice", &err) == 0);
	CHECK(hubusers_session_get(db, tok, T0 + 6, &s, &err) == 1);
	CHECK(one("SELECT count(*) FROM user_accounts", NULL) == 0);
	CHECK(hubusers_remove(db, "alice", &err) == 1);
}

static void
listing(void)
{
	struct hubusers_row	*rows = NULL;
	const char		*acc[] = { "acme", "other" };
	size_t			 n = 0, i;

	CHECK(hubusers_add(db, "zoe", "user", acc, 2, "zoe-password", T0,
	    &err) == 0);
	CHECK(hubusers_list(db, &rows, &n, &err) == 0);
	CHECK(n == 2);
	if (n == 2) {
		CHECK(strcmp(rows[0].name, "boss") == 0 &&
		    strcmp(rows[0].role, "admin") == 0);
		CHECK(strcmp(rows[1].name, "zoe") == 0 &&
		    strcmp(rows[1].accounts, "acme, other") == 0);
		CHECK(rows[0].sessions == 1);
	}
	for (i = 0; i < n; i++)
		hubusers_row_release(&rows[i]);
	free(rows);
}

static void
cleanup(void)
{
	char	*cmd;

	hubstore_close(hs);
	cmd = fa_asprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# cannot remove %s\n", dir);
	free(cmd);
}

int
main(void)
{
	setup();
	RUN(names_and_passwords);
	RUN(add_users);
	RUN(logins);
	RUN(sessions);
	RUN(limits);
	RUN(passwd_and_remove);
	RUN(listing);
	cleanup();
	return unit_any_failed;
}
