/*
 * cmd_hub_account.c: "fleetaudit hub account export NAME -o FILE" and
 * "hub account delete NAME --yes" (export/hub/hubaccount.c,
 * docs/accounts.md): a customer's data as one file, and gone from the
 * hub, as data protection asks.
 *
 * The export is written to a temporary file beside FILE (0600), synced,
 * then renamed: FILE is either absent or complete.  Deleting needs --yes
 * (nothing asks twice in a script) and is one transaction.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../export/hub/hubaccount.h"
#include "../export/hub/hubaudit.h"
#include "../export/hub/hubdb.h"
#include "../export/hub/hubstore.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "util.h"

char *
cmd_hub_who(void)
{
	struct passwd	*pw = getpwuid(getuid());

	return pw != NULL ? fa_asprintf("cli:%s", pw->pw_name) :
	    fa_asprintf("cli:uid %ld", (long)getuid());
}

int
cmd_hub_audit(struct hubstore *hs, const char *account, const char *action,
    const char *detail)
{
	struct fa_err	 e;
	char		*who = cmd_hub_who();
	int		 x;

	x = hubaudit_add_name(hubstore_db(hs), fa_wall(), who, NULL, account,
	    action, detail, &e);
	free(who);
	if (x != 0)
		return cmd_fail(EXIT_FAIL, "cannot record the access: %s",
		    e.msg);
	return 0;
}

/* "hub account audit [NAME]": the access log, newest first. */
static int
do_audit(const struct hub_args *o, struct hubstore *hs, const char *name)
{
	struct hubaudit_row	*v = NULL;
	struct fa_err		 e;
	char			 ts[32];
	size_t			 n = 0, i;
	json_object		*a, *x;

	if (hubaudit_list(hubstore_db(hs), name, HUBAUDIT_LIST_MAX, &v, &n,
	    &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
#define JS(s)	((s) != NULL ? json_object_new_string(s) : NULL)
	if (o->s.json) {
		a = json_object_new_array();
		for (i = 0; i < n; i++) {
			x = json_object_new_object();
			fa_iso8601(v[i].time, ts, sizeof(ts));
			json_object_object_add(x, "time", JS(ts));
			json_object_object_add(x, "who", JS(v[i].who));
			json_object_object_add(x, "address", JS(v[i].address));
			json_object_object_add(x, "account", JS(v[i].account));
			json_object_object_add(x, "action", JS(v[i].action));
			json_object_object_add(x, "detail", JS(v[i].detail));
			json_object_array_add(a, x);
		}
		json_print(a);
		json_object_put(a);
	} else {
		printf("%-20s %-20s %-16s %-16s %-9s %s\n", "TIME", "WHO",
		    "FROM", "ACCOUNT", "ACTION", "DETAIL");
		for (i = 0; i < n; i++) {
			fa_iso8601(v[i].time, ts, sizeof(ts));
			printf("%-20s %-20.40s %-16.46s %-16.64s %-9s %s\n", ts,
			    v[i].who, v[i].address ? v[i].address : "-",
			    v[i].account ? v[i].account : "-", v[i].action,
			    v[i].detail ? v[i].detail : "-");
		}
	}
#undef JS
	for (i = 0; i < n; i++)
		hubaudit_row_release(&v[i]);
	free(v);
	return EXIT_OK;
}

static int
put_line(void *arg, const char *line, size_t len, struct fa_err *e)
{
	FILE	*f = arg;

	if (fwrite(line, 1, len, f) != len || fputc('\n', f) == EOF)
		return fa_errf(e, "cannot write the export: %s",
		    strerror(errno));
	return 0;
}

static void
counts(const char *verb, const char *name, const struct hubaccount_counts *c)
{
	size_t	t;

	fprintf(stderr, "hub account: %s '%s':", verb, name);
	for (t = 0; t < HUBACCOUNT_NTABLES; t++)
		fprintf(stderr, "%s %lld %s", t ? "," : "",
		    (long long)c->n[t], hubaccount_tables[t]);
	fputc('\n', stderr);
}

static int
do_export(const struct hub_args *o, struct hubstore *hs, const char *name)
{
	struct hubaccount_counts c;
	struct fa_err	 e;
	char		*tmp;
	FILE		*f = NULL;
	int		 fd, rc = EXIT_FAIL;

	tmp = fa_asprintf("%s.tmp-XXXXXX", o->output);
	if ((fd = mkstemp(tmp)) == -1) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		free(tmp);
		return rc;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		close(fd);
		goto out;
	}
	if (hubaccount_export(hs, name, fa_wall(), put_line, f, &c, &e) != 0) {
		cmd_fail(rc, "%s", e.msg);
		goto out;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, o->output) != 0) {
		cmd_fail(rc, "cannot write '%s': %s", o->output,
		    strerror(errno));
		goto out;
	}
	FA_FREE(tmp);
	if (!o->s.quiet)
		counts("exported", name, &c);
	rc = EXIT_OK;
out:
	if (f != NULL)
		fclose(f);
	if (tmp != NULL) {
		(void)unlink(tmp);
		free(tmp);
	}
	return rc;
}

/* NAME, the one argument of export and delete, checked; NULL when
 * absent or bad (printed). */
static const char *
account_name(const struct hub_args *a)
{
	struct fa_err	e;

	if (a->pos.n != 3) {
		cmd_fail(EXIT_USAGE, "hub account %s takes one account NAME",
		    a->pos.v[1]);
		return NULL;
	}
	if (hubstore_account_check(a->pos.v[2], &e) != 0) {
		cmd_fail(EXIT_USAGE, "%s", e.msg);
		return NULL;
	}
	return a->pos.v[2];
}

int
cmd_hub_account_audit(struct hub_args *a)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	const char	*name = a->pos.n > 2 ? a->pos.v[2] : NULL;
	int		 rc;

	if (a->pos.n > 3)
		return cmd_fail(EXIT_USAGE, "hub account audit takes one "
		    "account NAME at most");
	if (name != NULL && hubstore_account_check(name, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = do_audit(a, hs, name);
	hubstore_close(hs);
	return rc;
}

/* fn on the account NAME of a, in its hub; the exit status. */
static int
on_account(struct hub_args *a, int (*fn)(const struct hub_args *,
    struct hubstore *, const char *))
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	const char	*name;
	int		 rc;

	if ((name = account_name(a)) == NULL)
		return EXIT_USAGE;
	if (hubstore_open_hub(a->dir, &hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	rc = fn(a, hs, name);
	hubstore_close(hs);
	return rc;
}

static int
export_one(const struct hub_args *a, struct hubstore *hs, const char *name)
{
	int	rc;

	if ((rc = do_export(a, hs, name)) == EXIT_OK)
		rc = cmd_hub_audit(hs, name, "export", "hub account export");
	return rc;
}

static int
delete_one(const struct hub_args *a, struct hubstore *hs, const char *name)
{
	struct hubaccount_counts c;
	struct fa_err		 e;

	if (hubaccount_delete(hs, name, &c, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	if (!a->s.quiet)
		counts("deleted", name, &c);
	return EXIT_OK;
}

int
cmd_hub_account_export(struct hub_args *a)
{
	if (a->output == NULL)
		return cmd_fail(EXIT_USAGE, "hub account export takes -o FILE");
	return on_account(a, export_one);
}

int
cmd_hub_account_delete(struct hub_args *a)
{
	if (!a->yes && a->pos.n == 3)
		return cmd_fail(EXIT_USAGE, "hub account delete removes every "
		    "record of '%s' for good: add --yes (export it first)",
		    a->pos.v[2]);
	return on_account(a, delete_one);
}
