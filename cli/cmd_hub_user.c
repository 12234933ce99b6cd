/*
 * cmd_hub_user.c: "fleetaudit hub user", the people of the hub's web
 * view (docs/web.md): add, remove, list and passwd, on the store of the
 * hub directory (--hub DIR, else FLEETAUDIT_HUB, else the current one).
 *
 * It parses its own options (--role, --account given again for each
 * account, --password-file) rather than the shared table's, where
 * --account holds one value.  A password never comes from the command
 * line, where ps(1) and shell histories would show it: from a prompt
 * (twice, no echo) when standard input is a terminal, else from the
 * first line of --password-file FILE or of standard input.
 */
#include <errno.h>
#include <getopt.h>
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
#include "json.h"
#include "plat.h"
#include "util.h"

#define ACCOUNTS_MAX	256	/* --account given at most this often */

struct uopts {
	const char	*hub, *role, *passfile;
	const char	*accounts[ACCOUNTS_MAX];
	size_t		 naccounts;
	int		 json, quiet;
};

static const char usage[] =
    "usage: fleetaudit hub user add NAME --role admin|user [--account A]...\n"
    "       fleetaudit hub user remove NAME\n"
    "       fleetaudit hub user list [--json]\n"
    "       fleetaudit hub user passwd NAME\n"
    "options: --hub DIR, --password-file FILE (else a prompt on a\n"
    "terminal, else standard input's first line), -q\n";

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
read_pass(const struct uopts *o, const char *name, char *buf, size_t len,
    struct fa_err *e)
{
	char	 again[HUBUSERS_PASS_MAX + 2], *p;
	FILE	*f;
	int	 x;

	if (o->passfile != NULL) {
		if ((f = fopen(o->passfile, "r")) == NULL)
			return fa_errf(e, "cannot read '%s': %s", o->passfile,
			    strerror(errno));
		x = first_line(f, o->passfile, buf, len, e);
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
open_hub(const struct uopts *o, struct hubstore **hs)
{
	const char	*env = getenv("FLEETAUDIT_HUB");
	const char	*dir = o->hub != NULL ? o->hub : env != NULL &&
			    *env != '\0' ? env : ".";
	struct fa_err	 e;

	if (hubstore_open_hub(dir, hs, &e) != 0)
		return cmd_fail(EXIT_FAIL, "%s", e.msg);
	return 0;
}

static int
user_add(const struct uopts *o, const char *name)
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
		if (!o->quiet)
			fprintf(stderr, "hub user: added '%s' (%s)\n", name,
			    o->role);
	}
out:
	fa_wipe(pass, sizeof(pass));
	hubstore_close(hs);
	return rc;
}

static int
user_remove(const struct uopts *o, const char *name)
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
	else if (!o->quiet)
		fprintf(stderr, "hub user: removed '%s' and its sessions\n",
		    name);
	hubstore_close(hs);
	return rc;
}

static int
user_passwd(const struct uopts *o, const char *name)
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
	else if (!o->quiet)
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
user_list(const struct uopts *o)
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
	if (o->json)
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

enum { U_HUB = 1, U_ROLE, U_ACCOUNT, U_PASSFILE, U_JSON };

static int
parse(int argc, char *argv[], struct uopts *o)
{
	static const struct option lo[] = {
		{ "hub", required_argument, NULL, U_HUB },
		{ "role", required_argument, NULL, U_ROLE },
		{ "account", required_argument, NULL, U_ACCOUNT },
		{ "password-file", required_argument, NULL, U_PASSFILE },
		{ "json", no_argument, NULL, U_JSON },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int	c;

	if ((c = cmd_exact_longopts(argc, argv, lo, "hub user",
	    "unknown or incomplete")) != 0)
		return c;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", lo, NULL)) != -1) {
		switch (c) {
		case U_HUB:
			o->hub = optarg;
			break;
		case U_ROLE:
			o->role = optarg;
			break;
		case U_ACCOUNT:
			if (o->naccounts == ACCOUNTS_MAX)
				return cmd_fail(EXIT_USAGE, "more than %d "
				    "--account", ACCOUNTS_MAX);
			o->accounts[o->naccounts++] = optarg;
			break;
		case U_PASSFILE:
			o->passfile = optarg;
			break;
		case U_JSON:
			o->json = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return CMD_HELPED;
		default:
			return cmd_fail(EXIT_USAGE, "hub user: unknown or "
			    "incomplete option '%s' (see 'fleetaudit hub user "
			    "--help')", argv[optind - 1]);
		}
	}
	return 0;
}

int
cmd_hub_user(int argc, char *argv[])
{
	struct uopts	 o;
	const char	*sub, *name;
	int		 rc;

	memset(&o, 0, sizeof(o));
	if ((rc = parse(argc, argv, &o)) != 0)
		return rc == CMD_HELPED ? EXIT_OK : rc;
	/* getopt_long moved the arguments after the options */
	sub = optind < argc ? argv[optind] : NULL;
	name = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (sub == NULL)
		return cmd_fail(EXIT_USAGE, "hub user needs add, remove, list "
		    "or passwd (see 'fleetaudit hub user --help')");
	if (optind + 2 < argc)
		return cmd_fail(EXIT_USAGE, "hub user %s: unexpected '%s'", sub,
		    argv[optind + 2]);
	if (strcmp(sub, "list") == 0) {
		if (name != NULL)
			return cmd_fail(EXIT_USAGE, "hub user list takes no "
			    "name");
		return user_list(&o);
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "remove") != 0 &&
	    strcmp(sub, "passwd") != 0)
		return cmd_fail(EXIT_USAGE, "unknown hub user subcommand '%s' "
		    "(add, remove, list, passwd)", sub);
	if (name == NULL)
		return cmd_fail(EXIT_USAGE, "hub user %s needs a user name",
		    sub);
	if (o.json)
		return cmd_fail(EXIT_USAGE, "--json applies to 'hub user list' "
		    "only");
	if (strcmp(sub, "add") != 0 && (o.role != NULL || o.naccounts > 0))
		return cmd_fail(EXIT_USAGE, "--role and --account apply to "
		    "'hub user add' only");
	if (strcmp(sub, "remove") == 0 && o.passfile != NULL)
		return cmd_fail(EXIT_USAGE, "--password-file applies to 'hub "
		    "user add' and 'hub user passwd' only");
	if (strcmp(sub, "add") == 0)
		return user_add(&o, name);
	if (strcmp(sub, "remove") == 0)
		return user_remove(&o, name);
	return user_passwd(&o, name);
}
