/*
 * test_hubrdl.c: unit tests for export/hub/rdlstore.c (Remote Device
 * Link's switches and audit) on a real hub store (SQLite, in a temporary
 * directory): the domain check, the dealer's switch, who may open a
 * session (an enabled account and a right, an account user only on its
 * own accounts, a dealer admin on any, nothing without the account's
 * switch), rights going with a removed user, and the audit's sessions and
 * requests with their totals.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../export/hub/hubdb.h"
#include "../../export/hub/hubstore.h"
#include "../../export/hub/hubusers.h"
#include "../../export/hub/rdlstore.h"
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
static int64_t		 acme, other, boss, alice;

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
	const char	*acc[] = { "acme" };
	char		*p;

	fa_strlcpy(dir, "/tmp/test_hubrdl.XXXXXX", sizeof(dir));
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
	if (hubusers_add(db, "boss", "admin", NULL, 0, "boss-password", T0,
	    &err) != 0 || hubusers_add(db, "alice", "user", acc, 1,
	    "alice-password", T0, &err) != 0)
		fa_bug("setup: %s", err.msg);
	boss = one("SELECT id FROM users WHERE name = ?1", "boss");
	alice = one("SELECT id FROM users WHERE name = ?1", "alice");
	free(p);
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

static void
domains(void)
{
	CHECK(rdlstore_domain_check("rdl.hub.example", &err) == 0);
	CHECK(rdlstore_domain_check("test", &err) == 0);
	CHECK(rdlstore_domain_check("", &err) == -1);
	CHECK(rdlstore_domain_check("RDL.example", &err) == -1);
	CHECK(rdlstore_domain_check("a..b", &err) == -1);
	CHECK(rdlstore_domain_check(".a", &err) == -1);
	CHECK(rdlstore_domain_check("a.", &err) == -1);
	CHECK(rdlstore_domain_check("a_b.example", &err) == -1);
	CHECK(rdlstore_domain_check("*.example", &err) == -1);
	CHECK(strstr(err.msg, "not a lowercase DNS name") != NULL);
}

static void
switch_(void)
{
	struct rdlstore_conf	c, got;

	CHECK(rdlstore_conf_get(db, &got, &err) == 1);	/* off */
	memset(&c, 0, sizeof(c));
	fa_strlcpy(c.domain, "rdl.test", sizeof(c.domain));
	c.idle = 60;
	c.life = 600;
	c.poll = 5;
	CHECK(rdlstore_conf_set(db, &c, T0, &err) == 0);
	CHECK(rdlstore_conf_set(db, &c, T0, &err) == 0);	/* again */
	CHECK(rdlstore_conf_get(db, &got, &err) == 0);
	CHECK(strcmp(got.domain, "rdl.test") == 0 && got.idle == 60 &&
	    got.life == 600 && got.poll == 5);
	CHECK(rdlstore_conf_off(db, &err) == 0);
	CHECK(rdlstore_conf_get(db, &got, &err) == 1);
}

