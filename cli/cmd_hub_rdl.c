/*
 * cmd_hub_rdl.c: "fleetaudit hub rdl", Remote Device Link's switches and
 * audit (export/hub/rdlstore.h, docs/rdl.md):
 *   enable --domain D [--idle 20m] [--max 2h] [--poll 20s]   the dealer's
 *   disable
 *   account NAME on|off
 *   grant USER --account NAME, revoke USER --account NAME
 *   show
 *   log [--since DATE|2h] [--session ID] [--json]
 * From the hub's table (cmd_hub_table.c), as every hub subcommand.
 * "hub serve" reads the
 * switch again within 2 seconds; sessions open in it are not cut by
 * "disable" (a dealer admin ends them on /rdl).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../export/hub/hubdb.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/rdlstore.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

#define LOG_MAX		100000	/* sessions listed */
#define REQ_MAX		100000	/* requests of one session listed */

struct ropts {
	const char	*domain, *idle, *max, *poll, *account, *since;
	const char	*session;
	int		 json;
};

static int
secs(const char *s, const char *what, long long min, long long max,
    int64_t dflt, int64_t *out)
{
	struct fa_err	e;
	long long	ms;

	if (s == NULL) {
		*out = dflt;
		return 0;
	}
	if (fa_parse_duration_ms(s, min * 1000, max * 1000, &ms, what,
	    &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	*out = ms / 1000;
	return 0;
}

static int
enable(struct hubdb *db, const struct ropts *o)
{
	struct rdlstore_conf	c;
	struct fa_err		e;

	memset(&c, 0, sizeof(c));
	if (o->domain == NULL)
		return cmd_fail(EXIT_USAGE, "hub rdl enable needs --domain "
		    "DOMAIN (sessions are https://LABEL.DOMAIN/: a wildcard "
		    "DNS name and certificate for *.DOMAIN)");
	if (rdlstore_domain_check(o->domain, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	fa_strlcpy(c.domain, o->domain, sizeof(c.domain));
	if (secs(o->idle, "--idle", 1, 24 * 3600, RDL_IDLE_S, &c.idle) != 0 ||
	    secs(o->max, "--max", 1, 7 * 24 * 3600, RDL_LIFE_S, &c.life) != 0 ||
	    secs(o->poll, "--poll", 1, 60, RDL_POLL_S, &c.poll) != 0)
		return EXIT_USAGE;
	if (rdlstore_conf_set(db, &c, fa_wall(), &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	printf("hub rdl: on, sessions at https://LABEL.%s/ (idle %" PRId64
	    " s, at most %" PRId64 " s)\n", c.domain, c.idle, c.life);
	return EXIT_OK;
}

static int
show(struct hubdb *db)
{
	struct rdlstore_conf	c;
	struct fa_buf		b = FA_BUF_INIT;
	struct fa_err		e;
	int			x;

	if ((x = rdlstore_conf_get(db, &c, &e)) == -1 ||
	    rdlstore_show(db, &b, &e) != 0) {
		fa_buf_release(&b);
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	}
	if (x == 1)
		printf("rdl        off\n");
	else
		printf("rdl        on\ndomain     %s\nidle       %" PRId64 " s\n"
		    "max        %" PRId64 " s\npoll       %" PRId64 " s\n",
		    c.domain, c.idle, c.life, c.poll);
	printf("ACCOUNT\tRDL\tUSER WITH THE RIGHT\n%s", b.s != NULL ? b.s :
	    "");
	fa_buf_release(&b);
	return EXIT_OK;
}

static int
log_requests(struct hubdb *db, const struct ropts *o)
{
	struct rdlstore_req	*v = NULL;
	struct fa_err		 e;
	json_object		*a = NULL, *j;
	long long		 id;
	size_t			 n = 0, i;
	char			 ts[32];

	if (fa_strtonum(o->session, 1, INT64_MAX, &id, "--session", &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (rdlstore_requests(db, id, REQ_MAX, &v, &n, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (o->json)
		a = json_object_new_array();
	else
		printf("%-20s %-7s %6s %10s %10s %s\n", "TIME", "METHOD",
		    "STATUS", "UP", "DOWN", "PATH");
	for (i = 0; i < n; i++) {
		fa_iso8601(v[i].time, ts, sizeof(ts));
		if (o->json) {
			j = json_object_new_object();
			json_object_object_add(j, "time",
			    json_object_new_string(ts));
			json_object_object_add(j, "method",
			    json_object_new_string(v[i].method));
			json_object_object_add(j, "path",
			    json_object_new_string(v[i].path));
			json_object_object_add(j, "status",
			    json_object_new_int64(v[i].status));
			json_object_object_add(j, "bytes_up",
			    json_object_new_int64(v[i].up));
			json_object_object_add(j, "bytes_down",
			    json_object_new_int64(v[i].down));
			json_object_array_add(a, j);
		} else {
			char *p = fa_esc_line(v[i].path);

			printf("%-20s %-7.7s %6" PRId64 " %10" PRId64 " %10"
			    PRId64 " %s\n", ts, v[i].method, v[i].status,
			    v[i].up, v[i].down, p);
			free(p);
		}
		rdlstore_req_release(&v[i]);
	}
	free(v);
	if (a != NULL) {
		json_print(a);
		json_object_put(a);
	}
	return EXIT_OK;
}

static int
log_sessions(struct hubdb *db, const struct ropts *o)
{
	struct rdlstore_row	*v = NULL;
	struct fa_err		 e;
	json_object		*a = NULL, *j;
	int64_t			 since = 0;
	size_t			 n = 0, i;
	char			 t1[32], t2[32];

	if (o->since != NULL && cmd_parse_since(o->since, fa_wall(), &since,
	    &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (rdlstore_log(db, since, LOG_MAX, &v, &n, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (o->json)
		a = json_object_new_array();
	else
		printf("%-6s %-16s %-12s %-16s %-20s %8s %8s %10s %10s %s\n",
		    "ID", "USER", "ACCOUNT", "DEVICE", "STARTED", "SECONDS",
		    "REQUESTS", "UP", "DOWN", "ENDED");
#define JS(x)	((x) != NULL ? json_object_new_string(x) : NULL)
	for (i = 0; i < n; i++) {
		fa_iso8601(v[i].started, t1, sizeof(t1));
		if (v[i].ended > 0)
			fa_iso8601(v[i].ended, t2, sizeof(t2));
		if (o->json) {
			j = json_object_new_object();
			json_object_object_add(j, "id",
			    json_object_new_int64(v[i].id));
			json_object_object_add(j, "user", JS(v[i].who));
			json_object_object_add(j, "account", JS(v[i].account));
			json_object_object_add(j, "device_id",
			    json_object_new_int64(v[i].device));
			json_object_object_add(j, "address", JS(v[i].address));
			json_object_object_add(j, "collector",
			    JS(v[i].collector));
			json_object_object_add(j, "started", JS(t1));
			json_object_object_add(j, "ended", v[i].ended > 0 ?
			    JS(t2) : NULL);
			json_object_object_add(j, "seconds", v[i].ended > 0 ?
			    json_object_new_int64(v[i].ended - v[i].started) :
			    NULL);
			json_object_object_add(j, "reason", JS(v[i].reason));
			json_object_object_add(j, "requests",
			    json_object_new_int64(v[i].requests));
			json_object_object_add(j, "bytes_up",
			    json_object_new_int64(v[i].up));
			json_object_object_add(j, "bytes_down",
			    json_object_new_int64(v[i].down));
			json_object_array_add(a, j);
		} else {
			char *why = fa_esc_line(v[i].reason != NULL ?
			    v[i].reason : "open");

			printf("%-6" PRId64 " %-16.40s %-12.40s %-16.40s %-20s "
			    "%8" PRId64 " %8" PRId64 " %10" PRId64 " %10" PRId64
			    " %s\n", v[i].id, v[i].who, v[i].account,
			    v[i].address, t1, v[i].ended > 0 ? v[i].ended -
			    v[i].started : fa_wall() - v[i].started,
			    v[i].requests, v[i].up, v[i].down, why);
			free(why);
		}
		rdlstore_row_release(&v[i]);
	}
#undef JS
	free(v);
	if (a != NULL) {
		json_print(a);
		json_object_put(a);
	}
	return EXIT_OK;
}

int
cmd_hub_rdl(struct hub_args *a)
{
	struct ropts	 o;
	struct hubstore	*hs = NULL;
	struct hubdb	*db;
	struct fa_err	 e;
	const char	*verb;
	char		**pos;
	int		 rc, npos, x;

	memset(&o, 0, sizeof(o));
	o.domain = a->domain;
	o.idle = a->idle;
	o.max = a->maxlife;
	o.poll = a->poll;
	o.account = a->s.account;
	o.since = a->s.since;
	o.session = a->session;
	o.json = a->s.json;
	pos = a->pos.v + 1;		/* after "rdl" */
	npos = (int)a->pos.n - 1;
	verb = pos[0];
	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	db = hubstore_db(hs);
	if (strcmp(verb, "enable") == 0 && npos == 1)
		rc = enable(db, &o);
	else if (strcmp(verb, "disable") == 0 && npos == 1) {
		rc = rdlstore_conf_off(db, &e) != 0 ? cmd_fail(EXIT_FAIL, "%s",
		    e.msg) : EXIT_OK;
		if (rc == EXIT_OK)
			printf("hub rdl: off (no new session)\n");
	} else if (strcmp(verb, "account") == 0 && npos == 3 &&
	    (strcmp(pos[2], "on") == 0 || strcmp(pos[2], "off") == 0)) {
		x = rdlstore_account_set(db, pos[1], strcmp(pos[2], "on") == 0,
		    fa_wall(), &e);
		rc = x == -1 ? cmd_fail(EXIT_FAIL, "%s", e.msg) : x == 1 ?
		    cmd_fail(EXIT_FAIL, "no account '%s'", pos[1]) : EXIT_OK;
		if (rc == EXIT_OK)
			printf("hub rdl: account '%s' %s\n", pos[1], pos[2]);
	} else if ((strcmp(verb, "grant") == 0 || strcmp(verb, "revoke") == 0)
	    && npos == 2) {
		if (o.account == NULL) {
			rc = cmd_fail(EXIT_USAGE, "hub rdl %s needs --account "
			    "NAME", verb);
			goto out;
		}
		x = rdlstore_right_set(db, pos[1], o.account,
		    strcmp(verb, "grant") == 0, &e);
		rc = x == -1 ? cmd_fail(EXIT_FAIL, "%s", e.msg) : x == 1 ?
		    cmd_fail(EXIT_FAIL, "no user '%s'", pos[1]) : x == 2 ?
		    cmd_fail(EXIT_FAIL, "no account '%s'", o.account) : x == 3 ?
		    cmd_fail(EXIT_FAIL, "user '%s' may not see account '%s' "
		    "(hub user add --account)", pos[1], o.account) : EXIT_OK;
		if (rc == EXIT_OK)
			printf("hub rdl: %s %s '%s' on account '%s'\n", verb,
			    strcmp(verb, "grant") == 0 ? "to" : "from", pos[1],
			    o.account);
	} else if (strcmp(verb, "show") == 0 && npos == 1)
		rc = show(db);
	else if (strcmp(verb, "log") == 0 && npos == 1)
		rc = o.session != NULL ? log_requests(db, &o) :
		    log_sessions(db, &o);
	else
		rc = cmd_fail(EXIT_USAGE, "hub rdl: '%s' with %d arguments is "
		    "not a subcommand (see 'fleetaudit hub rdl --help')", verb,
		    npos - 1);
	if (rc == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout)))
		rc = cmd_fail(EXIT_FAIL, "cannot write: %s", strerror(errno));
out:
	hubstore_close(hs);
	return rc;
}

