/*
 * cmd_hub_user.c: "fleetaudit hub user", the people of the hub's web
 * view (docs/web.md): add, remove, list and passwd, on the store of the
 * hub directory (--hub DIR, else FLEETAUDIT_HUB, else the current one).
 *
 * Its options (--role, --account given again for each account,
 * --password-file) are read by cmd_hub_table.c.  A password never comes
 * from the command line, where ps(1) and shell histories would show it:
 * from a prompt (twice, no echo) when standard input is a terminal, else
 * from the first line of --password-file FILE or of standard input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <json-c/json.h>

#include "../export/hub/hubdb.h"
#include "../export/hub/hubstore.h"
#include "../export/hub/hubusers.h"
#include "cmd.h"
#include "cmd_hub.h"
#include "json.h"
#include "plat.h"
#include "util.h"


/* Strips the line end of s. */
static void
chomp(char *s)
{
	s[strcspn(s, "\r\n")] = '\0';
}

/* The first line of f into buf (size len); 0, or -1 with e. */
static int
first_line(FILE *f, const char *what, char *buf, size_t len,
    struct fa_err *e)
{
	if (fgets(buf, (int)len, f) == NULL)
		return fa_errf(e, "no password in %s", what);
	if (strchr(buf, '\n') == NULL && !feof(f))
		return fa_errf(e, "the password in %s is longer than %d "
		    "characters", what, HUBUSERS_PASS_MAX);
	chomp(buf);
	return 0;
}