static void
rights(void)
{
	int	may = -1;

	CHECK(rdlstore_right_set(db, "ghost", "acme", 1, &err) == 1);
	CHECK(rdlstore_right_set(db, "alice", "nowhere", 1, &err) == 2);
	/* an account user only on an account it may see */
	CHECK(rdlstore_right_set(db, "alice", "other", 1, &err) == 3);
	CHECK(rdlstore_right_set(db, "alice", "acme", 1, &err) == 0);
	CHECK(rdlstore_right_set(db, "alice", "acme", 1, &err) == 0);
	CHECK(rdlstore_right_set(db, "boss", "other", 1, &err) == 0);
	/* no account switched on yet: nobody */
	CHECK(rdlstore_may(db, alice, acme, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_account_set(db, "nowhere", 1, T0, &err) == 1);
	CHECK(rdlstore_account_set(db, "acme", 1, T0, &err) == 0);
	CHECK(rdlstore_may(db, alice, acme, &may, &err) == 0 && may == 1);
	CHECK(rdlstore_may(db, alice, other, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_may(db, boss, other, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_account_set(db, "other", 1, T0, &err) == 0);
	CHECK(rdlstore_may(db, boss, other, &may, &err) == 0 && may == 1);
	/* an admin needs the right too */
	CHECK(rdlstore_may(db, boss, acme, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_right_set(db, "alice", "acme", 0, &err) == 0);
	CHECK(rdlstore_may(db, alice, acme, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_right_set(db, "alice", "acme", 1, &err) == 0);
	CHECK(rdlstore_account_set(db, "acme", 0, T0, &err) == 0);
	CHECK(rdlstore_may(db, alice, acme, &may, &err) == 0 && may == 0);
	CHECK(rdlstore_account_set(db, "acme", 1, T0, &err) == 0);
	/* the account taken from the user: the right no longer works */
	CHECK(one("DELETE FROM user_accounts WHERE user_id = (SELECT id FROM"
	    " users WHERE name = ?1) RETURNING 1", "alice") == 1);
	CHECK(rdlstore_may(db, alice, acme, &may, &err) == 0 && may == 0);
	/* a removed user's rights go with it */
	CHECK(hubusers_remove(db, "boss", &err) == 0);
	CHECK(one("SELECT count(*) FROM rdl_rights r JOIN users u ON u.id ="
	    " r.user_id WHERE u.name = ?1", "boss") == 0);
	CHECK(one("SELECT count(*) FROM rdl_rights WHERE account_id = (SELECT"
	    " id FROM accounts WHERE name = ?1)", "other") == 0);
}

static void
audit(void)
{
	struct rdlstore_row	*v = NULL;
	struct rdlstore_req	*q = NULL;
	int64_t			 s1 = 0, s2 = 0;
	size_t			 n = 0, i;

	CHECK(rdlstore_session_add(db, "alice", "acme", 7, "192.0.2.15", FP1,
	    T0, &s1, &err) == 0 && s1 > 0);
	CHECK(rdlstore_session_add(db, "alice", "acme", 8, "192.0.2.16", FP1,
	    T0 + 100, &s2, &err) == 0 && s2 > s1);
	CHECK(rdlstore_request_add(db, s1, T0 + 1, "GET", "/", 200, 0, 1000,
	    &err) == 0);
	CHECK(rdlstore_request_add(db, s1, T0 + 2, "POST", "/login", 303, 30,
	    10, &err) == 0);
	CHECK(rdlstore_request_add(db, s1, T0 + 3, "GET", "/away", 502, 0, 0,
	    &err) == 0);
	CHECK(rdlstore_session_end(db, s1, T0 + 60, "idle", &err) == 0);
	/* a second end changes nothing */
	CHECK(rdlstore_session_end(db, s1, T0 + 99, "expired", &err) == 0);
	CHECK(rdlstore_log(db, 0, 100, &v, &n, &err) == 0 && n == 2);
	if (n == 2) {
		CHECK(v[0].id == s2 && v[0].ended == 0 && v[0].reason == NULL &&
		    v[0].requests == 0);
		CHECK(v[1].id == s1 && v[1].ended == T0 + 60 &&
		    strcmp(v[1].reason, "idle") == 0 && v[1].requests == 3 &&
		    v[1].up == 30 && v[1].down == 1010 && v[1].device == 7 &&
		    strcmp(v[1].address, "192.0.2.15") == 0 &&
		    strcmp(v[1].collector, FP1) == 0);
	}
	for (i = 0; i < n; i++)
		rdlstore_row_release(&v[i]);
	free(v);
	CHECK(rdlstore_log(db, T0 + 50, 100, &v, &n, &err) == 0 && n == 1);
	for (i = 0; i < n; i++)
		rdlstore_row_release(&v[i]);
	free(v);
	CHECK(rdlstore_log(db, 0, 1, &v, &n, &err) == 0 && n == 1);
	for (i = 0; i < n; i++)
		rdlstore_row_release(&v[i]);
	free(v);
	CHECK(rdlstore_requests(db, s1, 100, &q, &n, &err) == 0 && n == 3);
	if (n == 3)
		CHECK(strcmp(q[0].path, "/") == 0 &&
		    strcmp(q[1].method, "POST") == 0 && q[2].status == 502);
	for (i = 0; i < n; i++)
		rdlstore_req_release(&q[i]);
	free(q);
	/* sessions no hub process carries any more end once past any
	 * session's life; younger ones may be another process's */
	CHECK(rdlstore_end_open(db, T0 - 1, T0 + 200, "the hub stopped",
	    &err) == 0);
	CHECK(one("SELECT count(*) FROM rdl_sessions WHERE ended IS NULL",
	    NULL) == 1);
	CHECK(rdlstore_end_open(db, T0 + 200, T0 + 200, "the hub stopped",
	    &err) == 0);
	CHECK(one("SELECT count(*) FROM rdl_sessions WHERE ended IS NULL OR"
	    " reason = ?1", "the hub stopped") == 1);
}

int
main(void)
{
	setup();
	RUN(domains);
	RUN(switch_);
	RUN(rights);
	RUN(audit);
	cleanup();
	return unit_any_failed;
}
