/*
 * cmd_hub_notify.c: "fleetaudit hub notify add|list|remove|run|log", the
 * hub's notification rules and their runs (export/hub/notify.c,
 * docs/notify.md), from the hub's table (cmd_hub_table.c), which has
 * checked that each option given is one the verb takes.
 * A run happens on "hub notify run" (from cron) and after each "hub
 * import" for the accounts imported (cmd_hub_notify_after_import()); the
 * mail server is HUB/notify.conf.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "../crypto/password.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/notify.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

#define LOG_DEFAULT	50	/* "log" rows by default */
#define LOG_MAX		100000

/* The options of a verb, from the hub's arguments. */
struct nopts {
	const char	*name, *on, *to, *secret_file, *threshold;
	const char	*days, *silent, *digest, *now, *limit;
	const char	*const *accounts;
	size_t		 naccounts;
	int		 json, quiet;
};

/* One --account for every verb but run. */
static int
only(const struct nopts *o, const char *verb)
{
	if (strcmp(verb, "run") != 0 && o->naccounts > 1)
		return cmd_fail(EXIT_USAGE, "hub notify %s takes one "
		    "--account", verb);
	return 0;
}

/* The webhook's secret: the first line of file, else a new random one
 * (*made set). */
static int
secret_get(const char *file, char **out, int *made)
{
	FILE	*f;
	char	 line[NOTIFY_SECRET_MAX + 2], tok[PW_TOKEN_HEX + 1];
	size_t	 len;

	*made = 0;
	if (file == NULL) {
		pw_token(tok);
		*out = fa_strdup(tok);
		*made = 1;
		return 0;
	}
	if ((f = fopen(file, "r")) == NULL)
		return cmd_fail(EXIT_USAGE, "cannot open secret file '%s': %s",
		    file, strerror(errno));
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len < NOTIFY_SECRET_MIN || len > NOTIFY_SECRET_MAX) {
		memset(line, 0, sizeof(line));
		return cmd_fail(EXIT_USAGE, "secret file '%s': the secret "
		    "must be %d to %d characters on its first line", file,
		    NOTIFY_SECRET_MIN, NOTIFY_SECRET_MAX);
	}
	*out = fa_strdup(line);
	memset(line, 0, sizeof(line));
	return 0;
}