/* Prompts on the terminal with echo off. */
static int
prompt(const char *text, char *buf, size_t len, struct fa_err *e)
{
	struct termios	old, quiet;
	int		x;

	if (tcgetattr(STDIN_FILENO, &old) != 0)
		return fa_errf(e, "cannot read the terminal: %s",
		    strerror(errno));
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	/* echo off before the prompt, so nothing typed after it is lost
	 * or shown */
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	fputs(text, stderr);
	fflush(stderr);
	x = first_line(stdin, "the prompt", buf, len, e);
	(void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
	fputc('\n', stderr);
	return x;
}

/* The new password of name into buf (HUBUSERS_PASS_MAX + 2 bytes). */
static int
read_pass(const struct hub_args *o, const char *name, char *buf, size_t len,
    struct fa_err *e)
{
	char	 again[HUBUSERS_PASS_MAX + 2], *p;
	FILE	*f;
	int	 x;

	if (o->password_file != NULL) {
		if ((f = fopen(o->password_file, "r")) == NULL)
			return fa_errf(e, "cannot read '%s': %s",
			    o->password_file, strerror(errno));
		x = first_line(f, o->password_file, buf, len, e);
		fclose(f);
		return x;
	}
	if (!isatty(STDIN_FILENO))
		return first_line(stdin, "standard input", buf, len, e);
	p = fa_asprintf("password for %s: ", name);
	x = prompt(p, buf, len, e);
	free(p);
	if (x != 0 || hubusers_pass_check(buf, e) != 0 ||
	    prompt("again: ", again, sizeof(again), e) != 0)
		return -1;
	x = strcmp(buf, again) == 0 ? 0 : fa_errf(e, "the passwords differ");
	fa_wipe(again, sizeof(again));
	return x;
}

static int
open_hub(const struct hub_args *o, struct hubstore **hs)
{
	struct fa_err	 e;

	if (hubstore_open_hub(o->dir, hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int
user_add(const struct hub_args *o, const char *name)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	char		 pass[HUBUSERS_PASS_MAX + 2];
	int		 rc, x;

	if (o->role == NULL || (strcmp(o->role, "admin") != 0 &&
	    strcmp(o->role, "user") != 0))
		return cmd_fail(EXIT_USAGE, "hub user add needs --role admin "
		    "or --role user");
	if (strcmp(o->role, "admin") == 0 && o->naccounts > 0)
		return cmd_fail(EXIT_USAGE, "an admin sees every account: "
		    "--account applies to --role user only");
	if (strcmp(o->role, "user") == 0 && o->naccounts == 0)
		return cmd_fail(EXIT_USAGE, "an account user needs at least "
		    "one --account");
	if (hubusers_name_check(name, &e) != 0)
		return cmd_fail(EXIT_USAGE, "%s", e.msg);
	if ((rc = open_hub(o, &hs)) != 0)
		return rc;
	if (read_pass(o, name, pass, sizeof(pass), &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	x = hubusers_add(hubstore_db(hs), name, o->role, o->accounts,
	    o->naccounts, pass, fa_wall(), &e);
	if (x == 1)
		rc = cmd_fail(EXIT_FAIL, "user '%s' exists already", name);
	else if (x != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else {
		rc = EXIT_OK;
		if (!o->s.quiet)
			fprintf(stderr, "hub user: added '%s' (%s)\n", name,
			    o->role);
	}
out:
	fa_wipe(pass, sizeof(pass));
	hubstore_close(hs);
	return rc;
}

static int
user_remove(const struct hub_args *o, const char *name)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	int		 rc, x;

	if ((rc = open_hub(o, &hs)) != 0)
		return rc;
	x = hubusers_remove(hubstore_db(hs), name, &e);
	if (x == 1)
		rc = cmd_fail(EXIT_FAIL, "no user '%s'", name);
	else if (x != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else if (!o->s.quiet)
		fprintf(stderr, "hub user: removed '%s' and its sessions\n",
		    name);
	hubstore_close(hs);
	return rc;
}

static int
user_passwd(const struct hub_args *o, const char *name)
{
	struct hubstore	*hs = NULL;
	struct fa_err	 e;
	char		 pass[HUBUSERS_PASS_MAX + 2];
	int		 rc, x;

	if ((rc = open_hub(o, &hs)) != 0)
		return rc;
	if (read_pass(o, name, pass, sizeof(pass), &e) != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else if ((x = hubusers_passwd(hubstore_db(hs), name, pass, fa_wall(),
	    &e)) == 1)
		rc = cmd_fail(EXIT_FAIL, "no user '%s'", name);
	else if (x != 0)
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
	else if (!o->s.quiet)
		fprintf(stderr, "hub user: new password for '%s'; its "
		    "sessions ended\n", name);
	fa_wipe(pass, sizeof(pass));
	hubstore_close(hs);
	return rc;
}

/* The accounts "a, b" as a JSON array. */
static json_object *
accounts_json(const char *list)
{
	json_object	*acc = json_object_new_array();
	const char	*p = list, *sep;

	while (p != NULL && *p != '\0') {
		sep = strstr(p, ", ");
		json_object_array_add(acc, json_object_new_string_len(p,
		    sep != NULL ? (int)(sep - p) : (int)strlen(p)));
		p = sep != NULL ? sep + 2 : NULL;
	}
	return acc;
}

static void
list_json(const struct hubusers_row *rows, size_t n)
{
	json_object	*a = json_object_new_array(), *u;
	char		 ts[32];
	size_t		 i;

	for (i = 0; i < n; i++) {
		u = json_object_new_object();
		json_object_object_add(u, "name",
		    json_object_new_string(rows[i].name));
		json_object_object_add(u, "role",
		    json_object_new_string(rows[i].role));
		json_object_object_add(u, "accounts",
		    accounts_json(rows[i].accounts));
		fa_iso8601(rows[i].created, ts, sizeof(ts));
		json_object_object_add(u, "created",
		    json_object_new_string(ts));
		fa_iso8601(rows[i].changed, ts, sizeof(ts));
		json_object_object_add(u, "password_changed",
		    json_object_new_string(ts));
		json_object_object_add(u, "sessions",
		    json_object_new_int64(rows[i].sessions));
		json_object_array_add(a, u);
	}
	json_print(a);
	json_object_put(a);
}

static int
user_list(const struct hub_args *o)
{
	struct hubstore		*hs = NULL;
	struct hubusers_row	*rows = NULL;
	struct fa_err		 e;
	char			 ts[32];
	size_t			 n = 0, i;
	int			 rc;

	if ((rc = open_hub(o, &hs)) != 0)
		return rc;
	if (hubusers_list(hubstore_db(hs), &rows, &n, &e) != 0) {
		rc = cmd_fail(EXIT_FAIL, "%s", e.msg);
		goto out;
	}
	if (o->s.json)
		list_json(rows, n);
	else {
		printf("%-24s %-6s %-20s %8s %s\n", "NAME", "ROLE",
		    "PASSWORD CHANGED", "SESSIONS", "ACCOUNTS");
		for (i = 0; i < n; i++) {
			fa_iso8601(rows[i].changed, ts, sizeof(ts));
			printf("%-24s %-6s %-20s %8lld %s\n", rows[i].name,
			    rows[i].role, ts, (long long)rows[i].sessions,
			    strcmp(rows[i].role, "admin") == 0 ? "(every "
			    "account)" : rows[i].accounts != NULL ?
			    rows[i].accounts : "-");
		}
	}
out:
	for (i = 0; i < n; i++)
		hubusers_row_release(&rows[i]);
	free(rows);
	hubstore_close(hs);
	return rc;
}

/* NAME, the one argument of add, remove and passwd; NULL when absent
 * (printed). */
static const char *
user_name(const struct hub_args *a)
{
	const char	*sub = a->pos.v[1];

	if (a->pos.n < 3) {
		cmd_fail(EXIT_USAGE, "hub user %s needs a user name", sub);
		return NULL;
	}
	if (a->pos.n > 3) {
		cmd_fail(EXIT_USAGE, "hub user %s: unexpected '%s'", sub,
		    a->pos.v[3]);
		return NULL;
	}
	return a->pos.v[2];
}

/* fn on the user NAME of a; the exit status. */
static int
named(struct hub_args *a, int (*fn)(const struct hub_args *, const char *))
{
	const char	*name = user_name(a);

	return name != NULL ? fn(a, name) : EXIT_USAGE;
}

int
cmd_hub_user_add(struct hub_args *a)
{
	return named(a, user_add);
}

int
cmd_hub_user_remove(struct hub_args *a)
{
	return named(a, user_remove);
}

int
cmd_hub_user_passwd(struct hub_args *a)
{
	return named(a, user_passwd);
}

int
cmd_hub_user_list(struct hub_args *a)
{
	if (a->pos.n > 2)
		return cmd_fail(EXIT_USAGE, "hub user list takes no name");
	return user_list(a);
}