static int
do_add(struct hubstore *hs, const struct nopts *o, int64_t now)
{
	struct notify_rule	 r;
	struct fa_err		 e;
	char			*norm = NULL;
	int			 kind, made = 0, rc;

	memset(&r, 0, sizeof(r));
	r.threshold = 10;
	r.days = 14;
	r.silent_days = 3;
	r.digest_hour = -1;
	if ((rc = cmd_opt_int(o->threshold, 0, 100, "--threshold",
	    &r.threshold)) ||
	    (rc = cmd_opt_int(o->days, 0, 365, "--days", &r.days)) ||
	    (rc = cmd_opt_int(o->silent, 1, 365, "--silent-days",
	    &r.silent_days)) ||
	    (rc = cmd_opt_int(o->digest, 0, 23, "--digest", &r.digest_hour)))
		return rc;
	if (o->on == NULL)
		return cmd_fail(EXIT_USAGE, "hub notify add needs --on "
		    "CONDITIONS (error, empty, low, silent, anomaly or all)");
	if (notify_conditions_parse(o->on, &r.conditions, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (o->to == NULL)
		return cmd_fail(EXIT_USAGE, "hub notify add needs --to "
		    "ADDRESS or --to https://URL");
	if ((kind = notify_target_check(o->to, &norm, &e)) < 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (kind == 1 && o->secret_file != NULL) {
		free(norm);
		return cmd_fail(EXIT_USAGE, "--secret-file is for webhooks "
		    "(https:// targets)");
	}
	if (kind == 2 && (rc = secret_get(o->secret_file, &r.secret,
	    &made)) != 0) {
		free(norm);
		return rc;
	}
	r.account = fa_strdup(o->accounts[0]);
	r.name = fa_strdup(o->name);
	r.target = norm;
	if (notify_rule_add(hs, &r, now, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	norm = notify_conditions_format(r.conditions);
	printf("rule '%s' added for account '%s': %s to %s%s\n", r.name,
	    r.account, norm, r.target, r.digest_hour >= 0 ?
	    " (daily digest)" : "");
	free(norm);
	if (made)	/* shown once: the receiver needs it */
		printf("secret: %s\n", r.secret);
	rc = EXIT_OK;
out:
	notify_rule_release(&r);
	return rc;
}

static int
do_list(struct hubstore *hs, const struct nopts *o)
{
	struct notify_rule	*v = NULL;
	struct fa_err		 e;
	json_object		*a, *j;
	char			*c, ts[32];
	size_t			 n = 0, i;

	if (notify_rule_list(hs, o->naccounts ? o->accounts[0] : NULL, &v, &n,
	    &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	a = json_object_new_array();
	if (!o->json)
		printf("%-16s %-16s %-28s %-8s %s\n", "ACCOUNT", "RULE",
		    "CONDITIONS", "DIGEST", "TARGET");
	for (i = 0; i < n; i++) {
		c = notify_conditions_format(v[i].conditions);
		if (o->json) {
			j = json_object_new_object();
			json_object_object_add(j, "account",
			    json_object_new_string(v[i].account));
			json_object_object_add(j, "name",
			    json_object_new_string(v[i].name));
			json_object_object_add(j, "conditions",
			    json_object_new_string(c));
			json_object_object_add(j, "target",
			    json_object_new_string(v[i].target));
			json_object_object_add(j, "threshold",
			    json_object_new_int(v[i].threshold));
			json_object_object_add(j, "days",
			    json_object_new_int(v[i].days));
			json_object_object_add(j, "silent_days",
			    json_object_new_int(v[i].silent_days));
			json_object_object_add(j, "digest_hour",
			    v[i].digest_hour >= 0 ?
			    json_object_new_int(v[i].digest_hour) : NULL);
			fa_iso8601(v[i].created, ts, sizeof(ts));
			json_object_object_add(j, "created",
			    json_object_new_string(ts));
			json_object_array_add(a, j);
		} else {
			if (v[i].digest_hour >= 0)
				snprintf(ts, sizeof(ts), "%02d:00",
				    v[i].digest_hour);
			else
				fa_strlcpy(ts, "-", sizeof(ts));
			printf("%-16s %-16s %-28s %-8s %s\n", v[i].account,
			    v[i].name, c, ts, v[i].target);
		}
		free(c);
		notify_rule_release(&v[i]);
	}
	free(v);
	if (o->json)
		json_print(a);
	json_object_put(a);
	return EXIT_OK;
}

static int
do_remove(struct hubstore *hs, const struct nopts *o)
{
	struct fa_err	e;
	int		r;

	if ((r = notify_rule_remove(hs, o->accounts[0], o->name, &e)) < 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (r == 1)
		return cmd_fail(EXIT_FAIL, "account '%s' has no rule '%s'",
		    o->accounts[0], o->name);
	printf("rule '%s' of account '%s' removed\n", o->name,
	    o->accounts[0]);
	return EXIT_OK;
}

static void
say(void *arg, const char *line)
{
	FILE	*f = arg;

	fprintf(f, "%s\n", line);
}

static void
summary(const char *who, const struct notify_result *r)
{
	fprintf(stderr, "%s: %d rules: %d new conditions, %d cleared, "
	    "%d messages; %d sent, %d failed, %d given up\n", who, r->rules,
	    r->notices, r->cleared, r->messages, r->sent, r->failed,
	    r->gave_up);
}

static int
conf_read(const char *dir, struct notify_conf *c)
{
	struct fa_err	 e;
	char		*p = fa_asprintf("%s/notify.conf", dir);
	int		 rc;

	rc = notify_conf_read(p, c, &e);
	free(p);
	return rc != 0 ? cmd_fail(EXIT_USAGE, "%s", e.msg) : 0;
}

static int
do_run(struct hubstore *hs, const struct nopts *o, const char *dir,
    int64_t now)
{
	struct notify_conf	c;
	struct notify_result	r;
	struct fa_err		e;
	int			rc;

	if ((rc = conf_read(dir, &c)) != 0)
		return rc;
	rc = notify_run(hs, &c, o->naccounts ? o->accounts : NULL,
	    o->naccounts, now, say, stdout, &r, &e);
	notify_conf_release(&c);
	if (rc != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (!o->quiet)
		summary("hub notify", &r);
	return r.failed > 0 || r.gave_up > 0 ? EXIT_FAIL : EXIT_OK;
}

static int
do_log(struct hubstore *hs, const struct nopts *o)
{
	struct notify_logrow	*v = NULL;
	struct fa_err		 e;
	json_object		*a, *j;
	char			 ts[32];
	size_t			 n = 0, i;
	int			 max = LOG_DEFAULT, rc;

	if ((rc = cmd_opt_int(o->limit, 1, LOG_MAX, "--limit", &max)) != 0)
		return rc;
	if (notify_log_list(hs, o->naccounts ? o->accounts[0] : NULL,
	    (size_t)max, &v, &n, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	a = json_object_new_array();
	if (!o->json)
		printf("%-20s %-12s %-12s %7s %3s %-8s %-30s %s\n", "TIME",
		    "ACCOUNT", "RULE", "MESSAGE", "TRY", "OUTCOME", "TARGET",
		    "DETAIL");
	for (i = 0; i < n; i++) {
		fa_iso8601(v[i].time, ts, sizeof(ts));
		if (o->json) {
			j = json_object_new_object();
			json_object_object_add(j, "time",
			    json_object_new_string(ts));
			json_object_object_add(j, "account",
			    json_object_new_string(v[i].account));
			json_object_object_add(j, "rule",
			    json_object_new_string(v[i].rule));
			json_object_object_add(j, "message",
			    json_object_new_int64(v[i].message));
			json_object_object_add(j, "attempt",
			    json_object_new_int(v[i].attempt));
			json_object_object_add(j, "target",
			    json_object_new_string(v[i].target));
			json_object_object_add(j, "outcome",
			    json_object_new_string(v[i].outcome));
			json_object_object_add(j, "detail", v[i].detail ?
			    json_object_new_string(v[i].detail) : NULL);
			json_object_array_add(a, j);
		} else
			printf("%-20s %-12s %-12s %7lld %3d %-8s %-30s %s\n",
			    ts, v[i].account, v[i].rule,
			    (long long)v[i].message, v[i].attempt,
			    v[i].outcome, v[i].target,
			    v[i].detail != NULL ? v[i].detail : "-");
		notify_logrow_release(&v[i]);
	}
	free(v);
	if (o->json)
		json_print(a);
	json_object_put(a);
	return EXIT_OK;
}

/* Every "hub notify" row of the table: its second word is the verb. */
int
cmd_hub_notify(struct hub_args *a)
{
	const char	*verb = a->pos.v[1];
	struct nopts	 o;
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	const char	*dir = a->dir;
	int64_t		 now, id;
	size_t		 i;
	int		 rc;

	memset(&o, 0, sizeof(o));
	o.name = a->rule;
	o.on = a->on;
	o.to = a->notify_to;
	o.secret_file = a->secret_file;
	o.threshold = a->threshold;
	o.days = a->days;
	o.silent = a->silent_days;
	o.digest = a->digest;
	o.now = a->now;
	o.limit = a->limit;
	o.accounts = a->accounts;
	o.naccounts = a->naccounts;
	o.json = a->s.json;
	o.quiet = a->s.quiet;
	if (a->pos.n > 2)
		return cmd_fail(EXIT_USAGE, "hub notify %s: unexpected '%s'",
		    verb, a->pos.v[2]);
	if ((rc = only(&o, verb)) != 0)
		return rc;
	if ((strcmp(verb, "add") == 0 || strcmp(verb, "remove") == 0) &&
	    (o.naccounts == 0 || o.name == NULL))
		return cmd_fail(EXIT_USAGE, "hub notify %s needs --account "
		    "NAME and --name RULE", verb);
	if (o.name != NULL && notify_name_check(o.name, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	for (i = 0; i < o.naccounts; i++)
		if (hubstore_account_check(o.accounts[i], &e) != 0)
			return cmd_fail(EXIT_USAGE, "%s", e.msg);
	now = fa_wall();
	if (o.now != NULL && cmd_parse_since(o.now, fa_wall(), &now, &e) != 0)
		return cmd_fail(EXIT_USAGE, "--now: %s", e.msg);
	if (hubstore_open_hub(dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = EXIT_FAIL;
	for (i = 0; i < o.naccounts; i++)
		if (hubstore_account_id(hs, o.accounts[i], &id, &e) != 0) {
			cmd_fail(rc, "%s", e.msg);
			goto out;
		}
	if (strcmp(verb, "add") == 0)
		rc = do_add(hs, &o, now);
	else if (strcmp(verb, "list") == 0)
		rc = do_list(hs, &o);
	else if (strcmp(verb, "remove") == 0)
		rc = do_remove(hs, &o);
	else if (strcmp(verb, "run") == 0)
		rc = do_run(hs, &o, dir, now);
	else
		rc = do_log(hs, &o);
	if (rc == EXIT_OK && (fflush(stdout) != 0 || ferror(stdout)))
		rc = cmd_fail(EXIT_FAIL, "cannot write: %s", strerror(errno));
out:
	hubstore_close(hs);
	return rc;
}

char **
cmd_hub_notify_mark(char **v, size_t *n, const char *account)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if (strcmp(v[i], account) == 0)
			return v;
	v = fa_reallocarray(v, *n + 1, sizeof(*v));
	v[(*n)++] = fa_strdup(account);
	return v;
}

int
cmd_hub_notify_after_import(struct hubstore *hs, const char *dir,
    char *const *accounts, size_t n, int quiet)
{
	struct notify_conf	c;
	struct notify_result	r;
	struct fa_err		e;
	int			rc;

	if (n == 0)
		return 0;
	if (conf_read(dir, &c) != 0)
		return -1;
	rc = notify_run(hs, &c, (const char *const *)accounts, n, fa_wall(),
	    say, stdout, &r, &e);
	notify_conf_release(&c);
	if (rc != 0) {
		cmd_fail(EXIT_FAIL, "notify: %s", e.msg);
		return -1;
	}
	if (!quiet && r.rules > 0)
		summary("hub import: notify", &r);
	return 0;
}
